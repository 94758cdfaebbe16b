/* pd-password-page.c: choosing a new password after an administrator's reset
 *
 * Shown when the sign-in answer says must_change_password, before
 * anything else (the service refuses everything else until then): the
 * one-time password, the new one twice.  The rules are the service's and
 * its refusal shows here in its words; only the two new passwords'
 * agreement is checked here.  ::submit (current, new) when they agree,
 * ::sign-out to leave.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-password-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-password-page.h"
#include "pd-signin-frame.h"

struct _PdPasswordPage
{
  AdwBin       parent_instance;

  GtkEditable *current;
  GtkEditable *new_password;
  GtkEditable *repeat;
  GtkLabel    *error_label;
  GtkWidget   *button;
  char        *error;
  gboolean     busy;
};

G_DEFINE_FINAL_TYPE (PdPasswordPage, pd_password_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SUBMIT,
  SIGNAL_SIGN_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
pd_password_page_set_error (PdPasswordPage *self,
                            const char     *message)
{
  g_return_if_fail (PD_IS_PASSWORD_PAGE (self));

  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
pd_password_page_get_error (PdPasswordPage *self)
{
  g_return_val_if_fail (PD_IS_PASSWORD_PAGE (self), NULL);
  return self->error;
}

void
pd_password_page_set_busy (PdPasswordPage *self,
                           gboolean        busy)
{
  g_return_if_fail (PD_IS_PASSWORD_PAGE (self));
  self->busy = busy;
  gtk_widget_set_sensitive (self->button, !busy);
}

gboolean
pd_password_page_get_busy (PdPasswordPage *self)
{
  g_return_val_if_fail (PD_IS_PASSWORD_PAGE (self), FALSE);
  return self->busy;
}

void
pd_password_page_clear (PdPasswordPage *self)
{
  g_return_if_fail (PD_IS_PASSWORD_PAGE (self));

  pd_password_page_set_fields (self, "", "", "");
  pd_password_page_set_error (self, NULL);
  pd_password_page_set_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->current));
}

void
pd_password_page_set_fields (PdPasswordPage *self,
                             const char     *current,
                             const char     *new_password,
                             const char     *repeat)
{
  g_return_if_fail (PD_IS_PASSWORD_PAGE (self));

  gtk_editable_set_text (self->current, current);
  gtk_editable_set_text (self->new_password, new_password);
  gtk_editable_set_text (self->repeat, repeat);
}

void
pd_password_page_submit (PdPasswordPage *self)
{
  const char *current, *new_password;

  g_return_if_fail (PD_IS_PASSWORD_PAGE (self));
  if (self->busy)
    return;
  current = gtk_editable_get_text (self->current);
  new_password = gtk_editable_get_text (self->new_password);
  if (g_strcmp0 (new_password, gtk_editable_get_text (self->repeat)) != 0)
    {
      pd_password_page_set_error (self, _("The two new passwords differ. Type the same one twice."));
      gtk_widget_grab_focus (GTK_WIDGET (self->repeat));
      return;
    }
  pd_password_page_set_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SUBMIT], 0, current, new_password);
}

static void
sign_out_clicked (PdPasswordPage *self)
{
  g_signal_emit (self, signals[SIGNAL_SIGN_OUT], 0);
}

static GtkEditable *
password_row (GtkWidget  *list,
              const char *title,
              const char *name)
{
  GtkWidget *row = adw_password_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return GTK_EDITABLE (row);
}

static void
pd_password_page_finalize (GObject *object)
{
  g_free (PD_PASSWORD_PAGE (object)->error);
  G_OBJECT_CLASS (pd_password_page_parent_class)->finalize (object);
}

static void
pd_password_page_class_init (PdPasswordPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_password_page_finalize;

  /**
   * PdPasswordPage::submit:
   * @current: the one-time (current) password
   * @new_password: the new password, typed the same twice
   */
  signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_SIGN_OUT] = g_signal_new ("sign-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 0);
}

static void
pd_password_page_init (PdPasswordPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *sign_out = gtk_button_new_with_mnemonic (_("_Sign Out"));

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->current = password_row (list, _("_One-time password"), "current");
  self->new_password = password_row (list, _("_New password (12 characters or more)"), "new");
  self->repeat = password_row (list, _("_Repeat the new password"), "repeat");
  gtk_box_append (GTK_BOX (box), list);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  self->button = gtk_button_new_with_mnemonic (_("_Change Password"));
  gtk_widget_add_css_class (self->button, "pill");
  gtk_widget_add_css_class (self->button, "suggested-action");
  gtk_widget_add_css_class (sign_out, "pill");
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (pd_password_page_submit), self);
  g_signal_connect_swapped (sign_out, "clicked", G_CALLBACK (sign_out_clicked), self);
  /* Enter in a field submits */
  for (GtkEditable *e = self->current; e != NULL; e = e == self->current ? self->new_password :
                                                      e == self->new_password ? self->repeat : NULL)
    g_signal_connect_swapped (e, "entry-activated", G_CALLBACK (pd_password_page_submit), self);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), sign_out);
  gtk_box_append (GTK_BOX (buttons), self->button);
  gtk_box_append (GTK_BOX (box), buttons);

  adw_bin_set_child (ADW_BIN (self),
                     pd_signin_frame_new ("dialog-password-symbolic", _("Choose a New Password"),
                                          _("An administrator reset your password. Enter the one-time password "
                                            "you were given, then choose your own: nothing else opens until you do."),
                                          box));
}

GtkWidget *
pd_password_page_new (void)
{
  return g_object_new (PD_TYPE_PASSWORD_PAGE, NULL);
}
