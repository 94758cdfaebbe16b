/* pd-inspection-object.h: one inspection request as a list item
 *
 * Wraps the service's inspection JSON and exposes what the dashboard's
 * cells, sorters and filters look up as properties.  An update from the
 * service changes the object in place and notifies only what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PD_TYPE_INSPECTION_OBJECT (pd_inspection_object_get_type ())
G_DECLARE_FINAL_TYPE (PdInspectionObject, pd_inspection_object, PD, INSPECTION_OBJECT, GObject)

PdInspectionObject *pd_inspection_object_new            (JsonObject         *json);
/* Replaces the data (nothing when @json has no ref); returns TRUE when
 * something the dashboard filters or sorts on changed. */
gboolean            pd_inspection_object_update         (PdInspectionObject *self,
                                                         JsonObject         *json);
JsonObject         *pd_inspection_object_get_json       (PdInspectionObject *self);
const char         *pd_inspection_object_get_ref        (PdInspectionObject *self);
const char         *pd_inspection_object_get_status     (PdInspectionObject *self);
const char         *pd_inspection_object_get_kind       (PdInspectionObject *self);
const char         *pd_inspection_object_get_requester  (PdInspectionObject *self);
const char         *pd_inspection_object_get_commodity  (PdInspectionObject *self);
/* ref, requester, contact, importer, vessel, commodities: normalized and casefolded */
const char         *pd_inspection_object_get_search_text (PdInspectionObject *self);
gint64              pd_inspection_object_get_requested  (PdInspectionObject *self);
gint64              pd_inspection_object_get_slot_start (PdInspectionObject *self);
gboolean            pd_inspection_object_get_late       (PdInspectionObject *self);
gboolean            pd_inspection_object_get_perishable (PdInspectionObject *self);
gboolean            pd_inspection_object_get_is_open    (PdInspectionObject *self);
int                 pd_inspection_object_get_unread     (PdInspectionObject *self);
void                pd_inspection_object_set_unread     (PdInspectionObject *self,
                                                         int                 unread);

/* Normalized and casefolded, as the search compares (free with g_free). */
char               *pd_inspection_fold                  (const char         *text);

/* Display helpers shared with the detail pane. */
const char         *pd_inspection_status_label          (const char         *status);
const char         *pd_inspection_kind_label            (const char         *kind);
const char         *pd_inspection_reason_label          (const char         *code);

/* ISO 8601 -> local "Mon 23 Nov 14:00" (@with_day) or "14:00"; "—" for NULL. */
char               *pd_inspection_format_time           (const char         *iso,
                                                         gboolean            with_day);
/* ISO 8601 -> unix seconds, 0 for NULL or unparsable. */
gint64              pd_inspection_parse_time            (const char         *iso);

G_END_DECLS
