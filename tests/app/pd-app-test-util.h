/* pd-app-test-util.h: waiting helpers and side calls for the app tests
 * (the portdeskd they drive comes from tests/pd-test-daemon.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-test-daemon.h"

G_BEGIN_DECLS

#define DEMO_PASSWORD PD_TEST_DEMO_PASSWORD

/* Runs the default main context until @cond (evaluated by @check) holds or
 * @timeout_ms pass; returns whether it held. */
typedef gboolean (*TestCondition) (gpointer data);
gboolean    test_wait_until       (TestCondition check,
                                   gpointer      data,
                                   guint         timeout_ms);
/* test_wait_until, failing the test (naming the condition) on time-out. */
#define TEST_WAIT(cond, data, timeout_ms) \
  G_STMT_START { \
    if (!test_wait_until (cond, (gpointer) (data), (timeout_ms))) \
      { \
        g_test_message ("timed out waiting for %s (%s)", #cond, #data); \
        g_assert_not_reached (); \
      } \
  } G_STMT_END
void        test_spin             (guint         ms);

/* A blocking session for checks from the side (auditor, approvers). */
JsonNode   *test_call_as          (const char *socket_path,
                                   const char *username,
                                   const char *method,
                                   const char *path,
                                   JsonNode   *body,
                                   GError    **error);

/* "YYYY-MM-DD" of @daemon's clock, @days on (UTC, as the service counts days). */
char       *test_service_date     (PdTestDaemon *daemon,
                                   int           days);

G_END_DECLS
