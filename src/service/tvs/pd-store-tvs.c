/* pd-store-tvs.c: flights' manifests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <string.h>

#include "pd-error.h"
#include "pd-store-private.h"
#include "pd-store-tvs.h"

#define FLIGHT_COLUMNS \
  "f.id, f.carrier, f.flight, f.departure_date, f.kind, f.departure, f.arrival, f.departs, f.arrives, f.sender, " \
  "f.received_at, f.warnings, (SELECT count(*) FROM tvs_travellers t WHERE t.flight_id = f.id)"

void
pd_flight_free (PdFlight *f)
{
  if (f == NULL)
    return;
  g_free (f->carrier);
  g_free (f->flight);
  g_free (f->departure_date);
  g_free (f->kind);
  g_free (f->departure);
  g_free (f->arrival);
  g_free (f->departs);
  g_free (f->arrives);
  g_free (f->sender);
  g_free (f);
}

static gpointer
flight_from_row (sqlite3_stmt *stmt)
{
  PdFlight *f = g_new0 (PdFlight, 1);

  f->id = sqlite3_column_int64 (stmt, 0);
  f->carrier = _pd_column_dup (stmt, 1);
  f->flight = _pd_column_dup (stmt, 2);
  f->departure_date = _pd_column_dup (stmt, 3);
  f->kind = _pd_column_dup (stmt, 4);
  f->departure = _pd_column_dup (stmt, 5);
  f->arrival = _pd_column_dup (stmt, 6);
  f->departs = _pd_column_dup (stmt, 7);
  f->arrives = _pd_column_dup (stmt, 8);
  f->sender = _pd_column_dup (stmt, 9);
  f->received_at = sqlite3_column_int64 (stmt, 10);
  f->warnings = sqlite3_column_int64 (stmt, 11);
  f->travellers = sqlite3_column_int64 (stmt, 12);
  return f;
}

/* Runs @sql with @id bound to ?1. */
static gboolean
exec_id (PdStoreTx   *tx,
         const char  *sql,
         gint64       id,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_tvs_put_manifest (PdStoreTx          *tx,
                           const PdPaxMessage *m,
                           const char         *departure_date,
                           const char         *key_id,
                           guint               warnings,
                           gint64              now,
                           gboolean           *replaced,
                           gint64             *out_id,
                           GError            **error)
{
  const PdPaxLeg *leg = m->legs->pdata[0];
  g_autoptr(sqlite3_stmt) old = _pd_store_prepare (tx, "SELECT id FROM tvs_flights WHERE carrier = ?1 AND flight = ?2 "
                                                       "AND departure_date = ?3 AND kind = ?4", error);
  g_autoptr(sqlite3_stmt) ins = NULL, trav = NULL;

  if (old == NULL)
    return FALSE;
  _pd_bind_text (old, 1, leg->carrier != NULL ? leg->carrier : "");
  _pd_bind_text (old, 2, leg->flight);
  _pd_bind_text (old, 3, departure_date);
  _pd_bind_text (old, 4, m->kind);
  *replaced = sqlite3_step (old) == SQLITE_ROW;
  if (*replaced)
    {
      gint64 id = sqlite3_column_int64 (old, 0);

      if (!exec_id (tx, "DELETE FROM tvs_travellers WHERE flight_id = ?1", id, error) ||
          !exec_id (tx, "DELETE FROM tvs_flights WHERE id = ?1", id, error))
        return FALSE;
    }
  ins = _pd_store_prepare (tx, "INSERT INTO tvs_flights (carrier, flight, departure_date, kind, departure, arrival, "
                               "departs, arrives, sender, key_id, received_at, warnings) VALUES (?1, ?2, ?3, ?4, ?5, "
                               "?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  if (ins == NULL)
    return FALSE;
  _pd_bind_text (ins, 1, leg->carrier != NULL ? leg->carrier : "");
  _pd_bind_text (ins, 2, leg->flight);
  _pd_bind_text (ins, 3, departure_date);
  _pd_bind_text (ins, 4, m->kind);
  _pd_bind_text (ins, 5, leg->departure);
  _pd_bind_text (ins, 6, leg->arrival);
  _pd_bind_text (ins, 7, leg->departs);
  _pd_bind_text (ins, 8, leg->arrives);
  _pd_bind_text (ins, 9, m->sender != NULL ? m->sender : "");
  _pd_bind_text (ins, 10, key_id);
  sqlite3_bind_int64 (ins, 11, now);
  sqlite3_bind_int64 (ins, 12, warnings);
  if (!_pd_store_step_done (tx, ins, error))
    return FALSE;
  *out_id = _pd_store_last_id (tx);
  trav = _pd_store_prepare (tx, "INSERT INTO tvs_travellers (flight_id, surname, given_names, sex, birth_date, "
                                "nationality, residence, crew, in_transit, doc_type, doc_number, doc_country, "
                                "doc_expiry) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);
  if (trav == NULL)
    return FALSE;
  for (guint i = 0; i < m->travellers->len; i++)
    {
      const PdPaxTraveller *t = m->travellers->pdata[i];
      const PdPaxDocument *d = t->documents->len > 0 ? t->documents->pdata[0] : NULL;

      /* the passport when there is one (a visa often comes with it) */
      for (guint k = 0; k < t->documents->len; k++)
        if (g_strcmp0 (((PdPaxDocument *) t->documents->pdata[k])->type, "P") == 0)
          {
            d = t->documents->pdata[k];
            break;
          }
      sqlite3_reset (trav);
      sqlite3_clear_bindings (trav);
      sqlite3_bind_int64 (trav, 1, *out_id);
      _pd_bind_text (trav, 2, t->surname);
      _pd_bind_text (trav, 3, t->given_names);
      _pd_bind_text (trav, 4, t->sex);
      _pd_bind_text (trav, 5, t->birth_date);
      _pd_bind_text (trav, 6, t->nationality);
      _pd_bind_text (trav, 7, t->residence);
      sqlite3_bind_int (trav, 8, t->crew);
      sqlite3_bind_int (trav, 9, t->in_transit);
      if (d != NULL)
        {
          _pd_bind_text (trav, 10, d->type);
          _pd_bind_text (trav, 11, d->number);
          _pd_bind_text (trav, 12, d->issuing_country);
          _pd_bind_text (trav, 13, d->expiry);
        }
      if (!_pd_store_step_done (tx, trav, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
pd_store_tvs_flights (PdStoreTx   *tx,
                      const char  *port,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx, "SELECT " FLIGHT_COLUMNS " FROM tvs_flights f "
                                                        "WHERE ?1 IS NULL OR f.departure = ?1 OR f.arrival = ?1 "
                                                        "ORDER BY f.departure_date DESC, f.departs DESC, f.id", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_flight_free);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, port);
  if (!_pd_store_rows (tx, stmt, flight_from_row, out, "Cannot read the flights", error))
    return NULL;
  return g_steal_pointer (&out);
}

PdFlight *
pd_store_tvs_flight (PdStoreTx  *tx,
                     gint64      id,
                     GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx, "SELECT " FLIGHT_COLUMNS " FROM tvs_flights f WHERE f.id = ?1",
                                                    error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_flight_free);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_pd_store_rows (tx, stmt, flight_from_row, out, "Cannot read the flight", error))
    return NULL;
  if (out->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no flight %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return g_ptr_array_steal_index (out, 0);
}

static gpointer
traveller_from_row (sqlite3_stmt *stmt)
{
  PdPaxTraveller *t = g_new0 (PdPaxTraveller, 1);

  t->surname = _pd_column_dup (stmt, 0);
  t->given_names = _pd_column_dup (stmt, 1);
  t->sex = _pd_column_dup (stmt, 2);
  t->birth_date = _pd_column_dup (stmt, 3);
  t->nationality = _pd_column_dup (stmt, 4);
  t->residence = _pd_column_dup (stmt, 5);
  t->crew = sqlite3_column_int (stmt, 6) != 0;
  t->in_transit = sqlite3_column_int (stmt, 7) != 0;
  t->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_pax_document_free);
  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    {
      PdPaxDocument *d = g_new0 (PdPaxDocument, 1);

      d->type = _pd_column_dup (stmt, 8);
      d->number = _pd_column_dup (stmt, 9);
      d->issuing_country = _pd_column_dup (stmt, 10);
      d->expiry = _pd_column_dup (stmt, 11);
      g_ptr_array_add (t->documents, d);
    }
  return t;
}

GPtrArray *
pd_store_tvs_travellers (PdStoreTx  *tx,
                         gint64      flight_id,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx, "SELECT surname, given_names, sex, birth_date, nationality, "
                                                        "residence, crew, in_transit, doc_type, doc_number, "
                                                        "doc_country, doc_expiry FROM tvs_travellers "
                                                        "WHERE flight_id = ?1 ORDER BY id", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_pax_traveller_free);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, flight_id);
  if (!_pd_store_rows (tx, stmt, traveller_from_row, out, "Cannot read the travellers", error))
    return NULL;
  return g_steal_pointer (&out);
}

gboolean
pd_store_tvs_put_part (PdStoreTx   *tx,
                       const char  *sender,
                       const char  *access,
                       guint        part,
                       gboolean     final,
                       const char  *text,
                       gint64       now,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) up = _pd_store_prepare (tx, "INSERT INTO tvs_parts (sender, access, part, final, text, "
                                                      "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                                      "ON CONFLICT (sender, access, part) DO UPDATE SET "
                                                      "final = excluded.final, text = excluded.text, "
                                                      "received_at = excluded.received_at", error);

  if (up == NULL)
    return FALSE;
  _pd_bind_text (up, 1, sender);
  _pd_bind_text (up, 2, access);
  sqlite3_bind_int (up, 3, (int) part);
  sqlite3_bind_int (up, 4, final);
  _pd_bind_text (up, 5, text);
  sqlite3_bind_int64 (up, 6, now);
  return _pd_store_step_done (tx, up, error);
}

GPtrArray *
pd_store_tvs_complete_parts (PdStoreTx   *tx,
                             const char  *sender,
                             const char  *access,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx, "SELECT part, final, text FROM tvs_parts "
                                                        "WHERE sender = ?1 AND access = ?2 ORDER BY part", error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gboolean final = FALSE;
  int rc;

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, sender);
  _pd_bind_text (stmt, 2, access);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_int (stmt, 0) != (int) texts->len + 1)
        break;   /* a gap: not complete */
      g_ptr_array_add (texts, _pd_column_dup (stmt, 2));
      final = sqlite3_column_int (stmt, 1) != 0;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _pd_store_set_error (tx, error, "Cannot read the manifest's parts");
      return NULL;
    }
  return final ? g_steal_pointer (&texts) : g_ptr_array_new ();
}

gboolean
pd_store_tvs_drop_parts (PdStoreTx   *tx,
                         const char  *sender,
                         const char  *access,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) del = _pd_store_prepare (tx, "DELETE FROM tvs_parts WHERE sender = ?1 AND access = ?2",
                                                   error);

  if (del == NULL)
    return FALSE;
  _pd_bind_text (del, 1, sender);
  _pd_bind_text (del, 2, access);
  return _pd_store_step_done (tx, del, error);
}

/* The ids @sql (with ?1 bound to @text or @number) selects. */
static GArray *
ids_of (PdStoreTx   *tx,
        const char  *sql,
        const char  *text,
        gint64       number,
        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _pd_store_prepare (tx, sql, error);

  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    _pd_bind_text (stmt, 1, text);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  return _pd_store_ids (tx, stmt, "Cannot read the manifests", error);
}

GArray *
pd_store_tvs_flights_before (PdStoreTx   *tx,
                             const char  *date,
                             GError     **error)
{
  return ids_of (tx, "SELECT id FROM tvs_flights WHERE departure_date < ?1 ORDER BY id", date, 0, error);
}

GArray *
pd_store_tvs_parts_before (PdStoreTx  *tx,
                           gint64      before,
                           GError    **error)
{
  return ids_of (tx, "SELECT id FROM tvs_parts WHERE received_at < ?1 ORDER BY id", NULL, before, error);
}

gboolean
pd_store_tvs_delete_flights (PdStoreTx  *tx,
                             GArray     *ids,
                             GError    **error)
{
  for (guint i = 0; i < ids->len; i++)
    if (!exec_id (tx, "DELETE FROM tvs_travellers WHERE flight_id = ?1", g_array_index (ids, gint64, i), error))
      return FALSE;
  return pd_store_delete_ids (tx, "tvs_flights", ids, error);
}
