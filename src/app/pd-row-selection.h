/* pd-row-selection.h: a list view's model over a PdRowModel, by position
 *
 * GTK 4.8's list views make new row widgets for every item an
 * items-changed removes and adds (up to 200 rows of cells: 100 ms and
 * more), so a search that changes the rows on screen stalls the window.
 * Here the items are positions (PdRowSlot): when the rows change, the
 * slots on screen show their new row (::notify "row", which the cells'
 * expressions follow) and items-changed only tells the change in count,
 * at the end; slots off screen (GTK keeps up to 200 rows of widgets
 * beyond it) follow a few a frame, or at once when scrolled to.  A first
 * fill of a list on screen shows a few rows more per frame of that list,
 * as many as the frame's budget allows (PdPacer), up to 240.
 *
 * One row is selected at a time, by row: it keeps its selection wherever
 * the sorter moves it, and loses it when the filter hides it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-row-model.h"

G_BEGIN_DECLS

#define PD_TYPE_ROW_SLOT (pd_row_slot_get_type ())
G_DECLARE_FINAL_TYPE (PdRowSlot, pd_row_slot, PD, ROW_SLOT, GObject)

/* The row shown at the slot's position (NULL past the end).  The slot
 * notifies "row" when it shows another row and when its row notifies a
 * change: a cell follows the slot alone. */
gpointer        pd_row_slot_get_row                (PdRowSlot      *self);

#define PD_TYPE_ROW_SELECTION (pd_row_selection_get_type ())
G_DECLARE_FINAL_TYPE (PdRowSelection, pd_row_selection, PD, ROW_SELECTION, GObject)

PdRowSelection *pd_row_selection_new               (PdRowModel     *rows);
/* The row at @position of the rows shown (no new reference). */
gpointer        pd_row_selection_get_row           (PdRowSelection *self,
                                                    guint           position);
gpointer        pd_row_selection_get_selected_row  (PdRowSelection *self);
/* GTK_INVALID_LIST_POSITION when none. */
guint           pd_row_selection_get_selected      (PdRowSelection *self);
/* Selects @row (NULL: none), shown now or once a first fill reaches it;
 * FALSE when it is not in the model. */
gboolean        pd_row_selection_select_row        (PdRowSelection *self,
                                                    gpointer        row);
/* The list view shown over the selection, whose frames pace a first fill
 * (NULL, or a list not mapped: all rows at once). */
void            pd_row_selection_set_widget        (PdRowSelection *self,
                                                    GtkWidget      *widget);
/* TRUE while the first rows are still being shown frame by frame. */
gboolean        pd_row_selection_get_revealing     (PdRowSelection *self);

G_END_DECLS
