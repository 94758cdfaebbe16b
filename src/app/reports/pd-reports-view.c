/* pd-reports-view.c: the Reports view: the reports the user's role may
 * run (GET /v1/reports), one of them for a date range and grouping, each
 * series a chart with its numbers beside it; CSV export and a printable
 * PDF drawn by the same chart code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-reports-view"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "pd-client.h"
#include "pd-json.h"
#include "pd-report.h"
#include "pd-report-chart.h"
#include "pd-reports-view.h"
#include "pd-view.h"

#define PDF_W 842.0   /* A4 landscape, points */
#define PDF_H 595.0

struct _PdReportsView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;
  GtkDropDown     *picker, *by;
  GtkStringList   *names, *titles, *dims;
  GtkEntry        *from, *to;
  GtkWidget       *csv_button, *pdf_button;
  GtkBox          *body;
  GtkLabel        *status;
  JsonNode        *list;       /* GET /v1/reports */
  JsonNode        *report;     /* the last report */
  char            *error;
  gboolean         busy;
  guint            n_drawn;    /* charts drawn on screen */
};

static void pd_reports_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdReportsView, pd_reports_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_reports_view_view_init))

static void
set_status (PdReportsView *self,
            const char    *text,
            gboolean       error)
{
  pd_view_show_message (self->status, &self->error, text, error);
}

static JsonArray *
series_of (PdReportsView *self)
{
  return self->report != NULL ? pd_json_array (json_node_get_object (self->report), "series") : NULL;
}

static void
draw_series (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  PdReportsView *self = g_object_get_data (G_OBJECT (area), "view");
  JsonObject *series = data;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  pd_report_chart_draw (cr, layout, series, width, height, &fg);
  self->n_drawn++;
}

/* The numbers of @series in a grid: its columns, then its rows. */
static GtkWidget *
numbers (JsonObject *series)
{
  GtkWidget *grid = gtk_grid_new ();
  JsonArray *columns = pd_json_array (series, "columns");
  JsonArray *rows = pd_json_array (series, "rows");

  gtk_grid_set_column_spacing (GTK_GRID (grid), 14);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_add_css_class (grid, "numeric");
  for (guint c = 0; c < json_array_get_length (columns); c++)
    {
      GtkWidget *head = gtk_label_new (c == 0 ? "" : json_array_get_string_element (columns, c));

      gtk_widget_add_css_class (head, "caption-heading");
      gtk_label_set_xalign (GTK_LABEL (head), c == 0 ? 0 : 1);
      gtk_grid_attach (GTK_GRID (grid), head, c, 0, 1, 1);
    }
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);

      for (guint c = 0; c < json_array_get_length (row); c++)
        {
          g_autofree char *text = pd_report_cell_text (json_array_get_element (row, c), FALSE);
          GtkWidget *label = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
          gtk_label_set_selectable (GTK_LABEL (label), TRUE);
          if (c == 0)
            gtk_widget_add_css_class (label, "dim-label");
          gtk_grid_attach (GTK_GRID (grid), label, c, r + 1, 1, 1);
        }
    }
  return grid;
}

static void
fill_body (PdReportsView *self)
{
  JsonArray *series = series_of (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->body))) != NULL)
    gtk_box_remove (self->body, child);
  for (guint i = 0; series != NULL && i < json_array_get_length (series); i++)
    {
      JsonObject *s = json_array_get_object_element (series, i);
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      GtkWidget *title = gtk_label_new (pd_json_str (s, "title"));
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
      GtkWidget *area = gtk_drawing_area_new ();
      GtkWidget *scroller = gtk_scrolled_window_new ();
      gboolean heat = g_strcmp0 (pd_json_str (s, "chart"), "heat") == 0;

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      g_object_set_data (G_OBJECT (area), "view", self);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 240);
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 420);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_series, json_object_ref (s),
                                      (GDestroyNotify) json_object_unref);
      gtk_widget_set_hexpand (area, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      pd_json_str (s, "title"), -1);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), !heat);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), numbers (s));
      gtk_widget_set_size_request (scroller, heat ? 200 : -1, -1);
      gtk_box_append (GTK_BOX (row), area);
      gtk_box_append (GTK_BOX (row), scroller);
      gtk_widget_set_margin_start (row, 12);
      gtk_widget_set_margin_end (row, 12);
      gtk_widget_set_margin_bottom (row, 12);
      gtk_widget_set_margin_start (title, 12);
      gtk_widget_set_margin_top (title, 12);
      gtk_box_append (GTK_BOX (card), title);
      gtk_box_append (GTK_BOX (card), row);
      gtk_box_append (self->body, card);
    }
  gtk_widget_set_sensitive (self->csv_button, self->report != NULL);
  gtk_widget_set_sensitive (self->pdf_button, self->report != NULL);
}

static void
report_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdReportsView) self = data;
  g_autoptr(GError) error = NULL;
  JsonNode *reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  g_clear_pointer (&self->report, json_node_unref);
  if (reply == NULL)
    set_status (self, error->message, TRUE);
  else
    {
      JsonObject *o = json_node_get_object (reply);
      g_autofree char *text = NULL;

      self->report = reply;
      text = pd_json_str (o, "port") != NULL ?
             g_strdup_printf (_("%s to %s, by %s, port %s. Days are UTC."), pd_json_str (o, "from"),
                              pd_json_str (o, "to"), pd_json_str (o, "by"), pd_json_str (o, "port")) :
             g_strdup_printf (_("%s to %s, by %s, every port. Days are UTC."), pd_json_str (o, "from"),
                              pd_json_str (o, "to"), pd_json_str (o, "by"));
      set_status (self, text, FALSE);
    }
  fill_body (self);
}

static const char *
selected_name (PdReportsView *self)
{
  guint i = gtk_drop_down_get_selected (self->picker);

  return i < g_list_model_get_n_items (G_LIST_MODEL (self->names)) ? gtk_string_list_get_string (self->names, i) :
                                                                     NULL;
}

void
pd_reports_view_load (PdReportsView *self,
                      const char    *name,
                      const char    *from,
                      const char    *to,
                      const char    *by)
{
  g_autoptr(GString) path = g_string_new ("/v1/reports/");

  g_return_if_fail (PD_IS_REPORTS_VIEW (self));
  g_return_if_fail (name != NULL);

  /* the form says what is shown */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->names)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->names, i), name) == 0 &&
        gtk_drop_down_get_selected (self->picker) != i)
      gtk_drop_down_set_selected (self->picker, i);
  if (from != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->from)), from) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->from), from);
  if (to != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->to)), to) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->to), to);
  for (guint i = 0; by != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->dims)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->dims, i), by) == 0 && gtk_drop_down_get_selected (self->by) != i)
      gtk_drop_down_set_selected (self->by, i);

  g_string_append_uri_escaped (path, name, NULL, FALSE);
  g_string_append_c (path, '?');
  pd_client_query_add (path, "from", from);
  pd_client_query_add (path, "to", to);
  pd_client_query_add (path, "by", by);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  pd_service_client_call_async (self->client, "GET", path->str, NULL, self->cancellable, report_done,
                                g_object_ref (self));
}

static void
show_clicked (PdReportsView *self)
{
  const char *name = selected_name (self);
  guint by = gtk_drop_down_get_selected (self->by);
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to));

  if (name == NULL)
    return;
  pd_reports_view_load (self, name, *from != '\0' ? from : NULL, *to != '\0' ? to : NULL,
                        by < g_list_model_get_n_items (G_LIST_MODEL (self->dims)) ?
                        gtk_string_list_get_string (self->dims, by) : NULL);
}

/* The report picked: its groupings in the "by" list, then the report. */
static void
picked (PdReportsView *self)
{
  JsonArray *items = self->list != NULL ? pd_json_array (json_node_get_object (self->list), "items") : NULL;
  guint i = gtk_drop_down_get_selected (self->picker);
  JsonArray *by;
  g_autoptr(GPtrArray) dims = g_ptr_array_new ();

  if (items == NULL || i >= json_array_get_length (items))
    return;
  by = pd_json_array (json_array_get_object_element (items, i), "by");
  for (guint k = 0; by != NULL && k < json_array_get_length (by); k++)
    g_ptr_array_add (dims, (gpointer) json_array_get_string_element (by, k));
  g_ptr_array_add (dims, NULL);
  gtk_string_list_splice (self->dims, 0, g_list_model_get_n_items (G_LIST_MODEL (self->dims)),
                          (const char * const *) dims->pdata);
  gtk_drop_down_set_selected (self->by, 0);
  show_clicked (self);
}

static void
list_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(PdReportsView) self = data;
  g_autoptr(GError) error = NULL;
  JsonNode *reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (reply == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->list, json_node_unref);
  self->list = reply;
  items = pd_json_array (json_node_get_object (reply), "items");
  gtk_string_list_splice (self->names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->names)), NULL);
  gtk_string_list_splice (self->titles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->titles)), NULL);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      gtk_string_list_append (self->names, pd_json_str (o, "name"));
      gtk_string_list_append (self->titles, pd_json_str (o, "title"));
    }
  if (items == NULL || json_array_get_length (items) == 0)
    set_status (self, _("No reports for your role."), FALSE);
  else
    picked (self);
}

static void
load_list (PdReportsView *self)
{
  self->busy = TRUE;
  pd_service_client_call_async (self->client, "GET", "/v1/reports", NULL, self->cancellable, list_done,
                                g_object_ref (self));
}

/* --- CSV and PDF ------------------------------------------------------------------ */

gboolean
pd_reports_view_write_csv (PdReportsView  *self,
                           const char     *path,
                           GError        **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (PD_IS_REPORTS_VIEW (self), FALSE);
  if (self->report == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No report is shown"));
      return FALSE;
    }
  csv = pd_report_to_csv (json_node_get_object (self->report), NULL);
  return g_file_set_contents (path, csv, -1, error);
}

/* The numbers of @s as a table at @x, @y, at most @max_rows rows. */
static void
pdf_numbers (cairo_t     *cr,
             PangoLayout *layout,
             JsonObject  *s,
             double       x,
             double       y,
             double       width,
             guint        max_rows)
{
  JsonArray *columns = pd_json_array (s, "columns");
  JsonArray *rows = pd_json_array (s, "rows");
  guint nc = json_array_get_length (columns), nr = MIN (json_array_get_length (rows), max_rows);
  double cw = width / MAX (nc, 1);

  for (guint r = 0; r <= nr; r++)
    for (guint c = 0; c < nc; c++)
      {
        g_autofree char *text = r == 0 ? g_strdup (json_array_get_string_element (columns, c)) :
                                pd_report_cell_text (json_array_get_element (json_array_get_array_element (rows, r - 1),
                                                                             c), FALSE);
        int w, h;

        pango_layout_set_text (layout, text, -1);
        pango_layout_get_pixel_size (layout, &w, &h);
        cairo_move_to (cr, c == 0 ? x : x + cw * (c + 1) - w - 4, y + r * (h + 1));
        pango_cairo_show_layout (cr, layout);
      }
  if (json_array_get_length (rows) > nr)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more rows (see the CSV)"),
                                               json_array_get_length (rows) - nr);

      pango_layout_set_text (layout, more, -1);
      cairo_move_to (cr, x, y + (nr + 1) * 11);
      pango_cairo_show_layout (cr, layout);
    }
}

gboolean
pd_reports_view_write_pdf (PdReportsView  *self,
                           const char     *path,
                           GError        **error)
{
  JsonArray *series = series_of (self);
  JsonObject *o;
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoLayout *layout;
  PangoFontDescription *font;
  const GdkRGBA ink = { 0.1, 0.1, 0.1, 1 };
  cairo_status_t st;

  g_return_val_if_fail (PD_IS_REPORTS_VIEW (self), FALSE);
  if (self->report == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No report is shown"));
      return FALSE;
    }
  o = json_node_get_object (self->report);
  surface = cairo_pdf_surface_create (path, PDF_W, PDF_H);
  cr = cairo_create (surface);
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans 8");
  pango_layout_set_font_description (layout, font);
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *s = json_array_get_object_element (series, i);
      g_autofree char *head = g_strdup_printf ("%s: %s", pd_json_str (o, "title"), pd_json_str (s, "title"));
      g_autofree char *sub = g_strdup_printf (_("%s to %s (UTC), by %s%s%s · page %u of %u"), pd_json_str (o, "from"),
                                              pd_json_str (o, "to"), pd_json_str (o, "by"),
                                              pd_json_str (o, "port") != NULL ? _(", port ") : "",
                                              pd_json_str (o, "port") != NULL ? pd_json_str (o, "port") : "",
                                              i + 1, json_array_get_length (series));
      PangoFontDescription *big = pango_font_description_from_string ("Sans Bold 14");

      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      pango_layout_set_font_description (layout, big);
      pango_layout_set_text (layout, head, -1);
      cairo_move_to (cr, 36, 28);
      pango_cairo_show_layout (cr, layout);
      pango_font_description_free (big);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, sub, -1);
      cairo_move_to (cr, 36, 50);
      pango_cairo_show_layout (cr, layout);
      cairo_save (cr);
      cairo_translate (cr, 36, 72);
      pd_report_chart_draw (cr, layout, s, PDF_W - 72, 260, &ink);
      cairo_restore (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      pdf_numbers (cr, layout, s, 36, 350, PDF_W - 72, 18);
      cairo_show_page (cr);
    }
  if (json_array_get_length (series) == 0)
    cairo_show_page (cr);
  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  st = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (st != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (st));
      return FALSE;
    }
  return TRUE;
}

static void
export_chosen (GtkNativeDialog *dialog,
               int              response,
               gpointer         data)
{
  PdReportsView *self = data;
  gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "pdf"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (pdf ? !pd_reports_view_write_pdf (self, path, &error) : !pd_reports_view_write_csv (self, path, &error))
        set_status (self, error->message, TRUE);
      else
        {
          g_autofree char *text = g_strdup_printf (_("Saved %s"), path);

          set_status (self, text, FALSE);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export (PdReportsView *self,
        gboolean       pdf)
{
  JsonObject *o = self->report != NULL ? json_node_get_object (self->report) : NULL;
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (o == NULL)
    return;
  dialog = gtk_file_chooser_native_new (pdf ? _("Save the Report as PDF") : _("Export the Report as CSV"),
                                        GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s-%s-%s.%s", pd_json_str (o, "name"), pd_json_str (o, "from"), pd_json_str (o, "to"),
                          pdf ? "pdf" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "pdf", GINT_TO_POINTER (pdf));
  g_signal_connect (dialog, "response", G_CALLBACK (export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
csv_clicked (PdReportsView *self)
{
  export (self, FALSE);
}

static void
pdf_clicked (PdReportsView *self)
{
  export (self, TRUE);
}

/* --- the form ---------------------------------------------------------------------- */

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static GtkEntry *
date_entry (void)
{
  GtkEntry *e = GTK_ENTRY (gtk_entry_new ());

  gtk_entry_set_placeholder_text (e, _("YYYY-MM-DD"));
  gtk_editable_set_width_chars (GTK_EDITABLE (e), 11);
  gtk_entry_set_input_purpose (e, GTK_INPUT_PURPOSE_DIGITS);
  return e;
}

static void
build (PdReportsView *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *show = gtk_button_new_with_mnemonic (_("_Show"));
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) month = g_date_time_add_days (now, -29);
  g_autofree char *from = g_date_time_format (month, "%Y-%m-%d"), *to = g_date_time_format (now, "%Y-%m-%d");

  self->names = gtk_string_list_new (NULL);
  self->titles = gtk_string_list_new (NULL);
  self->dims = gtk_string_list_new (NULL);
  self->picker = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->titles)), NULL));
  self->by = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->dims)), NULL));
  self->from = date_entry ();
  self->to = date_entry ();
  gtk_editable_set_text (GTK_EDITABLE (self->from), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to), to);
  self->csv_button = gtk_button_new_with_mnemonic (_("Export _CSV…"));
  self->pdf_button = gtk_button_new_with_mnemonic (_("Save _PDF…"));
  gtk_widget_set_sensitive (self->csv_button, FALSE);
  gtk_widget_set_sensitive (self->pdf_button, FALSE);
  gtk_widget_add_css_class (show, "suggested-action");
  g_signal_connect_swapped (self->picker, "notify::selected", G_CALLBACK (picked), self);
  g_signal_connect_swapped (show, "clicked", G_CALLBACK (show_clicked), self);
  g_signal_connect_swapped (self->from, "activate", G_CALLBACK (show_clicked), self);
  g_signal_connect_swapped (self->to, "activate", G_CALLBACK (show_clicked), self);
  g_signal_connect_swapped (self->csv_button, "clicked", G_CALLBACK (csv_clicked), self);
  g_signal_connect_swapped (self->pdf_button, "clicked", G_CALLBACK (pdf_clicked), self);
  gtk_widget_set_valign (show, GTK_ALIGN_END);
  gtk_widget_set_valign (self->csv_button, GTK_ALIGN_END);
  gtk_widget_set_valign (self->pdf_button, GTK_ALIGN_END);
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (bar), labelled (_("_Report"), GTK_WIDGET (self->picker)));
  gtk_box_append (GTK_BOX (bar), labelled (_("_From"), GTK_WIDGET (self->from)));
  gtk_box_append (GTK_BOX (bar), labelled (_("_To"), GTK_WIDGET (self->to)));
  gtk_box_append (GTK_BOX (bar), labelled (_("_By"), GTK_WIDGET (self->by)));
  gtk_box_append (GTK_BOX (bar), show);
  gtk_box_append (GTK_BOX (bar), spacer);
  gtk_box_append (GTK_BOX (bar), self->csv_button);
  gtk_box_append (GTK_BOX (bar), self->pdf_button);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  self->body = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  gtk_box_append (GTK_BOX (outer), bar);
  gtk_box_append (GTK_BOX (outer), GTK_WIDGET (self->status));
  gtk_box_append (GTK_BOX (outer), GTK_WIDGET (self->body));
  gtk_widget_set_margin_start (outer, 18);
  gtk_widget_set_margin_end (outer, 18);
  gtk_widget_set_margin_top (outer, 12);
  gtk_widget_set_margin_bottom (outer, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), outer);
  adw_bin_set_child (ADW_BIN (self), scroller);
}

static void
pd_reports_view_reload (PdView *view)
{
  PdReportsView *self = PD_REPORTS_VIEW (view);

  if (self->list == NULL)
    load_list (self);
  else
    show_clicked (self);
}

static gboolean
pd_reports_view_busy (PdView *view)
{
  return PD_REPORTS_VIEW (view)->busy;
}

static void
pd_reports_view_view_init (PdViewInterface *iface)
{
  iface->reload = pd_reports_view_reload;
  iface->get_busy = pd_reports_view_busy;
}

static void
pd_reports_view_dispose (GObject *object)
{
  PdReportsView *self = PD_REPORTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pd_reports_view_parent_class)->dispose (object);
}

static void
pd_reports_view_finalize (GObject *object)
{
  PdReportsView *self = PD_REPORTS_VIEW (object);

  g_clear_object (&self->client);
  g_clear_object (&self->names);
  g_clear_object (&self->titles);
  g_clear_object (&self->dims);
  g_clear_pointer (&self->list, json_node_unref);
  g_clear_pointer (&self->report, json_node_unref);
  g_free (self->error);
  G_OBJECT_CLASS (pd_reports_view_parent_class)->finalize (object);
}

static void
pd_reports_view_class_init (PdReportsViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_reports_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_reports_view_finalize;
}

static void
pd_reports_view_init (PdReportsView *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pd_reports_view_new (PdServiceClient *client)
{
  PdReportsView *self = g_object_new (PD_TYPE_REPORTS_VIEW, NULL);

  self->client = g_object_ref (client);
  build (self);
  load_list (self);
  return GTK_WIDGET (self);
}

const char *
pd_reports_view_get_error (PdReportsView *self)
{
  g_return_val_if_fail (PD_IS_REPORTS_VIEW (self), NULL);
  return self->report == NULL ? self->error : NULL;
}

gboolean
pd_reports_view_get_busy (PdReportsView *self)
{
  g_return_val_if_fail (PD_IS_REPORTS_VIEW (self), FALSE);
  return self->busy;
}

JsonObject *
pd_reports_view_get_report (PdReportsView *self)
{
  g_return_val_if_fail (PD_IS_REPORTS_VIEW (self), NULL);
  return self->report != NULL ? json_node_get_object (self->report) : NULL;
}

guint
pd_reports_view_get_n_drawn (PdReportsView *self)
{
  g_return_val_if_fail (PD_IS_REPORTS_VIEW (self), 0);
  return self->n_drawn;
}
