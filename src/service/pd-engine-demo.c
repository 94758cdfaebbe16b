/* pd-engine-demo.c: first-start bootstrap and demo accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <sodium.h>

#include "pd-engine-accounts.h"
#include "pd-engine-bus.h"
#include "pd-engine-lpr.h"
#include "pd-engine-landing.h"
#include "pd-engine-private.h"
#include "pd-engine-scheduling.h"
#include "pd-engine-tsa.h"
#include "pd-engine-tvs.h"
#include "pd-store-inspections.h"
#include "pd-error.h"

/* The ports every installation knows; a site adds its own later. */
static const struct { const char *code, *name; } builtin_ports[] = {
  { "LAX", "Los Angeles International Airport" },
  { "JFK", "New York John F. Kennedy International Airport" },
  { "MIA", "Miami International Airport" },
  { "SEA", "Seattle-Tacoma International Airport" },
  { "IAH", "Houston George Bush Intercontinental Airport" },
  { "LALB", "Port of Los Angeles / Long Beach (seaport)" },
  { "NYNJ", "Port of New York and New Jersey (seaport)" },
  { "ELP", "El Paso land border crossing" },
};

/* Demo password; documented in the README, for demo data only. */

static const struct {
  const char *username, *display_name, *email, *role, *port;
} demo_users[] = {
  { "admin.demo",   "Alex Admin",          "alex.admin@cbp.dhs.gov",   "admin",          NULL },
  { "sysowner",     "Sam System-Owner",    "sam.owner@cbp.dhs.gov",    "admin",          NULL },
  { "ag.lopez",     "Maria Lopez",         "maria.lopez@cbp.dhs.gov",  "ag_specialist",  "LAX" },
  { "ag.chen",      "Wei Chen",            "wei.chen@cbp.dhs.gov",     "ag_specialist",  "LALB" },
  { "officer.ray",  "Jordan Ray",          "jordan.ray@cbp.dhs.gov",   "cbp_officer",    "LAX" },
  { "tsa.kim",      "Dana Kim",            "dana.kim@tsa.dhs.gov",     "tsa_supervisor", "LAX" },
  { "lpr.ortiz",    "Luis Ortiz",          "luis.ortiz@cbp.dhs.gov",   "lpr_analyst",    NULL },
  { "director.ng",  "Priya Ng",            "priya.ng@cbp.dhs.gov",     "port_director",  "LAX" },
  { "auditor.fox",  "Robin Fox",           "robin.fox@oig.dhs.gov",    "auditor",        NULL },
  { "pau.diaz",     "Carmen Diaz",         "carmen.diaz@cbp.dhs.gov",  "pau_analyst",    "LAX" },
};

static gboolean
insert_ports (PdEngine  *self,
              GError   **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);

  if (tx == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (builtin_ports); i++)
    if (!pd_store_port_insert (tx, builtin_ports[i].code, builtin_ports[i].name, error))
      return FALSE;
  return pd_store_commit (tx, error);
}

/* On first start: the ports, and an "admin" account whose random password
 * is written once to DATA_DIR/initial-admin-password (mode 0600). */
gboolean
pd_engine_bootstrap (PdEngine    *self,
                     const char  *data_dir,
                     GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdCaller) system = pd_caller_new_system ();
  g_autoptr(PdUser) admin = NULL;
  g_autofree char *path = NULL;
  g_autofree char *password = NULL;
  guint8 rnd[18];
  gint64 count;

  if (!insert_ports (self, error))
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  count = pd_store_user_count (tx);
  g_clear_pointer (&tx, pd_store_tx_free);
  if (count != 0)
    return TRUE;

  randombytes_buf (rnd, sizeof rnd);
  password = g_base64_encode (rnd, sizeof rnd);
  g_strdelimit (password, "+/", '-');
  path = g_build_filename (data_dir, "initial-admin-password", NULL);
  if (!g_file_set_contents_full (path, password, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error))
    return FALSE;
  admin = pd_engine_user_create (self, system, "admin", "Administrator", "admin@portdesk.invalid",
                                 PD_ROLE_ADMIN, NULL, password, NULL, error);
  if (admin == NULL)
    return FALSE;
  g_message ("created the first administrator 'admin'; its password is in %s", path);
  return TRUE;
}

/* A demo user at work without signing in (no password hash to compute,
 * no session row): what the demo seeds in their name is audited as theirs,
 * from the client "demo". */
PdCaller *
_pd_engine_demo_caller (PdEngine    *self,
                        const char  *username,
                        GError     **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
  g_autoptr(PdUser) user = tx != NULL ? pd_store_user_get (tx, username, NULL, error) : NULL;
  PdCaller *caller;

  if (user == NULL)
    return NULL;
  caller = g_new0 (PdCaller, 1);
  caller->kind = PD_CALLER_SESSION;
  caller->client = g_strdup (PD_DEMO_CLIENT);
  caller->session = g_new0 (PdSession, 1);
  caller->session->user_id = user->id;
  caller->session->created_at = caller->session->last_seen = caller->session->rules_accepted_at = pd_engine_now (self);
  caller->session->client = g_strdup (PD_DEMO_CLIENT);
  caller->session->user = g_steal_pointer (&user);
  return caller;
}

gboolean
_pd_engine_demo_entitle (PdEngine    *self,
                         const char  *supervisor,
                         const char  *username,
                         const char  *kind,
                         GError     **error)
{
  g_autoptr(PdCaller) boss = NULL, owner = NULL, holder = NULL;
  g_autoptr(PdEntitlement) ent = NULL, a = NULL, b = NULL, c = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (pd_engine_now (self) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) trained = g_date_time_add_days (now, -20);
  g_autofree char *training = g_date_time_format (trained, "%Y-%m-%d");

  return (boss = _pd_engine_demo_caller (self, supervisor, error)) != NULL &&
         (owner = _pd_engine_demo_caller (self, "sysowner", error)) != NULL &&
         (holder = _pd_engine_demo_caller (self, username, error)) != NULL &&
         (ent = pd_engine_entitlement_request (self, boss, username, kind, training, error)) != NULL &&
         (a = pd_engine_entitlement_approve (self, boss, ent->id, "supervisor", error)) != NULL &&
         (b = pd_engine_entitlement_approve (self, owner, ent->id, "system_owner", error)) != NULL &&
         (c = pd_engine_entitlement_acknowledge (self, holder, ent->id, error)) != NULL;
}

gboolean
pd_engine_demo_seed (PdEngine  *self,
                     PdCaller  *caller,
                     GError   **error)
{
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_user_free);
  const PdEntitlementKind *face = pd_entitlement_kind_lookup ("face");
  g_autofree char *params = NULL;
  g_autofree char *n = NULL;

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN), "demo.seed", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      g_autoptr(GError) local_error = NULL;
      PdUser *u = pd_engine_user_create (self, caller, demo_users[i].username, demo_users[i].display_name,
                                         demo_users[i].email, pd_role_from_string (demo_users[i].role),
                                         demo_users[i].port, PD_DEMO_PASSWORD, NULL, &local_error);

      if (u != NULL)
        g_ptr_array_add (created, u);
      else if (!g_error_matches (local_error, PD_ERROR, PD_ERROR_CONFLICT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  /* the demo's officers may use face matching: their training is on record
   * and their port director (the admin, for the director) and the system
   * owner approved it */
  for (guint i = 0; i < created->len; i++)
    {
      PdUser *u = g_ptr_array_index (created, i);

      if ((face->holders & PD_ROLE_BIT (u->role)) != 0 &&
          !_pd_engine_demo_entitle (self, u->role == PD_ROLE_PORT_DIRECTOR ? "admin.demo" : "director.ng",
                                    u->username, face->kind, error))
        return FALSE;
    }
  n = g_strdup_printf ("%u", created->len);
  params = _pd_params ("users_created", n, NULL);
  return pd_engine_audit (self, caller, "demo.seed", NULL, params, "ok", error);
}

/* --- demo inspection requests -------------------------------------------- */

static const struct { PdPrincipalKind kind; const char *name; } demo_requesters[] = {
  { PD_PRINCIPAL_BROKER,    "Pacific Rim Customs Brokers" },
  { PD_PRINCIPAL_BROKER,    "Harbor Gateway Brokerage" },
  { PD_PRINCIPAL_CARRIER,   "Blue Marlin Shipping Lines" },
  { PD_PRINCIPAL_FORWARDER, "Andes Fresh Forwarding" },
  { PD_PRINCIPAL_TRAVELER,  "Traveler self-service kiosk" },
};

static const struct { const char *description, *category, *unit, *origin; PdInspKind kind; } demo_goods[] = {
  { "Fresh cut roses",                 "plants",          "cartons",    "COL", PD_INSP_CARGO },
  { "Avocados (Hass)",                 "plant_products",  "pallets",    "MEX", PD_INSP_CARGO },
  { "Blueberries, chilled",            "plant_products",  "pallets",    "PER", PD_INSP_CARGO },
  { "Rice seed for planting",          "seeds",           "kg",         "THA", PD_INSP_CARGO },
  { "Cured pork sausages",             "animal_products", "kg",         "ITA", PD_INSP_CARGO },
  { "Wooden furniture (pallets ISPM 15)", "wood_packaging", "containers", "VNM", PD_INSP_CARGO },
  { "Live ornamental fish",            "animals",         "pieces",     "IDN", PD_INSP_CARGO },
  { "Diagnostic serum samples",        "biologicals",     "liters",     "DEU", PD_INSP_CARGO },
  { "Mangoes",                         "plant_products",  "cartons",    "IND", PD_INSP_PERSONAL_GOODS },
  { "Homemade cheese",                 "animal_products", "kg",         "FRA", PD_INSP_PERSONAL_GOODS },
  { "Potted orchid",                   "plants",          "pieces",     "TWN", PD_INSP_PERSONAL_GOODS },
  { "Dried beef jerky",                "animal_products", "kg",         "ZAF", PD_INSP_PERSONAL_GOODS },
  { "Bulk wheat in holds",             "plant_products",  "tons",       "UKR", PD_INSP_VESSEL },
  { "Used machinery with soil traces", "soil",            "containers", "CHN", PD_INSP_VESSEL },
  { "Refrigerated bananas",            "plant_products",  "containers", "ECU", PD_INSP_VESSEL },
};

static const char * const demo_contacts[] = {
  "Ana Torres", "Ben Okafor", "Chloe Martin", "Dmitri Volkov", "Emi Tanaka", "Farid Haddad", "Grace Liu", "Hugo Silva",
};

static const char * const demo_vessels[] = { "MSC Aurora", "Maersk Kobe", "Ever Lucent", "CMA CGM Rio" };
static const char * const demo_imo[] = { "9074729", "9321483", "9811000", "9703291" };

/* The demo requesters' API keys (created once; their secrets are not kept:
 * an administrator creates a key of their own to play the public side). */
static GPtrArray *
demo_requester_keys (PdEngine  *self,
                     PdCaller  *caller,
                     GError   **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_apikey_free);
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);

  if (tx == NULL)
    return NULL;
  existing = pd_store_apikey_list (tx, error);
  g_clear_pointer (&tx, pd_store_tx_free);
  if (existing == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (demo_requesters); i++)
    {
      PdApiKey *found = NULL;

      for (guint k = 0; k < existing->len && found == NULL; k++)
        {
          PdApiKey *e = g_ptr_array_index (existing, k);
          if (e->revoked_at == 0 && g_strcmp0 (e->name, demo_requesters[i].name) == 0)
            found = g_ptr_array_steal_index (existing, k);
        }
      if (found == NULL)
        {
          g_autofree char *secret = NULL;
          found = pd_engine_apikey_create (self, caller, demo_requesters[i].kind, demo_requesters[i].name, NULL,
                                           "scheduling", &secret, error);
          if (found == NULL)
            return NULL;
        }
      g_ptr_array_add (keys, found);
    }
  return g_steal_pointer (&keys);
}

static gboolean
demo_step (PdStoreTx     *tx,
           PdInspection  *insp,
           PdInspStatus   to,
           gint64         at,
           const char    *actor,
           const char    *reason_code,
           GError       **error)
{
  PdInspEvent ev = {
    .at = at, .actor = (char *) actor, .actor_role = (char *) "ag_specialist",
    .from_status = (char *) pd_insp_status_to_string (insp->status),
    .to_status = (char *) pd_insp_status_to_string (to), .reason_code = (char *) reason_code,
  };

  insp->status = to;
  insp->updated_at = at;
  return pd_store_insp_history_add (tx, insp->id, &ev, error);
}

gboolean
pd_engine_demo_requests (PdEngine  *self,
                         PdCaller  *caller,
                         guint      n,
                         GError   **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GRand) rnd = g_rand_new_with_seed (20261122 + n);
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *params = _pd_params ("requests", count, NULL);
  gint64 now = pd_engine_now (self);
  gint64 hour = PD_USEC_PER_HOUR;

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN), "demo.seed", error))
    return FALSE;
  keys = demo_requester_keys (self, caller, error);
  if (keys == NULL)
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdInspection) r = g_new0 (PdInspection, 1);
      PdApiKey *key = g_ptr_array_index (keys, g_rand_int_range (rnd, 0, keys->len));
      guint g = g_rand_int_range (rnd, 0, G_N_ELEMENTS (demo_goods));
      guint ncom = g_rand_int_range (rnd, 1, 4);
      int roll = g_rand_int_range (rnd, 0, 100);
      PdSlaTargets sla;
      const char *officer = demo_goods[g].kind == PD_INSP_PERSONAL_GOODS ? "officer.ray" : "ag.lopez";

      r->kind = demo_goods[g].kind;
      r->port = g_strdup (builtin_ports[g_rand_int_range (rnd, 0, G_N_ELEMENTS (builtin_ports))].code);
      r->requester_key = g_strdup (key->key_id);
      r->requester_kind = g_strdup (pd_principal_kind_to_string (key->kind));
      r->company = r->kind == PD_INSP_PERSONAL_GOODS ? NULL : g_strdup (key->name);
      r->importer_id = r->kind == PD_INSP_CARGO ? g_strdup_printf ("IOR-%05d", g_rand_int_range (rnd, 10000, 99999)) : NULL;
      r->contact_name = g_strdup (demo_contacts[g_rand_int_range (rnd, 0, G_N_ELEMENTS (demo_contacts))]);
      r->contact_email = g_strdup_printf ("contact%u@example.com", i % 97);
      r->contact_phone = g_strdup_printf ("+1-310-555-%04d", g_rand_int_range (rnd, 0, 9999));
      if (r->kind == PD_INSP_VESSEL)
        {
          guint v = g_rand_int_range (rnd, 0, G_N_ELEMENTS (demo_vessels));
          r->vessel_name = g_strdup (demo_vessels[v]);
          r->vessel_imo = g_strdup (demo_imo[v]);
          r->vessel_voyage = g_strdup_printf ("V%03d", g_rand_int_range (rnd, 1, 999));
          r->vessel_berth = g_strdup_printf ("B%d", g_rand_int_range (rnd, 1, 40));
        }
      /* windows from 3 days ago to 10 days ahead, on the hour */
      r->window_start = (now / hour + g_rand_int_range (rnd, -72, 240)) * hour;
      r->window_end = r->window_start + g_rand_int_range (rnd, 2, 9) * hour;
      r->perishable = g_rand_int_range (rnd, 0, 100) < 30;
      r->notes = roll % 7 == 0 ? g_strdup ("Refrigerated; please schedule early.") : NULL;
      r->commodities = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_commodity_free);
      for (guint c = 0; c < ncom; c++)
        {
          guint k = (g + c) % G_N_ELEMENTS (demo_goods);
          PdCommodity *cm = g_new0 (PdCommodity, 1);

          cm->description = g_strdup (demo_goods[k].description);
          cm->category = g_strdup (demo_goods[k].category);
          cm->unit = g_strdup (demo_goods[k].unit);
          cm->origin = g_strdup (demo_goods[k].origin);
          cm->quantity = g_rand_int_range (rnd, 1, 500);
          g_ptr_array_add (r->commodities, cm);
        }
      r->status = PD_INSP_SUBMITTED;
      r->submitted_at = MIN (now, r->window_start - g_rand_int_range (rnd, 2, 72) * hour) -
                        (gint64) g_rand_int_range (rnd, 0, 3600) * G_USEC_PER_SEC;
      sla = pd_insp_sla_targets (r->kind, r->perishable);
      if (!pd_store_insp_insert (tx, r, &sla, error))
        return FALSE;
      {
        PdInspEvent ev = { .at = r->submitted_at, .actor = key->name,
                           .actor_role = r->requester_kind, .to_status = (char *) "submitted" };
        if (!pd_store_insp_history_add (tx, r->id, &ev, error))
          return FALSE;
      }

      /* Past windows have run their course; near ones are being decided. */
      if (roll >= 15)
        {
          gint64 decided = r->submitted_at + (gint64) g_rand_int_range (rnd, 10, 600) * 60 * G_USEC_PER_SEC;
          gboolean reject = roll < 22;

          if (decided > now)
            decided = now;
          r->decided_at = decided;
          if (!demo_step (tx, r, reject ? PD_INSP_REJECTED : PD_INSP_ACCEPTED, decided, officer,
                          reject ? "permit_missing" : NULL, error))
            return FALSE;
          if (reject)
            {
              r->reason_code = g_strdup ("permit_missing");
              r->finished_at = decided;
            }
          else if (roll >= 30)
            {
              r->slot_start = r->window_start;
              r->slot_end = r->slot_start + (gint64) self->config->slot_minutes * 60 * G_USEC_PER_SEC;
              r->inspector = g_strdup (officer);
              if (!demo_step (tx, r, PD_INSP_SCHEDULED, MIN (now, decided + 5 * 60 * G_USEC_PER_SEC), officer, NULL, error))
                return FALSE;
              if (r->slot_start < now && roll >= 40)
                {
                  gboolean no_show = roll < 44;
                  r->arrived_at = r->slot_start + (gint64) g_rand_int_range (rnd, 0, 30) * 60 * G_USEC_PER_SEC;
                  if (no_show)
                    {
                      r->arrived_at = 0;
                      r->finished_at = r->slot_start + hour;
                      if (!demo_step (tx, r, PD_INSP_NO_SHOW, r->finished_at, officer, NULL, error))
                        return FALSE;
                    }
                  else if (r->arrived_at < now)
                    {
                      if (!demo_step (tx, r, PD_INSP_ARRIVED, r->arrived_at, officer, NULL, error))
                        return FALSE;
                      r->started_at = r->arrived_at + (gint64) g_rand_int_range (rnd, 5, 150) * 60 * G_USEC_PER_SEC;
                      if (r->started_at < now)
                        {
                          if (!demo_step (tx, r, PD_INSP_IN_PROGRESS, r->started_at, officer, NULL, error))
                            return FALSE;
                          r->finished_at = r->started_at + (gint64) g_rand_int_range (rnd, 15, 90) * 60 * G_USEC_PER_SEC;
                          if (r->finished_at < now && !demo_step (tx, r, PD_INSP_COMPLETED, r->finished_at, officer, NULL, error))
                            return FALSE;
                          if (r->finished_at >= now)
                            r->finished_at = 0;
                        }
                      else
                        r->started_at = 0;
                    }
                  else
                    r->arrived_at = 0;
                }
            }
        }
      else if (roll < 3)
        {
          r->finished_at = r->submitted_at + hour;
          if (r->finished_at > now)
            r->finished_at = now;
          if (!demo_step (tx, r, PD_INSP_CANCELLED, r->finished_at, key->name, NULL, error))
            return FALSE;
        }
      if (!pd_store_insp_update (tx, r, error))
        return FALSE;
    }
  if (!_pd_engine_audit_tx (self, tx, caller, "demo.seed", NULL, params, "ok", error))
    return FALSE;
  return pd_store_commit (tx, error);
}

/* portdeskd --demo: the demo accounts, and demo requests on a fresh database. */
gboolean
pd_engine_demo_setup (PdEngine  *self,
                      guint      n_requests,
                      gboolean   with_holdings,
                      GError   **error)
{
  g_autoptr(PdCaller) system = pd_caller_new_system ();
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) some = NULL;
  g_autoptr(GPtrArray) holdings = NULL;
  PdInspFilter f = { .status = -1, .kind = -1, .limit = 1 };
  g_autoptr(GError) local = NULL;
  gint64 total = 0;

  /* The demo accounts share a published password, so a second factor on
   * them protects nothing: the demo leaves the two-factor policy off
   * unless the configuration names its roles (two_factor_roles). */
  if (!self->config->two_factor_roles_set && self->config->two_factor_roles != 0)
    {
      self->config->two_factor_roles = 0;
      g_message ("demo: two-factor sign-in is not required (set two_factor_roles to require it)");
    }
  if (!pd_engine_demo_seed (self, system, error))
    return FALSE;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  some = pd_store_insp_query (tx, &f, NULL, NULL, &total, error);
  if (some == NULL)
    return FALSE;
  g_clear_pointer (&tx, pd_store_tx_free);
  if (total == 0 && !pd_engine_demo_requests (self, system, n_requests, error))
    return FALSE;
  if (!pd_engine_landing_demo (self, error))
    return FALSE;
  /* the full demo: an entitled LPR analyst, displays and reads; two buses expected at LAX */
  if (with_holdings && (!pd_engine_lpr_demo (self, error) || !pd_engine_bus_demo (self, error)))
    return FALSE;
  /* the TSA holdings of the demo, on a fresh database with the face engine */
  tx = pd_store_begin (self->store, error);
  if (tx == NULL || (holdings = pd_store_holdings_list (tx, 0, 1, error)) == NULL)
    return FALSE;
  g_clear_pointer (&tx, pd_store_tx_free);
  if (!with_holdings || holdings->len > 0 || pd_engine_face_get_galleries (self) == NULL)
    return TRUE;
  if (!pd_engine_holdings_demo (self, system, 0, TRUE, error))
    return FALSE;
  /* and a departing flight with its gallery, a gate, crossings and alerts
   * (not without the demo pictures' faces) */
  if (!pd_engine_tvs_demo (self, system, &local))
    {
      if (!g_error_matches (local, PD_ERROR, PD_ERROR_CONFLICT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_warning ("%s", local->message);
    }
  return TRUE;
}
