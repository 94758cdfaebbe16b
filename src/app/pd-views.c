/* pd-views.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-views"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-access-view.h"
#include "pd-alerts-view.h"
#include "pd-apikeys-view.h"
#include "pd-approvals-view.h"
#include "pd-audit-view.h"
#include "pd-bus-view.h"
#include "pd-events.h"
#include "pd-flags-view.h"
#include "pd-identity-view.h"
#include "pd-imports-view.h"
#include "pd-landing-view.h"
#include "pd-lpr-reviews-view.h"
#include "pd-lpr-view.h"
#include "pd-reports-view.h"
#include "pd-retention-view.h"
#include "pd-scheduling.h"
#include "pd-scheduling-view.h"
#include "pd-users-view.h"
#include "pd-watchlist-view.h"
#include "pd-views.h"

static GtkWidget *
new_scheduling_view (PdServiceClient *client)
{
  return GTK_WIDGET (pd_scheduling_view_new (client));
}

#define R(x) PD_ROLE_BIT (PD_ROLE_##x)

/* The one list of the app's views, in sidebar order: who sees what, how
 * each is made and what reloads it is decided here and only here.  A
 * flow's views live in its folder (scheduling/, accounts/, audit/, bus/, imports/,
 * landing/, lpr/, oversight/, reports/, tsa/, tvs/). */
static const PdViewInfo views[] = {
  { "identity",   N_("Identity Check"), "camera-photo-symbolic",       R (TSA_SUPERVISOR),
    pd_identity_view_new, { NULL } },
  { "alerts",     N_("Alerts"),         "dialog-warning-symbolic",     R (CBP_OFFICER),
    pd_alerts_view_new, { PD_EVENT_TVS_ALERT, NULL } },
  { "watchlist",  N_("Watch List"),     "view-list-symbolic",          R (PAU_ANALYST),
    pd_watchlist_view_new, { NULL } },
  { "lpr",        N_("LPR"),            "find-location-symbolic",      R (LPR_ANALYST),
    pd_lpr_view_new, { PD_EVENT_LPR_HIT, NULL } },
  { "landing",    N_("Landing Rights"), "airplane-mode-symbolic",      R (PORT_DIRECTOR) | R (CBP_OFFICER),
    pd_landing_view_new, { PD_EVENT_LANDING_REQUEST, PD_EVENT_LANDING_CHAT, NULL } },
  { "buses",      N_("Expected Buses"), "mark-location-symbolic",      R (CBP_OFFICER) | R (PORT_DIRECTOR),
    pd_bus_view_new, { PD_EVENT_BUS_MANIFEST, NULL } },
  { "scheduling", N_("Scheduling"),     "x-office-calendar-symbolic",
    PD_ROLES_SCHEDULING, new_scheduling_view, { NULL } },
  { "audit",      N_("Audit"),          "security-high-symbolic",      R (AUDITOR),
    pd_audit_view_new, { PD_EVENT_AUDIT_APPENDED, NULL } },
  { "flags",      N_("Flags"),          "dialog-warning-symbolic",     R (AUDITOR),
    pd_flags_view_new, { PD_EVENT_FLAG_RAISED, PD_EVENT_FLAG_CHANGED, NULL } },
  { "lpr-reviews", N_("Display Reviews"), "task-due-symbolic",         R (AUDITOR),
    pd_lpr_reviews_view_new, { NULL } },
  /* the roles of the reports in the service's list (reports/pd-reports.c) */
  { "reports",    N_("Reports"),        "x-office-document-symbolic",
    PD_ROLES_SCHEDULING | R (CBP_OFFICER) | R (PORT_DIRECTOR) | R (TSA_SUPERVISOR) | R (LPR_ANALYST) | R (AUDITOR) |
    R (ADMIN), pd_reports_view_new, { NULL } },
  { "access",     N_("Access Reviews"), "emblem-ok-symbolic",          R (PORT_DIRECTOR) | R (ADMIN),
    pd_access_view_new, { PD_EVENT_ENTITLEMENT_CHANGED, NULL } },
  { "users",      N_("Users"),          "system-users-symbolic",       R (ADMIN),
    pd_users_view_new, { PD_EVENT_ENTITLEMENT_CHANGED, NULL } },
  { "approvals",  N_("Approvals"),      "emblem-default-symbolic",     R (PORT_DIRECTOR) | R (ADMIN),
    pd_approvals_view_new, { PD_EVENT_ENTITLEMENT_CHANGED, NULL } },
  { "apikeys",    N_("API Keys"),       "dialog-password-symbolic",    R (ADMIN),
    pd_apikeys_view_new, { NULL } },
  { "retention",  N_("Retention"),      "user-trash-symbolic",         R (ADMIN) | R (AUDITOR),
    pd_retention_view_new, { PD_EVENT_RETENTION_PURGED, NULL } },
  /* who may import what: the routes' roles (tsa/pd-api-tsa.c, lpr/pd-api-lpr.c) */
  { "imports",    N_("Imports"),        "document-open-symbolic",      R (ADMIN) | R (LPR_ANALYST),
    pd_imports_view_new, { NULL } },
  { "suspensions", N_("Suspension Requests"), "action-unavailable-symbolic", R (ADMIN),
    pd_suspensions_view_new, { PD_EVENT_FLAG_RAISED, PD_EVENT_FLAG_CHANGED, NULL } },
};

const PdViewInfo *
pd_views_get_all (guint *n_views)
{
  *n_views = G_N_ELEMENTS (views);
  return views;
}

const PdViewInfo *
pd_views_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (g_strcmp0 (views[i].name, name) == 0)
      return &views[i];
  return NULL;
}

gboolean
pd_view_allowed (const PdViewInfo *view,
                 PdRole            role)
{
  g_return_val_if_fail (view != NULL, FALSE);
  return role != PD_ROLE_NONE && (view->roles & PD_ROLE_BIT (role)) != 0;
}

char **
pd_views_for_role (PdRole role)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (pd_view_allowed (&views[i], role))
      g_strv_builder_add (b, views[i].name);
  return g_strv_builder_end (b);
}
