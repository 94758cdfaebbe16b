/* pd-store-private.h: shared internals of the pd-store*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "pd-store.h"

G_BEGIN_DECLS

struct _PdStore
{
  GObject  parent_instance;
  sqlite3 *db;
  GMutex   lock;
  char    *path;
  int      schema_version;
};

struct _PdStoreTx
{
  PdStore  *store;
  gboolean  done;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3_stmt *_pd_store_prepare   (PdStoreTx     *tx,
                                   const char    *sql,
                                   GError       **error);
gboolean      _pd_store_step_done (PdStoreTx     *tx,
                                   sqlite3_stmt  *stmt,
                                   GError       **error);
gboolean      _pd_store_exec      (PdStoreTx     *tx,
                                   const char    *sql,
                                   GError       **error);
void          _pd_store_set_error (PdStoreTx     *tx,
                                   GError       **error,
                                   const char    *what);
void          _pd_bind_text       (sqlite3_stmt  *stmt,
                                   int            idx,
                                   const char    *value);
char         *_pd_column_dup      (sqlite3_stmt  *stmt,
                                   int            col);
void          _pd_column_hash     (sqlite3_stmt  *stmt,
                                   int            col,
                                   guint8         out[32]);

G_END_DECLS
