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
  gint64  gallery_at;   /* when its gallery was built; 0: not yet */
  double  gallery_ms;   /* how long the build took */
  gint64  closed_at;    /* when boarding closed (processing complete); 0: open */
  gint64  in_gallery, biographic_only, out_of_scope, confirmed;   /* travellers, counted */
} PdFlight;

void       pd_flight_free              (PdFlight   *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFlight, pd_flight_free)

/* A traveller of a manifest (one document) and where the gallery put them. */
typedef struct {
  gint64          id;
  gint64          flight_id;
  PdPaxTraveller *pax;
  char           *state;        /* gallery, biographic-only, out-of-scope; NULL before the build */
  char           *basis;        /* how the holdings were found: document, name-dob; NULL */
  gint64          holding_id;   /* 0: none */
  gboolean        usc;          /* a U.S. citizen (manifest or holdings) */
} PdTraveller;

void       pd_traveller_free           (PdTraveller *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTraveller, pd_traveller_free)

/* Stores @m as the manifest of its first leg's flight on @departure_date,
 * replacing one there was (its id in @replaced, else 0); its id in @out_id. */
gboolean   pd_store_tvs_put_manifest   (PdStoreTx          *tx,
                                        const PdPaxMessage *m,
                                        const char         *departure_date,
                                        const char         *key_id,
                                        guint               warnings,
                                        gint64              now,
                                        gint64             *replaced,
                                        gint64             *out_id,
                                        GError            **error);
/* Flights departing from or arriving at @port (NULL: all), newest first. */
GPtrArray *pd_store_tvs_flights        (PdStoreTx          *tx,
                                        const char         *port,
                                        GError            **error);
PdFlight  *pd_store_tvs_flight         (PdStoreTx          *tx,
                                        gint64              id,
                                        GError            **error);
/* A flight's travellers (PdTraveller). */
GPtrArray *pd_store_tvs_travellers     (PdStoreTx          *tx,
                                        gint64              flight_id,
                                        GError            **error);
PdTraveller *pd_store_tvs_traveller    (PdStoreTx          *tx,
                                        gint64              id,
                                        GError            **error);
gboolean   pd_store_tvs_set_traveller  (PdStoreTx          *tx,
                                        const PdTraveller  *t,
                                        GError            **error);
/* The flight rows (passengers, crew) of @flight on @date leaving @port (ids). */
GArray    *pd_store_tvs_flight_find    (PdStoreTx          *tx,
                                        const char         *flight,
                                        const char         *date,
                                        const char         *port,
                                        GError            **error);
/* Flights without a gallery that depart before @departs (YYYY-MM-DDTHH:MM). */
GArray    *pd_store_tvs_flights_due    (PdStoreTx          *tx,
                                        const char         *departs,
                                        GError            **error);
gboolean   pd_store_tvs_set_gallery    (PdStoreTx          *tx,
                                        gint64              flight_id,
                                        gint64              at,
                                        double              ms,
                                        GError            **error);
gboolean   pd_store_tvs_close_flight   (PdStoreTx          *tx,
                                        gint64              flight_id,
                                        gint64              at,
                                        GError            **error);

/* --- gallery photos (copies of the holdings' photos, purged by class) --- */

gboolean   pd_store_tvs_photo_put      (PdStoreTx          *tx,
                                        const PdTraveller  *t,
                                        guint               n,
                                        GBytes             *photo,
                                        gint64              now,
                                        GError            **error);
/* Traveller @traveller_id's first gallery photo; NULL (no error) when none. */
GBytes    *pd_store_tvs_photo_get      (PdStoreTx          *tx,
                                        gint64              traveller_id,
                                        GError            **error);
typedef struct {
  gint64 id, flight_id, traveller_id;
  guint  n;
} PdGalleryPhotoRef;
/* Gallery photos of U.S. citizens (@usc) on closed flights or made before
 * @before, or of others made before @before (PdGalleryPhotoRef). */
GArray    *pd_store_tvs_photos_purgeable (PdStoreTx        *tx,
                                        gboolean            usc,
                                        gint64              before,
                                        GError            **error);
/* Every gallery photo of flight @flight_id (PdGalleryPhotoRef). */
GArray    *pd_store_tvs_photos_of      (PdStoreTx          *tx,
                                        gint64              flight_id,
                                        GError            **error);

/* --- gates ---------------------------------------------------------------- */

typedef struct {
  char   *key_id;
  char   *port;
  char   *mode;        /* gate, terminal, lane, vehicle */
  char   *terminal;
  char   *gate;        /* gate, exit lane, ... */
  gint64  registered_at;
  gint64  last_seen;   /* 0: never */
  char   *health;      /* as the device reported it */
} PdGate;

void       pd_gate_free                (PdGate             *g);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdGate, pd_gate_free)

gboolean   pd_store_tvs_gate_put       (PdStoreTx          *tx,
                                        const PdGate       *g,
                                        GError            **error);
/* NULL with PD_ERROR_NOT_FOUND when @key_id is no gate device. */
PdGate    *pd_store_tvs_gate_get       (PdStoreTx          *tx,
                                        const char         *key_id,
                                        GError            **error);
/* The gate devices of @port (NULL: all), PdGate. */
GPtrArray *pd_store_tvs_gates          (PdStoreTx          *tx,
                                        const char         *port,
                                        GError            **error);
gboolean   pd_store_tvs_gate_seen      (PdStoreTx          *tx,
                                        const char         *key_id,
                                        gint64              at,
                                        const char         *health,
                                        GError            **error);

/* --- the watch list's validations (passenger analysts) --- */

typedef struct {
  gint64  validated_by;   /* 0: not validated */
  char   *username;       /* of validated_by */
  gint64  validated_at;
  char   *reason;
} PdWatchValidation;

void       pd_watch_validation_clear   (PdWatchValidation  *v);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdWatchValidation, pd_watch_validation_clear)

/* Record @holding_id's validation (validated_by 0 when there is none). */
gboolean   pd_store_tvs_watch_get      (PdStoreTx          *tx,
                                        gint64              holding_id,
                                        PdWatchValidation  *out,
                                        GError            **error);
/* Sets (@reason) or withdraws (@user_id 0) the validation. */
gboolean   pd_store_tvs_watch_set      (PdStoreTx          *tx,
                                        gint64              holding_id,
                                        gint64              user_id,
                                        gint64              at,
                                        const char         *reason,
                                        GError            **error);

/* --- outage mode ---------------------------------------------------------- */

/* Since when matching is declared down (0: it is not) and why. */
gboolean   pd_store_tvs_outage_get     (PdStoreTx          *tx,
                                        gint64             *since,
                                        char              **reason,
                                        GError            **error);
/* Declares it (@reason) or ends it (@reason NULL). */
gboolean   pd_store_tvs_outage_set     (PdStoreTx          *tx,
                                        gint64              since,
                                        const char         *reason,
                                        gint64              user_id,
                                        GError            **error);

/* --- encounters and alerts -------------------------------------------------- */

typedef struct {
  gint64  id;
  gint64  created_at;
  gint64  flight_id;      /* 0: none */
  char   *flight, *departure_date;
  gint64  traveller_id;   /* 0: nobody matched */
  char   *key_id, *port, *mode, *terminal, *gate;
  char   *outcome;        /* crossing, usc, no-match, watch-list, recapture, opt-out */
  double  similarity;
  double  response_ms;
} PdEncounter;

void       pd_encounter_free           (PdEncounter        *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdEncounter, pd_encounter_free)

/* Inserts @e (its id in @e->id) and, when @capture, its photo. */
gboolean   pd_store_tvs_encounter_insert (PdStoreTx        *tx,
                                        PdEncounter        *e,
                                        GBytes             *capture,
                                        GError            **error);
PdEncounter *pd_store_tvs_encounter_get (PdStoreTx         *tx,
                                        gint64              id,
                                        GError            **error);
/* Encounter @id's capture; NULL (no error) when none is kept. */
GBytes    *pd_store_tvs_capture_get    (PdStoreTx          *tx,
                                        gint64              encounter_id,
                                        GError            **error);
gboolean   pd_store_tvs_capture_drop   (PdStoreTx          *tx,
                                        gint64              encounter_id,
                                        GError            **error);
/* Encounter ids of the captures made before @before. */
GArray    *pd_store_tvs_captures_before (PdStoreTx         *tx,
                                        gint64              before,
                                        GError            **error);
/* Encounters of the flights departing from @from to @to (YYYY-MM-DD),
 * PdEncounter by time. */
GPtrArray *pd_store_tvs_encounters_between (PdStoreTx      *tx,
                                        const char         *from,
                                        const char         *to,
                                        GError            **error);

typedef struct {
  gint64       id;
  gint64       created_at;
  char        *port;
  char        *kind;         /* no-match, watch-list, ewi (probable entry without inspection), opt-out */
  char        *disposition;  /* NULL while open */
  char        *reason;
  gint64       disposed_by;
  gint64       disposed_at;
  PdEncounter *encounter;
} PdAlert;

void       pd_alert_free               (PdAlert            *a);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAlert, pd_alert_free)

gboolean   pd_store_tvs_alert_insert   (PdStoreTx          *tx,
                                        PdAlert            *a,
                                        GError            **error);
PdAlert   *pd_store_tvs_alert_get      (PdStoreTx          *tx,
                                        gint64              id,
                                        GError            **error);
/* Alerts of @port (NULL: all), open ones only when @open, newest first, up to @limit. */
GPtrArray *pd_store_tvs_alerts         (PdStoreTx          *tx,
                                        const char         *port,
                                        gboolean            open,
                                        guint               limit,
                                        GError            **error);
gboolean   pd_store_tvs_alert_dispose  (PdStoreTx          *tx,
                                        const PdAlert      *a,
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
/* Flights departing from @from to @to (YYYY-MM-DD), PdFlight. */
GPtrArray *pd_store_tvs_flights_between (PdStoreTx        *tx,
                                        const char         *from,
                                        const char         *to,
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
