/* pd-move-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-move-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-inspection-object.h"
#include "pd-json.h"
#include "pd-move-dialog.h"
#include "pd-scheduling.h"

struct _PdMoveDialog
{
  AdwMessageDialog  parent_instance;

  GtkWidget        *slot_box;
  GtkDropDown      *slot_dropdown;
  GtkWidget        *reason_box;
  GtkDropDown      *reason_dropdown;
  GtkEntry         *reason_entry;
  GtkWidget        *inspector_box;
  GtkEntry         *inspector_entry;

  PdMoveKind        kind;
  char             *ref;
  GPtrArray        *slot_isos;   /* start of each offered slot */
};

G_DEFINE_FINAL_TYPE (PdMoveDialog, pd_move_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* What each move asks. */
static const struct {
  const char *to;
  const char *heading;
  const char *ok_label;
  gboolean    slot, reason, inspector, destructive;
} kinds[] = {
  [PD_MOVE_SCHEDULE]   = { "scheduled",   N_("Schedule"),   N_("_Schedule"),   TRUE,  FALSE, TRUE,  FALSE },
  [PD_MOVE_RESCHEDULE] = { "rescheduled", N_("Reschedule"), N_("_Reschedule"), TRUE,  TRUE,  FALSE, FALSE },
  [PD_MOVE_REJECT]     = { "rejected",    N_("Reject"),     N_("Re_ject"),     FALSE, TRUE,  FALSE, TRUE },
  [PD_MOVE_ASSIGN]     = { NULL,          N_("Assign an inspector to"), N_("_Assign"), FALSE, FALSE, TRUE, FALSE },
};

void
pd_move_choice_free (PdMoveChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->ref);
  g_free (choice->to);
  g_free (choice->slot_start);
  g_free (choice->reason_code);
  g_free (choice->reason);
  g_free (choice->inspector);
  g_free (choice);
}

GtkStringList *
pd_move_dialog_slot_labels (JsonObject *detail,
                            GPtrArray  *out_starts)
{
  JsonArray *slots = pd_json_array (detail, "slots");
  GtkStringList *labels = gtk_string_list_new (NULL);

  for (guint i = 0; slots != NULL && i < json_array_get_length (slots); i++)
    {
      JsonNode *node = json_array_get_element (slots, i);
      const char *start = JSON_NODE_HOLDS_OBJECT (node) ? pd_json_str (json_node_get_object (node), "start") : NULL;
      g_autoptr(GDateTime) dt = start != NULL ? g_date_time_new_from_iso8601 (start, NULL) : NULL;
      g_autoptr(GDateTime) local = NULL;
      g_autofree char *label = NULL;

      if (dt == NULL)
        continue;
      local = g_date_time_to_local (dt);
      label = g_date_time_format (local, _("%a %d %b %H:%M"));
      g_ptr_array_add (out_starts, g_strdup (start));
      gtk_string_list_append (labels, label);
    }
  return labels;
}

static const char *
entry_text (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  return text != NULL && *text != '\0' ? text : NULL;
}

static PdMoveChoice *
choice_now (PdMoveDialog *self)
{
  PdMoveChoice *c = g_new0 (PdMoveChoice, 1);
  const char * const *codes = pd_insp_reason_codes ();

  c->ref = g_strdup (self->ref);
  c->to = g_strdup (kinds[self->kind].to);
  if (kinds[self->kind].slot)
    {
      guint i = gtk_drop_down_get_selected (self->slot_dropdown);

      if (i < self->slot_isos->len)
        c->slot_start = g_strdup (g_ptr_array_index (self->slot_isos, i));
    }
  if (kinds[self->kind].reason)
    {
      guint i = gtk_drop_down_get_selected (self->reason_dropdown);

      c->reason_code = g_strdup (codes[MIN (i, g_strv_length ((char **) codes) - 1)]);
      c->reason = g_strdup (entry_text (self->reason_entry));
    }
  if (kinds[self->kind].inspector)
    c->inspector = g_strdup (entry_text (self->inspector_entry));
  return c;
}

static void
response_cb (PdMoveDialog *self,
             const char   *response,
             GTask        *task)
{
  /* one answer: closing it below would answer again ("cancel") */
  g_signal_handlers_disconnect_by_func (self, response_cb, task);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_str_equal (response, "ok") ? choice_now (self) : NULL,
                           (GDestroyNotify) pd_move_choice_free);
  g_object_unref (task);
  /* a response from code (adw_message_dialog_response) does not close it */
  gtk_window_close (GTK_WINDOW (self));
}

void
pd_move_dialog_run_async (PdMoveDialog        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PD_IS_MOVE_DIALOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_move_dialog_run_async);
  g_signal_connect_object (self, "response", G_CALLBACK (response_cb), task, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (self));
}

PdMoveChoice *
pd_move_dialog_run_finish (PdMoveDialog  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

PdMoveDialog *
pd_move_dialog_new (GtkWindow  *parent,
                    PdMoveKind  kind,
                    JsonObject *detail)
{
  PdMoveDialog *self;
  const char *current = pd_json_str (detail, "inspector");
  g_autofree char *heading = NULL;
  gboolean can = TRUE;

  g_return_val_if_fail (kind < G_N_ELEMENTS (kinds), NULL);

  self = g_object_new (PD_TYPE_MOVE_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->kind = kind;
  self->ref = g_strdup (pd_json_str (detail, "ref"));
  heading = g_strdup_printf ("%s %s", _(kinds[kind].heading), self->ref ? self->ref : "");
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "ok", _(kinds[kind].ok_label));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "ok",
                                              kinds[kind].destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                                      : ADW_RESPONSE_SUGGESTED);
  gtk_widget_set_visible (self->slot_box, kinds[kind].slot);
  gtk_widget_set_visible (self->reason_box, kinds[kind].reason);
  gtk_widget_set_visible (self->inspector_box, kinds[kind].inspector);
  if (kinds[kind].slot)
    {
      g_autoptr(GtkStringList) labels = pd_move_dialog_slot_labels (detail, self->slot_isos);

      gtk_drop_down_set_model (self->slot_dropdown, G_LIST_MODEL (labels));
      if (self->slot_isos->len == 0)
        {
          adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                       _("No slot is left in the requested window. Reject the request or ask the "
                                         "requester for a new window in the chat."));
          gtk_widget_set_visible (self->slot_box, FALSE);
          can = FALSE;
        }
    }
  if (kinds[kind].reason)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      const char * const *codes = pd_insp_reason_codes ();

      for (guint i = 0; codes[i] != NULL; i++)
        gtk_string_list_append (labels, pd_inspection_reason_label (codes[i]));
      gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (labels));
    }
  if (kinds[kind].inspector)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->inspector_entry), current ? current : "");
      gtk_entry_set_placeholder_text (self->inspector_entry, kinds[kind].to ? _("Optional") : _("Username or name"));
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "ok", can);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), can ? "ok" : "cancel");
  return self;
}

static void
pd_move_dialog_finalize (GObject *object)
{
  PdMoveDialog *self = PD_MOVE_DIALOG (object);

  g_free (self->ref);
  g_ptr_array_unref (self->slot_isos);
  G_OBJECT_CLASS (pd_move_dialog_parent_class)->finalize (object);
}

static void
pd_move_dialog_class_init (PdMoveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_move_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portdesk/PortDesk/ui/pd-move-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdMoveDialog, slot_box);
  gtk_widget_class_bind_template_child (widget_class, PdMoveDialog, slot_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdMoveDialog, reason_box);
  gtk_widget_class_bind_template_child (widget_class, PdMoveDialog, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdMoveDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, PdMoveDialog, inspector_box);
  gtk_widget_class_bind_template_child (widget_class, PdMoveDialog, inspector_entry);
}

static void
pd_move_dialog_init (PdMoveDialog *self)
{
  self->slot_isos = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
