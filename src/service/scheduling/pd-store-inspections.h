/* pd-store-inspections.h: the Scheduling Dashboard's SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-inspection.h"
#include "pd-store.h"

G_BEGIN_DECLS

gboolean      pd_store_insp_insert      (PdStoreTx          *tx,
                                         PdInspection       *insp,
                                         const PdSlaTargets *sla,
                                         GError            **error);
PdInspection *pd_store_insp_get         (PdStoreTx          *tx,
                                         const char         *ref,
                                         GError            **error);
/* The requester's fields, window, commodities and SLA targets of @insp. */
gboolean      pd_store_insp_amend       (PdStoreTx          *tx,
                                         const PdInspection *insp,
                                         const PdSlaTargets *sla,
                                         GError            **error);
gboolean      pd_store_insp_update      (PdStoreTx          *tx,
                                         const PdInspection *insp,
                                         GError            **error);
/* @reader (chat read markers) and @side fill PdInspection.unread */
GPtrArray    *pd_store_insp_query       (PdStoreTx          *tx,
                                         const PdInspFilter *filter,
                                         const char         *reader,
                                         const char         *side,
                                         gint64             *out_total,
                                         GError            **error);
gint64        pd_store_insp_slot_load   (PdStoreTx          *tx,
                                         const char         *port,
                                         gint64              slot_start,
                                         gint64              exclude_id);
gboolean      pd_store_insp_history_add (PdStoreTx          *tx,
                                         gint64              request_id,
                                         PdInspEvent        *ev,
                                         GError            **error);
GPtrArray    *pd_store_insp_history     (PdStoreTx          *tx,
                                         gint64              request_id,
                                         GError            **error);
/* A request's chat (the kind says which requests: inspections, landing rights). */
gboolean      pd_store_chat_add         (PdStoreTx          *tx,
                                         PdChatKind          kind,
                                         gint64              request_id,
                                         PdChatMessage      *msg,
                                         GError            **error);
GPtrArray    *pd_store_chat_list        (PdStoreTx          *tx,
                                         PdChatKind          kind,
                                         gint64              request_id,
                                         GError            **error);
gboolean      pd_store_chat_mark_read   (PdStoreTx          *tx,
                                         PdChatKind          kind,
                                         gint64              request_id,
                                         const char         *reader,
                                         gint64              last_id,
                                         GError            **error);
gint64        pd_store_chat_last_read   (PdStoreTx          *tx,
                                         PdChatKind          kind,
                                         gint64              request_id,
                                         const char         *reader);

G_END_DECLS
