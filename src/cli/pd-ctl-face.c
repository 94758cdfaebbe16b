/* pd-ctl-face.c: `portdeskctl face detect|embed|compare|quality IMAGE...`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-ctl-face"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "pd-face-blas.h"
#include "pd-face-index.h"
#include "pd-ctl-face.h"
#include "pd-face.h"
#include "pd-json.h"

typedef struct {
  PdFaceEngine *engine;
  PdFaceDetector detector;
  PdFaceChipMode chip;
  double fmr;
} Ctx;

static void
add_box (JsonBuilder *b, const PdFaceBox *box)
{
  json_builder_set_member_name (b, "score");
  json_builder_add_double_value (b, box->score);
  json_builder_set_member_name (b, "box");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "x");
  json_builder_add_double_value (b, box->x);
  json_builder_set_member_name (b, "y");
  json_builder_add_double_value (b, box->y);
  json_builder_set_member_name (b, "width");
  json_builder_add_double_value (b, box->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_double_value (b, box->height);
  json_builder_end_object (b);
}

static void
add_landmarks (JsonBuilder *b, const float lm[PD_FACE_N_LANDMARKS][2])
{
  json_builder_set_member_name (b, "landmarks");
  json_builder_begin_array (b);
  for (int i = 0; i < PD_FACE_N_LANDMARKS; i++) {
    json_builder_begin_array (b);
    json_builder_add_double_value (b, lm[i][0]);
    json_builder_add_double_value (b, lm[i][1]);
    json_builder_end_array (b);
  }
  json_builder_end_array (b);
}

static void
add_descriptor (JsonBuilder *b, const float *d)
{
  json_builder_set_member_name (b, "descriptor");
  json_builder_begin_array (b);
  for (int i = 0; i < PD_FACE_DESCRIPTOR_DIM; i++)
    json_builder_add_double_value (b, d[i]);
  json_builder_end_array (b);
}

static void
add_quality (JsonBuilder *b, const PdFaceQuality *q)
{
  g_auto(GStrv) reasons = pd_face_quality_reasons (q);
  g_auto(GStrv) codes = pd_face_quality_codes (q);

  json_builder_set_member_name (b, "quality");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, q->flags == PD_FACE_QUALITY_OK);
  json_builder_set_member_name (b, "subject");
  json_builder_add_int_value (b, q->face_index);
  json_builder_set_member_name (b, "faces");
  json_builder_add_int_value (b, q->n_faces);
  json_builder_set_member_name (b, "codes");
  json_builder_begin_array (b);
  for (guint i = 0; codes[i] != NULL; i++)
    json_builder_add_string_value (b, codes[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint i = 0; reasons[i] != NULL; i++)
    json_builder_add_string_value (b, reasons[i]);
  json_builder_end_array (b);
  if (q->face_index >= 0) {
    json_builder_set_member_name (b, "inter_eye_px");
    json_builder_add_double_value (b, q->inter_eye_px);
    json_builder_set_member_name (b, "brightness");
    json_builder_add_double_value (b, q->brightness);
    json_builder_set_member_name (b, "sharpness");
    json_builder_add_double_value (b, q->sharpness);
    json_builder_set_member_name (b, "yaw_deg");
    json_builder_add_double_value (b, q->yaw_deg);
    json_builder_set_member_name (b, "roll_deg");
    json_builder_add_double_value (b, q->roll_deg);
  }
  json_builder_end_object (b);
}

static const char *
detector_name (PdFaceDetector d)
{
  return d == PD_FACE_DETECTOR_SSD ? "ssd" : "tiny";
}

static const char *
chip_name (PdFaceChipMode c)
{
  return c == PD_FACE_CHIP_ALIGNED ? "aligned" : "faceapi";
}

static void
begin_result (JsonBuilder *b, const char *file, const PdFaceImage *img)
{
  g_autofree char *base = g_path_get_basename (file);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, base);
  if (img != NULL) {
    json_builder_set_member_name (b, "width");
    json_builder_add_int_value (b, img->width);
    json_builder_set_member_name (b, "height");
    json_builder_add_int_value (b, img->height);
  }
}

static void
add_error (JsonBuilder *b, const GError *error)
{
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error->message);
}

/* One image: returns FALSE (and writes "error") if it could not be processed. */
static gboolean
run_one (const Ctx *ctx, const char *cmd, const char *file, JsonBuilder *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceImage) img = pd_face_image_new_from_file (file, &error);

  begin_result (b, file, img);
  if (img == NULL) {
    add_error (b, error);
    json_builder_end_object (b);
    return FALSE;
  }
  if (g_str_equal (cmd, "detect")) {
    g_autoptr(GArray) boxes = pd_face_detect (ctx->engine, img, ctx->detector, -1, &error);
    if (boxes == NULL) {
      add_error (b, error);
      json_builder_end_object (b);
      return FALSE;
    }
    json_builder_set_member_name (b, "faces");
    json_builder_begin_array (b);
    for (guint i = 0; i < boxes->len; i++) {
      json_builder_begin_object (b);
      add_box (b, &g_array_index (boxes, PdFaceBox, i));
      json_builder_end_object (b);
    }
    json_builder_end_array (b);
  } else if (g_str_equal (cmd, "landmarks")) {
    float lm[PD_FACE_N_LANDMARKS][2];
    pd_face_landmarks_of_crop (ctx->engine, img, lm);
    add_landmarks (b, lm);
  } else if (g_str_equal (cmd, "descriptor")) {
    float d[PD_FACE_DESCRIPTOR_DIM];
    pd_face_descriptor_of_chip (ctx->engine, img, d);
    add_descriptor (b, d);
  } else {
    /* embed, quality */
    g_autoptr(GArray) faces = pd_face_analyze (ctx->engine, img, ctx->detector, ctx->chip, &error);
    PdFaceQuality q;
    if (faces == NULL) {
      add_error (b, error);
      json_builder_end_object (b);
      return FALSE;
    }
    pd_face_quality_assess (img, (const PdFaceFace *) faces->data, faces->len, &q);
    add_quality (b, &q);
    if (g_str_equal (cmd, "embed")) {
      json_builder_set_member_name (b, "faces");
      json_builder_begin_array (b);
      for (guint i = 0; i < faces->len; i++) {
        const PdFaceFace *f = &g_array_index (faces, PdFaceFace, i);
        json_builder_begin_object (b);
        add_box (b, &f->box);
        add_landmarks (b, f->landmarks);
        add_descriptor (b, f->descriptor);
        json_builder_end_object (b);
      }
      json_builder_end_array (b);
    }
  }
  json_builder_end_object (b);
  return TRUE;
}

/* The subject's descriptor of @file (face nearest the centre). */
static gboolean
subject_descriptor (const Ctx *ctx, const char *file, float out[PD_FACE_DESCRIPTOR_DIM],
                    PdFaceQuality *q, GError **error)
{
  g_autoptr(PdFaceImage) img = pd_face_image_new_from_file (file, error);
  g_autoptr(GArray) faces = NULL;

  if (img == NULL)
    return FALSE;
  faces = pd_face_analyze (ctx->engine, img, ctx->detector, ctx->chip, error);
  if (faces == NULL)
    return FALSE;
  pd_face_quality_assess (img, (const PdFaceFace *) faces->data, faces->len, q);
  if (q->face_index < 0) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_NO_FACE, "no face found in %s", file);
    return FALSE;
  }
  memcpy (out, g_array_index (faces, PdFaceFace, q->face_index).descriptor,
          sizeof (float) * PD_FACE_DESCRIPTOR_DIM);
  return TRUE;
}

/* "@name": [@low, @high] */
static void
add_range (JsonBuilder *b, const char *name, double low, double high)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  json_builder_add_double_value (b, low);
  json_builder_add_double_value (b, high);
  json_builder_end_array (b);
}

/* `face thresholds [--json]`: the table in use, every row with how it was
 * derived (no engine needed). */
static int
run_thresholds (gboolean as_json)
{
  guint n;
  const PdFaceThreshold *rows = pd_face_thresholds (&n);
  const PdFaceThreshold *def = pd_face_threshold_for (PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_DEFAULT,
                                                      PD_FACE_DEFAULT_FMR);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (!as_json) {
    g_print ("Thresholds %s\n%s.\nDecisions: SSD detector, %s chip, target FMR %g (cosine >= %.4f) unless a "
             "flow asks for another.\n\n", pd_face_thresholds_version (), pd_face_thresholds_source (),
             chip_name (PD_FACE_CHIP_DEFAULT), PD_FACE_DEFAULT_FMR, def->similarity);
    g_print ("%-5s %-8s %7s %9s %20s %19s %9s %19s %7s\n", "det", "chip", "FMR", "cosine>=", "impostors at/above",
             "95% interval", "held-out", "(folds)", "FNMR");
    for (guint i = 0; i < n; i++) {
      const PdFaceThreshold *t = &rows[i];
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT, t->above,
                                                t->impostors);
      g_print ("%-5s %-8s %7g %9.4f %20s %9.2e-%-9.2e %9.2e %9.2e-%-9.2e %6.2f%%%s\n", detector_name (t->detector),
               chip_name (t->chip), t->fmr, t->similarity, count, t->fmr_low, t->fmr_high, t->heldout,
               t->heldout_low, t->heldout_high, 100 * t->fnmr, t == def ? "  (default)" : "");
    }
    return 0;
  }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, pd_face_thresholds_version ());
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, pd_face_thresholds_source ());
  json_builder_set_member_name (b, "default_fmr");
  json_builder_add_double_value (b, PD_FACE_DEFAULT_FMR);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++) {
    const PdFaceThreshold *t = &rows[i];
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "detector");
    json_builder_add_string_value (b, detector_name (t->detector));
    json_builder_set_member_name (b, "chip");
    json_builder_add_string_value (b, chip_name (t->chip));
    json_builder_set_member_name (b, "target_fmr");
    json_builder_add_double_value (b, t->fmr);
    json_builder_set_member_name (b, "similarity");
    json_builder_add_double_value (b, round (t->similarity * 1e6) / 1e6);   /* the table's digits */
    json_builder_set_member_name (b, "derived");
    json_builder_add_string_value (b, "empirical quantile of every calibration impostor score; held-out FMR cross-validated by identity");
    json_builder_set_member_name (b, "impostors_at_or_above");
    json_builder_add_int_value (b, (gint64) t->above);
    json_builder_set_member_name (b, "impostors");
    json_builder_add_int_value (b, (gint64) t->impostors);
    add_range (b, "fmr_interval_95", t->fmr_low, t->fmr_high);
    json_builder_set_member_name (b, "heldout_fmr");
    json_builder_add_double_value (b, t->heldout);
    add_range (b, "heldout_fmr_folds", t->heldout_low, t->heldout_high);
    json_builder_set_member_name (b, "fnmr");
    json_builder_add_double_value (b, t->fnmr);
    json_builder_set_member_name (b, "default");
    json_builder_add_boolean_value (b, t == def);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = pd_json_to_string (root, TRUE);
  g_print ("%s\n", text);
  return 0;
}

static int
run_compare (const Ctx *ctx, char **files, JsonBuilder *b)
{
  float da[PD_FACE_DESCRIPTOR_DIM], db[PD_FACE_DESCRIPTOR_DIM];
  PdFaceQuality qa, qb;
  PdFaceVerdict v;
  g_autoptr(GError) error = NULL;

  if (!subject_descriptor (ctx, files[0], da, &qa, &error) ||
      !subject_descriptor (ctx, files[1], db, &qb, &error)) {
    add_error (b, error);
    return 1;
  }
  pd_face_verify (da, db, pd_face_threshold_for (ctx->detector, ctx->chip, ctx->fmr), &v);
  json_builder_set_member_name (b, "match");
  json_builder_add_boolean_value (b, v.match);
  json_builder_set_member_name (b, "similarity");
  json_builder_add_double_value (b, v.similarity);
  json_builder_set_member_name (b, "threshold");
  json_builder_add_double_value (b, v.threshold);
  json_builder_set_member_name (b, "target_fmr");
  json_builder_add_double_value (b, ctx->fmr);
  json_builder_set_member_name (b, "thresholds_version");
  json_builder_add_string_value (b, pd_face_thresholds_version ());
  json_builder_set_member_name (b, "distance");
  json_builder_add_double_value (b, pd_face_distance (da, db));
  return 0;
}

int
pd_ctl_face_main (int argc, char **argv)
{
  g_autofree char *detector = NULL;
  g_autofree char *chip = NULL;
  g_autofree char *model_dir = NULL;
  double fmr = PD_FACE_DEFAULT_FMR;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "detector", 'd', 0, G_OPTION_ARG_STRING, &detector, "Face detector: tiny or ssd (default ssd)", "NAME" },
    { "chip", 'c', 0, G_OPTION_ARG_STRING, &chip, "Chip mode: aligned (default) or faceapi", "MODE" },
    { "model-dir", 'm', 0, G_OPTION_ARG_FILENAME, &model_dir, "Directory of the face models", "DIR" },
    { "fmr", 0, 0, G_OPTION_ARG_DOUBLE, &fmr, "Target false-match rate for compare (default 0.001)", "RATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "thresholds: print JSON", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) oc = g_option_context_new ("COMMAND IMAGE...");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const char *cmd;
  Ctx ctx = { NULL, PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_DEFAULT, 0 };
  int status = 0;

  g_option_context_set_summary (oc, "portdeskctl face COMMAND [OPTION…] IMAGE...\n\n"
                                "Runs the face engine locally (no service needed) and prints JSON.\n\n"
                                "  detect      face boxes and scores\n"
                                "  embed       boxes, 68 landmarks, 128-d descriptors, quality\n"
                                "  compare     1:1 verify of the subjects of two images\n"
                                "  quality     capture quality of the subject, with reasons\n"
                                "  landmarks   landmark net on images taken as face crops\n"
                                "  descriptor  recognition net on images taken as chips\n"
                                "  kernel      the BLAS and 1:N kernels in use (no image)\n"
                                "  thresholds  the calibrated threshold table in use (no image; --json)");
  g_option_context_add_main_entries (oc, entries, NULL);
  if (!g_option_context_parse (oc, &argc, &argv, &error)) {
    g_printerr ("portdeskctl face: %s\n", error->message);
    return 2;
  }
  if (argc == 2 && g_str_equal (argv[1], "kernel")) {
    g_print ("{\n  \"blas\" : \"%s\",\n  \"index\" : \"%s\"\n}\n", pd_face_blas_kernel (),
             pd_face_index_kernel_name ());
    return 0;
  }
  if (argc == 2 && g_str_equal (argv[1], "thresholds"))
    return run_thresholds (as_json);
  if (argc < 3) {
    g_autofree char *help = g_option_context_get_help (oc, TRUE, NULL);
    g_printerr ("%s", help);
    return 2;
  }
  cmd = argv[1];
  if (!g_strv_contains ((const char *const[]) { "detect", "embed", "compare", "quality",
                                                "landmarks", "descriptor", NULL }, cmd)) {
    g_printerr ("portdeskctl face: unknown command %s\n", cmd);
    return 2;
  }
  if (detector == NULL || g_str_equal (detector, "ssd"))
    ctx.detector = PD_FACE_DETECTOR_SSD;
  else if (g_str_equal (detector, "tiny"))
    ctx.detector = PD_FACE_DETECTOR_TINY;
  else {
    g_printerr ("portdeskctl face: unknown detector %s (tiny or ssd)\n", detector);
    return 2;
  }
  if (chip == NULL)
    ctx.chip = PD_FACE_CHIP_DEFAULT;
  else if (g_str_equal (chip, "faceapi"))
    ctx.chip = PD_FACE_CHIP_FACEAPI;
  else if (g_str_equal (chip, "aligned"))
    ctx.chip = PD_FACE_CHIP_ALIGNED;
  else {
    g_printerr ("portdeskctl face: unknown chip mode %s (faceapi or aligned)\n", chip);
    return 2;
  }
  if (!(fmr > 0 && fmr < 1)) {
    g_printerr ("portdeskctl face: --fmr must be between 0 and 1\n");
    return 2;
  }
  ctx.fmr = fmr;
  if (g_str_equal (cmd, "compare") && argc != 4) {
    g_printerr ("portdeskctl face compare: needs exactly two images\n");
    return 2;
  }

  ctx.engine = pd_face_engine_new (model_dir, &error);
  if (ctx.engine == NULL) {
    g_printerr ("portdeskctl face: %s\n", error->message);
    return 1;
  }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, cmd);
  json_builder_set_member_name (b, "detector");
  json_builder_add_string_value (b, detector_name (ctx.detector));
  json_builder_set_member_name (b, "chip");
  json_builder_add_string_value (b, chip_name (ctx.chip));
  if (g_str_equal (cmd, "compare")) {
    status = run_compare (&ctx, argv + 2, b);
  } else {
    json_builder_set_member_name (b, "results");
    json_builder_begin_array (b);
    for (int i = 2; i < argc; i++)
      if (!run_one (&ctx, cmd, argv[i], b))
        status = 1;
    json_builder_end_array (b);
  }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = pd_json_to_string (root, TRUE);
  g_print ("%s\n", text);
  pd_face_engine_unref (ctx.engine);
  return status;
}
