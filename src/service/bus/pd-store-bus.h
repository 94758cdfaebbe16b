/* pd-store-bus.h: bus manifests' SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* The columns a carrier gives for a trip and for a passenger, in the
 * order of the tables (integers: *_at; the rest text). */
extern const char * const pd_bus_trip_columns[];
extern const char * const pd_bus_passenger_columns[];

/* drafts: @trip has every trip column, checked */
gint64      pd_store_bus_trip_insert     (PdStoreTx   *tx,
                                          JsonObject  *trip,
                                          const char  *carrier,
                                          gint64       now,
                                          GError     **error);
/* The carrier's draft @id (NOT_FOUND when none of theirs). */
JsonObject *pd_store_bus_trip_get        (PdStoreTx   *tx,
                                          const char  *carrier,
                                          gint64       id,
                                          GError     **error);
GPtrArray  *pd_store_bus_trips           (PdStoreTx   *tx,
                                          const char  *carrier,
                                          GError     **error);
gint64      pd_store_bus_passenger_add   (PdStoreTx   *tx,
                                          gint64       trip_id,
                                          JsonObject  *passenger,
                                          GError     **error);
gboolean    pd_store_bus_passenger_remove (PdStoreTx  *tx,
                                          gint64       trip_id,
                                          gint64       id,
                                          GError     **error);
/* A draft's passengers (@manifest FALSE) or a manifest's. */
GPtrArray  *pd_store_bus_passengers      (PdStoreTx   *tx,
                                          gboolean     manifest,
                                          gint64       id,
                                          GError     **error);
/* Copies the draft into a manifest and deletes the draft: the new
 * manifest's ref. */
char       *pd_store_bus_submit          (PdStoreTx   *tx,
                                          gint64       trip_id,
                                          gint64       now,
                                          GError     **error);
JsonObject *pd_store_bus_manifest_get    (PdStoreTx   *tx,
                                          const char  *ref,
                                          GError     **error);
/* A port's manifests arriving in [@from, @to), or a carrier's (newest first). */
GPtrArray  *pd_store_bus_manifests       (PdStoreTx   *tx,
                                          const char  *port,
                                          const char  *carrier,
                                          gint64       from,
                                          gint64       to,
                                          GError     **error);
gboolean    pd_store_bus_arrive          (PdStoreTx   *tx,
                                          gint64       id,
                                          const char  *by,
                                          gint64       now,
                                          GError     **error);


G_END_DECLS
