/* site.c: a site of portdeskd on one PostgreSQL database (1, 2 and 4
 * daemons) beside one portdeskd on SQLite: inspection requests written
 * and Scheduling Dashboard lists read, per second, p50 and p99
 *
 *   bench/site [SECONDS]      (default 5 s a phase)
 *
 * Each configuration gets fresh daemons (demo data: 300 requests) and,
 * per daemon, 8 brokers (each a thread, its own client and API key) and 8
 * officers (each a thread, its own client and session).  Two phases of
 * SECONDS each:
 *   writes     the brokers alone POST /v1/intake/inspections (a cargo
 *              request for LAX) through their daemon's public TCP listener,
 *              back to back;
 *   dashboard  the officers GET /v1/inspections?limit=50 (the dashboard's
 *              list: a page, its total, the audit entry every officer
 *              query writes) through their daemon's Unix socket while the
 *              brokers go on writing.
 * Latency is each request's wall time at the client.  The storage is
 * durable on both sides: SQLite as portdeskd runs it (WAL,
 * synchronous=FULL); PostgreSQL 15 a local cluster of this process (Unix
 * socket) with fsync, synchronous_commit and full_page_writes on (read
 * back and printed).  On PostgreSQL the writes phase is also counted by
 * pg_stat_statements and pg_stat_database: statements and transactions
 * per write and where the server's time went.
 * Goals: 4 daemons on PostgreSQL >= 3x the writes per second of one
 * SQLite daemon; their dashboard p99 within 2x of SQLite's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-site"

#include <sys/resource.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "pd-bench-util.h"
#include "pd-clock.h"
#include "pd-test-daemon.h"
#include "pd-test-postgres.h"

#define CLIENTS 8          /* of each kind, per daemon */
#define MAX_DAEMONS 4
#define CONFIG "[portdeskd]\nsession_idle_minutes=600\ntwo_factor_roles=\n" \
  "intake_rate_per_minute=100000\nlogin_rate_per_minute=10000\n"

typedef struct {
  double rate, p50, p99;
  double sum_ms;           /* the requests' latencies summed */
  guint  n, errors;
} Result;

typedef struct {
  PdClient   *client;
  const char *method;
  const char *path;
  GBytes     *body;        /* or NULL */
  guint       expect;      /* HTTP status */
  gint64      start_us, end_us;
  GArray     *latencies;   /* double ms, of the requests begun in [start, end) */
  guint       errors;
  char       *first_error;
} Worker;

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;

  while (g_get_monotonic_time () < w->start_us)
    g_usleep (1000);
  while (g_get_monotonic_time () < w->end_us)
    {
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GError) error = NULL;
      guint status = 0;
      double t0 = pd_bench_now_ms (), ms;

      reply = pd_client_call_raw (w->client, w->method, w->path, w->body != NULL ? "application/json" : NULL,
                                  w->body, &status, &error);
      ms = pd_bench_now_ms () - t0;
      if (reply == NULL || status != w->expect)
        {
          if (w->first_error == NULL)
            w->first_error = g_strdup_printf ("%s %s: %u %s%.*s", w->method, w->path, status,
                                              error ? error->message : "",
                                              reply ? (int) MIN (g_bytes_get_size (reply), 200) : 0,
                                              reply ? (const char *) g_bytes_get_data (reply, NULL) : "");
          w->errors++;
          continue;
        }
      g_array_append_val (w->latencies, ms);
    }
  return NULL;
}

static Result
collect (Worker  *w,
         guint    n,
         double   seconds)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  PdBenchLatency l;
  guint errors = 0;

  for (guint i = 0; i < n; i++)
    {
      g_array_append_vals (all, w[i].latencies->data, w[i].latencies->len);
      errors += w[i].errors;
      if (w[i].first_error != NULL)
        g_printerr ("  error: %s (%u such)\n", w[i].first_error, w[i].errors);
    }
  l = pd_bench_latency (all, seconds);
  return (Result) { l.rate, l.p50, l.p99, l.sum_ms, l.n, errors };
}

/* Runs @writers (and @readers, may be 0) for @seconds; their results. */
static void
run_phase (Worker  *writers,
           Worker  *readers,
           guint    n_writers,
           guint    n_readers,
           double   seconds,
           Result  *out_writes,
           Result  *out_reads)
{
  guint n = n_writers + n_readers;
  g_autofree GThread **threads = g_new0 (GThread *, n);
  gint64 start = g_get_monotonic_time () + 100 * 1000, end = start + (gint64) (seconds * G_USEC_PER_SEC);

  for (guint i = 0; i < n; i++)
    {
      Worker *w = i < n_writers ? &writers[i] : &readers[i - n_writers];

      w->start_us = start;
      w->end_us = end;
      g_array_set_size (w->latencies, 0);
      w->errors = 0;
      g_clear_pointer (&w->first_error, g_free);
      threads[i] = g_thread_new ("client", worker_run, w);
    }
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);
  *out_writes = collect (writers, n_writers, seconds);
  if (out_reads != NULL)
    *out_reads = collect (readers, n_readers, seconds);
}

/* --- where the CPU went ---------------------------------------------------- */

typedef struct {
  double clients, daemons, postgres, machine;   /* ms of CPU */
  double wall;                                  /* ms */
} Cpu;

static double
ticks_ms (guint64 ticks)
{
  return ticks * 1000.0 / sysconf (_SC_CLK_TCK);
}

/* /proc/PID/stat: the parent's pid, and the CPU of the process (and of its
 * waited-for children when @with_children). */
static double
proc_cpu_ms (const char *pid,
             gboolean    with_children,
             guint64    *out_ppid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) f = NULL;
  const char *end;
  guint64 t;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return 0;
  f = g_strsplit (end + 2, " ", 16);   /* f[0] is field 3 (state) */
  if (g_strv_length (f) < 16)
    return 0;
  if (out_ppid != NULL)
    *out_ppid = g_ascii_strtoull (f[1], NULL, 10);
  t = g_ascii_strtoull (f[11], NULL, 10) + g_ascii_strtoull (f[12], NULL, 10);
  if (with_children)
    t += g_ascii_strtoull (f[13], NULL, 10) + g_ascii_strtoull (f[14], NULL, 10);
  return ticks_ms (t);
}

/* The postmaster (its exited children included) and its live children. */
static double
postgres_cpu_ms (void)
{
  PdTestPostgres *pg = pd_test_postgres_get ();
  g_autofree char *pidfile = g_build_filename (pg->data, "postmaster.pid", NULL);
  g_autofree char *text = NULL;
  g_autofree char *master_pid = NULL;
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint64 master;
  double ms;

  if (!g_file_get_contents (pidfile, &text, NULL, NULL))
    return 0;
  master = g_ascii_strtoull (text, NULL, 10);
  master_pid = g_strdup_printf ("%" G_GUINT64_FORMAT, master);
  ms = proc_cpu_ms (master_pid, TRUE, NULL);
  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      guint64 ppid = 0;
      double child;

      if (!g_ascii_isdigit (name[0]))
        continue;
      child = proc_cpu_ms (name, FALSE, &ppid);
      if (ppid == master)
        ms += child;
    }
  return ms;
}

/* all of the machine's cores: busy time (not idle, not waiting for I/O) */
static double
machine_busy_ms (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) f = NULL;
  guint64 busy = 0;

  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL))
    return 0;
  f = g_strsplit_set (text, " \n", 0);
  /* "cpu  user nice system idle iowait irq softirq steal" */
  for (guint i = 2, k = 0; f[i] != NULL && k < 8; i++)
    {
      if (f[i][0] == '\0')
        continue;
      if (k != 3 && k != 4)
        busy += g_ascii_strtoull (f[i], NULL, 10);
      k++;
    }
  return ticks_ms (busy);
}

static Cpu
cpu_now (PdTestDaemon **d,
         guint          n_daemons,
         gboolean       postgres)
{
  struct rusage ru;
  Cpu c = { 0 };

  getrusage (RUSAGE_SELF, &ru);
  c.clients = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
  for (guint k = 0; k < n_daemons; k++)
    c.daemons += proc_cpu_ms (g_subprocess_get_identifier (d[k]->proc), FALSE, NULL);
  c.postgres = postgres ? postgres_cpu_ms () : 0;
  c.machine = machine_busy_ms ();
  c.wall = pd_bench_now_ms ();
  return c;
}

static void
cpu_print (Cpu     before,
           Cpu     after,
           guint   writes)
{
  double capacity = (after.wall - before.wall) * g_get_num_processors ();
  double ours = (after.clients - before.clients) + (after.daemons - before.daemons) +
                (after.postgres - before.postgres);

  writes = MAX (writes, 1);
  g_print ("  CPU a write: clients %.2f ms, portdeskd %.2f ms, PostgreSQL %.2f ms; the %u cores were %.0f%% busy "
           "(this benchmark %.0f%%, the rest other work on the machine)\n",
           (after.clients - before.clients) / writes, (after.daemons - before.daemons) / writes,
           (after.postgres - before.postgres) / writes, g_get_num_processors (),
           100 * (after.machine - before.machine) / capacity, 100 * ours / capacity);
}

/* --- PostgreSQL: settings and statement statistics ----------------------- */

static PGresult *
pg_query (PGconn     *conn,
          const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  return res;
}

static char *
pg_settings (PGconn *conn)
{
  PGresult *res = pg_query (conn, "SELECT string_agg (name || '=' || current_setting (name), ' ' ORDER BY name) "
                                  "FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', "
                                  "'full_page_writes', 'wal_sync_method', 'shared_buffers', 'commit_delay', "
                                  "'server_version_num')");
  char *text = g_strdup (PQgetvalue (res, 0, 0));

  PQclear (res);
  return text;
}

static gint64
pg_commits (PGconn *conn)
{
  PGresult *res = pg_query (conn, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
  gint64 n = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);

  PQclear (res);
  return n;
}

static void
pg_stats_reset (PGconn *conn)
{
  PQclear (pg_query (conn, "SELECT pg_stat_statements_reset (), pg_stat_reset_shared ('wal')"));
}

/* Where the server's time went in the last phase, per write. */
static void
pg_stats_print (PGconn *conn,
                guint   writes,
                gint64  commits)
{
  static const char *sum = "SELECT sum (calls), sum (total_exec_time) FROM pg_stat_statements "
                           "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                           "AND query NOT LIKE '%pg_stat%'";
  static const char *top = "SELECT calls, total_exec_time, left (regexp_replace (query, '\\s+', ' ', 'g'), 78) "
                           "FROM pg_stat_statements "
                           "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                           "AND query NOT LIKE '%pg_stat%' ORDER BY total_exec_time DESC LIMIT 14";
  PGresult *res = pg_query (conn, sum);
  double calls = g_ascii_strtod (PQgetvalue (res, 0, 0), NULL), ms = g_ascii_strtod (PQgetvalue (res, 0, 1), NULL);
  double syncs, sync_ms;

  PQclear (res);
  writes = MAX (writes, 1);
  res = pg_query (conn, "SELECT wal_sync, wal_sync_time FROM pg_stat_wal");
  syncs = g_ascii_strtod (PQgetvalue (res, 0, 0), NULL);
  sync_ms = g_ascii_strtod (PQgetvalue (res, 0, 1), NULL);
  PQclear (res);
  g_print ("  WAL flushes (fdatasync): %.2f a write, %.2f ms each (the time a COMMIT waits for its flush is not in "
           "the statements' times below)\n", syncs / writes, sync_ms / MAX (syncs, 1));
  g_print ("  PostgreSQL: %.1f statements (round trips) and %.2f transactions a write; their execution time "
           "%.2f ms a write\n", calls / writes, (double) commits / writes, ms / writes);
  g_print ("  %8s %9s %8s  %s\n", "calls/w", "mean ms", "ms/w", "statement (most time first)");
  res = pg_query (conn, top);
  for (int i = 0; i < PQntuples (res); i++)
    {
      double c = g_ascii_strtod (PQgetvalue (res, i, 0), NULL), t = g_ascii_strtod (PQgetvalue (res, i, 1), NULL);

      g_print ("  %8.2f %9.3f %8.3f  %s\n", c / writes, t / MAX (c, 1), t / writes, PQgetvalue (res, i, 2));
    }
  PQclear (res);
}

/* --- one configuration --------------------------------------------------- */

typedef struct {
  const char *label;
  gboolean    postgres;
  guint       n_daemons;
  Result      writes, dash_writes, dash_reads;
  char       *settings;
} Run;

static GBytes *
request_body (gint64 now)
{
  g_autofree char *ws = pd_time_format (now + 2 * PD_USEC_PER_HOUR);
  g_autofree char *we = pd_time_format (now + 10 * PD_USEC_PER_HOUR);
  char *text = g_strdup_printf (
      "{\"kind\":\"cargo\",\"port\":\"LAX\",\"requester\":{\"company\":\"Acme Imports\",\"contact_name\":\"Jo Doe\","
      "\"contact_email\":\"jo@acme.example\"},\"commodities\":[{\"description\":\"Fresh cut roses\","
      "\"category\":\"plants\",\"quantity\":40,\"unit\":\"cartons\",\"origin\":\"COL\"}],"
      "\"window\":{\"start\":\"%s\",\"end\":\"%s\"},\"perishable\":true}", ws, we);

  return g_bytes_new_take (text, strlen (text));
}

static void
worker_clear (Worker *w)
{
  g_clear_object (&w->client);
  g_clear_pointer (&w->body, g_bytes_unref);
  g_clear_pointer (&w->latencies, g_array_unref);
  g_clear_pointer (&w->first_error, g_free);
}

static void
run_config (Run    *run,
            double  seconds)
{
  PdTestDaemon *d[MAX_DAEMONS] = { NULL };
  guint n = run->n_daemons * CLIENTS;
  g_autofree Worker *writers = g_new0 (Worker, n);
  g_autofree Worker *readers = g_new0 (Worker, n);
  g_autoptr(PdClient) admin = NULL;
  g_autoptr(GBytes) body = NULL;
  PGconn *pg = NULL;
  Result warm;
  gint64 commits = 0;
  Cpu cpu0, cpu1;

  if (run->postgres)
    g_setenv ("PD_TEST_STORE", "postgresql", TRUE);
  else
    g_unsetenv ("PD_TEST_STORE");
  d[0] = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, CONFIG);
  for (guint k = 1; k < run->n_daemons; k++)
    d[k] = pd_test_daemon_new_site (d[0], PD_TEST_DAEMON_TCP, CONFIG);
  admin = pd_test_login (d[0], "admin.demo", NULL, TRUE);
  body = request_body (pd_test_daemon_now (d[0]));
  for (guint i = 0; i < n; i++)
    {
      PdTestDaemon *di = d[i / CLIENTS];
      g_autofree char *name = g_strdup_printf ("Bench Brokers %u", i);
      g_autofree char *key = pd_test_api_key (admin, "broker", name, "LAX", "scheduling");

      writers[i] = (Worker) { pd_test_public_client (di, key), "POST", "/v1/intake/inspections",
                              g_bytes_ref (body), 201, 0, 0, g_array_new (FALSE, FALSE, sizeof (double)), 0, NULL };
      readers[i] = (Worker) { pd_test_login (di, "ag.lopez", NULL, TRUE), "GET", "/v1/inspections?limit=50",
                              NULL, 200, 0, 0, g_array_new (FALSE, FALSE, sizeof (double)), 0, NULL };
    }
  if (run->postgres)
    {
      pg = PQconnectdb (d[0]->conninfo);
      if (PQstatus (pg) != CONNECTION_OK)
        g_error ("%s", PQerrorMessage (pg));
      PQclear (pg_query (pg, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
      PQclear (pg_query (pg, "ALTER SYSTEM SET track_wal_io_timing = on"));
      PQclear (pg_query (pg, "SELECT pg_reload_conf ()"));
      run->settings = pg_settings (pg);
    }

  /* warm up: connections, prepared statements, page cache */
  run_phase (writers, readers, n, n, 1, &warm, &warm);
  if (pg != NULL)
    {
      pg_stats_reset (pg);
      commits = pg_commits (pg);
    }
  cpu0 = cpu_now (d, run->n_daemons, run->postgres);
  run_phase (writers, NULL, n, 0, seconds, &run->writes, NULL);
  cpu1 = cpu_now (d, run->n_daemons, run->postgres);
  g_print ("%s, writes phase: %.2f ms latency a write at the client\n", run->label,
           run->writes.sum_ms / MAX (run->writes.n, 1));
  cpu_print (cpu0, cpu1, run->writes.n);
  if (pg != NULL)
    pg_stats_print (pg, run->writes.n, pg_commits (pg) - commits);
  run_phase (writers, readers, n, n, seconds, &run->dash_writes, &run->dash_reads);

  for (guint i = 0; i < n; i++)
    {
      worker_clear (&writers[i]);
      worker_clear (&readers[i]);
    }
  g_clear_pointer (&pg, PQfinish);
  g_clear_object (&admin);
  for (guint k = run->n_daemons; k > 0; k--)
    pd_test_daemon_free (d[k - 1]);
}

static void
print_row (const Run *r,
           const Run *base)
{
  g_print ("%-22s | %8.0f %7.1f %7.1f %4u | %8.0f %7.1f %7.1f %4u %8.0f | %6.2fx %6.2fx\n",
           r->label, r->writes.rate, r->writes.p50, r->writes.p99, r->writes.errors,
           r->dash_reads.rate, r->dash_reads.p50, r->dash_reads.p99, r->dash_reads.errors, r->dash_writes.rate,
           r->writes.rate / MAX (base->writes.rate, 1e-9), r->dash_reads.p99 / MAX (base->dash_reads.p99, 1e-9));
}

int
main (int   argc,
      char *argv[])
{
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 5;
  g_autoptr(GError) error = NULL;
  PdTestPostgres *cluster;
  Run runs[] = {
    { "sqlite, 1 daemon", FALSE, 1 },
    { "postgresql, 1 daemon", TRUE, 1 },
    { "postgresql, 2 daemons", TRUE, 2 },
    { "postgresql, 4 daemons", TRUE, 4 },
  };
  const Run *pg4 = &runs[3];
  double wx, qx;
  guint errors = 0;

  if (argc > 2 || seconds <= 0 || seconds > 600)
    {
      g_printerr ("Usage: %s [SECONDS (a phase, default 5)]\n", argv[0]);
      return 2;
    }
  if (g_getenv ("PORTDESKD") == NULL)
    g_setenv ("PORTDESKD", PD_BUILD_ROOT "/src/service/portdeskd", TRUE);
  cluster = pd_test_postgres_new_full (PD_TEST_POSTGRES_DURABLE | PD_TEST_POSTGRES_STATEMENT_STATS, &error);
  if (cluster == NULL)
    g_error ("%s", error->message);
  pd_test_postgres_set (cluster);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    run_config (&runs[i], seconds);

  g_print ("\nbench/site: %.0f s a phase, %u cores, %d brokers (TCP, POST /v1/intake/inspections) and %d officers "
           "(Unix socket, GET /v1/inspections?limit=50) a daemon\n", seconds, g_get_num_processors (), CLIENTS,
           CLIENTS);
  g_print ("storage (no SIMD kernel involved): sqlite: one file, journal_mode=WAL synchronous=FULL (portdeskd's "
           "own settings);\n  postgresql: one local cluster (Unix socket), %s\n", runs[1].settings);
  g_print ("%-22s | %-31s | %-45s | %s\n", "", "writes alone", "dashboard while the brokers write", "x sqlite");
  g_print ("%-22s | %8s %7s %7s %4s | %8s %7s %7s %4s %8s | %7s %7s\n", "configuration", "writes/s", "p50 ms",
           "p99 ms", "err", "lists/s", "p50 ms", "p99 ms", "err", "writes/s", "writes", "lst p99");
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      print_row (&runs[i], &runs[0]);
      errors += runs[i].writes.errors + runs[i].dash_writes.errors + runs[i].dash_reads.errors;
    }
  wx = pg4->writes.rate / MAX (runs[0].writes.rate, 1e-9);
  qx = pg4->dash_reads.p99 / MAX (runs[0].dash_reads.p99, 1e-9);
  g_print ("goal: 4 daemons on PostgreSQL >= 3x the writes/s of one on SQLite: %.2fx, %s\n", wx,
           wx >= 3 ? "met" : "NOT met");
  g_print ("goal: their dashboard p99 within 2x of SQLite's: %.2fx, %s\n", qx, qx <= 2 ? "met" : "NOT met");
  g_print ("All daemons, PostgreSQL and the clients share this machine's %u cores: a site's daemons would each "
           "have a machine of their own.\n", g_get_num_processors ());
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    g_free (runs[i].settings);
  pd_test_postgres_release ();
  return errors > 0 ? 1 : 0;
}
