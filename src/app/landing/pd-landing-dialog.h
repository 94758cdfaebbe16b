/* pd-landing-dialog.h: what a recommendation or a decision on a
 * landing-rights request asks (approve, approve with conditions, deny; a
 * reason; the conditions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum {
  PD_LANDING_ASK_RECOMMEND,
  PD_LANDING_ASK_DECIDE,
} PdLandingAsk;

/* What the officer answered. */
typedef struct {
  char *ref;          /* the request it was asked for */
  char *choice;       /* approve, approve_with_conditions, deny */
  char *reason;
  char *conditions;   /* only with approve_with_conditions */
} PdLandingAnswer;

void pd_landing_answer_free (PdLandingAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLandingAnswer, pd_landing_answer_free)

#define PD_TYPE_LANDING_DIALOG (pd_landing_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PdLandingDialog, pd_landing_dialog, PD, LANDING_DIALOG, AdwMessageDialog)

PdLandingDialog *pd_landing_dialog_new        (GtkWindow           *parent,
                                               PdLandingAsk         ask,
                                               const char          *ref);
/* Presents it; finishes when the officer answers. */
void             pd_landing_dialog_run_async  (PdLandingDialog     *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* The answer, or NULL (and no error) when the officer cancelled. */
PdLandingAnswer *pd_landing_dialog_run_finish (PdLandingDialog     *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* As the officer fills it (tests): @choice one of the three. */
void             pd_landing_dialog_fill       (PdLandingDialog     *self,
                                               const char          *choice,
                                               const char          *reason,
                                               const char          *conditions);
PdLandingAsk     pd_landing_dialog_get_ask    (PdLandingDialog     *self);
gboolean         pd_landing_dialog_get_conditions_shown (PdLandingDialog *self);

G_END_DECLS
