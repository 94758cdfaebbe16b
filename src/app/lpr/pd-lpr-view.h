/* pd-lpr-view.h: the LPR analyst's view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

#define PD_TYPE_LPR_VIEW (pd_lpr_view_get_type ())
G_DECLARE_FINAL_TYPE (PdLprView, pd_lpr_view, PD, LPR_VIEW, AdwBin)

GtkWidget   *pd_lpr_view_new              (PdServiceClient *client);
void         pd_lpr_view_reload_all       (PdLprView       *self);
/* "alerts", "displays", "query", "cases" */
void         pd_lpr_view_show_page        (PdLprView       *self,
                                           const char      *page);
/* What the buttons do (the service's answer in pd_lpr_view_get_message). */
void         pd_lpr_view_acknowledge      (PdLprView       *self);
void         pd_lpr_view_dispose_alert    (PdLprView       *self,
                                           const char      *disposition,
                                           const char      *reason);
/* for the case picked in the Query page */
void         pd_lpr_view_run_query        (PdLprView       *self,
                                           const char      *plate,
                                           gboolean         look_alikes,
                                           const char      *from);
void         pd_lpr_view_save_selected    (PdLprView       *self);
/* "alerts", "displays", "items", "results", "cases", "saved" */
PdTableView *pd_lpr_view_get_table        (PdLprView       *self,
                                           const char      *name);
const char  *pd_lpr_view_get_message      (PdLprView       *self);
gboolean     pd_lpr_view_get_notice_shown (PdLprView       *self);
guint        pd_lpr_view_get_n_open_cases (PdLprView       *self);
gboolean     pd_lpr_view_get_busy         (PdLprView       *self);

G_END_DECLS
