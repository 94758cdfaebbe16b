/* pd-app-test-util.h: a real portdeskd for the app tests, and waiting helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DEMO_PASSWORD "portdesk-demo-2026"

typedef struct {
  char        *dir;        /* temp dir: data/, sock */
  char        *data_dir;
  char        *socket_path;
  GSubprocess *proc;
} TestDaemon;

TestDaemon *test_daemon_new       (void);
void        test_daemon_start     (TestDaemon *d);
void        test_daemon_stop      (TestDaemon *d);
gboolean    test_daemon_answers   (const char *socket_path);
void        test_daemon_free      (TestDaemon *d);

/* Runs the default main context until @cond (evaluated by @check) holds or
 * @timeout_ms pass; returns whether it held. */
typedef gboolean (*TestCondition) (gpointer data);
gboolean    test_wait_until       (TestCondition check,
                                   gpointer      data,
                                   guint         timeout_ms);
void        test_spin             (guint         ms);

/* A blocking session for checks from the side (auditor, approvers). */
JsonNode   *test_call_as          (const char *socket_path,
                                   const char *username,
                                   const char *method,
                                   const char *path,
                                   JsonNode   *body,
                                   GError    **error);

G_END_DECLS
