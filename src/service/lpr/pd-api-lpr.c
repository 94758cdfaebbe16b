/* pd-api-lpr.c: LPR reads, displays, alerts, cases and queries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-engine-lpr.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-flow.h"
#include "pd-json.h"

#define ANALYSTS  PD_ROLE_BIT (PD_ROLE_LPR_ANALYST)
#define REVIEWERS PD_ROLE_BIT (PD_ROLE_AUDITOR)
#define FEEDS     PD_PRINCIPAL_BIT (PD_PRINCIPAL_LPR_FEED)
#define BATCH_MAX (8 * 1024 * 1024)

static void
reply_object (PdCall      *call,
              guint        status,
              JsonObject  *o,             /* takes */
              const char  *list_name,
              GPtrArray   *list)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; list != NULL && i < list->len; i++)
    json_array_add_object_element (a, json_object_ref (list->pdata[i]));
  if (list_name != NULL)
    json_object_set_array_member (o, list_name, a);
  else
    json_array_unref (a);
  pd_call_reply (call, status, json_node_init_object (json_node_alloc (), o));
  json_object_unref (o);
}

static void
reply_rows (PdCall     *call,
            GPtrArray  *rows,
            GError     *error)
{
  pd_call_reply_items (call, rows, error, (PdApiAddFunc) pd_api_add_object, 0, NULL);
}

/* The objects of a JSON body: the array member @member, or the body itself
 * as the one object; NULL after answering 400. */
static GPtrArray *
body_objects (PdCall      *call,
              const char  *member)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonNode *list = json_object_get_member (call->body, member);

  if (list == NULL)
    {
      g_ptr_array_add (out, json_object_ref (call->body));
      return g_steal_pointer (&out);
    }
  if (!JSON_NODE_HOLDS_ARRAY (list) || json_object_get_size (call->body) != 1)
    {
      pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "Send {\"%s\": [...]} or one object", member));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *n = json_array_get_element (json_node_get_array (list), i);

      if (!JSON_NODE_HOLDS_OBJECT (n))
        {
          pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "%s[%u]: not an object", member, i));
          return NULL;
        }
      g_ptr_array_add (out, json_object_ref (json_node_get_object (n)));
    }
  return g_steal_pointer (&out);
}

/* The CSV body's rows as objects of @columns; NULL after answering 400. */
static GPtrArray *
csv_objects (PdCall              *call,
             const char * const  *columns)
{
  GError *error = NULL;
  gsize len = 0;
  const char *data = call->raw_body != NULL ? g_bytes_get_data (call->raw_body, &len) : NULL;
  GPtrArray *out = data != NULL ? pd_lpr_csv_objects (data, len, columns, &error) : NULL;

  if (out == NULL)
    pd_call_fail (call, error != NULL ? error : g_error_new_literal (PD_ERROR, PD_ERROR_INVALID,
                                                                     "Send the CSV file as the request body"));
  return out;
}

/* --- reads ---------------------------------------------------------------------- */

static void
reply_ingest (PdCall            *call,
              gboolean           ok,
              const PdLprIngest *r,
              GError            *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!ok)
    {
      pd_call_fail (call, error);
      return;
    }
  /* never whether a read hit a display: a feed must not learn what is listed */
  json_builder_begin_object (b);
  pd_json_builder_add_int (b, "received", r->received);
  pd_json_builder_add_int (b, "stored", r->stored);
  pd_json_builder_add_int (b, "duplicates", r->duplicates);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

/* A feed's batch in the plain form is read without a JSON tree (most of
 * the intake's CPU otherwise); any other body, and any read with an error,
 * takes the general way, which words what is wrong. */
static void
handle_reads (PdCall *call)
{
  g_autoptr(GPtrArray) objects = NULL;
  PdLprIngest r = { 0 };
  GError *error = NULL;
  gboolean ok, plain;

  ok = pd_engine_lpr_reads_receive_plain (call->engine, call->caller, call->raw_body, &r, &plain, &error);
  if (!plain)
    {
      if (!pd_call_parse_body (call) || (objects = body_objects (call, "reads")) == NULL)
        return;
      ok = pd_engine_lpr_reads_receive (call->engine, call->caller, objects, &r, &error);
    }
  reply_ingest (call, ok, &r, error);
}

static void
reply_import (PdCall     *call,
              const char *member,
              gint64      value)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  pd_json_builder_add_int (b, member, value);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_import_begin (PdCall *call)
{
  GError *error = NULL;
  gint64 id;

  if (!pd_engine_lpr_import_begin (call->engine, call->caller, &id, &error))
    pd_call_fail (call, error);
  else
    reply_import (call, "import", id);
}

/* a part of the file: CSV with its header row; ?first= the number of its first row in the file */
static void
handle_import_rows (PdCall *call)
{
  g_autoptr(GPtrArray) objects = NULL;
  GError *error = NULL;
  gint64 id, first;
  guint staged = 0;

  if (!pd_call_param_id (call, "id", "import", &id) ||
      !pd_call_query_int (call, "first", 1, 1, G_MAXINT32, &first) ||
      (objects = csv_objects (call, pd_lpr_read_columns)) == NULL)
    return;
  if (!pd_engine_lpr_import_add (call->engine, call->caller, id, objects, (guint) first, &staged, &error))
    pd_call_fail (call, error);
  else
    reply_import (call, "staged", staged);
}

static void
handle_import_commit (PdCall *call)
{
  PdLprIngest r = { 0 };
  GError *error = NULL;
  gboolean ok;
  gint64 id;

  if (!pd_call_param_id (call, "id", "import", &id))
    return;
  ok = pd_engine_lpr_import_commit (call->engine, call->caller, id, &r, &error);
  reply_ingest (call, ok, &r, error);
}

static void
handle_import_cancel (PdCall *call)
{
  GError *error = NULL;
  gint64 id;

  if (pd_call_param_id (call, "id", "import", &id) &&
      !pd_engine_lpr_import_cancel (call->engine, call->caller, id, &error))
    pd_call_fail (call, error);
}

/* --- alerts ---------------------------------------------------------------------- */

static void
handle_alerts (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_lpr_alerts (call->engine, call->caller,
                                                    g_strcmp0 (pd_call_query (call, "open"), "1") == 0, &error);

  reply_rows (call, rows, error);
}

static void
handle_alert (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  JsonObject *alert;
  gint64 id;

  if (!pd_call_param_id (call, "id", "alert", &id))
    return;
  if ((alert = pd_engine_lpr_alert (call->engine, call->caller, id, &reads, &error)) == NULL)
    pd_call_fail (call, error);
  else
    reply_object (call, 200, alert, "items", reads);
}

static void
handle_alert_dispose (PdCall *call)
{
  static const char * const allowed[] = { "disposition", "reason", NULL };
  const char *disposition = NULL, *reason = NULL;
  GError *error = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "alert", &id))
    return;
  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "disposition", TRUE, 20, &disposition, &error) ||
      !pd_json_get_string (call->body, "reason", TRUE, 500, &reason, &error) ||
      !pd_engine_lpr_alert_dispose (call->engine, call->caller, id, disposition, reason, &error))
    pd_call_fail (call, error);
}

/* --- displays -------------------------------------------------------------------- */

static void
handle_displays (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_lpr_displays (call->engine, call->caller, &error);

  reply_rows (call, rows, error);
}

typedef gint64 (*CreateFunc) (PdEngine *engine, PdCaller *caller, const char *a, const char *b, GError **error);

/* A new display or case from the two texts @a and @b: {"id", @a, "notice"} */
static void
create_named (PdCall      *call,
              const char  *a,
              gsize        a_max,
              const char  *b,
              gsize        b_max,
              CreateFunc   create,
              const char  *notice)
{
  const char * const allowed[] = { a, b, NULL };
  const char *a_text = NULL, *b_text = NULL;
  GError *error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 id;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, a, TRUE, a_max, &a_text, &error) ||
      !pd_json_get_string (call->body, b, TRUE, b_max, &b_text, &error) ||
      (id = create (call->engine, call->caller, a_text, b_text, &error)) == 0)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (builder);
  pd_json_builder_add_int (builder, "id", id);
  pd_json_builder_add_string (builder, a, a_text);
  pd_json_builder_add_string (builder, "notice", notice);
  json_builder_end_object (builder);
  pd_call_reply_builder (call, 201, builder);
}

static void
handle_display_create (PdCall *call)
{
  create_named (call, "name", 100, "reason", 500, pd_engine_lpr_display_create, pd_lpr_display_notice);
}

static void
handle_display (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "display", &id))
    return;
  rows = pd_engine_lpr_display_items (call->engine, call->caller, id, &error);
  reply_rows (call, rows, error);
}

static void
reply_added (PdCall     *call,
             gboolean    ok,
             GArray     *ids,
             GError     *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!ok)
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (b, g_array_index (ids, gint64, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

static void
add_items (PdCall    *call,
           GPtrArray *objects,
           const char *what)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *error = NULL;
  gboolean ok;
  gint64 id;

  if (objects == NULL || !pd_call_param_id (call, "id", "display", &id))
    return;
  ok = pd_engine_lpr_items_add (call->engine, call->caller, id, objects, what, ids, &error);
  reply_added (call, ok, ids, error);
}

static void
handle_items_add (PdCall *call)
{
  g_autoptr(GPtrArray) objects = body_objects (call, "items");

  add_items (call, objects, "item");
}

static void
handle_items_import (PdCall *call)
{
  g_autoptr(GPtrArray) objects = csv_objects (call, pd_lpr_item_csv_columns);

  add_items (call, objects, "row");
}

static void
handle_items_export (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GBytes) csv = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "display", &id))
    return;
  if ((csv = pd_engine_lpr_items_export (call->engine, call->caller, id, &error)) == NULL)
    pd_call_fail (call, error);
  else
    pd_call_reply_raw (call, "text/csv; charset=utf-8", csv);
}

static void
item_change (PdCall   *call,
             gboolean  remove)
{
  GError *error = NULL;
  gint64 id;

  if (pd_call_param_id (call, "id", "display item", &id) &&
      !(remove ? pd_engine_lpr_item_remove : pd_engine_lpr_item_validate) (call->engine, call->caller, id, &error))
    pd_call_fail (call, error);
}

static void
handle_item_validate (PdCall *call)
{
  item_change (call, FALSE);
}

static void
handle_item_remove (PdCall *call)
{
  item_change (call, TRUE);
}

static void
handle_review_sign (PdCall *call)
{
  static const char * const allowed[] = { "note", NULL };
  const char *note = NULL;
  GError *error = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "display", &id))
    return;
  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_string (call->body, "note", FALSE, 1000, &note, &error) ||
      !pd_engine_lpr_review_sign (call->engine, call->caller, id, note, &error))
    pd_call_fail (call, error);
}

static void
handle_reviews (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_lpr_reviews (call->engine, call->caller, pd_call_query (call, "quarter"),
                                                     &error);

  reply_rows (call, rows, error);
}

/* --- cases and queries ------------------------------------------------------------ */

static void
handle_cases (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) rows = pd_engine_lpr_cases (call->engine, call->caller, &error);

  reply_rows (call, rows, error);
}

static void
handle_case_open (PdCall *call)
{
  create_named (call, "number", 40, "title", 200, pd_engine_lpr_case_open, NULL);
}

static void
handle_case (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  JsonObject *c = NULL;
  gint64 id;

  if (!pd_call_param_id (call, "id", "case", &id))
    return;
  if ((saved = pd_engine_lpr_case_saved (call->engine, call->caller, id, &c, &error)) == NULL)
    pd_call_fail (call, error);
  else
    reply_object (call, 200, c, "items", saved);
}

static void
handle_case_close (PdCall *call)
{
  GError *error = NULL;
  gint64 id;

  if (pd_call_param_id (call, "id", "case", &id) &&
      !pd_engine_lpr_case_close (call->engine, call->caller, id, &error))
    pd_call_fail (call, error);
}

static void
reply_query (PdCall  *call,
             guint    status,
             gint64   id)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  JsonObject *q = pd_engine_lpr_query_results (call->engine, call->caller, id, &results, &error);

  if (q == NULL)
    pd_call_fail (call, error);
  else
    reply_object (call, status, q, "items", results);
}

static void
handle_query (PdCall *call)
{
  static const char * const allowed[] = {
    "case", "plate", "look_alikes", "reader_address", "make", "model", "from", "to", NULL
  };
  PdLprQueryParams p = { 0 };
  GError *error = NULL;
  gint64 id;

  if (!pd_json_check_members (call->body, allowed, &error) ||
      !pd_json_get_int (call->body, "case", TRUE, 1, G_MAXINT64, &p.case_id, &error) ||
      !pd_json_get_string (call->body, "plate", FALSE, 40, &p.plate, &error) ||
      !pd_json_get_bool (call->body, "look_alikes", FALSE, &p.look_alikes, &error) ||
      !pd_json_get_string (call->body, "reader_address", FALSE, 200, &p.reader_address, &error) ||
      !pd_json_get_string (call->body, "make", FALSE, 50, &p.make, &error) ||
      !pd_json_get_string (call->body, "model", FALSE, 50, &p.model, &error) ||
      !pd_json_get_string (call->body, "from", FALSE, 10, &p.from, &error) ||
      !pd_json_get_string (call->body, "to", FALSE, 10, &p.to, &error) ||
      !pd_engine_lpr_query (call->engine, call->caller, &p, &id, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  reply_query (call, 201, id);
}

static void
handle_query_show (PdCall *call)
{
  gint64 id;

  if (pd_call_param_id (call, "id", "query", &id))
    reply_query (call, 200, id);
}

static void
handle_save (PdCall *call)
{
  static const char * const allowed[] = { "reads", NULL };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *error = NULL;
  JsonArray *reads;
  gint64 id;

  if (!pd_call_param_id (call, "id", "query", &id))
    return;
  if (!pd_json_check_members (call->body, allowed, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  reads = json_object_has_member (call->body, "reads") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (call->body,
                                                                                                        "reads")) ?
          json_object_get_array_member (call->body, "reads") : NULL;
  for (guint i = 0; reads != NULL && i < json_array_get_length (reads); i++)
    {
      JsonNode *n = json_array_get_element (reads, i);
      gint64 v = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64 ? json_node_get_int (n) : 0;

      if (v <= 0)
        {
          pd_call_fail (call, g_error_new (PD_ERROR, PD_ERROR_INVALID, "reads[%u]: a read's id", i));
          return;
        }
      g_array_append_val (ids, v);
    }
  if (reads == NULL)
    pd_call_fail (call, g_error_new_literal (PD_ERROR, PD_ERROR_INVALID, "reads: the ids of the results to save"));
  else if (!pd_engine_lpr_save (call->engine, call->caller, id, ids, &error))
    pd_call_fail (call, error);
}

static const PdRoute routes[] = {
  { "POST",   "/v1/lpr/reads",                    PD_ROUTE_PUBLIC | PD_ROUTE_OWN_JSON, 0, FEEDS, handle_reads, BATCH_MAX },
  { "POST",   "/v1/lpr/imports",                  PD_ROUTE_SESSION, ANALYSTS, 0, handle_import_begin },
  { "POST",   "/v1/lpr/imports/{id}/rows",        PD_ROUTE_SESSION | PD_ROUTE_RAW, ANALYSTS, 0, handle_import_rows },
  { "POST",   "/v1/lpr/imports/{id}/commit",      PD_ROUTE_SESSION, ANALYSTS, 0, handle_import_commit },
  { "DELETE", "/v1/lpr/imports/{id}",             PD_ROUTE_SESSION, ANALYSTS, 0, handle_import_cancel },
  { "GET",    "/v1/lpr/alerts",                   PD_ROUTE_SESSION, ANALYSTS, 0, handle_alerts },
  { "GET",    "/v1/lpr/alerts/{id}",              PD_ROUTE_SESSION, ANALYSTS, 0, handle_alert },
  { "POST",   "/v1/lpr/alerts/{id}/disposition",  PD_ROUTE_SESSION, ANALYSTS, 0, handle_alert_dispose },
  { "GET",    "/v1/lpr/displays",                 PD_ROUTE_SESSION, ANALYSTS | REVIEWERS, 0, handle_displays },
  { "POST",   "/v1/lpr/displays",                 PD_ROUTE_SESSION, ANALYSTS, 0, handle_display_create },
  { "GET",    "/v1/lpr/displays/{id}",            PD_ROUTE_SESSION, ANALYSTS | REVIEWERS, 0, handle_display },
  { "POST",   "/v1/lpr/displays/{id}/items",      PD_ROUTE_SESSION, ANALYSTS, 0, handle_items_add, BATCH_MAX },
  { "POST",   "/v1/lpr/displays/{id}/import",     PD_ROUTE_SESSION | PD_ROUTE_RAW, ANALYSTS, 0, handle_items_import },
  { "GET",    "/v1/lpr/displays/{id}/export",     PD_ROUTE_SESSION, ANALYSTS | REVIEWERS, 0, handle_items_export },
  { "POST",   "/v1/lpr/displays/{id}/review",     PD_ROUTE_SESSION, REVIEWERS, 0, handle_review_sign },
  { "POST",   "/v1/lpr/items/{id}/validate",      PD_ROUTE_SESSION, ANALYSTS, 0, handle_item_validate },
  { "DELETE", "/v1/lpr/items/{id}",               PD_ROUTE_SESSION, ANALYSTS, 0, handle_item_remove },
  { "GET",    "/v1/lpr/reviews",                  PD_ROUTE_SESSION, ANALYSTS | REVIEWERS, 0, handle_reviews },
  { "GET",    "/v1/lpr/cases",                    PD_ROUTE_SESSION, ANALYSTS, 0, handle_cases },
  { "POST",   "/v1/lpr/cases",                    PD_ROUTE_SESSION, ANALYSTS, 0, handle_case_open },
  { "GET",    "/v1/lpr/cases/{id}",               PD_ROUTE_SESSION, ANALYSTS, 0, handle_case },
  { "POST",   "/v1/lpr/cases/{id}/close",         PD_ROUTE_SESSION, ANALYSTS, 0, handle_case_close },
  { "POST",   "/v1/lpr/queries",                  PD_ROUTE_SESSION, ANALYSTS, 0, handle_query },
  { "GET",    "/v1/lpr/queries/{id}",             PD_ROUTE_SESSION, ANALYSTS, 0, handle_query_show },
  { "POST",   "/v1/lpr/queries/{id}/save",        PD_ROUTE_SESSION, ANALYSTS, 0, handle_save },
};

static const PdRoute *
lpr_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_lpr_flow = {
  .name = "lpr",
  .event_prefix = PD_EVENT_LPR_PREFIX,
  .routes = lpr_routes,
  .retention = pd_engine_lpr_retention,
};
