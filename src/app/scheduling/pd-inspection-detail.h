/* pd-inspection-detail.h: one inspection request, its history, the moves
 * the officer may make and the chat with the requester
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

#define PD_TYPE_INSPECTION_DETAIL (pd_inspection_detail_get_type ())
G_DECLARE_FINAL_TYPE (PdInspectionDetail, pd_inspection_detail, PD, INSPECTION_DETAIL, AdwBin)

void        pd_inspection_detail_set_client     (PdInspectionDetail *self,
                                                 PdServiceClient    *client);
/* Shows @ref (loads it) or nothing for NULL. */
void        pd_inspection_detail_show_ref       (PdInspectionDetail *self,
                                                 const char         *ref);
const char *pd_inspection_detail_get_ref        (PdInspectionDetail *self);
void        pd_inspection_detail_reload         (PdInspectionDetail *self);

/* The moves behind the buttons (the dialogs end here). */
void        pd_inspection_detail_transition     (PdInspectionDetail *self,
                                                 const char         *to,
                                                 const char         *reason_code,
                                                 const char         *reason,
                                                 const char         *slot_start,
                                                 const char         *inspector);
void        pd_inspection_detail_send_message   (PdInspectionDetail *self,
                                                 const char         *text);
void        pd_inspection_detail_focus_chat     (PdInspectionDetail *self);

/* State, for the view and for tests. */
gboolean    pd_inspection_detail_get_busy       (PdInspectionDetail *self);
const char *pd_inspection_detail_get_status     (PdInspectionDetail *self);
const char *pd_inspection_detail_get_error      (PdInspectionDetail *self);
guint       pd_inspection_detail_get_n_messages (PdInspectionDetail *self);
/* "side: body" of message @i as shown */
char       *pd_inspection_detail_dup_message    (PdInspectionDetail *self,
                                                 guint               i);
guint       pd_inspection_detail_get_n_history  (PdInspectionDetail *self);
/* The first slot the schedule dialog offers (ISO 8601), or NULL. */
char       *pd_inspection_detail_dup_first_slot (PdInspectionDetail *self);

G_END_DECLS
