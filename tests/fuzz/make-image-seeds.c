/* make-image-seeds.c: the image fuzz target's seeds, made at build time
 *
 * Small synthetic pictures (no photos are kept in the project): PNG and
 * JPEG, colour, grey and with alpha, an EXIF-less rotation case, a cut-off
 * file, a PNG whose header declares 50,000 x 50,000 pixels, and what the
 * fuzzer found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

static GdkPixbuf *
pattern (int      w,
         int      h,
         gboolean alpha)
{
  GdkPixbuf *pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, w, h);
  int n = gdk_pixbuf_get_n_channels (pb), stride = gdk_pixbuf_get_rowstride (pb);
  guint8 *px = gdk_pixbuf_get_pixels (pb);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *p = px + y * stride + x * n;
        p[0] = (guint8) (x * 255 / MAX (w - 1, 1));
        p[1] = (guint8) (y * 255 / MAX (h - 1, 1));
        p[2] = (guint8) ((x ^ y) * 16);
        if (alpha)
          p[3] = (guint8) (255 - x);
      }
  return pb;
}

static void
save (GdkPixbuf  *pb,
      const char *dir,
      const char *name,
      const char *type)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!gdk_pixbuf_save (pb, path, type, &error, NULL))
    g_error ("%s: %s", path, error->message);
}

static guint32
crc (const guint8 *buf,
     gsize         len)
{
  guint32 c = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    {
      c ^= buf[i];
      for (int k = 0; k < 8; k++)
        c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
  return ~c;
}

static void
put32 (guint8 *p,
       guint32 v)
{
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

/* Found by fuzz-image: gdk-pixbuf's incremental loader never returned on it. */
static const guint8 progressive_hang[] = {
    0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x08, 0x06, 0x07, 0x00, 0xfe, 0x00, 0x00, 0x0b, 0x0b, 0x25,
    0x01, 0x0c, 0x19, 0x12, 0x13, 0x0f, 0x14, 0x1d, 0x1a, 0x1f, 0x1e, 0x1d, 0x1a, 0x1c, 0x12, 0x12, 0x32,
    0x32, 0x32, 0x32, 0x32, 0x7a, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x31, 0x2e, 0x31, 0x31, 0x31, 0x31,
    0x31, 0x31, 0x31, 0x31, 0x31, 0x28, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x2b, 0x32, 0x32, 0x32, 0x32,
    0x32, 0x32, 0x32, 0xff, 0xc9, 0x00, 0x11, 0x08, 0x00, 0x1a, 0x00, 0x28, 0x03, 0x01, 0x22, 0x00, 0x02,
    0x11, 0x00, 0x03, 0x11, 0x00, 0xea, 0xe9, 0x01, 0x7d, 0x30, 0x01, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01,
    0x00, 0x02, 0x11, 0x03, 0x11, 0x49, 0xff, 0xd9
};

int
main (int   argc,
      char *argv[])
{
  const char *dir;
  g_autoptr(GdkPixbuf) small = NULL;
  g_autoptr(GdkPixbuf) alpha = NULL;
  g_autoptr(GdkPixbuf) wide = NULL;
  g_autoptr(GdkPixbuf) grey = NULL;

  if (argc != 2)
    return 2;
  dir = argv[1];
  g_mkdir_with_parents (dir, 0755);
  small = pattern (16, 16, FALSE);
  alpha = pattern (12, 9, TRUE);
  wide = pattern (40, 3, FALSE);
  grey = gdk_pixbuf_copy (small);
  gdk_pixbuf_saturate_and_pixelate (small, grey, 0.0, FALSE);
  save (small, dir, "small.png", "png");
  save (alpha, dir, "alpha.png", "png");
  save (small, dir, "small.jpg", "jpeg");
  save (wide, dir, "wide.jpg", "jpeg");
  save (grey, dir, "grey.jpg", "jpeg");
  {
    g_autofree char *path = g_build_filename (dir, "small.jpg", NULL);
    g_autofree char *cut = g_build_filename (dir, "cut.jpg", NULL);
    g_autofree char *data = NULL;
    gsize len;

    if (!g_file_get_contents (path, &data, &len, NULL) || !g_file_set_contents (cut, data, len / 2, NULL))
      return 1;
  }
  {
    /* signature, IHDR declaring 50000 x 50000 RGB, no pixel data */
    guint8 png[8 + 25] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    guint8 *ihdr = png + 8;
    g_autofree char *path = g_build_filename (dir, "huge-header.png", NULL);

    put32 (ihdr, 13);
    memcpy (ihdr + 4, "IHDR", 4);
    put32 (ihdr + 8, 50000);
    put32 (ihdr + 12, 50000);
    ihdr[16] = 8; ihdr[17] = 2; ihdr[18] = 0; ihdr[19] = 0; ihdr[20] = 0;
    put32 (ihdr + 21, crc (ihdr + 4, 17));
    if (!g_file_set_contents (path, (const char *) png, sizeof png, NULL))
      return 1;
  }
  {
    g_autofree char *path = g_build_filename (dir, "progressive-hang.jpg", NULL);

    if (!g_file_set_contents (path, (const char *) progressive_hang, sizeof progressive_hang, NULL))
      return 1;
  }
  return 0;
}
