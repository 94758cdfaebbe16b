/* pd-face-engine.c: engine lifetime and the detect/landmarks/descriptor pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-face-private.h"

static const float recog_mean[3] = { 122.782f, 117.001f, 104.298f };

enum { NET_TINY, NET_SSD, NET_LANDMARKS, NET_RECOG };
static const char *const net_names[4] = {
  "tiny_face_detector_model", "ssd_mobilenetv1_model",
  "face_landmark_68_model", "face_recognition_model",
};

static void
engine_free (PdFaceEngine *self)
{
  pd_tiny_net_free (self->tiny);
  pd_ssd_net_free (self->ssd);
  pd_landmark_net_free (self->landmarks);
  pd_recog_net_free (self->recog);
  for (int i = 0; i < 4; i++)
    pd_face_net_free (self->nets[i]);
  g_free (self->model_dir);
  g_free (self);
}

PdFaceEngine *
pd_face_engine_ref (PdFaceEngine *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
pd_face_engine_unref (PdFaceEngine *self)
{
  if (self != NULL && g_atomic_ref_count_dec (&self->ref))
    engine_free (self);
}

PdFaceEngine *
pd_face_engine_new (const char *model_dir, GError **error)
{
  g_autoptr(PdFaceEngine) self = g_new0 (PdFaceEngine, 1);

  g_atomic_ref_count_init (&self->ref);
  self->model_dir = pd_face_default_model_dir (model_dir);
  for (int i = 0; i < 4; i++) {
    self->nets[i] = pd_face_net_load (self->model_dir, net_names[i], error);
    if (self->nets[i] == NULL)
      return NULL;
  }
  self->tiny = pd_tiny_net_new (self->nets[NET_TINY], error);
  if (self->tiny == NULL)
    return NULL;
  self->ssd = pd_ssd_net_new (self->nets[NET_SSD], error);
  if (self->ssd == NULL)
    return NULL;
  self->landmarks = pd_landmark_net_new (self->nets[NET_LANDMARKS], error);
  if (self->landmarks == NULL)
    return NULL;
  self->recog = pd_recog_net_new (self->nets[NET_RECOG], error);
  if (self->recog == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

gsize
pd_face_engine_get_weight_bytes (const PdFaceEngine *self)
{
  gsize n = 0;

  for (int i = 0; i < 4; i++)
    n += pd_face_net_bytes (self->nets[i]);
  return n;
}

const char *
pd_face_engine_get_model_dir (const PdFaceEngine *self)
{
  return self->model_dir;
}

/* The tiny detector's @boxes as SSD draws the same faces: on the first 400
 * photos of the calibration set (388 faces both found), SSD's box has the
 * same centre across, its centre 0.1135 of the height higher, 0.752 of
 * the width and 0.969 of the height (medians). */
static GArray *
as_ssd_boxes (GArray *boxes)
{
  for (guint i = 0; i < boxes->len; i++) {
    PdFaceBox *b = &g_array_index (boxes, PdFaceBox, i);
    float cx = b->x + b->width / 2, cy = b->y + b->height * (0.5f - 0.1135f);

    b->width *= 0.752f;
    b->height *= 0.969f;
    b->x = cx - b->width / 2;
    b->y = cy - b->height / 2;
  }
  return boxes;
}

GArray *
pd_face_detect (const PdFaceEngine *self, const PdFaceImage *image, PdFaceDetector detector,
                float score_threshold, GError **error)
{
  g_return_val_if_fail (self != NULL && image != NULL, NULL);

  if (score_threshold < 0)
    score_threshold = 0.5f;
  switch (detector) {
  case PD_FACE_DETECTOR_TINY:
    return pd_tiny_net_detect (self->tiny, image, 416, FALSE, score_threshold);
  case PD_FACE_DETECTOR_QUICK:
    return as_ssd_boxes (pd_tiny_net_detect (self->tiny, image, 416, TRUE, score_threshold));
  case PD_FACE_DETECTOR_SSD:
    return pd_ssd_net_detect (self->ssd, image, score_threshold);
  default:
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_INVALID, "unknown detector %d", detector);
    return NULL;
  }
}

/* Landmarks of a crop, relative to the crop (0..1), face-api.js postProcess. */
static void
landmarks_relative (const PdFaceEngine *self, const PdFaceImage *img, PdIRect r, float rel[136])
{
  static const float lm_mean[3] = { 122.782f, 117.001f, 104.298f };
  g_autoptr(PdTensor) in = pd_input_tensor (img, r.x, r.y, r.w, r.h, TRUE, 112, lm_mean, 255.0f);
  float out[136];
  double s = 112.0 / MAX (r.w, r.h);
  double sw = r.w * s, sh = r.h * s;
  double px = sw < sh ? fabs (sw - sh) / 2 : 0.0;
  double py = sh < sw ? fabs (sw - sh) / 2 : 0.0;

  pd_landmark_net_run (self->landmarks, in, out);
  for (int i = 0; i < 68; i++) {
    rel[2 * i] = (float) ((out[2 * i] * 112.0 - px) / sw);
    rel[2 * i + 1] = (float) ((out[2 * i + 1] * 112.0 - py) / sh);
  }
}

void
pd_face_landmarks_of_crop (const PdFaceEngine *self, const PdFaceImage *crop, float out[PD_FACE_N_LANDMARKS][2])
{
  PdIRect r = { 0, 0, crop->width, crop->height };
  float rel[136];

  landmarks_relative (self, crop, r, rel);
  for (int i = 0; i < 68; i++) {
    out[i][0] = rel[2 * i] * crop->width;
    out[i][1] = rel[2 * i + 1] * crop->height;
  }
}

/* Returns the crop size used (for face-api.js's alignDlib). */
static gboolean
landmarks_for_box (const PdFaceEngine *self, const PdFaceImage *image, const PdFaceBox *box,
                   float out[PD_FACE_N_LANDMARKS][2], PdIRect *crop)
{
  PdIRect r = pd_clip_floor (box->x, box->y, box->width, box->height, image->width, image->height);
  float rel[136];

  if (r.w <= 0 || r.h <= 0)
    return FALSE;
  landmarks_relative (self, image, r, rel);
  /* face-api.js shifts by the detection box's (unclipped) origin */
  for (int i = 0; i < 68; i++) {
    out[i][0] = rel[2 * i] * r.w + box->x;
    out[i][1] = rel[2 * i + 1] * r.h + box->y;
  }
  if (crop)
    *crop = r;
  return TRUE;
}

gboolean
pd_face_landmarks (const PdFaceEngine *self, const PdFaceImage *image, const PdFaceBox *box,
                   float out[PD_FACE_N_LANDMARKS][2], GError **error)
{
  g_return_val_if_fail (self != NULL && image != NULL && box != NULL, FALSE);

  if (!landmarks_for_box (self, image, box, out, NULL)) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_INVALID, "face box lies outside the image");
    return FALSE;
  }
  return TRUE;
}

void
pd_face_descriptor_of_chip (const PdFaceEngine *self, const PdFaceImage *chip, float out[PD_FACE_DESCRIPTOR_DIM])
{
  g_autoptr(PdTensor) in = pd_input_tensor (chip, 0, 0, chip->width, chip->height, TRUE,
                                            PD_FACE_CHIP_SIZE, recog_mean, 255.0f);

  pd_recog_net_run (self->recog, in, out);
}

/* @image mirrored left to right. */
static PdFaceImage *
mirrored (const PdFaceImage *image)
{
  PdFaceImage *m = pd_face_image_new (image->width, image->height);

  for (guint y = 0; y < image->height; y++)
    for (guint x = 0; x < image->width; x++)
      memcpy (m->rgb + ((gsize) y * image->width + x) * 3,
              image->rgb + ((gsize) y * image->width + image->width - 1 - x) * 3, 3);
  return m;
}

/* @image with @pad pixels of its border repeated around it. */
static PdFaceImage *
with_border (const PdFaceImage *image, guint pad)
{
  PdFaceImage *b = pd_face_image_new (image->width + 2 * pad, image->height + 2 * pad);

  for (guint y = 0; y < b->height; y++)
    for (guint x = 0; x < b->width; x++) {
      guint sy = CLAMP ((int) y - (int) pad, 0, (int) image->height - 1);
      guint sx = CLAMP ((int) x - (int) pad, 0, (int) image->width - 1);
      memcpy (b->rgb + ((gsize) y * b->width + x) * 3, image->rgb + ((gsize) sy * image->width + sx) * 3, 3);
    }
  return b;
}

#define ZOOM_PX        4    /* about 5 % of the 150 px chip */
G_STATIC_ASSERT (PD_FACE_VIEWS_ALL <= PD_RECOG_MAX_BATCH);
G_STATIC_ASSERT (PD_FACE_VIEWS_ALL % 2 == 0 && PD_FACE_VIEWS_GLANCE % 2 == 0);

/* The recognition net's inputs for @face in @chip_mode into @in: for the
 * `aligned` chip, @views of the chip (PD_FACE_VIEWS_ALL: the chip, the
 * chip seen about 5 % closer and 5 % farther, and the mirror image of
 * each, their descriptors averaged as dlib's jitter does; on the
 * calibration set, every pair, SSD, FNMR at FMR 0.1 %: 5.39 % for the chip
 * and its mirror, 4.87 % for the six; docs/face-engine.md), or
 * (PD_FACE_VIEWS_GLANCE) the chip and its mirror; face-api.js's crop alone
 * for `faceapi`.  Returns how many (0 for an empty face-api.js crop:
 * face-api.js then returns a zero descriptor). */
static guint
chip_inputs (const PdFaceImage *image, const PdFaceFace *face, PdFaceChipMode chip_mode, guint views,
             PdTensor *in[PD_FACE_VIEWS_ALL])
{
  if (chip_mode == PD_FACE_CHIP_ALIGNED) {
    g_autoptr(PdFaceImage) chip = pd_face_chip (image, face->landmarks, PD_FACE_CHIP_ALIGNED);
    g_autoptr(PdFaceImage) mirror = mirrored (chip);
    const PdFaceImage *sides[2] = { chip, mirror };
    guint n = 0;

    for (int m = 0; m < 2; m++) {
      const PdFaceImage *c = sides[m];

      in[n++] = pd_input_tensor (c, 0, 0, c->width, c->height, TRUE, PD_FACE_CHIP_SIZE, recog_mean, 255.0f);
      if (views == PD_FACE_VIEWS_ALL) {
        g_autoptr(PdFaceImage) farther = with_border (c, ZOOM_PX);

        in[n++] = pd_input_tensor (c, ZOOM_PX, ZOOM_PX, c->width - 2 * ZOOM_PX, c->height - 2 * ZOOM_PX, TRUE,
                                   PD_FACE_CHIP_SIZE, recog_mean, 255.0f);
        in[n++] = pd_input_tensor (farther, 0, 0, farther->width, farther->height, TRUE, PD_FACE_CHIP_SIZE,
                                   recog_mean, 255.0f);
      }
    }
    return n;
  } else {
    PdIRect crop = pd_clip_floor (face->box.x, face->box.y, face->box.width, face->box.height,
                                  image->width, image->height);
    PdIRect r;
    double x, y, w, h;
    pd_align_dlib_rect (face->landmarks, crop.w, crop.h, &x, &y, &w, &h);
    r = pd_clip_floor (x, y, w, h, image->width, image->height);
    if (r.w <= 0 || r.h <= 0)
      return 0;
    in[0] = pd_input_tensor (image, r.x, r.y, r.w, r.h, TRUE, PD_FACE_CHIP_SIZE, recog_mean, 255.0f);
    return 1;
  }
}

/* Fills the descriptors of @faces (@views of each aligned chip),
 * PD_RECOG_MAX_BATCH inputs a pass of the net. */
static void
describe_faces (const PdFaceEngine *self, const PdFaceImage *image, PdFaceFace *faces, guint n_faces,
                PdFaceChipMode chip_mode, guint views)
{
  PdTensor *in[PD_RECOG_MAX_BATCH];
  float out[PD_RECOG_MAX_BATCH][PD_FACE_DESCRIPTOR_DIM];
  guint of[PD_RECOG_MAX_BATCH];   /* the face of each input */
  guint per = chip_mode == PD_FACE_CHIP_ALIGNED ? views : 1;   /* inputs a face */
  guint n = 0;

  for (guint i = 0; i <= n_faces; i++) {
    PdTensor *more[PD_FACE_VIEWS_ALL];
    guint m = i < n_faces ? chip_inputs (image, &faces[i], chip_mode, views, more) : 0;

    if (i < n_faces)
      memset (faces[i].descriptor, 0, sizeof faces[i].descriptor);
    /* run what is queued when the batch is full, and at the end */
    if (n > 0 && (n + m > PD_RECOG_MAX_BATCH || i == n_faces)) {
      pd_recog_net_run_batch (self->recog, in, (int) n, out);
      for (guint k = 0; k < n; k++) {
        for (int j = 0; j < PD_FACE_DESCRIPTOR_DIM; j++)
          faces[of[k]].descriptor[j] += out[k][j] / per;
        g_free (in[k]);
      }
      n = 0;
    }
    for (guint k = 0; k < m; k++) {
      in[n] = more[k];
      of[n++] = i;
    }
  }
}

void
pd_face_describe (const PdFaceEngine *self, const PdFaceImage *image, PdFaceFace *face,
                  PdFaceChipMode chip_mode)
{
  g_return_if_fail (self != NULL && image != NULL && face != NULL);

  describe_faces (self, image, face, 1, chip_mode, PD_FACE_VIEWS_ALL);
}

/* The faces in @canvas, @image at (@ox, @oy) in it: every one described,
 * or (@views not 0) the subject alone, from @views views of its chip. */
static GArray *
analyze_once (const PdFaceEngine *self, const PdFaceImage *canvas, const PdFaceImage *image, int ox, int oy,
              PdFaceDetector detector, PdFaceChipMode chip_mode, guint views, GError **error)
{
  g_autoptr(GArray) boxes = NULL;
  g_autoptr(GArray) faces = g_array_new (FALSE, TRUE, sizeof (PdFaceFace));

  boxes = pd_face_detect (self, canvas, detector, -1, error);
  if (boxes == NULL)
    return NULL;
  for (guint i = 0; i < boxes->len; i++) {
    PdFaceFace f;

    memset (&f, 0, sizeof f);
    f.box = g_array_index (boxes, PdFaceBox, i);
    if (!landmarks_for_box (self, canvas, &f.box, f.landmarks, NULL))
      continue;
    g_array_append_val (faces, f);
  }

  if (views == 0) {
    describe_faces (self, canvas, (PdFaceFace *) faces->data, faces->len, chip_mode, PD_FACE_VIEWS_ALL);
  } else {
    int subject = pd_face_subject ((PdFaceFace *) faces->data, faces->len, image->width, image->height, ox, oy);
    if (subject >= 0)
      describe_faces (self, canvas, &g_array_index (faces, PdFaceFace, subject), 1, chip_mode, views);
  }
  return g_steal_pointer (&faces);
}

/* @image centred on a canvas @factor times its size, filled with the mean
 * colour of the image's border. */
static PdFaceImage *
on_canvas (const PdFaceImage *image, double factor, int *ox, int *oy)
{
  guint w = (guint) (image->width * factor), h = (guint) (image->height * factor);
  PdFaceImage *c = pd_face_image_new (w, h);
  double sum[3] = { 0, 0, 0 };
  guint n = 0;
  guint8 fill[3];

  for (guint x = 0; x < image->width; x++) {
    for (int ch = 0; ch < 3; ch++) {
      sum[ch] += image->rgb[x * 3 + ch];
      sum[ch] += image->rgb[((gsize) (image->height - 1) * image->width + x) * 3 + ch];
    }
    n += 2;
  }
  for (guint y = 0; y < image->height; y++) {
    for (int ch = 0; ch < 3; ch++) {
      sum[ch] += image->rgb[((gsize) y * image->width) * 3 + ch];
      sum[ch] += image->rgb[((gsize) y * image->width + image->width - 1) * 3 + ch];
    }
    n += 2;
  }
  for (int ch = 0; ch < 3; ch++)
    fill[ch] = (guint8) (sum[ch] / n + 0.5);
  for (gsize i = 0; i < (gsize) w * h; i++)
    memcpy (c->rgb + i * 3, fill, 3);
  *ox = (int) (w - image->width) / 2;
  *oy = (int) (h - image->height) / 2;
  for (guint y = 0; y < image->height; y++)
    memcpy (c->rgb + ((gsize) (y + *oy) * w + *ox) * 3, image->rgb + (gsize) y * image->width * 3,
            (gsize) image->width * 3);
  return c;
}

#define CANVAS_MAX_SIDE 4096
#define CROP_MAX_SIDE   640   /* smaller than a VGA camera frame: a crop */

static GArray *
analyze (const PdFaceEngine *self, const PdFaceImage *image, PdFaceDetector detector, PdFaceChipMode chip_mode,
         guint views, GError **error)
{
  /* The detectors were trained on scenes and miss a face that fills the
   * frame (documents, enrolment photos): such an image is tried again
   * centred on a canvas 2, 3 and 4 times its size.  An image smaller than
   * a camera frame is taken for such a crop and starts on the 2x canvas:
   * on the calibration set's 150 px photos SSD found 99.5 % of the faces
   * there at the first pass (87 % at 1x), and 99.3 % of tighter crops of
   * them (33 % at 1x); docs/face-engine.md. */
  static const double scene[] = { 1.0, 2.0, 3.0, 4.0 }, crop[] = { 2.0, 1.0, 3.0, 4.0 };
  const double *factors = MAX (image->width, image->height) < CROP_MAX_SIDE ? crop : scene;
  g_autoptr(GArray) again = NULL;
  int ox = 0, oy = 0;

  g_return_val_if_fail (self != NULL && image != NULL, NULL);

  for (guint k = 0; k < G_N_ELEMENTS (scene); k++) {
    g_autoptr(PdFaceImage) canvas = NULL;
    if (factors[k] > 1.0 && MAX (image->width, image->height) * factors[k] > CANVAS_MAX_SIDE)
      continue;
    if (factors[k] > 1.0)
      canvas = on_canvas (image, factors[k], &ox, &oy);
    else
      ox = oy = 0;
    g_clear_pointer (&again, g_array_unref);
    again = analyze_once (self, canvas != NULL ? canvas : image, image, ox, oy, detector, chip_mode, views, error);
    if (again == NULL)
      return NULL;
    if (again->len > 0)
      break;
  }
  for (guint i = 0; i < again->len; i++) {
    PdFaceFace *f = &g_array_index (again, PdFaceFace, i);
    f->box.x -= ox;
    f->box.y -= oy;
    for (int k = 0; k < PD_FACE_N_LANDMARKS; k++) {
      f->landmarks[k][0] -= ox;
      f->landmarks[k][1] -= oy;
    }
  }
  return g_steal_pointer (&again);
}

GArray *
pd_face_analyze (const PdFaceEngine *self, const PdFaceImage *image, PdFaceDetector detector,
                 PdFaceChipMode chip_mode, GError **error)
{
  return analyze (self, image, detector, chip_mode, 0, error);
}

GArray *
pd_face_analyze_subject (const PdFaceEngine *self, const PdFaceImage *image, PdFaceDetector detector,
                         PdFaceChipMode chip_mode, guint views, GError **error)
{
  g_return_val_if_fail (views == PD_FACE_VIEWS_ALL || views == PD_FACE_VIEWS_GLANCE, NULL);

  return analyze (self, image, detector, chip_mode, views, error);
}
