/* pd-store-bus.c: bus carriers' drafts and submitted manifests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include "pd-error.h"
#include "pd-store-bus.h"
#include "pd-store-private.h"

#define TRIP_COLUMNS \
  "carrier_code, sender_id, bus_registration, registration_status, company, arrival_location, departure_at, " \
  "us_arrival_date, port_arrival_at, port, last_country, contact_email, contact_phone"
#define PASSENGER_COLUMNS \
  "first_name, last_name, birth_date, sex, citizenship, residence, doc_type, doc_number, doc_issued, doc_expires, " \
  "doc_country, trusted_traveler, mrz_checked"

const char * const pd_bus_trip_columns[] = {
  "carrier_code", "sender_id", "bus_registration", "registration_status", "company", "arrival_location",
  "departure_at", "us_arrival_date", "port_arrival_at", "port", "last_country", "contact_email", "contact_phone", NULL
};
const char * const pd_bus_passenger_columns[] = {
  "first_name", "last_name", "birth_date", "sex", "citizenship", "residence", "doc_type", "doc_number", "doc_issued",
  "doc_expires", "doc_country", "trusted_traveler", "mrz_checked", NULL
};

/* Binds @o's members @columns from ?@first on: integers as integers, text
 * as text, missing ones as NULL. */
static void
bind_members (PdStmt             *stmt,
              int                 first,
              JsonObject         *o,
              const char * const *columns)
{
  for (int i = 0; columns[i] != NULL; i++)
    {
      JsonNode *n = json_object_get_member (o, columns[i]);

      if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
        pd_stmt_bind_int64 (stmt, first + i, json_node_get_int (n));
      else if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN)
        pd_stmt_bind_int64 (stmt, first + i, json_node_get_boolean (n));
      else
        _pd_bind_text (stmt, first + i, n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : NULL);
    }
}

static GPtrArray *
rows_by_id (PdStoreTx   *tx,
            const char  *sql,
            gint64       id,
            const char  *what,
            GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  return _pd_store_json_rows (tx, stmt, what, error);
}

gint64
pd_store_bus_trip_insert (PdStoreTx   *tx,
                          JsonObject  *trip,
                          const char  *carrier,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO bus_trips (carrier, collected_at, " TRIP_COLUMNS ") "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", error);

  if (stmt == NULL)
    return 0;
  _pd_bind_text (stmt, 1, carrier);
  pd_stmt_bind_int64 (stmt, 2, now);
  bind_members (stmt, 3, trip, pd_bus_trip_columns);
  if (!_pd_store_step_done (tx, stmt, error))
    return 0;
  return _pd_store_last_id (tx);
}

JsonObject *
pd_store_bus_trip_get (PdStoreTx   *tx,
                       const char  *carrier,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT id, collected_at, " TRIP_COLUMNS " FROM bus_trips WHERE id = ?1 AND carrier = ?2", error);
  g_autoptr(GPtrArray) rows = NULL;

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  _pd_bind_text (stmt, 2, carrier);
  if ((rows = _pd_store_json_rows (tx, stmt, "bus trip", error)) == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No bus trip %" G_GINT64_FORMAT " of yours", id);
      return NULL;
    }
  return json_object_ref (rows->pdata[0]);
}

GPtrArray *
pd_store_bus_trips (PdStoreTx   *tx,
                    const char  *carrier,
                    GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT t.id, t.collected_at, t.port, t.port_arrival_at, t.bus_registration, t.company, "
      "(SELECT count(*) FROM bus_trip_passengers p WHERE p.trip_id = t.id) AS passengers "
      "FROM bus_trips t WHERE t.carrier = ?1 ORDER BY t.id DESC", error);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, carrier);
  return _pd_store_json_rows (tx, stmt, "bus trips", error);
}

gint64
pd_store_bus_passenger_add (PdStoreTx   *tx,
                            gint64       trip_id,
                            JsonObject  *passenger,
                            GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO bus_trip_passengers (trip_id, " PASSENGER_COLUMNS ") "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", error);

  if (stmt == NULL)
    return 0;
  pd_stmt_bind_int64 (stmt, 1, trip_id);
  bind_members (stmt, 2, passenger, pd_bus_passenger_columns);
  if (!_pd_store_step_done (tx, stmt, error))
    return 0;
  return _pd_store_last_id (tx);
}

gboolean
pd_store_bus_passenger_remove (PdStoreTx   *tx,
                               gint64       trip_id,
                               gint64       id,
                               GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "DELETE FROM bus_trip_passengers WHERE trip_id = ?1 AND id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, trip_id);
  pd_stmt_bind_int64 (stmt, 2, id);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "The trip has no passenger %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
pd_store_bus_passengers (PdStoreTx   *tx,
                         gboolean     manifest,
                         gint64       id,
                         GError     **error)
{
  return rows_by_id (tx, manifest ? "SELECT id, " PASSENGER_COLUMNS " FROM bus_manifest_passengers "
                                    "WHERE manifest_id = ?1 ORDER BY id"
                                  : "SELECT id, " PASSENGER_COLUMNS " FROM bus_trip_passengers "
                                    "WHERE trip_id = ?1 ORDER BY id", id, "passengers", error);
}

char *
pd_store_bus_submit (PdStoreTx   *tx,
                     gint64       trip_id,
                     gint64       now,
                     GError     **error)
{
  g_autoptr(PdStmt) copy = _pd_store_prepare (tx,
      "INSERT INTO bus_manifests (ref, carrier, submitted_at, " TRIP_COLUMNS ") "
      "SELECT hex(randomblob(16)), carrier, ?2, " TRIP_COLUMNS " FROM bus_trips WHERE id = ?1", error);
  g_autoptr(PdStmt) ref = NULL, people = NULL, drop = NULL;
  gint64 id;

  if (copy == NULL)
    return NULL;
  pd_stmt_bind_int64 (copy, 1, trip_id);
  pd_stmt_bind_int64 (copy, 2, now);
  if (!_pd_store_step_done (tx, copy, error))
    return NULL;
  id = _pd_store_last_id (tx);
  /* the ref from the id, never reused (AUTOINCREMENT) */
  if ((ref = _pd_store_prepare (tx, "UPDATE bus_manifests SET ref = 'BM-' || port || '-' || printf ('%06d', id) "
                                    "WHERE id = ?1 RETURNING ref", error)) == NULL)
    return NULL;
  pd_stmt_bind_int64 (ref, 1, id);
  if (pd_stmt_step (ref) != PD_ROW)
    {
      _pd_store_set_error (tx, error, "bus manifest");
      return NULL;
    }
  if ((people = _pd_store_prepare (tx, "INSERT INTO bus_manifest_passengers (manifest_id, " PASSENGER_COLUMNS ") "
                                       "SELECT ?2, " PASSENGER_COLUMNS " FROM bus_trip_passengers "
                                       "WHERE trip_id = ?1 ORDER BY id", error)) == NULL)
    return NULL;
  pd_stmt_bind_int64 (people, 1, trip_id);
  pd_stmt_bind_int64 (people, 2, id);
  if (!_pd_store_step_done (tx, people, error) ||
      (drop = _pd_store_prepare (tx, "DELETE FROM bus_trips WHERE id = ?1", error)) == NULL)
    return NULL;
  /* the draft, and with it the carrier code and sender ID outside the manifest */
  pd_stmt_bind_int64 (drop, 1, trip_id);
  if (!_pd_store_step_done (tx, drop, error))
    return NULL;
  return _pd_column_dup (ref, 0);
}

#define MANIFEST_COLUMNS \
  "m.id, m.ref, m.carrier, m.submitted_at, m.arrived_at, m.arrived_by, " \
  "m.carrier_code, m.sender_id, m.bus_registration, m.registration_status, m.company, m.arrival_location, " \
  "m.departure_at, m.us_arrival_date, m.port_arrival_at, m.port, m.last_country, m.contact_email, m.contact_phone, " \
  "(SELECT count(*) FROM bus_manifest_passengers p WHERE p.manifest_id = m.id) AS passengers"

JsonObject *
pd_store_bus_manifest_get (PdStoreTx   *tx,
                           const char  *ref,
                           GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT " MANIFEST_COLUMNS " FROM bus_manifests m WHERE m.ref = ?1", error);
  g_autoptr(GPtrArray) rows = NULL;

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, ref);
  if ((rows = _pd_store_json_rows (tx, stmt, "bus manifest", error)) == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No bus manifest %s", ref);
      return NULL;
    }
  return json_object_ref (rows->pdata[0]);
}

GPtrArray *
pd_store_bus_manifests (PdStoreTx   *tx,
                        const char  *port,
                        const char  *carrier,
                        gint64       from,
                        gint64       to,
                        GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT " MANIFEST_COLUMNS " FROM bus_manifests m "
      "WHERE (?1 IS NULL OR m.port = ?1) AND (?2 IS NULL OR m.carrier = ?2) "
      "AND m.port_arrival_at >= ?3 AND m.port_arrival_at < ?4 "
      "ORDER BY CASE WHEN ?2 IS NULL THEN m.port_arrival_at ELSE -m.id END, m.id LIMIT 1000", error);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, port);
  _pd_bind_text (stmt, 2, carrier);
  pd_stmt_bind_int64 (stmt, 3, from);
  pd_stmt_bind_int64 (stmt, 4, to);
  return _pd_store_json_rows (tx, stmt, "bus manifests", error);
}

gboolean
pd_store_bus_arrive (PdStoreTx   *tx,
                     gint64       id,
                     const char  *by,
                     gint64       now,
                     GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE bus_manifests SET arrived_at = ?2, arrived_by = ?3 WHERE id = ?1 AND arrived_at = 0", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  pd_stmt_bind_int64 (stmt, 2, now);
  _pd_bind_text (stmt, 3, by);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT, "The bus was marked as arrived already");
      return FALSE;
    }
  return TRUE;
}
