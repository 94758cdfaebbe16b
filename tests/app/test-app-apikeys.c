/* test-app-apikeys.c: API keys in the real app, under Xvfb, against a real
 * portdeskd with its public TCP listener
 *
 * The administrator makes a broker's key in the New API Key dialog; the
 * test reads the secret from the dialog that shows it once (and from the
 * clipboard its Copy button fills), submits an inspection request with it
 * over TCP as a broker would, and sees the key's last use in the list.
 * Revoking needs a reason; once revoked in the app, the same request is
 * refused.  A gate device's key is bound to its gate in the same dialog.
 * With PD_SCREENSHOT_DIR set, the view and the dialogs are saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-action-table-view.h"
#include "pd-apikeys-view.h"
#include "pd-app-test-window.h"
#include "pd-form-dialog.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-role.h"
#include "pd-screenshot.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000
#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

/* columns of the view */
enum { COL_KEY, COL_KIND, COL_NAME, COL_SCOPES, COL_PORT, COL_CREATED, COL_USED, COL_REVOKED, COL_WHY };

static PdTestDaemon      *daemon_;
static PdApplication     *app;
static PdWindow          *win;
static PdActionTableView *view;

static PdTableView *
table (void)
{
  return pd_action_table_view_get_table (view);
}

static gboolean
loaded (gpointer data)
{
  return test_table_lists (table (), GPOINTER_TO_UINT (data));
}

static gboolean
message_has (gpointer data)
{
  const char *m = pd_action_table_view_get_message (view);

  return m != NULL && strstr (m, data) != NULL;
}

static GtkWidget *
child (GtkWidget  *root,
       const char *name)
{
  GtkWidget *w = test_find_named (root, name);

  g_assert_nonnull (w);
  return w;
}

static void
save_widget (GtkWidget  *widget,
             const char *name)
{
  const char *dir = g_getenv ("PD_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  test_spin (300);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (pd_screenshot_save (widget, path, &error));
}

/* The row of key @key_id, or -1. */
static int
find_row (const char *key_id)
{
  for (guint i = 0; i < pd_table_view_get_n_rows (table ()); i++)
    {
      g_autofree char *cell = pd_table_view_dup_cell (table (), i, COL_KEY);
      if (g_strcmp0 (cell, key_id) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
settled (gpointer data)
{
  return !pd_table_view_get_loading (table ());
}

static char *
cell (const char *key_id,
      guint       column)
{
  int row;

  WAIT (settled, NULL);
  row = find_row (key_id);

  g_assert_cmpint (row, >=, 0);
  return pd_table_view_dup_cell (table (), (guint) row, column);
}

typedef struct {
  const char *key_id;
  guint       column;
  const char *text;
} CellHas;

static gboolean
cell_has (gpointer data)
{
  CellHas *c = data;
  g_autofree char *text = NULL;

  if (pd_table_view_get_loading (table ()) || find_row (c->key_id) < 0)
    return FALSE;
  text = cell (c->key_id, c->column);
  return strstr (text, c->text) != NULL;
}

/* Makes a key in the dialog; returns the secret the next dialog shows. */
static char *
create_key (PdPrincipalKind  kind,
            const char      *name,
            const char      *port,
            const char      *gate,
            const char      *shot)
{
  GtkWidget *dialog, *secret_dialog;
  char *secret;

  g_signal_emit_by_name (child (GTK_WIDGET (view), "apikeys-new"), "clicked");
  WAIT (test_toplevel_shown, (gpointer) "apikey-create-dialog");
  dialog = test_toplevel ("apikey-create-dialog");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, "apikey-kind")), kind - 1);
  g_assert_false (pd_form_dialog_get_ready (PD_FORM_DIALOG (dialog)));
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "apikey-name")), name);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "apikey-port")), port);
  if (gate != NULL)
    {
      /* a gate device needs its gate */
      g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (child (dialog, "apikey-gate"),
                                                                      ADW_TYPE_PREFERENCES_GROUP)));
      g_assert_false (pd_form_dialog_get_ready (PD_FORM_DIALOG (dialog)));
      gtk_editable_set_text (GTK_EDITABLE (child (dialog, "apikey-terminal")), "4");
      gtk_editable_set_text (GTK_EDITABLE (child (dialog, "apikey-gate")), gate);
    }
  else
    g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (child (dialog, "apikey-gate"),
                                                                     ADW_TYPE_PREFERENCES_GROUP)));
  g_assert_true (pd_form_dialog_get_ready (PD_FORM_DIALOG (dialog)));
  if (shot != NULL)
    save_widget (dialog, shot);
  pd_form_dialog_submit (PD_FORM_DIALOG (dialog));   /* as Create does */
  WAIT (test_toplevel_gone, (gpointer) "apikey-create-dialog");
  WAIT (test_toplevel_shown, (gpointer) "apikey-secret-dialog");
  secret_dialog = test_toplevel ("apikey-secret-dialog");
  secret = g_strdup (gtk_label_get_text (GTK_LABEL (child (secret_dialog, "secret"))));
  g_assert_true (g_str_has_prefix (secret, "pdk_"));
  return secret;
}

static void
close_secret (void)
{
  /* as Escape does */
  gtk_window_close (GTK_WINDOW (test_toplevel ("apikey-secret-dialog")));
  WAIT (test_toplevel_gone, (gpointer) "apikey-secret-dialog");
}

static void
clipboard_read (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  char **out = data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* A broker's inspection request, over TCP with @key. */
static JsonNode *
submit_inspection (const char  *key,
                   GError     **error)
{
  g_autoptr(PdClient) broker = pd_test_public_client (daemon_, key);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_hours (now, 2);
  g_autoptr(GDateTime) end = g_date_time_add_hours (now, 10);
  g_autofree char *ws = g_date_time_format_iso8601 (start);
  g_autofree char *we = g_date_time_format_iso8601 (end);
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"personal_goods\",\"port\":\"LAX\","
                                           "\"requester\":{\"company\":\"Acme Imports\",\"importer_id\":\"IOR-12345\","
                                           "\"contact_name\":\"Jo Doe\",\"contact_email\":\"jo@acme.example\","
                                           "\"contact_phone\":\"+1 310 555 0100\"},"
                                           "\"commodities\":[{\"description\":\"Fresh cut roses\",\"category\":"
                                           "\"plants\",\"quantity\":40,\"unit\":\"cartons\",\"origin\":\"COL\"}],"
                                           "\"window\":{\"start\":\"%s\",\"end\":\"%s\"},\"perishable\":false}",
                                           ws, we);
  g_autoptr(JsonNode) node = json_from_string (body, NULL);

  return pd_client_call (broker, "POST", "/v1/intake/inspections", node, error);
}

static void
select_key (const char *key_id)
{
  WAIT (settled, NULL);
  g_assert_cmpint (find_row (key_id), >=, 0);
  g_assert_true (pd_table_view_select (table (), (guint) find_row (key_id)));
}

static void
test_create_use_revoke (void)
{
  g_autofree char *secret = NULL, *copied = NULL, *key_id = NULL, *kind = NULL, *scopes = NULL, *used = NULL;
  g_autofree char *why = NULL, *revoked = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  CellHas c;

  test_window_sign_in (win, "admin.demo");
  g_assert_true (pd_window_select_view (win, "apikeys"));
  view = PD_ACTION_TABLE_VIEW (pd_window_get_view_widget (win, "apikeys"));
  g_assert_nonnull (view);
  WAIT (loaded, GUINT_TO_POINTER (6));   /* the demo's requesters' and air operator's keys */

  secret = create_key (PD_PRINCIPAL_BROKER, "Harbor Test Brokers", "lax", NULL, "apikeys-create.png");
  save_widget (test_toplevel ("apikey-secret-dialog"), "apikeys-secret.png");
  /* Copy puts the key on the clipboard */
  g_signal_emit_by_name (child (test_toplevel ("apikey-secret-dialog"), "secret-copy"), "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (win)), NULL, clipboard_read, &copied);
  WAIT (is_set, &copied);
  g_assert_cmpstr (copied, ==, secret);
  close_secret ();
  WAIT (message_has, (gpointer) "Key made.");
  WAIT (loaded, GUINT_TO_POINTER (7));
  key_id = g_strndup (secret, strchr (secret + 4, '_') - secret);
  kind = cell (key_id, COL_KIND);
  scopes = cell (key_id, COL_SCOPES);
  used = cell (key_id, COL_USED);
  g_assert_cmpstr (kind, ==, "Customs broker");
  g_assert_cmpstr (scopes, ==, "scheduling");   /* a broker's usual scope, chosen with the kind */
  g_assert_cmpstr (used, ==, "never");

  /* the broker uses it over TCP: a real inspection request */
  r = submit_inspection (secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pd_json_str (json_node_get_object (r), "ref"));
  g_clear_pointer (&r, json_node_unref);
  pd_view_reload (PD_VIEW (view));
  c = (CellHas) { key_id, COL_USED, "(tcp:" };
  WAIT (cell_has, &c);

  /* revoking needs a reason, as the service says */
  select_key (key_id);
  pd_action_table_view_act (view, 0, "");
  WAIT (message_has, (gpointer) "reason");
  r = submit_inspection (secret, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  select_key (key_id);
  pd_action_table_view_act (view, 0, "Broker closed its LAX office");
  WAIT (message_has, (gpointer) "Revoked");
  c = (CellHas) { key_id, COL_WHY, "Broker closed its LAX office" };
  WAIT (cell_has, &c);
  revoked = cell (key_id, COL_REVOKED);
  why = cell (key_id, COL_WHY);
  g_assert_cmpuint (strlen (revoked), ==, 10);   /* the day */
  g_assert_cmpstr (why, ==, "Broker closed its LAX office (admin.demo)");
  test_window_save_state (win, "apikeys.png");
  /* the filter: the revoked key alone, then the active ones without it */
  pd_action_table_view_set_filter (view, 0, 2);
  WAIT (loaded, GUINT_TO_POINTER (1));
  g_assert_cmpint (find_row (key_id), ==, 0);
  pd_action_table_view_set_filter (view, 0, 1);
  WAIT (loaded, GUINT_TO_POINTER (6));
  g_assert_cmpint (find_row (key_id), ==, -1);
  pd_action_table_view_set_filter (view, 0, 0);
  WAIT (loaded, GUINT_TO_POINTER (7));

  /* the same request is refused now */
  r = submit_inspection (secret, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_assert_nonnull (strstr (error->message, "revoked"));
}

static void
test_gate_device (void)
{
  g_autoptr(PdClient) admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  g_autofree char *secret = create_key (PD_PRINCIPAL_GATE_DEVICE, "LAX T4 gate 44 camera", "LAX", "44",
                                                "apikeys-create-gate.png");
  g_autofree char *key_id = g_strndup (secret, strchr (secret + 4, '_') - secret);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) gates = NULL;
  gboolean bound = FALSE;
  JsonArray *items;

  close_secret ();
  WAIT (message_has, (gpointer) "bound to its gate");
  gates = pd_client_call (admin, "GET", "/v1/gates", NULL, &error);
  g_assert_no_error (error);
  items = pd_json_array (json_node_get_object (gates), "items");
  g_assert_nonnull (items);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *g = json_array_get_object_element (items, i);

      if (g_strcmp0 (pd_json_str (g, "key_id"), key_id) == 0)
        {
          g_assert_cmpstr (pd_json_str (g, "gate"), ==, "44");
          g_assert_cmpstr (pd_json_str (g, "terminal"), ==, "4");
          g_assert_cmpstr (pd_json_str (g, "port"), ==, "LAX");
          bound = TRUE;
        }
    }
  g_assert_true (bound);
  pd_window_sign_out (win);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/apikeys/create-use-revoke", test_create_use_revoke);
  g_test_add_func ("/app/apikeys/gate-device", test_gate_device);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
