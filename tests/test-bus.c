/* test-bus.c: bus manifests end to end against a running portdeskd
 *
 * A bus carrier (API key kind bus_carrier over TCP) builds a trip and adds
 * passengers, typed or read from a document's MRZ; bad input (a carrier
 * code of the wrong shape, an arrival before the departure or in the past,
 * an unknown port, an expired document, a malformed MRZ, a failing check
 * digit) is refused naming the field and stores nothing.  Submitted, the
 * draft becomes a manifest: the draft is gone, and the carrier code and
 * sender ID are nowhere but in the manifest (not in the audit).  The
 * land port's officers see the expected bus live with each traveller's
 * document checks (check digits read, expiry before arrival, 14-79 for
 * biometric processing) and mark its arrival once; other ports, roles and
 * carriers see nothing.  Drafts go 24 h after collection, manifests 13
 * months after submission, each with a receipt (test clock).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-mrz.h"
#include "pd-test-daemon.h"
#include "pd-test-events.h"

#define HOUR G_GINT64_CONSTANT (3600)
#define DAY  (24 * HOUR)
#define SENDER "TUF00123"

/* YYYY-MM-DD of @t (unix us) plus @days. */
static char *
date_of (gint64 t,
         int    days)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
  g_autoptr(GDateTime) d = g_date_time_add_days (dt, days);

  return g_date_time_format (d, "%Y-%m-%d");
}

/* A trip arriving at LAX tomorrow at 09:00 UTC. */
static JsonObject *
trip_json (PdTestDaemon *d)
{
  JsonObject *o = json_object_new ();
  gint64 now = pd_test_daemon_now (d);
  g_autofree char *day = date_of (now, 1);
  g_autofree char *departure = g_strdup_printf ("%sT02:00:00Z", day);
  g_autofree char *arrival = g_strdup_printf ("%sT09:00:00Z", day);

  json_object_set_string_member (o, "carrier_code", "TUFS");
  json_object_set_string_member (o, "sender_id", SENDER);
  json_object_set_string_member (o, "bus_registration", "NL 4821");
  json_object_set_string_member (o, "registration_status", "current");
  json_object_set_string_member (o, "company", "Tufesa Internacional");
  json_object_set_string_member (o, "arrival_location", "Tufesa terminal, 2000 E Olympic Blvd, Los Angeles, CA");
  json_object_set_string_member (o, "departure_at", departure);
  json_object_set_string_member (o, "us_arrival_date", day);
  json_object_set_string_member (o, "port_arrival_at", arrival);
  json_object_set_string_member (o, "port", "LAX");
  json_object_set_string_member (o, "last_country", "MEX");
  json_object_set_string_member (o, "contact_email", "ops@tufesa.example");
  json_object_set_string_member (o, "contact_phone", "+52 662 555 0100");
  return o;
}

static JsonObject *
passenger_json (const char *last,
                const char *birth,
                const char *expires)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "first_name", "Ana");
  json_object_set_string_member (o, "last_name", last);
  json_object_set_string_member (o, "birth_date", birth);
  json_object_set_string_member (o, "sex", "F");
  json_object_set_string_member (o, "citizenship", "MEX");
  json_object_set_string_member (o, "residence", "MEX");
  json_object_set_string_member (o, "doc_type", "passport");
  json_object_set_string_member (o, "doc_number", "G1234567");
  json_object_set_string_member (o, "doc_expires", expires);
  json_object_set_string_member (o, "doc_country", "MEX");
  return o;
}

/* A TD3 passport MRZ for ERIKSSON, ANNA MARIA of Utopia, expiring @expiry
 * (YYMMDD), with its check digits right (or the expiry's wrong). */
static char *
td3 (const char *expiry,
     gboolean    wrong)
{
  const char *number = "L898902C3", *birth = "740812";
  char line2[45];
  int composite;
  g_autofree char *composite_text = NULL;

  g_snprintf (line2, sizeof line2, "%s%dUTO%s%dF%s%dZE184226B<<<<<%d", number, pd_mrz_check_digit (number, 9), birth,
              pd_mrz_check_digit (birth, 6), expiry, (pd_mrz_check_digit (expiry, 6) + (wrong ? 1 : 0)) % 10,
              pd_mrz_check_digit ("ZE184226B<<<<<", 14));
  composite_text = g_strdup_printf ("%.10s%.7s%.22s", line2, line2 + 13, line2 + 21);
  composite = pd_mrz_check_digit (composite_text, strlen (composite_text));
  return g_strdup_printf ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n%s%d", line2, composite);
}

static JsonNode *
call (PdClient     *c,
      const char   *method,
      const char   *path,
      JsonObject   *body,    /* taken; NULL: none */
      GError      **error)
{
  g_autoptr(JsonNode) node = body != NULL ? json_node_init_object (json_node_alloc (), body) : NULL;

  if (body != NULL)
    json_object_unref (body);   /* the node holds it */
  return pd_client_call (c, method, path, node, error);
}

/* The request is refused INVALID naming @field, and nothing was stored. */
static void
assert_refused (PdClient    *c,
                const char  *path,
                JsonObject  *body,
                const char  *field,
                const char  *db)
{
  gint64 before = pd_test_db_int (db, "SELECT count(*) FROM bus_trips") +
                  pd_test_db_int (db, "SELECT count(*) FROM bus_trip_passengers");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = call (c, "POST", path, body, &error);

  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_test_message ("refused: %s", error->message);
  if (strstr (error->message, field) == NULL)
    g_error ("'%s' does not name %s", error->message, field);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM bus_trips") +
                   pd_test_db_int (db, "SELECT count(*) FROM bus_trip_passengers"), ==, before);
}

static JsonObject *
passenger_named (JsonNode   *r,
                 const char *last)
{
  JsonArray *a = json_object_get_array_member (json_node_get_object (r), "passengers");

  for (guint i = 0; i < json_array_get_length (a); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (a, i), "last_name"), last) == 0)
      return json_array_get_object_element (a, i);
  g_error ("no passenger %s", last);
}

static void
test_bus_workflow (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) officer = pd_test_login (d, "officer.ray", NULL, TRUE);
  g_autoptr(PdClient) specialist = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autofree char *key = pd_test_api_key (admin, "bus_carrier", "Tufesa", NULL, "bus");
  g_autofree char *other_key = pd_test_api_key (admin, "bus_carrier", "Other Lines", NULL, "bus");
  g_autofree char *broker_key = pd_test_api_key (admin, "broker", "Acme", NULL, "scheduling");
  g_autoptr(PdClient) carrier = pd_test_public_client (d, key);
  g_autoptr(PdClient) other = pd_test_public_client (d, other_key);
  g_autoptr(PdClient) broker = pd_test_public_client (d, broker_key);
  g_autofree char *db = pd_test_daemon_db_path (d);
  gint64 now = pd_test_daemon_now (d);
  g_autofree char *today = date_of (now, 0);
  g_autofree char *arrival_day = date_of (now, 1);
  g_autofree char *ten_years_ago = date_of (now, -10 * 365);
  g_autofree char *good_mrz = td3 ("320415", FALSE);
  g_autofree char *bad_mrz = td3 ("320415", TRUE);
  g_autofree char *trip_path = NULL, *passengers = NULL, *manifest = NULL, *ref = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  JsonObject *t;
  PdTestEvents ev = { 0 };

  /* the trip: bad input refused, naming the field */
  t = trip_json (d);
  json_object_set_string_member (t, "carrier_code", "T1");
  assert_refused (carrier, "/v1/intake/bus/trips", json_object_ref (t), "carrier_code", db);
  json_object_set_string_member (t, "carrier_code", "TUFS");
  json_object_set_string_member (t, "port", "XXX");
  assert_refused (carrier, "/v1/intake/bus/trips", json_object_ref (t), "port", db);
  json_object_set_string_member (t, "port", "LAX");
  json_object_set_string_member (t, "contact_email", "ops");
  assert_refused (carrier, "/v1/intake/bus/trips", json_object_ref (t), "contact_email", db);
  json_object_set_string_member (t, "contact_email", "ops@tufesa.example");
  {
    g_autofree char *late = g_strdup_printf ("%sT10:00:00Z", arrival_day);
    g_autofree char *past = pd_time_format (now - HOUR * G_USEC_PER_SEC);
    g_autofree char *before = pd_time_format (now - 2 * HOUR * G_USEC_PER_SEC);

    json_object_set_string_member (t, "departure_at", late);
    assert_refused (carrier, "/v1/intake/bus/trips", json_object_ref (t), "port_arrival_at", db);
    json_object_set_string_member (t, "departure_at", before);
    json_object_set_string_member (t, "port_arrival_at", past);
    assert_refused (carrier, "/v1/intake/bus/trips", json_object_ref (t), "port_arrival_at", db);
    json_object_unref (t);
    t = trip_json (d);
  }
  json_object_set_string_member (t, "sender", "x");
  assert_refused (carrier, "/v1/intake/bus/trips", json_object_ref (t), "sender", db);
  json_object_remove_member (t, "sender");
  r = call (broker, "POST", "/v1/intake/bus/trips", json_object_ref (t), &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);

  r = call (carrier, "POST", "/v1/intake/bus/trips", t, &error);
  g_assert_no_error (error);
  trip_path = g_strdup_printf ("/v1/intake/bus/trips/%" G_GINT64_FORMAT,
                               json_object_get_int_member (json_node_get_object (r), "id"));
  passengers = g_strconcat (trip_path, "/passengers", NULL);
  g_clear_pointer (&r, json_node_unref);
  r = call (other, "GET", trip_path, NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* passengers: typed, and read from the MRZ text (never a photo) */
  assert_refused (carrier, passengers, passenger_json ("OLD", "1980-01-01", "2020-01-01"), "doc_expires", db);
  {
    JsonObject *p = passenger_json ("RUIZ", "1990-04-02", "2030-01-01");

    json_object_set_string_member (p, "sex", "Q");
    assert_refused (carrier, passengers, p, "sex", db);
    p = json_object_new ();
    json_object_set_string_member (p, "mrz", "P<UTOERIKSSON<<ANNA");
    assert_refused (carrier, passengers, p, "mrz", db);
    p = json_object_new ();
    json_object_set_string_member (p, "mrz", bad_mrz);
    json_object_set_string_member (p, "residence", "UTO");
    assert_refused (carrier, passengers, p, "mrz", db);
  }
  r = call (carrier, "POST", passengers, passenger_json ("RUIZ", "1990-04-02", "2030-01-01"), &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = call (carrier, "POST", passengers, passenger_json ("CHILD", ten_years_ago, today), &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  {
    JsonObject *p = json_object_new ();

    json_object_set_string_member (p, "mrz", good_mrz);
    json_object_set_string_member (p, "residence", "UTO");
    json_object_set_string_member (p, "trusted_traveler", "123456789");
    r = call (carrier, "POST", passengers, p, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (passenger_named (r, "ERIKSSON"), "first_name"), ==, "ANNA MARIA");
    g_assert_cmpstr (json_object_get_string_member (passenger_named (r, "ERIKSSON"), "doc_expires"), ==, "2032-04-15");
    g_clear_pointer (&r, json_node_unref);
  }

  /* submitted: the officers of the port hear of it; the draft is gone */
  pd_test_events_open (&ev, d->socket, NULL, pd_client_get_token (officer));
  pd_test_events_wait (&ev, 1);
  {
    g_autofree char *submit = g_strconcat (trip_path, "/submit", NULL);

    r = call (carrier, "POST", submit, NULL, &error);
    g_assert_no_error (error);
    ref = g_strdup (json_object_get_string_member (json_node_get_object (r), "ref"));
    g_clear_pointer (&r, json_node_unref);
    r = call (carrier, "POST", submit, NULL, &error);   /* once */
    g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_true (pd_test_events_wait_for (&ev, ref));
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM bus_trips"), ==, 0);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM bus_trip_passengers"), ==, 0);
  /* the carrier code and sender ID: in the manifest record only */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM bus_manifests WHERE sender_id = '" SENDER "'"), ==, 1);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE params LIKE '%" SENDER "%' OR "
                                       "object LIKE '%" SENDER "%' OR params LIKE '%TUFS%'"), ==, 0);

  /* the land port's officers: the expected bus and its document checks */
  manifest = g_strdup_printf ("/v1/bus/manifests/%s", ref);
  {
    g_autofree char *path = g_strdup_printf ("/v1/bus/manifests?from=%s", arrival_day);
    JsonObject *m;

    r = call (officer, "GET", path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items")), ==, 1);
    m = json_array_get_object_element (json_object_get_array_member (json_node_get_object (r), "items"), 0);
    g_assert_cmpint (json_object_get_int_member (m, "passengers"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (m, "biometric"), ==, 2);   /* not the 10-year-old */
    g_assert_cmpint (json_object_get_int_member (m, "expiring"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (m, "unchecked"), ==, 2);
    g_clear_pointer (&r, json_node_unref);
  }
  r = call (officer, "GET", manifest, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (passenger_named (r, "ERIKSSON"), "check_digits"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (passenger_named (r, "RUIZ"), "check_digits"), ==, "not_read");
  g_assert_true (json_object_get_boolean_member (passenger_named (r, "CHILD"), "expires_before_arrival"));
  g_assert_false (json_object_get_boolean_member (passenger_named (r, "CHILD"), "biometric"));
  g_assert_true (json_object_get_boolean_member (passenger_named (r, "ERIKSSON"), "biometric"));
  g_clear_pointer (&r, json_node_unref);
  r = call (specialist, "GET", manifest, NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  {
    g_autofree char *theirs = g_strdup_printf ("/v1/intake/bus/manifests/%s", ref);

    r = call (other, "GET", theirs, NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
    g_clear_error (&error);
    r = call (carrier, "GET", theirs, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
  }

  /* arrival, once */
  {
    g_autofree char *arrive = g_strconcat (manifest, "/arrive", NULL);

    r = call (officer, "POST", arrive, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (json_object_get_string_member (json_node_get_object (r), "arrived_at"));
    g_clear_pointer (&r, json_node_unref);
    r = call (officer, "POST", arrive, NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
    g_clear_error (&error);
  }
  for (const char * const *a = (const char * const[]) { "bus.trip.create", "bus.passenger.add", "bus.submit",
                                                        "bus.manifest.list", "bus.manifest.show", "bus.arrive",
                                                        NULL }; *a; a++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = '%s' AND outcome = 'ok'", *a);

      if (pd_test_db_int (db, sql) == 0)
        g_error ("no audit entry for %s", *a);
    }
  pd_test_events_clear (&ev);
}

static gint64
receipts (const char *db,
          const char *policy)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'retention.purge' AND "
                                          "object = '%s'", policy);

  return pd_test_db_int (db, sql);
}

/* Drafts go 24 h after collection; manifests 13 months after submission. */
static void
test_bus_retention (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP, "[portdeskd]\nretention_interval_seconds=86400\n");
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autofree char *key = pd_test_api_key (admin, "bus_carrier", "Tufesa", NULL, "bus");
  g_autoptr(PdClient) carrier = pd_test_public_client (d, key);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GDateTime) submitted = NULL, kept_until = NULL;
  g_autofree char *trip = NULL, *submit = NULL;
  gint64 submitted_at;

  /* a draft never submitted: 24 h after collection, to the second */
  r = call (carrier, "POST", "/v1/intake/bus/trips", trip_json (d), &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  pd_test_clock_advance (d, DAY - 1);
  pd_test_retention_run (d);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM bus_trips"), ==, 1);
  pd_test_clock_advance (d, 2);
  pd_test_retention_run (d);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM bus_trips"), ==, 0);
  g_assert_cmpint (receipts (db, "bus.unsubmitted"), ==, 1);

  /* a submitted manifest: 13 months */
  r = call (carrier, "POST", "/v1/intake/bus/trips", trip_json (d), &error);
  g_assert_no_error (error);
  trip = g_strdup_printf ("/v1/intake/bus/trips/%" G_GINT64_FORMAT "/passengers",
                          json_object_get_int_member (json_node_get_object (r), "id"));
  submit = g_strdup_printf ("/v1/intake/bus/trips/%" G_GINT64_FORMAT "/submit",
                            json_object_get_int_member (json_node_get_object (r), "id"));
  g_clear_pointer (&r, json_node_unref);
  r = call (carrier, "POST", trip, passenger_json ("RUIZ", "1990-04-02", "2030-01-01"), &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  submitted_at = pd_test_daemon_now (d);
  r = call (carrier, "POST", submit, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  submitted = g_date_time_new_from_unix_utc (submitted_at / G_USEC_PER_SEC);
  kept_until = g_date_time_add_months (submitted, 13);
  pd_test_clock_advance (d, g_date_time_to_unix (kept_until) - submitted_at / G_USEC_PER_SEC - 60);
  pd_test_retention_run (d);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM bus_manifests"), ==, 1);
  pd_test_clock_advance (d, 120);
  pd_test_retention_run (d);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM bus_manifests"), ==, 0);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM bus_manifest_passengers"), ==, 0);
  g_assert_cmpint (receipts (db, "bus.manifests"), ==, 1);
}

/* portdeskctl plays the carrier and the officer. */
static void
test_bus_ctl (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autofree char *key = pd_test_api_key (admin, "bus_carrier", "Tufesa", NULL, "bus");
  g_autofree char *dir = g_dir_make_tmp ("pd-bus-XXXXXX", NULL);
  g_autofree char *key_file = g_build_filename (dir, "key", NULL);
  g_autofree char *mrz_file = g_build_filename (dir, "mrz", NULL);
  g_autofree char *pw = g_build_filename (dir, "pw", NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
  gint64 now = pd_test_daemon_now (d);
  g_autofree char *day = date_of (now, 1);
  g_autofree char *departure = g_strdup_printf ("%sT02:00:00Z", day);
  g_autofree char *arrival = g_strdup_printf ("%sT09:00:00Z", day);
  g_autofree char *mrz = td3 ("320415", FALSE);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (key_file, key, -1, NULL));
  g_assert_true (g_file_set_contents (mrz_file, mrz, -1, NULL));
  g_assert_true (g_file_set_contents (pw, "portdesk-demo-2026\n", -1, NULL));
  g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", key_file, "bus", "trip", "--carrier-code",
                                "TUFS", "--sender-id", SENDER, "--bus", "NL 4821", "--registration-status", "current",
                                "--company", "Tufesa", "--arrival-location", "Los Angeles", "--departure", departure,
                                "--us-arrival-date", day, "--port-arrival", arrival, "--port", "LAX", "--last-country",
                                "MEX", "--email", "ops@tufesa.example", "--phone", "+52 662 555 0100", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "trip 1 "));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", key_file, "bus", "passenger", "1",
                                "--mrz-file", mrz_file, "--residence", "UTO", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "ERIKSSON"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", key_file, "bus", "submit", "1", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "BM-LAX-"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "officer.ray", "--password-file", pw, "--accept-rules", "bus",
                                "expected", day, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "NL 4821"));
  g_clear_pointer (&out, g_free);
  g_unlink (key_file);
  g_unlink (mrz_file);
  g_unlink (pw);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bus/workflow", test_bus_workflow);
  g_test_add_func ("/bus/retention", test_bus_retention);
  g_test_add_func ("/bus/ctl", test_bus_ctl);
  return g_test_run ();
}
