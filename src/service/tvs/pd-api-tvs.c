/* pd-api-tvs.c: airlines' manifests and the flights they make
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-engine-tsa.h"
#include "pd-engine-tvs.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-json.h"

#define ADMIN        PD_ROLE_BIT (PD_ROLE_ADMIN)
#define OFFICERS     (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | ADMIN)
#define ALERTED      (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR))
#define ANALYSTS     PD_ROLE_BIT (PD_ROLE_PAU_ANALYST)
#define DEVICES      (PD_PRINCIPAL_BIT (PD_PRINCIPAL_GATE_DEVICE) | PD_PRINCIPAL_BIT (PD_PRINCIPAL_AIRLINE))
#define MANIFEST_MAX (16 * 1024 * 1024)
#define PHOTO_MAX    (10 * 1024 * 1024)

static void
add_flight_members (JsonBuilder    *b,
                    const PdFlight *f)
{
  pd_json_builder_add_int (b, "id", f->id);
  pd_json_builder_add_string (b, "flight", f->flight);
  pd_json_builder_add_string (b, "carrier", f->carrier);
  pd_json_builder_add_string (b, "departure_date", f->departure_date);
  pd_json_builder_add_string (b, "kind", f->kind);
  pd_json_builder_add_string (b, "departure", f->departure);
  pd_json_builder_add_string (b, "arrival", f->arrival);
  pd_json_builder_add_string (b, "departs", f->departs);
  pd_json_builder_add_string (b, "arrives", f->arrives);
  pd_json_builder_add_string (b, "sender", f->sender);
  pd_json_builder_add_int (b, "travellers", f->travellers);
  pd_json_builder_add_int (b, "warnings", f->warnings);
  pd_json_builder_add_time (b, "gallery_at", f->gallery_at);
  pd_json_builder_add_ms (b, "gallery_ms", f->gallery_at != 0 ? f->gallery_ms : -1);
  pd_json_builder_add_time (b, "closed_at", f->closed_at);
  pd_json_builder_add_int (b, "in_gallery", f->in_gallery);
  pd_json_builder_add_int (b, "biographic_only", f->biographic_only);
  pd_json_builder_add_int (b, "out_of_scope", f->out_of_scope);
  pd_json_builder_add_int (b, "confirmed", f->confirmed);
  /* in scope and not confirmed yet: still to board, or to confirm biographically */
  pd_json_builder_add_int (b, "pending", MAX (0, f->in_gallery + f->biographic_only - f->confirmed));
}

static void
add_flight (JsonBuilder    *b,
            const PdFlight *f)
{
  json_builder_begin_object (b);
  add_flight_members (b, f);
  json_builder_end_object (b);
}

static void
add_traveller (JsonBuilder       *b,
               const PdTraveller *traveller)
{
  const PdPaxTraveller *t = traveller->pax;
  const PdPaxDocument *d = t->documents->len > 0 ? t->documents->pdata[0] : NULL;
  g_autofree char *record = traveller->holding_id != 0 ? pd_holding_record (traveller->holding_id) : NULL;

  json_builder_begin_object (b);
  pd_json_builder_add_int (b, "id", traveller->id);
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
  pd_json_builder_add_string (b, "gallery", traveller->state);
  pd_json_builder_add_string (b, "found_by", traveller->basis);
  pd_json_builder_add_string (b, "record", record);
  pd_json_builder_add_bool (b, "us_citizen", traveller->usc);
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
      pd_json_builder_add_int (b, "segment", w->segment);
      pd_json_builder_add_int (b, "offset", (gint64) w->offset);
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
    add_traveller (b, travellers->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

/* --- gates ---------------------------------------------------------------------- */

static void
add_gate (JsonBuilder  *b,
          const PdGate *g,
          gint64        silent_before)
{
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "key_id", g->key_id);
  pd_json_builder_add_string (b, "port", g->port);
  pd_json_builder_add_string (b, "mode", g->mode);
  pd_json_builder_add_string (b, "terminal", g->terminal);
  pd_json_builder_add_string (b, "gate", g->gate);
  pd_json_builder_add_time (b, "registered_at", g->registered_at);
  pd_json_builder_add_time (b, "last_seen", g->last_seen);
  pd_json_builder_add_string (b, "health", g->health);
  pd_json_builder_add_bool (b, "silent", g->last_seen < silent_before);
  json_builder_end_object (b);
}

static void
handle_gate_register (PdCall *call)
{
  static const char * const allowed[] = { "key_id", "mode", "terminal", "gate", NULL };
  const char *key_id = NULL, *mode = NULL, *terminal = NULL, *gate = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(PdGate) g = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "key_id", TRUE, 64, &key_id, &error) ||
      !pd_json_get_string (call->body, "mode", FALSE, 16, &mode, &error) ||
      !pd_json_get_string (call->body, "terminal", TRUE, 32, &terminal, &error) ||
      !pd_json_get_string (call->body, "gate", TRUE, 32, &gate, &error) ||
      (g = pd_engine_gate_register (call->engine, call->caller, key_id, mode, terminal, gate, &error)) == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  add_gate (b, g, G_MININT64);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_gates (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_gates (call->engine, call->caller, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gint64 silent_before = pd_engine_now (call->engine) -
                         (gint64) pd_engine_get_config (call->engine)->gate_silent_s * G_USEC_PER_SEC;

  if (rows == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    add_gate (b, rows->pdata[i], silent_before);
  json_builder_end_array (b);
  pd_api_add_page_end (b, rows->len, NULL);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

/* What a device is told: never who the traveller is. */
static void
reply_gate (PdCall             *call,
            const PdGateResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  pd_json_builder_add_int (b, "encounter", r->encounter);
  pd_json_builder_add_string (b, "action", r->action);
  if (r->capture.codes != NULL)
    {
      pd_json_builder_add_strv (b, "codes", r->capture.codes);
      pd_json_builder_add_strv (b, "reasons", r->capture.reasons);
    }
  if (r->response_ms >= 0)
    pd_json_builder_add_ms (b, "response_ms", r->response_ms);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_gate_capture (PdCall *call)
{
  GError *error = NULL;
  g_auto(PdGateResult) r = { 0 };

  if (!pd_engine_gate_capture (call->engine, call->caller, pd_call_query (call, "flight"),
                               pd_call_query (call, "date"), call->photo, call->raw_body, &r, &error))
    pd_call_fail (call, error);
  else
    reply_gate (call, &r);
}

static void
handle_gate_opt_out (PdCall *call)
{
  GError *error = NULL;
  g_auto(PdGateResult) r = { 0 };

  if (!pd_engine_gate_opt_out (call->engine, call->caller, pd_call_query (call, "flight"),
                               pd_call_query (call, "date"), &r, &error))
    pd_call_fail (call, error);
  else
    reply_gate (call, &r);
}

static void
handle_gate_close (PdCall *call)
{
  GError *error = NULL;

  if (!pd_engine_gate_close (call->engine, call->caller, pd_call_query (call, "flight"), pd_call_query (call, "date"),
                             &error))
    pd_call_fail (call, error);
}

static void
handle_gate_health (PdCall *call)
{
  static const char * const allowed[] = { "status", NULL };
  const char *status = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "status", TRUE, 200, &status, &error) ||
      !pd_engine_gate_health (call->engine, call->caller, status, &error))
    pd_call_fail (call, error);
}

/* --- alerts ----------------------------------------------------------------------- */

static void
add_alert_members (JsonBuilder   *b,
                   const PdAlert *a)
{
  const PdEncounter *e = a->encounter;

  pd_json_builder_add_int (b, "id", a->id);
  pd_json_builder_add_time (b, "created_at", a->created_at);
  pd_json_builder_add_string (b, "kind", a->kind);
  pd_json_builder_add_string (b, "port", a->port);
  pd_json_builder_add_string (b, "flight", e->flight);
  pd_json_builder_add_string (b, "departure_date", e->departure_date);
  pd_json_builder_add_int (b, "flight_id", e->flight_id);
  pd_json_builder_add_string (b, "mode", e->mode);
  pd_json_builder_add_string (b, "terminal", e->terminal);
  pd_json_builder_add_string (b, "gate", e->gate);
  pd_json_builder_add_string (b, "outcome", e->outcome);
  pd_json_builder_add_string (b, "disposition", a->disposition);
  pd_json_builder_add_string (b, "reason", a->reason);
  pd_json_builder_add_time (b, "disposed_at", a->disposed_at);
}

static void
add_alert (JsonBuilder   *b,
           const PdAlert *a)
{
  json_builder_begin_object (b);
  add_alert_members (b, a);
  json_builder_end_object (b);
}

static void
handle_alerts (PdCall *call)
{
  GError *error = NULL;
  const char *open = pd_call_query (call, "open");
  g_autoptr(GPtrArray) rows = pd_engine_alerts (call->engine, call->caller, g_strcmp0 (open, "false") != 0, &error);

  pd_call_reply_items (call, rows, error, (PdApiAddFunc) add_alert, 0, NULL);
}

static void
add_photo (JsonBuilder *b,
           const char  *member,
           GBytes      *photo)
{
  gsize len = 0;
  const guchar *data = photo != NULL ? g_bytes_get_data (photo, &len) : NULL;
  g_autofree char *text = data != NULL ? g_base64_encode (data, len) : NULL;

  pd_json_builder_add_string (b, member, text);
}

static void
handle_alert (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(PdAlert) a = NULL;
  g_autoptr(GBytes) capture = NULL, photo = NULL;
  g_autoptr(PdTraveller) t = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "alert", &id))
    return;
  a = pd_engine_alert (call->engine, call->caller, id, &capture, &photo, &t, &error);
  if (a == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  add_alert_members (b, a);
  add_photo (b, "capture", capture);
  add_photo (b, "gallery_photo", photo);
  if (t != NULL)
    {
      json_builder_set_member_name (b, "traveller");
      add_traveller (b, t);
    }
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_alert_dispose (PdCall *call)
{
  static const char * const allowed[] = { "disposition", "reason", "us_citizen", NULL };
  const char *disposition = NULL, *reason = NULL;
  gboolean us_citizen = FALSE;
  GError *error = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "alert", &id))
    return;
  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "disposition", TRUE, 32, &disposition, &error) ||
      !pd_json_get_string (call->body, "reason", TRUE, 500, &reason, &error) ||
      !pd_json_get_bool (call->body, "us_citizen", FALSE, &us_citizen, &error) ||
      !pd_engine_alert_dispose (call->engine, call->caller, id, disposition, reason, us_citizen, &error))
    pd_call_fail (call, error);
}

/* --- the watch list ------------------------------------------------------------------ */

static void
add_watch_entry (JsonBuilder        *b,
                 const PdWatchEntry *e)
{
  const PdHolding *h = e->holding;
  g_autofree char *record = pd_holding_record (h->id);

  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "record", record);
  pd_json_builder_add_string (b, "last_name", h->last_name);
  pd_json_builder_add_string (b, "first_name", h->first_name);
  pd_json_builder_add_string (b, "birth_date", h->birth_date);
  pd_json_builder_add_string (b, "citizenship", h->citizenship);
  pd_json_builder_add_int (b, "n_photos", h->n_photos);
  pd_json_builder_add_bool (b, "validated", e->validation.validated_by != 0);
  pd_json_builder_add_string (b, "validated_by", e->validation.username);
  pd_json_builder_add_time (b, "validated_at", e->validation.validated_at);
  pd_json_builder_add_string (b, "reason", e->validation.reason);
  json_builder_end_object (b);
}

static void
handle_watchlist (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_watchlist (call->engine, call->caller, &error);

  pd_call_reply_items (call, rows, error, (PdApiAddFunc) add_watch_entry, 0, NULL);
}

static void
watch_set (PdCall   *call,
           gboolean  validate)
{
  static const char * const allowed[] = { "reason", NULL };
  const char *reason = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "reason", TRUE, 500, &reason, &error) ||
      !pd_engine_watchlist_validate (call->engine, call->caller, pd_call_param (call, "record"), validate, reason,
                                     &error))
    pd_call_fail (call, error);
}

static void
handle_watch_validate (PdCall *call)
{
  watch_set (call, TRUE);
}

static void
handle_watch_withdraw (PdCall *call)
{
  watch_set (call, FALSE);
}

/* --- outage mode ------------------------------------------------------------------ */

static void
reply_outage (PdCall *call)
{
  GError *error = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gint64 since;

  if (!pd_engine_tvs_outage_get (call->engine, call->caller, &since, &reason, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  pd_json_builder_add_bool (b, "outage", since != 0);
  pd_json_builder_add_time (b, "since", since);
  pd_json_builder_add_string (b, "reason", reason);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

/* {"outage": true, "reason": "..."} declares it, {"outage": false} ends it */
static void
handle_outage_set (PdCall *call)
{
  static const char * const allowed[] = { "outage", "reason", NULL };
  const char *reason = NULL;
  gboolean outage = FALSE;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_bool (call->body, "outage", TRUE, &outage, &error) ||
      !pd_json_get_string (call->body, "reason", outage, 500, &reason, &error) ||
      !pd_engine_tvs_outage_set (call->engine, call->caller, outage ? reason : NULL, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  reply_outage (call);
}

static const PdRoute routes[] = {
  { "POST", "/v1/intake/manifests", PD_ROUTE_PUBLIC | PD_ROUTE_RAW, 0, PD_PRINCIPAL_BIT (PD_PRINCIPAL_AIRLINE),
    handle_receive, MANIFEST_MAX },
  { "GET",  "/v1/flights",          PD_ROUTE_SESSION, OFFICERS, 0, handle_flights },
  { "GET",  "/v1/flights/{id}",     PD_ROUTE_SESSION, OFFICERS, 0, handle_flight },
  { "POST", "/v1/gates",            PD_ROUTE_SESSION, ADMIN, 0, handle_gate_register },
  { "GET",  "/v1/gates",            PD_ROUTE_SESSION, OFFICERS, 0, handle_gates },
  { "POST", "/v1/gate/captures",    PD_ROUTE_PUBLIC | PD_ROUTE_PHOTO, 0, DEVICES, handle_gate_capture, PHOTO_MAX },
  { "POST", "/v1/gate/opt-outs",    PD_ROUTE_PUBLIC, 0, DEVICES, handle_gate_opt_out },
  { "POST", "/v1/gate/close",       PD_ROUTE_PUBLIC, 0, DEVICES, handle_gate_close },
  { "POST", "/v1/gate/health",      PD_ROUTE_PUBLIC, 0, DEVICES, handle_gate_health },
  { "GET",  "/v1/alerts",           PD_ROUTE_SESSION, OFFICERS, 0, handle_alerts },
  { "GET",  "/v1/alerts/{id}",      PD_ROUTE_SESSION, OFFICERS, 0, handle_alert },
  { "POST", "/v1/alerts/{id}/disposition", PD_ROUTE_SESSION, ALERTED, 0, handle_alert_dispose },
  { "GET",  "/v1/tvs/outage",       PD_ROUTE_SESSION, OFFICERS, 0, reply_outage },
  { "POST", "/v1/tvs/outage",       PD_ROUTE_SESSION, ADMIN, 0, handle_outage_set },
  { "GET",  "/v1/watchlist",        PD_ROUTE_SESSION, ANALYSTS | ADMIN, 0, handle_watchlist },
  { "POST", "/v1/watchlist/{record}/validate", PD_ROUTE_SESSION, ANALYSTS, 0, handle_watch_validate },
  { "POST", "/v1/watchlist/{record}/withdraw", PD_ROUTE_SESSION, ANALYSTS, 0, handle_watch_withdraw },
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
