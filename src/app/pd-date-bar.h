/* pd-date-bar.h: a view's day or week: the date (YYYY-MM-DD), earlier,
 * Today, later, and Day/Week
 *
 * The Landing Rights schedule and the Expected Buses share it.
 * ::changed tells of a new date or span (the view loads it); ::invalid of
 * a step from a date that is not one (the view says so).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_DATE_BAR (pd_date_bar_get_type ())
G_DECLARE_FINAL_TYPE (PdDateBar, pd_date_bar, PD, DATE_BAR, GtkBox)

/* Today, a week (@week) or a day; @mnemonic labels the date entry. */
GtkWidget  *pd_date_bar_new       (const char *mnemonic,
                                   gboolean    week);
/* From @date (NULL: today), a week or a day; ::changed follows. */
void        pd_date_bar_set       (PdDateBar  *self,
                                   const char *date,
                                   gboolean    week);
/* A day or week (as shown) earlier (-1) or later (1); FALSE (and
 * ::invalid) when the date is not one. */
gboolean    pd_date_bar_step      (PdDateBar  *self,
                                   int         direction);
/* The date as typed, trimmed (free with g_free). */
char       *pd_date_bar_dup_date  (PdDateBar  *self);
gboolean    pd_date_bar_get_week  (PdDateBar  *self);
/* "/v1/...?from=DATE&days=N": @base and the bar's span (free with g_free). */
char       *pd_date_bar_dup_path  (PdDateBar  *self,
                                   const char *base);
/* Alt+Page Up/Down on @widget (a view) step the bar. */
void        pd_date_bar_add_shortcuts (PdDateBar *self,
                                       GtkWidget *widget);

G_END_DECLS
