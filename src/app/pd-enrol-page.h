/* pd-enrol-page.h: setting up two-factor sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"

G_BEGIN_DECLS

#define PD_TYPE_ENROL_PAGE (pd_enrol_page_get_type ())
G_DECLARE_FINAL_TYPE (PdEnrolPage, pd_enrol_page, PD, ENROL_PAGE, AdwBin)

GtkWidget  *pd_enrol_page_new              (void);
/* Asks the service for a new secret and shows it (QR code and text). */
void        pd_enrol_page_start            (PdEnrolPage     *self,
                                            PdServiceClient *client);
void        pd_enrol_page_clear            (PdEnrolPage     *self);
/* For tests and screenshots. */
const char *pd_enrol_page_get_secret       (PdEnrolPage     *self);
GtkWidget  *pd_enrol_page_get_qr_code      (PdEnrolPage     *self);
void        pd_enrol_page_confirm          (PdEnrolPage     *self,
                                            const char      *code);
/* The recovery codes once confirmed, one a line (NULL before). */
const char *pd_enrol_page_get_recovery_codes (PdEnrolPage   *self);
const char *pd_enrol_page_get_error        (PdEnrolPage     *self);
void        pd_enrol_page_finish           (PdEnrolPage     *self);

G_END_DECLS
