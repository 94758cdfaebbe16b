/* pd-ctl-lpr.c: the LPR commands of portdeskctl
 *
 * `lpr read` plays a camera feed on the public intake API (--url and an
 * lpr_feed API key); everything else is the entitled analyst's side:
 * imports, alerts, displays and their items, cases, queries and saved
 * results; the auditor signs displays off each quarter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-ctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pd-ctl.h"
#include "pd-error.h"
#include "pd-json.h"

static const char usage[] =
  "lpr read --plate P --state S --reader ID [--at TIME] [--address A] [--lat N --lon N] [--camera-owner O]\n"
  "           [--camera-type T] [--make M] [--model M] [--image REF]          (a feed: --url, --api-key-file)\n"
  "       lpr import FILE.csv\n"
  "       lpr alerts [--open] | alert ID | dispose ID --disposition confirmed|misread|not-relevant --reason R\n"
  "       lpr displays | display create NAME --reason R | display show ID\n"
  "       lpr display add ID --plate P --state S --reason R [--expires YYYY-MM-DD] | display import ID FILE.csv\n"
  "       lpr display export ID [--output FILE] | validate ITEM | remove ITEM\n"
  "       lpr reviews [--quarter 2026-Q4] | review DISPLAY [--note N]\n"
  "       lpr cases | case open NUMBER --title T | case show ID | case close ID\n"
  "       lpr query --case ID [--plate P [--look-alikes]] [--address A] [--make M [--model M]] [--from D] [--to D]\n"
  "       lpr results QUERY | save QUERY READ...";

static const char * const alert_columns[] = { "id", "kind", "plate", "state", "listed_plate", "listed_state",
                                              "display", "last_read_at", "reads", "disposition", NULL };
static const char * const display_columns[] = { "id", "name", "owner", "items", "due", "last_review", NULL };
static const char * const item_columns[] = { "id", "plate", "state", "reason", "validated_at", "valid_until", "due",
                                             NULL };
static const char * const review_columns[] = { "display_id", "display", "owner", "items", "quarter", "signed_by",
                                               "signed_at", NULL };
static const char * const case_columns[] = { "id", "number", "title", "opened_at", "closed_at", "saved",
                                             "last_saved_at", NULL };
static const char * const read_columns[] = { "id", "plate", "state", "observed_at", "reader_id", "reader_address",
                                             "make", "model", NULL };

typedef struct {
  char *plate, *state, *reader, *at, *address, *lat, *lon, *camera_owner, *camera_type, *make, *model, *image;
  char *reason, *disposition, *expires, *quarter, *note, *title, *output, *from, *to;
  gint64 case_id;
  gboolean open, look_alikes;
} Options;

static void
options_clear (Options *o)
{
  char **fields[] = { &o->plate, &o->state, &o->reader, &o->at, &o->address, &o->lat, &o->lon, &o->camera_owner,
                      &o->camera_type, &o->make, &o->model, &o->image, &o->reason, &o->disposition, &o->expires,
                      &o->quarter, &o->note, &o->title, &o->output, &o->from, &o->to };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (fields[i], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Sets the members that were given. */
static void
set_strings (JsonObject *body,
             ...)
{
  va_list ap;

  va_start (ap, body);
  for (const char *name = va_arg (ap, const char *); name != NULL; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      if (value != NULL)
        json_object_set_string_member (body, name, value);
    }
  va_end (ap);
}

static int
post (PdCtl       *ctl,
      PdClient    *client,
      const char  *path,
      JsonObject  *body,            /* takes */
      const char  *done)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
  GError *error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (client, "POST", path, node, &error);

  json_object_unref (body);
  return pd_ctl_print_result (ctl, r, error, done);
}

/* A display's items from a CSV file: stored whole or not at all (pd-import.c). */
static int
import_items (PdCtl       *ctl,
              PdClient    *client,
              const char  *display,
              const char  *file)
{
  g_autoptr(JsonNode) done = NULL;
  int status;

  g_printerr ("Sending %s: stored whole or not at all...\n", file);
  if ((done = pd_ctl_import (client, PD_IMPORT_DISPLAY_ITEMS, file, display, "Importing items", &status)) != NULL)
    pd_ctl_print_json (done);
  return status;
}

/* The CSV @file in parts, staged in portdeskd with a progress bar; every
 * part's errors listed; committed only when no part had any, else
 * nothing imported (pd-import.c). */
static int
import_reads (PdCtl       *ctl,
              PdClient    *client,
              const char  *file)
{
  g_autoptr(JsonNode) done = NULL;
  int status;

  if ((done = pd_ctl_import (client, PD_IMPORT_LPR_READS, file, NULL, "Importing reads", &status)) == NULL)
    return status;
  if (ctl->json)
    pd_ctl_print_json (done);
  else
    g_print ("Imported %" G_GINT64_FORMAT " reads (%" G_GINT64_FORMAT " already there).\n",
             pd_json_int (json_node_get_object (done), "stored", 0),
             pd_json_int (json_node_get_object (done), "duplicates", 0));
  return PD_CTL_OK;
}

static int
read_as_feed (PdCtl    *ctl,
              Options  *o)
{
  GError *error = NULL;
  PdClient *client = pd_ctl_public (ctl, &error);
  g_autofree char *now = NULL;
  JsonObject *body;

  if (client == NULL)
    return pd_ctl_fail (error);
  if (o->at == NULL)
    {
      g_autoptr(GDateTime) t = g_date_time_new_now_utc ();
      now = g_date_time_format_iso8601 (t);
    }
  body = json_object_new ();
  set_strings (body, "plate", o->plate, "state", o->state, "reader_id", o->reader, "observed_at",
               o->at != NULL ? o->at : now, "reader_address", o->address, "lat", o->lat, "lon", o->lon,
               "camera_owner", o->camera_owner, "camera_type", o->camera_type, "make", o->make, "model", o->model,
               "image_ref", o->image, NULL);
  return post (ctl, client, "/v1/lpr/reads", body, "Read sent");
}

static int
print_with_list (PdCtl        *ctl,
                 PdClient     *client,
                 const char   *path,
                 const char   *list,
                 const char * const *columns)
{
  GError *error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (client, "GET", path, NULL, &error);
  g_autoptr(GList) members = NULL;
  JsonObject *o;
  JsonArray *items;

  if (r == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    {
      pd_ctl_print_json (r);
      return PD_CTL_OK;
    }
  o = json_node_get_object (r);
  members = json_object_get_members (o);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *v = json_object_get_member (o, l->data);

      if (JSON_NODE_HOLDS_VALUE (v))
        {
          g_autofree char *text = json_node_get_value_type (v) == G_TYPE_STRING ? g_strdup (json_node_get_string (v)) :
                                  pd_json_to_string (v, FALSE);
          g_print ("%-14s %s\n", (char *) l->data, text);
        }
      else if (JSON_NODE_HOLDS_ARRAY (v) && strcmp (l->data, list) != 0 && json_array_get_length (json_node_get_array (v)) > 0)
        {
          g_autofree char *text = pd_json_to_string (v, FALSE);
          g_print ("%-14s %s\n", (char *) l->data, text);
        }
    }
  items = pd_json_array (o, list);
  if (items != NULL)
    {
      g_autoptr(JsonObject) wrap = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_array_member (wrap, "items", json_array_ref (items));
      node = json_node_init_object (json_node_alloc (), wrap);
      g_print ("\n");
      pd_ctl_print_table (node, columns);
    }
  return PD_CTL_OK;
}

static int
display_command (PdCtl     *ctl,
                 PdClient  *client,
                 Options   *o,
                 int        argc,
                 char     **argv)
{
  g_autofree char *path = argc >= 4 ? g_strconcat ("/v1/lpr/displays/", argv[3], NULL) : NULL;
  JsonObject *body;

  if (argc == 4 && strcmp (argv[2], "create") == 0)
    {
      GError *error = NULL;
      g_autoptr(JsonNode) r = NULL;
      g_autoptr(JsonNode) node = NULL;

      body = json_object_new ();
      set_strings (body, "name", argv[3], "reason", o->reason, NULL);
      node = json_node_init_object (json_node_alloc (), body);
      json_object_unref (body);
      if ((r = pd_client_call (client, "POST", "/v1/lpr/displays", node, &error)) == NULL)
        return pd_ctl_fail (error);
      if (ctl->json)
        pd_ctl_print_json (r);
      else
        g_print ("Display %" G_GINT64_FORMAT " created.\nNotice: %s\n", pd_json_int (json_node_get_object (r), "id", 0),
                 pd_json_str (json_node_get_object (r), "notice"));
      return PD_CTL_OK;
    }
  if (argc == 4 && strcmp (argv[2], "show") == 0)
    return pd_ctl_get_and_print (ctl, path, item_columns);
  if (argc == 4 && strcmp (argv[2], "add") == 0)
    {
      g_autofree char *items = g_strconcat (path, "/items", NULL);

      body = json_object_new ();
      set_strings (body, "plate", o->plate, "state", o->state, "reason", o->reason, "expires", o->expires, NULL);
      return post (ctl, client, items, body, "Added");
    }
  if (argc == 5 && strcmp (argv[2], "import") == 0)
    return import_items (ctl, client, argv[3], argv[4]);
  if (argc == 4 && strcmp (argv[2], "export") == 0)
    {
      g_autofree char *export = g_strconcat (path, "/export", NULL);
      GError *error = NULL;
      guint status = 0;
      g_autoptr(GBytes) csv = pd_client_call_raw (client, "GET", export, NULL, NULL, &status, &error);
      gsize len;
      const char *data;

      if (csv == NULL)
        return pd_ctl_fail (error);
      data = g_bytes_get_data (csv, &len);
      if (o->output == NULL)
        fwrite (data, 1, len, stdout);
      else if (!g_file_set_contents (o->output, data, len, &error))
        return pd_ctl_fail (error);
      return PD_CTL_OK;
    }
  return pd_ctl_usage (usage);
}

static int
case_command (PdCtl     *ctl,
              PdClient  *client,
              Options   *o,
              int        argc,
              char     **argv)
{
  g_autofree char *path = argc == 4 ? g_strconcat ("/v1/lpr/cases/", argv[3], NULL) : NULL;

  if (argc == 4 && strcmp (argv[2], "open") == 0)
    {
      JsonObject *body = json_object_new ();

      set_strings (body, "number", argv[3], "title", o->title, NULL);
      return post (ctl, client, "/v1/lpr/cases", body, "Case opened");
    }
  if (argc == 4 && strcmp (argv[2], "show") == 0)
    return print_with_list (ctl, client, path, "items", read_columns);
  if (argc == 4 && strcmp (argv[2], "close") == 0)
    {
      g_autofree char *close = g_strconcat (path, "/close", NULL);
      return post (ctl, client, close, json_object_new (), "Case closed");
    }
  return pd_ctl_usage (usage);
}

static int
query_command (PdCtl     *ctl,
               PdClient  *client,
               Options   *o)
{
  g_autoptr(JsonNode) node = NULL, r = NULL;
  g_autofree char *path = NULL;
  JsonObject *body = json_object_new ();
  GError *error = NULL;

  json_object_set_int_member (body, "case", o->case_id);
  set_strings (body, "plate", o->plate, "reader_address", o->address, "make", o->make, "model", o->model, "from",
               o->from, "to", o->to, NULL);
  if (o->look_alikes)
    json_object_set_boolean_member (body, "look_alikes", TRUE);
  node = json_node_init_object (json_node_alloc (), body);
  json_object_unref (body);
  if ((r = pd_client_call (client, "POST", "/v1/lpr/queries", node, &error)) == NULL)
    return pd_ctl_fail (error);
  path = g_strdup_printf ("/v1/lpr/queries/%" G_GINT64_FORMAT, pd_json_int (json_node_get_object (r), "id", 0));
  return print_with_list (ctl, client, path, "items", read_columns);
}

int
pd_ctl_cmd_lpr (PdCtl  *ctl,
                int     argc,
                char  **argv)
{
  g_auto(Options) o = { 0 };
  const GOptionEntry entries[] = {
    { "plate", 0, 0, G_OPTION_ARG_STRING, &o.plate, "Plate number", "P" },
    { "state", 0, 0, G_OPTION_ARG_STRING, &o.state, "State or province code", "S" },
    { "reader", 0, 0, G_OPTION_ARG_STRING, &o.reader, "read: the reader's id", "ID" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &o.at, "read: when it was observed (ISO 8601; default now)", "TIME" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &o.address, "The reader's address", "A" },
    { "lat", 0, 0, G_OPTION_ARG_STRING, &o.lat, "read: latitude", "N" },
    { "lon", 0, 0, G_OPTION_ARG_STRING, &o.lon, "read: longitude", "N" },
    { "camera-owner", 0, 0, G_OPTION_ARG_STRING, &o.camera_owner, "read: who owns the camera", "O" },
    { "camera-type", 0, 0, G_OPTION_ARG_STRING, &o.camera_type, "read: fixed, mobile, ...", "T" },
    { "make", 0, 0, G_OPTION_ARG_STRING, &o.make, "Vehicle make", "M" },
    { "model", 0, 0, G_OPTION_ARG_STRING, &o.model, "Vehicle model", "M" },
    { "image", 0, 0, G_OPTION_ARG_STRING, &o.image, "read: plate image reference", "REF" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o.reason, "Why (a display, an item, a disposition)", "R" },
    { "disposition", 0, 0, G_OPTION_ARG_STRING, &o.disposition, "confirmed, misread or not-relevant", "D" },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &o.expires, "An item's own expiry date", "YYYY-MM-DD" },
    { "quarter", 0, 0, G_OPTION_ARG_STRING, &o.quarter, "reviews: which quarter (default: this one)", "Q" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &o.note, "review: a note with the sign-off", "N" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &o.title, "case open: its title", "T" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &o.output, "display export: write to FILE", "FILE" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o.from, "query: first day (default: 30 days ago)", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o.to, "query: last day (default: today)", "YYYY-MM-DD" },
    { "case", 0, 0, G_OPTION_ARG_INT64, &o.case_id, "query: the open case or event it is for", "ID" },
    { "open", 0, 0, G_OPTION_ARG_NONE, &o.open, "alerts: only those without a disposition", NULL },
    { "look-alikes", 0, 0, G_OPTION_ARG_NONE, &o.look_alikes, "query: also plates differing by O/0 I/1 B/8 S/5 Z/2",
      NULL },
    { NULL }
  };
  const char *cmd;
  g_autofree char *path = NULL;
  GError *error = NULL;
  PdClient *client;

  if (!pd_ctl_parse (&argc, &argv, entries, "- LPR reads, displays, alerts, cases and queries", &error))
    return pd_ctl_fail (error);
  if (argc < 2)
    return pd_ctl_usage (usage);
  cmd = argv[1];
  if (strcmp (cmd, "read") == 0 && argc == 2)
    return read_as_feed (ctl, &o);
  if ((client = pd_ctl_session (ctl, &error)) == NULL)
    return pd_ctl_fail (error);
  if (strcmp (cmd, "import") == 0 && argc == 3)
    return import_reads (ctl, client, argv[2]);
  if (strcmp (cmd, "alerts") == 0 && argc == 2)
    return pd_ctl_get_and_print (ctl, o.open ? "/v1/lpr/alerts?open=1" : "/v1/lpr/alerts", alert_columns);
  if (strcmp (cmd, "alert") == 0 && argc == 3)
    {
      path = g_strconcat ("/v1/lpr/alerts/", argv[2], NULL);
      return print_with_list (ctl, client, path, "items", read_columns);
    }
  if (strcmp (cmd, "dispose") == 0 && argc == 3)
    {
      JsonObject *body = json_object_new ();

      path = g_strconcat ("/v1/lpr/alerts/", argv[2], "/disposition", NULL);
      set_strings (body, "disposition", o.disposition, "reason", o.reason, NULL);
      return post (ctl, client, path, body, "Disposed");
    }
  if (strcmp (cmd, "displays") == 0 && argc == 2)
    return pd_ctl_get_and_print (ctl, "/v1/lpr/displays", display_columns);
  if (strcmp (cmd, "display") == 0 && argc >= 4)
    return display_command (ctl, client, &o, argc, argv);
  if ((strcmp (cmd, "validate") == 0 || strcmp (cmd, "remove") == 0) && argc == 3)
    {
      g_autoptr(JsonNode) r = NULL;

      path = g_strconcat ("/v1/lpr/items/", argv[2], strcmp (cmd, "validate") == 0 ? "/validate" : "", NULL);
      r = pd_client_call (client, strcmp (cmd, "validate") == 0 ? "POST" : "DELETE", path, NULL, &error);
      return pd_ctl_print_result (ctl, r, error, strcmp (cmd, "validate") == 0 ? "Re-validated for a year" :
                                  "Removed");
    }
  if (strcmp (cmd, "reviews") == 0 && argc == 2)
    {
      g_autoptr(GString) p = g_string_new ("/v1/lpr/reviews?");

      pd_client_query_add (p, "quarter", o.quarter);
      return pd_ctl_get_and_print (ctl, p->str, review_columns);
    }
  if (strcmp (cmd, "review") == 0 && argc == 3)
    {
      JsonObject *body = json_object_new ();

      path = g_strconcat ("/v1/lpr/displays/", argv[2], "/review", NULL);
      set_strings (body, "note", o.note, NULL);
      return post (ctl, client, path, body, "Signed off for this quarter");
    }
  if (strcmp (cmd, "cases") == 0 && argc == 2)
    return pd_ctl_get_and_print (ctl, "/v1/lpr/cases", case_columns);
  if (strcmp (cmd, "case") == 0 && argc == 4)
    return case_command (ctl, client, &o, argc, argv);
  if (strcmp (cmd, "query") == 0 && argc == 2)
    return query_command (ctl, client, &o);
  if (strcmp (cmd, "results") == 0 && argc == 3)
    {
      path = g_strconcat ("/v1/lpr/queries/", argv[2], NULL);
      return print_with_list (ctl, client, path, "items", read_columns);
    }
  if (strcmp (cmd, "save") == 0 && argc >= 4)
    {
      JsonObject *body = json_object_new ();
      JsonArray *reads = json_array_new ();

      for (int i = 3; i < argc; i++)
        {
          gint64 id;

          if (!g_ascii_string_to_signed (argv[i], 10, 1, G_MAXINT64, &id, &error))
            {
              json_array_unref (reads);
              json_object_unref (body);
              return pd_ctl_fail (error);
            }
          json_array_add_int_element (reads, id);
        }
      json_object_set_array_member (body, "reads", reads);
      path = g_strconcat ("/v1/lpr/queries/", argv[2], "/save", NULL);
      return post (ctl, client, path, body, "Saved to the case");
    }
  return pd_ctl_usage (usage);
}
