/* test-app-rows.c: PdRowModel and PdRowSelection, the models under the
 * app's large lists (the last test shows a list on screen, under Xvfb)
 *
 * Every change is checked against a mirror built only from the models'
 * items-changed signals, so a view that trusts them sees the truth.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "pd-inspection-object.h"
#include "pd-row-model.h"
#include "pd-row-selection.h"
#include "pd-scheduling.h"

typedef struct {
  GListModel *model;
  GPtrArray  *mirror;   /* what the signals say is there */
} Mirror;

static void
mirror_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Mirror     *m)
{
  g_assert_cmpuint (position + removed, <=, m->mirror->len);
  g_ptr_array_remove_range (m->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (m->mirror, position + i, g_list_model_get_item (model, position + i));
}

static Mirror *
mirror_new (GListModel *model)
{
  Mirror *m = g_new0 (Mirror, 1);

  m->model = model;
  m->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (m->mirror, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_changed_cb), m);
  return m;
}

static void
mirror_free (Mirror *m)
{
  g_signal_handlers_disconnect_by_data (m->model, m);
  g_ptr_array_unref (m->mirror);
  g_free (m);
}

static void
mirror_check (Mirror *m)
{
  g_assert_cmpuint (m->mirror->len, ==, g_list_model_get_n_items (m->model));
  for (guint i = 0; i < m->mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (m->model, i);

      g_assert_true (item == m->mirror->pdata[i]);
    }
}

/* The rows: strings holding numbers, sorted by value, the filter keeps
 * those divisible by @divisor. */
static gboolean descending;
static int divisor = 1;

static gpointer moved;   /* this row sorts first */

static int
value_of (gconstpointer row)
{
  return atoi (gtk_string_object_get_string ((GtkStringObject *) row));
}

static int
compare (gconstpointer a,
         gconstpointer b,
         gpointer      data)
{
  int d = (a == moved ? 0 : value_of (a)) - (b == moved ? 0 : value_of (b));

  return descending ? -d : d;
}

static gboolean
keep (gpointer item,
      gpointer data)
{
  return value_of (item) % divisor == 0;
}

static GPtrArray *
rows_of (const int *values,
         guint      n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = g_strdup_printf ("%d", values[i]);

      g_ptr_array_add (rows, gtk_string_object_new (s));
    }
  return rows;
}

static void
check_order (GListModel *model,
             const int  *expected,
             guint       n)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_cmpint (value_of (item), ==, expected[i]);
    }
}

/* The same with the rows the filter hides sorted or kept aside. */
static void
test_sort_filter_batches (gconstpointer sort_hidden)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));
  g_autoptr(GtkFilter) filter = GTK_FILTER (gtk_custom_filter_new (keep, NULL, NULL));
  g_autoptr(PdRowModel) model = pd_row_model_new (GTK_TYPE_STRING_OBJECT, sorter, filter);
  Mirror *m = mirror_new (G_LIST_MODEL (model));
  static const int a[] = { 5, 1, 3 }, b[] = { 4, 2, 6 }, c[] = { 7, 8 };
  static const int all[] = { 1, 2, 3, 4, 5, 6, 7, 8 }, even[] = { 2, 4, 6, 8 }, down[] = { 8, 6, 4, 2 };
  static const int moved_first[] = { 5, 1, 2, 3, 4, 6, 7, 8 };
  g_autoptr(GPtrArray) ra = rows_of (a, 3);
  g_autoptr(GPtrArray) rb = rows_of (b, 3);
  g_autoptr(GPtrArray) rc = rows_of (c, 2);

  pd_row_model_set_sort_hidden (model, GPOINTER_TO_INT (sort_hidden));
  descending = FALSE;
  divisor = 1;
  /* a batch out of order, one that interleaves, one that follows */
  pd_row_model_add (model, ra->pdata, ra->len);
  mirror_check (m);
  pd_row_model_add (model, rb->pdata, rb->len);
  mirror_check (m);
  pd_row_model_add (model, rc->pdata, rc->len);
  mirror_check (m);
  check_order (G_LIST_MODEL (model), all, 8);

  /* stricter, looser, then another order */
  divisor = 2;
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_MORE_STRICT);
  mirror_check (m);
  check_order (G_LIST_MODEL (model), even, 4);
  g_assert_cmpuint (pd_row_model_get_n_rows (model), ==, 8);
  descending = TRUE;
  gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_INVERTED);
  mirror_check (m);
  check_order (G_LIST_MODEL (model), down, 4);
  divisor = 1;
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_LESS_STRICT);
  mirror_check (m);
  check_order (G_LIST_MODEL (model), (const int []) { 8, 7, 6, 5, 4, 3, 2, 1 }, 8);

  /* rows added while the filter hides some; a row hidden, then shown */
  divisor = 4;
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  check_order (G_LIST_MODEL (model), (const int []) { 8, 4 }, 2);
  {
    static const int d[] = { 12, 9, 16 };
    g_autoptr(GPtrArray) rd = rows_of (d, 3);

    pd_row_model_add (model, rd->pdata, rd->len);
    mirror_check (m);
    check_order (G_LIST_MODEL (model), (const int []) { 16, 12, 8, 4 }, 4);
    divisor = 3;
    gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
    mirror_check (m);
    check_order (G_LIST_MODEL (model), (const int []) { 12, 9, 6, 3 }, 4);
    g_assert_cmpuint (pd_row_model_get_n_rows (model), ==, 11);
    moved = rb->pdata[0];   /* 4, now sorting as 0 (and still hidden) */
    pd_row_model_row_changed (model, moved);
    divisor = 1;
    gtk_filter_changed (filter, GTK_FILTER_CHANGE_LESS_STRICT);
    mirror_check (m);
    check_order (G_LIST_MODEL (model), (const int []) { 16, 12, 9, 8, 7, 6, 5, 3, 2, 1, 4 }, 11);
    moved = NULL;
    pd_row_model_row_changed (model, rb->pdata[0]);
    pd_row_model_remove_all (model);
    mirror_check (m);
    pd_row_model_add (model, ra->pdata, ra->len);
    pd_row_model_add (model, rb->pdata, rb->len);
    pd_row_model_add (model, rc->pdata, rc->len);
  }

  /* a row changes what the sorter looks at: it moves (a string object's
   * string cannot change: the sorter is told that 5 now sorts as 0) */
  descending = FALSE;
  gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_INVERTED);
  mirror_check (m);
  check_order (G_LIST_MODEL (model), all, 8);
  moved = ra->pdata[0];   /* 5 */
  pd_row_model_row_changed (model, moved);
  mirror_check (m);
  check_order (G_LIST_MODEL (model), moved_first, 8);
  moved = NULL;

  pd_row_model_remove_all (model);
  mirror_check (m);
  g_assert_cmpuint (pd_row_model_get_n_rows (model), ==, 0);
  mirror_free (m);
}

static void
test_selection_follows_the_row (void)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));
  g_autoptr(GtkFilter) filter = GTK_FILTER (gtk_custom_filter_new (keep, NULL, NULL));
  g_autoptr(PdRowModel) model = pd_row_model_new (GTK_TYPE_STRING_OBJECT, sorter, filter);
  g_autoptr(PdRowSelection) selection = NULL;
  static const int values[] = { 10, 20, 30, 40, 50, 60 };
  g_autoptr(GPtrArray) rows = rows_of (values, 6);
  g_autoptr(PdRowSlot) slot0 = NULL;
  g_autoptr(PdRowSlot) slot1 = NULL;
  g_autoptr(PdRowSlot) slot2 = NULL;
  gpointer thirty = rows->pdata[2];
  Mirror *m;

  descending = FALSE;
  divisor = 1;
  pd_row_model_add (model, rows->pdata, rows->len);
  selection = pd_row_selection_new (model);
  m = mirror_new (G_LIST_MODEL (selection));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 6);
  slot0 = g_list_model_get_item (G_LIST_MODEL (selection), 0);
  slot1 = g_list_model_get_item (G_LIST_MODEL (selection), 1);
  slot2 = g_list_model_get_item (G_LIST_MODEL (selection), 2);
  g_assert_true (pd_row_slot_get_row (slot0) == rows->pdata[0]);

  /* a selection is a row: it keeps it wherever the sorter puts it */
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 2, TRUE));
  g_assert_true (pd_row_selection_get_selected_row (selection) == thirty);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (selection), 2));
  descending = TRUE;
  gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_INVERTED);
  mirror_check (m);
  g_assert_cmpuint (pd_row_selection_get_selected (selection), ==, 3);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (selection), 3));
  g_assert_false (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (selection), 2));
  /* the slots stay, their rows change */
  g_assert_cmpint (value_of (pd_row_slot_get_row (slot0)), ==, 60);
  g_assert_cmpint (value_of (pd_row_slot_get_row (slot1)), ==, 50);

  /* a filter that keeps it: it stays selected; one that hides it: none */
  divisor = 3;   /* 60, 30 */
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_MORE_STRICT);
  mirror_check (m);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 2);
  g_assert_cmpuint (pd_row_selection_get_selected (selection), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (selection), 2));
  g_assert_null (pd_row_slot_get_row (slot2));   /* past the end now */
  divisor = 4;   /* 40 */
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  mirror_check (m);
  g_assert_null (pd_row_selection_get_selected_row (selection));
  g_assert_cmpuint (pd_row_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (pd_row_selection_select_row (selection, thirty));
  divisor = 1;
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_LESS_STRICT);
  mirror_check (m);
  g_assert_true (pd_row_selection_select_row (selection, thirty));
  g_assert_cmpuint (pd_row_selection_get_selected (selection), ==, 3);
  g_assert_true (gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (selection)));
  g_assert_null (pd_row_selection_get_selected_row (selection));
  mirror_free (m);
}

static void
test_fill (void)
{
  g_autoptr(PdRowModel) model = pd_row_model_new (GTK_TYPE_STRING_OBJECT, NULL, NULL);
  g_autoptr(PdRowSelection) selection = pd_row_selection_new (model);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) rows = NULL;
  Mirror *m = mirror_new (G_LIST_MODEL (selection));

  for (int i = 0; i < 1000; i++)
    g_array_append_val (values, i);
  rows = rows_of ((int *) values->data, values->len);
  /* no list on screen (no widget, or one not mapped): no frames to keep,
   * all at once (a list on screen fills frame by frame: every dashboard
   * test in app-scheduling loads through that) */
  pd_row_model_add (model, rows->pdata, rows->len);
  g_assert_false (pd_row_selection_get_revealing (selection));
  mirror_check (m);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1000);
  for (guint i = 0; i < 1000; i += 97)
    {
      g_autoptr(PdRowSlot) slot = g_list_model_get_item (G_LIST_MODEL (selection), i);

      g_assert_true (pd_row_slot_get_row (slot) == rows->pdata[i]);
    }
  /* emptied and filled again while revealing: never stuck */
  pd_row_model_remove_all (model);
  mirror_check (m);
  pd_row_model_add (model, rows->pdata, rows->len);
  pd_row_model_remove_all (model);
  pd_row_model_add (model, rows->pdata, 10);
  mirror_check (m);
  while (pd_row_selection_get_revealing (selection))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 10);
  mirror_check (m);
  mirror_free (m);
}

/* --- the dashboard's rows ---------------------------------------------------- */

static PdInspectionObject *
inspection_row (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  PdListRow row = { .item = node, .names = pd_insp_row_fields () };

  g_assert_nonnull (node);
  return pd_inspection_object_new_from_row (&row);
}

static char *
sla_label_of (PdInspectionObject *o)
{
  char *label = NULL;

  g_object_get (o, "sla-label", &label, NULL);
  return label;
}

static void
count_notify_cb (GObject    *o,
                 GParamSpec *pspec,
                 guint      *n)
{
  (*n)++;
}

/* The SLA clock's label is made when first read, and again (with a
 * notify) when what it shows changes. */
/* The search text's fold: ASCII lowered 16 bytes at a time, as
 * g_utf8_casefold would, at every length around the blocks' edges; text
 * with any byte beyond ASCII normalized and casefolded. */
static void
test_fold (void)
{
  /* '@' and '[' sit either side of 'A'..'Z'; DEL and '`' too of a..z */
  static const char alphabet[] = "AZaz@[`{09 -Mx\x7f";

  for (guint len = 0; len <= 70; len++)
    {
      g_autofree char *text = g_malloc (len + 1);
      g_autofree char *folded = NULL;
      g_autofree char *expected = NULL;

      for (guint i = 0; i < len; i++)
        text[i] = alphabet[(i * 7 + len) % (sizeof alphabet - 1)];
      text[len] = '\0';
      folded = pd_inspection_fold (text);
      expected = g_utf8_casefold (text, -1);
      g_assert_cmpstr (folded, ==, expected);
      g_assert_cmpuint (strlen (folded), ==, len);
    }
  for (guint at = 0; at < 40; at++)
    {
      /* a non-ASCII letter at every place, in the blocks or after them */
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *folded = NULL;
      g_autofree char *want = NULL;

      for (guint i = 0; i < 40; i++)
        g_string_append (text, i == at ? "\xc3\x89" : "K");   /* É */
      folded = pd_inspection_fold (text->str);
      g_string_replace (text, "K", "k", 0);
      g_string_replace (text, "\xc3\x89", "e\xcc\x81", 0);   /* e and a combining acute (NFKD) */
      want = g_strdup (text->str);
      g_assert_cmpstr (folded, ==, want);
    }
  g_assert_null (pd_inspection_fold (NULL));
}

static void
test_sla_label (void)
{
  g_autoptr(PdInspectionObject) running = inspection_row (
    "{\"ref\": \"R-1\", \"status\": \"accepted\", \"sla_target_minutes\": 120, \"sla_minutes\": 85}");
  g_autoptr(PdInspectionObject) late = inspection_row (
    "{\"ref\": \"R-1\", \"status\": \"accepted\", \"sla_target_minutes\": 120, \"sla_minutes\": 250}");
  g_autoptr(PdInspectionObject) closed = inspection_row (
    "{\"ref\": \"R-2\", \"status\": \"completed\", \"late\": true}");
  g_autoptr(PdInspectionObject) open = inspection_row ("{\"ref\": \"R-3\", \"status\": \"submitted\"}");
  g_autoptr(PdInspectionObject) nothing = inspection_row ("{\"status\": \"submitted\"}");
  g_autofree char *a = sla_label_of (running);
  g_autofree char *b = NULL;
  guint notified = 0;

  g_assert_null (nothing);   /* no ref: not a row */
  g_assert_cmpstr (a, ==, "35 min left");
  g_clear_pointer (&a, g_free);
  a = sla_label_of (closed);
  g_assert_cmpstr (a, ==, "Late");
  b = sla_label_of (open);
  g_assert_cmpstr (b, ==, "On time");
  g_assert_cmpstr (pd_inspection_object_get_status (open), ==, "submitted");

  g_signal_connect (running, "notify::sla-label", G_CALLBACK (count_notify_cb), &notified);
  g_assert_true (pd_inspection_object_update (running, late));   /* the urgency changed */
  g_assert_cmpuint (notified, ==, 1);
  g_clear_pointer (&a, g_free);
  a = sla_label_of (running);
  g_assert_cmpstr (a, ==, "Late +2 h");
}

/* --- a list on screen ------------------------------------------------------- */

/* A row widget: a label showing its slot's row. */
static void
label_follow (GtkListItem *item)
{
  PdRowSlot *slot = gtk_list_item_get_item (item);
  gpointer row = slot != NULL ? pd_row_slot_get_row (slot) : NULL;

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      row != NULL ? gtk_string_object_get_string (row) : "");
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          GPtrArray                *items)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
  g_ptr_array_add (items, item);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  g_signal_connect_swapped (gtk_list_item_get_item (item), "notify::row", G_CALLBACK (label_follow), item);
  label_follow (item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  g_signal_handlers_disconnect_by_data (gtk_list_item_get_item (item), item);
}

static void
teardown_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             GPtrArray                *items)
{
  g_ptr_array_remove (items, item);
}

/* Row widgets that show another row than their position's: those on
 * screen (in @viewport), or all of them. */
static guint
count_wrong (GPtrArray      *items,
             PdRowSelection *selection,
             GtkWidget      *viewport,
             gboolean        on_screen_only)
{
  guint wrong = 0;

  for (guint i = 0; i < items->len; i++)
    {
      GtkListItem *item = items->pdata[i];
      GtkWidget *label = gtk_list_item_get_child (item);
      guint position = gtk_list_item_get_position (item);
      gpointer row = pd_row_selection_get_row (selection, position);
      graphene_rect_t bounds;

      if (position == GTK_INVALID_LIST_POSITION || row == NULL)
        continue;
      if (on_screen_only &&
          (!gtk_widget_get_mapped (label) || !gtk_widget_compute_bounds (label, viewport, &bounds) ||
           bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= gtk_widget_get_height (viewport)))
        continue;
      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), gtk_string_object_get_string (row)) != 0)
        wrong++;
    }
  return wrong;
}

static void
iterate_for (guint ms)
{
  for (gint64 end = g_get_monotonic_time () + ms * 1000; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);
}

/* After a filter or a sort, the row widgets on screen show their new rows
 * at once; the ones GTK keeps off screen follow over the next frames, and
 * at once when scrolled to. */
static void
test_on_screen (void)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));
  g_autoptr(GtkFilter) filter = GTK_FILTER (gtk_custom_filter_new (keep, NULL, NULL));
  g_autoptr(PdRowModel) model = pd_row_model_new (GTK_TYPE_STRING_OBJECT, sorter, filter);
  g_autoptr(PdRowSelection) selection = pd_row_selection_new (model);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window, *scrolled, *list;
  GtkAdjustment *adjustment;

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return;
    }
  descending = FALSE;
  divisor = 1;
  for (int i = 0; i < 1000; i++)
    g_array_append_val (values, i);
  rows = rows_of ((int *) values->data, values->len);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), items);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cb), items);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (selection)), factory);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 200);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  pd_row_selection_set_widget (selection, list);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (list))
    g_main_context_iteration (NULL, TRUE);

  pd_row_model_add (model, rows->pdata, rows->len);
  while (pd_row_selection_get_revealing (selection))
    g_main_context_iteration (NULL, TRUE);
  iterate_for (200);
  g_assert_cmpuint (items->len, >, 50);   /* many more than the screen shows */
  g_assert_cmpuint (count_wrong (items, selection, scrolled, FALSE), ==, 0);

  /* a filter: on screen at once, the rest a few frames later */
  divisor = 3;
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpuint (count_wrong (items, selection, scrolled, TRUE), ==, 0);
  g_assert_cmpuint (count_wrong (items, selection, scrolled, FALSE), >, 0);
  iterate_for (500);
  g_assert_cmpuint (count_wrong (items, selection, scrolled, FALSE), ==, 0);

  /* a sort, then scrolled to the middle before any frame */
  descending = TRUE;
  gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_INVERTED);
  g_assert_cmpuint (count_wrong (items, selection, scrolled, TRUE), ==, 0);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_wrong (items, selection, scrolled, TRUE), ==, 0);
  iterate_for (500);
  g_assert_cmpuint (count_wrong (items, selection, scrolled, FALSE), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/rows/sort-filter-batches", GINT_TO_POINTER (TRUE), test_sort_filter_batches);
  g_test_add_data_func ("/rows/sort-filter-batches/hidden-unsorted", GINT_TO_POINTER (FALSE),
                        test_sort_filter_batches);
  g_test_add_func ("/rows/selection-follows-the-row", test_selection_follows_the_row);
  g_test_add_func ("/rows/fill", test_fill);
  g_test_add_func ("/rows/on-screen", test_on_screen);
  g_test_add_func ("/rows/sla-label", test_sla_label);
  g_test_add_func ("/rows/fold", test_fold);
  return g_test_run ();
}
