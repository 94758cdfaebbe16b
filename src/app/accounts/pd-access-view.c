/* pd-access-view.c: the quarterly re-certification of who may use face
 * matching and LPR data
 *
 * Port directors and administrators see every entitlement held this
 * quarter with its holder, its state (granted this quarter, due, certified
 * by whom and when, overdue, missed, lapsed) and when it is due by, and
 * re-certify the selected one with a note (a PdActionTableView; the rules
 * are the service's: docs/access.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-access-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-access-view.h"
#include "pd-action-table-view.h"
#include "pd-json.h"

static char *
format_kind (JsonObject *row,
             const char *member)
{
  return g_strdup (g_strcmp0 (pd_json_str (row, member), "face") == 0 ? _("Face matching") : _("LPR data"));
}

static char *
format_state (JsonObject *row,
              const char *member)
{
  static const struct { const char *state, *label; } states[] = {
    { "granted",   N_("Granted this quarter") },
    { "due",       N_("Due") },
    { "certified", N_("Re-certified") },
    { "overdue",   N_("Overdue") },
    { "missed",    N_("Missed: lapses") },
    { "lapsed",    N_("Lapsed") },
  };
  const char *state = pd_json_str (row, member);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (states[i].state, state) == 0)
      return g_strdup (_(states[i].label));
  return g_strdup (state);
}

static const PdTableColumn columns[] = {
  { "user",         N_("Holder"),          FALSE, NULL, FALSE, 11, TRUE },
  { "role",         N_("Role"),            FALSE, pd_table_format_role, FALSE, 17, TRUE },
  { "port",         N_("Port"),            FALSE, NULL, FALSE, 5 },
  { "kind",         N_("Access"),          FALSE, format_kind, FALSE, 13, TRUE },
  { "state",        N_("State"),           FALSE, format_state, FALSE, 20, TRUE },
  { "certified_by", N_("Re-certified by"), FALSE, NULL, FALSE, 11 },
  PD_TABLE_TIME_COLUMN ("certified_at", N_("Re-certified")),
  PD_TABLE_TIME_COLUMN ("due_by",       N_("Due by")),
  { "note",         N_("Note"),            TRUE,  NULL, FALSE, 14 },
};

static const PdTableAction actions[] = {
  { N_("_Re-certify"), "/v1/entitlements/", "/recertify", TRUE, N_("Re-certified for its quarter.") },
};

static const PdActionTableSpec spec = {
  .intro = N_("Every quarter, each person who may use face matching or LPR data is re-certified by a supervisor: "
              "do their duties still need it? One not re-certified by 30 days after the quarter ends lapses, and "
              "needs a new request with two approvals."),
  .path = "/v1/recertifications",
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .key_member = "id",
  .text_member = "note",
  .placeholder = N_("Note (kept with the re-certification)"),
  .select_first = N_("Select an entitlement first."),
  .actions = actions,
  .n_actions = G_N_ELEMENTS (actions),
};

GtkWidget *
pd_access_view_new (PdServiceClient *client)
{
  return pd_action_table_view_new (client, &spec);
}
