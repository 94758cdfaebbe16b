/* pd-table-view.h: a sortable GtkColumnView over a paged /v1 list
 *
 * Loads {items:[…], next} pages from the service until next is null (or
 * max_rows are there) and shows one column per member.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "pd-role.h"
#include "pd-service-client.h"
#include "pd-view.h"

G_BEGIN_DECLS

/* Returns the cell text for @member of @row (free with g_free). */
typedef char *(*PdTableFormat) (JsonObject *row,
                                const char *member);

typedef struct {
  const char    *member;
  const char    *title;     /* translatable (N_) */
  gboolean       expand;
  PdTableFormat  format;    /* NULL: the member as text */
  gboolean       numeric;   /* sort by the member's integer value */
  int            chars;     /* natural width in characters; 0: default */
  gboolean       whole;     /* never narrower than @chars (identifiers); else down to 6 */
} PdTableColumn;

/* A column of times (pd_table_format_time ()): never cut short. */
#define PD_TABLE_TIME_COLUMN(member, title) { (member), (title), FALSE, pd_table_format_time, FALSE, 16, TRUE }

#define PD_TYPE_TABLE_VIEW (pd_table_view_get_type ())
G_DECLARE_FINAL_TYPE (PdTableView, pd_table_view, PD, TABLE_VIEW, AdwBin)

/* @path NULL: the rows are given (pd_table_view_set_rows), @client may be NULL. */
PdTableView *pd_table_view_new          (PdServiceClient     *client,
                                         const char          *path,
                                         const PdTableColumn *columns,
                                         guint                n_columns,
                                         guint                max_rows);
void         pd_table_view_reload       (PdTableView         *self);
/* Lists @path from now on, and loads it. */
void         pd_table_view_set_path     (PdTableView         *self,
                                         const char          *path);
gboolean     pd_table_view_get_loading  (PdTableView         *self);
guint        pd_table_view_get_n_rows   (PdTableView         *self);
const char  *pd_table_view_get_error    (PdTableView         *self);
/* The row selected (borrowed; NULL: none), and selecting shown row @row
 * (in the order shown; the "selected" signal tells of each change). */
JsonObject  *pd_table_view_get_selected (PdTableView         *self);
gboolean     pd_table_view_select       (PdTableView         *self,
                                         guint                row);
/* Selects the row whose string @member is @value; FALSE when none is. */
gboolean     pd_table_view_select_member (PdTableView        *self,
                                         const char          *member,
                                         const char          *value);
/* The rows of a table made without a path (@rows: objects; NULL: none). */
void         pd_table_view_set_rows     (PdTableView         *self,
                                         JsonArray           *rows);
/* For a list followed by cursors that stopped at its rows' maximum while it
 * goes on: as many rows again (scrolling near the end does it); FALSE when
 * there is nothing more or a load is under way. */
gboolean     pd_table_view_load_more    (PdTableView         *self);
/* The text of a cell as shown (tests). */
char        *pd_table_view_dup_cell     (PdTableView         *self,
                                         guint                row,
                                         guint                column);

char        *pd_table_format_time       (JsonObject          *row,
                                         const char          *member);
/* A role's title ("Port Director"), of a PdRole or of a row's member. */
const char  *pd_role_title              (PdRole               role);
char        *pd_table_format_role       (JsonObject          *row,
                                         const char          *member);

G_END_DECLS
