/* face-test-util.h: shared set-up of the face tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-face.h"

G_BEGIN_DECLS

/* The engine from the installed models, or NULL after g_test_skip() (or a
 * test failure when $CI is set: CI must have run .ci/fetch-weights). */
PdFaceEngine *face_test_engine (void);
/* A demo photo of the npm package (NULL after skip/fail as above). */
PdFaceImage *face_test_demo_image (const char *name);
void face_test_cleanup (void);
/* Does any file under @dir hold a piece of @needle (at least 48 bytes)?
 * Pieces of 48 bytes at 16 places along it: SQLite splits a large value
 * over overflow pages, so a stored photo is never whole in the file. */
gboolean face_test_dir_holds (const char *dir, gconstpointer needle, gsize nlen);

G_END_DECLS
