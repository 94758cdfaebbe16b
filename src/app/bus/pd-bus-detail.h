/* pd-bus-detail.h: one expected bus: the company, the bus and its
 * registration, the trip, the contact, its passengers with their document
 * checks, and Mark as Arrived
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

/* The words for the service's names (translated). */
const char  *pd_bus_registration_label (const char *status);
const char  *pd_bus_document_label     (const char *doc_type);

#define PD_TYPE_BUS_DETAIL (pd_bus_detail_get_type ())
G_DECLARE_FINAL_TYPE (PdBusDetail, pd_bus_detail, PD, BUS_DETAIL, AdwBin)

GtkWidget   *pd_bus_detail_new            (PdServiceClient *client);
/* Shows the manifest @ref (loads it) or nothing for NULL. */
void         pd_bus_detail_show_ref       (PdBusDetail     *self,
                                           const char      *ref);
const char  *pd_bus_detail_get_ref        (PdBusDetail     *self);
void         pd_bus_detail_reload         (PdBusDetail     *self);
/* POST .../arrive (what the Mark as Arrived button does); a refusal in
 * pd_bus_detail_get_error, as the service words it; ::changed follows
 * when the service took it. */
void         pd_bus_detail_arrive         (PdBusDetail     *self);

/* State, for the view and for tests. */
gboolean     pd_bus_detail_get_busy       (PdBusDetail     *self);
const char  *pd_bus_detail_get_error      (PdBusDetail     *self);
/* The manifest shown as the service sent it (NULL until loaded). */
JsonObject  *pd_bus_detail_get_manifest   (PdBusDetail     *self);
/* Whether Mark as Arrived may be pressed (loaded, not arrived yet). */
gboolean     pd_bus_detail_get_can_arrive (PdBusDetail     *self);
/* The arrival as shown ("—" before it), and the passengers' table. */
const char  *pd_bus_detail_get_arrival    (PdBusDetail     *self);
PdTableView *pd_bus_detail_get_passengers (PdBusDetail     *self);

G_END_DECLS
