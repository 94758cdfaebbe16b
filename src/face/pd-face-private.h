/* pd-face-private.h: internals shared by the face engine modules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include "pd-face.h"

G_BEGIN_DECLS

/* Hot loops are compiled twice (baseline x86-64 and AVX2+FMA) and picked at
 * run time (ifunc); no -march flags in the build. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PD_FACE_HOT __attribute__((target_clones ("arch=x86-64-v3", "default")))
#else
#define PD_FACE_HOT
#endif

/* ---- tensors (one image, NHWC without N) ------------------------------ */

typedef struct {
  int h, w, c, pad_;
  float d[];
} PdTensor;

PdTensor *pd_tensor_new (int h, int w, int c);
PdTensor *pd_tensor_new0 (int h, int w, int c);
static inline gsize pd_tensor_len (const PdTensor *t) { return (gsize) t->h * t->w * t->c; }
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTensor, g_free)

/* ---- weights --------------------------------------------------------- */

typedef struct {
  int ndim;
  int shape[4];
  gsize n;
  float *data;
} PdWeight;

typedef struct _PdFaceNet PdFaceNet;

PdFaceNet *pd_face_net_load (const char *model_dir, const char *name, GError **error);
void pd_face_net_free (PdFaceNet *net);
const PdWeight *pd_face_net_get (const PdFaceNet *net, const char *name, GError **error);
const PdWeight *pd_face_net_getf (const PdFaceNet *net, GError **error, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
gsize pd_face_net_bytes (const PdFaceNet *net);
gboolean pd_face_check_file_sha256 (const char *path, const char *expected_hex, GError **error);
/* The expected sha256 of a model file (basename), NULL if unknown. */
const char *pd_face_model_sha256 (const char *basename);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFaceNet, pd_face_net_free)

/* ---- ops (pd-face-ops.c) --------------------------------------------- */

/* TF "same" padding: output size and padding before. */
void pd_pad_same (int in, int k, int stride, int *out, int *before);
static inline int pd_out_valid (int in, int k, int stride) { return (in - k) / stride + 1; }

/* Dense convolution, filters HWIO [kh,kw,ci,co]; im2col + sgemm.  Output spatial
 * size oh x ow, padding pt/pl before (zeros).  bias may be NULL. */
PdTensor *pd_conv2d (const PdTensor *x, const float *filt, int kh, int kw, int co,
                     const float *bias, int stride, int pt, int pl, int oh, int ow);
PdTensor *pd_conv2d_same (const PdTensor *x, const PdWeight *filt, const float *bias, int stride);
/* C[m,n] = A[m,k] W[k,n], row-major, via cblas_sgemm (in row blocks for
 * narrow n when OpenBLAS is single-threaded). */
void pd_gemm_rows (const float *a, const float *w, float *c, gsize m, int n, int k);
/* col[oh*ow, kh*kw*ci]: one row per output pixel, zeros outside the input */
void pd_im2col (const PdTensor *x, int kh, int kw, int stride, int pt, int pl, int oh, int ow,
                float *col);
PdTensor *pd_conv2d_valid (const PdTensor *x, const PdWeight *filt, const float *bias, int stride);

/* Depthwise 3x3 (filters [3,3,c,1]), optional per-channel scale/shift after. */
PdTensor *pd_depthwise3 (const PdTensor *x, const float *filt, int stride, int pt, int pl,
                         int oh, int ow);
PdTensor *pd_depthwise3_same (const PdTensor *x, const float *filt, int stride);

PdTensor *pd_maxpool (const PdTensor *x, int k, int stride, gboolean same);
PdTensor *pd_avgpool_valid (const PdTensor *x, int k, int stride);

/* x = clip (x + bias[c], lo, hi) per channel; bias may be NULL */
void pd_bias_clip (PdTensor *x, const float *bias, float lo, float hi);
void pd_relu (PdTensor *x);
void pd_leaky (PdTensor *x, float alpha);
void pd_clip (PdTensor *x, float lo, float hi);
void pd_add_inplace (PdTensor *x, const PdTensor *y);

/* y[n_out] = x[n_in] . W[n_in, n_out] + b */
void pd_dense (const float *x, const float *w, const float *b, int n_in, int n_out, float *y);

/* face-api.js NetInput.toBatchTensor on the integer crop (x0,y0,w,h) of @img
 * (which must lie inside it): pad to square with zeros (centred or appended),
 * bilinear resize to size (tf, align_corners = half_pixel = false), then
 * (v - mean[c]) / div. */
PdTensor *pd_input_tensor (const PdFaceImage *img, int x0, int y0, int w, int h,
                           gboolean centre, int size, const float mean[3], float div);

static inline float pd_sigmoid (float x) { return 1.0f / (1.0f + expf (-x)); }

/* ---- networks ---------------------------------------------------------- */

typedef struct _PdRecogNet PdRecogNet;
PdRecogNet *pd_recog_net_new (PdFaceNet *net, GError **error);
void pd_recog_net_free (PdRecogNet *self);
void pd_recog_net_run (const PdRecogNet *self, const PdTensor *input150, float out[PD_FACE_DESCRIPTOR_DIM]);
/* Several chips at once (one sgemm per layer for all of them): out[n][128]. */
#define PD_RECOG_MAX_BATCH 8
void pd_recog_net_run_batch (const PdRecogNet *self, PdTensor *const *inputs, int n,
                             float (*out)[PD_FACE_DESCRIPTOR_DIM]);

typedef struct _PdLandmarkNet PdLandmarkNet;
PdLandmarkNet *pd_landmark_net_new (PdFaceNet *net, GError **error);
void pd_landmark_net_free (PdLandmarkNet *self);
/* raw 136 outputs for a 112x112 normalised input */
void pd_landmark_net_run (const PdLandmarkNet *self, const PdTensor *input112, float out[136]);

typedef struct _PdTinyNet PdTinyNet;
PdTinyNet *pd_tiny_net_new (PdFaceNet *net, GError **error);
void pd_tiny_net_free (PdTinyNet *self);
/* With @cut, the net sees the image and the cells around it, not the rest
 * of the square face-api.js pads it to (a 1280x720 frame: 416x256 of
 * 416x416); the same boxes but near the padding's edge. */
GArray *pd_tiny_net_detect (const PdTinyNet *self, const PdFaceImage *img, int input_size, gboolean cut,
                            float score_threshold);

typedef struct _PdSsdNet PdSsdNet;
PdSsdNet *pd_ssd_net_new (PdFaceNet *net, GError **error);
void pd_ssd_net_free (PdSsdNet *self);
GArray *pd_ssd_net_detect (const PdSsdNet *self, const PdFaceImage *img, float score_threshold);

struct _PdFaceEngine {
  gatomicrefcount ref;
  char *model_dir;
  PdFaceNet *nets[4];
  PdTinyNet *tiny;
  PdSsdNet *ssd;
  PdLandmarkNet *landmarks;
  PdRecogNet *recog;
};

/* ---- geometry (pd-face-align.c) --------------------------------------- */

typedef struct { int x, y, w, h; } PdIRect;

/* face-api.js Box.clipAtImageBorders + floor. */
PdIRect pd_clip_floor (double x, double y, double w, double h, int img_w, int img_h);
/* The subject of @faces, found in an image of @width x @height placed at
 * (@ox, @oy) in the picture they were found in: the face nearest the
 * image's centre (not the largest); -1 when none. */
int pd_face_subject (const PdFaceFace *faces, guint n_faces, guint width, guint height, int ox, int oy);
/* face-api.js FaceLandmarks.alignDlib (crop_w/crop_h: the landmark crop's size). */
void pd_align_dlib_rect (const float lm[PD_FACE_N_LANDMARKS][2], int crop_w, int crop_h,
                         double *x, double *y, double *w, double *h);
PdFaceImage *pd_face_image_crop (const PdFaceImage *img, PdIRect r);
void pd_face_eye_mouth_centres (const float lm[PD_FACE_N_LANDMARKS][2], float le[2], float re[2],
                                float mouth[2]);

G_END_DECLS
