/* pd-lpr-reviews-view.c: management's quarterly review of the LPR displays
 *
 * The auditor sees every display with its owner, how many plates it holds,
 * and who signed it off this quarter and when (those still due first), and
 * signs the selected one off with a note.  The service's refusals show as
 * it words them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-lpr-reviews-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-json.h"
#include "pd-lpr-reviews-view.h"
#include "pd-table-view.h"
#include "pd-view.h"

struct _PdLprReviewsView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;
  PdTableView     *table;
  GtkEntry        *note;
  GtkLabel        *status;
  char            *message;
  gboolean         busy;
};

static void pd_lpr_reviews_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdLprReviewsView, pd_lpr_reviews_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_lpr_reviews_view_view_init))

static char *
format_signed (JsonObject *row,
               const char *member)
{
  return g_strdup (pd_json_str (row, "signed_by") != NULL ? pd_json_str (row, "signed_by") : _("Due"));
}

static const PdTableColumn columns[] = {
  { "display",   N_("Display"),   TRUE,  NULL, FALSE, 16 },
  { "owner",     N_("Owner"),     FALSE, NULL, FALSE, 10 },
  { "items",     N_("Items"),     FALSE, NULL, TRUE, 6 },
  { "quarter",   N_("Quarter"),   FALSE, NULL, FALSE, 8 },
  { "signed_by", N_("Signed by"), FALSE, format_signed, FALSE, 10 },
  { "signed_at", N_("Signed"),    FALSE, pd_table_format_time, FALSE, 17 },
  { "note",      N_("Note"),      TRUE,  NULL, FALSE, 16 },
};

static void
signed_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdLprReviewsView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  pd_view_show_message (self->status, &self->message, error != NULL ? error->message : _("Signed off for this quarter."),
                        error != NULL);
  if (error == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->note), "");
      pd_table_view_reload (self->table);
    }
}

void
pd_lpr_reviews_view_sign (PdLprReviewsView *self,
                          const char       *note)
{
  JsonObject *row;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_LPR_REVIEWS_VIEW (self));
  if ((row = pd_table_view_get_selected (self->table)) == NULL)
    {
      pd_view_show_message (self->status, &self->message, _("Select a display first."), TRUE);
      return;
    }
  path = g_strdup_printf ("/v1/lpr/displays/%" G_GINT64_FORMAT "/review", pd_json_int (row, "display_id", 0));
  json_builder_begin_object (b);
  if (note != NULL && *note != '\0')
    pd_json_builder_add_string (b, "note", note);
  json_builder_end_object (b);
  self->busy = TRUE;
  pd_service_client_call_async (self->client, "POST", path, json_builder_get_root (b), self->cancellable, signed_done,
                                g_object_ref (self));
}

static void
sign_clicked (PdLprReviewsView *self)
{
  pd_lpr_reviews_view_sign (self, gtk_editable_get_text (GTK_EDITABLE (self->note)));
}

static void
build (PdLprReviewsView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *note = gtk_label_new (_("Every LPR display is reviewed each quarter: are its plates still needed, and "
                                     "for the reason given? Displays not signed off this quarter are listed first."));
  GtkWidget *sign = gtk_button_new_with_mnemonic (_("_Sign off"));

  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_set_margin_top (note, 12);
  self->table = pd_table_view_new (self->client, "/v1/lpr/reviews", columns, G_N_ELEMENTS (columns), 10000);
  gtk_widget_set_vexpand (GTK_WIDGET (self->table), TRUE);
  self->note = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->note, _("Note (kept with the sign-off)"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->note), TRUE);
  gtk_widget_add_css_class (sign, "suggested-action");
  g_signal_connect_swapped (sign, "clicked", G_CALLBACK (sign_clicked), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->note));
  gtk_box_append (GTK_BOX (bar), sign);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  for (GtkWidget *w = note; w != NULL; w = w == note ? bar : w == bar ? GTK_WIDGET (self->status) : NULL)
    {
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_end (w, 12);
    }
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 12);
  gtk_box_append (GTK_BOX (box), note);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->table));
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  adw_bin_set_child (ADW_BIN (self), box);
}

static void
pd_lpr_reviews_view_reload (PdView *view)
{
  pd_table_view_reload (PD_LPR_REVIEWS_VIEW (view)->table);
}

static gboolean
pd_lpr_reviews_view_get_busy (PdView *view)
{
  PdLprReviewsView *self = PD_LPR_REVIEWS_VIEW (view);

  return self->busy || pd_table_view_get_loading (self->table);
}

static void
pd_lpr_reviews_view_view_init (PdViewInterface *iface)
{
  iface->reload = pd_lpr_reviews_view_reload;
  iface->get_busy = pd_lpr_reviews_view_get_busy;
}

static void
pd_lpr_reviews_view_dispose (GObject *object)
{
  PdLprReviewsView *self = PD_LPR_REVIEWS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pd_lpr_reviews_view_parent_class)->dispose (object);
}

static void
pd_lpr_reviews_view_finalize (GObject *object)
{
  PdLprReviewsView *self = PD_LPR_REVIEWS_VIEW (object);

  g_clear_object (&self->client);
  g_free (self->message);
  G_OBJECT_CLASS (pd_lpr_reviews_view_parent_class)->finalize (object);
}

static void
pd_lpr_reviews_view_class_init (PdLprReviewsViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_lpr_reviews_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_lpr_reviews_view_finalize;
}

static void
pd_lpr_reviews_view_init (PdLprReviewsView *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pd_lpr_reviews_view_new (PdServiceClient *client)
{
  PdLprReviewsView *self = g_object_new (PD_TYPE_LPR_REVIEWS_VIEW, NULL);

  self->client = g_object_ref (client);
  build (self);
  return GTK_WIDGET (self);
}

PdTableView *
pd_lpr_reviews_view_get_table (PdLprReviewsView *self)
{
  g_return_val_if_fail (PD_IS_LPR_REVIEWS_VIEW (self), NULL);
  return self->table;
}

const char *
pd_lpr_reviews_view_get_message (PdLprReviewsView *self)
{
  g_return_val_if_fail (PD_IS_LPR_REVIEWS_VIEW (self), NULL);
  return self->busy ? NULL : self->message;
}
