/* test-face-service.c: the face engine inside a running portdeskd
 *
 * Enrolment and 1:N search over the API, against the local engine's own
 * answer for the same photos: the right subject at the same similarity, no
 * match for a stranger, "not usable" with reasons, clear refusals that
 * change nothing, the decision audited with the thresholds' version,
 * galleries back after a restart without any photo, and no photo in the
 * database, its WAL or the data directory.  Photos: crops of the faces in
 * the npm package's demo pictures, made here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "face-test-util.h"
#include "pd-engine-face.h"
#include "pd-error.h"
#include "pd-test-daemon.h"
#include "pd-test-postgres.h"

typedef struct {
  char        *subject;
  GBytes      *enroll;     /* PNG: the face with a margin */
  GBytes      *probe;      /* PNG: the same face at half the size, another crop */
  float        tmpl[PD_FACE_DESCRIPTOR_DIM];   /* the local engine's template of the probe */
  float        glance[PD_FACE_DESCRIPTOR_DIM]; /* the same at a glance (two views) */
  float        enrolled[PD_FACE_DESCRIPTOR_DIM];
} Face;

static void
face_clear (Face *f)
{
  g_free (f->subject);
  g_bytes_unref (f->enroll);
  g_bytes_unref (f->probe);
}

/* @img's pixels in [x, x+w) x [y, y+h), clamped, scaled down by @div. */
static PdFaceImage *
crop (const PdFaceImage *img, int x, int y, int w, int h, guint div)
{
  int x0 = CLAMP (x, 0, (int) img->width - 1), y0 = CLAMP (y, 0, (int) img->height - 1);
  guint cw = (guint) (MIN (x + w, (int) img->width) - x0) / div;
  guint ch = (guint) (MIN (y + h, (int) img->height) - y0) / div;
  PdFaceImage *out = pd_face_image_new (cw, ch);

  for (guint r = 0; r < ch; r++)
    for (guint c = 0; c < cw; c++)
      for (guint k = 0; k < 3; k++)
        {
          guint sum = 0;
          for (guint dy = 0; dy < div; dy++)
            for (guint dx = 0; dx < div; dx++)
              sum += img->rgb[((gsize) (y0 + r * div + dy) * img->width + x0 + c * div + dx) * 3 + k];
          out->rgb[((gsize) r * cw + c) * 3 + k] = (guint8) (sum / (div * div));
        }
  return out;
}

static GBytes *
png_of (const PdFaceImage *img, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_assert_true (pd_face_image_save_png (img, path, &error));
  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  return g_bytes_new_take (data, len);
}

/* The local engine's template of the subject of @png, as the service makes
 * it: located by @detector (SSD for a template kept, quick for a search
 * capture; a capture is searched with it when it finds a usable face),
 * from @views views of its chip; its quality flags, -1 when no face. */
static gint
local_template (PdFaceEngine *engine, GBytes *png, PdFaceDetector detector, guint views, float *out)
{
  g_autoptr(PdFaceImage) img = pd_face_image_new_from_bytes (png, NULL);
  g_autoptr(GArray) faces = pd_face_analyze_subject (engine, img, detector, PD_FACE_CHIP_DEFAULT, views, NULL);
  PdFaceQuality q;

  pd_face_quality_assess (img, (const PdFaceFace *) faces->data, faces->len, &q);
  if (q.face_index < 0)
    return -1;
  pd_face_normalize (g_array_index (faces, PdFaceFace, q.face_index).descriptor, out);
  return (gint) q.flags;
}

/* @client's POST of @body to @path is refused with @code: its message */
static char *
refused (PdClient *client, const char *path, const char *type, GBytes *body, gint code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_client_call_bytes (client, "POST", path, type, body, &error);

  g_assert_null (reply);
  g_assert_error (error, PD_ERROR, code);
  return g_strdup (error->message);
}

/* @photo searched in watchlist:test at the target FMR @fmr (0: the default) */
static JsonObject *
search_at (PdClient *client, GBytes *photo, double fmr, JsonNode **keep)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fmr > 0 ? g_strdup_printf ("/v1/face/galleries/watchlist:test/search?k=3&fmr=%g", fmr)
                                  : g_strdup ("/v1/face/galleries/watchlist:test/search?k=3");

  *keep = pd_client_call_bytes (client, "POST", path, "image/png", photo, &error);
  g_assert_no_error (error);
  return json_node_get_object (*keep);
}

static JsonObject *
search (PdClient *client, GBytes *photo, JsonNode **keep)
{
  return search_at (client, photo, 0, keep);
}

/* Whether the quality codes of the search answer @o name @code. */
static gboolean
has_code (JsonObject *o, const char *code)
{
  JsonArray *codes = json_object_get_array_member (json_object_get_object_member (o, "quality"), "codes");

  for (guint i = 0; i < json_array_get_length (codes); i++)
    if (g_strcmp0 (json_array_get_string_element (codes, i), code) == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  PdTestDaemon *d;
  Face         *face;
  gint          ok;
} Job;

static gpointer
search_thread (gpointer data)
{
  Job *job = data;
  g_autoptr(PdClient) client = pd_test_login (job->d, "tsa.kim", NULL, TRUE);

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) keep = NULL;
      JsonObject *o = search (client, job->face->probe, &keep);
      JsonArray *hits = json_object_get_array_member (o, "hits");

      if (json_array_get_length (hits) > 0 &&
          g_strcmp0 (json_object_get_string_member (json_array_get_object_element (hits, 0), "subject"),
                     job->face->subject) == 0)
        g_atomic_int_inc (&job->ok);
    }
  return NULL;
}

/* Every usable face of the demo pictures, as an enrolment photo and a
 * probe (files in @tmp); the first picture whole in @out_group; in
 * @turned the first face whose probe has a head turned by quick's
 * landmarks and by SSD's (and no other flaw), whose enrolment photo has
 * none (its tmpl: SSD's glance). */
static GArray *
demo_faces (PdFaceEngine  *engine,
            const char    *tmp,
            GBytes       **out_group,
            Face          *turned)
{
  g_autoptr(GArray) faces = g_array_new (FALSE, TRUE, sizeof (Face));
  g_autoptr(GError) error = NULL;

  for (int s = 1; s <= 6; s++)
    {
      g_autofree char *name = g_strdup_printf ("sample%d.jpg", s);
      g_autoptr(PdFaceImage) img = face_test_demo_image (name);
      g_autoptr(GArray) boxes = NULL;

      if (img == NULL)
        return NULL;
      if (s == 1 && out_group != NULL)
        *out_group = png_of (img, tmp, "group.png");
      boxes = pd_face_detect (engine, img, PD_FACE_DETECTOR_SSD, -1, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < boxes->len; i++)
        {
          const PdFaceBox *b = &g_array_index (boxes, PdFaceBox, i);
          g_autoptr(PdFaceImage) e = crop (img, b->x - 0.4 * b->width, b->y - 0.4 * b->height, 1.8 * b->width,
                                           1.8 * b->height, 1);
          g_autoptr(PdFaceImage) p = crop (img, b->x - 0.5 * b->width, b->y - 0.45 * b->height, 2 * b->width,
                                           1.9 * b->height, 2);
          g_autofree char *ename = g_strdup_printf ("e%d-%u.png", s, i), *pname = g_strdup_printf ("p%d-%u.png", s, i);
          Face f = { g_strdup_printf ("S%d-%u", s, i), png_of (e, tmp, ename), png_of (p, tmp, pname) };

          gint glance = local_template (engine, f.probe, PD_FACE_DETECTOR_QUICK, PD_FACE_VIEWS_GLANCE, f.glance);

          if (glance == 0 && local_template (engine, f.probe, PD_FACE_DETECTOR_QUICK, PD_FACE_VIEWS_ALL, f.tmpl) == 0 &&
              local_template (engine, f.enroll, PD_FACE_DETECTOR_SSD, PD_FACE_VIEWS_ALL, f.enrolled) == 0)
            g_array_append_val (faces, f);
          else if (turned != NULL && turned->subject == NULL && glance == PD_FACE_QUALITY_HEAD_TURNED &&
                   local_template (engine, f.probe, PD_FACE_DETECTOR_SSD, PD_FACE_VIEWS_GLANCE, f.tmpl) ==
                     PD_FACE_QUALITY_HEAD_TURNED &&
                   local_template (engine, f.enroll, PD_FACE_DETECTOR_SSD, PD_FACE_VIEWS_ALL, f.enrolled) == 0)
            *turned = f;
          else
            face_clear (&f);
        }
    }
  return g_steal_pointer (&faces);
}

static void
test_face_service (void)
{
  PdFaceEngine *engine = face_test_engine ();
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL, officer = NULL, tsa = NULL;
  g_autoptr(GArray) faces = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *tmp = NULL, *db = NULL, *sql = NULL;
  g_autoptr(GBytes) stranger = NULL, blank = NULL, group = NULL;
  g_autofree char *dir = pd_face_default_demo_dir ();
  const PdFaceThreshold *op = pd_face_threshold_for (PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_DEFAULT, PD_FACE_DEFAULT_FMR);
  guint enrolled = 0, matched = 0;
  gboolean have_stranger = FALSE;
  Face turned = { NULL };
  JsonObject *o;

  if (engine == NULL)
    return;
  tmp = g_dir_make_tmp ("face-service-XXXXXX", &error);
  g_assert_no_error (error);

  /* every face of the demo pictures, as an enrolment photo and a probe */
  faces = demo_faces (engine, tmp, &group, &turned);
  if (faces == NULL)
    return;
  g_test_message ("%u usable faces in the demo pictures", faces->len);
  g_assert_cmpuint (faces->len, >=, 4);

  /* (restarted below without --demo: its officers sign in with a password alone) */
  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, "[portdeskd]\ntwo_factor_roles=\n");
  db = pd_test_daemon_db_path (d);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  officer = pd_test_login (d, "officer.ray", NULL, TRUE);
  tsa = pd_test_login (d, "tsa.kim", NULL, TRUE);

  /* the stranger: the face least like all the others (moved last, not
   * enrolled); with a margin, so that no rounding decides the test */
  {
    guint pick = 0;
    float pick_best = 2;

    for (guint c = 0; c < faces->len; c++)
      {
        float best = -1;
        for (guint j = 0; j < faces->len; j++)
          if (j != c)
            best = MAX (best, pd_face_similarity (g_array_index (faces, Face, c).tmpl,
                                                  g_array_index (faces, Face, j).enrolled));
        if (best < pick_best)
          {
            pick = c;
            pick_best = best;
          }
      }
    if (pick != faces->len - 1)
      {
        Face t = g_array_index (faces, Face, pick);
        g_array_index (faces, Face, pick) = g_array_index (faces, Face, faces->len - 1);
        g_array_index (faces, Face, faces->len - 1) = t;
      }
    have_stranger = pick_best < op->similarity - 0.005f;
    g_test_message ("the stranger's best similarity to the gallery: %.4f (threshold %.4f)", pick_best, op->similarity);
  }

  /* enrol all but the stranger */
  for (guint i = 0; i + 1 < faces->len; i++)
    {
      Face *f = &g_array_index (faces, Face, i);
      g_autofree char *path = g_strdup_printf ("/v1/face/galleries/watchlist:test/subjects/%s", f->subject);
      g_autoptr(JsonNode) reply = pd_client_call_bytes (admin, "POST", path, "image/png", f->enroll, &error);

      g_assert_no_error (error);
      enrolled++;
    }
  stranger = g_bytes_ref (g_array_index (faces, Face, faces->len - 1).probe);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM face_templates WHERE gallery = 'watchlist:test'"), ==,
                   enrolled);

  /* each enrolled face found as itself, at the similarity the local engine
   * computes at a glance (far from the threshold: the same pixels) */
  for (guint i = 0; i < enrolled; i++)
    {
      Face *f = &g_array_index (faces, Face, i);
      g_autoptr(JsonNode) keep = NULL;
      JsonObject *res = search (i % 2 ? officer : tsa, f->probe, &keep);
      JsonObject *hit;
      double local = pd_face_similarity (f->glance, f->enrolled);

      g_assert_true (json_object_get_boolean_member (res, "usable"));
      g_assert_cmpfloat (json_object_get_double_member (res, "threshold"), ==, op->similarity);
      g_assert_cmpstr (json_object_get_string_member (res, "thresholds_version"), ==, pd_face_thresholds_version ());
      if (fabs (local - op->similarity) < PD_ENGINE_FACE_GLANCE_MARGIN)
        continue;                                   /* looked at again: below */
      if (local < op->similarity)
        {
          g_test_message ("%s: local similarity %.4f below the threshold", f->subject, local);
          continue;
        }
      g_assert_true (json_object_get_boolean_member (res, "match"));
      hit = json_array_get_object_element (json_object_get_array_member (res, "hits"), 0);
      g_assert_cmpstr (json_object_get_string_member (hit, "subject"), ==, f->subject);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (hit, "similarity"), local, 1e-4);
      matched++;
    }
  g_test_message ("%u of %u enrolled faces found as themselves", matched, enrolled);
  g_assert_cmpuint (matched, >=, enrolled / 2);

  /* a capture whose glance is near the threshold is looked at again: the
   * first face's probe blended with more and more of another face until
   * its glance scores within the margin above the threshold; the service's
   * similarity is then the one from all the views */
  {
    Face *f = &g_array_index (faces, Face, 0);
    g_autoptr(PdFaceImage) a = pd_face_image_new_from_bytes (f->probe, NULL);
    g_autoptr(PdFaceImage) b = pd_face_image_new_from_bytes (g_array_index (faces, Face, faces->len - 1).probe, NULL);
    gboolean tried = FALSE;

    /* (a few steps: under the sanitizers an analysis takes seconds) */
    for (guint percent = 20; percent <= 60 && !tried; percent += 2)
      {
        g_autoptr(PdFaceImage) blend = pd_face_image_new (a->width, a->height);
        g_autoptr(GBytes) png = NULL;
        g_autoptr(JsonNode) keep = NULL;
        float glance_tmpl[PD_FACE_DESCRIPTOR_DIM], all_tmpl[PD_FACE_DESCRIPTOR_DIM];
        double glance, all;
        JsonObject *hit;

        for (guint y = 0; y < a->height; y++)
          for (guint x = 0; x < a->width; x++)
            for (guint k = 0; k < 3; k++)
              {
                gsize at = ((gsize) y * a->width + x) * 3 + k;
                guint8 other = b->rgb[((gsize) (y * b->height / a->height) * b->width + x * b->width / a->width) * 3 + k];

                blend->rgb[at] = (guint8) ((a->rgb[at] * (100 - percent) + other * percent) / 100);
              }
        png = png_of (blend, tmp, "blend.png");
        if (local_template (engine, png, PD_FACE_DETECTOR_QUICK, PD_FACE_VIEWS_GLANCE, glance_tmpl) != 0 ||
            fabs ((glance = pd_face_similarity (glance_tmpl, f->enrolled)) - op->similarity) >=
              PD_ENGINE_FACE_GLANCE_MARGIN ||
            local_template (engine, png, PD_FACE_DETECTOR_QUICK, PD_FACE_VIEWS_ALL, all_tmpl) != 0)
          continue;
        all = pd_face_similarity (all_tmpl, f->enrolled);
        /* near enough to be looked at again, a match either way, and the
         * two scores told apart */
        if (MIN (glance, all) < op->similarity + 1e-3 || fabs (all - glance) < 1e-3)
          continue;
        g_test_message ("%u %% of another face: glance %.4f, all views %.4f, threshold %.4f", percent, glance, all,
                        op->similarity);
        hit = json_array_get_object_element (json_object_get_array_member (search (officer, png, &keep), "hits"), 0);
        g_assert_cmpstr (json_object_get_string_member (hit, "subject"), ==, f->subject);
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (hit, "similarity"), all, 1e-4);
        tried = TRUE;
      }
    g_assert_true (tried);
  }

  /* a head turned by quick's landmarks and by SSD's: taken when its glance
   * matches clearly (with the reason noted), not usable when it does not */
  {
    g_autofree char *path = g_strdup_printf ("/v1/face/galleries/watchlist:test/subjects/%s", turned.subject);
    double local = pd_face_similarity (turned.glance, turned.enrolled);
    g_autoptr(JsonNode) keep = NULL, again = NULL;
    JsonObject *hit;

    g_assert_nonnull (turned.subject);
    g_assert_cmpfloat (local, >=, op->similarity + PD_ENGINE_FACE_GLANCE_MARGIN);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call_bytes (admin, "POST", path, "image/png", turned.enroll, &error);
    g_assert_no_error (error);
    o = search (officer, turned.probe, &keep);
    g_assert_true (json_object_get_boolean_member (o, "usable"));
    g_assert_true (json_object_get_boolean_member (o, "match"));
    g_assert_true (has_code (o, "head-turned"));
    hit = json_array_get_object_element (json_object_get_array_member (o, "hits"), 0);
    g_assert_cmpstr (json_object_get_string_member (hit, "subject"), ==, turned.subject);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (hit, "similarity"), local, 1e-4);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call (admin, "DELETE", path, NULL, &error);
    g_assert_no_error (error);
    o = search (officer, turned.probe, &again);
    g_assert_false (json_object_get_boolean_member (o, "usable"));
    g_assert_true (has_code (o, "head-turned"));
    face_clear (&turned);
  }

  /* a stranger: no match, never "the closest person" */
  if (have_stranger)
    {
      g_autoptr(JsonNode) keep = NULL;
      o = search (officer, stranger, &keep);
      g_assert_true (json_object_get_boolean_member (o, "usable"));
      g_assert_false (json_object_get_boolean_member (o, "match"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "hits")), ==, 0);
    }

  /* not usable: a blank picture, with the reason */
  {
    g_autoptr(PdFaceImage) grey = pd_face_image_new (320, 240);
    g_autoptr(JsonNode) keep = NULL;
    JsonArray *codes;

    memset (grey->rgb, 128, (gsize) 320 * 240 * 3);
    blank = png_of (grey, tmp, "blank.png");
    o = search (officer, blank, &keep);
    g_assert_false (json_object_get_boolean_member (o, "usable"));
    g_assert_false (json_object_get_boolean_member (o, "match"));
    codes = json_object_get_array_member (json_object_get_object_member (o, "quality"), "codes");
    g_assert_cmpstr (json_array_get_string_element (codes, 0), ==, "no-face");
  }

  /* the decision audited with its operating point */
  sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'face.search' AND object = 'watchlist:test' "
                         "AND outcome = 'match' AND params LIKE '%%\"thresholds_version\":\"%s\"%%' "
                         "AND params LIKE '%%\"target_fmr\":\"0.001\"%%'", pd_face_thresholds_version ());
  g_assert_cmpint (pd_test_db_int (db, sql), >=, 1);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'face.search' "
                                       "AND outcome = 'not-usable' AND params LIKE '%no-face%'"), ==, 1);

  /* refusals: clear, and nothing changes */
  {
    const char *search_path = "/v1/face/galleries/watchlist:test/search";
    g_autoptr(GBytes) junk = g_bytes_new_static ("GIF89a not a photo", 18);
    gint64 before = pd_test_db_int (db, "SELECT count(*) FROM face_templates");
    g_autofree char *not_photo = refused (officer, search_path, "image/png", junk, PD_ERROR_INVALID);
    g_autofree char *group_msg = NULL;

    g_assert_nonnull (strstr (not_photo, "not a JPEG or PNG"));
    g_free (refused (officer, search_path, "text/plain", blank, PD_ERROR_UNSUPPORTED_MEDIA));
    g_free (refused (officer, "/v1/face/galleries/nobody/search", "image/png", g_array_index (faces, Face, 0).probe,
                     PD_ERROR_NOT_FOUND));
    g_free (refused (officer, "/v1/face/galleries/watchlist:test/search?fmr=2", "image/png", blank, PD_ERROR_INVALID));
    g_free (refused (officer, "/v1/face/galleries/Bad%20Name/search", "image/png", blank, PD_ERROR_INVALID));
    /* several people: not enrolled, with the reason */
    group_msg = refused (admin, "/v1/face/galleries/watchlist:test/subjects/GROUP", "image/png", group,
                         PD_ERROR_INVALID);
    g_assert_nonnull (strstr (group_msg, "cannot be enrolled"));
    /* officers search; they do not enrol */
    g_free (refused (officer, "/v1/face/galleries/watchlist:test/subjects/X1", "image/png", blank, PD_ERROR_FORBIDDEN));
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM face_templates"), ==, before);
  }

  /* searches at once, from several clients: every one answered right */
  {
    g_autoptr(GPtrArray) threads = g_ptr_array_new ();
    Job job = { d, &g_array_index (faces, Face, 0), 0 };

    for (int t = 0; t < 4; t++)
      g_ptr_array_add (threads, g_thread_new ("search", search_thread, &job));
    for (guint t = 0; t < threads->len; t++)
      g_thread_join (threads->pdata[t]);
    g_assert_cmpint (g_atomic_int_get (&job.ok), ==, 4 * 3);
  }

  /* the same through portdeskctl: enrol, list, search */
  {
    g_autofree char *pw = g_build_filename (tmp, "pw", NULL), *tok_admin = g_build_filename (tmp, "admin.token", NULL);
    g_autofree char *tok_officer = g_build_filename (tmp, "officer.token", NULL);
    g_autofree char *e0 = g_build_filename (tmp, "ctl-enroll.png", NULL), *out = NULL;
    Face *f = &g_array_index (faces, Face, 0);
    g_autofree char *probe = g_build_filename (tmp, "probe.png", NULL);

    g_assert_true (g_file_set_contents (pw, PD_TEST_DEMO_PASSWORD, -1, NULL));
    g_assert_true (g_file_set_contents (e0, g_bytes_get_data (f->enroll, NULL), g_bytes_get_size (f->enroll), NULL));
    g_assert_true (g_file_set_contents (probe, g_bytes_get_data (f->probe, NULL), g_bytes_get_size (f->probe), NULL));
    g_assert_cmpint (pd_test_ctl (d, NULL, "--token-file", tok_admin, "login", "admin.demo", "--password-file", pw,
                                  NULL), ==, 0);
    g_assert_cmpint (pd_test_ctl (d, NULL, "--token-file", tok_admin, "rules", "accept", NULL), ==, 0);
    g_assert_cmpint (pd_test_ctl (d, &out, "--token-file", tok_admin, "gallery", "enroll", "watchlist:ctl", "CTL1",
                                  e0, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "CTL1 enrolled in watchlist:ctl"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--token-file", tok_admin, "gallery", "list", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "watchlist:ctl"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, NULL, "--token-file", tok_officer, "login", "officer.ray", "--password-file", pw,
                                  NULL), ==, 0);
    g_assert_cmpint (pd_test_ctl (d, NULL, "--token-file", tok_officer, "rules", "accept", NULL), ==, 0);
    g_assert_cmpint (pd_test_ctl (d, &out, "--token-file", tok_officer, "gallery", "search", "watchlist:test", probe,
                                  NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Match"));
    g_assert_nonnull (strstr (out, f->subject));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--token-file", tok_officer, "gallery", "search", "watchlist:ctl", pw,
                                  NULL), ==, 1);    /* not a photo: refused */
    g_assert_cmpint (pd_test_ctl (d, NULL, "--token-file", tok_admin, "gallery", "remove", "watchlist:ctl", "CTL1",
                                  NULL), ==, 0);
    /* emptied: gone from the list, as it would be after a restart */
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--token-file", tok_admin, "gallery", "list", NULL), ==, 0);
    g_assert_null (strstr (out, "watchlist:ctl"));
  }

  /* after a restart: the gallery is back (templates from the store, no photo
   * embedded again), and no photo was kept anywhere */
  pd_test_daemon_stop (d);
  {
    GBytes *photos[] = { g_array_index (faces, Face, 0).probe, g_array_index (faces, Face, 0).enroll, blank };

    for (guint i = 0; i < G_N_ELEMENTS (photos); i++)
      g_assert_false (face_test_dir_holds (d->data_dir, g_bytes_get_data (photos[i], NULL),
                                           g_bytes_get_size (photos[i])));
  }
  pd_test_daemon_start (d, PD_TEST_DAEMON_TEST_CLOCK);
  g_clear_object (&officer);
  officer = pd_test_login (d, "officer.ray", NULL, TRUE);
  r = pd_client_call (officer, "GET", "/v1/face", NULL, &error);
  g_assert_no_error (error);
  o = json_array_get_object_element (json_object_get_array_member (json_node_get_object (r), "galleries"), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "watchlist:test");
  g_assert_cmpint (json_object_get_int_member (o, "templates"), ==, enrolled);
  {
    g_autoptr(JsonNode) keep = NULL;
    Face *f = &g_array_index (faces, Face, 0);
    o = search (officer, f->probe, &keep);
    if (pd_face_similarity (f->tmpl, f->enrolled) >= op->similarity)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                         json_object_get_array_member (o, "hits"), 0), "subject"), ==, f->subject);
  }

  /* removal: gone from the store and from the gallery */
  g_clear_pointer (&r, json_node_unref);
  g_clear_object (&admin);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  {
    Face *f = &g_array_index (faces, Face, 0);
    g_autofree char *path = g_strdup_printf ("/v1/face/galleries/watchlist:test/subjects/%s", f->subject);
    g_autoptr(JsonNode) keep = NULL;

    r = pd_client_call (admin, "DELETE", path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM face_templates"), ==, enrolled - 1);
    o = search (officer, f->probe, &keep);
    for (guint i = 0; i < json_array_get_length (json_object_get_array_member (o, "hits")); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                         json_object_get_array_member (o, "hits"), i), "subject"), !=, f->subject);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call (admin, "DELETE", path, NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  for (guint i = 0; i < faces->len; i++)
    face_clear (&g_array_index (faces, Face, i));
}

static gboolean
found (PdClient   *client,
       const Face *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call_bytes (client, "POST", "/v1/face/galleries/watchlist:test/search?k=3",
                                                "image/png", f->probe, &error);
  JsonArray *hits;

  if (g_error_matches (error, PD_ERROR, PD_ERROR_NOT_FOUND))
    return FALSE;   /* no such gallery (there): its only face is not in it */
  g_assert_no_error (error);
  hits = json_object_get_array_member (json_node_get_object (r), "hits");
  return json_array_get_length (hits) > 0 &&
         g_strcmp0 (json_object_get_string_member (json_array_get_object_element (hits, 0), "subject"),
                    f->subject) == 0;
}

/* Two daemons of a site (one PostgreSQL database): a face enrolled through
 * one is found through the other, and gone there once removed. */
static void
test_face_site (void)
{
  PdFaceEngine *engine = face_test_engine ();
  g_autoptr(GArray) faces = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *tmp = NULL, *path = NULL;
  PdTestDaemon *a, *b;
  PdClient *admin_a, *tsa_b;
  const char *config = "[portdeskd]\ntwo_factor_roles=\n";
  const Face *f;
  gboolean seen = FALSE;

  if (engine == NULL)
    return;
  tmp = g_dir_make_tmp ("face-site-XXXXXX", &error);
  g_assert_no_error (error);
  faces = demo_faces (engine, tmp, NULL, NULL);
  if (faces == NULL)
    return;
  f = &g_array_index (faces, Face, 0);
  g_setenv ("PD_TEST_STORE", "postgresql", TRUE);
  a = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, config);
  b = pd_test_daemon_new_site (a, 0, config);
  g_unsetenv ("PD_TEST_STORE");
  admin_a = pd_test_login (a, "admin.demo", NULL, TRUE);
  tsa_b = pd_test_login (b, "tsa.kim", NULL, TRUE);

  g_assert_false (found (tsa_b, f));
  path = g_strdup_printf ("/v1/face/galleries/watchlist:test/subjects/%s", f->subject);
  r = pd_client_call_bytes (admin_a, "POST", path, "image/png", f->enroll, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  for (int tries = 0; tries < 50 && !(seen = found (tsa_b, f)); tries++)
    g_usleep (100 * 1000);
  g_assert_true (seen);
  r = pd_client_call (admin_a, "DELETE", path, NULL, &error);
  g_assert_no_error (error);
  for (int tries = 0; tries < 50 && (seen = found (tsa_b, f)); tries++)
    g_usleep (100 * 1000);
  g_assert_false (seen);

  g_object_unref (admin_a);
  g_object_unref (tsa_b);
  pd_test_daemon_free (b);
  pd_test_daemon_free (a);
  for (guint i = 0; i < faces->len; i++)
    face_clear (&g_array_index (faces, Face, i));
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/face/service", test_face_service);
  g_test_add_func ("/face/site", test_face_site);
  rc = g_test_run ();
  pd_test_postgres_release ();
  return rc;
}
