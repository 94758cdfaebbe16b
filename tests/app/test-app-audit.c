/* test-app-audit.c: the Audit view in the real app, under Xvfb, against a
 * real portdeskd --demo with an external anchor
 *
 * The auditor sees the badge (verified, the last signed checkpoint,
 * anchored), filters the entries (only refusals; a new one appears live),
 * saves that filter and
 * finds it in the menu, selects an entry and reads its parameters and
 * hashes, exports the filtered entries (the file parsed: the entries and
 * the checkpoint signatures) and signs the last quarter off through the
 * dialog (the service records it).  With PD_SCREENSHOT_DIR set, each step
 * is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pd-app-test-window.h"
#include "pd-audit-view.h"
#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000

#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;
static PdAuditView   *view;
static char          *anchor_dir;

static gboolean
badge_starts (gpointer data)
{
  return g_str_has_prefix (pd_audit_view_get_badge (view), data);
}

static gboolean
table_loaded (gpointer data)
{
  PdTableView *t = pd_audit_view_get_table (view);

  return !pd_table_view_get_loading (t) && pd_table_view_get_n_rows (t) > 0;
}

/* every row shown has @data in column @col ("6:denied") */
static gboolean
all_rows (gpointer data)
{
  PdTableView *t = pd_audit_view_get_table (view);
  g_auto(GStrv) want = g_strsplit (data, ":", 2);
  guint col = atoi (want[0]);

  if (pd_table_view_get_loading (t) || pd_table_view_get_n_rows (t) == 0)
    return FALSE;
  for (guint i = 0; i < pd_table_view_get_n_rows (t); i++)
    {
      g_autofree char *cell = pd_table_view_dup_cell (t, i, col);
      if (g_strcmp0 (cell, want[1]) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_rows_n (gpointer data)
{
  PdTableView *t = pd_audit_view_get_table (view);

  return !pd_table_view_get_loading (t) && pd_table_view_get_n_rows (t) == GPOINTER_TO_UINT (data);
}

static gboolean
n_saved (gpointer data)
{
  return pd_audit_view_get_n_saved (view) == GPOINTER_TO_UINT (data);
}

static PdTableView *loading_table;

static gboolean
more_loaded (gpointer data)
{
  return !pd_table_view_get_loading (loading_table) &&
         pd_table_view_get_n_rows (loading_table) == GPOINTER_TO_UINT (data);
}

static gboolean
message_has (gpointer data)
{
  const char *m = pd_audit_view_get_message (view);

  return m != NULL && strstr (m, data) != NULL;
}

static AdwMessageDialog *
open_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return open_dialog () != NULL;
}

static void
make_refusals (void)
{
  g_autoptr(PdClient) lopez = pd_test_login (daemon_, "ag.lopez", NULL, TRUE);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) r = pd_client_call (lopez, "GET", "/v1/users", NULL, &error);
      g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
      g_clear_error (&error);
    }
}

static void
test_auditor (void)
{
  g_autofree char *detail = NULL;
  g_autofree char *export_path = g_build_filename (daemon_->dir, "audit-export.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) signoffs = NULL;
  g_autofree char *quarter = NULL;
  AdwMessageDialog *dialog;
  JsonObject *root;
  JsonArray *entries, *checkpoints;

  make_refusals ();
  test_window_sign_in (win, "auditor.fox");
  g_assert_true (pd_window_select_view (win, "audit"));
  view = PD_AUDIT_VIEW (pd_window_get_view_widget (win, "audit"));
  g_assert_nonnull (view);

  /* the badge: verified, signed, anchored */
  WAIT (badge_starts, "✔ Chain verified up to entry");
  g_assert_nonnull (strstr (pd_audit_view_get_badge (view), "last signed checkpoint"));
  g_assert_true (g_str_has_suffix (pd_audit_view_get_badge (view), "anchored"));
  WAIT (table_loaded, NULL);
  test_window_save_state (win, "audit.png");

  /* only the refusals, by the agriculture specialist */
  pd_audit_view_set_field (view, "outcome", "denied");
  pd_audit_view_set_field (view, "role", "ag_specialist");
  pd_audit_view_apply (view);
  WAIT (all_rows, "6:denied");
  g_assert_cmpuint (pd_table_view_get_n_rows (pd_audit_view_get_table (view)), ==, 2);
  g_assert_true (all_rows ((gpointer) "2:ag.lopez"));

  /* live: a new refusal appears, as it matches */
  make_refusals ();
  WAIT (all_rows_n, GUINT_TO_POINTER (4));
  g_assert_true (all_rows ((gpointer) "6:denied"));

  /* saved, and in the menu */
  pd_audit_view_save_filter (view, "Specialists refused");
  WAIT (n_saved, GUINT_TO_POINTER (1));

  /* the selected entry's parameters and hashes */
  g_assert_true (pd_table_view_select (pd_audit_view_get_table (view), 0));
  detail = pd_audit_view_dup_detail (view);
  g_assert_nonnull (strstr (detail, "\"prev_hash\""));
  g_assert_nonnull (strstr (detail, "\"params\""));
  g_assert_nonnull (strstr (detail, "denied:GET /v1/users"));
  test_window_save_state (win, "audit-filtered.png");

  /* the export of the filtered entries, with the signatures */
  pd_audit_view_export (view, export_file);
  WAIT (message_has, "Exported");
  g_assert_true (json_parser_load_from_file (parser, export_path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  entries = pd_json_array (root, "entries");
  checkpoints = pd_json_array (root, "checkpoints");
  g_assert_cmpuint (json_array_get_length (entries), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (pd_json_str (json_array_get_object_element (entries, i), "outcome"), ==, "denied");
  g_assert_cmpuint (json_array_get_length (checkpoints), >=, 1);
  g_assert_cmpuint (strlen (pd_json_str (json_array_get_object_element (checkpoints, 0), "signature")), ==, 128);
  /* the same as CSV: the four entries, then the checkpoints with their signatures */
  {
    g_autofree char *csv_path = g_build_filename (daemon_->dir, "audit-export.csv", NULL);
    g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    guint denied = 0;

    pd_audit_view_export (view, csv_file);
    WAIT (message_has, "Exported");
    g_assert_true (g_file_get_contents (csv_path, &text, NULL, &error));
    g_assert_true (g_str_has_prefix (text, "seq,at,actor,role,action,object,params,outcome,client,prev_hash,hash\r\n"));
    g_assert_nonnull (strstr (text, "\r\ncheckpoint_seq,at,head_hash,public_key,signature\r\n"));
    lines = g_strsplit (text, "\r\n", -1);
    for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
      denied += strstr (lines[i], ",\"denied\",") != NULL;
    g_assert_cmpuint (denied, ==, 4);
    g_unlink (csv_path);
  }

  /* sign the last quarter off */
  pd_audit_view_sign_off (view);
  WAIT (dialog_shown, NULL);
  dialog = open_dialog ();
  {
    GtkEditable *q = g_object_get_data (G_OBJECT (dialog), "quarter");
    GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "note");

    quarter = g_strdup (gtk_editable_get_text (q));
    gtk_editable_set_text (note, "Reviewed the refusals; nothing amiss");
  }
  test_spin (300);
  adw_message_dialog_response (dialog, "sign");
  WAIT (message_has, "signed off");
  signoffs = test_call_as (daemon_->socket, "auditor.fox", "GET", "/v1/audit/signoffs", NULL, &error);
  g_assert_no_error (error);
  {
    JsonArray *items = pd_json_array (json_node_get_object (signoffs), "items");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *o = json_array_get_object_element (items, i);
        if (g_strcmp0 (pd_json_str (o, "quarter"), quarter) == 0)
          {
            g_assert_cmpstr (pd_json_str (o, "status"), ==, "signed");
            g_assert_cmpstr (pd_json_str (o, "signed_by"), ==, "auditor.fox");
            g_assert_cmpstr (pd_json_str (o, "note"), ==, "Reviewed the refusals; nothing amiss");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  test_window_save_state (win, "audit-signed.png");

  /* a list that goes on past its rows: as many again from where it stopped
   * (the Audit view's table does this near the end as one scrolls) */
  {
    static const PdTableColumn seq_column[] = { { "seq", "Entry", FALSE, NULL, TRUE, 6 } };
    g_autoptr(PdTableView) table = g_object_ref_sink (pd_table_view_new (pd_window_get_client (win), "/v1/audit",
                                                                          seq_column, 1, 10));
    gint64 before = G_MAXINT64;

    loading_table = table;
    WAIT (more_loaded, GUINT_TO_POINTER (10));
    g_assert_true (pd_table_view_load_more (table));
    WAIT (more_loaded, GUINT_TO_POINTER (20));
    for (guint i = 0; i < 20; i++)   /* newest first, no entry twice */
      {
        g_autofree char *cell = pd_table_view_dup_cell (table, i, 0);
        gint64 seq = g_ascii_strtoll (cell, NULL, 10);

        g_assert_cmpint (seq, <, before);
        before = seq;
      }
    loading_table = NULL;
  }
  pd_window_sign_out (win);
  g_unlink (export_path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *anchor = NULL;
  int status;

  anchor_dir = g_dir_make_tmp ("portdesk-anchor-XXXXXX", &error);
  g_assert_no_error (error);
  anchor = g_build_filename (anchor_dir, "audit.anchor", NULL);
  config = g_strdup_printf ("[portdeskd]\naudit_checkpoint_every=5\naudit_anchor=%s\n", anchor);
  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, config);
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/audit/auditor", test_auditor);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  g_unlink (anchor);
  g_rmdir (anchor_dir);
  g_free (anchor_dir);
  return status;
}
