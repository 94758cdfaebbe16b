/* pd-engine-accounts.h: administering accounts: users, entitlements, API keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"

#include "pd-retention.h"

G_BEGIN_DECLS

/* The accounts flow's retention policies (entitlements lapse). */
const PdRetentionPolicy *pd_accounts_retention (guint *n_policies);

/* @password NULL: the service chooses a one-time password, returned once
 * in @out_one_time; the user must change it at the first sign-in. */
PdUser     *pd_engine_user_create    (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      const char  *display_name,
                                      const char  *email,
                                      PdRole       role,
                                      const char  *port,
                                      const char  *password,
                                      char       **out_one_time,
                                      GError     **error);
/* @filter may be NULL (every user). */
GPtrArray  *pd_engine_user_list      (PdEngine    *self,
                                      PdCaller    *caller,
                                      const PdUserFilter *filter,
                                      gint64       after_id,
                                      guint        limit,
                                      GError     **error);
PdUser     *pd_engine_user_get       (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      GError     **error);
PdUser     *pd_engine_user_set_role  (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      PdRole       role,
                                      const char  *port,
                                      GError     **error);
PdUser     *pd_engine_user_set_disabled (PdEngine *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      gboolean     disabled,
                                      const char  *reason,
                                      GError     **error);
/* @birth_date, @plate: NULL unchanged, "" none; @shift_*: -2 unchanged,
 * -1 none (the configured night), else a local hour. */
PdUser     *pd_engine_user_set_profile (PdEngine  *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      const char  *birth_date,
                                      const char  *plate,
                                      gint         shift_start,
                                      gint         shift_end,
                                      GError     **error);
/* A new one-time password chosen by the service (returned once in
 * @out_password, stored only as a hash, never audited): the user must
 * change it at the next sign-in; their sessions end. */
PdUser     *pd_engine_user_reset_password (PdEngine *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      char       **out_password,
                                      GError     **error);
/* @username's sessions (JsonObject: id, client, created_at, last_seen,
 * expires_at, factor, rules_accepted), never their tokens. */
/* The ports a user may be given (admins): {code, name}. */
GPtrArray  *pd_engine_list_ports     (PdEngine    *self,
                                      PdCaller    *caller,
                                      GError     **error);
GPtrArray  *pd_engine_user_sessions  (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      GError     **error);
/* Ends session @session_id of @username, or all of them (@session_id 0). */
gboolean    pd_engine_user_end_sessions (PdEngine *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      gint64       session_id,
                                      guint       *out_ended,
                                      GError     **error);

PdEntitlement *pd_engine_entitlement_request (PdEngine *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      const char  *kind,
                                      const char  *training_date,
                                      GError     **error);
PdEntitlement *pd_engine_entitlement_approve (PdEngine *self,
                                      PdCaller    *caller,
                                      gint64       id,
                                      const char  *level,
                                      GError     **error);
PdEntitlement *pd_engine_entitlement_deny (PdEngine *self,
                                      PdCaller    *caller,
                                      gint64       id,
                                      const char  *reason,
                                      GError     **error);
PdEntitlement *pd_engine_entitlement_acknowledge (PdEngine *self,
                                      PdCaller    *caller,
                                      gint64       id,
                                      GError     **error);
PdEntitlement *pd_engine_entitlement_recertify (PdEngine *self,
                                          PdCaller    *caller,
                                          gint64       id,
                                          const char  *note,
                                          GError     **error);
GPtrArray  *pd_engine_recertifications (PdEngine    *self,
                                        PdCaller    *caller,
                                        const char  *quarter,
                                        GError     **error);
GPtrArray  *pd_engine_entitlement_list (PdEngine  *self,
                                      PdCaller    *caller,
                                      GError     **error);

PdApiKey   *pd_engine_apikey_create  (PdEngine    *self,
                                      PdCaller    *caller,
                                      PdPrincipalKind kind,
                                      const char  *name,
                                      const char  *port,
                                      const char  *scopes,
                                      char       **out_secret,
                                      GError     **error);
GPtrArray  *pd_engine_apikey_list    (PdEngine    *self,
                                      PdCaller    *caller,
                                      GError     **error);
PdApiKey   *pd_engine_apikey_revoke  (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *key_id,
                                      const char  *reason,
                                      GError     **error);

G_END_DECLS
