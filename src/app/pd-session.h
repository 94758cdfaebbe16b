/* pd-session.h: the officer's session, apart from any widget
 *
 * Connecting to portdeskd, finding a kept session in the keyring, signing
 * in, the rules of behavior, signing out, and the session's end when the
 * service no longer takes the token: a state machine the window observes
 * (notify::state) and never the other way round.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-role.h"
#include "pd-service-client.h"
#include "pd-token-store.h"

G_BEGIN_DECLS

typedef enum {
  PD_SESSION_CONNECTING,    /* reaching the service (or starting it) */
  PD_SESSION_UNREACHABLE,   /* it cannot be reached: get_connect_error says why */
  PD_SESSION_SIGNED_OUT,    /* sign in: get_notice says why, if it ended */
  PD_SESSION_CODE,          /* the password taken, a two-factor code is due */
  PD_SESSION_PASSWORD,      /* signed in with a one-time password: a new one must be chosen first */
  PD_SESSION_ENROL,         /* the password taken, the role must enrol in two-factor first */
  PD_SESSION_RULES,         /* signed in, the rules of behavior not yet accepted */
  PD_SESSION_ACTIVE,        /* signed in and the rules accepted */
} PdSessionState;

#define PD_TYPE_SESSION (pd_session_get_type ())
G_DECLARE_FINAL_TYPE (PdSession, pd_session, PD, SESSION, GObject)

/* @ephemeral: keep nothing in the keyring (--screenshot). */
PdSession      *pd_session_new                  (PdServiceClient     *client,
                                                 PdTokenStore        *tokens,
                                                 gboolean             ephemeral);
PdServiceClient *pd_session_get_client          (PdSession           *self);
PdTokenStore   *pd_session_get_tokens           (PdSession           *self);
PdSessionState  pd_session_get_state            (PdSession           *self);
/* The signed-in user ({"username", "display_name", "role", "port", ...}) or NULL. */
JsonObject     *pd_session_get_user             (PdSession           *self);
PdRole          pd_session_get_role             (PdSession           *self);
/* The user name kept with the last session, to fill in at sign-in. */
const char     *pd_session_get_last_username    (PdSession           *self);
const char     *pd_session_get_notice           (PdSession           *self);
const char     *pd_session_get_connect_error    (PdSession           *self);

/* Connects, then restores a kept session or asks to sign in. */
void            pd_session_start                (PdSession           *self);
void            pd_session_sign_in_async        (PdSession           *self,
                                                 const char          *username,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        pd_session_sign_in_finish       (PdSession           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The rules' text and version ({"version", "text"}). */
void            pd_session_load_rules_async     (PdSession           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
JsonObject     *pd_session_load_rules_finish    (PdSession           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Accepting makes the session active; declining ends it. */
void            pd_session_answer_rules_async   (PdSession           *self,
                                                 gboolean             accept,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        pd_session_answer_rules_finish  (PdSession           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void            pd_session_sign_out             (PdSession           *self);
/* The second step: a two-factor @code or recovery code; finish it with
 * pd_session_sign_in_finish. */
void            pd_session_send_code_async      (PdSession           *self,
                                                 const char          *code,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* After an administrator's reset (PD_SESSION_PASSWORD): the one-time
 * password @current replaced by @new_password; the session goes on to
 * what is due next. */
void            pd_session_change_password_async (PdSession          *self,
                                                 const char          *current,
                                                 const char          *new_password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        pd_session_change_password_finish (PdSession         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Enrolment was confirmed (and its recovery codes shown): on to the rules. */
void            pd_session_enrolled             (PdSession           *self);

G_END_DECLS
