/* pd-password-page.h: choosing a new password after an administrator's reset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_PASSWORD_PAGE (pd_password_page_get_type ())
G_DECLARE_FINAL_TYPE (PdPasswordPage, pd_password_page, PD, PASSWORD_PAGE, AdwBin)

GtkWidget  *pd_password_page_new        (void);
/* Empties the fields and the error. */
void        pd_password_page_clear      (PdPasswordPage *self);
void        pd_password_page_set_busy   (PdPasswordPage *self,
                                         gboolean        busy);
gboolean    pd_password_page_get_busy   (PdPasswordPage *self);
/* The service's refusal (NULL: none). */
void        pd_password_page_set_error  (PdPasswordPage *self,
                                         const char     *message);
const char *pd_password_page_get_error  (PdPasswordPage *self);
/* As typed (tests), and as the button does: ::submit with the current and
 * new password when the two new ones agree. */
void        pd_password_page_set_fields (PdPasswordPage *self,
                                         const char     *current,
                                         const char     *new_password,
                                         const char     *repeat);
void        pd_password_page_submit     (PdPasswordPage *self);

G_END_DECLS
