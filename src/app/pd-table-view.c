/* pd-table-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-table-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-error.h"
#include "pd-table-view.h"

/* --- one row ------------------------------------------------------------ */

#define PD_TYPE_RECORD (pd_record_get_type ())
G_DECLARE_FINAL_TYPE (PdRecord, pd_record, PD, RECORD, GObject)

struct _PdRecord
{
  GObject     parent_instance;
  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (PdRecord, pd_record, G_TYPE_OBJECT)

static void
pd_record_finalize (GObject *object)
{
  g_clear_pointer (&PD_RECORD (object)->object, json_object_unref);
  G_OBJECT_CLASS (pd_record_parent_class)->finalize (object);
}

static void
pd_record_class_init (PdRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_record_finalize;
}

static void
pd_record_init (PdRecord *self)
{
}

static PdRecord *
pd_record_new (JsonObject *object)
{
  PdRecord *self = g_object_new (PD_TYPE_RECORD, NULL);

  self->object = json_object_ref (object);
  return self;
}

/* --- the view ----------------------------------------------------------- */

typedef struct {
  char          *member;
  PdTableFormat  format;
  int            chars;
} Column;

struct _PdTableView
{
  AdwBin           parent_instance;

  GtkColumnView   *column_view;
  GtkStack        *stack;
  AdwStatusPage   *status_page;
  GtkLabel        *count_label;
  GtkSpinner      *spinner;
  GtkButton       *refresh_button;

  PdServiceClient *client;
  char            *path;
  GPtrArray       *columns;      /* Column */
  GListStore      *store;
  GPtrArray       *pending;      /* PdRecord, filled page by page */
  GCancellable    *cancellable;
  guint            max_rows;
  gboolean         loading;
  char            *error;
};

static void pd_table_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdTableView, pd_table_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_table_view_view_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_page (PdTableView *self, const char *after);

static void
column_free (Column *c)
{
  g_free (c->member);
  g_free (c);
}

static char *
format_value (JsonObject *row,
              const char *member)
{
  JsonNode *node;

  if (row == NULL || !json_object_has_member (row, member))
    return g_strdup ("");
  node = json_object_get_member (row, member);
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
        case G_TYPE_INT64:
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return g_strdup_printf ("%g", json_node_get_double (node));
        case G_TYPE_STRING:
          return g_strdup (json_node_get_string (node));
        default:
          break;
        }
    }
  return json_to_string (node, FALSE);
}

char *
pd_table_format_time (JsonObject *row,
                      const char *member)
{
  const char *s = json_object_get_string_member_with_default (row, member, NULL);
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (s == NULL)
    return g_strdup ("—");
  dt = g_date_time_new_from_iso8601 (s, NULL);
  if (dt == NULL)
    return g_strdup (s);
  local = g_date_time_to_local (dt);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
record_text (PdRecord *record,
             Column   *column)
{
  if (record == NULL)
    return NULL;
  if (column->format != NULL)
    return column->format (record->object, column->member);
  return format_value (record->object, column->member);
}

static gint64
record_int (PdRecord *record,
            Column   *column)
{
  if (record == NULL)
    return 0;
  return json_object_get_int_member_with_default (record->object, column->member, 0);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column *column = user_data;
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), MIN (6, column->chars > 0 ? column->chars : 6));
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), column->chars > 0 ? column->chars : 14);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column *column = user_data;
  g_autofree char *text = record_text (gtk_list_item_get_item (item), column);

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

static void
set_loading (PdTableView *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), !loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_error (PdTableView *self,
            const char  *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_title (self->status_page, _("Cannot Load This List"));
  adw_status_page_set_description (self->status_page, message);
  gtk_stack_set_visible_child_name (self->stack, "status");
  gtk_label_set_text (self->count_label, "");
}

static void
finish_load (PdTableView *self)
{
  guint n = self->pending->len;
  g_autofree char *count = NULL;

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       self->pending->pdata, n);
  g_ptr_array_set_size (self->pending, 0);
  g_clear_pointer (&self->error, g_free);
  if (n >= self->max_rows)
    /* Translators: %u is a number of rows */
    count = g_strdup_printf (_("First %u entries"), n);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, "table");
  set_loading (self, FALSE);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PdTableView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *obj;
  JsonArray *items;
  const char *next = NULL;

  node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  if (node == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_ptr_array_set_size (self->pending, 0);
      show_error (self, error->message);
      set_loading (self, FALSE);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (json_node_get_object (node), "items") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (node), "items")))
    {
      g_ptr_array_set_size (self->pending, 0);
      show_error (self, _("The service answered with an unexpected list."));
      set_loading (self, FALSE);
      return;
    }
  obj = json_node_get_object (node);
  items = json_object_get_array_member (obj, "items");
  for (guint i = 0; i < json_array_get_length (items) && self->pending->len < self->max_rows; i++)
    {
      JsonNode *item = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (item))
        g_ptr_array_add (self->pending, pd_record_new (json_node_get_object (item)));
    }
  next = json_object_get_string_member_with_default (obj, "next", NULL);
  if (next != NULL && self->pending->len < self->max_rows)
    load_page (self, next);
  else
    finish_load (self);
}

static void
load_page (PdTableView *self,
           const char  *after)
{
  g_autofree char *path = NULL;
  g_autofree char *escaped = after ? g_uri_escape_string (after, NULL, FALSE) : NULL;
  const char *sep = strchr (self->path, '?') ? "&" : "?";

  path = g_strdup_printf ("%s%slimit=%u%s%s", self->path, sep, MIN (self->max_rows, 500u),
                          escaped ? "&cursor=" : "", escaped ? escaped : "");
  pd_service_client_call_async (self->client, "GET", path, NULL, self->cancellable, page_cb, self);
}

void
pd_table_view_reload (PdTableView *self)
{
  g_return_if_fail (PD_IS_TABLE_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_ptr_array_set_size (self->pending, 0);
  set_loading (self, TRUE);
  load_page (self, NULL);
}

static void
refresh_clicked_cb (PdTableView *self)
{
  pd_table_view_reload (self);
}

static void
view_reload (PdView *view)
{
  pd_table_view_reload (PD_TABLE_VIEW (view));
}

static gboolean
view_get_busy (PdView *view)
{
  return pd_table_view_get_loading (PD_TABLE_VIEW (view));
}

static void
pd_table_view_view_init (PdViewInterface *iface)
{
  iface->reload = view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_table_view_dispose (GObject *object)
{
  PdTableView *self = PD_TABLE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_TABLE_VIEW);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (pd_table_view_parent_class)->dispose (object);
}

static void
pd_table_view_finalize (GObject *object)
{
  PdTableView *self = PD_TABLE_VIEW (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  G_OBJECT_CLASS (pd_table_view_parent_class)->finalize (object);
}

static void
pd_table_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdTableView *self = PD_TABLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_table_view_class_init (PdTableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_table_view_dispose;
  object_class->finalize = pd_table_view_finalize;
  object_class->get_property = pd_table_view_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/portdesk/PortDesk/ui/pd-table-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdTableView, column_view);
  gtk_widget_class_bind_template_child (widget_class, PdTableView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdTableView, status_page);
  gtk_widget_class_bind_template_child (widget_class, PdTableView, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdTableView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdTableView, refresh_button);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
}

static void
pd_table_view_init (PdTableView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->store = g_list_store_new (PD_TYPE_RECORD);
}

PdTableView *
pd_table_view_new (PdServiceClient     *client,
                   const char          *path,
                   const PdTableColumn *columns,
                   guint                n_columns,
                   guint                max_rows)
{
  PdTableView *self;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PD_TYPE_TABLE_VIEW, NULL);
  self->client = g_object_ref (client);
  self->path = g_strdup (path);
  self->max_rows = MAX (max_rows, 1);

  for (guint i = 0; i < n_columns; i++)
    {
      Column *c = g_new0 (Column, 1);
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) col = NULL;
      g_autoptr(GtkSorter) sorter = NULL;
      GtkExpression *expr;

      c->member = g_strdup (columns[i].member);
      c->format = columns[i].format;
      c->chars = columns[i].chars;
      g_ptr_array_add (self->columns, c);
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), c);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), c);
      col = gtk_column_view_column_new (_(columns[i].title), g_object_ref (factory));
      gtk_column_view_column_set_expand (col, columns[i].expand);
      gtk_column_view_column_set_resizable (col, TRUE);
      if (columns[i].numeric)
        {
          expr = gtk_cclosure_expression_new (G_TYPE_INT64, NULL, 0, NULL,
                                              G_CALLBACK (record_int), c, NULL);
          sorter = GTK_SORTER (gtk_numeric_sorter_new (expr));
        }
      else
        {
          expr = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                              G_CALLBACK (record_text), c, NULL);
          sorter = GTK_SORTER (gtk_string_sorter_new (expr));
        }
      gtk_column_view_column_set_sorter (col, sorter);
      gtk_column_view_append_column (self->column_view, col);
    }

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  pd_table_view_reload (self);
  return self;
}

gboolean
pd_table_view_get_loading (PdTableView *self)
{
  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), FALSE);
  return self->loading;
}

guint
pd_table_view_get_n_rows (PdTableView *self)
{
  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

const char *
pd_table_view_get_error (PdTableView *self)
{
  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), NULL);
  return self->error;
}

char *
pd_table_view_dup_cell (PdTableView *self,
                        guint        row,
                        guint        column)
{
  g_autoptr(PdRecord) record = NULL;

  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  record = g_list_model_get_item (G_LIST_MODEL (self->store), row);
  if (record == NULL)
    return NULL;
  return record_text (record, g_ptr_array_index (self->columns, column));
}
