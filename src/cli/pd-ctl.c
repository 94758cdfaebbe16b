/* pd-ctl.c: connecting, signing in, printing, errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-ctl.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-paths.h"

int
pd_ctl_fail (GError *error)
{
  int code = PD_CTL_FAILED;

  g_printerr ("portdeskctl: %s\n", error->message);
  if (error->domain == G_OPTION_ERROR)
    code = PD_CTL_USAGE;     /* a bad option of a command: see pd_ctl_parse */
  else if (error->domain == PD_ERROR)
    {
      switch ((PdErrorCode) error->code)
        {
        case PD_ERROR_UNAVAILABLE:
        case PD_ERROR_DATABASE_UNAVAILABLE:
          code = PD_CTL_UNREACHABLE;
          break;
        case PD_ERROR_UNAUTHENTICATED:
        case PD_ERROR_FORBIDDEN:
        case PD_ERROR_RULES_NOT_ACCEPTED:
        case PD_ERROR_SECOND_FACTOR:
        case PD_ERROR_PASSWORD_CHANGE:
        case PD_ERROR_LOCKED:
          code = PD_CTL_AUTH;
          break;
        case PD_ERROR_INTERNAL:
        case PD_ERROR_INVALID:
        case PD_ERROR_NOT_FOUND:
        case PD_ERROR_METHOD_NOT_ALLOWED:
        case PD_ERROR_CONFLICT:
        case PD_ERROR_TOO_LARGE:
        case PD_ERROR_UNSUPPORTED_MEDIA:
        case PD_ERROR_RATE_LIMITED:
        case PD_ERROR_TAMPERED:
        case PD_ERROR_LAST:
        default:
          code = PD_CTL_FAILED;
          break;
        }
    }
  g_error_free (error);
  return code;
}

int
pd_ctl_usage (const char *usage)
{
  g_printerr ("usage: portdeskctl %s\n", usage);
  return PD_CTL_USAGE;
}

gboolean
pd_ctl_parse (int                 *argc,
              char              ***argv,
              const GOptionEntry  *entries,
              const char          *parameter_string,
              GError             **error)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (parameter_string);

  g_option_context_set_help_enabled (ctx, TRUE);
  g_option_context_add_main_entries (ctx, entries, NULL);
  /* Leaves a G_OPTION_ERROR, which pd_ctl_fail() turns into exit code 2. */
  return g_option_context_parse (ctx, argc, argv, error);
}

char *
pd_ctl_read_secret (const char  *path,
                    const char  *what,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  char buf[512];

  if (path != NULL && strcmp (path, "-") != 0)
    {
      if (!g_file_get_contents (path, &contents, NULL, error))
        return NULL;
      g_strchomp (contents);
      return g_steal_pointer (&contents);
    }
  if (isatty (STDIN_FILENO))
    {
      struct termios old, noecho;
      gboolean ok;

      g_printerr ("%s: ", what);
      tcgetattr (STDIN_FILENO, &old);
      noecho = old;
      noecho.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &noecho);
      ok = fgets (buf, sizeof buf, stdin) != NULL;
      tcsetattr (STDIN_FILENO, TCSANOW, &old);
      g_printerr ("\n");
      if (!ok)
        buf[0] = '\0';
    }
  else if (fgets (buf, sizeof buf, stdin) == NULL)
    buf[0] = '\0';
  g_strchomp (buf);
  if (buf[0] == '\0')
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "No %s given", what);
      return NULL;
    }
  return g_strdup (buf);
}

static PdClient *
connect_unix (PdCtl *ctl)
{
  if (ctl->client == NULL)
    ctl->client = pd_client_new_unix (ctl->socket_path);
  return ctl->client;
}

/* A signed-in client: with --user, a fresh session for this one command
 * (rules accepted only with --accept-rules); otherwise the session saved
 * by `portdeskctl login`. */
PdClient *
pd_ctl_session (PdCtl   *ctl,
                GError **error)
{
  PdClient *client = connect_unix (ctl);

  if (pd_client_get_token (client) != NULL)
    return client;
  if (ctl->user != NULL)
    {
      g_autofree char *password = pd_ctl_read_secret (ctl->password_file, "Password", error);
      g_autofree char *due = NULL;

      if (password == NULL || !pd_ctl_sign_in (ctl, client, ctl->user, password, &due, error))
        return NULL;
      ctl->logged_in_here = TRUE;
      /* enrolment due: only the totp commands go through; the service says so to the others */
      if (ctl->accept_rules && due == NULL)
        {
          g_autoptr(JsonNode) r = pd_client_call (client, "POST", "/v1/rules/accept", NULL, error);
          if (r == NULL)
            return NULL;
        }
      return client;
    }
  else
    {
      g_autofree char *token = NULL;

      if (!g_file_get_contents (ctl->token_file, &token, NULL, NULL))
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED,
                               "Not signed in: run `portdeskctl login USER` or pass --user");
          return NULL;
        }
      pd_client_set_token (client, g_strstrip (token));
      return client;
    }
}

gboolean
pd_ctl_sign_in (PdCtl       *ctl,
                PdClient    *client,
                const char  *user,
                const char  *password,
                char       **out_due,
                GError     **error)
{
  g_autoptr(JsonNode) reply = pd_client_post (client, "/v1/login", error, "username", G_TYPE_STRING, user,
                                              "password", G_TYPE_STRING, password, NULL);
  g_autoptr(JsonNode) r = NULL;
  g_autofree char *typed = NULL;
  const char *due, *code;

  if (reply == NULL)
    return FALSE;
  pd_client_set_token (client, pd_json_str (json_node_get_object (reply), "token"));
  due = pd_json_str (json_node_get_object (reply), "second_factor");
  if (g_strcmp0 (due, "code") != 0)
    {
      /* a password reset by an administrator is changed before anything else */
      *out_due = g_strdup (pd_json_bool (json_node_get_object (reply), "must_change_password") ? "password" : due);
      return TRUE;
    }
  code = ctl->code != NULL ? ctl->code : g_getenv ("PORTDESK_TOTP_CODE");
  if (code == NULL && isatty (STDIN_FILENO))
    code = typed = pd_ctl_read_secret (NULL, "Two-factor code (or a recovery code)", error);
  if (code == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, PD_ERROR, PD_ERROR_SECOND_FACTOR,
                             "A two-factor code is due: pass --code CODE or set PORTDESK_TOTP_CODE");
      return FALSE;
    }
  /* a recovery code has letters (xxxxx-xxxxx); a code only digits */
  r = pd_client_post (client, "/v1/login/code", error,
                      strspn (code, "0123456789 ") == strlen (code) ? "code" : "recovery_code", G_TYPE_STRING, code,
                      NULL);
  if (r == NULL)
    return FALSE;
  *out_due = g_strdup (pd_json_bool (json_node_get_object (r), "must_change_password") ? "password" :
                       pd_json_str (json_node_get_object (r), "second_factor"));
  return TRUE;
}

PdClient *
pd_ctl_public (PdCtl   *ctl,
               GError **error)
{
  g_autofree char *key = NULL;

  if (ctl->client != NULL)
    return ctl->client;
  if (ctl->url == NULL || ctl->api_key_file == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "The public side needs --url http://127.0.0.1:PORT and --api-key-file FILE");
      return NULL;
    }
  key = pd_ctl_read_secret (ctl->api_key_file, "API key", error);
  if (key == NULL)
    return NULL;
  ctl->client = pd_client_new_http (ctl->url);
  pd_client_set_token (ctl->client, key);
  return ctl->client;
}

void
pd_ctl_finish (PdCtl *ctl)
{
  if (ctl->logged_in_here && ctl->client != NULL)
    {
      g_autoptr(JsonNode) r = pd_client_call (ctl->client, "POST", "/v1/logout", NULL, NULL);
    }
}

void
pd_ctl_print_json (JsonNode *node)
{
  g_autofree char *s = pd_json_to_string (node, TRUE);

  g_print ("%s\n", s);
}

static char *
cell (JsonObject *obj,
      const char *member)
{
  JsonNode *n = json_object_get_member (obj, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return g_strdup ("-");
  if (JSON_NODE_HOLDS_VALUE (n))
    {
      GType t = json_node_get_value_type (n);
      if (t == G_TYPE_STRING)
        return g_strdup (json_node_get_string (n));
      if (t == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
      if (t == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (n) ? "yes" : "no");
      return g_strdup_printf ("%g", json_node_get_double (n));
    }
  return pd_json_to_string (n, FALSE);
}

/* Prints an array of objects (or {"items":[...]}) as aligned columns. */
void
pd_ctl_print_table (JsonNode           *list,
                    const char * const *columns)
{
  JsonArray *arr;
  guint ncol = g_strv_length ((char **) columns);
  g_autofree guint *width = g_new0 (guint, ncol);
  guint n;

  if (JSON_NODE_HOLDS_OBJECT (list))
    list = json_object_get_member (json_node_get_object (list), "items");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return;
  arr = json_node_get_array (list);
  n = json_array_get_length (arr);
  for (guint c = 0; c < ncol; c++)
    width[c] = strlen (columns[c]);
  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < ncol; c++)
      {
        g_autofree char *v = cell (json_array_get_object_element (arr, i), columns[c]);
        width[c] = MAX (width[c], g_utf8_strlen (v, -1));
      }
  for (guint c = 0; c < ncol; c++)
    {
      g_autofree char *up = g_ascii_strup (columns[c], -1);
      g_print ("%-*s%s", (int) width[c], up, c + 1 < ncol ? "  " : "\n");
    }
  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < ncol; c++)
      {
        g_autofree char *v = cell (json_array_get_object_element (arr, i), columns[c]);
        g_print ("%s%*s%s", v, (int) (width[c] - g_utf8_strlen (v, -1)), "", c + 1 < ncol ? "  " : "\n");
      }
}

/* The common ending of a command: print the answer (JSON with --json,
 * else @done_message or the JSON) or the error. */
int
pd_ctl_print_result (PdCtl      *ctl,
                     JsonNode   *node,
                     GError     *error,
                     const char *done_message)
{
  if (error != NULL)
    return pd_ctl_fail (error);
  if (ctl->json || done_message == NULL)
    {
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        pd_ctl_print_json (node);
    }
  else
    g_print ("%s\n", done_message);
  return PD_CTL_OK;
}

JsonNode *
pd_ctl_post_photo (PdClient    *client,
                   const char  *path,
                   const char  *file,
                   GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *type = "application/octet-stream";
  gsize len;

  if (!g_file_get_contents (file, &data, &len, error))
    return NULL;
  if (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    type = "image/jpeg";
  else if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    type = "image/png";
  body = g_bytes_new_take (g_steal_pointer (&data), len);
  return pd_client_call_bytes (client, "POST", path, type, body, error);
}

int
pd_ctl_get_and_print (PdCtl              *ctl,
                      const char         *path,
                      const char * const *columns)
{
  GError *error = NULL;
  PdClient *client = pd_ctl_session (ctl, &error);
  g_autoptr(JsonNode) r = NULL;

  if (client == NULL)
    return pd_ctl_fail (error);
  r = pd_client_call (client, "GET", path, NULL, &error);
  if (r == NULL)
    return pd_ctl_fail (error);
  if (ctl->json || columns == NULL)
    pd_ctl_print_json (r);
  else
    pd_ctl_print_table (r, columns);
  return PD_CTL_OK;
}

void
pd_ctl_progress (const char *what,
                 guint       done,
                 guint       total)
{
  char bar[31];
  guint filled = total > 0 ? (guint) ((guint64) done * 30 / total) : 30;

  if (!isatty (STDERR_FILENO))
    return;
  memset (bar, '#', filled);
  memset (bar + filled, '.', 30 - filled);
  bar[30] = '\0';
  g_printerr ("\r%s [%s] %u/%u", what, bar, done, total);
  if (done == total)
    g_printerr ("\n");
}


typedef struct {
  const char *what;
  gboolean    open_bar;   /* a bar left unfinished on the terminal */
} ImportBar;

static void
import_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  ImportBar *bar = user_data;

  bar->open_bar = done < total;
  pd_ctl_progress (bar->what, done, total);
}

JsonNode *
pd_ctl_import (PdClient     *client,
               PdImportKind  kind,
               const char   *file,
               const char   *extra,
               const char   *what,
               int          *status)
{
  g_auto(PdImportResult) result = { 0 };
  ImportBar bar = { what, FALSE };
  GError *error = NULL;

  if (!pd_import_run (client, kind, file, extra, import_progress, &bar, NULL, &result, &error))
    {
      if (bar.open_bar)
        g_printerr ("\n");
      *status = pd_ctl_fail (error);
      return NULL;
    }
  if (result.committed == NULL)
    {
      for (guint i = 0; i < result.messages->len; i++)
        g_printerr ("%s: %s\n", file, (char *) result.messages->pdata[i]);
      if (result.total == 0)
        g_printerr ("Nothing was imported: %s has no rows.\n", file);
      else
        g_printerr ("Nothing was imported: %u of %u rows have errors.\n", result.problems->len, result.total);
      *status = PD_CTL_FAILED;
      return NULL;
    }
  *status = PD_CTL_OK;
  return g_steal_pointer (&result.committed);
}

char *
pd_ctl_item_path (const char *base,
                  const char *item,
                  const char *suffix)
{
  g_autofree char *esc = g_uri_escape_string (item, NULL, FALSE);

  return g_strconcat (base, "/", esc, suffix, NULL);
}

JsonObject *
pd_ctl_reply_object (PdCtl     *ctl,
                     JsonNode  *r,
                     GError    *error,
                     int       *rc)
{
  *rc = PD_CTL_OK;
  if (r == NULL)
    {
      *rc = pd_ctl_fail (error);
      return NULL;
    }
  if (ctl->json || !JSON_NODE_HOLDS_OBJECT (r))
    {
      pd_ctl_print_json (r);
      return NULL;
    }
  return json_node_get_object (r);
}
