/* face-test-util.c: shared set-up of the face tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "face-test-util.h"

static void
missing (const char *what)
{
  if (g_getenv ("CI") != NULL) {
    g_test_message ("%s (CI must run .ci/fetch-weights before the tests)", what);
    g_test_fail ();
  } else {
    g_test_skip (what);
  }
}

static PdFaceEngine *engine;
static gboolean tried;

void
face_test_cleanup (void)
{
  g_clear_pointer (&engine, pd_face_engine_unref);
}

PdFaceEngine *
face_test_engine (void)
{
  g_autoptr(GError) error = NULL;

  if (!tried) {
    tried = TRUE;
    engine = pd_face_engine_new (NULL, &error);
    if (engine == NULL)
      g_test_message ("face engine: %s", error->message);
  }
  if (engine == NULL)
    missing ("face models not installed (run .ci/fetch-weights)");
  return engine;
}

PdFaceImage *
face_test_demo_image (const char *name)
{
  g_autofree char *dir = pd_face_default_demo_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  PdFaceImage *img = pd_face_image_new_from_file (path, &error);

  if (img == NULL) {
    g_test_message ("%s", error->message);
    missing ("demo photos of the npm package not found (run .ci/fetch-weights or set PORTDESK_FACE_DEMO_DIR)");
  }
  return img;
}
