/* pd-face-image.c: image decoding (gdk-pixbuf) and raw RGB frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-image"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

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
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new_from_file (path, &local);

  if (pb == NULL) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "cannot read image %s: %s",
                 path, local->message);
    return NULL;
  }
  return from_pixbuf (pb, error);
}

PdFaceImage *
pd_face_image_new_from_bytes (GBytes *bytes, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pb;

  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &local) ||
      !gdk_pixbuf_loader_close (loader, &local)) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "cannot decode image: %s",
                 local->message);
    return NULL;
  }
  pb = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pb == NULL) {
    g_set_error (error, PD_FACE_ERROR, PD_FACE_ERROR_IMAGE, "cannot decode image");
    return NULL;
  }
  return from_pixbuf (pb, error);
}

gboolean
pd_face_image_save_png (const PdFaceImage *image, const char *path, GError **error)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new_from_data (image->rgb, GDK_COLORSPACE_RGB, FALSE, 8,
                                                      image->width, image->height,
                                                      image->width * 3, NULL, NULL);

  return gdk_pixbuf_save (pb, path, "png", error, NULL);
}
