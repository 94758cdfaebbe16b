/* lpr.c: LPR reads through portdeskd's public API with every alert check,
 * and 5-year plate queries through the analysts' API, each beside bare
 * SQLite doing the same on the same schema (the floor under any service
 * built on it)
 *
 *   bench/lpr [--reads N] [--items N] [--queries N] [--feeds N]
 *
 * A real portdeskd (a temporary directory, its public listener on) gets a
 * display of --items plates (default 100,000; one CSV import), then
 * --feeds camera feeds at once (default 2, each its own connection and
 * key's client) POST --reads reads (default 10,000,000) in batches of
 * 2,000 (a JSON body holds at most 50,000 values), oldest first, spread
 * over the last 5 years: 1% of them of listed plates (hits), 0.5% their
 * OCR look-alikes (possible hits), the rest from a pool of plates each
 * read about five times.  Reads per second is reads / the wall time of
 * that phase (the feeds' JSON building, HTTP, checks, insert, the alert
 * check against every item, audit, commit); the peer then inserts the
 * same rows in the same batches into the same table and indexes in a
 * bare SQLite file (prepared statement, one transaction per batch, the
 * service's pragmas): no HTTP, no JSON, no checks.  Then --queries plate
 * queries (default 200) over 5 years for an open case, each request's
 * wall time (the query, its results cached, the audit entry, the JSON
 * answer), and the same SELECT of the same rows straight on the
 * service's file.
 * Goals: >= 20,000 reads/s; query p95 <= 20 ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-lpr"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "pd-bench-util.h"
#include "pd-clock.h"
#include "pd-json.h"
#include "pd-lpr-read.h"
#include "pd-test-daemon.h"

#define BATCH 2000
#define YEAR_US ((gint64) 365 * 24 * 3600 * G_USEC_PER_SEC)
#define BUCKET_US ((gint64) 30 * 24 * 3600 * G_USEC_PER_SEC)   /* the service's index buckets */

static const char alphabet[] = "ABCDEFGHJKLMNPRTUVWXY0123456789BOSZI";   /* look-alike letters in too */
static const char * const states[] = { "CA", "AZ", "NV", "TX", "NM", "OR", "WA", "BC" };
static const char * const makes[] = { "TOYOTA", "FORD", "HONDA", "CHEVROLET", "NISSAN", "TESLA", "KIA", "BMW" };

/* Plate @i of the pool, deterministic: 7 characters. */
static void
plate_of (guint64  i,
          char     out[8])
{
  guint64 h = i * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;

  for (int k = 0; k < 7; k++)
    {
      h ^= h >> 29;
      h *= 0xBF58476D1CE4E5B9ull;
      out[k] = alphabet[(h >> 32) % (sizeof alphabet - 1)];
    }
  out[7] = '\0';
}

/* a look-alike: the first foldable character swapped (0<->O, 1<->I, ...) */
static gboolean
look_alike (char plate[8])
{
  static const char from[] = "0O1I8B5S2Z", to[] = "O0I1B8S5Z2";

  for (int k = 0; k < 7; k++)
    {
      const char *at = strchr (from, plate[k]);

      if (at != NULL)
        {
          plate[k] = to[at - from];
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct {
  char   plate[8];
  const char *state, *make;
  guint  reader;
  gint64 t;
} Read;

/* Read @i of @n: its plate (listed, a look-alike of a listed one, or the pool's), place and time. */
static void
read_of (guint64  i,
         guint64  n,
         guint    items,
         gint64   start,
         gint64   span,
         Read    *r)
{
  guint64 h = (i + 1) * 0xD1B54A32D192ED03ull;
  guint   roll = (h >> 40) % 1000;

  if (roll < 10)
    plate_of ((h >> 8) % items, r->plate);                       /* 1%: a listed plate */
  else if (roll < 15)
    {
      plate_of ((h >> 8) % items, r->plate);                     /* 0.5%: its look-alike */
      look_alike (r->plate);
    }
  else
    plate_of (items + (h >> 8) % MAX (n / 5, 1), r->plate);      /* each pool plate about 5 times */
  /* listed plates are listed in CA: one read in five of them elsewhere (a possible hit) */
  r->state = states[roll < 15 && roll % 5 != 4 ? 0 : (h >> 4) % G_N_ELEMENTS (states)];
  r->make = makes[(h >> 20) % G_N_ELEMENTS (makes)];
  r->reader = (h >> 24) % 500;
  r->t = start + (gint64) ((double) span * i / n);
}

typedef struct {
  PdTestDaemon *d;
  const char   *key;
  guint         k, n_feeds;
  gint64        n_reads, n_items, start, span;
  double        t0;
} Feed;

/* Feed @k of n: batches k, k + n, ... as one camera feed would send them. */
static gpointer
feed_run (gpointer data)
{
  Feed *f = data;
  g_autoptr(PdClient) feed = pd_test_public_client (f->d, f->key);

  for (gint64 b = (gint64) f->k * BATCH; b < f->n_reads; b += (gint64) f->n_feeds * BATCH)
    {
      g_autoptr(GString) body = g_string_sized_new (BATCH * 260);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) r = NULL;
      gint64 end = MIN (b + BATCH, f->n_reads);

      g_string_append (body, "{\"reads\":[");
      for (gint64 i = b; i < end; i++)
        {
          Read rd;
          g_autofree char *t = NULL;

          read_of (i, f->n_reads, f->n_items, f->start, f->span, &rd);
          t = pd_time_format (rd.t);
          g_string_append_printf (body, "%s{\"plate\":\"%s\",\"state\":\"%s\",\"observed_at\":\"%s\","
                                  "\"reader_id\":\"R%u\",\"reader_address\":\"Reader %u, I-5\",\"lat\":32.5,"
                                  "\"lon\":-117.0,\"camera_owner\":\"Bench\",\"camera_type\":\"fixed\","
                                  "\"make\":\"%s\",\"model\":\"ANY\"}", i > b ? "," : "", rd.plate, rd.state, t,
                                  rd.reader, rd.reader, rd.make);
        }
      g_string_append (body, "]}");
      bytes = g_string_free_to_bytes (g_steal_pointer (&body));
      r = pd_client_call_bytes (feed, "POST", "/v1/lpr/reads", "application/json", bytes, &error);
      if (r == NULL)
        g_error ("reads %" G_GINT64_FORMAT ": %s", b, error->message);
      if (f->k == 0 && (b / BATCH) % 400 < f->n_feeds)
        g_print ("  %" G_GINT64_FORMAT " reads: %.0f/s\n", end, end / (pd_bench_now_ms () - f->t0) * 1000);
    }
  return NULL;
}

static double
ms_of (double *v, guint n, double p)
{
  return pd_bench_percentile (v, n, p / 100);
}

int
main (int    argc,
      char **argv)
{
  gint64 n_reads = 10000000, n_items = 100000, n_queries = 200;
  guint n_feeds = 2;
  const GOptionEntry entries[] = {
    { "reads", 0, 0, G_OPTION_ARG_INT64, &n_reads, "Reads to ingest (default 10,000,000)", "N" },
    { "items", 0, 0, G_OPTION_ARG_INT64, &n_items, "Display items (default 100,000)", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT64, &n_queries, "Plate queries (default 200)", "N" },
    { "feeds", 0, 0, G_OPTION_ARG_INT, &n_feeds, "Camera feeds posting at once (default 2)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- LPR intake and queries, beside bare SQLite");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL, analyst = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GString) csv = g_string_new ("plate,state,reason\n");
  g_autofree char *key = NULL, *db_path = NULL, *bare_path = NULL;
  g_autofree double *api_ms = NULL, *bare_ms = NULL;
  double ingest_ms = 0, bare_ingest_ms = 0, t0;
  gint64 now, start, span, case_id, alerts;
  sqlite3 *bare = NULL, *ro = NULL;
  sqlite3_stmt *ins = NULL, *sel = NULL, *schema = NULL;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    g_error ("%s", error->message);
  setvbuf (stdout, NULL, _IONBF, 0);
  if (g_getenv ("PORTDESKD") == NULL)
    g_setenv ("PORTDESKD", PD_BUILD_ROOT "/src/service/portdeskd", TRUE);

  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP,
                          "[portdeskd]\nintake_rate_per_minute=100000\nsession_idle_minutes=1440\n"
                          "max_upload_bytes=67108864\naudit_checkpoint_every=100000\n");
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  analyst = pd_test_grant (d, "lpr.ortiz", "lpr", 1);
  key = pd_test_api_key (admin, "lpr_feed", "Bench feed", NULL, "lpr");
  db_path = pd_test_daemon_db_path (d);
  now = g_get_real_time ();
  span = 5 * YEAR_US - (gint64) 2 * 24 * 3600 * G_USEC_PER_SEC;
  start = now - span;

  /* the display */
  r = pd_client_post (analyst, "/v1/lpr/displays", &error, "name", G_TYPE_STRING, "Bench", "reason", G_TYPE_STRING,
                      "bench", NULL);
  if (r == NULL)
    g_error ("display: %s", error->message);
  g_clear_pointer (&r, json_node_unref);
  for (gint64 i = 0; i < n_items; i++)
    {
      char plate[8];

      plate_of (i, plate);
      g_string_append_printf (csv, "%s,%s,listed\n", plate, states[0]);
    }
  {
    g_autoptr(GBytes) body = g_bytes_new (csv->str, csv->len);
    t0 = pd_bench_now_ms ();
    r = pd_client_call_bytes (analyst, "POST", "/v1/lpr/displays/1/import", "text/csv", body, &error);
    if (r == NULL)
      g_error ("items: %s", error->message);
    g_print ("display: %" G_GINT64_FORMAT " items imported in %.0f ms\n", n_items, pd_bench_now_ms () - t0);
    g_clear_pointer (&r, json_node_unref);
  }

  /* the bare file: the service's table and indexes, its pragmas */
  bare_path = g_build_filename (d->dir, "bare.db", NULL);
  if (sqlite3_open (bare_path, &bare) != SQLITE_OK ||
      sqlite3_exec (bare, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-32768; "
                    "PRAGMA mmap_size=268435456;", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_open_v2 (db_path, &ro, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (ro, "SELECT sql FROM sqlite_master WHERE tbl_name = 'lpr_reads' AND sql IS NOT NULL",
                          -1, &schema, NULL) != SQLITE_OK)
    g_error ("bare: %s", sqlite3_errmsg (bare));
  while (sqlite3_step (schema) == SQLITE_ROW)
    if (sqlite3_exec (bare, (const char *) sqlite3_column_text (schema, 0), NULL, NULL, NULL) != SQLITE_OK)
      g_error ("bare schema: %s", sqlite3_errmsg (bare));
  sqlite3_finalize (schema);
  sqlite3_prepare_v2 (bare, "INSERT OR IGNORE INTO lpr_reads (plate, state, plate_key, observed_at, received_at, "
                      "reader_id, reader_address, lat, lon, camera_owner, camera_type, make, model, image_ref, source, "
                      "bucket) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 32.5, -117.0, 'Bench', 'fixed', ?8, 'ANY', NULL, "
                      "'bench', ?4 / ?9)", -1, &ins, NULL);

  /* the reads, in batches, oldest first: --feeds feeds at once, each its batches in turn; the wall time */
  g_print ("ingesting %" G_GINT64_FORMAT " reads in batches of %d, %u feeds at once...\n", n_reads, BATCH, n_feeds);
  {
    g_autofree Feed *feeds = g_new0 (Feed, n_feeds);
    g_autofree GThread **threads = g_new0 (GThread *, n_feeds);

    t0 = pd_bench_now_ms ();
    for (guint k = 0; k < n_feeds; k++)
      {
        feeds[k] = (Feed) { .d = d, .key = key, .k = k, .n_feeds = n_feeds, .n_reads = n_reads, .n_items = n_items,
                            .start = start, .span = span, .t0 = t0 };
        threads[k] = g_thread_new ("feed", feed_run, &feeds[k]);
      }
    for (guint k = 0; k < n_feeds; k++)
      g_thread_join (threads[k]);
    ingest_ms = pd_bench_now_ms () - t0;
  }

  /* the floor: the same rows, in the same batches, into the bare file */
  g_print ("the same into bare SQLite...\n");
  t0 = pd_bench_now_ms ();
  for (gint64 b = 0; b < n_reads; b += BATCH)
    {
      gint64 end = MIN (b + BATCH, n_reads);

      sqlite3_exec (bare, "BEGIN", NULL, NULL, NULL);
      for (gint64 i = b; i < end; i++)
        {
          Read rd;
          g_autofree char *plate = NULL, *key_ = NULL;
          char reader[16], address[32];

          read_of (i, n_reads, n_items, start, span, &rd);
          pd_lpr_plate_normalize (rd.plate, &plate, &key_);   /* the service's key */
          g_snprintf (reader, sizeof reader, "R%u", rd.reader);
          g_snprintf (address, sizeof address, "Reader %u, I-5", rd.reader);
          sqlite3_reset (ins);
          sqlite3_bind_text (ins, 1, rd.plate, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 2, rd.state, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins, 3, key_, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (ins, 4, rd.t);
          sqlite3_bind_int64 (ins, 5, now);
          sqlite3_bind_text (ins, 6, reader, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 7, address, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 8, rd.make, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (ins, 9, BUCKET_US);
          if (sqlite3_step (ins) != SQLITE_DONE)
            g_error ("bare insert: %s", sqlite3_errmsg (bare));
        }
      sqlite3_exec (bare, "COMMIT", NULL, NULL, NULL);
    }
  bare_ingest_ms = pd_bench_now_ms () - t0;
  sqlite3_finalize (ins);
  sqlite3_close (bare);
  alerts = pd_test_db_int (db_path, "SELECT count(*) FROM lpr_alerts");

  /* plate queries over 5 years */
  r = pd_client_post (analyst, "/v1/lpr/cases", &error, "number", G_TYPE_STRING, "BENCH-1", "title", G_TYPE_STRING,
                      "bench", NULL);
  if (r == NULL)
    g_error ("case: %s", error->message);
  case_id = json_object_get_int_member (json_node_get_object (r), "id");
  g_clear_pointer (&r, json_node_unref);
  api_ms = g_new0 (double, n_queries);
  bare_ms = g_new0 (double, n_queries);
  {
    g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) back = g_date_time_add_years (today, -5);
    g_autofree char *from = g_date_time_format (back, "%Y-%m-%d");
    gint64 from_us = (g_date_time_to_unix (back) - (gint64) g_date_time_get_seconds (back) -
                      60 * g_date_time_get_minute (back) - 3600 * g_date_time_get_hour (back)) * G_USEC_PER_SEC;
    gint64 to_us = now + (gint64) 24 * 3600 * G_USEC_PER_SEC;
    g_autoptr(GString) sql = g_string_new ("SELECT * FROM lpr_reads WHERE plate_key = ?1 AND plate = ?2 AND "
                                           "observed_at >= ?3 AND observed_at < ?4 AND bucket IN (");
    guint64 results = 0;

    /* the same query as the service's: the plate in each bucket of the range */
    for (gint64 k = from_us / BUCKET_US; k <= (to_us - 1) / BUCKET_US; k++)
      g_string_append_printf (sql, "%s%" G_GINT64_FORMAT, k > from_us / BUCKET_US ? ", " : "", k);
    g_string_append (sql, ") ORDER BY observed_at DESC LIMIT 10001");
    sqlite3_prepare_v2 (ro, sql->str, -1, &sel, NULL);

    for (gint64 q = 0; q < n_queries; q++)
      {
        Read rd;
        g_autofree char *plate = NULL, *key_ = NULL;

        read_of ((guint64) q * 7919 % n_reads, n_reads, n_items, start, span, &rd);
        pd_lpr_plate_normalize (rd.plate, &plate, &key_);
        t0 = pd_bench_now_ms ();
        r = pd_client_post (analyst, "/v1/lpr/queries", &error, "case", G_TYPE_INT64, case_id, "plate", G_TYPE_STRING,
                            rd.plate, "from", G_TYPE_STRING, from, NULL);
        api_ms[q] = pd_bench_now_ms () - t0;
        if (r == NULL)
          g_error ("query: %s", error->message);
        results += json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items"));
        g_clear_pointer (&r, json_node_unref);

        t0 = pd_bench_now_ms ();
        sqlite3_reset (sel);
        sqlite3_bind_text (sel, 1, key_, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (sel, 2, rd.plate, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (sel, 3, from_us);
        sqlite3_bind_int64 (sel, 4, to_us);
        while (sqlite3_step (sel) == SQLITE_ROW)
          for (int c = 0; c < sqlite3_column_count (sel); c++)
            (void) sqlite3_column_text (sel, c);
        bare_ms[q] = pd_bench_now_ms () - t0;
      }
    g_print ("\nqueries: %" G_GINT64_FORMAT " plates over 5 years, %.1f results each on average\n", n_queries,
             (double) results / n_queries);
  }
  sqlite3_finalize (sel);
  sqlite3_close (ro);

  g_print ("\nLPR on this machine (%u CPUs; SQLite %s; kernel: none, no SIMD dispatch in this path)\n",
           g_get_num_processors (), sqlite3_libversion ());
  g_print ("%-52s %12s %12s %8s\n", "", "portdeskd", "bare SQLite", "ratio");
  g_print ("%-52s %12.0f %12.0f %7.2fx\n", "reads ingested per second, wall (goal >= 20,000)", n_reads / ingest_ms * 1000,
           n_reads / bare_ingest_ms * 1000, ingest_ms / bare_ingest_ms);
  g_print ("%-52s %12.2f %12.2f %7.2fx\n", "plate query over 5 years, p50 ms", ms_of (api_ms, n_queries, 50),
           ms_of (bare_ms, n_queries, 50), ms_of (api_ms, n_queries, 50) / ms_of (bare_ms, n_queries, 50));
  g_print ("%-52s %12.2f %12.2f %7.2fx\n", "plate query over 5 years, p95 ms (goal <= 20)",
           ms_of (api_ms, n_queries, 95), ms_of (bare_ms, n_queries, 95),
           ms_of (api_ms, n_queries, 95) / ms_of (bare_ms, n_queries, 95));
  g_print ("alerts raised: %" G_GINT64_FORMAT " (hits and possible hits, reads within 5 minutes grouped)\n", alerts);
  return 0;
}
