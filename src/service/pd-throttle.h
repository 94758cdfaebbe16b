/* pd-throttle.h: a growing wait after failed sign-ins, per account and client
 *
 * After @free_failures failed sign-ins of one account name from one client
 * (a local uid, a network address), each further attempt from that client
 * must wait twice as long as the last, up to @max_wait_us; success starts
 * over.  Other clients are not slowed down, so no one can lock a user out,
 * and names that do not exist are throttled the same way (no account
 * oracle).  An attempt counts as failed from the moment it is let in, so
 * parallel attempts cannot slip past the wait.  Thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PdThrottle PdThrottle;

typedef struct {
  char   *account;
  char   *client;
  guint   failures;        /* in a row */
  gint64  last_failure;    /* unix us */
  gint64  next_allowed;    /* unix us; 0: not waiting */
} PdThrottleEntry;

PdThrottle *pd_throttle_new        (guint        free_failures,
                                    gint64       max_wait_us);
void        pd_throttle_free       (PdThrottle  *self);
/* Lets an attempt in (counting it as failed until pd_throttle_succeeded),
 * or returns FALSE and how long to wait. */
gboolean    pd_throttle_begin      (PdThrottle  *self,
                                    const char  *account,
                                    const char  *client,
                                    gint64       now,
                                    gint64      *out_wait_us);
void        pd_throttle_succeeded  (PdThrottle  *self,
                                    const char  *account,
                                    const char  *client);
/* Entries with failures, oldest first (PdThrottleEntry*, owned). */
GPtrArray  *pd_throttle_list       (PdThrottle  *self);
/* Forgets the entries matching @account and @client (NULL: any);
 * returns how many. */
guint       pd_throttle_clear      (PdThrottle  *self,
                                    const char  *account,
                                    const char  *client);
void        pd_throttle_entry_free (PdThrottleEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdThrottle, pd_throttle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdThrottleEntry, pd_throttle_entry_free)

G_END_DECLS
