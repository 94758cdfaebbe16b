/* pd-api-landing.c: landing rights: air operators' intake, the port's
 * review, decision and schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api-chat.h"
#include "pd-api.h"
#include "pd-engine-landing.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-json.h"

#define OFFICERS  (PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | PD_ROLE_BIT (PD_ROLE_CBP_OFFICER))
#define DIRECTORS PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR)
#define ADMINS    PD_ROLE_BIT (PD_ROLE_ADMIN)
#define OPERATORS PD_PRINCIPAL_BIT (PD_PRINCIPAL_AIR_OPERATOR)

static void
reply_rows (PdCall     *call,
            GPtrArray  *rows,
            GError     *error)
{
  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, 0, NULL);
}

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

/* --- airlines ------------------------------------------------------------------- */

static void
handle_airlines (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_landing_airlines (call->engine, call->caller, &error);

  reply_rows (call, rows, error);
}

static void
handle_airline_add (PdCall *call)
{
  static const char * const allowed[] = { "name", "iata", "icao", NULL };
  const char *name = NULL, *iata = NULL, *icao = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "name", TRUE, 100, &name, &error) ||
      !pd_json_get_string (call->body, "iata", FALSE, 2, &iata, &error) ||
      !pd_json_get_string (call->body, "icao", FALSE, 3, &icao, &error) ||
      !pd_engine_landing_airline_add (call->engine, call->caller, name, iata, icao, &error))
    pd_call_fail (call, error);
  else
    pd_call_reply (call, 201, json_node_init_object (json_node_alloc (), call->body));
}

/* --- the operator's profile ------------------------------------------------------------ */

static void
reply_profile (PdCall     *call,
               GPtrArray  *contacts,
               GError     *error)
{
  JsonObject *o;

  if (contacts == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  o = json_object_new ();
  for (guint i = 0; i < contacts->len; i++)
    {
      JsonObject *c = json_object_ref (contacts->pdata[i]);
      g_autofree char *role = g_strdup (json_object_get_string_member (c, "role"));

      json_object_remove_member (c, "role");
      json_object_set_object_member (o, role, c);
    }
  reply_object (call, 200, o, NULL);
}

static void
handle_profile (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) contacts = pd_engine_landing_profile (call->engine, call->caller, &error);

  reply_profile (call, contacts, error);
}

static void
handle_profile_set (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) contacts = pd_engine_landing_profile_set (call->engine, call->caller, call->body, &error);

  reply_profile (call, contacts, error);
}

/* --- requests ------------------------------------------------------------------------ */

static void
handle_submit (PdCall *call)
{
  GError *error = NULL;
  JsonObject *r = pd_engine_landing_submit (call->engine, call->caller, call->body, &error);

  reply_object (call, 201, r, error);
}

static void
handle_amend (PdCall *call)
{
  GError *error = NULL;
  JsonObject *r = pd_engine_landing_amend (call->engine, call->caller, pd_call_param (call, "ref"), call->body, &error);

  reply_object (call, 200, r, error);
}

static void
handle_withdraw (PdCall *call)
{
  static const char * const allowed[] = { "reason", NULL };
  const char *reason = NULL;
  GError *error = NULL;
  JsonObject *r = NULL;

  if (pd_json_check_members (call->body, allowed, &error) &&
      pd_json_get_string (call->body, "reason", FALSE, 500, &reason, &error))
    r = pd_engine_landing_withdraw (call->engine, call->caller, pd_call_param (call, "ref"), reason, &error);
  reply_object (call, 200, r, error);
}

static void
handle_get (PdCall *call)
{
  GError *error = NULL;
  JsonObject *r = pd_engine_landing_get (call->engine, call->caller, pd_call_param (call, "ref"), &error);

  reply_object (call, 200, r, error);
}

static void
handle_list (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 limit, offset, total = 0;

  if (!pd_call_query_int (call, "limit", 100, 1, 1000, &limit) ||
      !pd_call_query_int (call, pd_call_query (call, "cursor") != NULL ? "cursor" : "offset", 0, 0, G_MAXINT32,
                          &offset))
    return;
  rows = pd_engine_landing_list (call->engine, call->caller, pd_call_query (call, "status"), limit, offset, &total,
                                 &error);
  pd_call_reply_offset_page (call, rows, error, (PdApiAddFunc) pd_api_add_object, total, offset);
}

static void
handle_chat (PdCall *call)
{
  pd_api_chat_post (call, pd_engine_landing_chat_post);
}

static void
handle_read (PdCall *call)
{
  pd_api_chat_read (call, pd_engine_landing_chat_read);
}

/* --- review ---------------------------------------------------------------------------- */

static void
handle_research (PdCall *call)
{
  GError *error = NULL;
  JsonObject *r = pd_engine_landing_research (call->engine, call->caller, pd_call_param (call, "ref"), &error);

  reply_object (call, 200, r, error);
}

static void
handle_recommend (PdCall *call)
{
  static const char * const allowed[] = { "recommendation", "reason", NULL };
  const char *recommendation = NULL, *reason = NULL;
  GError *error = NULL;
  JsonObject *r = NULL;

  if (pd_json_check_members (call->body, allowed, &error) &&
      pd_json_get_string (call->body, "recommendation", TRUE, 40, &recommendation, &error) &&
      pd_json_get_string (call->body, "reason", TRUE, 2000 * 4, &reason, &error))
    r = pd_engine_landing_recommend (call->engine, call->caller, pd_call_param (call, "ref"), recommendation, reason,
                                     &error);
  reply_object (call, 200, r, error);
}

static void
handle_decide (PdCall *call)
{
  static const char * const allowed[] = { "decision", "reason", "conditions", NULL };
  const char *decision = NULL, *reason = NULL, *conditions = NULL;
  GError *error = NULL;
  JsonObject *r = NULL;

  if (pd_json_check_members (call->body, allowed, &error) &&
      pd_json_get_string (call->body, "decision", TRUE, 40, &decision, &error) &&
      pd_json_get_string (call->body, "reason", TRUE, 2000 * 4, &reason, &error) &&
      pd_json_get_string (call->body, "conditions", FALSE, 2000 * 4, &conditions, &error))
    r = pd_engine_landing_decide (call->engine, call->caller, pd_call_param (call, "ref"), decision, reason,
                                  conditions, &error);
  reply_object (call, 200, r, error);
}

static void
handle_schedule (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 days;

  if (!pd_call_query_int (call, "days", 1, 1, 31, &days))
    return;
  rows = pd_engine_landing_schedule (call->engine, call->caller, pd_call_query (call, "from"), days, &error);
  reply_rows (call, rows, error);
}

static void
handle_designees (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_landing_designees (call->engine, call->caller, &error);

  reply_rows (call, rows, error);
}

static void
handle_designee_add (PdCall *call)
{
  static const char * const allowed[] = { "user", NULL };
  const char *user = NULL;
  GError *error = NULL;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "user", TRUE, 64, &user, &error) ||
      !pd_engine_landing_designee_set (call->engine, call->caller, user, TRUE, &error))
    pd_call_fail (call, error);
}

static void
handle_designee_remove (PdCall *call)
{
  GError *error = NULL;

  if (!pd_engine_landing_designee_set (call->engine, call->caller, pd_call_param (call, "user"), FALSE, &error))
    pd_call_fail (call, error);
}

static const PdRoute routes[] = {
  { "GET",    "/v1/landing/airlines",                  PD_ROUTE_SESSION, OFFICERS | ADMINS, 0, handle_airlines },
  { "POST",   "/v1/landing/airlines",                  PD_ROUTE_SESSION, ADMINS, 0, handle_airline_add },
  { "GET",    "/v1/landing/requests",                  PD_ROUTE_SESSION, OFFICERS, 0, handle_list },
  { "GET",    "/v1/landing/requests/{ref}",            PD_ROUTE_SESSION, OFFICERS, 0, handle_get },
  { "GET",    "/v1/landing/requests/{ref}/research",   PD_ROUTE_SESSION, OFFICERS, 0, handle_research },
  { "POST",   "/v1/landing/requests/{ref}/recommend",  PD_ROUTE_SESSION, OFFICERS, 0, handle_recommend },
  { "POST",   "/v1/landing/requests/{ref}/decide",     PD_ROUTE_SESSION, OFFICERS, 0, handle_decide },
  { "POST",   "/v1/landing/requests/{ref}/chat",       PD_ROUTE_SESSION, OFFICERS, 0, handle_chat },
  { "POST",   "/v1/landing/requests/{ref}/read",       PD_ROUTE_SESSION, OFFICERS, 0, handle_read },
  { "GET",    "/v1/landing/schedule",                  PD_ROUTE_SESSION, OFFICERS, 0, handle_schedule },
  { "GET",    "/v1/landing/designees",                 PD_ROUTE_SESSION, OFFICERS, 0, handle_designees },
  { "POST",   "/v1/landing/designees",                 PD_ROUTE_SESSION, DIRECTORS, 0, handle_designee_add },
  { "DELETE", "/v1/landing/designees/{user}",          PD_ROUTE_SESSION, DIRECTORS, 0, handle_designee_remove },
  { "GET",    "/v1/intake/landing/airlines",            PD_ROUTE_PUBLIC, 0, OPERATORS, handle_airlines },
  { "GET",    "/v1/intake/landing/profile",             PD_ROUTE_PUBLIC, 0, OPERATORS, handle_profile },
  { "POST",   "/v1/intake/landing/profile",             PD_ROUTE_PUBLIC, 0, OPERATORS, handle_profile_set },
  { "POST",   "/v1/intake/landing/requests",            PD_ROUTE_PUBLIC, 0, OPERATORS, handle_submit },
  { "GET",    "/v1/intake/landing/requests",            PD_ROUTE_PUBLIC, 0, OPERATORS, handle_list },
  { "GET",    "/v1/intake/landing/requests/{ref}",      PD_ROUTE_PUBLIC, 0, OPERATORS, handle_get },
  { "POST",   "/v1/intake/landing/requests/{ref}/amend",    PD_ROUTE_PUBLIC, 0, OPERATORS, handle_amend },
  { "POST",   "/v1/intake/landing/requests/{ref}/withdraw", PD_ROUTE_PUBLIC, 0, OPERATORS, handle_withdraw },
  { "POST",   "/v1/intake/landing/requests/{ref}/chat",     PD_ROUTE_PUBLIC, 0, OPERATORS, handle_chat },
  { "POST",   "/v1/intake/landing/requests/{ref}/read",     PD_ROUTE_PUBLIC, 0, OPERATORS, handle_read },
};

static const PdRoute *
landing_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_landing_flow = {
  .name = "landing",
  .event_prefix = PD_EVENT_LANDING_PREFIX,
  .routes = landing_routes,
  .retention = pd_engine_landing_retention,
};
