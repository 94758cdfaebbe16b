/* pd-enrol-page.c: setting up two-factor sign-in
 *
 * Two steps: the new secret as a QR code of its otpauth:// URI (drawn
 * here, nothing leaves the machine) and as text to type in, with the code
 * that confirms it; then the recovery codes, shown this once, with a copy
 * button and a warning.  ::done when the user has kept them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-enrol-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-enrol-page.h"
#include "pd-signin-frame.h"
#include "pd-json.h"
#include "pd-qr-code.h"

struct _PdEnrolPage
{
  AdwBin           parent_instance;

  GtkStack        *stack;
  GtkWidget       *qr;
  GtkLabel        *secret_label;
  AdwEntryRow     *code_row;
  GtkButton       *confirm_button;
  GtkLabel        *error_label;
  GtkLabel        *codes_label;

  PdServiceClient *client;
  GCancellable    *cancellable;
  char            *secret;
  char            *codes;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (PdEnrolPage, pd_enrol_page, ADW_TYPE_BIN)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_error (PdEnrolPage *self,
           const char  *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update (PdEnrolPage *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button), !self->busy && self->secret != NULL && code[0] != '\0');
}

/* The secret in groups of four, easier to type. */
static char *
grouped (const char *secret)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; secret[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (s, ' ');
      g_string_append_c (s, secret[i]);
    }
  return g_string_free (s, FALSE);
}

static void
enrolled_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdEnrolPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  JsonObject *o = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *text = NULL;

  self->busy = FALSE;
  if (o == NULL || pd_json_str (o, "secret") == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error != NULL ? error->message : _("The service answered without a secret."));
      update (self);
      return;
    }
  g_free (self->secret);
  self->secret = g_strdup (pd_json_str (o, "secret"));
  pd_qr_code_set_text (PD_QR_CODE (self->qr), pd_json_str (o, "uri"));
  text = grouped (self->secret);
  gtk_label_set_text (self->secret_label, text);
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

void
pd_enrol_page_start (PdEnrolPage     *self,
                     PdServiceClient *client)
{
  g_return_if_fail (PD_IS_ENROL_PAGE (self));

  pd_enrol_page_clear (self);
  g_set_object (&self->client, client);
  self->busy = TRUE;
  update (self);
  pd_service_client_call_async (client, "POST", "/v1/me/totp/enroll", NULL, self->cancellable,
                                enrolled_cb, g_object_ref (self));
}

void
pd_enrol_page_clear (PdEnrolPage *self)
{
  g_return_if_fail (PD_IS_ENROL_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = FALSE;
  g_clear_pointer (&self->secret, g_free);
  g_clear_pointer (&self->codes, g_free);
  pd_qr_code_set_text (PD_QR_CODE (self->qr), NULL);
  gtk_label_set_text (self->secret_label, "");
  gtk_label_set_text (self->codes_label, "");
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  set_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "secret");
  update (self);
}

static void
confirmed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PdEnrolPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  JsonArray *codes = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ?
                     pd_json_array (json_node_get_object (node), "recovery_codes") : NULL;
  GString *text = g_string_new (NULL);

  self->busy = FALSE;
  if (codes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error != NULL ? error->message : _("The service answered without recovery codes."));
      g_string_free (text, TRUE);
      update (self);
      return;
    }
  for (guint i = 0; i < json_array_get_length (codes); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", json_array_get_string_element (codes, i));
  g_free (self->codes);
  self->codes = g_string_free (text, FALSE);
  gtk_label_set_text (self->codes_label, self->codes);
  /* the secret is not shown again */
  pd_qr_code_set_text (PD_QR_CODE (self->qr), NULL);
  gtk_label_set_text (self->secret_label, "");
  gtk_stack_set_visible_child_name (self->stack, "codes");
}

void
pd_enrol_page_confirm (PdEnrolPage *self,
                       const char  *code)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (PD_IS_ENROL_PAGE (self));
  if (self->client == NULL || self->busy)
    return;
  set_error (self, NULL);
  self->busy = TRUE;
  update (self);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  pd_service_client_call_async (self->client, "POST", "/v1/me/totp/confirm", body, self->cancellable,
                                confirmed_cb, g_object_ref (self));
}

static void
confirm_cb (PdEnrolPage *self)
{
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));

  if (code[0] != '\0')
    pd_enrol_page_confirm (self, code);
}

static void
copy_cb (PdEnrolPage *self)
{
  if (self->codes != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->codes);
}

void
pd_enrol_page_finish (PdEnrolPage *self)
{
  g_return_if_fail (PD_IS_ENROL_PAGE (self));
  if (self->codes == NULL)
    return;
  pd_enrol_page_clear (self);
  g_signal_emit (self, signals[DONE], 0);
}

static GtkWidget *
secret_step (PdEnrolPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *hint = gtk_label_new (_("Scan the code with your authenticator app (any app for time-based "
                                     "codes), or type the key below into it. Then enter the six-digit code it shows."));

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_justify (GTK_LABEL (hint), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (box), hint);

  self->qr = pd_qr_code_new ();
  gtk_widget_set_halign (self->qr, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (self->qr, 200, 200);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("QR code of the two-factor secret"), -1);
  gtk_box_append (GTK_BOX (box), self->qr);

  self->secret_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (self->secret_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->secret_label), "monospace");
  gtk_widget_add_css_class (GTK_WIDGET (self->secret_label), "title-4");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->secret_label));

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->code_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->code_row), _("Code from the app"));
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->code_row), 8);
  g_signal_connect_swapped (self->code_row, "changed", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->code_row, "entry-activated", G_CALLBACK (confirm_cb), self);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->code_row));
  gtk_box_append (GTK_BOX (box), list);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  self->confirm_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Turn On Two-Factor Sign-In")));
  gtk_widget_set_halign (GTK_WIDGET (self->confirm_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "pill");
  gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
  g_signal_connect_swapped (self->confirm_button, "clicked", G_CALLBACK (confirm_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->confirm_button));
  return box;
}

static GtkWidget *
codes_step (PdEnrolPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *warning = gtk_label_new (_("Two-factor sign-in is on. These recovery codes let you sign in "
                                        "when you do not have your device; each works once. They are shown "
                                        "only now: copy them or write them down, and keep them somewhere "
                                        "safe, away from this workstation."));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy Codes"));
  GtkWidget *done = gtk_button_new_with_mnemonic (_("I Have _Kept Them"));

  gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
  gtk_label_set_justify (GTK_LABEL (warning), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (warning, "warning");
  gtk_box_append (GTK_BOX (box), warning);

  self->codes_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (self->codes_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->codes_label), "monospace");
  gtk_widget_add_css_class (GTK_WIDGET (self->codes_label), "card");
  gtk_widget_set_halign (GTK_WIDGET (self->codes_label), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->codes_label));

  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "pill");
  gtk_widget_add_css_class (done, "pill");
  gtk_widget_add_css_class (done, "suggested-action");
  g_signal_connect_swapped (copy, "clicked", G_CALLBACK (copy_cb), self);
  g_signal_connect_swapped (done, "clicked", G_CALLBACK (pd_enrol_page_finish), self);
  gtk_box_append (GTK_BOX (buttons), copy);
  gtk_box_append (GTK_BOX (buttons), done);
  gtk_box_append (GTK_BOX (box), buttons);
  return box;
}

static void
pd_enrol_page_dispose (GObject *object)
{
  PdEnrolPage *self = PD_ENROL_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_enrol_page_parent_class)->dispose (object);
}

static void
pd_enrol_page_finalize (GObject *object)
{
  PdEnrolPage *self = PD_ENROL_PAGE (object);

  g_free (self->secret);
  g_free (self->codes);
  G_OBJECT_CLASS (pd_enrol_page_parent_class)->finalize (object);
}

static void
pd_enrol_page_class_init (PdEnrolPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_enrol_page_dispose;
  object_class->finalize = pd_enrol_page_finalize;

  /**
   * PdEnrolPage::done:
   *
   * Two-factor sign-in is on and the recovery codes were shown.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);
}

static void
pd_enrol_page_init (PdEnrolPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, secret_step (self), "secret");
  gtk_stack_add_named (self->stack, codes_step (self), "codes");
  adw_bin_set_child (ADW_BIN (self),
                     pd_signin_frame_new ("channel-secure-symbolic", _("Set Up Two-Factor Sign-In"),
                                          _("Your role reaches biometric or license plate data: signing in takes a "
                                            "code from an app on your phone as well as your password."),
                                          GTK_WIDGET (self->stack)));
  update (self);
}

GtkWidget *
pd_enrol_page_new (void)
{
  return g_object_new (PD_TYPE_ENROL_PAGE, NULL);
}

const char *
pd_enrol_page_get_secret (PdEnrolPage *self)
{
  g_return_val_if_fail (PD_IS_ENROL_PAGE (self), NULL);
  return self->secret;
}

GtkWidget *
pd_enrol_page_get_qr_code (PdEnrolPage *self)
{
  g_return_val_if_fail (PD_IS_ENROL_PAGE (self), NULL);
  return self->qr;
}

const char *
pd_enrol_page_get_recovery_codes (PdEnrolPage *self)
{
  g_return_val_if_fail (PD_IS_ENROL_PAGE (self), NULL);
  return self->codes;
}

const char *
pd_enrol_page_get_error (PdEnrolPage *self)
{
  g_return_val_if_fail (PD_IS_ENROL_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}
