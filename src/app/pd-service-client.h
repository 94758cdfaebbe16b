/* pd-service-client.h: the app's asynchronous client of portdeskd
 *
 * The only place the application speaks HTTP.  Every call is async; the
 * object watches the service, starts one when none answers, shows when it
 * goes away and reconnects by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-client.h"

G_BEGIN_DECLS

typedef enum {
  PD_SERVICE_STATE_CONNECTING,   /* first contact, or starting portdeskd */
  PD_SERVICE_STATE_CONNECTED,
  PD_SERVICE_STATE_LOST,         /* it answered before and stopped answering */
} PdServiceState;

#define PD_TYPE_SERVICE_STATE (pd_service_state_get_type ())
GType pd_service_state_get_type (void);

#define PD_TYPE_SERVICE_CLIENT (pd_service_client_get_type ())
G_DECLARE_FINAL_TYPE (PdServiceClient, pd_service_client, PD, SERVICE_CLIENT, GObject)

PdServiceClient *pd_service_client_new              (const char           *socket_path);
const char      *pd_service_client_get_socket_path  (PdServiceClient      *self);
PdServiceState   pd_service_client_get_state        (PdServiceClient      *self);
const char      *pd_service_client_get_token        (PdServiceClient      *self);
void             pd_service_client_set_token        (PdServiceClient      *self,
                                                     const char           *token);
gboolean         pd_service_client_get_started_daemon (PdServiceClient    *self);
void             pd_service_client_set_autostart    (PdServiceClient      *self,
                                                     gboolean              autostart);

/* Reaches the service; starts portdeskd when nothing listens on the socket
 * (and autostart is on), then waits until it answers.  Resolves to the
 * /v1/status object. */
void             pd_service_client_connect_async    (PdServiceClient      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonObject      *pd_service_client_connect_finish   (PdServiceClient      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Starts portdeskd now (the banner's button); the state follows. */
gboolean         pd_service_client_start_daemon     (PdServiceClient      *self,
                                                     GError              **error);

/* Stops a portdeskd this client started (app shutdown). */
void             pd_service_client_stop_daemon      (PdServiceClient      *self);

/* One API call.  body may be NULL.  Resolves to the answer's JSON (a null
 * node for an empty 2xx) or a PD_ERROR built from the error body;
 * PD_ERROR_UNAVAILABLE when the service cannot be reached. */
/* A blocking client on the same socket with the same session, for one
 * worker thread (a fetch, an import). */
PdClient        *pd_service_client_new_blocking     (PdServiceClient      *self);
void             pd_service_client_call_async       (PdServiceClient      *self,
                                                     const char           *method,
                                                     const char           *path,
                                                     JsonNode             *body,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
/* The same with a body of @content_type (a photo); call_finish ends it. */
void             pd_service_client_call_bytes_async (PdServiceClient      *self,
                                                     const char           *method,
                                                     const char           *path,
                                                     const char           *content_type,
                                                     GBytes               *body,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonNode        *pd_service_client_call_finish      (PdServiceClient      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Runs in a worker thread with a 2xx answer's JSON: returns what
 * pd_service_client_fetch_finish gives (NULL with @error set to fail). */
typedef gpointer (*PdServiceWorkFunc) (JsonNode      *reply,
                                       gpointer       work_data,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* GET @path like pd_service_client_call_async, but in a worker thread:
 * the request is made, the answer read and parsed and a 2xx one handed to
 * @work there (with a blocking client of the thread's own), so that a
 * large answer never holds up the main loop.  Errors, the service's state
 * and the end of the session come as from a call. */
void             pd_service_client_fetch_async      (PdServiceClient      *self,
                                                     const char           *path,
                                                     PdServiceWorkFunc     work,
                                                     gpointer              work_data,
                                                     GDestroyNotify        result_free,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gpointer         pd_service_client_fetch_finish     (PdServiceClient      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Live events over /v1/events with the current token.  Each event is
 * emitted as ::event with the type as detail. */
void             pd_service_client_start_events     (PdServiceClient      *self);
void             pd_service_client_stop_events      (PdServiceClient      *self);
gboolean         pd_service_client_get_events_connected (PdServiceClient  *self);

G_END_DECLS
