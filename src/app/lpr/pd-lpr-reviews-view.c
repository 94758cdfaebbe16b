/* pd-lpr-reviews-view.c: management's quarterly review of the LPR displays
 *
 * The auditor sees every display with its owner, how many plates it holds,
 * and who signed it off this quarter and when (those still due first), and
 * signs the selected one off with a note (a PdActionTableView).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-lpr-reviews-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-action-table-view.h"
#include "pd-json.h"
#include "pd-lpr-reviews-view.h"

static char *
format_signed (JsonObject *row,
               const char *member)
{
  return g_strdup (pd_json_str (row, "signed_by") != NULL ? pd_json_str (row, "signed_by") : _("Due"));
}

static const PdTableColumn columns[] = {
  { "display",   N_("Display"),   TRUE,  NULL, FALSE, 16 },
  { "owner",     N_("Owner"),     FALSE, NULL, FALSE, 10 },
  { "items",     N_("Items"),     FALSE, NULL, TRUE, 6 },
  { "quarter",   N_("Quarter"),   FALSE, NULL, FALSE, 8 },
  { "signed_by", N_("Signed by"), FALSE, format_signed, FALSE, 10 },
  PD_TABLE_TIME_COLUMN ("signed_at", N_("Signed")),
  { "note",      N_("Note"),      TRUE,  NULL, FALSE, 16 },
  PD_TABLE_TIME_COLUMN ("alerts_until", N_("Alerts until")),
};

static const PdTableAction actions[] = {
  { N_("_Sign off"), "/v1/lpr/displays/", "/review", TRUE, N_("Signed off for this quarter.") },
};

static const PdActionTableSpec spec = {
  .intro = N_("Every LPR display is reviewed each quarter: are its plates still needed, and for the reason given? "
              "Displays not signed off this quarter are listed first. A display not signed off by 30 days after "
              "the quarter that follows its last sign-off raises no alerts until it is."),
  .path = "/v1/lpr/reviews",
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .key_member = "display_id",
  .text_member = "note",
  .placeholder = N_("Note (kept with the sign-off)"),
  .select_first = N_("Select a display first."),
  .actions = actions,
  .n_actions = G_N_ELEMENTS (actions),
};

GtkWidget *
pd_lpr_reviews_view_new (PdServiceClient *client)
{
  return pd_action_table_view_new (client, &spec);
}
