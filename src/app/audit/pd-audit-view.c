/* pd-audit-view.c: the audit flow's view in the app: the audit log table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-audit-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-audit-view.h"
#include "pd-table-view.h"

static const PdTableColumn audit_columns[] = {
  { "seq",     N_("Entry"),   FALSE, NULL, TRUE,  6 },
  { "at",      N_("Time"),    FALSE, pd_table_format_time, FALSE, 17 },
  { "actor",   N_("Actor"),   FALSE, NULL, FALSE, 12 },
  { "role",    N_("Role"),    FALSE, NULL, FALSE, 10 },
  { "action",  N_("Action"),  TRUE,  NULL, FALSE, 16 },
  { "object",  N_("Object"),  FALSE, NULL, FALSE, 12 },
  { "outcome", N_("Outcome"), FALSE, NULL, FALSE, 7 },
  { "client",  N_("Client"),  FALSE, NULL, FALSE, 10 },
};

GtkWidget *
pd_audit_view_new (PdServiceClient *client)
{
  return GTK_WIDGET (pd_table_view_new (client, "/v1/audit", audit_columns, G_N_ELEMENTS (audit_columns), 2000));
}
