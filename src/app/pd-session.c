/* pd-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-session"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-error.h"
#include "pd-json.h"
#include "pd-session.h"

struct _PdSession
{
  GObject          parent_instance;

  PdServiceClient *client;
  PdTokenStore    *tokens;
  gboolean         ephemeral;
  GCancellable    *cancellable;

  PdSessionState   state;
  JsonObject      *user;
  PdRole           role;
  char            *last_username;
  char            *notice;
  char            *connect_error;
};

G_DEFINE_FINAL_TYPE (PdSession, pd_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (PdSession      *self,
           PdSessionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* @session is a /v1/session or /v1/login answer: {"user": {...}, ...} */
static void
set_user (PdSession  *self,
          JsonObject *session)
{
  JsonObject *user = pd_json_obj (session, "user");

  g_clear_pointer (&self->user, json_object_unref);
  self->role = PD_ROLE_NONE;
  if (user != NULL)
    {
      self->user = json_object_ref (user);
      self->role = pd_role_from_string (pd_json_str (user, "role"));
    }
}

static void
token_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean saving = GPOINTER_TO_INT (user_data);
  gboolean ok = saving ? pd_token_store_save_finish (PD_TOKEN_STORE (object), result, &error)
                       : pd_token_store_clear_finish (PD_TOKEN_STORE (object), result, &error);

  if (!ok)
    g_warning ("Cannot %s the session in the keyring: %s", saving ? "keep" : "remove", error->message);
}

static void
activate (PdSession *self)
{
  set_state (self, PD_SESSION_ACTIVE);
  pd_service_client_start_events (self->client);
}

/* The session is over (signed out, declined, or the service dropped it). */
static void
end (PdSession  *self,
     const char *notice)
{
  pd_service_client_stop_events (self->client);
  pd_service_client_set_token (self->client, NULL);
  if (!self->ephemeral)
    pd_token_store_clear_async (self->tokens, NULL, token_done_cb, GINT_TO_POINTER (FALSE));
  set_user (self, NULL);
  g_free (self->notice);
  self->notice = g_strdup (notice);
  set_state (self, PD_SESSION_SIGNED_OUT);
}

static void
unauthorized_cb (PdSession *self)
{
  if (self->user != NULL)
    end (self, _("Your session has ended. Sign in again."));
}

static void
session_check_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  /* a 401 already went through ::unauthorized */
  if (node == NULL)
    g_debug ("session check: %s", error->message);
}

/* Back after the service was away: is the session still good? */
static void
service_state_cb (PdSession *self)
{
  if (pd_service_client_get_state (self->client) == PD_SERVICE_STATE_CONNECTED && self->user != NULL)
    pd_service_client_call_async (self->client, "GET", "/v1/session", NULL, self->cancellable,
                                  session_check_cb, NULL);
}

/* --- starting ------------------------------------------------------------- */

/* After the password (or a restored session): what the session still owes. */
static void
follow (PdSession  *self,
        JsonObject *session)
{
  const char *due = pd_json_str (session, "second_factor");

  /* the service's order: a sign-in code, a password reset by an
   * administrator, enrolment, the rules */
  if (g_strcmp0 (due, "code") == 0)
    set_state (self, PD_SESSION_CODE);
  else if (pd_json_bool (session, "must_change_password"))
    set_state (self, PD_SESSION_PASSWORD);
  else if (g_strcmp0 (due, "enrol") == 0)
    set_state (self, PD_SESSION_ENROL);
  else if (pd_json_bool (session, "rules_accepted"))
    activate (self);
  else
    set_state (self, PD_SESSION_RULES);
}

static void
session_restored_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PdSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("stored session not usable: %s", error ? error->message : "no object");
      pd_service_client_set_token (self->client, NULL);
      pd_token_store_clear_async (self->tokens, NULL, token_done_cb, GINT_TO_POINTER (FALSE));
      set_state (self, PD_SESSION_SIGNED_OUT);
      return;
    }
  set_user (self, json_node_get_object (node));
  follow (self, json_node_get_object (node));
}

static void
token_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  g_autofree char *token = NULL;

  token = pd_token_store_lookup_finish (PD_TOKEN_STORE (object), result, &username, &error);
  g_free (self->last_username);
  self->last_username = g_steal_pointer (&username);
  if (token == NULL)
    {
      if (error != NULL)
        g_debug ("token lookup: %s", error->message);
      set_state (self, PD_SESSION_SIGNED_OUT);
      return;
    }
  pd_service_client_set_token (self->client, token);
  pd_service_client_call_async (self->client, "GET", "/v1/session", NULL, self->cancellable,
                                session_restored_cb, g_object_ref (self));
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PdSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) status = pd_service_client_connect_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (status == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_free (self->connect_error);
      self->connect_error = g_strdup (error->message);
      set_state (self, PD_SESSION_UNREACHABLE);
      return;
    }
  g_debug ("connected to %s %s", pd_json_str (status, "service"), pd_json_str (status, "version"));
  if (self->ephemeral)
    {
      set_state (self, PD_SESSION_SIGNED_OUT);
      return;
    }
  pd_token_store_lookup_async (self->tokens, self->cancellable, token_lookup_cb, g_object_ref (self));
}

void
pd_session_start (PdSession *self)
{
  g_return_if_fail (PD_IS_SESSION (self));

  g_clear_pointer (&self->connect_error, g_free);
  g_clear_pointer (&self->notice, g_free);
  set_state (self, PD_SESSION_CONNECTING);
  pd_service_client_connect_async (self->client, self->cancellable, connected_cb, g_object_ref (self));
}

/* --- signing in and out ------------------------------------------------------ */

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  JsonObject *obj = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *token = pd_json_str (obj, "token");

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (token == NULL)
    {
      g_task_return_new_error (task, PD_ERROR, PD_ERROR_INTERNAL, "%s", _("The service answered without a session."));
      return;
    }
  pd_service_client_set_token (self->client, token);
  set_user (self, obj);
  g_clear_pointer (&self->notice, g_free);
  if (!self->ephemeral && self->user != NULL)
    pd_token_store_save_async (self->tokens, pd_json_str (self->user, "username") ?: "", token, NULL,
                               token_done_cb, GINT_TO_POINTER (TRUE));
  follow (self, obj);
  g_task_return_boolean (task, TRUE);
}

/* POSTs {@first_name: value, ...} (NULL-terminated string pairs) to @path
 * for a task of @tag that @done completes. */
static void
post_for_task (PdSession           *self,
               gpointer             tag,
               const char          *path,
               GAsyncReadyCallback  done,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               const char          *first_name,
               ...)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  va_list ap;

  g_task_set_source_tag (task, tag);
  json_builder_begin_object (b);
  va_start (ap, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (ap, const char *))
    {
      json_builder_set_member_name (b, name);
      json_builder_add_string_value (b, va_arg (ap, const char *));
    }
  va_end (ap);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  pd_service_client_call_async (self->client, "POST", path, body, cancellable, done, task);
}

void
pd_session_sign_in_async (PdSession           *self,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (PD_IS_SESSION (self));

  post_for_task (self, pd_session_sign_in_async, "/v1/login", signed_in_cb, cancellable, callback, user_data,
                 "username", username, "password", password, NULL);
}

gboolean
pd_session_sign_in_finish (PdSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (node == NULL)
    g_debug ("logout: %s", error->message);
}

void
pd_session_sign_out (PdSession *self)
{
  g_return_if_fail (PD_IS_SESSION (self));

  if (pd_service_client_get_token (self->client) == NULL)
    return;
  /* The message carries the token; dropping it locally right after is safe. */
  pd_service_client_call_async (self->client, "POST", "/v1/logout", NULL, NULL, logout_cb, NULL);
  end (self, _("You are signed out."));
}

/* --- the second factor ------------------------------------------------------- */

static void
code_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (error == NULL)
        error = g_error_new (PD_ERROR, PD_ERROR_INTERNAL, "%s", _("The service answered without a session."));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_user (self, json_node_get_object (node));
  follow (self, json_node_get_object (node));
  g_task_return_boolean (task, TRUE);
}

void
pd_session_send_code_async (PdSession           *self,
                            const char          *code,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PD_IS_SESSION (self));

  /* a recovery code has letters (xxxxx-xxxxx); a code only digits */
  post_for_task (self, pd_session_send_code_async, "/v1/login/code", code_sent_cb, cancellable, callback, user_data,
                 strspn (code, "0123456789 ") == strlen (code) ? "code" : "recovery_code", code, NULL);
}

void
pd_session_change_password_async (PdSession           *self,
                                  const char          *current,
                                  const char          *new_password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PD_IS_SESSION (self));

  /* the answer is the session, as a code's: code_sent_cb follows it */
  post_for_task (self, pd_session_change_password_async, "/v1/me/password", code_sent_cb, cancellable, callback,
                 user_data, "old_password", current, "new_password", new_password, NULL);
}

gboolean
pd_session_change_password_finish (PdSession     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pd_session_enrolled (PdSession *self)
{
  g_return_if_fail (PD_IS_SESSION (self));
  if (self->state == PD_SESSION_ENROL)
    set_state (self, PD_SESSION_RULES);
}

/* --- the rules of behavior ---------------------------------------------------- */

static void
rules_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!JSON_NODE_HOLDS_OBJECT (node))
    g_task_return_new_error (task, PD_ERROR, PD_ERROR_INTERNAL, "%s", _("The service answered without the rules."));
  else
    g_task_return_pointer (task, json_object_ref (json_node_get_object (node)), (GDestroyNotify) json_object_unref);
}

void
pd_session_load_rules_async (PdSession           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PD_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_session_load_rules_async);
  pd_service_client_call_async (self->client, "GET", "/v1/rules", NULL, cancellable, rules_loaded_cb, task);
}

JsonObject *
pd_session_load_rules_finish (PdSession     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rules_answered_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdSession *self = g_task_get_source_object (task);
  gboolean accept = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  /* declining ends the session: a 401 means it already has */
  if (node == NULL && !(!accept && g_error_matches (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!accept)
    end (self, _("You declined the rules of behavior and were signed out."));
  else
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        set_user (self, json_node_get_object (node));
      if (self->user != NULL)
        activate (self);
      else
        end (self, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

void
pd_session_answer_rules_async (PdSession           *self,
                               gboolean             accept,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PD_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_session_answer_rules_async);
  g_task_set_task_data (task, GINT_TO_POINTER (accept), NULL);
  pd_service_client_call_async (self->client, "POST", accept ? "/v1/rules/accept" : "/v1/rules/decline", NULL,
                                cancellable, rules_answered_cb, task);
}

gboolean
pd_session_answer_rules_finish (PdSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- object ------------------------------------------------------------------ */

PdServiceClient *
pd_session_get_client (PdSession *self)
{
  return self->client;
}

PdTokenStore *
pd_session_get_tokens (PdSession *self)
{
  return self->tokens;
}

PdSessionState
pd_session_get_state (PdSession *self)
{
  return self->state;
}

JsonObject *
pd_session_get_user (PdSession *self)
{
  return self->user;
}

PdRole
pd_session_get_role (PdSession *self)
{
  return self->role;
}

const char *
pd_session_get_last_username (PdSession *self)
{
  return self->last_username;
}

const char *
pd_session_get_notice (PdSession *self)
{
  return self->notice;
}

const char *
pd_session_get_connect_error (PdSession *self)
{
  return self->connect_error;
}

static void
pd_session_dispose (GObject *object)
{
  PdSession *self = PD_SESSION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->tokens);
  G_OBJECT_CLASS (pd_session_parent_class)->dispose (object);
}

static void
pd_session_finalize (GObject *object)
{
  PdSession *self = PD_SESSION (object);

  g_clear_pointer (&self->user, json_object_unref);
  g_free (self->last_username);
  g_free (self->notice);
  g_free (self->connect_error);
  G_OBJECT_CLASS (pd_session_parent_class)->finalize (object);
}

static void
pd_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PdSession *self = PD_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_session_class_init (PdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_session_dispose;
  object_class->finalize = pd_session_finalize;
  object_class->get_property = pd_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, PD_SESSION_CONNECTING, PD_SESSION_ACTIVE, PD_SESSION_CONNECTING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_session_init (PdSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->state = PD_SESSION_CONNECTING;
}

PdSession *
pd_session_new (PdServiceClient *client,
                PdTokenStore    *tokens,
                gboolean         ephemeral)
{
  PdSession *self;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (PD_IS_TOKEN_STORE (tokens), NULL);

  self = g_object_new (PD_TYPE_SESSION, NULL);
  self->client = g_object_ref (client);
  self->tokens = g_object_ref (tokens);
  self->ephemeral = ephemeral;
  g_signal_connect_object (client, "unauthorized", G_CALLBACK (unauthorized_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::state", G_CALLBACK (service_state_cb), self, G_CONNECT_SWAPPED);
  return self;
}
