/* test-migrate.c: a database written by an older portdeskd (schema v3, kept
 * as an SQL dump in tests/data/schema-v3 with its signing key in hex) opens in this one: the
 * schema is brought up to date in place, nothing is lost, new columns are
 * filled, and the audit chain written by the old version still verifies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-migrate"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pd-error.h"
#include "pd-json.h"
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migrate/from-schema-v3", test_from_v3);
  return g_test_run ();
}
