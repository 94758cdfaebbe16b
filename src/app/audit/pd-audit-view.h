/* pd-audit-view.h: the auditor's Audit view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

#define PD_TYPE_AUDIT_VIEW (pd_audit_view_get_type ())
G_DECLARE_FINAL_TYPE (PdAuditView, pd_audit_view, PD, AUDIT_VIEW, AdwBin)

GtkWidget   *pd_audit_view_new       (PdServiceClient *client);
/* Opens the sign-off dialog (the quarter before this one, a note). */
void         pd_audit_view_sign_off  (PdAuditView     *self);
PdTableView *pd_audit_view_get_table (PdAuditView     *self);
/* The verification badge's text (tests). */
const char  *pd_audit_view_get_badge (PdAuditView     *self);

G_END_DECLS
