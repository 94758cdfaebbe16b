/* test-app-approvals.c: the approvals queue in the real app, under Xvfb,
 * against a real portdeskd
 *
 * The port director files a request for LPR data from the view's dialog
 * and approves it as supervisor; a second supervisor approval is refused
 * and the status line says the rule; the system owner (another person)
 * approves it and it is granted.  An administrator who approved a request
 * as supervisor cannot approve it as system owner too (the two-different-
 * approvers rule, explained with the service's message), and denies it
 * with a reason, which the list shows.  With PD_SCREENSHOT_DIR set, the
 * view and the dialog are saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-action-table-view.h"
#include "pd-app-test-window.h"
#include "pd-form-dialog.h"
#include "pd-approvals-view.h"
#include "pd-screenshot.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000
#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

/* columns of the view */
enum { COL_ID, COL_HOLDER, COL_KIND, COL_STATUS, COL_SUPERVISOR, COL_OWNER, COL_TRAINING, COL_REQUESTED, COL_DENIED };
/* the filter's choices */
enum { SHOW_PENDING, SHOW_ALL, SHOW_GRANTED, SHOW_DENIED };

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

static gboolean
is_text (GtkWidget     *widget,
         gconstpointer  data)
{
  return GTK_IS_TEXT (widget);
}

static gboolean
has_label (GtkWidget     *widget,
           gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
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

static gboolean
settled (gpointer data)
{
  return !pd_table_view_get_loading (table ());
}

/* The row of request @id (shown order), once the list has loaded. */
static guint
row_of (gint64 id)
{
  g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  WAIT (settled, NULL);
  for (guint i = 0; i < pd_table_view_get_n_rows (table ()); i++)
    {
      g_autofree char *cell = pd_table_view_dup_cell (table (), i, COL_ID);
      if (g_strcmp0 (cell, want) == 0)
        return i;
    }
  for (guint i = 0; i < pd_table_view_get_n_rows (table ()); i++)
    {
      g_autofree char *a = pd_table_view_dup_cell (table (), i, COL_ID);
      g_autofree char *b = pd_table_view_dup_cell (table (), i, COL_STATUS);
      g_test_message ("row %u: %s %s", i, a, b);
    }
  g_error ("no row for request %s", want);
  return 0;
}

static char *
cell (gint64 id,
      guint  column)
{
  return pd_table_view_dup_cell (table (), row_of (id), column);
}

static void
open_view (const char *username,
           guint       n_rows)
{
  test_window_sign_in (win, username);
  g_assert_true (pd_window_select_view (win, "approvals"));
  view = PD_ACTION_TABLE_VIEW (pd_window_get_view_widget (win, "approvals"));
  g_assert_nonnull (view);
  WAIT (loaded, GUINT_TO_POINTER (n_rows));
}

static void
act (gint64      id,
     guint       action,
     const char *text,
     const char *expect)
{
  g_assert_true (pd_table_view_select (table (), row_of (id)));
  pd_action_table_view_act (view, action, text);
  WAIT (message_has, (gpointer) expect);
}

/* Whether the button of the system owner's approval shows. */
static gboolean
owner_button_visible (void)
{
  GtkWidget *b = test_find_widget (GTK_WIDGET (view), has_label, "Approve as System _Owner");

  g_assert_nonnull (b);
  return gtk_widget_get_visible (b);
}

static gboolean
owner_button_shown (gpointer data)
{
  return owner_button_visible ();
}

static gint64 request_id;

static gboolean
dialog_refused (gpointer dialog)
{
  return !pd_form_dialog_get_busy (dialog) && pd_form_dialog_get_error (dialog) != NULL;
}

static void
test_two_approvers (void)
{
  GtkWidget *button, *dialog, *holder;
  g_autofree char *status = NULL, *supervisor = NULL, *owner = NULL, *requested = NULL, *training = NULL;
  const char *m;

  open_view ("director.ng", 0);
  /* a port director approves as supervisor only */
  test_spin (500);
  g_assert_false (owner_button_visible ());

  /* the dialog files the request */
  button = test_find_named (GTK_WIDGET (view), "approvals-new-request");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  WAIT (test_toplevel_shown, (gpointer) "approvals-request-dialog");
  dialog = test_toplevel ("approvals-request-dialog");
  g_assert_false (pd_form_dialog_get_ready (PD_FORM_DIALOG (dialog)));
  holder = test_find_named (dialog, "request-holder");
  /* a refusal stays in the dialog, in the service's words, with the input */
  gtk_editable_set_text (GTK_EDITABLE (holder), "nobody.here");
  pd_form_dialog_submit (PD_FORM_DIALOG (dialog));
  WAIT (dialog_refused, dialog);
  g_assert_nonnull (strstr (pd_form_dialog_get_error (PD_FORM_DIALOG (dialog)), "nobody.here"));
  g_assert_true (gtk_widget_get_visible (dialog));
  gtk_editable_set_text (GTK_EDITABLE (holder), "lpr.ortiz");
  g_assert_true (pd_form_dialog_get_ready (PD_FORM_DIALOG (dialog)));
  save_widget (dialog, "approvals-request.png");
  /* keyboard first: Enter in the holder's field files it */
  g_signal_emit_by_name (test_find_widget (holder, is_text, NULL), "activate");
  WAIT (test_toplevel_gone, (gpointer) "approvals-request-dialog");
  WAIT (message_has, (gpointer) "filed for lpr.ortiz");
  WAIT (loaded, GUINT_TO_POINTER (1));
  {
    g_autofree char *id = pd_table_view_dup_cell (table (), 0, COL_ID);
    request_id = g_ascii_strtoll (id, NULL, 10);
  }
  g_assert_cmpint (request_id, >, 0);
  status = cell (request_id, COL_STATUS);
  requested = cell (request_id, COL_REQUESTED);
  training = cell (request_id, COL_TRAINING);
  g_assert_cmpstr (status, ==, "Pending");
  g_assert_nonnull (strstr (requested, "by director.ng"));
  g_assert_cmpuint (strlen (training), ==, 10);

  /* the supervisor's approval; a second one is refused, the rule said */
  act (request_id, PD_APPROVALS_APPROVE_SUPERVISOR, "ignored", "Approved as supervisor");
  WAIT (loaded, GUINT_TO_POINTER (1));
  g_free (status);
  status = cell (request_id, COL_STATUS);
  supervisor = cell (request_id, COL_SUPERVISOR);
  owner = cell (request_id, COL_OWNER);
  g_assert_cmpstr (status, ==, "Pending (1 of 2)");
  g_assert_true (g_str_has_prefix (supervisor, "director.ng, "));
  g_assert_cmpstr (owner, ==, "—");
  act (request_id, PD_APPROVALS_APPROVE_SUPERVISOR, NULL, "already been given");
  m = pd_action_table_view_get_message (view);
  g_assert_nonnull (strstr (m, "Two different people must approve"));
  test_window_save_state (win, "approvals.png");
  pd_window_sign_out (win);

  /* the system owner, another person: granted */
  open_view ("sysowner", 1);
  WAIT (owner_button_shown, NULL);
  act (request_id, PD_APPROVALS_APPROVE_OWNER, NULL, "Approved as system owner");
  WAIT (loaded, GUINT_TO_POINTER (0));
  pd_action_table_view_set_filter (view, 0, SHOW_GRANTED);
  WAIT (loaded, GUINT_TO_POINTER (5));   /* the demo's four face-matching grants, and this one */
  g_free (status);
  g_free (owner);
  status = cell (request_id, COL_STATUS);
  owner = cell (request_id, COL_OWNER);
  g_assert_cmpstr (status, ==, "Granted");
  g_assert_true (g_str_has_prefix (owner, "sysowner, "));
  pd_window_sign_out (win);
}

static void
test_same_person_and_deny (void)
{
  g_autoptr(PdClient) admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) trained = g_date_time_add_days (now, -3);
  g_autofree char *training = g_date_time_format (trained, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *status = NULL, *denied = NULL;
  const char *m;
  gint64 id;

  /* a request made through the service */
  r = pd_client_post (admin, "/v1/entitlements", &error, "username", G_TYPE_STRING, "lpr.ortiz",
                      "training_date", G_TYPE_STRING, training, NULL);
  g_assert_no_error (error);
  id = json_object_get_int_member (json_node_get_object (r), "id");

  open_view ("admin.demo", 1);
  WAIT (owner_button_shown, NULL);
  act (id, PD_APPROVALS_APPROVE_SUPERVISOR, NULL, "Approved as supervisor");
  /* the same person cannot give the second approval */
  act (id, PD_APPROVALS_APPROVE_OWNER, NULL, "two different people");
  m = pd_action_table_view_get_message (view);
  g_assert_nonnull (strstr (m, "Two different people must approve each request"));
  g_assert_nonnull (strstr (m, "The service said: The two approvals must come from two different people"));
  test_window_save_state (win, "approvals-refused.png");

  /* denied with a reason; none is refused as the service words it */
  act (id, PD_APPROVALS_DENY, "", "reason");
  m = pd_action_table_view_get_message (view);
  g_assert_null (strstr (m, "Two different people"));   /* bad input: the service's words alone */
  act (id, PD_APPROVALS_DENY, "No open case needs a second LPR grant", "Denied.");
  WAIT (loaded, GUINT_TO_POINTER (0));
  pd_action_table_view_set_filter (view, 0, SHOW_DENIED);
  WAIT (loaded, GUINT_TO_POINTER (1));
  status = cell (id, COL_STATUS);
  denied = cell (id, COL_DENIED);
  g_assert_cmpstr (status, ==, "Denied");
  g_assert_cmpstr (denied, ==, "No open case needs a second LPR grant (admin.demo)");
  pd_action_table_view_set_filter (view, 0, SHOW_ALL);
  WAIT (loaded, GUINT_TO_POINTER (6));   /* the four demo grants, the first test's grant, this denial */
  test_window_save_state (win, "approvals-all.png");

  /* a request another supervisor files elsewhere appears here live, without a reload */
  {
    g_autoptr(PdClient) director = pd_test_login (daemon_, "director.ng", NULL, TRUE);
    g_autoptr(JsonNode) again = pd_client_post (director, "/v1/entitlements", &error, "username", G_TYPE_STRING,
                                                "lpr.ortiz", "training_date", G_TYPE_STRING, training, NULL);

    g_assert_no_error (error);
    WAIT (loaded, GUINT_TO_POINTER (7));
  }
  pd_window_sign_out (win);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/approvals/two-approvers", test_two_approvers);
  g_test_add_func ("/app/approvals/same-person-and-deny", test_same_person_and_deny);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
