/* pd-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-csv"

#include <string.h>

#include "pd-csv.h"
#include "pd-error.h"

void
pd_csv_append_field (GString    *out,
                     const char *value)
{
  const char *p = value != NULL ? value : "";

  g_string_append_c (out, '"');
  if (*p != '\0' && strchr ("=+-@\t\r", *p) != NULL)
    g_string_append_c (out, '\'');
  for (; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Ends @field and adds it to @record; an empty line adds no record. */
static void
end_field (GPtrArray *record,
           GString   *field)
{
  g_ptr_array_add (record, g_strndup (field->str, field->len));
  g_string_truncate (field, 0);
}

static void
end_record (GPtrArray  *records,
            GPtrArray **record,
            GString    *field,
            gboolean    had_any)
{
  if (had_any)
    {
      end_field (*record, field);
      g_ptr_array_add (*record, NULL);
      g_ptr_array_add (records, g_ptr_array_free (*record, FALSE));
      *record = g_ptr_array_new_with_free_func (g_free);
    }
}

GPtrArray *
pd_csv_parse (const char  *text,
              gsize        len,
              GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GString) field = g_string_new (NULL);
  GPtrArray *record = g_ptr_array_new_with_free_func (g_free);
  const char *end = text + len, *p = text;
  gboolean quoted = FALSE, after_quote = FALSE, had_any = FALSE;
  guint line = 1, quote_line = 0;

  if (!g_utf8_validate_len (text, len, NULL))
    {
      g_ptr_array_free (record, TRUE);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The CSV file is not UTF-8 text");
      return NULL;
    }
  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  for (; p < end; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (c == '"')
            {
              quoted = FALSE;
              after_quote = TRUE;
            }
          else
            {
              line += c == '\n' || (c == '\r' && !(p + 1 < end && p[1] == '\n'));
              g_string_append_c (field, c);
            }
          continue;
        }
      if (c == ',')
        {
          end_field (record, field);
          after_quote = FALSE;
          had_any = TRUE;
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          end_record (records, &record, field, had_any || field->len > 0 || after_quote);
          after_quote = had_any = FALSE;
          line++;
        }
      else if (after_quote)
        {
          g_ptr_array_free (record, TRUE);
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "CSV line %u: text after a quoted field's closing quote",
                       line);
          return NULL;
        }
      else if (c == '"' && field->len == 0)
        {
          quoted = TRUE;
          quote_line = line;
        }
      else
        g_string_append_c (field, c);
    }
  if (quoted)
    {
      g_ptr_array_free (record, TRUE);
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "CSV line %u: a quote is not closed", quote_line);
      return NULL;
    }
  end_record (records, &record, field, had_any || field->len > 0 || after_quote);
  g_ptr_array_free (record, TRUE);
  return g_steal_pointer (&records);
}
