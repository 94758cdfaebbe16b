/* test-audit.c: the tamper-evident audit chain, in process and against a
 * real portdeskd whose database an attacker edits while it is stopped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-audit"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-api.h"
#include "pd-audit.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-store.h"
#include "pd-test-daemon.h"

/* --- helpers ------------------------------------------------------------ */

/* Runs @sql on the database as an outside writer with no special rights
 * would: FALSE with the database's message when it is refused. */
static gboolean
db_exec (const char  *path,
         const char  *sql,
         char       **out_message)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = pd_test_db_exec (path, sql, &error);

  if (out_message != NULL)
    *out_message = error != NULL ? g_strdup (error->message) : NULL;
  return ok;
}

/* The @n bytes spelt by @hex (as pd_test_db_rows () gives blobs). */
static void
unhex (const char *hex,
       guint8     *out,
       gsize       n)
{
  g_assert_nonnull (hex);
  g_assert_cmpuint (strlen (hex), ==, 2 * n);
  for (gsize i = 0; i < n; i++)
    out[i] = (guint8) ((g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]));
}

/* @data as an SQL blob literal X'..' (the dialect makes it a bytea). */
static char *
blob_literal (const guint8 *data,
              gsize         len)
{
  GString *s = g_string_new ("X'");

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  g_string_append_c (s, '\'');
  return g_string_free (s, FALSE);
}

/* @text as an SQL string literal. */
static char *
text_literal (const char *text)
{
  g_autoptr(GString) s = g_string_new (text);

  g_string_replace (s, "'", "''", 0);
  g_string_prepend_c (s, '\'');
  g_string_append_c (s, '\'');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Every checkpoint as "seq:signature-hex", straight from the database. */
static GPtrArray *
db_checkpoints (const char *path)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = pd_test_db_rows (path, "SELECT seq, signature FROM audit_checkpoints ORDER BY seq");

  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      g_ptr_array_add (out, g_strdup_printf ("%s:%s", (char *) g_ptr_array_index (row, 0), (char *) g_ptr_array_index (row, 1)));
    }
  return out;
}

static PdAuditEntry *
entry_new (gint64      seq,
           const char *action)
{
  PdAuditEntry *e = g_new0 (PdAuditEntry, 1);

  e->seq = seq;
  e->action = g_strdup (action);
  return e;
}

/* Appends @n entries, one transaction each, at a test time. */
static void
append_entries (PdStore *store,
                PdAudit *audit,
                guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdStoreTx) tx = pd_store_begin (store, &error);
      g_autofree char *object = g_strdup_printf ("object-%u", i);
      g_autofree char *params = g_strdup_printf ("{\"i\":\"%u\"}", i);

      g_assert_no_error (error);
      g_assert_true (pd_audit_append (audit, tx, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC + i, "tester", "auditor",
                                      "test.append", object, params, "ok", "unix", NULL, &error));
      g_assert_no_error (error);
      g_assert_true (pd_store_commit (tx, &error));
      g_assert_no_error (error);
    }
}

static void
verify (PdStore       *store,
        PdAudit       *audit,
        PdAuditReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStoreTx) tx = pd_store_begin (store, &error);

  g_assert_no_error (error);
  g_assert_true (pd_audit_verify (audit, tx, report, &error));
  g_assert_no_error (error);
  if (!report->ok)
    g_test_message ("verify: first bad %" G_GINT64_FORMAT ": %s", report->first_bad_seq, report->problem);
}

/* --- in process --------------------------------------------------------- */

typedef struct {
  char    *dir;
  char    *db_path;
  char    *key_path;
  PdStore *store;
  PdAudit *audit;
} Chain;

static void
rm_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static void
chain_setup (Chain         *c,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  c->dir = g_dir_make_tmp ("portdesk-audit-XXXXXX", &error);
  g_assert_no_error (error);
  c->db_path = pd_test_db_new (c->dir);
  c->key_path = g_build_filename (c->dir, "audit-signing.key", NULL);
  c->store = pd_test_store_open (c->db_path, &error);
  g_assert_no_error (error);
  c->audit = pd_audit_new (c->key_path, 5, &error);
  g_assert_no_error (error);
}

static void
chain_teardown (Chain         *c,
                gconstpointer  data)
{
  g_assert_finalize_object (c->audit);
  g_assert_finalize_object (c->store);
  rm_dir (c->dir);
  g_free (c->dir);
  g_free (c->db_path);
  g_free (c->key_path);
}

static void
test_chain_append_verify (Chain         *c,
                          gconstpointer  data)
{
  PdAuditReport report = { 0 };
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  /* the signing key is private */
  g_assert_cmpint (g_stat (c->key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* an empty log verifies */
  verify (c->store, c->audit, &report);
  g_assert_true (report.ok);
  g_assert_cmpint (report.entries, ==, 0);
  pd_audit_report_clear (&report);

  append_entries (c->store, c->audit, 12);
  verify (c->store, c->audit, &report);
  g_assert_true (report.ok);
  g_assert_null (report.problem);
  g_assert_cmpint (report.first_bad_seq, ==, 0);
  g_assert_cmpint (report.entries, ==, 12);
  g_assert_cmpint (report.checkpoints, ==, 2);      /* every 5 entries */
  g_assert_cmpint (report.last_signed_seq, ==, 10);
  pd_audit_report_clear (&report);

  /* an explicit checkpoint signs the head, once */
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(PdStoreTx) tx = pd_store_begin (c->store, &error);
      g_assert_true (pd_audit_checkpoint (c->audit, tx, G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC, &error));
      g_assert_no_error (error);
      g_assert_true (pd_store_commit (tx, &error));
    }
  verify (c->store, c->audit, &report);
  g_assert_true (report.ok);
  g_assert_cmpint (report.checkpoints, ==, 3);
  g_assert_cmpint (report.last_signed_seq, ==, 12);
  pd_audit_report_clear (&report);

  /* the same key is loaded again on the next start */
  {
    g_autoptr(PdAudit) again = pd_audit_new (c->key_path, 5, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (pd_audit_get_public_key (again), 32, pd_audit_get_public_key (c->audit), 32);
    verify (c->store, again, &report);
    g_assert_true (report.ok);
    pd_audit_report_clear (&report);
  }
  /* a damaged key file is refused, not replaced */
  {
    g_autofree char *bad = g_build_filename (c->dir, "bad.key", NULL);
    g_autoptr(PdAudit) none = NULL;
    g_assert_true (g_file_set_contents (bad, "short", -1, NULL));
    none = pd_audit_new (bad, 5, &error);
    g_assert_null (none);
    g_assert_error (error, PD_ERROR, PD_ERROR_INTERNAL);
    g_unlink (bad);
  }
}

/* The hash covers every field: changing any one of them changes it. */
static void
test_chain_hash_fields (void)
{
  g_autoptr(PdAuditEntry) e = entry_new (7, "user.list");
  guint8 base[32], h[32];
  char **fields[] = { &e->actor, &e->role, &e->action, &e->object, &e->params, &e->outcome, &e->client };

  e->at = 42;
  e->actor = g_strdup ("admin.demo");
  e->role = g_strdup ("admin");
  e->object = g_strdup ("");
  e->params = g_strdup ("{}");
  e->outcome = g_strdup ("ok");
  e->client = g_strdup ("unix");
  pd_audit_entry_hash (e, base);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *saved = *fields[i];
      *fields[i] = g_strconcat (saved, "x", NULL);
      pd_audit_entry_hash (e, h);
      g_assert_true (memcmp (h, base, 32) != 0);
      g_free (*fields[i]);
      *fields[i] = g_steal_pointer (&saved);
    }
  e->seq++;
  pd_audit_entry_hash (e, h);
  g_assert_true (memcmp (h, base, 32) != 0);
  e->seq--;
  e->at++;
  pd_audit_entry_hash (e, h);
  g_assert_true (memcmp (h, base, 32) != 0);
  e->at--;
  e->prev_hash[31] ^= 1;
  pd_audit_entry_hash (e, h);
  g_assert_true (memcmp (h, base, 32) != 0);
  e->prev_hash[31] ^= 1;
  /* field boundaries are encoded: moving a byte between fields changes it */
  g_free (e->actor);
  g_free (e->role);
  e->actor = g_strdup ("admin.demoa");
  e->role = g_strdup ("dmin");
  pd_audit_entry_hash (e, h);
  g_assert_true (memcmp (h, base, 32) != 0);
}

static void
test_chain_triggers (Chain         *c,
                     gconstpointer  data)
{
  g_autofree char *msg = NULL;

  append_entries (c->store, c->audit, 6);
  g_assert_cmpint (db_exec (c->db_path, "UPDATE audit SET actor = 'mallory' WHERE seq = 2", &msg), ==, FALSE);
  g_assert_nonnull (strstr (msg, "append-only"));
  g_clear_pointer (&msg, g_free);
  g_assert_cmpint (db_exec (c->db_path, "DELETE FROM audit WHERE seq = 6", &msg), ==, FALSE);
  g_assert_nonnull (strstr (msg, "append-only"));
  g_clear_pointer (&msg, g_free);
  g_assert_cmpint (db_exec (c->db_path, "UPDATE audit_checkpoints SET at = 0", &msg), ==, FALSE);
  g_assert_nonnull (strstr (msg, "append-only"));
  g_clear_pointer (&msg, g_free);
  g_assert_cmpint (db_exec (c->db_path, "DELETE FROM audit_checkpoints", &msg), ==, FALSE);
  g_assert_nonnull (strstr (msg, "append-only"));
  g_assert_cmpint (pd_test_db_int (c->db_path, "SELECT count(*) FROM audit WHERE actor = 'tester'"), ==, 6);
  g_assert_cmpint (pd_test_db_int (c->db_path, "SELECT count(*) FROM audit_checkpoints"), ==, 1);
}

/* Each column of one entry, edited behind the service's back: the
 * verifier names that entry. */
static void
test_chain_edit_each_field (void)
{
  const char *edits[] = {
    "UPDATE audit SET at = at + 1 WHERE seq = 7",
    "UPDATE audit SET actor = 'mallory' WHERE seq = 7",
    "UPDATE audit SET role = 'admin' WHERE seq = 7",
    "UPDATE audit SET action = 'test.nothing' WHERE seq = 7",
    "UPDATE audit SET object = 'elsewhere' WHERE seq = 7",
    "UPDATE audit SET params = '{}' WHERE seq = 7",
    "UPDATE audit SET outcome = 'denied' WHERE seq = 7",
    "UPDATE audit SET client = 'tcp:10.0.0.1' WHERE seq = 7",
    "UPDATE audit SET hash = X'0000000000000000000000000000000000000000000000000000000000000000' WHERE seq = 7",
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      Chain c = { 0 };
      PdAuditReport report = { 0 };

      chain_setup (&c, NULL);
      append_entries (c.store, c.audit, 8);
      verify (c.store, c.audit, &report);
      g_assert_true (report.ok);
      pd_audit_report_clear (&report);

      g_test_message ("%s", edits[i]);
      pd_test_db_tamper (c.db_path, edits[i]);
      verify (c.store, c.audit, &report);
      g_assert_false (report.ok);
      g_assert_cmpint (report.first_bad_seq, ==, 7);
      g_assert_nonnull (strstr (report.problem, "changed"));
      pd_audit_report_clear (&report);
      chain_teardown (&c, NULL);
    }
}

/* A checkpoint made with another key is not trusted. */
static void
test_chain_foreign_key (Chain         *c,
                        gconstpointer  data)
{
  g_autofree char *other_key = g_build_filename (c->dir, "other.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAudit) other = pd_audit_new (other_key, 5, &error);
  PdAuditReport report = { 0 };

  g_assert_no_error (error);
  append_entries (c->store, other, 5);     /* signed at 5 by the other key */
  append_entries (c->store, c->audit, 2);
  verify (c->store, c->audit, &report);
  g_assert_false (report.ok);
  g_assert_cmpint (report.first_bad_seq, ==, 5);
  g_assert_nonnull (strstr (report.problem, "unknown key"));
  pd_audit_report_clear (&report);
  g_unlink (other_key);
}

/* Rewrites the chain from @from on (hashes and links) after an edit, as an
 * attacker who knows the hash scheme but not the signing key would. */
static void
recompute_chain (GPtrArray *entries,
                 gint64     from)
{
  for (guint i = 0; i < entries->len; i++)
    {
      PdAuditEntry *e = g_ptr_array_index (entries, i);

      if (e->seq < from)
        continue;
      if (i > 0)
        memcpy (e->prev_hash, ((PdAuditEntry *) g_ptr_array_index (entries, i - 1))->hash, 32);
      pd_audit_entry_hash (e, e->hash);
    }
}

/* Reads the log straight from the database (no service code in between). */
static GPtrArray *
read_entries (const char *db_path)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_audit_entry_free);
  g_autoptr(GPtrArray) rows = pd_test_db_rows (db_path, "SELECT seq, at, actor, role, action, object, params, outcome,"
                                               " client, prev_hash, hash FROM audit ORDER BY seq");

  for (guint i = 0; i < rows->len; i++)
    {
      char **v = (char **) ((GPtrArray *) g_ptr_array_index (rows, i))->pdata;
      PdAuditEntry *e = g_new0 (PdAuditEntry, 1);

      e->seq = g_ascii_strtoll (v[0], NULL, 10);
      e->at = g_ascii_strtoll (v[1], NULL, 10);
      e->actor = g_strdup (v[2]);
      e->role = g_strdup (v[3]);
      e->action = g_strdup (v[4]);
      e->object = g_strdup (v[5]);
      e->params = g_strdup (v[6]);
      e->outcome = g_strdup (v[7]);
      e->client = g_strdup (v[8]);
      unhex (v[9], e->prev_hash, 32);
      unhex (v[10], e->hash, 32);
      g_ptr_array_add (entries, e);
    }
  return entries;
}

/* TRUE when every entry links to the one before and hashes right. */
static gboolean
chain_consistent (GPtrArray *entries)
{
  guint8 prev[32] = { 0 }, h[32];

  for (guint i = 0; i < entries->len; i++)
    {
      PdAuditEntry *e = g_ptr_array_index (entries, i);

      pd_audit_entry_hash (e, h);
      if (e->seq != (gint64) i + 1 || memcmp (e->prev_hash, prev, 32) != 0 || memcmp (e->hash, h, 32) != 0)
        return FALSE;
      memcpy (prev, e->hash, 32);
    }
  return TRUE;
}

/* Writes @entries from @from on over the rows of the same seq, in one
 * transaction, as an attacker with the database in hand. */
static void
write_entries (const char *db_path,
               GPtrArray  *entries,
               gint64      from)
{
  g_autoptr(GString) sql = g_string_new ("BEGIN;");

  for (guint i = 0; i < entries->len; i++)
    {
      PdAuditEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *actor = NULL, *role = NULL, *action = NULL, *object = NULL;
      g_autofree char *params = NULL, *outcome = NULL, *client = NULL, *prev = NULL, *hash = NULL;

      if (e->seq < from)
        continue;
      actor = text_literal (e->actor);
      role = text_literal (e->role);
      action = text_literal (e->action);
      object = text_literal (e->object);
      params = text_literal (e->params);
      outcome = text_literal (e->outcome);
      client = text_literal (e->client);
      prev = blob_literal (e->prev_hash, 32);
      hash = blob_literal (e->hash, 32);
      g_string_append_printf (sql, "UPDATE audit SET at = %" G_GINT64_FORMAT ", actor = %s, role = %s, action = %s,"
                              " object = %s, params = %s, outcome = %s, client = %s, prev_hash = %s, hash = %s"
                              " WHERE seq = %" G_GINT64_FORMAT ";",
                              e->at, actor, role, action, object, params, outcome, client, prev, hash, e->seq);
    }
  g_string_append (sql, "COMMIT;");
  pd_test_db_tamper (db_path, sql->str);
}

/* In process: an attacker edits entry 7 and rewrites every hash after it;
 * the chain is then consistent, but the signed checkpoint at 10 is not. */
static void
test_chain_recomputed (Chain         *c,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  PdAuditEntry *e7;
  PdAuditReport report = { 0 };

  append_entries (c->store, c->audit, 12);
  entries = read_entries (c->db_path);
  g_assert_cmpuint (entries->len, ==, 12);

  /* recomputing an unchanged chain changes nothing: the scheme is right */
  recompute_chain (entries, 1);
  write_entries (c->db_path, entries, 1);
  verify (c->store, c->audit, &report);
  g_assert_true (report.ok);
  pd_audit_report_clear (&report);

  e7 = g_ptr_array_index (entries, 6);
  g_assert_cmpint (e7->seq, ==, 7);
  g_free (e7->outcome);
  e7->outcome = g_strdup ("denied");
  recompute_chain (entries, 7);
  write_entries (c->db_path, entries, 7);
  {
    g_autoptr(GPtrArray) again = read_entries (c->db_path);
    g_assert_true (chain_consistent (again));
  }
  verify (c->store, c->audit, &report);
  g_assert_false (report.ok);
  g_assert_cmpint (report.first_bad_seq, ==, 10);
  g_assert_nonnull (strstr (report.problem, "signed checkpoint"));
  pd_audit_report_clear (&report);

  /* ... and deleting the checkpoints that would tell does not help: the
   * checkpoint at 5 signed that the next one was due by entry 10 */
  pd_test_db_tamper (c->db_path, "DELETE FROM audit_checkpoints WHERE seq >= 7");
  verify (c->store, c->audit, &report);
  g_assert_false (report.ok);
  g_assert_cmpint (report.first_bad_seq, ==, 10);
  g_assert_nonnull (strstr (report.problem, "missing"));
  pd_audit_report_clear (&report);

  /* nor does deleting every checkpoint */
  pd_test_db_tamper (c->db_path, "DELETE FROM audit_checkpoints");
  verify (c->store, c->audit, &report);
  g_assert_false (report.ok);
  g_assert_nonnull (strstr (report.problem, "not one signed checkpoint"));
  pd_audit_report_clear (&report);
}

/* --- against a real portdeskd ------------------------------------------ */

#define CONFIG_EVERY_5 "[portdeskd]\naudit_checkpoint_every=5\n"

static int
ctl_verify (PdTestDaemon  *d,
            char         **out)
{
  g_autofree char *pw = pd_test_password_file (d);

  return pd_test_ctl (d, out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                      "audit", "verify", NULL);
}

static void
make_activity (PdTestDaemon *d)
{
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, "broker",
                                              "name", G_TYPE_STRING, "Acme Brokers", "scopes", G_TYPE_STRING, "scheduling",
                                              NULL);
      g_assert_no_error (error);
    }
  {
    g_autoptr(JsonNode) r = pd_client_call (admin, "GET", "/v1/users", NULL, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(JsonNode) r = pd_client_call (auditor, "GET", "/v1/audit?limit=5", NULL, &error);
    g_assert_no_error (error);
  }
}

typedef struct {
  const char *name;
  const char *sql;          /* %1$ld: a checkpoint seq with >= 10 entries after it */
  gint64      first_bad;    /* 0: "after the kept checkpoint" */
  const char *problem;
} Tamper;

static void
expect_tampered (PdTestDaemon *d,
                 gint64        first_bad,
                 gint64        after,
                 const char   *problem)
{
  g_autofree char *out = NULL;
  int rc;

  pd_test_daemon_start (d, PD_TEST_DAEMON_TEST_CLOCK);
  rc = ctl_verify (d, &out);
  g_test_message ("portdeskctl audit verify: %d %s", rc, out);
  g_assert_cmpint (rc, ==, 1);
  g_assert_true (g_str_has_prefix (out, "TAMPERED: first bad entry "));
  if (first_bad > 0)
    {
      g_autofree char *want = g_strdup_printf ("TAMPERED: first bad entry %" G_GINT64_FORMAT ": ", first_bad);
      g_assert_true (g_str_has_prefix (out, want));
    }
  else
    g_assert_cmpint (g_ascii_strtoll (out + strlen ("TAMPERED: first bad entry "), NULL, 10), >, after);
  g_assert_nonnull (strstr (out, problem));
  pd_test_daemon_stop (d);
}

static void
test_daemon_tamper (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, CONFIG_EVERY_5);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autofree char *out = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *clean = NULL;
  gint64 n_entries, last_cp, kept_cp;
  const Tamper cases[] = {
    { "edit one field", "UPDATE audit SET params = '{\"username\":\"nobody\"}' WHERE seq = 7", 7, "was changed" },
    { "edit a hash", "UPDATE audit SET hash = X'0000000000000000000000000000000000000000000000000000000000000000' WHERE seq = 7", 7, "was changed" },
    { "delete a middle row", "DELETE FROM audit WHERE seq = 12", 12, "missing" },
    { "swap two rows' contents",
      "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (8, 9);"
      "UPDATE audit SET (at, actor, role, action, object, params, outcome, client, prev_hash, hash) ="
      " (SELECT at, actor, role, action, object, params, outcome, client, prev_hash, hash FROM t"
      "  WHERE t.seq = 17 - audit.seq) WHERE seq IN (8, 9)", 8, "does not link" },
    { "reorder two rows",
      "UPDATE audit SET seq = -8 WHERE seq = 8; UPDATE audit SET seq = 8 WHERE seq = 9;"
      "UPDATE audit SET seq = 9 WHERE seq = -8", 8, "does not link" },
    { "forge a checkpoint signature",
      "UPDATE audit_checkpoints SET signature = (SELECT signature FROM audit_checkpoints WHERE seq = 5) WHERE seq = 10",
      10, "bad signature" },
    { "forge a checkpoint head hash",
      "UPDATE audit_checkpoints SET head_hash = (SELECT hash FROM audit WHERE seq = 9) WHERE seq = 10",
      10, "bad signature" },
    { "move a checkpoint", "UPDATE audit_checkpoints SET seq = 11 WHERE seq = 10", 11, "bad signature" },
  };

  make_activity (d);
  g_assert_cmpint (ctl_verify (d, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "OK: "));
  g_clear_pointer (&out, g_free);
  pd_test_daemon_stop (d);

  n_entries = pd_test_db_int (db, "SELECT count(*) FROM audit");
  last_cp = pd_test_db_int (db, "SELECT max(seq) FROM audit_checkpoints");
  g_assert_cmpint (n_entries, >=, 20);
  g_assert_cmpint (last_cp, ==, n_entries);    /* signed on shutdown */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit_checkpoints WHERE seq % 5 = 0"), ==, n_entries / 5);
  kept_cp = ((last_cp - 10) / 5) * 5;

  /* the store refuses to change or remove audit rows */
  g_assert_cmpint (db_exec (db, "UPDATE audit SET actor = 'mallory' WHERE seq = 7", &msg), ==, FALSE);
  g_assert_nonnull (strstr (msg, "append-only"));
  g_clear_pointer (&msg, g_free);
  g_assert_cmpint (db_exec (db, "DELETE FROM audit WHERE seq > 20", &msg), ==, FALSE);
  g_assert_nonnull (strstr (msg, "append-only"));
  g_clear_pointer (&msg, g_free);
  g_assert_cmpint (db_exec (db, "DELETE FROM audit_checkpoints WHERE seq = 10", &msg), ==, FALSE);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit"), ==, n_entries);
  g_assert_null (d->proc);
  clean = pd_test_db_snapshot (db);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("tamper: %s", cases[i].name);
      pd_test_db_copy (clean, db);
      pd_test_db_tamper (db, cases[i].sql);
      expect_tampered (d, cases[i].first_bad, 0, cases[i].problem);
    }

  /* truncation after a signed checkpoint */
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM audit WHERE seq > %" G_GINT64_FORMAT, kept_cp);
    g_test_message ("tamper: truncate after %" G_GINT64_FORMAT, kept_cp);
    pd_test_db_copy (clean, db);
    pd_test_db_tamper (db, sql);
    expect_tampered (d, 0, kept_cp, "truncated");
  }

  /* the whole chain recomputed after an edit */
  {
    g_autoptr(GPtrArray) entries = NULL;
    PdAuditEntry *e;

    pd_test_db_copy (clean, db);
    entries = read_entries (db);
    g_assert_cmpint (entries->len, ==, n_entries);
    g_assert_true (chain_consistent (entries));
    e = g_ptr_array_index (entries, 6);
    g_free (e->actor);
    e->actor = g_strdup ("somebody.else");
    recompute_chain (entries, 7);
    write_entries (db, entries, 7);
    /* the chain itself is consistent again ... */
    {
      g_autoptr(GPtrArray) again = read_entries (db);
      g_assert_true (chain_consistent (again));
      g_assert_cmpstr (((PdAuditEntry *) g_ptr_array_index (again, 6))->actor, ==, "somebody.else");
    }
    /* ... but the signed checkpoint at 10 is not */
    expect_tampered (d, 10, 0, "signed checkpoint");
  }

  /* the untouched copy is fine */
  pd_test_db_copy (clean, db);
  pd_test_daemon_start (d, PD_TEST_DAEMON_TEST_CLOCK);
  g_assert_cmpint (ctl_verify (d, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "OK: "));
}

static JsonObject *
find_entry (JsonArray  *entries,
            const char *action,
            const char *actor,
            const char *outcome)
{
  /* the latest: the demo seed made entries of its own */
  for (guint i = json_array_get_length (entries); i > 0; i--)
    {
      JsonObject *e = json_array_get_object_element (entries, i - 1);

      if (g_strcmp0 (json_object_get_string_member (e, "action"), action) == 0 &&
          g_strcmp0 (json_object_get_string_member (e, "actor"), actor) == 0 &&
          g_strcmp0 (json_object_get_string_member (e, "outcome"), outcome) == 0)
        return e;
    }
  g_error ("no audit entry %s by %s (%s)", action, actor, outcome);
  return NULL;
}

static const char *
param (JsonObject *entry,
       const char *name)
{
  JsonObject *p = json_object_get_object_member (entry, "params");

  return p != NULL ? json_object_get_string_member_with_default (p, name, NULL) : NULL;
}

/* How portdeskd names this process on its socket: by its peer's uid. */
static const char *
local_client (void)
{
  static char name[32];

  g_snprintf (name, sizeof name, "uid:%u", (guint) getuid ());
  return name;
}

static void
assert_entry (JsonObject *e,
              const char *role,
              const char *object)
{
  g_assert_cmpstr (json_object_get_string_member (e, "role"), ==, role);
  g_assert_cmpstr (json_object_get_string_member (e, "object"), ==, object);
  g_assert_cmpstr (json_object_get_string_member (e, "client"), ==, local_client ());
  g_assert_nonnull (json_object_get_string_member (e, "at"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (e, "params")));
}

/* The parameters of a read hold what was asked, not what came back. */
static void
assert_no_results (JsonObject *entry)
{
  g_autofree char *params = pd_json_to_string (json_object_get_member (entry, "params"), FALSE);

  g_test_message ("%s params %s", json_object_get_string_member (entry, "action"), params);
  g_assert_cmpuint (strlen (params), <, 200);
  g_assert_null (strstr (params, "@"));
  g_assert_null (strstr (params, "display_name"));
  g_assert_null (strstr (params, "hash"));
  g_assert_null (strstr (params, "items"));
}

/* Every read and change made through the API is in the log with who,
 * in which role, what, on what, with which parameters (never the
 * results), how it ended and from where; the exports hold it all and the
 * checkpoint signatures. */
static void
test_daemon_export (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, CONFIG_EVERY_5);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  g_autoptr(PdClient) lopez = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) cps = NULL;
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autofree char *pw = pd_test_password_file (d);
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key_id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) last_month = g_date_time_add_days (now, -30);
  g_autofree char *training = g_date_time_format (last_month, "%Y-%m-%d");
  JsonObject *root, *e;
  JsonArray *entries, *checkpoints;
  guint n;

  r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, "broker", "name", G_TYPE_STRING, "Acme Brokers",
                      "scopes", G_TYPE_STRING, "scheduling", "port", G_TYPE_STRING, "LAX", NULL);
  g_assert_no_error (error);
  key = g_strdup (json_object_get_string_member (json_node_get_object (r), "key"));
  key_id = g_strdup (json_object_get_string_member (json_node_get_object (r), "key_id"));
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (admin, "GET", "/v1/users?limit=50", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (admin, "GET", "/v1/users/ag.chen", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "lpr.ortiz",
                      "training_date", G_TYPE_STRING, training, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (lopez, "GET", "/v1/users", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  r = pd_client_call (auditor, "GET", "/v1/audit?actor=admin.demo&limit=10", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);

  g_assert_cmpint (pd_test_ctl (d, &json, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "audit", "export", "--format", "json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  entries = json_object_get_array_member (root, "entries");
  checkpoints = json_object_get_array_member (root, "checkpoints");
  n = json_array_get_length (entries);
  g_assert_cmpuint (n, >=, 20);

  /* all of it, in order, linked, ending with the export itself */
  for (guint i = 0; i < n; i++)
    {
      JsonObject *x = json_array_get_object_element (entries, i);
      g_assert_cmpint (json_object_get_int_member (x, "seq"), ==, i + 1);
      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (x, "prev_hash"), ==,
                         json_object_get_string_member (json_array_get_object_element (entries, i - 1), "hash"));
    }
  e = json_array_get_object_element (entries, n - 1);
  g_assert_cmpstr (json_object_get_string_member (e, "action"), ==, "audit.export");
  g_assert_cmpstr (param (e, "format"), ==, "json");
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE seq <= (SELECT max(seq) FROM audit WHERE action = 'audit.export')"),
                   ==, n);

  e = find_entry (entries, "apikey.create", "admin.demo", "ok");
  assert_entry (e, "admin", key_id);
  g_assert_cmpstr (param (e, "kind"), ==, "broker");
  g_assert_cmpstr (param (e, "name"), ==, "Acme Brokers");
  g_assert_cmpstr (param (e, "port"), ==, "LAX");
  e = find_entry (entries, "user.list", "admin.demo", "ok");
  assert_entry (e, "admin", "");
  assert_no_results (e);
  e = find_entry (entries, "user.get", "admin.demo", "ok");
  assert_entry (e, "admin", "ag.chen");
  assert_no_results (e);
  e = find_entry (entries, "entitlement.request", "admin.demo", "ok");
  assert_entry (e, "admin", "lpr.ortiz");
  g_assert_cmpstr (param (e, "training_date"), ==, training);
  e = find_entry (entries, "denied:GET /v1/users", "ag.lopez", "denied");
  g_assert_cmpstr (json_object_get_string_member (e, "role"), ==, "ag_specialist");
  g_assert_cmpstr (json_object_get_string_member (e, "client"), ==, local_client ());
  e = find_entry (entries, "audit.query", "auditor.fox", "ok");
  assert_entry (e, "auditor", "");
  assert_no_results (e);
  g_assert_cmpstr (param (e, "actor"), ==, "admin.demo");
  e = find_entry (entries, "login", "ag.lopez", "ok");
  assert_entry (e, "ag_specialist", "ag.lopez");
  g_assert_cmpstr (param (e, "username"), ==, "ag.lopez");
  e = find_entry (entries, "rules.accept", "ag.lopez", "ok");
  g_assert_nonnull (param (e, "rules_version"));

  /* never a secret or a password */
  g_assert_null (strstr (json, key + strlen (key_id) + 1));
  g_assert_null (strstr (json, PD_TEST_DEMO_PASSWORD));
  g_assert_null (strstr (json, "password\""));

  /* the signatures, as stored: those the export covers (the export's own
   * sign-out may have made the next one since) */
  cps = db_checkpoints (db);
  while (cps->len > 0 && g_ascii_strtoll (g_ptr_array_index (cps, cps->len - 1), NULL, 10) > (gint64) n)
    g_ptr_array_remove_index (cps, cps->len - 1);
  g_assert_cmpuint (cps->len, >=, 4);
  g_assert_cmpuint (json_array_get_length (checkpoints), ==, cps->len);
  g_assert_cmpuint (strlen (json_object_get_string_member (root, "public_key")), ==, 64);
  for (guint i = 0; i < cps->len; i++)
    {
      JsonObject *cp = json_array_get_object_element (checkpoints, i);
      g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", json_object_get_int_member (cp, "seq"),
                                            json_object_get_string_member (cp, "signature"));
      g_assert_cmpstr (s, ==, g_ptr_array_index (cps, i));
      g_assert_cmpstr (json_object_get_string_member (cp, "public_key"), ==, json_object_get_string_member (root, "public_key"));
    }

  /* CSV: a row per entry, then the checkpoints */
  g_assert_cmpint (pd_test_ctl (d, &csv, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                "audit", "export", "--format", "csv", NULL), ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
    guint rows = 0, i = 1;
    g_autoptr(GPtrArray) cps2 = db_checkpoints (db);

    g_assert_cmpstr (lines[0], ==, "seq,at,actor,role,action,object,params,outcome,client,prev_hash,hash");
    for (; lines[i] != NULL && lines[i][0] != '\0'; i++)
      {
        g_autofree char *prefix = g_strdup_printf ("%u,", i);
        g_assert_true (g_str_has_prefix (lines[i], prefix));
        rows++;
      }
    g_assert_cmpuint (rows, >, n);
    g_assert_nonnull (strstr (lines[rows], "\"audit.export\""));
    g_assert_nonnull (strstr (lines[rows], "\"\"format\"\":\"\"csv\"\""));
    g_assert_nonnull (strstr (csv, "\"apikey.create\""));
    g_assert_cmpstr (lines[i + 1], ==, "checkpoint_seq,at,head_hash,public_key,signature");
    while (cps2->len > 0 && g_ascii_strtoll (g_ptr_array_index (cps2, cps2->len - 1), NULL, 10) > (gint64) rows)
      g_ptr_array_remove_index (cps2, cps2->len - 1);
    for (guint k = 0; k < cps2->len; k++)
      {
        const char *colon = strchr (g_ptr_array_index (cps2, k), ':');
        g_assert_nonnull (strstr (csv, colon + 1));
      }
    g_assert_null (strstr (csv, key + strlen (key_id) + 1));
  }
}

/* Every officer read the API offers (but the session's own housekeeping)
 * leaves an entry by the reader. */
static void
test_daemon_reads_audited (void)
{
  static const struct { PdRole role; const char *user; } users[] = {
    { PD_ROLE_ADMIN,          "admin.demo" },
    { PD_ROLE_AUDITOR,        "auditor.fox" },
    { PD_ROLE_AG_SPECIALIST,  "ag.lopez" },
    { PD_ROLE_CBP_OFFICER,    "officer.ray" },
    { PD_ROLE_TSA_SUPERVISOR, "tsa.kim" },
    { PD_ROLE_LPR_ANALYST,    "lpr.ortiz" },
    { PD_ROLE_PORT_DIRECTOR,  "director.ng" },
  };
  static const char * const housekeeping[] = { "/v1/session", "/v1/rules", "/v1/events", NULL };
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  g_autofree char *db = pd_test_daemon_db_path (d);
  PdClient *clients[G_N_ELEMENTS (users)];
  guint n_routes, checked = 0;
  const PdRoute *routes = pd_api_routes (&n_routes);

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    clients[i] = pd_test_login (d, users[i].user, NULL, TRUE);

  for (guint k = 0; k < n_routes; k++)
    {
      const PdRoute *r = &routes[k];
      g_autoptr(GString) path = g_string_new (r->path);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) reply = NULL;
      g_autofree char *sql = NULL;
      gint64 head;
      guint who = G_N_ELEMENTS (users);

      if (strcmp (r->method, "GET") != 0 || (r->flags & (PD_ROUTE_ANONYMOUS | PD_ROUTE_TEST)) ||
          r->roles == 0 || g_strv_contains (housekeeping, r->path))
        continue;
      g_string_replace (path, "{name}", "ag.chen", 0);
      g_string_replace (path, "{id}", "1", 0);
      if (strchr (path->str, '{') != NULL)
        continue;                                     /* needs an object this test does not make */
      for (guint i = 0; i < G_N_ELEMENTS (users) && who == G_N_ELEMENTS (users); i++)
        if (r->roles & PD_ROLE_BIT (users[i].role))
          who = i;
      g_assert_cmpuint (who, <, G_N_ELEMENTS (users));

      head = pd_test_db_int (db, "SELECT max(seq) FROM audit");
      reply = pd_client_call (clients[who], "GET", path->str, NULL, &error);
      g_test_message ("GET %s as %s: %s", path->str, users[who].user, error ? error->message : "ok");
      if (error != NULL)
        continue;                                     /* refusals are audited by the role matrix */
      sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE seq > %" G_GINT64_FORMAT
                             " AND actor = '%s' AND outcome = 'ok'", head, users[who].user);
      if (pd_test_db_int (db, sql) < 1)
        g_error ("GET %s as %s left no audit entry", path->str, users[who].user);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 8);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    g_object_unref (clients[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/audit/chain/append-verify", Chain, NULL, chain_setup, test_chain_append_verify, chain_teardown);
  g_test_add_func ("/audit/chain/hash-covers-every-field", test_chain_hash_fields);
  g_test_add ("/audit/chain/triggers", Chain, NULL, chain_setup, test_chain_triggers, chain_teardown);
  g_test_add_func ("/audit/chain/edit-each-field", test_chain_edit_each_field);
  g_test_add ("/audit/chain/foreign-key", Chain, NULL, chain_setup, test_chain_foreign_key, chain_teardown);
  g_test_add ("/audit/chain/recomputed", Chain, NULL, chain_setup, test_chain_recomputed, chain_teardown);
  g_test_add_func ("/audit/daemon/tamper", test_daemon_tamper);
  g_test_add_func ("/audit/daemon/export-and-fields", test_daemon_export);
  g_test_add_func ("/audit/daemon/reads-audited", test_daemon_reads_audited);
  return g_test_run ();
}
