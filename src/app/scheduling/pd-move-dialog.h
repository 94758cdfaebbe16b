/* pd-move-dialog.h: the questions a move of a request asks (slot, reason, inspector)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  PD_MOVE_SCHEDULE,
  PD_MOVE_RESCHEDULE,
  PD_MOVE_REJECT,
  PD_MOVE_ASSIGN,
} PdMoveKind;

/* What the officer chose; NULL members were not asked or left empty. */
typedef struct {
  char *ref;           /* the request it was asked for */
  char *to;            /* the target status; NULL for an assignment */
  char *slot_start;
  char *reason_code;
  char *reason;
  char *inspector;
} PdMoveChoice;

void pd_move_choice_free (PdMoveChoice *choice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMoveChoice, pd_move_choice_free)

#define PD_TYPE_MOVE_DIALOG (pd_move_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PdMoveDialog, pd_move_dialog, PD, MOVE_DIALOG, AdwMessageDialog)

/* The free slots the service offered with @detail, as labels, and their
 * start times appended to @out_starts. */
GtkStringList *pd_move_dialog_slot_labels (JsonObject *detail,
                                          GPtrArray  *out_starts);

/* A dialog for @kind on the request @detail (its ref, its current
 * inspector and the free slots the service offered with it). */
PdMoveDialog *pd_move_dialog_new        (GtkWindow           *parent,
                                         PdMoveKind           kind,
                                         JsonObject          *detail);
/* Presents it; finishes when the officer answers. */
void          pd_move_dialog_run_async  (PdMoveDialog        *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* The choice, or NULL (and no error) when the officer cancelled. */
PdMoveChoice *pd_move_dialog_run_finish (PdMoveDialog        *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
