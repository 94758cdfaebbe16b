/* pd-api-reports.c: GET /v1/reports (the reports the caller may run) and
 * GET /v1/reports/{name}?from=&to=&by= (one report: its series' rows)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-engine-reports.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-json.h"

static void
add_report (JsonBuilder   *b,
            gconstpointer  row)
{
  const PdReport *r = row;

  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "name", r->name);
  pd_json_builder_add_string (b, "title", r->title);
  pd_json_builder_add_string (b, "summary", r->summary);
  pd_json_builder_add_strv (b, "by", (char **) r->dims);
  json_builder_set_member_name (b, "series");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->n_series; i++)
    {
      json_builder_begin_object (b);
      pd_json_builder_add_string (b, "name", r->series[i].name);
      pd_json_builder_add_string (b, "title", r->series[i].title);
      pd_json_builder_add_string (b, "chart", pd_chart_to_string (r->series[i].chart));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
handle_list (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_reports_list (call->engine, call->caller, &error);

  pd_call_reply_items (call, rows, error, add_report, G_MAXUINT, NULL);
}

static void
handle_report (PdCall *call)
{
  GError *error = NULL;
  JsonNode *r = pd_engine_report (call->engine, call->caller, pd_call_param (call, "name"),
                                  pd_call_query (call, "from"), pd_call_query (call, "to"),
                                  pd_call_query (call, "by"), &error);

  if (r == NULL)
    pd_call_fail (call, error);
  else
    pd_call_reply (call, 200, r);
}

static const PdRoute routes[] = {
  { "GET", "/v1/reports",        PD_ROUTE_SESSION, PD_ROLES_ALL, 0, handle_list },
  { "GET", "/v1/reports/{name}", PD_ROUTE_SESSION, PD_ROLES_ALL, 0, handle_report },
};

static const PdRoute *
reports_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_reports_flow = {
  .name = "reports",
  .event_prefix = PD_EVENT_REPORTS_PREFIX,
  .routes = reports_routes,
  .retention = NULL,
};
