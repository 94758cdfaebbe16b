/* pd-engine-tvs.h: TVS manifests from airlines, and the flights they make
 *
 * An airline (API key kind airline) sends a PAXLST file; each message is a
 * flight's passenger or crew manifest, stored with its travellers and
 * replacing the one there was (a re-send); a manifest split over several
 * messages waits in the store until its final part and every one before
 * it are in.  Officers of the port of departure or arrival see the flights
 * and their travellers.  Manifests are kept 14 days after departure,
 * parts that never completed 24 hours (policies tvs.manifests,
 * tvs.parts).  The galleries built from them are the next step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-paxlst.h"
#include "pd-retention.h"
#include "pd-store-tvs.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *flights;    /* PdFlight of the manifests stored (travellers counted) */
  GArray    *replaced;   /* gboolean, for each flight */
  GPtrArray *waiting;    /* char *: the access references of parts waiting */
  PdPaxlst  *parsed;     /* its warnings */
} PdManifestReceipt;

void        pd_manifest_receipt_clear   (PdManifestReceipt *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdManifestReceipt, pd_manifest_receipt_clear)

gboolean    pd_engine_manifest_receive  (PdEngine          *self,
                                         PdCaller          *caller,
                                         const char        *data,
                                         gsize              len,
                                         PdManifestReceipt *out,
                                         GError           **error);
/* The flights of the caller's port (all for administrators), PdFlight. */
GPtrArray  *pd_engine_flights           (PdEngine          *self,
                                         PdCaller          *caller,
                                         GError           **error);
/* One flight and its travellers (PdPaxTraveller) in @out_travellers. */
PdFlight   *pd_engine_flight            (PdEngine          *self,
                                         PdCaller          *caller,
                                         gint64             id,
                                         GPtrArray        **out_travellers,
                                         GError           **error);

const PdRetentionPolicy *pd_engine_tvs_retention (guint *n);

G_END_DECLS
