/* pd-store-face.c: face templates (never photos) by gallery and subject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <string.h>

#include "pd-error.h"
#include "pd-store-face.h"
#include "pd-store-private.h"

#define TEMPLATE_BYTES (PD_FACE_DESCRIPTOR_DIM * sizeof (float))

/* Deletes @subject's template from @gallery (every template when @subject
 * is NULL); @found: whether there was one. */
static gboolean
delete_template (PdStoreTx   *tx,
                 const char  *gallery,
                 const char  *subject,
                 gboolean    *found,
                 GError     **error)
{
  /* two statements: "subject = ?2 OR ?2 IS NULL" would not use the
   * (gallery, subject) index, and a gallery of a million would be scanned */
  g_autoptr(PdStmt) del = _pd_store_prepare (tx, subject != NULL ?
                                                   "DELETE FROM face_templates WHERE gallery = ?1 AND subject = ?2" :
                                                   "DELETE FROM face_templates WHERE gallery = ?1", error);

  if (del == NULL)
    return FALSE;
  pd_store_tx_notify_site (tx, "faces", gallery);   /* the site's other daemons reload it */
  _pd_bind_text (del, 1, gallery);
  if (subject != NULL)
    _pd_bind_text (del, 2, subject);
  if (!_pd_store_step_done (tx, del, error))
    return FALSE;
  *found = _pd_store_changes (tx) > 0;
  return TRUE;
}

gboolean
pd_store_face_put (PdStoreTx    *tx,
                   const char   *gallery,
                   const char   *subject,
                   const float  *tmpl,
                   gint64        now,
                   gint64       *out_id,
                   GError      **error)
{
  g_autoptr(PdStmt) ins = NULL;
  gboolean replaced;

  if (!delete_template (tx, gallery, subject, &replaced, error))
    return FALSE;
  ins = _pd_store_prepare (tx, "INSERT INTO face_templates (gallery, subject, template, created_at) "
                               "VALUES (?1, ?2, ?3, ?4)", error);
  if (ins == NULL)
    return FALSE;
  _pd_bind_text (ins, 1, gallery);
  _pd_bind_text (ins, 2, subject);
  pd_stmt_bind_blob (ins, 3, tmpl, TEMPLATE_BYTES);
  pd_stmt_bind_int64 (ins, 4, now);
  if (!_pd_store_step_done (tx, ins, error))
    return FALSE;
  *out_id = _pd_store_last_id (tx);
  return TRUE;
}

gboolean
pd_store_face_delete (PdStoreTx   *tx,
                      const char  *gallery,
                      const char  *subject,
                      GError     **error)
{
  gboolean found;

  if (!delete_template (tx, gallery, subject, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "Gallery '%s' has no subject '%s'", gallery, subject);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_face_delete_gallery (PdStoreTx   *tx,
                              const char  *gallery,
                              GError     **error)
{
  gboolean found;

  return delete_template (tx, gallery, NULL, &found, error);
}

gboolean
pd_store_face_get (PdStoreTx   *tx,
                   const char  *gallery,
                   const char  *subject,
                   float       *tmpl,
                   GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT template FROM face_templates "
                                                        "WHERE gallery = ?1 AND subject = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _pd_bind_text (stmt, 1, gallery);
  _pd_bind_text (stmt, 2, subject);
  rc = pd_stmt_step (stmt);
  if (rc == PD_ROW && pd_stmt_column_bytes (stmt, 0) == (int) TEMPLATE_BYTES)
    {
      memcpy (tmpl, pd_stmt_column_blob (stmt, 0), TEMPLATE_BYTES);
      return TRUE;
    }
  if (rc == PD_ROW)
    g_set_error (error, PD_ERROR, PD_ERROR_TAMPERED, "The face template of %s in %s has the wrong size", subject, gallery);
  else if (rc == PD_DONE)
    g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "Gallery '%s' has no subject '%s'", gallery, subject);
  else
    _pd_store_set_error (tx, error, "Cannot read a face template");
  return FALSE;
}

void
pd_store_gallery_free (PdStoreGallery *g)
{
  if (g == NULL)
    return;
  g_free (g->gallery);
  g_array_unref (g->ids);
  g_ptr_array_unref (g->subjects);
  g_array_unref (g->templates);
  g_free (g);
}

GPtrArray *
pd_store_face_load (PdStoreTx   *tx,
                    const char  *only,
                    GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_store_gallery_free);
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, only != NULL ?
                                              "SELECT gallery, id, subject, template FROM face_templates "
                                              "WHERE gallery = ?1 ORDER BY id" :
                                              "SELECT gallery, id, subject, template FROM face_templates "
                                              "ORDER BY gallery, id", error);
  PdStoreGallery *g = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (only != NULL)
    _pd_bind_text (stmt, 1, only);
  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    {
      const char *gallery = pd_stmt_column_text (stmt, 0);
      gint64 id = pd_stmt_column_int64 (stmt, 1);

      if (pd_stmt_column_bytes (stmt, 3) != (int) TEMPLATE_BYTES)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_TAMPERED, "Face template %" G_GINT64_FORMAT " has %d bytes, not %d",
                       id, pd_stmt_column_bytes (stmt, 3), (int) TEMPLATE_BYTES);
          return NULL;
        }
      if (g == NULL || g_strcmp0 (g->gallery, gallery) != 0)
        {
          g = g_new0 (PdStoreGallery, 1);
          g->gallery = g_strdup (gallery);
          g->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g->subjects = g_ptr_array_new_with_free_func (g_free);
          g->templates = g_array_new (FALSE, FALSE, sizeof (float));
          g_ptr_array_add (out, g);
        }
      g_array_append_val (g->ids, id);
      g_ptr_array_add (g->subjects, _pd_column_dup (stmt, 2));
      g_array_append_vals (g->templates, pd_stmt_column_blob (stmt, 3), PD_FACE_DESCRIPTOR_DIM);
    }
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "Cannot read the face templates");
      return NULL;
    }
  return g_steal_pointer (&out);
}
