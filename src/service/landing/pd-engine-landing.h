/* pd-engine-landing.h: landing rights (engine side)
 *
 * Air operators (API key kind air_operator, scope "landing") keep their
 * contacts and submit, amend and withdraw requests; the officers of the
 * port (port_director, cbp_officer) see the port's requests, research
 * them and recommend; the port director or a designee the director names
 * decides.  Requests are kept 365 days (the one sweeper).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-engine.h"
#include "pd-inspection.h"
#include "pd-retention.h"

G_BEGIN_DECLS

/* airlines a request may name (admins register them; everyone may list) */
GPtrArray  *pd_engine_landing_airlines      (PdEngine    *self,
                                             PdCaller    *caller,
                                             GError     **error);
gboolean    pd_engine_landing_airline_add   (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *name,
                                             const char  *iata,
                                             const char  *icao,
                                             GError     **error);

/* an air operator's contacts: {company, station_manager, ground_handler} */
GPtrArray  *pd_engine_landing_profile       (PdEngine    *self,
                                             PdCaller    *caller,
                                             GError     **error);
GPtrArray  *pd_engine_landing_profile_set   (PdEngine    *self,
                                             PdCaller    *caller,
                                             JsonObject  *body,
                                             GError     **error);

/* requests: the request as its reader may see it (flights, history, chat) */
JsonObject *pd_engine_landing_submit        (PdEngine    *self,
                                             PdCaller    *caller,
                                             JsonObject  *body,
                                             GError     **error);
JsonObject *pd_engine_landing_amend         (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             JsonObject  *body,
                                             GError     **error);
JsonObject *pd_engine_landing_withdraw      (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             const char  *reason,
                                             GError     **error);
JsonObject *pd_engine_landing_get           (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             GError     **error);
/* The port's requests (officers) or the operator's own, newest first. */
GPtrArray  *pd_engine_landing_list          (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *status,   /* NULL: all */
                                             guint        limit,
                                             guint        offset,
                                             gint64      *out_total,
                                             GError     **error);
PdChatMessage *pd_engine_landing_chat_post  (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             const char  *body,
                                             GError     **error);
gboolean    pd_engine_landing_chat_read     (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             gint64       last_id,
                                             GError     **error);

/* review (officers of the port) */
JsonObject *pd_engine_landing_research      (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             GError     **error);
JsonObject *pd_engine_landing_recommend     (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             const char  *recommendation,   /* approve, approve_with_conditions, deny */
                                             const char  *reason,
                                             GError     **error);
JsonObject *pd_engine_landing_decide        (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *ref,
                                             const char  *decision,         /* approve, approve_with_conditions, deny */
                                             const char  *reason,
                                             const char  *conditions,
                                             GError     **error);
/* Approved flights arriving on @days days from @from (YYYY-MM-DD, UTC). */
GPtrArray  *pd_engine_landing_schedule      (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *from,
                                             guint        days,
                                             GError     **error);

/* designees (the port director) */
GPtrArray  *pd_engine_landing_designees     (PdEngine    *self,
                                             PdCaller    *caller,
                                             GError     **error);
gboolean    pd_engine_landing_designee_set  (PdEngine    *self,
                                             PdCaller    *caller,
                                             const char  *username,
                                             gboolean     named,
                                             GError     **error);

/* portdeskd --demo: airlines, an air operator with its contacts and
 * requests at LAX, some decided (on a database without requests). */
gboolean    pd_engine_landing_demo          (PdEngine    *self,
                                             GError     **error);

const PdRetentionPolicy *pd_engine_landing_retention (guint *n);

G_END_DECLS
