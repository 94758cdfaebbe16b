/* test-app-users.c: administering users in the real app, under Xvfb,
 * against a real portdeskd --demo on the test clock
 *
 * The administrator searches and filters the Users table; adds a user
 * (a TSA address for a CBP officer is refused in the dialog, in the
 * service's words, and the input kept), is shown the one-time password,
 * resets it and reads the new one from the dialog; signed in as that user
 * with it, the app asks for a new password before anything else (two that
 * differ, then one the service refuses, then a good one) and goes on to
 * the rules and the workspace.  Disabled with a reason, the user shows as
 * Disabled and their sign-in is refused with the reason.  A user's
 * sessions are listed and one is ended (that client is signed out), and
 * throttled sign-ins are listed and cleared.  With PD_SCREENSHOT_DIR set,
 * the view and each dialog are saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-app-test-window.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-screenshot.h"
#include "pd-test-daemon.h"
#include "pd-users-view.h"

#define TIMEOUT_MS 30000
#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

/* columns of the view */
enum { COL_USERNAME, COL_NAME, COL_EMAIL, COL_ROLE, COL_PORT, COL_STATUS, COL_PASSWORD };

#define NEW_USER     "ana.new"
#define NEW_PASSWORD "ana-chose-this-one-2026"

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;
static PdUsersView   *view;

static gboolean
table_has (gpointer data)
{
  return test_table_lists (pd_users_view_get_table (view), GPOINTER_TO_UINT (data));
}

/* the table, and the ports the dialogs offer */
static gboolean
table_loaded (gpointer data)
{
  PdTableView *t = pd_users_view_get_table (view);

  return !pd_view_get_busy (PD_VIEW (view)) && pd_table_view_get_n_rows (t) > 0;
}

static gboolean
dialog_error (gpointer data)
{
  PdFormDialog *d = pd_users_view_get_dialog (view);

  return d != NULL && !pd_form_dialog_get_busy (d) && pd_form_dialog_get_error (d) != NULL &&
         strstr (pd_form_dialog_get_error (d), data) != NULL;
}

static gboolean
one_time_shown (gpointer data)
{
  const char *pw = pd_users_view_get_one_time_password (view);

  return pw != NULL && g_strcmp0 (pw, data) != 0;
}

static gboolean
no_dialog (gpointer data)
{
  return pd_users_view_get_dialog (view) == NULL;
}

static gboolean
dialog_rows (gpointer data)
{
  PdTableView *t = pd_users_view_get_dialog_table (view);

  return t != NULL && pd_table_view_get_n_rows (t) == GPOINTER_TO_UINT (data);
}

static gboolean
dialog_lists_name (gpointer data)
{
  PdTableView *t = pd_users_view_get_dialog_table (view);

  return t != NULL && pd_table_view_select_member (t, "username", data);
}

static gboolean
password_page_error (gpointer data)
{
  PdPasswordPage *page = pd_window_get_password_page (win);

  return !pd_password_page_get_busy (page) && pd_password_page_get_error (page) != NULL &&
         strstr (pd_password_page_get_error (page), data) != NULL;
}

static void
save_dialog (const char *name)
{
  const char *dir = g_getenv ("PD_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  test_spin (400);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (pd_screenshot_save (GTK_WIDGET (pd_users_view_get_dialog (view)), path, &error));
}

static GtkWidget *
dialog_field (const char *name)
{
  GtkWidget *w = test_find_named (GTK_WIDGET (pd_users_view_get_dialog (view)), name);

  g_assert_nonnull (w);
  return w;
}

/* The port chosen in the dialog ("" for none), as its row shows it. */
static char *
dialog_port (void)
{
  AdwComboRow *row = ADW_COMBO_ROW (dialog_field ("port"));
  const char *title = gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)),
                                                  adw_combo_row_get_selected (row));

  return adw_combo_row_get_selected (row) == 0 ? g_strdup ("") : g_strndup (title, strcspn (title, " "));
}

/* Chooses port @code in the dialog, as its list does. */
static void
choose_port (const char *code)
{
  AdwComboRow *row = ADW_COMBO_ROW (dialog_field ("port"));
  GListModel *titles = adw_combo_row_get_model (row);
  g_autofree char *prefix = g_strconcat (code, " ", NULL);

  for (guint i = 1; i < g_list_model_get_n_items (titles); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (titles), i), prefix))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  g_error ("port %s is not offered", code);
}

static void
close_dialog (void)
{
  gtk_window_close (GTK_WINDOW (pd_users_view_get_dialog (view)));
  WAIT (no_dialog, NULL);
}

/* Selects the row of @username (the table filtered to it). */
static void
select_user (const char *username)
{
  PdTableView *t = pd_users_view_get_table (view);

  pd_users_view_set_filter (view, username, NULL, NULL);
  WAIT (table_has, GUINT_TO_POINTER (1));
  g_assert_true (pd_table_view_select_member (t, "username", username));
}

static char *
cell (guint column)
{
  return pd_table_view_dup_cell (pd_users_view_get_table (view), 0, column);
}

static void
open_view (void)
{
  test_window_sign_in (win, "admin.demo");
  g_assert_true (pd_window_select_view (win, "users"));
  view = PD_USERS_VIEW (pd_window_get_view_widget (win, "users"));
  WAIT (table_loaded, NULL);
}

static void
test_filters (void)
{
  guint all;
  g_autofree char *name = NULL, *role = NULL;

  open_view ();
  all = pd_table_view_get_n_rows (pd_users_view_get_table (view));
  g_assert_cmpuint (all, >=, 10);
  test_window_save_state (win, "users.png");

  pd_users_view_set_filter (view, "RAY", NULL, NULL);
  WAIT (table_has, GUINT_TO_POINTER (1));
  name = cell (COL_USERNAME);
  g_assert_cmpstr (name, ==, "officer.ray");
  pd_users_view_set_filter (view, NULL, "tsa_supervisor", NULL);
  WAIT (table_has, GUINT_TO_POINTER (1));
  role = cell (COL_ROLE);
  g_assert_cmpstr (role, ==, "TSA Supervisor");
  pd_users_view_set_filter (view, NULL, NULL, "disabled");
  WAIT (table_has, GUINT_TO_POINTER (0));
  pd_users_view_set_filter (view, NULL, NULL, NULL);
  WAIT (table_has, GUINT_TO_POINTER (all));
}

static void
test_add_reset_sign_in (void)
{
  g_autofree char *first = NULL, *pw = NULL, *status = NULL;
  PdPasswordPage *page;

  /* a CBP officer with a TSA address: refused in the dialog, input kept */
  g_assert_true (pd_users_view_open (view, PD_USERS_ADD));
  gtk_editable_set_text (GTK_EDITABLE (dialog_field ("display_name")), "Ana New");
  gtk_editable_set_text (GTK_EDITABLE (dialog_field ("username")), NEW_USER);
  gtk_editable_set_text (GTK_EDITABLE (dialog_field ("email")), "ana.new@tsa.dhs.gov");
  choose_port ("LAX");
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_field ("role")), PD_ROLE_CBP_OFFICER - 1);
  save_dialog ("users-add.png");
  pd_form_dialog_submit (pd_users_view_get_dialog (view));
  WAIT (dialog_error, "tsa_supervisor");
  save_dialog ("users-add-refused.png");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_field ("username"))), ==, NEW_USER);

  /* a good address: added, and its one-time password shown once */
  gtk_editable_set_text (GTK_EDITABLE (dialog_field ("email")), "ana.new@cbp.dhs.gov");
  pd_form_dialog_submit (pd_users_view_get_dialog (view));
  WAIT (one_time_shown, NULL);
  first = g_strdup (pd_users_view_get_one_time_password (view));
  g_assert_cmpuint (strlen (first), ==, 23);
  close_dialog ();

  /* reset: confirmed, a new one-time password, read from the dialog */
  select_user (NEW_USER);
  status = cell (COL_PASSWORD);
  g_assert_cmpstr (status, ==, "Must change");
  g_assert_true (pd_users_view_open (view, PD_USERS_RESET_PASSWORD));
  save_dialog ("users-reset-confirm.png");
  pd_form_dialog_submit (pd_users_view_get_dialog (view));
  WAIT (one_time_shown, first);
  pw = g_strdup (pd_users_view_get_one_time_password (view));
  g_assert_cmpstr (pw, !=, first);
  save_dialog ("users-one-time-password.png");
  close_dialog ();

  /* signed in with it: a new password before anything else */
  pd_window_sign_out (win);
  test_window_submit_login (win, NEW_USER, first);
  WAIT (test_window_login_error, win);          /* the first one-time password is over */
  test_window_submit_login (win, NEW_USER, pw);
  test_window_wait_page (win, "password");
  page = pd_window_get_password_page (win);
  test_window_save_state (win, "users-choose-password.png");
  pd_password_page_set_fields (page, pw, NEW_PASSWORD, "something-else-entirely");
  pd_password_page_submit (page);
  g_assert_nonnull (strstr (pd_password_page_get_error (page), "differ"));
  pd_password_page_set_fields (page, pw, "short", "short");
  pd_password_page_submit (page);
  WAIT (password_page_error, "12 to 256");      /* the service's rule, in its words */
  g_assert_cmpstr (pd_window_get_page (win), ==, "password");
  pd_password_page_set_fields (page, pw, NEW_PASSWORD, NEW_PASSWORD);
  pd_password_page_submit (page);
  test_window_wait_rules (win);
  pd_rules_page_accept (pd_window_get_rules_page (win));
  test_window_wait_page (win, "workspace");
  g_assert_cmpstr (pd_window_get_role (win), ==, "cbp_officer");
  pd_window_sign_out (win);
}

static void
test_disable (void)
{
  g_autofree char *status = NULL;
  PdLoginPage *login;

  open_view ();
  /* edit: a new port */
  select_user (NEW_USER);
  g_assert_true (pd_users_view_open (view, PD_USERS_EDIT));
  {
    g_autofree char *shown = dialog_port ();
    g_assert_cmpstr (shown, ==, "LAX");
  }
  choose_port ("JFK");
  save_dialog ("users-edit.png");
  pd_form_dialog_submit (pd_users_view_get_dialog (view));
  WAIT (no_dialog, NULL);
  WAIT (table_has, GUINT_TO_POINTER (1));
  status = cell (COL_PORT);
  g_assert_cmpstr (status, ==, "JFK");
  g_clear_pointer (&status, g_free);

  g_assert_true (pd_table_view_select_member (pd_users_view_get_table (view), "username", NEW_USER));
  g_assert_true (pd_users_view_open (view, PD_USERS_DISABLE));
  gtk_editable_set_text (GTK_EDITABLE (dialog_field ("reason")), "badge returned at the end of the detail");
  save_dialog ("users-disable.png");
  pd_form_dialog_submit (pd_users_view_get_dialog (view));
  WAIT (no_dialog, NULL);
  WAIT (table_has, GUINT_TO_POINTER (1));
  status = cell (COL_STATUS);
  g_assert_cmpstr (status, ==, "Disabled");
  g_assert_nonnull (strstr (pd_users_view_get_message (view), "disabled"));

  pd_window_sign_out (win);
  test_window_submit_login (win, NEW_USER, NEW_PASSWORD);
  WAIT (test_window_login_error, win);
  login = pd_window_get_login_page (win);
  g_assert_nonnull (strstr (pd_login_page_get_error (login), "badge returned"));
}

static void
test_sessions_and_throttles (void)
{
  g_autoptr(PdClient) ray = pd_test_login (daemon_, "officer.ray", NULL, TRUE);
  g_autoptr(PdClient) anon = pd_test_client (daemon_);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;

  open_view ();
  select_user ("officer.ray");
  g_assert_true (pd_users_view_open (view, PD_USERS_SESSIONS));
  WAIT (dialog_rows, GUINT_TO_POINTER (1));
  save_dialog ("users-sessions.png");
  /* nothing selected: said in the dialog */
  pd_users_view_dialog_act (view, 0);
  g_assert_nonnull (pd_form_dialog_get_error (pd_users_view_get_dialog (view)));
  g_assert_true (pd_table_view_select (pd_users_view_get_dialog_table (view), 0));
  pd_users_view_dialog_act (view, 0);
  WAIT (dialog_rows, GUINT_TO_POINTER (0));
  r = pd_client_call (ray, "GET", "/v1/session", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  close_dialog ();

  /* throttled sign-ins: listed, then cleared */
  for (int i = 0; i < 5; i++)
    {
      r = pd_client_post (anon, "/v1/login", &error, "username", G_TYPE_STRING, "lpr.ortiz",
                          "password", G_TYPE_STRING, "wrong-password-123", NULL);
      g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
      g_clear_error (&error);
    }
  pd_users_view_set_filter (view, NULL, NULL, "locked");
  WAIT (table_has, GUINT_TO_POINTER (1));
  g_assert_true (pd_users_view_open (view, PD_USERS_THROTTLES));
  WAIT (dialog_lists_name, "lpr.ortiz");       /* (and the failed sign-in of an earlier test) */
  save_dialog ("users-throttles.png");
  pd_users_view_dialog_act (view, 1);
  WAIT (dialog_rows, GUINT_TO_POINTER (0));
  close_dialog ();
  pd_users_view_set_filter (view, NULL, NULL, "locked");
  WAIT (table_has, GUINT_TO_POINTER (0));
  pd_window_sign_out (win);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/users/filters", test_filters);
  g_test_add_func ("/app/users/add-reset-sign-in", test_add_reset_sign_in);
  g_test_add_func ("/app/users/disable", test_disable);
  g_test_add_func ("/app/users/sessions-and-throttles", test_sessions_and_throttles);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
