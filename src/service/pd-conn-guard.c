/* pd-conn-guard.c
 *
 * Each accepted connection gets a Conn, kept as data on its GSocket so
 * that it goes when libsoup lets the socket go (and with it the file
 * descriptor).  Responses carry "Connection: close" (see pd-server.c):
 * libsoup 3.2 never closes a kept-alive connection that the client closes
 * while idle (fixed upstream in 3.3), so there is no idle keep-alive state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-conn-guard"

#include <string.h>
#include <sys/resource.h>

#include "pd-conn-guard.h"

#define FD_RESERVE        64             /* database, WAL, logs, pipes */
#define LINGER_SECONDS    2
#define LINGER_MAX_BYTES  (4 * 1024 * 1024)
#define LINGER_MAX_OPEN   64             /* refusals draining at once */

enum { LISTENER_UNIX, LISTENER_TCP, N_LISTENERS };

typedef struct {
  PdConnGuard             *guard;      /* NULL once the guard is gone */
  SoupServerMessage       *msg;        /* the connection's one request (no ref) */
  SoupWebsocketConnection *ws;         /* or the WebSocket it became */
  GSocket                 *socket;
  char                    *client;
  guint                    listener;
  gboolean                 counted;    /* in guard->open and per_client */
  gboolean                 headers;    /* request line and headers read */
  GSource                 *deadline;
  gulong                   gone_id;
  GList                    link;
} Conn;

struct _PdConnGuard {
  SoupServer   *server;
  PdConnLimits  limits;
  GQueue        open[N_LISTENERS];   /* Conn*, oldest first */
  GHashTable   *per_client;          /* client -> count */
  gulong        started_id;
  gulong        read_id;
};

#define CONN_KEY "pd-conn-guard"

static GQuark
seen_quark (void)
{
  return g_quark_from_static_string ("pd-conn-guard-seen");
}

static void
conn_clear_deadline (Conn *conn)
{
  if (conn->deadline != NULL)
    {
      g_source_destroy (conn->deadline);
      g_clear_pointer (&conn->deadline, g_source_unref);
    }
}

static void
conn_uncount (Conn *conn)
{
  PdConnGuard *self = conn->guard;
  guint n;

  if (!conn->counted || self == NULL)
    return;
  conn->counted = FALSE;
  g_queue_unlink (&self->open[conn->listener], &conn->link);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, conn->client));
  if (n <= 1)
    g_hash_table_remove (self->per_client, conn->client);
  else
    g_hash_table_insert (self->per_client, g_strdup (conn->client), GUINT_TO_POINTER (n - 1));
}

static void msg_finalized (gpointer data, GObject *where_msg_was);

/* The connection is closed (or handed over): forget it. */
static void
conn_free (Conn *conn)
{
  conn_uncount (conn);
  conn_clear_deadline (conn);
  if (conn->msg != NULL)
    {
      g_clear_signal_handler (&conn->gone_id, conn->msg);
      g_object_weak_unref (G_OBJECT (conn->msg), msg_finalized, conn);
      g_object_set_data (G_OBJECT (conn->msg), CONN_KEY, NULL);
    }
  if (conn->ws != NULL)
    {
      g_clear_signal_handler (&conn->gone_id, conn->ws);
      g_object_unref (conn->ws);
    }
  g_object_unref (conn->socket);
  g_free (conn->client);
  g_free (conn);
}

/* Ends a connection now: libsoup sees end-of-file, aborts the request and
 * closes the socket; its place is free at once. */
static void
conn_cut (Conn       *conn,
          const char *why)
{
  g_debug ("closing a connection from %s: %s", conn->client, why);
  conn_uncount (conn);
  conn_clear_deadline (conn);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
}

static void
msg_finalized (gpointer  data,
               GObject  *where_msg_was)
{
  Conn *conn = data;

  conn->msg = NULL;
  conn->gone_id = 0;
  conn_free (conn);
}

static char *
socket_client (GSocket *socket)
{
  if (g_socket_get_family (socket) == G_SOCKET_FAMILY_UNIX)
    {
      g_autoptr(GCredentials) cred = g_socket_get_credentials (socket, NULL);
      uid_t uid = cred != NULL ? g_credentials_get_unix_user (cred, NULL) : (uid_t) -1;

      return uid != (uid_t) -1 ? g_strdup_printf ("uid:%u", (guint) uid) : g_strdup ("unix");
    }
  else
    {
      g_autoptr(GSocketAddress) addr = g_socket_get_remote_address (socket, NULL);
      g_autofree char *host = NULL;

      if (addr != NULL && G_IS_INET_SOCKET_ADDRESS (addr))
        host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
      return g_strdup_printf ("tcp:%s", host != NULL ? host : "unknown");
    }
}

/* Closes the oldest connection of @listener (of @client, if given) that
 * has not yet sent its headers: a newer client is worth more than a
 * connection that says nothing. */
static gboolean
evict_one (PdConnGuard *self,
           guint        listener,
           const char  *client)
{
  for (GList *l = self->open[listener].head; l != NULL; l = l->next)
    {
      Conn *c = l->data;

      if (c->headers || c->ws != NULL || (client != NULL && strcmp (c->client, client) != 0))
        continue;
      conn_cut (c, "room for a newer connection");
      return TRUE;
    }
  return FALSE;
}

/* Counts @conn in, making room if needed; FALSE if there is none. */
static gboolean
conn_admit (PdConnGuard *self,
            Conn        *conn)
{
  guint n_client = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, conn->client));

  if ((n_client >= self->limits.max_per_client && !evict_one (self, conn->listener, conn->client)) ||
      (self->open[conn->listener].length >= self->limits.max_connections && !evict_one (self, conn->listener, NULL)))
    {
      g_message ("refusing a connection from %s: too many open connections", conn->client);
      return FALSE;
    }
  n_client = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, conn->client));
  g_hash_table_insert (self->per_client, g_strdup (conn->client), GUINT_TO_POINTER (n_client + 1));
  g_queue_push_tail_link (&self->open[conn->listener], &conn->link);
  conn->counted = TRUE;
  return TRUE;
}

static Conn *
conn_new (PdConnGuard *self,
          GSocket     *socket)
{
  Conn *conn = g_new0 (Conn, 1);

  conn->guard = self;
  conn->socket = g_object_ref (socket);
  conn->client = socket_client (socket);
  conn->listener = g_socket_get_family (socket) == G_SOCKET_FAMILY_UNIX ? LISTENER_UNIX : LISTENER_TCP;
  conn->link.data = conn;
  return conn;
}

static gboolean
deadline_cb (gpointer data)
{
  Conn *conn = data;

  g_clear_pointer (&conn->deadline, g_source_unref);
  conn_cut (conn, "the request did not arrive in time");
  return G_SOURCE_REMOVE;
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  PdConnGuard *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);
  Conn *conn;

  /* One request per connection, whatever answers it. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  if (socket == NULL || g_object_get_qdata (G_OBJECT (socket), seen_quark ()) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (socket), seen_quark (), GINT_TO_POINTER (1));

  conn = conn_new (self, socket);
  if (!conn_admit (self, conn))
    {
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
      conn_free (conn);
      return;
    }
  conn->msg = msg;
  g_object_set_data (G_OBJECT (msg), CONN_KEY, conn);
  conn->gone_id = g_signal_connect_swapped (msg, "disconnected", G_CALLBACK (conn_free), conn);
  g_object_weak_ref (G_OBJECT (msg), msg_finalized, conn);

  g_socket_set_timeout (socket, self->limits.idle_timeout_s);
  conn->deadline = g_timeout_source_new_seconds (self->limits.request_timeout_s);
  g_source_set_callback (conn->deadline, deadline_cb, conn, NULL);
  g_source_set_static_name (conn->deadline, "[portdeskd] request deadline");
  g_source_attach (conn->deadline, NULL);
}

static Conn *
msg_conn (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), CONN_KEY);
}

/* The whole request is in: the handler's own time is not the client's. */
static void
on_request_read (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  Conn *conn = msg_conn (msg);

  if (conn != NULL)
    conn_clear_deadline (conn);
}

PdConnGuard *
pd_conn_guard_new (SoupServer         *server,
                   const PdConnLimits *limits)
{
  PdConnGuard *self = g_new0 (PdConnGuard, 1);
  struct rlimit rl;

  self->server = g_object_ref (server);
  self->limits = *limits;
  self->limits.max_per_client = MAX (self->limits.max_per_client, 1);
  self->limits.request_timeout_s = MAX (self->limits.request_timeout_s, 1);

  /* Open as many files as allowed; then leave room for the database and
   * share the rest between the two listeners. */
  if (getrlimit (RLIMIT_NOFILE, &rl) == 0)
    {
      rlim_t budget;

      if (rl.rlim_cur < rl.rlim_max)
        {
          rl.rlim_cur = rl.rlim_max;
          if (setrlimit (RLIMIT_NOFILE, &rl) != 0)
            getrlimit (RLIMIT_NOFILE, &rl);
        }
      budget = rl.rlim_cur > 2 * FD_RESERVE ? (rl.rlim_cur - FD_RESERVE) / N_LISTENERS : FD_RESERVE / N_LISTENERS;
      if (self->limits.max_connections > budget)
        {
          g_message ("at most %u connections per listener: this process may open %" G_GUINT64_FORMAT " files",
                     (guint) budget, (guint64) rl.rlim_cur);
          self->limits.max_connections = budget;
        }
    }
  self->limits.max_connections = MAX (self->limits.max_connections, 1);

  for (guint i = 0; i < N_LISTENERS; i++)
    g_queue_init (&self->open[i]);
  self->per_client = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->started_id = g_signal_connect (server, "request-started", G_CALLBACK (on_request_started), self);
  self->read_id = g_signal_connect (server, "request-read", G_CALLBACK (on_request_read), self);
  return self;
}

void
pd_conn_guard_free (PdConnGuard *self)
{
  if (self == NULL)
    return;
  g_clear_signal_handler (&self->started_id, self->server);
  g_clear_signal_handler (&self->read_id, self->server);
  for (guint i = 0; i < N_LISTENERS; i++)
    {
      Conn *c;

      /* what is still open now closes with the server, on its own time */
      while ((c = g_queue_peek_head (&self->open[i])) != NULL)
        {
          conn_uncount (c);
          conn_clear_deadline (c);
          c->guard = NULL;
        }
    }
  g_hash_table_unref (self->per_client);
  g_object_unref (self->server);
  g_free (self);
}

const PdConnLimits *
pd_conn_guard_get_limits (PdConnGuard *self)
{
  return &self->limits;
}

char *
pd_conn_guard_client (SoupServerMessage *msg)
{
  Conn *conn = msg_conn (msg);
  GSocket *socket;

  if (conn != NULL)
    return g_strdup (conn->client);
  socket = soup_server_message_get_socket (msg);
  return socket != NULL ? socket_client (socket) : g_strdup ("unknown");
}

void
pd_conn_guard_headers_read (PdConnGuard       *self,
                            SoupServerMessage *msg)
{
  Conn *conn = msg_conn (msg);

  if (conn != NULL)
    conn->headers = TRUE;
}

gboolean
pd_conn_guard_keep_open (PdConnGuard             *self,
                         SoupServerMessage       *msg,
                         SoupWebsocketConnection *ws)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Conn *conn;

  g_return_val_if_fail (socket != NULL, FALSE);

  /* libsoup handed the connection over when it upgraded it */
  g_socket_set_timeout (socket, 0);
  conn = conn_new (self, socket);
  conn->headers = TRUE;
  if (!conn_admit (self, conn))
    {
      conn_free (conn);
      return FALSE;
    }
  conn->ws = g_object_ref (ws);
  conn->gone_id = g_signal_connect_swapped (ws, "closed", G_CALLBACK (conn_free), conn);
  return TRUE;
}

guint
pd_conn_guard_n_open (PdConnGuard *self)
{
  return self->open[LISTENER_UNIX].length + self->open[LISTENER_TCP].length;
}

/* --- refusing without reading ------------------------------------------- */

typedef struct {
  GIOStream    *stream;
  GSocket      *socket;
  char         *reply;
  GCancellable *cancellable;
  guint         timeout_id;
  gsize         drained;
  guint8        buf[16384];
} Refusal;

static guint n_lingering;   /* main thread only */

static void
refusal_free (Refusal *r)
{
  n_lingering--;
  g_clear_handle_id (&r->timeout_id, g_source_remove);
  g_io_stream_close (r->stream, NULL, NULL);
  g_object_unref (r->stream);
  g_object_unref (r->socket);
  g_object_unref (r->cancellable);
  g_free (r->reply);
  g_free (r);
}

static gboolean
linger_timeout_cb (gpointer data)
{
  Refusal *r = data;

  r->timeout_id = 0;
  g_cancellable_cancel (r->cancellable);
  return G_SOURCE_REMOVE;
}

static void
drained_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Refusal *r = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (r->drained += n) >= LINGER_MAX_BYTES)
    {
      refusal_free (r);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), r->buf, sizeof r->buf, G_PRIORITY_LOW,
                             r->cancellable, drained_cb, r);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Refusal *r = data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_free (r);
      return;
    }
  /* Say we are done, then read and drop what the client still sends for a
   * moment: closing with unread data would reset the connection and the
   * client might lose the answer.  Not when many refusals are draining:
   * then close at once. */
  if (n_lingering > LINGER_MAX_OPEN)
    {
      refusal_free (r);
      return;
    }
  g_socket_shutdown (r->socket, FALSE, TRUE, NULL);
  r->timeout_id = g_timeout_add_seconds (LINGER_SECONDS, linger_timeout_cb, r);
  g_input_stream_read_async (g_io_stream_get_input_stream (r->stream), r->buf, sizeof r->buf, G_PRIORITY_LOW,
                             r->cancellable, drained_cb, r);
}

void
pd_conn_guard_refuse (SoupServerMessage *msg,
                      guint              status,
                      const char        *json)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Refusal *r;

  g_return_if_fail (socket != NULL);

  n_lingering++;
  r = g_new0 (Refusal, 1);
  r->socket = g_object_ref (socket);
  r->cancellable = g_cancellable_new ();
  r->reply = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                              "Content-Type: application/json\r\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                              "Cache-Control: no-store\r\n"
                              "X-Content-Type-Options: nosniff\r\n"
                              "Connection: close\r\n"
                              "\r\n%s",
                              status, soup_status_get_phrase (status), strlen (json), json);
  /* libsoup 3.2 would read the whole body before answering: take the
   * connection from it. */
  r->stream = soup_server_message_steal_connection (msg);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (r->stream), r->reply, strlen (r->reply),
                                   G_PRIORITY_DEFAULT, r->cancellable, written_cb, r);
}
