/* pd-ctl-flags.c: misuse flags: the auditors' review queue, the admin's
 * suspensions, the scanner on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <string.h>

#include "pd-ctl.h"
#include "pd-error.h"

static const char * const flag_columns[] = { "id", "rule", "user", "state", "first_at", "last_at", "entries", "summary",
                                             NULL };
static const char * const show_members[] = { "id", "rule", "user", "subject", "summary", "state", "first_at", "last_at",
                                             "raised_at", "reason", "reviewed_by", "reviewed_at", "resolution", NULL };
static const char * const entry_columns[] = { "seq", "at", "actor", "role", "action", "object", "outcome", NULL };

/* flags show ID: the flag, then the audit entries behind it */
static int
flag_show (PdCtl      *ctl,
           const char *id)
{
  g_autofree char *path = pd_ctl_item_path ("/v1/flags", id, "");
  g_autoptr(JsonNode) r = NULL, list = NULL;
  GError *error = NULL;
  PdClient *c = pd_ctl_session (ctl, &error);
  JsonObject *o;
  int rc;

  if (c == NULL)
    return pd_ctl_fail (error);
  r = pd_client_call (c, "GET", path, NULL, &error);
  if ((o = pd_ctl_reply_object (ctl, r, error, &rc)) == NULL)
    return rc;
  {
    JsonObject *f = json_object_get_object_member (o, "flag");
    JsonObject *wrap = json_object_new ();

    for (const char * const *m = show_members; *m != NULL; m++)
      {
        JsonNode *v = json_object_get_member (f, *m);
        g_autofree char *text = v == NULL || JSON_NODE_HOLDS_NULL (v) ? NULL :
                                json_node_get_value_type (v) == G_TYPE_STRING ? g_strdup (json_node_get_string (v)) :
                                g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (v));

        if (text != NULL)
          g_print ("%-12s %s\n", *m, text);
      }
    g_print ("\n");
    json_object_set_array_member (wrap, "items", json_array_ref (json_object_get_array_member (o, "entries")));
    list = json_node_init_object (json_node_alloc (), wrap);
    json_object_unref (wrap);
    pd_ctl_print_table (list, entry_columns);
  }
  return PD_CTL_OK;
}

int
pd_ctl_cmd_flags (PdCtl  *ctl,
                  int     argc,
                  char  **argv)
{
  static const char usage[] =
    "flags list [--state open|cleared|escalated|suspended] [--rule RULE] [--for USER] | show ID\n"
    "       flags clear ID --reason R | escalate ID --reason R   (auditors; an admin clears an escalated flag)\n"
    "       flags suspend ID --reason R | scan   (admins)";
  g_autofree char *state = NULL, *rule = NULL, *user = NULL, *reason = NULL;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, "list: only flags in this state", "STATE" },
    { "rule", 0, 0, G_OPTION_ARG_STRING, &rule, "list: only this rule's flags", "RULE" },
    { "for", 0, 0, G_OPTION_ARG_STRING, &user, "list: only this user's flags", "USER" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "clear, escalate, suspend: why", "R" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- misuse flags and their review", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    {
      g_autoptr(GString) path = g_string_new ("/v1/flags?");

      pd_client_query_add (path, "state", state);
      pd_client_query_add (path, "rule", rule);
      pd_client_query_add (path, "user", user);
      g_string_append (path, "limit=1000");
      return pd_ctl_get_and_print (ctl, path->str, flag_columns);
    }
  if (argc == 2 && strcmp (argv[1], "scan") == 0)
    POST_AND_PRINT (ctl, "/v1/flags/scan", NULL, NULL, NULL);
  if (argc == 3 && strcmp (argv[1], "show") == 0)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/flags", argv[2], "");

      return ctl->json ? pd_ctl_get_and_print (ctl, path, NULL) : flag_show (ctl, argv[2]);
    }
  if (argc == 3 && reason != NULL &&
      (strcmp (argv[1], "clear") == 0 || strcmp (argv[1], "escalate") == 0 || strcmp (argv[1], "suspend") == 0))
    {
      g_autofree char *suffix = g_strconcat ("/", argv[1], NULL);
      g_autofree char *path = pd_ctl_item_path ("/v1/flags", argv[2], suffix);
      g_autofree char *msg = g_strdup_printf ("Flag %s %s.", argv[2],
                                              strcmp (argv[1], "clear") == 0 ? "cleared" :
                                              strcmp (argv[1], "escalate") == 0 ? "sent to an admin to suspend the account" :
                                              "closed: the account is suspended");
      POST_AND_PRINT (ctl, path, msg, "reason", G_TYPE_STRING, reason, NULL);
    }
  return pd_ctl_usage (usage);
}
