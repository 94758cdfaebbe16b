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
/* Counts an event for @key if it has had fewer than max_events in the
 * window ending at @now (one step: parallel callers cannot both pass the
 * last place); otherwise FALSE and, if asked, how long until a place frees. */
gboolean     pd_rate_limit_take      (PdRateLimit  *self,
                                      const char   *key,
                                      gint64        now,
                                      gint64       *out_wait_us);
/* Takes back the event counted at @when (a sign-in that succeeded). */
void         pd_rate_limit_give_back (PdRateLimit  *self,
                                      const char   *key,
                                      gint64        when);

/* Forgets @key's events (NULL: everyone's). */
void         pd_rate_limit_clear     (PdRateLimit  *self,
                                      const char   *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdRateLimit, pd_rate_limit_free)

G_END_DECLS
