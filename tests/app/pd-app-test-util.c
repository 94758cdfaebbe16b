/* pd-app-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-app-test"

#include "pd-app-test-util.h"
#include "pd-client.h"
#include "pd-error.h"

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

char *
test_service_date (PdTestDaemon *daemon,
                   int           days)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (pd_test_daemon_now (daemon) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}
