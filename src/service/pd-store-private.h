/* pd-store-private.h: shared internals of the pd-store*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "pd-pg.h"
#include "pd-sql-dialect.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* One store over one of two backends: SQLite (db) or PostgreSQL (pg).
 * The pd-store-*.c files see only PdStmt (below), never the backend. */
struct _PdStore
{
  GObject       parent_instance;
  sqlite3      *db;          /* SQLite, or NULL */
  PdPg         *pg;          /* PostgreSQL, or NULL */
  GMutex        lock;
  char         *path;        /* the SQLite file, or the connection string without its password */
  int           schema_version;
  gboolean      readonly;
  /* PostgreSQL: the statements as written (for SQLite) -> PgSql */
  PdSqlDialect *dialect;
  GHashTable   *pg_sql;
  guint         n_prepared;
  GMainContext *pg_context;  /* the connection's own, never iterated: the store's calls reconnect */
  GError       *pg_error;    /* of the last failed statement */
  gint64        changes;     /* rows changed by the last statement */
  gint64        last_id;     /* the key the last INSERT returned */
};

struct _PdStoreTx
{
  PdStore   *store;
  gboolean   done;
  GPtrArray *on_commit;   /* CommitHook: at COMMIT, the store still held */
  GPtrArray *after;       /* CommitHook: once committed and the store let go */
  GHashTable *notes;      /* PostgreSQL: what to NOTIFY the site at COMMIT */
  GArray     *locks;      /* PostgreSQL: the PdStoreLocks it holds */
};

/* A prepared statement of either backend, used as a PdStmt is:
 * bind (parameters from 1), step to PD_ROW or PD_DONE (anything else is
 * an error: _pd_store_set_error says it), read columns (from 0), reset.
 * On PostgreSQL the SQL goes through the dialect once per store, is
 * prepared once per connection for each set of parameter types, and runs
 * at the first step; its rows are read from the result. */
typedef struct _PdStmt PdStmt;

#define PD_ROW  SQLITE_ROW
#define PD_DONE SQLITE_DONE

typedef enum {
  PD_COLUMN_NULL,
  PD_COLUMN_INTEGER,
  PD_COLUMN_FLOAT,
  PD_COLUMN_TEXT,
  PD_COLUMN_BLOB,
} PdColumnKind;

void          pd_stmt_free              (PdStmt       *stmt);
int           pd_stmt_step              (PdStmt       *stmt);
void          pd_stmt_reset             (PdStmt       *stmt);
void          pd_stmt_clear_bindings    (PdStmt       *stmt);
int           pd_stmt_bind_parameter_count (PdStmt    *stmt);
void          pd_stmt_bind_int64        (PdStmt       *stmt,
                                         int           idx,
                                         gint64        value);
void          pd_stmt_bind_double       (PdStmt       *stmt,
                                         int           idx,
                                         double        value);
void          pd_stmt_bind_null         (PdStmt       *stmt,
                                         int           idx);
/* copied: @data need not outlive the call */
void          pd_stmt_bind_blob         (PdStmt       *stmt,
                                         int           idx,
                                         const void   *data,
                                         gsize         len);
/* @len bytes of @value (-1: up to its nul); NULL binds NULL */
void          pd_stmt_bind_text_len     (PdStmt       *stmt,
                                         int           idx,
                                         const char   *value,
                                         gssize        len);
int           pd_stmt_column_count      (PdStmt       *stmt);
const char   *pd_stmt_column_name       (PdStmt       *stmt,
                                         int           col);
PdColumnKind  pd_stmt_column_kind       (PdStmt       *stmt,
                                         int           col);
gboolean      pd_stmt_column_is_null    (PdStmt       *stmt,
                                         int           col);
gint64        pd_stmt_column_int64      (PdStmt       *stmt,
                                         int           col);
int           pd_stmt_column_int        (PdStmt       *stmt,
                                         int           col);
double        pd_stmt_column_double     (PdStmt       *stmt,
                                         int           col);
/* valid until the next step or reset */
const char   *pd_stmt_column_text       (PdStmt       *stmt,
                                         int           col);
const void   *pd_stmt_column_blob       (PdStmt       *stmt,
                                         int           col);
int           pd_stmt_column_bytes      (PdStmt       *stmt,
                                         int           col);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdStmt, pd_stmt_free)

/* PostgreSQL advisory lock key of migrations (PdStoreLock's are next to it) */
#define PD_STORE_LOCK_MIGRATE  1346633729

/* PostgreSQL's cache of translated statements (PdStore.pg_sql) */
GHashTable   *_pd_store_pg_sql_new (void);
/* Rows changed by the last statement of the transaction. */
gint64        _pd_store_changes   (PdStoreTx     *tx);

/* What the dashboard's text search looks in, for the request row in scope
 * (insp_requests): kept in insp_requests.search_text (schema v4). */
#define PD_INSP_SEARCH_TEXT \
  "lower(ref || ' ' || coalesce(company, '') || ' ' || contact_name || ' ' || coalesce(importer_id, '') || ' ' ||" \
  " coalesce(vessel_name, '') || ' ' || coalesce((SELECT group_concat(c.description, ' ') FROM insp_commodities c" \
  " WHERE c.request_id = insp_requests.id), ''))"

/* What the dashboard's rows show of the commodities: the first one's
 * description and how many there are (schema v5), kept with the search
 * text instead of two subqueries per row of every list. */
#define PD_INSP_FIRST_COMMODITY \
  "(SELECT c.description FROM insp_commodities c WHERE c.request_id = insp_requests.id ORDER BY c.id LIMIT 1)"
#define PD_INSP_N_COMMODITIES \
  "(SELECT count(*) FROM insp_commodities c WHERE c.request_id = insp_requests.id)"
#define PD_INSP_SUMMARY \
  "search_text = " PD_INSP_SEARCH_TEXT ", first_commodity = " PD_INSP_FIRST_COMMODITY ", " \
  "n_commodities = " PD_INSP_N_COMMODITIES

/* The columns of an audit entry, in the order _pd_store_audit_from_row
 * reads them (a PdStoreRowFunc making a PdAuditEntry). */
#define PD_AUDIT_COLUMNS "seq, at, actor, role, action, object, params, outcome, client, prev_hash, hash"
gpointer      _pd_store_audit_from_row (PdStmt *stmt);
/* Late: the decision or the inspection of request "r" took (or is taking)
 * longer than the targets stored with it.  ?1 is "now".  The dashboard's
 * lists and the scheduling report say late the same way. */
#define PD_INSP_LATE_EXPR "(r.status != 'cancelled' AND " \
  "((CASE WHEN r.decided_at > 0 THEN r.decided_at ELSE ?1 END) - r.submitted_at > r.sla_decision_us OR " \
  " (r.arrived_at > 0 AND (CASE WHEN r.started_at > 0 THEN r.started_at ELSE ?1 END) - r.arrived_at > r.sla_inspection_us)))"

PdStmt *_pd_store_prepare   (PdStoreTx     *tx,
                                   const char    *sql,
                                   GError       **error);
gboolean      _pd_store_step_done (PdStoreTx     *tx,
                                   PdStmt        *stmt,
                                   GError       **error);
/* Like _pd_store_step_done, with a constraint's refusal (a row that is
 * there already) said as CONFLICT in the words of @conflict_format. */
gboolean      _pd_store_step_unique (PdStoreTx   *tx,
                                   PdStmt        *stmt,
                                   const char    *what,
                                   GError       **error,
                                   const char    *conflict_format,
                                   ...) G_GNUC_PRINTF (5, 6);
gint64        _pd_store_last_id   (PdStoreTx     *tx);
/* Runs @sql with @id bound to ?1. */
gboolean      _pd_store_exec_id   (PdStoreTx     *tx,
                                   const char    *sql,
                                   gint64         id,
                                   GError       **error);
typedef gpointer (*PdStoreRowFunc) (PdStmt *stmt);
gboolean      _pd_store_rows      (PdStoreTx     *tx,
                                   PdStmt        *stmt,
                                   PdStoreRowFunc read_row,
                                   GPtrArray     *out,
                                   const char    *what,
                                   GError       **error);
/* The first column of every row of @stmt, as gint64 ids. */
GArray       *_pd_store_ids       (PdStoreTx     *tx,
                                   PdStmt        *stmt,
                                   const char    *what,
                                   GError       **error);
/* Every row of @stmt as a JsonObject, its members the columns (integers
 * of *_at columns and valid_until as ISO 8601 times, 0 as null). */
GPtrArray    *_pd_store_json_rows (PdStoreTx     *tx,
                                   PdStmt        *stmt,
                                   const char    *what,
                                   GError       **error);
gboolean      _pd_store_exec      (PdStoreTx     *tx,
                                   const char    *sql,
                                   GError       **error);
void          _pd_store_set_error (PdStoreTx     *tx,
                                   GError       **error,
                                   const char    *what);
void          _pd_bind_text       (PdStmt        *stmt,
                                   int            idx,
                                   const char    *value);
char         *_pd_column_dup      (PdStmt  *stmt,
                                   int            col);
void          _pd_column_hash     (PdStmt  *stmt,
                                   int            col,
                                   guint8         out[32]);

G_END_DECLS
