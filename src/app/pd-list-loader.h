/* pd-list-loader.h: every page of a /v1 list, built into rows off the
 * main thread
 *
 * The one way the app loads a list.  Pages ({items, total, next}) are
 * fetched, parsed and turned into row objects in worker threads, which hand
 * the rows to the main thread in order a block at a time as they are built
 * (the model fills while the rest of a large page is built); the rows
 * reach the list as ::rows batches of at most 500 rows, handed over in the
 * update phase of the list's frames, as many as the frame's budget allows
 * (PdPacer), so that adding them to a model never holds a frame up for
 * long (all at once when the list is not on screen).
 *
 * Items are JSON objects, or in a list's compact form ({"fields":
 * [names], "items": [[values]]}) arrays of values in the order of
 * "fields": PdListRow reads either by field name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

typedef struct {
  JsonNode           *item;
  const char * const *names;     /* the loader's fields */
  const int          *positions; /* compact form: field -> index in item, -1 when absent */
  JsonArray          *values;    /* compact form: the item's values ... */
  guint               n_values;  /* ... and how many */
} PdListRow;

/* Field @field (an index into the loader's fields) of @row; NULL, @fallback
 * or FALSE when absent, null or of another type. */
const char *pd_list_row_get_string (const PdListRow *row,
                                    guint            field);
gint64      pd_list_row_get_int    (const PdListRow *row,
                                    guint            field,
                                    gint64           fallback);
gboolean    pd_list_row_get_bool   (const PdListRow *row,
                                    guint            field);
/* The item when it is an object (NULL in the compact form). */
JsonObject *pd_list_row_get_object (const PdListRow *row);

/* Runs in a worker thread: the row object for @row (a new reference), or
 * NULL to leave the item out. */
typedef gpointer (*PdListBuildFunc) (const PdListRow *row,
                                     gpointer         user_data);

#define PD_TYPE_LIST_LOADER (pd_list_loader_get_type ())
G_DECLARE_FINAL_TYPE (PdListLoader, pd_list_loader, PD, LIST_LOADER, GObject)

/* @path is the list route with its query, without limit and cursor.
 * @fields: the names PdListRow reads (NULL-terminated, kept).  @build
 * must be safe to call from any thread. */
PdListLoader *pd_list_loader_new            (PdServiceClient    *client,
                                             const char         *path,
                                             const char * const *fields,
                                             PdListBuildFunc     build,
                                             gpointer            user_data);
/* Rows in the first page (which shows at once) and in each later page. */
void          pd_list_loader_set_page_sizes (PdListLoader       *self,
                                             guint               first,
                                             guint               rest);
/* The route takes ?offset= (its cursor is the offset of the next page):
 * after the first page, up to @in_flight pages are asked at once. */
void          pd_list_loader_set_offset_pages (PdListLoader     *self,
                                             guint               in_flight);
/* The list view the rows go to, whose frames pace the batches (weak;
 * NULL or not mapped: batches go as soon as they are in). */
void          pd_list_loader_set_widget     (PdListLoader       *self,
                                             GtkWidget          *widget);
/* Stops after @max_rows rows (default: all). */
void          pd_list_loader_set_max_rows   (PdListLoader       *self,
                                             guint               max_rows);
/* A list followed by cursors that stopped at max_rows while it goes on
 * (has_more): @n_more rows further, from where it stopped; FALSE when there
 * is nothing more or a load is under way. */
gboolean      pd_list_loader_more           (PdListLoader       *self,
                                             guint               n_more);
gboolean      pd_list_loader_get_has_more   (PdListLoader       *self);
/* Loads from the first page, cancelling a load under way. */
void          pd_list_loader_start          (PdListLoader       *self);
/* Lists @path from now on (the next start). */
void          pd_list_loader_set_path       (PdListLoader       *self,
                                             const char         *path);
void          pd_list_loader_cancel         (PdListLoader       *self);
/* Loads the rows of @page (a list page) as if the service had answered
 * it, through the same workers and batches (benchmarks). */
void          pd_list_loader_load_page      (PdListLoader       *self,
                                             JsonNode           *page);
gboolean      pd_list_loader_get_loading    (PdListLoader       *self);
/* The list's total as the first page told it (-1 before, or when untold). */
gint64        pd_list_loader_get_total      (PdListLoader       *self);
/* Milliseconds of the last load: from the start to the last page in,
 * worker time spent parsing pages and building rows. */
void          pd_list_loader_get_timing     (PdListLoader       *self,
                                             double             *fetch_ms,
                                             double             *build_ms);

G_END_DECLS
