/* test-app-lpr.c: the LPR analyst's view in the real app, under Xvfb,
 * against a real portdeskd
 *
 * The new grant's access notice comes first and is acknowledged once;
 * then a feed's reads show as a hit and a possible hit (never as a hit),
 * a new one arrives live (lpr.hit), a disposition without a reason shows
 * the service's refusal and one with a reason is kept; a query needs an
 * open case, finds the plate, and the selected result is saved to the
 * case.  With PD_SCREENSHOT_DIR set, each page is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-app-test-window.h"
#include "pd-clock.h"
#include "pd-json.h"
#include "pd-action-table-view.h"
#include "pd-lpr-view.h"
#include "pd-screenshot.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000

#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;
static PdLprView     *view;
static PdClient      *feed;

static void
send_read (const char *plate,
           const char *state,
           const char *reader)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *t = pd_time_format (g_get_real_time () - 60 * G_USEC_PER_SEC);
  g_autoptr(JsonNode) r = pd_client_post (feed, "/v1/lpr/reads", &error, "plate", G_TYPE_STRING, plate, "state",
                                          G_TYPE_STRING, state, "observed_at", G_TYPE_STRING, t, "reader_id",
                                          G_TYPE_STRING, reader, "reader_address", G_TYPE_STRING,
                                          "I-5 N at San Ysidro", "make", G_TYPE_STRING, "Toyota", NULL);

  g_assert_no_error (error);
}

static gboolean
notice_shown (gpointer data)
{
  return pd_lpr_view_get_notice_shown (view);
}

static gboolean
notice_gone (gpointer data)
{
  return !pd_lpr_view_get_notice_shown (view) && !pd_lpr_view_get_busy (view);
}

static gboolean
rows_are (gpointer data)
{
  const char *name = data;
  PdTableView *t = pd_lpr_view_get_table (view, name);
  guint want = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (t), "want"));

  return !pd_table_view_get_loading (t) && pd_table_view_get_n_rows (t) == want;
}

static void
wait_rows (const char *table,
           guint       n)
{
  g_object_set_data (G_OBJECT (pd_lpr_view_get_table (view, table)), "want", GUINT_TO_POINTER (n));
  WAIT (rows_are, (gpointer) table);
}

static gboolean
message_has (gpointer data)
{
  const char *m = pd_lpr_view_get_message (view);

  return !pd_lpr_view_get_busy (view) && m != NULL && strstr (m, data) != NULL;
}

static gboolean
cases_loaded (gpointer data)
{
  return pd_lpr_view_get_n_open_cases (view) == GPOINTER_TO_UINT (data);
}

static void
test_notice_and_alerts (void)
{
  PdTableView *alerts;
  g_autofree char *kinds = NULL;

  test_window_sign_in (win, "lpr.ortiz");
  g_assert_true (pd_window_select_view (win, "lpr"));
  view = PD_LPR_VIEW (pd_window_get_view_widget (win, "lpr"));
  WAIT (notice_shown, NULL);
  test_window_save_state (win, "lpr-notice.png");
  pd_lpr_view_acknowledge (view);
  WAIT (notice_gone, NULL);

  alerts = pd_lpr_view_get_table (view, "alerts");
  wait_rows ("alerts", 2);
  /* newest first: the possible hit says so, and what it was read for */
  kinds = pd_table_view_dup_cell (alerts, 0, 0);
  g_assert_true (g_str_has_prefix (kinds, "Possible hit"));
  g_assert_nonnull (strstr (kinds, "8 read for B"));
  g_free (kinds);
  kinds = pd_table_view_dup_cell (alerts, 1, 0);
  g_assert_cmpstr (kinds, ==, "Hit");
  test_window_save_state (win, "lpr-alerts.png");

  /* live: a new read of a listed plate, elsewhere, an hour later: no reload asked */
  send_read ("5SAM00", "AZ", "R7");
  wait_rows ("alerts", 3);

  g_assert_true (pd_table_view_select (alerts, 0));
  pd_lpr_view_dispose_alert (view, "confirmed", "");
  WAIT (message_has, (gpointer) "reason");
  pd_lpr_view_dispose_alert (view, "confirmed", "Vehicle and plate match the amber alert");
  WAIT (message_has, (gpointer) "Disposition recorded");
}

static void
test_query_and_save (void)
{
  g_autoptr(PdClient) analyst = pd_test_login (daemon_, "lpr.ortiz", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;

  pd_lpr_view_show_page (view, "displays");
  wait_rows ("displays", 1);
  g_assert_true (pd_table_view_select (pd_lpr_view_get_table (view, "displays"), 0));
  wait_rows ("items", 2);
  test_window_save_state (win, "lpr-displays.png");

  /* no open case: the query is refused before it is sent */
  pd_lpr_view_show_page (view, "query");
  pd_lpr_view_run_query (view, "7ABC123", TRUE, NULL);
  WAIT (message_has, (gpointer) "open case");
  r = pd_client_post (analyst, "/v1/lpr/cases", &error, "number", G_TYPE_STRING, "EV-2026-0042", "title",
                      G_TYPE_STRING, "Port runner", NULL);
  g_assert_no_error (error);
  pd_lpr_view_reload_all (view);
  WAIT (cases_loaded, GUINT_TO_POINTER (1));
  pd_lpr_view_run_query (view, "7ABC123", TRUE, NULL);
  WAIT (message_has, (gpointer) "2 reads found");
  wait_rows ("results", 2);
  test_window_save_state (win, "lpr-query.png");
  g_assert_true (pd_table_view_select (pd_lpr_view_get_table (view, "results"), 0));
  pd_lpr_view_save_selected (view);
  WAIT (message_has, (gpointer) "Saved to the case");

  pd_lpr_view_show_page (view, "cases");
  wait_rows ("cases", 1);
  g_assert_true (pd_table_view_select (pd_lpr_view_get_table (view, "cases"), 0));
  wait_rows ("saved", 1);
  test_window_save_state (win, "lpr-cases.png");
}

static PdActionTableView *reviews;

static gboolean
reviews_loaded (gpointer data)
{
  PdTableView *t = pd_action_table_view_get_table (reviews);

  return !pd_table_view_get_loading (t) && pd_table_view_get_n_rows (t) == GPOINTER_TO_UINT (data);
}

static gboolean
review_message_has (gpointer data)
{
  const char *m = pd_action_table_view_get_message (reviews);

  return m != NULL && strstr (m, data) != NULL;
}

/* The auditor signs the display off for the quarter, once. */
static void
test_quarterly_review (void)
{
  g_autofree char *signed_by = NULL;

  pd_window_sign_out (win);
  test_window_sign_in (win, "auditor.fox");
  g_assert_true (pd_window_select_view (win, "lpr-reviews"));
  reviews = PD_ACTION_TABLE_VIEW (pd_window_get_view_widget (win, "lpr-reviews"));
  WAIT (reviews_loaded, GUINT_TO_POINTER (1));
  signed_by = pd_table_view_dup_cell (pd_action_table_view_get_table (reviews), 0, 4);
  g_assert_cmpstr (signed_by, ==, "Due");
  g_assert_true (pd_table_view_select (pd_action_table_view_get_table (reviews), 0));
  pd_action_table_view_act (reviews, 0, "Both plates still needed: open NCIC entries");
  WAIT (review_message_has, (gpointer) "Signed off");
  WAIT (reviews_loaded, GUINT_TO_POINTER (1));
  g_free (signed_by);
  signed_by = pd_table_view_dup_cell (pd_action_table_view_get_table (reviews), 0, 4);
  g_assert_cmpstr (signed_by, ==, "auditor.fox");
  test_window_save_state (win, "lpr-reviews.png");
  g_assert_true (pd_table_view_select (pd_action_table_view_get_table (reviews), 0));
  pd_action_table_view_act (reviews, 0, "again");
  WAIT (review_message_has, (gpointer) "already");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdClient) admin = NULL, analyst = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *key = NULL;
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  gtk_test_init (&argc, &argv, NULL);
  admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  analyst = pd_test_grant (daemon_, "lpr.ortiz", "lpr", 1);
  key = pd_test_api_key (admin, "lpr_feed", "Caltrans feed", NULL, "lpr");
  feed = pd_test_public_client (daemon_, key);
  r = pd_client_post (analyst, "/v1/lpr/displays", &error, "name", G_TYPE_STRING, "Stolen vehicles", "reason",
                      G_TYPE_STRING, "NCIC stolen and amber alerts", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (analyst, "/v1/lpr/displays/1/items", &error, "plate", G_TYPE_STRING, "7ABC123", "state",
                      G_TYPE_STRING, "CA", "reason", G_TYPE_STRING, "stolen 2026-11-30", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (analyst, "/v1/lpr/displays/1/items", &error, "plate", G_TYPE_STRING, "5SAM00", "state",
                      G_TYPE_STRING, "AZ", "reason", G_TYPE_STRING, "amber alert", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  send_read ("7ABC123", "CA", "R1");
  send_read ("7A8C123", "CA", "R2");
  /* a renewal of the grant: its notice is for the app to show */
  {
    g_autoptr(PdClient) owner = pd_test_login (daemon_, "sysowner", NULL, TRUE);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) last_week = g_date_time_add_days (now, -7);
    g_autofree char *training = g_date_time_format (last_week, "%Y-%m-%d");
    g_autofree char *approve = NULL;

    r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "lpr.ortiz",
                        "training_date", G_TYPE_STRING, training, NULL);
    g_assert_no_error (error);
    approve = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/approve",
                               json_object_get_int_member (json_node_get_object (r), "id"));
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_post (admin, approve, &error, "level", G_TYPE_STRING, "supervisor", NULL);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_post (owner, approve, &error, "level", G_TYPE_STRING, "system_owner", NULL);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
  }
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/lpr/notice-and-alerts", test_notice_and_alerts);
  g_test_add_func ("/app/lpr/query-and-save", test_query_and_save);
  g_test_add_func ("/app/lpr/quarterly-review", test_quarterly_review);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  g_clear_object (&feed);
  pd_test_daemon_free (daemon_);
  return status;
}
