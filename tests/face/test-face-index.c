/* test-face-index.c: distances, thresholds, int8 templates and 1:N search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "pd-face-index.h"
#include "pd-face.h"

#define DIM PD_FACE_DESCRIPTOR_DIM

static void
random_unit (GRand *rng, float *v)
{
  double s = 0;

  for (int i = 0; i < DIM; i++) {
    v[i] = (float) g_rand_double_range (rng, -1, 1);
    s += (double) v[i] * v[i];
  }
  for (int i = 0; i < DIM; i++)
    v[i] = (float) (v[i] / sqrt (s));
}

static void
test_conventions (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (1);
  float a[DIM], b[DIM], a2[DIM], u[DIM];
  const PdFaceThreshold *op;
  PdFaceVerdict v;

  random_unit (rng, a);
  random_unit (rng, b);
  for (int i = 0; i < DIM; i++)
    a2[i] = a[i] * 3.5f;
  g_assert_cmpfloat (pd_face_distance (a, a), ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (pd_face_distance (a, a2), 2.5f, 1e-5);
  g_assert_cmpfloat_with_epsilon (pd_face_similarity (a, a2), 1.0f, 1e-6);
  /* for unit vectors: d^2 = 2 - 2 cos */
  g_assert_cmpfloat_with_epsilon (pow (pd_face_distance (a, b), 2), 2 - 2 * pd_face_similarity (a, b), 1e-5);
  pd_face_normalize (a2, u);
  for (int i = 0; i < DIM; i++)
    g_assert_cmpfloat_with_epsilon (u[i], a[i], 1e-6);

  op = pd_face_threshold_for (PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_DEFAULT, PD_FACE_DEFAULT_FMR);
  pd_face_verify (a, a2, op, &v);
  g_assert_true (v.match);
  pd_face_verify (a, b, op, &v);
  g_assert_false (v.match);
  g_assert_cmpfloat (v.threshold, ==, op->similarity);
}

/* The calibrated table: every detector and chip mode has the four rows;
 * a stricter FMR never has a lower threshold; each row's counts agree
 * with its target; and the FMR measured on identities a threshold was not
 * derived from (cross-validated by identity) is within 2x of the target. */
static void
test_thresholds (void)
{
  const PdFaceDetector dets[] = { PD_FACE_DETECTOR_TINY, PD_FACE_DETECTOR_SSD };
  const PdFaceChipMode chips[] = { PD_FACE_CHIP_FACEAPI, PD_FACE_CHIP_ALIGNED };
  const double fmrs[] = { 1e-2, 1e-3, 1e-4, 1e-5 };
  guint n;
  pd_face_thresholds (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (dets) * G_N_ELEMENTS (chips) * G_N_ELEMENTS (fmrs));
  for (guint d = 0; d < G_N_ELEMENTS (dets); d++)
    for (guint c = 0; c < G_N_ELEMENTS (chips); c++)
      for (guint f = 0; f < G_N_ELEMENTS (fmrs); f++) {
        const PdFaceThreshold *t = pd_face_threshold_for (dets[d], chips[c], fmrs[f]);

        g_assert_true (t->detector == dets[d] && t->chip == chips[c]);
        g_assert_cmpfloat (t->fmr, ==, fmrs[f]);
        g_assert_cmpuint (t->above, <=, (guint64) (fmrs[f] * t->impostors));
        g_assert_cmpfloat (t->fmr_low, <=, (double) t->above / t->impostors);
        g_assert_cmpfloat (t->fmr_high, >=, (double) t->above / t->impostors);
        g_assert_cmpfloat (t->heldout, <=, 2 * fmrs[f]);
        g_assert_cmpfloat (t->heldout, >=, fmrs[f] / 2);
        g_assert_cmpfloat (t->heldout_low, <=, t->heldout);
        g_assert_cmpfloat (t->heldout_high, >=, t->heldout);
        if (f > 0)
          g_assert_cmpfloat (t->similarity, >=, pd_face_threshold_for (dets[d], chips[c], fmrs[f - 1])->similarity);
        /* a target between rows takes the stricter row */
        if (f + 1 < G_N_ELEMENTS (fmrs))
          g_assert_true (pd_face_threshold_for (dets[d], chips[c], fmrs[f] / 2) ==
                         pd_face_threshold_for (dets[d], chips[c], fmrs[f + 1]));
      }
  /* below the table: the strictest row */
  g_assert_true (pd_face_threshold_for (PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_ALIGNED, 1e-9) ==
                 pd_face_threshold_for (PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_ALIGNED, 1e-5));
  g_assert_cmpstr (pd_face_thresholds_version (), !=, "");
  g_assert_nonnull (strstr (pd_face_thresholds_source (), "identities"));
}

static void
test_quantize (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (2);
  float u[DIM];
  gint8 q[DIM];

  for (int k = 0; k < 100; k++) {
    float inv, m = 0;
    random_unit (rng, u);
    inv = pd_face_template_quantize (u, q);
    for (int i = 0; i < DIM; i++) {
      m = MAX (m, abs (q[i]));
      g_assert_cmpfloat (fabsf (q[i] * inv - u[i]), <=, 0.5f * inv + 1e-6f);
    }
    g_assert_cmpfloat (m, ==, 127);
  }
}

static void
check_search (guint n, guint n_threads)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (3 + n);
  g_autoptr(PdFaceIndex) index = pd_face_index_new ();
  float v[DIM];
  PdFaceHit a[5], b[5];
  guint agree = 0, nq = 50;

  pd_face_index_set_threads (index, n_threads);
  for (guint i = 0; i < n; i++) {
    random_unit (rng, v);
    pd_face_index_add (index, 1000 + i, v);
  }
  g_assert_cmpuint (pd_face_index_get_size (index), ==, n);
  for (guint q = 0; q < nq; q++) {
    guint na, nb;
    random_unit (rng, v);
    na = pd_face_index_search (index, v, 5, -1.0f, a);
    nb = pd_face_index_search_exact (index, v, 5, -1.0f, b);
    g_assert_cmpuint (na, ==, 5);
    g_assert_cmpuint (nb, ==, 5);
    agree += a[0].id == b[0].id;
    /* returned similarities are exact (re-ranked in fp32) and sorted */
    for (int k = 1; k < 5; k++)
      g_assert_cmpfloat (a[k].similarity, <=, a[k - 1].similarity);
    if (a[0].id == b[0].id)
      g_assert_cmpfloat_with_epsilon (a[0].similarity, b[0].similarity, 1e-6);
  }
  g_assert_cmpuint (agree, ==, nq);
}

static void
test_search_small (void)
{
  check_search (3000, 1);
}

static void
test_search_threads (void)
{
  check_search (140000, 2);
}

static void
test_no_match (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (4);
  g_autoptr(PdFaceIndex) index = pd_face_index_new ();
  float v[DIM], probe[DIM];
  float thr = pd_face_threshold_for (PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_DEFAULT, PD_FACE_DEFAULT_FMR)->similarity;
  PdFaceHit hits[3];

  for (int i = 0; i < 2000; i++) {
    random_unit (rng, v);
    pd_face_index_add (index, i, v);
    if (i == 777)
      memcpy (probe, v, sizeof v);
  }
  /* a stranger: no match, even though someone is "closest" */
  random_unit (rng, v);
  g_assert_cmpuint (pd_face_index_search (index, v, 3, thr, hits), ==, 0);
  g_assert_cmpuint (pd_face_index_search (index, v, 3, -1.0f, hits), ==, 3);
  /* the enrolled person, slightly perturbed: found */
  for (int i = 0; i < DIM; i++)
    probe[i] += (float) g_rand_double_range (rng, -0.01, 0.01);
  g_assert_cmpuint (pd_face_index_search (index, probe, 3, thr, hits), ==, 1);
  g_assert_cmpint (hits[0].id, ==, 777);
  g_assert_cmpfloat (hits[0].similarity, >=, thr);
  /* removed: gone */
  g_assert_true (pd_face_index_remove (index, 777));
  g_assert_false (pd_face_index_remove (index, 777));
  g_assert_cmpuint (pd_face_index_get_size (index), ==, 1999);
  g_assert_cmpuint (pd_face_index_search (index, probe, 3, thr, hits), ==, 0);
}

static void
test_empty (void)
{
  g_autoptr(PdFaceIndex) index = pd_face_index_new ();
  float v[DIM] = { 1 };
  PdFaceHit hits[1];

  g_assert_cmpuint (pd_face_index_search (index, v, 1, -1.0f, hits), ==, 0);
  g_assert_cmpuint (pd_face_index_search_exact (index, v, 1, -1.0f, hits), ==, 0);
  g_assert_nonnull (pd_face_index_kernel_name ());
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/face/match/conventions", test_conventions);
  g_test_add_func ("/face/match/thresholds", test_thresholds);
  g_test_add_func ("/face/index/quantize", test_quantize);
  g_test_add_func ("/face/index/search", test_search_small);
  g_test_add_func ("/face/index/search-threads", test_search_threads);
  g_test_add_func ("/face/index/no-match", test_no_match);
  g_test_add_func ("/face/index/empty", test_empty);
  return g_test_run ();
}
