/* pd-report-chart.h: a report's series drawn with cairo (screen and PDF)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The colour of the @i-th plotted column. */
const GdkRGBA *pd_report_chart_colour (guint          i);
/* Draws @series (an object of a report's "series") in @width x @height,
 * text with @layout in @fg; "Nothing in this range" when it has no rows. */
void           pd_report_chart_draw   (cairo_t       *cr,
                                       PangoLayout   *layout,
                                       JsonObject    *series,
                                       double         width,
                                       double         height,
                                       const GdkRGBA *fg);

G_END_DECLS
