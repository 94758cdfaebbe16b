/* pd-flow.h: a flow of PortDesk, as the service core knows it
 *
 * A flow (scheduling, and the TSA, TVS, LPR, landing, bus and oversight
 * flows to come) lives in its own folder under src/service/ with its
 * routes, engine, store, event names and retention policies, and is known
 * to the core only through its PdFlow in the one list of pd-flows.c.
 * docs/ARCHITECTURE.md has the checklist for adding one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-api.h"
#include "pd-retention.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;                                        /* "scheduling" */
  const char *event_prefix;                                /* PD_EVENT_*_PREFIX */
  const PdRoute           *(*routes)    (guint *n_routes);
  const PdRetentionPolicy *(*retention) (guint *n_policies); /* NULL: none */
} PdFlow;

/* Every flow of this build, in a fixed order. */
const PdFlow * const *pd_flows (guint *n_flows);

/* the flows */
extern const PdFlow pd_accounts_flow;
extern const PdFlow pd_audit_flow;
extern const PdFlow pd_bus_flow;
extern const PdFlow pd_face_flow;
extern const PdFlow pd_landing_flow;
extern const PdFlow pd_lpr_flow;
extern const PdFlow pd_oversight_flow;
extern const PdFlow pd_reports_flow;
extern const PdFlow pd_scheduling_flow;
extern const PdFlow pd_tsa_flow;
extern const PdFlow pd_tvs_flow;

G_END_DECLS
