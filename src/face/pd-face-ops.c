/* pd-face-ops.c: shared tensor kernels (im2col + cblas sgemm, depthwise, pools)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-ops"

#include "config.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "pd-face-blas.h"
#include "pd-face-private.h"

PdTensor *
pd_tensor_new (int h, int w, int c)
{
  PdTensor *t;

  g_assert (h > 0 && w > 0 && c > 0);
  t = g_malloc (sizeof (PdTensor) + sizeof (float) * (gsize) h * w * c);
  t->h = h;
  t->w = w;
  t->c = c;
  t->pad_ = 0;
  return t;
}

PdTensor *
pd_tensor_new0 (int h, int w, int c)
{
  PdTensor *t = pd_tensor_new (h, w, c);

  memset (t->d, 0, sizeof (float) * pd_tensor_len (t));
  return t;
}

void
pd_pad_same (int in, int k, int stride, int *out, int *before)
{
  int o = (in + stride - 1) / stride;
  int total = MAX ((o - 1) * stride + k - in, 0);

  *out = o;
  *before = total / 2;
}

PD_FACE_HOT static void
add_bias (PdTensor *t, const float *bias)
{
  gsize n = (gsize) t->h * t->w;
  int c = t->c;

  if (bias == NULL)
    return;
  for (gsize i = 0; i < n; i++) {
    float *p = t->d + i * c;
    for (int k = 0; k < c; k++)
      p[k] += bias[k];
  }
}

/* col[oh*ow, kh*kw*ci]: one row per output pixel, zeros outside the input.
 * Each row is written in order: for every kernel row ky, the kw taps read
 * kw*ci contiguous input floats (NHWC), clipped at the image edges. */
PD_FACE_HOT void
pd_im2col (const PdTensor *x, int kh, int kw, int stride, int pt, int pl, int oh, int ow,
           float *restrict col)
{
  int ci = x->c;
  int K = kh * kw * ci;
  gsize span = (gsize) kw * ci;

  for (int oy = 0; oy < oh; oy++) {
    for (int ox = 0; ox < ow; ox++) {
      float *dst = col + ((gsize) oy * ow + ox) * K;
      int ix0 = ox * stride - pl;
      int lo = MAX (0, -ix0), hi = MIN (kw, x->w - ix0);
      for (int ky = 0; ky < kh; ky++) {
        int iy = oy * stride - pt + ky;
        float *d = dst + (gsize) ky * span;
        if (iy < 0 || iy >= x->h || lo >= hi) {
          memset (d, 0, sizeof (float) * span);
          continue;
        }
        if (lo > 0)
          memset (d, 0, sizeof (float) * lo * ci);
        memcpy (d + (gsize) lo * ci, x->d + ((gsize) iy * x->w + ix0 + lo) * ci,
                sizeof (float) * (hi - lo) * ci);
        if (hi < kw)
          memset (d + (gsize) hi * ci, 0, sizeof (float) * (kw - hi) * ci);
      }
    }
  }
}

/* C[M,N] = A[M,K] W[K,N].  For the narrow layers (N <= 64) a single-threaded
 * OpenBLAS is faster on blocks of rows (it then skips packing: about 20% on
 * these shapes, measured on this machine's COOPERLAKE kernels); with several
 * BLAS threads one big call keeps them busy. */
void
pd_gemm_rows (const float *a, const float *w, float *c, gsize m, int n, int k)
{
  gsize block = 0;

  if (n <= 64 && pd_face_blas_get_threads () == 1)
    block = n <= 32 ? 32 : 16;
  if (block == 0 || m <= block) {
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a, k, w, n, 0.0f, c, n);
    return;
  }
  for (gsize m0 = 0; m0 < m; m0 += block) {
    gsize mm = MIN (block, m - m0);
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, mm, n, k, 1.0f, a + m0 * k, k, w, n,
                 0.0f, c + m0 * n, n);
  }
}

/* im2col buffers, kept between convolutions.  They are the largest
 * allocations of a pass (tens of MB in the detectors' first layers), above
 * malloc's mmap threshold: allocated afresh, each one was mapped, faulted
 * in and zeroed by the kernel on every convolution, which took more than
 * half of a detector pass (perf: page faults and memset; SSD on a 1920 px
 * photo 160-205 ms against 62-77 ms with the memory reused).  The pool
 * holds at most one buffer per convolution running at once. */
typedef struct {
  gsize n;
  float d[];
} ColBuffer;

static GMutex col_lock;
static GPtrArray *col_pool;

static ColBuffer *
col_take (gsize n)
{
  ColBuffer *b = NULL;

  g_mutex_lock (&col_lock);
  if (col_pool != NULL && col_pool->len > 0)
    b = g_ptr_array_steal_index_fast (col_pool, col_pool->len - 1);
  g_mutex_unlock (&col_lock);
  if (b != NULL && b->n < n)
    g_clear_pointer (&b, g_free);
  if (b == NULL) {
    b = g_malloc (sizeof (ColBuffer) + sizeof (float) * n);
    b->n = n;
  }
  return b;
}

static void
col_give (ColBuffer *b)
{
  g_mutex_lock (&col_lock);
  if (col_pool == NULL)
    col_pool = g_ptr_array_new ();
  g_ptr_array_add (col_pool, b);
  g_mutex_unlock (&col_lock);
}

PdTensor *
pd_conv2d (const PdTensor *x, const float *filt, int kh, int kw, int co, const float *bias,
           int stride, int pt, int pl, int oh, int ow)
{
  PdTensor *out = pd_tensor_new (oh, ow, co);
  int ci = x->c;
  int K = kh * kw * ci;
  ColBuffer *col;

  if (kh == 1 && kw == 1 && stride == 1 && pt == 0 && pl == 0 && oh == x->h && ow == x->w) {
    pd_gemm_rows (x->d, filt, out->d, (gsize) oh * ow, co, ci);
    add_bias (out, bias);
    return out;
  }

  col = col_take ((gsize) oh * ow * K);
  pd_im2col (x, kh, kw, stride, pt, pl, oh, ow, col->d);
  pd_gemm_rows (col->d, filt, out->d, (gsize) oh * ow, co, K);
  col_give (col);
  add_bias (out, bias);
  return out;
}

PdTensor *
pd_conv2d_same (const PdTensor *x, const PdWeight *filt, const float *bias, int stride)
{
  int kh = filt->shape[0], kw = filt->shape[1], co = filt->shape[3];
  int oh, ow, pt, pl;

  g_assert (filt->ndim == 4 && filt->shape[2] == x->c);
  pd_pad_same (x->h, kh, stride, &oh, &pt);
  pd_pad_same (x->w, kw, stride, &ow, &pl);
  return pd_conv2d (x, filt->data, kh, kw, co, bias, stride, pt, pl, oh, ow);
}

PdTensor *
pd_conv2d_valid (const PdTensor *x, const PdWeight *filt, const float *bias, int stride)
{
  int kh = filt->shape[0], kw = filt->shape[1], co = filt->shape[3];

  g_assert (filt->ndim == 4 && filt->shape[2] == x->c);
  return pd_conv2d (x, filt->data, kh, kw, co, bias, stride, 0, 0,
                    pd_out_valid (x->h, kh, stride), pd_out_valid (x->w, kw, stride));
}

PD_FACE_HOT static void
depthwise_row (const PdTensor *x, const float *restrict filt, int stride, int pt, int pl,
               int oy, int ow, float *restrict out)
{
  int c = x->c;

  for (int ox = 0; ox < ow; ox++) {
    float *restrict dst = out + (gsize) ox * c;
    for (int ky = 0; ky < 3; ky++) {
      int iy = oy * stride - pt + ky;
      if (iy < 0 || iy >= x->h)
        continue;
      for (int kx = 0; kx < 3; kx++) {
        int ix = ox * stride - pl + kx;
        const float *restrict src;
        const float *restrict f;
        if (ix < 0 || ix >= x->w)
          continue;
        src = x->d + ((gsize) iy * x->w + ix) * c;
        f = filt + (ky * 3 + kx) * c;
        for (int k = 0; k < c; k++)
          dst[k] += src[k] * f[k];
      }
    }
  }
}

PdTensor *
pd_depthwise3 (const PdTensor *x, const float *filt, int stride, int pt, int pl, int oh, int ow)
{
  PdTensor *out = pd_tensor_new0 (oh, ow, x->c);

  for (int oy = 0; oy < oh; oy++)
    depthwise_row (x, filt, stride, pt, pl, oy, ow, out->d + (gsize) oy * ow * x->c);
  return out;
}

PdTensor *
pd_depthwise3_same (const PdTensor *x, const float *filt, int stride)
{
  int oh, ow, pt, pl;

  pd_pad_same (x->h, 3, stride, &oh, &pt);
  pd_pad_same (x->w, 3, stride, &ow, &pl);
  return pd_depthwise3 (x, filt, stride, pt, pl, oh, ow);
}

PD_FACE_HOT PdTensor *
pd_maxpool (const PdTensor *x, int k, int stride, gboolean same)
{
  int oh, ow, pt = 0, pl = 0;
  PdTensor *out;
  int c = x->c;

  if (same) {
    pd_pad_same (x->h, k, stride, &oh, &pt);
    pd_pad_same (x->w, k, stride, &ow, &pl);
  } else {
    oh = pd_out_valid (x->h, k, stride);
    ow = pd_out_valid (x->w, k, stride);
  }
  out = pd_tensor_new (oh, ow, c);
  for (int oy = 0; oy < oh; oy++) {
    for (int ox = 0; ox < ow; ox++) {
      float *dst = out->d + ((gsize) oy * ow + ox) * c;
      for (int ch = 0; ch < c; ch++)
        dst[ch] = -INFINITY;
      for (int ky = 0; ky < k; ky++) {
        int iy = oy * stride - pt + ky;
        if (iy < 0 || iy >= x->h)
          continue;
        for (int kx = 0; kx < k; kx++) {
          int ix = ox * stride - pl + kx;
          const float *src;
          if (ix < 0 || ix >= x->w)
            continue;
          src = x->d + ((gsize) iy * x->w + ix) * c;
          for (int ch = 0; ch < c; ch++)
            dst[ch] = MAX (dst[ch], src[ch]);
        }
      }
    }
  }
  return out;
}

PD_FACE_HOT PdTensor *
pd_avgpool_valid (const PdTensor *x, int k, int stride)
{
  int oh = pd_out_valid (x->h, k, stride), ow = pd_out_valid (x->w, k, stride);
  PdTensor *out = pd_tensor_new0 (oh, ow, x->c);
  int c = x->c;
  float inv = 1.0f / (k * k);

  for (int oy = 0; oy < oh; oy++) {
    for (int ox = 0; ox < ow; ox++) {
      float *dst = out->d + ((gsize) oy * ow + ox) * c;
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          const float *src = x->d + ((gsize) (oy * stride + ky) * x->w + ox * stride + kx) * c;
          for (int ch = 0; ch < c; ch++)
            dst[ch] += src[ch];
        }
      }
      for (int ch = 0; ch < c; ch++)
        dst[ch] *= inv;
    }
  }
  return out;
}

PD_FACE_HOT void
pd_bias_clip (PdTensor *x, const float *bias, float lo, float hi)
{
  gsize n = (gsize) x->h * x->w;
  int c = x->c;

  for (gsize i = 0; i < n; i++) {
    float *restrict p = x->d + i * c;
    if (bias != NULL) {
      for (int k = 0; k < c; k++) {
        float v = p[k] + bias[k];
        v = v < lo ? lo : v;
        p[k] = v > hi ? hi : v;
      }
    } else {
      for (int k = 0; k < c; k++) {
        float v = p[k] < lo ? lo : p[k];
        p[k] = v > hi ? hi : v;
      }
    }
  }
}

PD_FACE_HOT void
pd_relu (PdTensor *x)
{
  gsize n = pd_tensor_len (x);

  for (gsize i = 0; i < n; i++)
    x->d[i] = x->d[i] > 0.0f ? x->d[i] : 0.0f;
}

PD_FACE_HOT void
pd_leaky (PdTensor *x, float alpha)
{
  gsize n = pd_tensor_len (x);
  float *restrict d = x->d;

  /* no conditional arithmetic, so that the loop vectorises (with
   * -ftrapping-math a conditional multiply is not if-converted) */
  for (gsize i = 0; i < n; i++) {
    float pos = d[i] > 0.0f ? d[i] : 0.0f;
    float neg = d[i] - pos;
    d[i] = pos + alpha * neg;
  }
}

PD_FACE_HOT void
pd_clip (PdTensor *x, float lo, float hi)
{
  gsize n = pd_tensor_len (x);

  for (gsize i = 0; i < n; i++)
    x->d[i] = x->d[i] < lo ? lo : (x->d[i] > hi ? hi : x->d[i]);
}

PD_FACE_HOT void
pd_add_inplace (PdTensor *x, const PdTensor *y)
{
  gsize n = pd_tensor_len (x);

  g_assert (n == pd_tensor_len (y));
  for (gsize i = 0; i < n; i++)
    x->d[i] += y->d[i];
}

void
pd_dense (const float *x, const float *w, const float *b, int n_in, int n_out, float *y)
{
  if (b != NULL)
    memcpy (y, b, sizeof (float) * n_out);
  else
    memset (y, 0, sizeof (float) * n_out);
  cblas_sgemv (CblasRowMajor, CblasTrans, n_in, n_out, 1.0f, w, n_out, x, 1, 1.0f, y, 1);
}

PdTensor *
pd_input_tensor (const PdFaceImage *img, int x0, int y0, int w, int h, gboolean centre, int size,
                 const float mean[3], float div)
{
  PdTensor *t = pd_tensor_new (size, size, 3);
  int side = MAX (w, h);
  int diff = ABS (w - h);
  int pre = 0, px = 0, py = 0;
  double ratio = (double) side / size;
  g_autofree int *ix0 = g_new (int, size);
  g_autofree int *ix1 = g_new (int, size);
  g_autofree float *fx = g_new (float, size);

  g_assert (x0 >= 0 && y0 >= 0 && w > 0 && h > 0);
  g_assert ((guint) (x0 + w) <= img->width && (guint) (y0 + h) <= img->height);

  if (centre && diff > 0) {
    /* padToSquare: append round(diff / 2) (half up), prepend the rest */
    int append = (int) floor (diff * 0.5 + 0.5);
    pre = diff - append;
  }
  if (w < h)
    px = pre;
  else
    py = pre;

  for (int o = 0; o < size; o++) {
    double s = side == size ? o : ratio * o;
    int f = (int) floor (s);
    ix0[o] = f;
    ix1[o] = MIN (f + 1, side - 1);
    fx[o] = (float) (s - f);
  }

  for (int oy = 0; oy < size; oy++) {
    int sy0 = ix0[oy], sy1 = ix1[oy];
    float fy = fx[oy];
    for (int ox = 0; ox < size; ox++) {
      int sx0 = ix0[ox], sx1 = ix1[ox];
      float ffx = fx[ox];
      float *dst = t->d + ((gsize) oy * size + ox) * 3;
      float v[2][2][3];
      int ys[2] = { sy0 - py, sy1 - py };
      int xs[2] = { sx0 - px, sx1 - px };

      for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
          int yy = ys[a], xx = xs[b];
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
            v[a][b][0] = v[a][b][1] = v[a][b][2] = 0.0f;
          } else {
            const guint8 *p = img->rgb + ((gsize) (y0 + yy) * img->width + (x0 + xx)) * 3;
            v[a][b][0] = p[0];
            v[a][b][1] = p[1];
            v[a][b][2] = p[2];
          }
        }
      }
      for (int ch = 0; ch < 3; ch++) {
        float top = v[0][0][ch] + (v[0][1][ch] - v[0][0][ch]) * ffx;
        float bot = v[1][0][ch] + (v[1][1][ch] - v[1][0][ch]) * ffx;
        float val = top + (bot - top) * fy;
        dst[ch] = (val - mean[ch]) / div;
      }
    }
  }
  return t;
}
