/* pd-totp.c: HOTP (RFC 4226) and TOTP (RFC 6238) with GLib's GHmac
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-totp"

#include <string.h>

#include "pd-totp.h"

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

guint32
pd_hotp (GChecksumType  digest,
         const guint8  *key,
         gsize          key_len,
         guint64        counter,
         guint          digits)
{
  g_autoptr(GHmac) hmac = g_hmac_new (digest, key, key_len);
  guint8 msg[8], mac[64];
  gsize mac_len = sizeof mac;
  guint32 bin, mod = 1;
  guint offset;

  g_return_val_if_fail (digits >= 6 && digits <= 9, 0);
  for (int i = 7; i >= 0; i--)
    {
      msg[i] = counter & 0xff;
      counter >>= 8;
    }
  g_hmac_update (hmac, msg, sizeof msg);
  g_hmac_get_digest (hmac, mac, &mac_len);
  /* dynamic truncation (RFC 4226 5.3) */
  offset = mac[mac_len - 1] & 0x0f;
  bin = ((guint32) (mac[offset] & 0x7f) << 24) | ((guint32) mac[offset + 1] << 16) |
        ((guint32) mac[offset + 2] << 8) | mac[offset + 3];
  for (guint i = 0; i < digits; i++)
    mod *= 10;
  return bin % mod;
}

guint64
pd_totp_step (gint64 unix_s)
{
  return unix_s < 0 ? 0 : (guint64) unix_s / PD_TOTP_STEP_S;
}

char *
pd_totp_code (const guint8  *key,
              gsize          key_len,
              gint64         unix_s)
{
  return g_strdup_printf ("%06u", pd_hotp (G_CHECKSUM_SHA1, key, key_len, pd_totp_step (unix_s), PD_TOTP_DIGITS));
}

char *
pd_base32_encode (const guint8 *data,
                  gsize         len)
{
  GString *s = g_string_sized_new ((len * 8 + 4) / 5);
  guint32 buf = 0;
  int bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      buf = (buf << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (s, b32_alphabet[(buf >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (s, b32_alphabet[(buf << (5 - bits)) & 31]);
  return g_string_free (s, FALSE);
}

GBytes *
pd_base32_decode (const char *text)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 buf = 0;
  int bits = 0;
  gboolean padding = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *at;
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-')
        continue;
      if (c == '=')
        {
          padding = TRUE;
          continue;
        }
      at = c != '\0' ? strchr (b32_alphabet, c) : NULL;
      if (at == NULL || padding)
        return NULL;
      buf = (buf << 5) | (guint32) (at - b32_alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (buf >> (bits - 8)) & 0xff;

          g_byte_array_append (out, &byte, 1);
          bits -= 8;
        }
    }
  if (out->len == 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

char *
pd_totp_uri (const char *issuer,
             const char *account,
             const char *secret_b32)
{
  g_autofree char *label = g_strdup_printf ("%s:%s", issuer, account);
  g_autofree char *label_esc = g_uri_escape_string (label, ":@", FALSE);
  g_autofree char *issuer_esc = g_uri_escape_string (issuer, NULL, FALSE);

  return g_strdup_printf ("otpauth://totp/%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d",
                          label_esc, secret_b32, issuer_esc, PD_TOTP_DIGITS, PD_TOTP_STEP_S);
}

char *
pd_totp_normalize (const char *code)
{
  GString *s = g_string_new (NULL);

  for (const char *p = code; *p != '\0'; p++)
    {
      if (*p == ' ')
        continue;
      if (!g_ascii_isdigit (*p))
        {
          g_string_free (s, TRUE);
          return NULL;
        }
      g_string_append_c (s, *p);
    }
  if (s->len != PD_TOTP_DIGITS)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}
