/* pd-store-totp.c: two-factor secrets and recovery codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include "pd-error.h"
#include "pd-store-private.h"

void
pd_totp_row_free (PdTotpRow *row)
{
  if (row == NULL)
    return;
  g_bytes_unref (row->sealed);
  g_free (row);
}

PdTotpRow *
pd_store_totp_get (PdStoreTx  *tx,
                   gint64      user_id,
                   GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT sealed, active, created_at, activated_at, last_step FROM totp WHERE user_id = ?1", error);
  PdTotpRow *row;
  int rc;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, user_id);
  rc = pd_stmt_step (stmt);
  if (rc != PD_ROW)
    {
      if (rc != PD_DONE)
        _pd_store_set_error (tx, error, "Reading a two-factor secret");
      return NULL;
    }
  row = g_new0 (PdTotpRow, 1);
  row->sealed = g_bytes_new (pd_stmt_column_blob (stmt, 0), pd_stmt_column_bytes (stmt, 0));
  row->active = pd_stmt_column_int (stmt, 1) != 0;
  row->created_at = pd_stmt_column_int64 (stmt, 2);
  row->activated_at = pd_stmt_column_int64 (stmt, 3);
  row->last_step = pd_stmt_column_int64 (stmt, 4);
  return row;
}

gboolean
pd_store_totp_delete (PdStoreTx  *tx,
                      gint64      user_id,
                      gboolean   *out_existed,
                      GError    **error)
{
  if (!_pd_store_exec_id (tx, "DELETE FROM totp_recovery WHERE user_id = ?1", user_id, error) ||
      !_pd_store_exec_id (tx, "DELETE FROM totp WHERE user_id = ?1", user_id, error))
    return FALSE;
  if (out_existed != NULL)
    *out_existed = _pd_store_changes (tx) > 0;
  return TRUE;
}

gboolean
pd_store_totp_begin (PdStoreTx  *tx,
                     gint64      user_id,
                     GBytes     *sealed,
                     gint64      now,
                     GError    **error)
{
  g_autoptr(PdStmt) stmt = NULL;
  gsize len = 0;
  const void *data = g_bytes_get_data (sealed, &len);

  if (!pd_store_totp_delete (tx, user_id, NULL, error))
    return FALSE;
  stmt = _pd_store_prepare (tx, "INSERT INTO totp (user_id, sealed, created_at) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, user_id);
  pd_stmt_bind_blob (stmt, 2, data, (int) len);
  pd_stmt_bind_int64 (stmt, 3, now);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_totp_activate (PdStoreTx  *tx,
                        gint64      user_id,
                        gint64      step,
                        gint64      now,
                        GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE totp SET active = 1, activated_at = ?2, last_step = ?3 WHERE user_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, user_id);
  pd_stmt_bind_int64 (stmt, 2, now);
  pd_stmt_bind_int64 (stmt, 3, step);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_totp_use_step (PdStoreTx  *tx,
                        gint64      user_id,
                        gint64      step,
                        GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE totp SET last_step = ?2 WHERE user_id = ?1 AND last_step < ?2", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, user_id);
  pd_stmt_bind_int64 (stmt, 2, step);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT, "This code has been used already");
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_totp_add_recovery (PdStoreTx   *tx,
                            gint64       user_id,
                            const char  *hash,
                            GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO totp_recovery (user_id, hash) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, user_id);
  _pd_bind_text (stmt, 2, hash);
  return _pd_store_step_done (tx, stmt, error);
}

GPtrArray *
pd_store_totp_recovery (PdStoreTx  *tx,
                        gint64      user_id,
                        GArray    **out_ids,
                        GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT id, hash FROM totp_recovery WHERE user_id = ?1 AND used_at = 0 ORDER BY id", error);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, user_id);
  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    {
      gint64 id = pd_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (hashes, _pd_column_dup (stmt, 1));
    }
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "Reading recovery codes");
      return NULL;
    }
  *out_ids = g_steal_pointer (&ids);
  return g_steal_pointer (&hashes);
}

gboolean
pd_store_totp_use_recovery (PdStoreTx  *tx,
                            gint64      id,
                            gint64      now,
                            GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE totp_recovery SET used_at = ?2 WHERE id = ?1 AND used_at = 0", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  pd_stmt_bind_int64 (stmt, 2, now);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT, "This recovery code has been used already");
      return FALSE;
    }
  return TRUE;
}
