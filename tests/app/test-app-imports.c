/* test-app-imports.c: the Imports view in the real app, under Xvfb,
 * against a real portdeskd with the demo holdings
 *
 * The files are made here at run time, their photos the demo holdings'
 * own (read back over the API).  As the administrator: a holdings file
 * with a bad row lists that row's error (row, field, why) and imports
 * nothing (the service's list is unchanged); a good file imports, its
 * progress reaching the end while the window goes on drawing frames; a
 * cancel part-way leaves nothing imported.  As the LPR analyst (with the
 * entitlement): only LPR files are offered; a reads file with a bad row
 * imports nothing, and mended imports every read; so does a display's
 * items file.  With PD_SCREENSHOT_DIR
 * set, the view is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-app-test-window.h"
#include "pd-clock.h"
#include "pd-imports-view.h"
#include "pd-json.h"
#include "pd-test-daemon.h"
#include "tsa-test-util.h"

#define TIMEOUT_MS 60000
#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

enum { COL_ROW, COL_FIELD, COL_WHY };

#define HEADER "first_name,last_name,birth_date,citizenship,passport_at_arrival,intent_to_depart,eligible_to_fly," \
               "source,source_date,photos\r\n"

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;
static PdImportsView *view;
static GPtrArray     *holdings;
static char          *tmp;

/* progress seen while an import runs */
static double         max_fraction;
static guint          n_fractions;
static guint          n_frames;
static gboolean       cancel_part_way;

static gboolean
loaded (gpointer data)
{
  return !pd_imports_view_get_busy (view) && pd_imports_view_offers (view, GPOINTER_TO_INT (data));
}

static gboolean
finished (gpointer data)
{
  return !pd_imports_view_get_running (view) && pd_imports_view_get_message (view) != NULL;
}

/* The holdings the service lists. */
static guint
holdings_count (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = test_call_as (daemon_->socket, "admin.demo", "GET", "/v1/holdings?limit=1000", NULL,
                                        &error);

  g_assert_no_error (error);
  return json_array_get_length (pd_json_array (json_node_get_object (r), "items"));
}

static void
fraction_changed (GtkProgressBar *bar)
{
  double f = gtk_progress_bar_get_fraction (bar);

  if (!pd_imports_view_get_running (view))
    return;
  n_fractions++;
  max_fraction = MAX (max_fraction, f);
  if (cancel_part_way && f > 0.0 && f < 1.0)
    {
      cancel_part_way = FALSE;
      pd_imports_view_cancel (view);
    }
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  if (pd_imports_view_get_running (view))
    n_frames++;
  return G_SOURCE_CONTINUE;
}

/* A holdings CSV of @n records with the demo photos (photo i of the
 * holdings for record i), record @bad_row (1-based; 0: none) with a
 * citizenship that is not a country code. */
static char *
holdings_file (const char *name,
               const char *last_name,
               guint       n,
               guint       bad_row)
{
  g_autoptr(GString) csv = g_string_new (HEADER);
  char *path = g_build_filename (tmp, name, NULL);

  for (guint i = 0; i < n; i++)
    {
      TsaHolding *h = holdings->pdata[i % holdings->len];
      g_autofree char *photo = g_strdup_printf ("photo-%u.jpg", i % holdings->len);
      g_autofree char *photo_path = g_build_filename (tmp, photo, NULL);

      g_assert_true (g_file_set_contents (photo_path, g_bytes_get_data (h->jpeg, NULL), g_bytes_get_size (h->jpeg),
                                          NULL));
      g_string_append_printf (csv, "Import%u,%s,19%02u-03-04,%s,yes,no,yes,ERO import,2026-10-01,%s\r\n", i,
                              last_name, 50 + i % 40, i + 1 == bad_row ? "M3X" : "MEX", photo);
    }
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  return path;
}

static void
start (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  max_fraction = 0.0;
  n_fractions = n_frames = 0;
  pd_imports_view_set_file (view, file);
  pd_imports_view_start (view);
  g_assert_true (pd_imports_view_get_running (view));
}

static void
open_view (const char   *user,
           PdImportKind  kind)
{
  test_window_sign_in (win, user);
  g_assert_true (pd_window_select_view (win, "imports"));
  view = PD_IMPORTS_VIEW (pd_window_get_view_widget (win, "imports"));
  WAIT (loaded, GINT_TO_POINTER (kind));
  g_signal_connect (pd_imports_view_get_progress (view), "notify::fraction", G_CALLBACK (fraction_changed), NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (pd_imports_view_get_progress (view)), count_frame, NULL, NULL);
}

static void
test_holdings (void)
{
  guint before = holdings_count ();
  g_autofree char *bad = holdings_file ("bad.csv", "Badrow", 4, 2);
  g_autofree char *good = holdings_file ("good.csv", "Goodfile", 4, 0);
  g_autofree char *many = holdings_file ("many.csv", "Manyrows", 24, 0);
  PdTableView *problems;
  g_autofree char *row = NULL, *field = NULL, *why = NULL;

  open_view ("admin.demo", PD_IMPORT_HOLDINGS);
  g_assert_false (pd_imports_view_offers (view, PD_IMPORT_LPR_READS));
  g_assert_true (pd_imports_view_set_kind (view, PD_IMPORT_HOLDINGS));

  /* a bad row: its error listed, nothing imported */
  start (bad);
  WAIT (finished, NULL);
  g_assert_nonnull (strstr (pd_imports_view_get_message (view), "Nothing was imported: 1 of 4 rows"));
  problems = pd_imports_view_get_problems (view);
  g_assert_cmpuint (pd_table_view_get_n_rows (problems), ==, 1);
  row = pd_table_view_dup_cell (problems, 0, COL_ROW);
  field = pd_table_view_dup_cell (problems, 0, COL_FIELD);
  why = pd_table_view_dup_cell (problems, 0, COL_WHY);
  g_assert_cmpstr (row, ==, "2");
  g_assert_cmpstr (field, ==, "citizenship");
  g_assert_nonnull (strstr (why, "'M3X' is not an ISO 3166 alpha-3 code"));
  g_assert_cmpuint (holdings_count (), ==, before);
  test_window_save_state (win, "imports-errors.png");

  /* a good file: the bar goes to the end while the window draws */
  start (good);
  WAIT (finished, NULL);
  g_assert_cmpstr (pd_imports_view_get_message (view), ==,
                   "Imported 4 records; their templates are in the holdings gallery.");
  g_assert_cmpfloat (max_fraction, ==, 1.0);
  g_assert_cmpuint (n_fractions, >=, 4);
  g_assert_cmpuint (n_frames, >=, 3);
  g_assert_cmpuint (pd_table_view_get_n_rows (pd_imports_view_get_problems (view)), ==, 0);
  g_assert_cmpuint (holdings_count (), ==, before + 4);
  test_window_save_state (win, "imports-done.png");

  /* a cancel part-way: nothing of the file imported */
  cancel_part_way = TRUE;
  start (many);
  WAIT (finished, NULL);
  g_assert_false (cancel_part_way);
  g_assert_cmpstr (pd_imports_view_get_message (view), ==, "Cancelled: nothing was imported.");
  g_assert_cmpfloat (max_fraction, <, 1.0);
  g_assert_cmpuint (holdings_count (), ==, before + 4);
  /* and the same file, whole, goes in after it: the cancel left nothing staged in its way */
  start (many);
  WAIT (finished, NULL);
  g_assert_nonnull (strstr (pd_imports_view_get_message (view), "Imported 24 records"));
  g_assert_cmpuint (holdings_count (), ==, before + 4 + 24);
  pd_window_sign_out (win);
}

static void
test_lpr_reads (void)
{
  g_autofree char *db = pd_test_daemon_db_path (daemon_);
  g_autofree char *at = pd_time_format (pd_test_daemon_now (daemon_) - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
  g_autofree char *path = g_build_filename (tmp, "reads.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("plate,state,observed_at,reader_id\n");
  g_autoptr(PdClient) analyst = pd_test_grant (daemon_, "lpr.ortiz", "lpr", 1);
  gint64 before = pd_test_db_int (db, "SELECT count(*) FROM lpr_reads");
  g_autofree char *row = NULL, *field = NULL;
  g_autofree char *items = g_build_filename (tmp, "items.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  gint64 display;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (csv, "IMP%03u,CA,%s,R9\n", i, i == 6 ? "yesterday" : at);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));

  r = pd_client_post (analyst, "/v1/lpr/displays", &error, "name", G_TYPE_STRING, "Imported plates", "reason",
                      G_TYPE_STRING, "Case 2026-201 vehicles", NULL);
  g_assert_no_error (error);
  display = json_object_get_int_member (json_node_get_object (r), "id");

  open_view ("lpr.ortiz", PD_IMPORT_LPR_READS);
  g_assert_false (pd_imports_view_offers (view, PD_IMPORT_HOLDINGS));
  g_assert_true (pd_imports_view_offers (view, PD_IMPORT_DISPLAY_ITEMS));
  g_assert_true (pd_imports_view_set_kind (view, PD_IMPORT_LPR_READS));

  start (path);
  WAIT (finished, NULL);
  g_assert_nonnull (strstr (pd_imports_view_get_message (view), "Nothing was imported"));
  g_assert_cmpuint (pd_table_view_get_n_rows (pd_imports_view_get_problems (view)), ==, 1);
  row = pd_table_view_dup_cell (pd_imports_view_get_problems (view), 0, COL_ROW);
  field = pd_table_view_dup_cell (pd_imports_view_get_problems (view), 0, COL_FIELD);
  g_assert_cmpstr (row, ==, "7");
  g_assert_cmpstr (field, ==, "observed_at");
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_reads"), ==, before);
  test_window_save_state (win, "imports-lpr-errors.png");

  g_string_replace (csv, "yesterday", at, 1);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  start (path);
  WAIT (finished, NULL);
  g_assert_cmpstr (pd_imports_view_get_message (view), ==, "Imported 30 reads (0 already there).");
  g_assert_cmpfloat (max_fraction, ==, 1.0);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_reads"), ==, before + 30);

  /* a display's items: stored whole or not at all */
  g_assert_true (pd_imports_view_set_kind (view, PD_IMPORT_DISPLAY_ITEMS));
  g_assert_true (pd_imports_view_set_display (view, display));
  g_assert_true (g_file_set_contents (items, "plate,state,reason,expires\nIMPA1,NM,r,\nIMPA2,NM,r,2099-01-01\n"
                                             "IMPA3,NM,,\n", -1, NULL));
  start (items);
  WAIT (finished, NULL);
  g_assert_nonnull (strstr (pd_imports_view_get_message (view), "Nothing was imported"));
  g_clear_pointer (&row, g_free);
  g_clear_pointer (&field, g_free);
  row = pd_table_view_dup_cell (pd_imports_view_get_problems (view), 0, COL_ROW);
  field = pd_table_view_dup_cell (pd_imports_view_get_problems (view), 0, COL_FIELD);
  g_assert_cmpstr (row, ==, "3");
  g_assert_cmpstr (field, ==, "reason");
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_items WHERE plate LIKE 'IMPA%'"), ==, 0);
  g_assert_true (g_file_set_contents (items, "plate,state,reason,expires\nIMPA1,NM,r,\nIMPA2,NM,r,2099-01-01\n",
                                      -1, NULL));
  start (items);
  WAIT (finished, NULL);
  g_assert_cmpstr (pd_imports_view_get_message (view), ==, "Imported 2 plates into the display.");
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_items WHERE plate LIKE 'IMPA%'"), ==, 2);
  pd_window_sign_out (win);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdClient) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) seeded = NULL;
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  /* the demo holdings, whose photos the files name */
  tmp = g_dir_make_tmp ("pd-app-imports-XXXXXX", NULL);
  admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  seeded = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 0, NULL);
  g_assert_no_error (error);
  holdings = tsa_test_holdings (admin, tmp);
  g_assert_cmpuint (holdings->len, >=, 4);

  g_test_add_func ("/app/imports/holdings", test_holdings);
  g_test_add_func ("/app/imports/lpr-reads", test_lpr_reads);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  g_ptr_array_unref (holdings);
  {
    g_autoptr(GDir) d = g_dir_open (tmp, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmp, name, NULL);
        g_remove (p);
      }
    g_rmdir (tmp);
    g_free (tmp);
  }
  return status;
}
