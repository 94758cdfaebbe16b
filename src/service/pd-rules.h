/* pd-rules.h: the rules-of-behavior text every user accepts at logon
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

G_END_DECLS
