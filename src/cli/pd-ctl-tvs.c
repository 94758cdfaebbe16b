/* pd-ctl-tvs.c: the TVS commands of portdeskctl
 *
 * `manifest parse FILE`: an airline's PAXLST manifest read locally (no
 * service): its messages, flights, travellers and their documents, totals,
 * and every warning with its segment and position.  `airline manifest
 * send` plays the airline, `gate ...` a gate device (and registers one),
 * `flight` and `alert` are the officers' side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-ctl"

#include "config.h"

#include <string.h>

#include "pd-ctl.h"
#include "pd-json.h"
#include "pd-paxlst.h"

static JsonNode *
to_json (const PdPaxlst *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->messages->len; i++)
    {
      PdPaxMessage *m = p->messages->pdata[i];
      char marker[2] = { m->marker, '\0' };

      json_builder_begin_object (b);
      pd_json_builder_add_string (b, "sender", m->sender);
      pd_json_builder_add_string (b, "reference", m->reference);
      pd_json_builder_add_string (b, "access", m->access);
      json_builder_set_member_name (b, "part");
      json_builder_add_int_value (b, m->part);
      pd_json_builder_add_string (b, "marker", m->marker != 0 ? marker : NULL);
      pd_json_builder_add_string (b, "kind", m->kind);
      json_builder_set_member_name (b, "legs");
      json_builder_begin_array (b);
      for (guint k = 0; k < m->legs->len; k++)
        {
          PdPaxLeg *l = m->legs->pdata[k];

          json_builder_begin_object (b);
          pd_json_builder_add_string (b, "flight", l->flight);
          pd_json_builder_add_string (b, "carrier", l->carrier);
          pd_json_builder_add_string (b, "departure", l->departure);
          pd_json_builder_add_string (b, "arrival", l->arrival);
          pd_json_builder_add_string (b, "departs", l->departs);
          pd_json_builder_add_string (b, "arrives", l->arrives);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "travellers");
      json_builder_begin_array (b);
      for (guint k = 0; k < m->travellers->len; k++)
        {
          PdPaxTraveller *t = m->travellers->pdata[k];

          json_builder_begin_object (b);
          pd_json_builder_add_string (b, "surname", t->surname);
          pd_json_builder_add_string (b, "given_names", t->given_names);
          pd_json_builder_add_string (b, "role", t->crew ? "crew" : "passenger");
          pd_json_builder_add_bool (b, "in_transit", t->in_transit);
          pd_json_builder_add_string (b, "sex", t->sex);
          pd_json_builder_add_string (b, "birth_date", t->birth_date);
          pd_json_builder_add_string (b, "nationality", t->nationality);
          pd_json_builder_add_string (b, "residence", t->residence);
          pd_json_builder_add_string (b, "reservation", t->reservation);
          json_builder_set_member_name (b, "documents");
          json_builder_begin_array (b);
          for (guint j = 0; j < t->documents->len; j++)
            {
              PdPaxDocument *d = t->documents->pdata[j];

              json_builder_begin_object (b);
              pd_json_builder_add_string (b, "type", d->type);
              pd_json_builder_add_string (b, "number", d->number);
              pd_json_builder_add_string (b, "issuing_country", d->issuing_country);
              pd_json_builder_add_string (b, "expiry", d->expiry);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "declared");
      json_builder_add_int_value (b, m->declared);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->warnings->len; i++)
    {
      PdPaxWarning *w = p->warnings->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "segment");
      json_builder_add_int_value (b, w->segment);
      json_builder_set_member_name (b, "offset");
      json_builder_add_int_value (b, (gint64) w->offset);
      pd_json_builder_add_string (b, "text", w->text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_text (const PdPaxlst *p)
{
  for (guint i = 0; i < p->messages->len; i++)
    {
      PdPaxMessage *m = p->messages->pdata[i];

      g_print ("Message %s from %s: %s", m->reference, m->sender ? m->sender : "?", m->kind);
      if (m->access != NULL)
        g_print (", part %u%s of %s", m->part, m->marker == 'C' ? " (first)" : m->marker == 'F' ? " (final)" : "",
                 m->access);
      g_print ("\n");
      for (guint k = 0; k < m->legs->len; k++)
        {
          PdPaxLeg *l = m->legs->pdata[k];

          g_print ("  Flight %s (%s): %s %s -> %s %s\n", l->flight, l->carrier ? l->carrier : "?",
                   l->departure ? l->departure : "?", l->departs ? l->departs : "", l->arrival ? l->arrival : "?",
                   l->arrives ? l->arrives : "");
        }
      for (guint k = 0; k < m->travellers->len; k++)
        {
          PdPaxTraveller *t = m->travellers->pdata[k];

          g_print ("  %-9s %s, %s  %s  born %s  nationality %s  residence %s\n", t->crew ? "crew" : "passenger",
                   t->surname, t->given_names, t->sex ? t->sex : "-", t->birth_date ? t->birth_date : "?",
                   t->nationality ? t->nationality : "?", t->residence ? t->residence : "-");
          for (guint j = 0; j < t->documents->len; j++)
            {
              PdPaxDocument *d = t->documents->pdata[j];

              g_print ("            document %s %s issued by %s, expires %s\n", d->type[0] ? d->type : "?", d->number,
                       d->issuing_country ? d->issuing_country : "?", d->expiry ? d->expiry : "?");
            }
        }
      g_print ("  %u traveller(s)", m->travellers->len);
      if (m->declared >= 0)
        g_print (", %" G_GINT64_FORMAT " declared (CNT)", m->declared);
      g_print ("\n");
    }
  for (guint i = 0; i < p->warnings->len; i++)
    {
      PdPaxWarning *w = p->warnings->pdata[i];

      if (w->segment > 0)
        g_print ("Warning: segment %u (offset %zu): %s\n", w->segment, w->offset, w->text);
      else
        g_print ("Warning: %s\n", w->text);
    }
}

int
pd_ctl_cmd_manifest (PdCtl  *ctl,
                     int     argc,
                     char  **argv)
{
  static const char usage[] = "manifest parse FILE";
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(PdPaxlst) p = NULL;
  g_autofree char *data = NULL;
  GError *error = NULL;
  gsize len;

  if (!pd_ctl_parse (&argc, &argv, entries, "- an airline's PAXLST manifest, read locally", &error))
    return pd_ctl_fail (error);
  if (argc != 3 || strcmp (argv[1], "parse") != 0)
    return pd_ctl_usage (usage);
  if (!g_file_get_contents (argv[2], &data, &len, &error))
    return pd_ctl_fail (error);
  p = pd_paxlst_parse (data, len, g_get_real_time () / G_USEC_PER_SEC, &error);
  if (p == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    {
      g_autoptr(JsonNode) node = to_json (p);

      pd_ctl_print_json (node);
    }
  else
    print_text (p);
  return PD_CTL_OK;
}

static void
print_receipt (JsonObject *o)
{
  JsonArray *flights = pd_json_array (o, "flights"), *waiting = pd_json_array (o, "waiting");
  JsonArray *warnings = pd_json_array (o, "warnings");

  for (guint i = 0; flights != NULL && i < json_array_get_length (flights); i++)
    {
      JsonObject *f = json_array_get_object_element (flights, i);

      g_print ("Flight %s on %s (%s -> %s): %" G_GINT64_FORMAT " %s%s\n", pd_json_str (f, "flight"),
               pd_json_str (f, "departure_date"), pd_json_str (f, "departure") ? pd_json_str (f, "departure") : "?",
               pd_json_str (f, "arrival") ? pd_json_str (f, "arrival") : "?", pd_json_int (f, "travellers", 0),
               pd_json_str (f, "kind"), pd_json_bool (f, "replaced") ? " (replaces the earlier manifest)" : "");
    }
  for (guint i = 0; waiting != NULL && i < json_array_get_length (waiting); i++)
    g_print ("Manifest %s: waiting for its other parts\n", json_array_get_string_element (waiting, i));
  for (guint i = 0; warnings != NULL && i < json_array_get_length (warnings); i++)
    {
      JsonObject *w = json_array_get_object_element (warnings, i);

      g_print ("Warning: segment %" G_GINT64_FORMAT ": %s\n", pd_json_int (w, "segment", 0), pd_json_str (w, "text"));
    }
}

/* `portdeskctl --url URL --api-key-file FILE airline manifest send FILE`:
 * an airline's system sending a PAXLST file. */
int
pd_ctl_cmd_airline (PdCtl  *ctl,
                    int     argc,
                    char  **argv)
{
  static const char usage[] = "--url URL --api-key-file FILE airline manifest send FILE";
  g_autofree char *data = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) r = NULL;
  GError *error = NULL;
  PdClient *client;
  gsize len;

  if (argc != 4 || strcmp (argv[1], "manifest") != 0 || strcmp (argv[2], "send") != 0)
    return pd_ctl_usage (usage);
  client = pd_ctl_public (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (!g_file_get_contents (argv[3], &data, &len, &error))
    return pd_ctl_fail (error);
  body = g_bytes_new_take (g_steal_pointer (&data), len);
  r = pd_client_call_bytes (client, "POST", "/v1/intake/manifests", "application/edifact", body, &error);
  if (r == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    pd_ctl_print_json (r);
  else
    print_receipt (json_node_get_object (r));
  return PD_CTL_OK;
}

/* `portdeskctl flight list | show ID`: the flights of the officer's port. */
int
pd_ctl_cmd_flight (PdCtl  *ctl,
                   int     argc,
                   char  **argv)
{
  static const char usage[] = "flight list | show ID";
  static const char * const columns[] = { "id", "flight", "departure_date", "kind", "departure", "arrival",
                                          "departs", "travellers", "in_gallery", "confirmed", NULL };
  static const char * const manifest_columns[] = { "id", "surname", "given_names", "role", "sex", "birth_date",
                                                   "nationality", "document_number", "document_country",
                                                   "gallery", "found_by", NULL };
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(JsonNode) r = NULL;
  GError *error = NULL;
  PdClient *client;

  if (!pd_ctl_parse (&argc, &argv, entries, "- flights and their manifests (officers)", &error))
    return pd_ctl_fail (error);
  if (argc < 2)
    return pd_ctl_usage (usage);
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);
  if (strcmp (argv[1], "list") == 0 && argc == 2)
    return pd_ctl_get_and_print (ctl, "/v1/flights", columns);
  if (strcmp (argv[1], "show") == 0 && argc == 3)
    {
      g_autofree char *id = g_uri_escape_string (argv[2], NULL, FALSE);
      g_autofree char *path = g_strconcat ("/v1/flights/", id, NULL);

      r = pd_client_call (client, "GET", path, NULL, &error);
    }
  else
    return pd_ctl_usage (usage);
  if (r == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    pd_ctl_print_json (r);
  else
    {
      JsonObject *f = json_node_get_object (r);

      g_print ("Flight %s on %s, %s -> %s, %s: %" G_GINT64_FORMAT " travellers (%s)\n", pd_json_str (f, "flight"),
               pd_json_str (f, "departure_date"), pd_json_str (f, "departure"), pd_json_str (f, "arrival"),
               pd_json_str (f, "departs"), pd_json_int (f, "travellers", 0), pd_json_str (f, "kind"));
      if (pd_json_str (f, "gallery_at") != NULL)
        g_print ("Gallery built %s in %.1f ms: %" G_GINT64_FORMAT " in the gallery, %" G_GINT64_FORMAT " biographic "
                 "only, %" G_GINT64_FORMAT " out of scope (age); %" G_GINT64_FORMAT " confirmed%s\n",
                 pd_json_str (f, "gallery_at"), pd_json_double (f, "gallery_ms", 0), pd_json_int (f, "in_gallery", 0),
                 pd_json_int (f, "biographic_only", 0), pd_json_int (f, "out_of_scope", 0),
                 pd_json_int (f, "confirmed", 0), pd_json_str (f, "closed_at") != NULL ? "; boarding closed" : "");
      else
        g_print ("No gallery yet: it is built 24 hours before departure\n");
      pd_ctl_print_table (json_object_get_member (f, "manifest"), manifest_columns);
    }
  return PD_CTL_OK;
}

/* The device's answer, as a gate's screen would say it. */
static void
print_gate_answer (JsonObject *o)
{
  JsonArray *reasons = pd_json_array (o, "reasons");
  const char *action = pd_json_str (o, "action");

  g_print ("%s (encounter %" G_GINT64_FORMAT ")\n", g_strcmp0 (action, "proceed") == 0 ? "PROCEED" :
           g_strcmp0 (action, "recapture") == 0 ? "RECAPTURE: take the photo again" :
           "WAIT: an officer will see the traveller", pd_json_int (o, "encounter", 0));
  for (guint i = 0; g_strcmp0 (action, "recapture") == 0 && reasons != NULL && i < json_array_get_length (reasons); i++)
    g_print ("  %s\n", json_array_get_string_element (reasons, i));
}

/* `portdeskctl gate register KEY_ID --terminal T --gate G [--mode M] | list`
 * (officers and admins), and the device's own commands with --url and
 * --api-key-file: `gate capture --flight F --date D PHOTO`, `gate opt-out`,
 * `gate close`, `gate health STATUS`. */
int
pd_ctl_cmd_gate (PdCtl  *ctl,
                 int     argc,
                 char  **argv)
{
  static const char usage[] = "gate register KEY_ID --terminal T --gate G [--mode gate|terminal|lane|vehicle] | list | "
                              "outage on --reason TEXT | outage off | outage status | "
                              "capture --flight F --date YYYY-MM-DD PHOTO | opt-out --flight F --date D | "
                              "close --flight F --date D | health STATUS   (a device's commands take --url and "
                              "--api-key-file)";
  static const char * const columns[] = { "key_id", "port", "mode", "terminal", "gate", "last_seen", "health",
                                          "silent", NULL };
  g_autofree char *flight = NULL, *date = NULL, *terminal = NULL, *gate = NULL, *mode = NULL, *reason = NULL;
  const GOptionEntry entries[] = {
    { "flight", 0, 0, G_OPTION_ARG_STRING, &flight, "The flight boarding (UA123)", "FLIGHT" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, "Its departure date", "YYYY-MM-DD" },
    { "terminal", 0, 0, G_OPTION_ARG_STRING, &terminal, "Where the device is: terminal", "T" },
    { "gate", 0, 0, G_OPTION_ARG_STRING, &gate, "Where the device is: gate or lane", "G" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "gate, terminal (cruise), lane (pedestrian) or vehicle", "MODE" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "outage on: why matching is down", "TEXT" },
    { NULL }
  };
  g_autoptr(GString) path = NULL;
  g_autoptr(JsonNode) r = NULL;
  GError *error = NULL;
  PdClient *client;
  const char *cmd;

  if (!pd_ctl_parse (&argc, &argv, entries, "- TVS gate devices", &error))
    return pd_ctl_fail (error);
  if (argc < 2)
    return pd_ctl_usage (usage);
  cmd = argv[1];
  if (strcmp (cmd, "list") == 0 && argc == 2)
    return pd_ctl_get_and_print (ctl, "/v1/gates", columns);
  if (strcmp (cmd, "outage") == 0 && argc == 3)
    {
      gboolean on = strcmp (argv[2], "on") == 0;

      if ((client = pd_ctl_session (ctl, &error)) == NULL)
        return pd_ctl_fail (error);
      if (strcmp (argv[2], "status") == 0)
        r = pd_client_call (client, "GET", "/v1/tvs/outage", NULL, &error);
      else if (on || strcmp (argv[2], "off") == 0)
        r = pd_client_post (client, "/v1/tvs/outage", &error, "outage", G_TYPE_BOOLEAN, on, "reason", G_TYPE_STRING,
                            reason, NULL);
      else
        return pd_ctl_usage (usage);
      if (r == NULL)
        return pd_ctl_fail (error);
      if (ctl->json)
        pd_ctl_print_json (r);
      else if (pd_json_bool (json_node_get_object (r), "outage"))
        g_print ("Outage mode since %s (%s): every traveller is confirmed biographically\n",
                 pd_json_str (json_node_get_object (r), "since"), pd_json_str (json_node_get_object (r), "reason"));
      else
        g_print ("Matching is up\n");
      return PD_CTL_OK;
    }
  if (strcmp (cmd, "register") == 0 && argc == 3)
    {
      if ((client = pd_ctl_session (ctl, &error)) == NULL)
        return pd_ctl_fail (error);
      r = pd_client_post (client, "/v1/gates", &error, "key_id", G_TYPE_STRING, argv[2], "terminal", G_TYPE_STRING,
                          terminal, "gate", G_TYPE_STRING, gate, "mode", G_TYPE_STRING, mode, NULL);
      return pd_ctl_print_result (ctl, r, error, "Registered");
    }
  if ((client = pd_ctl_public (ctl, &error)) == NULL)
    return pd_ctl_fail (error);
  if (strcmp (cmd, "health") == 0 && argc == 3)
    {
      r = pd_client_post (client, "/v1/gate/health", &error, "status", G_TYPE_STRING, argv[2], NULL);
      return pd_ctl_print_result (ctl, r, error, "Reported");
    }
  path = g_string_new (strcmp (cmd, "capture") == 0 && argc == 3 ? "/v1/gate/captures?" :
                       strcmp (cmd, "opt-out") == 0 && argc == 2 ? "/v1/gate/opt-outs?" :
                       strcmp (cmd, "close") == 0 && argc == 2 ? "/v1/gate/close?" : "");
  if (path->len == 0)
    return pd_ctl_usage (usage);
  pd_client_query_add (path, "flight", flight);
  pd_client_query_add (path, "date", date);
  if (strcmp (cmd, "capture") == 0)
    r = pd_ctl_post_photo (client, path->str, argv[2], &error);
  else
    r = pd_client_call (client, "POST", path->str, NULL, &error);
  if (r == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    pd_ctl_print_json (r);
  else if (strcmp (cmd, "close") == 0)
    g_print ("Boarding closed\n");
  else
    print_gate_answer (json_node_get_object (r));
  return PD_CTL_OK;
}

/* Writes the base64 member @member of @o to @file, when both are there. */
static gboolean
write_photo (JsonObject  *o,
             const char  *member,
             const char  *file,
             const char  *what,
             GError     **error)
{
  const char *text = pd_json_str (o, member);
  g_autofree guchar *data = NULL;
  gsize len;

  if (file == NULL || text == NULL)
    return TRUE;
  data = g_base64_decode (text, &len);
  if (!g_file_set_contents (file, (const char *) data, len, error))
    return FALSE;
  g_print ("%s written to %s\n", what, file);
  return TRUE;
}

/* `portdeskctl alert list [--all] | show ID [--capture-out F] [--photo-out F]
 * | dispose ID --disposition D --reason R [--us-citizen]`: the TVS alerts
 * of the officer's port. */
int
pd_ctl_cmd_alert (PdCtl  *ctl,
                  int     argc,
                  char  **argv)
{
  static const char usage[] = "alert list [--all] | show ID [--capture-out FILE] [--photo-out FILE] | dispose ID "
                              "--disposition confirmed|false-match|biographic|referred --reason TEXT [--us-citizen]";
  static const char * const columns[] = { "id", "created_at", "kind", "flight", "mode", "terminal", "gate",
                                          "disposition", NULL };
  g_autofree char *capture_out = NULL, *photo_out = NULL, *disposition = NULL, *reason = NULL;
  gboolean all = FALSE, us_citizen = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "Disposed alerts too", NULL },
    { "capture-out", 0, 0, G_OPTION_ARG_FILENAME, &capture_out, "Write the capture (while the alert is open)", "FILE" },
    { "photo-out", 0, 0, G_OPTION_ARG_FILENAME, &photo_out, "Write the matched traveller's gallery photo", "FILE" },
    { "disposition", 0, 0, G_OPTION_ARG_STRING, &disposition, "confirmed, false-match, biographic (document "
      "checked) or referred", "D" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why", "TEXT" },
    { "us-citizen", 0, 0, G_OPTION_ARG_NONE, &us_citizen, "The traveller is a U.S. citizen: drop the capture now",
      NULL },
    { NULL }
  };
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) r = NULL;
  GError *error = NULL;
  PdClient *client;

  if (!pd_ctl_parse (&argc, &argv, entries, "- TVS alerts (officers)", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return pd_ctl_get_and_print (ctl, all ? "/v1/alerts?open=false" : "/v1/alerts", columns);
  if (argc != 3 || (strcmp (argv[1], "show") != 0 && strcmp (argv[1], "dispose") != 0))
    return pd_ctl_usage (usage);
  if ((client = pd_ctl_session (ctl, &error)) == NULL)
    return pd_ctl_fail (error);
  path = g_strconcat ("/v1/alerts/", argv[2], strcmp (argv[1], "dispose") == 0 ? "/disposition" : "", NULL);
  if (strcmp (argv[1], "dispose") == 0)
    {
      r = pd_client_post (client, path, &error, "disposition", G_TYPE_STRING, disposition, "reason", G_TYPE_STRING,
                          reason, "us_citizen", G_TYPE_BOOLEAN, us_citizen, NULL);
      return pd_ctl_print_result (ctl, r, error, "Disposed");
    }
  r = pd_client_call (client, "GET", path, NULL, &error);
  if (r == NULL)
    return pd_ctl_fail (error);
  if (ctl->json)
    pd_ctl_print_json (r);
  else
    {
      JsonObject *a = json_node_get_object (r);
      JsonObject *t = pd_json_obj (a, "traveller");

      g_print ("Alert %" G_GINT64_FORMAT " (%s) at %s: flight %s on %s, %s %s, terminal %s\n",
               pd_json_int (a, "id", 0), pd_json_str (a, "kind"), pd_json_str (a, "created_at"),
               pd_json_str (a, "flight"), pd_json_str (a, "departure_date"), pd_json_str (a, "mode"),
               pd_json_str (a, "gate"), pd_json_str (a, "terminal"));
      if (t != NULL)
        g_print ("Traveller: %s, %s  born %s  %s  document %s/%s\n", pd_json_str (t, "surname"),
                 pd_json_str (t, "given_names"), pd_json_str (t, "birth_date"), pd_json_str (t, "nationality"),
                 pd_json_str (t, "document_number"), pd_json_str (t, "document_country"));
      if (pd_json_str (a, "disposition") != NULL)
        g_print ("Disposed %s: %s (%s)\n", pd_json_str (a, "disposed_at"), pd_json_str (a, "disposition"),
                 pd_json_str (a, "reason"));
      else
        g_print ("Open: never act on the face match alone; dispose of it with a reason\n");
      if (!write_photo (a, "capture", capture_out, "Capture", &error) ||
          !write_photo (a, "gallery_photo", photo_out, "Gallery photo", &error))
        return pd_ctl_fail (error);
    }
  return PD_CTL_OK;
}

/* `portdeskctl watchlist list | validate RECORD --reason R | withdraw RECORD
 * --reason R`: the TVS watch list, for passenger analysts. */
int
pd_ctl_cmd_watchlist (PdCtl  *ctl,
                      int     argc,
                      char  **argv)
{
  static const char usage[] = "watchlist list | validate RECORD --reason TEXT | withdraw RECORD --reason TEXT";
  static const char * const columns[] = { "record", "last_name", "first_name", "birth_date", "citizenship",
                                          "validated", "validated_by", "validated_at", "reason", NULL };
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (kept in the audit log)", "TEXT" },
    { NULL }
  };
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) r = NULL;
  GError *error = NULL;
  PdClient *client;

  if (!pd_ctl_parse (&argc, &argv, entries, "- the TVS watch list (passenger analysts)", &error))
    return pd_ctl_fail (error);
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return pd_ctl_get_and_print (ctl, "/v1/watchlist", columns);
  if (argc != 3 || (strcmp (argv[1], "validate") != 0 && strcmp (argv[1], "withdraw") != 0))
    return pd_ctl_usage (usage);
  if ((client = pd_ctl_session (ctl, &error)) == NULL)
    return pd_ctl_fail (error);
  path = g_strconcat ("/v1/watchlist/", argv[2], "/", argv[1], NULL);
  r = pd_client_post (client, path, &error, "reason", G_TYPE_STRING, reason, NULL);
  return pd_ctl_print_result (ctl, r, error, strcmp (argv[1], "validate") == 0 ?
                              "Validated: a capture matching it alerts the port's officers" :
                              "Withdrawn: it no longer alerts");
}
