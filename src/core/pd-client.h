/* pd-client.h: a small blocking client of the portdeskd API (CLI and tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PD_TYPE_CLIENT (pd_client_get_type ())
G_DECLARE_FINAL_TYPE (PdClient, pd_client, PD, CLIENT, GObject)

PdClient   *pd_client_new_unix  (const char  *socket_path);
/* Appends "@name=@value&" (@value escaped) to a request path being built;
 * nothing when @value is NULL. */
void        pd_client_query_add (GString     *path,
                                 const char  *name,
                                 const char  *value);
PdClient   *pd_client_new_http  (const char  *base_url);
void        pd_client_set_token (PdClient    *self,
                                 const char  *token);
/* How long a call waits for the service (120 s unless set). */
void        pd_client_set_timeout (PdClient  *self,
                                 guint        seconds);
const char *pd_client_get_token (PdClient    *self);

/* On a 2xx answer returns its JSON (or a null node when empty); on
 * an error answer returns NULL and a PD_ERROR built from its body. */
JsonNode   *pd_client_call      (PdClient    *self,
                                 const char  *method,
                                 const char  *path,
                                 JsonNode    *body,
                                 GError     **error);
/* Like pd_client_call with a body of @content_type (a photo, a CSV file). */
JsonNode   *pd_client_call_bytes (PdClient    *self,
                                  const char  *method,
                                  const char  *path,
                                  const char  *content_type,
                                  GBytes      *body,
                                  GError     **error);
/* The JSON of a reply with HTTP @status, or NULL and a PD_ERROR built from
 * its {"error": {"code", "message"}} body: the one decoder of portdeskd's
 * answers (this client and the app's). */
JsonNode   *pd_client_decode_reply (guint        status,
                                    GBytes      *reply,
                                    GError     **error);
/* Like pd_client_call but returns the raw body (exports). */
GBytes     *pd_client_call_raw  (PdClient    *self,
                                 const char  *method,
                                 const char  *path,
                                 const char  *content_type,
                                 GBytes      *body,
                                 guint       *out_status,
                                 GError     **error);

JsonNode   *pd_client_post      (PdClient    *self,
                                 const char  *path,
                                 GError     **error,
                                 const char  *first_member,
                                 ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
