/* pd-engine-lpr-displays.c: display lists (hotlists), their items and quarterly reviews
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
#include "pd-json.h"

/* management's quarterly review of the displays: the auditor */
#define REVIEWERS PD_ROLE_BIT (PD_ROLE_AUDITOR)

const char pd_lpr_display_notice[] =
  "Remove plates promptly once they are no longer needed: a plate stays on a display only while there is a current "
  "reason for it. Each item must be re-validated by you at least once a year or it expires, and management reviews "
  "every display each quarter.";

const char * const pd_lpr_item_columns[] = { "plate", "state", "reason", "expires", NULL };
/* an export can be imported again: its last two columns are only shown */
const char * const pd_lpr_item_csv_columns[] = { "plate", "state", "reason", "expires", "validated_at",
                                                 "valid_until", NULL };

static gint64
due_window (PdEngine *self)
{
  return (gint64) self->config->lpr_due_days * PD_USEC_PER_DAY;
}

gint64
pd_engine_lpr_display_create (PdEngine    *self,
                              PdCaller    *caller,
                              const char  *name,
                              const char  *reason,
                              GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = _pd_params ("name", name, "reason", reason, NULL);
  g_autofree char *object = NULL;
  gint64 id;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.display.create", error) ||
      !pd_text_check ("name", name, 100, error) || !pd_text_check ("reason", reason, 500, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (id = pd_store_lpr_display_insert (tx, name, reason, pd_caller_user_id (caller), pd_engine_now (self),
                                         error)) == 0)
    return 0;
  object = g_strdup_printf ("lpr-display:%" G_GINT64_FORMAT, id);
  if (!_pd_engine_audit_tx (self, tx, caller, "lpr.display.create", object, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return 0;
  return id;
}

/* Each display row's "alerts_until": when it goes silent for want of its
 * quarterly review (rows with created_at and last_review). */
static GPtrArray *
add_alerts_until (GPtrArray *rows)
{
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      JsonObject *o = g_ptr_array_index (rows, i);
      gint64 created = 0;

      if (pd_json_str (o, "created_at") != NULL)
        pd_time_parse (pd_json_str (o, "created_at"), &created);
      pd_json_object_set_time (o, "alerts_until", pd_lpr_display_review_lapses (created, pd_json_str (o, "last_review")));
    }
  return rows;
}

GPtrArray *
pd_engine_lpr_displays (PdEngine  *self,
                        PdCaller  *caller,
                        GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_lpr_require (self, caller, REVIEWERS, "lpr.display.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_lpr_displays (tx, pd_engine_now (self), PD_LPR_ITEM_LIFETIME, due_window (self),
                                     error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.display.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return add_alerts_until (g_steal_pointer (&rows));
}

GPtrArray *
pd_engine_lpr_display_items (PdEngine  *self,
                             PdCaller  *caller,
                             gint64     id,
                             GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-display:%" G_GINT64_FORMAT, id);

  if (!_pd_engine_lpr_require (self, caller, REVIEWERS, "lpr.display.show", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      pd_store_lpr_display_owner (tx, id, error) == 0 ||
      (rows = pd_store_lpr_display_items (tx, id, pd_engine_now (self), PD_LPR_ITEM_LIFETIME, due_window (self),
                                          error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.display.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* A transaction on display @id, which the caller must own. */
static PdStoreTx *
begin_owned (PdEngine    *self,
             PdCaller    *caller,
             gint64       display_id,
             GError     **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
  gint64 owner;

  if (tx == NULL || (owner = pd_store_lpr_display_owner (tx, display_id, error)) == 0)
    return NULL;
  if (owner != pd_caller_user_id (caller))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Only the owner of display %" G_GINT64_FORMAT " may change "
                   "its items", display_id);
      return NULL;
    }
  return g_steal_pointer (&tx);
}

/* An item to add: plate, state, reason and an optional expiry date (its
 * start, UTC, in @until; 0 when none). */
static PdLprItem *
item_from_object (JsonObject   *o,
                  const char  **reason,
                  gint64       *until,
                  gint64        now,
                  GError      **error)
{
  g_autoptr(PdLprItem) item = g_new0 (PdLprItem, 1);
  const char *expires = NULL;

  if (!pd_json_check_members (o, pd_lpr_item_columns, error) ||
      !pd_lpr_plate_and_state (o, &item->plate, &item->plate_key, &item->state, error) ||
      !pd_json_get_string (o, "reason", TRUE, 500, reason, error) ||
      !pd_text_check ("reason", *reason, 500, error) ||
      !pd_json_get_string (o, "expires", FALSE, 10, &expires, error))
    return NULL;
  if (expires != NULL)
    {
      g_autofree char *iso = g_strconcat (expires, "T00:00:00Z", NULL);

      if (strlen (expires) != 10 || !pd_time_parse (iso, until) || *until <= now)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "expires: a date after today, YYYY-MM-DD");
          return NULL;
        }
    }
  return g_steal_pointer (&item);
}

gboolean
pd_engine_lpr_items_add (PdEngine    *self,
                         PdCaller    *caller,
                         gint64       display_id,
                         GPtrArray   *objects,
                         const char  *what,
                         GArray      *out_ids,
                         GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_lpr_item_free);
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) expiries = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-display:%" G_GINT64_FORMAT, display_id);
  g_autofree char *count = NULL, *params = NULL;
  gint64 now = pd_engine_now (self);
  guint n_problems = 0;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.display.items.add", error))
    return FALSE;
  for (guint i = 0; i < objects->len; i++)
    {
      json_object_remove_member (objects->pdata[i], "validated_at");   /* from an export */
      json_object_remove_member (objects->pdata[i], "valid_until");
    }
  for (guint i = 0; i < objects->len; i++)
    {
      const char *reason = NULL;
      GError *local = NULL;
      gint64 until = 0;
      PdLprItem *item = item_from_object (objects->pdata[i], &reason, &until, now, &local);

      if (item == NULL)
        {
          _pd_lpr_note_problem (problems, &n_problems, what, i, local);
          continue;
        }
      g_ptr_array_add (items, item);
      g_ptr_array_add (reasons, g_strdup (reason));
      g_array_append_val (expiries, until);
    }
  if (n_problems > 0 || objects->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Nothing was added: %s", objects->len == 0 ? "no items" :
                   problems->str);
      return FALSE;
    }
  g_ptr_array_add (reasons, NULL);
  count = g_strdup_printf ("%u", items->len);
  params = _pd_params ("items", count, NULL);
  if ((tx = begin_owned (self, caller, display_id, error)) == NULL ||
      !pd_store_lpr_items_insert (tx, display_id, items, (const char * const *) reasons->pdata,
                                  (const gint64 *) (void *) expiries->data, pd_caller_user_id (caller), now, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.display.items.add", object, params, "ok", error))
    return FALSE;
  _pd_engine_lpr_items_changed (self, tx);
  if (!pd_store_commit (tx, error))
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    g_array_append_val (out_ids, ((PdLprItem *) items->pdata[i])->id);
  return TRUE;
}

GBytes *
pd_engine_lpr_items_export (PdEngine  *self,
                            PdCaller  *caller,
                            gint64     display_id,
                            GError   **error)
{
  g_autoptr(GPtrArray) rows = pd_engine_lpr_display_items (self, caller, display_id, error);
  g_autoptr(GString) csv = g_string_new (NULL);

  if (rows == NULL)
    return NULL;
  for (guint k = 0; pd_lpr_item_csv_columns[k] != NULL; k++)
    g_string_append_printf (csv, "%s%s", k > 0 ? "," : "", pd_lpr_item_csv_columns[k]);
  g_string_append (csv, "\r\n");
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *o = rows->pdata[i];
      const char *fields[] = { "plate", "state", "reason", "expires_at", "validated_at", "valid_until" };

      for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
        {
          const char *v = json_object_get_null_member (o, fields[k]) ? "" :
                          json_object_get_string_member (o, fields[k]);

          if (k > 0)
            g_string_append_c (csv, ',');
          /* an expiry is imported as a date: exported as one */
          if (k == 3 && *v != '\0')
            g_string_append_len (csv, v, 10);
          else
            pd_csv_append_field (csv, v);
        }
      g_string_append (csv, "\r\n");
    }
  return g_string_free_to_bytes (g_steal_pointer (&csv));
}

/* Item @item_id, on a display the caller owns, in @tx. */
static PdLprItem *
owned_item (PdEngine    *self,
            PdCaller    *caller,
            gint64       item_id,
            PdStoreTx  **tx,
            GError     **error)
{
  g_autoptr(PdLprItem) item = NULL;

  if ((*tx = pd_store_begin (self->store, error)) == NULL ||
      (item = pd_store_lpr_item_get (*tx, item_id, error)) == NULL)
    return NULL;
  if (item->owner_id != pd_caller_user_id (caller))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Only the owner of display '%s' may change its items",
                   item->display);
      return NULL;
    }
  return g_steal_pointer (&item);
}

static gboolean
item_change (PdEngine    *self,
             PdCaller    *caller,
             gint64       item_id,
             gboolean     remove,
             GError     **error)
{
  const char *action = remove ? "lpr.display.item.remove" : "lpr.display.item.validate";
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdLprItem) item = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-item:%" G_GINT64_FORMAT, item_id);
  g_autofree char *params = NULL;

  if (!_pd_engine_lpr_require (self, caller, 0, action, error) ||
      (item = owned_item (self, caller, item_id, &tx, error)) == NULL)
    return FALSE;
  params = _pd_params ("plate", item->plate, "state", item->state, "display", item->display, NULL);
  if (remove ? !pd_store_lpr_item_delete (tx, item_id, error) :
               !pd_store_lpr_item_validate (tx, item_id, pd_caller_user_id (caller), pd_engine_now (self), error))
    return FALSE;
  if (!_pd_engine_audit_tx (self, tx, caller, action, object, params, "ok", error))
    return FALSE;
  _pd_engine_lpr_items_changed (self, tx);
  return pd_store_commit (tx, error);
}

gboolean
pd_engine_lpr_item_validate (PdEngine  *self,
                             PdCaller  *caller,
                             gint64     item_id,
                             GError   **error)
{
  return item_change (self, caller, item_id, FALSE, error);
}

gboolean
pd_engine_lpr_item_remove (PdEngine  *self,
                           PdCaller  *caller,
                           gint64     item_id,
                           GError   **error)
{
  return item_change (self, caller, item_id, TRUE, error);
}

gboolean
pd_engine_lpr_review_sign (PdEngine    *self,
                           PdCaller    *caller,
                           gint64       display_id,
                           const char  *note,
                           GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *quarter = pd_quarter_of (pd_engine_now (self));
  g_autofree char *object = g_strdup_printf ("lpr-display:%" G_GINT64_FORMAT, display_id);
  g_autofree char *params = _pd_params ("quarter", quarter, "note", note, NULL);

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "lpr.review.sign", error) ||
      (note != NULL && !pd_text_check ("note", note, 1000, error)) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      pd_store_lpr_display_owner (tx, display_id, error) == 0 ||
      !pd_store_lpr_review_insert (tx, display_id, quarter, pd_caller_user_id (caller), note, pd_engine_now (self),
                                   error))
    return FALSE;
  _pd_engine_lpr_items_changed (self, tx);   /* a display silent for want of its review alerts again */
  return _pd_engine_audit_tx (self, tx, caller, "lpr.review.sign", object, params, "ok", error) &&
         pd_store_commit (tx, error);
}

GPtrArray *
pd_engine_lpr_reviews (PdEngine    *self,
                       PdCaller    *caller,
                       const char  *quarter,
                       GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *q = NULL;
  g_autofree char *params = NULL;
  gint64 start, end;

  if ((q = pd_quarter_resolve (quarter, pd_engine_now (self), &start, &end, error)) == NULL)
    return NULL;
  params = _pd_params ("quarter", q, NULL);
  if (!_pd_engine_lpr_require (self, caller, REVIEWERS, "lpr.review.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_lpr_reviews (tx, q, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.review.list", NULL, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return add_alerts_until (g_steal_pointer (&rows));
}
