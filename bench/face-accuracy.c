/* face-accuracy.c: verification accuracy on a labelled pair list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   face-accuracy [--detector tiny|ssd] [--chip faceapi|aligned] [--scores OUT.tsv] [--jobs N] PAIRS.tsv
 *
 * PAIRS.tsv: img_a <TAB> img_b <TAB> same (1/0), paths relative to the file;
 * a header line or lines starting with '#' are skipped.  For every detector and
 * chip mode (or the ones given) it prints failure-to-enroll (no face in an
 * image), EER, and FNMR at FMR 1% and 0.1% with the thresholds that reach
 * them.  The subject of an image is the face nearest its centre.  Scores are
 * cosine similarities of the descriptors (PortDesk's template convention).
 * Pairs with an image that failed to enroll are left out of EER/FNMR and
 * counted in the "FNMR+FTE" column as rejected genuine pairs.
 */
#define G_LOG_DOMAIN "face-accuracy"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pd-face.h"

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
cmp_float_desc (const void *pa, const void *pb)
{
  float a = *(const float *) pa, b = *(const float *) pb;

  return a < b ? 1 : (a > b ? -1 : 0);
}

static double
frac_below (const float *v, guint n, float t)
{
  guint k = 0;

  for (guint i = 0; i < n; i++)
    k += v[i] < t;
  return n ? (double) k / n : 0;
}

static double
frac_at_or_above (const float *v, guint n, float t)
{
  return n ? 1.0 - frac_below (v, n, t) : 0;
}

/* Lowest threshold whose FMR is <= @fmr (impostors sorted descending). */
static float
threshold_at (const float *imp_desc, guint n_imp, double fmr)
{
  guint allowed = (guint) (fmr * n_imp);

  if (n_imp == 0)
    return 1.0f;
  if (allowed >= n_imp)
    return -1.0f;
  /* accept the `allowed` highest impostors at most */
  return nextafterf (imp_desc[allowed], 2.0f);
}

static void
eer (const float *gen, guint ng, const float *imp, guint ni, double *eer_out, float *thr_out)
{
  double best = 2, val = 0;
  float thr = 0;

  /* candidate thresholds: every score */
  for (guint pass = 0; pass < 2; pass++) {
    const float *v = pass ? imp : gen;
    guint n = pass ? ni : ng;
    for (guint i = 0; i < n; i++) {
      double fnmr = frac_below (gen, ng, v[i]);
      double fmr = frac_at_or_above (imp, ni, v[i]);
      if (fabs (fnmr - fmr) < best) {
        best = fabs (fnmr - fmr);
        val = (fnmr + fmr) / 2;
        thr = v[i];
      }
    }
  }
  *eer_out = val;
  *thr_out = thr;
}

int
main (int argc, char **argv)
{
  g_autofree char *detector = NULL;
  g_autofree char *chip = NULL;
  g_autofree char *scores_path = NULL;
  int jobs = 0;
  GOptionEntry entries[] = {
    { "detector", 'd', 0, G_OPTION_ARG_STRING, &detector, "Only this detector (tiny, ssd)", "NAME" },
    { "chip", 'c', 0, G_OPTION_ARG_STRING, &chip, "Only this chip mode (faceapi, aligned)", "MODE" },
    { "scores", 's', 0, G_OPTION_ARG_FILENAME, &scores_path, "Write every pair's scores here", "FILE" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Images processed in parallel (default: one per "
      "CPU; then OpenBLAS runs single-threaded)", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) oc = g_option_context_new ("PAIRS.tsv");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceEngine) engine = NULL;
  g_autoptr(GHashTable) image_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autofree ImageResult *res = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = NULL;
  g_auto(GStrv) lines = NULL;
  FILE *scores = NULL;
  guint n_gen = 0, n_imp = 0;
  double t0;
  Work work;
  GThreadPool *pool;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (oc, entries, NULL);
  if (!g_option_context_parse (oc, &argc, &argv, &error) || argc != 2) {
    g_printerr ("usage: face-accuracy [--detector tiny|ssd] [--chip faceapi|aligned] PAIRS.tsv\n");
    return 2;
  }
  if (!g_file_get_contents (argv[1], &text, NULL, &error)) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  base = g_path_get_dirname (argv[1]);
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
      g_printerr ("%s:%u: expected img_a<TAB>img_b<TAB>0|1\n", argv[1], i + 1);
      return 1;
    }
    for (int k = 0; k < 2; k++) {
      g_autofree char *path = g_path_is_absolute (f[k]) ? g_strdup (f[k]) : g_build_filename (base, f[k], NULL);
      gpointer idx;
      if (!g_hash_table_lookup_extended (image_index, path, NULL, &idx)) {
        idx = GUINT_TO_POINTER (images->len);
        g_ptr_array_add (images, g_strdup (path));
        g_hash_table_insert (image_index, g_strdup (path), idx);
      }
      if (k == 0)
        p.a = GPOINTER_TO_UINT (idx);
      else
        p.b = GPOINTER_TO_UINT (idx);
    }
    p.same = f[2][0] == '1';
    n_gen += p.same;
    n_imp += !p.same;
    g_array_append_val (pairs, p);
  }
  g_ptr_array_set_free_func (images, g_free);
  if (pairs->len == 0) {
    g_printerr ("%s: no pairs\n", argv[1]);
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

  if (scores_path) {
    scores = fopen (scores_path, "w");
    if (scores == NULL) {
      g_printerr ("cannot write %s\n", scores_path);
      return 1;
    }
    fprintf (scores, "img_a\timg_b\tsame\tdetector\tchip\tsimilarity\n");
  }
  printf ("%u pairs (%u genuine, %u impostor), %u images, %.1f s (%d jobs)\n", pairs->len, n_gen,
          n_imp, images->len, (g_get_monotonic_time () - t0) / 1e6, jobs);
  if (n_imp < 1000)
    printf ("note: FMR 0.1%% needs >= 1000 impostor pairs to be resolved (%u here)\n", n_imp);
  printf ("%-5s %-8s %8s %9s %7s %8s %12s %7s %13s %7s %9s\n", "det", "chip", "FTE_img", "FTE_pair",
          "EER", "EER_thr", "FNMR@FMR1%", "thr", "FNMR@FMR.1%", "thr", "FNMR+FTE");
  for (int d = 0; d < N_DET; d++) {
    for (int c = 0; c < N_CHIP; c++) {
      g_autofree float *gen = g_new (float, n_gen + 1);
      g_autofree float *imp = g_new (float, n_imp + 1);
      guint ng = 0, ni = 0, fte_img = 0, fte_pair = 0, fte_gen = 0;
      double e, fn1, fn01;
      float et, t1, t01;
      if ((detector && !g_str_equal (detector, det_names[d])) || (chip && !g_str_equal (chip, chip_names[c])))
        continue;
      for (guint i = 0; i < images->len; i++)
        fte_img += !res[i].found[d];
      for (guint k = 0; k < pairs->len; k++) {
        const Pair *p = &g_array_index (pairs, Pair, k);
        float s;
        if (!res[p->a].found[d] || !res[p->b].found[d]) {
          fte_pair++;
          fte_gen += p->same;
          continue;
        }
        s = pd_face_similarity (res[p->a].desc[d][c], res[p->b].desc[d][c]);
        if (p->same)
          gen[ng++] = s;
        else
          imp[ni++] = s;
        if (scores)
          fprintf (scores, "%s\t%s\t%d\t%s\t%s\t%.6f\n", (char *) images->pdata[p->a],
                   (char *) images->pdata[p->b], p->same, det_names[d], chip_names[c], s);
      }
      if (ng == 0 || ni == 0) {
        printf ("%-5s %-8s %7.2f%% %8.2f%%   (no %s pairs with both images enrolled)\n",
                det_names[d], chip_names[c], 100.0 * fte_img / images->len,
                100.0 * fte_pair / pairs->len, ng == 0 ? "genuine" : "impostor");
        continue;
      }
      qsort (imp, ni, sizeof (float), cmp_float_desc);
      eer (gen, ng, imp, ni, &e, &et);
      t1 = threshold_at (imp, ni, 0.01);
      t01 = threshold_at (imp, ni, 0.001);
      fn1 = frac_below (gen, ng, t1);
      fn01 = frac_below (gen, ng, t01);
      printf ("%-5s %-8s %7.2f%% %8.2f%% %6.2f%% %8.4f %11.2f%% %7.4f %12.2f%% %7.4f %8.2f%%\n",
              det_names[d], chip_names[c], 100.0 * fte_img / images->len, 100.0 * fte_pair / pairs->len,
              100 * e, et, 100 * fn1, t1, 100 * fn01, t01,
              n_gen ? 100.0 * (fn01 * ng + fte_gen) / n_gen : 0.0);
    }
  }
  if (scores)
    fclose (scores);
  return 0;
}
