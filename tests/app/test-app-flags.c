/* test-app-flags.c: the Flags and Suspension Requests views in the real
 * app, under Xvfb, against a real portdeskd --demo
 *
 * tsa.kim searches her own name (her date of birth set by the admin) and
 * the scanner flags it.  auditor.fox opens Flags, selects the flag and
 * sees the audit entry behind it, asks an admin to suspend her with a
 * reason; a second flag raised meanwhile shows live.  admin.demo opens
 * Suspension Requests, sees the request and suspends the account with a
 * reason; tsa.kim's sign-in then shows that reason on the login page.
 * (Off-shift flags are off: the test runs at any hour.)  With
 * PD_SCREENSHOT_DIR set, each step is saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-action-table-view.h"
#include "pd-app-test-window.h"
#include "pd-json.h"
#include "pd-login-page.h"
#include "pd-test-daemon.h"

#define TIMEOUT_MS 30000
#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

/* the columns of pd-flags-view.c */
enum { FLAG_ID, FLAG_RULE, FLAG_USER, FLAG_STATE };
enum { ENTRY_SEQ, ENTRY_AT, ENTRY_ACTION };
enum { ACT_ESCALATE, ACT_CLEAR };
enum { ACT_DECLINE, ACT_SUSPEND };

static PdTestDaemon  *daemon_;
static PdApplication *app;
static PdWindow      *win;

static void
call_as (const char *user,
         const char *method,
         const char *path,
         const char *json)
{
  g_autoptr(JsonParser) p = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;

  if (json != NULL)
    g_assert_true (json_parser_load_from_data (p, json, -1, NULL));
  r = test_call_as (daemon_->socket, user, method, path, json != NULL ? json_parser_get_root (p) : NULL, &error);
  g_assert_no_error (error);
}

/* tsa.kim's search of @last, @first, @born in a check she declined, then a scan */
static void
tsa_searches (const char *last,
              const char *first,
              const char *born)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = test_call_as (daemon_->socket, "tsa.kim", "POST", "/v1/identity/declined", NULL, &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/records?last_name=%s&first_name=%s&birth_date=%s",
                          json_object_get_int_member (json_node_get_object (r), "check"), last, first, born);
  call_as ("tsa.kim", "GET", path, NULL);
  call_as ("admin.demo", "POST", "/v1/flags/scan", NULL);
}

static PdActionTableView *
view_named (const char *name)
{
  g_assert_true (pd_window_select_view (win, name));
  return PD_ACTION_TABLE_VIEW (pd_window_get_view_widget (win, name));
}

/* The row of @table whose user is tsa.kim and whose rule cell is @rule, or -1. */
static int
kim_row (PdTableView *table,
         const char  *rule)
{
  for (guint i = 0; i < pd_table_view_get_n_rows (table); i++)
    {
      g_autofree char *user = pd_table_view_dup_cell (table, i, FLAG_USER);
      g_autofree char *r = pd_table_view_dup_cell (table, i, FLAG_RULE);

      if (g_strcmp0 (user, "tsa.kim") == 0 && g_strcmp0 (r, rule) == 0)
        return (int) i;
    }
  return -1;
}

typedef struct {
  PdActionTableView *view;
  guint              n;
} Want;

/* tsa.kim has @n self-search flags listed */
static gboolean
kim_flags_listed (gpointer data)
{
  Want *w = data;
  PdTableView *table = pd_action_table_view_get_table (w->view);
  guint n = 0;

  if (pd_table_view_get_loading (table) || pd_table_view_get_error (table) != NULL)
    return FALSE;
  for (guint i = 0; i < pd_table_view_get_n_rows (table); i++)
    {
      g_autofree char *user = pd_table_view_dup_cell (table, i, FLAG_USER);
      n += g_strcmp0 (user, "tsa.kim") == 0;
    }
  return n == w->n;
}

static gboolean
detail_lists_one (gpointer data)
{
  return test_table_lists (pd_action_table_view_get_detail (data), 1);
}

static gboolean
message_is (gpointer data)
{
  Want *w = data;
  const char *m = pd_action_table_view_get_message (w->view);

  return m != NULL && strstr (m, (const char *) g_object_get_data (G_OBJECT (w->view), "want")) != NULL;
}

static void
act_and_wait (PdActionTableView *view,
              guint              action,
              const char        *reason,
              const char        *want)
{
  Want w = { view, 0 };

  g_object_set_data_full (G_OBJECT (view), "want", g_strdup (want), g_free);
  pd_action_table_view_act (view, action, reason);
  WAIT (message_is, &w);
}

static void
test_review_and_suspend (void)
{
  PdActionTableView *view;
  PdTableView *table;
  Want w;
  int row;

  call_as ("admin.demo", "POST", "/v1/users/tsa.kim/profile", "{\"birth_date\": \"1985-04-12\"}");
  tsa_searches ("Kim", "Dana", "1990-02-02");

  /* the auditor: the flag, the entry behind it */
  test_window_sign_in (win, "auditor.fox");
  view = view_named ("flags");
  table = pd_action_table_view_get_table (view);
  w = (Want) { view, 1 };
  WAIT (kim_flags_listed, &w);
  row = kim_row (table, "Self-search");
  g_assert_cmpint (row, >=, 0);
  {
    g_autofree char *state = pd_table_view_dup_cell (table, row, FLAG_STATE);

    g_assert_cmpstr (state, ==, "Open");
  }
  g_assert_true (pd_table_view_select (table, row));
  WAIT (detail_lists_one, view);
  {
    g_autofree char *action = pd_table_view_dup_cell (pd_action_table_view_get_detail (view), 0, ENTRY_ACTION);

    g_assert_cmpstr (action, ==, "identity.search");
  }
  test_window_save_state (win, "flags-queue.png");

  /* asked to suspend, with a reason */
  act_and_wait (view, ACT_ESCALATE, "Searched her own name at the checkpoint", "administrator");
  w = (Want) { view, 1 };
  WAIT (kim_flags_listed, &w);
  row = kim_row (table, "Self-search");
  {
    g_autofree char *state = pd_table_view_dup_cell (table, row, FLAG_STATE);

    g_assert_cmpstr (state, ==, "Suspension asked");
  }
  /* a new flag (her birth date) shows live */
  tsa_searches ("Smith", "John", "1985-04-12");
  w = (Want) { view, 2 };
  WAIT (kim_flags_listed, &w);
  test_window_save_state (win, "flags-escalated.png");
  /* the filters narrow the queue: the one asked to suspend, then all again */
  pd_action_table_view_set_filter (view, 0, 2);   /* state: suspension asked */
  w = (Want) { view, 1 };
  WAIT (kim_flags_listed, &w);
  pd_action_table_view_set_filter (view, 1, 3);   /* and rule: off shift: none of hers */
  w = (Want) { view, 0 };
  WAIT (kim_flags_listed, &w);
  pd_action_table_view_set_filter (view, 0, 0);
  pd_action_table_view_set_filter (view, 1, 0);
  w = (Want) { view, 2 };
  WAIT (kim_flags_listed, &w);
  pd_window_sign_out (win);

  /* the admin: the request, suspended with a reason */
  test_window_sign_in (win, "admin.demo");
  view = view_named ("suspensions");
  table = pd_action_table_view_get_table (view);
  w = (Want) { view, 1 };
  WAIT (kim_flags_listed, &w);
  g_assert_true (pd_table_view_select (table, kim_row (table, "Self-search")));
  WAIT (detail_lists_one, view);
  test_window_save_state (win, "flags-suspension-request.png");
  act_and_wait (view, ACT_SUSPEND, "Self-searches under review by the OIG", "suspended");
  w = (Want) { view, 0 };
  WAIT (kim_flags_listed, &w);
  pd_window_sign_out (win);

  /* her sign-in says why */
  test_window_wait_page (win, "login");
  test_window_submit_login (win, "tsa.kim", PD_TEST_DEMO_PASSWORD);
  WAIT (test_window_login_error, win);
  g_assert_nonnull (strstr (pd_login_page_get_error (pd_window_get_login_page (win)), "suspended"));
  g_assert_nonnull (strstr (pd_login_page_get_error (pd_window_get_login_page (win)),
                            "Self-searches under review by the OIG"));
  test_window_save_state (win, "flags-suspended-login.png");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, "[portdeskd]\nflag_scan_interval_seconds=86400\n"
                                "flag_rules=self_search,bulk,other_port,no_match\n");
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  g_test_add_func ("/app/flags/review-and-suspend", test_review_and_suspend);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
