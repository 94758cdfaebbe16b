/* test-tvs-gate.c: TVS galleries, gate captures and alerts against a
 * running portdeskd
 *
 * The demo holdings (faces of the npm package's pictures, each with a
 * travel document) and a manifest naming some of them: the gallery waits
 * until 24 h before departure, then holds the travellers aged 14-79 found
 * by document or by name and date of birth, U.S. citizens flagged, the
 * others biographic only or out of scope.  A registered gate device's
 * captures: a crossing, a U.S. citizen (capture never stored), a match
 * whose record has no lawful entry (alert), a stranger (alert, capture
 * shown to the officer), an unusable photo (recapture); refusals for keys
 * that are no gate, unregistered devices and bad flights.  Officers
 * dispose of alerts with a reason; a re-sent manifest rebuilds the
 * gallery; the report counts what happened by group; closing the flight purges U.S. citizens' gallery photos, 14
 * days the others' and the captures, each with a deletion receipt, and the
 * purged capture is in no byte of the data directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "face-test-util.h"
#include "tsa-test-util.h"
#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-report.h"
#include "pd-test-daemon.h"

#define HOUR 3600
#define DAY  (24 * HOUR)

/* DTM date: YYMMDD from YYYY-MM-DD. */
static char *
yymmdd (const char *date)
{
  return g_strdup_printf ("%.2s%.2s%.2s", date + 2, date + 5, date + 8);
}

/* A traveller's segments: surname and given name, birth date, nationality,
 * passport @doc ("NUMBER/CTY"). */
static void
add_traveller (GString    *m,
               const char *surname,
               const char *given,
               const char *birth,
               const char *nationality,
               const char *doc)
{
  g_autofree char *b = yymmdd (birth), *up_s = g_ascii_strup (surname, -1), *up_g = g_ascii_strup (given, -1);
  g_auto(GStrv) d = g_strsplit (doc, "/", 2);

  g_string_append_printf (m, "NAD+FL+++%s:%s'DTM+329:%s'NAT+2+%s'DOC+P+%s'LOC+91+%s'\n", up_s, up_g, b, nationality,
                          d[0], d[1]);
}

static char *
new_key (PdClient   *admin,
         const char *kind,
         const char *port,
         const char *scopes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, kind, "name",
                                          G_TYPE_STRING, "Gate 42B", "port", G_TYPE_STRING, port, "scopes",
                                          G_TYPE_STRING, scopes, NULL);

  g_assert_no_error (error);
  return g_strdup (pd_json_str (json_node_get_object (r), "key"));
}

/* POSTs @photo as a capture of SW300 on @date; the answer's object. */
static JsonObject *
capture (PdClient    *device,
         const char  *date,
         GBytes      *photo,
         JsonNode   **keep)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/v1/gate/captures?flight=SW300&date=%s", date);

  *keep = pd_client_call_bytes (device, "POST", path, "image/png", photo, &error);
  g_assert_no_error (error);
  return json_node_get_object (*keep);
}

static void
assert_capture_refused (PdClient    *device,
                        const char  *path,
                        GBytes      *photo,
                        gint         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call_bytes (device, "POST", path, "image/png", photo, &error);

  g_assert_null (r);
  g_assert_error (error, PD_ERROR, code);
  g_test_message ("capture %s refused: %s", path, error->message);
}

static gint64
db_count (const char *db,
          const char *fmt,
          ...) G_GNUC_PRINTF (2, 3);

static gint64
db_count (const char *db,
          const char *fmt,
          ...)
{
  g_autofree char *sql = NULL;
  va_list ap;

  va_start (ap, fmt);
  sql = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return pd_test_db_int (db, sql);
}

/* The row @key of series @series of report reply @r. */
static JsonArray *
report_row (JsonNode   *r,
            const char *series,
            const char *key)
{
  JsonArray *rows = pd_json_array (pd_report_series (json_node_get_object (r), series), "rows");

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);

      if (g_strcmp0 (json_array_get_string_element (row, 0), key) == 0)
        return row;
    }
  g_error ("no row %s in series %s", key, series);
  return NULL;
}

static gint64
receipts (const char *db,
          const char *policy)
{
  return db_count (db, "SELECT count(*) FROM audit WHERE action = 'retention.purge' AND object = '%s'", policy);
}

static void
run_sweeper (PdClient *admin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);

  g_assert_no_error (error);
}

static void
test_gate (void)
{
  PdFaceEngine *engine = face_test_engine ();
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL, officer = NULL, airline = NULL, device = NULL, broker = NULL, unregistered = NULL;
  g_autoptr(GPtrArray) holdings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) m = g_string_new (NULL);
  g_autofree char *db = NULL, *tmp = NULL, *date = NULL, *departs = NULL, *gate_key = NULL, *gate_id = NULL;
  g_autofree char *kid_birth = NULL, *path = NULL, *stranger_path = NULL;
  TsaHolding *a, *b, *c, *e = NULL, *stranger = NULL;
  g_autoptr(GBytes) blank_png = NULL;
  gint64 now, flight_id, alert_ewi = 0, alert_stranger = 0;

  if (engine == NULL)
    return;
  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK | PD_TEST_DAEMON_TCP, NULL);
  db = pd_test_daemon_db_path (d);
  tmp = g_dir_make_tmp ("pd-gate-XXXXXX", NULL);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  officer = pd_test_login (d, "officer.ray", NULL, TRUE);   /* CBP, LAX */
  {
    g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 3, NULL);
    g_autoptr(JsonNode) status = pd_client_call (admin, "GET", "/v1/status", NULL, &error);

    g_assert_no_error (error);
    g_assert_true (pd_time_parse (pd_json_str (json_node_get_object (status), "now"), &now));
  }
  holdings = tsa_test_holdings (admin, tmp);
  g_assert_cmpuint (holdings->len, >=, 8);
  a = holdings->pdata[0];
  b = holdings->pdata[1];
  c = holdings->pdata[2];
  for (guint i = 3; i < holdings->len && e == NULL; i++)
    if (!((TsaHolding *) holdings->pdata[i])->lawful_entry)
      e = holdings->pdata[i];
  g_assert_nonnull (e);
  g_assert_true (a->lawful_entry && b->lawful_entry && c->lawful_entry);
  g_assert_nonnull (a->document);

  /* the manifest: departs in 30 h, so its gallery waits */
  {
    g_autoptr(GDateTime) dep = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC + 30 * HOUR);
    g_autoptr(GDateTime) kid = g_date_time_add_years (dep, -10);
    g_autofree char *dtm = g_date_time_format (dep, "%y%m%d%H%M");

    date = g_date_time_format (dep, "%Y-%m-%d");
    departs = g_date_time_format (dep, "%Y-%m-%dT%H:%M");
    kid_birth = g_date_time_format (kid, "%Y-%m-%d");
    g_string_append_printf (m, "UNA:+.? 'UNB+UNOA:4+SKYWAY+USCSAPIS+261205:0900+1'\n"
                               "UNH+M1+PAXLST:D:05B:UN:IATA+SW300+01:F'BGM+745'\n"
                               "TDT+20+SW300+++SW'LOC+125+LAX'DTM+189:%s:201'LOC+87+MEX'\n", dtm);
  }
  add_traveller (m, a->last_name, a->first_name, a->birth_date, a->citizenship, a->document);    /* by document */
  add_traveller (m, b->last_name, b->first_name, b->birth_date, b->citizenship, "X0000001/MEX"); /* by name */
  add_traveller (m, c->last_name, c->first_name, c->birth_date, "USA", "561234567/USA");         /* U.S. citizen */
  add_traveller (m, e->last_name, e->first_name, e->birth_date, e->citizenship, e->document);    /* no lawful entry */
  add_traveller (m, "Child", "Kid", kid_birth, "MEX", "K1234567/MEX");                           /* 10: out of scope */
  add_traveller (m, "Unknown", "Person", "1980-01-01", "MEX", "U1234567/MEX");                   /* no holdings */
  g_string_append (m, "CNT+42:6'UNT+30+M1'UNZ+1+1'");
  {
    g_autofree char *key = new_key (admin, "airline", NULL, "tvs");
    g_autoptr(GBytes) body = g_bytes_new (m->str, m->len);
    g_autoptr(JsonNode) r = NULL;

    airline = pd_test_public_client (d, key);
    r = pd_client_call_bytes (airline, "POST", "/v1/intake/manifests", "application/edifact", body, &error);
    g_assert_no_error (error);
    flight_id = pd_json_int (json_array_get_object_element (pd_json_array (json_node_get_object (r), "flights"), 0),
                             "id", 0);
    g_assert_cmpint (flight_id, >, 0);
  }
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_flights WHERE gallery_at IS NULL"), ==, 1);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_gallery_photos"), ==, 0);

  /* gate devices: registered by an admin to a place of their key's port */
  gate_key = new_key (admin, "gate_device", "LAX", "tvs");
  gate_id = g_strndup (gate_key, strcspn (gate_key, "_") + 9);
  device = pd_test_public_client (d, gate_key);
  {
    g_autofree char *other = new_key (admin, "gate_device", "LAX", "tvs");
    g_autofree char *broker_key = new_key (admin, "broker", NULL, "scheduling");
    g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/gates", &error, "key_id", G_TYPE_STRING, gate_id, "terminal",
                                            G_TYPE_STRING, "4", "gate", G_TYPE_STRING, "42B", NULL);
    g_autoptr(JsonNode) bad = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (pd_json_str (json_node_get_object (r), "port"), ==, "LAX");
    bad = pd_client_post (admin, "/v1/gates", &error, "key_id", G_TYPE_STRING, gate_id, "terminal", G_TYPE_STRING,
                          "4", "gate", G_TYPE_STRING, "42B", "mode", G_TYPE_STRING, "balloon", NULL);
    g_assert_null (bad);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    bad = pd_client_post (officer, "/v1/gates", &error, "key_id", G_TYPE_STRING, gate_id, "terminal", G_TYPE_STRING,
                          "4", "gate", G_TYPE_STRING, "42B", NULL);
    g_assert_null (bad);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
    g_clear_error (&error);
    unregistered = pd_test_public_client (d, other);
    broker = pd_test_public_client (d, broker_key);
  }

  /* before the window: no gallery to match against */
  path = g_strdup_printf ("/v1/gate/captures?flight=SW300&date=%s", date);
  assert_capture_refused (device, path, a->capture, PD_ERROR_CONFLICT);
  /* what is not a gate device, or not registered, or no flight */
  assert_capture_refused (broker, path, a->capture, PD_ERROR_FORBIDDEN);
  assert_capture_refused (unregistered, path, a->capture, PD_ERROR_FORBIDDEN);
  assert_capture_refused (device, "/v1/gate/captures?flight=SW301&date=2026-01-01", a->capture, PD_ERROR_NOT_FOUND);
  assert_capture_refused (device, "/v1/gate/captures?flight=S;W&date=2026-01-01", a->capture, PD_ERROR_INVALID);
  assert_capture_refused (device, "/v1/gate/captures?flight=SW300&date=2026-02-30", a->capture, PD_ERROR_INVALID);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_encounters"), ==, 0);

  /* 7 h later the window is open: the first capture builds the gallery */
  pd_test_clock_advance (d, 7 * HOUR);
  g_clear_object (&officer);
  g_clear_object (&admin);
  officer = pd_test_login (d, "officer.ray", NULL, TRUE);   /* the sessions ended meanwhile */
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  {
    g_autoptr(JsonNode) keep = NULL;
    JsonObject *o = capture (device, date, a->capture, &keep);

    g_assert_cmpstr (pd_json_str (o, "action"), ==, "proceed");
    g_assert_null (pd_json_str (o, "record"));          /* a device never learns who */
    g_assert_null (json_object_get_member (o, "traveller"));
  }
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_travellers WHERE state = 'gallery'"), ==, 4);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_travellers WHERE basis = 'document'"), ==, 2);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_travellers WHERE basis = 'name-dob'"), ==, 2);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_travellers WHERE usc <> 0"), ==, 1);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_travellers WHERE state = 'out-of-scope'"), ==, 1);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_travellers WHERE state = 'biographic-only'"), ==, 1);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM face_templates WHERE gallery = 'flight:%" G_GINT64_FORMAT "'",
                             flight_id), ==, 4);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_encounters WHERE outcome = 'crossing'"), ==, 1);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_captures"), ==, 1);   /* kept: not a U.S. citizen */

  /* a U.S. citizen: proceed, and the capture is not kept */
  {
    g_autoptr(JsonNode) keep = NULL;

    g_assert_cmpstr (pd_json_str (capture (device, date, c->capture, &keep), "action"), ==, "proceed");
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_encounters WHERE outcome = 'usc'"), ==, 1);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_captures"), ==, 1);
  }
  /* matched, but no lawful entry on record: wait, an alert */
  {
    g_autoptr(JsonNode) keep = NULL;

    g_assert_cmpstr (pd_json_str (capture (device, date, e->capture, &keep), "action"), ==, "wait");
    alert_ewi = db_count (db, "SELECT max(id) FROM tvs_alerts WHERE kind = 'ewi'");
    g_assert_cmpint (alert_ewi, >, 0);
  }
  /* a stranger (not on the manifest; the demo pictures show some people
   * twice, so the first whose capture finds nobody): wait, an alert */
  for (guint i = 3; i < holdings->len && stranger == NULL; i++)
    {
      TsaHolding *h = holdings->pdata[i];
      g_autoptr(JsonNode) keep = NULL;

      if (h == e)
        continue;
      capture (device, date, h->capture, &keep);
      if (db_count (db, "SELECT count(*) FROM tvs_encounters WHERE outcome = 'no-match'") > 0)
        stranger = h;
    }
  g_assert_nonnull (stranger);
  alert_stranger = db_count (db, "SELECT max(id) FROM tvs_alerts WHERE kind = 'no-match'");
  /* no face: recapture with the reasons, no alert, nothing kept */
  {
    g_autoptr(PdFaceImage) blank = pd_face_image_new (640, 480);
    g_autoptr(JsonNode) keep = NULL;
    gint64 alerts = db_count (db, "SELECT count(*) FROM tvs_alerts");
    gint64 kept = db_count (db, "SELECT count(*) FROM tvs_captures");
    JsonObject *o;

    memset (blank->rgb, 128, (gsize) 640 * 480 * 3);
    blank_png = tsa_test_png (blank, tmp, "blank.png");
    o = capture (device, date, blank_png, &keep);
    g_assert_cmpstr (pd_json_str (o, "action"), ==, "recapture");
    g_assert_cmpuint (json_array_get_length (pd_json_array (o, "reasons")), >, 0);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_alerts"), ==, alerts);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_captures"), ==, kept);
  }

  /* the officers of the port: the alerts, the capture beside the gallery photo */
  {
    g_autoptr(JsonNode) list = pd_client_call (officer, "GET", "/v1/alerts", NULL, &error);
    g_autofree char *one = g_strdup_printf ("/v1/alerts/%" G_GINT64_FORMAT, alert_ewi);
    g_autofree char *two = g_strdup_printf ("/v1/alerts/%" G_GINT64_FORMAT, alert_stranger);
    g_autoptr(JsonNode) r1 = NULL, r2 = NULL;
    g_autofree char *e_surname = g_ascii_strup (e->last_name, -1);
    JsonObject *o;
    gsize len;
    g_autofree guchar *cap = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (pd_json_array (json_node_get_object (list), "items")), >=, 2);
    r1 = pd_client_call (officer, "GET", one, NULL, &error);
    g_assert_no_error (error);
    o = json_node_get_object (r1);
    g_assert_cmpstr (pd_json_str (o, "kind"), ==, "ewi");
    g_assert_cmpstr (pd_json_str (o, "gate"), ==, "42B");
    g_assert_cmpstr (pd_json_str (o, "terminal"), ==, "4");
    g_assert_nonnull (pd_json_str (o, "gallery_photo"));
    g_assert_cmpstr (pd_json_str (pd_json_obj (o, "traveller"), "surname"), ==, e_surname);
    r2 = pd_client_call (officer, "GET", two, NULL, &error);
    g_assert_no_error (error);
    o = json_node_get_object (r2);
    g_assert_cmpstr (pd_json_str (o, "kind"), ==, "no-match");
    g_assert_null (pd_json_obj (o, "traveller"));   /* never "the closest person" */
    cap = g_base64_decode (pd_json_str (o, "capture"), &len);
    g_assert_cmpmem (cap, len, g_bytes_get_data (stranger->capture, NULL), g_bytes_get_size (stranger->capture));
  }
  /* dispositions: a reason always, once; a U.S. citizen's capture goes */
  {
    g_autofree char *p1 = g_strdup_printf ("/v1/alerts/%" G_GINT64_FORMAT "/disposition", alert_ewi);
    g_autofree char *p2 = g_strdup_printf ("/v1/alerts/%" G_GINT64_FORMAT "/disposition", alert_stranger);
    g_autoptr(JsonNode) r = NULL;

    r = pd_client_post (officer, p1, &error, "disposition", G_TYPE_STRING, "referred", "reason", G_TYPE_STRING, " ",
                        NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = pd_client_post (officer, p1, &error, "disposition", G_TYPE_STRING, "arrest", "reason", G_TYPE_STRING, "x",
                        NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = pd_client_post (admin, p1, &error, "disposition", G_TYPE_STRING, "referred", "reason", G_TYPE_STRING, "x",
                        NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
    g_clear_error (&error);
    r = pd_client_post (officer, p1, &error, "disposition", G_TYPE_STRING, "referred", "reason", G_TYPE_STRING,
                        "sent to secondary", NULL);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_post (officer, p1, &error, "disposition", G_TYPE_STRING, "confirmed", "reason", G_TYPE_STRING,
                        "again", NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
    g_clear_error (&error);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_captures WHERE encounter_id = (SELECT encounter_id FROM "
                                   "tvs_alerts WHERE id = %" G_GINT64_FORMAT ")", alert_stranger), ==, 1);
    r = pd_client_post (officer, p2, &error, "disposition", G_TYPE_STRING, "biographic", "reason", G_TYPE_STRING,
                        "U.S. passport checked", "us_citizen", G_TYPE_BOOLEAN, TRUE, NULL);
    g_assert_no_error (error);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_captures WHERE encounter_id = (SELECT encounter_id FROM "
                                   "tvs_alerts WHERE id = %" G_GINT64_FORMAT ")", alert_stranger), ==, 0);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_alerts WHERE disposition IS NULL AND id IN (%"
                               G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", alert_ewi, alert_stranger), ==, 0);
  }

  /* portdeskctl plays the device and the officer */
  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
    g_autofree char *keyfile = g_build_filename (tmp, "gate.key", NULL);
    g_autofree char *pwfile = g_build_filename (tmp, "pw", NULL);
    g_autofree char *out = NULL, *id = g_strdup_printf ("%" G_GINT64_FORMAT, flight_id);

    g_assert_true (g_file_set_contents (keyfile, gate_key, -1, NULL));
    g_assert_true (g_file_set_contents (pwfile, PD_TEST_DEMO_PASSWORD, -1, NULL));
    g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", keyfile, "gate", "capture", "--flight",
                                  "SW300", "--date", date, b->capture_path, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "PROCEED"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", keyfile, "gate", "opt-out", "--flight",
                                  "SW300", "--date", date, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "WAIT"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", keyfile, "gate", "health", "camera ok",
                                  NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "officer.ray", "--password-file", pwfile, "--accept-rules",
                                  "alert", "list", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "opt-out"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "officer.ray", "--password-file", pwfile, "--accept-rules",
                                  "gate", "list", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "camera ok"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "officer.ray", "--password-file", pwfile, "--accept-rules",
                                  "flight", "show", id, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "4 in the gallery, 1 biographic only, 1 out of scope"));
    g_assert_nonnull (strstr (out, "name-dob"));
  }
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_encounters WHERE outcome = 'crossing'"), >=, 2);

  /* the flight board: what is still pending */
  {
    g_autofree char *fpath = g_strdup_printf ("/v1/flights/%" G_GINT64_FORMAT, flight_id);
    g_autoptr(JsonNode) r = pd_client_call (officer, "GET", fpath, NULL, &error);
    JsonObject *f;

    g_assert_no_error (error);
    f = json_node_get_object (r);
    g_assert_cmpint (pd_json_int (f, "in_gallery", 0), ==, 4);
    g_assert_cmpint (pd_json_int (f, "biographic_only", 0), ==, 1);
    g_assert_cmpint (pd_json_int (f, "pending", -1), ==, 5 - pd_json_int (f, "confirmed", 0));
  }

  /* the report: match rate and capture rate apart, groups from the manifest
   * (rates: key, expected, photographed, matched, confirmed, match_pct,
   * capture_pct, no_holdings_photo) */
  {
    g_autofree char *by_cty = g_strdup_printf ("/v1/reports/tvs?from=%s&to=%s&by=citizenship", date, date);
    g_autofree char *by_port = g_strdup_printf ("/v1/reports/tvs?from=%s&to=%s&by=port", date, date);
    g_autofree char *by_gate = g_strdup_printf ("/v1/reports/tvs?from=%s&to=%s&by=gate", date, date);
    g_autoptr(JsonNode) r1 = pd_client_call (officer, "GET", by_cty, NULL, &error);
    g_autoptr(JsonNode) r2 = NULL, r3 = NULL;
    JsonArray *total, *usa, *gates, *outcomes, *response;
    gint64 matched = db_count (db, "SELECT count(*) FROM tvs_encounters WHERE outcome IN ('crossing', 'usc')");
    gint64 confirmed = db_count (db, "SELECT count(DISTINCT traveller_id) FROM tvs_encounters WHERE outcome IN "
                                     "('crossing', 'usc')");

    g_assert_no_error (error);
    usa = report_row (r1, "rates", "USA");
    g_assert_cmpint (json_array_get_int_element (usa, 1), ==, 1);
    g_assert_cmpint (json_array_get_int_element (usa, 4), ==, 1);
    r2 = pd_client_call (officer, "GET", by_port, NULL, &error);
    g_assert_no_error (error);
    total = report_row (r2, "rates", "LAX");
    g_assert_cmpint (json_array_get_int_element (total, 1), ==, 5);        /* the child is out of scope */
    g_assert_cmpint (json_array_get_int_element (total, 7), ==, 1);
    g_assert_cmpint (json_array_get_int_element (total, 3), ==, matched);
    g_assert_cmpint (json_array_get_int_element (total, 2), ==,
                     matched + db_count (db, "SELECT count(*) FROM tvs_encounters WHERE outcome = 'no-match'"));
    g_assert_cmpint (json_array_get_int_element (total, 4), ==, confirmed);
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (total, 6), round (1000.0 * confirmed / 5) / 10,
                                    1e-9);
    outcomes = report_row (r2, "outcomes", "LAX");   /* key, matched, no_match, recaptures, outages, opt_outs */
    g_assert_cmpint (json_array_get_int_element (outcomes, 3), ==, 1);
    g_assert_cmpint (json_array_get_int_element (outcomes, 5), ==, 1);
    response = report_row (r2, "response", "LAX");   /* key, n, p50_ms, p95_ms, max_ms */
    g_assert_cmpfloat (json_array_get_double_element (response, 3), >, 0);
    r3 = pd_client_call (officer, "GET", by_gate, NULL, &error);
    g_assert_no_error (error);
    gates = pd_json_array (pd_report_series (json_node_get_object (r3), "rates"), "rows");
    g_assert_cmpuint (json_array_get_length (gates), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (gates, 0), 0), ==, "4 42B");
    g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (json_array_get_array_element (gates, 0), 1)));
    {
      g_autofree char *pwfile = g_build_filename (tmp, "pw", NULL);
      g_autofree char *out = NULL;

      g_assert_cmpint (pd_test_ctl (d, &out, "--user", "officer.ray", "--password-file", pwfile, "--accept-rules",
                                    "report", "tvs", "--from", date, "--to", date, "--by", "age", "--series", "rates",
                                    "--csv", NULL), ==, 0);
      g_assert_true (g_str_has_prefix (out, "\"series\",\"key\",\"expected\",\"photographed\",\"matched\","
                                            "\"confirmed\",\"match_pct\",\"capture_pct\""));
      g_assert_nonnull (strstr (out, "\r\n\"rates\","));
    }
  }

  /* outage mode: declared by an admin, every traveller waits for an
   * officer, nothing matched or kept, reported as an exception */
  {
    g_autofree char *report = g_strdup_printf ("/v1/reports/tvs?from=%s&to=%s&by=port", date, date);
    g_autoptr(JsonNode) r = pd_client_post (officer, "/v1/tvs/outage", &error, "outage", G_TYPE_BOOLEAN, TRUE,
                                            "reason", G_TYPE_STRING, "x", NULL);
    g_autoptr(JsonNode) keep = NULL, status = NULL, rep = NULL;
    gint64 kept = db_count (db, "SELECT count(*) FROM tvs_captures");

    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
    g_clear_error (&error);
    r = pd_client_post (admin, "/v1/tvs/outage", &error, "outage", G_TYPE_BOOLEAN, TRUE, NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);   /* no reason */
    g_clear_error (&error);
    r = pd_client_post (admin, "/v1/tvs/outage", &error, "outage", G_TYPE_BOOLEAN, TRUE, "reason", G_TYPE_STRING,
                        "Matching servers down for maintenance", NULL);
    g_assert_no_error (error);
    status = pd_client_call (officer, "GET", "/v1/tvs/outage", NULL, &error);
    g_assert_no_error (error);
    g_assert_true (pd_json_bool (json_node_get_object (status), "outage"));
    g_assert_cmpstr (pd_json_str (capture (device, date, a->capture, &keep), "action"), ==, "wait");
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_encounters WHERE outcome = 'outage'"), ==, 1);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_captures"), ==, kept);
    rep = pd_client_call (officer, "GET", report, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (json_array_get_int_element (report_row (rep, "outcomes", "LAX"), 4), ==, 1);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_post (admin, "/v1/tvs/outage", &error, "outage", G_TYPE_BOOLEAN, FALSE, NULL);
    g_assert_no_error (error);
    g_clear_pointer (&keep, json_node_unref);
    g_assert_cmpstr (pd_json_str (capture (device, date, a->capture, &keep), "action"), ==, "proceed");
  }

  /* the flight closes: the U.S. citizen's gallery photo and template go
   * at the next sweep, with a receipt; the others stay */
  {
    g_autofree char *close = g_strdup_printf ("/v1/gate/close?flight=SW300&date=%s", date);
    g_autoptr(JsonNode) r = pd_client_call (device, "POST", close, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (receipts (db, "tvs.photos.usc"), ==, 0);
    run_sweeper (admin);
    g_assert_cmpint (receipts (db, "tvs.photos.usc"), ==, 1);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_gallery_photos WHERE usc <> 0"), ==, 0);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_gallery_photos"), ==, 3);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM face_templates WHERE gallery = 'flight:%" G_GINT64_FORMAT
                               "'", flight_id), ==, 3);
  }
  /* 14 days: the other gallery photos and the captures, with a receipt */
  pd_test_clock_advance (d, 14 * DAY + HOUR);
  g_clear_object (&admin);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  run_sweeper (admin);
  g_assert_cmpint (receipts (db, "tvs.photos.other"), ==, 1);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_gallery_photos"), ==, 0);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_captures"), ==, 0);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM face_templates WHERE gallery LIKE 'flight:%%'"), ==, 0);
  /* the device has not reported for 14 days: silent */
  {
    g_autoptr(JsonNode) gates = pd_client_call (admin, "GET", "/v1/gates", NULL, &error);

    g_assert_no_error (error);
    g_assert_true (pd_json_bool (json_array_get_object_element (pd_json_array (json_node_get_object (gates), "items"),
                                                                0), "silent"));
  }
  /* the crossings stay (tvs.outcome) */
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_encounters WHERE outcome = 'crossing'"), >=, 2);

  /* the captures are in no byte of the database, its WAL or the data
   * directory (secure_delete) */
  pd_test_daemon_stop (d);
  {
    TsaHolding *captured[] = { a, c, e, stranger };

    for (guint i = 0; i < G_N_ELEMENTS (captured); i++)
      g_assert_false (face_test_dir_holds (d->data_dir, g_bytes_get_data (captured[i]->capture, NULL),
                                           g_bytes_get_size (captured[i]->capture)));
  }
}

/* A re-sent manifest replaces the flight's travellers (the flight keeps
 * its id) and rebuilds its gallery. */
static void
test_resend (void)
{
  PdFaceEngine *engine = face_test_engine ();
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL, airline = NULL;
  g_autoptr(GPtrArray) holdings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL, *tmp = NULL, *key = NULL;
  gint64 now, first = 0, second = 0;

  if (engine == NULL)
    return;
  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK | PD_TEST_DAEMON_TCP, NULL);
  db = pd_test_daemon_db_path (d);
  tmp = g_dir_make_tmp ("pd-gate-XXXXXX", NULL);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  {
    g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 0, NULL);
    g_autoptr(JsonNode) status = pd_client_call (admin, "GET", "/v1/status", NULL, &error);

    g_assert_no_error (error);
    g_assert_true (pd_time_parse (pd_json_str (json_node_get_object (status), "now"), &now));
  }
  holdings = tsa_test_holdings (admin, tmp);
  key = new_key (admin, "airline", NULL, "tvs");
  airline = pd_test_public_client (d, key);
  for (guint round = 1; round <= 2; round++)
    {
      g_autoptr(GString) m = g_string_new (NULL);
      g_autoptr(GDateTime) dep = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC + 3 * HOUR);
      g_autofree char *dtm = g_date_time_format (dep, "%y%m%d%H%M");
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) r = NULL;
      gint64 id;

      g_string_append_printf (m, "UNB+UNOA:4+SKYWAY+USCSAPIS+261205:0900+1'UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'"
                                 "TDT+20+SW400+++SW'LOC+125+LAX'DTM+189:%s:201'LOC+87+MEX'\n", dtm);
      /* round 1: two travellers; round 2: three */
      for (guint i = 0; i < round + 1; i++)
        {
          TsaHolding *h = holdings->pdata[i];

          add_traveller (m, h->last_name, h->first_name, h->birth_date, h->citizenship, h->document);
        }
      g_string_append (m, "UNT+9+M1'UNZ+1+1'");
      body = g_bytes_new (m->str, m->len);
      r = pd_client_call_bytes (airline, "POST", "/v1/intake/manifests", "application/edifact", body, &error);
      g_assert_no_error (error);
      id = pd_json_int (json_array_get_object_element (pd_json_array (json_node_get_object (r), "flights"), 0), "id", 0);
      /* received within 24 h of departure: built at once */
      g_assert_cmpint (db_count (db, "SELECT count(*) FROM face_templates WHERE gallery = 'flight:%" G_GINT64_FORMAT
                                 "'", id), ==, round + 1);
      if (round == 1)
        first = id;
      else
        second = id;
    }
  g_assert_cmpint (first, ==, second);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_travellers"), ==, 3);
  g_assert_cmpint (db_count (db, "SELECT min(id) FROM tvs_travellers"), ==, 3);   /* ids 1 and 2 are not reused */
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM face_templates WHERE subject IN ('T00000001.1', "
                                 "'T00000002.1')"), ==, 0);
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_gallery_photos"), ==, 3);
}

/* The outcome of the last encounter. */
static char *
last_outcome (const char *db)
{
  g_autoptr(GError) error = NULL;
  gint64 id = pd_test_db_int (db, "SELECT max(id) FROM tvs_encounters");
  const char *outcomes[] = { "crossing", "usc", "no-match", "watch-list", "recapture", "opt-out" };

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (db_count (db, "SELECT count(*) FROM tvs_encounters WHERE id = %" G_GINT64_FORMAT " AND outcome = '%s'", id,
                  outcomes[i]) == 1)
      return g_strdup (outcomes[i]);
  return NULL;
}

/* A derogatory record alerts only once a passenger analyst validated it. */
static void
test_watchlist (void)
{
  PdFaceEngine *engine = face_test_engine ();
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL, analyst = NULL, officer = NULL, airline = NULL, device = NULL;
  g_autoptr(GPtrArray) holdings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) m = g_string_new (NULL);
  g_autofree char *db = NULL, *tmp = NULL, *date = NULL, *record = NULL, *validate = NULL, *withdraw = NULL;
  g_autofree char *gate_key = NULL, *gate_id = NULL;
  TsaHolding *on_board, *watched;
  gint64 now;

  if (engine == NULL)
    return;
  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  db = pd_test_daemon_db_path (d);
  tmp = g_dir_make_tmp ("pd-gate-XXXXXX", NULL);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  analyst = pd_test_login (d, "pau.diaz", NULL, TRUE);
  officer = pd_test_login (d, "officer.ray", NULL, TRUE);
  {
    g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 0, NULL);
    g_autoptr(JsonNode) status = pd_client_call (admin, "GET", "/v1/status", NULL, &error);

    g_assert_no_error (error);
    g_assert_true (pd_time_parse (pd_json_str (json_node_get_object (status), "now"), &now));
  }
  holdings = tsa_test_holdings (admin, tmp);
  on_board = holdings->pdata[0];
  watched = holdings->pdata[holdings->len - 1];
  /* the watched person's record again, derogatory */
  {
    g_autoptr(JsonNode) begin = pd_client_call (admin, "POST", "/v1/holdings/imports", NULL, &error);
    g_autofree char *id = NULL, *add = NULL, *commit = NULL;
    g_autofree char *photo = g_base64_encode (g_bytes_get_data (watched->jpeg, NULL), g_bytes_get_size (watched->jpeg));
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) r = NULL, done = NULL;

    g_assert_no_error (error);
    id = g_strdup (pd_json_str (json_node_get_object (begin), "import"));
    add = g_strdup_printf ("/v1/holdings/imports/%s/records", id);
    commit = g_strdup_printf ("/v1/holdings/imports/%s/commit", id);
    json_builder_begin_object (b);
    pd_json_builder_add_string (b, "first_name", "Watched");
    pd_json_builder_add_string (b, "last_name", "Person");
    pd_json_builder_add_string (b, "birth_date", "1970-07-07");
    pd_json_builder_add_string (b, "citizenship", "XXA");
    pd_json_builder_add_bool (b, "passport_at_arrival", FALSE);
    pd_json_builder_add_bool (b, "intent_to_depart", FALSE);
    pd_json_builder_add_bool (b, "eligible_to_fly", FALSE);
    pd_json_builder_add_bool (b, "watch_list", TRUE);
    pd_json_builder_add_string (b, "source", "test");
    pd_json_builder_add_string (b, "source_date", "2026-11-02");
    json_builder_set_member_name (b, "photos");
    json_builder_begin_array (b);
    json_builder_add_string_value (b, photo);
    json_builder_end_array (b);
    json_builder_end_object (b);
    r = pd_client_call (admin, "POST", add, json_builder_get_root (b), &error);
    g_assert_no_error (error);
    done = pd_client_call (admin, "POST", commit, NULL, &error);
    g_assert_no_error (error);
    record = g_strdup (json_array_get_string_element (pd_json_array (json_node_get_object (done), "records"), 0));
  }
  g_assert_cmpint (db_count (db, "SELECT count(*) FROM face_templates WHERE gallery = 'watchlist'"), ==, 1);

  /* a flight with one passenger (not the watched person), a gate */
  {
    g_autoptr(GDateTime) dep = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC + 3 * HOUR);
    g_autofree char *dtm = g_date_time_format (dep, "%y%m%d%H%M");
    g_autofree char *key = new_key (admin, "airline", NULL, "tvs");
    g_autoptr(GBytes) body = NULL;
    g_autoptr(JsonNode) r = NULL, reg = NULL;

    date = g_date_time_format (dep, "%Y-%m-%d");
    g_string_append_printf (m, "UNB+UNOA:4+SKYWAY+USCSAPIS+261205:0900+1'UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'"
                               "TDT+20+SW300+++SW'LOC+125+LAX'DTM+189:%s:201'LOC+87+MEX'\n", dtm);
    add_traveller (m, on_board->last_name, on_board->first_name, on_board->birth_date, on_board->citizenship,
                   on_board->document);
    g_string_append (m, "UNT+9+M1'UNZ+1+1'");
    body = g_bytes_new (m->str, m->len);
    airline = pd_test_public_client (d, key);
    r = pd_client_call_bytes (airline, "POST", "/v1/intake/manifests", "application/edifact", body, &error);
    g_assert_no_error (error);
    gate_key = new_key (admin, "gate_device", "LAX", "tvs");
    gate_id = g_strndup (gate_key, strcspn (gate_key + 4, "_") + 4);
    reg = pd_client_post (admin, "/v1/gates", &error, "key_id", G_TYPE_STRING, gate_id, "terminal", G_TYPE_STRING,
                          "4", "gate", G_TYPE_STRING, "42B", NULL);
    g_assert_no_error (error);
    device = pd_test_public_client (d, gate_key);
  }

  /* not validated: the watch list stays silent */
  {
    g_autoptr(JsonNode) keep = NULL;
    g_autofree char *outcome = NULL;

    capture (device, date, watched->capture, &keep);
    outcome = last_outcome (db);
    g_assert_nonnull (outcome);
    g_assert_cmpstr (outcome, !=, "watch-list");
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_alerts WHERE kind = 'watch-list'"), ==, 0);
  }
  /* validation: an analyst's, with a reason */
  validate = g_strdup_printf ("/v1/watchlist/%s/validate", record);
  withdraw = g_strdup_printf ("/v1/watchlist/%s/withdraw", record);
  {
    g_autofree char *other = g_strdup_printf ("/v1/watchlist/%s/validate", on_board->record);
    g_autoptr(JsonNode) r = pd_client_post (officer, validate, &error, "reason", G_TYPE_STRING, "x", NULL);

    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
    g_clear_error (&error);
    r = pd_client_post (analyst, validate, &error, "reason", G_TYPE_STRING, "  ", NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = pd_client_post (analyst, other, &error, "reason", G_TYPE_STRING, "x", NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
    g_clear_error (&error);
    r = pd_client_post (analyst, validate, &error, "reason", G_TYPE_STRING, "Confirmed against the case file", NULL);
    g_assert_no_error (error);
  }
  {
    g_autoptr(JsonNode) list = pd_client_call (analyst, "GET", "/v1/watchlist", NULL, &error);
    JsonObject *e;

    g_assert_no_error (error);
    e = json_array_get_object_element (pd_json_array (json_node_get_object (list), "items"), 0);
    g_assert_cmpstr (pd_json_str (e, "record"), ==, record);
    g_assert_true (pd_json_bool (e, "validated"));
    g_assert_cmpstr (pd_json_str (e, "validated_by"), ==, "pau.diaz");
  }
  /* validated: wait, an alert for manual review */
  {
    g_autoptr(JsonNode) keep = NULL;
    g_autofree char *outcome = NULL;

    g_assert_cmpstr (pd_json_str (capture (device, date, watched->capture, &keep), "action"), ==, "wait");
    outcome = last_outcome (db);
    g_assert_cmpstr (outcome, ==, "watch-list");
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM tvs_alerts WHERE kind = 'watch-list'"), ==, 1);
  }
  /* withdrawn: silent again; the passenger on the flight is unaffected */
  {
    g_autoptr(JsonNode) r = pd_client_post (analyst, withdraw, &error, "reason", G_TYPE_STRING, "Case closed", NULL);
    g_autoptr(JsonNode) k1 = NULL, k2 = NULL;
    g_autofree char *outcome = NULL;

    g_assert_no_error (error);
    capture (device, date, watched->capture, &k1);
    outcome = last_outcome (db);
    g_assert_nonnull (outcome);
    g_assert_cmpstr (outcome, !=, "watch-list");
    g_assert_cmpstr (pd_json_str (capture (device, date, on_board->capture, &k2), "action"), ==, "proceed");
  }
  /* the record removed: out of the watch list's gallery too */
  {
    g_autofree char *path = g_strconcat ("/v1/holdings/", record, NULL);
    g_autoptr(JsonNode) r = pd_client_call (admin, "DELETE", path, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM face_templates WHERE gallery = 'watchlist'"), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tvs/gate", test_gate);
  g_test_add_func ("/tvs/resend", test_resend);
  g_test_add_func ("/tvs/watchlist", test_watchlist);
  status = g_test_run ();
  face_test_cleanup ();
  return status;
}
