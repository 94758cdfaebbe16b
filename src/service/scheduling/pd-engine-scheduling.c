/* pd-engine-scheduling.c: inspection requests from the public side to the
 * port's officers and back: submission, the status workflow, slots, SLA,
 * chat with read markers.
 *
 * Officers (ag_specialist, cbp_officer, port_director) see and act on the
 * requests of their own port; a requester (an API key of a broker, carrier,
 * forwarder or traveler with the "scheduling" scope) sees only its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-scheduling"

#include <string.h>

#include "pd-engine-private.h"
#include "pd-engine-scheduling.h"
#include "pd-store-inspections.h"
#include "pd-events.h"
#include "pd-error.h"
#include "pd-json.h"

#define OFFICERS   PD_ROLES_SCHEDULING
#define REQUESTERS PD_PRINCIPALS_REQUESTERS
#define CHAT_MAX_CHARS 2000

typedef enum {
  SIDE_OFFICER,
  SIDE_REQUESTER,
} Side;

/* Who is asking: an officer of a port, or a requester principal. */
static gboolean
identify_side (PdEngine    *self,
               PdCaller    *caller,
               const char  *action,
               Side        *out_side,
               GError     **error)
{
  if (caller->kind == PD_CALLER_APIKEY)
    {
      if ((REQUESTERS & PD_PRINCIPAL_BIT (caller->apikey->kind)) && pd_apikey_has_scope (caller->apikey, "scheduling"))
        {
          *out_side = SIDE_REQUESTER;
          return TRUE;
        }
      pd_engine_audit (self, caller, action, NULL, NULL, "denied", NULL);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "This API key has no 'scheduling' scope");
      return FALSE;
    }
  if (!_pd_engine_require_role (self, caller, OFFICERS, action, error))
    return FALSE;
  if (caller->kind == PD_CALLER_SESSION && caller->session->user->port == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Your account is not assigned to a port");
      return FALSE;
    }
  *out_side = SIDE_OFFICER;
  return TRUE;
}

/* @only: the side this action belongs to, or -1 for both. */
static gboolean
identify (PdEngine    *self,
          PdCaller    *caller,
          const char  *action,
          int          only,
          Side        *out_side,
          GError     **error)
{
  if (!identify_side (self, caller, action, out_side, error))
    return FALSE;
  if (only >= 0 && *out_side != (Side) only)
    {
      pd_engine_audit (self, caller, action, NULL, NULL, "denied", NULL);
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Only %s may do %s",
                   only == SIDE_OFFICER ? "officers of the port" : "the requester", action);
      return FALSE;
    }
  return TRUE;
}

/* Begins a transaction and loads @ref in it, if the caller may see it;
 * others' requests do not exist.  On success *out_tx holds the transaction. */
static PdInspection *
load_visible (PdEngine    *self,
              PdCaller    *caller,
              Side         side,
              const char  *ref,
              PdStoreTx  **out_tx,
              GError     **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
  g_autoptr(PdInspection) insp = NULL;

  if (tx == NULL)
    return NULL;
  insp = pd_store_insp_get (tx, ref, error);
  if (insp == NULL)
    return NULL;
  if ((side == SIDE_REQUESTER && g_strcmp0 (insp->requester_key, caller->apikey->key_id) != 0) ||
      (side == SIDE_OFFICER && caller->kind == PD_CALLER_SESSION && g_strcmp0 (insp->port, pd_caller_port (caller)) != 0))
    {
      if (side == SIDE_OFFICER)
        _pd_engine_audit_other_port (self, &tx, caller, "inspection request", ref, insp->port);
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No inspection request %s", ref);
      return NULL;
    }
  *out_tx = g_steal_pointer (&tx);
  return g_steal_pointer (&insp);
}

static JsonNode *
event_payload (const PdInspection *insp,
               const char         *extra_name,
               const char         *extra_value)
{
  return _pd_params_node ("ref", insp->ref, "status", pd_insp_status_to_string (insp->status),
                          "kind", pd_insp_kind_to_string (insp->kind), extra_name, extra_value, NULL);
}

/* Tells the port's officers and the requester, once @tx is released. */
static void
emit (PdEngine           *self,
      PdStoreTx         **tx,
      const char         *type,
      const PdInspection *insp,
      JsonNode           *payload)
{
  pd_engine_emit_event (self, tx, type, insp->port, OFFICERS, insp->requester_key, payload);
}

static gboolean
check_len (const char  *value,
           const char  *name,
           gsize        max,
           gboolean     required,
           GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      if (required)
        g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Missing required field '%s'", name);
      return !required;
    }
  if (g_utf8_strlen (value, -1) > (glong) max || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Field '%s' must be valid text of at most %" G_GSIZE_FORMAT
                   " characters", name, max);
      return FALSE;
    }
  return TRUE;
}

/* Checks a submission (@current NULL) or an amendment of @current. */
static gboolean
validate_draft (PdEngine            *self,
                PdStoreTx           *tx,
                PdCaller            *caller,
                const PdInspection  *d,
                const PdInspection  *current,
                gint64               now,
                GError             **error)
{
  gboolean new_window = current == NULL || d->window_start != current->window_start ||
                        d->window_end != current->window_end;

  gboolean vessel = d->kind == PD_INSP_VESSEL;

  if (d->port == NULL || !pd_store_port_exists (tx, d->port))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Unknown port '%s'", d->port ? d->port : "");
      return FALSE;
    }
  if (caller->apikey->port != NULL && g_strcmp0 (caller->apikey->port, d->port) != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "This API key may only submit requests for port %s",
                   caller->apikey->port);
      return FALSE;
    }
  if (!check_len (d->contact_name, "contact_name", 128, TRUE, error) ||
      !check_len (d->contact_phone, "contact_phone", 32, FALSE, error) ||
      !check_len (d->company, "company", 128, FALSE, error) ||
      !check_len (d->importer_id, "importer_id", 32, FALSE, error) ||
      !check_len (d->notes, "notes", 2000, FALSE, error))
    return FALSE;
  if (!pd_email_valid (d->contact_email))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Field 'contact_email' must be an e-mail address");
      return FALSE;
    }
  if (d->kind == PD_INSP_CARGO && d->company == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "A cargo inspection needs the 'company'");
      return FALSE;
    }
  if (new_window && d->window_start < now)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The requested window starts in the past");
      return FALSE;
    }
  if (d->window_end <= d->window_start)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The requested window must end after it starts");
      return FALSE;
    }
  if (d->window_end - d->window_start > 7 * PD_USEC_PER_DAY || d->window_start > now + 180 * PD_USEC_PER_DAY)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "The requested window must be at most 7 days long and start within 180 days");
      return FALSE;
    }
  if (vessel)
    {
      if (!check_len (d->vessel_name, "vessel.name", 128, TRUE, error) ||
          !check_len (d->vessel_voyage, "vessel.voyage", 32, TRUE, error) ||
          !check_len (d->vessel_berth, "vessel.berth", 32, FALSE, error))
        return FALSE;
      if (!pd_imo_number_valid (d->vessel_imo))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                       "'%s' is not a valid IMO number (7 digits whose last is the check digit)",
                       d->vessel_imo ? d->vessel_imo : "");
          return FALSE;
        }
    }
  else if (d->vessel_name || d->vessel_imo || d->vessel_voyage || d->vessel_berth)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Vessel details are only for commercial vessels");
      return FALSE;
    }
  if (d->commodities->len == 0 || d->commodities->len > 50)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "A request lists 1 to 50 commodities");
      return FALSE;
    }
  for (guint i = 0; i < d->commodities->len; i++)
    {
      PdCommodity *c = g_ptr_array_index (d->commodities, i);

      if (!check_len (c->description, "commodities.description", 200, TRUE, error))
        return FALSE;
      if (!pd_commodity_category_valid (c->category))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Commodity %u: unknown category '%s'", i + 1,
                       c->category ? c->category : "");
          return FALSE;
        }
      if (!pd_commodity_unit_valid (c->unit))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Commodity %u: unknown unit '%s'", i + 1, c->unit ? c->unit : "");
          return FALSE;
        }
      if (!(c->quantity > 0 && c->quantity <= 1e9))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Commodity %u: the quantity must be above 0", i + 1);
          return FALSE;
        }
      if (!pd_country_code_valid (c->origin))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                       "Commodity %u: the country of origin must be an ISO 3166 alpha-3 code", i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

PdInspection *
pd_engine_insp_submit (PdEngine      *self,
                       PdCaller      *caller,
                       PdInspection  *taken,
                       GError       **error)
{
  g_autoptr(PdInspection) draft = taken;   /* ours now, on every path */
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL;
  PdInspEvent ev = { 0 };
  PdSlaTargets sla;
  gint64 now = pd_engine_now (self);
  Side side;

  if (!identify (self, caller, "inspection.submit", SIDE_REQUESTER, &side, error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  if (!validate_draft (self, tx, caller, draft, NULL, now, error))
    return NULL;

  draft->status = PD_INSP_SUBMITTED;
  draft->submitted_at = now;
  g_free (draft->requester_key);
  draft->requester_key = g_strdup (caller->apikey->key_id);
  g_free (draft->requester_kind);
  draft->requester_kind = g_strdup (pd_principal_kind_to_string (caller->apikey->kind));
  sla = pd_insp_sla_targets (draft->kind, draft->perishable);
  if (!pd_store_insp_insert (tx, draft, &sla, error))
    return NULL;

  ev.at = now;
  ev.actor = (char *) caller->apikey->name;
  ev.actor_role = (char *) draft->requester_kind;
  ev.to_status = (char *) "submitted";
  params = _pd_params ("port", draft->port, "kind", pd_insp_kind_to_string (draft->kind),
                       "perishable", draft->perishable ? "true" : "false", NULL);
  if (!pd_store_insp_history_add (tx, draft->id, &ev, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "inspection.submit", draft->ref, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit (self, &tx, PD_EVENT_INSPECTION_CREATED, draft, event_payload (draft, "company", draft->company));
  return g_steal_pointer (&draft);
}

GPtrArray *
pd_engine_insp_query (PdEngine      *self,
                      PdCaller      *caller,
                      PdInspFilter  *f,
                      gint64        *out_total,
                      GError       **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *params = NULL;
  g_autofree char *limit = g_strdup_printf ("%u", f->limit);
  g_autofree char *offset = g_strdup_printf ("%u", f->offset);
  Side side;

  if (!identify (self, caller, "inspection.query", -1, &side, error))
    return NULL;
  if (side == SIDE_REQUESTER)
    {
      f->requester_key = caller->apikey->key_id;
    }
  else if (caller->kind == PD_CALLER_SESSION)
    {
      if (f->port != NULL && g_strcmp0 (f->port, pd_caller_port (caller)) != 0)
        {
          g_autofree char *denied = _pd_params ("port", f->port, NULL);

          pd_engine_audit (self, caller, "inspection.query", f->port, denied, "denied", NULL);
          g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "You may only see the requests of port %s",
                       pd_caller_port (caller));
          return NULL;
        }
      f->port = pd_caller_port (caller);
    }
  f->now = pd_engine_now (self);
  params = _pd_params ("port", f->port, "status", f->status >= 0 ? pd_insp_status_to_string (f->status) : NULL,
                       "kind", f->kind >= 0 ? pd_insp_kind_to_string (f->kind) : NULL, "text", f->text,
                       "late_only", f->late_only ? "true" : NULL, "sort", f->sort, "limit", limit,
                       "offset", offset, "ref", f->ref, "form", f->rows ? "rows" : NULL, NULL);
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  rows = pd_store_insp_query (tx, f, side == SIDE_OFFICER ? pd_caller_actor (caller) : caller->apikey->key_id,
                              side == SIDE_OFFICER ? "officer" : "requester", out_total, error);
  if (rows == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "inspection.query", NULL, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

#define MAX_SLOTS 96

void
pd_insp_allowed_clear (PdInspAllowed *allowed)
{
  g_clear_pointer (&allowed->slots, g_array_unref);
}

static gint64
slot_us (PdEngine *self)
{
  return (gint64) self->config->slot_minutes * 60 * G_USEC_PER_SEC;
}

/* The slots check_slot would take for @insp now, with room left. */
static GArray *
free_slots (PdEngine           *self,
            PdStoreTx          *tx,
            const PdInspection *insp,
            gint64              now)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (PdInspSlot));
  gint64 len = slot_us (self);
  guint capacity = pd_config_port_capacity (self->config, insp->port);
  gint64 first = MAX ((now + len - 1) / len, insp->window_start / len) * len;

  for (gint64 t = first; t < insp->window_end && slots->len < MAX_SLOTS; t += len)
    {
      gint64 load = pd_store_insp_slot_load (tx, insp->port, t, insp->id);

      if (load < (gint64) capacity)
        g_array_append_val (slots, ((PdInspSlot) { t, t + len, capacity - (guint) load }));
    }
  return slots;
}

static void
allowed_now (PdEngine           *self,
             PdStoreTx          *tx,
             Side                side,
             const PdInspection *insp,
             gint64              now,
             PdInspAllowed      *out)
{
  out->moves = pd_insp_moves (insp->status, side == SIDE_OFFICER ? PD_INSP_BY_OFFICER : PD_INSP_BY_REQUESTER);
  if (now < insp->slot_start)   /* see the no-show rule in pd_engine_insp_transition */
    out->moves &= ~(1u << PD_INSP_NO_SHOW);
  out->can_assign = side == SIDE_OFFICER && !pd_insp_status_is_final (insp->status);
  out->slots = out->moves & (1u << PD_INSP_SCHEDULED | 1u << PD_INSP_RESCHEDULED) ? free_slots (self, tx, insp, now)
                                                                                  : NULL;
}

PdInspection *
pd_engine_insp_get (PdEngine      *self,
                    PdCaller      *caller,
                    const char    *ref,
                    GPtrArray    **out_history,
                    GPtrArray    **out_chat,
                    PdInspAllowed *out_allowed,
                    GError       **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdInspection) insp = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) chat = NULL;
  Side side;

  if (!identify (self, caller, "inspection.get", -1, &side, error))
    return NULL;
  insp = load_visible (self, caller, side, ref, &tx, error);
  if (insp == NULL)
    return NULL;
  history = pd_store_insp_history (tx, insp->id, error);
  if (history == NULL)
    return NULL;
  chat = pd_store_chat_list (tx, PD_CHAT_INSPECTION, insp->id, error);
  if (chat != NULL)
    insp->unread = _pd_chat_unread (tx, PD_CHAT_INSPECTION, insp->id, caller, side == SIDE_OFFICER, chat);
  if (chat == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "inspection.get", ref, NULL, "ok", error))
    return NULL;
  if (out_allowed != NULL)
    allowed_now (self, tx, side, insp, pd_engine_now (self), out_allowed);
  if (!pd_store_commit (tx, error))
    {
      if (out_allowed != NULL)
        pd_insp_allowed_clear (out_allowed);
      return NULL;
    }
  *out_history = g_steal_pointer (&history);
  *out_chat = g_steal_pointer (&chat);
  return g_steal_pointer (&insp);
}

GArray *
pd_engine_insp_slots (PdEngine    *self,
                      PdCaller    *caller,
                      const char  *ref,
                      guint       *out_slot_minutes,
                      GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdInspection) insp = NULL;
  g_autoptr(GArray) slots = NULL;
  Side side;

  if (!identify (self, caller, "inspection.slots", SIDE_OFFICER, &side, error))
    return NULL;
  insp = load_visible (self, caller, side, ref, &tx, error);
  if (insp == NULL)
    return NULL;
  slots = free_slots (self, tx, insp, pd_engine_now (self));
  if (!_pd_engine_audit_tx (self, tx, caller, "inspection.slots", ref, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  *out_slot_minutes = self->config->slot_minutes;
  return g_steal_pointer (&slots);
}

static gboolean
check_slot (PdEngine      *self,
            PdStoreTx     *tx,
            PdInspection  *insp,
            gint64         slot_start,
            gint64         now,
            GError       **error)
{
  gint64 len = slot_us (self);
  guint capacity = pd_config_port_capacity (self->config, insp->port);
  gint64 load;

  if (slot_start <= 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Scheduling needs a 'slot_start' time");
      return FALSE;
    }
  if (slot_start % len != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Slots start on %u-minute boundaries",
                   self->config->slot_minutes);
      return FALSE;
    }
  if (slot_start < now)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The slot is in the past");
      return FALSE;
    }
  if (slot_start + len <= insp->window_start || slot_start >= insp->window_end)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The slot is outside the requested window");
      return FALSE;
    }
  /* another daemon of the site may be booking the same slot: one at a time */
  if (!pd_store_tx_lock (tx, PD_STORE_LOCK_INSP_SLOTS, error))
    return FALSE;
  load = pd_store_insp_slot_load (tx, insp->port, slot_start, insp->id);
  if (load >= capacity)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "That slot at %s is full (%u inspections)", insp->port, capacity);
      return FALSE;
    }
  insp->slot_start = slot_start;
  insp->slot_end = slot_start + len;
  return TRUE;
}

static gboolean
check_inspector (PdStoreTx     *tx,
                 PdInspection  *insp,
                 const char    *inspector,
                 GError       **error)
{
  g_autoptr(PdUser) user = NULL;

  if (inspector == NULL)
    return TRUE;
  user = pd_store_user_get (tx, inspector, NULL, NULL);
  if (user == NULL || user->disabled || g_strcmp0 (user->port, insp->port) != 0 ||
      !(OFFICERS & PD_ROLE_BIT (user->role)))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "'%s' is not an active officer of port %s", inspector, insp->port);
      return FALSE;
    }
  g_free (insp->inspector);
  insp->inspector = g_strdup (inspector);
  return TRUE;
}

PdInspection *
pd_engine_insp_transition (PdEngine                 *self,
                           PdCaller                 *caller,
                           const char               *ref,
                           const PdInspTransition   *t,
                           GError                  **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdInspection) insp = NULL;
  g_autofree char *params = NULL;
  g_autofree char *slot = NULL;
  PdInspEvent ev = { 0 };
  PdInspStatus from;
  gint64 now = pd_engine_now (self);
  Side side;

  if (!identify (self, caller, "inspection.transition", -1, &side, error))
    return NULL;
  if (t->reason != NULL && !check_len (t->reason, "reason", 500, FALSE, error))
    return NULL;
  insp = load_visible (self, caller, side, ref, &tx, error);
  if (insp == NULL)
    return NULL;
  from = insp->status;
  if (!pd_insp_transition_allowed (from, t->to, side == SIDE_OFFICER ? PD_INSP_BY_OFFICER : PD_INSP_BY_REQUESTER))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "%s cannot go from %s to %s%s", ref,
                   pd_insp_status_to_string (from), pd_insp_status_to_string (t->to),
                   side == SIDE_REQUESTER ? " by the requester" : "");
      return NULL;
    }
  if ((t->to == PD_INSP_REJECTED || t->to == PD_INSP_RESCHEDULED) && !pd_reason_code_valid (t->reason_code))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "A %s needs a known reason_code",
                   t->to == PD_INSP_REJECTED ? "rejection" : "reschedule");
      return NULL;
    }

  switch (t->to)
    {
    case PD_INSP_ACCEPTED:
      insp->decided_at = now;
      break;
    case PD_INSP_REJECTED:
      if (insp->decided_at == 0)
        insp->decided_at = now;
      insp->finished_at = now;
      break;
    case PD_INSP_SCHEDULED:
    case PD_INSP_RESCHEDULED:
      if (!check_slot (self, tx, insp, t->slot_start, now, error) ||
          !check_inspector (tx, insp, t->inspector, error))
        return NULL;
      break;
    case PD_INSP_ARRIVED:
      insp->arrived_at = now;
      break;
    case PD_INSP_IN_PROGRESS:
      insp->started_at = now;
      break;
    case PD_INSP_NO_SHOW:
      if (now < insp->slot_start)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT, "A no-show can only be recorded once the slot has begun");
          return NULL;
        }
      insp->finished_at = now;
      break;
    case PD_INSP_COMPLETED:
    case PD_INSP_CANCELLED:
      insp->finished_at = now;
      break;
    case PD_INSP_SUBMITTED:
    case PD_INSP_N_STATUS:
    default:
      g_assert_not_reached ();
    }
  insp->status = t->to;
  if (t->reason_code != NULL)
    {
      g_free (insp->reason_code);
      insp->reason_code = g_strdup (t->reason_code);
    }
  insp->updated_at = now;

  ev.at = now;
  ev.actor = (char *) (side == SIDE_OFFICER ? pd_caller_actor (caller) : caller->apikey->name);
  ev.actor_role = (char *) pd_caller_role_name (caller);
  ev.from_status = (char *) pd_insp_status_to_string (from);
  ev.to_status = (char *) pd_insp_status_to_string (t->to);
  ev.reason_code = (char *) t->reason_code;
  ev.reason = (char *) t->reason;
  slot = insp->slot_start > 0 && (t->to == PD_INSP_SCHEDULED || t->to == PD_INSP_RESCHEDULED)
         ? pd_time_format (insp->slot_start) : NULL;
  params = _pd_params ("from", ev.from_status, "to", ev.to_status, "reason_code", t->reason_code,
                       "slot_start", slot, "inspector", t->inspector, NULL);
  if (!pd_store_insp_update (tx, insp, error) ||
      !pd_store_insp_history_add (tx, insp->id, &ev, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "inspection.transition", ref, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit (self, &tx, PD_EVENT_INSPECTION_STATUS, insp, event_payload (insp, "from", ev.from_status));
  return g_steal_pointer (&insp);
}

static gboolean
same_commodities (GPtrArray *a,
                  GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      PdCommodity *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      if (g_strcmp0 (x->description, y->description) != 0 || g_strcmp0 (x->category, y->category) != 0 ||
          x->quantity != y->quantity || g_strcmp0 (x->unit, y->unit) != 0 || g_strcmp0 (x->origin, y->origin) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The parts of @insp that @d changes, as "requester, window, ...", or NULL. */
static char *
amended_parts (const PdInspection *insp,
               const PdInspection *d)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const struct { const char *name; gboolean changed; } checks[] = {
    { "requester", g_strcmp0 (insp->company, d->company) || g_strcmp0 (insp->importer_id, d->importer_id) ||
                   g_strcmp0 (insp->contact_name, d->contact_name) || g_strcmp0 (insp->contact_email, d->contact_email) ||
                   g_strcmp0 (insp->contact_phone, d->contact_phone) },
    { "vessel", g_strcmp0 (insp->vessel_name, d->vessel_name) || g_strcmp0 (insp->vessel_imo, d->vessel_imo) ||
                g_strcmp0 (insp->vessel_voyage, d->vessel_voyage) || g_strcmp0 (insp->vessel_berth, d->vessel_berth) },
    { "window", insp->window_start != d->window_start || insp->window_end != d->window_end },
    { "commodities", !same_commodities (insp->commodities, d->commodities) },
    { "perishable", insp->perishable != d->perishable },
    { "notes", g_strcmp0 (insp->notes, d->notes) != 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (checks[i].changed)
      g_ptr_array_add (parts, (gpointer) checks[i].name);
  g_ptr_array_add (parts, NULL);
  return parts->len > 1 ? g_strjoinv (", ", (char **) parts->pdata) : NULL;
}

/* The requester corrects a submission until the inspection starts: the
 * same fields as a submission (kind and port stay), kept in the history,
 * told to the officers live. */
PdInspection *
pd_engine_insp_amend (PdEngine      *self,
                      PdCaller      *caller,
                      const char    *ref,
                      PdInspection  *taken,
                      GError       **error)
{
  g_autoptr(PdInspection) draft = taken;
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdInspection) insp = NULL;
  g_autofree char *parts = NULL;
  g_autofree char *params = NULL;
  PdInspEvent ev = { 0 };
  PdSlaTargets sla;
  gint64 now = pd_engine_now (self);
  Side side;

  if (!identify (self, caller, "inspection.amend", SIDE_REQUESTER, &side, error))
    return NULL;
  insp = load_visible (self, caller, side, ref, &tx, error);
  if (insp == NULL)
    return NULL;
  if (insp->status == PD_INSP_IN_PROGRESS || pd_insp_status_is_final (insp->status))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "%s is %s: it can no longer be amended", ref,
                   pd_insp_status_to_string (insp->status));
      return NULL;
    }
  if (draft->kind != insp->kind || g_strcmp0 (draft->port, insp->port) != 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "The kind and the port of a request cannot change; cancel it and submit a new one");
      return NULL;
    }
  if (!validate_draft (self, tx, caller, draft, insp, now, error))
    return NULL;
  if (insp->slot_start > 0 && (insp->slot_end <= draft->window_start || insp->slot_start >= draft->window_end))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT,
                           "The scheduled slot would fall outside the new window; ask the officers to reschedule");
      return NULL;
    }
  parts = amended_parts (insp, draft);
  if (parts == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Nothing to amend: %s is unchanged", ref);
      return NULL;
    }

  draft->id = insp->id;
  draft->updated_at = now;
  sla = pd_insp_sla_targets (draft->kind, draft->perishable);
  ev.at = now;
  ev.actor = (char *) caller->apikey->name;
  ev.actor_role = (char *) insp->requester_kind;
  ev.from_status = ev.to_status = (char *) pd_insp_status_to_string (insp->status);
  ev.reason_code = (char *) "amended";
  ev.reason = parts;   /* what changed */
  params = _pd_params ("changed", parts, NULL);
  if (!pd_store_insp_amend (tx, draft, &sla, error) ||
      !pd_store_insp_history_add (tx, insp->id, &ev, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "inspection.amend", ref, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  /* read it back as stored, in a transaction of its own */
  g_clear_pointer (&insp, pd_inspection_free);
  g_clear_pointer (&tx, pd_store_tx_free);
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  insp = pd_store_insp_get (tx, ref, error);
  if (insp == NULL)
    return NULL;
  emit (self, &tx, PD_EVENT_INSPECTION_AMENDED, insp, event_payload (insp, "changed", parts));
  return g_steal_pointer (&insp);
}

/* The requester asks for another window: recorded in the history (status
 * unchanged) and pushed to the port's officers, who reschedule. */
PdInspection *
pd_engine_insp_ask_reschedule (PdEngine    *self,
                               PdCaller    *caller,
                               const char  *ref,
                               gint64       window_start,
                               gint64       window_end,
                               const char  *reason,
                               GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdInspection) insp = NULL;
  g_autofree char *ws = NULL, *we = NULL, *text = NULL, *params = NULL, *payload = NULL;
  PdInspEvent ev = { 0 };
  gint64 now = pd_engine_now (self);
  Side side;

  if (!identify (self, caller, "inspection.ask_reschedule", SIDE_REQUESTER, &side, error))
    return NULL;
  if (!check_len (reason, "reason", 500, TRUE, error))
    return NULL;
  if (window_start < now || window_end <= window_start || window_end - window_start > 7 * PD_USEC_PER_DAY)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "The new window must start in the future, end after it starts and last at most 7 days");
      return NULL;
    }
  insp = load_visible (self, caller, side, ref, &tx, error);
  if (insp == NULL)
    return NULL;
  if (pd_insp_status_is_final (insp->status) || insp->status == PD_INSP_ARRIVED || insp->status == PD_INSP_IN_PROGRESS)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "%s is %s: it can no longer be rescheduled", ref,
                   pd_insp_status_to_string (insp->status));
      return NULL;
    }
  insp->window_start = window_start;
  insp->window_end = window_end;
  insp->updated_at = now;
  ws = pd_time_format (window_start);
  we = pd_time_format (window_end);
  text = g_strdup_printf ("%s (new window %s to %s)", reason, ws, we);
  ev.at = now;
  ev.actor = caller->apikey->name;
  ev.actor_role = (char *) pd_caller_role_name (caller);
  ev.from_status = (char *) pd_insp_status_to_string (insp->status);
  ev.to_status = (char *) "reschedule_requested";
  ev.reason_code = (char *) "requester_request";
  ev.reason = text;
  params = _pd_params ("window_start", ws, "window_end", we, NULL);
  if (!pd_store_insp_update (tx, insp, error) ||
      !pd_store_insp_history_add (tx, insp->id, &ev, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "inspection.ask_reschedule", ref, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit (self, &tx, PD_EVENT_INSPECTION_RESCHEDULE_REQUESTED, insp, event_payload (insp, "window_start", ws));
  return g_steal_pointer (&insp);
}

PdInspection *
pd_engine_insp_assign (PdEngine    *self,
                       PdCaller    *caller,
                       const char  *ref,
                       const char  *inspector,
                       GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdInspection) insp = NULL;
  g_autofree char *params = _pd_params ("inspector", inspector, NULL);
  Side side;

  if (!identify (self, caller, "inspection.assign", SIDE_OFFICER, &side, error))
    return NULL;
  insp = load_visible (self, caller, side, ref, &tx, error);
  if (insp == NULL)
    return NULL;
  if (pd_insp_status_is_final (insp->status))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "%s is %s", ref, pd_insp_status_to_string (insp->status));
      return NULL;
    }
  if (!check_inspector (tx, insp, inspector, error))
    return NULL;
  insp->updated_at = pd_engine_now (self);
  if (!pd_store_insp_update (tx, insp, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "inspection.assign", ref, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit (self, &tx, PD_EVENT_INSPECTION_STATUS, insp, event_payload (insp, "inspector", inspector));
  return g_steal_pointer (&insp);
}

gboolean
_pd_chat_text_check (const char  *body,
                     GError     **error)
{
  glong n;

  if (body == NULL || !g_utf8_validate (body, -1, NULL))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "A message must be UTF-8 text");
      return FALSE;
    }
  n = g_utf8_strlen (body, -1);
  if (n == 0 || n > CHAT_MAX_CHARS)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "A message has 1 to %d characters", CHAT_MAX_CHARS);
      return FALSE;
    }
  for (const char *p = body; *p; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      {
        g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "A message is plain text (no control characters)");
        return FALSE;
      }
  return TRUE;
}

const char *
_pd_chat_reader (PdCaller *caller,
                 gboolean  officer)
{
  return officer ? pd_caller_actor (caller) : caller->apikey->key_id;
}

gint64
_pd_chat_unread (PdStoreTx  *tx,
                 PdChatKind  kind,
                 gint64      request_id,
                 PdCaller   *caller,
                 gboolean    officer,
                 GPtrArray  *chat)
{
  const char *mine = officer ? "officer" : "requester";
  gint64 last_read = pd_store_chat_last_read (tx, kind, request_id, _pd_chat_reader (caller, officer));
  gint64 unread = 0;

  for (guint i = 0; i < chat->len; i++)
    {
      PdChatMessage *m = g_ptr_array_index (chat, i);

      unread += g_strcmp0 (m->side, mine) != 0 && m->id > last_read;
    }
  return unread;
}

PdChatMessage *
_pd_engine_chat_add (PdEngine    *self,
                     PdStoreTx   *tx,
                     PdCaller    *caller,
                     PdChatKind   kind,
                     gint64       request_id,
                     gboolean     officer,
                     const char  *action,
                     const char  *ref,
                     const char  *body,
                     GError     **error)
{
  g_autoptr(PdChatMessage) msg = g_new0 (PdChatMessage, 1);
  g_autofree char *id = NULL;
  g_autofree char *params = NULL;

  msg->at = pd_engine_now (self);
  msg->side = g_strdup (officer ? "officer" : "requester");
  msg->sender = g_strdup (officer ? pd_caller_actor (caller) : caller->apikey->name);
  msg->body = g_strdup (body);
  if (!pd_store_chat_add (tx, kind, request_id, msg, error))
    return NULL;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, msg->id);
  /* the audit keeps who wrote when, never the text */
  params = _pd_params ("message_id", id, NULL);
  if (!pd_store_chat_mark_read (tx, kind, request_id, _pd_chat_reader (caller, officer), msg->id, error) ||
      !_pd_engine_audit_tx (self, tx, caller, action, ref, params, "ok", error))
    return NULL;
  return g_steal_pointer (&msg);
}

JsonNode *
_pd_chat_payload (const char          *ref,
                  const PdChatMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  pd_chat_message_add_json (b, ref, msg);
  return json_builder_get_root (b);
}

PdChatMessage *
pd_engine_chat_post (PdEngine    *self,
                     PdCaller    *caller,
                     const char  *ref,
                     const char  *body,
                     GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdInspection) insp = NULL;
  g_autoptr(PdChatMessage) msg = NULL;
  Side side;

  if (!identify (self, caller, "inspection.chat", -1, &side, error) ||
      !_pd_chat_text_check (body, error) ||
      (insp = load_visible (self, caller, side, ref, &tx, error)) == NULL ||
      (msg = _pd_engine_chat_add (self, tx, caller, PD_CHAT_INSPECTION, insp->id, side == SIDE_OFFICER,
                                  "inspection.chat", ref, body, error)) == NULL ||
      !pd_store_commit (tx, error))
    return NULL;
  emit (self, &tx, PD_EVENT_INSPECTION_CHAT, insp, _pd_chat_payload (ref, msg));
  return g_steal_pointer (&msg);
}

gboolean
pd_engine_chat_read (PdEngine    *self,
                     PdCaller    *caller,
                     const char  *ref,
                     gint64       last_id,
                     GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdInspection) insp = NULL;
  Side side;

  if (!identify (self, caller, "inspection.chat_read", -1, &side, error))
    return FALSE;
  insp = load_visible (self, caller, side, ref, &tx, error);
  if (insp == NULL)
    return FALSE;
  if (!pd_store_chat_mark_read (tx, PD_CHAT_INSPECTION, insp->id, _pd_chat_reader (caller, side == SIDE_OFFICER),
                                last_id, error))
    return FALSE;
  return pd_store_commit (tx, error);
}
