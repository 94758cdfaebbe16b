/* pd-store-flags.c: misuse flags, their audit entries, the scanner's place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include "pd-error.h"
#include "pd-models.h"
#include "pd-store-flags.h"
#include "pd-store-private.h"

#define FLAG_COLUMNS "f.id, f.rule, f.username AS user, f.subject, f.summary, f.first_at, f.last_at, f.raised_at, " \
                     "f.state, f.reason, f.reviewed_by, f.reviewed_at, f.resolved_by, f.resolved_at, f.resolution, " \
                     "(SELECT count(*) FROM flag_entries e WHERE e.flag_id = f.id) AS entries"

gboolean
pd_store_flag_scan_last (PdStoreTx  *tx,
                         gint64     *out_seq,
                         GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT last_seq FROM flag_scan WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  if (pd_stmt_step (stmt) != PD_ROW)
    {
      _pd_store_set_error (tx, error, "flag scan state");
      return FALSE;
    }
  *out_seq = pd_stmt_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
pd_store_flag_scan_set (PdStoreTx  *tx,
                        gint64      seq,
                        GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "UPDATE flag_scan SET last_seq = ?1 WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, seq);
  return _pd_store_step_done (tx, stmt, error);
}

gint64
pd_store_flag_find_open (PdStoreTx   *tx,
                         const char  *rule,
                         const char  *username,
                         const char  *subject,
                         gint64       since,
                         GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT id FROM flags WHERE rule = ?1 AND username = ?2 AND subject = ?3 AND last_at >= ?4 "
      "AND state IN ('open', 'escalated') ORDER BY id DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return -1;
  _pd_bind_text (stmt, 1, rule);
  _pd_bind_text (stmt, 2, username);
  _pd_bind_text (stmt, 3, subject);
  pd_stmt_bind_int64 (stmt, 4, since);
  rc = pd_stmt_step (stmt);
  if (rc == PD_ROW)
    return pd_stmt_column_int64 (stmt, 0);
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "find flag");
      return -1;
    }
  return 0;
}

gint64
pd_store_flag_insert (PdStoreTx   *tx,
                      const char  *rule,
                      const char  *username,
                      const char  *subject,
                      const char  *summary,
                      gint64       raised_at,
                      GError     **error)
{
  /* first_at and last_at follow the entries attached */
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO flags (rule, username, subject, summary, first_at, last_at, raised_at, state) "
      "VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, 'open')", error);

  if (stmt == NULL)
    return -1;
  _pd_bind_text (stmt, 1, rule);
  _pd_bind_text (stmt, 2, username);
  _pd_bind_text (stmt, 3, subject);
  _pd_bind_text (stmt, 4, summary);
  pd_stmt_bind_int64 (stmt, 5, raised_at);
  if (!_pd_store_step_done (tx, stmt, error))
    return -1;
  return _pd_store_last_id (tx);
}

gboolean
pd_store_flag_attach (PdStoreTx  *tx,
                      gint64      id,
                      gint64      seq,
                      gint64      at,
                      GError    **error)
{
  g_autoptr(PdStmt) add = _pd_store_prepare (tx,
      "INSERT INTO flag_entries (flag_id, seq) VALUES (?1, ?2) ON CONFLICT DO NOTHING", error);
  g_autoptr(PdStmt) span = NULL;

  if (add == NULL)
    return FALSE;
  pd_stmt_bind_int64 (add, 1, id);
  pd_stmt_bind_int64 (add, 2, seq);
  if (!_pd_store_step_done (tx, add, error))
    return FALSE;
  span = _pd_store_prepare (tx,
      "UPDATE flags SET first_at = CASE WHEN first_at = 0 OR ?2 < first_at THEN ?2 ELSE first_at END, "
      "last_at = CASE WHEN ?2 > last_at THEN ?2 ELSE last_at END WHERE id = ?1", error);
  if (span == NULL)
    return FALSE;
  pd_stmt_bind_int64 (span, 1, id);
  pd_stmt_bind_int64 (span, 2, at);
  return _pd_store_step_done (tx, span, error);
}

GPtrArray *
pd_store_flag_window (PdStoreTx   *tx,
                      const char  *actor,
                      const char  *actions,
                      gint64       since,
                      gint64       upto_seq,
                      GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT " PD_AUDIT_COLUMNS " FROM audit WHERE actor = ?1 AND seq <= ?2 AND at >= ?3 "
      "AND instr(',' || ?4 || ',', ',' || action || ',') > 0 ORDER BY seq", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_audit_entry_free);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, actor);
  pd_stmt_bind_int64 (stmt, 2, upto_seq);
  pd_stmt_bind_int64 (stmt, 3, since);
  _pd_bind_text (stmt, 4, actions);
  if (!_pd_store_rows (tx, stmt, _pd_store_audit_from_row, out, "flag window", error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
pd_store_flag_list (PdStoreTx   *tx,
                    const char  *state,
                    const char  *rule,
                    const char  *username,
                    gint64       before,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT " FLAG_COLUMNS " FROM flags f WHERE (?1 = 0 OR f.id < ?1) AND (?2 IS NULL OR f.state = ?2) "
      "AND (?3 IS NULL OR f.rule = ?3) AND (?4 IS NULL OR f.username = ?4) ORDER BY f.id DESC LIMIT ?5", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, before);
  _pd_bind_text (stmt, 2, state);
  _pd_bind_text (stmt, 3, rule);
  _pd_bind_text (stmt, 4, username);
  pd_stmt_bind_int64 (stmt, 5, limit);
  return _pd_store_json_rows (tx, stmt, "flags", error);
}

JsonObject *
pd_store_flag_get (PdStoreTx  *tx,
                   gint64      id,
                   GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " FLAG_COLUMNS " FROM flags f WHERE f.id = ?1", error);
  g_autoptr(GPtrArray) rows = NULL;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  if ((rows = _pd_store_json_rows (tx, stmt, "flag", error)) == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No flag %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return json_object_ref (rows->pdata[0]);
}

GPtrArray *
pd_store_flag_entries (PdStoreTx  *tx,
                       gint64      id,
                       GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT " PD_AUDIT_COLUMNS " FROM audit WHERE seq IN (SELECT seq FROM flag_entries WHERE flag_id = ?1) "
      "ORDER BY seq", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_audit_entry_free);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  if (!_pd_store_rows (tx, stmt, _pd_store_audit_from_row, out, "flag entries", error))
    return NULL;
  return g_steal_pointer (&out);
}

gboolean
pd_store_flag_review (PdStoreTx   *tx,
                      gint64       id,
                      const char  *state,
                      const char  *reason,
                      const char  *by,
                      gint64       at,
                      GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE flags SET state = ?2, reason = ?3, reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  _pd_bind_text (stmt, 2, state);
  _pd_bind_text (stmt, 3, reason);
  _pd_bind_text (stmt, 4, by);
  pd_stmt_bind_int64 (stmt, 5, at);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_flag_resolve (PdStoreTx   *tx,
                       const char  *username,
                       const char  *by,
                       gint64       at,
                       const char  *resolution,
                       GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE flags SET state = 'suspended', resolved_by = ?2, resolved_at = ?3, resolution = ?4 "
      "WHERE username = ?1 AND state = 'escalated'", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, username);
  _pd_bind_text (stmt, 2, by);
  pd_stmt_bind_int64 (stmt, 3, at);
  _pd_bind_text (stmt, 4, resolution);
  return _pd_store_step_done (tx, stmt, error);
}
