/* pd-watchlist-view.c: the passenger analyst's TVS watch list
 *
 * The derogatory holdings records and whether each is validated (by whom,
 * when, why); the one selected is validated (it alerts the officers of the
 * port where it is seen from then on) or its validation withdrawn, always
 * with a reason.  The service's refusals show as it words them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-watchlist-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-json.h"
#include "pd-table-view.h"
#include "pd-view.h"
#include "pd-watchlist-view.h"

struct _PdWatchlistView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;
  PdTableView     *table;
  GtkEntry        *reason;
  GtkLabel        *status;
  char            *message;
  gboolean         busy;
};

static void pd_watchlist_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdWatchlistView, pd_watchlist_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_watchlist_view_view_init))

static char *
format_validated (JsonObject *row,
                  const char *member)
{
  return g_strdup (pd_json_bool (row, member) ? _("Validated: alerts") : _("Not validated: silent"));
}

static const PdTableColumn columns[] = {
  { "record",       N_("Record"),        FALSE, NULL, FALSE, 10 },
  { "last_name",    N_("Last name"),     TRUE,  NULL, FALSE, 12 },
  { "first_name",   N_("First name"),    FALSE, NULL, FALSE, 10 },
  { "birth_date",   N_("Born"),          FALSE, NULL, FALSE, 10 },
  { "validated",    N_("Status"),        FALSE, format_validated, FALSE, 16 },
  { "validated_by", N_("Validated by"),  FALSE, NULL, FALSE, 10 },
  { "reason",       N_("Reason"),        TRUE,  NULL, FALSE, 16 },
};

static void
set_message (PdWatchlistView *self,
             const char *text,
             gboolean    error)
{
  pd_view_show_message (self->status, &self->message, text, error);
}

static void
set_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(PdWatchlistView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (error != NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  set_message (self, _("Saved."), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->reason), "");
  pd_table_view_reload (self->table);
}

void
pd_watchlist_view_set (PdWatchlistView *self,
                       gboolean         validate,
                       const char      *reason)
{
  JsonObject *row;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_WATCHLIST_VIEW (self));

  row = pd_table_view_get_selected (self->table);
  if (row == NULL)
    {
      set_message (self, _("Select a record first."), TRUE);
      return;
    }
  path = g_strdup_printf ("/v1/watchlist/%s/%s", pd_json_str (row, "record"), validate ? "validate" : "withdraw");
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "reason", reason);
  json_builder_end_object (b);
  self->busy = TRUE;
  pd_service_client_call_async (self->client, "POST", path, json_builder_get_root (b), self->cancellable, set_done,
                                g_object_ref (self));
}

static void
validate_clicked (PdWatchlistView *self)
{
  pd_watchlist_view_set (self, TRUE, gtk_editable_get_text (GTK_EDITABLE (self->reason)));
}

static void
withdraw_clicked (PdWatchlistView *self)
{
  pd_watchlist_view_set (self, FALSE, gtk_editable_get_text (GTK_EDITABLE (self->reason)));
}

static void
build (PdWatchlistView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *note = gtk_label_new (_("A watch-list entry alerts the officers of the port only once you validate it. "
                                     "A match is never a finding: the officer decides."));
  GtkWidget *validate = gtk_button_new_with_mnemonic (_("_Validate"));
  GtkWidget *withdraw = gtk_button_new_with_mnemonic (_("_Withdraw"));

  self->table = pd_table_view_new (self->client, "/v1/watchlist", columns, G_N_ELEMENTS (columns), 10000);
  gtk_widget_set_vexpand (GTK_WIDGET (self->table), TRUE);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  self->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->reason, _("Reason (kept in the audit log)"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->reason), TRUE);
  gtk_widget_add_css_class (validate, "suggested-action");
  g_signal_connect_swapped (validate, "clicked", G_CALLBACK (validate_clicked), self);
  g_signal_connect_swapped (withdraw, "clicked", G_CALLBACK (withdraw_clicked), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->reason));
  gtk_box_append (GTK_BOX (bar), withdraw);
  gtk_box_append (GTK_BOX (bar), validate);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  for (GtkWidget *w = note; w != NULL; w = w == note ? bar : NULL)
    {
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_end (w, 12);
    }
  gtk_widget_set_margin_start (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_top (note, 12);
  gtk_box_append (GTK_BOX (box), note);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->table));
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  adw_bin_set_child (ADW_BIN (self), box);
}

static void
pd_watchlist_view_reload (PdView *view)
{
  pd_table_view_reload (PD_WATCHLIST_VIEW (view)->table);
}

static gboolean
pd_watchlist_view_get_busy (PdView *view)
{
  PdWatchlistView *self = PD_WATCHLIST_VIEW (view);

  return self->busy || pd_table_view_get_loading (self->table);
}

static void
pd_watchlist_view_view_init (PdViewInterface *iface)
{
  iface->reload = pd_watchlist_view_reload;
  iface->get_busy = pd_watchlist_view_get_busy;
}

static void
pd_watchlist_view_dispose (GObject *object)
{
  PdWatchlistView *self = PD_WATCHLIST_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pd_watchlist_view_parent_class)->dispose (object);
}

static void
pd_watchlist_view_finalize (GObject *object)
{
  PdWatchlistView *self = PD_WATCHLIST_VIEW (object);

  g_clear_object (&self->client);
  g_free (self->message);
  G_OBJECT_CLASS (pd_watchlist_view_parent_class)->finalize (object);
}

static void
pd_watchlist_view_class_init (PdWatchlistViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_watchlist_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_watchlist_view_finalize;
}

static void
pd_watchlist_view_init (PdWatchlistView *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pd_watchlist_view_new (PdServiceClient *client)
{
  PdWatchlistView *self = g_object_new (PD_TYPE_WATCHLIST_VIEW, NULL);

  self->client = g_object_ref (client);
  build (self);
  return GTK_WIDGET (self);
}

PdTableView *
pd_watchlist_view_get_table (PdWatchlistView *self)
{
  g_return_val_if_fail (PD_IS_WATCHLIST_VIEW (self), NULL);
  return self->table;
}

const char *
pd_watchlist_view_get_message (PdWatchlistView *self)
{
  g_return_val_if_fail (PD_IS_WATCHLIST_VIEW (self), NULL);
  return self->message;
}
