/* pd-credential.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-credential"

#include "pd-credential.h"

void
pd_credential_set_header (SoupMessageHeaders *headers,
                          const char         *credential)
{
  if (g_str_has_prefix (credential, PD_API_KEY_PREFIX))
    {
      soup_message_headers_replace (headers, "X-API-Key", credential);
    }
  else
    {
      g_autofree char *auth = g_strconcat ("Bearer ", credential, NULL);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
}
