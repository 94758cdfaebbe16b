/* test-app-access.c: the quarterly access review in the real app, under
 * Xvfb, against a real portdeskd on the test clock
 *
 * The demo's face-matching grants, given this quarter, are listed as
 * granted and cannot be re-certified yet (the service says when it opens);
 * in the next quarter they are due: the port director re-certifies one with
 * a note, the row shows who did it, and a second time is refused.  With
 * PD_SCREENSHOT_DIR set, the view is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-action-table-view.h"
#include "pd-app-test-window.h"
#include "pd-clock.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000
#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

/* columns of the view */
enum { COL_USER, COL_ROLE, COL_PORT, COL_KIND, COL_STATE, COL_BY };

static PdTestDaemon      *daemon_;
static PdApplication     *app;
static PdWindow          *win;
static PdActionTableView *access_view;

static gboolean
loaded (gpointer data)
{
  PdTableView *t = pd_action_table_view_get_table (access_view);

  return !pd_table_view_get_loading (t) && pd_table_view_get_n_rows (t) == GPOINTER_TO_UINT (data);
}

static gboolean
message_has (gpointer data)
{
  const char *m = pd_action_table_view_get_message (access_view);

  return m != NULL && strstr (m, data) != NULL;
}

/* The row of @user. */
static guint
row_of (const char *user)
{
  PdTableView *t = pd_action_table_view_get_table (access_view);

  for (guint i = 0; i < pd_table_view_get_n_rows (t); i++)
    {
      g_autofree char *cell = pd_table_view_dup_cell (t, i, COL_USER);
      if (g_strcmp0 (cell, user) == 0)
        return i;
    }
  g_error ("no row for %s", user);
  return 0;
}

static char *
cell (const char *user,
      guint       column)
{
  return pd_table_view_dup_cell (pd_action_table_view_get_table (access_view), row_of (user), column);
}

static void
open_view (void)
{
  test_window_sign_in (win, "director.ng");
  g_assert_true (pd_window_select_view (win, "access"));
  access_view = PD_ACTION_TABLE_VIEW (pd_window_get_view_widget (win, "access"));
  WAIT (loaded, GUINT_TO_POINTER (4));   /* officer.ray, tsa.kim, director.ng, pau.diaz */
}

static void
test_not_open_yet (void)
{
  g_autofree char *state = NULL;
  g_autofree char *role = NULL;

  open_view ();
  state = cell ("officer.ray", COL_STATE);
  role = cell ("officer.ray", COL_ROLE);
  g_assert_cmpstr (state, ==, "Granted this quarter");
  g_assert_cmpstr (role, ==, "CBP Officer");
  g_assert_true (pd_table_view_select (pd_action_table_view_get_table (access_view), row_of ("officer.ray")));
  pd_action_table_view_act (access_view, 0, "still on the gates");
  WAIT (message_has, (gpointer) "opens on");
  pd_window_sign_out (win);
}

static void
test_recertify (void)
{
  g_autofree char *now = pd_time_format (pd_test_daemon_now (daemon_));
  g_autofree char *quarter = pd_quarter_of (pd_test_daemon_now (daemon_));
  g_autofree char *state = NULL;
  g_autofree char *by = NULL;
  gint64 start, end;

  /* the first days of the next quarter */
  g_assert_true (pd_quarter_bounds (quarter, &start, &end));
  pd_test_clock_advance (daemon_, (end - pd_test_daemon_now (daemon_)) / G_USEC_PER_SEC + 2 * 24 * 3600);
  open_view ();
  state = cell ("officer.ray", COL_STATE);
  g_assert_cmpstr (state, ==, "Due");
  g_assert_true (pd_table_view_select (pd_action_table_view_get_table (access_view), row_of ("officer.ray")));
  pd_action_table_view_act (access_view, 0, "still on the TVS gates at LAX");
  WAIT (message_has, (gpointer) "Re-certified");
  WAIT (loaded, GUINT_TO_POINTER (4));
  g_free (state);
  state = cell ("officer.ray", COL_STATE);
  by = cell ("officer.ray", COL_BY);
  g_assert_cmpstr (state, ==, "Re-certified");
  g_assert_cmpstr (by, ==, "director.ng");
  test_window_save_state (win, "access.png");
  g_assert_true (pd_table_view_select (pd_action_table_view_get_table (access_view), row_of ("officer.ray")));
  pd_action_table_view_act (access_view, 0, "again");
  WAIT (message_has, (gpointer) "already");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/access/not-open-yet", test_not_open_yet);
  g_test_add_func ("/app/access/recertify", test_recertify);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
