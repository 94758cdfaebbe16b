/* pd-report.c: a report's cells and CSV, for portdeskctl and the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-report"

#include <math.h>

#include "pd-csv.h"
#include "pd-json.h"
#include "pd-report.h"

char *
pd_report_cell_text (JsonNode *cell,
                     gboolean  csv)
{
  if (cell == NULL || JSON_NODE_HOLDS_NULL (cell))
    return g_strdup (csv ? "" : "-");
  if (json_node_get_value_type (cell) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (cell));
  if (json_node_get_value_type (cell) == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", json_node_get_double (cell)));
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (cell));
}

double
pd_report_cell_value (JsonNode *cell)
{
  if (cell == NULL || !JSON_NODE_HOLDS_VALUE (cell))
    return NAN;
  if (json_node_get_value_type (cell) == G_TYPE_DOUBLE)
    return json_node_get_double (cell);
  if (json_node_get_value_type (cell) == G_TYPE_INT64)
    return (double) json_node_get_int (cell);
  return NAN;
}

JsonObject *
pd_report_series (JsonObject *report,
                  const char *name)
{
  JsonArray *series = pd_json_array (report, "series");

  for (guint i = 0; series != NULL && i < json_array_get_length (series); i++)
    {
      JsonObject *s = json_array_get_object_element (series, i);

      if (g_strcmp0 (pd_json_str (s, "name"), name) == 0)
        return s;
    }
  return NULL;
}

static void
append_series (GString    *out,
               JsonObject *s)
{
  JsonArray *columns = pd_json_array (s, "columns");
  JsonArray *rows = pd_json_array (s, "rows");

  pd_csv_append_field (out, "series");
  for (guint c = 0; columns != NULL && c < json_array_get_length (columns); c++)
    {
      g_string_append_c (out, ',');
      pd_csv_append_field (out, json_array_get_string_element (columns, c));
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; rows != NULL && r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);

      pd_csv_append_field (out, pd_json_str (s, "name"));
      for (guint c = 0; c < json_array_get_length (row); c++)
        {
          g_autofree char *text = pd_report_cell_text (json_array_get_element (row, c), TRUE);

          g_string_append_c (out, ',');
          pd_csv_append_field (out, text);
        }
      g_string_append (out, "\r\n");
    }
}

char *
pd_report_to_csv (JsonObject *report,
                  const char *only)
{
  GString *out = g_string_new (NULL);
  JsonArray *series = pd_json_array (report, "series");

  for (guint i = 0; series != NULL && i < json_array_get_length (series); i++)
    {
      JsonObject *s = json_array_get_object_element (series, i);

      if (only != NULL && g_strcmp0 (pd_json_str (s, "name"), only) != 0)
        continue;
      if (out->len > 0)
        g_string_append (out, "\r\n");
      append_series (out, s);
    }
  return g_string_free (out, FALSE);
}
