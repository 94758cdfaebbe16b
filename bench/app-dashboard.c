/* app-dashboard.c: the Scheduling Dashboard in the app, loading a port of
 * a real portdeskd and holding M rows, beside the floor: the same rows as
 * plain GObjects put into a GListStore with one g_list_store_splice (no
 * filter, no sorter).  Needs a display (run it under xvfb-run).
 *
 *   xvfb-run -a bench/app-dashboard [N requests seeded [M rows in the model]]
 *
 * The view (PdSchedulingView, in a window) loads the officer's port
 * through a PdListLoader: the list's rows form, pages parsed and rows built
 * in worker threads, batches spliced a frame apart into store -> sort ->
 * filter.  Every figure is printed beside its goal (issue 18).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-app-dashboard"

#include <time.h>

#include <adwaita.h>

#include "pd-bench-util.h"
#include "pd-scheduling-view.h"
#include "pd-service-client.h"
#include "pd-test-daemon.h"

#define RUNS      3
#define PAGE_SIZE 4000
#define N_LIVE    30

/* --- the floor: a bare row object ---------------------------------------- */

#define PD_TYPE_BARE_ROW (pd_bare_row_get_type ())
G_DECLARE_FINAL_TYPE (PdBareRow, pd_bare_row, PD, BARE_ROW, GObject)

struct _PdBareRow
{
  GObject     parent_instance;
  JsonArray  *json;
};

G_DEFINE_FINAL_TYPE (PdBareRow, pd_bare_row, G_TYPE_OBJECT)

static void
pd_bare_row_finalize (GObject *object)
{
  g_clear_pointer (&PD_BARE_ROW (object)->json, json_array_unref);
  G_OBJECT_CLASS (pd_bare_row_parent_class)->finalize (object);
}

static void
pd_bare_row_class_init (PdBareRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_bare_row_finalize;
}

static void
pd_bare_row_init (PdBareRow *self)
{
}

/* --- helpers ------------------------------------------------------------- */

/* The longest gap between frames from stamp @from on. */
static double
max_frame_gap_ms (GPtrArray *stamps,
                  guint      from)
{
  double worst = 0;

  for (guint i = MAX (from, 1); i < stamps->len; i++)
    {
      gint64 a = *(gint64 *) g_ptr_array_index (stamps, i - 1);
      gint64 b = *(gint64 *) g_ptr_array_index (stamps, i);

      worst = MAX (worst, (b - a) / 1000.0);
    }
  return worst;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GPtrArray *stamps = user_data;
  gint64 *t = g_new (gint64, 1);

  *t = g_get_monotonic_time ();
  g_ptr_array_add (stamps, t);
  return G_SOURCE_CONTINUE;
}

static gboolean
view_done (PdSchedulingView *view)
{
  return !pd_scheduling_view_get_loading (view) &&
         (pd_scheduling_view_get_n_rows (view) > 0 || pd_scheduling_view_get_error (view) != NULL);
}

typedef struct {
  GPtrArray *stamps;
  guint      tick;
} Frames;

/* Frame times from now on. */
static void
frames_start (Frames    *f,
              GtkWidget *widget)
{
  f->stamps = g_ptr_array_new_with_free_func (g_free);
  f->tick = gtk_widget_add_tick_callback (widget, tick_cb, f->stamps, NULL);
}

/* The longest gap between two frames since frames_start. */
static double
frames_stop (Frames    *f,
             GtkWidget *widget)
{
  double gap;

  gtk_widget_remove_tick_callback (widget, f->tick);
  gap = max_frame_gap_ms (f->stamps, 1);
  g_ptr_array_unref (f->stamps);
  return gap;
}

static void
wait_settled (PdSchedulingView *view)
{
  g_main_context_iteration (NULL, FALSE);
  while (pd_scheduling_view_get_loading (view))
    g_main_context_iteration (NULL, TRUE);
}

static GtkColumnView *
find_column_view (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    return GTK_COLUMN_VIEW (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkColumnView *found = find_column_view (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkColumnViewColumn *
column_titled (GtkColumnView *cv,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (cv);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (c), title) == 0)
        return c;
    }
  g_error ("no column %s", title);
}

/* The officer's moves, from another thread, as another workstation would. */
typedef struct {
  char      *socket;
  char      *token;
  GPtrArray *refs;
} Live;

static gpointer
live_thread (gpointer data)
{
  Live *live = data;
  g_autoptr(PdClient) c = pd_client_new_unix (live->socket);

  pd_client_set_token (c, live->token);
  for (guint i = 0; i < live->refs->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/inspections/%s/transition", (char *) g_ptr_array_index (live->refs, i));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) r = pd_client_post (c, path, &error, "to", G_TYPE_STRING, "accepted", NULL);

      if (r == NULL)
        g_error ("%s: %s", path, error->message);
      g_usleep (10 * 1000);
    }
  return NULL;
}

static gboolean
all_accepted (PdSchedulingView *view,
              GPtrArray        *refs)
{
  for (guint i = 0; i < refs->len; i++)
    {
      PdInspectionObject *o = pd_scheduling_view_lookup (view, g_ptr_array_index (refs, i));

      if (o == NULL || g_strcmp0 (pd_inspection_object_get_status (o), "accepted") != 0)
        return FALSE;
    }
  return TRUE;
}



static PdSchedulingView *
new_view_in_window (PdServiceClient *client,
                    GtkWidget      **out_window)
{
  GtkWidget *window = gtk_window_new ();
  PdSchedulingView *view;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  view = pd_scheduling_view_new (client);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  *out_window = window;
  return view;
}

/* Waits until the view settled: the longest gap between frames after the
 * view's first frame (@gap_ms), and that first one (@first_ms: a new view
 * laid out and painted, as when the window opens, before any row). */
static void
wait_view (PdSchedulingView *view,
           double           *gap_ms,
           double           *first_ms)
{
  Frames f;

  frames_start (&f, GTK_WIDGET (view));
  /* one turn first: the load starts with the settle of an empty model */
  g_main_context_iteration (NULL, FALSE);
  for (gint64 limit = g_get_monotonic_time () + 60 * G_USEC_PER_SEC; !view_done (view);)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > limit)
        g_error ("the view did not settle in 60 s (loading %d, %u rows)", pd_scheduling_view_get_loading (view),
                 pd_scheduling_view_get_n_rows (view));
    }
  if (pd_scheduling_view_get_error (view) != NULL)
    g_error ("view: %s", pd_scheduling_view_get_error (view));
  gtk_widget_remove_tick_callback (GTK_WIDGET (view), f.tick);
  *gap_ms = max_frame_gap_ms (f.stamps, first_ms != NULL ? 2 : 1);
  if (first_ms != NULL)
    *first_ms = f.stamps->len > 1 ? (*(gint64 *) f.stamps->pdata[1] - *(gint64 *) f.stamps->pdata[0]) / 1000.0 : 0;
  g_ptr_array_unref (f.stamps);
}

/* A search typed, then cleared: the time each takes to settle, and the
 * longest frame gap meanwhile. */
static void
search_and_clear (PdSchedulingView *view,
                  double           *search_ms,
                  double           *clear_ms,
                  guint            *found,
                  double           *gap_ms)
{
  Frames f;
  double t0;

  frames_start (&f, GTK_WIDGET (view));
  t0 = pd_bench_now_ms ();
  pd_scheduling_view_set_search (view, "Roses");
  wait_settled (view);
  *search_ms = pd_bench_now_ms () - t0;
  *found = pd_scheduling_view_get_n_shown (view);
  t0 = pd_bench_now_ms ();
  pd_scheduling_view_set_search (view, NULL);
  wait_settled (view);
  *clear_ms = pd_bench_now_ms () - t0;
  /* a few frames after, so that the gap covers the repaint */
  for (gint64 end = g_get_monotonic_time () + 100000; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);
  *gap_ms = frames_stop (&f, GTK_WIDGET (view));
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Until the column view has the row widgets GTK 4.8 keeps (up to 200 beyond
 * the screen; the list makes them a few a frame once the rows are in). */
static void
wait_row_widgets (PdSchedulingView *view)
{
  GtkColumnView *cv = find_column_view (GTK_WIDGET (view));
  guint want = MIN (pd_scheduling_view_get_n_shown (view), 240);

  while (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (cv))) < want)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint m = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 100000;
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL;
  g_autoptr(PdClient) officer = NULL;
  g_autoptr(PdServiceClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(JsonArray) fields = NULL;
  g_autoptr(JsonArray) port_rows = json_array_new ();
  g_autoptr(JsonArray) many = json_array_new ();
  g_autoptr(JsonNode) many_page = NULL;
  g_autoptr(GPtrArray) live_refs = g_ptr_array_new_with_free_func (g_free);
  double wall[RUNS], fetch[RUNS], build[RUNS], model[RUNS], gaps[RUNS], first[RUNS], widgets[RUNS];
  double s_ms[RUNS], c_ms[RUNS], s_gap[RUNS], sort_ms[RUNS], sort_gap[RUNS];
  double mbuild[RUNS], mmodel[RUNS], mgaps[RUNS], mwall[RUNS], floor_ms[RUNS], search_ms[RUNS], clear_ms[RUNS];
  double msgap[RUNS];
  double live_ms = 0, live_gap = 0, api_ms = 0, api_full_ms = 0;
  guint found = 0, port_found = 0, rows = 0, total = 0, pages = 0;
  double seed_ms;
  int ref_at = -1, status_at = -1;

  if (n == 0 || n > 200000 || m == 0 || m > 1000000)
    {
      g_printerr ("usage: app-dashboard [N requests seeded (1..200000) [M rows in the model (1..1000000)]]\n");
      return 2;
    }
  if (g_getenv ("PORTDESKD") == NULL)
    g_setenv ("PORTDESKD", PD_BUILD_ROOT "/src/service/portdeskd", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);

  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  seed_ms = pd_bench_now_ms ();
  r = pd_client_post (admin, "/v1/demo/seed", &error, "requests", G_TYPE_INT64, (gint64) n, NULL);
  if (r == NULL)
    g_error ("seed: %s", error->message);
  seed_ms = pd_bench_now_ms () - seed_ms;
  officer = pd_test_login (d, "ag.lopez", NULL, TRUE);

  /* the service alone: the port's pages fetched one after another,
   * blocking, in the rows form the view asks for and in the full form */
  for (int form = 0; form < 2; form++)
    {
      double service_ms = 0;

      for (guint offset = 0;; offset += form == 0 ? PAGE_SIZE : 500)
        {
          g_autofree char *path = form == 0
            ? g_strdup_printf ("/v1/inspections?form=rows&sort=requested&limit=%u&offset=%u", PAGE_SIZE, offset)
            : g_strdup_printf ("/v1/inspections?sort=requested&limit=500&offset=%u", offset);
          double t0 = pd_bench_now_ms ();
          guint status = 0;
          g_autoptr(GBytes) bytes = pd_client_call_raw (officer, "GET", path, NULL, NULL, &status, &error);
          g_autoptr(JsonNode) page = NULL;
          JsonObject *obj;
          JsonArray *items;

          /* the service's time: the answer read, not parsed */
          service_ms += pd_bench_now_ms () - t0;
          page = bytes != NULL ? pd_client_decode_reply (status, bytes, &error) : NULL;
          if (page == NULL)
            g_error ("%s: %s", path, error->message);
          obj = json_node_get_object (page);
          total = json_object_get_int_member (obj, "total");
          items = json_object_get_array_member (obj, "items");
          if (form == 0)
            {
              pages++;
              if (fields == NULL)
                fields = json_array_ref (json_object_get_array_member (obj, "fields"));
              for (guint i = 0; i < json_array_get_length (items); i++)
                json_array_add_element (port_rows, json_node_copy (json_array_get_element (items, i)));
            }
          if (JSON_NODE_HOLDS_NULL (json_object_get_member (obj, "next")))
            break;
        }
      *(form == 0 ? &api_ms : &api_full_ms) = service_ms;
    }
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      if (g_str_equal (json_array_get_string_element (fields, i), "ref"))
        ref_at = i;
      if (g_str_equal (json_array_get_string_element (fields, i), "status"))
        status_at = i;
    }
  g_assert (ref_at >= 0 && status_at >= 0);
  for (guint i = 0; i < json_array_get_length (port_rows) && live_refs->len < N_LIVE; i++)
    {
      JsonArray *row = json_array_get_array_element (port_rows, i);

      if (g_str_equal (json_array_get_string_element (row, status_at), "submitted"))
        g_ptr_array_add (live_refs, g_strdup (json_array_get_string_element (row, ref_at)));
    }

  gtk_init ();
  adw_init ();
  client = pd_service_client_new (d->socket);
  pd_service_client_set_autostart (client, FALSE);
  pd_service_client_set_token (client, pd_client_get_token (officer));
  pd_service_client_start_events (client);

  /* 1. the view loads the officer's port from portdeskd; then a search,
   * a sort by another column, and (last run) live moves */
  for (guint run = 0; run < RUNS; run++)
    {
      GtkWidget *window;
      double t0 = pd_bench_now_ms ();
      PdSchedulingView *view = new_view_in_window (client, &window);
      GtkColumnView *cv;
      Frames f;

      wait_view (view, &gaps[run], &first[run]);
      wall[run] = pd_bench_now_ms () - t0;
      wait_row_widgets (view);
      widgets[run] = pd_bench_now_ms () - t0;
      pd_scheduling_view_get_load_timing (view, &fetch[run], &build[run], &model[run]);
      rows = pd_scheduling_view_get_n_rows (view);
      search_and_clear (view, &s_ms[run], &c_ms[run], &port_found, &s_gap[run]);

      cv = find_column_view (GTK_WIDGET (view));
      frames_start (&f, GTK_WIDGET (view));
      t0 = pd_bench_now_ms ();
      gtk_column_view_sort_by_column (cv, column_titled (cv, "Status"), GTK_SORT_DESCENDING);
      wait_settled (view);
      sort_ms[run] = pd_bench_now_ms () - t0;
      for (gint64 end = g_get_monotonic_time () + 100000; g_get_monotonic_time () < end;)
        g_main_context_iteration (NULL, FALSE);
      sort_gap[run] = frames_stop (&f, GTK_WIDGET (view));
      gtk_column_view_sort_by_column (cv, column_titled (cv, "Requested"), GTK_SORT_ASCENDING);
      wait_settled (view);

      if (run == RUNS - 1 && live_refs->len > 0)
        {
          Live live = { d->socket, (char *) pd_client_get_token (officer), live_refs };
          GThread *thread;

          frames_start (&f, GTK_WIDGET (view));
          t0 = pd_bench_now_ms ();
          thread = g_thread_new ("live", live_thread, &live);
          while (!all_accepted (view, live_refs))
            g_main_context_iteration (NULL, TRUE);
          live_ms = pd_bench_now_ms () - t0;
          g_thread_join (thread);
          live_gap = frames_stop (&f, GTK_WIDGET (view));
        }
      close_window (window);
    }

  /* 2. M rows in the same model: the port's rows again and again, each
   * with its own ref, as one page of the rows form in the service's order
   * (by requested time: each row's copies side by side) */
  for (guint i = 0; i < m; i++)
    {
      guint copies = (m + json_array_get_length (port_rows) - 1) / json_array_get_length (port_rows);
      JsonArray *src = json_array_get_array_element (port_rows, i / copies);
      JsonArray *copy = json_array_sized_new (json_array_get_length (src));
      g_autofree char *ref = g_strdup_printf ("LAX-B%07u", i);

      for (guint k = 0; k < json_array_get_length (src); k++)
        if ((int) k == ref_at)
          json_array_add_string_element (copy, ref);
        else
          json_array_add_element (copy, json_node_copy (json_array_get_element (src, k)));
      json_array_add_array_element (many, copy);
    }
  {
    JsonObject *page = json_object_new ();

    json_object_set_array_member (page, "fields", json_array_ref (fields));
    json_object_set_array_member (page, "items", json_array_ref (many));
    json_object_set_int_member (page, "total", m);
    json_object_set_null_member (page, "next");
    many_page = json_node_init_object (json_node_alloc (), page);
    json_object_unref (page);
  }
  for (guint run = 0; run < RUNS; run++)
    {
      GtkWidget *window;
      PdSchedulingView *view = new_view_in_window (client, &window);
      double t0;

      wait_view (view, &mgaps[run], NULL);
      t0 = pd_bench_now_ms ();
      pd_scheduling_view_load_page (view, many_page);
      wait_view (view, &mgaps[run], NULL);
      mwall[run] = pd_bench_now_ms () - t0;
      pd_scheduling_view_get_load_timing (view, NULL, &mbuild[run], &mmodel[run]);
      if (pd_scheduling_view_get_n_rows (view) != m || pd_scheduling_view_get_n_shown (view) != m)
        g_error ("model holds %u rows, shows %u, expected %u", pd_scheduling_view_get_n_rows (view),
                 pd_scheduling_view_get_n_shown (view), m);
      search_and_clear (view, &search_ms[run], &clear_ms[run], &found, &msgap[run]);
      close_window (window);
    }

  /* the floor: the same M rows as bare objects, one splice */
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GListStore) store = g_list_store_new (PD_TYPE_BARE_ROW);
      g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
      double t0 = pd_bench_now_ms ();

      for (guint i = 0; i < json_array_get_length (many); i++)
        {
          PdBareRow *row = g_object_new (PD_TYPE_BARE_ROW, NULL);

          row->json = json_array_ref (json_array_get_array_element (many, i));
          g_ptr_array_add (objects, row);
        }
      g_list_store_splice (store, 0, 0, objects->pdata, objects->len);
      floor_ms[run] = pd_bench_now_ms () - t0;
    }

#define MED(v) pd_bench_median (v, RUNS)
  g_print ("Scheduling Dashboard in the app: %u requests seeded (+300 demo); the LAX officer sees %u (service total %u); "
           "seeding took %.1f s; medians of %d runs, window 1100x700 under Xvfb, cairo renderer, %u cores\n",
           n, rows, total, seed_ms / 1000.0, RUNS, g_get_num_processors ());
  g_print ("%-66s %10s %12s\n", "", "measured", "goal");
  g_print ("1. the view loads its port (rows form: a first page of 500, then pages of %d, 2 in flight)\n", PAGE_SIZE);
  g_print ("   %-63s %7.1f ms %12s\n", "end to end, first request to rows sorted and filtered", MED (wall), "<= 400 ms");
  g_print ("   %-63s %7.1f ms\n", "  last page in", MED (fetch));
  g_print ("   %-63s %7.1f ms\n", "  worker threads: pages parsed, rows built (cpu)", MED (build));
  g_print ("   %-63s %7.1f ms\n", "  main thread: batches spliced, sorted, filtered", MED (model));
  g_print ("   %-63s %7.1f ms\n", "  the 240 row widgets GTK keeps, made a few a frame after", MED (widgets));
  g_print ("   %-63s %7.1f ms\n", "the view's first frame (a new view laid out and painted)", MED (first));
  g_print ("   %-63s %7.1f ms %12s\n", "longest gap between frames while loading, after it", MED (gaps), "<= 32 ms");
  g_print ("   search \"roses\" (%u shown), then cleared %*s %5.1f, %.1f ms\n", port_found, 24, "", MED (s_ms), MED (c_ms));
  g_print ("   %-63s %7.1f ms %12s\n", "  longest gap between frames", MED (s_gap), "<= 32 ms");
  g_print ("   %-63s %7.1f ms\n", "sort by status (a column header)", MED (sort_ms));
  g_print ("   %-63s %7.1f ms %12s\n", "  longest gap between frames", MED (sort_gap), "<= 32 ms");
  g_print ("   %-60s %2u: %7.1f ms\n", "live: moves by another officer until all show, N =", live_refs->len, live_ms);
  g_print ("   %-63s %7.1f ms %12s\n", "  longest gap between frames", live_gap, "<= 32 ms");
  g_print ("   the service alone, the same pages one after another, blocking, read but not parsed:\n");
  g_print ("   %-63s %7.1f ms\n", g_strdup_printf ("  rows form, %u pages of %d", pages, PAGE_SIZE), api_ms);
  g_print ("   %-63s %7.1f ms\n", g_strdup_printf ("  full form (before), %u pages of 500", (total + 499) / 500), api_full_ms);
  g_print ("2. %u rows in the view's model (one page of the rows form, parsed)\n", m);
  g_print ("   %-63s %7.1f ms %12s\n", "rows built + spliced + sorted + filtered, to settled", MED (mwall), "<= 1000 ms");
  g_print ("   %-63s %7.1f ms\n", "  worker threads: rows built (cpu)", MED (mbuild));
  g_print ("   %-63s %7.1f ms\n", "  main thread: batches spliced, sorted, filtered", MED (mmodel));
  g_print ("   %-63s %7.1f ms\n", "  longest gap between frames meanwhile", MED (mgaps));
  g_print ("   search \"roses\" (%u shown), then cleared %*s %5.1f, %.1f ms %12s\n", found, 22, "", MED (search_ms),
           MED (clear_ms), "<= 50 ms each");
  g_print ("   %-63s %7.1f ms\n", "  longest gap between frames", MED (msgap));
  g_print ("   %-63s %7.1f ms\n", "floor: a bare GObject per row + one g_list_store_splice", MED (floor_ms));
  g_print ("   %-63s %7.1fx %12s\n", "ratio, to settled / floor", MED (mwall) / MAX (MED (floor_ms), 0.001), "<= 5x");
  return 0;
}
