/* pd-models.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-models"

#include "pd-clock.h"
#include "pd-models.h"

void
pd_user_free (PdUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->email);
  g_free (user->port);
  g_free (user->birth_date);
  g_free (user->plate);
  g_free (user->disabled_reason);
  g_free (user);
}

void
pd_session_free (PdSession *session)
{
  if (session == NULL)
    return;
  g_free (session->client);
  g_free (session->rules_version);
  pd_user_free (session->user);
  g_free (session);
}

void
pd_entitlement_free (PdEntitlement *ent)
{
  if (ent == NULL)
    return;
  g_free (ent->username);
  g_free (ent->kind);
  g_free (ent->training_date);
  g_free (ent->denied_reason);
  g_free (ent->requested_by_name);
  g_free (ent->supervisor_name);
  g_free (ent->owner_name);
  g_free (ent->denied_by_name);
  g_free (ent);
}

gboolean
pd_apikey_has_scope (const PdApiKey *key,
                     const char     *scope)
{
  g_auto(GStrv) scopes = g_strsplit (key->scopes != NULL ? key->scopes : "", " ", -1);

  return g_strv_contains ((const char * const *) scopes, scope);
}

void
pd_apikey_free (PdApiKey *key)
{
  if (key == NULL)
    return;
  g_free (key->key_id);
  g_free (key->name);
  g_free (key->port);
  g_free (key->scopes);
  g_free (key->revoked_reason);
  g_free (key->last_used_client);
  g_free (key->created_by_name);
  g_free (key->revoked_by_name);
  g_free (key);
}

void
pd_audit_entry_free (PdAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->actor);
  g_free (entry->role);
  g_free (entry->action);
  g_free (entry->object);
  g_free (entry->params);
  g_free (entry->outcome);
  g_free (entry->client);
  g_free (entry);
}

static const char * const ent_status[] = { "pending", "active", "lapsed", "denied" };

const char *
pd_entitlement_status_to_string (PdEntitlementStatus status)
{
  g_return_val_if_fail (status <= PD_ENTITLEMENT_DENIED, "pending");
  return ent_status[status];
}

PdEntitlementStatus
pd_entitlement_status_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (ent_status); i++)
    if (g_strcmp0 (ent_status[i], s) == 0)
      return (PdEntitlementStatus) i;
  return PD_ENTITLEMENT_PENDING;
}

static const PdEntitlementKind entitlement_kinds[] = {
  { "lpr", "LPR data", PD_ROLE_BIT (PD_ROLE_LPR_ANALYST),
    "You have been granted access to license plate reader (LPR) data for official duties only. Every query must be "
    "tied to an open case or event, and every query, with its parameters, is recorded in the audit log and reviewed. "
    "Looking up plates for personal reasons, sharing results outside official channels or any other improper use may "
    "lead to disciplinary action, up to removal, and to the loss of this access. No action may be taken on "
    "commercially sourced LPR data alone." },
  { "face", "face matching", PD_ROLE_BIT (PD_ROLE_TSA_SUPERVISOR) | PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) |
    PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | PD_ROLE_BIT (PD_ROLE_PAU_ANALYST),
    "You have been granted access to face matching (the TSA identity check, TVS alerts and the watch list) for "
    "official duties only. A face match is a lead, never a decision: confirm identity by the documents and the "
    "traveller before any action. Photographs and results may not be copied, saved or shared outside the system. "
    "Every check and search is recorded in the audit log and reviewed; improper use may lead to disciplinary "
    "action, up to removal, and to the loss of this access." },
};

const PdEntitlementKind *
pd_entitlement_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (entitlement_kinds);
  return entitlement_kinds;
}

const PdEntitlementKind *
pd_entitlement_kind_lookup (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (entitlement_kinds); i++)
    if (g_strcmp0 (entitlement_kinds[i].kind, kind) == 0)
      return &entitlement_kinds[i];
  return NULL;
}

gint64
pd_entitlement_next_review (const PdEntitlement *e)
{
  return MAX (pd_quarter_end (e->granted_at), e->certified_until);
}

gint64
pd_entitlement_lapses_at (const PdEntitlement *e)
{
  if (e->granted_at == 0)
    return e->expires_at;
  /* (next_review is the start of the quarter due: reviewed in the one before) */
  return MIN (e->expires_at, pd_quarter_review_lapses (pd_entitlement_next_review (e) - 1));
}
