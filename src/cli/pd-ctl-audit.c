/* pd-ctl-audit.c: audit verify/export/list, retention status/run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <stdio.h>
#include <string.h>

#include "pd-ctl.h"
#include "pd-error.h"

static char *
filter_query (const char *base,
              const char *actor,
              const char *action,
              const char *object,
              const char *since,
              const char *until,
              const char *extra)
{
  const char *names[] = { "actor", "action", "object", "since", "until" };
  const char *values[] = { actor, action, object, since, until };
  GString *s = g_string_new (base);
  char sep = strchr (base, '?') ? '&' : '?';

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *esc = NULL;

      if (values[i] == NULL)
        continue;
      esc = g_uri_escape_string (values[i], NULL, FALSE);
      g_string_append_printf (s, "%c%s=%s", sep, names[i], esc);
      sep = '&';
    }
  if (extra != NULL)
    g_string_append_printf (s, "%c%s", sep, extra);
  return g_string_free (s, FALSE);
}

int
pd_ctl_cmd_audit (PdCtl  *ctl,
                  int     argc,
                  char  **argv)
{
  static const char usage[] =
    "audit verify | list [--actor U] [--action A] [--object O] [--since T] [--until T] [--limit N]\n"
    "       audit export [--format csv|json] [--output FILE] [filters]";
  static const char * const columns[] = { "seq", "at", "actor", "role", "action", "object", "outcome", "client", NULL };
  g_autofree char *actor = NULL, *action = NULL, *object = NULL, *since = NULL, *until = NULL;
  g_autofree char *format = NULL, *output = NULL;
  int limit = 100;
  const GOptionEntry entries[] = {
    { "actor", 0, 0, G_OPTION_ARG_STRING, &actor, "Only this user or API key", "USER" },
    { "action", 0, 0, G_OPTION_ARG_STRING, &action, "Only actions starting with this", "ACTION" },
    { "object", 0, 0, G_OPTION_ARG_STRING, &object, "Only this object", "OBJECT" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, "From this time (ISO 8601)", "TIME" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, "Before this time (ISO 8601)", "TIME" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most N entries (list)", "N" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv or json (export)", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the export to FILE", "FILE" },
    { NULL }
  };
  GError *error = NULL;
  PdClient *client;

  if (!pd_ctl_parse (&argc, &argv, entries, "- review the audit log", &error))
    return pd_ctl_fail (error);
  if (argc != 2)
    return pd_ctl_usage (usage);
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);

  if (strcmp (argv[1], "verify") == 0)
    {
      g_autoptr(JsonNode) r = pd_client_call (client, "GET", "/v1/audit/verify", NULL, &error);
      JsonObject *o;

      if (r == NULL)
        return pd_ctl_fail (error);
      o = json_node_get_object (r);
      if (ctl->json)
        pd_ctl_print_json (r);
      else if (json_object_get_boolean_member (o, "ok"))
        g_print ("OK: %" G_GINT64_FORMAT " entries, %" G_GINT64_FORMAT " signed checkpoints, last signed entry %"
                 G_GINT64_FORMAT "\n",
                 json_object_get_int_member (o, "entries"), json_object_get_int_member (o, "checkpoints"),
                 json_object_get_int_member (o, "last_signed_seq"));
      else
        g_print ("TAMPERED: first bad entry %" G_GINT64_FORMAT ": %s\n",
                 json_object_get_int_member (o, "first_bad_seq"), json_object_get_string_member (o, "problem"));
      return json_object_get_boolean_member (o, "ok") ? PD_CTL_OK : PD_CTL_FAILED;
    }
  if (strcmp (argv[1], "list") == 0)
    {
      g_autofree char *lim = g_strdup_printf ("limit=%d", limit);
      g_autofree char *path = filter_query ("/v1/audit", actor, action, object, since, until, lim);
      g_autoptr(JsonNode) r = pd_client_call (client, "GET", path, NULL, &error);

      if (r == NULL)
        return pd_ctl_fail (error);
      if (ctl->json)
        pd_ctl_print_json (r);
      else
        pd_ctl_print_table (r, columns);
      return PD_CTL_OK;
    }
  if (strcmp (argv[1], "export") == 0)
    {
      g_autofree char *fmt = g_strdup_printf ("format=%s", format ? format : "json");
      g_autofree char *path = filter_query ("/v1/audit/export", actor, action, object, since, until, fmt);
      g_autoptr(GBytes) body = NULL;
      guint status = 0;
      gsize len;
      const char *data;

      body = pd_client_call_raw (client, "GET", path, NULL, NULL, &status, &error);
      if (body == NULL)
        return pd_ctl_fail (error);
      if (status != 200)
        {
          g_autoptr(JsonNode) r = pd_client_call (client, "GET", path, NULL, &error);
          return pd_ctl_fail (error != NULL ? error : g_error_new (PD_ERROR, PD_ERROR_INTERNAL, "export failed (HTTP %u)", status));
        }
      data = g_bytes_get_data (body, &len);
      if (output != NULL)
        {
          if (!g_file_set_contents_full (output, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
            return pd_ctl_fail (error);
          g_printerr ("Audit export written to %s\n", output);
        }
      else
        fwrite (data, 1, len, stdout);
      return PD_CTL_OK;
    }
  return pd_ctl_usage (usage);
}

int
pd_ctl_cmd_retention (PdCtl  *ctl,
                      int     argc,
                      char  **argv)
{
  static const char * const columns[] = { "id", "kind", "period_hours", "holds_data", "last_run", "last_purged",
                                          "total_purged", NULL };
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (argc != 2 || (strcmp (argv[1], "status") != 0 && strcmp (argv[1], "run") != 0))
    return pd_ctl_usage ("retention status|run");
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (strcmp (argv[1], "run") == 0)
    {
      g_autofree char *msg = NULL;

      r = pd_client_call (client, "POST", "/v1/retention/run", NULL, &error);
      if (r != NULL)
        msg = g_strdup_printf ("Retention sweep done: %" G_GINT64_FORMAT " items purged (receipts in the audit log).",
                               json_object_get_int_member (json_node_get_object (r), "purged"));
      return pd_ctl_print_result (ctl, r, error, msg);
    }
  r = pd_client_call (client, "GET", "/v1/retention", NULL, &error);
  if (r == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    pd_ctl_print_json (r);
  else
    pd_ctl_print_table (json_object_get_member (json_node_get_object (r), "policies"), columns);
  return PD_CTL_OK;
}
