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
/* The filter bar's field @member (actor, role, action, object, outcome,
 * client, since, until) and applying it, as Enter does. */
void         pd_audit_view_set_field (PdAuditView     *self,
                                      const char      *member,
                                      const char      *value);
void         pd_audit_view_apply     (PdAuditView     *self);
/* Saves the filter bar as @name, as "Save current as" does. */
void         pd_audit_view_save_filter (PdAuditView   *self,
                                        const char    *name);
guint        pd_audit_view_get_n_saved (PdAuditView   *self);
/* Writes the filtered entries with the checkpoint signatures to @file: CSV
 * when its name ends in .csv, else JSON (the service's own export). */
void         pd_audit_view_export    (PdAuditView     *self,
                                      GFile           *file);
/* The detail pane's text; the last message (NULL while calls are in flight). */
char        *pd_audit_view_dup_detail (PdAuditView    *self);
const char  *pd_audit_view_get_message (PdAuditView   *self);
/* The verification badge's text (tests). */
const char  *pd_audit_view_get_badge (PdAuditView     *self);

G_END_DECLS
