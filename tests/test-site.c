/* test-site.c: three portdeskd on one PostgreSQL database behave as one site
 *
 * Events made through one daemon reach the others' subscribers (requests,
 * chat, LPR alerts); a display list changed through one is what another
 * matches reads against; the audit chain written by all three at once has
 * no forks or gaps and every daemon verifies it, checkpoints signed by
 * several keys; one sweeper at a time; losing the database is a clear 503
 * and the daemons come back by themselves, losing nothing acknowledged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libpq-fe.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-store.h"
#include "pd-test-daemon.h"
#include "pd-test-events.h"
#include "pd-test-postgres.h"

#define CONFIG "[portdeskd]\nsession_idle_minutes=600\ntwo_factor_roles=\naudit_checkpoint_every=5\n"

typedef struct {
  PdTestDaemon *d[3];
  PdClient     *admin;
  char         *broker_key;
} Site;

static void
site_setup (Site          *s,
            gconstpointer  data)
{
  s->d[0] = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, CONFIG);
  s->d[1] = pd_test_daemon_new_site (s->d[0], PD_TEST_DAEMON_TCP, CONFIG);
  s->d[2] = pd_test_daemon_new_site (s->d[0], PD_TEST_DAEMON_TCP, CONFIG);
  s->admin = pd_test_login (s->d[0], "admin.demo", NULL, TRUE);
  s->broker_key = pd_test_api_key (s->admin, "broker", "Acme Customs Brokers", "LAX", "scheduling");
}

static void
site_teardown (Site          *s,
               gconstpointer  data)
{
  g_clear_object (&s->admin);
  g_free (s->broker_key);
  for (guint i = 0; i < G_N_ELEMENTS (s->d); i++)
    pd_test_daemon_free (s->d[i]);
}

static JsonNode *
json (const char *text)
{
  g_autoptr(JsonParser) p = json_parser_new ();

  g_assert_true (json_parser_load_from_data (p, text, -1, NULL));
  return json_node_copy (json_parser_get_root (p));
}

/* A cargo inspection request for LAX, submitted by the broker through @d's
 * public listener; its reference. */
static char *
submit (PdTestDaemon *d,
        const char   *broker_key,
        GError      **error)
{
  g_autoptr(PdClient) broker = pd_test_public_client (d, broker_key);
  gint64 now = pd_test_daemon_now (d);
  g_autofree char *ws = pd_time_format (now + 2 * PD_USEC_PER_HOUR);
  g_autofree char *we = pd_time_format (now + 10 * PD_USEC_PER_HOUR);
  g_autofree char *text = g_strdup_printf (
      "{\"kind\":\"cargo\",\"port\":\"LAX\",\"requester\":{\"company\":\"Acme Imports\",\"contact_name\":\"Jo Doe\","
      "\"contact_email\":\"jo@acme.example\"},\"commodities\":[{\"description\":\"Fresh cut roses\","
      "\"category\":\"plants\",\"quantity\":40,\"unit\":\"cartons\",\"origin\":\"COL\"}],"
      "\"window\":{\"start\":\"%s\",\"end\":\"%s\"},\"perishable\":true}", ws, we);
  g_autoptr(JsonNode) body = json (text);
  g_autoptr(JsonNode) r = pd_client_call (broker, "POST", "/v1/intake/inspections", body, error);

  return r != NULL ? g_strdup (json_object_get_string_member (json_node_get_object (r), "ref")) : NULL;
}

static void
test_live (Site          *s,
           gconstpointer  data)
{
  g_autoptr(PdClient) officer_b = pd_test_login (s->d[1], "ag.lopez", NULL, TRUE);
  g_autoptr(PdClient) officer_c = pd_test_login (s->d[2], "ag.lopez", NULL, TRUE);
  g_autoptr(PdClient) auditor_c = pd_test_login (s->d[2], "auditor.fox", NULL, TRUE);
  g_autoptr(PdClient) broker = pd_test_public_client (s->d[0], s->broker_key);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *ref = NULL, *chat = NULL, *move = NULL, *listed = NULL;
  PdTestEvents ev_b = { 0 }, ev_c = { 0 }, ev_audit = { 0 };

  pd_test_events_open (&ev_audit, s->d[2]->socket, NULL, pd_client_get_token (auditor_c));
  pd_test_events_wait (&ev_audit, 1);
  pd_test_events_open (&ev_b, s->d[1]->socket, NULL, pd_client_get_token (officer_b));
  pd_test_events_open (&ev_c, s->d[2]->socket, NULL, pd_client_get_token (officer_c));
  pd_test_events_wait (&ev_b, 1);
  pd_test_events_wait (&ev_c, 1);

  /* submitted through A's TCP listener: live on B's and C's dashboards */
  ref = submit (s->d[0], s->broker_key, &error);
  g_assert_no_error (error);
  g_assert_true (pd_test_events_wait_for (&ev_b, ref));
  g_assert_true (pd_test_events_wait_for (&ev_c, ref));
  g_assert_true (pd_test_events_seen (&ev_c, "inspection.created"));
  /* and its audit entry, written through A, is live for the auditor on C */
  {
    g_autofree char *db = pd_test_daemon_db_path (s->d[0]);
    g_autofree char *sql = g_strdup_printf ("SELECT seq FROM audit WHERE action = 'inspection.submit' AND object = '%s'",
                                            ref);
    g_autofree char *needle = g_strdup_printf ("\"seq\":%" G_GINT64_FORMAT, pd_test_db_int (db, sql));

    g_assert_true (pd_test_events_wait_for (&ev_audit, needle));
  }

  /* the broker's chat line through A reaches the officer on C; the officer's
   * answer through C is in the thread read through B */
  chat = g_strdup_printf ("/v1/intake/inspections/%s/chat", ref);
  r = pd_client_post (broker, chat, &error, "body", G_TYPE_STRING, "Truck 12 at gate 4", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_true (pd_test_events_wait_for (&ev_c, "Truck 12 at gate 4"));
  g_free (chat);
  chat = g_strdup_printf ("/v1/inspections/%s/chat", ref);
  r = pd_client_post (officer_c, chat, &error, "body", G_TYPE_STRING, "Use dock 2", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_true (pd_test_events_wait_for (&ev_b, "Use dock 2"));
  move = g_strdup_printf ("/v1/inspections/%s", ref);
  r = pd_client_call (officer_b, "GET", move, NULL, &error);
  g_assert_no_error (error);
  listed = pd_json_to_string (r, FALSE);
  g_assert_nonnull (strstr (listed, "Use dock 2"));
  g_assert_nonnull (strstr (listed, "Truck 12 at gate 4"));

  pd_test_events_clear (&ev_b);
  pd_test_events_clear (&ev_c);
  pd_test_events_clear (&ev_audit);
}

static JsonNode *
reads (PdTestDaemon *d,
       const char   *plate,
       int           reader)
{
  g_autofree char *t = pd_time_format (pd_test_daemon_now (d) - 60 * G_USEC_PER_SEC);
  g_autofree char *text = g_strdup_printf ("{\"reads\":[{\"plate\":\"%s\",\"state\":\"CA\",\"observed_at\":\"%s\","
                                           "\"reader_id\":\"R%d\",\"reader_address\":\"I-5 N at San Ysidro\","
                                           "\"lat\":32.5422,\"lon\":-117.0297,\"camera_owner\":\"Caltrans\","
                                           "\"camera_type\":\"fixed\"}]}", plate, t, reader);
  return json (text);
}

/* A display list changed through B is what C matches reads against; the
 * hit is live for the analyst on A. */
static void
test_display_lists (Site          *s,
                    gconstpointer  data)
{
  g_autoptr(PdClient) analyst_a = pd_test_grant (s->d[0], "lpr.ortiz", "lpr", 1);
  g_autoptr(PdClient) analyst_b = pd_test_login (s->d[1], "lpr.ortiz", NULL, TRUE);
  g_autofree char *key = pd_test_api_key (s->admin, "lpr_feed", "Caltrans feed", NULL, "lpr");
  g_autoptr(PdClient) feed_c = pd_test_public_client (s->d[2], key);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL, body = NULL, items = NULL;
  g_autofree char *path = NULL;
  PdTestEvents ev = { 0 };
  gint64 display;

  pd_test_events_open (&ev, s->d[0]->socket, NULL, pd_client_get_token (analyst_a));
  pd_test_events_wait (&ev, 1);
  r = pd_client_post (analyst_b, "/v1/lpr/displays", &error, "name", G_TYPE_STRING, "Stolen vehicles",
                      "reason", G_TYPE_STRING, "NCIC stolen", NULL);
  g_assert_no_error (error);
  display = json_object_get_int_member (json_node_get_object (r), "id");
  g_clear_pointer (&r, json_node_unref);

  /* C reads before the plate is listed (and so builds its index without it) */
  body = reads (s->d[2], "7ABC123", 0);
  r = pd_client_call (feed_c, "POST", "/v1/lpr/reads", body, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_clear_pointer (&body, json_node_unref);
  g_assert_false (pd_test_events_seen (&ev, "lpr.hit"));

  path = g_strdup_printf ("/v1/lpr/displays/%" G_GINT64_FORMAT "/items", display);
  items = json ("{\"items\": [{\"plate\": \"5SAM00\", \"state\": \"CA\", \"reason\": \"stolen 2026-11-30\"}]}");
  r = pd_client_call (analyst_b, "POST", path, items, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);

  /* C forgot its index when B's transaction committed: the next read hits */
  /* (C hears of the change a moment after B's commit: a read in between
   * is matched against what C had) */
  for (int tries = 0; tries < 20 && !pd_test_events_seen (&ev, "lpr.hit"); tries++)
    {
      gint64 until = g_get_monotonic_time () + 300 * 1000;

      body = reads (s->d[2], "5SAM00", tries + 1);   /* another reader each time: never a duplicate */
      r = pd_client_call (feed_c, "POST", "/v1/lpr/reads", body, &error);
      g_assert_no_error (error);
      g_clear_pointer (&r, json_node_unref);
      g_clear_pointer (&body, json_node_unref);
      while (g_get_monotonic_time () < until && !pd_test_events_seen (&ev, "lpr.hit"))
        g_main_context_iteration (NULL, FALSE) || (g_usleep (10 * 1000), TRUE);
    }
  g_assert_true (pd_test_events_seen (&ev, "lpr.hit"));
  pd_test_events_clear (&ev);
}

typedef struct {
  PdTestDaemon *d;
  const char   *broker_key;
  guint         n;
} Writer;

static gpointer
write_requests (gpointer data)
{
  Writer *w = data;

  for (guint i = 0; i < w->n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *ref = submit (w->d, w->broker_key, &error);

      g_assert_no_error (error);
    }
  return NULL;
}

/* Three daemons appending at once: one chain, no forks or gaps, checkpoints
 * of every daemon's key, and each daemon verifies all of it. */
static void
test_audit_chain (Site          *s,
                  gconstpointer  data)
{
  g_autofree char *db = pd_test_daemon_db_path (s->d[0]);
  GThread *threads[3];
  Writer writers[3];
  gint64 entries, last;

  for (guint i = 0; i < 3; i++)
    {
      writers[i] = (Writer) { s->d[i], s->broker_key, 15 };
      threads[i] = g_thread_new ("writer", write_requests, &writers[i]);
    }
  for (guint i = 0; i < 3; i++)
    g_thread_join (threads[i]);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM insp_requests"), >=, 45);
  entries = pd_test_db_int (db, "SELECT count(*) FROM audit");
  last = pd_test_db_int (db, "SELECT max(seq) FROM audit");
  g_assert_cmpint (entries, ==, last);
  /* every daemon registered its key in the chain, and more than one signed */
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'audit.key'"), ==, 3);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM audit_keys"), ==, 3);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(DISTINCT public_key) FROM audit_checkpoints"), >=, 2);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PdClient) auditor = pd_test_login (s->d[i], "auditor.fox", NULL, TRUE);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) r = pd_client_call (auditor, "GET", "/v1/audit/verify", NULL, &error);
      JsonObject *o;

      g_assert_no_error (error);
      o = json_node_get_object (r);
      if (!json_object_get_boolean_member (o, "ok"))
        g_error ("daemon %u: %s", i, json_object_get_string_member (o, "problem"));
      g_assert_cmpint (json_object_get_int_member (o, "entries"), >=, last);
      g_assert_cmpint (json_object_get_int_member (o, "checkpoints"), >, 1);
    }
}

/* While another holds the site's sweeper lock, a daemon does not sweep. */
static void
test_one_sweeper (Site          *s,
                  gconstpointer  data)
{
  g_autofree char *conninfo = pd_test_daemon_db_path (s->d[0]);
  g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_lock (%d)", (int) PD_STORE_LOCK_SWEEPER);
  PGconn *other = PQconnectdb (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;

  g_assert_cmpint (PQstatus (other), ==, CONNECTION_OK);
  PQclear (PQexec (other, lock));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PdClient) admin = pd_test_login (s->d[i], "admin.demo", NULL, TRUE);

      r = pd_client_call (admin, "POST", "/v1/retention/run", NULL, &error);
      g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
      g_assert_nonnull (strstr (error->message, "sweeping"));
      g_clear_error (&error);
    }
  PQfinish (other);   /* its session ends: the lock goes with it (as soon as the server has seen it end) */
  for (int tries = 0; tries < 50; tries++)
    {
      g_clear_error (&error);
      g_clear_pointer (&r, json_node_unref);
      r = pd_client_call (s->admin, "POST", "/v1/retention/run", NULL, &error);
      if (!g_error_matches (error, PD_ERROR, PD_ERROR_CONFLICT))
        break;
      g_usleep (100 * 1000);
    }
  g_assert_no_error (error);
}

/* The database goes away: a clear 503, nothing acknowledged lost; it comes
 * back and so do the daemons, events included, without a restart. */
static void
test_database_lost (Site          *s,
                    gconstpointer  data)
{
  PdTestPostgres *pg = pd_test_postgres_get ();
  g_autoptr(PdClient) officer_a = pd_test_login (s->d[0], "ag.lopez", NULL, TRUE);
  g_autoptr(PdClient) officer_b = pd_test_login (s->d[1], "ag.lopez", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *before = NULL, *after = NULL, *path = NULL;
  PdTestEvents ev = { 0 };
  gboolean back = FALSE;

  before = submit (s->d[0], s->broker_key, &error);
  g_assert_no_error (error);
  pd_test_postgres_stop (pg);

  r = pd_client_call (officer_a, "GET", "/v1/inspections?limit=5", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_DATABASE_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "database"));
  g_clear_error (&error);
  g_assert_null (submit (s->d[1], s->broker_key, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_DATABASE_UNAVAILABLE);
  g_clear_error (&error);

  pd_test_postgres_start (pg);
  for (int tries = 0; tries < 100 && !back; tries++)
    {
      g_clear_pointer (&r, json_node_unref);
      g_clear_error (&error);
      r = pd_client_call (officer_a, "GET", "/v1/inspections?limit=5", NULL, &error);
      back = r != NULL;
      if (!back)
        g_usleep (100 * 1000);
    }
  g_assert_no_error (error);

  /* the listener is back too (its session was lost with the server) */
  pd_test_events_open (&ev, s->d[1]->socket, NULL, pd_client_get_token (officer_b));
  pd_test_events_wait (&ev, 1);
  g_usleep (3 * G_USEC_PER_SEC);   /* past the listener's retries (100 ms doubling to 2 s) */
  after = submit (s->d[0], s->broker_key, &error);
  g_assert_no_error (error);
  g_assert_true (pd_test_events_wait_for (&ev, after));
  path = g_strdup_printf ("/v1/inspections/%s", before);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (officer_b, "GET", path, NULL, &error);
  g_assert_no_error (error);
  pd_test_events_clear (&ev);
}

/* A workstation whose two-factor key is not the site's would seal secrets
 * the others cannot open: it refuses to start, saying what to do. */
static void
test_two_factor_key (Site          *s,
                     gconstpointer  data)
{
  PdTestDaemon *d = pd_test_daemon_new_site (s->d[0], PD_TEST_DAEMON_NO_START, CONFIG);
  g_autofree char *key = g_build_filename (d->data_dir, "totp-secrets.key", NULL);
  g_autofree char *data_dir = g_strdup_printf ("--data-dir=%s", d->data_dir);
  g_autofree char *socket = g_strdup_printf ("--socket=%s", d->socket);
  g_autofree char *config = g_strdup_printf ("--config=%s", d->config);
  g_autofree char *err = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  guint8 other[32];

  for (guint i = 0; i < sizeof other; i++)
    other[i] = (guint8) g_random_int ();
  g_assert_true (g_file_set_contents (key, (const char *) other, sizeof other, NULL));
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("PORTDESKD"), data_dir, socket, config, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_successful (proc));
  g_assert_nonnull (strstr (err, "two-factor secrets key"));
  g_assert_nonnull (strstr (err, "not the site's"));
  pd_test_daemon_free (d);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  /* a site is daemons on one PostgreSQL database: this test is PostgreSQL's whatever the suite runs on */
  g_setenv ("PD_TEST_STORE", "postgresql", TRUE);
  g_test_add ("/site/live", Site, NULL, site_setup, test_live, site_teardown);
  g_test_add ("/site/display-lists", Site, NULL, site_setup, test_display_lists, site_teardown);
  g_test_add ("/site/audit-chain", Site, NULL, site_setup, test_audit_chain, site_teardown);
  g_test_add ("/site/one-sweeper", Site, NULL, site_setup, test_one_sweeper, site_teardown);
  g_test_add ("/site/database-lost", Site, NULL, site_setup, test_database_lost, site_teardown);
  g_test_add ("/site/two-factor-key", Site, NULL, site_setup, test_two_factor_key, site_teardown);
  rc = g_test_run ();
  pd_test_postgres_release ();
  return rc;
}
