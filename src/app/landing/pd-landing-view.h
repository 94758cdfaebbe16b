/* pd-landing-view.h: the port's landing-rights requests (officers and the
 * port director): the queue, a request's detail, the schedule of approved
 * flights
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-landing-detail.h"
#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

#define PD_TYPE_LANDING_VIEW (pd_landing_view_get_type ())
G_DECLARE_FINAL_TYPE (PdLandingView, pd_landing_view, PD, LANDING_VIEW, AdwBin)

GtkWidget       *pd_landing_view_new          (PdServiceClient *client);
/* "requests", "schedule" */
void             pd_landing_view_show_page    (PdLandingView   *self,
                                               const char      *page);
/* The queue: open requests only (submitted), or all of them. */
void             pd_landing_view_set_open_only (PdLandingView  *self,
                                                gboolean        open_only);
/* Selects the queue's row of @ref (and so shows it); FALSE when not listed. */
gboolean         pd_landing_view_select_ref   (PdLandingView   *self,
                                               const char      *ref);
/* The schedule from @date (YYYY-MM-DD; NULL: today), a day or a week. */
void             pd_landing_view_set_schedule (PdLandingView   *self,
                                               const char      *date,
                                               gboolean         week);
PdTableView     *pd_landing_view_get_queue    (PdLandingView   *self);
PdTableView     *pd_landing_view_get_schedule (PdLandingView   *self);
PdLandingDetail *pd_landing_view_get_detail   (PdLandingView   *self);
const char      *pd_landing_view_get_message  (PdLandingView   *self);
gboolean         pd_landing_view_get_busy     (PdLandingView   *self);

G_END_DECLS
