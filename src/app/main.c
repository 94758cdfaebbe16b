/* main.c: portdesk, the officer workstation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "pd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdApplication) app = NULL;
  const char *localedir = g_getenv ("PORTDESK_LOCALEDIR");
  int status;

  pd_application_set_start_time (g_get_monotonic_time ());

  setlocale (LC_ALL, "");
  /* PORTDESK_LOCALEDIR: the translations of an uninstalled build (meson devenv) */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pd_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0)
    status = pd_application_get_exit_status (app);
  return status;
}
