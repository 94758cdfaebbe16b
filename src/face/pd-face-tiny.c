/* pd-face-tiny.c: face-api.js TinyFaceDetector (Tiny YOLO v2 with separable convs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-tiny"

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-face-private.h"

#define N_ANCHORS 5
#define IOU_THRESHOLD 0.4

static const float anchors[N_ANCHORS][2] = {
  { 1.603231f, 2.094468f }, { 6.041143f, 7.080126f }, { 2.882459f, 3.518061f },
  { 4.266906f, 5.178857f }, { 9.041765f, 10.66308f },
};
static const float mean_rgb[3] = { 117.001f, 114.697f, 97.404f };

typedef struct {
  const float *dw, *pw, *bias;
  int ci, co;
} SepConv;

struct _PdTinyNet {
  const PdWeight *conv0_f;
  const float *conv0_b;
  SepConv conv[5]; /* conv1..conv5 */
  const PdWeight *conv8_f;
  const float *conv8_b;
};

void
pd_tiny_net_free (PdTinyNet *self)
{
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTinyNet, pd_tiny_net_free)

PdTinyNet *
pd_tiny_net_new (PdFaceNet *net, GError **error)
{
  g_autoptr(PdTinyNet) self = g_new0 (PdTinyNet, 1);
  const PdWeight *b;

  self->conv0_f = pd_face_net_get (net, "conv0/filters", error);
  b = self->conv0_f ? pd_face_net_get (net, "conv0/bias", error) : NULL;
  if (b == NULL)
    return NULL;
  self->conv0_b = b->data;
  for (int i = 0; i < 5; i++) {
    g_autofree char *n_dw = g_strdup_printf ("conv%d/depthwise_filter", i + 1);
    g_autofree char *n_pw = g_strdup_printf ("conv%d/pointwise_filter", i + 1);
    g_autofree char *n_b = g_strdup_printf ("conv%d/bias", i + 1);
    const PdWeight *dw = pd_face_net_get (net, n_dw, error);
    const PdWeight *pw = dw ? pd_face_net_get (net, n_pw, error) : NULL;
    const PdWeight *bb = pw ? pd_face_net_get (net, n_b, error) : NULL;
    if (bb == NULL)
      return NULL;
    self->conv[i].dw = dw->data;
    self->conv[i].pw = pw->data;
    self->conv[i].bias = bb->data;
    self->conv[i].ci = pw->shape[2];
    self->conv[i].co = pw->shape[3];
  }
  self->conv8_f = pd_face_net_get (net, "conv8/filters", error);
  b = self->conv8_f ? pd_face_net_get (net, "conv8/bias", error) : NULL;
  if (b == NULL)
    return NULL;
  self->conv8_b = b->data;
  if (self->conv8_f->shape[3] != N_ANCHORS * 5) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                 "tiny face detector: unexpected output channels");
    return NULL;
  }
  return g_steal_pointer (&self);
}

/* pad 1 + separableConv2d 'valid' + bias + leaky(0.1) */
static PdTensor *
sep_conv (const PdTensor *x, const SepConv *s)
{
  g_autoptr(PdTensor) dw = pd_depthwise3 (x, s->dw, 1, 1, 1, x->h, x->w);
  PdTensor *out = pd_conv2d (dw, s->pw, 1, 1, s->co, s->bias, 1, 0, 0, dw->h, dw->w);

  pd_leaky (out, 0.10000000149011612f);
  return out;
}

typedef struct {
  float x0, y0, x1, y1; /* relative to the image */
  float score;
} Cand;

static double
iou (const Cand *a, const Cand *b)
{
  double w = MAX (0.0, MIN (a->x1, b->x1) - MAX (a->x0, b->x0));
  double h = MAX (0.0, MIN (a->y1, b->y1) - MAX (a->y0, b->y0));
  double inter = w * h;
  double aa = (double) (a->x1 - a->x0) * (a->y1 - a->y0);
  double ab = (double) (b->x1 - b->x0) * (b->y1 - b->y0);

  return inter / (aa + ab - inter);
}

static int
cand_cmp_desc (gconstpointer pa, gconstpointer pb)
{
  const Cand *a = pa, *b = pb;

  return a->score < b->score ? 1 : (a->score > b->score ? -1 : 0);
}

#define CELL 32   /* input pixels a cell of the output grid */

/* @x, the image (@rw x @rh) in the top left corner of the square input,
 * cut to the cells that see it: the padding the square adds past them is
 * left out. */
static PdTensor *
cut_padding (PdTensor *x, int rw, int rh)
{
  int w = MIN (x->w, (rw + CELL - 1) / CELL * CELL), h = MIN (x->h, (rh + CELL - 1) / CELL * CELL);
  PdTensor *cut = pd_tensor_new (h, w, x->c);

  for (int y = 0; y < h; y++)
    memcpy (cut->d + (gsize) y * w * x->c, x->d + (gsize) y * x->w * x->c, sizeof (float) * w * x->c);
  g_free (x);
  return cut;
}

GArray *
pd_tiny_net_detect (const PdTinyNet *self, const PdFaceImage *img, int input_size, gboolean cut,
                    float score_threshold)
{
  g_autoptr(PdTensor) x = NULL;
  g_autoptr(PdTensor) out = NULL;
  g_autoptr(GArray) cands = g_array_new (FALSE, FALSE, sizeof (Cand));
  GArray *result = g_array_new (FALSE, FALSE, sizeof (PdFaceBox));
  g_autofree gboolean *dead = NULL;
  double scale = (double) input_size / MAX (img->width, img->height);
  int rw = MAX (1, (int) floor (img->width * scale + 0.5));
  int rh = MAX (1, (int) floor (img->height * scale + 0.5));
  double corr_x = (double) input_size / rw, corr_y = (double) input_size / rh;
  int cells;

  x = pd_input_tensor (img, 0, 0, img->width, img->height, FALSE, input_size, mean_rgb, 255.0f);
  if (cut)
    x = cut_padding (x, rw, rh);
  out = pd_conv2d_valid (x, self->conv0_f, self->conv0_b, 1);
  pd_leaky (out, 0.10000000149011612f);
  /* conv0, then (maxpool 2/2, separable conv) x 5, maxpool 2/1, conv8 */
  for (int i = 0; i < 5; i++) {
    g_autoptr(PdTensor) p = pd_maxpool (out, 2, 2, TRUE);
    g_free (out);
    out = sep_conv (p, &self->conv[i]);
  }
  g_clear_pointer (&x, g_free);
  x = pd_maxpool (out, 2, 1, TRUE);
  g_free (out);
  out = pd_conv2d (x, self->conv8_f->data, 1, 1, N_ANCHORS * 5, self->conv8_b, 1, 0, 0, x->h, x->w);
  cells = input_size / CELL;   /* a side of the square's grid */
  g_assert (out->h <= cells && out->w <= cells && (cut || out->h == cells));

  for (int row = 0; row < out->h; row++) {
    for (int col = 0; col < out->w; col++) {
      const float *v = out->d + ((gsize) row * out->w + col) * out->c;
      for (int a = 0; a < N_ANCHORS; a++) {
        const float *e = v + a * 5;
        float score = pd_sigmoid (e[4]);
        if (score > score_threshold) {
          double ctx = (col + pd_sigmoid (e[0])) / cells * corr_x;
          double cty = (row + pd_sigmoid (e[1])) / cells * corr_y;
          double bw = exp (e[2]) * anchors[a][0] / cells * corr_x;
          double bh = exp (e[3]) * anchors[a][1] / cells * corr_y;
          Cand c = { ctx - bw / 2, cty - bh / 2, ctx + bw / 2, cty + bh / 2, score };
          g_array_append_val (cands, c);
        }
      }
    }
  }

  /* face-api.js NMS: pick the highest score, drop those with IoU > 0.4 */
  g_array_sort (cands, cand_cmp_desc);
  dead = g_new0 (gboolean, cands->len + 1);
  for (guint i = 0; i < cands->len; i++) {
    const Cand *c = &g_array_index (cands, Cand, i);
    PdFaceBox b;
    if (dead[i])
      continue;
    for (guint j = i + 1; j < cands->len; j++)
      if (!dead[j] && iou (c, &g_array_index (cands, Cand, j)) > IOU_THRESHOLD)
        dead[j] = TRUE;
    b.x = c->x0 * img->width;
    b.y = c->y0 * img->height;
    b.width = (c->x1 - c->x0) * img->width;
    b.height = (c->y1 - c->y0) * img->height;
    b.score = c->score;
    g_array_append_val (result, b);
  }
  return result;
}
