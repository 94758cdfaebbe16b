/* pd-conn-guard.c
 *
 * The guard accepts every connection itself and hands it to libsoup
 * (soup_server_accept_iostream); each gets a Conn that lives until the
 * connection object is finalized (and its descriptor closed).  Responses
 * carry "Connection: close": libsoup 3.2 never closes a kept-alive
 * connection that the client closes while idle (fixed upstream in 3.3), so
 * there is no idle keep-alive state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-conn-guard"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/resource.h>

#include <gio/gunixsocketaddress.h>

#include "pd-conn-guard.h"

#define FD_RESERVE        64             /* database, WAL, logs, pipes */
#define LINGER_SECONDS    2
#define LINGER_MAX_BYTES  (4 * 1024 * 1024)
#define LINGER_MAX_OPEN   64             /* refusals draining at once */

enum { LISTENER_UNIX, LISTENER_TCP, N_LISTENERS };

typedef struct {
  PdConnGuard             *guard;      /* NULL once the guard is gone */
  GSocketConnection       *stream;     /* no ref: a weak reference tells when it goes */
  GSocket                 *socket;     /* no ref: the stream's */
  char                    *client;
  guint                    listener;
  gboolean                 counted;    /* in guard->open and per_client */
  gboolean                 headers;    /* request line and headers read */
  gboolean                 long_lived; /* a WebSocket */
  GSource                 *deadline;
  GList                    link;
} Conn;

struct _PdConnGuard {
  SoupServer     *server;
  PdConnLimits    limits;
  GSocketService *service;            /* accepts on every listening socket */
  GQueue          open[N_LISTENERS];  /* Conn*, oldest first */
  GHashTable     *per_client;         /* client -> count */
  gulong          read_id;
  gulong          started_id;
};

static GQuark
conn_quark (void)
{
  return g_quark_from_static_string ("pd-conn-guard-conn");
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

static void
conn_free (Conn *conn)
{
  conn_uncount (conn);
  conn_clear_deadline (conn);
  g_free (conn->client);
  g_free (conn);
}

/* The connection object is finalized: libsoup (or the WebSocket, or a
 * refusal) let it go, and its descriptor is closed. */
static void
conn_stream_gone (gpointer  data,
                  GObject  *where_it_was)
{
  conn_free (data);
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

      if (c->headers || c->long_lived || (client != NULL && strcmp (c->client, client) != 0))
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

static gboolean
deadline_cb (gpointer data)
{
  Conn *conn = data;

  g_clear_pointer (&conn->deadline, g_source_unref);
  conn_cut (conn, "the request did not arrive in time");
  return G_SOURCE_REMOVE;
}

static GSocketAddress *
peer_address (GSocket *socket)
{
  GSocketAddress *addr = g_socket_get_remote_address (socket, NULL);

  return addr != NULL ? addr : g_unix_socket_address_new_with_type ("", 0, G_UNIX_SOCKET_ADDRESS_ANONYMOUS);
}

/* Every connection comes in here, before libsoup sees it: libsoup 3.2's
 * own listener leaks a GSocket for each connection it accepts. */
static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *stream,
             GObject           *source,
             gpointer           user_data)
{
  PdConnGuard *self = user_data;
  GSocket *socket = g_socket_connection_get_socket (stream);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr(GSocketAddress) remote = peer_address (socket);
  g_autoptr(GError) error = NULL;
  Conn *conn = g_new0 (Conn, 1);

  conn->guard = self;
  conn->stream = stream;
  conn->socket = socket;
  conn->client = socket_client (socket);
  conn->listener = g_socket_get_family (socket) == G_SOCKET_FAMILY_UNIX ? LISTENER_UNIX : LISTENER_TCP;
  conn->link.data = conn;
  if (local == NULL || !conn_admit (self, conn))
    {
      g_io_stream_close (G_IO_STREAM (stream), NULL, NULL);
      conn_free (conn);
      return TRUE;
    }
  g_object_weak_ref (G_OBJECT (stream), conn_stream_gone, conn);
  /* libsoup keeps @remote as the connection's address: a way back from a
   * message to its Conn */
  g_object_set_qdata (G_OBJECT (remote), conn_quark (), conn);
  if (conn->listener == LISTENER_TCP)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  g_socket_set_timeout (socket, self->limits.idle_timeout_s);
  conn->deadline = g_timeout_source_new_seconds (self->limits.request_timeout_s);
  g_source_set_callback (conn->deadline, deadline_cb, conn, NULL);
  g_source_set_static_name (conn->deadline, "[portdeskd] request deadline");
  g_source_attach (conn->deadline, NULL);
  if (!soup_server_accept_iostream (self->server, G_IO_STREAM (stream), local, remote, &error))
    {
      g_warning ("cannot serve a connection: %s", error->message);
      g_io_stream_close (G_IO_STREAM (stream), NULL, NULL);
    }
  return TRUE;
}

static Conn *
msg_conn (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote != NULL ? g_object_get_qdata (G_OBJECT (remote), conn_quark ()) : NULL;
}

/* One request per connection, whatever answers it. */
static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
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
  self->service = g_socket_service_new ();
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  self->started_id = g_signal_connect (server, "request-started", G_CALLBACK (on_request_started), self);
  self->read_id = g_signal_connect (server, "request-read", G_CALLBACK (on_request_read), self);
  return self;
}

gboolean
pd_conn_guard_listen (PdConnGuard  *self,
                      GSocket      *socket,
                      GError      **error)
{
  return g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), socket, NULL, error);
}

void
pd_conn_guard_stop (PdConnGuard *self)
{
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
}

void
pd_conn_guard_free (PdConnGuard *self)
{
  if (self == NULL)
    return;
  pd_conn_guard_stop (self);
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  g_clear_signal_handler (&self->started_id, self->server);
  g_clear_signal_handler (&self->read_id, self->server);
  for (guint i = 0; i < N_LISTENERS; i++)
    {
      Conn *c;

      /* what is still open closes with the server, on its own time */
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

  return g_strdup (conn != NULL ? conn->client : "unknown");
}

void
pd_conn_guard_headers_read (PdConnGuard       *self,
                            SoupServerMessage *msg)
{
  Conn *conn = msg_conn (msg);

  if (conn != NULL)
    conn->headers = TRUE;
}

void
pd_conn_guard_keep_open (PdConnGuard       *self,
                         SoupServerMessage *msg)
{
  Conn *conn = msg_conn (msg);

  if (conn == NULL)
    return;
  conn->long_lived = TRUE;
  conn_clear_deadline (conn);
  g_socket_set_timeout (conn->socket, 0);
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
  Conn *conn = msg_conn (msg);
  Refusal *r;

  g_return_if_fail (conn != NULL);

  n_lingering++;
  r = g_new0 (Refusal, 1);
  r->socket = g_object_ref (conn->socket);
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
