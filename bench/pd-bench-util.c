/* pd-bench-util.c: shared helpers of the face benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <json-glib/json-glib.h>

#include "pd-bench-util.h"

char *
pd_bench_reference_dir (void)
{
  const char *env = g_getenv ("PORTDESK_FACEAPI_REFERENCE");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (PD_SOURCE_ROOT, "..", "shared", "tools", "faceapi-reference", NULL);
}

char *
pd_bench_demo_dir (void)
{
  const char *env = g_getenv ("PORTDESK_FACE_DEMO_DIR");
  g_autofree char *cache = NULL;
  g_autofree char *ref = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  cache = g_build_filename (g_get_user_cache_dir (), "portdesk", "npm", "node_modules",
                            "@vladmandic", "face-api", "demo", NULL);
  if (g_file_test (cache, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&cache);
  ref = pd_bench_reference_dir ();
  return g_build_filename (ref, "node_modules", "@vladmandic", "face-api", "demo", NULL);
}

double
pd_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

double
pd_bench_percentile (double *v, guint n, double p)
{
  guint k;

  if (n == 0)
    return 0;
  qsort (v, n, sizeof (double), cmp_double);
  k = (guint) (p * (n - 1) + 0.5);
  return v[MIN (k, n - 1)];
}

PdBenchLatency
pd_bench_latency (GArray *ms,
                  double  seconds)
{
  PdBenchLatency l = { ms->len, 0, ms->len / seconds, 0, 0 };

  for (guint i = 0; i < ms->len; i++)
    l.sum_ms += g_array_index (ms, double, i);
  l.p50 = pd_bench_percentile ((double *) (void *) ms->data, ms->len, 0.50);
  l.p99 = pd_bench_percentile ((double *) (void *) ms->data, ms->len, 0.99);
  return l;
}

double
pd_bench_median (double *v, guint n)
{
  if (n == 0)
    return 0;
  qsort (v, n, sizeof (double), cmp_double);
  return v[n / 2];
}

gboolean
pd_bench_reference_time (const char *refdir, const char *detector, const char *png, double *pipe_ms,
                         double *desc_ms)
{
  g_autofree char *script = g_build_filename (refdir, "reference.js", NULL);
  const char *argv[] = { "node", script, "time", "--detector", detector, png, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status = 0;
  JsonObject *r;

  if (!g_spawn_sync (refdir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error) ||
      !json_parser_load_from_data (parser, out, -1, &error)) {
    g_printerr ("reference failed: %s\n", error ? error->message : "?");
    return FALSE;
  }
  r = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "results"), 0);
  *pipe_ms = json_object_get_double_member (r, "pipeline_ms");
  *desc_ms = json_object_get_double_member (r, "descriptor_ms");
  return TRUE;
}
