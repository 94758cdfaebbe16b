/* pd-api-audit.c: audit review, verification, export; retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include <string.h>

#include "pd-api.h"
#include "pd-engine-audit.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-csv.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-retention.h"

#define AUDITOR PD_ROLE_BIT (PD_ROLE_AUDITOR)
#define ADMIN   PD_ROLE_BIT (PD_ROLE_ADMIN)

/* The filters of GET /v1/audit and its export (and of a saved filter's
 * members): each a text of at most this many bytes, empty as absent. */
#define FILTER_TEXT_MAX 200
static const char * const filter_names[] = { "actor", "role", "action", "object", "outcome", "client", NULL };

static gboolean
filter_text (const char  *name,
             const char  *value,
             const char **out,
             GError     **error)
{
  *out = NULL;
  if (value == NULL || value[0] == '\0')
    return TRUE;
  if (!pd_text_check (name, value, FILTER_TEXT_MAX, error))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
parse_filter (PdCall        *call,
              PdAuditFilter *f)
{
  const char *since = pd_call_query (call, "since");
  const char *until = pd_call_query (call, "until");
  const char *order = pd_call_query (call, "order");
  const char **fields[] = { &f->actor, &f->role, &f->action, &f->object, &f->outcome, &f->client };
  GError *error = NULL;
  gint64 cursor, limit;

  memset (f, 0, sizeof *f);
  if (!pd_call_query_int (call, "cursor", 0, 0, G_MAXINT64, &cursor) ||
      !pd_call_query_int (call, "limit", 100, 1, 1000, &limit))
    return FALSE;
  if (order != NULL && g_strcmp0 (order, "asc") != 0 && g_strcmp0 (order, "desc") != 0)
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "order must be asc or desc"));
      return FALSE;
    }
  /* newest first unless asked otherwise; the cursor is the last entry seen */
  f->newest_first = g_strcmp0 (order, "asc") != 0;
  if (f->newest_first)
    f->before_seq = cursor;
  else
    f->after_seq = cursor;
  f->limit = limit;
  for (guint i = 0; filter_names[i] != NULL; i++)
    if (!filter_text (filter_names[i], pd_call_query (call, filter_names[i]), fields[i], &error))
      {
        pd_call_fail (call, error);
        return FALSE;
      }
  if ((since != NULL && since[0] != '\0' && !pd_time_parse (since, &f->since)) ||
      (until != NULL && until[0] != '\0' && !pd_time_parse (until, &f->until)))
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID,
                                               "'since' and 'until' must be ISO 8601 times with a zone"));
      return FALSE;
    }
  if (f->since > 0 && f->until > 0 && f->until <= f->since)
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "'until' must be after 'since'"));
      return FALSE;
    }
  return TRUE;
}

static void
add_checkpoint (JsonBuilder        *b,
                const PdCheckpoint *cp)
{
  g_autofree char *h = pd_api_hex (cp->head_hash, 32);
  g_autofree char *pk = pd_api_hex (cp->public_key, 32);
  g_autofree char *sig = pd_api_hex (cp->signature, 64);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, cp->seq);
  pd_json_builder_add_time (b, "at", cp->at);
  json_builder_set_member_name (b, "head_hash");
  json_builder_add_string_value (b, h);
  json_builder_set_member_name (b, "public_key");
  json_builder_add_string_value (b, pk);
  json_builder_set_member_name (b, "signature");
  json_builder_add_string_value (b, sig);
  json_builder_end_object (b);
}

static gint64
entry_cursor (gconstpointer row)
{
  return ((const PdAuditEntry *) row)->seq;
}

static void
handle_audit_query (PdCall *call)
{
  g_autoptr(GPtrArray) rows = NULL;
  PdAuditFilter f;
  GError *error = NULL;

  if (!parse_filter (call, &f))
    return;
  rows = pd_engine_audit_query (call->engine, call->caller, &f, &error);
  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_audit_entry, f.limit, entry_cursor);
}

/* {ok, entries, checkpoints, last_signed_seq, last_signed_at, first_bad_seq,
 * reason, problem, first_bad_entry, anchor: {state, anchored_seq,
 * anchored_at}} */
static void
handle_audit_verify (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(PdAuditEntry) bad = NULL;
  PdAuditReport report = { 0 };
  GError *error = NULL;

  if (!pd_engine_audit_verify (call->engine, call->caller, &report, &bad, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, report.ok);
  json_builder_set_member_name (b, "entries");
  json_builder_add_int_value (b, report.entries);
  json_builder_set_member_name (b, "checkpoints");
  json_builder_add_int_value (b, report.checkpoints);
  json_builder_set_member_name (b, "last_signed_seq");
  json_builder_add_int_value (b, report.last_signed_seq);
  pd_json_builder_add_time (b, "last_signed_at", report.last_signed_at);
  json_builder_set_member_name (b, "first_bad_seq");
  if (report.ok)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, report.first_bad_seq);
  json_builder_set_member_name (b, "reason");
  if (report.reason != NULL)
    json_builder_add_string_value (b, report.reason);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "problem");
  if (report.problem != NULL)
    json_builder_add_string_value (b, report.problem);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "first_bad_entry");
  if (bad != NULL)
    pd_api_add_audit_entry (b, bad);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "anchor");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, pd_anchor_state_to_string (report.anchor));
  json_builder_set_member_name (b, "anchored_seq");
  json_builder_add_int_value (b, report.anchored_seq);
  pd_json_builder_add_time (b, "anchored_at", report.anchored_at);
  json_builder_end_object (b);
  json_builder_end_object (b);
  pd_audit_report_clear (&report);
  pd_call_reply_builder (call, 200, b);
}

static GBytes *
export_csv (GPtrArray *rows,
            GPtrArray *cps)
{
  GString *s = g_string_new ("seq,at,actor,role,action,object,params,outcome,client,prev_hash,hash\r\n");
  g_autoptr(GHashTable) signatures = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < rows->len; i++)
    {
      PdAuditEntry *e = g_ptr_array_index (rows, i);
      g_autofree char *at = pd_time_format (e->at);
      g_autofree char *h = pd_api_hex (e->hash, 32);
      g_autofree char *ph = pd_api_hex (e->prev_hash, 32);
      const char *fields[] = { at, e->actor, e->role, e->action, e->object, e->params, e->outcome, e->client, ph, h };

      g_string_append_printf (s, "%" G_GINT64_FORMAT, e->seq);
      for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
        {
          g_string_append_c (s, ',');
          pd_csv_append_field (s, fields[j]);
        }
      g_string_append (s, "\r\n");
    }
  g_string_append (s, "\r\ncheckpoint_seq,at,head_hash,public_key,signature\r\n");
  for (guint i = 0; i < cps->len; i++)
    {
      PdCheckpoint *cp = g_ptr_array_index (cps, i);
      g_autofree char *at = pd_time_format (cp->at);
      g_autofree char *h = pd_api_hex (cp->head_hash, 32);
      g_autofree char *pk = pd_api_hex (cp->public_key, 32);
      g_autofree char *sig = pd_api_hex (cp->signature, 64);

      g_string_append_printf (s, "%" G_GINT64_FORMAT ",%s,%s,%s,%s\r\n", cp->seq, at, h, pk, sig);
    }
  return g_string_free_to_bytes (s);
}

static void
handle_audit_export (PdCall *call)
{
  const char *format = pd_call_query (call, "format");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) cps = NULL;
  PdAuditFilter f;
  GError *error = NULL;

  if (format == NULL)
    format = "json";
  if (g_strcmp0 (format, "json") != 0 && g_strcmp0 (format, "csv") != 0)
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "format must be json or csv"));
      return;
    }
  if (!parse_filter (call, &f))
    return;
  if (!pd_engine_audit_export (call->engine, call->caller, &f, format, &rows, &cps, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  if (g_strcmp0 (format, "csv") == 0)
    {
      g_autoptr(GBytes) bytes = export_csv (rows, cps);
      pd_call_reply_raw (call, "text/csv; charset=utf-8", bytes);
    }
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
      g_autofree char *pk = pd_api_hex (pd_audit_get_public_key (pd_engine_get_audit (call->engine)), 32);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "public_key");
      json_builder_add_string_value (b, pk);
      json_builder_set_member_name (b, "entries");
      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        pd_api_add_audit_entry (b, g_ptr_array_index (rows, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "checkpoints");
      json_builder_begin_array (b);
      for (guint i = 0; i < cps->len; i++)
        add_checkpoint (b, g_ptr_array_index (cps, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      pd_call_reply_builder (call, 200, b);
    }
}

/* --- saved filters ------------------------------------------------------------ */

/* {items: [{name, filter: {...}, created_at}]} */
static void
handle_filters (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_audit_filters (call->engine, call->caller, &error);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      JsonObject *o = g_ptr_array_index (rows, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, json_object_get_string_member (o, "filter"), -1, NULL))
        json_object_set_member (o, "filter", json_node_copy (json_parser_get_root (parser)));
    }
  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, 0, NULL);
}

/* {name, filter: {actor, role, action, object, outcome, client, since,
 * until}}: each member a text, since/until ISO 8601 times. */
static void
handle_filter_save (PdCall *call)
{
  static const char * const allowed[] = { "name", "filter", NULL };
  static const char * const members[] = { "actor", "role", "action", "object", "outcome", "client", "since", "until",
                                          NULL };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autofree char *text = NULL;
  JsonObject *filter;
  const char *name = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "name", TRUE, 100, &name, &error))
    goto fail;
  if (!json_object_has_member (call->body, "filter") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (call->body, "filter")))
    {
      error = g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "filter: an object of the filters to keep");
      goto fail;
    }
  filter = json_object_get_object_member (call->body, "filter");
  if (!pd_json_check_members (filter, members, &error))
    goto fail;
  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *v = NULL;
      gint64 t;

      if (!pd_json_get_string (filter, members[i], FALSE, FILTER_TEXT_MAX, &v, &error))
        goto fail;
      if (v != NULL && i >= 6 && !pd_time_parse (v, &t))
        {
          error = g_error_new (PD_ERROR, PD_ERROR_INVALID, "filter.%s: an ISO 8601 time with a zone", members[i]);
          goto fail;
        }
    }
  text = pd_json_to_string (json_object_get_member (call->body, "filter"), FALSE);
  if (!pd_engine_audit_filter_save (call->engine, call->caller, name, text, &error))
    goto fail;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
  return;

fail:
  pd_call_fail (call, error);
}

static void
handle_filter_delete (PdCall *call)
{
  GError *error = NULL;

  if (!pd_engine_audit_filter_delete (call->engine, call->caller, pd_call_param (call, "name"), &error))
    pd_call_fail (call, error);
}

/* --- quarterly sign-off ------------------------------------------------------- */

static void
handle_signoffs (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_audit_signoffs (call->engine, call->caller, &error);

  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, 0, NULL);
}

/* {quarter: "2026-Q4", note} -> {quarter, up_to_seq} */
static void
handle_signoff (PdCall *call)
{
  static const char * const allowed[] = { "quarter", "note", NULL };
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  const char *quarter = NULL, *note = NULL;
  GError *error = NULL;
  gint64 up_to = 0;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "quarter", TRUE, 16, &quarter, &error) ||
      !pd_json_get_string (call->body, "note", TRUE, 2000, &note, &error) ||
      !pd_engine_audit_signoff (call->engine, call->caller, quarter, note, &up_to, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "quarter");
  json_builder_add_string_value (b, quarter);
  json_builder_set_member_name (b, "up_to_seq");
  json_builder_add_int_value (b, up_to);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_retention_status (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  GError *error = NULL;
  g_autoptr(GArray) st = pd_engine_retention_status (call->engine, call->caller, &error);

  if (st == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  /* whether the caller may run the sweeper now (POST /v1/retention/run) */
  json_builder_set_member_name (b, "may_run");
  json_builder_add_boolean_value (b, pd_caller_role (call->caller) == PD_ROLE_ADMIN);
  json_builder_set_member_name (b, "policies");
  json_builder_begin_array (b);
  for (guint i = 0; i < st->len; i++)
    {
      PdRetentionStatus *s = &g_array_index (st, PdRetentionStatus, i);
      const PdRetentionPolicy *p = s->policy;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, p->id);
      json_builder_set_member_name (b, "data");
      json_builder_add_string_value (b, p->data);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, p->rule);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, pd_retention_kind_to_string (p->kind));
      json_builder_set_member_name (b, "period_hours");
      json_builder_add_int_value (b, p->period_us / PD_USEC_PER_HOUR);
      json_builder_set_member_name (b, "enforced");
      json_builder_add_boolean_value (b, p->kind != PD_RETENTION_PURGE || p->purge != NULL);
      json_builder_set_member_name (b, "holds_data");
      json_builder_add_boolean_value (b, p->purge != NULL);
      pd_json_builder_add_time (b, "last_run", s->last_run);
      json_builder_set_member_name (b, "last_purged");
      json_builder_add_int_value (b, s->last_purged);
      json_builder_set_member_name (b, "total_purged");
      json_builder_add_int_value (b, s->total_purged);
      json_builder_set_member_name (b, "held");
      if (s->held >= 0)
        json_builder_add_int_value (b, s->held);
      else
        json_builder_add_null_value (b);
      pd_json_builder_add_time (b, "next_due", s->next_due);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

/* A deletion receipt: {seq, at, policy, data, rule, count, ids_sha256, actor} */
static void
add_receipt (JsonBuilder  *b,
             gconstpointer row)
{
  const PdAuditEntry *e = row;
  g_autoptr(JsonObject) params = e->params != NULL ? pd_json_parse_object (e->params, -1, NULL) : NULL;
  const char *members[] = { "class", "rule", "ids_sha256" };
  const char *names[] = { "data", "rule", "ids_sha256" };
  const char *count = params != NULL ? pd_json_str (params, "count") : NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, e->seq);
  pd_json_builder_add_time (b, "at", e->at);
  json_builder_set_member_name (b, "policy");
  json_builder_add_string_value (b, e->object);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (b, names[i]);
      json_builder_add_string_value (b, params != NULL ? pd_json_str (params, members[i]) : NULL);
    }
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, count != NULL ? g_ascii_strtoll (count, NULL, 10) : 0);
  json_builder_set_member_name (b, "actor");
  json_builder_add_string_value (b, e->actor);
  json_builder_end_object (b);
}

/* ?limit= (20) ?cursor= (the last seq seen): the latest receipts first */
static void
handle_retention_receipts (PdCall *call)
{
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  gint64 cursor, limit;

  if (!pd_call_query_int (call, "cursor", 0, 0, G_MAXINT64, &cursor) ||
      !pd_call_query_int (call, "limit", 20, 1, 1000, &limit))
    return;
  rows = pd_engine_retention_receipts (call->engine, call->caller, cursor, (guint) limit, &error);
  pd_call_reply_items (call, rows, error, add_receipt, (guint) limit, entry_cursor);
}

static void
handle_retention_run (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  GError *error = NULL;
  gint64 n = pd_engine_retention_run (call->engine, call->caller, &error);

  if (n < 0)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "purged");
  json_builder_add_int_value (b, n);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static const PdRoute routes[] = {
  { "GET",  "/v1/audit",          PD_ROUTE_SESSION, AUDITOR, 0, handle_audit_query },
  { "GET",  "/v1/audit/verify",   PD_ROUTE_SESSION, AUDITOR | ADMIN, 0, handle_audit_verify },
  { "GET",  "/v1/audit/export",   PD_ROUTE_SESSION, AUDITOR, 0, handle_audit_export },
  { "GET",  "/v1/audit/filters",  PD_ROUTE_SESSION, AUDITOR, 0, handle_filters },
  { "POST", "/v1/audit/filters",  PD_ROUTE_SESSION, AUDITOR, 0, handle_filter_save },
  { "DELETE", "/v1/audit/filters/{name}", PD_ROUTE_SESSION, AUDITOR, 0, handle_filter_delete },
  { "GET",  "/v1/audit/signoffs", PD_ROUTE_SESSION, AUDITOR, 0, handle_signoffs },
  { "POST", "/v1/audit/signoffs", PD_ROUTE_SESSION, AUDITOR, 0, handle_signoff },
  { "GET",  "/v1/retention",      PD_ROUTE_SESSION, AUDITOR | ADMIN, 0, handle_retention_status },
  { "GET",  "/v1/retention/receipts", PD_ROUTE_SESSION, AUDITOR | ADMIN, 0, handle_retention_receipts },
  { "POST", "/v1/retention/run",  PD_ROUTE_SESSION, ADMIN, 0, handle_retention_run },
};

static const PdRoute *
audit_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

static const PdRetentionPolicy retention[] = {
  { "audit.log", "Audit log",
    "Append-only and tamper-evident (hash chain, signed checkpoints); reviewable by oversight",
    PD_RETENTION_KEEP, 0, NULL },
};

static const PdRetentionPolicy *
audit_retention (guint *n_policies)
{
  *n_policies = G_N_ELEMENTS (retention);
  return retention;
}

const PdFlow pd_audit_flow = {
  .name = "audit",
  .event_prefix = PD_EVENT_AUDIT_PREFIX,
  .routes = audit_routes,
  .retention = audit_retention,
};
