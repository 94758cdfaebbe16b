/* test-crash.c: kill -9 in the middle of a stream of acknowledged writes;
 * after a restart every acknowledged write is there, nothing is half
 * written and the audit chain still verifies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-crash"

#include <string.h>

#include "pd-json.h"
#include "pd-test-daemon.h"

#define MAX_WRITES 400
#define ROUNDS     3

typedef struct {
  char       *socket;
  char       *token;
  int         round;
  gint        acked;        /* atomic: writes answered 2xx so far */
  GPtrArray  *key_ids;      /* the acknowledged keys, owned by the writer until joined */
  gboolean    disabled;     /* ag.chen's state after the last acknowledged toggle */
  guint       toggles;      /* acknowledged disable/enable calls */
  gboolean    in_flight_toggle;
  char       *stop_reason;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(PdClient) client = pd_client_new_unix (w->socket);

  pd_client_set_token (client, w->token);
  for (int i = 0; i < MAX_WRITES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("crash-%d-%d", w->round, i);
      g_autoptr(JsonNode) r = NULL;

      /* every third write changes an existing row instead of adding one */
      if (i % 3 == 2)
        {
          gboolean disable = !w->disabled;
          r = pd_client_post (client, disable ? "/v1/users/ag.chen/disable" : "/v1/users/ag.chen/enable", &error,
                              NULL, NULL);
          if (r != NULL && JSON_NODE_HOLDS_OBJECT (r))   /* the user, as it now is */
            {
              w->disabled = disable;
              w->toggles++;
              g_atomic_int_inc (&w->acked);
              continue;
            }
        }
      else
        r = pd_client_post (client, "/v1/apikeys", &error,
                            "kind", G_TYPE_STRING, "carrier", "name", G_TYPE_STRING, name,
                            "scopes", G_TYPE_STRING, "scheduling bus", NULL);

      /* killed while answering: no reply, or (headers sent, the body cut) not the key; either way unacknowledged */
      if (r == NULL || !JSON_NODE_HOLDS_OBJECT (r))
        {
          w->stop_reason = g_strdup (error != NULL ? error->message : "the answer was cut short");
          w->in_flight_toggle = (i % 3 == 2);
          break;
        }
      g_ptr_array_add (w->key_ids, g_strdup (json_object_get_string_member (json_node_get_object (r), "key_id")));
      g_atomic_int_inc (&w->acked);
    }
  return NULL;
}

static GHashTable *
db_set (const char *path,
        const char *sql)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) values = pd_test_db_strings (path, sql);

  for (guint i = 0; values[i] != NULL; i++)
    g_hash_table_add (set, g_strdup (values[i]));
  return set;
}

/* The database is sound after the daemon's kill -9: SQLite's integrity
 * check of the file; on PostgreSQL (where the server, not the killed
 * daemon, writes the files) its amcheck of every PortDesk table and
 * B-tree index: no corruption found. */
static void
check_integrity (const char *path)
{
  if (pd_test_store_is_postgres ())
    {
#define PUBLIC_RELATIONS "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam" \
                         " WHERE n.nspname = 'public'"
      /* every row of every table readable and well formed */
      g_assert_cmpint (pd_test_db_int (path, "CREATE EXTENSION IF NOT EXISTS amcheck;"
                                       "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                       " CROSS JOIN LATERAL verify_heapam(c.oid) v WHERE n.nspname = 'public' AND c.relkind = 'r'"),
                       ==, 0);
      /* every index consistent with its table (a failed check raises) */
      g_assert_cmpint (pd_test_db_int (path, "SELECT count(bt_index_check(c.oid, TRUE) IS NULL) " PUBLIC_RELATIONS
                                       " AND c.relkind = 'i' AND a.amname = 'btree'"),
                       ==, pd_test_db_int (path, "SELECT count(*) " PUBLIC_RELATIONS " AND c.relkind = 'i' AND a.amname = 'btree'"));
      g_assert_cmpint (pd_test_db_int (path, "SELECT count(*) " PUBLIC_RELATIONS " AND c.relkind = 'i'"), >, 20);
#undef PUBLIC_RELATIONS
    }
  else
    {
      g_autoptr(GHashTable) res = db_set (path, "PRAGMA integrity_check");

      g_assert_cmpuint (g_hash_table_size (res), ==, 1);
      g_assert_true (g_hash_table_contains (res, "ok"));
    }
}

static void
test_kill9_during_writes (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK,
                                                  "[portdeskd]\naudit_checkpoint_every=7\n");
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autofree char *pw = g_build_filename (d->dir, "password", NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(GPtrArray) all_acked = g_ptr_array_new_with_free_func (g_free);
  gint64 in_flight_total = 0;
  gint64 toggles_acked = 0, toggles_in_flight = 0;
  gboolean disabled = FALSE;

  g_assert_true (g_file_set_contents (pw, PD_TEST_DEMO_PASSWORD, -1, NULL));

  for (int round = 0; round < ROUNDS; round++)
    {
      Writer w = { .socket = d->socket, .token = (char *) pd_client_get_token (admin), .round = round,
                   .disabled = disabled };
      g_autoptr(GHashTable) stored = NULL;
      g_autofree char *out = NULL;
      GThread *thread;
      guint target = g_test_rand_int_range (20, 250);
      gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;   /* a hang guard, not a timing check */
      gint64 extra;

      w.key_ids = g_ptr_array_new_with_free_func (g_free);
      thread = g_thread_new ("writer", writer_thread, &w);
      while ((guint) g_atomic_int_get (&w.acked) < target)
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("the writer made no progress (%d of %u)", g_atomic_int_get (&w.acked), target);
          g_usleep (500);
        }
      pd_test_daemon_kill9 (d);
      g_thread_join (thread);
      g_test_message ("round %d: killed after %u acknowledged writes; writer stopped at %u (%u keys, %u account"
                      " changes, %s in flight): %s", round, target, w.key_ids->len + w.toggles, w.key_ids->len, w.toggles,
                      w.in_flight_toggle ? "an account change" : "a key", w.stop_reason ? w.stop_reason : "(finished)");
      g_assert_nonnull (w.stop_reason);           /* killed mid-stream */
      g_assert_cmpuint (w.key_ids->len + w.toggles, >=, target);
      g_assert_cmpuint (w.key_ids->len + w.toggles, <, MAX_WRITES);

      pd_test_daemon_start (d, PD_TEST_DAEMON_TEST_CLOCK);
      check_integrity (db);

      /* every acknowledged write survived */
      stored = db_set (db, "SELECT key_id FROM api_keys WHERE principal_name LIKE 'crash-%'");
      for (guint i = 0; i < w.key_ids->len; i++)
        g_ptr_array_add (all_acked, g_strdup (g_ptr_array_index (w.key_ids, i)));
      for (guint i = 0; i < all_acked->len; i++)
        if (!g_hash_table_contains (stored, g_ptr_array_index (all_acked, i)))
          g_error ("acknowledged API key %s is gone after kill -9", (const char *) g_ptr_array_index (all_acked, i));
      /* at most the one request in flight was written without an answer */
      extra = g_hash_table_size (stored) - all_acked->len - in_flight_total;
      g_assert_cmpint (extra, >=, 0);
      g_assert_cmpint (extra, <=, w.in_flight_toggle ? 0 : 1);
      in_flight_total += extra;

      /* nothing half written: each key has exactly its audit entry, and
       * each audit entry its key */
      g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM api_keys k WHERE (SELECT count(*) FROM audit a"
                                   " WHERE a.action = 'apikey.create' AND a.object = k.key_id) != 1"), ==, 0);
      g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit a WHERE a.action = 'apikey.create' AND a.outcome = 'ok'"
                                   " AND NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.key_id = a.object)"), ==, 0);
      g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM api_keys WHERE secret_hash IS NULL OR length(secret_hash) != 32"),
                       ==, 0);

      /* the account changes: every acknowledged one is in the log, at
       * most the one in flight besides, and the row agrees with the last
       * entry about it */
      toggles_acked += w.toggles;
      {
        gint64 logged = pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action IN ('user.disable', 'user.enable')"
                                    " AND object = 'ag.chen' AND outcome = 'ok'");
        gint64 row = pd_test_db_int (db, "SELECT disabled FROM users WHERE username = 'ag.chen'");
        gint64 last_was_disable = pd_test_db_int (db, "SELECT coalesce((SELECT CASE WHEN action = 'user.disable' THEN 1 ELSE 0 END FROM audit"
                                              " WHERE action IN ('user.disable', 'user.enable') AND object = 'ag.chen'"
                                              " ORDER BY seq DESC LIMIT 1), 0)");

        gint64 unacked = logged - toggles_acked - toggles_in_flight;   /* written, never answered */

        g_assert_cmpint (unacked, >=, 0);
        g_assert_cmpint (unacked, <=, w.in_flight_toggle ? 1 : 0);
        g_assert_cmpint (row, ==, last_was_disable);
        g_assert_cmpint (row != 0, ==, unacked ? !w.disabled : w.disabled);
        toggles_in_flight += unacked;
        disabled = row != 0;
      }

      /* the chain verifies; the entries after the last checkpoint are
       * simply not signed yet */
      g_assert_cmpint (pd_test_ctl (d, &out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                    "audit", "verify", NULL), ==, 0);
      g_test_message ("%s", out);
      g_assert_true (g_str_has_prefix (out, "OK: "));
      g_assert_cmpint (pd_test_db_int (db, "SELECT max(seq) FROM audit_checkpoints"), <=, pd_test_db_int (db, "SELECT max(seq) FROM audit"));

      g_ptr_array_unref (w.key_ids);
      g_free (w.stop_reason);
    }
  /* the session survived the crashes too */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) r = pd_client_call (admin, "GET", "/v1/session", NULL, &error);
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/kill9-during-writes", test_kill9_during_writes);
  return g_test_run ();
}
