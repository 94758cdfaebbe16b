/* pd-tvs-report-view.h: the Reports view: TVS match rate and capture rate
 *
 * A range of departure days and a grouping (port, airport, terminal, gate,
 * flight, airline, citizenship, age band, sex), then a chart drawn with
 * GTK (two bars a group: match rate and capture rate, so that a capture
 * rate below the match rate shows at a glance) and the figures beneath it
 * (expected, photographed, matched, confirmed, the exceptions, response
 * times).  Aggregates only, never a person.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

#define PD_TYPE_TVS_REPORT_VIEW (pd_tvs_report_view_get_type ())
G_DECLARE_FINAL_TYPE (PdTvsReportView, pd_tvs_report_view, PD, TVS_REPORT_VIEW, AdwBin)

GtkWidget  *pd_tvs_report_view_new        (PdServiceClient *client);
/* Asks for the report of @from to @to (YYYY-MM-DD) by @by. */
void        pd_tvs_report_view_load       (PdTvsReportView *self,
                                           const char      *from,
                                           const char      *to,
                                           const char      *by);
/* The groups shown (without the total); the last error, or NULL (tests). */
guint       pd_tvs_report_view_get_n_groups (PdTvsReportView *self);
const char *pd_tvs_report_view_get_error  (PdTvsReportView *self);
gboolean    pd_tvs_report_view_get_busy   (PdTvsReportView *self);

G_END_DECLS
