/* pd-face.h: PortDesk face engine (public API)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine runs the face-api.js networks (tiny face detector, SSD MobileNet v1,
 * 68-point landmarks, ResNet face recognition) in C.  A PdFaceEngine is immutable
 * once loaded: every function that takes a `const PdFaceEngine *` may be called
 * from several threads at once (each call allocates its own scratch memory).
 *
 * Distance conventions (see docs/face-engine.md):
 *  - a descriptor is the raw 128-d float output of the recognition net
 *    (face-api.js compatible; its Euclidean norm is not 1);
 *  - pd_face_distance() is the Euclidean distance between raw descriptors
 *    (face-api.js convention, "0.6 means same person" in its docs);
 *  - templates (PdFaceTemplate) are L2-normalised descriptors; their score is the
 *    cosine similarity in [-1, 1], higher is more similar;
 *  - decisions use the calibrated threshold table (pd_face_threshold_for),
 *    chosen by detector, chip mode and target false-match rate, versioned.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_FACE_ERROR (pd_face_error_quark ())

typedef enum {
  PD_FACE_ERROR_FAILED,
  PD_FACE_ERROR_MODEL_MISSING,   /* weights not installed */
  PD_FACE_ERROR_MODEL_CHECKSUM,  /* sha256 mismatch: refuse to start */
  PD_FACE_ERROR_MODEL_FORMAT,    /* manifest or .bin unreadable */
  PD_FACE_ERROR_IMAGE,           /* image cannot be decoded */
  PD_FACE_ERROR_INVALID,         /* bad argument (size, mode, ...) */
  PD_FACE_ERROR_NO_FACE,         /* no usable face */
} PdFaceError;

GQuark pd_face_error_quark (void);

#define PD_FACE_DESCRIPTOR_DIM 128
#define PD_FACE_N_LANDMARKS 68
#define PD_FACE_CHIP_SIZE 150

typedef enum {
  PD_FACE_DETECTOR_TINY,  /* fast, live preview (416 px input) */
  PD_FACE_DETECTOR_SSD,   /* SSD MobileNet v1, stills (512 px input) */
  /* the tiny detector, its boxes redrawn as SSD draws them (narrower and
   * higher: the landmarks then see the crop they see with SSD): captures
   * searched against SSD's templates.  No rows of its own in the
   * threshold table: SSD's hold (docs/face-engine.md). */
  PD_FACE_DETECTOR_QUICK,
} PdFaceDetector;

typedef enum {
  PD_FACE_CHIP_FACEAPI,   /* exactly face-api.js's crop (oracle tests) */
  PD_FACE_CHIP_ALIGNED,   /* similarity transform to a canonical dlib-like chip */
} PdFaceChipMode;

/* `aligned` measured better than `faceapi` (bench/face-accuracy; docs/face-engine.md). */
#define PD_FACE_CHIP_DEFAULT PD_FACE_CHIP_ALIGNED

/* ---- models ---------------------------------------------------------- */

typedef struct _PdFaceEngine PdFaceEngine;

/* Model directory: @model_dir if not NULL, else $PORTDESK_MODEL_DIR, else
 * $XDG_DATA_HOME/portdesk/models.  Returns a newly allocated path. */
char *pd_face_default_model_dir (const char *model_dir);
/* The face-api package's demo pictures (the npm package the set-up step
 * installs): $PORTDESK_FACE_DEMO_DIR, else its folder in the user's cache. */
char *pd_face_default_demo_dir (void);

/* Loads and checks (sha256) all four networks. */
PdFaceEngine *pd_face_engine_new (const char *model_dir, GError **error);
PdFaceEngine *pd_face_engine_ref (PdFaceEngine *self);
void pd_face_engine_unref (PdFaceEngine *self);
/* Bytes of dequantized weights held by the engine (all networks). */
gsize pd_face_engine_get_weight_bytes (const PdFaceEngine *self);
const char *pd_face_engine_get_model_dir (const PdFaceEngine *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFaceEngine, pd_face_engine_unref)

/* ---- images ---------------------------------------------------------- */

/* Packed 8-bit RGB, row stride = width * 3. */
typedef struct {
  guint width;
  guint height;
  guint8 *rgb;
} PdFaceImage;

PdFaceImage *pd_face_image_new (guint width, guint height);
typedef enum {
  PD_FACE_PIXEL_RGB,   /* 3 bytes */
  PD_FACE_PIXEL_RGBA,  /* 4 bytes, alpha ignored */
  PD_FACE_PIXEL_BGRA,  /* 4 bytes (GStreamer BGRA / GDK_MEMORY_B8G8R8A8), alpha ignored */
  PD_FACE_PIXEL_BGRX,  /* 4 bytes */
} PdFacePixelFormat;

/* Copies a raw RGB frame (camera path); @stride in bytes, >= width * 3. */
PdFaceImage *pd_face_image_new_from_rgb (const guint8 *rgb, guint width, guint height,
                                         gsize stride, GError **error);
/* Copies a raw frame in @format; @stride in bytes, >= width * bytes per pixel. */
PdFaceImage *pd_face_image_new_from_pixels (const guint8 *pixels, guint width, guint height,
                                            gsize stride, PdFacePixelFormat format,
                                            GError **error);
/* JPEG/PNG (anything gdk-pixbuf reads), EXIF orientation applied, alpha dropped. */
PdFaceImage *pd_face_image_new_from_file (const char *path, GError **error);
PdFaceImage *pd_face_image_new_from_bytes (GBytes *bytes, GError **error);
gboolean pd_face_image_save_png (const PdFaceImage *image, const char *path, GError **error);
/* The part of @image in the rectangle (clipped to the image; NULL when
 * nothing of it is inside). */
PdFaceImage *pd_face_image_cut (const PdFaceImage *image, double x, double y, double width, double height);
/* @image as a JPEG file's bytes. */
GBytes *pd_face_image_encode_jpeg (const PdFaceImage *image, GError **error);
void pd_face_image_free (PdFaceImage *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFaceImage, pd_face_image_free)

/* ---- detection / landmarks / descriptor ------------------------------ */

typedef struct {
  float x, y, width, height; /* image pixels */
  float score;
} PdFaceBox;

typedef struct {
  PdFaceBox box;
  float landmarks[PD_FACE_N_LANDMARKS][2]; /* image pixels */
  float descriptor[PD_FACE_DESCRIPTOR_DIM];
} PdFaceFace;

/* @score_threshold < 0 selects the detector's default (0.5 for both). */
GArray *pd_face_detect (const PdFaceEngine *self, const PdFaceImage *image,
                        PdFaceDetector detector, float score_threshold, GError **error);

/* 68 points of the face in @box (face-api.js crop: box clipped and floored). */
gboolean pd_face_landmarks (const PdFaceEngine *self, const PdFaceImage *image,
                            const PdFaceBox *box, float out[PD_FACE_N_LANDMARKS][2],
                            GError **error);

/* Landmarks net on a whole image taken as the face crop (the oracle's `landmarks` mode). */
void pd_face_landmarks_of_crop (const PdFaceEngine *self, const PdFaceImage *crop,
                                float out[PD_FACE_N_LANDMARKS][2]);

/* Recognition net on an image taken as the chip (padded to square, resized to 150). */
void pd_face_descriptor_of_chip (const PdFaceEngine *self, const PdFaceImage *chip,
                                 float out[PD_FACE_DESCRIPTOR_DIM]);

/* The chip that @mode cuts for a face with these landmarks: 150x150 for
 * `aligned`; for `faceapi` face-api.js's crop at image resolution (the net
 * pads it to a square and resizes it to 150), or NULL if it is empty. */
PdFaceImage *pd_face_chip (const PdFaceImage *image,
                           const float landmarks[PD_FACE_N_LANDMARKS][2],
                           PdFaceChipMode mode);

/* With the `aligned` chip a descriptor is the mean of the descriptors of
 * six views of the chip (PD_FACE_VIEWS_ALL: the chip, seen 5 % closer and
 * 5 % farther, and the mirror of each); a glance is the mean of two (the
 * chip and its mirror): a third of the recognition net's time, its scores
 * within a few thousandths of the six's (docs/face-engine.md, "Glances").
 * Templates kept are made from the six. */
#define PD_FACE_VIEWS_ALL    6
#define PD_FACE_VIEWS_GLANCE 2

/* Fills @face->descriptor from @face's box and landmarks with @chip_mode
 * (the six views of an aligned chip). */
void pd_face_describe (const PdFaceEngine *self, const PdFaceImage *image, PdFaceFace *face,
                       PdFaceChipMode chip_mode);

/* Full pipeline: detect, landmarks, chip, descriptor.  Returns GArray of PdFaceFace
 * (possibly empty), sorted by detection score.  When no face is found and the
 * image is small enough, the image is tried again centred on a canvas 2, 3
 * and 4 times its size (faces that fill the frame, tight document crops); an
 * image smaller than a camera frame (under 640 px a side) starts on the 2x
 * canvas.  Coordinates are always in @image.  With the `aligned` chip the
 * descriptor is the mean of six views of the chip (docs/face-engine.md). */
GArray *pd_face_analyze (const PdFaceEngine *self, const PdFaceImage *image,
                         PdFaceDetector detector, PdFaceChipMode chip_mode,
                         GError **error);
/* As pd_face_analyze(), but only the subject is described (the face
 * pd_face_quality_assess() takes: nearest the centre), from @views views
 * of an aligned chip (PD_FACE_VIEWS_ALL or PD_FACE_VIEWS_GLANCE); the
 * others have a zero descriptor.  What a search or an enrolment needs: a
 * face more in the frame costs landmarks, not a descriptor. */
GArray *pd_face_analyze_subject (const PdFaceEngine *self, const PdFaceImage *image,
                                 PdFaceDetector detector, PdFaceChipMode chip_mode, guint views,
                                 GError **error);

/* ---- quality ---------------------------------------------------------- */

typedef enum {
  PD_FACE_QUALITY_OK = 0,
  PD_FACE_QUALITY_NO_FACE = 1 << 0,
  PD_FACE_QUALITY_SEVERAL_FACES = 1 << 1,
  PD_FACE_QUALITY_TOO_SMALL = 1 << 2,
  PD_FACE_QUALITY_TOO_DARK = 1 << 3,
  PD_FACE_QUALITY_TOO_BRIGHT = 1 << 4,
  PD_FACE_QUALITY_BLURRED = 1 << 5,
  PD_FACE_QUALITY_HEAD_TURNED = 1 << 6,
  PD_FACE_QUALITY_HEAD_TILTED = 1 << 7,
} PdFaceQualityFlags;

typedef struct {
  PdFaceQualityFlags flags;
  int face_index;        /* the subject (face nearest the centre), -1 if none */
  guint n_faces;
  float inter_eye_px;
  float brightness;      /* mean luma of the face box, 0..255 */
  float sharpness;       /* variance of the Laplacian on a 112 px face crop */
  float yaw_deg;         /* estimated from landmark symmetry */
  float roll_deg;        /* angle of the eye line */
} PdFaceQuality;

void pd_face_quality_assess (const PdFaceImage *image, const PdFaceFace *faces,
                             guint n_faces, PdFaceQuality *out);
/* Officer-readable reasons, one per set flag; NULL-terminated, free with g_strfreev. */
char **pd_face_quality_reasons (const PdFaceQuality *quality);
/* The stable codes of the set flags, in the order of the reasons. */
char **pd_face_quality_codes (const PdFaceQuality *quality);

/* ---- matching ---------------------------------------------------------- */

/* Euclidean distance between raw descriptors (face-api.js convention). */
float pd_face_distance (const float *a, const float *b);
/* Cosine similarity of the two descriptors, in [-1, 1]. */
float pd_face_similarity (const float *a, const float *b);
/* L2-normalises @in into @out (unit template). */
void pd_face_normalize (const float *in, float *out);

/* One row of the calibrated threshold table (pd-face-thresholds.inc, written
 * by bench/face-accuracy --calibrate; docs/face-engine.md, "Thresholds"). */
typedef struct {
  PdFaceDetector detector;      /* templates made with this detector ... */
  PdFaceChipMode chip;          /* ... and this chip mode */
  double         fmr;           /* target false-match rate */
  float          similarity;    /* accept when the cosine similarity >= this */
  guint64        above;         /* calibration impostor pairs at or above it */
  guint64        impostors;     /* calibration impostor pairs */
  double         fmr_low;       /* 95 % interval of the FMR there */
  double         fmr_high;
  double         heldout;       /* FMR cross-validated by identity (pooled over the folds) */
  double         heldout_low;   /* lowest and highest fold */
  double         heldout_high;
  double         fnmr;          /* calibration genuine pairs below it */
} PdFaceThreshold;

/* Default operating point for 1:1 verify and 1:N search. */
#define PD_FACE_DEFAULT_FMR 1e-3

const char *pd_face_thresholds_version (void);
const char *pd_face_thresholds_source (void);
const PdFaceThreshold *pd_face_thresholds (guint *n_rows);
/* The row of @detector and @chip whose FMR is the largest not above @fmr
 * (the strictest row when @fmr is below them all). */
const PdFaceThreshold *pd_face_threshold_for (PdFaceDetector detector, PdFaceChipMode chip, double fmr);

typedef struct {
  gboolean match;
  float similarity;
  float threshold;
} PdFaceVerdict;

/* 1:1 verify at the operating point @op (pd_face_threshold_for). */
void pd_face_verify (const float *a, const float *b, const PdFaceThreshold *op, PdFaceVerdict *out);

G_END_DECLS
