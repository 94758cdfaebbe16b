/* app-dashboard.c: the Scheduling Dashboard's model load time in the app
 * for N requests (default 100000), beside the floor: the same rows as
 * plain GObjects put into a GListStore with one g_list_store_splice (no
 * filter, no sorter).  Needs a display (run it under xvfb-run).
 *
 *   xvfb-run -a bench/app-dashboard [N requests seeded [M rows in the model]]
 *
 * The view (PdSchedulingView, in a window) loads the officer's port page
 * by page (limit=500, 4 requests in flight) from a real portdeskd, builds
 * one PdInspectionObject per row, splices them into its GListStore and
 * waits for the filter and the sorter bound to the columns.
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
#define PAGE_SIZE 500

/* --- the floor: a bare row object ---------------------------------------- */

#define PD_TYPE_BARE_ROW (pd_bare_row_get_type ())
G_DECLARE_FINAL_TYPE (PdBareRow, pd_bare_row, PD, BARE_ROW, GObject)

struct _PdBareRow
{
  GObject     parent_instance;
  JsonObject *json;
};

G_DEFINE_FINAL_TYPE (PdBareRow, pd_bare_row, G_TYPE_OBJECT)

static void
pd_bare_row_finalize (GObject *object)
{
  g_clear_pointer (&PD_BARE_ROW (object)->json, json_object_unref);
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

/* This process's CPU time: the machine may be shared, wall time less telling. */
static double
cpu_now_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static gboolean
view_done (PdSchedulingView *view)
{
  return !pd_scheduling_view_get_loading (view) &&
         (pd_scheduling_view_get_n_rows (view) > 0 || pd_scheduling_view_get_error (view) != NULL);
}

static double
max_frame_gap_ms (GPtrArray *stamps)
{
  double worst = 0;

  for (guint i = 1; i < stamps->len; i++)
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

static void
wait_view (PdSchedulingView *view,
           double           *gap_ms)
{
  g_autoptr(GPtrArray) stamps = g_ptr_array_new_with_free_func (g_free);
  guint tick = gtk_widget_add_tick_callback (GTK_WIDGET (view), tick_cb, stamps, NULL);

  /* one turn first: the load starts with the settle of an empty model */
  g_main_context_iteration (NULL, FALSE);
  while (!view_done (view))
    g_main_context_iteration (NULL, TRUE);
  if (pd_scheduling_view_get_error (view) != NULL)
    g_error ("view: %s", pd_scheduling_view_get_error (view));
  gtk_widget_remove_tick_callback (GTK_WIDGET (view), tick);
  *gap_ms = max_frame_gap_ms (stamps);
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
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
  g_autoptr(JsonArray) port_rows = json_array_new ();
  g_autoptr(JsonArray) many = json_array_new ();
  double wall[RUNS], fetch[RUNS], build[RUNS], model[RUNS], gaps[RUNS];
  double mbuild[RUNS], mmodel[RUNS], mgaps[RUNS], mwall[RUNS], floor_ms[RUNS], search_ms[RUNS], clear_ms[RUNS];
  double mcpu[RUNS], floor_cpu[RUNS];
  guint found = 0;
  double seed_ms, api_ms;
  guint rows = 0, total = 0;

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

  gtk_init ();
  adw_init ();
  client = pd_service_client_new (d->socket);
  pd_service_client_set_autostart (client, FALSE);
  pd_service_client_set_token (client, pd_client_get_token (officer));

  /* 1. the view loads the officer's port from portdeskd */
  for (guint run = 0; run < RUNS; run++)
    {
      GtkWidget *window;
      double t0 = pd_bench_now_ms ();
      PdSchedulingView *view = new_view_in_window (client, &window);

      wait_view (view, &gaps[run]);
      wall[run] = pd_bench_now_ms () - t0;
      pd_scheduling_view_get_load_timing (view, &fetch[run], &build[run], &model[run]);
      rows = pd_scheduling_view_get_n_rows (view);
      close_window (window);
    }

  /* the same pages, fetched blocking */
  {
    double t0 = pd_bench_now_ms ();

    for (guint offset = 0;; offset += PAGE_SIZE)
      {
        g_autofree char *path = g_strdup_printf ("/v1/inspections?sort=requested&limit=%u&offset=%u", PAGE_SIZE, offset);
        g_autoptr(JsonNode) page = pd_client_call (officer, "GET", path, NULL, &error);
        JsonObject *obj;
        JsonArray *items;

        if (page == NULL)
          g_error ("%s: %s", path, error->message);
        obj = json_node_get_object (page);
        total = json_object_get_int_member (obj, "total");
        items = json_object_get_array_member (obj, "items");
        for (guint i = 0; i < json_array_get_length (items); i++)
          json_array_add_element (port_rows, json_node_copy (json_array_get_element (items, i)));
        if (JSON_NODE_HOLDS_NULL (json_object_get_member (obj, "next")))
          break;
      }
    api_ms = pd_bench_now_ms () - t0;
  }

  /* 2. M rows in the same model: the port's rows again and again, each
   * with its own ref (a port sees a seventh of the seeded requests) */
  for (guint i = 0; i < m; i++)
    {
      JsonObject *src = json_array_get_object_element (port_rows, i % json_array_get_length (port_rows));
      JsonObject *copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (src);
      g_autofree char *ref = g_strdup_printf ("LAX-B%07u", i);

      /* the parsed pages are immutable: a new object with its own ref */
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "ref"))
          json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (src, l->data)));
      json_object_set_string_member (copy, "ref", ref);
      json_array_add_object_element (many, copy);
    }
  for (guint run = 0; run < RUNS; run++)
    {
      GtkWidget *window;
      PdSchedulingView *view = new_view_in_window (client, &window);
      double t0;

      wait_view (view, &mgaps[run]);
      {
        double c0 = cpu_now_ms ();

        t0 = pd_bench_now_ms ();
        pd_scheduling_view_load_rows (view, many);
        wait_view (view, &mgaps[run]);
        mwall[run] = pd_bench_now_ms () - t0;
        mcpu[run] = cpu_now_ms () - c0;
      }
      pd_scheduling_view_get_load_timing (view, NULL, &mbuild[run], &mmodel[run]);
      if (pd_scheduling_view_get_n_rows (view) != m || pd_scheduling_view_get_n_shown (view) != m)
        g_error ("model holds %u rows, shows %u, expected %u", pd_scheduling_view_get_n_rows (view),
                 pd_scheduling_view_get_n_shown (view), m);
      /* a search typed in the filter bar, then cleared */
      t0 = pd_bench_now_ms ();
      pd_scheduling_view_set_search (view, "Roses");
      while (pd_scheduling_view_get_loading (view))
        g_main_context_iteration (NULL, TRUE);
      search_ms[run] = pd_bench_now_ms () - t0;
      found = pd_scheduling_view_get_n_shown (view);
      t0 = pd_bench_now_ms ();
      pd_scheduling_view_set_search (view, NULL);
      while (pd_scheduling_view_get_loading (view))
        g_main_context_iteration (NULL, TRUE);
      clear_ms[run] = pd_bench_now_ms () - t0;
      close_window (window);
    }

  /* the floor: the same M rows as bare objects, one splice */
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GListStore) store = g_list_store_new (PD_TYPE_BARE_ROW);
      g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
      double c0 = cpu_now_ms ();
      double t0 = pd_bench_now_ms ();

      for (guint i = 0; i < json_array_get_length (many); i++)
        {
          PdBareRow *row = g_object_new (PD_TYPE_BARE_ROW, NULL);

          row->json = json_object_ref (json_array_get_object_element (many, i));
          g_ptr_array_add (objects, row);
        }
      g_list_store_splice (store, 0, 0, objects->pdata, objects->len);
      floor_ms[run] = pd_bench_now_ms () - t0;
      floor_cpu[run] = cpu_now_ms () - c0;
    }

  g_print ("Scheduling Dashboard in the app: %u requests seeded (+300 demo); the LAX officer sees %u (service total %u); "
           "seeding took %.1f s; medians of %d runs, window 1100x700 under Xvfb, cairo renderer\n",
           n, rows, total, seed_ms / 1000.0, RUNS);
  g_print ("1. the view loads its port from portdeskd (%u pages of %d, 4 in flight)\n",
           (total + PAGE_SIZE - 1) / PAGE_SIZE, PAGE_SIZE);
  g_print ("   end to end, first request to rows filtered and sorted      %9.1f ms\n", pd_bench_median (wall, RUNS));
  g_print ("   pages fetched and parsed                                    %9.1f ms\n", pd_bench_median (fetch, RUNS));
  g_print ("   rows built (a PdInspectionObject each)                      %9.1f ms\n", pd_bench_median (build, RUNS));
  g_print ("   one splice + filter + column sorter                         %9.1f ms\n", pd_bench_median (model, RUNS));
  g_print ("   longest gap between frames meanwhile                        %9.1f ms\n", pd_bench_median (gaps, RUNS));
  g_print ("   (the same pages fetched one after another, blocking:        %9.1f ms)\n", api_ms);
  g_print ("2. %u rows in the view's model\n", m);
  g_print ("   rows built + splice + filter + sort, to settled             %9.1f ms (cpu %.1f ms)\n",
           pd_bench_median (mwall, RUNS), pd_bench_median (mcpu, RUNS));
  g_print ("     rows built                                                %9.1f ms\n", pd_bench_median (mbuild, RUNS));
  g_print ("     one splice + filter + column sorter                       %9.1f ms\n", pd_bench_median (mmodel, RUNS));
  g_print ("     longest gap between frames meanwhile                      %9.1f ms\n", pd_bench_median (mgaps, RUNS));
  g_print ("   search \"roses\" (%u shown), then cleared                    %6.1f ms, %.1f ms\n", found,
           pd_bench_median (search_ms, RUNS), pd_bench_median (clear_ms, RUNS));
  g_print ("   floor: a bare GObject per row + one g_list_store_splice     %9.1f ms (cpu %.1f ms)\n",
           pd_bench_median (floor_ms, RUNS), pd_bench_median (floor_cpu, RUNS));
  g_print ("   ratio (built + model) / floor                               %9.1fx (cpu %.1fx)\n",
           (pd_bench_median (mbuild, RUNS) + pd_bench_median (mmodel, RUNS)) / MAX (pd_bench_median (floor_ms, RUNS), 0.001),
           pd_bench_median (mcpu, RUNS) / MAX (pd_bench_median (floor_cpu, RUNS), 0.001));
  return 0;
}
