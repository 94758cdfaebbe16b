/* pd-api-chat.h: the routes of the request chat, for every flow whose
 * requests have it (inspections, landing-rights requests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-api.h"
#include "pd-inspection.h"

G_BEGIN_DECLS

/* The engine's calls for the request {ref} of the route. */
typedef PdChatMessage *(*PdChatPostFunc) (PdEngine *engine, PdCaller *caller, const char *ref, const char *body,
                                          GError **error);
typedef gboolean       (*PdChatReadFunc) (PdEngine *engine, PdCaller *caller, const char *ref, gint64 last_id,
                                          GError **error);

/* POST .../{ref}/chat {"body": TEXT}: 201 with the message. */
void pd_api_chat_post (PdCall         *call,
                       PdChatPostFunc  post);
/* POST .../{ref}/read {"last_id": N}. */
void pd_api_chat_read (PdCall         *call,
                       PdChatReadFunc  mark_read);

G_END_DECLS
