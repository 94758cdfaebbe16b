/* pd-engine-auth.c: logon, sessions, API keys as credentials, rules of behavior
 *
 * Session tokens and API key secrets are random and stored only as
 * SHA-256 digests; passwords as argon2id (libsodium crypto_pwhash_str).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <sodium.h>
#include <string.h>

#include "pd-credential.h"
#include "pd-engine-private.h"
#include "pd-error.h"

#define TOKEN_PREFIX  PD_SESSION_TOKEN_PREFIX
#define APIKEY_PREFIX PD_API_KEY_PREFIX
/* An API key's last use is written at most this often. */
#define APIKEY_USE_GRAIN_US (60 * G_USEC_PER_SEC)

/* A valid hash of a random password, verified against when the user does
 * not exist so that unknown and known names take the same time. */
static char *
dummy_hash (void)
{
  static gsize once;
  static char *hash;

  if (g_once_init_enter (&once))
    {
      guint8 rnd[16];
      g_autofree char *pw = NULL;

      randombytes_buf (rnd, sizeof rnd);
      pw = g_base64_encode (rnd, sizeof rnd);
      hash = _pd_engine_hash_password (pw, NULL);
      g_once_init_leave (&once, 1);
    }
  return hash;
}

static void
sha256_str (const char *s,
            guint8      out[32])
{
  crypto_hash_sha256 (out, (const guint8 *) s, strlen (s));
}

gint64
pd_engine_session_expires (PdEngine  *self,
                           PdSession *session)
{
  if (session->factor == PD_FACTOR_CODE)
    return session->created_at + PD_FACTOR_CODE_WAIT_US;
  return MIN (session->last_seen + self->config->session_idle_us,
              session->created_at + self->config->session_max_us);
}

static PdCaller *
authenticate_apikey (PdEngine    *self,
                     const char  *token,
                     const char  *client,
                     GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdApiKey) key = NULL;
  g_autofree char *key_id = NULL;
  const char *secret = strchr (token + strlen (APIKEY_PREFIX), '_');
  gint64 now = pd_engine_now (self);
  guint8 stored[32], given[32];
  PdCaller *caller;

  if (secret == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "Malformed API key");
      return NULL;
    }
  key_id = g_strndup (token, secret - token);
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  key = pd_store_apikey_lookup (tx, key_id, stored, NULL);
  sha256_str (secret + 1, given);
  if (key == NULL || sodium_memcmp (stored, given, 32) != 0 || key->revoked_at > 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED,
                           key != NULL && key->revoked_at > 0 ? "This API key has been revoked" : "Unknown API key");
      return NULL;
    }
  /* the key's last use, kept to the minute: one write a minute at most per
   * key, not one per request */
  if (now - key->last_used_at >= APIKEY_USE_GRAIN_US)
    {
      g_autoptr(GError) local = NULL;

      if (!pd_store_apikey_used (tx, key_id, now, client, &local) || !pd_store_commit (tx, &local))
        g_warning ("Cannot record the use of API key %s: %s", key_id, local->message);
      else
        {
          key->last_used_at = now;
          g_free (key->last_used_client);
          key->last_used_client = g_strdup (client);
        }
    }
  caller = g_new0 (PdCaller, 1);
  caller->kind = PD_CALLER_APIKEY;
  caller->apikey = g_steal_pointer (&key);
  caller->client = g_strdup (client);
  return caller;
}

PdCaller *
pd_engine_authenticate (PdEngine    *self,
                        const char  *token,
                        const char  *client,
                        GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdSession) session = NULL;
  guint8 hash[32];
  gint64 now = pd_engine_now (self);
  PdCaller *caller;

  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "Sign in first (no credentials were sent)");
      return NULL;
    }
  if (g_str_has_prefix (token, APIKEY_PREFIX))
    return authenticate_apikey (self, token, client, error);
  if (!g_str_has_prefix (token, TOKEN_PREFIX))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "Malformed credentials");
      return NULL;
    }

  sha256_str (token, hash);
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  session = pd_store_session_lookup (tx, hash, error);
  if (session == NULL)
    return NULL;
  if (session->user->disabled || now >= pd_engine_session_expires (self, session))
    {
      gboolean disabled = session->user->disabled;
      PdCaller tmp = { .kind = PD_CALLER_SESSION, .session = session, .client = (char *) client };

      pd_store_session_delete (tx, session->id, NULL);
      _pd_engine_audit_tx (self, tx, &tmp, "session.expire", NULL,
                           disabled ? "{\"reason\":\"account disabled\"}" : "{\"reason\":\"timeout\"}", "ok", NULL);
      pd_store_commit (tx, NULL);
      if (disabled && session->user->disabled_reason != NULL)
        g_set_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "Your account has been suspended: %s",
                     session->user->disabled_reason);
      else
        g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED,
                             disabled ? "Your account has been disabled" : "Your session has expired; sign in again");
      return NULL;
    }
  /* Rules accepted in another version (the text changed since) are due again. */
  if (g_strcmp0 (session->rules_version, self->rules_version) != 0)
    session->rules_accepted_at = 0;
  /* Keep writes rare: last_seen moves at most once a minute. */
  if (now - session->last_seen >= 60 * G_USEC_PER_SEC)
    {
      if (!pd_store_session_touch (tx, session->id, now, error) || !pd_store_commit (tx, error))
        return NULL;
      session->last_seen = now;
    }
  caller = g_new0 (PdCaller, 1);
  caller->kind = PD_CALLER_SESSION;
  caller->session = g_steal_pointer (&session);
  caller->client = g_strdup (client);
  return caller;
}

static char *
new_token (const char *prefix)
{
  guint8 rnd[32];
  char b64[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (rnd, sizeof rnd);
  sodium_bin2base64 (b64, sizeof b64, rnd, sizeof rnd, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strconcat (prefix, b64, NULL);
}

/* A wait as the whole seconds of Retry-After: rounded up, at least 1. */
static guint
retry_seconds (gint64 wait_us)
{
  return (guint) MAX ((wait_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1);
}

/* Refuses with 429 and how long to wait, the same for every name. */
static void
refuse_throttled (PdEngine    *self,
                  PdCaller    *anon,
                  const char  *username,
                  const char  *params,
                  const char  *why,
                  gint64       wait_us,
                  guint       *out_retry_after_s,
                  GError     **error)
{
  guint seconds = retry_seconds (wait_us);

  pd_engine_audit (self, anon, "login", username, params, "rate_limited", NULL);
  *out_retry_after_s = seconds;
  g_set_error (error, PD_ERROR, PD_ERROR_RATE_LIMITED, "%s; try again in %u s", why, seconds);
}

gboolean
_pd_engine_throttle_take (PdEngine    *self,
                          PdCaller    *anon,
                          const char  *username,
                          const char  *client,
                          const char  *params,
                          guint       *out_retry_after_s,
                          GError     **error)
{
  gint64 now = pd_engine_now (self);
  gint64 wait_us = 0;

  if (!pd_rate_limit_take (self->login_failures, client, now, &wait_us))
    {
      refuse_throttled (self, anon, username, params, "Too many failed sign-ins from this client",
                        wait_us, out_retry_after_s, error);
      return FALSE;
    }
  if (!pd_throttle_begin (self->login_throttle, username, client, now, &wait_us))
    {
      pd_rate_limit_give_back (self->login_failures, client, now);
      refuse_throttled (self, anon, username, params, "Too many failed sign-ins for this name",
                        wait_us, out_retry_after_s, error);
      return FALSE;
    }
  return TRUE;
}

void
_pd_engine_throttle_give_back (PdEngine    *self,
                               const char  *username,
                               const char  *client)
{
  pd_rate_limit_give_back (self->login_failures, client, pd_engine_now (self));
  pd_throttle_succeeded (self->login_throttle, username, client);
}

PdSession *
pd_engine_login (PdEngine    *self,
                 const char  *username,
                 const char  *password,
                 const char  *client,
                 char       **out_token,
                 guint       *out_retry_after_s,
                 GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *params = _pd_params ("username", username, NULL);
  g_autofree char *token = NULL;
  g_autoptr(PdSession) session = NULL;
  g_autoptr(PdCaller) anon = pd_caller_new_anonymous (client);
  gint64 now = pd_engine_now (self);
  gboolean good;
  guint8 hash[32];

  if (!_pd_engine_throttle_take (self, anon, username, client, params, out_retry_after_s, error))
    return NULL;

  /* Hash outside the store lock: argon2id takes a while. */
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  user = pd_store_user_get (tx, username, &stored, NULL);
  g_clear_pointer (&tx, pd_store_tx_free);

  good = crypto_pwhash_str_verify (stored != NULL ? stored : dummy_hash (), password, strlen (password)) == 0;

  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  if (user == NULL || !good || user->disabled)
    {
      gboolean disabled = user != NULL && user->disabled && good;

      _pd_engine_audit_tx (self, tx, anon, "login", username, params, disabled ? "disabled" : "failed", NULL);
      pd_store_commit (tx, NULL);
      if (disabled && user->disabled_reason != NULL)
        g_set_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, PD_SUSPENDED_PREFIX "%s", user->disabled_reason);
      else if (disabled)
        g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, PD_DISABLED_MESSAGE);
      else
        g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "Wrong user name or password");
      return NULL;
    }
  _pd_engine_throttle_give_back (self, username, client);

  token = new_token (TOKEN_PREFIX);
  sha256_str (token, hash);
  session = g_new0 (PdSession, 1);
  session->user_id = user->id;
  session->created_at = now;
  session->last_seen = now;
  session->client = g_strdup (client);
  session->factor = _pd_engine_factor_due (self, tx, user);
  session->rules_version = g_strdup ("");
  if (!pd_store_session_insert (tx, session, hash, error))
    return NULL;
  session->user = g_steal_pointer (&user);
  {
    PdCaller me = { .kind = PD_CALLER_SESSION, .session = session, .client = (char *) client };
    g_autofree char *factor_params = _pd_params ("username", username, "second_factor",
                                                 session->factor == PD_FACTOR_CODE ? "code" :
                                                 session->factor == PD_FACTOR_ENROL ? "enrol" : NULL, NULL);

    if (!_pd_engine_audit_tx (self, tx, &me, "login", username, factor_params, "ok", error))
      return NULL;
  }
  if (!pd_store_commit (tx, error))
    return NULL;
  *out_token = g_steal_pointer (&token);
  return g_steal_pointer (&session);
}

gboolean
pd_engine_login_code (PdEngine    *self,
                      PdCaller    *caller,
                      const char  *code,
                      const char  *recovery,
                      guint       *out_retry_after_s,
                      GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL;

  if (caller->kind != PD_CALLER_SESSION || caller->session->factor != PD_FACTOR_CODE)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT, "No sign-in code is due");
      return FALSE;
    }
  params = _pd_engine_totp_check (self, caller, "login.code", code, recovery, out_retry_after_s, error);
  if (params == NULL)
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  if (!pd_store_session_set_factor (tx, caller->session->id, PD_FACTOR_DONE, pd_engine_now (self), error) ||
      !_pd_engine_audit_tx (self, tx, caller, "login.code", caller->session->user->username, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  caller->session->factor = PD_FACTOR_DONE;
  return TRUE;
}

gboolean
pd_engine_intake_allow (PdEngine  *self,
                        PdCaller  *caller,
                        guint     *out_retry_after_s,
                        GError   **error)
{
  gint64 wait_us = 0;

  if (caller->kind != PD_CALLER_APIKEY ||
      pd_rate_limit_take (self->intake_writes, caller->apikey->key_id, pd_engine_now (self), &wait_us))
    return TRUE;
  *out_retry_after_s = retry_seconds (wait_us);
  g_set_error (error, PD_ERROR, PD_ERROR_RATE_LIMITED,
               "More than %u submissions in a minute from this API key; try again in %u s",
               self->config->intake_rate_per_minute, *out_retry_after_s);
  return FALSE;
}

GPtrArray *
pd_engine_list_throttles (PdEngine  *self,
                          PdCaller  *caller,
                          GError   **error)
{
  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN), "throttles.list", error))
    return NULL;
  pd_engine_audit (self, caller, "throttles.list", NULL, NULL, "ok", NULL);
  return pd_throttle_list (self->login_throttle);
}

gboolean
pd_engine_clear_throttles (PdEngine    *self,
                           PdCaller    *caller,
                           const char  *username,
                           const char  *client,
                           guint       *out_cleared,
                           GError     **error)
{
  g_autofree char *params = _pd_params ("username", username, "client", client, NULL);

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN), "throttles.clear", error))
    return FALSE;
  *out_cleared = pd_throttle_clear (self->login_throttle, username, client);
  if (client != NULL)
    pd_rate_limit_clear (self->login_failures, client);
  else if (username == NULL)
    pd_rate_limit_clear (self->login_failures, NULL);
  return pd_engine_audit (self, caller, "throttles.clear", username, params, "ok", error);
}

gboolean
pd_engine_logout (PdEngine    *self,
                  PdCaller    *caller,
                  const char  *reason,
                  GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = _pd_params ("reason", reason, NULL);

  if (caller->kind != PD_CALLER_SESSION)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "Not signed in");
      return FALSE;
    }
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  if (!pd_store_session_delete (tx, caller->session->id, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "logout", NULL, params, "ok", error))
    return FALSE;
  return pd_store_commit (tx, error);
}

const char *
pd_engine_rules_text (PdEngine *self)
{
  return self->rules_text;
}

const char *
pd_engine_rules_version (PdEngine *self)
{
  return self->rules_version;
}

gboolean
pd_engine_rules_answer (PdEngine  *self,
                        PdCaller  *caller,
                        gboolean   accept,
                        GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = _pd_params ("rules_version", self->rules_version, NULL);
  gint64 now = pd_engine_now (self);

  if (caller->kind != PD_CALLER_SESSION)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "Not signed in");
      return FALSE;
    }
  if (caller->session->factor != PD_FACTOR_DONE)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_SECOND_FACTOR, "Finish signing in (two-factor) first");
      return FALSE;
    }
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  if (accept)
    {
      if (!pd_store_session_accept_rules (tx, caller->session->id, now, self->rules_version, error))
        return FALSE;
      caller->session->rules_accepted_at = now;
      g_free (caller->session->rules_version);
      caller->session->rules_version = g_strdup (self->rules_version);
    }
  else if (!pd_store_session_delete (tx, caller->session->id, error))
    return FALSE;
  if (!_pd_engine_audit_tx (self, tx, caller, accept ? "rules.accept" : "rules.decline",
                            NULL, params, "ok", error))
    return FALSE;
  return pd_store_commit (tx, error);
}

gboolean
pd_engine_change_password (PdEngine    *self,
                           PdCaller    *caller,
                           const char  *old_password,
                           const char  *new_password,
                           GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *hash = NULL;

  /* after an administrator's reset, the change comes before the rules;
   * otherwise, as everything, after them */
  if (caller->kind != PD_CALLER_SESSION ||
      (!caller->session->user->must_change_password &&
       !_pd_engine_require_role (self, caller, PD_ROLES_ALL, "user.change_password", error)))
    {
      if (caller->kind != PD_CALLER_SESSION)
        g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "Not signed in");
      return FALSE;
    }
  if (caller->session->factor == PD_FACTOR_CODE)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_SECOND_FACTOR, "Enter your two-factor sign-in code first");
      return FALSE;
    }
  if (!_pd_engine_check_password_strength (new_password, error))
    return FALSE;
  if (strcmp (old_password, new_password) == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The new password must differ from the current one");
      return FALSE;
    }
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  user = pd_store_user_get (tx, caller->session->user->username, &stored, error);
  if (user == NULL)
    return FALSE;
  g_clear_pointer (&tx, pd_store_tx_free);
  if (crypto_pwhash_str_verify (stored, old_password, strlen (old_password)) != 0)
    {
      pd_engine_audit (self, caller, "user.change_password", user->username, NULL, "failed", NULL);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "The current password is wrong");
      return FALSE;
    }
  hash = _pd_engine_hash_password (new_password, error);
  if (hash == NULL)
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  if (!pd_store_user_set_password (tx, user->id, hash, FALSE, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "user.change_password", user->username,
                            user->must_change_password ? "{\"reset\":\"one-time password replaced\"}" : NULL,
                            "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  caller->session->user->must_change_password = FALSE;
  return TRUE;
}

PdEntitlement *
pd_engine_current_entitlement (PdEngine    *self,
                               PdCaller    *caller,
                               const char  *kind)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 now = pd_engine_now (self);

  if (caller->kind != PD_CALLER_SESSION || (tx = pd_store_begin (self->store, NULL)) == NULL)
    return NULL;
  list = pd_store_entitlement_list (tx, caller->session->user_id, NULL);
  /* the latest grant: a renewal's notice is acknowledged again; a grant
   * whose privacy training is more than a year old no longer counts */
  for (guint i = list != NULL ? list->len : 0; i > 0; i--)
    {
      PdEntitlement *e = g_ptr_array_index (list, i - 1);
      g_autofree char *trained = g_strconcat (e->training_date, "T00:00:00Z", NULL);
      gint64 t = 0;

      if (g_strcmp0 (e->kind, kind) == 0 && e->status == PD_ENTITLEMENT_ACTIVE && pd_entitlement_lapses_at (e) > now &&
          pd_time_parse (trained, &t) && t + 365 * PD_USEC_PER_DAY > now)
        return g_ptr_array_steal_index (list, i - 1);
    }
  return NULL;
}

gboolean
pd_engine_has_entitlement (PdEngine    *self,
                           PdCaller    *caller,
                           const char  *kind)
{
  g_autoptr(PdEntitlement) e = pd_engine_current_entitlement (self, caller, kind);

  return e != NULL && e->notice_at != 0;
}

gboolean
_pd_engine_require_entitled (PdEngine    *self,
                             PdCaller    *caller,
                             guint        roles,
                             const char  *kind,
                             const char  *action,
                             GError     **error)
{
  const PdEntitlementKind *k = pd_entitlement_kind_lookup (kind);
  g_autoptr(PdEntitlement) e = NULL;

  g_return_val_if_fail (k != NULL, FALSE);
  if (!_pd_engine_require_role (self, caller, roles, action, error))
    return FALSE;
  if (caller->kind != PD_CALLER_SESSION || (k->holders & PD_ROLE_BIT (pd_caller_role (caller))) == 0)
    return TRUE;
  e = pd_engine_current_entitlement (self, caller, kind);
  if (e != NULL && e->notice_at != 0)
    return TRUE;
  pd_engine_audit (self, caller, action, NULL, e == NULL ? "{\"entitlement\":\"none\"}" :
                   "{\"entitlement\":\"notice not acknowledged\"}", "denied", NULL);
  if (e == NULL)
    g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "%s needs a current %s entitlement (privacy training on record, "
                 "approved by a supervisor and the system owner, re-certified every quarter, renewed yearly)",
                 k->title, kind);
  else
    g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Acknowledge the access notice of entitlement %" G_GINT64_FORMAT
                 " first (POST /v1/entitlements/%" G_GINT64_FORMAT "/acknowledge)", e->id, e->id);
  return FALSE;
}
