/* pd-engine-lpr.h: license-plate reads, display lists, alerts, case-bound queries
 *
 * Camera feeds (API keys of kind lpr_feed with the 'lpr' scope) post reads,
 * one or many at a time; analysts import them from CSV.  A batch is stored
 * whole or not at all, every bad field named; reads older than 5 years are
 * refused, a re-sent read (same reader, time and plate) is stored once.
 *
 * Displays (hotlists) belong to the analyst who made them; their items
 * (plate, state, reason, optional expiry) lapse a year after their owner
 * last re-validated them (policy lpr.display.items); the auditor signs
 * each display off once a quarter.  Each new read is checked against every
 * live item: the same plate and state is a hit; the same plate with its
 * OCR look-alikes folded (O/0, I/1, B/8, S/5, Z/2) or in another state a
 * possible hit, never a hit.  Reads of one plate on one item within
 * lpr_alert_window_seconds make one alert; a read never alerts twice for
 * an item.  Entitled analysts see the alerts live (event lpr.hit) and give
 * each a disposition with a reason.
 *
 * History queries belong to an open case or event of the analyst, reach
 * back at most 5 years (default: the last 30 days); their parameters are
 * audited, their results are not.  Results are cached for the analyst for
 * lpr_cache_hours (4 to 24) and then deleted with a receipt (lpr.cache)
 * unless saved to the case, which keeps a copy of each saved read.
 *
 * Every route needs the lpr_analyst role with a current entitlement whose
 * access notice has been acknowledged (auditors: displays and reviews).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-retention.h"
#include "pd-store-lpr.h"

G_BEGIN_DECLS

typedef struct {
  guint received;
  guint stored;
  guint duplicates;   /* re-sent reads, stored before */
} PdLprIngest;

/* Adds "@what N: why" (@local's message; taken) to @problems, the first
 * 20 of them, counting each in @n: the errors of a batch. */
void        _pd_lpr_note_problem         (GString      *problems,
                                          guint        *n,
                                          const char   *what,
                                          guint         i,
                                          GError       *local);

/* A feed's reads (the demo's: the system): @objects are JsonObject
 * (members as strings or numbers), named "read N" in errors. */
gboolean    pd_engine_lpr_reads_receive  (PdEngine     *self,
                                          PdCaller     *caller,
                                          GPtrArray    *objects,
                                          PdLprIngest  *out,
                                          GError      **error);
/* The same for a feed's batch read without a JSON tree
 * (pd_lpr_reads_parse_plain): FALSE with @plain FALSE when @body is not in
 * the plain form or a read fails its checks (then parse it and use the
 * above, which words what is wrong); FALSE with @plain TRUE on other
 * errors. */
gboolean    pd_engine_lpr_reads_receive_plain (PdEngine     *self,
                                               PdCaller     *caller,
                                               GBytes       *body,
                                               PdLprIngest  *out,
                                               gboolean     *plain,
                                               GError      **error);
/* Analysts import CSV files in parts, each checked as it comes (its rows
 * numbered from @first) and kept in memory; the commit stores them all in
 * one transaction, or nothing.  One import per analyst at a time (a new
 * one replaces it); an import left an hour is dropped. */
gboolean    pd_engine_lpr_import_begin   (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64       *out_id,
                                          GError      **error);
gboolean    pd_engine_lpr_import_add     (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        id,
                                          GPtrArray    *objects,
                                          guint         first,
                                          guint        *out_staged,
                                          GError      **error);
gboolean    pd_engine_lpr_import_commit  (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        id,
                                          PdLprIngest  *out,
                                          GError      **error);
gboolean    pd_engine_lpr_import_cancel  (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        id,
                                          GError      **error);
/* the parts of a batch: @objects checked ("@what N", N from @first), then
 * stored with the alert checks, audited, the alerts told */
GPtrArray  *_pd_lpr_parse_reads          (GPtrArray    *objects,
                                          const char   *what,
                                          guint         first,
                                          gint64        now,
                                          GError      **error);
gboolean    _pd_lpr_store_reads          (PdEngine     *self,
                                          PdCaller     *caller,
                                          GPtrArray    *reads,
                                          PdLprIngest  *out,
                                          GError      **error);
/* alerts (JSON rows) */
GPtrArray  *pd_engine_lpr_alerts         (PdEngine     *self,
                                          PdCaller     *caller,
                                          gboolean      open_only,
                                          GError      **error);
JsonObject *pd_engine_lpr_alert          (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        id,
                                          GPtrArray   **out_reads,
                                          GError      **error);
gboolean    pd_engine_lpr_alert_dispose  (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        id,
                                          const char   *disposition,
                                          const char   *reason,
                                          GError      **error);

/* displays */
extern const char pd_lpr_display_notice[];
extern const char * const pd_lpr_item_columns[];
extern const char * const pd_lpr_item_csv_columns[];
gint64      pd_engine_lpr_display_create (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *name,
                                          const char   *reason,
                                          GError      **error);
GPtrArray  *pd_engine_lpr_displays       (PdEngine     *self,
                                          PdCaller     *caller,
                                          GError      **error);
/* The display's items; NOT_FOUND when there is none */
GPtrArray  *pd_engine_lpr_display_items  (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        id,
                                          GError      **error);
/* @objects: JsonObject {plate, state, reason, expires (YYYY-MM-DD)}, named
 * "@what N" in errors; all or none.  The new items' ids in @out_ids. */
gboolean    pd_engine_lpr_items_add      (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        display_id,
                                          GPtrArray    *objects,
                                          const char   *what,
                                          GArray       *out_ids,
                                          GError      **error);
/* the display's items as CSV (pd_lpr_item_csv_columns: it can be imported again) */
GBytes     *pd_engine_lpr_items_export   (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        display_id,
                                          GError      **error);
gboolean    pd_engine_lpr_item_validate  (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        item_id,
                                          GError      **error);
gboolean    pd_engine_lpr_item_remove    (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        item_id,
                                          GError      **error);
gboolean    pd_engine_lpr_review_sign    (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        display_id,
                                          const char   *note,
                                          GError      **error);
/* every display and its sign-off for @quarter (NULL: this one) */
GPtrArray  *pd_engine_lpr_reviews        (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *quarter,
                                          GError      **error);

/* cases and queries */
gint64      pd_engine_lpr_case_open      (PdEngine     *self,
                                          PdCaller     *caller,
                                          const char   *number,
                                          const char   *title,
                                          GError      **error);
GPtrArray  *pd_engine_lpr_cases          (PdEngine     *self,
                                          PdCaller     *caller,
                                          GError      **error);
/* the case (its JSON row in @out_case) and its saved results */
GPtrArray  *pd_engine_lpr_case_saved     (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        id,
                                          JsonObject  **out_case,
                                          GError      **error);
gboolean    pd_engine_lpr_case_close     (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        id,
                                          GError      **error);
typedef struct {
  gint64      case_id;
  const char *plate;
  gboolean    look_alikes;
  const char *reader_address;
  const char *make;
  const char *model;
  const char *from;        /* YYYY-MM-DD, NULL: 30 days before @to */
  const char *to;          /* YYYY-MM-DD (included), NULL: today */
} PdLprQueryParams;
/* Runs and caches a query; its id in @out_id */
gboolean    pd_engine_lpr_query          (PdEngine     *self,
                                          PdCaller     *caller,
                                          const PdLprQueryParams *p,
                                          gint64       *out_id,
                                          GError      **error);
/* a query of the caller's, while cached, and its results */
JsonObject *pd_engine_lpr_query_results  (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        id,
                                          GPtrArray   **out_results,
                                          GError      **error);
gboolean    pd_engine_lpr_save           (PdEngine     *self,
                                          PdCaller     *caller,
                                          gint64        query_id,
                                          GArray       *read_ids,
                                          GError      **error);

/* portdeskd --demo: lpr.ortiz granted the entitlement (director.ng and
 * sysowner approving), two displays, a week of reads with hits and
 * possible hits; nothing when there are displays already. */
gboolean    pd_engine_lpr_demo           (PdEngine     *self,
                                          GError      **error);

/* the engine's part: its display items' index */
/* Forgets the index (display items changed); inside a transaction. */
/* In @tx: the display items changed (here, and in the site's other daemons at commit). */
void        _pd_engine_lpr_items_changed (PdEngine     *self,
                                          PdStoreTx    *tx);
/* Another daemon of the site changed them. */
void        _pd_engine_lpr_reload        (PdEngine     *self);
/* The caller may use LPR data: an lpr_analyst with a current entitlement
 * and its notice acknowledged (with @also: or one of those roles). */
gboolean    _pd_engine_lpr_require       (PdEngine     *self,
                                          PdCaller     *caller,
                                          guint         also,
                                          const char   *action,
                                          GError      **error);

const PdRetentionPolicy *pd_engine_lpr_retention (guint *n);

G_END_DECLS
