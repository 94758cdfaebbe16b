/* pd-face-quality.c: capture quality checks with officer-readable reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-quality"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pd-face-private.h"

/* Limits; see docs/face-engine.md ("Quality"). */
#define MIN_INTER_EYE_PX 32.0f
#define MIN_BRIGHTNESS 60.0f
#define MAX_BRIGHTNESS 200.0f
#define MIN_SHARPNESS 30.0f
#define MAX_YAW_DEG 25.0f
#define MAX_ROLL_DEG 20.0f
#define OTHER_FACE_RATIO 0.5f  /* another face at least this size counts */
#define SHARP_SIDE 112

static float
inter_eye (const PdFaceFace *f)
{
  float le[2], re[2], m[2];

  pd_face_eye_mouth_centres (f->landmarks, le, re, m);
  return hypotf (re[0] - le[0], re[1] - le[1]);
}

static void
landmark_bbox (const PdFaceFace *f, const PdFaceImage *img, int *x0, int *y0, int *x1, int *y1)
{
  float minx = G_MAXFLOAT, miny = G_MAXFLOAT, maxx = -G_MAXFLOAT, maxy = -G_MAXFLOAT;

  for (int i = 0; i < PD_FACE_N_LANDMARKS; i++) {
    minx = MIN (minx, f->landmarks[i][0]);
    maxx = MAX (maxx, f->landmarks[i][0]);
    miny = MIN (miny, f->landmarks[i][1]);
    maxy = MAX (maxy, f->landmarks[i][1]);
  }
  *x0 = CLAMP ((int) floorf (minx), 0, (int) img->width - 1);
  *y0 = CLAMP ((int) floorf (miny), 0, (int) img->height - 1);
  *x1 = CLAMP ((int) ceilf (maxx), *x0 + 1, (int) img->width);
  *y1 = CLAMP ((int) ceilf (maxy), *y0 + 1, (int) img->height);
}

static inline float
luma (const guint8 *p)
{
  return 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
}

/* Variance of the 4-neighbour Laplacian on the face box resampled to
 * SHARP_SIDE x SHARP_SIDE grey (so the measure does not depend on face size). */
static float
sharpness (const PdFaceImage *img, int x0, int y0, int x1, int y1)
{
  g_autofree float *g = g_new (float, SHARP_SIDE * SHARP_SIDE);
  double sum = 0, sum2 = 0;
  int n = 0;
  float sx = (float) (x1 - x0) / SHARP_SIDE, sy = (float) (y1 - y0) / SHARP_SIDE;

  for (int y = 0; y < SHARP_SIDE; y++) {
    for (int x = 0; x < SHARP_SIDE; x++) {
      int ix = MIN (x0 + (int) ((x + 0.5f) * sx), (int) img->width - 1);
      int iy = MIN (y0 + (int) ((y + 0.5f) * sy), (int) img->height - 1);
      g[y * SHARP_SIDE + x] = luma (img->rgb + ((gsize) iy * img->width + ix) * 3);
    }
  }
  for (int y = 1; y < SHARP_SIDE - 1; y++) {
    for (int x = 1; x < SHARP_SIDE - 1; x++) {
      const float *p = g + y * SHARP_SIDE + x;
      float l = p[-1] + p[1] + p[-SHARP_SIDE] + p[SHARP_SIDE] - 4 * p[0];
      sum += l;
      sum2 += (double) l * l;
      n++;
    }
  }
  sum /= n;
  return (float) (sum2 / n - sum * sum);
}

int
pd_face_subject (const PdFaceFace *faces, guint n_faces, guint width, guint height, int ox, int oy)
{
  float best = G_MAXFLOAT;
  int subject = -1;

  for (guint i = 0; i < n_faces; i++) {
    float cx = (faces[i].box.x - ox) + faces[i].box.width / 2 - width / 2.0f;
    float cy = (faces[i].box.y - oy) + faces[i].box.height / 2 - height / 2.0f;
    float d = cx * cx + cy * cy;
    if (d < best) {
      best = d;
      subject = (int) i;
    }
  }
  return subject;
}

void
pd_face_quality_assess (const PdFaceImage *image, const PdFaceFace *faces, guint n_faces,
                        PdFaceQuality *out)
{
  const PdFaceFace *f;
  float le[2], re[2], m[2];
  double sum = 0;
  int x0, y0, x1, y1;
  float ex, ey, en, nx, ny, r, c0, c1;

  g_return_if_fail (image != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  out->face_index = -1;
  out->n_faces = n_faces;
  if (n_faces == 0) {
    out->flags = PD_FACE_QUALITY_NO_FACE;
    return;
  }
  out->face_index = pd_face_subject (faces, n_faces, image->width, image->height, 0, 0);
  f = &faces[out->face_index];
  out->inter_eye_px = inter_eye (f);
  for (guint i = 0; i < n_faces; i++)
    if ((int) i != out->face_index && inter_eye (&faces[i]) >= OTHER_FACE_RATIO * out->inter_eye_px)
      out->flags |= PD_FACE_QUALITY_SEVERAL_FACES;
  if (out->inter_eye_px < MIN_INTER_EYE_PX)
    out->flags |= PD_FACE_QUALITY_TOO_SMALL;

  landmark_bbox (f, image, &x0, &y0, &x1, &y1);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      sum += luma (image->rgb + ((gsize) y * image->width + x) * 3);
  out->brightness = (float) (sum / ((double) (x1 - x0) * (y1 - y0)));
  if (out->brightness < MIN_BRIGHTNESS)
    out->flags |= PD_FACE_QUALITY_TOO_DARK;
  else if (out->brightness > MAX_BRIGHTNESS)
    out->flags |= PD_FACE_QUALITY_TOO_BRIGHT;

  out->sharpness = sharpness (image, x0, y0, x1, y1);
  if (out->sharpness < MIN_SHARPNESS)
    out->flags |= PD_FACE_QUALITY_BLURRED;

  /* roll: angle of the eye line; yaw: where the nose tip (30) falls between
   * the cheek contour points 2 and 14, measured along the eye line. */
  pd_face_eye_mouth_centres (f->landmarks, le, re, m);
  ex = re[0] - le[0];
  ey = re[1] - le[1];
  en = hypotf (ex, ey);
  out->roll_deg = (float) (atan2f (ey, ex) * 180.0 / G_PI);
  if (en > 0) {
    ex /= en;
    ey /= en;
    nx = f->landmarks[30][0];
    ny = f->landmarks[30][1];
    c0 = f->landmarks[2][0] * ex + f->landmarks[2][1] * ey;
    c1 = f->landmarks[14][0] * ex + f->landmarks[14][1] * ey;
    r = c1 - c0 != 0 ? ((nx * ex + ny * ey) - c0) / (c1 - c0) : 0.5f;
    out->yaw_deg = (float) (asin (CLAMP (2 * r - 1, -1.0f, 1.0f)) * 180.0 / G_PI);
  }
  if (fabsf (out->yaw_deg) > MAX_YAW_DEG)
    out->flags |= PD_FACE_QUALITY_HEAD_TURNED;
  if (fabsf (out->roll_deg) > MAX_ROLL_DEG)
    out->flags |= PD_FACE_QUALITY_HEAD_TILTED;
}

static const struct {
  PdFaceQualityFlags flag;
  const char *code;
  const char *text;
} reasons[] = {
  { PD_FACE_QUALITY_NO_FACE, "no-face", N_("No face was found. Ask the traveller to face the camera.") },
  { PD_FACE_QUALITY_SEVERAL_FACES, "several-faces", N_("Several faces are in view. Only the traveller should be in the picture.") },
  { PD_FACE_QUALITY_TOO_SMALL, "too-small", N_("The face is too small. Ask the traveller to step closer.") },
  { PD_FACE_QUALITY_TOO_DARK, "too-dark", N_("The face is too dark. Improve the lighting.") },
  { PD_FACE_QUALITY_TOO_BRIGHT, "too-bright", N_("The face is too bright. Reduce the light or glare.") },
  { PD_FACE_QUALITY_BLURRED, "blurred", N_("The picture is blurred. Ask the traveller to hold still.") },
  { PD_FACE_QUALITY_HEAD_TURNED, "head-turned", N_("The head is turned. Ask the traveller to look straight at the camera.") },
  { PD_FACE_QUALITY_HEAD_TILTED, "head-tilted", N_("The head is tilted. Ask the traveller to hold the head straight.") },
};

char **
pd_face_quality_codes (const PdFaceQuality *quality)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (quality->flags & reasons[i].flag)
      g_strv_builder_add (b, reasons[i].code);
  return g_strv_builder_end (b);
}

char **
pd_face_quality_reasons (const PdFaceQuality *quality)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (quality->flags & reasons[i].flag)
      g_strv_builder_add (b, g_dgettext (GETTEXT_PACKAGE, reasons[i].text));
  return g_strv_builder_end (b);
}
