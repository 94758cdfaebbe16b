/* pd-store-accounts.c: ports, users, sessions, entitlements, API keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <string.h>

#include "pd-error.h"
#include "pd-store-private.h"

#define USER_COLUMNS "id, username, display_name, email, role, port, disabled, must_change_password, " \
                     "failed_logins, locked_until, created_at, password_hash, own_birth_date, own_plate, " \
                     "coalesce(shift_start, -1), coalesce(shift_end, -1), disabled_reason"

gboolean
pd_store_port_exists (PdStoreTx  *tx,
                      const char *code)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT 1 FROM ports WHERE code = ?1", NULL);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, code);
  return pd_stmt_step (stmt) == PD_ROW;
}

GPtrArray *
pd_store_port_list (PdStoreTx  *tx,
                    GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT code, name FROM ports ORDER BY code", error);

  if (stmt == NULL)
    return NULL;
  return _pd_store_json_rows (tx, stmt, "list ports", error);
}

gboolean
pd_store_port_insert (PdStoreTx   *tx,
                      const char  *code,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "INSERT INTO ports (code, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, code);
  _pd_bind_text (stmt, 2, name);
  return _pd_store_step_done (tx, stmt, error);
}

static PdUser *
user_from_row (PdStmt        *stmt,
               char         **out_password_hash)
{
  PdUser *u = g_new0 (PdUser, 1);

  u->id = pd_stmt_column_int64 (stmt, 0);
  u->username = _pd_column_dup (stmt, 1);
  u->display_name = _pd_column_dup (stmt, 2);
  u->email = _pd_column_dup (stmt, 3);
  u->role = pd_role_from_string (pd_stmt_column_text (stmt, 4));
  u->port = _pd_column_dup (stmt, 5);
  u->disabled = pd_stmt_column_int (stmt, 6);
  u->must_change_password = pd_stmt_column_int (stmt, 7);
  u->failed_logins = pd_stmt_column_int64 (stmt, 8);
  u->locked_until = pd_stmt_column_int64 (stmt, 9);
  u->created_at = pd_stmt_column_int64 (stmt, 10);
  if (out_password_hash != NULL)
    *out_password_hash = _pd_column_dup (stmt, 11);
  u->birth_date = _pd_column_dup (stmt, 12);
  u->plate = _pd_column_dup (stmt, 13);
  u->shift_start = pd_stmt_column_int (stmt, 14);
  u->shift_end = pd_stmt_column_int (stmt, 15);
  u->disabled_reason = _pd_column_dup (stmt, 16);
  return u;
}

gboolean
pd_store_user_insert (PdStoreTx   *tx,
                      PdUser      *user,
                      const char  *password_hash,
                      GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO users (username, display_name, email, role, port, password_hash, disabled, "
      "must_change_password, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, user->username);
  _pd_bind_text (stmt, 2, user->display_name);
  _pd_bind_text (stmt, 3, user->email);
  _pd_bind_text (stmt, 4, pd_role_to_string (user->role));
  _pd_bind_text (stmt, 5, user->port);
  _pd_bind_text (stmt, 6, password_hash);
  pd_stmt_bind_int64 (stmt, 7, user->disabled);
  pd_stmt_bind_int64 (stmt, 8, user->must_change_password);
  pd_stmt_bind_int64 (stmt, 9, user->created_at);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  user->id = _pd_store_last_id (tx);
  return TRUE;
}

static PdUser *
user_get (PdStoreTx    *tx,
          const char   *sql,
          const char   *username,
          gint64        id,
          char        **out_password_hash,
          GError      **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);

  if (stmt == NULL)
    return NULL;
  if (username != NULL)
    _pd_bind_text (stmt, 1, username);
  else
    pd_stmt_bind_int64 (stmt, 1, id);
  if (pd_stmt_step (stmt) != PD_ROW)
    {
      if (username != NULL)
        g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No user named '%s'", username);
      else
        g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No user with id %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return user_from_row (stmt, out_password_hash);
}

PdUser *
pd_store_user_get (PdStoreTx   *tx,
                   const char  *username,
                   char       **out_password_hash,
                   GError     **error)
{
  return user_get (tx, "SELECT " USER_COLUMNS " FROM users WHERE username = ?1",
                   username, 0, out_password_hash, error);
}

PdUser *
pd_store_user_get_by_id (PdStoreTx  *tx,
                         gint64      id,
                         GError    **error)
{
  return user_get (tx, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1", NULL, id, NULL, error);
}

static gpointer
user_from_list_row (PdStmt *stmt)
{
  return user_from_row (stmt, NULL);
}

GPtrArray *
pd_store_user_list (PdStoreTx          *tx,
                    const PdUserFilter *filter,
                    gint64              now,
                    const char         *locked_names,
                    gint64              after_id,
                    guint               limit,
                    GError            **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT " USER_COLUMNS " FROM users WHERE id > ?1"
      " AND (?3 IS NULL OR instr(lower(username), ?3) > 0 OR instr(lower(display_name), ?3) > 0"
      "      OR instr(lower(email), ?3) > 0)"
      " AND (?4 IS NULL OR role = ?4)"
      " AND (?5 IS NULL"
      "      OR (?5 = 'disabled' AND disabled <> 0)"
      "      OR (?5 = 'locked' AND disabled = 0 AND (locked_until > ?6 OR username IN (SELECT value FROM json_each(?7))))"
      "      OR (?5 = 'active' AND disabled = 0 AND locked_until <= ?6"
      "          AND username NOT IN (SELECT value FROM json_each(?7))))"
      " ORDER BY id LIMIT ?2", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_user_free);
  g_autofree char *q = filter != NULL && filter->q != NULL && *filter->q ? g_utf8_strdown (filter->q, -1) : NULL;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, after_id);
  pd_stmt_bind_int64 (stmt, 2, limit);
  _pd_bind_text (stmt, 3, q);
  _pd_bind_text (stmt, 4, filter != NULL && filter->role != PD_ROLE_NONE ? pd_role_to_string (filter->role) : NULL);
  _pd_bind_text (stmt, 5, filter != NULL ? filter->status : NULL);
  pd_stmt_bind_int64 (stmt, 6, now);
  _pd_bind_text (stmt, 7, locked_names != NULL ? locked_names : "[]");
  if (!_pd_store_rows (tx, stmt, user_from_list_row, out, "list users", error))
    return NULL;
  return g_steal_pointer (&out);
}

gint64
pd_store_user_count (PdStoreTx *tx)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT count(*) FROM users", NULL);

  if (stmt == NULL || pd_stmt_step (stmt) != PD_ROW)
    return -1;
  return pd_stmt_column_int64 (stmt, 0);
}

gboolean
pd_store_user_update (PdStoreTx   *tx,
                      PdUser      *user,
                      GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE users SET display_name = ?2, email = ?3, role = ?4, port = ?5, disabled = ?6, "
      "must_change_password = ?7, failed_logins = ?8, locked_until = ?9, own_birth_date = ?10, own_plate = ?11, "
      "shift_start = ?12, shift_end = ?13, disabled_reason = ?14 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, user->id);
  _pd_bind_text (stmt, 2, user->display_name);
  _pd_bind_text (stmt, 3, user->email);
  _pd_bind_text (stmt, 4, pd_role_to_string (user->role));
  _pd_bind_text (stmt, 5, user->port);
  pd_stmt_bind_int64 (stmt, 6, user->disabled);
  pd_stmt_bind_int64 (stmt, 7, user->must_change_password);
  pd_stmt_bind_int64 (stmt, 8, user->failed_logins);
  pd_stmt_bind_int64 (stmt, 9, user->locked_until);
  _pd_bind_text (stmt, 10, user->birth_date);
  _pd_bind_text (stmt, 11, user->plate);
  if (user->shift_start >= 0 && user->shift_end >= 0)
    {
      pd_stmt_bind_int64 (stmt, 12, user->shift_start);
      pd_stmt_bind_int64 (stmt, 13, user->shift_end);
    }
  _pd_bind_text (stmt, 14, user->disabled ? user->disabled_reason : NULL);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_user_set_password (PdStoreTx   *tx,
                            gint64       user_id,
                            const char  *password_hash,
                            gboolean     must_change,
                            GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE users SET password_hash = ?2, must_change_password = ?3, failed_logins = 0, locked_until = 0 "
      "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, user_id);
  _pd_bind_text (stmt, 2, password_hash);
  pd_stmt_bind_int64 (stmt, 3, must_change);
  return _pd_store_step_done (tx, stmt, error);
}

/* sessions */

gboolean
pd_store_session_insert (PdStoreTx    *tx,
                         PdSession    *session,
                         const guint8  token_hash[32],
                         GError      **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, client, factor) VALUES (?1, ?2, ?3, ?3, ?4, ?5)",
      error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_blob (stmt, 1, token_hash, 32);
  pd_stmt_bind_int64 (stmt, 2, session->user_id);
  pd_stmt_bind_int64 (stmt, 3, session->created_at);
  _pd_bind_text (stmt, 4, session->client);
  pd_stmt_bind_int64 (stmt, 5, session->factor);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  session->id = _pd_store_last_id (tx);
  return TRUE;
}

PdSession *
pd_store_session_lookup (PdStoreTx    *tx,
                         const guint8  token_hash[32],
                         GError      **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT id, user_id, created_at, last_seen, rules_accepted_at, client, factor, rules_version "
      "FROM sessions WHERE token_hash = ?1", error);
  g_autoptr(PdSession) s = NULL;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_blob (stmt, 1, token_hash, 32);
  if (pd_stmt_step (stmt) != PD_ROW)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED, "The session is unknown or has ended; sign in again");
      return NULL;
    }
  s = g_new0 (PdSession, 1);
  s->id = pd_stmt_column_int64 (stmt, 0);
  s->user_id = pd_stmt_column_int64 (stmt, 1);
  s->created_at = pd_stmt_column_int64 (stmt, 2);
  s->last_seen = pd_stmt_column_int64 (stmt, 3);
  s->rules_accepted_at = pd_stmt_column_int64 (stmt, 4);
  s->client = _pd_column_dup (stmt, 5);
  s->factor = pd_stmt_column_int (stmt, 6);
  s->rules_version = _pd_column_dup (stmt, 7);
  s->user = pd_store_user_get_by_id (tx, s->user_id, error);
  if (s->user == NULL)
    return NULL;
  return g_steal_pointer (&s);
}

static gboolean
exec_id_time (PdStoreTx   *tx,
              const char  *sql,
              gint64       id,
              gint64       t,
              GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  if (pd_stmt_bind_parameter_count (stmt) >= 2)
    pd_stmt_bind_int64 (stmt, 2, t);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_session_touch (PdStoreTx  *tx,
                        gint64      session_id,
                        gint64      now,
                        GError    **error)
{
  return exec_id_time (tx, "UPDATE sessions SET last_seen = ?2 WHERE id = ?1", session_id, now, error);
}

gboolean
pd_store_session_accept_rules (PdStoreTx   *tx,
                               gint64       session_id,
                               gint64       now,
                               const char  *version,
                               GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE sessions SET rules_accepted_at = ?2, last_seen = ?2, rules_version = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, session_id);
  pd_stmt_bind_int64 (stmt, 2, now);
  _pd_bind_text (stmt, 3, version);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_session_set_factor (PdStoreTx  *tx,
                             gint64      session_id,
                             PdFactor    factor,
                             gint64      now,
                             GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE sessions SET factor = ?2, last_seen = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, session_id);
  pd_stmt_bind_int64 (stmt, 2, factor);
  pd_stmt_bind_int64 (stmt, 3, now);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_session_delete (PdStoreTx  *tx,
                         gint64      session_id,
                         GError    **error)
{
  return exec_id_time (tx, "DELETE FROM sessions WHERE id = ?1", session_id, 0, error);
}

gboolean
pd_store_session_delete_for_user (PdStoreTx  *tx,
                                  gint64      user_id,
                                  GError    **error)
{
  return exec_id_time (tx, "DELETE FROM sessions WHERE user_id = ?1", user_id, 0, error);
}

GPtrArray *
pd_store_session_list_for_user (PdStoreTx  *tx,
                                gint64      user_id,
                                GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT id, client, created_at, last_seen AS last_seen_at, "
      "CASE factor WHEN 0 THEN 'done' WHEN 1 THEN 'code' ELSE 'enrol' END AS factor, "
      "rules_accepted_at > 0 AS rules_accepted FROM sessions WHERE user_id = ?1 ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, user_id);
  return _pd_store_json_rows (tx, stmt, "list sessions", error);
}

gboolean
pd_store_session_end_for_user (PdStoreTx  *tx,
                               gint64      user_id,
                               gint64      session_id,
                               guint      *out_ended,
                               GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "DELETE FROM sessions WHERE user_id = ?1 AND (?2 = 0 OR id = ?2)", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, user_id);
  pd_stmt_bind_int64 (stmt, 2, session_id);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  *out_ended = (guint) _pd_store_changes (tx);
  return TRUE;
}

GArray *
pd_store_session_expired (PdStoreTx  *tx,
                          gint64      idle_before,
                          gint64      created_before,
                          GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT id FROM sessions WHERE last_seen <= ?1 OR created_at <= ?2 ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, idle_before);
  pd_stmt_bind_int64 (stmt, 2, created_before);
  return _pd_store_ids (tx, stmt, "expired sessions", error);
}

/* Tables whose rows the retention engine may delete by id. */
static const char * const purgeable_tables[] = { "sessions", "identity_checks", "tvs_flights", "tvs_parts",
                                                  "tvs_gallery_photos", "lpr_reads", "lpr_items",
                                                  "lpr_queries", "landing_requests",
                                                  "bus_trips", "bus_manifests", "site_events", NULL };

GArray *
pd_store_ids_before (PdStoreTx   *tx,
                     const char  *table,
                     const char  *column,
                     gint64       before,
                     GError     **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(PdStmt) stmt = NULL;

  g_return_val_if_fail (g_strv_contains (purgeable_tables, table), NULL);
  g_return_val_if_fail (g_str_has_suffix (column, "_at"), NULL);

  sql = g_strdup_printf ("SELECT id FROM %s WHERE %s < ?1 ORDER BY id", table, column);
  stmt = _pd_store_prepare (tx, sql, error);
  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, before);
  return _pd_store_ids (tx, stmt, table, error);
}

gboolean
pd_store_delete_ids (PdStoreTx   *tx,
                     const char  *table,
                     GArray      *ids,
                     GError     **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(PdStmt) stmt = NULL;

  g_return_val_if_fail (g_strv_contains (purgeable_tables, table), FALSE);

  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table);
  stmt = _pd_store_prepare (tx, sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      pd_stmt_reset (stmt);
      pd_stmt_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (!_pd_store_step_done (tx, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* entitlements */

#define ENT_COLUMNS "e.id, e.user_id, u.username, e.kind, e.training_date, e.requested_by, e.requested_at, " \
                    "coalesce(e.supervisor_id, 0), e.supervisor_at, coalesce(e.owner_id, 0), e.owner_at, " \
                    "e.granted_at, e.expires_at, e.status, e.denied_reason, e.notice_at, e.certified_until, " \
                    "coalesce(e.denied_by, 0), e.denied_at, rq.username, sv.username, ow.username, dn.username"
#define ENT_FROM    "entitlements e JOIN users u ON u.id = e.user_id LEFT JOIN users rq ON rq.id = e.requested_by " \
                    "LEFT JOIN users sv ON sv.id = e.supervisor_id LEFT JOIN users ow ON ow.id = e.owner_id " \
                    "LEFT JOIN users dn ON dn.id = e.denied_by"

/* A PdEntitlement (a PdStoreRowFunc). */
static gpointer
ent_from_row (PdStmt *stmt)
{
  PdEntitlement *e = g_new0 (PdEntitlement, 1);

  e->id = pd_stmt_column_int64 (stmt, 0);
  e->user_id = pd_stmt_column_int64 (stmt, 1);
  e->username = _pd_column_dup (stmt, 2);
  e->kind = _pd_column_dup (stmt, 3);
  e->training_date = _pd_column_dup (stmt, 4);
  e->requested_by = pd_stmt_column_int64 (stmt, 5);
  e->requested_at = pd_stmt_column_int64 (stmt, 6);
  e->supervisor_id = pd_stmt_column_int64 (stmt, 7);
  e->supervisor_at = pd_stmt_column_int64 (stmt, 8);
  e->owner_id = pd_stmt_column_int64 (stmt, 9);
  e->owner_at = pd_stmt_column_int64 (stmt, 10);
  e->granted_at = pd_stmt_column_int64 (stmt, 11);
  e->expires_at = pd_stmt_column_int64 (stmt, 12);
  e->status = pd_entitlement_status_from_string (pd_stmt_column_text (stmt, 13));
  e->denied_reason = _pd_column_dup (stmt, 14);
  e->notice_at = pd_stmt_column_int64 (stmt, 15);
  e->certified_until = pd_stmt_column_int64 (stmt, 16);
  e->denied_by = pd_stmt_column_int64 (stmt, 17);
  e->denied_at = pd_stmt_column_int64 (stmt, 18);
  e->requested_by_name = _pd_column_dup (stmt, 19);
  e->supervisor_name = _pd_column_dup (stmt, 20);
  e->owner_name = _pd_column_dup (stmt, 21);
  e->denied_by_name = _pd_column_dup (stmt, 22);
  return e;
}

static GPtrArray *
ent_query (PdStoreTx   *tx,
           const char  *where,
           gint64       arg,
           GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " ENT_COLUMNS " FROM " ENT_FROM " "
                                          "WHERE %s ORDER BY e.id", where);
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_entitlement_free);

  if (stmt == NULL)
    return NULL;
  if (pd_stmt_bind_parameter_count (stmt) >= 1)
    pd_stmt_bind_int64 (stmt, 1, arg);
  if (!_pd_store_rows (tx, stmt, ent_from_row, out, "entitlements", error))
    return NULL;
  return g_steal_pointer (&out);
}

gboolean
pd_store_entitlement_insert (PdStoreTx      *tx,
                             PdEntitlement  *ent,
                             GError        **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO entitlements (user_id, kind, training_date, requested_by, requested_at, status) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, ent->user_id);
  _pd_bind_text (stmt, 2, ent->kind);
  _pd_bind_text (stmt, 3, ent->training_date);
  pd_stmt_bind_int64 (stmt, 4, ent->requested_by);
  pd_stmt_bind_int64 (stmt, 5, ent->requested_at);
  _pd_bind_text (stmt, 6, pd_entitlement_status_to_string (ent->status));
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  ent->id = _pd_store_last_id (tx);
  return TRUE;
}

PdEntitlement *
pd_store_entitlement_get (PdStoreTx  *tx,
                          gint64      id,
                          GError    **error)
{
  g_autoptr(GPtrArray) rows = ent_query (tx, "e.id = ?1", id, error);

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No entitlement request %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

gboolean
pd_store_entitlement_update (PdStoreTx      *tx,
                             PdEntitlement  *ent,
                             GError        **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE entitlements SET supervisor_id = nullif(?2, 0), supervisor_at = ?3, owner_id = nullif(?4, 0), "
      "owner_at = ?5, granted_at = ?6, expires_at = ?7, status = ?8, denied_reason = ?9, notice_at = ?10, "
      "certified_until = ?11, denied_by = nullif(?12, 0), denied_at = ?13 WHERE id = ?1",
      error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, ent->id);
  pd_stmt_bind_int64 (stmt, 2, ent->supervisor_id);
  pd_stmt_bind_int64 (stmt, 3, ent->supervisor_at);
  pd_stmt_bind_int64 (stmt, 4, ent->owner_id);
  pd_stmt_bind_int64 (stmt, 5, ent->owner_at);
  pd_stmt_bind_int64 (stmt, 6, ent->granted_at);
  pd_stmt_bind_int64 (stmt, 7, ent->expires_at);
  _pd_bind_text (stmt, 8, pd_entitlement_status_to_string (ent->status));
  _pd_bind_text (stmt, 9, ent->denied_reason);
  pd_stmt_bind_int64 (stmt, 10, ent->notice_at);
  pd_stmt_bind_int64 (stmt, 11, ent->certified_until);
  pd_stmt_bind_int64 (stmt, 12, ent->denied_by);
  pd_stmt_bind_int64 (stmt, 13, ent->denied_at);
  return _pd_store_step_done (tx, stmt, error);
}

GPtrArray *
pd_store_entitlement_list (PdStoreTx  *tx,
                           gint64      user_id,
                           GError    **error)
{
  if (user_id > 0)
    return ent_query (tx, "e.user_id = ?1", user_id, error);
  return ent_query (tx, "TRUE", 0, error);
}

GPtrArray *
pd_store_entitlement_active (PdStoreTx  *tx,
                             GError    **error)
{
  return ent_query (tx, "e.status = 'active'", 0, error);
}

gboolean
pd_store_recertification_insert (PdStoreTx   *tx,
                                 gint64       entitlement_id,
                                 const char  *quarter,
                                 gint64       by_id,
                                 gint64       at,
                                 const char  *note,
                                 GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO entitlement_recertifications (entitlement_id, quarter, by_id, at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
      error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, entitlement_id);
  _pd_bind_text (stmt, 2, quarter);
  pd_stmt_bind_int64 (stmt, 3, by_id);
  pd_stmt_bind_int64 (stmt, 4, at);
  _pd_bind_text (stmt, 5, note);
  return _pd_store_step_unique (tx, stmt, "re-certification", error,
                                "Entitlement %" G_GINT64_FORMAT " is already re-certified for %s", entitlement_id, quarter);
}

GPtrArray *
pd_store_recertifications (PdStoreTx   *tx,
                           const char  *quarter,
                           gint64       start,
                           gint64       end,
                           GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT e.id, u.username AS user, u.role, u.port, e.kind, e.status, e.training_date, "
      "       b.username AS certified_by, r.at AS certified_at, r.note "
      "FROM entitlements e JOIN users u ON u.id = e.user_id "
      "LEFT JOIN entitlement_recertifications r ON r.entitlement_id = e.id AND r.quarter = ?1 "
      "LEFT JOIN users b ON b.id = r.by_id "
      "WHERE e.granted_at > 0 AND e.granted_at < ?3 AND e.expires_at > ?2 AND e.status IN ('active', 'lapsed') "
      "ORDER BY u.username, e.kind, e.id", error);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, quarter);
  pd_stmt_bind_int64 (stmt, 2, start);
  pd_stmt_bind_int64 (stmt, 3, end);
  return _pd_store_json_rows (tx, stmt, "re-certifications", error);
}

/* API keys */

#define KEY_COLUMNS "k.id, k.key_id, k.principal_kind, k.principal_name, k.port, k.scopes, " \
                    "coalesce(k.created_by, 0), k.created_at, k.revoked_at, k.secret_hash, " \
                    "coalesce(k.revoked_by, 0), k.revoked_reason, k.last_used_at, k.last_used_client, " \
                    "c.username, r.username"
#define KEY_FROM    "api_keys k LEFT JOIN users c ON c.id = k.created_by LEFT JOIN users r ON r.id = k.revoked_by"

/* A PdApiKey (a PdStoreRowFunc). */
static gpointer
key_from_row (PdStmt *stmt)
{
  PdApiKey *k = g_new0 (PdApiKey, 1);

  k->id = pd_stmt_column_int64 (stmt, 0);
  k->key_id = _pd_column_dup (stmt, 1);
  k->kind = pd_principal_kind_from_string (pd_stmt_column_text (stmt, 2));
  k->name = _pd_column_dup (stmt, 3);
  k->port = _pd_column_dup (stmt, 4);
  k->scopes = _pd_column_dup (stmt, 5);
  k->created_by = pd_stmt_column_int64 (stmt, 6);
  k->created_at = pd_stmt_column_int64 (stmt, 7);
  k->revoked_at = pd_stmt_column_int64 (stmt, 8);
  k->revoked_by = pd_stmt_column_int64 (stmt, 10);
  k->revoked_reason = _pd_column_dup (stmt, 11);
  k->last_used_at = pd_stmt_column_int64 (stmt, 12);
  k->last_used_client = _pd_column_dup (stmt, 13);
  k->created_by_name = _pd_column_dup (stmt, 14);
  k->revoked_by_name = _pd_column_dup (stmt, 15);
  return k;
}

gboolean
pd_store_apikey_insert (PdStoreTx    *tx,
                        PdApiKey     *key,
                        const guint8  secret_hash[32],
                        GError      **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO api_keys (key_id, secret_hash, principal_kind, principal_name, port, scopes, created_by, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8)", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, key->key_id);
  pd_stmt_bind_blob (stmt, 2, secret_hash, 32);
  _pd_bind_text (stmt, 3, pd_principal_kind_to_string (key->kind));
  _pd_bind_text (stmt, 4, key->name);
  _pd_bind_text (stmt, 5, key->port);
  _pd_bind_text (stmt, 6, key->scopes);
  pd_stmt_bind_int64 (stmt, 7, key->created_by);
  pd_stmt_bind_int64 (stmt, 8, key->created_at);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  key->id = _pd_store_last_id (tx);
  return TRUE;
}

PdApiKey *
pd_store_apikey_lookup (PdStoreTx   *tx,
                        const char  *key_id,
                        guint8       out_secret_hash[32],
                        GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " KEY_COLUMNS " FROM " KEY_FROM " WHERE k.key_id = ?1", error);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, key_id);
  if (pd_stmt_step (stmt) != PD_ROW)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No API key %s", key_id);
      return NULL;
    }
  if (out_secret_hash != NULL)
    _pd_column_hash (stmt, 9, out_secret_hash);
  return key_from_row (stmt);
}

GPtrArray *
pd_store_apikey_list (PdStoreTx  *tx,
                      GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " KEY_COLUMNS " FROM " KEY_FROM " ORDER BY k.id", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_apikey_free);

  if (stmt == NULL)
    return NULL;
  if (!_pd_store_rows (tx, stmt, key_from_row, out, "list API keys", error))
    return NULL;
  return g_steal_pointer (&out);
}

gboolean
pd_store_apikey_revoke (PdStoreTx   *tx,
                        const char  *key_id,
                        gint64       now,
                        gint64       by,
                        const char  *reason,
                        GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE api_keys SET revoked_at = ?2, revoked_by = nullif(?3, 0), revoked_reason = ?4 "
      "WHERE key_id = ?1 AND revoked_at = 0", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, key_id);
  pd_stmt_bind_int64 (stmt, 2, now);
  pd_stmt_bind_int64 (stmt, 3, by);
  _pd_bind_text (stmt, 4, reason);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No active API key %s", key_id);
      return FALSE;
    }
  return TRUE;
}

/* Records that key @key_id authenticated a request at @now from @client. */
gboolean
pd_store_apikey_used (PdStoreTx   *tx,
                      const char  *key_id,
                      gint64       now,
                      const char  *client,
                      GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE api_keys SET last_used_at = ?2, last_used_client = ?3 WHERE key_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, key_id);
  pd_stmt_bind_int64 (stmt, 2, now);
  _pd_bind_text (stmt, 3, client);
  return _pd_store_step_done (tx, stmt, error);
}
