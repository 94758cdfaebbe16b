/* test-users.c: administering users against a real portdeskd
 *
 * An administrator's password reset makes a one-time password chosen by
 * the service, said once in the answer, kept only as a hash and never in
 * the audit; the user's sessions end.  Signed in with it, the user may
 * only change it, read the session and sign out: every other route
 * answers password_change_required, until the change clears the flag
 * (then two-factor enrolment, when the role needs it, and the rules).  A
 * user's sessions are listed (never their tokens) and ended, one or all;
 * the list of users is searched and filtered by role and status (locked:
 * sign-ins held back now).  Bad input is refused and changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"
#include "pd-totp.h"

/* What a user's row holds that a refused call must not change: its
 * sessions, flags and whole password hash, as one line of text. */
static char *
account_state (PdTestDaemon *d,
               const char   *username)
{
  g_autofree char *path = pd_test_daemon_db_path (d);
  g_autofree char *sql = g_strdup_printf ("SELECT (SELECT count(*) FROM sessions s WHERE s.user_id = u.id) || ' ' || "
                                          "must_change_password || ' ' || disabled || ' ' || password_hash "
                                          "FROM users u WHERE username = '%s'", username);
  char *state = pd_test_db_text (path, sql);

  g_assert_nonnull (state);
  return state;
}

static gint64
audit_count (PdTestDaemon *d,
             const char   *where)
{
  g_autofree char *path = pd_test_daemon_db_path (d);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE %s", where);

  return pd_test_db_int (path, sql);
}

static JsonNode *
login (PdClient    *anon,
       const char  *username,
       const char  *password,
       GError     **error)
{
  return pd_client_post (anon, "/v1/login", error, "username", G_TYPE_STRING, username,
                         "password", G_TYPE_STRING, password, NULL);
}

/* A reset of @username by @admin: its one-time password. */
static char *
reset (PdClient   *admin,
       const char *username)
{
  g_autofree char *path = g_strdup_printf ("/v1/users/%s/password", username);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (admin, path, &error, NULL, NULL);
  JsonObject *o;

  g_assert_no_error (error);
  o = json_node_get_object (r);
  g_assert_true (pd_json_bool (pd_json_obj (o, "user"), "must_change_password"));
  g_assert_cmpstr (pd_json_str (pd_json_obj (o, "user"), "username"), ==, username);
  return g_strdup (pd_json_str (o, "one_time_password"));
}

static void
test_reset (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) ray = pd_test_login (d, "officer.ray", NULL, TRUE);
  g_autoptr(PdClient) ag = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *pw = NULL, *pw2 = NULL, *like = NULL;
  g_autofree char *before = account_state (d, "officer.ray");

  /* refused, changing nothing: a password chosen by the admin, unknown
   * members, an unknown user, a role that may not */
  r = pd_client_post (admin, "/v1/users/officer.ray/password", &error, "password", G_TYPE_STRING,
                      "an-admin-chosen-password", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "one-time password"));
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/users/officer.ray/password", &error, "bogus", G_TYPE_STRING, "1", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/users/nobody.here/password", &error, NULL, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  r = pd_client_post (ag, "/v1/users/officer.ray/password", &error, NULL, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  {
    g_autofree char *after = account_state (d, "officer.ray");
    g_assert_cmpstr (after, ==, before);
  }
  r = pd_client_call (ray, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);

  /* the reset: readable, long, random; the sessions end */
  pw = reset (admin, "officer.ray");
  g_assert_nonnull (pw);
  g_assert_cmpuint (strlen (pw), ==, 23);
  g_assert_true (g_regex_match_simple ("^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$", pw, 0, 0));
  pw2 = reset (admin, "officer.ray");
  g_assert_cmpstr (pw, !=, pw2);
  r = pd_client_call (ray, "GET", "/v1/session", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);

  /* never stored in clear, never audited; the reset is audited */
  like = g_strdup_printf ("params LIKE '%%%s%%' OR object LIKE '%%%s%%'", pw2, pw2);
  g_assert_cmpint (audit_count (d, like), ==, 0);
  g_free (like);
  like = g_strdup_printf ("password_hash LIKE '%%%s%%'", pw2);
  {
    g_autofree char *path = pd_test_daemon_db_path (d);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM users WHERE %s", like);
    g_assert_cmpint (pd_test_db_int (path, sql), ==, 0);
  }
  g_assert_cmpint (audit_count (d, "action = 'user.reset_password' AND object = 'officer.ray' AND outcome = 'ok'"),
                   ==, 2);

  /* the first one-time password no longer works, the second does */
  r = login (anon, "officer.ray", pw, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  r = login (anon, "officer.ray", pw2, &error);
  g_assert_no_error (error);
  g_assert_true (pd_json_bool (json_node_get_object (r), "must_change_password"));
}

static void
test_must_change (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) ray = NULL;
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *pw = reset (admin, "officer.ray");
  const char *refused[][2] = {
    { "GET", "/v1/inspections" }, { "POST", "/v1/rules/accept" }, { "GET", "/v1/rules" },
    { "POST", "/v1/me/totp/enroll" }, { "GET", "/v1/redress" },
  };
  const char *new_pw = "ray-chose-this-one-2026";
  g_autofree char *before = NULL;
  JsonObject *o;

  /* the login answer and the session say it */
  r = login (anon, "officer.ray", pw, &error);
  g_assert_no_error (error);
  g_assert_true (pd_json_bool (json_node_get_object (r), "must_change_password"));
  g_clear_pointer (&r, json_node_unref);
  ray = pd_test_login (d, "officer.ray", pw, FALSE);
  r = pd_client_call (ray, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_json_bool (json_node_get_object (r), "must_change_password"));
  g_clear_pointer (&r, json_node_unref);

  /* nothing else is allowed, and each refusal is audited */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());

      r = pd_client_call (ray, refused[i][0], refused[i][1], g_str_equal (refused[i][0], "POST") ? body : NULL, &error);
      g_test_message ("%s %s", refused[i][0], refused[i][1]);
      g_assert_error (error, PD_ERROR, PD_ERROR_PASSWORD_CHANGE);
      g_assert_nonnull (strstr (error->message, "choose a new password"));
      g_clear_error (&error);
    }
  g_assert_cmpint (audit_count (d, "outcome = 'denied' AND params LIKE '%password change pending%'"), ==,
                   G_N_ELEMENTS (refused));

  /* bad changes change nothing */
  before = account_state (d, "officer.ray");
  r = pd_client_post (ray, "/v1/me/password", &error, "old_password", G_TYPE_STRING, "not-the-one-time-pw",
                      "new_password", G_TYPE_STRING, new_pw, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  r = pd_client_post (ray, "/v1/me/password", &error, "old_password", G_TYPE_STRING, pw,
                      "new_password", G_TYPE_STRING, "short", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "12 to 256"));
  g_clear_error (&error);
  r = pd_client_post (ray, "/v1/me/password", &error, "old_password", G_TYPE_STRING, pw,
                      "new_password", G_TYPE_STRING, pw, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "differ"));
  g_clear_error (&error);
  r = pd_client_post (ray, "/v1/me/password", &error, "old_password", G_TYPE_STRING, pw, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autofree char *after = account_state (d, "officer.ray");
    g_assert_cmpstr (after, ==, before);
  }

  /* the change clears the flag; the rules come next, then the work */
  r = pd_client_post (ray, "/v1/me/password", &error, "old_password", G_TYPE_STRING, pw,
                      "new_password", G_TYPE_STRING, new_pw, NULL);
  g_assert_no_error (error);
  o = json_node_get_object (r);
  g_assert_false (pd_json_bool (o, "must_change_password"));
  g_assert_false (pd_json_bool (pd_json_obj (o, "user"), "must_change_password"));
  g_assert_false (pd_json_bool (o, "rules_accepted"));
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (ray, "GET", "/v1/inspections", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_RULES_NOT_ACCEPTED);
  g_clear_error (&error);
  r = pd_client_post (ray, "/v1/rules/accept", &error, NULL, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (ray, "GET", "/v1/inspections", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (audit_count (d, "action = 'user.change_password' AND outcome = 'ok' AND "
                                   "params LIKE '%one-time password replaced%'"), ==, 1);

  /* the one-time password is over; the new one signs in without the flag */
  r = login (anon, "officer.ray", pw, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  r = login (anon, "officer.ray", new_pw, &error);
  g_assert_no_error (error);
  g_assert_false (pd_json_bool (json_node_get_object (r), "must_change_password"));
}

static char *
code_now (PdTestDaemon *d,
          const char   *secret)
{
  g_autoptr(GBytes) key = pd_base32_decode (secret);
  gsize len = 0;
  const guint8 *k = g_bytes_get_data (key, &len);

  return pd_totp_code (k, len, pd_test_daemon_now (d) / G_USEC_PER_SEC);
}

/* A role that must enrol in two-factor sign-in: the new password comes
 * first, then enrolment; once enrolled, a due code comes before the new
 * password. */
static void
test_must_change_two_factor (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK,
                                                  "[portdeskd]\ntwo_factor_roles=ag_specialist\n");
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) ag = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *pw = reset (admin, "ag.lopez");
  g_autofree char *secret = NULL, *code = NULL;
  JsonObject *o;

  ag = pd_test_login (d, "ag.lopez", pw, FALSE);
  r = pd_client_call (ag, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  o = json_node_get_object (r);
  g_assert_cmpstr (pd_json_str (o, "second_factor"), ==, "enrol");
  g_assert_true (pd_json_bool (o, "must_change_password"));
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (ag, "/v1/me/totp/enroll", &error, NULL, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_PASSWORD_CHANGE);
  g_clear_error (&error);
  r = pd_client_post (ag, "/v1/me/password", &error, "old_password", G_TYPE_STRING, pw,
                      "new_password", G_TYPE_STRING, "lopez-chose-this-one-26", NULL);
  g_assert_no_error (error);
  o = json_node_get_object (r);
  g_assert_cmpstr (pd_json_str (o, "second_factor"), ==, "enrol");
  g_assert_false (pd_json_bool (o, "must_change_password"));
  g_clear_pointer (&r, json_node_unref);
  /* now enrolment, and still nothing else */
  r = pd_client_call (ag, "GET", "/v1/inspections", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_SECOND_FACTOR);
  g_clear_error (&error);
  r = pd_client_post (ag, "/v1/me/totp/enroll", &error, NULL, NULL);
  g_assert_no_error (error);
  secret = g_strdup (pd_json_str (json_node_get_object (r), "secret"));
  g_assert_nonnull (secret);
  g_clear_pointer (&r, json_node_unref);
  code = code_now (d, secret);
  r = pd_client_post (ag, "/v1/me/totp/confirm", &error, "code", G_TYPE_STRING, code, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);

  /* enrolled, reset again: a due code comes before the new password */
  g_free (pw);
  pw = reset (admin, "ag.lopez");
  g_clear_object (&ag);
  ag = pd_test_login (d, "ag.lopez", pw, FALSE);
  r = pd_client_post (ag, "/v1/me/password", &error, "old_password", G_TYPE_STRING, pw,
                      "new_password", G_TYPE_STRING, "lopez-chose-another-26", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_SECOND_FACTOR);
  g_clear_error (&error);
  pd_test_clock_advance (d, 30);
  g_free (code);
  code = code_now (d, secret);
  r = pd_client_post (ag, "/v1/login/code", &error, "code", G_TYPE_STRING, code, NULL);
  g_assert_no_error (error);
  g_assert_true (pd_json_bool (json_node_get_object (r), "must_change_password"));
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (ag, "GET", "/v1/inspections", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_PASSWORD_CHANGE);
  g_clear_error (&error);
  r = pd_client_post (ag, "/v1/me/password", &error, "old_password", G_TYPE_STRING, pw,
                      "new_password", G_TYPE_STRING, "lopez-chose-another-26", NULL);
  g_assert_no_error (error);
  g_assert_false (pd_json_bool (json_node_get_object (r), "must_change_password"));
  g_assert_null (pd_json_str (json_node_get_object (r), "second_factor"));
}

/* A user added without a password gets a one-time one, with the same rule. */
static void
test_create_one_time (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL, s = NULL;
  const char *pw;

  r = pd_client_post (admin, "/v1/users", &error, "username", G_TYPE_STRING, "ag.new", "display_name", G_TYPE_STRING,
                      "Ana New", "email", G_TYPE_STRING, "ana.new@cbp.dhs.gov", "role", G_TYPE_STRING, "ag_specialist",
                      "port", G_TYPE_STRING, "LAX", NULL);
  g_assert_no_error (error);
  pw = pd_json_str (json_node_get_object (r), "one_time_password");
  g_assert_nonnull (pw);
  g_assert_true (pd_json_bool (pd_json_obj (json_node_get_object (r), "user"), "must_change_password"));
  g_assert_cmpint (audit_count (d, "action = 'user.create' AND object = 'ag.new' AND params LIKE '%one-time%'"), ==, 1);
  s = login (anon, "ag.new", pw, &error);
  g_assert_no_error (error);
  g_assert_true (pd_json_bool (json_node_get_object (s), "must_change_password"));
}

static guint
n_items (JsonNode *r)
{
  JsonArray *a = pd_json_array (json_node_get_object (r), "items");

  return a != NULL ? json_array_get_length (a) : 0;
}

static void
test_sessions (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) ag = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autoptr(PdClient) ray1 = pd_test_login (d, "officer.ray", NULL, TRUE);
  g_autoptr(PdClient) ray2 = pd_test_login (d, "officer.ray", NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  JsonArray *items;
  JsonObject *first;
  gint64 first_id;
  g_autofree char *before = NULL;
  g_autofree char *end_path = NULL;   /* the audit entry's condition */

  r = pd_client_call (admin, "GET", "/v1/users/officer.ray/sessions", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (r), ==, 2);
  items = pd_json_array (json_node_get_object (r), "items");
  first = json_array_get_object_element (items, 0);
  first_id = pd_json_int (first, "id", 0);
  g_assert_cmpint (first_id, >, 0);
  g_assert_nonnull (pd_json_str (first, "client"));
  g_assert_nonnull (pd_json_str (first, "created_at"));
  g_assert_nonnull (pd_json_str (first, "last_seen_at"));
  g_assert_nonnull (pd_json_str (first, "expires_at"));
  g_assert_cmpstr (pd_json_str (first, "factor"), ==, "done");
  g_assert_true (pd_json_bool (first, "rules_accepted"));
  g_assert_false (pd_json_bool (json_array_get_object_element (items, 1), "rules_accepted"));
  {
    g_autofree char *text = pd_json_to_string (r, FALSE);
    g_assert_null (strstr (text, "token"));
    g_assert_null (strstr (text, "pdt_"));
  }
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (audit_count (d, "action = 'user.sessions' AND object = 'officer.ray'"), ==, 1);

  /* refused, changing nothing */
  before = account_state (d, "officer.ray");
  r = pd_client_post (admin, "/v1/users/officer.ray/sessions/end", &error, NULL, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/users/officer.ray/sessions/end", &error, "id", G_TYPE_INT64, first_id,
                      "all", G_TYPE_BOOLEAN, TRUE, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/users/officer.ray/sessions/end", &error, "id", G_TYPE_STRING, "1", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  /* a session of someone else is not theirs to end here */
  r = pd_client_post (admin, "/v1/users/ag.lopez/sessions/end", &error, "id", G_TYPE_INT64, first_id, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  r = pd_client_post (ag, "/v1/users/officer.ray/sessions/end", &error, "all", G_TYPE_BOOLEAN, TRUE, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  r = pd_client_call (ag, "GET", "/v1/users/officer.ray/sessions", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  {
    g_autofree char *after = account_state (d, "officer.ray");
    g_assert_cmpstr (after, ==, before);
  }

  /* one: that client is signed out, the other still works */
  r = pd_client_post (admin, "/v1/users/officer.ray/sessions/end", &error, "id", G_TYPE_INT64, first_id, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (pd_json_int (json_node_get_object (r), "ended", -1), ==, 1);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (ray1, "GET", "/v1/session", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  r = pd_client_call (ray2, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  end_path = g_strdup_printf ("action = 'user.end_sessions' AND object = 'officer.ray' AND outcome = 'ok' AND "
                              "params LIKE '%%\"session\":\"%" G_GINT64_FORMAT "\"%%'", first_id);
  g_assert_cmpint (audit_count (d, end_path), ==, 1);
  /* the same again: it is gone */
  r = pd_client_post (admin, "/v1/users/officer.ray/sessions/end", &error, "id", G_TYPE_INT64, first_id, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* all */
  r = pd_client_post (admin, "/v1/users/officer.ray/sessions/end", &error, "all", G_TYPE_BOOLEAN, TRUE, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (pd_json_int (json_node_get_object (r), "ended", -1), ==, 1);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (ray2, "GET", "/v1/session", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  r = pd_client_call (admin, "GET", "/v1/users/officer.ray/sessions", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (r), ==, 0);
}

/* The user names of GET /v1/users@query, comma-separated. */
static char *
list_names (PdClient    *admin,
            const char  *query,
            GError     **error)
{
  g_autofree char *path = g_strconcat ("/v1/users?limit=1000", query, NULL);
  g_autoptr(JsonNode) r = pd_client_call (admin, "GET", path, NULL, error);
  g_autoptr(GString) s = g_string_new (NULL);
  JsonArray *items;

  if (r == NULL)
    return NULL;
  items = pd_json_array (json_node_get_object (r), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "," : "",
                            pd_json_str (json_array_get_object_element (items, i), "username"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_list_filters (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *all = NULL, *names = NULL;

  all = list_names (admin, "", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (all, "officer.ray"));

  /* the search: user name, name or e-mail, any case */
  names = list_names (admin, "&q=RAY", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (names, "officer.ray"));
  g_assert_null (strstr (names, "ag.lopez"));
  g_free (names);
  names = list_names (admin, "&q=oig.dhs", &error);   /* the auditors' e-mail domain */
  g_assert_no_error (error);
  g_assert_nonnull (strstr (names, "auditor.fox"));
  g_assert_null (strstr (names, "officer.ray"));
  g_free (names);
  names = list_names (admin, "&q=no-such-person", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (names, ==, "");
  g_free (names);

  /* by role */
  names = list_names (admin, "&role=tsa_supervisor", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (names, ==, "tsa.kim");
  g_free (names);

  /* by status: disabled, then locked (sign-ins held back after failures) */
  r = pd_client_post (admin, "/v1/users/ag.chen/disable", &error, "reason", G_TYPE_STRING, "on leave", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  for (int i = 0; i < 5; i++)
    {
      r = login (anon, "lpr.ortiz", "wrong-password-123", &error);
      g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
      g_clear_error (&error);
    }
  names = list_names (admin, "&status=disabled", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (names, ==, "ag.chen");
  g_free (names);
  names = list_names (admin, "&status=locked", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (names, ==, "lpr.ortiz");
  g_free (names);
  names = list_names (admin, "&status=active", &error);
  g_assert_no_error (error);
  g_assert_null (strstr (names, "ag.chen"));
  g_assert_null (strstr (names, "lpr.ortiz"));
  g_assert_nonnull (strstr (names, "officer.ray"));
  g_free (names);
  names = list_names (admin, "&status=active&role=cbp_officer&q=ray", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (names, ==, "officer.ray");
  g_free (names);
  /* each row says its status */
  r = pd_client_call (admin, "GET", "/v1/users/lpr.ortiz", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_json_str (json_node_get_object (r), "status"), ==, "locked");
  g_clear_pointer (&r, json_node_unref);
  /* cleared, the name is active again */
  r = pd_client_post (admin, "/v1/throttles/clear", &error, "username", G_TYPE_STRING, "lpr.ortiz", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  names = list_names (admin, "&status=locked", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (names, ==, "");
  g_free (names);

  /* bad filters are refused */
  names = list_names (admin, "&status=asleep", &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  names = list_names (admin, "&role=pilot", &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (d, "action = 'user.list' AND params LIKE '%tsa_supervisor%'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/users/reset", test_reset);
  g_test_add_func ("/users/must-change", test_must_change);
  g_test_add_func ("/users/must-change-and-two-factor", test_must_change_two_factor);
  g_test_add_func ("/users/create-one-time", test_create_one_time);
  g_test_add_func ("/users/sessions", test_sessions);
  g_test_add_func ("/users/list-filters", test_list_filters);
  return g_test_run ();
}
