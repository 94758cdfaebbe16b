/* pd-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-csv"

#include <string.h>

#include "pd-csv.h"

void
pd_csv_append_field (GString    *out,
                     const char *value)
{
  const char *p = value != NULL ? value : "";

  g_string_append_c (out, '"');
  if (*p != '\0' && strchr ("=+-@\t\r", *p) != NULL)
    g_string_append_c (out, '\'');
  for (; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
