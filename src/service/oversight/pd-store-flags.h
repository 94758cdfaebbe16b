/* pd-store-flags.h: misuse flags, the audit entries behind them, the
 * scanner's place in the chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* The last audit entry the scanner has read (0: none). */
gboolean    pd_store_flag_scan_last   (PdStoreTx   *tx,
                                       gint64      *out_seq,
                                       GError     **error);
gboolean    pd_store_flag_scan_set    (PdStoreTx   *tx,
                                       gint64       seq,
                                       GError     **error);
/* The open flag of @rule for @username and @subject whose last entry is
 * after @since, or 0. */
gint64      pd_store_flag_find_open   (PdStoreTx   *tx,
                                       const char  *rule,
                                       const char  *username,
                                       const char  *subject,
                                       gint64       since,
                                       GError     **error);
gint64      pd_store_flag_insert      (PdStoreTx   *tx,
                                       const char  *rule,
                                       const char  *username,
                                       const char  *subject,
                                       const char  *summary,
                                       gint64       raised_at,
                                       GError     **error);
/* Adds audit entry @seq (at @at) to flag @id. */
gboolean    pd_store_flag_attach      (PdStoreTx   *tx,
                                       gint64       id,
                                       gint64       seq,
                                       gint64       at,
                                       GError     **error);
/* @actor's audit entries up to @upto_seq, at or after @since, whose
 * action is one of @actions (comma-separated), oldest first. */
GPtrArray  *pd_store_flag_window      (PdStoreTx   *tx,
                                       const char  *actor,
                                       const char  *actions,
                                       gint64       since,
                                       gint64       upto_seq,
                                       GError     **error);
/* Flags newest first, after id @before (0: from the newest), each filter
 * NULL for any. */
GPtrArray  *pd_store_flag_list        (PdStoreTx   *tx,
                                       const char  *state,
                                       const char  *rule,
                                       const char  *username,
                                       gint64       before,
                                       guint        limit,
                                       GError     **error);
JsonObject *pd_store_flag_get         (PdStoreTx   *tx,
                                       gint64       id,
                                       GError     **error);
/* The audit entries behind flag @id, oldest first. */
GPtrArray  *pd_store_flag_entries     (PdStoreTx   *tx,
                                       gint64       id,
                                       GError     **error);
/* Moves flag @id to @state with @reason (an auditor's review). */
gboolean    pd_store_flag_review      (PdStoreTx   *tx,
                                       gint64       id,
                                       const char  *state,
                                       const char  *reason,
                                       const char  *by,
                                       gint64       at,
                                       GError     **error);
/* Escalated flags of @username become suspended (the admin acted). */
gboolean    pd_store_flag_resolve     (PdStoreTx   *tx,
                                       const char  *username,
                                       const char  *by,
                                       gint64       at,
                                       const char  *resolution,
                                       GError     **error);

G_END_DECLS
