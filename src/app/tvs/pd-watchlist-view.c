/* pd-watchlist-view.c: the passenger analyst's TVS watch list
 *
 * The derogatory holdings records and whether each is validated (by whom,
 * when, why); the one selected is validated (it alerts the officers of the
 * port where it is seen from then on) or its validation withdrawn, always
 * with a reason.  The service's refusals show as it words them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-watchlist-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-json.h"
#include "pd-action-table-view.h"
#include "pd-watchlist-view.h"

static char *
format_validated (JsonObject *row,
                  const char *member)
{
  return g_strdup (pd_json_bool (row, member) ? _("Validated: alerts") : _("Not validated: silent"));
}

static const PdTableColumn columns[] = {
  { "record",       N_("Record"),        FALSE, NULL, FALSE, 10 },
  { "last_name",    N_("Last name"),     TRUE,  NULL, FALSE, 12 },
  { "first_name",   N_("First name"),    FALSE, NULL, FALSE, 10 },
  { "birth_date",   N_("Born"),          FALSE, NULL, FALSE, 10 },
  { "validated",    N_("Status"),        FALSE, format_validated, FALSE, 16 },
  { "validated_by", N_("Validated by"),  FALSE, NULL, FALSE, 10 },
  { "reason",       N_("Reason"),        TRUE,  NULL, FALSE, 16 },
};

static const PdTableAction actions[] = {
  { N_("_Withdraw"), "/v1/watchlist/", "/withdraw", FALSE, N_("Saved.") },
  { N_("_Validate"), "/v1/watchlist/", "/validate", TRUE,  N_("Saved.") },
};

static const PdActionTableSpec spec = {
  .intro = N_("A watch-list entry alerts the officers of the port only once you validate it. A match is never a "
              "finding: the officer decides."),
  .path = "/v1/watchlist",
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .key_member = "record",
  .text_member = "reason",
  .placeholder = N_("Reason (kept in the audit log)"),
  .select_first = N_("Select a record first."),
  .actions = actions,
  .n_actions = G_N_ELEMENTS (actions),
};

GtkWidget *
pd_watchlist_view_new (PdServiceClient *client)
{
  return pd_action_table_view_new (client, &spec);
}
