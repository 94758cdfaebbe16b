/* pd-reports.h: the reports, each defined once: who may see it, how its
 * rows may be grouped, and its series, each one SQL query over the real
 * tables
 *
 * A series' query selects from an inner query that names its rows'
 * columns as the report's groupings ("x.port", "x.week" from "x.at"), so
 * that "{by}" in the query stands for the grouping asked for.  Bound
 * parameters: ?1 now, ?2 and ?3 the range as [start, end) in unix
 * microseconds (UTC days), ?4 the caller's port (NULL: every port), ?5 and
 * ?6 the range's first and last day as YYYY-MM-DD.  A series' first column
 * is its key (the group); the others are numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-store.h"

G_BEGIN_DECLS

typedef enum {
  PD_CHART_BARS,      /* a bar per plotted column, side by side */
  PD_CHART_STACKED,   /* the plotted columns stacked in one bar */
  PD_CHART_LINES,     /* a line per plotted column */
  PD_CHART_HEAT,      /* rows (key = weekday, hour, count): a weekday x hour grid */
} PdChart;

typedef struct {
  const char *name;
  const char *title;
  PdChart     chart;
  const char *plot;     /* the columns drawn, comma-separated (the others are numbers only) */
  const char *unit;     /* of the plotted values: "count", "%", "ms" */
  const char *sql;
} PdReportSeries;

typedef struct {
  const char           *name;
  const char           *title;
  const char           *summary;
  guint                 roles;        /* PD_ROLE_BIT mask: who may see it */
  guint                 port_roles;   /* of those, who see their own port's rows only */
  const char * const   *dims;         /* the groupings ("by"), the first the default */
  const PdReportSeries *series;
  guint                 n_series;
} PdReport;

/* The range and scope a report is run for (see above). */
typedef struct {
  gint64      now, start, end;
  const char *port;
  const char *from, *to;
} PdReportArgs;

const PdReport *pd_reports             (guint               *n);
const PdReport *pd_report_find         (const char          *name);
const char     *pd_chart_to_string     (PdChart              chart);
gboolean        pd_report_has_dim      (const PdReport      *report,
                                        const char          *dim);

/* Runs @series grouped by @dim: {"name", "title", "chart", "unit", "plot":
 * [...], "columns": [...], "rows": [[key, n, ...], ...]}. */
JsonNode       *pd_store_report_series (PdStoreTx            *tx,
                                        const PdReportSeries *series,
                                        const char           *dim,
                                        const PdReportArgs   *args,
                                        GError              **error);

G_END_DECLS
