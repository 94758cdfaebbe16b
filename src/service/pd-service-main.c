/* pd-service-main.c: portdeskd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskd"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "pd-audit.h"
#include "pd-clock.h"
#include "pd-config.h"
#include "pd-daemon.h"
#include "pd-face-blas.h"
#include "pd-paths.h"

static gboolean
on_signal (gpointer user_data)
{
  g_message ("stopping");
  pd_daemon_stop (PD_DAEMON (user_data));
  return G_SOURCE_REMOVE;
}

/* portdeskd --check-anchor: 0 when the database matches, 1 with the
 * reason when it does not, 2 when it cannot be checked. The database is
 * the one the settings name: the data directory's file, or with store =
 * postgresql the site's database. */
static int
check_database (const char *data_dir,
                const char *config_path,
                const char *anchor)
{
  g_autofree char *dir = data_dir != NULL ? g_strdup (data_dir) : pd_paths_default_data_dir ();
  g_autofree char *db = g_build_filename (dir, "portdesk.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdConfig) config = NULL;
  PdAuditReport report = { 0 };
  const char *conninfo;
  int rc;

  config = config_path != NULL ? pd_config_load (config_path, &error) : pd_config_new_default ();
  if (config == NULL)
    {
      g_printerr ("portdeskd: %s\n", error->message);
      return 2;
    }
  conninfo = config->store_conninfo;
  if (conninfo == NULL && !g_file_test (db, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("portdeskd: no database %s\n", db);
      return 2;
    }
  if (!pd_audit_check_database (db, conninfo, anchor, &report, &error))
    {
      g_printerr ("portdeskd: cannot check %s against %s: %s\n", conninfo != NULL ? "the PostgreSQL database" : db,
                  anchor, error->message);
      return 2;
    }
  if (report.ok)
    {
      g_autofree char *at = pd_time_format (report.anchored_at);

      g_print ("OK: %" G_GINT64_FORMAT " entries verified; anchored up to entry %" G_GINT64_FORMAT " (%s)%s\n",
               report.entries, report.anchored_seq, at,
               report.anchor == PD_ANCHOR_BEHIND ? "; newer checkpoints are not in the anchor yet" : "");
      rc = 0;
    }
  else
    {
      g_print ("FAILED: first bad entry %" G_GINT64_FORMAT ": %s (%s)\n", report.first_bad_seq, report.problem,
               report.reason);
      rc = 1;
    }
  pd_audit_report_clear (&report);
  return rc;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDaemon) daemon = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *check_anchor = NULL;
  gboolean test_clock = FALSE, demo = FALSE, demo_holdings = FALSE, verbose = FALSE, version = FALSE;
  const GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "Where the database and keys live (default: $XDG_DATA_HOME/portdesk)", "DIR" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config, "Settings file (GKeyFile, group [portdeskd]; default: " SYSCONFDIR "/portdesk/portdeskd.conf if present)", "FILE" },
    { "socket", 's', 0, G_OPTION_ARG_FILENAME, &socket_path, "Officer API socket (default: $XDG_RUNTIME_DIR/portdesk/portdeskd.sock)", "PATH" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Also serve the public intake API (API keys only) on ADDR:PORT, e.g. 127.0.0.1:8443", "ADDR:PORT" },
    { "test-clock", 0, 0, G_OPTION_ARG_NONE, &test_clock, "Let tests set the clock (POST /v1/test/clock); refused in production", NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Create the demo accounts (password in the README)", NULL },
    { "demo-holdings", 0, 0, G_OPTION_ARG_NONE, &demo_holdings,
      "With --demo: TSA holdings from the faces of the face-api demo pictures, on a fresh database", NULL },
    { "check-anchor", 0, 0, G_OPTION_ARG_FILENAME, &check_anchor,
      "Check the database of --data-dir against the audit anchor FILE (with portdeskd stopped) and exit", "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Show debug messages", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Show the version", NULL },
    { NULL }
  };
  PdDaemonOptions options = { 0 };

  /* the face engine's BLAS kernel is chosen before OpenBLAS starts */
  pd_face_blas_prepare (argv);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ctx = g_option_context_new ("- the PortDesk matching service");
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("portdeskd: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (version)
    {
      g_print ("portdeskd %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (verbose)
    g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  if (test_clock && g_getenv ("PORTDESK_ALLOW_TEST_CLOCK") == NULL)
    {
      g_printerr ("portdeskd: --test-clock is for tests only; set PORTDESK_ALLOW_TEST_CLOCK=1 to confirm\n");
      return EXIT_FAILURE;
    }
  if (sodium_init () < 0)
    {
      g_printerr ("portdeskd: libsodium failed to initialise\n");
      return EXIT_FAILURE;
    }

  if (config == NULL && g_file_test (SYSCONFDIR "/portdesk/portdeskd.conf", G_FILE_TEST_EXISTS))
    config = g_strdup (SYSCONFDIR "/portdesk/portdeskd.conf");
  if (check_anchor != NULL)
    return check_database (data_dir, config, check_anchor);
  if (data_dir == NULL)
    data_dir = pd_paths_default_data_dir ();
  if (socket_path == NULL)
    socket_path = pd_paths_default_socket ();
  options.data_dir = data_dir;
  options.config_path = config;
  options.socket_path = socket_path;
  options.listen = listen;
  options.test_clock = test_clock;
  options.demo = demo;
  options.demo_holdings = demo_holdings;

  /* photos pass through this process (a TSA capture is never stored): no
   * core dump of it, neither a file nor one sent to a crash collector */
  {
    struct rlimit none = { 0, 0 };

    if (setrlimit (RLIMIT_CORE, &none) != 0 || prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
      g_warning ("cannot turn core dumps off: %s", g_strerror (errno));
  }

  daemon = pd_daemon_new ();
  if (!pd_daemon_setup (daemon, &options, &error))
    {
      g_printerr ("portdeskd: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_unix_signal_add (SIGTERM, on_signal, daemon);
  g_unix_signal_add (SIGINT, on_signal, daemon);
  return pd_daemon_run (daemon);
}
