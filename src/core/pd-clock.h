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

/* The calendar quarter (UTC) of @unix_us: "2026-Q4". */
char     *pd_quarter_of          (gint64      unix_us);
/* The start and end (exclusive) of @quarter ("2026-Q4"), unix us; FALSE
 * when it is not a quarter. */
gboolean  pd_quarter_bounds      (const char *quarter,
                                  gint64     *out_start,
                                  gint64     *out_end);

G_END_DECLS
