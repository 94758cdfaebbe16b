/* pd-daemon.h: portdeskd's lifetime: engine, server, timers, shutdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_TYPE_DAEMON (pd_daemon_get_type ())
G_DECLARE_FINAL_TYPE (PdDaemon, pd_daemon, PD, DAEMON, GObject)

typedef struct {
  const char *data_dir;
  const char *config_path;
  const char *socket_path;
  const char *listen;        /* NULL: no public listener */
  gboolean    test_clock;
  gboolean    demo;
  gboolean    demo_holdings;   /* with demo: TSA holdings too (a few seconds of face analysis) */
} PdDaemonOptions;

PdDaemon *pd_daemon_new   (void);
gboolean  pd_daemon_setup (PdDaemon               *self,
                           const PdDaemonOptions  *options,
                           GError                **error);
int       pd_daemon_run   (PdDaemon               *self);
void      pd_daemon_stop  (PdDaemon               *self);

G_END_DECLS
