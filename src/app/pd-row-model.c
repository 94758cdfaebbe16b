/* pd-row-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-row-model"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pd-row-model.h"

typedef struct {
  gpointer row;
  guint    seq;     /* order of arrival: ties keep it */
  gboolean match;   /* the filter's answer */
} Slot;

struct _PdRowModel
{
  GObject    parent_instance;

  GType      item_type;
  GtkSorter *sorter;
  GtkFilter *filter;
  GArray    *sorted;   /* Slot, every row in the sorter's order (but hidden ones) */
  GArray    *hidden;   /* Slot, rows the filter hides, unsorted (sort_hidden FALSE) */
  GPtrArray *shown;    /* the rows that match, in order (the slots' references) */
  guint      next_seq;
  gboolean   sort_hidden;
};

static void pd_row_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdRowModel, pd_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pd_row_model_list_init))

static int
compare_slots (const void *a,
               const void *b,
               void       *data)
{
  PdRowModel *self = data;
  const Slot *x = a, *y = b;
  int order = self->sorter != NULL ? gtk_sorter_compare (self->sorter, x->row, y->row) : 0;

  if (order != 0)
    return order;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static gboolean
matches (PdRowModel *self,
         gpointer    row)
{
  return self->filter == NULL || gtk_filter_match (self->filter, row);
}

/* The shown rows again from the sorted ones; one items-changed over the
 * positions between what stayed the same at both ends. */
static void
update_shown (PdRowModel *self)
{
  GPtrArray *old = self->shown;
  GPtrArray *shown = g_ptr_array_sized_new (MAX (old->len, 1));
  guint prefix = 0, suffix = 0, n;

  for (guint i = 0; i < self->sorted->len; i++)
    {
      Slot *s = &g_array_index (self->sorted, Slot, i);

      if (s->match)
        g_ptr_array_add (shown, s->row);
    }
  n = MIN (old->len, shown->len);
  while (prefix < n && old->pdata[prefix] == shown->pdata[prefix])
    prefix++;
  while (suffix < n - prefix && old->pdata[old->len - 1 - suffix] == shown->pdata[shown->len - 1 - suffix])
    suffix++;
  self->shown = shown;
  if (old->len != shown->len || prefix < n)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old->len - prefix - suffix,
                                shown->len - prefix - suffix);
  g_ptr_array_unref (old);
}

/* Where @slot goes among the sorted rows (after its equals). */
static guint
insertion_point (PdRowModel *self,
                 const Slot *slot,
                 guint       lo)
{
  guint hi = self->sorted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_slots (&g_array_index (self->sorted, Slot, mid), slot, self) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Sorts @batch (pages mostly come in order already) and merges it into
 * the sorted rows: each new row finds its place by bisection, and the rows
 * are copied once. */
static void
merge (PdRowModel *self,
       GArray     *batch)
{
  GArray *merged;
  guint from = 0;

  for (guint i = 1; i < batch->len; i++)
    if (compare_slots (&g_array_index (batch, Slot, i - 1), &g_array_index (batch, Slot, i), self) > 0)
      {
        qsort_r (batch->data, batch->len, sizeof (Slot), compare_slots, self);
        break;
      }
  merged = g_array_sized_new (FALSE, FALSE, sizeof (Slot), self->sorted->len + batch->len);
  for (guint i = 0; i < batch->len; i++)
    {
      Slot *s = &g_array_index (batch, Slot, i);
      guint at = insertion_point (self, s, from);

      g_array_append_vals (merged, &g_array_index (self->sorted, Slot, from), at - from);
      g_array_append_vals (merged, s, 1);
      from = at;
    }
  g_array_append_vals (merged, &g_array_index (self->sorted, Slot, from), self->sorted->len - from);
  g_array_unref (self->sorted);
  self->sorted = merged;
}

/* Moves the slots of @slots whose match is @match to the end of @to. */
static void
move_slots (GArray   *slots,
            gboolean  match,
            GArray   *to)
{
  guint kept = 0;

  for (guint i = 0; i < slots->len; i++)
    {
      Slot *s = &g_array_index (slots, Slot, i);

      if (s->match == match)
        g_array_append_vals (to, s, 1);
      else
        g_array_index (slots, Slot, kept++) = *s;
    }
  g_array_set_size (slots, kept);
}

void
pd_row_model_add (PdRowModel *self,
                  gpointer   *rows,
                  guint       n)
{
  g_autoptr(GArray) batch = NULL;

  g_return_if_fail (PD_IS_ROW_MODEL (self));
  g_return_if_fail (rows != NULL || n == 0);

  if (n == 0)
    return;
  batch = g_array_sized_new (FALSE, FALSE, sizeof (Slot), n);
  for (guint i = 0; i < n; i++)
    {
      Slot s = { g_object_ref (rows[i]), self->next_seq++, matches (self, rows[i]) };

      g_array_append_val (batch, s);
    }
  if (!self->sort_hidden)
    move_slots (batch, FALSE, self->hidden);
  if (batch->len == 0)
    return;
  if (self->sorted->len == 0 ||
      compare_slots (&g_array_index (self->sorted, Slot, self->sorted->len - 1), &g_array_index (batch, Slot, 0), self) < 0)
    {
      gboolean in_order = TRUE;

      for (guint i = 1; i < batch->len && in_order; i++)
        in_order = compare_slots (&g_array_index (batch, Slot, i - 1), &g_array_index (batch, Slot, i), self) < 0;
      if (in_order)
        {
          /* all after the rows there (a load in order): so are the ones shown */
          guint old = self->shown->len;

          g_array_append_vals (self->sorted, batch->data, batch->len);
          for (guint i = 0; i < batch->len; i++)
            if (g_array_index (batch, Slot, i).match)
              g_ptr_array_add (self->shown, g_array_index (batch, Slot, i).row);
          if (self->shown->len > old)
            g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->shown->len - old);
          return;
        }
    }
  merge (self, batch);
  update_shown (self);
}

static void
unref_rows (GArray *slots)
{
  for (guint i = 0; i < slots->len; i++)
    g_object_unref (g_array_index (slots, Slot, i).row);
  g_array_unref (slots);
}

void
pd_row_model_remove_all (PdRowModel *self)
{
  GArray *old = NULL, *hidden;

  g_return_if_fail (PD_IS_ROW_MODEL (self));

  /* the rows go after the views have let them go */
  old = g_steal_pointer (&self->sorted);
  hidden = g_steal_pointer (&self->hidden);
  self->sorted = g_array_new (FALSE, FALSE, sizeof (Slot));
  self->hidden = g_array_new (FALSE, FALSE, sizeof (Slot));
  update_shown (self);
  unref_rows (old);
  unref_rows (hidden);
}

void
pd_row_model_row_changed (PdRowModel *self,
                          gpointer    row)
{
  GArray *in = self->sorted;
  Slot slot;
  guint i;

  g_return_if_fail (PD_IS_ROW_MODEL (self));

  for (i = 0; i < in->len; i++)
    if (g_array_index (in, Slot, i).row == row)
      break;
  if (i == in->len)
    for (in = self->hidden, i = 0; i < in->len; i++)
      if (g_array_index (in, Slot, i).row == row)
        break;
  if (i == in->len)
    return;
  slot = g_array_index (in, Slot, i);
  g_array_remove_index (in, i);
  slot.match = matches (self, row);
  if (!slot.match && !self->sort_hidden)
    g_array_append_val (self->hidden, slot);
  else
    g_array_insert_val (self->sorted, insertion_point (self, &slot, 0), slot);
  update_shown (self);
}

gpointer
pd_row_model_peek (PdRowModel *self,
                   guint       position)
{
  g_return_val_if_fail (PD_IS_ROW_MODEL (self), NULL);
  return position < self->shown->len ? self->shown->pdata[position] : NULL;
}

guint
pd_row_model_find (PdRowModel *self,
                   gpointer    row)
{
  g_return_val_if_fail (PD_IS_ROW_MODEL (self), GTK_INVALID_LIST_POSITION);

  for (guint i = 0; i < self->shown->len; i++)
    if (self->shown->pdata[i] == row)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

guint
pd_row_model_get_n_rows (PdRowModel *self)
{
  g_return_val_if_fail (PD_IS_ROW_MODEL (self), 0);
  return self->sorted->len + self->hidden->len;
}

void
pd_row_model_set_sort_hidden (PdRowModel *self,
                              gboolean    sort_hidden)
{
  g_return_if_fail (PD_IS_ROW_MODEL (self));
  g_return_if_fail (pd_row_model_get_n_rows (self) == 0);
  self->sort_hidden = sort_hidden;
}

static void
sorter_changed_cb (PdRowModel *self)
{
  qsort_r (self->sorted->data, self->sorted->len, sizeof (Slot), compare_slots, self);
  update_shown (self);
}

static void
filter_changed_cb (PdRowModel      *self,
                   GtkFilterChange  change)
{
  g_autoptr(GArray) back = g_array_new (FALSE, FALSE, sizeof (Slot));

  for (guint i = 0; i < self->sorted->len; i++)
    {
      Slot *s = &g_array_index (self->sorted, Slot, i);

      /* stricter: only what matched may stop matching; looser: the other way */
      if ((change == GTK_FILTER_CHANGE_MORE_STRICT && !s->match) ||
          (change == GTK_FILTER_CHANGE_LESS_STRICT && s->match))
        continue;
      s->match = matches (self, s->row);
    }
  /* rows kept unsorted while hidden: out when hidden now, sorted in when not */
  if (!self->sort_hidden)
    {
      if (change != GTK_FILTER_CHANGE_LESS_STRICT)
        move_slots (self->sorted, FALSE, self->hidden);
      if (change != GTK_FILTER_CHANGE_MORE_STRICT)
        {
          for (guint i = 0; i < self->hidden->len; i++)
            {
              Slot *s = &g_array_index (self->hidden, Slot, i);

              s->match = matches (self, s->row);
            }
          move_slots (self->hidden, TRUE, back);
          merge (self, back);
        }
    }
  update_shown (self);
}

/* --- GListModel ------------------------------------------------------------ */

static GType
pd_row_model_get_item_type (GListModel *list)
{
  return PD_ROW_MODEL (list)->item_type;
}

static guint
pd_row_model_get_n_items (GListModel *list)
{
  return PD_ROW_MODEL (list)->shown->len;
}

static gpointer
pd_row_model_get_item (GListModel *list,
                       guint       position)
{
  PdRowModel *self = PD_ROW_MODEL (list);

  return position < self->shown->len ? g_object_ref (self->shown->pdata[position]) : NULL;
}

static void
pd_row_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_row_model_get_item_type;
  iface->get_n_items = pd_row_model_get_n_items;
  iface->get_item = pd_row_model_get_item;
}

/* --- object ------------------------------------------------------------------ */

static void
pd_row_model_dispose (GObject *object)
{
  PdRowModel *self = PD_ROW_MODEL (object);

  if (self->sorter != NULL)
    g_signal_handlers_disconnect_by_data (self->sorter, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->sorted, unref_rows);
  g_clear_pointer (&self->hidden, unref_rows);
  G_OBJECT_CLASS (pd_row_model_parent_class)->dispose (object);
}

static void
pd_row_model_class_init (PdRowModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_row_model_dispose;
}

static void
pd_row_model_init (PdRowModel *self)
{
  self->sorted = g_array_new (FALSE, FALSE, sizeof (Slot));
  self->hidden = g_array_new (FALSE, FALSE, sizeof (Slot));
  self->shown = g_ptr_array_new ();
  self->sort_hidden = TRUE;
}

PdRowModel *
pd_row_model_new (GType      item_type,
                  GtkSorter *sorter,
                  GtkFilter *filter)
{
  PdRowModel *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (sorter == NULL || GTK_IS_SORTER (sorter), NULL);
  g_return_val_if_fail (filter == NULL || GTK_IS_FILTER (filter), NULL);

  self = g_object_new (PD_TYPE_ROW_MODEL, NULL);
  self->item_type = item_type;
  if (sorter != NULL)
    {
      self->sorter = g_object_ref (sorter);
      g_signal_connect_swapped (sorter, "changed", G_CALLBACK (sorter_changed_cb), self);
    }
  if (filter != NULL)
    {
      self->filter = g_object_ref (filter);
      g_signal_connect_swapped (filter, "changed", G_CALLBACK (filter_changed_cb), self);
    }
  return self;
}
