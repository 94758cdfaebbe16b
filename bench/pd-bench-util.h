/* pd-bench-util.h: shared helpers of the face benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The reference tool's directory: $PORTDESK_FACEAPI_REFERENCE, else
 * <source root>/../shared/tools/faceapi-reference. */
char *pd_bench_reference_dir (void);
/* The npm package's demo photos: $PORTDESK_FACE_DEMO_DIR, else the
 * fetch-weights npm cache, else the reference tool's node_modules. */
char *pd_bench_demo_dir (void);
double pd_bench_now_ms (void);
/* The reference tool's `time` mode on @png with @detector ("ssd", "tiny"):
 * its pipeline (detect, landmarks, descriptors) and descriptor times. */
gboolean pd_bench_reference_time (const char *refdir, const char *detector, const char *png,
                                  double *pipe_ms, double *desc_ms);
double pd_bench_median (double *v, guint n);
double pd_bench_percentile (double *v, guint n, double p);

/* What a load phase's requests took: @ms (double, sorted in place) in
 * @seconds of load. */
typedef struct {
  guint  n;
  double sum_ms, rate, p50, p99;
} PdBenchLatency;
PdBenchLatency pd_bench_latency (GArray *ms, double seconds);

G_END_DECLS
