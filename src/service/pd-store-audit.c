/* pd-store-audit.c: the audit table, its checkpoints, retention bookkeeping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <string.h>

#include "pd-error.h"
#include "pd-store-private.h"


gboolean
pd_store_audit_last (PdStoreTx  *tx,
                     gint64     *out_seq,
                     guint8      out_hash[32],
                     GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_seq = sqlite3_column_int64 (stmt, 0);
      _pd_column_hash (stmt, 1, out_hash);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _pd_store_set_error (tx, error, "audit head");
      return FALSE;
    }
  *out_seq = 0;
  memset (out_hash, 0, 32);
  return TRUE;
}

gboolean
pd_store_audit_insert (PdStoreTx           *tx,
                       const PdAuditEntry  *e,
                       GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO audit (" PD_AUDIT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, e->seq);
  sqlite3_bind_int64 (stmt, 2, e->at);
  _pd_bind_text (stmt, 3, e->actor);
  _pd_bind_text (stmt, 4, e->role);
  _pd_bind_text (stmt, 5, e->action);
  _pd_bind_text (stmt, 6, e->object);
  _pd_bind_text (stmt, 7, e->params);
  _pd_bind_text (stmt, 8, e->outcome);
  _pd_bind_text (stmt, 9, e->client);
  sqlite3_bind_blob (stmt, 10, e->prev_hash, 32, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 11, e->hash, 32, SQLITE_TRANSIENT);
  return _pd_store_step_done (tx, stmt, error);
}

gpointer
_pd_store_audit_from_row (sqlite3_stmt *stmt)
{
  PdAuditEntry *e = g_new0 (PdAuditEntry, 1);

  e->seq = sqlite3_column_int64 (stmt, 0);
  e->at = sqlite3_column_int64 (stmt, 1);
  e->actor = _pd_column_dup (stmt, 2);
  e->role = _pd_column_dup (stmt, 3);
  e->action = _pd_column_dup (stmt, 4);
  e->object = _pd_column_dup (stmt, 5);
  e->params = _pd_column_dup (stmt, 6);
  e->outcome = _pd_column_dup (stmt, 7);
  e->client = _pd_column_dup (stmt, 8);
  _pd_column_hash (stmt, 9, e->prev_hash);
  _pd_column_hash (stmt, 10, e->hash);
  return e;
}

GPtrArray *
pd_store_audit_query (PdStoreTx            *tx,
                      const PdAuditFilter  *f,
                      GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx,
      "SELECT " PD_AUDIT_COLUMNS " FROM audit WHERE seq > ?1"
      " AND (?2 IS NULL OR actor = ?2)"
      " AND (?3 IS NULL OR substr(action, 1, length(?3)) = ?3)"
      " AND (?4 IS NULL OR object = ?4)"
      " AND (?5 = 0 OR at >= ?5)"
      " AND (?6 = 0 OR at < ?6)"
      " ORDER BY seq LIMIT ?7", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_audit_entry_free);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, f->after_seq);
  _pd_bind_text (stmt, 2, f->actor);
  _pd_bind_text (stmt, 3, f->action);
  _pd_bind_text (stmt, 4, f->object);
  sqlite3_bind_int64 (stmt, 5, f->since);
  sqlite3_bind_int64 (stmt, 6, f->until);
  sqlite3_bind_int (stmt, 7, f->limit > 0 ? f->limit : 100);
  if (!_pd_store_rows (tx, stmt, _pd_store_audit_from_row, out, "audit query", error))
    return NULL;
  return g_steal_pointer (&out);
}

gboolean
pd_store_audit_foreach (PdStoreTx         *tx,
                        PdAuditEntryFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx, "SELECT " PD_AUDIT_COLUMNS " FROM audit ORDER BY seq", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PdAuditEntry) e = _pd_store_audit_from_row (stmt);
      if (!func (e, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _pd_store_set_error (tx, error, "audit scan");
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_checkpoint_insert (PdStoreTx           *tx,
                            const PdCheckpoint  *cp,
                            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO audit_checkpoints (seq, at, head_hash, public_key, signature, next_due) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cp->seq);
  sqlite3_bind_int64 (stmt, 2, cp->at);
  sqlite3_bind_blob (stmt, 3, cp->head_hash, 32, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 4, cp->public_key, 32, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 5, cp->signature, 64, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, cp->next_due);
  return _pd_store_step_done (tx, stmt, error);
}

void
pd_store_checkpoint_last (PdStoreTx *tx,
                          gint64    *out_seq,
                          gint64    *out_next_due)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx,
      "SELECT seq, next_due FROM audit_checkpoints ORDER BY seq DESC LIMIT 1", NULL);

  *out_seq = *out_next_due = 0;
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_seq = sqlite3_column_int64 (stmt, 0);
      *out_next_due = sqlite3_column_int64 (stmt, 1);
    }
}

static gpointer
checkpoint_from_row (sqlite3_stmt *stmt)
{
  PdCheckpoint *cp = g_new0 (PdCheckpoint, 1);
  const void *sig = sqlite3_column_blob (stmt, 4);

  cp->seq = sqlite3_column_int64 (stmt, 0);
  cp->at = sqlite3_column_int64 (stmt, 1);
  cp->next_due = sqlite3_column_int64 (stmt, 5);
  _pd_column_hash (stmt, 2, cp->head_hash);
  _pd_column_hash (stmt, 3, cp->public_key);
  if (sig != NULL && sqlite3_column_bytes (stmt, 4) == 64)
    memcpy (cp->signature, sig, 64);
  return cp;
}

GPtrArray *
pd_store_checkpoint_list (PdStoreTx  *tx,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx,
      "SELECT seq, at, head_hash, public_key, signature, next_due FROM audit_checkpoints ORDER BY seq", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return NULL;
  if (!_pd_store_rows (tx, stmt, checkpoint_from_row, out, "checkpoints", error))
    return NULL;
  return g_steal_pointer (&out);
}

gboolean
pd_store_retention_record (PdStoreTx   *tx,
                           const char  *policy,
                           gint64       now,
                           gint64       purged,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO retention_state (policy, last_run, last_purged, total_purged) VALUES (?1, ?2, ?3, ?3) "
      "ON CONFLICT (policy) DO UPDATE SET last_run = ?2, last_purged = ?3, total_purged = total_purged + ?3", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, policy);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, purged);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_retention_state (PdStoreTx   *tx,
                          const char  *policy,
                          gint64      *out_last_run,
                          gint64      *out_last_purged,
                          gint64      *out_total_purged,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx,
      "SELECT last_run, last_purged, total_purged FROM retention_state WHERE policy = ?1", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, policy);
  *out_last_run = *out_last_purged = *out_total_purged = 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_last_run = sqlite3_column_int64 (stmt, 0);
      *out_last_purged = sqlite3_column_int64 (stmt, 1);
      *out_total_purged = sqlite3_column_int64 (stmt, 2);
    }
  return TRUE;
}
