/* pd-test-daemon.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-test"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <libpq-fe.h>

#include "pd-clock.h"
#include "pd-json.h"
#include "pd-sql-dialect.h"
#include "pd-store.h"
#include "pd-test-daemon.h"
#include "pd-test-postgres.h"

static const char *
binary (const char *env,
        const char *fallback)
{
  const char *p = g_getenv (env);

  return p != NULL ? p : fallback;
}

static guint
free_tcp_port (void)
{
  g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (s, any, TRUE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A failing test aborts; its portdeskd must not outlive it (and hold the
 * test runner's pipes open). */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

PdTestDaemon *
pd_test_daemon_new (PdTestDaemonFlags  flags,
                    const char        *config_text)
{
  return pd_test_daemon_new_from (flags, config_text, NULL);
}

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
      g_assert_true (g_file_set_contents_full (dst, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    }
}

gboolean
pd_test_store_is_postgres (void)
{
  return g_strcmp0 (g_getenv ("PD_TEST_STORE"), "postgresql") == 0;
}

/* The config file: the store's lines, then the test's text (GKeyFile
 * merges a group named twice). */
static void
write_config (PdTestDaemon *d)
{
  g_autofree char *text = NULL;

  if (d->config_text == NULL && d->conninfo == NULL)
    {
      if (d->config != NULL)
        g_unlink (d->config);
      g_clear_pointer (&d->config, g_free);
      return;
    }
  text = g_strdup_printf ("%s%s%s\n%s", d->conninfo ? "[portdeskd]\nstore = postgresql\nconninfo = " : "",
                          d->conninfo ? d->conninfo : "", d->conninfo ? "\n" : "",
                          d->config_text ? d->config_text : "");
  if (d->config == NULL)
    d->config = g_build_filename (d->dir, "portdeskd.conf", NULL);
  g_assert_true (g_file_set_contents (d->config, text, -1, NULL));
}

void
pd_test_daemon_set_store (PdTestDaemon *d,
                          const char   *conninfo)
{
  g_assert_null (d->proc);
  g_free (d->conninfo);
  d->conninfo = g_strdup (conninfo);
  write_config (d);
}

static PdTestDaemon *
daemon_new (PdTestDaemonFlags  flags,
            const char        *config_text,
            const char        *data_src,
            const char        *conninfo)
{
  PdTestDaemon *d = g_new0 (PdTestDaemon, 1);
  g_autoptr(GError) error = NULL;
  static guint n_databases;

  d->dir = g_dir_make_tmp ("portdesk-test-XXXXXX", &error);
  g_assert_no_error (error);
  d->data_dir = g_build_filename (d->dir, "data", NULL);
  d->socket = g_build_filename (d->dir, "run", "portdeskd.sock", NULL);
  d->config_text = g_strdup (config_text);
  if (conninfo != NULL)
    d->conninfo = g_strdup (conninfo);
  else if (pd_test_store_is_postgres () && !(flags & PD_TEST_DAEMON_SQLITE))
    {
      g_autofree char *name = g_strdup_printf ("portdesk_%u", ++n_databases);
      d->conninfo = pd_test_postgres_create_db (pd_test_postgres_get (), name);
    }
  write_config (d);
  if (flags & PD_TEST_DAEMON_TCP)
    d->tcp_port = free_tcp_port ();
  if (data_src != NULL)
    copy_dir (data_src, d->data_dir);
  if (!(flags & PD_TEST_DAEMON_NO_START))
    pd_test_daemon_start (d, flags);
  return d;
}

PdTestDaemon *
pd_test_daemon_new_from (PdTestDaemonFlags  flags,
                         const char        *config_text,
                         const char        *data_src)
{
  return daemon_new (flags, config_text, data_src, NULL);
}

PdTestDaemon *
pd_test_daemon_new_site (PdTestDaemon      *first,
                         PdTestDaemonFlags  flags,
                         const char        *config_text)
{
  PdTestDaemon *d;
  g_autofree char *key = g_build_filename (first->data_dir, "totp-secrets.key", NULL);
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_nonnull (first->conninfo);
  d = daemon_new (flags | PD_TEST_DAEMON_NO_START, config_text, NULL, first->conninfo);
  /* the site's two-factor key, as its administrator copies it to each workstation */
  copy = g_build_filename (d->data_dir, "totp-secrets.key", NULL);
  g_assert_true (g_file_get_contents (key, &contents, &len, NULL));
  g_assert_cmpint (g_mkdir_with_parents (d->data_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents_full (copy, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  if (!(flags & PD_TEST_DAEMON_NO_START))
    pd_test_daemon_start (d, flags);
  return d;
}

void
pd_test_daemon_start (PdTestDaemon      *d,
                      PdTestDaemonFlags  flags)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_assert_null (d->proc);
  /* PORTDESKD, else the app's PORTDESK_DAEMON (an app test run by hand) */
  g_ptr_array_add (args, g_strdup (binary ("PORTDESKD", binary ("PORTDESK_DAEMON", "portdeskd"))));
  g_ptr_array_add (args, g_strdup_printf ("--data-dir=%s", d->data_dir));
  g_ptr_array_add (args, g_strdup_printf ("--socket=%s", d->socket));
  if (d->config != NULL)
    g_ptr_array_add (args, g_strdup_printf ("--config=%s", d->config));
  if (d->tcp_port != 0)
    g_ptr_array_add (args, g_strdup_printf ("--listen=127.0.0.1:%u", d->tcp_port));
  if (flags & PD_TEST_DAEMON_DEMO)
    g_ptr_array_add (args, g_strdup ("--demo"));
  if (flags & PD_TEST_DAEMON_TEST_CLOCK)
    {
      g_ptr_array_add (args, g_strdup ("--test-clock"));
      g_subprocess_launcher_setenv (launcher, "PORTDESK_ALLOW_TEST_CLOCK", "1", TRUE);
    }
  g_ptr_array_add (args, NULL);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  d->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  while (!pd_test_socket_answers (d->socket))
    {
      if (g_subprocess_get_identifier (d->proc) == NULL || g_get_monotonic_time () > deadline)
        g_error ("portdeskd did not come up on %s", d->socket);
      g_usleep (20 * 1000);
    }
}

gboolean
pd_test_socket_answers (const char *socket_path)
{
  g_autoptr(PdClient) client = NULL;
  g_autoptr(JsonNode) r = NULL;

  if (!g_file_test (socket_path, G_FILE_TEST_EXISTS))
    return FALSE;
  client = pd_client_new_unix (socket_path);
  r = pd_client_call (client, "GET", "/v1/status", NULL, NULL);
  return r != NULL;
}

void
pd_test_daemon_stop (PdTestDaemon *d)
{
  g_autoptr(GError) error = NULL;

  if (d->proc == NULL)
    return;
  g_subprocess_send_signal (d->proc, SIGTERM);
  g_subprocess_wait_check (d->proc, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&d->proc);
}

void
pd_test_daemon_kill9 (PdTestDaemon *d)
{
  g_assert_nonnull (d->proc);
  g_subprocess_force_exit (d->proc);
  g_subprocess_wait (d->proc, NULL, NULL);
  g_clear_object (&d->proc);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
pd_test_daemon_free (PdTestDaemon *d)
{
  if (d == NULL)
    return;
  if (d->proc != NULL)
    pd_test_daemon_stop (d);
  rm_rf (d->dir);
  g_free (d->dir);
  g_free (d->data_dir);
  g_free (d->socket);
  g_free (d->config);
  g_free (d->conninfo);
  g_free (d->config_text);
  g_free (d);
}

char *
pd_test_daemon_db_path (PdTestDaemon *d)
{
  if (d->conninfo != NULL)
    return g_strdup (d->conninfo);
  return g_build_filename (d->data_dir, "portdesk.db", NULL);
}

/* --- the database, as an outside reader or writer ------------------------- */

/* @sql (written for SQLite, as the store writes it) for PostgreSQL: the
 * store's own dialect, fed the migrations so that it knows the tables. */
static char *
pg_translate (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSqlDialect) dialect = pd_store_dialect_new (&error);
  char *text;

  g_assert_no_error (error);
  text = pd_sql_dialect_to_postgres (dialect, sql, &error);
  g_assert_no_error (error);
  return text;
}

static PGconn *
pg_connect (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", conninfo, PQerrorMessage (conn));
  return conn;
}

/* The result of @sql (written for SQLite, translated) on @conninfo, as an
 * outside reader; fails the test on an error. */
static PGresult *
pg_db_query (const char *conninfo,
             const char *sql)
{
  g_autofree char *text = pg_translate (sql);
  PGconn *conn = pg_connect (conninfo);
  PGresult *res = PQexec (conn, text);

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", text, PQerrorMessage (conn));
  PQfinish (conn);
  return res;
}

static gboolean
is_postgres_path (const char *db_path)
{
  return !g_path_is_absolute (db_path);
}

/* A value as text: NULL for NULL, a blob in lower-case hex on both
 * backends (bytea's own output form without its "\x"). */
static char *
sqlite_value (sqlite3_stmt *stmt,
              int           col)
{
  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_NULL:
      return NULL;
    case SQLITE_BLOB:
      {
        const guint8 *b = sqlite3_column_blob (stmt, col);
        int n = sqlite3_column_bytes (stmt, col);
        GString *hex = g_string_sized_new (2 * n + 1);

        for (int i = 0; i < n; i++)
          g_string_append_printf (hex, "%02x", b[i]);
        return g_string_free (hex, FALSE);
      }
    default:
      return g_strdup ((const char *) sqlite3_column_text (stmt, col));
    }
}

#define PG_BYTEA_OID 17

static char *
pg_value (PGresult *res,
          int       row,
          int       col)
{
  const char *v = PQgetvalue (res, row, col);

  if (PQgetisnull (res, row, col))
    return NULL;
  if (PQftype (res, col) == PG_BYTEA_OID && g_str_has_prefix (v, "\\x"))
    return g_strdup (v + 2);
  return g_strdup (v);
}

static GPtrArray *
row_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

GPtrArray *
pd_test_db_rows (const char *db_path,
                 const char *sql)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  if (is_postgres_path (db_path))
    {
      PGresult *res = pg_db_query (db_path, sql);

      for (int r = 0; r < PQntuples (res); r++)
        {
          GPtrArray *row = row_new ();

          for (int c = 0; c < PQnfields (res); c++)
            g_ptr_array_add (row, pg_value (res, r, c));
          g_ptr_array_add (rows, row);
        }
      PQclear (res);
    }
  else
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      int rc;

      g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          GPtrArray *row = row_new ();

          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_ptr_array_add (row, sqlite_value (stmt, c));
          g_ptr_array_add (rows, row);
        }
      if (rc != SQLITE_DONE)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  return rows;
}

char *
pd_test_db_text (const char *db_path,
                 const char *sql)
{
  g_autoptr(GPtrArray) rows = pd_test_db_rows (db_path, sql);

  if (rows->len == 0)
    return NULL;
  return g_strdup (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, 0), 0));
}

gint64
pd_test_db_int (const char *db_path,
                const char *sql)
{
  g_autoptr(GPtrArray) rows = pd_test_db_rows (db_path, sql);
  const char *value;

  if (rows->len == 0)
    g_error ("%s: no row", sql);
  value = g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, 0), 0);
  /* NULL reads as 0, as sqlite3_column_int64 () has it */
  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

GStrv
pd_test_db_strings (const char *db_path,
                    const char *sql)
{
  g_autoptr(GPtrArray) rows = pd_test_db_rows (db_path, sql);
  GStrvBuilder *b = g_strv_builder_new ();
  GStrv out;

  for (guint i = 0; i < rows->len; i++)
    {
      const char *v = g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, i), 0);
      g_strv_builder_add (b, v != NULL ? v : "");
    }
  out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return out;
}

/* The audit log's append-only triggers, as the migrations name them. */
#define DROP_AUDIT_TRIGGERS \
  "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;" \
  "DROP TRIGGER IF EXISTS checkpoints_no_update; DROP TRIGGER IF EXISTS checkpoints_no_delete;"

static gboolean
db_exec (const char  *db_path,
         const char  *sql,
         gboolean     triggers_off,
         GError     **error)
{
  if (is_postgres_path (db_path))
    {
      g_autofree char *text = pg_translate (sql);
      /* as the cluster's superuser: no user trigger fires in this session */
      g_autofree char *all = g_strconcat (triggers_off ? "SET session_replication_role = replica;\n" : "", text, NULL);
      PGconn *conn = pg_connect (db_path);
      PGresult *res = PQexec (conn, all);
      gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK || PQresultStatus (res) == PGRES_TUPLES_OK;

      if (!ok)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", PQerrorMessage (conn));
      PQclear (res);
      PQfinish (conn);
      return ok;
    }
  else
    {
      g_autofree char *all = g_strconcat (triggers_off ? DROP_AUDIT_TRIGGERS : "", sql, NULL);
      sqlite3 *db = NULL;
      char *msg = NULL;
      gboolean ok;

      g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
      ok = sqlite3_exec (db, all, NULL, NULL, &msg) == SQLITE_OK;
      if (!ok)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", msg);
      sqlite3_free (msg);
      sqlite3_close (db);
      return ok;
    }
}

gboolean
pd_test_db_exec (const char  *db_path,
                 const char  *sql,
                 GError     **error)
{
  return db_exec (db_path, sql, FALSE, error);
}

void
pd_test_db_tamper (const char *db_path,
                   const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!db_exec (db_path, sql, TRUE, &error))
    g_error ("tampering failed: %s", error->message);
}

/* The value of @key in the connection string @conninfo. */
static char *
conninfo_get (const char *conninfo,
              const char *key)
{
  PQconninfoOption *opts = PQconninfoParse (conninfo, NULL);
  char *value = NULL;

  g_assert_nonnull (opts);
  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, key) && o->val != NULL)
      value = g_strdup (o->val);
  PQconninfoFree (opts);
  return value;
}

/* Runs @sql on the cluster's maintenance database; a database still being
 * left by a stopped daemon's sessions is waited for (a few seconds). */
static void
pg_admin (const char *sql)
{
  PGconn *conn = pg_connect (pd_test_postgres_get ()->conninfo);

  for (int tries = 0;; tries++)
    {
      PGresult *res = PQexec (conn, sql);
      gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;
      const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);
      gboolean busy = !ok && g_strcmp0 (state, "55006") == 0;    /* object_in_use */

      PQclear (res);
      if (ok)
        break;
      if (!busy || tries >= 100)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      g_usleep (50 * 1000);
    }
  PQfinish (conn);
}

/* The SQLite file alone is the state: its write-ahead log folded in. */
static void
sqlite_fold_wal (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  g_assert_true (pd_test_db_exec (path, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_no_error (error);
  g_assert_true (g_stat (wal, &st) != 0 || st.st_size == 0);
}

void
pd_test_db_copy (const char *from,
                 const char *to)
{
  if (is_postgres_path (from))
    {
      g_autofree char *from_db = conninfo_get (from, "dbname");
      g_autofree char *to_db = conninfo_get (to, "dbname");
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS \"%s\"", to_db);
      g_autofree char *create = g_strdup_printf ("CREATE DATABASE \"%s\" TEMPLATE \"%s\"", to_db, from_db);

      g_assert_null (strchr (from_db, '"'));
      g_assert_null (strchr (to_db, '"'));
      pg_admin (drop);
      pg_admin (create);
    }
  else
    {
      g_autofree char *contents = NULL;
      g_autofree char *wal = g_strconcat (to, "-wal", NULL);
      g_autofree char *shm = g_strconcat (to, "-shm", NULL);
      gsize len;

      sqlite_fold_wal (from);
      g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
      g_unlink (wal);
      g_unlink (shm);
      g_assert_true (g_file_set_contents (to, contents, len, NULL));
    }
}

char *
pd_test_db_snapshot (const char *db_path)
{
  static guint n_snapshots;
  g_autofree char *name = g_strdup_printf ("snapshot_%u", ++n_snapshots);
  char *copy;

  if (is_postgres_path (db_path))
    copy = pd_test_postgres_create_db (pd_test_postgres_get (), name);
  else
    copy = g_strconcat (db_path, ".", name, NULL);
  pd_test_db_copy (db_path, copy);
  return copy;
}

char *
pd_test_db_new (const char *dir)
{
  static guint n_databases;

  if (pd_test_store_is_postgres ())
    {
      g_autofree char *name = g_strdup_printf ("portdesk_store_%u", ++n_databases);
      return pd_test_postgres_create_db (pd_test_postgres_get (), name);
    }
  return g_build_filename (dir, "portdesk.db", NULL);
}

PdStore *
pd_test_store_open (const char  *db_path,
                    GError     **error)
{
  return is_postgres_path (db_path) ? pd_store_open_postgres (db_path, error) : pd_store_open (db_path, error);
}

/* A client of the service for a test: its calls wait 120 s, times
 * PD_TEST_TIME_SCALE (the sanitizer builds run slower). */
static PdClient *
test_client_new (const char *socket_path,
                 const char *url)
{
  PdClient *c = socket_path != NULL ? pd_client_new_unix (socket_path) : pd_client_new_http (url);
  const char *scale = g_getenv ("PD_TEST_TIME_SCALE");

  pd_client_set_timeout (c, 120 * MAX (scale != NULL ? atoi (scale) : 1, 1));
  return c;
}

PdClient *
pd_test_client (PdTestDaemon *d)
{
  return test_client_new (d->socket, NULL);
}

PdClient *
pd_test_login (PdTestDaemon *d,
               const char   *username,
               const char   *password,
               gboolean      accept_rules)
{
  g_autoptr(PdClient) client = test_client_new (d->socket, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (client, "/v1/login", &error,
                                          "username", G_TYPE_STRING, username,
                                          "password", G_TYPE_STRING, password ? password : PD_TEST_DEMO_PASSWORD,
                                          NULL);

  g_assert_no_error (error);
  pd_client_set_token (client, json_object_get_string_member (json_node_get_object (r), "token"));
  if (accept_rules)
    {
      g_autoptr(JsonNode) a = pd_client_call (client, "POST", "/v1/rules/accept", NULL, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&client);
}

PdClient *
pd_test_public_client (PdTestDaemon *d,
                       const char   *api_key)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
  PdClient *client = test_client_new (NULL, url);

  g_assert_cmpuint (d->tcp_port, !=, 0);
  pd_client_set_token (client, api_key);
  return client;
}

void
pd_test_clock_advance (PdTestDaemon *d,
                       gint64        seconds)
{
  g_autoptr(PdClient) client = pd_client_new_unix (d->socket);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (client, "/v1/test/clock", &error,
                                          "advance_seconds", G_TYPE_INT64, seconds, NULL);

  g_assert_no_error (error);
}

static int
ctl_run (PdTestDaemon  *d,
         char         **out_stdout,
         char         **out_stderr,
         const char    *first_arg,
         va_list        ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  g_ptr_array_add (args, g_strdup (binary ("PORTDESKCTL", "portdeskctl")));
  g_ptr_array_add (args, g_strdup_printf ("--socket=%s", d->socket));
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (a));
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE
                            | (out_stderr != NULL ? G_SUBPROCESS_FLAGS_STDERR_PIPE : G_SUBPROCESS_FLAGS_NONE),
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, out_stderr != NULL ? &err : NULL, &error);
  g_assert_no_error (error);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (proc);
}

int
pd_test_ctl (PdTestDaemon  *d,
             char         **out_stdout,
             const char    *first_arg,
             ...)
{
  va_list ap;
  int status;

  va_start (ap, first_arg);
  status = ctl_run (d, out_stdout, NULL, first_arg, ap);
  va_end (ap);
  return status;
}

int
pd_test_ctl_err (PdTestDaemon  *d,
                 char         **out_stdout,
                 char         **out_stderr,
                 const char    *first_arg,
                 ...)
{
  va_list ap;
  int status;

  va_start (ap, first_arg);
  status = ctl_run (d, out_stdout, out_stderr, first_arg, ap);
  va_end (ap);
  return status;
}

gint64
pd_test_daemon_now (PdTestDaemon *d)
{
  g_autoptr(PdClient) c = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (c, "GET", "/v1/status", NULL, &error);
  gint64 t = 0;

  g_assert_no_error (error);
  g_assert_true (pd_time_parse (json_object_get_string_member (json_node_get_object (r), "now"), &t));
  return t;
}

char *
pd_test_api_key (PdClient   *admin,
                 const char *kind,
                 const char *name,
                 const char *port,
                 const char *scopes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;

  if (port != NULL)
    r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, kind, "name", G_TYPE_STRING, name,
                        "scopes", G_TYPE_STRING, scopes, "port", G_TYPE_STRING, port, NULL);
  else
    r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, kind, "name", G_TYPE_STRING, name,
                        "scopes", G_TYPE_STRING, scopes, NULL);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (r), "key"));
}

PdClient *
pd_test_grant (PdTestDaemon *d,
               const char   *username,
               const char   *kind,
               guint         trained_days_ago)
{
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) owner = pd_test_login (d, "sysowner", NULL, TRUE);
  PdClient *user = pd_test_login (d, username, NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL, a = NULL, b = NULL, c = NULL;
  g_autofree char *training = NULL, *path = NULL;
  gint64 id;

  training = pd_time_format (pd_test_daemon_now (d) - (gint64) trained_days_ago * 24 * 3600 * G_USEC_PER_SEC);
  training[10] = '\0';
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, username,
                      "kind", G_TYPE_STRING, kind, "training_date", G_TYPE_STRING, training, NULL);
  g_assert_no_error (error);
  id = json_object_get_int_member (json_node_get_object (r), "id");
  path = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/approve", id);
  a = pd_client_post (admin, path, &error, "level", G_TYPE_STRING, "supervisor", NULL);
  g_assert_no_error (error);
  b = pd_client_post (owner, path, &error, "level", G_TYPE_STRING, "system_owner", NULL);
  g_assert_no_error (error);
  g_free (path);
  path = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/acknowledge", id);
  c = pd_client_call (user, "POST", path, NULL, &error);
  g_assert_no_error (error);
  return user;
}

void
pd_test_retention_run (PdTestDaemon *d)
{
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);

  g_assert_no_error (error);
}

char *
pd_test_password_file (PdTestDaemon *d)
{
  char *path = g_build_filename (d->dir, "password", NULL);

  g_assert_true (g_file_set_contents (path, PD_TEST_DEMO_PASSWORD "\n", -1, NULL));
  return path;
}

/* --- both backends: a SQLite copy of a PostgreSQL database's tables, a
 * checkpoint, the database's files searched for bytes (retention, reports) --- */

/* Copies @table's rows from PostgreSQL @conninfo into SQLite @lite (same
 * columns: the same migrations made both). */
static void
copy_table_to_sqlite (const char *conninfo,
                      sqlite3    *lite,
                      const char *table)
{
  g_autofree char *select = g_strdup_printf ("SELECT * FROM %s", table);
  PGresult *res = pg_db_query (conninfo, select);
  g_autoptr(GString) insert = g_string_new (NULL);
  sqlite3_stmt *st = NULL;
  int n_cols = PQnfields (res);

  g_string_printf (insert, "INSERT INTO %s (", table);
  for (int c = 0; c < n_cols; c++)
    g_string_append_printf (insert, "%s\"%s\"", c > 0 ? ", " : "", PQfname (res, c));
  g_string_append (insert, ") VALUES (");
  for (int c = 0; c < n_cols; c++)
    g_string_append_printf (insert, "%s?", c > 0 ? ", " : "");
  g_string_append (insert, ")");
  if (sqlite3_prepare_v2 (lite, insert->str, -1, &st, NULL) != SQLITE_OK)
    g_error ("%s: %s", insert->str, sqlite3_errmsg (lite));
  for (int r = 0; r < PQntuples (res); r++)
    {
      sqlite3_reset (st);
      for (int c = 0; c < n_cols; c++)
        {
          const char *v = PQgetvalue (res, r, c);

          if (PQgetisnull (res, r, c))
            sqlite3_bind_null (st, c + 1);
          else
            switch (PQftype (res, c))
              {
              case 16:                                  /* bool */
                sqlite3_bind_int64 (st, c + 1, v[0] == 't');
                break;
              case 20: case 21: case 23:                /* int8, int2, int4 */
                sqlite3_bind_int64 (st, c + 1, g_ascii_strtoll (v, NULL, 10));
                break;
              case 700: case 701: case 1700:            /* float4, float8, numeric */
                sqlite3_bind_double (st, c + 1, g_ascii_strtod (v, NULL));
                break;
              case 17:                                  /* bytea (text form: \x...) */
                {
                  size_t len = 0;
                  unsigned char *bytes = PQunescapeBytea ((const unsigned char *) v, &len);

                  sqlite3_bind_blob (st, c + 1, bytes, (int) len, SQLITE_TRANSIENT);
                  PQfreemem (bytes);
                }
                break;
              default:
                sqlite3_bind_text (st, c + 1, v, -1, SQLITE_TRANSIENT);
                break;
              }
        }
      if (sqlite3_step (st) != SQLITE_DONE)
        g_error ("%s: %s", insert->str, sqlite3_errmsg (lite));
    }
  sqlite3_finalize (st);
  PQclear (res);
}

char *
pd_test_db_sqlite_copy (const char         *db_path,
                        const char         *dir,
                        const char * const *tables)
{
  g_autofree char *path = NULL;
  sqlite3 *lite = NULL;
  guint n_migrations;
  const char * const *migrations = pd_store_migrations (&n_migrations);

  if (g_path_is_absolute (db_path))
    return g_strdup (db_path);
  path = g_build_filename (dir, "postgresql-copy.db", NULL);
  g_unlink (path);
  g_assert_cmpint (sqlite3_open (path, &lite), ==, SQLITE_OK);
  for (guint v = 0; v < n_migrations; v++)
    if (sqlite3_exec (lite, migrations[v], NULL, NULL, NULL) != SQLITE_OK)
      g_error ("migration %u: %s", v + 1, sqlite3_errmsg (lite));
  g_assert_cmpint (sqlite3_exec (lite, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint t = 0; tables[t] != NULL; t++)
    copy_table_to_sqlite (db_path, lite, tables[t]);
  g_assert_cmpint (sqlite3_exec (lite, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (lite);
  return g_steal_pointer (&path);
}

void
pd_test_db_checkpoint (const char *db_path)
{
  sqlite3 *lite = NULL;

  if (!g_path_is_absolute (db_path))
    {
      PQclear (pg_db_query (db_path, "CHECKPOINT"));
      return;
    }
  g_assert_cmpint (sqlite3_open (db_path, &lite), ==, SQLITE_OK);
  sqlite3_busy_timeout (lite, 10000);
  if (sqlite3_exec (lite, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("checkpoint of %s: %s", db_path, sqlite3_errmsg (lite));
  sqlite3_close (lite);
}

/* Appends to @found the files under @path (a file or a directory,
 * recursively) whose bytes contain @pattern. */
static void
find_in_files (const char   *path,
               const guint8 *pattern,
               gsize         len,
               GPtrArray    *found)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          find_in_files (child, pattern, len, found);
        }
      return;
    }
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && g_file_get_contents (path, &contents, &size, NULL) &&
      memmem (contents, size, pattern, len) != NULL)
    g_ptr_array_add (found, g_strdup (path));
}

char **
pd_test_db_files_with (const char   *db_path,
                       gboolean      log,
                       const guint8 *pattern,
                       gsize         len)
{
  GPtrArray *found = g_ptr_array_new ();

  if (g_path_is_absolute (db_path))
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      find_in_files (log ? wal : db_path, pattern, len, found);
    }
  else
    {
      g_autofree char *files = g_build_filename (pd_test_postgres_get ()->data, log ? "pg_wal" : "base", NULL);
      find_in_files (files, pattern, len, found);
    }
  g_ptr_array_add (found, NULL);
  return (char **) g_ptr_array_free (found, FALSE);
}
