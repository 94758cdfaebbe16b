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

void
pd_view_show_message (GtkLabel   *status,
                      char      **store,
                      const char *text,
                      gboolean    error)
{
  g_free (*store);
  *store = g_strdup (text);
  gtk_label_set_text (status, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (status), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (status), "error");
}
