/* pd-redress-dialog.h: the redress paths an officer hands a traveller
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

/* Loads the service's redress text (GET /v1/redress) and shows it over
 * @parent's window, with Print. */
void      pd_redress_dialog_present   (GtkWidget        *parent,
                                       PdServiceClient  *client);
/* The dialog @parent's window shows, if any (tests). */
AdwMessageDialog *pd_redress_dialog_get (GtkWidget     *parent);
/* The text @dialog shows once loaded (NULL before). */
const char *pd_redress_dialog_get_text (AdwMessageDialog *dialog);
/* Prints @text: with @pdf_path, straight to that PDF file (no dialog);
 * else through the print dialog over @parent. */
gboolean  pd_redress_print            (GtkWindow        *parent,
                                       const char       *text,
                                       const char       *pdf_path,
                                       GError          **error);
/* A button ("Redress Information") that presents the dialog. */
GtkWidget *pd_redress_button_new      (PdServiceClient  *client);

G_END_DECLS
