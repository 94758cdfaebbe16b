/* pd-paths.h: default locations shared by portdeskd, portdeskctl and the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *pd_paths_default_data_dir    (void);
char *pd_paths_default_socket      (void);
char *pd_paths_default_model_dir   (void);

G_END_DECLS
