/* test-app-signin.c: two-factor sign-in in the real app, under Xvfb,
 * against a real portdeskd --demo whose policy requires two factors of
 * TSA supervisors
 *
 * tsa.kim signs in with the password and is sent to enrolment: the QR
 * code of the otpauth URI is drawn, the key shown as text; a code
 * computed here from that secret turns it on and the ten recovery codes
 * are shown once (gone from the page once kept), then the rules.  Signed
 * out and in again, the login page asks for the code: a wrong one is
 * refused in the service's words, the next one lets her in.  From the
 * identity view, the redress dialog shows the service's text (DHS TRIP,
 * the CBP INFO Center), and prints it (to a PDF here).  With
 * PD_SCREENSHOT_DIR set, each step is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-app-test-window.h"
#include "pd-enrol-page.h"
#include "pd-qr-code.h"
#include "pd-screenshot.h"
#include "pd-redress-dialog.h"
#include "pd-test-daemon.h"
#include "pd-totp.h"

#define TIMEOUT_MS 30000

#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;
static char          *secret;

static char *
code_now (gint64 offset_s)
{
  g_autoptr(GBytes) key = pd_base32_decode (secret);
  gsize len = 0;
  const guint8 *k = g_bytes_get_data (key, &len);

  return pd_totp_code (k, len, pd_test_daemon_now (daemon_) / G_USEC_PER_SEC + offset_s);
}

static gboolean
secret_shown (gpointer data)
{
  return pd_enrol_page_get_secret (pd_window_get_enrol_page (win)) != NULL;
}

static gboolean
codes_shown (gpointer data)
{
  return pd_enrol_page_get_recovery_codes (pd_window_get_enrol_page (win)) != NULL;
}

static gboolean
asking_code (gpointer data)
{
  PdLoginPage *login = pd_window_get_login_page (win);

  return g_strcmp0 (pd_window_get_page (win), "login") == 0 && pd_login_page_get_asking_code (login) &&
         !pd_login_page_get_busy (login);
}

static void
test_enrol (void)
{
  PdEnrolPage *page = pd_window_get_enrol_page (win);
  PdQrCode *qr = PD_QR_CODE (pd_enrol_page_get_qr_code (page));
  g_autofree char *code = NULL;
  g_autofree char *want = NULL;
  g_auto(GStrv) lines = NULL;

  test_window_submit_login (win, "tsa.kim", DEMO_PASSWORD);
  test_window_wait_page (win, "enrol");
  WAIT (secret_shown, NULL);
  secret = g_strdup (pd_enrol_page_get_secret (page));
  want = g_strdup_printf ("otpauth://totp/PortDesk:tsa.kim?secret=%s&", secret);
  g_assert_true (g_str_has_prefix (pd_qr_code_get_text (qr), want));
  g_assert_cmpuint (pd_qr_code_get_modules (qr), >=, 21);
  /* the finder pattern's corner modules are dark, its inner ring light */
  g_assert_true (pd_qr_code_get_module (qr, 0, 0));
  g_assert_false (pd_qr_code_get_module (qr, 1, 1));
  test_spin (200);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (qr)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (qr)), >=, (pd_qr_code_get_modules (qr) + 8) * 4);
  test_window_save_state (win, "signin-enrol.png");

  code = code_now (0);
  pd_enrol_page_confirm (page, code);
  WAIT (codes_shown, NULL);
  lines = g_strsplit (pd_enrol_page_get_recovery_codes (page), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10);
  g_assert_cmpuint (strlen (lines[0]), ==, 11);
  g_assert_null (pd_qr_code_get_text (qr));          /* the secret is not shown again */
  test_window_save_state (win, "signin-recovery-codes.png");

  /* kept: on to the rules; the codes are gone from the page */
  pd_enrol_page_finish (page);
  test_window_wait_rules (win);
  g_assert_null (pd_enrol_page_get_recovery_codes (page));
  g_assert_null (pd_enrol_page_get_secret (page));
  pd_rules_page_accept (pd_window_get_rules_page (win));
  test_window_wait_page (win, "workspace");
}

static void
test_code (void)
{
  PdLoginPage *login = pd_window_get_login_page (win);
  g_autofree char *code = NULL;

  g_assert_nonnull (secret);
  pd_window_sign_out (win);
  test_window_submit_login (win, "tsa.kim", DEMO_PASSWORD);
  WAIT (asking_code, NULL);
  test_window_save_state (win, "signin-code.png");
  pd_login_page_set_code (login, "000000");
  pd_login_page_submit (login);
  WAIT (test_window_login_error, win);
  g_assert_true (pd_login_page_get_asking_code (login));
  pd_test_clock_advance (daemon_, 30);
  code = code_now (0);
  pd_login_page_set_code (login, code);
  pd_login_page_submit (login);
  test_window_wait_rules (win);
  g_assert_false (pd_login_page_get_asking_code (login));
  pd_rules_page_accept (pd_window_get_rules_page (win));
  test_window_wait_page (win, "workspace");
}

static gboolean
redress_loaded (gpointer data)
{
  AdwMessageDialog *d = pd_redress_dialog_get (GTK_WIDGET (win));

  return d != NULL && pd_redress_dialog_get_text (d) != NULL;
}

static void
test_redress (void)
{
  GtkWidget *view, *button;
  AdwMessageDialog *dialog;
  g_autofree char *dir = g_dir_make_tmp ("pd-app-signin-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "redress.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  if (g_strcmp0 (pd_window_get_page (win), "workspace") != 0)
    g_test_skip ("needs the signed-in supervisor of the earlier tests");
  else
    {
      g_assert_true (pd_window_select_view (win, "identity"));
      view = pd_window_get_view_widget (win, "identity");
      button = test_find_named (view, "redress-button");
      g_assert_nonnull (button);
      g_signal_emit_by_name (button, "clicked");
      WAIT (redress_loaded, NULL);
      dialog = pd_redress_dialog_get (GTK_WIDGET (win));
      g_assert_nonnull (strstr (pd_redress_dialog_get_text (dialog), "DHS TRIP"));
      g_assert_nonnull (strstr (pd_redress_dialog_get_text (dialog), "CBP INFO Center"));
      g_assert_true (adw_message_dialog_get_response_enabled (dialog, "print"));
      test_spin (300);
      if (g_getenv ("PD_SCREENSHOT_DIR") != NULL)
        {
          g_autofree char *path = g_build_filename (g_getenv ("PD_SCREENSHOT_DIR"), "signin-redress.png", NULL);
          g_assert_true (pd_screenshot_save (GTK_WIDGET (dialog), path, &error));
        }
      g_assert_true (pd_redress_print (GTK_WINDOW (win), pd_redress_dialog_get_text (dialog), pdf, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (g_str_has_prefix (contents, "%PDF"));
      adw_message_dialog_response (dialog, "close");
      gtk_window_close (GTK_WINDOW (dialog));     /* as its Close button does after the response */
      test_spin (200);
      g_assert_null (pd_redress_dialog_get (GTK_WIDGET (win)));
    }
  g_unlink (pdf);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK | PD_TEST_DAEMON_NO_START,
                                "[portdeskd]\ntwo_factor_roles=tsa_supervisor\n");
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/signin/enrol", test_enrol);
  g_test_add_func ("/app/signin/code", test_code);
  g_test_add_func ("/app/signin/redress", test_redress);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  g_free (secret);
  pd_test_daemon_free (daemon_);
  return status;
}
