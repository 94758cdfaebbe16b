/* pd-scheduling.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-scheduling"

#include "pd-scheduling.h"

static const char * const status_names[PD_INSP_N_STATUS] = {
  [PD_INSP_SUBMITTED]   = "submitted",
  [PD_INSP_ACCEPTED]    = "accepted",
  [PD_INSP_SCHEDULED]   = "scheduled",
  [PD_INSP_RESCHEDULED] = "rescheduled",
  [PD_INSP_ARRIVED]     = "arrived",
  [PD_INSP_IN_PROGRESS] = "in_progress",
  [PD_INSP_COMPLETED]   = "completed",
  [PD_INSP_REJECTED]    = "rejected",
  [PD_INSP_CANCELLED]   = "cancelled",
  [PD_INSP_NO_SHOW]     = "no_show",
};

static const char * const kind_names[PD_INSP_N_KIND] = {
  [PD_INSP_PERSONAL_GOODS] = "personal_goods",
  [PD_INSP_CARGO]          = "cargo",
  [PD_INSP_VESSEL]         = "commercial_vessel",
};

const char *
pd_insp_status_to_string (PdInspStatus status)
{
  g_return_val_if_fail (status < PD_INSP_N_STATUS, "submitted");
  return status_names[status];
}

gboolean
pd_insp_status_from_string (const char   *s,
                            PdInspStatus *out)
{
  for (guint i = 0; i < PD_INSP_N_STATUS; i++)
    if (g_strcmp0 (status_names[i], s) == 0)
      {
        *out = (PdInspStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
pd_insp_kind_to_string (PdInspKind kind)
{
  g_return_val_if_fail (kind < PD_INSP_N_KIND, "cargo");
  return kind_names[kind];
}

gboolean
pd_insp_kind_from_string (const char *s,
                          PdInspKind *out)
{
  for (guint i = 0; i < PD_INSP_N_KIND; i++)
    if (g_strcmp0 (kind_names[i], s) == 0)
      {
        *out = (PdInspKind) i;
        return TRUE;
      }
  return FALSE;
}

const char * const *
pd_insp_row_fields (void)
{
  static const char * const fields[] = {
    "ref", "kind", "port", "status", "requester", "commodity", "commodities", "window_start",
    "slot_start", "slot_end", "perishable", "late", "sla_target_minutes", "sla_minutes", "unread",
    "search_text", NULL
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (fields) == PD_INSP_N_ROW_FIELDS + 1);
  return fields;
}

const char * const *
pd_insp_reason_codes (void)
{
  static const char * const codes[] = {
    "incomplete_documents", "prohibited_item", "outside_port_jurisdiction", "duplicate_request",
    "no_capacity", "inspector_unavailable", "weather", "vessel_delayed", "requester_request",
    "permit_missing", "other", NULL
  };

  return codes;
}
