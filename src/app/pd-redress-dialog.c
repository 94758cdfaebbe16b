/* pd-redress-dialog.c: the redress paths (DHS TRIP, the CBP INFO Center)
 *
 * One dialog for every view that deals with travellers (TSA identity
 * checks, TVS flights and alerts): the text is the service's
 * (GET /v1/redress, configurable there), shown on screen and printable
 * with GtkPrintOperation, one page or more of plain text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-redress"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-json.h"
#include "pd-redress-dialog.h"

#define DIALOG_KEY "pd-redress-dialog"

typedef struct {
  char        *text;
  PangoLayout *layout;
  int          lines_per_page;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_free (job->text);
  g_clear_object (&job->layout);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  PangoFontDescription *font = pango_font_description_from_string ("Sans 11");
  int lines, line_height;
  PangoRectangle logical;

  job->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (job->layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (job->layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (job->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (job->layout, job->text, -1);
  lines = pango_layout_get_line_count (job->layout);
  pango_layout_line_get_extents (pango_layout_get_line_readonly (job->layout, 0), NULL, &logical);
  line_height = MAX (logical.height / PANGO_SCALE, 1);
  job->lines_per_page = MAX ((int) (gtk_print_context_get_height (context) / line_height), 1);
  gtk_print_operation_set_n_pages (op, (lines + job->lines_per_page - 1) / job->lines_per_page);
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = page * job->lines_per_page;
  int n = pango_layout_get_line_count (job->layout);
  double y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int i = first; i < MIN (first + job->lines_per_page, n); i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (job->layout, i);
      PangoRectangle logical;

      pango_layout_line_get_extents (line, NULL, &logical);
      cairo_move_to (cr, 0, y - logical.y / (double) PANGO_SCALE);
      pango_cairo_show_layout_line (cr, line);
      y += logical.height / (double) PANGO_SCALE;
    }
}

gboolean
pd_redress_print (GtkWindow   *parent,
                  const char  *text,
                  const char  *pdf_path,
                  GError     **error)
{
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  PrintJob *job = g_new0 (PrintJob, 1);
  GtkPrintOperationResult res;

  job->text = g_strdup (text);
  gtk_print_operation_set_job_name (op, _("Redress for travellers"));
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_object_set_data_full (G_OBJECT (op), "pd-job", job, (GDestroyNotify) print_job_free);
  if (pdf_path != NULL)
    gtk_print_operation_set_export_filename (op, pdf_path);
  res = gtk_print_operation_run (op, pdf_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                      : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                 parent, error);
  return res != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  const char *text = g_object_get_data (G_OBJECT (dialog), "pd-text");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "print") == 0 && text != NULL &&
      !pd_redress_print (parent, text, NULL, &error))
    g_warning ("Cannot print the redress text: %s", error->message);
}

static void
destroyed_cb (GtkWidget *dialog,
              GtkWindow *parent)
{
  if (g_object_get_data (G_OBJECT (parent), DIALOG_KEY) == dialog)
    g_object_set_data (G_OBJECT (parent), DIALOG_KEY, NULL);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  const char *text = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ?
                     pd_json_str (json_node_get_object (node), "text") : NULL;
  GtkWidget *label = g_object_get_data (G_OBJECT (dialog), "pd-label");

  if (text == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Cannot load the redress text: %s"),
                                              error != NULL ? error->message : _("no text"));
      gtk_label_set_text (GTK_LABEL (label), msg);
      return;
    }
  g_object_set_data_full (G_OBJECT (dialog), "pd-text", g_strdup (text), g_free);
  gtk_label_set_text (GTK_LABEL (label), text);
  adw_message_dialog_set_response_enabled (dialog, "print", TRUE);
}

void
pd_redress_dialog_present (GtkWidget       *parent,
                           PdServiceClient *client)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *dialog, *scroller, *label;

  g_return_if_fail (GTK_IS_WINDOW (root));

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Redress for Travellers"),
                                   _("Where a traveller can ask about a delay, a refusal or repeated screening. "
                                     "Show this or print it for them."));
  label = gtk_label_new (_("Loading…"));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), "print", _("_Print…"), NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "print", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_object_set_data (G_OBJECT (dialog), "pd-label", label);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), NULL);
  g_object_set_data (G_OBJECT (root), DIALOG_KEY, dialog);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (destroyed_cb), root, 0);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, -1);
  gtk_window_present (GTK_WINDOW (dialog));
  pd_service_client_call_async (client, "GET", "/v1/redress", NULL, NULL, loaded_cb, g_object_ref (dialog));
}

AdwMessageDialog *
pd_redress_dialog_get (GtkWidget *parent)
{
  GtkRoot *root = gtk_widget_get_root (parent);

  return root != NULL ? g_object_get_data (G_OBJECT (root), DIALOG_KEY) : NULL;
}

const char *
pd_redress_dialog_get_text (AdwMessageDialog *dialog)
{
  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), NULL);
  return g_object_get_data (G_OBJECT (dialog), "pd-text");
}

static void
button_clicked_cb (GtkButton       *button,
                   PdServiceClient *client)
{
  pd_redress_dialog_present (GTK_WIDGET (button), client);
}

GtkWidget *
pd_redress_button_new (PdServiceClient *client)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Redress Information"));

  gtk_widget_set_tooltip_text (button, _("DHS TRIP and the CBP INFO Center, to show or print for the traveller"));
  gtk_widget_set_name (button, "redress-button");
  g_signal_connect_data (button, "clicked", G_CALLBACK (button_clicked_cb), g_object_ref (client),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  return button;
}
