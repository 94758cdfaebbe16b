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

/* A member as text: a string, or a number written out; NULL when absent
 * or null; FALSE for other kinds. */
static gboolean
member_text (JsonObject   *o,
             const char   *name,
             char        **out,
             GError      **error)
{
  JsonNode *n = json_object_get_member (o, name);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    *out = g_strstrip (g_strdup (json_node_get_string (n)));
  else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
    *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_DOUBLE)
    *out = g_strdup_printf ("%.17g", json_node_get_double (n));
  else
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: a string or a number", name);
      return FALSE;
    }
  if (**out == '\0')
    g_clear_pointer (out, g_free);
  return TRUE;
}

/* Optional text of at most @max bytes (upper-cased when @upper). */
static gboolean
optional_text (JsonObject   *o,
               const char   *name,
               gsize         max,
               gboolean      upper,
               char        **out,
               GError      **error)
{
  if (!member_text (o, name, out, error) || (*out != NULL && !pd_text_check (name, *out, max, error)))
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

gboolean
pd_lpr_plate_and_state (JsonObject   *o,
                 char        **plate,
                 char        **key,
                 char        **state,
                 GError      **error)
{
  g_autofree char *text = NULL;

  if (!member_text (o, "plate", &text, error))
    return FALSE;
  if (text == NULL || !pd_lpr_plate_normalize (text, plate, key))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "plate: 1 to 10 letters and digits (spaces and dashes "
                           "are dropped)");
      return FALSE;
    }
  if (!optional_text (o, "state", 3, TRUE, state, error))
    return FALSE;
  if (!valid_state (*state))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "state: the state or province code, 2 or 3 letters "
                           "(CA, ON, BC, ...)");
      return FALSE;
    }
  return TRUE;
}

const char * const pd_lpr_read_columns[] = {
  "plate", "state", "observed_at", "reader_id", "reader_address", "lat", "lon", "camera_owner", "camera_type",
  "make", "model", "image_ref", NULL
};

PdLprRead *
pd_lpr_read_from_object (JsonObject  *o,
                  gint64       now,
                  GError     **error)
{
  g_autoptr(PdLprRead) r = g_new0 (PdLprRead, 1);
  g_autofree char *observed = NULL, *lat = NULL, *lon = NULL;
  JsonObjectIter iter;
  const char *member;

  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, NULL))
    if (!g_strv_contains (pd_lpr_read_columns, member))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) pd_lpr_read_columns);
        g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: not a field of a read (%s)", member, known);
        return NULL;
      }
  if (!pd_lpr_plate_and_state (o, &r->plate, &r->plate_key, &r->state, error) ||
      !member_text (o, "observed_at", &observed, error))
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
  if (!optional_text (o, "reader_id", 64, FALSE, &r->reader_id, error) ||
      !optional_text (o, "reader_address", 200, FALSE, &r->reader_address, error) ||
      !optional_text (o, "camera_owner", 100, FALSE, &r->camera_owner, error) ||
      !optional_text (o, "camera_type", 50, FALSE, &r->camera_type, error) ||
      !optional_text (o, "make", 50, TRUE, &r->make, error) ||
      !optional_text (o, "model", 50, TRUE, &r->model, error) ||
      !optional_text (o, "image_ref", 500, FALSE, &r->image_ref, error) ||
      !member_text (o, "lat", &lat, error) || !member_text (o, "lon", &lon, error))
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

