/* pd-face-landmarks.c: face-api.js FaceLandmark68Net (4 dense blocks, 112x112 -> 68 points)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-landmarks"

#include "config.h"

#include <string.h>

#include "pd-face-private.h"

typedef struct {
  const PdWeight *filters; /* dense0/conv0 only */
  const float *dw;         /* [3,3,ci,1] */
  const float *pw;         /* [ci,co] */
  const float *bias;
  int ci, co;
} SepConv;

typedef struct {
  SepConv conv[4];
} DenseBlock;

struct _PdLandmarkNet {
  DenseBlock dense[4];
  const float *fc_w;
  const float *fc_b;
};

void
pd_landmark_net_free (PdLandmarkNet *self)
{
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLandmarkNet, pd_landmark_net_free)

PdLandmarkNet *
pd_landmark_net_new (PdFaceNet *net, GError **error)
{
  g_autoptr(PdLandmarkNet) self = g_new0 (PdLandmarkNet, 1);
  const PdWeight *fw, *fb;

  for (int d = 0; d < 4; d++) {
    for (int c = 0; c < 4; c++) {
      SepConv *s = &self->dense[d].conv[c];
      const PdWeight *bias = pd_face_net_getf (net, error, "dense%d/conv%d/bias", d, c);
      if (bias == NULL)
        return NULL;
      s->bias = bias->data;
      s->co = bias->n;
      if (d == 0 && c == 0) {
        s->filters = pd_face_net_getf (net, error, "dense%d/conv%d/filters", d, c);
        if (s->filters == NULL)
          return NULL;
        s->ci = s->filters->shape[2];
      } else {
        const PdWeight *dw = pd_face_net_getf (net, error, "dense%d/conv%d/depthwise_filter", d, c);
        const PdWeight *pw = dw ? pd_face_net_getf (net, error, "dense%d/conv%d/pointwise_filter", d, c) : NULL;
        if (pw == NULL)
          return NULL;
        s->ci = dw->shape[2];
        if (dw->ndim != 4 || dw->shape[0] != 3 || pw->shape[2] != s->ci || pw->shape[3] != s->co) {
          g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                       "landmark model: dense%d/conv%d has unexpected shapes", d, c);
          return NULL;
        }
        s->dw = dw->data;
        s->pw = pw->data;
      }
    }
  }
  fw = pd_face_net_get (net, "fc/weights", error);
  fb = fw ? pd_face_net_get (net, "fc/bias", error) : NULL;
  if (fb == NULL)
    return NULL;
  if (fw->shape[0] != 256 || fw->shape[1] != 136 || fb->n != 136) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT, "landmark model: bad fc");
    return NULL;
  }
  self->fc_w = fw->data;
  self->fc_b = fb->data;
  return g_steal_pointer (&self);
}

/* separableConv2d 'same' + bias */
static PdTensor *
sep_conv (const PdTensor *x, const SepConv *s, int stride)
{
  g_autoptr(PdTensor) dw = pd_depthwise3_same (x, s->dw, stride);

  return pd_conv2d (dw, s->pw, 1, 1, s->co, s->bias, 1, 0, 0, dw->h, dw->w);
}

static PdTensor *
dense_block (const PdTensor *x, const DenseBlock *b, gboolean first)
{
  g_autoptr(PdTensor) out1 = NULL;
  g_autoptr(PdTensor) out2 = NULL;
  g_autoptr(PdTensor) out3 = NULL;
  g_autoptr(PdTensor) in = NULL;
  PdTensor *out4;
  gsize n;

  out1 = first ? pd_conv2d_same (x, b->conv[0].filters, b->conv[0].bias, 2)
               : sep_conv (x, &b->conv[0], 2);
  pd_relu (out1);
  out2 = sep_conv (out1, &b->conv[1], 1);
  n = pd_tensor_len (out1);
  in = pd_tensor_new (out1->h, out1->w, out1->c);
  for (gsize i = 0; i < n; i++)
    in->d[i] = MAX (out1->d[i] + out2->d[i], 0.0f);
  out3 = sep_conv (in, &b->conv[2], 1);
  for (gsize i = 0; i < n; i++)
    in->d[i] = MAX (out1->d[i] + (out2->d[i] + out3->d[i]), 0.0f);
  out4 = sep_conv (in, &b->conv[3], 1);
  for (gsize i = 0; i < n; i++)
    out4->d[i] = MAX (out1->d[i] + (out2->d[i] + (out3->d[i] + out4->d[i])), 0.0f);
  return out4;
}

void
pd_landmark_net_run (const PdLandmarkNet *self, const PdTensor *input112, float out[136])
{
  PdTensor *cur = NULL;
  float avg[256] = { 0 };
  gsize n;

  g_return_if_fail (input112->h == 112 && input112->w == 112);
  for (int d = 0; d < 4; d++) {
    PdTensor *next = dense_block (d == 0 ? input112 : cur, &self->dense[d], d == 0);
    g_free (cur);
    cur = next;
  }
  /* avgPool 7x7 stride 2 'valid' over the 7x7 map: the mean */
  g_assert (cur->h == 7 && cur->w == 7 && cur->c == 256);
  n = 49;
  for (gsize p = 0; p < n; p++)
    for (int ch = 0; ch < 256; ch++)
      avg[ch] += cur->d[p * 256 + ch];
  for (int ch = 0; ch < 256; ch++)
    avg[ch] /= 49.0f;
  g_free (cur);
  pd_dense (avg, self->fc_w, self->fc_b, 256, 136, out);
}
