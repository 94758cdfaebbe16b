/* pd-scheduling.h: the Scheduling Dashboard's words, the same for service,
 * app and CLI: request statuses and kinds as the API spells them, and who
 * takes part (officer roles, requester principal kinds)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pd-role.h"

G_BEGIN_DECLS

/* in workflow order */
typedef enum {
  PD_INSP_SUBMITTED,
  PD_INSP_ACCEPTED,
  PD_INSP_SCHEDULED,
  PD_INSP_RESCHEDULED,
  PD_INSP_ARRIVED,
  PD_INSP_IN_PROGRESS,
  PD_INSP_COMPLETED,
  PD_INSP_REJECTED,
  PD_INSP_CANCELLED,
  PD_INSP_NO_SHOW,
  PD_INSP_N_STATUS
} PdInspStatus;

typedef enum {
  PD_INSP_PERSONAL_GOODS,
  PD_INSP_CARGO,
  PD_INSP_VESSEL,
  PD_INSP_N_KIND
} PdInspKind;

/* The officers of a port who work its requests, and who may submit them. */
#define PD_ROLES_SCHEDULING     (PD_ROLE_BIT (PD_ROLE_AG_SPECIALIST) | PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | \
                                 PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR))
#define PD_PRINCIPALS_REQUESTERS (PD_PRINCIPAL_BIT (PD_PRINCIPAL_BROKER) | PD_PRINCIPAL_BIT (PD_PRINCIPAL_CARRIER) | \
                                  PD_PRINCIPAL_BIT (PD_PRINCIPAL_FORWARDER) | PD_PRINCIPAL_BIT (PD_PRINCIPAL_TRAVELER))

const char   *pd_insp_status_to_string   (PdInspStatus  status);
gboolean      pd_insp_status_from_string (const char   *s,
                                          PdInspStatus *out);
const char   *pd_insp_kind_to_string     (PdInspKind    kind);
gboolean      pd_insp_kind_from_string   (const char   *s,
                                          PdInspKind   *out);

/* The reasons an officer gives for a rejection or a reschedule,
 * NULL-terminated. */
const char * const *pd_insp_reason_codes (void);

/* The rows form of the inspection list (GET /v1/inspections?form=rows): its
 * "fields", in this order.  Times are unix seconds; the SLA clock is the
 * one running (the decision until decided, the inspection once the goods
 * arrived), null when none. */
typedef enum {
  PD_INSP_ROW_REF,
  PD_INSP_ROW_KIND,
  PD_INSP_ROW_PORT,
  PD_INSP_ROW_STATUS,
  PD_INSP_ROW_REQUESTER,
  PD_INSP_ROW_COMMODITY,
  PD_INSP_ROW_COMMODITIES,
  PD_INSP_ROW_WINDOW_START,
  PD_INSP_ROW_SLOT_START,
  PD_INSP_ROW_SLOT_END,
  PD_INSP_ROW_PERISHABLE,
  PD_INSP_ROW_LATE,
  PD_INSP_ROW_SLA_TARGET,
  PD_INSP_ROW_SLA_MINUTES,
  PD_INSP_ROW_UNREAD,
  PD_INSP_ROW_SEARCH_TEXT,
  PD_INSP_N_ROW_FIELDS
} PdInspRowField;

/* Their names, NULL-terminated. */
const char * const *pd_insp_row_fields (void);

G_END_DECLS
