/* pd-ctl-audit.c: audit verify/export/list, retention status/receipts/run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <stdio.h>
#include <string.h>

#include "pd-ctl.h"
#include "pd-error.h"
#include "pd-json.h"

typedef struct {
  char *actor, *role, *action, *object, *outcome, *client, *since, *until;
} Filter;

static void
filter_clear (Filter *f)
{
  char **all[] = { &f->actor, &f->role, &f->action, &f->object, &f->outcome, &f->client, &f->since, &f->until };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_clear_pointer (all[i], g_free);
}

static const char * const filter_names[] = { "actor", "role", "action", "object", "outcome", "client", "since",
                                             "until" };

static const char *
filter_value (const Filter *f,
              guint         i)
{
  const char *values[] = { f->actor, f->role, f->action, f->object, f->outcome, f->client, f->since, f->until };

  return values[i];
}

/* @base with the filters given and @extra ("name=value", may be NULL) */
static char *
filter_query (const char   *base,
              const Filter *f,
              const char   *extra)
{
  GString *s = g_string_new (base);

  g_string_append_c (s, '?');
  for (guint i = 0; i < G_N_ELEMENTS (filter_names); i++)
    pd_client_query_add (s, filter_names[i], filter_value (f, i));
  if (extra != NULL)
    g_string_append (s, extra);
  if (s->str[s->len - 1] == '&' || s->str[s->len - 1] == '?')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

static int
verify_command (PdCtl    *ctl,
                PdClient *client)
{
  GError *error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (client, "GET", "/v1/audit/verify", NULL, &error);
  JsonObject *o, *anchor;
  const char *state;

  if (r == NULL)
    return pd_ctl_fail (error);
  o = json_node_get_object (r);
  anchor = pd_json_obj (o, "anchor");
  state = pd_json_str (anchor, "state");
  if (ctl->json)
    pd_ctl_print_json (r);
  else if (pd_json_bool (o, "ok"))
    {
      g_print ("OK: %" G_GINT64_FORMAT " entries, %" G_GINT64_FORMAT " signed checkpoints, last signed entry %"
                 G_GINT64_FORMAT " at %s\n",
               pd_json_int (o, "entries", 0), pd_json_int (o, "checkpoints", 0), pd_json_int (o, "last_signed_seq", 0),
               pd_json_str (o, "last_signed_at") ? pd_json_str (o, "last_signed_at") : "-");
      if (g_strcmp0 (state, "off") == 0)
        g_print ("Anchor: none configured (audit_anchor)\n");
      else if (g_strcmp0 (state, "behind") == 0)
        g_print ("Anchor: matches up to entry %" G_GINT64_FORMAT "; newer checkpoints are not written to it yet\n",
                 pd_json_int (anchor, "anchored_seq", 0));
      else
        g_print ("Anchor: every checkpoint anchored, up to entry %" G_GINT64_FORMAT " at %s\n",
                 pd_json_int (anchor, "anchored_seq", 0),
                 pd_json_str (anchor, "anchored_at") ? pd_json_str (anchor, "anchored_at") : "-");
    }
  else
    {
      g_print ("TAMPERED: first bad entry %" G_GINT64_FORMAT ": %s (%s)\n", pd_json_int (o, "first_bad_seq", 0),
               pd_json_str (o, "problem"), pd_json_str (o, "reason"));
      g_print ("Anchor: %s\n", state);
    }
  return pd_json_bool (o, "ok") ? PD_CTL_OK : PD_CTL_FAILED;
}

static int
list_command (PdCtl        *ctl,
              PdClient     *client,
              const Filter *f,
              gint64        before,
              gboolean      oldest_first,
              int           limit)
{
  static const char * const columns[] = { "seq", "at", "actor", "role", "action", "object", "outcome", "client", NULL };
  g_autofree char *extra = g_strdup_printf ("limit=%d%s&cursor=%" G_GINT64_FORMAT, limit,
                                            oldest_first ? "&order=asc" : "", before);
  g_autofree char *path = filter_query ("/v1/audit", f, extra);
  GError *error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (client, "GET", path, NULL, &error);
  JsonObject *o;

  if (r == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    {
      pd_ctl_print_json (r);
      return PD_CTL_OK;
    }
  pd_ctl_print_table (r, columns);
  o = json_node_get_object (r);
  if (pd_json_str (o, "next") != NULL)
    g_printerr ("More: add %s %s\n", oldest_first ? "--after" : "--before", pd_json_str (o, "next"));
  return PD_CTL_OK;
}

static int
export_command (PdClient     *client,
                const Filter *f,
                const char   *format,
                const char   *output)
{
  g_autofree char *fmt = g_strdup_printf ("format=%s", format ? format : "json");
  g_autofree char *path = filter_query ("/v1/audit/export", f, fmt);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status = 0;
  gsize len;
  const char *data;

  body = pd_client_call_raw (client, "GET", path, NULL, NULL, &status, &error);
  if (body == NULL)
    return pd_ctl_fail (error);
  if (status != 200)
    return pd_ctl_fail (pd_client_decode_reply (status, body, &error) == NULL && error != NULL ? error
                        : g_error_new (PD_ERROR, PD_ERROR_INTERNAL, "export failed (HTTP %u)", status));
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

/* audit filters list | save NAME [filters] | delete NAME */
static int
filters_command (PdCtl        *ctl,
                 PdClient     *client,
                 int           argc,
                 char        **argv,
                 const Filter *f)
{
  static const char * const columns[] = { "name", "filter", "created_at", NULL };
  GError *error = NULL;
  g_autoptr(JsonNode) r = NULL;

  if (argc == 3 && strcmp (argv[2], "list") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/audit/filters", columns);
  if (argc == 4 && strcmp (argv[2], "save") == 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autofree char *msg = g_strdup_printf ("Filter '%s' saved.", argv[3]);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, argv[3]);
      json_builder_set_member_name (b, "filter");
      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (filter_names); i++)
        if (filter_value (f, i) != NULL)
          {
            json_builder_set_member_name (b, filter_names[i]);
            json_builder_add_string_value (b, filter_value (f, i));
          }
      json_builder_end_object (b);
      json_builder_end_object (b);
      body = json_builder_get_root (b);
      r = pd_client_call (client, "POST", "/v1/audit/filters", body, &error);
      return pd_ctl_print_result (ctl, r, error, msg);
    }
  if (argc == 4 && strcmp (argv[2], "delete") == 0)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/audit/filters", argv[3], NULL);
      g_autofree char *msg = g_strdup_printf ("Filter '%s' deleted.", argv[3]);

      r = pd_client_call (client, "DELETE", path, NULL, &error);
      return pd_ctl_print_result (ctl, r, error, msg);
    }
  return pd_ctl_usage ("audit filters list | save NAME [filters] | delete NAME");
}

static int
signoff_command (PdCtl      *ctl,
                 PdClient   *client,
                 const char *quarter,
                 const char *note)
{
  GError *error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (client, "/v1/audit/signoffs", &error, "quarter", G_TYPE_STRING, quarter,
                                          "note", G_TYPE_STRING, note, NULL);
  g_autofree char *msg = NULL;

  if (r != NULL)
    msg = g_strdup_printf ("The audit review of %s is signed off, up to entry %" G_GINT64_FORMAT ".", quarter,
                           pd_json_int (json_node_get_object (r), "up_to_seq", 0));
  return pd_ctl_print_result (ctl, r, error, msg);
}

int
pd_ctl_cmd_audit (PdCtl  *ctl,
                  int     argc,
                  char  **argv)
{
  static const char usage[] =
    "audit verify\n"
    "       audit list [filters] [--before SEQ | --oldest-first [--after SEQ]] [--limit N]\n"
    "       audit export [--format csv|json] [--output FILE] [filters]\n"
    "       audit filters list | save NAME [filters] | delete NAME\n"
    "       audit signoff QUARTER --note TEXT | audit signoffs\n"
    "filters: --actor U --role R --action A (A. or A* for a prefix) --object O --outcome O --client C\n"
    "         --since TIME --until TIME (ISO 8601)";
  static const char * const signoff_columns[] = { "quarter", "status", "due_at", "overdue_at", "signed_by", "signed_at",
                                                  "up_to_seq", NULL };
  Filter f = { 0 };
  g_autofree char *format = NULL, *output = NULL, *note = NULL;
  gint64 before = 0, after = 0;
  gboolean oldest_first = FALSE;
  int limit = 100, rc;
  const GOptionEntry entries[] = {
    { "actor", 0, 0, G_OPTION_ARG_STRING, &f.actor, "Only this user or API key", "USER" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &f.role, "Only callers in this role", "ROLE" },
    { "action", 0, 0, G_OPTION_ARG_STRING, &f.action, "Only this action (ending in . or *: starting with it)", "ACTION" },
    { "object", 0, 0, G_OPTION_ARG_STRING, &f.object, "Only this object", "OBJECT" },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &f.outcome, "Only this outcome (ok, denied, ...)", "OUTCOME" },
    { "client", 0, 0, G_OPTION_ARG_STRING, &f.client, "Only from this client (uid:N, an address)", "CLIENT" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &f.since, "From this time (ISO 8601)", "TIME" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &f.until, "Before this time (ISO 8601)", "TIME" },
    { "before", 0, 0, G_OPTION_ARG_INT64, &before, "list: the page before this entry (newest first)", "SEQ" },
    { "after", 0, 0, G_OPTION_ARG_INT64, &after, "list: the page after this entry (with --oldest-first)", "SEQ" },
    { "oldest-first", 0, 0, G_OPTION_ARG_NONE, &oldest_first, "list: oldest first", NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most N entries (list)", "N" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv or json (export)", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the export to FILE", "FILE" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "signoff: what the review found", "TEXT" },
    { NULL }
  };
  GError *error = NULL;
  PdClient *client;

  if (!pd_ctl_parse (&argc, &argv, entries, "- review the audit log", &error))
    rc = pd_ctl_fail (error);
  else if (argc < 2)
    rc = pd_ctl_usage (usage);
  else if ((client = pd_ctl_session (ctl, &error)) == NULL)
    rc = pd_ctl_fail (error);
  else if (argc == 2 && strcmp (argv[1], "verify") == 0)
    rc = verify_command (ctl, client);
  else if (argc == 2 && strcmp (argv[1], "list") == 0)
    rc = list_command (ctl, client, &f, oldest_first ? after : before, oldest_first, limit);
  else if (argc == 2 && strcmp (argv[1], "export") == 0)
    rc = export_command (client, &f, format, output);
  else if (argc >= 3 && strcmp (argv[1], "filters") == 0)
    rc = filters_command (ctl, client, argc, argv, &f);
  else if (argc == 3 && strcmp (argv[1], "signoff") == 0)
    rc = note != NULL ? signoff_command (ctl, client, argv[2], note) : pd_ctl_usage ("audit signoff QUARTER --note TEXT");
  else if (argc == 2 && strcmp (argv[1], "signoffs") == 0)
    rc = pd_ctl_get_and_print (ctl, "/v1/audit/signoffs", signoff_columns);
  else
    rc = pd_ctl_usage (usage);
  filter_clear (&f);
  return rc;
}

int
pd_ctl_cmd_retention (PdCtl  *ctl,
                      int     argc,
                      char  **argv)
{
  static const char * const columns[] = { "id", "kind", "period_hours", "holds_data", "held", "next_due", "last_run",
                                          "last_purged", "total_purged", NULL };
  static const char * const receipt_columns[] = { "seq", "at", "policy", "count", "actor", "ids_sha256", NULL };
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (argc != 2 || (strcmp (argv[1], "status") != 0 && strcmp (argv[1], "run") != 0 &&
                    strcmp (argv[1], "receipts") != 0))
    return pd_ctl_usage ("retention status|receipts|run");
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  /* the latest deletion receipts, newest first */
  if (strcmp (argv[1], "receipts") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/retention/receipts?limit=20", receipt_columns);
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
