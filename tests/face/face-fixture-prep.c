/* face-fixture-prep.c: image helper for make-fixtures.js
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   face-fixture-prep png IN OUT               decode IN (gdk-pixbuf, EXIF applied), write PNG
 *   face-fixture-prep crop IN OUT X Y W H      same, cropped
 *
 * The oracle is handed our decoded pixels as PNG, so fixtures test the
 * networks, not two different JPEG decoders.
 */
#include "config.h"

#include <stdlib.h>

#include "pd-face-private.h"

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdFaceImage) img = NULL;

  if (argc < 4) {
    g_printerr ("usage: face-fixture-prep png|crop IN OUT [X Y W H]\n");
    return 2;
  }
  img = pd_face_image_new_from_file (argv[2], &error);
  if (img == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  if (g_str_equal (argv[1], "crop") && argc == 8) {
    PdIRect r = { atoi (argv[4]), atoi (argv[5]), atoi (argv[6]), atoi (argv[7]) };
    g_autoptr(PdFaceImage) c = NULL;
    if (r.x < 0 || r.y < 0 || r.w <= 0 || r.h <= 0 || (guint) (r.x + r.w) > img->width ||
        (guint) (r.y + r.h) > img->height) {
      g_printerr ("crop outside the image\n");
      return 1;
    }
    c = pd_face_image_crop (img, r);
    g_clear_pointer (&img, pd_face_image_free);
    img = g_steal_pointer (&c);
  } else if (!g_str_equal (argv[1], "png")) {
    g_printerr ("unknown mode %s\n", argv[1]);
    return 2;
  }
  if (!pd_face_image_save_png (img, argv[3], &error)) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  return 0;
}
