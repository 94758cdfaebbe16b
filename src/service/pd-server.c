/* pd-server.c
 *
 * Transport only: routing, authentication and the route's access
 * declaration, JSON in and out, status codes from the one error table,
 * size and content-type limits, and the /v1/events WebSocket.  Handlers
 * run in worker threads (the message is paused, a GTask runs, the answer
 * is set back on the main thread) so nothing slow blocks the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-server"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "pd-api.h"
#include "pd-conn-guard.h"
#include "pd-engine-face.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-json.h"
#include "pd-server.h"

#define EVENTS_PATH "/v1/events"
#define LISTEN_BACKLOG 256

typedef struct {
  SoupWebsocketConnection *conn;
  PdCaller                *caller;
} Subscriber;

struct _PdServer
{
  GObject     parent_instance;
  PdEngine   *engine;
  SoupServer *soup;
  PdConnGuard *guard;
  GPtrArray  *subscribers;     /* Subscriber*, main thread only */
  gulong      event_handler;
  char       *socket_path;
};

G_DEFINE_FINAL_TYPE (PdServer, pd_server, G_TYPE_OBJECT)

static void
subscriber_free (Subscriber *sub)
{
  g_signal_handlers_disconnect_by_data (sub->conn, sub);
  g_object_unref (sub->conn);
  pd_caller_free (sub->caller);
  g_free (sub);
}

static void
pd_server_dispose (GObject *object)
{
  PdServer *self = PD_SERVER (object);

  pd_server_shutdown (self);
  g_clear_signal_handler (&self->event_handler, self->engine);
  g_clear_pointer (&self->subscribers, g_ptr_array_unref);
  g_clear_pointer (&self->guard, pd_conn_guard_free);
  g_clear_object (&self->soup);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (pd_server_parent_class)->dispose (object);
}

static void
pd_server_finalize (GObject *object)
{
  PdServer *self = PD_SERVER (object);

  g_free (self->socket_path);
  G_OBJECT_CLASS (pd_server_parent_class)->finalize (object);
}

static void
pd_server_class_init (PdServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_server_dispose;
  object_class->finalize = pd_server_finalize;
}

static void
pd_server_init (PdServer *self)
{
  self->subscribers = g_ptr_array_new_with_free_func ((GDestroyNotify) subscriber_free);
}

/* --- the call object --------------------------------------------------- */

/* A photo's bytes and pixels are wiped when its request ends: nothing of a
 * capture outlives the request, even in freed memory. */
static void
wipe_photo (PdCall *call)
{
  if (call->raw_body != NULL)
    {
      gsize len;
      gpointer data = (gpointer) g_bytes_get_data (call->raw_body, &len);

      sodium_memzero (data, len);
    }
  if (call->photo != NULL)
    sodium_memzero (call->photo->rgb, (gsize) call->photo->width * call->photo->height * 3);
}

static void
pd_call_free (PdCall *call)
{
  if (call->route != NULL && (call->route->flags & PD_ROUTE_PHOTO))
    wipe_photo (call);
  g_clear_object (&call->engine);
  pd_caller_free (call->caller);
  g_clear_pointer (&call->path_params, g_hash_table_unref);
  g_clear_pointer (&call->query, g_hash_table_unref);
  g_clear_pointer (&call->body, json_object_unref);
  g_clear_pointer (&call->raw_body, g_bytes_unref);
  g_clear_pointer (&call->photo, pd_face_image_free);
  g_clear_pointer (&call->response, json_node_unref);
  g_clear_pointer (&call->raw_response, g_bytes_unref);
  g_free (call->raw_content_type);
  g_clear_error (&call->error);
  g_free (call);
}

void
pd_call_reply (PdCall   *call,
               guint     status,
               JsonNode *node)
{
  call->status = status;
  g_clear_pointer (&call->response, json_node_unref);
  call->response = node;
}

void
pd_call_reply_builder (PdCall      *call,
                       guint        status,
                       JsonBuilder *builder)
{
  pd_call_reply (call, status, json_builder_get_root (builder));
}

void
pd_call_fail (PdCall *call,
              GError *error)
{
  g_clear_error (&call->error);
  call->error = error;
}

void
pd_call_reply_raw (PdCall     *call,
                   const char *content_type,
                   GBytes     *bytes)
{
  call->status = 200;
  g_clear_pointer (&call->response, json_node_unref);
  g_clear_pointer (&call->raw_response, g_bytes_unref);
  call->raw_response = g_bytes_ref (bytes);
  g_free (call->raw_content_type);
  call->raw_content_type = g_strdup (content_type);
}

const char *
pd_call_param (PdCall     *call,
               const char *name)
{
  return call->path_params ? g_hash_table_lookup (call->path_params, name) : NULL;
}

const char *
pd_call_query (PdCall     *call,
               const char *name)
{
  return call->query ? g_hash_table_lookup (call->query, name) : NULL;
}

gboolean
pd_call_param_id (PdCall     *call,
                  const char *name,
                  const char *what,
                  gint64     *out)
{
  const char *text = pd_call_param (call, name);
  char *end = NULL;

  *out = text != NULL ? g_ascii_strtoll (text, &end, 10) : 0;
  if (text != NULL && end != text && *end == '\0' && *out > 0)
    return TRUE;
  pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "'%s' is not a %s number", text ? text : "", what));
  return FALSE;
}

gboolean
pd_call_query_int (PdCall     *call,
                   const char *name,
                   gint64      dflt,
                   gint64      min,
                   gint64      max,
                   gint64     *out)
{
  const char *s = pd_call_query (call, name);
  gint64 v;

  if (s == NULL || *s == '\0')
    {
      *out = dflt;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (s, 10, min, max, &v, NULL))
    {
      pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID,
                                       "Query parameter '%s' must be a whole number from %" G_GINT64_FORMAT
                                       " to %" G_GINT64_FORMAT, name, min, max));
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* --- routing ------------------------------------------------------------ */

static gboolean
match_path (const char  *pattern,
            const char  *path,
            GHashTable **out_params)
{
  g_auto(GStrv) p = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) s = g_strsplit (path, "/", -1);
  g_autoptr(GHashTable) params = NULL;
  guint i;

  if (g_strv_length (p) != g_strv_length (s))
    return FALSE;
  for (i = 0; p[i] != NULL; i++)
    {
      if (p[i][0] == '{')
        {
          g_autofree char *name = g_strndup (p[i] + 1, strlen (p[i]) - 2);
          g_autofree char *value = g_uri_unescape_string (s[i], NULL);

          if (value == NULL || *value == '\0')
            return FALSE;
          if (params == NULL)
            params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_insert (params, g_steal_pointer (&name), g_steal_pointer (&value));
        }
      else if (strcmp (p[i], s[i]) != 0)
        return FALSE;
    }
  if (out_params != NULL)
    *out_params = g_steal_pointer (&params);
  return TRUE;
}

static gboolean
is_tcp (SoupServerMessage *msg)
{
  return !G_IS_UNIX_SOCKET_ADDRESS (soup_server_message_get_local_address (msg));
}

static const PdRoute *
find_route (PdServer          *self,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable       **out_params,
            GError           **error)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean tcp = is_tcp (msg);
  gboolean test_mode = pd_clock_is_test_mode (pd_engine_get_clock (self->engine));
  gboolean path_known = FALSE;
  guint n;
  const PdRoute *routes = pd_api_routes (&n);

  for (guint i = 0; i < n; i++)
    {
      const PdRoute *r = &routes[i];

      if (tcp && !(r->flags & PD_ROUTE_PUBLIC))
        continue;
      if ((r->flags & PD_ROUTE_TEST) && !test_mode)
        continue;
      if (!match_path (r->path, path, NULL))
        continue;
      path_known = TRUE;
      if (strcmp (r->method, method) == 0)
        {
          match_path (r->path, path, out_params);
          return r;
        }
    }
  if (path_known)
    g_set_error (error, PD_ERROR, PD_ERROR_METHOD_NOT_ALLOWED, "Method %s is not allowed on %s", method, path);
  else
    g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No such endpoint: %s %s", method, path);
  return NULL;
}

/* The caller's credential, from the one header its listener takes: see
 * pd-credential.h.  NULL and no error when none was sent. */
static char *
credential (SoupServerMessage  *msg,
            gboolean            tcp,
            GError            **error)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (h, "Authorization");
  const char *key = soup_message_headers_get_one (h, "X-API-Key");

  if (tcp)
    {
      if (auth != NULL)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED,
                               "This listener takes an API key in the X-API-Key header, and nothing else");
          return NULL;
        }
      return key != NULL ? g_strstrip (g_strdup (key)) : NULL;
    }
  if (key != NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED,
                           "API keys are accepted only on the public intake listener");
      return NULL;
    }
  if (auth == NULL)
    return NULL;
  if (g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED,
                           "Send the session token as \"Authorization: Bearer TOKEN\"");
      return NULL;
    }
  return g_strstrip (g_strdup (auth + 7));
}

/* Decides whether @caller may use @route; audits every refusal. */
static gboolean
check_access (PdEngine       *engine,
              const PdRoute  *route,
              const char     *path,
              PdCaller       *caller,
              gboolean        tcp,
              GError        **error)
{
  g_autofree char *action = g_strdup_printf ("denied:%s %s", route->method, route->path);

  if (route->flags & PD_ROUTE_ANONYMOUS)
    return TRUE;
  if (tcp && caller->kind != PD_CALLER_APIKEY)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "This listener accepts API keys only");
      return FALSE;
    }
  if (!tcp && caller->kind == PD_CALLER_APIKEY)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED,
                           "API keys are accepted only on the public intake listener");
      return FALSE;
    }
  if (caller->kind == PD_CALLER_APIKEY)
    {
      if ((route->principals & PD_PRINCIPAL_BIT (caller->apikey->kind)) != 0)
        return TRUE;
      pd_engine_audit (engine, caller, action, path, NULL, "denied", NULL);
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "A %s API key may not call %s %s",
                   pd_principal_kind_to_string (caller->apikey->kind), route->method, route->path);
      return FALSE;
    }
  if (caller->kind != PD_CALLER_SESSION || (route->roles & PD_ROLE_BIT (pd_caller_role (caller))) == 0)
    {
      pd_engine_audit (engine, caller, action, path, NULL, "denied", NULL);
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Your role (%s) may not call %s %s",
                   pd_caller_role_name (caller), route->method, route->path);
      return FALSE;
    }
  /* a password an administrator reset (a one-time password) is changed
   * first: only that, the session, logging out and a sign-in code (the
   * one-time password alone does not get to choose the password) */
  if (caller->session->user->must_change_password && !(route->flags & PD_ROUTE_PRE_PASSWORD))
    {
      pd_engine_audit (engine, caller, action, path, "{\"reason\":\"password change pending\"}", "denied", NULL);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_PASSWORD_CHANGE,
                           "Your password was reset by an administrator: choose a new password first "
                           "(POST /v1/me/password)");
      return FALSE;
    }
  if (caller->session->factor != PD_FACTOR_DONE && !(route->flags & PD_ROUTE_PRE_FACTOR) &&
      !(caller->session->factor == PD_FACTOR_ENROL && caller->session->user->must_change_password))
    {
      gboolean enrol = caller->session->factor == PD_FACTOR_ENROL;

      pd_engine_audit (engine, caller, action, path, "{\"reason\":\"second factor pending\"}", "denied", NULL);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_SECOND_FACTOR,
                           enrol ? "Your role must sign in with two factors: set up two-factor sign-in first"
                                 : "Enter your two-factor sign-in code first");
      return FALSE;
    }
  if (caller->session->rules_accepted_at == 0 && !(route->flags & PD_ROUTE_PRE_RULES))
    {
      pd_engine_audit (engine, caller, action, path, "{\"reason\":\"rules pending\"}", "denied", NULL);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_RULES_NOT_ACCEPTED,
                           "Accept the rules of behavior before doing anything else");
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  PdCall            *call;
  char              *path;
  char              *token;
  GError            *token_error;
  char              *client;
  gboolean           tcp;
} Work;

static void
work_free (Work *w)
{
  if (w->call != NULL)
    pd_call_free (w->call);
  g_free (w->path);
  g_free (w->token);
  g_clear_error (&w->token_error);
  g_free (w->client);
  g_free (w);
}

gboolean
pd_call_parse_body (PdCall *call)
{
  GError *error = NULL;
  gsize len;
  const char *data;

  if (call->raw_body == NULL || call->body != NULL)
    return TRUE;
  data = g_bytes_get_data (call->raw_body, &len);
  call->body = pd_json_parse_object (data, len, &error);
  if (call->body == NULL)
    {
      pd_call_fail (call, error);
      return FALSE;
    }
  return TRUE;
}

static void
call_worker (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Work *w = task_data;
  PdCall *call = w->call;
  GError *error = NULL;

  if (call->route->flags & PD_ROUTE_ANONYMOUS)
    call->caller = pd_caller_new_anonymous (w->client);
  else if (w->token_error != NULL)
    {
      pd_call_fail (call, g_steal_pointer (&w->token_error));
      return;
    }
  else
    {
      call->caller = pd_engine_authenticate (call->engine, w->token, w->client, &error);
      if (call->caller == NULL)
        {
          pd_call_fail (call, error);
          return;
        }
    }
  if (!check_access (call->engine, call->route, w->path, call->caller, w->tcp, &error) ||
      (strcmp (call->route->method, "POST") == 0 &&
       !pd_engine_intake_allow (call->engine, call->caller, &call->retry_after_s, &error)))
    {
      pd_call_fail (call, error);
      return;
    }
  if (call->route->flags & PD_ROUTE_PHOTO)
    {
      g_autoptr(GError) local = NULL;

      if (call->raw_body != NULL)
        call->photo = pd_face_image_new_from_bytes (call->raw_body, &local);
      else
        local = g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "Send the photo as the request body");
      if (call->photo == NULL)
        {
          error = pd_face_error_to_pd (local);
          g_prefix_error (&error, "The photo cannot be used: ");
          pd_call_fail (call, error);
          return;
        }
    }
  else if (!(call->route->flags & (PD_ROUTE_RAW | PD_ROUTE_OWN_JSON)) && !pd_call_parse_body (call))
    return;
  call->route->handler (call);
  if (call->error == NULL && call->status == 0)
    call->status = 204;
  /* the answer's text is written here, not on the main loop */
  if (call->error == NULL && call->response != NULL && call->raw_response == NULL)
    {
      char *text = pd_json_to_string (call->response, FALSE);

      call->raw_response = g_bytes_new_take (text, strlen (text));
      call->raw_content_type = g_strdup ("application/json");
      g_clear_pointer (&call->response, json_node_unref);
    }
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          JsonNode          *node)
{
  g_autofree char *text = pd_json_to_string (node, FALSE);
  gsize len = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, g_steal_pointer (&text), len);
}

static void
respond_error (SoupServerMessage *msg,
               const GError      *error)
{
  g_autoptr(JsonNode) node = pd_json_error_new (error);
  PdErrorCode code = error->domain == PD_ERROR ? (PdErrorCode) error->code : PD_ERROR_INTERNAL;

  if (code == PD_ERROR_INTERNAL)
    g_warning ("internal error: %s", error->message);
  set_json (msg, pd_error_http_status (code), node);
}

static void
respond (SoupServerMessage *msg,
         PdCall            *call)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  /* One request per connection: see pd-conn-guard.c. */
  soup_message_headers_replace (h, "Connection", "close");
  soup_message_headers_replace (h, "Cache-Control", "no-store");
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  if (call->retry_after_s > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", call->retry_after_s);
      soup_message_headers_replace (h, "Retry-After", seconds);
    }
  if (call->error != NULL)
    respond_error (msg, call->error);
  else if (call->raw_response != NULL)
    {
      soup_server_message_set_status (msg, call->status, NULL);
      soup_message_headers_set_content_type (h, call->raw_content_type, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), call->raw_response);
    }
  else if (call->response != NULL)
    set_json (msg, call->status, call->response);
  else
    soup_server_message_set_status (msg, call->status, NULL);
}

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SoupServerMessage *msg = user_data;
  Work *w = g_task_get_task_data (G_TASK (result));

  respond (msg, w->call);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}

/* The largest body @route takes: none but on POST. */
static gsize
route_body_limit (PdServer      *self,
                  const PdRoute *route)
{
  const PdConfig *config = pd_engine_get_config (self->engine);

  if (route == NULL || strcmp (route->method, "POST") != 0)
    return 0;
  if (route->max_body > 0)
    return route->max_body;
  return (route->flags & PD_ROUTE_NOT_JSON) ? config->max_upload_bytes : config->max_body_bytes;
}

/* Runs when the headers are in, before any of the body is read: a body the
 * route does not take, or a larger one than it takes, is refused on what
 * the headers declare, and the connection closed unread. */
static void
early_callback (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  PdServer *self = user_data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (h);
  goffset len = encoding == SOUP_ENCODING_CONTENT_LENGTH ? soup_message_headers_get_content_length (h) : 0;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  const PdRoute *route;
  gsize limit;

  pd_conn_guard_headers_read (self->guard, msg);
  if (strcmp (path, EVENTS_PATH) == 0)   /* an upgrade keeps its connection */
    soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Connection");
  if (len == 0 && encoding != SOUP_ENCODING_CHUNKED)
    return;

  route = strcmp (path, EVENTS_PATH) == 0 ? NULL : find_route (self, msg, path, NULL, &error);
  limit = route_body_limit (self, route);
  if (error == NULL && encoding == SOUP_ENCODING_CHUNKED)
    error = g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "Chunked request bodies are not accepted; send Content-Length");
  if (error == NULL && limit == 0)
    error = g_error_new (PD_ERROR, PD_ERROR_INVALID, "%s %s takes no request body", method, path);
  if (error == NULL && len > (goffset) limit)
    error = g_error_new (PD_ERROR, PD_ERROR_TOO_LARGE, "The request body is larger than %" G_GSIZE_FORMAT " bytes", limit);
  if (error == NULL)
    return;
  node = pd_json_error_new (error);
  json = pd_json_to_string (node, FALSE);
  pd_conn_guard_refuse (msg, pd_error_http_status (error->code), json);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  PdServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GTask) task = NULL;
  const PdRoute *route;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  Work *w;

  route = find_route (self, msg, path, &params, &error);
  if (route == NULL)
    {
      respond_error (msg, error);
      return;
    }
  if (body->length > (goffset) route_body_limit (self, route))
    {
      error = g_error_new_literal (PD_ERROR, PD_ERROR_TOO_LARGE, "The request body is too large");
      respond_error (msg, error);
      return;
    }
  /* the body's type: a photo's for photo routes, JSON but for raw ones */
  if (body->length > 0 && !(route->flags & PD_ROUTE_RAW))
    {
      const char *ct = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
      gboolean photo = (route->flags & PD_ROUTE_PHOTO) != 0;

      if (photo ? g_strcmp0 (ct, "image/jpeg") != 0 && g_strcmp0 (ct, "image/png") != 0
                : g_strcmp0 (ct, "application/json") != 0)
        {
          error = g_error_new_literal (PD_ERROR, PD_ERROR_UNSUPPORTED_MEDIA,
                                       photo ? "Send the photo as image/jpeg or image/png"
                                             : "Send the request body as application/json");
          respond_error (msg, error);
          return;
        }
    }

  w = g_new0 (Work, 1);
  w->call = g_new0 (PdCall, 1);
  w->call->engine = g_object_ref (self->engine);
  w->call->route = route;
  w->call->path_params = g_steal_pointer (&params);
  w->call->query = query != NULL ? g_hash_table_ref (query) : NULL;
  if (body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      w->call->raw_body = g_bytes_ref (bytes);
    }
  w->path = g_strdup (path);
  w->tcp = is_tcp (msg);
  w->token = credential (msg, w->tcp, &w->token_error);
  w->client = pd_conn_guard_client (msg);

  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, call_done, g_object_ref (msg));
  g_task_set_source_tag (task, server_callback);
  g_task_set_task_data (task, w, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, call_worker);
}

/* --- events ------------------------------------------------------------- */

/* {"type": ..., "port": ... or null, "payload": {...}} */
static char *
event_message (const char *type,
               const char *port,
               JsonNode   *payload)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "port");
  if (port != NULL)
    json_builder_add_string_value (b, port);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "payload");
  if (payload != NULL)
    json_builder_add_value (b, json_node_copy (payload));
  else
    {
      json_builder_begin_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return pd_json_to_string (root, FALSE);
}

static void
subscriber_closed (SoupWebsocketConnection *conn,
                   gpointer                 user_data)
{
  Subscriber *sub = user_data;
  PdServer *self = g_object_get_data (G_OBJECT (conn), "pd-server");

  if (self != NULL && self->subscribers != NULL)
    g_ptr_array_remove_fast (self->subscribers, sub);
}

static void
websocket_callback (SoupServer              *server,
                    SoupServerMessage       *msg,
                    const char              *path,
                    SoupWebsocketConnection *conn,
                    gpointer                 user_data)
{
  PdServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = credential (msg, is_tcp (msg), &error);
  g_autofree char *client = pd_conn_guard_client (msg);
  static const PdRoute events_route = {
    "GET", EVENTS_PATH, PD_ROUTE_PUBLIC, PD_ROLES_ALL, PD_PRINCIPALS_ALL, NULL
  };
  PdCaller *caller;
  Subscriber *sub;

  caller = error == NULL ? pd_engine_authenticate (self->engine, token, client, &error) : NULL;
  if (caller == NULL || !check_access (self->engine, &events_route, path, caller, is_tcp (msg), &error))
    {
      pd_caller_free (caller);
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, error->message);
      return;
    }
  pd_conn_guard_keep_open (self->guard, msg);
  soup_websocket_connection_set_keepalive_interval (conn, 30);
  sub = g_new0 (Subscriber, 1);
  sub->conn = g_object_ref (conn);
  sub->caller = caller;
  g_object_set_data (G_OBJECT (conn), "pd-server", self);
  g_signal_connect (conn, "closed", G_CALLBACK (subscriber_closed), sub);
  g_ptr_array_add (self->subscribers, sub);
  {
    g_autofree char *hello = event_message (PD_EVENT_HELLO, NULL, NULL);
    soup_websocket_connection_send_text (conn, hello);
  }
  pd_engine_audit (self->engine, caller, "events.subscribe", NULL, NULL, "ok", NULL);
}

typedef struct {
  PdServer *server;
  char     *type;
  char     *port;
  guint     roles;
  char     *principal;
  JsonNode *payload;
} PendingEvent;

static void
pending_event_free (PendingEvent *ev)
{
  g_object_unref (ev->server);
  g_free (ev->type);
  g_free (ev->port);
  g_free (ev->principal);
  json_node_unref (ev->payload);
  g_free (ev);
}

static gboolean
subscriber_wants (Subscriber   *sub,
                  PendingEvent *ev)
{
  PdCaller *c = sub->caller;
  PdRole role;

  if (c->kind == PD_CALLER_APIKEY)
    return ev->principal != NULL && g_strcmp0 (ev->principal, c->apikey->key_id) == 0;
  if (c->kind != PD_CALLER_SESSION)
    return FALSE;
  if (c->session->rules_accepted_at == 0)
    return FALSE;
  role = c->session->user->role;
  if ((ev->roles & PD_ROLE_BIT (role)) == 0)
    return FALSE;
  return ev->port == NULL || c->session->user->port == NULL || g_strcmp0 (ev->port, c->session->user->port) == 0;
}

static gboolean
deliver_event (gpointer data)
{
  PendingEvent *ev = data;
  PdServer *self = ev->server;
  g_autofree char *text = NULL;

  if (self->subscribers == NULL)
    return G_SOURCE_REMOVE;
  text = event_message (ev->type, ev->port, ev->payload);
  for (guint i = 0; i < self->subscribers->len; i++)
    {
      Subscriber *sub = g_ptr_array_index (self->subscribers, i);

      if (soup_websocket_connection_get_state (sub->conn) == SOUP_WEBSOCKET_STATE_OPEN && subscriber_wants (sub, ev))
        soup_websocket_connection_send_text (sub->conn, text);
    }
  return G_SOURCE_REMOVE;
}

static void
on_engine_event (PdEngine   *engine,
                 const char *type,
                 const char *port,
                 guint       roles,
                 const char *principal,
                 JsonNode   *payload,
                 gpointer    user_data)
{
  PendingEvent *ev = g_new0 (PendingEvent, 1);
  /* a deep copy: json_node_copy shares the node's object, and json-glib's
   * reference counts are not atomic (the emitter's thread dropping its
   * reference while the main loop drops the copy's lost a count: a
   * json_object_unref CRITICAL under load, and an object freed in use) */
  g_autofree char *text = pd_json_to_string (payload, FALSE);

  ev->server = g_object_ref (user_data);
  ev->type = g_strdup (type);
  ev->port = g_strdup (port);
  ev->roles = roles;
  ev->principal = g_strdup (principal);
  ev->payload = json_from_string (text, NULL);   /* the emitter's thread keeps its own */
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, deliver_event, ev, (GDestroyNotify) pending_event_free);
}

/* --- listening ---------------------------------------------------------- */

PdServer *
pd_server_new (PdEngine *engine)
{
  PdServer *self = g_object_new (PD_TYPE_SERVER, NULL);
  const PdConfig *config = pd_engine_get_config (engine);
  g_autofree char *header = g_strdup_printf ("portdeskd/%s", PACKAGE_VERSION);

  self->engine = g_object_ref (engine);
  self->soup = soup_server_new ("server-header", header, NULL);
  self->guard = pd_conn_guard_new (self->soup, &(PdConnLimits) {
    .request_timeout_s = config->request_timeout_s,
    .idle_timeout_s = config->idle_timeout_s,
    .max_connections = config->max_connections,
    .max_per_client = config->max_connections_per_client,
  });
  soup_server_add_early_handler (self->soup, NULL, early_callback, self, NULL);
  soup_server_add_early_handler (self->soup, EVENTS_PATH, early_callback, self, NULL);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);
  soup_server_add_websocket_handler (self->soup, EVENTS_PATH, NULL, NULL, websocket_callback, self, NULL);
  self->event_handler = g_signal_connect (engine, "event", G_CALLBACK (on_engine_event), self);
  return self;
}

gboolean
pd_server_listen_unix (PdServer    *self,
                       const char  *socket_path,
                       GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (socket_path);
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) addr = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "Cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  /* A stale socket from a crashed run: remove it only if nobody answers. */
  if (g_file_test (socket_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GSocketClient) probe = g_socket_client_new ();
      g_autoptr(GSocketAddress) probe_addr = g_unix_socket_address_new (socket_path);
      g_autoptr(GSocketConnection) conn = g_socket_client_connect (probe, G_SOCKET_CONNECTABLE (probe_addr), NULL, NULL);

      if (conn != NULL)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Another portdeskd is already listening on %s", socket_path);
          return FALSE;
        }
      g_unlink (socket_path);
    }
  sock = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (sock == NULL)
    return FALSE;
  addr = g_unix_socket_address_new (socket_path);
  {
    mode_t old = umask (0177);
    gboolean ok = g_socket_bind (sock, addr, FALSE, error);
    umask (old);
    if (!ok)
      return FALSE;
  }
  g_socket_set_listen_backlog (sock, LISTEN_BACKLOG);
  if (g_chmod (socket_path, 0600) != 0 || !g_socket_listen (sock, error))
    return FALSE;
  if (!pd_conn_guard_listen (self->guard, sock, error))
    return FALSE;
  self->socket_path = g_strdup (socket_path);
  return TRUE;
}

gboolean
pd_server_listen_tcp (PdServer    *self,
                      const char  *address,
                      guint       *out_port,
                      GError     **error)
{
  g_autoptr(GSocketConnectable) conn = NULL;
  g_autoptr(GSocketAddressEnumerator) en = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GSocket) sock = NULL;

  conn = g_network_address_parse (address, 0, error);
  if (conn == NULL)
    return FALSE;
  en = g_socket_connectable_enumerate (conn);
  addr = g_socket_address_enumerator_next (en, NULL, error);
  if (addr == NULL)
    return FALSE;
  if (!g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr))))
    g_warning ("the public intake listener is bound to %s, which is not a loopback address", address);
  /* our own socket rather than soup_server_listen's: a burst of clients
   * must not overflow GSocket's default backlog of 10 */
  sock = g_socket_new (g_socket_address_get_family (addr), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (sock == NULL)
    return FALSE;
  g_socket_set_listen_backlog (sock, LISTEN_BACKLOG);
  if (!g_socket_bind (sock, addr, TRUE, error) || !g_socket_listen (sock, error) ||
      !pd_conn_guard_listen (self->guard, sock, error))
    return FALSE;
  if (out_port != NULL)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (sock, error);

      if (local == NULL)
        return FALSE;
      *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  return TRUE;
}

void
pd_server_shutdown (PdServer *self)
{
  if (self->subscribers != NULL)
    {
      for (guint i = 0; i < self->subscribers->len; i++)
        {
          Subscriber *sub = g_ptr_array_index (self->subscribers, i);
          if (soup_websocket_connection_get_state (sub->conn) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_close (sub->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "portdeskd is stopping");
        }
    }
  if (self->guard != NULL)
    pd_conn_guard_stop (self->guard);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  if (self->socket_path != NULL)
    {
      g_unlink (self->socket_path);
      g_clear_pointer (&self->socket_path, g_free);
    }
}

guint
pd_server_get_n_subscribers (PdServer *self)
{
  return self->subscribers->len;
}
