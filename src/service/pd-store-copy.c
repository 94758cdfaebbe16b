/* pd-store-copy.c: a workstation's SQLite store copied into PostgreSQL
 * (portdeskctl store migrate)
 *
 * The target's schema is the product's own: an empty database is
 * migrated by pd_store_open_postgres () as a daemon would.  Then, in one
 * transaction (all or nothing), every table of that schema is checked
 * empty (but for what the migrations themselves insert), filled with
 * COPY in an order its foreign keys allow, each row with its ids, and
 * every identity moved past the highest id the source gave out (SQLite's
 * AUTOINCREMENT counter included), so new rows never clash.  The source
 * is read in one transaction of its own: one consistent state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <math.h>
#include <string.h>

#include "pd-error.h"
#include "pd-store-private.h"

/* COPY data is sent in pieces of about this size */
#define COPY_PIECE (1 << 20)

typedef struct {
  char      *name;
  GPtrArray *columns;     /* char *, in the table's order */
  GArray    *is_bytea;    /* gboolean, by column */
  char      *identity;    /* the identity column, or NULL */
  gint64     seeded;      /* rows a new database has (the migrations insert them) */
} Table;

static void
table_free (Table *t)
{
  g_free (t->name);
  g_ptr_array_unref (t->columns);
  g_array_unref (t->is_bytea);
  g_free (t->identity);
  g_free (t);
}

/* @name as a quoted SQL identifier (both dialects) */
static char *
quote_ident (const char *name)
{
  g_autoptr(GString) s = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* A query without parameters, prepared as @name on @pg. */
static PdPgResult *
pg_query (PdPg        *pg,
          const char  *name,
          const char  *sql,
          GError     **error)
{
  if (!pd_pg_prepare (pg, name, sql, 0, NULL, error))
    return NULL;
  return pd_pg_run (pg, name, NULL, error);
}

/* The tables of @conninfo's current schema (connected apart, before the
 * store touches it): none, or PortDesk's at @version; anything else is
 * refused and left as it is. */
static gboolean
check_target (const char  *conninfo,
              int          version,
              GError     **error)
{
  g_autoptr(PdPg) pg = pd_pg_connect (conninfo, error);
  g_autoptr(PdPgResult) tables = NULL;
  g_autoptr(PdPgResult) schema = NULL;
  gboolean has_schema = FALSE;
  int target_version;

  if (pg == NULL)
    return FALSE;
  tables = pg_query (pg, "tables",
                     "SELECT relname FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema ())"
                     " AND relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY relname", error);
  if (tables == NULL)
    return FALSE;
  for (int i = 0; i < pd_pg_result_n_rows (tables); i++)
    has_schema |= g_str_equal (pd_pg_result_get_text (tables, i, 0), "schema");
  if (pd_pg_result_n_rows (tables) == 0)
    return TRUE;
  if (!has_schema)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT,
                   "The target database is not empty: it has a table %s and is no PortDesk database",
                   pd_pg_result_get_text (tables, 0, 0));
      return FALSE;
    }
  schema = pg_query (pg, "version", "SELECT max(version) FROM schema", error);
  if (schema == NULL)
    return FALSE;
  target_version = (int) pd_pg_result_get_int (schema, 0, 0);
  if (target_version != version)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT,
                   "The target database has PortDesk schema version %d, the source %d: "
                   "copy only into a new database or one at the same version", target_version, version);
      return FALSE;
    }
  return TRUE;
}

/* Rows by table that the migrations insert into a new database (counted
 * on a new in-memory SQLite database: the same list, the same rows). */
static GHashTable *
seeded_rows (GError **error)
{
  g_autoptr(GHashTable) seeded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n_migrations;
  const char * const *migrations = pd_store_migrations (&n_migrations);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *msg = NULL;

  if (sqlite3_open (":memory:", &db) != SQLITE_OK)
    goto failed;
  for (guint v = 0; v < n_migrations; v++)
    if (sqlite3_exec (db, migrations[v], NULL, NULL, &msg) != SQLITE_OK)
      goto failed;
  if (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'", -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_clear_pointer (&stmt, sqlite3_finalize);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *quoted = quote_ident (names->pdata[i]);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", quoted);
      gint64 n;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
        goto failed;
      n = sqlite3_column_int64 (stmt, 0);
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (n > 0)
        g_hash_table_insert (seeded, g_strdup (names->pdata[i]), GINT_TO_POINTER ((int) n));
    }
  sqlite3_close (db);
  return g_steal_pointer (&seeded);

failed:
  g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "Cannot make a new schema to compare with: %s",
               msg != NULL ? msg : db != NULL ? sqlite3_errmsg (db) : "out of memory");
  sqlite3_free (msg);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return NULL;
}

/* The target's tables (but "schema"), their columns and identities, in
 * an order where every table comes after those its foreign keys name (a
 * table naming itself is fine: a COPY's keys are checked at its end). */
static GPtrArray *
target_tables (PdPg        *pg,
               GHashTable  *seeded,
               GError     **error)
{
  g_autoptr(PdPgResult) cols = NULL;
  g_autoptr(PdPgResult) fks = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);

  cols = pg_query (pg, "copy_columns",
                   "SELECT c.relname, a.attname, a.atttypid = 'bytea'::regtype, a.attidentity <> ''"
                   " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                   " WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema ()) AND c.relkind = 'r'"
                   " AND c.relname <> 'schema' AND a.attnum > 0 AND NOT a.attisdropped"
                   " ORDER BY c.relname, a.attnum", error);
  if (cols == NULL)
    return NULL;
  for (int i = 0; i < pd_pg_result_n_rows (cols); i++)
    {
      const char *name = pd_pg_result_get_text (cols, i, 0);
      Table *t = g_hash_table_lookup (by_name, name);
      gboolean bytea = pd_pg_result_get_int (cols, i, 2) != 0;

      if (t == NULL)
        {
          t = g_new0 (Table, 1);
          t->name = g_strdup (name);
          t->columns = g_ptr_array_new_with_free_func (g_free);
          t->is_bytea = g_array_new (FALSE, FALSE, sizeof (gboolean));
          t->seeded = GPOINTER_TO_INT (g_hash_table_lookup (seeded, name));
          g_ptr_array_add (all, t);
          g_hash_table_insert (by_name, t->name, t);
        }
      g_ptr_array_add (t->columns, g_strdup (pd_pg_result_get_text (cols, i, 1)));
      g_array_append_val (t->is_bytea, bytea);
      if (pd_pg_result_get_int (cols, i, 3) != 0)
        t->identity = g_strdup (pd_pg_result_get_text (cols, i, 1));
    }

  fks = pg_query (pg, "copy_fks",
                  "SELECT c.relname, f.relname FROM pg_constraint k"
                  " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid"
                  " WHERE k.contype = 'f' AND k.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema ())", error);
  if (fks == NULL)
    return NULL;
  /* Kahn's way, in rounds: a table goes once every table it names has gone */
  while (all->len > 0)
    {
      g_autoptr(GPtrArray) round = g_ptr_array_new ();

      for (guint i = 0; i < all->len; i++)
        {
          Table *t = all->pdata[i];
          gboolean ready = TRUE;

          for (int k = 0; ready && k < pd_pg_result_n_rows (fks); k++)
            ready = !g_str_equal (pd_pg_result_get_text (fks, k, 0), t->name)
                    || g_str_equal (pd_pg_result_get_text (fks, k, 1), t->name)
                    || g_hash_table_contains (placed, pd_pg_result_get_text (fks, k, 1));
          if (ready)
            g_ptr_array_add (round, t);
        }
      if (round->len == 0)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INTERNAL,
                               "The schema's foreign keys go round in a circle: no order to copy its tables in");
          return NULL;
        }
      for (guint i = 0; i < round->len; i++)
        {
          Table *t = round->pdata[i];
          guint at = 0;
          gboolean found = g_ptr_array_find (all, t, &at);

          g_assert (found);
          g_hash_table_add (placed, t->name);
          g_ptr_array_add (ordered, g_ptr_array_steal_index (all, at));
        }
    }
  return g_steal_pointer (&ordered);
}

/* The source's columns of @t match the target's (the same schema version
 * both sides: only a hand-made change could differ). */
static gboolean
check_source_columns (PdStoreTx  *tx,
                      Table      *t,
                      GError    **error)
{
  g_autofree char *quoted = quote_ident (t->name);
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s')", t->name);
  g_autoptr(PdStmt) stmt = NULL;
  g_autoptr(GHashTable) source = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if (strchr (t->name, '\'') != NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "An odd table name: %s", quoted);
      return FALSE;
    }
  stmt = _pd_store_prepare (tx, sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    g_hash_table_add (source, g_strdup (pd_stmt_column_text (stmt, 0)));
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, t->name);
      return FALSE;
    }
  if (g_hash_table_size (source) == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "The source database has no table %s", t->name);
      return FALSE;
    }
  for (guint i = 0; i < t->columns->len; i++)
    if (!g_hash_table_remove (source, t->columns->pdata[i]))
      {
        g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "The source database's table %s has no column %s",
                     t->name, (char *) t->columns->pdata[i]);
        return FALSE;
      }
  if (g_hash_table_size (source) > 0)
    {
      g_autoptr(GList) extra = g_hash_table_get_keys (source);

      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "The source database's table %s has a column %s "
                   "that the target's has not", t->name, (char *) extra->data);
      return FALSE;
    }
  return TRUE;
}

/* Every table of the source is one of @tables (but "schema" and
 * SQLite's own). */
static gboolean
check_source_tables (PdStoreTx  *tx,
                     GPtrArray  *tables,
                     GError    **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PdStmt) stmt = NULL;
  int rc;

  for (guint i = 0; i < tables->len; i++)
    g_hash_table_add (names, ((Table *) tables->pdata[i])->name);
  stmt = _pd_store_prepare (tx, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'schema'"
                            " AND name NOT LIKE 'sqlite!_%' ESCAPE '!'", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    if (!g_hash_table_contains (names, pd_stmt_column_text (stmt, 0)))
      {
        g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "The source database has a table %s that the target's "
                     "schema has not", pd_stmt_column_text (stmt, 0));
        return FALSE;
      }
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "the source's tables");
      return FALSE;
    }
  return TRUE;
}

/* Each table has no rows but those a new database has; those go (the
 * source's rows take their place). */
static gboolean
check_empty (PdPg       *pg,
             GPtrArray  *tables,
             GError    **error)
{
  for (guint i = 0; i < tables->len; i++)
    {
      Table *t = tables->pdata[i];
      g_autofree char *quoted = quote_ident (t->name);
      g_autofree char *name = g_strdup_printf ("copy_count_%u", i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM %s LIMIT %" G_GINT64_FORMAT ") AS r",
                                              quoted, t->seeded + 1);
      g_autoptr(PdPgResult) res = pg_query (pg, name, sql, error);
      gint64 n;

      if (res == NULL)
        return FALSE;
      n = pd_pg_result_get_int (res, 0, 0);
      if (n > t->seeded)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT,
                       "The target database is not empty: table %s has rows%s. Copy only into a new, empty database",
                       t->name, t->seeded > 0 ? " besides those of a new database" : "");
          return FALSE;
        }
    }
  for (guint i = 0; i < tables->len; i++)
    {
      Table *t = tables->pdata[i];
      g_autofree char *quoted = quote_ident (t->name);
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", quoted);

      if (t->seeded > 0 && !pd_pg_exec (pg, sql, error))
        return FALSE;
    }
  return TRUE;
}

/* Appends the current row's column @col as a COPY field: integers and
 * text as they are, doubles with every digit that tells them apart
 * (%.17g reads back to the same bits), blobs as bytea hex. */
static gboolean
append_field (GString    *row,
              PdStmt     *stmt,
              int         col,
              gboolean    bytea,
              Table      *t,
              GError    **error)
{
  PdColumnKind kind = pd_stmt_column_kind (stmt, col);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (col > 0)
    g_string_append_c (row, '\t');
  if (bytea && (kind == PD_COLUMN_INTEGER || kind == PD_COLUMN_FLOAT))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Table %s, column %s: a number where bytes belong",
                   t->name, (char *) t->columns->pdata[col]);
      return FALSE;
    }
  switch (kind)
    {
    case PD_COLUMN_NULL:
    default:
      pd_pg_copy_field (row, NULL, 0, FALSE);
      break;
    case PD_COLUMN_INTEGER:
      g_string_append_printf (row, "%" G_GINT64_FORMAT, pd_stmt_column_int64 (stmt, col));
      break;
    case PD_COLUMN_FLOAT:
      {
        double d = pd_stmt_column_double (stmt, col);

        if (isinf (d))
          g_string_append (row, d > 0 ? "Infinity" : "-Infinity");
        else
          g_string_append (row, g_ascii_formatd (buf, sizeof buf, "%.17g", d));
      }
      break;
    case PD_COLUMN_TEXT:
    case PD_COLUMN_BLOB:
      {
        const char *data = kind == PD_COLUMN_TEXT ? pd_stmt_column_text (stmt, col)
                                                  : pd_stmt_column_blob (stmt, col);
        int len = pd_stmt_column_bytes (stmt, col);

        pd_pg_copy_field (row, data != NULL ? data : "", (gsize) len, bytea);
      }
      break;
    }
  return TRUE;
}

/* COPY of every row of @t, checked against the count the target took. */
static gboolean
copy_table (PdStoreTx  *tx,
            PdPg       *pg,
            Table      *t,
            gint64     *out_rows,
            GError    **error)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GString) data = g_string_sized_new (COPY_PIECE + 4096);
  g_autofree char *quoted = quote_ident (t->name);
  g_autofree char *select = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(PdStmt) stmt = NULL;
  GError *local_error = NULL;
  gint64 read = 0, taken = -1;
  int rc;

  for (guint c = 0; c < t->columns->len; c++)
    {
      g_autofree char *col = quote_ident (t->columns->pdata[c]);
      g_string_append_printf (list, "%s%s", c > 0 ? ", " : "", col);
    }
  select = g_strdup_printf ("SELECT %s FROM %s", list->str, quoted);
  copy = g_strdup_printf ("COPY %s (%s) FROM STDIN", quoted, list->str);
  stmt = _pd_store_prepare (tx, select, error);
  if (stmt == NULL || !pd_pg_copy_begin (pg, copy, error))
    return FALSE;
  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    {
      for (guint c = 0; c < t->columns->len; c++)
        if (!append_field (data, stmt, (int) c, g_array_index (t->is_bytea, gboolean, c), t, &local_error))
          {
            pd_pg_copy_abort (pg, local_error->message);
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }
      g_string_append_c (data, '\n');
      read++;
      if (data->len >= COPY_PIECE)
        {
          if (!pd_pg_copy_put (pg, data->str, data->len, error))
            return FALSE;
          g_string_truncate (data, 0);
        }
    }
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, &local_error, t->name);
      pd_pg_copy_abort (pg, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if ((data->len > 0 && !pd_pg_copy_put (pg, data->str, data->len, error)) || !pd_pg_copy_end (pg, &taken, error))
    {
      g_prefix_error (error, "Copying table %s: ", t->name);
      return FALSE;
    }
  if (taken != read)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "Table %s: %" G_GINT64_FORMAT " rows read, "
                   "%" G_GINT64_FORMAT " taken", t->name, read, taken);
      return FALSE;
    }
  *out_rows = read;
  return TRUE;
}

/* The first column of the first row of @sql on the source (0: none). */
static gboolean
source_int (PdStoreTx   *tx,
            const char  *sql,
            const char  *text,
            gint64      *out,
            GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    _pd_bind_text (stmt, 1, text);
  rc = pd_stmt_step (stmt);
  if (rc != PD_ROW && rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, sql);
      return FALSE;
    }
  *out = rc == PD_ROW ? pd_stmt_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* Moves the identity of @t past the highest id the source gave out: its
 * largest, or SQLite's AUTOINCREMENT counter when higher (the ids of
 * rows deleted since are not given again). */
static gboolean
set_identity (PdStoreTx  *tx,
              PdPg       *pg,
              Table      *t,
              gboolean    has_sequence_table,
              GError    **error)
{
  g_autofree char *quoted = quote_ident (t->name);
  g_autofree char *col = quote_ident (t->identity);
  g_autofree char *sql = g_strdup_printf ("SELECT max(%s) FROM %s", col, quoted);
  g_autoptr(PdPgParams) params = NULL;
  g_autoptr(PdPgResult) res = NULL;
  gint64 top = 0, counter = 0;

  if (!source_int (tx, sql, NULL, &top, error)
      || (has_sequence_table
          && !source_int (tx, "SELECT seq FROM sqlite_sequence WHERE name = ?1", t->name, &counter, error)))
    return FALSE;
  top = MAX (top, counter);
  if (top < 1)
    return TRUE;   /* nothing given out: the identity starts at 1 */
  params = pd_pg_params_new ();
  pd_pg_params_add_text (params, quoted);
  pd_pg_params_add_text (params, t->identity);
  pd_pg_params_add_int (params, top);
  res = pd_pg_run (pg, "copy_setval", params, error);
  return res != NULL;
}

gboolean
pd_store_copy_to_postgres (PdStore              *source,
                           const char           *conninfo,
                           PdStoreCopyProgress   progress,
                           gpointer              data,
                           PdStoreCopyStats     *stats,
                           GError              **error)
{
  static const PdPgType setval_types[] = { PD_PG_TEXT, PD_PG_TEXT, PD_PG_INT8 };
  g_autoptr(PdStore) target = NULL;
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GHashTable) seeded = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  PdStoreCopyStats st = { 0, };
  gint64 has_sequence_table = 0, start;
  PdPg *pg;

  g_return_val_if_fail (PD_IS_STORE (source) && source->db != NULL, FALSE);
  g_return_val_if_fail (conninfo != NULL, FALSE);

  if (!check_target (conninfo, source->schema_version, error))
    return FALSE;
  seeded = seeded_rows (error);
  if (seeded == NULL)
    return FALSE;
  target = pd_store_open_postgres (conninfo, error);
  if (target == NULL)
    return FALSE;
  if (target->schema_version != source->schema_version)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "The source has schema version %d, the target %d",
                   source->schema_version, target->schema_version);
      return FALSE;
    }
  pg = target->pg;

  /* the source: one consistent read */
  tx = pd_store_begin (source, error);
  if (tx == NULL
      || !source_int (tx, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'", NULL,
                      &has_sequence_table, error))
    return FALSE;

  /* the target: one transaction, after any daemon's migration there */
  start = g_get_monotonic_time ();
  if (!pd_pg_begin (pg, error))
    return FALSE;
  if (!pd_pg_exec (pg, "SELECT pg_advisory_xact_lock (" G_STRINGIFY (PD_STORE_LOCK_MIGRATE) ")", error)
      || (tables = target_tables (pg, seeded, error)) == NULL
      || !check_source_tables (tx, tables, error)
      || !check_empty (pg, tables, error)
      || !pd_pg_prepare (pg, "copy_setval", "SELECT setval (pg_get_serial_sequence ($1, $2), $3)",
                         G_N_ELEMENTS (setval_types), setval_types, error))
    goto failed;
  for (guint i = 0; i < tables->len; i++)
    {
      Table *t = tables->pdata[i];
      gint64 rows = 0;

      if (!check_source_columns (tx, t, error)
          || !copy_table (tx, pg, t, &rows, error)
          || (t->identity != NULL && !set_identity (tx, pg, t, has_sequence_table > 0, error)))
        goto failed;
      st.tables++;
      st.rows += rows;
      if (progress != NULL)
        progress (t->name, i + 1, tables->len, data);
    }
  if (!pd_pg_commit (pg, error))
    goto failed;
  st.copy_us = g_get_monotonic_time () - start;
  if (stats != NULL)
    *stats = st;
  return TRUE;

failed:
  pd_pg_rollback (pg);
  return FALSE;
}
