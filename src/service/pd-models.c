/* pd-models.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-models"

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
