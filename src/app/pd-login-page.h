/* pd-login-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_LOGIN_PAGE (pd_login_page_get_type ())
G_DECLARE_FINAL_TYPE (PdLoginPage, pd_login_page, PD, LOGIN_PAGE, AdwBin)

void        pd_login_page_set_busy     (PdLoginPage *self,
                                        gboolean     busy);
gboolean    pd_login_page_get_busy     (PdLoginPage *self);
void        pd_login_page_set_error    (PdLoginPage *self,
                                        const char  *message);
const char *pd_login_page_get_error    (PdLoginPage *self);
void        pd_login_page_set_notice   (PdLoginPage *self,
                                        const char  *message);
void        pd_login_page_set_username (PdLoginPage *self,
                                        const char  *username);
void        pd_login_page_set_password (PdLoginPage *self,
                                        const char  *password);
void        pd_login_page_reset        (PdLoginPage *self);
void        pd_login_page_submit       (PdLoginPage *self);
void        pd_login_page_focus_entry  (PdLoginPage *self);

void        pd_login_page_ask_code     (PdLoginPage *self,
                                        gboolean     ask);
void        pd_login_page_set_code     (PdLoginPage *self,
                                        const char  *code);
gboolean    pd_login_page_get_asking_code (PdLoginPage *self);

G_END_DECLS
