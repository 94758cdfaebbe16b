/* pd-face-align.c: face crops and chips (face-api.js crop, aligned similarity chip)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-align"

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-face-private.h"

/* The `aligned` chip is dlib's: a least-squares similarity transform from the
 * 51 inner landmarks (17-67) to dlib's mean face shape
 * (dlib/image_transforms/interpolation.h, get_face_chip_details), placed in a
 * 150x150 chip with padding 0.25 -- the geometry of the chips the recognition
 * network was trained on.  In that chip the eye centres fall at about (47.5,
 * 46.6) and (100.5, 46.6) and the mouth centre at (75, 107), within 2 px of
 * where face-api.js's own axis-aligned crop puts them on upright faces
 * (measured on the fixture faces), so both modes feed the network the same
 * scale; `aligned` also removes roll and uses all inner points. */
#define DLIB_PADDING 0.25
/* dlib's mean face, points 17-67, in [0, 1] */
static const double dlib_x[51] = {
    0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124,
    0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036,
    0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918,
    0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
    0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
    0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874,
    0.553364, 0.490127, 0.42689 };
static const double dlib_y[51] = {
    0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
    0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326,
    0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733,
    0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099,
    0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
    0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746,
    0.784792, 0.824182, 0.831803, 0.824182 };

PdIRect
pd_clip_floor (double x, double y, double w, double h, int img_w, int img_h)
{
  double right = x + w, bottom = y + h;
  double cx = MAX (x, 0.0), cy = MAX (y, 0.0);
  double cw = MIN (right - cx, img_w - cx), ch = MIN (bottom - cy, img_h - cy);
  PdIRect r = { (int) floor (cx), (int) floor (cy), (int) floor (cw), (int) floor (ch) };

  return r;
}

static void
centre (const float lm[PD_FACE_N_LANDMARKS][2], int from, int to, float out[2])
{
  double sx = 0, sy = 0;

  for (int i = from; i < to; i++) {
    sx += lm[i][0];
    sy += lm[i][1];
  }
  out[0] = (float) (sx / (to - from));
  out[1] = (float) (sy / (to - from));
}

void
pd_face_eye_mouth_centres (const float lm[PD_FACE_N_LANDMARKS][2], float le[2], float re[2], float mouth[2])
{
  centre (lm, 36, 42, le);
  centre (lm, 42, 48, re);
  centre (lm, 48, 68, mouth);
}

void
pd_align_dlib_rect (const float lm[PD_FACE_N_LANDMARKS][2], int crop_w, int crop_h,
                    double *x, double *y, double *w, double *h)
{
  float c[3][2];
  double d0, d1, dist, size, rx, ry;

  pd_face_eye_mouth_centres (lm, c[0], c[1], c[2]);
  d0 = hypot ((double) c[2][0] - c[0][0], (double) c[2][1] - c[0][1]);
  d1 = hypot ((double) c[2][0] - c[1][0], (double) c[2][1] - c[1][1]);
  dist = (d0 + d1) / 2;
  size = floor (dist / 0.45);
  rx = ((double) c[0][0] + c[1][0] + c[2][0]) / 3;
  ry = ((double) c[0][1] + c[1][1] + c[2][1]) / 3;
  *x = floor (MAX (0.0, rx - 0.5 * size));
  *y = floor (MAX (0.0, ry - 0.43 * size));
  *w = MIN (size, crop_w + *x);
  *h = MIN (size, crop_h + *y);
}

PdFaceImage *
pd_face_image_crop (const PdFaceImage *img, PdIRect r)
{
  PdFaceImage *out;

  g_assert (r.x >= 0 && r.y >= 0 && r.w > 0 && r.h > 0);
  g_assert ((guint) (r.x + r.w) <= img->width && (guint) (r.y + r.h) <= img->height);
  out = pd_face_image_new (r.w, r.h);
  for (int yy = 0; yy < r.h; yy++)
    memcpy (out->rgb + (gsize) yy * r.w * 3,
            img->rgb + ((gsize) (r.y + yy) * img->width + r.x) * 3, (gsize) r.w * 3);
  return out;
}

/* Least-squares similarity transform (a, b, tx, ty) mapping src -> dst:
 * dst = [a -b; b a] src + t. */
static void
similarity (const float (*src)[2], const float (*dst)[2], int n, double *a, double *b, double *tx,
            double *ty)
{
  double msx = 0, msy = 0, mdx = 0, mdy = 0, num_a = 0, num_b = 0, den = 0;

  for (int i = 0; i < n; i++) {
    msx += src[i][0] / (double) n;
    msy += src[i][1] / (double) n;
    mdx += dst[i][0] / (double) n;
    mdy += dst[i][1] / (double) n;
  }
  for (int i = 0; i < n; i++) {
    double sx = src[i][0] - msx, sy = src[i][1] - msy;
    double dx = dst[i][0] - mdx, dy = dst[i][1] - mdy;
    num_a += sx * dx + sy * dy;
    num_b += sx * dy - sy * dx;
    den += sx * sx + sy * sy;
  }
  if (den <= 0)
    den = 1;
  *a = num_a / den;
  *b = num_b / den;
  *tx = mdx - (*a * msx - *b * msy);
  *ty = mdy - (*b * msx + *a * msy);
}

static PdFaceImage *
aligned_chip (const PdFaceImage *img, const float lm[PD_FACE_N_LANDMARKS][2])
{
  PdFaceImage *chip = pd_face_image_new (PD_FACE_CHIP_SIZE, PD_FACE_CHIP_SIZE);
  float tmpl[51][2];
  double a, b, tx, ty, det, ia, ib;

  for (int i = 0; i < 51; i++) {
    tmpl[i][0] = (float) ((DLIB_PADDING + dlib_x[i]) / (1 + 2 * DLIB_PADDING) * PD_FACE_CHIP_SIZE);
    tmpl[i][1] = (float) ((DLIB_PADDING + dlib_y[i]) / (1 + 2 * DLIB_PADDING) * PD_FACE_CHIP_SIZE);
  }
  similarity (lm + 17, (const float (*)[2]) tmpl, 51, &a, &b, &tx, &ty);
  det = a * a + b * b;
  if (det <= 1e-12)
    return chip;
  /* inverse: src = [a b; -b a] (dst - t) / det */
  ia = a / det;
  ib = b / det;
  for (int y = 0; y < PD_FACE_CHIP_SIZE; y++) {
    for (int x = 0; x < PD_FACE_CHIP_SIZE; x++) {
      double dx = x - tx, dy = y - ty;
      double sx = ia * dx + ib * dy, sy = -ib * dx + ia * dy;
      int x0 = (int) floor (sx), y0 = (int) floor (sy);
      double fx = sx - x0, fy = sy - y0;
      guint8 *d = chip->rgb + ((gsize) y * PD_FACE_CHIP_SIZE + x) * 3;
      for (int ch = 0; ch < 3; ch++) {
        double v[2][2];
        for (int j = 0; j < 2; j++) {
          for (int i = 0; i < 2; i++) {
            int xx = x0 + i, yy = y0 + j;
            v[j][i] = (xx < 0 || yy < 0 || (guint) xx >= img->width || (guint) yy >= img->height)
                        ? 0.0 : img->rgb[((gsize) yy * img->width + xx) * 3 + ch];
          }
        }
        d[ch] = (guint8) CLAMP (floor ((v[0][0] * (1 - fx) + v[0][1] * fx) * (1 - fy) +
                                       (v[1][0] * (1 - fx) + v[1][1] * fx) * fy + 0.5), 0, 255);
      }
    }
  }
  return chip;
}

PdFaceImage *
pd_face_chip (const PdFaceImage *image, const float landmarks[PD_FACE_N_LANDMARKS][2], PdFaceChipMode mode)
{
  g_return_val_if_fail (image != NULL && landmarks != NULL, NULL);

  if (mode == PD_FACE_CHIP_ALIGNED)
    return aligned_chip (image, landmarks);
  else {
    /* face-api.js: the crop is not resized here; the recognition net pads it
     * to a square and resizes to 150.  We return the crop; callers that need
     * exactly 150x150 use pd_face_descriptor_of_chip which does the same. */
    double x, y, w, h;
    PdIRect r;
    /* the landmark crop size only enters face-api.js's rect via a MIN() that
     * never binds for real faces; use the image size. */
    pd_align_dlib_rect (landmarks, image->width, image->height, &x, &y, &w, &h);
    r = pd_clip_floor (x, y, w, h, image->width, image->height);
    if (r.w <= 0 || r.h <= 0)
      return NULL;
    return pd_face_image_crop (image, r);
  }
}
