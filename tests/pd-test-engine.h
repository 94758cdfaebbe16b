/* pd-test-engine.h: a PdEngine in this process, for testing rules without HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-models.h"

G_BEGIN_DECLS

typedef struct {
  char     *dir;      /* temporary, removed on free */
  PdEngine *engine;   /* bootstrapped, demo accounts, test clock */
} PdTestEngine;

PdTestEngine *pd_test_engine_new     (const char   *config_text);   /* NULL: defaults */
void          pd_test_engine_free    (PdTestEngine *e);
/* A signed-in officer (demo password) who has accepted the rules. */
PdCaller     *pd_test_engine_officer (PdTestEngine *e,
                                      const char   *username);
/* A public principal with a new API key of @kind for @port. */
PdCaller     *pd_test_engine_apikey  (PdTestEngine *e,
                                      PdPrincipalKind kind,
                                      const char   *port,
                                      const char   *scopes);
void          pd_test_engine_advance (PdTestEngine *e,
                                      gint64        seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestEngine, pd_test_engine_free)

G_END_DECLS
