/* pd-api-flags.c: misuse flags: the review queue, suspension requests, the
 * scanner on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-engine-flags.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-json.h"

#define AUDITOR   PD_ROLE_BIT (PD_ROLE_AUDITOR)
#define ADMIN     PD_ROLE_BIT (PD_ROLE_ADMIN)

static gint64
flag_cursor (gconstpointer row)
{
  return json_object_get_int_member ((JsonObject *) row, "id");
}

static void
handle_list (PdCall *call)
{
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  gint64 before, limit;

  if (!pd_call_query_int (call, "cursor", 0, 0, G_MAXINT64, &before) ||
      !pd_call_query_int (call, "limit", 100, 1, 1000, &limit))
    return;
  rows = pd_engine_flag_list (call->engine, call->caller, pd_call_query (call, "state"), pd_call_query (call, "rule"),
                              pd_call_query (call, "user"), before, limit, &error);
  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, limit, flag_cursor);
}

static void
handle_show (PdCall *call)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonObject) f = NULL;
  GError *error = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "flag", &id))
    return;
  if ((f = pd_engine_flag_get (call->engine, call->caller, id, &entries, &error)) == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "flag");
  pd_api_add_object (b, f);
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    pd_api_add_audit_entry (b, entries->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

typedef JsonObject *(*ReviewFunc) (PdEngine *self, PdCaller *caller, gint64 id, const char *reason, GError **error);

/* POST {reason} to flag {id}. */
static void
review (PdCall     *call,
        ReviewFunc  func)
{
  static const char * const allowed[] = { "reason", NULL };
  const char *reason = NULL;
  GError *error = NULL;
  JsonObject *f = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "flag", &id))
    return;
  if (pd_json_check_members (call->body, allowed, &error) &&
      pd_json_get_string (call->body, "reason", TRUE, 500, &reason, &error))
    f = func (call->engine, call->caller, id, reason, &error);
  pd_call_reply_object (call, 200, f, error);
}

static void
handle_clear (PdCall *call)
{
  review (call, pd_engine_flag_clear);
}

static void
handle_escalate (PdCall *call)
{
  review (call, pd_engine_flag_escalate);
}

static void
handle_suspend (PdCall *call)
{
  review (call, pd_engine_flag_suspend);
}

static void
handle_scan (PdCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  GError *error = NULL;
  gint64 last = 0;
  guint raised = 0;

  if (!pd_engine_flags_scan (call->engine, call->caller, &raised, &last, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "raised");
  json_builder_add_int_value (b, raised);
  json_builder_set_member_name (b, "last_seq");
  json_builder_add_int_value (b, last);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static const PdRoute routes[] = {
  { "GET",  "/v1/flags",               PD_ROUTE_SESSION, AUDITOR | ADMIN, 0, handle_list },
  { "POST", "/v1/flags/scan",          PD_ROUTE_SESSION, ADMIN, 0, handle_scan },
  { "GET",  "/v1/flags/{id}",          PD_ROUTE_SESSION, AUDITOR | ADMIN, 0, handle_show },
  { "POST", "/v1/flags/{id}/clear",    PD_ROUTE_SESSION, AUDITOR | ADMIN, 0, handle_clear },
  { "POST", "/v1/flags/{id}/escalate", PD_ROUTE_SESSION, AUDITOR, 0, handle_escalate },
  { "POST", "/v1/flags/{id}/suspend",  PD_ROUTE_SESSION, ADMIN, 0, handle_suspend },
};

static const PdRoute *
flags_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_oversight_flow = {
  .name = "oversight",
  .event_prefix = PD_EVENT_FLAG_PREFIX,
  .routes = flags_routes,
  .retention = NULL,
};
