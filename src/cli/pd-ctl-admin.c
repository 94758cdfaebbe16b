/* pd-ctl-admin.c: users, roles, entitlements, API keys, demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <string.h>

#include "pd-ctl.h"
#include "pd-error.h"
#include "pd-json.h"

static const char * const user_columns[] = { "username", "role", "port", "email", "status", "display_name", NULL };
static const char * const session_columns[] = { "id", "client", "created_at", "last_seen_at", "expires_at", "factor",
                                                "rules_accepted", NULL };

static char *
user_path (const char *name,
           const char *suffix)
{
  return pd_ctl_item_path ("/v1/users", name, suffix);
}

static void
add_text_or_null (JsonBuilder *b,
                  const char  *member,
                  const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, g_strcmp0 (value, "none") == 0 ? "" : value);
}

/* user profile USER: what the misuse flags compare with. */
static int
user_profile (PdCtl       *ctl,
              const char  *user,
              const char  *birth,
              const char  *plate,
              const char  *shift)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL, r = NULL;
  g_autofree char *path = user_path (user, "/profile");
  GError *error = NULL;
  PdClient *c;

  json_builder_begin_object (b);
  if (birth != NULL)
    add_text_or_null (b, "birth_date", birth);
  if (plate != NULL)
    add_text_or_null (b, "plate", plate);
  if (shift != NULL && strcmp (shift, "none") == 0)
    {
      json_builder_set_member_name (b, "shift_start");
      json_builder_add_null_value (b);
      json_builder_set_member_name (b, "shift_end");
      json_builder_add_null_value (b);
    }
  else if (shift != NULL)
    {
      guint64 start, end;
      g_auto(GStrv) hours = g_strsplit (shift, "-", -1);

      if (g_strv_length (hours) != 2 || !g_ascii_string_to_unsigned (hours[0], 10, 0, 23, &start, NULL) ||
          !g_ascii_string_to_unsigned (hours[1], 10, 0, 23, &end, NULL))
        return pd_ctl_usage ("user profile USER --shift START-END (hours 0 to 23, e.g. 22-6) or --shift none");
      json_builder_set_member_name (b, "shift_start");
      json_builder_add_int_value (b, (gint64) start);
      json_builder_set_member_name (b, "shift_end");
      json_builder_add_int_value (b, (gint64) end);
    }
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  if ((c = pd_ctl_session (ctl, &error)) == NULL)
    return pd_ctl_fail (error);
  r = pd_client_call (c, "POST", path, body, &error);
  return pd_ctl_print_result (ctl, r, error, NULL);
}

/* The answer of an add or a reset: the one-time password, said once. */
static int
print_one_time (PdCtl       *ctl,
                JsonNode    *r,
                GError      *error,
                const char  *done)
{
  JsonObject *o;
  const char *pw;
  int rc = PD_CTL_OK;

  if ((o = pd_ctl_reply_object (ctl, r, error, &rc)) == NULL)
    return rc;
  g_print ("%s\n", done);
  if ((pw = pd_json_str (o, "one_time_password")) != NULL)
    g_print ("One-time password (shown once; they must change it at their first sign-in):\n  %s\n", pw);
  return PD_CTL_OK;
}

/* user list [--search Q] [--role R] [--status S] */
static int
user_list (PdCtl      *ctl,
           const char *search,
           const char *role,
           const char *status)
{
  g_autoptr(GString) path = g_string_new ("/v1/users?limit=1000");
  const char *names[] = { "q", "role", "status" };
  const char *values[] = { search, role, status };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (values[i] != NULL)
      {
        g_autofree char *esc = g_uri_escape_string (values[i], NULL, FALSE);
        g_string_append_printf (path, "&%s=%s", names[i], esc);
      }
  return pd_ctl_get_and_print (ctl, path->str, user_columns);
}

int
pd_ctl_cmd_user (PdCtl  *ctl,
                 int     argc,
                 char  **argv)
{
  static const char usage[] =
    "user add USERNAME --role ROLE --email EMAIL [--port PORT] [--name NAME] [--password-file FILE]\n"
    "       user list [--search TEXT] [--role ROLE] [--status active|disabled|locked] | show USER\n"
    "       user disable USER [--reason R] | enable USER | reset-password USER\n"
    "       user sessions USER | end-session USER SESSION_ID | end-sessions USER\n"
    "       user suspend USER --reason R | unsuspend USER\n"
    "       user profile USER [--birth-date YYYY-MM-DD|none] [--plate PLATE|none] [--shift START-END|none]\n"
    "       user totp-reset USER";
  g_autofree char *role = NULL, *email = NULL, *port = NULL, *name = NULL, *pwfile = NULL, *reason = NULL;
  g_autofree char *birth = NULL, *plate = NULL, *shift = NULL, *search = NULL, *status = NULL;
  const GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, "list: only users whose user name, name or e-mail has TEXT", "TEXT" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, "list: only active, disabled or locked users", "STATUS" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "Role (list: only users of this role)", "ROLE" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, "E-mail address", "EMAIL" },
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, "Port code", "PORT" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Display name", "NAME" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &pwfile,
      "add: the password, from FILE (- = stdin); without it the service chooses a one-time password", "FILE" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "suspend, disable: why (the user is told at sign-in)", "R" },
    { "birth-date", 0, 0, G_OPTION_ARG_STRING, &birth, "profile: the user's date of birth (none: clear)", "DATE" },
    { "plate", 0, 0, G_OPTION_ARG_STRING, &plate, "profile: the user's own plate (none: clear)", "PLATE" },
    { "shift", 0, 0, G_OPTION_ARG_STRING, &shift, "profile: shift hours, local time of the port (none: the night rule)",
      "START-END" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- manage accounts", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return user_list (ctl, search, role, status);
  if (argc == 4 && strcmp (argv[1], "end-session") == 0)
    {
      g_autofree char *path = user_path (argv[2], "/sessions/end");
      g_autofree char *msg = g_strdup_printf ("Session %s of %s ended.", argv[3], argv[2]);
      gint64 id;

      if (!g_ascii_string_to_signed (argv[3], 10, 1, G_MAXINT64, &id, NULL))
        return pd_ctl_usage ("user end-session USER SESSION_ID (a number: see `user sessions USER`)");
      POST_AND_PRINT (ctl, path, msg, "id", G_TYPE_INT64, id, NULL);
    }
  if (argc != 3)
    return pd_ctl_usage (usage);
  if (strcmp (argv[1], "sessions") == 0)
    {
      g_autofree char *path = user_path (argv[2], "/sessions");
      return pd_ctl_get_and_print (ctl, path, session_columns);
    }
  if (strcmp (argv[1], "end-sessions") == 0)
    {
      g_autofree char *path = user_path (argv[2], "/sessions/end");
      g_autofree char *msg = g_strdup_printf ("Every session of %s ended.", argv[2]);
      POST_AND_PRINT (ctl, path, msg, "all", G_TYPE_BOOLEAN, TRUE, NULL);
    }
  if (strcmp (argv[1], "show") == 0)
    {
      g_autofree char *path = user_path (argv[2], "");
      return pd_ctl_get_and_print (ctl, path, NULL);
    }
  if (strcmp (argv[1], "suspend") == 0 && reason == NULL)
    return pd_ctl_usage (usage);
  if (strcmp (argv[1], "disable") == 0 || strcmp (argv[1], "suspend") == 0)
    {
      g_autofree char *path = user_path (argv[2], "/disable");
      g_autofree char *msg = g_strdup_printf ("User %s %s; their sessions ended.", argv[2],
                                              reason != NULL ? "suspended" : "disabled");

      if (reason != NULL)
        POST_AND_PRINT (ctl, path, msg, "reason", G_TYPE_STRING, reason, NULL);
      POST_AND_PRINT (ctl, path, msg, NULL, NULL);
    }
  if (strcmp (argv[1], "enable") == 0 || strcmp (argv[1], "unsuspend") == 0)
    {
      g_autofree char *path = user_path (argv[2], "/enable");
      g_autofree char *msg = g_strdup_printf ("User %s enabled.", argv[2]);
      POST_AND_PRINT (ctl, path, msg, NULL, NULL);
    }
  if (strcmp (argv[1], "profile") == 0)
    return user_profile (ctl, argv[2], birth, plate, shift);
  if (strcmp (argv[1], "totp-reset") == 0)
    {
      g_autofree char *path = user_path (argv[2], "/totp/reset");
      g_autofree char *msg = g_strdup_printf ("Two-factor sign-in of %s reset; their sessions ended, "
                                              "they enrol again at their next sign-in.", argv[2]);
      POST_AND_PRINT (ctl, path, msg, NULL, NULL);
    }
  if (strcmp (argv[1], "add") == 0)
    {
      g_autofree char *password = NULL;
      g_autofree char *msg = g_strdup_printf ("User %s added as %s.", argv[2], role);
      g_autoptr(JsonNode) r = NULL;
      PdClient *c;

      if (role == NULL || email == NULL)
        return pd_ctl_usage (usage);
      if (pwfile != NULL && (password = pd_ctl_read_secret (pwfile, "New password", &error)) == NULL)
        return pd_ctl_fail (error);
      if ((c = pd_ctl_session (ctl, &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_post (c, "/v1/users", &error, "username", G_TYPE_STRING, argv[2], "role", G_TYPE_STRING, role,
                          "email", G_TYPE_STRING, email, "port", G_TYPE_STRING, port,
                          "display_name", G_TYPE_STRING, name, "password", G_TYPE_STRING, password, NULL);
      return print_one_time (ctl, r, error, msg);
    }
  if (strcmp (argv[1], "reset-password") == 0)
    {
      g_autofree char *path = user_path (argv[2], "/password");
      g_autofree char *msg = g_strdup_printf ("Password of %s reset; their sessions ended.", argv[2]);
      g_autoptr(JsonNode) r = NULL;
      PdClient *c;

      if (pwfile != NULL)
        return pd_ctl_usage ("user reset-password USER (the service chooses a one-time password)");
      if ((c = pd_ctl_session (ctl, &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_post (c, path, &error, NULL, NULL);
      return print_one_time (ctl, r, error, msg);
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
    "entitlement request USER [--kind lpr|face] --training-date YYYY-MM-DD | approve ID --level supervisor|system_owner | "
    "deny ID --reason R | list | notice | acknowledge ID | recertify ID [--note N] | recertifications [--quarter YYYY-Qn]";
  static const char * const columns[] = { "id", "username", "kind", "status", "training_date", "supervisor",
                                          "system_owner", "granted_at", "next_recertification", "lapses_at",
                                          "denied_reason", NULL };
  static const char * const campaign[] = { "id", "user", "role", "port", "kind", "state", "certified_by", "certified_at",
                                           "due_by", "lapses_at", NULL };
  g_autofree char *training = NULL, *level = NULL, *reason = NULL, *kind = NULL, *note = NULL, *quarter = NULL;
  g_autofree char *path = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, "request: lpr (LPR data, the default) or face (face matching)", "KIND" },
    { "training-date", 0, 0, G_OPTION_ARG_STRING, &training, "Date of the privacy training attestation", "DATE" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, "Approval level", "LEVEL" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "deny: why", "R" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "recertify: a note for the record", "N" },
    { "quarter", 0, 0, G_OPTION_ARG_STRING, &quarter, "recertifications: the quarter (default: this one)", "YYYY-Qn" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- LPR and face-matching entitlements: two approvers, quarterly "
                     "re-certification", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/entitlements", columns);
  if (argc == 2 && strcmp (argv[1], "recertifications") == 0)
    {
      g_autofree char *esc = quarter != NULL ? g_uri_escape_string (quarter, NULL, FALSE) : NULL;

      path = g_strconcat ("/v1/recertifications", esc != NULL ? "?quarter=" : "", esc, NULL);
      return pd_ctl_get_and_print (ctl, path, campaign);
    }
  if (argc == 3 && strcmp (argv[1], "request") == 0 && training != NULL)
    POST_AND_PRINT (ctl, "/v1/entitlements", NULL,
                    "username", G_TYPE_STRING, argv[2], "kind", G_TYPE_STRING, kind != NULL ? kind : "lpr",
                    "training_date", G_TYPE_STRING, training, NULL);
  if (argc == 3)
    path = pd_ctl_item_path ("/v1/entitlements", argv[2], strcmp (argv[1], "approve") == 0 ? "/approve" :
                             strcmp (argv[1], "deny") == 0 ? "/deny" : strcmp (argv[1], "recertify") == 0 ?
                             "/recertify" : "/acknowledge");
  if (argc == 3 && strcmp (argv[1], "approve") == 0 && level != NULL)
    POST_AND_PRINT (ctl, path, NULL, "level", G_TYPE_STRING, level, NULL);
  if (argc == 3 && strcmp (argv[1], "deny") == 0 && reason != NULL)
    POST_AND_PRINT (ctl, path, NULL, "reason", G_TYPE_STRING, reason, NULL);
  if (argc == 3 && strcmp (argv[1], "recertify") == 0)
    POST_AND_PRINT (ctl, path, NULL, "note", G_TYPE_STRING, note, NULL);
  /* the holder: a new grant's access notice, read and acknowledged once */
  if (argc == 2 && strcmp (argv[1], "notice") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/session", NULL);
  if (argc == 3 && strcmp (argv[1], "acknowledge") == 0)
    {
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
    "apikey create --kind KIND --name NAME --scopes 'SCOPE ...' [--port PORT] [--output FILE] | list | "
    "revoke KEY_ID --reason R";
  static const char * const columns[] = { "key_id", "kind", "name", "port", "scopes", "created_at", "last_used_at",
                                          "last_used_client", "revoked_at", "revoked_reason", NULL };
  g_autofree char *kind = NULL, *name = NULL, *scopes = NULL, *port = NULL, *output = NULL, *reason = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, "broker, carrier, forwarder, air_operator, airline, lpr_feed, gate_device or bus_carrier", "KIND" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Principal name", "NAME" },
    { "scopes", 0, 0, G_OPTION_ARG_STRING, &scopes, "Space-separated scopes", "SCOPES" },
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, "Port the key is bound to", "PORT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the key to FILE (mode 0600) instead of printing it", "FILE" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "revoke: why (kept with the key and audited)", "R" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- API keys of public principals", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/apikeys", columns);
  if (argc == 3 && strcmp (argv[1], "revoke") == 0 && reason != NULL)
    {
      g_autofree char *esc = g_uri_escape_string (argv[2], NULL, FALSE);
      g_autofree char *path = g_strconcat ("/v1/apikeys/", esc, "/revoke", NULL);
      g_autofree char *msg = g_strdup_printf ("API key %s revoked.", argv[2]);
      POST_AND_PRINT (ctl, path, msg, "reason", G_TYPE_STRING, reason, NULL);
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
pd_ctl_cmd_port (PdCtl  *ctl,
                 int     argc,
                 char  **argv)
{
  static const char * const columns[] = { "code", "name", NULL };
  const GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- the ports users are given (admins)", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/ports", columns);
  return pd_ctl_usage ("port list");
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
