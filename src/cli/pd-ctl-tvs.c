/* pd-ctl-tvs.c: `portdeskctl manifest parse FILE`
 *
 * An airline's PAXLST manifest read locally (no service): its messages,
 * flights, travellers and their documents, totals, and every warning with
 * its segment and position.
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
                                          "departs", "travellers", "warnings", NULL };
  static const char * const manifest_columns[] = { "surname", "given_names", "role", "sex", "birth_date",
                                                   "nationality", "document_type", "document_number",
                                                   "document_country", "document_expiry", NULL };
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
      pd_ctl_print_table (json_object_get_member (f, "manifest"), manifest_columns);
    }
  return PD_CTL_OK;
}
