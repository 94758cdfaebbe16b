/* pd-csv.h: CSV as PortDesk writes it (RFC 4180, safe to open in a spreadsheet)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @value (NULL: empty) as one quoted field.  A value that a
 * spreadsheet would run as a formula (it starts with = + - @, a tab or a
 * carriage return) gets a leading apostrophe, so it is shown as text. */
void pd_csv_append_field (GString    *out,
                          const char *value);

G_END_DECLS
