/* pd-mrz.h: ICAO Doc 9303 machine-readable zones (TD1, TD2, TD3, MRV-A,
 * MRV-B), as read at a gate or from a bus passenger's document
 *
 * The lines are taken as they come from a reader or an OCR pass (spaces and
 * empty lines dropped, lower case raised, with a warning); the format is
 * told by the lines' count and length and the document code; every check
 * digit is computed (7-3-1) and reported, never silently trusted.  Dates
 * get their century (a birth date is never in the future; an expiry is
 * 20YY unless that is more than 50 years ahead).  A date field's digits
 * may be misread letters (O for 0, I for 1...): they are read as digits,
 * with a warning.  Refused: what is not an MRZ (wrong line lengths, other
 * characters), with the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  PD_MRZ_TD1,     /* 3 x 30: identity cards */
  PD_MRZ_TD2,     /* 2 x 36 */
  PD_MRZ_TD3,     /* 2 x 44: passports */
  PD_MRZ_MRV_A,   /* 2 x 44 visa */
  PD_MRZ_MRV_B,   /* 2 x 36 visa */
} PdMrzFormat;

typedef enum {
  PD_MRZ_CHECK_ABSENT,   /* the format has none here (visas: composite) */
  PD_MRZ_CHECK_OK,
  PD_MRZ_CHECK_FAILED,
} PdMrzCheck;

typedef struct {
  PdMrzFormat format;
  char       *document_code;     /* "P", "PO", "ID", "V"... (fillers dropped) */
  char       *issuing_state;     /* "UTO", "D" */
  char       *surname;           /* primary identifier, words separated by spaces; "" when none */
  char       *given_names;       /* secondary identifier */
  char       *document_number;   /* with the part a long number keeps in the optional field */
  char       *nationality;
  char       *birth_date;        /* YYYY-MM-DD; unknown parts as "??" */
  char       *sex;               /* "M", "F", "X" or "<" */
  char       *expiry_date;       /* YYYY-MM-DD */
  char       *optional;          /* the optional data (personal number), fillers dropped */
  char       *optional2;         /* TD1's second optional field */
  PdMrzCheck  number_check, birth_check, expiry_check, optional_check, composite_check;
  GPtrArray  *warnings;          /* char *: what was lenient */
} PdMrz;

void        pd_mrz_free          (PdMrz       *mrz);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMrz, pd_mrz_free)

/* The MRZ in @text (its lines), dates resolved against @today (unix
 * seconds); NULL with PD_ERROR_INVALID and the reason when it is not one. */
PdMrz      *pd_mrz_parse         (const char  *text,
                                  gint64       today,
                                  GError     **error);
/* 7-3-1 over @n characters of @s (digits, A-Z, '<'); -1 for another character. */
int         pd_mrz_check_digit   (const char  *s,
                                  gsize        n);
const char *pd_mrz_format_name   (PdMrzFormat  format);
/* TRUE when every check digit present passed. */
gboolean    pd_mrz_valid         (const PdMrz *mrz);

G_END_DECLS
