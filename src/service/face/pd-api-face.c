/* pd-api-face.c: galleries and 1:N search over the API
 *
 * The face flow's routes: the status of the engine inside portdeskd, the
 * galleries, enrolment of a subject from a photo (the template is kept,
 * never the photo) and the search that the TSA and TVS flows build on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-engine-face.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-face-blas.h"
#include "pd-face-index.h"
#include "pd-flow.h"
#include "pd-json.h"

#define ADMIN      PD_ROLE_BIT (PD_ROLE_ADMIN)
#define AUDITOR    PD_ROLE_BIT (PD_ROLE_AUDITOR)
#define FACE_ROLES (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_TSA_SUPERVISOR))
#define PHOTO_MAX  (10 * 1024 * 1024)

static void
handle_status (PdCall *call)
{
  GError *error = NULL;
  g_autoptr(GHashTable) sizes = pd_engine_face_galleries (call->engine, call->caller, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GList) names = NULL;

  if (sizes == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  names = g_list_sort (g_hash_table_get_keys (sizes), (GCompareFunc) g_strcmp0);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "thresholds_version");
  json_builder_add_string_value (b, pd_face_thresholds_version ());
  json_builder_set_member_name (b, "default_fmr");
  json_builder_add_double_value (b, PD_FACE_DEFAULT_FMR);
  json_builder_set_member_name (b, "blas_kernel");
  json_builder_add_string_value (b, pd_face_blas_kernel ());
  json_builder_set_member_name (b, "index_kernel");
  json_builder_add_string_value (b, pd_face_index_kernel_name ());
  json_builder_set_member_name (b, "galleries");
  json_builder_begin_array (b);
  for (GList *l = names; l != NULL; l = l->next)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, l->data);
      json_builder_set_member_name (b, "templates");
      json_builder_add_int_value (b, GPOINTER_TO_UINT (g_hash_table_lookup (sizes, l->data)));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static void
handle_enroll (PdCall *call)
{
  GError *error = NULL;
  const char *gallery = pd_call_param (call, "gallery"), *subject = pd_call_param (call, "subject");
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!pd_engine_face_enroll (call->engine, call->caller, gallery, subject, call->photo, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "gallery");
  json_builder_add_string_value (b, gallery);
  json_builder_set_member_name (b, "subject");
  json_builder_add_string_value (b, subject);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 201, b);
}

static void
handle_remove (PdCall *call)
{
  GError *error = NULL;

  if (!pd_engine_face_remove (call->engine, call->caller, pd_call_param (call, "gallery"),
                              pd_call_param (call, "subject"), &error))
    pd_call_fail (call, error);
}

/* {"gallery", "usable", "quality": {"codes", "reasons"}, "match", "hits":
 * [{"subject", "similarity"}], "threshold", "target_fmr",
 * "thresholds_version", "timing_ms": {"analyse", "search"}} */
static void
handle_search (PdCall *call)
{
  GError *error = NULL;
  const char *gallery = pd_call_param (call, "gallery");
  const char *fmr_text = pd_call_query (call, "fmr");
  g_auto(PdFaceSearch) s = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  double fmr = PD_FACE_DEFAULT_FMR;
  char *end = NULL;
  gint64 k;

  if (fmr_text != NULL)
    {
      fmr = g_ascii_strtod (fmr_text, &end);
      if (end == fmr_text || *end != '\0')
        fmr = -1;
    }
  if (!pd_call_query_int (call, "k", 1, 1, 20, &k))
    return;
  if (!pd_engine_face_search (call->engine, call->caller, gallery, call->photo, fmr, (guint) k, &s, &error))
    {
      pd_call_fail (call, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "gallery");
  json_builder_add_string_value (b, gallery);
  json_builder_set_member_name (b, "usable");
  json_builder_add_boolean_value (b, s.capture.usable);
  json_builder_set_member_name (b, "quality");
  json_builder_begin_object (b);
  pd_json_builder_add_strv (b, "codes", s.capture.codes);
  pd_json_builder_add_strv (b, "reasons", s.capture.reasons);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "match");
  json_builder_add_boolean_value (b, s.hits->len > 0);
  json_builder_set_member_name (b, "hits");
  json_builder_begin_array (b);
  for (guint i = 0; i < s.hits->len; i++)
    {
      const PdGalleryHit *hit = &g_array_index (s.hits, PdGalleryHit, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "subject");
      json_builder_add_string_value (b, hit->subject);
      json_builder_set_member_name (b, "similarity");
      json_builder_add_double_value (b, hit->similarity);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "threshold");
  json_builder_add_double_value (b, s.op->similarity);
  json_builder_set_member_name (b, "target_fmr");
  json_builder_add_double_value (b, s.op->fmr);
  json_builder_set_member_name (b, "thresholds_version");
  json_builder_add_string_value (b, pd_face_thresholds_version ());
  json_builder_set_member_name (b, "timing_ms");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "analyse");
  json_builder_add_double_value (b, s.analyse_ms);
  json_builder_set_member_name (b, "search");
  json_builder_add_double_value (b, s.search_ms);
  json_builder_end_object (b);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

static const PdRoute routes[] = {
  { "GET",    "/v1/face",                                      PD_ROUTE_SESSION, ADMIN | AUDITOR | FACE_ROLES, 0,
    handle_status },
  { "POST",   "/v1/face/galleries/{gallery}/subjects/{subject}", PD_ROUTE_PHOTO, ADMIN, 0, handle_enroll, PHOTO_MAX },
  { "DELETE", "/v1/face/galleries/{gallery}/subjects/{subject}", PD_ROUTE_SESSION, ADMIN, 0, handle_remove },
  { "POST",   "/v1/face/galleries/{gallery}/search",           PD_ROUTE_PHOTO, FACE_ROLES, 0, handle_search,
    PHOTO_MAX },
};

static const PdRoute *
face_routes (guint *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}

const PdFlow pd_face_flow = {
  .name = "face",
  .event_prefix = PD_EVENT_FACE_PREFIX,
  .routes = face_routes,
  .retention = NULL,
};
