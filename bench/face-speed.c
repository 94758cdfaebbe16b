/* face-speed.c: our face pipeline vs face-api.js (tfjs wasm) on the same photos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   face-speed [--detector tiny|ssd] [--blas-threads N] [--no-reference] [IMAGE...]
 *
 * With no IMAGE, uses the npm package's demo photos.  For each photo it times
 * (median) the full pipeline (detect + landmarks + descriptor of every face)
 * and the descriptor alone on a 150x150 chip, then runs the reference tool's
 * `time` mode on the same file in the same run and prints both and the ratio.
 * Images are handed to the reference as PNG written from our decoded pixels,
 * so both sides see identical input.  The reference (tfjs wasm in Node) runs
 * on one thread, so by default so do we (--blas-threads).
 */
#define G_LOG_DOMAIN "face-speed"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "pd-bench-util.h"
#include "pd-face.h"
#include "pd-face-blas.h"

#define PIPE_RUNS 7
#define DESC_RUNS 15

int
main (int argc, char **argv)
{
  g_autofree char *detector = NULL;
  gboolean no_ref = FALSE;
  int blas_threads = 1;
  GOptionEntry entries[] = {
    { "blas-threads", 't', 0, G_OPTION_ARG_INT, &blas_threads,
      "OpenBLAS threads for our side (default 1, like the single-threaded "
      "reference; 0 = OpenBLAS's choice)", "N" },
    { "detector", 'd', 0, G_OPTION_ARG_STRING, &detector, "tiny (default) or ssd", "NAME" },
    { "no-reference", 0, 0, G_OPTION_ARG_NONE, &no_ref, "Do not run face-api.js", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) oc = g_option_context_new ("[IMAGE...]");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceEngine) engine = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdFaceImage) zero = pd_face_image_new (PD_FACE_CHIP_SIZE, PD_FACE_CHIP_SIZE);
  g_autofree char *refdir = pd_bench_reference_dir ();
  g_autofree char *tmpdir = NULL;
  PdFaceDetector det;
  double sum_ratio_p = 0, sum_ratio_d = 0, our_d;
  double all_our[64], all_ref[64], all_our_d[64], all_ref_d[64];
  guint n_ok = 0;
  double t[DESC_RUNS];
  float d[PD_FACE_DESCRIPTOR_DIM];

  pd_face_blas_prepare (argv);
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (oc, entries, NULL);
  if (!g_option_context_parse (oc, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    return 2;
  }
  if (blas_threads > 0)
    pd_face_blas_set_threads (blas_threads);
  det = detector && g_str_equal (detector, "ssd") ? PD_FACE_DETECTOR_SSD : PD_FACE_DETECTOR_TINY;
  if (argc > 1) {
    for (int i = 1; i < argc; i++)
      g_ptr_array_add (files, g_strdup (argv[i]));
  } else {
    g_autofree char *demo = pd_bench_demo_dir ();
    for (int i = 1; i <= 6; i++)
      g_ptr_array_add (files, g_strdup_printf ("%s/sample%d.jpg", demo, i));
  }
  engine = pd_face_engine_new (NULL, &error);
  if (engine == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  tmpdir = g_dir_make_tmp ("face-speed-XXXXXX", &error);
  if (tmpdir == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }

  printf ("detector: %s, our BLAS threads: %d (face-api.js: tfjs wasm, single thread)\n"
          "our kernel: %s\n"
          "medians; pipeline = detect + 68 landmarks + descriptor of every face\n",
          det == PD_FACE_DETECTOR_SSD ? "ssd" : "tiny",
          pd_face_blas_get_threads (), pd_face_blas_kernel ());
  printf ("%-14s %9s %6s %12s %12s %7s %12s %12s %7s\n", "image", "size", "faces",
          "ours_pipe", "ref_pipe", "ratio", "ours_desc", "ref_desc", "ratio");
  for (guint i = 0; i < files->len && i < G_N_ELEMENTS (all_our); i++) {
    const char *file = files->pdata[i];
    g_autoptr(PdFaceImage) img = pd_face_image_new_from_file (file, &error);
    g_autofree char *base = g_path_get_basename (file);
    g_autofree char *png = NULL;
    double tp[PIPE_RUNS], our_p, ref_p = 0, ref_d = 0;
    guint nfaces = 0;
    g_autofree char *size = NULL;

    if (img == NULL) {
      g_printerr ("%s\n", error->message);
      g_clear_error (&error);
      continue;
    }
    for (int k = -1; k < PIPE_RUNS; k++) {
      double a = pd_bench_now_ms ();
      g_autoptr(GArray) faces = pd_face_analyze (engine, img, det, PD_FACE_CHIP_FACEAPI, NULL);
      if (k >= 0)
        tp[k] = pd_bench_now_ms () - a;
      nfaces = faces->len;
    }
    our_p = pd_bench_median (tp, PIPE_RUNS);
    /* descriptor alone: 150x150 chip (zeros, as the reference does), measured
     * again for every row so that both sides see the same machine load */
    pd_face_descriptor_of_chip (engine, zero, d);
    for (int k = 0; k < DESC_RUNS; k++) {
      double a = pd_bench_now_ms ();
      pd_face_descriptor_of_chip (engine, zero, d);
      t[k] = pd_bench_now_ms () - a;
    }
    our_d = pd_bench_median (t, DESC_RUNS);
    size = g_strdup_printf ("%ux%u", img->width, img->height);
    printf ("%-14s %9s %6u %9.1f ms", base, size, nfaces, our_p);
    if (!no_ref) {
      png = g_strdup_printf ("%s/%s.png", tmpdir, base);
      if (!pd_face_image_save_png (img, png, &error) ||
          !pd_bench_reference_time (refdir, det == PD_FACE_DETECTOR_SSD ? "ssd" : "tiny", png, &ref_p, &ref_d)) {
        g_clear_error (&error);
        no_ref = TRUE;
      }
      g_unlink (png);
    }
    if (!no_ref) {
      printf (" %9.1f ms %6.2fx %9.2f ms %9.2f ms %6.2fx\n", ref_p, ref_p / our_p, our_d, ref_d, ref_d / our_d);
      all_our[n_ok] = our_p;
      all_ref[n_ok] = ref_p;
      all_our_d[n_ok] = our_d;
      all_ref_d[n_ok] = ref_d;
      sum_ratio_p += ref_p / our_p;
      sum_ratio_d += ref_d / our_d;
      n_ok++;
    } else {
      printf ("%12s %7s %9.2f ms\n", "-", "-", our_d);
    }
  }
  g_rmdir (tmpdir);
  if (n_ok > 0) {
    double mo = pd_bench_median (all_our, n_ok), mr = pd_bench_median (all_ref, n_ok);
    double mod = pd_bench_median (all_our_d, n_ok), mrd = pd_bench_median (all_ref_d, n_ok);
    printf ("\nmedians over %u photos:\n"
            "  pipeline:   ours %6.1f ms, face-api.js %6.1f ms, ratio %.2fx (mean of per-photo ratios %.2fx)\n"
            "  descriptor: ours %6.2f ms, face-api.js %6.2f ms, ratio %.2fx (mean of per-photo ratios %.2fx)\n",
            n_ok, mo, mr, mr / mo, sum_ratio_p / n_ok, mod, mrd, mrd / mod, sum_ratio_d / n_ok);
  }
  return 0;
}
