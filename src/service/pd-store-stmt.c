/* pd-store-stmt.c: PdStmt, a prepared statement of either backend
 *
 * SQLite: a thin veneer over sqlite3_stmt.  PostgreSQL: the SQL as
 * written for SQLite is translated by the store's dialect once (cached by
 * its text), prepared on the connection once for each signature of
 * parameter types (bound NULLs are left for the server to infer), and run
 * at the first step with the bindings; its rows are then read from the
 * result.  An INSERT the dialect made to return its identity key gives
 * the store's last id and shows no rows, as on SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <string.h>

#include "pd-error.h"
#include "pd-store-private.h"

typedef struct {
  char       *text;       /* for PostgreSQL */
  guint       n_params;
  gboolean    returns_id;
  GHashTable *names;      /* parameter type signature -> prepared statement name */
} PgSql;

struct _PdStmt
{
  PdStore      *store;
  sqlite3_stmt *lite;
  /* PostgreSQL */
  PgSql        *pg;
  GPtrArray    *values;   /* GBytes * or NULL, by parameter */
  GArray       *types;    /* PdPgType, 0 for NULL */
  PdPgResult   *result;
  int           row;
  GPtrArray    *blobs;    /* GBytes * of the current row's bytea columns, by column */
};

static void
pg_sql_free (PgSql *p)
{
  g_free (p->text);
  g_hash_table_unref (p->names);
  g_free (p);
}

GHashTable *
_pd_store_pg_sql_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pg_sql_free);
}

static void
set_pg_error (PdStore *store,
              GError  *error)
{
  g_clear_error (&store->pg_error);
  store->pg_error = error;
}

PdStmt *
_pd_store_prepare (PdStoreTx   *tx,
                   const char  *sql,
                   GError     **error)
{
  PdStore *store = tx->store;
  g_autoptr(PdStmt) stmt = g_new0 (PdStmt, 1);

  g_assert (tx != NULL && !tx->done);
  stmt->store = store;
  if (store->db != NULL)
    {
      if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt->lite, NULL) != SQLITE_OK)
        {
          _pd_store_set_error (tx, error, "prepare");
          return NULL;
        }
      return g_steal_pointer (&stmt);
    }

  stmt->pg = g_hash_table_lookup (store->pg_sql, sql);
  if (stmt->pg == NULL)
    {
      PdSqlInfo info = { 0, };
      g_autofree char *text = pd_sql_dialect_translate (store->dialect, sql, &info, error);

      if (text == NULL)
        {
          g_prefix_error (error, "prepare: ");
          return NULL;
        }
      stmt->pg = g_new0 (PgSql, 1);
      stmt->pg->text = g_steal_pointer (&text);
      stmt->pg->n_params = info.n_params;
      stmt->pg->returns_id = info.returns_id;
      stmt->pg->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (store->pg_sql, g_strdup (sql), stmt->pg);
    }
  stmt->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_set_size (stmt->values, stmt->pg->n_params);
  stmt->types = g_array_new (FALSE, TRUE, sizeof (PdPgType));
  g_array_set_size (stmt->types, stmt->pg->n_params);
  stmt->blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  stmt->row = -1;
  return g_steal_pointer (&stmt);
}

void
pd_stmt_free (PdStmt *stmt)
{
  if (stmt == NULL)
    return;
  if (stmt->lite != NULL)
    sqlite3_finalize (stmt->lite);
  g_clear_pointer (&stmt->values, g_ptr_array_unref);
  g_clear_pointer (&stmt->types, g_array_unref);
  g_clear_pointer (&stmt->result, pd_pg_result_free);
  g_clear_pointer (&stmt->blobs, g_ptr_array_unref);
  g_free (stmt);
}

/* The prepared statement for the bindings' types, prepared now if new.
 * A NULL says nothing of its type and PostgreSQL must know it where the
 * SQL does not ("?1 IS NULL OR port = ?1"): left to the server first,
 * then text, bigint, double.  A failed PREPARE would end the transaction:
 * each try runs in a savepoint. */
static const char *
pg_prepared (PdStmt  *stmt,
             GError **error)
{
  static const PdPgType null_types[] = { 0, PD_PG_TEXT, PD_PG_INT8, PD_PG_FLOAT8 };
  PgSql *pg = stmt->pg;
  PdPg *conn = stmt->store->pg;
  g_autoptr(GString) signature = g_string_new (NULL);
  g_autoptr(GArray) types = g_array_copy (stmt->types);
  gboolean has_null = FALSE;
  const char *name;
  g_autofree char *new_name = NULL;

  for (guint i = 0; i < pg->n_params; i++)
    {
      g_string_append_printf (signature, "%u,", g_array_index (stmt->types, PdPgType, i));
      has_null = has_null || g_array_index (stmt->types, PdPgType, i) == 0;
    }
  name = g_hash_table_lookup (pg->names, signature->str);
  if (name != NULL)
    return name;
  new_name = g_strdup_printf ("pd%u", ++stmt->store->n_prepared);
  for (guint t = 0; t < (has_null ? G_N_ELEMENTS (null_types) : 1); t++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean last = !has_null || t + 1 == G_N_ELEMENTS (null_types);

      for (guint i = 0; i < pg->n_params; i++)
        if (g_array_index (stmt->types, PdPgType, i) == 0)
          g_array_index (types, PdPgType, i) = null_types[t];
      if (!last && !pd_pg_exec (conn, "SAVEPOINT pd_prepare", error))
        return NULL;
      if (pd_pg_prepare (conn, new_name, pg->text, pg->n_params, (const PdPgType *) (void *) types->data,
                         &local_error))
        {
          if (!last && !pd_pg_exec (conn, "RELEASE SAVEPOINT pd_prepare", error))
            return NULL;
          name = new_name;
          g_hash_table_insert (pg->names, g_string_free (g_steal_pointer (&signature), FALSE),
                               g_steal_pointer (&new_name));
          return name;
        }
      if (last || g_error_matches (local_error, PD_ERROR, PD_ERROR_DATABASE_UNAVAILABLE)
          || !pd_pg_exec (conn, "ROLLBACK TO SAVEPOINT pd_prepare", NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  g_return_val_if_reached (NULL);
}

static int
pg_run (PdStmt *stmt)
{
  PdStore *store = stmt->store;
  g_autoptr(PdPgParams) params = pd_pg_params_new ();
  GError *error = NULL;
  const char *name = pg_prepared (stmt, &error);

  if (name == NULL)
    {
      set_pg_error (store, error);
      return SQLITE_ERROR;
    }
  for (guint i = 0; i < stmt->pg->n_params; i++)
    {
      GBytes *value = g_ptr_array_index (stmt->values, i);
      PdPgType type = g_array_index (stmt->types, PdPgType, i);
      gsize len = 0;
      const char *data = value ? g_bytes_get_data (value, &len) : NULL;

      if (value == NULL)
        pd_pg_params_add_null (params);
      else if (type == PD_PG_BYTEA)
        pd_pg_params_add_bytes (params, (const guint8 *) data, len);
      else
        pd_pg_params_add_text (params, data);   /* nul-terminated: see bind () */
    }
  stmt->result = pd_pg_run (store->pg, name, params, &error);
  if (stmt->result == NULL)
    {
      set_pg_error (store, error);
      return SQLITE_ERROR;
    }
  store->changes = pd_pg_result_n_changed (stmt->result);
  if (stmt->pg->returns_id)
    {
      int n = pd_pg_result_n_rows (stmt->result);

      if (n > 0)
        store->last_id = pd_pg_result_get_int (stmt->result, n - 1, 0);
      return SQLITE_DONE;
    }
  return SQLITE_OK;
}

int
pd_stmt_step (PdStmt *stmt)
{
  if (stmt->lite != NULL)
    return sqlite3_step (stmt->lite);
  g_ptr_array_set_size (stmt->blobs, 0);
  if (stmt->result == NULL)
    {
      int rc = pg_run (stmt);

      if (rc != SQLITE_OK)
        {
          stmt->row = G_MAXINT;
          return rc;
        }
      stmt->row = 0;
    }
  else if (stmt->row < G_MAXINT)
    stmt->row++;
  if (stmt->result != NULL && stmt->row < pd_pg_result_n_rows (stmt->result))
    return SQLITE_ROW;
  return SQLITE_DONE;
}

void
pd_stmt_reset (PdStmt *stmt)
{
  if (stmt->lite != NULL)
    {
      sqlite3_reset (stmt->lite);
      return;
    }
  g_clear_pointer (&stmt->result, pd_pg_result_free);
  g_ptr_array_set_size (stmt->blobs, 0);
  stmt->row = -1;
}

void
pd_stmt_clear_bindings (PdStmt *stmt)
{
  if (stmt->lite != NULL)
    {
      sqlite3_clear_bindings (stmt->lite);
      return;
    }
  for (guint i = 0; i < stmt->values->len; i++)
    {
      g_clear_pointer (&g_ptr_array_index (stmt->values, i), g_bytes_unref);
      g_array_index (stmt->types, PdPgType, i) = 0;
    }
}

int
pd_stmt_bind_parameter_count (PdStmt *stmt)
{
  return stmt->lite != NULL ? sqlite3_bind_parameter_count (stmt->lite) : (int) stmt->pg->n_params;
}

/* Text values are kept nul-terminated (the terminator not counted in
 * what a bytea sends). */
static void
bind (PdStmt     *stmt,
      int         idx,
      PdPgType    type,
      const void *data,
      gsize       len)
{
  guint i = (guint) idx - 1;

  g_return_if_fail (idx >= 1);
  if (i >= stmt->pg->n_params)
    return;   /* as SQLite's SQLITE_RANGE, which the store does not check: a parameter the SQL does not use */
  g_clear_pointer (&g_ptr_array_index (stmt->values, i), g_bytes_unref);
  g_array_index (stmt->types, PdPgType, i) = data != NULL ? type : 0;
  if (data == NULL)
    return;
  if (type == PD_PG_BYTEA)
    g_ptr_array_index (stmt->values, i) = g_bytes_new (data, len);
  else
    {
      char *copy = g_malloc (len + 1);

      memcpy (copy, data, len);
      copy[len] = '\0';
      g_ptr_array_index (stmt->values, i) = g_bytes_new_take (copy, len + 1);
    }
}

void
pd_stmt_bind_int64 (PdStmt *stmt,
                    int     idx,
                    gint64  value)
{
  char buf[32];

  if (stmt->lite != NULL)
    {
      sqlite3_bind_int64 (stmt->lite, idx, value);
      return;
    }
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  bind (stmt, idx, PD_PG_INT8, buf, strlen (buf));
}

void
pd_stmt_bind_double (PdStmt *stmt,
                     int     idx,
                     double  value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (stmt->lite != NULL)
    {
      sqlite3_bind_double (stmt->lite, idx, value);
      return;
    }
  g_ascii_dtostr (buf, sizeof buf, value);
  bind (stmt, idx, PD_PG_FLOAT8, buf, strlen (buf));
}

void
pd_stmt_bind_null (PdStmt *stmt,
                   int     idx)
{
  if (stmt->lite != NULL)
    sqlite3_bind_null (stmt->lite, idx);
  else
    bind (stmt, idx, 0, NULL, 0);
}

void
pd_stmt_bind_blob (PdStmt     *stmt,
                   int         idx,
                   const void *data,
                   gsize       len)
{
  g_return_if_fail (len <= G_MAXINT);
  if (stmt->lite != NULL)
    sqlite3_bind_blob (stmt->lite, idx, len ? data : "", (int) len, SQLITE_TRANSIENT);
  else
    bind (stmt, idx, PD_PG_BYTEA, len ? data : "", len);
}

void
pd_stmt_bind_text_len (PdStmt     *stmt,
                       int         idx,
                       const char *value,
                       gssize      len)
{
  if (value == NULL)
    pd_stmt_bind_null (stmt, idx);
  else if (stmt->lite != NULL)
    sqlite3_bind_text (stmt->lite, idx, value, len < 0 ? -1 : (int) len, SQLITE_TRANSIENT);
  else
    bind (stmt, idx, PD_PG_TEXT, value, len < 0 ? strlen (value) : (gsize) len);
}

/* ---- columns ---- */

static gboolean
pg_has_row (PdStmt *stmt,
            int     col)
{
  return stmt->result != NULL && stmt->row >= 0 && stmt->row < pd_pg_result_n_rows (stmt->result)
         && col >= 0 && col < pd_pg_result_n_columns (stmt->result);
}

int
pd_stmt_column_count (PdStmt *stmt)
{
  if (stmt->lite != NULL)
    return sqlite3_column_count (stmt->lite);
  return stmt->result != NULL ? pd_pg_result_n_columns (stmt->result) : 0;
}

const char *
pd_stmt_column_name (PdStmt *stmt,
                     int     col)
{
  if (stmt->lite != NULL)
    return sqlite3_column_name (stmt->lite, col);
  return stmt->result != NULL ? pd_pg_result_column_name (stmt->result, col) : NULL;
}

PdColumnKind
pd_stmt_column_kind (PdStmt *stmt,
                     int     col)
{
  if (stmt->lite != NULL)
    switch (sqlite3_column_type (stmt->lite, col))
      {
      case SQLITE_INTEGER: return PD_COLUMN_INTEGER;
      case SQLITE_FLOAT:   return PD_COLUMN_FLOAT;
      case SQLITE_TEXT:    return PD_COLUMN_TEXT;
      case SQLITE_BLOB:    return PD_COLUMN_BLOB;
      default:             return PD_COLUMN_NULL;
      }
  if (!pg_has_row (stmt, col) || pd_pg_result_is_null (stmt->result, stmt->row, col))
    return PD_COLUMN_NULL;
  switch (pd_pg_result_column_type (stmt->result, col))
    {
    case 16: case 20: case 21: case 23:   /* bool, int8, int2, int4 */
      return PD_COLUMN_INTEGER;
    case 700: case 701:                   /* float4, float8 */
      return PD_COLUMN_FLOAT;
    case 1700:                            /* numeric: sum () of integers is one */
      return strchr (pd_pg_result_get_text (stmt->result, stmt->row, col), '.') ? PD_COLUMN_FLOAT
                                                                                 : PD_COLUMN_INTEGER;
    case PD_PG_BYTEA:
      return PD_COLUMN_BLOB;
    default:
      return PD_COLUMN_TEXT;
    }
}

gboolean
pd_stmt_column_is_null (PdStmt *stmt,
                        int     col)
{
  return pd_stmt_column_kind (stmt, col) == PD_COLUMN_NULL;
}

gint64
pd_stmt_column_int64 (PdStmt *stmt,
                      int     col)
{
  if (stmt->lite != NULL)
    return sqlite3_column_int64 (stmt->lite, col);
  return pg_has_row (stmt, col) ? pd_pg_result_get_int (stmt->result, stmt->row, col) : 0;
}

int
pd_stmt_column_int (PdStmt *stmt,
                    int     col)
{
  return (int) pd_stmt_column_int64 (stmt, col);
}

double
pd_stmt_column_double (PdStmt *stmt,
                       int     col)
{
  if (stmt->lite != NULL)
    return sqlite3_column_double (stmt->lite, col);
  return pg_has_row (stmt, col) ? pd_pg_result_get_double (stmt->result, stmt->row, col) : 0.0;
}

const char *
pd_stmt_column_text (PdStmt *stmt,
                     int     col)
{
  if (stmt->lite != NULL)
    return (const char *) sqlite3_column_text (stmt->lite, col);
  return pg_has_row (stmt, col) ? pd_pg_result_get_text (stmt->result, stmt->row, col) : NULL;
}

/* A bytea column's bytes, decoded once per row; other columns as text. */
static GBytes *
pg_blob (PdStmt *stmt,
         int     col)
{
  if (!pg_has_row (stmt, col) || pd_pg_result_is_null (stmt->result, stmt->row, col))
    return NULL;
  if (pd_pg_result_column_type (stmt->result, col) != PD_PG_BYTEA)
    {
      const char *text = pd_pg_result_get_text (stmt->result, stmt->row, col);
      return g_bytes_new_static (text, strlen (text));
    }
  if ((guint) col >= stmt->blobs->len)
    g_ptr_array_set_size (stmt->blobs, col + 1);
  if (g_ptr_array_index (stmt->blobs, col) == NULL)
    g_ptr_array_index (stmt->blobs, col) = pd_pg_result_get_bytes (stmt->result, stmt->row, col);
  return g_bytes_ref (g_ptr_array_index (stmt->blobs, col));
}

const void *
pd_stmt_column_blob (PdStmt *stmt,
                     int     col)
{
  g_autoptr(GBytes) bytes = NULL;

  if (stmt->lite != NULL)
    return sqlite3_column_blob (stmt->lite, col);
  bytes = pg_blob (stmt, col);
  /* owned by the result or the row's cache: valid until the next step */
  return bytes != NULL ? g_bytes_get_data (bytes, NULL) : NULL;
}

int
pd_stmt_column_bytes (PdStmt *stmt,
                      int     col)
{
  g_autoptr(GBytes) bytes = NULL;

  if (stmt->lite != NULL)
    return sqlite3_column_bytes (stmt->lite, col);
  bytes = pg_blob (stmt, col);
  return bytes != NULL ? (int) g_bytes_get_size (bytes) : 0;
}

gint64
_pd_store_changes (PdStoreTx *tx)
{
  return tx->store->db != NULL ? sqlite3_changes (tx->store->db) : tx->store->changes;
}
