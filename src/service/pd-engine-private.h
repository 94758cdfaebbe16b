/* pd-engine-private.h: shared internals of pd-engine*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-rate-limit.h"
#include "pd-throttle.h"

G_BEGIN_DECLS

typedef struct _PdEngineFace PdEngineFace;   /* face/pd-engine-face.c */
typedef struct _PdEngineTsa  PdEngineTsa;    /* tsa/pd-engine-tsa.c */

struct _PdEngine
{
  GObject   parent_instance;
  PdConfig *config;
  PdClock  *clock;
  PdStore  *store;
  PdAudit  *audit;
  char     *rules_text;
  char     *rules_version;
  PdRateLimit *login_failures;   /* failed sign-ins per client */
  PdThrottle  *login_throttle;   /* backoff per account name and client */
  PdRateLimit *intake_writes;    /* submissions per API key */
  PdEngineFace *face;            /* NULL until pd_engine_face_setup */
  PdEngineTsa  *tsa;             /* made when first used */
};

void      _pd_engine_face_free      (PdEngineFace *face);
void      _pd_engine_tsa_free       (PdEngineTsa  *tsa);

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
char     *_pd_engine_hash_password  (const char  *password,
                                     GError     **error);
gboolean  _pd_engine_check_password_strength (const char *password,
                                     GError     **error);

G_END_DECLS
