/* pd-apikeys-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

GtkWidget *pd_apikeys_view_new (PdServiceClient *client);

/* Presents the New API Key dialog over @view (as its button does). */
void       pd_apikeys_view_present_create (GtkWidget *view);

G_END_DECLS
