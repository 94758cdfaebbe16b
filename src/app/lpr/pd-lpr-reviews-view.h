/* pd-lpr-reviews-view.h: management's quarterly review of the LPR displays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

#define PD_TYPE_LPR_REVIEWS_VIEW (pd_lpr_reviews_view_get_type ())
G_DECLARE_FINAL_TYPE (PdLprReviewsView, pd_lpr_reviews_view, PD, LPR_REVIEWS_VIEW, AdwBin)

GtkWidget   *pd_lpr_reviews_view_new         (PdServiceClient  *client);
/* Signs the selected display off for this quarter, as the button does. */
void         pd_lpr_reviews_view_sign        (PdLprReviewsView *self,
                                              const char       *note);
PdTableView *pd_lpr_reviews_view_get_table   (PdLprReviewsView *self);
/* the service's answer to the last sign-off (NULL while it is pending) */
const char  *pd_lpr_reviews_view_get_message (PdLprReviewsView *self);

G_END_DECLS
