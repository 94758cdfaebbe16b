/* pd-store-landing.h: landing rights' SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-store.h"

G_BEGIN_DECLS

typedef struct {
  gboolean  scheduled;
  gboolean  precleared;
  char     *flight_number;
  char     *departure_airport;
  char     *arrival_airport;
  gint64    etd;               /* unix us */
  gint64    eta;
  gint64    passengers;
  char     *terminal;
  char     *equipment;
  char     *comments;          /* NULL: none */
} PdLandingFlight;

/* What an air operator submits (or amends). */
typedef struct {
  char      *port;
  char      *type;             /* commercial_passenger, commercial_cargo, private */
  char      *airline_name;
  char      *airline_code;     /* as registered: IATA or ICAO */
  char      *bond_number;
  GPtrArray *flights;          /* PdLandingFlight, by ETA */
} PdLandingRequest;

void pd_landing_flight_free  (PdLandingFlight  *f);
void pd_landing_request_free (PdLandingRequest *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLandingFlight, pd_landing_flight_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLandingRequest, pd_landing_request_free)

/* airlines a request may name */
gboolean    pd_store_landing_airline_add  (PdStoreTx   *tx,
                                           const char  *name,
                                           const char  *iata,
                                           const char  *icao,
                                           GError     **error);
/* The airline whose IATA or ICAO code is @code (NULL without error when none). */
JsonObject *pd_store_landing_airline_find (PdStoreTx   *tx,
                                           const char  *code,
                                           GError     **error);
GPtrArray  *pd_store_landing_airlines     (PdStoreTx   *tx,
                                           GError     **error);

/* an operator's contacts (company, station_manager, ground_handler) */
gboolean    pd_store_landing_contact_set  (PdStoreTx   *tx,
                                           const char  *operator,
                                           const char  *role,
                                           JsonObject  *contact,   /* checked */
                                           gint64       now,
                                           GError     **error);
GPtrArray  *pd_store_landing_contacts     (PdStoreTx   *tx,
                                           const char  *operator,
                                           GError     **error);

/* requests: the new one's ref, or NULL */
char       *pd_store_landing_insert       (PdStoreTx              *tx,
                                           const PdLandingRequest *r,
                                           const char             *operator,
                                           const char             *operator_name,
                                           gint64                  now,
                                           GError                **error);
gboolean    pd_store_landing_replace      (PdStoreTx              *tx,
                                           gint64                  id,
                                           const PdLandingRequest *r,
                                           gint64                  now,
                                           GError                **error);
/* The request @ref as a row (id, ref, port, operator, status, ...), or
 * NULL with NOT_FOUND. */
JsonObject *pd_store_landing_get          (PdStoreTx   *tx,
                                           const char  *ref,
                                           GError     **error);
GPtrArray  *pd_store_landing_flights      (PdStoreTx   *tx,
                                           gint64       request_id,
                                           GError     **error);
/* A port's requests (@port) or an operator's (@operator), newest first,
 * @status NULL for all; *out_total counts them all. */
GPtrArray  *pd_store_landing_list         (PdStoreTx   *tx,
                                           const char  *port,
                                           const char  *operator,
                                           const char  *status,
                                           guint        limit,
                                           guint        offset,
                                           gint64      *out_total,
                                           GError     **error);
gboolean    pd_store_landing_set_status   (PdStoreTx   *tx,
                                           gint64       id,
                                           const char  *status,
                                           gint64       now,
                                           GError     **error);
gboolean    pd_store_landing_recommend    (PdStoreTx   *tx,
                                           gint64       id,
                                           const char  *recommendation,
                                           const char  *reason,
                                           const char  *by,
                                           gint64       now,
                                           GError     **error);
gboolean    pd_store_landing_decide       (PdStoreTx   *tx,
                                           gint64       id,
                                           const char  *status,
                                           const char  *reason,
                                           const char  *conditions,
                                           const char  *by,
                                           gint64       now,
                                           GError     **error);
gboolean    pd_store_landing_history_add  (PdStoreTx   *tx,
                                           gint64       request_id,
                                           gint64       at,
                                           const char  *actor,
                                           const char  *action,
                                           const char  *detail,
                                           GError     **error);
GPtrArray  *pd_store_landing_history      (PdStoreTx   *tx,
                                           gint64       request_id,
                                           GError     **error);

/* research: the carrier's other requests (same airline code or operator) */
GPtrArray  *pd_store_landing_earlier      (PdStoreTx   *tx,
                                           gint64       request_id,
                                           const char  *airline_code,
                                           const char  *operator,
                                           GError     **error);
/* Approved flights of @port arriving in [@from, @to) (at @terminal when
 * not NULL), by ETA, with their request's ref, airline and conditions. */
GPtrArray  *pd_store_landing_schedule     (PdStoreTx   *tx,
                                           const char  *port,
                                           const char  *terminal,
                                           gint64       from,
                                           gint64       to,
                                           GError     **error);

/* designees a port director names */
gboolean    pd_store_landing_designee_add (PdStoreTx   *tx,
                                           const char  *port,
                                           gint64       user_id,
                                           gint64       named_by,
                                           gint64       now,
                                           GError     **error);
gboolean    pd_store_landing_designee_remove (PdStoreTx *tx,
                                           const char  *port,
                                           gint64       user_id,
                                           GError     **error);
gboolean    pd_store_landing_is_designee  (PdStoreTx   *tx,
                                           const char  *port,
                                           gint64       user_id);
GPtrArray  *pd_store_landing_designees    (PdStoreTx   *tx,
                                           const char  *port,
                                           GError     **error);


G_END_DECLS
