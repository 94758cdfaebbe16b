/* pd-face-match.c: descriptor distances and 1:1 verification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-match"

#include "config.h"

#include <math.h>

#include "pd-face-private.h"

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

/* the table: THRESHOLDS_VERSION, THRESHOLDS_SOURCE, thresholds[] */
#include "pd-face-thresholds.inc"

const char *
pd_face_thresholds_version (void)
{
  return THRESHOLDS_VERSION;
}

const char *
pd_face_thresholds_source (void)
{
  return THRESHOLDS_SOURCE;
}

const PdFaceThreshold *
pd_face_thresholds (guint *n_rows)
{
  *n_rows = G_N_ELEMENTS (thresholds);
  return thresholds;
}

const PdFaceThreshold *
pd_face_threshold_for (PdFaceDetector detector, PdFaceChipMode chip, double fmr)
{
  const PdFaceThreshold *strictest = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++) {
    const PdFaceThreshold *t = &thresholds[i];
    if (t->detector != detector || t->chip != chip)
      continue;
    /* rows of a mode are sorted by decreasing FMR */
    if (t->fmr <= fmr * (1 + 1e-9))
      return t;
    strictest = t;
  }
  g_return_val_if_fail (strictest != NULL, &thresholds[G_N_ELEMENTS (thresholds) - 1]);
  return strictest;
}

void
pd_face_verify (const float *a, const float *b, const PdFaceThreshold *op, PdFaceVerdict *out)
{
  g_return_if_fail (a != NULL && b != NULL && op != NULL && out != NULL);

  out->similarity = pd_face_similarity (a, b);
  out->threshold = op->similarity;
  out->match = out->similarity >= out->threshold;
}
