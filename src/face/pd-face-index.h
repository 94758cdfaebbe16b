/* pd-face-index.h: 1:N search over int8 templates with exact fp32 re-ranking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Templates are L2-normalised descriptors.  Each is kept twice: as int8
 * (per-template scale, 128 bytes) for the scan, and as fp32 for re-ranking the
 * best candidates exactly, so the returned similarities are exact cosine
 * similarities.  Search answers "no match" (0 hits) when nobody reaches the
 * threshold: it never returns the closest person below it.
 *
 * An index is not locked: concurrent searches are fine, adding/removing while
 * searching is not (wrap it in a GRWLock if you need both).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PdFaceIndex PdFaceIndex;

typedef struct {
  gint64 id;
  float similarity;
} PdFaceHit;

PdFaceIndex *pd_face_index_new (void);
void pd_face_index_free (PdFaceIndex *self);
/* Threads used by one search (default 1; the scan is split when large). */
void pd_face_index_set_threads (PdFaceIndex *self, guint n_threads);
void pd_face_index_reserve (PdFaceIndex *self, guint n);
/* @descriptor need not be normalised. */
void pd_face_index_add (PdFaceIndex *self, gint64 id, const float *descriptor);
gboolean pd_face_index_remove (PdFaceIndex *self, gint64 id);
guint pd_face_index_get_size (const PdFaceIndex *self);
/* Bytes held (int8 + fp32 + ids). */
gsize pd_face_index_get_bytes (const PdFaceIndex *self);

/* Up to @k hits with similarity >= @min_similarity, best first; returns the
 * number written to @hits.  The usual threshold is a row of the calibrated
 * table (pd_face_threshold_for): 0 hits means "no match". */
guint pd_face_index_search (const PdFaceIndex *self, const float *query, guint k,
                            float min_similarity, PdFaceHit *hits);
/* Same answer by an exact fp32 scan (reference for tests and benchmarks). */
guint pd_face_index_search_exact (const PdFaceIndex *self, const float *query, guint k,
                                  float min_similarity, PdFaceHit *hits);
/* The name of the scan kernel picked at run time ("avx2", "scalar"). */
const char *pd_face_index_kernel_name (void);

/* Quantise a unit template: q = round (x * s), s = 127 / max|x|; returns 1/s. */
float pd_face_template_quantize (const float *unit, gint8 *q);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFaceIndex, pd_face_index_free)

G_END_DECLS
