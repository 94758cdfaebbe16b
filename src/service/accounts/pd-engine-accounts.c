/* pd-engine-accounts.c: users, roles, the LPR entitlement, API keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <sodium.h>
#include <string.h>

#include "pd-credential.h"
#include "pd-engine-accounts.h"
#include "pd-engine-private.h"
#include "pd-retention.h"
#include "pd-events.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-lpr-read.h"
#include "pd-throttle.h"

#define ADMIN       PD_ROLE_BIT (PD_ROLE_ADMIN)
/* Supervisors who may give the first of the two approvals of an entitlement
 * and re-certify it every quarter. */
#define SUPERVISORS (PD_ROLE_BIT (PD_ROLE_ADMIN) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR))
#define ENTITLEMENT_LIFETIME (365 * PD_USEC_PER_DAY)
/* The roles that hold entitlements of some kind. */
#define HOLDERS     (PD_ROLES_OFFICERS & ~PD_ROLE_BIT (PD_ROLE_AG_SPECIALIST))

static gboolean
role_needs_port (PdRole role)
{
  return role != PD_ROLE_ADMIN && role != PD_ROLE_AUDITOR && role != PD_ROLE_LPR_ANALYST;
}

static gboolean
valid_username (const char *s)
{
  gsize len = strlen (s);

  if (len < 2 || len > 64 || !g_ascii_isalpha (s[0]))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
email_in_domain (const char *email,
                 const char *domain)
{
  const char *at = strrchr (email, '@');

  return at != NULL && g_ascii_strcasecmp (at + 1, domain) == 0;
}

/* A one-time password an administrator hands over: 20 characters of an
 * alphabet without look-alikes (no 0/o, 1/l/i) in groups of five, about
 * 99 bits, read aloud or typed without mistakes. */
static char *
one_time_password (void)
{
  static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  GString *s = g_string_sized_new (24);

  for (guint i = 0; i < 20; i++)
    {
      if (i > 0 && i % 5 == 0)
        g_string_append_c (s, '-');
      g_string_append_c (s, alphabet[randombytes_uniform (sizeof alphabet - 1)]);
    }
  return g_string_free (s, FALSE);
}

/* Validates a role/port/email combination; used on create and role change. */
static gboolean
check_role_assignment (PdEngine    *self,
                       PdStoreTx   *tx,
                       PdRole       role,
                       const char  *email,
                       const char  *port,
                       GError     **error)
{
  const char *tsa = self->config->tsa_email_domain;

  if (role == PD_ROLE_NONE)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "Unknown role; use ag_specialist, cbp_officer, tsa_supervisor, lpr_analyst, "
                           "port_director, pau_analyst, auditor or admin");
      return FALSE;
    }
  if (role == PD_ROLE_TSA_SUPERVISOR && !email_in_domain (email, tsa))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                   "A TSA supervisor must sign in with an official @%s address", tsa);
      return FALSE;
    }
  if (role != PD_ROLE_TSA_SUPERVISOR && email_in_domain (email, tsa))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                   "An @%s account can only hold the tsa_supervisor role", tsa);
      return FALSE;
    }
  if (role_needs_port (role) && (port == NULL || *port == '\0'))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "The %s role needs a port", pd_role_to_string (role));
      return FALSE;
    }
  if (port != NULL && *port != '\0' && !pd_store_port_exists (tx, port))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Unknown port '%s'", port);
      return FALSE;
    }
  return TRUE;
}

PdUser *
pd_engine_user_create (PdEngine    *self,
                       PdCaller    *caller,
                       const char  *username,
                       const char  *display_name,
                       const char  *email,
                       PdRole       role,
                       const char  *port,
                       const char  *password,
                       char       **out_one_time,
                       GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *params = NULL;
  g_autofree char *one_time = NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, "user.create", error))
    return NULL;
  if (!valid_username (username))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "A user name has 2 to 64 letters, digits, '.', '_' or '-' and starts with a letter");
      return NULL;
    }
  if (email == NULL || strchr (email, '@') == NULL || strlen (email) > 254 || strchr (email, ' ') != NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "A valid e-mail address is required");
      return NULL;
    }
  if (password == NULL)
    {
      g_return_val_if_fail (out_one_time != NULL, NULL);
      password = one_time = one_time_password ();
    }
  if (!_pd_engine_check_password_strength (password, error))
    return NULL;
  hash = _pd_engine_hash_password (password, error);
  if (hash == NULL)
    return NULL;

  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  if (!check_role_assignment (self, tx, role, email, port, error))
    return NULL;

  user = g_new0 (PdUser, 1);
  user->username = g_strdup (username);
  user->display_name = g_strdup (display_name != NULL && *display_name ? display_name : username);
  user->email = g_ascii_strdown (email, -1);
  user->role = role;
  user->port = role_needs_port (role) || (port && *port) ? g_strdup (port) : NULL;
  user->created_at = pd_engine_now (self);
  user->shift_start = user->shift_end = -1;
  user->must_change_password = one_time != NULL;
  if (!pd_store_user_insert (tx, user, hash, error))
    {
      if (g_error_matches (*error, PD_ERROR, PD_ERROR_CONFLICT))
        {
          g_clear_error (error);
          g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "A user named '%s' already exists", username);
        }
      return NULL;
    }
  /* the one-time password itself never reaches the audit */
  params = _pd_params ("role", pd_role_to_string (role), "port", port, "email", user->email,
                       "password", one_time != NULL ? "one-time" : NULL, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "user.create", username, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  if (out_one_time != NULL)
    *out_one_time = g_steal_pointer (&one_time);
  return g_steal_pointer (&user);
}

/* The names whose sign-ins are held back now (a JSON array). */
static char *
throttled_names (PdEngine *self)
{
  g_autoptr(GPtrArray) entries = pd_throttle_list (self->login_throttle);
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  gint64 now = pd_engine_now (self);

  json_builder_begin_array (b);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      PdThrottleEntry *e = g_ptr_array_index (entries, i);

      if (e->next_allowed > now)
        json_builder_add_string_value (b, e->account);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Marks the users whose sign-ins are held back now. */
static void
mark_locked (PdEngine   *self,
             GPtrArray  *users,
             const char *names_json)
{
  g_autoptr(JsonNode) names = json_from_string (names_json, NULL);
  JsonArray *arr = names != NULL && JSON_NODE_HOLDS_ARRAY (names) ? json_node_get_array (names) : NULL;
  gint64 now = pd_engine_now (self);

  for (guint i = 0; i < users->len; i++)
    {
      PdUser *u = g_ptr_array_index (users, i);

      u->locked = u->locked_until > now;
      for (guint k = 0; arr != NULL && !u->locked && k < json_array_get_length (arr); k++)
        u->locked = g_strcmp0 (json_array_get_string_element (arr, k), u->username) == 0;
    }
}

GPtrArray *
pd_engine_user_list (PdEngine           *self,
                     PdCaller           *caller,
                     const PdUserFilter *filter,
                     gint64              after_id,
                     guint               limit,
                     GError            **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, after_id);
  g_autofree char *locked = NULL;
  const char *status = filter != NULL ? filter->status : NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, "user.list", error))
    return NULL;
  if (status != NULL && g_strcmp0 (status, "active") != 0 && g_strcmp0 (status, "disabled") != 0 &&
      g_strcmp0 (status, "locked") != 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "status must be active, disabled or locked");
      return NULL;
    }
  if (filter != NULL && filter->q != NULL && (g_utf8_strlen (filter->q, -1) > 128 || !g_utf8_validate (filter->q, -1, NULL)))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "q must be text of at most 128 characters");
      return NULL;
    }
  locked = throttled_names (self);
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  users = pd_store_user_list (tx, filter, pd_engine_now (self), locked, after_id, limit, error);
  if (users == NULL)
    return NULL;
  mark_locked (self, users, locked);
  {
    g_autofree char *params = _pd_params ("after", after, "q", filter != NULL ? filter->q : NULL,
                                          "role", filter != NULL && filter->role != PD_ROLE_NONE ?
                                                  pd_role_to_string (filter->role) : NULL,
                                          "status", status, NULL);
    if (!_pd_engine_audit_tx (self, tx, caller, "user.list", NULL, params, "ok", error) ||
        !pd_store_commit (tx, error))
      return NULL;
  }
  return g_steal_pointer (&users);
}

PdUser *
pd_engine_user_get (PdEngine    *self,
                    PdCaller    *caller,
                    const char  *username,
                    GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, "user.get", error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  user = pd_store_user_get (tx, username, NULL, error);
  if (user == NULL)
    return NULL;
  {
    g_autofree char *locked = throttled_names (self);
    g_autoptr(GPtrArray) one = g_ptr_array_new ();

    g_ptr_array_add (one, user);
    mark_locked (self, one, locked);
  }
  if (!_pd_engine_audit_tx (self, tx, caller, "user.get", username, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&user);
}

/* Loads @username, lets @change edit it, stores it, ends its sessions if
 * asked, audits: the one path for every admin change to an account. */
typedef gboolean (*UserChange) (PdEngine *self, PdStoreTx *tx, PdUser *user, gpointer data, GError **error);

static PdUser *
change_user (PdEngine    *self,
             PdCaller    *caller,
             const char  *action,
             const char  *username,
             const char  *params,
             gboolean     end_sessions,
             UserChange   change,
             gpointer     data,
             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, action, error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  user = pd_store_user_get (tx, username, NULL, error);
  if (user == NULL)
    return NULL;
  if (!change (self, tx, user, data, error))
    return NULL;
  if (!pd_store_user_update (tx, user, error))
    return NULL;
  if (end_sessions && !pd_store_session_delete_for_user (tx, user->id, error))
    return NULL;
  if (!_pd_engine_audit_tx (self, tx, caller, action, username, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&user);
}

typedef struct {
  PdRole      role;
  const char *port;
} RoleChange;

static gboolean
apply_role (PdEngine   *self,
            PdStoreTx  *tx,
            PdUser     *user,
            gpointer    data,
            GError    **error)
{
  RoleChange *rc = data;

  if (!check_role_assignment (self, tx, rc->role, user->email, rc->port, error))
    return FALSE;
  user->role = rc->role;
  g_free (user->port);
  user->port = rc->port != NULL && *rc->port ? g_strdup (rc->port) : NULL;
  return TRUE;
}

PdUser *
pd_engine_user_set_role (PdEngine    *self,
                         PdCaller    *caller,
                         const char  *username,
                         PdRole       role,
                         const char  *port,
                         GError     **error)
{
  RoleChange rc = { role, port };
  g_autofree char *params = _pd_params ("role", pd_role_to_string (role), "port", port, NULL);

  if (caller->kind == PD_CALLER_SESSION && g_strcmp0 (caller->session->user->username, username) == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "You cannot change your own role");
      return NULL;
    }
  /* A role change ends the user's sessions: the new role starts at the next logon. */
  return change_user (self, caller, "user.role", username, params, TRUE, apply_role, &rc, error);
}

typedef struct {
  gboolean    disabled;
  const char *reason;
} DisabledChange;

static gboolean
apply_disabled (PdEngine   *self,
                PdStoreTx  *tx,
                PdUser     *user,
                gpointer    data,
                GError    **error)
{
  DisabledChange *dc = data;

  user->disabled = dc->disabled;
  g_free (user->disabled_reason);
  user->disabled_reason = dc->disabled && dc->reason != NULL ? g_strdup (dc->reason) : NULL;
  return TRUE;
}

/* Disables (with @reason: suspends, and the user is told why at sign-in)
 * or enables @username. */
PdUser *
pd_engine_user_set_disabled (PdEngine    *self,
                             PdCaller    *caller,
                             const char  *username,
                             gboolean     disabled,
                             const char  *reason,
                             GError     **error)
{
  DisabledChange dc = { disabled, reason };
  g_autofree char *params = NULL;

  if (reason != NULL && (!disabled || !pd_text_check ("reason", reason, 500, error)))
    {
      if (!disabled)
        g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Only a suspension takes a reason");
      return NULL;
    }
  if (disabled && caller->kind == PD_CALLER_SESSION && g_strcmp0 (caller->session->user->username, username) == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "You cannot disable your own account");
      return NULL;
    }
  params = _pd_params ("reason", reason, NULL);
  return change_user (self, caller, disabled ? (reason != NULL ? "user.suspend" : "user.disable") : "user.enable",
                      username, params, disabled, apply_disabled, &dc, error);
}

typedef struct {
  const char *birth_date;     /* NULL: unchanged, "": none */
  const char *plate;
  gint        shift_start;    /* -2: unchanged, -1: none */
  gint        shift_end;
} ProfileChange;

static gboolean
apply_profile (PdEngine   *self,
               PdStoreTx  *tx,
               PdUser     *user,
               gpointer    data,
               GError    **error)
{
  ProfileChange *pc = data;

  if (pc->birth_date != NULL)
    {
      g_free (user->birth_date);
      user->birth_date = *pc->birth_date ? g_strdup (pc->birth_date) : NULL;
    }
  if (pc->plate != NULL)
    {
      g_free (user->plate);
      user->plate = NULL;
      if (*pc->plate)
        pd_lpr_plate_normalize (pc->plate, &user->plate, NULL);
    }
  if (pc->shift_start != -2)
    {
      user->shift_start = pc->shift_start;
      user->shift_end = pc->shift_end;
    }
  return TRUE;
}

/* What the misuse flags compare a user's activity with: date of birth and
 * own plate (self-searches), shift hours (off-shift use).  The audit entry
 * names the fields changed, never their values. */
PdUser *
pd_engine_user_set_profile (PdEngine    *self,
                            PdCaller    *caller,
                            const char  *username,
                            const char  *birth_date,
                            const char  *plate,
                            gint         shift_start,
                            gint         shift_end,
                            GError     **error)
{
  ProfileChange pc = { birth_date, plate, shift_start, shift_end };
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autofree char *params = NULL, *start = NULL, *end = NULL;

  if (birth_date != NULL && *birth_date && !_pd_engine_valid_date (self, "birth_date", birth_date, TRUE, error))
    return NULL;
  if (plate != NULL && *plate)
    {
      g_autofree char *norm = NULL;

      if (!pd_lpr_plate_normalize (plate, &norm, NULL))
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "plate must have 1 to 10 letters and digits");
          return NULL;
        }
    }
  if ((shift_start == -2) != (shift_end == -2) || (shift_start == -1) != (shift_end == -1) ||
      shift_start < -2 || shift_start > 23 || shift_end < -2 || shift_end > 23 ||
      (shift_start >= 0 && shift_start == shift_end))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "A shift has a start and an end hour, 0 to 23, "
                           "not the same (or both null for the configured night)");
      return NULL;
    }
  if (birth_date == NULL && plate == NULL && shift_start == -2)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Nothing to change: give birth_date, plate or a shift");
      return NULL;
    }
  if (birth_date != NULL)
    g_string_append (fields, "birth_date,");
  if (plate != NULL)
    g_string_append (fields, "plate,");
  if (shift_start != -2)
    {
      g_string_append (fields, "shift,");
      if (shift_start >= 0)
        {
          start = g_strdup_printf ("%d", shift_start);
          end = g_strdup_printf ("%d", shift_end);
        }
    }
  g_string_truncate (fields, fields->len - 1);
  params = _pd_params ("fields", fields->str, "shift_start", start, "shift_end", end, NULL);
  return change_user (self, caller, "user.profile", username, params, FALSE, apply_profile, &pc, error);
}

static gboolean
apply_password (PdEngine   *self,
                PdStoreTx  *tx,
                PdUser     *user,
                gpointer    data,
                GError    **error)
{
  user->failed_logins = 0;
  user->locked_until = 0;
  user->must_change_password = TRUE;
  return pd_store_user_set_password (tx, user->id, data, TRUE, error);
}

PdUser *
pd_engine_user_reset_password (PdEngine    *self,
                               PdCaller    *caller,
                               const char  *username,
                               char       **out_password,
                               GError     **error)
{
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(PdUser) user = NULL;

  /* refused before the hash's work when the caller may not */
  if (!_pd_engine_require_role (self, caller, ADMIN, "user.reset_password", error))
    return NULL;
  password = one_time_password ();
  hash = _pd_engine_hash_password (password, error);
  if (hash == NULL)
    return NULL;
  /* the audit says a one-time password was made, never what it is */
  user = change_user (self, caller, "user.reset_password", username, "{\"password\":\"one-time\"}", TRUE,
                      apply_password, hash, error);
  if (user == NULL)
    return NULL;
  *out_password = g_steal_pointer (&password);
  return g_steal_pointer (&user);
}

GPtrArray *
pd_engine_list_ports (PdEngine  *self,
                      PdCaller  *caller,
                      GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, "ports.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_port_list (tx, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "ports.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

GPtrArray *
pd_engine_user_sessions (PdEngine    *self,
                         PdCaller    *caller,
                         const char  *username,
                         GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, "user.sessions", error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  user = pd_store_user_get (tx, username, NULL, error);
  if (user == NULL)
    return NULL;
  rows = pd_store_session_list_for_user (tx, user->id, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *o = g_ptr_array_index (rows, i);
      PdSession s = { 0 };
      g_autofree char *expires = NULL;
      const char *factor = json_object_get_string_member_with_default (o, "factor", "done");

      if (!pd_time_parse (json_object_get_string_member_with_default (o, "created_at", ""), &s.created_at) ||
          !pd_time_parse (json_object_get_string_member_with_default (o, "last_seen_at", ""), &s.last_seen))
        s.last_seen = s.created_at;
      s.factor = g_str_equal (factor, "code") ? PD_FACTOR_CODE : g_str_equal (factor, "enrol") ? PD_FACTOR_ENROL
                                                                                              : PD_FACTOR_DONE;
      expires = pd_time_format (pd_engine_session_expires (self, &s));
      json_object_set_string_member (o, "expires_at", expires);
      json_object_set_boolean_member (o, "rules_accepted", json_object_get_int_member_with_default (o, "rules_accepted", 0) != 0);
    }
  if (!_pd_engine_audit_tx (self, tx, caller, "user.sessions", username, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

gboolean
pd_engine_user_end_sessions (PdEngine    *self,
                             PdCaller    *caller,
                             const char  *username,
                             gint64       session_id,
                             guint       *out_ended,
                             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;
  g_autofree char *id = session_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, session_id) : NULL;
  g_autofree char *params = NULL;
  g_autofree char *ended = NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, "user.end_sessions", error))
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  user = pd_store_user_get (tx, username, NULL, error);
  if (user == NULL)
    return FALSE;
  if (!pd_store_session_end_for_user (tx, user->id, session_id, out_ended, error))
    return FALSE;
  if (session_id > 0 && *out_ended == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%s has no session %" G_GINT64_FORMAT " (it may have ended)",
                   username, session_id);
      return FALSE;
    }
  ended = g_strdup_printf ("%u", *out_ended);
  params = _pd_params ("session", id != NULL ? id : "all", "ended", ended, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "user.end_sessions", username, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  return TRUE;
}

/* The LPR entitlement: requested for an lpr_analyst with a training
 * attestation date, approved by a supervisor and by the system owner
 * (two different people, neither the analyst nor, for the owner, the
 * requester), active for a year from the second approval. */

static gboolean
valid_training_date (const char  *date,
                     gint64       now,
                     GError     **error)
{
  g_autofree char *iso = g_strconcat (date ? date : "", "T00:00:00Z", NULL);
  gint64 t;

  if (date == NULL || strlen (date) != 10 || !pd_time_parse (iso, &t))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "training_date must be a date, YYYY-MM-DD");
      return FALSE;
    }
  if (t > now)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "training_date cannot be in the future");
      return FALSE;
    }
  if (t < now - ENTITLEMENT_LIFETIME)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "The privacy training is more than a year old; it must be renewed first");
      return FALSE;
    }
  return TRUE;
}

/* Tells the supervisors, who keep the approvals queue, and the kind's
 * holders that entitlement @ent is now @status (after the commit). */
static void
emit_entitlement_changed (PdEngine            *self,
                          PdStoreTx          **committed,
                          const PdEntitlement *ent,
                          const char          *status)
{
  pd_engine_emit_event (self, committed, PD_EVENT_ENTITLEMENT_CHANGED, NULL,
                        SUPERVISORS | pd_entitlement_kind_lookup (ent->kind)->holders, NULL,
                        _pd_params_node ("user", ent->username, "kind", ent->kind, "status", status, NULL));
}

PdEntitlement *
pd_engine_entitlement_request (PdEngine    *self,
                               PdCaller    *caller,
                               const char  *username,
                               const char  *kind,
                               const char  *training_date,
                               GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;
  g_autoptr(PdEntitlement) ent = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree char *params = _pd_params ("kind", kind, "training_date", training_date, NULL);
  const PdEntitlementKind *k;
  gint64 now = pd_engine_now (self);

  if (!_pd_engine_require_role (self, caller, SUPERVISORS, "entitlement.request", error))
    return NULL;
  if ((k = pd_entitlement_kind_lookup (kind)) == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "kind must be 'lpr' (LPR data) or 'face' (face matching)");
      return NULL;
    }
  if (!valid_training_date (training_date, now, error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  user = pd_store_user_get (tx, username, NULL, error);
  if (user == NULL)
    return NULL;
  if ((k->holders & PD_ROLE_BIT (user->role)) == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "'%s' is %s: that role does not use %s, so it holds no '%s' "
                   "entitlement", username, pd_role_to_string (user->role), k->title, kind);
      return NULL;
    }
  existing = pd_store_entitlement_list (tx, user->id, error);
  if (existing == NULL)
    return NULL;
  for (guint i = 0; i < existing->len; i++)
    {
      PdEntitlement *e = g_ptr_array_index (existing, i);
      if (e->status == PD_ENTITLEMENT_PENDING && g_strcmp0 (e->kind, kind) == 0)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Request %" G_GINT64_FORMAT " for '%s' is still pending",
                       e->id, username);
          return NULL;
        }
    }
  ent = g_new0 (PdEntitlement, 1);
  ent->user_id = user->id;
  ent->username = g_strdup (username);
  ent->kind = g_strdup (kind);
  ent->training_date = g_strdup (training_date);
  ent->requested_by = caller->kind == PD_CALLER_SESSION ? caller->session->user_id : 0;
  ent->requested_by_name = ent->requested_by != 0 ? g_strdup (pd_caller_actor (caller)) : NULL;
  ent->requested_at = now;
  ent->status = PD_ENTITLEMENT_PENDING;
  if (!pd_store_entitlement_insert (tx, ent, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "entitlement.request", username, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit_entitlement_changed (self, &tx, ent, "pending");
  return g_steal_pointer (&ent);
}

/* Request @id, still pending and not @me's own. */
static PdEntitlement *
pending_entitlement (PdStoreTx  *tx,
                     gint64      id,
                     gint64      me,
                     GError    **error)
{
  g_autoptr(PdEntitlement) ent = pd_store_entitlement_get (tx, id, error);

  if (ent == NULL)
    return NULL;
  if (ent->status != PD_ENTITLEMENT_PENDING)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Request %" G_GINT64_FORMAT " is %s, not pending",
                   id, pd_entitlement_status_to_string (ent->status));
      return NULL;
    }
  if (me == ent->user_id)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Nobody may approve or deny their own entitlement");
      return NULL;
    }
  return g_steal_pointer (&ent);
}

PdEntitlement *
pd_engine_entitlement_approve (PdEngine    *self,
                               PdCaller    *caller,
                               gint64       id,
                               const char  *level,
                               GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdEntitlement) ent = NULL;
  g_autofree char *object = g_strdup_printf ("entitlement:%" G_GINT64_FORMAT, id);
  g_autofree char *params = _pd_params ("level", level, NULL);
  gboolean owner = g_strcmp0 (level, "system_owner") == 0;
  gint64 now = pd_engine_now (self);
  gint64 me;

  if (!owner && g_strcmp0 (level, "supervisor") != 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "level must be 'supervisor' or 'system_owner'");
      return NULL;
    }
  if (!_pd_engine_require_role (self, caller, owner ? ADMIN : SUPERVISORS, "entitlement.approve", error))
    return NULL;
  me = caller->kind == PD_CALLER_SESSION ? caller->session->user_id : 0;

  tx = pd_store_begin (self->store, error);
  if (tx == NULL || (ent = pending_entitlement (tx, id, me, error)) == NULL)
    return NULL;
  if ((owner ? ent->owner_at : ent->supervisor_at) > 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "The %s approval has already been given", level);
      return NULL;
    }
  if (me != 0 && (me == (owner ? ent->supervisor_id : ent->owner_id)))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN,
                           "The two approvals must come from two different people");
      return NULL;
    }
  if (owner)
    {
      ent->owner_id = me;
      ent->owner_at = now;
      g_free (ent->owner_name);
      ent->owner_name = me != 0 ? g_strdup (pd_caller_actor (caller)) : NULL;
    }
  else
    {
      ent->supervisor_id = me;
      ent->supervisor_at = now;
      g_free (ent->supervisor_name);
      ent->supervisor_name = me != 0 ? g_strdup (pd_caller_actor (caller)) : NULL;
    }
  if (ent->owner_at > 0 && ent->supervisor_at > 0)
    {
      ent->status = PD_ENTITLEMENT_ACTIVE;
      ent->granted_at = now;
      ent->expires_at = now + ENTITLEMENT_LIFETIME;
    }
  if (!pd_store_entitlement_update (tx, ent, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "entitlement.approve", object, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit_entitlement_changed (self, &tx, ent, ent->status == PD_ENTITLEMENT_ACTIVE ? "active" : "pending");
  return g_steal_pointer (&ent);
}

/* A supervisor or the system owner refuses a pending request, saying why. */
PdEntitlement *
pd_engine_entitlement_deny (PdEngine    *self,
                            PdCaller    *caller,
                            gint64       id,
                            const char  *reason,
                            GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdEntitlement) ent = NULL;
  g_autofree char *object = g_strdup_printf ("entitlement:%" G_GINT64_FORMAT, id);
  g_autofree char *params = _pd_params ("reason", reason, NULL);

  if (!_pd_engine_require_role (self, caller, SUPERVISORS, "entitlement.deny", error) ||
      !pd_text_check ("reason", reason, 500, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (ent = pending_entitlement (tx, id, pd_caller_user_id (caller), error)) == NULL)
    return NULL;
  ent->status = PD_ENTITLEMENT_DENIED;
  ent->denied_reason = g_strdup (reason);
  ent->denied_by = pd_caller_user_id (caller);
  ent->denied_at = pd_engine_now (self);
  g_free (ent->denied_by_name);
  ent->denied_by_name = ent->denied_by != 0 ? g_strdup (pd_caller_actor (caller)) : NULL;
  if (!pd_store_entitlement_update (tx, ent, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "entitlement.deny", object, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit_entitlement_changed (self, &tx, ent, "denied");
  return g_steal_pointer (&ent);
}

/* The holder of an active entitlement acknowledges its access notice
 * (PdEntitlementKind.notice), once, before the entitlement can be used. */
PdEntitlement *
pd_engine_entitlement_acknowledge (PdEngine    *self,
                                   PdCaller    *caller,
                                   gint64       id,
                                   GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdEntitlement) ent = NULL;
  g_autofree char *object = g_strdup_printf ("entitlement:%" G_GINT64_FORMAT, id);

  if (!_pd_engine_require_role (self, caller, HOLDERS, "entitlement.acknowledge", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (ent = pd_store_entitlement_get (tx, id, error)) == NULL)
    return NULL;
  if (ent->user_id != pd_caller_user_id (caller) || ent->status != PD_ENTITLEMENT_ACTIVE)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "You hold no active entitlement %" G_GINT64_FORMAT, id);
      return NULL;
    }
  if (ent->notice_at == 0)
    {
      ent->notice_at = pd_engine_now (self);
      if (!pd_store_entitlement_update (tx, ent, error))
        return NULL;
    }
  if (!_pd_engine_audit_tx (self, tx, caller, "entitlement.acknowledge", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&ent);
}

GPtrArray *
pd_engine_entitlement_list (PdEngine  *self,
                            PdCaller  *caller,
                            GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean own_only;

  if (!_pd_engine_require_role (self, caller, SUPERVISORS | HOLDERS | PD_ROLE_BIT (PD_ROLE_AUDITOR),
                                "entitlement.list", error))
    return NULL;
  own_only = (PD_ROLE_BIT (pd_caller_role (caller)) & (SUPERVISORS | PD_ROLE_BIT (PD_ROLE_AUDITOR))) == 0;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  list = pd_store_entitlement_list (tx, own_only ? caller->session->user_id : 0, error);
  if (list == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "entitlement.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* --- quarterly re-certification ---------------------------------------- */

/* A supervisor (not the holder) re-certifies an active entitlement for the
 * quarter it is due for (pd_entitlement_next_review), once that quarter has
 * begun: the current one, or the one just ended while its grace runs. */
PdEntitlement *
pd_engine_entitlement_recertify (PdEngine    *self,
                                 PdCaller    *caller,
                                 gint64       id,
                                 const char  *note,
                                 GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdEntitlement) ent = NULL;
  g_autofree char *object = g_strdup_printf ("entitlement:%" G_GINT64_FORMAT, id);
  g_autofree char *quarter = NULL;
  g_autofree char *params = NULL;
  gint64 now = pd_engine_now (self), due, start, end;

  if (!_pd_engine_require_role (self, caller, SUPERVISORS, "entitlement.recertify", error) ||
      (note != NULL && !pd_text_check ("note", note, 1000, error)) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (ent = pd_store_entitlement_get (tx, id, error)) == NULL)
    return NULL;
  if (ent->status != PD_ENTITLEMENT_ACTIVE || pd_entitlement_lapses_at (ent) <= now)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Entitlement %" G_GINT64_FORMAT " is not active (%s): a new "
                   "request and two approvals are needed", id,
                   ent->status == PD_ENTITLEMENT_ACTIVE ? "lapsed" : pd_entitlement_status_to_string (ent->status));
      return NULL;
    }
  if (ent->user_id == pd_caller_user_id (caller))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Nobody may re-certify their own entitlement");
      return NULL;
    }
  due = pd_entitlement_next_review (ent);
  quarter = pd_quarter_of (due);
  if (due > now)
    {
      g_autofree char *current = pd_quarter_of (now);
      g_autofree char *opens = pd_time_format (due);

      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Entitlement %" G_GINT64_FORMAT " is certified for %s already; "
                   "its next re-certification, for %s, opens on %.10s", id, current, quarter, opens);
      return NULL;
    }
  pd_quarter_bounds (quarter, &start, &end);
  ent->certified_until = end;
  params = _pd_params ("quarter", quarter, "note", note, NULL);
  if (!pd_store_recertification_insert (tx, id, quarter, pd_caller_user_id (caller), now, note, error) ||
      !pd_store_entitlement_update (tx, ent, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "entitlement.recertify", object, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit_entitlement_changed (self, &tx, ent, "recertified");
  return g_steal_pointer (&ent);
}

/* The re-certification campaign of @quarter (NULL: the current one): every
 * entitlement held during it, who re-certified it and when, and its state:
 * "certified", "granted" (in that quarter: the grant counts), "due" (the
 * quarter runs), "overdue" (ended, in its grace), "missed" (the grace has
 * passed: it lapses) or "lapsed". */
GPtrArray *
pd_engine_recertifications (PdEngine    *self,
                            PdCaller    *caller,
                            const char  *quarter,
                            GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *q = NULL;
  g_autofree char *params = NULL;
  gint64 now = pd_engine_now (self), start, end;

  if ((q = pd_quarter_resolve (quarter, now, &start, &end, error)) == NULL)
    return NULL;
  params = _pd_params ("quarter", q, NULL);
  if (!_pd_engine_require_role (self, caller, SUPERVISORS | PD_ROLE_BIT (PD_ROLE_AUDITOR), "entitlement.recertifications",
                                error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (all = pd_store_entitlement_list (tx, 0, error)) == NULL ||
      (rows = pd_store_recertifications (tx, q, start, end, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "entitlement.recertifications", NULL, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      PdEntitlement *e = g_ptr_array_index (all, i);
      g_hash_table_insert (by_id, &e->id, e);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *o = g_ptr_array_index (rows, i);
      gint64 id = json_object_get_int_member (o, "id");
      PdEntitlement *e = g_hash_table_lookup (by_id, &id);
      const char *state;

      if (json_object_get_member (o, "certified_at") != NULL &&
          !JSON_NODE_HOLDS_NULL (json_object_get_member (o, "certified_at")))
        state = "certified";
      else if (e->granted_at >= start)
        state = "granted";
      else if (e->status != PD_ENTITLEMENT_ACTIVE)
        state = "lapsed";
      else if (now < end)
        state = "due";
      else if (pd_entitlement_lapses_at (e) > now)
        state = "overdue";
      else
        state = "missed";
      json_object_set_string_member (o, "quarter", q);
      json_object_set_string_member (o, "state", state);
      pd_json_object_set_time (o, "granted_at", e->granted_at);
      pd_json_object_set_time (o, "lapses_at", pd_entitlement_lapses_at (e));
      pd_json_object_set_time (o, "due_by", end + PD_REVIEW_GRACE_DAYS * G_TIME_SPAN_DAY);
    }
  return g_steal_pointer (&rows);
}

/* API keys for public principals: "pdk_<8 hex>_<secret>"; the secret is
 * shown once and stored as SHA-256. */

static const char * const known_scopes[] = {
  "scheduling", "landing", "lpr", "tvs", "bus", NULL
};

static gboolean
check_scopes (const char  *scopes,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (scopes, " ", -1);
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (!g_strv_contains (known_scopes, parts[i]))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                       "Unknown scope '%s' (known: scheduling landing lpr tvs bus)", parts[i]);
          return FALSE;
        }
      n++;
    }
  if (n == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "An API key needs at least one scope");
      return FALSE;
    }
  return TRUE;
}

PdApiKey *
pd_engine_apikey_create (PdEngine         *self,
                         PdCaller         *caller,
                         PdPrincipalKind   kind,
                         const char       *name,
                         const char       *port,
                         const char       *scopes,
                         char            **out_secret,
                         GError          **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdApiKey) key = NULL;
  g_autofree char *params = NULL;
  guint8 id_bytes[4], secret_bytes[32], hash[32];
  char id_hex[9];
  char secret[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  if (!_pd_engine_require_role (self, caller, ADMIN, "apikey.create", error))
    return NULL;
  if (kind == PD_PRINCIPAL_NONE)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "Unknown principal kind; use broker, carrier, forwarder, air_operator, airline, lpr_feed, gate_device or bus_carrier");
      return NULL;
    }
  if (name == NULL || *name == '\0' || strlen (name) > 128)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "A principal name of 1 to 128 characters is required");
      return NULL;
    }
  if (!check_scopes (scopes, error))
    return NULL;

  randombytes_buf (id_bytes, sizeof id_bytes);
  randombytes_buf (secret_bytes, sizeof secret_bytes);
  sodium_bin2hex (id_hex, sizeof id_hex, id_bytes, sizeof id_bytes);
  sodium_bin2base64 (secret, sizeof secret, secret_bytes, sizeof secret_bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  crypto_hash_sha256 (hash, (const guint8 *) secret, strlen (secret));

  key = g_new0 (PdApiKey, 1);
  key->key_id = g_strconcat (PD_API_KEY_PREFIX, id_hex, NULL);
  key->kind = kind;
  key->name = g_strdup (name);
  key->port = port != NULL && *port ? g_strdup (port) : NULL;
  key->scopes = g_strdup (scopes);
  key->created_by = caller->kind == PD_CALLER_SESSION ? caller->session->user_id : 0;
  key->created_at = pd_engine_now (self);

  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  if (key->port != NULL && !pd_store_port_exists (tx, key->port))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Unknown port '%s'", key->port);
      return NULL;
    }
  params = _pd_params ("kind", pd_principal_kind_to_string (kind), "name", name, "port", key->port,
                       "scopes", scopes, NULL);
  if (!pd_store_apikey_insert (tx, key, hash, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "apikey.create", key->key_id, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  *out_secret = g_strconcat (key->key_id, "_", secret, NULL);
  sodium_memzero (secret, sizeof secret);
  return g_steal_pointer (&key);
}

GPtrArray *
pd_engine_apikey_list (PdEngine  *self,
                       PdCaller  *caller,
                       GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, "apikey.list", error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  list = pd_store_apikey_list (tx, error);
  if (list == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "apikey.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* Revokes @key_id at once, saying why (kept with the key and audited). */
PdApiKey *
pd_engine_apikey_revoke (PdEngine    *self,
                         PdCaller    *caller,
                         const char  *key_id,
                         const char  *reason,
                         GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdApiKey) key = NULL;
  g_autofree char *params = _pd_params ("reason", reason, NULL);

  if (!_pd_engine_require_role (self, caller, ADMIN, "apikey.revoke", error))
    return NULL;
  if (reason == NULL || *reason == '\0')
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Say why the key is revoked (reason)");
      return NULL;
    }
  if (!pd_text_check ("reason", reason, 500, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      !pd_store_apikey_revoke (tx, key_id, pd_engine_now (self), pd_caller_user_id (caller), reason, error) ||
      (key = pd_store_apikey_lookup (tx, key_id, NULL, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "apikey.revoke", key_id, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&key);
}

/* --- retention ------------------------------------------------------------ */

static gboolean
lapse_entitlements (PdEngine                *engine,
                    PdStoreTx               *tx,
                    gint64                   now,
                    const PdRetentionPolicy *policy,
                    GArray                  *out_ids,
                    GError                 **error)
{
  g_autoptr(GPtrArray) active = pd_store_entitlement_active (tx, error);

  if (active == NULL)
    return FALSE;
  for (guint i = 0; i < active->len; i++)
    {
      PdEntitlement *e = g_ptr_array_index (active, i);

      if (pd_entitlement_lapses_at (e) > now)
        continue;
      e->status = PD_ENTITLEMENT_LAPSED;
      if (!pd_store_entitlement_update (tx, e, error))
        return FALSE;
      g_array_append_val (out_ids, e->id);
    }
  return TRUE;
}

static const PdRetentionPolicy retention[] = {
  { "access.entitlement", "LPR and face-matching entitlements",
    "Need privacy training and two different approvers; lapse a year after the grant, or 30 days after a quarter "
    "that went without its re-certification",
    PD_RETENTION_PURGE, 365 * PD_USEC_PER_DAY, lapse_entitlements,
    "SELECT count(*) FROM entitlements WHERE status = 'active'" },
};

const PdRetentionPolicy *
pd_accounts_retention (guint *n_policies)
{
  *n_policies = G_N_ELEMENTS (retention);
  return retention;
}
