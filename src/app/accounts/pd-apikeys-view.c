/* pd-apikeys-view.c: the API keys of the systems outside the agency
 *
 * Administrators see every key (GET /v1/apikeys, as portdeskctl apikey
 * list) with its principal's kind and name, scopes, port, when and by whom
 * it was made, its last use (the service keeps it to the minute, with the
 * client's address) and, once revoked, when, by whom and why.  "New Key…"
 * makes one (POST /v1/apikeys) for a principal kind the service knows
 * (pd-role.h's list), with its scopes and port; a gate device is bound to
 * its gate in the same dialog (POST /v1/gates).  The secret is shown once,
 * in a dialog with a Copy button and a warning that it will not be shown
 * again.  Revoke takes a reason (POST /v1/apikeys/KEY/revoke).
 * A PdActionTableView.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-apikeys-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-action-table-view.h"
#include "pd-apikeys-view.h"
#include "pd-form-dialog.h"
#include "pd-json.h"
#include "pd-role.h"
#include "pd-view.h"

static const char * const scopes[] = { "scheduling", "landing", "lpr", "tvs", "bus", NULL };
static const char * const scope_titles[] = { N_("_Scheduling"), N_("_Landing rights"), N_("LPR r_eads"), N_("T_VS"),
                                             N_("_Bus manifests"), NULL };
static const char * const modes[] = { "gate", "terminal", "lane", "vehicle", NULL };
static const char * const mode_titles[] = { N_("Boarding gate"), N_("Terminal"), N_("Exit lane"), N_("Vehicle lane"),
                                            NULL };

/* What each principal kind is called and the scopes it usually needs. */
static const struct {
  const char *title;
  const char *scopes;
  gboolean    gate;      /* a device at a gate: bound to one */
} kinds[PD_PRINCIPAL_LAST] = {
  [PD_PRINCIPAL_BROKER]       = { N_("Customs broker"),           "scheduling" },
  [PD_PRINCIPAL_CARRIER]      = { N_("Carrier"),                  "scheduling" },
  [PD_PRINCIPAL_FORWARDER]    = { N_("Freight forwarder"),        "scheduling" },
  [PD_PRINCIPAL_AIR_OPERATOR] = { N_("Air operator"),             "landing" },
  [PD_PRINCIPAL_AIRLINE]      = { N_("Airline"),                  "tvs", TRUE },
  [PD_PRINCIPAL_LPR_FEED]     = { N_("LPR feed"),                 "lpr" },
  [PD_PRINCIPAL_TRAVELER]     = { N_("Traveller kiosk"),          "scheduling" },
  [PD_PRINCIPAL_GATE_DEVICE]  = { N_("Gate device"), "tvs", TRUE },
  [PD_PRINCIPAL_BUS_CARRIER]  = { N_("Bus carrier"),              "bus" },
};

static char *
format_kind (JsonObject *row,
             const char *member)
{
  PdPrincipalKind kind = pd_principal_kind_from_string (pd_json_str (row, member));

  return g_strdup (kind != PD_PRINCIPAL_NONE && kinds[kind].title != NULL ? _(kinds[kind].title)
                                                                         : pd_json_str (row, member));
}

/* "2026-12-06 09:10 (tcp:127.0.0.1)", "never" */
static char *
format_used (JsonObject *row,
             const char *member)
{
  const char *client = pd_json_str (row, "last_used_client");
  g_autofree char *when = NULL;

  if (pd_json_str (row, member) == NULL)
    return g_strdup (_("never"));
  when = pd_table_format_time (row, member);
  return client != NULL ? g_strdup_printf ("%s (%s)", when, client) : g_steal_pointer (&when);
}

/* the day only: "2026-12-06", "—" */
static char *
format_day (JsonObject *row,
            const char *member)
{
  g_autofree char *when = pd_table_format_time (row, member);

  return g_strndup (when, 10);
}

/* "lost laptop (admin.demo)" */
static char *
format_why (JsonObject *row,
            const char *member)
{
  const char *why = pd_json_str (row, member);
  const char *by = pd_json_str (row, "revoked_by");

  if (why == NULL)
    return g_strdup ("");
  return by != NULL ? g_strdup_printf ("%s (%s)", why, by) : g_strdup (why);
}

static char *
format_port (JsonObject *row,
             const char *member)
{
  return g_strdup (pd_json_str (row, member) != NULL ? pd_json_str (row, member) : _("any"));
}

static const PdTableColumn columns[] = {
  { "key_id",         N_("Key"),         FALSE, NULL, FALSE, 12, TRUE },
  { "kind",           N_("Kind"),        FALSE, format_kind, FALSE, 15, TRUE },
  { "name",           N_("Principal"),   TRUE,  NULL, FALSE, 16 },
  { "scopes",         N_("Scopes"),      FALSE, NULL, FALSE, 10 },
  { "port",           N_("Port"),        FALSE, format_port, FALSE, 5 },
  { "created_at",     N_("Created"),     FALSE, format_day, FALSE, 10, TRUE },
  { "last_used_at",   N_("Last used"),   FALSE, format_used, FALSE, 26 },
  { "revoked_at",     N_("Revoked"),     FALSE, format_day, FALSE, 10, TRUE },
  { "revoked_reason", N_("Why revoked"), TRUE,  format_why, FALSE, 16 },
};

static const PdTableAction actions[] = {
  { N_("_Revoke"), "/v1/apikeys/", "/revoke", FALSE, N_("Revoked: the key stops working at once.") },
};

static const char * const state_values[] = { "", "active", "revoked", NULL };
static const char * const state_titles[] = { N_("All"), N_("Active"), N_("Revoked"), NULL };
static const PdTableFilter filters[] = {
  { "state", N_("S_how:"), state_values, state_titles, 0 },
};

static const PdActionTableSpec spec = {
  .intro = N_("Keys of the systems outside the agency that send data to PortDesk over the network: brokers, "
              "carriers, air operators, airlines, gate cameras, LPR feeds, bus carriers. A key's secret is shown "
              "once, when it is made; revoke a key that is lost or no longer needed, saying why."),
  .path = "/v1/apikeys",
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .key_member = "key_id",
  .text_member = "reason",
  .placeholder = N_("Reason (to revoke)"),
  .select_first = N_("Select a key first."),
  .actions = actions,
  .n_actions = G_N_ELEMENTS (actions),
  .filters = filters,
  .n_filters = G_N_ELEMENTS (filters),
};

/* --- the secret, shown once ------------------------------------------------------ */

static void
present_secret (PdActionTableView *view,
                const char        *name,
                const char        *key)
{
  g_autofree char *intro = g_strdup_printf (_("Give this key to %s over a safe channel. They send it with every "
                                              "request."), name);
  PdFormDialog *dialog = pd_form_dialog_new (GTK_WIDGET (view), pd_action_table_view_get_client (view),
                                             _("Copy the New Key Now"), intro, NULL, FALSE);

  gtk_widget_set_name (GTK_WIDGET (dialog), "apikey-secret-dialog");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  pd_form_dialog_add_secret (dialog, key,
                             _("It will not be shown again: PortDesk keeps only a fingerprint of it. If it "
                               "is lost, revoke it and make a new one."));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- New Key… -------------------------------------------------------------------- */

static void
gate_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(PdActionTableView) view = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The key was made, but not bound to its gate: %s"), error->message);
      pd_action_table_view_show_message (view, text, TRUE);
    }
  else
    pd_action_table_view_show_message (view, _("Key made and bound to its gate."), FALSE);
}

typedef struct {
  AdwComboRow *kind;
  GtkEditable *name, *port, *terminal, *gate;
  AdwComboRow *mode;
  GtkCheckButton *scopes[G_N_ELEMENTS (scopes) - 1];
  GtkWidget   *gate_rows;
} Form;

static PdPrincipalKind
form_kind (Form *f)
{
  return (PdPrincipalKind) (adw_combo_row_get_selected (f->kind) + 1);
}

static void
form_changed (PdFormDialog *dialog)
{
  Form *f = g_object_get_data (G_OBJECT (dialog), "form");
  gboolean any = FALSE;
  /* a gate device is of no use until bound to its gate */
  gboolean placed = form_kind (f) != PD_PRINCIPAL_GATE_DEVICE || *gtk_editable_get_text (f->gate) != '\0';

  for (guint i = 0; i < G_N_ELEMENTS (f->scopes); i++)
    any |= gtk_check_button_get_active (f->scopes[i]);
  pd_form_dialog_set_ready (dialog, any && placed && *gtk_editable_get_text (f->name) != '\0');
}

static void
kind_changed (PdFormDialog *dialog)
{
  Form *f = g_object_get_data (G_OBJECT (dialog), "form");
  PdPrincipalKind kind = form_kind (f);
  g_auto(GStrv) usual = g_strsplit (kinds[kind].scopes, " ", -1);

  for (guint i = 0; i < G_N_ELEMENTS (f->scopes); i++)
    gtk_check_button_set_active (f->scopes[i], g_strv_contains ((const char * const *) usual, scopes[i]));
  gtk_widget_set_visible (f->gate_rows, kinds[kind].gate);
  form_changed (dialog);
}

/* The key is made: its secret shown once; a gate device's key is then
 * bound to its gate (the gate's body waits on the dialog). */
static void
create_done (PdFormDialog *dialog,
             JsonNode     *reply,
             gpointer      data)
{
  PdActionTableView *view = data;
  Form *f = g_object_get_data (G_OBJECT (dialog), "form");
  JsonNode *gate = g_object_get_data (G_OBJECT (dialog), "gate");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (f->name)));
  JsonObject *key;

  if (!JSON_NODE_HOLDS_OBJECT (reply))
    return;
  key = json_node_get_object (reply);
  pd_view_reload (PD_VIEW (view));
  present_secret (view, name, pd_json_str (key, "key"));
  if (gate == NULL)
    {
      pd_action_table_view_show_message (view, _("Key made."), FALSE);
      return;
    }
  json_object_set_string_member (json_node_get_object (gate), "key_id", pd_json_str (key, "key_id"));
  pd_service_client_call_async (pd_action_table_view_get_client (view), "POST", "/v1/gates", gate, NULL,
                                gate_done, g_object_ref (view));
}

static void
create_submit (PdFormDialog      *dialog,
               PdActionTableView *view)
{
  Form *f = g_object_get_data (G_OBJECT (dialog), "form");
  PdPrincipalKind kind = form_kind (f);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GString) chosen = g_string_new (NULL);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (f->name)));
  g_autofree char *port = g_strstrip (g_ascii_strup (gtk_editable_get_text (f->port), -1));
  g_autofree char *gate = g_strstrip (g_strdup (gtk_editable_get_text (f->gate)));
  JsonNode *gate_body = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (f->scopes); i++)
    if (gtk_check_button_get_active (f->scopes[i]))
      g_string_append_printf (chosen, "%s%s", chosen->len > 0 ? " " : "", scopes[i]);
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "kind", pd_principal_kind_to_string (kind));
  pd_json_builder_add_string (b, "name", name);
  pd_json_builder_add_string (b, "scopes", chosen->str);
  if (*port != '\0')
    pd_json_builder_add_string (b, "port", port);
  json_builder_end_object (b);

  if (kinds[kind].gate && *gate != '\0')
    {
      g_autoptr(JsonBuilder) g = json_builder_new ();
      g_autofree char *terminal = g_strstrip (g_strdup (gtk_editable_get_text (f->terminal)));

      json_builder_begin_object (g);
      pd_json_builder_add_string (g, "mode", modes[MIN (adw_combo_row_get_selected (f->mode), 3)]);
      if (*terminal != '\0')
        pd_json_builder_add_string (g, "terminal", terminal);
      pd_json_builder_add_string (g, "gate", gate);
      json_builder_end_object (g);
      gate_body = json_builder_get_root (g);
    }
  g_object_set_data_full (G_OBJECT (dialog), "gate", gate_body, (GDestroyNotify) json_node_unref);
  pd_form_dialog_call (dialog, "POST", "/v1/apikeys", json_builder_get_root (b), create_done, view);
}

static GtkWidget *
entry_row (const char *name,
           const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  return row;
}

static GtkWidget *
combo_row (const char         *name,
           const char         *title,
           const char * const *titles)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; titles[i] != NULL; i++)
    gtk_string_list_append (list, _(titles[i]));
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  return row;
}

void
pd_apikeys_view_present_create (GtkWidget *widget)
{
  PdActionTableView *view = PD_ACTION_TABLE_VIEW (widget);
  const char *kind_titles[PD_PRINCIPAL_LAST + 1] = { NULL };
  Form *f = g_new0 (Form, 1);
  PdFormDialog *dialog;
  GtkWidget *box, *group, *scope_row, *scope_box;

  dialog = pd_form_dialog_new (widget, pd_action_table_view_get_client (view), _("New API Key"),
                               _("A key for one system outside the agency. It may use only the scopes chosen, "
                                 "and only at its port when one is given."), _("C_reate"), FALSE);
  gtk_widget_set_name (GTK_WIDGET (dialog), "apikey-create-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "form", f, g_free);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  group = adw_preferences_group_new ();
  /* the service's list of principal kinds, in its order */
  for (guint k = 1; k < PD_PRINCIPAL_LAST; k++)
    kind_titles[k - 1] = kinds[k].title != NULL ? kinds[k].title : pd_principal_kind_to_string (k);
  f->kind = ADW_COMBO_ROW (combo_row ("apikey-kind", _("_Kind"), kind_titles));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (f->kind));
  f->name = GTK_EDITABLE (entry_row ("apikey-name", _("_Name (company, feed or device)")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (f->name));
  f->port = GTK_EDITABLE (entry_row ("apikey-port", _("_Port code (empty: any port)")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (f->port));
  gtk_box_append (GTK_BOX (box), group);
  /* what it may do */
  scope_row = gtk_label_new (_("Scopes"));
  gtk_widget_add_css_class (scope_row, "heading");
  gtk_label_set_xalign (GTK_LABEL (scope_row), 0);
  gtk_box_append (GTK_BOX (box), scope_row);
  scope_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  for (guint i = 0; i < G_N_ELEMENTS (f->scopes); i++)
    {
      g_autofree char *name = g_strconcat ("apikey-scope-", scopes[i], NULL);

      f->scopes[i] = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_(scope_titles[i])));
      gtk_widget_set_name (GTK_WIDGET (f->scopes[i]), name);
      g_signal_connect_swapped (f->scopes[i], "toggled", G_CALLBACK (form_changed), dialog);
      gtk_box_append (GTK_BOX (scope_box), GTK_WIDGET (f->scopes[i]));
    }
  gtk_box_append (GTK_BOX (box), scope_box);

  /* a device at a gate is bound to it */
  f->gate_rows = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (f->gate_rows), _("Gate"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (f->gate_rows),
                                         _("Where the camera stands (required for a gate device). Its captures "
                                           "are matched against that gate's flights; it needs a port and the TVS "
                                           "scope."));
  f->mode = ADW_COMBO_ROW (combo_row ("apikey-mode", _("_Mode"), mode_titles));
  f->terminal = GTK_EDITABLE (entry_row ("apikey-terminal", _("_Terminal")));
  f->gate = GTK_EDITABLE (entry_row ("apikey-gate", _("_Gate")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (f->gate_rows), GTK_WIDGET (f->mode));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (f->gate_rows), GTK_WIDGET (f->terminal));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (f->gate_rows), GTK_WIDGET (f->gate));
  gtk_box_append (GTK_BOX (box), f->gate_rows);

  pd_form_dialog_add_widget (dialog, box);
  g_signal_connect_swapped (f->kind, "notify::selected", G_CALLBACK (kind_changed), dialog);
  g_signal_connect_swapped (f->name, "changed", G_CALLBACK (form_changed), dialog);
  g_signal_connect_swapped (f->gate, "changed", G_CALLBACK (form_changed), dialog);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (create_submit), view, 0);
  kind_changed (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, -1);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (f->name));
}

static void
new_key_clicked (GtkButton *button,
                 GtkWidget *view)
{
  pd_apikeys_view_present_create (view);
}

GtkWidget *
pd_apikeys_view_new (PdServiceClient *client)
{
  GtkWidget *view = pd_action_table_view_new (client, &spec);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_New Key…"));

  gtk_widget_set_name (button, "apikeys-new");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  g_signal_connect (button, "clicked", G_CALLBACK (new_key_clicked), view);
  pd_action_table_view_add_header_widget (PD_ACTION_TABLE_VIEW (view), button);
  return view;
}
