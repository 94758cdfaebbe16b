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
  "f.received_at, f.warnings, (SELECT count(*) FROM tvs_travellers t WHERE t.flight_id = f.id), " \
  "f.gallery_at, f.gallery_ms, f.closed_at, " \
  "(SELECT count(*) FROM tvs_travellers t WHERE t.flight_id = f.id AND t.state = 'gallery'), " \
  "(SELECT count(*) FROM tvs_travellers t WHERE t.flight_id = f.id AND t.state = 'biographic-only'), " \
  "(SELECT count(*) FROM tvs_travellers t WHERE t.flight_id = f.id AND t.state = 'out-of-scope'), " \
  "(SELECT count(DISTINCT e.traveller_id) FROM tvs_encounters e WHERE e.flight_id = f.id " \
  "   AND e.outcome IN ('crossing', 'usc'))"

#define TRAVELLER_COLUMNS \
  "surname, given_names, sex, birth_date, nationality, residence, crew, in_transit, doc_type, doc_number, " \
  "doc_country, doc_expiry, id, flight_id, state, basis, holding_id, usc"

#define GATE_COLUMNS "key_id, port, mode, terminal, gate, registered_at, last_seen, health"

#define ENCOUNTER_COLUMNS \
  "e.id, e.created_at, e.flight_id, e.flight, e.departure_date, e.traveller_id, e.key_id, e.port, e.mode, " \
  "e.terminal, e.gate, e.outcome, e.similarity, e.response_ms"

#define ALERT_COLUMNS \
  "a.id, a.created_at, a.port, a.kind, a.disposition, a.reason, a.disposed_by, a.disposed_at, " ENCOUNTER_COLUMNS

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
flight_from_row (PdStmt *stmt)
{
  PdFlight *f = g_new0 (PdFlight, 1);

  f->id = pd_stmt_column_int64 (stmt, 0);
  f->carrier = _pd_column_dup (stmt, 1);
  f->flight = _pd_column_dup (stmt, 2);
  f->departure_date = _pd_column_dup (stmt, 3);
  f->kind = _pd_column_dup (stmt, 4);
  f->departure = _pd_column_dup (stmt, 5);
  f->arrival = _pd_column_dup (stmt, 6);
  f->departs = _pd_column_dup (stmt, 7);
  f->arrives = _pd_column_dup (stmt, 8);
  f->sender = _pd_column_dup (stmt, 9);
  f->received_at = pd_stmt_column_int64 (stmt, 10);
  f->warnings = pd_stmt_column_int64 (stmt, 11);
  f->travellers = pd_stmt_column_int64 (stmt, 12);
  f->gallery_at = pd_stmt_column_int64 (stmt, 13);
  f->gallery_ms = pd_stmt_column_double (stmt, 14);
  f->closed_at = pd_stmt_column_int64 (stmt, 15);
  f->in_gallery = pd_stmt_column_int64 (stmt, 16);
  f->biographic_only = pd_stmt_column_int64 (stmt, 17);
  f->out_of_scope = pd_stmt_column_int64 (stmt, 18);
  f->confirmed = pd_stmt_column_int64 (stmt, 19);
  return f;
}


/* The ids @sql (with ?1 bound to @text or @number) selects. */
static GArray *
ids_of (PdStoreTx   *tx,
        const char  *sql,
        const char  *text,
        gint64       number,
        GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);

  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    _pd_bind_text (stmt, 1, text);
  else
    pd_stmt_bind_int64 (stmt, 1, number);
  return _pd_store_ids (tx, stmt, "Cannot read the manifests", error);
}

/* The rows @stmt (with ?1 bound to @id) reads with @read_row. */
static GPtrArray *
rows_of (PdStoreTx       *tx,
         const char      *sql,
         gint64           id,
         PdStoreRowFunc   read_row,
         GDestroyNotify   free_row,
         const char      *what,
         GError         **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (free_row);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  if (!_pd_store_rows (tx, stmt, read_row, out, what, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* The one row of rows_of, NULL with NOT_FOUND (@what) when none. */
static gpointer
row_of (PdStoreTx       *tx,
        const char      *sql,
        gint64           id,
        PdStoreRowFunc   read_row,
        GDestroyNotify   free_row,
        const char      *what,
        GError         **error)
{
  g_autoptr(GPtrArray) rows = rows_of (tx, sql, id, read_row, free_row, what, error);

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no %s %" G_GINT64_FORMAT, what, id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

/* The rows @sql (with ?1 and ?2 bound to @a and @b, NULL as NULL) reads
 * with @read_row. */
static GPtrArray *
rows_of_texts (PdStoreTx       *tx,
               const char      *sql,
               const char      *a,
               const char      *b,
               PdStoreRowFunc   read_row,
               GDestroyNotify   free_row,
               const char      *what,
               GError         **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (free_row);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, a);
  if (pd_stmt_bind_parameter_count (stmt) > 1)
    _pd_bind_text (stmt, 2, b);
  if (!_pd_store_rows (tx, stmt, read_row, out, what, error))
    return NULL;
  return g_steal_pointer (&out);
}

gboolean
pd_store_tvs_put_manifest (PdStoreTx          *tx,
                           const PdPaxMessage *m,
                           const char         *departure_date,
                           const char         *key_id,
                           guint               warnings,
                           gint64              now,
                           gint64             *replaced,
                           gint64             *out_id,
                           GError            **error)
{
  const PdPaxLeg *leg = m->legs->pdata[0];
  g_autoptr(PdStmt) old = _pd_store_prepare (tx, "SELECT id FROM tvs_flights WHERE carrier = ?1 AND flight = ?2 "
                                                       "AND departure_date = ?3 AND kind = ?4", error);
  g_autoptr(PdStmt) ins = NULL, trav = NULL;

  if (old == NULL)
    return FALSE;
  _pd_bind_text (old, 1, leg->carrier != NULL ? leg->carrier : "");
  _pd_bind_text (old, 2, leg->flight);
  _pd_bind_text (old, 3, departure_date);
  _pd_bind_text (old, 4, m->kind);
  *replaced = pd_stmt_step (old) == PD_ROW ? pd_stmt_column_int64 (old, 0) : 0;
  if (*replaced != 0)
    {
      gint64 id = *replaced;

      if (!_pd_store_exec_id (tx, "DELETE FROM tvs_gallery_photos WHERE flight_id = ?1", id, error) ||
          !_pd_store_exec_id (tx, "DELETE FROM tvs_travellers WHERE flight_id = ?1", id, error))
        return FALSE;
    }
  /* a re-send keeps the flight's id (its encounters stay with it); its
   * gallery is built again */
  ins = _pd_store_prepare (tx, "INSERT INTO tvs_flights (carrier, flight, departure_date, kind, departure, arrival, "
                               "departs, arrives, sender, key_id, received_at, warnings) VALUES (?1, ?2, ?3, ?4, ?5, "
                               "?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (carrier, flight, departure_date, kind) "
                               "DO UPDATE SET departure = excluded.departure, arrival = excluded.arrival, departs = "
                               "excluded.departs, arrives = excluded.arrives, sender = excluded.sender, key_id = "
                               "excluded.key_id, received_at = excluded.received_at, warnings = excluded.warnings, "
                               "gallery_at = NULL, gallery_ms = NULL, closed_at = NULL RETURNING id", error);
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
  pd_stmt_bind_int64 (ins, 11, now);
  pd_stmt_bind_int64 (ins, 12, warnings);
  if (pd_stmt_step (ins) != PD_ROW)
    {
      _pd_store_set_error (tx, error, "Cannot store the manifest");
      return FALSE;
    }
  *out_id = pd_stmt_column_int64 (ins, 0);
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
      pd_stmt_reset (trav);
      pd_stmt_clear_bindings (trav);
      pd_stmt_bind_int64 (trav, 1, *out_id);
      _pd_bind_text (trav, 2, t->surname);
      _pd_bind_text (trav, 3, t->given_names);
      _pd_bind_text (trav, 4, t->sex);
      _pd_bind_text (trav, 5, t->birth_date);
      _pd_bind_text (trav, 6, t->nationality);
      _pd_bind_text (trav, 7, t->residence);
      pd_stmt_bind_int64 (trav, 8, t->crew);
      pd_stmt_bind_int64 (trav, 9, t->in_transit);
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
  return rows_of_texts (tx, "SELECT " FLIGHT_COLUMNS " FROM tvs_flights f WHERE ?1 IS NULL OR f.departure = ?1 OR "
                        "f.arrival = ?1 ORDER BY f.departure_date DESC, f.departs DESC, f.id", port, NULL,
                        flight_from_row, (GDestroyNotify) pd_flight_free, "Cannot read the flights", error);
}

GPtrArray *
pd_store_tvs_flights_between (PdStoreTx   *tx,
                              const char  *from,
                              const char  *to,
                              GError     **error)
{
  return rows_of_texts (tx, "SELECT " FLIGHT_COLUMNS " FROM tvs_flights f WHERE f.departure_date >= ?1 AND "
                        "f.departure_date <= ?2 ORDER BY f.id", from, to, flight_from_row,
                        (GDestroyNotify) pd_flight_free, "Cannot read the flights", error);
}

PdFlight *
pd_store_tvs_flight (PdStoreTx  *tx,
                     gint64      id,
                     GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " FLIGHT_COLUMNS " FROM tvs_flights f WHERE f.id = ?1",
                                                    error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_flight_free);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  if (!_pd_store_rows (tx, stmt, flight_from_row, out, "Cannot read the flight", error))
    return NULL;
  if (out->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no flight %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return g_ptr_array_steal_index (out, 0);
}

void
pd_traveller_free (PdTraveller *t)
{
  if (t == NULL)
    return;
  pd_pax_traveller_free (t->pax);
  g_free (t->state);
  g_free (t->basis);
  g_free (t);
}

static gpointer
traveller_from_row (PdStmt *stmt)
{
  PdTraveller *out = g_new0 (PdTraveller, 1);
  PdPaxTraveller *t = out->pax = g_new0 (PdPaxTraveller, 1);

  t->surname = _pd_column_dup (stmt, 0);
  t->given_names = _pd_column_dup (stmt, 1);
  t->sex = _pd_column_dup (stmt, 2);
  t->birth_date = _pd_column_dup (stmt, 3);
  t->nationality = _pd_column_dup (stmt, 4);
  t->residence = _pd_column_dup (stmt, 5);
  t->crew = pd_stmt_column_int (stmt, 6) != 0;
  t->in_transit = pd_stmt_column_int (stmt, 7) != 0;
  t->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_pax_document_free);
  if (!pd_stmt_column_is_null (stmt, 9))
    {
      PdPaxDocument *d = g_new0 (PdPaxDocument, 1);

      d->type = _pd_column_dup (stmt, 8);
      d->number = _pd_column_dup (stmt, 9);
      d->issuing_country = _pd_column_dup (stmt, 10);
      d->expiry = _pd_column_dup (stmt, 11);
      g_ptr_array_add (t->documents, d);
    }
  out->id = pd_stmt_column_int64 (stmt, 12);
  out->flight_id = pd_stmt_column_int64 (stmt, 13);
  out->state = _pd_column_dup (stmt, 14);
  out->basis = _pd_column_dup (stmt, 15);
  out->holding_id = pd_stmt_column_int64 (stmt, 16);
  out->usc = pd_stmt_column_int (stmt, 17) != 0;
  return out;
}

GPtrArray *
pd_store_tvs_travellers (PdStoreTx  *tx,
                         gint64      flight_id,
                         GError    **error)
{
  return rows_of (tx, "SELECT " TRAVELLER_COLUMNS " FROM tvs_travellers WHERE flight_id = ?1 ORDER BY id", flight_id,
                  traveller_from_row, (GDestroyNotify) pd_traveller_free, "traveller", error);
}

PdTraveller *
pd_store_tvs_traveller (PdStoreTx  *tx,
                        gint64      id,
                        GError    **error)
{
  return row_of (tx, "SELECT " TRAVELLER_COLUMNS " FROM tvs_travellers WHERE id = ?1", id, traveller_from_row,
                 (GDestroyNotify) pd_traveller_free, "traveller", error);
}

gboolean
pd_store_tvs_set_traveller (PdStoreTx          *tx,
                            const PdTraveller  *t,
                            GError            **error)
{
  g_autoptr(PdStmt) upd = _pd_store_prepare (tx, "UPDATE tvs_travellers SET state = ?2, basis = ?3, "
                                                       "holding_id = ?4, usc = ?5 WHERE id = ?1", error);

  if (upd == NULL)
    return FALSE;
  pd_stmt_bind_int64 (upd, 1, t->id);
  _pd_bind_text (upd, 2, t->state);
  _pd_bind_text (upd, 3, t->basis);
  if (t->holding_id != 0)
    pd_stmt_bind_int64 (upd, 4, t->holding_id);
  pd_stmt_bind_int64 (upd, 5, t->usc);
  return _pd_store_step_done (tx, upd, error);
}

GArray *
pd_store_tvs_flight_find (PdStoreTx   *tx,
                          const char  *flight,
                          const char  *date,
                          const char  *port,
                          GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT id FROM tvs_flights WHERE flight = ?1 AND "
                                                        "departure_date = ?2 AND departure = ?3 ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, flight);
  _pd_bind_text (stmt, 2, date);
  _pd_bind_text (stmt, 3, port);
  return _pd_store_ids (tx, stmt, "Cannot read the flights", error);
}

GArray *
pd_store_tvs_flights_due (PdStoreTx   *tx,
                          const char  *departs,
                          GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT id FROM tvs_flights WHERE gallery_at IS NULL AND "
                                                        "closed_at IS NULL AND coalesce (departs, departure_date) "
                                                        "<= ?1 ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, departs);
  return _pd_store_ids (tx, stmt, "Cannot read the flights", error);
}

gboolean
pd_store_tvs_set_gallery (PdStoreTx  *tx,
                          gint64      flight_id,
                          gint64      at,
                          double      ms,
                          GError    **error)
{
  g_autoptr(PdStmt) upd = _pd_store_prepare (tx, "UPDATE tvs_flights SET gallery_at = ?2, gallery_ms = ?3 "
                                                       "WHERE id = ?1", error);

  if (upd == NULL)
    return FALSE;
  pd_stmt_bind_int64 (upd, 1, flight_id);
  pd_stmt_bind_int64 (upd, 2, at);
  pd_stmt_bind_double (upd, 3, ms);
  return _pd_store_step_done (tx, upd, error);
}

gboolean
pd_store_tvs_close_flight (PdStoreTx  *tx,
                           gint64      flight_id,
                           gint64      at,
                           GError    **error)
{
  g_autoptr(PdStmt) upd = _pd_store_prepare (tx, "UPDATE tvs_flights SET closed_at = ?2 WHERE id = ?1 AND "
                                                       "closed_at IS NULL", error);

  if (upd == NULL)
    return FALSE;
  pd_stmt_bind_int64 (upd, 1, flight_id);
  pd_stmt_bind_int64 (upd, 2, at);
  return _pd_store_step_done (tx, upd, error);
}

/* --- gallery photos --------------------------------------------------------- */

gboolean
pd_store_tvs_photo_put (PdStoreTx          *tx,
                        const PdTraveller  *t,
                        guint               n,
                        GBytes             *photo,
                        gint64              now,
                        GError            **error)
{
  g_autoptr(PdStmt) ins = _pd_store_prepare (tx, "INSERT OR REPLACE INTO tvs_gallery_photos (flight_id, "
                                                       "traveller_id, n, usc, photo, created_at) VALUES (?1, ?2, ?3, "
                                                       "?4, ?5, ?6)", error);
  gsize len;
  gconstpointer data = g_bytes_get_data (photo, &len);

  if (ins == NULL)
    return FALSE;
  pd_stmt_bind_int64 (ins, 1, t->flight_id);
  pd_stmt_bind_int64 (ins, 2, t->id);
  pd_stmt_bind_int64 (ins, 3, (int) n);
  pd_stmt_bind_int64 (ins, 4, t->usc);
  pd_stmt_bind_blob (ins, 5, data, (int) len);
  pd_stmt_bind_int64 (ins, 6, now);
  return _pd_store_step_done (tx, ins, error);
}

/* The blob in the first column of the row @sql (?1 bound to @id) finds. */
static GBytes *
blob_of (PdStoreTx   *tx,
         const char  *sql,
         gint64       id,
         GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  rc = pd_stmt_step (stmt);
  if (rc == PD_ROW)
    return g_bytes_new (pd_stmt_column_blob (stmt, 0), pd_stmt_column_bytes (stmt, 0));
  if (rc != PD_DONE)
    _pd_store_set_error (tx, error, "Cannot read the photo");
  return NULL;
}

GBytes *
pd_store_tvs_photo_get (PdStoreTx  *tx,
                        gint64      traveller_id,
                        GError    **error)
{
  return blob_of (tx, "SELECT photo FROM tvs_gallery_photos WHERE traveller_id = ?1 ORDER BY n LIMIT 1",
                  traveller_id, error);
}

/* PdGalleryPhotoRef of the rows @stmt finds (id, flight_id, traveller_id, n). */
static GArray *
photo_refs (PdStoreTx     *tx,
            PdStmt        *stmt,
            GError       **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (PdGalleryPhotoRef));
  int rc;

  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    {
      PdGalleryPhotoRef r = { pd_stmt_column_int64 (stmt, 0), pd_stmt_column_int64 (stmt, 1),
                              pd_stmt_column_int64 (stmt, 2), (guint) pd_stmt_column_int (stmt, 3) };

      g_array_append_val (out, r);
    }
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "Cannot read the gallery photos");
      return NULL;
    }
  return g_steal_pointer (&out);
}

GArray *
pd_store_tvs_photos_purgeable (PdStoreTx  *tx,
                               gboolean    usc,
                               gint64      before,
                               GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT p.id, p.flight_id, p.traveller_id, p.n FROM "
                                                        "tvs_gallery_photos p LEFT JOIN tvs_flights f ON "
                                                        "f.id = p.flight_id WHERE p.usc = ?1 AND (p.created_at < ?2 "
                                                        "OR (?1 <> 0 AND f.closed_at IS NOT NULL)) ORDER BY p.id", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, usc);
  pd_stmt_bind_int64 (stmt, 2, before);
  return photo_refs (tx, stmt, error);
}

GArray *
pd_store_tvs_photos_of (PdStoreTx  *tx,
                        gint64      flight_id,
                        GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT id, flight_id, traveller_id, n FROM "
                                                        "tvs_gallery_photos WHERE flight_id = ?1 ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, flight_id);
  return photo_refs (tx, stmt, error);
}

/* --- gates ---------------------------------------------------------------------- */

void
pd_gate_free (PdGate *g)
{
  if (g == NULL)
    return;
  g_free (g->key_id);
  g_free (g->port);
  g_free (g->mode);
  g_free (g->terminal);
  g_free (g->gate);
  g_free (g->health);
  g_free (g);
}

static gpointer
gate_from_row (PdStmt *stmt)
{
  PdGate *g = g_new0 (PdGate, 1);

  g->key_id = _pd_column_dup (stmt, 0);
  g->port = _pd_column_dup (stmt, 1);
  g->mode = _pd_column_dup (stmt, 2);
  g->terminal = _pd_column_dup (stmt, 3);
  g->gate = _pd_column_dup (stmt, 4);
  g->registered_at = pd_stmt_column_int64 (stmt, 5);
  g->last_seen = pd_stmt_column_int64 (stmt, 6);
  g->health = _pd_column_dup (stmt, 7);
  return g;
}

gboolean
pd_store_tvs_gate_put (PdStoreTx     *tx,
                       const PdGate  *g,
                       GError       **error)
{
  g_autoptr(PdStmt) up = _pd_store_prepare (tx, "INSERT INTO tvs_gates (key_id, port, mode, terminal, gate, "
                                                      "registered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT "
                                                      "(key_id) DO UPDATE SET port = excluded.port, mode = "
                                                      "excluded.mode, terminal = excluded.terminal, gate = "
                                                      "excluded.gate, registered_at = excluded.registered_at", error);

  if (up == NULL)
    return FALSE;
  _pd_bind_text (up, 1, g->key_id);
  _pd_bind_text (up, 2, g->port);
  _pd_bind_text (up, 3, g->mode);
  _pd_bind_text (up, 4, g->terminal);
  _pd_bind_text (up, 5, g->gate);
  pd_stmt_bind_int64 (up, 6, g->registered_at);
  return _pd_store_step_done (tx, up, error);
}

PdGate *
pd_store_tvs_gate_get (PdStoreTx   *tx,
                       const char  *key_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) rows = rows_of_texts (tx, "SELECT " GATE_COLUMNS " FROM tvs_gates WHERE key_id = ?1", key_id,
                                             NULL, gate_from_row, (GDestroyNotify) pd_gate_free,
                                             "Cannot read the gates", error);

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "Key %s is not registered to a gate", key_id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

GPtrArray *
pd_store_tvs_gates (PdStoreTx   *tx,
                    const char  *port,
                    GError     **error)
{
  return rows_of_texts (tx, "SELECT " GATE_COLUMNS " FROM tvs_gates WHERE ?1 IS NULL OR port = ?1 ORDER BY port, "
                        "terminal, gate", port, NULL, gate_from_row, (GDestroyNotify) pd_gate_free,
                        "Cannot read the gates", error);
}

gboolean
pd_store_tvs_gate_seen (PdStoreTx   *tx,
                        const char  *key_id,
                        gint64       at,
                        const char  *health,
                        GError     **error)
{
  g_autoptr(PdStmt) upd = _pd_store_prepare (tx, "UPDATE tvs_gates SET last_seen = ?2, health = "
                                                       "coalesce (?3, health) WHERE key_id = ?1", error);

  if (upd == NULL)
    return FALSE;
  _pd_bind_text (upd, 1, key_id);
  pd_stmt_bind_int64 (upd, 2, at);
  _pd_bind_text (upd, 3, health);
  return _pd_store_step_done (tx, upd, error);
}

/* --- the watch list's validations ----------------------------------------------------- */

void
pd_watch_validation_clear (PdWatchValidation *v)
{
  g_clear_pointer (&v->username, g_free);
  g_clear_pointer (&v->reason, g_free);
}

gboolean
pd_store_tvs_watch_get (PdStoreTx          *tx,
                        gint64              holding_id,
                        PdWatchValidation  *out,
                        GError            **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT w.validated_by, u.username, w.validated_at, w.reason "
                                                        "FROM tvs_watchlist w LEFT JOIN users u ON u.id = "
                                                        "w.validated_by WHERE w.holding_id = ?1", error);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, holding_id);
  rc = pd_stmt_step (stmt);
  if (rc == PD_ROW)
    {
      out->validated_by = pd_stmt_column_int64 (stmt, 0);
      out->username = _pd_column_dup (stmt, 1);
      out->validated_at = pd_stmt_column_int64 (stmt, 2);
      out->reason = _pd_column_dup (stmt, 3);
    }
  else if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "Cannot read the watch list");
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_tvs_watch_set (PdStoreTx   *tx,
                        gint64       holding_id,
                        gint64       user_id,
                        gint64       at,
                        const char  *reason,
                        GError     **error)
{
  g_autoptr(PdStmt) stmt = NULL;

  if (user_id == 0)
    return _pd_store_exec_id (tx, "DELETE FROM tvs_watchlist WHERE holding_id = ?1", holding_id, error);
  stmt = _pd_store_prepare (tx, "INSERT OR REPLACE INTO tvs_watchlist (holding_id, validated_by, validated_at, reason) "
                                "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, holding_id);
  pd_stmt_bind_int64 (stmt, 2, user_id);
  pd_stmt_bind_int64 (stmt, 3, at);
  _pd_bind_text (stmt, 4, reason);
  return _pd_store_step_done (tx, stmt, error);
}

/* --- outage mode ------------------------------------------------------------------------ */

gboolean
pd_store_tvs_outage_get (PdStoreTx   *tx,
                         gint64      *since,
                         char       **reason,
                         GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT since, reason FROM tvs_outage WHERE id = 1", error);
  int rc;

  *since = 0;
  if (reason != NULL)
    *reason = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = pd_stmt_step (stmt);
  if (rc == PD_ROW)
    {
      *since = pd_stmt_column_int64 (stmt, 0);
      if (reason != NULL)
        *reason = _pd_column_dup (stmt, 1);
    }
  else if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "Cannot read the outage state");
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_tvs_outage_set (PdStoreTx   *tx,
                         gint64       since,
                         const char  *reason,
                         gint64       user_id,
                         GError     **error)
{
  g_autoptr(PdStmt) stmt = NULL;

  if (reason == NULL)
    return _pd_store_exec_id (tx, "DELETE FROM tvs_outage WHERE id = ?1", 1, error);
  stmt = _pd_store_prepare (tx, "INSERT OR REPLACE INTO tvs_outage (id, since, reason, declared_by) VALUES "
                                "(1, ?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, since);
  _pd_bind_text (stmt, 2, reason);
  pd_stmt_bind_int64 (stmt, 3, user_id);
  return _pd_store_step_done (tx, stmt, error);
}

/* --- encounters and alerts -------------------------------------------------------- */

void
pd_encounter_free (PdEncounter *e)
{
  if (e == NULL)
    return;
  g_free (e->flight);
  g_free (e->departure_date);
  g_free (e->key_id);
  g_free (e->port);
  g_free (e->mode);
  g_free (e->terminal);
  g_free (e->gate);
  g_free (e->outcome);
  g_free (e);
}

/* An encounter from the columns of @stmt from @c on (ENCOUNTER_COLUMNS). */
static PdEncounter *
encounter_at (PdStmt       *stmt,
              int           c)
{
  PdEncounter *e = g_new0 (PdEncounter, 1);

  e->id = pd_stmt_column_int64 (stmt, c);
  e->created_at = pd_stmt_column_int64 (stmt, c + 1);
  e->flight_id = pd_stmt_column_int64 (stmt, c + 2);
  e->flight = _pd_column_dup (stmt, c + 3);
  e->departure_date = _pd_column_dup (stmt, c + 4);
  e->traveller_id = pd_stmt_column_int64 (stmt, c + 5);
  e->key_id = _pd_column_dup (stmt, c + 6);
  e->port = _pd_column_dup (stmt, c + 7);
  e->mode = _pd_column_dup (stmt, c + 8);
  e->terminal = _pd_column_dup (stmt, c + 9);
  e->gate = _pd_column_dup (stmt, c + 10);
  e->outcome = _pd_column_dup (stmt, c + 11);
  e->similarity = pd_stmt_column_double (stmt, c + 12);
  e->response_ms = pd_stmt_column_double (stmt, c + 13);
  return e;
}

static gpointer
encounter_from_row (PdStmt *stmt)
{
  return encounter_at (stmt, 0);
}

gboolean
pd_store_tvs_encounter_insert (PdStoreTx    *tx,
                               PdEncounter  *e,
                               GBytes       *capture,
                               GError      **error)
{
  g_autoptr(PdStmt) ins = _pd_store_prepare (tx, "INSERT INTO tvs_encounters (created_at, flight_id, flight, "
                                                       "departure_date, traveller_id, key_id, port, mode, terminal, "
                                                       "gate, outcome, similarity, response_ms) VALUES (?1, ?2, ?3, "
                                                       "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);
  g_autoptr(PdStmt) cap = NULL;
  gsize len;
  gconstpointer data;

  if (ins == NULL)
    return FALSE;
  pd_stmt_bind_int64 (ins, 1, e->created_at);
  if (e->flight_id != 0)
    pd_stmt_bind_int64 (ins, 2, e->flight_id);
  _pd_bind_text (ins, 3, e->flight);
  _pd_bind_text (ins, 4, e->departure_date);
  if (e->traveller_id != 0)
    pd_stmt_bind_int64 (ins, 5, e->traveller_id);
  _pd_bind_text (ins, 6, e->key_id);
  _pd_bind_text (ins, 7, e->port);
  _pd_bind_text (ins, 8, e->mode);
  _pd_bind_text (ins, 9, e->terminal);
  _pd_bind_text (ins, 10, e->gate);
  _pd_bind_text (ins, 11, e->outcome);
  pd_stmt_bind_double (ins, 12, e->similarity);
  pd_stmt_bind_double (ins, 13, e->response_ms);
  if (!_pd_store_step_done (tx, ins, error))
    return FALSE;
  e->id = _pd_store_last_id (tx);
  if (capture == NULL)
    return TRUE;
  cap = _pd_store_prepare (tx, "INSERT INTO tvs_captures (encounter_id, photo, created_at) VALUES (?1, ?2, ?3)", error);
  if (cap == NULL)
    return FALSE;
  data = g_bytes_get_data (capture, &len);
  pd_stmt_bind_int64 (cap, 1, e->id);
  pd_stmt_bind_blob (cap, 2, data, (int) len);
  pd_stmt_bind_int64 (cap, 3, e->created_at);
  return _pd_store_step_done (tx, cap, error);
}

PdEncounter *
pd_store_tvs_encounter_get (PdStoreTx  *tx,
                            gint64      id,
                            GError    **error)
{
  return row_of (tx, "SELECT " ENCOUNTER_COLUMNS " FROM tvs_encounters e WHERE e.id = ?1", id, encounter_from_row,
                 (GDestroyNotify) pd_encounter_free, "encounter", error);
}

GBytes *
pd_store_tvs_capture_get (PdStoreTx  *tx,
                          gint64      encounter_id,
                          GError    **error)
{
  return blob_of (tx, "SELECT photo FROM tvs_captures WHERE encounter_id = ?1", encounter_id, error);
}

gboolean
pd_store_tvs_capture_drop (PdStoreTx  *tx,
                           gint64      encounter_id,
                           GError    **error)
{
  return _pd_store_exec_id (tx, "DELETE FROM tvs_captures WHERE encounter_id = ?1", encounter_id, error);
}

GArray *
pd_store_tvs_captures_before (PdStoreTx  *tx,
                              gint64      before,
                              GError    **error)
{
  return ids_of (tx, "SELECT encounter_id FROM tvs_captures WHERE created_at < ?1 ORDER BY encounter_id", NULL, before,
                 error);
}

GPtrArray *
pd_store_tvs_encounters_between (PdStoreTx   *tx,
                                 const char  *from,
                                 const char  *to,
                                 GError     **error)
{
  return rows_of_texts (tx, "SELECT " ENCOUNTER_COLUMNS " FROM tvs_encounters e WHERE e.departure_date >= ?1 AND "
                        "e.departure_date <= ?2 ORDER BY e.created_at", from, to, encounter_from_row,
                        (GDestroyNotify) pd_encounter_free, "Cannot read the encounters", error);
}

void
pd_alert_free (PdAlert *a)
{
  if (a == NULL)
    return;
  g_free (a->port);
  g_free (a->kind);
  g_free (a->disposition);
  g_free (a->reason);
  pd_encounter_free (a->encounter);
  g_free (a);
}

static gpointer
alert_from_row (PdStmt *stmt)
{
  PdAlert *a = g_new0 (PdAlert, 1);

  a->id = pd_stmt_column_int64 (stmt, 0);
  a->created_at = pd_stmt_column_int64 (stmt, 1);
  a->port = _pd_column_dup (stmt, 2);
  a->kind = _pd_column_dup (stmt, 3);
  a->disposition = _pd_column_dup (stmt, 4);
  a->reason = _pd_column_dup (stmt, 5);
  a->disposed_by = pd_stmt_column_int64 (stmt, 6);
  a->disposed_at = pd_stmt_column_int64 (stmt, 7);
  a->encounter = encounter_at (stmt, 8);
  return a;
}

gboolean
pd_store_tvs_alert_insert (PdStoreTx  *tx,
                           PdAlert    *a,
                           GError    **error)
{
  g_autoptr(PdStmt) ins = _pd_store_prepare (tx, "INSERT INTO tvs_alerts (encounter_id, created_at, port, kind) "
                                                       "VALUES (?1, ?2, ?3, ?4)", error);

  if (ins == NULL)
    return FALSE;
  pd_stmt_bind_int64 (ins, 1, a->encounter->id);
  pd_stmt_bind_int64 (ins, 2, a->created_at);
  _pd_bind_text (ins, 3, a->port);
  _pd_bind_text (ins, 4, a->kind);
  if (!_pd_store_step_done (tx, ins, error))
    return FALSE;
  a->id = _pd_store_last_id (tx);
  return TRUE;
}

PdAlert *
pd_store_tvs_alert_get (PdStoreTx  *tx,
                        gint64      id,
                        GError    **error)
{
  return row_of (tx, "SELECT " ALERT_COLUMNS " FROM tvs_alerts a JOIN tvs_encounters e ON e.id = a.encounter_id "
                 "WHERE a.id = ?1", id, alert_from_row, (GDestroyNotify) pd_alert_free, "alert", error);
}

GPtrArray *
pd_store_tvs_alerts (PdStoreTx   *tx,
                     const char  *port,
                     gboolean     open,
                     guint        limit,
                     GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " ALERT_COLUMNS " FROM tvs_alerts a JOIN "
                                                        "tvs_encounters e ON e.id = a.encounter_id WHERE (?1 IS NULL "
                                                        "OR a.port = ?1) AND (?2 = 0 OR a.disposition IS NULL) "
                                                        "ORDER BY a.id DESC LIMIT ?3", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_alert_free);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, port);
  pd_stmt_bind_int64 (stmt, 2, open);
  pd_stmt_bind_int64 (stmt, 3, (int) limit);
  if (!_pd_store_rows (tx, stmt, alert_from_row, rows, "Cannot read the alerts", error))
    return NULL;
  return g_steal_pointer (&rows);
}

gboolean
pd_store_tvs_alert_dispose (PdStoreTx      *tx,
                            const PdAlert  *a,
                            GError        **error)
{
  g_autoptr(PdStmt) upd = _pd_store_prepare (tx, "UPDATE tvs_alerts SET disposition = ?2, reason = ?3, "
                                                       "disposed_by = ?4, disposed_at = ?5 WHERE id = ?1 AND "
                                                       "disposition IS NULL", error);

  if (upd == NULL)
    return FALSE;
  pd_stmt_bind_int64 (upd, 1, a->id);
  _pd_bind_text (upd, 2, a->disposition);
  _pd_bind_text (upd, 3, a->reason);
  pd_stmt_bind_int64 (upd, 4, a->disposed_by);
  pd_stmt_bind_int64 (upd, 5, a->disposed_at);
  if (!_pd_store_step_done (tx, upd, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Alert %" G_GINT64_FORMAT " has already been disposed of",
                   a->id);
      return FALSE;
    }
  return TRUE;
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
  g_autoptr(PdStmt) up = _pd_store_prepare (tx, "INSERT INTO tvs_parts (sender, access, part, final, text, "
                                                      "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                                      "ON CONFLICT (sender, access, part) DO UPDATE SET "
                                                      "final = excluded.final, text = excluded.text, "
                                                      "received_at = excluded.received_at", error);

  if (up == NULL)
    return FALSE;
  _pd_bind_text (up, 1, sender);
  _pd_bind_text (up, 2, access);
  pd_stmt_bind_int64 (up, 3, (int) part);
  pd_stmt_bind_int64 (up, 4, final);
  _pd_bind_text (up, 5, text);
  pd_stmt_bind_int64 (up, 6, now);
  return _pd_store_step_done (tx, up, error);
}

GPtrArray *
pd_store_tvs_complete_parts (PdStoreTx   *tx,
                             const char  *sender,
                             const char  *access,
                             GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT part, final, text FROM tvs_parts "
                                                        "WHERE sender = ?1 AND access = ?2 ORDER BY part", error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gboolean final = FALSE;
  int rc;

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, sender);
  _pd_bind_text (stmt, 2, access);
  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    {
      if (pd_stmt_column_int (stmt, 0) != (int) texts->len + 1)
        break;   /* a gap: not complete */
      g_ptr_array_add (texts, _pd_column_dup (stmt, 2));
      final = pd_stmt_column_int (stmt, 1) != 0;
    }
  if (rc != PD_ROW && rc != PD_DONE)
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
  g_autoptr(PdStmt) del = _pd_store_prepare (tx, "DELETE FROM tvs_parts WHERE sender = ?1 AND access = ?2",
                                                   error);

  if (del == NULL)
    return FALSE;
  _pd_bind_text (del, 1, sender);
  _pd_bind_text (del, 2, access);
  return _pd_store_step_done (tx, del, error);
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
    if (!_pd_store_exec_id (tx, "DELETE FROM tvs_gallery_photos WHERE flight_id = ?1", g_array_index (ids, gint64, i), error) ||
        !_pd_store_exec_id (tx, "DELETE FROM tvs_travellers WHERE flight_id = ?1", g_array_index (ids, gint64, i), error))
      return FALSE;
  return pd_store_delete_ids (tx, "tvs_flights", ids, error);
}
