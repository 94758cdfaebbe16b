/* pd-audit.h: the tamper-evident audit chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_AUDIT (pd_audit_get_type ())
G_DECLARE_FINAL_TYPE (PdAudit, pd_audit, PD, AUDIT, GObject)

typedef struct {
  gboolean ok;
  gint64   entries;
  gint64   checkpoints;
  gint64   last_signed_seq;
  gint64   first_bad_seq;     /* 0 when ok */
  char    *problem;           /* NULL when ok */
} PdAuditReport;

void      pd_audit_report_clear (PdAuditReport *report);

PdAudit  *pd_audit_new          (const char    *key_path,
                                 guint          checkpoint_interval,
                                 GError       **error);
const guint8 *pd_audit_get_public_key (PdAudit *self);

/* Appends one entry in the caller's transaction.  params is a JSON object
 * text of the query parameters (never the results). */
gboolean  pd_audit_append       (PdAudit       *self,
                                 PdStoreTx     *tx,
                                 gint64         now,
                                 const char    *actor,
                                 const char    *role,
                                 const char    *action,
                                 const char    *object,
                                 const char    *params,
                                 const char    *outcome,
                                 const char    *client,
                                 GError       **error);
/* Signs the current chain head unless it is signed already. */
gboolean  pd_audit_checkpoint   (PdAudit       *self,
                                 PdStoreTx     *tx,
                                 gint64         now,
                                 GError       **error);
gboolean  pd_audit_verify       (PdAudit       *self,
                                 PdStoreTx     *tx,
                                 PdAuditReport *report,
                                 GError       **error);

void      pd_audit_entry_hash   (const PdAuditEntry *entry,
                                 guint8              out[32]);

G_END_DECLS
