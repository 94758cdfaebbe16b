/* pd-inspection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-inspection"

#include <string.h>

#include "pd-clock.h"
#include "pd-inspection.h"
#include "pd-json.h"

/* The workflow: every legal move and who may make it. */
static const struct {
  PdInspStatus from, to;
  PdInspActor  by;
} transitions[] = {
  { PD_INSP_SUBMITTED,   PD_INSP_ACCEPTED,    PD_INSP_BY_OFFICER },
  { PD_INSP_SUBMITTED,   PD_INSP_REJECTED,    PD_INSP_BY_OFFICER },
  { PD_INSP_SUBMITTED,   PD_INSP_CANCELLED,   PD_INSP_BY_REQUESTER },
  { PD_INSP_ACCEPTED,    PD_INSP_SCHEDULED,   PD_INSP_BY_OFFICER },
  { PD_INSP_ACCEPTED,    PD_INSP_REJECTED,    PD_INSP_BY_OFFICER },
  { PD_INSP_ACCEPTED,    PD_INSP_CANCELLED,   PD_INSP_BY_REQUESTER },
  { PD_INSP_SCHEDULED,   PD_INSP_RESCHEDULED, PD_INSP_BY_OFFICER },
  { PD_INSP_SCHEDULED,   PD_INSP_ARRIVED,     PD_INSP_BY_OFFICER },
  { PD_INSP_SCHEDULED,   PD_INSP_NO_SHOW,     PD_INSP_BY_OFFICER },
  { PD_INSP_SCHEDULED,   PD_INSP_CANCELLED,   PD_INSP_BY_REQUESTER },
  { PD_INSP_RESCHEDULED, PD_INSP_RESCHEDULED, PD_INSP_BY_OFFICER },
  { PD_INSP_RESCHEDULED, PD_INSP_ARRIVED,     PD_INSP_BY_OFFICER },
  { PD_INSP_RESCHEDULED, PD_INSP_NO_SHOW,     PD_INSP_BY_OFFICER },
  { PD_INSP_RESCHEDULED, PD_INSP_CANCELLED,   PD_INSP_BY_REQUESTER },
  { PD_INSP_ARRIVED,     PD_INSP_IN_PROGRESS, PD_INSP_BY_OFFICER },
  { PD_INSP_IN_PROGRESS, PD_INSP_COMPLETED,   PD_INSP_BY_OFFICER },
};

static const char * const categories[] = {
  "plants", "plant_products", "seeds", "soil", "animals", "animal_products", "biologicals",
  "food", "wood_packaging", "other", NULL
};

static const char * const units[] = {
  "kg", "lb", "pieces", "cartons", "pallets", "containers", "liters", "tons", NULL
};

gboolean
pd_insp_status_is_final (PdInspStatus status)
{
  return status == PD_INSP_COMPLETED || status == PD_INSP_REJECTED ||
         status == PD_INSP_CANCELLED || status == PD_INSP_NO_SHOW;
}

guint
pd_insp_moves (PdInspStatus from,
               PdInspActor  actor)
{
  guint moves = 0;

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == from && (transitions[i].by & actor))
      moves |= 1u << transitions[i].to;
  return moves;
}

gboolean
pd_insp_transition_allowed (PdInspStatus from,
                            PdInspStatus to,
                            PdInspActor  actor)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == from && transitions[i].to == to && (transitions[i].by & actor))
      return TRUE;
  return FALSE;
}

PdSlaTargets
pd_insp_sla_targets (PdInspKind kind,
                     gboolean   perishable)
{
  /* Perishables are decided within 2 h and inspected within 30 min of arrival. */
  static const PdSlaTargets targets[PD_INSP_N_KIND] = {
    [PD_INSP_PERSONAL_GOODS] = { 4 * PD_USEC_PER_HOUR, 1 * PD_USEC_PER_HOUR },
    [PD_INSP_CARGO]          = { 8 * PD_USEC_PER_HOUR, 2 * PD_USEC_PER_HOUR },
    [PD_INSP_VESSEL]         = { 24 * PD_USEC_PER_HOUR, 4 * PD_USEC_PER_HOUR },
  };
  PdSlaTargets t = targets[kind];

  if (perishable)
    {
      t.decision_us = MIN (t.decision_us, 2 * PD_USEC_PER_HOUR);
      t.inspection_us = MIN (t.inspection_us, PD_USEC_PER_HOUR / 2);
    }
  return t;
}

gboolean
pd_insp_is_late (const PdInspection *insp,
                 gint64              now)
{
  PdSlaTargets t = pd_insp_sla_targets (insp->kind, insp->perishable);
  gint64 decided = insp->decided_at > 0 ? insp->decided_at : now;
  gint64 started = insp->started_at > 0 ? insp->started_at : now;

  if (insp->status == PD_INSP_CANCELLED)
    return FALSE;
  if (decided - insp->submitted_at > t.decision_us)
    return TRUE;
  if (insp->arrived_at > 0 && started - insp->arrived_at > t.inspection_us)
    return TRUE;
  return FALSE;
}

/* IMO ship numbers: 7 digits; the last is the sum of the first six weighted
 * 7..2, mod 10.  "IMO 9074729" is accepted with or without the prefix. */
gboolean
pd_imo_number_valid (const char *imo)
{
  int sum = 0;

  if (imo == NULL)
    return FALSE;
  if (g_ascii_strncasecmp (imo, "IMO", 3) == 0)
    {
      imo += 3;
      while (*imo == ' ')
        imo++;
    }
  if (strlen (imo) != 7)
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (!g_ascii_isdigit (imo[i]))
      return FALSE;
  for (int i = 0; i < 6; i++)
    sum += (imo[i] - '0') * (7 - i);
  return sum % 10 == imo[6] - '0';
}

gboolean
pd_country_code_valid (const char *code)
{
  return code != NULL && strlen (code) == 3 &&
         g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]) && g_ascii_isupper (code[2]);
}

gboolean
pd_commodity_category_valid (const char *category)
{
  return category != NULL && g_strv_contains (categories, category);
}

gboolean
pd_commodity_unit_valid (const char *unit)
{
  return unit != NULL && g_strv_contains (units, unit);
}

gboolean
pd_reason_code_valid (const char *code)
{
  return code != NULL && g_strv_contains (pd_insp_reason_codes (), code);
}

gboolean
pd_email_valid (const char *email)
{
  const char *at = email ? strchr (email, '@') : NULL;

  return at != NULL && at != email && strchr (at + 1, '.') != NULL && strchr (at + 1, '@') == NULL &&
         strlen (email) <= 254 && strpbrk (email, " \t\r\n<>\"") == NULL;
}

void
pd_commodity_free (PdCommodity *c)
{
  if (c == NULL)
    return;
  g_free (c->description);
  g_free (c->category);
  g_free (c->unit);
  g_free (c->origin);
  g_free (c);
}

void
pd_inspection_free (PdInspection *i)
{
  if (i == NULL)
    return;
  g_free (i->ref);
  g_free (i->port);
  g_free (i->first_commodity);
  g_free (i->search_text);
  g_free (i->requester_key);
  g_free (i->requester_kind);
  g_free (i->company);
  g_free (i->importer_id);
  g_free (i->contact_name);
  g_free (i->contact_email);
  g_free (i->contact_phone);
  g_free (i->vessel_name);
  g_free (i->vessel_imo);
  g_free (i->vessel_voyage);
  g_free (i->vessel_berth);
  g_free (i->notes);
  g_free (i->inspector);
  g_free (i->reason_code);
  g_clear_pointer (&i->commodities, g_ptr_array_unref);
  g_free (i);
}

void
pd_insp_event_free (PdInspEvent *ev)
{
  if (ev == NULL)
    return;
  g_free (ev->actor);
  g_free (ev->actor_role);
  g_free (ev->from_status);
  g_free (ev->to_status);
  g_free (ev->reason_code);
  g_free (ev->reason);
  g_free (ev);
}

void
pd_chat_message_free (PdChatMessage *msg)
{
  if (msg == NULL)
    return;
  g_free (msg->side);
  g_free (msg->sender);
  g_free (msg->body);
  g_free (msg);
}

void
pd_chat_message_add_json (JsonBuilder         *b,
                          const char          *ref,
                          const PdChatMessage *m)
{
  json_builder_begin_object (b);
  if (ref != NULL)
    pd_json_builder_add_string (b, "ref", ref);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, m->id);
  pd_json_builder_add_time (b, "at", m->at);
  pd_json_builder_add_string (b, "side", m->side);
  pd_json_builder_add_string (b, "sender", m->sender);
  pd_json_builder_add_string (b, "body", m->body);
  json_builder_end_object (b);
}
