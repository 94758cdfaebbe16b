/* pd-ctl-face.h: `portdeskctl face ...` (local face engine, no service needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv[0] is "face".  Prints JSON on stdout; returns the exit status. */
int pd_ctl_face_main (int argc, char **argv);

G_END_DECLS
