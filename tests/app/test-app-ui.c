/* test-app-ui.c: drive the real PortDesk window against a real portdeskd
 *
 * Runs under Xvfb (see tests/app/meson.build).  One application and one
 * window for the whole binary, as an officer would use them: sign in,
 * rules, views, sign out, again and again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "pd-app-test-window.h"
#include "pd-audit-view.h"
#include "pd-users-view.h"
#include "pd-application.h"
#include "pd-client.h"
#include "pd-screenshot.h"
#include "pd-table-view.h"
#include "pd-token-store.h"
#include "pd-views.h"
#include "pd-window.h"

static PdTestDaemon    *daemon_;
static PdApplication *app;
static PdWindow      *win;

#define TIMEOUT_MS 15000

/* --- conditions ---------------------------------------------------------- */

static gboolean
table_loaded (gpointer data)
{
  return !pd_table_view_get_loading (PD_TABLE_VIEW (data)) &&
         (pd_table_view_get_n_rows (PD_TABLE_VIEW (data)) > 0 || pd_table_view_get_error (PD_TABLE_VIEW (data)) != NULL);
}

static gboolean
banner_is (gpointer data)
{
  return pd_window_get_banner_visible (win) == GPOINTER_TO_INT (data);
}

static gboolean
toast_mentions (gpointer data)
{
  const char *t = pd_window_get_last_toast (win);

  return t != NULL && strstr (t, data) != NULL;
}

static gboolean
events_connected (gpointer data)
{
  return pd_service_client_get_events_connected (pd_window_get_client (win));
}

#define WAIT(cond, data) \
  G_STMT_START { \
    if (!test_wait_until (cond, (gpointer) (data), TIMEOUT_MS)) \
      { \
        g_test_message ("timed out waiting for %s (%s) on page %s", #cond, (const char *) #data, \
                        pd_window_get_page (win)); \
        g_assert_not_reached (); \
      } \
  } G_STMT_END

/* --- steps --------------------------------------------------------------- */

static void
sign_out (void)
{
  pd_window_sign_out (win);
  test_window_wait_page (win, "login");
  g_assert_null (pd_service_client_get_token (pd_window_get_client (win)));
}

/* --- tests --------------------------------------------------------------- */

/* With PORTDESK_SCREENSHOT_DIR set, keep a picture of the window now. */
static void
keep_picture (const char *name)
{
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("PORTDESK_SCREENSHOT_DIR") == NULL)
    return;
  file = g_strdup_printf ("%s/%s.png", g_getenv ("PORTDESK_SCREENSHOT_DIR"), name);
  test_spin (600);   /* let transitions end */
  g_assert_true (pd_screenshot_save (GTK_WIDGET (win), file, &error));
  g_assert_no_error (error);
}


static void
test_login_page (void)
{
  test_window_wait_page (win, "login");
  /* Tests run without a Secret Service: the app says so once. */
  WAIT (toast_mentions, "keyring");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pd_window_get_login_page (win))));
}

static void
test_bad_password (void)
{
  g_autofree char *wrong = g_strconcat (DEMO_PASSWORD, "-wrong", NULL);

  test_window_submit_login (win, "officer.ray", wrong);
  WAIT (test_window_login_error, win);
  g_assert_cmpstr (pd_window_get_page (win), ==, "login");
  g_assert_nonnull (strstr (pd_login_page_get_error (pd_window_get_login_page (win)), "not correct"));
  g_assert_null (pd_service_client_get_token (pd_window_get_client (win)));
}

typedef struct {
  const char *username;
  const char *role;
  const char *views;   /* comma-separated, sidebar order */
} RoleCase;

static const RoleCase role_cases[] = {
  { "ag.lopez",    "ag_specialist",  "scheduling,reports" },
  { "tsa.kim",     "tsa_supervisor", "identity,reports" },
  { "lpr.ortiz",   "lpr_analyst",    "lpr,reports,imports" },
  { "director.ng", "port_director",  "landing,buses,scheduling,reports,access,approvals" },
  { "officer.ray", "cbp_officer",    "alerts,landing,buses,scheduling,reports" },
  { "auditor.fox", "auditor",        "audit,flags,lpr-reviews,reports,retention" },
  { "pau.diaz",    "pau_analyst",    "watchlist" },
  { "admin.demo",  "admin",          "reports,access,users,approvals,apikeys,retention,imports,suspensions" },
  { "sysowner",    "admin",          "reports,access,users,approvals,apikeys,retention,imports,suspensions" },
};

static const char * const all_views[] = {
  "identity", "alerts", "watchlist", "lpr", "landing", "buses", "scheduling", "audit", "flags", "lpr-reviews",
  "reports", "access", "users", "approvals", "apikeys", "retention", "imports", "suspensions",
};

static void
check_view (const char *name)
{
  GtkWidget *view;

  g_assert_true (pd_window_select_view (win, name));
  g_assert_cmpstr (pd_window_get_current_view (win), ==, name);
  view = pd_window_get_view_widget (win, name);
  g_assert_nonnull (view);
  test_spin (20);
  g_assert_true (gtk_widget_get_mapped (view));

  if (g_str_equal (name, "users") || g_str_equal (name, "audit"))
    {
      /* the Audit view's entries are a table in it */
      PdTableView *table = PD_IS_AUDIT_VIEW (view) ? pd_audit_view_get_table (PD_AUDIT_VIEW (view))
                                                   : pd_users_view_get_table (PD_USERS_VIEW (view));

      g_assert_true (PD_IS_TABLE_VIEW (table));
      WAIT (table_loaded, table);
      g_assert_null (pd_table_view_get_error (table));
      if (g_str_equal (name, "users"))
        {
          gboolean found = FALSE;

          /* the demo accounts, as the service lists them */
          g_assert_cmpuint (pd_table_view_get_n_rows (table), >=, 9);
          for (guint i = 0; i < pd_table_view_get_n_rows (table); i++)
            {
              g_autofree char *cell = pd_table_view_dup_cell (table, i, 0);
              g_autofree char *role = pd_table_view_dup_cell (table, i, 3);

              if (g_strcmp0 (cell, "auditor.fox") == 0)
                {
                  found = TRUE;
                  g_assert_cmpstr (role, ==, "Auditor");
                }
            }
          g_assert_true (found);
        }
      else
        {
          gboolean saw_accept = FALSE;

          for (guint i = 0; i < pd_table_view_get_n_rows (table); i++)
            {
              g_autofree char *action = pd_table_view_dup_cell (table, i, 4);

              saw_accept |= g_strcmp0 (action, "rules.accept") == 0;
            }
          g_assert_true (saw_accept);
        }
    }
  else if (pd_views_lookup (name)->create != NULL)
    {
      /* built by its own issue (and tested there): a real view, not the placeholder */
      g_assert_false (gtk_widget_has_css_class (view, "pd-placeholder"));
    }
  else
    {
      g_assert_true (ADW_IS_STATUS_PAGE (view));
      g_assert_true (gtk_widget_has_css_class (view, "pd-placeholder"));
      g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (view)),
                                "not part of this build"));
    }
}

static void
test_role (gconstpointer data)
{
  const RoleCase *c = data;
  g_auto(GStrv) expected = g_strsplit (c->views, ",", -1);
  g_auto(GStrv) shown = NULL;

  test_window_sign_in (win, c->username);
  g_assert_cmpstr (pd_window_get_role (win), ==, c->role);

  shown = pd_window_dup_sidebar_views (win);
  g_assert_cmpstrv (shown, expected);

  for (guint i = 0; expected[i] != NULL; i++)
    check_view (expected[i]);
  /* and nothing else can be opened */
  for (guint i = 0; i < G_N_ELEMENTS (all_views); i++)
    if (!g_strv_contains ((const char * const *) expected, all_views[i]))
      {
        g_assert_false (pd_window_select_view (win, all_views[i]));
        g_assert_null (pd_window_get_view_widget (win, all_views[i]));
      }

  sign_out ();
  g_assert_null (pd_window_get_role (win));
  shown = (g_strfreev (shown), pd_window_dup_sidebar_views (win));
  g_assert_cmpuint (g_strv_length (shown), ==, 0);
}

static void
test_decline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) audit = NULL;
  JsonArray *items;
  gboolean found = FALSE;

  test_window_submit_login (win, "ag.chen", DEMO_PASSWORD);
  test_window_wait_rules (win);
  pd_rules_page_decline (pd_window_get_rules_page (win));
  test_window_wait_page (win, "login");
  g_assert_null (pd_service_client_get_token (pd_window_get_client (win)));
  g_assert_null (pd_window_get_role (win));

  /* the service recorded it */
  audit = test_call_as (daemon_->socket, "auditor.fox", "GET", "/v1/audit?action=rules.decline", NULL, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (audit), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *e = json_array_get_object_element (items, i);

      found |= g_strcmp0 (json_object_get_string_member (e, "actor"), "ag.chen") == 0;
    }
  g_assert_true (found);
}

static JsonNode *
json_obj (const char *k1, const char *v1, const char *k2, const char *v2, const char *k3, const char *v3)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, k1);
  json_builder_add_string_value (b, v1);
  if (k2 != NULL)
    {
      json_builder_set_member_name (b, k2);
      json_builder_add_string_value (b, v2);
    }
  if (k3 != NULL)
    {
      json_builder_set_member_name (b, k3);
      json_builder_add_string_value (b, v3);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
test_event_toast (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) req_body = json_obj ("username", "lpr.ortiz", "kind", "lpr", "training_date", "2026-01-15");
  g_autoptr(JsonNode) sup_body = json_obj ("level", "supervisor", NULL, NULL, NULL, NULL);
  g_autoptr(JsonNode) own_body = json_obj ("level", "system_owner", NULL, NULL, NULL, NULL);
  g_autoptr(JsonNode) req = NULL;
  g_autoptr(JsonNode) sup = NULL;
  g_autoptr(JsonNode) own = NULL;
  g_autofree char *approve = NULL;
  guint toasts;

  test_window_sign_in (win, "admin.demo");
  WAIT (events_connected, NULL);
  toasts = pd_window_get_toast_count (win);

  req = test_call_as (daemon_->socket, "director.ng", "POST", "/v1/entitlements", req_body, &error);
  g_assert_no_error (error);
  approve = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/approve",
                             json_object_get_int_member (json_node_get_object (req), "id"));
  sup = test_call_as (daemon_->socket, "director.ng", "POST", approve, sup_body, &error);
  g_assert_no_error (error);
  own = test_call_as (daemon_->socket, "sysowner", "POST", approve, own_body, &error);
  g_assert_no_error (error);

  /* the WebSocket event becomes a toast in the signed-in admin's window */
  WAIT (toast_mentions, "lpr.ortiz");
  g_assert_cmpuint (pd_window_get_toast_count (win), >, toasts);
  sign_out ();
}

static void
test_alert_dispatch (void)
{
  /* The dispatch itself: an alert-typed event on the client, as the
   * WebSocket handler emits it, becomes a toast naming it (the service's
   * own tvs.alert reaching the Alerts view live: test-app-alerts). */
  g_autoptr(JsonParser) parser = json_parser_new ();
  PdServiceClient *client = pd_window_get_client (win);
  guint toasts;

  test_window_sign_in (win, "officer.ray");
  toasts = pd_window_get_toast_count (win);
  g_assert_true (json_parser_load_from_data (parser, "{\"alert\":\"7\",\"kind\":\"no-match\",\"flight\":\"XY123\","
                                          "\"gate\":\"B7\"}", -1, NULL));
  g_signal_emit_by_name (client, "event::tvs.alert", "tvs.alert", "LAX", json_parser_get_root (parser));
  g_assert_cmpuint (pd_window_get_toast_count (win), ==, toasts + 1);
  g_assert_cmpstr (pd_window_get_last_toast (win), ==, "TVS alert: No match, flight XY123 at B7");

  /* other types are not alerts */
  g_signal_emit_by_name (client, "event::inspection.created", "inspection.created", "LAX", json_parser_get_root (parser));
  g_assert_cmpuint (pd_window_get_toast_count (win), ==, toasts + 1);
  sign_out ();
}

static void
test_service_lost (void)
{
  test_window_sign_in (win, "officer.ray");
  WAIT (events_connected, NULL);
  g_assert_false (pd_window_get_banner_visible (win));

  pd_test_daemon_stop (daemon_);
  WAIT (banner_is, GINT_TO_POINTER (TRUE));
  g_assert_cmpstr (pd_window_get_page (win), ==, "workspace");
  keep_picture ("service-lost");

  pd_test_daemon_start (daemon_, PD_TEST_DAEMON_DEMO);
  WAIT (banner_is, GINT_TO_POINTER (FALSE));
  WAIT (toast_mentions, "again");
  /* the session lives in the service's database: still signed in, events back */
  WAIT (events_connected, NULL);
  g_assert_cmpstr (pd_window_get_page (win), ==, "workspace");
  g_assert_cmpstr (pd_window_get_role (win), ==, "cbp_officer");
  sign_out ();
}

static void
test_session_ended_elsewhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdClient) side = pd_client_new_unix (daemon_->socket);
  g_autoptr(JsonNode) out = NULL;

  test_window_sign_in (win, "auditor.fox");
  /* The session ends behind the window's back (same token, logged out
   * from the side); the next call gets a 401 and the login page returns. */
  pd_client_set_token (side, pd_service_client_get_token (pd_window_get_client (win)));
  out = pd_client_call (side, "POST", "/v1/logout", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_window_select_view (win, "audit"));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.reload-view", NULL);
  test_window_wait_page (win, "login");
  g_assert_null (pd_window_get_role (win));
  g_assert_null (pd_service_client_get_token (pd_window_get_client (win)));
}

static gboolean
window_connect_failed (gpointer data)
{
  return pd_window_get_connect_error (PD_WINDOW (data)) != NULL;
}

static void
test_retry (void)
{
  /* A second window on a socket where nothing answers and nothing may be
   * started: it says so and offers Try Again, which works once a service
   * is there. */
  PdTestDaemon *other = pd_test_daemon_new (PD_TEST_DAEMON_NO_START, NULL);
  g_autoptr(PdServiceClient) client = pd_service_client_new (other->socket);
  g_autoptr(PdTokenStore) tokens = pd_token_store_new (other->socket);
  PdWindow *w;

  pd_service_client_set_autostart (client, FALSE);
  w = pd_window_new (GTK_APPLICATION (app), client, tokens, NULL, TRUE);
  gtk_window_present (GTK_WINDOW (w));
  pd_window_start (w);
  g_assert_true (test_wait_until (window_connect_failed, w, TIMEOUT_MS));
  g_assert_cmpstr (pd_window_get_page (w), ==, "connecting");
  g_assert_nonnull (strstr (pd_window_get_connect_error (w), "No portdeskd answers"));

  pd_test_daemon_start (other, PD_TEST_DAEMON_DEMO);
  gtk_widget_activate_action (GTK_WIDGET (w), "win.reconnect", NULL);
  g_assert_null (pd_window_get_connect_error (w));
  test_window_wait_page (w, "login");

  gtk_window_destroy (GTK_WINDOW (w));
  pd_test_daemon_free (other);
}

static void
test_window_size_saved (void)
{
  /* closing a window keeps its size in the settings; the next one opens so */
  g_autoptr(GSettings) settings = g_settings_new ("org.portdesk.PortDesk");
  g_autoptr(PdTokenStore) tokens = pd_token_store_new ("unused");
  PdWindow *w;
  int width = 0, height = 0;

  w = pd_window_new (GTK_APPLICATION (app), pd_window_get_client (win), tokens, settings, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (w), 900, 640);
  gtk_window_present (GTK_WINDOW (w));
  test_spin (100);
  gtk_window_close (GTK_WINDOW (w));
  test_spin (50);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  w = pd_window_new (GTK_APPLICATION (app), pd_window_get_client (win), tokens, settings, FALSE);
  gtk_window_get_default_size (GTK_WINDOW (w), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  gtk_window_destroy (GTK_WINDOW (w));
}

static gboolean
folded_is (gpointer data)
{
  return pd_window_get_folded (win) == GPOINTER_TO_INT (data);
}

static void
test_narrow_window (void)
{
  int width, height;

  test_window_sign_in (win, "director.ng");
  gtk_window_get_default_size (GTK_WINDOW (win), &width, &height);
  g_assert_false (pd_window_get_folded (win));

  /* a narrow window: the sidebar folds away, a back button brings it */
  gtk_window_set_default_size (GTK_WINDOW (win), 420, 700);
  WAIT (folded_is, GINT_TO_POINTER (TRUE));
  g_assert_true (pd_window_select_view (win, "landing"));
  test_spin (400);
  g_assert_false (pd_window_get_sidebar_shown (win));
  keep_picture ("narrow-view");
  gtk_widget_activate_action (GTK_WIDGET (win), "win.show-sidebar", NULL);
  test_spin (400);
  g_assert_true (pd_window_get_sidebar_shown (win));
  keep_picture ("narrow-sidebar");
  g_assert_true (pd_window_select_view (win, "scheduling"));
  test_spin (400);
  g_assert_false (pd_window_get_sidebar_shown (win));

  gtk_window_set_default_size (GTK_WINDOW (win), width, height);
  WAIT (folded_is, GINT_TO_POINTER (FALSE));
  g_assert_true (pd_window_get_sidebar_shown (win));
  sign_out ();
}

static void
test_last_view_remembered (void)
{
  test_window_sign_in (win, "officer.ray");
  g_assert_cmpstr (pd_window_get_current_view (win), !=, "reports");
  g_assert_true (pd_window_select_view (win, "reports"));
  sign_out ();

  /* the setting brings the officer back where they were */
  test_window_sign_in (win, "officer.ray");
  g_assert_cmpstr (pd_window_get_current_view (win), ==, "reports");
  sign_out ();

  /* a role without that view starts on its first one */
  test_window_sign_in (win, "pau.diaz");
  g_assert_cmpstr (pd_window_get_current_view (win), ==, "watchlist");
  sign_out ();
}

static gboolean
has_toplevel_of_type (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GType type = GPOINTER_TO_SIZE (data);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return TRUE;
    }
  return FALSE;
}

static void
close_toplevels_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i - 1);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        gtk_window_destroy (GTK_WINDOW (w));
    }
}

static void
test_about_and_shortcuts (void)
{
  test_window_wait_page (win, "login");

  /* the shortcuts window comes from the GResource (gtk/help-overlay.ui) */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win)));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.show-help-overlay", NULL);
  WAIT (has_toplevel_of_type, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW));
  gtk_widget_set_visible (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win))), FALSE);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  WAIT (has_toplevel_of_type, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW));
  close_toplevels_of_type (ADW_TYPE_ABOUT_WINDOW);
  test_spin (50);
  g_assert_false (has_toplevel_of_type (GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW)));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_NO_START, NULL);

  gtk_test_init (&argc, &argv, NULL);
  /* No session bus here on purpose (no Secret Service): GTK warns about
   * it, which is expected; criticals stay fatal. */
  app = test_app_start (daemon_, PD_TEST_DAEMON_DEMO);
  win = PD_WINDOW (pd_application_get_main_window (app));
  g_assert_nonnull (win);

  g_test_add_func ("/app/ui/login-page", test_login_page);
  g_test_add_func ("/app/ui/bad-password", test_bad_password);
  for (guint i = 0; i < G_N_ELEMENTS (role_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app/ui/role/%s", role_cases[i].username);

      g_test_add_data_func (path, &role_cases[i], test_role);
    }
  g_test_add_func ("/app/ui/rules-decline", test_decline);
  g_test_add_func ("/app/ui/event-toast", test_event_toast);
  g_test_add_func ("/app/ui/session-ended", test_session_ended_elsewhere);
  g_test_add_func ("/app/ui/alert-dispatch", test_alert_dispatch);
  g_test_add_func ("/app/ui/service-lost", test_service_lost);
  g_test_add_func ("/app/ui/narrow-window", test_narrow_window);
  g_test_add_func ("/app/ui/retry", test_retry);
  g_test_add_func ("/app/ui/window-size-saved", test_window_size_saved);
  g_test_add_func ("/app/ui/last-view", test_last_view_remembered);
  g_test_add_func ("/app/ui/about-and-shortcuts", test_about_and_shortcuts);

  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
