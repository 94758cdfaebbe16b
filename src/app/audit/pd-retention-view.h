/* pd-retention-view.h: the retention promises, what each holds and what
 * the sweeper purged (administrators and auditors)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

#define PD_TYPE_RETENTION_VIEW (pd_retention_view_get_type ())
G_DECLARE_FINAL_TYPE (PdRetentionView, pd_retention_view, PD, RETENTION_VIEW, AdwBin)

GtkWidget   *pd_retention_view_new          (PdServiceClient *client);
/* the policies (one row each) and the latest deletion receipts */
PdTableView *pd_retention_view_get_policies (PdRetentionView *self);
PdTableView *pd_retention_view_get_receipts (PdRetentionView *self);
/* Run now: shown to those who may run the sweeper (administrators) */
GtkWidget   *pd_retention_view_get_run_button (PdRetentionView *self);
/* the status line's text: the last run's result or an error (NULL: none) */
const char  *pd_retention_view_get_message  (PdRetentionView *self);
gboolean     pd_retention_view_get_busy     (PdRetentionView *self);

G_END_DECLS
