/* pd-ctl-admin.c: users, roles, entitlements, API keys, demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <string.h>

#include "pd-ctl.h"
#include "pd-error.h"

static const char * const user_columns[] = { "username", "role", "port", "email", "disabled", "display_name", NULL };

static char *
user_path (const char *name,
           const char *suffix)
{
  return pd_ctl_item_path ("/v1/users", name, suffix);
}

/* Runs POST @path with the body built by pd_client_post's varargs and
 * prints the result: the shared tail of most admin commands. */
#define POST_AND_PRINT(ctl, path, msg, ...) \
  G_STMT_START { \
    GError *e_ = NULL; \
    PdClient *c_ = pd_ctl_session (ctl, &e_); \
    g_autoptr(JsonNode) r_ = NULL; \
    if (c_ == NULL) \
      return pd_ctl_fail (e_); \
    r_ = pd_client_post (c_, path, &e_, __VA_ARGS__); \
    return pd_ctl_print_result (ctl, r_, e_, msg); \
  } G_STMT_END

int
pd_ctl_cmd_user (PdCtl  *ctl,
                 int     argc,
                 char  **argv)
{
  static const char usage[] =
    "user add USERNAME --role ROLE --email EMAIL [--port PORT] [--name NAME] [--password-file FILE]\n"
    "       user list | show USER | disable USER | enable USER | reset-password USER [--password-file FILE]\n"
    "       user totp-reset USER";
  g_autofree char *role = NULL, *email = NULL, *port = NULL, *name = NULL, *pwfile = NULL;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "Role", "ROLE" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, "E-mail address", "EMAIL" },
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, "Port code", "PORT" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Display name", "NAME" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &pwfile, "Read the new password from FILE (- = stdin)", "FILE" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- manage accounts", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/users?limit=1000", user_columns);
  if (argc != 3)
    return pd_ctl_usage (usage);
  if (strcmp (argv[1], "show") == 0)
    {
      g_autofree char *path = user_path (argv[2], "");
      return pd_ctl_get_and_print (ctl, path, NULL);
    }
  if (strcmp (argv[1], "disable") == 0 || strcmp (argv[1], "enable") == 0)
    {
      g_autofree char *path = user_path (argv[2], strcmp (argv[1], "disable") == 0 ? "/disable" : "/enable");
      g_autofree char *msg = g_strdup_printf ("User %s %sd.", argv[2], argv[1]);
      POST_AND_PRINT (ctl, path, msg, NULL, NULL);
    }
  if (strcmp (argv[1], "totp-reset") == 0)
    {
      g_autofree char *path = user_path (argv[2], "/totp/reset");
      g_autofree char *msg = g_strdup_printf ("Two-factor sign-in of %s reset; their sessions ended, "
                                              "they enrol again at their next sign-in.", argv[2]);
      POST_AND_PRINT (ctl, path, msg, NULL, NULL);
    }
  if (strcmp (argv[1], "add") == 0 || strcmp (argv[1], "reset-password") == 0)
    {
      g_autofree char *password = NULL;
      gboolean add = strcmp (argv[1], "add") == 0;

      if (add && (role == NULL || email == NULL))
        return pd_ctl_usage (usage);
      password = pd_ctl_read_secret (pwfile, "New password", &error);
      if (password == NULL)
        return pd_ctl_fail (error);
      if (add)
        {
          g_autofree char *msg = g_strdup_printf ("User %s added as %s.", argv[2], role);
          POST_AND_PRINT (ctl, "/v1/users", msg,
                          "username", G_TYPE_STRING, argv[2], "role", G_TYPE_STRING, role,
                          "email", G_TYPE_STRING, email, "port", G_TYPE_STRING, port,
                          "display_name", G_TYPE_STRING, name, "password", G_TYPE_STRING, password, NULL);
        }
      else
        {
          g_autofree char *path = user_path (argv[2], "/password");
          g_autofree char *msg = g_strdup_printf ("Password of %s reset; their sessions ended.", argv[2]);
          POST_AND_PRINT (ctl, path, msg, "password", G_TYPE_STRING, password, NULL);
        }
    }
  return pd_ctl_usage (usage);
}

int
pd_ctl_cmd_role (PdCtl  *ctl,
                 int     argc,
                 char  **argv)
{
  g_autofree char *port = NULL;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, "Port code", "PORT" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- change a user's role", &error))
    return pd_ctl_fail (error);
  if (argc != 4 || strcmp (argv[1], "set") != 0)
    return pd_ctl_usage ("role set USER ROLE [--port PORT]");
  {
    g_autofree char *path = user_path (argv[2], "/role");
    g_autofree char *msg = g_strdup_printf ("%s is now %s; their sessions ended.", argv[2], argv[3]);
    POST_AND_PRINT (ctl, path, msg, "role", G_TYPE_STRING, argv[3], "port", G_TYPE_STRING, port, NULL);
  }
}

int
pd_ctl_cmd_entitlement (PdCtl  *ctl,
                        int     argc,
                        char  **argv)
{
  static const char usage[] =
    "entitlement request USER --training-date YYYY-MM-DD | approve ID --level supervisor|system_owner | "
    "deny ID --reason R | list | notice | acknowledge ID";
  static const char * const columns[] = { "id", "username", "kind", "status", "training_date", "granted_at", "expires_at",
                                          "denied_reason", NULL };
  g_autofree char *training = NULL, *level = NULL, *reason = NULL;
  const GOptionEntry entries[] = {
    { "training-date", 0, 0, G_OPTION_ARG_STRING, &training, "Date of the privacy training attestation", "DATE" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, "Approval level", "LEVEL" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "deny: why", "R" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- the LPR entitlement", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/entitlements", columns);
  if (argc == 3 && strcmp (argv[1], "request") == 0 && training != NULL)
    POST_AND_PRINT (ctl, "/v1/entitlements", NULL,
                    "username", G_TYPE_STRING, argv[2], "kind", G_TYPE_STRING, "lpr",
                    "training_date", G_TYPE_STRING, training, NULL);
  if (argc == 3 && strcmp (argv[1], "approve") == 0 && level != NULL)
    {
      g_autofree char *esc = g_uri_escape_string (argv[2], NULL, FALSE);
      g_autofree char *path = g_strconcat ("/v1/entitlements/", esc, "/approve", NULL);
      POST_AND_PRINT (ctl, path, NULL, "level", G_TYPE_STRING, level, NULL);
    }
  if (argc == 3 && strcmp (argv[1], "deny") == 0 && reason != NULL)
    {
      g_autofree char *esc = g_uri_escape_string (argv[2], NULL, FALSE);
      g_autofree char *path = g_strconcat ("/v1/entitlements/", esc, "/deny", NULL);
      POST_AND_PRINT (ctl, path, NULL, "reason", G_TYPE_STRING, reason, NULL);
    }
  /* the holder: a new grant's access notice, read and acknowledged once */
  if (argc == 2 && strcmp (argv[1], "notice") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/session", NULL);
  if (argc == 3 && strcmp (argv[1], "acknowledge") == 0)
    {
      g_autofree char *esc = g_uri_escape_string (argv[2], NULL, FALSE);
      g_autofree char *path = g_strconcat ("/v1/entitlements/", esc, "/acknowledge", NULL);
      PdClient *client = pd_ctl_session (ctl, &error);
      g_autoptr(JsonNode) r = client != NULL ? pd_client_call (client, "POST", path, NULL, &error) : NULL;

      return pd_ctl_print_result (ctl, r, error, "Acknowledged: the entitlement can be used now.");
    }
  return pd_ctl_usage (usage);
}

int
pd_ctl_cmd_apikey (PdCtl  *ctl,
                   int     argc,
                   char  **argv)
{
  static const char usage[] =
    "apikey create --kind KIND --name NAME --scopes 'SCOPE ...' [--port PORT] [--output FILE] | list | revoke KEY_ID";
  static const char * const columns[] = { "key_id", "kind", "name", "port", "scopes", "created_at", "revoked_at", NULL };
  g_autofree char *kind = NULL, *name = NULL, *scopes = NULL, *port = NULL, *output = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, "broker, carrier, forwarder, air_operator, airline, lpr_feed, gate_device or bus_carrier", "KIND" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Principal name", "NAME" },
    { "scopes", 0, 0, G_OPTION_ARG_STRING, &scopes, "Space-separated scopes", "SCOPES" },
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, "Port the key is bound to", "PORT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the key to FILE (mode 0600) instead of printing it", "FILE" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- API keys of public principals", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/apikeys", columns);
  if (argc == 3 && strcmp (argv[1], "revoke") == 0)
    {
      g_autofree char *esc = g_uri_escape_string (argv[2], NULL, FALSE);
      g_autofree char *path = g_strconcat ("/v1/apikeys/", esc, "/revoke", NULL);
      g_autofree char *msg = g_strdup_printf ("API key %s revoked.", argv[2]);
      POST_AND_PRINT (ctl, path, msg, NULL, NULL);
    }
  if (argc == 2 && strcmp (argv[1], "create") == 0 && kind != NULL && name != NULL && scopes != NULL)
    {
      PdClient *client = pd_ctl_session (ctl, &error);
      g_autoptr(JsonNode) r = NULL;
      const char *key;

      if (client == NULL)
        return pd_ctl_fail (error);
      r = pd_client_post (client, "/v1/apikeys", &error, "kind", G_TYPE_STRING, kind, "name", G_TYPE_STRING, name,
                          "scopes", G_TYPE_STRING, scopes, "port", G_TYPE_STRING, port, NULL);
      if (r == NULL)
        return pd_ctl_fail (error);
      key = json_object_get_string_member (json_node_get_object (r), "key");
      if (output != NULL)
        {
          if (!g_file_set_contents_full (output, key, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
            return pd_ctl_fail (error);
          json_object_remove_member (json_node_get_object (r), "key");
        }
      if (ctl->json || output != NULL)
        pd_ctl_print_json (r);
      else
        g_print ("%s\n(shown once: store it now)\n", key);
      return PD_CTL_OK;
    }
  return pd_ctl_usage (usage);
}

int
pd_ctl_cmd_throttle (PdCtl  *ctl,
                     int     argc,
                     char  **argv)
{
  static const char usage[] = "throttle list | clear [--user NAME] [--client CLIENT]";
  static const char * const columns[] = { "username", "client", "failures", "last_failure", "waits_until", NULL };
  g_autofree char *user = NULL, *client = NULL;
  const GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "Only the sign-ins of this user name", "NAME" },
    { "client", 0, 0, G_OPTION_ARG_STRING, &client, "Only those of this client (uid:N, tcp:ADDRESS)", "CLIENT" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- slowed-down sign-ins (admins)", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/throttles", columns);
  if (argc == 2 && strcmp (argv[1], "clear") == 0)
    POST_AND_PRINT (ctl, "/v1/throttles/clear", "Sign-in throttles cleared.",
                    "username", G_TYPE_STRING, user, "client", G_TYPE_STRING, client, NULL);
  return pd_ctl_usage (usage);
}

int
pd_ctl_cmd_demo (PdCtl  *ctl,
                 int     argc,
                 char  **argv)
{
  int requests = 0, holdings = -1;
  gboolean tvs = FALSE;
  const GOptionEntry entries[] = {
    { "requests", 'n', 0, G_OPTION_ARG_INT, &requests, "Also create N demo inspection requests", "N" },
    { "holdings", 0, 0, G_OPTION_ARG_INT, &holdings,
      "Also add TSA holdings: a record for each face of the face-api demo pictures, and N synthetic ones", "N" },
    { "tvs", 0, 0, G_OPTION_ARG_NONE, &tvs,
      "Also a TVS flight leaving LAX with its gallery, a gate device, crossings and alerts (needs the holdings)",
      NULL },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- demo data", &error))
    return pd_ctl_fail (error);
  if (argc != 2 || strcmp (argv[1], "seed") != 0)
    return pd_ctl_usage ("demo seed [--requests N] [--holdings N] [--tvs]");
  POST_AND_PRINT (ctl, "/v1/demo/seed", "Demo data is in place (accounts' password: see the README).",
                  "requests", G_TYPE_INT64, (gint64) requests, "holdings", G_TYPE_INT64,
                  (gint64) (holdings >= 0 ? holdings : -1), "tvs", G_TYPE_BOOLEAN, tvs, NULL);
}
