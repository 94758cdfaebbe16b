/* tsa-test-util.h: holdings for the TSA tests (service and app)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-client.h"
#include "pd-face.h"

G_BEGIN_DECLS

typedef struct {
  char     *record;
  char     *last_name, *first_name, *birth_date, *a_number;
  char     *citizenship, *document;   /* the first travel document, NUMBER/CTY */
  gboolean  lawful_entry;
  GBytes   *jpeg;          /* the enrollment photo as stored */
  GBytes   *capture;       /* another picture of the face: 4 pixels less at each border, PNG */
  char     *capture_path;  /* that PNG, on disk */
  gboolean  removed;
} TsaHolding;

/* @img as PNG bytes (written as @name under @dir). */
GBytes     *tsa_test_png       (const PdFaceImage *img,
                                const char        *dir,
                                const char        *name);
/* Every record with a photo (TsaHolding), its photo read back over the
 * API, its capture written under @dir. */
GPtrArray  *tsa_test_holdings  (PdClient          *admin,
                                const char        *dir);
/* A stranger: records removed one by one until a check of the removed
 * one's capture finds nobody (the demo pictures show some people twice);
 * the check's number in @check.  Asserts that a no match has no record. */
TsaHolding *tsa_test_stranger  (PdClient          *admin,
                                PdClient          *tsa,
                                GPtrArray         *holdings,
                                gint64            *check);

G_END_DECLS
