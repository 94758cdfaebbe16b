/* test-tsa.c: the TSA identity check against a running portdeskd
 *
 * Holdings from the faces of the npm package's demo pictures (the demo
 * seed), imports that land whole or not at all, a check that finds the
 * person, one that finds nobody (never "the closest person"), a photo
 * without a face, the biographic and A-number search, the 1:1 (green
 * check, red X), the decline, the roles, the aggregate report, the capture
 * and its template in no byte of the database, its WAL or the data
 * directory, and the 365-day purge of what a check keeps, with its
 * deletion receipt.  Captures are PNG crops of holdings photos (4 pixels
 * less at each border), so neither their bytes nor their templates are in
 * the holdings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "face-test-util.h"
#include "tsa-test-util.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-report.h"
#include "pd-test-daemon.h"
#include "pd-clock.h"

#define DAY (24 * 3600)

static JsonObject *
post_photo (PdClient    *client,
            const char  *path,
            GBytes      *photo,
            JsonNode   **keep)
{
  g_autoptr(GError) error = NULL;

  *keep = pd_client_call_bytes (client, "POST", path, "image/png", photo, &error);
  g_assert_no_error (error);
  return json_node_get_object (*keep);
}

static void
assert_refused (PdClient    *client,
                const char  *method,
                const char  *path,
                GBytes      *photo,
                gint         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = photo != NULL ? pd_client_call_bytes (client, method, path, "image/png", photo, &error) :
                                              pd_client_call (client, method, path, NULL, &error);

  g_assert_null (reply);
  g_assert_error (error, PD_ERROR, code);
  g_test_message ("%s %s refused: %s", method, path, error->message);
}

/* The local engine's template of @png, as the service makes it for a check. */
static gboolean
local_template (PdFaceEngine *engine,
                GBytes       *png,
                float        *out)
{
  g_autoptr(PdFaceImage) img = pd_face_image_new_from_bytes (png, NULL);
  g_autoptr(GArray) faces = pd_face_analyze (engine, img, PD_FACE_DETECTOR_SSD, PD_FACE_CHIP_DEFAULT, NULL);
  PdFaceQuality q;

  pd_face_quality_assess (img, (const PdFaceFace *) faces->data, faces->len, &q);
  if (q.face_index < 0)
    return FALSE;
  pd_face_normalize (g_array_index (faces, PdFaceFace, q.face_index).descriptor, out);
  return TRUE;
}

static char *
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  return path;
}

/* Whether @needle (16 windows of 48 bytes of it, as face_test_dir_holds ()
 * looks) is anywhere the daemon keeps data: its data directory, and on
 * PostgreSQL the database's files and write-ahead log, a checkpoint
 * having written out what the server holds. */
static gboolean
stored_anywhere (PdTestDaemon  *d,
                 gconstpointer  needle,
                 gsize          nlen)
{
  g_autofree char *db = pd_test_daemon_db_path (d);

  if (face_test_dir_holds (d->data_dir, needle, nlen))
    return TRUE;
  if (!pd_test_store_is_postgres ())
    return FALSE;
  pd_test_db_checkpoint (db);
  for (guint k = 0; k < 16; k++)
    for (int log = 0; log < 2; log++)
      {
        g_auto(GStrv) files = pd_test_db_files_with (db, log, (const guint8 *) needle + (nlen - 48) * k / 15, 48);

        if (files[0] != NULL)
          {
            g_test_message ("%s holds bytes %zu-%zu of the %zu", files[0], (nlen - 48) * k / 15,
                            (nlen - 48) * k / 15 + 48, nlen);
            return TRUE;
          }
      }
  return FALSE;
}

static void
test_tsa (void)
{
  PdFaceEngine *engine = face_test_engine ();   /* the tests' shared engine */
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL, tsa = NULL, officer = NULL;
  g_autoptr(GPtrArray) holdings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL, *tmp = NULL, *pw = NULL, *today = NULL;
  TsaHolding *known = NULL, *stranger = NULL, *other = NULL;
  gint64 stranger_check = 0, declined_check = 0, n_checks;
  float tmpl[PD_FACE_DESCRIPTOR_DIM];

  if (engine == NULL)
    return;
  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK, NULL);
  db = pd_test_daemon_db_path (d);
  tmp = g_dir_make_tmp ("pd-tsa-XXXXXX", NULL);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  tsa = pd_test_login (d, "tsa.kim", NULL, TRUE);
  officer = pd_test_login (d, "officer.ray", NULL, TRUE);

  /* the demo holdings: the faces of the package's pictures, and 5 synthetic */
  {
    g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 5, NULL);
    g_assert_no_error (error);
  }
  holdings = tsa_test_holdings (admin, tmp);
  g_assert_cmpuint (holdings->len, >=, 6);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM holdings"), ==, holdings->len + 5);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM face_templates WHERE gallery = 'holdings'"), ==,
                   holdings->len + 5);

  /* a check by another role: refused */
  assert_refused (officer, "POST", "/v1/identity/checks", ((TsaHolding *) holdings->pdata[0])->capture,
                  PD_ERROR_FORBIDDEN);
  assert_refused (admin, "POST", "/v1/identity/checks", ((TsaHolding *) holdings->pdata[0])->capture,
                  PD_ERROR_FORBIDDEN);

  /* a stranger: a record removed, its person then unknown; never the
   * closest person: no record at all */
  stranger = tsa_test_stranger (admin, tsa, holdings, &stranger_check);
  g_assert_nonnull (stranger);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM identity_checks WHERE outcome = 'no-match' AND "
                                       "a_number IS NULL"), ==, 1);

  /* a known traveller: the record, its photograph, the operating point */
  for (guint i = holdings->len; i-- > 0 && known == NULL;)
    if (!((TsaHolding *) holdings->pdata[i])->removed)
      known = holdings->pdata[i];
  {
    g_autoptr(JsonNode) keep = NULL;
    JsonObject *o = post_photo (tsa, "/v1/identity/checks", known->capture, &keep);
    JsonObject *rec = pd_json_obj (o, "record");
    gint64 check = pd_json_int (o, "check", 0);
    g_autofree char *path = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/records?a_number=%s", check,
                                             known->a_number);

    g_assert_cmpstr (pd_json_str (o, "outcome"), ==, "match");
    g_assert_cmpstr (pd_json_str (rec, "record"), ==, known->record);
    g_assert_cmpstr (pd_json_str (rec, "a_number"), ==, known->a_number);
    g_assert_nonnull (pd_json_str (rec, "citizenship"));
    g_assert_true (json_object_has_member (rec, "eligible_to_fly"));
    g_assert_cmpuint (json_array_get_length (pd_json_array (rec, "photos")), ==, 1);
    g_assert_cmpfloat (json_object_get_double_member (o, "similarity"), >=, json_object_get_double_member (o, "threshold"));
    g_assert_cmpfloat (json_object_get_double_member (o, "target_fmr"), ==, 0.001);
    g_assert_nonnull (pd_json_str (o, "thresholds_version"));
    /* a match is the answer: nothing to search after it */
    assert_refused (tsa, "GET", path, NULL, PD_ERROR_CONFLICT);
  }
  for (guint i = 0; i < holdings->len && other == NULL; i++)
    if (!((TsaHolding *) holdings->pdata[i])->removed && holdings->pdata[i] != known)
      other = holdings->pdata[i];
  g_assert_nonnull (other);

  /* not usable: a picture without a face, and what is not a picture */
  {
    g_autoptr(PdFaceImage) blank = pd_face_image_new (640, 480);
    g_autoptr(GBytes) png = NULL, junk = g_bytes_new_static ("GIF89a not a photo", 18);
    g_autoptr(JsonNode) keep = NULL;
    JsonObject *o;

    memset (blank->rgb, 128, (gsize) 640 * 480 * 3);
    png = tsa_test_png (blank, tmp, "blank.png");
    o = post_photo (tsa, "/v1/identity/checks", png, &keep);
    g_assert_cmpstr (pd_json_str (o, "outcome"), ==, "not-usable");
    g_assert_cmpuint (json_array_get_length (pd_json_array (pd_json_obj (o, "quality"), "reasons")), >, 0);
    g_assert_null (pd_json_obj (o, "record"));
    n_checks = pd_test_db_int (db, "SELECT count(*) FROM identity_checks");
    assert_refused (tsa, "POST", "/v1/identity/checks", junk, PD_ERROR_INVALID);
    /* a JPEG cut short, and one whose header claims 60000 x 60000 pixels */
    {
      gsize len;
      const guint8 *jpeg = g_bytes_get_data (known->jpeg, &len);
      g_autoptr(GBytes) cut = g_bytes_new (jpeg, len / 3);
      g_autofree guint8 *huge = g_memdup2 (jpeg, len);
      g_autoptr(GBytes) huge_bytes = NULL;

      assert_refused (tsa, "POST", "/v1/identity/checks", cut, PD_ERROR_INVALID);
      for (gsize i = 2; i + 9 < len; i++)
        if (huge[i] == 0xff && (huge[i + 1] == 0xc0 || huge[i + 1] == 0xc2))   /* SOF0 / SOF2 */
          {
            huge[i + 5] = huge[i + 7] = 0xea;   /* height, width: 0xea60 = 60000 */
            huge[i + 6] = huge[i + 8] = 0x60;
            break;
          }
      huge_bytes = g_bytes_new (huge, len);
      assert_refused (tsa, "POST", "/v1/identity/checks", huge_bytes, PD_ERROR_INVALID);
    }
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM identity_checks"), ==, n_checks);
  }

  /* the fallback for the stranger: by name and date of birth (fuzzy), by
   * A-number, then the 1:1: a red X against another person */
  {
    g_autofree char *fuzzy = g_strdup (other->last_name);
    g_autofree char *initial = g_strndup (other->first_name, 1);
    g_autofree char *by_name = NULL, *by_number = NULL, *unknown = NULL, *bad_date = NULL, *verify = NULL;
    g_autoptr(JsonNode) found = NULL, keep = NULL;
    JsonArray *items;
    JsonObject *o;

    fuzzy[strlen (fuzzy) - 1] = fuzzy[strlen (fuzzy) - 1] == 'z' ? 'y' : 'z';   /* one letter wrong */
    by_name = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/records?last_name=%s&first_name=%s&"
                               "birth_date=%s", stranger_check, fuzzy, initial, other->birth_date);
    found = pd_client_call (tsa, "GET", by_name, NULL, &error);
    g_assert_no_error (error);
    items = pd_json_array (json_node_get_object (found), "items");
    g_assert_cmpuint (json_array_get_length (items), >=, 1);
    g_assert_cmpstr (pd_json_str (json_array_get_object_element (items, 0), "record"), ==, other->record);
    g_assert_false (json_object_has_member (json_array_get_object_element (items, 0), "photos"));
    g_clear_pointer (&found, json_node_unref);
    by_number = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/records?a_number=%s", stranger_check,
                                 other->a_number + 1);   /* without its A */
    found = pd_client_call (tsa, "GET", by_number, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pd_json_str (json_array_get_object_element (pd_json_array (json_node_get_object (found), "items"),
                                                                 0), "record"), ==, other->record);
    unknown = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/records?a_number=A999999999", stranger_check);
    assert_refused (tsa, "GET", unknown, NULL, PD_ERROR_NOT_FOUND);
    bad_date = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/records?last_name=X&first_name=Y&"
                                "birth_date=1990-02-31", stranger_check);
    assert_refused (tsa, "GET", bad_date, NULL, PD_ERROR_INVALID);
    assert_refused (tsa, "GET", "/v1/identity/checks/999/records?a_number=A200000001", NULL, PD_ERROR_NOT_FOUND);

    verify = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/verify?record=%s", stranger_check,
                              other->record);
    o = post_photo (tsa, verify, stranger->capture, &keep);
    g_assert_cmpstr (pd_json_str (o, "outcome"), ==, "not-verified");
    g_assert_nonnull (strstr (pd_json_str (o, "message"), "National Transportation Vetting Center"));
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM identity_checks WHERE fallback = 'not-verified' AND "
                                         "a_number IS NOT NULL"), ==, 1);
  }

  /* declined: the biographic search alone, then a green check */
  {
    g_autoptr(JsonNode) r = pd_client_call (tsa, "POST", "/v1/identity/declined", NULL, &error);
    g_autoptr(JsonNode) keep = NULL;
    g_autofree char *verify = NULL;
    JsonObject *o;

    g_assert_no_error (error);
    declined_check = pd_json_int (json_node_get_object (r), "check", 0);
    g_assert_cmpint (declined_check, >, 0);
    verify = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/verify?record=%s", declined_check,
                              other->record);
    o = post_photo (tsa, verify, other->capture, &keep);
    g_assert_cmpstr (pd_json_str (o, "outcome"), ==, "verified");
    g_assert_null (pd_json_str (o, "message"));
  }

  /* the report: counts only, no person in it */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *path = NULL, *text = NULL;
    g_autoptr(JsonNode) r = NULL;
    gint64 t = pd_test_db_int (db, "SELECT max(created_at) FROM identity_checks") / G_USEC_PER_SEC;
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (t);

    today = g_date_time_format (at, "%Y-%m-%d");
    path = g_strdup_printf ("/v1/reports/tsa?from=%s&to=%s&by=day", today, today);
    r = pd_client_call (tsa, "GET", path, NULL, &error);
    g_assert_no_error (error);
    text = pd_json_to_string (r, FALSE);
    {
      JsonArray *checks = pd_json_array (pd_report_series (json_node_get_object (r), "checks"), "rows");
      JsonArray *fallbacks = pd_json_array (pd_report_series (json_node_get_object (r), "fallbacks"), "rows");
      JsonArray *response = pd_json_array (pd_report_series (json_node_get_object (r), "response"), "rows");
      JsonArray *c, *f;

      /* key, submissions, matches, no_match, not_usable, declined */
      g_assert_cmpuint (json_array_get_length (checks), ==, 1);
      c = json_array_get_array_element (checks, 0);
      g_assert_cmpint (json_array_get_int_element (c, 1), ==, pd_test_db_int (db, "SELECT count(*) FROM identity_checks"));
      g_assert_cmpint (json_array_get_int_element (c, 2), >=, 1);
      g_assert_cmpint (json_array_get_int_element (c, 3), ==, 1);
      g_assert_cmpint (json_array_get_int_element (c, 4), ==, 1);
      g_assert_cmpint (json_array_get_int_element (c, 5), ==, 1);
      /* key, searched, verified, not verified */
      f = json_array_get_array_element (fallbacks, 0);
      g_assert_cmpint (json_array_get_int_element (f, 2), ==, 1);
      g_assert_cmpint (json_array_get_int_element (f, 3), ==, 1);
      g_assert_cmpuint (json_array_get_length (response), ==, 1);   /* p50, p95 of the photo checks */
    }
    g_assert_null (strstr (text, other->last_name));
    g_assert_null (strstr (text, other->a_number + 1));
    g_assert_null (strstr (text, "tsa.kim"));
  }

  /* the audit: every check, search and 1:1, never the record found */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'identity.check'"), >=, 3);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'identity.search'"), >=, 2);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'identity.verify'"), ==, 2);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'identity.check' AND "
                                       "params LIKE '%thresholds_version%' AND params NOT LIKE '%record%'"), >=, 3);

  /* an import: a row with errors imports nothing; the file mended, all of it */
  {
    g_autofree char *pwfile = NULL, *csv = NULL, *bad = NULL, *good = NULL, *out = NULL;
    gint64 before = pd_test_db_int (db, "SELECT count(*) FROM holdings");
    g_autofree char *p1 = write_file (tmp, "one.jpg", known->jpeg), *p2 = write_file (tmp, "two.jpg", other->jpeg);

    pwfile = g_build_filename (tmp, "pw", NULL);
    g_assert_true (g_file_set_contents (pwfile, PD_TEST_DEMO_PASSWORD "\n", -1, NULL));
    csv = g_strdup ("first_name,last_name,birth_date,a_number,citizenship,passport_at_arrival,intent_to_depart,"
                    "eligible_to_fly,source,source_date,photos\r\n"
                    "Rosa,Ibarra,1988-04-02,A087654321,MEX,yes,no,yes,ERO import,2026-10-01,one.jpg\r\n"
                    "Tomas,\"Nunez, Jr.\",1979-12-30,,COUNTRY,no,yes,no,ERO import,2026-10-01,two.jpg\r\n");
    bad = g_build_filename (tmp, "bad.csv", NULL);
    good = g_build_filename (tmp, "good.csv", NULL);
    {
      g_autoptr(GString) b = g_string_new (csv), g = g_string_new (csv);

      g_string_replace (b, "COUNTRY", "Mexico", 1);
      g_string_replace (g, "COUNTRY", "MEX", 1);
      g_assert_true (g_file_set_contents (bad, b->str, -1, NULL));
      g_assert_true (g_file_set_contents (good, g->str, -1, NULL));
    }
    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "admin.demo", "--password-file", pwfile, "--accept-rules",
                                  "holdings", "import", bad, "--photos", tmp, NULL), ==, 1);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM holdings"), ==, before);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "admin.demo", "--password-file", pwfile, "--accept-rules",
                                  "holdings", "import", good, "--photos", tmp, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Imported 2 records"));
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM holdings"), ==, before + 2);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM holdings WHERE last_name = 'Nunez, Jr.' AND "
                                         "a_number IS NULL"), ==, 1);
    /* the same A-number again: refused, nothing imported */
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "admin.demo", "--password-file", pwfile, "--accept-rules",
                                  "holdings", "import", good, "--photos", tmp, NULL), ==, 1);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM holdings"), ==, before + 2);
    /* identity check from the command line */
    g_clear_pointer (&out, g_free);
    {
      g_autofree char *cap = write_file (tmp, "capture.png", known->capture);
      g_assert_cmpint (pd_test_ctl (d, &out, "--user", "tsa.kim", "--password-file", pwfile, "--accept-rules",
                                    "identity", "check", cap, NULL), ==, 0);
      g_assert_nonnull (strstr (out, "MATCH"));
      g_assert_true (g_remove (cap) == 0);
    }
  }

  /* no core dump of the service could hold a capture */
  {
    g_autofree char *limits_path = g_strdup_printf ("/proc/%s/limits", g_subprocess_get_identifier (d->proc));
    g_autofree char *limits = NULL;
    g_autoptr(GRegex) none = g_regex_new ("^Max core file size +0 +0 ", G_REGEX_MULTILINE, 0, NULL);

    g_assert_true (g_file_get_contents (limits_path, &limits, NULL, NULL));
    g_assert_true (g_regex_match (none, limits, 0, NULL));
  }

  /* never stored: the captures and their templates are in no byte of the
   * database, its WAL or the data directory */
  pd_test_daemon_stop (d);
  {
    TsaHolding *captured[] = { known, stranger, other };

    for (guint i = 0; i < G_N_ELEMENTS (captured); i++)
      {
        gsize len;
        gconstpointer bytes = g_bytes_get_data (captured[i]->capture, &len);

        g_assert_false (stored_anywhere (d, bytes, len));
        g_assert_true (local_template (engine, captured[i]->capture, tmpl));
        g_assert_false (stored_anywhere (d, tmpl, sizeof tmpl));
      }
    /* the scan finds what is there: an enrollment photo of the holdings */
    g_assert_true (stored_anywhere (d, g_bytes_get_data (other->jpeg, NULL), g_bytes_get_size (other->jpeg)));
  }
  pd_test_daemon_start (d, PD_TEST_DAEMON_TEST_CLOCK);

  /* kept 365 days: 5 s before, all there; 5 s after, purged with one
   * receipt (the test clock stands still: every check has the same time) */
  g_clear_object (&admin);
  {
    gint64 n = pd_test_db_int (db, "SELECT count(*) FROM identity_checks"), head, now;
    gint64 made = pd_test_db_int (db, "SELECT max(created_at) FROM identity_checks");
    g_autoptr(JsonNode) r = NULL, status = NULL;
    g_autoptr(PdClient) anon = pd_test_client (d);

    g_assert_cmpint (made, ==, pd_test_db_int (db, "SELECT min(created_at) FROM identity_checks"));
    status = pd_client_call (anon, "GET", "/v1/status", NULL, &error);
    g_assert_no_error (error);
    g_assert_true (pd_time_parse (pd_json_str (json_node_get_object (status), "now"), &now));
    pd_test_clock_advance (d, (made - now) / G_USEC_PER_SEC + 365 * DAY - 5);
    admin = pd_test_login (d, "admin.demo", NULL, TRUE);
    r = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM identity_checks"), ==, n);
    head = pd_test_db_int (db, "SELECT max(seq) FROM audit");
    pd_test_clock_advance (d, 10);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM identity_checks"), ==, 0);
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'retention.purge' AND "
                                              "object = 'tsa.biographic' AND seq > %" G_GINT64_FORMAT, head);
      g_assert_cmpint (pd_test_db_int (db, sql), ==, 1);
    }
    /* the holdings themselves are the agency's records: not purged */
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM holdings"), >, 0);
  }
  face_test_cleanup ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tsa/identity-check", test_tsa);
  return g_test_run ();
}
