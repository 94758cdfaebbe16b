/* pd-engine-bus.c: bus carriers' trips and passengers, submitted manifests,
 * the land port's expected buses, and retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <stdlib.h>
#include <string.h>

#include "pd-clock.h"
#include "pd-engine-accounts.h"
#include "pd-engine-bus.h"
#include "pd-engine-private.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-json.h"
#include "pd-mrz.h"
#include "pd-store-bus.h"

#define OFFICERS       (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR))
#define MAX_PASSENGERS 120
#define DRAFT_US       (24 * PD_USEC_PER_HOUR)
#define KEPT_MONTHS    13

static const char * const registration_statuses[] = { "current", "temporary", "expired", NULL };
static const char * const doc_types[] = { "passport", "id_card", "visa", "border_crossing_card", "other", NULL };

/* --- who calls ------------------------------------------------------------------- */

/* A bus carrier's key or an officer of the port (see _pd_engine_identify_side). */
static gboolean
identify (PdEngine    *self,
          PdCaller    *caller,
          const char  *action,
          PdSide       only,
          PdSide      *out_side,
          GError     **error)
{
  return _pd_engine_identify_side (self, caller, action, PD_PRINCIPAL_BUS_CARRIER, "bus", OFFICERS, only, out_side, error);
}

/* --- checking what a carrier sends -------------------------------------------------- */

/* @s is @min to @max characters, each a capital letter or digit (or one
 * of @also). */
static gboolean
code_shape (const char *s,
            gsize       min,
            gsize       max,
            gboolean    digits,
            const char *also)
{
  gsize n = strlen (s);

  if (n < min || n > max)
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isupper (*s) && !(digits && g_ascii_isdigit (*s)) && strchr (also, *s) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
email_shape (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '.') != NULL && strchr (at + 1, '@') == NULL &&
         strchr (email, ' ') == NULL;
}

/* The UTC calendar day of @t (unix us), as a GDate-like number of days. */
static gint64
day_of (gint64 t)
{
  return t / PD_USEC_PER_DAY - (t < 0 && t % PD_USEC_PER_DAY != 0);
}

/* YYYY-MM-DD as the UTC day number, or -1. */
static gint64
date_day (const char *date)
{
  g_autofree char *iso = g_strconcat (date, "T00:00:00Z", NULL);
  gint64 t;

  return strlen (date) == 10 && pd_time_parse (iso, &t) ? day_of (t) : -1;
}

static gboolean
get_date (PdEngine    *self,
          JsonObject  *o,
          const char  *member,
          gboolean     required,
          gboolean     past,
          char       **out,
          GError     **error)
{
  return pd_json_get_text (o, member, required, 10, FALSE, out, error) &&
         (*out == NULL || _pd_engine_valid_date (self, member, *out, past, error));
}

/* The trip in @body, checked; its times as unix us. */
static JsonObject *
parse_trip (PdEngine    *self,
            PdStoreTx   *tx,
            JsonObject  *body,
            GError     **error)
{
  g_autoptr(JsonObject) t = json_object_new ();
  g_autofree char *code = NULL, *sender = NULL, *reg = NULL, *status = NULL, *company = NULL, *location = NULL;
  g_autofree char *date = NULL, *port = NULL, *country = NULL, *email = NULL, *phone = NULL;
  gint64 departure = 0, arrival = 0, now = pd_engine_now (self);

  if (!pd_json_check_members (body, pd_bus_trip_columns, error) ||
      !pd_json_get_text (body, "carrier_code", TRUE, 4, TRUE, &code, error) ||
      !pd_json_get_text (body, "sender_id", TRUE, 16, TRUE, &sender, error) ||
      !pd_json_get_text (body, "bus_registration", TRUE, 12, TRUE, &reg, error) ||
      !pd_json_get_text (body, "registration_status", TRUE, 20, FALSE, &status, error) ||
      !pd_json_get_text (body, "company", TRUE, 100, FALSE, &company, error) ||
      !pd_json_get_text (body, "arrival_location", TRUE, 200, FALSE, &location, error) ||
      !pd_json_get_time (body, "departure_at", TRUE, &departure, error) ||
      !get_date (self, body, "us_arrival_date", TRUE, FALSE, &date, error) ||
      !pd_json_get_time (body, "port_arrival_at", TRUE, &arrival, error) ||
      !pd_json_get_text (body, "port", TRUE, 8, TRUE, &port, error) ||
      !pd_json_get_text (body, "last_country", TRUE, 3, TRUE, &country, error) ||
      !pd_json_get_text (body, "contact_email", TRUE, 100, FALSE, &email, error) ||
      !pd_json_get_text (body, "contact_phone", TRUE, 30, FALSE, &phone, error))
    return NULL;
  if (!code_shape (code, 2, 4, FALSE, ""))
    return pd_invalid (error, "carrier_code: '%s' is not a carrier code (2 to 4 letters, the SCAC)", code), NULL;
  if (!code_shape (sender, 4, 16, TRUE, ""))
    return pd_invalid (error, "sender_id: '%s' is not a sender identification (4 to 16 letters or digits)", sender),
           NULL;
  if (!code_shape (reg, 2, 12, TRUE, " -"))
    return pd_invalid (error, "bus_registration: '%s' is not a registration number", reg), NULL;
  if (!g_strv_contains (registration_statuses, status))
    return pd_invalid (error, "registration_status: one of current, temporary, expired"), NULL;
  if (!pd_store_port_exists (tx, port))
    return pd_invalid (error, "port: there is no port %s", port), NULL;
  if (!code_shape (country, 3, 3, FALSE, ""))
    return pd_invalid (error, "last_country: '%s' is not a country code (ISO 3166 alpha-3)", country), NULL;
  if (!email_shape (email))
    return pd_invalid (error, "contact_email: '%s' is not an email address", email), NULL;
  if (!code_shape (phone, 4, 30, TRUE, "+-(). ") || strspn (phone, "+-(). ") == strlen (phone))
    return pd_invalid (error, "contact_phone: '%s' is not a telephone number", phone), NULL;
  if (arrival <= departure)
    return pd_invalid (error, "port_arrival_at: the arrival at the port is not after the departure"), NULL;
  if (arrival < now)
    return pd_invalid (error, "port_arrival_at: the arrival at the port is in the past"), NULL;
  if (ABS (date_day (date) - day_of (arrival)) > 1)
    return pd_invalid (error, "us_arrival_date: %s is not the day of the arrival at the port", date), NULL;
  json_object_set_string_member (t, "carrier_code", code);
  json_object_set_string_member (t, "sender_id", sender);
  json_object_set_string_member (t, "bus_registration", reg);
  json_object_set_string_member (t, "registration_status", status);
  json_object_set_string_member (t, "company", company);
  json_object_set_string_member (t, "arrival_location", location);
  json_object_set_int_member (t, "departure_at", departure);
  json_object_set_string_member (t, "us_arrival_date", date);
  json_object_set_int_member (t, "port_arrival_at", arrival);
  json_object_set_string_member (t, "port", port);
  json_object_set_string_member (t, "last_country", country);
  json_object_set_string_member (t, "contact_email", email);
  json_object_set_string_member (t, "contact_phone", phone);
  return g_steal_pointer (&t);
}

/* An MRZ country: ISO alpha-3, and the one-letter "D" for Germany. */
static const char *
mrz_country (const char *code)
{
  return g_strcmp0 (code, "D") == 0 ? "DEU" : code;
}

/* The passenger read from the MRZ text in @body (with @body's residence,
 * trusted traveler number, issue date): the document's photo is never
 * sent, only its text. */
static JsonObject *
passenger_from_mrz (PdEngine    *self,
                    JsonObject  *body,
                    GError     **error)
{
  static const char * const allowed[] = { "mrz", "residence", "trusted_traveler", "doc_issued", NULL };
  g_autoptr(PdMrz) mrz = NULL;
  g_autoptr(JsonObject) p = json_object_new ();
  const char *text = NULL;
  const char *type;

  if (!pd_json_check_members (body, allowed, error) ||
      !pd_json_get_string (body, "mrz", TRUE, 200, &text, error))
    return NULL;
  mrz = pd_mrz_parse (text, pd_engine_now (self) / G_USEC_PER_SEC, error);
  if (mrz == NULL)
    {
      g_prefix_error (error, "mrz: ");
      return NULL;
    }
  if (!pd_mrz_valid (mrz))
    return pd_invalid (error, "mrz: the check digits fail (document number %s, birth date %s, expiry %s)",
                       mrz->number_check == PD_MRZ_CHECK_FAILED ? "wrong" : "ok",
                       mrz->birth_check == PD_MRZ_CHECK_FAILED ? "wrong" : "ok",
                       mrz->expiry_check == PD_MRZ_CHECK_FAILED ? "wrong" : "ok"), NULL;
  type = mrz->document_code[0] == 'P' ? "passport" : mrz->document_code[0] == 'V' ? "visa"
         : strchr ("IAC", mrz->document_code[0]) != NULL ? "id_card" : "other";
  json_object_set_string_member (p, "first_name", mrz->given_names);
  json_object_set_string_member (p, "last_name", mrz->surname);
  json_object_set_string_member (p, "birth_date", mrz->birth_date);
  json_object_set_string_member (p, "sex", g_str_equal (mrz->sex, "<") ? "X" : mrz->sex);
  json_object_set_string_member (p, "citizenship", mrz_country (mrz->nationality));
  json_object_set_string_member (p, "doc_type", type);
  json_object_set_string_member (p, "doc_number", mrz->document_number);
  json_object_set_string_member (p, "doc_expires", mrz->expiry_date);
  json_object_set_string_member (p, "doc_country", mrz_country (mrz->issuing_state));
  for (guint i = 1; allowed[i] != NULL; i++)
    if (json_object_has_member (body, allowed[i]))
      json_object_set_member (p, allowed[i], json_node_copy (json_object_get_member (body, allowed[i])));
  return g_steal_pointer (&p);
}

/* The passenger in @body (typed, or its MRZ read), checked. */
static JsonObject *
parse_passenger (PdEngine    *self,
                 JsonObject  *body,
                 GError     **error)
{
  static const char * const countries[] = { "citizenship", "residence", "doc_country" };
  static const char * const typed[] = { "first_name", "last_name", "birth_date", "sex", "citizenship", "residence",
                                        "doc_type", "doc_number", "doc_issued", "doc_expires", "doc_country",
                                        "trusted_traveler", NULL };
  g_autoptr(JsonObject) in = json_object_has_member (body, "mrz") ? passenger_from_mrz (self, body, error)
                                                                 : json_object_ref (body);
  g_autoptr(JsonObject) p = json_object_new ();
  g_autofree char *first = NULL, *last = NULL, *birth = NULL, *sex = NULL, *type = NULL, *number = NULL;
  g_autofree char *issued = NULL, *expires = NULL, *traveler = NULL;
  g_autofree char *today = NULL;

  if (in == NULL)
    return NULL;
  if (!pd_json_check_members (in, typed, error) ||
      !pd_json_get_text (in, "first_name", TRUE, 60, TRUE, &first, error) ||
      !pd_json_get_text (in, "last_name", TRUE, 60, TRUE, &last, error) ||
      !get_date (self, in, "birth_date", TRUE, TRUE, &birth, error) ||
      !pd_json_get_text (in, "sex", TRUE, 1, TRUE, &sex, error) ||
      !pd_json_get_text (in, "doc_type", TRUE, 30, FALSE, &type, error) ||
      !pd_json_get_text (in, "doc_number", TRUE, 20, TRUE, &number, error) ||
      !get_date (self, in, "doc_issued", FALSE, TRUE, &issued, error) ||
      !get_date (self, in, "doc_expires", TRUE, FALSE, &expires, error) ||
      !pd_json_get_text (in, "trusted_traveler", FALSE, 9, FALSE, &traveler, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      g_autofree char *c = NULL;

      if (!pd_json_get_text (in, countries[i], TRUE, 3, TRUE, &c, error))
        return NULL;
      if (!code_shape (c, 3, 3, FALSE, ""))
        return pd_invalid (error, "%s: '%s' is not a country code (ISO 3166 alpha-3)", countries[i], c), NULL;
      json_object_set_string_member (p, countries[i], c);
    }
  if (strchr ("MFX", sex[0]) == NULL)
    return pd_invalid (error, "sex: M, F or X"), NULL;
  if (!g_strv_contains (doc_types, type))
    return pd_invalid (error, "doc_type: one of passport, id_card, visa, border_crossing_card, other"), NULL;
  if (!code_shape (number, 1, 20, TRUE, ""))
    return pd_invalid (error, "doc_number: '%s' is not a document number (letters and digits)", number), NULL;
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (pd_engine_now (self) / G_USEC_PER_SEC);

    today = g_date_time_format (now, "%Y-%m-%d");
  }
  if (strcmp (expires, today) < 0)
    return pd_invalid (error, "doc_expires: the document expired on %s", expires), NULL;
  if (traveler != NULL && (strlen (traveler) != 9 || strspn (traveler, "0123456789") != 9))
    return pd_invalid (error, "trusted_traveler: a Trusted Traveler number has 9 digits"), NULL;
  json_object_set_string_member (p, "first_name", first);
  json_object_set_string_member (p, "last_name", last);
  json_object_set_string_member (p, "birth_date", birth);
  json_object_set_string_member (p, "sex", sex);
  json_object_set_string_member (p, "doc_type", type);
  json_object_set_string_member (p, "doc_number", number);
  if (issued != NULL)
    json_object_set_string_member (p, "doc_issued", issued);
  json_object_set_string_member (p, "doc_expires", expires);
  if (traveler != NULL)
    json_object_set_string_member (p, "trusted_traveler", traveler);
  json_object_set_int_member (p, "mrz_checked", json_object_has_member (body, "mrz"));
  return g_steal_pointer (&p);
}

/* --- what the reader sees ----------------------------------------------------------- */

static void
set_rows (JsonObject *o,
          const char *member,
          GPtrArray  *rows)
{
  JsonArray *a = json_array_sized_new (rows->len);

  for (guint i = 0; i < rows->len; i++)
    json_array_add_object_element (a, json_object_ref (rows->pdata[i]));
  json_object_set_array_member (o, member, a);
}

/* Whole years from @birth to @on (YYYY-MM-DD). */
static int
age_on (const char *birth,
        const char *on)
{
  int years = atoi (on) - atoi (birth);

  return strcmp (on + 4, birth + 4) < 0 ? years - 1 : years;
}

/* The officer's checks of each passenger of @m: the document's check
 * digits read, its expiry before the arrival, the age on arrival and
 * whether biometric processing applies (14 to 79); and their counts. */
static void
add_checks (JsonObject *m,
            GPtrArray  *passengers)
{
  const char *arrival = pd_json_str (m, "us_arrival_date");
  gint64 expiring = 0, biometric = 0, unchecked = 0;

  for (guint i = 0; i < passengers->len; i++)
    {
      JsonObject *p = passengers->pdata[i];
      int age = age_on (pd_json_str (p, "birth_date"), arrival);
      gboolean expires = g_strcmp0 (pd_json_str (p, "doc_expires"), arrival) < 0;
      gboolean checked = pd_json_int (p, "mrz_checked", 0) != 0;

      json_object_remove_member (p, "mrz_checked");
      json_object_set_string_member (p, "check_digits", checked ? "ok" : "not_read");
      json_object_set_boolean_member (p, "expires_before_arrival", expires);
      json_object_set_int_member (p, "age_on_arrival", age);
      json_object_set_boolean_member (p, "biometric", age >= 14 && age <= 79);
      expiring += expires;
      biometric += age >= 14 && age <= 79;
      unchecked += !checked;
    }
  json_object_set_int_member (m, "expiring", expiring);
  json_object_set_int_member (m, "biometric", biometric);
  json_object_set_int_member (m, "unchecked", unchecked);
}

static JsonObject *
trip_detail (PdStoreTx   *tx,
             JsonObject  *trip,
             GError     **error)
{
  g_autoptr(GPtrArray) passengers = pd_store_bus_passengers (tx, FALSE, pd_json_int (trip, "id", 0), error);
  JsonObject *o;

  if (passengers == NULL)
    return NULL;
  o = json_object_ref (trip);
  set_rows (o, "passengers", passengers);
  return o;
}

static JsonObject *
manifest_detail (PdStoreTx   *tx,
                 JsonObject  *m,
                 GError     **error)
{
  g_autoptr(GPtrArray) passengers = pd_store_bus_passengers (tx, TRUE, pd_json_int (m, "id", 0), error);
  JsonObject *o;

  if (passengers == NULL)
    return NULL;
  o = json_object_ref (m);
  add_checks (o, passengers);
  set_rows (o, "passengers", passengers);
  json_object_remove_member (o, "id");
  json_object_remove_member (o, "carrier");
  return o;
}

/* --- the carrier ------------------------------------------------------------------------ */

static JsonObject *
own_trip (PdEngine    *self,
          PdCaller    *caller,
          const char  *action,
          gint64       id,
          PdStoreTx  **out_tx,
          GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  JsonObject *trip;

  if (!identify (self, caller, action, PD_SIDE_PUBLIC, NULL, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (trip = pd_store_bus_trip_get (tx, caller->apikey->key_id, id, error)) == NULL)
    return NULL;
  *out_tx = g_steal_pointer (&tx);
  return trip;
}

static char *
trip_object (gint64 id)
{
  return g_strdup_printf ("bus-trip:%" G_GINT64_FORMAT, id);
}

JsonObject *
pd_engine_bus_trip_create (PdEngine    *self,
                           PdCaller    *caller,
                           JsonObject  *body,
                           GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) t = NULL, trip = NULL, out = NULL;
  g_autofree char *object = NULL;
  g_autofree char *params = NULL;
  gint64 id;

  if (!identify (self, caller, "bus.trip.create", PD_SIDE_PUBLIC, NULL, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL || (t = parse_trip (self, tx, body, error)) == NULL ||
      (id = pd_store_bus_trip_insert (tx, t, caller->apikey->key_id, pd_engine_now (self), error)) == 0 ||
      (trip = pd_store_bus_trip_get (tx, caller->apikey->key_id, id, error)) == NULL)
    return NULL;
  object = trip_object (id);
  /* never the carrier code nor the sender ID */
  params = _pd_params ("port", pd_json_str (t, "port"), NULL);
  if ((out = trip_detail (tx, trip, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "bus.trip.create", object, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&out);
}

JsonObject *
pd_engine_bus_trip_get (PdEngine    *self,
                        PdCaller    *caller,
                        gint64       id,
                        GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) trip = own_trip (self, caller, "bus.trip.show", id, &tx, error);
  g_autofree char *object = trip_object (id);
  g_autoptr(JsonObject) out = NULL;

  if (trip == NULL || (out = trip_detail (tx, trip, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "bus.trip.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
pd_engine_bus_trips (PdEngine  *self,
                     PdCaller  *caller,
                     GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!identify (self, caller, "bus.trip.list", PD_SIDE_PUBLIC, NULL, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_bus_trips (tx, caller->apikey->key_id, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "bus.trip.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

JsonObject *
pd_engine_bus_passenger_add (PdEngine    *self,
                             PdCaller    *caller,
                             gint64       trip_id,
                             JsonObject  *body,
                             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) trip = NULL, p = NULL, out = NULL;
  g_autoptr(GPtrArray) passengers = NULL;
  g_autofree char *object = trip_object (trip_id);
  g_autofree char *params = NULL;

  if ((p = parse_passenger (self, body, error)) == NULL ||
      (trip = own_trip (self, caller, "bus.passenger.add", trip_id, &tx, error)) == NULL ||
      (passengers = pd_store_bus_passengers (tx, FALSE, trip_id, error)) == NULL)
    return NULL;
  if (passengers->len >= MAX_PASSENGERS)
    return pd_invalid (error, "A bus trip has at most %d passengers", MAX_PASSENGERS), NULL;
  /* who was added is the trip's business, not the audit's */
  params = _pd_params ("mrz", pd_json_int (p, "mrz_checked", 0) ? "yes" : "no", NULL);
  if (pd_store_bus_passenger_add (tx, trip_id, p, error) == 0 || (out = trip_detail (tx, trip, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "bus.passenger.add", object, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&out);
}

JsonObject *
pd_engine_bus_passenger_remove (PdEngine    *self,
                                PdCaller    *caller,
                                gint64       trip_id,
                                gint64       passenger_id,
                                GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) trip = own_trip (self, caller, "bus.passenger.remove", trip_id, &tx, error);
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *object = trip_object (trip_id);

  if (trip == NULL || !pd_store_bus_passenger_remove (tx, trip_id, passenger_id, error) ||
      (out = trip_detail (tx, trip, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "bus.passenger.remove", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&out);
}

JsonObject *
pd_engine_bus_submit (PdEngine    *self,
                      PdCaller    *caller,
                      gint64       trip_id,
                      GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) trip = own_trip (self, caller, "bus.submit", trip_id, &tx, error);
  g_autoptr(JsonObject) m = NULL, out = NULL;
  g_autoptr(GPtrArray) passengers = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *object = trip_object (trip_id);
  g_autofree char *params = NULL;
  gint64 arrival = 0;

  if (trip == NULL || (passengers = pd_store_bus_passengers (tx, FALSE, trip_id, error)) == NULL)
    return NULL;
  if (passengers->len == 0)
    return pd_invalid (error, "The trip has no passengers yet"), NULL;
  if (!pd_time_parse (pd_json_str (trip, "port_arrival_at"), &arrival) || arrival < pd_engine_now (self))
    return pd_invalid (error, "port_arrival_at: the arrival at the port has passed; this trip can no longer be "
                       "submitted"), NULL;
  if ((ref = pd_store_bus_submit (tx, trip_id, pd_engine_now (self), error)) == NULL ||
      (m = pd_store_bus_manifest_get (tx, ref, error)) == NULL || (out = manifest_detail (tx, m, error)) == NULL)
    return NULL;
  params = _pd_params ("trip", object, "port", pd_json_str (m, "port"), NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "bus.submit", ref, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  pd_engine_emit_event (self, &tx, PD_EVENT_BUS_MANIFEST, pd_json_str (m, "port"), OFFICERS, NULL,
                        _pd_params_node ("ref", ref, "action", "submitted", NULL));
  return g_steal_pointer (&out);
}

/* --- manifests ------------------------------------------------------------------------- */

GPtrArray *
pd_engine_bus_manifests (PdEngine    *self,
                         PdCaller    *caller,
                         const char  *from,
                         guint        days,
                         GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *n = g_strdup_printf ("%u", days);
  g_autofree char *params = _pd_params ("from", from, "days", n, NULL);
  gint64 start = 0, end = G_MAXINT64;
  PdSide side;

  if (!identify (self, caller, "bus.manifest.list", PD_SIDE_ANY, &side, error))
    return NULL;
  if (days < 1 || days > 31)
    return pd_invalid (error, "days: 1 to 31"), NULL;
  if (side == PD_SIDE_OFFICER)
    {
      if (!_pd_engine_day_range (self, from, from, &start, &end, error))
        return NULL;
      end = start + days * PD_USEC_PER_DAY;
    }
  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_bus_manifests (tx, side == PD_SIDE_OFFICER ? pd_caller_port (caller) : NULL,
                                      side == PD_SIDE_PUBLIC ? caller->apikey->key_id : NULL, start, end,
                                      error)) == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *m = rows->pdata[i];
      g_autoptr(GPtrArray) passengers = pd_store_bus_passengers (tx, TRUE, pd_json_int (m, "id", 0), error);

      if (passengers == NULL)
        return NULL;
      add_checks (m, passengers);
      json_object_remove_member (m, "id");
      json_object_remove_member (m, "carrier");
    }
  if (!_pd_engine_audit_tx (self, tx, caller, "bus.manifest.list", NULL, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* @ref if the caller may see it, in a new transaction (_pd_engine_load_visible). */
static JsonObject *
load_visible (PdEngine    *self,
              PdCaller    *caller,
              PdSide       side,
              const char  *ref,
              PdStoreTx  **out_tx,
              GError     **error)
{
  return _pd_engine_load_visible (self, caller, side, pd_store_bus_manifest_get, "carrier", "bus manifest", ref, out_tx, error);
}

JsonObject *
pd_engine_bus_manifest (PdEngine    *self,
                        PdCaller    *caller,
                        const char  *ref,
                        GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) m = NULL, out = NULL;
  PdSide side;

  if (!identify (self, caller, "bus.manifest.show", PD_SIDE_ANY, &side, error) ||
      (m = load_visible (self, caller, side, ref, &tx, error)) == NULL ||
      (out = manifest_detail (tx, m, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "bus.manifest.show", ref, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&out);
}

JsonObject *
pd_engine_bus_arrive (PdEngine    *self,
                      PdCaller    *caller,
                      const char  *ref,
                      GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) m = NULL, fresh = NULL, out = NULL;

  if (!identify (self, caller, "bus.arrive", PD_SIDE_OFFICER, NULL, error) ||
      (m = load_visible (self, caller, PD_SIDE_OFFICER, ref, &tx, error)) == NULL ||
      !pd_store_bus_arrive (tx, pd_json_int (m, "id", 0), pd_caller_actor (caller), pd_engine_now (self), error) ||
      (fresh = pd_store_bus_manifest_get (tx, ref, error)) == NULL ||
      (out = manifest_detail (tx, fresh, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "bus.arrive", ref, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  pd_engine_emit_event (self, &tx, PD_EVENT_BUS_MANIFEST, pd_json_str (m, "port"), OFFICERS, NULL,
                        _pd_params_node ("ref", ref, "action", "arrived", NULL));
  return g_steal_pointer (&out);
}

/* --- demo ---------------------------------------------------------------------------- */

gboolean
pd_engine_bus_demo (PdEngine  *self,
                    GError   **error)
{
  static const struct { const char *first, *last, *birth, *sex, *country, *number; int expires_in_days; } people[] = {
    { "JUAN", "GARCIA LOPEZ", "1985-03-12", "M", "MEX", "G07A31958", 2500 },
    { "ANA", "RUIZ", "1990-04-02", "F", "MEX", "G1234567", 1200 },
    { "SOFIA", "RUIZ", "2016-12-06", "F", "MEX", "G7654321", 0 },
    { "MICHAEL", "BROWN", "1951-07-30", "M", "USA", "A10293847", 900 },
  };
  g_autoptr(PdCaller) system = pd_caller_new_system ();
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
  g_autoptr(GPtrArray) any = NULL;
  g_autoptr(PdApiKey) key = NULL;
  g_autofree char *secret = NULL;
  gint64 now = pd_engine_now (self);

  if (tx == NULL || (any = pd_store_bus_manifests (tx, NULL, NULL, G_MININT64, G_MAXINT64, error)) == NULL)
    return FALSE;
  g_clear_pointer (&tx, pd_store_tx_free);
  if (any->len > 0)
    return TRUE;
  /* a carrier's key (its secret is not kept: admins make their own to play it) */
  key = pd_engine_apikey_create (self, system, PD_PRINCIPAL_BUS_CARRIER, "Tufesa Internacional", NULL, "bus", &secret,
                                 error);
  if (key == NULL || (tx = pd_store_begin (self->store, error)) == NULL)
    return FALSE;
  for (int b = 0; b < 2; b++)
    {
      gint64 arrival = now - now % PD_USEC_PER_HOUR + (b == 0 ? 3 : 27) * PD_USEC_PER_HOUR;
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_utc (arrival / G_USEC_PER_SEC);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autoptr(JsonObject) t = json_object_new ();
      g_autofree char *ref = NULL;
      gint64 id;

      json_object_set_string_member (t, "carrier_code", "TUFS");
      json_object_set_string_member (t, "sender_id", "TUF00123");
      json_object_set_string_member (t, "bus_registration", b == 0 ? "NL 4821" : "SON 77-310");
      json_object_set_string_member (t, "registration_status", b == 0 ? "current" : "temporary");
      json_object_set_string_member (t, "company", "Tufesa Internacional");
      json_object_set_string_member (t, "arrival_location", "Tufesa terminal, 2000 E Olympic Blvd, Los Angeles, CA");
      json_object_set_int_member (t, "departure_at", arrival - 7 * PD_USEC_PER_HOUR);
      json_object_set_string_member (t, "us_arrival_date", date);
      json_object_set_int_member (t, "port_arrival_at", arrival);
      json_object_set_string_member (t, "port", "LAX");
      json_object_set_string_member (t, "last_country", "MEX");
      json_object_set_string_member (t, "contact_email", "ops@tufesa.example");
      json_object_set_string_member (t, "contact_phone", "+52 662 555 0100");
      if ((id = pd_store_bus_trip_insert (tx, t, key->key_id, now, error)) == 0)
        return FALSE;
      for (guint i = b; i < G_N_ELEMENTS (people); i++)
        {
          g_autoptr(JsonObject) p = json_object_new ();
          g_autoptr(GDateTime) expires = g_date_time_add_days (day, people[i].expires_in_days - 1);
          g_autofree char *expiry = g_date_time_format (expires, "%Y-%m-%d");

          json_object_set_string_member (p, "first_name", people[i].first);
          json_object_set_string_member (p, "last_name", people[i].last);
          json_object_set_string_member (p, "birth_date", people[i].birth);
          json_object_set_string_member (p, "sex", people[i].sex);
          json_object_set_string_member (p, "citizenship", people[i].country);
          json_object_set_string_member (p, "residence", "MEX");
          json_object_set_string_member (p, "doc_type", "passport");
          json_object_set_string_member (p, "doc_number", people[i].number);
          json_object_set_string_member (p, "doc_expires", expiry);
          json_object_set_string_member (p, "doc_country", people[i].country);
          json_object_set_int_member (p, "mrz_checked", i % 2 == 0);
          if (pd_store_bus_passenger_add (tx, id, p, error) == 0)
            return FALSE;
        }
      if ((ref = pd_store_bus_submit (tx, id, now, error)) == NULL)
        return FALSE;
    }
  return pd_store_commit (tx, error);
}

/* --- retention ------------------------------------------------------------------------ */

/* passengers go with their trip or manifest (ON DELETE CASCADE) */
static gboolean
purge_drafts (PdEngine                *engine,
              PdStoreTx               *tx,
              gint64                   now,
              const PdRetentionPolicy *policy,
              GArray                  *out_ids,
              GError                 **error)
{
  return pd_retention_purge_before (tx, "bus_trips", "collected_at", now - policy->period_us, out_ids, error);
}

static gboolean
purge_manifests (PdEngine                *engine,
                 PdStoreTx               *tx,
                 gint64                   now,
                 const PdRetentionPolicy *policy,
                 GArray                  *out_ids,
                 GError                 **error)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) cutoff = g_date_time_add_months (t, -KEPT_MONTHS);

  /* 13 calendar months */
  return pd_retention_purge_before (tx, "bus_manifests", "submitted_at",
                                    g_date_time_to_unix (cutoff) * G_USEC_PER_SEC + now % G_USEC_PER_SEC, out_ids, error);
}

static const PdRetentionPolicy policies[] = {
  { "bus.manifest.ids", "Bus manifests",
    "The carrier code and sender ID are erased at submission from everything but the manifest record (the draft "
    "that held them is deleted)",
    PD_RETENTION_GUARD, 0, NULL },
  { "bus.unsubmitted", "Unsubmitted bus trip data",
    "A trip never submitted is deleted 24 h after collection, with its passengers; the document photo used to read "
    "an MRZ is never received (only its text)",
    PD_RETENTION_PURGE, DRAFT_US, purge_drafts, "SELECT count(*) FROM bus_trips",
    "SELECT min(collected_at) + ?1 FROM bus_trips" },
  { "bus.manifests", "Submitted bus manifests",
    "Kept as advance passenger records for 13 months (calendar) from submission, then deleted",
    PD_RETENTION_PURGE, 395 * PD_USEC_PER_DAY, purge_manifests, "SELECT count(*) FROM bus_manifests" },
};

const PdRetentionPolicy *
pd_engine_bus_retention (guint *n)
{
  *n = G_N_ELEMENTS (policies);
  return policies;
}
