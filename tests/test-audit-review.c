/* test-audit-review.c: what an auditor does with the log, against a real
 * portdeskd: filters and keyset paging newest first (the answers
 * recomputed with SQL, the query plans shown to use the indexes), saved
 * filters, the verification report, the external anchor (intact, cut,
 * rolled back, swapped, edited, behind after a crash) and the quarterly
 * sign-off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-audit-review"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-store.h"
#include "pd-test-daemon.h"
#include "pd-test-events.h"

/* --- helpers ------------------------------------------------------------ */

/* portdeskd --check-anchor @anchor -d (the daemon's data dir): its exit
 * status and output. */
static int
check_anchor (PdTestDaemon  *d,
              const char    *anchor,
              char         **out)
{
  const char *bin = g_getenv ("PORTDESKD");
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_null (d->proc);
  /* its settings name the database (on PostgreSQL, the daemon's) */
  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                        bin != NULL ? bin : "portdeskd", "--check-anchor", anchor, "-d", d->data_dir,
                        "--config", d->config, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("check-anchor: %d %s%s", g_subprocess_get_exit_status (p), *out, err);
  return g_subprocess_get_exit_status (p);
}

static JsonNode *
call_ok (PdClient   *client,
         const char *method,
         const char *path,
         const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) b = body != NULL ? json_from_string (body, &error) : NULL;
  JsonNode *r;

  g_assert_no_error (error);
  r = pd_client_call (client, method, path, b, &error);
  if (error != NULL)
    g_error ("%s %s: %s", method, path, error->message);
  return r;
}

static void
call_fails (PdClient   *client,
            const char *method,
            const char *path,
            const char *body,
            int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) b = body != NULL ? json_from_string (body, &error) : NULL;
  g_autoptr(JsonNode) r = NULL;

  g_assert_no_error (error);
  r = pd_client_call (client, method, path, b, &error);
  g_test_message ("%s %s: %s", method, path, error ? error->message : "ok");
  g_assert_error (error, PD_ERROR, code);
}

/* Some of everything: sign-ins of several roles, reads, a refusal. */
static void
make_activity (PdTestDaemon *d)
{
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) lopez = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autoptr(PdClient) ray = pd_test_login (d, "officer.ray", NULL, TRUE);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) r = call_ok (admin, "GET", "/v1/users/ag.chen", NULL);
    }
  call_fails (lopez, "GET", "/v1/users", NULL, PD_ERROR_FORBIDDEN);
  call_fails (ray, "GET", "/v1/users", NULL, PD_ERROR_FORBIDDEN);
}

/* --- filters and paging ------------------------------------------------- */

typedef struct {
  const char *query;      /* the filter, as URL query */
  const char *where;      /* the same in SQL */
} Filter;

/* Walks every page of @query newest first; the seqs, in order. */
static GArray *
walk_pages (PdClient   *auditor,
            const char *query,
            guint       page)
{
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autofree char *path = g_strdup_printf ("/v1/audit?limit=%u%s%s%s%s", page, query[0] ? "&" : "", query,
                                               cursor ? "&cursor=" : "", cursor ? cursor : "");
      g_autoptr(JsonNode) r = call_ok (auditor, "GET", path, NULL);
      JsonObject *o = json_node_get_object (r);
      JsonArray *items = json_object_get_array_member (o, "items");

      g_assert_cmpuint (json_array_get_length (items), <=, page);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          gint64 seq = json_object_get_int_member (json_array_get_object_element (items, i), "seq");
          if (seqs->len > 0)
            g_assert_cmpint (seq, <, g_array_index (seqs, gint64, seqs->len - 1));
          g_array_append_val (seqs, seq);
        }
      g_free (cursor);
      cursor = g_strdup (pd_json_str (o, "next"));     /* opaque */
      pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (pages, >=, 1);
  return seqs;
}

static void
test_filters (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(PdClient) auditor = NULL;
  g_autofree char *uid = g_strdup_printf ("uid:%u", (guint) getuid ());
  g_autofree char *client_q = g_strdup_printf ("client=%s", uid);
  g_autofree char *client_w = g_strdup_printf ("client = '%s'", uid);
  g_autofree char *now = NULL;
  g_autofree char *since_q = NULL;
  const Filter filters[] = {
    { "", "seq > 0" },
    { "role=ag_specialist", "role = 'ag_specialist'" },
    { "outcome=denied", "outcome = 'denied'" },
    { "actor=admin.demo&action=user.get", "actor = 'admin.demo' AND action = 'user.get'" },
    { "action=rules.", "action LIKE 'rules.%'" },
    { "action=denied:*", "action LIKE 'denied:%'" },
    { "object=ag.chen&outcome=ok", "object = 'ag.chen' AND outcome = 'ok'" },
    { client_q, client_w },
    { "role=cbp_officer&outcome=denied", "role = 'cbp_officer' AND outcome = 'denied'" },
  };

  make_activity (d);
  auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GArray) seqs = NULL;
      g_autofree char *sql = NULL;
      gint64 head = pd_test_db_int (db, "SELECT max(seq) FROM audit");

      /* page sizes that do and do not divide the answer */
      seqs = walk_pages (auditor, filters[i].query, i % 2 ? 3 : 4);
      /* the same as SQL finds among the entries before the first page's
       * query (whose own entry comes first when it matches) */
      sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE seq <= %" G_GINT64_FORMAT " AND %s", head + 1,
                             filters[i].where);
      g_test_message ("filter %s: %u entries", filters[i].query, seqs->len);
      g_assert_cmpint (seqs->len, ==, pd_test_db_int (db, sql));
      g_assert_cmpuint (seqs->len, >, 0);
      if (filters[i].query[0] == '\0')
        {
          /* all of them, newest first, no gap */
          for (guint k = 0; k < seqs->len; k++)
            g_assert_cmpint (g_array_index (seqs, gint64, k), ==, head + 1 - k);
        }
    }

  /* a time range: from now on, only what happens after */
  now = pd_time_format (pd_test_daemon_now (d));
  pd_test_clock_advance (d, 60);
  {
    g_autofree char *esc = g_uri_escape_string (now, NULL, FALSE);
    g_autofree char *path = NULL;
    g_autoptr(GArray) seqs = NULL;
    g_autofree char *sql = NULL;
    gint64 head = pd_test_db_int (db, "SELECT max(seq) FROM audit");

    since_q = g_strdup_printf ("since=%s", esc);
    seqs = walk_pages (auditor, since_q, 2);
    sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE seq <= %" G_GINT64_FORMAT " AND at >= %" G_GINT64_FORMAT,
                           head + 1, pd_test_daemon_now (d) - 60 * G_USEC_PER_SEC);
    g_assert_cmpint (seqs->len, ==, pd_test_db_int (db, sql));
    path = g_strdup_printf ("/v1/audit?until=%s&since=%s", esc, esc);
    call_fails (auditor, "GET", path, NULL, PD_ERROR_INVALID);
  }

  /* oldest first still answers, with the cursor after the last one */
  {
    g_autoptr(JsonNode) r = call_ok (auditor, "GET", "/v1/audit?order=asc&limit=3&cursor=2", NULL);
    JsonArray *items = json_object_get_array_member (json_node_get_object (r), "items");

    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "seq"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 2), "seq"), ==, 5);
  }

  /* bad input: a clear error, and nothing but the refusal happens */
  {
    g_autofree char *long_role = g_strnfill (201, 'r');
    g_autofree char *path = g_strdup_printf ("/v1/audit?role=%s", long_role);

    call_fails (auditor, "GET", path, NULL, PD_ERROR_INVALID);
    call_fails (auditor, "GET", "/v1/audit?order=sideways", NULL, PD_ERROR_INVALID);
    call_fails (auditor, "GET", "/v1/audit?cursor=-4", NULL, PD_ERROR_INVALID);
    call_fails (auditor, "GET", "/v1/audit?since=yesterday", NULL, PD_ERROR_INVALID);
  }

  /* the reviewer's query is itself in the log, with what was asked */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'audit.query' AND actor = 'auditor.fox'"
                                       " AND params LIKE '%\"role\":\"cbp_officer\"%' AND params LIKE '%\"outcome\":\"denied\"%'"),
                   >=, 1);
}

/* Each filter's query walks its own index in seq order: no scan of the
 * whole log, no sort, whatever the log's size. */
/* The plan of @sql: SQLite's EXPLAIN QUERY PLAN; on PostgreSQL, EXPLAIN
 * of the statement prepared with its parameters' types and run with
 * values, sequential scans, bitmap scans and sorts priced out, so that
 * one shows only when no index can do without it. */
static char *
query_plan (const char *db,
            const char *sql)
{
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autofree char *explain = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (pd_test_store_is_postgres ())
    explain = g_strconcat ("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off;"
                           "PREPARE q (INTEGER, INTEGER, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, INTEGER, INTEGER, INTEGER) AS ",
                           sql, "; EXPLAIN EXECUTE q (0, 1000, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 0, 0, 100)", NULL);
  else
    explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  rows = pd_test_db_rows (db, explain);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      /* SQLite: id, parent, notused, detail; PostgreSQL: one line a row */
      g_string_append_printf (plan, "%s; ", (const char *) g_ptr_array_index (row, row->len - 1));
    }
  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* Each filter's query walks its own index in seq order: no scan of the
 * whole log, no sort, whatever the log's size. */
static void
test_query_plans (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *db = pd_test_daemon_db_path (d);
  static const struct { const char *column; const char *index; } cases[] = {
    { "actor", "audit_actor" }, { "role", "audit_role" }, { "action", "audit_action" },
    { "object", "audit_object" }, { "outcome", "audit_outcome" }, { "client", "audit_client" },
  };

  pd_test_daemon_stop (d);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int newest = 0; newest < 2; newest++)
      {
        PdAuditFilter f = { .newest_first = newest, .before_seq = newest ? 1000 : 0, .limit = 100 };
        g_autofree char *sql = NULL;
        g_autofree char *plan = NULL;

        if (g_str_equal (cases[i].column, "actor")) f.actor = "x";
        if (g_str_equal (cases[i].column, "role")) f.role = "x";
        if (g_str_equal (cases[i].column, "action")) f.action = "x";
        if (g_str_equal (cases[i].column, "object")) f.object = "x";
        if (g_str_equal (cases[i].column, "outcome")) f.outcome = "x";
        if (g_str_equal (cases[i].column, "client")) f.client = "x";
        sql = pd_store_audit_query_sql (&f);
        plan = query_plan (db, sql);
        g_test_message ("%s: %s", sql, plan);
        g_assert_nonnull (strstr (plan, cases[i].index));
        g_assert_null (strstr (plan, "TEMP B-TREE"));             /* SQLite's sort */
        g_assert_null (strstr (plan, "SCAN"));                    /* SQLite's full scan */
        g_assert_null (strstr (plan, "Sort"));
        g_assert_null (strstr (plan, "Seq Scan"));
      }
}

/* --- saved filters ------------------------------------------------------ */

static void
test_saved_filters (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(JsonNode) r = NULL;
  JsonArray *items;
  JsonObject *f;

  r = call_ok (auditor, "POST", "/v1/audit/filters",
               "{\"name\": \"Refusals at night\", \"filter\": {\"outcome\": \"denied\", \"since\": \"2026-01-01T00:00:00Z\"}}");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "name"), ==, "Refusals at night");
  g_clear_pointer (&r, json_node_unref);
  r = call_ok (auditor, "POST", "/v1/audit/filters", "{\"name\": \"Officers\", \"filter\": {\"role\": \"cbp_officer\"}}");
  g_clear_pointer (&r, json_node_unref);

  /* a name is unique per auditor; another auditor may use it */
  call_fails (auditor, "POST", "/v1/audit/filters", "{\"name\": \"Officers\", \"filter\": {}}", PD_ERROR_CONFLICT);
  pd_test_db_tamper (db, "INSERT INTO audit_filters (owner, name, filter, created_at) VALUES ('auditor.other', 'Officers', '{}', 1)");

  /* bad input changes nothing */
  call_fails (auditor, "POST", "/v1/audit/filters", "{\"name\": \"x\", \"filter\": {\"colour\": \"red\"}}", PD_ERROR_INVALID);
  call_fails (auditor, "POST", "/v1/audit/filters", "{\"name\": \"x\", \"filter\": {\"since\": \"soon\"}}", PD_ERROR_INVALID);
  call_fails (auditor, "POST", "/v1/audit/filters", "{\"name\": \"   \", \"filter\": {}}", PD_ERROR_INVALID);
  call_fails (auditor, "POST", "/v1/audit/filters", "{\"name\": \"x\", \"filter\": \"outcome=denied\"}", PD_ERROR_INVALID);
  call_fails (admin, "POST", "/v1/audit/filters", "{\"name\": \"x\", \"filter\": {}}", PD_ERROR_FORBIDDEN);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit_filters"), ==, 3);

  r = call_ok (auditor, "GET", "/v1/audit/filters", NULL);
  items = json_object_get_array_member (json_node_get_object (r), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  f = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (f, "name"), ==, "Officers");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (f, "filter"), "role"), ==, "cbp_officer");
  f = json_array_get_object_element (items, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (f, "filter"), "outcome"), ==, "denied");
  g_clear_pointer (&r, json_node_unref);

  r = call_ok (auditor, "DELETE", "/v1/audit/filters/Officers", NULL);
  g_clear_pointer (&r, json_node_unref);
  call_fails (auditor, "DELETE", "/v1/audit/filters/Officers", NULL, PD_ERROR_NOT_FOUND);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit_filters WHERE name = 'Officers'"), ==, 1);

  /* audited */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE actor = 'auditor.fox' AND outcome = 'ok' AND "
                                       "action = 'audit.filter.save'"), ==, 2);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE actor = 'auditor.fox' AND outcome = 'ok' AND "
                                       "action = 'audit.filter.delete' AND object = 'Officers'"), ==, 1);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE actor = 'auditor.fox' AND "
                                       "action = 'audit.filter.list'"), ==, 1);
}

/* --- verification and the anchor ----------------------------------------- */

typedef struct {
  PdTestDaemon *d;
  char         *anchor_dir;
  char         *anchor;
  char         *db;
} Anchored;

static void
anchored_setup (Anchored *a)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;

  a->anchor_dir = g_dir_make_tmp ("portdesk-anchor-XXXXXX", &error);
  g_assert_no_error (error);
  a->anchor = g_build_filename (a->anchor_dir, "audit.anchor", NULL);
  /* (restarted without --demo: its officers sign in with a password alone) */
  config = g_strdup_printf ("[portdeskd]\naudit_checkpoint_every=5\naudit_anchor=%s\ntwo_factor_roles=\n", a->anchor);
  a->d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, config);
  a->db = pd_test_daemon_db_path (a->d);
}

static void
anchored_clear (Anchored *a)
{
  g_clear_pointer (&a->d, pd_test_daemon_free);
  g_unlink (a->anchor);
  g_rmdir (a->anchor_dir);
  g_free (a->anchor_dir);
  g_free (a->anchor);
  g_free (a->db);
}

static guint
anchor_lines (const char *path)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  for (const char *p = contents; *p; p++)
    n += *p == '\n';
  return n;
}

static JsonObject *
verify (PdTestDaemon *d,
        JsonNode    **keep)
{
  g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);

  *keep = call_ok (auditor, "GET", "/v1/audit/verify", NULL);
  return json_node_get_object (*keep);
}

static void
test_verify_report (void)
{
  Anchored a = { 0 };
  g_autoptr(JsonNode) r = NULL;
  JsonObject *o, *anchor, *bad;

  anchored_setup (&a);
  make_activity (a.d);
  o = verify (a.d, &r);
  g_assert_true (json_object_get_boolean_member (o, "ok"));
  g_assert_cmpint (json_object_get_int_member (o, "last_signed_seq"), >=, 5);
  g_assert_nonnull (json_object_get_string_member (o, "last_signed_at"));
  g_assert_true (json_object_get_null_member (o, "reason"));
  g_assert_true (json_object_get_null_member (o, "first_bad_entry"));
  anchor = json_object_get_object_member (o, "anchor");
  /* each checkpoint is in the anchor as soon as it commits */
  g_assert_cmpstr (json_object_get_string_member (anchor, "state"), ==, "anchored");
  g_assert_cmpint (json_object_get_int_member (anchor, "anchored_seq"), ==, json_object_get_int_member (o, "last_signed_seq"));
  g_assert_cmpint (anchor_lines (a.anchor), ==, pd_test_db_int (a.db, "SELECT count(*) FROM audit_checkpoints"));
  g_clear_pointer (&r, json_node_unref);
  pd_test_daemon_stop (a.d);
  /* the checkpoint made on shutdown too */
  g_assert_cmpint (anchor_lines (a.anchor), ==, pd_test_db_int (a.db, "SELECT count(*) FROM audit_checkpoints"));

  /* an edited entry: which one, and what is wrong, in plain words */
  pd_test_db_tamper (a.db, "UPDATE audit SET actor = 'somebody.else' WHERE seq = 7");
  pd_test_daemon_start (a.d, PD_TEST_DAEMON_TEST_CLOCK);
  o = verify (a.d, &r);
  g_assert_false (json_object_get_boolean_member (o, "ok"));
  g_assert_cmpint (json_object_get_int_member (o, "first_bad_seq"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (o, "reason"), ==, "content_changed");
  g_assert_nonnull (strstr (json_object_get_string_member (o, "problem"), "was changed after it was written"));
  bad = json_object_get_object_member (o, "first_bad_entry");
  g_assert_cmpint (json_object_get_int_member (bad, "seq"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (bad, "actor"), ==, "somebody.else");
  anchored_clear (&a);
}

static void
test_anchor (void)
{
  Anchored a = { 0 };
  g_autoptr(PdTestDaemon) other = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, "[portdeskd]\naudit_checkpoint_every=5\n");
  g_autofree char *other_db = pd_test_daemon_db_path (other);
  g_autofree char *backup = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *anchor_text = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) r = NULL;
  JsonObject *o;
  gint64 last_cp, kept;

  anchored_setup (&a);

  /* an early copy, as a backup would be */
  make_activity (a.d);
  pd_test_daemon_stop (a.d);
  backup = pd_test_db_snapshot (a.db);
  pd_test_daemon_start (a.d, PD_TEST_DAEMON_TEST_CLOCK);
  make_activity (a.d);
  make_activity (a.d);
  pd_test_daemon_stop (a.d);
  clean = pd_test_db_snapshot (a.db);
  last_cp = pd_test_db_int (a.db, "SELECT max(seq) FROM audit_checkpoints");
  kept = ((last_cp - 8) / 5) * 5;
  g_assert_cmpint (kept, >, pd_test_db_int (backup, "SELECT max(seq) FROM audit"));

  /* intact */
  g_assert_cmpint (check_anchor (a.d, a.anchor, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "OK: "));
  g_clear_pointer (&out, g_free);

  /* the tail cut after a checkpoint (its checkpoints too: the chain alone
   * cannot tell) */
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM audit WHERE seq > %" G_GINT64_FORMAT ";"
                                            "DELETE FROM audit_checkpoints WHERE seq > %" G_GINT64_FORMAT ";",
                                            kept, kept);
    pd_test_db_tamper (a.db, sql);
    g_assert_cmpint (check_anchor (a.d, a.anchor, &out), ==, 1);
    g_assert_nonnull (strstr (out, "(anchor_truncated)"));
    g_assert_nonnull (strstr (out, "the log was cut"));
    g_clear_pointer (&out, g_free);
  }

  /* rolled back to the backup */
  pd_test_db_copy (backup, a.db);
  g_assert_cmpint (check_anchor (a.d, a.anchor, &out), ==, 1);
  g_assert_nonnull (strstr (out, "(anchor_truncated)"));
  g_assert_nonnull (strstr (out, "rolled back to an older copy"));
  g_clear_pointer (&out, g_free);

  /* ... and the service, started on it, says so and leaves the anchor be,
   * even once the rolled-back log grows past the anchored entries */
  g_assert_true (g_file_get_contents (a.anchor, &anchor_text, NULL, NULL));
  pd_test_daemon_start (a.d, PD_TEST_DAEMON_TEST_CLOCK);
  o = verify (a.d, &r);
  g_assert_false (json_object_get_boolean_member (o, "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "anchor"), "state"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (o, "reason"), ==, "anchor_truncated");
  g_clear_pointer (&r, json_node_unref);
  for (int i = 0; i < 6; i++)
    make_activity (a.d);
  o = verify (a.d, &r);
  g_assert_false (json_object_get_boolean_member (o, "ok"));
  g_assert_cmpstr (json_object_get_string_member (o, "reason"), ==, "anchor_differs");
  g_clear_pointer (&r, json_node_unref);
  pd_test_daemon_stop (a.d);
  {
    g_autofree char *now_text = NULL;
    g_assert_true (g_file_get_contents (a.anchor, &now_text, NULL, NULL));
    g_assert_cmpstr (now_text, ==, anchor_text);
  }

  /* another service's database in its place */
  pd_test_daemon_stop (other);
  pd_test_db_copy (other_db, a.db);
  g_assert_cmpint (check_anchor (a.d, a.anchor, &out), ==, 1);
  g_assert_true (strstr (out, "(checkpoint_key)") != NULL || strstr (out, "(anchor_other_chain)") != NULL);
  g_clear_pointer (&out, g_free);

  /* an edited anchor line */
  pd_test_db_copy (clean, a.db);
  {
    g_autoptr(GString) edited = g_string_new (anchor_text);
    char *line2 = strchr (edited->str, '\n') + 1;
    char *sig_end = strchr (line2, '\n');

    sig_end[-1] = sig_end[-1] == '0' ? '1' : '0';
    g_assert_true (g_file_set_contents (a.anchor, edited->str, -1, NULL));
    g_assert_cmpint (check_anchor (a.d, a.anchor, &out), ==, 1);
    g_assert_nonnull (strstr (out, "(anchor_damaged)"));
    g_clear_pointer (&out, g_free);
  }

  /* a crash between a checkpoint's commit and its line: the anchor is
   * behind (still a pass), and the next start writes what it lacks */
  {
    g_auto(GStrv) lines = g_strsplit (anchor_text, "\n", -1);
    guint n = g_strv_length (lines) - 1;
    g_autofree char *last = g_strdup (lines[n - 1]);
    g_autofree char *shorter = NULL;

    g_free (lines[n - 1]);
    lines[n - 1] = g_strdup ("");
    shorter = g_strjoinv ("\n", lines);
    shorter[strlen (shorter) - 1] = '\0';
    g_assert_true (g_file_set_contents (a.anchor, shorter, -1, NULL));
    g_assert_cmpuint (anchor_lines (a.anchor), ==, n - 1);
    g_assert_cmpint (check_anchor (a.d, a.anchor, &out), ==, 0);
    g_assert_nonnull (strstr (out, "not in the anchor yet"));
    g_clear_pointer (&out, g_free);

    pd_test_daemon_start (a.d, PD_TEST_DAEMON_TEST_CLOCK);
    o = verify (a.d, &r);
    g_assert_true (json_object_get_boolean_member (o, "ok"));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "anchor"), "state"), ==, "anchored");
    g_clear_pointer (&r, json_node_unref);
    pd_test_daemon_stop (a.d);
    {
      g_autofree char *now_text = NULL;
      g_assert_true (g_file_get_contents (a.anchor, &now_text, NULL, NULL));
      g_assert_nonnull (strstr (now_text, last));
    }
    g_assert_cmpint (check_anchor (a.d, a.anchor, &out), ==, 0);
    g_clear_pointer (&out, g_free);
  }

  /* a missing anchor file cannot vouch for anything */
  g_unlink (a.anchor);
  g_assert_cmpint (check_anchor (a.d, a.anchor, &out), ==, 2);
  g_clear_pointer (&out, g_free);
  anchored_clear (&a);
}

/* --- live ---------------------------------------------------------------------- */

/* Auditors hear of each new entry by its number (and only auditors), but
 * not of the audit flow's own reads, which a review view reloading on the
 * event would otherwise feed. */
static void
test_live_event (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) lopez = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autofree char *query_needle = NULL;
  g_autofree char *denied_needle = NULL;
  PdTestEvents ev = { 0 }, admin_ev = { 0 };
  gint64 query_seq, denied_seq;

  pd_test_events_open (&ev, d->socket, NULL, pd_client_get_token (auditor));
  pd_test_events_wait (&ev, 1);
  pd_test_events_open (&admin_ev, d->socket, NULL, pd_client_get_token (admin));
  pd_test_events_wait (&admin_ev, 1);
  {
    g_autoptr(JsonNode) r = call_ok (auditor, "GET", "/v1/audit?limit=1", NULL);
  }
  query_seq = pd_test_db_int (db, "SELECT max(seq) FROM audit WHERE action = 'audit.query'");
  call_fails (lopez, "GET", "/v1/users", NULL, PD_ERROR_FORBIDDEN);
  denied_seq = pd_test_db_int (db, "SELECT max(seq) FROM audit WHERE outcome = 'denied'");
  g_assert_cmpint (denied_seq, >, query_seq);
  denied_needle = g_strdup_printf ("\"seq\":%" G_GINT64_FORMAT "}", denied_seq);
  query_needle = g_strdup_printf ("\"seq\":%" G_GINT64_FORMAT "}", query_seq);
  g_assert_true (pd_test_events_wait_for (&ev, denied_needle));
  g_assert_true (pd_test_events_seen (&ev, "\"audit.appended\""));
  g_assert_false (pd_test_events_seen (&ev, query_needle));
  /* the administrator's entries came before the refusal: admins hear none */
  g_assert_false (pd_test_events_seen (&admin_ev, "audit.appended"));
  pd_test_events_clear (&ev);
  pd_test_events_clear (&admin_ev);
}

/* --- quarterly sign-off --------------------------------------------------- */

static JsonObject *
find_quarter (JsonArray  *items,
              const char *quarter)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *q = json_array_get_object_element (items, i);
      if (g_strcmp0 (json_object_get_string_member (q, "quarter"), quarter) == 0)
        return q;
    }
  g_error ("no quarter %s", quarter);
  return NULL;
}

static char *
quarter_of (gint64 t)
{
  return pd_quarter_of (t);
}

static void
test_signoff (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autofree char *pw = pd_test_password_file (d);
  g_autoptr(PdClient) auditor = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *first_q = quarter_of (pd_test_daemon_now (d));
  g_autofree char *body = NULL;
  g_autofree char *out = NULL;
  gint64 start, end, head;
  JsonArray *items;
  JsonObject *q;

  auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  body = g_strdup_printf ("{\"quarter\": \"%s\", \"note\": \"Reviewed\"}", first_q);
  /* not before the quarter has ended */
  call_fails (auditor, "POST", "/v1/audit/signoffs", body, PD_ERROR_CONFLICT);
  r = call_ok (auditor, "GET", "/v1/audit/signoffs", NULL);
  items = json_object_get_array_member (json_node_get_object (r), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (find_quarter (items, first_q), "status"), ==, "open");
  g_clear_pointer (&r, json_node_unref);

  /* due once it ends, overdue 30 days later */
  g_assert_true (pd_quarter_bounds (first_q, &start, &end));
  pd_test_clock_advance (d, (end - pd_test_daemon_now (d)) / G_USEC_PER_SEC + 3600);
  g_clear_object (&auditor);
  auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  r = call_ok (auditor, "GET", "/v1/audit/signoffs", NULL);
  items = json_object_get_array_member (json_node_get_object (r), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (find_quarter (items, first_q), "status"), ==, "due");
  g_clear_pointer (&r, json_node_unref);
  pd_test_clock_advance (d, 31 * 86400);
  g_clear_object (&auditor);
  auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  r = call_ok (auditor, "GET", "/v1/audit/signoffs", NULL);
  items = json_object_get_array_member (json_node_get_object (r), "items");
  g_assert_cmpstr (json_object_get_string_member (find_quarter (items, first_q), "status"), ==, "overdue");
  g_clear_pointer (&r, json_node_unref);

  /* bad input changes nothing */
  call_fails (auditor, "POST", "/v1/audit/signoffs", "{\"quarter\": \"2026-Q5\", \"note\": \"x\"}", PD_ERROR_INVALID);
  call_fails (auditor, "POST", "/v1/audit/signoffs", "{\"quarter\": \"2026-Q3\"}", PD_ERROR_INVALID);
  call_fails (auditor, "POST", "/v1/audit/signoffs", "{\"quarter\": \"2026-Q3\", \"note\": \" \"}", PD_ERROR_INVALID);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit_signoffs"), ==, 0);

  /* signed: who, when, up to which entry, verified */
  head = pd_test_db_int (db, "SELECT max(seq) FROM audit");
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "audit", "signoff", first_q, "--note", "Reviewed; nothing amiss", NULL), ==, 0);
  g_test_message ("%s", out);
  g_clear_pointer (&out, g_free);
  r = call_ok (auditor, "GET", "/v1/audit/signoffs", NULL);
  items = json_object_get_array_member (json_node_get_object (r), "items");
  q = find_quarter (items, first_q);
  g_assert_cmpstr (json_object_get_string_member (q, "status"), ==, "signed");
  g_assert_cmpstr (json_object_get_string_member (q, "signed_by"), ==, "auditor.fox");
  g_assert_nonnull (json_object_get_string_member (q, "signed_at"));
  g_assert_true (json_object_get_boolean_member (q, "verified"));
  g_assert_cmpstr (json_object_get_string_member (q, "note"), ==, "Reviewed; nothing amiss");
  g_assert_cmpint (json_object_get_int_member (q, "up_to_seq"), >, head);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'audit.signoff' AND outcome = 'ok' AND "
                                       "actor = 'auditor.fox'"), ==, 1);
  g_clear_pointer (&r, json_node_unref);
  body = (g_free (body), g_strdup_printf ("{\"quarter\": \"%s\", \"note\": \"again\"}", first_q));
  call_fails (auditor, "POST", "/v1/audit/signoffs", body, PD_ERROR_CONFLICT);

  /* refused while the chain does not verify, and the refusal is audited */
  g_clear_object (&auditor);
  pd_test_daemon_stop (d);
  pd_test_db_tamper (db, "UPDATE audit SET params = '{}' WHERE seq = 3");
  pd_test_daemon_start (d, PD_TEST_DAEMON_TEST_CLOCK);
  auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  call_fails (auditor, "POST", "/v1/audit/signoffs", "{\"quarter\": \"2020-Q1\", \"note\": \"x\"}", PD_ERROR_CONFLICT);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit_signoffs"), ==, 1);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'audit.signoff' AND outcome = 'refused'"),
                   ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit-review/filters", test_filters);
  g_test_add_func ("/audit-review/query-plans", test_query_plans);
  g_test_add_func ("/audit-review/saved-filters", test_saved_filters);
  g_test_add_func ("/audit-review/verify-report", test_verify_report);
  g_test_add_func ("/audit-review/anchor", test_anchor);
  g_test_add_func ("/audit-review/live-event", test_live_event);
  g_test_add_func ("/audit-review/signoff", test_signoff);
  return g_test_run ();
}
