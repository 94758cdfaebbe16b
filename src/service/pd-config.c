/* pd-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-config"

#include <string.h>

#include "pd-clock.h"
#include "pd-config.h"
#include "pd-error.h"
#include "pd-role.h"

#define GROUP "portdeskd"

const char * const pd_config_flag_rules[] = {
  "self_search", "bulk", "off_shift", "other_port", "no_match", NULL
};

PdConfig *
pd_config_new_default (void)
{
  PdConfig *c = g_new0 (PdConfig, 1);

  c->tsa_email_domain = g_strdup ("tsa.dhs.gov");
  c->session_idle_us = 30 * 60 * G_USEC_PER_SEC;
  c->session_max_us = 12 * PD_USEC_PER_HOUR;
  c->login_max_failures = 5;
  c->login_rate_per_minute = 20;
  c->lockout_us = 15 * 60 * G_USEC_PER_SEC;
  c->audit_checkpoint_every = 100;
  c->retention_interval_s = 300;
  c->max_body_bytes = 1024 * 1024;
  c->max_upload_bytes = 32 * 1024 * 1024;
  c->request_timeout_s = 30;
  c->idle_timeout_s = 30;
  c->max_connections = 256;
  c->max_connections_per_client = 32;
  c->intake_rate_per_minute = 120;
  c->slot_minutes = 60;
  c->slot_capacity = 4;
  c->port_capacity = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->tsa_fmr = 1e-3;
  c->tvs_fmr = 1e-3;
  c->gate_silent_s = 300;
  c->lpr_cache_hours = 24;
  c->lpr_alert_window_s = 300;
  c->lpr_due_days = 30;
  c->landing_terminal_capacity = 6;
  c->flag_rules = g_strdupv ((GStrv) pd_config_flag_rules);
  c->flag_scan_interval_s = 60;
  c->flag_bulk_actions = g_strsplit ("lpr.query,identity.search", ",", -1);
  c->flag_bulk_max = 50;
  c->flag_bulk_window_us = PD_USEC_PER_HOUR;
  c->flag_night_start = 22;
  c->flag_night_end = 6;
  c->flag_no_match_count = 3;
  c->flag_no_match_window_us = 24 * PD_USEC_PER_HOUR;
  c->port_timezone = g_strdup ("UTC");
  c->port_timezones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->two_factor_roles = PD_CONFIG_TWO_FACTOR_DEFAULT;
  c->tsa_red_x_text = g_strdup ("Not verified. Contact the National Transportation Vetting Center before the "
                                "traveller proceeds.");
  return c;
}

void
pd_config_free (PdConfig *c)
{
  if (c == NULL)
    return;
  g_free (c->tsa_email_domain);
  g_free (c->tsa_red_x_text);
  g_free (c->rules_file);
  g_free (c->redress_file);
  g_free (c->model_dir);
  g_free (c->audit_anchor);
  g_free (c->store_conninfo);
  g_clear_pointer (&c->port_capacity, g_hash_table_unref);
  g_strfreev (c->flag_rules);
  g_strfreev (c->flag_bulk_actions);
  g_free (c->port_timezone);
  g_clear_pointer (&c->port_timezones, g_hash_table_unref);
  g_free (c);
}

/* A false-match rate: above 0, below 0.1. */
static gboolean
get_rate (GKeyFile    *kf,
          const char  *key,
          double      *inout,
          GError     **error)
{
  g_autofree char *text = g_key_file_get_string (kf, GROUP, key, NULL);
  char *end = NULL;
  double fmr = text != NULL ? g_ascii_strtod (g_strstrip (text), &end) : 0;

  if (!g_key_file_has_key (kf, GROUP, key, NULL))
    return TRUE;
  if (text == NULL || end == text || *end != '\0' || !(fmr > 0 && fmr < 0.1))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Setting %s must be a rate above 0 and below 0.1", key);
      return FALSE;
    }
  *inout = fmr;
  return TRUE;
}

static gboolean
get_uint (GKeyFile    *kf,
          const char  *key,
          guint64      min,
          guint64      max,
          guint64     *inout,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  guint64 v;

  if (!g_key_file_has_key (kf, GROUP, key, NULL))
    return TRUE;
  v = g_key_file_get_uint64 (kf, GROUP, key, &local_error);
  if (local_error != NULL || v < min || v > max)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID,
                   "Setting %s must be a whole number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
                   key, min, max);
      return FALSE;
    }
  *inout = v;
  return TRUE;
}

/* A comma-separated list of names, each in @known (any name when NULL),
 * none twice; empty allowed when @may_be_empty. */
static gboolean
get_list (GKeyFile            *kf,
          const char          *key,
          const char * const  *known,
          gboolean             may_be_empty,
          GStrv               *inout,
          GError             **error)
{
  g_autofree char *text = g_key_file_get_string (kf, GROUP, key, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);

      if (*name == '\0')
        continue;
      if ((known != NULL && !g_strv_contains (known, name)) || strlen (name) > 64 ||
          g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        {
          g_autofree char *list = known != NULL ? g_strjoinv (", ", (GStrv) known) : NULL;

          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Setting %s: '%s' is unknown or given twice%s%s", key, name,
                       list != NULL ? "; known: " : "", list != NULL ? list : "");
          return FALSE;
        }
      g_ptr_array_add (names, g_strdup (name));
    }
  if (names->len == 0 && !may_be_empty)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Setting %s needs at least one name", key);
      return FALSE;
    }
  g_ptr_array_add (names, NULL);
  g_strfreev (*inout);
  *inout = (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  return TRUE;
}

static gboolean
valid_tz (const char *id)
{
  g_autoptr(GTimeZone) tz = id != NULL && *id ? g_time_zone_new_identifier (id) : NULL;

  return tz != NULL;
}

/* [portdeskd] port_timezone and the [port_timezone] section. */
static gboolean
get_timezones (GKeyFile  *kf,
               PdConfig  *c,
               GError   **error)
{
  g_auto(GStrv) ports = g_key_file_get_keys (kf, "port_timezone", NULL, NULL);
  g_autofree char *tz = g_key_file_get_string (kf, GROUP, "port_timezone", NULL);

  if (tz != NULL)
    {
      g_strstrip (tz);
      if (!valid_tz (tz))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Setting port_timezone: unknown time zone '%s'", tz);
          return FALSE;
        }
      g_free (c->port_timezone);
      c->port_timezone = g_steal_pointer (&tz);
    }
  for (guint i = 0; ports != NULL && ports[i] != NULL; i++)
    {
      g_autofree char *id = g_strstrip (g_key_file_get_string (kf, "port_timezone", ports[i], NULL));

      if (!valid_tz (id))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "[port_timezone] %s: unknown time zone '%s'", ports[i],
                       id != NULL ? id : "");
          return FALSE;
        }
      g_hash_table_insert (c->port_timezones, g_strdup (ports[i]), g_steal_pointer (&id));
    }
  return TRUE;
}

gboolean
pd_config_flag_rule_on (const PdConfig *config,
                        const char     *rule)
{
  return g_strv_contains ((const char * const *) config->flag_rules, rule);
}

GTimeZone *
pd_config_port_tz (const PdConfig *config,
                   const char     *port)
{
  const char *id = port != NULL ? g_hash_table_lookup (config->port_timezones, port) : NULL;
  GTimeZone *tz = g_time_zone_new_identifier (id != NULL ? id : config->port_timezone);

  return tz != NULL ? tz : g_time_zone_new_utc ();
}

/* A list of role names ("" or none: nobody), as a mask of role bits. */
static gboolean
get_roles (GKeyFile    *kf,
           const char  *key,
           guint       *inout,
           gboolean    *out_set,
           GError     **error)
{
  g_auto(GStrv) names = NULL;
  guint mask = 0;

  if (!g_key_file_has_key (kf, GROUP, key, NULL))
    return TRUE;
  names = g_key_file_get_string_list (kf, GROUP, key, NULL, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      PdRole role;

      g_strstrip (names[i]);
      if (*names[i] == '\0' || g_ascii_strcasecmp (names[i], "none") == 0)
        continue;
      role = pd_role_from_string (names[i]);
      if (role == PD_ROLE_NONE)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Setting %s names an unknown role '%s'", key, names[i]);
          return FALSE;
        }
      mask |= PD_ROLE_BIT (role);
    }
  *inout = mask;
  *out_set = TRUE;
  return TRUE;
}

/* store = sqlite | postgresql, and postgresql's conninfo. */
static gboolean
get_store (GKeyFile  *kf,
           PdConfig  *c,
           GError   **error)
{
  g_autofree char *store = g_key_file_get_string (kf, GROUP, "store", NULL);
  g_autofree char *conninfo = g_key_file_get_string (kf, GROUP, "conninfo", NULL);

  if (store == NULL || g_str_equal (g_strstrip (store), "sqlite"))
    {
      if (conninfo != NULL)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                               "Setting conninfo is for store = postgresql (the store is sqlite)");
          return FALSE;
        }
      return TRUE;
    }
  if (!g_str_equal (store, "postgresql"))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Setting store must be sqlite or postgresql, not '%s'", store);
      return FALSE;
    }
  if (conninfo == NULL || *g_strstrip (conninfo) == '\0')
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "store = postgresql needs conninfo = (a libpq connection string)");
      return FALSE;
    }
  c->store_conninfo = g_steal_pointer (&conninfo);
  return TRUE;
}

PdConfig *
pd_config_load (const char  *path,
                GError     **error)
{
  g_autoptr(PdConfig) c = pd_config_new_default ();
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  guint64 idle = 30, max_h = 12, fails = c->login_max_failures, lock = 15;
  guint64 every = c->audit_checkpoint_every, ret = c->retention_interval_s, body = c->max_body_bytes;
  guint64 slot = c->slot_minutes, cap = c->slot_capacity, rate = c->login_rate_per_minute;
  guint64 upload = c->max_upload_bytes, req_to = c->request_timeout_s, idle_to = c->idle_timeout_s;
  guint64 conns = c->max_connections, conns_client = c->max_connections_per_client;
  guint64 intake = c->intake_rate_per_minute, silent = c->gate_silent_s;
  guint64 cache_h = c->lpr_cache_hours, window = c->lpr_alert_window_s, due = c->lpr_due_days;
  guint64 terminal_cap = c->landing_terminal_capacity;
  guint64 scan = c->flag_scan_interval_s, bulk_max = c->flag_bulk_max, bulk_min = 60;
  guint64 night_start = c->flag_night_start, night_end = c->flag_night_end;
  guint64 nm_count = c->flag_no_match_count, nm_hours = 24;
  g_auto(GStrv) ports = NULL;
  g_autofree char *domain = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "Cannot read configuration %s: ", path);
      return NULL;
    }
  if (!get_uint (kf, "session_idle_minutes", 1, 24 * 60, &idle, error) ||
      !get_uint (kf, "session_max_hours", 1, 24, &max_h, error) ||
      !get_uint (kf, "login_max_failures", 1, 100, &fails, error) ||
      !get_uint (kf, "login_rate_per_minute", 1, 10000, &rate, error) ||
      !get_uint (kf, "lockout_minutes", 1, 24 * 60, &lock, error) ||
      !get_uint (kf, "audit_checkpoint_every", 1, 1000000, &every, error) ||
      !get_uint (kf, "retention_interval_seconds", 1, 86400, &ret, error) ||
      !get_uint (kf, "max_body_bytes", 1024, 64 * 1024 * 1024, &body, error) ||
      !get_uint (kf, "max_upload_bytes", 1024, 512 * 1024 * 1024, &upload, error) ||
      !get_uint (kf, "request_timeout_seconds", 1, 3600, &req_to, error) ||
      !get_uint (kf, "idle_timeout_seconds", 1, 3600, &idle_to, error) ||
      !get_uint (kf, "max_connections", 1, 65536, &conns, error) ||
      !get_uint (kf, "max_connections_per_client", 1, 65536, &conns_client, error) ||
      !get_uint (kf, "intake_rate_per_minute", 1, 100000, &intake, error) ||
      !get_uint (kf, "slot_minutes", 5, 24 * 60, &slot, error) ||
      !get_uint (kf, "slot_capacity", 1, 1000, &cap, error) ||
      !get_uint (kf, "gate_silent_seconds", 10, 86400, &silent, error) ||
      !get_uint (kf, "lpr_cache_hours", 4, 24, &cache_h, error) ||
      !get_uint (kf, "lpr_alert_window_seconds", 0, 86400, &window, error) ||
      !get_uint (kf, "lpr_revalidate_notice_days", 1, 180, &due, error) ||
      !get_uint (kf, "landing_terminal_capacity", 1, 1000, &terminal_cap, error) ||
      !get_uint (kf, "flag_scan_interval_seconds", 1, 86400, &scan, error) ||
      !get_uint (kf, "flag_bulk_max", 1, 100000, &bulk_max, error) ||
      !get_uint (kf, "flag_bulk_window_minutes", 1, 7 * 24 * 60, &bulk_min, error) ||
      !get_uint (kf, "flag_night_start_hour", 0, 23, &night_start, error) ||
      !get_uint (kf, "flag_night_end_hour", 0, 23, &night_end, error) ||
      !get_uint (kf, "flag_no_match_count", 2, 1000, &nm_count, error) ||
      !get_uint (kf, "flag_no_match_window_hours", 1, 30 * 24, &nm_hours, error) ||
      !get_list (kf, "flag_rules", pd_config_flag_rules, TRUE, &c->flag_rules, error) ||
      !get_list (kf, "flag_bulk_actions", NULL, FALSE, &c->flag_bulk_actions, error) ||
      !get_timezones (kf, c, error))
    return NULL;
  if (night_start == night_end)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "Settings flag_night_start_hour and flag_night_end_hour must differ");
      return NULL;
    }
  c->flag_scan_interval_s = scan;
  c->flag_bulk_max = bulk_max;
  c->flag_bulk_window_us = (gint64) bulk_min * 60 * G_USEC_PER_SEC;
  c->flag_night_start = night_start;
  c->flag_night_end = night_end;
  c->flag_no_match_count = nm_count;
  c->flag_no_match_window_us = nm_hours * PD_USEC_PER_HOUR;
  ports = g_key_file_get_keys (kf, "slot_capacity", NULL, NULL);
  for (guint i = 0; ports != NULL && ports[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 v = g_key_file_get_int64 (kf, "slot_capacity", ports[i], &local_error);

      if (local_error != NULL || v < 0 || v > 1000)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "[slot_capacity] %s must be a whole number from 0 to 1000",
                       ports[i]);
          return NULL;
        }
      g_hash_table_insert (c->port_capacity, g_strdup (ports[i]), GUINT_TO_POINTER ((guint) v));
    }
  domain = g_key_file_get_string (kf, GROUP, "tsa_email_domain", NULL);
  if (domain != NULL)
    {
      g_strstrip (domain);
      if (*domain == '\0' || strchr (domain, '@') != NULL)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Setting tsa_email_domain must be a domain name");
          return NULL;
        }
      g_free (c->tsa_email_domain);
      c->tsa_email_domain = g_ascii_strdown (domain, -1);
    }
  if (!get_rate (kf, "tsa_fmr", &c->tsa_fmr, error) || !get_rate (kf, "tvs_fmr", &c->tvs_fmr, error))
    return NULL;
  if (g_key_file_has_key (kf, GROUP, "tsa_red_x_text", NULL))
    {
      g_free (c->tsa_red_x_text);
      c->tsa_red_x_text = g_strstrip (g_key_file_get_string (kf, GROUP, "tsa_red_x_text", NULL));
      if (c->tsa_red_x_text == NULL || *c->tsa_red_x_text == '\0')
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Setting tsa_red_x_text must not be empty");
          return NULL;
        }
    }
  c->rules_file = g_key_file_get_string (kf, GROUP, "rules_file", NULL);
  c->redress_file = g_key_file_get_string (kf, GROUP, "redress_file", NULL);
  if (!get_roles (kf, "two_factor_roles", &c->two_factor_roles, &c->two_factor_roles_set, error))
    return NULL;
  c->model_dir = g_key_file_get_string (kf, GROUP, "model_dir", NULL);
  if (!get_store (kf, c, error))
    return NULL;
  c->audit_anchor = g_key_file_get_string (kf, GROUP, "audit_anchor", NULL);
  if (c->audit_anchor != NULL && !g_path_is_absolute (g_strstrip (c->audit_anchor)))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Setting audit_anchor must be an absolute path");
      return NULL;
    }
  c->session_idle_us = idle * 60 * G_USEC_PER_SEC;
  c->session_max_us = max_h * PD_USEC_PER_HOUR;
  c->login_max_failures = fails;
  c->login_rate_per_minute = rate;
  c->lockout_us = lock * 60 * G_USEC_PER_SEC;
  c->audit_checkpoint_every = every;
  c->retention_interval_s = ret;
  c->max_body_bytes = body;
  c->max_upload_bytes = upload;
  c->request_timeout_s = req_to;
  c->idle_timeout_s = idle_to;
  c->max_connections = conns;
  c->max_connections_per_client = conns_client;
  c->intake_rate_per_minute = intake;
  c->gate_silent_s = silent;
  c->lpr_cache_hours = cache_h;
  c->lpr_alert_window_s = window;
  c->lpr_due_days = due;
  c->landing_terminal_capacity = terminal_cap;
  c->slot_minutes = slot;
  c->slot_capacity = cap;
  return g_steal_pointer (&c);
}

guint
pd_config_port_capacity (const PdConfig *config,
                         const char     *port)
{
  gpointer v;

  if (g_hash_table_lookup_extended (config->port_capacity, port, NULL, &v))
    return GPOINTER_TO_UINT (v);
  return config->slot_capacity;
}
