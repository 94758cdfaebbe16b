/* fuzz-anchor.c: a line of the audit's external anchor (portdeskd
 * --check-anchor reads a file the administrator keeps elsewhere)
 *
 * Whatever is accepted is written back to the same line and reads the same
 * again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "pd-audit.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *line = g_strndup ((const char *) data, size);
  g_autofree char *again = NULL;
  PdCheckpoint cp, cp2;

  if (!pd_audit_anchor_parse_line (line, &cp))
    return 0;
  g_assert (cp.seq > 0);
  again = pd_audit_anchor_line (&cp);
  g_assert (g_str_has_suffix (again, "\n"));
  again[strlen (again) - 1] = '\0';
  g_assert (pd_audit_anchor_parse_line (again, &cp2));
  g_assert (cp2.seq == cp.seq && cp2.at == cp.at && cp2.next_due == cp.next_due);
  g_assert (memcmp (cp2.head_hash, cp.head_hash, 32) == 0 && memcmp (cp2.public_key, cp.public_key, 32) == 0 &&
            memcmp (cp2.signature, cp.signature, 64) == 0);
  return 0;
}
