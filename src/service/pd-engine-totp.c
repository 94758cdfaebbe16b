/* pd-engine-totp.c: two-factor sign-in (TOTP, RFC 6238) and recovery codes
 *
 * Secrets are sealed at rest (XChaCha20-Poly1305, the user's id as
 * associated data, so a row copied to another user does not open) with a
 * key kept in the data directory (totp-secrets.key, mode 0600), apart
 * from the database and its backups.  A code counts once: the last time
 * step used is kept, and only later steps are accepted.  Recovery codes
 * are stored as argon2id hashes; they carry 50 random bits, so the
 * hashes use light limits (a guess costs the attacker far more than the
 * hash's work).  A wrong code is PD_ERROR_SECOND_FACTOR (403), not 401:
 * the session that asks is still good, only the code is not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <sodium.h>
#include <string.h>

#include "pd-engine-private.h"
#include "pd-error.h"
#include "pd-totp.h"

#define ISSUER             "PortDesk"
#define RECOVERY_LEN       10          /* base32 characters: 50 bits */
#define RECOVERY_OPSLIMIT  2
#define RECOVERY_MEMLIMIT  (1024 * 1024)
#define SEAL_NONCE         crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEAL_TAG           crypto_aead_xchacha20poly1305_ietf_ABYTES

G_STATIC_ASSERT (sizeof (((PdEngine *) NULL)->totp_key) == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

gboolean
_pd_engine_totp_load_key (PdEngine    *self,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (g_file_get_contents (path, &contents, &len, NULL))
    {
      if (len != sizeof self->totp_key)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL,
                       "The two-factor secrets key %s is damaged (%" G_GSIZE_FORMAT " bytes)", path, len);
          return FALSE;
        }
      memcpy (self->totp_key, contents, len);
      sodium_memzero (contents, len);
      return TRUE;
    }
  crypto_aead_xchacha20poly1305_ietf_keygen (self->totp_key);
  if (!g_file_set_contents_full (path, (const char *) self->totp_key, sizeof self->totp_key,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error))
    {
      g_prefix_error (error, "Cannot write the two-factor secrets key: ");
      return FALSE;
    }
  return TRUE;
}

/* Every daemon of a site seals two-factor secrets with one key (a user
 * enrolled through one workstation signs in through any): the first
 * daemon's key is the site's, and a daemon with another refuses to start. */
gboolean
_pd_engine_totp_check_site (PdEngine    *self,
                            const char  *path,
                            GError     **error)
{
  static const char context[] = "portdesk two-factor key check v1";
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
  guint8 check[32];
  gboolean matches = FALSE;

  if (tx == NULL)
    return FALSE;
  crypto_generichash (check, sizeof check, (const guint8 *) context, sizeof context - 1,
                      self->totp_key, sizeof self->totp_key);
  if (!pd_store_site_secret_check (tx, "totp", check, &matches, error) || !pd_store_commit (tx, error))
    return FALSE;
  if (!matches)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL,
                   "This workstation's two-factor secrets key %s is not the site's: every portdeskd on one database "
                   "seals two-factor secrets with the same key. Copy the key file from a workstation of the site "
                   "(mode 0600) and start again", path);
      return FALSE;
    }
  return TRUE;
}

static void
user_ad (gint64  user_id,
         guint8  out[8])
{
  for (int i = 0; i < 8; i++)
    out[i] = ((guint64) user_id >> (8 * i)) & 0xff;
}

static GBytes *
seal (PdEngine     *self,
      gint64        user_id,
      const guint8  secret[PD_TOTP_SECRET_LEN])
{
  guint8 out[SEAL_NONCE + PD_TOTP_SECRET_LEN + SEAL_TAG];
  guint8 ad[8];

  user_ad (user_id, ad);
  randombytes_buf (out, SEAL_NONCE);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + SEAL_NONCE, NULL, secret, PD_TOTP_SECRET_LEN,
                                              ad, sizeof ad, NULL, out, self->totp_key);
  return g_bytes_new (out, sizeof out);
}

static gboolean
unseal (PdEngine  *self,
        gint64     user_id,
        GBytes    *sealed,
        guint8     secret[PD_TOTP_SECRET_LEN],
        GError   **error)
{
  gsize len = 0;
  const guint8 *in = g_bytes_get_data (sealed, &len);
  guint8 ad[8];

  user_ad (user_id, ad);
  if (len != SEAL_NONCE + PD_TOTP_SECRET_LEN + SEAL_TAG ||
      crypto_aead_xchacha20poly1305_ietf_decrypt (secret, NULL, NULL, in + SEAL_NONCE, len - SEAL_NONCE,
                                                  ad, sizeof ad, in, self->totp_key) != 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_TAMPERED,
                           "The two-factor secret does not open with this data directory's key");
      return FALSE;
    }
  return TRUE;
}

PdFactor
_pd_engine_factor_due (PdEngine  *self,
                       PdStoreTx *tx,
                       PdUser    *user)
{
  g_autoptr(PdTotpRow) row = pd_store_totp_get (tx, user->id, NULL);

  if (row != NULL && row->active)
    return PD_FACTOR_CODE;
  if ((self->config->two_factor_roles & PD_ROLE_BIT (user->role)) != 0)
    return PD_FACTOR_ENROL;
  return PD_FACTOR_DONE;
}

typedef enum {
  MATCH_NONE,
  MATCH_OK,
  MATCH_USED,
} Match;

/* Whether @code is the secret's code for the current step or the one
 * before or after (clock drift); a step at or before @last_step is used. */
static Match
match_code (PdEngine      *self,
            const guint8   secret[PD_TOTP_SECRET_LEN],
            const char    *code,
            gint64         last_step,
            gint64        *out_step)
{
  gint64 now_step = (gint64) pd_totp_step (pd_engine_now (self) / G_USEC_PER_SEC);
  Match result = MATCH_NONE;

  for (gint64 step = now_step - 1; step <= now_step + 1; step++)
    {
      char want[16];

      g_snprintf (want, sizeof want, "%06u",
                  pd_hotp (G_CHECKSUM_SHA1, secret, PD_TOTP_SECRET_LEN, (guint64) step, PD_TOTP_DIGITS));
      if (sodium_memcmp (want, code, PD_TOTP_DIGITS) != 0)
        continue;
      if (step <= last_step)
        result = MATCH_USED;
      else
        {
          *out_step = step;
          return MATCH_OK;
        }
    }
  return result;
}

/* Lower case, without the dashes and spaces it is shown with. */
static char *
normalize_recovery (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '-' && *p != ' ')
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static gboolean
check_recovery (PdEngine    *self,
                PdStoreTx   *tx,
                PdUser      *user,
                const char  *recovery,
                GError     **error)
{
  g_autofree char *given = normalize_recovery (recovery);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) hashes = pd_store_totp_recovery (tx, user->id, &ids, error);

  if (hashes == NULL)
    return FALSE;
  if (strlen (given) == RECOVERY_LEN)
    for (guint i = 0; i < hashes->len; i++)
      if (crypto_pwhash_str_verify (g_ptr_array_index (hashes, i), given, strlen (given)) == 0)
        return pd_store_totp_use_recovery (tx, g_array_index (ids, gint64, i), pd_engine_now (self), error);
  g_set_error_literal (error, PD_ERROR, PD_ERROR_SECOND_FACTOR, "Wrong or already used recovery code");
  return FALSE;
}

static gboolean
check_code (PdEngine     *self,
            PdUser       *user,
            const char   *code,
            const char   *recovery,
            GError      **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdTotpRow) row = NULL;
  g_autofree char *digits = NULL;
  guint8 secret[PD_TOTP_SECRET_LEN];
  gint64 step = 0;
  Match m;

  if ((code == NULL) == (recovery == NULL))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Give either a code or a recovery code");
      return FALSE;
    }
  if (code != NULL && (digits = pd_totp_normalize (code)) == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "A code is %d digits", PD_TOTP_DIGITS);
      return FALSE;
    }
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  row = pd_store_totp_get (tx, user->id, error);
  if (row == NULL || !row->active)
    {
      g_clear_error (error);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT, "Two-factor sign-in is not set up for this account");
      return FALSE;
    }
  if (recovery != NULL)
    return check_recovery (self, tx, user, recovery, error) && pd_store_commit (tx, error);
  if (!unseal (self, user->id, row->sealed, secret, error))
    return FALSE;
  m = match_code (self, secret, digits, row->last_step, &step);
  sodium_memzero (secret, sizeof secret);
  if (m == MATCH_USED)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_SECOND_FACTOR,
                           "This code has been used already; wait for the next one");
      return FALSE;
    }
  if (m == MATCH_NONE)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_SECOND_FACTOR, "Wrong code");
      return FALSE;
    }
  return pd_store_totp_use_step (tx, user->id, step, error) && pd_store_commit (tx, error);
}

char *
_pd_engine_totp_check (PdEngine    *self,
                       PdCaller    *caller,
                       const char  *action,
                       const char  *code,
                       const char  *recovery,
                       guint       *out_retry_after_s,
                       GError     **error)
{
  PdUser *user = caller->session->user;
  g_autofree char *params = _pd_params ("username", user->username,
                                        "method", code != NULL ? "totp" : "recovery", NULL);

  if (!_pd_engine_throttle_take (self, caller, user->username, caller->client, params, out_retry_after_s, error))
    return NULL;
  if (!check_code (self, user, code, recovery, error))
    {
      pd_engine_audit (self, caller, action, user->username, params, "failed", NULL);
      return NULL;
    }
  _pd_engine_throttle_give_back (self, user->username, caller->client);
  return g_steal_pointer (&params);
}

/* The caller's own session, its password given and no code owed. */
static gboolean
own_session (PdEngine    *self,
             PdCaller    *caller,
             const char  *action,
             GError     **error)
{
  if (caller->kind == PD_CALLER_SESSION && caller->session->factor != PD_FACTOR_CODE)
    return TRUE;
  pd_engine_audit (self, caller, action, NULL, NULL, "denied", NULL);
  if (caller->kind == PD_CALLER_SESSION)
    g_set_error_literal (error, PD_ERROR, PD_ERROR_SECOND_FACTOR, "Enter your sign-in code first");
  else
    g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Only a signed-in user has two-factor sign-in");
  return FALSE;
}

gboolean
pd_engine_totp_status (PdEngine      *self,
                       PdCaller      *caller,
                       PdTotpStatus  *out,
                       GError       **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdTotpRow) row = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) hashes = NULL;
  PdUser *user;

  if (!own_session (self, caller, "totp.status", error))
    return FALSE;
  user = caller->session->user;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  memset (out, 0, sizeof *out);
  row = pd_store_totp_get (tx, user->id, NULL);
  hashes = pd_store_totp_recovery (tx, user->id, &ids, error);
  if (hashes == NULL)
    return FALSE;
  out->enrolled = row != NULL && row->active;
  out->pending = row != NULL && !row->active;
  out->activated_at = row != NULL ? row->activated_at : 0;
  out->required = (self->config->two_factor_roles & PD_ROLE_BIT (user->role)) != 0;
  out->recovery_left = out->enrolled ? hashes->len : 0;
  return _pd_engine_audit_tx (self, tx, caller, "totp.status", user->username, NULL, "ok", error) &&
         pd_store_commit (tx, error);
}

gboolean
pd_engine_totp_enroll (PdEngine    *self,
                       PdCaller    *caller,
                       char       **out_secret,
                       char       **out_uri,
                       GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdTotpRow) row = NULL;
  g_autoptr(GBytes) sealed = NULL;
  guint8 secret[PD_TOTP_SECRET_LEN];
  PdUser *user;

  if (!own_session (self, caller, "totp.enroll", error))
    return FALSE;
  user = caller->session->user;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  row = pd_store_totp_get (tx, user->id, NULL);
  if (row != NULL && row->active)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT,
                           "Two-factor sign-in is on already: turn it off first (with a current code)");
      return FALSE;
    }
  randombytes_buf (secret, sizeof secret);
  sealed = seal (self, user->id, secret);
  *out_secret = pd_base32_encode (secret, sizeof secret);
  sodium_memzero (secret, sizeof secret);
  *out_uri = pd_totp_uri (ISSUER, user->username, *out_secret);
  if (!pd_store_totp_begin (tx, user->id, sealed, pd_engine_now (self), error) ||
      !_pd_engine_audit_tx (self, tx, caller, "totp.enroll", user->username, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    {
      g_clear_pointer (out_secret, g_free);
      g_clear_pointer (out_uri, g_free);
      return FALSE;
    }
  return TRUE;
}

static char *
new_recovery_code (char **out_hash)
{
  guint8 rnd[8];
  g_autofree char *upper = NULL;
  g_autofree char *b32 = NULL;
  char hash[crypto_pwhash_STRBYTES];

  randombytes_buf (rnd, sizeof rnd);
  upper = pd_base32_encode (rnd, sizeof rnd);
  b32 = g_ascii_strdown (upper, -1);
  b32[RECOVERY_LEN] = '\0';
  if (crypto_pwhash_str (hash, b32, RECOVERY_LEN, RECOVERY_OPSLIMIT, RECOVERY_MEMLIMIT) != 0)
    return NULL;
  *out_hash = g_strdup (hash);
  return g_strdup_printf ("%.5s-%.5s", b32, b32 + 5);
}

GStrv
pd_engine_totp_confirm (PdEngine    *self,
                        PdCaller    *caller,
                        const char  *code,
                        GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdTotpRow) row = NULL;
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autofree char *digits = pd_totp_normalize (code);
  guint8 secret[PD_TOTP_SECRET_LEN];
  gint64 step = 0, now = pd_engine_now (self);
  PdUser *user;
  Match m;

  if (!own_session (self, caller, "totp.confirm", error))
    return NULL;
  user = caller->session->user;
  if (digits == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "A code is %d digits", PD_TOTP_DIGITS);
      return NULL;
    }
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  row = pd_store_totp_get (tx, user->id, NULL);
  if (row == NULL || row->active)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT,
                           row == NULL ? "Start enrolment first" : "Two-factor sign-in is on already");
      return NULL;
    }
  if (!unseal (self, user->id, row->sealed, secret, error))
    return NULL;
  m = match_code (self, secret, digits, 0, &step);
  sodium_memzero (secret, sizeof secret);
  if (m != MATCH_OK)
    {
      _pd_engine_audit_tx (self, tx, caller, "totp.confirm", user->username, NULL, "failed", NULL);
      pd_store_commit (tx, NULL);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "Wrong code: check that the authenticator's clock is right and type the code it shows now");
      return NULL;
    }
  if (!pd_store_totp_activate (tx, user->id, step, now, error))
    return NULL;
  for (guint i = 0; i < PD_TOTP_RECOVERY_CODES; i++)
    {
      g_autofree char *hash = NULL;
      g_autofree char *text = new_recovery_code (&hash);

      if (text == NULL)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INTERNAL, "Out of memory hashing a recovery code");
          return NULL;
        }
      if (!pd_store_totp_add_recovery (tx, user->id, hash, error))
        return NULL;
      g_strv_builder_add (codes, text);
    }
  if (caller->session->factor == PD_FACTOR_ENROL &&
      !pd_store_session_set_factor (tx, caller->session->id, PD_FACTOR_DONE, now, error))
    return NULL;
  if (!_pd_engine_audit_tx (self, tx, caller, "totp.confirm", user->username, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  caller->session->factor = PD_FACTOR_DONE;
  return g_strv_builder_end (codes);
}

gboolean
pd_engine_totp_disable (PdEngine    *self,
                        PdCaller    *caller,
                        const char  *code,
                        const char  *recovery,
                        guint       *out_retry_after_s,
                        GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL;
  PdFactor due;
  PdUser *user;

  if (!_pd_engine_require_role (self, caller, PD_ROLES_ALL, "totp.disable", error))
    return FALSE;
  user = caller->session->user;
  params = _pd_engine_totp_check (self, caller, "totp.disable", code, recovery, out_retry_after_s, error);
  if (params == NULL)
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  if (!pd_store_totp_delete (tx, user->id, NULL, error))
    return FALSE;
  /* a role the policy names enrols again before anything else */
  due = _pd_engine_factor_due (self, tx, user);
  if (due != PD_FACTOR_DONE &&
      !pd_store_session_set_factor (tx, caller->session->id, due, pd_engine_now (self), error))
    return FALSE;
  if (!_pd_engine_audit_tx (self, tx, caller, "totp.disable", user->username, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  caller->session->factor = due;
  return TRUE;
}

gboolean
pd_engine_totp_reset (PdEngine    *self,
                      PdCaller    *caller,
                      const char  *username,
                      GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;
  g_autofree char *params = NULL;
  gboolean existed = FALSE;

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN), "user.totp_reset", error))
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  user = pd_store_user_get (tx, username, NULL, NULL);
  if (user == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No user %s", username);
      return FALSE;
    }
  /* their sessions end: the next sign-in asks for enrolment when due */
  if (!pd_store_totp_delete (tx, user->id, &existed, error) ||
      !pd_store_session_delete_for_user (tx, user->id, error))
    return FALSE;
  params = _pd_params ("had_two_factor", existed ? "yes" : "no", NULL);
  return _pd_engine_audit_tx (self, tx, caller, "user.totp_reset", user->username, params, "ok", error) &&
         pd_store_commit (tx, error);
}

const char *
pd_engine_redress_text (PdEngine *self)
{
  return self->redress_text;
}

const char *
pd_engine_redress_version (PdEngine *self)
{
  return self->redress_version;
}
