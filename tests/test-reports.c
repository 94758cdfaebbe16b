/* test-reports.c: the reports of GET /v1/reports against a real portdeskd,
 * each series recomputed here with SQL of its own on the database file
 * (on PostgreSQL, PD_TEST_STORE=postgresql: on a SQLite copy of its rows,
 * so both backends' reports are held to SQLite's answer)
 *
 * Data comes through the real routes (inspection requests of the demo
 * seed, declined TSA checks, an LPR feed's reads and a display's hits,
 * and, when the face models are there, the TVS demo flight); the test
 * states each definition again (docs/reports.md) rather than reuse the
 * service's SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-report.h"
#include "pd-test-daemon.h"

#define DAY_S (24 * 3600)

/* Every row of @sql on @db (bound: ?1 now, ?2 start, ?3 end in us, ?4
 * port or NULL, ?5 and ?6 the days) as "a|b|c" lines, cells as reports
 * write them in CSV. */
static char *
sql_rows (const char *db,
          const char *sql,
          gint64      now,
          gint64      start,
          gint64      end,
          const char *port,
          const char *from,
          const char *to)
{
  sqlite3 *h = NULL;
  sqlite3_stmt *st = NULL;
  GString *out = g_string_new (NULL);
  int n;

  g_assert_cmpint (sqlite3_open_v2 (db, &h, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (h, 10000);
  if (sqlite3_prepare_v2 (h, sql, -1, &st, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (h));
  n = sqlite3_bind_parameter_count (st);
  for (int i = 1; i <= n; i++)
    switch (i)
      {
      case 1: sqlite3_bind_int64 (st, i, now); break;
      case 2: sqlite3_bind_int64 (st, i, start); break;
      case 3: sqlite3_bind_int64 (st, i, end); break;
      case 4: if (port != NULL) sqlite3_bind_text (st, i, port, -1, SQLITE_TRANSIENT); break;
      case 5: sqlite3_bind_text (st, i, from, -1, SQLITE_TRANSIENT); break;
      default: sqlite3_bind_text (st, i, to, -1, SQLITE_TRANSIENT); break;
      }
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (st); c++)
        {
          if (c > 0)
            g_string_append_c (out, '|');
          if (sqlite3_column_type (st, c) == SQLITE_INTEGER)
            g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (st, c));
          else if (sqlite3_column_type (st, c) == SQLITE_FLOAT)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.1f", sqlite3_column_double (st, c)));
            }
          else if (sqlite3_column_type (st, c) != SQLITE_NULL)
            g_string_append (out, (const char *) sqlite3_column_text (st, c));
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (st);
  sqlite3_close (h);
  return g_string_free (out, FALSE);
}

/* The rows of @report's series @name, as sql_rows writes them. */
static char *
series_rows (JsonObject *report,
             const char *name)
{
  JsonObject *s = pd_report_series (report, name);
  JsonArray *rows;
  GString *out = g_string_new (NULL);

  g_assert_nonnull (s);
  rows = pd_json_array (s, "rows");
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);

      for (guint c = 0; c < json_array_get_length (row); c++)
        {
          g_autofree char *t = pd_report_cell_text (json_array_get_element (row, c), TRUE);

          g_string_append_printf (out, "%s%s", c > 0 ? "|" : "", t);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  PdTestDaemon *d;
  char         *db;
  char         *from, *to;
  gint64        start, end;
} Ctx;

/* The database the test's own SQL (SQLite's) runs on: the daemon's file,
 * or on PostgreSQL a SQLite copy of the reported tables as they are now,
 * so a report computed by PostgreSQL is compared with SQLite's answer on
 * the same rows. */
static char *
recompute_db (Ctx *x)
{
  static const char * const tables[] = {
    "insp_requests", "identity_checks", "lpr_reads", "lpr_alerts", "lpr_alert_reads", "audit", "flags",
    "tvs_flights", "tvs_travellers", "tvs_encounters", NULL,
  };

  return pd_test_db_sqlite_copy (x->db, x->d->dir, tables);
}

static JsonObject *
get_report (PdClient    *c,
            const char  *name,
            const char  *from,
            const char  *to,
            const char  *by,
            JsonNode   **keep)
{
  g_autofree char *path = g_strdup_printf ("/v1/reports/%s?from=%s&to=%s%s%s", name, from, to,
                                           by != NULL ? "&by=" : "", by != NULL ? by : "");
  g_autoptr(GError) error = NULL;

  *keep = pd_client_call (c, "GET", path, NULL, &error);
  g_assert_no_error (error);
  return json_node_get_object (*keep);
}

/* Report @name's series @series for @c equals @sql on the database (the
 * rows may not be empty unless @may_be_empty). */
static void
check (Ctx        *x,
       PdClient   *c,
       const char *name,
       const char *by,
       const char *series,
       const char *port,
       const char *sql,
       gboolean    may_be_empty)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *r = get_report (c, name, x->from, x->to, by, &keep);
  g_autofree char *got = series_rows (r, series);
  g_autofree char *db = recompute_db (x);
  g_autofree char *want = sql_rows (db, sql, pd_test_daemon_now (x->d), x->start, x->end, port, x->from, x->to);

  g_test_message ("%s/%s by %s:\n%s", name, series, by, got);
  g_assert_cmpstr (got, ==, want);
  if (!may_be_empty)
    g_assert_cmpstr (got, !=, "");
}

#define DAY_OF(col)  "date(" col " / 1000000, 'unixepoch')"
#define WEEK_OF(col) "date(" col " / 1000000, 'unixepoch', '-' || ((strftime('%w', " col " / 1000000, 'unixepoch') + 6) % 7) || ' days')"
#define IS_LATE \
  "(status <> 'cancelled' AND (iif(decided_at > 0, decided_at, ?1) - submitted_at > sla_decision_us OR " \
  "(arrived_at > 0 AND iif(started_at > 0, started_at, ?1) - arrived_at > sla_inspection_us)))"
#define IN_RANGE(col) col " >= ?2 AND " col " < ?3"

static void
check_scheduling (Ctx      *x,
                  PdClient *auditor,
                  PdClient *director)
{
  check (x, auditor, "scheduling", "day", "status", NULL,
         "SELECT " DAY_OF ("submitted_at") " AS d, count(*), sum(status = 'submitted'), sum(status = 'accepted'), "
         "sum(status = 'scheduled'), sum(status = 'rescheduled'), sum(status = 'arrived'), "
         "sum(status = 'in_progress'), sum(status = 'completed'), sum(status = 'rejected'), "
         "sum(status = 'cancelled'), sum(status = 'no_show') FROM insp_requests WHERE " IN_RANGE ("submitted_at")
         " GROUP BY d ORDER BY d", FALSE);
  check (x, auditor, "scheduling", "port", "kind", NULL,
         "SELECT port, count(*), sum(kind = 'personal_goods'), sum(kind = 'cargo'), sum(kind = 'commercial_vessel') "
         "FROM insp_requests WHERE " IN_RANGE ("submitted_at") " GROUP BY port ORDER BY port", FALSE);
  check (x, auditor, "scheduling", "week", "late", NULL,
         "SELECT " WEEK_OF ("submitted_at") " AS w, count(*), sum(" IS_LATE "), "
         "round(sum(" IS_LATE ") * 100.0 / count(*), 1) FROM insp_requests WHERE " IN_RANGE ("submitted_at")
         " GROUP BY w ORDER BY w", FALSE);
  check (x, auditor, "scheduling", "kind", "sla", NULL,
         "SELECT kind, sum(decided_at > 0), sum(decided_at > 0 AND decided_at - submitted_at <= sla_decision_us), "
         "round(100.0 * sum(decided_at > 0 AND decided_at - submitted_at <= sla_decision_us) / "
         "nullif(sum(decided_at > 0), 0), 1), sum(arrived_at > 0 AND started_at > 0), "
         "sum(arrived_at > 0 AND started_at > 0 AND started_at - arrived_at <= sla_inspection_us), "
         "round(100.0 * sum(arrived_at > 0 AND started_at > 0 AND started_at - arrived_at <= sla_inspection_us) / "
         "nullif(sum(arrived_at > 0 AND started_at > 0), 0), 1) FROM insp_requests WHERE "
         IN_RANGE ("submitted_at") " GROUP BY kind ORDER BY kind", FALSE);
  check (x, auditor, "scheduling", "day", "sla_port_week", NULL,
         "SELECT port || ' ' || " WEEK_OF ("submitted_at") " AS k, count(*), sum(" IS_LATE "), "
         "round(100.0 * (count(*) - sum(" IS_LATE ")) / count(*), 1) FROM insp_requests WHERE "
         IN_RANGE ("submitted_at") " GROUP BY k ORDER BY k", FALSE);
  check (x, auditor, "scheduling", "day", "hours", NULL,
         "SELECT CASE strftime('%w', submitted_at / 1000000, 'unixepoch') WHEN '0' THEN 'Sun' WHEN '1' THEN 'Mon' "
         "WHEN '2' THEN 'Tue' WHEN '3' THEN 'Wed' WHEN '4' THEN 'Thu' WHEN '5' THEN 'Fri' ELSE 'Sat' END, "
         "CAST(strftime('%H', submitted_at / 1000000, 'unixepoch') AS INTEGER) AS h, count(*) FROM insp_requests "
         "WHERE " IN_RANGE ("submitted_at") " GROUP BY 1, 2 "
         "ORDER BY (strftime('%w', submitted_at / 1000000, 'unixepoch') + 6) % 7, h", FALSE);
  /* a port director: the port's own requests only */
  check (x, director, "scheduling", "day", "status", "LAX",
         "SELECT " DAY_OF ("submitted_at") " AS d, count(*), sum(status = 'submitted'), sum(status = 'accepted'), "
         "sum(status = 'scheduled'), sum(status = 'rescheduled'), sum(status = 'arrived'), "
         "sum(status = 'in_progress'), sum(status = 'completed'), sum(status = 'rejected'), "
         "sum(status = 'cancelled'), sum(status = 'no_show') FROM insp_requests WHERE " IN_RANGE ("submitted_at")
         " AND port = ?4 GROUP BY d ORDER BY d", FALSE);
}

/* nearest rank: the smallest value with at least @rank values (of its
 * group @g of "v") at or below it */
#define RANK_VALUE(g, rank) \
  "(SELECT min(v1.ms) FROM v v1 WHERE v1." g " = n." g " AND (SELECT count(*) FROM v v2 WHERE v2." g " = n." g \
  " AND v2.ms <= v1.ms) >= " rank ")"

static void
check_tsa (Ctx      *x,
           PdClient *tsa)
{
  check (x, tsa, "tsa", "day", "checks", NULL,
         "SELECT " DAY_OF ("created_at") " AS d, count(*), sum(outcome = 'match'), sum(outcome = 'no-match'), "
         "sum(outcome = 'not-usable'), sum(outcome = 'declined') FROM identity_checks WHERE "
         IN_RANGE ("created_at") " GROUP BY d ORDER BY d", FALSE);
  check (x, tsa, "tsa", "port", "fallbacks", NULL,
         "SELECT coalesce(port, 'unknown') AS p, sum(fallback <> 'none'), sum(fallback = 'verified'), "
         "sum(fallback = 'not-verified') FROM identity_checks WHERE " IN_RANGE ("created_at")
         " GROUP BY p ORDER BY p", FALSE);
  check (x, tsa, "tsa", "port", "response", NULL,
         "WITH v AS (SELECT coalesce(port, 'unknown') AS p, response_ms AS ms FROM identity_checks WHERE "
         IN_RANGE ("created_at") " AND response_ms IS NOT NULL), "
         "n AS (SELECT p, count(*) AS c FROM v GROUP BY p) "
         "SELECT n.p, n.c, " RANK_VALUE ("p", "(n.c + 1) / 2") ", " RANK_VALUE ("p", "(95 * n.c + 99) / 100") ", "
         "(SELECT max(ms) FROM v WHERE v.p = n.p) FROM n ORDER BY n.p", TRUE);
}

static void
check_lpr (Ctx      *x,
           PdClient *analyst)
{
  check (x, analyst, "lpr", "day", "reads", NULL,
         "SELECT " DAY_OF ("observed_at") " AS d, count(*), count(DISTINCT plate_key) FROM lpr_reads WHERE "
         IN_RANGE ("observed_at") " GROUP BY d ORDER BY d", FALSE);
  check (x, analyst, "lpr", "state", "hits", NULL,
         "SELECT state, sum(kind = 'hit'), sum(kind = 'possible') FROM lpr_alerts WHERE " IN_RANGE ("created_at")
         " GROUP BY state ORDER BY state", FALSE);
  check (x, analyst, "lpr", "reader", "dispositions", NULL,
         "SELECT (SELECT r.reader_id FROM lpr_alert_reads ar, lpr_reads r WHERE ar.alert_id = a.id AND "
         "r.id = ar.read_id ORDER BY r.observed_at LIMIT 1) AS reader, sum(disposition IS NULL), "
         "sum(disposition = 'confirmed'), sum(disposition = 'misread'), sum(disposition = 'not-relevant') "
         "FROM lpr_alerts a WHERE " IN_RANGE ("created_at") " GROUP BY reader ORDER BY reader", FALSE);
  check (x, analyst, "lpr", "day", "hours", NULL,
         "SELECT CASE strftime('%w', observed_at / 1000000, 'unixepoch') WHEN '0' THEN 'Sun' WHEN '1' THEN 'Mon' "
         "WHEN '2' THEN 'Tue' WHEN '3' THEN 'Wed' WHEN '4' THEN 'Thu' WHEN '5' THEN 'Fri' ELSE 'Sat' END, "
         "CAST(strftime('%H', observed_at / 1000000, 'unixepoch') AS INTEGER) AS h, count(*) FROM lpr_reads "
         "WHERE " IN_RANGE ("observed_at") " GROUP BY 1, 2 "
         "ORDER BY (strftime('%w', observed_at / 1000000, 'unixepoch') + 6) % 7, h", FALSE);
}

/* The audit as it stood when the report ran: the entries before its own. */
static void
check_oversight (Ctx      *x,
                 PdClient *auditor)
{
  static const struct { const char *by, *series, *sql; } cases[] = {
    { "role", "activity",
      "SELECT role, count(*), sum(outcome = 'ok'), sum(outcome = 'denied'), sum(outcome NOT IN ('ok', 'denied')) "
      "FROM audit WHERE " IN_RANGE ("at") " AND seq < %s GROUP BY role ORDER BY role" },
    { "day", "families",
      "SELECT substr(action, 1, instr(action || '.', '.') - 1) AS f, count(*), sum(outcome = 'denied') "
      "FROM audit WHERE " IN_RANGE ("at") " AND seq < %s GROUP BY f ORDER BY 2 DESC, 1" },
    { "day", "hour_of_day",
      "SELECT strftime('%%H', at / 1000000, 'unixepoch') AS h, count(*) FROM audit WHERE " IN_RANGE ("at")
      " AND seq < %s GROUP BY h ORDER BY h" },
    /* (the three declines in a minute made a bulk flag: flag_bulk_max=2) */
    { "day", "flags",
      "SELECT rule, count(*), sum(state = 'open'), sum(state = 'cleared'), sum(state = 'escalated'), "
      "sum(state = 'suspended') FROM flags WHERE " IN_RANGE ("raised_at") " GROUP BY rule ORDER BY rule" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) keep = NULL;
      JsonObject *r = get_report (auditor, "oversight", x->from, x->to, cases[i].by, &keep);
      g_autofree char *got = series_rows (r, cases[i].series);
      g_autofree char *own = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              pd_test_db_int (x->db, "SELECT max(seq) FROM audit WHERE "
                                                                     "action = 'report.oversight'"));
      g_autofree char *sql = NULL;
      g_autofree char *db = NULL;
      g_autofree char *want = NULL;
      GString *s = g_string_new (cases[i].sql);

      g_string_replace (s, "%s", own, 0);
      g_string_replace (s, "%%", "%", 0);
      sql = g_string_free (s, FALSE);
      db = recompute_db (x);
      want = sql_rows (db, sql, 0, x->start, x->end, NULL, x->from, x->to);
      g_test_message ("oversight/%s:\n%s", cases[i].series, got);
      g_assert_cmpstr (got, ==, want);
      g_assert_cmpstr (got, !=, "");
    }
}

#define TVS_AGE(b, d) \
  "(CAST(substr(" d ", 1, 4) AS INTEGER) - CAST(substr(" b ", 1, 4) AS INTEGER) - (substr(" d ", 6) < substr(" b ", 6)))"

static void
check_tvs (Ctx      *x,
           PdClient *auditor)
{
  /* by citizenship: expected from the manifests (in scope), the rest from
   * the gates; travellers nobody matched are "unknown" */
  check (x, auditor, "tvs", "citizenship", "rates", NULL,
         "WITH e AS (SELECT coalesce(t.nationality, 'unknown') AS k, "
         "sum(e.outcome IN ('crossing', 'usc', 'no-match')) AS ph, sum(e.outcome IN ('crossing', 'usc')) AS m, "
         "count(DISTINCT iif(e.outcome IN ('crossing', 'usc'), e.traveller_id, NULL)) AS cf "
         "FROM tvs_encounters e LEFT JOIN tvs_travellers t ON t.id = e.traveller_id "
         "WHERE e.departure_date BETWEEN ?5 AND ?6 GROUP BY k), "
         "p AS (SELECT t.nationality AS k, count(*) AS ex, sum(t.state = 'biographic-only') AS bo "
         "FROM tvs_travellers t JOIN tvs_flights f ON f.id = t.flight_id WHERE f.departure_date BETWEEN ?5 AND ?6 "
         "AND t.state IN ('gallery', 'biographic-only') AND t.nationality IS NOT NULL GROUP BY k), "
         "ks AS (SELECT k FROM e UNION SELECT k FROM p) "
         "SELECT ks.k, p.ex, coalesce(e.ph, 0), coalesce(e.m, 0), coalesce(e.cf, 0), "
         "round(100.0 * e.m / nullif(e.ph, 0), 1), round(100.0 * coalesce(e.cf, 0) / p.ex, 1), p.bo "
         "FROM ks LEFT JOIN e ON e.k = ks.k LEFT JOIN p ON p.k = ks.k ORDER BY ks.k", FALSE);
  check (x, auditor, "tvs", "gate", "outcomes", NULL,
         "SELECT terminal || ' ' || gate AS g, sum(outcome IN ('crossing', 'usc')), sum(outcome = 'no-match'), "
         "sum(outcome = 'recapture'), sum(outcome = 'outage'), sum(outcome = 'opt-out') FROM tvs_encounters "
         "WHERE departure_date BETWEEN ?5 AND ?6 GROUP BY g ORDER BY g", FALSE);
  check (x, auditor, "tvs", "age", "outcomes", NULL,
         "SELECT coalesce(CASE WHEN a IS NULL OR a < 0 THEN NULL WHEN a < 18 THEN '14-17' WHEN a < 30 THEN '18-29' "
         "WHEN a < 50 THEN '30-49' WHEN a < 65 THEN '50-64' ELSE '65-79' END, 'unknown') AS band, "
         "sum(outcome IN ('crossing', 'usc')), sum(outcome = 'no-match'), sum(outcome = 'recapture'), "
         "sum(outcome = 'outage'), sum(outcome = 'opt-out') FROM (SELECT e.outcome, "
         TVS_AGE ("t.birth_date", "e.departure_date") " AS a FROM tvs_encounters e LEFT JOIN tvs_travellers t "
         "ON t.id = e.traveller_id WHERE e.departure_date BETWEEN ?5 AND ?6) GROUP BY band ORDER BY band", FALSE);
  check (x, auditor, "tvs", "day", "gallery", NULL,
         "WITH v AS (SELECT departure_date AS d, gallery_ms AS ms FROM tvs_flights WHERE gallery_at IS NOT NULL "
         "AND gallery_ms IS NOT NULL AND departure_date BETWEEN ?5 AND ?6), n AS (SELECT d, count(*) AS c FROM v "
         "GROUP BY d) SELECT n.d, n.c, " RANK_VALUE ("d", "(n.c + 1) / 2") ", " RANK_VALUE ("d", "(95 * n.c + 99) / 100") ", "
         "(SELECT max(ms) FROM v WHERE v.d = n.d) FROM n ORDER BY n.d", FALSE);
}

static JsonObject *
read_at (const char *plate,
         const char *state,
         const char *reader,
         gint64      at)
{
  JsonObject *o = json_object_new ();
  g_autofree char *t = pd_time_format (at);

  json_object_set_string_member (o, "plate", plate);
  json_object_set_string_member (o, "state", state);
  json_object_set_string_member (o, "observed_at", t);
  json_object_set_string_member (o, "reader_id", reader);
  json_object_set_string_member (o, "camera_type", "fixed");
  return o;
}

static void
seed_lpr (PdTestDaemon *d,
          PdClient     *admin,
          PdClient     *analyst,
          gint64        now)
{
  g_autofree char *key = pd_test_api_key (admin, "lpr_feed", "Caltrans feed", NULL, "lpr");
  g_autoptr(PdClient) feed = pd_test_public_client (d, key);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL, s = NULL;
  JsonArray *reads = json_array_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  static const char * const plates[] = { "7ABC123", "7ABCI23", "4XYZ999", "8DEF456", "7ABC123", "1GHJ222" };

  r = pd_client_post (analyst, "/v1/lpr/displays", &error, "name", G_TYPE_STRING, "Stolen", "reason",
                      G_TYPE_STRING, "NCIC stolen", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (analyst, "/v1/lpr/displays/1/items", &error, "plate", G_TYPE_STRING, "7ABC123", "state",
                      G_TYPE_STRING, "CA", "reason", G_TYPE_STRING, "stolen", NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 24; i++)
    json_array_add_object_element (reads, read_at (plates[i % G_N_ELEMENTS (plates)], i % 3 == 0 ? "AZ" : "CA",
                                                   i % 2 == 0 ? "SY-04" : "OM-11",
                                                   now - (gint64) (i * 5 + 1) * 3600 * G_USEC_PER_SEC));
  json_object_set_array_member (body, "reads", reads);
  node = json_node_init_object (json_node_alloc (), body);
  s = pd_client_call (feed, "POST", "/v1/lpr/reads", node, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (analyst, "/v1/lpr/alerts/1/disposition", &error, "disposition", G_TYPE_STRING, "confirmed",
                      "reason", G_TYPE_STRING, "stopped at the port", NULL);
  g_assert_no_error (error);
  {
    g_autofree char *db = pd_test_daemon_db_path (d);

    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_alerts"), >=, 1);
  }
}

static void
refused (PdClient   *c,
         const char *path,
         GQuark      domain,
         int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (c, "GET", path, NULL, &error);

  g_assert_null (r);
  g_assert_error (error, domain, code);
}

static void
test_reports (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP, "[portdeskd]\nsession_idle_minutes=1440\n"
                                                  "flag_bulk_actions=identity.decline\nflag_bulk_max=2\n");
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  g_autoptr(PdClient) director = pd_test_login (d, "director.ng", NULL, TRUE);
  g_autoptr(PdClient) tsa = pd_test_login (d, "tsa.kim", NULL, TRUE);
  g_autoptr(PdClient) pau = pd_test_login (d, "pau.diaz", NULL, TRUE);
  g_autoptr(PdClient) analyst = pd_test_grant (d, "lpr.ortiz", "lpr", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GDateTime) now_dt = NULL, first = NULL;
  gboolean tvs;
  Ctx x = { 0 };
  gint64 now;

  x.d = d;
  x.db = pd_test_daemon_db_path (d);
  r = pd_client_post (admin, "/v1/demo/seed", &error, "requests", G_TYPE_INT64, (gint64) 120, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  for (guint i = 0; i < 3; i++)
    {
      r = pd_client_call (tsa, "POST", "/v1/identity/declined", NULL, &error);
      g_assert_no_error (error);
      g_clear_pointer (&r, json_node_unref);
    }
  r = pd_client_call (admin, "POST", "/v1/flags/scan", NULL, &error);   /* a bulk flag for tsa.kim */
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  now = pd_test_daemon_now (d);
  seed_lpr (d, admin, analyst, now);
  /* the TVS demo flight needs the face models */
  r = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 12, "tvs", G_TYPE_BOOLEAN,
                      TRUE, NULL);
  tvs = r != NULL;
  if (!tvs)
    g_test_message ("no TVS data (%s): the TVS checks are skipped", error->message);
  g_clear_error (&error);
  g_clear_pointer (&r, json_node_unref);

  now_dt = g_date_time_new_from_unix_utc (pd_test_daemon_now (d) / G_USEC_PER_SEC);
  first = g_date_time_add_days (now_dt, -20);
  x.to = g_date_time_format (now_dt, "%Y-%m-%d");
  x.from = g_date_time_format (first, "%Y-%m-%d");
  {
    g_autoptr(GDateTime) a = g_date_time_new_utc (g_date_time_get_year (first), g_date_time_get_month (first),
                                                  g_date_time_get_day_of_month (first), 0, 0, 0);

    x.start = g_date_time_to_unix (a) * G_USEC_PER_SEC;
    x.end = x.start + 21LL * DAY_S * G_USEC_PER_SEC;
  }

  /* the list: each role its own reports */
  {
    static const struct { const char *user; const char *names; } want[] = {
      { "auditor.fox", "scheduling tsa tvs lpr oversight" }, { "director.ng", "scheduling tvs" },
      { "tsa.kim", "tsa" }, { "lpr.ortiz", "lpr" }, { "pau.diaz", "" },
    };
    PdClient *clients[] = { auditor, director, tsa, analyst, pau };

    for (guint i = 0; i < G_N_ELEMENTS (want); i++)
      {
        g_autoptr(JsonNode) l = pd_client_call (clients[i], "GET", "/v1/reports", NULL, &error);
        JsonArray *items;
        g_autoptr(GString) names = g_string_new (NULL);

        g_assert_no_error (error);
        items = pd_json_array (json_node_get_object (l), "items");
        for (guint k = 0; k < json_array_get_length (items); k++)
          g_string_append_printf (names, "%s%s", k > 0 ? " " : "",
                                  pd_json_str (json_array_get_object_element (items, k), "name"));
        g_assert_cmpstr (names->str, ==, want[i].names);
      }
  }

  check_scheduling (&x, auditor, director);
  check_tsa (&x, tsa);
  check_lpr (&x, analyst);
  check_oversight (&x, auditor);
  if (tvs)
    check_tvs (&x, auditor);

  /* refusals: by role, audited; bad ranges and groupings */
  refused (tsa, "/v1/reports/scheduling", PD_ERROR, PD_ERROR_FORBIDDEN);
  refused (director, "/v1/reports/lpr", PD_ERROR, PD_ERROR_FORBIDDEN);
  refused (director, "/v1/reports/oversight", PD_ERROR, PD_ERROR_FORBIDDEN);
  refused (pau, "/v1/reports/tvs", PD_ERROR, PD_ERROR_FORBIDDEN);
  refused (analyst, "/v1/reports/tsa", PD_ERROR, PD_ERROR_FORBIDDEN);
  g_assert_cmpint (pd_test_db_int (x.db, "SELECT count(*) FROM audit WHERE action = 'report.lpr' AND "
                                         "outcome = 'denied' AND actor = 'director.ng'"), ==, 1);
  refused (auditor, "/v1/reports/nonesuch", PD_ERROR, PD_ERROR_NOT_FOUND);
  refused (auditor, "/v1/reports/tsa?from=2026-12-05&to=2026-12-01", PD_ERROR, PD_ERROR_INVALID);
  refused (auditor, "/v1/reports/tsa?from=2026-02-30&to=2026-03-01", PD_ERROR, PD_ERROR_INVALID);
  refused (auditor, "/v1/reports/tsa?from=yesterday&to=2026-03-01", PD_ERROR, PD_ERROR_INVALID);
  refused (auditor, "/v1/reports/tsa?from=2024-01-01&to=2025-06-01", PD_ERROR, PD_ERROR_INVALID);
  refused (auditor, "/v1/reports/tsa?by=gate", PD_ERROR, PD_ERROR_INVALID);
  refused (auditor, "/v1/reports/oversight?by=x.at%29--", PD_ERROR, PD_ERROR_INVALID);
  /* a full year is fine; no range: the last 30 days */
  {
    g_autoptr(JsonNode) y = pd_client_call (auditor, "GET", "/v1/reports/tsa?from=2025-01-01&to=2025-12-31", NULL,
                                            &error);
    g_autoptr(JsonNode) dflt = NULL;
    g_autoptr(GDateTime) m29 = g_date_time_add_days (now_dt, -29);
    g_autofree char *want_from = g_date_time_format (m29, "%Y-%m-%d");

    g_assert_no_error (error);
    dflt = pd_client_call (auditor, "GET", "/v1/reports/tsa", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pd_json_str (json_node_get_object (dflt), "from"), ==, want_from);
    g_assert_cmpstr (pd_json_str (json_node_get_object (dflt), "to"), ==, x.to);
    g_assert_cmpstr (pd_json_str (json_node_get_object (dflt), "by"), ==, "day");
  }

  /* portdeskctl: the list, tables, CSV, and `identity report` as the TSA report */
  {
    g_autofree char *pwfile = g_build_filename (d->dir, "pw", NULL);
    g_autofree char *out = NULL, *csv = NULL, *list = NULL, *tsa_out = NULL;

    g_assert_true (g_file_set_contents (pwfile, PD_TEST_DEMO_PASSWORD, -1, NULL));
    g_assert_cmpint (pd_test_ctl (d, &list, "--user", "director.ng", "--password-file", pwfile, "--accept-rules",
                                  "report", NULL), ==, 0);
    g_assert_nonnull (strstr (list, "scheduling"));
    g_assert_null (strstr (list, "oversight"));
    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "auditor.fox", "--password-file", pwfile, "--accept-rules",
                                  "report", "lpr", "--from", x.from, "--to", x.to, "--by", "state", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Hits and possible hits (hits)"));
    g_assert_cmpint (pd_test_ctl (d, &csv, "--user", "auditor.fox", "--password-file", pwfile, "--accept-rules",
                                  "report", "scheduling", "--from", x.from, "--to", x.to, "--by", "port",
                                  "--series", "kind", "--csv", NULL), ==, 0);
    g_assert_true (g_str_has_prefix (csv, "\"series\",\"key\",\"requests\",\"personal_goods\",\"cargo\","
                                          "\"commercial_vessel\"\r\n\"kind\",\"ELP\","));
    g_assert_cmpint (pd_test_ctl (d, &tsa_out, "--user", "tsa.kim", "--password-file", pwfile, "--accept-rules",
                                  "identity", "report", "--from", x.from, "--to", x.to, NULL), ==, 0);
    g_assert_nonnull (strstr (tsa_out, "Submissions and outcomes"));
    g_assert_cmpint (pd_test_ctl (d, NULL, "--user", "director.ng", "--password-file", pwfile, "--accept-rules",
                                  "report", "lpr", NULL), ==, 4);
    g_assert_cmpint (pd_test_ctl (d, NULL, "--user", "auditor.fox", "--password-file", pwfile, "--accept-rules",
                                  "report", "tsa", "--from", x.to, "--to", x.from, NULL), ==, 1);
  }
  g_free (x.db);
  g_free (x.from);
  g_free (x.to);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reports/recomputed", test_reports);
  return g_test_run ();
}
