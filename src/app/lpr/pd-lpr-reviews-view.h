/* pd-lpr-reviews-view.h: management's quarterly review of the LPR displays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-service-client.h"

G_BEGIN_DECLS

/* a PdActionTableView: sign the selected display off for this quarter, with a note */
GtkWidget *pd_lpr_reviews_view_new (PdServiceClient *client);

G_END_DECLS
