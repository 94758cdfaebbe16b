/* pd-store-landing.c: airlines, air operators' contacts, landing-rights
 * requests with their flights and history, designees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include "pd-error.h"
#include "pd-store-landing.h"
#include "pd-store-private.h"

#define APPROVED "('approved', 'approved_with_conditions')"

void
pd_landing_flight_free (PdLandingFlight *f)
{
  if (f == NULL)
    return;
  g_free (f->flight_number);
  g_free (f->departure_airport);
  g_free (f->arrival_airport);
  g_free (f->terminal);
  g_free (f->equipment);
  g_free (f->comments);
  g_free (f);
}

void
pd_landing_request_free (PdLandingRequest *r)
{
  if (r == NULL)
    return;
  g_free (r->port);
  g_free (r->type);
  g_free (r->airline_name);
  g_free (r->airline_code);
  g_free (r->bond_number);
  g_clear_pointer (&r->flights, g_ptr_array_unref);
  g_free (r);
}

/* Every row of @sql, ?1.. bound to the strings that follow (NULL binds
 * NULL), as JSON objects. */
static GPtrArray *
json_rows (PdStoreTx   *tx,
           const char  *sql,
           const char  *what,
           GError     **error,
           guint        n,
           ...)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);
  va_list ap;

  if (stmt == NULL)
    return NULL;
  va_start (ap, n);
  for (guint i = 0; i < n; i++)
    _pd_bind_text (stmt, (int) i + 1, va_arg (ap, const char *));
  va_end (ap);
  return _pd_store_json_rows (tx, stmt, what, error);
}

/* --- airlines ---------------------------------------------------------------- */

gboolean
pd_store_landing_airline_add (PdStoreTx   *tx,
                              const char  *name,
                              const char  *iata,
                              const char  *icao,
                              GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO landing_airlines (name, iata, icao) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, name);
  _pd_bind_text (stmt, 2, iata);
  _pd_bind_text (stmt, 3, icao);
  return _pd_store_step_unique (tx, stmt, "airline", error, "An airline with code %s or %s is registered already",
                                iata ? iata : "-", icao ? icao : "-");
}

JsonObject *
pd_store_landing_airline_find (PdStoreTx   *tx,
                               const char  *code,
                               GError     **error)
{
  g_autoptr(GPtrArray) rows = json_rows (tx, "SELECT id, name, iata, icao FROM landing_airlines "
                                             "WHERE iata = ?1 OR icao = ?1", "airline", error, 1, code);

  return rows != NULL && rows->len > 0 ? json_object_ref (rows->pdata[0]) : NULL;
}

GPtrArray *
pd_store_landing_airlines (PdStoreTx   *tx,
                           GError     **error)
{
  return json_rows (tx, "SELECT id, name, iata, icao FROM landing_airlines ORDER BY name", "airlines", error, 0);
}

/* --- contacts ------------------------------------------------------------------ */

gboolean
pd_store_landing_contact_set (PdStoreTx   *tx,
                              const char  *operator,
                              const char  *role,
                              JsonObject  *contact,
                              gint64       now,
                              GError     **error)
{
  static const char * const fields[] = { "company_name", "first_name", "last_name", "email", "phone", "fax" };
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT OR REPLACE INTO landing_contacts (operator, role, company_name, first_name, last_name, email, phone, "
      "fax, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, operator);
  _pd_bind_text (stmt, 2, role);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    _pd_bind_text (stmt, 3 + i, json_object_get_string_member_with_default (contact, fields[i], NULL));
  pd_stmt_bind_int64 (stmt, 9, now);
  return _pd_store_step_done (tx, stmt, error);
}

GPtrArray *
pd_store_landing_contacts (PdStoreTx   *tx,
                           const char  *operator,
                           GError     **error)
{
  return json_rows (tx, "SELECT role, company_name, first_name, last_name, email, phone, fax, updated_at "
                        "FROM landing_contacts WHERE operator = ?1 ORDER BY role", "contacts", error, 1, operator);
}

/* --- requests --------------------------------------------------------------------- */

static gboolean
insert_flights (PdStoreTx              *tx,
                gint64                  id,
                const PdLandingRequest *r,
                GError                **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO landing_flights (request_id, port, scheduled, precleared, flight_number, departure_airport, "
      "arrival_airport, etd_at, eta_at, passengers, terminal, equipment, comments) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < r->flights->len; i++)
    {
      PdLandingFlight *f = r->flights->pdata[i];

      pd_stmt_reset (stmt);
      pd_stmt_bind_int64 (stmt, 1, id);
      _pd_bind_text (stmt, 2, r->port);
      pd_stmt_bind_int64 (stmt, 3, f->scheduled);
      pd_stmt_bind_int64 (stmt, 4, f->precleared);
      _pd_bind_text (stmt, 5, f->flight_number);
      _pd_bind_text (stmt, 6, f->departure_airport);
      _pd_bind_text (stmt, 7, f->arrival_airport);
      pd_stmt_bind_int64 (stmt, 8, f->etd);
      pd_stmt_bind_int64 (stmt, 9, f->eta);
      pd_stmt_bind_int64 (stmt, 10, f->passengers);
      _pd_bind_text (stmt, 11, f->terminal);
      _pd_bind_text (stmt, 12, f->equipment);
      _pd_bind_text (stmt, 13, f->comments);
      if (!_pd_store_step_done (tx, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
first_eta (const PdLandingRequest *r)
{
  gint64 eta = G_MAXINT64;

  for (guint i = 0; i < r->flights->len; i++)
    eta = MIN (eta, ((PdLandingFlight *) r->flights->pdata[i])->eta);
  return eta;
}

char *
pd_store_landing_insert (PdStoreTx              *tx,
                         const PdLandingRequest *r,
                         const char             *operator,
                         const char             *operator_name,
                         gint64                  now,
                         GError                **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO landing_requests (ref, port, operator, operator_name, type, airline_name, airline_code, "
      "bond_number, status, submitted_at, updated_at, first_eta_at) "
      "VALUES (hex(randomblob(16)), ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'submitted', ?8, ?8, ?9)", error);
  g_autoptr(PdStmt) ref = NULL;
  gint64 id;

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, r->port);
  _pd_bind_text (stmt, 2, operator);
  _pd_bind_text (stmt, 3, operator_name);
  _pd_bind_text (stmt, 4, r->type);
  _pd_bind_text (stmt, 5, r->airline_name);
  _pd_bind_text (stmt, 6, r->airline_code);
  _pd_bind_text (stmt, 7, r->bond_number);
  pd_stmt_bind_int64 (stmt, 8, now);
  pd_stmt_bind_int64 (stmt, 9, first_eta (r));
  if (!_pd_store_step_done (tx, stmt, error))
    return NULL;
  id = _pd_store_last_id (tx);
  /* the ref from the id, never reused (AUTOINCREMENT) */
  ref = _pd_store_prepare (tx, "UPDATE landing_requests SET ref = 'LR-' || port || '-' || printf ('%06d', id) "
                               "WHERE id = ?1 RETURNING ref", error);
  if (ref == NULL)
    return NULL;
  pd_stmt_bind_int64 (ref, 1, id);
  if (pd_stmt_step (ref) != PD_ROW)
    {
      _pd_store_set_error (tx, error, "landing request");
      return NULL;
    }
  if (!insert_flights (tx, id, r, error))
    return NULL;
  return _pd_column_dup (ref, 0);
}

gboolean
pd_store_landing_replace (PdStoreTx              *tx,
                          gint64                  id,
                          const PdLandingRequest *r,
                          gint64                  now,
                          GError                **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE landing_requests SET type = ?2, airline_name = ?3, airline_code = ?4, bond_number = ?5, "
      "updated_at = ?6, first_eta_at = ?7, recommendation = NULL, recommendation_reason = NULL, "
      "recommended_by = NULL, recommended_at = 0 WHERE id = ?1", error);
  g_autoptr(PdStmt) del = NULL;

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  _pd_bind_text (stmt, 2, r->type);
  _pd_bind_text (stmt, 3, r->airline_name);
  _pd_bind_text (stmt, 4, r->airline_code);
  _pd_bind_text (stmt, 5, r->bond_number);
  pd_stmt_bind_int64 (stmt, 6, now);
  pd_stmt_bind_int64 (stmt, 7, first_eta (r));
  if (!_pd_store_step_done (tx, stmt, error) ||
      (del = _pd_store_prepare (tx, "DELETE FROM landing_flights WHERE request_id = ?1", error)) == NULL)
    return FALSE;
  pd_stmt_bind_int64 (del, 1, id);
  return _pd_store_step_done (tx, del, error) && insert_flights (tx, id, r, error);
}

#define REQUEST_COLUMNS \
  "r.id, r.ref, r.port, r.operator, r.operator_name, r.type, r.airline_name, r.airline_code, r.bond_number, " \
  "r.status, r.recommendation, r.recommendation_reason, r.recommended_by, r.recommended_at, r.decision_reason, " \
  "r.conditions, r.decided_by, r.decided_at, r.submitted_at, r.updated_at, r.first_eta_at, " \
  "(SELECT count(*) FROM landing_flights f WHERE f.request_id = r.id) AS n_flights, " \
  "(SELECT coalesce(sum(f.passengers), 0) FROM landing_flights f WHERE f.request_id = r.id) AS passengers"

JsonObject *
pd_store_landing_get (PdStoreTx   *tx,
                      const char  *ref,
                      GError     **error)
{
  g_autoptr(GPtrArray) rows = json_rows (tx, "SELECT " REQUEST_COLUMNS " FROM landing_requests r WHERE r.ref = ?1",
                                         "landing request", error, 1, ref);

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No landing-rights request %s", ref);
      return NULL;
    }
  return json_object_ref (rows->pdata[0]);
}

/* scheduled and precleared as JSON booleans */
static GPtrArray *
flight_rows (GPtrArray *rows)
{
  static const char * const flags[] = { "scheduled", "precleared" };

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS (flags); k++)
      json_object_set_boolean_member (rows->pdata[i], flags[k],
                                      json_object_get_int_member_with_default (rows->pdata[i], flags[k], 0) != 0);
  return rows;
}

#define FLIGHT_COLUMNS \
  "f.scheduled, f.precleared, f.flight_number, f.departure_airport, f.arrival_airport, f.etd_at, f.eta_at, " \
  "f.passengers, f.terminal, f.equipment, f.comments"

GPtrArray *
pd_store_landing_flights (PdStoreTx   *tx,
                          gint64       request_id,
                          GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT " FLIGHT_COLUMNS " FROM landing_flights f WHERE f.request_id = ?1 ORDER BY f.eta_at, f.id", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  return flight_rows (_pd_store_json_rows (tx, stmt, "flights", error));
}

GPtrArray *
pd_store_landing_list (PdStoreTx   *tx,
                       const char  *port,
                       const char  *operator,
                       const char  *status,
                       guint        limit,
                       guint        offset,
                       gint64      *out_total,
                       GError     **error)
{
  const char *where = "(?1 IS NULL OR r.port = ?1) AND (?2 IS NULL OR r.operator = ?2) AND "
                      "(?3 IS NULL OR r.status = ?3)";
  g_autofree char *sql = g_strconcat ("SELECT " REQUEST_COLUMNS " FROM landing_requests r WHERE ", where,
                                      " ORDER BY r.id DESC LIMIT ?4 OFFSET ?5", NULL);
  g_autofree char *count_sql = g_strconcat ("SELECT count(*) FROM landing_requests r WHERE ", where, NULL);
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);
  g_autoptr(PdStmt) count = stmt != NULL ? _pd_store_prepare (tx, count_sql, error) : NULL;

  if (count == NULL)
    return NULL;
  for (int k = 0; k < 2; k++)
    {
      PdStmt *s = k == 0 ? stmt : count;

      _pd_bind_text (s, 1, port);
      _pd_bind_text (s, 2, operator);
      _pd_bind_text (s, 3, status);
    }
  pd_stmt_bind_int64 (stmt, 4, limit);
  pd_stmt_bind_int64 (stmt, 5, offset);
  if (pd_stmt_step (count) != PD_ROW)
    {
      _pd_store_set_error (tx, error, "landing requests");
      return NULL;
    }
  *out_total = pd_stmt_column_int64 (count, 0);
  return _pd_store_json_rows (tx, stmt, "landing requests", error);
}

gboolean
pd_store_landing_set_status (PdStoreTx   *tx,
                             gint64       id,
                             const char  *status,
                             gint64       now,
                             GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE landing_requests SET status = ?2, updated_at = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  _pd_bind_text (stmt, 2, status);
  pd_stmt_bind_int64 (stmt, 3, now);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_landing_recommend (PdStoreTx   *tx,
                            gint64       id,
                            const char  *recommendation,
                            const char  *reason,
                            const char  *by,
                            gint64       now,
                            GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE landing_requests SET recommendation = ?2, recommendation_reason = ?3, recommended_by = ?4, "
      "recommended_at = ?5, updated_at = ?5 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  _pd_bind_text (stmt, 2, recommendation);
  _pd_bind_text (stmt, 3, reason);
  _pd_bind_text (stmt, 4, by);
  pd_stmt_bind_int64 (stmt, 5, now);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_landing_decide (PdStoreTx   *tx,
                         gint64       id,
                         const char  *status,
                         const char  *reason,
                         const char  *conditions,
                         const char  *by,
                         gint64       now,
                         GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "UPDATE landing_requests SET status = ?2, decision_reason = ?3, conditions = ?4, decided_by = ?5, "
      "decided_at = ?6, updated_at = ?6 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  _pd_bind_text (stmt, 2, status);
  _pd_bind_text (stmt, 3, reason);
  _pd_bind_text (stmt, 4, conditions);
  _pd_bind_text (stmt, 5, by);
  pd_stmt_bind_int64 (stmt, 6, now);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
pd_store_landing_history_add (PdStoreTx   *tx,
                              gint64       request_id,
                              gint64       at,
                              const char  *actor,
                              const char  *action,
                              const char  *detail,
                              GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO landing_history (request_id, at, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  pd_stmt_bind_int64 (stmt, 2, at);
  _pd_bind_text (stmt, 3, actor);
  _pd_bind_text (stmt, 4, action);
  _pd_bind_text (stmt, 5, detail);
  return _pd_store_step_done (tx, stmt, error);
}

GPtrArray *
pd_store_landing_history (PdStoreTx   *tx,
                          gint64       request_id,
                          GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT at, actor, action, detail FROM landing_history WHERE request_id = ?1 ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  return _pd_store_json_rows (tx, stmt, "history", error);
}

/* --- research and schedule ------------------------------------------------------ */

GPtrArray *
pd_store_landing_earlier (PdStoreTx   *tx,
                          gint64       request_id,
                          const char  *airline_code,
                          const char  *operator,
                          GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT r.ref, r.port, r.type, r.airline_code, r.status, r.decision_reason, r.conditions, r.submitted_at, "
      "r.decided_at, r.first_eta_at, (SELECT count(*) FROM landing_flights f WHERE f.request_id = r.id) AS n_flights "
      "FROM landing_requests r WHERE r.id != ?1 AND (r.airline_code = ?2 OR r.operator = ?3) "
      "ORDER BY r.id DESC LIMIT 50", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, request_id);
  _pd_bind_text (stmt, 2, airline_code);
  _pd_bind_text (stmt, 3, operator);
  return _pd_store_json_rows (tx, stmt, "earlier requests", error);
}

GPtrArray *
pd_store_landing_schedule (PdStoreTx   *tx,
                           const char  *port,
                           const char  *terminal,
                           gint64       from,
                           gint64       to,
                           GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT r.ref, r.type, r.airline_name, r.airline_code, r.status, r.conditions, " FLIGHT_COLUMNS " "
      "FROM landing_flights f JOIN landing_requests r ON r.id = f.request_id "
      "WHERE f.port = ?1 AND f.eta_at >= ?2 AND f.eta_at < ?3 AND (?4 IS NULL OR f.terminal = ?4) "
      "AND r.status IN " APPROVED " ORDER BY f.eta_at, f.id", error);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, port);
  pd_stmt_bind_int64 (stmt, 2, from);
  pd_stmt_bind_int64 (stmt, 3, to);
  _pd_bind_text (stmt, 4, terminal);
  return flight_rows (_pd_store_json_rows (tx, stmt, "schedule", error));
}

/* --- designees --------------------------------------------------------------------- */

gboolean
pd_store_landing_designee_add (PdStoreTx   *tx,
                               const char  *port,
                               gint64       user_id,
                               gint64       named_by,
                               gint64       now,
                               GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "INSERT INTO landing_designees (port, user_id, named_by, named_at) VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, port);
  pd_stmt_bind_int64 (stmt, 2, user_id);
  pd_stmt_bind_int64 (stmt, 3, named_by);
  pd_stmt_bind_int64 (stmt, 4, now);
  return _pd_store_step_unique (tx, stmt, "designee", error, "That officer is a designee of %s already", port);
}

gboolean
pd_store_landing_designee_remove (PdStoreTx   *tx,
                                  const char  *port,
                                  gint64       user_id,
                                  GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "DELETE FROM landing_designees WHERE port = ?1 AND user_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, port);
  pd_stmt_bind_int64 (stmt, 2, user_id);
  if (!_pd_store_step_done (tx, stmt, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "That officer is no designee of %s", port);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_landing_is_designee (PdStoreTx   *tx,
                              const char  *port,
                              gint64       user_id)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx,
      "SELECT 1 FROM landing_designees WHERE port = ?1 AND user_id = ?2", NULL);

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, port);
  pd_stmt_bind_int64 (stmt, 2, user_id);
  return pd_stmt_step (stmt) == PD_ROW;
}

GPtrArray *
pd_store_landing_designees (PdStoreTx   *tx,
                            const char  *port,
                            GError     **error)
{
  return json_rows (tx, "SELECT u.username, u.display_name, u.role, n.username AS named_by, d.named_at "
                        "FROM landing_designees d JOIN users u ON u.id = d.user_id JOIN users n ON n.id = d.named_by "
                        "WHERE d.port = ?1 ORDER BY u.username", "designees", error, 1, port);
}
