/* test-tvs.c: airlines' manifests into a running portdeskd
 *
 * A PAXLST over the public intake API with an airline's key: the flight
 * and its travellers for the officers of its ports (and not of others); a
 * re-send replaces it; a manifest in two parts sent apart waits, then
 * lands whole; what is not PAXLST, or comes with another key, changes
 * nothing; portdeskctl plays the airline; manifests go 14 days after
 * departure, unfinished parts after 24 h, each with its receipt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"

#define DAY (24 * 3600)

static const char manifest[] =
  "UNA:+.? 'UNB+UNOA:4+SKYWAY+USCSAPIS+261205:0900+1++APIS'\n"
  "UNH+M1+PAXLST:D:05B:UN:IATA+SW100/261205+01:F'BGM+745'NAD+MS+++OPS DESK'\n"
  "TDT+20+SW100+++SW'LOC+125+MEX'DTM+189:2612051030:201'LOC+87+LAX'DTM+232:2612051430:201'\n"
  "NAD+FL+++GARCIA:ANA'ATT+2++F'DTM+329:900102'NAT+2+MEX'DOC+P+G1234567'DTM+36:301231'LOC+91+MEX'\n"
  "NAD+FL+++SMITH:JOHN'ATT+2++M'DTM+329:751230'NAT+2+USA'DOC+P+561234567'DTM+36:291001'LOC+91+USA'\n"
  "CNT+42:2'UNT+20+M1'UNZ+1+1'";

/* The same flight in two messages sent apart (part 1 of 2, then 2 of 2). */
static const char part1[] =
  "UNB+UNOA:4+SKYWAY+USCSAPIS+261205:0900+2'UNH+P1+PAXLST:D:05B:UN:IATA+SW200/261206+01:C'BGM+745'"
  "TDT+20+SW200+++SW'LOC+125+LAX'DTM+189:2612060800:201'LOC+87+MEX'"
  "NAD+FL+++LOPEZ:MARIA'DTM+329:850505'NAT+2+MEX'DOC+P+G7654321'LOC+91+MEX'CNT+42:2'UNT+12+P1'UNZ+1+2'";
static const char part2[] =
  "UNB+UNOA:4+SKYWAY+USCSAPIS+261205:0910+3'UNH+P2+PAXLST:D:05B:UN:IATA+SW200/261206+02:F'BGM+745'"
  "TDT+20+SW200+++SW'LOC+125+LAX'DTM+189:2612060800:201'LOC+87+MEX'"
  "NAD+FL+++PEREZ:LUIS'DTM+329:800303'NAT+2+MEX'DOC+P+G1111111'LOC+91+MEX'CNT+42:2'UNT+12+P2'UNZ+1+3'";

static JsonObject *
send_manifest (PdClient    *airline,
               const char  *text,
               JsonNode   **keep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  *keep = pd_client_call_bytes (airline, "POST", "/v1/intake/manifests", "application/edifact", body, &error);
  g_assert_no_error (error);
  return json_node_get_object (*keep);
}

static void
test_tvs_manifests (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) officer = pd_test_login (d, "officer.ray", NULL, TRUE);   /* CBP, LAX */
  g_autoptr(PdClient) airline = NULL, broker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = pd_test_daemon_db_path (d), *key = pd_test_api_key (admin, "airline", "Skyway Airlines", NULL, "tvs");
  g_autofree char *broker_key = pd_test_api_key (admin, "broker", "Skyway Airlines", NULL, "scheduling");
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, list = NULL, one = NULL;
  JsonObject *o, *f;
  gint64 id;

  airline = pd_test_public_client (d, key);
  broker = pd_test_public_client (d, broker_key);

  /* the flight and its travellers */
  o = send_manifest (airline, manifest, &r1);
  g_assert_cmpuint (json_array_get_length (pd_json_array (o, "flights")), ==, 1);
  f = json_array_get_object_element (pd_json_array (o, "flights"), 0);
  g_assert_cmpstr (pd_json_str (f, "flight"), ==, "SW100");
  g_assert_cmpstr (pd_json_str (f, "departure_date"), ==, "2026-12-05");
  g_assert_cmpint (pd_json_int (f, "travellers", 0), ==, 2);
  g_assert_false (pd_json_bool (f, "replaced"));
  g_assert_cmpuint (json_array_get_length (pd_json_array (o, "warnings")), ==, 1);   /* UNT+20: it has 24 */
  id = pd_json_int (f, "id", 0);

  list = pd_client_call (officer, "GET", "/v1/flights", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (pd_json_array (json_node_get_object (list), "items")), ==, 1);
  {
    g_autofree char *path = g_strdup_printf ("/v1/flights/%" G_GINT64_FORMAT, id);
    JsonArray *m;

    one = pd_client_call (officer, "GET", path, NULL, &error);
    g_assert_no_error (error);
    m = pd_json_array (json_node_get_object (one), "manifest");
    g_assert_cmpuint (json_array_get_length (m), ==, 2);
    g_assert_cmpstr (pd_json_str (json_array_get_object_element (m, 0), "document_number"), ==, "G1234567");
    g_assert_cmpstr (pd_json_str (json_array_get_object_element (m, 0), "birth_date"), ==, "1990-01-02");
  }

  /* a re-send replaces it */
  o = send_manifest (airline, manifest, &r2);
  g_assert_true (pd_json_bool (json_array_get_object_element (pd_json_array (o, "flights"), 0), "replaced"));
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM tvs_flights"), ==, 1);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM tvs_travellers"), ==, 2);

  /* two parts sent apart: the first waits, the second completes it */
  o = send_manifest (airline, part1, &r3);
  g_assert_cmpuint (json_array_get_length (pd_json_array (o, "flights")), ==, 0);
  g_assert_cmpstr (json_array_get_string_element (pd_json_array (o, "waiting"), 0), ==, "SW200/261206");
  o = send_manifest (airline, part2, &r4);
  g_assert_cmpuint (json_array_get_length (pd_json_array (o, "flights")), ==, 1);
  f = json_array_get_object_element (pd_json_array (o, "flights"), 0);
  g_assert_cmpstr (pd_json_str (f, "flight"), ==, "SW200");
  g_assert_cmpint (pd_json_int (f, "travellers", 0), ==, 2);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM tvs_parts"), ==, 0);

  /* refused, nothing changed: not PAXLST; another principal's key; an officer */
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("hello", 5);
    g_autoptr(GBytes) body = g_bytes_new (manifest, strlen (manifest));
    gint64 flights = pd_test_db_int (db, "SELECT count(*) FROM tvs_flights");
    g_autoptr(JsonNode) a = pd_client_call_bytes (airline, "POST", "/v1/intake/manifests", "text/plain", junk, &error);

    g_assert_null (a);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    a = pd_client_call_bytes (broker, "POST", "/v1/intake/manifests", "text/plain", body, &error);
    g_assert_null (a);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
    g_clear_error (&error);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM tvs_flights"), ==, flights);
  }

  /* portdeskctl plays the airline */
  {
    g_autofree char *file = g_build_filename (d->dir, "sw100.edi", NULL);
    g_autofree char *keyfile = g_build_filename (d->dir, "airline.key", NULL);
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
    g_autofree char *out = NULL;

    g_assert_true (g_file_set_contents (file, manifest, -1, NULL));
    g_assert_true (g_file_set_contents (keyfile, key, -1, NULL));
    g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", keyfile, "airline", "manifest", "send",
                                  file, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Flight SW100 on 2026-12-05 (MEX -> LAX): 2 passengers (replaces"));
  }

  /* kept 14 days after departure; a part that never completed, 24 h */
  {
    g_autoptr(GBytes) lone = g_bytes_new (part1, strlen (part1));
    g_autoptr(JsonNode) w = pd_client_call_bytes (airline, "POST", "/v1/intake/manifests", "text/plain", lone, &error);
    g_autoptr(JsonNode) run1 = NULL, run2 = NULL;
    gint64 head;

    g_assert_no_error (error);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM tvs_parts"), ==, 1);
    pd_test_clock_advance (d, DAY + 60);
    head = pd_test_db_int (db, "SELECT max(seq) FROM audit");
    g_clear_object (&admin);   /* the session is over a day old: another one */
    admin = pd_test_login (d, "admin.demo", NULL, TRUE);
    run1 = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM tvs_parts"), ==, 0);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM tvs_flights"), ==, 2);   /* departed yesterday */
    pd_test_clock_advance (d, 15 * DAY);
    g_clear_object (&admin);
    admin = pd_test_login (d, "admin.demo", NULL, TRUE);
    run2 = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM tvs_flights"), ==, 0);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM tvs_travellers"), ==, 0);
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'retention.purge' AND "
                                              "object IN ('tvs.manifests', 'tvs.parts') AND seq > %" G_GINT64_FORMAT,
                                              head);
      g_assert_cmpint (pd_test_db_int (db, sql), ==, 2);
    }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tvs/manifests", test_tvs_manifests);
  return g_test_run ();
}
