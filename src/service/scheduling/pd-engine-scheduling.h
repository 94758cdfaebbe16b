/* pd-engine-scheduling.h: the Scheduling Dashboard's rules (engine side)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-inspection.h"

G_BEGIN_DECLS

typedef struct {
  PdInspStatus  to;
  const char   *reason_code;  /* rejections and reschedules */
  const char   *reason;       /* free text, optional */
  gint64        slot_start;   /* scheduled, rescheduled */
  const char   *inspector;    /* scheduled, rescheduled: optional */
} PdInspTransition;

PdInspection  *pd_engine_insp_submit     (PdEngine     *self,
                                          PdCaller     *caller,
                                          PdInspection *draft,      /* takes */
                                          GError      **error);
GPtrArray     *pd_engine_insp_query      (PdEngine     *self,
                                          PdCaller     *caller,
                                          PdInspFilter *filter,
                                          gint64       *out_total,
                                          GError      **error);
/* A slot an inspection may be scheduled in, and how many more it takes. */
typedef struct {
  gint64 start;
  gint64 end;
  guint  free;
} PdInspSlot;

/* What the caller may do with a request now: the service's rules, so that
 * no client needs a copy of them. */
typedef struct {
  guint     moves;        /* 1 << PdInspStatus for each status it may be moved to */
  gboolean  can_assign;
  GArray   *slots;        /* PdInspSlot: free slots, when it may be (re)scheduled */
} PdInspAllowed;

void           pd_insp_allowed_clear     (PdInspAllowed *allowed);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdInspAllowed, pd_insp_allowed_clear)

PdInspection  *pd_engine_insp_get        (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *ref,
                                          GPtrArray   **out_history,
                                          GPtrArray   **out_chat,
                                          PdInspAllowed *out_allowed,
                                          GError      **error);
/* The free slots of @ref's requested window (officers of its port), and
 * the slot length in force. */
GArray        *pd_engine_insp_slots      (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *ref,
                                          guint        *out_slot_minutes,
                                          GError      **error);
PdInspection  *pd_engine_insp_transition (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *ref,
                                          const PdInspTransition *transition,
                                          GError      **error);
PdInspection  *pd_engine_insp_ask_reschedule (PdEngine *self,
                                          PdCaller     *caller,
                                          const char   *ref,
                                          gint64        window_start,
                                          gint64        window_end,
                                          const char   *reason,
                                          GError      **error);
PdInspection  *pd_engine_insp_amend      (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *ref,
                                          PdInspection *draft,      /* takes */
                                          GError      **error);
PdInspection  *pd_engine_insp_assign     (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *ref,
                                          const char   *inspector,
                                          GError      **error);
PdChatMessage *pd_engine_chat_post       (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *ref,
                                          const char   *body,
                                          GError      **error);
gboolean       pd_engine_chat_read       (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *ref,
                                          gint64        last_id,
                                          GError      **error);

/* The request chat, shared by the flows whose requests have one (the
 * scheduling flow's inspections, landing-rights requests). */
gboolean       _pd_chat_text_check      (const char   *body,
                                         GError      **error);
/* Who reads on that side: the officer's user name or the API key's id. */
const char    *_pd_chat_reader          (PdCaller     *caller,
                                         gboolean      officer);
/* Messages of @chat from the other side that the caller has not read. */
gint64         _pd_chat_unread          (PdStoreTx    *tx,
                                         PdChatKind    kind,
                                         gint64        request_id,
                                         PdCaller     *caller,
                                         gboolean      officer,
                                         GPtrArray    *chat);
/* Stores @body (checked with _pd_chat_text_check) as the caller's on the
 * officer or requester side in @tx, marks it read for its writer and
 * audits @action on @ref (who wrote when, never the text). */
PdChatMessage *_pd_engine_chat_add      (PdEngine     *self,
                                         PdStoreTx    *tx,
                                         PdCaller     *caller,
                                         PdChatKind    kind,
                                         gint64        request_id,
                                         gboolean      officer,
                                         const char   *action,
                                         const char   *ref,
                                         const char   *body,
                                         GError      **error);
/* The event payload of a new message. */
JsonNode      *_pd_chat_payload         (const char          *ref,
                                         const PdChatMessage *msg);

G_END_DECLS
