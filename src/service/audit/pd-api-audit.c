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

static gboolean
parse_filter (PdCall        *call,
              PdAuditFilter *f)
{
  const char *since = pd_call_query (call, "since");
  const char *until = pd_call_query (call, "until");
  gint64 after, limit;

  memset (f, 0, sizeof *f);
  if (!pd_call_query_int (call, "cursor", 0, 0, G_MAXINT64, &after) ||
      !pd_call_query_int (call, "limit", 100, 1, 1000, &limit))
    return FALSE;
  f->after_seq = after;
  f->limit = limit;
  f->actor = pd_call_query (call, "actor");
  f->action = pd_call_query (call, "action");
  f->object = pd_call_query (call, "object");
  if ((since != NULL && !pd_time_parse (since, &f->since)) ||
      (until != NULL && !pd_time_parse (until, &f->until)))
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID,
                                               "'since' and 'until' must be ISO 8601 times with a zone"));
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

static void
handle_audit_verify (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  PdAuditReport report = { 0 };
  GError *error = NULL;

  if (!pd_engine_audit_verify (call->engine, call->caller, &report, &error))
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
  json_builder_set_member_name (b, "first_bad_seq");
  if (report.ok)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, report.first_bad_seq);
  json_builder_set_member_name (b, "problem");
  if (report.problem != NULL)
    json_builder_add_string_value (b, report.problem);
  else
    json_builder_add_null_value (b);
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
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
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
  { "GET",  "/v1/retention",      PD_ROUTE_SESSION, AUDITOR | ADMIN, 0, handle_retention_status },
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
