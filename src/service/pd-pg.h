/* pd-pg.h: one libpq connection to PostgreSQL for the service
 *
 * Prepared statements by name (prepared again after a reconnect), text
 * and bytea parameters and results, transactions, LISTEN/NOTIFY read from
 * the GLib main loop through the connection's socket, session advisory
 * locks, COPY FROM STDIN.  A lost connection fails the call with
 * PD_ERROR_UNAVAILABLE (503); the connection then comes back by itself
 * (the next call, or the main loop's retries) and says so with
 * ::reconnected.  Not thread-safe: one PdPg per thread, or a lock around
 * it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_TYPE_PG (pd_pg_get_type ())
G_DECLARE_FINAL_TYPE (PdPg, pd_pg, PD, PG, GObject)

/* Parameter types (their PostgreSQL type OIDs) */
typedef enum {
  PD_PG_BYTEA  = 17,
  PD_PG_INT8   = 20,
  PD_PG_TEXT   = 25,
  PD_PG_JSON   = 114,
  PD_PG_FLOAT8 = 701,
} PdPgType;

typedef struct _PdPgParams PdPgParams;
typedef struct _PdPgResult PdPgResult;

/* Connects with a libpq connection string; notifications are dispatched
 * in the thread-default main context of the caller. */
PdPg       *pd_pg_connect             (const char     *conninfo,
                                       GError        **error);
gboolean    pd_pg_is_connected        (PdPg           *self);
/* Connects again if the connection is lost (prepared statements and
 * LISTENs restored); TRUE when connected. */
gboolean    pd_pg_reconnect           (PdPg           *self,
                                       GError        **error);

/* Simple-protocol commands (no parameters, no rows): DDL, several
 * statements at once. */
gboolean    pd_pg_exec                (PdPg           *self,
                                       const char     *sql,
                                       GError        **error);
gboolean    pd_pg_prepare             (PdPg           *self,
                                       const char     *name,
                                       const char     *sql,
                                       guint           n_params,
                                       const PdPgType *types,
                                       GError        **error);
/* Runs the prepared statement @name; @params may be NULL. */
PdPgResult *pd_pg_run                 (PdPg           *self,
                                       const char     *name,
                                       PdPgParams     *params,
                                       GError        **error);

/* COPY ... FROM STDIN: starts @sql, sends the data in pieces (COPY's
 * text format), then ends it with the rows it took in *@n_rows; abort
 * fails the COPY (and so its transaction) with @reason. */
gboolean    pd_pg_copy_begin          (PdPg           *self,
                                       const char     *sql,
                                       GError        **error);
gboolean    pd_pg_copy_put            (PdPg           *self,
                                       const char     *data,
                                       gsize           len,
                                       GError        **error);
gboolean    pd_pg_copy_end            (PdPg           *self,
                                       gint64         *n_rows,
                                       GError        **error);
void        pd_pg_copy_abort          (PdPg           *self,
                                       const char     *reason);
/* Appends @len bytes of @value to @row as one field of COPY's text
 * format (backslash escapes; @as_bytea: the bytes as a bytea's \x hex;
 * NULL: SQL NULL), without the tab or newline that ends it. */
void        pd_pg_copy_field          (GString        *row,
                                       const char     *value,
                                       gsize           len,
                                       gboolean        as_bytea);

gboolean    pd_pg_begin               (PdPg           *self,
                                       GError        **error);
gboolean    pd_pg_commit              (PdPg           *self,
                                       GError        **error);
void        pd_pg_rollback            (PdPg           *self);

/* LISTEN @channel (again after every reconnect); ::notification carries
 * what arrives. */
gboolean    pd_pg_listen              (PdPg           *self,
                                       const char     *channel,
                                       GError        **error);
gboolean    pd_pg_notify              (PdPg           *self,
                                       const char     *channel,
                                       const char     *payload,
                                       GError        **error);

/* Session advisory locks: released by unlock or when the session ends
 * (a lost connection loses them: ::reconnected says so). */
gboolean    pd_pg_try_advisory_lock   (PdPg           *self,
                                       gint64          key,
                                       gboolean       *acquired,
                                       GError        **error);
gboolean    pd_pg_advisory_unlock     (PdPg           *self,
                                       gint64          key,
                                       GError        **error);
int         pd_pg_backend_pid         (PdPg           *self);

PdPgParams *pd_pg_params_new          (void);
void        pd_pg_params_free         (PdPgParams     *params);
void        pd_pg_params_add_null     (PdPgParams     *params);
void        pd_pg_params_add_text     (PdPgParams     *params,
                                       const char     *value);   /* NULL: SQL NULL */
void        pd_pg_params_add_int      (PdPgParams     *params,
                                       gint64          value);
void        pd_pg_params_add_double   (PdPgParams     *params,
                                       double          value);
void        pd_pg_params_add_bytes    (PdPgParams     *params,
                                       const guint8   *data,
                                       gsize           len);

void        pd_pg_result_free         (PdPgResult     *result);
int         pd_pg_result_n_rows       (PdPgResult     *result);
int         pd_pg_result_n_columns    (PdPgResult     *result);
const char *pd_pg_result_column_name  (PdPgResult     *result,
                                       int             col);
/* the column's type OID (PdPgType for the usual ones; 16 bool, 21/23 int2/4, 700 float4, 1700 numeric) */
guint       pd_pg_result_column_type  (PdPgResult     *result,
                                       int             col);
/* rows changed by an INSERT/UPDATE/DELETE */
gint64      pd_pg_result_n_changed    (PdPgResult     *result);
gboolean    pd_pg_result_is_null      (PdPgResult     *result,
                                       int             row,
                                       int             col);
const char *pd_pg_result_get_text     (PdPgResult     *result,
                                       int             row,
                                       int             col);   /* NULL for SQL NULL */
gint64      pd_pg_result_get_int      (PdPgResult     *result,
                                       int             row,
                                       int             col);
double      pd_pg_result_get_double   (PdPgResult     *result,
                                       int             row,
                                       int             col);
/* a bytea column; NULL for SQL NULL */
GBytes     *pd_pg_result_get_bytes    (PdPgResult     *result,
                                       int             row,
                                       int             col);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPgParams, pd_pg_params_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPgResult, pd_pg_result_free)

G_END_DECLS
