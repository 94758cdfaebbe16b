/* pd-approvals-view.c: the queue of requests for LPR data and face matching
 *
 * Supervisors (port directors, administrators) and the system owner (an
 * administrator) see the entitlement requests still pending (or, with the
 * filter, all of them) with the holder, the access asked for, the training
 * date, who asked and when, and who approved already; they approve at
 * their level or deny with a reason (POST /v1/entitlements/ID/approve and
 * /deny, as portdeskctl does).  When the service refuses, the status line
 * says the two-different-approvers rule in plain words before the
 * service's message.  "New Request…" files one (POST /v1/entitlements).
 * A PdActionTableView; the rules are the service's (docs/access.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-approvals-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-action-table-view.h"
#include "pd-approvals-view.h"
#include "pd-form-dialog.h"
#include "pd-json.h"
#include "pd-role.h"
#include "pd-view.h"

static char *
format_kind (JsonObject *row,
             const char *member)
{
  return g_strdup (g_strcmp0 (pd_json_str (row, member), "face") == 0 ? _("Face matching") : _("LPR data"));
}

/* "director.ng, 2026-12-06", or "—" while not given */
static char *
format_approval (JsonObject *row,
                 const char *member)
{
  const char *who = pd_json_str (row, member);
  g_autofree char *when = NULL;

  if (who == NULL)
    return g_strdup ("—");
  when = pd_table_format_time (row, g_strcmp0 (member, "supervisor") == 0 ? "supervisor_approved_at"
                                                                            : "system_owner_approved_at");
  return g_strdup_printf ("%s, %.10s", who, when);
}

static char *
format_status (JsonObject *row,
               const char *member)
{
  const char *status = pd_json_str (row, member);

  if (g_strcmp0 (status, "pending") == 0)
    return g_strdup (pd_json_str (row, "supervisor") != NULL || pd_json_str (row, "system_owner") != NULL ?
                     _("Pending (1 of 2)") : _("Pending"));
  if (g_strcmp0 (status, "active") == 0)
    return g_strdup (_("Granted"));
  if (g_strcmp0 (status, "denied") == 0)
    return g_strdup (_("Denied"));
  if (g_strcmp0 (status, "lapsed") == 0)
    return g_strdup (_("Lapsed"));
  return g_strdup (status);
}

/* "reason (director.ng)" */
static char *
format_denied (JsonObject *row,
               const char *member)
{
  const char *reason = pd_json_str (row, member);
  const char *by = pd_json_str (row, "denied_by");

  if (reason == NULL)
    return g_strdup ("");
  return by != NULL ? g_strdup_printf ("%s (%s)", reason, by) : g_strdup (reason);
}

/* "2026-12-06 by admin.demo" */
static char *
format_requested (JsonObject *row,
                  const char *member)
{
  g_autofree char *when = pd_table_format_time (row, member);
  const char *by = pd_json_str (row, "requested_by");

  /* TRANSLATORS: a date, then who asked */
  return by != NULL ? g_strdup_printf (_("%.10s by %s"), when, by) : g_strndup (when, 10);
}

static const PdTableColumn columns[] = {
  { "id",            N_("No."),          FALSE, NULL, TRUE, 4 },
  { "username",      N_("Holder"),       FALSE, NULL, FALSE, 10, TRUE },
  { "kind",          N_("Access"),       FALSE, format_kind, FALSE, 13, TRUE },
  { "status",        N_("Status"),       FALSE, format_status, FALSE, 16, TRUE },
  { "supervisor",    N_("Supervisor"),   FALSE, format_approval, FALSE, 22, TRUE },
  { "system_owner",  N_("System owner"), FALSE, format_approval, FALSE, 22, TRUE },
  { "training_date", N_("Training"),     FALSE, NULL, FALSE, 10, TRUE },
  { "requested_at",  N_("Requested"),    FALSE, format_requested, FALSE, 24 },
  { "denied_reason", N_("Denied because"), TRUE, format_denied, FALSE, 20 },
};

#define TWO_APPROVERS N_("Two different people must approve each request: a supervisor and the system owner. Nobody " \
                         "gives both approvals, and nobody approves or denies their own access.")

static const PdTableAction actions[] = {
  [PD_APPROVALS_APPROVE_SUPERVISOR] = { N_("Approve as _Supervisor"), "/v1/entitlements/", "/approve", TRUE,
                                        N_("Approved as supervisor."), TRUE, "level", "supervisor", TWO_APPROVERS },
  [PD_APPROVALS_APPROVE_OWNER] = { N_("Approve as System _Owner"), "/v1/entitlements/", "/approve", TRUE,
                                   N_("Approved as system owner."), TRUE, "level", "system_owner", TWO_APPROVERS },
  [PD_APPROVALS_DENY] = { N_("_Deny"), "/v1/entitlements/", "/deny", FALSE, N_("Denied."), FALSE, NULL, NULL,
                          TWO_APPROVERS },
};

static const char * const status_values[] = { "pending", "", "active", "denied", "lapsed", NULL };
static const char * const status_titles[] = { N_("Pending"), N_("All"), N_("Granted"), N_("Denied"), N_("Lapsed"),
                                               NULL };
static const PdTableFilter filters[] = {
  { "status", N_("S_how:"), status_values, status_titles, 0 },
};

static const PdActionTableSpec spec = {
  .intro = N_("Requests for LPR data and face matching. Each needs the holder's privacy training within the last "
              "year and two approvals from two different people: a supervisor, then the system owner (or the other "
              "way round). Either may deny a request, saying why."),
  .path = "/v1/entitlements",
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .key_member = "id",
  .text_member = "reason",
  .placeholder = N_("Reason (to deny)"),
  .select_first = N_("Select a request first."),
  .actions = actions,
  .n_actions = G_N_ELEMENTS (actions),
  .filters = filters,
  .n_filters = G_N_ELEMENTS (filters),
};

/* --- the caller's level: only the system owner (an administrator) sees its button -- */

static void
session_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(PdActionTableView) view = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);
  JsonObject *user;

  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply) ||
      (user = pd_json_obj (json_node_get_object (reply), "user")) == NULL)
    return;
  pd_action_table_view_set_action_visible (view, PD_APPROVALS_APPROVE_OWNER,
                                           pd_role_from_string (pd_json_str (user, "role")) == PD_ROLE_ADMIN);
}

/* --- New Request… ------------------------------------------------------------- */

static void
request_done (PdFormDialog *dialog,
              JsonNode     *reply,
              gpointer      data)
{
  PdActionTableView *view = data;
  g_autofree char *text = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, pd_json_int (json_node_get_object (reply), "id", 0));

  /* TRANSLATORS: the request's number, then the holder's user name */
  text = g_strdup_printf (_("Request %s filed for %s: it now needs two approvals."), id,
                          pd_json_str (json_node_get_object (reply), "username"));
  pd_action_table_view_show_message (view, text, FALSE);
  pd_view_reload (PD_VIEW (view));
}

static void
request_submit (PdFormDialog      *dialog,
                PdActionTableView *view)
{
  static const char * const kinds[] = { "lpr", "face" };
  GtkEditable *holder = g_object_get_data (G_OBJECT (dialog), "holder");
  GtkEditable *training = g_object_get_data (G_OBJECT (dialog), "training");
  AdwComboRow *kind = g_object_get_data (G_OBJECT (dialog), "kind");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *username = g_strstrip (g_strdup (gtk_editable_get_text (holder)));

  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "username", username);
  pd_json_builder_add_string (b, "kind", kinds[MIN (adw_combo_row_get_selected (kind), 1)]);
  pd_json_builder_add_string (b, "training_date", gtk_editable_get_text (training));
  json_builder_end_object (b);
  pd_form_dialog_call (dialog, "POST", "/v1/entitlements", json_builder_get_root (b), request_done, view);
}

static void
holder_changed (PdFormDialog *dialog)
{
  GtkEditable *holder = g_object_get_data (G_OBJECT (dialog), "holder");
  GtkEditable *training = g_object_get_data (G_OBJECT (dialog), "training");

  pd_form_dialog_set_ready (dialog, *gtk_editable_get_text (holder) != '\0' &&
                                    *gtk_editable_get_text (training) != '\0');
}

static void
new_request_clicked (GtkButton         *button,
                     PdActionTableView *view)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  PdFormDialog *dialog;
  GtkWidget *holder, *kind, *training;

  dialog = pd_form_dialog_new (GTK_WIDGET (view), pd_action_table_view_get_client (view), _("New Access Request"),
                               _("Who needs LPR data or face matching for their duties, and when they last took "
                                 "the privacy training. A supervisor and the system owner approve it next."),
                               _("_Request"), FALSE);
  gtk_widget_set_name (GTK_WIDGET (dialog), "approvals-request-dialog");
  holder = adw_entry_row_new ();
  gtk_widget_set_name (holder, "request-holder");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (holder), _("_Holder (user name)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (holder), TRUE);
  gtk_string_list_append (kinds, _("LPR data"));
  gtk_string_list_append (kinds, _("Face matching"));
  kind = adw_combo_row_new ();
  gtk_widget_set_name (kind, "request-kind");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (kind), _("_Access"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (kind), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (kind), G_LIST_MODEL (kinds));
  training = adw_entry_row_new ();
  gtk_widget_set_name (training, "request-training");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (training), _("_Training date (YYYY-MM-DD)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (training), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (training), today);
  pd_form_dialog_add_row (dialog, holder);
  pd_form_dialog_add_row (dialog, kind);
  pd_form_dialog_add_row (dialog, training);
  g_object_set_data (G_OBJECT (dialog), "holder", holder);
  g_object_set_data (G_OBJECT (dialog), "kind", kind);
  g_object_set_data (G_OBJECT (dialog), "training", training);
  pd_form_dialog_set_ready (dialog, FALSE);
  g_signal_connect_swapped (holder, "changed", G_CALLBACK (holder_changed), dialog);
  g_signal_connect_swapped (training, "changed", G_CALLBACK (holder_changed), dialog);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (request_submit), view, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (holder);
}

GtkWidget *
pd_approvals_view_new (PdServiceClient *client)
{
  GtkWidget *view = pd_action_table_view_new (client, &spec);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_New Request…"));

  gtk_widget_set_name (button, "approvals-new-request");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  g_signal_connect (button, "clicked", G_CALLBACK (new_request_clicked), view);
  pd_action_table_view_add_header_widget (PD_ACTION_TABLE_VIEW (view), button);
  /* until the role is known, only the supervisor's level is offered */
  pd_action_table_view_set_action_visible (PD_ACTION_TABLE_VIEW (view), PD_APPROVALS_APPROVE_OWNER, FALSE);
  pd_service_client_call_async (client, "GET", "/v1/session", NULL, NULL, session_loaded, g_object_ref (view));
  return view;
}
