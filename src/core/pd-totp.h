/* pd-totp.h: one-time sign-in codes (HOTP, RFC 4226; TOTP, RFC 6238) and
 * their base32 secrets (RFC 4648), for the service, the CLI and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_TOTP_STEP_S      30   /* seconds a code stands for */
#define PD_TOTP_DIGITS      6
#define PD_TOTP_SECRET_LEN  20   /* bytes: 160 bits, as RFC 4226 recommends for SHA-1 */

/* The @digits-digit HOTP value of @key at @counter with @digest
 * (G_CHECKSUM_SHA1, SHA256 or SHA512). */
guint32   pd_hotp             (GChecksumType  digest,
                               const guint8  *key,
                               gsize          key_len,
                               guint64        counter,
                               guint          digits);
/* The TOTP time step of @unix_s. */
guint64   pd_totp_step        (gint64         unix_s);
/* The code of @key at @unix_s, zero-padded (HMAC-SHA1, 30 s, 6 digits). */
char     *pd_totp_code        (const guint8  *key,
                               gsize          key_len,
                               gint64         unix_s);
/* Base32 without padding, upper case. */
char     *pd_base32_encode    (const guint8  *data,
                               gsize          len);
/* Decodes base32 (case, spaces and '=' padding ignored); NULL when not base32. */
GBytes   *pd_base32_decode    (const char    *text);
/* The otpauth:// URI an authenticator app reads from a QR code. */
char     *pd_totp_uri         (const char    *issuer,
                               const char    *account,
                               const char    *secret_b32);
/* @code without spaces when it is PD_TOTP_DIGITS decimal digits, else NULL. */
char     *pd_totp_normalize   (const char    *code);

G_END_DECLS
