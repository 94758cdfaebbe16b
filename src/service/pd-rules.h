/* pd-rules.h: the rules-of-behavior text every user accepts at logon, and
 * the redress text officers hand travellers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean pd_rules_load (const char  *path,      /* NULL: the built-in text */
                        char       **out_text,
                        char       **out_version,
                        GError     **error);
/* The redress paths officers hand travellers (DHS TRIP, the CBP INFO
 * Center): @path's text or the built-in one, versioned the same way. */
gboolean pd_redress_load (const char  *path,    /* NULL: the built-in text */
                          char       **out_text,
                          char       **out_version,
                          GError     **error);

G_END_DECLS
