/* pd-report.h: a report as GET /v1/reports/{name} answers it, written out
 * the same way by portdeskctl and the app (cells, CSV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A cell as text: numbers as written (a real to one decimal), null "-"
 * (or "" for CSV). */
char       *pd_report_cell_text  (JsonNode    *cell,
                                  gboolean     csv);
/* The numeric value of a cell (NAN when null or text). */
double      pd_report_cell_value (JsonNode    *cell);
/* The series of @report named @name, NULL when none. */
JsonObject *pd_report_series     (JsonObject  *report,
                                  const char  *name);
/* CSV of @report's series (all when @only is NULL): each a header line
 * "series,COLUMNS..." and its rows "NAME,VALUES...", a blank line between
 * series. */
char       *pd_report_to_csv     (JsonObject  *report,
                                  const char  *only);

G_END_DECLS
