/* pd-import.h: staged imports from a file (holdings, LPR reads, a display's
 * items), the one implementation behind portdeskctl and the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-client.h"

G_BEGIN_DECLS

typedef enum {
  PD_IMPORT_HOLDINGS,       /* CSV or JSON records with a folder of photos (admins) */
  PD_IMPORT_LPR_READS,      /* a CSV of reads, in parts (LPR analysts) */
  PD_IMPORT_DISPLAY_ITEMS,  /* a CSV of a display's items, stored whole (LPR analysts) */
} PdImportKind;

/* What was wrong with one row, in the service's words: @message, of row
 * @row (0 when the service did not say), about member @field (NULL when
 * it names none) and, without that member's name, @why. */
typedef struct {
  guint  row;
  char  *field;
  char  *why;
  char  *message;
} PdImportProblem;

void   pd_import_problem_free      (PdImportProblem *p);

typedef struct {
  guint      total;       /* the records (holdings) or rows (reads, items) of the file */
  GPtrArray *problems;    /* PdImportProblem, one a row: nothing was imported */
  GPtrArray *messages;    /* the same as the service worded them, one a refused request
                           * ("row 3: ..." for a record; a part's summary of its rows) */
  JsonNode  *committed;   /* the service's answer to the commit; NULL when nothing was imported */
} PdImportResult;

void   pd_import_result_clear      (PdImportResult *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdImportResult, pd_import_result_clear)

/* Called in the importing thread before each record or part (@done of
 * @total), and once with @done == @total at the end. */
typedef void (*PdImportProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

/* Reads @file and imports it through the service's staged import: begin,
 * each record or part, commit only when no row had an error (otherwise
 * the import is deleted and @result lists why).  @extra: the photos'
 * folder (holdings; NULL: the file's names as they are) or the display's
 * id (display items).  Blocking: run it in a thread for a window.
 *
 * Returns FALSE with @error when the file cannot be read, the service
 * fails (not a row's error) or @cancellable is cancelled (G_IO_ERROR_CANCELLED):
 * the staged import is then deleted, nothing half imported.  Returns TRUE
 * otherwise: @result->committed set when imported, NULL with the rows'
 * problems (or a file without rows) when nothing was. */
gboolean pd_import_run (PdClient          *client,
                        PdImportKind       kind,
                        const char        *file,
                        const char        *extra,
                        PdImportProgress   progress,
                        gpointer           user_data,
                        GCancellable      *cancellable,
                        PdImportResult    *result,
                        GError           **error);

G_END_DECLS
