/* pd-watchlist-view.h: the passenger analyst's TVS watch list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-service-client.h"

G_BEGIN_DECLS

/* a PdActionTableView: validate (it alerts) or withdraw, with a reason */
GtkWidget *pd_watchlist_view_new (PdServiceClient *client);

G_END_DECLS
