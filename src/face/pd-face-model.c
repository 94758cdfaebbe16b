/* pd-face-model.c: weight loading (face-api.js manifests), sha256 check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-model"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-face-private.h"

G_DEFINE_QUARK (pd-face-error-quark, pd_face_error)

/* Keep in sync with data/face-models.sha256 (a test compares the two). */
static const struct {
  const char *file;
  const char *sha256;
} model_sums[] = {
  { "face_landmark_68_model-weights_manifest.json",
    "ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9" },
  { "face_landmark_68_model.bin",
    "4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b" },
  { "face_recognition_model-weights_manifest.json",
    "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b" },
  { "face_recognition_model.bin",
    "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589" },
  { "ssd_mobilenetv1_model-weights_manifest.json",
    "888f744dffbc84f5f060d1f8427d9742341943a2dfaaf9205d10029b7e7a2955" },
  { "ssd_mobilenetv1_model.bin",
    "2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8" },
  { "tiny_face_detector_model-weights_manifest.json",
    "5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5" },
  { "tiny_face_detector_model.bin",
    "b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871" },
};

struct _PdFaceNet {
  char *name;
  GHashTable *weights; /* name -> PdWeight* */
  gsize bytes;
};

const char *
pd_face_model_sha256 (const char *basename)
{
  for (guint i = 0; i < G_N_ELEMENTS (model_sums); i++)
    if (g_str_equal (model_sums[i].file, basename))
      return model_sums[i].sha256;
  return NULL;
}

char *
pd_face_default_demo_dir (void)
{
  const char *env = g_getenv ("PORTDESK_FACE_DEMO_DIR");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_cache_dir (), "portdesk", "npm", "node_modules",
                           "@vladmandic", "face-api", "demo", NULL);
}

char *
pd_face_default_model_dir (const char *model_dir)
{
  const char *env;

  if (model_dir != NULL && model_dir[0] != '\0')
    return g_strdup (model_dir);
  env = g_getenv ("PORTDESK_MODEL_DIR");
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "portdesk", "models", NULL);
}

static gboolean
check_sha256 (const char *path, const guint8 *data, gsize len, const char *expected, GError **error)
{
  g_autofree char *got = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);

  if (g_ascii_strcasecmp (got, expected) != 0) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_CHECKSUM,
                 "face model file %s is not the expected one (sha256 %s, expected %s); "
                 "refusing to start: reinstall the models with .ci/fetch-weights",
                 path, got, expected);
    return FALSE;
  }
  return TRUE;
}

gboolean
pd_face_check_file_sha256 (const char *path, const char *expected_hex, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  return check_sha256 (path, (const guint8 *) data, len, expected_hex, error);
}

/* Reads a model file and checks it against the built-in table. */
static GBytes *
read_checked (const char *dir, const char *file, GError **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) local = NULL;
  const char *expected = pd_face_model_sha256 (file);
  char *data = NULL;
  gsize len = 0;

  if (expected == NULL) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                 "face model file %s is not one of the known model files", file);
    return NULL;
  }
  if (!g_file_get_contents (path, &data, &len, &local)) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_MISSING,
                 "face model file %s cannot be read (%s); install the models with "
                 ".ci/fetch-weights or set PORTDESK_MODEL_DIR",
                 path, local->message);
    return NULL;
  }
  if (!check_sha256 (path, (const guint8 *) data, len, expected, error)) {
    g_free (data);
    return NULL;
  }
  return g_bytes_new_take (data, len);
}

static void
weight_free (gpointer p)
{
  PdWeight *w = p;

  g_free (w->data);
  g_free (w);
}

void
pd_face_net_free (PdFaceNet *net)
{
  if (net == NULL)
    return;
  g_hash_table_unref (net->weights);
  g_free (net->name);
  g_free (net);
}

gsize
pd_face_net_bytes (const PdFaceNet *net)
{
  return net->bytes;
}

static gsize
dtype_size (const char *dtype)
{
  if (g_strcmp0 (dtype, "uint8") == 0)
    return 1;
  if (g_strcmp0 (dtype, "uint16") == 0 || g_strcmp0 (dtype, "float16") == 0)
    return 2;
  if (g_strcmp0 (dtype, "float32") == 0 || g_strcmp0 (dtype, "int32") == 0)
    return 4;
  return 0;
}

static gboolean
parse_group (PdFaceNet *net, const char *dir, JsonObject *group, GError **error)
{
  JsonArray *paths = json_object_get_array_member (group, "paths");
  JsonArray *weights = json_object_get_array_member (group, "weights");
  g_autoptr(GByteArray) blob = g_byte_array_new ();
  gsize off = 0;

  if (paths == NULL || weights == NULL) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                 "manifest of %s: a group has no paths or weights", net->name);
    return FALSE;
  }
  for (guint i = 0; i < json_array_get_length (paths); i++) {
    const char *file = json_array_get_string_element (paths, i);
    g_autoptr(GBytes) bytes = NULL;
    gsize len;
    const guint8 *p;

    if (file == NULL || strchr (file, '/') != NULL) {
      g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                   "manifest of %s: bad shard path", net->name);
      return FALSE;
    }
    bytes = read_checked (dir, file, error);
    if (bytes == NULL)
      return FALSE;
    p = g_bytes_get_data (bytes, &len);
    g_byte_array_append (blob, p, len);
  }

  for (guint i = 0; i < json_array_get_length (weights); i++) {
    JsonObject *wo = json_array_get_object_element (weights, i);
    const char *name = wo ? json_object_get_string_member_with_default (wo, "name", NULL) : NULL;
    const char *dtype = wo ? json_object_get_string_member_with_default (wo, "dtype", "float32") : NULL;
    JsonArray *shape = wo ? json_object_get_array_member (wo, "shape") : NULL;
    JsonObject *quant = wo && json_object_has_member (wo, "quantization") ?
      json_object_get_object_member (wo, "quantization") : NULL;
    const char *qtype = quant ? json_object_get_string_member_with_default (quant, "dtype", NULL) : NULL;
    g_autofree PdWeight *w = g_new0 (PdWeight, 1);
    gsize esize, nbytes;
    const guint8 *src;

    if (name == NULL || shape == NULL || json_array_get_length (shape) > 4) {
      g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                   "manifest of %s: weight %u malformed", net->name, i);
      return FALSE;
    }
    w->ndim = json_array_get_length (shape);
    w->n = 1;
    for (int d = 0; d < w->ndim; d++) {
      gint64 v = json_array_get_int_element (shape, d);
      if (v <= 0 || v > 1 << 24) {
        g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                     "manifest of %s: weight %s has a bad shape", net->name, name);
        return FALSE;
      }
      w->shape[d] = (int) v;
      w->n *= (gsize) v;
    }
    esize = dtype_size (qtype ? qtype : dtype);
    if (esize == 0 || (qtype != NULL && g_strcmp0 (qtype, "uint8") != 0 && g_strcmp0 (qtype, "uint16") != 0)) {
      g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                   "manifest of %s: weight %s has an unsupported dtype", net->name, name);
      return FALSE;
    }
    nbytes = esize * w->n;
    if (off + nbytes > blob->len) {
      g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                   "model %s: weights file too short for %s", net->name, name);
      return FALSE;
    }
    src = blob->data + off;
    off += nbytes;
    w->data = g_new (float, w->n);
    if (qtype != NULL) {
      double scale = json_object_get_double_member_with_default (quant, "scale", 1.0);
      double min = json_object_get_double_member_with_default (quant, "min", 0.0);
      for (gsize k = 0; k < w->n; k++) {
        guint q = esize == 1 ? src[k] : (guint) (src[2 * k] | (src[2 * k + 1] << 8));
        w->data[k] = (float) (q * scale + min);
      }
    } else if (g_strcmp0 (dtype, "float32") == 0) {
      memcpy (w->data, src, nbytes);
    } else if (g_strcmp0 (dtype, "int32") == 0) {
      for (gsize k = 0; k < w->n; k++) {
        gint32 v;
        memcpy (&v, src + 4 * k, 4);
        w->data[k] = (float) v;
      }
    } else {
      g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                   "manifest of %s: weight %s has an unsupported dtype %s", net->name, name, dtype);
      return FALSE;
    }
    net->bytes += w->n * sizeof (float);
    g_hash_table_replace (net->weights, g_strdup (name), g_steal_pointer (&w));
  }
  if (off != blob->len) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                 "model %s: %" G_GSIZE_FORMAT " unexpected bytes after the weights",
                 net->name, (gsize) (blob->len - off));
    return FALSE;
  }
  return TRUE;
}

PdFaceNet *
pd_face_net_load (const char *model_dir, const char *name, GError **error)
{
  g_autofree char *manifest = g_strdup_printf ("%s-weights_manifest.json", name);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PdFaceNet) net = g_new0 (PdFaceNet, 1);
  JsonNode *root;
  JsonArray *groups;
  gsize len;
  const char *data;

  net->name = g_strdup (name);
  net->weights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, weight_free);

  bytes = read_checked (model_dir, manifest, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (!json_parser_load_from_data (parser, data, len, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root)) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                 "%s: manifest is not an array", manifest);
    return NULL;
  }
  groups = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (groups); i++) {
    JsonObject *group = json_array_get_object_element (groups, i);
    if (group == NULL || !parse_group (net, model_dir, group, error))
      return NULL;
  }
  g_debug ("loaded %s: %u tensors, %" G_GSIZE_FORMAT " bytes", name,
           g_hash_table_size (net->weights), net->bytes);
  return g_steal_pointer (&net);
}

const PdWeight *
pd_face_net_get (const PdFaceNet *net, const char *name, GError **error)
{
  const PdWeight *w = g_hash_table_lookup (net->weights, name);

  if (w == NULL)
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_MODEL_FORMAT,
                 "model %s has no weight %s", net->name, name);
  return w;
}

const PdWeight *
pd_face_net_getf (const PdFaceNet *net, GError **error, const char *fmt, ...)
{
  g_autofree char *name = NULL;
  va_list ap;

  va_start (ap, fmt);
  name = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return pd_face_net_get (net, name, error);
}
