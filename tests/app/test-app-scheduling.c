/* test-app-scheduling.c: the Scheduling Dashboard in the real window
 * against a real portdeskd with its public intake listener
 *
 * Runs under Xvfb (see tests/app/meson.build).  A broker submits a request
 * through the intake API; it appears live on the dashboard of the LAX
 * agriculture specialist, who accepts and schedules it; both sides chat;
 * another officer's move shows up live; the inspection completes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "pd-app-test-window.h"
#include "pd-application.h"
#include "pd-client.h"
#include "pd-move-dialog.h"
#include "pd-scheduling-view.h"
#include "pd-screenshot.h"
#include "pd-test-daemon.h"
#include "pd-window.h"

static PdTestDaemon     *daemon_;
static PdApplication    *app;
static PdWindow         *win;
static PdSchedulingView *view;
static PdClient         *broker;     /* the public side, over TCP with an API key */
static PdClient         *officer;    /* ag.lopez from the side, to compare with the service */
static char             *ref;        /* the request the broker submits */

#define TIMEOUT_MS 20000

#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

/* --- conditions ------------------------------------------------------------ */

static gboolean
events_connected (gpointer data)
{
  return pd_service_client_get_events_connected (pd_window_get_client (win));
}

static gboolean
view_loaded (gpointer data)
{
  return !pd_scheduling_view_get_loading (view) &&
         (pd_scheduling_view_get_n_rows (view) > 0 || pd_scheduling_view_get_error (view) != NULL);
}

static gboolean
view_settled (gpointer data)
{
  return !pd_scheduling_view_get_loading (view);
}

static gboolean
row_present (gpointer data)
{
  return pd_scheduling_view_lookup (view, data) != NULL;
}

static gboolean
row_status_is (gpointer data)
{
  const char * const *want = data;   /* { ref, status } */
  PdInspectionObject *o = pd_scheduling_view_lookup (view, want[0]);

  return o != NULL && g_strcmp0 (pd_inspection_object_get_status (o), want[1]) == 0;
}

static gboolean
detail_status_is (gpointer data)
{
  PdInspectionDetail *detail = pd_scheduling_view_get_detail (view);

  return !pd_inspection_detail_get_busy (detail) &&
         g_strcmp0 (pd_inspection_detail_get_ref (detail), ref) == 0 &&
         g_strcmp0 (pd_inspection_detail_get_status (detail), data) == 0;
}

static gboolean
detail_has_messages (gpointer data)
{
  return pd_inspection_detail_get_n_messages (pd_scheduling_view_get_detail (view)) >= GPOINTER_TO_UINT (data);
}

/* --- helpers --------------------------------------------------------------- */

static char *
iso_in_hours (int hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) t = g_date_time_add_hours (now, hours);

  return g_date_time_format_iso8601 (t);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) p = json_parser_new ();

  g_assert_true (json_parser_load_from_data (p, text, -1, NULL));
  return json_node_copy (json_parser_get_root (p));
}

static JsonObject *
call_ok (PdClient   *client,
         const char *method,
         const char *path,
         JsonNode   *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (client, method, path, body, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r));
  return json_object_ref (json_node_get_object (r));
}

static gint64
service_total (const char *query)
{
  g_autofree char *path = g_strdup_printf ("/v1/inspections?limit=1&%s", query);
  g_autoptr(JsonObject) r = call_ok (officer, "GET", path, NULL);

  return json_object_get_int_member (r, "total");
}

static void
maybe_screenshot_widget (GtkWidget  *widget,
                         const char *name)
{
  const char *dir = g_getenv ("PD_TEST_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  test_spin (400);
  file = g_strdup_printf ("%s/scheduling-%s.png", dir, name);
  g_assert_true (pd_screenshot_save (widget, file, &error));
}

static void
maybe_screenshot (const char *name)
{
  maybe_screenshot_widget (GTK_WIDGET (win), name);
}

/* --- preconditions: each test sets up what it needs, so it can run alone --- */

/* Signed in as the LAX specialist, on the Scheduling Dashboard, loaded. */
static void
open_dashboard (void)
{
  GtkWidget *widget;

  if (g_strcmp0 (pd_window_get_page (win), "workspace") != 0)
    test_window_sign_in (win, "ag.lopez");
  g_assert_true (pd_window_select_view (win, "scheduling"));
  widget = pd_window_get_view_widget (win, "scheduling");
  g_assert_true (PD_IS_SCHEDULING_VIEW (widget));
  view = PD_SCHEDULING_VIEW (widget);
  WAIT (view_loaded, NULL);
}

static char *
submit_request (void)
{
  g_autofree char *ws = iso_in_hours (2);
  g_autofree char *we = iso_in_hours (10);
  g_autofree char *text = g_strdup_printf (
      "{\"kind\":\"cargo\",\"port\":\"LAX\","
      "\"requester\":{\"company\":\"Acme Imports\",\"importer_id\":\"IOR-12345\",\"contact_name\":\"Jo Doe\","
      "\"contact_email\":\"jo@acme.example\",\"contact_phone\":\"+1 310 555 0100\"},"
      "\"commodities\":[{\"description\":\"Fresh cut roses\",\"category\":\"plants\",\"quantity\":40,"
      "\"unit\":\"cartons\",\"origin\":\"COL\"}],"
      "\"window\":{\"start\":\"%s\",\"end\":\"%s\"},\"perishable\":true}", ws, we);
  g_autoptr(JsonNode) body = parse (text);
  g_autoptr(JsonObject) r = call_ok (broker, "POST", "/v1/intake/inspections", body);

  return g_strdup (json_object_get_string_member (r, "ref"));
}

/* `ref` is a request in @status, open in the detail: the one the tests
 * before left there, or a new one moved there through the service. */
static void
need_request (const char *status)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) d = NULL;
  const char *want[2];

  open_dashboard ();
  if (ref != NULL)
    {
      path = g_strdup_printf ("/v1/inspections/%s", ref);
      d = call_ok (officer, "GET", path, NULL);
    }
  if (d == NULL || g_strcmp0 (json_object_get_string_member (d, "status"), status) != 0)
    {
      g_free (ref);
      ref = submit_request ();
      g_clear_pointer (&path, g_free);
      path = g_strdup_printf ("/v1/inspections/%s", ref);
      if (!g_str_equal (status, "submitted"))
        {
          g_autofree char *move = g_strdup_printf ("/v1/inspections/%s/transition", ref);
          g_autoptr(JsonNode) accept = parse ("{\"to\":\"accepted\"}");
          g_autoptr(JsonObject) r = call_ok (officer, "POST", move, accept);
          g_autoptr(JsonObject) detail = call_ok (officer, "GET", path, NULL);
          JsonArray *slots = json_object_get_array_member (detail, "slots");
          g_autofree char *text = g_strdup_printf ("{\"to\":\"scheduled\",\"inspector\":\"ag.lopez\",\"slot_start\":\"%s\"}",
              json_object_get_string_member (json_array_get_object_element (slots, 0), "start"));
          g_autoptr(JsonNode) schedule = parse (text);
          g_autoptr(JsonObject) r2 = NULL;

          g_assert_cmpstr (status, ==, "scheduled");
          r2 = call_ok (officer, "POST", move, schedule);
        }
    }
  want[0] = ref;
  want[1] = status;
  WAIT (row_status_is, want);
  g_assert_true (pd_scheduling_view_select_ref (view, ref));
  WAIT (detail_status_is, status);
}

/* --- tests ----------------------------------------------------------------- */

static void
test_list_fills (void)
{
  GtkWidget *widget;
  gint64 total;
  GListModel *model;

  open_dashboard ();
  widget = GTK_WIDGET (view);
  g_assert_true (PD_IS_SCHEDULING_VIEW (widget));
  g_assert_null (pd_scheduling_view_get_error (view));

  /* every request of the port, as the service counts them */
  total = service_total ("");
  g_assert_cmpint (total, >, 0);
  g_assert_cmpuint (pd_scheduling_view_get_n_rows (view), ==, total);
  g_assert_cmpuint (pd_scheduling_view_get_n_shown (view), ==, total);

  /* sorted by the requested time, the column's sorter */
  model = pd_scheduling_view_get_model (view);
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdInspectionObject) a = g_list_model_get_item (model, i - 1);
      g_autoptr(PdInspectionObject) b = g_list_model_get_item (model, i);

      g_assert_cmpint (pd_inspection_object_get_requested (a), <=, pd_inspection_object_get_requested (b));
      g_assert_cmpstr (pd_inspection_object_get_port (b), ==, "LAX");
    }
  /* late perishables stand out: their cells carry the class the CSS paints */
  {
    guint late_perishable = 0;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(PdInspectionObject) o = g_list_model_get_item (model, i);
        g_auto(GStrv) classes = NULL;
        gboolean lp = FALSE;

        g_object_get (o, "late-perishable", &lp, "row-classes", &classes, NULL);
        if (lp)
          {
            late_perishable++;
            g_assert_true (g_strv_contains ((const char * const *) classes, "pd-late-perishable"));
            g_assert_true (pd_inspection_object_get_perishable (o) && pd_inspection_object_get_late (o));
          }
      }
    g_assert_cmpuint (late_perishable, >, 0);
  }
  WAIT (events_connected, NULL);
  maybe_screenshot ("list");
}

static void
check_shown (gboolean (*pred) (PdInspectionObject *, gconstpointer),
             gconstpointer data)
{
  GListModel *model = pd_scheduling_view_get_model (view);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdInspectionObject) o = g_list_model_get_item (model, i);

      g_assert_true (pred (o, data));
    }
}

static gboolean
has_status (PdInspectionObject *o,
            gconstpointer       data)
{
  return g_strcmp0 (pd_inspection_object_get_status (o), data) == 0;
}

static gboolean
has_kind (PdInspectionObject *o,
          gconstpointer       data)
{
  return g_strcmp0 (pd_inspection_object_get_kind (o), data) == 0;
}

static gboolean
mentions (PdInspectionObject *o,
          gconstpointer       data)
{
  g_autofree char *hay = g_utf8_casefold (pd_inspection_object_get_search_text (o), -1);

  return strstr (hay, data) != NULL;
}

static gboolean
is_late (PdInspectionObject *o,
         gconstpointer       data)
{
  return pd_inspection_object_get_late (o);
}

static void
test_filters (void)
{
  guint all;
  guint shown;

  open_dashboard ();
  all = pd_scheduling_view_get_n_rows (view);
  pd_scheduling_view_set_status_filter (view, "submitted");
  WAIT (view_settled, NULL);
  g_assert_cmpuint (pd_scheduling_view_get_n_shown (view), ==, service_total ("status=submitted"));
  g_assert_cmpuint (pd_scheduling_view_get_n_shown (view), <, all);
  check_shown (has_status, "submitted");

  pd_scheduling_view_set_status_filter (view, NULL);
  pd_scheduling_view_set_kind_filter (view, "cargo");
  WAIT (view_settled, NULL);
  g_assert_cmpuint (pd_scheduling_view_get_n_shown (view), ==, service_total ("kind=cargo"));
  check_shown (has_kind, "cargo");

  pd_scheduling_view_set_kind_filter (view, NULL);
  pd_scheduling_view_set_late_only (view, TRUE);
  WAIT (view_settled, NULL);
  g_assert_cmpuint (pd_scheduling_view_get_n_shown (view), ==, service_total ("late=1"));
  check_shown (is_late, NULL);
  pd_scheduling_view_set_late_only (view, FALSE);

  /* the search also looks at refs and contacts, so it finds at least what
   * the service's text search finds */
  pd_scheduling_view_set_search (view, "Roses");
  WAIT (view_settled, NULL);
  shown = pd_scheduling_view_get_n_shown (view);
  g_assert_cmpuint (shown, >=, service_total ("q=roses"));
  g_assert_cmpuint (shown, <, all);
  check_shown (mentions, "roses");
  maybe_screenshot ("search");

  pd_scheduling_view_set_search (view, NULL);
  WAIT (view_settled, NULL);
  g_assert_cmpuint (pd_scheduling_view_get_n_shown (view), ==, all);
}

static void
test_live_request (void)
{
  guint before;
  PdInspectionObject *o;

  open_dashboard ();
  before = pd_scheduling_view_get_n_rows (view);
  g_free (ref);
  ref = submit_request ();
  g_assert_nonnull (ref);

  /* no reload: the event brings it */
  WAIT (row_present, ref);
  g_assert_cmpuint (pd_scheduling_view_get_n_rows (view), ==, before + 1);
  o = pd_scheduling_view_lookup (view, ref);
  g_assert_cmpstr (pd_inspection_object_get_status (o), ==, "submitted");
  g_assert_cmpstr (pd_inspection_object_get_requester (o), ==, "Acme Imports");
  g_assert_true (pd_inspection_object_get_perishable (o));
  g_assert_false (pd_inspection_object_get_late (o));
}

static void
test_accept_and_schedule (void)
{
  PdInspectionDetail *detail;
  const char *accepted[2], *scheduled[2];
  g_autofree char *slot = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) seen = NULL;
  g_autoptr(GDateTime) slot_dt = NULL;
  g_autoptr(GDateTime) slot_local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  need_request ("submitted");
  detail = pd_scheduling_view_get_detail (view);
  accepted[0] = scheduled[0] = ref;
  accepted[1] = "accepted";
  scheduled[1] = "scheduled";
  g_assert_true (pd_scheduling_view_select_ref (view, ref));
  WAIT (detail_status_is, "submitted");
  g_assert_cmpuint (pd_inspection_detail_get_n_history (detail), ==, 1);

  /* the button's action, as Alt+A or a click runs it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "insp.accept", NULL));
  WAIT (detail_status_is, "accepted");
  WAIT (row_status_is, accepted);
  g_assert_cmpuint (pd_inspection_detail_get_n_history (detail), ==, 2);

  /* the schedule dialog's first slot, with the officer as inspector */
  slot = pd_inspection_detail_dup_first_slot (detail);
  g_assert_nonnull (slot);
  pd_inspection_detail_transition (detail, "scheduled", NULL, NULL, slot, "ag.lopez");
  WAIT (detail_status_is, "scheduled");
  WAIT (row_status_is, scheduled);
  g_assert_null (pd_inspection_detail_get_error (detail));

  /* the requester sees it */
  path = g_strdup_printf ("/v1/intake/inspections/%s", ref);
  seen = call_ok (broker, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (seen, "status"), ==, "scheduled");
  g_assert_cmpstr (json_object_get_string_member (seen, "inspector"), ==, "ag.lopez");

  /* and the day queue of that day lists it */
  slot_dt = g_date_time_new_from_iso8601 (slot, NULL);
  slot_local = g_date_time_to_local (slot_dt);
  pd_scheduling_view_show_day_queue (view, TRUE);
  if (g_date_time_get_day_of_year (slot_local) != g_date_time_get_day_of_year (now))
    gtk_widget_activate_action (GTK_WIDGET (view), "scheduling.day", "i", 1);
  WAIT (view_settled, NULL);
  test_spin (50);
  g_assert_cmpuint (pd_scheduling_view_get_n_day (view), >=, 1);
  maybe_screenshot ("day");
  gtk_widget_activate_action (GTK_WIDGET (view), "scheduling.day", "i", 0);
  pd_scheduling_view_show_day_queue (view, FALSE);
  g_assert_true (pd_scheduling_view_select_ref (view, ref));
}

static void
test_status_from_elsewhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(JsonNode) body = parse ("{\"to\":\"accepted\"}");
  GListModel *model;
  g_autofree char *other = NULL;
  g_autofree char *path = NULL;
  const char *want[2];

  need_request ("scheduled");
  model = pd_scheduling_view_get_model (view);
  for (guint i = 0; other == NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdInspectionObject) o = g_list_model_get_item (model, i);

      if (g_strcmp0 (pd_inspection_object_get_status (o), "submitted") == 0 &&
          g_strcmp0 (pd_inspection_object_get_ref (o), ref) != 0)
        other = g_strdup (pd_inspection_object_get_ref (o));
    }
  g_assert_nonnull (other);

  /* the port director accepts it from another workstation */
  path = g_strdup_printf ("/v1/inspections/%s/transition", other);
  moved = test_call_as (daemon_->socket, "director.ng", "POST", path, body, &error);
  g_assert_no_error (error);
  want[0] = other;
  want[1] = "accepted";
  WAIT (row_status_is, want);
  /* the open request stayed open */
  g_assert_cmpstr (pd_inspection_detail_get_ref (pd_scheduling_view_get_detail (view)), ==, ref);
}

static void
test_chat (void)
{
  PdInspectionDetail *detail;
  g_autofree char *path = NULL;
  g_autofree char *get = NULL;
  g_autoptr(JsonNode) body = parse ("{\"body\":\"The truck is at gate 4, can you take it earlier?\"}");
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(JsonObject) seen = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  JsonArray *chat;
  gboolean found = FALSE;

  need_request ("scheduled");
  detail = pd_scheduling_view_get_detail (view);
  path = g_strdup_printf ("/v1/intake/inspections/%s/chat", ref);
  get = g_strdup_printf ("/v1/intake/inspections/%s", ref);
  g_assert_cmpuint (pd_inspection_detail_get_n_messages (detail), ==, 0);
  sent = call_ok (broker, "POST", path, body);

  /* incoming, live */
  WAIT (detail_has_messages, GUINT_TO_POINTER (1));
  first = pd_inspection_detail_dup_message (detail, 0);
  g_assert_cmpstr (first, ==, "requester: The truck is at gate 4, can you take it earlier?");

  /* outgoing, as Enter in the chat entry sends it */
  pd_inspection_detail_send_message (detail, "Yes: come to bay 2 now.");
  WAIT (detail_has_messages, GUINT_TO_POINTER (2));
  second = pd_inspection_detail_dup_message (detail, 1);
  g_assert_cmpstr (second, ==, "officer: Yes: come to bay 2 now.");
  maybe_screenshot ("chat");

  seen = call_ok (broker, "GET", get, NULL);
  chat = json_object_get_array_member (seen, "chat");
  for (guint i = 0; i < json_array_get_length (chat); i++)
    {
      JsonObject *m = json_array_get_object_element (chat, i);

      found |= g_strcmp0 (json_object_get_string_member (m, "side"), "officer") == 0 &&
               g_strcmp0 (json_object_get_string_member (m, "body"), "Yes: come to bay 2 now.") == 0;
    }
  g_assert_true (found);
  /* nothing counted twice */
  test_spin (300);
  g_assert_cmpuint (pd_inspection_detail_get_n_messages (detail), ==, 2);
}

static gboolean
row_unread_is (gpointer data)
{
  const char * const *want = data;   /* { ref, "n" } */
  PdInspectionObject *o = pd_scheduling_view_lookup (view, want[0]);

  return o != NULL && pd_inspection_object_get_unread (o) == atoi (want[1]);
}

static void
test_unread (void)
{
  g_autofree char *ws = iso_in_hours (3);
  g_autofree char *we = iso_in_hours (9);
  g_autofree char *text = g_strdup_printf (
      "{\"kind\":\"personal_goods\",\"port\":\"LAX\","
      "\"requester\":{\"contact_name\":\"Sam Lee\",\"contact_email\":\"sam@example.org\"},"
      "\"commodities\":[{\"description\":\"Mangoes\",\"category\":\"plant_products\",\"quantity\":3,"
      "\"unit\":\"kg\",\"origin\":\"IND\"}],"
      "\"window\":{\"start\":\"%s\",\"end\":\"%s\"},\"perishable\":false}", ws, we);
  g_autoptr(JsonNode) body = parse (text);
  g_autoptr(JsonNode) msg = parse ("{\"body\":\"Is a declaration form enough?\"}");
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autofree char *other = NULL;
  g_autofree char *path = NULL;
  const char *one[2], *zero[2];

  need_request ("scheduled");
  r = call_ok (broker, "POST", "/v1/intake/inspections", body);
  other = g_strdup (json_object_get_string_member (r, "ref"));
  WAIT (row_present, other);

  /* a message on a request that is not open marks its row */
  path = g_strdup_printf ("/v1/intake/inspections/%s/chat", other);
  sent = call_ok (broker, "POST", path, msg);
  one[0] = zero[0] = other;
  one[1] = "1";
  zero[1] = "0";
  WAIT (row_unread_is, one);
  g_assert_cmpstr (pd_inspection_detail_get_ref (pd_scheduling_view_get_detail (view)), ==, ref);

  /* opening it shows the message and reads it */
  g_assert_true (pd_scheduling_view_select_ref (view, other));
  WAIT (detail_has_messages, GUINT_TO_POINTER (1));
  WAIT (row_unread_is, zero);

  g_assert_true (pd_scheduling_view_select_ref (view, ref));
  WAIT (detail_status_is, "scheduled");
}

static void
test_complete (void)
{
  PdInspectionDetail *detail;
  const char *completed[2];
  g_autofree char *get = NULL;
  g_autoptr(JsonObject) seen = NULL;

  need_request ("scheduled");
  detail = pd_scheduling_view_get_detail (view);
  completed[0] = ref;
  completed[1] = "completed";
  get = g_strdup_printf ("/v1/intake/inspections/%s", ref);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "insp.arrive", NULL));
  WAIT (detail_status_is, "arrived");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "insp.start", NULL));
  WAIT (detail_status_is, "in_progress");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "insp.complete", NULL));
  WAIT (detail_status_is, "completed");
  WAIT (row_status_is, completed);
  /* submitted, accepted, scheduled, arrived, in progress, completed */
  g_assert_cmpuint (pd_inspection_detail_get_n_history (detail), ==, 6);

  seen = call_ok (broker, "GET", get, NULL);
  g_assert_cmpstr (json_object_get_string_member (seen, "status"), ==, "completed");
}

static PdMoveDialog *
open_move_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (PD_IS_MOVE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return PD_MOVE_DIALOG (w);
    }
  return NULL;
}

static gboolean
move_dialog_shown (gpointer data)
{
  return open_move_dialog () != NULL;
}

static gboolean
detail_inspector_is (gpointer data)
{
  PdInspectionDetail *detail = pd_scheduling_view_get_detail (view);
  g_autoptr(JsonObject) seen = NULL;
  g_autofree char *path = g_strdup_printf ("/v1/inspections/%s", ref);

  seen = call_ok (officer, "GET", path, NULL);
  return pd_inspection_detail_get_n_history (detail) > 0 &&
         g_strcmp0 (json_object_get_string_member_with_default (seen, "inspector", NULL), data) == 0;
}

/* The move dialogs (a template class, run async): what they ask comes
 * from the move; Cancel changes nothing; OK makes the move. */
static void
test_move_dialog (void)
{
  PdInspectionDetail *detail;
  PdMoveDialog *dialog;
  GtkEntry *entry;

  need_request ("scheduled");
  detail = pd_scheduling_view_get_detail (view);
  g_assert_true (pd_scheduling_view_select_ref (view, ref));
  WAIT (detail_status_is, "scheduled");

  /* reschedule: a slot (the service's) and a reason are asked; cancel
   * leaves the request as it was */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "insp.reschedule", NULL));
  WAIT (move_dialog_shown, NULL);
  dialog = open_move_dialog ();
  {
    GtkDropDown *slots = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (dialog), PD_TYPE_MOVE_DIALOG,
                                                                       "slot_dropdown"));
    GtkWidget *reason = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), PD_TYPE_MOVE_DIALOG, "reason_box"));
    g_autofree char *first = pd_inspection_detail_dup_first_slot (detail);

    g_assert_nonnull (first);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (slots)), >, 0);
    g_assert_true (gtk_widget_get_visible (reason));
  }
  maybe_screenshot_widget (GTK_WIDGET (dialog), "move-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  test_spin (200);
  g_assert_cmpstr (pd_inspection_detail_get_status (detail), ==, "scheduled");

  /* assign: the inspector is asked (the current one filled in) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "insp.assign", NULL));
  WAIT (move_dialog_shown, NULL);
  dialog = open_move_dialog ();
  entry = GTK_ENTRY (gtk_widget_get_template_child (GTK_WIDGET (dialog), PD_TYPE_MOVE_DIALOG, "inspector_entry"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "ag.lopez");
  gtk_editable_set_text (GTK_EDITABLE (entry), "officer.ray");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  WAIT (detail_inspector_is, "officer.ray");
  g_assert_cmpstr (pd_inspection_detail_get_status (detail), ==, "scheduled");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdClient) admin = NULL;
  g_autoptr(JsonObject) key = NULL;
  g_autoptr(JsonNode) key_body = NULL;
  int status;

  /* environment first, before any thread */
  /* 90-minute slots: the schedule dialog must offer the service's slots
   * (it once offered hourly ones the service refused) */
  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, "[portdeskd]\nslot_minutes=90\n");

  gtk_test_init (&argc, &argv, NULL);
  /* No session bus here on purpose (no Secret Service): GTK warns about
   * it, which is expected; criticals stay fatal. */
  app = test_app_start (daemon_, 0);

  admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  key_body = parse ("{\"kind\":\"broker\",\"name\":\"Acme Customs Brokers\",\"scopes\":\"scheduling\",\"port\":\"LAX\"}");
  key = call_ok (admin, "POST", "/v1/apikeys", key_body);
  broker = pd_test_public_client (daemon_, json_object_get_string_member (key, "key"));
  officer = pd_test_login (daemon_, "ag.lopez", NULL, TRUE);

  win = PD_WINDOW (pd_application_get_main_window (app));
  g_assert_nonnull (win);

  g_test_add_func ("/app/scheduling/list-fills", test_list_fills);
  g_test_add_func ("/app/scheduling/filters", test_filters);
  g_test_add_func ("/app/scheduling/live-request", test_live_request);
  g_test_add_func ("/app/scheduling/accept-and-schedule", test_accept_and_schedule);
  g_test_add_func ("/app/scheduling/move-dialog", test_move_dialog);
  g_test_add_func ("/app/scheduling/status-from-elsewhere", test_status_from_elsewhere);
  g_test_add_func ("/app/scheduling/chat", test_chat);
  g_test_add_func ("/app/scheduling/unread", test_unread);
  g_test_add_func ("/app/scheduling/complete", test_complete);

  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  g_clear_object (&broker);
  g_clear_object (&officer);
  g_free (ref);
  pd_test_daemon_free (daemon_);
  return status;
}
