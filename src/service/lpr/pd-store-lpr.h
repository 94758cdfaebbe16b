/* pd-store-lpr.h: LPR reads, displays, alerts, cases and queries in the store
 *
 * What the engine reasons about comes as structs (a read, a display item,
 * a case); what is only shown (lists, an alert with its reads, a case's
 * saved results) comes as JSON objects, one per row, their members the
 * columns (times as ISO 8601).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-lpr-read.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* Reads are indexed by 30-day buckets of their observation time. */
#define PD_LPR_BUCKET_US ((gint64) 30 * 24 * 3600 * G_USEC_PER_SEC)

/* A display item lapses a year after its owner last validated it. */
#define PD_LPR_ITEM_LIFETIME ((gint64) 365 * 24 * 3600 * G_USEC_PER_SEC)

typedef struct {
  gint64  id;
  gint64  display_id;
  gint64  owner_id;
  char   *display;          /* its display's name */
  char   *plate;
  char   *state;
  char   *plate_key;
  gint64  valid_until;      /* a year after its last validation, or its own expiry if sooner */
  gint64  review_lapses;    /* when its display lapses for want of its quarterly review */
} PdLprItem;

void pd_lpr_item_free (PdLprItem *item);
/* When a display made at @created_at and last signed off in @last_quarter
 * (NULL: never) stops alerting for want of its quarterly review
 * (pd_quarter_review_lapses). */
gint64 pd_lpr_display_review_lapses (gint64      created_at,
                                     const char *last_quarter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLprItem, pd_lpr_item_free)

typedef struct {
  gint64  id;
  char   *number;
  char   *title;
  gint64  owner_id;
  gint64  opened_at;
  gint64  closed_at;        /* 0 while open */
} PdLprCase;

void pd_lpr_case_free (PdLprCase *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLprCase, pd_lpr_case_free)

/* The parameters of a history query (NULL: not a condition). */
typedef struct {
  const char *plate;
  const char *plate_key;    /* the plate's key (NULL without a plate) */
  gboolean    look_alikes;  /* any plate of that key, not only @plate */
  const char *reader_address;
  const char *make;
  const char *model;
  gint64      from, to;     /* [from, to) */
} PdLprQuery;

/* reads: each stored one gets its id; a re-sent one (same reader, time
 * and plate) keeps id 0 */
gboolean    pd_store_lpr_reads_insert   (PdStoreTx   *tx,
                                         GPtrArray   *reads,      /* PdLprRead */
                                         const char  *source,
                                         gint64       now,
                                         GError     **error);
GArray     *pd_store_lpr_reads_before   (PdStoreTx   *tx,
                                         gint64       t,
                                         GError     **error);

/* displays and items */
gint64      pd_store_lpr_display_insert (PdStoreTx   *tx,
                                         const char  *name,
                                         const char  *reason,
                                         gint64       owner_id,
                                         gint64       now,
                                         GError     **error);
/* The display's owner (0 and NOT_FOUND when there is none). */
gint64      pd_store_lpr_display_owner  (PdStoreTx   *tx,
                                         gint64       display_id,
                                         GError     **error);
/* @items: PdLprItem (plate, state, plate_key) with the reasons and
 * expiries in @reasons and @expiries; CONFLICT naming the plate when one
 * is listed already. */
gboolean    pd_store_lpr_items_insert   (PdStoreTx   *tx,
                                         gint64       display_id,
                                         GPtrArray   *items,
                                         const char * const *reasons,
                                         const gint64 *expiries,
                                         gint64       user_id,
                                         gint64       now,
                                         GError     **error);
/* Every item, for the matcher. */
GPtrArray  *pd_store_lpr_items_all      (PdStoreTx   *tx,
                                         GError     **error);
PdLprItem  *pd_store_lpr_item_get       (PdStoreTx   *tx,
                                         gint64       id,
                                         GError     **error);
gboolean    pd_store_lpr_item_validate  (PdStoreTx   *tx,
                                         gint64       id,
                                         gint64       user_id,
                                         gint64       now,
                                         GError     **error);
gboolean    pd_store_lpr_item_delete    (PdStoreTx   *tx,
                                         gint64       id,
                                         GError     **error);
/* Items not re-validated for @lifetime or past their own expiry. */
GArray     *pd_store_lpr_items_lapsed   (PdStoreTx   *tx,
                                         gint64       now,
                                         gint64       lifetime,
                                         GError     **error);
/* JSON: the displays with their counts (items, due within @due_window);
 * a display's items (each with valid_until and due); the displays' sign-offs
 * for @quarter. */
GPtrArray  *pd_store_lpr_displays       (PdStoreTx   *tx,
                                         gint64       now,
                                         gint64       lifetime,
                                         gint64       due_window,
                                         GError     **error);
GPtrArray  *pd_store_lpr_display_items  (PdStoreTx   *tx,
                                         gint64       display_id,
                                         gint64       now,
                                         gint64       lifetime,
                                         gint64       due_window,
                                         GError     **error);
gboolean    pd_store_lpr_review_insert  (PdStoreTx   *tx,
                                         gint64       display_id,
                                         const char  *quarter,
                                         gint64       user_id,
                                         const char  *note,
                                         gint64       now,
                                         GError     **error);
GPtrArray  *pd_store_lpr_reviews        (PdStoreTx   *tx,
                                         const char  *quarter,
                                         GError     **error);

/* alerts, checked read by read inside one intake transaction: an
 * alerter holds the statements for the batch (free it before the commit) */
typedef struct _PdLprAlerter PdLprAlerter;

PdLprAlerter *pd_store_lpr_alerter_new  (PdStoreTx   *tx);
void        pd_store_lpr_alerter_free   (PdLprAlerter *a);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLprAlerter, pd_store_lpr_alerter_free)

/* the alert of @item for this plate and state whose reads are within
 * @window of @t (0: none, -1: an error), a new one, a read added to one
 * (FALSE in @added when that read is already behind an alert of that item) */
gint64      pd_store_lpr_alert_near     (PdLprAlerter *a,
                                         gint64       item_id,
                                         const char  *plate,
                                         const char  *state,
                                         gint64       t,
                                         gint64       window,
                                         GError     **error);
gint64      pd_store_lpr_alert_insert   (PdLprAlerter    *a,
                                         const PdLprItem *item,
                                         const PdLprRead *read,
                                         const char      *kind,
                                         gint64           now,
                                         GError         **error);
gboolean    pd_store_lpr_alert_add_read (PdLprAlerter *a,
                                         gint64       alert_id,
                                         const PdLprItem *item,
                                         const PdLprRead *read,
                                         gboolean    *added,
                                         GError     **error);
GPtrArray  *pd_store_lpr_alerts         (PdStoreTx   *tx,
                                         gboolean     open_only,
                                         guint        limit,
                                         GError     **error);
/* JSON: the alert and, in @out_reads, its reads (NOT_FOUND when none) */
JsonObject *pd_store_lpr_alert          (PdStoreTx   *tx,
                                         gint64       id,
                                         GPtrArray  **out_reads,
                                         GError     **error);
/* CONFLICT when it has one already, NOT_FOUND when there is no such alert */
gboolean    pd_store_lpr_alert_dispose  (PdStoreTx   *tx,
                                         gint64       id,
                                         const char  *disposition,
                                         const char  *reason,
                                         gint64       user_id,
                                         gint64       now,
                                         GError     **error);

/* cases, queries, cached and saved results */
gint64      pd_store_lpr_case_insert    (PdStoreTx   *tx,
                                         const char  *number,
                                         const char  *title,
                                         gint64       owner_id,
                                         gint64       now,
                                         GError     **error);
PdLprCase  *pd_store_lpr_case_get       (PdStoreTx   *tx,
                                         gint64       id,
                                         GError     **error);
gboolean    pd_store_lpr_case_close     (PdStoreTx   *tx,
                                         gint64       id,
                                         gint64       now,
                                         GError     **error);
/* JSON: @owner's cases (only @case_id unless 0), with how many results each has saved */
GPtrArray  *pd_store_lpr_cases          (PdStoreTx   *tx,
                                         gint64       owner_id,
                                         gint64       case_id,
                                         GError     **error);
GPtrArray  *pd_store_lpr_saved          (PdStoreTx   *tx,
                                         gint64       case_id,
                                         GError     **error);
/* Runs @q, caching up to @limit read ids under a new query row; its id in
 * @out_id, how many matched (up to @limit + 1) in @out_count. */
gboolean    pd_store_lpr_query_run      (PdStoreTx   *tx,
                                         const PdLprQuery *q,
                                         gint64       case_id,
                                         gint64       user_id,
                                         const char  *params,
                                         gint64       now,
                                         gint64       expires_at,
                                         guint        limit,
                                         gint64      *out_id,
                                         gint64      *out_count,
                                         GError     **error);
/* JSON: the query (NOT_FOUND once its cache is gone) and its cached reads */
JsonObject *pd_store_lpr_query          (PdStoreTx   *tx,
                                         gint64       id,
                                         GPtrArray  **out_results,
                                         GError     **error);
/* Copies the cached results @read_ids of query @query_id to its case;
 * INVALID naming a read that is not among them. */
gboolean    pd_store_lpr_save           (PdStoreTx   *tx,
                                         gint64       query_id,
                                         gint64       case_id,
                                         GArray      *read_ids,
                                         gint64       user_id,
                                         gint64       now,
                                         GError     **error);
GArray     *pd_store_lpr_queries_expired (PdStoreTx  *tx,
                                         gint64       now,
                                         GError     **error);
gboolean    pd_store_lpr_queries_delete (PdStoreTx   *tx,
                                         GArray      *ids,
                                         GError     **error);

G_END_DECLS
