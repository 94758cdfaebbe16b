/* pd-row-cell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-row-cell"

#include "config.h"

#include "pd-row-cell.h"
#include "pd-row-selection.h"

/* A bound cell follows its slot (PdRowSlot passes its row's changes on). */
typedef struct {
  const PdRowCell *cell;
  GtkListItem     *item;
  PdRowSlot       *slot;
  gulong           slot_handler;
  GStrv            classes;       /* the CSS classes set */
} Binding;

static void
update (Binding *b)
{
  const PdRowCell *cell = b->cell;
  GtkWidget *child = gtk_list_item_get_child (b->item);
  GObject *row = b->slot != NULL ? pd_row_slot_get_row (b->slot) : NULL;
  g_autofree char *value = NULL;

  if (row != NULL && cell->text_func != NULL)
    value = cell->text_func (row, cell);
  else if (row != NULL)
    g_object_get (row, cell->text ? cell->text : cell->icon, &value, NULL);
  if (cell->icon == NULL)
    gtk_inscription_set_text (GTK_INSCRIPTION (child), value);
  else
    gtk_image_set_from_icon_name (GTK_IMAGE (child), value);
  /* only what changed: both cost more than the text */
  if (cell->tooltip != NULL)
    {
      g_autofree char *tooltip = NULL;
      const char *current = gtk_widget_get_tooltip_text (child);

      if (row != NULL)
        g_object_get (row, cell->tooltip, &tooltip, NULL);
      if (g_strcmp0 (tooltip, current) != 0)
        gtk_widget_set_tooltip_text (child, tooltip);
    }
  if (cell->classes != NULL)
    {
      static const char *none[] = { NULL };
      g_auto(GStrv) classes = NULL;

      if (row != NULL)
        g_object_get (row, cell->classes, &classes, NULL);
      if (!g_strv_equal ((const char * const *) b->classes, classes ? (const char * const *) classes : none))
        {
          gtk_widget_set_css_classes (child, classes != NULL ? (const char **) classes : none);
          g_strfreev (b->classes);
          b->classes = classes ? g_steal_pointer (&classes) : g_new0 (char *, 1);
        }
    }
}

static void
slot_notify_cb (PdRowSlot  *slot,
                GParamSpec *pspec,
                Binding    *b)
{
  update (b);
}

static void
binding_free (Binding *b)
{
  g_strfreev (b->classes);
  g_free (b);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          const PdRowCell          *cell)
{
  Binding *b = g_new0 (Binding, 1);
  GtkWidget *child;

  b->cell = cell;
  b->item = item;
  b->classes = g_new0 (char *, 1);
  if (cell->icon == NULL)
    {
      child = gtk_inscription_new (NULL);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (child), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (child), cell->min_chars ? cell->min_chars : 6);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (child), cell->chars ? cell->chars : 14);
    }
  else
    child = gtk_image_new ();
  gtk_list_item_set_child (item, child);
  g_object_set_data_full (G_OBJECT (item), "pd-row-cell", b, (GDestroyNotify) binding_free);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         const PdRowCell          *cell)
{
  Binding *b = g_object_get_data (G_OBJECT (item), "pd-row-cell");

  b->slot = gtk_list_item_get_item (item);
  b->slot_handler = g_signal_connect (b->slot, "notify::row", G_CALLBACK (slot_notify_cb), b);
  update (b);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           const PdRowCell          *cell)
{
  Binding *b = g_object_get_data (G_OBJECT (item), "pd-row-cell");

  g_clear_signal_handler (&b->slot_handler, b->slot);
  b->slot = NULL;
}

static void
teardown_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             const PdRowCell          *cell)
{
  g_object_set_data (G_OBJECT (item), "pd-row-cell", NULL);
}

GtkListItemFactory *
pd_row_cell_factory_new (const PdRowCell *cell)
{
  GtkListItemFactory *factory;

  g_return_val_if_fail (cell != NULL, NULL);
  g_return_val_if_fail ((cell->text != NULL) + (cell->icon != NULL) + (cell->text_func != NULL) == 1, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), (gpointer) cell);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), (gpointer) cell);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), (gpointer) cell);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cb), (gpointer) cell);
  return factory;
}
