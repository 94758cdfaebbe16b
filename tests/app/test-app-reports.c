/* test-app-reports.c: the Reports view in the real app, under Xvfb,
 * against a real portdeskd --demo with demo inspection requests
 *
 * The auditor picks the scheduling report (every port): the charts are
 * drawn and the numbers beside them are the service's; then the
 * oversight report; CSV and PDF are written and read back (the PDF
 * starts with %PDF and has a page per series).  A port director sees the
 * port's scheduling only; a refused range shows the service's words.
 * With PD_SCREENSHOT_DIR set, each step is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-app-test-window.h"
#include "pd-json.h"
#include "pd-report.h"
#include "pd-reports-view.h"
#include "pd-screenshot.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000

#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;

static gboolean
loaded (gpointer data)
{
  return !pd_reports_view_get_busy (data) && pd_reports_view_get_report (data) != NULL;
}

static gboolean
idle (gpointer data)
{
  return !pd_reports_view_get_busy (data);
}

static gboolean
drawn (gpointer data)
{
  return pd_reports_view_get_n_drawn (data) > 0;
}

/* Whether a label in @w's tree shows @text. */
static gboolean
shows (GtkWidget  *w,
       const char *text)
{
  if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), text) == 0 && gtk_widget_get_mapped (w))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (shows (c, text))
      return TRUE;
  return FALSE;
}

static void
test_auditor (void)
{
  PdReportsView *view;
  JsonObject *report, *status;
  JsonArray *rows;
  g_autofree char *dir = g_dir_make_tmp ("pd-reports-XXXXXX", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "r.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "r.pdf", NULL);
  g_autofree char *csv = NULL, *pdf = NULL, *first = NULL;
  g_autoptr(GError) error = NULL;
  gsize pdf_len;
  guint pages = 0;

  test_window_sign_in (win, "auditor.fox");
  g_assert_true (pd_window_select_view (win, "reports"));
  view = PD_REPORTS_VIEW (pd_window_get_view_widget (win, "reports"));
  WAIT (loaded, view);
  pd_reports_view_load (view, "scheduling", NULL, NULL, "port");
  WAIT (idle, view);
  report = pd_reports_view_get_report (view);
  g_assert_nonnull (report);
  g_assert_cmpstr (pd_json_str (report, "by"), ==, "port");
  WAIT (drawn, view);
  /* the numbers beside the chart are the service's */
  status = pd_report_series (report, "status");
  rows = pd_json_array (status, "rows");
  g_assert_cmpuint (json_array_get_length (rows), >=, 2);
  first = pd_report_cell_text (json_array_get_element (json_array_get_array_element (rows, 0), 1), FALSE);
  g_assert_true (shows (GTK_WIDGET (view), json_array_get_string_element (json_array_get_array_element (rows, 0), 0)));
  g_assert_true (shows (GTK_WIDGET (view), first));
  g_assert_true (shows (GTK_WIDGET (view), "Requests by status"));
  g_assert_true (shows (GTK_WIDGET (view), "Requests by weekday and hour"));
  test_window_save_state (win, "reports-scheduling.png");

  /* CSV: the service's rows, a section per series */
  g_assert_true (pd_reports_view_write_csv (view, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\"series\",\"key\",\"requests\",\"submitted\""));
  {
    g_autofree char *row = g_strdup_printf ("\"status\",\"%s\",\"%s\",",
                                            json_array_get_string_element (json_array_get_array_element (rows, 0), 0),
                                            first);

    g_assert_nonnull (strstr (csv, row));
  }
  g_assert_nonnull (strstr (csv, "\r\n\r\n\"series\",\"weekday\",\"hour\",\"count\"\r\n"));

  /* PDF: a page per series, drawn by the chart code */
  g_assert_true (pd_reports_view_write_pdf (view, pdf_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &pdf_len, NULL));
  g_assert_cmpuint (pdf_len, >, 1000);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  for (const char *p = pdf; (p = memmem (p, pdf + pdf_len - p, "/Type /Page", 11)) != NULL; p++)   /* binary: not strstr */
    if (p[11] != 's')
      pages++;
  g_assert_cmpuint (pages, ==, json_array_get_length (pd_json_array (report, "series")));

  /* the oversight report: audit activity, a heat map by hour */
  pd_reports_view_load (view, "oversight", NULL, NULL, "family");
  WAIT (idle, view);
  g_assert_null (pd_reports_view_get_error (view));
  g_assert_true (shows (GTK_WIDGET (view), "Entries by weekday and hour"));
  test_window_save_state (win, "reports-oversight.png");

  /* a range the service refuses: its words, nothing shown */
  pd_reports_view_load (view, "scheduling", "2026-12-05", "2026-12-01", "day");
  WAIT (idle, view);
  g_assert_nonnull (pd_reports_view_get_error (view));
  g_assert_null (pd_reports_view_get_report (view));
  g_assert_false (pd_reports_view_write_csv (view, csv_path, &error));
  g_clear_error (&error);
  /* an empty range: the empty state */
  pd_reports_view_load (view, "tsa", "2020-01-01", "2020-01-31", "day");
  WAIT (idle, view);
  g_assert_cmpuint (json_array_get_length (pd_json_array (pd_report_series (pd_reports_view_get_report (view),
                                                                            "checks"), "rows")), ==, 0);
  test_window_save_state (win, "reports-empty.png");
  g_unlink (csv_path);
  g_unlink (pdf_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdClient) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  gtk_test_init (&argc, &argv, NULL);
  admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  r = pd_client_post (admin, "/v1/demo/seed", &error, "requests", G_TYPE_INT64, (gint64) 80, NULL);
  g_assert_no_error (error);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/reports/auditor", test_auditor);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
