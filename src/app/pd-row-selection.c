/* pd-row-selection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-row-selection"

#include "config.h"

#include "pd-pacer.h"
#include "pd-row-selection.h"

#define REVEAL_UNTIL 240   /* beyond a screenful (and GTK's 200 rows kept), all at once */
#define MAX_STEP     8     /* row widgets made or changed per frame, at most */
#define SCREEN_MARGIN 8    /* rows either side of the screen that count as on it */

/* --- a position ----------------------------------------------------------- */

struct _PdRowSlot
{
  GObject  parent_instance;
  gpointer row;          /* a reference, or NULL */
  gulong   row_handler;  /* its ::notify, passed on as the slot's notify::row */
  gboolean stale;        /* off screen: shows its new row a few frames later */
};

G_DEFINE_FINAL_TYPE (PdRowSlot, pd_row_slot, G_TYPE_OBJECT)

enum {
  SLOT_PROP_0,
  SLOT_PROP_ROW,
  SLOT_N_PROPS
};

static GParamSpec *slot_properties[SLOT_N_PROPS];

static void
row_notify_cb (GObject    *row,
               GParamSpec *pspec,
               PdRowSlot  *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), slot_properties[SLOT_PROP_ROW]);
}

/* A cell follows one object: the slot says when its row is another one,
 * and when its row changed. */
static void
slot_follow (PdRowSlot *self,
             gpointer   row)
{
  if (self->row != NULL)
    g_clear_signal_handler (&self->row_handler, self->row);
  g_set_object (&self->row, row);
  if (row != NULL)
    self->row_handler = g_signal_connect (row, "notify", G_CALLBACK (row_notify_cb), self);
}

static void
slot_set_row (PdRowSlot *self,
              gpointer   row)
{
  if (self->row == row)
    return;
  slot_follow (self, row);
  g_object_notify_by_pspec (G_OBJECT (self), slot_properties[SLOT_PROP_ROW]);
}

static void
pd_row_slot_finalize (GObject *object)
{
  slot_follow (PD_ROW_SLOT (object), NULL);
  G_OBJECT_CLASS (pd_row_slot_parent_class)->finalize (object);
}

static void
pd_row_slot_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case SLOT_PROP_ROW:
      g_value_set_object (value, PD_ROW_SLOT (object)->row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_row_slot_class_init (PdRowSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_row_slot_finalize;
  object_class->get_property = pd_row_slot_get_property;
  slot_properties[SLOT_PROP_ROW] =
    g_param_spec_object ("row", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_properties);
}

static void
pd_row_slot_init (PdRowSlot *self)
{
}

gpointer
pd_row_slot_get_row (PdRowSlot *self)
{
  g_return_val_if_fail (PD_IS_ROW_SLOT (self), NULL);
  return self->row;
}

/* --- the selection model ------------------------------------------------------ */

struct _PdRowSelection
{
  GObject     parent_instance;

  PdRowModel *rows;
  guint       n;             /* positions shown (lags the rows while revealing) */
  GPtrArray  *slots;         /* PdRowSlot or NULL, by position, made when asked */
  gpointer    selected_row;  /* a reference, or NULL */
  guint       selected;      /* its position, or GTK_INVALID_LIST_POSITION */
  PdPacer     pacer;         /* a first fill, a few rows a frame of the list */
  gboolean    revealing;     /* n lags the rows */
  guint       reveal_step;   /* rows shown more by the next sync (only a frame's step shows more) */
  double      us_per_row;    /* what a row widget made or changed costs, lately */
  GtkAdjustment *vadjustment; /* the list's, to tell the positions on screen */
  GtkWidget  *widget;        /* weak: the list */
};

static void pd_row_selection_list_init      (GListModelInterface        *iface);
static void pd_row_selection_selection_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdRowSelection, pd_row_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pd_row_selection_list_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, pd_row_selection_selection_init))

enum {
  PROP_0,
  PROP_SELECTED_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sync_rows (PdRowSelection *self, guint changed_from);

/* Where @row is among the rows shown, or GTK_INVALID_LIST_POSITION. */
static guint
find_row (PdRowSelection *self,
          gpointer        row)
{
  guint at = pd_row_model_find (self->rows, row);

  return at < self->n ? at : GTK_INVALID_LIST_POSITION;
}

/* The positions on screen, from the list's scroll position (all when it is
 * not laid out). */
static void
screen_range (PdRowSelection *self,
              guint          *lo,
              guint          *hi)
{
  double upper = self->vadjustment ? gtk_adjustment_get_upper (self->vadjustment) : 0;
  double value, page;

  *lo = 0;
  *hi = G_MAXUINT;
  if (upper <= 0 || self->n == 0 || !pd_pacer_on_screen (&self->pacer))
    return;
  value = gtk_adjustment_get_value (self->vadjustment);
  page = gtk_adjustment_get_page_size (self->vadjustment);
  *lo = (guint) MAX (0.0, value / upper * self->n - SCREEN_MARGIN);
  *hi = (guint) MIN ((double) G_MAXUINT, (value + page) / upper * self->n + SCREEN_MARGIN + 1);
}

/* Stale slots in [@lo, @hi) show their row, at most @max of them; TRUE
 * while some are left.  @done: how many did. */
static gboolean
refresh_stale (PdRowSelection *self,
               guint           lo,
               guint           hi,
               guint           max,
               guint          *done)
{
  gboolean left = FALSE;

  *done = 0;
  for (guint i = 0; i < self->slots->len; i++)
    {
      PdRowSlot *slot = self->slots->pdata[i];

      if (slot == NULL || !slot->stale)
        continue;
      if (i < lo || i >= hi || max == 0)
        {
          left = TRUE;
          continue;
        }
      slot->stale = FALSE;
      slot_set_row (slot, pd_row_model_peek (self->rows, i));
      max--;
      (*done)++;
    }
  return left;
}

/* How many row widgets @budget_us allows, by what they cost lately. */
static guint
rows_for (PdRowSelection *self,
          gint64          budget_us)
{
  if (budget_us == PD_PACER_UNLIMITED)
    return G_MAXUINT;
  return (guint) CLAMP (budget_us / self->us_per_row, 1, MAX_STEP);
}

static void
measured (PdRowSelection *self,
          gint64          t0,
          guint           rows)
{
  double sample;

  if (rows == 0)
    return;
  /* a row can cost several times another: up at once, down slowly */
  sample = MAX (50.0, (g_get_monotonic_time () - t0) / (double) rows);
  self->us_per_row = sample > self->us_per_row ? sample : 0.8 * self->us_per_row + 0.2 * sample;
}

/* One step of a first fill, and of the slots off screen after a change:
 * as many row widgets as the frame's budget allows. */
static gboolean
pace_step (gpointer data,
           gint64   budget_us)
{
  PdRowSelection *self = data;
  gint64 t0 = g_get_monotonic_time ();
  gboolean stale;
  guint n;

  if (self->revealing)
    {
      guint old = self->n;

      self->reveal_step = rows_for (self, budget_us);
      sync_rows (self, G_MAXUINT);
      self->reveal_step = 0;
      measured (self, t0, self->n - old);
      if (budget_us != PD_PACER_UNLIMITED)
        budget_us -= g_get_monotonic_time () - t0;
      t0 = g_get_monotonic_time ();
    }
  stale = refresh_stale (self, 0, G_MAXUINT, self->revealing ? 0 : rows_for (self, budget_us), &n);
  measured (self, t0, n);
  return self->revealing || stale;
}

static void
scrolled_cb (PdRowSelection *self)
{
  guint lo, hi, n;

  screen_range (self, &lo, &hi);
  refresh_stale (self, lo, hi, G_MAXUINT, &n);
}

static void
set_selected (PdRowSelection *self,
              gpointer        row,
              guint           position)
{
  guint old = self->selected;
  gboolean row_changed = self->selected_row != row;
  guint lo, hi;

  g_set_object (&self->selected_row, row);
  self->selected = row != NULL ? position : GTK_INVALID_LIST_POSITION;
  lo = MIN (old, self->selected);
  hi = MAX (old, self->selected);
  if (old != self->selected && lo < self->n)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), lo, hi < self->n ? hi - lo + 1 : 1);
  if (row_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ROW]);
}

/* Follows the rows: slots from @changed_from on show their row now, the
 * count changes at the end, the selected row is found again. */
static void
sync_rows (PdRowSelection *self,
           guint           changed_from)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint old = self->n, n = total, lo, hi, done;
  gboolean stale;

  /* a first fill on screen: a few rows more per frame, GTK makes their
   * widgets (a list not on screen has no frames to keep: all at once) */
  self->revealing = old < REVEAL_UNTIL && total > old + self->reveal_step && pd_pacer_on_screen (&self->pacer);
  if (self->revealing)
    n = old + self->reveal_step;
  if (n < old)
    {
      /* their widgets go: no need to show them a row first */
      for (guint i = n; i < self->slots->len; i++)
        if (self->slots->pdata[i] != NULL)
          slot_follow (self->slots->pdata[i], NULL);
      g_ptr_array_set_size (self->slots, MIN (self->slots->len, n));
      self->n = n;
      g_list_model_items_changed (G_LIST_MODEL (self), n, old - n, 0);
    }
  /* The slots on screen show their new row now; GTK keeps up to 200 more
   * row widgets off screen, whose cells all change after a search or a
   * sort: they follow a few a frame (or when scrolled to, or asked for). */
  for (guint i = changed_from; i < MIN (n, self->slots->len); i++)
    if (self->slots->pdata[i] != NULL)
      ((PdRowSlot *) self->slots->pdata[i])->stale = TRUE;
  screen_range (self, &lo, &hi);
  stale = refresh_stale (self, lo, hi, G_MAXUINT, &done);
  if (self->revealing || stale)
    pd_pacer_start (&self->pacer);
  else
    pd_pacer_stop (&self->pacer);
  if (n > old)
    {
      self->n = n;
      g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
    }
  if (self->selected_row != NULL && (changed_from != G_MAXUINT || self->selected == GTK_INVALID_LIST_POSITION))
    {
      guint at = find_row (self, self->selected_row);
      /* a row not shown yet (a first fill) stays selected until it is */
      gboolean kept = at != GTK_INVALID_LIST_POSITION ||
                      pd_row_model_find (self->rows, self->selected_row) != GTK_INVALID_LIST_POSITION;

      if (at != self->selected || !kept)
        set_selected (self, kept ? self->selected_row : NULL, at);
    }
}

static void
rows_changed_cb (PdRowSelection *self,
                 guint           position,
                 guint           removed,
                 guint           added)
{
  sync_rows (self, position);
}

gpointer
pd_row_selection_get_row (PdRowSelection *self,
                          guint           position)
{
  g_return_val_if_fail (PD_IS_ROW_SELECTION (self), NULL);
  return position < self->n ? pd_row_model_peek (self->rows, position) : NULL;
}


gpointer
pd_row_selection_get_selected_row (PdRowSelection *self)
{
  g_return_val_if_fail (PD_IS_ROW_SELECTION (self), NULL);
  return self->selected_row;
}

guint
pd_row_selection_get_selected (PdRowSelection *self)
{
  g_return_val_if_fail (PD_IS_ROW_SELECTION (self), GTK_INVALID_LIST_POSITION);
  return self->selected;
}

gboolean
pd_row_selection_select_row (PdRowSelection *self,
                             gpointer        row)
{
  guint at;

  g_return_val_if_fail (PD_IS_ROW_SELECTION (self), FALSE);

  if (row != NULL && pd_row_model_find (self->rows, row) == GTK_INVALID_LIST_POSITION)
    return FALSE;
  at = row != NULL ? find_row (self, row) : GTK_INVALID_LIST_POSITION;
  set_selected (self, row, at);
  return TRUE;
}

static void set_adjustment (PdRowSelection *self, GtkAdjustment *adjustment);

static void
adjustment_changed_cb (PdRowSelection *self)
{
  set_adjustment (self, self->widget != NULL && GTK_IS_SCROLLABLE (self->widget) ?
                        gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->widget)) : NULL);
}

void
pd_row_selection_set_widget (PdRowSelection *self,
                             GtkWidget      *widget)
{
  g_return_if_fail (PD_IS_ROW_SELECTION (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));
  pd_pacer_set_widget (&self->pacer, widget);
  if (self->widget != NULL)
    g_signal_handlers_disconnect_by_data (self->widget, self);
  g_clear_weak_pointer (&self->widget);
  g_set_weak_pointer (&self->widget, widget);
  if (widget != NULL && GTK_IS_SCROLLABLE (widget))
    g_signal_connect_swapped (widget, "notify::vadjustment", G_CALLBACK (adjustment_changed_cb), self);
  adjustment_changed_cb (self);
}

static void
set_adjustment (PdRowSelection *self,
                GtkAdjustment  *adjustment)
{
  if (self->vadjustment == adjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (scrolled_cb), self);
}

gboolean
pd_row_selection_get_revealing (PdRowSelection *self)
{
  g_return_val_if_fail (PD_IS_ROW_SELECTION (self), FALSE);
  return self->revealing;
}

/* --- GListModel --------------------------------------------------------------- */

static GType
pd_row_selection_get_item_type (GListModel *list)
{
  return PD_TYPE_ROW_SLOT;
}

static guint
pd_row_selection_get_n_items (GListModel *list)
{
  return PD_ROW_SELECTION (list)->n;
}

static gpointer
pd_row_selection_get_item (GListModel *list,
                           guint       position)
{
  PdRowSelection *self = PD_ROW_SELECTION (list);
  PdRowSlot *slot;

  if (position >= self->n)
    return NULL;
  if (position >= self->slots->len)
    g_ptr_array_set_size (self->slots, position + 1);
  slot = self->slots->pdata[position];
  if (slot == NULL)
    {
      slot = g_object_new (PD_TYPE_ROW_SLOT, NULL);
      slot_follow (slot, pd_row_model_peek (self->rows, position));
      self->slots->pdata[position] = slot;
    }
  else if (slot->stale)
    {
      /* a row widget goes to this position: it shows the row now */
      slot->stale = FALSE;
      slot_set_row (slot, pd_row_model_peek (self->rows, position));
    }
  return g_object_ref (slot);
}

static void
pd_row_selection_list_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_row_selection_get_item_type;
  iface->get_n_items = pd_row_selection_get_n_items;
  iface->get_item = pd_row_selection_get_item;
}

/* --- GtkSelectionModel ---------------------------------------------------------- */

static gboolean
pd_row_selection_is_selected (GtkSelectionModel *model,
                              guint              position)
{
  return PD_ROW_SELECTION (model)->selected == position;
}

static GtkBitset *
pd_row_selection_get_selection_in_range (GtkSelectionModel *model,
                                         guint              position,
                                         guint              n_items)
{
  PdRowSelection *self = PD_ROW_SELECTION (model);
  GtkBitset *result = gtk_bitset_new_empty ();

  if (self->selected != GTK_INVALID_LIST_POSITION && self->selected >= position && self->selected - position < n_items)
    gtk_bitset_add (result, self->selected);
  return result;
}

static gboolean
pd_row_selection_select_item (GtkSelectionModel *model,
                              guint              position,
                              gboolean           unselect_rest)
{
  PdRowSelection *self = PD_ROW_SELECTION (model);

  if (position >= self->n)
    return FALSE;
  set_selected (self, pd_row_model_peek (self->rows, position), position);
  return TRUE;
}

static gboolean
pd_row_selection_unselect_item (GtkSelectionModel *model,
                                guint              position)
{
  PdRowSelection *self = PD_ROW_SELECTION (model);

  if (self->selected != position)
    return FALSE;
  set_selected (self, NULL, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static gboolean
pd_row_selection_unselect_all (GtkSelectionModel *model)
{
  set_selected (PD_ROW_SELECTION (model), NULL, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static void
pd_row_selection_selection_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = pd_row_selection_is_selected;
  iface->get_selection_in_range = pd_row_selection_get_selection_in_range;
  iface->select_item = pd_row_selection_select_item;
  iface->unselect_item = pd_row_selection_unselect_item;
  iface->unselect_all = pd_row_selection_unselect_all;
}

/* --- object ---------------------------------------------------------------------- */

static void
pd_row_selection_dispose (GObject *object)
{
  PdRowSelection *self = PD_ROW_SELECTION (object);

  pd_pacer_clear (&self->pacer);
  if (self->widget != NULL)
    g_signal_handlers_disconnect_by_data (self->widget, self);
  g_clear_weak_pointer (&self->widget);
  set_adjustment (self, NULL);
  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  g_clear_object (&self->rows);
  g_clear_object (&self->selected_row);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  G_OBJECT_CLASS (pd_row_selection_parent_class)->dispose (object);
}

static void
pd_row_selection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SELECTED_ROW:
      g_value_set_object (value, PD_ROW_SELECTION (object)->selected_row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_row_selection_class_init (PdRowSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_row_selection_dispose;
  object_class->get_property = pd_row_selection_get_property;
  properties[PROP_SELECTED_ROW] =
    g_param_spec_object ("selected-row", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slot_unref (gpointer slot)
{
  /* NULL: a position not asked for yet */
  if (slot != NULL)
    g_object_unref (slot);
}

static void
pd_row_selection_init (PdRowSelection *self)
{
  self->slots = g_ptr_array_new_with_free_func (slot_unref);
  pd_pacer_init (&self->pacer, pace_step, self);
  self->us_per_row = 2000;   /* the first rows cost the most */
  self->selected = GTK_INVALID_LIST_POSITION;
}

PdRowSelection *
pd_row_selection_new (PdRowModel *rows)
{
  PdRowSelection *self;

  g_return_val_if_fail (PD_IS_ROW_MODEL (rows), NULL);

  self = g_object_new (PD_TYPE_ROW_SELECTION, NULL);
  self->rows = g_object_ref (rows);
  g_signal_connect_swapped (rows, "items-changed", G_CALLBACK (rows_changed_cb), self);
  sync_rows (self, G_MAXUINT);
  return self;
}
