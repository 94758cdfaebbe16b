/* pd-signin-frame.h: the frame of the pages shown between signing in and
 * the workspace (a new password, two-factor enrolment)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A flat header titled PortDesk over a status page (@icon_name, @title,
 * @description) holding @child in a narrow clamp: the page's whole
 * content. */
GtkWidget *pd_signin_frame_new (const char *icon_name,
                                const char *title,
                                const char *description,
                                GtkWidget  *child);

G_END_DECLS
