/* pd-flows.c: the one list of the service's flows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-flows"

#include "pd-flow.h"

static const PdFlow * const flows[] = {
  &pd_accounts_flow,
  &pd_audit_flow,
  &pd_bus_flow,
  &pd_face_flow,
  &pd_landing_flow,
  &pd_lpr_flow,
  &pd_oversight_flow,
  &pd_reports_flow,
  &pd_scheduling_flow,
  &pd_tsa_flow,
  &pd_tvs_flow,
};

const PdFlow * const *
pd_flows (guint *n_flows)
{
  *n_flows = G_N_ELEMENTS (flows);
  return flows;
}
