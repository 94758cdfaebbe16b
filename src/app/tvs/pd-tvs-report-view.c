/* pd-tvs-report-view.c: the Reports view (TVS rates, drawn with GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-tvs-report-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-client.h"
#include "pd-json.h"
#include "pd-tvs-report-view.h"
#include "pd-view.h"

struct _PdTvsReportView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;
  GtkEntry        *from, *to;
  GtkDropDown     *by;
  GtkDrawingArea  *chart;
  GtkGrid         *figures;
  GtkLabel        *status;
  JsonNode        *report;     /* the last answer */
  char            *error;
  gboolean         busy;
};

static void pd_tvs_report_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdTvsReportView, pd_tvs_report_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_tvs_report_view_view_init))

/* in the order of the drop-down */
static const char * const dimensions[] = { "port", "terminal", "gate", "flight", "airline", "citizenship", "age",
                                           "sex", NULL };

static const struct {
  const char *member;
  const char *title;
  gboolean    percent;
} figure_columns[] = {
  { "group",             N_("Group"),          FALSE },
  { "expected",          N_("Expected"),       FALSE },
  { "photographed",      N_("Photos"),         FALSE },
  { "matched",           N_("Matched"),        FALSE },
  { "confirmed",         N_("Confirmed"),      FALSE },
  { "match_rate",        N_("Match rate"),     TRUE },
  { "capture_rate",      N_("Capture rate"),   TRUE },
  { "recaptures",        N_("Recaptures"),     FALSE },
  { "opt_outs",          N_("Opt-outs"),       FALSE },
  { "no_holdings_photo", N_("No photo"),       FALSE },
  { "outage",            N_("Outage"),         FALSE },
  { "p95_ms",            N_("p95 (ms)"),       FALSE },
};

static char *
figure_text (JsonObject *row,
             const char *member,
             gboolean    percent)
{
  JsonNode *n = json_object_get_member (row, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return g_strdup ("—");
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_strdup (g_strcmp0 (json_node_get_string (n), "total") == 0 ? _("Total") : json_node_get_string (n));
  if (percent)
    return g_strdup_printf ("%.1f %%", 100 * json_node_get_double (n));
  if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.0f", json_node_get_double (n));
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
}

static JsonArray *
groups_of (PdTvsReportView *self)
{
  return self->report != NULL ? pd_json_array (json_node_get_object (self->report), "groups") : NULL;
}

/* Two bars a group, 0 to 100 %: match rate, then capture rate. */
static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  PdTvsReportView *self = data;
  JsonArray *groups = groups_of (self);
  guint n = groups != NULL ? json_array_get_length (groups) : 0;
  const double left = 48, bottom = 36, top = 28, right = 12;
  double plot_w = width - left - right, plot_h = height - top - bottom, slot;
  GdkRGBA fg, match = { 0.21, 0.52, 0.89, 1 }, capture = { 0.90, 0.57, 0.13, 1 };
  PangoLayout *layout;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  /* axis and gridlines: 0, 50, 100 % */
  for (int p = 0; p <= 100; p += 50)
    {
      double y = top + plot_h * (1 - p / 100.0);
      g_autofree char *label = g_strdup_printf ("%d %%", p);
      int lw, lh;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left + plot_w, y);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, left - lw - 6, y - lh / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
  /* the legend */
  for (guint k = 0; k < 2; k++)
    {
      gdk_cairo_set_source_rgba (cr, k == 0 ? &match : &capture);
      cairo_rectangle (cr, left + k * 160, 6, 12, 12);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_set_text (layout, k == 0 ? _("Match rate") : _("Capture rate"), -1);
      cairo_move_to (cr, left + k * 160 + 18, 3);
      pango_cairo_show_layout (cr, layout);
    }
  if (n == 0)
    {
      g_object_unref (layout);
      return;
    }
  slot = plot_w / n;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      const char *members[] = { "match_rate", "capture_rate" };
      double bar = MIN (28.0, slot * 0.35);
      int lw, lh;

      for (guint k = 0; k < 2; k++)
        {
          JsonNode *v = json_object_get_member (g, members[k]);
          double rate = v != NULL && !JSON_NODE_HOLDS_NULL (v) ? CLAMP (json_node_get_double (v), 0, 1) : -1;
          double x = left + slot * i + slot / 2 - bar + k * bar;

          if (rate < 0)
            continue;   /* not defined for this group (no expected travellers) */
          gdk_cairo_set_source_rgba (cr, k == 0 ? &match : &capture);
          cairo_rectangle (cr, x, top + plot_h * (1 - rate), bar - 2, plot_h * rate);
          cairo_fill (cr);
        }
      pango_layout_set_text (layout, pd_json_str (g, "group") != NULL ? pd_json_str (g, "group") : "?", -1);
      pango_layout_set_width (layout, (int) (slot * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, left + slot * i + (slot - lw) / 2, top + plot_h + 6);
      pango_cairo_show_layout (cr, layout);
      pango_layout_set_width (layout, -1);
    }
  g_object_unref (layout);
}

static void
fill_figures (PdTvsReportView *self)
{
  JsonArray *groups = groups_of (self);
  JsonObject *total = self->report != NULL ? pd_json_obj (json_node_get_object (self->report), "total") : NULL;
  GtkWidget *child;
  guint n = groups != NULL ? json_array_get_length (groups) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures))) != NULL)
    gtk_grid_remove (self->figures, child);
  for (guint c = 0; c < G_N_ELEMENTS (figure_columns); c++)
    {
      GtkWidget *head = gtk_label_new (_(figure_columns[c].title));

      gtk_widget_add_css_class (head, "heading");
      gtk_label_set_xalign (GTK_LABEL (head), c == 0 ? 0 : 1);
      gtk_grid_attach (self->figures, head, c, 0, 1, 1);
    }
  for (guint r = 0; r <= n && total != NULL; r++)
    {
      JsonObject *row = r < n ? json_array_get_object_element (groups, r) : total;

      for (guint c = 0; c < G_N_ELEMENTS (figure_columns); c++)
        {
          g_autofree char *text = figure_text (row, figure_columns[c].member, figure_columns[c].percent);
          GtkWidget *cell = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (cell), c == 0 ? 0 : 1);
          gtk_label_set_selectable (GTK_LABEL (cell), TRUE);
          if (r == n)
            gtk_widget_add_css_class (cell, "heading");
          gtk_grid_attach (self->figures, cell, c, r + 1, 1, 1);
        }
    }
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(PdTvsReportView) self = data;
  g_autoptr(GError) error = NULL;
  JsonNode *reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->report, json_node_unref);
  if (reply == NULL)
    {
      self->error = g_strdup (error->message);
      gtk_label_set_text (self->status, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
    }
  else
    {
      self->report = reply;
      gtk_label_set_text (self->status, _("Match rate = matched / photographed. Capture rate = travellers "
                                          "confirmed / travellers expected on the manifests: below the match "
                                          "rate, travellers were not photographed."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
    }
  fill_figures (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

void
pd_tvs_report_view_load (PdTvsReportView *self,
                         const char      *from,
                         const char      *to,
                         const char      *by)
{
  g_autoptr(GString) path = g_string_new ("/v1/tvs/report?");

  g_return_if_fail (PD_IS_TVS_REPORT_VIEW (self));

  /* the form says what is shown */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->from)), from) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->from), from);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->to)), to) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->to), to);
  for (guint i = 0; dimensions[i] != NULL; i++)
    if (g_strcmp0 (dimensions[i], by) == 0 && gtk_drop_down_get_selected (self->by) != i)
      gtk_drop_down_set_selected (self->by, i);
  pd_client_query_add (path, "from", from);
  pd_client_query_add (path, "to", to);
  pd_client_query_add (path, "by", by);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  pd_service_client_call_async (self->client, "GET", path->str, NULL, self->cancellable, load_done,
                                g_object_ref (self));
}

static void
reload_clicked (PdTvsReportView *self)
{
  guint by = gtk_drop_down_get_selected (self->by);

  pd_tvs_report_view_load (self, gtk_editable_get_text (GTK_EDITABLE (self->from)),
                           gtk_editable_get_text (GTK_EDITABLE (self->to)),
                           by < G_N_ELEMENTS (dimensions) - 1 ? dimensions[by] : "port");
}

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static void
build (PdTvsReportView *self)
{
  static const char *by_labels[] = { N_("Port"), N_("Terminal"), N_("Gate"), N_("Flight"), N_("Airline"),
                                     N_("Citizenship"), N_("Age band"), N_("Sex"), NULL };
  const char *shown[G_N_ELEMENTS (by_labels)] = { NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (_("TVS: match rate and capture rate"));
  GtkWidget *show = gtk_button_new_with_mnemonic (_("_Show"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) week = g_date_time_add_days (now, -7);
  g_autofree char *from = g_date_time_format (week, "%Y-%m-%d"), *to = g_date_time_format (now, "%Y-%m-%d");

  for (guint i = 0; by_labels[i] != NULL; i++)
    shown[i] = _(by_labels[i]);
  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  self->from = GTK_ENTRY (gtk_entry_new ());
  self->to = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (self->from), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to), to);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->from), 11);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->to), 11);
  self->by = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (shown));
  gtk_widget_add_css_class (show, "suggested-action");
  g_signal_connect_swapped (show, "clicked", G_CALLBACK (reload_clicked), self);
  g_signal_connect_swapped (self->from, "activate", G_CALLBACK (reload_clicked), self);
  g_signal_connect_swapped (self->to, "activate", G_CALLBACK (reload_clicked), self);
  gtk_box_append (GTK_BOX (bar), labelled (_("_From"), GTK_WIDGET (self->from)));
  gtk_box_append (GTK_BOX (bar), labelled (_("_To"), GTK_WIDGET (self->to)));
  gtk_box_append (GTK_BOX (bar), labelled (_("_By"), GTK_WIDGET (self->by)));
  gtk_box_append (GTK_BOX (bar), show);
  self->chart = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_content_height (self->chart, 260);
  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
  self->figures = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->figures, 12);
  gtk_grid_set_row_spacing (self->figures, 4);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->chart));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->figures));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  adw_bin_set_child (ADW_BIN (self), scroller);
}

static void
pd_tvs_report_view_reload (PdView *view)
{
  reload_clicked (PD_TVS_REPORT_VIEW (view));
}

static gboolean
pd_tvs_report_view_busy (PdView *view)
{
  return PD_TVS_REPORT_VIEW (view)->busy;
}

static void
pd_tvs_report_view_view_init (PdViewInterface *iface)
{
  iface->reload = pd_tvs_report_view_reload;
  iface->get_busy = pd_tvs_report_view_busy;
}

static void
pd_tvs_report_view_dispose (GObject *object)
{
  PdTvsReportView *self = PD_TVS_REPORT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pd_tvs_report_view_parent_class)->dispose (object);
}

static void
pd_tvs_report_view_finalize (GObject *object)
{
  PdTvsReportView *self = PD_TVS_REPORT_VIEW (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->report, json_node_unref);
  g_free (self->error);
  G_OBJECT_CLASS (pd_tvs_report_view_parent_class)->finalize (object);
}

static void
pd_tvs_report_view_class_init (PdTvsReportViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_tvs_report_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_tvs_report_view_finalize;
}

static void
pd_tvs_report_view_init (PdTvsReportView *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pd_tvs_report_view_new (PdServiceClient *client)
{
  PdTvsReportView *self = g_object_new (PD_TYPE_TVS_REPORT_VIEW, NULL);

  self->client = g_object_ref (client);
  build (self);
  reload_clicked (self);
  return GTK_WIDGET (self);
}

guint
pd_tvs_report_view_get_n_groups (PdTvsReportView *self)
{
  JsonArray *groups;

  g_return_val_if_fail (PD_IS_TVS_REPORT_VIEW (self), 0);
  groups = groups_of (self);
  return groups != NULL ? json_array_get_length (groups) : 0;
}

const char *
pd_tvs_report_view_get_error (PdTvsReportView *self)
{
  g_return_val_if_fail (PD_IS_TVS_REPORT_VIEW (self), NULL);
  return self->error;
}

gboolean
pd_tvs_report_view_get_busy (PdTvsReportView *self)
{
  g_return_val_if_fail (PD_IS_TVS_REPORT_VIEW (self), FALSE);
  return self->busy;
}
