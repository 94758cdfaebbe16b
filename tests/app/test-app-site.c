/* test-app-site.c: the app on a workstation of a site (PostgreSQL), under Xvfb
 *
 * The app signs in through its local portdeskd, which runs on a PostgreSQL
 * database.  The database goes away: the sign-in page says the site's
 * database cannot be reached (not that the service does not answer).  It
 * comes back: the next sign-in works, the daemon never restarted.  With
 * PD_SCREENSHOT_DIR set, the refused sign-in is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-app-test-window.h"
#include "pd-test-daemon.h"
#include "pd-test-postgres.h"

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;

static void
test_database_lost (void)
{
  PdTestPostgres *pg = pd_test_postgres_get ();
  PdLoginPage *login = pd_window_get_login_page (win);

  test_window_sign_in (win, "director.ng");
  test_window_wait_page (win, "workspace");
  pd_window_sign_out (win);
  test_window_wait_page (win, "login");

  pd_test_postgres_stop (pg);
  test_window_submit_login (win, "director.ng", DEMO_PASSWORD);
  TEST_WAIT (test_window_login_error, win, TEST_TIMEOUT_MS);
  g_test_message ("%s", pd_login_page_get_error (login));
  g_assert_nonnull (strstr (pd_login_page_get_error (login), "database cannot be reached"));
  test_window_save_state (win, "site-database-lost.png");

  pd_test_postgres_start (pg);
  test_window_sign_in (win, "director.ng");
  test_window_wait_page (win, "workspace");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("PD_TEST_STORE", "postgresql", TRUE);
  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_NO_START, "[portdeskd]\ntwo_factor_roles=\n");
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, PD_TEST_DAEMON_DEMO);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/site/database-lost", test_database_lost);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  pd_test_postgres_release ();
  return status;
}
