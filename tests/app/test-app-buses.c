/* test-app-buses.c: the Expected Buses view in the real app, under Xvfb,
 * against a real portdeskd --demo
 *
 * A bus carrier (an API key of kind bus_carrier, over TCP) submits a bus
 * arriving at LAX tomorrow at 09:00 UTC with three passengers: one read
 * from a passport's MRZ, one typed, and a child of ten whose document
 * expires before the arrival.  officer.ray opens the view on tomorrow,
 * sees the bus with its counts, selects it and sees each traveller's
 * checks, marks it arrived through the button (the arrival shows in the
 * detail and the list, the service agrees, a second time is refused in
 * the service's words); a second bus submitted meanwhile appears live, and
 * its arrival marked by the port director elsewhere shows live too.  With
 * PD_SCREENSHOT_DIR set, each step is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-app-test-window.h"
#include "pd-bus-view.h"
#include "pd-json.h"
#include "pd-mrz.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000

#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

/* the buses' columns (pd-bus-view.c) and the passengers' (pd-bus-detail.c) */
enum { BUS_ARRIVES, BUS_REGISTRATION, BUS_COMPANY, BUS_PASSENGERS, BUS_BIOMETRIC, BUS_EXPIRING, BUS_TYPED,
       BUS_STATUS, BUS_ARRIVED };
enum { PAX_NAME, PAX_AGE, PAX_BIOMETRIC, PAX_CHECK_DIGITS, PAX_EXPIRES, PAX_DOCUMENT };

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;
static PdBusView     *view;
static PdClient      *carrier;

static void
append_checked (GString    *s,
                const char *field)
{
  g_string_append (s, field);
  g_string_append_c (s, (char) ('0' + pd_mrz_check_digit (field, strlen (field))));
}

/* The TD3 MRZ of GARCIA LOPEZ, JUAN CARLOS's Mexican passport, born
 * 1985-03-12, expiring 2033-11-20, every check digit right. */
static char *
passport_mrz (void)
{
  g_autoptr(GString) line1 = g_string_new ("P<MEXGARCIA<LOPEZ<<JUAN<CARLOS");
  g_autoptr(GString) line2 = g_string_new (NULL);
  g_autoptr(GString) composite = g_string_new (NULL);

  while (line1->len < 44)
    g_string_append_c (line1, '<');
  append_checked (line2, "G07A31958");
  g_string_append (line2, "MEX");
  append_checked (line2, "850312");
  g_string_append_c (line2, 'M');
  append_checked (line2, "331120");
  append_checked (line2, "<<<<<<<<<<<<<<");
  g_string_append_len (composite, line2->str, 10);
  g_string_append_len (composite, line2->str + 13, 7);
  g_string_append_len (composite, line2->str + 21, 22);
  g_string_append_c (line2, (char) ('0' + pd_mrz_check_digit (composite->str, composite->len)));
  g_assert_cmpuint (line2->len, ==, 44);
  return g_strdup_printf ("%s\n%s", line1->str, line2->str);
}

/* A bus carrier: an API key of kind bus_carrier with the bus scope, made by an admin */
static PdClient *
new_carrier (void)
{
  g_autoptr(PdClient) admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  g_autofree char *key = pd_test_api_key (admin, "bus_carrier", "Tufesa", NULL, "bus");

  return pd_test_public_client (daemon_, key);
}

static JsonNode *
carrier_post (const char *path,
              JsonObject *body)    /* taken; NULL: none */
{
  g_autoptr(JsonNode) node = body != NULL ? json_node_init_object (json_node_alloc (), body) : NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *r;

  if (body != NULL)
    json_object_unref (body);
  r = pd_client_call (carrier, "POST", path, node, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r));
  return r;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A trip of bus @registration (@status) arriving at LAX tomorrow at @hour UTC. */
static JsonObject *
trip (const char *registration,
      const char *status,
      int         hour)
{
  g_autofree char *day = test_service_date (daemon_, 1);
  g_autofree char *text = g_strdup_printf (
      "{\"carrier_code\":\"TUFS\",\"sender_id\":\"TUF00123\",\"bus_registration\":\"%s\","
      "\"registration_status\":\"%s\",\"company\":\"Tufesa Internacional\","
      "\"arrival_location\":\"Tufesa terminal, 2000 E Olympic Blvd, Los Angeles, CA\","
      "\"departure_at\":\"%sT%02d:00:00Z\",\"us_arrival_date\":\"%s\",\"port_arrival_at\":\"%sT%02d:00:00Z\","
      "\"port\":\"LAX\",\"last_country\":\"MEX\",\"contact_email\":\"ops@tufesa.example\","
      "\"contact_phone\":\"+52 662 555 0100\"}", registration, status, day, hour - 7, day, day, hour);

  return parse_object (text);
}

/* A traveller typed by the carrier (a Mexican passport). */
static JsonObject *
typed (const char *first,
       const char *last,
       const char *birth,
       const char *expires)
{
  g_autofree char *text = g_strdup_printf (
      "{\"first_name\":\"%s\",\"last_name\":\"%s\",\"birth_date\":\"%s\",\"sex\":\"F\","
      "\"citizenship\":\"MEX\",\"residence\":\"MEX\",\"doc_type\":\"passport\",\"doc_number\":\"G1234567\","
      "\"doc_expires\":\"%s\",\"doc_country\":\"MEX\"}", first, last, birth, expires);

  return parse_object (text);
}

/* Submits a trip with @passengers (taken) and returns the manifest's ref. */
static char *
submit_bus (JsonObject  *t,
            JsonObject **passengers,
            guint        n)
{
  g_autoptr(JsonNode) r = carrier_post ("/v1/intake/bus/trips", t);
  gint64 id = json_object_get_int_member (json_node_get_object (r), "id");
  g_autofree char *add = g_strdup_printf ("/v1/intake/bus/trips/%" G_GINT64_FORMAT "/passengers", id);
  g_autofree char *submit = g_strdup_printf ("/v1/intake/bus/trips/%" G_GINT64_FORMAT "/submit", id);
  g_autoptr(JsonNode) done = NULL;

  for (guint i = 0; i < n; i++)
    json_node_unref (carrier_post (add, passengers[i]));
  done = carrier_post (submit, NULL);
  return g_strdup (json_object_get_string_member (json_node_get_object (done), "ref"));
}

static gboolean
buses_listed (gpointer data)
{
  return test_table_lists (pd_bus_view_get_table (view), GPOINTER_TO_UINT (data));
}

/* the detail shows manifest @data, loaded */
static gboolean
detail_shows (gpointer data)
{
  PdBusDetail *d = pd_bus_view_get_detail (view);
  JsonObject *m = pd_bus_detail_get_manifest (d);

  return !pd_bus_detail_get_busy (d) && m != NULL && g_strcmp0 (pd_json_str (m, "ref"), data) == 0;
}

static gboolean
detail_arrived (gpointer data)
{
  PdBusDetail *d = pd_bus_view_get_detail (view);

  return detail_shows (data) && !pd_bus_detail_get_can_arrive (d) &&
         g_strcmp0 (pd_bus_detail_get_arrival (d), "—") != 0;
}

static gboolean
detail_error_has (gpointer data)
{
  PdBusDetail *d = pd_bus_view_get_detail (view);
  const char *e = pd_bus_detail_get_error (d);

  return !pd_bus_detail_get_busy (d) && e != NULL && strstr (e, data) != NULL;
}

/* The row of bus @registration in the buses' list, or -1. */
static int
bus_row (const char *registration)
{
  PdTableView *t = pd_bus_view_get_table (view);

  for (guint i = 0; i < pd_table_view_get_n_rows (t); i++)
    {
      g_autofree char *cell = pd_table_view_dup_cell (t, i, BUS_REGISTRATION);

      if (g_strcmp0 (cell, registration) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
listed_arrived (gpointer data)
{
  PdTableView *t = pd_bus_view_get_table (view);
  int row;
  g_autofree char *cell = NULL;

  if (pd_table_view_get_loading (t) || (row = bus_row (data)) < 0)
    return FALSE;
  cell = pd_table_view_dup_cell (t, row, BUS_ARRIVED);
  return g_strcmp0 (cell, "—") != 0;
}

static void
assert_bus_cell (const char *registration,
                 guint       column,
                 const char *want)
{
  int row = bus_row (registration);
  g_autofree char *cell = NULL;

  g_assert_cmpint (row, >=, 0);
  cell = pd_table_view_dup_cell (pd_bus_view_get_table (view), row, column);
  g_assert_cmpstr (cell, ==, want);
}

/* The passenger whose name starts with @name: its cell of @column. */
static char *
passenger_cell (const char *name,
                guint       column)
{
  PdTableView *t = pd_bus_detail_get_passengers (pd_bus_view_get_detail (view));

  for (guint i = 0; i < pd_table_view_get_n_rows (t); i++)
    {
      g_autofree char *cell = pd_table_view_dup_cell (t, i, PAX_NAME);

      if (g_str_has_prefix (cell, name))
        return pd_table_view_dup_cell (t, i, column);
      g_test_message ("passenger %u: %s", i, cell);
    }
  g_error ("no passenger %s", name);
}

/* @expires: the document's expiry as shown, flagged when before the arrival */
static void
assert_passenger (const char *name,
                  const char *check_digits,
                  const char *expires,
                  const char *biometric)
{
  g_autofree char *digits = passenger_cell (name, PAX_CHECK_DIGITS);
  g_autofree char *expiry = passenger_cell (name, PAX_EXPIRES);
  g_autofree char *bio = passenger_cell (name, PAX_BIOMETRIC);

  g_assert_cmpstr (digits, ==, check_digits);
  g_assert_cmpstr (expiry, ==, expires);
  g_assert_cmpstr (bio, ==, biometric);
}

/* The button whose action is @action. */
static gboolean
is_button_for (GtkWidget     *widget,
               gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static void
test_officer_marks_arrival (void)
{
  g_autofree char *tomorrow = test_service_date (daemon_, 1), *today = test_service_date (daemon_, 0);
  g_autofree char *mrz = passport_mrz ();
  g_autofree char *ten_years_ago = NULL, *ref = NULL, *second = NULL, *path = NULL, *arrive = NULL;
  g_autofree char *age = NULL, *child_age = NULL;
  g_autoptr(JsonNode) seen = NULL, r = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *passengers[3];
  PdBusDetail *detail;
  GtkWidget *button;

  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (pd_test_daemon_now (daemon_) / G_USEC_PER_SEC);
    g_autoptr(GDateTime) born = g_date_time_add_years (now, -10);

    ten_years_ago = g_date_time_format (born, "%Y-%m-%d");
  }
  /* the carrier's bus: read from an MRZ, typed, and a child whose document expires today */
  passengers[0] = json_object_new ();
  json_object_set_string_member (passengers[0], "mrz", mrz);
  json_object_set_string_member (passengers[0], "residence", "MEX");
  json_object_set_string_member (passengers[0], "trusted_traveler", "123456789");
  passengers[1] = typed ("Ana", "RUIZ", "1990-04-02", "2030-01-01");
  passengers[2] = typed ("Sofia", "RUIZ CHILD", ten_years_ago, today);
  ref = submit_bus (trip ("NL 4821", "current", 9), passengers, 3);

  test_window_sign_in (win, "officer.ray");
  g_assert_true (pd_window_select_view (win, "buses"));
  view = PD_BUS_VIEW (pd_window_get_view_widget (win, "buses"));
  g_assert_nonnull (view);
  detail = pd_bus_view_get_detail (view);

  /* today: nothing; tomorrow: the bus and its counts */
  pd_bus_view_set_date (view, today, FALSE);
  WAIT (buses_listed, GUINT_TO_POINTER (0));
  pd_bus_view_set_date (view, tomorrow, FALSE);
  WAIT (buses_listed, GUINT_TO_POINTER (1));
  assert_bus_cell ("NL 4821", BUS_REGISTRATION, "NL 4821");
  assert_bus_cell ("NL 4821", BUS_COMPANY, "Tufesa Internacional");
  assert_bus_cell ("NL 4821", BUS_PASSENGERS, "3");
  assert_bus_cell ("NL 4821", BUS_BIOMETRIC, "2");
  assert_bus_cell ("NL 4821", BUS_EXPIRING, "⚠ 1");
  assert_bus_cell ("NL 4821", BUS_TYPED, "2");
  assert_bus_cell ("NL 4821", BUS_STATUS, "Current");
  assert_bus_cell ("NL 4821", BUS_ARRIVED, "—");
  {
    g_autofree char *arrives = pd_table_view_dup_cell (pd_bus_view_get_table (view), 0, BUS_ARRIVES);
    g_autoptr(GDateTime) utc = NULL, local = NULL;
    g_autofree char *iso = g_strdup_printf ("%sT09:00:00Z", tomorrow), *want = NULL;

    utc = g_date_time_new_from_iso8601 (iso, NULL);
    local = g_date_time_to_local (utc);
    want = g_date_time_format (local, "%a %d %H:%M");
    g_assert_cmpstr (arrives, ==, want);
  }
  test_window_save_state (win, "buses-list.png");

  /* the bus: its passengers and their checks */
  g_assert_true (pd_bus_view_select_ref (view, ref));
  WAIT (detail_shows, ref);
  g_assert_cmpuint (pd_table_view_get_n_rows (pd_bus_detail_get_passengers (detail)), ==, 3);
  assert_passenger ("GARCIA LOPEZ, JUAN CARLOS", "OK", "2033-11-20", "Yes");
  assert_passenger ("RUIZ, ANA", "Not read", "2030-01-01", "Yes");
  {
    g_autofree char *flagged = g_strdup_printf ("⚠ %s", today);

    assert_passenger ("RUIZ CHILD, SOFIA", "Not read", flagged, "No");
  }
  child_age = passenger_cell ("RUIZ CHILD", PAX_AGE);
  g_assert_cmpstr (child_age, ==, "10");
  age = passenger_cell ("GARCIA LOPEZ", PAX_DOCUMENT);
  g_assert_cmpstr (age, ==, "Passport G07A31958");
  g_assert_true (pd_bus_detail_get_can_arrive (detail));
  g_assert_cmpstr (pd_bus_detail_get_arrival (detail), ==, "—");
  test_window_save_state (win, "buses-detail.png");

  /* Mark as Arrived, through the button */
  button = test_find_widget (GTK_WIDGET (detail), is_button_for, "bus.arrive");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  WAIT (detail_arrived, ref);
  WAIT (listed_arrived, "NL 4821");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (pd_bus_view_get_message (view), ref));
  path = g_strdup_printf ("/v1/bus/manifests/%s", ref);
  /* the service agrees, as the port director sees it */
  seen = test_call_as (daemon_->socket, "director.ng", "GET", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pd_json_str (json_node_get_object (seen), "arrived_at"));
  g_assert_cmpstr (pd_json_str (json_node_get_object (seen), "arrived_by"), ==, "officer.ray");
  test_window_save_state (win, "buses-arrived.png");

  /* once: the service's words */
  pd_bus_detail_arrive (detail);
  WAIT (detail_error_has, "marked as arrived already");

  /* a second bus (an expired registration) submitted now shows live */
  passengers[0] = typed ("Luis", "MORENO", "1979-06-30", "2031-05-05");
  second = submit_bus (trip ("BC 7710", "expired", 11), passengers, 1);
  WAIT (buses_listed, GUINT_TO_POINTER (2));
  assert_bus_cell ("BC 7710", BUS_STATUS, "⚠ Expired");
  assert_bus_cell ("BC 7710", BUS_ARRIVED, "—");
  g_assert_true (pd_bus_view_select_ref (view, second));
  WAIT (detail_shows, second);
  g_assert_true (pd_bus_detail_get_can_arrive (detail));
  g_assert_null (pd_bus_detail_get_error (detail));
  test_window_save_state (win, "buses-live.png");

  /* and its arrival, marked by the port director elsewhere */
  arrive = g_strdup_printf ("/v1/bus/manifests/%s/arrive", second);
  r = test_call_as (daemon_->socket, "director.ng", "POST", arrive, NULL, &error);
  g_assert_no_error (error);
  WAIT (detail_arrived, second);
  WAIT (listed_arrived, "BC 7710");

  /* a week from today holds both */
  pd_bus_view_set_date (view, today, TRUE);
  WAIT (buses_listed, GUINT_TO_POINTER (2));
  pd_window_sign_out (win);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* the carrier's side is the public listener (TCP) */
  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  gtk_test_init (&argc, &argv, NULL);
  carrier = new_carrier ();
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/buses/officer-marks-arrival", test_officer_marks_arrival);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  g_clear_object (&carrier);
  pd_test_daemon_free (daemon_);
  return status;
}
