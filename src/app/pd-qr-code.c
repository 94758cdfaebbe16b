/* pd-qr-code.c: a QR code drawn with GtkSnapshot
 *
 * libqrencode makes the symbol (error correction M, byte mode); the widget
 * draws its dark modules as rectangles on white with the four-module quiet
 * zone readers need, in the colours a phone camera expects whatever the
 * theme.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-qr-code"

#include <qrencode.h>

#include "pd-qr-code.h"

#define QUIET        4      /* modules of white around the symbol */
#define MIN_MODULE   4      /* pixels per module at least */

struct _PdQrCode
{
  GtkWidget  parent_instance;
  char      *text;
  QRcode    *code;
};

G_DEFINE_FINAL_TYPE (PdQrCode, pd_qr_code, GTK_TYPE_WIDGET)

static void
pd_qr_code_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  PdQrCode *self = PD_QR_CODE (widget);
  int side = self->code != NULL ? (self->code->width + 2 * QUIET) * MIN_MODULE : 0;

  *minimum = *natural = side;
  *minimum_baseline = *natural_baseline = -1;
}

static void
pd_qr_code_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  PdQrCode *self = PD_QR_CODE (widget);
  static const GdkRGBA white = { 1, 1, 1, 1 }, black = { 0, 0, 0, 1 };
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  int n, module, side, x0, y0;

  if (self->code == NULL)
    return;
  n = self->code->width + 2 * QUIET;
  module = MAX (MIN (w, h) / n, 1);
  side = module * n;
  x0 = (w - side) / 2;
  y0 = (h - side) / 2;
  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (x0, y0, side, side));
  for (int y = 0; y < self->code->width; y++)
    for (int x = 0; x < self->code->width; x++)
      if (self->code->data[y * self->code->width + x] & 1)
        gtk_snapshot_append_color (snapshot, &black,
                                   &GRAPHENE_RECT_INIT (x0 + (x + QUIET) * module, y0 + (y + QUIET) * module,
                                                        module, module));
}

static void
pd_qr_code_finalize (GObject *object)
{
  PdQrCode *self = PD_QR_CODE (object);

  g_clear_pointer (&self->code, QRcode_free);
  g_free (self->text);
  G_OBJECT_CLASS (pd_qr_code_parent_class)->finalize (object);
}

static void
pd_qr_code_class_init (PdQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_qr_code_finalize;
  widget_class->measure = pd_qr_code_measure;
  widget_class->snapshot = pd_qr_code_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "qrcode");
}

static void
pd_qr_code_init (PdQrCode *self)
{
}

GtkWidget *
pd_qr_code_new (void)
{
  return g_object_new (PD_TYPE_QR_CODE, NULL);
}

gboolean
pd_qr_code_set_text (PdQrCode   *self,
                     const char *text)
{
  g_return_val_if_fail (PD_IS_QR_CODE (self), FALSE);

  g_clear_pointer (&self->code, QRcode_free);
  g_clear_pointer (&self->text, g_free);
  if (text != NULL)
    {
      self->code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
      if (self->code != NULL)
        self->text = g_strdup (text);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return text == NULL || self->code != NULL;
}

const char *
pd_qr_code_get_text (PdQrCode *self)
{
  g_return_val_if_fail (PD_IS_QR_CODE (self), NULL);
  return self->text;
}

guint
pd_qr_code_get_modules (PdQrCode *self)
{
  g_return_val_if_fail (PD_IS_QR_CODE (self), 0);
  return self->code != NULL ? (guint) self->code->width : 0;
}

gboolean
pd_qr_code_get_module (PdQrCode *self,
                       guint     x,
                       guint     y)
{
  g_return_val_if_fail (PD_IS_QR_CODE (self), FALSE);
  if (self->code == NULL || x >= (guint) self->code->width || y >= (guint) self->code->width)
    return FALSE;
  return self->code->data[y * self->code->width + x] & 1;
}
