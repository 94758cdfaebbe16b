/* pd-api-session.c: status, logon, rules of behavior, test clock, whoami
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "config.h"

#include "pd-api.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-store.h"
#include "pd-totp.h"

static void
handle_status (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  PdEngine *e = call->engine;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "service");
  json_builder_add_string_value (b, "portdeskd");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "api");
  json_builder_add_string_value (b, "v1");
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, pd_store_get_schema_version (pd_engine_get_store (e)));
  json_builder_set_member_name (b, "test_clock");
  json_builder_add_boolean_value (b, pd_clock_is_test_mode (pd_engine_get_clock (e)));
  pd_json_builder_add_time (b, "now", pd_engine_now (e));
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
add_session (JsonBuilder *b,
             PdEngine    *engine,
             PdSession   *s)
{
  json_builder_set_member_name (b, "user");
  pd_api_add_user (b, s->user);
  json_builder_set_member_name (b, "rules_accepted");
  json_builder_add_boolean_value (b, s->rules_accepted_at > 0);
  json_builder_set_member_name (b, "rules_version");
  json_builder_add_string_value (b, pd_engine_rules_version (engine));
  /* a password reset by an administrator: nothing else is allowed until it is changed */
  json_builder_set_member_name (b, "must_change_password");
  json_builder_add_boolean_value (b, s->user->must_change_password);
  /* what is still due after the password: "code", "enrol" or null */
  pd_json_builder_add_string (b, "second_factor", s->factor == PD_FACTOR_CODE ? "code" :
                                                  s->factor == PD_FACTOR_ENROL ? "enrol" : NULL);
  pd_json_builder_add_time (b, "created_at", s->created_at);
  pd_json_builder_add_time (b, "expires_at", pd_engine_session_expires (engine, s));
}

static void
handle_login (PdCall *call)
{
  static const char * const allowed[] = { "username", "password", NULL };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(PdSession) session = NULL;
  g_autofree char *token = NULL;
  const char *username = NULL, *password = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "username", TRUE, 64, &username, &error) ||
      !pd_json_get_string (call->body, "password", TRUE, 256, &password, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  session = pd_engine_login (call->engine, username, password, call->caller->client, &token,
                             &call->retry_after_s, &error);
  if (session == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  add_session (b, call->engine, session);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_logout (PdCall *call)
{
  GError *error = NULL;

  if (!pd_engine_logout (call->engine, call->caller, "user", &error))
    pd_call_fail (call, error);
}

static void
handle_session (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(GPtrArray) current = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_entitlement_free);
  guint n_kinds;
  const PdEntitlementKind *kinds = pd_entitlement_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      PdEntitlement *e = pd_engine_current_entitlement (call->engine, call->caller, kinds[i].kind);

      if (e != NULL)
        g_ptr_array_add (current, e);
    }
  json_builder_begin_object (b);
  add_session (b, call->engine, call->caller->session);
  json_builder_set_member_name (b, "entitlements");
  json_builder_begin_array (b);
  for (guint i = 0; i < current->len; i++)
    {
      PdEntitlement *e = g_ptr_array_index (current, i);

      if (e->notice_at != 0)
        json_builder_add_string_value (b, e->kind);
    }
  json_builder_end_array (b);
  /* a new grant's access notice, to acknowledge before the first use */
  json_builder_set_member_name (b, "notices");
  json_builder_begin_array (b);
  for (guint i = 0; i < current->len; i++)
    {
      PdEntitlement *e = g_ptr_array_index (current, i);

      if (e->notice_at != 0)
        continue;
      json_builder_begin_object (b);
      pd_json_builder_add_int (b, "entitlement", e->id);
      pd_json_builder_add_string (b, "kind", e->kind);
      pd_json_builder_add_string (b, "text", pd_entitlement_kind_lookup (e->kind)->notice);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_rules (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, pd_engine_rules_version (call->engine));
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, pd_engine_rules_text (call->engine));
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
answer_rules (PdCall   *call,
              gboolean  accept)
{
  GError *error = NULL;

  if (!pd_engine_rules_answer (call->engine, call->caller, accept, &error))
    pd_call_fail (call, error);
  else if (accept)
    handle_session (call);
}

static void
handle_rules_accept (PdCall *call)
{
  answer_rules (call, TRUE);
}

static void
handle_rules_decline (PdCall *call)
{
  answer_rules (call, FALSE);
}

static const char * const no_members[] = { NULL };

/* One of "code" and "recovery_code", as the second step or to turn two-factor off. */
static gboolean
get_code (PdCall       *call,
          const char  **code,
          const char  **recovery,
          GError      **error)
{
  static const char * const allowed[] = { "code", "recovery_code", NULL };

  if (!pd_json_check_members (call->body, allowed, error) ||
      !pd_json_get_string (call->body, "code", FALSE, 16, code, error) ||
      !pd_json_get_string (call->body, "recovery_code", FALSE, 32, recovery, error))
    return FALSE;
  if ((*code == NULL) == (*recovery == NULL))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Give either 'code' or 'recovery_code'");
      return FALSE;
    }
  return TRUE;
}

static void
handle_login_code (PdCall *call)
{
  const char *code = NULL, *recovery = NULL;
  GError *error = NULL;

  if (!get_code (call, &code, &recovery, &error) ||
      !pd_engine_login_code (call->engine, call->caller, code, recovery, &call->retry_after_s, &error))
    pd_call_fail (call, error);
  else
    handle_session (call);
}

static void
handle_totp_status (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  PdTotpStatus st;
  GError *error = NULL;

  if (!pd_engine_totp_status (call->engine, call->caller, &st, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  pd_json_builder_add_bool (b, "enrolled", st.enrolled);
  pd_json_builder_add_bool (b, "pending", st.pending);
  pd_json_builder_add_bool (b, "required", st.required);
  pd_json_builder_add_int (b, "recovery_codes_left", st.recovery_left);
  pd_json_builder_add_time (b, "activated_at", st.activated_at);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_totp_enroll (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autofree char *secret = NULL;
  g_autofree char *uri = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, no_members, &error) ||
      !pd_engine_totp_enroll (call->engine, call->caller, &secret, &uri, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "secret", secret);
  pd_json_builder_add_string (b, "uri", uri);
  pd_json_builder_add_int (b, "digits", PD_TOTP_DIGITS);
  pd_json_builder_add_int (b, "period", PD_TOTP_STEP_S);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_totp_confirm (PdCall *call)
{
  static const char * const allowed[] = { "code", NULL };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_auto(GStrv) codes = NULL;
  const char *code = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "code", TRUE, 16, &code, &error) ||
      (codes = pd_engine_totp_confirm (call->engine, call->caller, code, &error)) == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  pd_json_builder_add_strv (b, "recovery_codes", codes);
  json_builder_set_member_name (b, "session");
  json_builder_begin_object (b);
  add_session (b, call->engine, call->caller->session);
  json_builder_end_object (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_totp_disable (PdCall *call)
{
  const char *code = NULL, *recovery = NULL;
  GError *error = NULL;

  if (!get_code (call, &code, &recovery, &error) ||
      !pd_engine_totp_disable (call->engine, call->caller, code, recovery, &call->retry_after_s, &error))
    pd_call_fail (call, error);
  else
    handle_session (call);
}

static void
handle_totp_reset (PdCall *call)
{
  GError *error = NULL;

  if (!pd_json_check_members (call->body, no_members, &error) ||
      !pd_engine_totp_reset (call->engine, call->caller, pd_call_param (call, "name"), &error))
    pd_call_fail (call, error);
}

static void
handle_redress (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  GError *error = NULL;

  if (!pd_engine_audit (call->engine, call->caller, "redress.view", NULL, NULL, "ok", &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "version", pd_engine_redress_version (call->engine));
  pd_json_builder_add_string (b, "text", pd_engine_redress_text (call->engine));
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_change_password (PdCall *call)
{
  static const char * const allowed[] = { "old_password", "new_password", NULL };
  const char *old_pw = NULL, *new_pw = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "old_password", TRUE, 256, &old_pw, &error) ||
      !pd_json_get_string (call->body, "new_password", TRUE, 256, &new_pw, &error) ||
      !pd_engine_change_password (call->engine, call->caller, old_pw, new_pw, &error))
    pd_call_fail (call, error);
  else
    handle_session (call);   /* what is due next, must_change_password false now */
}

static void
handle_test_clock (PdCall *call)
{
  static const char * const allowed[] = { "set", "advance_seconds", NULL };
  PdClock *clock = pd_engine_get_clock (call->engine);
  const char *set = NULL;
  gint64 advance = -1, t;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "set", FALSE, 64, &set, &error) ||
      !pd_json_get_int (call->body, "advance_seconds", FALSE, 0, G_GINT64_CONSTANT (20) * 366 * 86400, &advance, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  if (set != NULL)
    {
      if (!pd_time_parse (set, &t))
        {
          pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "'set' must be an ISO 8601 time with a zone"));
          return;
        }
      if (!pd_clock_set (clock, t, &error))
        {
          pd_call_fail (call, error);
          return;
        }
    }
  if (advance >= 0 && !pd_clock_advance (clock, advance * G_USEC_PER_SEC, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  handle_status (call);
}

static void
handle_whoami (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  PdApiKey *k = call->caller->apikey;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "key_id");
  json_builder_add_string_value (b, k->key_id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, pd_principal_kind_to_string (k->kind));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, k->name);
  json_builder_set_member_name (b, "scopes");
  json_builder_add_string_value (b, k->scopes);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static const PdRoute routes[] = {
  { "GET",  "/v1/status",        PD_ROUTE_ANONYMOUS | PD_ROUTE_PUBLIC, 0, 0, handle_status },
  { "POST", "/v1/login",         PD_ROUTE_ANONYMOUS, 0, 0, handle_login },
  { "POST", "/v1/login/code",    PD_ROUTE_PRE_RULES | PD_ROUTE_PRE_FACTOR | PD_ROUTE_PRE_PASSWORD, PD_ROLES_ALL, 0,
    handle_login_code },
  { "POST", "/v1/logout",        PD_ROUTE_PRE_RULES | PD_ROUTE_PRE_FACTOR | PD_ROUTE_PRE_PASSWORD, PD_ROLES_ALL, 0,
    handle_logout },
  { "GET",  "/v1/session",       PD_ROUTE_PRE_RULES | PD_ROUTE_PRE_FACTOR | PD_ROUTE_PRE_PASSWORD, PD_ROLES_ALL, 0,
    handle_session },
  { "GET",  "/v1/me/totp",       PD_ROUTE_PRE_RULES | PD_ROUTE_PRE_FACTOR, PD_ROLES_ALL, 0, handle_totp_status },
  { "POST", "/v1/me/totp/enroll", PD_ROUTE_PRE_RULES | PD_ROUTE_PRE_FACTOR, PD_ROLES_ALL, 0, handle_totp_enroll },
  { "POST", "/v1/me/totp/confirm", PD_ROUTE_PRE_RULES | PD_ROUTE_PRE_FACTOR, PD_ROLES_ALL, 0, handle_totp_confirm },
  { "POST", "/v1/me/totp/disable", PD_ROUTE_SESSION, PD_ROLES_ALL, 0, handle_totp_disable },
  { "POST", "/v1/users/{name}/totp/reset", PD_ROUTE_SESSION, PD_ROLE_BIT (PD_ROLE_ADMIN), 0, handle_totp_reset },
  { "GET",  "/v1/redress",       PD_ROUTE_SESSION, PD_ROLES_ALL, 0, handle_redress },
  { "GET",  "/v1/rules",         PD_ROUTE_PRE_RULES, PD_ROLES_ALL, 0, handle_rules },
  { "POST", "/v1/rules/accept",  PD_ROUTE_PRE_RULES, PD_ROLES_ALL, 0, handle_rules_accept },
  { "POST", "/v1/rules/decline", PD_ROUTE_PRE_RULES, PD_ROLES_ALL, 0, handle_rules_decline },
  /* before the rules too: a password reset by an administrator is changed first */
  { "POST", "/v1/me/password",   PD_ROUTE_PRE_RULES | PD_ROUTE_PRE_PASSWORD, PD_ROLES_ALL, 0, handle_change_password },
  { "POST", "/v1/test/clock",    PD_ROUTE_ANONYMOUS | PD_ROUTE_TEST, 0, 0, handle_test_clock },
  { "GET",  "/v1/intake/whoami", PD_ROUTE_PUBLIC, 0, PD_PRINCIPALS_ALL, handle_whoami },
};

const PdRoute *
pd_api_session_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}
