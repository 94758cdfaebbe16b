/* pd-engine-landing.c: landing rights: air operators' contacts and
 * requests, the port's review, decision and schedule, and retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <string.h>

#include "pd-clock.h"
#include "pd-engine-accounts.h"
#include "pd-engine-landing.h"
#include "pd-engine-private.h"
#include "pd-engine-scheduling.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-json.h"
#include "pd-store-inspections.h"
#include "pd-store-landing.h"

#define OFFICERS     (PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | PD_ROLE_BIT (PD_ROLE_CBP_OFFICER))
#define MAX_FLIGHTS  50
#define MAX_FLIGHT_US (24 * PD_USEC_PER_HOUR)
#define CONFLICT_US  (30 * G_USEC_PER_SEC * 60)   /* approved arrivals this close at one terminal */

static const char * const types[] = { "commercial_passenger", "commercial_cargo", "private", NULL };
static const char * const contact_roles[] = { "company", "station_manager", "ground_handler", NULL };
/* the decisions (and recommendations) and the status each gives */
static const struct { const char *decision, *status; } decisions[] = {
  { "approve",                 "approved" },
  { "approve_with_conditions", "approved_with_conditions" },
  { "deny",                    "denied" },
};

/* --- who calls --------------------------------------------------------------- */

/* An air operator's key or an officer of the port (see _pd_engine_identify_side). */
static gboolean
identify (PdEngine    *self,
          PdCaller    *caller,
          const char  *action,
          PdSide       only,
          PdSide      *out_side,
          GError     **error)
{
  return _pd_engine_identify_side (self, caller, action, PD_PRINCIPAL_AIR_OPERATOR, "landing", OFFICERS, only, out_side, error);
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
  return _pd_engine_load_visible (self, caller, side, pd_store_landing_get, "operator", "landing-rights request", ref, out_tx, error);
}

static const char *
actor (PdCaller *caller,
       PdSide      side)
{
  return side == PD_SIDE_PUBLIC ? caller->apikey->name : pd_caller_actor (caller);
}

/* Tells the port's officers and the operator, once @tx is released. */
static void
emit (PdEngine    *self,
      PdStoreTx  **tx,
      const char  *type,
      JsonObject  *r,
      JsonNode    *payload)
{
  pd_engine_emit_event (self, tx, type, pd_json_str (r, "port"), OFFICERS, pd_json_str (r, "operator"), payload);
}

static void
emit_change (PdEngine    *self,
             PdStoreTx  **tx,
             JsonObject  *r,
             const char  *status,
             const char  *action)
{
  emit (self, tx, PD_EVENT_LANDING_REQUEST, r,
        _pd_params_node ("ref", pd_json_str (r, "ref"), "status", status, "action", action, NULL));
}

/* --- what the reader sees ------------------------------------------------------ */

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

/* What a request's reader does not see: its row id; an operator neither
 * the officers' recommendation nor who decided. */
static void
hide (JsonObject *o,
      PdSide        side)
{
  static const char * const internal[] = { "recommendation", "recommendation_reason", "recommended_by",
                                           "recommended_at", "decided_by", "operator" };

  json_object_remove_member (o, "id");
  for (guint i = 0; side == PD_SIDE_PUBLIC && i < G_N_ELEMENTS (internal); i++)
    json_object_remove_member (o, internal[i]);
}

/* @r with its flights, history and chat, in @tx; an operator sees neither
 * the officers' recommendation nor who decided. */
static JsonObject *
detail (PdEngine    *self,
        PdStoreTx   *tx,
        PdCaller    *caller,
        PdSide         side,
        JsonObject  *r,
        GError     **error)
{
  gint64 id = pd_json_int (r, "id", 0);
  g_autoptr(GPtrArray) flights = pd_store_landing_flights (tx, id, error);
  g_autoptr(GPtrArray) history = flights != NULL ? pd_store_landing_history (tx, id, error) : NULL;
  g_autoptr(GPtrArray) chat = history != NULL ? pd_store_chat_list (tx, PD_CHAT_LANDING, id, error) : NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) messages = NULL;
  JsonObject *o;

  if (chat == NULL)
    return NULL;
  o = json_object_ref (r);
  hide (o, side);
  if (side == PD_SIDE_PUBLIC)
    {
      GPtrArray *shown = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      for (guint i = 0; i < history->len; i++)
        if (g_strcmp0 (pd_json_str (history->pdata[i], "action"), "recommended") != 0)
          g_ptr_array_add (shown, json_object_ref (history->pdata[i]));
      g_ptr_array_unref (history);
      history = shown;
    }
  else
    {
      gboolean director = pd_caller_role (caller) == PD_ROLE_PORT_DIRECTOR ||
                          pd_store_landing_is_designee (tx, pd_caller_port (caller), pd_caller_user_id (caller));

      json_object_set_boolean_member (o, "can_decide", director);
    }
  set_rows (o, "flights", flights);
  set_rows (o, "history", history);
  b = json_builder_new_immutable ();
  json_builder_begin_array (b);
  for (guint i = 0; i < chat->len; i++)
    pd_chat_message_add_json (b, NULL, chat->pdata[i]);
  json_builder_end_array (b);
  messages = json_builder_get_root (b);
  json_object_set_array_member (o, "chat", json_array_ref (json_node_get_array (messages)));
  json_object_set_int_member (o, "unread", _pd_chat_unread (tx, PD_CHAT_LANDING, id, caller, side == PD_SIDE_OFFICER,
                                                            chat));
  return o;
}

/* --- what an operator sends ------------------------------------------------------ */

/* The first @n bytes of @s (all when -1) are capital letters ("A"),
 * digits ("9") or either ("X"). */
static gboolean
all_chars (const char *s,
           gssize      n,
           const char *allowed_class)
{
  for (const char *end = n < 0 ? s + strlen (s) : s + n; s < end; s++)
    {
      gboolean letter = g_ascii_isupper (*s), digit = g_ascii_isdigit (*s);

      if (!(strchr (allowed_class, 'X') ? letter || digit : strchr (allowed_class, 'A') ? letter : digit))
        return FALSE;
    }
  return TRUE;
}

/* An airline code as IATA (two letters or digits, not both digits) or ICAO
 * (three letters). */
static gboolean
airline_code_shape (const char *code)
{
  gsize n = strlen (code);

  return (n == 2 && all_chars (code, -1, "X") && !(g_ascii_isdigit (code[0]) && g_ascii_isdigit (code[1]))) ||
         (n == 3 && all_chars (code, -1, "A"));
}

static PdLandingFlight *
parse_flight (PdEngine    *self,
              JsonObject  *o,
              GError     **error)
{
  static const char * const allowed[] = { "scheduled", "precleared", "flight_number", "departure_airport",
                                          "arrival_airport", "etd", "eta", "passengers", "terminal", "equipment",
                                          "comments", NULL };
  g_autoptr(PdLandingFlight) f = g_new0 (PdLandingFlight, 1);
  gint64 now = pd_engine_now (self);

  if (!pd_json_check_members (o, allowed, error) ||
      !pd_json_get_bool (o, "scheduled", TRUE, &f->scheduled, error) ||
      !pd_json_get_bool (o, "precleared", TRUE, &f->precleared, error) ||
      !pd_json_get_text (o, "flight_number", TRUE, 8, TRUE, &f->flight_number, error) ||
      !pd_json_get_text (o, "departure_airport", TRUE, 3, TRUE, &f->departure_airport, error) ||
      !pd_json_get_text (o, "arrival_airport", TRUE, 3, TRUE, &f->arrival_airport, error) ||
      !pd_json_get_time (o, "etd", TRUE, &f->etd, error) || !pd_json_get_time (o, "eta", TRUE, &f->eta, error) ||
      !pd_json_get_int (o, "passengers", TRUE, 0, 1000, &f->passengers, error) ||
      !pd_json_get_text (o, "terminal", TRUE, 20, FALSE, &f->terminal, error) ||
      !pd_json_get_text (o, "equipment", TRUE, 20, TRUE, &f->equipment, error) ||
      !pd_json_get_text (o, "comments", FALSE, 1000, FALSE, &f->comments, error))
    return NULL;
  {
    /* a flight number: the airline's designator (2 or 3), 1 to 4 digits, a suffix letter */
    const char *p = f->flight_number;
    gsize n = strlen (p), digits = 0;

    while (n > 0 && g_ascii_isupper (p[n - 1]) && digits == 0 && n > 3)
      n--;
    while (n > 0 && g_ascii_isdigit (p[n - 1]) && digits < 4)
      n--, digits++;
    if (digits == 0 || (n != 2 && n != 3) || !all_chars (p, n, "X"))
      return pd_invalid (error, "flight_number: '%s' is not a flight number (airline code, 1 to 4 digits, "
                         "an optional letter: AA123, BAW9A)", p), NULL;
  }
  if (strlen (f->departure_airport) != 3 || !all_chars (f->departure_airport, -1, "A"))
    return pd_invalid (error, "departure_airport: '%s' is not an IATA airport code (three letters)",
                       f->departure_airport), NULL;
  if (strlen (f->arrival_airport) != 3 || !all_chars (f->arrival_airport, -1, "A"))
    return pd_invalid (error, "arrival_airport: '%s' is not an IATA airport code (three letters)",
                       f->arrival_airport), NULL;
  if (g_str_equal (f->departure_airport, f->arrival_airport))
    return pd_invalid (error, "arrival_airport: the flight departs from %s too", f->departure_airport), NULL;
  if (f->eta <= f->etd)
    return pd_invalid (error, "eta: the arrival is not after the departure (etd)"), NULL;
  if (f->eta - f->etd > MAX_FLIGHT_US)
    return pd_invalid (error, "eta: a flight of more than 24 hours; check etd and eta"), NULL;
  if (f->etd < now)
    return pd_invalid (error, "etd: the departure is in the past"), NULL;
  return g_steal_pointer (&f);
}

/* The request in @body, checked in @tx against the ports and airlines. */
static PdLandingRequest *
parse_request (PdEngine    *self,
               PdStoreTx   *tx,
               JsonObject  *body,
               GError     **error)
{
  static const char * const allowed[] = { "type", "airline_name", "port", "airline_code", "bond_number", "flights",
                                          NULL };
  g_autoptr(PdLandingRequest) r = g_new0 (PdLandingRequest, 1);
  g_autoptr(JsonObject) airline = NULL;
  JsonNode *flights;

  r->flights = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_landing_flight_free);
  if (!pd_json_check_members (body, allowed, error) ||
      !pd_json_get_text (body, "type", TRUE, 40, FALSE, &r->type, error) ||
      !pd_json_get_text (body, "airline_name", TRUE, 100, FALSE, &r->airline_name, error) ||
      !pd_json_get_text (body, "port", TRUE, 8, TRUE, &r->port, error) ||
      !pd_json_get_text (body, "airline_code", TRUE, 3, TRUE, &r->airline_code, error) ||
      !pd_json_get_text (body, "bond_number", TRUE, 9, TRUE, &r->bond_number, error))
    return NULL;
  if (!g_strv_contains (types, r->type))
    return pd_invalid (error, "type: '%s' is not one of commercial_passenger, commercial_cargo, private", r->type),
           NULL;
  if (!pd_store_port_exists (tx, r->port))
    return pd_invalid (error, "port: there is no port %s", r->port), NULL;
  if (!airline_code_shape (r->airline_code))
    return pd_invalid (error, "airline_code: '%s' is not an IATA (two letters or digits) or ICAO (three letters) "
                       "airline code", r->airline_code), NULL;
  airline = pd_store_landing_airline_find (tx, r->airline_code, error);
  if (airline == NULL)
    return error != NULL && *error != NULL ? NULL
           : (pd_invalid (error, "airline_code: unknown airline code %s (not registered with the agency)",
                          r->airline_code), NULL);
  if (strlen (r->bond_number) != 9 || !all_chars (r->bond_number, 3, "X") ||
      !all_chars (r->bond_number + 3, -1, "9"))
    return pd_invalid (error, "bond_number: '%s' is not a bond number (9 characters: a 3-character surety code "
                       "and 6 digits)", r->bond_number), NULL;
  flights = json_object_get_member (body, "flights");
  if (flights == NULL || !JSON_NODE_HOLDS_ARRAY (flights) || json_array_get_length (json_node_get_array (flights)) == 0 ||
      json_array_get_length (json_node_get_array (flights)) > MAX_FLIGHTS)
    return pd_invalid (error, "flights: a list of 1 to %d flights", MAX_FLIGHTS), NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (flights)); i++)
    {
      JsonNode *n = json_array_get_element (json_node_get_array (flights), i);
      PdLandingFlight *f;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return pd_invalid (error, "flights[%u]: a flight is an object", i), NULL;
      f = parse_flight (self, json_node_get_object (n), error);
      if (f == NULL)
        {
          g_prefix_error (error, "flights[%u].", i);
          return NULL;
        }
      g_ptr_array_add (r->flights, f);
    }
  return g_steal_pointer (&r);
}

/* --- airlines and contacts ---------------------------------------------------------- */

GPtrArray *
pd_engine_landing_airlines (PdEngine  *self,
                            PdCaller  *caller,
                            GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if ((caller->kind != PD_CALLER_SESSION || pd_caller_role (caller) != PD_ROLE_ADMIN) &&
      !identify (self, caller, "landing.airline.list", PD_SIDE_ANY, NULL, error))
    return NULL;
  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_landing_airlines (tx, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.airline.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

gboolean
pd_engine_landing_airline_add (PdEngine    *self,
                               PdCaller    *caller,
                               const char  *name,
                               const char  *iata,
                               const char  *icao,
                               GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = _pd_params ("name", name, "iata", iata, "icao", icao, NULL);

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN), "landing.airline.add", error) ||
      !pd_text_check ("name", name, 100, error))
    return FALSE;
  if (iata == NULL && icao == NULL)
    return pd_invalid (error, "An airline needs its IATA code, its ICAO code or both");
  if (iata != NULL && (strlen (iata) != 2 || !airline_code_shape (iata)))
    return pd_invalid (error, "iata: '%s' is not an IATA airline code (two capital letters or digits)", iata);
  if (icao != NULL && (strlen (icao) != 3 || !airline_code_shape (icao)))
    return pd_invalid (error, "icao: '%s' is not an ICAO airline code (three capital letters)", icao);
  return (tx = pd_store_begin (self->store, error)) != NULL &&
         pd_store_landing_airline_add (tx, name, iata, icao, error) &&
         _pd_engine_audit_tx (self, tx, caller, "landing.airline.add", iata ? iata : icao, params, "ok", error) &&
         pd_store_commit (tx, error);
}

GPtrArray *
pd_engine_landing_profile (PdEngine  *self,
                           PdCaller  *caller,
                           GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!identify (self, caller, "landing.profile.show", PD_SIDE_PUBLIC, NULL, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_landing_contacts (tx, caller->apikey->key_id, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.profile.show", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static gboolean
check_contact (JsonObject  *c,
               GError     **error)
{
  static const char * const allowed[] = { "company_name", "first_name", "last_name", "email", "phone", "fax", NULL };
  static const char * const required[] = { "company_name", "first_name", "last_name", "email" };
  const char *email = NULL, *at;

  if (!pd_json_check_members (c, allowed, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *v = NULL;

      if (!pd_json_get_string (c, required[i], TRUE, 100, &v, error) || !pd_text_check (required[i], v, 100, error))
        return FALSE;
    }
  for (guint i = 4; i < 6; i++)
    {
      const char *v = NULL;

      if (!pd_json_get_string (c, allowed[i], FALSE, 30, &v, error))
        return FALSE;
      for (const char *p = v; p != NULL && *p != '\0'; p++)
        if (!g_ascii_isdigit (*p) && strchr ("+-() .", *p) == NULL)
          return pd_invalid (error, "%s: '%s' is not a telephone number (digits, spaces, + - ( ) .)", allowed[i], v);
    }
  email = json_object_get_string_member (c, "email");
  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '.') == NULL || strchr (at + 1, '@') != NULL ||
      strchr (email, ' ') != NULL)
    return pd_invalid (error, "email: '%s' is not an email address", email);
  return TRUE;
}

GPtrArray *
pd_engine_landing_profile_set (PdEngine    *self,
                               PdCaller    *caller,
                               JsonObject  *body,
                               GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 now = pd_engine_now (self);

  if (!identify (self, caller, "landing.profile.set", PD_SIDE_PUBLIC, NULL, error) ||
      !pd_json_check_members (body, contact_roles, error))
    return NULL;
  if (json_object_get_size (body) == 0)
    return pd_invalid (error, "Send one or more of company, station_manager, ground_handler"), NULL;
  for (guint i = 0; contact_roles[i] != NULL; i++)
    {
      JsonNode *n = json_object_get_member (body, contact_roles[i]);

      if (n == NULL)
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (n))
        return pd_invalid (error, "%s: a contact is an object", contact_roles[i]), NULL;
      if (!check_contact (json_node_get_object (n), error))
        {
          g_prefix_error (error, "%s.", contact_roles[i]);
          return NULL;
        }
    }
  if ((tx = pd_store_begin (self->store, error)) == NULL)
    return NULL;
  for (guint i = 0; contact_roles[i] != NULL; i++)
    if (json_object_has_member (body, contact_roles[i]) &&
        !pd_store_landing_contact_set (tx, caller->apikey->key_id, contact_roles[i],
                                       json_object_get_object_member (body, contact_roles[i]), now, error))
      return NULL;
  if ((rows = pd_store_landing_contacts (tx, caller->apikey->key_id, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.profile.set", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* --- requests ------------------------------------------------------------------------- */

JsonObject *
pd_engine_landing_submit (PdEngine    *self,
                          PdCaller    *caller,
                          JsonObject  *body,
                          GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdLandingRequest) req = NULL;
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *params = NULL;
  gint64 now = pd_engine_now (self);

  if (!identify (self, caller, "landing.submit", PD_SIDE_PUBLIC, NULL, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (req = parse_request (self, tx, body, error)) == NULL ||
      (ref = pd_store_landing_insert (tx, req, caller->apikey->key_id, caller->apikey->name, now, error)) == NULL ||
      (r = pd_store_landing_get (tx, ref, error)) == NULL ||
      !pd_store_landing_history_add (tx, pd_json_int (r, "id", 0), now, actor (caller, PD_SIDE_PUBLIC), "submitted",
                                     NULL, error))
    return NULL;
  params = _pd_params ("port", req->port, "airline_code", req->airline_code, "type", req->type, NULL);
  if ((out = detail (self, tx, caller, PD_SIDE_PUBLIC, r, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.submit", ref, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit_change (self, &tx, r, "submitted", "submitted");
  return g_steal_pointer (&out);
}

/* @r is open to change by its operator: no decision yet, not withdrawn. */
static gboolean
undecided (JsonObject  *r,
           GError     **error)
{
  if (g_strcmp0 (pd_json_str (r, "status"), "submitted") != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "%s is %s: it can no longer change", pd_json_str (r, "ref"),
                   pd_json_str (r, "status"));
      return FALSE;
    }
  return TRUE;
}

JsonObject *
pd_engine_landing_amend (PdEngine    *self,
                         PdCaller    *caller,
                         const char  *ref,
                         JsonObject  *body,
                         GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdLandingRequest) req = NULL;
  g_autoptr(JsonObject) r = NULL, fresh = NULL, out = NULL;
  gint64 now = pd_engine_now (self);
  gint64 id;

  if (!identify (self, caller, "landing.amend", PD_SIDE_PUBLIC, NULL, error) ||
      (r = load_visible (self, caller, PD_SIDE_PUBLIC, ref, &tx, error)) == NULL || !undecided (r, error) ||
      (req = parse_request (self, tx, body, error)) == NULL)
    return NULL;
  if (!g_str_equal (req->port, pd_json_str (r, "port")))
    return pd_invalid (error, "port: a request stays at its port (%s); withdraw it and submit another",
                       pd_json_str (r, "port")), NULL;
  id = pd_json_int (r, "id", 0);
  if (!pd_store_landing_replace (tx, id, req, now, error) ||
      !pd_store_landing_history_add (tx, id, now, actor (caller, PD_SIDE_PUBLIC), "amended",
                                     pd_json_str (r, "recommendation") != NULL ? "the recommendation was withdrawn"
                                                                               : NULL, error) ||
      (fresh = pd_store_landing_get (tx, ref, error)) == NULL ||
      (out = detail (self, tx, caller, PD_SIDE_PUBLIC, fresh, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.amend", ref, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit_change (self, &tx, fresh, "submitted", "amended");
  return g_steal_pointer (&out);
}

JsonObject *
pd_engine_landing_withdraw (PdEngine    *self,
                            PdCaller    *caller,
                            const char  *ref,
                            const char  *reason,
                            GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) r = NULL, fresh = NULL, out = NULL;
  gint64 now = pd_engine_now (self);

  if (!identify (self, caller, "landing.withdraw", PD_SIDE_PUBLIC, NULL, error) ||
      (reason != NULL && !pd_text_check ("reason", reason, 500, error)) ||
      (r = load_visible (self, caller, PD_SIDE_PUBLIC, ref, &tx, error)) == NULL || !undecided (r, error) ||
      !pd_store_landing_set_status (tx, pd_json_int (r, "id", 0), "withdrawn", now, error) ||
      !pd_store_landing_history_add (tx, pd_json_int (r, "id", 0), now, actor (caller, PD_SIDE_PUBLIC), "withdrawn",
                                     reason, error) ||
      (fresh = pd_store_landing_get (tx, ref, error)) == NULL ||
      (out = detail (self, tx, caller, PD_SIDE_PUBLIC, fresh, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.withdraw", ref, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit_change (self, &tx, fresh, "withdrawn", "withdrawn");
  return g_steal_pointer (&out);
}

JsonObject *
pd_engine_landing_get (PdEngine    *self,
                       PdCaller    *caller,
                       const char  *ref,
                       GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) r = NULL, out = NULL;
  PdSide side;

  if (!identify (self, caller, "landing.show", PD_SIDE_ANY, &side, error) ||
      (r = load_visible (self, caller, side, ref, &tx, error)) == NULL ||
      (out = detail (self, tx, caller, side, r, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.show", ref, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
pd_engine_landing_list (PdEngine    *self,
                        PdCaller    *caller,
                        const char  *status,
                        guint        limit,
                        guint        offset,
                        gint64      *out_total,
                        GError     **error)
{
  static const char * const statuses[] = { "submitted", "approved", "approved_with_conditions", "denied", "withdrawn",
                                            NULL };
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *params = _pd_params ("status", status, NULL);
  PdSide side;

  if (!identify (self, caller, "landing.list", PD_SIDE_ANY, &side, error))
    return NULL;
  if (status != NULL && !g_strv_contains (statuses, status))
    return pd_invalid (error, "status: '%s' is not one of submitted, approved, approved_with_conditions, denied, "
                       "withdrawn", status), NULL;
  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_landing_list (tx, side == PD_SIDE_OFFICER ? pd_caller_port (caller) : NULL,
                                     side == PD_SIDE_PUBLIC ? caller->apikey->key_id : NULL, status, limit, offset,
                                     out_total, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.list", NULL, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    hide (rows->pdata[i], side);
  return g_steal_pointer (&rows);
}

PdChatMessage *
pd_engine_landing_chat_post (PdEngine    *self,
                             PdCaller    *caller,
                             const char  *ref,
                             const char  *body,
                             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(PdChatMessage) msg = NULL;
  PdSide side;

  if (!identify (self, caller, "landing.chat", PD_SIDE_ANY, &side, error) || !_pd_chat_text_check (body, error) ||
      (r = load_visible (self, caller, side, ref, &tx, error)) == NULL ||
      (msg = _pd_engine_chat_add (self, tx, caller, PD_CHAT_LANDING, pd_json_int (r, "id", 0), side == PD_SIDE_OFFICER,
                                  "landing.chat", ref, body, error)) == NULL ||
      !pd_store_commit (tx, error))
    return NULL;
  emit (self, &tx, PD_EVENT_LANDING_CHAT, r, _pd_chat_payload (ref, msg));
  return g_steal_pointer (&msg);
}

gboolean
pd_engine_landing_chat_read (PdEngine    *self,
                             PdCaller    *caller,
                             const char  *ref,
                             gint64       last_id,
                             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) r = NULL;
  PdSide side;

  return identify (self, caller, "landing.chat_read", PD_SIDE_ANY, &side, error) &&
         (r = load_visible (self, caller, side, ref, &tx, error)) != NULL &&
         pd_store_chat_mark_read (tx, PD_CHAT_LANDING, pd_json_int (r, "id", 0),
                                  _pd_chat_reader (caller, side == PD_SIDE_OFFICER), last_id, error) &&
         pd_store_commit (tx, error);
}

/* --- review ---------------------------------------------------------------------------- */

/* For each flight of @r: approved arrivals at its terminal within 30
 * minutes, the same flight number approved that day, and the terminal's
 * approved arrivals in the hour of its ETA against its capacity. */
static JsonArray *
flight_checks (PdEngine    *self,
               PdStoreTx   *tx,
               JsonObject  *r,
               GPtrArray   *flights,
               GError     **error)
{
  g_autoptr(JsonArray) out = json_array_new ();
  const char *port = pd_json_str (r, "port");
  guint capacity = pd_engine_get_config (self)->landing_terminal_capacity;

  for (guint i = 0; i < flights->len; i++)
    {
      JsonObject *f = flights->pdata[i];
      JsonObject *c = json_object_new ();
      gint64 eta = 0;
      g_autoptr(GPtrArray) near = NULL, hour = NULL, day = NULL;
      JsonArray *conflicts = json_array_new ();
      JsonArray *duplicates = json_array_new ();

      pd_time_parse (pd_json_str (f, "eta_at"), &eta);
      json_array_add_object_element (out, c);
      json_object_set_array_member (c, "conflicts", conflicts);
      json_object_set_array_member (c, "duplicates", duplicates);
      if ((near = pd_store_landing_schedule (tx, port, pd_json_str (f, "terminal"), eta - CONFLICT_US,
                                             eta + CONFLICT_US + 1, error)) == NULL ||
          (hour = pd_store_landing_schedule (tx, port, pd_json_str (f, "terminal"), eta - eta % PD_USEC_PER_HOUR,
                                             eta - eta % PD_USEC_PER_HOUR + PD_USEC_PER_HOUR, error)) == NULL ||
          (day = pd_store_landing_schedule (tx, port, NULL, eta - eta % PD_USEC_PER_DAY,
                                            eta - eta % PD_USEC_PER_DAY + PD_USEC_PER_DAY, error)) == NULL)
        return NULL;
      json_object_set_string_member (c, "flight_number", pd_json_str (f, "flight_number"));
      json_object_set_string_member (c, "eta_at", pd_json_str (f, "eta_at"));
      json_object_set_string_member (c, "terminal", pd_json_str (f, "terminal"));
      for (guint k = 0; k < near->len; k++)
        if (g_strcmp0 (pd_json_str (near->pdata[k], "ref"), pd_json_str (r, "ref")) != 0)
          json_array_add_object_element (conflicts, json_object_ref (near->pdata[k]));
      for (guint k = 0; k < day->len; k++)
        if (g_strcmp0 (pd_json_str (day->pdata[k], "ref"), pd_json_str (r, "ref")) != 0 &&
            g_strcmp0 (pd_json_str (day->pdata[k], "flight_number"), pd_json_str (f, "flight_number")) == 0)
          json_array_add_object_element (duplicates, json_object_ref (day->pdata[k]));
      {
        guint load = 0;

        for (guint k = 0; k < hour->len; k++)
          load += g_strcmp0 (pd_json_str (hour->pdata[k], "ref"), pd_json_str (r, "ref")) != 0;
        json_object_set_int_member (c, "terminal_load", load);
        json_object_set_int_member (c, "terminal_capacity", capacity);
        json_object_set_boolean_member (c, "over_capacity", load + 1 > capacity);
      }
    }
  return g_steal_pointer (&out);
}

JsonObject *
pd_engine_landing_research (PdEngine    *self,
                            PdCaller    *caller,
                            const char  *ref,
                            GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) r = NULL, airline = NULL;
  g_autoptr(GPtrArray) earlier = NULL, flights = NULL;
  g_autoptr(JsonArray) checks = NULL;
  JsonObject *out;
  guint counts[G_N_ELEMENTS (decisions)] = { 0 };

  if (!identify (self, caller, "landing.research", PD_SIDE_OFFICER, NULL, error) ||
      (r = load_visible (self, caller, PD_SIDE_OFFICER, ref, &tx, error)) == NULL ||
      (earlier = pd_store_landing_earlier (tx, pd_json_int (r, "id", 0), pd_json_str (r, "airline_code"),
                                           pd_json_str (r, "operator"), error)) == NULL ||
      (flights = pd_store_landing_flights (tx, pd_json_int (r, "id", 0), error)) == NULL ||
      (checks = flight_checks (self, tx, r, flights, error)) == NULL)
    return NULL;
  airline = pd_store_landing_airline_find (tx, pd_json_str (r, "airline_code"), error);
  if (!_pd_engine_audit_tx (self, tx, caller, "landing.research", ref, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  out = json_object_new ();
  json_object_set_string_member (out, "ref", ref);
  if (airline != NULL)
    json_object_set_object_member (out, "airline", json_object_ref (airline));
  set_rows (out, "earlier", earlier);
  for (guint i = 0; i < earlier->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS (decisions); k++)
      counts[k] += g_strcmp0 (pd_json_str (earlier->pdata[i], "status"), decisions[k].status) == 0;
  {
    JsonObject *summary = json_object_new ();

    for (guint k = 0; k < G_N_ELEMENTS (decisions); k++)
      json_object_set_int_member (summary, decisions[k].status, counts[k]);
    json_object_set_object_member (out, "earlier_decisions", summary);
  }
  json_object_set_array_member (out, "flights", g_steal_pointer (&checks));
  return out;
}

static const char *
decision_status (const char *decision)
{
  for (guint k = 0; k < G_N_ELEMENTS (decisions); k++)
    if (g_strcmp0 (decisions[k].decision, decision) == 0)
      return decisions[k].status;
  return NULL;
}

JsonObject *
pd_engine_landing_recommend (PdEngine    *self,
                             PdCaller    *caller,
                             const char  *ref,
                             const char  *recommendation,
                             const char  *reason,
                             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) r = NULL, fresh = NULL, out = NULL;
  g_autofree char *params = _pd_params ("recommendation", recommendation, NULL);
  gint64 now = pd_engine_now (self);

  if (!identify (self, caller, "landing.recommend", PD_SIDE_OFFICER, NULL, error))
    return NULL;
  if (decision_status (recommendation) == NULL)
    return pd_invalid (error, "recommendation: one of approve, approve_with_conditions, deny"), NULL;
  if (!pd_text_check ("reason", reason, 2000, error) ||
      (r = load_visible (self, caller, PD_SIDE_OFFICER, ref, &tx, error)) == NULL || !undecided (r, error) ||
      !pd_store_landing_recommend (tx, pd_json_int (r, "id", 0), recommendation, reason, pd_caller_actor (caller), now,
                                   error) ||
      !pd_store_landing_history_add (tx, pd_json_int (r, "id", 0), now, pd_caller_actor (caller), "recommended",
                                     recommendation, error) ||
      (fresh = pd_store_landing_get (tx, ref, error)) == NULL ||
      (out = detail (self, tx, caller, PD_SIDE_OFFICER, fresh, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.recommend", ref, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  /* the operator hears of the decision, not of the recommendation */
  pd_engine_emit_event (self, &tx, PD_EVENT_LANDING_REQUEST, pd_json_str (fresh, "port"), OFFICERS, NULL,
                        _pd_params_node ("ref", ref, "status", "submitted", "action", "recommended", NULL));
  return g_steal_pointer (&out);
}

JsonObject *
pd_engine_landing_decide (PdEngine    *self,
                          PdCaller    *caller,
                          const char  *ref,
                          const char  *decision,
                          const char  *reason,
                          const char  *conditions,
                          GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) r = NULL, fresh = NULL, out = NULL;
  g_autofree char *params = _pd_params ("decision", decision, NULL);
  const char *status = decision_status (decision);
  gint64 now = pd_engine_now (self);

  if (!identify (self, caller, "landing.decide", PD_SIDE_OFFICER, NULL, error))
    return NULL;
  if (status == NULL)
    return pd_invalid (error, "decision: one of approve, approve_with_conditions, deny"), NULL;
  if (!pd_text_check ("reason", reason, 2000, error))
    return NULL;
  if (g_str_equal (decision, "approve_with_conditions"))
    {
      if (!pd_text_check ("conditions", conditions, 2000, error))
        return NULL;
    }
  else if (conditions != NULL)
    return pd_invalid (error, "conditions: only an approval with conditions has them"), NULL;
  if ((tx = pd_store_begin (self->store, error)) == NULL)
    return NULL;
  if (pd_caller_role (caller) != PD_ROLE_PORT_DIRECTOR &&
      !pd_store_landing_is_designee (tx, pd_caller_port (caller), pd_caller_user_id (caller)))
    {
      g_clear_pointer (&tx, pd_store_tx_free);
      pd_engine_audit (self, caller, "landing.decide", ref, params, "denied", NULL);
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN,
                   "Only the port director of %s, or a designee the director named, decides landing rights",
                   pd_caller_port (caller));
      return NULL;
    }
  g_clear_pointer (&tx, pd_store_tx_free);
  if ((r = load_visible (self, caller, PD_SIDE_OFFICER, ref, &tx, error)) == NULL || !undecided (r, error) ||
      !pd_store_landing_decide (tx, pd_json_int (r, "id", 0), status, reason, conditions, pd_caller_actor (caller),
                                now, error) ||
      !pd_store_landing_history_add (tx, pd_json_int (r, "id", 0), now, pd_caller_actor (caller), status, reason,
                                     error) ||
      (fresh = pd_store_landing_get (tx, ref, error)) == NULL ||
      (out = detail (self, tx, caller, PD_SIDE_OFFICER, fresh, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.decide", ref, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  emit_change (self, &tx, fresh, status, "decided");
  return g_steal_pointer (&out);
}

GPtrArray *
pd_engine_landing_schedule (PdEngine    *self,
                            PdCaller    *caller,
                            const char  *from,
                            guint        days,
                            GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *n = g_strdup_printf ("%u", days);
  g_autofree char *params = _pd_params ("from", from, "days", n, NULL);
  gint64 start, end;

  if (!identify (self, caller, "landing.schedule", PD_SIDE_OFFICER, NULL, error))
    return NULL;
  if (days < 1 || days > 31)
    return pd_invalid (error, "days: 1 to 31"), NULL;
  if (!_pd_engine_day_range (self, from, from, &start, &end, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_landing_schedule (tx, pd_caller_port (caller), NULL, start, start + days * PD_USEC_PER_DAY,
                                         error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.schedule", NULL, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* --- designees ------------------------------------------------------------------------- */

GPtrArray *
pd_engine_landing_designees (PdEngine  *self,
                             PdCaller  *caller,
                             GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!identify (self, caller, "landing.designee.list", PD_SIDE_OFFICER, NULL, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_landing_designees (tx, pd_caller_port (caller), error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "landing.designee.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

gboolean
pd_engine_landing_designee_set (PdEngine    *self,
                                PdCaller    *caller,
                                const char  *username,
                                gboolean     named,
                                GError     **error)
{
  const char *action = named ? "landing.designee.add" : "landing.designee.remove";
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdUser) user = NULL;

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR), action, error) ||
      !identify (self, caller, action, PD_SIDE_OFFICER, NULL, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (user = pd_store_user_get (tx, username, NULL, error)) == NULL)
    return FALSE;
  if (named && (user->role != PD_ROLE_CBP_OFFICER || g_strcmp0 (user->port, pd_caller_port (caller)) != 0 ||
                user->disabled))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                   "A designee is an active CBP officer (cbp_officer) of %s; %s is not", pd_caller_port (caller),
                   username);
      return FALSE;
    }
  return (named ? pd_store_landing_designee_add (tx, pd_caller_port (caller), user->id, pd_caller_user_id (caller),
                                                 pd_engine_now (self), error)
                : pd_store_landing_designee_remove (tx, pd_caller_port (caller), user->id, error)) &&
         _pd_engine_audit_tx (self, tx, caller, action, username, NULL, "ok", error) &&
         pd_store_commit (tx, error);
}

/* --- demo ------------------------------------------------------------------------------ */

static const struct { const char *name, *iata, *icao; } demo_airlines[] = {
  { "American Airlines", "AA", "AAL" }, { "Delta Air Lines", "DL", "DAL" }, { "United Airlines", "UA", "UAL" },
  { "Alaska Airlines", "AS", "ASA" },   { "British Airways", "BA", "BAW" }, { "Air Canada", "AC", "ACA" },
  { "Lufthansa", "LH", "DLH" },         { "Japan Airlines", "JL", "JAL" },  { "Qantas", "QF", "QFA" },
  { "Aeroméxico", "AM", "AMX" },        { "Atlas Air", "5Y", "GTI" },       { "FedEx Express", "FX", "FDX" },
};

gboolean
pd_engine_landing_demo (PdEngine  *self,
                        GError   **error)
{
  g_autoptr(PdCaller) system = pd_caller_new_system ();
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
  g_autoptr(GPtrArray) airlines = NULL, existing = NULL;
  g_autoptr(PdApiKey) key = NULL;
  g_autofree char *secret = NULL;
  gint64 total = 0;
  gint64 now = pd_engine_now (self);
  gint64 day0 = now - now % PD_USEC_PER_DAY + PD_USEC_PER_DAY;   /* tomorrow, 00:00 UTC */
  static const struct { const char *code, *flight, *from, *type, *terminal, *equipment; int hour, hours, pax;
                        const char *decision; } demo[] = {
    { "BA", "BA283", "LHR", "commercial_passenger", "TBIT", "B789", 15, 11, 216, "approve" },
    { "JL", "JL62", "HND", "commercial_passenger", "TBIT", "B77W", 10, 10, 244, "approve_with_conditions" },
    { "QF", "QF11", "SYD", "commercial_passenger", "TBIT", "A388", 6, 14, 450, NULL },
    { "5Y", "5Y8101", "ANC", "commercial_cargo", "Cargo West", "B744", 22, 5, 0, NULL },
    { "AM", "AM642", "MEX", "commercial_passenger", "TBIT", "B738", 14, 4, 160, "deny" },
  };

  if (tx == NULL || (airlines = pd_store_landing_airlines (tx, error)) == NULL)
    return FALSE;
  if (airlines->len == 0)
    for (guint i = 0; i < G_N_ELEMENTS (demo_airlines); i++)
      if (!pd_store_landing_airline_add (tx, demo_airlines[i].name, demo_airlines[i].iata, demo_airlines[i].icao,
                                         error))
        return FALSE;
  if ((existing = pd_store_landing_list (tx, NULL, NULL, NULL, 1, 0, &total, error)) == NULL ||
      !pd_store_commit (tx, error))
    return FALSE;
  g_clear_pointer (&tx, pd_store_tx_free);
  if (total > 0)
    return TRUE;
  /* an operator's key (its secret is not kept: admins make their own to play it) */
  key = pd_engine_apikey_create (self, system, PD_PRINCIPAL_AIR_OPERATOR, "Pacific Gateway Handling", NULL, "landing",
                                 &secret, error);
  if (key == NULL || (tx = pd_store_begin (self->store, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      g_autoptr(PdLandingRequest) r = g_new0 (PdLandingRequest, 1);
      PdLandingFlight *f = g_new0 (PdLandingFlight, 1);
      g_autofree char *ref = NULL;
      g_autoptr(JsonObject) row = NULL;

      r->port = g_strdup ("LAX");
      r->type = g_strdup (demo[i].type);
      for (guint k = 0; k < G_N_ELEMENTS (demo_airlines); k++)
        if (g_str_equal (demo_airlines[k].iata, demo[i].code))
          r->airline_name = g_strdup (demo_airlines[k].name);
      r->airline_code = g_strdup (demo[i].code);
      r->bond_number = g_strdup_printf ("9A7%06u", 310000 + i * 17);
      r->flights = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_landing_flight_free);
      f->scheduled = i % 3 != 2;
      f->precleared = FALSE;
      f->flight_number = g_strdup (demo[i].flight);
      f->departure_airport = g_strdup (demo[i].from);
      f->arrival_airport = g_strdup ("LAX");
      f->eta = day0 + (gint64) (i / 2) * PD_USEC_PER_DAY + demo[i].hour * PD_USEC_PER_HOUR;
      f->etd = f->eta - demo[i].hours * PD_USEC_PER_HOUR;
      f->passengers = demo[i].pax;
      f->terminal = g_strdup (demo[i].terminal);
      f->equipment = g_strdup (demo[i].equipment);
      g_ptr_array_add (r->flights, f);
      if ((ref = pd_store_landing_insert (tx, r, key->key_id, key->name, now - (6 - i) * PD_USEC_PER_HOUR,
                                          error)) == NULL ||
          (row = pd_store_landing_get (tx, ref, error)) == NULL ||
          !pd_store_landing_history_add (tx, pd_json_int (row, "id", 0), now - (6 - i) * PD_USEC_PER_HOUR, key->name,
                                         "submitted", NULL, error))
        return FALSE;
      if (demo[i].decision != NULL &&
          (!pd_store_landing_recommend (tx, pd_json_int (row, "id", 0), demo[i].decision, "Bond and profile on file",
                                        "officer.ray", now - 2 * PD_USEC_PER_HOUR, error) ||
           !pd_store_landing_decide (tx, pd_json_int (row, "id", 0), decision_status (demo[i].decision),
                                     g_str_equal (demo[i].decision, "deny") ? "Terminal at capacity at that hour"
                                                                              : "Slot available; bond valid",
                                     g_str_equal (demo[i].decision, "approve_with_conditions")
                                       ? "Arrive at gate 148 only; advance APIS at least 60 min before departure"
                                       : NULL,
                                     "director.ng", now - PD_USEC_PER_HOUR, error) ||
           !pd_store_landing_history_add (tx, pd_json_int (row, "id", 0), now - PD_USEC_PER_HOUR, "director.ng",
                                          decision_status (demo[i].decision), NULL, error)))
        return FALSE;
    }
  {
    g_autoptr(JsonObject) contact = json_object_new ();

    json_object_set_string_member (contact, "company_name", "Pacific Gateway Handling");
    json_object_set_string_member (contact, "first_name", "Maya");
    json_object_set_string_member (contact, "last_name", "Chen");
    json_object_set_string_member (contact, "email", "ops@pacific-gateway.example");
    json_object_set_string_member (contact, "phone", "+1 310 555 0142");
    if (!pd_store_landing_contact_set (tx, key->key_id, "company", contact, now, error) ||
        !pd_store_landing_contact_set (tx, key->key_id, "station_manager", contact, now, error))
      return FALSE;
  }
  return pd_store_commit (tx, error);
}

/* --- retention ------------------------------------------------------------------------ */

static gboolean
purge_requests (PdEngine                *engine,
                PdStoreTx               *tx,
                gint64                   now,
                const PdRetentionPolicy *policy,
                GArray                  *out_ids,
                GError                 **error)
{
  /* flights, history and chat go with their request (ON DELETE CASCADE) */
  return pd_retention_purge_before (tx, "landing_requests", "submitted_at", now - policy->period_us, out_ids, error);
}

static const PdRetentionPolicy policies[] = {
  { "landing.requests", "Landing-rights requests",
    "Kept 365 days from submission (with their flights, history and chat), then deleted",
    PD_RETENTION_PURGE, 365 * PD_USEC_PER_DAY, purge_requests, "SELECT count(*) FROM landing_requests",
    "SELECT min(submitted_at) + ?1 FROM landing_requests" },
};

const PdRetentionPolicy *
pd_engine_landing_retention (guint *n)
{
  *n = G_N_ELEMENTS (policies);
  return policies;
}
