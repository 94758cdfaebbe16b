/* test-scheduling.c: the Scheduling Dashboard flow against a real portdeskd:
 * intake, the status workflow, validation, slots, SLA clocks, chat and its
 * live delivery.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-scheduling"

#include <string.h>

#include <sqlite3.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"
#include "pd-test-events.h"

typedef struct {
  PdTestDaemon *d;
  PdClient     *admin;
  PdClient     *broker;      /* public side, API key bound to LAX */
  PdClient     *other;       /* another broker, not bound to a port */
  PdClient     *lax;         /* ag_specialist of LAX */
  PdClient     *lalb;        /* ag_specialist of LALB */
  char         *broker_key;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *other_key = NULL;

  f->d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK | PD_TEST_DAEMON_TCP,
                             data != NULL ? data : "[portdeskd]\nslot_capacity=2\nsession_idle_minutes=600\n");
  f->admin = pd_test_login (f->d, "admin.demo", NULL, TRUE);
  f->broker_key = pd_test_api_key (f->admin, "broker", "Acme Customs Brokers", "LAX", "scheduling");
  other_key = pd_test_api_key (f->admin, "carrier", "Blue Marlin Lines", NULL, "scheduling");
  f->broker = pd_test_public_client (f->d, f->broker_key);
  f->other = pd_test_public_client (f->d, other_key);
  f->lax = pd_test_login (f->d, "ag.lopez", NULL, TRUE);
  f->lalb = pd_test_login (f->d, "ag.chen", NULL, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->admin);
  g_clear_object (&f->broker);
  g_clear_object (&f->other);
  g_clear_object (&f->lax);
  g_clear_object (&f->lalb);
  g_free (f->broker_key);
  pd_test_daemon_free (f->d);
}

static char *
iso (gint64 t)
{
  return pd_time_format (t);
}

/* A valid submission, as JSON text with the window @start_h..@end_h hours from now. */
static JsonNode *
submission (Fixture    *f,
            const char *kind,
            const char *port,
            int         start_h,
            int         end_h,
            gboolean    perishable,
            const char *extra)
{
  gint64 now = pd_test_daemon_now (f->d);
  g_autofree char *ws = iso (now + start_h * PD_USEC_PER_HOUR);
  g_autofree char *we = iso (now + end_h * PD_USEC_PER_HOUR);
  g_autofree char *text = g_strdup_printf (
      "{\"kind\":\"%s\",\"port\":\"%s\","
      "\"requester\":{\"company\":\"Acme Imports\",\"importer_id\":\"IOR-12345\",\"contact_name\":\"Jo Doe\","
      "\"contact_email\":\"jo@acme.example\",\"contact_phone\":\"+1 310 555 0100\"},"
      "\"commodities\":[{\"description\":\"Fresh cut roses\",\"category\":\"plants\",\"quantity\":40,"
      "\"unit\":\"cartons\",\"origin\":\"COL\"}],"
      "\"window\":{\"start\":\"%s\",\"end\":\"%s\"},\"perishable\":%s%s}",
      kind, port, ws, we, perishable ? "true" : "false", extra ? extra : "");
  g_autoptr(JsonParser) p = json_parser_new ();

  g_assert_true (json_parser_load_from_data (p, text, -1, NULL));
  return json_node_copy (json_parser_get_root (p));
}

static char *
submit (Fixture    *f,
        PdClient   *client,
        const char *kind,
        const char *port,
        gboolean    perishable)
{
  g_autoptr(JsonNode) body = submission (f, kind, port, 2, 10, perishable, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (client, "POST", "/v1/intake/inspections", body, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "status"), ==, "submitted");
  return g_strdup (json_object_get_string_member (json_node_get_object (r), "ref"));
}

static JsonObject *
get_obj (JsonNode *n)
{
  return json_node_get_object (n);
}

static JsonNode *
move (PdClient   *officer,
      const char *ref,
      const char *to,
      const char *reason_code,
      const char *slot,
      GError    **error)
{
  g_autofree char *path = g_strdup_printf ("/v1/inspections/%s/transition", ref);

  return pd_client_post (officer, path, error, "to", G_TYPE_STRING, to, "reason_code", G_TYPE_STRING, reason_code,
                         "slot_start", G_TYPE_STRING, slot, NULL);
}

static char *
next_slot (Fixture *f,
           int      hours_ahead)
{
  gint64 now = pd_test_daemon_now (f->d);

  return iso ((now / PD_USEC_PER_HOUR + hours_ahead) * PD_USEC_PER_HOUR);
}

static void
test_workflow (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *ref = submit (f, f->broker, "cargo", "LAX", FALSE);
  g_autofree char *slot = next_slot (f, 4);
  g_autofree char *path = g_strdup_printf ("/v1/inspections/%s", ref);
  g_autofree char *pub_path = g_strdup_printf ("/v1/intake/inspections/%s", ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  const char *chain[] = { "arrived", "in_progress", "completed" };
  JsonArray *history;

  /* the officer of LAX sees it; the officer of LALB and other requesters do not */
  r = pd_client_call (f->lax, "GET", "/v1/inspections?status=submitted", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (get_obj (r), "total"), >=, 1);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (f->lalb, "GET", path, NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  r = pd_client_call (f->lalb, "GET", "/v1/inspections?port=LAX", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  r = pd_client_call (f->other, "GET", pub_path, NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* illegal moves are refused and change nothing */
  r = move (f->lax, ref, "completed", NULL, NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);
  r = move (f->lax, ref, "scheduled", NULL, slot, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);
  r = move (f->lax, ref, "rejected", NULL, NULL, &error);   /* no reason code */
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);

  r = move (f->lax, ref, "accepted", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = move (f->lax, ref, "scheduled", NULL, slot, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (get_obj (r), "status"), ==, "scheduled");
  g_clear_pointer (&r, json_node_unref);

  /* the requester sees the status and the slot */
  r = pd_client_call (f->broker, "GET", pub_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (get_obj (r), "status"), ==, "scheduled");
  g_assert_true (json_object_get_member (get_obj (r), "slot") != NULL &&
                 JSON_NODE_HOLDS_OBJECT (json_object_get_member (get_obj (r), "slot")));
  g_clear_pointer (&r, json_node_unref);

  /* a reschedule needs a reason code and a new slot */
  {
    g_autofree char *slot2 = next_slot (f, 5);
    r = move (f->lax, ref, "rescheduled", NULL, slot2, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = move (f->lax, ref, "rescheduled", "inspector_unavailable", slot2, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
  }
  /* no-show only once the slot has begun */
  r = move (f->lax, ref, "no_show", NULL, NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (chain); i++)
    {
      r = move (f->lax, ref, chain[i], NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (get_obj (r), "status"), ==, chain[i]);
      g_clear_pointer (&r, json_node_unref);
    }
  /* a finished request cannot be cancelled */
  {
    g_autofree char *cancel = g_strdup_printf ("%s/cancel", pub_path);
    r = pd_client_post (f->broker, cancel, &error, "reason", G_TYPE_STRING, "changed my mind", NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
    g_clear_error (&error);
  }

  /* every transition is in the history, with who and when */
  r = pd_client_call (f->lax, "GET", path, NULL, &error);
  g_assert_no_error (error);
  history = json_object_get_array_member (get_obj (r), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 7);
  {
    const char *expect[] = { "submitted", "accepted", "scheduled", "rescheduled", "arrived", "in_progress", "completed" };
    for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
      {
        JsonObject *h = json_array_get_object_element (history, i);
        g_assert_cmpstr (json_object_get_string_member (h, "to"), ==, expect[i]);
        g_assert_nonnull (json_object_get_string_member (h, "at"));
      }
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "actor"), ==,
                     "Acme Customs Brokers");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1), "actor"), ==, "ag.lopez");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 3), "reason_code"), ==,
                     "inspector_unavailable");
  }
}

static void
test_requester_cancel_and_reschedule (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *ref = submit (f, f->broker, "personal_goods", "LAX", FALSE);
  g_autofree char *pub = g_strdup_printf ("/v1/intake/inspections/%s", ref);
  g_autofree char *resched = g_strdup_printf ("%s/reschedule", pub);
  g_autofree char *cancel = g_strdup_printf ("%s/cancel", pub);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(JsonParser) p = json_parser_new ();
  gint64 now = pd_test_daemon_now (f->d);
  g_autofree char *ws = iso (now + 30 * PD_USEC_PER_HOUR);
  g_autofree char *we = iso (now + 34 * PD_USEC_PER_HOUR);
  g_autofree char *body = g_strdup_printf ("{\"window\":{\"start\":\"%s\",\"end\":\"%s\"},\"reason\":\"ship delayed\"}", ws, we);

  g_assert_true (json_parser_load_from_data (p, body, -1, NULL));
  r = pd_client_call (f->broker, "POST", resched, json_parser_get_root (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (get_obj (r), "window"), "start"), ==, ws);
  g_clear_pointer (&r, json_node_unref);

  /* the officer cannot cancel; the requester can */
  r = move (f->lax, ref, "cancelled", NULL, NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);
  r = pd_client_post (f->broker, cancel, &error, "reason", G_TYPE_STRING, "no longer needed", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (get_obj (r), "status"), ==, "cancelled");
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  struct { const char *kind, *port; int s, e; const char *extra; const char *expect; } bad[] = {
    { "cargo", "XXX", 2, 10, NULL, "Unknown port" },
    { "cargo", "JFK", 2, 10, NULL, "only submit requests for port LAX" },
    { "cargo", "LAX", -2, 10, NULL, "starts in the past" },
    { "cargo", "LAX", 10, 2, NULL, "end after it starts" },
    { "cargo", "LAX", 2, 400, NULL, "at most 7 days" },
    { "submarine", "LAX", 2, 10, NULL, "Unknown kind" },
    { "commercial_vessel", "LAX", 2, 10, ",\"vessel\":{\"name\":\"MSC X\",\"imo\":\"9074728\",\"voyage\":\"V1\"}", "IMO" },
    { "commercial_vessel", "LAX", 2, 10, NULL, "vessel.name" },
    { "cargo", "LAX", 2, 10, ",\"vessel\":{\"name\":\"MSC X\",\"imo\":\"9074729\",\"voyage\":\"V1\"}", "only for commercial vessels" },
    { "cargo", "LAX", 2, 10, ",\"bogus\":1", "bogus" },
  };
  g_autofree char *before = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) body = submission (f, bad[i].kind, bad[i].port, bad[i].s, bad[i].e, FALSE, bad[i].extra);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) r = pd_client_call (f->broker, "POST", "/v1/intake/inspections", body, &error);

      g_assert_null (r);
      g_assert_nonnull (error);
      g_test_message ("%u: %s", i, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].expect));
    }
  /* broken commodities and contacts */
  {
    const char *mutations[][2] = {
      { "\"category\":\"plants\"", "\"category\":\"weapons\"" },
      { "\"quantity\":40", "\"quantity\":0" },
      { "\"quantity\":40", "\"quantity\":\"lots\"" },
      { "\"origin\":\"COL\"", "\"origin\":\"Colombia\"" },
      { "\"unit\":\"cartons\"", "\"unit\":\"boxes\"" },
      { "\"contact_email\":\"jo@acme.example\"", "\"contact_email\":\"jo\"" },
      { "\"contact_name\":\"Jo Doe\",", "" },
      { "[{\"description\"", "[{\"x\":1,\"description\"" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
      {
        g_autoptr(JsonNode) body = submission (f, "cargo", "LAX", 2, 10, FALSE, NULL);
        g_autofree char *text = pd_json_to_string (body, FALSE);
        g_autoptr(GString) s = g_string_new (text);
        g_autoptr(JsonParser) p = json_parser_new ();
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) r = NULL;

        g_assert_cmpuint (g_string_replace (s, mutations[i][0], mutations[i][1], 1), ==, 1);
        g_assert_true (json_parser_load_from_data (p, s->str, -1, NULL));
        r = pd_client_call (f->broker, "POST", "/v1/intake/inspections", json_parser_get_root (p), &error);
        g_test_message ("mutation %u: %s", i, error ? error->message : "accepted!");
        g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
      }
  }
  /* nothing was stored */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) r = pd_client_call (f->broker, "GET", "/v1/intake/inspections", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (get_obj (r), "total"), ==, 0);
  }
  /* a key without the scheduling scope is refused */
  {
    g_autofree char *key = pd_test_api_key (f->admin, "lpr_feed", "Camera 7", NULL, "lpr");
    g_autoptr(PdClient) cam = pd_test_public_client (f->d, key);
    g_autoptr(JsonNode) body = submission (f, "cargo", "LAX", 2, 10, FALSE, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) r = pd_client_call (cam, "POST", "/v1/intake/inspections", body, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  }
  (void) before;
}

static void
test_slots (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *slot = next_slot (f, 4);
  g_autoptr(GError) error = NULL;
  char *refs[3];

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) r = NULL;
      refs[i] = submit (f, f->broker, "cargo", "LAX", FALSE);
      r = move (f->lax, refs[i], "accepted", NULL, NULL, &error);
      g_assert_no_error (error);
    }
  /* capacity 2 per slot: the third is refused */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) r = move (f->lax, refs[i], "scheduled", NULL, slot, &error);
      if (i < 2)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
          g_assert_nonnull (strstr (error->message, "full"));
          g_clear_error (&error);
        }
    }
  /* slots start on the hour, inside the window, not in the past */
  {
    gint64 now = pd_test_daemon_now (f->d);
    g_autofree char *odd = iso ((now / PD_USEC_PER_HOUR + 4) * PD_USEC_PER_HOUR + 17 * 60 * G_USEC_PER_SEC);
    g_autofree char *far = next_slot (f, 40);
    g_autofree char *past = next_slot (f, -2);
    g_autofree char *free_slot = next_slot (f, 5);
    g_autofree char *path = g_strdup_printf ("/v1/inspections/%s/transition", refs[2]);
    g_autoptr(JsonNode) r = move (f->lax, refs[2], "scheduled", NULL, odd, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = move (f->lax, refs[2], "scheduled", NULL, far, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = move (f->lax, refs[2], "scheduled", NULL, past, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = pd_client_post (f->lax, path, &error, "to", G_TYPE_STRING, "scheduled",
                        "slot_start", G_TYPE_STRING, free_slot, "inspector", G_TYPE_STRING, "ag.chen", NULL);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);   /* ag.chen works at LALB */
  }
  for (guint i = 0; i < 3; i++)
    g_free (refs[i]);
}

static gboolean
list_has (PdClient   *c,
          const char *query,
          const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (c, "GET", query, NULL, &error);
  JsonArray *items;

  g_assert_no_error (error);
  items = json_object_get_array_member (get_obj (r), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "ref"), ref) == 0)
      return TRUE;
  return FALSE;
}

static void
test_sla (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *fresh = submit (f, f->broker, "cargo", "LAX", TRUE);   /* perishable: 2 h to decide */
  g_autofree char *plain = submit (f, f->broker, "cargo", "LAX", FALSE);  /* 8 h to decide */
  g_autofree char *path = g_strdup_printf ("/v1/inspections/%s", fresh);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  JsonObject *sla;

  g_assert_false (list_has (f->lax, "/v1/inspections?late=1", fresh));
  pd_test_clock_advance (f->d, 2 * 3600 - 60);
  g_assert_false (list_has (f->lax, "/v1/inspections?late=1", fresh));
  pd_test_clock_advance (f->d, 120);
  g_assert_true (list_has (f->lax, "/v1/inspections?late=1", fresh));
  g_assert_false (list_has (f->lax, "/v1/inspections?late=1", plain));

  r = move (f->lax, fresh, "accepted", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (f->lax, "GET", path, NULL, &error);
  g_assert_no_error (error);
  sla = json_object_get_object_member (get_obj (r), "sla");
  g_assert_cmpint (json_object_get_int_member (sla, "decision_target_minutes"), ==, 120);
  g_assert_cmpint (json_object_get_int_member (sla, "decision_minutes"), ==, 121);
  g_assert_true (json_object_get_boolean_member (sla, "late"));
  g_clear_pointer (&r, json_node_unref);

  /* inspection clock: arrival to start, 30 minutes for perishables */
  {
    g_autofree char *slot = next_slot (f, 1);
    r = move (f->lax, plain, "accepted", NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    g_assert_false (list_has (f->lax, "/v1/inspections?late=1", plain));
    r = move (f->lax, plain, "scheduled", NULL, slot, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    r = move (f->lax, plain, "arrived", NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&r, json_node_unref);
    pd_test_clock_advance (f->d, 2 * 3600 + 60);
    g_assert_true (list_has (f->lax, "/v1/inspections?late=1", plain));
  }
}

static void
test_chat (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *ref = submit (f, f->broker, "cargo", "LAX", FALSE);
  g_autofree char *officer_chat = g_strdup_printf ("/v1/inspections/%s/chat", ref);
  g_autofree char *public_chat = g_strdup_printf ("/v1/intake/inspections/%s/chat", ref);
  g_autofree char *public_read = g_strdup_printf ("/v1/intake/inspections/%s/read", ref);
  g_autofree char *too_long = g_strnfill (2001, 'a');
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", f->d->tcp_port);
  PdTestEvents port_ev = { 0 }, other_port_ev = { 0 }, requester_ev = { 0 };
  JsonArray *chat;
  gint64 last_id;

  pd_test_events_open (&port_ev, f->d->socket, NULL, pd_client_get_token (f->lax));
  pd_test_events_open (&other_port_ev, f->d->socket, NULL, pd_client_get_token (f->lalb));
  pd_test_events_open (&requester_ev, NULL, url, f->broker_key);
  g_assert_no_error (requester_ev.error);
  pd_test_events_wait (&port_ev, 1);
  pd_test_events_wait (&other_port_ev, 1);
  pd_test_events_wait (&requester_ev, 1);

  r = pd_client_post (f->broker, public_chat, &error, "body", G_TYPE_STRING, "Truck 12 arrives at gate 4 at 09:00", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_true (pd_test_events_wait_for (&port_ev, "Truck 12 arrives"));

  r = pd_client_post (f->lax, officer_chat, &error, "body", G_TYPE_STRING, "Noted. Use dock 2.", NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_assert_true (pd_test_events_wait_for (&requester_ev, "Use dock 2"));
  /* the other port's officer hears nothing of it */
  g_assert_false (pd_test_events_seen (&other_port_ev, "dock 2"));
  g_assert_false (pd_test_events_seen (&other_port_ev, "Truck 12"));

  /* limits */
  r = pd_client_post (f->lax, officer_chat, &error, "body", G_TYPE_STRING, too_long, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (f->lax, officer_chat, &error, "body", G_TYPE_STRING, "bell\a", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);

  /* the requester has one unread message until it marks it read */
  r = pd_client_call (f->broker, "GET", "/v1/intake/inspections", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (get_obj (r), "items"), 0), "unread"), ==, 1);
  g_clear_pointer (&r, json_node_unref);
  {
    g_autofree char *p = g_strdup_printf ("/v1/intake/inspections/%s", ref);
    r = pd_client_call (f->broker, "GET", p, NULL, &error);
    g_assert_no_error (error);
    chat = json_object_get_array_member (get_obj (r), "chat");
    g_assert_cmpuint (json_array_get_length (chat), ==, 2);
    g_assert_cmpint (json_object_get_int_member (get_obj (r), "unread"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chat, 0), "side"), ==, "requester");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chat, 1), "side"), ==, "officer");
    last_id = json_object_get_int_member (json_array_get_object_element (chat, 1), "id");
    g_clear_pointer (&r, json_node_unref);
  }
  r = pd_client_post (f->broker, public_read, &error, "last_id", G_TYPE_INT64, last_id, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (f->broker, "GET", "/v1/intake/inspections", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (get_obj (r), "items"), 0), "unread"), ==, 0);
  g_clear_pointer (&r, json_node_unref);

  /* the chat is part of the request's export */
  {
    g_autofree char *p = g_strdup_printf ("/v1/inspections/%s/export", ref);
    r = pd_client_call (f->lax, "GET", p, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (get_obj (r), "chat")), ==, 2);
  }
  pd_test_events_clear (&port_ev);
  pd_test_events_clear (&other_port_ev);
  pd_test_events_clear (&requester_ev);
}

static void
test_live_new_request (Fixture       *f,
                       gconstpointer  data)
{
  PdTestEvents lax_ev = { 0 }, lalb_ev = { 0 };
  g_autofree char *ref = NULL;

  pd_test_events_open (&lax_ev, f->d->socket, NULL, pd_client_get_token (f->lax));
  pd_test_events_open (&lalb_ev, f->d->socket, NULL, pd_client_get_token (f->lalb));
  pd_test_events_wait (&lax_ev, 1);
  pd_test_events_wait (&lalb_ev, 1);
  ref = submit (f, f->broker, "cargo", "LAX", FALSE);
  g_assert_true (pd_test_events_wait_for (&lax_ev, "inspection.created"));
  g_assert_true (pd_test_events_seen (&lax_ev, ref));
  g_assert_false (pd_test_events_seen (&lalb_ev, ref));
  pd_test_events_clear (&lax_ev);
  pd_test_events_clear (&lalb_ev);
}

static void
test_filters_and_demo (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(PdClient) director = pd_test_login (f->d, "director.ng", NULL, TRUE);
  gint64 total, by_status = 0;
  const char *statuses[] = { "submitted", "accepted", "scheduled", "rescheduled", "arrived", "in_progress",
                             "completed", "rejected", "cancelled", "no_show" };

  r = pd_client_post (f->admin, "/v1/demo/seed", &error, "requests", G_TYPE_INT64, (gint64) 400, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);

  r = pd_client_call (director, "GET", "/v1/inspections?limit=10", NULL, &error);
  g_assert_no_error (error);
  total = json_object_get_int_member (get_obj (r), "total");
  g_assert_cmpint (total, >, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (get_obj (r), "items")), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (get_obj (r), "next"), ==, "10");
  g_clear_pointer (&r, json_node_unref);

  /* the status filter partitions the port's requests */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *q = g_strdup_printf ("/v1/inspections?status=%s&limit=1", statuses[i]);
      r = pd_client_call (director, "GET", q, NULL, &error);
      g_assert_no_error (error);
      by_status += json_object_get_int_member (get_obj (r), "total");
      g_clear_pointer (&r, json_node_unref);
    }
  g_assert_cmpint (by_status, ==, total);

  /* text search reaches commodity descriptions; sort orders */
  r = pd_client_call (director, "GET", "/v1/inspections?q=roses&limit=500", NULL, &error);
  g_assert_no_error (error);
  {
    JsonArray *items = json_object_get_array_member (get_obj (r), "items");
    g_assert_cmpuint (json_array_get_length (items), >, 0);
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        g_autofree char *text = pd_json_to_string (json_array_get_element (items, i), FALSE);
        g_assert_nonnull (strstr (text, "roses"));
      }
  }
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (director, "GET", "/v1/inspections?sort=-requested&limit=500", NULL, &error);
  g_assert_no_error (error);
  {
    JsonArray *items = json_object_get_array_member (get_obj (r), "items");
    for (guint i = 1; i < json_array_get_length (items); i++)
      {
        const char *a = json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (items, i - 1), "window"), "start");
        const char *b = json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (items, i), "window"), "start");
        g_assert_cmpstr (a, >=, b);
      }
  }
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (director, "GET", "/v1/inspections?status=flying", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
}

static JsonNode *
get_ok (PdClient   *c,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  JsonNode *r = pd_client_call (c, "GET", path, NULL, &error);

  g_assert_no_error (error);
  return r;
}

static gboolean
has_move (JsonObject *detail,
          const char *status)
{
  JsonArray *moves = json_object_get_array_member (detail, "moves");

  for (guint i = 0; i < json_array_get_length (moves); i++)
    if (g_strcmp0 (json_array_get_string_element (moves, i), status) == 0)
      return TRUE;
  return FALSE;
}

/* The service, not the client, says what may be done: each detail lists
 * the caller's moves and, when it may be scheduled, the free slots of the
 * requested window from the configured slot length (here 90 minutes, which
 * the app once ignored), the port's capacity and the service clock. */
static void
test_offered_slots_and_moves (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *ref = submit (f, f->broker, "cargo", "LAX", FALSE);
  g_autofree char *other = submit (f, f->broker, "cargo", "LAX", FALSE);
  g_autofree char *path = g_strdup_printf ("/v1/inspections/%s", ref);
  g_autofree char *slots_path = g_strdup_printf ("/v1/inspections/%s/slots", ref);
  g_autofree char *intake_path = g_strdup_printf ("/v1/intake/inspections/%s", ref);
  g_autofree char *first = NULL;
  g_autoptr(JsonNode) d = get_ok (f->lax, path);
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 len = (gint64) 90 * 60 * G_USEC_PER_SEC;
  gint64 now = pd_test_daemon_now (f->d);
  JsonArray *slots;

  g_assert_true (has_move (json_node_get_object (d), "accepted"));
  g_assert_true (has_move (json_node_get_object (d), "rejected"));
  g_assert_false (has_move (json_node_get_object (d), "scheduled"));
  g_assert_false (has_move (json_node_get_object (d), "cancelled"));      /* the requester's move */
  g_assert_true (json_object_get_boolean_member (json_node_get_object (d), "can_assign"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (d), "slots")), ==, 0);
  g_clear_pointer (&d, json_node_unref);
  {
    g_autoptr(JsonNode) mine = get_ok (f->broker, intake_path);
    g_assert_true (has_move (json_node_get_object (mine), "cancelled"));
    g_assert_false (has_move (json_node_get_object (mine), "accepted"));
    g_assert_false (json_object_get_boolean_member (json_node_get_object (mine), "can_assign"));
  }

  for (guint i = 0; i < 2; i++)
    {
      r = move (f->lax, i ? other : ref, "accepted", NULL, NULL, &error);
      g_assert_no_error (error);
      g_clear_pointer (&r, json_node_unref);
    }
  d = get_ok (f->lax, path);
  g_assert_true (has_move (json_node_get_object (d), "scheduled"));
  slots = json_object_get_array_member (json_node_get_object (d), "slots");
  g_assert_cmpuint (json_array_get_length (slots), >, 0);
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *s = json_array_get_object_element (slots, i);
      gint64 start = 0, end = 0;

      g_assert_true (pd_time_parse (json_object_get_string_member (s, "start"), &start));
      g_assert_true (pd_time_parse (json_object_get_string_member (s, "end"), &end));
      g_assert_cmpint (start % len, ==, 0);
      g_assert_cmpint (end - start, ==, len);
      g_assert_cmpint (start, >=, now);
      g_assert_cmpint (json_object_get_int_member (s, "free"), ==, 2);   /* slot_capacity=2 */
    }
  first = g_strdup (json_object_get_string_member (json_array_get_object_element (slots, 0), "start"));
  {
    g_autoptr(JsonNode) same = get_ok (f->lax, slots_path);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (same), "slot_minutes"), ==, 90);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (same), "items")),
                      ==, json_array_get_length (slots));
  }
  /* every offered slot is one the service takes */
  r = move (f->lax, other, "scheduled", NULL, first, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_clear_pointer (&d, json_node_unref);
  d = get_ok (f->lax, path);
  slots = json_object_get_array_member (json_node_get_object (d), "slots");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (slots, 0), "start"), ==, first);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (slots, 0), "free"), ==, 1);
  r = move (f->lax, ref, "scheduled", NULL, first, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);

  /* scheduled: a no-show only once the slot has begun */
  g_clear_pointer (&d, json_node_unref);
  d = get_ok (f->lax, path);
  g_assert_true (has_move (json_node_get_object (d), "arrived"));
  g_assert_true (has_move (json_node_get_object (d), "rescheduled"));
  g_assert_false (has_move (json_node_get_object (d), "no_show"));
  {
    gint64 start = 0;

    g_assert_true (pd_time_parse (first, &start));
    pd_test_clock_advance (f->d, (start - now) / G_USEC_PER_SEC + 1);
  }
  g_clear_pointer (&d, json_node_unref);
  d = get_ok (f->lax, path);
  g_assert_true (has_move (json_node_get_object (d), "no_show"));
  /* the other port's officers see nothing of it */
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (f->lalb, "GET", slots_path, NULL, &error);
  g_assert_nonnull (error);
}

static gint64
db_int (PdTestDaemon *d,
        const char   *sql)
{
  g_autofree char *db = pd_test_daemon_db_path (d);

  return pd_test_db_int (db, sql);
}

static JsonNode *
amend (Fixture    *f,
       PdClient   *client,
       const char *ref,
       JsonNode   *body,
       GError    **error)
{
  g_autofree char *path = g_strdup_printf ("/v1/intake/inspections/%s/amend", ref);

  return pd_client_call (client, "POST", path, body, error);
}

/* The requester corrects a submission until the inspection starts; each
 * amendment is in the history, audited, and pushed to the officers. */
static void
test_requester_amends (Fixture       *f,
                       gconstpointer  data)
{
  PdTestEvents lax_ev = { 0 };
  g_autofree char *ref = submit (f, f->broker, "cargo", "LAX", FALSE);
  g_autofree char *path = g_strdup_printf ("/v1/inspections/%s", ref);
  g_autoptr(JsonNode) fixed = submission (f, "cargo", "LAX", 3, 9, TRUE, NULL);
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(JsonNode) d = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *history;
  JsonObject *last, *com;
  g_autofree char *slot = NULL;

  pd_test_events_open (&lax_ev, f->d->socket, NULL, pd_client_get_token (f->lax));
  pd_test_events_wait (&lax_ev, 1);

  /* a new window, perishable now, and the quantity corrected */
  com = json_array_get_object_element (json_object_get_array_member (json_node_get_object (fixed), "commodities"), 0);
  json_object_set_double_member (com, "quantity", 42.5);
  r = amend (f, f->broker, ref, fixed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "status"), ==, "submitted");
  g_assert_true (pd_test_events_wait_for (&lax_ev, "inspection.amended"));
  g_assert_true (pd_test_events_seen (&lax_ev, ref));
  d = pd_client_call (f->lax, "GET", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (d), "perishable"));
  com = json_array_get_object_element (json_object_get_array_member (json_node_get_object (d), "commodities"), 0);
  g_assert_cmpfloat (json_object_get_double_member (com, "quantity"), ==, 42.5);
  history = json_object_get_array_member (json_node_get_object (d), "history");
  last = json_array_get_object_element (history, json_array_get_length (history) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "reason_code"), ==, "amended");
  g_assert_cmpstr (json_object_get_string_member (last, "reason"), ==, "window, commodities, perishable");
  g_assert_cmpint (db_int (f->d, "SELECT count(*) FROM audit WHERE action = 'inspection.amend'"), ==, 1);

  /* the same again changes nothing; kind and port stay; others may not */
  g_clear_pointer (&r, json_node_unref);
  r = amend (f, f->broker, ref, fixed, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(JsonNode) other_kind = submission (f, "personal_goods", "LAX", 3, 9, TRUE, NULL);
    r = amend (f, f->broker, ref, other_kind, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
    r = amend (f, f->other, ref, fixed, &error);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  /* scheduled: the window may move only while it keeps the slot */
  g_clear_pointer (&r, json_node_unref);
  r = move (f->lax, ref, "accepted", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&d, json_node_unref);
  d = pd_client_call (f->lax, "GET", path, NULL, &error);
  g_assert_no_error (error);
  slot = g_strdup (json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (json_node_get_object (d), "slots"), 0), "start"));
  g_clear_pointer (&r, json_node_unref);
  r = move (f->lax, ref, "scheduled", NULL, slot, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) later = submission (f, "cargo", "LAX", 30, 40, TRUE, NULL);
    g_autoptr(JsonNode) wider = submission (f, "cargo", "LAX", 2, 12, TRUE, NULL);

    g_clear_pointer (&r, json_node_unref);
    r = amend (f, f->broker, ref, later, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
    g_clear_error (&error);
    r = amend (f, f->broker, ref, wider, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r), "status"), ==, "scheduled");
  }

  /* once the inspection has started, no more */
  {
    gint64 start = 0;

    g_assert_true (pd_time_parse (slot, &start));
    pd_test_clock_advance (f->d, (start - pd_test_daemon_now (f->d)) / G_USEC_PER_SEC + 1);
  }
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&r, json_node_unref);
      r = move (f->lax, ref, i == 0 ? "arrived" : "in_progress", NULL, NULL, &error);
      g_assert_no_error (error);
    }
  {
    g_autoptr(JsonNode) late = submission (f, "cargo", "LAX", 2, 12, FALSE, NULL);

    g_clear_pointer (&r, json_node_unref);
    r = amend (f, f->broker, ref, late, &error);
    g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
    g_assert_nonnull (strstr (error->message, "no longer be amended"));
  }
  pd_test_events_clear (&lax_ev);
}

/* The rows form: what the list shows, one array per request in the order
 * of "fields", the same requests and values as the full form. */
static void
test_rows_form (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *ref = submit (f, f->broker, "cargo", "LAX", TRUE);
  g_autofree char *ref_path = g_strdup_printf ("/v1/inspections?form=rows&ref=%s", ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) full = pd_client_call (f->lax, "GET", "/v1/inspections?limit=500", NULL, &error);
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GHashTable) at = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *fields, *items, *row, *full_items;
  gint64 total;

  g_assert_no_error (error);
  total = json_object_get_int_member (get_obj (full), "total");
  g_assert_cmpint (total, >, 1);
  rows = pd_client_call (f->lax, "GET", "/v1/inspections?form=rows&limit=5000", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (get_obj (rows), "total"), ==, total);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (get_obj (rows), "next")));
  fields = json_object_get_array_member (get_obj (rows), "fields");
  items = json_object_get_array_member (get_obj (rows), "items");
  g_assert_cmpint (json_array_get_length (items), ==, total);
  for (guint k = 0; k < json_array_get_length (fields); k++)
    g_hash_table_insert (at, (gpointer) json_array_get_string_element (fields, k), GUINT_TO_POINTER (k));
  for (guint k = 0; k < json_array_get_length (items); k++)
    g_assert_cmpuint (json_array_get_length (json_array_get_array_element (items, k)), ==,
                      json_array_get_length (fields));

  /* the same requests in the same order (by requested time), the same values */
  full_items = json_object_get_array_member (get_obj (full), "items");
  for (guint k = 0; k < MIN (json_array_get_length (full_items), json_array_get_length (items)); k++)
    {
      JsonObject *o = json_array_get_object_element (full_items, k);
      g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (
          json_object_get_string_member (json_object_get_object_member (o, "window"), "start"), NULL);

      row = json_array_get_array_element (items, k);
#define FIELD(name) json_array_get_element (row, GPOINTER_TO_UINT (g_hash_table_lookup (at, name)))
      g_assert_cmpstr (json_node_get_string (FIELD ("ref")), ==, json_object_get_string_member (o, "ref"));
      g_assert_cmpstr (json_node_get_string (FIELD ("status")), ==, json_object_get_string_member (o, "status"));
      g_assert_cmpstr (json_node_get_string (FIELD ("kind")), ==, json_object_get_string_member (o, "kind"));
      g_assert_cmpint (json_node_get_int (FIELD ("window_start")), ==, g_date_time_to_unix (start));
      g_assert_cmpint (json_node_get_boolean (FIELD ("late")), ==,
                       json_object_get_boolean_member (json_object_get_object_member (o, "sla"), "late"));
      g_assert_cmpint (json_node_get_int (FIELD ("unread")), ==, json_object_get_int_member (o, "unread"));
      g_assert_cmpint (json_node_get_int (FIELD ("commodities")), ==,
                       json_array_get_length (json_object_get_array_member (o, "commodities")));
    }

  /* one request by ref, in the same form: a submitted one runs the decision clock */
  one = pd_client_call (f->lax, "GET", ref_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (get_obj (one), "total"), ==, 1);
  row = json_array_get_array_element (json_object_get_array_member (get_obj (one), "items"), 0);
  g_assert_cmpstr (json_node_get_string (FIELD ("ref")), ==, ref);
  g_assert_cmpstr (json_node_get_string (FIELD ("requester")), ==, "Acme Imports");
  g_assert_true (json_node_get_boolean (FIELD ("perishable")));
  g_assert_cmpint (json_node_get_int (FIELD ("sla_target_minutes")), >, 0);
  g_assert_cmpint (json_node_get_int (FIELD ("sla_minutes")), >=, 0);
  g_assert_true (strstr (json_node_get_string (FIELD ("search_text")), "acme imports") != NULL);
  g_assert_true (JSON_NODE_HOLDS_NULL (FIELD ("slot_start")));
#undef FIELD
  /* another port's officer does not see it */
  r = pd_client_call (f->lalb, "GET", ref_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (get_obj (r), "total"), ==, 0);
  g_clear_pointer (&r, json_node_unref);

  /* bad input: a clear error */
  r = pd_client_call (f->lax, "GET", "/v1/inspections?form=compact", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_call (f->lax, "GET", "/v1/inspections?form=rows&limit=5001", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_call (f->lax, "GET", "/v1/inspections?limit=501", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/scheduling/workflow", Fixture, NULL, fixture_setup, test_workflow, fixture_teardown);
  g_test_add ("/scheduling/requester-cancel-reschedule", Fixture, NULL, fixture_setup,
              test_requester_cancel_and_reschedule, fixture_teardown);
  g_test_add ("/scheduling/validation", Fixture, NULL, fixture_setup, test_validation, fixture_teardown);
  g_test_add ("/scheduling/slots", Fixture, NULL, fixture_setup, test_slots, fixture_teardown);
  g_test_add ("/scheduling/offered-slots-and-moves", Fixture,
              "[portdeskd]\nslot_capacity=2\nslot_minutes=90\nsession_idle_minutes=600\n",
              fixture_setup, test_offered_slots_and_moves, fixture_teardown);
  g_test_add ("/scheduling/sla", Fixture, NULL, fixture_setup, test_sla, fixture_teardown);
  g_test_add ("/scheduling/chat", Fixture, NULL, fixture_setup, test_chat, fixture_teardown);
  g_test_add ("/scheduling/requester-amends", Fixture, NULL, fixture_setup, test_requester_amends, fixture_teardown);
  g_test_add ("/scheduling/live-new-request", Fixture, NULL, fixture_setup, test_live_new_request, fixture_teardown);
  g_test_add ("/scheduling/rows-form", Fixture, NULL, fixture_setup, test_rows_form, fixture_teardown);
  g_test_add ("/scheduling/filters-and-demo", Fixture, NULL, fixture_setup, test_filters_and_demo, fixture_teardown);
  return g_test_run ();
}
