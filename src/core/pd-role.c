/* pd-role.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-role"

#include "pd-role.h"

static const char * const role_names[PD_ROLE_LAST] = {
  [PD_ROLE_NONE]           = "none",
  [PD_ROLE_AG_SPECIALIST]  = "ag_specialist",
  [PD_ROLE_CBP_OFFICER]    = "cbp_officer",
  [PD_ROLE_TSA_SUPERVISOR] = "tsa_supervisor",
  [PD_ROLE_LPR_ANALYST]    = "lpr_analyst",
  [PD_ROLE_PORT_DIRECTOR]  = "port_director",
  [PD_ROLE_AUDITOR]        = "auditor",
  [PD_ROLE_ADMIN]          = "admin",
  [PD_ROLE_PAU_ANALYST]    = "pau_analyst",
};

static const char * const principal_names[PD_PRINCIPAL_LAST] = {
  [PD_PRINCIPAL_NONE]         = "none",
  [PD_PRINCIPAL_BROKER]       = "broker",
  [PD_PRINCIPAL_CARRIER]      = "carrier",
  [PD_PRINCIPAL_FORWARDER]    = "forwarder",
  [PD_PRINCIPAL_AIR_OPERATOR] = "air_operator",
  [PD_PRINCIPAL_AIRLINE]      = "airline",
  [PD_PRINCIPAL_LPR_FEED]     = "lpr_feed",
  [PD_PRINCIPAL_TRAVELER]     = "traveler",
  [PD_PRINCIPAL_GATE_DEVICE]  = "gate_device",
  [PD_PRINCIPAL_BUS_CARRIER]  = "bus_carrier",
};

const char *
pd_role_to_string (PdRole role)
{
  if ((guint) role >= PD_ROLE_LAST)
    return "none";
  return role_names[role];
}

PdRole
pd_role_from_string (const char *name)
{
  for (guint i = 1; i < PD_ROLE_LAST; i++)
    if (g_strcmp0 (role_names[i], name) == 0)
      return (PdRole) i;
  return PD_ROLE_NONE;
}

const char *
pd_principal_kind_to_string (PdPrincipalKind kind)
{
  if ((guint) kind >= PD_PRINCIPAL_LAST)
    return "none";
  return principal_names[kind];
}

PdPrincipalKind
pd_principal_kind_from_string (const char *name)
{
  for (guint i = 1; i < PD_PRINCIPAL_LAST; i++)
    if (g_strcmp0 (principal_names[i], name) == 0)
      return (PdPrincipalKind) i;
  return PD_PRINCIPAL_NONE;
}
