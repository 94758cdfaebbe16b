/* fuzz-mrz.c: the MRZ reader (documents read at gates and for bus manifests)
 *
 * Whatever is accepted has every field set, dates in YYYY-MM-DD form, and
 * reads the same again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "pd-mrz.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(PdMrz) mrz = pd_mrz_parse (text, 1795000000, NULL);
  g_autoptr(PdMrz) again = NULL;

  if (mrz == NULL)
    return 0;
  g_assert (mrz->document_code != NULL && mrz->issuing_state != NULL && mrz->surname != NULL &&
            mrz->given_names != NULL && mrz->document_number != NULL && mrz->nationality != NULL &&
            mrz->sex != NULL && mrz->optional != NULL);
  g_assert (strlen (mrz->birth_date) == 10 && strlen (mrz->expiry_date) == 10);
  again = pd_mrz_parse (text, 1795000000, NULL);
  g_assert (again != NULL && g_strcmp0 (again->document_number, mrz->document_number) == 0 &&
            again->composite_check == mrz->composite_check);
  return 0;
}
