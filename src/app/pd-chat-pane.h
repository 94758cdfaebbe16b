/* pd-chat-pane.h: the chat on a request with the party outside the
 * agency (the requester of an inspection, the air operator of a
 * landing-rights request)
 *
 * One chat UI for every request that has one: given the client and the
 * request's path ("/v1/inspections/REF", "/v1/landing/requests/REF"), it
 * shows the "chat" array of the request's JSON, posts to PATH/chat, tells
 * the service what was read through PATH/read (only while it is on
 * screen), and appends the messages the event stream brings live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

#define PD_TYPE_CHAT_PANE (pd_chat_pane_get_type ())
G_DECLARE_FINAL_TYPE (PdChatPane, pd_chat_pane, PD, CHAT_PANE, AdwBin)

GtkWidget  *pd_chat_pane_new           (void);
/* Live messages come as @event_type events (PD_EVENT_INSPECTION_CHAT,
 * PD_EVENT_LANDING_CHAT) whose "ref" is the shown request's. */
void        pd_chat_pane_set_client    (PdChatPane      *self,
                                        PdServiceClient *client,
                                        const char      *event_type);
/* Shows the chat of request @ref, whose path is @base/REF (empty until
 * pd_chat_pane_show_chat), or nothing for a NULL @ref. */
void        pd_chat_pane_set_request   (PdChatPane      *self,
                                        const char      *base,
                                        const char      *ref);
const char *pd_chat_pane_get_ref       (PdChatPane      *self);
/* Adds the messages of the request's "chat" array not shown yet. */
void        pd_chat_pane_show_chat     (PdChatPane      *self,
                                        JsonArray       *chat);
/* Sends @text (trimmed; nothing when empty); ::answered tells the outcome. */
void        pd_chat_pane_send          (PdChatPane      *self,
                                        const char      *text);
void        pd_chat_pane_focus         (PdChatPane      *self);

gboolean    pd_chat_pane_get_busy      (PdChatPane      *self);
guint       pd_chat_pane_get_n_messages (PdChatPane     *self);
/* "side: body" of message @i as shown */
char       *pd_chat_pane_dup_message   (PdChatPane      *self,
                                        guint            i);

G_END_DECLS
