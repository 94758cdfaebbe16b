/* pd-test-events.h: a /v1/events WebSocket subscriber for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct {
  GMainLoop               *loop;
  SoupWebsocketConnection *conn;
  GPtrArray               *messages;   /* text frames, and "closed" when the server closes */
  GError                  *error;
} PdTestEvents;

/* Connects to @socket_path (Unix) or @url (TCP) with @token as the bearer
 * credential (NULL: none); returns when the handshake is done. */
void     pd_test_events_open  (PdTestEvents *ev,
                               const char   *socket_path,
                               const char   *url,
                               const char   *token);
/* Runs the main loop until @n messages have arrived or 20 s have passed. */
void     pd_test_events_wait  (PdTestEvents *ev,
                               guint         n);
/* Runs the main loop until a message contains @needle or 20 s have passed;
 * returns whether one did. */
gboolean pd_test_events_wait_for (PdTestEvents *ev,
                                  const char   *needle);
/* Whether any message so far contains @needle. */
gboolean pd_test_events_seen  (PdTestEvents *ev,
                               const char   *needle);
void     pd_test_events_clear (PdTestEvents *ev);

G_END_DECLS
