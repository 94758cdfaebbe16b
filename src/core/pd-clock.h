/* pd-clock.h: the one clock of the service, injectable for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_USEC_PER_HOUR (G_USEC_PER_SEC * G_GINT64_CONSTANT (3600))
#define PD_USEC_PER_DAY  (PD_USEC_PER_HOUR * 24)

#define PD_TYPE_CLOCK (pd_clock_get_type ())
G_DECLARE_FINAL_TYPE (PdClock, pd_clock, PD, CLOCK, GObject)

PdClock  *pd_clock_new           (gboolean   test_mode);
gboolean  pd_clock_is_test_mode  (PdClock   *self);
gint64    pd_clock_now           (PdClock   *self);
gboolean  pd_clock_set           (PdClock   *self,
                                  gint64     now_us,
                                  GError   **error);
gboolean  pd_clock_advance       (PdClock   *self,
                                  gint64     delta_us,
                                  GError   **error);

char     *pd_time_format         (gint64     unix_us);
gboolean  pd_time_parse          (const char *iso8601,
                                  gint64     *out_unix_us);

/* Calendar quarters (UTC), the period of the quarterly reviews: "2026-Q4". */
char     *pd_quarter_of          (gint64      unix_us);
/* The bounds of @quarter: [start, end).  FALSE when it is not "YYYY-Qn". */
gboolean  pd_quarter_bounds      (const char *quarter,
                                  gint64     *out_start,
                                  gint64     *out_end);
/* The end of the quarter that holds @unix_us (the next one's start). */
gint64    pd_quarter_end         (gint64      unix_us);
/* Days after a quarter ends in which its missed review may still be given. */
#define PD_REVIEW_GRACE_DAYS 30
/* The quarterly reviews' rule: something last reviewed (or made) in the
 * quarter that holds @reviewed is due again in the quarter after, and
 * lapses when that one has ended and the grace has passed. */
gint64    pd_quarter_review_lapses (gint64    reviewed);
/* @quarter, or the quarter of @now when it is NULL, with its bounds; NULL
 * and an INVALID error saying the form when it is not a quarter. */
char     *pd_quarter_resolve     (const char *quarter,
                                  gint64      now,
                                  gint64     *out_start,
                                  gint64     *out_end,
                                  GError    **error);

G_END_DECLS
