/* pd-engine-tvs.h: TVS manifests from airlines, and the flights they make
 *
 * An airline (API key kind airline) sends a PAXLST file; each message is a
 * flight's passenger or crew manifest, stored with its travellers and
 * replacing the one there was (a re-send); a manifest split over several
 * messages waits in the store until its final part and every one before
 * it are in.  Officers of the port of departure or arrival see the flights
 * and their travellers.  Manifests are kept 14 days after departure,
 * parts that never completed 24 hours (policies tvs.manifests,
 * tvs.parts).
 *
 * A flight's gallery is built at most 24 hours before its departure (at
 * receipt when the manifest comes later, else by the maintenance pass or
 * the first capture once the window opens): each traveller aged 14-79 on
 * the departure date is looked up in the holdings by travel document
 * (number and issuing country), else by name and date of birth (reported
 * as such); the record's photos are copied into the gallery with their
 * templates.  Travellers without holdings photos are biographic only.
 * U.S. citizens' gallery photos go when the flight closes and never last
 * more than 12 hours, others' after 14 days (tvs.photos.usc,
 * tvs.photos.other).
 *
 * Gate devices (API keys of kind gate_device or airline, registered by an
 * administrator to a port, terminal and gate) send captures: a match on
 * the flight's gallery is a biometrically confirmed crossing (a U.S.
 * citizen's capture is dropped at once), no match an alert for the
 * officers of the port; a matched traveller whose record has no lawful
 * entry raises a probable entry without inspection alert.  The device is
 * told proceed, recapture (with the reasons) or wait (an officer must see
 * the traveller).  Alerts are never acted on by the face match alone: each
 * needs an officer's disposition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine-face.h"
#include "pd-store-tsa.h"
#include "pd-paxlst.h"
#include "pd-retention.h"
#include "pd-store-tvs.h"

G_BEGIN_DECLS

/* The port whose flights, gates and alerts @caller sees: its own; NULL
 * (every port) for administrators. */
const char *pd_tvs_officer_port         (PdCaller          *caller);
/* The gallery name of flight row @flight_id ("flight:ID"; free with g_free). */
char       *pd_tvs_gallery_name        (gint64             flight_id);

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
/* One flight and its travellers (PdTraveller) in @out_travellers. */
PdFlight   *pd_engine_flight            (PdEngine          *self,
                                         PdCaller          *caller,
                                         gint64             id,
                                         GPtrArray        **out_travellers,
                                         GError           **error);

/* Builds the galleries of the flights whose window has opened; how many
 * in @out_built (may be NULL). */
gboolean    pd_engine_tvs_build_due     (PdEngine          *self,
                                         guint             *out_built,
                                         GError           **error);

/* --- gates (pd-engine-gate.c) --- */

/* Binds gate device key @key_id to a place of its key's port (admins). */
PdGate     *pd_engine_gate_register     (PdEngine          *self,
                                         PdCaller          *caller,
                                         const char        *key_id,
                                         const char        *mode,
                                         const char        *terminal,
                                         const char        *gate,
                                         GError           **error);
/* The gate devices of the caller's port (all for admins), PdGate. */
GPtrArray  *pd_engine_gates             (PdEngine          *self,
                                         PdCaller          *caller,
                                         GError           **error);

typedef struct {
  gint64         encounter;
  const char    *action;       /* proceed, recapture, wait */
  const char    *outcome;      /* crossing, usc, no-match, watch-list, recapture, opt-out, outage */
  PdFaceCapture  capture;      /* its quality reasons */
  gint64         alert;        /* 0: none */
  double         response_ms;
} PdGateResult;

void        pd_gate_result_clear        (PdGateResult      *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdGateResult, pd_gate_result_clear)

/* A device's capture (@photo decoded from @bytes) of a traveller boarding
 * @flight ("UA123") departing on @date (YYYY-MM-DD). */
gboolean    pd_engine_gate_capture      (PdEngine          *self,
                                         PdCaller          *caller,
                                         const char        *flight,
                                         const char        *date,
                                         const PdFaceImage *photo,
                                         GBytes            *bytes,
                                         PdGateResult      *out,
                                         GError           **error);
/* A traveller who opts out or cannot be photographed: an officer confirms
 * them biographically. */
gboolean    pd_engine_gate_opt_out      (PdEngine          *self,
                                         PdCaller          *caller,
                                         const char        *flight,
                                         const char        *date,
                                         PdGateResult      *out,
                                         GError           **error);
/* Boarding is complete: the flight's processing is over. */
gboolean    pd_engine_gate_close        (PdEngine          *self,
                                         PdCaller          *caller,
                                         const char        *flight,
                                         const char        *date,
                                         GError           **error);
gboolean    pd_engine_gate_health       (PdEngine          *self,
                                         PdCaller          *caller,
                                         const char        *health,
                                         GError           **error);

/* Outage mode (admins; every officer may read it): while matching is
 * declared down, captures are not matched and every traveller is
 * confirmed biographically (the device is told to wait; reported as an
 * exception).  @reason NULL ends it. */
gboolean    pd_engine_tvs_outage_set    (PdEngine          *self,
                                         PdCaller          *caller,
                                         const char        *reason,
                                         GError           **error);
/* Since when (0: not in outage), and why. */
gboolean    pd_engine_tvs_outage_get    (PdEngine          *self,
                                         PdCaller          *caller,
                                         gint64            *since,
                                         char             **reason,
                                         GError           **error);

/* Alerts of the caller's port (all for admins), newest first (PdAlert). */
GPtrArray  *pd_engine_alerts            (PdEngine          *self,
                                         PdCaller          *caller,
                                         gboolean           open,
                                         GError           **error);
/* One alert, with the capture while it is open and the matched
 * traveller's gallery photo (NULL when none) and manifest entry. */
PdAlert    *pd_engine_alert             (PdEngine          *self,
                                         PdCaller          *caller,
                                         gint64             id,
                                         GBytes           **out_capture,
                                         GBytes           **out_gallery_photo,
                                         PdTraveller      **out_traveller,
                                         GError           **error);
/* confirmed, false-match, biographic (document checked), referred; a
 * reason always.  @us_citizen: the officer confirmed the traveller is a
 * U.S. citizen, so the capture is dropped at once. */
gboolean    pd_engine_alert_dispose     (PdEngine          *self,
                                         PdCaller          *caller,
                                         gint64             id,
                                         const char        *disposition,
                                         const char        *reason,
                                         gboolean           us_citizen,
                                         GError           **error);

/* --- the watch list (pd-engine-watchlist.c) --- */

/* A derogatory holdings record and whether a passenger analyst validated it. */
typedef struct {
  PdHolding         *holding;
  PdWatchValidation  validation;
} PdWatchEntry;

void        pd_watch_entry_free         (PdWatchEntry      *e);
/* Every derogatory record (PdWatchEntry): pau_analyst, admin. */
GPtrArray  *pd_engine_watchlist         (PdEngine          *self,
                                         PdCaller          *caller,
                                         GError           **error);
/* A passenger analyst validates @record's entry (it alerts from now on)
 * or withdraws the validation, with a reason either way. */
gboolean    pd_engine_watchlist_validate (PdEngine         *self,
                                         PdCaller          *caller,
                                         const char        *record,
                                         gboolean           validate,
                                         const char        *reason,
                                         GError           **error);

/* Whole years from @birth to @date (both YYYY-MM-DD); -1 when unknown. */
int         pd_tvs_age_on               (const char        *birth,
                                         const char        *date);

/* The demo's departing flight at LAX, its gate device and captures
 * (pd-engine-tvs-demo.c; needs the demo holdings). */
gboolean    pd_engine_tvs_demo          (PdEngine          *self,
                                         PdCaller          *admin,
                                         GError           **error);

const PdRetentionPolicy *pd_engine_tvs_retention (guint *n);

G_END_DECLS
