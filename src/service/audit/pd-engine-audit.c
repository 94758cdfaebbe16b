/* pd-engine-audit.c: audit review for oversight (reads are audited too)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include "pd-engine-audit.h"
#include "pd-engine-private.h"
#include "pd-error.h"

#define REVIEWERS PD_ROLE_BIT (PD_ROLE_AUDITOR)

GPtrArray *
pd_engine_audit_query (PdEngine             *self,
                       PdCaller             *caller,
                       const PdAuditFilter  *filter,
                       GError              **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *since = filter->since ? pd_time_format (filter->since) : NULL;
  g_autofree char *until = filter->until ? pd_time_format (filter->until) : NULL;
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, filter->after_seq);
  g_autofree char *params = _pd_params ("actor", filter->actor, "action", filter->action, "object", filter->object,
                                        "since", since, "until", until, "after", after, NULL);

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "audit.query", error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  /* Audit the query first, so the answer includes the reviewer's own entry
   * only when it matches the filter, like any other. */
  if (!_pd_engine_audit_tx (self, tx, caller, "audit.query", NULL, params, "ok", error))
    return NULL;
  rows = pd_store_audit_query (tx, filter, error);
  if (rows == NULL || !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

gboolean
pd_engine_audit_verify (PdEngine       *self,
                        PdCaller       *caller,
                        PdAuditReport  *report,
                        GError        **error)
{
  g_autoptr(PdStoreTx) tx = NULL;

  if (!_pd_engine_require_role (self, caller, REVIEWERS | PD_ROLE_BIT (PD_ROLE_ADMIN), "audit.verify", error))
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  if (!pd_audit_verify (self->audit, tx, report, error))
    return FALSE;
  g_clear_pointer (&tx, pd_store_tx_free);
  return pd_engine_audit (self, caller, "audit.verify", NULL, NULL, report->ok ? "ok" : "tampered", error);
}

GPtrArray *
pd_engine_audit_checkpoints (PdEngine  *self,
                             PdCaller  *caller,
                             GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) cps = NULL;

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "audit.checkpoints", error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  cps = pd_store_checkpoint_list (tx, error);
  if (cps == NULL || !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&cps);
}

gboolean
pd_engine_audit_export (PdEngine             *self,
                        PdCaller             *caller,
                        const PdAuditFilter  *filter,
                        const char           *format,
                        GPtrArray           **out_entries,
                        GPtrArray           **out_checkpoints,
                        GError              **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) cps = NULL;
  g_autofree char *params = _pd_params ("format", format, "actor", filter->actor, "action", filter->action,
                                        "object", filter->object, NULL);
  PdAuditFilter all = *filter;

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "audit.export", error))
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  if (!_pd_engine_audit_tx (self, tx, caller, "audit.export", NULL, params, "ok", error))
    return FALSE;
  all.limit = G_MAXINT;
  rows = pd_store_audit_query (tx, &all, error);
  if (rows == NULL)
    return FALSE;
  cps = pd_store_checkpoint_list (tx, error);
  if (cps == NULL || !pd_store_commit (tx, error))
    return FALSE;
  *out_entries = g_steal_pointer (&rows);
  *out_checkpoints = g_steal_pointer (&cps);
  return TRUE;
}
