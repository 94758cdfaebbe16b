/* test-app-retention.c: the Retention view in the real app, under Xvfb,
 * against a real portdeskd on the test clock
 *
 * The demo's landing-rights requests are held and not due; a year and a
 * day later they are: the administrator presses Run now in the app, the
 * service deletes them (checked in its database), the view's count drops
 * to 0 and the deletion receipt is listed.  The auditor sees the same view
 * and its receipt, without Run now.  With PD_SCREENSHOT_DIR set, the view
 * is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-app-test-window.h"
#include "pd-retention-view.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000
#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)
#define DAY (24 * G_GINT64_CONSTANT (3600))
/* keeps the timer out of the way: the sweep is the administrator's */
#define CONFIG "[portdeskd]\nretention_interval_seconds=86400\n"

/* columns of the policies and of the receipts */
enum { POL_DATA, POL_KIND, POL_HELD, POL_DUE, POL_LAST_RUN, POL_PURGED, POL_TOTAL };
enum { REC_AT, REC_DATA, REC_COUNT, REC_BY };

#define LANDING "Landing-rights requests"

static PdTestDaemon    *daemon_;
static PdApplication   *app;
static PdWindow        *win;
static PdRetentionView *view;

static gboolean
loaded (gpointer data)
{
  return !pd_retention_view_get_busy (view) &&
         pd_table_view_get_n_rows (pd_retention_view_get_policies (view)) > 0;
}

static gboolean
message_has (gpointer data)
{
  const char *m = pd_retention_view_get_message (view);

  return m != NULL && strstr (m, data) != NULL;
}

/* The cell of the row whose first column is @data. */
static char *
cell_of (PdTableView *table,
         const char  *data,
         guint        column,
         guint        data_column)
{
  for (guint i = 0; i < pd_table_view_get_n_rows (table); i++)
    {
      g_autofree char *d = pd_table_view_dup_cell (table, i, data_column);

      if (g_strcmp0 (d, data) == 0)
        return pd_table_view_dup_cell (table, i, column);
    }
  return NULL;
}

static char *
policy_cell (const char *data,
             guint       column)
{
  return cell_of (pd_retention_view_get_policies (view), data, column, POL_DATA);
}

static gboolean
landing_held (gpointer data)
{
  g_autofree char *held = NULL;

  if (pd_retention_view_get_busy (view))
    return FALSE;
  held = policy_cell (LANDING, POL_HELD);
  return g_strcmp0 (held, data) == 0;
}

static gboolean
receipt_listed (gpointer data)
{
  PdTableView *receipts = pd_retention_view_get_receipts (view);
  g_autofree char *count = NULL;

  if (pd_table_view_get_loading (receipts))
    return FALSE;
  count = cell_of (receipts, LANDING, REC_COUNT, REC_DATA);
  return g_strcmp0 (count, data) == 0;
}

static void
open_view (const char *user)
{
  test_window_sign_in (win, user);
  g_assert_true (pd_window_select_view (win, "retention"));
  view = PD_RETENTION_VIEW (pd_window_get_view_widget (win, "retention"));
  WAIT (loaded, NULL);
}

static void
test_run_now (void)
{
  g_autofree char *db = pd_test_daemon_db_path (daemon_);
  gint64 held = pd_test_db_int (db, "SELECT count(*) FROM landing_requests");
  g_autofree char *expect = g_strdup_printf ("%" G_GINT64_FORMAT, held);
  g_autofree char *kind = NULL, *due = NULL, *total = NULL, *by = NULL;
  GtkWidget *run;

  g_assert_cmpint (held, >, 0);
  open_view ("admin.demo");
  /* held, with when the oldest becomes due; nothing due yet */
  WAIT (landing_held, expect);
  kind = policy_cell (LANDING, POL_KIND);
  g_assert_cmpstr (kind, ==, "Deleted when due");
  due = policy_cell (LANDING, POL_DUE);
  g_assert_cmpstr (due, !=, "—");
  run = pd_retention_view_get_run_button (view);
  g_assert_true (gtk_widget_get_visible (run));
  g_signal_emit_by_name (run, "clicked");
  WAIT (message_has, (gpointer) "The sweeper ran");
  WAIT (landing_held, expect);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_requests"), ==, held);
  pd_window_sign_out (win);

  /* a year and a day on, they are due */
  pd_test_clock_advance (daemon_, 366 * DAY);
  open_view ("admin.demo");
  WAIT (landing_held, expect);
  run = pd_retention_view_get_run_button (view);
  g_assert_true (gtk_widget_get_visible (run));
  g_signal_emit_by_name (run, "clicked");
  WAIT (message_has, (gpointer) "deleted");
  WAIT (landing_held, (gpointer) "0");
  WAIT (receipt_listed, expect);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_requests"), ==, 0);
  total = policy_cell (LANDING, POL_TOTAL);
  g_assert_cmpstr (total, ==, expect);
  by = cell_of (pd_retention_view_get_receipts (view), LANDING, REC_BY, REC_DATA);
  g_assert_cmpstr (by, ==, "admin.demo");
  test_window_save_state (win, "retention-admin.png");
  pd_window_sign_out (win);
}

static void
test_auditor (void)
{
  g_autofree char *db = pd_test_daemon_db_path (daemon_);
  gint64 receipts = pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'retention.receipts' AND "
                                        "actor = 'auditor.fox'");
  g_autofree char *total = NULL;

  open_view ("auditor.fox");
  g_assert_false (gtk_widget_get_visible (pd_retention_view_get_run_button (view)));
  WAIT (landing_held, (gpointer) "0");
  total = policy_cell (LANDING, POL_TOTAL);
  g_assert_cmpstr (total, !=, "0");
  WAIT (receipt_listed, total);
  /* the auditor's reading of the receipts is audited too */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'retention.receipts' AND "
                                       "actor = 'auditor.fox'"), >, receipts);
  test_window_save_state (win, "retention-auditor.png");
  pd_window_sign_out (win);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, CONFIG);
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/retention/run-now", test_run_now);
  g_test_add_func ("/app/retention/auditor", test_auditor);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
