/* pd-ctl-report.c: `portdeskctl report [NAME --from D --to D [--by DIM]
 * [--series S] [--csv]]`: the reports the signed-in user may run, and one
 * of them, as tables or CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-ctl"

#include <string.h>

#include "pd-ctl.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-report.h"

static int
list_reports (PdCtl    *ctl,
              PdClient *client)
{
  GError *error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (client, "GET", "/v1/reports", NULL, &error);
  JsonArray *items;

  if (r == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    {
      pd_ctl_print_json (r);
      return PD_CTL_OK;
    }
  items = pd_json_array (json_node_get_object (r), "items");
  if (json_array_get_length (items) == 0)
    g_print ("No reports for your role.\n");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      JsonArray *by = pd_json_array (o, "by");
      g_autoptr(GString) dims = g_string_new (NULL);

      for (guint k = 0; by != NULL && k < json_array_get_length (by); k++)
        g_string_append_printf (dims, "%s%s", k > 0 ? "|" : "", json_array_get_string_element (by, k));
      g_print ("%-12s %s\n%-12s --by %s\n", pd_json_str (o, "name"), pd_json_str (o, "summary"), "", dims->str);
    }
  return PD_CTL_OK;
}

static char *
cell_at (JsonArray *rows,
         guint      r,
         guint      c)
{
  return pd_report_cell_text (json_array_get_element (json_array_get_array_element (rows, r), c), FALSE);
}

/* One series as an aligned table under its title. */
static void
print_series (JsonObject *s)
{
  JsonArray *columns = pd_json_array (s, "columns");
  JsonArray *rows = pd_json_array (s, "rows");
  guint n = json_array_get_length (columns);
  g_autofree guint *width = g_new0 (guint, n);

  for (guint c = 0; c < n; c++)
    width[c] = strlen (json_array_get_string_element (columns, c));
  for (guint r = 0; r < json_array_get_length (rows); r++)
    for (guint c = 0; c < n; c++)
      {
        g_autofree char *t = cell_at (rows, r, c);

        width[c] = MAX (width[c], g_utf8_strlen (t, -1));
      }
  g_print ("\n%s (%s)\n", pd_json_str (s, "title"), pd_json_str (s, "name"));
  for (guint c = 0; c < n; c++)
    g_print (c == 0 ? "%-*s" : "  %*s", (int) width[c], json_array_get_string_element (columns, c));
  g_print ("\n");
  if (json_array_get_length (rows) == 0)
    g_print ("(none)\n");
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      for (guint c = 0; c < n; c++)
        {
          g_autofree char *t = cell_at (rows, r, c);

          g_print (c == 0 ? "%-*s" : "  %*s", (int) width[c], t);
        }
      g_print ("\n");
    }
}

int
pd_ctl_report_print (PdCtl      *ctl,
                     const char *name,
                     const char *from,
                     const char *to,
                     const char *by,
                     const char *only,
                     gboolean    csv)
{
  g_autoptr(GString) path = g_string_new ("/v1/reports/");
  g_autoptr(JsonNode) r = NULL;
  GError *error = NULL;
  PdClient *client;
  JsonObject *o;
  JsonArray *series;

  g_string_append_uri_escaped (path, name, NULL, FALSE);
  g_string_append_c (path, '?');
  pd_client_query_add (path, "from", from);
  pd_client_query_add (path, "to", to);
  pd_client_query_add (path, "by", by);
  if ((client = pd_ctl_session (ctl, &error)) == NULL ||
      (r = pd_client_call (client, "GET", path->str, NULL, &error)) == NULL)
    return pd_ctl_fail (error);
  o = json_node_get_object (r);
  if (only != NULL && pd_report_series (o, only) == NULL)
    return pd_ctl_fail (g_error_new (PD_ERROR, PD_ERROR_INVALID, "No series '%s' in report %s", only, name));
  if (ctl->json)
    pd_ctl_print_json (r);
  else if (csv)
    {
      g_autofree char *text = pd_report_to_csv (o, only);

      g_print ("%s", text);
    }
  else
    {
      g_print ("%s, %s to %s by %s%s%s\n", pd_json_str (o, "title"), pd_json_str (o, "from"), pd_json_str (o, "to"),
               pd_json_str (o, "by"), pd_json_str (o, "port") != NULL ? ", port " : "",
               pd_json_str (o, "port") != NULL ? pd_json_str (o, "port") : "");
      series = pd_json_array (o, "series");
      for (guint i = 0; i < json_array_get_length (series); i++)
        {
          JsonObject *s = json_array_get_object_element (series, i);

          if (only == NULL || g_strcmp0 (pd_json_str (s, "name"), only) == 0)
            print_series (s);
        }
    }
  return PD_CTL_OK;
}

int
pd_ctl_cmd_report (PdCtl  *ctl,
                   int     argc,
                   char  **argv)
{
  static const char usage[] = "report | report NAME [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--by DIM] "
                              "[--series NAME] [--csv]";
  g_autofree char *from = NULL, *to = NULL, *by = NULL, *only = NULL;
  gboolean csv = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "First day (default: 29 days before --to)", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last day (default: today)", "YYYY-MM-DD" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "Group rows by DIM (`portdeskctl report` lists each report's)", "DIM" },
    { "series", 0, 0, G_OPTION_ARG_STRING, &only, "Only this series of the report", "NAME" },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, "CSV for a spreadsheet", NULL },
    { NULL }
  };
  GError *error = NULL;
  PdClient *client;

  if (!pd_ctl_parse (&argc, &argv, entries, "- aggregate reports: scheduling, tsa, tvs, lpr, oversight", &error))
    return pd_ctl_fail (error);
  if (argc == 1)
    {
      if ((client = pd_ctl_session (ctl, &error)) == NULL)
        return pd_ctl_fail (error);
      return list_reports (ctl, client);
    }
  if (argc != 2)
    return pd_ctl_usage (usage);
  return pd_ctl_report_print (ctl, argv[1], from, to, by, only, csv);
}
