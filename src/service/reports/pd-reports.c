/* pd-reports.c: every report's definition, and the one way they are run
 *
 * Adding a series is a few lines: its inner query (the rows, with the
 * columns the report groups by) and what it counts.  Times are UTC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-reports"

#include <string.h>

#include "pd-error.h"
#include "pd-json.h"
#include "pd-reports.h"
#include "pd-role.h"
#include "pd-store-private.h"

#define R(r) PD_ROLE_BIT (PD_ROLE_##r)
#define OVERSIGHT (R (AUDITOR) | R (ADMIN))

/* --- shared pieces of SQL ------------------------------------------------------ */

#define SECS(col) "(" col ") / 1000000, 'unixepoch'"
/* the rows counted by weekday (Monday first) and hour of day: a heat map */
#define HEAT(inner) \
  "SELECT CASE h.dow WHEN 0 THEN 'Sun' WHEN 1 THEN 'Mon' WHEN 2 THEN 'Tue' WHEN 3 THEN 'Wed' WHEN 4 THEN 'Thu' " \
  "WHEN 5 THEN 'Fri' ELSE 'Sat' END AS weekday, h.hour AS hour, count(*) AS count FROM (" \
  "SELECT CAST(strftime('%w', " SECS ("x.at") ") AS INTEGER) AS dow, " \
  "CAST(strftime('%H', " SECS ("x.at") ") AS INTEGER) AS hour FROM (" inner ") x) h " \
  "GROUP BY h.dow, h.hour ORDER BY (h.dow + 6) % 7, h.hour"
/* nearest-rank median and 95th percentile of @col (ms) per group */
#define PERCENTILES(inner, col) \
  "SELECT key, count(*) AS n, min(CASE WHEN rn >= 0.5 * c THEN v END) AS p50_ms, " \
  "min(CASE WHEN rn >= 0.95 * c THEN v END) AS p95_ms, max(v) AS max_ms FROM (" \
  "SELECT {by} AS key, x." col " AS v, row_number () OVER (PARTITION BY {by} ORDER BY x." col ") AS rn, " \
  "count(*) OVER (PARTITION BY {by}) AS c FROM (" inner ") x WHERE x." col " IS NOT NULL) ranked " \
  "GROUP BY key ORDER BY key"
#define PCT(num, den) "round(100.0 * (" num ") / nullif(" den ", 0), 1)"
/* how many rows @cond holds for, NULL when it is NULL for every row: a sum
 * of booleans, which PostgreSQL does not have */
#define N(cond) "sum(CASE WHEN " cond " THEN 1 WHEN NOT (" cond ") THEN 0 END)"

/* --- scheduling ------------------------------------------------------------------
 * Requests submitted in the range, late as the dashboard says it
 * (PD_INSP_LATE_EXPR, as of now); a decision in SLA: decided within the
 * request's decision target; an inspection in SLA: started within its
 * inspection target after the goods arrived. */
#define SCHED_X \
  "SELECT r.submitted_at AS at, r.port AS port, r.kind AS kind, r.status AS status, " \
  PD_INSP_LATE_EXPR " AS late, r.decided_at > 0 AS decided, " \
  "r.decided_at > 0 AND r.decided_at - r.submitted_at <= r.sla_decision_us AS decided_in_sla, " \
  "r.arrived_at > 0 AND r.started_at > 0 AS inspected, " \
  "r.arrived_at > 0 AND r.started_at > 0 AND r.started_at - r.arrived_at <= r.sla_inspection_us AS inspected_in_sla " \
  "FROM insp_requests r WHERE r.submitted_at >= ?2 AND r.submitted_at < ?3 AND (?4 IS NULL OR r.port = ?4)"

static const char * const sched_dims[] = { "day", "week", "month", "port", "kind", NULL };
static const PdReportSeries sched_series[] = {
  { "status", "Requests by status", PD_CHART_STACKED,
    "submitted,accepted,scheduled,rescheduled,arrived,in_progress,completed,rejected,cancelled,no_show", "count",
    "SELECT {by} AS key, count(*) AS requests, " N ("x.status = 'submitted'") " AS submitted, "
    N ("x.status = 'accepted'") " AS accepted, " N ("x.status = 'scheduled'") " AS scheduled, "
    N ("x.status = 'rescheduled'") " AS rescheduled, " N ("x.status = 'arrived'") " AS arrived, "
    N ("x.status = 'in_progress'") " AS in_progress, " N ("x.status = 'completed'") " AS completed, "
    N ("x.status = 'rejected'") " AS rejected, " N ("x.status = 'cancelled'") " AS cancelled, "
    N ("x.status = 'no_show'") " AS no_show FROM (" SCHED_X ") x GROUP BY 1 ORDER BY 1" },
  { "kind", "Requests by kind", PD_CHART_STACKED, "personal_goods,cargo,commercial_vessel", "count",
    "SELECT {by} AS key, count(*) AS requests, " N ("x.kind = 'personal_goods'") " AS personal_goods, "
    N ("x.kind = 'cargo'") " AS cargo, " N ("x.kind = 'commercial_vessel'") " AS commercial_vessel "
    "FROM (" SCHED_X ") x GROUP BY 1 ORDER BY 1" },
  { "late", "Late share", PD_CHART_LINES, "late_pct", "%",
    "SELECT {by} AS key, count(*) AS requests, " N ("x.late") " AS late, " PCT (N ("x.late"), "count(*)") " AS late_pct "
    "FROM (" SCHED_X ") x GROUP BY 1 ORDER BY 1" },
  { "sla", "Decisions and inspections within the SLA", PD_CHART_BARS, "decision_sla_pct,inspection_sla_pct", "%",
    "SELECT {by} AS key, " N ("x.decided") " AS decided, " N ("x.decided_in_sla") " AS decided_in_sla, "
    PCT (N ("x.decided_in_sla"), N ("x.decided")) " AS decision_sla_pct, " N ("x.inspected") " AS inspected, "
    N ("x.inspected_in_sla") " AS inspected_in_sla, "
    PCT (N ("x.inspected_in_sla"), N ("x.inspected")) " AS inspection_sla_pct "
    "FROM (" SCHED_X ") x GROUP BY 1 ORDER BY 1" },
  { "sla_port_week", "On time by port and week", PD_CHART_BARS, "on_time_pct", "%",
    "SELECT x.port || ' ' || date (" SECS ("x.at") ", 'weekday 0', '-6 days') AS key, count(*) AS requests, "
    N ("x.late") " AS late, " PCT ("count(*) - " N ("x.late"), "count(*)") " AS on_time_pct "
    "FROM (" SCHED_X ") x GROUP BY 1 ORDER BY 1" },
  { "hours", "Requests by weekday and hour", PD_CHART_HEAT, "count", "count", HEAT (SCHED_X) },
};

/* --- TSA identity checks -------------------------------------------------------
 * Aggregates only: never a person. */
#define TSA_X \
  "SELECT c.created_at AS at, c.port AS port, c.outcome AS outcome, c.fallback AS fallback, " \
  "c.response_ms AS response_ms FROM identity_checks c " \
  "WHERE c.created_at >= ?2 AND c.created_at < ?3 AND (?4 IS NULL OR c.port = ?4)"

static const char * const tsa_dims[] = { "day", "week", "month", "port", NULL };
static const PdReportSeries tsa_series[] = {
  { "checks", "Submissions and outcomes", PD_CHART_STACKED, "matches,no_match,not_usable,declined", "count",
    "SELECT {by} AS key, count(*) AS submissions, " N ("x.outcome = 'match'") " AS matches, "
    N ("x.outcome = 'no-match'") " AS no_match, " N ("x.outcome = 'not-usable'") " AS not_usable, "
    N ("x.outcome = 'declined'") " AS declined FROM (" TSA_X ") x GROUP BY 1 ORDER BY 1" },
  { "fallbacks", "Biographic and A-number fallbacks", PD_CHART_BARS,
    "fallback_searched,fallback_verified,fallback_not_verified", "count",
    "SELECT {by} AS key, " N ("x.fallback != 'none'") " AS fallback_searched, "
    N ("x.fallback = 'verified'") " AS fallback_verified, " N ("x.fallback = 'not-verified'") " AS fallback_not_verified "
    "FROM (" TSA_X ") x GROUP BY 1 ORDER BY 1" },
  { "response", "Response time", PD_CHART_LINES, "p50_ms,p95_ms", "ms", PERCENTILES (TSA_X, "response_ms") },
  { "hours", "Checks by weekday and hour", PD_CHART_HEAT, "count", "count", HEAT (TSA_X) },
};

/* --- TVS ------------------------------------------------------------------------------
 * By the flights' departure day.  Expected: the in-scope travellers
 * (state gallery or biographic-only) on the manifests of the flights
 * departing in the range, counted in the groups a manifest gives (not
 * terminals or gates); photographed: usable captures; matched: those that
 * matched the gallery; confirmed: distinct travellers matched.  Match
 * rate = matched / photographed, capture rate = confirmed / expected. */
#define AGE_BAND(birth, day) \
  "(SELECT CASE WHEN a IS NULL OR a < 0 THEN NULL WHEN a < 18 THEN '14-17' WHEN a < 30 THEN '18-29' " \
  "WHEN a < 50 THEN '30-49' WHEN a < 65 THEN '50-64' ELSE '65-79' END FROM (SELECT " \
  "CAST(substr(" day ", 1, 4) AS INTEGER) - CAST(substr(" birth ", 1, 4) AS INTEGER) - " \
  "CASE WHEN substr(" day ", 6) < substr(" birth ", 6) THEN 1 ELSE 0 END AS a) aged)"
#define TVS_ENC_X \
  "SELECT unixepoch (e.departure_date) * 1000000 AS at, e.port AS port, e.terminal AS terminal, " \
  "e.terminal || ' ' || e.gate AS gate, coalesce (f.flight, e.flight) || ' ' || e.departure_date AS flight, " \
  "f.carrier AS airline, t.nationality AS citizenship, t.sex AS sex, " \
  AGE_BAND ("t.birth_date", "e.departure_date") " AS age, e.outcome AS outcome, e.traveller_id AS traveller_id, " \
  "e.response_ms AS response_ms FROM tvs_encounters e LEFT JOIN tvs_flights f ON f.id = e.flight_id " \
  "LEFT JOIN tvs_travellers t ON t.id = e.traveller_id " \
  "WHERE e.departure_date BETWEEN ?5 AND ?6 AND (?4 IS NULL OR e.port = ?4)"
#define TVS_FLIGHT_COLS \
  "unixepoch (f.departure_date) * 1000000 AS at, f.departure AS port, NULL AS terminal, NULL AS gate, " \
  "f.flight || ' ' || f.departure_date AS flight, f.carrier AS airline"
#define TVS_EXPECTED_X \
  "SELECT " TVS_FLIGHT_COLS ", t.nationality AS citizenship, t.sex AS sex, " \
  AGE_BAND ("t.birth_date", "f.departure_date") " AS age, " \
  "t.state = 'biographic-only' AS biographic_only FROM tvs_travellers t JOIN tvs_flights f ON f.id = t.flight_id " \
  "WHERE t.state IN ('gallery', 'biographic-only') AND f.departure_date BETWEEN ?5 AND ?6 " \
  "AND (?4 IS NULL OR f.departure = ?4)"
#define TVS_GALLERY_X \
  "SELECT " TVS_FLIGHT_COLS ", NULL AS citizenship, NULL AS sex, NULL AS age, f.gallery_ms AS gallery_ms " \
  "FROM tvs_flights f WHERE f.gallery_at IS NOT NULL AND f.departure_date BETWEEN ?5 AND ?6 " \
  "AND (?4 IS NULL OR f.departure = ?4)"
#define MATCHED "x.outcome IN ('crossing', 'usc')"

static const char * const tvs_dims[] = { "day", "week", "month", "port", "terminal", "gate", "flight", "airline",
                                         "citizenship", "age", "sex", NULL };
static const PdReportSeries tvs_series[] = {
  { "rates", "Match rate and capture rate", PD_CHART_BARS, "match_pct,capture_pct", "%",
    "WITH e AS (SELECT {by} AS key, " N (MATCHED " OR x.outcome = 'no-match'") " AS photographed, "
    N (MATCHED) " AS matched, count(DISTINCT CASE WHEN " MATCHED " THEN x.traveller_id END) AS confirmed "
    "FROM (" TVS_ENC_X ") x GROUP BY 1), "
    "p AS (SELECT {by} AS key, count(*) AS expected, " N ("x.biographic_only") " AS no_holdings_photo FROM (" TVS_EXPECTED_X ") x WHERE {by} != 'unknown' GROUP BY 1), "
    "k AS (SELECT key FROM e UNION SELECT key FROM p) "
    "SELECT k.key AS key, p.expected AS expected, coalesce (e.photographed, 0) AS photographed, "
    "coalesce (e.matched, 0) AS matched, coalesce (e.confirmed, 0) AS confirmed, "
    PCT ("e.matched", "e.photographed") " AS match_pct, " PCT ("coalesce (e.confirmed, 0)", "p.expected") " AS capture_pct, "
    "p.no_holdings_photo AS no_holdings_photo "
    "FROM k LEFT JOIN e ON e.key = k.key LEFT JOIN p ON p.key = k.key ORDER BY 1" },
  { "outcomes", "Gate outcomes", PD_CHART_STACKED, "matched,no_match,recaptures,outages,opt_outs", "count",
    "SELECT {by} AS key, " N (MATCHED) " AS matched, " N ("x.outcome = 'no-match'") " AS no_match, "
    N ("x.outcome = 'recapture'") " AS recaptures, " N ("x.outcome = 'outage'") " AS outages, "
    N ("x.outcome = 'opt-out'") " AS opt_outs FROM (" TVS_ENC_X ") x GROUP BY 1 ORDER BY 1" },
  { "response", "Response time of usable captures", PD_CHART_LINES, "p50_ms,p95_ms", "ms",
    PERCENTILES (TVS_ENC_X " AND e.outcome IN ('crossing', 'usc', 'no-match')", "response_ms") },
  { "gallery", "Gallery build time", PD_CHART_LINES, "p50_ms,p95_ms", "ms", PERCENTILES (TVS_GALLERY_X, "gallery_ms") },
};

/* --- LPR -------------------------------------------------------------------------------
 * Reads by observation time; hits by when they were raised (hit: the
 * plate as listed; possible: an OCR look-alike), with their disposition. */
#define LPR_READS_X \
  "SELECT r.observed_at AS at, r.state AS state, r.reader_id AS reader, r.camera_type AS camera, " \
  "r.plate_key AS plate_key FROM lpr_reads r WHERE r.observed_at >= ?2 AND r.observed_at < ?3"
#define LPR_FIRST_READ(col) \
  "(SELECT r." col " FROM lpr_alert_reads ar JOIN lpr_reads r ON r.id = ar.read_id WHERE ar.alert_id = a.id " \
  "ORDER BY r.observed_at LIMIT 1)"
#define LPR_ALERTS_X \
  "SELECT a.created_at AS at, a.state AS state, " LPR_FIRST_READ ("reader_id") " AS reader, " \
  LPR_FIRST_READ ("camera_type") " AS camera, a.kind AS kind, a.disposition AS disposition " \
  "FROM lpr_alerts a WHERE a.created_at >= ?2 AND a.created_at < ?3"

static const char * const lpr_dims[] = { "day", "week", "month", "state", "reader", "camera", NULL };
static const PdReportSeries lpr_series[] = {
  { "reads", "Reads", PD_CHART_BARS, "reads", "count",
    "SELECT {by} AS key, count(*) AS reads, count(DISTINCT x.plate_key) AS plates "
    "FROM (" LPR_READS_X ") x GROUP BY 1 ORDER BY 1" },
  { "hits", "Hits and possible hits", PD_CHART_STACKED, "hits,possible", "count",
    "SELECT {by} AS key, " N ("x.kind = 'hit'") " AS hits, " N ("x.kind = 'possible'") " AS possible "
    "FROM (" LPR_ALERTS_X ") x GROUP BY 1 ORDER BY 1" },
  { "dispositions", "Dispositions", PD_CHART_STACKED, "undecided,confirmed,misread,not_relevant", "count",
    "SELECT {by} AS key, " N ("x.disposition IS NULL") " AS undecided, " N ("x.disposition = 'confirmed'") " AS confirmed, "
    N ("x.disposition = 'misread'") " AS misread, " N ("x.disposition = 'not-relevant'") " AS not_relevant "
    "FROM (" LPR_ALERTS_X ") x GROUP BY 1 ORDER BY 1" },
  { "hours", "Reads by weekday and hour", PD_CHART_HEAT, "count", "count", HEAT (LPR_READS_X) },
};

/* --- oversight ------------------------------------------------------------------------
 * The audit log: entries by the action's family (its first word: "lpr" of
 * "lpr.query"), refusals (outcome denied), by hour of day; the misuse
 * flags raised in the range by rule, and where each stands now. */
#define AUDIT_X \
  "SELECT a.at AS at, a.role AS role, a.actor AS actor, " \
  "CASE WHEN instr (a.action, '.') > 0 THEN substr (a.action, 1, instr (a.action, '.') - 1) ELSE a.action END " \
  "AS family, a.outcome AS outcome FROM audit a WHERE a.at >= ?2 AND a.at < ?3"

static const char * const oversight_dims[] = { "day", "week", "month", "role", "actor", "family", NULL };
static const PdReportSeries oversight_series[] = {
  { "activity", "Audit entries", PD_CHART_STACKED, "ok,denied,other", "count",
    "SELECT {by} AS key, count(*) AS entries, " N ("x.outcome = 'ok'") " AS ok, " N ("x.outcome = 'denied'") " AS denied, "
    N ("x.outcome NOT IN ('ok', 'denied')") " AS other FROM (" AUDIT_X ") x GROUP BY 1 ORDER BY 1" },
  { "families", "Entries by action family", PD_CHART_BARS, "entries", "count",
    "SELECT x.family AS key, count(*) AS entries, " N ("x.outcome = 'denied'") " AS denied "
    "FROM (" AUDIT_X ") x GROUP BY 1 ORDER BY 2 DESC, 1" },
  { "hour_of_day", "Entries by hour of day", PD_CHART_BARS, "entries", "count",
    "SELECT strftime('%H', " SECS ("x.at") ") AS key, count(*) AS entries FROM (" AUDIT_X ") x GROUP BY 1 ORDER BY 1" },
  { "hours", "Entries by weekday and hour", PD_CHART_HEAT, "count", "count", HEAT (AUDIT_X) },
  { "flags", "Misuse flags raised, by rule and where they stand", PD_CHART_STACKED, "open,cleared,escalated,suspended",
    "count",
    "SELECT f.rule AS key, count(*) AS raised, " N ("f.state = 'open'") " AS open, " N ("f.state = 'cleared'") " AS cleared, "
    N ("f.state = 'escalated'") " AS escalated, " N ("f.state = 'suspended'") " AS suspended FROM flags f "
    "WHERE f.raised_at >= ?2 AND f.raised_at < ?3 GROUP BY 1 ORDER BY 1" },
};

#define SERIES(s) s, G_N_ELEMENTS (s)

static const PdReport reports[] = {
  { "scheduling", "Scheduling",
    "Inspection requests submitted in the range: status, kind, late share, SLA by port and week",
    R (AG_SPECIALIST) | R (CBP_OFFICER) | R (PORT_DIRECTOR) | OVERSIGHT,
    R (AG_SPECIALIST) | R (CBP_OFFICER) | R (PORT_DIRECTOR), sched_dims, SERIES (sched_series) },
  { "tsa", "TSA identity checks",
    "Submissions, matches, biographic and A-number fallbacks, declines, response times (counts only)",
    R (TSA_SUPERVISOR) | OVERSIGHT, 0, tsa_dims, SERIES (tsa_series) },
  { "tvs", "TVS", "Match rate and capture rate apart, gate outcomes, response and gallery build times",
    R (CBP_OFFICER) | R (PORT_DIRECTOR) | OVERSIGHT, R (CBP_OFFICER) | R (PORT_DIRECTOR), tvs_dims,
    SERIES (tvs_series) },
  { "lpr", "LPR", "Reads, hits and possible hits, dispositions",
    R (LPR_ANALYST) | OVERSIGHT, 0, lpr_dims, SERIES (lpr_series) },
  { "oversight", "Oversight", "Audit activity by action family and hour of day, refusals, misuse flags",
    OVERSIGHT, 0, oversight_dims, SERIES (oversight_series) },
};

const PdReport *
pd_reports (guint *n)
{
  *n = G_N_ELEMENTS (reports);
  return reports;
}

const PdReport *
pd_report_find (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (reports); i++)
    if (strcmp (reports[i].name, name) == 0)
      return &reports[i];
  return NULL;
}

const char *
pd_chart_to_string (PdChart chart)
{
  static const char * const names[] = { "bars", "stacked", "lines", "heat" };

  g_return_val_if_fail (chart < G_N_ELEMENTS (names), "bars");
  return names[chart];
}

gboolean
pd_report_has_dim (const PdReport *report,
                   const char     *dim)
{
  return dim != NULL && g_strv_contains ((const char * const *) report->dims, dim);
}

/* The SQL of grouping @dim (one of a report's dims: a plain name). */
static char *
dim_expr (const char *dim)
{
  if (strcmp (dim, "day") == 0)
    return g_strdup ("strftime('%Y-%m-%d', " SECS ("x.at") ")");
  if (strcmp (dim, "week") == 0)         /* the week's Monday */
    return g_strdup ("date(" SECS ("x.at") ", 'weekday 0', '-6 days')");
  if (strcmp (dim, "month") == 0)
    return g_strdup ("strftime('%Y-%m', " SECS ("x.at") ")");
  return g_strconcat ("coalesce (CAST (x.", dim, " AS TEXT), 'unknown')", NULL);
}

static void
add_column (JsonBuilder  *b,
            PdStmt       *stmt,
            int           col)
{
  switch (pd_stmt_column_kind (stmt, col))
    {
    case PD_COLUMN_INTEGER:
      json_builder_add_int_value (b, pd_stmt_column_int64 (stmt, col));
      break;
    case PD_COLUMN_FLOAT:
      json_builder_add_double_value (b, pd_stmt_column_double (stmt, col));
      break;
    case PD_COLUMN_NULL:
    default:
      json_builder_add_null_value (b);
      break;
    case PD_COLUMN_TEXT:
    case PD_COLUMN_BLOB:
      json_builder_add_string_value (b, pd_stmt_column_text (stmt, col));
      break;
    }
}

JsonNode *
pd_store_report_series (PdStoreTx            *tx,
                        const PdReportSeries *series,
                        const char           *dim,
                        const PdReportArgs   *args,
                        GError              **error)
{
  g_autoptr(GString) sql = g_string_new (series->sql);
  g_autoptr(PdStmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autofree char *expr = dim_expr (dim);
  g_auto(GStrv) plot = g_strsplit (series->plot, ",", -1);
  int n_params, n_cols, rc;

  g_string_replace (sql, "{by}", expr, 0);
  if ((stmt = _pd_store_prepare (tx, sql->str, error)) == NULL)
    return NULL;
  n_params = pd_stmt_bind_parameter_count (stmt);
  if (n_params >= 1)
    pd_stmt_bind_int64 (stmt, 1, args->now);
  if (n_params >= 3)
    {
      pd_stmt_bind_int64 (stmt, 2, args->start);
      pd_stmt_bind_int64 (stmt, 3, args->end);
    }
  if (n_params >= 4)
    _pd_bind_text (stmt, 4, args->port);
  if (n_params >= 6)
    {
      _pd_bind_text (stmt, 5, args->from);
      _pd_bind_text (stmt, 6, args->to);
    }
  /* the first step runs it: PostgreSQL's columns are known from then on */
  if ((rc = pd_stmt_step (stmt)) != PD_ROW && rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, series->name);
      return NULL;
    }
  n_cols = pd_stmt_column_count (stmt);

  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "name", series->name);
  pd_json_builder_add_string (b, "title", series->title);
  pd_json_builder_add_string (b, "chart", pd_chart_to_string (series->chart));
  pd_json_builder_add_string (b, "unit", series->unit);
  pd_json_builder_add_strv (b, "plot", plot);
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (int c = 0; c < n_cols; c++)
    json_builder_add_string_value (b, pd_stmt_column_name (stmt, c));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (; rc == PD_ROW; rc = pd_stmt_step (stmt))
    {
      json_builder_begin_array (b);
      for (int c = 0; c < n_cols; c++)
        add_column (b, stmt, c);
      json_builder_end_array (b);
    }
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, series->name);
      return NULL;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
