/* pd-ctl-bus.c: bus manifests: with --url and a bus carrier's API key,
 * `portdeskctl bus trip|passenger|submit|trips|manifests` plays the
 * carrier; signed in, `portdeskctl bus expected|manifest|arrive` is the
 * land port's officers' side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <string.h>

#include "pd-ctl.h"
#include "pd-json.h"

static const char * const manifest_columns[] = { "ref", "port_arrival_at", "company", "bus_registration",
                                                 "passengers", "biometric", "expiring", "unchecked", "arrived_at",
                                                 NULL };
static const char * const passenger_columns[] = { "id", "last_name", "first_name", "birth_date", "sex", "citizenship",
                                                  "doc_type", "doc_number", "doc_expires", "check_digits",
                                                  "expires_before_arrival", "age_on_arrival", "biometric", NULL };

/* A trip or manifest and its passengers, or a list of them. */
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
    {
      pd_ctl_print_table (r, manifest_columns);
      return PD_CTL_OK;
    }
  if (json_object_has_member (o, "ref"))
    g_print ("%s  bus %s (%s) at %s, %s%s%s\n", pd_json_str (o, "ref"), pd_json_str (o, "bus_registration"),
             pd_json_str (o, "company"), pd_json_str (o, "port"), pd_json_str (o, "port_arrival_at"),
             pd_json_str (o, "arrived_at") ? ", arrived " : "", pd_json_str (o, "arrived_at") ?: "");
  else
    g_print ("trip %" G_GINT64_FORMAT "  bus %s (%s) to %s, %s\n", pd_json_int (o, "id", 0),
             pd_json_str (o, "bus_registration"), pd_json_str (o, "company"), pd_json_str (o, "port"),
             pd_json_str (o, "port_arrival_at"));
  pd_ctl_print_table (json_object_get_member (o, "passengers"),
                      json_object_has_member (o, "ref") ? passenger_columns
                                                        : (const char * const []) { "id", "last_name", "first_name",
                                                                                     "birth_date", "doc_type",
                                                                                     "doc_number", "doc_expires",
                                                                                     NULL });
  return PD_CTL_OK;
}

/* The members named by the options that were given. */
static JsonNode *
body_of (const char * const *names,
         char              **values)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  for (guint i = 0; names[i] != NULL; i++)
    if (values[i] != NULL)
      pd_json_builder_add_string (b, names[i], values[i]);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
trip_create (PdCtl     *ctl,
             PdClient  *client,
             int        argc,
             char     **argv)
{
  static const char * const names[] = {
    "carrier_code", "sender_id", "bus_registration", "registration_status", "company", "arrival_location",
    "departure_at", "us_arrival_date", "port_arrival_at", "port", "last_country", "contact_email", "contact_phone",
    NULL
  };
  char *v[G_N_ELEMENTS (names)] = { NULL };
  GOptionEntry entries[] = {
    { "carrier-code", 0, 0, G_OPTION_ARG_STRING, &v[0], "Carrier code (SCAC)", "CODE" },
    { "sender-id", 0, 0, G_OPTION_ARG_STRING, &v[1], "Sender identification", "ID" },
    { "bus", 0, 0, G_OPTION_ARG_STRING, &v[2], "Bus registration number", "REG" },
    { "registration-status", 0, 0, G_OPTION_ARG_STRING, &v[3], "current, temporary or expired", "S" },
    { "company", 0, 0, G_OPTION_ARG_STRING, &v[4], "The operator's company name", "NAME" },
    { "arrival-location", 0, 0, G_OPTION_ARG_STRING, &v[5], "Arrival location in the United States", "TEXT" },
    { "departure", 0, 0, G_OPTION_ARG_STRING, &v[6], "Departure date and time (ISO 8601)", "TIME" },
    { "us-arrival-date", 0, 0, G_OPTION_ARG_STRING, &v[7], "Arrival date in the United States", "YYYY-MM-DD" },
    { "port-arrival", 0, 0, G_OPTION_ARG_STRING, &v[8], "Arrival time at the port of entry (ISO 8601)", "TIME" },
    { "port", 0, 0, G_OPTION_ARG_STRING, &v[9], "Port of entry", "PORT" },
    { "last-country", 0, 0, G_OPTION_ARG_STRING, &v[10], "Last country visited (ISO alpha-3)", "CCC" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &v[11], "Contact e-mail", "EMAIL" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &v[12], "Contact phone", "PHONE" },
    { NULL }
  };
  GError *error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) r = NULL;
  int rc;

  if (!pd_ctl_parse (&argc, &argv, entries, "", &error))
    rc = pd_ctl_fail (error);
  else
    {
      body = body_of (names, v);
      r = pd_client_call (client, "POST", "/v1/intake/bus/trips", body, &error);
      rc = show_reply (ctl, r, error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    g_free (v[i]);
  return rc;
}

static int
passenger_add (PdCtl       *ctl,
               PdClient    *client,
               const char  *path,
               int          argc,
               char       **argv)
{
  static const char * const names[] = {
    "first_name", "last_name", "birth_date", "sex", "citizenship", "residence", "doc_type", "doc_number", "doc_issued",
    "doc_expires", "doc_country", "trusted_traveler", "mrz", NULL
  };
  char *v[G_N_ELEMENTS (names)] = { NULL };
  g_autofree char *mrz_file = NULL;
  GOptionEntry entries[] = {
    { "first-name", 0, 0, G_OPTION_ARG_STRING, &v[0], "First name", "NAME" },
    { "last-name", 0, 0, G_OPTION_ARG_STRING, &v[1], "Last name", "NAME" },
    { "birth-date", 0, 0, G_OPTION_ARG_STRING, &v[2], "Date of birth", "YYYY-MM-DD" },
    { "sex", 0, 0, G_OPTION_ARG_STRING, &v[3], "M, F or X", "S" },
    { "citizenship", 0, 0, G_OPTION_ARG_STRING, &v[4], "Country of citizenship (alpha-3)", "CCC" },
    { "residence", 0, 0, G_OPTION_ARG_STRING, &v[5], "Country of residence (alpha-3)", "CCC" },
    { "doc-type", 0, 0, G_OPTION_ARG_STRING, &v[6], "passport, id_card, visa, border_crossing_card or other", "T" },
    { "doc-number", 0, 0, G_OPTION_ARG_STRING, &v[7], "Document number", "N" },
    { "doc-issued", 0, 0, G_OPTION_ARG_STRING, &v[8], "Date of issue", "YYYY-MM-DD" },
    { "doc-expires", 0, 0, G_OPTION_ARG_STRING, &v[9], "Date of expiry", "YYYY-MM-DD" },
    { "doc-country", 0, 0, G_OPTION_ARG_STRING, &v[10], "Country of issue (alpha-3)", "CCC" },
    { "trusted-traveler", 0, 0, G_OPTION_ARG_STRING, &v[11], "Trusted Traveler number (9 digits)", "N" },
    { "mrz-file", 0, 0, G_OPTION_ARG_FILENAME, &mrz_file, "Fill the passenger from the document's MRZ text in FILE "
      "(with --residence, --trusted-traveler, --doc-issued)", "FILE" },
    { NULL }
  };
  GError *error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) r = NULL;
  int rc;

  if (!pd_ctl_parse (&argc, &argv, entries, "TRIP", &error) ||
      (mrz_file != NULL && !g_file_get_contents (mrz_file, &v[12], NULL, &error)))
    rc = pd_ctl_fail (error);
  else
    {
      body = body_of (names, v);
      r = pd_client_call (client, "POST", path, body, &error);
      rc = show_reply (ctl, r, error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    g_free (v[i]);
  return rc;
}

/* The carrier's side, on the public listener. */
static int
carrier (PdCtl  *ctl,
         int     argc,
         char  **argv)
{
  static const char usage[] =
    "--url URL --api-key-file FILE bus\n"
    "         trip --carrier-code C --sender-id S --bus REG --registration-status S --company N --arrival-location L\n"
    "              --departure TIME --us-arrival-date DATE --port-arrival TIME --port P --last-country CCC\n"
    "              --email E --phone P\n"
    "       | trips | trip show ID\n"
    "       | passenger ID --first-name ... --doc-expires DATE | passenger ID --mrz-file FILE [--residence CCC]\n"
    "       | passenger ID remove PASSENGER_ID | submit ID | manifests | manifest REF";
  GError *error = NULL;
  PdClient *client = pd_ctl_public (ctl, &error);
  g_autoptr(JsonNode) r = NULL;
  gint64 id = 0;

  if (argc < 2)
    return pd_ctl_usage (usage);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (argc >= 3 && !g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &id, NULL) &&
      strcmp (argv[1], "manifest") != 0 && strcmp (argv[1], "trip") != 0)
    return pd_ctl_usage (usage);
  if (strcmp (argv[1], "trip") == 0 && argc == 4 && strcmp (argv[2], "show") == 0 &&
      g_ascii_string_to_signed (argv[3], 10, 1, G_MAXINT64, &id, NULL))
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/bus/trips", argv[3], "");
      r = pd_client_call (client, "GET", path, NULL, &error);
    }
  else if (strcmp (argv[1], "trip") == 0)
    return trip_create (ctl, client, argc - 1, argv + 1);
  else if (strcmp (argv[1], "trips") == 0 && argc == 2)
    {
      r = pd_client_call (client, "GET", "/v1/intake/bus/trips", NULL, &error);
      if (r != NULL && !ctl->json)
        {
          pd_ctl_print_table (r, (const char * const []) { "id", "port", "port_arrival_at", "bus_registration",
                                                            "passengers", "collected_at", NULL });
          return PD_CTL_OK;
        }
    }
  else if (strcmp (argv[1], "passenger") == 0 && argc == 5 && strcmp (argv[3], "remove") == 0)
    {
      g_autofree char *trip = pd_ctl_item_path ("/v1/intake/bus/trips", argv[2], "/passengers");
      g_autofree char *path = pd_ctl_item_path (trip, argv[4], "");
      r = pd_client_call (client, "DELETE", path, NULL, &error);
    }
  else if (strcmp (argv[1], "passenger") == 0 && argc >= 3)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/bus/trips", argv[2], "/passengers");
      return passenger_add (ctl, client, path, argc - 1, argv + 1);
    }
  else if (strcmp (argv[1], "submit") == 0 && argc == 3)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/bus/trips", argv[2], "/submit");
      r = pd_client_call (client, "POST", path, NULL, &error);
    }
  else if (strcmp (argv[1], "manifests") == 0 && argc == 2)
    r = pd_client_call (client, "GET", "/v1/intake/bus/manifests", NULL, &error);
  else if (strcmp (argv[1], "manifest") == 0 && argc == 3)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/intake/bus/manifests", argv[2], "");
      r = pd_client_call (client, "GET", path, NULL, &error);
    }
  else
    return pd_ctl_usage (usage);
  return show_reply (ctl, r, error);
}

int
pd_ctl_cmd_bus (PdCtl  *ctl,
                int     argc,
                char  **argv)
{
  static const char usage[] =
    "bus expected [YYYY-MM-DD] [--days N] | manifest REF | arrive REF   (CBP officers of the land port)\n"
    "       (with --url and a bus carrier's key: trip, passenger, submit, ...; see --url ... bus)";
  gint days = 1;
  GOptionEntry entries[] = {
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "Days from the date (default 1)", "N" },
    { NULL }
  };
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (ctl->url != NULL)
    return carrier (ctl, argc, argv);
  if (!pd_ctl_parse (&argc, &argv, entries, "", &error))
    return pd_ctl_fail (error);
  if (argc < 2)
    return pd_ctl_usage (usage);
  if (strcmp (argv[1], "expected") == 0 && argc <= 3)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *path = g_strdup_printf ("/v1/bus/manifests?from=%s&days=%d", argc == 3 ? argv[2] : today, days);

      return pd_ctl_get_and_print (ctl, path, manifest_columns);
    }
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (strcmp (argv[1], "manifest") == 0 && argc == 3)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/bus/manifests", argv[2], "");
      r = pd_client_call (client, "GET", path, NULL, &error);
    }
  else if (strcmp (argv[1], "arrive") == 0 && argc == 3)
    {
      g_autofree char *path = pd_ctl_item_path ("/v1/bus/manifests", argv[2], "/arrive");
      r = pd_client_call (client, "POST", path, NULL, &error);
    }
  else
    return pd_ctl_usage (usage);
  return show_reply (ctl, r, error);
}
