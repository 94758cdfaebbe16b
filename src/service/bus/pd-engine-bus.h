/* pd-engine-bus.h: bus manifests (engine side)
 *
 * A bus carrier (API key kind bus_carrier, scope "bus") builds a trip with
 * its carrier code and sender identification, the bus and the trip, adds
 * passengers (typed, or read from a document's MRZ text), and submits it:
 * the draft becomes a manifest (an advance passenger record) and the
 * draft, with the codes outside the manifest, is deleted.  Drafts never
 * submitted go 24 h after collection; manifests 13 months after
 * submission.  The CBP officers of the arrival port (cbp_officer,
 * port_director) see the expected buses with their travellers' document
 * checks and mark arrival.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-retention.h"

G_BEGIN_DECLS

/* the carrier */
JsonObject *pd_engine_bus_trip_create       (PdEngine    *self,
                                             PdCaller    *caller,
                                             JsonObject  *body,
                                             GError     **error);
JsonObject *pd_engine_bus_trip_get          (PdEngine    *self,
                                             PdCaller    *caller,
                                             gint64       id,
                                             GError     **error);
GPtrArray  *pd_engine_bus_trips             (PdEngine    *self,
                                             PdCaller    *caller,
                                             GError     **error);
/* A passenger typed ({first_name, ...}) or read from an MRZ ({"mrz":
 * "LINE\nLINE", "residence": ..., "trusted_traveler": ...}); the trip. */
JsonObject *pd_engine_bus_passenger_add     (PdEngine    *self,
                                             PdCaller    *caller,
                                             gint64       trip_id,
                                             JsonObject  *body,
                                             GError     **error);
JsonObject *pd_engine_bus_passenger_remove  (PdEngine    *self,
                                             PdCaller    *caller,
                                             gint64       trip_id,
                                             gint64       passenger_id,
                                             GError     **error);
JsonObject *pd_engine_bus_submit            (PdEngine    *self,
                                             PdCaller    *caller,
                                             gint64       trip_id,
                                             GError     **error);

/* the carrier's own manifests, or the officer's port's expected buses
 * arriving on @days days from @from (YYYY-MM-DD, UTC) */
GPtrArray  *pd_engine_bus_manifests         (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *from,
                                             guint        days,
                                             GError     **error);
/* A manifest with its passengers and their document checks. */
JsonObject *pd_engine_bus_manifest          (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             GError     **error);
JsonObject *pd_engine_bus_arrive            (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             GError     **error);

/* portdeskd --demo: a carrier and two buses at LAX (on a database without any). */
gboolean    pd_engine_bus_demo              (PdEngine    *self,
                                             GError     **error);

const PdRetentionPolicy *pd_engine_bus_retention (guint *n);

G_END_DECLS
