/* test-landing.c: landing rights end to end against a running portdeskd
 *
 * An air operator (API key kind air_operator over TCP) keeps its contacts
 * and submits a request with its flights; bad input (unknown airline code,
 * ETA before ETD, a flight in the past, a bond number of the wrong shape,
 * an unknown port, an unknown member) is refused naming the field and
 * changes nothing.  The port's officers see it live, research it (earlier
 * requests, conflicts at the terminal, the same flight twice, the
 * terminal's load), recommend; only the director, or a designee the
 * director names, decides; the operator sees the decision (never the
 * recommendation) and can no longer change or withdraw it; the approved
 * flights make the port's schedule.  Operators see only their own requests,
 * other roles none.  The request chat works both ways and its text is not
 * audited.  Requests are purged 365 days after submission with a receipt
 * (test clock), their flights, history and chat with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"
#include "pd-test-events.h"

#define HOUR G_GINT64_CONSTANT (3600)
#define DAY  (24 * HOUR)

/* A request at LAX for @code with one flight arriving @eta_in seconds from
 * the service's now, after a flight of 5 h; @edit changes the flight. */
static JsonNode *
request_json (PdTestDaemon *d,
              const char   *code,
              const char   *flight_number,
              gint64        eta,            /* unix us */
              const char   *terminal)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *etd_text = pd_time_format (eta - 5 * HOUR * G_USEC_PER_SEC);
  g_autofree char *eta_text = pd_time_format (eta);

  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "type", "commercial_passenger");
  pd_json_builder_add_string (b, "airline_name", "Delta Air Lines");
  pd_json_builder_add_string (b, "port", "LAX");
  pd_json_builder_add_string (b, "airline_code", code);
  pd_json_builder_add_string (b, "bond_number", "9A7123456");
  json_builder_set_member_name (b, "flights");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  pd_json_builder_add_bool (b, "scheduled", TRUE);
  pd_json_builder_add_bool (b, "precleared", FALSE);
  pd_json_builder_add_string (b, "flight_number", flight_number);
  pd_json_builder_add_string (b, "departure_airport", "JFK");
  pd_json_builder_add_string (b, "arrival_airport", "LAX");
  pd_json_builder_add_string (b, "etd", etd_text);
  pd_json_builder_add_string (b, "eta", eta_text);
  pd_json_builder_add_int (b, "passengers", 180);
  pd_json_builder_add_string (b, "terminal", terminal);
  pd_json_builder_add_string (b, "equipment", "A321");
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonObject *
flight0 (JsonNode *req)
{
  return json_array_get_object_element (json_object_get_array_member (json_node_get_object (req), "flights"), 0);
}

/* POST @body to @path; the error it gives (NULL on success), the reply in *out. */
static GError *
post (PdClient    *c,
      const char  *path,
      JsonNode    *body,
      JsonNode   **out)
{
  GError *error = NULL;
  JsonNode *r = pd_client_call (c, "POST", path, body, &error);

  if (out != NULL)
    *out = r;
  else if (r != NULL)
    json_node_unref (r);
  return error;
}

static JsonNode *
get_ok (PdClient    *c,
        const char  *path)
{
  g_autoptr(GError) error = NULL;
  JsonNode *r = pd_client_call (c, "GET", path, NULL, &error);

  g_assert_no_error (error);
  return r;
}

/* The request is refused INVALID with a message naming @field, and nothing
 * was stored. */
static void
assert_refused (PdClient    *op,
                JsonNode    *body,
                const char  *field,
                const char  *db)
{
  gint64 before = pd_test_db_int (db, "SELECT count(*) FROM landing_requests") +
                  pd_test_db_int (db, "SELECT count(*) FROM landing_flights");
  g_autoptr(GError) error = post (op, "/v1/intake/landing/requests", body, NULL);

  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_test_message ("refused: %s", error->message);
  if (strstr (error->message, field) == NULL)
    g_error ("'%s' does not name %s", error->message, field);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_requests") +
                   pd_test_db_int (db, "SELECT count(*) FROM landing_flights"), ==, before);
}

/* POST {@member: @value, ...} to @base + @suffix; the reply (NULL after an
 * error). */
static JsonNode *
post_to (PdClient    *c,
         const char  *base,
         const char  *suffix,
         GError     **error,
         const char  *first_member,
         ...)
{
  g_autofree char *path = g_strconcat (base, suffix, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  va_list ap;

  json_builder_begin_object (b);
  va_start (ap, first_member);
  for (const char *m = first_member; m != NULL; m = va_arg (ap, const char *))
    pd_json_builder_add_string (b, m, va_arg (ap, const char *));
  va_end (ap);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  return pd_client_call (c, "POST", path, body, error);
}

static JsonNode *
get_at (PdClient    *c,
        const char  *base,
        const char  *suffix)
{
  g_autofree char *path = g_strconcat (base, suffix, NULL);

  return get_ok (c, path);
}

static const char *
str_of (JsonNode   *r,
        const char *member)
{
  return json_object_get_string_member_with_default (json_node_get_object (r), member, NULL);
}

static void
test_landing_workflow (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) director = pd_test_login (d, "director.ng", NULL, TRUE);
  g_autoptr(PdClient) officer = pd_test_login (d, "officer.ray", NULL, TRUE);
  g_autoptr(PdClient) specialist = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autofree char *key = pd_test_api_key (admin, "air_operator", "Skyway Ops", NULL, "landing");
  g_autofree char *other_key = pd_test_api_key (admin, "air_operator", "Other Air", NULL, "landing");
  g_autofree char *broker_key = pd_test_api_key (admin, "broker", "Acme", NULL, "scheduling");
  g_autoptr(PdClient) op = pd_test_public_client (d, key);
  g_autoptr(PdClient) other = pd_test_public_client (d, other_key);
  g_autoptr(PdClient) broker = pd_test_public_client (d, broker_key);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
  gint64 now = pd_test_daemon_now (d);
  /* the demo approved BA283 at TBIT tomorrow at 15:00 UTC */
  gint64 tomorrow = now - now % (DAY * G_USEC_PER_SEC) + DAY * G_USEC_PER_SEC;
  gint64 ba283 = tomorrow + 15 * HOUR * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *ref = NULL, *path = NULL, *public_path = NULL, *amend_path = NULL;
  PdTestEvents officers_ev = { 0 }, op_ev = { 0 };

  /* the operator's contacts */
  {
    g_autoptr(JsonParser) p = json_parser_new ();

    g_assert_true (json_parser_load_from_data (p, "{\"company\": {\"company_name\": \"Skyway Ops\", \"first_name\": "
                                                  "\"Ana\", \"last_name\": \"Ruiz\", \"email\": \"not-an-email\"}}",
                                               -1, NULL));
    error = post (op, "/v1/intake/landing/profile", json_parser_get_root (p), NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "company.email"));
    g_clear_error (&error);
    g_assert_true (json_parser_load_from_data (p, "{\"company\": {\"company_name\": \"Skyway Ops\", \"first_name\": "
                                                  "\"Ana\", \"last_name\": \"Ruiz\", \"email\": \"ana@skyway.example\","
                                                  " \"phone\": \"+1 555 0100\", \"fax\": \"+1 555 0101\"}, "
                                                  "\"ground_handler\": {\"company_name\": \"Swissport\", \"first_name\":"
                                                  " \"Li\", \"last_name\": \"Wu\", \"email\": \"li@swissport.example\"}}",
                                               -1, NULL));
    error = post (op, "/v1/intake/landing/profile", json_parser_get_root (p), NULL);
    g_assert_no_error (error);
    r = get_ok (op, "/v1/intake/landing/profile");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (r), "company"),
                                                    "fax"), ==, "+1 555 0101");
    g_assert_true (json_object_has_member (json_node_get_object (r), "ground_handler"));
    g_assert_false (json_object_has_member (json_node_get_object (r), "station_manager"));
    g_clear_pointer (&r, json_node_unref);
    /* each operator keeps its own */
    r = get_ok (other, "/v1/intake/landing/profile");
    g_assert_cmpuint (json_object_get_size (json_node_get_object (r)), ==, 0);
    g_clear_pointer (&r, json_node_unref);
  }

  /* bad input: refused, naming the field, nothing stored */
  body = request_json (d, "ZZ", "DL1", ba283, "TBIT");
  assert_refused (op, body, "airline_code", db);
  g_clear_pointer (&body, json_node_unref);
  body = request_json (d, "D", "DL1", ba283, "TBIT");
  assert_refused (op, body, "airline_code", db);
  g_clear_pointer (&body, json_node_unref);
  body = request_json (d, "DL", "DL1", ba283, "TBIT");
  json_object_set_string_member (json_node_get_object (body), "bond_number", "12345");
  assert_refused (op, body, "bond_number", db);
  json_object_set_string_member (json_node_get_object (body), "bond_number", "9A7123456");
  json_object_set_string_member (json_node_get_object (body), "port", "XXX");
  assert_refused (op, body, "port", db);
  json_object_set_string_member (json_node_get_object (body), "port", "LAX");
  json_object_set_string_member (json_node_get_object (body), "carrier", "x");
  assert_refused (op, body, "carrier", db);
  json_object_remove_member (json_node_get_object (body), "carrier");
  {
    g_autofree char *early = pd_time_format (ba283 - 6 * HOUR * G_USEC_PER_SEC);
    g_autofree char *past = pd_time_format (now - DAY * G_USEC_PER_SEC);
    g_autofree char *past_eta = pd_time_format (now - (DAY - 2 * HOUR) * G_USEC_PER_SEC);

    json_object_set_string_member (flight0 (body), "eta", early);   /* before the ETD */
    assert_refused (op, body, "flights[0].eta", db);
    json_object_set_string_member (flight0 (body), "etd", past);    /* a flight on a date past */
    json_object_set_string_member (flight0 (body), "eta", past_eta);
    assert_refused (op, body, "flights[0].etd", db);
    json_object_set_string_member (flight0 (body), "etd", "tomorrow");
    assert_refused (op, body, "flights[0].etd", db);
  }
  g_clear_pointer (&body, json_node_unref);
  body = request_json (d, "DL", "D1", ba283, "TBIT");
  assert_refused (op, body, "flight_number", db);
  g_clear_pointer (&body, json_node_unref);
  /* other keys and other roles */
  body = request_json (d, "DL", "DL1", ba283, "TBIT");
  error = post (broker, "/v1/intake/landing/requests", body, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* submitted: the port's officers hear of it at once */
  pd_test_events_open (&officers_ev, d->socket, NULL, pd_client_get_token (director));
  pd_test_events_open (&op_ev, NULL, url, key);
  g_assert_no_error (op_ev.error);
  pd_test_events_wait (&officers_ev, 1);
  pd_test_events_wait (&op_ev, 1);
  error = post (op, "/v1/intake/landing/requests", body, &r);
  g_assert_no_error (error);
  ref = g_strdup (str_of (r, "ref"));
  g_assert_true (g_str_has_prefix (ref, "LR-LAX-"));
  g_assert_cmpstr (str_of (r, "status"), ==, "submitted");
  g_clear_pointer (&r, json_node_unref);
  g_assert_true (pd_test_events_wait_for (&officers_ev, ref));
  g_assert_true (pd_test_events_seen (&officers_ev, "landing.request"));
  path = g_strdup_printf ("/v1/landing/requests/%s", ref);
  public_path = g_strdup_printf ("/v1/intake/landing/requests/%s", ref);

  /* who sees it */
  r = get_ok (officer, "/v1/landing/requests?status=submitted");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "total"), ==, 3);   /* 2 of the demo */
  g_clear_pointer (&r, json_node_unref);
  /* pages by offset: "next" is the following page's */
  r = get_ok (officer, "/v1/landing/requests?limit=4");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items")), ==, 4);
  g_assert_cmpstr (str_of (r, "next"), ==, "4");
  g_clear_pointer (&r, json_node_unref);
  r = get_ok (officer, "/v1/landing/requests?limit=4&cursor=4");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items")), ==, 2);
  g_assert_null (str_of (r, "next"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "total"), ==, 6);
  g_clear_pointer (&r, json_node_unref);
  r = get_ok (op, "/v1/intake/landing/requests");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "total"), ==, 1);
  g_clear_pointer (&r, json_node_unref);
  r = get_ok (other, "/v1/intake/landing/requests");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "total"), ==, 0);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (other, "GET", public_path, NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  r = pd_client_call (specialist, "GET", "/v1/landing/requests", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* research: the demo's BA283 lands at TBIT at the same time */
  r = get_at (officer, path, "/research");
  {
    JsonObject *f = json_array_get_object_element (json_object_get_array_member (json_node_get_object (r), "flights"), 0);
    JsonArray *conflicts = json_object_get_array_member (f, "conflicts");

    g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (conflicts, 0), "flight_number"), ==,
                     "BA283");
    g_assert_cmpint (json_object_get_int_member (f, "terminal_load"), ==, 1);
    g_assert_false (json_object_get_boolean_member (f, "over_capacity"));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (r), "airline"),
                                                    "icao"), ==, "DAL");
  }
  g_clear_pointer (&r, json_node_unref);

  /* recommended by an officer; an amendment withdraws the recommendation */
  r = post_to (officer, path, "/recommend", &error, "recommendation", "approve", "reason", "Bond on file", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (str_of (r, "recommendation"), ==, "approve");
  g_clear_pointer (&r, json_node_unref);
  r = get_ok (op, public_path);
  g_assert_false (json_object_has_member (json_node_get_object (r), "recommendation"));
  g_clear_pointer (&r, json_node_unref);
  g_clear_pointer (&body, json_node_unref);
  body = request_json (d, "DL", "DL1", ba283 + 2 * HOUR * G_USEC_PER_SEC, "TBIT");
  amend_path = g_strconcat (public_path, "/amend", NULL);
  error = post (op, amend_path, body, NULL);
  g_assert_no_error (error);
  r = get_ok (officer, path);
  g_assert_null (str_of (r, "recommendation"));
  g_assert_cmpstr (json_object_get_string_member (flight0 (r), "eta_at"), !=, NULL);
  g_clear_pointer (&r, json_node_unref);
  r = get_at (officer, path, "/research");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (json_object_get_array_member (json_node_get_object (r), "flights"),
                                                     0), "conflicts")), ==, 0);
  g_clear_pointer (&r, json_node_unref);

  /* the request chat, both ways; its text is not audited */
  r = post_to (officer, path, "/chat", &error, "body", "Which gate do you need?", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_true (pd_test_events_wait_for (&op_ev, "Which gate do you need?"));
  r = post_to (op, public_path, "/chat", &error, "body", "Gate 148", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_true (pd_test_events_wait_for (&officers_ev, "Gate 148"));
  r = get_ok (director, path);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "chat")), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "unread"), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (r), "can_decide"));
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'landing.chat'"), ==, 2);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE params LIKE '%Gate 148%'"), ==, 0);

  /* only the director (or a designee) decides */
  r = get_ok (officer, path);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (r), "can_decide"));
  g_clear_pointer (&r, json_node_unref);
  r = post_to (officer, path, "/decide", &error, "decision", "approve", "reason", "ok", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  r = post_to (director, path, "/decide", &error, "decision", "approve_with_conditions", "reason", "Slot free", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);   /* no conditions */
  g_clear_error (&error);
  r = post_to (director, path, "/decide", &error, "decision", "deny", "reason", "x", "conditions", "y", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);   /* conditions on a denial */
  g_clear_error (&error);
  r = post_to (director, path, "/decide", &error, "decision", "approve_with_conditions", "reason", "Slot free",
               "conditions", "Gate 148 only", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (str_of (r, "status"), ==, "approved_with_conditions");
  g_clear_pointer (&r, json_node_unref);
  g_assert_true (pd_test_events_wait_for (&op_ev, "approved_with_conditions"));
  r = get_ok (op, public_path);
  g_assert_cmpstr (str_of (r, "conditions"), ==, "Gate 148 only");
  g_assert_null (str_of (r, "decided_by"));
  g_clear_pointer (&r, json_node_unref);
  /* decided: no more changes */
  error = post (op, amend_path, body, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);
  r = post_to (op, public_path, "/withdraw", &error, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);

  /* the port's schedule: the approved flights of the day */
  {
    g_autoptr(GDateTime) day = g_date_time_new_from_unix_utc (tomorrow / G_USEC_PER_SEC);
    g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
    g_autoptr(JsonNode) s = get_at (director, "/v1/landing/schedule?from=", date);
    JsonArray *items = json_object_get_array_member (json_node_get_object (s), "items");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (items); i++)
      found |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "ref"), ref) == 0;
    g_assert_true (found);
    g_assert_cmpuint (json_array_get_length (items), ==, 3);   /* + the demo's BA283 and JL62 */
  }

  /* a designee: a CBP officer of the port, named by the director */
  r = post_to (director, "/v1/landing/designees", "", &error, "user", "ag.lopez", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = post_to (officer, "/v1/landing/designees", "", &error, "user", "officer.ray", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  r = post_to (director, "/v1/landing/designees", "", &error, "user", "officer.ray", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = post_to (officer, "/v1/landing/requests/LR-LAX-000003", "/decide", &error, "decision", "deny", "reason",
               "Terminal at capacity", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (str_of (r, "status"), ==, "denied");
  g_clear_pointer (&r, json_node_unref);

  /* the operator withdraws another request before a decision */
  g_clear_pointer (&body, json_node_unref);
  body = request_json (d, "AAL", "AA100", tomorrow + 30 * HOUR * G_USEC_PER_SEC, "T4");
  error = post (op, "/v1/intake/landing/requests", body, &r);
  g_assert_no_error (error);
  {
    g_autofree char *w = g_strdup_printf ("/v1/intake/landing/requests/%s", str_of (r, "ref"));
    g_autoptr(JsonNode) wr = post_to (op, w, "/withdraw", &error, "reason", "Flight cancelled", NULL);

    g_assert_no_error (error);
    g_assert_cmpstr (str_of (wr, "status"), ==, "withdrawn");
  }
  g_clear_pointer (&r, json_node_unref);

  /* every step is in the audit chain */
  for (const char * const *a = (const char * const[]) { "landing.profile.set", "landing.submit", "landing.amend",
                                                        "landing.research", "landing.recommend", "landing.decide",
                                                        "landing.withdraw", "landing.designee.add", NULL }; *a; a++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = '%s' AND outcome = 'ok'", *a);

      if (pd_test_db_int (db, sql) == 0)
        g_error ("no audit entry for %s", *a);
    }
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'landing.decide' AND "
                                       "outcome = 'denied'"), ==, 1);
  pd_test_events_clear (&officers_ev);
  pd_test_events_clear (&op_ev);
}

/* portdeskctl plays both sides. */
static void
test_landing_ctl (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autofree char *key = pd_test_api_key (admin, "air_operator", "Skyway Ops", NULL, "landing");
  g_autofree char *dir = g_dir_make_tmp ("pd-landing-XXXXXX", NULL);
  g_autofree char *key_file = g_build_filename (dir, "key", NULL);
  g_autofree char *pw = g_build_filename (dir, "pw", NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (pd_test_daemon_now (d) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *day = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *flight = g_strdup_printf ("UA1;EWR;LAX;%sT08:00:00Z;%sT14:00:00Z;200;T7;B772", day, day);
  g_autofree char *bad = g_strdup_printf ("UA1;EWR;LAX;%sT08:00:00Z;%sT07:00:00Z;200;T7;B772", day, day);
  g_autofree char *out = NULL;
  g_autofree char *ref = NULL;

  g_assert_true (g_file_set_contents (key_file, key, -1, NULL));
  g_assert_true (g_file_set_contents (pw, "portdesk-demo-2026\n", -1, NULL));
  g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", key_file, "air-operator", "request", "--port",
                                "LAX", "--airline-name", "United", "--airline-code", "UA", "--bond", "9A7000001",
                                "--flight", bad, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", key_file, "--json", "air-operator", "request",
                                "--port", "LAX", "--airline-name", "United", "--airline-code", "UA", "--bond",
                                "9A7000001", "--flight", flight, NULL), ==, 0);
  {
    g_autoptr(JsonObject) o = pd_json_parse_object (out, -1, NULL);

    g_assert_nonnull (o);
    ref = g_strdup (json_object_get_string_member (o, "ref"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "flights")), ==, 1);
  }
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "director.ng", "--password-file", pw, "--accept-rules", "landing",
                                "list", "--status", "submitted", NULL), ==, 0);
  g_assert_nonnull (strstr (out, ref));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "officer.ray", "--password-file", pw, "--accept-rules", "landing",
                                "decide", ref, "approve", "ok", NULL), ==, 4);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "director.ng", "--password-file", pw, "--accept-rules", "landing",
                                "decide", ref, "approve", "Slot free", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "approved"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "director.ng", "--password-file", pw, "--accept-rules", "landing",
                                "schedule", day, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "UA1"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", key_file, "air-operator", "status", ref,
                                NULL), ==, 0);
  g_assert_nonnull (strstr (out, "approved"));
  g_assert_null (strstr (out, "director.ng"));
  g_clear_pointer (&out, g_free);
  g_unlink (key_file);
  g_unlink (pw);
  g_rmdir (dir);
}

/* Requests go 365 days after submission, with a receipt; flights, history
 * and chat with them. */
static void
test_landing_retention (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP,
                                                  "[portdeskd]\nretention_interval_seconds=86400\n");
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autofree char *key = pd_test_api_key (admin, "air_operator", "Skyway Ops", NULL, "landing");
  g_autoptr(PdClient) op = pd_test_public_client (d, key);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chat = NULL;
  gint64 demo, head;

  demo = pd_test_db_int (db, "SELECT count(*) FROM landing_requests");
  pd_test_clock_advance (d, 10 * DAY);   /* the demo's requests are older */
  body = request_json (d, "DL", "DL7", pd_test_daemon_now (d) + 2 * DAY * G_USEC_PER_SEC, "T2");
  error = post (op, "/v1/intake/landing/requests", body, &r);
  g_assert_no_error (error);
  chat = g_strdup_printf ("/v1/intake/landing/requests/%s/chat", str_of (r, "ref"));
  g_clear_pointer (&r, json_node_unref);
  r = post_to (op, chat, "", &error, "body", "hello", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);

  /* a day short of 365 after the demo's: all kept */
  pd_test_clock_advance (d, 354 * DAY);
  pd_test_retention_run (d);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_requests"), ==, demo + 1);

  /* 365 days after the demo's submission: those go, with one receipt */
  head = pd_test_db_int (db, "SELECT max(seq) FROM audit");
  pd_test_clock_advance (d, DAY);
  pd_test_retention_run (d);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_requests"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'retention.purge' AND "
                                            "object = 'landing.requests' AND seq > %" G_GINT64_FORMAT, head);
    g_assert_cmpint (pd_test_db_int (db, sql), ==, 1);
  }

  /* the operator's request: kept until 365 days after its submission, to the second */
  pd_test_clock_advance (d, 10 * DAY - 1);
  pd_test_retention_run (d);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_requests"), ==, 1);
  pd_test_clock_advance (d, 2);
  pd_test_retention_run (d);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_requests"), ==, 0);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_flights"), ==, 0);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_history"), ==, 0);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM landing_chat"), ==, 0);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'retention.purge' AND "
                                       "object = 'landing.requests'"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/landing/workflow", test_landing_workflow);
  g_test_add_func ("/landing/ctl", test_landing_ctl);
  g_test_add_func ("/landing/retention", test_landing_retention);
  return g_test_run ();
}
