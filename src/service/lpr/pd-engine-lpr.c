/* pd-engine-lpr.c: LPR reads as they arrive, the alerts they raise, and retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <string.h>

#include "pd-clock.h"
#include "pd-csv.h"
#include "pd-engine-lpr.h"
#include "pd-engine-private.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-json.h"

#define ANALYSTS      PD_ROLE_BIT (PD_ROLE_LPR_ANALYST)
#define FIVE_YEARS    ((gint64) (5 * 365 + 1) * PD_USEC_PER_DAY)
#define MAX_ALERTS    1000
#define MAX_ERRORS    20

/* The display items that reads are checked against, by plate key; made
 * when first needed and forgotten when items change.  Only touched inside
 * a store transaction, which the store's lock serialises. */
struct _PdEngineLpr
{
  GPtrArray  *items;    /* PdLprItem */
  GHashTable *by_key;   /* plate_key -> GPtrArray of PdLprItem (unowned) */
};

void
_pd_engine_lpr_free (PdEngineLpr *lpr)
{
  if (lpr == NULL)
    return;
  g_clear_pointer (&lpr->by_key, g_hash_table_unref);
  g_clear_pointer (&lpr->items, g_ptr_array_unref);
  g_free (lpr);
}

void
_pd_engine_lpr_items_changed (PdEngine  *self,
                              PdStoreTx *tx)
{
  g_clear_pointer (&self->lpr, _pd_engine_lpr_free);
  pd_store_tx_notify_site (tx, "lpr", NULL);   /* and in the site's other daemons */
}

void
_pd_engine_lpr_reload (PdEngine *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, &error);   /* the index is only touched in one */

  if (tx == NULL)
    g_warning ("could not forget the LPR display items: %s", error->message);
  else
    g_clear_pointer (&self->lpr, _pd_engine_lpr_free);
}

static PdEngineLpr *
lpr_index (PdEngine   *self,
           PdStoreTx  *tx,
           GError    **error)
{
  g_autoptr(GPtrArray) items = NULL;

  if (self->lpr != NULL)
    return self->lpr;
  if ((items = pd_store_lpr_items_all (tx, error)) == NULL)
    return NULL;
  self->lpr = g_new0 (PdEngineLpr, 1);
  self->lpr->items = g_steal_pointer (&items);
  self->lpr->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < self->lpr->items->len; i++)
    {
      PdLprItem *item = self->lpr->items->pdata[i];
      GPtrArray *list = g_hash_table_lookup (self->lpr->by_key, item->plate_key);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->lpr->by_key, item->plate_key, list);
        }
      g_ptr_array_add (list, item);
    }
  return self->lpr;
}

gboolean
_pd_engine_lpr_require (PdEngine    *self,
                        PdCaller    *caller,
                        guint        also,
                        const char  *action,
                        GError     **error)
{
  return _pd_engine_require_entitled (self, caller, ANALYSTS | also, "lpr", action, error);
}

/* --- reads ---------------------------------------------------------------------- */

void
_pd_lpr_note_problem (GString      *problems,
                      guint        *n,
                      const char   *what,
                      guint         i,
                      GError       *local)
{
  if ((*n)++ < MAX_ERRORS)
    g_string_append_printf (problems, "%s%s %u: %s", problems->len > 0 ? "; " : "", what, i + 1, local->message);
  g_error_free (local);
}

/* The alert kind for @read on @item with the same plate key: a hit only
 * for the same plate and state. */
static const char *
alert_kind (const PdLprRead  *read,
            const PdLprItem  *item)
{
  return strcmp (read->plate, item->plate) == 0 && strcmp (read->state, item->state) == 0 ? "hit" : "possible";
}

/* Checks @r against the live items; the alerts it starts in @started. */
static gboolean
check_read (PdEngine         *self,
            PdLprAlerter     *alerter,
            PdEngineLpr      *index,
            const PdLprRead  *r,
            gint64            now,
            GArray           *started,
            GPtrArray        *kinds,
            GError          **error)
{
  GPtrArray *items = g_hash_table_lookup (index->by_key, r->plate_key);
  gint64 window = (gint64) self->config->lpr_alert_window_s * G_USEC_PER_SEC;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      PdLprItem *item = items->pdata[i];
      gint64 alert;
      gboolean added;

      if (item->valid_until <= now)
        continue;   /* lapsed: the sweeper removes it */
      if (item->review_lapses <= now)
        continue;   /* its display missed its quarterly review: silent until signed off */
      alert = pd_store_lpr_alert_near (alerter, item->id, r->plate, r->state, r->observed_at, window, error);
      if (alert < 0)
        return FALSE;
      if (alert == 0)
        {
          if ((alert = pd_store_lpr_alert_insert (alerter, item, r, alert_kind (r, item), now, error)) == 0)
            return FALSE;
          g_array_append_val (started, alert);
          g_ptr_array_add (kinds, (gpointer) alert_kind (r, item));
        }
      if (!pd_store_lpr_alert_add_read (alerter, alert, item, r, &added, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
_pd_lpr_parse_reads (GPtrArray   *objects,
                     const char  *what,
                     guint        first,
                     gint64       now,
                     GError     **error)
{
  g_autoptr(GPtrArray) reads = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_lpr_read_free);
  g_autoptr(GString) problems = g_string_new (NULL);
  guint n_problems = 0;

  if (objects->len == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "No reads were sent");
      return NULL;
    }
  for (guint i = 0; i < objects->len; i++)
    {
      GError *local = NULL;
      PdLprRead *r = pd_lpr_read_from_object (objects->pdata[i], now, &local);

      if (r == NULL)
        _pd_lpr_note_problem (problems, &n_problems, what, first - 1 + i, local);
      else
        g_ptr_array_add (reads, r);
    }
  if (n_problems > 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Nothing was stored: %u of %u reads have errors: %s%s",
                   n_problems, objects->len, problems->str, n_problems > MAX_ERRORS ? "; ..." : "");
      return NULL;
    }
  return g_steal_pointer (&reads);
}

gboolean
_pd_lpr_store_reads (PdEngine     *self,
                     PdCaller     *caller,
                     GPtrArray    *reads,
                     PdLprIngest  *out,
                     GError      **error)
{
  g_autoptr(GArray) started = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();   /* of each alert started: static strings */
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL, *count = NULL;
  PdEngineLpr *index;
  gint64 now = pd_engine_now (self);

  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      !pd_store_lpr_reads_insert (tx, reads, pd_caller_actor (caller), now, error) ||
      (index = lpr_index (self, tx, error)) == NULL)
    return FALSE;
  *out = (PdLprIngest) { .received = reads->len };
  {
    g_autoptr(PdLprAlerter) alerter = pd_store_lpr_alerter_new (tx);

    for (guint i = 0; i < reads->len; i++)
      {
        PdLprRead *r = reads->pdata[i];

        if (r->id == 0)
          {
            out->duplicates++;
            continue;
          }
        out->stored++;
        if (!check_read (self, alerter, index, r, now, started, kinds, error))
          return FALSE;
      }
  }
  count = g_strdup_printf ("%u", out->stored);
  params = _pd_params ("stored", count, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "lpr.reads.receive", NULL, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  for (guint i = 0; i < started->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (started, gint64, i));

      pd_engine_emit_event (self, &tx, PD_EVENT_LPR_HIT, NULL, ANALYSTS, NULL,
                            _pd_params_node ("alert", id, "kind", g_ptr_array_index (kinds, i), NULL));
    }
  return TRUE;
}

static gboolean
feed_scope (PdCaller  *caller,
            GError   **error)
{
  if (caller->kind == PD_CALLER_APIKEY && !pd_apikey_has_scope (caller->apikey, "lpr"))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "This API key has no 'lpr' scope");
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_engine_lpr_reads_receive (PdEngine     *self,
                             PdCaller     *caller,
                             GPtrArray    *objects,
                             PdLprIngest  *out,
                             GError      **error)
{
  g_autoptr(GPtrArray) reads = NULL;

  return feed_scope (caller, error) &&
         (reads = _pd_lpr_parse_reads (objects, "read", 1, pd_engine_now (self), error)) != NULL &&
         _pd_lpr_store_reads (self, caller, reads, out, error);
}

gboolean
pd_engine_lpr_reads_receive_plain (PdEngine     *self,
                                   PdCaller     *caller,
                                   GBytes       *body,
                                   PdLprIngest  *out,
                                   gboolean     *plain,
                                   GError      **error)
{
  g_autoptr(GPtrArray) reads = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  *plain = data != NULL && (reads = pd_lpr_reads_parse_plain (data, len, pd_engine_now (self))) != NULL;
  return *plain && feed_scope (caller, error) && _pd_lpr_store_reads (self, caller, reads, out, error);
}

/* --- alerts ---------------------------------------------------------------------- */

/* Adds what the read and listed plates differ in: "look_alikes" (each
 * position whose characters are OCR look-alikes) and "state_differs". */
static void
add_confusion (JsonObject *alert)
{
  const char *plate = json_object_get_string_member (alert, "plate");
  const char *listed = json_object_get_string_member (alert, "listed_plate");
  JsonArray *look = json_array_new ();

  for (guint i = 0; plate[i] != '\0' && listed[i] != '\0'; i++)
    if (plate[i] != listed[i])
      {
        JsonObject *o = json_object_new ();
        char a[2] = { plate[i], '\0' }, b[2] = { listed[i], '\0' };

        json_object_set_int_member (o, "position", i);
        json_object_set_string_member (o, "read", a);
        json_object_set_string_member (o, "listed", b);
        json_array_add_object_element (look, o);
      }
  json_object_set_array_member (alert, "look_alikes", look);
  json_object_set_boolean_member (alert, "state_differs",
                                  g_strcmp0 (json_object_get_string_member (alert, "state"),
                                             json_object_get_string_member (alert, "listed_state")) != 0);
}

GPtrArray *
pd_engine_lpr_alerts (PdEngine  *self,
                      PdCaller  *caller,
                      gboolean   open_only,
                      GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.alert.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_lpr_alerts (tx, open_only, MAX_ALERTS, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.alert.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  g_ptr_array_foreach (rows, (GFunc) add_confusion, NULL);
  return g_steal_pointer (&rows);
}

JsonObject *
pd_engine_lpr_alert (PdEngine     *self,
                     PdCaller     *caller,
                     gint64        id,
                     GPtrArray   **out_reads,
                     GError      **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) alert = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-alert:%" G_GINT64_FORMAT, id);

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.alert.show", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (alert = pd_store_lpr_alert (tx, id, out_reads, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.alert.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  add_confusion (alert);
  return g_steal_pointer (&alert);
}

static const char * const dispositions[] = { "confirmed", "misread", "not-relevant", NULL };

gboolean
pd_engine_lpr_alert_dispose (PdEngine    *self,
                             PdCaller    *caller,
                             gint64       id,
                             const char  *disposition,
                             const char  *reason,
                             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-alert:%" G_GINT64_FORMAT, id);
  g_autofree char *params = _pd_params ("disposition", disposition, "reason", reason, NULL);

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.alert.dispose", error))
    return FALSE;
  if (disposition == NULL || !g_strv_contains (dispositions, disposition))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "disposition: '%s' is not confirmed, misread or not-relevant",
                   disposition != NULL ? disposition : "");
      return FALSE;
    }
  if (!pd_text_check ("reason", reason, 500, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      !pd_store_lpr_alert_dispose (tx, id, disposition, reason, pd_caller_user_id (caller), pd_engine_now (self),
                                   error))
    return FALSE;
  return _pd_engine_audit_tx (self, tx, caller, "lpr.alert.dispose", object, params, "ok", error) &&
         pd_store_commit (tx, error);
}

/* --- retention ------------------------------------------------------------------- */

static gboolean
purge_cache (PdEngine                *engine,
             PdStoreTx               *tx,
             gint64                   now,
             const PdRetentionPolicy *policy,
             GArray                  *out_ids,
             GError                 **error)
{
  g_autoptr(GArray) ids = pd_store_lpr_queries_expired (tx, now, error);

  if (ids == NULL || !pd_store_lpr_queries_delete (tx, ids, error))
    return FALSE;
  g_array_append_vals (out_ids, ids->data, ids->len);
  return TRUE;
}

static gboolean
purge_items (PdEngine                *engine,
             PdStoreTx               *tx,
             gint64                   now,
             const PdRetentionPolicy *policy,
             GArray                  *out_ids,
             GError                 **error)
{
  g_autoptr(GArray) ids = pd_store_lpr_items_lapsed (tx, now, policy->period_us, error);

  if (!pd_retention_purge_ids (tx, "lpr_items", ids, out_ids, error))
    return FALSE;
  if (ids->len > 0)
    _pd_engine_lpr_items_changed (engine, tx);
  return TRUE;
}

static gboolean
purge_reads (PdEngine                *engine,
             PdStoreTx               *tx,
             gint64                   now,
             const PdRetentionPolicy *policy,
             GArray                  *out_ids,
             GError                 **error)
{
  g_autoptr(GArray) ids = pd_store_lpr_reads_before (tx, now - policy->period_us, error);

  return pd_retention_purge_ids (tx, "lpr_reads", ids, out_ids, error);
}

static const PdRetentionPolicy policies[] = {
  { "lpr.cache", "LPR query results",
    "Cached for the analyst lpr_cache_hours (at least 4 h, at most 24 h), then deleted unless saved to the case or "
    "event; nothing is saved automatically",
    PD_RETENTION_PURGE, 24 * PD_USEC_PER_HOUR, purge_cache, "SELECT count(*) FROM lpr_queries",
    "SELECT min(expires_at) FROM lpr_queries" },
  { "lpr.history.window", "LPR historical queries",
    "Only reads within 5 years of the query date (default: the last 30 days); every query tied to an open case or "
    "event",
    PD_RETENTION_GUARD, FIVE_YEARS, NULL },
  { "lpr.reads", "LPR reads",
    "Refused at intake when more than 5 years old; deleted when they reach 5 years",
    PD_RETENTION_PURGE, FIVE_YEARS, purge_reads, "SELECT count(*) FROM lpr_reads",
    "SELECT min(observed_at) + ?1 FROM lpr_reads" },
  { "lpr.display.items", "LPR display (hotlist) items",
    "Re-validated by the owner at least yearly or they expire; owners prompted; quarterly management review",
    PD_RETENTION_PURGE, PD_LPR_ITEM_LIFETIME, purge_items, "SELECT count(*) FROM lpr_items" },
  { "lpr.audit", "LPR audit",
    "Every query: user, parameters, date and time; parameters are stored, results are not",
    PD_RETENTION_KEEP, 0, NULL },
};

const PdRetentionPolicy *
pd_engine_lpr_retention (guint *n)
{
  *n = G_N_ELEMENTS (policies);
  return policies;
}
