/* pd-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-error"

#include "pd-error.h"

G_DEFINE_QUARK (pd-error-quark, pd_error)

/* The one table mapping error codes to HTTP status and wire names. */
static const struct {
  guint       status;
  const char *name;
} error_table[PD_ERROR_LAST] = {
  [PD_ERROR_INTERNAL]           = { 500, "internal" },
  [PD_ERROR_INVALID]            = { 400, "invalid" },
  [PD_ERROR_UNAUTHENTICATED]    = { 401, "unauthenticated" },
  [PD_ERROR_FORBIDDEN]          = { 403, "forbidden" },
  [PD_ERROR_RULES_NOT_ACCEPTED] = { 403, "rules_not_accepted" },
  [PD_ERROR_NOT_FOUND]          = { 404, "not_found" },
  [PD_ERROR_METHOD_NOT_ALLOWED] = { 405, "method_not_allowed" },
  [PD_ERROR_CONFLICT]           = { 409, "conflict" },
  [PD_ERROR_LOCKED]             = { 423, "locked" },
  [PD_ERROR_TOO_LARGE]          = { 413, "too_large" },
  [PD_ERROR_UNSUPPORTED_MEDIA]  = { 415, "unsupported_media_type" },
  [PD_ERROR_RATE_LIMITED]       = { 429, "rate_limited" },
  [PD_ERROR_UNAVAILABLE]        = { 503, "unavailable" },
  [PD_ERROR_TAMPERED]           = { 500, "tampered" },
  [PD_ERROR_SECOND_FACTOR]      = { 403, "second_factor_required" },
  [PD_ERROR_PASSWORD_CHANGE]    = { 403, "password_change_required" },
  [PD_ERROR_DATABASE_UNAVAILABLE] = { 503, "database_unavailable" },
};

guint
pd_error_http_status (PdErrorCode code)
{
  if ((guint) code >= PD_ERROR_LAST)
    return 500;
  return error_table[code].status;
}

const char *
pd_error_code_name (PdErrorCode code)
{
  if ((guint) code >= PD_ERROR_LAST)
    return "internal";
  return error_table[code].name;
}

PdErrorCode
pd_error_code_from_name (const char *name)
{
  for (guint i = 0; i < PD_ERROR_LAST; i++)
    if (g_strcmp0 (error_table[i].name, name) == 0)
      return (PdErrorCode) i;
  return PD_ERROR_INTERNAL;
}

PdErrorCode
pd_error_code_from_http (guint status)
{
  for (guint i = 0; i < PD_ERROR_LAST; i++)
    if (error_table[i].status == status)
      return (PdErrorCode) i;
  return status >= 500 ? PD_ERROR_INTERNAL : PD_ERROR_INVALID;
}

gboolean
pd_invalid (GError     **error,
            const char  *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, message);
  return FALSE;
}
