/* pd-qr-code.h: a QR code of a text, drawn module by module (libqrencode)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_QR_CODE (pd_qr_code_get_type ())
G_DECLARE_FINAL_TYPE (PdQrCode, pd_qr_code, PD, QR_CODE, GtkWidget)

GtkWidget  *pd_qr_code_new          (void);
/* Encodes @text (NULL: nothing shown); FALSE when it does not fit a QR code. */
gboolean    pd_qr_code_set_text     (PdQrCode    *self,
                                     const char  *text);
const char *pd_qr_code_get_text     (PdQrCode    *self);
/* The modules per side (0 when empty). */
guint       pd_qr_code_get_modules  (PdQrCode    *self);
/* Whether the module at @x, @y is dark. */
gboolean    pd_qr_code_get_module   (PdQrCode    *self,
                                     guint        x,
                                     guint        y);

G_END_DECLS
