/* load.c: concurrent clients against a real portdeskd, beside a bare SoupServer
 *
 *   bench/load [SECONDS] [CLIENTS]      (defaults: 5 s a phase, 8 clients)
 *
 * For each listener (officer socket: GET /v1/session as a signed-in
 * officer; intake TCP: GET /v1/intake/whoami with an API key) runs one
 * client, then CLIENTS clients, for SECONDS each, and prints requests per
 * second, p50 and p99 latency and errors.  The peer, in the same run, is a
 * bare libsoup 3.2 SoupServer in this process answering a fixed JSON body
 * on the same kind of socket (keep-alive, no work): the floor under any
 * service built on libsoup here.  portdeskd's descriptors and resident
 * memory are read before and after the load (after a warm-up): a leak
 * shows as a difference.  No SIMD kernel is involved (I/O and SQLite).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-load"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "pd-bench-util.h"
#include "pd-credential.h"
#include "pd-test-daemon.h"

typedef struct {
  const char *label;
  const char *base;        /* http://... */
  const char *socket;      /* or NULL for TCP */
  const char *path;
  const char *credential;  /* or NULL */
} Target;

typedef struct {
  const Target *target;
  double        seconds;
  GArray       *latencies; /* double ms */
  guint         errors;
  char         *first_error;
} Worker;

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  GMainContext *ctx = g_main_context_new ();
  SoupSession *session;
  g_autofree char *uri = g_strconcat (w->target->base, w->target->path, NULL);
  double end;

  g_main_context_push_thread_default (ctx);
  if (w->target->socket != NULL)
    {
      g_autoptr(GSocketAddress) addr = g_unix_socket_address_new (w->target->socket);
      session = soup_session_new_with_options ("remote-connectable", addr, NULL);
    }
  else
    session = soup_session_new ();
  end = pd_bench_now_ms () + w->seconds * 1000;
  while (pd_bench_now_ms () < end)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      double t0 = pd_bench_now_ms (), dt;

      if (w->target->credential != NULL)
        pd_credential_set_header (soup_message_get_request_headers (msg), w->target->credential);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      dt = pd_bench_now_ms () - t0;
      if (body == NULL || soup_message_get_status (msg) != 200)
        {
          if (w->first_error == NULL)
            w->first_error = g_strdup_printf ("%u %s", soup_message_get_status (msg),
                                              error ? error->message : "");
          w->errors++;
          continue;
        }
      g_array_append_val (w->latencies, dt);
    }
  g_object_unref (session);
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
  return NULL;
}

typedef struct {
  double rps, p50, p99;
  guint  errors;
} Result;

static Result
run_phase (const Target *t,
           guint         clients,
           double        seconds)
{
  g_autofree Worker *w = g_new0 (Worker, clients);
  g_autofree GThread **threads = g_new0 (GThread *, clients);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  Result r = { 0 };

  for (guint i = 0; i < clients; i++)
    {
      w[i] = (Worker) { t, seconds, g_array_new (FALSE, FALSE, sizeof (double)), 0, NULL };
      threads[i] = g_thread_new ("client", worker_run, &w[i]);
    }
  for (guint i = 0; i < clients; i++)
    {
      g_thread_join (threads[i]);
      g_array_append_vals (all, w[i].latencies->data, w[i].latencies->len);
      r.errors += w[i].errors;
      if (w[i].first_error != NULL)
        g_printerr ("  %s: %s\n", t->label, w[i].first_error);
      g_array_unref (w[i].latencies);
      g_free (w[i].first_error);
    }
  {
    PdBenchLatency l = pd_bench_latency (all, seconds);

    r.rps = l.rate;
    r.p50 = l.p50;
    r.p99 = l.p99;
  }
  return r;
}

/* --- the bare peer ------------------------------------------------------- */

static void
bare_callback (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  static const char body[] = "{\"service\":\"bare\",\"api\":\"v1\"}";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, sizeof body - 1);
}

typedef struct {
  char    *socket;
  guint    port;
  GMutex   lock;
  GCond    ready;
  gboolean up;
} Bare;

static gpointer
bare_run (gpointer data)
{
  Bare *b = data;
  GMainContext *ctx = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (ctx, FALSE);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GSList) listeners = NULL;

  g_main_context_push_thread_default (ctx);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, bare_callback, NULL, NULL);
  sock = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  addr = g_unix_socket_address_new (b->socket);
  g_socket_set_listen_backlog (sock, 256);
  if (!g_socket_bind (sock, addr, FALSE, NULL) || !g_socket_listen (sock, NULL) ||
      !soup_server_listen_socket (server, sock, 0, NULL) ||
      !soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, NULL))
    g_error ("the bare server cannot listen");
  listeners = soup_server_get_listeners (server);
  for (GSList *l = listeners; l != NULL; l = l->next)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (l->data, NULL);

      if (local != NULL && G_IS_INET_SOCKET_ADDRESS (local))
        b->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_mutex_lock (&b->lock);
  b->up = TRUE;
  g_cond_signal (&b->ready);
  g_mutex_unlock (&b->lock);
  g_main_loop_run (loop);
  return NULL;
}

/* --- the service --------------------------------------------------------- */

static guint
n_fds (PdTestDaemon *d)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (d->proc));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static guint64
rss_kb (PdTestDaemon *d)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (d->proc));
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + 6 + strspn (line + 6, " \t"), NULL, 10);
}

static void
print_row (const char *label,
           guint       clients,
           Result      ours,
           Result      bare)
{
  g_print ("%-28s %2u | %8.0f %7.2f %7.2f %4u | %8.0f %7.2f %7.2f | %5.2fx %5.2fx\n",
           label, clients, ours.rps, ours.p50, ours.p99, ours.errors, bare.rps, bare.p50, bare.p99,
           ours.p50 / MAX (bare.p50, 1e-6), bare.rps / MAX (ours.rps, 1e-6));
}

int
main (int   argc,
      char *argv[])
{
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 5;
  guint clients = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 8;
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) admin = NULL;
  g_autoptr(PdClient) officer = NULL;
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bare_dir = g_dir_make_tmp ("portdesk-bench-XXXXXX", NULL);
  g_autofree char *ours_tcp = NULL;
  g_autofree char *bare_tcp = NULL;
  Bare bare = { 0 };
  Target ours[2], peer[2];
  Result single[2], many[2], bare_single[2], bare_many[2];
  guint fds_before, fds_after;
  guint64 rss_before, rss_after;

  if (seconds <= 0 || clients == 0)
    {
      g_printerr ("Usage: %s [SECONDS] [CLIENTS]\n", argv[0]);
      return 2;
    }
  g_setenv ("PORTDESKD", PD_BUILD_ROOT "/src/service/portdeskd", FALSE);
  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TCP, "[portdeskd]\nsession_idle_minutes=600\n");
  admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  officer = pd_test_login (d, "ag.lopez", NULL, TRUE);
  key = pd_client_post (admin, "/v1/apikeys", &error, "kind", G_TYPE_STRING, "broker", "name", G_TYPE_STRING,
                        "Load Test Brokers", "scopes", G_TYPE_STRING, "scheduling", "port", G_TYPE_STRING, "LAX", NULL);
  if (key == NULL)
    g_error ("%s", error->message);

  bare.socket = g_build_filename (bare_dir, "bare.sock", NULL);
  g_mutex_init (&bare.lock);
  g_cond_init (&bare.ready);
  g_thread_unref (g_thread_new ("bare", bare_run, &bare));
  g_mutex_lock (&bare.lock);
  while (!bare.up)
    g_cond_wait (&bare.ready, &bare.lock);
  g_mutex_unlock (&bare.lock);

  ours_tcp = g_strdup_printf ("http://127.0.0.1:%u", d->tcp_port);
  bare_tcp = g_strdup_printf ("http://127.0.0.1:%u", bare.port);
  ours[0] = (Target) { "officer socket /v1/session", "http://localhost", d->socket, "/v1/session",
                       pd_client_get_token (officer) };
  ours[1] = (Target) { "intake TCP /v1/intake/whoami", ours_tcp, NULL, "/v1/intake/whoami",
                       json_object_get_string_member (json_node_get_object (key), "key") };
  peer[0] = (Target) { "bare socket", "http://localhost", bare.socket, "/", NULL };
  peer[1] = (Target) { "bare TCP", bare_tcp, NULL, "/", NULL };

  /* warm up (thread pools, page cache), then the baseline */
  for (guint i = 0; i < 2; i++)
    run_phase (&ours[i], clients, 1);
  fds_before = n_fds (d);
  rss_before = rss_kb (d);

  for (guint i = 0; i < 2; i++)
    {
      single[i] = run_phase (&ours[i], 1, seconds);
      many[i] = run_phase (&ours[i], clients, seconds);
      bare_single[i] = run_phase (&peer[i], 1, seconds);
      bare_many[i] = run_phase (&peer[i], clients, seconds);
    }
  g_usleep (500 * 1000);
  fds_after = n_fds (d);
  rss_after = rss_kb (d);

  g_print ("bench/load: %.0f s a phase, %u cores, kernel: none (I/O and SQLite, no SIMD path)\n",
           seconds, g_get_num_processors ());
  g_print ("%-28s %2s | %-31s | %-24s | %s\n", "", "", "portdeskd", "bare SoupServer (peer)", "ratio");
  g_print ("%-28s %2s | %8s %7s %7s %4s | %8s %7s %7s | %6s %6s\n", "listener", "n", "req/s", "p50 ms", "p99 ms",
           "err", "req/s", "p50 ms", "p99 ms", "p50", "req/s");
  for (guint i = 0; i < 2; i++)
    {
      print_row (ours[i].label, 1, single[i], bare_single[i]);
      print_row (ours[i].label, clients, many[i], bare_many[i]);
    }
  for (guint i = 0; i < 2; i++)
    g_print ("%s: p99 at %u clients is %.2fx the single-client p50 (goal <= 2x; the bare peer: %.2fx)\n",
             ours[i].label, clients, many[i].p99 / MAX (single[i].p50, 1e-6),
             bare_many[i].p99 / MAX (bare_single[i].p50, 1e-6));
  g_print ("portdeskd descriptors: %u before, %u after; resident memory: %" G_GUINT64_FORMAT " kB before, %"
           G_GUINT64_FORMAT " kB after\n", fds_before, fds_after, rss_before, rss_after);
  g_unlink (bare.socket);
  g_rmdir (bare_dir);
  return single[0].errors + many[0].errors + single[1].errors + many[1].errors > 0 ? 1 : 0;
}
