/* pd-csv.h: CSV as PortDesk writes it (RFC 4180, safe to open in a
 * spreadsheet) and reads it (imports)
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

/* The records of @text (@len bytes of UTF-8, a BOM skipped): RFC 4180
 * fields, quoted ones with "" for a quote and line ends inside; records end
 * with CRLF, LF or CR, the last line end optional; empty lines skipped.
 * Each record is a NULL-terminated array of fields (GStrv).  NULL, naming
 * the line, when a quote is not closed or a quoted field is followed by
 * more than its separator, or the text is not UTF-8. */
GPtrArray *pd_csv_parse (const char  *text,
                         gsize        len,
                         GError     **error);

G_END_DECLS
