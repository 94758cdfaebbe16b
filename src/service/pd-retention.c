/* pd-retention.c
 *
 * One table holds every promise of DESIGN.md's table; the sweeper runs
 * each purge policy in its own transaction and leaves a deletion receipt
 * (policy, rule, count, SHA-256 of the purged ids) in the audit chain, so
 * compliance can be shown without keeping the data.  Policies whose data
 * this build does not hold yet have no purge function and say so.  After
 * a sweep, the biometric tables it purged from are scrubbed
 * (pd_store_vacuum: VACUUM FULL on PostgreSQL, which has no secure_delete).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-retention"

#include <sodium.h>

#include "pd-engine-private.h"
#include "pd-events.h"
#include "pd-error.h"
#include "pd-flow.h"
#include "pd-retention.h"

#define HOURS(n) ((gint64) (n) * PD_USEC_PER_HOUR)

static gboolean
purge_sessions (PdEngine                *engine,
                PdStoreTx               *tx,
                gint64                   now,
                const PdRetentionPolicy *policy,
                GArray                  *out_ids,
                GError                 **error)
{
  const PdConfig *c = pd_engine_get_config (engine);
  g_autoptr(GArray) ids = pd_store_session_expired (tx, now - c->session_idle_us, now - c->session_max_us, error);

  return pd_retention_purge_ids (tx, "sessions", ids, out_ids, error);
}

gboolean
pd_retention_purge_ids (PdStoreTx   *tx,
                        const char  *table,
                        GArray      *ids,
                        GArray      *out_ids,
                        GError     **error)
{
  if (ids == NULL || !pd_store_delete_ids (tx, table, ids, error))
    return FALSE;
  g_array_append_vals (out_ids, ids->data, ids->len);
  return TRUE;
}

gboolean
pd_retention_purge_before (PdStoreTx   *tx,
                           const char  *table,
                           const char  *column,
                           gint64       before,
                           GArray      *out_ids,
                           GError     **error)
{
  g_autoptr(GArray) ids = pd_store_ids_before (tx, table, column, before, error);

  return pd_retention_purge_ids (tx, table, ids, out_ids, error);
}

static gboolean
purge_site_events (PdEngine                *engine,
                   PdStoreTx               *tx,
                   gint64                   now,
                   const PdRetentionPolicy *policy,
                   GArray                  *out_ids,
                   GError                 **error)
{
  return pd_retention_purge_before (tx, "site_events", "made_at", now - policy->period_us, out_ids, error);
}

static const PdRetentionPolicy policies[] = {
  { "tvs.gallery.window", "TVS gallery",
    "Built from a manifest at most 24 h before scheduled departure; only travelers aged 14-79 are in scope",
    PD_RETENTION_GUARD, HOURS (24), NULL },
  { "tvs.outcome", "Match outcome for in-scope non-U.S. travelers",
    "Recorded as a biometrically confirmed crossing",
    PD_RETENTION_KEEP, 0, NULL },
  { "logon.rules", "Every logon",
    "Rules-of-behavior splash that the user must affirmatively accept before any query",
    PD_RETENTION_GUARD, 0, NULL },
  { "access.sessions", "Sessions",
    "End after the idle timeout or the absolute session lifetime",
    PD_RETENTION_PURGE, 0, purge_sessions, "SELECT count(*) FROM sessions" },
  { "site.events", "Events one portdeskd of a site passes to the others (PostgreSQL)",
    "Deleted an hour after they were passed on",
    PD_RETENTION_PURGE, HOURS (1), purge_site_events, "SELECT count(*) FROM site_events",
    "SELECT min(made_at) + ?1 FROM site_events" },
};

/* The table above and each flow's own policies: what the one sweeper runs. */
const PdRetentionPolicy *
pd_retention_policies (guint *n_policies)
{
  static gsize once;
  static GArray *all;

  if (g_once_init_enter (&once))
    {
      guint n_flows;
      const PdFlow * const *flows = pd_flows (&n_flows);

      all = g_array_new (FALSE, FALSE, sizeof (PdRetentionPolicy));
      g_array_append_vals (all, policies, G_N_ELEMENTS (policies));
      for (guint i = 0; i < n_flows; i++)
        if (flows[i]->retention != NULL)
          {
            guint n;
            const PdRetentionPolicy *p = flows[i]->retention (&n);
            g_array_append_vals (all, p, n);
          }
      g_once_init_leave (&once, 1);
    }
  *n_policies = all->len;
  return (const PdRetentionPolicy *) (void *) all->data;
}

const PdRetentionPolicy *
pd_retention_policy_find (const char *id)
{
  guint n;
  const PdRetentionPolicy *all = pd_retention_policies (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (all[i].id, id) == 0)
      return &all[i];
  return NULL;
}

const char *
pd_retention_kind_to_string (PdRetentionKind kind)
{
  switch (kind)
    {
    case PD_RETENTION_PURGE:
      return "purge";
    case PD_RETENTION_GUARD:
      return "guard";
    case PD_RETENTION_KEEP:
      return "keep";
    default:
      return "unknown";
    }
}

GArray *
pd_engine_retention_status (PdEngine  *self,
                            PdCaller  *caller,
                            GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, TRUE, sizeof (PdRetentionStatus));
  guint n;
  const PdRetentionPolicy *all = pd_retention_policies (&n);

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN) | PD_ROLE_BIT (PD_ROLE_AUDITOR),
                                "retention.status", error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      PdRetentionStatus st = { .policy = &all[i] };

      if (!pd_store_retention_state (tx, all[i].id, &st.last_run, &st.last_purged, &st.total_purged, error) ||
          !pd_store_retention_held (tx, all[i].held_sql, all[i].due_sql, all[i].period_us, &st.held, &st.next_due,
                                    error))
        return NULL;
      g_array_append_val (out, st);
    }
  /* A read like any other: audited. */
  if (!_pd_engine_audit_tx (self, tx, caller, "retention.status", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
pd_engine_retention_receipts (PdEngine  *self,
                              PdCaller  *caller,
                              gint64     before_seq,
                              guint      limit,
                              GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *n = g_strdup_printf ("%u", limit);
  g_autofree char *before = before_seq > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, before_seq) : NULL;
  g_autofree char *params = _pd_params ("limit", n, "before", before, NULL);
  PdAuditFilter f = { .action = "retention.purge", .newest_first = TRUE, .before_seq = before_seq, .limit = limit };

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN) | PD_ROLE_BIT (PD_ROLE_AUDITOR),
                                "retention.receipts", error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return NULL;
  if (!_pd_engine_audit_tx (self, tx, caller, "retention.receipts", NULL, params, "ok", error))
    return NULL;
  rows = pd_store_audit_query (tx, &f, error);
  if (rows == NULL || !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static int
cmp_id (gconstpointer a,
        gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static char *
ids_digest (GArray *ids)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_array_sort (ids, cmp_id);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, s->str, s->len);
}

static gboolean
run_policy (PdEngine                *self,
            PdCaller                *caller,
            const PdRetentionPolicy *p,
            gint64                  *inout_total,
            GError                 **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = pd_engine_now (self);

  if (tx == NULL)
    return FALSE;
  if (!p->purge (self, tx, now, p, ids, error))
    return FALSE;
  if (ids->len > 0)
    {
      g_autofree char *digest = ids_digest (ids);
      g_autofree char *count = g_strdup_printf ("%u", ids->len);
      g_autofree char *params = _pd_params ("class", p->data, "rule", p->rule, "count", count,
                                            "ids_sha256", digest, NULL);

      if (!_pd_engine_audit_tx (self, tx, caller, "retention.purge", p->id, params, "ok", error))
        return FALSE;
    }
  if (!pd_store_retention_record (tx, p->id, now, ids->len, error) || !pd_store_commit (tx, error))
    return FALSE;
  if (ids->len > 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "policy");
      json_builder_add_string_value (b, p->id);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, ids->len);
      json_builder_end_object (b);
      pd_engine_emit_event (self, &tx, PD_EVENT_RETENTION_PURGED, NULL,
                            PD_ROLE_BIT (PD_ROLE_ADMIN) | PD_ROLE_BIT (PD_ROLE_AUDITOR), NULL, json_builder_get_root (b));
    }
  *inout_total += ids->len;
  return TRUE;
}

/* PostgreSQL has no secure_delete: once the purges are committed, the
 * biometric tables they deleted from (the policies' scrub lists) are
 * rewritten so that the purged bytes leave the table files. */
static gboolean
scrub_purged (PdEngine   *self,
              GPtrArray  *tables,
              GError    **error)
{
  if (tables->len == 0)
    return TRUE;
  g_ptr_array_add (tables, NULL);
  if (!pd_store_vacuum (self->store, (const char * const *) tables->pdata, error))
    {
      g_prefix_error (error, "Purged, but not yet out of the table files: ");
      return FALSE;
    }
  return TRUE;
}

static void
add_scrub_tables (GPtrArray               *tables,
                  const PdRetentionPolicy *p)
{
  g_auto(GStrv) names = p->scrub != NULL ? g_strsplit (p->scrub, " ", -1) : NULL;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (tables, names[i], g_str_equal, NULL))
      g_ptr_array_add (tables, g_strdup (names[i]));
}

gint64
pd_engine_retention_run (PdEngine  *self,
                         PdCaller  *caller,
                         GError   **error)
{
  gint64 total = 0;
  guint n;
  const PdRetentionPolicy *all = pd_retention_policies (&n);
  g_autoptr(GPtrArray) scrub = g_ptr_array_new_with_free_func (g_free);
  gboolean sweeping = FALSE;

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN), "retention.run", error))
    return -1;
  /* one sweeper at a time in a site: the others' timers skip their round */
  if (!pd_store_site_lock (self->store, PD_STORE_LOCK_SWEEPER, &sweeping, error))
    return -1;
  if (!sweeping)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT,
                           "Another portdeskd of the site is sweeping now; its receipts will show what it purged");
      return -1;
    }
  for (guint i = 0; i < n; i++)
    {
      gint64 before = total;

      if (all[i].purge == NULL)
        continue;
      if (!run_policy (self, caller, &all[i], &total, error))
        {
          g_prefix_error (error, "Retention policy %s: ", all[i].id);
          scrub_purged (self, scrub, NULL);     /* what the earlier policies purged */
          pd_store_site_unlock (self->store, PD_STORE_LOCK_SWEEPER);
          return -1;
        }
      if (total > before)
        add_scrub_tables (scrub, &all[i]);
    }
  if (!scrub_purged (self, scrub, error))
    {
      pd_store_site_unlock (self->store, PD_STORE_LOCK_SWEEPER);
      return -1;
    }
  pd_store_site_unlock (self->store, PD_STORE_LOCK_SWEEPER);
  /* A run someone asked for is an action of theirs; timer runs leave only receipts. */
  if (caller->kind != PD_CALLER_SYSTEM)
    {
      g_autofree char *purged = g_strdup_printf ("%" G_GINT64_FORMAT, total);
      g_autofree char *params = _pd_params ("purged", purged, NULL);

      if (!pd_engine_audit (self, caller, "retention.run", NULL, params, "ok", error))
        return -1;
    }
  return total;
}
