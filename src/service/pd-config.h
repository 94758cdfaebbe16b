/* pd-config.h: portdeskd settings (GKeyFile, group [portdeskd])
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pd-role.h"

/* The roles that reach biometric (TSA, TVS) or LPR data must sign in with two factors. */
#define PD_CONFIG_TWO_FACTOR_DEFAULT \
  (PD_ROLE_BIT (PD_ROLE_TSA_SUPERVISOR) | PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_LPR_ANALYST) | \
   PD_ROLE_BIT (PD_ROLE_PAU_ANALYST) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR))

G_BEGIN_DECLS

typedef struct {
  char   *store_conninfo;          /* store = sqlite: the data directory's portdesk.db;
                                    * store = postgresql with conninfo = (a libpq connection string) */
  char   *tsa_email_domain;        /* tsa_email_domain = tsa.dhs.gov */
  gint64  session_idle_us;         /* session_idle_minutes = 30 */
  gint64  session_max_us;          /* session_max_hours = 12 */
  guint   login_max_failures;      /* login_max_failures = 5: failures of one name from one client
                                    * before each further attempt waits (1 s, doubling) */
  guint   login_rate_per_minute;   /* login_rate_per_minute = 20: failed sign-ins per client */
  gint64  lockout_us;              /* lockout_minutes = 15: the longest such wait */
  guint   audit_checkpoint_every;  /* audit_checkpoint_every = 100 */
  char   *audit_anchor;            /* audit_anchor = (none): the append-only file each checkpoint is also written to */
  guint   retention_interval_s;    /* retention_interval_seconds = 300 */
  gsize   max_body_bytes;          /* max_body_bytes = 1048576: a JSON request */
  gsize   max_upload_bytes;        /* max_upload_bytes = 33554432: photos, manifests, CSV */
  guint   request_timeout_s;       /* request_timeout_seconds = 30: to send headers and body */
  guint   idle_timeout_s;          /* idle_timeout_seconds = 30: a stalled read or write */
  guint   max_connections;         /* max_connections = 256: per listener */
  guint   max_connections_per_client; /* max_connections_per_client = 32 */
  guint   intake_rate_per_minute;  /* intake_rate_per_minute = 120: writes per API key */
  char   *rules_file;              /* rules_file = (built-in text) */
  char   *redress_file;            /* redress_file = (built-in text): the redress paths officers hand travellers */
  guint   two_factor_roles;        /* two_factor_roles = tsa_supervisor;cbp_officer;lpr_analyst;pau_analyst;port_director */
  gboolean two_factor_roles_set;   /* the configuration names two_factor_roles (else --demo turns the policy off) */
  char   *model_dir;               /* model_dir = ($PORTDESK_MODEL_DIR, else $XDG_DATA_HOME/portdesk/models) */
  guint   slot_minutes;            /* slot_minutes = 60: inspection slot length */
  guint   slot_capacity;           /* slot_capacity = 4: inspections per slot and port */
  GHashTable *port_capacity;       /* [slot_capacity] LAX = 6: per-port overrides */
  double  tsa_fmr;                 /* tsa_fmr = 0.001: the TSA checks' target false-match rate */
  char   *tsa_red_x_text;          /* tsa_red_x_text = (what a red X tells the supervisor to do) */
  double  tvs_fmr;                 /* tvs_fmr = 0.001: the gate captures' target false-match rate */
  guint   gate_silent_s;           /* gate_silent_seconds = 300: a gate device not heard from is shown as silent */
  guint   lpr_cache_hours;         /* lpr_cache_hours = 24: LPR query results are kept (4 to 24) */
  guint   lpr_alert_window_s;      /* lpr_alert_window_seconds = 300: reads of a listed plate this close make one alert */
  guint   lpr_due_days;            /* lpr_revalidate_notice_days = 30: owners are prompted this long before an item lapses */
  guint   landing_terminal_capacity; /* landing_terminal_capacity = 6: arrivals a terminal takes in an hour */
  /* misuse flags (docs/oversight.md) */
  GStrv   flag_rules;              /* flag_rules = self_search,bulk,off_shift,other_port,no_match: the rules on */
  guint   flag_scan_interval_s;    /* flag_scan_interval_seconds = 60: how often the scanner reads the chain */
  GStrv   flag_bulk_actions;       /* flag_bulk_actions = lpr.query,identity.search: what bulk counts */
  guint   flag_bulk_max;           /* flag_bulk_max = 50: more than this many in the window is bulk */
  gint64  flag_bulk_window_us;     /* flag_bulk_window_minutes = 60 */
  guint   flag_night_start;        /* flag_night_start_hour = 22: off duty from (users without a shift) */
  guint   flag_night_end;          /* flag_night_end_hour = 6: to (exclusive) */
  guint   flag_no_match_count;     /* flag_no_match_count = 3: no-match outcomes for one traveller */
  gint64  flag_no_match_window_us; /* flag_no_match_window_hours = 24 */
  char   *port_timezone;           /* port_timezone = UTC: ports' local time (shifts, night) */
  GHashTable *port_timezones;      /* [port_timezone] LAX = America/Los_Angeles: per port */
} PdConfig;

/* The rules a flag can name, in their documented order. */
extern const char * const pd_config_flag_rules[];

/* Whether misuse rule @rule is on. */
gboolean  pd_config_flag_rule_on (const PdConfig *config,
                                  const char     *rule);
/* The time zone of @port's local time (the default one for NULL or a port
 * without its own). */
GTimeZone *pd_config_port_tz     (const PdConfig *config,
                                  const char     *port);

guint     pd_config_port_capacity (const PdConfig *config,
                                   const char     *port);

PdConfig *pd_config_new_default (void);
PdConfig *pd_config_load        (const char  *path,
                                 GError     **error);
void      pd_config_free        (PdConfig    *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdConfig, pd_config_free)

G_END_DECLS
