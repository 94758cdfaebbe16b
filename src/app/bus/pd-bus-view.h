/* pd-bus-view.h: a land port's expected buses (officers and the port
 * director): the buses of a day or a week, a bus's detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-bus-detail.h"
#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

#define PD_TYPE_BUS_VIEW (pd_bus_view_get_type ())
G_DECLARE_FINAL_TYPE (PdBusView, pd_bus_view, PD, BUS_VIEW, AdwBin)

GtkWidget   *pd_bus_view_new         (PdServiceClient *client);
/* The buses from @date (YYYY-MM-DD; NULL: today), a day or a week. */
void         pd_bus_view_set_date    (PdBusView       *self,
                                      const char      *date,
                                      gboolean         week);
/* Selects the row of manifest @ref (and so shows it); FALSE when not listed. */
gboolean     pd_bus_view_select_ref  (PdBusView       *self,
                                      const char      *ref);
PdTableView *pd_bus_view_get_table   (PdBusView       *self);
PdBusDetail *pd_bus_view_get_detail  (PdBusView       *self);
const char  *pd_bus_view_get_message (PdBusView       *self);
gboolean     pd_bus_view_get_busy    (PdBusView       *self);

G_END_DECLS
