/* pd-face-ssd.c: face-api.js SsdMobilenetv1 face detector (512x512 input)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-ssd"

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-face-private.h"

#define N_BOXES 5118
#define IOU_THRESHOLD 0.5
#define MAX_RESULTS 100
#define BN_EPSILON 0.0010000000474974513

typedef struct {
  const PdWeight *filt;
  const float *offset;
} Pointwise;

typedef struct {
  float *filt;  /* depthwise filter with the batch-norm scale folded in */
  float *shift;
  int c;
} Depthwise;

typedef struct {
  const PdWeight *box_w, *cls_w;
  const float *box_b, *cls_b;
} Predictor;

struct _PdSsdNet {
  Pointwise conv0;
  Depthwise dw[13];
  Pointwise pw[13];
  Pointwise pred[8];
  Predictor box[6];
  const float *anchors; /* [N_BOXES,4] */
};

void
pd_ssd_net_free (PdSsdNet *self)
{
  if (self == NULL)
    return;
  for (int i = 0; i < 13; i++) {
    g_free (self->dw[i].filt);
    g_free (self->dw[i].shift);
  }
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSsdNet, pd_ssd_net_free)

static gboolean
load_pointwise (PdFaceNet *net, const char *prefix, int idx, Pointwise *p, GError **error)
{
  g_autofree char *fw = g_strdup_printf ("%s/Conv2d_%d_pointwise/weights", prefix, idx);
  g_autofree char *fo = g_strdup_printf ("%s/Conv2d_%d_pointwise/convolution_bn_offset", prefix, idx);
  const PdWeight *o;

  p->filt = pd_face_net_get (net, fw, error);
  o = p->filt ? pd_face_net_get (net, fo, error) : NULL;
  if (o == NULL)
    return FALSE;
  p->offset = o->data;
  return TRUE;
}

PdSsdNet *
pd_ssd_net_new (PdFaceNet *net, GError **error)
{
  g_autoptr(PdSsdNet) self = g_new0 (PdSsdNet, 1);
  const PdWeight *anc;

  if (!load_pointwise (net, "MobilenetV1", 0, &self->conv0, error))
    return NULL;
  for (int i = 1; i <= 13; i++) {
    const PdWeight *f = pd_face_net_getf (net, error, "MobilenetV1/Conv2d_%d_depthwise/depthwise_weights", i);
    const PdWeight *g = f ? pd_face_net_getf (net, error, "MobilenetV1/Conv2d_%d_depthwise/BatchNorm/gamma", i) : NULL;
    const PdWeight *b = g ? pd_face_net_getf (net, error, "MobilenetV1/Conv2d_%d_depthwise/BatchNorm/beta", i) : NULL;
    const PdWeight *m = b ? pd_face_net_getf (net, error, "MobilenetV1/Conv2d_%d_depthwise/BatchNorm/moving_mean", i) : NULL;
    const PdWeight *v = m ? pd_face_net_getf (net, error, "MobilenetV1/Conv2d_%d_depthwise/BatchNorm/moving_variance", i) : NULL;
    Depthwise *d = &self->dw[i - 1];
    if (v == NULL)
      return NULL;
    d->c = f->shape[2];
    d->filt = g_new (float, 9 * d->c);
    d->shift = g_new (float, d->c);
    for (int ch = 0; ch < d->c; ch++) {
      double s = g->data[ch] / sqrt (v->data[ch] + BN_EPSILON);
      for (int k = 0; k < 9; k++)
        d->filt[k * d->c + ch] = (float) (f->data[k * d->c + ch] * s);
      d->shift[ch] = (float) (b->data[ch] - m->data[ch] * s);
    }
    if (!load_pointwise (net, "MobilenetV1", i, &self->pw[i - 1], error))
      return NULL;
  }
  for (int i = 0; i < 8; i++)
    if (!load_pointwise (net, "Prediction", i, &self->pred[i], error))
      return NULL;
  for (int i = 0; i < 6; i++) {
    Predictor *p = &self->box[i];
    const PdWeight *bb, *cb;
    p->box_w = pd_face_net_getf (net, error, "Prediction/BoxPredictor_%d/BoxEncodingPredictor/weights", i);
    bb = p->box_w ? pd_face_net_getf (net, error, "Prediction/BoxPredictor_%d/BoxEncodingPredictor/biases", i) : NULL;
    p->cls_w = bb ? pd_face_net_getf (net, error, "Prediction/BoxPredictor_%d/ClassPredictor/weights", i) : NULL;
    cb = p->cls_w ? pd_face_net_getf (net, error, "Prediction/BoxPredictor_%d/ClassPredictor/biases", i) : NULL;
    if (cb == NULL)
      return NULL;
    p->box_b = bb->data;
    p->cls_b = cb->data;
  }
  anc = pd_face_net_get (net, "Output/extra_dim", error);
  if (anc == NULL)
    return NULL;
  if (anc->n != N_BOXES * 4) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT, "ssd model: unexpected anchors");
    return NULL;
  }
  self->anchors = anc->data;
  return g_steal_pointer (&self);
}

static PdTensor *
pointwise (const PdTensor *x, const Pointwise *p, int stride)
{
  PdTensor *out = pd_conv2d_same (x, p->filt, NULL, stride);

  pd_bias_clip (out, p->offset, 0.0f, 6.0f);
  return out;
}

static PdTensor *
depthwise (const PdTensor *x, const Depthwise *d, int stride)
{
  PdTensor *out = pd_depthwise3_same (x, d->filt, stride);

  pd_bias_clip (out, d->shift, 0.0f, 6.0f);
  return out;
}

typedef struct {
  float b[4]; /* ymin, xmin, ymax, xmax */
  float score;
  int idx;
} Cand;

static double
iou (const float *bi, const float *bj)
{
  double ymin_i = MIN (bi[0], bi[2]), xmin_i = MIN (bi[1], bi[3]);
  double ymax_i = MAX (bi[0], bi[2]), xmax_i = MAX (bi[1], bi[3]);
  double ymin_j = MIN (bj[0], bj[2]), xmin_j = MIN (bj[1], bj[3]);
  double ymax_j = MAX (bj[0], bj[2]), xmax_j = MAX (bj[1], bj[3]);
  double area_i = (ymax_i - ymin_i) * (xmax_i - xmin_i);
  double area_j = (ymax_j - ymin_j) * (xmax_j - xmin_j);
  double inter;

  if (area_i <= 0 || area_j <= 0)
    return 0.0;
  inter = MAX (MIN (ymax_i, ymax_j) - MAX (ymin_i, ymin_j), 0.0) *
          MAX (MIN (xmax_i, xmax_j) - MAX (xmin_i, xmin_j), 0.0);
  return inter / (area_i + area_j - inter);
}

static int
cand_cmp_desc (gconstpointer pa, gconstpointer pb)
{
  const Cand *a = pa, *b = pb;

  if (a->score != b->score)
    return a->score < b->score ? 1 : -1;
  return a->idx - b->idx;
}

GArray *
pd_ssd_net_detect (const PdSsdNet *self, const PdFaceImage *img, float score_threshold)
{
  static const float mean[3] = { 127.5f, 127.5f, 127.5f };
  static const int strides[13] = { 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1 };
  g_autoptr(PdTensor) x = NULL;
  g_autoptr(PdTensor) conv11 = NULL;
  PdTensor *feat[6] = { NULL };
  PdTensor *pred[8] = { NULL };
  g_autofree float *enc = g_new (float, N_BOXES * 4);
  g_autofree float *score = g_new (float, N_BOXES);
  g_autoptr(GArray) cands = g_array_new (FALSE, FALSE, sizeof (Cand));
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (Cand));
  GArray *result = g_array_new (FALSE, FALSE, sizeof (PdFaceBox));
  PdTensor *cur;
  int pos = 0;
  double scale = 512.0 / MAX (img->width, img->height);
  int rw = MAX (1, (int) floor (img->width * scale + 0.5));
  int rh = MAX (1, (int) floor (img->height * scale + 0.5));
  double pad_x = 512.0 / rw, pad_y = 512.0 / rh;

  x = pd_input_tensor (img, 0, 0, img->width, img->height, FALSE, 512, mean, 127.5f);
  cur = pointwise (x, &self->conv0, 2);
  for (int i = 0; i < 13; i++) {
    PdTensor *d = depthwise (cur, &self->dw[i], strides[i]);
    g_free (cur);
    cur = pointwise (d, &self->pw[i], 1);
    g_free (d);
    if (i + 1 == 11) {
      /* the first box predictor reads layer 11's output */
      conv11 = pd_tensor_new (cur->h, cur->w, cur->c);
      memcpy (conv11->d, cur->d, sizeof (float) * pd_tensor_len (cur));
    }
  }
  for (int i = 0; i < 8; i++)
    pred[i] = pointwise (i == 0 ? cur : pred[i - 1], &self->pred[i], i % 2 == 1 ? 2 : 1);

  feat[0] = conv11;
  feat[1] = cur;
  feat[2] = pred[1];
  feat[3] = pred[3];
  feat[4] = pred[5];
  feat[5] = pred[7];
  for (int f = 0; f < 6; f++) {
    const Predictor *p = &self->box[f];
    g_autoptr(PdTensor) be = pd_conv2d_same (feat[f], p->box_w, p->box_b, 1);
    g_autoptr(PdTensor) ce = pd_conv2d_same (feat[f], p->cls_w, p->cls_b, 1);
    int n = (int) (pd_tensor_len (be) / 4);
    g_assert (pos + n <= N_BOXES && pd_tensor_len (ce) == (gsize) n * 3);
    memcpy (enc + (gsize) pos * 4, be->d, sizeof (float) * 4 * n);
    for (int k = 0; k < n; k++)
      score[pos + k] = pd_sigmoid (ce->d[k * 3 + 1]);
    pos += n;
  }
  g_assert (pos == N_BOXES);
  g_free (cur);
  for (int i = 0; i < 8; i++)
    g_free (pred[i]);

  for (int i = 0; i < N_BOXES; i++) {
    const float *a = self->anchors + i * 4;
    const float *e = enc + i * 4;
    Cand c;
    float s0, s1, c0, c1, d0, d1, m0, m1;
    if (!(score[i] > score_threshold))
      continue;
    s0 = a[2] - a[0];
    s1 = a[3] - a[1];
    c0 = a[0] + s0 / 2;
    c1 = a[1] + s1 / 2;
    d0 = expf (e[2] / 5) * s0 / 2;
    m0 = e[0] / 10 * s0 + c0;
    d1 = expf (e[3] / 5) * s1 / 2;
    m1 = e[1] / 10 * s1 + c1;
    c.b[0] = m0 - d0;
    c.b[1] = m1 - d1;
    c.b[2] = m0 + d0;
    c.b[3] = m1 + d1;
    c.score = score[i];
    c.idx = i;
    g_array_append_val (cands, c);
  }
  g_array_sort (cands, cand_cmp_desc);
  for (guint i = 0; i < cands->len && selected->len < MAX_RESULTS; i++) {
    const Cand *c = &g_array_index (cands, Cand, i);
    gboolean keep = TRUE;
    for (int j = (int) selected->len - 1; j >= 0; j--) {
      double v = iou (c->b, g_array_index (selected, Cand, j).b);
      if (v == 0.0)
        continue;
      if (v > IOU_THRESHOLD) {
        keep = FALSE;
        break;
      }
    }
    if (keep)
      g_array_append_val (selected, *c);
  }
  for (guint i = 0; i < selected->len; i++) {
    const Cand *c = &g_array_index (selected, Cand, i);
    double top = MAX (0.0, c->b[0]) * pad_y, bottom = MIN (1.0, c->b[2]) * pad_y;
    double left = MAX (0.0, c->b[1]) * pad_x, right = MIN (1.0, c->b[3]) * pad_x;
    PdFaceBox b;
    b.x = left * img->width;
    b.y = top * img->height;
    b.width = (right - left) * img->width;
    b.height = (bottom - top) * img->height;
    b.score = c->score;
    g_array_append_val (result, b);
  }
  return result;
}
