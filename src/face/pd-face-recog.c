/* pd-face-recog.c: face-api.js FaceRecognitionNet (ResNet-34-like, 150x150 -> 128-d)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-recog"

#include "config.h"

#include <cblas.h>
#include <string.h>

#include "pd-face-private.h"

/* conv + bias, then per-channel scale (weights, biases): folded into the
 * filters and one bias at load time. */
typedef struct {
  int k, ci, co;
  float *filt; /* the net's own weights, folded in place */
  float *bias;
} ConvLayer;

typedef struct {
  ConvLayer conv1, conv2;
  gboolean down;
} Residual;

#define N_RES 15

struct _PdRecogNet {
  ConvLayer conv32_down;
  Residual res[N_RES];
  const float *fc; /* [256,128] */
};

static const struct {
  const char *name;
  gboolean down;
} res_layers[N_RES] = {
  { "conv32_1", FALSE }, { "conv32_2", FALSE }, { "conv32_3", FALSE },
  { "conv64_down", TRUE }, { "conv64_1", FALSE }, { "conv64_2", FALSE }, { "conv64_3", FALSE },
  { "conv128_down", TRUE }, { "conv128_1", FALSE }, { "conv128_2", FALSE },
  { "conv256_down", TRUE }, { "conv256_1", FALSE }, { "conv256_2", FALSE },
  { "conv256_down_out", TRUE },
  { NULL, FALSE },
};

static gboolean
load_conv (PdFaceNet *net, const char *prefix, ConvLayer *l, GError **error)
{
  g_autofree char *nf = g_strdup_printf ("%s/conv/filters", prefix);
  g_autofree char *nb = g_strdup_printf ("%s/conv/bias", prefix);
  g_autofree char *nw = g_strdup_printf ("%s/scale/weights", prefix);
  g_autofree char *ns = g_strdup_printf ("%s/scale/biases", prefix);
  const PdWeight *f = pd_face_net_get (net, nf, error);
  const PdWeight *b = f ? pd_face_net_get (net, nb, error) : NULL;
  const PdWeight *sw = b ? pd_face_net_get (net, nw, error) : NULL;
  const PdWeight *sb = sw ? pd_face_net_get (net, ns, error) : NULL;
  gsize rows;

  if (sb == NULL)
    return FALSE;
  if (f->ndim != 4 || f->shape[0] != f->shape[1] || b->n != (gsize) f->shape[3] ||
      sw->n != b->n || sb->n != b->n) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                 "recognition model: %s has unexpected shapes", prefix);
    return FALSE;
  }
  l->k = f->shape[0];
  l->ci = f->shape[2];
  l->co = f->shape[3];
  /* fold the scale into the filters in place: the raw filters are not needed
   * afterwards, and keeping both would double the net's memory */
  l->filt = f->data;
  l->bias = g_new (float, l->co);
  rows = f->n / l->co;
  for (gsize r = 0; r < rows; r++)
    for (int o = 0; o < l->co; o++)
      l->filt[r * l->co + o] *= sw->data[o];
  for (int o = 0; o < l->co; o++)
    l->bias[o] = b->data[o] * sw->data[o] + sb->data[o];
  return TRUE;
}

static void
conv_clear (ConvLayer *l)
{
  g_clear_pointer (&l->bias, g_free);
}

void
pd_recog_net_free (PdRecogNet *self)
{
  if (self == NULL)
    return;
  conv_clear (&self->conv32_down);
  for (int i = 0; i < N_RES; i++) {
    conv_clear (&self->res[i].conv1);
    conv_clear (&self->res[i].conv2);
  }
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdRecogNet, pd_recog_net_free)

PdRecogNet *
pd_recog_net_new (PdFaceNet *net, GError **error)
{
  g_autoptr(PdRecogNet) self = g_new0 (PdRecogNet, 1);
  const PdWeight *fc;

  if (!load_conv (net, "conv32_down", &self->conv32_down, error))
    return NULL;
  for (int i = 0; res_layers[i].name != NULL; i++) {
    g_autofree char *p1 = g_strdup_printf ("%s/conv1", res_layers[i].name);
    g_autofree char *p2 = g_strdup_printf ("%s/conv2", res_layers[i].name);
    self->res[i].down = res_layers[i].down;
    if (!load_conv (net, p1, &self->res[i].conv1, error) ||
        !load_conv (net, p2, &self->res[i].conv2, error))
      return NULL;
  }
  fc = pd_face_net_get (net, "fc", error);
  if (fc == NULL)
    return NULL;
  if (fc->ndim != 2 || fc->shape[0] != 256 || fc->shape[1] != PD_FACE_DESCRIPTOR_DIM) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                 "recognition model: fc has unexpected shape");
    return NULL;
  }
  self->fc = fc->data;
  return g_steal_pointer (&self);
}

/* out = relu? (conv (x) + bias [+ residual]): one pass after the sgemm */
PD_FACE_HOT static void
epilogue (PdTensor *out, const float *bias, const PdTensor *residual, gboolean relu)
{
  gsize n = (gsize) out->h * out->w;
  int c = out->c;

  for (gsize i = 0; i < n; i++) {
    float *restrict p = out->d + i * c;
    const float *restrict r = residual ? residual->d + i * c : NULL;
    for (int k = 0; k < c; k++) {
      float v = p[k] + bias[k] + (r ? r[k] : 0.0f);
      p[k] = relu && v < 0.0f ? 0.0f : v;
    }
  }
}

/* outs[i] = conv (xs[i]) for the n images, by one sgemm over their stacked
 * im2col rows (no bias; the epilogue adds it). */
static void
conv_batch (PdTensor *const *xs, int n, const float *filt, int k, int ci, int co, int stride,
            int pt, int pl, int oh, int ow, PdTensor **outs)
{
  gsize rows = (gsize) oh * ow;
  int K = k * k * ci;
  g_autofree float *col = NULL;
  g_autofree float *c = NULL;
  const float *a;
  gboolean direct = k == 1 && stride == 1 && pt == 0 && pl == 0 && oh == xs[0]->h && ow == xs[0]->w;

  g_assert (n >= 1 && n <= PD_RECOG_MAX_BATCH && xs[0]->c == ci);
  if (direct && n == 1) {
    a = xs[0]->d;
  } else {
    col = g_new (float, rows * n * K);
    for (int i = 0; i < n; i++) {
      if (direct)
        memcpy (col + i * rows * K, xs[i]->d, sizeof (float) * rows * K);
      else
        pd_im2col (xs[i], k, k, stride, pt, pl, oh, ow, col + i * rows * K);
    }
    a = col;
  }
  if (n == 1) {
    outs[0] = pd_tensor_new (oh, ow, co);
    pd_gemm_rows (a, filt, outs[0]->d, rows, co, K);
    return;
  }
  c = g_new (float, rows * n * co);
  pd_gemm_rows (a, filt, c, rows * n, co, K);
  for (int i = 0; i < n; i++) {
    outs[i] = pd_tensor_new (oh, ow, co);
    memcpy (outs[i]->d, c + i * rows * co, sizeof (float) * rows * co);
  }
}

static void
conv_same (PdTensor *const *xs, int n, const ConvLayer *l, gboolean relu, PdTensor *const *residuals,
           PdTensor **outs)
{
  int oh, ow, pt, pl;

  if (xs[0]->h == 1 && xs[0]->w == 1) {
    /* a 'same' 3x3 conv of a 1x1 map only sees the centre tap */
    const float *centre = l->filt + (gsize) ((l->k / 2) * l->k + l->k / 2) * l->ci * l->co;
    conv_batch (xs, n, centre, 1, l->ci, l->co, 1, 0, 0, 1, 1, outs);
  } else {
    pd_pad_same (xs[0]->h, l->k, 1, &oh, &pt);
    pd_pad_same (xs[0]->w, l->k, 1, &ow, &pl);
    conv_batch (xs, n, l->filt, l->k, l->ci, l->co, 1, pt, pl, oh, ow, outs);
  }
  for (int i = 0; i < n; i++)
    epilogue (outs[i], l->bias, residuals ? residuals[i] : NULL, relu);
}

static void
conv_down (PdTensor *const *xs, int n, const ConvLayer *l, PdTensor **outs)
{
  conv_batch (xs, n, l->filt, l->k, l->ci, l->co, 2, 0, 0,
              pd_out_valid (xs[0]->h, l->k, 2), pd_out_valid (xs[0]->w, l->k, 2), outs);
  for (int i = 0; i < n; i++)
    epilogue (outs[i], l->bias, NULL, TRUE);
}

static void
free_all (PdTensor **t, int n)
{
  for (int i = 0; i < n; i++)
    g_clear_pointer (&t[i], g_free);
}

static void
residual (PdTensor *const *xs, int n, const Residual *r, PdTensor **outs)
{
  PdTensor *a[PD_RECOG_MAX_BATCH] = { NULL };
  PdTensor *b[PD_RECOG_MAX_BATCH] = { NULL };

  if (!r->down) {
    conv_same (xs, n, &r->conv1, TRUE, NULL, a);
    conv_same (a, n, &r->conv2, TRUE, xs, outs);
    free_all (a, n);
    return;
  }
  conv_down (xs, n, &r->conv1, a);
  conv_same (a, n, &r->conv2, FALSE, NULL, b);
  for (int i = 0; i < n; i++) {
    g_autoptr(PdTensor) pooled = pd_avgpool_valid (xs[i], 2, 2);
    int H = pooled->h, W = pooled->w, C = r->conv2.co;
    PdTensor *out;

    /* face-api.js pads the conv branch with a zero row/column (bottom, right)
     * when it is smaller than the pooled shortcut, and the shortcut with zero
     * channels. */
    g_assert (b[i]->h == H || b[i]->h + 1 == H);
    out = pd_tensor_new0 (H, W, C);
    for (int y = 0; y < b[i]->h; y++)
      memcpy (out->d + ((gsize) y * W) * C, b[i]->d + ((gsize) y * b[i]->w) * C,
              sizeof (float) * b[i]->w * C);
    for (int y = 0; y < H; y++) {
      for (int xx = 0; xx < W; xx++) {
        float *dst = out->d + ((gsize) y * W + xx) * C;
        const float *src = pooled->d + ((gsize) y * W + xx) * pooled->c;
        for (int ch = 0; ch < pooled->c; ch++)
          dst[ch] += src[ch];
      }
    }
    pd_relu (out);
    outs[i] = out;
  }
  free_all (a, n);
  free_all (b, n);
}

void
pd_recog_net_run_batch (const PdRecogNet *self, PdTensor *const *inputs, int n,
                        float (*out)[PD_FACE_DESCRIPTOR_DIM])
{
  PdTensor *cur[PD_RECOG_MAX_BATCH] = { NULL };
  PdTensor *x[PD_RECOG_MAX_BATCH] = { NULL };

  g_return_if_fail (n >= 1 && n <= PD_RECOG_MAX_BATCH);
  for (int i = 0; i < n; i++)
    g_return_if_fail (inputs[i]->h == PD_FACE_CHIP_SIZE && inputs[i]->w == PD_FACE_CHIP_SIZE);

  conv_down (inputs, n, &self->conv32_down, x);
  for (int i = 0; i < n; i++)
    cur[i] = pd_maxpool (x[i], 3, 2, FALSE);
  free_all (x, n);
  for (int l = 0; l < N_RES - 1; l++) {
    PdTensor *next[PD_RECOG_MAX_BATCH] = { NULL };
    residual (cur, n, &self->res[l], next);
    free_all (cur, n);
    memcpy (cur, next, sizeof (PdTensor *) * n);
  }
  for (int i = 0; i < n; i++) {
    float avg[256] = { 0 };
    gsize np = (gsize) cur[i]->h * cur[i]->w;
    g_assert (cur[i]->c == 256);
    for (gsize p = 0; p < np; p++)
      for (int ch = 0; ch < 256; ch++)
        avg[ch] += cur[i]->d[p * 256 + ch];
    for (int ch = 0; ch < 256; ch++)
      avg[ch] /= (float) np;
    pd_dense (avg, self->fc, NULL, 256, PD_FACE_DESCRIPTOR_DIM, out[i]);
  }
  free_all (cur, n);
}

void
pd_recog_net_run (const PdRecogNet *self, const PdTensor *input150, float out[PD_FACE_DESCRIPTOR_DIM])
{
  PdTensor *in = (PdTensor *) input150;

  pd_recog_net_run_batch (self, &in, 1, (float (*)[PD_FACE_DESCRIPTOR_DIM]) out);
}
