/* pd-store-audit.c: the audit table, its checkpoints, retention bookkeeping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <string.h>

#include "pd-error.h"
#include "pd-store-private.h"


/* The head, with the chain held for this transaction: on PostgreSQL the
 * daemons of a site append one at a time (an advisory lock to the
 * transaction's end), so the chain has no forks or gaps; on SQLite the
 * transaction is the only writer already. */
gboolean
pd_store_audit_last (PdStoreTx  *tx,
                     gint64     *out_seq,
                     guint8      out_hash[32],
                     GError    **error)
{
  g_autoptr(PdStmt) stmt = NULL;
  int rc;

  if (!pd_store_tx_lock (tx, PD_STORE_LOCK_AUDIT, error))
    return FALSE;
  stmt = _pd_store_prepare (tx, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = pd_stmt_step (stmt);
  if (rc == PD_ROW)
    {
      *out_seq = pd_stmt_column_int64 (stmt, 0);
      _pd_column_hash (stmt, 1, out_hash);
      return TRUE;
    }
  if (rc != PD_DONE)
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
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO audit (" PD_AUDIT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, e->seq);
  pd_stmt_bind_int64 (stmt, 2, e->at);
  _pd_bind_text (stmt, 3, e->actor);
  _pd_bind_text (stmt, 4, e->role);
  _pd_bind_text (stmt, 5, e->action);
  _pd_bind_text (stmt, 6, e->object);
  _pd_bind_text (stmt, 7, e->params);
  _pd_bind_text (stmt, 8, e->outcome);
  _pd_bind_text (stmt, 9, e->client);
  pd_stmt_bind_blob (stmt, 10, e->prev_hash, 32);
  pd_stmt_bind_blob (stmt, 11, e->hash, 32);
  return _pd_store_step_done (tx, stmt, error);
}

gpointer
_pd_store_audit_from_row (PdStmt *stmt)
{
  PdAuditEntry *e = g_new0 (PdAuditEntry, 1);

  e->seq = pd_stmt_column_int64 (stmt, 0);
  e->at = pd_stmt_column_int64 (stmt, 1);
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

/* The upper bound of the strings that start with @prefix (its last byte
 * plus one: SQLite compares text bytewise), so that a prefix is a range of
 * the action index. */
static char *
prefix_end (const char *prefix)
{
  char *end = g_strdup (prefix);
  gsize len = strlen (end);

  if (len > 0)
    end[len - 1] = (char) ((guchar) end[len - 1] + 1);
  return end;
}

/* An action ending with "*" or "." is a prefix ("lpr." or "lpr.*"), any
 * other one is exact. */
static gboolean
action_is_prefix (const char *action,
                  char      **out_prefix)
{
  gsize len = action != NULL ? strlen (action) : 0;

  if (len == 0 || (action[len - 1] != '*' && action[len - 1] != '.'))
    return FALSE;
  *out_prefix = action[len - 1] == '*' ? g_strndup (action, len - 1) : g_strdup (action);
  return TRUE;
}

/* Only the conditions of the filters given, each "column = ?", so that
 * SQLite can walk the (column, seq) index of one of them in seq order and
 * stop at the page's end: no OFFSET, no sort (tests/test-audit-review.c
 * checks the plan).  Numbered parameters: ?1 after, ?2 before, ?3 actor,
 * ?4 role, ?5 action (or prefix start), ?6 prefix end, ?7 object, ?8
 * outcome, ?9 client, ?10 since, ?11 until, ?12 limit. */
char *
pd_store_audit_query_sql (const PdAuditFilter *f)
{
  GString *sql = g_string_new ("SELECT " PD_AUDIT_COLUMNS " FROM audit WHERE seq > ?1");
  g_autofree char *prefix = NULL;

  if (f->before_seq > 0)
    g_string_append (sql, " AND seq < ?2");
  if (f->actor != NULL)
    g_string_append (sql, " AND actor = ?3");
  if (f->role != NULL)
    g_string_append (sql, " AND role = ?4");
  if (action_is_prefix (f->action, &prefix))
    g_string_append (sql, prefix[0] != '\0' ? " AND action >= ?5 AND action < ?6" : "");
  else if (f->action != NULL)
    g_string_append (sql, " AND action = ?5");
  if (f->object != NULL)
    g_string_append (sql, " AND object = ?7");
  if (f->outcome != NULL)
    g_string_append (sql, " AND outcome = ?8");
  if (f->client != NULL)
    g_string_append (sql, " AND client = ?9");
  if (f->since > 0)
    g_string_append (sql, " AND at >= ?10");
  if (f->until > 0)
    g_string_append (sql, " AND at < ?11");
  g_string_append (sql, f->newest_first ? " ORDER BY seq DESC LIMIT ?12" : " ORDER BY seq LIMIT ?12");
  return g_string_free (sql, FALSE);
}

GPtrArray *
pd_store_audit_query (PdStoreTx            *tx,
                      const PdAuditFilter  *f,
                      GError              **error)
{
  g_autofree char *sql = pd_store_audit_query_sql (f);
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_audit_entry_free);
  g_autofree char *prefix = NULL;
  g_autofree char *end = NULL;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, f->after_seq);
  pd_stmt_bind_int64 (stmt, 2, f->before_seq);
  _pd_bind_text (stmt, 3, f->actor);
  _pd_bind_text (stmt, 4, f->role);
  if (action_is_prefix (f->action, &prefix))
    {
      end = prefix_end (prefix);
      _pd_bind_text (stmt, 5, prefix);
      _pd_bind_text (stmt, 6, end);
    }
  else
    _pd_bind_text (stmt, 5, f->action);
  _pd_bind_text (stmt, 7, f->object);
  _pd_bind_text (stmt, 8, f->outcome);
  _pd_bind_text (stmt, 9, f->client);
  pd_stmt_bind_int64 (stmt, 10, f->since);
  pd_stmt_bind_int64 (stmt, 11, f->until);
  pd_stmt_bind_int64 (stmt, 12, f->limit > 0 ? (int) MIN (f->limit, (guint) G_MAXINT) : 100);
  if (!_pd_store_rows (tx, stmt, _pd_store_audit_from_row, out, "audit query", error))
    return NULL;
  return g_steal_pointer (&out);
}

PdAuditEntry *
pd_store_audit_get (PdStoreTx  *tx,
                    gint64      seq,
                    GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " PD_AUDIT_COLUMNS " FROM audit WHERE seq = ?1", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_audit_entry_free);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, seq);
  if (!_pd_store_rows (tx, stmt, _pd_store_audit_from_row, out, "audit entry", error))
    return NULL;
  if (out->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No audit entry %" G_GINT64_FORMAT, seq);
      return NULL;
    }
  return g_ptr_array_steal_index (out, 0);
}

gboolean
pd_store_audit_foreach (PdStoreTx         *tx,
                        PdAuditEntryFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " PD_AUDIT_COLUMNS " FROM audit ORDER BY seq", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    {
      g_autoptr(PdAuditEntry) e = _pd_store_audit_from_row (stmt);
      if (!func (e, user_data, error))
        return FALSE;
    }
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "audit scan");
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_audit_key_registered (PdStoreTx     *tx,
                               const guint8   public_key[32],
                               gboolean      *out_registered,
                               GError       **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT 1 FROM audit_keys WHERE public_key = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_blob (stmt, 1, public_key, 32);
  rc = pd_stmt_step (stmt);
  if (rc != PD_ROW && rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "audit keys");
      return FALSE;
    }
  *out_registered = rc == PD_ROW;
  return TRUE;
}

gboolean
pd_store_audit_key_insert (PdStoreTx     *tx,
                           const guint8   public_key[32],
                           gint64         seq,
                           GError       **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "INSERT INTO audit_keys (public_key, seq) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_blob (stmt, 1, public_key, 32);
  pd_stmt_bind_int64 (stmt, 2, seq);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_site_secret_check (PdStoreTx     *tx,
                            const char    *name,
                            const guint8   check[32],
                            gboolean      *out_matches,
                            GError       **error)
{
  g_autoptr(PdStmt) ins = _pd_store_prepare (tx, "INSERT OR IGNORE INTO site_secrets (name, check_value) "
                                                 "VALUES (?1, ?2)", error);
  g_autoptr(PdStmt) sel = NULL;

  if (ins == NULL)
    return FALSE;
  _pd_bind_text (ins, 1, name);
  pd_stmt_bind_blob (ins, 2, check, 32);
  if (!_pd_store_step_done (tx, ins, error))
    return FALSE;
  sel = _pd_store_prepare (tx, "SELECT check_value FROM site_secrets WHERE name = ?1", error);
  if (sel == NULL)
    return FALSE;
  _pd_bind_text (sel, 1, name);
  if (pd_stmt_step (sel) != PD_ROW)
    {
      _pd_store_set_error (tx, error, "site secrets");
      return FALSE;
    }
  *out_matches = pd_stmt_column_bytes (sel, 0) == 32 && memcmp (pd_stmt_column_blob (sel, 0), check, 32) == 0;
  return TRUE;
}

gboolean
pd_store_site_event_publish (PdStoreTx   *tx,
                             gint64       at,
                             const char  *origin,
                             const char  *type,
                             const char  *port,
                             guint        roles,
                             const char  *principal,
                             const char  *payload,
                             GError     **error)
{
  g_autoptr(PdStmt) ins = _pd_store_prepare (tx, "INSERT INTO site_events (made_at, origin, type, port, roles, principal, "
                                                 "payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  g_autofree char *id = NULL;

  if (ins == NULL)
    return FALSE;
  pd_stmt_bind_int64 (ins, 1, at);
  _pd_bind_text (ins, 2, origin);
  _pd_bind_text (ins, 3, type);
  _pd_bind_text (ins, 4, port);
  pd_stmt_bind_int64 (ins, 5, roles);
  _pd_bind_text (ins, 6, principal);
  _pd_bind_text (ins, 7, payload);
  if (!_pd_store_step_done (tx, ins, error))
    return FALSE;
  if (tx->store->pg == NULL)
    return TRUE;   /* one daemon: nobody to tell */
  id = g_strdup_printf ("%" G_GINT64_FORMAT, _pd_store_last_id (tx));
  return pd_pg_notify (tx->store->pg, PD_STORE_EVENTS_CHANNEL, id, error);
}

gboolean
pd_store_checkpoint_insert (PdStoreTx           *tx,
                            const PdCheckpoint  *cp,
                            gboolean            *out_inserted,
                            GError             **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO audit_checkpoints (seq, at, head_hash, public_key, signature, next_due) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
      error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, cp->seq);
  pd_stmt_bind_int64 (stmt, 2, cp->at);
  pd_stmt_bind_blob (stmt, 3, cp->head_hash, 32);
  pd_stmt_bind_blob (stmt, 4, cp->public_key, 32);
  pd_stmt_bind_blob (stmt, 5, cp->signature, 64);
  pd_stmt_bind_int64 (stmt, 6, cp->next_due);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  *out_inserted = _pd_store_changes (tx) > 0;
  return TRUE;
}

void
pd_store_checkpoint_last (PdStoreTx *tx,
                          gint64    *out_seq,
                          gint64    *out_next_due)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT seq, next_due FROM audit_checkpoints ORDER BY seq DESC LIMIT 1", NULL);

  *out_seq = *out_next_due = 0;
  if (stmt != NULL && pd_stmt_step (stmt) == PD_ROW)
    {
      *out_seq = pd_stmt_column_int64 (stmt, 0);
      *out_next_due = pd_stmt_column_int64 (stmt, 1);
    }
}

static gpointer
checkpoint_from_row (PdStmt *stmt)
{
  PdCheckpoint *cp = g_new0 (PdCheckpoint, 1);
  const void *sig = pd_stmt_column_blob (stmt, 4);

  cp->seq = pd_stmt_column_int64 (stmt, 0);
  cp->at = pd_stmt_column_int64 (stmt, 1);
  cp->next_due = pd_stmt_column_int64 (stmt, 5);
  _pd_column_hash (stmt, 2, cp->head_hash);
  _pd_column_hash (stmt, 3, cp->public_key);
  if (sig != NULL && pd_stmt_column_bytes (stmt, 4) == 64)
    memcpy (cp->signature, sig, 64);
  return cp;
}

GPtrArray *
pd_store_checkpoint_list (PdStoreTx  *tx,
                          GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
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
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO retention_state (policy, last_run, last_purged, total_purged) VALUES (?1, ?2, ?3, ?3) "
      "ON CONFLICT (policy) DO UPDATE SET last_run = ?2, last_purged = ?3, total_purged = total_purged + ?3", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, policy);
  pd_stmt_bind_int64 (stmt, 2, now);
  pd_stmt_bind_int64 (stmt, 3, purged);
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
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT last_run, last_purged, total_purged FROM retention_state WHERE policy = ?1", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, policy);
  *out_last_run = *out_last_purged = *out_total_purged = 0;
  if (pd_stmt_step (stmt) == PD_ROW)
    {
      *out_last_run = pd_stmt_column_int64 (stmt, 0);
      *out_last_purged = pd_stmt_column_int64 (stmt, 1);
      *out_total_purged = pd_stmt_column_int64 (stmt, 2);
    }
  return TRUE;
}

gboolean
pd_store_retention_held (PdStoreTx   *tx,
                         const char  *held_sql,
                         const char  *due_sql,
                         gint64       period_us,
                         gint64      *out_held,
                         gint64      *out_next_due,
                         GError     **error)
{
  *out_held = -1;
  *out_next_due = 0;
  if (held_sql != NULL)
    {
      g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, held_sql, error);

      if (stmt == NULL)
        return FALSE;
      if (pd_stmt_step (stmt) != PD_ROW)
        {
          _pd_store_set_error (tx, error, "Cannot count what a retention policy holds");
          return FALSE;
        }
      *out_held = pd_stmt_column_int64 (stmt, 0);
    }
  if (due_sql != NULL && *out_held != 0)
    {
      g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, due_sql, error);

      if (stmt == NULL)
        return FALSE;
      if (strstr (due_sql, "?1") != NULL)
        pd_stmt_bind_int64 (stmt, 1, period_us);
      if (pd_stmt_step (stmt) != PD_ROW)
        {
          _pd_store_set_error (tx, error, "Cannot read when a retention policy's data is due");
          return FALSE;
        }
      if (!pd_stmt_column_is_null (stmt, 0))
        *out_next_due = pd_stmt_column_int64 (stmt, 0);
    }
  return TRUE;
}

/* --- auditors' saved filters ------------------------------------------------ */

gboolean
pd_store_audit_filter_insert (PdStoreTx   *tx,
                              const char  *owner,
                              const char  *name,
                              const char  *filter,
                              gint64       now,
                              GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO audit_filters (owner, name, filter, created_at) VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, owner);
  _pd_bind_text (stmt, 2, name);
  _pd_bind_text (stmt, 3, filter);
  pd_stmt_bind_int64 (stmt, 4, now);
  return _pd_store_step_unique (tx, stmt, "audit filter", error, "You have a filter named '%s' already", name);
}

/* The filter text of each of @owner's filters by name, as JsonObjects
 * {name, filter (JSON text), created_at}. */
GPtrArray *
pd_store_audit_filter_list (PdStoreTx   *tx,
                            const char  *owner,
                            GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT name, filter, created_at FROM audit_filters WHERE owner = ?1 ORDER BY name", error);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, owner);
  return _pd_store_json_rows (tx, stmt, "audit filters", error);
}

gboolean
pd_store_audit_filter_delete (PdStoreTx   *tx,
                              const char  *owner,
                              const char  *name,
                              GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "DELETE FROM audit_filters WHERE owner = ?1 AND name = ?2", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, owner);
  _pd_bind_text (stmt, 2, name);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "You have no filter named '%s'", name);
      return FALSE;
    }
  return TRUE;
}

/* --- quarterly sign-offs ----------------------------------------------------- */

gboolean
pd_store_audit_signoff_insert (PdStoreTx   *tx,
                               const char  *quarter,
                               const char  *signed_by,
                               gint64       signed_at,
                               gint64       up_to_seq,
                               gboolean     verified,
                               const char  *note,
                               GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO audit_signoffs (quarter, signed_by, signed_at, up_to_seq, verified, note)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, quarter);
  _pd_bind_text (stmt, 2, signed_by);
  pd_stmt_bind_int64 (stmt, 3, signed_at);
  pd_stmt_bind_int64 (stmt, 4, up_to_seq);
  pd_stmt_bind_int64 (stmt, 5, verified ? 1 : 0);
  _pd_bind_text (stmt, 6, note);
  return _pd_store_step_unique (tx, stmt, "audit sign-off", error, "The audit review of %s is signed off already", quarter);
}

/* Every sign-off by quarter (JsonObjects with the table's columns). */
GPtrArray *
pd_store_audit_signoffs (PdStoreTx  *tx,
                         GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT quarter, signed_by, signed_at, up_to_seq, verified, note FROM audit_signoffs ORDER BY quarter", error);

  if (stmt == NULL)
    return NULL;
  return _pd_store_json_rows (tx, stmt, "audit sign-offs", error);
}

/* The time of the first entry of the log (0 when it is empty). */
gint64
pd_store_audit_first_at (PdStoreTx *tx)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT at FROM audit ORDER BY seq LIMIT 1", NULL);

  if (stmt != NULL && pd_stmt_step (stmt) == PD_ROW)
    return pd_stmt_column_int64 (stmt, 0);
  return 0;
}
