/* pd-flags-view.h: misuse flags: the auditors' review queue, the admin's
 * suspension requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-service-client.h"

G_BEGIN_DECLS

/* a PdActionTableView: every flag, the entries behind the selected one;
 * clear it or ask an admin to suspend the account, with a reason */
GtkWidget *pd_flags_view_new       (PdServiceClient *client);
/* a PdActionTableView: the flags an auditor escalated; suspend the account
 * (the reason is what the user reads at sign-in) or decline, with a reason */
GtkWidget *pd_suspensions_view_new (PdServiceClient *client);

G_END_DECLS
