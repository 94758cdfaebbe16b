/* pd-row-cell.h: column view cells for lists over a PdRowSelection
 *
 * A cell shows one property of the row its slot holds, and follows both
 * the slot (a new row after a search or a sort) and the row (a live
 * update).  Made in C: GTK 4.8 makes new cells for every row a list
 * brings on screen, and a GtkBuilderListItemFactory parses its template
 * for each (about 1.2 ms a row of nine cells here, 0.5 ms in C).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _PdRowCell PdRowCell;

/* The text of a cell made by a function (free with g_free). */
typedef char *(*PdRowCellText) (gpointer         row,
                                const PdRowCell *cell);

struct _PdRowCell {
  const char *text;      /* a string property shown in a GtkInscription, or NULL */
  const char *icon;      /* or an icon-name property shown in a GtkImage */
  const char *tooltip;   /* a string property for the tooltip, or NULL */
  const char *classes;   /* a GStrv property of CSS classes for the cell, or NULL */
  guint       min_chars; /* the inscription's width in characters, least (0: 6) */
  guint       chars;     /* and natural (0: 14) */
  PdRowCellText text_func; /* or the text of a GtkInscription from a function */
  gconstpointer data;    /* for text_func */
};

/* @cell must outlive the factory (a static table). */
GtkListItemFactory *pd_row_cell_factory_new (const PdRowCell *cell);

G_END_DECLS
