/* pd-face-align.c: face crops and chips (face-api.js crop, aligned similarity chip)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-align"

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-face-private.h"

/* Canonical positions of the left-eye centre, right-eye centre and mouth
 * centre in the 150x150 `aligned` chip (image left/right).  They are the mean
 * positions of these points in face-api.js's own chips (the crop that the
 * network sees in face-api.js), measured on upright faces, so the aligned chip
 * has the same scale and centring as the chips the network was validated on,
 * but with roll removed and the face centred by a least-squares similarity
 * transform instead of an axis-aligned box.  Measured on the oracle fixtures'
 * 16 faces (after removing roll): eyes (47.7, 44.4) and (103.2, 44.4), sd 3 px;
 * mouth (75.1, 106.0), sd 2 px; made symmetric here.  Also see docs/face-engine.md. */
static const float canon[3][2] = {
  { 47.25f, 44.4f },  /* left eye in the image (the subject's right eye) */
  { 102.75f, 44.4f }, /* right eye in the image */
  { 75.0f, 106.0f },  /* mouth */
};

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
similarity (const float src[3][2], const float dst[3][2], double *a, double *b, double *tx, double *ty)
{
  double msx = 0, msy = 0, mdx = 0, mdy = 0, num_a = 0, num_b = 0, den = 0;

  for (int i = 0; i < 3; i++) {
    msx += src[i][0] / 3.0;
    msy += src[i][1] / 3.0;
    mdx += dst[i][0] / 3.0;
    mdy += dst[i][1] / 3.0;
  }
  for (int i = 0; i < 3; i++) {
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
  float src[3][2];
  double a, b, tx, ty, det, ia, ib;

  pd_face_eye_mouth_centres (lm, src[0], src[1], src[2]);
  similarity (src, canon, &a, &b, &tx, &ty);
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
