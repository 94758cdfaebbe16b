/* pd-galleries.c: the service's face galleries, in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-galleries"

#include "pd-galleries.h"

#include <string.h>

#include <sodium.h>

#include "pd-face-index.h"

typedef struct {
  gatomicrefcount  ref;
  GRWLock          lock;        /* read: a search; write: one change */
  PdFaceIndex     *index;       /* ids: the store ids of the templates */
  GHashTable      *subject_of;  /* id (gint64 *) -> subject */
  GHashTable      *id_of;       /* subject -> id (gint64 *), the same strings */
} Gallery;

struct _PdGalleries
{
  GMutex      lock;            /* the table only, never held for a scan */
  GHashTable *by_name;         /* name -> Gallery */
};

static Gallery *
gallery_new (void)
{
  Gallery *g = g_new0 (Gallery, 1);

  g_atomic_ref_count_init (&g->ref);
  g_rw_lock_init (&g->lock);
  g->index = pd_face_index_new ();
  g->subject_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g->id_of = g_hash_table_new (g_str_hash, g_str_equal);
  return g;
}

static void
gallery_unref (Gallery *g)
{
  if (!g_atomic_ref_count_dec (&g->ref))
    return;
  pd_face_index_free (g->index);
  g_hash_table_unref (g->id_of);
  g_hash_table_unref (g->subject_of);
  g_rw_lock_clear (&g->lock);
  g_free (g);
}

/* Removes @subject's template; FALSE if it had none.  Under the write lock. */
static gboolean
gallery_drop (Gallery    *g,
              const char *subject)
{
  gint64 *id = g_hash_table_lookup (g->id_of, subject);
  gboolean found;

  if (id == NULL)
    return FALSE;
  found = pd_face_index_remove (g->index, *id);
  g_hash_table_remove (g->id_of, subject);
  g_hash_table_remove (g->subject_of, id);   /* frees the id and the subject's name */
  return found;
}

/* under the write lock (or before it is published) */
static void
gallery_put (Gallery     *g,
             gint64       id,
             const char  *subject,
             const float *tmpl)
{
  gint64 *key = g_memdup2 (&id, sizeof id);
  char *name = g_strdup (subject);

  gallery_drop (g, subject);
  pd_face_index_add (g->index, id, tmpl);
  g_hash_table_insert (g->subject_of, key, name);
  g_hash_table_insert (g->id_of, name, key);
}

void
pd_gallery_hit_clear (PdGalleryHit *hit)
{
  g_clear_pointer (&hit->subject, g_free);
}

PdGalleries *
pd_galleries_new (void)
{
  PdGalleries *self = g_new0 (PdGalleries, 1);

  g_mutex_init (&self->lock);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) gallery_unref);
  return self;
}

void
pd_galleries_free (PdGalleries *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_name);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* A reference to @name's gallery (made when @create), or NULL. */
static Gallery *
lookup (PdGalleries *self,
        const char  *name,
        gboolean     create)
{
  Gallery *g;

  g_mutex_lock (&self->lock);
  g = g_hash_table_lookup (self->by_name, name);
  if (g == NULL && create)
    {
      g = gallery_new ();
      g_hash_table_insert (self->by_name, g_strdup (name), g);
    }
  if (g != NULL)
    g_atomic_ref_count_inc (&g->ref);
  g_mutex_unlock (&self->lock);
  return g;
}

void
pd_galleries_add (PdGalleries *self,
                  const char  *gallery,
                  gint64       id,
                  const char  *subject,
                  const float *tmpl)
{
  Gallery *g = lookup (self, gallery, TRUE);

  g_rw_lock_writer_lock (&g->lock);
  gallery_put (g, id, subject, tmpl);
  g_rw_lock_writer_unlock (&g->lock);
  gallery_unref (g);
}

gboolean
pd_galleries_remove (PdGalleries *self,
                     const char  *gallery,
                     const char  *subject)
{
  Gallery *g = lookup (self, gallery, FALSE);
  gboolean found, empty;

  if (g == NULL)
    return FALSE;
  g_rw_lock_writer_lock (&g->lock);
  found = gallery_drop (g, subject);
  empty = pd_face_index_get_size (g->index) == 0;
  g_rw_lock_writer_unlock (&g->lock);
  /* an emptied gallery is gone, as it is after a restart (the table's lock
   * is never taken under a gallery's: pd_galleries_sizes nests them the
   * other way) */
  if (empty)
    {
      g_mutex_lock (&self->lock);
      if (g_hash_table_lookup (self->by_name, gallery) == g)
        g_hash_table_remove (self->by_name, gallery);
      g_mutex_unlock (&self->lock);
    }
  gallery_unref (g);
  return found;
}

void
pd_galleries_replace (PdGalleries  *self,
                      const char   *gallery,
                      guint         n,
                      const gint64 *ids,
                      char * const *subjects,
                      const float  *templates)
{
  Gallery *g = gallery_new ();

  pd_face_index_reserve (g->index, n);
  for (guint i = 0; i < n; i++)
    gallery_put (g, ids[i], subjects[i], templates + (gsize) i * PD_FACE_DESCRIPTOR_DIM);
  /* searches under way finish on the gallery they hold */
  g_mutex_lock (&self->lock);
  if (n > 0)
    g_hash_table_replace (self->by_name, g_strdup (gallery), g);
  else
    g_hash_table_remove (self->by_name, gallery);
  g_mutex_unlock (&self->lock);
  if (n == 0)
    gallery_unref (g);
}

gboolean
pd_galleries_search (PdGalleries *self,
                     const char  *gallery,
                     const float *descriptor,
                     guint        k,
                     float        min_similarity,
                     GArray      *hits)
{
  Gallery *g = lookup (self, gallery, FALSE);
  g_autofree PdFaceHit *found = NULL;
  guint n;

  if (g == NULL)
    return FALSE;
  found = g_new (PdFaceHit, MAX (k, 1));
  g_rw_lock_reader_lock (&g->lock);
  n = pd_face_index_search (g->index, descriptor, k, min_similarity, found);
  for (guint i = 0; i < n; i++)
    {
      PdGalleryHit hit = { found[i].id, g_strdup (g_hash_table_lookup (g->subject_of, &found[i].id)),
                           found[i].similarity };
      g_array_append_val (hits, hit);
    }
  g_rw_lock_reader_unlock (&g->lock);
  gallery_unref (g);
  return TRUE;
}

GHashTable *
pd_galleries_sizes (PdGalleries *self)
{
  GHashTable *sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter it;
  gpointer name, value;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&it, self->by_name);
  while (g_hash_table_iter_next (&it, &name, &value))
    {
      Gallery *g = value;

      g_rw_lock_reader_lock (&g->lock);
      g_hash_table_insert (sizes, g_strdup (name), GUINT_TO_POINTER (pd_face_index_get_size (g->index)));
      g_rw_lock_reader_unlock (&g->lock);
    }
  g_mutex_unlock (&self->lock);
  return sizes;
}

/* --- changes waiting for their commit ------------------------------------------- */

typedef struct {
  gint64  id;
  char   *gallery, *subject;
  float   tmpl[PD_FACE_DESCRIPTOR_DIM];
} Added;

struct _PdGalleryChanges
{
  GArray    *added;     /* Added */
  GPtrArray *dropped;   /* gallery names */
};

static void
added_clear (gpointer p)
{
  Added *a = p;

  g_free (a->gallery);
  g_free (a->subject);
  sodium_memzero (a->tmpl, sizeof a->tmpl);   /* a biometric template */
}

PdGalleryChanges *
pd_gallery_changes_new (void)
{
  PdGalleryChanges *c = g_new0 (PdGalleryChanges, 1);

  c->added = g_array_new (FALSE, TRUE, sizeof (Added));
  g_array_set_clear_func (c->added, added_clear);
  c->dropped = g_ptr_array_new_with_free_func (g_free);
  return c;
}

void
pd_gallery_changes_free (PdGalleryChanges *c)
{
  if (c == NULL)
    return;
  g_array_unref (c->added);
  g_ptr_array_unref (c->dropped);
  g_free (c);
}

gint64 *
pd_gallery_changes_add (PdGalleryChanges *c,
                        const char       *gallery,
                        const char       *subject,
                        const float      *tmpl)
{
  Added a = { 0 };

  a.gallery = g_strdup (gallery);
  a.subject = g_strdup (subject);
  memcpy (a.tmpl, tmpl, sizeof a.tmpl);
  g_array_append_val (c->added, a);
  return &g_array_index (c->added, Added, c->added->len - 1).id;
}

void
pd_gallery_changes_drop (PdGalleryChanges *c,
                         const char       *gallery)
{
  g_ptr_array_add (c->dropped, g_strdup (gallery));
}

void
pd_gallery_changes_apply (PdGalleryChanges *c,
                          PdGalleries      *self)
{
  for (guint i = 0; self != NULL && i < c->dropped->len; i++)
    pd_galleries_replace (self, c->dropped->pdata[i], 0, NULL, NULL, NULL);
  for (guint i = 0; self != NULL && i < c->added->len; i++)
    {
      Added *a = &g_array_index (c->added, Added, i);

      pd_galleries_add (self, a->gallery, a->id, a->subject, a->tmpl);
    }
}
