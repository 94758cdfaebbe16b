/* pd-store-tsa.h: holdings (enrollment records and their photos) and what
 * an identity check may keep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* An enrollment record.  Its public name is its record id, "H" and eight
 * digits of its row id (pd_holding_record). */
typedef struct {
  gint64     id;
  char      *first_name;
  char      *last_name;
  char      *birth_date;          /* YYYY-MM-DD */
  char      *a_number;            /* nine digits, or NULL */
  char      *citizenship;         /* ISO 3166 alpha-3 */
  gboolean   passport_at_arrival;
  gboolean   intent_to_depart;
  gboolean   eligible_to_fly;
  gboolean   protected_class;     /* 8 U.S.C. 1367, 8 CFR 208.6 */
  gboolean   lawful_entry;        /* a lawful entry is on record (departing without one: an alert) */
  gboolean   watch_list;          /* derogatory: in the TVS watch-list gallery */
  char     **documents;           /* travel documents, "NUMBER/CTY" (issuing country alpha-3); NULL: none */
  char      *source;
  char      *source_date;         /* YYYY-MM-DD */
  guint      n_photos;
  GPtrArray *photos;              /* GBytes (JPEG or PNG), when read with them */
  gint64     created_at;
} PdHolding;

void       pd_holding_free             (PdHolding   *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdHolding, pd_holding_free)

/* "H00000042" for id 42 (free with g_free); the id of a record id, or -1. */
char      *pd_holding_record           (gint64       id);
gint64     pd_holding_id_from_record   (const char  *record);
/* The face template subject of photo @n (from 1) of holding @id. */
char      *pd_holding_subject          (gint64       id,
                                        guint        n);

/* Inserts @h with its photos; its id in @h->id. */
gboolean   pd_store_holding_insert     (PdStoreTx   *tx,
                                        PdHolding   *h,
                                        gint64       now,
                                        GError     **error);
gboolean   pd_store_holding_set_a_number (PdStoreTx *tx,
                                        gint64       id,
                                        const char  *a_number,
                                        GError     **error);
/* NULL with PD_ERROR_NOT_FOUND when there is none. */
PdHolding *pd_store_holding_get        (PdStoreTx   *tx,
                                        gint64       id,
                                        gboolean     with_photos,
                                        GError     **error);
PdHolding *pd_store_holding_by_a_number (PdStoreTx  *tx,
                                        const char  *a_number,
                                        GError     **error);
/* The derogatory records (watch_list), by id (PdHolding, no photos). */
GPtrArray *pd_store_holdings_watch_list (PdStoreTx  *tx,
                                        GError     **error);
/* Records holding travel document @number issued by @country (PdHolding,
 * no photos). */
GPtrArray *pd_store_holdings_by_document (PdStoreTx *tx,
                                        const char  *number,
                                        const char  *country,
                                        GError     **error);
/* Replaces the record's travel documents ("NUMBER/CTY" each). */
gboolean   pd_store_holding_set_documents (PdStoreTx *tx,
                                        gint64       id,
                                        char * const *documents,
                                        GError     **error);
/* Deletes the record and its photos (its templates are the face store's). */
gboolean   pd_store_holding_delete     (PdStoreTx   *tx,
                                        gint64       id,
                                        GError     **error);
/* Records after @after_id, up to @limit, by id (PdHolding, no photos). */
GPtrArray *pd_store_holdings_list      (PdStoreTx   *tx,
                                        gint64       after_id,
                                        guint        limit,
                                        GError     **error);
/* Every record born on @birth_date (PdHolding, no photos). */
GPtrArray *pd_store_holdings_born      (PdStoreTx   *tx,
                                        const char  *birth_date,
                                        GError     **error);

/* What a check keeps: its outcome, and the A-number and biographic data of
 * the record found (the rest of the record stays in the holdings). */
typedef struct {
  gint64  id;
  gint64  created_at;
  gint64  user_id;
  char   *port;
  char   *outcome;       /* match, no-match, not-usable, declined */
  char   *fallback;      /* none, searched, verified, not-verified */
  double  response_ms;   /* capture to answer; < 0 when there was no photo */
  char   *a_number;
  char   *first_name;
  char   *last_name;
  char   *birth_date;
  char   *citizenship;
} PdIdentityCheck;

void       pd_identity_check_free      (PdIdentityCheck *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdIdentityCheck, pd_identity_check_free)

/* Inserts @c (its id in @c->id) with @found's biographic data (NULL: none). */
gboolean   pd_store_identity_check_insert (PdStoreTx     *tx,
                                        PdIdentityCheck *c,
                                        const PdHolding *found,
                                        GError       **error);
PdIdentityCheck *pd_store_identity_check_get (PdStoreTx *tx,
                                        gint64         id,
                                        GError       **error);
/* The fallback's progress, and the record it found (NULL: keeps the one there). */
gboolean   pd_store_identity_check_update (PdStoreTx     *tx,
                                        gint64         id,
                                        const char    *fallback,
                                        const PdHolding *found,
                                        GError       **error);
/* Ids of the checks made before @before. */
GArray    *pd_store_identity_checks_before (PdStoreTx   *tx,
                                        gint64         before,
                                        GError       **error);
/* The checks made in [@from, @to), by port and time (PdIdentityCheck). */
GPtrArray *pd_store_identity_checks_between (PdStoreTx  *tx,
                                        gint64         from,
                                        gint64         to,
                                        GError       **error);

G_END_DECLS
