/* pd-service-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-service-client"

#include "config.h"

#include <string.h>
#include <signal.h>

#include <gio/gunixsocketaddress.h>
#include <libsoup/soup.h>

#include "pd-client.h"
#include "pd-credential.h"
#include "pd-error.h"
#include "pd-json.h"
#include <gdk/gdk.h>

#include "pd-service-client.h"

#define STARTUP_TIMEOUT_US   (20 * G_USEC_PER_SEC)
#define POLL_INTERVAL_MS     100
#define RECONNECT_INTERVAL_MS 1000
#define HEARTBEAT_INTERVAL_S 5
#define EVENTS_RETRY_MS      2000

struct _PdServiceClient
{
  GObject                  parent_instance;

  char                    *socket_path;
  char                    *token;
  SoupSession             *session;
  PdServiceState           state;

  GSubprocess             *daemon;
  gboolean                 autostart;

  guint                    reconnect_source;
  guint                    heartbeat_source;
  GCancellable            *probe_cancellable;

  /* live events */
  gboolean                 want_events;
  SoupWebsocketConnection *events;
  GCancellable            *events_cancellable;
  guint                    events_retry_source;
};

G_DEFINE_FINAL_TYPE (PdServiceClient, pd_service_client, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PdServiceState, pd_service_state,
  G_DEFINE_ENUM_VALUE (PD_SERVICE_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (PD_SERVICE_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (PD_SERVICE_STATE_LOST, "lost"))

enum {
  PROP_0,
  PROP_SOCKET_PATH,
  PROP_STATE,
  PROP_EVENTS_CONNECTED,
  N_PROPS
};

enum {
  EVENT,
  UNAUTHORIZED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_reconnect (PdServiceClient *self);
static void schedule_heartbeat (PdServiceClient *self);
static void events_connect     (PdServiceClient *self);

/* --- state -------------------------------------------------------------- */

static void
set_state (PdServiceClient *self,
           PdServiceState   state)
{
  if (self->state == state)
    return;
  g_debug ("service state %d -> %d", self->state, state);
  self->state = state;

  if (state == PD_SERVICE_STATE_LOST)
    {
      g_clear_handle_id (&self->heartbeat_source, g_source_remove);
      schedule_reconnect (self);
    }
  else if (state == PD_SERVICE_STATE_CONNECTED)
    {
      g_clear_handle_id (&self->reconnect_source, g_source_remove);
      schedule_heartbeat (self);
      if (self->want_events && self->events == NULL)
        events_connect (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
service_unreachable (PdServiceClient *self)
{
  if (self->state == PD_SERVICE_STATE_CONNECTED)
    set_state (self, PD_SERVICE_STATE_LOST);
}

/* --- requests ----------------------------------------------------------- */

static SoupMessage *
new_message (PdServiceClient *self,
             const char      *method,
             const char      *path,
             const char      *content_type,
             GBytes          *body)
{
  g_autofree char *uri = g_strconcat ("http://localhost", path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  if (msg == NULL)
    return NULL;
  if (self->token != NULL)
    pd_credential_set_header (soup_message_get_request_headers (msg), self->token);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  return msg;
}

/* The answer as JSON; a text the service makes (an export as CSV) as a
 * string node. */
static JsonNode *
parse_reply (SoupMessage  *msg,
             GBytes       *reply,
             GError      **error)
{
  guint status = soup_message_get_status (msg);
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);

  if (SOUP_STATUS_IS_SUCCESSFUL (status) && type != NULL && g_str_has_prefix (type, "text/"))
    {
      gsize len;
      const char *data = g_bytes_get_data (reply, &len);
      g_autofree char *text = g_strndup (data, len);
      JsonNode *node;

      if (!g_utf8_validate (text, -1, NULL) || strlen (text) != len)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INTERNAL, "portdeskd answered a text that is not UTF-8");
          return NULL;
        }
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
      return node;
    }
  return pd_client_decode_reply (status, reply, error);
}

typedef struct {
  SoupMessage       *msg;
  char              *token;   /* the token the request went with */
} CallData;

static void
call_data_free (CallData *c)
{
  g_clear_object (&c->msg);
  g_free (c->token);
  g_free (c);
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdServiceClient *self = g_task_get_source_object (task);
  CallData *call = g_task_get_task_data (task);
  SoupMessage *msg = call->msg;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  JsonNode *node;

  reply = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      service_unreachable (self);
      g_task_return_new_error (task, PD_ERROR, PD_ERROR_UNAVAILABLE,
                               "Cannot reach portdeskd: %s", error->message);
      return;
    }
  if (self->state != PD_SERVICE_STATE_CONNECTED)
    set_state (self, PD_SERVICE_STATE_CONNECTED);

  node = parse_reply (msg, reply, &error);
  if (node == NULL)
    {
      /* Only the current session ending matters, not a late answer to a
       * request made with a token that is gone already. */
      if (g_error_matches (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED) &&
          self->token != NULL && g_strcmp0 (call->token, self->token) == 0)
        g_signal_emit (self, signals[UNAUTHORIZED], 0);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

void
pd_service_client_call_async (PdServiceClient     *self,
                              const char          *method,
                              const char          *path,
                              JsonNode            *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    {
      char *s = pd_json_to_string (body, FALSE);
      bytes = g_bytes_new_take (s, strlen (s));
    }
  pd_service_client_call_bytes_async (self, method, path, "application/json", bytes, cancellable, callback,
                                      user_data);
}

void
pd_service_client_call_bytes_async (PdServiceClient     *self,
                                    const char          *method,
                                    const char          *path,
                                    const char          *content_type,
                                    GBytes              *bytes,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SoupMessage *msg;
  CallData *call;

  g_return_if_fail (PD_IS_SERVICE_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_service_client_call_async);
  call = g_new0 (CallData, 1);
  g_task_set_task_data (task, call, (GDestroyNotify) call_data_free);
  msg = new_message (self, method, path, content_type, bytes);
  if (msg == NULL)
    {
      g_task_return_new_error (task, PD_ERROR, PD_ERROR_INVALID, "Invalid request path %s", path);
      return;
    }
  call->msg = msg;
  call->token = g_strdup (self->token);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    call_cb, g_steal_pointer (&task));
}

JsonNode *
pd_service_client_call_finish (PdServiceClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

PdClient *
pd_service_client_new_blocking (PdServiceClient *self)
{
  PdClient *client;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), NULL);
  client = pd_client_new_unix (self->socket_path);
  if (self->token != NULL)
    pd_client_set_token (client, self->token);
  return client;
}

/* A fetch: the request, the answer and the work all in a worker thread,
 * with a blocking client of its own, so that a large answer never holds up
 * the main loop, not even to be read. */
typedef struct {
  PdClient          *client;
  char              *path;
  PdServiceWorkFunc  work;
  gpointer           work_data;
  GDestroyNotify     result_free;
  gboolean           unreachable;      /* set in the thread */
  gboolean           unauthenticated;
} FetchData;

static void
fetch_data_free (FetchData *f)
{
  g_object_unref (f->client);
  g_free (f->path);
  g_free (f);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *f = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;
  gpointer result;

  reply = pd_client_call_raw (f->client, "GET", f->path, NULL, NULL, &status, &error);
  f->unreachable = reply == NULL;
  if (reply != NULL)
    node = pd_client_decode_reply (status, reply, &error);
  f->unauthenticated = g_error_matches (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  if (node == NULL || g_task_return_error_if_cancelled (task))
    {
      if (node == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = f->work (node, f->work_data, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, f->result_free);
}

typedef struct {
  GAsyncReadyCallback callback;
  gpointer            user_data;
} FetchReply;

/* Back on the main thread: what the answer says of the service and the
 * session, as for a call. */
static void
fetch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PdServiceClient *self = PD_SERVICE_CLIENT (object);
  FetchReply *reply = user_data;
  FetchData *f = g_task_get_task_data (G_TASK (result));

  if (f->unreachable)
    service_unreachable (self);
  else if (self->state != PD_SERVICE_STATE_CONNECTED)
    set_state (self, PD_SERVICE_STATE_CONNECTED);
  /* only the current session ending matters (as for a call) */
  if (f->unauthenticated && self->token != NULL && g_strcmp0 (pd_client_get_token (f->client), self->token) == 0)
    g_signal_emit (self, signals[UNAUTHORIZED], 0);
  reply->callback (object, result, reply->user_data);
  g_free (reply);
}

void
pd_service_client_fetch_async (PdServiceClient     *self,
                               const char          *path,
                               PdServiceWorkFunc    work,
                               gpointer             work_data,
                               GDestroyNotify       result_free,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *f;
  FetchReply *reply;

  g_return_if_fail (PD_IS_SERVICE_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (work != NULL);

  f = g_new0 (FetchData, 1);
  f->client = pd_service_client_new_blocking (self);
  f->path = g_strdup (path);
  f->work = work;
  f->work_data = work_data;
  f->result_free = result_free;
  reply = g_new0 (FetchReply, 1);
  reply->callback = callback;
  reply->user_data = user_data;
  task = g_task_new (self, cancellable, fetch_done_cb, reply);
  g_task_set_source_tag (task, pd_service_client_fetch_async);
  g_task_set_task_data (task, f, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

gpointer
pd_service_client_fetch_finish (PdServiceClient  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- starting and watching the service ---------------------------------- */

static char *
find_daemon (void)
{
  const char *env = g_getenv ("PORTDESK_DAEMON");
  g_autofree char *exe = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  /* Beside the app: the build tree (src/app -> src/service) or the bindir. */
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      g_autofree char *build = g_build_filename (dir, "..", "service", "portdeskd", NULL);
      g_autofree char *beside = g_build_filename (dir, "portdeskd", NULL);

      if (g_file_test (build, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&build);
      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  {
    g_autofree char *installed = g_build_filename (PD_BINDIR, "portdeskd", NULL);

    if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
      return g_steal_pointer (&installed);
  }
  return g_find_program_in_path ("portdeskd");
}

static void
daemon_exited_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdServiceClient) self = user_data;
  GSubprocess *proc = G_SUBPROCESS (object);

  g_subprocess_wait_finish (proc, result, NULL);
  if (self->daemon == proc)
    {
      g_debug ("portdeskd we started has exited");
      g_clear_object (&self->daemon);
      service_unreachable (self);
    }
}

gboolean
pd_service_client_start_daemon (PdServiceClient  *self,
                                GError          **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), FALSE);

  if (self->daemon != NULL)
    return TRUE;
  path = find_daemon ();
  if (path == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAVAILABLE,
                           "portdeskd is not installed (set PORTDESK_DAEMON to its path)");
      return FALSE;
    }
  g_debug ("starting %s --socket %s", path, self->socket_path);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, error, path, "--socket", self->socket_path, NULL);
  if (proc == NULL)
    return FALSE;
  self->daemon = g_object_ref (proc);
  g_subprocess_wait_async (proc, NULL, daemon_exited_cb, g_object_ref (self));
  return TRUE;
}

void
pd_service_client_stop_daemon (PdServiceClient *self)
{
  g_return_if_fail (PD_IS_SERVICE_CLIENT (self));

  if (self->daemon != NULL)
    {
      /* A portdeskd we started goes with us; its data stays on disk. */
      g_debug ("stopping the portdeskd we started");
      g_subprocess_send_signal (self->daemon, SIGTERM);
      g_clear_object (&self->daemon);
    }
}

typedef struct {
  gint64  deadline;
  guint   poll_source;
  gboolean spawned;
} ConnectData;

static void
connect_data_free (ConnectData *d)
{
  /* a pending poll holds a ref on the task, so none is left here */
  g_free (d);
}

static void connect_probe (GTask *task);

static gboolean
connect_poll_cb (gpointer user_data)
{
  GTask *task = user_data;
  ConnectData *d = g_task_get_task_data (task);

  d->poll_source = 0;
  connect_probe (task);
  return G_SOURCE_REMOVE;
}

static void
connect_status_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdServiceClient *self = PD_SERVICE_CLIENT (object);
  ConnectData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = pd_service_client_call_finish (self, result, &error);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      set_state (self, PD_SERVICE_STATE_CONNECTED);
      g_task_return_pointer (task, json_object_ref (json_node_get_object (node)),
                             (GDestroyNotify) json_object_unref);
      return;
    }
  if (error == NULL)
    {
      g_task_return_new_error (task, PD_ERROR, PD_ERROR_INTERNAL,
                               "%s answers, but not with a portdeskd status", self->socket_path);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!g_error_matches (error, PD_ERROR, PD_ERROR_UNAVAILABLE))
    {
      /* Something answers on the socket but it is not a portdeskd we understand. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!d->spawned && self->autostart)
    {
      g_autoptr(GError) spawn_error = NULL;

      d->spawned = TRUE;
      if (!pd_service_client_start_daemon (self, &spawn_error))
        {
          g_task_return_error (task, g_steal_pointer (&spawn_error));
          return;
        }
    }
  else if (!d->spawned)
    {
      g_task_return_new_error (task, PD_ERROR, PD_ERROR_UNAVAILABLE,
                               "No portdeskd answers on %s", self->socket_path);
      return;
    }
  else if (self->daemon == NULL)
    {
      g_task_return_new_error (task, PD_ERROR, PD_ERROR_UNAVAILABLE,
                               "portdeskd stopped before it answered on %s", self->socket_path);
      return;
    }
  if (g_get_monotonic_time () > d->deadline)
    {
      g_task_return_new_error (task, PD_ERROR, PD_ERROR_UNAVAILABLE,
                               "portdeskd did not answer on %s in time", self->socket_path);
      return;
    }
  d->poll_source = g_timeout_add_full (G_PRIORITY_DEFAULT, POLL_INTERVAL_MS, connect_poll_cb,
                                       g_object_ref (task), g_object_unref);
  g_source_set_name_by_id (d->poll_source, "[pd] connect poll");
}

static void
connect_probe (GTask *task)
{
  PdServiceClient *self = g_task_get_source_object (task);

  pd_service_client_call_async (self, "GET", "/v1/status", NULL, g_task_get_cancellable (task),
                                connect_status_cb, g_object_ref (task));
}

void
pd_service_client_connect_async (PdServiceClient     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  ConnectData *d;

  g_return_if_fail (PD_IS_SERVICE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_service_client_connect_async);
  d = g_new0 (ConnectData, 1);
  d->deadline = g_get_monotonic_time () + STARTUP_TIMEOUT_US;
  g_task_set_task_data (task, d, (GDestroyNotify) connect_data_free);
  if (self->state != PD_SERVICE_STATE_CONNECTED)
    set_state (self, PD_SERVICE_STATE_CONNECTING);
  connect_probe (task);
  g_object_unref (task);
}

JsonObject *
pd_service_client_connect_finish (PdServiceClient  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(JsonNode) node = NULL;

  /* call_cb already moved the state either way */
  node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, NULL);
}

static void
probe (PdServiceClient *self)
{
  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();
  pd_service_client_call_async (self, "GET", "/v1/status", NULL, self->probe_cancellable, probe_cb, NULL);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  PdServiceClient *self = user_data;

  probe (self);
  return G_SOURCE_CONTINUE;
}

static void
schedule_reconnect (PdServiceClient *self)
{
  if (self->reconnect_source != 0)
    return;
  self->reconnect_source = g_timeout_add (RECONNECT_INTERVAL_MS, reconnect_cb, self);
  g_source_set_name_by_id (self->reconnect_source, "[pd] reconnect");
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  PdServiceClient *self = user_data;

  /* An open WebSocket already tells us when the service goes away. */
  if (self->events == NULL)
    probe (self);
  return G_SOURCE_CONTINUE;
}

static void
schedule_heartbeat (PdServiceClient *self)
{
  if (self->heartbeat_source != 0)
    return;
  self->heartbeat_source = g_timeout_add_seconds (HEARTBEAT_INTERVAL_S, heartbeat_cb, self);
  g_source_set_name_by_id (self->heartbeat_source, "[pd] heartbeat");
}

/* --- events ------------------------------------------------------------- */

static void
events_message_cb (SoupWebsocketConnection *conn,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  PdServiceClient *self = user_data;
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) error = NULL;
  const char *ev_type, *port = NULL;
  JsonNode *payload;
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  obj = pd_json_parse_object (data, len, &error);
  if (obj == NULL)
    {
      g_warning ("Ignoring an event that is not a JSON object: %s", error->message);
      return;
    }
  ev_type = json_object_get_string_member_with_default (obj, "type", NULL);
  if (ev_type == NULL || *ev_type == '\0')
    return;
  if (json_object_has_member (obj, "port") && !json_object_get_null_member (obj, "port"))
    port = json_object_get_string_member_with_default (obj, "port", NULL);
  payload = json_object_get_member (obj, "payload");
  g_debug ("event %s", ev_type);
  g_signal_emit (self, signals[EVENT], g_quark_from_string (ev_type), ev_type, port, payload);
}

static gboolean
events_retry_cb (gpointer user_data)
{
  PdServiceClient *self = user_data;

  self->events_retry_source = 0;
  if (self->want_events && self->events == NULL && self->state == PD_SERVICE_STATE_CONNECTED)
    events_connect (self);
  return G_SOURCE_REMOVE;
}

static void
events_closed_cb (SoupWebsocketConnection *conn,
                  gpointer                 user_data)
{
  PdServiceClient *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (conn);

  g_debug ("events closed (%u)", code);
  if (self->events == conn)
    {
      g_signal_handlers_disconnect_by_data (conn, self);
      g_clear_object (&self->events);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_CONNECTED]);
    }
  if (!self->want_events)
    return;
  if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    {
      g_signal_emit (self, signals[UNAUTHORIZED], 0);
      return;
    }
  /* Was it the service going away?  A probe tells; a live service gets
   * the WebSocket back shortly. */
  probe (self);
  if (self->events_retry_source == 0)
    self->events_retry_source = g_timeout_add (EVENTS_RETRY_MS, events_retry_cb, self);
}

static void
events_connect_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PdServiceClient *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (conn == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;   /* stop_events() already dropped the cancellable */
      /* this attempt is over: let the next one start */
      g_clear_object (&self->events_cancellable);
      g_debug ("events: %s", error->message);
      if (self->want_events && self->events_retry_source == 0)
        self->events_retry_source = g_timeout_add (EVENTS_RETRY_MS, events_retry_cb, self);
      probe (self);
      return;
    }
  g_clear_object (&self->events_cancellable);
  if (!self->want_events)
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (conn);
      return;
    }
  self->events = conn;
  soup_websocket_connection_set_keepalive_interval (conn, 15);
  g_signal_connect (conn, "message", G_CALLBACK (events_message_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (events_closed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_CONNECTED]);
}

static void
events_connect (PdServiceClient *self)
{
  g_autoptr(SoupMessage) msg = NULL;

  if (self->events != NULL || self->events_cancellable != NULL || self->token == NULL)
    return;
  msg = new_message (self, "GET", "/v1/events", NULL, NULL);
  self->events_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->events_cancellable, events_connect_cb, self);
}

void
pd_service_client_start_events (PdServiceClient *self)
{
  g_return_if_fail (PD_IS_SERVICE_CLIENT (self));

  self->want_events = TRUE;
  events_connect (self);
}

void
pd_service_client_stop_events (PdServiceClient *self)
{
  g_return_if_fail (PD_IS_SERVICE_CLIENT (self));

  self->want_events = FALSE;
  g_clear_handle_id (&self->events_retry_source, g_source_remove);
  if (self->events_cancellable != NULL)
    {
      g_cancellable_cancel (self->events_cancellable);
      g_clear_object (&self->events_cancellable);
    }
  if (self->events != NULL)
    {
      SoupWebsocketConnection *conn = g_steal_pointer (&self->events);

      g_signal_handlers_disconnect_by_data (conn, self);
      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (conn);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_CONNECTED]);
    }
}

gboolean
pd_service_client_get_events_connected (PdServiceClient *self)
{
  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), FALSE);
  return self->events != NULL;
}

/* --- object ------------------------------------------------------------- */

static void
pd_service_client_dispose (GObject *object)
{
  PdServiceClient *self = PD_SERVICE_CLIENT (object);

  pd_service_client_stop_events (self);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_handle_id (&self->heartbeat_source, g_source_remove);
  if (self->probe_cancellable != NULL)
    g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  pd_service_client_stop_daemon (self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (pd_service_client_parent_class)->dispose (object);
}

static void
pd_service_client_finalize (GObject *object)
{
  PdServiceClient *self = PD_SERVICE_CLIENT (object);

  g_clear_pointer (&self->socket_path, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  G_OBJECT_CLASS (pd_service_client_parent_class)->finalize (object);
}

static void
pd_service_client_constructed (GObject *object)
{
  PdServiceClient *self = PD_SERVICE_CLIENT (object);
  g_autoptr(GSocketAddress) addr = g_unix_socket_address_new (self->socket_path);

  G_OBJECT_CLASS (pd_service_client_parent_class)->constructed (object);
  self->session = soup_session_new_with_options ("remote-connectable", addr,
                                                 "timeout", 60,
                                                 "user-agent", "portdesk/" PACKAGE_VERSION,
                                                 NULL);
}

static void
pd_service_client_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdServiceClient *self = PD_SERVICE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SOCKET_PATH:
      g_value_set_string (value, self->socket_path);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_EVENTS_CONNECTED:
      g_value_set_boolean (value, self->events != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_service_client_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PdServiceClient *self = PD_SERVICE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SOCKET_PATH:
      self->socket_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_service_client_class_init (PdServiceClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pd_service_client_constructed;
  object_class->dispose = pd_service_client_dispose;
  object_class->finalize = pd_service_client_finalize;
  object_class->get_property = pd_service_client_get_property;
  object_class->set_property = pd_service_client_set_property;

  properties[PROP_SOCKET_PATH] =
    g_param_spec_string ("socket-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PD_TYPE_SERVICE_STATE, PD_SERVICE_STATE_CONNECTING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENTS_CONNECTED] =
    g_param_spec_boolean ("events-connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdServiceClient::event:
   * @type: the event type, also the signal detail
   * @port: (nullable): the port it concerns
   * @payload: (nullable): its payload
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, JSON_TYPE_NODE);
  /* The token was refused: the session ended or expired. */
  signals[UNAUTHORIZED] =
    g_signal_new ("unauthorized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_service_client_init (PdServiceClient *self)
{
  self->state = PD_SERVICE_STATE_CONNECTING;
  self->autostart = TRUE;
}

PdServiceClient *
pd_service_client_new (const char *socket_path)
{
  g_return_val_if_fail (socket_path != NULL, NULL);
  return g_object_new (PD_TYPE_SERVICE_CLIENT, "socket-path", socket_path, NULL);
}

const char *
pd_service_client_get_socket_path (PdServiceClient *self)
{
  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), NULL);
  return self->socket_path;
}

PdServiceState
pd_service_client_get_state (PdServiceClient *self)
{
  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), PD_SERVICE_STATE_CONNECTING);
  return self->state;
}

const char *
pd_service_client_get_token (PdServiceClient *self)
{
  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), NULL);
  return self->token;
}

void
pd_service_client_set_token (PdServiceClient *self,
                             const char      *token)
{
  g_return_if_fail (PD_IS_SERVICE_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
  if (token == NULL)
    pd_service_client_stop_events (self);
}

gboolean
pd_service_client_get_started_daemon (PdServiceClient *self)
{
  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (self), FALSE);
  return self->daemon != NULL;
}

void
pd_service_client_set_autostart (PdServiceClient *self,
                                 gboolean         autostart)
{
  g_return_if_fail (PD_IS_SERVICE_CLIENT (self));
  self->autostart = !!autostart;
}
