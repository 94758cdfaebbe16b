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
  "You are accessing a U.S. Government information system, which includes this\n"
  "computer, this network, all computers connected to it and all devices and\n"
  "storage media attached to it. This system is provided for U.S. Government-\n"
  "authorized use only. Unauthorized or improper use is prohibited and may result\n"
  "in disciplinary action, up to removal, and in civil and criminal penalties.\n"
  "\n"
  "No expectation of privacy. You have no reasonable expectation of privacy\n"
  "regarding any communication or data transiting or stored on this system. At any\n"
  "time, and for any lawful Government purpose, the Government may monitor,\n"
  "record, audit, intercept, search and seize any communication or data on it,\n"
  "and may disclose or use it for any lawful Government purpose.\n"
  "\n"
  "Permissible uses. You may use PortDesk only for the duties your role is\n"
  "assigned, and only as they require:\n"
  "- scheduling, performing and recording agricultural and cargo inspections;\n"
  "- verifying travellers' identities at TSA checkpoints and CBP gates, and\n"
  "  resolving the alerts they raise;\n"
  "- reviewing bus manifests and landing-rights requests for your port;\n"
  "- querying license-plate-reader data for an open case or event;\n"
  "- administering accounts and reviewing the audit record (administrators and\n"
  "  auditors).\n"
  "Any other use, including curiosity or personal, political or commercial\n"
  "purposes, is not permitted.\n"
  "\n"
  "By accepting you affirm that you will:\n"
  "1. Query, view or change records only as your official duties require, and never\n"
  "   about yourself, family, friends, acquaintances or public figures out of interest.\n"
  "2. Tie every license-plate-reader query to an open case or event.\n"
  "3. Not copy, photograph, print or share biometric or personal data outside the system.\n"
  "4. Keep your password, your two-factor device and your recovery codes to yourself,\n"
  "   lock your workstation when you leave it, and sign out at the end of your shift.\n"
  "5. Report suspected misuse, loss of data or security incidents to your supervisor\n"
  "   and the system owner at once.\n"
  "6. Respect the retention periods: do not keep or export data the system would delete.\n"
  "7. Give travellers who ask about a delay, a refusal or repeated screening the\n"
  "   redress paths (DHS TRIP, the CBP INFO Center) the system shows.\n"
  "\n"
  "Every query you make records your name, the parameters you used, the date and the\n"
  "time. Oversight staff review these records. A new version of these rules must be\n"
  "accepted again before you continue.\n";

/* One line a paragraph: the app and the printout wrap it to their width. */
static const char builtin_redress[] =
  "Redress for travellers\n"
  "\n"
  "If you believe you were delayed, denied boarding, refused entry or repeatedly referred for additional "
  "screening because of a screening or identity check, you can ask for redress. These services are free; you "
  "do not need a lawyer.\n"
  "\n"
  "DHS Traveler Redress Inquiry Program (DHS TRIP)\n"
  "For: difficulties at airport security checkpoints, at ports of entry or when boarding, in particular being "
  "repeatedly delayed, refused boarding or referred for additional screening, or believing you were wrongly "
  "identified as a person on a watch list. DHS TRIP gives you a redress control number to use when you book "
  "travel.\n"
  "How: apply online at https://trip.dhs.gov (information: https://www.dhs.gov/dhs-trip).\n"
  "\n"
  "CBP Information Center (CBP INFO Center)\n"
  "For: questions, complaints or compliments about your treatment by U.S. Customs and Border Protection at a "
  "port of entry, including inspections, document checks and facial comparison at gates.\n"
  "How: online at https://help.cbp.gov, or by phone at 1-877-227-5511 (toll free in the U.S.) or "
  "+1-202-325-8000 (from outside the U.S.).\n"
  "\n"
  "Keep a note of the date, the airport or port, the flight and what happened.\n";

static gboolean
load_text (const char  *path,
           const char  *builtin,
           const char  *what,
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
          g_prefix_error (error, "Cannot read %s: ", what);
          return FALSE;
        }
      if (!g_utf8_validate (text, -1, NULL) || *g_strstrip (text) == '\0')
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "The %s in %s is empty or not UTF-8", what, path);
          return FALSE;
        }
    }
  else
    text = g_strdup (builtin);

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  *out_version = g_strndup (digest, 12);
  *out_text = g_steal_pointer (&text);
  return TRUE;
}

gboolean
pd_rules_load (const char  *path,
               char       **out_text,
               char       **out_version,
               GError     **error)
{
  return load_text (path, builtin_rules, "the rules of behavior", out_text, out_version, error);
}

gboolean
pd_redress_load (const char  *path,
                 char       **out_text,
                 char       **out_version,
                 GError     **error)
{
  return load_text (path, builtin_redress, "the redress text", out_text, out_version, error);
}
