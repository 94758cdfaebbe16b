/* pd-views.h: the workstation's views and the roles that may open them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-role.h"
#include "pd-service-client.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;       /* stable id: settings, --view, tests */
  const char *title;      /* translatable (N_) */
  const char *icon_name;
  guint       roles;      /* PD_ROLE_BIT mask */
  /* makes the view (a PdView); NULL: not built yet, a status page says so */
  GtkWidget  *(*create) (PdServiceClient *client);
  const char *reload_on[3];  /* events (PD_EVENT_*) that reload it */
} PdViewInfo;

const PdViewInfo *pd_views_get_all     (guint       *n_views);
const PdViewInfo *pd_views_lookup      (const char  *name);
gboolean          pd_view_allowed      (const PdViewInfo *view,
                                        PdRole       role);
/* The names of the views @role may open, in sidebar order (NULL-terminated, free with g_strfreev). */
char            **pd_views_for_role    (PdRole       role);

G_END_DECLS
