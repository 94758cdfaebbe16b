/* pd-api-accounts.c: users, entitlements, API keys, demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-engine-accounts.h"
#include "pd-engine-tsa.h"
#include "pd-engine-tvs.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-throttle.h"

#define ADMIN       PD_ROLE_BIT (PD_ROLE_ADMIN)
#define SUPERVISORS (PD_ROLE_BIT (PD_ROLE_ADMIN) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR))
#define HOLDERS     (PD_ROLES_OFFICERS & ~PD_ROLE_BIT (PD_ROLE_AG_SPECIALIST))

static void
reply_user (PdCall *call,
            guint   status,
            PdUser *user)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  pd_api_add_user (b, user);
  pd_call_reply_builder (call, status, b);
}

static gint64
user_cursor (gconstpointer row)
{
  return ((const PdUser *) row)->id;
}

static void
handle_user_list (PdCall *call)
{
  g_autoptr(GPtrArray) users = NULL;
  gint64 after, limit;
  GError *error = NULL;

  const char *role = pd_call_query (call, "role");
  PdUserFilter filter = { pd_call_query (call, "q"), PD_ROLE_NONE, pd_call_query (call, "status") };

  if (!pd_call_query_int (call, "cursor", 0, 0, G_MAXINT64, &after) ||
      !pd_call_query_int (call, "limit", 100, 1, 1000, &limit))
    return;
  if (role != NULL && *role != '\0' && (filter.role = pd_role_from_string (role)) == PD_ROLE_NONE)
    {
      pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "Unknown role '%s'", role));
      return;
    }
  if (filter.q != NULL && *filter.q == '\0')
    filter.q = NULL;
  if (filter.status != NULL && *filter.status == '\0')
    filter.status = NULL;
  users = pd_engine_user_list (call->engine, call->caller, &filter, after, limit, &error);
  pd_call_reply_items (call, users, error, (PdApiAddFunc) pd_api_add_user, limit, user_cursor);
}

/* @user, with @one_time (when the service chose it) as "one_time_password":
 * the only time it is ever said. */
static void
add_user_with_password (JsonBuilder  *b,
                        const PdUser *user,
                        const char   *one_time)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  pd_api_add_user (b, user);
  pd_json_builder_add_string (b, "one_time_password", one_time);
  json_builder_end_object (b);
}

static void
handle_user_create (PdCall *call)
{
  static const char * const allowed[] = { "username", "display_name", "email", "role", "port", "password", NULL };
  const char *username = NULL, *display = NULL, *email = NULL, *role = NULL, *port = NULL, *password = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(PdUser) user = NULL;
  g_autofree char *one_time = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "username", TRUE, 64, &username, &error) ||
      !pd_json_get_string (call->body, "display_name", FALSE, 128, &display, &error) ||
      !pd_json_get_string (call->body, "email", TRUE, 254, &email, &error) ||
      !pd_json_get_string (call->body, "role", TRUE, 32, &role, &error) ||
      !pd_json_get_string (call->body, "port", FALSE, 16, &port, &error) ||
      !pd_json_get_string (call->body, "password", FALSE, 256, &password, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  /* without a password, the service chooses a one-time one, answered once */
  user = pd_engine_user_create (call->engine, call->caller, username, display, email,
                                pd_role_from_string (role), port, password, &one_time, &error);
  if (user == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  add_user_with_password (b, user, one_time);
  pd_call_reply_builder (call, 201, b);
}

/* One user for the admin: with the date of birth and plate that no other
 * view shows. */
static void
handle_user_get (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(PdUser) user = pd_engine_user_get (call->engine, call->caller, pd_call_param (call, "name"), &error);
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  if (user == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  pd_api_add_user_profile (b, user);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_user_role (PdCall *call)
{
  static const char * const allowed[] = { "role", "port", NULL };
  const char *role = NULL, *port = NULL;
  g_autoptr(PdUser) user = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "role", TRUE, 32, &role, &error) ||
      !pd_json_get_string (call->body, "port", FALSE, 16, &port, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  user = pd_engine_user_set_role (call->engine, call->caller, pd_call_param (call, "name"),
                                  pd_role_from_string (role), port, &error);
  if (user == NULL)
    pd_call_fail (call, error);
  else
    reply_user (call, 200, user);
}

static void
set_disabled (PdCall   *call,
              gboolean  disabled)
{
  static const char * const allowed[] = { "reason", NULL };
  const char *reason = NULL;
  g_autoptr(PdUser) user = NULL;
  GError *error = NULL;

  if (call->body != NULL &&
      (!pd_json_check_members (call->body, allowed, &error) ||
       !pd_json_get_string (call->body, "reason", FALSE, 500, &reason, &error)))
    {
      pd_call_fail (call, error);
      return;
    }
  user = pd_engine_user_set_disabled (call->engine, call->caller, pd_call_param (call, "name"), disabled, reason,
                                      &error);
  if (user == NULL)
    pd_call_fail (call, error);
  else
    reply_user (call, 200, user);
}

static void
handle_user_disable (PdCall *call)
{
  set_disabled (call, TRUE);
}

static void
handle_user_enable (PdCall *call)
{
  set_disabled (call, FALSE);
}

/* A shift hour member: absent -2 (unchanged), null -1 (none), else 0..23. */
static gboolean
get_hour (JsonObject  *body,
          const char  *member,
          gint        *out,
          GError     **error)
{
  gint64 v;

  *out = -2;
  if (body == NULL || !json_object_has_member (body, member))
    return TRUE;
  if (json_object_get_null_member (body, member))
    {
      *out = -1;
      return TRUE;
    }
  if (!pd_json_get_int (body, member, TRUE, 0, 23, &v, error))
    return FALSE;
  *out = (gint) v;
  return TRUE;
}

static void
handle_user_profile (PdCall *call)
{
  static const char * const allowed[] = { "birth_date", "plate", "shift_start", "shift_end", NULL };
  const char *birth_date = NULL, *plate = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(PdUser) user = NULL;
  GError *error = NULL;
  gint start, end;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "birth_date", FALSE, 10, &birth_date, &error) ||
      !pd_json_get_string (call->body, "plate", FALSE, 16, &plate, &error) ||
      !get_hour (call->body, "shift_start", &start, &error) ||
      !get_hour (call->body, "shift_end", &end, &error) ||
      (user = pd_engine_user_set_profile (call->engine, call->caller, pd_call_param (call, "name"), birth_date,
                                          plate, start, end, &error)) == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  pd_api_add_user_profile (b, user);
  pd_call_reply_builder (call, 200, b);
}

/* A reset: the service chooses a one-time password and answers it once. */
static void
handle_user_password (PdCall *call)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(PdUser) user = NULL;
  g_autofree char *password = NULL;
  GError *error = NULL;

  if (call->body != NULL && json_object_has_member (call->body, "password"))
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID,
                                               "The service chooses the one-time password of a reset; send no "
                                               "'password'"));
      return;
    }
  if ((call->body != NULL && !pd_json_check_members (call->body, allowed, &error)) ||
      (user = pd_engine_user_reset_password (call->engine, call->caller, pd_call_param (call, "name"), &password,
                                             &error)) == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  add_user_with_password (b, user, password);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_port_list (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_list_ports (call->engine, call->caller, &error);

  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, 0, NULL);
}

static void
handle_user_sessions (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_user_sessions (call->engine, call->caller, pd_call_param (call, "name"),
                                                       &error);

  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, 0, NULL);
}

/* {"id": N} ends one session, {"all": true} every one. */
static void
handle_user_sessions_end (PdCall *call)
{
  static const char * const allowed[] = { "id", "all", NULL };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  gboolean all = FALSE;
  gint64 id = 0;
  guint n = 0;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_int (call->body, "id", FALSE, 1, G_MAXINT64, &id, &error) ||
      !pd_json_get_bool (call->body, "all", FALSE, &all, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  if ((id > 0) == all)
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID,
                                               "Give either a session's 'id' or \"all\": true"));
      return;
    }
  if (!pd_engine_user_end_sessions (call->engine, call->caller, pd_call_param (call, "name"), id, &n, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  pd_json_builder_add_int (b, "ended", n);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
add_entitlement (JsonBuilder         *b,
                 const PdEntitlement *e)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, e->id);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, e->username);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, e->kind);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, pd_entitlement_status_to_string (e->status));
  json_builder_set_member_name (b, "training_date");
  json_builder_add_string_value (b, e->training_date);
  pd_json_builder_add_time (b, "requested_at", e->requested_at);
  pd_json_builder_add_time (b, "supervisor_approved_at", e->supervisor_at);
  pd_json_builder_add_time (b, "system_owner_approved_at", e->owner_at);
  pd_json_builder_add_time (b, "granted_at", e->granted_at);
  pd_json_builder_add_time (b, "expires_at", e->expires_at);
  pd_json_builder_add_string (b, "denied_reason", e->denied_reason);
  pd_json_builder_add_string (b, "requested_by", e->requested_by_name);
  pd_json_builder_add_string (b, "supervisor", e->supervisor_name);
  pd_json_builder_add_string (b, "system_owner", e->owner_name);
  pd_json_builder_add_string (b, "denied_by", e->denied_by_name);
  pd_json_builder_add_time (b, "denied_at", e->denied_at);
  pd_json_builder_add_time (b, "notice_acknowledged_at", e->notice_at);
  if (e->status == PD_ENTITLEMENT_ACTIVE)
    {
      g_autofree char *next = pd_quarter_of (pd_entitlement_next_review (e));

      pd_json_builder_add_string (b, "next_recertification", next);
      pd_json_builder_add_time (b, "lapses_at", pd_entitlement_lapses_at (e));
    }
  json_builder_end_object (b);
}

static void
reply_entitlement (PdCall        *call,
                   guint          status,
                   PdEntitlement *e)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  add_entitlement (b, e);
  pd_call_reply_builder (call, status, b);
}

/* ?status=pending|active|lapsed|denied narrows the list (the approvals queue). */
static void
handle_entitlement_list (PdCall *call)
{
  static const char * const statuses[] = { "pending", "active", "lapsed", "denied", NULL };
  const char *status = pd_call_query (call, "status");
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;

  if (status != NULL && !g_strv_contains (statuses, status))
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID,
                                               "status must be pending, active, lapsed or denied"));
      return;
    }
  list = pd_engine_entitlement_list (call->engine, call->caller, &error);
  for (guint i = list != NULL ? list->len : 0; status != NULL && i > 0; i--)
    {
      const PdEntitlement *e = g_ptr_array_index (list, i - 1);

      if (g_strcmp0 (pd_entitlement_status_to_string (e->status), status) != 0)
        g_ptr_array_remove_index (list, i - 1);
    }
  pd_call_reply_items (call, list, error, (PdApiAddFunc) add_entitlement, 0, NULL);
}

static void
handle_entitlement_request (PdCall *call)
{
  static const char * const allowed[] = { "username", "kind", "training_date", NULL };
  const char *username = NULL, *kind = "lpr", *training = NULL;
  g_autoptr(PdEntitlement) e = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "username", TRUE, 64, &username, &error) ||
      !pd_json_get_string (call->body, "kind", FALSE, 16, &kind, &error) ||
      !pd_json_get_string (call->body, "training_date", TRUE, 10, &training, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  e = pd_engine_entitlement_request (call->engine, call->caller, username, kind, training, &error);
  if (e == NULL)
    pd_call_fail (call, error);
  else
    reply_entitlement (call, 201, e);
}

static void
handle_entitlement_approve (PdCall *call)
{
  static const char * const allowed[] = { "level", NULL };
  const char *level = NULL;
  g_autoptr(PdEntitlement) e = NULL;
  GError *error = NULL;
  gint64 id;

  if (!g_ascii_string_to_signed (pd_call_param (call, "id"), 10, 1, G_MAXINT64, &id, NULL))
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_NOT_FOUND, "No such entitlement request"));
      return;
    }
  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "level", TRUE, 16, &level, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  e = pd_engine_entitlement_approve (call->engine, call->caller, id, level, &error);
  if (e == NULL)
    pd_call_fail (call, error);
  else
    reply_entitlement (call, 200, e);
}

static void
handle_entitlement_deny (PdCall *call)
{
  static const char * const allowed[] = { "reason", NULL };
  const char *reason = NULL;
  g_autoptr(PdEntitlement) e = NULL;
  GError *error = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "entitlement request", &id))
    return;
  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "reason", TRUE, 500, &reason, &error) ||
      (e = pd_engine_entitlement_deny (call->engine, call->caller, id, reason, &error)) == NULL)
    pd_call_fail (call, error);
  else
    reply_entitlement (call, 200, e);
}

static void
handle_entitlement_recertify (PdCall *call)
{
  static const char * const allowed[] = { "note", NULL };
  const char *note = NULL;
  g_autoptr(PdEntitlement) e = NULL;
  GError *error = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "entitlement", &id))
    return;
  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "note", FALSE, 1000, &note, &error) ||
      (e = pd_engine_entitlement_recertify (call->engine, call->caller, id, note, &error)) == NULL)
    pd_call_fail (call, error);
  else
    reply_entitlement (call, 200, e);
}

static void
handle_recertifications (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_recertifications (call->engine, call->caller, pd_call_query (call, "quarter"),
                                                          &error);

  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, 0, NULL);
}

static void
handle_entitlement_acknowledge (PdCall *call)
{
  g_autoptr(PdEntitlement) e = NULL;
  GError *error = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "entitlement", &id))
    return;
  if ((e = pd_engine_entitlement_acknowledge (call->engine, call->caller, id, &error)) == NULL)
    pd_call_fail (call, error);
  else
    reply_entitlement (call, 200, e);
}

static void
add_apikey (JsonBuilder    *b,
            const PdApiKey *k,
            const char     *secret)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "key_id");
  json_builder_add_string_value (b, k->key_id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, pd_principal_kind_to_string (k->kind));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, k->name);
  json_builder_set_member_name (b, "port");
  if (k->port)
    json_builder_add_string_value (b, k->port);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "scopes");
  json_builder_add_string_value (b, k->scopes);
  pd_json_builder_add_time (b, "created_at", k->created_at);
  pd_json_builder_add_string (b, "created_by", k->created_by_name);
  pd_json_builder_add_time (b, "revoked_at", k->revoked_at);
  pd_json_builder_add_string (b, "revoked_by", k->revoked_by_name);
  pd_json_builder_add_string (b, "revoked_reason", k->revoked_reason);
  pd_json_builder_add_time (b, "last_used_at", k->last_used_at);
  pd_json_builder_add_string (b, "last_used_client", k->last_used_client);
  if (secret != NULL)
    {
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, secret);
    }
  json_builder_end_object (b);
}

static void
add_apikey_public (JsonBuilder    *b,
                   const PdApiKey *k)
{
  add_apikey (b, k, NULL);
}

/* ?state=active|revoked narrows the list. */
static void
handle_apikey_list (PdCall *call)
{
  const char *state = pd_call_query (call, "state");
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;

  if (state != NULL && g_strcmp0 (state, "active") != 0 && g_strcmp0 (state, "revoked") != 0)
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "state must be active or revoked"));
      return;
    }
  list = pd_engine_apikey_list (call->engine, call->caller, &error);
  for (guint i = list != NULL ? list->len : 0; state != NULL && i > 0; i--)
    {
      const PdApiKey *k = g_ptr_array_index (list, i - 1);

      if ((k->revoked_at > 0) != (g_strcmp0 (state, "revoked") == 0))
        g_ptr_array_remove_index (list, i - 1);
    }
  pd_call_reply_items (call, list, error, (PdApiAddFunc) add_apikey_public, 0, NULL);
}

static void
handle_apikey_create (PdCall *call)
{
  static const char * const allowed[] = { "kind", "name", "port", "scopes", NULL };
  const char *kind = NULL, *name = NULL, *port = NULL, *scopes = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(PdApiKey) key = NULL;
  g_autofree char *secret = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "kind", TRUE, 32, &kind, &error) ||
      !pd_json_get_string (call->body, "name", TRUE, 128, &name, &error) ||
      !pd_json_get_string (call->body, "port", FALSE, 16, &port, &error) ||
      !pd_json_get_string (call->body, "scopes", TRUE, 256, &scopes, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  key = pd_engine_apikey_create (call->engine, call->caller, pd_principal_kind_from_string (kind),
                                 name, port, scopes, &secret, &error);
  if (key == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  add_apikey (b, key, secret);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_apikey_revoke (PdCall *call)
{
  static const char * const allowed[] = { "reason", NULL };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(PdApiKey) key = NULL;
  const char *reason = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "reason", TRUE, 500, &reason, &error) ||
      (key = pd_engine_apikey_revoke (call->engine, call->caller, pd_call_param (call, "id"), reason, &error)) == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  add_apikey (b, key, NULL);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_demo_seed (PdCall *call)
{
  static const char * const allowed[] = { "requests", "holdings", "faces", "tvs", NULL };
  gint64 requests = 0, holdings = -1;
  gboolean tvs = FALSE, faces = TRUE;
  GError *error = NULL;

  if (call->body != NULL &&
      (!pd_json_check_members (call->body, allowed, &error) ||
       !pd_json_get_int (call->body, "requests", FALSE, 0, 200000, &requests, &error) ||
       !pd_json_get_int (call->body, "holdings", FALSE, -1, 1000000, &holdings, &error) ||
       !pd_json_get_bool (call->body, "faces", FALSE, &faces, &error) ||
       !pd_json_get_bool (call->body, "tvs", FALSE, &tvs, &error)))
    {
      pd_call_fail (call, error);
      return;
    }
  if (!pd_engine_demo_seed (call->engine, call->caller, &error) ||
      (requests > 0 && !pd_engine_demo_requests (call->engine, call->caller, requests, &error)) ||
      (holdings >= 0 && !pd_engine_holdings_demo (call->engine, call->caller, (guint) holdings, faces, &error)) ||
      (tvs && !pd_engine_tvs_demo (call->engine, call->caller, &error)))
    pd_call_fail (call, error);
}

static void
add_throttle (JsonBuilder   *b,
              gconstpointer  row)
{
  const PdThrottleEntry *e = row;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, e->account);
  json_builder_set_member_name (b, "client");
  json_builder_add_string_value (b, e->client);
  json_builder_set_member_name (b, "failures");
  json_builder_add_int_value (b, e->failures);
  pd_json_builder_add_time (b, "last_failure", e->last_failure);
  pd_json_builder_add_time (b, "waits_until", e->next_allowed);
  json_builder_end_object (b);
}

static void
handle_throttle_list (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_list_throttles (call->engine, call->caller, &error);

  pd_call_reply_items (call, rows, error, add_throttle, 0, NULL);
}

static void
handle_throttle_clear (PdCall *call)
{
  static const char * const allowed[] = { "username", "client", NULL };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  const char *username = NULL, *client = NULL;
  GError *error = NULL;
  guint n = 0;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "username", FALSE, 64, &username, &error) ||
      !pd_json_get_string (call->body, "client", FALSE, 64, &client, &error) ||
      !pd_engine_clear_throttles (call->engine, call->caller, username, client, &n, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cleared");
  json_builder_add_int_value (b, n);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static const PdRoute routes[] = {
  { "GET",  "/v1/users",                     PD_ROUTE_SESSION, ADMIN, 0, handle_user_list },
  { "POST", "/v1/users",                     PD_ROUTE_SESSION, ADMIN, 0, handle_user_create },
  { "GET",  "/v1/users/{name}",              PD_ROUTE_SESSION, ADMIN, 0, handle_user_get },
  { "POST", "/v1/users/{name}/role",         PD_ROUTE_SESSION, ADMIN, 0, handle_user_role },
  { "POST", "/v1/users/{name}/disable",      PD_ROUTE_SESSION, ADMIN, 0, handle_user_disable },
  { "POST", "/v1/users/{name}/enable",       PD_ROUTE_SESSION, ADMIN, 0, handle_user_enable },
  { "POST", "/v1/users/{name}/password",     PD_ROUTE_SESSION, ADMIN, 0, handle_user_password },
  { "POST", "/v1/users/{name}/profile",      PD_ROUTE_SESSION, ADMIN, 0, handle_user_profile },
  { "GET",  "/v1/users/{name}/sessions",     PD_ROUTE_SESSION, ADMIN, 0, handle_user_sessions },
  { "POST", "/v1/users/{name}/sessions/end", PD_ROUTE_SESSION, ADMIN, 0, handle_user_sessions_end },
  { "GET",  "/v1/entitlements",              PD_ROUTE_SESSION,
    SUPERVISORS | HOLDERS | PD_ROLE_BIT (PD_ROLE_AUDITOR), 0, handle_entitlement_list },
  { "POST", "/v1/entitlements",              PD_ROUTE_SESSION, SUPERVISORS, 0, handle_entitlement_request },
  { "POST", "/v1/entitlements/{id}/approve", PD_ROUTE_SESSION, SUPERVISORS, 0, handle_entitlement_approve },
  { "POST", "/v1/entitlements/{id}/deny",    PD_ROUTE_SESSION, SUPERVISORS, 0, handle_entitlement_deny },
  { "POST", "/v1/entitlements/{id}/acknowledge", PD_ROUTE_SESSION, HOLDERS, 0, handle_entitlement_acknowledge },
  { "POST", "/v1/entitlements/{id}/recertify", PD_ROUTE_SESSION, SUPERVISORS, 0, handle_entitlement_recertify },
  { "GET",  "/v1/recertifications",          PD_ROUTE_SESSION, SUPERVISORS | PD_ROLE_BIT (PD_ROLE_AUDITOR), 0,
    handle_recertifications },
  { "GET",  "/v1/apikeys",                   PD_ROUTE_SESSION, ADMIN, 0, handle_apikey_list },
  { "POST", "/v1/apikeys",                   PD_ROUTE_SESSION, ADMIN, 0, handle_apikey_create },
  { "POST", "/v1/apikeys/{id}/revoke",       PD_ROUTE_SESSION, ADMIN, 0, handle_apikey_revoke },
  { "GET",  "/v1/ports",                     PD_ROUTE_SESSION, ADMIN, 0, handle_port_list },
  { "GET",  "/v1/throttles",                 PD_ROUTE_SESSION, ADMIN, 0, handle_throttle_list },
  { "POST", "/v1/throttles/clear",           PD_ROUTE_SESSION, ADMIN, 0, handle_throttle_clear },
  { "POST", "/v1/demo/seed",                 PD_ROUTE_SESSION, ADMIN, 0, handle_demo_seed },
};

static const PdRoute *
accounts_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_accounts_flow = {
  .name = "accounts",
  .event_prefix = PD_EVENT_ENTITLEMENT_PREFIX,
  .routes = accounts_routes,
  .retention = pd_accounts_retention,
};
