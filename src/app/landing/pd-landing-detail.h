/* pd-landing-detail.h: one landing-rights request: the airline and its
 * bond, the decision, the flights, the research (earlier requests;
 * conflicts, duplicates and terminal load per flight), the history, the
 * recommendation and decision, and the chat with the air operator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "pd-chat-pane.h"
#include "pd-service-client.h"

G_BEGIN_DECLS

/* The words for the service's names (translated). */
const char *pd_landing_status_label (const char *status);
const char *pd_landing_choice_label (const char *choice);
const char *pd_landing_type_label   (const char *type);
/* An ISO 8601 time as local "Fri 13 Mar 06:00" (free with g_free). */
char       *pd_landing_format_time  (const char *iso);

#define PD_TYPE_LANDING_DETAIL (pd_landing_detail_get_type ())
G_DECLARE_FINAL_TYPE (PdLandingDetail, pd_landing_detail, PD, LANDING_DETAIL, AdwBin)

GtkWidget  *pd_landing_detail_new            (PdServiceClient *client);
/* Shows @ref (loads it and its research) or nothing for NULL. */
void        pd_landing_detail_show_ref       (PdLandingDetail *self,
                                              const char      *ref);
const char *pd_landing_detail_get_ref        (PdLandingDetail *self);
void        pd_landing_detail_reload         (PdLandingDetail *self);

/* What the dialogs end in: POST .../recommend or .../decide (the
 * service's refusal in pd_landing_detail_get_error); ::changed follows
 * when the service took it. */
void        pd_landing_detail_recommend      (PdLandingDetail *self,
                                              const char      *recommendation,
                                              const char      *reason);
void        pd_landing_detail_decide         (PdLandingDetail *self,
                                              const char      *decision,
                                              const char      *reason,
                                              const char      *conditions);
PdChatPane *pd_landing_detail_get_chat       (PdLandingDetail *self);

/* State, for the view and for tests. */
gboolean    pd_landing_detail_get_busy       (PdLandingDetail *self);
const char *pd_landing_detail_get_status     (PdLandingDetail *self);
const char *pd_landing_detail_get_error      (PdLandingDetail *self);
gboolean    pd_landing_detail_get_can_decide (PdLandingDetail *self);
guint       pd_landing_detail_get_n_flights  (PdLandingDetail *self);
guint       pd_landing_detail_get_n_history  (PdLandingDetail *self);
/* the research loaded for the shown request: earlier requests, flights
 * checked, and those over the terminal's capacity */
gboolean    pd_landing_detail_get_research_loaded (PdLandingDetail *self);
guint       pd_landing_detail_get_n_earlier  (PdLandingDetail *self);
guint       pd_landing_detail_get_n_checked  (PdLandingDetail *self);
guint       pd_landing_detail_get_n_over_capacity (PdLandingDetail *self);

G_END_DECLS
