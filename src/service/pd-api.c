/* pd-api.c: the union of all route tables, shared serializers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-json.h"

const PdRoute *
pd_api_routes (guint *n_routes)
{
  static gsize once;
  static GArray *all;

  if (g_once_init_enter (&once))
    {
      const PdRoute *(*tables[]) (guint *) = {
        pd_api_session_routes, pd_api_accounts_routes, pd_api_audit_routes, pd_api_scheduling_routes,
      };

      all = g_array_new (FALSE, FALSE, sizeof (PdRoute));
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          guint n;
          const PdRoute *r = tables[i] (&n);
          g_array_append_vals (all, r, n);
        }
      g_once_init_leave (&once, 1);
    }
  *n_routes = all->len;
  return (const PdRoute *) all->data;
}

void
pd_api_add_user (JsonBuilder  *b,
                 const PdUser *u)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, u->username);
  json_builder_set_member_name (b, "display_name");
  json_builder_add_string_value (b, u->display_name);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, u->email);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, pd_role_to_string (u->role));
  json_builder_set_member_name (b, "port");
  if (u->port != NULL)
    json_builder_add_string_value (b, u->port);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "disabled");
  json_builder_add_boolean_value (b, u->disabled);
  json_builder_set_member_name (b, "must_change_password");
  json_builder_add_boolean_value (b, u->must_change_password);
  pd_json_builder_add_time (b, "locked_until", u->locked_until);
  pd_json_builder_add_time (b, "created_at", u->created_at);
  json_builder_end_object (b);
}
