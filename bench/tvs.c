/* tvs.c: TVS through portdeskd's APIs: a 500-traveller manifest to a
 * searchable gallery over a large holdings store, and gate captures to
 * answers with 8 gates at once, beside face-api.js in the same run
 *
 *   bench/tvs [--holdings N] [--captures N] [--no-reference]
 *
 * A real portdeskd (a temporary directory, its public listener on) gets
 * the demo holdings (the faces of the npm package's demo pictures), 500
 * more records with photos (those faces again, imported through the
 * holdings import, each with its own travel document), and synthetic
 * records up to N (default 1,000,000).  An airline's key POSTs a PAXLST
 * manifest naming the 500 (departure in 3 hours, so the gallery is built
 * at receipt): the wall time of that request is the manifest's parsing,
 * storing, the lookup of each traveller in the holdings, the copy of
 * their photos and templates and the commit: from receipt to every
 * template searchable; the service's own build time is printed beside it.
 * The peer: face-api.js would have to describe each of the 500 photos
 * (its detect + describe time on one 1280x720 picture, measured now, times
 * 500).  Then 8 gate devices, one thread each, POST 1280x720 JPEGs with
 * one face (travellers on the flight: crossings) --captures times each at
 * once, each capture the next traveller's of the demo faces (gate g's i-th
 * the (g + i)-th face): first each gate sending its next capture as soon as
 * it has its answer (the service never idle), then in rounds (the eight
 * capture together, and again once all eight have their answers: a peak
 * of travellers at every gate); each request's wall time gives p50 and p95
 * (goal p95 <= 200 ms), beside face-api.js's detect + describe on the same
 * pictures (its mean; one thread, no search, no HTTP).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-tvs"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "pd-bench-util.h"
#include "pd-face.h"
#include "pd-json.h"
#include "pd-test-daemon.h"

#define TRAVELLERS 500
#define GATES      8

typedef struct {
  char   *last, *first, *birth, *country, *document;
  GBytes *photo;
} Person;

static void
person_free (Person *p)
{
  g_free (p->last);
  g_free (p->first);
  g_free (p->birth);
  g_free (p->country);
  g_free (p->document);
  g_clear_pointer (&p->photo, g_bytes_unref);
  g_free (p);
}

static JsonNode *
post (PdClient   *client,
      const char *path,
      JsonNode   *body)
{
  g_autoptr(GError) error = NULL;
  JsonNode *r = pd_client_call (client, "POST", path, body, &error);

  if (r == NULL)
    g_error ("POST %s: %s", path, error->message);
  return r;
}

/* The demo holdings with photos (their photos read back). */
static GPtrArray *
demo_faces (PdClient *admin)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = pd_client_call (admin, "GET", "/v1/holdings?limit=100", NULL, &error);
  JsonArray *items;

  g_assert_no_error (error);
  items = pd_json_array (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      g_autofree char *path = g_strconcat ("/v1/holdings/", pd_json_str (o, "record"), NULL);
      g_autoptr(JsonNode) full = NULL;
      Person *p;
      guchar *data;
      gsize len;

      if (pd_json_int (o, "n_photos", 0) == 0)
        continue;
      full = pd_client_call (admin, "GET", path, NULL, &error);
      g_assert_no_error (error);
      p = g_new0 (Person, 1);
      data = g_base64_decode (json_array_get_string_element (pd_json_array (json_node_get_object (full), "photos"), 0),
                              &len);
      p->photo = g_bytes_new_take (data, len);
      g_ptr_array_add (out, p);
    }
  return out;
}

/* TRAVELLERS records with the demo faces' photos, imported in one import. */
static GPtrArray *
import_travellers (PdClient  *admin,
                   GPtrArray *faces)
{
  static const char * const last[] = { "Garcia", "Nguyen", "Smith", "Okafor", "Kowalski", "Haddad", "Silva", "Tanaka" };
  static const char * const first[] = { "Ana", "Minh", "John", "Grace", "Piotr", "Layla", "Joao", "Yuki", "Omar" };
  static const char * const countries[] = { "MEX", "VNM", "GBR", "NGA", "POL", "LBN", "BRA", "JPN" };
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  g_autoptr(JsonNode) begin = post (admin, "/v1/holdings/imports", NULL);
  g_autofree char *records = g_strdup_printf ("/v1/holdings/imports/%s/records",
                                              pd_json_str (json_node_get_object (begin), "import"));
  g_autofree char *commit = g_strdup_printf ("/v1/holdings/imports/%s/commit",
                                             pd_json_str (json_node_get_object (begin), "import"));
  g_autoptr(JsonNode) done = NULL;

  for (guint i = 0; i < TRAVELLERS; i++)
    {
      Person *p = g_new0 (Person, 1);
      Person *face = faces->pdata[i % faces->len];
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *photo = g_base64_encode (g_bytes_get_data (face->photo, NULL), g_bytes_get_size (face->photo));
      g_autoptr(JsonNode) r = NULL;
      const char *docs[2] = { NULL, NULL };

      p->last = g_strdup_printf ("%s%u", last[i % G_N_ELEMENTS (last)], i);
      p->first = g_strdup (first[i % G_N_ELEMENTS (first)]);
      p->birth = g_strdup_printf ("%04u-%02u-%02u", 1950 + i % 50, 1 + i % 12, 1 + i % 28);
      p->country = g_strdup (countries[i % G_N_ELEMENTS (countries)]);
      p->document = g_strdup_printf ("B%08u/%s", i, p->country);
      p->photo = g_bytes_ref (face->photo);
      docs[0] = p->document;
      json_builder_begin_object (b);
      pd_json_builder_add_string (b, "first_name", p->first);
      pd_json_builder_add_string (b, "last_name", p->last);
      pd_json_builder_add_string (b, "birth_date", p->birth);
      pd_json_builder_add_string (b, "citizenship", p->country);
      pd_json_builder_add_bool (b, "passport_at_arrival", TRUE);
      pd_json_builder_add_bool (b, "intent_to_depart", TRUE);
      pd_json_builder_add_bool (b, "eligible_to_fly", TRUE);
      pd_json_builder_add_strv (b, "documents", (char **) docs);
      pd_json_builder_add_string (b, "source", "bench");
      pd_json_builder_add_string (b, "source_date", "2026-11-02");
      json_builder_set_member_name (b, "photos");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, photo);
      json_builder_end_array (b);
      json_builder_end_object (b);
      r = post (admin, records, json_builder_get_root (b));
      g_ptr_array_add (out, p);
    }
  done = post (admin, commit, NULL);
  return out;
}

static guint
holdings_size (PdClient *admin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (admin, "GET", "/v1/face", NULL, &error);
  JsonArray *galleries;

  g_assert_no_error (error);
  galleries = pd_json_array (json_node_get_object (r), "galleries");
  for (guint i = 0; i < json_array_get_length (galleries); i++)
    if (g_strcmp0 (pd_json_str (json_array_get_object_element (galleries, i), "name"), "holdings") == 0)
      return (guint) pd_json_int (json_array_get_object_element (galleries, i), "templates", 0);
  return 0;
}

static char *
make_key (PdClient   *admin,
          const char *kind,
          const char *name,
          const char *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, kind, "name",
                                          G_TYPE_STRING, name, "port", G_TYPE_STRING, port, "scopes", G_TYPE_STRING,
                                          "tvs", NULL);

  g_assert_no_error (error);
  return g_strdup (pd_json_str (json_node_get_object (r), "key"));
}

/* @photo centred on a 1280x720 grey canvas. */
static PdFaceImage *
make_capture (GBytes *photo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceImage) face = pd_face_image_new_from_bytes (photo, &error);
  PdFaceImage *canvas = pd_face_image_new (1280, 720);

  g_assert_no_error (error);
  memset (canvas->rgb, 118, (gsize) 1280 * 720 * 3);
  for (guint y = 0; y < MIN (face->height, 720u); y++)
    memcpy (canvas->rgb + ((gsize) (y + (720 - MIN (face->height, 720u)) / 2) * 1280 + (1280 - face->width) / 2) * 3,
            face->rgb + (gsize) y * face->width * 3, (gsize) MIN (face->width, 1280u) * 3);
  return canvas;
}

/* Gates that capture together: each waits for the others before its next. */
typedef struct {
  GMutex lock;
  GCond  cond;
  guint  n, waiting, round;
} Together;

static void
together_wait (Together *t)
{
  guint round;

  g_mutex_lock (&t->lock);
  round = t->round;
  if (++t->waiting == t->n)
    {
      t->waiting = 0;
      t->round++;
      g_cond_broadcast (&t->cond);
    }
  while (round == t->round)
    g_cond_wait (&t->cond, &t->lock);
  g_mutex_unlock (&t->lock);
}

typedef struct {
  char       *url, *key, *path;
  Together   *together;   /* NULL: back to back */
  GPtrArray  *jpegs;      /* the travellers' captures, sent in turn */
  guint       first;      /* the gate's first */
  guint       n;
  double     *wall;
  guint       errors;
  char       *first_error;
} Gate;

static gpointer
gate_run (gpointer data)
{
  Gate *g = data;
  GMainContext *ctx = g_main_context_new ();
  PdClient *client;

  g_main_context_push_thread_default (ctx);
  client = pd_client_new_http (g->url);
  pd_client_set_token (client, g->key);
  for (guint i = 0; i <= g->n; i++)
    {
      g_autoptr(GError) error = NULL;
      GBytes *jpeg = g->jpegs->pdata[(g->first + i) % g->jpegs->len];
      g_autoptr(JsonNode) r = NULL;
      double t0, t;

      if (g->together != NULL)
        together_wait (g->together);
      t0 = pd_bench_now_ms ();
      r = pd_client_call_bytes (client, "POST", g->path, "image/jpeg", jpeg, &error);
      t = pd_bench_now_ms () - t0;

      if (r == NULL || g_strcmp0 (pd_json_str (json_node_get_object (r), "action"), "proceed") != 0)
        {
          if (g->first_error == NULL)
            g->first_error = g_strdup (r == NULL ? error->message : pd_json_str (json_node_get_object (r), "action"));
          g->errors++;
        }
      if (i > 0)
        g->wall[i - 1] = t;   /* the first warms the connection */
    }
  g_object_unref (client);
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  int n_holdings = 1000000, captures = 12;
  gboolean no_ref = FALSE;
  const GOptionEntry entries[] = {
    { "holdings", 0, 0, G_OPTION_ARG_INT, &n_holdings, "Holdings records in the store (default 1,000,000)", "N" },
    { "captures", 'n', 0, G_OPTION_ARG_INT, &captures, "Captures per gate (default 12)", "N" },
    { "no-reference", 0, 0, G_OPTION_ARG_NONE, &no_ref, "Do not run face-api.js", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- TVS galleries and gates through the APIs");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL, airline = NULL;
  g_autoptr(GPtrArray) faces = NULL, people = NULL;
  g_autoptr(GString) m = g_string_new (NULL);
  g_autoptr(GDateTime) now = NULL, departs = NULL;
  g_autoptr(GPtrArray) jpegs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) receipt = NULL, flight = NULL;
  g_autofree char *refdir = pd_bench_reference_dir (), *tmpdir = NULL, *date = NULL, *dtm = NULL;
  g_autofree char *flight_path = NULL, *url = NULL, *airline_key = NULL;
  g_autofree double *all = NULL;
  Together together = { .n = GATES };
  Gate gates[GATES] = { { 0 } };
  GThread *threads[GATES];
  double ref_pipe = -1, t0, build_wall, build_served, seed_ms;
  guint have, errors = 0;
  gsize jpeg_bytes = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || captures < 3 || n_holdings < TRAVELLERS)
    {
      g_printerr ("%s\n", error ? error->message : "--captures: at least 3; --holdings: at least 500");
      return 2;
    }
  if (g_getenv ("PORTDESKD") == NULL)
    g_setenv ("PORTDESKD", PD_BUILD_ROOT "/src/service/portdeskd", TRUE);
  /* the gates' captures are not an airline's manifest traffic */
  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, "[portdeskd]\nintake_rate_per_minute=100000\n");
  url = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  {
    g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 0, NULL);

    g_assert_no_error (error);
  }
  faces = demo_faces (admin);
  g_assert_cmpuint (faces->len, >, 0);
  t0 = pd_bench_now_ms ();
  people = import_travellers (admin, faces);
  have = holdings_size (admin);
  /* synthetic records (random templates, no photo), 25,000 a request */
  while (have < (guint) n_holdings)
    {
      guint n = MIN ((guint) n_holdings - have, 25000u);
      g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) n,
                                              "faces", G_TYPE_BOOLEAN, FALSE, NULL);

      g_assert_no_error (error);
      have += n;
    }
  seed_ms = pd_bench_now_ms () - t0;
  have = holdings_size (admin);

  /* the manifest: the 500, departing LAX in 3 hours */
  now = g_date_time_new_now_utc ();
  departs = g_date_time_add_hours (now, 3);
  dtm = g_date_time_format (departs, "%y%m%d%H%M");
  date = g_date_time_format (departs, "%Y-%m-%d");
  g_string_append_printf (m, "UNA:+.? 'UNB+UNOA:4+BENCHAIR+USCSAPIS+000101:0000+1'\nUNH+1+PAXLST:D:05B:UN:IATA'"
                             "BGM+745'\nTDT+20+BA500+++BA'LOC+125+LAX'DTM+189:%s:201'LOC+87+LHR'\n", dtm);
  for (guint i = 0; i < people->len; i++)
    {
      Person *p = people->pdata[i];
      g_autofree char *up_last = g_ascii_strup (p->last, -1), *up_first = g_ascii_strup (p->first, -1);
      g_auto(GStrv) doc = g_strsplit (p->document, "/", 2);

      g_string_append_printf (m, "NAD+FL+++%s:%s'DTM+329:%.2s%.2s%.2s'NAT+2+%s'DOC+P+%s'LOC+91+%s'\n", up_last, up_first,
                              p->birth + 2, p->birth + 5, p->birth + 8, p->country, doc[0], doc[1]);
    }
  g_string_append_printf (m, "CNT+42:%u'UNT+%u+1'UNZ+1+1'", people->len, people->len * 5 + 7);
  body = g_bytes_new (m->str, m->len);
  airline_key = make_key (admin, "airline", "Bench Air", NULL);
  airline = pd_test_public_client (d, airline_key);
  t0 = pd_bench_now_ms ();
  receipt = pd_client_call_bytes (airline, "POST", "/v1/intake/manifests", "application/edifact", body, &error);
  build_wall = pd_bench_now_ms () - t0;
  g_assert_no_error (error);
  flight_path = g_strdup_printf ("/v1/flights/%" G_GINT64_FORMAT,
                                 pd_json_int (json_array_get_object_element (
                                   pd_json_array (json_node_get_object (receipt), "flights"), 0), "id", 0));
  flight = pd_client_call (admin, "GET", flight_path, NULL, &error);
  g_assert_no_error (error);
  build_served = pd_json_double (json_node_get_object (flight), "gallery_ms", -1);

  /* the captures: each demo face's traveller's photo on a 1280x720
   * canvas; face-api.js's time is its mean over them */
  if (!no_ref)
    {
      tmpdir = g_dir_make_tmp ("pd-tvs-XXXXXX", NULL);
      ref_pipe = 0;
    }
  for (guint i = 0; i < faces->len; i++)
    {
      g_autoptr(PdFaceImage) capture = make_capture (((Person *) people->pdata[i])->photo);
      GBytes *jpeg = pd_face_image_encode_jpeg (capture, &error);
      g_autofree char *png = tmpdir != NULL ? g_build_filename (tmpdir, "capture.png", NULL) : NULL;
      double pipe_ms, desc_ms;

      g_assert_no_error (error);
      g_ptr_array_add (jpegs, jpeg);
      jpeg_bytes += g_bytes_get_size (jpeg);
      if (png == NULL || ref_pipe < 0)
        continue;
      if (pd_face_image_save_png (capture, png, &error) &&
          pd_bench_reference_time (refdir, "ssd", png, &pipe_ms, &desc_ms))
        ref_pipe += pipe_ms / faces->len;
      else
        ref_pipe = -1;
      g_unlink (png);
    }
  if (tmpdir != NULL)
    g_rmdir (tmpdir);

  printf ("TVS through the APIs; %u holdings records (%u with photos; seeded in %.0f s); 2 cores\n", have,
          faces->len + TRAVELLERS, seed_ms / 1000);
  printf ("  a %u-traveller manifest (%zu bytes) to a searchable gallery: %.1f ms (receipt to answer; the build "
          "itself %.1f ms); %" G_GINT64_FORMAT " in the gallery   goal <= 1000 ms\n", people->len, m->len, build_wall,
          build_served, pd_json_int (json_node_get_object (flight), "in_gallery", 0));
  if (ref_pipe > 0)
    printf ("      face-api.js describing the 500 photos instead (its detect + describe on a 1280x720 picture, "
            "%.1f ms, x500): %.0f ms; it over ours: %.0fx\n", ref_pipe, ref_pipe * TRAVELLERS,
            ref_pipe * TRAVELLERS / build_wall);

  /* 8 gates at once */
  all = g_new (double, (gsize) GATES * captures);
  for (guint i = 0; i < GATES; i++)
    {
      g_autofree char *name = g_strdup_printf ("Gate B%u", i + 1), *gate = g_strdup_printf ("B%u", i + 1);
      g_autoptr(JsonNode) r = NULL;
      const char *secret;

      gates[i].key = make_key (admin, "gate_device", name, "LAX");
      secret = gates[i].key;
      {
        g_autofree char *id = g_strndup (secret, strcspn (secret + 4, "_") + 4);

        r = pd_client_post (admin, "/v1/gates", &error, "key_id", G_TYPE_STRING, id, "terminal", G_TYPE_STRING, "B",
                            "gate", G_TYPE_STRING, gate, NULL);
        g_assert_no_error (error);
      }
      gates[i].url = g_strdup (url);
      gates[i].path = g_strdup_printf ("/v1/gate/captures?flight=BA500&date=%s", date);
      gates[i].jpegs = jpegs;
      gates[i].first = i;
      gates[i].n = captures;
      gates[i].wall = all + (gsize) i * captures;
    }
  printf ("  gate capture to answer (1280x720 JPEGs of %u travellers in turn, %zu bytes on average, one face each, "
          "crossings), %u gates at once, %d each:\n", jpegs->len, jpeg_bytes / jpegs->len, GATES, captures);
  g_mutex_init (&together.lock);
  g_cond_init (&together.cond);
  for (int mode = 0; mode < 2; mode++)
    {
      guint mode_errors = 0;

      for (guint i = 0; i < GATES; i++)
        {
          gates[i].together = mode == 1 ? &together : NULL;
          gates[i].errors = 0;
          threads[i] = g_thread_new ("gate", gate_run, &gates[i]);
        }
      for (guint i = 0; i < GATES; i++)
        {
          g_thread_join (threads[i]);
          mode_errors += gates[i].errors;
          if (gates[i].first_error != NULL)
            g_printerr ("gate %u: %s\n", i + 1, gates[i].first_error);
        }
      errors += mode_errors;
      printf ("    %-62s p50 %6.1f ms, p95 %6.1f ms; %u errors   goal p95 <= 200 ms\n",
              mode == 0 ? "each gate's next capture as soon as it has its answer:" :
                          "in rounds, the eight together (a peak at every gate):",
              pd_bench_median (all, GATES * captures), pd_bench_percentile (all, GATES * captures, 0.95), mode_errors);
      if (ref_pipe > 0)
        printf ("      face-api.js detect + describe alone on the same pictures (its mean; one at a time, no search, "
                "no HTTP): %.1f ms; it over our p50: %.2fx\n", ref_pipe, ref_pipe / pd_bench_median (all, GATES * captures));
    }
  g_mutex_clear (&together.lock);
  g_cond_clear (&together.cond);
  if (ref_pipe <= 0 && !no_ref)
    printf ("  face-api.js did not run (npm install in %s)\n", refdir);
  {
    g_autoptr(JsonNode) r = pd_client_call (admin, "GET", "/v1/face", NULL, &error);

    g_assert_no_error (error);
    printf ("  kernels: BLAS %s, 1:N %s\n", pd_json_str (json_node_get_object (r), "blas_kernel"),
            pd_json_str (json_node_get_object (r), "index_kernel"));
  }
  for (guint i = 0; i < GATES; i++)
    {
      g_free (gates[i].url);
      g_free (gates[i].key);
      g_free (gates[i].path);
      g_free (gates[i].first_error);
    }
  return errors > 0;
}
