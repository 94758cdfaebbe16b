/* pd-import.c
 *
 * The staged imports of portdeskd, done from a file: the file is read
 * here, an import begun, each record (holdings) or part of rows (LPR
 * reads) sent with a progress callback, every row's error collected
 * (which row, which member, why), and the import committed only when no
 * row had one; anything else, a cancel included, deletes the import so
 * nothing is half imported.  portdeskctl and the app both run this one
 * implementation (the app in a worker thread).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-import"

#include "config.h"

#include <string.h>

#include "pd-csv.h"
#include "pd-error.h"
#include "pd-import.h"
#include "pd-json.h"

#define READS_PART 5000   /* rows a request */

void
pd_import_problem_free (PdImportProblem *p)
{
  if (p == NULL)
    return;
  g_free (p->field);
  g_free (p->why);
  g_free (p->message);
  g_free (p);
}

void
pd_import_result_clear (PdImportResult *r)
{
  g_clear_pointer (&r->problems, g_ptr_array_unref);
  g_clear_pointer (&r->messages, g_ptr_array_unref);
  g_clear_pointer (&r->committed, json_node_unref);
  r->total = 0;
}

/* One row's problem @text: a leading "row N: " names the row; a leading
 * "member: " or a "field 'member'" in it the field. */
static void
add_row_problem (PdImportResult *result,
                 guint           row,
                 const char     *text)
{
  PdImportProblem *p = g_new0 (PdImportProblem, 1);
  const char *rest = text, *colon;
  guint64 n;
  char *end;

  if (g_str_has_prefix (rest, "row ") && (n = g_ascii_strtoull (rest + 4, &end, 10)) > 0 &&
      g_str_has_prefix (end, ": ") && n <= G_MAXUINT)
    {
      row = (guint) n;
      rest = end + 2;
    }
  p->row = row;
  p->message = g_strdup (rest);
  colon = strstr (rest, ": ");
  if (colon != NULL && colon > rest && memchr (rest, ' ', colon - rest) == NULL)
    {
      p->field = g_strndup (rest, colon - rest);
      p->why = g_strdup (colon + 2);
    }
  else
    {
      /* "Field 'reason' must ...", "Missing required field 'reason'" */
      g_autoptr(GMatchInfo) m = NULL;
      static GRegex *named;

      if (g_once_init_enter (&named))
        g_once_init_leave (&named, g_regex_new ("[Ff]ield '([A-Za-z0-9_.]+)'", G_REGEX_OPTIMIZE, 0, NULL));
      if (g_regex_match (named, rest, 0, &m))
        p->field = g_match_info_fetch (m, 1);
      p->why = g_strdup (rest);
    }
  g_ptr_array_add (result->problems, p);
}

/* The service refused row @row (0: a part of rows, or a whole file) with
 * @message: kept as worded, and listed a row a problem (a summary such as
 * "Nothing was stored: N of M reads have errors: row 7: ...; row 9: ..."
 * names each of its first rows in error). */
static void
add_problem (PdImportResult *result,
             guint           row,
             const char     *message)
{
  const char *list = message;
  g_auto(GStrv) parts = NULL;

  g_ptr_array_add (result->messages, row > 0 ? g_strdup_printf ("row %u: %s", row, message) : g_strdup (message));
  if (row == 0)
    {
      g_autoptr(GMatchInfo) m = NULL;
      static GRegex *first_row;
      int start;

      if (g_once_init_enter (&first_row))
        g_once_init_leave (&first_row, g_regex_new (": (row [0-9]+: )", G_REGEX_OPTIMIZE, 0, NULL));
      if (g_regex_match (first_row, message, 0, &m) && g_match_info_fetch_pos (m, 1, &start, NULL))
        list = message + start;
    }
  parts = g_regex_split_simple ("; (?=row [0-9]+: )", list, 0, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean more = parts[i + 1] == NULL && g_str_has_suffix (parts[i], "; ...");

      if (more)
        parts[i][strlen (parts[i]) - 5] = '\0';
      add_row_problem (result, row, parts[i]);
      if (more)
        add_row_problem (result, 0, "more rows have errors than the service lists");
    }
}

static void
report (PdImportProgress progress,
        gpointer         user_data,
        guint            done,
        guint            total)
{
  if (progress != NULL)
    progress (done, total, user_data);
}

/* Deletes the staged import @base (a cancel, a failure, rows in error). */
static void
cancel_import (PdClient   *client,
               const char *base)
{
  g_autoptr(JsonNode) cancelled = pd_client_call (client, "DELETE", base, NULL, NULL);
}

static gboolean
cancelled (GCancellable  *cancellable,
           PdClient      *client,
           const char    *base,
           GError       **error)
{
  if (!g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  cancel_import (client, base);
  return TRUE;
}

/* --- holdings ----------------------------------------------------------------- */

/* The members of a holdings record, in CSV column order. */
/* The end of a staged import at @base of @n rows: committed when no row
 * had a problem (and there was a row), else deleted; FALSE on a failure or
 * a cancel (deleted too). */
static gboolean
finish_import (PdClient          *client,
               const char        *base,
               guint              n,
               PdImportProgress   progress,
               gpointer           user_data,
               GCancellable      *cancellable,
               PdImportResult    *result,
               GError           **error)
{
  g_autofree char *commit = NULL;

  if (cancelled (cancellable, client, base, error))
    return FALSE;
  report (progress, user_data, n, n);
  if (result->problems->len > 0 || n == 0)
    {
      cancel_import (client, base);
      return TRUE;
    }
  commit = g_strconcat (base, "/commit", NULL);
  result->committed = pd_client_call (client, "POST", commit, NULL, error);
  return result->committed != NULL;
}

static const char * const record_members[] = {
  "first_name", "last_name", "birth_date", "a_number", "citizenship", "passport_at_arrival", "intent_to_depart",
  "eligible_to_fly", "protected_class", "lawful_entry", "watch_list", "documents", "source", "source_date",
  "photos", NULL
};

static gboolean
is_bool_member (const char *m)
{
  return g_str_equal (m, "passport_at_arrival") || g_str_equal (m, "intent_to_depart") ||
         g_str_equal (m, "eligible_to_fly") || g_str_equal (m, "protected_class") || g_str_equal (m, "lawful_entry") ||
         g_str_equal (m, "watch_list");
}

/* @photos (file names under @dir) as base64 strings, replacing them. */
static gboolean
load_photos (JsonObject  *record,
             const char  *dir,
             GError     **error)
{
  JsonNode *node = json_object_get_member (record, "photos");
  g_autoptr(JsonArray) out = json_array_new ();
  JsonArray *names;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;   /* the service says what is missing */
  names = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      const char *name = json_array_get_string_element (names, i);
      g_autofree char *path = NULL, *data = NULL, *text = NULL;
      gsize len;

      if (name == NULL || *name == '\0')
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "photos[%u]: a file name", i);
          return FALSE;
        }

      path = g_path_is_absolute (name) || dir == NULL ? g_strdup (name) : g_build_filename (dir, name, NULL);
      if (!g_file_get_contents (path, &data, &len, error))
        {
          g_prefix_error (error, "photos[%u]: ", i);
          return FALSE;
        }
      text = g_base64_encode ((const guchar *) data, len);
      json_array_add_string_element (out, text);
    }
  json_object_set_array_member (record, "photos", g_steal_pointer (&out));
  return TRUE;
}

/* One CSV row as a record object (booleans as yes/no, true/false, 1/0;
 * photos as file names separated by ';', documents as NUMBER/CTY
 * separated by ';' or spaces). */
static JsonObject *
record_from_csv (char       **header,
                 char       **row,
                 GError     **error)
{
  g_autoptr(JsonObject) o = json_object_new ();

  if (g_strv_length (row) != g_strv_length (header))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%u fields where the header has %u", g_strv_length (row),
                   g_strv_length (header));
      return NULL;
    }
  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (row[i]));
      const char *m = header[i];

      if (g_str_equal (m, "photos") || g_str_equal (m, "documents"))
        {
          g_auto(GStrv) names = g_strsplit_set (value, g_str_equal (m, "photos") ? ";" : "; ", -1);
          JsonArray *a = json_array_new ();

          for (guint k = 0; names[k] != NULL; k++)
            if (*g_strstrip (names[k]) != '\0')
              json_array_add_string_element (a, names[k]);
          json_object_set_array_member (o, m, a);
        }
      else if (is_bool_member (m))
        {
          g_autofree char *v = g_ascii_strdown (value, -1);

          if (*v == '\0' && (g_str_equal (m, "protected_class") || g_str_equal (m, "lawful_entry") ||
                             g_str_equal (m, "watch_list")))
            continue;
          if (g_strv_contains ((const char * const[]) { "yes", "y", "true", "1", NULL }, v))
            json_object_set_boolean_member (o, m, TRUE);
          else if (g_strv_contains ((const char * const[]) { "no", "n", "false", "0", NULL }, v))
            json_object_set_boolean_member (o, m, FALSE);
          else
            {
              g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: '%s' is not yes or no", m, value);
              return NULL;
            }
        }
      else if (*value != '\0')
        json_object_set_string_member (o, m, value);
    }
  return g_steal_pointer (&o);
}

/* The records of @file (CSV with a header row, or JSON: an array of
 * objects or {"records": [...]}), JsonObject each; a row that cannot be
 * read becomes NULL with its problem in @result. */
static GPtrArray *
read_records (const char      *file,
              PdImportResult  *result,
              GError         **error)
{
  g_autofree char *text = NULL;
  gsize len;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (!g_file_get_contents (file, &text, &len, error))
    return NULL;
  if (g_str_has_suffix (file, ".csv"))
    {
      g_autoptr(GPtrArray) rows = pd_csv_parse (text, len, error);
      char **header;

      if (rows == NULL)
        return NULL;
      if (rows->len == 0)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s is empty", file);
          return NULL;
        }
      header = rows->pdata[0];
      for (guint i = 0; header[i] != NULL; i++)
        if (!g_strv_contains (record_members, g_strstrip (header[i])))
          {
            g_autofree char *known = g_strjoinv (", ", (char **) record_members);
            g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: unknown column '%s' (the columns: %s)", file,
                         header[i], known);
            return NULL;
          }
      for (guint r = 1; r < rows->len; r++)
        {
          g_autoptr(GError) local = NULL;
          JsonObject *o = record_from_csv (header, rows->pdata[r], &local);

          if (o == NULL)
            add_problem (result, r, local->message);
          g_ptr_array_add (out, o);
        }
    }
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root, *list;

      if (!json_parser_load_from_data (parser, text, len, error))
        return NULL;
      root = json_parser_get_root (parser);
      list = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ?
             json_object_get_member (json_node_get_object (root), "records") : root;
      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: an array of records, or {\"records\": [...]}", file);
          return NULL;
        }
      for (guint r = 0; r < json_array_get_length (json_node_get_array (list)); r++)
        {
          JsonNode *n = json_array_get_element (json_node_get_array (list), r);

          if (!JSON_NODE_HOLDS_OBJECT (n))
            add_problem (result, r + 1, "not an object");
          g_ptr_array_add (out, JSON_NODE_HOLDS_OBJECT (n) ? json_object_ref (json_node_get_object (n)) : NULL);
        }
    }
  return g_steal_pointer (&out);
}

static gboolean
import_holdings (PdClient          *client,
                 const char        *file,
                 const char        *photos,
                 PdImportProgress   progress,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 PdImportResult    *result,
                 GError           **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonNode) begun = NULL;
  g_autofree char *base = NULL, *path = NULL;

  records = read_records (file, result, error);
  if (records == NULL)
    return FALSE;
  result->total = records->len;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  begun = pd_client_call (client, "POST", "/v1/holdings/imports", NULL, error);
  if (begun == NULL)
    return FALSE;
  base = g_strdup_printf ("/v1/holdings/imports/%s", pd_json_str (json_node_get_object (begun), "import"));
  path = g_strconcat (base, "/records", NULL);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *o = records->pdata[i];
      g_autoptr(JsonNode) body = NULL, r = NULL;
      g_autoptr(GError) local = NULL;

      if (cancelled (cancellable, client, base, error))
        return FALSE;
      report (progress, user_data, i, records->len);
      if (o == NULL)
        continue;
      if (!load_photos (o, photos, &local))
        {
          add_problem (result, i + 1, local->message);
          continue;
        }
      body = json_node_init_object (json_node_alloc (), o);
      r = pd_client_call (client, "POST", path, body, &local);
      json_object_remove_member (o, "photos");   /* sent: not kept for the rest of the file */
      if (r == NULL)
        {
          if (!g_error_matches (local, PD_ERROR, PD_ERROR_INVALID) && !g_error_matches (local, PD_ERROR, PD_ERROR_CONFLICT))
            {
              cancel_import (client, base);
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          add_problem (result, i + 1, local->message);
        }
    }
  return finish_import (client, base, records->len, progress, user_data, cancellable, result, error);
}

/* --- LPR reads ------------------------------------------------------------------ */

/* The CSV @file in parts of READS_PART rows (each with the header). */
static gboolean
import_reads (PdClient          *client,
              const char        *file,
              PdImportProgress   progress,
              gpointer           user_data,
              GCancellable      *cancellable,
              PdImportResult    *result,
              GError           **error)
{
  g_autofree char *text = NULL, *base = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonNode) begun = NULL;
  gsize len;
  char **header;

  if (!g_file_get_contents (file, &text, &len, error) || (rows = pd_csv_parse (text, len, error)) == NULL)
    return FALSE;
  if (rows->len < 2)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s has no rows under its header", file);
      return FALSE;
    }
  result->total = rows->len - 1;
  header = rows->pdata[0];
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if ((begun = pd_client_call (client, "POST", "/v1/lpr/imports", NULL, error)) == NULL)
    return FALSE;
  base = g_strdup_printf ("/v1/lpr/imports/%" G_GINT64_FORMAT, pd_json_int (json_node_get_object (begun), "import", 0));
  for (guint r = 1; r < rows->len; r += READS_PART)
    {
      g_autoptr(GString) part = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) staged = NULL;
      g_autofree char *path = g_strdup_printf ("%s/rows?first=%u", base, r);
      g_autoptr(GError) local = NULL;

      if (cancelled (cancellable, client, base, error))
        return FALSE;
      report (progress, user_data, r - 1, rows->len - 1);
      for (guint i = 0; i == 0 || (i < READS_PART + 1 && r + i - 1 < rows->len); i++)
        {
          char **fields = i == 0 ? header : rows->pdata[r + i - 1];

          for (guint k = 0; fields[k] != NULL; k++)
            {
              if (k > 0)
                g_string_append_c (part, ',');
              pd_csv_append_field (part, fields[k]);
            }
          g_string_append (part, "\r\n");
        }
      bytes = g_string_free_to_bytes (g_steal_pointer (&part));
      if ((staged = pd_client_call_bytes (client, "POST", path, "text/csv", bytes, &local)) == NULL)
        {
          if (!g_error_matches (local, PD_ERROR, PD_ERROR_INVALID))
            {
              cancel_import (client, base);
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          add_problem (result, 0, local->message);
        }
    }
  return finish_import (client, base, rows->len - 1, progress, user_data, cancellable, result, error);
}

/* --- a display's items ------------------------------------------------------------ */

/* The whole CSV in one request: the service stores all of it or nothing. */
static gboolean
import_items (PdClient          *client,
              const char        *file,
              const char        *display,
              PdImportProgress   progress,
              gpointer           user_data,
              GCancellable      *cancellable,
              PdImportResult    *result,
              GError           **error)
{
  g_autofree char *data = NULL, *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  if (display == NULL || *display == '\0')
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Choose the display the items are for");
      return FALSE;
    }
  if (!g_file_get_contents (file, &data, &len, error))
    return FALSE;
  result->total = 1;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  report (progress, user_data, 0, 1);
  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  path = g_strconcat ("/v1/lpr/displays/", display, "/import", NULL);
  result->committed = pd_client_call_bytes (client, "POST", path, "text/csv", bytes, &local);
  if (result->committed == NULL)
    {
      if (!g_error_matches (local, PD_ERROR, PD_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      add_problem (result, 0, local->message);
    }
  report (progress, user_data, 1, 1);
  return TRUE;
}

gboolean
pd_import_run (PdClient          *client,
               PdImportKind       kind,
               const char        *file,
               const char        *extra,
               PdImportProgress   progress,
               gpointer           user_data,
               GCancellable      *cancellable,
               PdImportResult    *result,
               GError           **error)
{
  g_return_val_if_fail (PD_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_import_problem_free);
  result->messages = g_ptr_array_new_with_free_func (g_free);
  switch (kind)
    {
    case PD_IMPORT_HOLDINGS:
      return import_holdings (client, file, extra, progress, user_data, cancellable, result, error);
    case PD_IMPORT_LPR_READS:
      return import_reads (client, file, progress, user_data, cancellable, result, error);
    case PD_IMPORT_DISPLAY_ITEMS:
      return import_items (client, file, extra, progress, user_data, cancellable, result, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}
