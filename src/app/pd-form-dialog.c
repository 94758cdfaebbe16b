/* pd-form-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-form-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-form-dialog.h"

struct _PdFormDialog
{
  AdwWindow        parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;
  GtkWidget       *content;     /* the vertical box under the header */
  GtkListBox      *list;
  GtkLabel        *error_label;
  GtkWidget       *action;      /* NULL: a dialog that only shows */
  GtkLabel        *secret;      /* a secret shown once, or NULL */
  char            *error;
  gboolean         busy;
  gboolean         unready;     /* the form is not complete: no submit */
  PdFormDone       done;
  gpointer         done_data;
};

G_DEFINE_FINAL_TYPE (PdFormDialog, pd_form_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
pd_form_dialog_set_error (PdFormDialog *self,
                          const char   *message)
{
  g_return_if_fail (PD_IS_FORM_DIALOG (self));

  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_action (PdFormDialog *self)
{
  if (self->action != NULL)
    gtk_widget_set_sensitive (self->action, !self->busy && !self->unready);
}

static void
set_busy (PdFormDialog *self,
          gboolean      busy)
{
  self->busy = busy;
  update_action (self);
}

void
pd_form_dialog_set_ready (PdFormDialog *self,
                          gboolean      ready)
{
  g_return_if_fail (PD_IS_FORM_DIALOG (self));
  self->unready = !ready;
  update_action (self);
}

gboolean
pd_form_dialog_get_ready (PdFormDialog *self)
{
  g_return_val_if_fail (PD_IS_FORM_DIALOG (self), FALSE);
  return !self->unready;
}

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(PdFormDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      pd_form_dialog_set_error (self, error->message);
      return;
    }
  if (self->done != NULL)
    self->done (self, reply, self->done_data);
  gtk_window_close (GTK_WINDOW (self));
}

void
pd_form_dialog_call (PdFormDialog *self,
                     const char   *method,
                     const char   *path,
                     JsonNode     *body,
                     PdFormDone    done,
                     gpointer      data)
{
  g_return_if_fail (PD_IS_FORM_DIALOG (self));

  pd_form_dialog_set_error (self, NULL);
  set_busy (self, TRUE);
  self->done = done;
  self->done_data = data;
  pd_service_client_call_async (self->client, method, path, body, self->cancellable, call_done,
                                g_object_ref (self));
}

void
pd_form_dialog_submit (PdFormDialog *self)
{
  g_return_if_fail (PD_IS_FORM_DIALOG (self));

  if (!self->busy && !self->unready)
    g_signal_emit (self, signals[SIGNAL_SUBMIT], 0);
}

void
pd_form_dialog_add_row (PdFormDialog *self,
                        GtkWidget    *row)
{
  g_return_if_fail (PD_IS_FORM_DIALOG (self));

  if (ADW_IS_ENTRY_ROW (row))
    adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  gtk_list_box_append (self->list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->list), TRUE);
}

void
pd_form_dialog_add_widget (PdFormDialog *self,
                           GtkWidget    *widget)
{
  g_return_if_fail (PD_IS_FORM_DIALOG (self));
  gtk_box_insert_child_after (GTK_BOX (self->content), widget, gtk_widget_get_prev_sibling (GTK_WIDGET (self->error_label)));
}

const char *
pd_form_dialog_get_error (PdFormDialog *self)
{
  g_return_val_if_fail (PD_IS_FORM_DIALOG (self), NULL);
  return self->error;
}

gboolean
pd_form_dialog_get_busy (PdFormDialog *self)
{
  g_return_val_if_fail (PD_IS_FORM_DIALOG (self), FALSE);
  return self->busy;
}

PdServiceClient *
pd_form_dialog_get_client (PdFormDialog *self)
{
  g_return_val_if_fail (PD_IS_FORM_DIALOG (self), NULL);
  return self->client;
}

static void
pd_form_dialog_dispose (GObject *object)
{
  PdFormDialog *self = PD_FORM_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_form_dialog_parent_class)->dispose (object);
}

static void
pd_form_dialog_finalize (GObject *object)
{
  g_free (PD_FORM_DIALOG (object)->error);
  G_OBJECT_CLASS (pd_form_dialog_parent_class)->finalize (object);
}

static void
pd_form_dialog_class_init (PdFormDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_form_dialog_dispose;
  object_class->finalize = pd_form_dialog_finalize;

  /**
   * PdFormDialog::submit:
   *
   * The action button was activated: build the request and
   * pd_form_dialog_call() it (or pd_form_dialog_set_error()).
   */
  signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_form_dialog_init (PdFormDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

PdFormDialog *
pd_form_dialog_new (GtkWidget       *parent,
                    PdServiceClient *client,
                    const char      *title,
                    const char      *intro,
                    const char      *action,
                    gboolean         destructive)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  PdFormDialog *self = g_object_new (PD_TYPE_FORM_DIALOG, "modal", TRUE, "title", title, "default-width", 460,
                                     "destroy-with-parent", TRUE, NULL);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (action != NULL ? _("_Cancel") : _("_Close"));

  self->client = g_object_ref (client);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  if (action != NULL)
    {
      self->action = gtk_button_new_with_mnemonic (action);
      gtk_widget_add_css_class (self->action, destructive ? "destructive-action" : "suggested-action");
      g_signal_connect_swapped (self->action, "clicked", G_CALLBACK (pd_form_dialog_submit), self);
      adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->action);
      gtk_window_set_default_widget (GTK_WINDOW (self), self->action);
    }
  else
    gtk_window_set_default_widget (GTK_WINDOW (self), cancel);
  gtk_box_append (GTK_BOX (outer), header);

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (self->content, 12);
  gtk_widget_set_margin_bottom (self->content, 18);
  gtk_widget_set_margin_start (self->content, 18);
  gtk_widget_set_margin_end (self->content, 18);
  if (intro != NULL)
    {
      GtkWidget *label = gtk_label_new (intro);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
      gtk_box_append (GTK_BOX (self->content), label);
    }
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
  gtk_box_append (GTK_BOX (self->content), GTK_WIDGET (self->list));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (self->content), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (outer), self->content);
  adw_window_set_content (ADW_WINDOW (self), outer);
  return self;
}

static void
copy_secret (PdFormDialog *self,
             GtkButton    *button)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), gtk_label_get_text (self->secret));
  gtk_button_set_label (button, _("Copied"));
}

void
pd_form_dialog_add_secret (PdFormDialog *self,
                           const char   *secret,
                           const char   *warning)
{
  GtkWidget *label = gtk_label_new (secret);
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy"));
  GtkWidget *note = gtk_label_new (warning);

  g_return_if_fail (PD_IS_FORM_DIALOG (self));
  g_return_if_fail (self->secret == NULL);
  self->secret = GTK_LABEL (label);
  gtk_widget_set_name (label, "secret");
  gtk_widget_set_name (copy, "secret-copy");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, strlen (secret) <= 32 ? "title-2" : "title-4");
  gtk_widget_add_css_class (label, "card");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_size_request (label, -1, 56);
  gtk_widget_set_halign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "pill");
  g_signal_connect_swapped (copy, "clicked", G_CALLBACK (copy_secret), self);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 50);
  gtk_widget_add_css_class (note, "warning");
  pd_form_dialog_add_widget (self, label);
  pd_form_dialog_add_widget (self, copy);
  pd_form_dialog_add_widget (self, note);
  gtk_widget_grab_focus (copy);
}

const char *
pd_form_dialog_get_secret (PdFormDialog *self)
{
  g_return_val_if_fail (PD_IS_FORM_DIALOG (self), NULL);
  return self->secret != NULL ? gtk_label_get_text (self->secret) : NULL;
}
