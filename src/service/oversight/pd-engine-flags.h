/* pd-engine-flags.h: misuse flags: the scanner of the audit chain, the
 * auditors' review queue, suspension requests (docs/oversight.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-engine.h"

G_BEGIN_DECLS

/* Reads the audit entries appended since the last scan (where it stopped
 * is kept in the database) and raises or extends flags; @out_raised: the
 * flags raised.  From the timer (the system) or an admin. */
gboolean    pd_engine_flags_scan     (PdEngine    *self,
                                      PdCaller    *caller,
                                      guint       *out_raised,
                                      gint64      *out_last_seq,
                                      GError     **error);
/* Flags newest first after id @before (0: the newest); @state, @rule,
 * @username NULL for any.  Auditors and admins. */
GPtrArray  *pd_engine_flag_list      (PdEngine    *self,
                                      PdCaller    *caller,
                                      const char  *state,
                                      const char  *rule,
                                      const char  *username,
                                      gint64       before,
                                      guint        limit,
                                      GError     **error);
/* Flag @id with "entries": the audit entries behind it. */
JsonObject *pd_engine_flag_get       (PdEngine    *self,
                                      PdCaller    *caller,
                                      gint64       id,
                                      GPtrArray  **out_entries,
                                      GError     **error);
/* An auditor clears an open flag, or an admin declines an escalated one,
 * with @reason. */
JsonObject *pd_engine_flag_clear     (PdEngine    *self,
                                      PdCaller    *caller,
                                      gint64       id,
                                      const char  *reason,
                                      GError     **error);
/* An auditor asks an admin to suspend the flag's user, with @reason. */
JsonObject *pd_engine_flag_escalate  (PdEngine    *self,
                                      PdCaller    *caller,
                                      gint64       id,
                                      const char  *reason,
                                      GError     **error);
/* An admin suspends the user of escalated flag @id with @reason (the
 * account's disable, with its reason); the user's escalated flags become
 * suspended. */
JsonObject *pd_engine_flag_suspend   (PdEngine    *self,
                                      PdCaller    *caller,
                                      gint64       id,
                                      const char  *reason,
                                      GError     **error);

G_END_DECLS
