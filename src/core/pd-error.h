/* pd-error.h: the one error domain of PortDesk and its HTTP mapping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_ERROR (pd_error_quark ())

typedef enum {
  PD_ERROR_INTERNAL,          /* 500 a bug or an I/O failure */
  PD_ERROR_INVALID,           /* 400 malformed or out-of-range input */
  PD_ERROR_UNAUTHENTICATED,   /* 401 no or bad credentials */
  PD_ERROR_FORBIDDEN,         /* 403 role or entitlement does not allow it */
  PD_ERROR_RULES_NOT_ACCEPTED,/* 403 the rules of behavior are still pending */
  PD_ERROR_NOT_FOUND,         /* 404 */
  PD_ERROR_METHOD_NOT_ALLOWED,/* 405 */
  PD_ERROR_CONFLICT,          /* 409 already exists, illegal state change */
  PD_ERROR_LOCKED,            /* 423 account locked after failures */
  PD_ERROR_TOO_LARGE,         /* 413 request body over the limit */
  PD_ERROR_UNSUPPORTED_MEDIA, /* 415 not application/json */
  PD_ERROR_RATE_LIMITED,      /* 429 */
  PD_ERROR_UNAVAILABLE,       /* 503 */
  PD_ERROR_TAMPERED,          /* 500 integrity check failed */
  PD_ERROR_SECOND_FACTOR,     /* 403 a two-factor code, or enrolment, is still due */
  PD_ERROR_PASSWORD_CHANGE,   /* 403 an administrator reset the password: choose a new one first */
  PD_ERROR_DATABASE_UNAVAILABLE, /* 503 the service answers, its (PostgreSQL) database does not */
  PD_ERROR_LAST
} PdErrorCode;

GQuark       pd_error_quark          (void);
guint        pd_error_http_status    (PdErrorCode  code);
const char  *pd_error_code_name      (PdErrorCode  code);
PdErrorCode  pd_error_code_from_name (const char  *name);
PdErrorCode  pd_error_code_from_http (guint        status);
/* Sets INVALID with the message; returns FALSE (for "return pd_invalid (...)"). */
gboolean     pd_invalid              (GError     **error,
                                      const char  *format,
                                      ...) G_GNUC_PRINTF (2, 3);

/* The start of a sign-in's refusal for a suspended account; the
 * suspension's reason follows (the app shows it on the login page). */
#define PD_SUSPENDED_PREFIX "This account is suspended: "
#define PD_DISABLED_MESSAGE "This account is disabled"

G_END_DECLS
