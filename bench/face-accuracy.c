/* face-accuracy.c: verification accuracy on a labelled pair list, or on
 * every pair of a labelled image list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   face-accuracy [--detector tiny|ssd] [--chip faceapi|aligned] [--scores OUT.tsv] [--jobs N] PAIRS.tsv
 *   face-accuracy [options] --manifest MANIFEST.tsv [--limit N]
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

/* OpenBLAS's own threads fight the per-image threads: with --jobs > 1 the
 * BLAS runs single-threaded (weak: absent with another cblas). */
extern void openblas_set_num_threads (int n) __attribute__((weak));

#define N_DET 2
#define N_CHIP 2

typedef struct {
  gboolean found[N_DET];
  float desc[N_DET][N_CHIP][PD_FACE_DESCRIPTOR_DIM];
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

static const char *det_names[N_DET] = { "tiny", "ssd" };
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
      faces = pd_face_analyze (w->engine, img, d == 0 ? PD_FACE_DETECTOR_TINY : PD_FACE_DETECTOR_SSD,
                               PD_FACE_CHIP_FACEAPI, NULL);
      pd_face_quality_assess (img, (PdFaceFace *) faces->data, faces->len, &q);
      if (q.face_index < 0)
        continue;
      w->res[i].found[d] = TRUE;
      f = g_array_index (faces, PdFaceFace, q.face_index);
      memcpy (w->res[i].desc[d][0], f.descriptor, sizeof f.descriptor);
      if (!w->chip || g_str_equal (w->chip, "aligned")) {
        pd_face_describe (w->engine, img, &f, PD_FACE_CHIP_ALIGNED);
        memcpy (w->res[i].desc[d][1], f.descriptor, sizeof f.descriptor);
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
  float  *gen, *imp;
  guint64 ng, ni, fte_pair, fte_gen;
} Scores;

static void
add_score (Scores            *sc,
           const ImageResult *res,
           GPtrArray         *images,
           guint              a,
           guint              b,
           gboolean           same,
           int                d,
           int                c,
           FILE              *out)
{
  float s;

  if (!res[a].found[d] || !res[b].found[d]) {
    sc->fte_pair++;
    sc->fte_gen += same;
    return;
  }
  s = pd_face_similarity (res[a].desc[d][c], res[b].desc[d][c]);
  if (same)
    sc->gen[sc->ng++] = s;
  else
    sc->imp[sc->ni++] = s;
  if (out)
    fprintf (out, "%s\t%s\t%d\t%s\t%s\t%.6f\n", (char *) images->pdata[a], (char *) images->pdata[b], same,
             det_names[d], chip_names[c], s);
}

int
main (int argc, char **argv)
{
  g_autofree char *detector = NULL;
  g_autofree char *chip = NULL;
  g_autofree char *scores_path = NULL;
  g_autofree char *manifest = NULL;
  int jobs = 0, limit = 0;
  GOptionEntry entries[] = {
    { "detector", 'd', 0, G_OPTION_ARG_STRING, &detector, "Only this detector (tiny, ssd)", "NAME" },
    { "chip", 'c', 0, G_OPTION_ARG_STRING, &chip, "Only this chip mode (faceapi, aligned)", "MODE" },
    { "scores", 's', 0, G_OPTION_ARG_FILENAME, &scores_path, "Write every pair's scores here", "FILE" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Images processed in parallel (default: one per "
      "CPU; then OpenBLAS runs single-threaded)", "N" },
    { "manifest", 'm', 0, G_OPTION_ARG_FILENAME, &manifest, "Score every pair of these labelled images "
      "(path and identity columns) instead of a pair list", "FILE" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "With --manifest: only its first N images", "N" },
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
    g_printerr ("usage: face-accuracy [--detector tiny|ssd] [--chip faceapi|aligned] PAIRS.tsv\n"
                "       face-accuracy [options] --manifest MANIFEST.tsv [--limit N]\n");
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
  if (jobs > 1 && openblas_set_num_threads != NULL)
    openblas_set_num_threads (1);
  engine = pd_face_engine_new (NULL, &error);
  if (engine == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  res = g_new0 (ImageResult, images->len);
  t0 = g_get_monotonic_time ();
  work.engine = engine;
  work.images = images;
  work.res = res;
  work.detector = detector;
  work.chip = chip;
  work.done = 0;
  pool = g_thread_pool_new (process_image, &work, CLAMP (jobs, 1, 64), TRUE, NULL);
  for (guint i = 0; i < images->len; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  images_s = (g_get_monotonic_time () - t0) / 1e6;

  if (scores_path) {
    scores = fopen (scores_path, "w");
    if (scores == NULL) {
      g_printerr ("cannot write %s\n", scores_path);
      return 1;
    }
    fprintf (scores, "img_a\timg_b\tsame\tdetector\tchip\tsimilarity\n");
  }
  printf ("%" G_GUINT64_FORMAT " pairs (%" G_GUINT64_FORMAT " genuine, %" G_GUINT64_FORMAT " impostor)%s, "
          "%u images in %.1f s: %.1f ms an image (%d jobs, %.1f ms an image a job)\n",
          n_pairs, n_gen, n_imp, manifest ? ", every pair of the manifest" : "", images->len, images_s,
          1e3 * images_s / images->len, jobs, 1e3 * images_s * jobs / images->len);
  if (n_imp < 1000)
    printf ("note: FMR 0.1%% needs >= 1000 impostor pairs to be resolved (%" G_GUINT64_FORMAT " here)\n", n_imp);
  printf ("%-5s %-8s %8s %9s %7s %8s %12s %7s %13s %7s %13s %7s %9s\n", "det", "chip", "FTE_img", "FTE_pair",
          "EER", "EER_thr", "FNMR@FMR1%", "thr", "FNMR@FMR.1%", "thr", "FNMR@FMR.01%", "thr", "FNMR+FTE");
  for (int d = 0; d < N_DET; d++) {
    for (int c = 0; c < N_CHIP; c++) {
      Scores sc = { g_new (float, n_gen + 1), g_new (float, n_imp + 1), 0, 0, 0, 0 };
      guint fte_img = 0;
      double e, fn1, fn01, fn001, t_stats;
      float et, t1, t01, t001;
      if ((detector && !g_str_equal (detector, det_names[d])) || (chip && !g_str_equal (chip, chip_names[c]))) {
        g_free (sc.gen);
        g_free (sc.imp);
        continue;
      }
      for (guint i = 0; i < images->len; i++)
        fte_img += !res[i].found[d];
      if (manifest != NULL) {
        for (guint a = 0; a < images->len; a++)
          for (guint b = a + 1; b < images->len; b++)
            add_score (&sc, res, images, a, b, g_str_equal (identities->pdata[a], identities->pdata[b]), d, c, scores);
      } else {
        for (guint k = 0; k < pairs->len; k++) {
          const Pair *p = &g_array_index (pairs, Pair, k);
          add_score (&sc, res, images, p->a, p->b, p->same, d, c, scores);
        }
      }
      if (sc.ng == 0 || sc.ni == 0) {
        printf ("%-5s %-8s %7.2f%% %8.2f%%   (no %s pairs with both images enrolled)\n",
                det_names[d], chip_names[c], 100.0 * fte_img / images->len,
                100.0 * sc.fte_pair / n_pairs, sc.ng == 0 ? "genuine" : "impostor");
        g_free (sc.gen);
        g_free (sc.imp);
        continue;
      }
      /* sorted once: every statistic below is a walk or a bisection */
      t_stats = g_get_monotonic_time ();
      qsort (sc.gen, sc.ng, sizeof (float), cmp_float);
      qsort (sc.imp, sc.ni, sizeof (float), cmp_float);
      eer (sc.gen, sc.ng, sc.imp, sc.ni, &e, &et);
      t1 = threshold_at (sc.imp, sc.ni, 0.01);
      t01 = threshold_at (sc.imp, sc.ni, 0.001);
      t001 = threshold_at (sc.imp, sc.ni, 0.0001);
      fn1 = frac_below (sc.gen, sc.ng, t1);
      fn01 = frac_below (sc.gen, sc.ng, t01);
      fn001 = frac_below (sc.gen, sc.ng, t001);
      t_stats = (g_get_monotonic_time () - t_stats) / 1e3;
      printf ("%-5s %-8s %7.2f%% %8.2f%% %6.2f%% %8.4f %11.2f%% %7.4f %12.2f%% %7.4f %12.2f%% %7.4f %8.2f%%"
              "   (statistics %.0f ms)\n",
              det_names[d], chip_names[c], 100.0 * fte_img / images->len, 100.0 * sc.fte_pair / n_pairs,
              100 * e, et, 100 * fn1, t1, 100 * fn01, t01, sc.ni >= 10000 ? 100 * fn001 : NAN, t001,
              n_gen ? 100.0 * (fn01 * sc.ng + sc.fte_gen) / n_gen : 0.0, t_stats);
      g_free (sc.gen);
      g_free (sc.imp);
    }
  }
  if (scores)
    fclose (scores);
  return 0;
}
