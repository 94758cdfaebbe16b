/* pd-ctl-session.c: status, login, logout, rules, whoami, test clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-face-blas.h"
#include "pd-ctl.h"
#include "pd-error.h"
#include "pd-json.h"

int
pd_ctl_cmd_status (PdCtl  *ctl,
                   int     argc,
                   char  **argv)
{
  GError *error = NULL;
  g_autoptr(PdClient) client = pd_client_new_unix (ctl->socket_path);
  g_autoptr(JsonNode) reply = pd_client_call (client, "GET", "/v1/status", NULL, &error);
  JsonObject *o;

  if (reply == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    {
      pd_ctl_print_json (reply);
      return PD_CTL_OK;
    }
  o = json_node_get_object (reply);
  g_print ("portdeskd %s is running on %s\n", json_object_get_string_member (o, "version"), ctl->socket_path);
  g_print ("  API %s, schema v%" G_GINT64_FORMAT ", time %s%s\n",
           json_object_get_string_member (o, "api"),
           json_object_get_int_member (o, "schema_version"),
           json_object_get_string_member (o, "now"),
           json_object_get_boolean_member (o, "test_clock") ? " (TEST CLOCK)" : "");
  g_print ("  face kernel here: %s\n", pd_face_blas_kernel ());
  return PD_CTL_OK;
}

static void
print_rules (PdClient *client)
{
  g_autoptr(JsonNode) rules = pd_client_call (client, "GET", "/v1/rules", NULL, NULL);

  if (rules != NULL)
    g_print ("%s\n", json_object_get_string_member (json_node_get_object (rules), "text"));
}

int
pd_ctl_cmd_login (PdCtl  *ctl,
                  int     argc,
                  char  **argv)
{
  GError *error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *code = NULL;
  g_autofree char *due = NULL;
  gboolean accept_rules = FALSE;
  const GOptionEntry entries[] = {
    { "password-file", 'p', 0, G_OPTION_ARG_FILENAME, &password_file, "Read the password from FILE (- = stdin)", "FILE" },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, "The two-factor code (or a recovery code), when one is due", "CODE" },
    { "accept-rules", 0, 0, G_OPTION_ARG_NONE, &accept_rules, "Affirmatively accept the rules of behavior", NULL },
    { NULL }
  };
  PdClient *client;

  /* The options are documented after USER; before the command they work too. */
  if (!pd_ctl_parse (&argc, &argv, entries, "USER - sign in and keep the session", &error))
    return pd_ctl_fail (error);
  if (argc != 2)
    return pd_ctl_usage ("login USER [--password-file FILE] [--code CODE] [--accept-rules]");
  if (password_file != NULL)
    {
      g_free (ctl->password_file);
      ctl->password_file = g_steal_pointer (&password_file);
    }
  if (code != NULL)
    {
      g_free (ctl->code);
      ctl->code = g_steal_pointer (&code);
    }
  ctl->accept_rules |= accept_rules;
  ctl->user = g_strdup (argv[1]);
  password = pd_ctl_read_secret (ctl->password_file, "Password", &error);
  if (password == NULL)
    return pd_ctl_fail (error);
  client = pd_client_new_unix (ctl->socket_path);
  ctl->client = client;
  if (!pd_ctl_sign_in (ctl, client, argv[1], password, &due, &error))
    return pd_ctl_fail (error);
  dir = g_path_get_dirname (ctl->token_file);
  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents_full (ctl->token_file, pd_client_get_token (client), -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    return pd_ctl_fail (error);
  if (g_strcmp0 (due, "password") == 0)
    {
      g_print ("Signed in as %s with a one-time password: choose your own password first with\n"
               "`portdeskctl password --new-password-file FILE` (nothing else is allowed until then).\n", argv[1]);
      return PD_CTL_OK;
    }
  if (due != NULL)
    {
      g_print ("Signed in as %s, but your role must use two-factor sign-in. Run `portdeskctl totp enroll`,\n"
               "add the secret to your authenticator app, then `portdeskctl totp confirm CODE`.\n", argv[1]);
      return PD_CTL_OK;
    }
  print_rules (client);
  if (ctl->accept_rules)
    {
      g_autoptr(JsonNode) r = pd_client_call (client, "POST", "/v1/rules/accept", NULL, &error);
      if (r == NULL)
        return pd_ctl_fail (error);
      g_print ("Signed in as %s; you accepted the rules of behavior.\n", argv[1]);
    }
  else
    g_print ("Signed in as %s. Read the rules above, then run `portdeskctl rules accept` (or `decline`).\n", argv[1]);
  return PD_CTL_OK;
}

int
pd_ctl_cmd_totp (PdCtl  *ctl,
                 int     argc,
                 char  **argv)
{
  static const char usage[] = "totp status | enroll | confirm CODE | disable CODE|RECOVERY-CODE";
  GError *error = NULL;
  g_autoptr(JsonNode) r = NULL;
  PdClient *client;
  JsonObject *o;
  int rc = PD_CTL_OK;

  if (argc < 2)
    return pd_ctl_usage (usage);
  if (argc == 2 && strcmp (argv[1], "status") == 0)
    {
      if ((client = pd_ctl_session (ctl, &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_call (client, "GET", "/v1/me/totp", NULL, &error);
      if ((o = pd_ctl_reply_object (ctl, r, error, &rc)) == NULL)
        return rc;
      if (pd_json_bool (o, "enrolled"))
        g_print ("Two-factor sign-in is on (since %s); %" G_GINT64_FORMAT " recovery codes left.\n",
                 pd_json_str (o, "activated_at"), pd_json_int (o, "recovery_codes_left", 0));
      else
        g_print ("Two-factor sign-in is off%s%s.\n", pd_json_bool (o, "pending") ? " (enrolment started)" : "",
                 pd_json_bool (o, "required") ? "; your role must use it" : "");
      return PD_CTL_OK;
    }
  if (argc == 2 && strcmp (argv[1], "enroll") == 0)
    {
      if ((client = pd_ctl_session (ctl, &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_call (client, "POST", "/v1/me/totp/enroll", NULL, &error);
      if ((o = pd_ctl_reply_object (ctl, r, error, &rc)) == NULL)
        return rc;
      g_print ("Add this account to your authenticator app (TOTP, SHA-1, 6 digits, 30 s):\n"
               "  secret: %s\n  URI:    %s\n"
               "Then run `portdeskctl totp confirm CODE` with the code it shows.\n",
               pd_json_str (o, "secret"), pd_json_str (o, "uri"));
      return PD_CTL_OK;
    }
  if (argc == 3 && strcmp (argv[1], "confirm") == 0)
    {
      JsonArray *codes;

      if ((client = pd_ctl_session (ctl, &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_post (client, "/v1/me/totp/confirm", &error, "code", G_TYPE_STRING, argv[2], NULL);
      if ((o = pd_ctl_reply_object (ctl, r, error, &rc)) == NULL)
        return rc;
      codes = pd_json_array (o, "recovery_codes");
      g_print ("Two-factor sign-in is on. Your recovery codes, each usable once when you do not have your device.\n"
               "Keep them somewhere safe: they are shown only now.\n");
      for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
        g_print ("  %s\n", json_array_get_string_element (codes, i));
      return PD_CTL_OK;
    }
  if (argc == 3 && strcmp (argv[1], "disable") == 0)
    {
      const char *member = strspn (argv[2], "0123456789 ") == strlen (argv[2]) ? "code" : "recovery_code";

      if ((client = pd_ctl_session (ctl, &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_post (client, "/v1/me/totp/disable", &error, member, G_TYPE_STRING, argv[2], NULL);
      return pd_ctl_print_result (ctl, r, error, "Two-factor sign-in is off.");
    }
  return pd_ctl_usage (usage);
}

int
pd_ctl_cmd_logout (PdCtl  *ctl,
                   int     argc,
                   char  **argv)
{
  GError *error = NULL;
  PdClient *client = pd_ctl_session (ctl, &error);
  g_autoptr(JsonNode) r = NULL;

  if (client == NULL)
    return pd_ctl_fail (error);
  r = pd_client_call (client, "POST", "/v1/logout", NULL, &error);
  g_unlink (ctl->token_file);
  ctl->logged_in_here = FALSE;
  return pd_ctl_print_result (ctl, r, error, "Signed out.");
}

int
pd_ctl_cmd_rules (PdCtl  *ctl,
                  int     argc,
                  char  **argv)
{
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (argc != 2 || (strcmp (argv[1], "show") != 0 && strcmp (argv[1], "accept") != 0 && strcmp (argv[1], "decline") != 0))
    return pd_ctl_usage ("rules show|accept|decline");
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (strcmp (argv[1], "show") == 0)
    {
      r = pd_client_call (client, "GET", "/v1/rules", NULL, &error);
      if (r != NULL && !ctl->json)
        {
          print_rules (client);
          return PD_CTL_OK;
        }
      return pd_ctl_print_result (ctl, r, error, NULL);
    }
  if (strcmp (argv[1], "accept") == 0)
    {
      r = pd_client_call (client, "POST", "/v1/rules/accept", NULL, &error);
      return pd_ctl_print_result (ctl, r, error, "You accepted the rules of behavior.");
    }
  r = pd_client_call (client, "POST", "/v1/rules/decline", NULL, &error);
  g_unlink (ctl->token_file);
  ctl->logged_in_here = FALSE;
  return pd_ctl_print_result (ctl, r, error, "You declined the rules of behavior; you are signed out.");
}

int
pd_ctl_cmd_whoami (PdCtl  *ctl,
                   int     argc,
                   char  **argv)
{
  GError *error = NULL;
  PdClient *client = ctl->url != NULL ? pd_ctl_public (ctl, &error) : pd_ctl_session (ctl, &error);
  g_autoptr(JsonNode) r = NULL;

  if (client == NULL)
    return pd_ctl_fail (error);
  r = pd_client_call (client, "GET", ctl->url != NULL ? "/v1/intake/whoami" : "/v1/session", NULL, &error);
  return pd_ctl_print_result (ctl, r, error, NULL);
}

int
pd_ctl_cmd_clock (PdCtl  *ctl,
                  int     argc,
                  char  **argv)
{
  GError *error = NULL;
  g_autoptr(PdClient) client = pd_client_new_unix (ctl->socket_path);
  g_autoptr(JsonNode) r = NULL;
  gint64 seconds;

  if (argc == 3 && strcmp (argv[1], "set") == 0)
    r = pd_client_post (client, "/v1/test/clock", &error, "set", G_TYPE_STRING, argv[2], NULL);
  else if (argc == 3 && strcmp (argv[1], "advance") == 0)
    {
      if (!g_ascii_string_to_signed (argv[2], 10, 0, G_MAXINT64, &seconds, NULL))
        return pd_ctl_usage ("clock advance SECONDS");
      r = pd_client_post (client, "/v1/test/clock", &error, "advance_seconds", G_TYPE_INT64, seconds, NULL);
    }
  else
    return pd_ctl_usage ("clock set ISO8601 | clock advance SECONDS   (portdeskd --test-clock only)");
  if (r != NULL && !ctl->json)
    {
      g_print ("%s\n", json_object_get_string_member (json_node_get_object (r), "now"));
      return PD_CTL_OK;
    }
  return pd_ctl_print_result (ctl, r, error, NULL);
}

/* password: the signed-in user changes their own password (first of all
 * after an administrator's reset). */
int
pd_ctl_cmd_password (PdCtl  *ctl,
                     int     argc,
                     char  **argv)
{
  g_autofree char *current_file = NULL, *new_file = NULL;
  g_autofree char *current = NULL, *new_password = NULL;
  const GOptionEntry entries[] = {
    { "current-password-file", 0, 0, G_OPTION_ARG_FILENAME, &current_file,
      "Read the current password from FILE (default: the one signed in with --password-file)", "FILE" },
    { "new-password-file", 0, 0, G_OPTION_ARG_FILENAME, &new_file, "Read the new password from FILE (- = stdin)",
      "FILE" },
    { NULL }
  };
  g_autoptr(JsonNode) r = NULL;
  GError *error = NULL;
  PdClient *client;
  JsonObject *o;
  int rc = PD_CTL_OK;

  if (!pd_ctl_parse (&argc, &argv, entries, "- change your own password", &error))
    return pd_ctl_fail (error);
  if (argc != 1 || new_file == NULL)
    return pd_ctl_usage ("password --new-password-file FILE [--current-password-file FILE]");
  current = pd_ctl_read_secret (current_file != NULL ? current_file : ctl->password_file, "Current password", &error);
  if (current == NULL)
    return pd_ctl_fail (error);
  new_password = pd_ctl_read_secret (new_file, "New password", &error);
  if (new_password == NULL)
    return pd_ctl_fail (error);
  if ((client = pd_ctl_session (ctl, &error)) == NULL)
    return pd_ctl_fail (error);
  r = pd_client_post (client, "/v1/me/password", &error, "old_password", G_TYPE_STRING, current,
                      "new_password", G_TYPE_STRING, new_password, NULL);
  if ((o = pd_ctl_reply_object (ctl, r, error, &rc)) == NULL)
    return rc;
  if (pd_json_bool (o, "rules_accepted"))
    g_print ("Password changed.\n");
  else
    g_print ("Password changed. Read the rules (`portdeskctl rules show`), then `portdeskctl rules accept`.\n");
  return PD_CTL_OK;
}
