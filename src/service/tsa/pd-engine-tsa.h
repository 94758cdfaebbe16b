/* pd-engine-tsa.h: the TSA identity check and the holdings it searches
 *
 * Holdings are enrollment records imported by administrators (atomically:
 * records are staged one by one, each photo analysed as it comes, and the
 * whole import is committed in one transaction or not at all).  A TSA
 * supervisor's check analyses a capture, searches the holdings gallery at
 * the configured FMR and answers match, no match or not usable; on no
 * match a biographic or A-number search, then a 1:1 of the same capture
 * against the chosen record.  The capture is never stored: it lives in
 * the request only.  A check keeps its outcome and, when a record was
 * found, that record's A-number and biographic data, 365 days
 * (policy tsa.biographic); reports count them, never name them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-engine-face.h"
#include "pd-retention.h"
#include "pd-store-tsa.h"

G_BEGIN_DECLS

#define PD_HOLDINGS_GALLERY  "holdings"
#define PD_WATCHLIST_GALLERY "watchlist"   /* the derogatory records' templates (TVS) */

/* --- holdings (admins) --- */

/* A new import (its id in @out_id, free with g_free): records are staged
 * by pd_engine_holdings_import_add and land only with ..._commit. */
gboolean    pd_engine_holdings_import_begin  (PdEngine    *self,
                                              PdCaller    *caller,
                                              char       **out_id,
                                              GError     **error);
/* Validates @record (see docs/tsa.md for its members) and analyses its
 * photos; a refusal names the member and why, and stages nothing. */
gboolean    pd_engine_holdings_import_add    (PdEngine    *self,
                                              PdCaller    *caller,
                                              const char  *import_id,
                                              JsonObject  *record,
                                              guint       *out_staged,
                                              GError     **error);
/* Every staged record in one transaction; their record ids in @out_records. */
gboolean    pd_engine_holdings_import_commit (PdEngine    *self,
                                              PdCaller    *caller,
                                              const char  *import_id,
                                              GPtrArray  **out_records,
                                              GError     **error);
gboolean    pd_engine_holdings_import_cancel (PdEngine    *self,
                                              PdCaller    *caller,
                                              const char  *import_id,
                                              GError     **error);
/* PdHolding (no photos), by id after @after. */
GPtrArray  *pd_engine_holdings_list          (PdEngine    *self,
                                              PdCaller    *caller,
                                              gint64       after,
                                              guint        limit,
                                              GError     **error);
PdHolding  *pd_engine_holding_get            (PdEngine    *self,
                                              PdCaller    *caller,
                                              const char  *record,
                                              GError     **error);
gboolean    pd_engine_holding_remove         (PdEngine    *self,
                                              PdCaller    *caller,
                                              const char  *record,
                                              GError     **error);
/* The demo's holdings: a record for each face of the face-api package's
 * demo pictures (unless @faces is FALSE), and @n_synthetic records with
 * random templates and no photo (for scale). */
gboolean    pd_engine_holdings_demo          (PdEngine    *self,
                                              PdCaller    *caller,
                                              guint        n_synthetic,
                                              gboolean     faces,
                                              GError     **error);

/* --- checks (TSA supervisors) --- */

typedef struct {
  gint64                 check;        /* the check's id */
  const char            *outcome;      /* match, no-match, not-usable, declined; verified, not-verified */
  PdFaceCapture          capture;
  PdHolding             *record;       /* the record found, with its photos; NULL */
  float                  similarity;
  const PdFaceThreshold *op;
  double                 response_ms;
} PdIdentityResult;

void        pd_identity_result_clear         (PdIdentityResult *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdIdentityResult, pd_identity_result_clear)

gboolean    pd_engine_identity_check         (PdEngine          *self,
                                              PdCaller          *caller,
                                              const PdFaceImage *capture,
                                              PdIdentityResult  *out,
                                              GError           **error);
/* The traveller declined the photo: a check with the biographic search only. */
gboolean    pd_engine_identity_decline       (PdEngine          *self,
                                              PdCaller          *caller,
                                              gint64            *out_check,
                                              GError           **error);
/* Records for check @check by A-number, or by last and first name (fuzzy)
 * and date of birth (PdHolding, no photos). */
GPtrArray  *pd_engine_identity_search        (PdEngine          *self,
                                              PdCaller          *caller,
                                              gint64             check,
                                              const char        *a_number,
                                              const char        *last_name,
                                              const char        *first_name,
                                              const char        *birth_date,
                                              GError           **error);
/* 1:1 of @capture (the same capture as the check's) against @record. */
gboolean    pd_engine_identity_verify        (PdEngine          *self,
                                              PdCaller          *caller,
                                              gint64             check,
                                              const char        *record,
                                              const PdFaceImage *capture,
                                              PdIdentityResult  *out,
                                              GError           **error);

const PdRetentionPolicy *pd_engine_tsa_retention (guint *n);

/* "A123456789", "a 12345678", "123-456-789" -> nine digits (free with
 * g_free), NULL when it is not an A-number. */
char       *pd_a_number_normalize            (const char *text);
/* @name as the searches compare it: its letters only, case and accents
 * folded (g_free). */
char       *pd_name_fold                     (const char *name);
/* Distance of two names as the biographic search compares them (letters
 * only, case and accents folded): Levenshtein. */
guint       pd_name_distance                 (const char *a,
                                              const char *b);

G_END_DECLS
