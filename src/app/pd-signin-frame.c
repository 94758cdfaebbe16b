/* pd-signin-frame.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-signin-frame"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-signin-frame.h"

GtkWidget *
pd_signin_frame_new (const char *icon_name,
                     const char *title,
                     const char *description,
                     GtkWidget  *child)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_widget_add_css_class (header, "flat");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("PortDesk"), NULL));
  gtk_box_append (GTK_BOX (outer), header);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
  gtk_widget_set_vexpand (status, TRUE);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 440);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  adw_status_page_set_child (ADW_STATUS_PAGE (status), clamp);
  gtk_box_append (GTK_BOX (outer), status);
  return outer;
}
