/* pd-window.h: the one main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-enrol-page.h"
#include "pd-password-page.h"
#include "pd-login-page.h"
#include "pd-rules-page.h"
#include "pd-service-client.h"
#include "pd-session.h"
#include "pd-token-store.h"

G_BEGIN_DECLS

#define PD_TYPE_WINDOW (pd_window_get_type ())
G_DECLARE_FINAL_TYPE (PdWindow, pd_window, PD, WINDOW, AdwApplicationWindow)

/* @settings may be NULL (schema not installed); @ephemeral: keep nothing
 * (no keyring, no saved state), for --screenshot. */
PdWindow    *pd_window_new                (GtkApplication  *application,
                                           PdServiceClient *client,
                                           PdTokenStore    *tokens,
                                           GSettings       *settings,
                                           gboolean         ephemeral);
/* The window of @session, which the application owns and the window
 * follows (pd_window_new makes a session of its own: a second window). */
PdWindow    *pd_window_new_for_session    (GtkApplication  *application,
                                           PdSession       *session,
                                           GSettings       *settings,
                                           gboolean         ephemeral);
void         pd_window_start              (PdWindow        *self);

/* "connecting", "login", "rules" or "workspace" */
PdServiceClient *pd_window_get_client     (PdWindow        *self);
const char  *pd_window_get_page           (PdWindow        *self);
/* Why the service cannot be reached, while the window says so; else NULL. */
const char  *pd_window_get_connect_error  (PdWindow        *self);
PdLoginPage *pd_window_get_login_page     (PdWindow        *self);
PdRulesPage *pd_window_get_rules_page     (PdWindow        *self);
PdEnrolPage *pd_window_get_enrol_page     (PdWindow        *self);
PdPasswordPage *pd_window_get_password_page (PdWindow     *self);
const char  *pd_window_get_role           (PdWindow        *self);
char       **pd_window_dup_sidebar_views  (PdWindow        *self);
gboolean     pd_window_select_view        (PdWindow        *self,
                                           const char      *name);
const char  *pd_window_get_current_view   (PdWindow        *self);
GtkWidget   *pd_window_get_view_widget    (PdWindow        *self,
                                           const char      *name);
gboolean     pd_window_get_view_busy      (PdWindow        *self);
gboolean     pd_window_get_banner_visible (PdWindow        *self);
const char  *pd_window_get_last_toast     (PdWindow        *self);
guint        pd_window_get_toast_count    (PdWindow        *self);
void         pd_window_sign_out           (PdWindow        *self);
gboolean     pd_window_get_folded         (PdWindow        *self);
gboolean     pd_window_get_sidebar_shown  (PdWindow        *self);

G_END_DECLS
