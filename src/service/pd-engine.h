/* pd-engine.h: PortDesk's rules, independent of HTTP and JSON
 *
 * Every call carries the caller (a PdCaller, like fwupd's FuEngineRequest)
 * and returns a GError from the PD_ERROR domain.  Every read or change of
 * protected data is audited in the same transaction as the change.
 * All methods are thread-safe; the server runs them in worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pd-audit.h"
#include "pd-clock.h"
#include "pd-config.h"
#include "pd-models.h"
#include "pd-store.h"

G_BEGIN_DECLS

typedef enum {
  PD_CALLER_ANONYMOUS,
  PD_CALLER_SESSION,
  PD_CALLER_APIKEY,
  PD_CALLER_SYSTEM,
} PdCallerKind;

typedef struct {
  PdCallerKind kind;
  PdSession   *session;   /* PD_CALLER_SESSION */
  PdApiKey    *apikey;    /* PD_CALLER_APIKEY */
  char        *client;    /* "uid:N" on the socket, "tcp:ADDR" on TCP */
} PdCaller;

PdCaller   *pd_caller_new_anonymous (const char *client);
PdCaller   *pd_caller_new_system    (void);
void        pd_caller_free          (PdCaller   *caller);
const char *pd_caller_actor         (PdCaller   *caller);
/* A signed-in officer's port (NULL for other callers and roles without one). */
const char *pd_caller_port          (PdCaller   *caller);
/* the signed-in user's id; 0 for other callers */
gint64      pd_caller_user_id       (PdCaller   *caller);
const char *pd_caller_role_name     (PdCaller   *caller);
PdRole      pd_caller_role          (PdCaller   *caller);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCaller, pd_caller_free)

#define PD_TYPE_ENGINE (pd_engine_get_type ())
G_DECLARE_FINAL_TYPE (PdEngine, pd_engine, PD, ENGINE, GObject)

PdEngine   *pd_engine_new            (const char  *data_dir,
                                      PdConfig    *config,     /* takes ownership */
                                      PdClock     *clock,
                                      GError     **error);
PdClock    *pd_engine_get_clock      (PdEngine    *self);
PdStore    *pd_engine_get_store      (PdEngine    *self);
PdAudit    *pd_engine_get_audit      (PdEngine    *self);
const PdConfig *pd_engine_get_config (PdEngine    *self);
gint64      pd_engine_now            (PdEngine    *self);

/* Releases the committed transaction @committed (no one may hear of a
 * change while the store is still locked), then emits PdEngine::event
 * (type, port or NULL, role mask, API key id of the public principal
 * concerned or NULL, payload object) from the thread that made it. */
void        pd_engine_emit_event     (PdEngine    *self,
                                      PdStoreTx  **committed,   /* released first */
                                      const char  *type,        /* PD_EVENT_* */
                                      const char  *port,
                                      guint        roles,
                                      const char  *principal,   /* API key id or NULL */
                                      JsonNode    *payload);    /* an object; takes */

/* Appends an audit entry in its own transaction (denied calls, reads). */
gboolean    pd_engine_audit          (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *action,
                                      const char  *object,
                                      const char  *params,
                                      const char  *outcome,
                                      GError     **error);
/* Signs the chain head (on shutdown). */
gboolean    pd_engine_checkpoint     (PdEngine    *self,
                                      GError     **error);

/* authentication, sessions, rules of behavior (pd-engine-auth.c) */
PdCaller   *pd_engine_authenticate   (PdEngine    *self,
                                      const char  *token,
                                      const char  *client,
                                      GError     **error);
PdSession  *pd_engine_login          (PdEngine    *self,
                                      const char  *username,
                                      const char  *password,
                                      const char  *client,
                                      char       **out_token,
                                      guint       *out_retry_after_s,
                                      GError     **error);
/* Whether an API key may submit now (intake_rate_per_minute); officers
 * always may.  Refusals say how long to wait. */
gboolean    pd_engine_intake_allow   (PdEngine    *self,
                                      PdCaller    *caller,
                                      guint       *out_retry_after_s,
                                      GError     **error);
/* Sign-in throttles (admins): PdThrottleEntry*, and clearing them by
 * account name and/or client (NULL: any). */
GPtrArray  *pd_engine_list_throttles (PdEngine    *self,
                                      PdCaller    *caller,
                                      GError     **error);
gboolean    pd_engine_clear_throttles (PdEngine   *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      const char  *client,
                                      guint       *out_cleared,
                                      GError     **error);
gboolean    pd_engine_logout         (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *reason,
                                      GError     **error);
const char *pd_engine_rules_text     (PdEngine    *self);
const char *pd_engine_rules_version  (PdEngine    *self);
gboolean    pd_engine_rules_answer   (PdEngine    *self,
                                      PdCaller    *caller,
                                      gboolean     accept,
                                      GError     **error);
gint64      pd_engine_session_expires (PdEngine   *self,
                                      PdSession   *session);

/* two-factor sign-in (pd-engine-totp.c; the second step in pd-engine-auth.c) */
#define PD_TOTP_RECOVERY_CODES 10
#define PD_FACTOR_CODE_WAIT_US (5 * 60 * G_USEC_PER_SEC)   /* a password's session waits this long for its code */

typedef struct {
  gboolean enrolled;          /* active */
  gboolean pending;           /* enrolment started, not confirmed */
  gboolean required;          /* the policy names the user's role */
  guint    recovery_left;
  gint64   activated_at;
} PdTotpStatus;

/* The second step of a sign-in: a two-factor @code or a @recovery code
 * (one of them); wrong ones count toward the sign-in throttle. */
gboolean    pd_engine_login_code     (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *code,
                                      const char  *recovery,
                                      guint       *out_retry_after_s,
                                      GError     **error);
gboolean    pd_engine_totp_status    (PdEngine    *self,
                                      PdCaller    *caller,
                                      PdTotpStatus *out,
                                      GError     **error);
/* A new secret (base32) and its otpauth:// URI, active once confirmed. */
gboolean    pd_engine_totp_enroll    (PdEngine    *self,
                                      PdCaller    *caller,
                                      char       **out_secret,
                                      char       **out_uri,
                                      GError     **error);
/* Activates the pending secret with a current @code; the recovery codes,
 * shown this once. */
GStrv       pd_engine_totp_confirm   (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *code,
                                      GError     **error);
/* Turns two-factor off for the caller, with a current code or a recovery
 * code; wrong ones count toward the sign-in throttle (a session taken over
 * cannot try codes at will). */
gboolean    pd_engine_totp_disable   (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *code,
                                      const char  *recovery,
                                      guint       *out_retry_after_s,
                                      GError     **error);
/* An administrator removes @username's two-factor secret (a lost device):
 * they enrol again at their next sign-in. */
gboolean    pd_engine_totp_reset     (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *username,
                                      GError     **error);
const char *pd_engine_redress_text   (PdEngine    *self);
const char *pd_engine_redress_version (PdEngine   *self);
gboolean    pd_engine_change_password (PdEngine   *self,
                                      PdCaller    *caller,
                                      const char  *old_password,
                                      const char  *new_password,
                                      GError     **error);
/* Whether the signed-in caller holds an active entitlement of @kind (and
 * has acknowledged its access notice). */
gboolean    pd_engine_has_entitlement (PdEngine   *self,
                                      PdCaller    *caller,
                                      const char  *kind);
/* The caller's active entitlement of @kind, or NULL. */
PdEntitlement *pd_engine_current_entitlement (PdEngine *self,
                                      PdCaller    *caller,
                                      const char  *kind);

/* demo data (pd-engine-demo.c) */
gboolean    pd_engine_demo_seed      (PdEngine    *self,
                                      PdCaller    *caller,
                                      GError     **error);
gboolean    pd_engine_demo_requests  (PdEngine    *self,
                                      PdCaller    *caller,
                                      guint        n,
                                      GError     **error);
/* portdeskd --demo: the demo accounts, and on a fresh database @n_requests
 * demo requests and (@with_holdings) the TSA demo holdings. */
gboolean    pd_engine_demo_setup     (PdEngine    *self,
                                      guint        n_requests,
                                      gboolean     with_holdings,
                                      GError     **error);
gboolean    pd_engine_bootstrap      (PdEngine    *self,
                                      const char  *data_dir,
                                      GError     **error);

G_END_DECLS
