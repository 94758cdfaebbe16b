/* pd-face-image.c: image decoding (gdk-pixbuf) and raw RGB frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-image"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "pd-face-private.h"

#define MAX_SIDE 16384
#define MAX_PIXELS (100u * 1000 * 1000)

PdFaceImage *
pd_face_image_new (guint width, guint height)
{
  PdFaceImage *img;

  g_return_val_if_fail (width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE, NULL);
  img = g_new0 (PdFaceImage, 1);
  img->width = width;
  img->height = height;
  img->rgb = g_malloc0 ((gsize) width * height * 3);
  return img;
}

void
pd_face_image_free (PdFaceImage *image)
{
  if (image == NULL)
    return;
  g_free (image->rgb);
  g_free (image);
}

PdFaceImage *
pd_face_image_new_from_pixels (const guint8 *pixels, guint width, guint height, gsize stride,
                               PdFacePixelFormat format, GError **error)
{
  PdFaceImage *img;
  guint bpp;
  int r, g, b;

  switch (format) {
  case PD_FACE_PIXEL_RGB:
    bpp = 3, r = 0, g = 1, b = 2;
    break;
  case PD_FACE_PIXEL_RGBA:
    bpp = 4, r = 0, g = 1, b = 2;
    break;
  case PD_FACE_PIXEL_BGRA:
  case PD_FACE_PIXEL_BGRX:
    bpp = 4, r = 2, g = 1, b = 0;
    break;
  default:
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_INVALID, "unknown pixel format %d", format);
    return NULL;
  }
  if (pixels == NULL || width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE ||
      (guint64) width * height > MAX_PIXELS || stride < (gsize) width * bpp) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_INVALID,
                 "raw frame has an invalid size (%ux%u, stride %" G_GSIZE_FORMAT ")",
                 width, height, stride);
    return NULL;
  }
  img = pd_face_image_new (width, height);
  for (guint y = 0; y < height; y++) {
    const guint8 *s = pixels + y * stride;
    guint8 *d = img->rgb + (gsize) y * width * 3;
    if (format == PD_FACE_PIXEL_RGB) {
      memcpy (d, s, (gsize) width * 3);
      continue;
    }
    for (guint x = 0; x < width; x++) {
      d[3 * x] = s[bpp * x + r];
      d[3 * x + 1] = s[bpp * x + g];
      d[3 * x + 2] = s[bpp * x + b];
    }
  }
  return img;
}

PdFaceImage *
pd_face_image_new_from_rgb (const guint8 *rgb, guint width, guint height, gsize stride, GError **error)
{
  return pd_face_image_new_from_pixels (rgb, width, height, stride, PD_FACE_PIXEL_RGB, error);
}

static PdFaceImage *
from_pixbuf (GdkPixbuf *in, GError **error)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_apply_embedded_orientation (in);
  int w = gdk_pixbuf_get_width (pb), h = gdk_pixbuf_get_height (pb);
  int n = gdk_pixbuf_get_n_channels (pb), stride = gdk_pixbuf_get_rowstride (pb);
  const guint8 *px = gdk_pixbuf_read_pixels (pb);
  PdFaceImage *img;

  if (gdk_pixbuf_get_colorspace (pb) != GDK_COLORSPACE_RGB ||
      gdk_pixbuf_get_bits_per_sample (pb) != 8 || (n != 3 && n != 4) ||
      w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE || (guint64) w * h > MAX_PIXELS) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "unsupported image format or size (%dx%d)", w, h);
    return NULL;
  }
  img = pd_face_image_new (w, h);
  for (int y = 0; y < h; y++) {
    const guint8 *s = px + (gsize) y * stride;
    guint8 *d = img->rgb + (gsize) y * w * 3;
    if (n == 3) {
      memcpy (d, s, (gsize) w * 3);
    } else {
      for (int x = 0; x < w; x++) {
        d[3 * x] = s[4 * x];
        d[3 * x + 1] = s[4 * x + 1];
        d[3 * x + 2] = s[4 * x + 2];
      }
    }
  }
  return img;
}

PdFaceImage *
pd_face_image_new_from_file (const char *path, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &local);
  g_autoptr(GBytes) bytes = NULL;
  PdFaceImage *img;

  if (file == NULL) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "cannot read image %s: %s", path, local->message);
    return NULL;
  }
  bytes = g_mapped_file_get_bytes (file);
  img = pd_face_image_new_from_bytes (bytes, &local);
  if (img == NULL)
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "cannot read image %s: %s", path, local->message);
  return img;
}

/* Photos come from outside: only the two formats cameras and documents
 * use are decoded (no other gdk-pixbuf loader ever sees the bytes), and
 * the size the header declares is checked before any pixel is allocated. */
static const char *
sniff_format (const guint8 *data, gsize len)
{
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpeg";
  return NULL;
}

static void
on_size_prepared (GdkPixbufLoader *loader, int width, int height, gpointer data)
{
  gboolean *too_large = data;

  if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE ||
      (guint64) width * height > MAX_PIXELS) {
    *too_large = TRUE;
    gdk_pixbuf_loader_set_size (loader, 0, 0);   /* both loaders stop at a zero size */
  }
}

/* --- JPEG, with libjpeg-turbo directly ---------------------------------
 * gdk-pixbuf's incremental JPEG loader can spin for ever on a corrupt
 * progressive file (found by tests/fuzz/fuzz-image); here the decoder is
 * bounded: the declared size is checked before decoding, a file may hold
 * at most MAX_SCANS scans, and too many corrupt-data warnings stop it. */

#define MAX_SCANS    64
#define MAX_WARNINGS 100

typedef struct {
  struct jpeg_error_mgr    pub;
  struct jpeg_progress_mgr progress;
  jmp_buf                  jump;
  guint                    warnings;
  char                     message[JMSG_LENGTH_MAX];
} JpegGuard;

static void
jpeg_fail (j_common_ptr cinfo)
{
  JpegGuard *g = (JpegGuard *) cinfo->err;

  if (g->message[0] == '\0')
    cinfo->err->format_message (cinfo, g->message);
  longjmp (g->jump, 1);
}

static void
jpeg_warn (j_common_ptr cinfo, int level)
{
  JpegGuard *g = (JpegGuard *) cinfo->err;

  /* a file cut short decodes with grey where its end was: refused */
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
    g_strlcpy (g->message, "the image data ends early (the file is cut short)", sizeof g->message);
    jpeg_fail (cinfo);
  }
  if (level < 0 && ++g->warnings > MAX_WARNINGS) {
    g_strlcpy (g->message, "too much corrupt data", sizeof g->message);
    jpeg_fail (cinfo);
  }
}

static void
jpeg_progress (j_common_ptr cinfo)
{
  j_decompress_ptr d = (j_decompress_ptr) cinfo;

  if (d->input_scan_number > MAX_SCANS) {
    g_snprintf (((JpegGuard *) cinfo->err)->message, JMSG_LENGTH_MAX, "more than %d scans", MAX_SCANS);
    jpeg_fail (cinfo);
  }
}

/* The EXIF orientation (1-8) from an APP1 marker, 1 if none. */
static int
exif_orientation (j_decompress_ptr cinfo)
{
  for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next) {
    const guint8 *p = m->data;
    gsize len = m->data_length;
    gboolean le;
    guint32 ifd;
    guint n;

    if (m->marker != JPEG_APP0 + 1 || len < 14 || memcmp (p, "Exif\0\0", 6) != 0)
      continue;
    p += 6, len -= 6;
    le = p[0] == 'I';
#define RD16(q) (le ? (guint) ((q)[0] | (q)[1] << 8) : (guint) ((q)[0] << 8 | (q)[1]))
#define RD32(q) (le ? (guint32) ((q)[0] | (q)[1] << 8 | (q)[2] << 16 | (guint32) (q)[3] << 24) \
                    : (guint32) ((guint32) (q)[0] << 24 | (q)[1] << 16 | (q)[2] << 8 | (q)[3]))
    ifd = RD32 (p + 4);
    if (ifd > len - 2)
      return 1;
    n = RD16 (p + ifd);
    for (guint i = 0; i < n && ifd + 2 + 12 * (i + 1) <= len; i++) {
      const guint8 *e = p + ifd + 2 + 12 * i;

      if (RD16 (e) == 0x0112) {
        guint v = RD16 (e + 8);
        return v >= 1 && v <= 8 ? (int) v : 1;
      }
    }
#undef RD16
#undef RD32
    return 1;
  }
  return 1;
}

static PdFaceImage *
decode_jpeg (const guint8 *data, gsize len, GError **error)
{
  struct jpeg_decompress_struct cinfo;
  JpegGuard guard = { 0 };
  GdkPixbuf *volatile pb = NULL;   /* volatile: set after setjmp */
  char orientation[4];
  volatile gboolean too_large = FALSE;
  PdFaceImage *img;

  cinfo.err = jpeg_std_error (&guard.pub);
  guard.pub.error_exit = jpeg_fail;
  guard.pub.emit_message = jpeg_warn;
  jpeg_create_decompress (&cinfo);
  if (setjmp (guard.jump) != 0) {
    jpeg_destroy_decompress (&cinfo);
    if (pb != NULL)
      g_object_unref (pb);
    if (too_large)
      g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE,
                   "image too large (at most %u pixels a side and %u megapixels)", MAX_SIDE, MAX_PIXELS / 1000000);
    else
      g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "cannot decode image: %s", guard.message);
    return NULL;
  }
  guard.progress.progress_monitor = jpeg_progress;
  cinfo.progress = &guard.progress;
  jpeg_mem_src (&cinfo, data, len);
  jpeg_save_markers (&cinfo, JPEG_APP0 + 1, 0xffff);
  jpeg_read_header (&cinfo, TRUE);
  if (cinfo.image_width == 0 || cinfo.image_height == 0 || cinfo.image_width > MAX_SIDE ||
      cinfo.image_height > MAX_SIDE || (guint64) cinfo.image_width * cinfo.image_height > MAX_PIXELS) {
    too_large = TRUE;
    jpeg_fail ((j_common_ptr) &cinfo);
  }
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress (&cinfo);
  pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, cinfo.output_width, cinfo.output_height);
  if (pb == NULL) {
    g_strlcpy (guard.message, "out of memory", sizeof guard.message);
    jpeg_fail ((j_common_ptr) &cinfo);
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = gdk_pixbuf_get_pixels (pb) + (gsize) cinfo.output_scanline * gdk_pixbuf_get_rowstride (pb);
    jpeg_read_scanlines (&cinfo, &row, 1);
  }
  g_snprintf (orientation, sizeof orientation, "%d", exif_orientation (&cinfo));
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  gdk_pixbuf_set_option (pb, "orientation", orientation);
  img = from_pixbuf (pb, error);
  g_object_unref (pb);
  return img;
}

PdFaceImage *
pd_face_image_new_from_bytes (GBytes *bytes, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  const char *format = data != NULL ? sniff_format (data, len) : NULL;
  gboolean too_large = FALSE, ok;
  GdkPixbuf *pb;

  if (format == NULL) {
    g_set_error_literal (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "not a JPEG or PNG image");
    return NULL;
  }
  if (strcmp (format, "jpeg") == 0)
    return decode_jpeg (data, len, error);
  loader = gdk_pixbuf_loader_new_with_type (format, &local);
  if (loader == NULL) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "cannot decode image: %s", local->message);
    return NULL;
  }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &too_large);
  ok = gdk_pixbuf_loader_write_bytes (loader, bytes, &local);
  /* close even after a failed write, or the loader complains when freed */
  ok = gdk_pixbuf_loader_close (loader, ok ? &local : NULL) && ok;
  if (too_large) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE,
                 "image too large (at most %u pixels a side and %u megapixels)", MAX_SIDE, MAX_PIXELS / 1000000);
    return NULL;
  }
  if (!ok) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "cannot decode image: %s",
                 local != NULL ? local->message : "unknown error");
    return NULL;
  }
  pb = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pb == NULL) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "cannot decode image");
    return NULL;
  }
  return from_pixbuf (pb, error);
}

PdFaceImage *
pd_face_image_cut (const PdFaceImage *image,
                   double             x,
                   double             y,
                   double             width,
                   double             height)
{
  PdIRect r = pd_clip_floor (x, y, width, height, image->width, image->height);

  return r.w > 0 && r.h > 0 ? pd_face_image_crop (image, r) : NULL;
}

GBytes *
pd_face_image_encode_jpeg (const PdFaceImage *image,
                           GError           **error)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new_from_data (image->rgb, GDK_COLORSPACE_RGB, FALSE, 8,
                                                      image->width, image->height,
                                                      image->width * 3, NULL, NULL);
  gchar *data = NULL;
  gsize len = 0;

  if (!gdk_pixbuf_save_to_buffer (pb, &data, &len, "jpeg", error, "quality", "92", NULL))
    return NULL;
  return g_bytes_new_take (data, len);
}

gboolean
pd_face_image_save_png (const PdFaceImage *image, const char *path, GError **error)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new_from_data (image->rgb, GDK_COLORSPACE_RGB, FALSE, 8,
                                                      image->width, image->height,
                                                      image->width * 3, NULL, NULL);

  return gdk_pixbuf_save (pb, path, "png", error, NULL);
}
