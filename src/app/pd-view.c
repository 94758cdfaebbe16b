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

GtkWidget *
pd_view_pages_new (const PdViewPage *pages,
                   guint             n,
                   GtkStack        **out_stack,
                   GtkLabel        **out_status)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *switcher = gtk_stack_switcher_new ();
  GtkStack *stack = GTK_STACK (gtk_stack_new ());
  GtkLabel *status = GTK_LABEL (gtk_label_new (NULL));

  for (guint i = 0; i < n; i++)
    gtk_stack_add_titled (stack, pages[i].child, pages[i].name, pages[i].title);
  gtk_widget_set_vexpand (GTK_WIDGET (stack), TRUE);
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), stack);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_box_append (GTK_BOX (box), switcher);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (stack));
  gtk_label_set_xalign (status, 0);
  gtk_label_set_wrap (status, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (status), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (status), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (status), 6);
  gtk_widget_set_visible (GTK_WIDGET (status), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (status));
  *out_stack = stack;
  *out_status = status;
  return box;
}
