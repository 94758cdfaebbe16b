/* pd-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-json"

#include <math.h>
#include <string.h>

#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"

/* One pass over the text before json-glib sees it: json-glib's parser
 * recurses once per level, so depth is bounded here (a deep body must not
 * overflow a worker's stack), as are the number of values (each becomes a
 * node in memory) and the \u0000 escape (C strings would cut at it). */
static int
hex4 (const char *p)
{
  int v = 0;

  for (int k = 0; k < 4; k++)
    {
      int d = g_ascii_xdigit_value (p[k]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* At a "\\u" escape (@*i on the backslash): no NUL, and UTF-16 surrogates
 * only in pairs (json-glib turns a lone one into invalid UTF-8).  Leaves
 * @*i on the last character checked but one. */
static gboolean
check_unicode_escape (const char  *data,
                      gsize        length,
                      gsize       *i,
                      GError     **error)
{
  int v = *i + 6 <= length ? hex4 (data + *i + 2) : -1;

  if (v == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Strings must not contain the NUL character (\\u0000)");
      return FALSE;
    }
  if (v >= 0xdc00 && v <= 0xdfff)
    goto lone;
  if (v >= 0xd800 && v <= 0xdbff)
    {
      int low = *i + 12 <= length && data[*i + 6] == '\\' && data[*i + 7] == 'u' ? hex4 (data + *i + 8) : -1;

      if (low < 0xdc00 || low > 0xdfff)
        goto lone;
      *i += 6;
    }
  return TRUE;

lone:
  g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Strings must not contain a lone UTF-16 surrogate");
  return FALSE;
}

gboolean
pd_json_check_shape (const char  *data,
                     gsize        length,
                     guint        max_depth,
                     guint        max_values,
                     GError     **error)
{
  guint depth = 0, values = 1;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\0')
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The request body contains a NUL byte");
          return FALSE;
        }
      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\' && i + 1 < length)
            {
              if (data[i + 1] == 'u' && !check_unicode_escape (data, length, &i, error))
                return FALSE;
              i++;
            }
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                           "The request body nests deeper than %u levels", max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case ',':
          if (++values > max_values)
            {
              g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                           "The request body holds more than %u values", max_values);
              return FALSE;
            }
          break;
        default:
          break;
        }
    }
  return TRUE;
}

JsonObject *
pd_json_parse_object (const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data != NULL && length < 0)
    length = strlen (data);
  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The request body is empty; a JSON object is expected");
      return NULL;
    }
  if (!pd_json_check_shape (data, length, PD_JSON_MAX_DEPTH, PD_JSON_MAX_VALUES, error))
    return NULL;
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

/* --- writing -------------------------------------------------------------
 * PortDesk's one JSON writer.  json-glib 1.6's generator writes a double
 * such as 1e-300 as "1e-300.0", which no parser accepts; here a double is
 * written in the shortest form that reads back to the same value, always
 * as valid JSON, and a value JSON cannot hold (NaN, infinity) as null. */

void
pd_json_append_double (GString *out,
                       double   v)
{
  static const char *fmt[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize start = out->len;

  if (!isfinite (v))
    {
      g_string_append (out, "null");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fmt); i++)
    {
      g_ascii_formatd (buf, sizeof buf, fmt[i], v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (out, buf);
  /* keep it a double for readers that type by form: 2 -> 2.0, 1e-300 -> 1.0e-300 */
  if (strpbrk (buf, ".e") == NULL)
    g_string_append (out, ".0");
  else if (strchr (buf, '.') == NULL)
    g_string_insert (out, start + (strchr (buf, 'e') - buf), ".0");
}

static void
append_string (GString    *out,
               const char *text)
{
  g_autofree char *valid = g_utf8_validate (text, -1, NULL) ? NULL : g_utf8_make_valid (text, -1);
  const char *s = valid != NULL ? valid : text;

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* --- the writer --------------------------------------------------------------- */

#define MAX_WRITER_DEPTH 64

struct _PdJsonWriter
{
  GString  *out;
  int       indent;        /* per level; -1: compact */
  guint     depth;
  guint64   nonempty;      /* bit d: the container at depth d holds a value */
  gboolean  after_member;  /* a member name is out: its value follows */
};

PdJsonWriter *
pd_json_writer_new (gboolean pretty)
{
  PdJsonWriter *w = g_new0 (PdJsonWriter, 1);

  w->out = g_string_sized_new (256);
  w->indent = pretty ? 0 : -1;
  return w;
}

static void
newline (PdJsonWriter *w,
         guint         depth)
{
  if (w->indent < 0)
    return;
  g_string_append_c (w->out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (w->out, "  ");
}

/* The comma and the line before an element or a member. */
static void
next_element (PdJsonWriter *w)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << MIN (w->depth, MAX_WRITER_DEPTH - 1);

  if (w->depth == 0)
    return;
  if (w->nonempty & bit)
    g_string_append_c (w->out, ',');
  w->nonempty |= bit;
  newline (w, w->depth);
}

static void
before_value (PdJsonWriter *w)
{
  if (w->after_member)
    w->after_member = FALSE;
  else
    next_element (w);
}

static void
begin (PdJsonWriter *w,
       char          open)
{
  before_value (w);
  g_string_append_c (w->out, open);
  g_assert (w->depth < MAX_WRITER_DEPTH - 1);
  w->depth++;
  w->nonempty &= ~(G_GUINT64_CONSTANT (1) << w->depth);
}

static void
end (PdJsonWriter *w,
     char          close)
{
  g_assert (w->depth > 0);
  if (w->nonempty & (G_GUINT64_CONSTANT (1) << w->depth))
    newline (w, w->depth - 1);
  w->depth--;
  g_string_append_c (w->out, close);
}

void
pd_json_writer_begin_object (PdJsonWriter *w)
{
  begin (w, '{');
}

void
pd_json_writer_end_object (PdJsonWriter *w)
{
  end (w, '}');
}

void
pd_json_writer_begin_array (PdJsonWriter *w)
{
  begin (w, '[');
}

void
pd_json_writer_end_array (PdJsonWriter *w)
{
  end (w, ']');
}

void
pd_json_writer_member (PdJsonWriter *w,
                       const char   *name)
{
  next_element (w);
  append_string (w->out, name);
  g_string_append (w->out, w->indent < 0 ? ":" : " : ");   /* as json-glib prints it */
  w->after_member = TRUE;
}

void
pd_json_writer_string (PdJsonWriter *w,
                       const char   *value)
{
  before_value (w);
  if (value != NULL)
    append_string (w->out, value);
  else
    g_string_append (w->out, "null");
}

void
pd_json_writer_int (PdJsonWriter *w,
                    gint64        value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  before_value (w);
  do
    *--p = '0' + v % 10;
  while ((v /= 10) != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (w->out, p, buf + sizeof buf - p);
}

void
pd_json_writer_double (PdJsonWriter *w,
                       double        value)
{
  before_value (w);
  pd_json_append_double (w->out, value);
}

void
pd_json_writer_bool (PdJsonWriter *w,
                     gboolean      value)
{
  before_value (w);
  g_string_append (w->out, value ? "true" : "false");
}

void
pd_json_writer_null (PdJsonWriter *w)
{
  before_value (w);
  g_string_append (w->out, "null");
}

void
pd_json_writer_node (PdJsonWriter *w,
                     JsonNode     *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        pd_json_writer_begin_object (w);
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            pd_json_writer_member (w, name);
            pd_json_writer_node (w, member);
          }
        pd_json_writer_end_object (w);
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        pd_json_writer_begin_array (w);
        for (guint i = 0; i < json_array_get_length (array); i++)
          pd_json_writer_node (w, json_array_get_element (array, i));
        pd_json_writer_end_array (w);
        break;
      }
    case JSON_NODE_NULL:
      pd_json_writer_null (w);
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          pd_json_writer_int (w, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          pd_json_writer_double (w, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          pd_json_writer_bool (w, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
          pd_json_writer_string (w, json_node_get_string (node));
          break;
        default:
          pd_json_writer_null (w);
          break;
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
pd_json_writer_free_to_string (PdJsonWriter *w)
{
  char *text;

  g_assert (w->depth == 0);
  text = g_string_free (w->out, FALSE);
  g_free (w);
  return text;
}

GBytes *
pd_json_writer_free_to_bytes (PdJsonWriter *w)
{
  GBytes *bytes;

  g_assert (w->depth == 0);
  bytes = g_string_free_to_bytes (w->out);
  g_free (w);
  return bytes;
}

char *
pd_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  PdJsonWriter *w = pd_json_writer_new (pretty);

  pd_json_writer_node (w, node);
  return pd_json_writer_free_to_string (w);
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

/* Finds @member: FALSE (and @error) when it is required and missing or
 * null; otherwise TRUE, with *@out NULL when it is absent. */
static gboolean
lookup (JsonObject  *obj,
        const char  *member,
        gboolean     required,
        JsonNode   **out,
        GError     **error)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

  *out = node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
  if (*out == NULL && required)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Missing required field '%s'", member);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_json_get_string (JsonObject  *obj,
                    const char  *member,
                    gboolean     required,
                    gsize        max_len,
                    const char **out,
                    GError     **error)
{
  JsonNode *node;
  const char *s;

  if (!lookup (obj, member, required, &node, error))
    return FALSE;
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
pd_json_get_text (JsonObject  *obj,
                  const char  *member,
                  gboolean     required,
                  gsize        max_len,
                  gboolean     upper,
                  char       **out,
                  GError     **error)
{
  const char *v = NULL;

  *out = NULL;
  if (!pd_json_get_string (obj, member, required, max_len, &v, error) ||
      (v != NULL && !pd_text_check (member, v, max_len, error)))
    return FALSE;
  if (v != NULL)
    *out = upper ? g_ascii_strup (v, -1) : g_strdup (v);
  return TRUE;
}

gboolean
pd_json_get_time (JsonObject  *obj,
                  const char  *member,
                  gboolean     required,
                  gint64      *out,
                  GError     **error)
{
  const char *v = NULL;

  if (!pd_json_get_string (obj, member, required, 64, &v, error))
    return FALSE;
  if (v != NULL && !pd_time_parse (v, out))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: '%s' is not a date and time (ISO 8601, with its zone)",
                   member, v);
      return FALSE;
    }
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
  JsonNode *node;
  gint64 v;

  if (!lookup (obj, member, required, &node, error))
    return FALSE;
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
pd_json_get_double (JsonObject  *obj,
                    const char  *member,
                    gboolean     required,
                    double       min,
                    double       max,
                    double      *out,
                    GError     **error)
{
  JsonNode *node;
  GType type;
  double v;

  if (!lookup (obj, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Field '%s' must be a number", member);
      return FALSE;
    }
  v = json_node_get_double (node);
  if (!isfinite (v) || v < min || v > max)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Field '%s' must be between %g and %g", member, min, max);
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
  JsonNode *node;

  if (!lookup (obj, member, required, &node, error))
    return FALSE;
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
  g_autoptr(GList) members = obj != NULL ? json_object_get_members (obj) : NULL;

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

static JsonNode *
member_node (JsonObject *o,
             const char *member)
{
  return o != NULL ? json_object_get_member (o, member) : NULL;
}

const char *
pd_json_str (JsonObject *o,
             const char *member)
{
  JsonNode *n = member_node (o, member);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

JsonObject *
pd_json_obj (JsonObject *o,
             const char *member)
{
  JsonNode *n = member_node (o, member);

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

JsonArray *
pd_json_array (JsonObject *o,
               const char *member)
{
  JsonNode *n = member_node (o, member);

  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

gint64
pd_json_int (JsonObject *o,
             const char *member,
             gint64      fallback)
{
  JsonNode *n = member_node (o, member);
  GType type = n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;

  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE ? json_node_get_int (n) : fallback;
}

double
pd_json_double (JsonObject *o,
                const char *member,
                double      fallback)
{
  JsonNode *n = member_node (o, member);
  GType type = n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;

  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE ? json_node_get_double (n) : fallback;
}

gboolean
pd_json_bool (JsonObject *o,
              const char *member)
{
  JsonNode *n = member_node (o, member);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (n);
}

void
pd_json_object_set_time (JsonObject  *o,
                         const char  *member,
                         gint64       unix_us)
{
  if (unix_us <= 0)
    {
      json_object_set_null_member (o, member);
    }
  else
    {
      g_autofree char *s = pd_time_format (unix_us);
      json_object_set_string_member (o, member, s);
    }
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

void
pd_json_builder_add_string (JsonBuilder *builder,
                            const char  *member,
                            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
pd_json_builder_add_int (JsonBuilder *builder,
                         const char  *member,
                         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
pd_json_builder_add_ms (JsonBuilder *builder,
                        const char  *member,
                        double       value)
{
  json_builder_set_member_name (builder, member);
  if (value >= 0)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
pd_json_builder_add_bool (JsonBuilder *builder,
                          const char  *member,
                          gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

void
pd_json_builder_add_strv (JsonBuilder  *builder,
                          const char   *member,
                          char        **strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

gboolean
pd_text_check (const char  *member,
               const char  *value,
               gsize        max,
               GError     **error)
{
  if (value == NULL || strspn (value, " \t\r\n") == strlen (value) || strlen (value) > max ||
      !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: 1 to %u characters, not only spaces", member, (guint) max);
      return FALSE;
    }
  return TRUE;
}
