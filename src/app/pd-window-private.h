/* pd-window-private.h: what the parts of PdWindow share
 *
 * pd-window.c holds the pages and the views, pd-window-actions.c the
 * window's actions and shortcuts; both see the struct through this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-session.h"
#include "pd-window.h"

G_BEGIN_DECLS

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *service_banner;
  GtkLabel             *service_banner_label;
  GtkSpinner           *service_banner_spinner;
  GtkStack             *main_stack;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  GtkButton            *retry_button;
  PdLoginPage          *login_page;
  PdRulesPage          *rules_page;
  PdEnrolPage          *enrol_page;
  PdPasswordPage       *password_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_box;
  GtkWidget            *content_box;
  GtkListBox           *sidebar;
  GtkLabel             *user_label;
  GtkLabel             *role_label;
  AdwWindowTitle       *view_title;
  GtkStack             *view_stack;

  GSettings            *settings;
  gboolean              ephemeral;
  GCancellable         *cancellable;

  PdSession            *session;       /* what the window shows, page by page */
  char                 *current_view;
  GPtrArray            *view_names;
  gboolean              keyring_notice_shown;
  gboolean              timing_login_done;
  gboolean              timing_view_done;
  char                 *last_toast;
  guint                 toast_count;
};

void _pd_window_toast             (PdWindow       *self,
                                   const char     *title,
                                   gboolean        priority_high);
void _pd_window_class_add_actions (GtkWidgetClass *widget_class);

G_END_DECLS
