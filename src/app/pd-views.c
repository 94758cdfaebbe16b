/* pd-views.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-views"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-views.h"

#define R(x) PD_ROLE_BIT (PD_ROLE_##x)

/* Sidebar order.  Who sees what is decided here and only here. */
static const PdViewInfo views[] = {
  { "identity",   N_("Identity Check"), "camera-photo-symbolic",       R (TSA_SUPERVISOR), FALSE },
  { "alerts",     N_("Alerts"),         "dialog-warning-symbolic",     R (CBP_OFFICER), FALSE },
  { "lpr",        N_("LPR Displays"),   "find-location-symbolic",      R (LPR_ANALYST), FALSE },
  { "landing",    N_("Landing Rights"), "airplane-mode-symbolic",      R (PORT_DIRECTOR), FALSE },
  { "scheduling", N_("Scheduling"),     "x-office-calendar-symbolic",
    R (AG_SPECIALIST) | R (PORT_DIRECTOR) | R (CBP_OFFICER), TRUE },
  { "audit",      N_("Audit"),          "security-high-symbolic",      R (AUDITOR), TRUE },
  { "reports",    N_("Reports"),        "x-office-document-symbolic",  R (CBP_OFFICER) | R (AUDITOR), FALSE },
  { "users",      N_("Users"),          "system-users-symbolic",       R (ADMIN), TRUE },
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
