/* pd-engine-demo.c: first-start bootstrap and demo accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <sodium.h>

#include "pd-engine-private.h"
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
#define DEMO_PASSWORD "portdesk-demo-2026"

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
                                 PD_ROLE_ADMIN, NULL, password, error);
  if (admin == NULL)
    return FALSE;
  g_message ("created the first administrator 'admin'; its password is in %s", path);
  return TRUE;
}

gboolean
pd_engine_demo_seed (PdEngine  *self,
                     PdCaller  *caller,
                     GError   **error)
{
  guint created = 0;
  g_autofree char *params = NULL;
  g_autofree char *n = NULL;

  if (!_pd_engine_require_role (self, caller, PD_ROLE_BIT (PD_ROLE_ADMIN), "demo.seed", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(PdUser) u = pd_engine_user_create (self, caller, demo_users[i].username, demo_users[i].display_name,
                                                   demo_users[i].email, pd_role_from_string (demo_users[i].role),
                                                   demo_users[i].port, DEMO_PASSWORD, &local_error);
      if (u != NULL)
        created++;
      else if (!g_error_matches (local_error, PD_ERROR, PD_ERROR_CONFLICT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  n = g_strdup_printf ("%u", created);
  params = _pd_params ("users_created", n, NULL);
  return pd_engine_audit (self, caller, "demo.seed", NULL, params, "ok", error);
}
