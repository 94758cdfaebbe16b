/* test-store-migrate.c: portdeskctl store migrate, a workstation's SQLite
 * database moved to PostgreSQL: every row and value the same, the audit
 * chain verifying on a portdeskd started there, new rows with new ids, a
 * target that is not empty (or not reachable) refused and left alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-store-migrate"

#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "pd-clock.h"
#include "pd-json.h"
#include "pd-test-daemon.h"
#include "pd-test-postgres.h"

/* checkpoints every 10 entries: the chain has several signatures to check */
#define CONFIG "[portdeskd]\naudit_checkpoint_every = 10\n"

/* The first value of @sql on PostgreSQL @conninfo (SQL as PostgreSQL has it). */
static char *
pg_value (const char *conninfo,
          const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *res;
  char *value;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  value = PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0 ? g_strdup (PQgetvalue (res, 0, 0)) : NULL;
  PQclear (res);
  PQfinish (conn);
  return value;
}

static char *
quote (const char *name)
{
  return g_strdup_printf ("\"%s\"", name);
}

/* The tables of the SQLite file (but SQLite's own). */
static GPtrArray *
sqlite_tables (sqlite3 *db)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return names;
}

typedef struct {
  guint  tables;
  gint64 rows;
  gint64 floats;    /* REAL values compared */
  gint64 blobs;     /* BLOB values compared */
} Compared;

/* One value of the SQLite row and the PostgreSQL one, exactly: integers
 * as integers, doubles bit for bit, text byte for byte, blobs as bytes. */
static void
compare_value (sqlite3_stmt *stmt,
               PGresult     *res,
               int           row,
               int           col,
               const char   *table,
               Compared     *c)
{
  const char *pg = PQgetvalue (res, row, col);
  const char *what = sqlite3_column_name (stmt, col);

  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_NULL:
      if (!PQgetisnull (res, row, col))
        g_error ("%s.%s row %d: NULL became %s", table, what, row, pg);
      return;
    case SQLITE_INTEGER:
      {
        char *end = NULL;
        gint64 v = g_ascii_strtoll (pg, &end, 10);

        if (PQgetisnull (res, row, col) || *end != '\0' || v != sqlite3_column_int64 (stmt, col))
          g_error ("%s.%s row %d: %" G_GINT64_FORMAT " became %s", table, what, row,
                   (gint64) sqlite3_column_int64 (stmt, col), pg);
      }
      return;
    case SQLITE_FLOAT:
      {
        double want = sqlite3_column_double (stmt, col);
        double got = g_ascii_strtod (pg, NULL);

        if (PQgetisnull (res, row, col) || memcmp (&want, &got, sizeof want) != 0)
          g_error ("%s.%s row %d: %.17g became %s", table, what, row, want, pg);
        c->floats++;
      }
      return;
    case SQLITE_TEXT:
      if (PQgetisnull (res, row, col) || g_strcmp0 ((const char *) sqlite3_column_text (stmt, col), pg) != 0)
        g_error ("%s.%s row %d: '%s' became '%s'", table, what, row, sqlite3_column_text (stmt, col), pg);
      return;
    case SQLITE_BLOB:
    default:
      {
        size_t len = 0;
        unsigned char *bytes = PQunescapeBytea ((const unsigned char *) pg, &len);
        int want_len = sqlite3_column_bytes (stmt, col);

        g_assert_nonnull (bytes);
        if (PQgetisnull (res, row, col) || (int) len != want_len
            || (want_len > 0 && memcmp (bytes, sqlite3_column_blob (stmt, col), len) != 0))
          g_error ("%s.%s row %d: %d bytes became %zu other ones", table, what, row, want_len, len);
        PQfreemem (bytes);
        c->blobs++;
      }
      return;
    }
}

/* Every table of the SQLite file @db_path and of PostgreSQL @conninfo:
 * the same rows, value for value (sorted by every column, the same way on
 * both: the test cluster's collation is C, byte order as SQLite's). */
static Compared
compare_databases (const char *db_path,
                   const char *conninfo)
{
  Compared c = { 0, };
  sqlite3 *db = NULL;
  PGconn *conn = PQconnectdb (conninfo);
  g_autoptr(GPtrArray) tables = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  tables = sqlite_tables (db);
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = tables->pdata[i];
      g_autofree char *columns_sql = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s') ORDER BY cid", table);
      g_autoptr(GString) list = g_string_new (NULL);
      g_autoptr(GString) order = g_string_new (NULL);
      g_autofree char *qtable = quote (table);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;
      PGresult *res;
      int row = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (db, columns_sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *col = quote ((const char *) sqlite3_column_text (stmt, 0));

          g_string_append_printf (list, "%s%s", list->len ? ", " : "", col);
          g_string_append_printf (order, "%s%s NULLS FIRST", order->len ? ", " : "", col);
        }
      sqlite3_finalize (stmt);
      sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", list->str, qtable, order->str);

      res = PQexec (conn, sql);
      if (PQresultStatus (res) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          if (row >= PQntuples (res))
            g_error ("table %s: PostgreSQL has %d rows, SQLite more", table, PQntuples (res));
          for (int col = 0; col < sqlite3_column_count (stmt); col++)
            compare_value (stmt, res, row, col, table, &c);
          row++;
        }
      if (row != PQntuples (res))
        g_error ("table %s: SQLite has %d rows, PostgreSQL %d", table, row, PQntuples (res));
      sqlite3_finalize (stmt);
      PQclear (res);
      c.tables++;
      c.rows += row;
    }
  sqlite3_close (db);
  PQfinish (conn);
  return c;
}

/* "table count;" for every table of PostgreSQL @conninfo's schema, for
 * seeing that nothing changed. */
static char *
pg_counts (const char *conninfo)
{
  g_autofree char *names = pg_value (conninfo,
                                     "SELECT string_agg (tablename, ' ' ORDER BY tablename) FROM pg_tables"
                                     " WHERE schemaname = current_schema ()");
  g_auto(GStrv) tables = g_strsplit (names ? names : "", " ", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; tables[i] != NULL && *tables[i] != '\0'; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", tables[i]);
      g_autofree char *n = pg_value (conninfo, sql);

      g_string_append_printf (s, "%s %s; ", tables[i], n);
    }
  return g_string_free (s, FALSE);
}

static JsonNode *
get (PdClient   *client,
     const char *path)
{
  g_autoptr(GError) error = NULL;
  JsonNode *r = pd_client_call (client, "GET", path, NULL, &error);

  g_assert_no_error (error);
  return r;
}

/* The "items" of @r as JSON text. */
static char *
items_text (JsonNode *r)
{
  g_autoptr(JsonNode) items = json_node_copy (json_object_get_member (json_node_get_object (r), "items"));

  g_assert_nonnull (items);
  return json_to_string (items, FALSE);
}

static void
set_clock (PdTestDaemon *d,
           gint64        t)
{
  g_autoptr(PdClient) client = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autofree char *at = pd_time_format (t);
  g_autoptr(JsonNode) r = pd_client_post (client, "/v1/test/clock", &error, "set", G_TYPE_STRING, at, NULL);

  g_assert_no_error (error);
}

/* store migrate of data directory @data_dir to @conninfo: refused with @message */
static void
assert_refused_in (PdTestDaemon *d,
                   const char   *data_dir,
                   const char   *conninfo,
                   const char   *message)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pd_test_ctl_err (d, &out, &err, "store", "migrate", "--data-dir", data_dir, "--to", conninfo,
                                    NULL), ==, 1);
  g_test_message ("refused: %s", err);
  g_assert_nonnull (strstr (err, message));
  g_assert_null (strstr (out, "Copied"));
}

static void
assert_refused (PdTestDaemon *d,
                const char   *conninfo,
                const char   *message)
{
  assert_refused_in (d, d->data_dir, conninfo, message);
}

static void
test_migrate (void)
{
  PdTestPostgres *cluster = pd_test_postgres_get ();
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_SQLITE, CONFIG);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) lax = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(JsonNode) dashboard = NULL, audit = NULL;
  g_autofree char *db_path = pd_test_daemon_db_path (d);
  g_autofree char *target = pd_test_postgres_create_db (cluster, "migrate_target");
  g_autofree char *other = pd_test_postgres_create_db (cluster, "migrate_other");
  g_autofree char *out = NULL, *err = NULL, *ref = NULL, *chat = NULL, *pw = pd_test_password_file (d);
  g_autofree char *audit_path = NULL, *before = NULL, *after = NULL;
  gint64 now, n_audit, max_request, max_user, max_audit;
  Compared c;

  g_assert_true (g_str_has_suffix (db_path, "portdesk.db"));

  /* activity in the flows the demo seeds (inspections, TSA holdings with
   * face templates, a TVS flight with its gallery and encounters, landing
   * rights), a chat, a flag scan, a saved audit filter, sessions */
  r = pd_client_post (admin, "/v1/demo/seed", &error, "requests", G_TYPE_INT64, (gint64) 60,
                      "holdings", G_TYPE_INT64, (gint64) 4, "tvs", G_TYPE_BOOLEAN, TRUE, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = get (lax, "/v1/inspections?limit=1");
  ref = g_strdup (pd_json_str (json_array_get_object_element (
                    json_object_get_array_member (json_node_get_object (r), "items"), 0), "ref"));
  g_clear_pointer (&r, json_node_unref);
  chat = g_strdup_printf ("/v1/inspections/%s/chat", ref);
  r = pd_client_post (lax, chat, &error, "body", G_TYPE_STRING, "Dock 2, tab\there, back\\slash, ünïcode", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (admin, "POST", "/v1/flags/scan", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (pd_test_ctl (d, NULL, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "audit", "filters", "save", "sign-ins", "--action", "login", NULL), ==, 0);

  /* what the officer and the auditor read, at a fixed time */
  now = pd_test_daemon_now (d);
  dashboard = get (lax, "/v1/inspections?limit=50&sort=submitted");
  audit = get (auditor, "/v1/audit?order=asc&limit=1000");
  n_audit = json_array_get_length (json_object_get_array_member (json_node_get_object (audit), "items"));
  g_assert_cmpint (n_audit, >, 20);

  /* usage: no --to; no database in the directory */
  g_assert_cmpint (pd_test_ctl (d, NULL, "store", "migrate", "--data-dir", d->data_dir, NULL), ==, 2);
  g_assert_cmpint (pd_test_ctl (d, NULL, "store", "copy", "--to", target, NULL), ==, 2);
  assert_refused_in (d, d->dir, target, "no database");

  /* refused while portdeskd runs on the file */
  assert_refused (d, target, "is in use by another process");
  g_assert_null (pg_value (target, "SELECT 1 FROM pg_tables WHERE schemaname = current_schema ()"));

  pd_test_daemon_stop (d);
  max_request = pd_test_db_int (db_path, "SELECT max(id) FROM insp_requests");
  max_user = pd_test_db_int (db_path, "SELECT max(id) FROM users");
  max_audit = pd_test_db_int (db_path, "SELECT max(seq) FROM audit");
  g_assert_cmpint (pd_test_db_int (db_path, "SELECT count(*) FROM audit_checkpoints"), >=, 2);

  /* a connection string that does not connect, a database that is not empty: refused, left alone */
  assert_refused (d, "definitely not a connection string", "Cannot connect to PostgreSQL");
  {
    /* a later keyword wins */
    g_autofree char *missing = g_strconcat (target, " dbname=no_such_database", NULL);
    assert_refused (d, missing, "database \"no_such_database\" does not exist");
  }
  g_free (pg_value (other, "CREATE TABLE visitors (name TEXT)"));
  assert_refused (d, other, "not empty: it has a table visitors");
  before = pg_counts (other);
  g_assert_cmpstr (before, ==, "visitors 0; ");
  g_clear_pointer (&before, g_free);

  /* the copy */
  g_assert_cmpint (pd_test_ctl_err (d, &out, &err, "--json", "store", "migrate", "--data-dir", d->data_dir,
                                    "--to", target, NULL), ==, 0);
  {
    g_autoptr(JsonNode) stats = json_from_string (out, &error);
    JsonObject *o;

    g_assert_no_error (error);
    o = json_node_get_object (stats);
    g_test_message ("copied %" G_GINT64_FORMAT " rows of %" G_GINT64_FORMAT " tables in %.2f s (%.0f rows/s)",
                    pd_json_int (o, "rows", 0), pd_json_int (o, "tables", 0),
                    json_object_get_double_member (o, "copy_seconds"),
                    json_object_get_double_member (o, "rows_per_second"));
    c = compare_databases (db_path, target);
    /* every table but "schema" (the target has its own, the same) */
    g_assert_cmpint (pd_json_int (o, "tables", 0), ==, c.tables - 1);
    g_assert_cmpint (pd_json_int (o, "rows", 0), ==, c.rows - 1);
  }
  g_test_message ("compared %u tables, %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT " doubles, %" G_GINT64_FORMAT
                  " blobs", c.tables, c.rows, c.floats, c.blobs);
  g_assert_cmpint (c.tables, >=, 58);
  g_assert_cmpint (c.floats, >, 0);
  g_assert_cmpint (c.blobs, >, 0);
  g_assert_cmpint (pd_test_db_int (target, "SELECT count(*) FROM face_templates"), >, 0);

  /* portdeskd on PostgreSQL, the same data directory (its keys) */
  pd_test_daemon_set_store (d, target);
  pd_test_daemon_start (d, PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK);
  set_clock (d, now);
  {
    /* the sessions came along: the clients signed in on SQLite read the same */
    g_autoptr(JsonNode) dashboard2 = get (lax, "/v1/inspections?limit=50&sort=submitted");
    g_autofree char *a = items_text (dashboard), *b = items_text (dashboard2);

    g_assert_cmpstr (a, ==, b);
  }
  {
    g_autofree char *path = g_strdup_printf ("/v1/audit?order=asc&limit=%" G_GINT64_FORMAT, n_audit);
    g_autoptr(JsonNode) audit2 = get (auditor, path);
    g_autofree char *a = items_text (audit), *b = items_text (audit2);

    g_assert_cmpstr (a, ==, b);
  }
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "audit", "verify", NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_true (g_str_has_prefix (out, "OK: "));

  /* new rows get new ids, past the copied ones */
  r = pd_client_post (admin, "/v1/demo/seed", &error, "requests", G_TYPE_INT64, (gint64) 5, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (admin, "/v1/users", &error, "username", G_TYPE_STRING, "officer.new", "role", G_TYPE_STRING,
                      "cbp_officer", "email", G_TYPE_STRING, "officer.new@example.org", "port", G_TYPE_STRING, "LAX",
                      "display_name", G_TYPE_STRING, "New Officer", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  audit_path = g_strdup_printf ("SELECT count(*) FROM insp_requests WHERE id > %" G_GINT64_FORMAT, max_request);
  g_assert_cmpint (pd_test_db_int (target, audit_path), ==, 5);
  g_clear_pointer (&audit_path, g_free);
  g_assert_cmpint (pd_test_db_int (target, "SELECT max(id) FROM insp_requests"), ==, max_request + 5);
  /* (PostgreSQL's identities may leave gaps: an INSERT ... ON CONFLICT DO NOTHING takes a number) */
  g_assert_cmpint (pd_test_db_int (target, "SELECT id FROM users WHERE username = 'officer.new'"), >, max_user);
  g_assert_cmpint (pd_test_db_int (target, "SELECT max(seq) FROM audit"), >, max_audit);
  /* and the chain goes on from the copied entries */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "audit", "verify", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "OK: "));
  audit_path = g_strdup_printf ("/v1/audit?order=asc&limit=1&cursor=%" G_GINT64_FORMAT, max_audit);
  r = get (auditor, audit_path);
  g_assert_cmpint (pd_json_int (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (r), "items"), 0), "seq", 0), ==, max_audit + 1);
  g_clear_pointer (&r, json_node_unref);

  /* another workstation of the site, a key of its own, verifies the copied chain too (the
   * workstation's key was registered in it) */
  {
    g_autoptr(PdTestDaemon) second = pd_test_daemon_new_site (d, PD_TEST_DAEMON_DEMO, NULL);

    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (second, &out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                  "audit", "verify", NULL), ==, 0);
    g_test_message ("the site's other daemon: %s", out);
    g_assert_true (g_str_has_prefix (out, "OK: "));
  }

  /* a second copy into the target, now in use: refused, nothing changed */
  pd_test_daemon_stop (d);
  before = pg_counts (target);
  assert_refused (d, target, "The target database is not empty: table ");
  after = pg_counts (target);
  g_assert_cmpstr (before, ==, after);
}

/* Runs @sql on the SQLite file @db_path (portdeskd stopped). */
static void
sqlite_exec (const char *db_path,
             const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* A value PostgreSQL refuses, in a table copied after others: nothing is
 * kept (the copy is one transaction); the target, left with its empty
 * schema, takes the copy once the value is right. */
static void
test_all_or_nothing (void)
{
  PdTestPostgres *cluster = pd_test_postgres_get ();
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_SQLITE, NULL);
  g_autofree char *db_path = pd_test_daemon_db_path (d);
  g_autofree char *target = pd_test_postgres_create_db (cluster, "migrate_half");
  g_autofree char *out = NULL, *err = NULL, *counts = NULL;
  g_autofree char *ports = NULL, *users = NULL;

  pd_test_daemon_stop (d);
  /* SQLite keeps text in an INTEGER column; users come after ports (their foreign key) */
  sqlite_exec (db_path, "UPDATE users SET created_at = 'yesterday' WHERE username = 'officer.ray'");
  g_assert_cmpint (pd_test_ctl_err (d, &out, &err, "store", "migrate", "--data-dir", d->data_dir, "--to", target,
                                    NULL), ==, 1);
  g_test_message ("refused: %s", err);
  g_assert_nonnull (strstr (err, "Copying table users"));
  g_assert_nonnull (strstr (err, "yesterday"));
  counts = pg_counts (target);
  g_test_message ("after the failed copy: %s", counts);
  g_assert_nonnull (strstr (counts, "ports 0; "));
  g_assert_nonnull (strstr (counts, "users 0; "));
  g_assert_nonnull (strstr (counts, "audit 0; "));
  g_assert_nonnull (strstr (counts, "flag_scan 1; "));   /* what a new database has */

  sqlite_exec (db_path, "UPDATE users SET created_at = 1 WHERE username = 'officer.ray'");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pd_test_ctl_err (d, &out, &err, "store", "migrate", "--data-dir", d->data_dir, "--to", target,
                                    NULL), ==, 0);
  ports = pg_value (target, "SELECT count(*) FROM ports");
  users = pg_value (target, "SELECT count(*) FROM users");
  g_assert_cmpint (g_ascii_strtoll (ports, NULL, 10), ==, pd_test_db_int (db_path, "SELECT count(*) FROM ports"));
  g_assert_cmpint (g_ascii_strtoll (users, NULL, 10), ==, pd_test_db_int (db_path, "SELECT count(*) FROM users"));
  g_assert_cmpint (g_ascii_strtoll (ports, NULL, 10), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-migrate/sqlite-to-postgresql", test_migrate);
  g_test_add_func ("/store-migrate/all-or-nothing", test_all_or_nothing);
  rc = g_test_run ();
  pd_test_postgres_release ();
  return rc;
}
