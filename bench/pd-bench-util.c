/* pd-bench-util.c: shared helpers of the face benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

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

double
pd_bench_median (double *v, guint n)
{
  if (n == 0)
    return 0;
  qsort (v, n, sizeof (double), cmp_double);
  return v[n / 2];
}
