/* test-retention.c: the retention engine against a real portdeskd with
 * the test clock: one policy per promise, purges at the boundaries and
 * not before, one deletion receipt per purge, and the timer-driven sweep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-retention"

#include <string.h>

#include <sqlite3.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"

#define HOUR   G_GINT64_CONSTANT (3600)
#define DAY    (24 * HOUR)
/* Keeps the timer out of the way of tests that run the sweep themselves. */
#define CONFIG_NO_TIMER "[portdeskd]\nretention_interval_seconds=86400\n"

/* --- helpers ------------------------------------------------------------ */

static gint64
db_int (PdTestDaemon *d,
        const char   *sql)
{
  g_autofree char *path = pd_test_daemon_db_path (d);

  return pd_test_db_int (path, sql);
}

/* The database file the test reads with SQLite: the daemon's, or on
 * PostgreSQL a SQLite copy of the tables the test reads, as they are now. */
static char *
readable_db (PdTestDaemon *d)
{
  static const char * const tables[] = { "sessions", "users", "entitlements", "audit", NULL };
  g_autofree char *db = pd_test_daemon_db_path (d);

  return pd_test_db_sqlite_copy (db, d->dir, tables);
}

/* The ids a query returns, ascending. */
static GArray *
db_ids (PdTestDaemon *d,
        const char   *sql)
{
  g_autofree char *path = readable_db (d);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

typedef struct {
  gint64  seq;
  char   *actor;
  char   *role;
  char   *object;
  char   *params;
} Receipt;

static void
receipt_free (Receipt *r)
{
  g_free (r->actor);
  g_free (r->role);
  g_free (r->object);
  g_free (r->params);
  g_free (r);
}

/* The deletion receipts written after @after_seq. */
static GPtrArray *
receipts (PdTestDaemon *d,
          gint64        after_seq)
{
  g_autofree char *path = readable_db (d);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) receipt_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq, actor, role, object, params FROM audit"
                                       " WHERE action = 'retention.purge' AND seq > ?1"
                                       " AND object <> 'site.events' ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, after_seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Receipt *r = g_new0 (Receipt, 1);

      r->seq = sqlite3_column_int64 (stmt, 0);
      r->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      r->role = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      r->object = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      r->params = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (out, r);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
}

static gboolean
receipt_is (gconstpointer receipt,
            gconstpointer policy)
{
  return g_strcmp0 (((const Receipt *) receipt)->object, policy) == 0;
}

static gint64
audit_head (PdTestDaemon *d)
{
  return db_int (d, "SELECT coalesce(max(seq), 0) FROM audit");
}

static char *
ids_sha256 (GArray *ids)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, s->str, s->len);
}

static JsonNode *
admin_get (PdTestDaemon *d,
           const char   *path)
{
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  JsonNode *r = pd_client_call (admin, "GET", path, NULL, &error);
  g_autoptr(JsonNode) out = NULL;

  g_assert_no_error (error);
  out = pd_client_call (admin, "POST", "/v1/logout", NULL, &error);   /* leave no session behind */
  g_assert_no_error (error);
  return r;
}

static JsonObject *
find_policy (JsonArray  *policies,
             const char *id)
{
  for (guint i = 0; i < json_array_get_length (policies); i++)
    {
      JsonObject *p = json_array_get_object_element (policies, i);
      if (g_strcmp0 (json_object_get_string_member (p, "id"), id) == 0)
        return p;
    }
  return NULL;
}

/* Checks that @r is the one receipt of @policy for exactly @ids, made by
 * @actor, with the policy's own class and rule. */
static void
assert_receipt (PdTestDaemon *d,
                Receipt      *r,
                const char   *policy,
                GArray       *ids,
                const char   *actor,
                const char   *role)
{
  g_autoptr(JsonNode) status = admin_get (d, "/v1/retention");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) params = pd_json_parse_object (r->params, -1, &error);
  g_autofree char *count = g_strdup_printf ("%u", ids->len);
  g_autofree char *digest = ids_sha256 (ids);
  JsonObject *p = find_policy (json_object_get_array_member (json_node_get_object (status), "policies"), policy);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_test_message ("receipt %" G_GINT64_FORMAT ": %s %s", r->seq, r->object, r->params);
  g_assert_cmpstr (r->object, ==, policy);
  g_assert_cmpstr (r->actor, ==, actor);
  g_assert_cmpstr (r->role, ==, role);
  g_assert_cmpstr (json_object_get_string_member (params, "class"), ==, json_object_get_string_member (p, "data"));
  g_assert_cmpstr (json_object_get_string_member (params, "rule"), ==, json_object_get_string_member (p, "rule"));
  g_assert_cmpstr (json_object_get_string_member (params, "count"), ==, count);
  g_assert_cmpstr (json_object_get_string_member (params, "ids_sha256"), ==, digest);
  g_assert_cmpuint (json_object_get_size (params), ==, 4);
}

/* `portdeskctl retention run` as the administrator; returns the count,
 * but for the events a site's daemons pass each other (PostgreSQL only:
 * the tests of the policies here count what they put in; receipts () also
 * leaves those out). */
static gint64
ctl_retention_run (PdTestDaemon *d)
{
  g_autofree char *pw = pd_test_password_file (d);
  g_autofree char *out = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_auto(GStrv) site = NULL;
  const char *prefix = "Retention sweep done: ";
  gint64 head = audit_head (d);
  gint64 n;

  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
                                "retention", "run", NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_true (g_str_has_prefix (out, prefix));
  n = g_ascii_strtoll (out + strlen (prefix), NULL, 10);
  sql = g_strdup_printf ("SELECT params FROM audit WHERE action = 'retention.purge' AND object = 'site.events'"
                         " AND seq > %" G_GINT64_FORMAT, head);
  site = pd_test_db_strings (db, sql);
  for (guint i = 0; site[i] != NULL; i++)
    {
      g_autoptr(JsonNode) params = json_from_string (site[i], NULL);

      n -= g_ascii_strtoll (json_object_get_string_member (json_node_get_object (params), "count"), NULL, 10);
    }
  return n;
}

static gboolean
session_has_lpr (PdClient *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (c, "GET", "/v1/session", NULL, &error);
  JsonArray *ents;

  g_assert_no_error (error);
  ents = json_object_get_array_member (json_node_get_object (r), "entitlements");
  for (guint i = 0; i < json_array_get_length (ents); i++)
    if (g_strcmp0 (json_array_get_string_element (ents, i), "lpr") == 0)
      return TRUE;
  return FALSE;
}

/* --- tests -------------------------------------------------------------- */

/* Every row of DESIGN.md's promise table has a policy, with its period. */
static void
test_policy_table (void)
{
  static const struct { const char *id; gint64 hours; } promised[] = {
    { "tvs.gallery.window",      24 },
    { "tvs.photos.usc",          12 },
    { "tvs.photos.other",        14 * 24 },
    { "tvs.outcome",             0 },
    { "tsa.photo",               0 },
    { "tsa.biographic",          365 * 24 },
    { "lpr.cache",               24 },
    { "lpr.history.window",      -1 },        /* five years: checked below */
    { "lpr.display.items",       365 * 24 },
    { "lpr.audit",               0 },
    { "landing.requests",        365 * 24 },
    { "bus.manifest.ids",        0 },
    { "bus.unsubmitted",         24 },
    { "bus.manifests",           395 * 24 },   /* 13 calendar months: checked in test-bus */
    { "logon.rules",             0 },
    { "audit.log",               0 },
    { "access.entitlement",  365 * 24 },
    { "access.sessions",         0 },
  };
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, CONFIG_NO_TIMER);
  g_autoptr(JsonNode) r = admin_get (d, "/v1/retention");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *policies = json_object_get_array_member (json_node_get_object (r), "policies");

  for (guint i = 0; i < json_array_get_length (policies); i++)
    {
      JsonObject *p = json_array_get_object_element (policies, i);
      const char *kind = json_object_get_string_member (p, "kind");

      g_assert_true (g_hash_table_add (seen, (gpointer) json_object_get_string_member (p, "id")));   /* unique */
      g_assert_cmpuint (strlen (json_object_get_string_member (p, "data")), >, 0);
      g_assert_cmpuint (strlen (json_object_get_string_member (p, "rule")), >, 0);
      g_assert_true (g_strv_contains ((const char * const[]) { "purge", "guard", "keep", NULL }, kind));
    }
  for (guint i = 0; i < G_N_ELEMENTS (promised); i++)
    {
      JsonObject *p = find_policy (policies, promised[i].id);
      gint64 hours;

      if (p == NULL)
        g_error ("no retention policy %s", promised[i].id);
      hours = json_object_get_int_member (p, "period_hours");
      g_test_message ("%s: %s, %" G_GINT64_FORMAT " h", promised[i].id, json_object_get_string_member (p, "kind"), hours);
      if (promised[i].hours >= 0)
        g_assert_cmpint (hours, ==, promised[i].hours);
      else
        {
          g_assert_cmpint (hours, >=, 5 * 365 * 24);
          g_assert_cmpint (hours, <=, (5 * 365 + 2) * 24);
        }
    }
  g_assert_cmpuint (json_array_get_length (policies), >=, G_N_ELEMENTS (promised));   /* more may come */
  /* the LPR cache keeps results at least 4 h: the rule says so */
  g_assert_nonnull (strstr (json_object_get_string_member (find_policy (policies, "lpr.cache"), "rule"), "4 h"));
  /* the sweeper holds purge functions for the data this build keeps */
  g_assert_true (json_object_get_boolean_member (find_policy (policies, "access.sessions"), "holds_data"));
  g_assert_true (json_object_get_boolean_member (find_policy (policies, "access.entitlement"), "holds_data"));

  /* oversight reads it too; nobody else does */
  {
    g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
    g_autoptr(PdClient) officer = pd_test_login (d, "officer.ray", NULL, TRUE);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) a = pd_client_call (auditor, "GET", "/v1/retention", NULL, &error);
    g_autoptr(JsonNode) o = NULL;

    g_assert_no_error (error);
    o = pd_client_call (officer, "GET", "/v1/retention", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
    g_clear_error (&error);
    /* and only the administrator runs the sweeper */
    o = pd_client_call (auditor, "POST", "/v1/retention/run", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  }
  /* portdeskctl shows the same table */
  {
    g_autofree char *pw = pd_test_password_file (d);
    g_autofree char *out = NULL;

    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                  "retention", "status", NULL), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (promised); i++)
      g_assert_nonnull (strstr (out, promised[i].id));
  }
}

/* The status says what each policy holds now and when its oldest item is
 * due; once the sweeper deleted it, the receipts route lists the receipt
 * (administrators and auditors, audited), and portdeskctl shows them. */
static void
test_holdings_and_receipts (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, CONFIG_NO_TIMER);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) st = pd_client_call (admin, "GET", "/v1/retention", NULL, &error);
  g_autoptr(JsonNode) rec = NULL;
  gint64 held = db_int (d, "SELECT count(*) FROM landing_requests");
  gint64 oldest = db_int (d, "SELECT min(submitted_at) FROM landing_requests");
  JsonObject *p, *r;
  gint64 due;

  g_assert_no_error (error);
  g_assert_cmpint (held, >, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (st), "may_run"));
  p = find_policy (json_object_get_array_member (json_node_get_object (st), "policies"), "landing.requests");
  g_assert_cmpint (json_object_get_int_member (p, "held"), ==, held);
  g_assert_true (pd_time_parse (json_object_get_string_member (p, "next_due"), &due));
  g_assert_cmpint (due / G_USEC_PER_SEC, ==, (oldest + 365 * DAY * G_USEC_PER_SEC) / G_USEC_PER_SEC);
  /* a policy enforced at entry holds nothing to count */
  p = find_policy (json_object_get_array_member (json_node_get_object (st), "policies"), "logon.rules");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (p, "held")));
  g_clear_pointer (&st, json_node_unref);

  pd_test_clock_advance (d, 366 * DAY);
  g_assert_cmpint (ctl_retention_run (d), >=, held);
  g_clear_object (&admin);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  st = pd_client_call (admin, "GET", "/v1/retention", NULL, &error);
  g_assert_no_error (error);
  p = find_policy (json_object_get_array_member (json_node_get_object (st), "policies"), "landing.requests");
  g_assert_cmpint (json_object_get_int_member (p, "held"), ==, 0);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (p, "next_due")));
  g_assert_cmpint (json_object_get_int_member (p, "total_purged"), ==, held);

  /* the auditor reads the receipts, newest first; not whether they may run */
  {
    g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
    g_autoptr(PdClient) officer = pd_test_login (d, "officer.ray", NULL, TRUE);
    g_autoptr(JsonNode) a = pd_client_call (auditor, "GET", "/v1/retention", NULL, &error);
    g_autoptr(JsonNode) o = NULL;
    gint64 audited = db_int (d, "SELECT count(*) FROM audit WHERE action = 'retention.receipts'");
    JsonArray *items;
    gboolean found = FALSE;

    g_assert_no_error (error);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (a), "may_run"));
    rec = pd_client_call (auditor, "GET", "/v1/retention/receipts?limit=50", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (db_int (d, "SELECT count(*) FROM audit WHERE action = 'retention.receipts'"), ==, audited + 1);
    items = json_object_get_array_member (json_node_get_object (rec), "items");
    g_assert_cmpuint (json_array_get_length (items), ==,
                      db_int (d, "SELECT count(*) FROM audit WHERE action = 'retention.purge'"));
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        r = json_array_get_object_element (items, i);
        if (i > 0)
          g_assert_cmpint (json_object_get_int_member (r, "seq"), <,
                           json_object_get_int_member (json_array_get_object_element (items, i - 1), "seq"));
        if (g_strcmp0 (json_object_get_string_member (r, "policy"), "landing.requests") != 0)
          continue;
        found = TRUE;
        g_assert_cmpint (json_object_get_int_member (r, "count"), ==, held);
        g_assert_cmpstr (json_object_get_string_member (r, "actor"), ==, "admin.demo");
        g_assert_cmpstr (json_object_get_string_member (r, "data"), ==, "Landing-rights requests");
        g_assert_cmpuint (strlen (json_object_get_string_member (r, "ids_sha256")), ==, 64);
      }
    g_assert_true (found);
    /* a page of one, then the next after it */
    g_clear_pointer (&rec, json_node_unref);
    rec = pd_client_call (auditor, "GET", "/v1/retention/receipts?limit=1", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (rec), "items")), ==, 1);
    g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (json_node_get_object (rec), "next")));
    o = pd_client_call (officer, "GET", "/v1/retention/receipts", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
    g_clear_error (&error);
  }
  {
    g_autofree char *pw = pd_test_password_file (d);
    g_autofree char *out = NULL;

    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "auditor.fox", "--password-file", pw, "--accept-rules",
                                  "retention", "receipts", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "landing.requests"));
  }
}

/* @who re-certifies entitlement @id; the reply's status or the error. */
static JsonNode *
recertify (PdTestDaemon *d,
           const char   *who,
           gint64        id,
           GError      **error)
{
  g_autoptr(PdClient) c = pd_test_login (d, who, NULL, TRUE);
  g_autofree char *path = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/recertify", id);

  return pd_client_post (c, path, error, "note", G_TYPE_STRING, "duties unchanged", NULL);
}

/* The start of the quarter after the one that holds @t (unix us). */
static gint64
next_quarter (gint64 t)
{
  g_autofree char *q = pd_quarter_of (t);
  gint64 start, end;

  g_assert_true (pd_quarter_bounds (q, &start, &end));
  return end;
}

/* Entitlement @id of lpr.ortiz, granted now (training a month ago). */
static gint64
grant_lpr (PdTestDaemon *d)
{
  g_autoptr(PdClient) c = pd_test_grant (d, "lpr.ortiz", "lpr", 30);

  return db_int (d, "SELECT max(id) FROM entitlements WHERE kind = 'lpr'");
}

/* The LPR entitlement granted at T and re-certified every quarter is
 * active at T+365d-1s and lapsed at T+365d+1s; the lapse leaves one
 * receipt; a run with nothing to do none. */
static void
test_entitlement_lapse (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, CONFIG_NO_TIMER);
  g_autoptr(PdClient) analyst = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ent_ids = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  gint64 granted, expires, head, id, lapsed_before;

  id = grant_lpr (d);
  where = g_strdup_printf ("id = %" G_GINT64_FORMAT, id);
  sql = g_strdup_printf ("SELECT granted_at FROM entitlements WHERE %s", where);
  granted = db_int (d, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT expires_at FROM entitlements WHERE %s", where);
  expires = db_int (d, sql);
  g_assert_cmpint (granted, ==, pd_test_daemon_now (d));   /* the test clock stands still */
  g_assert_cmpint (expires, ==, granted + 365 * DAY * G_USEC_PER_SEC);
  analyst = pd_test_login (d, "lpr.ortiz", NULL, TRUE);
  g_assert_true (session_has_lpr (analyst));

  /* a supervisor re-certifies it early in every quarter after the grant's */
  for (gint64 q = next_quarter (granted); q < expires; q = next_quarter (q))
    {
      g_autoptr(JsonNode) r = NULL;

      pd_test_clock_advance (d, (q - pd_test_daemon_now (d)) / G_USEC_PER_SEC + 3 * DAY);
      r = recertify (d, "director.ng", id, &error);
      g_assert_no_error (error);
    }

  /* one second before the year is up: still active after a sweep (its
   * privacy training, older than the grant, no longer counts by then:
   * pd_engine_current_entitlement; test-lpr /lpr/training-lapse) */
  pd_test_clock_advance (d, (expires - pd_test_daemon_now (d)) / G_USEC_PER_SEC - 1);
  ctl_retention_run (d);   /* the demo officers' face grants, never re-certified, lapse */
  head = audit_head (d);
  lapsed_before = db_int (d, "SELECT count(*) FROM entitlements WHERE status = 'lapsed'");
  ctl_retention_run (d);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM entitlements WHERE %s AND status = 'active'", where);
  g_assert_cmpint (db_int (d, sql), ==, 1);
  got = receipts (d, head);
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpstr (((Receipt *) g_ptr_array_index (got, i))->object, !=, "access.entitlement");
  g_clear_pointer (&got, g_ptr_array_unref);
  g_clear_object (&analyst);
  analyst = pd_test_login (d, "lpr.ortiz", NULL, TRUE);

  /* one second after: lapsed, one receipt naming it */
  pd_test_clock_advance (d, 2);
  head = audit_head (d);
  g_assert_cmpint (ctl_retention_run (d), >=, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM entitlements WHERE %s AND status = 'lapsed'", where);
  g_assert_cmpint (db_int (d, sql), ==, 1);
  g_assert_false (session_has_lpr (analyst));
  got = receipts (d, head);
  g_free (sql);
  sql = g_strdup_printf ("SELECT id FROM entitlements WHERE %s", where);
  ent_ids = db_ids (d, sql);
  {
    guint n = 0;
    for (guint i = 0; i < got->len; i++)
      {
        Receipt *r = g_ptr_array_index (got, i);
        if (g_strcmp0 (r->object, "access.entitlement") != 0)
          continue;
        assert_receipt (d, r, "access.entitlement", ent_ids, "admin.demo", "admin");
        n++;
      }
    g_assert_cmpuint (n, ==, 1);
  }
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM entitlements WHERE status = 'lapsed'"), ==, lapsed_before + 1);
  g_clear_pointer (&got, g_ptr_array_unref);

  /* nothing left to purge: no receipt at all */
  head = audit_head (d);
  g_assert_cmpint (ctl_retention_run (d), ==, 0);
  got = receipts (d, head);
  g_assert_cmpuint (got->len, ==, 0);
}

/* Entitlement @id's row in @quarter's re-certification campaign, as the
 * auditor sees it (a new reference). */
static JsonObject *
campaign_row (PdTestDaemon *d,
              const char   *quarter,
              gint64        id)
{
  g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  g_autofree char *path = g_strdup_printf ("/v1/recertifications?quarter=%s", quarter);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (auditor, "GET", path, NULL, &error);
  JsonArray *items;

  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (r), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == id)
      return json_object_ref (json_array_get_object_element (items, i));
  g_error ("entitlement %" G_GINT64_FORMAT " is not in the campaign of %s", id, quarter);
  return NULL;
}

/* The quarterly re-certification: due in the quarter after the grant's,
 * overdue after it, missed (and lapsed by the sweeper, with a receipt) 30
 * days after; never by the holder, never twice, not before it opens. */
static void
test_recertification (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, CONFIG_NO_TIMER);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *quarter = NULL;
  gint64 id, granted, q1, q2, head;
  g_autoptr(JsonObject) row = NULL;

  id = grant_lpr (d);
  granted = pd_test_daemon_now (d);
  q1 = next_quarter (granted);
  q2 = next_quarter (q1);

  /* not open yet: the grant certifies its own quarter */
  r = recertify (d, "director.ng", id, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);

  /* the next quarter: due; the holder may not, a supervisor may, once */
  pd_test_clock_advance (d, (q1 - granted) / G_USEC_PER_SEC + DAY);
  quarter = pd_quarter_of (q1);
  row = campaign_row (d, quarter, id);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "due");
  g_assert_cmpstr (json_object_get_string_member (row, "user"), ==, "lpr.ortiz");
  g_clear_pointer (&row, json_object_unref);
  {
    g_autoptr(PdClient) holder = pd_test_login (d, "lpr.ortiz", NULL, TRUE);
    g_autofree char *p = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/recertify", id);

    r = pd_client_call (holder, "POST", p, NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);   /* the route is the supervisors' */
    g_clear_error (&error);
  }
  r = recertify (d, "director.ng", id, &error);
  g_assert_no_error (error);
  {
    g_autofree char *next = pd_quarter_of (q2);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "next_recertification"), ==, next);
  }
  g_clear_pointer (&r, json_node_unref);
  r = recertify (d, "admin.demo", id, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);   /* once a quarter */
  g_clear_error (&error);
  sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'entitlement.recertify' AND actor = 'director.ng' "
                         "AND object = 'entitlement:%" G_GINT64_FORMAT "'", id);
  g_assert_cmpint (db_int (d, sql), ==, 1);
  row = campaign_row (d, quarter, id);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "certified");
  g_assert_cmpstr (json_object_get_string_member (row, "certified_by"), ==, "director.ng");
  g_clear_pointer (&row, json_object_unref);

  /* the quarter after goes by without one: overdue until 30 days after its
   * end, then the sweeper lapses it with a receipt */
  pd_test_clock_advance (d, (next_quarter (q2) - pd_test_daemon_now (d)) / G_USEC_PER_SEC + 30 * DAY - 1);
  g_free (quarter);
  quarter = pd_quarter_of (q2);
  row = campaign_row (d, quarter, id);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "overdue");
  g_clear_pointer (&row, json_object_unref);
  ctl_retention_run (d);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM entitlements WHERE id = %" G_GINT64_FORMAT " AND status = 'active'", id);
  g_assert_cmpint (db_int (d, sql), ==, 1);

  pd_test_clock_advance (d, 2);
  head = audit_head (d);
  g_assert_cmpint (ctl_retention_run (d), >=, 1);
  g_assert_cmpint (db_int (d, sql), ==, 0);
  {
    g_autoptr(GPtrArray) got = receipts (d, head);
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    guint n = 0;

    g_array_append_val (ids, id);
    for (guint i = 0; i < got->len; i++)
      if (g_strcmp0 (((Receipt *) g_ptr_array_index (got, i))->object, "access.entitlement") == 0)
        {
          assert_receipt (d, g_ptr_array_index (got, i), "access.entitlement", ids, "admin.demo", "admin");
          n++;
        }
    g_assert_cmpuint (n, ==, 1);
  }
  {
    g_autoptr(PdClient) analyst = pd_test_login (d, "lpr.ortiz", NULL, TRUE);
    g_assert_false (session_has_lpr (analyst));
  }
  r = recertify (d, "director.ng", id, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);   /* lapsed: a new request is needed */
  g_clear_error (&error);
}

/* Sessions are purged just after the idle timeout, and just after the
 * absolute lifetime even when kept busy; never before. */
static void
test_session_sweep (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, CONFIG_NO_TIMER);
  const char *users[] = { "ag.lopez", "officer.ray", "tsa.kim" };
  g_autoptr(GArray) idle_ids = NULL;
  g_autoptr(GArray) busy_ids = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(PdClient) busy = NULL;
  gint64 head;

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(PdClient) c = pd_test_login (d, users[i], NULL, TRUE);
    }
  idle_ids = db_ids (d, "SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id"
                        " WHERE u.username IN ('ag.lopez', 'officer.ray', 'tsa.kim') ORDER BY s.id");
  g_assert_cmpuint (idle_ids->len, ==, 3);
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM sessions"), ==, 3);

  /* idle for 30 min - 1 s: kept */
  pd_test_clock_advance (d, 30 * 60 - 1);
  head = audit_head (d);
  g_assert_cmpint (ctl_retention_run (d), ==, 0);
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM sessions"), ==, 3);
  got = receipts (d, head);
  g_assert_cmpuint (got->len, ==, 0);
  g_clear_pointer (&got, g_ptr_array_unref);

  /* idle for 30 min + 1 s: purged, one receipt for the three */
  pd_test_clock_advance (d, 2);
  head = audit_head (d);
  g_assert_cmpint (ctl_retention_run (d), ==, 3);
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM sessions"), ==, 0);
  got = receipts (d, head);
  g_assert_cmpuint (got->len, ==, 1);
  assert_receipt (d, g_ptr_array_index (got, 0), "access.sessions", idle_ids, "admin.demo", "admin");
  g_clear_pointer (&got, g_ptr_array_unref);

  /* a busy session still ends 12 h after it began */
  busy = pd_test_login (d, "ag.chen", NULL, TRUE);
  busy_ids = db_ids (d, "SELECT id FROM sessions");
  g_assert_cmpuint (busy_ids->len, ==, 1);
  for (int i = 0; i < 35; i++)          /* active every 20 min for 11 h 40 min */
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) r = NULL;

      pd_test_clock_advance (d, 20 * 60);
      r = pd_client_call (busy, "GET", "/v1/session", NULL, &error);
      g_assert_no_error (error);
    }
  pd_test_clock_advance (d, 20 * 60 - 1);  /* 12 h - 1 s after login, 20 min - 1 s idle */
  head = audit_head (d);
  g_assert_cmpint (ctl_retention_run (d), ==, 0);
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM sessions"), ==, 1);
  got = receipts (d, head);
  g_assert_cmpuint (got->len, ==, 0);
  g_clear_pointer (&got, g_ptr_array_unref);

  pd_test_clock_advance (d, 2);            /* 12 h + 1 s */
  head = audit_head (d);
  g_assert_cmpint (ctl_retention_run (d), ==, 1);
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM sessions"), ==, 0);
  got = receipts (d, head);
  g_assert_cmpuint (got->len, ==, 1);
  assert_receipt (d, g_ptr_array_index (got, 0), "access.sessions", busy_ids, "admin.demo", "admin");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) r = pd_client_call (busy, "GET", "/v1/session", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  }
}

/* The sweeper also runs on its own timer, as the system. */
static void
test_timer_sweep (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK,
                                                  "[portdeskd]\nretention_interval_seconds=1\n");
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) got = NULL;
  gint64 head, deadline;

  {
    g_autoptr(PdClient) c = pd_test_login (d, "ag.lopez", NULL, TRUE);
  }
  ids = db_ids (d, "SELECT id FROM sessions");
  g_assert_cmpuint (ids->len, ==, 1);
  head = audit_head (d);
  pd_test_clock_advance (d, 31 * 60);

  /* a deadline against a hang, not a timing assertion */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (db_int (d, "SELECT count(*) FROM audit WHERE action = 'retention.purge' AND object = 'access.sessions'") == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the retention timer never purged the idle session");
      g_usleep (50 * 1000);
    }
  got = receipts (d, head);
  g_assert_cmpuint (got->len, ==, 1);
  assert_receipt (d, g_ptr_array_index (got, 0), "access.sessions", ids, "portdeskd", "system");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sessions WHERE id = %" G_GINT64_FORMAT,
                                            g_array_index (ids, gint64, 0));
    g_assert_cmpint (db_int (d, sql), ==, 0);
  }
  /* timer runs leave only receipts */
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM audit WHERE action = 'retention.run'"), ==, 0);
}

/* A demo holding's photo (JPEG) with @marker in a comment segment right
 * after the start of image: decoders skip it, the bytes are ours. */
static GBytes *
marked_photo (PdClient   *admin,
              guint       nth,
              const char *marker)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = pd_client_call (admin, "GET", "/v1/holdings?limit=100", NULL, &error);
  JsonArray *items;
  g_autofree guchar *jpeg = NULL;
  gsize len = 0, mlen = strlen (marker);
  GByteArray *out;

  g_assert_no_error (error);
  items = pd_json_array (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) full = NULL;

      if (pd_json_int (o, "n_photos", 0) == 0 || nth-- > 0)
        continue;
      path = g_strconcat ("/v1/holdings/", pd_json_str (o, "record"), NULL);
      full = pd_client_call (admin, "GET", path, NULL, &error);
      g_assert_no_error (error);
      jpeg = g_base64_decode (json_array_get_string_element (pd_json_array (json_node_get_object (full), "photos"), 0),
                              &len);
      break;
    }
  if (jpeg == NULL)
    return NULL;
  g_assert_true (len > 2 && jpeg[0] == 0xff && jpeg[1] == 0xd8);
  out = g_byte_array_new ();
  g_byte_array_append (out, jpeg, 2);
  g_byte_array_append (out, (const guint8[]) { 0xff, 0xfe, (mlen + 2) >> 8, (mlen + 2) & 0xff }, 4);
  g_byte_array_append (out, (const guint8 *) marker, mlen);
  g_byte_array_append (out, jpeg + 2, len - 2);
  return g_byte_array_free_to_bytes (out);
}

static void
log_files (const char  *what,
           char       **files)
{
  for (guint i = 0; files[i] != NULL; i++)
    g_test_message ("%s: %s", what, files[i]);
}

/* Purged biometrics leave the table files: a gate capture carrying a
 * unique byte string, purged by the sweep after 14 days, is in no file of
 * the database once it has been written out (SQLite: secure_delete;
 * PostgreSQL: the sweep's VACUUM FULL).  What the write-ahead log still
 * holds is reported, not asserted (docs/postgresql.md). */
static void
test_purged_bytes (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP, CONFIG_NO_TIMER);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GDateTime) departs = NULL;
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autofree char *key = NULL, *key_id = NULL, *date = NULL, *path = NULL;
  g_autofree char *marker = g_strdup_printf ("portdesk-purge-test-%08x%08x%08x", g_random_int (), g_random_int (),
                                             g_random_int ());
  g_auto(GStrv) before = NULL, after = NULL, wal = NULL;
  g_autoptr(GPtrArray) got = NULL;
  gint64 head, captures;

  /* the demo TVS flight (SW300 from LAX, departing in 3 h) with its gallery */
  r = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 12, "tvs", G_TYPE_BOOLEAN,
                      TRUE, NULL);
  g_assert_no_error (error);
  departs = g_date_time_new_from_unix_utc (pd_test_daemon_now (d) / G_USEC_PER_SEC + 3 * HOUR);
  date = g_date_time_format (departs, "%Y-%m-%d");
  key = pd_test_api_key (admin, "gate_device", "purge test gate", "LAX", "tvs");
  key_id = g_strndup (key, strcspn (key, "_") + 9);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (admin, "/v1/gates", &error, "key_id", G_TYPE_STRING, key_id, "terminal", G_TYPE_STRING, "4",
                      "gate", G_TYPE_STRING, "42B", NULL);
  g_assert_no_error (error);
  device = pd_test_public_client (d, key);

  /* a capture the service keeps (a crossing or a no-match: not a U.S.
   * citizen's, not a recapture), and a day later another one, kept after
   * the first is purged: the purged bytes are not at the end of the table
   * files, where a plain VACUUM would cut them off */
  path = g_strdup_printf ("/v1/gate/captures?flight=SW300&date=%s", date);
  for (guint k = 0; k < 2; k++)
    {
      captures = db_int (d, "SELECT count(*) FROM tvs_captures");
      for (guint nth = 0; db_int (d, "SELECT count(*) FROM tvs_captures") == captures; nth++)
        {
          g_autoptr(GBytes) photo = marked_photo (admin, nth, k == 0 ? marker : "a later capture");
          g_autoptr(JsonNode) c = NULL;

          g_assert_nonnull (photo);    /* a holding whose capture is kept */
          c = pd_client_call_bytes (device, "POST", path, "image/jpeg", photo, &error);
          g_assert_no_error (error);
        }
      g_assert_cmpint (db_int (d, "SELECT count(*) FROM tvs_captures"), ==, captures + 1);
      if (k == 0)
        {
          /* written out, the capture is found in the table files: the search works */
          pd_test_db_checkpoint (db);
          before = pd_test_db_files_with (db, FALSE, (const guint8 *) marker, strlen (marker));
          log_files ("before the sweep", before);
          g_assert_cmpuint (g_strv_length (before), >=, 1);
          pd_test_clock_advance (d, DAY);
          g_clear_object (&admin);     /* its session has expired */
          admin = pd_test_login (d, "admin.demo", NULL, TRUE);
        }
    }

  /* 14 days and a second after the first: purged with its receipt, the later one kept */
  pd_test_clock_advance (d, 13 * DAY + 1);
  head = audit_head (d);
  pd_test_retention_run (d);
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM tvs_captures"), ==, 1);
  got = receipts (d, head);
  g_assert_true (g_ptr_array_find_with_equal_func (got, "tvs.photos.other", receipt_is, NULL));

  /* and no longer in any table file once written out */
  pd_test_db_checkpoint (db);
  after = pd_test_db_files_with (db, FALSE, (const guint8 *) marker, strlen (marker));
  log_files ("after the sweep", after);
  g_assert_cmpuint (g_strv_length (after), ==, 0);
  wal = pd_test_db_files_with (db, TRUE, (const guint8 *) marker, strlen (marker));
  g_test_message ("the write-ahead log holds the purged bytes in %u file(s)", g_strv_length (wal));
  log_files ("write-ahead log", wal);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/retention/policy-table", test_policy_table);
  g_test_add_func ("/retention/entitlement-lapse", test_entitlement_lapse);
  g_test_add_func ("/retention/recertification", test_recertification);
  g_test_add_func ("/retention/session-sweep", test_session_sweep);
  g_test_add_func ("/retention/timer-sweep", test_timer_sweep);
  g_test_add_func ("/retention/holdings-and-receipts", test_holdings_and_receipts);
  g_test_add_func ("/retention/purged-bytes", test_purged_bytes);
  return g_test_run ();
}
