/* pd-api-scheduling.c: the Scheduling Dashboard's officer API and the
 * public intake API of requesters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include <string.h>

#include "pd-api-chat.h"
#include "pd-api.h"
#include "pd-engine-scheduling.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-error.h"
#include "pd-json.h"

#define OFFICERS   PD_ROLES_SCHEDULING
#define ROWS_MAX_LIMIT 5000   /* rows per page in the rows form */
#define REQUESTERS PD_PRINCIPALS_REQUESTERS

static void
add_minutes (JsonBuilder *b,
             const char  *name,
             gint64       us)
{
  json_builder_set_member_name (b, name);
  if (us < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, us / (60 * G_USEC_PER_SEC));
}

/* The members of an inspection; the caller opens and closes the object. */
static void
add_inspection_members (JsonBuilder        *b,
                        const PdInspection *i,
                        gint64              now)
{
  PdSlaTargets t = pd_insp_sla_targets (i->kind, i->perishable);

  pd_json_builder_add_string (b, "ref", i->ref);
  pd_json_builder_add_string (b, "kind", pd_insp_kind_to_string (i->kind));
  pd_json_builder_add_string (b, "port", i->port);
  pd_json_builder_add_string (b, "status", pd_insp_status_to_string (i->status));
  json_builder_set_member_name (b, "requester");
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "kind", i->requester_kind);
  pd_json_builder_add_string (b, "company", i->company);
  pd_json_builder_add_string (b, "importer_id", i->importer_id);
  pd_json_builder_add_string (b, "contact_name", i->contact_name);
  pd_json_builder_add_string (b, "contact_email", i->contact_email);
  pd_json_builder_add_string (b, "contact_phone", i->contact_phone);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "vessel");
  if (i->kind == PD_INSP_VESSEL)
    {
      json_builder_begin_object (b);
      pd_json_builder_add_string (b, "name", i->vessel_name);
      pd_json_builder_add_string (b, "imo", i->vessel_imo);
      pd_json_builder_add_string (b, "voyage", i->vessel_voyage);
      pd_json_builder_add_string (b, "berth", i->vessel_berth);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "commodities");
  json_builder_begin_array (b);
  for (guint k = 0; i->commodities != NULL && k < i->commodities->len; k++)
    {
      PdCommodity *c = g_ptr_array_index (i->commodities, k);

      json_builder_begin_object (b);
      pd_json_builder_add_string (b, "description", c->description);
      pd_json_builder_add_string (b, "category", c->category);
      json_builder_set_member_name (b, "quantity");
      json_builder_add_double_value (b, c->quantity);
      pd_json_builder_add_string (b, "unit", c->unit);
      pd_json_builder_add_string (b, "origin", c->origin);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "window");
  json_builder_begin_object (b);
  pd_json_builder_add_time (b, "start", i->window_start);
  pd_json_builder_add_time (b, "end", i->window_end);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "perishable");
  json_builder_add_boolean_value (b, i->perishable);
  pd_json_builder_add_string (b, "notes", i->notes);
  json_builder_set_member_name (b, "slot");
  if (i->slot_start > 0)
    {
      json_builder_begin_object (b);
      pd_json_builder_add_time (b, "start", i->slot_start);
      pd_json_builder_add_time (b, "end", i->slot_end);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  pd_json_builder_add_string (b, "inspector", i->inspector);
  pd_json_builder_add_string (b, "reason_code", i->reason_code);
  pd_json_builder_add_time (b, "submitted_at", i->submitted_at);
  pd_json_builder_add_time (b, "decided_at", i->decided_at);
  pd_json_builder_add_time (b, "arrived_at", i->arrived_at);
  pd_json_builder_add_time (b, "started_at", i->started_at);
  pd_json_builder_add_time (b, "finished_at", i->finished_at);
  pd_json_builder_add_time (b, "updated_at", i->updated_at);
  json_builder_set_member_name (b, "sla");
  json_builder_begin_object (b);
  add_minutes (b, "decision_target_minutes", t.decision_us);
  add_minutes (b, "decision_minutes", (i->decided_at > 0 ? i->decided_at : now) - i->submitted_at);
  add_minutes (b, "inspection_target_minutes", t.inspection_us);
  add_minutes (b, "inspection_minutes",
               i->arrived_at > 0 ? (i->started_at > 0 ? i->started_at : now) - i->arrived_at : -1);
  json_builder_set_member_name (b, "late");
  json_builder_add_boolean_value (b, pd_insp_is_late (i, now));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "unread");
  json_builder_add_int_value (b, i->unread);
}

static void
add_inspection (JsonBuilder        *b,
                const PdInspection *i,
                gint64              now)
{
  json_builder_begin_object (b);
  add_inspection_members (b, i, now);
  json_builder_end_object (b);
}

/* Answers @insp, or fails with @error when it is NULL. */
static void
reply_inspection (PdCall       *call,
                  guint         status,
                  PdInspection *insp,
                  GError       *error)
{
  g_autoptr(JsonBuilder) b = NULL;

  if (insp == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  b = json_builder_new_immutable ();
  add_inspection (b, insp, pd_engine_now (call->engine));
  pd_call_reply_builder (call, status, b);
}

/* --- parsing a submission ---------------------------------------------- */

static gboolean
get_time (JsonObject  *obj,
          const char  *member,
          const char  *what,
          gint64      *out,
          GError     **error)
{
  const char *s = NULL;

  if (!pd_json_get_string (obj, member, TRUE, 64, &s, error))
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  if (!pd_time_parse (s, out))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s.%s must be an ISO 8601 time with a zone", what, member);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *obj,
            const char  *member,
            gboolean     required,
            GError     **error)
{
  JsonNode *n = json_object_get_member (obj, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    {
      if (required)
        g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Missing required field '%s'", member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Field '%s' must be an object", member);
      return NULL;
    }
  return json_node_get_object (n);
}

static gboolean
get_window (JsonObject  *body,
            gint64      *start,
            gint64      *end,
            GError     **error)
{
  static const char * const allowed[] = { "start", "end", NULL };
  JsonObject *w = get_object (body, "window", TRUE, error);

  return w != NULL && pd_json_check_members (w, allowed, error) &&
         get_time (w, "start", "window", start, error) &&
         get_time (w, "end", "window", end, error);
}

static char *
dup_member (JsonObject  *obj,
            const char  *member,
            gsize        max,
            GError     **error)
{
  const char *s = NULL;

  if (obj == NULL || !pd_json_get_string (obj, member, FALSE, max, &s, error))
    return NULL;
  return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
}

static PdInspection *
parse_submission (JsonObject  *body,
                  GError     **error)
{
  static const char * const allowed[] = { "kind", "port", "requester", "commodities", "vessel", "window",
                                          "perishable", "notes", NULL };
  static const char * const req_allowed[] = { "company", "importer_id", "contact_name", "contact_email",
                                              "contact_phone", NULL };
  static const char * const vessel_allowed[] = { "name", "imo", "voyage", "berth", NULL };
  static const char * const com_allowed[] = { "description", "category", "quantity", "unit", "origin", NULL };
  g_autoptr(PdInspection) d = g_new0 (PdInspection, 1);
  const char *kind = NULL;
  JsonObject *req, *vessel;
  JsonNode *coms;
  GError *local_error = NULL;

  d->commodities = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_commodity_free);
  if (!pd_json_check_members (body, allowed, error) ||
      !pd_json_get_string (body, "kind", TRUE, 32, &kind, error))
    return NULL;
  if (!pd_insp_kind_from_string (kind, &d->kind))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                   "Unknown kind '%s'; use personal_goods, cargo or commercial_vessel", kind);
      return NULL;
    }
  d->port = dup_member (body, "port", 16, error);
  if (d->port == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Missing required field 'port'");
      return NULL;
    }
  req = get_object (body, "requester", TRUE, error);
  if (req == NULL || !pd_json_check_members (req, req_allowed, error))
    return NULL;
  d->company = dup_member (req, "company", 256, &local_error);
  d->importer_id = dup_member (req, "importer_id", 64, &local_error);
  d->contact_name = dup_member (req, "contact_name", 256, &local_error);
  d->contact_email = dup_member (req, "contact_email", 256, &local_error);
  d->contact_phone = dup_member (req, "contact_phone", 64, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, local_error, "requester: ");
      return NULL;
    }
  vessel = get_object (body, "vessel", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (vessel != NULL)
    {
      if (!pd_json_check_members (vessel, vessel_allowed, error))
        return NULL;
      d->vessel_name = dup_member (vessel, "name", 256, &local_error);
      d->vessel_imo = dup_member (vessel, "imo", 16, &local_error);
      d->vessel_voyage = dup_member (vessel, "voyage", 64, &local_error);
      d->vessel_berth = dup_member (vessel, "berth", 64, &local_error);
      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, local_error, "vessel: ");
          return NULL;
        }
    }
  if (!get_window (body, &d->window_start, &d->window_end, error) ||
      !pd_json_get_bool (body, "perishable", FALSE, &d->perishable, error))
    return NULL;
  d->notes = dup_member (body, "notes", 4000, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  coms = json_object_get_member (body, "commodities");
  if (coms == NULL || !JSON_NODE_HOLDS_ARRAY (coms))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Field 'commodities' must be an array");
      return NULL;
    }
  for (guint k = 0; k < json_array_get_length (json_node_get_array (coms)) && k <= 50; k++)
    {
      JsonNode *n = json_array_get_element (json_node_get_array (coms), k);
      PdCommodity *c;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Commodity %u must be an object", k + 1);
          return NULL;
        }
      o = json_node_get_object (n);
      if (!pd_json_check_members (o, com_allowed, error))
        return NULL;
      c = g_new0 (PdCommodity, 1);
      g_ptr_array_add (d->commodities, c);
      c->description = dup_member (o, "description", 400, &local_error);
      c->category = dup_member (o, "category", 32, &local_error);
      c->unit = dup_member (o, "unit", 16, &local_error);
      c->origin = dup_member (o, "origin", 8, &local_error);
      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, local_error, "commodity %u: ", k + 1);
          return NULL;
        }
      if (!pd_json_get_double (o, "quantity", TRUE, PD_QUANTITY_MIN, PD_QUANTITY_MAX, &c->quantity, &local_error))
        {
          g_propagate_prefixed_error (error, local_error, "Commodity %u: ", k + 1);
          return NULL;
        }
    }
  return g_steal_pointer (&d);
}

/* --- handlers ---------------------------------------------------------- */

/* A submission, or an amendment: the whole corrected request. */
static void
take_draft (PdCall   *call,
            gboolean  amend)
{
  GError *error = NULL;
  PdInspection *draft = parse_submission (call->body, &error);
  g_autoptr(PdInspection) insp = NULL;

  if (draft == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  insp = amend ? pd_engine_insp_amend (call->engine, call->caller, pd_call_param (call, "ref"), draft, &error)
               : pd_engine_insp_submit (call->engine, call->caller, draft, &error);
  reply_inspection (call, amend ? 200 : 201, insp, error);
}

static void
handle_submit (PdCall *call)
{
  take_draft (call, FALSE);
}

static gboolean
parse_filter (PdCall       *call,
              PdInspFilter *f)
{
  const char *status = pd_call_query (call, "status");
  const char *kind = pd_call_query (call, "kind");
  const char *from = pd_call_query (call, "from");
  const char *to = pd_call_query (call, "to");
  const char *late = pd_call_query (call, "late");
  const char *form = pd_call_query (call, "form");
  gint64 limit, offset;
  PdInspStatus st;
  PdInspKind k;

  memset (f, 0, sizeof *f);
  f->status = f->kind = -1;
  if (form != NULL && !g_str_equal (form, "rows") && !g_str_equal (form, "full"))
    {
      pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "Unknown form '%s' (rows or full)", form));
      return FALSE;
    }
  f->rows = g_strcmp0 (form, "rows") == 0;
  if (!pd_call_query_int (call, "limit", 50, 1, f->rows ? ROWS_MAX_LIMIT : 500, &limit) ||
      !pd_call_query_int (call, "cursor", 0, 0, G_MAXINT32, &offset) ||
      (pd_call_query (call, "offset") != NULL && !pd_call_query_int (call, "offset", 0, 0, G_MAXINT32, &offset)))
    return FALSE;
  f->limit = limit;
  f->offset = offset;
  f->port = pd_call_query (call, "port");
  f->ref = pd_call_query (call, "ref");
  f->text = pd_call_query (call, "q");
  f->sort = pd_call_query (call, "sort");
  f->late_only = g_strcmp0 (late, "1") == 0 || g_strcmp0 (late, "true") == 0;
  if (status != NULL && *status)
    {
      if (!pd_insp_status_from_string (status, &st))
        {
          pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "Unknown status '%s'", status));
          return FALSE;
        }
      f->status = st;
    }
  if (kind != NULL && *kind)
    {
      if (!pd_insp_kind_from_string (kind, &k))
        {
          pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "Unknown kind '%s'", kind));
          return FALSE;
        }
      f->kind = k;
    }
  if ((from != NULL && *from && !pd_time_parse (from, &f->from)) || (to != NULL && *to && !pd_time_parse (to, &f->to)))
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID,
                                               "'from' and 'to' must be ISO 8601 times with a zone"));
      return FALSE;
    }
  return TRUE;
}

/* The list's rows form (?form=rows): what the dashboard's rows show and
 * nothing else, one array of values per request in the order of
 * pd_insp_row_fields() (pd-scheduling.h). */
static void
write_seconds (PdJsonWriter *w,
               gint64        us)
{
  if (us > 0)
    pd_json_writer_int (w, us / G_USEC_PER_SEC);
  else
    pd_json_writer_null (w);
}

static void
write_minutes (PdJsonWriter *w,
               gint64        us)
{
  if (us >= 0)
    pd_json_writer_int (w, us / (60 * G_USEC_PER_SEC));
  else
    pd_json_writer_null (w);
}

/* The values in the order of PdInspRowField. */
static void
write_inspection_row (PdJsonWriter       *w,
                      const PdInspection *i,
                      gint64              now)
{
  PdSlaTargets t = pd_insp_sla_targets (i->kind, i->perishable);
  const char *requester = i->company != NULL && *i->company ? i->company : i->contact_name;
  gint64 target = -1, elapsed = -1;

  if (requester == NULL && i->kind == PD_INSP_VESSEL)
    requester = i->vessel_name;
  if (i->status == PD_INSP_SUBMITTED)
    {
      target = t.decision_us;
      elapsed = now - i->submitted_at;
    }
  else if (i->status == PD_INSP_ARRIVED || i->status == PD_INSP_IN_PROGRESS)
    {
      target = t.inspection_us;
      elapsed = (i->started_at > 0 ? i->started_at : now) - i->arrived_at;
    }
  if (target < 0 || elapsed < 0)
    target = elapsed = -1;
  pd_json_writer_begin_array (w);
  pd_json_writer_string (w, i->ref);
  pd_json_writer_string (w, pd_insp_kind_to_string (i->kind));
  pd_json_writer_string (w, i->port);
  pd_json_writer_string (w, pd_insp_status_to_string (i->status));
  pd_json_writer_string (w, requester);
  pd_json_writer_string (w, i->first_commodity);
  pd_json_writer_int (w, i->n_commodities);
  write_seconds (w, i->window_start);
  write_seconds (w, i->slot_start);
  write_seconds (w, i->slot_end);
  pd_json_writer_bool (w, i->perishable);
  pd_json_writer_bool (w, pd_insp_is_late (i, now));
  write_minutes (w, target);
  write_minutes (w, elapsed);
  pd_json_writer_int (w, i->unread);
  pd_json_writer_string (w, i->search_text);
  pd_json_writer_end_array (w);
}

/* The rows form, written straight to text in this worker thread. */
static void
reply_rows (PdCall       *call,
            GPtrArray    *rows,
            gint64        total,
            const char   *next,
            gint64        now)
{
  PdJsonWriter *w = pd_json_writer_new (FALSE);
  g_autoptr(GBytes) bytes = NULL;

  pd_json_writer_begin_object (w);
  pd_json_writer_member (w, "fields");
  pd_json_writer_begin_array (w);
  for (const char * const *f = pd_insp_row_fields (); *f != NULL; f++)
    pd_json_writer_string (w, *f);
  pd_json_writer_end_array (w);
  pd_json_writer_member (w, "items");
  pd_json_writer_begin_array (w);
  for (guint i = 0; i < rows->len; i++)
    write_inspection_row (w, g_ptr_array_index (rows, i), now);
  pd_json_writer_end_array (w);
  pd_json_writer_member (w, "total");
  pd_json_writer_int (w, total);
  pd_json_writer_member (w, "next");
  pd_json_writer_string (w, next);
  pd_json_writer_end_object (w);
  bytes = pd_json_writer_free_to_bytes (w);
  pd_call_reply_raw (call, "application/json", bytes);
}

static void
handle_list (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(GPtrArray) rows = NULL;
  PdInspFilter f;
  gint64 total = 0, now = pd_engine_now (call->engine);
  GError *error = NULL;

  if (!parse_filter (call, &f))
    return;
  rows = pd_engine_insp_query (call->engine, call->caller, &f, &total, &error);
  if (rows == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  {
    /* the cursor of this list is the offset of the next page (which
     * ?offset= also takes, for a client that fetches pages in parallel) */
    g_autofree char *next = f.offset + rows->len < (guint64) total
                            ? g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) f.offset + rows->len) : NULL;

    if (f.rows)
      {
        reply_rows (call, rows, total, next, now);
        return;
      }
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "items");
    json_builder_begin_array (b);
    for (guint i = 0; i < rows->len; i++)
      add_inspection (b, g_ptr_array_index (rows, i), now);
    json_builder_end_array (b);
    pd_api_add_page_end (b, total, next);
    json_builder_end_object (b);
  }
  pd_call_reply_builder (call, 200, b);
}

static void
add_slots (JsonBuilder *b,
           GArray      *slots)
{
  json_builder_begin_array (b);
  for (guint i = 0; slots != NULL && i < slots->len; i++)
    {
      const PdInspSlot *s = &g_array_index (slots, PdInspSlot, i);

      json_builder_begin_object (b);
      pd_json_builder_add_time (b, "start", s->start);
      pd_json_builder_add_time (b, "end", s->end);
      json_builder_set_member_name (b, "free");
      json_builder_add_int_value (b, s->free);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* What the caller may do now: the moves (target statuses), assigning an
 * inspector, and the free slots when it may be (re)scheduled. */
static void
add_allowed (JsonBuilder         *b,
             const PdInspAllowed *allowed)
{
  json_builder_set_member_name (b, "moves");
  json_builder_begin_array (b);
  for (guint s = 0; s < PD_INSP_N_STATUS; s++)
    if (allowed->moves & (1u << s))
      json_builder_add_string_value (b, pd_insp_status_to_string (s));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "can_assign");
  json_builder_add_boolean_value (b, allowed->can_assign);
  json_builder_set_member_name (b, "slots");
  add_slots (b, allowed->slots);
}

static void
handle_slots (PdCall *call)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GArray) slots = NULL;
  GError *error = NULL;
  guint minutes = 0;

  slots = pd_engine_insp_slots (call->engine, call->caller, pd_call_param (call, "ref"), &minutes, &error);
  if (slots == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "slot_minutes");
  json_builder_add_int_value (b, minutes);
  json_builder_set_member_name (b, "items");
  add_slots (b, slots);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_get (PdCall *call)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) chat = NULL;
  g_autoptr(PdInspection) insp = NULL;
  g_auto(PdInspAllowed) allowed = { 0 };
  GError *error = NULL;

  insp = pd_engine_insp_get (call->engine, call->caller, pd_call_param (call, "ref"), &history, &chat, &allowed,
                             &error);
  if (insp == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  add_inspection_members (b, insp, pd_engine_now (call->engine));
  add_allowed (b, &allowed);
  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  for (guint i = 0; i < history->len; i++)
    {
      PdInspEvent *ev = g_ptr_array_index (history, i);

      json_builder_begin_object (b);
      pd_json_builder_add_time (b, "at", ev->at);
      pd_json_builder_add_string (b, "actor", ev->actor);
      pd_json_builder_add_string (b, "actor_role", ev->actor_role);
      pd_json_builder_add_string (b, "from", ev->from_status);
      pd_json_builder_add_string (b, "to", ev->to_status);
      pd_json_builder_add_string (b, "reason_code", ev->reason_code);
      pd_json_builder_add_string (b, "reason", ev->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "chat");
  json_builder_begin_array (b);
  for (guint i = 0; i < chat->len; i++)
    pd_chat_message_add_json (b, NULL, g_ptr_array_index (chat, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_transition (PdCall *call)
{
  static const char * const allowed[] = { "to", "reason_code", "reason", "slot_start", "inspector", NULL };
  PdInspTransition t = { 0 };
  const char *to = NULL, *slot = NULL;
  g_autoptr(PdInspection) insp = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "to", TRUE, 32, &to, &error) ||
      !pd_json_get_string (call->body, "reason_code", FALSE, 64, &t.reason_code, &error) ||
      !pd_json_get_string (call->body, "reason", FALSE, 2000, &t.reason, &error) ||
      !pd_json_get_string (call->body, "slot_start", FALSE, 64, &slot, &error) ||
      !pd_json_get_string (call->body, "inspector", FALSE, 64, &t.inspector, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  if (!pd_insp_status_from_string (to, &t.to) || t.to == PD_INSP_SUBMITTED)
    {
      pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "Unknown target status '%s'", to));
      return;
    }
  if (slot != NULL && !pd_time_parse (slot, &t.slot_start))
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "slot_start must be an ISO 8601 time"));
      return;
    }
  insp = pd_engine_insp_transition (call->engine, call->caller, pd_call_param (call, "ref"), &t, &error);
  reply_inspection (call, 200, insp, error);
}

static void
handle_amend (PdCall *call)
{
  take_draft (call, TRUE);
}

static void
handle_cancel (PdCall *call)
{
  static const char * const allowed[] = { "reason", NULL };
  PdInspTransition t = { .to = PD_INSP_CANCELLED };
  g_autoptr(PdInspection) insp = NULL;
  GError *error = NULL;

  if (call->body != NULL &&
      (!pd_json_check_members (call->body, allowed, &error) ||
       !pd_json_get_string (call->body, "reason", FALSE, 2000, &t.reason, &error)))
    {
      pd_call_fail (call, error);
      return;
    }
  insp = pd_engine_insp_transition (call->engine, call->caller, pd_call_param (call, "ref"), &t, &error);
  reply_inspection (call, 200, insp, error);
}

static void
handle_ask_reschedule (PdCall *call)
{
  static const char * const allowed[] = { "window", "reason", NULL };
  const char *reason = NULL;
  gint64 start = 0, end = 0;
  g_autoptr(PdInspection) insp = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !get_window (call->body, &start, &end, &error) ||
      !pd_json_get_string (call->body, "reason", TRUE, 2000, &reason, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  insp = pd_engine_insp_ask_reschedule (call->engine, call->caller, pd_call_param (call, "ref"), start, end, reason,
                                        &error);
  reply_inspection (call, 200, insp, error);
}

static void
handle_assign (PdCall *call)
{
  static const char * const allowed[] = { "inspector", NULL };
  const char *inspector = NULL;
  g_autoptr(PdInspection) insp = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "inspector", TRUE, 64, &inspector, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  insp = pd_engine_insp_assign (call->engine, call->caller, pd_call_param (call, "ref"), inspector, &error);
  reply_inspection (call, 200, insp, error);
}

void
pd_api_chat_post (PdCall         *call,
                  PdChatPostFunc  post)
{
  static const char * const allowed[] = { "body", NULL };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(PdChatMessage) msg = NULL;
  const char *body = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "body", TRUE, 16 * 1024, &body, &error) ||
      (msg = post (call->engine, call->caller, pd_call_param (call, "ref"), body, &error)) == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  pd_chat_message_add_json (b, NULL, msg);
  pd_call_reply_builder (call, 201, b);
}

void
pd_api_chat_read (PdCall         *call,
                  PdChatReadFunc  mark_read)
{
  static const char * const allowed[] = { "last_id", NULL };
  gint64 last_id = 0;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_int (call->body, "last_id", TRUE, 0, G_MAXINT64, &last_id, &error) ||
      !mark_read (call->engine, call->caller, pd_call_param (call, "ref"), last_id, &error))
    pd_call_fail (call, error);
}

static void
handle_chat (PdCall *call)
{
  pd_api_chat_post (call, pd_engine_chat_post);
}

static void
handle_read (PdCall *call)
{
  pd_api_chat_read (call, pd_engine_chat_read);
}

static const PdRoute routes[] = {
  { "GET",  "/v1/inspections",                   PD_ROUTE_SESSION, OFFICERS, 0, handle_list },
  { "GET",  "/v1/inspections/{ref}",             PD_ROUTE_SESSION, OFFICERS, 0, handle_get },
  { "GET",  "/v1/inspections/{ref}/export",      PD_ROUTE_SESSION, OFFICERS, 0, handle_get },
  { "GET",  "/v1/inspections/{ref}/slots",       PD_ROUTE_SESSION, OFFICERS, 0, handle_slots },
  { "POST", "/v1/inspections/{ref}/transition",  PD_ROUTE_SESSION, OFFICERS, 0, handle_transition },
  { "POST", "/v1/inspections/{ref}/assign",      PD_ROUTE_SESSION, OFFICERS, 0, handle_assign },
  { "POST", "/v1/inspections/{ref}/chat",        PD_ROUTE_SESSION, OFFICERS, 0, handle_chat },
  { "POST", "/v1/inspections/{ref}/read",        PD_ROUTE_SESSION, OFFICERS, 0, handle_read },
  { "POST", "/v1/intake/inspections",                  PD_ROUTE_PUBLIC, 0, REQUESTERS, handle_submit },
  { "GET",  "/v1/intake/inspections",                  PD_ROUTE_PUBLIC, 0, REQUESTERS, handle_list },
  { "GET",  "/v1/intake/inspections/{ref}",            PD_ROUTE_PUBLIC, 0, REQUESTERS, handle_get },
  { "POST", "/v1/intake/inspections/{ref}/cancel",     PD_ROUTE_PUBLIC, 0, REQUESTERS, handle_cancel },
  { "POST", "/v1/intake/inspections/{ref}/reschedule", PD_ROUTE_PUBLIC, 0, REQUESTERS, handle_ask_reschedule },
  { "POST", "/v1/intake/inspections/{ref}/amend",      PD_ROUTE_PUBLIC, 0, REQUESTERS, handle_amend },
  { "POST", "/v1/intake/inspections/{ref}/chat",       PD_ROUTE_PUBLIC, 0, REQUESTERS, handle_chat },
  { "POST", "/v1/intake/inspections/{ref}/read",       PD_ROUTE_PUBLIC, 0, REQUESTERS, handle_read },
};

static const PdRoute *
scheduling_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_scheduling_flow = {
  .name = "scheduling",
  .event_prefix = PD_EVENT_INSPECTION_PREFIX,
  .routes = scheduling_routes,
  .retention = NULL,
};
