/* face-accuracy.c: verification accuracy on a labelled pair list, or on
 * every pair of a labelled image list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   face-accuracy [--detector tiny|ssd|quick] [--chip faceapi|aligned] [--scores OUT.tsv] [--jobs N] PAIRS.tsv
 *   face-accuracy [options] --manifest MANIFEST.tsv [--limit N]
 *   face-accuracy --manifest MANIFEST.tsv --calibrate src/face/pd-face-thresholds.inc
 *
 * PAIRS.tsv: img_a <TAB> img_b <TAB> same (1/0), paths relative to the file;
 * a header line or lines starting with '#' are skipped.  MANIFEST.tsv: a
 * header naming a "path" and an "identity" column (else the first two), one
 * image a line: every pair of its images is scored, genuine when the
 * identities are the same (all pairs: what FMR 1e-4 needs).  For every detector and
 * chip mode (or the ones given) it prints failure-to-enroll (no face in an
 * image), EER, and FNMR at FMR 1% and 0.1% with the thresholds that reach
 * them.  The subject of an image is the face nearest its centre.  Scores are
 * cosine similarities of the descriptors (PortDesk's template convention).
 * Pairs with an image that failed to enroll are left out of EER/FNMR and
 * counted in the "FNMR+FTE" column as rejected genuine pairs.  Every
 * statistic comes from the scores sorted once (O(n log n)).
 *
 * --calibrate FILE writes the threshold table the engine is built with
 * (pd-face-thresholds.inc): for every detector and chip mode and every
 * target FMR, the empirical quantile of all impostor scores, how many lie at
 * or above it with a 95 % interval, the FNMR there, and the FMR measured on
 * identities it was not derived from (K-fold cross-validation by identity:
 * each fold's threshold taken from the pairs of the other identities and
 * measured on the pairs within the fold).  --cache FILE keeps the
 * descriptors between runs (derived from the photos: keep it outside the
 * repository).
 */
#define G_LOG_DOMAIN "face-accuracy"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pd-face.h"
#include "pd-face-blas.h"

#define N_DET 3   /* the PdFaceDetector values, in order */
#define N_CHIP 2

typedef struct {
  gboolean found[N_DET];
  float desc[N_DET][N_CHIP][PD_FACE_DESCRIPTOR_DIM];
  gboolean glanced;
  float glance[PD_FACE_DESCRIPTOR_DIM];   /* quick, aligned: the subject at a glance */
  guint quick_flags;                      /* the quality flags of quick's subject */
} ImageResult;

typedef struct {
  guint a, b;
  gboolean same;
} Pair;

typedef struct {
  PdFaceEngine *engine;
  GPtrArray *images;
  ImageResult *res;
  const char *detector;
  const char *chip;
  gint done;
} Work;

static const char *det_names[N_DET] = { "tiny", "ssd", "quick" };
/* The statistics' modes: both images through one detector, or (cross) a
 * probe located by the quick detector against a reference located by SSD
 * (a camera capture against stills' templates, as portdeskd searches):
 * every pair both ways.  The threshold table has rows for tiny and SSD. */
#define MODE_CROSS N_DET
#define CALIBRATED(mode) ((mode) == PD_FACE_DETECTOR_TINY || (mode) == PD_FACE_DETECTOR_SSD)
static const char *mode_names[N_DET + 1] = { "tiny", "ssd", "quick", "q>ssd" };
static const char *chip_names[N_CHIP] = { "faceapi", "aligned" };

static void
process_image (gpointer data, gpointer user_data)
{
  Work *w = user_data;
  guint i = GPOINTER_TO_UINT (data) - 1;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceImage) img = pd_face_image_new_from_file (w->images->pdata[i], &error);
  guint done;

  if (img == NULL) {
    g_printerr ("warning: %s\n", error->message);
  } else {
    for (int d = 0; d < N_DET; d++) {
      g_autoptr(GArray) faces = NULL;
      PdFaceQuality q;
      PdFaceFace f;
      if (w->detector && !g_str_equal (w->detector, det_names[d]))
        continue;
      faces = pd_face_analyze (w->engine, img, (PdFaceDetector) d, PD_FACE_CHIP_FACEAPI, NULL);
      pd_face_quality_assess (img, (PdFaceFace *) faces->data, faces->len, &q);
      if (q.face_index < 0)
        continue;
      w->res[i].found[d] = TRUE;
      if (d == PD_FACE_DETECTOR_QUICK)
        w->res[i].quick_flags = q.flags;
      f = g_array_index (faces, PdFaceFace, q.face_index);
      memcpy (w->res[i].desc[d][0], f.descriptor, sizeof f.descriptor);
      if (!w->chip || g_str_equal (w->chip, "aligned")) {
        pd_face_describe (w->engine, img, &f, PD_FACE_CHIP_ALIGNED);
        memcpy (w->res[i].desc[d][1], f.descriptor, sizeof f.descriptor);
      }
      if (d == PD_FACE_DETECTOR_QUICK && (!w->chip || g_str_equal (w->chip, "aligned"))) {
        /* the same subject (the same rule picks it), two views of its chip */
        g_autoptr(GArray) glance = pd_face_analyze_subject (w->engine, img, PD_FACE_DETECTOR_QUICK,
                                                            PD_FACE_CHIP_ALIGNED, PD_FACE_VIEWS_GLANCE, NULL);
        if (glance != NULL && glance->len == faces->len) {
          w->res[i].glanced = TRUE;
          memcpy (w->res[i].glance, g_array_index (glance, PdFaceFace, q.face_index).descriptor, sizeof f.descriptor);
        }
      }
    }
  }
  done = g_atomic_int_add (&w->done, 1) + 1;
  if (done % 200 == 0)
    g_printerr ("%u/%u images\n", done, w->images->len);
}

static int
cmp_float (const void *pa, const void *pb)
{
  float a = *(const float *) pa, b = *(const float *) pb;

  return a < b ? -1 : (a > b ? 1 : 0);
}

/* How many of the sorted (ascending) @v are below @t. */
static guint
count_below (const float *v, guint n, float t)
{
  guint lo = 0, hi = n;

  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (v[mid] < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static double
frac_below (const float *v, guint n, float t)
{
  return n ? (double) count_below (v, n, t) / n : 0;
}

/* Lowest threshold whose FMR is <= @fmr (impostors sorted ascending). */
static float
threshold_at (const float *imp, guint n_imp, double fmr)
{
  guint allowed = (guint) (fmr * n_imp);

  if (n_imp == 0)
    return 1.0f;
  if (allowed >= n_imp)
    return -1.0f;
  /* accept the `allowed` highest impostors at most */
  return nextafterf (imp[n_imp - 1 - allowed], 2.0f);
}

/* The equal error rate: every score a candidate threshold t, FNMR(t) the
 * genuine scores below t, FMR(t) the impostor scores at or above it; both
 * arrays sorted ascending, one walk through them. */
static void
eer (const float *gen, guint ng, const float *imp, guint ni, double *eer_out, float *thr_out)
{
  double best = 2, val = 0;
  float thr = 0;
  guint g = 0, i = 0;

  while (g < ng || i < ni) {
    float t = i >= ni || (g < ng && gen[g] <= imp[i]) ? gen[g] : imp[i];
    double fnmr, fmr;

    /* g, i: the first scores not below t */
    while (g < ng && gen[g] < t)
      g++;
    while (i < ni && imp[i] < t)
      i++;
    fnmr = (double) g / ng;
    fmr = (double) (ni - i) / ni;
    if (fabs (fnmr - fmr) < best) {
      best = fabs (fnmr - fmr);
      val = (fnmr + fmr) / 2;
      thr = t;
    }
    /* on to the next distinct score */
    while (g < ng && gen[g] <= t)
      g++;
    while (i < ni && imp[i] <= t)
      i++;
    if (g >= ng && i >= ni)
      break;
  }
  *eer_out = val;
  *thr_out = thr;
}

/* PAIRS.tsv: img_a, img_b, same; the images listed once each in @images. */
static gboolean
read_pairs (const char  *path,
            GPtrArray   *images,
            GArray      *pairs,
            GError     **error)
{
  g_autoptr(GHashTable) image_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_dirname (path);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    g_auto(GStrv) f = NULL;
    Pair p;
    char *line = g_strstrip (lines[i]);
    if (line[0] == '\0' || line[0] == '#')
      continue;
    f = g_strsplit (line, "\t", -1);
    if (g_strv_length (f) < 3 || !(g_str_equal (g_strstrip (f[2]), "0") || g_str_equal (f[2], "1"))) {
      if (pairs->len == 0)
        continue; /* header */
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: expected img_a<TAB>img_b<TAB>0|1", path, i + 1);
      return FALSE;
    }
    for (int k = 0; k < 2; k++) {
      g_autofree char *file = g_path_is_absolute (f[k]) ? g_strdup (f[k]) : g_build_filename (base, f[k], NULL);
      gpointer idx;
      if (!g_hash_table_lookup_extended (image_index, file, NULL, &idx)) {
        idx = GUINT_TO_POINTER (images->len);
        g_ptr_array_add (images, g_strdup (file));
        g_hash_table_insert (image_index, g_strdup (file), idx);
      }
      if (k == 0)
        p.a = GPOINTER_TO_UINT (idx);
      else
        p.b = GPOINTER_TO_UINT (idx);
    }
    p.same = f[2][0] == '1';
    g_array_append_val (pairs, p);
  }
  return TRUE;
}

/* MANIFEST.tsv: a header naming "path" and "identity" (else the first two
 * columns), an image a line; at most @limit images (0: all). */
static gboolean
read_manifest (const char  *path,
               int          limit,
               GPtrArray   *images,
               GPtrArray   *identities,
               GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_dirname (path);
  g_auto(GStrv) lines = NULL;
  int path_col = 0, id_col = 1;
  gboolean header = TRUE;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && (limit <= 0 || images->len < (guint) limit); i++) {
    g_auto(GStrv) f = NULL;
    char *line = g_strstrip (lines[i]);
    if (line[0] == '\0' || line[0] == '#')
      continue;
    f = g_strsplit (line, "\t", -1);
    if (header) {
      header = FALSE;
      for (int k = 0; f[k] != NULL; k++) {
        if (g_str_equal (f[k], "path"))
          path_col = k;
        if (g_str_equal (f[k], "identity"))
          id_col = k;
      }
      if (g_strv_contains ((const char * const *) f, "path"))
        continue;
    }
    if ((int) g_strv_length (f) <= MAX (path_col, id_col)) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: expected a path and an identity", path, i + 1);
      return FALSE;
    }
    g_ptr_array_add (images, g_path_is_absolute (f[path_col]) ? g_strdup (f[path_col])
                                                              : g_build_filename (base, f[path_col], NULL));
    g_ptr_array_add (identities, g_strdup (f[id_col]));
  }
  return TRUE;
}

typedef struct {
  float  *v;
  guint64 n;
} Vec;

#define N_FOLDS 5

/* Every pair's score; with a manifest also each impostor pair's folds
 * (identities split into N_FOLDS folds), fold_a * N_FOLDS + fold_b. */
typedef struct {
  Vec     gen, imp;
  guint8 *imp_folds;
  guint64 fte_pair, fte_gen;
} Scores;

static void
scores_init (Scores *sc, guint64 n_gen, guint64 n_imp, gboolean folds)
{
  memset (sc, 0, sizeof *sc);
  sc->gen.v = g_new (float, n_gen + 1);
  sc->imp.v = g_new (float, n_imp + 1);
  if (folds)
    sc->imp_folds = g_new (guint8, n_imp + 1);
}

static void
scores_clear (Scores *sc)
{
  g_free (sc->gen.v);
  g_free (sc->imp.v);
  g_free (sc->imp_folds);
}

static void
vec_sort (Vec *v)
{
  if (v->v != NULL)
    qsort (v->v, v->n, sizeof (float), cmp_float);
}

static void
add_score (Scores            *sc,
           const ImageResult *res,
           GPtrArray         *images,
           guint              a,
           guint              b,
           gboolean           same,
           int                folds,
           int                mode,
           int                c,
           FILE              *out)
{
  int da = mode == MODE_CROSS ? PD_FACE_DETECTOR_QUICK : mode;
  int db = mode == MODE_CROSS ? PD_FACE_DETECTOR_SSD : mode;
  Vec *v;
  float s;

  if (!res[a].found[da] || !res[b].found[db]) {
    sc->fte_pair++;
    sc->fte_gen += same;
    return;
  }
  s = pd_face_similarity (res[a].desc[da][c], res[b].desc[db][c]);
  v = same ? &sc->gen : &sc->imp;
  if (!same && sc->imp_folds != NULL)
    sc->imp_folds[v->n] = (guint8) folds;
  v->v[v->n++] = s;
  if (out)
    fprintf (out, "%s\t%s\t%d\t%s\t%s\t%.6f\n", (char *) images->pdata[a], (char *) images->pdata[b], same,
             mode_names[mode], chip_names[c], s);
}

/* --- glances --------------------------------------------------------------- */

#define N_MARGINS 5
/* what a search takes as unusable (pd-engine-face.c) but the size (the
 * calibration photos are 150 px: nearly every face in them is smaller than
 * a camera's limit), and the margin over the threshold at which a
 * glance's match is taken from a turned head (PD_ENGINE_FACE_GLANCE_MARGIN) */
#define FLAWS (PD_FACE_QUALITY_NO_FACE | PD_FACE_QUALITY_TOO_DARK | PD_FACE_QUALITY_TOO_BRIGHT | \
               PD_FACE_QUALITY_BLURRED | PD_FACE_QUALITY_HEAD_TURNED)
#define TURNED_MARGIN 0.02f
static const float margins[N_MARGINS] = { 0.005f, 0.01f, 0.015f, 0.02f, 0.03f };

/* A capture searched at a glance (two views of the probe's chip) and, when
 * its score is within a margin of the threshold, again with the six: how
 * far a glance's score is from the six's, and at the operating points how
 * many pairs need the second look and how many decisions differ from the
 * six's; and of the probes whose only flaw by quick's landmarks is a
 * turned head, how many genuine and impostor pairs a glance takes (a
 * score the margin over the threshold: portdeskd takes such a capture
 * without asking SSD).  Probes located by quick, references by SSD (mode
 * q>ssd), every pair of the manifest both ways. */
static void
glance_report (const ImageResult *res, GPtrArray *images, GPtrArray *identities)
{
  static const double fmrs[] = { 1e-2, 1e-3, 1e-4 };
  g_autoptr(GArray) delta = g_array_new (FALSE, FALSE, sizeof (float));
  guint64 n[2] = { 0, 0 }, near[G_N_ELEMENTS (fmrs)][N_MARGINS][2] = { { { 0 } } };
  guint64 flips[G_N_ELEMENTS (fmrs)][N_MARGINS] = { { 0 } }, wrong6[G_N_ELEMENTS (fmrs)][2] = { { 0 } };
  guint64 wrong2[G_N_ELEMENTS (fmrs)][2] = { { 0 } };
  /* probes whose only flaw by quick's landmarks is a turned head: pairs,
   * and pairs whose glance is at least the threshold and the margin */
  guint64 turned[2] = { 0, 0 }, taken[G_N_ELEMENTS (fmrs)][2] = { { 0 } };
  guint n_turned = 0, n_probes = 0;
  float *d;

  for (guint a = 0; a < images->len; a++)
    if (res[a].glanced && res[a].found[PD_FACE_DETECTOR_QUICK]) {
      n_probes++;
      n_turned += (res[a].quick_flags & FLAWS) == PD_FACE_QUALITY_HEAD_TURNED;
    }

  for (guint a = 0; a < images->len; a++)
    for (guint b = 0; b < images->len; b++) {
      gboolean same;
      float s6, s2;

      if (a == b || !res[a].glanced || !res[a].found[PD_FACE_DETECTOR_QUICK] || !res[b].found[PD_FACE_DETECTOR_SSD])
        continue;
      same = g_str_equal (identities->pdata[a], identities->pdata[b]);
      s6 = pd_face_similarity (res[a].desc[PD_FACE_DETECTOR_QUICK][1], res[b].desc[PD_FACE_DETECTOR_SSD][1]);
      s2 = pd_face_similarity (res[a].glance, res[b].desc[PD_FACE_DETECTOR_SSD][1]);
      g_array_append_vals (delta, (float[]) { fabsf (s2 - s6) }, 1);
      n[same]++;
      if ((res[a].quick_flags & FLAWS) == PD_FACE_QUALITY_HEAD_TURNED) {
        turned[same]++;
        for (guint f = 0; f < G_N_ELEMENTS (fmrs); f++)
          taken[f][same] += s2 >= pd_face_threshold_for (PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_ALIGNED, fmrs[f])->similarity +
                                  TURNED_MARGIN;
      }
      for (guint f = 0; f < G_N_ELEMENTS (fmrs); f++) {
        float thr = pd_face_threshold_for (PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_ALIGNED, fmrs[f])->similarity;
        gboolean m6 = s6 >= thr, m2 = s2 >= thr;

        wrong6[f][same] += m6 != same;
        wrong2[f][same] += m2 != same;
        for (guint k = 0; k < N_MARGINS; k++) {
          if (fabsf (s2 - thr) < margins[k])
            near[f][k][same]++;
          else
            flips[f][k] += m2 != m6;
        }
      }
    }
  if (delta->len == 0)
    return;
  d = (float *) delta->data;
  qsort (d, delta->len, sizeof (float), cmp_float);
  printf ("\nglances (probe: quick, two views; reference: SSD, six; every pair both ways, %u pairs):\n"
          "  |glance - six| median %.4f, 99 %% %.4f, 99.9 %% %.4f, 99.99 %% %.4f, max %.4f\n", delta->len,
          d[delta->len / 2], d[(guint) (delta->len * 0.99)], d[(guint) (delta->len * 0.999)],
          d[(guint) (delta->len * 0.9999)], d[delta->len - 1]);
  for (guint f = 0; f < G_N_ELEMENTS (fmrs); f++) {
    float thr = pd_face_threshold_for (PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_ALIGNED, fmrs[f])->similarity;

    printf ("  FMR %g (SSD's row, %.4f): six views FNMR %.2f %% FMR %.4f %%; glance alone FNMR %.2f %% FMR %.4f %%\n",
            fmrs[f], thr, 100.0 * wrong6[f][1] / n[1], 100.0 * wrong6[f][0] / n[0], 100.0 * wrong2[f][1] / n[1],
            100.0 * wrong2[f][0] / n[0]);
    for (guint k = 0; k < N_MARGINS; k++)
      printf ("    margin %.3f: second look for %.2f %% of genuine, %.3f %% of impostor pairs; "
              "decisions unlike the six's %" G_GUINT64_FORMAT "\n", margins[k], 100.0 * near[f][k][1] / n[1],
              100.0 * near[f][k][0] / n[0], flips[f][k]);
  }
  if (turned[0] == 0 || turned[1] == 0)
    return;
  printf ("  probes whose only flaw is a head turned by quick's landmarks: %u of %u (%.1f %%), %" G_GUINT64_FORMAT
          " genuine and %" G_GUINT64_FORMAT " impostor pairs; taken at a glance (its score >= the threshold + %.3f):\n",
          n_turned, n_probes, 100.0 * n_turned / n_probes, turned[1], turned[0], TURNED_MARGIN);
  for (guint f = 0; f < G_N_ELEMENTS (fmrs); f++)
    printf ("    FMR %g: %.2f %% of their genuine pairs, FMR %.4f %% (every probe, six views, at the threshold: %.4f %%)\n",
            fmrs[f], 100.0 * taken[f][1] / turned[1], 100.0 * taken[f][0] / turned[0], 100.0 * wrong6[f][0] / n[0]);
}

/* --- descriptor cache ----------------------------------------------------- */

/* The cache names the images it holds (a checksum of their paths), so a
 * cache of another manifest is not read by mistake; it does not know the
 * engine's code: delete it after changing the engine. */
static char *
images_key (GPtrArray *images)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < images->len; i++)
    g_checksum_update (sum, (const guchar *) images->pdata[i], strlen (images->pdata[i]) + 1);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
load_cache (const char *path, GPtrArray *images, ImageResult *res)
{
  g_autofree char *data = NULL;
  g_autofree char *key = images_key (images);
  gsize len, head = strlen (key) + 1;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  if (len != head + sizeof (ImageResult) * images->len || memcmp (data, key, head) != 0) {
    g_printerr ("%s holds other images: computing the descriptors again\n", path);
    return FALSE;
  }
  memcpy (res, data + head, sizeof (ImageResult) * images->len);
  return TRUE;
}

static void
save_cache (const char *path, GPtrArray *images, const ImageResult *res)
{
  g_autofree char *key = images_key (images);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  g_byte_array_append (data, (const guint8 *) key, strlen (key) + 1);
  g_byte_array_append (data, (const guint8 *) res, sizeof (ImageResult) * images->len);
  if (!g_file_set_contents (path, (const char *) data->data, data->len, &error))
    g_printerr ("warning: %s\n", error->message);
}

/* --- calibration ---------------------------------------------------------- */

static const double targets[] = { 1e-2, 1e-3, 1e-4, 1e-5 };

/* Wilson's 95 % interval of a rate of @k in @n. */
static void
wilson (guint64 k, guint64 n, double *lo, double *hi)
{
  const double z = 1.959964;
  double p = (double) k / n, z2n = z * z / n;
  double mid = (p + z2n / 2) / (1 + z2n);
  double half = z * sqrt (p * (1 - p) / n + z2n / (4.0 * n)) / (1 + z2n);

  *lo = MAX (mid - half, 0);
  *hi = MIN (mid + half, 1);
}

static guint64
at_or_above (const Vec *v, float t)
{
  return v->n - count_below (v->v, v->n, t);
}

/* Fold @k's calibration scores (impostor pairs of identities outside the
 * fold) and test scores (pairs of identities both inside), sorted. */
static void
split_fold (const Scores *sc, guint k, Vec *cal, Vec *test)
{
  cal->n = test->n = 0;
  for (guint64 i = 0; i < sc->imp.n; i++) {
    guint fa = sc->imp_folds[i] / N_FOLDS, fb = sc->imp_folds[i] % N_FOLDS;
    if (fa != k && fb != k)
      cal->v[cal->n++] = sc->imp.v[i];
    else if (fa == k && fb == k)
      test->v[test->n++] = sc->imp.v[i];
  }
  vec_sort (cal);
  vec_sort (test);
}

/* The FMR each fold of identities measures at the threshold calibrated
 * without it: pooled over the folds, and the lowest and highest fold.
 * Before sc->imp is sorted (it needs each score's folds). */
typedef struct {
  guint64 above[G_N_ELEMENTS (targets)], tested;
  double  lowest[G_N_ELEMENTS (targets)], highest[G_N_ELEMENTS (targets)];
} Heldout;

static void
cross_validate (const Scores *sc, Heldout *h)
{
  Vec cal = { g_new (float, sc->imp.n + 1), 0 }, test = { g_new (float, sc->imp.n + 1), 0 };

  memset (h, 0, sizeof *h);
  for (guint k = 0; k < G_N_ELEMENTS (targets); k++)
    h->lowest[k] = 1;
  for (guint f = 0; f < N_FOLDS; f++) {
    split_fold (sc, f, &cal, &test);
    h->tested += test.n;
    for (guint k = 0; k < G_N_ELEMENTS (targets); k++) {
      guint64 n = at_or_above (&test, threshold_at (cal.v, cal.n, targets[k]));
      h->above[k] += n;
      h->lowest[k] = MIN (h->lowest[k], (double) n / test.n);
      h->highest[k] = MAX (h->highest[k], (double) n / test.n);
    }
  }
  g_free (cal.v);
  g_free (test.v);
}

/* One mode's rows: the thresholds from every impostor pair (sorted). */
static void
calibrate_mode (const Scores *sc, const Heldout *h, int d, int c, GString *rows, GString *report)
{
  static const char *det_enum[N_DET] = { "PD_FACE_DETECTOR_TINY", "PD_FACE_DETECTOR_SSD", "PD_FACE_DETECTOR_QUICK" };
  static const char *chip_enum[N_CHIP] = { "PD_FACE_CHIP_FACEAPI", "PD_FACE_CHIP_ALIGNED" };

  for (guint k = 0; k < G_N_ELEMENTS (targets); k++) {
    double fmr = targets[k], lo, hi, held = (double) h->above[k] / h->tested;
    float t = threshold_at (sc->imp.v, sc->imp.n, fmr);
    guint64 n_above = at_or_above (&sc->imp, t);
    double fnmr = frac_below (sc->gen.v, sc->gen.n, t);

    wilson (n_above, sc->imp.n, &lo, &hi);
    g_string_append_printf (rows, "  { %s, %s, %g, %.6ff, %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                            ", %.3g, %.3g, %.3g, %.3g, %.3g, %.4f },\n", det_enum[d], chip_enum[c], fmr, t,
                            n_above, sc->imp.n, lo, hi, held, h->lowest[k], h->highest[k], fnmr);
    g_string_append_printf (report, "%-5s %-8s %7g %9.6f %9" G_GUINT64_FORMAT " %10.3g-%-9.3g %10.3g %6.2fx "
                            "%10.3g-%-9.3g %8.2f%%\n", det_names[d], chip_names[c], fmr, t, n_above, lo, hi,
                            held, held / fmr, h->lowest[k], h->highest[k], 100 * fnmr);
  }
  g_string_append_printf (report, "%-5s %-8s %d folds: %" G_GUINT64_FORMAT " held-out impostor pairs in all\n",
                          det_names[d], chip_names[c], N_FOLDS, h->tested);
}

/* pd-face-thresholds.inc: the rows, the version (the month and a checksum
 * of the rows, so new numbers always get a new version) and the source. */
static gboolean
write_table (const char *path, const char *manifest, GPtrArray *images, GPtrArray *identities,
             guint64 n_gen, guint64 n_imp, GString *rows, GString *report, GError **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *month = g_date_time_format (now, "%Y.%m");
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, rows->str, -1);
  g_autofree char *dir = g_path_get_dirname (manifest);
  g_autofree char *set_name = g_path_get_basename (dir);
  g_autofree char *text = NULL;

  for (guint i = 0; i < identities->len; i++)
    g_hash_table_add (ids, identities->pdata[i]);
  printf ("\ncalibration, every pair; held-out FMR: %d-fold cross-validation by identity, pooled (and the "
          "lowest-highest fold)\n%-5s %-8s %7s %9s %9s %20s %10s %7s %20s %9s\n%s", N_FOLDS, "det", "chip", "FMR",
          "cosine>=", "above", "95% interval", "held-out", "ratio", "folds", "FNMR", report->str);
  text = g_strdup_printf ("/* pd-face-thresholds.inc: the calibrated threshold table.  Written by\n"
                          " *   bench/face-accuracy --manifest %s/manifest.tsv --calibrate FILE\n"
                          " * do not edit; run that again (docs/face-engine.md, \"Thresholds\").\n"
                          " * Columns: detector, chip, target FMR, cosine >=, impostor pairs at or above,\n"
                          " * impostor pairs, 95 %% interval of the FMR, held-out FMR (pooled, lowest\n"
                          " * and highest fold), FNMR. */\n"
                          "#define THRESHOLDS_VERSION \"%s-%.8s\"\n"
                          "#define THRESHOLDS_SOURCE \"%s: %u images of %u identities, every pair "
                          "(%" G_GUINT64_FORMAT " genuine, %" G_GUINT64_FORMAT " impostor); each row the "
                          "empirical impostor quantile; held-out FMR by %d-fold cross-validation by identity\"\n"
                          "static const PdFaceThreshold thresholds[] = {\n%s};\n",
                          set_name, month, sum, set_name, images->len, g_hash_table_size (ids), n_gen, n_imp,
                          N_FOLDS, rows->str);
  return g_file_set_contents (path, text, -1, error);
}

int
main (int argc, char **argv)
{
  g_autofree char *detector = NULL;
  g_autofree char *chip = NULL;
  g_autofree char *scores_path = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *calibrate = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree guint8 *fold = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean cached;
  int jobs = 0, limit = 0;
  GOptionEntry entries[] = {
    { "detector", 'd', 0, G_OPTION_ARG_STRING, &detector, "Only this detector (tiny, ssd, quick)", "NAME" },
    { "chip", 'c', 0, G_OPTION_ARG_STRING, &chip, "Only this chip mode (faceapi, aligned)", "MODE" },
    { "scores", 's', 0, G_OPTION_ARG_FILENAME, &scores_path, "Write every pair's scores here", "FILE" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Images processed in parallel (default: one per "
      "CPU; then OpenBLAS runs single-threaded)", "N" },
    { "manifest", 'm', 0, G_OPTION_ARG_FILENAME, &manifest, "Score every pair of these labelled images "
      "(path and identity columns) instead of a pair list", "FILE" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "With --manifest: only its first N images", "N" },
    { "calibrate", 0, 0, G_OPTION_ARG_FILENAME, &calibrate, "With --manifest: write the threshold table "
      "(src/face/pd-face-thresholds.inc) calibrated on every pair", "FILE" },
    { "cache", 0, 0, G_OPTION_ARG_FILENAME, &cache_path, "Keep the descriptors here between runs "
      "(derived from the photos: never in the repository; delete it after changing the engine)", "FILE" },
    { NULL },
  };
  g_autoptr(GOptionContext) oc = g_option_context_new ("PAIRS.tsv");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceEngine) engine = NULL;
  g_autoptr(GHashTable) image_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_free);
  g_autofree ImageResult *res = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = NULL;
  g_auto(GStrv) lines = NULL;
  FILE *scores = NULL;
  guint64 n_gen = 0, n_imp = 0, n_pairs;
  double t0, images_s;
  Work work;
  GThreadPool *pool;

  pd_face_blas_prepare (argv);
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (oc, entries, NULL);
  if (!g_option_context_parse (oc, &argc, &argv, &error) || argc != (manifest ? 1 : 2)) {
    g_printerr ("usage: face-accuracy [--detector tiny|ssd|quick] [--chip faceapi|aligned] PAIRS.tsv\n"
                "       face-accuracy [options] --manifest MANIFEST.tsv [--limit N]\n"
                "       face-accuracy --manifest MANIFEST.tsv --calibrate FILE\n");
    return 2;
  }
  if (calibrate != NULL && (manifest == NULL || detector != NULL || chip != NULL)) {
    g_printerr ("face-accuracy: --calibrate needs --manifest and every detector and chip mode\n");
    return 2;
  }
  if (manifest != NULL ? !read_manifest (manifest, limit, images, identities, &error)
                       : !read_pairs (argv[1], images, pairs, &error)) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  if (manifest != NULL) {
    n_pairs = (guint64) images->len * (images->len - 1) / 2;
    for (guint a = 0; a < images->len; a++)
      for (guint b = a + 1; b < images->len; b++)
        n_gen += g_str_equal (identities->pdata[a], identities->pdata[b]);
    n_imp = n_pairs - n_gen;
    /* folds split by identity (a stable hash of its name) */
    fold = g_new (guint8, images->len);
    for (guint i = 0; i < images->len; i++)
      fold[i] = g_str_hash (identities->pdata[i]) % N_FOLDS;
  } else {
    n_pairs = pairs->len;
    for (guint k = 0; k < pairs->len; k++)
      n_gen += g_array_index (pairs, Pair, k).same;
    n_imp = n_pairs - n_gen;
  }
  if (n_pairs == 0) {
    g_printerr ("%s: no pairs\n", manifest ? manifest : argv[1]);
    return 1;
  }

  if (jobs <= 0)
    jobs = (int) g_get_num_processors ();
  if (jobs > 1)
    pd_face_blas_set_threads (1);   /* its own threads would fight the per-image threads */
  engine = pd_face_engine_new (NULL, &error);
  if (engine == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  res = g_new0 (ImageResult, images->len);
  t0 = g_get_monotonic_time ();
  cached = cache_path && load_cache (cache_path, images, res);
  if (!cached) {
    work.engine = engine;
    work.images = images;
    work.res = res;
    work.detector = calibrate ? NULL : detector;
    work.chip = calibrate ? NULL : chip;
    work.done = 0;
    pool = g_thread_pool_new (process_image, &work, CLAMP (jobs, 1, 64), TRUE, NULL);
    for (guint i = 0; i < images->len; i++)
      g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
    g_thread_pool_free (pool, FALSE, TRUE);
    if (cache_path && work.detector == NULL && work.chip == NULL)
      save_cache (cache_path, images, res);
  }
  images_s = (g_get_monotonic_time () - t0) / 1e6;

  if (scores_path) {
    scores = fopen (scores_path, "w");
    if (scores == NULL) {
      g_printerr ("cannot write %s\n", scores_path);
      return 1;
    }
    fprintf (scores, "img_a\timg_b\tsame\tdetector\tchip\tsimilarity\n");
  }
  printf ("%" G_GUINT64_FORMAT " pairs (%" G_GUINT64_FORMAT " genuine, %" G_GUINT64_FORMAT " impostor)%s, ",
          n_pairs, n_gen, n_imp, manifest ? ", every pair of the manifest" : "");
  if (cached)
    printf ("%u images, descriptors read from %s\n", images->len, cache_path);
  else
    printf ("%u images in %.1f s: %.1f ms an image (%d jobs, %.1f ms an image a job)\n", images->len, images_s,
            1e3 * images_s / images->len, jobs, 1e3 * images_s * jobs / images->len);
  if (n_imp < 1000)
    printf ("note: FMR 0.1%% needs >= 1000 impostor pairs to be resolved (%" G_GUINT64_FORMAT " here)\n", n_imp);
  printf ("%-5s %-8s %8s %9s %7s %8s %12s %7s %13s %7s %13s %7s %9s\n", "det", "chip", "FTE_img", "FTE_pair",
          "EER", "EER_thr", "FNMR@FMR1%", "thr", "FNMR@FMR.1%", "thr", "FNMR@FMR.01%", "thr", "FNMR+FTE");
  for (int d = 0; d <= MODE_CROSS; d++) {
    for (int c = 0; c < N_CHIP; c++) {
      gboolean cross = d == MODE_CROSS;
      guint ways = cross ? 2 : 1;
      Scores sc;
      Heldout heldout;
      guint fte_img = 0;
      double e, fn1, fn01, fn001, t_stats;
      float et, t1, t01, t001;
      if ((detector && (cross || !g_str_equal (detector, det_names[d]))) ||
          (chip && !g_str_equal (chip, chip_names[c])))
        continue;
      /* quick and the cross mode are measured, not calibrated: the table has no rows for them */
      scores_init (&sc, ways * n_gen, ways * n_imp, calibrate != NULL && CALIBRATED (d));
      for (guint i = 0; i < images->len; i++)
        fte_img += !res[i].found[cross ? PD_FACE_DETECTOR_QUICK : d];
      for (guint w = 0; w < ways; w++) {
        if (manifest != NULL) {
          for (guint a = 0; a < images->len; a++)
            for (guint b = a + 1; b < images->len; b++)
              add_score (&sc, res, images, w ? b : a, w ? a : b,
                         g_str_equal (identities->pdata[a], identities->pdata[b]), fold[a] * N_FOLDS + fold[b], d,
                         c, scores);
        } else {
          for (guint k = 0; k < pairs->len; k++) {
            const Pair *p = &g_array_index (pairs, Pair, k);
            add_score (&sc, res, images, w ? p->b : p->a, w ? p->a : p->b, p->same, 0, d, c, scores);
          }
        }
      }
      if (sc.gen.n == 0 || sc.imp.n == 0) {
        printf ("%-5s %-8s %7.2f%% %8.2f%%   (no %s pairs with both images enrolled)\n",
                mode_names[d], chip_names[c], 100.0 * fte_img / images->len,
                100.0 * sc.fte_pair / n_pairs, sc.gen.n == 0 ? "genuine" : "impostor");
        scores_clear (&sc);
        continue;
      }
      if (calibrate != NULL && CALIBRATED (d))
        cross_validate (&sc, &heldout);
      /* sorted once: every statistic below is a walk or a bisection */
      t_stats = g_get_monotonic_time ();
      vec_sort (&sc.gen);
      vec_sort (&sc.imp);
      eer (sc.gen.v, sc.gen.n, sc.imp.v, sc.imp.n, &e, &et);
      t1 = threshold_at (sc.imp.v, sc.imp.n, 0.01);
      t01 = threshold_at (sc.imp.v, sc.imp.n, 0.001);
      t001 = threshold_at (sc.imp.v, sc.imp.n, 0.0001);
      fn1 = frac_below (sc.gen.v, sc.gen.n, t1);
      fn01 = frac_below (sc.gen.v, sc.gen.n, t01);
      fn001 = frac_below (sc.gen.v, sc.gen.n, t001);
      t_stats = (g_get_monotonic_time () - t_stats) / 1e3;
      printf ("%-5s %-8s %7.2f%% %8.2f%% %6.2f%% %8.4f %11.2f%% %7.4f %12.2f%% %7.4f %12.2f%% %7.4f %8.2f%%"
              "   (statistics %.0f ms)\n",
              mode_names[d], chip_names[c], 100.0 * fte_img / images->len, 100.0 * sc.fte_pair / (ways * n_pairs),
              100 * e, et, 100 * fn1, t1, 100 * fn01, t01, sc.imp.n >= 10000 ? 100 * fn001 : NAN, t001,
              n_gen ? 100.0 * (fn01 * sc.gen.n + sc.fte_gen) / (ways * n_gen) : 0.0, t_stats);
      if (calibrate != NULL && CALIBRATED (d))
        calibrate_mode (&sc, &heldout, d, c, rows, report);
      scores_clear (&sc);
    }
  }
  if (scores)
    fclose (scores);
  if (manifest != NULL)
    glance_report (res, images, identities);
  if (calibrate != NULL && !write_table (calibrate, manifest, images, identities, n_gen, n_imp, rows, report,
                                         &error)) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  return 0;
}
