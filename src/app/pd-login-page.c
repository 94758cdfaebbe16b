/* pd-login-page.c: username and password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-login-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-login-page.h"

struct _PdLoginPage
{
  AdwBin               parent_instance;

  AdwStatusPage       *status_page;
  AdwEntryRow         *username_row;
  AdwPasswordEntryRow *password_row;
  AdwEntryRow         *code_row;
  GtkLabel            *error_label;
  GtkLabel            *notice_label;
  GtkButton           *sign_in_button;
  GtkSpinner          *spinner;

  gboolean             busy;
  gboolean             asking_code;   /* the second step: the code row only */
};

G_DEFINE_FINAL_TYPE (PdLoginPage, pd_login_page, ADW_TYPE_BIN)

enum {
  SUBMIT,
  SUBMIT_CODE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
can_submit (PdLoginPage *self)
{
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->asking_code)
    return !self->busy && gtk_editable_get_text (GTK_EDITABLE (self->code_row))[0] != '\0';
  return !self->busy && user[0] != '\0' && pass[0] != '\0';
}

static void
update (PdLoginPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), can_submit (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_row), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->username_row), !self->asking_code);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), !self->asking_code);
  gtk_widget_set_visible (GTK_WIDGET (self->code_row), self->asking_code);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static void
changed_cb (PdLoginPage *self)
{
  update (self);
}

void
pd_login_page_submit (PdLoginPage *self)
{
  g_autofree char *user = NULL;

  g_return_if_fail (PD_IS_LOGIN_PAGE (self));

  if (!can_submit (self))
    return;
  pd_login_page_set_error (self, NULL);
  pd_login_page_set_notice (self, NULL);
  if (self->asking_code)
    {
      g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));

      g_signal_emit (self, signals[SUBMIT_CODE], 0, code);
      return;
    }
  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  g_signal_emit (self, signals[SUBMIT], 0, user,
                 gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
}

static void
sign_in_clicked_cb (PdLoginPage *self)
{
  pd_login_page_submit (self);
}

static void
username_activated_cb (PdLoginPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
password_activated_cb (PdLoginPage *self)
{
  pd_login_page_submit (self);
}

/* The user name when it is empty, else the password. */
void
pd_login_page_focus_entry (PdLoginPage *self)
{
  g_return_if_fail (PD_IS_LOGIN_PAGE (self));

  if (self->asking_code)
    gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  else if (gtk_editable_get_text (GTK_EDITABLE (self->username_row))[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
pd_login_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pd_login_page_parent_class)->map (widget);
  pd_login_page_focus_entry (PD_LOGIN_PAGE (widget));
}

static void
pd_login_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_LOGIN_PAGE);
  G_OBJECT_CLASS (pd_login_page_parent_class)->dispose (object);
}

static void
pd_login_page_class_init (PdLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_login_page_dispose;
  widget_class->map = pd_login_page_map;

  /**
   * PdLoginPage::submit:
   * @username: trimmed user name
   * @password: the password as typed
   */
  signals[SUBMIT] =
    g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * PdLoginPage::submit-code:
   * @code: the two-factor or recovery code, trimmed
   */
  signals[SUBMIT_CODE] =
    g_signal_new ("submit-code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/portdesk/PortDesk/ui/pd-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdLoginPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, PdLoginPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, PdLoginPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, PdLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, PdLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdLoginPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, PdLoginPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, PdLoginPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
}

static void
pd_login_page_init (PdLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_status_page_set_icon_name (self->status_page, "org.portdesk.PortDesk");  /* also for .Devel */
}

void
pd_login_page_set_busy (PdLoginPage *self,
                        gboolean     busy)
{
  g_return_if_fail (PD_IS_LOGIN_PAGE (self));
  self->busy = !!busy;
  update (self);
}

gboolean
pd_login_page_get_busy (PdLoginPage *self)
{
  g_return_val_if_fail (PD_IS_LOGIN_PAGE (self), FALSE);
  return self->busy;
}

void
pd_login_page_set_error (PdLoginPage *self,
                         const char  *message)
{
  g_return_if_fail (PD_IS_LOGIN_PAGE (self));
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
pd_login_page_get_error (PdLoginPage *self)
{
  g_return_val_if_fail (PD_IS_LOGIN_PAGE (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

void
pd_login_page_set_notice (PdLoginPage *self,
                          const char  *message)
{
  g_return_if_fail (PD_IS_LOGIN_PAGE (self));
  gtk_label_set_text (self->notice_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), message != NULL);
}

void
pd_login_page_set_username (PdLoginPage *self,
                            const char  *username)
{
  g_return_if_fail (PD_IS_LOGIN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
}

void
pd_login_page_set_password (PdLoginPage *self,
                            const char  *password)
{
  g_return_if_fail (PD_IS_LOGIN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password ? password : "");
}

/* The second step of signing in: the code row in place of the name and password. */
void
pd_login_page_ask_code (PdLoginPage *self,
                        gboolean     ask)
{
  g_return_if_fail (PD_IS_LOGIN_PAGE (self));
  self->asking_code = !!ask;
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  adw_status_page_set_description (self->status_page,
                                   ask ? _("Enter the six-digit code your authenticator app shows, or one of your recovery codes.")
                                       : _("Use your PortDesk officer account."));
  update (self);
  if (ask && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

void
pd_login_page_set_code (PdLoginPage *self,
                        const char  *code)
{
  g_return_if_fail (PD_IS_LOGIN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code ? code : "");
}

gboolean
pd_login_page_get_asking_code (PdLoginPage *self)
{
  g_return_val_if_fail (PD_IS_LOGIN_PAGE (self), FALSE);
  return self->asking_code;
}

/* After a sign-in or sign-out: nothing typed stays behind. */
void
pd_login_page_reset (PdLoginPage *self)
{
  g_return_if_fail (PD_IS_LOGIN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  pd_login_page_set_error (self, NULL);
  pd_login_page_set_busy (self, FALSE);
}
