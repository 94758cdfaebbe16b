/* face-ctl.c: stand-alone driver for `portdeskctl face` (tests and benches)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "pd-ctl-face.h"
#include "pd-face-blas.h"

int
main (int argc, char **argv)
{
  char **args = g_new0 (char *, argc + 1);
  int status;

  pd_face_blas_prepare (argv);
  setlocale (LC_ALL, "");
  args[0] = (char *) "face";
  for (int i = 1; i < argc; i++)
    args[i] = argv[i];
  status = pd_ctl_face_main (argc, args);
  g_free (args);
  return status;
}
