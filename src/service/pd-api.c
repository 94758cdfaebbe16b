/* pd-api.c: the union of all route tables, shared serializers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-api"

#include "pd-api.h"
#include "pd-flow.h"
#include "pd-json.h"

const PdRoute *
pd_api_routes (guint *n_routes)
{
  static gsize once;
  static GArray *all;

  if (g_once_init_enter (&once))
    {
      const PdRoute *(*tables[]) (guint *) = {
        pd_api_session_routes,
      };
      guint n_flows;
      const PdFlow * const *flows = pd_flows (&n_flows);

      all = g_array_new (FALSE, FALSE, sizeof (PdRoute));
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          guint n;
          const PdRoute *r = tables[i] (&n);
          g_array_append_vals (all, r, n);
        }
      for (guint i = 0; i < n_flows; i++)
        {
          guint n;
          const PdRoute *r = flows[i]->routes (&n);
          g_array_append_vals (all, r, n);
        }
      g_once_init_leave (&once, 1);
    }
  *n_routes = all->len;
  return (const PdRoute *) all->data;
}

/* Opens @u's object with the members every view of a user has. */
static void
add_user_members (JsonBuilder  *b,
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
  /* "locked": its sign-ins are held back now (too many failures) */
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, u->disabled ? "disabled" : u->locked ? "locked" : "active");
  pd_json_builder_add_time (b, "locked_until", u->locked_until);
  pd_json_builder_add_time (b, "created_at", u->created_at);
  pd_json_builder_add_string (b, "suspended_reason", u->disabled_reason);
  json_builder_set_member_name (b, "shift_start");
  if (u->shift_start >= 0)
    json_builder_add_int_value (b, u->shift_start);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "shift_end");
  if (u->shift_end >= 0)
    json_builder_add_int_value (b, u->shift_end);
  else
    json_builder_add_null_value (b);
}

void
pd_api_add_user (JsonBuilder  *b,
                 const PdUser *u)
{
  add_user_members (b, u);
  json_builder_end_object (b);
}

void
pd_api_add_user_profile (JsonBuilder  *b,
                         const PdUser *u)
{
  add_user_members (b, u);
  pd_json_builder_add_string (b, "birth_date", u->birth_date);
  pd_json_builder_add_string (b, "plate", u->plate);
  json_builder_end_object (b);
}

char *
pd_api_hex (const guint8 *data,
            gsize         len)
{
  GString *s = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

void
pd_api_add_audit_entry (JsonBuilder        *b,
                        const PdAuditEntry *e)
{
  g_autofree char *h = pd_api_hex (e->hash, 32);
  g_autofree char *ph = pd_api_hex (e->prev_hash, 32);
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, e->seq);
  pd_json_builder_add_time (b, "at", e->at);
  json_builder_set_member_name (b, "actor");
  json_builder_add_string_value (b, e->actor);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, e->role);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, e->action);
  json_builder_set_member_name (b, "object");
  json_builder_add_string_value (b, e->object);
  json_builder_set_member_name (b, "params");
  if (json_parser_load_from_data (parser, e->params, -1, NULL) && json_parser_get_root (parser) != NULL)
    json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_string_value (b, e->params);
  json_builder_set_member_name (b, "outcome");
  json_builder_add_string_value (b, e->outcome);
  json_builder_set_member_name (b, "client");
  json_builder_add_string_value (b, e->client);
  json_builder_set_member_name (b, "prev_hash");
  json_builder_add_string_value (b, ph);
  json_builder_set_member_name (b, "hash");
  json_builder_add_string_value (b, h);
  json_builder_end_object (b);
}

void
pd_api_add_object (JsonBuilder *b,
                   JsonObject  *o)
{
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), o));
}

void
pd_call_reply_object (PdCall      *call,
                      guint        status,
                      JsonObject  *o,
                      GError      *error)
{
  if (o == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  pd_call_reply (call, status, json_node_init_object (json_node_alloc (), o));
  json_object_unref (o);
}

void
pd_api_add_page_end (JsonBuilder *b,
                     gint64       total,
                     const char  *next)
{
  json_builder_set_member_name (b, "total");
  if (total >= 0)
    json_builder_add_int_value (b, total);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "next");
  if (next != NULL)
    json_builder_add_string_value (b, next);
  else
    json_builder_add_null_value (b);
}

static void
reply_items (PdCall       *call,
             GPtrArray    *rows,
             GError       *error,
             PdApiAddFunc  add,
             gint64        total,
             const char   *next)
{
  g_autoptr(JsonBuilder) b = NULL;

  if (rows == NULL)
    {
      pd_call_fail (call, error);
      return;
    }
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    add (b, g_ptr_array_index (rows, i));
  json_builder_end_array (b);
  pd_api_add_page_end (b, total, next);
  json_builder_end_object (b);
  pd_call_reply_builder (call, 200, b);
}

void
pd_call_reply_items (PdCall          *call,
                     GPtrArray       *rows,
                     GError          *error,
                     PdApiAddFunc     add,
                     guint            page_size,
                     PdApiCursorFunc  next_of)
{
  g_autofree char *cursor = NULL;

  if (rows != NULL && next_of != NULL && rows->len > 0 && rows->len == page_size)
    cursor = g_strdup_printf ("%" G_GINT64_FORMAT, next_of (g_ptr_array_index (rows, rows->len - 1)));
  reply_items (call, rows, error, add, -1, cursor);
}

void
pd_call_reply_offset_page (PdCall       *call,
                           GPtrArray    *rows,
                           GError       *error,
                           PdApiAddFunc  add,
                           gint64        total,
                           gint64        offset)
{
  g_autofree char *next = NULL;

  if (rows != NULL && rows->len > 0 && offset + rows->len < total)
    next = g_strdup_printf ("%" G_GINT64_FORMAT, offset + rows->len);
  reply_items (call, rows, error, add, total, next);
}
