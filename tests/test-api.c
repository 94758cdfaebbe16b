/* test-api.c: the officer and intake API against a real portdeskd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-api"

#include <string.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "pd-api.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"
#include "pd-test-events.h"

/* One demo user per role. */
static const struct { PdRole role; const char *user; } role_users[] = {
  { PD_ROLE_AG_SPECIALIST,  "ag.lopez" },
  { PD_ROLE_CBP_OFFICER,    "officer.ray" },
  { PD_ROLE_TSA_SUPERVISOR, "tsa.kim" },
  { PD_ROLE_LPR_ANALYST,    "lpr.ortiz" },
  { PD_ROLE_PORT_DIRECTOR,  "director.ng" },
  { PD_ROLE_AUDITOR,        "auditor.fox" },
  { PD_ROLE_ADMIN,          "admin.demo" },
};

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A digest of every table but the audit log and sessions: what "changes
 * nothing" means for a refused call (each table's rows sorted as text:
 * the same on both backends, whatever order a scan returns them in). */
static char *
db_digest (PdTestDaemon *d)
{
  g_autofree char *path = pd_test_daemon_db_path (d);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *tables[] = { "users", "entitlements", "api_keys", "ports", "retention_state" };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", tables[i]);
      g_autoptr(GPtrArray) rows = pd_test_db_rows (path, sql);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

      for (guint r = 0; r < rows->len; r++)
        {
          GPtrArray *row = g_ptr_array_index (rows, r);
          GString *line = g_string_new (NULL);

          for (guint c = 0; c < row->len; c++)
            {
              const char *v = g_ptr_array_index (row, c);
              g_string_append (line, v != NULL ? v : "\x01NULL");
              g_string_append_c (line, '\x1f');
            }
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
      g_ptr_array_sort (lines, compare_lines);
      g_checksum_update (sum, (const guchar *) tables[i], -1);
      for (guint r = 0; r < lines->len; r++)
        {
          g_checksum_update (sum, g_ptr_array_index (lines, r), -1);
          g_checksum_update (sum, (const guchar *) "\n", 1);
        }
    }
  return g_strdup (g_checksum_get_string (sum));
}

static gint64
db_count (PdTestDaemon *d,
          const char   *sql)
{
  g_autofree char *path = pd_test_daemon_db_path (d);

  return pd_test_db_int (path, sql);
}

static char *
concrete_path (const char *pattern)
{
  g_autoptr(GString) s = g_string_new (pattern);

  g_string_replace (s, "{name}", "ag.chen", 0);
  g_string_replace (s, "{id}", "1", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static JsonNode *
call_route (PdClient      *client,
            const PdRoute *r,
            GError       **error)
{
  g_autofree char *path = concrete_path (r->path);
  g_autoptr(JsonNode) empty = json_node_init_object (json_node_alloc (), json_object_new ());

  if (r->flags & PD_ROUTE_PHOTO)
    {
      /* a body of the photo's type (not a decodable one: refused with 400 once allowed) */
      g_autoptr(GBytes) body = g_bytes_new_static ("not a photo", 11);

      return pd_client_call_bytes (client, r->method, path, "image/png", body, error);
    }
  return pd_client_call (client, r->method, path, strcmp (r->method, "POST") == 0 ? empty : NULL, error);
}

/* Walks every route x role: each forbidden call is refused with 403,
 * audited as denied, and changes nothing; every call without credentials
 * gets 401; a session that has not accepted the rules gets
 * rules_not_accepted everywhere but the rules pages. */
static void
test_role_matrix (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(PdClient) pending = pd_test_login (d, "ag.chen", NULL, FALSE);
  PdClient *clients[G_N_ELEMENTS (role_users)];
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 denied_before, denied_after;
  guint n_routes, forbidden = 0, checked_routes = 0;
  const PdRoute *routes = pd_api_routes (&n_routes);

  for (guint i = 0; i < G_N_ELEMENTS (role_users); i++)
    clients[i] = pd_test_login (d, role_users[i].user, NULL, TRUE);

  before = db_digest (d);
  denied_before = db_count (d, "SELECT count(*) FROM audit WHERE outcome = 'denied'");

  for (guint k = 0; k < n_routes; k++)
    {
      const PdRoute *r = &routes[k];

      if (r->flags & (PD_ROUTE_ANONYMOUS | PD_ROUTE_TEST))
        continue;
      checked_routes++;

      /* no credentials */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) reply = call_route (anon, r, &error);
        g_assert_null (reply);
        g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
      }
      /* rules pending */
      if (!(r->flags & PD_ROUTE_PRE_RULES) && (r->roles & PD_ROLE_BIT (PD_ROLE_AG_SPECIALIST)))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) reply = call_route (pending, r, &error);
          g_test_message ("%s %s before rules", r->method, r->path);
          g_assert_null (reply);
          g_assert_error (error, PD_ERROR, PD_ERROR_RULES_NOT_ACCEPTED);
          forbidden++;
        }
      /* every role the route does not declare */
      for (guint i = 0; i < G_N_ELEMENTS (role_users); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) reply = NULL;

          if (r->roles & PD_ROLE_BIT (role_users[i].role))
            continue;
          reply = call_route (clients[i], r, &error);
          g_test_message ("%s %s as %s", r->method, r->path, role_users[i].user);
          g_assert_null (reply);
          g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
          forbidden++;
        }
    }

  after = db_digest (d);
  denied_after = db_count (d, "SELECT count(*) FROM audit WHERE outcome = 'denied'");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (denied_after - denied_before, ==, forbidden);
  g_assert_cmpuint (checked_routes, >=, 20);
  g_assert_cmpuint (forbidden, >, 100);

  for (guint i = 0; i < G_N_ELEMENTS (role_users); i++)
    g_object_unref (clients[i]);
}

static void
test_login_and_rules (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) c = pd_test_login (d, "officer.ray", NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) s = NULL;
  g_autoptr(JsonNode) rules = NULL;
  g_autoptr(JsonNode) r = NULL;

  /* the session shows the rules are pending; the rules text is readable */
  s = pd_client_call (c, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (s), "rules_accepted"));
  rules = pd_client_call (c, "GET", "/v1/rules", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (rules), "text"), "Rules of Behavior"));

  /* declining ends the session */
  r = pd_client_call (c, "POST", "/v1/rules/decline", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (c, "GET", "/v1/session", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);

  /* both answers are in the audit log */
  g_assert_cmpint (db_count (d, "SELECT count(*) FROM audit WHERE action = 'rules.decline' AND actor = 'officer.ray'"), ==, 1);
  {
    g_autoptr(PdClient) c2 = pd_test_login (d, "officer.ray", NULL, TRUE);
    g_assert_cmpint (db_count (d, "SELECT count(*) FROM audit WHERE action = 'rules.accept' AND actor = 'officer.ray' AND client != 'demo'"), ==, 1);
    r = pd_client_call (c2, "POST", "/v1/logout", NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call (c2, "GET", "/v1/session", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  }
}

static GError *
try_login (PdClient   *anon,
           const char *username,
           const char *password)
{
  GError *error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (anon, "/v1/login", &error, "username", G_TYPE_STRING, username,
                                          "password", G_TYPE_STRING, password, NULL);

  return error;
}

/* Failed sign-ins slow down the name they were made for, from that
 * client, with a growing wait; nothing locks the account, and a name that
 * does not exist answers exactly like one that does. */
static void
test_login_backoff_and_expiry (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(PdClient) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  const char *names[] = { "ag.lopez", "nobody" };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    for (int i = 0; i < 5; i++)
      {
        g_autoptr(GError) e = try_login (anon, names[n], "wrong-password-123");
        g_assert_error (e, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
        g_assert_cmpstr (e->message, ==, "Wrong user name or password");
      }
  /* now each waits: even the right password is not tried, and the answer
   * for the real account and the unknown name is the same */
  {
    g_autoptr(GError) real = try_login (anon, "ag.lopez", PD_TEST_DEMO_PASSWORD);
    g_autoptr(GError) unknown = try_login (anon, "nobody", PD_TEST_DEMO_PASSWORD);

    g_assert_error (real, PD_ERROR, PD_ERROR_RATE_LIMITED);
    g_assert_error (unknown, PD_ERROR, PD_ERROR_RATE_LIMITED);
    g_assert_cmpstr (real->message, ==, unknown->message);
    g_assert_cmpstr (real->message, ==, "Too many failed sign-ins for this name; try again in 1 s");
  }
  g_assert_cmpint (db_count (d, "SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'locked'"), ==, 0);
  /* the wait doubles with each failure after it, and ends */
  pd_test_clock_advance (d, 1);
  g_clear_error (&error);
  error = try_login (anon, "ag.lopez", "wrong-again-123");
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  error = try_login (anon, "ag.lopez", PD_TEST_DEMO_PASSWORD);
  g_assert_error (error, PD_ERROR, PD_ERROR_RATE_LIMITED);
  g_assert_cmpstr (error->message, ==, "Too many failed sign-ins for this name; try again in 2 s");
  pd_test_clock_advance (d, 2);
  c = pd_test_login (d, "ag.lopez", NULL, TRUE);
  /* success starts over: one wrong password is not slowed down */
  g_clear_error (&error);
  error = try_login (anon, "ag.lopez", "wrong-again-123");
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);

  /* idle expiry: 29 minutes is fine, then 31 more minutes of silence ends it */
  pd_test_clock_advance (d, 29 * 60);
  r = pd_client_call (c, "GET", "/v1/session", NULL, &error);
  g_clear_error (&error);
  r = pd_client_call (c, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  pd_test_clock_advance (d, 31 * 60);
  r = pd_client_call (c, "GET", "/v1/session", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
}

typedef struct {
  PdTestDaemon *d;
  guint         index;
  GError       *error;
} Attempt;

static gpointer
attempt_thread (gpointer data)
{
  Attempt *a = data;
  g_autoptr(PdClient) anon = pd_test_client (a->d);
  g_autofree char *name = g_strdup_printf ("parallel%u", a->index);

  a->error = try_login (anon, name, "not-the-password");
  return NULL;
}

/* The failed sign-ins of one client (here: this uid) are limited per
 * minute, atomically even when they arrive all at once; admins see the
 * throttles and clear them. */
static void
test_login_rate_limit (void)
{
  /* room for all 60 connections of this one client at once */
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK,
                                                  "[portdeskd]\nmax_connections_per_client=100\n");
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *me = g_strdup_printf ("uid:%u", (guint) getuid ());
  Attempt attempts[60];
  GThread *threads[G_N_ELEMENTS (attempts)];
  guint failed = 0, limited = 0;
  JsonArray *items;

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      attempts[i] = (Attempt) { d, i, NULL };
      threads[i] = g_thread_new ("login", attempt_thread, &attempts[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_thread_join (threads[i]);
      if (g_error_matches (attempts[i].error, PD_ERROR, PD_ERROR_UNAUTHENTICATED))
        failed++;
      else if (g_error_matches (attempts[i].error, PD_ERROR, PD_ERROR_RATE_LIMITED))
        limited++;
      else
        g_test_message ("attempt %u: %s", i, attempts[i].error ? attempts[i].error->message : "signed in?");
      g_clear_error (&attempts[i].error);
    }
  g_test_message ("60 parallel attempts: %u checked, %u refused at the limit", failed, limited);
  g_assert_cmpuint (failed, ==, 20);
  g_assert_cmpuint (limited, ==, 40);
  /* the next attempt is refused before any password check, even a right one */
  error = try_login (anon, "ag.lopez", PD_TEST_DEMO_PASSWORD);
  g_assert_error (error, PD_ERROR, PD_ERROR_RATE_LIMITED);
  g_clear_error (&error);

  /* the admin sees who is throttled, and clears it */
  r = pd_client_call (admin, "GET", "/v1/throttles", NULL, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (r), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 20);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "client"), ==, me);
  g_clear_pointer (&r, json_node_unref);
  /* the same through portdeskctl */
  {
    g_autofree char *token_file = g_build_filename (d->dir, "admin.token", NULL);
    g_autofree char *out = NULL;

    g_assert_true (g_file_set_contents (token_file, pd_client_get_token (admin), -1, NULL));
    g_assert_cmpint (pd_test_ctl (d, &out, "--token-file", token_file, "throttle", "list", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "parallel"));
    g_assert_nonnull (strstr (out, me));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--token-file", token_file, "--json", "throttle", "clear",
                                  "--client", me, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"cleared\" : 20"));
  }
  {
    g_autoptr(PdClient) c = pd_test_login (d, "ag.lopez", NULL, TRUE);
    g_assert_nonnull (c);
  }
  g_assert_cmpint (db_count (d, "SELECT count(*) FROM audit WHERE action = 'throttles.clear'"), ==, 1);
}

static void
test_absolute_expiry (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) c = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autoptr(GError) error = NULL;

  /* stay active every 20 minutes: the session still ends after 12 h */
  for (int i = 0; i < 12 * 3 - 1; i++)
    {
      g_autoptr(JsonNode) r = NULL;
      pd_test_clock_advance (d, 20 * 60);
      r = pd_client_call (c, "GET", "/v1/session", NULL, &error);
      g_assert_no_error (error);
    }
  pd_test_clock_advance (d, 20 * 60 + 1);
  {
    g_autoptr(JsonNode) r = pd_client_call (c, "GET", "/v1/session", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  }
}

static JsonNode *
create_user (PdClient   *admin,
             const char *name,
             const char *email,
             const char *role,
             const char *port,
             GError    **error)
{
  return pd_client_post (admin, "/v1/users", error,
                         "username", G_TYPE_STRING, name, "email", G_TYPE_STRING, email,
                         "role", G_TYPE_STRING, role, "port", G_TYPE_STRING, port,
                         "password", G_TYPE_STRING, "a-long-enough-password", NULL);
}

static void
test_accounts_validation (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *before = db_digest (d);
  g_autofree char *after = NULL;
  struct { const char *name, *email, *role, *port, *expect; } bad[] = {
    { "tsa.bad", "x@cbp.dhs.gov", "tsa_supervisor", "LAX", "official @tsa.dhs.gov" },
    { "cbp.bad", "x@tsa.dhs.gov", "cbp_officer", "LAX", "only hold the tsa_supervisor" },
    { "noport", "x@cbp.dhs.gov", "ag_specialist", NULL, "needs a port" },
    { "badport", "x@cbp.dhs.gov", "ag_specialist", "XXX", "Unknown port" },
    { "badrole", "x@cbp.dhs.gov", "pilot", "LAX", "Unknown role" },
    { "9bad", "x@cbp.dhs.gov", "auditor", NULL, "user name" },
    { "ag.lopez", "x@cbp.dhs.gov", "auditor", NULL, "already exists" },
    { "nomail", "not-an-email", "auditor", NULL, "e-mail" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      r = create_user (admin, bad[i].name, bad[i].email, bad[i].role, bad[i].port, &error);
      g_assert_null (r);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", bad[i].name, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].expect));
      g_clear_error (&error);
    }
  /* short password, unknown field, wrong types */
  r = pd_client_post (admin, "/v1/users", &error, "username", G_TYPE_STRING, "shorty", "email", G_TYPE_STRING, "s@x.org",
                      "role", G_TYPE_STRING, "auditor", "password", G_TYPE_STRING, "short", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/users", &error, "username", G_TYPE_STRING, "x1", "bogus", G_TYPE_STRING, "1", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bogus"));
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/users", &error, "username", G_TYPE_INT64, (gint64) 5, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);

  after = db_digest (d);
  g_assert_cmpstr (before, ==, after);

  /* a good TSA account works, and a role change ends the user's sessions */
  r = create_user (admin, "tsa.new", "new@tsa.dhs.gov", "tsa_supervisor", "MIA", &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  {
    g_autoptr(PdClient) officer = pd_test_login (d, "officer.ray", NULL, TRUE);
    r = pd_client_post (admin, "/v1/users/officer.ray/role", &error, "role", G_TYPE_STRING, "port_director",
                        "port", G_TYPE_STRING, "LAX", NULL);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call (officer, "GET", "/v1/session", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
    g_clear_error (&error);
  }
  /* disabling: sessions end and login is refused */
  {
    g_autoptr(PdClient) anon = pd_test_client (d);
    r = pd_client_post (admin, "/v1/users/ag.chen/disable", &error, NULL, NULL);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_post (anon, "/v1/login", &error, "username", G_TYPE_STRING, "ag.chen",
                        "password", G_TYPE_STRING, PD_TEST_DEMO_PASSWORD, NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
    g_clear_error (&error);
  }
  /* nobody disables themselves */
  r = pd_client_post (admin, "/v1/users/admin.demo/disable", &error, NULL, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
}

/* Raw HTTP for what the client never sends: bad JSON, wrong types, sizes. */
static guint
raw_request (PdTestDaemon *d,
             const char   *token,
             const char   *method,
             const char   *path,
             const char   *content_type,
             const char   *body,
             gsize         len,
             char        **out_code)
{
  g_autoptr(PdClient) c = pd_test_client (d);
  g_autoptr(GBytes) req = body ? g_bytes_new (body, len) : NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) p = json_parser_new ();
  guint status = 0;

  pd_client_set_token (c, token);
  reply = pd_client_call_raw (c, method, path, content_type, req, &status, &error);
  g_assert_no_error (error);
  if (out_code != NULL)
    {
      gsize n;
      const char *data = g_bytes_get_data (reply, &n);
      JsonObject *err;

      g_assert_true (json_parser_load_from_data (p, data, n, NULL));
      err = json_object_get_object_member (json_node_get_object (json_parser_get_root (p)), "error");
      *out_code = g_strdup (json_object_get_string_member (err, "code"));
    }
  return status;
}

static void
test_bad_requests (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK,
                                                  "[portdeskd]\nmax_body_bytes=4096\n");
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  const char *tok = pd_client_get_token (admin);
  g_autofree char *before = db_digest (d);
  g_autofree char *after = NULL;
  g_autofree char *big = g_strnfill (8000, 'x');
  struct { const char *method, *path, *ct, *body; guint status; const char *code; } cases[] = {
    { "POST", "/v1/users", "application/json", "{not json", 400, "invalid" },
    { "POST", "/v1/users", "application/json", "[1,2,3]", 400, "invalid" },
    { "POST", "/v1/users", "text/plain", "{}", 415, "unsupported_media_type" },
    { "POST", "/v1/users", "application/json", big, 413, "too_large" },
    { "GET",  "/v1/nothing-here", NULL, NULL, 404, "not_found" },
    { "DELETE", "/v1/users", NULL, NULL, 405, "method_not_allowed" },
    { "GET",  "/v1/users?limit=abc", NULL, NULL, 400, "invalid" },
    { "GET",  "/v1/users?limit=100000", NULL, NULL, 400, "invalid" },
    { "POST", "/v1/test/clock", "application/json", "{\"advance_seconds\":-5}", 400, "invalid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = NULL;
      guint status = raw_request (d, tok, cases[i].method, cases[i].path, cases[i].ct, cases[i].body,
                                  cases[i].body ? strlen (cases[i].body) : 0, &code);
      g_test_message ("%s %s -> %u %s", cases[i].method, cases[i].path, status, code);
      g_assert_cmpuint (status, ==, cases[i].status);
      g_assert_cmpstr (code, ==, cases[i].code);
    }
  /* still alive, nothing changed */
  after = db_digest (d);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (raw_request (d, NULL, "GET", "/v1/status", NULL, NULL, 0, NULL), ==, 200);
}

static void
test_entitlement_two_approvers (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) director = pd_test_login (d, "director.ng", NULL, TRUE);
  g_autoptr(PdClient) owner = pd_test_login (d, "sysowner", NULL, TRUE);
  g_autoptr(PdClient) analyst = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) last_month = g_date_time_add_days (now, -30);
  g_autoptr(GDateTime) two_years = g_date_time_add_days (now, -800);
  g_autofree char *training = g_date_time_format (last_month, "%Y-%m-%d");
  g_autofree char *old_training = g_date_time_format (two_years, "%Y-%m-%d");
  JsonArray *ents;
  /* the demo officers' face-matching grants come first */
  gint64 first = db_count (d, "SELECT coalesce(max(id), 0) FROM entitlements") + 1;
  g_autofree char *approve1 = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/approve", first);
  g_autofree char *ack1 = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/acknowledge", first);
  g_autofree char *approve2 = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/approve", first + 1);
  g_autofree char *deny2 = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/deny", first + 1);

  /* only an lpr_analyst, only with recent training */
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "ag.lopez",
                      "training_date", G_TYPE_STRING, training, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "lpr.ortiz",
                      "training_date", G_TYPE_STRING, old_training, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "lpr.ortiz",
                      "training_date", G_TYPE_STRING, training, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "id"), ==, first);
  g_clear_pointer (&r, json_node_unref);

  /* the same person cannot give both approvals */
  r = pd_client_post (admin, approve1, &error, "level", G_TYPE_STRING, "supervisor", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "status"), ==, "pending");
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (admin, approve1, &error, "level", G_TYPE_STRING, "system_owner", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* a port director may not give the system owner's approval */
  r = pd_client_post (director, approve1, &error, "level", G_TYPE_STRING, "system_owner", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* not active yet */
  analyst = pd_test_login (d, "lpr.ortiz", NULL, TRUE);
  r = pd_client_call (analyst, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "entitlements")), ==, 0);
  g_clear_pointer (&r, json_node_unref);

  /* the queue of pending requests shows it, with who approved already */
  r = pd_client_call (owner, "GET", "/v1/entitlements?status=pending", NULL, &error);
  g_assert_no_error (error);
  {
    JsonArray *items = json_object_get_array_member (json_node_get_object (r), "items");
    JsonObject *e = json_array_get_object_element (items, 0);

    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpint (json_object_get_int_member (e, "id"), ==, first);
    g_assert_cmpstr (json_object_get_string_member (e, "supervisor"), ==, "admin.demo");
    g_assert_true (json_object_get_null_member (e, "system_owner"));
    g_assert_cmpstr (json_object_get_string_member (e, "requested_by"), ==, "admin.demo");
  }
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (owner, "GET", "/v1/entitlements?status=maybe", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (owner, approve1, &error, "level", G_TYPE_STRING, "system_owner", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "system_owner"), ==, "sysowner");
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (owner, "GET", "/v1/entitlements?status=pending", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items")), ==, 0);
  g_clear_pointer (&r, json_node_unref);
  /* granted: the access notice comes first, and the entitlement works only once it is acknowledged */
  r = pd_client_call (analyst, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  ents = json_object_get_array_member (json_node_get_object (r), "entitlements");
  g_assert_cmpuint (json_array_get_length (ents), ==, 0);
  {
    JsonArray *notices = json_object_get_array_member (json_node_get_object (r), "notices");
    g_assert_cmpuint (json_array_get_length (notices), ==, 1);
    g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (notices, 0), "text"),
                              "disciplinary action"));
  }
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (analyst, "GET", "/v1/lpr/alerts", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "acknowledge"));
  g_clear_error (&error);
  r = pd_client_call (analyst, "POST", ack1, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (analyst, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  ents = json_object_get_array_member (json_node_get_object (r), "entitlements");
  g_assert_cmpuint (json_array_get_length (ents), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (ents, 0), ==, "lpr");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "notices")), ==, 0);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (analyst, "GET", "/v1/lpr/alerts", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (db_count (d, "SELECT count(*) FROM audit WHERE action = 'entitlement.approve' AND outcome = 'ok' AND client != 'demo'"), ==, 2);

  /* a new request can be denied, with a reason, by either approver; not by its subject */
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "lpr.ortiz",
                      "training_date", G_TYPE_STRING, training, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "id"), ==, first + 1);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (director, deny2, &error, "reason", G_TYPE_STRING, " ", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (analyst, deny2, &error, "reason", G_TYPE_STRING, "mine", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  r = pd_client_post (director, deny2, &error, "reason", G_TYPE_STRING,
                      "No case load needs a second grant", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "status"), ==, "denied");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "denied_reason"), ==,
                   "No case load needs a second grant");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "denied_by"), ==, "director.ng");
  g_assert_false (json_object_get_null_member (json_node_get_object (r), "denied_at"));
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (owner, approve2, &error, "level", G_TYPE_STRING, "system_owner", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (db_count (d, "SELECT count(*) FROM audit WHERE action = 'entitlement.deny' AND outcome = 'ok' AND client != 'demo'"), ==, 1);

  /* face matching the same way: a new officer reaches TVS alerts only once
   * granted; an LPR analyst holds no face entitlement, nor an officer an LPR one */
  r = pd_client_post (admin, "/v1/users", &error, "username", G_TYPE_STRING, "officer.new", "email", G_TYPE_STRING,
                      "new.officer@cbp.dhs.gov", "role", G_TYPE_STRING, "cbp_officer", "port", G_TYPE_STRING, "LAX",
                      "password", G_TYPE_STRING, PD_TEST_DEMO_PASSWORD, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  {
    g_autoptr(PdClient) officer = pd_test_login (d, "officer.new", NULL, TRUE);

    r = pd_client_call (officer, "GET", "/v1/alerts", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
    g_assert_nonnull (strstr (error->message, "face matching needs a current face entitlement"));
    g_clear_error (&error);
    g_assert_cmpint (db_count (d, "SELECT count(*) FROM audit WHERE action = 'alert.list' AND actor = 'officer.new' "
                                  "AND outcome = 'denied'"), ==, 1);
  }
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "lpr.ortiz",
                      "kind", G_TYPE_STRING, "face", "training_date", G_TYPE_STRING, training, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "officer.new",
                      "kind", G_TYPE_STRING, "lpr", "training_date", G_TYPE_STRING, training, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "officer.new",
                      "kind", G_TYPE_STRING, "fingerprints", "training_date", G_TYPE_STRING, training, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(PdClient) officer = pd_test_grant (d, "officer.new", "face", 10);

    r = pd_client_call (officer, "GET", "/v1/alerts", NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call (officer, "GET", "/v1/session", NULL, &error);
    g_assert_no_error (error);
    ents = json_object_get_array_member (json_node_get_object (r), "entitlements");
    g_assert_cmpuint (json_array_get_length (ents), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (ents, 0), ==, "face");
  }
}

static void
test_api_keys (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK | PD_TEST_DAEMON_TCP, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) pub = NULL;
  g_autoptr(PdClient) pub_session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key_id = NULL;

  r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, "broker", "name", G_TYPE_STRING, "Acme Brokers",
                      "scopes", G_TYPE_STRING, "scheduling", "port", G_TYPE_STRING, "LAX", NULL);
  g_assert_no_error (error);
  key = g_strdup (json_object_get_string_member (json_node_get_object (r), "key"));
  key_id = g_strdup (json_object_get_string_member (json_node_get_object (r), "key_id"));
  g_assert_true (g_str_has_prefix (key, key_id));
  g_clear_pointer (&r, json_node_unref);

  /* the secret is stored hashed: it is nowhere in the database */
  {
    g_autofree char *path = pd_test_daemon_db_path (d);
    g_auto(GStrv) hashes = pd_test_db_strings (path, "SELECT secret_hash FROM api_keys");   /* blobs, in hex */
    const char *secret = key + strlen (key_id) + 1;
    g_autoptr(GString) secret_hex = g_string_new (NULL);

    for (const char *c = secret; *c != '\0'; c++)
      g_string_append_printf (secret_hex, "%02x", (guchar) *c);
    g_assert_cmpuint (g_strv_length (hashes), >, 0);
    for (guint i = 0; hashes[i] != NULL; i++)
      {
        g_assert_cmpuint (strlen (hashes[i]), ==, 64);
        g_assert_null (strstr (hashes[i], secret_hex->str));
      }
  }
  /* the list never shows secrets */
  r = pd_client_call (admin, "GET", "/v1/apikeys", NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = pd_json_to_string (r, FALSE);
    g_assert_null (strstr (text, key + strlen (key_id) + 1));
  }
  g_clear_pointer (&r, json_node_unref);

  pub = pd_test_public_client (d, key);
  r = pd_client_call (pub, "GET", "/v1/intake/whoami", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "name"), ==, "Acme Brokers");
  g_clear_pointer (&r, json_node_unref);

  /* its last use is kept, written at most once a minute */
  {
    g_autofree char *path = pd_test_daemon_db_path (d);
    g_autofree char *sql = g_strdup_printf ("SELECT last_used_at FROM api_keys WHERE key_id = '%s'", key_id);
    gint64 first = pd_test_db_int (path, sql);

    g_assert_cmpint (first, ==, pd_test_daemon_now (d));
    pd_test_clock_advance (d, 30);
    r = pd_client_call (pub, "GET", "/v1/intake/whoami", NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    g_assert_cmpint (pd_test_db_int (path, sql), ==, first);
    pd_test_clock_advance (d, 31);
    r = pd_client_call (pub, "GET", "/v1/intake/whoami", NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    g_assert_cmpint (pd_test_db_int (path, sql), ==, pd_test_daemon_now (d));
    r = pd_client_call (admin, "GET", "/v1/apikeys", NULL, &error);
    g_assert_no_error (error);
    {
      JsonArray *items = json_object_get_array_member (json_node_get_object (r), "items");
      gboolean seen = FALSE;

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *k = json_array_get_object_element (items, i);

          if (g_strcmp0 (json_object_get_string_member (k, "key_id"), key_id) != 0)
            continue;
          seen = TRUE;
          g_assert_false (json_object_get_null_member (k, "last_used_at"));
          g_assert_true (g_str_has_prefix (json_object_get_string_member (k, "last_used_client"), "tcp:"));
          g_assert_cmpstr (json_object_get_string_member (k, "created_by"), ==, "admin.demo");
        }
      g_assert_true (seen);
    }
    g_clear_pointer (&r, json_node_unref);
  }

  /* the public listener serves no officer endpoint and takes no session token */
  r = pd_client_call (pub, "GET", "/v1/users", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  pub_session = pd_test_public_client (d, pd_client_get_token (admin));
  r = pd_client_call (pub_session, "GET", "/v1/intake/whoami", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  /* a tampered key is refused */
  {
    g_autofree char *bad = g_strdup (key);
    g_autoptr(PdClient) c = NULL;
    bad[strlen (bad) - 1] = bad[strlen (bad) - 1] == 'A' ? 'B' : 'A';
    c = pd_test_public_client (d, bad);
    r = pd_client_call (c, "GET", "/v1/intake/whoami", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
    g_clear_error (&error);
  }
  /* revoking says why; revoked keys stop working at once */
  {
    g_autofree char *path = g_strdup_printf ("/v1/apikeys/%s/revoke", key_id);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'apikey.revoke' AND "
                                            "object = '%s' AND params LIKE '%%broker left the port%%'", key_id);

    r = pd_client_post (admin, path, &error, NULL, NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = pd_client_call (pub, "GET", "/v1/intake/whoami", NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_post (admin, path, &error, "reason", G_TYPE_STRING, "broker left the port", NULL);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "revoked_reason"), ==,
                     "broker left the port");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "revoked_by"), ==, "admin.demo");
    g_assert_false (json_object_get_null_member (json_node_get_object (r), "revoked_at"));
    g_clear_pointer (&r, json_node_unref);
    g_assert_cmpint (db_count (d, sql), ==, 1);
    r = pd_client_post (admin, path, &error, "reason", G_TYPE_STRING, "again", NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
    g_clear_error (&error);
    /* the list narrowed to the revoked keys, or to the active ones */
    r = pd_client_call (admin, "GET", "/v1/apikeys?state=revoked", NULL, &error);
    g_assert_no_error (error);
    {
      JsonArray *items = json_object_get_array_member (json_node_get_object (r), "items");

      g_assert_cmpuint (json_array_get_length (items), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "key_id"), ==, key_id);
    }
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call (admin, "GET", "/v1/apikeys?state=active", NULL, &error);
    g_assert_no_error (error);
    {
      JsonArray *items = json_object_get_array_member (json_node_get_object (r), "items");

      g_assert_cmpuint (json_array_get_length (items), >, 0);
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_assert_true (json_object_get_null_member (json_array_get_object_element (items, i), "revoked_at"));
    }
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call (admin, "GET", "/v1/apikeys?state=lost", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
  }
  r = pd_client_call (pub, "GET", "/v1/intake/whoami", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  /* bad scopes and kinds */
  r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, "spy", "name", G_TYPE_STRING, "X",
                      "scopes", G_TYPE_STRING, "scheduling", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, "broker", "name", G_TYPE_STRING, "X",
                      "scopes", G_TYPE_STRING, "everything", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
}

/* --- events ------------------------------------------------------------- */

static void
test_events (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) owner = pd_test_login (d, "sysowner", NULL, TRUE);
  g_autoptr(PdClient) tsa = pd_test_login (d, "tsa.kim", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *approve = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) last_month = g_date_time_add_days (now, -30);
  g_autofree char *training = g_date_time_format (last_month, "%Y-%m-%d");
  PdTestEvents admin_ws = { 0 }, tsa_ws = { 0 }, anon_ws = { 0 };

  pd_test_events_open (&admin_ws, d->socket, NULL, pd_client_get_token (admin));
  g_assert_no_error (admin_ws.error);
  pd_test_events_wait (&admin_ws, 1);
  g_assert_cmpuint (admin_ws.messages->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (admin_ws.messages, 0), "\"hello\""));
  pd_test_events_open (&tsa_ws, d->socket, NULL, pd_client_get_token (tsa));
  pd_test_events_wait (&tsa_ws, 1);

  /* no credentials: the socket is closed at once */
  pd_test_events_open (&anon_ws, d->socket, NULL, NULL);
  if (anon_ws.conn != NULL)
    {
      pd_test_events_wait (&anon_ws, 1);
      g_assert_cmpstr (g_ptr_array_index (anon_ws.messages, 0), ==, "closed");
    }

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

  /* the request, the first approval (both keep the approvals queue live) and the grant */
  pd_test_events_wait (&admin_ws, 4);
  g_assert_cmpuint (admin_ws.messages->len, ==, 4);
  for (guint i = 1; i < 4; i++)
    {
      const char *m = g_ptr_array_index (admin_ws.messages, i);

      g_assert_nonnull (strstr (m, "\"entitlement.changed\""));
      g_assert_nonnull (strstr (m, i < 3 ? "\"pending\"" : "\"active\""));
    }
  /* a TSA supervisor is not entitled to that event */
  g_assert_cmpuint (tsa_ws.messages->len, ==, 1);

  pd_test_events_clear (&admin_ws);
  pd_test_events_clear (&tsa_ws);
  pd_test_events_clear (&anon_ws);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/api/role-matrix", test_role_matrix);
  g_test_add_func ("/api/login-and-rules", test_login_and_rules);
  g_test_add_func ("/api/login-backoff-and-idle-expiry", test_login_backoff_and_expiry);
  g_test_add_func ("/api/login-rate-limit", test_login_rate_limit);
  g_test_add_func ("/api/absolute-expiry", test_absolute_expiry);
  g_test_add_func ("/api/accounts-validation", test_accounts_validation);
  g_test_add_func ("/api/bad-requests", test_bad_requests);
  g_test_add_func ("/api/entitlement-two-approvers", test_entitlement_two_approvers);
  g_test_add_func ("/api/api-keys", test_api_keys);
  g_test_add_func ("/api/events", test_events);
  return g_test_run ();
}
