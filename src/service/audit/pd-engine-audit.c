/* pd-engine-audit.c: audit review for oversight (reads are audited too)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include "pd-engine-audit.h"
#include "pd-engine-private.h"
#include "pd-error.h"
#include "pd-json.h"

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
  g_autofree char *cursor = filter->newest_first ? (filter->before_seq > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, filter->before_seq) : NULL)
                                                 : g_strdup_printf ("%" G_GINT64_FORMAT, filter->after_seq);
  g_autofree char *params = _pd_params ("actor", filter->actor, "role", filter->role, "action", filter->action,
                                        "object", filter->object, "outcome", filter->outcome, "client", filter->client,
                                        "since", since, "until", until,
                                        filter->newest_first ? "before" : "after", cursor, NULL);

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
                        PdAuditEntry  **out_first_bad,
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
  /* the first bad entry as it is stored now, when there is one */
  if (out_first_bad != NULL && !report->ok && report->first_bad_seq > 0)
    *out_first_bad = pd_store_audit_get (tx, report->first_bad_seq, NULL);
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
  g_autofree char *since = filter->since ? pd_time_format (filter->since) : NULL;
  g_autofree char *until = filter->until ? pd_time_format (filter->until) : NULL;
  g_autofree char *params = _pd_params ("format", format, "actor", filter->actor, "role", filter->role,
                                        "action", filter->action, "object", filter->object,
                                        "outcome", filter->outcome, "client", filter->client,
                                        "since", since, "until", until, NULL);
  PdAuditFilter all = *filter;

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "audit.export", error))
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  if (!_pd_engine_audit_tx (self, tx, caller, "audit.export", NULL, params, "ok", error))
    return FALSE;
  all.limit = G_MAXINT;
  all.newest_first = FALSE;          /* an export runs in chain order */
  all.after_seq = all.before_seq = 0;
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

/* --- saved filters ------------------------------------------------------------ */

#define FILTER_NAME_MAX 100

gboolean
pd_engine_audit_filter_save (PdEngine    *self,
                             PdCaller    *caller,
                             const char  *name,
                             const char  *filter,
                             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = _pd_params ("name", name, NULL);

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "audit.filter.save", error) ||
      !pd_text_check ("name", name, FILTER_NAME_MAX, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      !pd_store_audit_filter_insert (tx, pd_caller_actor (caller), name, filter, pd_engine_now (self), error))
    return FALSE;
  return _pd_engine_audit_tx (self, tx, caller, "audit.filter.save", name, params, "ok", error) &&
         pd_store_commit (tx, error);
}

GPtrArray *
pd_engine_audit_filters (PdEngine  *self,
                         PdCaller  *caller,
                         GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "audit.filter.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_audit_filter_list (tx, pd_caller_actor (caller), error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "audit.filter.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

gboolean
pd_engine_audit_filter_delete (PdEngine    *self,
                               PdCaller    *caller,
                               const char  *name,
                               GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = _pd_params ("name", name, NULL);

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "audit.filter.delete", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      !pd_store_audit_filter_delete (tx, pd_caller_actor (caller), name, error))
    return FALSE;
  return _pd_engine_audit_tx (self, tx, caller, "audit.filter.delete", name, params, "ok", error) &&
         pd_store_commit (tx, error);
}

/* --- quarterly sign-off ------------------------------------------------------- */

#define OVERDUE_AFTER (30 * PD_USEC_PER_DAY)

gboolean
pd_engine_audit_signoff (PdEngine    *self,
                         PdCaller    *caller,
                         const char  *quarter,
                         const char  *note,
                         gint64      *out_up_to,
                         GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *current = pd_quarter_of (pd_engine_now (self));
  g_autofree char *params = NULL;
  g_autofree char *up_to_text = NULL;
  PdAuditReport report = { 0 };
  gint64 start, end, head = 0;
  guint8 hash[32];

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "audit.signoff", error))
    return FALSE;
  if (!pd_quarter_bounds (quarter, &start, &end))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "quarter: a quarter like %s", current);
      return FALSE;
    }
  if (!pd_text_check ("note", note, 2000, error))
    return FALSE;
  if (end > pd_engine_now (self))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "%s has not ended yet: it can be signed off once it has", quarter);
      return FALSE;
    }
  tx = pd_store_begin (self->store, error);
  if (tx == NULL || !pd_audit_verify (self->audit, tx, &report, error) ||
      !pd_store_audit_last (tx, &head, hash, error))
    {
      pd_audit_report_clear (&report);
      return FALSE;
    }
  up_to_text = g_strdup_printf ("%" G_GINT64_FORMAT, head);
  if (!report.ok)
    {
      g_autofree char *why = g_strdup_printf ("%s at entry %" G_GINT64_FORMAT, report.problem, report.first_bad_seq);

      params = _pd_params ("quarter", quarter, "refused", why, NULL);
      pd_audit_report_clear (&report);
      g_clear_pointer (&tx, pd_store_tx_free);
      pd_engine_audit (self, caller, "audit.signoff", quarter, params, "refused", NULL);
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT,
                   "The audit chain does not verify (%s): it cannot be signed off", why);
      return FALSE;
    }
  params = _pd_params ("quarter", quarter, "note", note, "up_to", up_to_text, NULL);
  if (!pd_store_audit_signoff_insert (tx, quarter, pd_caller_actor (caller), pd_engine_now (self), head, TRUE, note,
                                      error) ||
      !_pd_engine_audit_tx (self, tx, caller, "audit.signoff", quarter, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  *out_up_to = head;
  return TRUE;
}

/* One quarter of the sign-off list; @s its sign-off or NULL. */
static JsonObject *
signoff_row (const char *q,
             JsonObject *s,
             gint64      now,
             gint64      end)
{
  JsonObject *row = json_object_new ();
  g_autofree char *due = pd_time_format (end);
  g_autofree char *overdue = pd_time_format (end + OVERDUE_AFTER);
  const char *status;

  if (s != NULL)
    status = "signed";
  else if (now < end)
    status = "open";
  else if (now < end + OVERDUE_AFTER)
    status = "due";
  else
    status = "overdue";
  json_object_set_string_member (row, "quarter", q);
  json_object_set_string_member (row, "status", status);
  json_object_set_string_member (row, "due_at", due);
  json_object_set_string_member (row, "overdue_at", overdue);
  if (s != NULL)
    {
      static const char * const copy[] = { "signed_by", "signed_at", "up_to_seq", "note" };

      for (guint k = 0; k < G_N_ELEMENTS (copy); k++)
        json_object_set_member (row, copy[k], json_node_copy (json_object_get_member (s, copy[k])));
      json_object_set_boolean_member (row, "verified", json_object_get_int_member (s, "verified") != 0);
    }
  else
    {
      json_object_set_null_member (row, "signed_by");
      json_object_set_null_member (row, "signed_at");
    }
  return row;
}

/* Each quarter from the first entry's to this one, newest first:
 * {quarter, status: open|due|overdue|signed, due_at, overdue_at,
 * signed_by, signed_at, up_to_seq, verified, note}. */
GPtrArray *
pd_engine_audit_signoffs (PdEngine  *self,
                          PdCaller  *caller,
                          GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) signed_rows = NULL;
  g_autoptr(GHashTable) by_quarter = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 now = pd_engine_now (self);
  gint64 first, start, end, oldest;
  g_autofree char *q = NULL;

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "audit.signoff.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (signed_rows = pd_store_audit_signoffs (tx, error)) == NULL)
    return NULL;
  first = pd_store_audit_first_at (tx);
  if (!_pd_engine_audit_tx (self, tx, caller, "audit.signoff.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  for (guint i = 0; i < signed_rows->len; i++)
    {
      JsonObject *o = g_ptr_array_index (signed_rows, i);
      g_hash_table_insert (by_quarter, (gpointer) json_object_get_string_member (o, "quarter"), o);
    }

  /* from this quarter back to the log's first, and to the oldest signed
   * (a quarter before the log began is listed only when signed) */
  if (first == 0)
    first = now;
  {
    g_autofree char *first_q = pd_quarter_of (first);
    gint64 oldest_end;

    pd_quarter_bounds (first_q, &first, &oldest_end);
    oldest = first;
    if (signed_rows->len > 0 &&
        pd_quarter_bounds (json_object_get_string_member (g_ptr_array_index (signed_rows, 0), "quarter"), &start, &end))
      oldest = MIN (oldest, start);
  }
  q = pd_quarter_of (now);
  pd_quarter_bounds (q, &start, &end);
  for (guint n = 0; n < 400 && start >= oldest; n++)
    {
      JsonObject *s = g_hash_table_lookup (by_quarter, q);
      g_autoptr(GDateTime) prev = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC - 1);

      if (s != NULL || start >= first)
        g_ptr_array_add (out, signoff_row (q, s, now, end));
      /* the quarter before */
      g_free (q);
      q = pd_quarter_of (g_date_time_to_unix (prev) * G_USEC_PER_SEC);
      pd_quarter_bounds (q, &start, &end);
    }
  return g_steal_pointer (&out);
}
