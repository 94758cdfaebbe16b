/* pd-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-client"

#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <libsoup/soup.h>

#include "pd-credential.h"
#include "pd-client.h"
#include "pd-error.h"
#include "pd-json.h"

struct _PdClient
{
  GObject      parent_instance;
  SoupSession *session;
  char        *base_url;
  char        *token;
};

G_DEFINE_FINAL_TYPE (PdClient, pd_client, G_TYPE_OBJECT)

static void
pd_client_finalize (GObject *object)
{
  PdClient *self = PD_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  G_OBJECT_CLASS (pd_client_parent_class)->finalize (object);
}

static void
pd_client_class_init (PdClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_client_finalize;
}

static void
pd_client_init (PdClient *self)
{
}

PdClient *
pd_client_new_unix (const char *socket_path)
{
  PdClient *self = g_object_new (PD_TYPE_CLIENT, NULL);
  g_autoptr(GSocketAddress) addr = g_unix_socket_address_new (socket_path);

  self->session = soup_session_new_with_options ("remote-connectable", addr,
                                                 "timeout", 120,
                                                 NULL);
  self->base_url = g_strdup ("http://localhost");
  return self;
}

PdClient *
pd_client_new_http (const char *base_url)
{
  PdClient *self = g_object_new (PD_TYPE_CLIENT, NULL);

  self->session = soup_session_new_with_options ("timeout", 120, NULL);
  self->base_url = g_strdup (base_url);
  if (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  return self;
}

void
pd_client_set_timeout (PdClient *self,
                       guint     seconds)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_object_set (self->session, "timeout", seconds, NULL);
}

void
pd_client_set_token (PdClient   *self,
                     const char *token)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_free (self->token);
  self->token = g_strdup (token);
}

const char *
pd_client_get_token (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), NULL);
  return self->token;
}

GBytes *
pd_client_call_raw (PdClient    *self,
                    const char  *method,
                    const char  *path,
                    const char  *content_type,
                    GBytes      *body,
                    guint       *out_status,
                    GError     **error)
{
  g_autofree char *uri = g_strconcat (self->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) local_error = NULL;

  if (msg == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Invalid request path %s", path);
      return NULL;
    }
  if (self->token != NULL)
    pd_credential_set_header (soup_message_get_request_headers (msg), self->token);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  reply = soup_session_send_and_read (self->session, msg, NULL, &local_error);
  if (reply == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_UNAVAILABLE, "Cannot reach portdeskd: %s", local_error->message);
      return NULL;
    }
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  return g_steal_pointer (&reply);
}

JsonNode *
pd_client_call_bytes (PdClient    *self,
                      const char  *method,
                      const char  *path,
                      const char  *content_type,
                      GBytes      *body,
                      GError     **error)
{
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  g_return_val_if_fail (PD_IS_CLIENT (self), NULL);

  reply = pd_client_call_raw (self, method, path, content_type, body, &status, error);
  if (reply == NULL)
    return NULL;
  return pd_client_decode_reply (status, reply, error);
}

JsonNode *
pd_client_call (PdClient    *self,
                const char  *method,
                const char  *path,
                JsonNode    *body,
                GError     **error)
{
  g_autoptr(GBytes) req = NULL;

  if (body != NULL)
    {
      char *s = pd_json_to_string (body, FALSE);
      req = g_bytes_new_take (s, strlen (s));
    }
  return pd_client_call_bytes (self, method, path, "application/json", req, error);
}

JsonNode *
pd_client_decode_reply (guint    status,
                        GBytes  *reply,
                        GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = reply != NULL ? g_bytes_get_data (reply, &len) : NULL;

  if (len > 0 && !json_parser_load_from_data (parser, data, len, NULL))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "portdeskd answered %u with a body that is not JSON", status);
      return NULL;
    }
  if (status < 200 || status >= 300)
    {
      JsonNode *root = json_parser_get_root (parser);
      JsonObject *err = NULL;

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
          json_object_has_member (json_node_get_object (root), "error"))
        err = json_object_get_object_member (json_node_get_object (root), "error");
      if (err != NULL)
        g_set_error_literal (error, PD_ERROR,
                             pd_error_code_from_name (json_object_get_string_member_with_default (err, "code", "internal")),
                             json_object_get_string_member_with_default (err, "message", "unknown error"));
      else
        g_set_error (error, PD_ERROR, pd_error_code_from_http (status), "portdeskd answered HTTP %u", status);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    return json_node_new (JSON_NODE_NULL);
  return json_node_copy (json_parser_get_root (parser));
}

/* pd_client_post (client, "/v1/x", &error, "name", G_TYPE_STRING, "bob", NULL) */
JsonNode *
pd_client_post (PdClient    *self,
                const char  *path,
                GError     **error,
                const char  *first_member,
                ...)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  va_list ap;

  json_builder_begin_object (b);
  va_start (ap, first_member);
  for (const char *m = first_member; m != NULL; m = va_arg (ap, const char *))
    {
      GType t = va_arg (ap, GType);

      json_builder_set_member_name (b, m);
      if (t == G_TYPE_STRING)
        {
          const char *s = va_arg (ap, const char *);
          if (s != NULL)
            json_builder_add_string_value (b, s);
          else
            json_builder_add_null_value (b);
        }
      else if (t == G_TYPE_INT64)
        json_builder_add_int_value (b, va_arg (ap, gint64));
      else if (t == G_TYPE_BOOLEAN)
        json_builder_add_boolean_value (b, va_arg (ap, gboolean));
      else
        g_assert_not_reached ();
    }
  va_end (ap);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  return pd_client_call (self, "POST", path, body, error);
}

void
pd_client_query_add (GString    *path,
                     const char *name,
                     const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (path, "%s=%s&", name, escaped);
}
