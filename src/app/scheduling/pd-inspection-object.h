/* pd-inspection-object.h: one inspection request as a list item
 *
 * One row of the service's rows form of the inspection list, with what the
 * dashboard's cells, sorters and filters look up precomputed as
 * properties.  An update from the service changes the object in place and
 * notifies only what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-list-loader.h"

G_BEGIN_DECLS

#define PD_TYPE_INSPECTION_OBJECT (pd_inspection_object_get_type ())
G_DECLARE_FINAL_TYPE (PdInspectionObject, pd_inspection_object, PD, INSPECTION_OBJECT, GObject)

/* Any thread: the row for @row (a row of the list's rows form, read with
 * pd_insp_row_fields(), pd-scheduling.h), NULL
 * when it has no ref. */
PdInspectionObject *pd_inspection_object_new_from_row   (const PdListRow    *row);
/* Takes @fresh's values; returns TRUE when something the dashboard
 * filters or sorts on changed. */
gboolean            pd_inspection_object_update         (PdInspectionObject *self,
                                                         PdInspectionObject *fresh);
const char         *pd_inspection_object_get_ref        (PdInspectionObject *self);
const char         *pd_inspection_object_get_status     (PdInspectionObject *self);
const char         *pd_inspection_object_get_port       (PdInspectionObject *self);
const char         *pd_inspection_object_get_kind       (PdInspectionObject *self);
const char         *pd_inspection_object_get_requester  (PdInspectionObject *self);
const char         *pd_inspection_object_get_commodity  (PdInspectionObject *self);
/* ref, company, contact, importer, vessel, commodities: normalized and casefolded */
const char         *pd_inspection_object_get_search_text (PdInspectionObject *self);
gint64              pd_inspection_object_get_requested  (PdInspectionObject *self);
gint64              pd_inspection_object_get_slot_start (PdInspectionObject *self);
gboolean            pd_inspection_object_get_late       (PdInspectionObject *self);
gboolean            pd_inspection_object_get_perishable (PdInspectionObject *self);
gboolean            pd_inspection_object_get_is_open    (PdInspectionObject *self);
int                 pd_inspection_object_get_unread     (PdInspectionObject *self);
void                pd_inspection_object_set_unread     (PdInspectionObject *self,
                                                         int                 unread);

/* What a column sorts by: the rows' precomputed keys, compared in C
 * (strings by collation, the keys made once per row when first asked). */
typedef enum {
  PD_INSPECTION_SORT_REQUESTED,
  PD_INSPECTION_SORT_REF,
  PD_INSPECTION_SORT_KIND,
  PD_INSPECTION_SORT_REQUESTER,
  PD_INSPECTION_SORT_COMMODITY,
  PD_INSPECTION_SORT_PORT,
  PD_INSPECTION_SORT_STATUS,
  PD_INSPECTION_SORT_SLA,
  PD_INSPECTION_SORT_SLOT,
} PdInspectionSort;

GtkSorter          *pd_inspection_sorter_new            (PdInspectionSort    key);

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
