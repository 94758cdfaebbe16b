/* pd-engine-tvs.c: TVS manifests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-tvs"

#include <string.h>

#include "pd-engine-private.h"
#include "pd-engine-tvs.h"
#include "pd-error.h"

#define OFFICERS (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | PD_ROLE_BIT (PD_ROLE_ADMIN))
#define DAY_US   ((gint64) 86400 * G_USEC_PER_SEC)

void
pd_manifest_receipt_clear (PdManifestReceipt *r)
{
  g_clear_pointer (&r->flights, g_ptr_array_unref);
  g_clear_pointer (&r->replaced, g_array_unref);
  g_clear_pointer (&r->waiting, g_ptr_array_unref);
  g_clear_pointer (&r->parsed, pd_paxlst_free);
}

/* A single message, or a part of a manifest split over several. */
static gboolean
is_part (const PdPaxMessage *m)
{
  return m->access != NULL && (m->marker == 'C' || m->part > 1);
}

/* The parts' texts read again as one interchange: the first message with
 * the travellers of all (every part repeats the flight). */
static PdPaxlst *
assemble (PdEngine   *self,
          const char *sender,
          GPtrArray  *texts)
{
  g_autoptr(GString) all = g_string_new (NULL);
  PdPaxlst *p;
  PdPaxMessage *first;

  g_string_append_printf (all, "UNB+UNOW:4+%s+PORTDESK+000101:0000+1'\n", sender);
  for (guint i = 0; i < texts->len; i++)
    g_string_append (all, texts->pdata[i]);
  g_string_append_printf (all, "UNZ+%u+1'\n", texts->len);
  p = pd_paxlst_parse (all->str, all->len, pd_clock_now (self->clock) / G_USEC_PER_SEC, NULL);
  if (p == NULL)
    return NULL;
  first = p->messages->pdata[0];
  for (guint i = 1; i < p->messages->len; i++)
    {
      PdPaxMessage *m = p->messages->pdata[i];

      while (m->travellers->len > 0)
        g_ptr_array_add (first->travellers, g_ptr_array_steal_index (m->travellers, 0));
    }
  g_ptr_array_set_size (p->messages, 1);
  return p;
}

/* Stores @m as its flight's manifest. */
static gboolean
store (PdEngine           *self,
       PdStoreTx          *tx,
       PdCaller           *caller,
       const PdPaxMessage *m,
       guint               warnings,
       PdManifestReceipt  *out,
       GError            **error)
{
  const PdPaxLeg *leg = m->legs->pdata[0];
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (pd_clock_now (self->clock) / G_USEC_PER_SEC);
  g_autofree char *date = leg->departs != NULL ? g_strndup (leg->departs, 10) : g_date_time_format (today, "%Y-%m-%d");
  gboolean replaced;
  gint64 id;
  PdFlight *f;

  if (!pd_store_tvs_put_manifest (tx, m, date, caller->apikey != NULL ? caller->apikey->key_id : NULL, warnings,
                                  pd_clock_now (self->clock), &replaced, &id, error))
    return FALSE;
  f = pd_store_tvs_flight (tx, id, error);
  if (f == NULL)
    return FALSE;
  g_ptr_array_add (out->flights, f);
  g_array_append_val (out->replaced, replaced);
  return TRUE;
}

gboolean
pd_engine_manifest_receive (PdEngine           *self,
                            PdCaller           *caller,
                            const char         *data,
                            gsize               len,
                            PdManifestReceipt  *out,
                            GError            **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GString) flights = g_string_new (NULL);
  g_autofree char *params = NULL, *n_warnings = NULL;
  g_auto(GStrv) scopes = NULL;
  PdPaxlst *p;

  memset (out, 0, sizeof *out);
  if (caller->kind == PD_CALLER_APIKEY && caller->apikey->scopes != NULL)
    scopes = g_strsplit (caller->apikey->scopes, " ", -1);
  if (caller->kind != PD_CALLER_APIKEY || caller->apikey->kind != PD_PRINCIPAL_AIRLINE || scopes == NULL ||
      !g_strv_contains ((const char * const *) scopes, "tvs"))
    {
      pd_engine_audit (self, caller, "manifest.receive", NULL, NULL, "denied", NULL);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Manifests come from airlines' API keys with the "
                           "'tvs' scope");
      return FALSE;
    }
  p = out->parsed = pd_paxlst_parse (data, len, pd_clock_now (self->clock) / G_USEC_PER_SEC, error);
  if (p == NULL)
    return FALSE;
  out->flights = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_flight_free);
  out->replaced = g_array_new (FALSE, FALSE, sizeof (gboolean));
  out->waiting = g_ptr_array_new_with_free_func (g_free);
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  for (guint i = 0; i < p->messages->len; i++)
    {
      PdPaxMessage *m = p->messages->pdata[i];
      const char *sender = m->sender != NULL ? m->sender : "";

      if (m->legs->len == 0)
        {
          PdPaxWarning *w = g_new0 (PdPaxWarning, 1);

          w->text = g_strdup_printf ("message %s names no flight (TDT): not stored", m->reference);
          g_ptr_array_add (p->warnings, w);
          continue;
        }
      if (is_part (m))
        {
          g_autoptr(GPtrArray) texts = NULL;
          g_autoptr(PdPaxlst) whole = NULL;

          if (!pd_store_tvs_put_part (tx, sender, m->access, MAX (m->part, 1u), m->marker == 'F', m->text,
                                      pd_clock_now (self->clock), error) ||
              (texts = pd_store_tvs_complete_parts (tx, sender, m->access, error)) == NULL)
            return FALSE;
          if (texts->len == 0)
            {
              if (!g_ptr_array_find_with_equal_func (out->waiting, m->access, g_str_equal, NULL))
                g_ptr_array_add (out->waiting, g_strdup (m->access));
              continue;
            }
          whole = assemble (self, sender, texts);
          if (whole == NULL || ((PdPaxMessage *) whole->messages->pdata[0])->legs->len == 0)
            {
              g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "The parts of %s do not make a manifest", m->access);
              return FALSE;
            }
          if (!store (self, tx, caller, whole->messages->pdata[0], p->warnings->len, out, error) ||
              !pd_store_tvs_drop_parts (tx, sender, m->access, error))
            return FALSE;
          for (guint k = 0; k < out->waiting->len; k++)
            if (g_str_equal (out->waiting->pdata[k], m->access))
              g_ptr_array_remove_index (out->waiting, k--);
          continue;
        }
      if (!store (self, tx, caller, m, p->warnings->len, out, error))
        return FALSE;
    }
  for (guint i = 0; i < out->flights->len; i++)
    {
      PdFlight *f = out->flights->pdata[i];

      g_string_append_printf (flights, "%s%s %s %s (%" G_GINT64_FORMAT ")", i > 0 ? ", " : "", f->flight,
                              f->departure_date, f->kind, f->travellers);
    }
  n_warnings = g_strdup_printf ("%u", p->warnings->len);
  params = _pd_params ("flights", flights->str, "warnings", n_warnings, NULL);
  return _pd_engine_audit_tx (self, tx, caller, "manifest.receive", NULL, params,
                              out->flights->len > 0 ? "stored" : "waiting", error) &&
         pd_store_commit (tx, error);
}

static const char *
officer_port (PdCaller *caller)
{
  return pd_caller_role (caller) != PD_ROLE_ADMIN ? pd_caller_port (caller) : NULL;
}

GPtrArray *
pd_engine_flights (PdEngine  *self,
                   PdCaller  *caller,
                   GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_require_role (self, caller, OFFICERS, "flight.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_tvs_flights (tx, officer_port (caller), error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "flight.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

PdFlight *
pd_engine_flight (PdEngine    *self,
                  PdCaller    *caller,
                  gint64       id,
                  GPtrArray  **out_travellers,
                  GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdFlight) f = NULL;
  g_autoptr(GPtrArray) travellers = NULL;
  g_autofree char *object = g_strdup_printf ("flight:%" G_GINT64_FORMAT, id);
  const char *port;

  if (!_pd_engine_require_role (self, caller, OFFICERS, "flight.show", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL || (f = pd_store_tvs_flight (tx, id, error)) == NULL)
    return NULL;
  port = officer_port (caller);
  if (port != NULL && g_strcmp0 (f->departure, port) != 0 && g_strcmp0 (f->arrival, port) != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no flight %" G_GINT64_FORMAT " at %s", id, port);
      return NULL;
    }
  if ((travellers = pd_store_tvs_travellers (tx, id, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "flight.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  *out_travellers = g_steal_pointer (&travellers);
  return g_steal_pointer (&f);
}

/* --- retention ------------------------------------------------------------------ */

static gboolean
purge_manifests (PdEngine                *engine,
                 PdStoreTx               *tx,
                 gint64                   now,
                 const PdRetentionPolicy *policy,
                 GArray                  *out_ids,
                 GError                 **error)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc ((now - policy->period_us) / G_USEC_PER_SEC);
  g_autofree char *date = g_date_time_format (t, "%Y-%m-%d");
  g_autoptr(GArray) ids = pd_store_tvs_flights_before (tx, date, error);

  if (ids == NULL || !pd_store_tvs_delete_flights (tx, ids, error))
    return FALSE;
  g_array_append_vals (out_ids, ids->data, ids->len);
  return TRUE;
}

static gboolean
purge_parts (PdEngine                *engine,
             PdStoreTx               *tx,
             gint64                   now,
             const PdRetentionPolicy *policy,
             GArray                  *out_ids,
             GError                 **error)
{
  g_autoptr(GArray) ids = pd_store_tvs_parts_before (tx, now - policy->period_us, error);

  if (ids == NULL || !pd_store_delete_ids (tx, "tvs_parts", ids, error))
    return FALSE;
  g_array_append_vals (out_ids, ids->data, ids->len);
  return TRUE;
}

static const PdRetentionPolicy policies[] = {
  { "tvs.manifests", "TVS manifests (travellers and their documents)",
    "Kept 14 days after the flight's departure date, like other travellers' photos",
    PD_RETENTION_PURGE, 14 * DAY_US, purge_manifests },
  { "tvs.parts", "Parts of a manifest split over several messages",
    "Deleted 24 h after receipt when the manifest never completed",
    PD_RETENTION_PURGE, DAY_US, purge_parts },
};

const PdRetentionPolicy *
pd_engine_tvs_retention (guint *n)
{
  *n = G_N_ELEMENTS (policies);
  return policies;
}
