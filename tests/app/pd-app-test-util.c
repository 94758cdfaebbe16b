/* pd-app-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-app-test"

#include <signal.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "pd-app-test-util.h"
#include "pd-client.h"
#include "pd-error.h"

static void
rm_rf (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) e = NULL;
  GFileInfo *info;

  e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                 NULL, NULL);
  if (e != NULL)
    while ((info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

        if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
          rm_rf (child);
        else
          g_unlink (child);
        g_object_unref (info);
      }
  g_rmdir (path);
}

TestDaemon *
test_daemon_new (void)
{
  TestDaemon *d = g_new0 (TestDaemon, 1);
  g_autoptr(GError) error = NULL;

  d->dir = g_dir_make_tmp ("pd-app-test-XXXXXX", &error);
  g_assert_no_error (error);
  d->data_dir = g_build_filename (d->dir, "data", NULL);
  d->socket_path = g_build_filename (d->dir, "portdeskd.sock", NULL);
  return d;
}

gboolean
test_daemon_answers (const char *socket_path)
{
  g_autoptr(PdClient) client = pd_client_new_unix (socket_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_client_call (client, "GET", "/v1/status", NULL, &error);

  return node != NULL;
}

static void
die_with_parent (gpointer data)
{
  /* a crashed test must not leave its portdeskd behind */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
test_daemon_start (TestDaemon *d)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  const char *daemon = g_getenv ("PORTDESK_DAEMON");
  g_autoptr(GError) error = NULL;
  gint64 end;

  g_assert_nonnull (daemon);
  g_assert_null (d->proc);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  d->proc = g_subprocess_launcher_spawn (launcher, &error, daemon,
                                         "--data-dir", d->data_dir, "--socket", d->socket_path, "--demo", NULL);
  g_assert_no_error (error);
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!test_daemon_answers (d->socket_path))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (50000);
    }
}

void
test_daemon_stop (TestDaemon *d)
{
  if (d->proc == NULL)
    return;
  g_subprocess_send_signal (d->proc, SIGTERM);
  g_subprocess_wait (d->proc, NULL, NULL);
  g_clear_object (&d->proc);
}

void
test_daemon_free (TestDaemon *d)
{
  test_daemon_stop (d);
  rm_rf (d->dir);
  g_free (d->dir);
  g_free (d->data_dir);
  g_free (d->socket_path);
  g_free (d);
}

gboolean
test_wait_until (TestCondition check,
                 gpointer      data,
                 guint         timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!check (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

void
test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

JsonNode *
test_call_as (const char  *socket_path,
              const char  *username,
              const char  *method,
              const char  *path,
              JsonNode    *body,
              GError     **error)
{
  g_autoptr(PdClient) client = pd_client_new_unix (socket_path);
  g_autoptr(JsonNode) login = NULL;
  g_autoptr(JsonNode) accepted = NULL;
  JsonNode *node;

  login = pd_client_post (client, "/v1/login", error,
                          "username", G_TYPE_STRING, username,
                          "password", G_TYPE_STRING, DEMO_PASSWORD,
                          NULL);
  if (login == NULL)
    return NULL;
  pd_client_set_token (client, json_object_get_string_member (json_node_get_object (login), "token"));
  accepted = pd_client_call (client, "POST", "/v1/rules/accept", NULL, error);
  if (accepted == NULL)
    return NULL;
  node = pd_client_call (client, method, path, body, error);
  {
    g_autoptr(GError) logout_error = NULL;
    g_autoptr(JsonNode) out = pd_client_call (client, "POST", "/v1/logout", NULL, &logout_error);
  }
  return node;
}
