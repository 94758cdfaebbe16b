/* pd-store-face.h: face templates (never photos) by gallery and subject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-face.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* Stores @subject's template in @gallery, replacing an earlier one; its new
 * id in @out_id. */
gboolean pd_store_face_put    (PdStoreTx    *tx,
                               const char   *gallery,
                               const char   *subject,
                               const float  *tmpl,
                               gint64        now,
                               gint64       *out_id,
                               GError      **error);
/* FALSE with PD_ERROR_NOT_FOUND when there was no such template. */
gboolean pd_store_face_delete (PdStoreTx    *tx,
                               const char   *gallery,
                               const char   *subject,
                               GError      **error);

/* Every template of @gallery. */
gboolean pd_store_face_delete_gallery (PdStoreTx *tx,
                               const char   *gallery,
                               GError      **error);
/* @subject's template in @gallery; FALSE with PD_ERROR_NOT_FOUND when none. */
gboolean pd_store_face_get    (PdStoreTx    *tx,
                               const char   *gallery,
                               const char   *subject,
                               float        *tmpl,
                               GError      **error);

/* One gallery's templates, as pd_galleries_replace takes them. */
typedef struct {
  char   *gallery;
  GArray *ids;         /* gint64 */
  GPtrArray *subjects; /* char * */
  GArray *templates;   /* float, PD_FACE_DESCRIPTOR_DIM a row */
} PdStoreGallery;

void     pd_store_gallery_free (PdStoreGallery *g);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdStoreGallery, pd_store_gallery_free)

/* Every gallery's templates (PdStoreGallery), in gallery order. */
/* Every gallery, or @only that one (none when it is empty). */
GPtrArray *pd_store_face_load (PdStoreTx    *tx,
                               const char   *only,
                               GError      **error);

G_END_DECLS
