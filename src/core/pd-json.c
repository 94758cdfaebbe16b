/* pd-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-json"

#include <string.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"

JsonObject *
pd_json_parse_object (const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The request body is empty; a JSON object is expected");
      return NULL;
    }
  if (length > 0 && memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The request body contains a NUL byte");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "The request body is not valid JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The request body must be a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
pd_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, pretty);
  return json_generator_to_data (gen, NULL);
}

JsonNode *
pd_json_error_new (const GError *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  PdErrorCode code = error->domain == PD_ERROR ? (PdErrorCode) error->code : PD_ERROR_INTERNAL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, pd_error_code_name (code));
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, error->message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
lookup (JsonObject  *obj,
        const char  *member,
        gboolean     required,
        GError     **error)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Missing required field '%s'", member);
      return NULL;
    }
  return node;
}

gboolean
pd_json_get_string (JsonObject  *obj,
                    const char  *member,
                    gboolean     required,
                    gsize        max_len,
                    const char **out,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = lookup (obj, member, required, &local_error);
  const char *s;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Field '%s' must be a string", member);
      return FALSE;
    }
  s = json_node_get_string (node);
  if (required && *s == '\0')
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Field '%s' must not be empty", member);
      return FALSE;
    }
  if (max_len > 0 && strlen (s) > max_len)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Field '%s' is longer than %" G_GSIZE_FORMAT " bytes", member, max_len);
      return FALSE;
    }
  *out = s;
  return TRUE;
}

gboolean
pd_json_get_int (JsonObject  *obj,
                 const char  *member,
                 gboolean     required,
                 gint64       min,
                 gint64       max,
                 gint64      *out,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = lookup (obj, member, required, &local_error);
  gint64 v;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Field '%s' must be an integer", member);
      return FALSE;
    }
  v = json_node_get_int (node);
  if (v < min || v > max)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                   "Field '%s' must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT, member, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
pd_json_get_bool (JsonObject  *obj,
                  const char  *member,
                  gboolean     required,
                  gboolean    *out,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = lookup (obj, member, required, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Field '%s' must be true or false", member);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
pd_json_check_members (JsonObject          *obj,
                       const char * const  *allowed,
                       GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Unknown field '%s'", (const char *) l->data);
          return FALSE;
        }
    }
  return TRUE;
}

void
pd_json_builder_add_time (JsonBuilder *builder,
                          const char  *member,
                          gint64       unix_us)
{
  json_builder_set_member_name (builder, member);
  if (unix_us <= 0)
    {
      json_builder_add_null_value (builder);
    }
  else
    {
      g_autofree char *s = pd_time_format (unix_us);
      json_builder_add_string_value (builder, s);
    }
}
