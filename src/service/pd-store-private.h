/* pd-store-private.h: shared internals of the pd-store*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
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
  gboolean readonly;
};

struct _PdStoreTx
{
  PdStore   *store;
  gboolean   done;
  GPtrArray *on_commit;   /* CommitHook: at COMMIT, the store still held */
  GPtrArray *after;       /* CommitHook: once committed and the store let go */
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

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
gpointer      _pd_store_audit_from_row (sqlite3_stmt *stmt);
/* Late: the decision or the inspection of request "r" took (or is taking)
 * longer than the targets stored with it.  ?1 is "now".  The dashboard's
 * lists and the scheduling report say late the same way. */
#define PD_INSP_LATE_EXPR "(r.status != 'cancelled' AND " \
  "((CASE WHEN r.decided_at > 0 THEN r.decided_at ELSE ?1 END) - r.submitted_at > r.sla_decision_us OR " \
  " (r.arrived_at > 0 AND (CASE WHEN r.started_at > 0 THEN r.started_at ELSE ?1 END) - r.arrived_at > r.sla_inspection_us)))"

sqlite3_stmt *_pd_store_prepare   (PdStoreTx     *tx,
                                   const char    *sql,
                                   GError       **error);
gboolean      _pd_store_step_done (PdStoreTx     *tx,
                                   sqlite3_stmt  *stmt,
                                   GError       **error);
/* Like _pd_store_step_done, with a constraint's refusal (a row that is
 * there already) said as CONFLICT in the words of @conflict_format. */
gboolean      _pd_store_step_unique (PdStoreTx   *tx,
                                   sqlite3_stmt  *stmt,
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
typedef gpointer (*PdStoreRowFunc) (sqlite3_stmt *stmt);
gboolean      _pd_store_rows      (PdStoreTx     *tx,
                                   sqlite3_stmt  *stmt,
                                   PdStoreRowFunc read_row,
                                   GPtrArray     *out,
                                   const char    *what,
                                   GError       **error);
/* The first column of every row of @stmt, as gint64 ids. */
GArray       *_pd_store_ids       (PdStoreTx     *tx,
                                   sqlite3_stmt  *stmt,
                                   const char    *what,
                                   GError       **error);
/* Every row of @stmt as a JsonObject, its members the columns (integers
 * of *_at columns and valid_until as ISO 8601 times, 0 as null). */
GPtrArray    *_pd_store_json_rows (PdStoreTx     *tx,
                                   sqlite3_stmt  *stmt,
                                   const char    *what,
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
