/* test-face-engine.c: model loading and sha256 refusal, image decoding, quality checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "face-test-util.h"
#include "pd-face-blas.h"
#include "pd-face-private.h"

/* ---- models ------------------------------------------------------------ */

static void
test_sha256_table (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "data", "face-models.sha256", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    g_auto(GStrv) f = NULL;
    if (lines[i][0] == '\0')
      continue;
    f = g_strsplit_set (lines[i], " ", -1);
    g_assert_cmpuint (g_strv_length (f), ==, 3); /* "hash  file" */
    g_assert_cmpstr (pd_face_model_sha256 (f[2]), ==, f[0]);
    n++;
  }
  g_assert_cmpuint (n, ==, 8);
  g_assert_null (pd_face_model_sha256 ("face_expression_model.bin"));
}

static void
test_missing_models (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-face-empty-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceEngine) engine = pd_face_engine_new (dir, &error);

  g_assert_null (engine);
  g_assert_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_MISSING);
  g_assert_nonnull (strstr (error->message, "fetch-weights"));
  g_rmdir (dir);
}

static void
test_model_dir_default (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *old = g_strdup (g_getenv ("PORTDESK_MODEL_DIR"));

  a = pd_face_default_model_dir ("/explicit");
  g_assert_cmpstr (a, ==, "/explicit");
  g_setenv ("PORTDESK_MODEL_DIR", "/from-env", TRUE);
  b = pd_face_default_model_dir (NULL);
  g_assert_cmpstr (b, ==, "/from-env");
  if (old)
    g_setenv ("PORTDESK_MODEL_DIR", old, TRUE);
  else
    g_unsetenv ("PORTDESK_MODEL_DIR");
}

/* A copy of the installed models with one byte of one weight file changed
 * must be refused with a clear message. */
static void
test_corrupt_model (void)
{
  PdFaceEngine *good = face_test_engine ();
  g_autofree char *dir = NULL;
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceEngine) engine = NULL;
  const char *name;

  if (good == NULL)
    return;
  dir = g_dir_make_tmp ("pd-face-corrupt-XXXXXX", NULL);
  d = g_dir_open (pd_face_engine_get_model_dir (good), 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL) {
    g_autofree char *src = g_build_filename (pd_face_engine_get_model_dir (good), name, NULL);
    g_autofree char *dst = g_build_filename (dir, name, NULL);
    g_autofree char *data = NULL;
    gsize len;
    if (pd_face_model_sha256 (name) == NULL)
      continue;
    g_assert_true (g_file_get_contents (src, &data, &len, NULL));
    if (g_str_equal (name, "face_landmark_68_model.bin"))
      data[len / 2] ^= 0x01;
    g_assert_true (g_file_set_contents (dst, data, len, NULL));
  }
  engine = pd_face_engine_new (dir, &error);
  g_assert_null (engine);
  g_assert_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_CHECKSUM);
  g_assert_nonnull (strstr (error->message, "face_landmark_68_model.bin"));
  g_assert_nonnull (strstr (error->message, "refusing to start"));

  g_dir_rewind (d);
  while ((name = g_dir_read_name (d)) != NULL) {
    g_autofree char *p = g_build_filename (dir, name, NULL);
    g_unlink (p);
  }
  g_rmdir (dir);
}

static void
test_memory (void)
{
  PdFaceEngine *engine = face_test_engine ();

  if (engine == NULL)
    return;
  g_test_message ("weights held: %.1f MiB", pd_face_engine_get_weight_bytes (engine) / 1048576.0);
  g_assert_cmpuint (pd_face_engine_get_weight_bytes (engine), >, 40u << 20);
  g_assert_cmpuint (pd_face_engine_get_weight_bytes (engine), <, 60u << 20);
}

/* ---- images ------------------------------------------------------------ */

static void
test_raw_rgb (void)
{
  guint8 frame[3 * 16] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceImage) img = NULL;
  g_autoptr(PdFaceImage) bad = NULL;

  /* 2x2 with a stride of 8 bytes */
  for (int i = 0; i < 6; i++) {
    frame[i] = i + 1;
    frame[8 + i] = 10 + i;
  }
  img = pd_face_image_new_from_rgb (frame, 2, 2, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (img->rgb[5], ==, 6);
  g_assert_cmpuint (img->rgb[6], ==, 10);
  bad = pd_face_image_new_from_rgb (frame, 4, 2, 8, &error);
  g_assert_null (bad);
  g_assert_error (error, PD_FACE_ERROR, PD_FACE_ERROR_INVALID);
}

static void
test_bgra (void)
{
  /* 2x1 BGRA (the camera sink's format), stride 12 */
  static const guint8 frame[12] = { 10, 20, 30, 255, 40, 50, 60, 255, 0, 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceImage) img = pd_face_image_new_from_pixels (frame, 2, 1, 12, PD_FACE_PIXEL_BGRA, &error);
  g_autoptr(PdFaceImage) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (img->rgb[0], ==, 30);
  g_assert_cmpuint (img->rgb[1], ==, 20);
  g_assert_cmpuint (img->rgb[2], ==, 10);
  g_assert_cmpuint (img->rgb[3], ==, 60);
  g_assert_cmpuint (img->rgb[5], ==, 40);
  bad = pd_face_image_new_from_pixels (frame, 2, 1, 7, PD_FACE_PIXEL_RGBA, &error);
  g_assert_null (bad);
  g_assert_error (error, PD_FACE_ERROR, PD_FACE_ERROR_INVALID);
}

static void
test_bad_image (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("not an image at all", 19);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceImage) img = pd_face_image_new_from_bytes (bytes, &error);

  g_assert_null (img);
  g_assert_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE);
}

/* Photos come from outside: other formats are not decoded at all, and a
 * declared size beyond the limits is refused before pixels are allocated. */
static void
test_image_limits (void)
{
  static const char gif[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00;";
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 8, 8);
  g_autofree char *jpeg = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (gif, sizeof gif - 1);
    g_autoptr(PdFaceImage) img = pd_face_image_new_from_bytes (bytes, &error);

    g_assert_null (img);
    g_assert_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE);
    g_assert_nonnull (strstr (error->message, "not a JPEG or PNG"));
    g_clear_error (&error);
  }
  gdk_pixbuf_fill (pb, 0x808080ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pb, &jpeg, &len, "jpeg", &error, NULL));
  for (gsize i = 2; i + 9 < len; i++)
    if ((guint8) jpeg[i] == 0xff && (guint8) jpeg[i + 1] == 0xc0) {
      /* SOF0: height and width, 60000 each */
      jpeg[i + 5] = (char) 0xea; jpeg[i + 6] = 0x60;
      jpeg[i + 7] = (char) 0xea; jpeg[i + 8] = 0x60;
      break;
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (jpeg, len);
    g_autoptr(PdFaceImage) img = pd_face_image_new_from_bytes (bytes, &error);

    g_assert_null (img);
    g_assert_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE);
    g_assert_nonnull (strstr (error->message, "too large"));
  }
}

/* JPEG with an EXIF orientation of 6 (rotate 90 degrees clockwise to view) */
static void
test_exif_orientation (void)
{
  static const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,       /* TIFF header, IFD at 8 */
    0x01, 0x00,                                         /* one entry */
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,     /* 0x0112 SHORT x1 */
    0x06, 0x00, 0x00, 0x00,                             /* value 6 */
    0x00, 0x00, 0x00, 0x00,                             /* no next IFD */
  };
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 32);
  g_autofree char *jpeg = NULL;
  gsize len = 0;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PdFaceImage) img = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *px = gdk_pixbuf_get_pixels (pb);
  int stride = gdk_pixbuf_get_rowstride (pb);

  /* left half red, right half blue */
  for (int y = 0; y < 32; y++)
    for (int x = 0; x < 64; x++) {
      guint8 *p = px + y * stride + x * 3;
      p[0] = x < 32 ? 255 : 0;
      p[1] = 0;
      p[2] = x < 32 ? 0 : 255;
    }
  g_assert_true (gdk_pixbuf_save_to_buffer (pb, &jpeg, &len, "jpeg", &error, "quality", "95", NULL));
  g_assert_no_error (error);
  /* SOI, then our APP1, then the rest */
  g_byte_array_append (out, (const guint8 *) jpeg, 2);
  g_byte_array_append (out, app1, sizeof app1);
  g_byte_array_append (out, (const guint8 *) jpeg + 2, len - 2);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&out));
  img = pd_face_image_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (img->width, ==, 32);
  g_assert_cmpuint (img->height, ==, 64);
  /* rotated clockwise: the red (left) half is now on top */
  g_assert_cmpuint (img->rgb[(5 * 32 + 16) * 3], >, 200);
  g_assert_cmpuint (img->rgb[(58 * 32 + 16) * 3 + 2], >, 200);
}

/* ---- quality ------------------------------------------------------------ */

/* One face: crop of a demo photo around its centre face. */
static PdFaceImage *
single_face (PdFaceEngine *engine, PdFaceFace *face_out)
{
  g_autoptr(PdFaceImage) img = face_test_demo_image ("sample2.jpg");
  g_autoptr(GArray) faces = NULL;
  g_autoptr(GArray) again = NULL;
  PdFaceQuality q;
  const PdFaceFace *f;
  PdIRect r;
  PdFaceImage *crop;

  if (img == NULL)
    return NULL;
  faces = pd_face_analyze (engine, img, PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_FACEAPI, NULL);
  pd_face_quality_assess (img, (PdFaceFace *) faces->data, faces->len, &q);
  g_assert_cmpint (q.face_index, >=, 0);
  f = &g_array_index (faces, PdFaceFace, q.face_index);
  r = pd_clip_floor (f->box.x - f->box.width * 0.4, f->box.y - f->box.height * 0.4,
                     f->box.width * 1.8, f->box.height * 1.8, img->width, img->height);
  crop = pd_face_image_crop (img, r);
  again = pd_face_analyze (engine, crop, PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_FACEAPI, NULL);
  g_assert_cmpuint (again->len, ==, 1);
  *face_out = g_array_index (again, PdFaceFace, 0);
  return crop;
}

static void
test_quality (void)
{
  PdFaceEngine *engine = face_test_engine ();
  g_autoptr(PdFaceImage) img = NULL;
  g_autoptr(PdFaceImage) dark = NULL;
  g_autoptr(PdFaceImage) blur = NULL;
  g_autoptr(PdFaceImage) blank = NULL;
  g_autoptr(PdFaceImage) sample = NULL;
  g_autoptr(GArray) faces = NULL;
  g_auto(GStrv) reasons = NULL;
  PdFaceFace face, moved, two[2];
  PdFaceQuality q;
  gsize n;
  int rad = 6;

  if (engine == NULL)
    return;
  img = single_face (engine, &face);
  if (img == NULL)
    return;
  pd_face_quality_assess (img, &face, 1, &q);
  g_test_message ("good face: eyes %.0f px, brightness %.0f, sharpness %.0f, yaw %.1f, roll %.1f",
                  q.inter_eye_px, q.brightness, q.sharpness, q.yaw_deg, q.roll_deg);
  g_assert_cmpuint (q.flags, ==, PD_FACE_QUALITY_OK);
  reasons = pd_face_quality_reasons (&q);
  g_assert_cmpuint (g_strv_length (reasons), ==, 0);

  /* too dark */
  dark = pd_face_image_new (img->width, img->height);
  n = (gsize) img->width * img->height * 3;
  for (gsize i = 0; i < n; i++)
    dark->rgb[i] = img->rgb[i] / 5;
  pd_face_quality_assess (dark, &face, 1, &q);
  g_assert_true (q.flags & PD_FACE_QUALITY_TOO_DARK);
  g_clear_pointer (&reasons, g_strfreev);
  reasons = pd_face_quality_reasons (&q);
  g_assert_cmpuint (g_strv_length (reasons), >=, 1);
  g_assert_nonnull (strstr (reasons[0], "dark"));

  /* blurred: box blur, radius 6 px */
  blur = pd_face_image_new (img->width, img->height);
  for (guint y = 0; y < img->height; y++)
    for (guint x = 0; x < img->width; x++)
      for (int c = 0; c < 3; c++) {
        int s = 0, cnt = 0;
        for (int dy = -rad; dy <= rad; dy += 2)
          for (int dx = -rad; dx <= rad; dx += 2) {
            int xx = CLAMP ((int) x + dx, 0, (int) img->width - 1);
            int yy = CLAMP ((int) y + dy, 0, (int) img->height - 1);
            s += img->rgb[((gsize) yy * img->width + xx) * 3 + c];
            cnt++;
          }
        blur->rgb[((gsize) y * img->width + x) * 3 + c] = s / cnt;
      }
  pd_face_quality_assess (blur, &face, 1, &q);
  g_test_message ("blurred: sharpness %.1f", q.sharpness);
  g_assert_true (q.flags & PD_FACE_QUALITY_BLURRED);

  /* no face at all */
  blank = pd_face_image_new (320, 240);
  faces = pd_face_analyze (engine, blank, PD_FACE_DETECTOR_TINY, PD_FACE_CHIP_FACEAPI, NULL);
  g_assert_cmpuint (faces->len, ==, 0);
  pd_face_quality_assess (blank, NULL, 0, &q);
  g_assert_cmpuint (q.flags, ==, PD_FACE_QUALITY_NO_FACE);
  g_assert_cmpint (q.face_index, ==, -1);

  /* too small: the same face at a quarter of the size */
  moved = face;
  for (int i = 0; i < PD_FACE_N_LANDMARKS; i++) {
    moved.landmarks[i][0] *= 0.25f;
    moved.landmarks[i][1] *= 0.25f;
  }
  pd_face_quality_assess (img, &moved, 1, &q);
  g_assert_true (q.flags & PD_FACE_QUALITY_TOO_SMALL);

  /* head tilted: landmarks rotated by 35 degrees around the face centre */
  moved = face;
  for (int i = 0; i < PD_FACE_N_LANDMARKS; i++) {
    float cx = face.box.x + face.box.width / 2, cy = face.box.y + face.box.height / 2;
    float dx = face.landmarks[i][0] - cx, dy = face.landmarks[i][1] - cy;
    float a = 35 * G_PI / 180;
    moved.landmarks[i][0] = cx + dx * cosf (a) - dy * sinf (a);
    moved.landmarks[i][1] = cy + dx * sinf (a) + dy * cosf (a);
  }
  pd_face_quality_assess (img, &moved, 1, &q);
  g_assert_true (q.flags & PD_FACE_QUALITY_HEAD_TILTED);
  g_assert_false (q.flags & PD_FACE_QUALITY_HEAD_TURNED);

  /* head turned: the nose tip near one cheek */
  moved = face;
  moved.landmarks[30][0] = face.landmarks[14][0] - 0.05f * (face.landmarks[14][0] - face.landmarks[2][0]);
  pd_face_quality_assess (img, &moved, 1, &q);
  g_assert_true (q.flags & PD_FACE_QUALITY_HEAD_TURNED);

  /* several faces: a second face of the same size elsewhere */
  two[0] = face;
  two[1] = face;
  two[1].box.x += face.box.width * 3;
  pd_face_quality_assess (img, two, 2, &q);
  g_assert_true (q.flags & PD_FACE_QUALITY_SEVERAL_FACES);
  g_assert_cmpint (q.face_index, ==, 0); /* the one nearer the centre */

  /* a real group photo */
  sample = face_test_demo_image ("sample1.jpg");
  if (sample == NULL)
    return;
  g_clear_pointer (&faces, g_array_unref);
  faces = pd_face_analyze (engine, sample, PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_FACEAPI, NULL);
  pd_face_quality_assess (sample, (PdFaceFace *) faces->data, faces->len, &q);
  g_assert_true (q.flags & PD_FACE_QUALITY_SEVERAL_FACES);
}

/* The BLAS kernel chosen by features, whatever the CPU's maker or model,
 * and only when better than OpenBLAS's own choice. */
static void
test_blas_choice (void)
{
  static const struct {
    const char *cpu;          /* as PORTDESK_CPU_FEATURES describes it */
    const char *openblas;     /* what OpenBLAS chose by itself */
    const char *expected;     /* what PortDesk makes it run, NULL: OpenBLAS's */
  } cases[] = {
    /* a Xeon OpenBLAS 0.3.21 does not know: its SSE3 fallback */
    { "avx2,fma,avx512f,avx512bw,avx512vl,avx512dq", "Prescott", "SkylakeX" },
    /* AMD Zen 4 (AVX-512), which 0.3.21 takes for a Zen: AVX2 kernels */
    { "avx2,fma,avx512f,avx512bw,avx512vl,avx512dq", "Zen", "SkylakeX" },
    /* a Xeon it knows */
    { "avx2,fma,avx512f,avx512bw,avx512vl,avx512dq", "Cooperlake", NULL },
    { "avx2,fma,avx512f,avx512bw,avx512vl,avx512dq", "SkylakeX", NULL },
    /* AVX-512 F only (Knights Landing): not enough for SkylakeX */
    { "avx2,fma,avx512f", "Prescott", "Haswell" },
    /* Zen 2 */
    { "avx2,fma", "Zen", NULL },
    { "avx2,fma", "Nehalem", "Haswell" },
    /* no AVX2: OpenBLAS's choice */
    { "", "Sandybridge", NULL },
  };
  PdCpuFeatures f;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_assert_true (pd_cpu_features_parse (cases[i].cpu, &f));
    g_assert_cmpstr (pd_face_blas_better (&f, cases[i].openblas), ==, cases[i].expected);
  }
  g_assert_true (pd_cpu_features_parse (" avx2 , fma ", &f));
  g_assert_true (f.avx2 && f.fma && !f.avx512f);
  g_assert_cmpstr (pd_face_blas_choose (&f), ==, "Haswell");
  g_assert_false (pd_cpu_features_parse ("avx2,sse9", &f));
  /* this CPU, as detected, gets a kernel at least as good as described */
  pd_cpu_features_detect (&f);
  g_test_message ("this CPU: %s; in use: %s", pd_face_blas_choose (&f) ?: "OpenBLAS's choice", pd_face_blas_kernel ());
}

/* pd_face_analyze_subject (): the faces pd_face_analyze () finds, the
 * subject described alike, the others not described; on a scene and on a
 * crop that takes the canvas (its coordinates shifted back). */
static void
test_analyze_subject (void)
{
  PdFaceEngine *engine = face_test_engine ();
  g_autoptr(PdFaceImage) scene = NULL;

  if (engine == NULL || (scene = face_test_demo_image ("sample1.jpg")) == NULL)
    return;
  for (int k = 0; k < 2; k++) {
    g_autoptr(PdFaceImage) img = k == 0 ? NULL : pd_face_image_cut (scene, 560, 200, 500, 500);
    const PdFaceImage *in = k == 0 ? scene : img;
    g_autoptr(GArray) all = pd_face_analyze (engine, in, PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_ALIGNED, NULL);
    g_autoptr(GArray) one = pd_face_analyze_subject (engine, in, PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_ALIGNED, PD_FACE_VIEWS_ALL, NULL);
    PdFaceQuality q;

    g_assert_cmpuint (all->len, ==, one->len);
    g_assert_cmpuint (all->len, >=, 1);
    g_assert_true (k == 1 || all->len >= 3);
    pd_face_quality_assess (in, (PdFaceFace *) one->data, one->len, &q);
    for (guint i = 0; i < one->len; i++) {
      const PdFaceFace *a = &g_array_index (all, PdFaceFace, i), *o = &g_array_index (one, PdFaceFace, i);
      float norm = 0;

      g_assert_cmpmem (&a->box, sizeof a->box, &o->box, sizeof o->box);
      g_assert_cmpmem (a->landmarks, sizeof a->landmarks, o->landmarks, sizeof o->landmarks);
      for (int j = 0; j < PD_FACE_DESCRIPTOR_DIM; j++)
        norm += o->descriptor[j] * o->descriptor[j];
      if ((int) i == q.face_index)
        g_assert_cmpmem (a->descriptor, sizeof a->descriptor, o->descriptor, sizeof o->descriptor);
      else
        g_assert_cmpfloat (norm, ==, 0);
    }
  }
}

/* The quick detector's tiny net on the frame's cells only (no square of
 * padding): on a 1280x720 camera frame and a wide demo picture the boxes
 * and scores of the square input, to the last bit for faces away from the
 * padding's edge, in fewer rows of the net. */
static void
test_tiny_cut (void)
{
  PdFaceEngine *engine = face_test_engine ();
  g_autoptr(PdFaceImage) scene = NULL, frame = NULL;

  if (engine == NULL || (scene = face_test_demo_image ("sample1.jpg")) == NULL)
    return;
  /* a camera frame: the scene's middle, 1280x720 */
  frame = pd_face_image_cut (scene, (scene->width - 1280) / 2.0, 200, 1280, 720);
  g_assert_cmpuint (scene->width, >, scene->height);
  for (int k = 0; k < 2; k++) {
    const PdFaceImage *img = k == 0 ? scene : frame;
    g_autoptr(GArray) square = pd_tiny_net_detect (engine->tiny, img, 416, FALSE, 0.5f);
    g_autoptr(GArray) cut = pd_tiny_net_detect (engine->tiny, img, 416, TRUE, 0.5f);

    g_assert_cmpuint (square->len, >=, 1);
    g_assert_cmpuint (square->len, ==, cut->len);
    g_assert_cmpmem (square->data, square->len * sizeof (PdFaceBox), cut->data, cut->len * sizeof (PdFaceBox));
  }
}

/* A glance: the subject found as with all the views, its descriptor the
 * mean of its chip's and its chip's mirror image's. */
static void
test_analyze_glance (void)
{
  PdFaceEngine *engine = face_test_engine ();
  g_autoptr(PdFaceImage) scene = NULL;
  g_autoptr(GArray) all = NULL, glance = NULL;
  g_autoptr(PdFaceImage) chip = NULL, mirror = NULL;
  float d_chip[PD_FACE_DESCRIPTOR_DIM], d_mirror[PD_FACE_DESCRIPTOR_DIM];
  const PdFaceFace *a, *g;
  PdFaceQuality q;

  if (engine == NULL || (scene = face_test_demo_image ("sample1.jpg")) == NULL)
    return;
  all = pd_face_analyze_subject (engine, scene, PD_FACE_DETECTOR_QUICK, PD_FACE_CHIP_ALIGNED, PD_FACE_VIEWS_ALL, NULL);
  glance = pd_face_analyze_subject (engine, scene, PD_FACE_DETECTOR_QUICK, PD_FACE_CHIP_ALIGNED, PD_FACE_VIEWS_GLANCE,
                                    NULL);
  g_assert_cmpuint (all->len, ==, glance->len);
  pd_face_quality_assess (scene, (PdFaceFace *) glance->data, glance->len, &q);
  g_assert_cmpint (q.face_index, >=, 0);
  a = &g_array_index (all, PdFaceFace, q.face_index);
  g = &g_array_index (glance, PdFaceFace, q.face_index);
  g_assert_cmpmem (a->landmarks, sizeof a->landmarks, g->landmarks, sizeof g->landmarks);
  g_assert_true (memcmp (a->descriptor, g->descriptor, sizeof a->descriptor) != 0);
  g_assert_cmpfloat (pd_face_similarity (a->descriptor, g->descriptor), >, 0.98);

  chip = pd_face_chip (scene, g->landmarks, PD_FACE_CHIP_ALIGNED);
  mirror = pd_face_image_new (chip->width, chip->height);
  for (guint y = 0; y < chip->height; y++)
    for (guint x = 0; x < chip->width; x++)
      memcpy (mirror->rgb + ((gsize) y * chip->width + x) * 3,
              chip->rgb + ((gsize) y * chip->width + chip->width - 1 - x) * 3, 3);
  pd_face_descriptor_of_chip (engine, chip, d_chip);
  pd_face_descriptor_of_chip (engine, mirror, d_mirror);
  for (int j = 0; j < PD_FACE_DESCRIPTOR_DIM; j++)
    g_assert_cmpfloat_with_epsilon (g->descriptor[j], (d_chip[j] + d_mirror[j]) / 2, 1e-4);
}

int
main (int argc, char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/face/blas-choice", test_blas_choice);
  g_test_add_func ("/face/analyze-glance", test_analyze_glance);
  g_test_add_func ("/face/tiny-cut", test_tiny_cut);
  g_test_add_func ("/face/model/sha256-table", test_sha256_table);
  g_test_add_func ("/face/model/missing", test_missing_models);
  g_test_add_func ("/face/model/dir", test_model_dir_default);
  g_test_add_func ("/face/model/corrupt", test_corrupt_model);
  g_test_add_func ("/face/model/memory", test_memory);
  g_test_add_func ("/face/image/raw-rgb", test_raw_rgb);
  g_test_add_func ("/face/image/raw-bgra", test_bgra);
  g_test_add_func ("/face/image/bad", test_bad_image);
  g_test_add_func ("/face/image/limits", test_image_limits);
  g_test_add_func ("/face/image/exif-orientation", test_exif_orientation);
  g_test_add_func ("/face/quality", test_quality);
  g_test_add_func ("/face/analyze-subject", test_analyze_subject);
  ret = g_test_run ();
  face_test_cleanup ();
  return ret;
}
