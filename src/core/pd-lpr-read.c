/* pd-lpr-read.c: license-plate reads and display items as they come in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-lpr"

#include <string.h>

#include "pd-clock.h"
#include "pd-csv.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-lpr-read.h"

#define FIVE_YEARS ((gint64) (5 * 365 + 1) * PD_USEC_PER_DAY)

void
pd_lpr_read_free (PdLprRead *r)
{
  if (r == NULL)
    return;
  g_free (r->plate);
  g_free (r->state);
  g_free (r->plate_key);
  g_free (r->reader_id);
  g_free (r->reader_address);
  g_free (r->camera_owner);
  g_free (r->camera_type);
  g_free (r->make);
  g_free (r->model);
  g_free (r->image_ref);
  g_free (r);
}

static const char look_alike_from[] = "OIBSZ";
static const char look_alike_to[]   = "01852";

gboolean
pd_lpr_plate_normalize (const char  *text,
                        char       **out_plate,
                        char       **out_key)
{
  g_autoptr(GString) plate = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isalnum (*p))
        return FALSE;
      g_string_append_c (plate, g_ascii_toupper (*p));
    }
  if (plate->len < 1 || plate->len > 10)
    return FALSE;
  if (out_key != NULL)
    {
      char *key = g_strdup (plate->str);

      for (char *k = key; *k != '\0'; k++)
        {
          const char *at = strchr (look_alike_from, *k);

          if (at != NULL)
            *k = look_alike_to[at - look_alike_from];
        }
      *out_key = key;
    }
  *out_plate = g_string_free (g_steal_pointer (&plate), FALSE);
  return TRUE;
}

const char * const pd_lpr_read_columns[] = {
  "plate", "state", "observed_at", "reader_id", "reader_address", "lat", "lon", "camera_owner", "camera_type",
  "make", "model", "image_ref", NULL
};

/* the members of a read, as in pd_lpr_read_columns */
enum { COL_PLATE, COL_STATE, COL_OBSERVED_AT, COL_READER_ID, COL_READER_ADDRESS, COL_LAT, COL_LON, COL_CAMERA_OWNER,
       COL_CAMERA_TYPE, COL_MAKE, COL_MODEL, COL_IMAGE_REF, N_COLS };

/* A read's members as text before their checks, whichever way they came:
 * a string stripped, a number written out, NULL when absent, null or
 * empty; a bit in @bad for a member of another kind. */
typedef struct {
  char  *text[N_COLS];
  guint  bad;
} Texts;

static void
texts_clear (Texts *t)
{
  for (guint i = 0; i < N_COLS; i++)
    g_clear_pointer (&t->text[i], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Texts, texts_clear)

/* The column @name is (-1: none). */
static int
column_of (const char *name,
           gsize       len)
{
  static const guint8 lengths[N_COLS] = { 5, 5, 11, 9, 14, 3, 3, 12, 11, 4, 5, 9 };

  for (int i = 0; i < N_COLS; i++)
    if (lengths[i] == len && memcmp (pd_lpr_read_columns[i], name, len) == 0)
      return i;
  return -1;
}

/* Member @col of @o into @t. */
static void
texts_take_member (Texts       *t,
                   JsonObject  *o,
                   guint        col)
{
  JsonNode *n = json_object_get_member (o, pd_lpr_read_columns[col]);
  char *text = NULL;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    text = g_strstrip (g_strdup (json_node_get_string (n)));
  else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_DOUBLE)
    text = g_strdup_printf ("%.17g", json_node_get_double (n));
  else
    {
      t->bad |= 1u << col;
      return;
    }
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  t->text[col] = text;
}

/* Member @col as text (NULL when absent or null); FALSE for other kinds. */
static gboolean
take_text (Texts       *t,
           guint        col,
           char       **out,
           GError     **error)
{
  *out = NULL;
  if (t->bad & (1u << col))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: a string or a number", pd_lpr_read_columns[col]);
      return FALSE;
    }
  *out = g_steal_pointer (&t->text[col]);
  return TRUE;
}

/* Optional text of at most @max bytes (upper-cased when @upper). */
static gboolean
optional_text (Texts       *t,
               guint        col,
               gsize        max,
               gboolean     upper,
               char       **out,
               GError     **error)
{
  if (!take_text (t, col, out, error) ||
      (*out != NULL && !pd_text_check (pd_lpr_read_columns[col], *out, max, error)))
    return FALSE;
  if (upper && *out != NULL)
    {
      char *u = g_utf8_strup (*out, -1);

      g_free (*out);
      *out = u;
    }
  return TRUE;
}

static gboolean
valid_state (const char *state)
{
  gsize n = state != NULL ? strlen (state) : 0;

  if (n < 2 || n > 3)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isupper (state[i]))
      return FALSE;
  return TRUE;
}

static gboolean
plate_and_state (Texts       *t,
                 char       **plate,
                 char       **key,
                 char       **state,
                 GError     **error)
{
  g_autofree char *text = NULL;

  if (!take_text (t, COL_PLATE, &text, error))
    return FALSE;
  if (text == NULL || !pd_lpr_plate_normalize (text, plate, key))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "plate: 1 to 10 letters and digits (spaces and dashes "
                           "are dropped)");
      return FALSE;
    }
  if (!optional_text (t, COL_STATE, 3, TRUE, state, error))
    return FALSE;
  if (!valid_state (*state))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "state: the state or province code, 2 or 3 letters "
                           "(CA, ON, BC, ...)");
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_lpr_plate_and_state (JsonObject   *o,
                        char        **plate,
                        char        **key,
                        char        **state,
                        GError      **error)
{
  g_auto(Texts) t = { { NULL } };

  texts_take_member (&t, o, COL_PLATE);
  texts_take_member (&t, o, COL_STATE);
  return plate_and_state (&t, plate, key, state, error);
}

/* The read of @t (its texts taken), checked in the order of its members. */
static PdLprRead *
read_from_texts (Texts       *t,
                 gint64       now,
                 GError     **error)
{
  g_autoptr(PdLprRead) r = g_new0 (PdLprRead, 1);
  g_autofree char *observed = NULL, *lat = NULL, *lon = NULL;

  if (!plate_and_state (t, &r->plate, &r->plate_key, &r->state, error) ||
      !take_text (t, COL_OBSERVED_AT, &observed, error))
    return NULL;
  if (observed == NULL || !pd_time_parse (observed, &r->observed_at))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "observed_at: the date and time of the read, ISO 8601 "
                           "with its zone (2026-12-05T14:03:00Z)");
      return NULL;
    }
  if (r->observed_at > now + 5 * 60 * G_USEC_PER_SEC)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "observed_at: %s is in the future", observed);
      return NULL;
    }
  if (r->observed_at < now - FIVE_YEARS)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "observed_at: %s is more than 5 years ago; such reads are "
                   "not accepted", observed);
      return NULL;
    }
  if (!optional_text (t, COL_READER_ID, 64, FALSE, &r->reader_id, error) ||
      !optional_text (t, COL_READER_ADDRESS, 200, FALSE, &r->reader_address, error) ||
      !optional_text (t, COL_CAMERA_OWNER, 100, FALSE, &r->camera_owner, error) ||
      !optional_text (t, COL_CAMERA_TYPE, 50, FALSE, &r->camera_type, error) ||
      !optional_text (t, COL_MAKE, 50, TRUE, &r->make, error) ||
      !optional_text (t, COL_MODEL, 50, TRUE, &r->model, error) ||
      !optional_text (t, COL_IMAGE_REF, 500, FALSE, &r->image_ref, error) ||
      !take_text (t, COL_LAT, &lat, error) || !take_text (t, COL_LON, &lon, error))
    return NULL;
  if (r->reader_id == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "reader_id: which reader made the read");
      return NULL;
    }
  if ((lat == NULL) != (lon == NULL))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "lat, lon: both or neither");
      return NULL;
    }
  if (lat != NULL)
    {
      char *end_lat = NULL, *end_lon = NULL;

      r->lat = g_ascii_strtod (lat, &end_lat);
      r->lon = g_ascii_strtod (lon, &end_lon);
      if (*end_lat != '\0' || *end_lon != '\0' || !(r->lat >= -90 && r->lat <= 90) ||
          !(r->lon >= -180 && r->lon <= 180))
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "lat, lon: degrees, -90 to 90 and -180 to 180");
          return NULL;
        }
      r->has_position = TRUE;
    }
  return g_steal_pointer (&r);
}

PdLprRead *
pd_lpr_read_from_object (JsonObject  *o,
                         gint64       now,
                         GError     **error)
{
  g_auto(Texts) t = { { NULL } };
  JsonObjectIter iter;
  const char *member;

  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, NULL))
    if (column_of (member, strlen (member)) < 0)
      {
        g_autofree char *known = g_strjoinv (", ", (char **) pd_lpr_read_columns);
        g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: not a field of a read (%s)", member, known);
        return NULL;
      }
  for (guint col = 0; col < N_COLS; col++)
    texts_take_member (&t, o, col);
  return read_from_texts (&t, now, error);
}

/* --- a feed's batch, without a JSON tree ------------------------------------------
 * The tree json-glib builds of a 2,000-read batch is some 50,000 nodes,
 * allocated, sealed, hashed and freed again: most of the intake's CPU.
 * The plain form of a batch is read here straight into its reads: the one
 * member "reads", an array of objects whose members are read columns,
 * each at most once, and whose values are strings without escapes,
 * numbers without exponents, or null.  Every read then takes the same
 * checks as above.  Anything else (another shape, escapes, other kinds,
 * a read that fails its checks, a body the general parser would refuse)
 * gives NULL and the caller takes the general path, which gives the same
 * reads or words what is wrong. */

typedef struct {
  const char *p, *end;
  guint       commas;   /* as pd_json_check_shape counts values */
} Scan;

static gboolean
scan_char (Scan *s,
           char  c)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
  if (s->p < s->end && *s->p == c)
    {
      s->p++;
      if (c == ',')
        s->commas++;
      return TRUE;
    }
  return FALSE;
}

/* A string without escapes or control characters, valid UTF-8: its bytes. */
static gboolean
scan_string (Scan        *s,
             const char **start,
             gsize       *len)
{
  const char *b;

  if (!scan_char (s, '"'))
    return FALSE;
  for (b = s->p; s->p < s->end && *s->p != '"'; s->p++)
    if (*s->p == '\\' || (guchar) *s->p < 0x20)
      return FALSE;
  if (s->p >= s->end || !g_utf8_validate_len (b, s->p - b, NULL))
    return FALSE;
  *start = b;
  *len = s->p - b;
  s->p++;
  return TRUE;
}

/* Member @col's value as texts_take_member writes it, but that lat and lon
 * keep a fraction as sent (it reads back as the same double, without the
 * round trip through "%.17g"); FALSE to leave it to the general path. */
static gboolean
scan_value (Scan   *s,
            guint   col,
            char  **out)
{
  const char *start, *p;
  gsize len;
  gboolean real = FALSE;
  char number[32];

  *out = NULL;
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
  if (s->p >= s->end)
    return FALSE;
  if (*s->p == '"')
    {
      if (!scan_string (s, &start, &len))
        return FALSE;
      *out = g_strstrip (g_strndup (start, len));
      if (**out == '\0')
        g_clear_pointer (out, g_free);
      return TRUE;
    }
  if (s->end - s->p >= 4 && memcmp (s->p, "null", 4) == 0)
    {
      s->p += 4;
      return TRUE;
    }
  /* -?(0|[1-9][0-9]*)(.[0-9]+)?, at most 18 digits before the point */
  p = s->p;
  if (p < s->end && *p == '-')
    p++;
  if (p < s->end && *p == '0')
    p++;
  else if (p < s->end && *p >= '1' && *p <= '9')
    while (p < s->end && g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;
  if (p - s->p > 18)
    return FALSE;
  if (p < s->end && *p == '.')
    {
      real = TRUE;
      if (++p >= s->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < s->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p >= s->end || *p == 'e' || *p == 'E' || g_ascii_isalnum (*p) || *p == '.' || p - s->p >= (int) sizeof number)
    return FALSE;
  memcpy (number, s->p, p - s->p);
  number[p - s->p] = '\0';
  s->p = p;
  if (real && (col == COL_LAT || col == COL_LON))
    *out = g_strdup (number);
  else
    *out = real ? g_strdup_printf ("%.17g", g_ascii_strtod (number, NULL))
                : g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (number, NULL, 10));
  return TRUE;
}

/* One read object into @t. */
static gboolean
scan_read (Scan   *s,
           Texts  *t)
{
  guint seen = 0;

  if (!scan_char (s, '{'))
    return FALSE;
  if (scan_char (s, '}'))
    return TRUE;
  do
    {
      const char *name;
      gsize len;
      int col;

      if (!scan_string (s, &name, &len) || (col = column_of (name, len)) < 0 || (seen & (1u << col)) ||
          !scan_char (s, ':') || !scan_value (s, col, &t->text[col]))
        return FALSE;
      seen |= 1u << col;
    }
  while (scan_char (s, ','));
  return scan_char (s, '}');
}

GPtrArray *
pd_lpr_reads_parse_plain (const char  *data,
                          gsize        len,
                          gint64       now)
{
  g_autoptr(GPtrArray) reads = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_lpr_read_free);
  Scan s = { data, data + len, 0 };
  const char *name;
  gsize name_len;

  if (data == NULL || memchr (data, '\0', len) != NULL ||
      !scan_char (&s, '{') || !scan_string (&s, &name, &name_len) || name_len != 5 || memcmp (name, "reads", 5) != 0 ||
      !scan_char (&s, ':') || !scan_char (&s, '[') || scan_char (&s, ']'))
    return NULL;
  do
    {
      g_auto(Texts) t = { { NULL } };
      PdLprRead *r;

      if (!scan_read (&s, &t) || (r = read_from_texts (&t, now, NULL)) == NULL)
        return NULL;
      g_ptr_array_add (reads, r);
    }
  while (scan_char (&s, ','));
  if (!scan_char (&s, ']') || !scan_char (&s, '}') || s.commas + 1 > PD_JSON_MAX_VALUES)
    return NULL;
  while (s.p < s.end && (*s.p == ' ' || *s.p == '\t' || *s.p == '\n' || *s.p == '\r'))
    s.p++;
  return s.p == s.end ? g_steal_pointer (&reads) : NULL;
}

GPtrArray *
pd_lpr_csv_objects (const char          *data,
                    gsize                len,
                    const char * const  *columns,
                    GError             **error)
{
  g_autoptr(GPtrArray) rows = pd_csv_parse (data, len, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  char **header;

  if (rows == NULL)
    return NULL;
  if (rows->len < 2)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The file has no rows under its header");
      return NULL;
    }
  header = rows->pdata[0];
  for (guint i = 0; header[i] != NULL; i++)
    if (!g_strv_contains (columns, g_strstrip (header[i])))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) columns);
        g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Unknown column '%s' (the columns: %s)", header[i], known);
        return NULL;
      }
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = rows->pdata[r];
      JsonObject *o;

      if (g_strv_length (row) != g_strv_length (header))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "row %u: %u fields where the header has %u", r,
                       g_strv_length (row), g_strv_length (header));
          return NULL;
        }
      o = json_object_new ();
      for (guint i = 0; header[i] != NULL; i++)
        if (*row[i] != '\0')
          json_object_set_string_member (o, header[i], row[i]);
      g_ptr_array_add (out, o);
    }
  return g_steal_pointer (&out);
}

