/* test-app-landing.c: the Landing Rights view in the real app, under
 * Xvfb, against a real portdeskd --demo
 *
 * The port director sees the demo's requests (open ones, then all),
 * opens LR-LAX-000003 with its flights and research, decides it (approve
 * with conditions) through the dialog, which asks for the conditions only
 * then; the status changes in the detail, the queue and the service, a
 * second decision is refused in the service's words, and the schedule
 * lists the approved flights of a day and a week.  A CBP officer may
 * recommend but not decide; a message sent from the view reaches the
 * service, and one from the air operator (the public intake API, over
 * TCP) shows live.  With PD_SCREENSHOT_DIR set, each step is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-app-test-window.h"
#include "pd-chat-pane.h"
#include "pd-clock.h"
#include "pd-json.h"
#include "pd-landing-dialog.h"
#include "pd-landing-view.h"
#include "pd-screenshot.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000

#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;
static PdLandingView *view;
static PdClient      *operator_;
static char          *operator_ref;

static JsonObject *
get_as (const char *username,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = test_call_as (daemon_->socket, username, "GET", path, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r));
  return json_object_ref (json_node_get_object (r));
}

static gboolean
queue_has (gpointer data)
{
  PdTableView *t = pd_landing_view_get_queue (view);

  return !pd_table_view_get_loading (t) && pd_table_view_get_n_rows (t) == GPOINTER_TO_UINT (data);
}

static gboolean
schedule_has (gpointer data)
{
  return test_table_lists (pd_landing_view_get_schedule (view), GPOINTER_TO_UINT (data));
}

static gboolean
ref_listed (gpointer data)
{
  PdTableView *t = pd_landing_view_get_queue (view);

  if (pd_table_view_get_loading (t))
    return FALSE;
  for (guint i = 0; i < pd_table_view_get_n_rows (t); i++)
    {
      g_autofree char *cell = pd_table_view_dup_cell (t, i, 0);

      if (g_strcmp0 (cell, data) == 0)
        return TRUE;
    }
  return FALSE;
}

/* the detail shows @data's status ("ref status"), its research loaded */
static gboolean
detail_is (gpointer data)
{
  PdLandingDetail *d = pd_landing_view_get_detail (view);
  g_auto(GStrv) want = g_strsplit (data, " ", 2);

  return !pd_landing_detail_get_busy (d) && g_strcmp0 (pd_landing_detail_get_ref (d), want[0]) == 0 &&
         g_strcmp0 (pd_landing_detail_get_status (d), want[1]) == 0 && pd_landing_detail_get_research_loaded (d);
}

static gboolean
detail_error_has (gpointer data)
{
  PdLandingDetail *d = pd_landing_view_get_detail (view);
  const char *e = pd_landing_detail_get_error (d);

  return !pd_landing_detail_get_busy (d) && e != NULL && strstr (e, data) != NULL;
}

static gboolean
chat_has (gpointer data)
{
  return pd_chat_pane_get_n_messages (pd_landing_detail_get_chat (pd_landing_view_get_detail (view))) ==
         GPOINTER_TO_UINT (data);
}

static PdLandingDialog *
open_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (PD_IS_LANDING_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return PD_LANDING_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return open_dialog () != NULL;
}

static void
save_dialog (PdLandingDialog *dialog,
             const char      *name)
{
  const char *dir = g_getenv ("PD_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  test_spin (300);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (pd_screenshot_save (GTK_WIDGET (dialog), path, &error));
}

static void
open_view (const char *username)
{
  test_window_sign_in (win, username);
  g_assert_true (pd_window_select_view (win, "landing"));
  view = PD_LANDING_VIEW (pd_window_get_view_widget (win, "landing"));
  g_assert_nonnull (view);
}

static void
test_director_decides (void)
{
  PdLandingDetail *detail;
  PdLandingDialog *dialog;
  g_autoptr(JsonObject) seen = NULL;
  g_autofree char *cell = NULL, *tomorrow = NULL, *today = NULL;

  open_view ("director.ng");
  detail = pd_landing_view_get_detail (view);

  /* the demo's requests: two open, five in all */
  WAIT (queue_has, GUINT_TO_POINTER (2));
  test_window_save_state (win, "landing-queue.png");
  pd_landing_view_set_open_only (view, FALSE);
  WAIT (queue_has, GUINT_TO_POINTER (5));
  pd_landing_view_set_open_only (view, TRUE);
  WAIT (queue_has, GUINT_TO_POINTER (2));

  /* LR-LAX-000003 with its flight and the research */
  g_assert_true (pd_landing_view_select_ref (view, "LR-LAX-000003"));
  WAIT (detail_is, "LR-LAX-000003 submitted");
  g_assert_cmpuint (pd_landing_detail_get_n_flights (detail), ==, 1);
  g_assert_cmpuint (pd_landing_detail_get_n_checked (detail), ==, 1);
  g_assert_cmpuint (pd_landing_detail_get_n_earlier (detail), >, 0);
  g_assert_cmpuint (pd_landing_detail_get_n_over_capacity (detail), ==, 0);
  g_assert_cmpuint (pd_landing_detail_get_n_history (detail), >=, 1);
  g_assert_true (pd_landing_detail_get_can_decide (detail));
  test_window_save_state (win, "landing-detail.png");

  /* the dialog: conditions only with an approval with conditions, and required then */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "landing.decide", NULL));
  WAIT (dialog_shown, NULL);
  dialog = open_dialog ();
  g_assert_cmpint (pd_landing_dialog_get_ask (dialog), ==, PD_LANDING_ASK_DECIDE);
  g_assert_false (pd_landing_dialog_get_conditions_shown (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok"));
  pd_landing_dialog_fill (dialog, "approve_with_conditions", "Slot available at TBIT; bond valid", NULL);
  g_assert_true (pd_landing_dialog_get_conditions_shown (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok"));
  pd_landing_dialog_fill (dialog, "approve_with_conditions", "Slot available at TBIT; bond valid",
                          "Gate 148 only; APIS 60 minutes before departure");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok"));
  save_dialog (dialog, "landing-decide.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");

  /* the status changes: in the detail, the queue (no longer open) and the service */
  WAIT (detail_is, "LR-LAX-000003 approved_with_conditions");
  WAIT (queue_has, GUINT_TO_POINTER (1));
  g_assert_nonnull (strstr (pd_landing_view_get_message (view), "LR-LAX-000003"));
  seen = get_as ("officer.ray", "/v1/landing/requests/LR-LAX-000003");
  g_assert_cmpstr (pd_json_str (seen, "status"), ==, "approved_with_conditions");
  g_assert_cmpstr (pd_json_str (seen, "conditions"), ==, "Gate 148 only; APIS 60 minutes before departure");
  g_assert_cmpstr (pd_json_str (seen, "decided_by"), ==, "director.ng");
  pd_landing_view_set_open_only (view, FALSE);
  WAIT (queue_has, GUINT_TO_POINTER (5));
  g_assert_true (pd_landing_view_select_ref (view, "LR-LAX-000003"));
  cell = pd_table_view_dup_cell (pd_landing_view_get_queue (view), 0, 1);
  g_assert_nonnull (cell);
  test_window_save_state (win, "landing-decided.png");

  /* once decided, it stays decided: the service's words */
  pd_landing_detail_decide (detail, "deny", "second thoughts", NULL);
  WAIT (detail_error_has, "no longer change");

  /* the schedule: approved flights by arrival (demo: two tomorrow, this one the day after) */
  pd_landing_view_show_page (view, "schedule");
  today = test_service_date (daemon_, 0);
  tomorrow = test_service_date (daemon_, 1);
  pd_landing_view_set_schedule (view, today, TRUE);
  WAIT (schedule_has, GUINT_TO_POINTER (3));
  test_window_save_state (win, "landing-schedule.png");
  pd_landing_view_set_schedule (view, tomorrow, FALSE);
  WAIT (schedule_has, GUINT_TO_POINTER (2));
  pd_landing_view_show_page (view, "requests");
  pd_window_sign_out (win);
}

/* The operator (a new air_operator key) submits a request of its own. */
static char *
submit_as_operator (void)
{
  gint64 now = pd_test_daemon_now (daemon_);
  g_autofree char *etd = pd_time_format (now + 48 * G_TIME_SPAN_HOUR);
  g_autofree char *eta = pd_time_format (now + 53 * G_TIME_SPAN_HOUR);
  g_autofree char *text = g_strdup_printf (
      "{\"port\":\"LAX\",\"type\":\"commercial_passenger\",\"airline_name\":\"Delta Air Lines\","
      "\"airline_code\":\"DL\",\"bond_number\":\"9B7123456\",\"flights\":[{\"scheduled\":true,"
      "\"precleared\":false,\"flight_number\":\"DL417\",\"departure_airport\":\"JFK\",\"arrival_airport\":\"LAX\","
      "\"etd\":\"%s\",\"eta\":\"%s\",\"passengers\":180,\"terminal\":\"T3\",\"equipment\":\"A321\"}]}", etd, eta);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  r = pd_client_call (operator_, "POST", "/v1/intake/landing/requests", json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (r), "ref"));
}

static gboolean
any_dialog (gpointer data)
{
  return open_dialog () != NULL;
}

static gboolean
recommended (gpointer data)
{
  g_autoptr(JsonObject) seen = get_as ("director.ng", "/v1/landing/requests/LR-LAX-000004");

  return g_strcmp0 (pd_json_str (seen, "recommendation"), data) == 0;
}

static void
test_officer_recommends_and_chats (void)
{
  PdLandingDetail *detail;
  PdLandingDialog *dialog;
  PdChatPane *chat;
  g_autoptr(JsonObject) seen = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *want = NULL, *last = NULL;
  JsonArray *messages;
  gboolean found = FALSE;

  open_view ("officer.ray");
  detail = pd_landing_view_get_detail (view);
  chat = pd_landing_detail_get_chat (detail);
  WAIT (queue_has, GUINT_TO_POINTER (1));
  test_window_save_state (win, "landing-officer.png");
  g_assert_true (pd_landing_view_select_ref (view, "LR-LAX-000004"));
  WAIT (detail_is, "LR-LAX-000004 submitted");

  /* no decision for an officer who is not a designee */
  g_assert_false (pd_landing_detail_get_can_decide (detail));
  gtk_widget_activate_action (GTK_WIDGET (detail), "landing.decide", NULL);
  g_assert_false (test_wait_until (any_dialog, NULL, 500));

  /* a recommendation, through its dialog */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "landing.recommend", NULL));
  WAIT (dialog_shown, NULL);
  dialog = open_dialog ();
  g_assert_cmpint (pd_landing_dialog_get_ask (dialog), ==, PD_LANDING_ASK_RECOMMEND);
  pd_landing_dialog_fill (dialog, "deny", "Cargo West is full that night", NULL);
  g_assert_false (pd_landing_dialog_get_conditions_shown (dialog));
  save_dialog (dialog, "landing-recommend.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  WAIT (recommended, "deny");
  WAIT (detail_is, "LR-LAX-000004 submitted");

  /* a message from the view reaches the service */
  pd_chat_pane_send (chat, "Please confirm the ground handler at Cargo West.");
  WAIT (chat_has, GUINT_TO_POINTER (1));
  seen = get_as ("director.ng", "/v1/landing/requests/LR-LAX-000004");
  messages = pd_json_array (seen, "chat");
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);

      found |= g_strcmp0 (pd_json_str (m, "side"), "officer") == 0 &&
               g_strcmp0 (pd_json_str (m, "sender"), "officer.ray") == 0 &&
               g_strcmp0 (pd_json_str (m, "body"), "Please confirm the ground handler at Cargo West.") == 0;
    }
  g_assert_true (found);

  /* an operator's new request (submitted over TCP) arrives live, and so
   * does the operator's message on it */
  operator_ref = submit_as_operator ();
  WAIT (ref_listed, operator_ref);
  g_assert_true (pd_landing_view_select_ref (view, operator_ref));
  want = g_strdup_printf ("%s submitted", operator_ref);
  WAIT (detail_is, want);
  g_assert_cmpuint (pd_chat_pane_get_n_messages (chat), ==, 0);
  path = g_strdup_printf ("/v1/intake/landing/requests/%s/chat", operator_ref);
  r = pd_client_post (operator_, path, &error, "body", G_TYPE_STRING, "Our bond renewal is attached.", NULL);
  g_assert_no_error (error);
  WAIT (chat_has, GUINT_TO_POINTER (1));
  last = pd_chat_pane_dup_message (chat, 0);
  g_assert_cmpstr (last, ==, "requester: Our bond renewal is attached.");
  test_window_save_state (win, "landing-chat.png");
  /* nothing counted twice (the view reloads on the chat event too) */
  test_spin (500);
  g_assert_cmpuint (pd_chat_pane_get_n_messages (chat), ==, 1);
  pd_window_sign_out (win);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdClient) admin = NULL;
  g_autofree char *key = NULL;
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  gtk_test_init (&argc, &argv, NULL);
  admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  key = pd_test_api_key (admin, "air_operator", "Skyline Ground Ops", NULL, "landing");
  operator_ = pd_test_public_client (daemon_, key);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/landing/director-decides", test_director_decides);
  g_test_add_func ("/app/landing/officer-recommends-and-chats", test_officer_recommends_and_chats);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  g_clear_object (&operator_);
  g_free (operator_ref);
  pd_test_daemon_free (daemon_);
  return status;
}
