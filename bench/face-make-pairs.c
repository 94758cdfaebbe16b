/* face-make-pairs.c: a labelled pair list from photos by augmentation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   face-make-pairs [--variants 6] [--seed 1] OUTDIR IMAGE...
 *
 * Every face found (SSD, eyes >= 40 px apart) becomes one identity.  For each
 * it writes --variants JPEGs with random pose-free capture changes: scale
 * (eyes 30-90 px), in-plane rotation (+-12 deg), framing (loose or tight,
 * document-like), brightness/contrast/gamma/colour cast, blur, noise, mirror,
 * JPEG quality 35-95.  OUTDIR/pairs.tsv lists every genuine pair and every
 * impostor pair (img_a, img_b, same), in face-accuracy's format.
 *
 * This measures robustness to capture conditions, not to ageing, pose or
 * expression: genuine pairs share one original photo.  See docs/face-engine.md.
 */
#define G_LOG_DOMAIN "face-make-pairs"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pd-face.h"
#include "pd-face-blas.h"

static guint8
clamp8 (double v)
{
  return (guint8) (v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
}

static PdFaceImage *
augment (const PdFaceImage *src, const PdFaceFace *f, GRand *rng)
{
  float le[2] = { 0, 0 }, re[2] = { 0, 0 };
  double eye, target, s, theta, cx, cy, box, a, b, gain[3], gamma, contrast, noise;
  int side, blur, mirror;
  gboolean tight;
  PdFaceImage *out, *tmp;

  for (int i = 36; i < 42; i++) {
    le[0] += f->landmarks[i][0] / 6;
    le[1] += f->landmarks[i][1] / 6;
    re[0] += f->landmarks[i + 6][0] / 6;
    re[1] += f->landmarks[i + 6][1] / 6;
  }
  eye = hypot (re[0] - le[0], re[1] - le[1]);
  target = g_rand_double_range (rng, 30, 90);
  s = target / eye;                                   /* output px per source px */
  theta = g_rand_double_range (rng, -12, 12) * G_PI / 180;
  tight = g_rand_double (rng) < 0.25;
  box = MAX (f->box.width, f->box.height) * s * (tight ? g_rand_double_range (rng, 1.0, 1.15)
                                                       : g_rand_double_range (rng, 1.6, 2.6));
  side = CLAMP ((int) box, 48, 1024);
  cx = f->box.x + f->box.width / 2 + g_rand_double_range (rng, -0.08, 0.08) * f->box.width;
  cy = f->box.y + f->box.height / 2 + g_rand_double_range (rng, -0.08, 0.08) * f->box.height;
  for (int c = 0; c < 3; c++)
    gain[c] = g_rand_double_range (rng, 0.65, 1.35) * g_rand_double_range (rng, 0.92, 1.08);
  gamma = g_rand_double_range (rng, 0.8, 1.25);
  contrast = g_rand_double_range (rng, 0.75, 1.25);
  blur = g_rand_int_range (rng, 0, 4) == 3 ? g_rand_int_range (rng, 1, 3) : 0;
  noise = g_rand_double_range (rng, 0, 6);
  mirror = g_rand_double (rng) < 0.3;

  /* inverse map: source = R(-theta) (dst - centre) / s + (cx, cy) */
  a = cos (theta) / s;
  b = sin (theta) / s;
  tmp = pd_face_image_new (side, side);
  for (int y = 0; y < side; y++) {
    for (int x = 0; x < side; x++) {
      double dx = (mirror ? side - 1 - x : x) - side / 2.0, dy = y - side / 2.0;
      double sx = a * dx + b * dy + cx, sy = -b * dx + a * dy + cy;
      int x0 = (int) floor (sx), y0 = (int) floor (sy);
      double fx = sx - x0, fy = sy - y0;
      guint8 *d = tmp->rgb + ((gsize) y * side + x) * 3;
      for (int c = 0; c < 3; c++) {
        double v = 0;
        for (int j = 0; j < 2; j++)
          for (int i = 0; i < 2; i++) {
            int xx = CLAMP (x0 + i, 0, (int) src->width - 1), yy = CLAMP (y0 + j, 0, (int) src->height - 1);
            v += src->rgb[((gsize) yy * src->width + xx) * 3 + c] * (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
          }
        v = 255 * pow (v / 255, gamma);
        v = (v - 128) * contrast + 128;
        v = v * gain[c] + g_rand_double_range (rng, -noise, noise) * 1.7;
        d[c] = clamp8 (v);
      }
    }
  }
  if (blur == 0)
    return tmp;
  out = pd_face_image_new (side, side);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      for (int c = 0; c < 3; c++) {
        int sum = 0, n = 0;
        for (int j = -blur; j <= blur; j++)
          for (int i = -blur; i <= blur; i++) {
            int xx = CLAMP (x + i, 0, side - 1), yy = CLAMP (y + j, 0, side - 1);
            sum += tmp->rgb[((gsize) yy * side + xx) * 3 + c];
            n++;
          }
        out->rgb[((gsize) y * side + x) * 3 + c] = sum / n;
      }
  pd_face_image_free (tmp);
  return out;
}

int
main (int argc, char **argv)
{
  int variants = 6, seed = 1;
  GOptionEntry entries[] = {
    { "variants", 'n', 0, G_OPTION_ARG_INT, &variants, "Images per face (default 6)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (default 1)", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) oc = g_option_context_new ("OUTDIR IMAGE...");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceEngine) engine = NULL;
  g_autoptr(GRand) rng = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ident = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *tsv = NULL;
  FILE *out;
  int n_id = 0;
  guint ng = 0, ni = 0;

  pd_face_blas_prepare (argv);
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (oc, entries, NULL);
  if (!g_option_context_parse (oc, &argc, &argv, &error) || argc < 3 || variants < 2) {
    g_printerr ("usage: face-make-pairs [--variants N] OUTDIR IMAGE...\n");
    return 2;
  }
  engine = pd_face_engine_new (NULL, &error);
  if (engine == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  rng = g_rand_new_with_seed (seed);
  g_mkdir_with_parents (argv[1], 0755);
  for (int a = 2; a < argc; a++) {
    g_autoptr(PdFaceImage) img = pd_face_image_new_from_file (argv[a], &error);
    g_autoptr(GArray) faces = NULL;
    if (img == NULL) {
      g_printerr ("%s\n", error->message);
      g_clear_error (&error);
      continue;
    }
    faces = pd_face_analyze (engine, img, PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_FACEAPI, NULL);
    for (guint i = 0; i < faces->len; i++) {
      const PdFaceFace *f = &g_array_index (faces, PdFaceFace, i);
      PdFaceQuality q;
      pd_face_quality_assess (img, f, 1, &q);
      if (q.inter_eye_px < 40)
        continue;
      for (int v = 0; v < variants; v++) {
        g_autoptr(PdFaceImage) aug = augment (img, f, rng);
        g_autofree char *name = g_strdup_printf ("id%03d_%02d.jpg", n_id, v);
        g_autofree char *path = g_build_filename (argv[1], name, NULL);
        g_autofree char *quality = g_strdup_printf ("%d", g_rand_int_range (rng, 35, 96));
        g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new_from_data (aug->rgb, GDK_COLORSPACE_RGB, FALSE, 8,
                                                            aug->width, aug->height, aug->width * 3,
                                                            NULL, NULL);
        if (!gdk_pixbuf_save (pb, path, "jpeg", &error, "quality", quality, NULL)) {
          g_printerr ("%s\n", error->message);
          return 1;
        }
        g_ptr_array_add (names, g_steal_pointer (&name));
        g_array_append_val (ident, n_id);
      }
      n_id++;
    }
  }
  tsv = g_build_filename (argv[1], "pairs.tsv", NULL);
  out = fopen (tsv, "w");
  if (out == NULL) {
    g_printerr ("cannot write %s\n", tsv);
    return 1;
  }
  fprintf (out, "img_a\timg_b\tsame\n");
  for (guint i = 0; i < names->len; i++)
    for (guint j = i + 1; j < names->len; j++) {
      gboolean same = g_array_index (ident, int, i) == g_array_index (ident, int, j);
      fprintf (out, "%s\t%s\t%d\n", (char *) names->pdata[i], (char *) names->pdata[j], same);
      ng += same;
      ni += !same;
    }
  fclose (out);
  g_printerr ("%d identities, %u images, %u genuine and %u impostor pairs in %s\n", n_id,
              names->len, ng, ni, tsv);
  return 0;
}
