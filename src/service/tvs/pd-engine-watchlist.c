/* pd-engine-watchlist.c: the TVS watch list: derogatory holdings records
 * (gallery 'watchlist', kept with the holdings) searched with every gate
 * capture; an entry alerts only once a passenger analyst (pau_analyst)
 * has validated it, with a reason; validations can be withdrawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-tvs"

#include <string.h>

#include "pd-engine-private.h"
#include "pd-engine-tsa.h"
#include "pd-engine-tvs.h"
#include "pd-error.h"

#define ANALYSTS PD_ROLE_BIT (PD_ROLE_PAU_ANALYST)
#define READERS  (ANALYSTS | PD_ROLE_BIT (PD_ROLE_ADMIN))

void
pd_watch_entry_free (PdWatchEntry *e)
{
  if (e == NULL)
    return;
  pd_holding_free (e->holding);
  pd_watch_validation_clear (&e->validation);
  g_free (e);
}

GPtrArray *
pd_engine_watchlist (PdEngine  *self,
                     PdCaller  *caller,
                     GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) holdings = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_watch_entry_free);

  if (!_pd_engine_require_entitled (self, caller, READERS, "face", "watchlist.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (holdings = pd_store_holdings_watch_list (tx, error)) == NULL)
    return NULL;
  while (holdings->len > 0)
    {
      PdWatchEntry *e = g_new0 (PdWatchEntry, 1);

      e->holding = g_ptr_array_steal_index (holdings, 0);
      g_ptr_array_add (out, e);
      if (!pd_store_tvs_watch_get (tx, e->holding->id, &e->validation, error))
        return NULL;
    }
  if (!_pd_engine_audit_tx (self, tx, caller, "watchlist.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&out);
}

gboolean
pd_engine_watchlist_validate (PdEngine    *self,
                              PdCaller    *caller,
                              const char  *record,
                              gboolean     validate,
                              const char  *reason,
                              GError     **error)
{
  const char *action = validate ? "watchlist.validate" : "watchlist.withdraw";
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdHolding) h = NULL;
  g_autofree char *params = NULL;
  gint64 id = pd_holding_id_from_record (record);

  if (!_pd_engine_require_entitled (self, caller, ANALYSTS, "face", action, error))
    return FALSE;
  if (reason == NULL || strspn (reason, " \t\r\n") == strlen (reason) || strlen (reason) > 500)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "reason: say why, in at most 500 characters");
      return FALSE;
    }
  if (id < 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "'%s' is not a record id (H and 8 digits)",
                   record != NULL ? record : "");
      return FALSE;
    }
  if ((tx = pd_store_begin (self->store, error)) == NULL || (h = pd_store_holding_get (tx, id, FALSE, error)) == NULL)
    return FALSE;
  if (!h->watch_list)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Record %s is not on the watch list", record);
      return FALSE;
    }
  params = _pd_params ("reason", reason, NULL);
  return pd_store_tvs_watch_set (tx, id, validate ? caller->session->user->id : 0, pd_clock_now (self->clock),
                                 reason, error) &&
         _pd_engine_audit_tx (self, tx, caller, action, record, params, "ok", error) &&
         pd_store_commit (tx, error);
}
