/* pd-window-actions.c: the window's actions and their shortcuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-view.h"
#include "pd-window-private.h"

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  pd_window_sign_out (PD_WINDOW (widget));
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  pd_session_start (PD_WINDOW (widget)->session);
}

static void
start_service_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PdWindow *self = PD_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!pd_service_client_start_daemon (pd_session_get_client (self->session), &error))
    _pd_window_toast (self, error->message, TRUE);
  else
    gtk_label_set_text (self->service_banner_label, _("Starting the PortDesk service…"));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PdWindow *self = PD_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_box);
}

static void
select_view_index_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  PdWindow *self = PD_WINDOW (widget);
  int i = g_variant_get_int32 (param) - 1;

  if (i >= 0 && (guint) i < self->view_names->len)
    pd_window_select_view (self, g_ptr_array_index (self->view_names, i));
}

static void
reload_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PdWindow *self = PD_WINDOW (widget);
  GtkWidget *view = gtk_stack_get_visible_child (self->view_stack);

  if (PD_IS_VIEW (view))
    pd_view_reload (PD_VIEW (view));
}

void
_pd_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.start-service", NULL, start_service_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.select-view-index", "i", select_view_index_action);
  gtk_widget_class_install_action (widget_class, "win.reload-view", NULL, reload_view_action);

  for (int i = 1; i <= 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_ALT_MASK,
                                         "win.select-view-index", "i", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.sign-out", NULL);
}
