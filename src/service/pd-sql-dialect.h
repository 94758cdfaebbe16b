/* pd-sql-dialect.h: PortDesk's SQL as written for SQLite, rewritten for
 * PostgreSQL; every dialect difference lives in pd-sql-dialect.c
 * (the rules are listed in docs/postgresql.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_TYPE_SQL_DIALECT (pd_sql_dialect_get_type ())
G_DECLARE_FINAL_TYPE (PdSqlDialect, pd_sql_dialect, PD, SQL_DIALECT, GObject)

/* A dialect remembers the keys (primary key, UNIQUE constraints and
 * unique indexes) of the tables whose CREATE / ALTER / DROP it has
 * translated: INSERT OR REPLACE needs them for its ON CONFLICT target.
 * Feed it the migrations first (pd_store_migrations ()). */
PdSqlDialect *pd_sql_dialect_new          (void);

/* @sql: one or more statements as PortDesk writes them for SQLite.
 * Returns the same statements for PostgreSQL ("" when all were dropped,
 * e.g. PRAGMAs), separated by ";\n" when there are several; NULL with
 * PD_ERROR_INVALID naming the construct when something cannot be
 * translated (never a silent pass-through of SQLite-only SQL). */
char         *pd_sql_dialect_to_postgres  (PdSqlDialect  *self,
                                           const char    *sql,
                                           GError       **error);

typedef struct {
  guint    n_params;     /* the highest ?N */
  gboolean returns_id;  /* one INSERT given "RETURNING <its identity key>" */
} PdSqlInfo;

/* As pd_sql_dialect_to_postgres (), for the store's statements: an
 * INSERT into a table with an identity key (INTEGER PRIMARY KEY) and no
 * RETURNING of its own is made to return the key (the row's id, as
 * SQLite's last_insert_rowid ()); @info says so and how many parameters
 * the statement takes. */
char         *pd_sql_dialect_translate    (PdSqlDialect  *self,
                                           const char    *sql,
                                           PdSqlInfo     *info,
                                           GError       **error);

G_END_DECLS
