/* pd-watchlist-view.h: the passenger analyst's TVS watch list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

#define PD_TYPE_WATCHLIST_VIEW (pd_watchlist_view_get_type ())
G_DECLARE_FINAL_TYPE (PdWatchlistView, pd_watchlist_view, PD, WATCHLIST_VIEW, AdwBin)

GtkWidget   *pd_watchlist_view_new         (PdServiceClient *client);
/* Validates (or withdraws) the selected record's entry with @reason, as the
 * buttons do; the service's answer in pd_watchlist_view_get_message. */
void         pd_watchlist_view_set         (PdWatchlistView *self,
                                            gboolean         validate,
                                            const char      *reason);
PdTableView *pd_watchlist_view_get_table   (PdWatchlistView *self);
const char  *pd_watchlist_view_get_message (PdWatchlistView *self);

G_END_DECLS
