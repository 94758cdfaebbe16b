/* pd-ctl-main.c: portdeskctl, the administration and simulation tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pd-face-blas.h"
#include "pd-ctl-face.h"
#include "pd-ctl.h"
#include "pd-paths.h"

static const struct {
  const char   *name;
  PdCtlCommand  func;
  const char   *help;
} commands[] = {
  { "status",      pd_ctl_cmd_status,      "Is portdeskd running? Version, schema, clock" },
  { "login",       pd_ctl_cmd_login,       "Sign in and keep the session for later commands" },
  { "logout",      pd_ctl_cmd_logout,      "End the saved session" },
  { "rules",       pd_ctl_cmd_rules,       "Show, accept or decline the rules of behavior" },
  { "password",    pd_ctl_cmd_password,    "Change your own password (first, after an administrator's reset)" },
  { "totp",        pd_ctl_cmd_totp,        "Two-factor sign-in: status, enroll, confirm CODE, disable CODE" },
  { "whoami",      pd_ctl_cmd_whoami,      "The signed-in user, or the API key's principal with --url" },
  { "user",        pd_ctl_cmd_user,        "Add, list, show, disable, suspend, enable users; profiles; passwords and two-factor" },
  { "role",        pd_ctl_cmd_role,        "Change a user's role and port" },
  { "entitlement", pd_ctl_cmd_entitlement, "Request, approve (two approvers) and list LPR entitlements" },
  { "apikey",      pd_ctl_cmd_apikey,      "Create, list and revoke API keys of public principals" },
  { "port",        pd_ctl_cmd_port,        "List the ports users are given (admins)" },
  { "throttle",    pd_ctl_cmd_throttle,    "List and clear slowed-down sign-ins (admins)" },
  { "audit",       pd_ctl_cmd_audit,       "Verify, list and export the tamper-evident audit log" },
  { "flags",       pd_ctl_cmd_flags,       "Misuse flags: list, show, clear, escalate (auditors); suspend, scan (admins)" },
  { "retention",   pd_ctl_cmd_retention,   "Retention policies and their last runs; run the sweeper now" },
  { "gallery",     pd_ctl_cmd_gallery,     "Face galleries in portdeskd: list, enroll, remove, search (1:N)" },
  { "holdings",    pd_ctl_cmd_holdings,    "TSA holdings: import (CSV or JSON with photos), list, show, remove" },
  { "airline",     pd_ctl_cmd_airline,     "Play an airline on the public intake API: send a PAXLST manifest" },
  { "flight",      pd_ctl_cmd_flight,      "Flights of your port, their manifests and galleries (officers)" },
  { "gate",        pd_ctl_cmd_gate,        "Register TVS gate devices; play one: capture, opt-out, close, health" },
  { "alert",       pd_ctl_cmd_alert,       "TVS alerts of your port: list, show, dispose (officers)" },
  { "report",      pd_ctl_cmd_report,      "Aggregate reports: scheduling, tsa, tvs, lpr, oversight (charts in the app)" },
  { "watchlist",   pd_ctl_cmd_watchlist,   "The TVS watch list: list, validate, withdraw (passenger analysts)" },
  { "lpr",         pd_ctl_cmd_lpr,         "LPR: play a camera feed; reads, displays, alerts, cases, queries (analysts)" },
  { "manifest",    pd_ctl_cmd_manifest,    "Read an airline's PAXLST manifest locally: flights, travellers, warnings" },
  { "mrz",         pd_ctl_cmd_mrz,         "Read a document's machine-readable zone locally: fields and check digits" },
  { "identity",    pd_ctl_cmd_identity,    "TSA identity check: check a photo, decline, search, verify (1:1), report" },
  { "inspection",  pd_ctl_cmd_inspection,  "The Scheduling Dashboard: list, show, move, assign, chat" },
  { "landing",     pd_ctl_cmd_landing,     "Landing rights of your port: list, show, research, recommend, decide, schedule" },
  { "air-operator", pd_ctl_cmd_air_operator, "Play an air operator on the public intake API: profile, request, status, chat" },
  { "bus",         pd_ctl_cmd_bus,         "Bus manifests: play a bus carrier (trip, passenger, submit); expected buses (officers)" },
  { "broker",      pd_ctl_cmd_broker,      "Play a requester on the public intake API (submit, status, cancel, chat)" },
  { "demo",        pd_ctl_cmd_demo,        "Create the demo accounts, and with --requests N demo inspection requests" },
  { "clock",       pd_ctl_cmd_clock,       "Set or advance the test clock (portdeskd --test-clock)" },
  { "store",       pd_ctl_cmd_store,       "Copy a stopped portdeskd's SQLite database to PostgreSQL: migrate --to CONNINFO" },
};

static void
print_help (void)
{
  g_print ("Usage: portdeskctl [--socket PATH] [--json] [--user USER [--password-file FILE] [--code CODE] [--accept-rules]]\n"
           "                   [--url URL --api-key-file FILE] COMMAND ...\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-12s %s\n", commands[i].name, commands[i].help);
  g_print ("  %-12s %s\n", "face", "Detect, embed, compare and check faces locally (no service needed)");
  g_print ("\nExit codes: 0 ok, 1 refused or check failed, 2 usage, 3 portdeskd unreachable, 4 not signed in or not allowed.\n");
}

int
main (int   argc,
      char *argv[])
{
  PdCtl ctl = { 0 };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  gboolean help = FALSE;
  const GOptionEntry entries[] = {
    { "socket", 's', 0, G_OPTION_ARG_FILENAME, &ctl.socket_path, "portdeskd socket", "PATH" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &ctl.json, "Print JSON", NULL },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &ctl.user, "Sign in as USER for this command only", "USER" },
    { "password-file", 'p', 0, G_OPTION_ARG_FILENAME, &ctl.password_file, "Read the password from FILE (- = stdin)", "FILE" },
    { "code", 0, 0, G_OPTION_ARG_STRING, &ctl.code, "A two-factor code (or a recovery code) when one is due", "CODE" },
    { "accept-rules", 0, 0, G_OPTION_ARG_NONE, &ctl.accept_rules, "Affirmatively accept the rules of behavior", NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &ctl.url, "Public intake API base URL (public side)", "URL" },
    { "api-key-file", 0, 0, G_OPTION_ARG_FILENAME, &ctl.api_key_file, "API key of the public principal", "FILE" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &ctl.token_file, "Where `login` keeps the session token", "FILE" },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show help", NULL },
    { NULL }
  };

  int ret;

  /* the face commands' BLAS kernel, chosen before OpenBLAS loads */
  pd_face_blas_prepare (argv);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  textdomain (GETTEXT_PACKAGE);

  ctx = g_option_context_new ("COMMAND ...");
  g_option_context_set_help_enabled (ctx, FALSE);
  g_option_context_set_strict_posix (ctx, TRUE);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("portdeskctl: %s\n", error->message);
      ret = PD_CTL_USAGE;
      goto out;
    }
  if (help || argc < 2)
    {
      print_help ();
      ret = help ? PD_CTL_OK : PD_CTL_USAGE;
      goto out;
    }
  if (strcmp (argv[1], "face") == 0)
    {
      /* the global --json too (the face commands but `thresholds` print JSON anyway) */
      g_autoptr(GPtrArray) args = g_ptr_array_new ();

      for (int i = 1; i < argc; i++)
        g_ptr_array_add (args, argv[i]);
      if (ctl.json)
        g_ptr_array_add (args, (char *) "--json");
      g_ptr_array_add (args, NULL);
      ret = pd_ctl_face_main ((int) args->len - 1, (char **) args->pdata);
      goto out;
    }

  if (ctl.socket_path == NULL)
    ctl.socket_path = pd_paths_default_socket ();
  if (ctl.token_file == NULL)
    ctl.token_file = g_build_filename (g_get_user_runtime_dir (), "portdesk", "portdeskctl.token", NULL);

  ret = PD_CTL_USAGE;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        ret = commands[i].func (&ctl, argc - 1, argv + 1);
        break;
      }
  if (ret == PD_CTL_USAGE && !g_str_equal (argv[1], "") && ctl.client == NULL)
    {
      gboolean known = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        known |= strcmp (argv[1], commands[i].name) == 0;
      if (!known)
        {
          g_printerr ("portdeskctl: unknown command '%s'\n\n", argv[1]);
          print_help ();
        }
    }
  pd_ctl_finish (&ctl);
out:
  g_clear_object (&ctl.client);
  g_free (ctl.socket_path);
  g_free (ctl.url);
  g_free (ctl.api_key_file);
  g_free (ctl.token_file);
  g_free (ctl.user);
  g_free (ctl.code);
  g_free (ctl.password_file);
  return ret;
}
