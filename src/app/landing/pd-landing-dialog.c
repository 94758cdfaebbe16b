/* pd-landing-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-landing-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-landing-dialog.h"

static const char * const choices[] = { "approve", "approve_with_conditions", "deny" };

struct _PdLandingDialog
{
  AdwMessageDialog  parent_instance;

  GtkCheckButton   *choice[G_N_ELEMENTS (choices)];
  GtkEntry         *reason;
  GtkWidget        *conditions_box;
  GtkEntry         *conditions;

  PdLandingAsk      ask;
  char             *ref;
};

G_DEFINE_FINAL_TYPE (PdLandingDialog, pd_landing_dialog, ADW_TYPE_MESSAGE_DIALOG)

void
pd_landing_answer_free (PdLandingAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->ref);
  g_free (answer->choice);
  g_free (answer->reason);
  g_free (answer->conditions);
  g_free (answer);
}

static guint
chosen (PdLandingDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    if (gtk_check_button_get_active (self->choice[i]))
      return i;
  return 0;
}

static gboolean
with_conditions (PdLandingDialog *self)
{
  return g_str_equal (choices[chosen (self)], "approve_with_conditions");
}

static char *
entry_text (GtkEntry *entry)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The reason is required, and the conditions with an approval with conditions. */
static void
update (PdLandingDialog *self)
{
  g_autofree char *reason = entry_text (self->reason);
  g_autofree char *conditions = entry_text (self->conditions);
  gboolean conds = with_conditions (self);

  gtk_widget_set_visible (self->conditions_box, conds);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "ok",
                                           reason != NULL && (!conds || conditions != NULL));
}

static PdLandingAnswer *
answer_now (PdLandingDialog *self)
{
  PdLandingAnswer *a = g_new0 (PdLandingAnswer, 1);

  a->ref = g_strdup (self->ref);
  a->choice = g_strdup (choices[chosen (self)]);
  a->reason = entry_text (self->reason);
  if (with_conditions (self))
    a->conditions = entry_text (self->conditions);
  return a;
}

static void
response_cb (PdLandingDialog *self,
             const char      *response,
             GTask           *task)
{
  /* one answer: closing it below would answer again ("cancel") */
  g_signal_handlers_disconnect_by_func (self, response_cb, task);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_str_equal (response, "ok") ? answer_now (self) : NULL,
                           (GDestroyNotify) pd_landing_answer_free);
  g_object_unref (task);
  /* a response from code (adw_message_dialog_response) does not close it */
  gtk_window_close (GTK_WINDOW (self));
}

void
pd_landing_dialog_run_async (PdLandingDialog     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PD_IS_LANDING_DIALOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_landing_dialog_run_async);
  g_signal_connect_object (self, "response", G_CALLBACK (response_cb), task, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->choice[0]));
}

PdLandingAnswer *
pd_landing_dialog_run_finish (PdLandingDialog  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pd_landing_dialog_fill (PdLandingDialog *self,
                        const char      *choice,
                        const char      *reason,
                        const char      *conditions)
{
  g_return_if_fail (PD_IS_LANDING_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    if (g_strcmp0 (choices[i], choice) == 0)
      gtk_check_button_set_active (self->choice[i], TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->reason), reason ? reason : "");
  gtk_editable_set_text (GTK_EDITABLE (self->conditions), conditions ? conditions : "");
}

PdLandingAsk
pd_landing_dialog_get_ask (PdLandingDialog *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DIALOG (self), PD_LANDING_ASK_RECOMMEND);
  return self->ask;
}

gboolean
pd_landing_dialog_get_conditions_shown (PdLandingDialog *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DIALOG (self), FALSE);
  return gtk_widget_get_visible (self->conditions_box);
}

static GtkWidget *
field (const char *label,
       GtkEntry   *entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), GTK_WIDGET (entry));
  gtk_widget_add_css_class (l, "heading");
  gtk_entry_set_max_length (entry, 2000);
  gtk_entry_set_activates_default (entry, TRUE);
  gtk_box_append (GTK_BOX (box), l);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (entry));
  return box;
}

PdLandingDialog *
pd_landing_dialog_new (GtkWindow    *parent,
                       PdLandingAsk  ask,
                       const char   *ref)
{
  PdLandingDialog *self;
  g_autofree char *heading = NULL;

  self = g_object_new (PD_TYPE_LANDING_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->ask = ask;
  self->ref = g_strdup (ref);
  if (ask == PD_LANDING_ASK_DECIDE)
    {
      /* Translators: %s is a request's reference, LR-LAX-000003 */
      heading = g_strdup_printf (_("Decide %s"), ref);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   _("The decision is final: the air operator is told of it, with the reason "
                                     "and any conditions."));
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "ok", _("_Decide"));
    }
  else
    {
      /* Translators: %s is a request's reference, LR-LAX-000003 */
      heading = g_strdup_printf (_("Recommend on %s"), ref);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   _("For the port director, who decides. The air operator does not see "
                                     "recommendations."));
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "ok", _("_Recommend"));
    }
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  update (self);
  return self;
}

static void
pd_landing_dialog_finalize (GObject *object)
{
  g_free (PD_LANDING_DIALOG (object)->ref);
  G_OBJECT_CLASS (pd_landing_dialog_parent_class)->finalize (object);
}

static void
pd_landing_dialog_class_init (PdLandingDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_landing_dialog_finalize;
}

static void
pd_landing_dialog_init (PdLandingDialog *self)
{
  const char *labels[G_N_ELEMENTS (choices)] = { _("_Approve"), _("Approve with _conditions"), _("D_eny") };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      self->choice[i] = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (labels[i]));
      if (i > 0)
        gtk_check_button_set_group (self->choice[i], self->choice[0]);
      gtk_box_append (GTK_BOX (group), GTK_WIDGET (self->choice[i]));
    }
  gtk_check_button_set_active (self->choice[0], TRUE);
  gtk_box_append (GTK_BOX (box), group);
  self->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->reason, _("Required; kept with the request"));
  gtk_box_append (GTK_BOX (box), field (_("_Reason"), self->reason));
  self->conditions = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->conditions, _("What the operator must do (gate, times, documents)"));
  self->conditions_box = field (_("C_onditions"), self->conditions);
  gtk_box_append (GTK_BOX (box), self->conditions_box);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    g_signal_connect_swapped (self->choice[i], "toggled", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->reason, "changed", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->conditions, "changed", G_CALLBACK (update), self);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), "ok", _("_Recommend"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
}
