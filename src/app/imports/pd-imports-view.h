/* pd-imports-view.h: imports from a file with progress, per-row errors and
 * cancel (holdings for administrators; LPR reads and a display's items for
 * LPR analysts)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-import.h"
#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

#define PD_TYPE_IMPORTS_VIEW (pd_imports_view_get_type ())
G_DECLARE_FINAL_TYPE (PdImportsView, pd_imports_view, PD, IMPORTS_VIEW, AdwBin)

GtkWidget      *pd_imports_view_new            (PdServiceClient *client);
/* Whether the signed-in role may import @kind (known once loaded). */
gboolean        pd_imports_view_offers         (PdImportsView   *self,
                                                PdImportKind     kind);
/* What the choosers and the menus set: the kind, the file, the photos'
 * folder (holdings), the display (its id; display items). */
gboolean        pd_imports_view_set_kind       (PdImportsView   *self,
                                                PdImportKind     kind);
void            pd_imports_view_set_file       (PdImportsView   *self,
                                                GFile           *file);
void            pd_imports_view_set_folder     (PdImportsView   *self,
                                                GFile           *folder);
gboolean        pd_imports_view_set_display    (PdImportsView   *self,
                                                gint64           display);
/* Import and Cancel, as their buttons do. */
void            pd_imports_view_start          (PdImportsView   *self);
void            pd_imports_view_cancel         (PdImportsView   *self);

GtkProgressBar *pd_imports_view_get_progress   (PdImportsView   *self);
/* the rows in error of the last import: row, field, why */
PdTableView    *pd_imports_view_get_problems   (PdImportsView   *self);
/* the status line: the result, or why nothing was imported */
const char     *pd_imports_view_get_message    (PdImportsView   *self);
gboolean        pd_imports_view_get_busy       (PdImportsView   *self);
/* whether an import is running */
gboolean        pd_imports_view_get_running    (PdImportsView   *self);

G_END_DECLS
