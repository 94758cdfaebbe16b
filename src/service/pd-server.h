/* pd-server.h: the HTTP/WebSocket front of portdeskd (libsoup 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-engine.h"

G_BEGIN_DECLS

#define PD_TYPE_SERVER (pd_server_get_type ())
G_DECLARE_FINAL_TYPE (PdServer, pd_server, PD, SERVER, GObject)

PdServer *pd_server_new          (PdEngine    *engine);
gboolean  pd_server_listen_unix  (PdServer    *self,
                                  const char  *socket_path,
                                  GError     **error);
/* The public intake listener: "127.0.0.1:8443", "[::1]:0"; port 0 picks one. */
gboolean  pd_server_listen_tcp   (PdServer    *self,
                                  const char  *address,
                                  guint       *out_port,
                                  GError     **error);
void      pd_server_shutdown     (PdServer    *self);
guint     pd_server_get_n_subscribers (PdServer *self);

G_END_DECLS
