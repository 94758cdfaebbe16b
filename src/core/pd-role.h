/* pd-role.h: officer roles and public principal kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  PD_ROLE_NONE = 0,
  PD_ROLE_AG_SPECIALIST,
  PD_ROLE_CBP_OFFICER,
  PD_ROLE_TSA_SUPERVISOR,
  PD_ROLE_LPR_ANALYST,
  PD_ROLE_PORT_DIRECTOR,
  PD_ROLE_AUDITOR,
  PD_ROLE_ADMIN,
  PD_ROLE_PAU_ANALYST,    /* passenger analysis unit: validates TVS watch-list entries */
  PD_ROLE_LAST
} PdRole;

/* Bit masks of roles, for route declarations. */
#define PD_ROLE_BIT(r)   (1u << (r))
#define PD_ROLES_OFFICERS (PD_ROLE_BIT (PD_ROLE_AG_SPECIALIST) | PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | \
                           PD_ROLE_BIT (PD_ROLE_TSA_SUPERVISOR) | PD_ROLE_BIT (PD_ROLE_LPR_ANALYST) | \
                           PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | PD_ROLE_BIT (PD_ROLE_PAU_ANALYST))
#define PD_ROLES_ALL     (PD_ROLES_OFFICERS | PD_ROLE_BIT (PD_ROLE_AUDITOR) | PD_ROLE_BIT (PD_ROLE_ADMIN))

typedef enum {
  PD_PRINCIPAL_NONE = 0,
  PD_PRINCIPAL_BROKER,
  PD_PRINCIPAL_CARRIER,
  PD_PRINCIPAL_FORWARDER,
  PD_PRINCIPAL_AIR_OPERATOR,
  PD_PRINCIPAL_AIRLINE,
  PD_PRINCIPAL_LPR_FEED,
  PD_PRINCIPAL_TRAVELER,
  PD_PRINCIPAL_GATE_DEVICE,   /* a TVS camera at a gate, exit lane or terminal */
  PD_PRINCIPAL_BUS_CARRIER,   /* a bus company sending manifests to a land port */
  PD_PRINCIPAL_LAST
} PdPrincipalKind;

#define PD_PRINCIPAL_BIT(k)  (1u << (k))
#define PD_PRINCIPALS_ALL    (((1u << PD_PRINCIPAL_LAST) - 1) & ~1u)

const char      *pd_role_to_string           (PdRole          role);
PdRole           pd_role_from_string         (const char     *name);
const char      *pd_principal_kind_to_string (PdPrincipalKind kind);
PdPrincipalKind  pd_principal_kind_from_string (const char   *name);

G_END_DECLS
