/* pd-engine-private.h: shared internals of pd-engine*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-rate-limit.h"
#include "pd-throttle.h"

G_BEGIN_DECLS

/* the demo accounts' password (portdeskd --demo; the README says it) */
#define PD_DEMO_PASSWORD "portdesk-demo-2026"

typedef struct _PdEngineFace PdEngineFace;   /* face/pd-engine-face.c */
typedef struct _PdEngineTsa  PdEngineTsa;    /* tsa/pd-engine-tsa.c */
typedef struct _PdEngineLpr  PdEngineLpr;    /* lpr/pd-engine-lpr.c */
typedef struct _PdEngineSite PdEngineSite;   /* pd-engine-site.c */

struct _PdEngine
{
  GObject   parent_instance;
  PdConfig *config;
  PdClock  *clock;
  PdStore  *store;
  PdAudit  *audit;
  char     *rules_text;
  char     *rules_version;
  char     *redress_text;        /* the redress paths officers hand travellers */
  char     *redress_version;
  guint8    totp_key[32];        /* seals two-factor secrets at rest (pd-engine-totp.c) */
  PdRateLimit *login_failures;   /* failed sign-ins per client */
  PdThrottle  *login_throttle;   /* backoff per account name and client */
  PdRateLimit *intake_writes;    /* submissions per API key */
  PdEngineFace *face;            /* NULL until pd_engine_face_setup */
  PdEngineTsa  *tsa;             /* made when first used */
  PdEngineLpr  *lpr;             /* display items by plate: made when first used, in a transaction */
  gpointer      lpr_imports;     /* analysts' staged CSV imports (lpr/pd-engine-lpr-import.c) */
  PdEngineSite *site;            /* PostgreSQL: the other daemons of the site; else NULL */
};

void      _pd_engine_face_free      (PdEngineFace *face);
void      _pd_engine_face_reload    (PdEngine     *self,
                                     const char   *gallery);
/* The site (store = postgresql): events and changes of the other daemons
 * on the same database come in through LISTEN; this daemon's events go
 * out through the site_events table and NOTIFY. */
gboolean  _pd_engine_site_setup     (PdEngine     *self,
                                     const char   *conninfo,
                                     GError      **error);
void      _pd_engine_site_free      (PdEngineSite *site);
void      _pd_engine_emit_audit_appended (PdEngine *self,
                                          gint64    seq);
/* Emits ::event here only (an event of another daemon of the site). */
void      _pd_engine_emit_local     (PdEngine     *self,
                                     const char   *type,
                                     const char   *port,
                                     guint         roles,
                                     const char   *principal,
                                     JsonNode     *payload);
/* In @tx: the site's other daemons hear of the new entry at COMMIT. */
void      _pd_engine_site_audit_appended (PdEngine  *self,
                                          PdStoreTx *tx,
                                          gint64     seq);
void      _pd_engine_site_publish   (PdEngine     *self,
                                     const char   *type,
                                     const char   *port,
                                     guint         roles,
                                     const char   *principal,
                                     JsonNode     *payload);
void      _pd_engine_tsa_free       (PdEngineTsa  *tsa);
void      _pd_engine_lpr_free       (PdEngineLpr  *lpr);
void      _pd_engine_lpr_imports_free (gpointer    imports);

/* Builds a JSON object (or its compact text) from NULL-terminated
 * name/value string pairs, skipping NULL values: the audit "params" of an
 * action, an event's payload. */
JsonNode *_pd_params_node           (const char *first_name,
                                     ...) G_GNUC_NULL_TERMINATED;
char     *_pd_params                (const char *first_name,
                                     ...) G_GNUC_NULL_TERMINATED;

gboolean  _pd_engine_audit_tx       (PdEngine    *self,
                                     PdStoreTx   *tx,
                                     PdCaller    *caller,
                                     const char  *action,
                                     const char  *object,
                                     const char  *params,
                                     const char  *outcome,
                                     GError     **error);
gboolean  _pd_engine_require_role   (PdEngine    *self,
                                     PdCaller    *caller,
                                     guint        roles,
                                     const char  *action,
                                     GError     **error);
/* demo data (pd-engine-demo.c): @username at work (see there); granted an
 * entitlement of @kind as a port does it (asked for and approved by
 * @supervisor, approved by the system owner, the access notice
 * acknowledged by the holder). */
#define PD_DEMO_CLIENT "demo"      /* the client of what the demo seeds in users' names */
PdCaller *_pd_engine_demo_caller   (PdEngine    *self,
                                     const char  *username,
                                     GError     **error);
gboolean  _pd_engine_demo_entitle  (PdEngine    *self,
                                     const char  *supervisor,
                                     const char  *username,
                                     const char  *kind,
                                     GError     **error);
/* _pd_engine_require_role, and then, for a caller whose role must hold an
 * entitlement of @kind (PdEntitlementKind.holders), a current one whose
 * access notice is acknowledged; a refusal is audited and says what is
 * missing. */
gboolean  _pd_engine_require_entitled (PdEngine  *self,
                                     PdCaller    *caller,
                                     guint        roles,
                                     const char  *kind,
                                     const char  *action,
                                     GError     **error);
/* Who calls a flow with a public side: an API key of @kind with @scope
 * (PD_SIDE_PUBLIC), or a signed-in user of @roles assigned to a port
 * (PD_SIDE_OFFICER); anyone else, or the side other than @only, is refused
 * and audited. */
typedef enum {
  PD_SIDE_ANY = -1,
  PD_SIDE_OFFICER,
  PD_SIDE_PUBLIC,
} PdSide;

gboolean  _pd_engine_identify_side  (PdEngine        *self,
                                     PdCaller        *caller,
                                     const char      *action,
                                     PdPrincipalKind  kind,
                                     const char      *scope,
                                     guint            roles,
                                     PdSide           only,
                                     PdSide          *out_side,
                                     GError         **error);
/* Begins a transaction and loads the row @ref there with @get if the
 * caller may see it: on PD_SIDE_PUBLIC its own (its API key id in the
 * row's member @owner), on PD_SIDE_OFFICER its port's (member "port");
 * others' do not exist ("No @what @ref").  *@out_tx holds the transaction. */
typedef JsonObject *(*PdStoreGetFunc) (PdStoreTx *tx, const char *ref, GError **error);

JsonObject *_pd_engine_load_visible (PdEngine        *self,
                                     PdCaller        *caller,
                                     PdSide           side,
                                     PdStoreGetFunc   get,
                                     const char      *owner,
                                     const char      *what,
                                     const char      *ref,
                                     PdStoreTx      **out_tx,
                                     GError         **error);
/* Audits, in @tx (committed, then released), an officer's request for
 * record @ref of @what at another @port: the record is not shown (it
 * "does not exist"), and the misuse flags see the attempt. */
void      _pd_engine_audit_other_port (PdEngine    *self,
                                     PdStoreTx  **tx,
                                     PdCaller    *caller,
                                     const char  *what,
                                     const char  *ref,
                                     const char  *port);
/* A calendar date (YYYY-MM-DD) from 1900 (to today when @past), else an
 * error naming @member. */
gboolean  _pd_engine_valid_date     (PdEngine    *self,
                                     const char  *member,
                                     const char  *text,
                                     gboolean     past,
                                     GError     **error);
/* The days @from to @to (YYYY-MM-DD, UTC) as [@start, @end) in unix us. */
gboolean  _pd_engine_day_range      (PdEngine    *self,
                                     const char  *from,
                                     const char  *to,
                                     gint64      *start,
                                     gint64      *end,
                                     GError     **error);
/* Sorts @times (double ms) and gives their nearest-rank p50 and p95 (-1
 * when empty). */
void      _pd_percentiles           (GArray      *times,
                                     double      *p50,
                                     double      *p95);
/* Before any password or code work, each attempt takes a place in the
 * client's budget of failures and in the account's backoff (given back on
 * success), so parallel attempts cannot slip past either; a refusal is
 * audited as "login" rate_limited and says how long to wait
 * (pd-engine-auth.c). */
gboolean  _pd_engine_throttle_take  (PdEngine    *self,
                                     PdCaller    *caller,
                                     const char  *username,
                                     const char  *client,
                                     const char  *params,
                                     guint       *out_retry_after_s,
                                     GError     **error);
void      _pd_engine_throttle_give_back (PdEngine *self,
                                     const char  *username,
                                     const char  *client);
/* two-factor sign-in (pd-engine-totp.c) */
gboolean  _pd_engine_totp_check_site (PdEngine   *self,
                                     const char  *path,
                                     GError     **error);
gboolean  _pd_engine_totp_load_key  (PdEngine    *self,
                                     const char  *path,
                                     GError     **error);
/* What @user still owes after a good password: a code when enrolled,
 * enrolment when the policy names their role. */
PdFactor  _pd_engine_factor_due     (PdEngine    *self,
                                     PdStoreTx   *tx,
                                     PdUser      *user);
/* Checks the signed-in @caller's two-factor @code or @recovery code (one
 * of them) and uses it up, each try counted by the sign-in throttle and a
 * wrong one audited as @action; the audit params ("username", "method")
 * for the caller's own entry, else NULL. */
char     *_pd_engine_totp_check     (PdEngine    *self,
                                     PdCaller    *caller,
                                     const char  *action,
                                     const char  *code,
                                     const char  *recovery,
                                     guint       *out_retry_after_s,
                                     GError     **error);
char     *_pd_engine_hash_password  (const char  *password,
                                     GError     **error);
gboolean  _pd_engine_check_password_strength (const char *password,
                                     GError     **error);

G_END_DECLS
