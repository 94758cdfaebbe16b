/* test-migrate.c: a database written by an older portdeskd (schema v3, kept
 * as an SQL dump in tests/data/schema-v3 with its signing key in hex) opens in this one: the
 * schema is brought up to date in place, nothing is lost, new columns are
 * filled, and the audit chain written by the old version still verifies.
 * On PostgreSQL (a site's database starts empty: no older portdeskd ever
 * wrote one) the promises of a site's database instead: an empty database
 * migrates from version 0 to the same tables as SQLite's, and a second
 * daemon starts on a migrated one without touching it. On both, a database
 * of a newer schema is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-migrate"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pd-error.h"
#include "pd-json.h"
#include "pd-store.h"
#include "pd-test-daemon.h"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "schema-v3", name, NULL);
}

static char *
read_secret (const char *name)
{
  g_autofree char *path = fixture (name);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return g_strstrip (text);
}

/* A data directory as the v3 portdeskd left it: its database rebuilt
 * from the dump, and its signing key. */
static char *
make_v3_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("portdesk-v3-XXXXXX", &error);
  g_autofree char *dump_path = fixture ("portdesk.sql");
  g_autofree char *key_path = fixture ("audit-signing.key.hex");
  g_autofree char *dump = NULL;
  g_autofree char *key = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *key_copy = NULL;
  gsize key_len;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dump_path, &dump, NULL, NULL));
  g_assert_true (g_file_get_contents (key_path, &key, NULL, NULL));
  g_strstrip (key);
  key_len = strlen (key) / 2;
  for (gsize i = 0; i < key_len; i++)   /* hex -> the 64 raw key bytes, in place */
    key[i] = (char) ((g_ascii_xdigit_value (key[2 * i]) << 4) | g_ascii_xdigit_value (key[2 * i + 1]));
  g_assert_cmpuint (key_len, ==, 64);
  db_path = g_build_filename (dir, "portdesk.db", NULL);
  key_copy = g_build_filename (dir, "audit-signing.key", NULL);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, dump, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_set_contents_full (key_copy, key, key_len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  return g_steal_pointer (&dir);
}

static void
remove_data_dir (const char *dir)
{
  const char *names[] = { "portdesk.db", "audit-signing.key" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_build_filename (dir, names[i], NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static gint64
search (PdClient   *broker,
        const char *q)
{
  g_autofree char *path = g_strdup_printf ("/v1/intake/inspections?q=%s", q);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (broker, "GET", path, NULL, &error);

  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (r), "total");
}

static void
test_from_v3 (void)
{
  g_autofree char *src = make_v3_data_dir ();
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new_from (PD_TEST_DAEMON_TCP, NULL, src);
  g_autofree char *admin_pw = read_secret ("admin-password");
  g_autofree char *key = read_secret ("broker.key");
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin", admin_pw, TRUE);
  g_autoptr(PdClient) broker = pd_test_public_client (d, key);
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) status = pd_client_call (anon, "GET", "/v1/status", NULL, &error);
  g_autoptr(JsonNode) verify = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (status), "schema_version"), >, 3);
  g_assert_cmpint (pd_test_db_int (db, "SELECT version FROM schema"), ==,
                   json_object_get_int_member (json_node_get_object (status), "schema_version"));

  /* the old requests are all there, and their search text was filled in */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM insp_requests"), ==, 2);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM insp_requests WHERE search_text = ''"), ==, 0);
  /* and what the list's rows show of their commodities (v5) */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM insp_requests WHERE n_commodities < 1 "
                                       "OR first_commodity IS NULL"), ==, 0);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM insp_requests r WHERE n_commodities != "
                                       "(SELECT count(*) FROM insp_commodities c WHERE c.request_id = r.id)"), ==, 0);
  /* the face templates' table (v6) is there, empty, and the gallery list answers */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM face_templates"), ==, 0);
  {
    g_autoptr(JsonNode) face = pd_client_call (admin, "GET", "/v1/face", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (face), "galleries")),
                      ==, 0);
  }
  g_assert_cmpint (search (broker, "roses"), ==, 1);
  g_assert_cmpint (search (broker, "MSC%20AURORA"), ==, 1);
  g_assert_cmpint (search (broker, "wheat"), ==, 1);
  g_assert_cmpint (search (broker, "LAX-000001"), ==, 1);
  g_assert_cmpint (search (broker, "nothing-like-this"), ==, 0);

  /* the chain the old version wrote, and the new entries after it, verify */
  verify = pd_client_call (admin, "GET", "/v1/audit/verify", NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", json_object_get_string_member_with_default (json_node_get_object (verify), "problem", "ok"));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (verify), "ok"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (verify), "entries"), >, 7);
  remove_data_dir (src);
}

static gint64
status_schema_version (PdTestDaemon *d)
{
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) status = pd_client_call (anon, "GET", "/v1/status", NULL, &error);

  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (status), "schema_version");
}

static guint
n_migrations (void)
{
  guint n;

  pd_store_migrations (&n);
  return n;
}

static int
compare_str (const void *a,
             const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
strv_has_all (GStrv        big,
              const GStrv  small)
{
  for (guint i = 0; small[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) big, small[i]))
      {
        g_test_message ("missing: %s", small[i]);
        return FALSE;
      }
  return TRUE;
}

/* PostgreSQL: an empty database is migrated from version 0 to every
 * table and column, index and append-only trigger that SQLite's has. */
static void
test_pg_from_version_0 (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (0, NULL);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("portdesk-sqlite-XXXXXX", &error);
  g_autofree char *sqlite_db = g_build_filename (dir, "portdesk.db", NULL);
  g_auto(GStrv) sqlite_columns = NULL, pg_columns = NULL;
  g_auto(GStrv) sqlite_indexes = NULL, pg_indexes = NULL;
  g_auto(GStrv) sqlite_triggers = NULL, pg_triggers = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (status_schema_version (d), ==, n_migrations ());
  g_assert_cmpint (pd_test_db_int (db, "SELECT version FROM schema"), ==, n_migrations ());
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM schema"), ==, 1);

  /* the same schema as a fresh SQLite file's */
  {
    g_autoptr(PdStore) store = pd_store_open (sqlite_db, &error);
    g_assert_no_error (error);
  }
  sqlite_columns = pd_test_db_strings (sqlite_db, "SELECT m.name || '.' || p.name FROM sqlite_master m, "
                                       "pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'");
  pg_columns = pd_test_db_strings (db, "SELECT table_name || '.' || column_name FROM information_schema.columns "
                                   "WHERE table_schema = 'public'");
  qsort (sqlite_columns, g_strv_length (sqlite_columns), sizeof (char *), compare_str);
  qsort (pg_columns, g_strv_length (pg_columns), sizeof (char *), compare_str);
  g_assert_cmpuint (g_strv_length (sqlite_columns), >, 100);
  g_assert_true (g_strv_equal ((const char * const *) sqlite_columns, (const char * const *) pg_columns));
  sqlite_indexes = pd_test_db_strings (sqlite_db, "SELECT name FROM sqlite_master WHERE type = 'index' "
                                       "AND name NOT LIKE 'sqlite_autoindex%'");
  pg_indexes = pd_test_db_strings (db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
  g_assert_cmpuint (g_strv_length (sqlite_indexes), >, 20);
  g_assert_true (strv_has_all (pg_indexes, sqlite_indexes));
  sqlite_triggers = pd_test_db_strings (sqlite_db, "SELECT name FROM sqlite_master WHERE type = 'trigger'");
  pg_triggers = pd_test_db_strings (db, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal");
  g_assert_cmpuint (g_strv_length (sqlite_triggers), >=, 4);
  g_assert_true (strv_has_all (pg_triggers, sqlite_triggers));

  g_unlink (sqlite_db);
  {
    g_autofree char *wal = g_strconcat (sqlite_db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (sqlite_db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

/* PostgreSQL: another workstation's daemon starts on the site's migrated
 * database, leaves its schema as it is, and works on the same data. */
static void
test_pg_second_daemon (void)
{
  g_autoptr(PdTestDaemon) first = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autoptr(PdTestDaemon) second = NULL;
  g_autofree char *db = pd_test_daemon_db_path (first);
  g_autoptr(PdClient) admin1 = pd_test_login (first, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) admin2 = NULL;
  g_autoptr(PdClient) auditor2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *key_id = NULL;
  gint64 users = pd_test_db_int (db, "SELECT count(*) FROM users");
  gint64 tables = pd_test_db_int (db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");

  r = pd_client_post (admin1, "/v1/apikeys", &error, "kind", G_TYPE_STRING, "broker", "name", G_TYPE_STRING, "Acme Brokers",
                      "scopes", G_TYPE_STRING, "scheduling", NULL);
  g_assert_no_error (error);
  key_id = g_strdup (json_object_get_string_member (json_node_get_object (r), "key_id"));
  g_clear_pointer (&r, json_node_unref);

  second = pd_test_daemon_new_site (first, 0, NULL);
  g_assert_cmpint (status_schema_version (second), ==, n_migrations ());
  g_assert_cmpint (pd_test_db_int (db, "SELECT version FROM schema"), ==, n_migrations ());
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM schema"), ==, 1);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"),
                   ==, tables);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM users"), ==, users);

  /* the first one's key, through the second */
  admin2 = pd_test_login (second, "admin.demo", NULL, TRUE);
  r = pd_client_call (admin2, "GET", "/v1/apikeys", NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = pd_json_to_string (r, FALSE);
    g_assert_nonnull (strstr (text, key_id));
  }
  g_clear_pointer (&r, json_node_unref);
  /* one chain, verified by the second */
  auditor2 = pd_test_login (second, "auditor.fox", NULL, TRUE);
  r = pd_client_call (auditor2, "GET", "/v1/audit/verify", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (r), "ok"));

  /* and the first restarts on it as well */
  pd_test_daemon_stop (first);
  pd_test_daemon_start (first, 0);
  g_assert_cmpint (status_schema_version (first), ==, n_migrations ());
}

/* A database of a newer schema than this portdeskd knows: it refuses to
 * start and changes nothing; put back, it starts. */
static void
test_newer_schema_refused (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (0, NULL);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autofree char *bump = g_strdup_printf ("UPDATE schema SET version = %u", n_migrations () + 1);
  g_autofree char *back = g_strdup_printf ("UPDATE schema SET version = %u", n_migrations ());
  g_autofree char *data_dir = g_strdup_printf ("--data-dir=%s", d->data_dir);
  g_autofree char *socket = g_strdup_printf ("--socket=%s", d->socket);
  g_autofree char *config = d->config != NULL ? g_strdup_printf ("--config=%s", d->config) : NULL;
  const char *bin = g_getenv ("PORTDESKD");
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 tables;

  pd_test_daemon_stop (d);
  tables = pd_test_db_int (db, pd_test_store_is_postgres ()
                               ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                               : "SELECT count(*) FROM sqlite_master");
  g_assert_true (pd_test_db_exec (db, bump, &error));
  g_assert_no_error (error);

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                        bin != NULL ? bin : "portdeskd", data_dir, socket, config, NULL);   /* NULL config (SQLite): the end */
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_test_message ("portdeskd: %s", err);
  g_assert_false (g_subprocess_get_successful (p));
  g_assert_nonnull (strstr (err, "Refusing to touch it"));
  g_assert_cmpint (pd_test_db_int (db, "SELECT version FROM schema"), ==, n_migrations () + 1);
  g_assert_cmpint (pd_test_db_int (db, pd_test_store_is_postgres ()
                                       ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                                       : "SELECT count(*) FROM sqlite_master"), ==, tables);

  g_assert_true (pd_test_db_exec (db, back, &error));
  g_assert_no_error (error);
  pd_test_daemon_start (d, 0);
  g_assert_cmpint (status_schema_version (d), ==, n_migrations ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (pd_test_store_is_postgres ())
    {
      /* the v3 data directory is an SQLite file by nature */
      g_test_add_func ("/migrate/postgresql/from-version-0", test_pg_from_version_0);
      g_test_add_func ("/migrate/postgresql/second-daemon", test_pg_second_daemon);
    }
  else
    g_test_add_func ("/migrate/from-schema-v3", test_from_v3);
  g_test_add_func ("/migrate/newer-schema-refused", test_newer_schema_refused);
  return g_test_run ();
}
