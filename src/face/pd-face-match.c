/* pd-face-match.c: descriptor distances and 1:1 verification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-match"

#include "config.h"

#include <math.h>

#include "pd-face-private.h"
#include "pd-face-threshold.h"

float
pd_face_distance (const float *a, const float *b)
{
  double s = 0;

  for (int i = 0; i < PD_FACE_DESCRIPTOR_DIM; i++) {
    double d = (double) a[i] - b[i];
    s += d * d;
  }
  return (float) sqrt (s);
}

float
pd_face_similarity (const float *a, const float *b)
{
  double ab = 0, aa = 0, bb = 0;

  for (int i = 0; i < PD_FACE_DESCRIPTOR_DIM; i++) {
    ab += (double) a[i] * b[i];
    aa += (double) a[i] * a[i];
    bb += (double) b[i] * b[i];
  }
  if (aa <= 0 || bb <= 0)
    return 0.0f;
  return (float) (ab / sqrt (aa * bb));
}

void
pd_face_normalize (const float *in, float *out)
{
  double s = 0;

  for (int i = 0; i < PD_FACE_DESCRIPTOR_DIM; i++)
    s += (double) in[i] * in[i];
  s = s > 0 ? 1.0 / sqrt (s) : 0.0;
  for (int i = 0; i < PD_FACE_DESCRIPTOR_DIM; i++)
    out[i] = (float) (in[i] * s);
}

/* The threshold of the table row whose FMR is the largest not above @fmr
 * (the strictest row if @fmr is below all of them). */
float
pd_face_threshold_for_fmr (double fmr)
{
  for (guint i = 0; i < G_N_ELEMENTS (pd_face_thresholds); i++)
    if (pd_face_thresholds[i].fmr <= fmr * (1 + 1e-9))
      return pd_face_thresholds[i].similarity;
  return pd_face_thresholds[G_N_ELEMENTS (pd_face_thresholds) - 1].similarity;
}

void
pd_face_verify (const float *a, const float *b, double fmr, PdFaceVerdict *out)
{
  g_return_if_fail (a != NULL && b != NULL && out != NULL);

  out->similarity = pd_face_similarity (a, b);
  out->threshold = pd_face_threshold_for_fmr (fmr);
  out->match = out->similarity >= out->threshold;
}
