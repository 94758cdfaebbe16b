/* test-app-views.c: which role sees which view (no display needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-views.h"

static void
check (PdRole      role,
       const char *expected)
{
  g_auto(GStrv) views = pd_views_for_role (role);
  g_autofree char *joined = g_strjoinv (",", views);

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_roles (void)
{
  check (PD_ROLE_AG_SPECIALIST, "scheduling,reports");
  check (PD_ROLE_TSA_SUPERVISOR, "identity,reports");
  check (PD_ROLE_LPR_ANALYST, "lpr,reports,imports");
  check (PD_ROLE_PORT_DIRECTOR, "landing,buses,scheduling,reports,access,approvals");
  check (PD_ROLE_CBP_OFFICER, "alerts,landing,buses,scheduling,reports");
  check (PD_ROLE_AUDITOR, "audit,flags,lpr-reviews,reports,retention");
  check (PD_ROLE_ADMIN, "reports,access,users,approvals,apikeys,retention,imports,suspensions");
  check (PD_ROLE_PAU_ANALYST, "watchlist");
  check (PD_ROLE_NONE, "");
}

static void
test_lookup (void)
{
  guint n = 0;
  const PdViewInfo *all = pd_views_get_all (&n);

  g_assert_cmpuint (n, ==, 18);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (pd_views_lookup (all[i].name) == &all[i]);
      g_assert_nonnull (all[i].title);
      g_assert_nonnull (all[i].icon_name);
      g_assert_cmpuint (all[i].roles, !=, 0);
      g_assert_false (pd_view_allowed (&all[i], PD_ROLE_NONE));
    }
  g_assert_null (pd_views_lookup ("login"));
  g_assert_null (pd_views_lookup (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/views/roles", test_roles);
  g_test_add_func ("/app/views/lookup", test_lookup);
  return g_test_run ();
}
