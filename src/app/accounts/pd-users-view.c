/* pd-users-view.c: the accounts flow's view in the app: users administered
 *
 * The users table, searched (user name, name, e-mail) and filtered by role
 * and status by the service (GET /v1/users?q=&role=&status=), and the
 * administrator's actions on it, each a dialog over the same routes as
 * portdeskctl: add a user, edit their role and port, disable (with a
 * reason, told to them at sign-in) or enable, reset the password (a
 * one-time password chosen by the service, shown once with a copy button),
 * a user's sessions (ended one or all), the throttled sign-ins (cleared).
 * A refusal shows in the dialog in the service's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-users-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-json.h"
#include "pd-role.h"
#include "pd-users-view.h"
#include "pd-view.h"

struct _PdUsersView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;
  GtkSearchEntry  *search;
  GtkDropDown     *role_filter;
  GtkDropDown     *status_filter;
  PdTableView     *table;
  GtkWidget       *buttons[PD_USERS_N_ACTIONS];
  GtkLabel        *status;
  char            *message;
  GPtrArray       *ports;           /* codes, as GET /v1/ports lists them */
  GtkStringList   *port_titles;     /* "CODE — name" each */
  gboolean         ports_loading;

  /* the dialog open now */
  PdFormDialog    *dialog;
  PdUsersAction    dialog_action;
  char            *dialog_user;     /* whose (Sessions) */
  PdTableView     *dialog_table;    /* Sessions, Throttled */
};

static void pd_users_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdUsersView, pd_users_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_users_view_view_init))

static const char * const statuses[] = { "", "active", "disabled", "locked", NULL };
static const char * const status_titles[] = { N_("Any status"), N_("Active"), N_("Disabled"), N_("Locked"), NULL };

static char *
format_user_status (JsonObject *row,
                    const char *member)
{
  const char *status = pd_json_str (row, member);

  for (guint i = 1; statuses[i] != NULL; i++)
    if (g_strcmp0 (status, statuses[i]) == 0)
      return g_strdup (_(status_titles[i]));
  return g_strdup (status);
}

static char *
format_must_change (JsonObject *row,
                    const char *member)
{
  return g_strdup (pd_json_bool (row, member) ? _("Must change") : "");
}

static const PdTableColumn user_columns[] = {
  { "username",             N_("Username"), FALSE, NULL, FALSE, 12, TRUE },
  { "display_name",         N_("Name"),     TRUE,  NULL, FALSE, 0 },
  { "email",                N_("E-mail"),   TRUE,  NULL, FALSE, 18 },
  { "role",                 N_("Role"),     FALSE, pd_table_format_role, FALSE, 16 },
  { "port",                 N_("Port"),     FALSE, NULL, FALSE, 5 },
  { "status",               N_("Status"),   FALSE, format_user_status, FALSE, 8 },
  { "must_change_password", N_("Password"), FALSE, format_must_change, FALSE, 11 },
  PD_TABLE_TIME_COLUMN ("created_at",           N_("Created")),
};

static char *
format_factor (JsonObject *row,
               const char *member)
{
  const char *factor = pd_json_str (row, member);

  if (g_strcmp0 (factor, "code") == 0)
    return g_strdup (_("Code due"));
  if (g_strcmp0 (factor, "enrol") == 0)
    return g_strdup (_("Enrolment due"));
  return g_strdup (pd_json_bool (row, "rules_accepted") ? _("Signed in") : _("Rules pending"));
}

static const PdTableColumn session_columns[] = {
  { "id",           N_("Session"),   FALSE, NULL, TRUE, 7, TRUE },
  { "client",       N_("Client"),    TRUE,  NULL, FALSE, 12 },
  PD_TABLE_TIME_COLUMN ("created_at",   N_("Signed in")),
  PD_TABLE_TIME_COLUMN ("last_seen_at", N_("Last seen")),
  { "factor",       N_("State"),     FALSE, format_factor, FALSE, 12 },
};

static const PdTableColumn throttle_columns[] = {
  { "username",     N_("Username"),     FALSE, NULL, FALSE, 12, TRUE },
  { "client",       N_("Client"),       TRUE,  NULL, FALSE, 12 },
  { "failures",     N_("Failures"),     FALSE, NULL, TRUE, 8 },
  PD_TABLE_TIME_COLUMN ("last_failure", N_("Last failure")),
  PD_TABLE_TIME_COLUMN ("waits_until",  N_("Waits until")),
};

/* --- helpers ------------------------------------------------------------- */

static void
show_message (PdUsersView *self,
              const char  *text,
              gboolean     error)
{
  pd_view_show_message (self->status, &self->message, text, error);
}

static char *
user_path (const char *username,
           const char *suffix)
{
  g_autofree char *esc = g_uri_escape_string (username, NULL, FALSE);

  return g_strconcat ("/v1/users/", esc, suffix, NULL);
}

static GtkWidget *
entry_row (const char *name,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  return row;
}

/* The role rows: every role the service knows, by title. */
static GtkWidget *
role_row (PdRole selected)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (PdRole r = PD_ROLE_NONE + 1; r < PD_ROLE_LAST; r++)
    gtk_string_list_append (titles, pd_role_title (r));
  gtk_widget_set_name (row, "role");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Role"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (titles));
  if (selected > PD_ROLE_NONE && selected < PD_ROLE_LAST)
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected - 1);
  return row;
}

static const char *
row_role (GtkWidget *row)
{
  return pd_role_to_string ((PdRole) (adw_combo_row_get_selected (ADW_COMBO_ROW (row)) + 1));
}

/* The port rows: none, then every port the service knows, and the user's
 * own (@selected) even when the list has not come yet; its codes are kept
 * on the row. */
static GtkWidget *
port_row (PdUsersView *self,
          const char  *selected)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *row = adw_combo_row_new ();
  guint at = 0;

  gtk_string_list_append (titles, _("None"));
  g_ptr_array_add (codes, NULL);
  for (guint i = 0; i < self->ports->len; i++)
    {
      gtk_string_list_append (titles, gtk_string_list_get_string (self->port_titles, i));
      g_ptr_array_add (codes, g_strdup (g_ptr_array_index (self->ports, i)));
      if (g_strcmp0 (g_ptr_array_index (self->ports, i), selected) == 0)
        at = i + 1;
    }
  if (selected != NULL && at == 0)
    {
      gtk_string_list_append (titles, selected);
      g_ptr_array_add (codes, g_strdup (selected));
      at = codes->len - 1;
    }
  gtk_widget_set_name (row, "port");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Port"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("None for admins, auditors and LPR analysts"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (titles));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), at);
  g_object_set_data_full (G_OBJECT (row), "pd-codes", g_steal_pointer (&codes), (GDestroyNotify) g_ptr_array_unref);
  return row;
}

/* The port chosen in @row, or NULL for none. */
static const char *
row_port (GtkWidget *row)
{
  GPtrArray *codes = g_object_get_data (G_OBJECT (row), "pd-codes");
  guint at = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  return at < codes->len ? g_ptr_array_index (codes, at) : NULL;
}

static void
ports_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(PdUsersView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;
  self->ports_loading = FALSE;
  if (error != NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_warning ("Could not list the ports: %s", error != NULL ? error->message : "no answer");
      return;
    }
  items = pd_json_array (json_node_get_object (reply), "items");
  g_ptr_array_set_size (self->ports, 0);
  gtk_string_list_splice (self->port_titles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->port_titles)), NULL);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      /* Translators: a port's code, then its name */
      g_autofree char *title = g_strdup_printf (_("%s — %s"), pd_json_str (o, "code"), pd_json_str (o, "name"));

      g_ptr_array_add (self->ports, g_strdup (pd_json_str (o, "code")));
      gtk_string_list_append (self->port_titles, title);
    }
}

static void
load_ports (PdUsersView *self)
{
  self->ports_loading = TRUE;
  pd_service_client_call_async (self->client, "GET", "/v1/ports", NULL, self->cancellable, ports_loaded,
                                g_object_ref (self));
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
field (PdFormDialog *dialog,
       const char   *name)
{
  GtkWidget *w = find_named (GTK_WIDGET (dialog), name);

  return w != NULL ? gtk_editable_get_text (GTK_EDITABLE (w)) : NULL;
}

/* A JSON object of string members (NULL-terminated pairs; "" values skipped). */
static JsonNode *
body_of (const char *first_name,
         ...)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  va_list ap;

  json_builder_begin_object (b);
  va_start (ap, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      if (value != NULL && *value != '\0')
        pd_json_builder_add_string (b, name, value);
    }
  va_end (ap);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
dialog_destroyed (PdUsersView *self,
                  GtkWidget   *dialog)
{
  if (GTK_WIDGET (self->dialog) != dialog)
    return;
  self->dialog = NULL;
  self->dialog_table = NULL;
  g_clear_pointer (&self->dialog_user, g_free);
}

static PdFormDialog *
open_dialog (PdUsersView   *self,
             PdUsersAction  action,
             const char    *title,
             const char    *intro,
             const char    *button,
             gboolean       destructive)
{
  PdFormDialog *dialog = pd_form_dialog_new (GTK_WIDGET (self), self->client, title, intro, button, destructive);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = dialog;
  self->dialog_action = action;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed), self, G_CONNECT_SWAPPED);
  return dialog;
}

/* --- the one-time password ------------------------------------------------ */

/* Shows @password of @username, once. */
static void
show_one_time (PdUsersView *self,
               const char  *username,
               const char  *password)
{
  g_autofree char *title = g_strdup_printf (_("One-Time Password for %s"), username);
  PdFormDialog *dialog = open_dialog (self, PD_USERS_RESET_PASSWORD, title, NULL, NULL, FALSE);

  pd_form_dialog_add_secret (dialog, password,
                             _("This password is shown only now: copy it or write it down and give it to "
                               "the user in person. It works once: at their first sign-in they must "
                               "choose a new password before anything else."));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* An answer {"user": {...}, "one_time_password": ...}: shown once. */
static void
password_done (PdFormDialog *dialog,
               JsonNode     *reply,
               gpointer      data)
{
  PdUsersView *self = data;
  JsonObject *o = reply != NULL && JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;
  const char *username = pd_json_str (pd_json_obj (o, "user"), "username");
  const char *password = pd_json_str (o, "one_time_password");
  g_autofree char *msg = NULL;

  pd_table_view_reload (self->table);
  if (self->dialog_action == PD_USERS_ADD)
    /* Translators: %s is a user name */
    msg = g_strdup_printf (_("%s added; give them the one-time password."), username);
  else
    /* Translators: %s is a user name */
    msg = g_strdup_printf (_("Password of %s reset; their sessions ended."), username);
  show_message (self, msg, FALSE);
  if (password != NULL)
    {
      /* the closing form dialog is done with: this one replaces it */
      self->dialog = NULL;
      show_one_time (self, username, password);
    }
}

/* --- add, edit, disable, enable, reset ------------------------------------- */

static void
changed_done (PdFormDialog *dialog,
              JsonNode     *reply,
              gpointer      data)
{
  PdUsersView *self = data;
  const char *done = g_object_get_data (G_OBJECT (dialog), "pd-done");

  pd_table_view_reload (self->table);
  show_message (self, done, FALSE);
}

static void
add_submit (PdFormDialog *dialog,
            PdUsersView  *self)
{
  g_autoptr(JsonNode) body = body_of ("username", field (dialog, "username"),
                                      "display_name", field (dialog, "display_name"),
                                      "email", field (dialog, "email"),
                                      "role", row_role (find_named (GTK_WIDGET (dialog), "role")),
                                      "port", row_port (find_named (GTK_WIDGET (dialog), "port")), NULL);

  pd_form_dialog_call (dialog, "POST", "/v1/users", body, password_done, self);
}

static void
edit_submit (PdFormDialog *dialog,
             PdUsersView  *self)
{
  const char *username = g_object_get_data (G_OBJECT (dialog), "pd-user");
  g_autofree char *path = user_path (username, "/role");
  g_autoptr(JsonNode) body = body_of ("role", row_role (find_named (GTK_WIDGET (dialog), "role")),
                                      "port", row_port (find_named (GTK_WIDGET (dialog), "port")), NULL);

  pd_form_dialog_call (dialog, "POST", path, body, changed_done, self);
}

static void
disable_submit (PdFormDialog *dialog,
                PdUsersView  *self)
{
  const char *username = g_object_get_data (G_OBJECT (dialog), "pd-user");
  gboolean enable = g_object_get_data (G_OBJECT (dialog), "pd-enable") != NULL;
  g_autofree char *path = user_path (username, enable ? "/enable" : "/disable");
  g_autoptr(JsonNode) body = body_of ("reason", enable ? NULL : field (dialog, "reason"), NULL);

  pd_form_dialog_call (dialog, "POST", path, body, changed_done, self);
}

static void
reset_submit (PdFormDialog *dialog,
              PdUsersView  *self)
{
  const char *username = g_object_get_data (G_OBJECT (dialog), "pd-user");
  g_autofree char *path = user_path (username, "/password");
  g_autoptr(JsonNode) body = body_of (NULL);

  pd_form_dialog_call (dialog, "POST", path, body, password_done, self);
}

static void
open_add (PdUsersView *self)
{
  PdFormDialog *d = open_dialog (self, PD_USERS_ADD, _("Add User"),
                                 _("The service chooses a one-time password, shown once; the user changes it at "
                                   "the first sign-in. TSA supervisors sign in with an official TSA address."),
                                 _("_Add"), FALSE);
  GtkWidget *first = entry_row ("display_name", _("_Name"), NULL);

  pd_form_dialog_add_row (d, first);
  pd_form_dialog_add_row (d, entry_row ("username", _("_User name"), NULL));
  pd_form_dialog_add_row (d, entry_row ("email", _("_E-mail"), NULL));
  pd_form_dialog_add_row (d, role_row (PD_ROLE_CBP_OFFICER));
  pd_form_dialog_add_row (d, port_row (self, NULL));
  g_signal_connect_object (d, "submit", G_CALLBACK (add_submit), self, 0);
  gtk_window_present (GTK_WINDOW (d));
  gtk_widget_grab_focus (first);
}

static void
open_edit (PdUsersView *self,
           JsonObject  *row)
{
  const char *username = pd_json_str (row, "username");
  /* Translators: %s is a user name */
  g_autofree char *title = g_strdup_printf (_("Edit %s"), username);
  g_autofree char *done = g_strdup_printf (_("%s changed; their sessions ended."), username);
  PdFormDialog *d = open_dialog (self, PD_USERS_EDIT, title,
                                 _("A new role or port takes effect at the user's next sign-in: their sessions end."),
                                 _("_Save"), FALSE);
  GtkWidget *role = role_row (pd_role_from_string (pd_json_str (row, "role")));

  g_object_set_data_full (G_OBJECT (d), "pd-user", g_strdup (username), g_free);
  g_object_set_data_full (G_OBJECT (d), "pd-done", g_steal_pointer (&done), g_free);
  pd_form_dialog_add_row (d, role);
  pd_form_dialog_add_row (d, port_row (self, pd_json_str (row, "port")));
  g_signal_connect_object (d, "submit", G_CALLBACK (edit_submit), self, 0);
  gtk_window_present (GTK_WINDOW (d));
  gtk_widget_grab_focus (role);
}

static void
open_disable (PdUsersView *self,
              JsonObject  *row)
{
  const char *username = pd_json_str (row, "username");
  gboolean enable = pd_json_bool (row, "disabled");
  g_autofree char *title = g_strdup_printf (enable ? _("Enable %s") : _("Disable %s"), username);
  g_autofree char *done = g_strdup_printf (enable ? _("%s enabled.") : _("%s disabled; their sessions ended."),
                                           username);
  PdFormDialog *d = open_dialog (self, PD_USERS_DISABLE, title,
                                 enable ? _("The user can sign in again.")
                                        : _("The user's sessions end and they cannot sign in. The reason is told to "
                                            "them when they try, and kept in the audit log."),
                                 enable ? _("_Enable") : _("_Disable"), !enable);

  g_object_set_data_full (G_OBJECT (d), "pd-user", g_strdup (username), g_free);
  g_object_set_data_full (G_OBJECT (d), "pd-done", g_steal_pointer (&done), g_free);
  if (enable)
    g_object_set_data (G_OBJECT (d), "pd-enable", GINT_TO_POINTER (TRUE));
  else
    {
      GtkWidget *reason = entry_row ("reason", _("_Reason"), NULL);

      pd_form_dialog_add_row (d, reason);
      gtk_widget_grab_focus (reason);
    }
  g_signal_connect_object (d, "submit", G_CALLBACK (disable_submit), self, 0);
  gtk_window_present (GTK_WINDOW (d));
}

static void
open_reset (PdUsersView *self,
            JsonObject  *row)
{
  const char *username = pd_json_str (row, "username");
  /* Translators: %s is a user name */
  g_autofree char *intro = g_strdup_printf (_("Reset the password of %s? The service chooses a one-time password, "
                                              "shown to you once. Their current password stops working and their "
                                              "sessions end; at the next sign-in they must choose a new password."),
                                            username);
  PdFormDialog *d = open_dialog (self, PD_USERS_RESET_PASSWORD, _("Reset Password"), intro, _("_Reset Password"),
                                 TRUE);

  g_object_set_data_full (G_OBJECT (d), "pd-user", g_strdup (username), g_free);
  g_signal_connect_object (d, "submit", G_CALLBACK (reset_submit), self, 0);
  gtk_window_present (GTK_WINDOW (d));
}

/* --- sessions and throttled sign-ins: a table in the dialog ------------------ */

static void list_dialog_load (PdUsersView *self);

static void
list_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdUsersView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->dialog_table == NULL)
    return;
  if (error != NULL)
    {
      pd_form_dialog_set_error (self->dialog, error->message);
      return;
    }
  pd_table_view_set_rows (self->dialog_table, pd_json_array (json_node_get_object (reply), "items"));
}

static void
list_dialog_load (PdUsersView *self)
{
  g_autofree char *path = self->dialog_action == PD_USERS_SESSIONS ? user_path (self->dialog_user, "/sessions")
                                                                   : g_strdup ("/v1/throttles");

  pd_service_client_call_async (self->client, "GET", path, NULL, self->cancellable, list_loaded,
                                g_object_ref (self));
}

static void
list_acted (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(PdUsersView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->dialog == NULL)
    return;
  pd_form_dialog_set_error (self->dialog, error != NULL ? error->message : NULL);
  list_dialog_load (self);
  pd_table_view_reload (self->table);
}

void
pd_users_view_dialog_act (PdUsersView *self,
                          guint        which)
{
  JsonObject *row;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_USERS_VIEW (self));
  if (self->dialog_table == NULL)
    return;
  row = pd_table_view_get_selected (self->dialog_table);
  if (which == 0 && row == NULL)
    {
      pd_form_dialog_set_error (self->dialog, _("Select a row first."));
      return;
    }
  json_builder_begin_object (b);
  if (self->dialog_action == PD_USERS_SESSIONS)
    {
      path = user_path (self->dialog_user, "/sessions/end");
      if (which == 0)
        pd_json_builder_add_int (b, "id", pd_json_int (row, "id", 0));
      else
        pd_json_builder_add_bool (b, "all", TRUE);
    }
  else
    {
      path = g_strdup ("/v1/throttles/clear");
      if (which == 0)
        {
          pd_json_builder_add_string (b, "username", pd_json_str (row, "username"));
          pd_json_builder_add_string (b, "client", pd_json_str (row, "client"));
        }
    }
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  pd_service_client_call_async (self->client, "POST", path, body, self->cancellable, list_acted,
                                g_object_ref (self));
}

static void
list_button_clicked (GtkButton   *button,
                     PdUsersView *self)
{
  pd_users_view_dialog_act (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "pd-which")));
}

static void
open_list (PdUsersView   *self,
           PdUsersAction  action,
           const char    *username)
{
  gboolean sessions = action == PD_USERS_SESSIONS;
  g_autofree char *title = sessions ? g_strdup_printf (_("Sessions of %s"), username) : g_strdup (_("Throttled Sign-Ins"));
  PdFormDialog *d = open_dialog (self, action, title,
                                 sessions ? _("Where the user is signed in now. Ending a session signs that "
                                              "workstation out at once.")
                                          : _("Sign-ins held back after failures, by user name and client. Clear "
                                              "one when the user is known to be at that workstation."),
                                 NULL, FALSE);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const char *labels[2] = { sessions ? _("_End Session") : _("C_lear Selected"),
                            sessions ? _("End _All") : _("Clear _All") };

  self->dialog_user = g_strdup (username);
  self->dialog_table = pd_table_view_new (NULL, NULL, sessions ? session_columns : throttle_columns,
                                          sessions ? G_N_ELEMENTS (session_columns) : G_N_ELEMENTS (throttle_columns),
                                          1000);
  gtk_widget_set_size_request (GTK_WIDGET (self->dialog_table), 640, 260);
  gtk_widget_set_vexpand (GTK_WIDGET (self->dialog_table), TRUE);
  pd_form_dialog_add_widget (d, GTK_WIDGET (self->dialog_table));
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (labels[i]);

      if (i == 1)
        gtk_widget_add_css_class (button, "destructive-action");
      g_object_set_data (G_OBJECT (button), "pd-which", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (list_button_clicked), self);
      gtk_box_append (GTK_BOX (buttons), button);
    }
  pd_form_dialog_add_widget (d, buttons);
  gtk_window_set_default_size (GTK_WINDOW (d), 700, -1);
  gtk_window_present (GTK_WINDOW (d));
  list_dialog_load (self);
}

/* --- the view ---------------------------------------------------------------- */

gboolean
pd_users_view_open (PdUsersView   *self,
                    PdUsersAction  action)
{
  JsonObject *row;

  g_return_val_if_fail (PD_IS_USERS_VIEW (self), FALSE);

  row = pd_table_view_get_selected (self->table);
  if (action != PD_USERS_ADD && action != PD_USERS_THROTTLES && row == NULL)
    {
      show_message (self, _("Select a user first."), TRUE);
      return FALSE;
    }
  switch (action)
    {
    case PD_USERS_ADD:
      open_add (self);
      break;
    case PD_USERS_EDIT:
      open_edit (self, row);
      break;
    case PD_USERS_DISABLE:
      open_disable (self, row);
      break;
    case PD_USERS_RESET_PASSWORD:
      open_reset (self, row);
      break;
    case PD_USERS_SESSIONS:
      open_list (self, action, pd_json_str (row, "username"));
      break;
    case PD_USERS_THROTTLES:
      open_list (self, action, NULL);
      break;
    case PD_USERS_N_ACTIONS:
    default:
      g_return_val_if_reached (FALSE);
    }
  return TRUE;
}

static void
button_clicked (GtkButton   *button,
                PdUsersView *self)
{
  pd_users_view_open (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "pd-action")));
}

/* The Disable button says Enable for a disabled user. */
static void
selection_changed (PdUsersView *self)
{
  JsonObject *row = pd_table_view_get_selected (self->table);

  gtk_button_set_label (GTK_BUTTON (self->buttons[PD_USERS_DISABLE]),
                        row != NULL && pd_json_bool (row, "disabled") ? _("E_nable…") : _("_Disable…"));
  for (guint i = PD_USERS_EDIT; i <= PD_USERS_SESSIONS; i++)
    gtk_widget_set_sensitive (self->buttons[i], row != NULL);
}

static void
filters_changed (PdUsersView *self)
{
  g_autoptr(GString) path = g_string_new ("/v1/users");
  const char *q = gtk_editable_get_text (GTK_EDITABLE (self->search));
  guint role = gtk_drop_down_get_selected (self->role_filter);
  guint status = gtk_drop_down_get_selected (self->status_filter);

  if (q != NULL && *q != '\0')
    {
      g_autofree char *esc = g_uri_escape_string (q, NULL, FALSE);
      g_string_append_printf (path, "%cq=%s", strchr (path->str, '?') ? '&' : '?', esc);
    }
  if (role > 0 && role < PD_ROLE_LAST)
    g_string_append_printf (path, "%crole=%s", strchr (path->str, '?') ? '&' : '?', pd_role_to_string ((PdRole) role));
  if (status > 0 && status < G_N_ELEMENTS (statuses) - 1)
    g_string_append_printf (path, "%cstatus=%s", strchr (path->str, '?') ? '&' : '?', statuses[status]);
  pd_table_view_set_path (self->table, path->str);
}

void
pd_users_view_set_filter (PdUsersView *self,
                          const char  *search,
                          const char  *role,
                          const char  *status)
{
  PdRole r = role != NULL && *role ? pd_role_from_string (role) : PD_ROLE_NONE;
  guint s = 0;

  g_return_if_fail (PD_IS_USERS_VIEW (self));
  for (guint i = 1; status != NULL && statuses[i] != NULL; i++)
    if (g_str_equal (status, statuses[i]))
      s = i;
  g_signal_handlers_block_by_func (self->search, filters_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search), search != NULL ? search : "");
  g_signal_handlers_unblock_by_func (self->search, filters_changed, self);
  gtk_drop_down_set_selected (self->role_filter, r);
  gtk_drop_down_set_selected (self->status_filter, s);
  filters_changed (self);
}

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  return label;
}

static void
build (PdUsersView *self)
{
  static const char * const button_labels[PD_USERS_N_ACTIONS] = {
    N_("_Add User…"), N_("_Edit…"), N_("_Disable…"), N_("_Reset Password…"), N_("_Sessions…"),
    N_("_Throttled Sign-Ins…"),
  };
  static const char * const button_names[PD_USERS_N_ACTIONS] = {
    "users-add", "users-edit", "users-disable", "users-reset", "users-sessions", "users-throttles",
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("User name, name or e-mail"), NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->search), TRUE);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (filters_changed), self);
  gtk_string_list_append (roles, _("Any role"));
  for (PdRole r = PD_ROLE_NONE + 1; r < PD_ROLE_LAST; r++)
    gtk_string_list_append (roles, pd_role_title (r));
  for (guint i = 0; status_titles[i] != NULL; i++)
    gtk_string_list_append (states, _(status_titles[i]));
  self->role_filter = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (roles)), NULL));
  self->status_filter = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (states)), NULL));
  g_signal_connect_swapped (self->role_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->status_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  gtk_box_append (GTK_BOX (bar), labelled (_("Searc_h"), GTK_WIDGET (self->search)));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (bar), labelled (_("R_ole"), GTK_WIDGET (self->role_filter)));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->role_filter));
  gtk_box_append (GTK_BOX (bar), labelled (_("Stat_us"), GTK_WIDGET (self->status_filter)));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->status_filter));

  self->table = pd_table_view_new (self->client, "/v1/users", user_columns, G_N_ELEMENTS (user_columns),
                                   10000);
  gtk_widget_set_vexpand (GTK_WIDGET (self->table), TRUE);
  g_signal_connect_swapped (self->table, "selected", G_CALLBACK (selection_changed), self);

  for (guint i = 0; i < PD_USERS_N_ACTIONS; i++)
    {
      self->buttons[i] = gtk_button_new_with_mnemonic (_(button_labels[i]));
      gtk_widget_set_name (self->buttons[i], button_names[i]);
      g_object_set_data (G_OBJECT (self->buttons[i]), "pd-action", GUINT_TO_POINTER (i));
      g_signal_connect (self->buttons[i], "clicked", G_CALLBACK (button_clicked), self);
      if (i == PD_USERS_THROTTLES)
        {
          GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

          gtk_widget_set_hexpand (spacer, TRUE);
          gtk_box_append (GTK_BOX (actions), spacer);
        }
      gtk_box_append (GTK_BOX (actions), self->buttons[i]);
    }
  gtk_widget_add_css_class (self->buttons[PD_USERS_ADD], "suggested-action");

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  for (GtkWidget *w = bar; w != NULL; w = w == bar ? actions : w == actions ? GTK_WIDGET (self->status) : NULL)
    {
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_end (w, 12);
    }
  gtk_widget_set_margin_top (bar, 12);
  gtk_widget_set_margin_bottom (actions, 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 12);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->table));
  gtk_box_append (GTK_BOX (box), actions);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  adw_bin_set_child (ADW_BIN (self), box);
  selection_changed (self);
}

static void
view_reload (PdView *view)
{
  pd_table_view_reload (PD_USERS_VIEW (view)->table);
  load_ports (PD_USERS_VIEW (view));
}

static gboolean
view_get_busy (PdView *view)
{
  PdUsersView *self = PD_USERS_VIEW (view);

  return pd_table_view_get_loading (self->table) || self->ports_loading ||
         (self->dialog != NULL && pd_form_dialog_get_busy (self->dialog));
}

static void
pd_users_view_view_init (PdViewInterface *iface)
{
  iface->reload = view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_users_view_dispose (GObject *object)
{
  PdUsersView *self = PD_USERS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  G_OBJECT_CLASS (pd_users_view_parent_class)->dispose (object);
}

static void
pd_users_view_finalize (GObject *object)
{
  PdUsersView *self = PD_USERS_VIEW (object);

  g_clear_object (&self->client);
  g_ptr_array_unref (self->ports);
  g_clear_object (&self->port_titles);
  g_free (self->message);
  g_free (self->dialog_user);
  G_OBJECT_CLASS (pd_users_view_parent_class)->finalize (object);
}

static void
pd_users_view_class_init (PdUsersViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_users_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_users_view_finalize;
}

static void
pd_users_view_init (PdUsersView *self)
{
  self->cancellable = g_cancellable_new ();
  self->ports = g_ptr_array_new_with_free_func (g_free);
  self->port_titles = gtk_string_list_new (NULL);
}

GtkWidget *
pd_users_view_new (PdServiceClient *client)
{
  PdUsersView *self = g_object_new (PD_TYPE_USERS_VIEW, NULL);

  self->client = g_object_ref (client);
  build (self);
  load_ports (self);
  return GTK_WIDGET (self);
}

PdTableView *
pd_users_view_get_table (PdUsersView *self)
{
  g_return_val_if_fail (PD_IS_USERS_VIEW (self), NULL);
  return self->table;
}

PdFormDialog *
pd_users_view_get_dialog (PdUsersView *self)
{
  g_return_val_if_fail (PD_IS_USERS_VIEW (self), NULL);
  return self->dialog;
}

const char *
pd_users_view_get_one_time_password (PdUsersView *self)
{
  g_return_val_if_fail (PD_IS_USERS_VIEW (self), NULL);
  /* as the dialog shows it */
  return self->dialog != NULL ? pd_form_dialog_get_secret (self->dialog) : NULL;
}

const char *
pd_users_view_get_message (PdUsersView *self)
{
  g_return_val_if_fail (PD_IS_USERS_VIEW (self), NULL);
  return self->message;
}

PdTableView *
pd_users_view_get_dialog_table (PdUsersView *self)
{
  g_return_val_if_fail (PD_IS_USERS_VIEW (self), NULL);
  return self->dialog_table;
}
