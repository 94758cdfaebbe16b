/* pd-api-bus.c: bus carriers' trips and manifests; the land port's
 * expected buses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-engine-bus.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-json.h"

#define OFFICERS (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR))
#define CARRIERS PD_PRINCIPAL_BIT (PD_PRINCIPAL_BUS_CARRIER)

static void
reply_object (PdCall      *call,
              guint        status,
              JsonObject  *o,     /* takes; NULL: fail with @error */
              GError      *error)
{
  if (o == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  pd_call_reply (call, status, json_node_init_object (json_node_alloc (), o));
  json_object_unref (o);
}

static void
handle_trip_create (PdCall *call)
{
  GError *error = NULL;

  JsonObject *o = pd_engine_bus_trip_create (call->engine, call->caller, call->body, &error);

  reply_object (call, 201, o, error);
}

static void
handle_trips (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_bus_trips (call->engine, call->caller, &error);

  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, 0, NULL);
}

static void
handle_trip (PdCall *call)
{
  GError *error = NULL;
  gint64 id;

  if (pd_call_param_id (call, "id", "trip", &id))
    {
      JsonObject *o = pd_engine_bus_trip_get (call->engine, call->caller, id, &error);

      reply_object (call, 200, o, error);
    }
}

static void
handle_passenger_add (PdCall *call)
{
  GError *error = NULL;
  gint64 id;

  if (pd_call_param_id (call, "id", "trip", &id))
    {
      JsonObject *o = pd_engine_bus_passenger_add (call->engine, call->caller, id, call->body, &error);

      reply_object (call, 201, o, error);
    }
}

static void
handle_passenger_remove (PdCall *call)
{
  GError *error = NULL;
  gint64 id, pid;

  if (pd_call_param_id (call, "id", "trip", &id) && pd_call_param_id (call, "pid", "passenger", &pid))
    {
      JsonObject *o = pd_engine_bus_passenger_remove (call->engine, call->caller, id, pid, &error);

      reply_object (call, 200, o, error);
    }
}

static void
handle_submit (PdCall *call)
{
  GError *error = NULL;
  gint64 id;

  if (pd_call_param_id (call, "id", "trip", &id))
    {
      JsonObject *o = pd_engine_bus_submit (call->engine, call->caller, id, &error);

      reply_object (call, 201, o, error);
    }
}

static void
handle_manifests (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 days;

  if (!pd_call_query_int (call, "days", 1, 1, 31, &days))
    return;
  rows = pd_engine_bus_manifests (call->engine, call->caller, pd_call_query (call, "from"), days, &error);
  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, 0, NULL);
}

static void
handle_manifest (PdCall *call)
{
  GError *error = NULL;

  JsonObject *o = pd_engine_bus_manifest (call->engine, call->caller, pd_call_param (call, "ref"), &error);

  reply_object (call, 200, o, error);
}

static void
handle_arrive (PdCall *call)
{
  GError *error = NULL;

  JsonObject *o = pd_engine_bus_arrive (call->engine, call->caller, pd_call_param (call, "ref"), &error);

  reply_object (call, 200, o, error);
}

static const PdRoute routes[] = {
  { "GET",    "/v1/bus/manifests",                             PD_ROUTE_SESSION, OFFICERS, 0, handle_manifests },
  { "GET",    "/v1/bus/manifests/{ref}",                       PD_ROUTE_SESSION, OFFICERS, 0, handle_manifest },
  { "POST",   "/v1/bus/manifests/{ref}/arrive",                PD_ROUTE_SESSION, OFFICERS, 0, handle_arrive },
  { "POST",   "/v1/intake/bus/trips",                          PD_ROUTE_PUBLIC, 0, CARRIERS, handle_trip_create },
  { "GET",    "/v1/intake/bus/trips",                          PD_ROUTE_PUBLIC, 0, CARRIERS, handle_trips },
  { "GET",    "/v1/intake/bus/trips/{id}",                     PD_ROUTE_PUBLIC, 0, CARRIERS, handle_trip },
  { "POST",   "/v1/intake/bus/trips/{id}/passengers",          PD_ROUTE_PUBLIC, 0, CARRIERS, handle_passenger_add },
  { "DELETE", "/v1/intake/bus/trips/{id}/passengers/{pid}",    PD_ROUTE_PUBLIC, 0, CARRIERS, handle_passenger_remove },
  { "POST",   "/v1/intake/bus/trips/{id}/submit",              PD_ROUTE_PUBLIC, 0, CARRIERS, handle_submit },
  { "GET",    "/v1/intake/bus/manifests",                      PD_ROUTE_PUBLIC, 0, CARRIERS, handle_manifests },
  { "GET",    "/v1/intake/bus/manifests/{ref}",                PD_ROUTE_PUBLIC, 0, CARRIERS, handle_manifest },
};

static const PdRoute *
bus_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_bus_flow = {
  .name = "bus",
  .event_prefix = PD_EVENT_BUS_PREFIX,
  .routes = bus_routes,
  .retention = pd_engine_bus_retention,
};
