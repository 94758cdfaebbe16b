/* pd-app-test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-app-test"

#include "pd-app-test-window.h"
#include "pd-screenshot.h"

PdApplication *
test_app_start (PdTestDaemon      *daemon,
                PdTestDaemonFlags  flags)
{
  PdApplication *app;

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  adw_init ();
  g_setenv ("PORTDESK_SOCKET", daemon->socket, TRUE);
  if (daemon->proc == NULL)
    pd_test_daemon_start (daemon, flags);
  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_activate (G_APPLICATION (app));
  return app;
}

void
test_app_stop (PdApplication *app)
{
  GtkWindow *win = GTK_WINDOW (pd_application_get_main_window (app));

  if (win != NULL)
    gtk_window_destroy (win);
  g_application_quit (G_APPLICATION (app));
  g_object_unref (app);
}

typedef struct {
  PdWindow   *win;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *w = data;

  return g_strcmp0 (pd_window_get_page (w->win), w->page) == 0;
}

void
test_window_wait_page (PdWindow   *win,
                       const char *page)
{
  PageWait w = { win, page };

  if (!test_wait_until (page_is, &w, TEST_TIMEOUT_MS))
    g_error ("timed out waiting for page %s (on %s)", page, pd_window_get_page (win));
}

static gboolean
rules_loaded (gpointer data)
{
  PdWindow *win = data;

  return g_strcmp0 (pd_window_get_page (win), "rules") == 0 &&
         pd_rules_page_get_text (pd_window_get_rules_page (win)) != NULL;
}

void
test_window_wait_rules (PdWindow *win)
{
  if (!test_wait_until (rules_loaded, win, TEST_TIMEOUT_MS))
    g_error ("timed out waiting for the rules (on %s)", pd_window_get_page (win));
}

void
test_window_submit_login (PdWindow   *win,
                          const char *username,
                          const char *password)
{
  PdLoginPage *login = pd_window_get_login_page (win);

  test_window_wait_page (win, "login");
  pd_login_page_set_username (login, username);
  pd_login_page_set_password (login, password);
  pd_login_page_submit (login);
}

void
test_window_sign_in (PdWindow   *win,
                     const char *username)
{
  test_window_submit_login (win, username, DEMO_PASSWORD);
  test_window_wait_rules (win);
  /* the rules text is the service's, not something of the app's own */
  g_assert_nonnull (g_strstr_len (pd_rules_page_get_text (pd_window_get_rules_page (win)), -1, "ules"));
  pd_rules_page_accept (pd_window_get_rules_page (win));
  test_window_wait_page (win, "workspace");
}

void
test_window_save_state (PdWindow   *win,
                        const char *name)
{
  const char *dir = g_getenv ("PD_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  test_spin (300);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (pd_screenshot_save (GTK_WIDGET (win), path, &error));
}

gboolean
test_table_lists (PdTableView *table,
                  guint        n_rows)
{
  return !pd_table_view_get_loading (table) && pd_table_view_get_error (table) == NULL &&
         pd_table_view_get_n_rows (table) == n_rows;
}

GtkWidget *
test_find_widget (GtkWidget       *root,
                  TestWidgetMatch  match,
                  gconstpointer    data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = test_find_widget (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_name (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

GtkWidget *
test_find_named (GtkWidget  *root,
                 const char *name)
{
  return test_find_widget (root, has_name, name);
}

GtkWidget *
test_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (has_name (GTK_WIDGET (w), name) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

gboolean
test_toplevel_shown (gpointer name)
{
  return test_toplevel (name) != NULL;
}

gboolean
test_toplevel_gone (gpointer name)
{
  return test_toplevel (name) == NULL;
}

gboolean
test_window_login_error (gpointer win)
{
  PdLoginPage *login = pd_window_get_login_page (win);

  return !pd_login_page_get_busy (login) && pd_login_page_get_error (login) != NULL;
}
