/* pd-identity-view.h: the TSA supervisor's Identity Check
 *
 * A live picture (a camera or a test pattern through GStreamer, or an
 * image file), a face box and the quality hints from the tiny detector on
 * the preview frames, Capture (Space): the still goes to portdeskd's check
 * and the result card shows the record found (with its matched photograph
 * and the protected-class banner first), no match, or why the photo cannot
 * be used.  On no match: the biographic or A-number search and a 1:1 of
 * the same still against the chosen record (green check or red X).  The
 * traveller may decline the photo (the search alone).  Escape starts a new
 * check; the still is wiped then.  Nothing of a capture is written to disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

#define PD_TYPE_IDENTITY_VIEW (pd_identity_view_get_type ())
G_DECLARE_FINAL_TYPE (PdIdentityView, pd_identity_view, PD, IDENTITY_VIEW, AdwBin)

GtkWidget  *pd_identity_view_new          (PdServiceClient *client);

/* The picture source new views start with: "camera", "test" (a test
 * pattern) or "file:PATH" (--camera-source). */
void        pd_identity_view_set_default_source (const char *source);

/* Shows @source ("camera", "test", "file:PATH") from now on. */
void        pd_identity_view_set_source   (PdIdentityView  *self,
                                           const char      *source);
/* What the result card shows: "idle", "busy", "match", "no-match",
 * "not-usable", "declined", "verified", "not-verified", "error" (tests). */
const char *pd_identity_view_get_state    (PdIdentityView  *self);
/* Capture and check the frame shown now (Space). */
void        pd_identity_view_capture      (PdIdentityView  *self);
/* The fallback search with what the form holds, and the 1:1 of the still
 * against result @index of that search. */
void        pd_identity_view_search       (PdIdentityView  *self,
                                           const char      *last_name,
                                           const char      *first_name,
                                           const char      *birth_date,
                                           const char      *a_number);
guint       pd_identity_view_get_n_results (PdIdentityView *self);
void        pd_identity_view_verify       (PdIdentityView  *self,
                                           guint            index);
void        pd_identity_view_decline      (PdIdentityView  *self);
void        pd_identity_view_new_check    (PdIdentityView  *self);
/* The record shown on the card (its id), the hints of the last capture. */
const char *pd_identity_view_get_record   (PdIdentityView  *self);
const char *pd_identity_view_get_message  (PdIdentityView  *self);

G_END_DECLS
