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

G_END_DECLS
