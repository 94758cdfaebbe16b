/* pd-app-test-window.h: starting the real app against a test portdeskd,
 * and the steps every app test takes (pages, signing in)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-app-test-util.h"
#include "pd-application.h"
#include "pd-table-view.h"
#include "pd-window.h"

G_BEGIN_DECLS

#define TEST_TIMEOUT_MS 20000

/* After gtk_test_init: makes criticals fatal, starts @daemon with @flags
 * unless it runs already, and the app against it, activated. */
PdApplication *test_app_start        (PdTestDaemon      *daemon,
                                      PdTestDaemonFlags  flags);
void           test_app_stop         (PdApplication     *app);

/* Waits until @win shows @page ("connecting", "login", "rules", "workspace"),
 * or fails the test. */
void           test_window_wait_page  (PdWindow          *win,
                                       const char        *page);
/* Waits until the rules page shows the service's text. */
void           test_window_wait_rules (PdWindow          *win);
/* Fills the login page and submits it (the password may be wrong). */
void           test_window_submit_login (PdWindow        *win,
                                         const char      *username,
                                         const char      *password);
/* Signs in with the demo password and accepts the rules. */
void           test_window_sign_in    (PdWindow          *win,
                                       const char        *username);
/* For TEST_WAIT: whether the login page of @win (a PdWindow) is done and
 * shows an error. */
gboolean       test_window_login_error (gpointer          win);
/* With PD_SCREENSHOT_DIR set, saves @win there as @name (made on demand,
 * never committed); else nothing. */
void           test_window_save_state (PdWindow          *win,
                                       const char        *name);

/* The first widget under @root (itself included, depth first) that @match takes. */
typedef gboolean (*TestWidgetMatch) (GtkWidget *widget, gconstpointer data);
GtkWidget     *test_find_widget       (GtkWidget         *root,
                                       TestWidgetMatch    match,
                                       gconstpointer      data);
/* Whether @table has loaded, without an error, and lists @n_rows. */
gboolean       test_table_lists       (PdTableView       *table,
                                       guint              n_rows);
/* The first widget under @root named @name (gtk_widget_set_name), or NULL. */
GtkWidget     *test_find_named        (GtkWidget         *root,
                                       const char        *name);
/* The visible toplevel window named @name, or NULL; for TEST_WAIT, whether
 * one is shown or none is. */
GtkWidget     *test_toplevel          (const char        *name);
gboolean       test_toplevel_shown    (gpointer           name);
gboolean       test_toplevel_gone     (gpointer           name);

G_END_DECLS
