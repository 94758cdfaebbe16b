/* pd-audit-view.c: the auditor's Audit view: the verification badge, a
 * filter bar with saved filters, the entries (newest first) with the
 * selected one's details, export and the quarter's sign-off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-audit-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-audit-view.h"
#include "pd-client.h"
#include "pd-clock.h"
#include "pd-json.h"
#include "pd-pane-call.h"
#include "pd-view.h"

static const PdTableColumn audit_columns[] = {
  { "seq",     N_("Entry"),   FALSE, NULL, TRUE,  6 },
  PD_TABLE_TIME_COLUMN ("at",      N_("Time")),
  { "actor",   N_("Actor"),   FALSE, NULL, FALSE, 12 },
  { "role",    N_("Role"),    FALSE, NULL, FALSE, 10 },
  { "action",  N_("Action"),  TRUE,  NULL, FALSE, 16 },
  { "object",  N_("Object"),  FALSE, NULL, FALSE, 12 },
  { "outcome", N_("Outcome"), FALSE, NULL, FALSE, 7 },
  { "client",  N_("Client"),  FALSE, NULL, FALSE, 10 },
};

/* The filter bar: the query member and its label, in order. */
static const struct { const char *member; const char *label; } filter_fields[] = {
  { "actor",   N_("_User") },
  { "role",    N_("_Role") },
  { "action",  N_("_Action") },
  { "object",  N_("O_bject") },
  { "outcome", N_("Ou_tcome") },
  { "client",  N_("_Client") },
  { "since",   N_("_From") },
  { "until",   N_("T_o") },
};
#define N_FIELDS G_N_ELEMENTS (filter_fields)

struct _PdAuditView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;
  GtkLabel        *badge;
  GtkEntry        *fields[N_FIELDS];
  GtkMenuButton   *saved_button;
  GtkListBox      *saved_list;
  GtkEntry        *save_name;
  PdTableView     *table;
  GtkTextView     *detail;
  GtkLabel        *status;
  char            *message;
  char            *query;        /* the filters applied, as "&name=value..." */
  char            *path;         /* the list with them */
  gint64           verified_at;  /* monotonic */
  guint            busy;
};

static void pd_audit_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAuditView, pd_audit_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_audit_view_view_init))

static void
show_message (PdAuditView *self,
              const char  *text,
              gboolean     error)
{
  pd_view_show_message (self->status, &self->message, text, error);
}

/* Runs a call and, when it ends, @done with the view (unless the view is
 * gone) and the answer or the error. */
typedef void (*DoneFunc) (PdAuditView *self, JsonNode *reply, const GError *error);

typedef struct {
  PdAuditView *self;
  DoneFunc     done;
} Call;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Call *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      c->self->busy--;
      c->done (c->self, reply, error);
    }
  g_object_unref (c->self);
  g_free (c);
}

static void
call (PdAuditView *self,
      const char  *method,
      const char  *path,
      JsonNode    *body,
      DoneFunc     done)
{
  Call *c = g_new0 (Call, 1);

  c->self = g_object_ref (self);
  c->done = done;
  self->busy++;
  pd_service_client_call_async (self->client, method, path, body, self->cancellable, call_done, c);
}

/* --- the verification badge --------------------------------------------------- */

static void
verify_done (PdAuditView    *self,
             JsonNode       *reply,
             const GError   *error)
{
  JsonObject *o = reply != NULL && JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;
  JsonObject *anchor = pd_json_obj (o, "anchor");
  const char *state = pd_json_str (anchor, "state");
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->badge), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge), "error");
  if (o == NULL)
    {
      gtk_label_set_text (self->badge, error != NULL ? error->message : _("The chain could not be verified."));
      gtk_widget_add_css_class (GTK_WIDGET (self->badge), "error");
      return;
    }
  when = pd_json_str (o, "last_signed_at") != NULL ? pd_table_format_time (o, "last_signed_at") : g_strdup ("—");
  if (pd_json_bool (o, "ok"))
    {
      const char *anchored = g_strcmp0 (state, "anchored") == 0 ? _("anchored")
                             : g_strcmp0 (state, "behind") == 0 ? _("anchor behind")
                             : _("no anchor");

      g_autofree char *entries = g_strdup_printf ("%" G_GINT64_FORMAT, pd_json_int (o, "entries", 0));
      g_autofree char *signed_seq = g_strdup_printf ("%" G_GINT64_FORMAT, pd_json_int (o, "last_signed_seq", 0));

      /* TRANSLATORS: "✔ Chain verified up to entry 52 · last signed checkpoint 50 at 2026-12-06 10:04 · anchored" */
      text = g_strdup_printf (_("✔ Chain verified up to entry %s · last signed checkpoint %s at %s · %s"),
                              entries, signed_seq, when, anchored);
      gtk_widget_add_css_class (GTK_WIDGET (self->badge), "success");
    }
  else
    {
      g_autofree char *bad = g_strdup_printf ("%" G_GINT64_FORMAT, pd_json_int (o, "first_bad_seq", 0));

      /* TRANSLATORS: the entry's number, then the service's explanation */
      text = g_strdup_printf (_("✘ Verification failed at entry %s: %s"), bad, pd_json_str (o, "problem"));
      gtk_widget_add_css_class (GTK_WIDGET (self->badge), "error");
    }
  gtk_label_set_text (self->badge, text);
}

static void
verify (PdAuditView *self)
{
  self->verified_at = g_get_monotonic_time ();
  gtk_label_set_text (self->badge, _("Verifying the chain…"));
  call (self, "GET", "/v1/audit/verify", NULL, verify_done);
}

/* --- filters ------------------------------------------------------------------ */

/* The filter bar as "&name=value..." (a time typed as YYYY-MM-DD is that
 * day's start, UTC). */
static char *
filter_query (PdAuditView *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *v = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->fields[i]))));

      if (*v == '\0')
        continue;
      if (i >= 6 && strlen (v) == 10)
        {
          char *t = g_strconcat (v, "T00:00:00Z", NULL);
          g_free (v);
          v = t;
        }
      g_string_append_c (s, '&');
      pd_client_query_add (s, filter_fields[i].member, v);
      if (s->str[s->len - 1] == '&')
        g_string_truncate (s, s->len - 1);
    }
  return g_string_free (s, FALSE);
}

static void
apply (PdAuditView *self)
{
  g_free (self->query);
  self->query = filter_query (self);
  g_free (self->path);
  self->path = g_strconcat ("/v1/audit?limit=200", self->query, NULL);
  show_message (self, NULL, FALSE);
  pd_table_view_set_path (self->table, self->path);
}

static void
set_fields (PdAuditView *self,
            JsonObject  *filter)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      const char *v = pd_json_str (filter, filter_fields[i].member);
      gtk_editable_set_text (GTK_EDITABLE (self->fields[i]), v != NULL ? v : "");
    }
}

static void load_saved (PdAuditView *self);

static void
saved_changed (PdAuditView   *self,
               JsonNode      *reply,
               const GError  *error)
{
  if (error != NULL)
    show_message (self, error->message, TRUE);
  else
    show_message (self, _("Saved filters updated."), FALSE);
  load_saved (self);
}

static void
saved_apply_clicked (GtkButton   *button,
                     PdAuditView *self)
{
  set_fields (self, g_object_get_data (G_OBJECT (button), "filter"));
  gtk_menu_button_popdown (self->saved_button);
  apply (self);
}

static void
saved_delete_clicked (GtkButton   *button,
                      PdAuditView *self)
{
  g_autofree char *esc = g_uri_escape_string (g_object_get_data (G_OBJECT (button), "name"), NULL, FALSE);
  g_autofree char *path = g_strconcat ("/v1/audit/filters/", esc, NULL);

  call (self, "DELETE", path, NULL, saved_changed);
}

static void
saved_done (PdAuditView   *self,
            JsonNode      *reply,
            const GError  *error)
{
  JsonArray *items = reply != NULL && JSON_NODE_HOLDS_OBJECT (reply) ?
                     pd_json_array (json_node_get_object (reply), "items") : NULL;

  pd_list_box_clear (self->saved_list);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *f = json_array_get_object_element (items, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *use = gtk_button_new_with_label (pd_json_str (f, "name"));
      GtkWidget *del = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_hexpand (use, TRUE);
      gtk_widget_add_css_class (use, "flat");
      gtk_widget_add_css_class (del, "flat");
      gtk_widget_set_tooltip_text (del, _("Delete this filter"));
      g_object_set_data_full (G_OBJECT (use), "filter", json_object_ref (pd_json_obj (f, "filter")),
                              (GDestroyNotify) json_object_unref);
      g_object_set_data_full (G_OBJECT (del), "name", g_strdup (pd_json_str (f, "name")), g_free);
      g_signal_connect (use, "clicked", G_CALLBACK (saved_apply_clicked), self);
      g_signal_connect (del, "clicked", G_CALLBACK (saved_delete_clicked), self);
      gtk_box_append (GTK_BOX (row), use);
      gtk_box_append (GTK_BOX (row), del);
      gtk_list_box_append (self->saved_list, row);
    }
  if (error != NULL)
    show_message (self, error->message, TRUE);
}

static void
load_saved (PdAuditView *self)
{
  call (self, "GET", "/v1/audit/filters", NULL, saved_done);
}

static void
save_current (PdAuditView *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->save_name));

  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "name", name);
  json_builder_set_member_name (b, "filter");
  json_builder_begin_object (b);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      const char *v = gtk_editable_get_text (GTK_EDITABLE (self->fields[i]));
      if (*v != '\0')
        pd_json_builder_add_string (b, filter_fields[i].member, v);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  gtk_editable_set_text (GTK_EDITABLE (self->save_name), "");
  call (self, "POST", "/v1/audit/filters", body, saved_changed);
}

/* --- the selected entry -------------------------------------------------------- */

static void
selected (PdAuditView *self)
{
  JsonObject *row = pd_table_view_get_selected (self->table);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (row != NULL)
    {
      node = json_node_init_object (json_node_alloc (), row);
      text = pd_json_to_string (node, TRUE);
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->detail),
                            text != NULL ? text : _("Select an entry to see its parameters and hashes."), -1);
}

/* --- export -------------------------------------------------------------------- */

typedef struct {
  PdAuditView *self;
  GFile       *file;
} Export;

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Export *e = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      e->self->busy--;
      if (reply != NULL)
        {
          /* CSV comes as the service wrote it; JSON is written out again */
          g_autofree char *text = JSON_NODE_HOLDS_VALUE (reply) ? g_strdup (json_node_get_string (reply)) :
                                  pd_json_to_string (reply, TRUE);

          g_file_replace_contents (e->file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL,
                                   &error);
        }
      if (error == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (e->file);
          g_autofree char *msg = g_strdup_printf (_("Exported the filtered entries with the checkpoint signatures to %s."),
                                                  name);
          show_message (e->self, msg, FALSE);
        }
      else
        show_message (e->self, error->message, TRUE);
    }
  g_object_unref (e->self);
  g_object_unref (e->file);
  g_free (e);
}

void
pd_audit_view_export (PdAuditView *self,
                      GFile       *file)
{
  Export *e = g_new0 (Export, 1);
  g_autofree char *name = g_file_get_basename (file);
  gboolean csv = name != NULL && g_str_has_suffix (name, ".csv");
  g_autofree char *path = g_strconcat ("/v1/audit/export?format=", csv ? "csv" : "json", self->query ? self->query : "",
                                       NULL);

  g_return_if_fail (PD_IS_AUDIT_VIEW (self));
  e->self = g_object_ref (self);
  e->file = g_object_ref (file);
  self->busy++;
  show_message (self, NULL, FALSE);
  pd_service_client_call_async (self->client, "GET", path, NULL, self->cancellable, export_done, e);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 PdAuditView     *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    pd_audit_view_export (self, file);
  g_object_unref (dialog);
}

static void
export_clicked (PdAuditView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export the Audit Entries"),
                                                              GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));

  GtkFileFilter *json = gtk_file_filter_new ();
  GtkFileFilter *csv = gtk_file_filter_new ();

  /* the name's ending chooses the format (pd_audit_view_export) */
  gtk_file_filter_set_name (json, _("JSON (.json)"));
  gtk_file_filter_add_suffix (json, "json");
  gtk_file_filter_set_name (csv, _("CSV (.csv)"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), json);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), csv);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "audit-export.json");
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* --- sign-off -------------------------------------------------------------------- */

static void
signoff_done (PdAuditView   *self,
              JsonNode      *reply,
              const GError  *error)
{
  if (error != NULL)
    show_message (self, error->message, TRUE);
  else
    {
      g_autofree char *up_to = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                pd_json_int (json_node_get_object (reply), "up_to_seq", 0));
      /* TRANSLATORS: "2026-Q3 signed off, up to entry 35." */
      g_autofree char *msg = g_strdup_printf (_("%s signed off, up to entry %s."),
                                              pd_json_str (json_node_get_object (reply), "quarter"), up_to);
      show_message (self, msg, FALSE);
    }
}

static void
signoff_response (AdwMessageDialog *dialog,
                  const char       *response,
                  PdAuditView      *self)
{
  GtkEditable *quarter = g_object_get_data (G_OBJECT (dialog), "quarter");
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "note");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  if (g_strcmp0 (response, "sign") != 0)
    return;
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "quarter", gtk_editable_get_text (quarter));
  pd_json_builder_add_string (b, "note", gtk_editable_get_text (note));
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  call (self, "POST", "/v1/audit/signoffs", body, signoff_done);
}

void
pd_audit_view_sign_off (PdAuditView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Sign Off the Quarter's Audit Review"),
                                              _("The sign-off records you, now, the last entry and that the chain "
                                                "verified. It is refused while the chain does not verify."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *quarter = gtk_entry_new ();
  GtkWidget *note = gtk_entry_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) last = g_date_time_add_months (now, -3);
  g_autofree char *q = pd_quarter_of (g_date_time_to_unix (last) * G_USEC_PER_SEC);

  gtk_editable_set_text (GTK_EDITABLE (quarter), q);
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("What the review found"));
  gtk_entry_set_activates_default (GTK_ENTRY (note), TRUE);
  gtk_box_append (GTK_BOX (box), quarter);
  gtk_box_append (GTK_BOX (box), note);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "sign", _("_Sign Off"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign");
  g_object_set_data (G_OBJECT (dialog), "quarter", quarter);
  g_object_set_data (G_OBJECT (dialog), "note", note);
  g_signal_connect_object (dialog, "response", G_CALLBACK (signoff_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (note);
}

/* --- building ------------------------------------------------------------------- */

static GtkWidget *
build_saved_menu (PdAuditView *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *save_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *title = gtk_label_new (_("Saved filters"));

  gtk_widget_add_css_class (title, "heading");
  self->saved_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->saved_list, GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (self->saved_list, gtk_label_new (_("None yet")));
  self->save_name = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->save_name, _("Save current as…"));
  g_signal_connect_swapped (self->save_name, "activate", G_CALLBACK (save_current), self);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_current), self);
  gtk_box_append (GTK_BOX (save_box), GTK_WIDGET (self->save_name));
  gtk_box_append (GTK_BOX (save_box), save);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->saved_list));
  gtk_box_append (GTK_BOX (box), save_box);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  self->saved_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_label (self->saved_button, _("Sa_ved Filters"));
  gtk_menu_button_set_use_underline (self->saved_button, TRUE);
  gtk_menu_button_set_popover (self->saved_button, popover);
  return GTK_WIDGET (self->saved_button);
}

static void
build (PdAuditView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *apply_button = gtk_button_new_with_mnemonic (_("A_pply"));
  GtkWidget *export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  GtkWidget *signoff_button = gtk_button_new_with_mnemonic (_("Sign Off the _Quarter…"));
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->badge = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->badge, 0);
  gtk_label_set_wrap (self->badge, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), "heading");

  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkWidget *label = gtk_label_new_with_mnemonic (_(filter_fields[i].label));

      self->fields[i] = GTK_ENTRY (gtk_entry_new ());
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->fields[i]));
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_set_hexpand (GTK_WIDGET (self->fields[i]), TRUE);
      if (i >= 6)
        gtk_entry_set_placeholder_text (self->fields[i], _("YYYY-MM-DD or an ISO 8601 time"));
      g_signal_connect_swapped (self->fields[i], "activate", G_CALLBACK (apply), self);
      gtk_grid_attach (GTK_GRID (grid), label, (i % 4) * 2, i / 4, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->fields[i]), (i % 4) * 2 + 1, i / 4, 1, 1);
    }
  gtk_widget_add_css_class (apply_button, "suggested-action");
  g_signal_connect_swapped (apply_button, "clicked", G_CALLBACK (apply), self);
  g_signal_connect_swapped (export_button, "clicked", G_CALLBACK (export_clicked), self);
  g_signal_connect_swapped (signoff_button, "clicked", G_CALLBACK (pd_audit_view_sign_off), self);
  gtk_box_append (GTK_BOX (buttons), apply_button);
  gtk_box_append (GTK_BOX (buttons), build_saved_menu (self));
  gtk_box_append (GTK_BOX (buttons), export_button);
  gtk_box_append (GTK_BOX (buttons), signoff_button);

  self->table = pd_table_view_new (self->client, self->path, audit_columns, G_N_ELEMENTS (audit_columns),
                                   5000);
  g_signal_connect_object (self->table, "selected", G_CALLBACK (selected), self, G_CONNECT_SWAPPED);
  self->detail = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->detail, FALSE);
  gtk_text_view_set_monospace (self->detail, TRUE);
  gtk_text_view_set_wrap_mode (self->detail, GTK_WRAP_CHAR);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->detail));
  gtk_widget_set_size_request (scroller, 260, -1);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (self->table));
  gtk_paned_set_end_child (GTK_PANED (paned), scroller);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_vexpand (paned, TRUE);

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  for (GtkWidget *w = GTK_WIDGET (self->badge); w != NULL;
       w = w == GTK_WIDGET (self->badge) ? grid : w == grid ? buttons : w == buttons ? GTK_WIDGET (self->status) : NULL)
    {
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_end (w, 12);
    }
  gtk_widget_set_margin_top (GTK_WIDGET (self->badge), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->badge));
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_append (GTK_BOX (box), paned);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  adw_bin_set_child (ADW_BIN (self), box);
  selected (self);
}

/* On Reload and on each new entry (PD_EVENT_AUDIT_APPENDED, see
 * pd-views.c): the entries again with the filters applied; the whole
 * chain is verified again at most every VERIFY_EVERY. */
#define VERIFY_EVERY (30 * G_USEC_PER_SEC)

static void
view_reload (PdView *view)
{
  PdAuditView *self = PD_AUDIT_VIEW (view);

  if (g_get_monotonic_time () - self->verified_at >= VERIFY_EVERY)
    verify (self);
  load_saved (self);
  pd_table_view_set_path (self->table, self->path);
}

static gboolean
view_get_busy (PdView *view)
{
  PdAuditView *self = PD_AUDIT_VIEW (view);

  return self->busy > 0 || pd_table_view_get_loading (self->table);
}

static void
pd_audit_view_view_init (PdViewInterface *iface)
{
  iface->reload = view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_audit_view_dispose (GObject *object)
{
  PdAuditView *self = PD_AUDIT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pd_audit_view_parent_class)->dispose (object);
}

static void
pd_audit_view_finalize (GObject *object)
{
  PdAuditView *self = PD_AUDIT_VIEW (object);

  g_clear_object (&self->client);
  g_free (self->message);
  g_free (self->query);
  g_free (self->path);
  G_OBJECT_CLASS (pd_audit_view_parent_class)->finalize (object);
}

static void
pd_audit_view_class_init (PdAuditViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_audit_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_audit_view_finalize;
}

static void
pd_audit_view_init (PdAuditView *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pd_audit_view_new (PdServiceClient *client)
{
  PdAuditView *self = g_object_new (PD_TYPE_AUDIT_VIEW, NULL);

  self->client = g_object_ref (client);
  self->query = g_strdup ("");
  self->path = g_strdup ("/v1/audit?limit=200");
  build (self);          /* the table loads the whole log, newest first */
  verify (self);
  load_saved (self);
  return GTK_WIDGET (self);
}

PdTableView *
pd_audit_view_get_table (PdAuditView *self)
{
  g_return_val_if_fail (PD_IS_AUDIT_VIEW (self), NULL);
  return self->table;
}

const char *
pd_audit_view_get_badge (PdAuditView *self)
{
  g_return_val_if_fail (PD_IS_AUDIT_VIEW (self), NULL);
  return gtk_label_get_text (self->badge);
}

void
pd_audit_view_set_field (PdAuditView *self,
                         const char  *member,
                         const char  *value)
{
  g_return_if_fail (PD_IS_AUDIT_VIEW (self));
  for (guint i = 0; i < N_FIELDS; i++)
    if (g_str_equal (filter_fields[i].member, member))
      gtk_editable_set_text (GTK_EDITABLE (self->fields[i]), value != NULL ? value : "");
}

void
pd_audit_view_apply (PdAuditView *self)
{
  g_return_if_fail (PD_IS_AUDIT_VIEW (self));
  apply (self);
}

char *
pd_audit_view_dup_detail (PdAuditView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (PD_IS_AUDIT_VIEW (self), NULL);
  buffer = gtk_text_view_get_buffer (self->detail);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

const char *
pd_audit_view_get_message (PdAuditView *self)
{
  g_return_val_if_fail (PD_IS_AUDIT_VIEW (self), NULL);
  return self->busy > 0 ? NULL : self->message;
}

guint
pd_audit_view_get_n_saved (PdAuditView *self)
{
  guint n = 0;

  g_return_val_if_fail (PD_IS_AUDIT_VIEW (self), 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->saved_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += GTK_IS_LIST_BOX_ROW (row) && gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)) != NULL &&
         GTK_IS_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
  return n;
}

void
pd_audit_view_save_filter (PdAuditView *self,
                           const char  *name)
{
  g_return_if_fail (PD_IS_AUDIT_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->save_name), name);
  save_current (self);
}
