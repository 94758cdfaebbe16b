/* pd-store-tvs.h: flights' manifests, their travellers, parts waiting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-paxlst.h"
#include "pd-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  char   *carrier, *flight, *departure_date, *kind;
  char   *departure, *arrival, *departs, *arrives;
  char   *sender;
  gint64  received_at;
  gint64  warnings;
  gint64  travellers;   /* counted */
} PdFlight;

void       pd_flight_free              (PdFlight   *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFlight, pd_flight_free)

/* Stores @m as the manifest of its first leg's flight on @departure_date,
 * replacing one there was (@replaced); its id in @out_id. */
gboolean   pd_store_tvs_put_manifest   (PdStoreTx          *tx,
                                        const PdPaxMessage *m,
                                        const char         *departure_date,
                                        const char         *key_id,
                                        guint               warnings,
                                        gint64              now,
                                        gboolean           *replaced,
                                        gint64             *out_id,
                                        GError            **error);
/* Flights departing from or arriving at @port (NULL: all), newest first. */
GPtrArray *pd_store_tvs_flights        (PdStoreTx          *tx,
                                        const char         *port,
                                        GError            **error);
PdFlight  *pd_store_tvs_flight         (PdStoreTx          *tx,
                                        gint64              id,
                                        GError            **error);
/* A flight's travellers, as PdPaxTraveller (one document each). */
GPtrArray *pd_store_tvs_travellers     (PdStoreTx          *tx,
                                        gint64              flight_id,
                                        GError            **error);

/* A part of a manifest split over messages, kept until all are in. */
gboolean   pd_store_tvs_put_part       (PdStoreTx          *tx,
                                        const char         *sender,
                                        const char         *access,
                                        guint               part,
                                        gboolean            final,
                                        const char         *text,
                                        gint64              now,
                                        GError            **error);
/* Every part of (@sender, @access) in order, as text, when the final one
 * and each before it are in; NULL (and no error) otherwise. */
GPtrArray *pd_store_tvs_complete_parts (PdStoreTx          *tx,
                                        const char         *sender,
                                        const char         *access,
                                        GError            **error);
gboolean   pd_store_tvs_drop_parts     (PdStoreTx          *tx,
                                        const char         *sender,
                                        const char         *access,
                                        GError            **error);
/* Flights (with their travellers) that departed before @date (YYYY-MM-DD). */
GArray    *pd_store_tvs_flights_before (PdStoreTx          *tx,
                                        const char         *date,
                                        GError            **error);
gboolean   pd_store_tvs_delete_flights (PdStoreTx          *tx,
                                        GArray             *ids,
                                        GError            **error);
/* Ids of the parts received before @before (delete with pd_store_delete_ids). */
GArray    *pd_store_tvs_parts_before   (PdStoreTx          *tx,
                                        gint64              before,
                                        GError            **error);

G_END_DECLS
