/* pd-engine-face.c: the face engine inside portdeskd (galleries, 1:N)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-face"

#include <string.h>

#include "pd-engine-face.h"
#include "pd-engine-private.h"
#include "pd-face-blas.h"
#include "pd-error.h"
#include "pd-store-face.h"

/* What makes a photo unusable: for a search, anything that spoils the
 * template; for an enrolment also a second face (the wrong person could
 * be enrolled).  A tilted head is only noted: the aligned chip removes roll. */
#define UNUSABLE_SEARCH (PD_FACE_QUALITY_NO_FACE | PD_FACE_QUALITY_TOO_SMALL | PD_FACE_QUALITY_TOO_DARK | \
                         PD_FACE_QUALITY_TOO_BRIGHT | PD_FACE_QUALITY_BLURRED | PD_FACE_QUALITY_HEAD_TURNED)
#define UNUSABLE_ENROLL (UNUSABLE_SEARCH | PD_FACE_QUALITY_SEVERAL_FACES)

/* Every template the service keeps is made with SSD.  A search capture (a
 * camera frame at a gate or a TSA desk) is located by the quick detector
 * (the tiny detector, its boxes redrawn as SSD draws them), SSD only when
 * that finds no usable face (analyse_run ()): on a 1280x720 frame 11.5 ms of a
 * core against 80.  On the calibration set, probes located by quick
 * against references located by SSD have the same impostor scores as SSD
 * against SSD (cosine at FMR 1 %, 0.1 %, 0.01 %: 0.9131, 0.9293, 0.9408
 * against 0.9131, 0.9293, 0.9407) at an FNMR of 5.07 % against 4.82 % at
 * FMR 0.1 % (bench/face-accuracy, mode q>ssd): the SSD rows of the
 * threshold table hold for them. */
#define DETECTOR        PD_FACE_DETECTOR_SSD
#define SEARCH_DETECTOR PD_FACE_DETECTOR_QUICK
#define CHIP            PD_FACE_CHIP_DEFAULT

#define FACE_ROLES (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_TSA_SUPERVISOR))
#define ADMIN      PD_ROLE_BIT (PD_ROLE_ADMIN)

struct _PdEngineFace
{
  PdFaceEngine *face;
  PdGalleries  *galleries;
  /* photos analysed at once: as many as there are CPUs, a few more wait,
   * the rest are told to come back (a burst must not take every worker) */
  GMutex        lock;
  GCond         cond;
  guint         active, waiting, max_active, max_waiting;
  /* the threads they are analysed on (run_job ()), one a slot */
  GThreadPool  *threads;
};

static void face_thread (gpointer data,
                         gpointer user_data);

void
_pd_engine_face_free (PdEngineFace *f)
{
  if (f == NULL)
    return;
  if (f->threads != NULL)
    g_thread_pool_free (f->threads, FALSE, TRUE);
  pd_face_engine_unref (f->face);
  pd_galleries_free (f->galleries);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  g_free (f);
}

gboolean
pd_engine_face_setup (PdEngine      *self,
                      PdFaceEngine  *face,
                      GError       **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) galleries = NULL;
  PdEngineFace *f;

  g_return_val_if_fail (self->face == NULL, FALSE);

  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  galleries = pd_store_face_load (tx, NULL, error);
  if (galleries == NULL)
    return FALSE;
  g_clear_pointer (&tx, pd_store_tx_free);

  f = g_new0 (PdEngineFace, 1);
  f->face = pd_face_engine_ref (face);
  f->galleries = pd_galleries_new ();
  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  f->max_active = MAX (1u, g_get_num_processors ());
  f->max_waiting = 4 * f->max_active;
  /* photos are analysed side by side, one a core: each on one BLAS thread
   * (OpenBLAS's own threads, spinning beside them on the same cores, made
   * eight gates at once 1.7 times slower; bench/tvs) */
  if (f->max_active > 1)
    pd_face_blas_set_threads (1);
  f->threads = g_thread_pool_new (face_thread, f, (int) f->max_active, TRUE, error);
  if (f->threads == NULL)
    {
      _pd_engine_face_free (f);
      return FALSE;
    }
  for (guint i = 0; i < galleries->len; i++)
    {
      PdStoreGallery *g = galleries->pdata[i];

      pd_galleries_replace (f->galleries, g->gallery, g->ids->len, (const gint64 *) g->ids->data,
                            (char * const *) g->subjects->pdata, (const float *) g->templates->data);
      g_debug ("gallery %s: %u templates", g->gallery, g->ids->len);
    }
  self->face = f;
  return TRUE;
}

/* Another daemon of the site changed @gallery (NULL: maybe any, e.g.
 * notifications were missed): read it again from the database. */
void
_pd_engine_face_reload (PdEngine   *self,
                        const char *gallery)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) galleries = NULL;
  g_autoptr(GHashTable) before = NULL;

  if (self->face == NULL)
    return;
  tx = pd_store_begin (self->store, &error);
  if (tx == NULL || (galleries = pd_store_face_load (tx, gallery, &error)) == NULL)
    {
      g_warning ("could not reload face gallery %s: %s", gallery ? gallery : "(all)", error->message);
      return;
    }
  /* galleries change in commit order: swap them while the store is held */
  before = gallery == NULL ? pd_galleries_sizes (self->face->galleries) : NULL;
  for (guint i = 0; i < galleries->len; i++)
    {
      PdStoreGallery *g = galleries->pdata[i];

      pd_galleries_replace (self->face->galleries, g->gallery, g->ids->len, (const gint64 *) g->ids->data,
                            (char * const *) g->subjects->pdata, (const float *) g->templates->data);
      if (before != NULL)
        g_hash_table_remove (before, g->gallery);
    }
  if (gallery != NULL && galleries->len == 0)
    pd_galleries_replace (self->face->galleries, gallery, 0, NULL, NULL, NULL);
  if (before != NULL)
    {
      GHashTableIter iter;
      gpointer name;

      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        pd_galleries_replace (self->face->galleries, name, 0, NULL, NULL, NULL);
    }
}

static gboolean
require_face (PdEngine  *self,
              GError   **error)
{
  if (self->face != NULL)
    return TRUE;
  g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAVAILABLE, "The face engine is not loaded in this portdeskd");
  return FALSE;
}

/* Gallery names: lower-case letters, digits and . _ : - (holdings,
 * flight:AA100:2026-12-05, watchlist:pau); subjects: also upper case. */
static gboolean
valid_name (const char  *what,
            const char  *name,
            gboolean     upper,
            GError     **error)
{
  gsize len = name != NULL ? strlen (name) : 0;

  for (gsize i = 0; i < len && len <= 64; i++)
    {
      char c = name[i];
      if (!(g_ascii_islower (c) || g_ascii_isdigit (c) || (upper && g_ascii_isupper (c)) ||
            (i > 0 && strchr ("._:-", c) != NULL)))
        len = 0;
    }
  if (len > 0 && len <= 64)
    return TRUE;
  g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
               "A %s name is 1 to 64 %sletters, digits and . _ : - (not first)", what, upper ? "" : "lower-case ");
  return FALSE;
}

void
pd_face_capture_clear (PdFaceCapture *capture)
{
  g_clear_pointer (&capture->codes, g_strfreev);
  g_clear_pointer (&capture->reasons, g_strfreev);
}

void
pd_face_search_clear (PdFaceSearch *search)
{
  pd_face_capture_clear (&search->capture);
  if (search->hits != NULL)
    {
      for (guint i = 0; i < search->hits->len; i++)
        pd_gallery_hit_clear (&g_array_index (search->hits, PdGalleryHit, i));
      g_clear_pointer (&search->hits, g_array_unref);
    }
}

GError *
pd_face_error_to_pd (const GError *error)
{
  static const PdErrorCode map[] = {
    [PD_FACE_ERROR_FAILED] = PD_ERROR_INTERNAL,
    [PD_FACE_ERROR_MODEL_MISSING] = PD_ERROR_UNAVAILABLE,
    [PD_FACE_ERROR_MODEL_CHECKSUM] = PD_ERROR_UNAVAILABLE,
    [PD_FACE_ERROR_MODEL_FORMAT] = PD_ERROR_UNAVAILABLE,
    [PD_FACE_ERROR_IMAGE] = PD_ERROR_INVALID,
    [PD_FACE_ERROR_INVALID] = PD_ERROR_INVALID,
    [PD_FACE_ERROR_NO_FACE] = PD_ERROR_INVALID,
  };
  PdErrorCode code = PD_ERROR_INTERNAL;

  if (error->domain == PD_ERROR)
    return g_error_copy (error);
  if (error->domain == PD_FACE_ERROR && error->code >= 0 && error->code < (int) G_N_ELEMENTS (map))
    code = map[error->code];
  return g_error_new_literal (PD_ERROR, code, error->message);
}

static gboolean
slot_acquire (PdEngineFace  *f,
              GError       **error)
{
  g_mutex_lock (&f->lock);
  if (f->active >= f->max_active && f->waiting >= f->max_waiting)
    {
      g_mutex_unlock (&f->lock);
      g_set_error (error, PD_ERROR, PD_ERROR_UNAVAILABLE,
                   "The face engine is busy (%u photos waiting); send the photo again in a moment", f->max_waiting);
      return FALSE;
    }
  f->waiting++;
  while (f->active >= f->max_active)
    g_cond_wait (&f->cond, &f->lock);
  f->waiting--;
  f->active++;
  g_mutex_unlock (&f->lock);
  return TRUE;
}

static void
slot_release (PdEngineFace *f)
{
  g_mutex_lock (&f->lock);
  f->active--;
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->lock);
}

/* The subject of @faces, the faces found in @photo (the face nearest the
 * centre), checked into @out; whether it is usable. */
static gboolean
assess (const PdFaceImage *photo,
        GArray            *faces,
        guint              unusable,
        PdFaceCapture     *out)
{
  pd_face_capture_clear (out);
  pd_face_quality_assess (photo, (const PdFaceFace *) faces->data, faces->len, &out->quality);
  out->codes = pd_face_quality_codes (&out->quality);
  out->reasons = pd_face_quality_reasons (&out->quality);
  out->usable = out->quality.face_index >= 0 && (out->quality.flags & unusable) == 0;
  if (out->quality.face_index >= 0)
    pd_face_normalize (g_array_index (faces, PdFaceFace, out->quality.face_index).descriptor, out->tmpl);
  return out->usable;
}

/* A photo's analysis, run on a face thread (run_job ()). */
typedef struct _FaceJob FaceJob;
struct _FaceJob
{
  void              (*run) (PdEngineFace *f, FaceJob *job);
  const PdFaceImage  *photo;
  gboolean            enrol;    /* analyse_run: an enrolment, or a search */
  PdFaceCapture      *out;      /* analyse_run: the subject, checked */
  const char * const *galleries;   /* analyse_run: a search of these, at a glance first */
  float               threshold;
  GArray             *faces;    /* what was found; NULL: @error */
  GError             *error;
  GMutex              lock;
  GCond               cond;
  gboolean            done;
};

static void
face_thread (gpointer data,
             gpointer user_data)
{
  FaceJob *job = data;

  job->run (user_data, job);
  g_mutex_lock (&job->lock);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

/* Runs @job once a slot is free, on a face thread, and waits for it.  The
 * face threads are as many as the slots and live as long as the service:
 * each keeps its memory (tens of MB of activations) from photo to photo.
 * Run on whichever request thread came, the analyses went through every
 * thread's malloc arena, which gave the memory back and took it again,
 * zeroed (page faults were a sixth of the time).  Eight gates at once,
 * bench/tvs: p50 452 -> 332 ms, p95 499 -> 371 ms, and the service's
 * memory 362 -> 325 MB (telling glibc to keep every arena's memory did
 * as well for time, but took 585 MB, and more with more cores). */
static gboolean
run_job (PdEngineFace  *f,
         FaceJob       *job,
         GError       **error)
{
  if (!slot_acquire (f, error))
    return FALSE;
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  g_thread_pool_push (f->threads, job, NULL);
  g_mutex_lock (&job->lock);
  while (!job->done)
    g_cond_wait (&job->cond, &job->lock);
  g_mutex_unlock (&job->lock);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  slot_release (f);
  if (job->faces == NULL)
    {
      g_propagate_error (error, pd_face_error_to_pd (job->error));
      g_clear_error (&job->error);
      return FALSE;
    }
  return TRUE;
}

/* The best score of @tmpl in gallery @name when at least @floor, or -1. */
static float
best_score (PdGalleries *galleries,
            const char  *name,
            const float *tmpl,
            float        floor)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (PdGalleryHit));

  g_array_set_clear_func (hits, (GDestroyNotify) pd_gallery_hit_clear);
  if (!pd_galleries_search (galleries, name, tmpl, 1, floor, hits) || hits->len == 0)
    return -1;
  return g_array_index (hits, PdGalleryHit, 0).similarity;
}

/* Whether @tmpl, a glance's template, may decide otherwise than all the
 * views' would in @names at @threshold: a score in one of them within the
 * margin of the threshold. */
static gboolean
near_threshold (PdGalleries        *galleries,
                const char * const *names,
                float               threshold,
                const float        *tmpl)
{
  const float m = PD_ENGINE_FACE_GLANCE_MARGIN;

  for (guint i = 0; names[i] != NULL; i++)
    {
      float best = best_score (galleries, names[i], tmpl, threshold - m);

      if (best >= 0 && best < threshold + m)
        return TRUE;
    }
  return FALSE;
}

/* Whether @capture, found by the quick detector but with a head turned by
 * its landmarks (and no other flaw), matches someone in @names clearly (a
 * score at least the glance margin over @threshold): then it is taken as
 * it is, not analysed again with SSD (80 ms of a core on a 1280x720
 * frame) to judge the pose once more.  Quick's and SSD's landmarks put the
 * same head's yaw several degrees apart (on the first 600 calibration
 * photos 13.4 % of the faces are over the limit by quick's, 11.9 % by
 * SSD's, and they disagree on 4.5 %), and a capture that matches at that
 * score made a template good enough: of the first 1,500 calibration
 * photos, the 15 % whose only flaw by quick is a turned head match at
 * FMR 0.1 % + 0.02 with 0.0006 % of impostor pairs (every probe at the
 * threshold: 0.074 %) and 69.6 % of genuine pairs (bench/face-accuracy,
 * "glances"; docs/face-engine.md). */
static gboolean
turned_but_matched (PdGalleries         *galleries,
                    const char * const  *names,
                    float                threshold,
                    const PdFaceCapture *capture)
{
  if (names == NULL || capture->quality.face_index < 0 ||
      (capture->quality.flags & UNUSABLE_SEARCH) != PD_FACE_QUALITY_HEAD_TURNED)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    if (best_score (galleries, names[i], capture->tmpl, threshold + PD_ENGINE_FACE_GLANCE_MARGIN) >= 0)
      return TRUE;
  return FALSE;
}

/* Detects, checks and describes the subject of the photo: for an
 * enrolment (a template kept) with SSD; for a search with the quick
 * detector first, and SSD when that finds no usable face (but a turned
 * head that matches clearly: turned_but_matched ()); for a search of
 * galleries at a glance first, and when that is near the threshold there
 * again from all the views (the same analysis: the same faces, canvas and
 * chips, six views of them). */
static void
analyse_run (PdEngineFace *f,
             FaceJob      *job)
{
  guint unusable = job->enrol ? UNUSABLE_ENROLL : UNUSABLE_SEARCH;
  PdFaceDetector detector = job->enrol ? DETECTOR : SEARCH_DETECTOR;
  guint views = job->galleries != NULL ? PD_FACE_VIEWS_GLANCE : PD_FACE_VIEWS_ALL;

  for (;;)
    {
      gboolean usable;

      g_clear_pointer (&job->faces, g_array_unref);
      g_clear_error (&job->error);
      job->faces = pd_face_analyze_subject (f->face, job->photo, detector, CHIP, views, &job->error);
      usable = job->faces != NULL && assess (job->photo, job->faces, unusable, job->out);
      if (!usable && detector != DETECTOR &&
          turned_but_matched (f->galleries, job->galleries, job->threshold, job->out))
        usable = job->out->usable = TRUE;
      if (!usable && detector != DETECTOR)
        detector = DETECTOR;
      else if (usable && views != PD_FACE_VIEWS_ALL &&
               near_threshold (f->galleries, job->galleries, job->threshold, job->out->tmpl))
        views = PD_FACE_VIEWS_ALL;   /* a second look */
      else
        return;
    }
}

static gboolean
analyse (PdEngineFace       *f,
         const PdFaceImage  *photo,
         gboolean            enrol,
         const char * const *galleries,
         float               threshold,
         PdFaceCapture      *out,
         GError            **error)
{
  FaceJob job = { .run = analyse_run, .photo = photo, .enrol = enrol, .galleries = galleries,
                  .threshold = threshold, .out = out };

  if (!run_job (f, &job, error))
    return FALSE;
  g_array_unref (job.faces);
  return TRUE;
}

static void
detect_run (PdEngineFace *f,
            FaceJob      *job)
{
  job->faces = pd_face_detect (f->face, job->photo, DETECTOR, -1, &job->error);
}

gboolean
pd_engine_face_capture (PdEngine          *self,
                        const PdFaceImage *photo,
                        gboolean           enrol,
                        PdFaceCapture     *out,
                        GError           **error)
{
  memset (out, 0, sizeof *out);
  return require_face (self, error) &&
         analyse (self->face, photo, enrol, NULL, 0, out, error);
}

gboolean
pd_engine_face_capture_for (PdEngine           *self,
                            const PdFaceImage  *photo,
                            const char * const *galleries,
                            float               threshold,
                            PdFaceCapture      *out,
                            GError            **error)
{
  g_return_val_if_fail (galleries != NULL, FALSE);

  memset (out, 0, sizeof *out);
  return require_face (self, error) &&
         analyse (self->face, photo, FALSE, galleries, threshold, out, error);
}

GArray *
pd_engine_face_detect (PdEngine          *self,
                       const PdFaceImage *photo,
                       GError           **error)
{
  FaceJob job = { .run = detect_run, .photo = photo };

  return require_face (self, error) && run_job (self->face, &job, error) ? job.faces : NULL;
}

const PdFaceThreshold *
pd_engine_face_operating_point (double fmr)
{
  return pd_face_threshold_for (DETECTOR, CHIP, fmr);
}

PdGalleries *
pd_engine_face_get_galleries (PdEngine *self)
{
  return self->face != NULL ? self->face->galleries : NULL;
}

/* The checks of a call on one subject of a gallery (admins). */
static gboolean
check_subject_call (PdEngine    *self,
                    PdCaller    *caller,
                    const char  *action,
                    const char  *gallery,
                    const char  *subject,
                    GError     **error)
{
  return _pd_engine_require_role (self, caller, ADMIN, action, error) && require_face (self, error) &&
         valid_name ("gallery", gallery, FALSE, error) && valid_name ("subject", subject, TRUE, error);
}

gboolean
pd_engine_face_search (PdEngine          *self,
                       PdCaller          *caller,
                       const char        *gallery,
                       const PdFaceImage *photo,
                       double             fmr,
                       guint              k,
                       PdFaceSearch      *out,
                       GError           **error)
{
  g_autofree char *codes = NULL, *params = NULL, *fmr_s = NULL, *thr_s = NULL, *sim_s = NULL;
  const PdGalleryHit *best = NULL;
  gint64 t0;

  memset (out, 0, sizeof *out);
  if (!_pd_engine_require_entitled (self, caller, FACE_ROLES, "face", "face.search", error) || !require_face (self, error) ||
      !valid_name ("gallery", gallery, FALSE, error))
    return FALSE;
  if (!(fmr > 0 && fmr < 1) || k < 1 || k > 20)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "fmr must be between 0 and 1, and k 1 to 20");
      return FALSE;
    }
  out->op = pd_engine_face_operating_point (fmr);
  out->hits = g_array_new (FALSE, FALSE, sizeof (PdGalleryHit));

  t0 = g_get_monotonic_time ();
  if (!analyse (self->face, photo, FALSE, (const char *[]) { gallery, NULL }, out->op->similarity, &out->capture,
                error))
    return FALSE;
  out->analyse_ms = (g_get_monotonic_time () - t0) / 1e3;
  t0 = g_get_monotonic_time ();
  if (out->capture.usable &&
      !pd_galleries_search (self->face->galleries, gallery, out->capture.tmpl, k, out->op->similarity, out->hits))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no gallery '%s'", gallery);
      return FALSE;
    }
  out->search_ms = (g_get_monotonic_time () - t0) / 1e3;

  /* the decision, with the operating point that made it */
  best = out->hits->len > 0 ? &g_array_index (out->hits, PdGalleryHit, 0) : NULL;
  codes = g_strjoinv (",", out->capture.codes);
  fmr_s = g_strdup_printf ("%g", out->op->fmr);
  thr_s = g_strdup_printf ("%.4f", out->op->similarity);
  sim_s = best != NULL ? g_strdup_printf ("%.4f", best->similarity) : NULL;
  params = _pd_params ("thresholds_version", pd_face_thresholds_version (), "target_fmr", fmr_s,
                       "threshold", thr_s, "subject", best != NULL ? best->subject : NULL, "similarity", sim_s,
                       "quality", codes[0] != '\0' ? codes : NULL, NULL);
  return pd_engine_audit (self, caller, "face.search", gallery, params,
                          !out->capture.usable ? "not-usable" : best != NULL ? "match" : "no-match", error);
}

gboolean
pd_engine_face_enroll (PdEngine          *self,
                       PdCaller          *caller,
                       const char        *gallery,
                       const char        *subject,
                       const PdFaceImage *photo,
                       GError           **error)
{
  g_auto(PdFaceSearch) s = { 0 };
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL;
  gint64 id;

  if (!check_subject_call (self, caller, "face.enroll", gallery, subject, error))
    return FALSE;
  if (!analyse (self->face, photo, TRUE, NULL, 0, &s.capture, error))
    return FALSE;
  if (!s.capture.usable)
    {
      g_autofree char *why = g_strjoinv ("; ", s.capture.reasons);
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "This photo cannot be enrolled: %s",
                   why[0] != '\0' ? why : "no usable face");
      return FALSE;
    }
  tx = pd_store_begin (self->store, error);
  if (tx == NULL || !pd_store_face_put (tx, gallery, subject, s.capture.tmpl, pd_clock_now (self->clock), &id, error))
    return FALSE;
  params = _pd_params ("subject", subject, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "face.enroll", gallery, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  /* still under the store's lock: galleries change in commit order */
  pd_galleries_add (self->face->galleries, gallery, id, subject, s.capture.tmpl);
  return TRUE;
}

gboolean
pd_engine_face_remove (PdEngine    *self,
                       PdCaller    *caller,
                       const char  *gallery,
                       const char  *subject,
                       GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL;

  if (!check_subject_call (self, caller, "face.remove", gallery, subject, error))
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL || !pd_store_face_delete (tx, gallery, subject, error))
    return FALSE;
  params = _pd_params ("subject", subject, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "face.remove", gallery, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  pd_galleries_remove (self->face->galleries, gallery, subject);
  return TRUE;
}

GHashTable *
pd_engine_face_galleries (PdEngine  *self,
                          PdCaller  *caller,
                          GError   **error)
{
  if (!_pd_engine_require_role (self, caller, ADMIN | FACE_ROLES | PD_ROLE_BIT (PD_ROLE_AUDITOR),
                                "face.galleries", error) || !require_face (self, error) ||
      !pd_engine_audit (self, caller, "face.galleries", NULL, NULL, "ok", error))
    return NULL;
  return pd_galleries_sizes (self->face->galleries);
}
