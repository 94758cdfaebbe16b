/* dashboard.c: the Scheduling Dashboard's filtered page queries against a
 * real portdeskd holding N requests (default 100000), beside the same
 * filters run as bare SQLite queries on the same database file (the floor
 * under any service built on it).  Prints medians and p99 and the ratio.
 *
 *   bench/dashboard [N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-dashboard"

#include <sqlite3.h>

#include "pd-bench-util.h"
#include "pd-clock.h"
#include "pd-json.h"
#include "pd-test-daemon.h"

#define RUNS 40

typedef struct {
  const char *name;
  const char *api;     /* query string of GET /v1/inspections */
  const char *sql;     /* the same filter on the bare table; ?1 = port, ?2 = now */
} Case;

/* what the rows form reads of a request, and the unread count it adds */
#define ROWS_SQL "r.ref, r.kind, r.port, r.status, r.company, r.contact_name, r.vessel_name, r.window_start, " \
  "r.slot_start, r.slot_end, r.perishable, r.submitted_at, r.decided_at, r.arrived_at, r.started_at, " \
  "r.first_commodity, r.n_commodities, r.search_text"
#define UNREAD_SQL "(SELECT count(*) FROM insp_chat m WHERE m.request_id = r.id AND m.side != 'officer' AND " \
  "m.id > coalesce((SELECT last_read_id FROM insp_chat_reads k WHERE k.request_id = r.id AND k.reader = 'ag.lopez'), 0))"

static const Case cases[] = {
  { "first page, by requested time", "limit=50",
    "SELECT * FROM insp_requests WHERE port = ?1 ORDER BY window_start, id LIMIT 50" },
  { "status = submitted", "status=submitted&limit=50",
    "SELECT * FROM insp_requests WHERE port = ?1 AND status = 'submitted' ORDER BY window_start, id LIMIT 50" },
  { "late only, by SLA", "late=1&sort=sla&limit=50",
    "SELECT * FROM insp_requests WHERE port = ?1 AND status != 'cancelled' AND "
    "((CASE WHEN decided_at > 0 THEN decided_at ELSE ?2 END) - submitted_at > sla_decision_us) "
    "ORDER BY submitted_at + sla_decision_us LIMIT 50" },
  { "text search 'roses'", "q=roses&limit=50",
    "SELECT * FROM insp_requests r WHERE port = ?1 AND (company LIKE '%roses%' OR EXISTS "
    "(SELECT 1 FROM insp_commodities c WHERE c.request_id = r.id AND c.description LIKE '%roses%')) "
    "ORDER BY window_start, id LIMIT 50" },
  { "page 100 (offset 5000)", "limit=50&offset=5000",
    "SELECT * FROM insp_requests WHERE port = ?1 ORDER BY window_start, id LIMIT 50 OFFSET 5000" },
  /* the app's load: the rows form, and its parts */
  { "rows form, 1 row (fixed costs)", "form=rows&limit=1",
    "SELECT " ROWS_SQL " FROM insp_requests r WHERE port = ?1 ORDER BY window_start, id LIMIT 1" },
  { "rows form, 4000 rows", "form=rows&limit=4000&offset=4000",
    "SELECT " ROWS_SQL " FROM insp_requests r WHERE port = ?1 ORDER BY window_start, id LIMIT 4000 OFFSET 4000" },
  { "  the same SQL with unread counts", "form=rows&limit=4000&offset=4000",
    "SELECT " ROWS_SQL ", " UNREAD_SQL " FROM insp_requests r WHERE port = ?1 "
    "ORDER BY window_start, id LIMIT 4000 OFFSET 4000" },
  { "full form, 500 rows (before)", "limit=500&offset=4000",
    "SELECT * FROM insp_requests WHERE port = ?1 ORDER BY window_start, id LIMIT 500 OFFSET 4000" },
};

/* The answer read, not parsed (parsed after, for its total). */
static double
time_api (PdClient   *client,
          const char *query,
          gint64     *out_total)
{
  g_autofree char *path = g_strconcat ("/v1/inspections?", query, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) r = NULL;
  guint status = 0;
  double t0 = pd_bench_now_ms (), ms;

  bytes = pd_client_call_raw (client, "GET", path, NULL, NULL, &status, &error);
  ms = pd_bench_now_ms () - t0;
  r = bytes != NULL ? pd_client_decode_reply (status, bytes, &error) : NULL;
  if (r == NULL)
    g_error ("%s: %s", path, error->message);
  *out_total = json_object_get_int_member (json_node_get_object (r), "total");
  return ms;
}

static double
time_sql (sqlite3    *db,
          const char *sql,
          gint64      now)
{
  sqlite3_stmt *stmt = NULL;
  double t0 = pd_bench_now_ms ();
  int rows = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, "LAX", -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  sqlite3_finalize (stmt);
  return pd_bench_now_ms () - t0;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL;
  g_autoptr(PdClient) officer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *db_path = NULL;
  sqlite3 *db = NULL;
  double seed_ms;

  if (n == 0 || n > 200000)
    {
      g_printerr ("usage: dashboard [N (1..200000)]\n");
      return 2;
    }
  if (g_getenv ("PORTDESKD") == NULL)
    g_setenv ("PORTDESKD", PD_BUILD_ROOT "/src/service/portdeskd", TRUE);

  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  seed_ms = pd_bench_now_ms ();
  r = pd_client_post (admin, "/v1/demo/seed", &error, "requests", G_TYPE_INT64, (gint64) n, NULL);
  if (r == NULL)
    g_error ("seed: %s", error->message);
  seed_ms = pd_bench_now_ms () - seed_ms;
  officer = pd_test_login (d, "ag.lopez", NULL, TRUE);
  db_path = pd_test_daemon_db_path (d);
  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("cannot open %s", db_path);

  g_print ("Scheduling Dashboard queries: %u requests (+300 demo) in the database, officer of LAX; "
           "%d runs each; seeding took %.1f s\n", n, RUNS, seed_ms / 1000.0);
  g_print ("%-32s %8s %10s %10s %12s %12s %8s\n", "query", "rows", "api p50", "api p99", "sqlite p50", "sqlite p99",
           "ratio");
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      double api[RUNS], raw[RUNS];
      gint64 total = 0, now = g_get_real_time ();

      time_api (officer, cases[c].api, &total);       /* warm up */
      time_sql (db, cases[c].sql, now);
      for (guint i = 0; i < RUNS; i++)
        {
          api[i] = time_api (officer, cases[c].api, &total);
          raw[i] = time_sql (db, cases[c].sql, now);
        }
      {
        double a50 = pd_bench_median (api, RUNS), a99 = pd_bench_percentile (api, RUNS, 99);
        double s50 = pd_bench_median (raw, RUNS), s99 = pd_bench_percentile (raw, RUNS, 99);
        g_print ("%-32s %8" G_GINT64_FORMAT " %8.2f ms %8.2f ms %10.3f ms %10.3f ms %7.1fx\n",
                 cases[c].name, total, a50, a99, s50, s99, a50 / MAX (s50, 0.001));
      }
    }
  g_print ("api = GET /v1/inspections through the Unix socket, the answer read (not parsed): session check, query with total count and unread\n"
           "counts, JSON, and the audit entry every officer query writes (fsync'd).  sqlite = the bare filter.\n"
           "The rows form's parts: its fixed costs are the 1-row line (session, count, audit entry); the unread\n"
           "counts are the difference between the two 4000-row SQL lines; the JSON and the transfer are the rest.\n");
  sqlite3_close (db);
  return 0;
}
