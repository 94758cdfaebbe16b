/* pd-flags-view.c: misuse flags: the auditors' review queue, the admin's
 * suspension requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-flags-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-action-table-view.h"
#include "pd-flags-view.h"
#include "pd-json.h"

static const char * const state_values[] = { "", "open", "escalated", "cleared", "suspended", NULL };
static const char * const state_titles[] = {
  N_("Any"), N_("Open"), N_("Suspension asked"), N_("Cleared"), N_("Suspended"), NULL
};
static const char * const rule_values[] = { "", "self_search", "bulk", "off_shift", "other_port", "no_match", NULL };
static const char * const rule_titles[] = {
  N_("Any"), N_("Self-search"), N_("Bulk querying"), N_("Off shift"), N_("Other port"), N_("Repeated no-match"), NULL
};

/* @member's title in @titles, by its place in @values (the filters' lists) */
static char *
title_of (JsonObject          *row,
          const char          *member,
          const char * const  *values,
          const char * const  *titles)
{
  const char *value = pd_json_str (row, member);

  for (guint i = 1; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return g_strdup (_(titles[i]));
  return g_strdup (value);
}

static char *
format_rule (JsonObject *row,
             const char *member)
{
  return title_of (row, member, rule_values, rule_titles);
}

static char *
format_state (JsonObject *row,
              const char *member)
{
  return title_of (row, member, state_values, state_titles);
}

/* an audit entry's parameters as their JSON text */
static char *
format_params (JsonObject *row,
               const char *member)
{
  JsonNode *params = json_object_get_member (row, member);

  return params != NULL && !JSON_NODE_HOLDS_NULL (params) ? json_to_string (params, FALSE) : g_strdup ("");
}

static const PdTableColumn columns[] = {
  { "id",         N_("Flag"),      FALSE, NULL,           TRUE,  5, TRUE },
  { "rule",       N_("Rule"),      FALSE, format_rule,    FALSE, 14 },
  { "user",       N_("User"),      FALSE, NULL,           FALSE, 12, TRUE },
  { "state",      N_("State"),     FALSE, format_state,   FALSE, 14 },
  PD_TABLE_TIME_COLUMN ("last_at",    N_("Last seen")),
  { "entries",    N_("Entries"),   FALSE, NULL,           TRUE,  6 },
  { "summary",    N_("Pattern"),   TRUE,  NULL,           FALSE, 30 },
  { "reason",     N_("Reason"),    TRUE,  NULL,           FALSE, 16 },
};

static const PdTableColumn entry_columns[] = {
  { "seq",        N_("Entry"),     FALSE, NULL,           TRUE,  7, TRUE },
  PD_TABLE_TIME_COLUMN ("at",         N_("When")),
  { "action",     N_("Action"),    FALSE, NULL,           FALSE, 16 },
  { "object",     N_("Object"),    FALSE, NULL,           FALSE, 14 },
  { "outcome",    N_("Outcome"),   FALSE, NULL,           FALSE, 8 },
  { "params",     N_("Parameters"), TRUE, format_params,  FALSE, 30 },
};

static const PdTableAction review_actions[] = {
  { N_("Ask to _Suspend"), "/v1/flags/", "/escalate", FALSE, N_("Sent to an administrator.") },
  { N_("_Clear"),          "/v1/flags/", "/clear",    TRUE,  N_("Cleared.") },
};

static const PdTableFilter review_filters[] = {
  { "state", N_("_State"), state_values, state_titles },
  { "rule",  N_("_Rule"),  rule_values, rule_titles },
};

static const PdActionTableSpec review_spec = {
  .intro = N_("Patterns in the audit log that need a look: searches of oneself, bulk querying, use off shift, "
              "other ports' records, repeated no-match checks of one traveller. Select a flag to see the entries "
              "behind it; clear it, or ask an administrator to suspend the account, with a reason."),
  .path = "/v1/flags",
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .key_member = "id",
  .text_member = "reason",
  .placeholder = N_("Reason (kept with the flag and in the audit log)"),
  .select_first = N_("Select a flag first."),
  .actions = review_actions,
  .n_actions = G_N_ELEMENTS (review_actions),
  .detail_path = "/v1/flags/",
  .detail_member = "entries",
  .detail_columns = entry_columns,
  .n_detail_columns = G_N_ELEMENTS (entry_columns),
  .filters = review_filters,
  .n_filters = G_N_ELEMENTS (review_filters),
};

static const PdTableAction suspend_actions[] = {
  { N_("_Decline"),         "/v1/flags/", "/clear",   FALSE, N_("Declined; the flag is cleared.") },
  { N_("_Suspend Account"), "/v1/flags/", "/suspend", TRUE,  N_("The account is suspended.") },
};

static const PdActionTableSpec suspend_spec = {
  .intro = N_("Auditors ask for these suspensions. Suspending ends the user's sessions; the reason is what they "
              "read when they next sign in. Lift a suspension in the command line (user unsuspend)."),
  .path = "/v1/flags?state=escalated",
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .key_member = "id",
  .text_member = "reason",
  .placeholder = N_("Reason (the user reads it at sign-in)"),
  .select_first = N_("Select a request first."),
  .actions = suspend_actions,
  .n_actions = G_N_ELEMENTS (suspend_actions),
  .detail_path = "/v1/flags/",
  .detail_member = "entries",
  .detail_columns = entry_columns,
  .n_detail_columns = G_N_ELEMENTS (entry_columns),
};

GtkWidget *
pd_flags_view_new (PdServiceClient *client)
{
  return pd_action_table_view_new (client, &review_spec);
}

GtkWidget *
pd_suspensions_view_new (PdServiceClient *client)
{
  return pd_action_table_view_new (client, &suspend_spec);
}
