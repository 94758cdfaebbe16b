/* pd-api-tvs.c: airlines' manifests and the flights they make
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-engine-tvs.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-json.h"

#define OFFICERS     (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | \
                      PD_ROLE_BIT (PD_ROLE_ADMIN))
#define MANIFEST_MAX (16 * 1024 * 1024)

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_flight_members (JsonBuilder    *b,
                    const PdFlight *f)
{
  add_int (b, "id", f->id);
  pd_json_builder_add_string (b, "flight", f->flight);
  pd_json_builder_add_string (b, "carrier", f->carrier);
  pd_json_builder_add_string (b, "departure_date", f->departure_date);
  pd_json_builder_add_string (b, "kind", f->kind);
  pd_json_builder_add_string (b, "departure", f->departure);
  pd_json_builder_add_string (b, "arrival", f->arrival);
  pd_json_builder_add_string (b, "departs", f->departs);
  pd_json_builder_add_string (b, "arrives", f->arrives);
  pd_json_builder_add_string (b, "sender", f->sender);
  add_int (b, "travellers", f->travellers);
  add_int (b, "warnings", f->warnings);
}

static void
add_flight (JsonBuilder    *b,
            const PdFlight *f)
{
  json_builder_begin_object (b);
  add_flight_members (b, f);
  json_builder_end_object (b);
}

/* {"flights": [{... "replaced"}], "waiting": [access], "warnings": [{"segment", "offset", "text"}]} */
static void
handle_receive (PdCall *call)
{
  GError *error = NULL;
  g_auto(PdManifestReceipt) r = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gsize len = 0;
  const char *data = call->raw_body != NULL ? g_bytes_get_data (call->raw_body, &len) : NULL;

  if (data == NULL)
    {
      pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "Send the manifest as the request body"));
      return;
    }
  if (!pd_engine_manifest_receive (call->engine, call->caller, data, len, &r, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "flights");
  json_builder_begin_array (b);
  for (guint i = 0; i < r.flights->len; i++)
    {
      json_builder_begin_object (b);
      add_flight_members (b, r.flights->pdata[i]);
      pd_json_builder_add_bool (b, "replaced", g_array_index (r.replaced, gboolean, i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "waiting");
  json_builder_begin_array (b);
  for (guint i = 0; i < r.waiting->len; i++)
    json_builder_add_string_value (b, r.waiting->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < r.parsed->warnings->len; i++)
    {
      PdPaxWarning *w = r.parsed->warnings->pdata[i];

      json_builder_begin_object (b);
      add_int (b, "segment", w->segment);
      add_int (b, "offset", (gint64) w->offset);
      pd_json_builder_add_string (b, "text", w->text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, r.flights->len > 0 ? 201 : 202, b);
}

static void
handle_flights (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_flights (call->engine, call->caller, &error);

  pd_call_reply_items (call, rows, error, (PdApiAddFunc) add_flight, 0, NULL);
}

static void
handle_flight (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) travellers = NULL;
  g_autoptr(PdFlight) f = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gint64 id;

  if (!pd_call_param_id (call, "id", "flight", &id))
    return;
  f = pd_engine_flight (call->engine, call->caller, id, &travellers, &error);
  if (f == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  add_flight_members (b, f);
  json_builder_set_member_name (b, "manifest");
  json_builder_begin_array (b);
  for (guint i = 0; i < travellers->len; i++)
    {
      PdPaxTraveller *t = travellers->pdata[i];
      PdPaxDocument *d = t->documents->len > 0 ? t->documents->pdata[0] : NULL;

      json_builder_begin_object (b);
      pd_json_builder_add_string (b, "surname", t->surname);
      pd_json_builder_add_string (b, "given_names", t->given_names);
      pd_json_builder_add_string (b, "role", t->crew ? "crew" : "passenger");
      pd_json_builder_add_bool (b, "in_transit", t->in_transit);
      pd_json_builder_add_string (b, "sex", t->sex);
      pd_json_builder_add_string (b, "birth_date", t->birth_date);
      pd_json_builder_add_string (b, "nationality", t->nationality);
      pd_json_builder_add_string (b, "residence", t->residence);
      pd_json_builder_add_string (b, "document_type", d != NULL ? d->type : NULL);
      pd_json_builder_add_string (b, "document_number", d != NULL ? d->number : NULL);
      pd_json_builder_add_string (b, "document_country", d != NULL ? d->issuing_country : NULL);
      pd_json_builder_add_string (b, "document_expiry", d != NULL ? d->expiry : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static const PdRoute routes[] = {
  { "POST", "/v1/intake/manifests", PD_ROUTE_PUBLIC | PD_ROUTE_RAW, 0, PD_PRINCIPAL_BIT (PD_PRINCIPAL_AIRLINE),
    handle_receive, MANIFEST_MAX },
  { "GET",  "/v1/flights",          PD_ROUTE_SESSION, OFFICERS, 0, handle_flights },
  { "GET",  "/v1/flights/{id}",     PD_ROUTE_SESSION, OFFICERS, 0, handle_flight },
};

static const PdRoute *
tvs_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_tvs_flow = {
  .name = "tvs",
  .event_prefix = PD_EVENT_TVS_PREFIX,
  .routes = tvs_routes,
  .retention = pd_engine_tvs_retention,
};
