/* pd-alerts-view.h: the CBP officer's TVS Alerts and flight board
 *
 * Alerts: the port's open alerts (live: a tvs.alert event reloads them),
 * newest first; the one selected beside its detail: where and when, the
 * capture beside the matched traveller's gallery photo and manifest entry
 * (none for a no match), the reminder that a face match alone is never
 * acted on, and the disposition (confirmed, false match, biographic
 * confirmation with the document checked, referred) with its reason, and
 * whether the traveller is a U.S. citizen (the capture is then dropped at
 * once).  "Show disposed" lists the history.  Flights: the port's flights
 * with their galleries (in the gallery, biographic only, out of scope,
 * confirmed).  Gates: the port's gate devices, the ones that stopped
 * reporting shown as silent, and the health each reported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

#define PD_TYPE_ALERTS_VIEW (pd_alerts_view_get_type ())
G_DECLARE_FINAL_TYPE (PdAlertsView, pd_alerts_view, PD, ALERTS_VIEW, AdwBin)

GtkWidget  *pd_alerts_view_new             (PdServiceClient *client);

/* An alert kind as officers read it ("no-match" -> "No match"). */
const char *pd_tvs_alert_kind_label        (const char      *kind);

/* For tests and screenshots: the alerts listed, selecting one (in the
 * order shown), the id of the alert the detail shows (0: none, or still
 * loading), disposing of it as the form would, and the last message the
 * detail showed (an error from the service, or a confirmation). */
guint       pd_alerts_view_get_n_alerts    (PdAlertsView    *self);
gboolean    pd_alerts_view_select          (PdAlertsView    *self,
                                            guint            row);
gint64      pd_alerts_view_get_shown       (PdAlertsView    *self);
void        pd_alerts_view_dispose_alert   (PdAlertsView    *self,
                                            const char      *disposition,
                                            const char      *reason,
                                            gboolean         us_citizen);
const char *pd_alerts_view_get_message     (PdAlertsView    *self);
/* "alerts", "history", "flights" or "gates" */
void        pd_alerts_view_show_page       (PdAlertsView    *self,
                                            const char      *page);

G_END_DECLS
