/* pd-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-view"

#include "pd-view.h"

G_DEFINE_INTERFACE (PdView, pd_view, GTK_TYPE_WIDGET)

static void
pd_view_default_init (PdViewInterface *iface)
{
}

void
pd_view_reload (PdView *self)
{
  g_return_if_fail (PD_IS_VIEW (self));
  PD_VIEW_GET_IFACE (self)->reload (self);
}

gboolean
pd_view_get_busy (PdView *self)
{
  g_return_val_if_fail (PD_IS_VIEW (self), FALSE);
  return PD_VIEW_GET_IFACE (self)->get_busy (self);
}
