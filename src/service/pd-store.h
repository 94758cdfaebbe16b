/* pd-store.h: the storage layer; every SQL statement of PortDesk lives
 * behind this header (pd-store*.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-models.h"
#include "pd-sql-dialect.h"

G_BEGIN_DECLS

#define PD_TYPE_STORE (pd_store_get_type ())
G_DECLARE_FINAL_TYPE (PdStore, pd_store, PD, STORE, GObject)

/* A transaction holds the store's lock from begin to commit/rollback. The
 * store has one SQLite connection; callers run in worker threads. */
typedef struct _PdStoreTx PdStoreTx;

PdStore    *pd_store_open              (const char  *path,
                                        GError     **error);
int         pd_store_get_schema_version (PdStore    *self);
/* The one list of schema migrations, as written for SQLite: entry i makes
 * schema version i + 1 (the PostgreSQL side translates them through
 * pd-sql-dialect.h). */
const char * const *pd_store_migrations (guint      *n_migrations);
/* The store on PostgreSQL (libpq connection string @conninfo): the same
 * schema, migrated the same way (one daemon at a time), the same API.
 * A lost connection fails calls with PD_ERROR_UNAVAILABLE until it is
 * back (each call tries again). */
/* Tells the site's other daemons, when @tx commits, that what they keep
 * in memory of @what (e.g. "faces", detail a gallery; "lpr") changed:
 * a NOTIFY on PostgreSQL (portdesk_site, "what" or "what:detail"), once
 * per transaction; nothing on SQLite (one daemon). */
void        pd_store_tx_notify_site    (PdStoreTx   *tx,
                                        const char  *what,
                                        const char  *detail);
/* What the daemons of a site do one at a time (a read, then a write that
 * depends on it): pd_store_tx_lock () holds it to the end of the
 * transaction (PostgreSQL's pg_advisory_xact_lock); nothing on SQLite,
 * where a write transaction is alone already. */
typedef enum {
  PD_STORE_LOCK_AUDIT = 1346633730,   /* the chain's head, then the next entry */
  PD_STORE_LOCK_SWEEPER = 1346633731, /* the sweep and maintenance pass (pd_store_site_lock) */
  PD_STORE_LOCK_INSP_SLOTS = 1346633733, /* a slot's load, then a booking in it */
} PdStoreLock;

/* @tx's COMMIT need not wait for the disk (PostgreSQL's
 * synchronous_commit off for it alone): for what a crash may lose, such
 * as an event passed to the site's other daemons; nothing on SQLite. */
gboolean    pd_store_tx_asynchronous   (PdStoreTx   *tx,
                                        GError     **error);
gboolean    pd_store_tx_lock           (PdStoreTx   *tx,
                                        PdStoreLock  lock,
                                        GError     **error);
#define PD_STORE_SITE_CHANNEL   "portdesk_site"
#define PD_STORE_EVENTS_CHANNEL "portdesk_events"

/* What every daemon of a site must share (@name, e.g. the two-factor
 * key), by a check value of it: the first daemon's is kept; @out_matches
 * says whether @check is the same. */
gboolean    pd_store_site_secret_check (PdStoreTx   *tx,
                                        const char  *name,
                                        const guint8 check[32],
                                        gboolean    *out_matches,
                                        GError     **error);
/* An event for the site's other daemons: a site_events row and a NOTIFY
 * of its id on PD_STORE_EVENTS_CHANNEL (at commit). */
gboolean    pd_store_site_event_publish (PdStoreTx  *tx,
                                        gint64       at,
                                        const char  *origin,
                                        const char  *type,
                                        const char  *port,
                                        guint        roles,
                                        const char  *principal,
                                        const char  *payload,
                                        GError     **error);

/* A lock of the site's held across transactions until unlocked (a
 * PostgreSQL session advisory lock, tried, not waited for: @acquired says
 * whether this daemon has it; a lost connection loses it).  On SQLite
 * (one daemon) always acquired. */
gboolean    pd_store_site_lock         (PdStore     *self,
                                        PdStoreLock  key,
                                        gboolean    *acquired,
                                        GError     **error);
void        pd_store_site_unlock       (PdStore     *self,
                                        PdStoreLock  key);

PdStore    *pd_store_open_postgres     (const char  *conninfo,
                                        GError     **error);
/* The dialect that turns the store's SQL (written for SQLite) into
 * PostgreSQL's, having learnt the tables from the migrations. */
PdSqlDialect *pd_store_dialect_new     (GError     **error);

/* store migrate (pd-store-copy.c) */
typedef struct {
  guint   tables;    /* tables of the schema copied (empty ones too) */
  gint64  rows;
  gint64  copy_us;   /* the copying transaction, from its checks to its commit */
} PdStoreCopyStats;
/* After each table: @done of @total tables copied. */
typedef void (*PdStoreCopyProgress) (const char *table,
                                     guint       done,
                                     guint       total,
                                     gpointer    data);
/* Copies every row of every table of the SQLite store @source into the
 * PostgreSQL database @conninfo, ids included, in one transaction (all or
 * nothing), then moves every identity past the highest id the source gave
 * out.  The target must be a new database (its schema is then made as
 * portdeskd makes it) or a PortDesk one at @source's schema version with
 * no rows but those a new one has; anything else is refused with
 * PD_ERROR_CONFLICT naming a table, and left as it is. */
gboolean    pd_store_copy_to_postgres  (PdStore     *source,
                                        const char  *conninfo,
                                        PdStoreCopyProgress progress,
                                        gpointer     data,
                                        PdStoreCopyStats *stats,
                                        GError     **error);
/* Makes the rows deleted from @tables (NULL-terminated plain names)
 * unreachable in the table files.  SQLite: nothing to do (secure_delete
 * overwrote them when they were deleted).  PostgreSQL: VACUUM FULL of
 * them (a plain VACUUM only marks the space free, the bytes stay), on the
 * store's connection outside any transaction, under the store's lock; it
 * locks each table while it rewrites it. */
gboolean    pd_store_vacuum            (PdStore            *self,
                                        const char * const *tables,
                                        GError            **error);
const char *pd_store_get_path          (PdStore     *self);

PdStoreTx  *pd_store_begin             (PdStore     *self,
                                        GError     **error);
gboolean    pd_store_commit            (PdStoreTx   *tx,
                                        GError     **error);
void        pd_store_tx_free           (PdStoreTx   *tx);   /* rolls back if not committed */
/* @func runs once @tx has committed, still under the store's lock (so
 * hooks run in commit order); @destroy frees @data either way. */
typedef void (*PdStoreCommitFunc) (gpointer data);
void        pd_store_tx_on_commit      (PdStoreTx   *tx,
                                        PdStoreCommitFunc func,
                                        gpointer     data,
                                        GDestroyNotify destroy);
/* @func runs once @tx has committed and let the store go (events: whoever
 * hears one may use the store at once); @destroy frees @data either way. */
void        pd_store_tx_after_commit   (PdStoreTx   *tx,
                                        PdStoreCommitFunc func,
                                        gpointer     data,
                                        GDestroyNotify destroy);
/* An existing database file for a tool that needs it to itself while
 * portdeskd is stopped (store migrate): refused with PD_ERROR_UNAVAILABLE
 * while any other process has it open; migrated like pd_store_open; no
 * other process can open it until the store is freed. */
PdStore    *pd_store_open_exclusive    (const char  *path,
                                        GError     **error);
/* An existing database file, read-only, as it is (no migration): for
 * checks while portdeskd is stopped. */
PdStore    *pd_store_open_readonly     (const char  *path,
                                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdStoreTx, pd_store_tx_free)

/* ports */
gboolean    pd_store_port_exists       (PdStoreTx   *tx,
                                        const char  *code);
/* Every port: {code, name}, by code. */
GPtrArray  *pd_store_port_list         (PdStoreTx   *tx,
                                        GError     **error);
gboolean    pd_store_port_insert       (PdStoreTx   *tx,
                                        const char  *code,
                                        const char  *name,
                                        GError     **error);

/* users */
gboolean    pd_store_user_insert       (PdStoreTx   *tx,
                                        PdUser      *user,
                                        const char  *password_hash,
                                        GError     **error);
PdUser     *pd_store_user_get          (PdStoreTx   *tx,
                                        const char  *username,
                                        char       **out_password_hash,
                                        GError     **error);
PdUser     *pd_store_user_get_by_id    (PdStoreTx   *tx,
                                        gint64       id,
                                        GError     **error);
/* @filter may be NULL; its "locked" status means locked_until after @now
 * or a name in @locked_names (a JSON array of strings, NULL: none). */
GPtrArray  *pd_store_user_list         (PdStoreTx   *tx,
                                        const PdUserFilter *filter,
                                        gint64       now,
                                        const char  *locked_names,
                                        gint64       after_id,
                                        guint        limit,
                                        GError     **error);
gint64      pd_store_user_count        (PdStoreTx   *tx);
gboolean    pd_store_user_update       (PdStoreTx   *tx,
                                        PdUser      *user,
                                        GError     **error);
gboolean    pd_store_user_set_password (PdStoreTx   *tx,
                                        gint64       user_id,
                                        const char  *password_hash,
                                        gboolean     must_change,
                                        GError     **error);

/* sessions */
gboolean    pd_store_session_insert    (PdStoreTx   *tx,
                                        PdSession   *session,
                                        const guint8 token_hash[32],
                                        GError     **error);
PdSession  *pd_store_session_lookup    (PdStoreTx   *tx,
                                        const guint8 token_hash[32],
                                        GError     **error);
gboolean    pd_store_session_touch     (PdStoreTx   *tx,
                                        gint64       session_id,
                                        gint64       now,
                                        GError     **error);
gboolean    pd_store_session_accept_rules (PdStoreTx *tx,
                                        gint64       session_id,
                                        gint64       now,
                                        const char  *version,
                                        GError     **error);
gboolean    pd_store_session_set_factor (PdStoreTx  *tx,
                                        gint64       session_id,
                                        PdFactor     factor,
                                        gint64       now,
                                        GError     **error);

/* two-factor sign-in (pd-store-totp.c) */
typedef struct {
  GBytes  *sealed;            /* the secret, sealed by the engine */
  gboolean active;
  gint64   created_at;
  gint64   activated_at;
  gint64   last_step;         /* the last time step whose code was used */
} PdTotpRow;

void        pd_totp_row_free           (PdTotpRow   *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTotpRow, pd_totp_row_free)

/* NULL (no error) when the user has none. */
PdTotpRow  *pd_store_totp_get          (PdStoreTx   *tx,
                                        gint64       user_id,
                                        GError     **error);
/* Replaces any secret of the user (and their recovery codes) with a new, inactive one. */
gboolean    pd_store_totp_begin        (PdStoreTx   *tx,
                                        gint64       user_id,
                                        GBytes      *sealed,
                                        gint64       now,
                                        GError     **error);
gboolean    pd_store_totp_activate     (PdStoreTx   *tx,
                                        gint64       user_id,
                                        gint64       step,
                                        gint64       now,
                                        GError     **error);
/* Records @step as used; FALSE with PD_ERROR_CONFLICT when it or a later one already was. */
gboolean    pd_store_totp_use_step     (PdStoreTx   *tx,
                                        gint64       user_id,
                                        gint64       step,
                                        GError     **error);
/* Deletes the user's secret and recovery codes; whether there was a secret. */
gboolean    pd_store_totp_delete       (PdStoreTx   *tx,
                                        gint64       user_id,
                                        gboolean    *out_existed,
                                        GError     **error);
gboolean    pd_store_totp_add_recovery (PdStoreTx   *tx,
                                        gint64       user_id,
                                        const char  *hash,
                                        GError     **error);
/* The unused recovery codes' (id, hash) pairs: ids in @out_ids. */
GPtrArray  *pd_store_totp_recovery     (PdStoreTx   *tx,
                                        gint64       user_id,
                                        GArray     **out_ids,
                                        GError     **error);
/* Marks a recovery code used; FALSE with PD_ERROR_CONFLICT when it already was. */
gboolean    pd_store_totp_use_recovery (PdStoreTx   *tx,
                                        gint64       id,
                                        gint64       now,
                                        GError     **error);
gboolean    pd_store_session_delete    (PdStoreTx   *tx,
                                        gint64       session_id,
                                        GError     **error);
gboolean    pd_store_session_delete_for_user (PdStoreTx *tx,
                                        gint64       user_id,
                                        GError     **error);
/* The sessions of @user_id as JSON objects (id, client, created_at,
 * last_seen_at, factor, rules_accepted), oldest first. */
GPtrArray  *pd_store_session_list_for_user (PdStoreTx *tx,
                                        gint64       user_id,
                                        GError     **error);
/* Ends session @session_id of @user_id (0: all of theirs); how many ended. */
gboolean    pd_store_session_end_for_user (PdStoreTx *tx,
                                        gint64       user_id,
                                        gint64       session_id,
                                        guint       *out_ended,
                                        GError     **error);
GArray     *pd_store_session_expired   (PdStoreTx   *tx,
                                        gint64       idle_before,
                                        gint64       created_before,
                                        GError     **error);
gboolean    pd_store_delete_ids        (PdStoreTx   *tx,
                                        const char  *table,
                                        GArray      *ids,
                                        GError     **error);
/* The ids of the rows of @table (one pd_store_delete_ids takes) whose
 * time @column is before @before: what a retention policy purges. */
GArray     *pd_store_ids_before        (PdStoreTx   *tx,
                                        const char  *table,
                                        const char  *column,
                                        gint64       before,
                                        GError     **error);

/* entitlements */
gboolean       pd_store_entitlement_insert (PdStoreTx     *tx,
                                            PdEntitlement *ent,
                                            GError       **error);
PdEntitlement *pd_store_entitlement_get    (PdStoreTx     *tx,
                                            gint64         id,
                                            GError       **error);
gboolean       pd_store_entitlement_update (PdStoreTx     *tx,
                                            PdEntitlement *ent,
                                            GError       **error);
GPtrArray     *pd_store_entitlement_list   (PdStoreTx     *tx,
                                            gint64         user_id,  /* 0 = all */
                                            GError       **error);
GPtrArray     *pd_store_entitlement_active (PdStoreTx    *tx,
                                           GError      **error);
/* @quarter's re-certification of @entitlement_id by @by_id (CONFLICT when
 * given already). */
gboolean       pd_store_recertification_insert (PdStoreTx  *tx,
                                           gint64        entitlement_id,
                                           const char   *quarter,
                                           gint64        by_id,
                                           gint64        at,
                                           const char   *note,
                                           GError      **error);
/* The entitlements granted before @end and not expired before @start, each
 * with its holder and @quarter's re-certification (certified_by NULL: none),
 * as JsonObjects. */
GPtrArray     *pd_store_recertifications (PdStoreTx    *tx,
                                           const char   *quarter,
                                           gint64        start,
                                           gint64        end,
                                           GError      **error);

/* API keys */
gboolean    pd_store_apikey_insert     (PdStoreTx   *tx,
                                        PdApiKey    *key,
                                        const guint8 secret_hash[32],
                                        GError     **error);
PdApiKey   *pd_store_apikey_lookup     (PdStoreTx   *tx,
                                        const char  *key_id,
                                        guint8       out_secret_hash[32],
                                        GError     **error);
GPtrArray  *pd_store_apikey_list       (PdStoreTx   *tx,
                                        GError     **error);
gboolean    pd_store_apikey_revoke     (PdStoreTx   *tx,
                                        const char  *key_id,
                                        gint64       now,
                                        gint64       by,
                                        const char  *reason,
                                        GError     **error);
gboolean    pd_store_apikey_used       (PdStoreTx   *tx,
                                        const char  *key_id,
                                        gint64       now,
                                        const char  *client,
                                        GError     **error);

/* audit (append-only; the chain itself is computed in pd-audit.c) */
gboolean    pd_store_audit_last        (PdStoreTx   *tx,
                                        gint64      *out_seq,
                                        guint8       out_hash[32],
                                        GError     **error);
/* The keys that sign the site's checkpoints, each registered by an
 * audit entry ("audit.key", object its hex) at @seq. */
gboolean    pd_store_audit_key_registered (PdStoreTx *tx,
                                        const guint8 public_key[32],
                                        gboolean    *out_registered,
                                        GError     **error);
gboolean    pd_store_audit_key_insert  (PdStoreTx   *tx,
                                        const guint8 public_key[32],
                                        gint64       seq,
                                        GError     **error);
gboolean    pd_store_audit_insert      (PdStoreTx   *tx,
                                        const PdAuditEntry *entry,
                                        GError     **error);
GPtrArray  *pd_store_audit_query       (PdStoreTx   *tx,
                                        const PdAuditFilter *filter,
                                        GError     **error);
/* The query pd_store_audit_query runs for @filter (for EXPLAIN QUERY PLAN). */
char       *pd_store_audit_query_sql   (const PdAuditFilter *filter);
PdAuditEntry *pd_store_audit_get       (PdStoreTx   *tx,
                                        gint64       seq,
                                        GError     **error);
gint64      pd_store_audit_first_at    (PdStoreTx   *tx);
gboolean    pd_store_audit_filter_insert (PdStoreTx *tx,
                                        const char  *owner,
                                        const char  *name,
                                        const char  *filter,
                                        gint64       now,
                                        GError     **error);
GPtrArray  *pd_store_audit_filter_list (PdStoreTx   *tx,
                                        const char  *owner,
                                        GError     **error);
gboolean    pd_store_audit_filter_delete (PdStoreTx *tx,
                                        const char  *owner,
                                        const char  *name,
                                        GError     **error);
gboolean    pd_store_audit_signoff_insert (PdStoreTx *tx,
                                        const char  *quarter,
                                        const char  *signed_by,
                                        gint64       signed_at,
                                        gint64       up_to_seq,
                                        gboolean     verified,
                                        const char  *note,
                                        GError     **error);
GPtrArray  *pd_store_audit_signoffs    (PdStoreTx   *tx,
                                        GError     **error);
typedef gboolean (*PdAuditEntryFunc) (const PdAuditEntry *entry, gpointer user_data, GError **error);
gboolean    pd_store_audit_foreach     (PdStoreTx   *tx,
                                        PdAuditEntryFunc func,
                                        gpointer     user_data,
                                        GError     **error);
/* @out_inserted: FALSE when that entry was signed already */
gboolean    pd_store_checkpoint_insert (PdStoreTx   *tx,
                                        const PdCheckpoint *cp,
                                        gboolean    *out_inserted,
                                        GError     **error);
GPtrArray  *pd_store_checkpoint_list   (PdStoreTx   *tx,
                                        GError     **error);
/* seq and next_due of the newest checkpoint, 0 and 0 when there is none */
void        pd_store_checkpoint_last   (PdStoreTx   *tx,
                                        gint64      *out_seq,
                                        gint64      *out_next_due);

/* retention bookkeeping */
gboolean    pd_store_retention_record  (PdStoreTx   *tx,
                                        const char  *policy,
                                        gint64       now,
                                        gint64       purged,
                                        GError     **error);
/* What a policy holds now (@held_sql: a count; NULL: -1) and when the
 * oldest of it becomes due (@due_sql with ?1 = @period_us; NULL or
 * nothing held: 0). */
gboolean    pd_store_retention_held    (PdStoreTx   *tx,
                                        const char  *held_sql,
                                        const char  *due_sql,
                                        gint64       period_us,
                                        gint64      *out_held,
                                        gint64      *out_next_due,
                                        GError     **error);
gboolean    pd_store_retention_state   (PdStoreTx   *tx,
                                        const char  *policy,
                                        gint64      *out_last_run,
                                        gint64      *out_last_purged,
                                        gint64      *out_total_purged,
                                        GError     **error);

G_END_DECLS
