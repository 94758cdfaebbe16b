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

#define PD_FACE_THRESHOLDS_VERSION "2026.11-1"

typedef struct {
  double fmr;        /* target false-match rate */
  float similarity;  /* accept when cosine similarity >= this */
} PdFaceThreshold;

/* Sorted by decreasing FMR.  See docs/face-engine.md for the impostor data
 * behind each row; the rows with fewer impostor pairs than 10/FMR are
 * extrapolated and flagged there. */
static const PdFaceThreshold pd_face_thresholds[] = {
  { 1e-2, 0.905f },
  { 1e-3, 0.925f },
  { 1e-4, 0.940f },
  { 1e-5, 0.950f },
};

/* Default operating point for 1:1 verify and 1:N search. */
#define PD_FACE_DEFAULT_FMR 1e-3

float pd_face_threshold_for_fmr (double fmr);

G_END_DECLS
