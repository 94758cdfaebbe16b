/* pd-engine-lpr-import.c: analysts' CSV imports of reads, staged in parts
 *
 * A file comes in parts (so that portdeskctl can show how far it is); each
 * part is checked as it comes and its reads kept in memory under the
 * import's id, for the analyst who began it; the commit stores them all in
 * one transaction with the alert checks, or nothing.  Nothing of an import
 * touches the database before its commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-lpr"

#include "pd-engine-lpr.h"
#include "pd-engine-private.h"
#include "pd-error.h"

#define MAX_STAGED   1000000
#define STALE        ((gint64) 3600 * G_USEC_PER_SEC)

typedef struct {
  gint64     id;
  gint64     user_id;
  gint64     touched;
  GPtrArray *reads;      /* PdLprRead */
} Import;

typedef struct {
  GHashTable *by_user;   /* user id -> Import */
  gint64      last_id;
} Imports;

static GMutex lock;      /* guards every engine's Imports */

static void
import_free (Import *im)
{
  g_ptr_array_unref (im->reads);
  g_free (im);
}

void
_pd_engine_lpr_imports_free (gpointer imports)
{
  Imports *all = imports;

  g_hash_table_unref (all->by_user);
  g_free (all);
}

/* The engine's imports, the lock held. */
static Imports *
imports_of (PdEngine *self)
{
  if (self->lpr_imports == NULL)
    {
      Imports *all = g_new0 (Imports, 1);

      all->by_user = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) import_free);
      self->lpr_imports = all;
    }
  return self->lpr_imports;
}

/* The caller's import @id, the lock held; NOT_FOUND otherwise. */
static Import *
find (PdEngine   *self,
      PdCaller   *caller,
      gint64      id,
      GError    **error)
{
  gint64 user = pd_caller_user_id (caller);
  Import *im = g_hash_table_lookup (imports_of (self)->by_user, &user);

  if (im == NULL || im->id != id)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no import %" G_GINT64_FORMAT " of yours (an import "
                   "left an hour is dropped)", id);
      return NULL;
    }
  im->touched = pd_engine_now (self);
  return im;
}

gboolean
pd_engine_lpr_import_begin (PdEngine  *self,
                            PdCaller  *caller,
                            gint64    *out_id,
                            GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GHashTableIter iter;
  Import *im;
  gint64 now = pd_engine_now (self);

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.import.begin", error))
    return FALSE;
  locker = g_mutex_locker_new (&lock);
  g_hash_table_iter_init (&iter, imports_of (self)->by_user);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &im))
    if (im->touched < now - STALE)
      g_hash_table_iter_remove (&iter);
  im = g_new0 (Import, 1);
  im->id = ++imports_of (self)->last_id;
  im->user_id = pd_caller_user_id (caller);
  im->touched = now;
  im->reads = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_lpr_read_free);
  g_hash_table_replace (imports_of (self)->by_user, &im->user_id, im);
  *out_id = im->id;
  return TRUE;
}

gboolean
pd_engine_lpr_import_add (PdEngine   *self,
                          PdCaller   *caller,
                          gint64      id,
                          GPtrArray  *objects,
                          guint       first,
                          guint      *out_staged,
                          GError    **error)
{
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  Import *im;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.import.add", error) ||
      (reads = _pd_lpr_parse_reads (objects, "row", first, pd_engine_now (self), error)) == NULL)
    return FALSE;
  locker = g_mutex_locker_new (&lock);
  if ((im = find (self, caller, id, error)) == NULL)
    return FALSE;
  if (im->reads->len + reads->len > MAX_STAGED)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "An import holds at most %u reads; split the file", MAX_STAGED);
      return FALSE;
    }
  for (guint i = 0; i < reads->len; i++)
    g_ptr_array_add (im->reads, g_steal_pointer (&reads->pdata[i]));
  *out_staged = im->reads->len;
  return TRUE;
}

/* Takes the caller's import @id out of the table. */
static Import *
take (PdEngine  *self,
      PdCaller  *caller,
      gint64     id,
      GError   **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  Import *im = find (self, caller, id, error);

  if (im != NULL)
    g_hash_table_steal (imports_of (self)->by_user, &im->user_id);
  return im;
}

gboolean
pd_engine_lpr_import_commit (PdEngine     *self,
                             PdCaller     *caller,
                             gint64        id,
                             PdLprIngest  *out,
                             GError      **error)
{
  Import *im;
  gboolean ok;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.import.commit", error) ||
      (im = take (self, caller, id, error)) == NULL)
    return FALSE;
  if (im->reads->len == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The import holds no reads");
      ok = FALSE;
    }
  else
    ok = _pd_lpr_store_reads (self, caller, im->reads, out, error);
  import_free (im);
  return ok;
}

gboolean
pd_engine_lpr_import_cancel (PdEngine  *self,
                             PdCaller  *caller,
                             gint64     id,
                             GError   **error)
{
  Import *im;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.import.cancel", error) ||
      (im = take (self, caller, id, error)) == NULL)
    return FALSE;
  import_free (im);
  return TRUE;
}
