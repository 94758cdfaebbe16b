/* pd-reports-view.h: the Reports view (a report, its charts and numbers,
 * CSV and PDF)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

#define PD_TYPE_REPORTS_VIEW (pd_reports_view_get_type ())
G_DECLARE_FINAL_TYPE (PdReportsView, pd_reports_view, PD, REPORTS_VIEW, AdwBin)

GtkWidget  *pd_reports_view_new         (PdServiceClient *client);
/* Shows report @name for @from to @to (NULL: the service's defaults) by @by. */
void        pd_reports_view_load        (PdReportsView   *self,
                                         const char      *name,
                                         const char      *from,
                                         const char      *to,
                                         const char      *by);
gboolean    pd_reports_view_write_csv   (PdReportsView   *self,
                                         const char      *path,
                                         GError         **error);
/* A page per series: its chart (the code that draws it on screen) and numbers. */
gboolean    pd_reports_view_write_pdf   (PdReportsView   *self,
                                         const char      *path,
                                         GError         **error);
JsonObject *pd_reports_view_get_report  (PdReportsView   *self);
const char *pd_reports_view_get_error   (PdReportsView   *self);
gboolean    pd_reports_view_get_busy    (PdReportsView   *self);
guint       pd_reports_view_get_n_drawn (PdReportsView   *self);

G_END_DECLS
