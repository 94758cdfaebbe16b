/* test-flags.c: misuse flags end to end against a running portdeskd
 *
 * Each rule raises a flag on the pattern it names and not on its near
 * miss: a search of one's own name, date of birth or plate (not someone
 * else's); more than N LPR queries in the window (not exactly N); use
 * outside the shift or the night (not in the day); records of another
 * port (not one's own); K no-match outcomes for one traveller (not K - 1,
 * not another traveller).  A pattern that goes on joins its open flag.
 * The scanner's place survives a restart (no flag twice, none missed).
 * Auditors clear or escalate with a reason; an admin suspends with a
 * reason, which the user is told at sign-in; bad input changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>


#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"
#include "pd-test-events.h"

#define MINUTE 60
#define HOUR   3600
/* noon UTC (the default port time zone), a Wednesday */
#define NOON   "2027-03-10T12:00:00Z"
#define CONFIG "[portdeskd]\nretention_interval_seconds=86400\nflag_scan_interval_seconds=86400\n" \
               "session_idle_minutes=1440\nsession_max_hours=24\nflag_bulk_max=5\nflag_bulk_window_minutes=60\n" \
               "flag_no_match_count=3\nflag_no_match_window_hours=24\n"

typedef struct {
  PdTestDaemon *d;
  char         *db;
  PdClient     *admin;
  PdClient     *auditor;
} Fixture;

static void
set_clock (PdTestDaemon *d,
           const char   *iso)
{
  g_autoptr(PdClient) c = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (c, "/v1/test/clock", &error, "set", G_TYPE_STRING, iso, NULL);

  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, CONFIG);
  f->db = pd_test_daemon_db_path (f->d);
  set_clock (f->d, NOON);
  f->admin = pd_test_login (f->d, "admin.demo", NULL, TRUE);
  f->auditor = pd_test_login (f->d, "auditor.fox", NULL, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->admin);
  g_clear_object (&f->auditor);
  g_free (f->db);
  pd_test_daemon_free (f->d);
}

static JsonNode *
call_json (PdClient    *c,
           const char  *method,
           const char  *path,
           const char  *json,
           GError     **error)
{
  g_autoptr(JsonParser) p = json_parser_new ();

  if (json == NULL)
    return pd_client_call (c, method, path, NULL, error);
  g_assert_true (json_parser_load_from_data (p, json, -1, NULL));
  return pd_client_call (c, method, path, json_parser_get_root (p), error);
}

/* Calls and expects success. */
static void
ok (PdClient    *c,
    const char  *method,
    const char  *path,
    const char  *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = call_json (c, method, path, json, &error);

  g_assert_no_error (error);
}

/* Calls and expects @code. */
static void
refused (PdClient    *c,
         const char  *method,
         const char  *path,
         const char  *json,
         PdErrorCode  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = call_json (c, method, path, json, &error);

  g_assert_error (error, PD_ERROR, (gint) code);
}

/* Runs the scanner now (as a fresh admin session: the clock jumps); the
 * flags it raised. */
static gint64
scan (Fixture *f)
{
  g_autoptr(PdClient) admin = pd_test_login (f->d, "admin.demo", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (admin, "POST", "/v1/flags/scan", NULL, &error);

  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (r), "raised");
}

static gint64
n_flags (Fixture    *f,
         const char *rule,
         const char *user)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM flags WHERE rule = '%s' AND username = '%s'", rule, user);

  return pd_test_db_int (f->db, sql);
}

/* The entries behind the newest flag of @rule for @user. */
static gint64
n_entries (Fixture    *f,
           const char *rule,
           const char *user)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM flag_entries WHERE flag_id = (SELECT max(id) FROM flags "
                                          "WHERE rule = '%s' AND username = '%s')", rule, user);

  return pd_test_db_int (f->db, sql);
}

static void
advance (Fixture *f,
         gint64   seconds)
{
  pd_test_clock_advance (f->d, seconds);
}

/* A TSA check the traveller declined the photo for: open for searches. */
static gint64
declined_check (PdClient *tsa)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (tsa, "POST", "/v1/identity/declined", NULL, &error);

  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (r), "check");
}

/* A biographic search in @check (found or not). */
static void
search_name (PdClient    *tsa,
             gint64       check,
             const char  *last,
             const char  *first,
             const char  *born)
{
  g_autofree char *path = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/records?last_name=%s&"
                                           "first_name=%s&birth_date=%s", check, last, first, born);

  ok (tsa, "GET", path, NULL);
}

/* An A-number search in @check that finds nobody (404, audited). */
static void
search_unknown_a_number (PdClient    *tsa,
                         gint64       check,
                         const char  *a_number)
{
  g_autofree char *path = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/records?a_number=%s", check,
                                           a_number);

  refused (tsa, "GET", path, NULL, PD_ERROR_NOT_FOUND);
}

static gint64
open_case (PdClient *analyst)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = call_json (analyst, "POST", "/v1/lpr/cases",
                                     "{\"number\": \"EV-2027-0001\", \"title\": \"Port runner\"}", &error);

  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (r), "id");
}

static void
lpr_query (PdClient   *analyst,
           gint64      case_id,
           const char *plate)
{
  g_autofree char *body = g_strdup_printf ("{\"case\": %" G_GINT64_FORMAT ", \"plate\": \"%s\"}", case_id, plate);

  ok (analyst, "POST", "/v1/lpr/queries", body);
}

/* --- the rules ------------------------------------------------------------ */

static void
test_self_search (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PdClient) tsa = pd_test_login (f->d, "tsa.kim", NULL, TRUE);
  g_autoptr(PdClient) analyst = pd_test_grant (f->d, "lpr.ortiz", "lpr", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  gint64 check, case_id;

  ok (f->admin, "POST", "/v1/users/tsa.kim/profile", "{\"birth_date\": \"1985-04-12\"}");
  ok (f->admin, "POST", "/v1/users/lpr.ortiz/profile", "{\"plate\": \"8own-123\"}");
  /* what the rules compare with: the admin's view of one user only, never audited */
  r = pd_client_call (f->admin, "GET", "/v1/users/tsa.kim", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_json_str (json_node_get_object (r), "birth_date"), ==, "1985-04-12");
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (f->admin, "GET", "/v1/users?limit=100", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (pd_json_array (json_node_get_object (r), "items")); i++)
    g_assert_false (json_object_has_member (json_array_get_object_element (pd_json_array (json_node_get_object (r),
                                                                                          "items"), i), "plate"));
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (tsa, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = json_to_string (r, FALSE);

    g_assert_null (strstr (text, "1985-04-12"));
  }
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM audit WHERE params LIKE '%1985-04-12%' OR "
                                   "params LIKE '%8OWN123%'"), ==, 0);

  /* someone else's name and birth date, someone else's plate: nothing */
  check = declined_check (tsa);
  search_name (tsa, check, "Smith", "John", "1990-02-02");
  case_id = open_case (analyst);
  lpr_query (analyst, case_id, "8XYZ123");
  scan (f);
  g_assert_cmpint (n_flags (f, "self_search", "tsa.kim"), ==, 0);
  g_assert_cmpint (n_flags (f, "self_search", "lpr.ortiz"), ==, 0);

  /* her own name (accents and case folded), her own birth date, his own plate */
  search_name (tsa, check, "KIM", "D%C3%A0na", "1990-02-02");
  search_name (tsa, check, "Smith", "John", "1985-04-12");
  lpr_query (analyst, case_id, "8OWN123");
  g_assert_cmpint (scan (f), >=, 3);
  g_assert_cmpint (n_flags (f, "self_search", "tsa.kim"), ==, 2);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM flags WHERE rule = 'self_search' AND "
                                   "username = 'tsa.kim' AND subject IN ('name', 'birth_date')"), ==, 2);
  g_assert_cmpint (n_flags (f, "self_search", "lpr.ortiz"), ==, 1);
  /* the same again (an O/0 look-alike): the same flag, one more entry */
  lpr_query (analyst, case_id, "8 0WN 123");
  scan (f);
  g_assert_cmpint (n_flags (f, "self_search", "lpr.ortiz"), ==, 1);
  g_assert_cmpint (n_entries (f, "self_search", "lpr.ortiz"), ==, 2);
}

static void
test_bulk (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PdClient) analyst = pd_test_grant (f->d, "lpr.ortiz", "lpr", 1);
  gint64 case_id = open_case (analyst);

  /* exactly flag_bulk_max (5) in the hour: not bulk */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *plate = g_strdup_printf ("7ABC%03u", i);

      lpr_query (analyst, case_id, plate);
      advance (f, MINUTE);
    }
  scan (f);
  g_assert_cmpint (n_flags (f, "bulk", "lpr.ortiz"), ==, 0);
  /* the sixth within the hour: one flag behind all six */
  lpr_query (analyst, case_id, "7ABC100");
  scan (f);
  g_assert_cmpint (n_flags (f, "bulk", "lpr.ortiz"), ==, 1);
  g_assert_cmpint (n_entries (f, "bulk", "lpr.ortiz"), ==, 6);
  /* going on: the same open flag, no flood */
  lpr_query (analyst, case_id, "7ABC101");
  lpr_query (analyst, case_id, "7ABC102");
  scan (f);
  g_assert_cmpint (n_flags (f, "bulk", "lpr.ortiz"), ==, 1);
  g_assert_cmpint (n_entries (f, "bulk", "lpr.ortiz"), ==, 8);
  /* a window later: five are not bulk, six are, a new flag */
  advance (f, 2 * HOUR);
  for (guint i = 0; i < 5; i++)
    lpr_query (analyst, case_id, "7ABC200");
  scan (f);
  g_assert_cmpint (n_flags (f, "bulk", "lpr.ortiz"), ==, 1);
  lpr_query (analyst, case_id, "7ABC201");
  scan (f);
  g_assert_cmpint (n_flags (f, "bulk", "lpr.ortiz"), ==, 2);
  g_assert_cmpint (n_entries (f, "bulk", "lpr.ortiz"), ==, 6);
}

static void
test_off_shift (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PdClient) tsa = pd_test_login (f->d, "tsa.kim", NULL, TRUE);

  /* noon: within the day (the night is 22:00-06:00) */
  declined_check (tsa);
  scan (f);
  g_assert_cmpint (n_flags (f, "off_shift", "tsa.kim"), ==, 0);
  /* 23:30 and 01:00: one night, one flag */
  advance (f, 11 * HOUR + 30 * MINUTE);
  declined_check (tsa);
  scan (f);
  g_assert_cmpint (n_flags (f, "off_shift", "tsa.kim"), ==, 1);
  advance (f, 90 * MINUTE);
  declined_check (tsa);
  scan (f);
  g_assert_cmpint (n_flags (f, "off_shift", "tsa.kim"), ==, 1);
  g_assert_cmpint (n_entries (f, "off_shift", "tsa.kim"), ==, 2);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM flags WHERE rule = 'off_shift' AND username = 'tsa.kim' AND "
                                   "subject = '2027-03-10 22:00'"), ==, 1);
  /* her own shift, 20:00 to 04:00: 02:00 the next night is on duty, 05:00 is not */
  ok (f->admin, "POST", "/v1/users/tsa.kim/profile", "{\"shift_start\": 20, \"shift_end\": 4}");
  advance (f, 25 * HOUR);          /* 02:00 on the 12th */
  g_clear_object (&tsa);
  tsa = pd_test_login (f->d, "tsa.kim", NULL, TRUE);
  declined_check (tsa);
  scan (f);
  g_assert_cmpint (n_flags (f, "off_shift", "tsa.kim"), ==, 1);
  advance (f, 3 * HOUR);
  declined_check (tsa);
  scan (f);
  g_assert_cmpint (n_flags (f, "off_shift", "tsa.kim"), ==, 2);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM flags WHERE rule = 'off_shift' AND username = 'tsa.kim' AND "
                                   "subject = '2027-03-12 04:00'"), ==, 1);
}

static void
test_other_port (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PdClient) ray = pd_test_login (f->d, "officer.ray", NULL, TRUE);
  g_autofree char *ref = NULL;
  g_autofree char *path = NULL;

  /* LAX's own requests: nothing */
  ok (ray, "GET", "/v1/inspections?port=LAX", NULL);
  ok (ray, "GET", "/v1/inspections", NULL);
  scan (f);
  g_assert_cmpint (n_flags (f, "other_port", "officer.ray"), ==, 0);
  /* another port's list (refused), then one of its requests (not shown):
   * one flag for the port, both entries behind it */
  refused (ray, "GET", "/v1/inspections?port=LALB", NULL, PD_ERROR_FORBIDDEN);
  scan (f);
  g_assert_cmpint (n_flags (f, "other_port", "officer.ray"), ==, 1);
  ref = pd_test_db_text (f->db, "SELECT ref FROM insp_requests WHERE port = 'LALB' ORDER BY id LIMIT 1");
  g_assert_nonnull (ref);
  path = g_strdup_printf ("/v1/inspections/%s", ref);
  refused (ray, "GET", path, NULL, PD_ERROR_NOT_FOUND);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'record.other_port' AND "
                                   "actor = 'officer.ray' AND params LIKE '%LALB%'"), ==, 1);
  scan (f);
  g_assert_cmpint (n_flags (f, "other_port", "officer.ray"), ==, 1);
  g_assert_cmpint (n_entries (f, "other_port", "officer.ray"), ==, 2);
  /* roles without a port (the auditor reading everything) are not flagged */
  ok (f->auditor, "GET", "/v1/audit?limit=5", NULL);
  scan (f);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM flags WHERE rule = 'other_port'"), ==, 1);
}

static void
test_no_match (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PdClient) tsa = pd_test_login (f->d, "tsa.kim", NULL, TRUE);
  gint64 check = declined_check (tsa);

  /* twice the same unknown A-number, once another, once a name nobody has: K - 1 each */
  search_unknown_a_number (tsa, check, "A200000001");
  search_unknown_a_number (tsa, check, "200000001");
  search_unknown_a_number (tsa, check, "A200000002");
  search_name (tsa, check, "Doe", "Jane", "1970-05-05");
  search_name (tsa, check, "DOE", "jane", "1970-05-05");
  scan (f);
  g_assert_cmpint (n_flags (f, "no_match", "tsa.kim"), ==, 0);
  /* the third for the same traveller within 24 h: a flag behind the three */
  search_unknown_a_number (tsa, check, "A200000001");
  scan (f);
  g_assert_cmpint (n_flags (f, "no_match", "tsa.kim"), ==, 1);
  g_assert_cmpint (n_entries (f, "no_match", "tsa.kim"), ==, 3);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM flags WHERE subject = 'A-number 200000001'"), ==, 1);
  /* the name's third a day later: outside the window, no flag */
  advance (f, 25 * HOUR);
  g_clear_object (&tsa);
  tsa = pd_test_login (f->d, "tsa.kim", NULL, TRUE);
  check = declined_check (tsa);
  search_name (tsa, check, "Doe", "Jane", "1970-05-05");
  scan (f);
  g_assert_cmpint (n_flags (f, "no_match", "tsa.kim"), ==, 1);
}

/* --- the scanner ------------------------------------------------------------ */

static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PdClient) tsa = pd_test_login (f->d, "tsa.kim", NULL, TRUE);
  gint64 check = declined_check (tsa), last, flags;

  search_name (tsa, check, "Kim", "Dana", "1990-02-02");
  g_assert_cmpint (scan (f), >=, 1);
  flags = pd_test_db_int (f->db, "SELECT count(*) FROM flags");
  last = pd_test_db_int (f->db, "SELECT last_seq FROM flag_scan");
  g_assert_cmpint (last, >, 0);
  /* entries the scanner has not read yet when the service stops */
  ok (f->admin, "POST", "/v1/users/tsa.kim/profile", "{\"birth_date\": \"1985-04-12\"}");
  search_name (tsa, check, "Smith", "John", "1985-04-12");
  search_name (tsa, check, "Smith", "Joan", "1985-04-12");
  g_clear_object (&tsa);
  g_clear_object (&f->admin);
  g_clear_object (&f->auditor);
  pd_test_daemon_stop (f->d);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT last_seq FROM flag_scan"), ==, last);
  pd_test_daemon_start (f->d, PD_TEST_DAEMON_TEST_CLOCK);
  set_clock (f->d, "2027-03-10T13:00:00Z");
  f->admin = pd_test_login (f->d, "admin.demo", NULL, TRUE);
  /* nothing read twice (the name's flag stays one), nothing missed (the birth date's search after the profile) */
  scan (f);
  g_assert_cmpint (n_flags (f, "self_search", "tsa.kim"), ==, 2);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM flags"), ==, flags + 1);
  g_assert_cmpint (n_entries (f, "self_search", "tsa.kim"), ==, 2);
  g_assert_cmpint (scan (f), ==, 0);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT last_seq FROM flag_scan"), >, last);
}

/* --- review, escalation, suspension ------------------------------------------ */

static gint64
newest_flag (Fixture    *f,
             const char *user)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max(id) FROM flags WHERE username = '%s'", user);

  return pd_test_db_int (f->db, sql);
}

static gint64
flags_digest (Fixture *f)
{
  return pd_test_db_int (f->db, "SELECT count(*) * 1000000 + coalesce(sum(length(state) + length(coalesce(reason, ''))), 0) "
                         "FROM flags") +
         pd_test_db_int (f->db, "SELECT coalesce(sum(disabled + length(coalesce(disabled_reason, '')) + "
                         "length(coalesce(own_birth_date, '')) + length(coalesce(own_plate, '')) + "
                         "coalesce(shift_start, -1) * 7 + coalesce(shift_end, -1) * 11), 0) FROM users");
}

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PdClient) tsa = pd_test_login (f->d, "tsa.kim", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *path = NULL, *clear = NULL, *escalate = NULL, *suspend = NULL;
  PdTestEvents ev = { 0 };
  gint64 check = declined_check (tsa), id, seq;
  JsonArray *entries;

  pd_test_events_open (&ev, f->d->socket, NULL, pd_client_get_token (f->auditor));
  search_name (tsa, check, "Kim", "Dana", "1990-02-02");
  seq = pd_test_db_int (f->db, "SELECT max(seq) FROM audit WHERE action = 'identity.search'");
  scan (f);
  g_assert_true (pd_test_events_wait_for (&ev, "flag.raised"));
  id = newest_flag (f, "tsa.kim");

  /* the queue, filtered; the flag with the entry behind it */
  r = pd_client_call (f->auditor, "GET", "/v1/flags?state=open&rule=self_search&user=tsa.kim", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (pd_json_array (json_node_get_object (r), "items")), ==, 1);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (f->auditor, "GET", "/v1/flags?state=cleared", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (pd_json_array (json_node_get_object (r), "items")), ==, 0);
  g_clear_pointer (&r, json_node_unref);
  path = g_strdup_printf ("/v1/flags/%" G_GINT64_FORMAT, id);
  r = pd_client_call (f->auditor, "GET", path, NULL, &error);
  g_assert_no_error (error);
  entries = pd_json_array (json_node_get_object (r), "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (entries, 0), "seq"), ==, seq);
  g_assert_cmpstr (pd_json_str (json_array_get_object_element (entries, 0), "action"), ==, "identity.search");
  g_assert_cmpstr (pd_json_str (pd_json_obj (json_node_get_object (r), "flag"), "state"), ==, "open");
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'flag.show' AND "
                                   "actor = 'auditor.fox'"), ==, 1);

  /* bad input changes nothing */
  {
    gint64 before = flags_digest (f);

    clear = g_strdup_printf ("/v1/flags/%" G_GINT64_FORMAT "/clear", id);
    refused (f->auditor, "POST", clear, NULL, PD_ERROR_INVALID);
    refused (f->auditor, "POST", clear, "{\"reason\": \"\"}", PD_ERROR_INVALID);
    refused (f->auditor, "POST", clear, "{\"reason\": \"ok\", \"extra\": 1}", PD_ERROR_INVALID);
    refused (f->auditor, "POST", clear, "{\"reason\": 5}", PD_ERROR_INVALID);
    refused (f->auditor, "POST", "/v1/flags/abc/clear", "{\"reason\": \"x\"}", PD_ERROR_INVALID);
    refused (f->auditor, "POST", "/v1/flags/999999/clear", "{\"reason\": \"x\"}", PD_ERROR_NOT_FOUND);
    refused (f->auditor, "GET", "/v1/flags?state=bogus", NULL, PD_ERROR_INVALID);
    refused (f->auditor, "GET", "/v1/flags?rule=bogus", NULL, PD_ERROR_INVALID);
    refused (tsa, "GET", "/v1/flags", NULL, PD_ERROR_FORBIDDEN);
    escalate = g_strdup_printf ("/v1/flags/%" G_GINT64_FORMAT "/escalate", id);
    refused (f->admin, "POST", escalate, "{\"reason\": \"x\"}", PD_ERROR_FORBIDDEN);
    g_clear_pointer (&escalate, g_free);
    refused (f->admin, "POST", "/v1/users/tsa.kim/profile", "{\"birth_date\": \"1985-02-30\"}", PD_ERROR_INVALID);
    refused (f->admin, "POST", "/v1/users/tsa.kim/profile", "{\"plate\": \"AB$12\"}", PD_ERROR_INVALID);
    refused (f->admin, "POST", "/v1/users/tsa.kim/profile", "{\"shift_start\": 24, \"shift_end\": 4}",
             PD_ERROR_INVALID);
    refused (f->admin, "POST", "/v1/users/tsa.kim/profile", "{\"shift_start\": 8}", PD_ERROR_INVALID);
    refused (f->admin, "POST", "/v1/users/tsa.kim/profile", "{}", PD_ERROR_INVALID);
    refused (f->admin, "POST", "/v1/users/tsa.kim/enable", "{\"reason\": \"x\"}", PD_ERROR_INVALID);
    refused (f->admin, "POST", "/v1/users/tsa.kim/disable", "{\"reason\": \"\"}", PD_ERROR_INVALID);
    g_assert_cmpint (flags_digest (f), ==, before);
  }

  /* cleared with a reason, once */
  ok (f->auditor, "POST", clear, "{\"reason\": \"Searching a namesake at the checkpoint, confirmed\"}");
  g_assert_true (pd_test_events_wait_for (&ev, "cleared"));
  refused (f->auditor, "POST", clear, "{\"reason\": \"again\"}", PD_ERROR_CONFLICT);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'flag.clear' AND "
                                   "params LIKE '%namesake%'"), ==, 1);

  /* a new occurrence (her birth date), escalated; the admin suspends with the reason */
  ok (f->admin, "POST", "/v1/users/tsa.kim/profile", "{\"birth_date\": \"1985-04-12\"}");
  search_name (tsa, check, "Smith", "John", "1985-04-12");
  scan (f);
  id = newest_flag (f, "tsa.kim");
  escalate = g_strdup_printf ("/v1/flags/%" G_GINT64_FORMAT "/escalate", id);
  suspend = g_strdup_printf ("/v1/flags/%" G_GINT64_FORMAT "/suspend", id);
  refused (f->admin, "POST", suspend, "{\"reason\": \"x\"}", PD_ERROR_CONFLICT);   /* not asked for */
  ok (f->auditor, "POST", escalate, "{\"reason\": \"Repeated self-searches\"}");
  r = pd_client_call (f->admin, "GET", "/v1/flags?state=escalated", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (pd_json_array (json_node_get_object (r), "items")), ==, 1);
  g_clear_pointer (&r, json_node_unref);
  refused (f->auditor, "POST", suspend, "{\"reason\": \"x\"}", PD_ERROR_FORBIDDEN);
  ok (f->admin, "POST", suspend, "{\"reason\": \"Self-searches under review by the OIG\"}");
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM flags WHERE state = 'suspended'"), ==, 1);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'user.suspend' AND "
                                   "object = 'tsa.kim' AND params LIKE '%OIG%'"), ==, 1);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'flag.suspend' AND "
                                   "actor = 'admin.demo' AND params LIKE '%OIG%'"), ==, 1);
  /* her session ends, and sign-in says why */
  r = pd_client_call (tsa, "GET", "/v1/session", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  {
    g_autoptr(PdClient) c = pd_test_client (f->d);

    r = pd_client_post (c, "/v1/login", &error, "username", G_TYPE_STRING, "tsa.kim",
                        "password", G_TYPE_STRING, PD_TEST_DEMO_PASSWORD, NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
    g_assert_nonnull (strstr (error->message, "suspended"));
    g_assert_nonnull (strstr (error->message, "Self-searches under review by the OIG"));
    g_clear_error (&error);
    r = pd_client_post (c, "/v1/login", &error, "username", G_TYPE_STRING, "tsa.kim",
                        "password", G_TYPE_STRING, "wrong password here", NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
    g_assert_null (strstr (error->message, "OIG"));   /* only with her password */
    g_clear_error (&error);
  }
  /* lifted: she signs in again, the reason is gone */
  ok (f->admin, "POST", "/v1/users/tsa.kim/enable", NULL);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM users WHERE username = 'tsa.kim' AND disabled = 0 "
                                   "AND disabled_reason IS NULL"), ==, 1);
  g_clear_object (&tsa);
  tsa = pd_test_login (f->d, "tsa.kim", NULL, TRUE);
  /* the plain disable still works, without a reason */
  ok (f->admin, "POST", "/v1/users/ag.chen/disable", NULL);
  {
    g_autoptr(PdClient) c = pd_test_client (f->d);

    r = pd_client_post (c, "/v1/login", &error, "username", G_TYPE_STRING, "ag.chen",
                        "password", G_TYPE_STRING, PD_TEST_DEMO_PASSWORD, NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
    g_assert_nonnull (strstr (error->message, "disabled"));
  }
  pd_test_events_clear (&ev);
}

/* An admin declines a suspension request: the flag is cleared with the
 * reason.  Through portdeskctl. */
static void
test_decline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PdClient) tsa = pd_test_login (f->d, "tsa.kim", NULL, TRUE);
  g_autofree char *pw = g_build_filename (f->d->dir, "pw", NULL);
  g_autofree char *clear = NULL, *sid = NULL, *out = NULL;
  gint64 check = declined_check (tsa), id;

  g_assert_true (g_file_set_contents (pw, PD_TEST_DEMO_PASSWORD, -1, NULL));
  search_name (tsa, check, "Kim", "Dana", "1990-02-02");
  g_assert_cmpint (pd_test_ctl (f->d, &out, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
                                "flags", "scan", NULL), ==, 0);
  id = newest_flag (f, "tsa.kim");
  sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (f->d, &out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "flags", "list", "--rule", "self_search", "--for", "tsa.kim", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Searched their own name"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (f->d, &out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "flags", "show", sid, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "identity.search"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "flags", "escalate", sid, NULL), ==, 2);   /* no reason: usage */
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "flags", "escalate", sid, "--reason", "Please look", NULL), ==, 0);
  clear = g_strdup_printf ("/v1/flags/%" G_GINT64_FORMAT "/clear", id);
  refused (f->auditor, "POST", clear, "{\"reason\": \"changed my mind\"}", PD_ERROR_CONFLICT);
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
                                "flags", "clear", sid, "--reason", "A namesake; no suspension", NULL), ==, 0);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM flags WHERE state = 'cleared' AND "
                                   "reviewed_by = 'admin.demo'"), ==, 1);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT disabled FROM users WHERE username = 'tsa.kim'"), ==, 0);

  /* the admin's own suspension and its lifting, with a profile */
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
                                "user", "profile", "ag.chen", "--plate", "5abc-123", "--shift", "22-6", NULL), ==, 0);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM users WHERE username = 'ag.chen' AND own_plate = '5ABC123' "
                                   "AND shift_start = 22 AND shift_end = 6"), ==, 1);
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
                                "user", "profile", "ag.chen", "--shift", "25-6", NULL), ==, 2);
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
                                "user", "suspend", "ag.chen", NULL), ==, 2);   /* no reason: usage */
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
                                "user", "suspend", "ag.chen", "--reason", "Card reader misuse", NULL), ==, 0);
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "ag.chen", "--password-file", pw, "--accept-rules",
                                "whoami", NULL), ==, 4);
  g_assert_cmpint (pd_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'login' AND object = 'ag.chen' "
                                   "AND outcome = 'disabled'"), ==, 1);
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
                                "user", "unsuspend", "ag.chen", NULL), ==, 0);
  g_assert_cmpint (pd_test_ctl (f->d, NULL, "--user", "ag.chen", "--password-file", pw, "--accept-rules",
                                "whoami", NULL), ==, 0);
}

/* A rule that is off raises nothing. */
static void
test_rules_off (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK,
                                                  CONFIG "flag_rules=bulk,no_match\n");
  Fixture f = { d, pd_test_daemon_db_path (d), NULL, NULL };
  g_autoptr(PdClient) tsa = NULL;
  gint64 check;

  set_clock (d, "2027-03-10T23:30:00Z");
  f.admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  tsa = pd_test_login (d, "tsa.kim", NULL, TRUE);
  check = declined_check (tsa);
  search_name (tsa, check, "Kim", "Dana", "1990-02-02");
  scan (&f);
  g_assert_cmpint (pd_test_db_int (f.db, "SELECT count(*) FROM flags"), ==, 0);
  g_clear_object (&f.admin);
  g_free (f.db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/flags/rule/self-search", Fixture, NULL, fixture_setup, test_self_search, fixture_teardown);
  g_test_add ("/flags/rule/bulk", Fixture, NULL, fixture_setup, test_bulk, fixture_teardown);
  g_test_add ("/flags/rule/off-shift", Fixture, NULL, fixture_setup, test_off_shift, fixture_teardown);
  g_test_add ("/flags/rule/other-port", Fixture, NULL, fixture_setup, test_other_port, fixture_teardown);
  g_test_add ("/flags/rule/no-match", Fixture, NULL, fixture_setup, test_no_match, fixture_teardown);
  g_test_add_func ("/flags/rule/off", test_rules_off);
  g_test_add ("/flags/scan/restart", Fixture, NULL, fixture_setup, test_restart, fixture_teardown);
  g_test_add ("/flags/review/clear-escalate-suspend", Fixture, NULL, fixture_setup, test_review, fixture_teardown);
  g_test_add ("/flags/review/decline", Fixture, NULL, fixture_setup, test_decline, fixture_teardown);
  return g_test_run ();
}
