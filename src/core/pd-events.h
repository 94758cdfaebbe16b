/* pd-events.h: the names of the live events on /v1/events
 *
 * Each message is {"type": NAME, "port": PORT or null, "payload": {...}};
 * the service emits them, the app routes them to the views that want them.
 * A flow's events share its prefix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_EVENT_HELLO                          "hello"

#define PD_EVENT_INSPECTION_PREFIX              "inspection."
#define PD_EVENT_INSPECTION_CREATED             "inspection.created"              /* ref, status, kind, company */
#define PD_EVENT_INSPECTION_STATUS              "inspection.status"               /* ref, status, kind, from | inspector */
#define PD_EVENT_INSPECTION_RESCHEDULE_REQUESTED "inspection.reschedule_requested" /* ref, status, kind, window_start */
#define PD_EVENT_INSPECTION_AMENDED             "inspection.amended"              /* ref, status, kind, changed */
#define PD_EVENT_INSPECTION_CHAT                "inspection.chat"                 /* ref, id, side, sender, body, at */

/* alerts to officers: TVS (gates), LPR (displays) */
#define PD_EVENT_TVS_ALERT                      "tvs.alert"                       /* alert, kind, flight, terminal, gate, mode */
#define PD_EVENT_LPR_HIT                        "lpr.hit"                         /* alert, kind (hit, possible): details need the entitlement */

#define PD_EVENT_LANDING_PREFIX                 "landing."
#define PD_EVENT_LANDING_REQUEST                "landing.request"                 /* ref, status, action (submitted, amended, withdrawn, recommended: officers only, decided) */
#define PD_EVENT_LANDING_CHAT                   "landing.chat"                    /* ref, id, side, sender, body, at (as inspection.chat) */
#define PD_EVENT_BUS_PREFIX                     "bus."
#define PD_EVENT_BUS_MANIFEST                   "bus.manifest"                    /* ref, port, action (submitted, arrived) */
#define PD_EVENT_ENTITLEMENT_PREFIX             "entitlement."
#define PD_EVENT_ENTITLEMENT_CHANGED            "entitlement.changed"             /* user, kind, status */
#define PD_EVENT_AUDIT_PREFIX                   "audit."
#define PD_EVENT_AUDIT_APPENDED                 "audit.appended"                  /* seq: a new entry (auditors; not for the audit flow's own reads) */
#define PD_EVENT_FACE_PREFIX                    "face."                           /* none yet */
#define PD_EVENT_TVS_PREFIX                     "tvs."                            /* tvs.alert */
#define PD_EVENT_LPR_PREFIX                     "lpr."                            /* lpr.hit */
#define PD_EVENT_TSA_PREFIX                     "identity."                       /* none: a check is one officer's */
#define PD_EVENT_FLAG_PREFIX                    "flag."
#define PD_EVENT_FLAG_RAISED                    "flag.raised"                     /* id, rule, user: auditors and admins */
#define PD_EVENT_FLAG_CHANGED                   "flag.changed"                    /* id, state (cleared, escalated, suspended) */
#define PD_EVENT_REPORTS_PREFIX                 "report."                         /* none: reports are asked for */
#define PD_EVENT_RETENTION_PURGED               "retention.purged"                /* policy, count */

G_END_DECLS
