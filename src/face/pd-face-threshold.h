/* pd-face-threshold.h: the one versioned table of match thresholds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A decision threshold is chosen by a target false-match rate (FMR), never
 * by "closest person".  Scores are cosine similarities of L2-normalised
 * descriptors (PdFaceTemplate convention).  Changing any number here means
 * bumping PD_FACE_THRESHOLDS_VERSION so that stored decisions and audit
 * records can name the table they used.  How the numbers were measured:
 * docs/face-engine.md ("Thresholds").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_FACE_THRESHOLDS_VERSION "2026.11-2-provisional"

typedef struct {
  double fmr;        /* target false-match rate */
  float similarity;  /* accept when cosine similarity >= this */
} PdFaceThreshold;

/* Sorted by decreasing FMR.  Measured with bench/face-accuracy on the only
 * labelled set available when this was written (22 identities, 8316
 * impostor pairs (7214 with both images enrolled), SSD detector + aligned chip; docs/face-engine.md):
 *   1e-2, 1e-3  empirical quantiles of the impostor scores;
 *   1e-4, 1e-5  extrapolated from a normal fit of the impostor scores.
 * "provisional" until re-measured on a set with thousands of identities:
 * run face-accuracy --scores on it and replace these rows. */
static const PdFaceThreshold pd_face_thresholds[] = {
  { 1e-2, 0.929f },
  { 1e-3, 0.959f },
  { 1e-4, 0.972f },
  { 1e-5, 0.987f },
};

/* Default operating point for 1:1 verify and 1:N search. */
#define PD_FACE_DEFAULT_FMR 1e-3

float pd_face_threshold_for_fmr (double fmr);

G_END_DECLS
