/* pd-event-toasts.h: which live events the window shows as a toast, and how
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The toast text for an event of @type (PD_EVENT_*) with @payload, or NULL
 * when it is not one to toast; @out_urgent: whether it is an alert. */
char *pd_event_toast_text (const char *type,
                           JsonObject *payload,
                           gboolean   *out_urgent);

G_END_DECLS
