/* pd-engine-audit.h: audit review for oversight (the chain itself is pd-audit.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"

G_BEGIN_DECLS

GPtrArray  *pd_engine_audit_query    (PdEngine    *self,
                                      PdCaller    *caller,
                                      const PdAuditFilter *filter,
                                      GError     **error);
gboolean    pd_engine_audit_verify   (PdEngine    *self,
                                      PdCaller    *caller,
                                      PdAuditReport *report,
                                      PdAuditEntry **out_first_bad,
                                      GError     **error);
GPtrArray  *pd_engine_audit_checkpoints (PdEngine *self,
                                      PdCaller    *caller,
                                      GError     **error);
gboolean    pd_engine_audit_export   (PdEngine    *self,
                                      PdCaller    *caller,
                                      const PdAuditFilter *filter,
                                      const char  *format,
                                      GPtrArray  **out_entries,
                                      GPtrArray  **out_checkpoints,
                                      GError     **error);

/* an auditor's saved filters (@filter: a JSON object text) */
gboolean    pd_engine_audit_filter_save   (PdEngine   *self,
                                           PdCaller   *caller,
                                           const char *name,
                                           const char *filter,
                                           GError    **error);
GPtrArray  *pd_engine_audit_filters       (PdEngine   *self,
                                           PdCaller   *caller,
                                           GError    **error);
gboolean    pd_engine_audit_filter_delete (PdEngine   *self,
                                           PdCaller   *caller,
                                           const char *name,
                                           GError    **error);
/* Signs @quarter's review off, once it has ended and only while the chain
 * verifies; *out_up_to is the last entry it covers. */
gboolean    pd_engine_audit_signoff       (PdEngine   *self,
                                           PdCaller   *caller,
                                           const char *quarter,
                                           const char *note,
                                           gint64     *out_up_to,
                                           GError    **error);
GPtrArray  *pd_engine_audit_signoffs      (PdEngine   *self,
                                           PdCaller   *caller,
                                           GError    **error);

G_END_DECLS
