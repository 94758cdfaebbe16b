/* pd-engine-face.h: the face engine inside portdeskd (galleries, 1:N)
 *
 * One PdFaceEngine, loaded when the daemon starts, and the galleries the
 * flows search (the TSA holdings, one per TVS flight, watch lists).  A
 * photo is analysed and searched outside any store transaction; only its
 * template is ever kept (enrolment), never the photo.  Every decision is
 * audited with the thresholds' version and the target FMR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-face.h"
#include "pd-galleries.h"

G_BEGIN_DECLS

/* Takes a reference to @face and loads every gallery's templates from the
 * store (no photo is embedded again). */
gboolean      pd_engine_face_setup    (PdEngine        *self,
                                       PdFaceEngine    *face,
                                       GError         **error);

/* A photo's quality as the service judges it for a use. */
typedef struct {
  gboolean       usable;
  PdFaceQuality  quality;
  char         **codes;        /* one per flag that is set */
  char         **reasons;      /* officer-readable, the same order */
  float          tmpl[PD_FACE_DESCRIPTOR_DIM];   /* the subject's template, when a face was found
                                                  * (searched only when usable) */
} PdFaceCapture;

typedef struct {
  PdFaceCapture          capture;
  const PdFaceThreshold *op;       /* the operating point used */
  GArray                *hits;     /* PdGalleryHit, best first; empty: no match */
  double                 analyse_ms, search_ms;
} PdFaceSearch;

void          pd_face_search_clear    (PdFaceSearch    *search);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdFaceSearch, pd_face_search_clear)

gboolean      pd_engine_face_search   (PdEngine        *self,
                                       PdCaller        *caller,
                                       const char      *gallery,
                                       const PdFaceImage *photo,
                                       double           fmr,
                                       guint            k,
                                       PdFaceSearch    *out,
                                       GError         **error);
/* Enrols the subject of @photo (stricter quality than a search); refuses
 * with the reasons when the photo will not do. */
gboolean      pd_engine_face_enroll   (PdEngine        *self,
                                       PdCaller        *caller,
                                       const char      *gallery,
                                       const char      *subject,
                                       const PdFaceImage *photo,
                                       GError         **error);
gboolean      pd_engine_face_remove   (PdEngine        *self,
                                       PdCaller        *caller,
                                       const char      *gallery,
                                       const char      *subject,
                                       GError         **error);
/* name -> GUINT_TO_POINTER (templates) */
GHashTable   *pd_engine_face_galleries (PdEngine       *self,
                                       PdCaller        *caller,
                                       GError         **error);

/* For the flows built on the engine (TSA, TVS): their own role checks and
 * audit entries, these pieces underneath. */

/* Analyses @photo (the subject is the face nearest the centre) with the
 * quality a search (@enrol FALSE) or an enrolment needs; nothing is kept. */
gboolean      pd_engine_face_capture  (PdEngine        *self,
                                       const PdFaceImage *photo,
                                       gboolean         enrol,
                                       PdFaceCapture   *out,
                                       GError         **error);
/* How near a threshold a glance's score is looked at again (bench/face-accuracy,
 * "glances"; docs/face-engine.md). */
#define PD_ENGINE_FACE_GLANCE_MARGIN 0.02f

/* Analyses @photo for a search of @galleries (NULL-terminated names) at
 * @threshold: the subject at a glance (PD_FACE_VIEWS_GLANCE: half the
 * analysis), and from all the views when a best score in @galleries is
 * within PD_ENGINE_FACE_GLANCE_MARGIN of @threshold: so the template
 * decides as all the views' would (docs/face-engine.md, "Glances"). */
gboolean      pd_engine_face_capture_for (PdEngine        *self,
                                       const PdFaceImage *photo,
                                       const char * const *galleries,
                                       float            threshold,
                                       PdFaceCapture   *out,
                                       GError         **error);
void          pd_face_capture_clear   (PdFaceCapture   *capture);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdFaceCapture, pd_face_capture_clear)
/* Every face the stills' detector finds in @photo (PdFaceBox). */
GArray       *pd_engine_face_detect   (PdEngine        *self,
                                       const PdFaceImage *photo,
                                       GError         **error);
/* The operating point the service's templates are compared at. */
const PdFaceThreshold *pd_engine_face_operating_point (double fmr);
/* The galleries searched (changes made under the store's lock, after the
 * commit that persisted them); NULL when the engine is not loaded. */
PdGalleries  *pd_engine_face_get_galleries (PdEngine   *self);

/* For the API's one error table: a PD_FACE_ERROR as a PD_ERROR. */
GError       *pd_face_error_to_pd     (const GError    *error);

G_END_DECLS
