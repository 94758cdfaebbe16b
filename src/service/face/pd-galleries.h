/* pd-galleries.h: the service's face galleries, in memory
 *
 * A gallery is a named set of templates (the holdings gallery, one per
 * flight, watch lists), each template a subject's L2-normalised descriptor
 * under the store id of its row.  Searches of one gallery run at the same
 * time (a read lock each, held for the scan only); adding or removing one
 * template takes the write lock for that one change; a rebuild makes a new
 * gallery aside and swaps it in at once.  The templates are persisted by
 * the store (face_templates); this is only what is searched.  Changes
 * (add, remove, replace) are serialised by the caller (the engine makes
 * them under the store's lock, in commit order); searches need no more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pd-face.h"

G_BEGIN_DECLS

typedef struct _PdGalleries PdGalleries;

typedef struct {
  gint64  id;          /* the template's store id */
  char   *subject;
  float   similarity;
} PdGalleryHit;

void          pd_gallery_hit_clear   (PdGalleryHit *hit);

PdGalleries  *pd_galleries_new       (void);
void          pd_galleries_free      (PdGalleries  *self);

/* Adds (or replaces, under a new @id) one subject's template. */
void          pd_galleries_add       (PdGalleries  *self,
                                      const char   *gallery,
                                      gint64        id,
                                      const char   *subject,
                                      const float  *tmpl);
gboolean      pd_galleries_remove    (PdGalleries  *self,
                                      const char   *gallery,
                                      const char   *subject);
/* Swaps in the whole of @gallery: @n templates of @subjects with @ids
 * (an empty gallery when @n is 0 drops it). */
void          pd_galleries_replace   (PdGalleries  *self,
                                      const char   *gallery,
                                      guint         n,
                                      const gint64 *ids,
                                      char * const *subjects,
                                      const float  *templates);
/* Up to @k hits at or above @min_similarity, best first, into @hits
 * (PdGalleryHit, cleared with pd_gallery_hit_clear); FALSE when there is no
 * such gallery. */
gboolean      pd_galleries_search    (PdGalleries  *self,
                                      const char   *gallery,
                                      const float  *descriptor,
                                      guint         k,
                                      float         min_similarity,
                                      GArray       *hits);
/* What a store transaction changes in the galleries, applied once it has
 * committed (under the store's lock, in commit order): templates added,
 * whole galleries dropped. */
typedef struct _PdGalleryChanges PdGalleryChanges;

PdGalleryChanges *pd_gallery_changes_new   (void);
void          pd_gallery_changes_free  (PdGalleryChanges *c);
/* Notes @subject's template joining @gallery; the store id of its row goes
 * in the slot returned (valid until the next change is noted). */
gint64       *pd_gallery_changes_add   (PdGalleryChanges *c,
                                        const char       *gallery,
                                        const char       *subject,
                                        const float      *tmpl);
void          pd_gallery_changes_drop  (PdGalleryChanges *c,
                                        const char       *gallery);
/* The drops, then the additions (NULL @self: nothing). */
void          pd_gallery_changes_apply (PdGalleryChanges *c,
                                        PdGalleries      *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdGalleryChanges, pd_gallery_changes_free)

/* Every gallery's name and size: name -> GUINT_TO_POINTER (n). */
GHashTable   *pd_galleries_sizes     (PdGalleries  *self);

G_END_DECLS
