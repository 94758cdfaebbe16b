/* pd-credential.h: the two kinds of credential and where each is sent
 *
 * Officers' session tokens ("pds_...") travel only in "Authorization:
 * Bearer" on the officer socket; API keys of the public side ("pdk_...")
 * only in "X-API-Key" on the intake listener.  portdeskd refuses either
 * anywhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define PD_SESSION_TOKEN_PREFIX "pds_"
#define PD_API_KEY_PREFIX       "pdk_"

void pd_credential_set_header (SoupMessageHeaders *headers,
                               const char         *credential);

G_END_DECLS
