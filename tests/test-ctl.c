/* test-ctl.c: portdeskctl's exit codes, messages and files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ctl"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

/* Runs portdeskctl on @socket with the NULL-terminated arguments. */
static void
ctl (Run        *r,
     const char *socket,
     const char *first_arg,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *bin = g_getenv ("PORTDESKCTL");
  va_list ap;

  run_clear (r);
  g_ptr_array_add (args, g_strdup (bin != NULL ? bin : "portdeskctl"));
  g_ptr_array_add (args, g_strdup_printf ("--socket=%s", socket));
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, "", NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
  {
    g_autofree char *line = g_strjoinv (" ", (char **) args->pdata + 2);
    g_test_message ("portdeskctl %s -> %d\n  out: %s  err: %s", line, r->status, r->out, r->err);
  }
}

static char *
write_file (PdTestDaemon *d,
            const char   *name,
            const char   *contents)
{
  char *path = g_build_filename (d->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* 3: nobody answers */
static void
test_unreachable (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *nowhere = g_build_filename (d->dir, "nobody-here.sock", NULL);
  g_autofree char *pw = write_file (d, "pw", PD_TEST_DEMO_PASSWORD);
  g_autofree char *token = write_file (d, "token", "pds_not-a-real-token");
  Run r = { 0 };

  ctl (&r, nowhere, "status", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "Cannot reach portdeskd"));
  ctl (&r, nowhere, "--user", "admin.demo", "--password-file", pw, "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "Cannot reach portdeskd"));
  ctl (&r, nowhere, "--token-file", token, "audit", "verify", NULL);
  g_assert_cmpint (r.status, ==, 3);

  /* a daemon that went away */
  pd_test_daemon_stop (d);
  ctl (&r, d->socket, "status", NULL);
  g_assert_cmpint (r.status, ==, 3);
  run_clear (&r);
}

/* mrz parse: locally, no service; 1 when a check digit fails */
static void
test_mrz (void)
{
  Run r = { 0 };

  ctl (&r, "/nonexistent/no.sock", "mrz", "parse", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "ERIKSSON, ANNA MARIA"));
  g_assert_nonnull (strstr (r.out, "1974-08-12 (check digit ok)"));
  ctl (&r, "/nonexistent/no.sock", "--json", "mrz", "parse", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
       "L898902C35UTO7408122F1204159ZE184226B<<<<<10", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "\"number_check\" : \"FAILED\""));
  ctl (&r, "/nonexistent/no.sock", "mrz", "parse", "NOT AN MRZ", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Not an MRZ"));
  run_clear (&r);
}

/* 4: not signed in, wrong password, rules pending, forbidden */
static void
test_auth (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *pw = write_file (d, "pw", PD_TEST_DEMO_PASSWORD "\n");
  g_autofree char *bad = write_file (d, "bad", "not-the-password-at-all");
  g_autofree char *no_token = g_build_filename (d->dir, "no-such-token", NULL);
  g_autofree char *stale = write_file (d, "stale", "pds_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  Run r = { 0 };

  ctl (&r, d->socket, "status", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "portdeskd"));

  ctl (&r, d->socket, "--token-file", no_token, "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 4);
  g_assert_nonnull (strstr (r.err, "Not signed in"));
  ctl (&r, d->socket, "--token-file", stale, "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 4);
  ctl (&r, d->socket, "--token-file", no_token, "logout", NULL);
  g_assert_cmpint (r.status, ==, 4);
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", bad, "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 4);
  g_assert_nonnull (strstr (r.err, "Wrong user name or password"));
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 4);
  g_assert_nonnull (strstr (r.err, "rules of behavior"));
  ctl (&r, d->socket, "--user", "ag.lopez", "--password-file", pw, "--accept-rules", "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 4);
  g_assert_nonnull (strstr (r.err, "may not"));
  ctl (&r, d->socket, "--user", "officer.ray", "--password-file", pw, "--accept-rules", "audit", "verify", NULL);
  g_assert_cmpint (r.status, ==, 4);
  /* and the right person may */
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules", "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "ag.lopez"));
  run_clear (&r);
}

/* 2: the command line is wrong; nothing is sent */
static void
test_usage (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *pw = write_file (d, "pw", PD_TEST_DEMO_PASSWORD);
  const char *const cases[][8] = {
    { NULL },
    { "bogus", NULL },
    { "--no-such-option", "status", NULL },
    { "user", NULL },
    { "user", "frobnicate", "x", NULL },
    { "user", "add", "newbie", NULL },                       /* no --role / --email */
    { "rules", "maybe", NULL },
    { "clock", "advance", "soon", NULL },
    { "clock", NULL },
    { "apikey", "create", "--name", "X", NULL },             /* no --kind / --scopes */
    { "audit", NULL },
    { "audit", "verify", "extra", NULL },
    { "audit", "verify", "--no-such-option", NULL },
    { "entitlement", "approve", "1", NULL },                 /* no --level */
    { "retention", "purge-everything", NULL },
    { "login", NULL },
    { "demo", NULL },
  };
  Run r = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *a[12] = { "--user", "admin.demo", "--password-file", pw, "--accept-rules", NULL };
      guint n = 5;

      for (guint k = 0; cases[i][k] != NULL; k++)
        a[n++] = cases[i][k];
      a[n] = NULL;
      ctl (&r, d->socket, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpuint (strlen (r.err) + strlen (r.out), >, 0);
    }
  ctl (&r, d->socket, "bogus", NULL);
  g_assert_nonnull (strstr (r.err, "unknown command 'bogus'"));
  ctl (&r, d->socket, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Exit codes"));
  run_clear (&r);
}

/* 1: the service refused */
static void
test_refusals (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *pw = write_file (d, "pw", PD_TEST_DEMO_PASSWORD);
  g_autofree char *shortpw = write_file (d, "short", "short");
  Run r = { 0 };

  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "user", "add", "ag.lopez", "--role", "auditor", "--email", "x@oig.dhs.gov", "--password-file", pw, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "already exists"));
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "user", "add", "shorty", "--role", "auditor", "--email", "s@oig.dhs.gov", "--password-file", shortpw, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "12 to 256 characters"));
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "apikey", "create", "--kind", "spy", "--name", "X", "--scopes", "scheduling", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Unknown principal kind"));
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "user", "show", "nobody.at.all", NULL);
  g_assert_cmpint (r.status, ==, 1);
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "user", "disable", "admin.demo", NULL);
  g_assert_cmpint (r.status, ==, 4);          /* nobody disables themselves: forbidden */
  ctl (&r, d->socket, "clock", "advance", "60", NULL);
  g_assert_cmpint (r.status, !=, 0);          /* no --test-clock: refused */
  run_clear (&r);
}

/* login keeps the session in --token-file (0600); rules accept, user
 * list, logout removes it */
static void
test_login_flow (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *pw = write_file (d, "pw", PD_TEST_DEMO_PASSWORD);
  g_autofree char *token = g_build_filename (d->dir, "session", "portdeskctl.token", NULL);
  g_autofree char *saved = NULL;
  Run r = { 0 };

  ctl (&r, d->socket, "--token-file", token, "login", "admin.demo", "--password-file", pw, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Rules of Behavior"));
  g_assert_nonnull (strstr (r.out, "Signed in as admin.demo"));
  g_assert_true (g_file_get_contents (token, &saved, NULL, NULL));
  g_assert_true (g_str_has_prefix (saved, "pds_"));
  g_assert_cmpuint (file_mode (token), ==, 0600);

  /* the saved session works, but not before the rules are accepted */
  ctl (&r, d->socket, "--token-file", token, "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 4);
  ctl (&r, d->socket, "--token-file", token, "rules", "accept", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "accepted"));
  ctl (&r, d->socket, "--token-file", token, "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "USERNAME"));
  g_assert_nonnull (strstr (r.out, "auditor.fox"));
  ctl (&r, d->socket, "--token-file", token, "--json", "whoami", NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) o = pd_json_parse_object (r.out, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "user"), "username"), ==, "admin.demo");
  }

  ctl (&r, d->socket, "--token-file", token, "logout", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_false (g_file_test (token, G_FILE_TEST_EXISTS));
  ctl (&r, d->socket, "--token-file", token, "user", "list", NULL);
  g_assert_cmpint (r.status, ==, 4);
  /* the old token is dead on the service side too */
  {
    g_autoptr(PdClient) c = pd_test_client (d);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) s = NULL;
    pd_client_set_token (c, saved);
    s = pd_client_call (c, "GET", "/v1/session", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  }
  /* declining the rules signs out and forgets the token */
  ctl (&r, d->socket, "--token-file", token, "login", "ag.lopez", "--password-file", pw, NULL);
  g_assert_cmpint (r.status, ==, 0);
  ctl (&r, d->socket, "--token-file", token, "rules", "decline", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_false (g_file_test (token, G_FILE_TEST_EXISTS));
  run_clear (&r);
}

/* user add with --password-file; the new user can sign in with it */
static void
test_user_add (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *pw = write_file (d, "pw", PD_TEST_DEMO_PASSWORD);
  g_autofree char *newpw = write_file (d, "newpw", "correct-horse-battery\n");
  Run r = { 0 };

  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "user", "add", "auditor.new", "--role", "auditor", "--email", "new@oig.dhs.gov", "--name", "New Auditor",
       "--password-file", newpw, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "User auditor.new added as auditor"));
  {
    g_autoptr(PdClient) c = pd_test_login (d, "auditor.new", "correct-horse-battery", TRUE);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) s = pd_client_call (c, "GET", "/v1/session", NULL, &error);
    JsonObject *u;

    g_assert_no_error (error);
    u = json_object_get_object_member (json_node_get_object (s), "user");
    g_assert_cmpstr (json_object_get_string_member (u, "role"), ==, "auditor");
  }
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules", "--json",
       "user", "show", "auditor.new", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "New Auditor"));
  g_assert_null (strstr (r.out, "correct-horse"));
  run_clear (&r);
}

/* user reset-password prints the one-time password once; signed in with
 * it, only `password` goes through; user sessions lists (no token) and
 * end-session ends one; list filters */
static void
test_user_reset (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *pw = write_file (d, "pw", PD_TEST_DEMO_PASSWORD);
  g_autofree char *newpw = write_file (d, "newpw", "ray-chose-this-one-2026\n");
  g_autofree char *otp_file = NULL;
  g_autoptr(PdClient) ray = pd_test_login (d, "officer.ray", NULL, TRUE);
  g_auto(GStrv) lines = NULL;
  const char *otp = NULL;
  Run r = { 0 };

  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "user", "reset-password", "officer.ray", "--password-file", newpw, NULL);
  g_assert_cmpint (r.status, ==, 2);             /* the service chooses it */
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "user", "reset-password", "officer.ray", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "shown once"));
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "  "))
      otp = g_strstrip (lines[i]);
  g_assert_nonnull (otp);
  g_assert_cmpuint (strlen (otp), ==, 23);
  otp_file = write_file (d, "otp", otp);

  /* signed in with it: nothing but the change */
  ctl (&r, d->socket, "--user", "officer.ray", "--password-file", otp_file, "--accept-rules", "inspection", "list",
       NULL);
  g_assert_cmpint (r.status, ==, 4);
  g_assert_nonnull (strstr (r.err, "choose a new password"));
  ctl (&r, d->socket, "--user", "officer.ray", "--password-file", otp_file, "password", "--new-password-file", newpw,
       NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Password changed"));
  ctl (&r, d->socket, "--user", "officer.ray", "--password-file", newpw, "--accept-rules", "inspection", "list", NULL);
  g_assert_cmpint (r.status, ==, 0);

  /* sessions: listed without tokens, one ended */
  {
    g_autoptr(PdClient) ray2 = pd_test_login (d, "officer.ray", "ray-chose-this-one-2026", TRUE);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) n = NULL;
    JsonArray *items;
    g_autofree char *id = NULL;

    ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules", "--json",
         "user", "sessions", "officer.ray", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_null (strstr (r.out, "pdt_"));
    n = json_from_string (r.out, &error);
    g_assert_no_error (error);
    items = json_object_get_array_member (json_node_get_object (n), "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    id = g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member (json_array_get_object_element (items, 0), "id"));
    ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
         "user", "end-session", "officer.ray", id, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_clear_pointer (&n, json_node_unref);
    n = pd_client_call (ray2, "GET", "/v1/session", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
    ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
         "user", "end-session", "officer.ray", id, NULL);
    g_assert_cmpint (r.status, ==, 1);
  }
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "user", "list", "--role", "cbp_officer", "--search", "ray", "--status", "active", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "officer.ray"));
  g_assert_null (strstr (r.out, "ag.lopez"));
  run_clear (&r);
}

/* apikey create -o FILE: the key goes to a 0600 file, not to stdout */
static void
test_apikey_file (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  g_autofree char *pw = write_file (d, "pw", PD_TEST_DEMO_PASSWORD);
  g_autofree char *keyfile = g_build_filename (d->dir, "broker.key", NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
  g_autofree char *key = NULL;
  Run r = { 0 };

  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
       "apikey", "create", "--kind", "broker", "--name", "Acme Brokers", "--scopes", "scheduling",
       "--port", "LAX", "-o", keyfile, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (keyfile, &key, NULL, NULL));
  g_assert_true (g_str_has_prefix (key, "pdk_"));
  g_assert_cmpuint (file_mode (keyfile), ==, 0600);
  g_assert_null (strstr (r.out, key));
  g_assert_nonnull (strstr (r.out, "key_id"));

  /* the public side works with it */
  ctl (&r, d->socket, "--url", url, "--api-key-file", keyfile, "whoami", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Acme Brokers"));

  /* the list shows its last use; revoking it needs a reason, which the list shows */
  {
    g_autofree char *key_id = g_strndup (key, strchr (key + 4, '_') - key);

    ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules", "apikey", "list", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "LAST_USED_CLIENT"));
    g_assert_nonnull (strstr (r.out, "tcp:127.0.0.1"));
    ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
         "apikey", "revoke", key_id, NULL);
    g_assert_cmpint (r.status, ==, 2);   /* usage: no --reason */
    ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
         "apikey", "revoke", key_id, "--reason", "Acme left the port", NULL);
    g_assert_cmpint (r.status, ==, 0);
    ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules", "apikey", "list", NULL);
    g_assert_nonnull (strstr (r.out, "Acme left the port"));
    ctl (&r, d->socket, "--url", url, "--api-key-file", keyfile, "whoami", NULL);
    g_assert_cmpint (r.status, !=, 0);
    g_assert_nonnull (strstr (r.err, "revoked"));
  }
  run_clear (&r);
}

/* audit list/export as the auditor; -o writes a 0600 file */
static void
test_audit_commands (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *pw = write_file (d, "pw", PD_TEST_DEMO_PASSWORD);
  g_autofree char *export = g_build_filename (d->dir, "audit.json", NULL);
  g_autofree char *contents = NULL;
  Run r = { 0 };

  ctl (&r, d->socket, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
       "audit", "list", "--actor", "auditor.fox", "--limit", "5", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "ACTION"));
  g_assert_nonnull (strstr (r.out, "rules.accept"));
  g_assert_null (strstr (r.out, "admin.demo"));
  ctl (&r, d->socket, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
       "audit", "export", "--format", "json", "-o", export, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (file_mode (export), ==, 0600);
  g_assert_true (g_file_get_contents (export, &contents, NULL, NULL));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) o = pd_json_parse_object (contents, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "entries")), >, 5);
  }
  ctl (&r, d->socket, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
       "audit", "export", "--format", "xml", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "json or csv"));
  ctl (&r, d->socket, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
       "audit", "list", "--since", "last tuesday", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "ISO 8601"));
  /* an administrator verifies but does not read the log */
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules", "audit", "verify", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "OK: "));
  ctl (&r, d->socket, "--user", "admin.demo", "--password-file", pw, "--accept-rules", "audit", "list", NULL);
  g_assert_cmpint (r.status, ==, 4);
  run_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ctl/exit/unreachable", test_unreachable);
  g_test_add_func ("/ctl/exit/auth", test_auth);
  g_test_add_func ("/ctl/exit/usage", test_usage);
  g_test_add_func ("/ctl/exit/refusals", test_refusals);
  g_test_add_func ("/ctl/login-flow", test_login_flow);
  g_test_add_func ("/ctl/user-add", test_user_add);
  g_test_add_func ("/ctl/user-reset", test_user_reset);
  g_test_add_func ("/ctl/apikey-file", test_apikey_file);
  g_test_add_func ("/ctl/audit-commands", test_audit_commands);
  g_test_add_func ("/ctl/mrz", test_mrz);
  return g_test_run ();
}
