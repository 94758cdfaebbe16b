/* test-app-keyring.c: the session token survives a restart through the
 * Secret Service, and sign-out removes it
 *
 * Runs inside its own D-Bus session with an unlocked gnome-keyring
 * (test-app-keyring.sh) and Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "pd-app-test-window.h"
#include "pd-application.h"
#include "pd-token-store.h"
#include "pd-window.h"

#define TIMEOUT_MS 20000

static PdTestDaemon    *daemon_;
static PdApplication *app;

typedef struct {
  PdTokenStore *store;
  gboolean      done;
  char         *token;
  char         *username;
  GError       *error;
} Lookup;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *l = user_data;

  l->token = pd_token_store_lookup_finish (PD_TOKEN_STORE (object), result, &l->username, &l->error);
  l->done = TRUE;
}

static gboolean
lookup_done (gpointer data)
{
  return ((Lookup *) data)->done;
}

/* What the keyring holds for the test socket, asked through a fresh store. */
static char *
keyring_token (char **username)
{
  g_autoptr(PdTokenStore) store = pd_token_store_new (daemon_->socket);
  Lookup l = { 0 };

  pd_token_store_lookup_async (store, NULL, lookup_cb, &l);
  g_assert_true (test_wait_until (lookup_done, &l, TIMEOUT_MS));
  g_assert_no_error (l.error);
  g_assert_true (pd_token_store_get_available (store));
  if (username != NULL)
    *username = l.username;
  else
    g_free (l.username);
  return l.token;
}

typedef struct {
  PdWindow *win;
} TokenWait;

static gboolean
keyring_has_window_token (gpointer data)
{
  PdWindow *win = data;
  g_autofree char *token = keyring_token (NULL);

  return token != NULL &&
         g_strcmp0 (token, pd_service_client_get_token (pd_window_get_client (win))) == 0;
}

static gboolean
keyring_empty (gpointer data)
{
  g_autofree char *token = keyring_token (NULL);

  return token == NULL;
}

static void
page_seen_cb (PdWindow   *win,
              GParamSpec *pspec,
              GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup (pd_window_get_page (win)));
}

static void
test_restart_keeps_session (void)
{
  g_autoptr(PdServiceClient) client = NULL;
  g_autoptr(PdTokenStore) tokens = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *username = NULL;
  g_autofree char *stored = NULL;
  PdWindow *win = PD_WINDOW (pd_application_get_main_window (app));
  PdWindow *win2;

  /* first run: sign in, accept the rules */
  test_window_sign_in (win, "officer.ray");

  /* the token went to the keyring, under our schema, with the user name */
  g_assert_true (test_wait_until (keyring_has_window_token, win, TIMEOUT_MS));
  stored = keyring_token (&username);
  g_assert_cmpstr (username, ==, "officer.ray");
  /* with a Secret Service there is no "memory only" notice */
  g_assert_true (pd_window_get_last_toast (win) == NULL ||
                 strstr (pd_window_get_last_toast (win), "keyring") == NULL);

  /* "restart": the window and all in-memory state go away */
  gtk_window_destroy (GTK_WINDOW (win));
  test_spin (50);

  client = pd_service_client_new (daemon_->socket);
  tokens = pd_token_store_new (daemon_->socket);
  win2 = pd_window_new (GTK_APPLICATION (app), client, tokens, NULL, FALSE);
  g_signal_connect (win2, "notify::page", G_CALLBACK (page_seen_cb), seen);
  gtk_window_present (GTK_WINDOW (win2));
  pd_window_start (win2);

  /* straight to the views: no login page, no second rules page */
  test_window_wait_page (win2, "workspace");
  for (guint i = 0; i < seen->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (seen, i), !=, "login");
      g_assert_cmpstr (g_ptr_array_index (seen, i), !=, "rules");
    }
  g_assert_cmpstr (pd_window_get_role (win2), ==, "cbp_officer");
  g_assert_cmpstr (pd_service_client_get_token (client), ==, stored);

  /* sign-out clears the keyring */
  pd_window_sign_out (win2);
  test_window_wait_page (win2, "login");
  g_assert_true (test_wait_until (keyring_empty, NULL, TIMEOUT_MS));
  gtk_window_destroy (GTK_WINDOW (win2));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_NO_START, NULL);
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, PD_TEST_DAEMON_DEMO);

  g_test_add_func ("/app/keyring/restart-keeps-session", test_restart_keeps_session);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  pd_test_daemon_free (daemon_);
  return status;
}
