/* pd-ctl-tsa.c: `portdeskctl holdings ...` and `portdeskctl identity ...`
 *
 * Holdings are imported from a CSV or JSON file with a folder of photos
 * (pd-import.c, as in the app): the records are staged one by one (a
 * progress bar), every row's error is listed (which row, which member,
 * why), and only a file without errors is committed, in one transaction;
 * anything else imports nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-ctl"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "pd-ctl.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-mrz.h"

static int
import_holdings (PdCtl      *ctl,
                 PdClient   *client,
                 const char *file,
                 const char *photos)
{
  g_autoptr(JsonNode) done = NULL;
  JsonArray *ids;
  int status;

  if ((done = pd_ctl_import (client, PD_IMPORT_HOLDINGS, file, photos, "Importing holdings", &status)) == NULL)
    return status;
  if (ctl->json)
    {
      pd_ctl_print_json (done);
      return PD_CTL_OK;
    }
  ids = pd_json_array (json_node_get_object (done), "records");
  g_print ("Imported %u records (%s to %s); their templates are in the holdings gallery.\n",
           json_array_get_length (ids), json_array_get_string_element (ids, 0),
           json_array_get_string_element (ids, json_array_get_length (ids) - 1));
  return PD_CTL_OK;
}

static const char *
yes_no (JsonObject *o,
        const char *member)
{
  return pd_json_bool (o, member) ? "yes" : "no";
}

/* A record as an officer reads it; its first photo into @photo_out. */
static gboolean
print_record (JsonObject  *r,
              const char  *indent,
              const char  *photo_out,
              GError     **error)
{
  JsonArray *photos = pd_json_array (r, "photos"), *docs = pd_json_array (r, "documents");

  if (pd_json_bool (r, "protected_class"))
    g_print ("%s!! SPECIALLY PROTECTED CLASS (8 U.S.C. 1367, 8 CFR 208.6): do not disclose this record's "
             "information\n", indent);
  g_print ("%sRecord %s: %s, %s  born %s  A-number %s  citizenship %s\n", indent, pd_json_str (r, "record"),
           pd_json_str (r, "last_name"), pd_json_str (r, "first_name"), pd_json_str (r, "birth_date"),
           pd_json_str (r, "a_number") ? pd_json_str (r, "a_number") : "(none)", pd_json_str (r, "citizenship"));
  g_print ("%sPassport at last arrival: %s   Stated intent to depart: %s   Eligible to fly (ICE): %s\n", indent,
           yes_no (r, "passport_at_arrival"), yes_no (r, "intent_to_depart"), yes_no (r, "eligible_to_fly"));
  if (!pd_json_bool (r, "lawful_entry"))
    g_print ("%sNo lawful entry on record\n", indent);
  if (docs != NULL && json_array_get_length (docs) > 0)
    {
      g_print ("%sTravel documents:", indent);
      for (guint i = 0; i < json_array_get_length (docs); i++)
        g_print (" %s", json_array_get_string_element (docs, i));
      g_print ("\n");
    }
  g_print ("%sSource: %s, %s; %" G_GINT64_FORMAT " enrollment photo(s)\n", indent, pd_json_str (r, "source"),
           pd_json_str (r, "source_date"), pd_json_int (r, "n_photos", 0));
  if (photo_out != NULL && photos != NULL && json_array_get_length (photos) > 0)
    {
      gsize len;
      g_autofree guchar *data = g_base64_decode (json_array_get_string_element (photos, 0), &len);

      if (!g_file_set_contents (photo_out, (const char *) data, len, error))
        return FALSE;
      g_print ("%sMatched photograph written to %s\n", indent, photo_out);
    }
  return TRUE;
}

static int
print_result (PdCtl      *ctl,
              JsonNode   *node,
              GError     *error,
              const char *photo_out)
{
  JsonObject *o;
  const char *outcome;
  JsonArray *reasons;

  if (node == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    {
      pd_ctl_print_json (node);
      return PD_CTL_OK;
    }
  o = json_node_get_object (node);
  outcome = pd_json_str (o, "outcome");
  reasons = pd_json_array (pd_json_obj (o, "quality"), "reasons");
  g_print ("Check %" G_GINT64_FORMAT ": ", pd_json_int (o, "check", 0));
  if (g_strcmp0 (outcome, "match") == 0 || g_strcmp0 (outcome, "verified") == 0)
    g_print ("%s (similarity %.4f, at or above %.4f for target FMR %g; thresholds %s)\n",
             g_str_equal (outcome, "match") ? "MATCH" : "VERIFIED (green check)",
             json_object_get_double_member (o, "similarity"), json_object_get_double_member (o, "threshold"),
             json_object_get_double_member (o, "target_fmr"), pd_json_str (o, "thresholds_version"));
  else if (g_strcmp0 (outcome, "not-verified") == 0)
    g_print ("NOT VERIFIED (red X): %s\n", pd_json_str (o, "message"));
  else if (g_strcmp0 (outcome, "no-match") == 0)
    g_print ("NO MATCH in the holdings (target FMR %g). Search by name and date of birth or by A-number: "
             "identity search %" G_GINT64_FORMAT " ...\n", json_object_get_double_member (o, "target_fmr"),
             pd_json_int (o, "check", 0));
  else
    g_print ("NOT USABLE: take the photo again\n");
  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    g_print ("  %s%s\n", g_strcmp0 (outcome, "not-usable") == 0 ? "" : "Note: ",
             json_array_get_string_element (reasons, i));
  if (pd_json_obj (o, "record") != NULL && !print_record (pd_json_obj (o, "record"), "  ", photo_out, &error))
    return pd_ctl_fail (error);
  g_print ("  Answered in %.0f ms; the photo was not kept.\n", json_object_get_double_member (o, "response_ms"));
  return PD_CTL_OK;
}

int
pd_ctl_cmd_holdings (PdCtl  *ctl,
                     int     argc,
                     char  **argv)
{
  static const char usage[] = "holdings import FILE.csv|FILE.json [--photos DIR] | list [--cursor N] [--limit N] | "
                              "show RECORD [--photo-out FILE] | remove RECORD";
  static const char * const columns[] = { "record", "last_name", "first_name", "birth_date", "a_number",
                                          "citizenship", "n_photos", NULL };
  g_autofree char *photos = NULL, *photo_out = NULL;
  int cursor = 0, limit = 100;
  const GOptionEntry entries[] = {
    { "photos", 0, 0, G_OPTION_ARG_FILENAME, &photos, "import: the folder of the photos the file names", "DIR" },
    { "photo-out", 0, 0, G_OPTION_ARG_FILENAME, &photo_out, "show: write the first enrollment photo to FILE", "FILE" },
    { "cursor", 0, 0, G_OPTION_ARG_INT, &cursor, "list: after this record number", "N" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "list: at most N records (default 100)", "N" },
    { NULL }
  };
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- TSA holdings (admins)", &error))
    return pd_ctl_fail (error);
  if (argc < 2)
    return pd_ctl_usage (usage);
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (strcmp (argv[1], "import") == 0 && argc == 3)
    return import_holdings (ctl, client, argv[2], photos);
  if (strcmp (argv[1], "list") == 0 && argc == 2)
    {
      g_autofree char *path = g_strdup_printf ("/v1/holdings?cursor=%d&limit=%d", cursor, limit);

      return pd_ctl_get_and_print (ctl, path, columns);
    }
  if ((strcmp (argv[1], "show") == 0 || strcmp (argv[1], "remove") == 0) && argc == 3)
    {
      g_autofree char *rec = g_uri_escape_string (argv[2], NULL, FALSE);
      g_autofree char *path = g_strconcat ("/v1/holdings/", rec, NULL);

      if (strcmp (argv[1], "remove") == 0)
        {
          r = pd_client_call (client, "DELETE", path, NULL, &error);
          return pd_ctl_print_result (ctl, r, error, "Removed, with its photos and templates.");
        }
      r = pd_client_call (client, "GET", path, NULL, &error);
      if (r == NULL)
        return pd_ctl_fail (error);
      if (ctl->json)
        pd_ctl_print_json (r);
      else if (!print_record (json_node_get_object (r), "", photo_out, &error))
        return pd_ctl_fail (error);
      return PD_CTL_OK;
    }
  return pd_ctl_usage (usage);
}

int
pd_ctl_cmd_identity (PdCtl  *ctl,
                     int     argc,
                     char  **argv)
{
  static const char usage[] = "identity check PHOTO [--photo-out FILE] | decline | "
                              "search CHECK (--a-number A | --last-name L --first-name F --birth-date YYYY-MM-DD) | "
                              "verify CHECK RECORD PHOTO | report [--from YYYY-MM-DD] [--to YYYY-MM-DD] (as: report tsa --by port)";
  static const char * const columns[] = { "record", "last_name", "first_name", "birth_date", "a_number",
                                          "citizenship", NULL };
  g_autofree char *photo_out = NULL, *a_number = NULL, *last = NULL, *first = NULL, *birth = NULL;
  g_autofree char *from = NULL, *to = NULL;
  const GOptionEntry entries[] = {
    { "photo-out", 0, 0, G_OPTION_ARG_FILENAME, &photo_out, "check, verify: write the matched photograph to FILE", "FILE" },
    { "a-number", 0, 0, G_OPTION_ARG_STRING, &a_number, "search: by A-number", "A" },
    { "last-name", 0, 0, G_OPTION_ARG_STRING, &last, "search: last name (letters may differ a little)", "NAME" },
    { "first-name", 0, 0, G_OPTION_ARG_STRING, &first, "search: first name (or its initial)", "NAME" },
    { "birth-date", 0, 0, G_OPTION_ARG_STRING, &birth, "search: date of birth", "YYYY-MM-DD" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "report: first day", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "report: last day", "YYYY-MM-DD" },
    { NULL }
  };
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- the TSA identity check (TSA supervisors)", &error))
    return pd_ctl_fail (error);
  if (argc < 2)
    return pd_ctl_usage (usage);
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (strcmp (argv[1], "check") == 0 && argc == 3)
    {
      r = pd_ctl_post_photo (client, "/v1/identity/checks", argv[2], &error);
      return print_result (ctl, r, error, photo_out);
    }
  if (strcmp (argv[1], "decline") == 0 && argc == 2)
    {
      r = pd_client_call (client, "POST", "/v1/identity/declined", NULL, &error);
      if (r == NULL)
        return pd_ctl_fail (error);
      if (ctl->json)
        pd_ctl_print_json (r);
      else
        g_print ("Check %" G_GINT64_FORMAT ": the traveller declined the photo. Search by name and date of birth "
                 "or by A-number: identity search %" G_GINT64_FORMAT " ...\n",
                 pd_json_int (json_node_get_object (r), "check", 0), pd_json_int (json_node_get_object (r), "check", 0));
      return PD_CTL_OK;
    }
  if (strcmp (argv[1], "search") == 0 && argc == 3)
    {
      GString *path = g_string_new (NULL);
      g_autofree char *p = NULL;
      const char *names[] = { "a_number", "last_name", "first_name", "birth_date" };
      const char *values[] = { a_number, last, first, birth };
      JsonArray *items;

      g_string_printf (path, "/v1/identity/checks/%s/records?", argv[2]);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        pd_client_query_add (path, names[i], values[i]);
      p = g_string_free (path, FALSE);
      r = pd_client_call (client, "GET", p, NULL, &error);
      if (r == NULL)
        return pd_ctl_fail (error);
      items = pd_json_array (json_node_get_object (r), "items");
      if (ctl->json)
        pd_ctl_print_json (r);
      else if (json_array_get_length (items) == 0)
        g_print ("No record found. The traveller cannot be verified here.\n");
      else
        {
          pd_ctl_print_table (json_object_get_member (json_node_get_object (r), "items"), columns);
          g_print ("Verify the same photo against one of them: identity verify %s RECORD PHOTO\n", argv[2]);
        }
      return PD_CTL_OK;
    }
  if (strcmp (argv[1], "verify") == 0 && argc == 5)
    {
      g_autofree char *rec = g_uri_escape_string (argv[3], NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/v1/identity/checks/%s/verify?record=%s", argv[2], rec);

      r = pd_ctl_post_photo (client, path, argv[4], &error);
      return print_result (ctl, r, error, photo_out);
    }
  if (strcmp (argv[1], "report") == 0 && argc == 2)
    return pd_ctl_report_print (ctl, "tsa", from, to, "port", NULL, FALSE);
  return pd_ctl_usage (usage);
}

static const char *
check_name (PdMrzCheck c)
{
  return c == PD_MRZ_CHECK_OK ? "ok" : c == PD_MRZ_CHECK_FAILED ? "FAILED" : "none";
}

/* `portdeskctl mrz parse [FILE|LINE...]`: a document's MRZ read locally
 * (no service): its fields and every check digit; exit 1 when one fails. */
int
pd_ctl_cmd_mrz (PdCtl  *ctl,
                int     argc,
                char  **argv)
{
  static const char usage[] = "mrz parse [FILE | LINE LINE [LINE]] (standard input without arguments)";
  g_autoptr(PdMrz) mrz = NULL;
  g_autofree char *text = NULL;
  const GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- a machine-readable zone (ICAO 9303), read locally", &error))
    return pd_ctl_fail (error);
  if (argc < 2 || strcmp (argv[1], "parse") != 0)
    return pd_ctl_usage (usage);
  if (argc == 2)
    {
      g_autoptr(GIOChannel) in = g_io_channel_unix_new (STDIN_FILENO);

      if (g_io_channel_read_to_end (in, &text, NULL, &error) != G_IO_STATUS_NORMAL)
        return pd_ctl_fail (error);
    }
  else if (argc == 3 && g_file_test (argv[2], G_FILE_TEST_IS_REGULAR))
    {
      if (!g_file_get_contents (argv[2], &text, NULL, &error))
        return pd_ctl_fail (error);
    }
  else
    text = g_strjoinv ("\n", argv + 2);
  mrz = pd_mrz_parse (text, g_get_real_time () / G_USEC_PER_SEC, &error);
  if (mrz == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      const struct { const char *name, *value; } fields[] = {
        { "format", pd_mrz_format_name (mrz->format) }, { "document_code", mrz->document_code },
        { "issuing_state", mrz->issuing_state }, { "surname", mrz->surname }, { "given_names", mrz->given_names },
        { "document_number", mrz->document_number }, { "nationality", mrz->nationality },
        { "birth_date", mrz->birth_date }, { "sex", mrz->sex }, { "expiry_date", mrz->expiry_date },
        { "optional", mrz->optional }, { "optional2", mrz->optional2 },
        { "number_check", check_name (mrz->number_check) }, { "birth_check", check_name (mrz->birth_check) },
        { "expiry_check", check_name (mrz->expiry_check) }, { "optional_check", check_name (mrz->optional_check) },
        { "composite_check", check_name (mrz->composite_check) },
      };

      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (fields[i].value != NULL)
          {
            json_builder_set_member_name (b, fields[i].name);
            json_builder_add_string_value (b, fields[i].value);
          }
      json_builder_set_member_name (b, "warnings");
      json_builder_begin_array (b);
      for (guint i = 0; i < mrz->warnings->len; i++)
        json_builder_add_string_value (b, mrz->warnings->pdata[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      pd_ctl_print_json (root);
    }
  else
    {
      g_print ("%s %s issued by %s\n", pd_mrz_format_name (mrz->format), mrz->document_code, mrz->issuing_state);
      g_print ("  Name:          %s, %s\n", mrz->surname, mrz->given_names);
      g_print ("  Document:      %s (check digit %s)\n", mrz->document_number, check_name (mrz->number_check));
      g_print ("  Nationality:   %s   Sex: %s\n", mrz->nationality, mrz->sex);
      g_print ("  Date of birth: %s (check digit %s)\n", mrz->birth_date, check_name (mrz->birth_check));
      g_print ("  Expiry:        %s (check digit %s)\n", mrz->expiry_date, check_name (mrz->expiry_check));
      g_print ("  Optional:      %s%s%s (check digit %s)\n", mrz->optional, mrz->optional2 ? " / " : "",
               mrz->optional2 ? mrz->optional2 : "", check_name (mrz->optional_check));
      g_print ("  Composite check digit: %s\n", check_name (mrz->composite_check));
      for (guint i = 0; i < mrz->warnings->len; i++)
        g_print ("  Warning: %s\n", (char *) mrz->warnings->pdata[i]);
    }
  return pd_mrz_valid (mrz) ? PD_CTL_OK : PD_CTL_FAILED;
}
