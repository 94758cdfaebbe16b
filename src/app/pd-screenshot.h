/* pd-screenshot.h: portdesk --screenshot FILE --view NAME [--page NAME]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-application.h"
#include "pd-window.h"

G_BEGIN_DECLS

/* Renders @widget as it is on screen now to a PNG file. */
gboolean pd_screenshot_save (GtkWidget   *widget,
                             const char  *filename,
                             GError     **error);

/* Drives @window to @view (signing in as @username when the view needs
 * it) and to its @page (NULL: as it opens), saves the PNG and quits @app
 * with 0, or with 1 and a message (2: no such view for the role, or no
 * such page in it). */
void     pd_screenshot_run  (PdApplication *app,
                             PdWindow      *window,
                             const char    *filename,
                             const char    *view,
                             const char    *page,
                             const char    *username,
                             const char    *password);

G_END_DECLS
