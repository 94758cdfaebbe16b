/* pd-table-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-table-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-error.h"
#include "pd-list-loader.h"
#include "pd-role.h"
#include "pd-row-cell.h"
#include "pd-row-model.h"
#include "pd-row-selection.h"
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
  PdRowCell      cell;     /* its text: record_text */
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
  PdListLoader    *loader;
  PdRowModel      *rows;
  PdRowSelection  *selection;
  guint            max_rows;        /* rows loaded at most, so far */
  guint            step;            /* what one load gives at most (max_rows at first) */
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

enum {
  SIGNAL_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


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

static char *
cell_text (gpointer         row,
           const PdRowCell *cell)
{
  return record_text (row, (Column *) cell->data);
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
loading_cb (PdTableView *self)
{
  gboolean loading = pd_list_loader_get_loading (self->loader);

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

static gpointer
build_record (const PdListRow *row,
              gpointer         user_data)
{
  JsonObject *object = pd_list_row_get_object (row);

  return object != NULL ? pd_record_new (object) : NULL;
}

static void
rows_cb (PdTableView *self,
         GPtrArray   *rows)
{
  pd_row_model_add (self->rows, rows->pdata, rows->len);
}

static void
finished_cb (PdTableView  *self,
             const GError *error)
{
  guint n = pd_row_model_get_n_rows (self->rows);
  g_autofree char *count = NULL;

  if (error != NULL)
    {
      pd_row_model_remove_all (self->rows);
      show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->error, g_free);
  if (self->loader != NULL && pd_list_loader_get_has_more (self->loader))
    /* Translators: %u is a number of rows; scrolling down loads more */
    count = g_strdup_printf (_("First %u entries"), n);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, "table");
}

static void
scrolled_cb (PdTableView   *self,
             GtkAdjustment *adj)
{
  if (gtk_adjustment_get_value (adj) + 2 * gtk_adjustment_get_page_size (adj) >= gtk_adjustment_get_upper (adj))
    pd_table_view_load_more (self);
}

void
pd_table_view_reload (PdTableView *self)
{
  g_return_if_fail (PD_IS_TABLE_VIEW (self));

  if (self->loader == NULL)
    return;   /* its rows are given */
  self->max_rows = self->step;
  pd_list_loader_set_max_rows (self->loader, self->max_rows);
  pd_row_model_remove_all (self->rows);
  pd_list_loader_start (self->loader);
}

void
pd_table_view_set_path (PdTableView *self,
                        const char  *path)
{
  g_return_if_fail (PD_IS_TABLE_VIEW (self));
  g_return_if_fail (self->loader != NULL);

  g_free (self->path);
  self->path = g_strdup (path);
  pd_list_loader_set_path (self->loader, path);
  pd_table_view_reload (self);
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

  if (self->loader != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->loader, self);
      pd_list_loader_cancel (self->loader);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_TABLE_VIEW);
  g_clear_object (&self->loader);
  g_clear_object (&self->client);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  G_OBJECT_CLASS (pd_table_view_parent_class)->dispose (object);
}

static void
pd_table_view_finalize (GObject *object)
{
  PdTableView *self = PD_TABLE_VIEW (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
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
      g_value_set_boolean (value, pd_table_view_get_loading (self));
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

  /* The selected row changed (pd_table_view_get_selected). */
  signals[SIGNAL_SELECTED] = g_signal_new ("selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 0);

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
}

static void
selection_changed_cb (PdTableView *self)
{
  g_signal_emit (self, signals[SIGNAL_SELECTED], 0);
}

PdTableView *
pd_table_view_new (PdServiceClient     *client,
                   const char          *path,
                   const PdTableColumn *columns,
                   guint                n_columns,
                   guint                max_rows)
{
  static const char * const no_fields[] = { NULL };
  PdTableView *self;

  g_return_val_if_fail (client == NULL || PD_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (path == NULL || client != NULL, NULL);

  self = g_object_new (PD_TYPE_TABLE_VIEW, NULL);
  self->client = client != NULL ? g_object_ref (client) : NULL;
  self->path = g_strdup (path);
  self->max_rows = self->step = MAX (max_rows, 1);

  for (guint i = 0; i < n_columns; i++)
    {
      Column *c = g_new0 (Column, 1);
      g_autoptr(GtkListItemFactory) factory = NULL;
      g_autoptr(GtkColumnViewColumn) col = NULL;
      g_autoptr(GtkSorter) sorter = NULL;
      GtkExpression *expr;

      c->member = g_strdup (columns[i].member);
      c->format = columns[i].format;
      c->cell.text_func = cell_text;
      c->cell.data = c;
      /* GTK 4.8's column view gives a column its cells' minimum width (and
       * the rest to the columns that expand) */
      c->cell.min_chars = columns[i].whole ? columns[i].chars : MIN (6, columns[i].chars > 0 ? columns[i].chars : 6);
      c->cell.chars = columns[i].chars > 0 ? columns[i].chars : 14;
      g_ptr_array_add (self->columns, c);
      factory = pd_row_cell_factory_new (&c->cell);
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

  /* the app's one way to list: PdListLoader -> PdRowModel -> PdRowSelection */
  self->rows = pd_row_model_new (PD_TYPE_RECORD, gtk_column_view_get_sorter (self->column_view), NULL);
  self->selection = pd_row_selection_new (self->rows);
  pd_row_selection_set_widget (self->selection, GTK_WIDGET (self->column_view));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-row", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (path == NULL)
    {
      /* rows given with pd_table_view_set_rows: nothing to reload */
      gtk_widget_set_visible (GTK_WIDGET (self->refresh_button), FALSE);
      finished_cb (self, NULL);
      return self;
    }
  self->loader = pd_list_loader_new (client, path, no_fields, build_record, NULL);
  pd_list_loader_set_page_sizes (self->loader, MIN (self->max_rows, 500u), MIN (self->max_rows, 500u));
  pd_list_loader_set_max_rows (self->loader, self->max_rows);
  pd_list_loader_set_widget (self->loader, GTK_WIDGET (self->column_view));
  g_signal_connect_object (self->loader, "rows", G_CALLBACK (rows_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loader, "finished", G_CALLBACK (finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loader, "notify::loading", G_CALLBACK (loading_cb), self, G_CONNECT_SWAPPED);

  /* near the end of a list that goes on, the next rows */
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)), "value-changed",
                           G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);

  pd_table_view_reload (self);
  return self;
}

gboolean
pd_table_view_load_more (PdTableView *self)
{
  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), FALSE);
  if (self->loader == NULL || !pd_list_loader_more (self->loader, self->step))
    return FALSE;
  self->max_rows += self->step;
  return TRUE;
}

gboolean
pd_table_view_get_loading (PdTableView *self)
{
  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), FALSE);
  return self->loader != NULL && pd_list_loader_get_loading (self->loader);
}

guint
pd_table_view_get_n_rows (PdTableView *self)
{
  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), 0);
  return pd_row_model_get_n_rows (self->rows);
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
  PdRecord *record;

  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  record = pd_row_model_peek (self->rows, row);
  if (record == NULL)
    return NULL;
  return record_text (record, g_ptr_array_index (self->columns, column));
}

JsonObject *
pd_table_view_get_selected (PdTableView *self)
{
  PdRecord *record;

  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), NULL);

  record = pd_row_selection_get_selected_row (self->selection);
  return record != NULL ? record->object : NULL;
}

gboolean
pd_table_view_select (PdTableView *self,
                      guint        row)
{
  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), FALSE);

  return pd_row_selection_select_row (self->selection, pd_row_model_peek (self->rows, row));
}

void
pd_table_view_set_rows (PdTableView *self,
                        JsonArray   *rows)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (PD_IS_TABLE_VIEW (self));
  g_return_if_fail (self->loader == NULL);

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);

      if (o != NULL)
        g_ptr_array_add (records, pd_record_new (o));
    }
  pd_row_model_remove_all (self->rows);
  pd_row_model_add (self->rows, records->pdata, records->len);
  finished_cb (self, NULL);
}

gboolean
pd_table_view_select_member (PdTableView *self,
                             const char  *member,
                             const char  *value)
{
  guint n;

  g_return_val_if_fail (PD_IS_TABLE_VIEW (self), FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  n = pd_row_model_get_n_rows (self->rows);
  for (guint i = 0; value != NULL && i < n; i++)
    {
      PdRecord *record = pd_row_model_peek (self->rows, i);

      if (record != NULL && g_strcmp0 (json_object_get_string_member_with_default (record->object, member, NULL),
                                       value) == 0)
        return pd_row_selection_select_row (self->selection, record);
    }
  return FALSE;
}

const char *
pd_role_title (PdRole role)
{
  switch (role)
    {
    case PD_ROLE_AG_SPECIALIST:  return _("Agriculture Specialist");
    case PD_ROLE_CBP_OFFICER:    return _("CBP Officer");
    case PD_ROLE_TSA_SUPERVISOR: return _("TSA Supervisor");
    case PD_ROLE_LPR_ANALYST:    return _("LPR Analyst");
    case PD_ROLE_PORT_DIRECTOR:  return _("Port Director");
    case PD_ROLE_AUDITOR:        return _("Auditor");
    case PD_ROLE_ADMIN:          return _("Administrator");
    case PD_ROLE_PAU_ANALYST:    return _("Passenger Analyst");
    case PD_ROLE_NONE:
    case PD_ROLE_LAST:
    default:                     return _("No role");
    }
}

char *
pd_table_format_role (JsonObject *row,
                      const char *member)
{
  return g_strdup (pd_role_title (pd_role_from_string (json_object_get_string_member_with_default (row, member, NULL))));
}
