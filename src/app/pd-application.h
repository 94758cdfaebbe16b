/* pd-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_APPLICATION (pd_application_get_type ())
G_DECLARE_FINAL_TYPE (PdApplication, pd_application, PD, APPLICATION, AdwApplication)

PdApplication *pd_application_new             (void);
int            pd_application_get_exit_status (PdApplication *self);
void           pd_application_quit_with_status (PdApplication *self,
                                                int            status);
GtkWindow     *pd_application_get_main_window (PdApplication *self);

/* Monotonic time of process start (set by main), for startup timing. */
void           pd_application_set_start_time  (gint64         monotonic_us);
gint64         pd_application_get_start_time  (void);

G_END_DECLS
