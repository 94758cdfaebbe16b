/* pd-access-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

GtkWidget *pd_access_view_new (PdServiceClient *client);

G_END_DECLS
