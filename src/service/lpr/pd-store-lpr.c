/* pd-store-lpr.c: LPR reads, displays, alerts, cases and queries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-store-lpr.h"
#include "pd-store-private.h"

#define READ_COLUMNS \
  "plate, state, observed_at, reader_id, reader_address, lat, lon, camera_owner, camera_type, make, model, image_ref"

void
pd_lpr_item_free (PdLprItem *item)
{
  if (item == NULL)
    return;
  g_free (item->display);
  g_free (item->plate);
  g_free (item->state);
  g_free (item->plate_key);
  g_free (item);
}

void
pd_lpr_case_free (PdLprCase *c)
{
  if (c == NULL)
    return;
  g_free (c->number);
  g_free (c->title);
  g_free (c);
}

/* Runs @sql (one statement, ?1.. bound to the gint64s that follow) to
 * the end: a write. */
static gboolean
exec_ids (PdStoreTx   *tx,
          const char  *sql,
          GError     **error,
          guint        n,
          ...)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);
  va_list ap;

  if (stmt == NULL)
    return FALSE;
  va_start (ap, n);
  for (guint i = 0; i < n; i++)
    pd_stmt_bind_int64 (stmt, (int) i + 1, va_arg (ap, gint64));
  va_end (ap);
  return _pd_store_step_done (tx, stmt, error);
}

/* --- reads ---------------------------------------------------------------------- */

gboolean
pd_store_lpr_reads_insert (PdStoreTx   *tx,
                           GPtrArray   *reads,
                           const char  *source,
                           gint64       now,
                           GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT OR IGNORE INTO lpr_reads (plate_key, received_at, source, " READ_COLUMNS ", bucket) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?6 / ?16)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < reads->len; i++)
    {
      PdLprRead *r = reads->pdata[i];

      pd_stmt_reset (stmt);
      _pd_bind_text (stmt, 1, r->plate_key);
      pd_stmt_bind_int64 (stmt, 2, now);
      _pd_bind_text (stmt, 3, source);
      _pd_bind_text (stmt, 4, r->plate);
      _pd_bind_text (stmt, 5, r->state);
      pd_stmt_bind_int64 (stmt, 6, r->observed_at);
      _pd_bind_text (stmt, 7, r->reader_id);
      _pd_bind_text (stmt, 8, r->reader_address);
      if (r->has_position)
        {
          pd_stmt_bind_double (stmt, 9, r->lat);
          pd_stmt_bind_double (stmt, 10, r->lon);
        }
      else
        {
          pd_stmt_bind_null (stmt, 9);
          pd_stmt_bind_null (stmt, 10);
        }
      _pd_bind_text (stmt, 11, r->camera_owner);
      _pd_bind_text (stmt, 12, r->camera_type);
      _pd_bind_text (stmt, 13, r->make);
      _pd_bind_text (stmt, 14, r->model);
      _pd_bind_text (stmt, 15, r->image_ref);
      pd_stmt_bind_int64 (stmt, 16, PD_LPR_BUCKET_US);
      if (!_pd_store_step_done (tx, stmt, error))
        return FALSE;
      r->id = _pd_store_changes (tx) > 0 ? _pd_store_last_id (tx) : 0;
    }
  return TRUE;
}

GArray *
pd_store_lpr_reads_before (PdStoreTx  *tx,
                           gint64      t,
                           GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT id FROM lpr_reads WHERE observed_at < ?1", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, t);
  return _pd_store_ids (tx, stmt, "lpr reads", error);
}

/* --- displays and items ---------------------------------------------------------- */

gint64
pd_store_lpr_display_insert (PdStoreTx   *tx,
                             const char  *name,
                             const char  *reason,
                             gint64       owner_id,
                             gint64       now,
                             GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO lpr_displays (name, reason, owner_id, created_at) VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return 0;
  _pd_bind_text (stmt, 1, name);
  _pd_bind_text (stmt, 2, reason);
  pd_stmt_bind_int64 (stmt, 3, owner_id);
  pd_stmt_bind_int64 (stmt, 4, now);
  if (!_pd_store_step_unique (tx, stmt, "lpr display", error, "There is a display named '%s' already", name))
    return 0;
  return _pd_store_last_id (tx);
}

gint64
pd_store_lpr_display_owner (PdStoreTx  *tx,
                            gint64      display_id,
                            GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT owner_id FROM lpr_displays WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return 0;
  pd_stmt_bind_int64 (stmt, 1, display_id);
  rc = pd_stmt_step (stmt);
  if (rc == PD_ROW)
    return pd_stmt_column_int64 (stmt, 0);
  if (rc == PD_DONE)
    g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no display %" G_GINT64_FORMAT, display_id);
  else
    _pd_store_set_error (tx, error, "lpr display");
  return 0;
}

gboolean
pd_store_lpr_items_insert (PdStoreTx           *tx,
                           gint64               display_id,
                           GPtrArray           *items,
                           const char * const  *reasons,
                           const gint64        *expiries,
                           gint64               user_id,
                           gint64               now,
                           GError             **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO lpr_items (display_id, plate, state, plate_key, reason, expires_at, created_at, validated_at, "
      "validated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      PdLprItem *item = items->pdata[i];

      pd_stmt_reset (stmt);
      pd_stmt_bind_int64 (stmt, 1, display_id);
      _pd_bind_text (stmt, 2, item->plate);
      _pd_bind_text (stmt, 3, item->state);
      _pd_bind_text (stmt, 4, item->plate_key);
      _pd_bind_text (stmt, 5, reasons[i]);
      if (expiries[i] != 0)
        pd_stmt_bind_int64 (stmt, 6, expiries[i]);
      else
        pd_stmt_bind_null (stmt, 6);
      pd_stmt_bind_int64 (stmt, 7, now);
      pd_stmt_bind_int64 (stmt, 8, user_id);
      if (!_pd_store_step_unique (tx, stmt, "lpr items", error, "%s %s is on this display already", item->plate,
                                  item->state))
        return FALSE;
      item->id = _pd_store_last_id (tx);
    }
  return TRUE;
}

/* When item i lapses: a year (@lifetime, an SQL parameter) after its last
 * validation, or at its own expiry if sooner. */
#define VALID_UNTIL(lifetime) \
  "min(i.validated_at + " lifetime ", coalesce(i.expires_at, i.validated_at + " lifetime "))"

#define ITEM_SELECT \
  "SELECT i.id, i.display_id, d.owner_id, d.name, i.plate, i.state, i.plate_key, " VALID_UNTIL ("?1") ", " \
  "  d.created_at, (SELECT max(r.quarter) FROM lpr_reviews r WHERE r.display_id = d.id) " \
  "FROM lpr_items i JOIN lpr_displays d ON d.id = i.display_id "

gint64
pd_lpr_display_review_lapses (gint64      created_at,
                              const char *last_quarter)
{
  gint64 start, end;

  if (last_quarter != NULL && pd_quarter_bounds (last_quarter, &start, &end))
    created_at = MAX (created_at, start);
  return pd_quarter_review_lapses (created_at);
}

static gpointer
item_from_row (PdStmt *stmt)
{
  PdLprItem *item = g_new0 (PdLprItem, 1);

  item->id = pd_stmt_column_int64 (stmt, 0);
  item->display_id = pd_stmt_column_int64 (stmt, 1);
  item->owner_id = pd_stmt_column_int64 (stmt, 2);
  item->display = _pd_column_dup (stmt, 3);
  item->plate = _pd_column_dup (stmt, 4);
  item->state = _pd_column_dup (stmt, 5);
  item->plate_key = _pd_column_dup (stmt, 6);
  item->valid_until = pd_stmt_column_int64 (stmt, 7);
  item->review_lapses = pd_lpr_display_review_lapses (pd_stmt_column_int64 (stmt, 8),
                                                      pd_stmt_column_text (stmt, 9));
  return item;
}

GPtrArray *
pd_store_lpr_items_all (PdStoreTx  *tx,
                        GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_lpr_item_free);
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, ITEM_SELECT, error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, PD_LPR_ITEM_LIFETIME);
  if (!_pd_store_rows (tx, stmt, item_from_row, out, "lpr items", error))
    return NULL;
  return g_steal_pointer (&out);
}

PdLprItem *
pd_store_lpr_item_get (PdStoreTx  *tx,
                       gint64      id,
                       GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_lpr_item_free);
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, ITEM_SELECT "WHERE i.id = ?2", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, PD_LPR_ITEM_LIFETIME);
  pd_stmt_bind_int64 (stmt, 2, id);
  if (!_pd_store_rows (tx, stmt, item_from_row, out, "lpr item", error))
    return NULL;
  if (out->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no display item %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return g_ptr_array_steal_index (out, 0);
}

gboolean
pd_store_lpr_item_validate (PdStoreTx  *tx,
                            gint64      id,
                            gint64      user_id,
                            gint64      now,
                            GError    **error)
{
  return exec_ids (tx, "UPDATE lpr_items SET validated_at = ?2, validated_by = ?3 WHERE id = ?1", error, 3, id, now,
                   user_id);
}

gboolean
pd_store_lpr_item_delete (PdStoreTx  *tx,
                          gint64      id,
                          GError    **error)
{
  return exec_ids (tx, "DELETE FROM lpr_items WHERE id = ?1", error, 1, id);
}

GArray *
pd_store_lpr_items_lapsed (PdStoreTx  *tx,
                           gint64      now,
                           gint64      lifetime,
                           GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT i.id FROM lpr_items i WHERE " VALID_UNTIL ("?2") " <= ?1", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, now);
  pd_stmt_bind_int64 (stmt, 2, lifetime);
  return _pd_store_ids (tx, stmt, "lpr items", error);
}

GPtrArray *
pd_store_lpr_displays (PdStoreTx  *tx,
                       gint64      now,
                       gint64      lifetime,
                       gint64      due_window,
                       GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT d.id, d.name, d.reason, u.username AS owner, d.created_at, "
      "  (SELECT count(*) FROM lpr_items i WHERE i.display_id = d.id) AS items, "
      "  (SELECT count(*) FROM lpr_items i WHERE i.display_id = d.id "
      "     AND " VALID_UNTIL ("?2") " <= ?1 + ?3) AS due, "
      "  (SELECT max(r.quarter) FROM lpr_reviews r WHERE r.display_id = d.id) AS last_review "
      "FROM lpr_displays d JOIN users u ON u.id = d.owner_id ORDER BY d.name", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, now);
  pd_stmt_bind_int64 (stmt, 2, lifetime);
  pd_stmt_bind_int64 (stmt, 3, due_window);
  return _pd_store_json_rows (tx, stmt, "lpr displays", error);
}

GPtrArray *
pd_store_lpr_display_items (PdStoreTx  *tx,
                            gint64      display_id,
                            gint64      now,
                            gint64      lifetime,
                            gint64      due_window,
                            GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT i.id, i.plate, i.state, i.reason, i.created_at, i.validated_at, u.username AS validated_by, "
      "  i.expires_at, " VALID_UNTIL ("?2") " AS valid_until, " VALID_UNTIL ("?2") " <= ?1 + ?3 AS due "
      "FROM lpr_items i LEFT JOIN users u ON u.id = i.validated_by WHERE i.display_id = ?4 "
      "ORDER BY i.plate, i.state", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, now);
  pd_stmt_bind_int64 (stmt, 2, lifetime);
  pd_stmt_bind_int64 (stmt, 3, due_window);
  pd_stmt_bind_int64 (stmt, 4, display_id);
  return _pd_store_json_rows (tx, stmt, "lpr items", error);
}

gboolean
pd_store_lpr_review_insert (PdStoreTx   *tx,
                            gint64       display_id,
                            const char  *quarter,
                            gint64       user_id,
                            const char  *note,
                            gint64       now,
                            GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO lpr_reviews (display_id, quarter, signed_by, signed_at, note) VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, display_id);
  _pd_bind_text (stmt, 2, quarter);
  pd_stmt_bind_int64 (stmt, 3, user_id);
  pd_stmt_bind_int64 (stmt, 4, now);
  _pd_bind_text (stmt, 5, note);
  return _pd_store_step_unique (tx, stmt, "lpr review", error, "Display %" G_GINT64_FORMAT " has been signed off "
                                "for %s already", display_id, quarter);
}

GPtrArray *
pd_store_lpr_reviews (PdStoreTx   *tx,
                      const char  *quarter,
                      GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT d.id AS display_id, d.name AS display, o.username AS owner, d.created_at, "
      "  (SELECT max(l.quarter) FROM lpr_reviews l WHERE l.display_id = d.id) AS last_review, "
      "  (SELECT count(*) FROM lpr_items i WHERE i.display_id = d.id) AS items, ?1 AS quarter, "
      "  s.username AS signed_by, r.signed_at, r.note "
      "FROM lpr_displays d JOIN users o ON o.id = d.owner_id "
      "LEFT JOIN lpr_reviews r ON r.display_id = d.id AND r.quarter = ?1 "
      "LEFT JOIN users s ON s.id = r.signed_by ORDER BY r.signed_at IS NOT NULL, d.name", error);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, quarter);
  return _pd_store_json_rows (tx, stmt, "lpr reviews", error);
}

/* --- alerts ---------------------------------------------------------------------- */

/* The statements an intake batch checks its reads' alerts with, each
 * prepared once for the batch, when first needed (a batch holds hundreds
 * of hits: a statement each would be prepared hundreds of times). */
enum { ALERT_NEAR, ALERT_INSERT, ALERT_ADD_READ, ALERT_SPAN, N_ALERT_STMTS };

static const char * const alert_sql[N_ALERT_STMTS] = {
  [ALERT_NEAR] = "SELECT id FROM lpr_alerts WHERE item_id = ?1 AND plate = ?2 AND state = ?3 "
                 "AND last_read_at >= ?4 - ?5 AND first_read_at <= ?4 + ?5 ORDER BY id DESC LIMIT 1",
  [ALERT_INSERT] = "INSERT INTO lpr_alerts (item_id, display_id, kind, plate, state, listed_plate, listed_state, "
                   "first_read_at, last_read_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
  [ALERT_ADD_READ] = "INSERT OR IGNORE INTO lpr_alert_reads (read_id, item_id, alert_id) VALUES (?1, ?2, ?3)",
  [ALERT_SPAN] = "UPDATE lpr_alerts SET first_read_at = min(first_read_at, ?2), last_read_at = max(last_read_at, ?2) "
                 "WHERE id = ?1",
};

struct _PdLprAlerter
{
  PdStoreTx    *tx;
  PdStmt *stmts[N_ALERT_STMTS];
};

PdLprAlerter *
pd_store_lpr_alerter_new (PdStoreTx *tx)
{
  PdLprAlerter *a = g_new0 (PdLprAlerter, 1);

  a->tx = tx;
  return a;
}

void
pd_store_lpr_alerter_free (PdLprAlerter *a)
{
  if (a == NULL)
    return;
  for (guint i = 0; i < N_ALERT_STMTS; i++)
    pd_stmt_free (a->stmts[i]);
  g_free (a);
}

/* Statement @which, prepared on first use, reset and unbound. */
static PdStmt *
alerter_stmt (PdLprAlerter  *a,
              guint          which,
              GError       **error)
{
  if (a->stmts[which] == NULL)
    return a->stmts[which] = _pd_store_prepare (a->tx, alert_sql[which], error);
  pd_stmt_reset (a->stmts[which]);
  pd_stmt_clear_bindings (a->stmts[which]);
  return a->stmts[which];
}

gint64
pd_store_lpr_alert_near (PdLprAlerter *a,
                         gint64        item_id,
                         const char   *plate,
                         const char   *state,
                         gint64        t,
                         gint64        window,
                         GError      **error)
{
  PdStmt *stmt = alerter_stmt (a, ALERT_NEAR, error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  pd_stmt_bind_int64 (stmt, 1, item_id);
  _pd_bind_text (stmt, 2, plate);
  _pd_bind_text (stmt, 3, state);
  pd_stmt_bind_int64 (stmt, 4, t);
  pd_stmt_bind_int64 (stmt, 5, window);
  rc = pd_stmt_step (stmt);
  if (rc == PD_ROW)
    id = pd_stmt_column_int64 (stmt, 0);
  else if (rc != PD_DONE)
    {
      _pd_store_set_error (a->tx, error, "lpr alerts");
      id = -1;
    }
  pd_stmt_reset (stmt);   /* a read left open would hold its snapshot */
  return id;
}

gint64
pd_store_lpr_alert_insert (PdLprAlerter     *a,
                           const PdLprItem  *item,
                           const PdLprRead  *read,
                           const char       *kind,
                           gint64            now,
                           GError          **error)
{
  PdStmt *stmt = alerter_stmt (a, ALERT_INSERT, error);

  if (stmt == NULL)
    return 0;
  pd_stmt_bind_int64 (stmt, 1, item->id);
  pd_stmt_bind_int64 (stmt, 2, item->display_id);
  _pd_bind_text (stmt, 3, kind);
  _pd_bind_text (stmt, 4, read->plate);
  _pd_bind_text (stmt, 5, read->state);
  _pd_bind_text (stmt, 6, item->plate);
  _pd_bind_text (stmt, 7, item->state);
  pd_stmt_bind_int64 (stmt, 8, read->observed_at);
  pd_stmt_bind_int64 (stmt, 9, now);
  if (!_pd_store_step_done (a->tx, stmt, error))
    return 0;
  return _pd_store_last_id (a->tx);
}

gboolean
pd_store_lpr_alert_add_read (PdLprAlerter     *a,
                             gint64            alert_id,
                             const PdLprItem  *item,
                             const PdLprRead  *read,
                             gboolean         *added,
                             GError          **error)
{
  PdStmt *stmt = alerter_stmt (a, ALERT_ADD_READ, error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, read->id);
  pd_stmt_bind_int64 (stmt, 2, item->id);
  pd_stmt_bind_int64 (stmt, 3, alert_id);
  if (!_pd_store_step_done (a->tx, stmt, error))
    return FALSE;
  *added = _pd_store_changes (a->tx) > 0;
  if (!*added)
    return TRUE;
  if ((stmt = alerter_stmt (a, ALERT_SPAN, error)) == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, alert_id);
  pd_stmt_bind_int64 (stmt, 2, read->observed_at);
  return _pd_store_step_done (a->tx, stmt, error);
}

#define ALERT_SELECT \
  "SELECT a.id, a.kind, a.plate, a.state, a.listed_plate, a.listed_state, d.id AS display_id, d.name AS display, " \
  "  o.username AS owner, a.first_read_at, a.last_read_at, a.created_at, " \
  "  (SELECT count(*) FROM lpr_alert_reads ar WHERE ar.alert_id = a.id) AS reads, " \
  "  a.disposition, a.reason, u.username AS disposed_by, a.disposed_at " \
  "FROM lpr_alerts a JOIN lpr_displays d ON d.id = a.display_id JOIN users o ON o.id = d.owner_id " \
  "LEFT JOIN users u ON u.id = a.disposed_by "

GPtrArray *
pd_store_lpr_alerts (PdStoreTx  *tx,
                     gboolean    open_only,
                     guint       limit,
                     GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, ALERT_SELECT "WHERE ?1 = 0 OR a.disposition IS NULL "
                                                    "ORDER BY a.id DESC LIMIT ?2", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, open_only);
  pd_stmt_bind_int64 (stmt, 2, limit);
  return _pd_store_json_rows (tx, stmt, "lpr alerts", error);
}

JsonObject *
pd_store_lpr_alert (PdStoreTx   *tx,
                    gint64       id,
                    GPtrArray  **out_reads,
                    GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, ALERT_SELECT "WHERE a.id = ?1", error);
  g_autoptr(PdStmt) reads = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  if ((rows = _pd_store_json_rows (tx, stmt, "lpr alert", error)) == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no LPR alert %" G_GINT64_FORMAT, id);
      return NULL;
    }
  reads = _pd_store_prepare (tx, "SELECT r.id, " READ_COLUMNS " FROM lpr_alert_reads ar "
                             "JOIN lpr_reads r ON r.id = ar.read_id WHERE ar.alert_id = ?1 ORDER BY r.observed_at",
                             error);
  if (reads == NULL)
    return NULL;
  pd_stmt_bind_int64 (reads, 1, id);
  if ((*out_reads = _pd_store_json_rows (tx, reads, "lpr alert reads", error)) == NULL)
    return NULL;
  return json_object_ref (rows->pdata[0]);
}

gboolean
pd_store_lpr_alert_dispose (PdStoreTx   *tx,
                            gint64       id,
                            const char  *disposition,
                            const char  *reason,
                            gint64       user_id,
                            gint64       now,
                            GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE lpr_alerts SET disposition = ?2, reason = ?3, disposed_by = ?4, disposed_at = ?5 "
      "WHERE id = ?1 AND disposition IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  _pd_bind_text (stmt, 2, disposition);
  _pd_bind_text (stmt, 3, reason);
  pd_stmt_bind_int64 (stmt, 4, user_id);
  pd_stmt_bind_int64 (stmt, 5, now);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_autoptr(PdStmt) exists = _pd_store_prepare (tx, "SELECT 1 FROM lpr_alerts WHERE id = ?1", error);

      if (exists == NULL)
        return FALSE;
      pd_stmt_bind_int64 (exists, 1, id);
      if (pd_stmt_step (exists) == PD_ROW)
        g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "LPR alert %" G_GINT64_FORMAT " has a disposition already",
                     id);
      else
        g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no LPR alert %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  return TRUE;
}

/* --- cases, queries, results ----------------------------------------------------- */

gint64
pd_store_lpr_case_insert (PdStoreTx   *tx,
                          const char  *number,
                          const char  *title,
                          gint64       owner_id,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO lpr_cases (number, title, owner_id, opened_at) VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return 0;
  _pd_bind_text (stmt, 1, number);
  _pd_bind_text (stmt, 2, title);
  pd_stmt_bind_int64 (stmt, 3, owner_id);
  pd_stmt_bind_int64 (stmt, 4, now);
  if (!_pd_store_step_unique (tx, stmt, "lpr case", error, "There is a case or event numbered '%s' already", number))
    return 0;
  return _pd_store_last_id (tx);
}

static gpointer
case_from_row (PdStmt *stmt)
{
  PdLprCase *c = g_new0 (PdLprCase, 1);

  c->id = pd_stmt_column_int64 (stmt, 0);
  c->number = _pd_column_dup (stmt, 1);
  c->title = _pd_column_dup (stmt, 2);
  c->owner_id = pd_stmt_column_int64 (stmt, 3);
  c->opened_at = pd_stmt_column_int64 (stmt, 4);
  c->closed_at = pd_stmt_column_int64 (stmt, 5);
  return c;
}

PdLprCase *
pd_store_lpr_case_get (PdStoreTx  *tx,
                       gint64      id,
                       GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_lpr_case_free);
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT id, number, title, owner_id, opened_at, "
                                                    "coalesce(closed_at, 0) FROM lpr_cases WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  if (!_pd_store_rows (tx, stmt, case_from_row, out, "lpr case", error))
    return NULL;
  if (out->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no case or event %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return g_ptr_array_steal_index (out, 0);
}

gboolean
pd_store_lpr_case_close (PdStoreTx  *tx,
                         gint64      id,
                         gint64      now,
                         GError    **error)
{
  return exec_ids (tx, "UPDATE lpr_cases SET closed_at = ?2 WHERE id = ?1", error, 2, id, now);
}

GPtrArray *
pd_store_lpr_cases (PdStoreTx  *tx,
                    gint64      owner_id,
                    gint64      case_id,
                    GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT c.id, c.number, c.title, u.username AS owner, c.opened_at, c.closed_at, "
      "  (SELECT count(*) FROM lpr_saved s WHERE s.case_id = c.id) AS saved, "
      "  (SELECT max(s.saved_at) FROM lpr_saved s WHERE s.case_id = c.id) AS last_saved_at "
      "FROM lpr_cases c JOIN users u ON u.id = c.owner_id WHERE c.owner_id = ?1 AND (?2 = 0 OR c.id = ?2) "
      "ORDER BY c.closed_at IS NOT NULL, c.id DESC", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, owner_id);
  pd_stmt_bind_int64 (stmt, 2, case_id);
  return _pd_store_json_rows (tx, stmt, "lpr cases", error);
}

GPtrArray *
pd_store_lpr_saved (PdStoreTx  *tx,
                    gint64      case_id,
                    GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT s.read_id AS id, " READ_COLUMNS ", u.username AS saved_by, s.saved_at FROM lpr_saved s "
      "LEFT JOIN users u ON u.id = s.saved_by WHERE s.case_id = ?1 ORDER BY s.observed_at", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, case_id);
  return _pd_store_json_rows (tx, stmt, "lpr saved results", error);
}

gboolean
pd_store_lpr_query_run (PdStoreTx         *tx,
                        const PdLprQuery  *q,
                        gint64             case_id,
                        gint64             user_id,
                        const char        *params,
                        gint64             now,
                        gint64             expires_at,
                        guint              limit,
                        gint64            *out_id,
                        gint64            *out_count,
                        GError           **error)
{
  g_autoptr(PdStmt) insert = _pd_store_prepare (tx,
      "INSERT INTO lpr_queries (case_id, user_id, params, created_at, expires_at, results) "
      "VALUES (?1, ?2, ?3, ?4, ?5, 0)", error);
  g_autoptr(PdStmt) run = NULL;
  g_autoptr(GString) sql = NULL;
  gint64 id;

  if (insert == NULL)
    return FALSE;
  pd_stmt_bind_int64 (insert, 1, case_id);
  pd_stmt_bind_int64 (insert, 2, user_id);
  _pd_bind_text (insert, 3, params);
  pd_stmt_bind_int64 (insert, 4, now);
  pd_stmt_bind_int64 (insert, 5, expires_at);
  if (!_pd_store_step_done (tx, insert, error))
    return FALSE;
  id = _pd_store_last_id (tx);
  /* only the conditions asked for, so that each uses its index, probed in
   * each bucket of the range (at most 62 for 5 years) */
  sql = g_string_new ("INSERT INTO lpr_results (query_id, read_id) SELECT ?1, id FROM lpr_reads "
                      "WHERE observed_at >= ?2 AND observed_at < ?3 AND bucket IN (");
  for (gint64 b = q->from / PD_LPR_BUCKET_US; b <= (q->to - 1) / PD_LPR_BUCKET_US; b++)
    g_string_append_printf (sql, "%s%" G_GINT64_FORMAT, b > q->from / PD_LPR_BUCKET_US ? ", " : "", b);
  g_string_append_c (sql, ')');
  if (q->plate_key != NULL)
    g_string_append (sql, " AND plate_key = ?5");
  if (q->plate != NULL && !q->look_alikes)
    g_string_append (sql, " AND plate = ?4");
  if (q->reader_address != NULL)
    g_string_append (sql, " AND reader_address = ?6");
  if (q->make != NULL)
    g_string_append (sql, " AND make = ?7");
  if (q->model != NULL)
    g_string_append (sql, " AND model = ?8");
  g_string_append (sql, " ORDER BY observed_at DESC LIMIT ?9");
  run = _pd_store_prepare (tx, sql->str, error);
  if (run == NULL)
    return FALSE;
  pd_stmt_bind_int64 (run, 1, id);
  pd_stmt_bind_int64 (run, 2, q->from);
  pd_stmt_bind_int64 (run, 3, q->to);
  _pd_bind_text (run, 4, q->plate);
  _pd_bind_text (run, 5, q->plate_key);
  _pd_bind_text (run, 6, q->reader_address);
  _pd_bind_text (run, 7, q->make);
  _pd_bind_text (run, 8, q->model);
  pd_stmt_bind_int64 (run, 9, (gint64) limit + 1);
  if (!_pd_store_step_done (tx, run, error))
    return FALSE;
  *out_count = _pd_store_changes (tx);
  *out_id = id;
  return exec_ids (tx, "UPDATE lpr_queries SET results = ?2 WHERE id = ?1", error, 2, id, *out_count);
}

JsonObject *
pd_store_lpr_query (PdStoreTx   *tx,
                    gint64       id,
                    GPtrArray  **out_results,
                    GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT q.id, q.case_id, c.number AS case_number, q.user_id, q.params, q.created_at, q.expires_at, q.results "
      "FROM lpr_queries q JOIN lpr_cases c ON c.id = q.case_id WHERE q.id = ?1", error);
  g_autoptr(PdStmt) results = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  if ((rows = _pd_store_json_rows (tx, stmt, "lpr query", error)) == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no LPR query %" G_GINT64_FORMAT " (its cached "
                   "results are deleted when it expires)", id);
      return NULL;
    }
  results = _pd_store_prepare (tx, "SELECT r.id, " READ_COLUMNS " FROM lpr_results q "
                               "JOIN lpr_reads r ON r.id = q.read_id WHERE q.query_id = ?1 "
                               "ORDER BY r.observed_at DESC", error);
  if (results == NULL)
    return NULL;
  pd_stmt_bind_int64 (results, 1, id);
  if ((*out_results = _pd_store_json_rows (tx, results, "lpr results", error)) == NULL)
    return NULL;
  return json_object_ref (rows->pdata[0]);
}

gboolean
pd_store_lpr_save (PdStoreTx   *tx,
                   gint64       query_id,
                   gint64       case_id,
                   GArray      *read_ids,
                   gint64       user_id,
                   gint64       now,
                   GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT OR IGNORE INTO lpr_saved (case_id, read_id, saved_by, saved_at, " READ_COLUMNS ") "
      "SELECT ?1, r.id, ?2, ?3, " READ_COLUMNS " FROM lpr_results q JOIN lpr_reads r ON r.id = q.read_id "
      "WHERE q.query_id = ?4 AND q.read_id = ?5", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < read_ids->len; i++)
    {
      gint64 read = g_array_index (read_ids, gint64, i);

      pd_stmt_reset (stmt);
      pd_stmt_bind_int64 (stmt, 1, case_id);
      pd_stmt_bind_int64 (stmt, 2, user_id);
      pd_stmt_bind_int64 (stmt, 3, now);
      pd_stmt_bind_int64 (stmt, 4, query_id);
      pd_stmt_bind_int64 (stmt, 5, read);
      if (!_pd_store_step_done (tx, stmt, error))
        return FALSE;
      if (_pd_store_changes (tx) == 0)
        {
          g_autoptr(PdStmt) saved = _pd_store_prepare (tx, "SELECT 1 FROM lpr_saved WHERE case_id = ?1 AND "
                                                             "read_id = ?2", error);

          if (saved == NULL)
            return FALSE;
          pd_stmt_bind_int64 (saved, 1, case_id);
          pd_stmt_bind_int64 (saved, 2, read);
          if (pd_stmt_step (saved) != PD_ROW)
            {
              g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "reads: %" G_GINT64_FORMAT " is not a result of query %"
                           G_GINT64_FORMAT, read, query_id);
              return FALSE;
            }
        }
    }
  return TRUE;
}

GArray *
pd_store_lpr_queries_expired (PdStoreTx  *tx,
                              gint64      now,
                              GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT id FROM lpr_queries WHERE expires_at <= ?1", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, now);
  return _pd_store_ids (tx, stmt, "lpr queries", error);
}

gboolean
pd_store_lpr_queries_delete (PdStoreTx  *tx,
                             GArray     *ids,
                             GError    **error)
{
  for (guint i = 0; i < ids->len; i++)
    if (!exec_ids (tx, "DELETE FROM lpr_results WHERE query_id = ?1", error, 1, g_array_index (ids, gint64, i)))
      return FALSE;
  return pd_store_delete_ids (tx, "lpr_queries", ids, error);
}
