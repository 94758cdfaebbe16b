/* test-hardening.c: what no request may do to portdeskd, as an attacker tries it
 *
 * Raw sockets for what a well-behaved client never sends: deep or huge
 * bodies, half requests, connections that close, wrong credentials.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-hardening"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>

#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"

/* Latency bounds stretch under sanitizers and valgrind (the ASan job sets it). */
static double
time_scale (void)
{
  const char *s = g_getenv ("PD_TEST_TIME_SCALE");

  return s != NULL ? MAX (g_ascii_strtod (s, NULL), 1.0) : 1.0;
}

static GSocketConnection *
raw_connect (PdTestDaemon *d,
             gboolean      tcp)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  if (tcp)
    {
      g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      addr = g_inet_socket_address_new (lo, d->tcp_port);
    }
  else
    addr = g_unix_socket_address_new (d->socket);
  conn = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (addr), NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (conn), 20);
  return conn;
}

/* Sends @request (@len bytes) on @conn and reads the answer to its end;
 * returns the status, and the headers and body if asked. */
static guint
exchange_on (GSocketConnection *conn,
             const char        *request,
             gsize              len,
             char             **out_headers,
             char             **out_body)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  char buf[8192];
  gssize n;
  const char *sep;
  guint status = 0;

  if (len > 0)
    g_output_stream_write_all (out, request, len, NULL, NULL, &error);
  g_assert_no_error (error);
  /* to the end of the body (Content-Length), or of the connection */
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, &error)) > 0)
    {
      const char *cl;

      g_string_append_len (answer, buf, n);
      sep = strstr (answer->str, "\r\n\r\n");
      cl = sep != NULL ? strcasestr (answer->str, "\r\nContent-Length:") : NULL;
      if (cl != NULL && cl < sep &&
          answer->len >= (gsize) (sep + 4 - answer->str) + g_ascii_strtoull (cl + 17, NULL, 10))
        break;
    }
  g_assert_no_error (error);
  sep = strstr (answer->str, "\r\n\r\n");
  g_assert_nonnull (sep);
  g_assert_true (sscanf (answer->str, "HTTP/1.%*d %u", &status) == 1);
  if (out_headers != NULL)
    *out_headers = g_strndup (answer->str, sep - answer->str);
  if (out_body != NULL)
    *out_body = g_strdup (sep + 4);
  return status;
}

static guint
exchange (PdTestDaemon *d,
          gboolean      tcp,
          const char   *request,
          char        **out_headers,
          char        **out_body)
{
  g_autoptr(GSocketConnection) conn = raw_connect (d, tcp);

  return exchange_on (conn, request, strlen (request), out_headers, out_body);
}

static char *
post_request (const char *path,
              const char *header,   /* one extra header line, or NULL */
              const char *body)
{
  return g_strdup_printf ("POST %s HTTP/1.1\r\nHost: portdesk\r\n%s%sContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                          path, header ? header : "", header ? "\r\n" : "", strlen (body), body);
}

static char *
error_code (const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = pd_json_parse_object (body, -1, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (o, "error"), "code"));
}

static const char *
daemon_pid (PdTestDaemon *d)
{
  return g_subprocess_get_identifier (d->proc);
}

static guint
n_fds (PdTestDaemon *d)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", daemon_pid (d));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static guint64
rss_kb (PdTestDaemon *d)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", daemon_pid (d));
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + 6 + strspn (line + 6, " \t"), NULL, 10);
}

static gint64
db_int (PdTestDaemon *d,
        const char   *sql)
{
  g_autofree char *path = pd_test_daemon_db_path (d);

  return pd_test_db_int (path, sql);
}

static void
assert_alive (PdTestDaemon *d)
{
  g_assert_cmpuint (exchange (d, FALSE, "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n", NULL, NULL), ==, 200);
  if (d->tcp_port != 0)
    g_assert_cmpuint (exchange (d, TRUE, "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n", NULL, NULL), ==, 200);
}

static char *
nested (guint depth)
{
  GString *s = g_string_new ("{\"username\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

/* 1. 100,000 nested arrays used to overflow a worker's stack. */
static void
test_deep_json (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  g_autofree char *deep = nested (100000);
  g_autofree char *get = g_strdup_printf ("GET /v1/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s", strlen (deep), deep);
  g_autofree char *login = post_request ("/v1/login", NULL, deep);
  g_autofree char *shallow = nested (PD_JSON_MAX_DEPTH - 1);   /* and the object */
  g_autofree char *login_ok_depth = post_request ("/v1/login", NULL, shallow);
  g_autoptr(GString) wide = g_string_new ("{\"username\":[");
  g_autofree char *login_wide = NULL;

  for (guint tcp = 0; tcp < 2; tcp++)
    {
      g_autofree char *body = NULL;
      g_autofree char *code = NULL;

      /* a body on a route that takes none is refused before it is parsed */
      g_assert_cmpuint (exchange (d, tcp, get, NULL, &body), ==, 400);
      g_assert_nonnull (strstr (body, "takes no request body"));
      assert_alive (d);
    }
  {
    g_autofree char *body = NULL;

    g_assert_cmpuint (exchange (d, FALSE, login, NULL, &body), ==, 400);
    g_assert_nonnull (strstr (body, "nests deeper than 32 levels"));
    assert_alive (d);
    /* the deepest allowed body is parsed (and refused for what it says) */
    g_clear_pointer (&body, g_free);
    g_assert_cmpuint (exchange (d, FALSE, login_ok_depth, NULL, &body), ==, 400);
    g_assert_nonnull (strstr (body, "must be a string"));
  }
  /* too many values */
  for (guint i = 0; i < PD_JSON_MAX_VALUES + 1; i++)
    g_string_append (wide, i ? ",0" : "0");
  g_string_append (wide, "]}");
  login_wide = post_request ("/v1/login", NULL, wide->str);
  {
    g_autofree char *body = NULL;

    g_assert_cmpuint (exchange (d, FALSE, login_wide, NULL, &body), ==, 400);
    g_assert_nonnull (strstr (body, "more than 50000 values"));
  }
  assert_alive (d);
}

static void
connect_and_close (PdTestDaemon *d,
                   gboolean      tcp,
                   const char   *send)   /* NULL: say nothing */
{
  g_autoptr(GSocketConnection) conn = raw_connect (d, tcp);

  if (send != NULL)
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), send, strlen (send),
                               NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
}

/* 2. Sockets the client closed stayed open (CLOSE-WAIT) and nothing timed
 * out: a few hundred requests exhausted the descriptors. */
static void
test_connections_close (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP,
                                                  "[portdeskd]\nrequest_timeout_seconds=2\n");
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  const char *keepalive = "GET /v1/status HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n";
  guint baseline, during, after = 0;
  gint64 t0, answered_us;

  assert_alive (d);
  baseline = n_fds (d);
  for (guint i = 0; i < 5000; i++)
    {
      gboolean tcp = i % 2;

      switch (i % 5)
        {
        case 0:   /* a keep-alive request, read, then the client goes */
        case 1:
          g_assert_cmpuint (exchange (d, tcp, keepalive, NULL, NULL), ==, 200);
          break;
        case 2:   /* connects and says nothing */
          connect_and_close (d, tcp, NULL);
          break;
        case 3:   /* half a request */
          connect_and_close (d, tcp, "GET /v1/sta");
          break;
        default:  /* a whole request, not waiting for the answer */
          connect_and_close (d, tcp, "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n");
          break;
        }
    }
  assert_alive (d);
  /* the service closes what the clients closed */
  for (guint i = 0; i < 50 && (after = n_fds (d)) > baseline + 2; i++)
    g_usleep (100 * 1000);
  g_test_message ("descriptors: %u before, %u after 5,000 requests", baseline, after);
  g_assert_cmpuint (after, <=, baseline + 2);

  /* 300 half requests held open: new clients are still answered at once */
  for (guint i = 0; i < 300; i++)
    {
      GSocketConnection *conn = raw_connect (d, i % 2);
      const char *half = "GET /v1/status HTTP/1.1\r\nHost: x\r\n";

      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), half, strlen (half),
                                 NULL, NULL, NULL);
      g_ptr_array_add (held, conn);
    }
  /* the evicted ones close as libsoup notices */
  for (guint i = 0; i < 20 && (during = n_fds (d)) > baseline + 2 * 32 + 2; i++)
    g_usleep (100 * 1000);
  t0 = g_get_monotonic_time ();
  g_assert_cmpuint (exchange (d, FALSE, "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n", NULL, NULL), ==, 200);
  answered_us = g_get_monotonic_time () - t0;
  g_test_message ("with 300 half requests held (%u descriptors): a new client answered in %.1f ms",
                  during, answered_us / 1000.0);
  g_assert_cmpint (answered_us, <, 100 * 1000 * time_scale ());
  g_assert_cmpuint (during, <=, baseline + 2 * 32 + 4);   /* max_connections_per_client, both listeners */

  /* the half requests time out (request_timeout_seconds=2) */
  for (guint i = 0; i < 60 && (after = n_fds (d)) > baseline + 2; i++)
    g_usleep (100 * 1000);
  g_test_message ("descriptors once they timed out: %u", after);
  g_assert_cmpuint (after, <=, baseline + 2);
  assert_alive (d);
}

/* 3. A 300 MB body was read into memory before the 413. */
static void
test_oversize_unread (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  g_autofree char *chunk = g_malloc0 (1024 * 1024);
  guint64 rss_before, rss_after;

  assert_alive (d);
  rss_before = rss_kb (d);
  for (guint tcp = 0; tcp < 2; tcp++)
    {
      g_autoptr(GSocketConnection) conn = raw_connect (d, tcp);
      const char *head = tcp ?
        "POST /v1/intake/inspections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 300000000\r\n\r\n" :
        "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 300000000\r\n\r\n";
      g_autofree char *body = NULL;
      g_autofree char *code = NULL;

      /* the answer comes on the headers alone: the body is never sent */
      g_assert_cmpuint (exchange_on (conn, head, strlen (head), NULL, &body), ==, 413);
      code = error_code (body);
      g_assert_cmpstr (code, ==, "too_large");
    }
  /* and a client that does send it all is cut off without it being kept */
  {
    g_autoptr(GSocketConnection) conn = raw_connect (d, TRUE);
    GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
    const char *head = "POST /v1/intake/inspections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       "Content-Length: 300000000\r\n\r\n";
    gsize sent = 0;

    g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
    for (guint i = 0; i < 300; i++)
      {
        gsize n = 0;

        if (!g_output_stream_write_all (out, chunk, 1024 * 1024, &n, NULL, NULL))
          break;
        sent += n;
      }
    g_test_message ("the service stopped taking the body after %" G_GSIZE_FORMAT " of 300,000,000 bytes", sent);
    g_assert_cmpuint (sent, <, 100 * 1024 * 1024);
  }
  rss_after = rss_kb (d);
  g_test_message ("resident memory: %" G_GUINT64_FORMAT " kB before, %" G_GUINT64_FORMAT " kB after",
                  rss_before, rss_after);
  g_assert_cmpuint (rss_after, <, rss_before + 16 * 1024);
  assert_alive (d);
}

static char *
submission (double      quantity,
            const char *quantity_text)   /* or the number as written */
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_hours (now, 2);
  g_autoptr(GDateTime) end = g_date_time_add_hours (now, 10);
  g_autofree char *ws = g_date_time_format_iso8601 (start);
  g_autofree char *we = g_date_time_format_iso8601 (end);
  g_autofree char *q = quantity_text ? g_strdup (quantity_text) : g_strdup_printf ("%.17g", quantity);

  return g_strdup_printf ("{\"kind\":\"personal_goods\",\"port\":\"LAX\","
                          "\"requester\":{\"company\":\"Acme Imports\",\"importer_id\":\"IOR-12345\","
                          "\"contact_name\":\"Jo Doe\",\"contact_email\":\"jo@acme.example\","
                          "\"contact_phone\":\"+1 310 555 0100\"},"
                          "\"commodities\":[{\"description\":\"Fresh cut roses\",\"category\":\"plants\","
                          "\"quantity\":%s,\"unit\":\"cartons\",\"origin\":\"COL\"}],"
                          "\"window\":{\"start\":\"%s\",\"end\":\"%s\"},\"perishable\":false}", q, ws, we);
}

static char *
create_key (PdClient   *admin,
            const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, kind,
                                          "name", G_TYPE_STRING, "Acme Customs Brokers",
                                          "scopes", G_TYPE_STRING, "scheduling", "port", G_TYPE_STRING, "LAX", NULL);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (r), "key"));
}

static JsonNode *
call_ok (PdClient   *c,
         const char *method,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  JsonNode *r = pd_client_call (c, method, path, NULL, &error);

  g_assert_no_error (error);
  return r;
}

/* 4. quantity 1e-300 was accepted and then written as 1e-300.0, which
 * broke every response holding it. */
static void
test_numbers (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(PdClient) officer = pd_test_login (d, "ag.lopez", NULL, TRUE);
  g_autofree char *key = create_key (admin, "broker");
  g_autofree char *key_header = g_strdup_printf ("X-API-Key: %s", key);
  const char *refused[] = { "1e-300", "1e300", "0", "-1", "0.0001", "1000000001" };
  const double kept[] = { 0.001, 2.5, 40, 1e9, 123456789.125, 0.1 };
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *body = submission (0, refused[i]);
      g_autofree char *req = post_request ("/v1/intake/inspections", key_header, body);
      g_autofree char *answer = NULL;
      g_autofree char *code = NULL;

      g_assert_cmpuint (exchange (d, TRUE, req, NULL, &answer), ==, 400);
      code = error_code (answer);
      g_assert_cmpstr (code, ==, "invalid");
      g_assert_nonnull (strstr (answer, "quantity"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *body = submission (kept[i], NULL);
      g_autofree char *req = post_request ("/v1/intake/inspections", key_header, body);
      g_autofree char *answer = NULL;
      g_autoptr(JsonObject) o = NULL;

      g_assert_cmpuint (exchange (d, TRUE, req, NULL, &answer), ==, 201);
      o = pd_json_parse_object (answer, -1, NULL);
      g_ptr_array_add (refs, g_strdup (json_object_get_string_member (o, "ref")));
    }
  /* every response that holds them parses, and gives back what was sent */
  {
    g_autoptr(JsonNode) list = call_ok (officer, "GET", "/v1/inspections?limit=500");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "items")),
                      >=, G_N_ELEMENTS (kept));   /* with the demo's own */
  }
  for (guint i = 0; i < refs->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/inspections/%s", (char *) refs->pdata[i]);
      g_autofree char *export = g_strdup_printf ("/v1/inspections/%s/export", (char *) refs->pdata[i]);
      g_autoptr(JsonNode) detail = call_ok (officer, "GET", path);
      g_autoptr(JsonNode) exported = call_ok (officer, "GET", export);
      JsonObject *c = json_array_get_object_element (
          json_object_get_array_member (json_node_get_object (detail), "commodities"), 0);

      g_assert_cmpfloat (json_object_get_double_member (c, "quantity"), ==, kept[i]);
      g_assert_nonnull (exported);
    }
  {
    g_autoptr(PdClient) broker = pd_test_public_client (d, key);
    g_autoptr(JsonNode) mine = call_ok (broker, "GET", "/v1/intake/inspections");
    g_assert_nonnull (mine);
  }
}

static void
test_double_writer (void)
{
  const double values[] = { 1e-300, 1e300, 2e20, 5e-324, 0.1, 2.0, -0.0, 123456789.125, 1.7976931348623157e308 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) n = NULL;
      g_autofree char *text = NULL;
      g_autoptr(JsonObject) back = NULL;
      g_autoptr(GError) error = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "v");
      json_builder_add_double_value (b, values[i]);
      json_builder_end_object (b);
      n = json_builder_get_root (b);
      text = pd_json_to_string (n, FALSE);
      back = pd_json_parse_object (text, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (back, "v")), ==, G_TYPE_DOUBLE);
      g_assert_cmpfloat (json_object_get_double_member (back, "v"), ==, values[i]);
    }
  {
    g_autoptr(GString) s = g_string_new (NULL);
    pd_json_append_double (s, NAN);
    g_assert_cmpstr (s->str, ==, "null");
  }
}

/* 6. "\u0000" used to cut strings: "admin.demo\u0000xyz" signed in. */
static void
test_nul_in_strings (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autofree char *auth = g_strdup_printf ("Authorization: Bearer %s", pd_client_get_token (admin));
  const struct { const char *path; const char *body; gboolean signed_in; } cases[] = {
    { "/v1/login", "{\"username\":\"admin.demo\\u0000xyz\",\"password\":\"" PD_TEST_DEMO_PASSWORD "\"}", FALSE },
    { "/v1/login", "{\"username\":\"admin.demo\",\"password\":\"" PD_TEST_DEMO_PASSWORD "\\u0000anything\"}", FALSE },
    { "/v1/users", "{\"username\":\"jo\",\"display_name\":\"Jo\\u0000Evil\",\"email\":\"jo@cbp.dhs.gov\","
                   "\"role\":\"cbp_officer\",\"port\":\"LAX\",\"password\":\"a-long-enough-pass-2026\"}", TRUE },
    { "/v1/users", "{\"username\\u0000\":\"jo\"}", TRUE },
  };
  g_autofree char *escaped_ok = post_request ("/v1/login", NULL,
      "{\"username\":\"admin.demo\",\"password\":\"nope\\\\u0000\"}");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *req = post_request (cases[i].path, cases[i].signed_in ? auth : NULL, cases[i].body);
      g_autofree char *answer = NULL;

      g_assert_cmpuint (exchange (d, FALSE, req, NULL, &answer), ==, 400);
      g_assert_nonnull (strstr (answer, "NUL"));
    }
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM users WHERE username = 'jo'"), ==, 0);
  /* an escaped backslash before "u0000" is just text */
  g_assert_cmpuint (exchange (d, FALSE, escaped_ok, NULL, NULL), ==, 401);
}

/* 7. A user name like =HYPERLINK(...) reached the CSV export as a formula. */
static void
test_csv_formulas (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autoptr(PdClient) anon = pd_test_client (d);
  g_autoptr(PdClient) auditor = NULL;
  const char *names[] = { "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx" };
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonNode) r = pd_client_post (anon, "/v1/login", &error, "username", G_TYPE_STRING, names[i],
                                              "password", G_TYPE_STRING, "whatever-it-is", NULL);
      g_assert_error (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
      g_clear_error (&error);
    }
  auditor = pd_test_login (d, "auditor.fox", NULL, TRUE);
  csv = pd_client_call_raw (auditor, "GET", "/v1/audit/export?format=csv", NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *quoted = g_strdup_printf (",\"'%c", names[i][0]);
      g_autofree char *raw = g_strdup_printf (",\"%c", names[i][0]);

      g_assert_nonnull (strstr (text, quoted));
      g_assert_null (strstr (text, raw));
    }
}

/* 8. Each credential belongs to one listener and one header; intake
 * submissions are limited per key; an empty login body is a clear error. */
static void
test_credentials_and_intake_limit (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP,
                                                  "[portdeskd]\nintake_rate_per_minute=5\n");
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autofree char *key = create_key (admin, "broker");
  g_autofree char *as_key = g_strdup_printf ("X-API-Key: %s", key);
  g_autofree char *key_as_bearer = g_strdup_printf ("Authorization: Bearer %s", key);
  g_autofree char *token_as_key = g_strdup_printf ("X-API-Key: %s", pd_client_get_token (admin));
  g_autofree char *body = submission (40, NULL);
  struct { gboolean tcp; const char *path; const char *header; } wrong[] = {
    { TRUE,  "/v1/intake/inspections", key_as_bearer },   /* API key, wrong header */
    { FALSE, "/v1/intake/inspections", as_key },          /* API key, officer socket */
    { FALSE, "/v1/users", token_as_key },                 /* session token, wrong header */
    { TRUE,  "/v1/intake/inspections", token_as_key },    /* session token, intake listener */
  };
  gint64 before = db_int (d, "SELECT count(*) FROM insp_requests");

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autofree char *req = post_request (wrong[i].path, wrong[i].header, body);
      g_autofree char *answer = NULL;
      g_autofree char *code = NULL;

      g_assert_cmpuint (exchange (d, wrong[i].tcp, req, NULL, &answer), ==, 401);
      code = error_code (answer);
      g_assert_cmpstr (code, ==, "unauthenticated");
    }
  g_assert_cmpint (db_int (d, "SELECT count(*) FROM insp_requests"), ==, before);

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *req = post_request ("/v1/intake/inspections", as_key, body);
      g_autofree char *headers = NULL;
      guint status = exchange (d, TRUE, req, &headers, NULL);

      if (i < 5)
        g_assert_cmpuint (status, ==, 201);
      else
        {
          g_assert_cmpuint (status, ==, 429);
          g_assert_nonnull (strstr (headers, "\r\nRetry-After: "));
        }
    }

  /* no body at all: a clear 400, and no critical in the service (the test
   * environment makes criticals fatal) */
  {
    g_autofree char *answer = NULL;

    g_assert_cmpuint (exchange (d, FALSE, "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", NULL,
                                &answer), ==, 400);
    g_assert_nonnull (strstr (answer, "Missing required field 'username'"));
    assert_alive (d);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hardening/deep-json", test_deep_json);
  g_test_add_func ("/hardening/connections-close", test_connections_close);
  g_test_add_func ("/hardening/oversize-unread", test_oversize_unread);
  g_test_add_func ("/hardening/numbers", test_numbers);
  g_test_add_func ("/hardening/double-writer", test_double_writer);
  g_test_add_func ("/hardening/nul-in-strings", test_nul_in_strings);
  g_test_add_func ("/hardening/csv-formulas", test_csv_formulas);
  g_test_add_func ("/hardening/credentials-and-intake-limit", test_credentials_and_intake_limit);
  return g_test_run ();
}
