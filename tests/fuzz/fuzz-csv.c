/* fuzz-csv.c: the CSV reader (holdings and, later, LPR imports)
 *
 * Whatever is accepted, written again as PortDesk writes CSV, must read
 * back as the same records with the same number of fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "pd-csv.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) records = pd_csv_parse ((const char *) data, size, NULL);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (records == NULL)
    return 0;
  for (guint i = 0; i < records->len; i++)
    {
      char **fields = records->pdata[i];

      for (guint k = 0; fields[k] != NULL; k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          pd_csv_append_field (out, fields[k]);
        }
      g_string_append (out, "\r\n");
    }
  again = pd_csv_parse (out->str, out->len, NULL);
  g_assert (again != NULL);
  g_assert_cmpuint (again->len, ==, records->len);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpuint (g_strv_length (again->pdata[i]), ==, g_strv_length (records->pdata[i]));
  return 0;
}
