/* pd-engine-lpr-cases.c: cases and events, the history queries made for them,
 * their cached results and the results saved to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include "pd-clock.h"
#include "pd-engine-lpr.h"
#include "pd-engine-private.h"
#include "pd-error.h"
#include "pd-json.h"

#define MAX_RESULTS 10000

gint64
pd_engine_lpr_case_open (PdEngine    *self,
                         PdCaller    *caller,
                         const char  *number,
                         const char  *title,
                         GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = _pd_params ("number", number, "title", title, NULL);
  g_autofree char *object = NULL;
  gint64 id;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.case.open", error) ||
      !pd_text_check ("number", number, 40, error) || !pd_text_check ("title", title, 200, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (id = pd_store_lpr_case_insert (tx, number, title, pd_caller_user_id (caller), pd_engine_now (self),
                                      error)) == 0)
    return 0;
  object = g_strdup_printf ("lpr-case:%" G_GINT64_FORMAT, id);
  if (!_pd_engine_audit_tx (self, tx, caller, "lpr.case.open", object, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return 0;
  return id;
}

GPtrArray *
pd_engine_lpr_cases (PdEngine  *self,
                     PdCaller  *caller,
                     GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.case.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_lpr_cases (tx, pd_caller_user_id (caller), 0, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.case.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* The caller's case @id (open, when @open), in @tx. */
static PdLprCase *
own_case (PdEngine    *self,
          PdCaller    *caller,
          gint64       id,
          gboolean     open,
          PdStoreTx   *tx,
          GError     **error)
{
  g_autoptr(PdLprCase) c = pd_store_lpr_case_get (tx, id, error);

  if (c == NULL)
    return NULL;
  if (c->owner_id != pd_caller_user_id (caller))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no case or event %" G_GINT64_FORMAT " of yours", id);
      return NULL;
    }
  if (open && c->closed_at != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Case %s is closed; queries need an open case or event",
                   c->number);
      return NULL;
    }
  return g_steal_pointer (&c);
}

GPtrArray *
pd_engine_lpr_case_saved (PdEngine     *self,
                          PdCaller     *caller,
                          gint64        id,
                          JsonObject  **out_case,
                          GError      **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdLprCase) c = NULL;
  g_autoptr(GPtrArray) cases = NULL, saved = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-case:%" G_GINT64_FORMAT, id);

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.case.show", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (c = own_case (self, caller, id, FALSE, tx, error)) == NULL ||
      (cases = pd_store_lpr_cases (tx, c->owner_id, id, error)) == NULL ||
      (saved = pd_store_lpr_saved (tx, id, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.case.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  *out_case = json_object_ref (cases->pdata[0]);   /* own_case found it */
  return g_steal_pointer (&saved);
}

gboolean
pd_engine_lpr_case_close (PdEngine  *self,
                          PdCaller  *caller,
                          gint64     id,
                          GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdLprCase) c = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-case:%" G_GINT64_FORMAT, id);

  return _pd_engine_lpr_require (self, caller, 0, "lpr.case.close", error) &&
         (tx = pd_store_begin (self->store, error)) != NULL &&
         (c = own_case (self, caller, id, TRUE, tx, error)) != NULL &&
         pd_store_lpr_case_close (tx, id, pd_engine_now (self), error) &&
         _pd_engine_audit_tx (self, tx, caller, "lpr.case.close", object, NULL, "ok", error) &&
         pd_store_commit (tx, error);
}

/* The query's time range: whole days (UTC) from @p->from to @p->to, by
 * default the last 30 days, never reaching back more than 5 years. */
static gboolean
query_range (PdEngine                *self,
             const PdLprQueryParams  *p,
             gint64                  *from,
             gint64                  *to,
             GError                 **error)
{
  gint64 now = pd_engine_now (self);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) back = g_date_time_add_years (today, -5);
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (today, -29);
  g_autofree char *today_text = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char *month_text = g_date_time_format (month_ago, "%Y-%m-%d");
  g_autofree char *earliest_text = g_date_time_format (back, "%Y-%m-%d");
  gint64 earliest, unused;

  if (!_pd_engine_day_range (self, p->from != NULL ? p->from : month_text, p->to != NULL ? p->to : today_text, from,
                             to, error) ||
      !_pd_engine_day_range (self, earliest_text, earliest_text, &earliest, &unused, error))
    return FALSE;
  /* the query date's day, 5 years back, is the first there may be */
  if (*from < earliest)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "from: a query cannot reach back more than 5 years (the "
                   "earliest is %s)", earliest_text);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_engine_lpr_query (PdEngine                *self,
                     PdCaller                *caller,
                     const PdLprQueryParams  *p,
                     gint64                  *out_id,
                     GError                 **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdLprCase) c = NULL;
  g_autofree char *plate = NULL, *key = NULL, *make = NULL, *model = NULL, *params = NULL, *object = NULL;
  g_autofree char *from_text = NULL, *to_text = NULL;
  PdLprQuery q = { 0 };
  gint64 now = pd_engine_now (self), count = 0;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.query", error))
    return FALSE;
  if (p->plate != NULL && !pd_lpr_plate_normalize (p->plate, &plate, &key))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "plate: 1 to 10 letters and digits");
      return FALSE;
    }
  if (plate == NULL && p->reader_address == NULL && p->make == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Say what to look for: a plate, a reader address, or a "
                           "make (and model)");
      return FALSE;
    }
  if ((p->reader_address != NULL && !pd_text_check ("reader_address", p->reader_address, 200, error)) ||
      (p->make != NULL && !pd_text_check ("make", p->make, 50, error)) ||
      (p->model != NULL && !pd_text_check ("model", p->model, 50, error)) ||
      !query_range (self, p, &q.from, &q.to, error))
    return FALSE;
  make = p->make != NULL ? g_utf8_strup (p->make, -1) : NULL;
  model = p->model != NULL ? g_utf8_strup (p->model, -1) : NULL;
  q = (PdLprQuery) { .plate = plate, .plate_key = key, .look_alikes = p->look_alikes,
                     .reader_address = p->reader_address, .make = make, .model = model, .from = q.from, .to = q.to };
  from_text = pd_time_format (q.from);
  to_text = pd_time_format (q.to);
  /* the parameters go into the audit entry (and the query row); the results never do */
  params = _pd_params ("plate", plate, "look_alikes", p->look_alikes ? "yes" : NULL,
                       "reader_address", p->reader_address, "make", make, "model", model, "from", from_text,
                       "to", to_text, NULL);
  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      (c = own_case (self, caller, p->case_id, TRUE, tx, error)) == NULL ||
      !pd_store_lpr_query_run (tx, &q, c->id, pd_caller_user_id (caller), params, now,
                               now + (gint64) self->config->lpr_cache_hours * PD_USEC_PER_HOUR, MAX_RESULTS, out_id,
                               &count, error))
    return FALSE;
  object = g_strdup_printf ("lpr-case:%s", c->number);
  return _pd_engine_audit_tx (self, tx, caller, "lpr.query", object, params, "ok", error) &&
         pd_store_commit (tx, error);
}

/* The caller's query @id while its results are cached. */
static JsonObject *
own_query (PdCaller    *caller,
           PdStoreTx   *tx,
           gint64       id,
           GPtrArray  **out_results,
           GError     **error)
{
  g_autoptr(JsonObject) q = pd_store_lpr_query (tx, id, out_results, error);

  if (q == NULL)
    return NULL;
  if (json_object_get_int_member (q, "user_id") != pd_caller_user_id (caller))
    {
      g_clear_pointer (out_results, g_ptr_array_unref);
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no LPR query %" G_GINT64_FORMAT " of yours", id);
      return NULL;
    }
  json_object_remove_member (q, "user_id");
  return g_steal_pointer (&q);
}

JsonObject *
pd_engine_lpr_query_results (PdEngine    *self,
                             PdCaller    *caller,
                             gint64       id,
                             GPtrArray  **out_results,
                             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) q = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-query:%" G_GINT64_FORMAT, id);

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.query.show", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (q = own_query (caller, tx, id, out_results, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.query.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    {
      if (out_results != NULL)
        g_clear_pointer (out_results, g_ptr_array_unref);
      return NULL;
    }
  json_object_set_boolean_member (q, "truncated", json_object_get_int_member (q, "results") > MAX_RESULTS);
  return g_steal_pointer (&q);
}

gboolean
pd_engine_lpr_save (PdEngine    *self,
                    PdCaller    *caller,
                    gint64       query_id,
                    GArray      *read_ids,
                    GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) q = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(PdLprCase) c = NULL;
  g_autofree char *object = NULL, *params = NULL, *query = g_strdup_printf ("%" G_GINT64_FORMAT, query_id);
  gint64 case_id;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.save", error))
    return FALSE;
  if (read_ids->len == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "reads: pick the relevant results to save");
      return FALSE;
    }
  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      (q = own_query (caller, tx, query_id, &results, error)) == NULL)
    return FALSE;
  case_id = json_object_get_int_member (q, "case_id");
  if ((c = own_case (self, caller, case_id, TRUE, tx, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < read_ids->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "", g_array_index (read_ids, gint64, i));
  object = g_strdup_printf ("lpr-case:%s", json_object_get_string_member (q, "case_number"));
  params = _pd_params ("query", query, "reads", ids->str, NULL);
  return pd_store_lpr_save (tx, query_id, case_id, read_ids, pd_caller_user_id (caller), pd_engine_now (self),
                            error) &&
         _pd_engine_audit_tx (self, tx, caller, "lpr.save", object, params, "ok", error) &&
         pd_store_commit (tx, error);
}
