/* pd-ctl-landing.c: landing rights: `portdeskctl air-operator ...` plays an
 * air operator on the public intake API; `portdeskctl landing ...` is the
 * port's side (officers review, the director decides; admins register
 * airlines).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <string.h>

#include "pd-ctl.h"
#include "pd-json.h"

static const char * const list_columns[] = { "ref", "status", "type", "airline_code", "airline_name", "first_eta_at",
                                             "n_flights", "passengers", NULL };
static const char * const flight_columns[] = { "flight_number", "departure_airport", "arrival_airport", "etd_at",
                                               "eta_at", "passengers", "terminal", "equipment", "scheduled",
                                               "precleared", NULL };
static const char * const schedule_columns[] = { "eta_at", "flight_number", "airline_name", "departure_airport",
                                                 "terminal", "equipment", "passengers", "ref", "status", NULL };

static void
print_line (JsonObject *o,
            const char *label,
            const char *member)
{
  const char *v = pd_json_str (o, member);

  if (v != NULL)
    g_print ("%-16s %s\n", label, v);
}

/* A request as its reader sees it, or a list of them. */
static int
show_reply (PdCtl    *ctl,
            JsonNode *r,
            GError   *error)
{
  int rc;
  JsonObject *o = pd_ctl_reply_object (ctl, r, error, &rc);
  JsonArray *a;

  if (o == NULL)
    return rc;
  if (json_object_has_member (o, "items"))
    {
      pd_ctl_print_table (r, list_columns);
      g_print ("%" G_GINT64_FORMAT " in all\n", pd_json_int (o, "total", 0));
      return PD_CTL_OK;
    }
  g_print ("%s  %s\n", pd_json_str (o, "ref"), pd_json_str (o, "status"));
  print_line (o, "port", "port");
  print_line (o, "type", "type");
  print_line (o, "airline", "airline_name");
  print_line (o, "airline code", "airline_code");
  print_line (o, "bond number", "bond_number");
  print_line (o, "operator", "operator_name");
  print_line (o, "submitted", "submitted_at");
  print_line (o, "recommendation", "recommendation");
  print_line (o, "  reason", "recommendation_reason");
  print_line (o, "  by", "recommended_by");
  print_line (o, "decided", "decided_at");
  print_line (o, "  reason", "decision_reason");
  print_line (o, "  conditions", "conditions");
  print_line (o, "  by", "decided_by");
  g_print ("\n");
  pd_ctl_print_table (json_object_get_member (o, "flights"), flight_columns);
  a = pd_json_array (o, "chat");
  if (a != NULL && json_array_get_length (a) > 0)
    {
      g_print ("\nchat (%" G_GINT64_FORMAT " unread)\n", pd_json_int (o, "unread", 0));
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonObject *m = json_array_get_object_element (a, i);

          g_print ("  %s %s (%s): %s\n", pd_json_str (m, "at"), pd_json_str (m, "sender"), pd_json_str (m, "side"),
                   pd_json_str (m, "body"));
        }
    }
  return PD_CTL_OK;
}

static JsonNode *
read_json_file (const char  *file,
                GError     **error)
{
  g_autofree char *text = NULL;
  JsonObject *obj;

  if (!g_file_get_contents (file, &text, NULL, error) || (obj = pd_json_parse_object (text, -1, error)) == NULL)
    return NULL;
  return json_node_init_object (json_node_alloc (), obj);
}

/* "NUMBER;FROM;TO;ETD;ETA;PASSENGERS;TERMINAL;EQUIPMENT[;unscheduled][;precleared][;COMMENTS]" */
static gboolean
add_flight (JsonBuilder  *b,
            const char   *spec,
            GError      **error)
{
  static const char * const names[] = { "flight_number", "departure_airport", "arrival_airport", "etd", "eta" };
  g_auto(GStrv) f = g_strsplit (spec, ";", -1);
  guint n = g_strv_length (f);
  gint64 pax;

  if (n < 8 || !g_ascii_string_to_signed (f[5], 10, 0, G_MAXINT32, &pax, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--flight '%s': NUMBER;FROM;TO;ETD;ETA;PASSENGERS;TERMINAL;EQUIPMENT[;unscheduled][;precleared]"
                   "[;COMMENTS]", spec);
      return FALSE;
    }
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    pd_json_builder_add_string (b, names[i], f[i]);
  pd_json_builder_add_int (b, "passengers", pax);
  pd_json_builder_add_string (b, "terminal", f[6]);
  pd_json_builder_add_string (b, "equipment", f[7]);
  pd_json_builder_add_bool (b, "scheduled", !g_strv_contains ((const char * const *) f + 8, "unscheduled"));
  pd_json_builder_add_bool (b, "precleared", g_strv_contains ((const char * const *) f + 8, "precleared"));
  for (guint i = 8; i < n; i++)
    if (!g_str_equal (f[i], "unscheduled") && !g_str_equal (f[i], "precleared") && f[i][0] != '\0')
      pd_json_builder_add_string (b, "comments", f[i]);
  json_builder_end_object (b);
  return TRUE;
}

/* The request from a file, or from options. */
static JsonNode *
request_body (int           argc,
              char        **argv,
              GError      **error)
{
  g_autofree char *file = NULL, *port = NULL, *type = NULL, *name = NULL, *code = NULL, *bond = NULL;
  g_auto(GStrv) flights = NULL;
  GOptionEntry entries[] = {
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &file, "The request as a JSON document", "FILE" },
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, "Port of entry (LAX)", "PORT" },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, "commercial_passenger, commercial_cargo or private", "TYPE" },
    { "airline-name", 0, 0, G_OPTION_ARG_STRING, &name, "Airline name", "NAME" },
    { "airline-code", 0, 0, G_OPTION_ARG_STRING, &code, "IATA or ICAO airline code", "CODE" },
    { "bond", 0, 0, G_OPTION_ARG_STRING, &bond, "Bond number (9 characters)", "BOND" },
    { "flight", 0, 0, G_OPTION_ARG_STRING_ARRAY, &flights,
      "NUMBER;FROM;TO;ETD;ETA;PASSENGERS;TERMINAL;EQUIPMENT[;unscheduled][;precleared][;COMMENTS] (repeat)", "SPEC" },
    { NULL }
  };
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!pd_ctl_parse (&argc, &argv, entries, "", error))
    return NULL;
  if (file != NULL)
    return read_json_file (file, error);
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "port", port);
  pd_json_builder_add_string (b, "type", type ? type : "commercial_passenger");
  pd_json_builder_add_string (b, "airline_name", name);
  pd_json_builder_add_string (b, "airline_code", code);
  pd_json_builder_add_string (b, "bond_number", bond);
  json_builder_set_member_name (b, "flights");
  json_builder_begin_array (b);
  for (guint i = 0; flights != NULL && flights[i] != NULL; i++)
    if (!add_flight (b, flights[i], error))
      return NULL;
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* "ROLE --company-name ... --email ..." as {ROLE: {...}} */
static JsonNode *
contact_body (int       argc,
              char    **argv,
              GError  **error)
{
  g_autofree char *company = NULL, *first = NULL, *last = NULL, *email = NULL, *phone = NULL, *fax = NULL;
  GOptionEntry entries[] = {
    { "company-name", 0, 0, G_OPTION_ARG_STRING, &company, "Company name", "NAME" },
    { "first-name", 0, 0, G_OPTION_ARG_STRING, &first, "First name", "NAME" },
    { "last-name", 0, 0, G_OPTION_ARG_STRING, &last, "Last name", "NAME" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, "E-mail", "EMAIL" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, "Telephone", "PHONE" },
    { "fax", 0, 0, G_OPTION_ARG_STRING, &fax, "Fax", "FAX" },
    { NULL }
  };
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!pd_ctl_parse (&argc, &argv, entries, "company|station_manager|ground_handler", error))
    return NULL;
  if (argc != 2)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "Name the contact: company, station_manager or ground_handler");
      return NULL;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, argv[1]);
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "company_name", company);
  pd_json_builder_add_string (b, "first_name", first);
  pd_json_builder_add_string (b, "last_name", last);
  pd_json_builder_add_string (b, "email", email);
  if (phone != NULL)
    pd_json_builder_add_string (b, "phone", phone);
  if (fax != NULL)
    pd_json_builder_add_string (b, "fax", fax);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
chat_or_read (PdCtl       *ctl,
              PdClient    *client,
              const char  *base,
              char       **argv)   /* chat|read REF ARG */
{
  g_autofree char *path = pd_ctl_item_path (base, argv[1], g_str_equal (argv[0], "chat") ? "/chat" : "/read");
  GError *error = NULL;
  g_autoptr(JsonNode) r = NULL;
  gint64 id;

  if (g_str_equal (argv[0], "chat"))
    {
      r = pd_client_post (client, path, &error, "body", G_TYPE_STRING, argv[2], NULL);
      return pd_ctl_print_result (ctl, r, error, r ? "Message sent." : NULL);
    }
  if (!g_ascii_string_to_signed (argv[2], 10, 0, G_MAXINT64, &id, NULL))
    return pd_ctl_usage ("read REF LAST_ID");
  r = pd_client_post (client, path, &error, "last_id", G_TYPE_INT64, id, NULL);
  return pd_ctl_print_result (ctl, r, error, "Marked read.");
}

int
pd_ctl_cmd_air_operator (PdCtl  *ctl,
                         int     argc,
                         char  **argv)
{
  static const char usage[] =
    "--url URL --api-key-file FILE air-operator\n"
    "         profile [show] | profile set company|station_manager|ground_handler --company-name N --first-name N\n"
    "                 --last-name N --email E [--phone P] [--fax F]\n"
    "       | request --file FILE.json | request --port P --airline-name N --airline-code C --bond B [--type T]\n"
    "                 --flight 'NUMBER;FROM;TO;ETD;ETA;PASSENGERS;TERMINAL;EQUIPMENT[;unscheduled][;precleared]' ...\n"
    "       | list | status REF | amend REF FILE.json (the whole corrected request) | withdraw REF [REASON]\n"
    "       | chat REF TEXT | read REF LAST_ID | airlines";
  const char *base = "/v1/intake/landing/requests";
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (argc < 2)
    return pd_ctl_usage (usage);
  client = pd_ctl_public (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (g_str_equal (argv[1], "profile") && (argc == 2 || (argc == 3 && g_str_equal (argv[2], "show"))))
    {
      r = pd_client_call (client, "GET", "/v1/intake/landing/profile", NULL, &error);
      return pd_ctl_print_result (ctl, r, error, NULL);
    }
  if (g_str_equal (argv[1], "profile") && argc >= 3 && g_str_equal (argv[2], "set"))
    {
      if ((body = contact_body (argc - 2, argv + 2, &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_call (client, "POST", "/v1/intake/landing/profile", body, &error);
      return pd_ctl_print_result (ctl, r, error, r ? "Profile saved." : NULL);
    }
  if (g_str_equal (argv[1], "request"))
    {
      if ((body = request_body (argc - 1, argv + 1, &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_call (client, "POST", base, body, &error);
    }
  else if (g_str_equal (argv[1], "list") && argc == 2)
    r = pd_client_call (client, "GET", "/v1/intake/landing/requests?limit=1000", NULL, &error);
  else if (g_str_equal (argv[1], "airlines") && argc == 2)
    {
      r = pd_client_call (client, "GET", "/v1/intake/landing/airlines", NULL, &error);
      if (r != NULL && !ctl->json)
        {
          pd_ctl_print_table (r, (const char * const []) { "iata", "icao", "name", NULL });
          return PD_CTL_OK;
        }
      return pd_ctl_print_result (ctl, r, error, NULL);
    }
  else if (g_str_equal (argv[1], "status") && argc == 3)
    {
      g_autofree char *path = pd_ctl_item_path (base, argv[2], "");
      r = pd_client_call (client, "GET", path, NULL, &error);
    }
  else if (g_str_equal (argv[1], "amend") && argc == 4)
    {
      g_autofree char *path = pd_ctl_item_path (base, argv[2], "/amend");

      if ((body = read_json_file (argv[3], &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_call (client, "POST", path, body, &error);
    }
  else if (g_str_equal (argv[1], "withdraw") && (argc == 3 || argc == 4))
    {
      g_autofree char *path = pd_ctl_item_path (base, argv[2], "/withdraw");
      r = pd_client_post (client, path, &error, "reason", G_TYPE_STRING, argc == 4 ? argv[3] : NULL, NULL);
    }
  else if ((g_str_equal (argv[1], "chat") || g_str_equal (argv[1], "read")) && argc == 4)
    return chat_or_read (ctl, client, base, argv + 1);
  else
    return pd_ctl_usage (usage);
  return show_reply (ctl, r, error);
}

int
pd_ctl_cmd_landing (PdCtl  *ctl,
                    int     argc,
                    char  **argv)
{
  static const char usage[] =
    "landing list [--status S] | show REF | research REF\n"
    "       | recommend REF approve|approve_with_conditions|deny REASON\n"
    "       | decide REF approve|approve_with_conditions|deny REASON [CONDITIONS]   (the port director or a designee)\n"
    "       | schedule [YYYY-MM-DD] [--week] | chat REF TEXT | read REF LAST_ID\n"
    "       | designees | designee add|remove USER   (the port director)\n"
    "       | airlines | airline add NAME [--iata XX] [--icao XXX]   (admins)";
  const char *base = "/v1/landing/requests";
  g_autofree char *status = NULL, *iata = NULL, *icao = NULL;
  gboolean week = FALSE;
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, "Only requests of this status", "S" },
    { "week", 0, 0, G_OPTION_ARG_NONE, &week, "The schedule of seven days", NULL },
    { "iata", 0, 0, G_OPTION_ARG_STRING, &iata, "IATA airline code", "XX" },
    { "icao", 0, 0, G_OPTION_ARG_STRING, &icao, "ICAO airline code", "XXX" },
    { NULL }
  };
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "", &error))
    return pd_ctl_fail (error);
  if (argc < 2)
    return pd_ctl_usage (usage);
  if (g_str_equal (argv[1], "list") && argc == 2)
    {
      g_autofree char *esc = status ? g_uri_escape_string (status, NULL, FALSE) : NULL;
      g_autofree char *path = g_strconcat (base, "?limit=1000", esc ? "&status=" : "", esc, NULL);

      client = pd_ctl_session (ctl, &error);
      if (client == NULL)
        return pd_ctl_fail (error);
      r = pd_client_call (client, "GET", path, NULL, &error);
      return show_reply (ctl, r, error);
    }
  if (g_str_equal (argv[1], "schedule") && argc <= 3)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *path = g_strdup_printf ("/v1/landing/schedule?from=%s&days=%d", argc == 3 ? argv[2] : today,
                                               week ? 7 : 1);

      return pd_ctl_get_and_print (ctl, path, schedule_columns);
    }
  if (g_str_equal (argv[1], "designees") && argc == 2)
    return pd_ctl_get_and_print (ctl, "/v1/landing/designees",
                                 (const char * const []) { "username", "display_name", "named_by", "named_at", NULL });
  if (g_str_equal (argv[1], "airlines") && argc == 2)
    return pd_ctl_get_and_print (ctl, "/v1/landing/airlines", (const char * const []) { "iata", "icao", "name", NULL });
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (g_str_equal (argv[1], "show") && argc == 3)
    {
      g_autofree char *path = pd_ctl_item_path (base, argv[2], "");
      r = pd_client_call (client, "GET", path, NULL, &error);
    }
  else if (g_str_equal (argv[1], "research") && argc == 3)
    {
      g_autofree char *path = pd_ctl_item_path (base, argv[2], "/research");
      r = pd_client_call (client, "GET", path, NULL, &error);
      return pd_ctl_print_result (ctl, r, error, NULL);
    }
  else if (g_str_equal (argv[1], "recommend") && argc == 5)
    {
      g_autofree char *path = pd_ctl_item_path (base, argv[2], "/recommend");
      r = pd_client_post (client, path, &error, "recommendation", G_TYPE_STRING, argv[3], "reason", G_TYPE_STRING,
                          argv[4], NULL);
    }
  else if (g_str_equal (argv[1], "decide") && (argc == 5 || argc == 6))
    {
      g_autofree char *path = pd_ctl_item_path (base, argv[2], "/decide");
      r = pd_client_post (client, path, &error, "decision", G_TYPE_STRING, argv[3], "reason", G_TYPE_STRING, argv[4],
                          "conditions", G_TYPE_STRING, argc == 6 ? argv[5] : NULL, NULL);
    }
  else if ((g_str_equal (argv[1], "chat") || g_str_equal (argv[1], "read")) && argc == 4)
    return chat_or_read (ctl, client, base, argv + 1);
  else if (g_str_equal (argv[1], "designee") && argc == 4 && g_str_equal (argv[2], "add"))
    {
      r = pd_client_post (client, "/v1/landing/designees", &error, "user", G_TYPE_STRING, argv[3], NULL);
      return pd_ctl_print_result (ctl, r, error, "Designee named.");
    }
  else if (g_str_equal (argv[1], "designee") && argc == 4 && g_str_equal (argv[2], "remove"))
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/landing/designees", argv[3], "");
      r = pd_client_call (client, "DELETE", path, NULL, &error);
      return pd_ctl_print_result (ctl, r, error, "Designee removed.");
    }
  else if (g_str_equal (argv[1], "airline") && argc == 4 && g_str_equal (argv[2], "add"))
    {
      r = pd_client_post (client, "/v1/landing/airlines", &error, "name", G_TYPE_STRING, argv[3], "iata",
                          G_TYPE_STRING, iata, "icao", G_TYPE_STRING, icao, NULL);
      return pd_ctl_print_result (ctl, r, error, "Airline registered.");
    }
  else
    return pd_ctl_usage (usage);
  return show_reply (ctl, r, error);
}
