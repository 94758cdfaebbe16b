/* pd-mrz.c: ICAO Doc 9303 machine-readable zones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-mrz"

#include <string.h>

#include "pd-error.h"
#include "pd-mrz.h"

void
pd_mrz_free (PdMrz *mrz)
{
  if (mrz == NULL)
    return;
  g_free (mrz->document_code);
  g_free (mrz->issuing_state);
  g_free (mrz->surname);
  g_free (mrz->given_names);
  g_free (mrz->document_number);
  g_free (mrz->nationality);
  g_free (mrz->birth_date);
  g_free (mrz->sex);
  g_free (mrz->expiry_date);
  g_free (mrz->optional);
  g_free (mrz->optional2);
  g_clear_pointer (&mrz->warnings, g_ptr_array_unref);
  g_free (mrz);
}

const char *
pd_mrz_format_name (PdMrzFormat format)
{
  static const char * const names[] = { "TD1", "TD2", "TD3", "MRV-A", "MRV-B" };

  return (guint) format < G_N_ELEMENTS (names) ? names[format] : "?";
}

int
pd_mrz_check_digit (const char *s,
                    gsize       n)
{
  static const int weights[] = { 7, 3, 1 };
  int sum = 0;

  for (gsize i = 0; i < n; i++)
    {
      char c = s[i];
      int v;

      if (c >= '0' && c <= '9')
        v = c - '0';
      else if (c >= 'A' && c <= 'Z')
        v = c - 'A' + 10;
      else if (c == '<')
        v = 0;
      else
        return -1;
      sum += v * weights[i % 3];
    }
  return sum % 10;
}

gboolean
pd_mrz_valid (const PdMrz *mrz)
{
  PdMrzCheck checks[] = { mrz->number_check, mrz->birth_check, mrz->expiry_check, mrz->optional_check,
                          mrz->composite_check };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (checks[i] == PD_MRZ_CHECK_FAILED)
      return FALSE;
  return TRUE;
}

/* --- fields ------------------------------------------------------------------ */

/* Positions @from..@to (1-based, inclusive) of @line. */
static char *
field (const char *line,
       guint       from,
       guint       to)
{
  return g_strndup (line + from - 1, to - from + 1);
}

/* Fillers dropped: trailing ones gone, inner ones as spaces. */
static char *
text_of (const char *raw)
{
  char *s = g_strdup (raw);

  g_strdelimit (s, "<", ' ');
  return g_strstrip (s);
}

static void
warn (PdMrz      *mrz,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (PdMrz      *mrz,
      const char *format,
      ...)
{
  va_list ap;

  va_start (ap, format);
  g_ptr_array_add (mrz->warnings, g_strdup_vprintf (format, ap));
  va_end (ap);
}

/* @value's check digit against @cd ('<' passes only for an empty field). */
static PdMrzCheck
check (const char *value,
       gsize       n,
       char        cd)
{
  int expected = pd_mrz_check_digit (value, n);

  if (cd == '<')
    return strspn (value, "<") >= n ? PD_MRZ_CHECK_OK : PD_MRZ_CHECK_FAILED;
  return expected >= 0 && cd - '0' == expected ? PD_MRZ_CHECK_OK : PD_MRZ_CHECK_FAILED;
}

/* A numeric field's letters read as the digits they look like (OCR). */
static void
as_digits (PdMrz      *mrz,
           char       *s,
           const char *what)
{
  static const char letters[] = "OQDIZSBG", digits[] = "00012586";
  gboolean changed = FALSE;

  for (char *p = s; *p != '\0'; p++)
    {
      const char *k = strchr (letters, *p);

      if (k != NULL && *p != '\0')
        {
          *p = digits[k - letters];
          changed = TRUE;
        }
    }
  if (changed)
    warn (mrz, "%s: letters read as digits (%s)", what, s);
}

static int
two (const char *s)
{
  return g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[1]) ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
}

/* YYMMDD (digits, or '<' where unknown) as YYYY-MM-DD: births in the past
 * century when 20YY would be after @today, expiries 20YY unless more than
 * 50 years ahead. */
static char *
date_of (PdMrz      *mrz,
         const char *yymmdd,
         gboolean    birth,
         GDateTime  *today,
         const char *what)
{
  int yy = two (yymmdd), mm = two (yymmdd + 2), dd = two (yymmdd + 4);
  int now = g_date_time_get_year (today), year;
  g_autofree char *y = NULL, *m = NULL, *d = NULL;

  if (yy < 0)
    return g_strdup_printf ("%s-%c%c-%c%c", "\?\?\?\?", yymmdd[2], yymmdd[3], yymmdd[4], yymmdd[5]);
  year = 2000 + yy;
  if (birth)
    {
      if (year > now || (year == now && mm > 0 && (mm > g_date_time_get_month (today) ||
                                                  (mm == g_date_time_get_month (today) &&
                                                   dd > g_date_time_get_day_of_month (today)))))
        year -= 100;
    }
  else if (year > now + 50)
    year -= 100;
  if ((mm >= 0 && (mm < 1 || mm > 12)) || (dd >= 0 && mm >= 1 && mm <= 12 && (dd < 1 || !g_date_valid_dmy (dd, mm, year))))
    warn (mrz, "%s: %.6s is not a calendar date", what, yymmdd);
  m = mm >= 0 ? g_strdup_printf ("%02d", mm) : g_strdup ("??");
  d = dd >= 0 ? g_strdup_printf ("%02d", dd) : g_strdup ("??");
  return g_strdup_printf ("%04d-%s-%s", year, m, d);
}

/* The name field: primary identifier, "<<", secondary identifier. */
static void
names (PdMrz      *mrz,
       const char *raw)
{
  const char *sep = strstr (raw, "<<");
  g_autofree char *primary = sep != NULL ? g_strndup (raw, sep - raw) : g_strdup (raw);

  mrz->surname = text_of (primary);
  mrz->given_names = text_of (sep != NULL ? sep + 2 : "");
  if (raw[strlen (raw) - 1] != '<')
    warn (mrz, "name: the field is full; the name may be cut short");
}

/* The document number at @l @from..+8 with its check digit at +9; a TD1 or
 * TD2 number longer than 9 characters goes on in @optional (its rest, its
 * check digit, a filler), which then keeps what follows. */
static void
document_number (PdMrz      *mrz,
                 const char *line,
                 guint       from,
                 char      **optional)
{
  g_autofree char *number = field (line, from, from + 8);
  char cd = line[from + 8];

  if (cd == '<' && optional != NULL && *optional != NULL && (*optional)[0] != '<')
    {
      gsize k = strcspn (*optional, "<");
      g_autofree char *rest = g_strndup (*optional, k > 0 ? k - 1 : 0);
      g_autofree char *plain = g_strconcat (number, rest, NULL);
      g_autofree char *quirk = g_strconcat (number, "<", rest, NULL);   /* as some issuers compute it */
      char *tail = g_strdup (*optional + k);

      cd = k > 0 ? (*optional)[k - 1] : '<';
      mrz->number_check = check (plain, strlen (plain), cd) == PD_MRZ_CHECK_OK ||
                          check (quirk, strlen (quirk), cd) == PD_MRZ_CHECK_OK ? PD_MRZ_CHECK_OK : PD_MRZ_CHECK_FAILED;
      g_free (*optional);
      *optional = tail;
      mrz->document_number = text_of (plain);
      return;
    }
  mrz->number_check = check (number, 9, cd);
  mrz->document_number = text_of (number);
}

/* Birth date, sex, expiry from @line at @birth (6 + cd, sex, 6 + cd). */
static void
dates (PdMrz      *mrz,
       char       *line,
       guint       birth,
       GDateTime  *today)
{
  g_autofree char *b = field (line, birth, birth + 5), *e = field (line, birth + 8, birth + 13);

  as_digits (mrz, b, "birth date");
  as_digits (mrz, e, "expiry date");
  memcpy (line + birth - 1, b, 6);      /* the composite is computed over what was meant */
  memcpy (line + birth + 7, e, 6);
  mrz->birth_check = check (b, 6, line[birth + 5]);
  mrz->expiry_check = check (e, 6, line[birth + 13]);
  mrz->birth_date = date_of (mrz, b, TRUE, today, "birth date");
  mrz->expiry_date = date_of (mrz, e, FALSE, today, "expiry date");
  mrz->sex = g_strndup (line + birth + 6, 1);
  if (strchr ("MFX<", mrz->sex[0]) == NULL)
    warn (mrz, "sex: '%s' is not M, F, X or <", mrz->sex);
}

/* The composite check digit over the concatenated ranges (line, from, to). */
static PdMrzCheck
composite (char * const *lines,
           const guint  *ranges,
           guint         n_ranges,
           char          cd)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < n_ranges; i++)
    g_string_append_len (s, lines[ranges[3 * i]] + ranges[3 * i + 1] - 1, ranges[3 * i + 2] - ranges[3 * i + 1] + 1);
  return check (s->str, s->len, cd);
}

/* --- formats --------------------------------------------------------------------- */

/* text_of a field, the field freed. */
static char *
take_text (char *raw)
{
  char *t = text_of (raw);

  g_free (raw);
  return t;
}

/* Code, issuing state; name at @name_line @from..@to. */
static void
header (PdMrz      *mrz,
        char      **l,
        guint       name_line,
        guint       name_from,
        guint       name_to)
{
  g_autofree char *name = field (l[name_line], name_from, name_to);

  mrz->document_code = take_text (field (l[0], 1, 2));
  mrz->issuing_state = take_text (field (l[0], 3, 5));
  names (mrz, name);
}

static void
parse_td1 (PdMrz      *mrz,
           char      **l,
           GDateTime  *today)
{
  static const guint ranges[] = { 0, 6, 30, 1, 1, 7, 1, 9, 15, 1, 19, 29 };
  char *optional = field (l[0], 16, 30);

  header (mrz, l, 2, 1, 30);
  document_number (mrz, l[0], 6, &optional);
  dates (mrz, l[1], 1, today);
  mrz->nationality = take_text (field (l[1], 16, 18));
  mrz->optional = take_text (optional);
  mrz->optional2 = take_text (field (l[1], 19, 29));
  mrz->optional_check = PD_MRZ_CHECK_ABSENT;
  mrz->composite_check = composite (l, ranges, 4, l[1][29]);
}

/* TD2, TD3 and the visas: line 2 is laid out alike up to the expiry. */
static void
parse_two_lines (PdMrz      *mrz,
                 char      **l,
                 guint       width,
                 GDateTime  *today)
{
  gboolean visa = mrz->format == PD_MRZ_MRV_A || mrz->format == PD_MRZ_MRV_B;
  char *optional = field (l[1], 29, mrz->format == PD_MRZ_TD3 ? 42 : visa ? width : width - 1);

  header (mrz, l, 0, 6, width);
  document_number (mrz, l[1], 1, mrz->format == PD_MRZ_TD2 ? &optional : NULL);
  mrz->nationality = take_text (field (l[1], 11, 13));
  dates (mrz, l[1], 14, today);
  mrz->optional_check = mrz->format == PD_MRZ_TD3 ?
                        (l[1][42] == '0' && strspn (optional, "<") == 14 ? PD_MRZ_CHECK_OK :
                         check (optional, 14, l[1][42])) : PD_MRZ_CHECK_ABSENT;
  mrz->optional = take_text (optional);
  if (visa)
    mrz->composite_check = PD_MRZ_CHECK_ABSENT;
  else if (mrz->format == PD_MRZ_TD3)
    {
      static const guint ranges[] = { 1, 1, 10, 1, 14, 20, 1, 22, 43 };
      mrz->composite_check = composite (l, ranges, 3, l[1][43]);
    }
  else
    {
      static const guint ranges[] = { 1, 1, 10, 1, 14, 20, 1, 22, 35 };
      mrz->composite_check = composite (l, ranges, 3, l[1][35]);
    }
}

PdMrz *
pd_mrz_parse (const char  *text,
              gint64       today,
              GError     **error)
{
  g_autoptr(PdMrz) mrz = g_new0 (PdMrz, 1);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (today);
  g_auto(GStrv) raw = NULL;
  gboolean lowered = FALSE;
  guint width;

  g_return_val_if_fail (text != NULL, NULL);

  mrz->warnings = g_ptr_array_new_with_free_func (g_free);
  if (now == NULL || strlen (text) > 4096)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Not an MRZ: too long");
      return NULL;
    }
  raw = g_strsplit_set (text, "\r\n", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      GString *line = g_string_new (NULL);

      for (const char *p = raw[i]; *p != '\0'; p++)
        {
          char c = *p;

          if (c == ' ' || c == '\t')
            continue;
          if (c >= 'a' && c <= 'z')
            {
              c = g_ascii_toupper (c);
              lowered = TRUE;
            }
          if (!g_ascii_isdigit (c) && !(c >= 'A' && c <= 'Z') && c != '<')
            {
              g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Not an MRZ: line %u has '%s' (only A-Z, 0-9 and <)",
                           lines->len + 1, g_ascii_isprint (c) ? (char[]) { c, '\0' } : "a control byte");
              g_string_free (line, TRUE);
              return NULL;
            }
          g_string_append_c (line, c);
        }
      if (line->len > 0)
        g_ptr_array_add (lines, g_string_free (line, FALSE));
      else
        g_string_free (line, TRUE);
    }
  if (lowered)
    warn (mrz, "lower-case letters read as upper case");
  width = lines->len > 0 ? strlen (lines->pdata[0]) : 0;
  for (guint i = 1; i < lines->len; i++)
    if (strlen (lines->pdata[i]) != width)
      width = 0;
  if (lines->len == 3 && width == 30)
    mrz->format = PD_MRZ_TD1;
  else if (lines->len == 2 && (width == 36 || width == 44))
    {
      gboolean visa = ((char *) lines->pdata[0])[0] == 'V';

      mrz->format = width == 36 ? (visa ? PD_MRZ_MRV_B : PD_MRZ_TD2) : (visa ? PD_MRZ_MRV_A : PD_MRZ_TD3);
    }
  else
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Not an MRZ: %u line(s)%s; an MRZ has 3 lines of 30 "
                   "characters (TD1), or 2 of 36 (TD2, MRV-B) or 44 (TD3, MRV-A)", lines->len,
                   width == 0 && lines->len > 1 ? " of different lengths" : "");
      return NULL;
    }
  if (mrz->format == PD_MRZ_TD1)
    parse_td1 (mrz, (char **) lines->pdata, now);
  else
    parse_two_lines (mrz, (char **) lines->pdata, width, now);
  return g_steal_pointer (&mrz);
}
