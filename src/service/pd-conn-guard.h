/* pd-conn-guard.h: what no client may do to portdeskd's listeners
 *
 * libsoup 3.2 (Debian 12) has no connection timeouts or caps, keeps a
 * connection open after the peer closed it while idle, and its listener
 * leaks a socket object per connection.  The guard accepts every
 * connection itself and watches it: one request per connection (so no
 * connection ever sits idle inside libsoup), a deadline for reading the
 * whole request, a timeout on any stalled read or write, a cap per listener
 * and per client, and a refusal that answers and closes without reading
 * the body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct {
  guint request_timeout_s;   /* headers and body must arrive within this */
  guint idle_timeout_s;      /* any read or write stalled this long fails */
  guint max_connections;     /* per listener (Unix socket, TCP) */
  guint max_per_client;      /* per peer: uid on the socket, address on TCP */
} PdConnLimits;

typedef struct _PdConnGuard PdConnGuard;

PdConnGuard *pd_conn_guard_new          (SoupServer         *server,
                                         const PdConnLimits *limits);
void         pd_conn_guard_free         (PdConnGuard        *self);
/* Accepts connections on @socket (bound and listening) for the server. */
gboolean     pd_conn_guard_listen       (PdConnGuard        *self,
                                         GSocket            *socket,
                                         GError            **error);
/* Stops accepting. */
void         pd_conn_guard_stop         (PdConnGuard        *self);
/* The limits in force: max_connections may be lower than asked for when
 * the process may not open that many files. */
const PdConnLimits *pd_conn_guard_get_limits (PdConnGuard *self);
/* Who is calling: "uid:1000" on the Unix socket (peer credentials),
 * "tcp:127.0.0.1" on TCP. */
char        *pd_conn_guard_client       (SoupServerMessage  *msg);
/* The request line and headers of @msg have arrived (early handler). */
void         pd_conn_guard_headers_read (PdConnGuard        *self,
                                         SoupServerMessage  *msg);
/* @msg's connection became a WebSocket, which lives long: no deadline or
 * idle timeout (it stays counted until it closes). */
void         pd_conn_guard_keep_open    (PdConnGuard        *self,
                                         SoupServerMessage  *msg);
/* Answers @msg at once with @status and @json, without reading its body,
 * then closes the connection (after a short lingering drain, so that the
 * client reads the answer rather than a reset). */
void         pd_conn_guard_refuse       (SoupServerMessage  *msg,
                                         guint               status,
                                         const char         *json);
guint        pd_conn_guard_n_open       (PdConnGuard        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdConnGuard, pd_conn_guard_free)

G_END_DECLS
