/* pd-form-dialog.h: a modal dialog whose form is sent to the service
 *
 * AdwMessageDialog closes on any response, so a refusal could not be
 * shown where the input is.  This dialog stays open while the service
 * answers: a refusal shows in it, in the service's words, and the input
 * is kept; an agreement calls the caller back and closes it.  Cancel and
 * Escape close it; Enter in a field activates its default (action)
 * button, which emits ::submit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

#define PD_TYPE_FORM_DIALOG (pd_form_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PdFormDialog, pd_form_dialog, PD, FORM_DIALOG, AdwWindow)

/* The service agreed, with @reply (a null node for an empty answer). */
typedef void (*PdFormDone) (PdFormDialog *dialog,
                            JsonNode     *reply,
                            gpointer      data);

/* A dialog over @parent's window: @title, an @intro line (may be NULL),
 * Cancel and @action (a mnemonic label; NULL: only a Close button). */
PdFormDialog *pd_form_dialog_new        (GtkWidget       *parent,
                                         PdServiceClient *client,
                                         const char      *title,
                                         const char      *intro,
                                         const char      *action,
                                         gboolean         destructive);
/* Adds @row (an AdwPreferencesRow) to the form's list; an AdwEntryRow's
 * Enter then submits. */
void          pd_form_dialog_add_row    (PdFormDialog    *self,
                                         GtkWidget       *row);
/* Adds any widget under the list. */
void          pd_form_dialog_add_widget (PdFormDialog    *self,
                                         GtkWidget       *widget);
/* Adds @secret (a one-time password, an API key), shown only now: large
 * and selectable (named "secret"), a Copy button ("secret-copy", which
 * takes the focus) and @warning under it. */
void          pd_form_dialog_add_secret (PdFormDialog    *self,
                                         const char      *secret,
                                         const char      *warning);
/* The secret shown, NULL when none. */
const char   *pd_form_dialog_get_secret (PdFormDialog    *self);
/* Sends @method @path @body (may be NULL); on agreement calls @done and
 * closes, on refusal shows the service's message and stays open. */
void          pd_form_dialog_call       (PdFormDialog    *self,
                                         const char      *method,
                                         const char      *path,
                                         JsonNode        *body,
                                         PdFormDone       done,
                                         gpointer         data);
/* Whether the form is complete: until it is, the action button is
 * insensitive and nothing is submitted (default: ready). */
void          pd_form_dialog_set_ready  (PdFormDialog    *self,
                                         gboolean         ready);
gboolean      pd_form_dialog_get_ready  (PdFormDialog    *self);
/* As the action button does: emits ::submit unless a call is under way
 * or the form is not ready. */
void          pd_form_dialog_submit     (PdFormDialog    *self);
void          pd_form_dialog_set_error  (PdFormDialog    *self,
                                         const char      *message);
/* The refusal shown (NULL: none), whether a call is under way. */
const char   *pd_form_dialog_get_error  (PdFormDialog    *self);
gboolean      pd_form_dialog_get_busy   (PdFormDialog    *self);
PdServiceClient *pd_form_dialog_get_client (PdFormDialog *self);

G_END_DECLS
