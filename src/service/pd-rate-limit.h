/* pd-rate-limit.h: a sliding-window counter of events per key (thread-safe)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PdRateLimit PdRateLimit;

PdRateLimit *pd_rate_limit_new   (guint         max_events,
                                  gint64        window_us);
void         pd_rate_limit_free  (PdRateLimit  *self);
/* Whether @key has had fewer than max_events in the window ending at @now. */
gboolean     pd_rate_limit_allow (PdRateLimit  *self,
                                  const char   *key,
                                  gint64        now);
void         pd_rate_limit_hit   (PdRateLimit  *self,
                                  const char   *key,
                                  gint64        now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdRateLimit, pd_rate_limit_free)

G_END_DECLS
