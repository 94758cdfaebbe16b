/* pd-store-inspections.c: inspection requests, history, chat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <string.h>

#include "pd-error.h"
#include "pd-store-inspections.h"
#include "pd-store-private.h"

#define INSP_COLUMNS "r.id, r.ref, r.kind, r.port, r.status, r.requester_key, r.requester_kind, r.company, " \
  "r.importer_id, r.contact_name, r.contact_email, r.contact_phone, r.vessel_name, r.vessel_imo, " \
  "r.vessel_voyage, r.vessel_berth, r.window_start, r.window_end, r.perishable, r.notes, r.slot_start, " \
  "r.slot_end, r.inspector, r.submitted_at, r.decided_at, r.arrived_at, r.started_at, r.finished_at, " \
  "r.reason_code, r.updated_at"


static PdInspection *
insp_from_row (PdStmt *stmt)
{
  PdInspection *i = g_new0 (PdInspection, 1);
  int c = 0;

  i->id = pd_stmt_column_int64 (stmt, c++);
  i->ref = _pd_column_dup (stmt, c++);
  pd_insp_kind_from_string (pd_stmt_column_text (stmt, c++), &i->kind);
  i->port = _pd_column_dup (stmt, c++);
  pd_insp_status_from_string (pd_stmt_column_text (stmt, c++), &i->status);
  i->requester_key = _pd_column_dup (stmt, c++);
  i->requester_kind = _pd_column_dup (stmt, c++);
  i->company = _pd_column_dup (stmt, c++);
  i->importer_id = _pd_column_dup (stmt, c++);
  i->contact_name = _pd_column_dup (stmt, c++);
  i->contact_email = _pd_column_dup (stmt, c++);
  i->contact_phone = _pd_column_dup (stmt, c++);
  i->vessel_name = _pd_column_dup (stmt, c++);
  i->vessel_imo = _pd_column_dup (stmt, c++);
  i->vessel_voyage = _pd_column_dup (stmt, c++);
  i->vessel_berth = _pd_column_dup (stmt, c++);
  i->window_start = pd_stmt_column_int64 (stmt, c++);
  i->window_end = pd_stmt_column_int64 (stmt, c++);
  i->perishable = pd_stmt_column_int (stmt, c++);
  i->notes = _pd_column_dup (stmt, c++);
  i->slot_start = pd_stmt_column_int64 (stmt, c++);
  i->slot_end = pd_stmt_column_int64 (stmt, c++);
  i->inspector = _pd_column_dup (stmt, c++);
  i->submitted_at = pd_stmt_column_int64 (stmt, c++);
  i->decided_at = pd_stmt_column_int64 (stmt, c++);
  i->arrived_at = pd_stmt_column_int64 (stmt, c++);
  i->started_at = pd_stmt_column_int64 (stmt, c++);
  i->finished_at = pd_stmt_column_int64 (stmt, c++);
  i->reason_code = _pd_column_dup (stmt, c++);
  i->updated_at = pd_stmt_column_int64 (stmt, c++);
  i->commodities = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_commodity_free);
  return i;
}

/* A row of the dashboard's list: the request and how many chat messages
 * the reader has not read (column 31); in the rows form also the first
 * commodity's description, how many there are and the search text. */
static gpointer
insp_list_from_row (PdStmt *stmt)
{
  PdInspection *i = insp_from_row (stmt);

  i->unread = pd_stmt_column_int64 (stmt, 31);
  if (pd_stmt_column_count (stmt) > 32)
    {
      i->first_commodity = _pd_column_dup (stmt, 32);
      i->n_commodities = pd_stmt_column_int64 (stmt, 33);
      i->search_text = _pd_column_dup (stmt, 34);
    }
  return i;
}

#define INSP_ROWS_COLUMNS ", r.first_commodity, r.n_commodities, r.search_text"

static gpointer
commodity_from_row (PdStmt *stmt)
{
  PdCommodity *c = g_new0 (PdCommodity, 1);

  c->description = _pd_column_dup (stmt, 0);
  c->category = _pd_column_dup (stmt, 1);
  c->quantity = pd_stmt_column_double (stmt, 2);
  c->unit = _pd_column_dup (stmt, 3);
  c->origin = _pd_column_dup (stmt, 4);
  return c;
}

static gboolean
load_commodities (PdStoreTx     *tx,
                  PdInspection  *insp,
                  GError       **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT description, category, quantity, unit, origin FROM insp_commodities WHERE request_id = ?1 ORDER BY id",
      error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, insp->id);
  return _pd_store_rows (tx, stmt, commodity_from_row, insp->commodities, "commodities", error);
}

static gboolean
insert_commodities (PdStoreTx  *tx,
                    gint64      request_id,
                    GPtrArray  *commodities,
                    GError    **error)
{
  g_autoptr(PdStmt) com = _pd_store_prepare (tx,
      "INSERT INTO insp_commodities (request_id, description, category, quantity, unit, origin) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (com == NULL)
    return FALSE;
  for (guint k = 0; k < commodities->len; k++)
    {
      PdCommodity *cm = g_ptr_array_index (commodities, k);

      pd_stmt_reset (com);
      pd_stmt_bind_int64 (com, 1, request_id);
      _pd_bind_text (com, 2, cm->description);
      _pd_bind_text (com, 3, cm->category);
      pd_stmt_bind_double (com, 4, cm->quantity);
      _pd_bind_text (com, 5, cm->unit);
      _pd_bind_text (com, 6, cm->origin);
      if (!_pd_store_step_done (tx, com, error))
        return FALSE;
    }
  return TRUE;
}

/* What the dashboard's list reads of a request's commodities and other
 * rows: the search text (schema v4), the first commodity and the count (v5). */
static gboolean
update_search_text (PdStoreTx  *tx,
                    gint64      request_id,
                    GError    **error)
{
  g_autoptr(PdStmt) search = _pd_store_prepare (tx,
      "UPDATE insp_requests SET " PD_INSP_SUMMARY " WHERE id = ?1", error);

  if (search == NULL)
    return FALSE;
  pd_stmt_bind_int64 (search, 1, request_id);
  return _pd_store_step_done (tx, search, error);
}

gboolean
pd_store_insp_insert (PdStoreTx           *tx,
                      PdInspection        *i,
                      const PdSlaTargets  *sla,
                      GError             **error)
{
  g_autoptr(PdStmt) stmt = NULL;
  g_autoptr(PdStmt) named = NULL;
  gint64 id;
  int c = 1;

  /* the row's id (the next on SQLite, the identity's on PostgreSQL, so the
   * site's daemons need not take turns) makes the reference: the row goes
   * in under a placeholder and is named at once */
  stmt = _pd_store_prepare (tx,
      "INSERT INTO insp_requests (ref, kind, port, status, requester_key, requester_kind, company, importer_id, "
      "contact_name, contact_email, contact_phone, vessel_name, vessel_imo, vessel_voyage, vessel_berth, "
      "window_start, window_end, perishable, notes, submitted_at, sla_decision_us, sla_inspection_us, updated_at) "
      "VALUES ('new:' || hex(randomblob(16)), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
      "?16, ?17, ?18, ?19, ?20, ?21, ?19)",
      error);
  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, c++, pd_insp_kind_to_string (i->kind));
  _pd_bind_text (stmt, c++, i->port);
  _pd_bind_text (stmt, c++, pd_insp_status_to_string (i->status));
  _pd_bind_text (stmt, c++, i->requester_key);
  _pd_bind_text (stmt, c++, i->requester_kind);
  _pd_bind_text (stmt, c++, i->company);
  _pd_bind_text (stmt, c++, i->importer_id);
  _pd_bind_text (stmt, c++, i->contact_name);
  _pd_bind_text (stmt, c++, i->contact_email);
  _pd_bind_text (stmt, c++, i->contact_phone);
  _pd_bind_text (stmt, c++, i->vessel_name);
  _pd_bind_text (stmt, c++, i->vessel_imo);
  _pd_bind_text (stmt, c++, i->vessel_voyage);
  _pd_bind_text (stmt, c++, i->vessel_berth);
  pd_stmt_bind_int64 (stmt, c++, i->window_start);
  pd_stmt_bind_int64 (stmt, c++, i->window_end);
  pd_stmt_bind_int64 (stmt, c++, i->perishable);
  _pd_bind_text (stmt, c++, i->notes);
  pd_stmt_bind_int64 (stmt, c++, i->submitted_at);
  pd_stmt_bind_int64 (stmt, c++, sla->decision_us);
  pd_stmt_bind_int64 (stmt, c++, sla->inspection_us);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  id = _pd_store_last_id (tx);
  g_free (i->ref);
  i->ref = g_strdup_printf ("%s-%06" G_GINT64_FORMAT, i->port, id);
  named = _pd_store_prepare (tx, "UPDATE insp_requests SET ref = ?2 WHERE id = ?1", error);
  if (named == NULL)
    return FALSE;
  pd_stmt_bind_int64 (named, 1, id);
  _pd_bind_text (named, 2, i->ref);
  if (!_pd_store_step_done (tx, named, error))
    return FALSE;
  i->id = id;
  i->updated_at = i->submitted_at;

  return insert_commodities (tx, id, i->commodities, error) && update_search_text (tx, id, error);
}

gboolean
pd_store_insp_amend (PdStoreTx           *tx,
                     const PdInspection  *i,
                     const PdSlaTargets  *sla,
                     GError             **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE insp_requests SET company = ?2, importer_id = ?3, contact_name = ?4, contact_email = ?5, "
      "contact_phone = ?6, vessel_name = ?7, vessel_imo = ?8, vessel_voyage = ?9, vessel_berth = ?10, "
      "window_start = ?11, window_end = ?12, perishable = ?13, notes = ?14, sla_decision_us = ?15, "
      "sla_inspection_us = ?16, updated_at = ?17 WHERE id = ?1", error);
  g_autoptr(PdStmt) drop = NULL;
  int c = 1;

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, c++, i->id);
  _pd_bind_text (stmt, c++, i->company);
  _pd_bind_text (stmt, c++, i->importer_id);
  _pd_bind_text (stmt, c++, i->contact_name);
  _pd_bind_text (stmt, c++, i->contact_email);
  _pd_bind_text (stmt, c++, i->contact_phone);
  _pd_bind_text (stmt, c++, i->vessel_name);
  _pd_bind_text (stmt, c++, i->vessel_imo);
  _pd_bind_text (stmt, c++, i->vessel_voyage);
  _pd_bind_text (stmt, c++, i->vessel_berth);
  pd_stmt_bind_int64 (stmt, c++, i->window_start);
  pd_stmt_bind_int64 (stmt, c++, i->window_end);
  pd_stmt_bind_int64 (stmt, c++, i->perishable);
  _pd_bind_text (stmt, c++, i->notes);
  pd_stmt_bind_int64 (stmt, c++, sla->decision_us);
  pd_stmt_bind_int64 (stmt, c++, sla->inspection_us);
  pd_stmt_bind_int64 (stmt, c++, i->updated_at);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  drop = _pd_store_prepare (tx, "DELETE FROM insp_commodities WHERE request_id = ?1", error);
  if (drop == NULL)
    return FALSE;
  pd_stmt_bind_int64 (drop, 1, i->id);
  return _pd_store_step_done (tx, drop, error) &&
         insert_commodities (tx, i->id, i->commodities, error) &&
         update_search_text (tx, i->id, error);
}

PdInspection *
pd_store_insp_get (PdStoreTx   *tx,
                   const char  *ref,
                   GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " INSP_COLUMNS " FROM insp_requests r WHERE r.ref = ?1",
                                                    error);
  g_autoptr(PdInspection) insp = NULL;

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, ref);
  if (pd_stmt_step (stmt) != PD_ROW)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No inspection request %s", ref);
      return NULL;
    }
  insp = insp_from_row (stmt);
  if (!load_commodities (tx, insp, error))
    return NULL;
  return g_steal_pointer (&insp);
}

gboolean
pd_store_insp_update (PdStoreTx           *tx,
                      const PdInspection  *i,
                      GError             **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE insp_requests SET status = ?2, window_start = ?3, window_end = ?4, slot_start = ?5, slot_end = ?6, "
      "inspector = ?7, decided_at = ?8, arrived_at = ?9, started_at = ?10, finished_at = ?11, reason_code = ?12, "
      "updated_at = ?13 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, i->id);
  _pd_bind_text (stmt, 2, pd_insp_status_to_string (i->status));
  pd_stmt_bind_int64 (stmt, 3, i->window_start);
  pd_stmt_bind_int64 (stmt, 4, i->window_end);
  pd_stmt_bind_int64 (stmt, 5, i->slot_start);
  pd_stmt_bind_int64 (stmt, 6, i->slot_end);
  _pd_bind_text (stmt, 7, i->inspector);
  pd_stmt_bind_int64 (stmt, 8, i->decided_at);
  pd_stmt_bind_int64 (stmt, 9, i->arrived_at);
  pd_stmt_bind_int64 (stmt, 10, i->started_at);
  pd_stmt_bind_int64 (stmt, 11, i->finished_at);
  _pd_bind_text (stmt, 12, i->reason_code);
  pd_stmt_bind_int64 (stmt, 13, i->updated_at);
  return _pd_store_step_done (tx, stmt, error);
}

static char *
like_pattern (const char *text)
{
  GString *s = g_string_new ("%");
  g_autofree char *lower = g_ascii_strdown (text, -1);   /* as SQLite lower() */

  for (const char *p = lower; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

static const char *
order_by (const char *sort)
{
  static const struct { const char *name, *sql; } orders[] = {
    { "requested",  "r.window_start, r.id" },
    { "-requested", "r.window_start DESC, r.id DESC" },
    { "submitted",  "r.submitted_at, r.id" },
    { "-submitted", "r.submitted_at DESC, r.id DESC" },
    { "kind",       "r.kind, r.window_start, r.id" },
    { "status",     "r.status, r.window_start, r.id" },
    { "port",       "r.port, r.window_start, r.id" },
    { "requester",  "coalesce(r.company, r.contact_name), r.window_start, r.id" },
    { "sla",        "late DESC, r.submitted_at + r.sla_decision_us, r.id" },
    { "-updated",   "r.updated_at DESC, r.id DESC" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    if (g_strcmp0 (orders[i].name, sort) == 0)
      return orders[i].sql;
  return orders[0].sql;
}

/* Only the active filters go into the WHERE clause, so SQLite can use the
 * (port, status) and (port, window_start) indexes; values are always bound. */
typedef struct {
  GString *where;
  guint    n;
  struct { gboolean is_int; gint64 i; const char *s; } args[12];
} Where;

static void
where_add (Where      *w,
           const char *cond,     /* "r.port = @": each @ becomes this argument's ?N */
           gboolean    is_int,
           gint64      i,
           const char *s)
{
  const char *q = strchr (cond, '@');

  g_string_append (w->where, w->where->len == 0 ? " WHERE " : " AND ");
  if (q == NULL)
    {
      g_string_append (w->where, cond);
      return;
    }
  g_assert (w->n < G_N_ELEMENTS (w->args));
  w->args[w->n].is_int = is_int;
  w->args[w->n].i = i;
  w->args[w->n].s = s;
  w->n++;
  for (const char *p = cond; *p; p++)
    {
      if (*p == '@')
        g_string_append_printf (w->where, "?%u", w->n + 1);   /* ?1 is "now" */
      else
        g_string_append_c (w->where, *p);
    }
}

static void
where_bind (Where        *w,
            PdStmt       *stmt,
            gint64        now)
{
  pd_stmt_bind_int64 (stmt, 1, now);
  for (guint k = 0; k < w->n; k++)
    {
      if (w->args[k].is_int)
        pd_stmt_bind_int64 (stmt, k + 2, w->args[k].i);
      else
        _pd_bind_text (stmt, k + 2, w->args[k].s);
    }
}

GPtrArray *
pd_store_insp_query (PdStoreTx           *tx,
                     const PdInspFilter  *f,
                     const char          *reader,
                     const char          *side,
                     gint64              *out_total,
                     GError             **error)
{
  g_autofree char *pattern = f->text != NULL && *f->text ? like_pattern (f->text) : NULL;
  g_autoptr(GString) where_sql = g_string_new (NULL);
  Where w = { .where = where_sql };
  g_autofree char *sql = NULL;
  g_autofree char *count_sql = NULL;
  g_autoptr(PdStmt) stmt = NULL;
  g_autoptr(PdStmt) count = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_inspection_free);

  if (f->port != NULL)
    where_add (&w, "r.port = @", FALSE, 0, f->port);
  if (f->ref != NULL)
    where_add (&w, "r.ref = @", FALSE, 0, f->ref);
  if (f->status >= 0)
    where_add (&w, "r.status = @", FALSE, 0, pd_insp_status_to_string (f->status));
  if (f->kind >= 0)
    where_add (&w, "r.kind = @", FALSE, 0, pd_insp_kind_to_string (f->kind));
  if (f->from != 0)
    where_add (&w, "r.window_start >= @", TRUE, f->from, NULL);
  if (f->to != 0)
    where_add (&w, "r.window_start < @", TRUE, f->to, NULL);
  if (pattern != NULL)
    where_add (&w, "r.search_text LIKE @ ESCAPE '\\'", FALSE, 0, pattern);
  if (f->late_only)
    where_add (&w, PD_INSP_LATE_EXPR, FALSE, 0, NULL);
  if (f->requester_key != NULL)
    where_add (&w, "r.requester_key = @", FALSE, 0, f->requester_key);

  count_sql = g_strdup_printf ("SELECT count(*) FROM insp_requests r%s", where_sql->str);
  sql = g_strdup_printf (
      "SELECT " INSP_COLUMNS ", " PD_INSP_LATE_EXPR " AS late,"
      " (SELECT count(*) FROM insp_chat m WHERE m.request_id = r.id AND m.side != ?%u AND m.id >"
      "   coalesce((SELECT last_read_id FROM insp_chat_reads k WHERE k.request_id = r.id AND k.reader = ?%u), 0))"
      "%s FROM insp_requests r%s ORDER BY %s LIMIT ?%u OFFSET ?%u",
      w.n + 2, w.n + 3, f->rows ? INSP_ROWS_COLUMNS : "", where_sql->str, order_by (f->sort), w.n + 4, w.n + 5);

  count = _pd_store_prepare (tx, count_sql, error);
  if (count == NULL)
    return NULL;
  where_bind (&w, count, f->now);
  if (pd_stmt_step (count) != PD_ROW)
    {
      _pd_store_set_error (tx, error, "count inspections");
      return NULL;
    }
  *out_total = pd_stmt_column_int64 (count, 0);

  stmt = _pd_store_prepare (tx, sql, error);
  if (stmt == NULL)
    return NULL;
  where_bind (&w, stmt, f->now);
  _pd_bind_text (stmt, w.n + 2, side);
  _pd_bind_text (stmt, w.n + 3, reader);
  pd_stmt_bind_int64 (stmt, w.n + 4, f->limit > 0 ? f->limit : 50);
  pd_stmt_bind_int64 (stmt, w.n + 5, f->offset);
  if (!_pd_store_rows (tx, stmt, insp_list_from_row, out, "query inspections", error))
    return NULL;
  for (guint k = 0; !f->rows && k < out->len; k++)
    if (!load_commodities (tx, g_ptr_array_index (out, k), error))
      return NULL;
  return g_steal_pointer (&out);
}

gint64
pd_store_insp_slot_load (PdStoreTx  *tx,
                         const char *port,
                         gint64      slot_start,
                         gint64      exclude_id)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT count(*) FROM insp_requests WHERE port = ?1 AND slot_start = ?2 AND id != ?3 "
      "AND status IN ('scheduled', 'rescheduled', 'arrived', 'in_progress')", NULL);

  if (stmt == NULL)
    return G_MAXINT64;
  _pd_bind_text (stmt, 1, port);
  pd_stmt_bind_int64 (stmt, 2, slot_start);
  pd_stmt_bind_int64 (stmt, 3, exclude_id);
  if (pd_stmt_step (stmt) != PD_ROW)
    return G_MAXINT64;
  return pd_stmt_column_int64 (stmt, 0);
}

gboolean
pd_store_insp_history_add (PdStoreTx    *tx,
                           gint64        request_id,
                           PdInspEvent  *ev,
                           GError      **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO insp_history (request_id, at, actor, actor_role, from_status, to_status, reason_code, reason) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  pd_stmt_bind_int64 (stmt, 2, ev->at);
  _pd_bind_text (stmt, 3, ev->actor);
  _pd_bind_text (stmt, 4, ev->actor_role);
  _pd_bind_text (stmt, 5, ev->from_status);
  _pd_bind_text (stmt, 6, ev->to_status);
  _pd_bind_text (stmt, 7, ev->reason_code);
  _pd_bind_text (stmt, 8, ev->reason);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  ev->id = _pd_store_last_id (tx);
  return TRUE;
}

static gpointer
insp_event_from_row (PdStmt *stmt)
{
  PdInspEvent *ev = g_new0 (PdInspEvent, 1);

  ev->id = pd_stmt_column_int64 (stmt, 0);
  ev->at = pd_stmt_column_int64 (stmt, 1);
  ev->actor = _pd_column_dup (stmt, 2);
  ev->actor_role = _pd_column_dup (stmt, 3);
  ev->from_status = _pd_column_dup (stmt, 4);
  ev->to_status = _pd_column_dup (stmt, 5);
  ev->reason_code = _pd_column_dup (stmt, 6);
  ev->reason = _pd_column_dup (stmt, 7);
  return ev;
}

GPtrArray *
pd_store_insp_history (PdStoreTx  *tx,
                       gint64      request_id,
                       GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT id, at, actor, actor_role, from_status, to_status, reason_code, reason FROM insp_history "
      "WHERE request_id = ?1 ORDER BY id", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_insp_event_free);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  if (!_pd_store_rows (tx, stmt, insp_event_from_row, out, "history", error))
    return NULL;
  return g_steal_pointer (&out);
}

/* A chat statement for each kind of chat (tables of the same shape):
 * @head, the kind's chat table, @tail. */
#define CHAT_SQL(head, tail) \
  { [PD_CHAT_INSPECTION] = head "insp_chat" tail, [PD_CHAT_LANDING] = head "landing_chat" tail }

gboolean
pd_store_chat_add (PdStoreTx      *tx,
                   PdChatKind      kind,
                   gint64          request_id,
                   PdChatMessage  *msg,
                   GError        **error)
{
  static const char * const sql[] = CHAT_SQL ("INSERT INTO ", " (request_id, at, side, sender, body) VALUES (?1, ?2, ?3, ?4, ?5)");
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql[kind], error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  pd_stmt_bind_int64 (stmt, 2, msg->at);
  _pd_bind_text (stmt, 3, msg->side);
  _pd_bind_text (stmt, 4, msg->sender);
  _pd_bind_text (stmt, 5, msg->body);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  msg->id = _pd_store_last_id (tx);
  return TRUE;
}

static gpointer
chat_message_from_row (PdStmt *stmt)
{
  PdChatMessage *m = g_new0 (PdChatMessage, 1);

  m->id = pd_stmt_column_int64 (stmt, 0);
  m->at = pd_stmt_column_int64 (stmt, 1);
  m->side = _pd_column_dup (stmt, 2);
  m->sender = _pd_column_dup (stmt, 3);
  m->body = _pd_column_dup (stmt, 4);
  return m;
}

GPtrArray *
pd_store_chat_list (PdStoreTx  *tx,
                    PdChatKind  kind,
                    gint64      request_id,
                    GError    **error)
{
  static const char * const sql[] = CHAT_SQL ("SELECT id, at, side, sender, body FROM ", " WHERE request_id = ?1 ORDER BY id");
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql[kind], error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_chat_message_free);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  if (!_pd_store_rows (tx, stmt, chat_message_from_row, out, "chat", error))
    return NULL;
  return g_steal_pointer (&out);
}

gboolean
pd_store_chat_mark_read (PdStoreTx   *tx,
                         PdChatKind   kind,
                         gint64       request_id,
                         const char  *reader,
                         gint64       last_id,
                         GError     **error)
{
  static const char * const sql[] = CHAT_SQL ("INSERT INTO ", "_reads (request_id, reader, last_read_id) VALUES (?1, ?2, ?3) "
                                               "ON CONFLICT (request_id, reader) DO UPDATE SET last_read_id = max(last_read_id, ?3)");
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql[kind], error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  _pd_bind_text (stmt, 2, reader);
  pd_stmt_bind_int64 (stmt, 3, last_id);
  return _pd_store_step_done (tx, stmt, error);
}

gint64
pd_store_chat_last_read (PdStoreTx  *tx,
                         PdChatKind  kind,
                         gint64      request_id,
                         const char *reader)
{
  static const char * const sql[] = CHAT_SQL ("SELECT last_read_id FROM ", "_reads WHERE request_id = ?1 AND reader = ?2");
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql[kind], NULL);

  if (stmt == NULL)
    return 0;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  _pd_bind_text (stmt, 2, reader);
  return pd_stmt_step (stmt) == PD_ROW ? pd_stmt_column_int64 (stmt, 0) : 0;
}
