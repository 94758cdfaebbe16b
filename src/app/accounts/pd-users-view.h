/* pd-users-view.h: the administrator's Users view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

GtkWidget *pd_users_view_new (PdServiceClient *client);

G_END_DECLS
