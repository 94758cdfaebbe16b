/* pd-retention.h: the retention policy table and the sweeper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"

G_BEGIN_DECLS

typedef struct _PdRetentionPolicy PdRetentionPolicy;

typedef enum {
  PD_RETENTION_PURGE,   /* the sweeper deletes data past its period */
  PD_RETENTION_GUARD,   /* enforced where data enters (never stored, window, scope) */
  PD_RETENTION_KEEP,    /* data that must be kept (append-only, recorded outcome) */
} PdRetentionKind;

typedef gboolean (*PdPurgeFunc) (PdEngine                *engine,
                                 PdStoreTx               *tx,
                                 gint64                   now,
                                 const PdRetentionPolicy *policy,
                                 GArray                  *out_ids,
                                 GError                 **error);

struct _PdRetentionPolicy {
  const char      *id;          /* stable name, e.g. "lpr.cache" */
  const char      *data;        /* what data it governs */
  const char      *rule;        /* the promise, in words */
  PdRetentionKind  kind;
  gint64           period_us;   /* 0 where no period applies */
  PdPurgeFunc      purge;       /* NULL: this build holds no such data yet */
  /* optional, for the status: a count of what it holds now, and the time
   * (µs) the oldest of it becomes due (?1 bound to @period_us; NULL where
   * that is not one column's minimum) */
  const char      *held_sql;
  const char      *due_sql;
  /* optional: the tables (space-separated) holding biometrics whose purged
   * rows must also leave the table files: pd_store_vacuum () of them after
   * a sweep that purged some (PostgreSQL has no secure_delete) */
  const char      *scrub;
};

typedef struct {
  const PdRetentionPolicy *policy;
  gint64 last_run;
  gint64 last_purged;
  gint64 total_purged;
  gint64 held;       /* -1: not counted */
  gint64 next_due;   /* 0: none, or not known */
} PdRetentionStatus;

const PdRetentionPolicy *pd_retention_policies     (guint       *n_policies);
/* Deletes the rows @ids (NULL: finding them failed; FALSE) of @table and
 * adds them to @out_ids, the ids of a purge's receipt. */
gboolean  pd_retention_purge_ids    (PdStoreTx   *tx,
                                     const char  *table,
                                     GArray      *ids,
                                     GArray      *out_ids,
                                     GError     **error);
/* A PdPurgeFunc's common case: deletes the rows of @table whose @column
 * (a *_at time) is before @before, adding their ids to @out_ids (rows that
 * reference them go too, ON DELETE CASCADE). */
gboolean  pd_retention_purge_before (PdStoreTx   *tx,
                                     const char  *table,
                                     const char  *column,
                                     gint64       before,
                                     GArray      *out_ids,
                                     GError     **error);
const PdRetentionPolicy *pd_retention_policy_find  (const char  *id);
const char              *pd_retention_kind_to_string (PdRetentionKind kind);

GArray   *pd_engine_retention_status (PdEngine  *self,
                                      PdCaller  *caller,
                                      GError   **error);
/* The latest deletion receipts (the sweeper's "retention.purge" audit
 * entries), newest first, before @before_seq (0: from the newest). */
GPtrArray *pd_engine_retention_receipts (PdEngine  *self,
                                         PdCaller  *caller,
                                         gint64     before_seq,
                                         guint      limit,
                                         GError   **error);
/* Runs every purge policy once; returns the number of items purged. */
gint64    pd_engine_retention_run    (PdEngine  *self,
                                      PdCaller  *caller,
                                      GError   **error);

G_END_DECLS
