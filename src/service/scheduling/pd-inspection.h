/* pd-inspection.h: inspection requests of the Scheduling Dashboard: records,
 * the status workflow, SLA targets and field checks (no storage, no HTTP)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "pd-scheduling.h"

G_BEGIN_DECLS

/* Who moves a request: an officer of the port, or its requester. */
typedef enum {
  PD_INSP_BY_OFFICER   = 1 << 0,
  PD_INSP_BY_REQUESTER = 1 << 1,
} PdInspActor;

/* A commodity's quantity, in its unit: from a gram (0.001 kg) up. */
#define PD_QUANTITY_MIN 0.001
#define PD_QUANTITY_MAX 1e9

typedef struct {
  char   *description;
  char   *category;       /* plants, plant_products, animals, ... */
  double  quantity;
  char   *unit;
  char   *origin;         /* ISO 3166 alpha-3 */
} PdCommodity;

typedef struct {
  gint64        id;
  char         *ref;            /* "LAX-000123" */
  PdInspKind    kind;
  char         *port;
  PdInspStatus  status;
  char         *requester_key;  /* API key id of the requester principal */
  char         *requester_kind; /* broker, carrier, forwarder, traveler */
  char         *company;
  char         *importer_id;
  char         *contact_name;
  char         *contact_email;
  char         *contact_phone;
  char         *vessel_name;
  char         *vessel_imo;
  char         *vessel_voyage;
  char         *vessel_berth;
  gint64        window_start;
  gint64        window_end;
  gboolean      perishable;
  char         *notes;
  gint64        slot_start;     /* 0 until scheduled */
  gint64        slot_end;
  char         *inspector;      /* username, NULL until assigned */
  gint64        submitted_at;
  gint64        decided_at;     /* accepted or rejected */
  gint64        arrived_at;
  gint64        started_at;
  gint64        finished_at;    /* completed, cancelled, no-show */
  char         *reason_code;    /* of the last rejection or reschedule */
  gint64        updated_at;
  gint64        unread;         /* chat messages the viewer has not read */
  GPtrArray    *commodities;    /* PdCommodity* */
  /* the list's rows form (PdInspFilter.rows) instead of the commodities */
  char         *first_commodity;
  gint64        n_commodities;
  char         *search_text;    /* lowered, as the text filter matches */
} PdInspection;

typedef struct {
  gint64        id;
  gint64        at;
  char         *actor;
  char         *actor_role;
  char         *from_status;
  char         *to_status;
  char         *reason_code;
  char         *reason;
} PdInspEvent;

typedef struct {
  gint64  id;
  gint64  at;
  char   *side;      /* "officer" or "requester" */
  char   *sender;
  char   *body;
} PdChatMessage;

/* Which requests a chat belongs to: the request chat of the scheduling
 * flow serves landing-rights requests too. */
typedef enum {
  PD_CHAT_INSPECTION,
  PD_CHAT_LANDING,
} PdChatKind;

typedef struct {
  const char *port;
  const char *ref;          /* one request only, NULL = any */
  gint        status;       /* -1 = any */
  gint        kind;         /* -1 = any */
  gint64      from;         /* window_start >= from, 0 = any */
  gint64      to;           /* window_start <  to,   0 = any */
  const char *text;         /* ref, company, contact, commodity */
  gboolean    late_only;
  const char *requester_key;
  const char *sort;         /* requested, -requested, kind, status, port, requester, sla, updated */
  guint       offset;
  guint       limit;
  gint64      now;
  gboolean    rows;         /* what the list shows: no commodities, the first
                             * one's description, their count, the search text */
} PdInspFilter;

/* Decision (submission -> accept/reject) and inspection (arrival -> start) targets. */
typedef struct {
  gint64 decision_us;
  gint64 inspection_us;
} PdSlaTargets;

gboolean      pd_insp_status_is_final    (PdInspStatus  status);
/* Whether @actor may move a request from @from to @to. */
/* The statuses @actor may move a request in @from to: bit 1 << status each. */
guint         pd_insp_moves              (PdInspStatus  from,
                                          PdInspActor   actor);
gboolean      pd_insp_transition_allowed (PdInspStatus  from,
                                          PdInspStatus  to,
                                          PdInspActor   actor);
PdSlaTargets  pd_insp_sla_targets        (PdInspKind    kind,
                                          gboolean      perishable);
gboolean      pd_insp_is_late            (const PdInspection *insp,
                                          gint64        now);

gboolean      pd_imo_number_valid        (const char   *imo);
gboolean      pd_country_code_valid      (const char   *code);
gboolean      pd_commodity_category_valid (const char  *category);
gboolean      pd_commodity_unit_valid    (const char   *unit);
gboolean      pd_reason_code_valid       (const char   *code);
gboolean      pd_email_valid             (const char   *email);

void          pd_commodity_free          (PdCommodity   *c);
void          pd_inspection_free         (PdInspection  *insp);
void          pd_insp_event_free         (PdInspEvent   *ev);
void          pd_chat_message_free       (PdChatMessage *msg);
/* @m as the object the API answers and events carry ("ref" when not NULL). */
void          pd_chat_message_add_json   (JsonBuilder         *b,
                                          const char          *ref,
                                          const PdChatMessage *m);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdInspection, pd_inspection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdChatMessage, pd_chat_message_free)

G_END_DECLS
