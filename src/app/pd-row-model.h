/* pd-row-model.h: the rows of a list, sorted and filtered, as one model
 *
 * The model under the app's large lists.  GTK 4.8's GtkSortListModel and
 * GtkFilterListModel pass over every row below them on each change there,
 * so splicing rows in batches or searching 100k rows stalls the window.
 * Here the rows are sorted with a GtkSorter (the column view's) in one
 * sort, a batch of new rows is sorted and merged in, a filter result is
 * kept per row, and every change reaches the views as one items-changed
 * over the range of positions that changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_ROW_MODEL (pd_row_model_get_type ())
G_DECLARE_FINAL_TYPE (PdRowModel, pd_row_model, PD, ROW_MODEL, GObject)

/* Rows of @item_type, shown in the order of @sorter (NULL: as added) when
 * @filter (NULL: all) matches them.  Sorts and filters again when they
 * change. */
PdRowModel *pd_row_model_new           (GType        item_type,
                                        GtkSorter   *sorter,
                                        GtkFilter   *filter);
/* FALSE: rows the filter hides are kept unsorted, and sorted in when it
 * shows them again: for a filter that hides most rows (a day of a port's
 * requests), so that a batch merges into the rows shown only.  Set before
 * any row is added; default TRUE (a filter that often shows most rows
 * again, as a search cleared). */
void        pd_row_model_set_sort_hidden (PdRowModel *self,
                                        gboolean    sort_hidden);
/* Adds @n rows (references taken). */
void        pd_row_model_add           (PdRowModel  *self,
                                        gpointer    *rows,
                                        guint        n);
void        pd_row_model_remove_all    (PdRowModel  *self);
/* @row changed what the sorter or the filter look at: it moves. */
void        pd_row_model_row_changed   (PdRowModel  *self,
                                        gpointer     row);
/* The row shown at @position (no new reference), NULL past the end. */
gpointer    pd_row_model_peek          (PdRowModel  *self,
                                        guint        position);
/* Where @row is shown, GTK_INVALID_LIST_POSITION when it is not. */
guint       pd_row_model_find          (PdRowModel  *self,
                                        gpointer     row);
/* Every row, shown or not. */
guint       pd_row_model_get_n_rows    (PdRowModel  *self);

G_END_DECLS
