/* test-lpr.c: LPR end to end against a running portdeskd
 *
 * A camera feed's reads raise live alerts to entitled analysts: a hit for
 * the listed plate and state, a possible hit (never a hit) for an OCR
 * look-alike or another state, one alert for reads close together, none
 * twice for a re-sent read; a bad batch stores nothing.  Displays: items
 * lapse a year after their last validation (receipt), CSV out and in,
 * the auditor's quarterly sign-off.  Queries: only for an open case of
 * the analyst, never more than 5 years back, parameters audited and
 * results not; cached results go after lpr_cache_hours (4 and 24, with
 * receipts) unless saved to the case.  Nothing without the entitlement.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"
#include "pd-test-events.h"

#define HOUR (3600)
#define DAY  (24 * 3600)

/* A read of @plate in @state by @reader, @ago seconds before now. */
static JsonObject *
read_at (PdTestDaemon *d,
         const char   *plate,
         const char   *state,
         const char   *reader,
         gint64        ago)
{
  JsonObject *o = json_object_new ();
  g_autofree char *t = pd_time_format (pd_test_daemon_now (d) - ago * G_USEC_PER_SEC);

  json_object_set_string_member (o, "plate", plate);
  json_object_set_string_member (o, "state", state);
  json_object_set_string_member (o, "observed_at", t);
  json_object_set_string_member (o, "reader_id", reader);
  json_object_set_string_member (o, "reader_address", "I-5 N at San Ysidro");
  json_object_set_double_member (o, "lat", 32.5422);
  json_object_set_double_member (o, "lon", -117.0297);
  json_object_set_string_member (o, "camera_owner", "Caltrans");
  json_object_set_string_member (o, "camera_type", "fixed");
  json_object_set_string_member (o, "make", "Toyota");
  json_object_set_string_member (o, "model", "Camry");
  return o;
}

/* POSTs @reads ({"reads": [...]}, taken) as the feed. */
static JsonNode *
send_reads (PdClient    *feed,
            GPtrArray   *reads,
            GError     **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < reads->len; i++)
    json_array_add_object_element (a, json_object_ref (reads->pdata[i]));
  json_object_set_array_member (body, "reads", a);
  node = json_node_init_object (json_node_alloc (), body);
  return pd_client_call (feed, "POST", "/v1/lpr/reads", node, error);
}

static GPtrArray *
reads_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static gint64
post_id (PdClient    *c,
         const char  *path,
         const char  *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) p = json_parser_new ();
  g_autoptr(JsonNode) r = NULL;

  g_assert_true (json_parser_load_from_data (p, json, -1, NULL));
  r = pd_client_call (c, "POST", path, json_parser_get_root (p), &error);
  g_assert_no_error (error);
  /* a new display or case: its id; new items: the first one's */
  if (json_object_has_member (json_node_get_object (r), "items"))
    return json_array_get_int_element (json_object_get_array_member (json_node_get_object (r), "items"), 0);
  return json_object_get_int_member (json_node_get_object (r), "id");
}

static JsonArray *
items_of (JsonNode *r)
{
  return json_object_get_array_member (json_node_get_object (r), "items");
}

static void
test_lpr_alerts (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP, "[portdeskd]\nsession_idle_minutes=1440\n");
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) analyst = pd_test_grant (d, "lpr.ortiz", "lpr", 1);
  g_autofree char *key = pd_test_api_key (admin, "lpr_feed", "Caltrans feed", NULL, "lpr");
  g_autofree char *broker_key = pd_test_api_key (admin, "broker", "Acme", NULL, "scheduling");
  g_autoptr(PdClient) feed = pd_test_public_client (d, key);
  g_autoptr(PdClient) broker = pd_test_public_client (d, broker_key);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GPtrArray) batch = reads_new ();
  PdTestEvents ev = { 0 };
  gint64 display;

  display = post_id (analyst, "/v1/lpr/displays", "{\"name\": \"Stolen vehicles\", \"reason\": \"NCIC stolen\"}");
  g_assert_cmpint (display, >, 0);
  {
    g_autofree char *path = g_strdup_printf ("/v1/lpr/displays/%" G_GINT64_FORMAT "/items", display);
    g_autoptr(JsonParser) p = json_parser_new ();

    g_assert_true (json_parser_load_from_data (p, "{\"items\": [{\"plate\": \"7ABC123\", \"state\": \"CA\", "
                                               "\"reason\": \"stolen 2026-11-30\"}, {\"plate\": \"5SAM00\", "
                                               "\"state\": \"az\", \"reason\": \"amber alert\"}]}", -1, NULL));
    r = pd_client_call (analyst, "POST", path, json_parser_get_root (p), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_clear_pointer (&r, json_node_unref);
    /* the same plate twice on a display: refused */
    r = pd_client_call (analyst, "POST", path, json_parser_get_root (p), &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
    g_clear_error (&error);
  }
  pd_test_events_open (&ev, d->socket, NULL, pd_client_get_token (analyst));

  /* a bad read anywhere in the batch: nothing is stored, every problem named */
  g_ptr_array_add (batch, read_at (d, "7ABC123", "CA", "R1", 60));
  g_ptr_array_add (batch, read_at (d, "7AB$123", "CA", "R1", 50));
  g_ptr_array_add (batch, read_at (d, "7ABC124", "CA", "R1", 6 * 365 * DAY));
  r = send_reads (feed, batch, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "read 2: plate"));
  g_assert_nonnull (strstr (error->message, "read 3: observed_at"));
  g_assert_nonnull (strstr (error->message, "5 years"));
  g_clear_error (&error);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_reads"), ==, 0);
  /* another key kind may not post reads */
  r = send_reads (broker, batch, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* the hit, two look-alikes (7A8C123: B/8; 7ABC123 in NV: state), one plate not listed */
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, read_at (d, "7ABC123", "CA", "R1", 600));
  g_ptr_array_add (batch, read_at (d, "7A8C123", "CA", "R2", 590));
  g_ptr_array_add (batch, read_at (d, "7abc-123", "NV", "R3", 580));
  g_ptr_array_add (batch, read_at (d, "4XYZ999", "CA", "R1", 570));
  r = send_reads (feed, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "stored"), ==, 4);
  g_assert_false (json_object_has_member (json_node_get_object (r), "alerts"));   /* a feed learns nothing */
  g_clear_pointer (&r, json_node_unref);
  g_assert_true (pd_test_events_wait_for (&ev, "\"lpr.hit\""));
  g_assert_true (pd_test_events_wait_for (&ev, "\"possible\""));

  /* the same reads again: duplicates, no new alert; the hit seen by another reader soon after: the same alert */
  r = send_reads (feed, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "duplicates"), ==, 4);
  g_clear_pointer (&r, json_node_unref);
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, read_at (d, "7ABC123", "CA", "R9", 500));
  r = send_reads (feed, batch, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_alerts"), ==, 3);

  r = pd_client_call (analyst, "GET", "/v1/lpr/alerts", NULL, &error);
  g_assert_no_error (error);
  {
    JsonArray *a = items_of (r);
    guint hits = 0, possible = 0;

    g_assert_cmpuint (json_array_get_length (a), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *o = json_array_get_object_element (a, i);
        const char *kind = json_object_get_string_member (o, "kind");

        if (g_str_equal (kind, "hit"))
          {
            hits++;
            g_assert_cmpint (json_object_get_int_member (o, "reads"), ==, 2);
          }
        else
          {
            g_assert_cmpstr (kind, ==, "possible");
            possible++;
            if (g_str_equal (json_object_get_string_member (o, "plate"), "7A8C123"))
              {
                JsonObject *l = json_array_get_object_element (json_object_get_array_member (o, "look_alikes"), 0);
                g_assert_cmpint (json_object_get_int_member (l, "position"), ==, 2);
                g_assert_cmpstr (json_object_get_string_member (l, "read"), ==, "8");
                g_assert_cmpstr (json_object_get_string_member (l, "listed"), ==, "B");
              }
            else
              g_assert_true (json_object_get_boolean_member (o, "state_differs"));
          }
      }
    g_assert_cmpuint (hits, ==, 1);
    g_assert_cmpuint (possible, ==, 2);
  }
  g_clear_pointer (&r, json_node_unref);

  /* an hour later the plate is read again: a new alert */
  pd_test_clock_advance (d, HOUR);
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, read_at (d, "7ABC123", "CA", "R1", 0));
  r = send_reads (feed, batch, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_alerts WHERE kind = 'hit'"), ==, 2);

  /* dispositions: one of three, with a reason, once */
  r = pd_client_post (analyst, "/v1/lpr/alerts/1/disposition", &error, "disposition", G_TYPE_STRING, "arrested",
                      "reason", G_TYPE_STRING, "x", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (analyst, "/v1/lpr/alerts/1/disposition", &error, "disposition", G_TYPE_STRING, "confirmed",
                      "reason", G_TYPE_STRING, "Plate and vehicle match the NCIC entry", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (analyst, "/v1/lpr/alerts/1/disposition", &error, "disposition", G_TYPE_STRING, "misread",
                      "reason", G_TYPE_STRING, "again", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);
  r = pd_client_call (analyst, "GET", "/v1/lpr/alerts/1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "disposition"), ==, "confirmed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items")), ==, 2);
  g_clear_pointer (&r, json_node_unref);

  /* an analyst without the entitlement sees nothing */
  {
    g_autoptr(PdClient) other = NULL;

    r = pd_client_post (admin, "/v1/users", &error, "username", G_TYPE_STRING, "lpr.new", "display_name",
                        G_TYPE_STRING, "New Analyst", "email", G_TYPE_STRING, "lpr.new@cbp.example", "role",
                        G_TYPE_STRING, "lpr_analyst", "password", G_TYPE_STRING, PD_TEST_DEMO_PASSWORD, NULL);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    other = pd_test_login (d, "lpr.new", NULL, TRUE);
    r = pd_client_call (other, "GET", "/v1/lpr/alerts", NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
    g_assert_nonnull (strstr (error->message, "entitlement"));
    g_clear_error (&error);
  }

  /* analysts import CSV: all rows or none */
  {
    g_autoptr(GBytes) bad = NULL, good = NULL;
    g_autofree char *t = pd_time_format (pd_test_daemon_now (d) - 60 * G_USEC_PER_SEC);
    g_autofree char *bad_csv = g_strdup_printf ("plate,state,observed_at,reader_id\n1AAA111,CA,%s,R5\n"
                                                "2BBB222,CA,yesterday,R5\n", t);
    g_autofree char *good_csv = g_strdup_printf ("plate,state,observed_at,reader_id,make\n1AAA111,CA,%s,R5,Ford\n"
                                                 "5SAM00,AZ,%s,R5,\"Ford, blue\"\n", t, t);
    gint64 before = pd_test_db_int (db, "SELECT count(*) FROM lpr_reads");

    g_autofree char *csv_file = g_build_filename (d->dir, "reads.csv", NULL);
    g_autofree char *pw = g_build_filename (d->dir, "pw", NULL);
    g_autofree char *out = NULL;
    gint64 import;

    /* staged in parts: a bad part is refused with its rows named (numbered in the file), nothing stored */
    r = pd_client_call (analyst, "POST", "/v1/lpr/imports", NULL, &error);
    g_assert_no_error (error);
    import = json_object_get_int_member (json_node_get_object (r), "import");
    g_clear_pointer (&r, json_node_unref);
    {
      g_autofree char *rows = g_strdup_printf ("/v1/lpr/imports/%" G_GINT64_FORMAT "/rows?first=101", import);
      g_autofree char *commit = g_strdup_printf ("/v1/lpr/imports/%" G_GINT64_FORMAT "/commit", import);

      bad = g_bytes_new (bad_csv, strlen (bad_csv));
      r = pd_client_call_bytes (analyst, "POST", rows, "text/csv", bad, &error);
      g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "row 102: observed_at"));
      g_clear_error (&error);
      good = g_bytes_new (good_csv, strlen (good_csv));
      r = pd_client_call_bytes (analyst, "POST", rows, "text/csv", good, &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "staged"), ==, 2);
      g_clear_pointer (&r, json_node_unref);
      g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_reads"), ==, before);   /* staged only */
      r = pd_client_call (analyst, "POST", commit, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "stored"), ==, 2);
      g_clear_pointer (&r, json_node_unref);
      r = pd_client_call (analyst, "POST", commit, NULL, &error);   /* once */
      g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_alerts WHERE listed_plate = '5SAM00'"), ==, 1);

    /* portdeskctl: a file with a bad row imports nothing; a good one (in parts of 5,000) imports all */
    g_assert_true (g_file_set_contents (pw, PD_TEST_DEMO_PASSWORD, -1, NULL));
    g_assert_true (g_file_set_contents (csv_file, bad_csv, -1, NULL));
    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "lpr.ortiz", "--password-file", pw, "--accept-rules", "lpr",
                                  "import", csv_file, NULL), ==, 1);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_reads"), ==, before + 2);
    g_clear_pointer (&out, g_free);
    {
      g_autoptr(GString) many = g_string_new ("plate,state,observed_at,reader_id\n");

      for (guint i = 0; i < 12000; i++)
        g_string_append_printf (many, "Q%06u,CA,%s,R8\n", i, t);
      g_assert_true (g_file_set_contents (csv_file, many->str, many->len, NULL));
    }
    g_assert_cmpint (pd_test_ctl (d, &out, "--user", "lpr.ortiz", "--password-file", pw, "--accept-rules", "lpr",
                                  "import", csv_file, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Imported 12000 reads"));
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_reads"), ==, before + 2 + 12000);
  }

  /* portdeskctl plays the feed */
  {
    g_autofree char *key_file = g_build_filename (d->dir, "feed.key", NULL);
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
    g_autofree char *out = NULL;

    g_assert_true (g_file_set_contents (key_file, key, -1, NULL));
    g_assert_cmpint (pd_test_ctl (d, &out, "--url", url, "--api-key-file", key_file, "lpr", "read", "--plate",
                                  "5SAMOO", "--state", "AZ", "--reader", "R7", NULL), ==, 0);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_alerts WHERE plate = '5SAMOO' "
                                     "AND kind = 'possible'"), ==, 1);
  }
  pd_test_events_clear (&ev);
}

/* The grant counts only while its privacy training is less than a year old. */
static void
test_lpr_training_lapse (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK,
                                                  "[portdeskd]\nsession_idle_minutes=1440\n");
  g_autoptr(PdClient) analyst = pd_test_grant (d, "lpr.ortiz", "lpr", 300);   /* trained 300 days ago */
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (analyst, "GET", "/v1/lpr/cases", NULL, &error);

  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  pd_test_clock_advance (d, 64 * DAY);
  g_clear_object (&analyst);
  analyst = pd_test_login (d, "lpr.ortiz", NULL, TRUE);
  r = pd_client_call (analyst, "GET", "/v1/lpr/cases", NULL, &error);
  g_assert_no_error (error);   /* 364 days after the training */
  g_clear_pointer (&r, json_node_unref);
  pd_test_clock_advance (d, 2 * DAY);
  g_clear_object (&analyst);
  analyst = pd_test_login (d, "lpr.ortiz", NULL, TRUE);
  r = pd_client_call (analyst, "GET", "/v1/lpr/cases", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "entitlement"));
}

static void
test_lpr_displays (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP, "[portdeskd]\nsession_idle_minutes=1440\n");
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  g_autoptr(PdClient) analyst = pd_test_grant (d, "lpr.ortiz", "lpr", 1);
  g_autofree char *key = pd_test_api_key (admin, "lpr_feed", "Caltrans feed", NULL, "lpr");
  g_autoptr(PdClient) feed = pd_test_public_client (d, key);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GPtrArray) batch = reads_new ();
  g_autoptr(GBytes) csv = NULL;
  gint64 display, copy, head;
  guint status = 0;

  r = pd_client_post (analyst, "/v1/lpr/displays", &error, "name", G_TYPE_STRING, "Smuggling", "reason",
                      G_TYPE_STRING, "Case 2026-114 vehicles", NULL);
  g_assert_no_error (error);
  display = json_object_get_int_member (json_node_get_object (r), "id");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (r), "notice"), "promptly"));
  g_clear_pointer (&r, json_node_unref);
  post_id (analyst, "/v1/lpr/displays/1/items", "{\"plate\": \"KEEP01\", \"state\": \"TX\", \"reason\": \"r\"}");
  post_id (analyst, "/v1/lpr/displays/1/items", "{\"plate\": \"LAPSE01\", \"state\": \"TX\", \"reason\": \"r\"}");
  /* bad items name their field; the auditor may look but not add */
  r = pd_client_post (analyst, "/v1/lpr/displays/1/items", &error, "plate", G_TYPE_STRING, "ONE", "state",
                      G_TYPE_STRING, "Texas", "reason", G_TYPE_STRING, "r", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "state"));
  g_clear_error (&error);
  r = pd_client_post (auditor, "/v1/lpr/displays/1/items", &error, "plate", G_TYPE_STRING, "ONE", "state",
                      G_TYPE_STRING, "TX", "reason", G_TYPE_STRING, "r", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* export, and import into a second display */
  csv = pd_client_call_raw (analyst, "GET", "/v1/lpr/displays/1/export", NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), "\"KEEP01\",\"TX\",\"r\","));
  copy = post_id (analyst, "/v1/lpr/displays", "{\"name\": \"Copy\", \"reason\": \"test\"}");
  {
    g_autofree char *path = g_strdup_printf ("/v1/lpr/displays/%" G_GINT64_FORMAT "/import", copy);
    static const char bad[] = "plate,state,reason,expires\nCOPY1,NM,r,\nCOPY2,NM,r,2099-01-01\nCOPY3,NM,,\n";
    g_autoptr(GBytes) body = g_bytes_new_static (bad, strlen (bad));
    r = pd_client_call_bytes (analyst, "POST", path, "text/csv", body, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "row 3: Missing required field 'reason'"));
    g_clear_error (&error);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_items WHERE plate LIKE 'COPY%'"), ==, 0);
    g_bytes_unref (body);
    body = g_bytes_new (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
    r = pd_client_call_bytes (analyst, "POST", path, "text/csv", body, &error);   /* an export imports again */
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_clear_pointer (&r, json_node_unref);
  }

  /* eleven months on, the owner is prompted; KEEP01 is re-validated, LAPSE01 is not */
  pd_test_clock_advance (d, 340 * DAY);
  g_clear_object (&analyst);
  /* (the grant lapsed: nobody re-certified it these three quarters) */
  analyst = pd_test_grant (d, "lpr.ortiz", "lpr", 1);
  r = pd_client_call (analyst, "GET", "/v1/lpr/displays", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items_of (r), 1), "due"), ==, 2);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (analyst, "POST", "/v1/lpr/items/1/validate", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  head = pd_test_db_int (db, "SELECT max(seq) FROM audit");
  pd_test_clock_advance (d, 26 * DAY);
  g_clear_object (&admin);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  r = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_items WHERE display_id = 1"), ==, 1);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_items WHERE plate = 'KEEP01'"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'retention.purge' AND "
                                            "object = 'lpr.display.items' AND seq > %" G_GINT64_FORMAT, head);
    g_assert_cmpint (pd_test_db_int (db, sql), ==, 1);
  }
  /* nobody signed the display off these quarters: it is silent, even for the kept plate */
  g_ptr_array_add (batch, read_at (d, "LAPSE01", "TX", "R1", 10));
  g_ptr_array_add (batch, read_at (d, "KEEP01", "TX", "R1", 10));
  {
    g_autoptr(JsonNode) sent = send_reads (feed, batch, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_alerts"), ==, 0);
  g_ptr_array_set_size (batch, 0);
  g_clear_object (&auditor);
  auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  r = pd_client_call (auditor, "GET", "/v1/lpr/displays", NULL, &error);
  g_assert_no_error (error);
  {
    gint64 until = 0;

    for (guint i = 0; i < json_array_get_length (items_of (r)); i++)
      {
        JsonObject *o = json_array_get_object_element (items_of (r), i);
        if (json_object_get_int_member (o, "id") == 1)
          g_assert_true (pd_time_parse (json_object_get_string_member (o, "alerts_until"), &until));
      }
    g_assert_cmpint (until, >, 0);
    g_assert_cmpint (until, <, pd_test_daemon_now (d));
  }
  g_clear_pointer (&r, json_node_unref);

  /* the quarterly review: the auditor signs each display once a quarter */
  g_clear_object (&auditor);
  g_clear_object (&analyst);
  auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  analyst = pd_test_login (d, "lpr.ortiz", NULL, TRUE);
  r = pd_client_call (auditor, "GET", "/v1/lpr/reviews", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (items_of (r), 0), "signed_by"));
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (auditor, "/v1/lpr/displays/1/review", &error, "note", G_TYPE_STRING, "Items justified", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (auditor, "/v1/lpr/displays/1/review", &error, "note", G_TYPE_STRING, "again", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);
  r = pd_client_post (analyst, "/v1/lpr/displays/1/review", &error, "note", G_TYPE_STRING, "mine", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  r = pd_client_call (auditor, "GET", "/v1/lpr/reviews", NULL, &error);
  g_assert_no_error (error);
  {
    guint signed_ = 0;
    for (guint i = 0; i < 2; i++)
      if (!json_object_get_null_member (json_array_get_object_element (items_of (r), i), "signed_by"))
        {
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (r), i),
                                                          "signed_by"), ==, "auditor.fox");
          signed_++;
        }
    g_assert_cmpuint (signed_, ==, 1);
  }
  g_clear_pointer (&r, json_node_unref);
  /* signed off: the kept plate alerts again; the lapsed one never */
  g_ptr_array_add (batch, read_at (d, "LAPSE01", "TX", "R1", 5));
  g_ptr_array_add (batch, read_at (d, "KEEP01", "TX", "R1", 5));
  {
    g_autoptr(JsonNode) sent = send_reads (feed, batch, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_alerts"), ==, 1);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_alerts WHERE plate = 'KEEP01'"), ==, 1);
  (void) display;
}

/* A query of @plate for @case_id; the query's JSON. */
static JsonNode *
query (PdClient     *analyst,
       gint64        case_id,
       const char   *extra,
       GError      **error)
{
  g_autofree char *json = g_strdup_printf ("{\"case\": %" G_GINT64_FORMAT "%s}", case_id, extra);
  g_autoptr(JsonParser) p = json_parser_new ();

  g_assert_true (json_parser_load_from_data (p, json, -1, NULL));
  return pd_client_call (analyst, "POST", "/v1/lpr/queries", json_parser_get_root (p), error);
}

static void
check_cache (guint cache_hours)
{
  g_autofree char *config = g_strdup_printf ("[portdeskd]\nlpr_cache_hours=%u\nsession_idle_minutes=1440\n",
                                             cache_hours);
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK |
                                                  PD_TEST_DAEMON_TCP, config);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) analyst = pd_test_grant (d, "lpr.ortiz", "lpr", 1);
  g_autofree char *key = pd_test_api_key (admin, "lpr_feed", "Caltrans feed", NULL, "lpr");
  g_autoptr(PdClient) feed = pd_test_public_client (d, key);
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GPtrArray) batch = reads_new ();
  gint64 case_id, closed, q, head, read_id;
  JsonArray *results;

  /* reads from today, 60 days ago, and the look-alike of the plate */
  g_ptr_array_add (batch, read_at (d, "8XYZ123", "CA", "R1", HOUR));
  g_ptr_array_add (batch, read_at (d, "8XYZ123", "CA", "R2", 60 * DAY));
  g_ptr_array_add (batch, read_at (d, "BXYZ123", "CA", "R3", 2 * HOUR));
  {
    g_autoptr(JsonNode) sent = send_reads (feed, batch, &error);
    g_assert_no_error (error);
  }

  case_id = post_id (analyst, "/v1/lpr/cases", "{\"number\": \"EV-2026-0042\", \"title\": \"Port runner\"}");
  closed = post_id (analyst, "/v1/lpr/cases", "{\"number\": \"EV-2026-0001\", \"title\": \"Old\"}");
  {
    g_autofree char *path = g_strdup_printf ("/v1/lpr/cases/%" G_GINT64_FORMAT "/close", closed);
    r = pd_client_call (analyst, "POST", path, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
  }
  /* no case, a closed case, more than 5 years back: refused, nothing stored */
  {
    g_autoptr(JsonParser) p = json_parser_new ();
    g_autofree char *six = pd_time_format (pd_test_daemon_now (d) - (gint64) (5 * 365 + 10) * DAY * G_USEC_PER_SEC);
    g_autofree char *extra = NULL;

    g_assert_true (json_parser_load_from_data (p, "{\"plate\": \"8XYZ123\"}", -1, NULL));
    r = pd_client_call (analyst, "POST", "/v1/lpr/queries", json_parser_get_root (p), &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = query (analyst, closed, ", \"plate\": \"8XYZ123\"", &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
    g_clear_error (&error);
    six[10] = '\0';
    extra = g_strdup_printf (", \"plate\": \"8XYZ123\", \"from\": \"%s\"", six);
    r = query (analyst, case_id, extra, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "5 years"));
    g_clear_error (&error);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_queries"), ==, 0);
  }
  /* the default range is the last 30 days: today's read only; with look-alikes, the B/8 one too */
  r = query (analyst, case_id, ", \"plate\": \"8xyz-123\"", &error);
  g_assert_no_error (error);
  results = json_object_get_array_member (json_node_get_object (r), "items");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  read_id = json_object_get_int_member (json_array_get_object_element (results, 0), "id");
  q = json_object_get_int_member (json_node_get_object (r), "id");
  g_clear_pointer (&r, json_node_unref);
  r = query (analyst, case_id, ", \"plate\": \"8XYZ123\", \"look_alikes\": true", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items")), ==, 2);
  g_clear_pointer (&r, json_node_unref);
  {
    g_autofree char *back = pd_time_format (pd_test_daemon_now (d) - (gint64) 90 * DAY * G_USEC_PER_SEC);
    g_autofree char *extra = NULL;

    back[10] = '\0';
    extra = g_strdup_printf (", \"plate\": \"8XYZ123\", \"from\": \"%s\"", back);
    r = query (analyst, case_id, extra, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items")), ==, 2);
  g_clear_pointer (&r, json_node_unref);
  r = query (analyst, case_id, ", \"reader_address\": \"I-5 N at San Ysidro\", \"make\": \"toyota\"", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items")), ==, 2);
  g_clear_pointer (&r, json_node_unref);
  /* the parameters are audited, the results are not */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'lpr.query' AND outcome = 'ok' "
                                   "AND object = 'lpr-case:EV-2026-0042' AND params LIKE '%8XYZ123%'"), ==, 3);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action LIKE 'lpr.%' AND "
                                   "(params LIKE '%Caltrans%' OR params LIKE '%\"R1\"%' OR params LIKE '%CAMRY%')"),
                   ==, 0);

  /* save one result to the case */
  {
    g_autofree char *path = g_strdup_printf ("/v1/lpr/queries/%" G_GINT64_FORMAT "/save", q);
    g_autofree char *body = g_strdup_printf ("{\"reads\": [%" G_GINT64_FORMAT "]}", read_id);
    g_autoptr(JsonParser) p = json_parser_new ();

    g_assert_true (json_parser_load_from_data (p, "{\"reads\": [999999]}", -1, NULL));
    r = pd_client_call (analyst, "POST", path, json_parser_get_root (p), &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (json_parser_load_from_data (p, body, -1, NULL));
    r = pd_client_call (analyst, "POST", path, json_parser_get_root (p), &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
  }

  /* the cache lasts lpr_cache_hours, then the sweeper deletes it with a receipt; saved results stay */
  head = pd_test_db_int (db, "SELECT max(seq) FROM audit");
  pd_test_clock_advance (d, cache_hours * HOUR - 60);
  g_clear_object (&admin);
  g_clear_object (&analyst);
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);   /* sessions last 12 hours at most */
  analyst = pd_test_login (d, "lpr.ortiz", NULL, TRUE);
  r = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  {
    g_autofree char *path = g_strdup_printf ("/v1/lpr/queries/%" G_GINT64_FORMAT, q);
    r = pd_client_call (analyst, "GET", path, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    pd_test_clock_advance (d, 61);
    r = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    r = pd_client_call (analyst, "GET", path, NULL, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_results"), ==, 0);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM lpr_queries"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'retention.purge' AND "
                                            "object = 'lpr.cache' AND seq > %" G_GINT64_FORMAT, head);
    g_assert_cmpint (pd_test_db_int (db, sql), ==, 1);
  }
  {
    g_autofree char *path = g_strdup_printf ("/v1/lpr/cases/%" G_GINT64_FORMAT, case_id);
    r = pd_client_call (analyst, "GET", path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "items")), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "saved"), ==, 1);
  }
}

static void
test_lpr_cache_4h (void)
{
  check_cache (4);
}

static void
test_lpr_cache_24h (void)
{
  check_cache (24);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lpr/alerts", test_lpr_alerts);
  g_test_add_func ("/lpr/displays", test_lpr_displays);
  g_test_add_func ("/lpr/training-lapse", test_lpr_training_lapse);
  g_test_add_func ("/lpr/cache-4h", test_lpr_cache_4h);
  g_test_add_func ("/lpr/cache-24h", test_lpr_cache_24h);
  return g_test_run ();
}
