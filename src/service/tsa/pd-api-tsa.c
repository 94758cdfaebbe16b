/* pd-api-tsa.c: holdings and the TSA identity check over the API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-engine-tsa.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-json.h"

#define ADMIN      PD_ROLE_BIT (PD_ROLE_ADMIN)
#define TSA        PD_ROLE_BIT (PD_ROLE_TSA_SUPERVISOR)
#define PHOTO_MAX  (10 * 1024 * 1024)
#define RECORD_MAX (24 * 1024 * 1024)   /* a record with its photos, base64 */

/* A record's members; its photos (base64) when read with them and @photos. */
static void
add_holding_members (JsonBuilder     *b,
                     const PdHolding *h,
                     gboolean         photos)
{
  g_autofree char *record = pd_holding_record (h->id);
  g_autofree char *a_number = h->a_number != NULL ? g_strconcat ("A", h->a_number, NULL) : NULL;

  pd_json_builder_add_string (b, "record", record);
  pd_json_builder_add_string (b, "first_name", h->first_name);
  pd_json_builder_add_string (b, "last_name", h->last_name);
  pd_json_builder_add_string (b, "birth_date", h->birth_date);
  pd_json_builder_add_string (b, "a_number", a_number);
  pd_json_builder_add_string (b, "citizenship", h->citizenship);
  pd_json_builder_add_bool (b, "passport_at_arrival", h->passport_at_arrival);
  pd_json_builder_add_bool (b, "intent_to_depart", h->intent_to_depart);
  pd_json_builder_add_bool (b, "eligible_to_fly", h->eligible_to_fly);
  pd_json_builder_add_bool (b, "protected_class", h->protected_class);
  pd_json_builder_add_bool (b, "lawful_entry", h->lawful_entry);
  pd_json_builder_add_bool (b, "watch_list", h->watch_list);
  pd_json_builder_add_strv (b, "documents", h->documents);
  pd_json_builder_add_string (b, "source", h->source);
  pd_json_builder_add_string (b, "source_date", h->source_date);
  json_builder_set_member_name (b, "n_photos");
  json_builder_add_int_value (b, h->n_photos);
  if (photos && h->photos != NULL)
    {
      json_builder_set_member_name (b, "photos");
      json_builder_begin_array (b);
      for (guint i = 0; i < h->photos->len; i++)
        {
          gsize len;
          const guchar *data = g_bytes_get_data (h->photos->pdata[i], &len);
          g_autofree char *text = g_base64_encode (data, len);

          json_builder_add_string_value (b, text);
        }
      json_builder_end_array (b);
    }
}

static void
add_holding (JsonBuilder     *b,
             const PdHolding *h)
{
  json_builder_begin_object (b);
  add_holding_members (b, h, FALSE);
  json_builder_end_object (b);
}

static gint64
holding_cursor (gconstpointer row)
{
  return ((const PdHolding *) row)->id;
}

/* {"import"} */
static void
handle_import_begin (PdCall *call)
{
  GError *error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!pd_engine_holdings_import_begin (call->engine, call->caller, &id, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "import", id);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

/* {"staged": N} */
static void
handle_import_add (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint staged = 0;

  if (call->body == NULL)
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "A record is a JSON object"));
      return;
    }
  if (!pd_engine_holdings_import_add (call->engine, call->caller, pd_call_param (call, "import"), call->body, &staged,
                                      &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "staged");
  json_builder_add_int_value (b, staged);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

/* {"records": [ids]} */
static void
handle_import_commit (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!pd_engine_holdings_import_commit (call->engine, call->caller, pd_call_param (call, "import"), &records, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "records");
  json_builder_begin_array (b);
  for (guint i = 0; i < records->len; i++)
    json_builder_add_string_value (b, records->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_import_cancel (PdCall *call)
{
  GError *error = NULL;

  if (!pd_engine_holdings_import_cancel (call->engine, call->caller, pd_call_param (call, "import"), &error))
    pd_call_fail (call, error);
}

static void
handle_holdings_list (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 after, limit;

  if (!pd_call_query_int (call, "cursor", 0, 0, G_MAXINT64, &after) ||
      !pd_call_query_int (call, "limit", 100, 1, 1000, &limit))
    return;
  rows = pd_engine_holdings_list (call->engine, call->caller, after, (guint) limit, &error);
  pd_call_reply_items (call, rows, error, (PdApiAddFunc) add_holding, (guint) limit, holding_cursor);
}

static void
handle_holding_show (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(PdHolding) h = pd_engine_holding_get (call->engine, call->caller, pd_call_param (call, "record"), &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (h == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  add_holding_members (b, h, TRUE);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_holding_remove (PdCall *call)
{
  GError *error = NULL;

  if (!pd_engine_holding_remove (call->engine, call->caller, pd_call_param (call, "record"), &error))
    pd_call_fail (call, error);
}

/* What a check or a 1:1 answers: {"check", "outcome", "usable", "quality":
 * {"codes", "reasons"}, "record": {... "photos": [the matched photograph]}
 * or null, "similarity", "threshold", "target_fmr", "thresholds_version",
 * "response_ms", "message"} */
static void
reply_result (PdCall                 *call,
              guint                   status,
              const PdIdentityResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const PdConfig *config = pd_engine_get_config (call->engine);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "check");
  json_builder_add_int_value (b, r->check);
  pd_json_builder_add_string (b, "outcome", r->outcome);
  pd_json_builder_add_bool (b, "usable", r->capture.usable);
  json_builder_set_member_name (b, "quality");
  json_builder_begin_object (b);
  pd_json_builder_add_strv (b, "codes", r->capture.codes);
  pd_json_builder_add_strv (b, "reasons", r->capture.reasons);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "record");
  if (r->record != NULL)
    {
      json_builder_begin_object (b);
      add_holding_members (b, r->record, TRUE);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "similarity");
      json_builder_add_double_value (b, r->similarity);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "threshold");
  json_builder_add_double_value (b, r->op->similarity);
  json_builder_set_member_name (b, "target_fmr");
  json_builder_add_double_value (b, r->op->fmr);
  pd_json_builder_add_string (b, "thresholds_version", pd_face_thresholds_version ());
  json_builder_set_member_name (b, "response_ms");
  json_builder_add_double_value (b, r->response_ms);
  pd_json_builder_add_string (b, "message",
                              g_strcmp0 (r->outcome, "not-verified") == 0 ? config->tsa_red_x_text : NULL);
  json_builder_end_object (b);
  pd_call_reply_builder (call, status, b);
}

static void
handle_check (PdCall *call)
{
  GError *error = NULL;
  g_auto(PdIdentityResult) r = { 0 };

  if (!pd_engine_identity_check (call->engine, call->caller, call->photo, &r, &error))
    pd_call_fail (call, error);
  else
    reply_result (call, 201, &r);
}

static void
handle_decline (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gint64 check;

  if (!pd_engine_identity_decline (call->engine, call->caller, &check, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "check");
  json_builder_add_int_value (b, check);
  pd_json_builder_add_string (b, "outcome", "declined");
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_search (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 check;

  if (!pd_call_param_id (call, "check", "check", &check))
    return;
  rows = pd_engine_identity_search (call->engine, call->caller, check, pd_call_query (call, "a_number"),
                                    pd_call_query (call, "last_name"), pd_call_query (call, "first_name"),
                                    pd_call_query (call, "birth_date"), &error);
  pd_call_reply_items (call, rows, error, (PdApiAddFunc) add_holding, 0, NULL);
}

static void
handle_verify (PdCall *call)
{
  GError *error = NULL;
  g_auto(PdIdentityResult) r = { 0 };
  gint64 check;

  if (!pd_call_param_id (call, "check", "check", &check))
    return;
  if (!pd_engine_identity_verify (call->engine, call->caller, check, pd_call_query (call, "record"), call->photo, &r,
                                  &error))
    pd_call_fail (call, error);
  else
    reply_result (call, 200, &r);
}

static const PdRoute routes[] = {
  { "POST",   "/v1/holdings/imports",                  PD_ROUTE_SESSION, ADMIN, 0, handle_import_begin },
  { "POST",   "/v1/holdings/imports/{import}/records", PD_ROUTE_SESSION, ADMIN, 0, handle_import_add, RECORD_MAX },
  { "POST",   "/v1/holdings/imports/{import}/commit",  PD_ROUTE_SESSION, ADMIN, 0, handle_import_commit },
  { "DELETE", "/v1/holdings/imports/{import}",         PD_ROUTE_SESSION, ADMIN, 0, handle_import_cancel },
  { "GET",    "/v1/holdings",                          PD_ROUTE_SESSION, ADMIN, 0, handle_holdings_list },
  { "GET",    "/v1/holdings/{record}",                 PD_ROUTE_SESSION, ADMIN, 0, handle_holding_show },
  { "DELETE", "/v1/holdings/{record}",                 PD_ROUTE_SESSION, ADMIN, 0, handle_holding_remove },
  { "POST",   "/v1/identity/checks",                   PD_ROUTE_PHOTO, TSA, 0, handle_check, PHOTO_MAX },
  { "POST",   "/v1/identity/declined",                 PD_ROUTE_SESSION, TSA, 0, handle_decline },
  { "GET",    "/v1/identity/checks/{check}/records",   PD_ROUTE_SESSION, TSA, 0, handle_search },
  { "POST",   "/v1/identity/checks/{check}/verify",    PD_ROUTE_PHOTO, TSA, 0, handle_verify, PHOTO_MAX },
};

static const PdRoute *
tsa_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_tsa_flow = {
  .name = "tsa",
  .event_prefix = PD_EVENT_TSA_PREFIX,
  .routes = tsa_routes,
  .retention = pd_engine_tsa_retention,
};
