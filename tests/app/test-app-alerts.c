/* test-app-alerts.c: the CBP officer's TVS Alerts view in the real app,
 * under Xvfb, against a real portdeskd with the demo holdings and the TVS
 * demo (a flight leaving LAX, its gallery, a gate, captures)
 *
 * The newest alert is shown with its capture; a disposition without a
 * reason shows the service's refusal and changes nothing; one with a
 * reason leaves the open list and is kept with its reason; a new capture
 * at the gate reaches the list live (the tvs.alert event); the flight
 * board lists the flight with its gallery.  With PD_SCREENSHOT_DIR set,
 * the states are saved there (they show the demo pictures' faces: made on
 * demand, never committed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-alerts-view.h"
#include "pd-app-test-window.h"
#include "pd-json.h"
#include "pd-screenshot.h"
#include "pd-test-daemon.h"
#include "pd-report.h"
#include "pd-reports-view.h"

#define TIMEOUT_MS 30000

#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;
static PdAlertsView  *view;

static gboolean
shown (gpointer data)
{
  return pd_alerts_view_get_shown (view) != 0;
}

static gboolean
n_alerts_is (gpointer data)
{
  return pd_alerts_view_get_n_alerts (view) == GPOINTER_TO_UINT (data);
}

static gboolean
settled (gpointer data)
{
  return !pd_view_get_busy (PD_VIEW (view));
}

static gboolean
message_has (gpointer data)
{
  const char *m = pd_alerts_view_get_message (view);

  return pd_alerts_view_get_shown (view) != 0 && m != NULL && strstr (m, data) != NULL;
}

static JsonObject *
get (const char  *path,
     JsonNode   **keep)
{
  g_autoptr(PdClient) officer = pd_test_login (daemon_, "officer.ray", NULL, TRUE);
  g_autoptr(GError) error = NULL;

  *keep = pd_client_call (officer, "GET", path, NULL, &error);
  g_assert_no_error (error);
  return json_node_get_object (*keep);
}

static void
test_dispose (void)
{
  g_autoptr(JsonNode) keep = NULL;
  g_autofree char *path = NULL;
  gint64 first;
  JsonObject *a;

  test_window_sign_in (win, "officer.ray");
  g_assert_true (pd_window_select_view (win, "alerts"));
  view = PD_ALERTS_VIEW (pd_window_get_view_widget (win, "alerts"));
  WAIT (n_alerts_is, GUINT_TO_POINTER (3));
  /* the newest is shown by itself */
  WAIT (shown, NULL);
  first = pd_alerts_view_get_shown (view);
  test_window_save_state (win, "alerts.png");

  /* no reason: the service's words, nothing changed */
  pd_alerts_view_dispose_alert (view, "confirmed", "", FALSE);
  WAIT (message_has, (gpointer) "reason");
  g_assert_cmpuint (pd_alerts_view_get_n_alerts (view), ==, 3);

  pd_alerts_view_dispose_alert (view, "referred", "Sent to secondary: no entry record", FALSE);
  WAIT (n_alerts_is, GUINT_TO_POINTER (2));
  WAIT (message_has, (gpointer) "Sent to secondary");
  path = g_strdup_printf ("/v1/alerts/%" G_GINT64_FORMAT, first);
  a = get (path, &keep);
  g_assert_cmpstr (pd_json_str (a, "disposition"), ==, "referred");
  g_assert_cmpstr (pd_json_str (a, "reason"), ==, "Sent to secondary: no entry record");
  g_assert_null (pd_json_str (a, "capture"));   /* not shown once disposed of */

  /* another one selected: the detail follows */
  g_assert_true (pd_alerts_view_select (view, 0));
  WAIT (shown, NULL);
  g_assert_cmpint (pd_alerts_view_get_shown (view), !=, first);
  test_window_save_state (win, "alerts-second.png");
}

static void
test_live (void)
{
  g_autoptr(PdClient) admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) key = NULL, flights = NULL, answer = NULL;
  g_autofree char *path = NULL;
  JsonObject *f;
  guint before;

  /* the count before, once the reload the disposition asked for is over */
  WAIT (settled, NULL);
  before = pd_alerts_view_get_n_alerts (view);
  /* the view busy when the event comes (or soon after): it is not lost */
  pd_view_reload (PD_VIEW (view));

  /* the demo's gate device is the only one: a second registered the same */
  key = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, "gate_device", "name", G_TYPE_STRING,
                        "Gate 42C", "port", G_TYPE_STRING, "LAX", "scopes", G_TYPE_STRING, "tvs", NULL);
  g_assert_no_error (error);
  {
    const char *secret = pd_json_str (json_node_get_object (key), "key");
    g_autofree char *id = g_strndup (secret, strcspn (secret + 4, "_") + 4);
    g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/gates", &error, "key_id", G_TYPE_STRING, id, "terminal",
                                            G_TYPE_STRING, "4", "gate", G_TYPE_STRING, "42C", NULL);

    g_assert_no_error (error);
    device = pd_test_public_client (daemon_, secret);
  }
  flights = pd_client_call (admin, "GET", "/v1/flights", NULL, &error);
  g_assert_no_error (error);
  f = json_array_get_object_element (pd_json_array (json_node_get_object (flights), "items"), 0);
  g_assert_cmpint (pd_json_int (f, "in_gallery", 0), >, 0);
  path = g_strdup_printf ("/v1/gate/opt-outs?flight=%s&date=%s", pd_json_str (f, "flight"),
                          pd_json_str (f, "departure_date"));
  answer = pd_client_call (device, "POST", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_json_str (json_node_get_object (answer), "action"), ==, "wait");
  /* no reload asked: the event brings it */
  WAIT (n_alerts_is, GUINT_TO_POINTER (before + 1));

  pd_alerts_view_show_page (view, "flights");
  test_window_save_state (win, "alerts-flights.png");
  pd_alerts_view_show_page (view, "gates");
  test_window_save_state (win, "alerts-gates.png");
}

static gboolean
report_loaded (gpointer data)
{
  return !pd_reports_view_get_busy (data);
}

/* The Reports view: the day's TVS rates by citizenship, drawn. */
static void
test_report (void)
{
  PdReportsView *report;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_hours (now, 3);
  g_autofree char *day = g_date_time_format (soon, "%Y-%m-%d");
  JsonObject *rates;

  g_assert_true (pd_window_select_view (win, "reports"));
  report = PD_REPORTS_VIEW (pd_window_get_view_widget (win, "reports"));
  WAIT (report_loaded, report);
  pd_reports_view_load (report, "tvs", day, day, "citizenship");
  WAIT (report_loaded, report);
  g_assert_null (pd_reports_view_get_error (report));
  rates = pd_report_series (pd_reports_view_get_report (report), "rates");
  g_assert_cmpuint (json_array_get_length (pd_json_array (rates, "rows")), >=, 3);
  test_window_save_state (win, "reports-tvs.png");
  /* a range the service refuses: its words, nothing drawn */
  pd_reports_view_load (report, "tvs", day, "2020-01-01", "citizenship");
  WAIT (report_loaded, report);
  g_assert_nonnull (pd_reports_view_get_error (report));
  g_assert_null (pd_reports_view_get_report (report));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdClient) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) seeded = NULL;
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  gtk_test_init (&argc, &argv, NULL);
  admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  seeded = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 0, "tvs",
                           G_TYPE_BOOLEAN, TRUE, NULL);
  g_assert_no_error (error);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/alerts/dispose", test_dispose);
  g_test_add_func ("/app/alerts/live", test_live);
  g_test_add_func ("/app/alerts/report", test_report);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
