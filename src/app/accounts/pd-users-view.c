/* pd-users-view.c: the accounts flow's view in the app: the users table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-users-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-table-view.h"
#include "pd-users-view.h"

static char *
format_user_status (JsonObject *row,
                    const char *member)
{
  const char *locked = json_object_get_string_member_with_default (row, "locked_until", NULL);

  if (json_object_get_boolean_member_with_default (row, "disabled", FALSE))
    return g_strdup (_("Disabled"));
  if (locked != NULL)
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 (locked, NULL);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (until != NULL && g_date_time_compare (until, now) > 0)
        return g_strdup (_("Locked"));
    }
  return g_strdup (_("Active"));
}

static const PdTableColumn user_columns[] = {
  { "username",     N_("Username"),  FALSE, NULL, FALSE, 0 },
  { "display_name", N_("Name"),      TRUE,  NULL, FALSE, 0 },
  { "role",         N_("Role"),      FALSE, NULL, FALSE, 14 },
  { "port",         N_("Port"),      FALSE, NULL, FALSE, 6 },
  { "disabled",     N_("Status"),    FALSE, format_user_status, FALSE, 8 },
  { "created_at",   N_("Created"),   FALSE, pd_table_format_time, FALSE, 17 },
};

GtkWidget *
pd_users_view_new (PdServiceClient *client)
{
  return GTK_WIDGET (pd_table_view_new (client, "/v1/users", user_columns, G_N_ELEMENTS (user_columns), 10000));
}
