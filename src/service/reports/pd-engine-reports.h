/* pd-engine-reports.h: running the reports of pd-reports.h for a caller
 *
 * A report is refused to roles it does not name; the roles it names as
 * port roles see their own port's rows only.  The range is whole UTC days,
 * to >= from, at most PD_REPORT_MAX_DAYS; without one, the last
 * PD_REPORT_DEFAULT_DAYS days.  Every run is audited ("report.NAME").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-reports.h"

G_BEGIN_DECLS

#define PD_REPORT_MAX_DAYS     366
#define PD_REPORT_DEFAULT_DAYS 30

gboolean    pd_report_visible (const PdReport *report,
                               PdCaller       *caller);
JsonNode   *pd_engine_report  (PdEngine       *self,
                               PdCaller       *caller,
                               const char     *name,
                               const char     *from,
                               const char     *to,
                               const char     *by,
                               GError        **error);

/* The reports @caller may run (const PdReport *), audited. */
GPtrArray  *pd_engine_reports_list (PdEngine  *self,
                                    PdCaller  *caller,
                                    GError   **error);

G_END_DECLS
