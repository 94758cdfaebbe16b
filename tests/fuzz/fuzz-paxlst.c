/* fuzz-paxlst.c: the PAXLST reader (airline manifests)
 *
 * Whatever is accepted has at least one message, UTF-8 everywhere, every
 * traveller's documents and every leg's fields set or NULL, and reads the
 * same again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "pd-paxlst.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_utf8 (const char *s)
{
  g_assert (s == NULL || g_utf8_validate (s, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PdPaxlst) p = pd_paxlst_parse ((const char *) data, size, 1795000000, NULL);
  g_autoptr(PdPaxlst) again = NULL;
  guint travellers = 0;

  if (p == NULL)
    return 0;
  g_assert (p->messages->len > 0);
  for (guint i = 0; i < p->messages->len; i++)
    {
      PdPaxMessage *m = p->messages->pdata[i];

      check_utf8 (m->sender);
      check_utf8 (m->kind);
      for (guint k = 0; k < m->legs->len; k++)
        check_utf8 (((PdPaxLeg *) m->legs->pdata[k])->flight);
      for (guint k = 0; k < m->travellers->len; k++)
        {
          PdPaxTraveller *t = m->travellers->pdata[k];

          check_utf8 (t->surname);
          check_utf8 (t->given_names);
          g_assert (t->documents != NULL);
          for (guint j = 0; j < t->documents->len; j++)
            check_utf8 (((PdPaxDocument *) t->documents->pdata[j])->number);
        }
      travellers += m->travellers->len;
    }
  for (guint i = 0; i < p->warnings->len; i++)
    check_utf8 (((PdPaxWarning *) p->warnings->pdata[i])->text);
  /* each message written again reads as the same message */
  for (guint i = 0; i < p->messages->len; i++)
    {
      PdPaxMessage *m = p->messages->pdata[i];
      g_autofree char *alone = g_strconcat ("UNB+UNOW:4+S+R+1+1'", m->text, "UNZ+1+1'", NULL);
      g_autoptr(PdPaxlst) one = pd_paxlst_parse (alone, strlen (alone), 1795000000, NULL);

      g_assert (one != NULL && one->messages->len == 1);
      g_assert (((PdPaxMessage *) one->messages->pdata[0])->travellers->len == m->travellers->len);
      g_assert (((PdPaxMessage *) one->messages->pdata[0])->legs->len == m->legs->len);
    }
  again = pd_paxlst_parse ((const char *) data, size, 1795000000, NULL);
  g_assert (again != NULL && again->messages->len == p->messages->len);
  for (guint i = 0; i < again->messages->len; i++)
    travellers -= ((PdPaxMessage *) again->messages->pdata[i])->travellers->len;
  g_assert (travellers == 0);
  return 0;
}
