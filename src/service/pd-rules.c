/* pd-rules.c
 *
 * The version is a digest of the text, so the audit records exactly which
 * rules a user accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-rules"

#include "pd-error.h"
#include "pd-rules.h"

static const char builtin_rules[] =
  "PortDesk Rules of Behavior\n"
  "\n"
  "You are accessing a U.S. Government information system. Use of this system is\n"
  "monitored, recorded and subject to audit. Unauthorized use is prohibited and may\n"
  "result in disciplinary action and civil and criminal penalties.\n"
  "\n"
  "By accepting you affirm that you will:\n"
  "1. Query, view or change records only as your official duties require, and never\n"
  "   about yourself, family, friends, acquaintances or public figures out of interest.\n"
  "2. Tie every license-plate-reader query to an open case or event.\n"
  "3. Not copy, photograph, print or share biometric or personal data outside the system.\n"
  "4. Keep your password secret, lock your workstation when you leave it, and sign out\n"
  "   at the end of your shift.\n"
  "5. Report suspected misuse, loss of data or security incidents to your supervisor\n"
  "   and the system owner at once.\n"
  "6. Respect the retention periods: do not keep or export data the system would delete.\n"
  "\n"
  "Every query you make records your name, the parameters you used, the date and the\n"
  "time. Oversight staff review these records.\n";

gboolean
pd_rules_load (const char  *path,
               char       **out_text,
               char       **out_version,
               GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;

  if (path != NULL)
    {
      if (!g_file_get_contents (path, &text, NULL, error))
        {
          g_prefix_error (error, "Cannot read the rules of behavior: ");
          return FALSE;
        }
      if (!g_utf8_validate (text, -1, NULL) || *g_strstrip (text) == '\0')
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "The rules of behavior in %s are empty or not UTF-8", path);
          return FALSE;
        }
    }
  else
    text = g_strdup (builtin_rules);

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  *out_version = g_strndup (digest, 12);
  *out_text = g_steal_pointer (&text);
  return TRUE;
}
