/* pd-lpr-view.c: the LPR analyst's view
 *
 * First, on the first sign-in after a grant, the entitlement's access
 * notice, acknowledged once.  Then four pages: Alerts (hits and possible
 * hits, the look-alike shown beside the listed plate, each disposed of
 * with a reason; new ones live), Displays (the analyst's hotlists with
 * what falls due, the selected display's items: add, re-validate, remove),
 * Query (a case picker, the parameters, the cached results, the selected
 * result saved to the case) and Cases (open one, close it, what was saved
 * and when).  Everything goes through the service's routes; refusals show
 * as the service words them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-lpr-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-json.h"
#include "pd-lpr-view.h"
#include "pd-table-view.h"
#include "pd-view.h"

struct _PdLprView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;
  GtkStack        *outer;          /* "notice", "pages" */
  GtkLabel        *notice_text;
  gint64           notice_id;
  GtkStack        *pages;
  PdTableView     *alerts, *displays, *items, *results, *cases, *saved;
  GtkDropDown     *disposition;
  GtkEntry        *reason;
  GtkEntry        *display_name, *display_reason, *item_plate, *item_state, *item_reason, *item_expires;
  GtkDropDown     *case_picker;
  GtkStringList   *case_names;
  GArray          *case_ids;       /* gint64, beside case_names */
  GtkEntry        *q_plate, *q_address, *q_make, *q_model, *q_from, *q_to;
  GtkCheckButton  *q_look_alikes;
  gint64           query_id;
  GtkEntry        *case_number, *case_title;
  GtkLabel        *status;
  char            *message;
  guint            pending;
};

static void pd_lpr_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdLprView, pd_lpr_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_lpr_view_view_init))

static const char * const dispositions[] = { "confirmed", "misread", "not-relevant" };

/* "Hit", or "Possible hit: 8 read for B" (the look-alikes and the state) */
static char *
format_kind (JsonObject *row,
             const char *member)
{
  g_autoptr(GString) s = NULL;
  JsonArray *look = pd_json_array (row, "look_alikes");

  if (g_strcmp0 (pd_json_str (row, "kind"), "hit") == 0)
    return g_strdup (_("Hit"));
  s = g_string_new (_("Possible hit:"));
  for (guint i = 0; look != NULL && i < json_array_get_length (look); i++)
    {
      JsonObject *l = json_array_get_object_element (look, i);
      /* Translators: a character the camera read, and the listed one it may stand for */
      g_string_append_printf (s, _(" %s read for %s"), pd_json_str (l, "read"), pd_json_str (l, "listed"));
    }
  if (pd_json_bool (row, "state_differs"))
    g_string_append_printf (s, _(" state %s, listed %s"), pd_json_str (row, "state"), pd_json_str (row, "listed_state"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* "7ABC123 CA": a plate with its state (@member: "plate" or "listed_plate") */
static char *
format_plate (JsonObject *row,
              const char *member)
{
  return g_strdup_printf ("%s %s", pd_json_str (row, member),
                          pd_json_str (row, g_str_equal (member, "plate") ? "state" : "listed_state"));
}

static char *
format_due (JsonObject *row,
            const char *member)
{
  return g_strdup (pd_json_int (row, "due", 0) != 0 ? _("Re-validate soon") : "");
}

static const PdTableColumn alert_columns[] = {
  { "kind",         N_("Alert"),       TRUE,  format_kind, FALSE, 28 },
  { "plate",        N_("Read"),        FALSE, format_plate, FALSE, 11 },
  { "listed_plate", N_("Listed"),      FALSE, format_plate, FALSE, 11 },
  { "display",      N_("Display"),     FALSE, NULL, FALSE, 14 },
  PD_TABLE_TIME_COLUMN ("last_read_at", N_("Last read")),
  { "reads",        N_("Reads"),       FALSE, NULL, TRUE, 5 },
  { "disposition",  N_("Disposition"), FALSE, NULL, FALSE, 11 },
};

static const PdTableColumn display_columns[] = {
  { "name",        N_("Display"),        TRUE,  NULL, FALSE, 16 },
  { "owner",       N_("Owner"),          FALSE, NULL, FALSE, 10 },
  { "items",       N_("Items"),          FALSE, NULL, TRUE, 6 },
  { "due",         N_("Due soon"),       FALSE, NULL, TRUE, 7 },
  { "last_review", N_("Last review"),    FALSE, NULL, FALSE, 9 },
};

static const PdTableColumn item_columns[] = {
  { "plate",        N_("Plate"),         FALSE, NULL, FALSE, 9 },
  { "state",        N_("State"),         FALSE, NULL, FALSE, 5 },
  { "reason",       N_("Reason"),        TRUE,  NULL, FALSE, 16 },
  PD_TABLE_TIME_COLUMN ("validated_at", N_("Validated")),
  PD_TABLE_TIME_COLUMN ("valid_until",  N_("Valid until")),
  { "due",          N_("Due"),           FALSE, format_due, FALSE, 12 },
};

static const PdTableColumn read_columns[] = {
  { "plate",          N_("Plate"),       FALSE, NULL, FALSE, 9 },
  { "state",          N_("State"),       FALSE, NULL, FALSE, 5 },
  PD_TABLE_TIME_COLUMN ("observed_at",    N_("Seen")),
  { "reader_address", N_("Where"),       TRUE,  NULL, FALSE, 16 },
  { "make",           N_("Make"),        FALSE, NULL, FALSE, 9 },
  { "model",          N_("Model"),       FALSE, NULL, FALSE, 9 },
  { "camera_owner",   N_("Camera owner"), FALSE, NULL, FALSE, 10 },
};

static const PdTableColumn saved_columns[] = {
  { "plate",          N_("Plate"),       FALSE, NULL, FALSE, 9 },
  { "state",          N_("State"),       FALSE, NULL, FALSE, 5 },
  PD_TABLE_TIME_COLUMN ("observed_at",    N_("Seen")),
  { "reader_address", N_("Where"),       TRUE,  NULL, FALSE, 16 },
  { "saved_by",       N_("Saved by"),    FALSE, NULL, FALSE, 10 },
  PD_TABLE_TIME_COLUMN ("saved_at",       N_("Saved")),
};

static const PdTableColumn case_columns[] = {
  { "number",        N_("Case or event"), FALSE, NULL, FALSE, 12 },
  { "title",         N_("Title"),         TRUE,  NULL, FALSE, 16 },
  PD_TABLE_TIME_COLUMN ("opened_at",     N_("Opened")),
  PD_TABLE_TIME_COLUMN ("closed_at",     N_("Closed")),
  { "saved",         N_("Saved"),         FALSE, NULL, TRUE, 6 },
  PD_TABLE_TIME_COLUMN ("last_saved_at", N_("Last saved")),
};

static void
set_message (PdLprView *self,
             const char *text,
             gboolean    error)
{
  pd_view_show_message (self->status, &self->message, text, error);
}

static const char *
text_of (GtkEntry *entry)
{
  const char *t = gtk_editable_get_text (GTK_EDITABLE (entry));

  return *t != '\0' ? t : NULL;
}

/* --- one call, its message, what it reloads ----------------------------------------- */

typedef void (*Then) (PdLprView *self, JsonNode *reply);

typedef struct {
  PdLprView   *self;
  char        *done;
  Then         then;
  PdTableView *reload[2];
} Call;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Call *c = data;
  g_autoptr(PdLprView) self = c->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->pending--;
      if (error != NULL)
        set_message (self, error->message, TRUE);
      else
        {
          if (c->done != NULL)
            set_message (self, c->done, FALSE);
          for (guint i = 0; i < G_N_ELEMENTS (c->reload); i++)
            if (c->reload[i] != NULL)
              pd_table_view_reload (c->reload[i]);
          if (c->then != NULL)
            c->then (self, reply);
        }
    }
  g_free (c->done);
  g_free (c);
}

static void
call (PdLprView    *self,
      const char   *method,
      const char   *path,
      JsonBuilder  *body,         /* NULL: none */
      const char   *done,
      Then          then,
      PdTableView  *reload1,
      PdTableView  *reload2)
{
  Call *c = g_new0 (Call, 1);

  c->self = g_object_ref (self);
  c->done = g_strdup (done);
  c->then = then;
  c->reload[0] = reload1;
  c->reload[1] = reload2;
  self->pending++;
  pd_service_client_call_async (self->client, method, path, body != NULL ? json_builder_get_root (body) : NULL,
                                self->cancellable, call_done, c);
}

/* A builder for an object of the given non-NULL string members. */
static JsonBuilder *
object_of (const char *first,
           ...)
{
  JsonBuilder *b = json_builder_new ();
  va_list ap;

  json_builder_begin_object (b);
  va_start (ap, first);
  for (const char *name = first; name != NULL; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      if (value != NULL)
        pd_json_builder_add_string (b, name, value);
    }
  va_end (ap);
  json_builder_end_object (b);
  return b;
}

/* --- the access notice ------------------------------------------------------------ */

static void
session_loaded (PdLprView *self,
                JsonNode  *reply)
{
  JsonArray *notices = pd_json_array (json_node_get_object (reply), "notices");

  if (notices != NULL && json_array_get_length (notices) > 0)
    {
      JsonObject *n = json_array_get_object_element (notices, 0);

      self->notice_id = pd_json_int (n, "entitlement", 0);
      gtk_label_set_text (self->notice_text, pd_json_str (n, "text"));
      gtk_stack_set_visible_child_name (self->outer, "notice");
      return;
    }
  gtk_stack_set_visible_child_name (self->outer, "pages");
  pd_lpr_view_reload_all (self);
}

static void
load_session (PdLprView *self)
{
  call (self, "GET", "/v1/session", NULL, NULL, session_loaded, NULL, NULL);
}

static void
acknowledged (PdLprView *self,
              JsonNode  *reply)
{
  load_session (self);
}

void
pd_lpr_view_acknowledge (PdLprView *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_LPR_VIEW (self));
  path = g_strdup_printf ("/v1/entitlements/%" G_GINT64_FORMAT "/acknowledge", self->notice_id);
  call (self, "POST", path, NULL, _("Acknowledged."), acknowledged, NULL, NULL);
}

gboolean
pd_lpr_view_get_notice_shown (PdLprView *self)
{
  g_return_val_if_fail (PD_IS_LPR_VIEW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->outer), "notice") == 0;
}

/* --- alerts ----------------------------------------------------------------------- */

void
pd_lpr_view_dispose_alert (PdLprView  *self,
                           const char *disposition,
                           const char *reason)
{
  JsonObject *row;
  g_autofree char *path = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  g_return_if_fail (PD_IS_LPR_VIEW (self));
  if ((row = pd_table_view_get_selected (self->alerts)) == NULL)
    {
      set_message (self, _("Select an alert first."), TRUE);
      return;
    }
  path = g_strdup_printf ("/v1/lpr/alerts/%" G_GINT64_FORMAT "/disposition", pd_json_int (row, "id", 0));
  b = object_of ("disposition", disposition, "reason", reason, NULL);
  call (self, "POST", path, b, _("Disposition recorded."), NULL, self->alerts, NULL);
}

static void
dispose_clicked (PdLprView *self)
{
  pd_lpr_view_dispose_alert (self, dispositions[gtk_drop_down_get_selected (self->disposition)],
                             gtk_editable_get_text (GTK_EDITABLE (self->reason)));
}

/* --- displays and items ------------------------------------------------------------- */

static gint64
selected_id (PdTableView *table)
{
  JsonObject *row = pd_table_view_get_selected (table);

  return row != NULL ? pd_json_int (row, "id", 0) : 0;
}

static void
display_selected (PdLprView *self)
{
  g_autofree char *path = NULL;
  gint64 id = selected_id (self->displays);

  if (id == 0)
    return;
  path = g_strdup_printf ("/v1/lpr/displays/%" G_GINT64_FORMAT, id);
  pd_table_view_set_path (self->items, path);
}

static void
display_created (PdLprView *self,
                 JsonNode  *reply)
{
  set_message (self, pd_json_str (json_node_get_object (reply), "notice"), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->display_name), "");
  gtk_editable_set_text (GTK_EDITABLE (self->display_reason), "");
}

static void
create_display_clicked (PdLprView *self)
{
  g_autoptr(JsonBuilder) b = object_of ("name", gtk_editable_get_text (GTK_EDITABLE (self->display_name)),
                                        "reason", gtk_editable_get_text (GTK_EDITABLE (self->display_reason)), NULL);

  call (self, "POST", "/v1/lpr/displays", b, NULL, display_created, self->displays, NULL);
}

static void
add_item_clicked (PdLprView *self)
{
  gint64 id = selected_id (self->displays);
  g_autofree char *path = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  if (id == 0)
    {
      set_message (self, _("Select a display first."), TRUE);
      return;
    }
  path = g_strdup_printf ("/v1/lpr/displays/%" G_GINT64_FORMAT "/items", id);
  b = object_of ("plate", gtk_editable_get_text (GTK_EDITABLE (self->item_plate)),
                 "state", gtk_editable_get_text (GTK_EDITABLE (self->item_state)),
                 "reason", gtk_editable_get_text (GTK_EDITABLE (self->item_reason)),
                 "expires", text_of (self->item_expires), NULL);
  call (self, "POST", path, b, _("Plate added."), NULL, self->items, self->displays);
}

static void
item_action (PdLprView *self,
             gboolean   remove)
{
  gint64 id = selected_id (self->items);
  g_autofree char *path = NULL;

  if (id == 0)
    {
      set_message (self, _("Select a plate first."), TRUE);
      return;
    }
  path = g_strdup_printf ("/v1/lpr/items/%" G_GINT64_FORMAT "%s", id, remove ? "" : "/validate");
  call (self, remove ? "DELETE" : "POST", path, NULL,
        remove ? _("Plate removed from the display.") : _("Re-validated for another year."), NULL, self->items,
        self->displays);
}

static void
validate_clicked (PdLprView *self)
{
  item_action (self, FALSE);
}

static void
remove_clicked (PdLprView *self)
{
  item_action (self, TRUE);
}

/* --- cases and queries ------------------------------------------------------------- */

static void
cases_loaded (PdLprView *self,
              JsonNode  *reply)
{
  JsonArray *items = pd_json_array (json_node_get_object (reply), "items");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->case_names));

  g_array_set_size (self->case_ids, 0);
  gtk_string_list_splice (self->case_names, 0, n, NULL);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *c = json_array_get_object_element (items, i);
      g_autofree char *name = NULL;
      gint64 id = pd_json_int (c, "id", 0);

      if (pd_json_str (c, "closed_at") != NULL)
        continue;   /* queries need an open case */
      name = g_strdup_printf ("%s — %s", pd_json_str (c, "number"), pd_json_str (c, "title"));
      gtk_string_list_append (self->case_names, name);
      g_array_append_val (self->case_ids, id);
    }
}

static void
load_cases (PdLprView *self)
{
  call (self, "GET", "/v1/lpr/cases", NULL, NULL, cases_loaded, NULL, NULL);
}

static void
case_changed (PdLprView *self,
              JsonNode  *reply)
{
  load_cases (self);
}

static void
open_case_clicked (PdLprView *self)
{
  g_autoptr(JsonBuilder) b = object_of ("number", gtk_editable_get_text (GTK_EDITABLE (self->case_number)),
                                        "title", gtk_editable_get_text (GTK_EDITABLE (self->case_title)), NULL);

  call (self, "POST", "/v1/lpr/cases", b, _("Case opened."), case_changed, self->cases, NULL);
}

static void
close_case_clicked (PdLprView *self)
{
  gint64 id = selected_id (self->cases);
  g_autofree char *path = NULL;

  if (id == 0)
    {
      set_message (self, _("Select a case first."), TRUE);
      return;
    }
  path = g_strdup_printf ("/v1/lpr/cases/%" G_GINT64_FORMAT "/close", id);
  call (self, "POST", path, NULL, _("Case closed."), case_changed, self->cases, NULL);
}

static void
case_selected (PdLprView *self)
{
  g_autofree char *path = NULL;
  gint64 id = selected_id (self->cases);

  if (id == 0)
    return;
  path = g_strdup_printf ("/v1/lpr/cases/%" G_GINT64_FORMAT, id);
  pd_table_view_set_path (self->saved, path);
}

static void
query_done (PdLprView *self,
            JsonNode  *reply)
{
  g_autofree char *path = NULL;
  JsonObject *q = json_node_get_object (reply);
  g_autofree char *text = NULL, *until = pd_table_format_time (q, "expires_at");

  self->query_id = pd_json_int (q, "id", 0);
  path = g_strdup_printf ("/v1/lpr/queries/%" G_GINT64_FORMAT, self->query_id);
  pd_table_view_set_path (self->results, path);
  text = g_strdup_printf (ngettext ("%u read found. Results are kept for you until %s, then deleted unless you save "
                                    "them to the case.",
                                    "%u reads found. Results are kept for you until %s, then deleted unless you save "
                                    "them to the case.",
                                    json_array_get_length (pd_json_array (q, "items"))),
                          json_array_get_length (pd_json_array (q, "items")), until);
  set_message (self, text, FALSE);
}

void
pd_lpr_view_run_query (PdLprView  *self,
                       const char *plate,
                       gboolean    look_alikes,
                       const char *from)
{
  guint i;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_if_fail (PD_IS_LPR_VIEW (self));
  i = gtk_drop_down_get_selected (self->case_picker);
  if (i == GTK_INVALID_LIST_POSITION || i >= self->case_ids->len)
    {
      set_message (self, _("Every query needs an open case or event: open one on the Cases page."), TRUE);
      return;
    }
  json_builder_begin_object (b);
  pd_json_builder_add_int (b, "case", g_array_index (self->case_ids, gint64, i));
  pd_json_builder_add_string (b, "plate", plate);
  if (look_alikes)
    pd_json_builder_add_bool (b, "look_alikes", TRUE);
  pd_json_builder_add_string (b, "reader_address", text_of (self->q_address));
  pd_json_builder_add_string (b, "make", text_of (self->q_make));
  pd_json_builder_add_string (b, "model", text_of (self->q_model));
  pd_json_builder_add_string (b, "from", from);
  pd_json_builder_add_string (b, "to", text_of (self->q_to));
  json_builder_end_object (b);
  call (self, "POST", "/v1/lpr/queries", b, NULL, query_done, self->cases, NULL);
}

static void
query_clicked (PdLprView *self)
{
  pd_lpr_view_run_query (self, text_of (self->q_plate), gtk_check_button_get_active (self->q_look_alikes),
                         text_of (self->q_from));
}

void
pd_lpr_view_save_selected (PdLprView *self)
{
  gint64 id;
  g_autofree char *path = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_if_fail (PD_IS_LPR_VIEW (self));
  if ((id = selected_id (self->results)) == 0)
    {
      set_message (self, _("Select a relevant result first: nothing is saved automatically."), TRUE);
      return;
    }
  path = g_strdup_printf ("/v1/lpr/queries/%" G_GINT64_FORMAT "/save", self->query_id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "reads");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, id);
  json_builder_end_array (b);
  json_builder_end_object (b);
  call (self, "POST", path, b, _("Saved to the case."), NULL, self->cases, NULL);
}

/* --- building ---------------------------------------------------------------------- */

static GtkEntry *
entry (GtkWidget  *box,
       const char *placeholder,
       int         chars)
{
  GtkWidget *e = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (e), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (e), chars);
  gtk_box_append (GTK_BOX (box), e);
  return GTK_ENTRY (e);
}

static GtkWidget *
button (GtkWidget  *box,
        const char *label,
        GCallback   clicked,
        PdLprView  *self,
        gboolean    suggested)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  if (suggested)
    gtk_widget_add_css_class (b, "suggested-action");
  g_signal_connect_swapped (b, "clicked", clicked, self);
  gtk_box_append (GTK_BOX (box), b);
  return b;
}

static GtkWidget *
row_box (void)
{
  GtkWidget *b = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_start (b, 12);
  gtk_widget_set_margin_end (b, 12);
  return b;
}

static GtkWidget *
note (const char *text)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_add_css_class (l, "dim-label");
  gtk_widget_set_margin_start (l, 12);
  gtk_widget_set_margin_end (l, 12);
  gtk_widget_set_margin_top (l, 6);
  return l;
}

static PdTableView *
table (PdLprView           *self,
       GtkWidget           *box,
       const char          *path,
       const PdTableColumn *columns,
       guint                n)
{
  PdTableView *t = pd_table_view_new (self->client, path, columns, n, 10000);

  gtk_widget_set_vexpand (GTK_WIDGET (t), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (t));
  return t;
}

static GtkWidget *
build_alerts (PdLprView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = row_box ();
  const char *shown[] = { _("Confirmed"), _("Misread"), _("Not relevant"), NULL };

  gtk_box_append (GTK_BOX (box), note (_("A possible hit is a look-alike (O/0, I/1, B/8, S/5, Z/2) or another state: "
                                         "never a hit. No action is taken on commercially sourced LPR data alone.")));
  self->alerts = table (self, box, "/v1/lpr/alerts", alert_columns, G_N_ELEMENTS (alert_columns));
  self->disposition = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (shown));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->disposition));
  self->reason = entry (bar, _("Reason (kept with the disposition)"), 30);
  gtk_widget_set_hexpand (GTK_WIDGET (self->reason), TRUE);
  button (bar, _("_Record disposition"), G_CALLBACK (dispose_clicked), self, TRUE);
  gtk_box_append (GTK_BOX (box), bar);
  return box;
}

static GtkWidget *
build_displays (PdLprView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *create = row_box (), *add = row_box (), *actions = row_box ();

  self->displays = table (self, box, "/v1/lpr/displays", display_columns, G_N_ELEMENTS (display_columns));
  g_signal_connect_swapped (self->displays, "selected", G_CALLBACK (display_selected), self);
  self->display_name = entry (create, _("New display name"), 18);
  self->display_reason = entry (create, _("Why it is needed"), 24);
  gtk_widget_set_hexpand (GTK_WIDGET (self->display_reason), TRUE);
  button (create, _("_Create display"), G_CALLBACK (create_display_clicked), self, FALSE);
  gtk_box_append (GTK_BOX (box), create);
  /* the selected display's items (none until one is selected) */
  self->items = table (self, box, "/v1/lpr/displays/0", item_columns, G_N_ELEMENTS (item_columns));
  self->item_plate = entry (add, _("Plate"), 9);
  self->item_state = entry (add, _("State"), 4);
  self->item_reason = entry (add, _("Reason"), 20);
  gtk_widget_set_hexpand (GTK_WIDGET (self->item_reason), TRUE);
  self->item_expires = entry (add, _("Expires (optional)"), 11);
  button (add, _("_Add plate"), G_CALLBACK (add_item_clicked), self, FALSE);
  gtk_box_append (GTK_BOX (box), add);
  gtk_box_append (GTK_BOX (actions), note (_("Plates lapse a year after you last re-validated them; remove them as "
                                             "soon as they are no longer needed.")));
  button (actions, _("Re-_validate"), G_CALLBACK (validate_clicked), self, FALSE);
  button (actions, _("Re_move"), G_CALLBACK (remove_clicked), self, FALSE);
  gtk_box_append (GTK_BOX (box), actions);
  return box;
}

static GtkWidget *
build_query (PdLprView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *form = row_box (), *more = row_box (), *save = row_box ();

  self->case_names = gtk_string_list_new (NULL);
  self->case_picker = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->case_names)), NULL));
  gtk_widget_set_margin_top (form, 12);
  gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->case_picker));
  self->q_plate = entry (form, _("Plate"), 9);
  self->q_look_alikes = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Look-alikes too")));
  gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->q_look_alikes));
  self->q_from = entry (form, _("From (default: 30 days ago)"), 12);
  self->q_to = entry (form, _("To (default: today)"), 12);
  self->q_address = entry (more, _("Reader address"), 20);
  gtk_widget_set_hexpand (GTK_WIDGET (self->q_address), TRUE);
  self->q_make = entry (more, _("Make"), 10);
  self->q_model = entry (more, _("Model"), 10);
  button (more, _("_Search"), G_CALLBACK (query_clicked), self, TRUE);
  gtk_box_append (GTK_BOX (box), form);
  gtk_box_append (GTK_BOX (box), more);
  gtk_box_append (GTK_BOX (box), note (_("Every query is recorded with its parameters. History reaches back 5 years "
                                         "at most.")));
  self->results = table (self, box, "/v1/lpr/queries/0", read_columns, G_N_ELEMENTS (read_columns));
  button (save, _("Save selected to the _case"), G_CALLBACK (pd_lpr_view_save_selected), self, FALSE);
  gtk_box_append (GTK_BOX (box), save);
  return box;
}

static GtkWidget *
build_cases (PdLprView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = row_box ();

  self->cases = table (self, box, "/v1/lpr/cases", case_columns, G_N_ELEMENTS (case_columns));
  g_signal_connect_swapped (self->cases, "selected", G_CALLBACK (case_selected), self);
  self->case_number = entry (bar, _("Case or event number"), 14);
  self->case_title = entry (bar, _("Title"), 24);
  gtk_widget_set_hexpand (GTK_WIDGET (self->case_title), TRUE);
  button (bar, _("_Open case"), G_CALLBACK (open_case_clicked), self, FALSE);
  button (bar, _("C_lose case"), G_CALLBACK (close_case_clicked), self, FALSE);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), note (_("Saved to the selected case:")));
  self->saved = table (self, box, "/v1/lpr/cases/0", saved_columns, G_N_ELEMENTS (saved_columns));
  return box;
}

static GtkWidget *
build_notice (PdLprView *self)
{
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *ack = gtk_button_new_with_mnemonic (_("I have read this notice and _acknowledge it"));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "security-high-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("LPR access notice"));
  self->notice_text = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->notice_text, TRUE);
  gtk_label_set_max_width_chars (self->notice_text, 70);
  gtk_widget_add_css_class (ack, "suggested-action");
  gtk_widget_add_css_class (ack, "pill");
  gtk_widget_set_halign (ack, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (ack, "clicked", G_CALLBACK (pd_lpr_view_acknowledge), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->notice_text));
  gtk_box_append (GTK_BOX (box), ack);
  adw_status_page_set_child (ADW_STATUS_PAGE (page), box);
  return page;
}

static void
build (PdLprView *self)
{
  const PdViewPage pages[] = {
    { "alerts", _("Alerts"), build_alerts (self) },
    { "displays", _("Displays"), build_displays (self) },
    { "query", _("Query"), build_query (self) },
    { "cases", _("Cases"), build_cases (self) },
  };

  self->outer = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->outer, build_notice (self), "notice");
  gtk_stack_add_named (self->outer, pd_view_pages_new (pages, G_N_ELEMENTS (pages), &self->pages, &self->status),
                       "pages");
  gtk_stack_set_visible_child_name (self->outer, "pages");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->outer));
}

/* --- PdView, object, tests ---------------------------------------------------------- */

void
pd_lpr_view_reload_all (PdLprView *self)
{
  PdTableView *tables[] = { self->alerts, self->displays, self->cases };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    pd_table_view_reload (tables[i]);
  load_cases (self);
}

static void
pd_lpr_view_reload (PdView *view)
{
  PdLprView *self = PD_LPR_VIEW (view);

  pd_table_view_reload (self->alerts);
}

gboolean
pd_lpr_view_get_busy (PdLprView *self)
{
  g_return_val_if_fail (PD_IS_LPR_VIEW (self), FALSE);
  return self->pending > 0 || pd_table_view_get_loading (self->alerts);
}

static gboolean
view_get_busy (PdView *view)
{
  return pd_lpr_view_get_busy (PD_LPR_VIEW (view));
}

static void
pd_lpr_view_view_init (PdViewInterface *iface)
{
  iface->reload = pd_lpr_view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_lpr_view_dispose (GObject *object)
{
  PdLprView *self = PD_LPR_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pd_lpr_view_parent_class)->dispose (object);
}

static void
pd_lpr_view_finalize (GObject *object)
{
  PdLprView *self = PD_LPR_VIEW (object);

  g_clear_object (&self->client);
  g_clear_object (&self->case_names);
  g_array_unref (self->case_ids);
  g_free (self->message);
  G_OBJECT_CLASS (pd_lpr_view_parent_class)->finalize (object);
}

static void
pd_lpr_view_class_init (PdLprViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_lpr_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_lpr_view_finalize;
}

static void
pd_lpr_view_init (PdLprView *self)
{
  self->cancellable = g_cancellable_new ();
  self->case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

GtkWidget *
pd_lpr_view_new (PdServiceClient *client)
{
  PdLprView *self = g_object_new (PD_TYPE_LPR_VIEW, NULL);

  self->client = g_object_ref (client);
  build (self);
  load_session (self);
  return GTK_WIDGET (self);
}

void
pd_lpr_view_show_page (PdLprView  *self,
                       const char *page)
{
  g_return_if_fail (PD_IS_LPR_VIEW (self));
  gtk_stack_set_visible_child_name (self->pages, page);
}

PdTableView *
pd_lpr_view_get_table (PdLprView  *self,
                       const char *name)
{
  g_return_val_if_fail (PD_IS_LPR_VIEW (self), NULL);
  if (g_str_equal (name, "alerts"))
    return self->alerts;
  if (g_str_equal (name, "displays"))
    return self->displays;
  if (g_str_equal (name, "items"))
    return self->items;
  if (g_str_equal (name, "results"))
    return self->results;
  if (g_str_equal (name, "cases"))
    return self->cases;
  return g_str_equal (name, "saved") ? self->saved : NULL;
}

const char *
pd_lpr_view_get_message (PdLprView *self)
{
  g_return_val_if_fail (PD_IS_LPR_VIEW (self), NULL);
  return self->message;
}

guint
pd_lpr_view_get_n_open_cases (PdLprView *self)
{
  g_return_val_if_fail (PD_IS_LPR_VIEW (self), 0);
  return self->case_ids->len;
}
