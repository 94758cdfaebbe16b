/* pd-test-events.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-test"

#include <string.h>

#include <gio/gunixsocketaddress.h>

#include "pd-credential.h"
#include "pd-test-events.h"

static void
on_message (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  PdTestEvents *ev = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  g_ptr_array_add (ev->messages, g_strndup (data, len));
  g_main_loop_quit (ev->loop);
}

static void
on_closed (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  PdTestEvents *ev = user_data;

  g_ptr_array_add (ev->messages, g_strdup ("closed"));
  g_main_loop_quit (ev->loop);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PdTestEvents *ev = user_data;

  ev->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &ev->error);
  if (ev->conn != NULL)
    {
      g_signal_connect (ev->conn, "message", G_CALLBACK (on_message), ev);
      g_signal_connect (ev->conn, "closed", G_CALLBACK (on_closed), ev);
    }
  g_main_loop_quit (ev->loop);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
pd_test_events_open (PdTestEvents *ev,
                     const char   *socket_path,
                     const char   *url,
                     const char   *token)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *uri = g_strconcat (url ? url : "http://localhost", "/v1/events", NULL);

  if (socket_path != NULL)
    {
      g_autoptr(GSocketAddress) addr = g_unix_socket_address_new (socket_path);
      session = soup_session_new_with_options ("remote-connectable", addr, NULL);
    }
  else
    session = soup_session_new ();
  msg = soup_message_new ("GET", uri);
  ev->loop = g_main_loop_new (NULL, FALSE);
  ev->messages = g_ptr_array_new_with_free_func (g_free);
  if (token != NULL)
    pd_credential_set_header (soup_message_get_request_headers (msg), token);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_connected, ev);
  g_main_loop_run (ev->loop);
}

void
pd_test_events_wait (PdTestEvents *ev,
                     guint         n)
{
  GSource *timeout = g_timeout_source_new_seconds (20);

  g_source_set_callback (timeout, quit_loop, ev->loop, NULL);
  g_source_attach (timeout, NULL);
  while (ev->messages->len < n)
    {
      guint before = ev->messages->len;
      g_main_loop_run (ev->loop);
      if (ev->messages->len == before)
        break;   /* the timeout fired */
    }
  g_source_destroy (timeout);   /* gone already if it fired */
  g_source_unref (timeout);
}

gboolean
pd_test_events_wait_for (PdTestEvents *ev,
                         const char   *needle)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!pd_test_events_seen (ev, needle) && g_get_monotonic_time () < deadline)
    pd_test_events_wait (ev, ev->messages->len + 1);
  return pd_test_events_seen (ev, needle);
}

gboolean
pd_test_events_seen (PdTestEvents *ev,
                     const char   *needle)
{
  for (guint i = 0; i < ev->messages->len; i++)
    if (strstr (g_ptr_array_index (ev->messages, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

void
pd_test_events_clear (PdTestEvents *ev)
{
  if (ev->conn != NULL && soup_websocket_connection_get_state (ev->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (ev->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&ev->conn);
  g_clear_pointer (&ev->messages, g_ptr_array_unref);
  g_clear_pointer (&ev->loop, g_main_loop_unref);
  g_clear_error (&ev->error);
}
