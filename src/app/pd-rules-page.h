/* pd-rules-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_RULES_PAGE (pd_rules_page_get_type ())
G_DECLARE_FINAL_TYPE (PdRulesPage, pd_rules_page, PD, RULES_PAGE, AdwBin)

void        pd_rules_page_set_rules (PdRulesPage *self,
                                     const char  *version,
                                     const char  *text);
const char *pd_rules_page_get_text  (PdRulesPage *self);
void        pd_rules_page_set_busy  (PdRulesPage *self,
                                     gboolean     busy);
void        pd_rules_page_accept    (PdRulesPage *self);
void        pd_rules_page_decline   (PdRulesPage *self);

G_END_DECLS
