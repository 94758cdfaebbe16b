/* pd-ctl-scheduling.c: `portdeskctl broker ...` plays the requester over the
 * public intake API; `portdeskctl inspection ...` is the officer's side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <string.h>

#include "pd-clock.h"
#include "pd-ctl.h"
#include "pd-error.h"
#include "pd-json.h"

static const char * const list_columns[] = { "ref", "kind", "port", "status", "company", "window", "late", "unread", NULL };

/* Flattens the list answer for the table: company, window start, late. */
static void
print_inspections (JsonNode *reply)
{
  JsonObject *root = json_node_get_object (reply);
  JsonArray *items = json_object_get_array_member (root, "items");
  g_autoptr(JsonArray) flat = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      JsonObject *f = json_object_new ();
      JsonObject *req = json_object_get_object_member (o, "requester");

      json_object_set_string_member (f, "ref", json_object_get_string_member (o, "ref"));
      json_object_set_string_member (f, "kind", json_object_get_string_member (o, "kind"));
      json_object_set_string_member (f, "port", json_object_get_string_member (o, "port"));
      json_object_set_string_member (f, "status", json_object_get_string_member (o, "status"));
      json_object_set_string_member (f, "company", json_object_get_string_member_with_default (req, "company", "-"));
      json_object_set_string_member (f, "window", json_object_get_string_member (json_object_get_object_member (o, "window"), "start"));
      json_object_set_boolean_member (f, "late", json_object_get_boolean_member (json_object_get_object_member (o, "sla"), "late"));
      json_object_set_int_member (f, "unread", json_object_get_int_member (o, "unread"));
      json_array_add_object_element (flat, f);
    }
  json_node_set_array (node, flat);
  pd_ctl_print_table (node, list_columns);
  g_print ("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " requests\n",
           (gint64) json_array_get_length (items), json_object_get_int_member (root, "total"));
}

static int
show_reply (PdCtl    *ctl,
            JsonNode *r,
            GError   *error)
{
  int rc;
  JsonObject *o = pd_ctl_reply_object (ctl, r, error, &rc);

  if (o == NULL)
    return rc;
  if (json_object_has_member (o, "items"))
    print_inspections (r);
  else if (json_object_has_member (o, "ref"))
    g_print ("%s %s (%s, %s)\n", json_object_get_string_member (o, "ref"), json_object_get_string_member (o, "status"),
             json_object_get_string_member (o, "kind"), json_object_get_string_member (o, "port"));
  else
    pd_ctl_print_json (r);
  return PD_CTL_OK;
}

/* "description;category;quantity;unit;origin" */
static gboolean
add_commodity (JsonBuilder  *b,
               const char   *spec,
               GError      **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ";", -1);
  char *rest = NULL;
  double qty = g_strv_length (parts) == 5 ? g_ascii_strtod (parts[2], &rest) : 0;

  if (qty <= 0 || rest == NULL || *rest != '\0')
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                   "--commodity takes 'description;category;quantity;unit;origin', not '%s'", spec);
      return FALSE;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, parts[0]);
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, parts[1]);
  json_builder_set_member_name (b, "quantity");
  json_builder_add_double_value (b, qty);
  json_builder_set_member_name (b, "unit");
  json_builder_add_string_value (b, parts[3]);
  json_builder_set_member_name (b, "origin");
  json_builder_add_string_value (b, parts[4]);
  json_builder_end_object (b);
  return TRUE;
}

static void
add_opt (JsonBuilder *b,
         const char  *name,
         const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static int
broker_submit (PdCtl     *ctl,
               PdClient  *client,
               int        argc,
               char     **argv)
{
  g_autofree char *file = NULL, *port = NULL, *kind = NULL, *company = NULL, *importer = NULL;
  g_autofree char *contact = NULL, *email = NULL, *phone = NULL, *vessel = NULL, *imo = NULL;
  g_autofree char *voyage = NULL, *berth = NULL, *start = NULL, *end = NULL, *notes = NULL;
  g_auto(GStrv) commodities = NULL;
  gboolean perishable = FALSE;
  int in_hours = 24, hours = 4;
  const GOptionEntry entries[] = {
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &file, "Submit this JSON document as it is", "FILE" },
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, "Port code", "PORT" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, "personal_goods, cargo or commercial_vessel", "KIND" },
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, "Company", "NAME" },
    { "importer-id", 0, 0, G_OPTION_ARG_STRING, &importer, "Importer of record number", "ID" },
    { "contact-name", 0, 0, G_OPTION_ARG_STRING, &contact, "Contact name", "NAME" },
    { "contact-email", 0, 0, G_OPTION_ARG_STRING, &email, "Contact e-mail", "EMAIL" },
    { "contact-phone", 0, 0, G_OPTION_ARG_STRING, &phone, "Contact phone", "PHONE" },
    { "commodity", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &commodities, "description;category;quantity;unit;origin (repeat)", "SPEC" },
    { "vessel", 0, 0, G_OPTION_ARG_STRING, &vessel, "Vessel name", "NAME" },
    { "imo", 0, 0, G_OPTION_ARG_STRING, &imo, "IMO number", "IMO" },
    { "voyage", 0, 0, G_OPTION_ARG_STRING, &voyage, "Voyage", "VOYAGE" },
    { "berth", 0, 0, G_OPTION_ARG_STRING, &berth, "Berth", "BERTH" },
    { "window-start", 0, 0, G_OPTION_ARG_STRING, &start, "Requested window start (ISO 8601)", "TIME" },
    { "window-end", 0, 0, G_OPTION_ARG_STRING, &end, "Requested window end (ISO 8601)", "TIME" },
    { "in-hours", 0, 0, G_OPTION_ARG_INT, &in_hours, "Without --window-start: start in N hours (default 24)", "N" },
    { "hours", 0, 0, G_OPTION_ARG_INT, &hours, "Without --window-end: window length (default 4)", "N" },
    { "perishable", 0, 0, G_OPTION_ARG_NONE, &perishable, "Perishable goods", NULL },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, "Notes", "TEXT" },
    { NULL }
  };
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) r = NULL;
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- submit an inspection request", &error))
    return pd_ctl_fail (error);
  if (file != NULL)
    {
      g_autoptr(JsonParser) p = json_parser_new ();
      if (!json_parser_load_from_file (p, file, &error))
        return pd_ctl_fail (error);
      body = json_node_copy (json_parser_get_root (p));
    }
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) ws = g_date_time_add_hours (now, in_hours);
      g_autoptr(GDateTime) we = g_date_time_add_hours (ws, hours);
      g_autofree char *ws_s = g_date_time_format_iso8601 (ws);
      g_autofree char *we_s = g_date_time_format_iso8601 (we);

      if (port == NULL || kind == NULL || contact == NULL || email == NULL || commodities == NULL)
        return pd_ctl_usage ("broker submit --port PORT --kind KIND --contact-name NAME --contact-email EMAIL "
                             "--commodity 'desc;category;qty;unit;origin' [...] | --file JSON");
      json_builder_begin_object (b);
      add_opt (b, "kind", kind);
      add_opt (b, "port", port);
      json_builder_set_member_name (b, "requester");
      json_builder_begin_object (b);
      add_opt (b, "company", company);
      add_opt (b, "importer_id", importer);
      add_opt (b, "contact_name", contact);
      add_opt (b, "contact_email", email);
      add_opt (b, "contact_phone", phone);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "commodities");
      json_builder_begin_array (b);
      for (guint i = 0; commodities[i] != NULL; i++)
        if (!add_commodity (b, commodities[i], &error))
          return pd_ctl_fail (error);
      json_builder_end_array (b);
      if (vessel || imo || voyage || berth)
        {
          json_builder_set_member_name (b, "vessel");
          json_builder_begin_object (b);
          add_opt (b, "name", vessel);
          add_opt (b, "imo", imo);
          add_opt (b, "voyage", voyage);
          add_opt (b, "berth", berth);
          json_builder_end_object (b);
        }
      json_builder_set_member_name (b, "window");
      json_builder_begin_object (b);
      add_opt (b, "start", start ? start : ws_s);
      add_opt (b, "end", end ? end : we_s);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "perishable");
      json_builder_add_boolean_value (b, perishable);
      add_opt (b, "notes", notes);
      json_builder_end_object (b);
      body = json_builder_get_root (b);
    }
  r = pd_client_call (client, "POST", "/v1/intake/inspections", body, &error);
  if (r != NULL && !ctl->json)
    {
      g_print ("%s\n", json_object_get_string_member (json_node_get_object (r), "ref"));
      return PD_CTL_OK;
    }
  return show_reply (ctl, r, error);
}

int
pd_ctl_cmd_broker (PdCtl  *ctl,
                   int     argc,
                   char  **argv)
{
  static const char usage[] =
    "--url URL --api-key-file FILE broker submit OPTIONS | list | status REF | cancel REF [REASON]\n"
    "       | reschedule REF START END REASON | amend REF FILE.json (the whole corrected request)\n"
    "       | chat REF TEXT | read REF LAST_ID";
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (argc < 2)
    return pd_ctl_usage (usage);
  client = pd_ctl_public (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (strcmp (argv[1], "submit") == 0)
    return broker_submit (ctl, client, argc - 1, argv + 1);
  if (strcmp (argv[1], "list") == 0 && argc == 2)
    r = pd_client_call (client, "GET", "/v1/intake/inspections?limit=500", NULL, &error);
  else if (strcmp (argv[1], "status") == 0 && argc == 3)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/inspections", argv[2], "");
      r = pd_client_call (client, "GET", path, NULL, &error);
    }
  else if (strcmp (argv[1], "cancel") == 0 && (argc == 3 || argc == 4))
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/inspections", argv[2], "/cancel");
      r = pd_client_post (client, path, &error, "reason", G_TYPE_STRING, argc == 4 ? argv[3] : NULL, NULL);
    }
  else if (strcmp (argv[1], "reschedule") == 0 && argc == 6)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/inspections", argv[2], "/reschedule");
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "window");
      json_builder_begin_object (b);
      add_opt (b, "start", argv[3]);
      add_opt (b, "end", argv[4]);
      json_builder_end_object (b);
      add_opt (b, "reason", argv[5]);
      json_builder_end_object (b);
      body = json_builder_get_root (b);
      r = pd_client_call (client, "POST", path, body, &error);
    }
  else if (strcmp (argv[1], "amend") == 0 && argc == 4)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/inspections", argv[2], "/amend");
      g_autofree char *text = NULL;
      g_autoptr(JsonObject) obj = NULL;
      g_autoptr(JsonNode) body = NULL;

      if (!g_file_get_contents (argv[3], &text, NULL, &error))
        return pd_ctl_fail (error);
      obj = pd_json_parse_object (text, -1, &error);
      if (obj == NULL)
        return pd_ctl_fail (error);
      body = json_node_init_object (json_node_alloc (), obj);
      r = pd_client_call (client, "POST", path, body, &error);
    }
  else if (strcmp (argv[1], "chat") == 0 && argc == 4)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/inspections", argv[2], "/chat");
      r = pd_client_post (client, path, &error, "body", G_TYPE_STRING, argv[3], NULL);
      return pd_ctl_print_result (ctl, r, error, r ? "Message sent." : NULL);
    }
  else if (strcmp (argv[1], "read") == 0 && argc == 4)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/inspections", argv[2], "/read");
      gint64 id;
      if (!g_ascii_string_to_signed (argv[3], 10, 0, G_MAXINT64, &id, NULL))
        return pd_ctl_usage (usage);
      r = pd_client_post (client, path, &error, "last_id", G_TYPE_INT64, id, NULL);
      return pd_ctl_print_result (ctl, r, error, "Marked read.");
    }
  else
    return pd_ctl_usage (usage);
  return show_reply (ctl, r, error);
}

int
pd_ctl_cmd_inspection (PdCtl  *ctl,
                       int     argc,
                       char  **argv)
{
  static const char usage[] =
    "inspection list [--status S] [--kind K] [--q TEXT] [--late] [--sort S] [--limit N] [--offset N]\n"
    "       | show REF | slots REF | move REF STATUS [--reason-code C] [--reason TEXT] [--slot ISO] [--inspector USER]\n"
    "       | assign REF USER | chat REF TEXT";
  g_autofree char *status = NULL, *kind = NULL, *q = NULL, *sort = NULL;
  g_autofree char *reason_code = NULL, *reason = NULL, *slot = NULL, *inspector = NULL;
  gboolean late = FALSE;
  int limit = 50, offset = 0;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, "Only this status", "S" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, "Only this kind", "K" },
    { "q", 0, 0, G_OPTION_ARG_STRING, &q, "Text search", "TEXT" },
    { "late", 0, 0, G_OPTION_ARG_NONE, &late, "Only requests past their SLA", NULL },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, "requested, -requested, kind, status, requester, sla, -updated", "S" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Page size", "N" },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, "Page offset", "N" },
    { "reason-code", 0, 0, G_OPTION_ARG_STRING, &reason_code, "Reason code (rejections, reschedules)", "C" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Reason text", "TEXT" },
    { "slot", 0, 0, G_OPTION_ARG_STRING, &slot, "Slot start (ISO 8601)", "TIME" },
    { "inspector", 0, 0, G_OPTION_ARG_STRING, &inspector, "Inspector user name", "USER" },
    { NULL }
  };
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- the Scheduling Dashboard from the command line", &error))
    return pd_ctl_fail (error);
  if (argc < 2)
    return pd_ctl_usage (usage);
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);

  if (strcmp (argv[1], "list") == 0 && argc == 2)
    {
      g_autoptr(GString) path = g_string_new ("/v1/inspections?");
      const char *names[] = { "status", "kind", "q", "sort" };
      const char *values[] = { status, kind, q, sort };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        pd_client_query_add (path, names[i], values[i]);
      g_string_append_printf (path, "limit=%d&offset=%d%s", limit, offset, late ? "&late=1" : "");
      r = pd_client_call (client, "GET", path->str, NULL, &error);
    }
  else if (strcmp (argv[1], "show") == 0 && argc == 3)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/inspections", argv[2], "");
      r = pd_client_call (client, "GET", path, NULL, &error);
      if (r != NULL && !ctl->json)
        {
          pd_ctl_print_json (r);
          return PD_CTL_OK;
        }
    }
  else if (strcmp (argv[1], "slots") == 0 && argc == 3)
    {
      static const char * const columns[] = { "start", "end", "free", NULL };
      g_autofree char *path = pd_ctl_item_path ("/v1/inspections", argv[2], "/slots");

      r = pd_client_call (client, "GET", path, NULL, &error);
      if (r == NULL)
        return pd_ctl_fail (error);
      if (ctl->json)
        pd_ctl_print_json (r);
      else
        pd_ctl_print_table (r, columns);
      return PD_CTL_OK;
    }
  else if (strcmp (argv[1], "move") == 0 && argc == 4)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/inspections", argv[2], "/transition");
      r = pd_client_post (client, path, &error, "to", G_TYPE_STRING, argv[3], "reason_code", G_TYPE_STRING, reason_code,
                          "reason", G_TYPE_STRING, reason, "slot_start", G_TYPE_STRING, slot,
                          "inspector", G_TYPE_STRING, inspector, NULL);
    }
  else if (strcmp (argv[1], "assign") == 0 && argc == 4)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/inspections", argv[2], "/assign");
      r = pd_client_post (client, path, &error, "inspector", G_TYPE_STRING, argv[3], NULL);
    }
  else if (strcmp (argv[1], "chat") == 0 && argc == 4)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/inspections", argv[2], "/chat");
      r = pd_client_post (client, path, &error, "body", G_TYPE_STRING, argv[3], NULL);
      return pd_ctl_print_result (ctl, r, error, r ? "Message sent." : NULL);
    }
  else
    return pd_ctl_usage (usage);
  return show_reply (ctl, r, error);
}
