/* pd-scheduling-view.h: the Scheduling Dashboard
 *
 * Every inspection request of the officer's port in a GtkColumnView:
 * GListStore (filled by a PdListLoader from the list's rows form) ->
 * GtkSortListModel (the column view's sorter) -> GtkFilterListModel
 * (search, status, kind, late) -> GtkSingleSelection.  A day queue of the
 * scheduled slots; under the list the detail pane with the moves and the
 * chat beside it.  Live events update rows in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-inspection-detail.h"
#include "pd-inspection-object.h"
#include "pd-service-client.h"
#include "pd-view.h"

G_BEGIN_DECLS

#define PD_TYPE_SCHEDULING_VIEW (pd_scheduling_view_get_type ())
G_DECLARE_FINAL_TYPE (PdSchedulingView, pd_scheduling_view, PD, SCHEDULING_VIEW, AdwBin)

PdSchedulingView   *pd_scheduling_view_new            (PdServiceClient  *client);
void                pd_scheduling_view_reload         (PdSchedulingView *self);
/* TRUE while pages load or the filter/sort models still work. */
gboolean            pd_scheduling_view_get_loading    (PdSchedulingView *self);
const char         *pd_scheduling_view_get_error      (PdSchedulingView *self);
/* Rows loaded / rows shown after the filter. */
guint               pd_scheduling_view_get_n_rows     (PdSchedulingView *self);
guint               pd_scheduling_view_get_n_shown    (PdSchedulingView *self);
/* The shown (filtered, sorted) model. */
GListModel         *pd_scheduling_view_get_model      (PdSchedulingView *self);
PdInspectionObject *pd_scheduling_view_lookup         (PdSchedulingView *self,
                                                       const char       *ref);
/* Filters as the filter bar sets them; status may also be "open" (or NULL: all). */
void                pd_scheduling_view_set_search     (PdSchedulingView *self,
                                                       const char       *text);
void                pd_scheduling_view_set_status_filter (PdSchedulingView *self,
                                                       const char       *status);
void                pd_scheduling_view_set_kind_filter (PdSchedulingView *self,
                                                       const char       *kind);
void                pd_scheduling_view_set_late_only  (PdSchedulingView *self,
                                                       gboolean          late_only);
/* Selects @ref in the list (clearing filters that hide it) and opens it. */
gboolean            pd_scheduling_view_select_ref     (PdSchedulingView *self,
                                                       const char       *ref);
PdInspectionDetail *pd_scheduling_view_get_detail     (PdSchedulingView *self);
/* Shows the day queue (TRUE) or the list. */
void                pd_scheduling_view_show_day_queue (PdSchedulingView *self,
                                                       gboolean          day);
guint               pd_scheduling_view_get_n_day      (PdSchedulingView *self);

/* Replaces the rows with those of @page (a page of the list's rows form)
 * the way a load from the service does: rows built in a worker, spliced
 * in batches, sorted and filtered (bench/app-dashboard feeds it more rows
 * than a port has). */
void                pd_scheduling_view_load_page      (PdSchedulingView *self,
                                                       JsonNode         *page);

/* The last load (ms): from the start to the last page in, the workers'
 * time parsing pages and building rows, and the main thread's time adding
 * them to the models until they settled. */
void                pd_scheduling_view_get_load_timing (PdSchedulingView *self,
                                                       double           *fetch_ms,
                                                       double           *build_ms,
                                                       double           *model_ms);

G_END_DECLS
