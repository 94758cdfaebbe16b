/* pd-action-table-view.c: a list whose selected row is acted on, with a text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-action-table-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-action-table-view.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-view.h"

struct _PdActionTableView
{
  AdwBin                   parent_instance;

  PdServiceClient         *client;
  const PdActionTableSpec *spec;
  GCancellable            *cancellable;
  PdTableView             *table;
  PdTableView             *detail;   /* NULL without spec->detail_path */
  GCancellable            *detail_cancellable;
  GtkEntry                *text;
  GtkDropDown            **filters;  /* spec->n_filters of them */
  GtkWidget               *header;   /* filters and added widgets, above the list */
  GtkWidget              **buttons;  /* one per action */
  guint                    pending;  /* the action pending */
  GtkLabel                *status;
  char                    *message;
  const char              *done;     /* of the action pending */
  gboolean                 busy;
};

static void pd_action_table_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdActionTableView, pd_action_table_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_action_table_view_view_init))

/* @key_member of @row as path text (escaped). */
static char *
row_key (PdActionTableView *self,
         JsonObject        *row)
{
  JsonNode *key = json_object_get_member (row, self->spec->key_member);
  g_autofree char *key_text = key != NULL && json_node_get_value_type (key) == G_TYPE_INT64 ?
                              g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (key)) :
                              g_strdup (pd_json_str (row, self->spec->key_member));

  return g_uri_escape_string (key_text != NULL ? key_text : "", NULL, FALSE);
}

static void
act_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(PdActionTableView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if ((g_error_matches (error, PD_ERROR, PD_ERROR_FORBIDDEN) || g_error_matches (error, PD_ERROR, PD_ERROR_CONFLICT)) &&
      self->spec->actions[self->pending].refused != NULL)
    {
      /* the rule in plain words, then the service's own words */
      g_autofree char *text = g_strdup_printf (_("%s The service said: %s"),
                                               _(self->spec->actions[self->pending].refused), error->message);

      pd_view_show_message (self->status, &self->message, text, TRUE);
    }
  else
    pd_view_show_message (self->status, &self->message, error != NULL ? error->message : _(self->done),
                          error != NULL);
  if (error == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->text), "");
      pd_table_view_reload (self->table);
    }
}

void
pd_action_table_view_act (PdActionTableView *self,
                          guint              action,
                          const char        *text)
{
  JsonObject *row;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_ACTION_TABLE_VIEW (self));
  g_return_if_fail (action < self->spec->n_actions);

  if ((row = pd_table_view_get_selected (self->table)) == NULL)
    {
      pd_view_show_message (self->status, &self->message, _(self->spec->select_first), TRUE);
      return;
    }
  {
    g_autofree char *escaped = row_key (self, row);

    path = g_strconcat (self->spec->actions[action].path_before, escaped, self->spec->actions[action].path_after, NULL);
  }
  json_builder_begin_object (b);
  if (text != NULL && *text != '\0' && !self->spec->actions[action].no_text)
    pd_json_builder_add_string (b, self->spec->text_member, text);
  if (self->spec->actions[action].member != NULL)
    pd_json_builder_add_string (b, self->spec->actions[action].member, self->spec->actions[action].value);
  json_builder_end_object (b);
  self->busy = TRUE;
  self->pending = action;
  self->done = self->spec->actions[action].done;
  pd_service_client_call_async (self->client, "POST", path, json_builder_get_root (b), self->cancellable, act_done,
                                g_object_ref (self));
}

static void
detail_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdActionTableView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      pd_view_show_message (self->status, &self->message, error != NULL ? error->message : _("No answer"), TRUE);
      return;
    }
  pd_table_view_set_rows (self->detail, pd_json_array (json_node_get_object (reply), self->spec->detail_member));
}

static void
row_selected (PdActionTableView *self)
{
  JsonObject *row = pd_table_view_get_selected (self->table);
  g_autofree char *key = NULL, *path = NULL;

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  pd_table_view_set_rows (self->detail, NULL);
  if (row == NULL)
    return;
  key = row_key (self, row);
  path = g_strconcat (self->spec->detail_path, key, NULL);
  self->detail_cancellable = g_cancellable_new ();
  pd_service_client_call_async (self->client, "GET", path, NULL, self->detail_cancellable, detail_done,
                                g_object_ref (self));
}

static void
button_clicked (GtkButton         *button,
                PdActionTableView *self)
{
  pd_action_table_view_act (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "action")),
                            gtk_editable_get_text (GTK_EDITABLE (self->text)));
}

/* The spec's path with the chosen filters. */
static char *
filtered_path (PdActionTableView *self)
{
  GString *path = g_string_new (self->spec->path);

  for (guint i = 0; i < self->spec->n_filters; i++)
    {
      const PdTableFilter *f = &self->spec->filters[i];
      const char *value = f->values[gtk_drop_down_get_selected (self->filters[i])];

      if (value[0] != '\0')
        g_string_append_printf (path, "%c%s=%s", strchr (path->str, '?') != NULL ? '&' : '?', f->param, value);
    }
  return g_string_free (path, FALSE);
}

static void
filter_changed (PdActionTableView *self)
{
  g_autofree char *path = filtered_path (self);

  pd_table_view_set_path (self->table, path);
}

void
pd_action_table_view_set_filter (PdActionTableView *self,
                                 guint              filter,
                                 guint              choice)
{
  g_return_if_fail (PD_IS_ACTION_TABLE_VIEW (self));
  g_return_if_fail (filter < self->spec->n_filters);
  gtk_drop_down_set_selected (self->filters[filter], choice);
}

/* The bar above the list: the filters, then what the view adds (hidden
 * while empty). */
static GtkWidget *
build_header (PdActionTableView *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_visible (bar, self->spec->n_filters > 0);
  self->filters = g_new0 (GtkDropDown *, self->spec->n_filters);
  for (guint i = 0; i < self->spec->n_filters; i++)
    {
      const PdTableFilter *f = &self->spec->filters[i];
      g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;
      GtkWidget *label = gtk_label_new_with_mnemonic (_(f->label));

      for (guint k = 0; f->titles[k] != NULL; k++)
        g_strv_builder_add (titles, _(f->titles[k]));
      strv = g_strv_builder_end (titles);
      self->filters[i] = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) strv));
      gtk_drop_down_set_selected (self->filters[i], f->initial);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->filters[i]));
      g_signal_connect_swapped (self->filters[i], "notify::selected", G_CALLBACK (filter_changed), self);
      gtk_box_append (GTK_BOX (bar), label);
      gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->filters[i]));
    }
  return bar;
}

static void
build (PdActionTableView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *intro = gtk_label_new (_(self->spec->intro));
  g_autofree char *path = NULL;

  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_widget_set_margin_top (intro, 12);
  self->header = build_header (self);
  path = filtered_path (self);
  self->table = pd_table_view_new (self->client, path, self->spec->columns, self->spec->n_columns, 10000);
  gtk_widget_set_vexpand (GTK_WIDGET (self->table), TRUE);
  self->text = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->text, _(self->spec->placeholder));
  gtk_widget_set_hexpand (GTK_WIDGET (self->text), TRUE);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->text));
  self->buttons = g_new0 (GtkWidget *, self->spec->n_actions);
  for (guint i = 0; i < self->spec->n_actions; i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_(self->spec->actions[i].label));

      self->buttons[i] = button;
      if (self->spec->actions[i].suggested)
        gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data (G_OBJECT (button), "action", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (button_clicked), self);
      gtk_box_append (GTK_BOX (bar), button);
    }
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  for (GtkWidget *w = intro; w != NULL; w = w == intro ? bar : w == bar ? GTK_WIDGET (self->status) : NULL)
    {
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_end (w, 12);
    }
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 12);
  gtk_box_append (GTK_BOX (box), intro);
  gtk_widget_set_margin_start (self->header, 12);
  gtk_widget_set_margin_end (self->header, 12);
  gtk_box_append (GTK_BOX (box), self->header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->table));
  if (self->spec->detail_path != NULL)
    {
      self->detail = pd_table_view_new (NULL, NULL, self->spec->detail_columns, self->spec->n_detail_columns, 10000);
      gtk_widget_set_vexpand (GTK_WIDGET (self->detail), TRUE);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->detail));
      g_signal_connect_swapped (self->table, "selected", G_CALLBACK (row_selected), self);
    }
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  adw_bin_set_child (ADW_BIN (self), box);
}

static void
view_reload (PdView *view)
{
  pd_table_view_reload (PD_ACTION_TABLE_VIEW (view)->table);
}

static gboolean
view_get_busy (PdView *view)
{
  PdActionTableView *self = PD_ACTION_TABLE_VIEW (view);

  return self->busy || pd_table_view_get_loading (self->table);
}

static void
pd_action_table_view_view_init (PdViewInterface *iface)
{
  iface->reload = view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_action_table_view_dispose (GObject *object)
{
  PdActionTableView *self = PD_ACTION_TABLE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  G_OBJECT_CLASS (pd_action_table_view_parent_class)->dispose (object);
}

static void
pd_action_table_view_finalize (GObject *object)
{
  PdActionTableView *self = PD_ACTION_TABLE_VIEW (object);

  g_clear_object (&self->client);
  g_free (self->message);
  g_free (self->filters);
  g_free (self->buttons);
  G_OBJECT_CLASS (pd_action_table_view_parent_class)->finalize (object);
}

static void
pd_action_table_view_class_init (PdActionTableViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_action_table_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_action_table_view_finalize;
}

static void
pd_action_table_view_init (PdActionTableView *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pd_action_table_view_new (PdServiceClient         *client,
                          const PdActionTableSpec *spec)
{
  PdActionTableView *self = g_object_new (PD_TYPE_ACTION_TABLE_VIEW, NULL);

  self->client = g_object_ref (client);
  self->spec = spec;
  build (self);
  return GTK_WIDGET (self);
}

PdTableView *
pd_action_table_view_get_table (PdActionTableView *self)
{
  g_return_val_if_fail (PD_IS_ACTION_TABLE_VIEW (self), NULL);
  return self->table;
}

PdTableView *
pd_action_table_view_get_detail (PdActionTableView *self)
{
  g_return_val_if_fail (PD_IS_ACTION_TABLE_VIEW (self), NULL);
  return self->detail;
}

const char *
pd_action_table_view_get_message (PdActionTableView *self)
{
  g_return_val_if_fail (PD_IS_ACTION_TABLE_VIEW (self), NULL);
  return self->busy ? NULL : self->message;
}

void
pd_action_table_view_show_message (PdActionTableView *self,
                                   const char        *text,
                                   gboolean           error)
{
  g_return_if_fail (PD_IS_ACTION_TABLE_VIEW (self));
  pd_view_show_message (self->status, &self->message, text, error);
}

void
pd_action_table_view_set_action_visible (PdActionTableView *self,
                                         guint              action,
                                         gboolean           visible)
{
  g_return_if_fail (PD_IS_ACTION_TABLE_VIEW (self));
  g_return_if_fail (action < self->spec->n_actions);
  gtk_widget_set_visible (self->buttons[action], visible);
}

void
pd_action_table_view_add_header_widget (PdActionTableView *self,
                                        GtkWidget         *widget)
{
  g_return_if_fail (PD_IS_ACTION_TABLE_VIEW (self));
  gtk_box_append (GTK_BOX (self->header), widget);
  gtk_widget_set_visible (self->header, TRUE);
}

PdServiceClient *
pd_action_table_view_get_client (PdActionTableView *self)
{
  g_return_val_if_fail (PD_IS_ACTION_TABLE_VIEW (self), NULL);
  return self->client;
}
