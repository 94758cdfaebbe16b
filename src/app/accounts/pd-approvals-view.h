/* pd-approvals-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

/* the view's actions, in the order of its buttons */
enum {
  PD_APPROVALS_APPROVE_SUPERVISOR,
  PD_APPROVALS_APPROVE_OWNER,
  PD_APPROVALS_DENY,
};

GtkWidget *pd_approvals_view_new (PdServiceClient *client);

G_END_DECLS
