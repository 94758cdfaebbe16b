/* pd-alerts-view.c: the TVS flow's view in the app: alerts and the flight board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-alerts-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-alerts-view.h"
#include "pd-json.h"
#include "pd-redress-dialog.h"
#include "pd-table-view.h"
#include "pd-view.h"

struct _PdAlertsView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;   /* the detail's fetch and disposition */
  GtkStack        *pages;
  PdTableView     *open_table, *history_table, *flights_table, *gates_table;
  GtkStack        *detail_stack;
  GtkLabel        *title, *where, *why, *traveller, *status;
  GtkPicture      *capture, *gallery;
  GtkWidget       *capture_none, *gallery_none;
  GtkWidget       *form;
  GtkDropDown     *disposition;
  GtkEntry        *reason;
  GtkCheckButton  *us_citizen;
  GtkButton       *dispose_button;
  gint64           selected;      /* the alert asked for */
  gint64           shown;         /* the alert the detail shows */
  char            *message;
  gboolean         busy;
};

static void pd_alerts_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAlertsView, pd_alerts_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_alerts_view_view_init))

/* in the order of the drop-down */
static const char * const disposition_ids[] = { "confirmed", "false-match", "biographic", "referred", NULL };

const char *
pd_tvs_alert_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "no-match") == 0)
    return _("No match");
  if (g_strcmp0 (kind, "watch-list") == 0)
    return _("Watch list: manual review");
  if (g_strcmp0 (kind, "ewi") == 0)
    return _("Probable entry without inspection");
  if (g_strcmp0 (kind, "opt-out") == 0)
    return _("Opted out: confirm biographically");
  return kind != NULL ? kind : "";
}

static char *
format_kind (JsonObject *row,
             const char *member)
{
  return g_strdup (pd_tvs_alert_kind_label (pd_json_str (row, member)));
}

static char *
format_place (JsonObject *row,
              const char *member)
{
  /* Translators: terminal, then gate or lane */
  return g_strdup_printf (_("T%s · %s"), pd_json_str (row, "terminal") ?: "?", pd_json_str (row, "gate") ?: "?");
}

static const PdTableColumn alert_columns[] = {
  PD_TABLE_TIME_COLUMN ("created_at",  N_("Time")),
  { "kind",        N_("Alert"),       TRUE,  format_kind, FALSE, 16 },
  { "flight",      N_("Flight"),      FALSE, NULL, FALSE, 7 },
  { "gate",        N_("Where"),       FALSE, format_place, FALSE, 10 },
};

static const PdTableColumn history_columns[] = {
  PD_TABLE_TIME_COLUMN ("created_at",  N_("Time")),
  { "kind",        N_("Alert"),       TRUE,  format_kind, FALSE, 16 },
  { "flight",      N_("Flight"),      FALSE, NULL, FALSE, 7 },
  { "disposition", N_("Disposition"), FALSE, NULL, FALSE, 11 },
  { "reason",      N_("Reason"),      TRUE,  NULL, FALSE, 16 },
};

/* A scheduled departure as the manifest gives it: the airport's own time,
 * no zone ("2026-12-06T21:47"), shown as it is, the T a space. */
static char *
format_departs (JsonObject *row,
                const char *member)
{
  char *s = g_strdup (pd_json_str (row, member) ?: "—");

  g_strdelimit (s, "T", ' ');
  return s;
}

static const PdTableColumn flight_columns[] = {
  { "flight",          N_("Flight"),          FALSE, NULL, FALSE, 7 },
  { "departs",         N_("Departs"),         FALSE, format_departs, FALSE, 16, TRUE },
  { "arrival",         N_("To"),              FALSE, NULL, FALSE, 5 },
  { "kind",            N_("Manifest"),        FALSE, NULL, FALSE, 10 },
  { "travellers",      N_("Expected"),        FALSE, NULL, TRUE, 6 },
  { "in_gallery",      N_("In gallery"),      FALSE, NULL, TRUE, 6 },
  { "biographic_only", N_("Biographic"),      FALSE, NULL, TRUE, 6 },
  { "confirmed",       N_("Confirmed"),       FALSE, NULL, TRUE, 6 },
  { "pending",         N_("Pending"),         FALSE, NULL, TRUE, 6 },
};

static char *
format_silent (JsonObject *row,
               const char *member)
{
  return g_strdup (pd_json_bool (row, member) ? _("Silent: check the device") : _("Reporting"));
}

static const PdTableColumn gate_columns[] = {
  { "terminal",  N_("Terminal"),    FALSE, NULL, FALSE, 6 },
  { "gate",      N_("Gate or lane"), FALSE, NULL, FALSE, 8 },
  { "mode",      N_("Mode"),        FALSE, NULL, FALSE, 8 },
  { "silent",    N_("Device"),      FALSE, format_silent, FALSE, 16 },
  PD_TABLE_TIME_COLUMN ("last_seen", N_("Last heard")),
  { "health",    N_("Health"),      TRUE,  NULL, FALSE, 16 },
};

static void
set_message (PdAlertsView *self,
             const char *text,
             gboolean    error)
{
  pd_view_show_message (self->status, &self->message, text, error);
}

/* A base64 photo into @picture, or @none shown instead. */
static void
show_photo (GtkPicture *picture,
            GtkWidget  *none,
            const char *base64)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (base64 != NULL)
    {
      gsize len;
      guchar *data = g_base64_decode (base64, &len);
      g_autoptr(GBytes) bytes = g_bytes_new_take (data, len);

      texture = gdk_texture_new_from_bytes (bytes, NULL);
    }
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (picture), texture != NULL);
  gtk_widget_set_visible (none, texture == NULL);
}

static void
show_alert (PdAlertsView *self,
            JsonObject   *a)
{
  JsonObject *t = pd_json_obj (a, "traveller");
  const char *disposition = pd_json_str (a, "disposition");
  gboolean opt_out = g_strcmp0 (pd_json_str (a, "kind"), "opt-out") == 0;
  g_autofree char *where = NULL, *who = NULL, *when = pd_table_format_time (a, "created_at");

  self->shown = pd_json_int (a, "id", 0);
  gtk_label_set_text (self->title, pd_tvs_alert_kind_label (pd_json_str (a, "kind")));
  /* Translators: flight, its date, the port, terminal, gate (or lane), the time of the alert */
  where = g_strdup_printf (_("Flight %s on %s · %s terminal %s, %s %s · %s"), pd_json_str (a, "flight"),
                           pd_json_str (a, "departure_date"), pd_json_str (a, "port"), pd_json_str (a, "terminal"),
                           pd_json_str (a, "mode"), pd_json_str (a, "gate"), when);
  gtk_label_set_text (self->where, where);
  gtk_label_set_text (self->why, g_strcmp0 (pd_json_str (a, "kind"), "watch-list") == 0 ?
                                 _("The capture matched a watch-list entry that a passenger analyst validated. It "
                                   "is not a finding: the traveller stays in manual review until you decide.") :
                                 g_strcmp0 (pd_json_str (a, "kind"), "ewi") == 0 ?
                                 _("The traveller matched a gallery photo, and the holdings have no lawful entry "
                                   "on record for them.") :
                      opt_out ? _("The traveller opted out of the photo or could not be photographed.") :
                                _("The capture matched nobody in the flight's gallery."));
  if (t != NULL)
    /* Translators: surname, given names, date of birth, nationality, document number and its country */
    who = g_strdup_printf (_("Manifest: %s, %s · born %s · %s · document %s (%s)"), pd_json_str (t, "surname"),
                           pd_json_str (t, "given_names"), pd_json_str (t, "birth_date") ?: "?",
                           pd_json_str (t, "nationality") ?: "?", pd_json_str (t, "document_number") ?: "?",
                           pd_json_str (t, "document_country") ?: "?");
  else if (opt_out)
    who = g_strdup (_("Check the traveller's document against the flight's manifest."));
  else
    who = g_strdup (_("Nobody on the flight's manifest matched: check the traveller's document."));
  gtk_label_set_text (self->traveller, who);
  show_photo (self->capture, self->capture_none, pd_json_str (a, "capture"));
  show_photo (self->gallery, self->gallery_none, pd_json_str (a, "gallery_photo"));
  gtk_label_set_text (GTK_LABEL (self->capture_none),
                      opt_out ? _("No photo: the traveller opted out or could not be photographed.") :
                      disposition != NULL ? _("The capture is not shown once the alert is disposed of.") :
                      _("No capture is kept."));
  gtk_label_set_text (GTK_LABEL (self->gallery_none), opt_out ? _("No photo to compare: confirm the traveller by "
                                                                  "the travel document.") :
                                                                _("No gallery photo: nobody on the manifest "
                                                                  "matched."));
  gtk_drop_down_set_selected (self->disposition, opt_out || t == NULL ? 2 : 0);
  gtk_widget_set_visible (self->form, disposition == NULL);
  if (disposition != NULL)
    {
      /* Translators: the disposition, its reason */
      g_autofree char *done = g_strdup_printf (_("Disposed: %s (%s)"), disposition, pd_json_str (a, "reason") ?: "");

      set_message (self, done, FALSE);
    }
  else
    set_message (self, NULL, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->reason), "");
  gtk_check_button_set_active (self->us_citizen, FALSE);
  gtk_stack_set_visible_child_name (self->detail_stack, "alert");
}

static void
fetch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(PdAlertsView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (reply == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "alert");
      set_message (self, error->message, TRUE);
      return;
    }
  show_alert (self, json_node_get_object (reply));
}

static void
fetch (PdAlertsView *self,
       gint64        id)
{
  g_autofree char *path = g_strdup_printf ("/v1/alerts/%" G_GINT64_FORMAT, id);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->selected = id;
  self->shown = 0;
  self->busy = TRUE;
  pd_service_client_call_async (self->client, "GET", path, NULL, self->cancellable, fetch_done, g_object_ref (self));
}

static void
selected_cb (PdAlertsView *self,
             PdTableView  *table)
{
  JsonObject *row = pd_table_view_get_selected (table);

  if (row != NULL && pd_json_int (row, "id", 0) != self->selected)
    fetch (self, pd_json_int (row, "id", 0));
}

/* Once loaded, the newest open alert is shown when none is. */
static void
loaded_cb (PdAlertsView *self)
{
  if (!pd_table_view_get_loading (self->open_table) && self->selected == 0 &&
      pd_table_view_get_n_rows (self->open_table) > 0)
    pd_table_view_select (self->open_table, 0);
}

static void
dispose_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(PdAlertsView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->dispose_button), TRUE);
  if (error != NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  pd_table_view_reload (self->open_table);
  pd_table_view_reload (self->history_table);
  fetch (self, self->selected);
}

void
pd_alerts_view_dispose_alert (PdAlertsView *self,
                              const char   *disposition,
                              const char   *reason,
                              gboolean      us_citizen)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_ALERTS_VIEW (self));

  if (self->shown == 0)
    return;
  path = g_strdup_printf ("/v1/alerts/%" G_GINT64_FORMAT "/disposition", self->shown);
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "disposition", disposition);
  pd_json_builder_add_string (b, "reason", reason);
  pd_json_builder_add_bool (b, "us_citizen", us_citizen);
  json_builder_end_object (b);
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->dispose_button), FALSE);
  pd_service_client_call_async (self->client, "POST", path, json_builder_get_root (b), self->cancellable,
                                dispose_done, g_object_ref (self));
}

static void
dispose_clicked (PdAlertsView *self)
{
  guint i = gtk_drop_down_get_selected (self->disposition);

  if (i >= G_N_ELEMENTS (disposition_ids) - 1)
    return;
  pd_alerts_view_dispose_alert (self, disposition_ids[i], gtk_editable_get_text (GTK_EDITABLE (self->reason)),
                                gtk_check_button_get_active (self->us_citizen));
}

/* --- building ------------------------------------------------------------------------ */

static GtkWidget *
photo_frame (const char  *title,
             GtkPicture **picture,
             GtkWidget  **none)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  *picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (*picture, TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (*picture), 200, 240);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*picture));
  *none = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (*none), TRUE);
  gtk_widget_set_size_request (*none, 200, 240);
  gtk_widget_add_css_class (*none, "dim-label");
  gtk_box_append (GTK_BOX (box), *none);
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

static GtkWidget *
build_detail (PdAlertsView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *photos = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *reminder, *scroller, *empty, *redress;
  static const char *labels[] = { N_("Confirmed"), N_("False match"), N_("Biographic: document checked"),
                                  N_("Referred"), NULL };
  const char *shown[G_N_ELEMENTS (labels)] = { NULL };

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-2");
  gtk_label_set_xalign (self->title, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title));
  self->where = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->where, 0);
  gtk_label_set_wrap (self->where, TRUE);
  gtk_label_set_selectable (self->where, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->where));
  self->why = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->why, 0);
  gtk_label_set_wrap (self->why, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->why));
  reminder = gtk_label_new (_("Never act on a face match alone: see the traveller and the travel document."));
  gtk_label_set_xalign (GTK_LABEL (reminder), 0);
  gtk_label_set_wrap (GTK_LABEL (reminder), TRUE);
  gtk_widget_add_css_class (reminder, "warning");
  gtk_box_append (GTK_BOX (box), reminder);
  gtk_box_append (GTK_BOX (photos), photo_frame (_("Capture at the gate"), &self->capture, &self->capture_none));
  gtk_box_append (GTK_BOX (photos), photo_frame (_("Gallery photo"), &self->gallery, &self->gallery_none));
  gtk_box_append (GTK_BOX (box), photos);
  self->traveller = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->traveller, 0);
  gtk_label_set_wrap (self->traveller, TRUE);
  gtk_label_set_selectable (self->traveller, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->traveller));
  redress = pd_redress_button_new (self->client);
  gtk_widget_set_halign (redress, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), redress);

  self->form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  for (guint i = 0; labels[i] != NULL; i++)
    shown[i] = _(labels[i]);
  self->disposition = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (shown));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->disposition), _("Disposition"));
  self->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->reason, _("Reason (kept with the disposition)"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->reason), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->disposition), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->form), GTK_WIDGET (self->disposition));
  gtk_box_append (GTK_BOX (self->form), GTK_WIDGET (self->reason));
  self->us_citizen = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
    _("The traveller is a _U.S. citizen (the capture is deleted now)")));
  gtk_box_append (GTK_BOX (self->form), GTK_WIDGET (self->us_citizen));
  self->dispose_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Dispose")));
  gtk_widget_add_css_class (GTK_WIDGET (self->dispose_button), "suggested-action");
  gtk_widget_set_halign (GTK_WIDGET (self->dispose_button), GTK_ALIGN_END);
  g_signal_connect_swapped (self->dispose_button, "clicked", G_CALLBACK (dispose_clicked), self);
  g_signal_connect_swapped (self->reason, "activate", G_CALLBACK (dispose_clicked), self);
  gtk_box_append (GTK_BOX (self->form), GTK_WIDGET (self->dispose_button));
  gtk_box_append (GTK_BOX (box), self->form);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "dialog-warning-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Select an alert"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("New alerts of your port appear in the list as they "
                                                               "are raised."));
  self->detail_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->detail_stack, empty, "empty");
  gtk_stack_add_named (self->detail_stack, scroller, "alert");
  gtk_widget_set_size_request (GTK_WIDGET (self->detail_stack), 400, -1);
  return GTK_WIDGET (self->detail_stack);
}

static PdTableView *
add_page (PdAlertsView        *self,
          const char          *name,
          const char          *title,
          const char          *path,
          const PdTableColumn *columns,
          guint                n_columns)
{
  PdTableView *table = pd_table_view_new (self->client, path, columns, n_columns, 500);

  gtk_stack_add_titled (self->pages, GTK_WIDGET (table), name, title);
  return table;
}

/* The flight board and the gates take the whole width: no alert beside them. */
static void
page_changed_cb (PdAlertsView *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);

  gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), g_strcmp0 (page, "alerts") == 0 ||
                                                           g_strcmp0 (page, "history") == 0);
}

static void
build (PdAlertsView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *switcher = gtk_stack_switcher_new ();
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);

  self->pages = GTK_STACK (gtk_stack_new ());
  self->open_table = add_page (self, "alerts", _("Open alerts"), "/v1/alerts", alert_columns,
                               G_N_ELEMENTS (alert_columns));
  self->history_table = add_page (self, "history", _("History"), "/v1/alerts?open=false", history_columns,
                                  G_N_ELEMENTS (history_columns));
  self->flights_table = add_page (self, "flights", _("Flights"), "/v1/flights", flight_columns,
                                  G_N_ELEMENTS (flight_columns));
  self->gates_table = add_page (self, "gates", _("Gates"), "/v1/gates", gate_columns, G_N_ELEMENTS (gate_columns));
  g_signal_connect_swapped (self->open_table, "selected", G_CALLBACK (selected_cb), self);
  g_signal_connect_swapped (self->open_table, "notify::loading", G_CALLBACK (loaded_cb), self);
  g_signal_connect_swapped (self->history_table, "selected", G_CALLBACK (selected_cb), self);
  g_signal_connect_swapped (self->pages, "notify::visible-child-name", G_CALLBACK (page_changed_cb), self);
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), self->pages);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_widget_set_margin_bottom (switcher, 6);
  gtk_box_append (GTK_BOX (box), switcher);
  gtk_widget_set_hexpand (GTK_WIDGET (self->pages), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->pages), 360, -1);
  gtk_widget_set_vexpand (GTK_WIDGET (self->pages), TRUE);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (self->pages));
  gtk_paned_set_end_child (GTK_PANED (paned), build_detail (self));
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_box_append (GTK_BOX (box), paned);
  adw_bin_set_child (ADW_BIN (self), box);
}

/* --- PdView, object, tests --------------------------------------------------------- */

static void
pd_alerts_view_reload (PdView *view)
{
  PdAlertsView *self = PD_ALERTS_VIEW (view);

  pd_table_view_reload (self->open_table);
  pd_table_view_reload (self->history_table);
  pd_table_view_reload (self->flights_table);
  pd_table_view_reload (self->gates_table);
}

static gboolean
pd_alerts_view_get_busy (PdView *view)
{
  PdAlertsView *self = PD_ALERTS_VIEW (view);

  return self->busy || pd_table_view_get_loading (self->open_table);
}

static void
pd_alerts_view_view_init (PdViewInterface *iface)
{
  iface->reload = pd_alerts_view_reload;
  iface->get_busy = pd_alerts_view_get_busy;
}

static void
pd_alerts_view_dispose (GObject *object)
{
  PdAlertsView *self = PD_ALERTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pd_alerts_view_parent_class)->dispose (object);
}

static void
pd_alerts_view_finalize (GObject *object)
{
  PdAlertsView *self = PD_ALERTS_VIEW (object);

  g_clear_object (&self->client);
  g_free (self->message);
  G_OBJECT_CLASS (pd_alerts_view_parent_class)->finalize (object);
}

static void
pd_alerts_view_class_init (PdAlertsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_alerts_view_dispose;
  object_class->finalize = pd_alerts_view_finalize;
}

static void
pd_alerts_view_init (PdAlertsView *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pd_alerts_view_new (PdServiceClient *client)
{
  PdAlertsView *self = g_object_new (PD_TYPE_ALERTS_VIEW, NULL);

  self->client = g_object_ref (client);
  build (self);
  return GTK_WIDGET (self);
}

guint
pd_alerts_view_get_n_alerts (PdAlertsView *self)
{
  g_return_val_if_fail (PD_IS_ALERTS_VIEW (self), 0);
  return pd_table_view_get_n_rows (self->open_table);
}

gboolean
pd_alerts_view_select (PdAlertsView *self,
                       guint         row)
{
  g_return_val_if_fail (PD_IS_ALERTS_VIEW (self), FALSE);
  return pd_table_view_select (self->open_table, row);
}

gint64
pd_alerts_view_get_shown (PdAlertsView *self)
{
  g_return_val_if_fail (PD_IS_ALERTS_VIEW (self), 0);
  return self->busy ? 0 : self->shown;
}

const char *
pd_alerts_view_get_message (PdAlertsView *self)
{
  g_return_val_if_fail (PD_IS_ALERTS_VIEW (self), NULL);
  return self->message;
}

void
pd_alerts_view_show_page (PdAlertsView *self,
                          const char   *page)
{
  g_return_if_fail (PD_IS_ALERTS_VIEW (self));
  gtk_stack_set_visible_child_name (self->pages, page);
}
