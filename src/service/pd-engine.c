/* pd-engine.c: construction, the caller, audit helpers, events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <math.h>
#include <sodium.h>
#include <string.h>

#include "pd-engine-private.h"
#include "pd-events.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-rules.h"

G_DEFINE_FINAL_TYPE (PdEngine, pd_engine, G_TYPE_OBJECT)

enum {
  SIGNAL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

PdCaller *
pd_caller_new_anonymous (const char *client)
{
  PdCaller *c = g_new0 (PdCaller, 1);

  c->kind = PD_CALLER_ANONYMOUS;
  c->client = g_strdup (client);
  return c;
}

PdCaller *
pd_caller_new_system (void)
{
  PdCaller *c = g_new0 (PdCaller, 1);

  c->kind = PD_CALLER_SYSTEM;
  c->client = g_strdup ("portdeskd");
  return c;
}

void
pd_caller_free (PdCaller *caller)
{
  if (caller == NULL)
    return;
  pd_session_free (caller->session);
  pd_apikey_free (caller->apikey);
  g_free (caller->client);
  g_free (caller);
}

const char *
pd_caller_port (PdCaller *caller)
{
  return caller->kind == PD_CALLER_SESSION ? caller->session->user->port : NULL;
}

gint64
pd_caller_user_id (PdCaller *caller)
{
  return caller->kind == PD_CALLER_SESSION ? caller->session->user->id : 0;
}

const char *
pd_caller_actor (PdCaller *caller)
{
  switch (caller->kind)
    {
    case PD_CALLER_SESSION:
      return caller->session->user->username;
    case PD_CALLER_APIKEY:
      return caller->apikey->key_id;
    case PD_CALLER_SYSTEM:
      return "portdeskd";
    case PD_CALLER_ANONYMOUS:
    default:
      return "anonymous";
    }
}

PdRole
pd_caller_role (PdCaller *caller)
{
  if (caller->kind == PD_CALLER_SESSION)
    return caller->session->user->role;
  return PD_ROLE_NONE;
}

const char *
pd_caller_role_name (PdCaller *caller)
{
  switch (caller->kind)
    {
    case PD_CALLER_SESSION:
      return pd_role_to_string (caller->session->user->role);
    case PD_CALLER_APIKEY:
      return pd_principal_kind_to_string (caller->apikey->kind);
    case PD_CALLER_SYSTEM:
      return "system";
    case PD_CALLER_ANONYMOUS:
    default:
      return "none";
    }
}

static void
pd_engine_finalize (GObject *object)
{
  PdEngine *self = PD_ENGINE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->audit);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->config, pd_config_free);
  g_free (self->rules_text);
  g_free (self->rules_version);
  g_free (self->redress_text);
  g_free (self->redress_version);
  sodium_memzero (self->totp_key, sizeof self->totp_key);
  g_clear_pointer (&self->login_failures, pd_rate_limit_free);
  g_clear_pointer (&self->login_throttle, pd_throttle_free);
  g_clear_pointer (&self->intake_writes, pd_rate_limit_free);
  g_clear_pointer (&self->face, _pd_engine_face_free);
  g_clear_pointer (&self->tsa, _pd_engine_tsa_free);
  g_clear_pointer (&self->lpr, _pd_engine_lpr_free);
  g_clear_pointer (&self->lpr_imports, _pd_engine_lpr_imports_free);
  g_clear_pointer (&self->site, _pd_engine_site_free);
  G_OBJECT_CLASS (pd_engine_parent_class)->finalize (object);
}

static void
pd_engine_class_init (PdEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_engine_finalize;

  /**
   * PdEngine::event:
   * @type: event type, e.g. "entitlement.changed"
   * @port: the port it concerns, or %NULL
   * @roles: mask of roles entitled to see it
   * @principal: API key id of the public principal concerned, or %NULL
   * @payload: a JSON object (#JsonNode)
   *
   * Emitted from the thread that made the change, after its transaction.
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING, JSON_TYPE_NODE);
}

static void
pd_engine_init (PdEngine *self)
{
}

PdEngine *
pd_engine_new (const char  *data_dir,
               PdConfig    *config,
               PdClock     *clock,
               GError     **error)
{
  g_autoptr(PdEngine) self = g_object_new (PD_TYPE_ENGINE, NULL);
  g_autofree char *db_path = g_build_filename (data_dir, "portdesk.db", NULL);
  g_autofree char *key_path = g_build_filename (data_dir, "audit-signing.key", NULL);
  g_autofree char *totp_key_path = g_build_filename (data_dir, "totp-secrets.key", NULL);

  self->config = config;
  self->clock = g_object_ref (clock);
  self->login_failures = pd_rate_limit_new (config->login_rate_per_minute, 60 * G_USEC_PER_SEC);
  self->login_throttle = pd_throttle_new (config->login_max_failures, config->lockout_us);
  self->intake_writes = pd_rate_limit_new (config->intake_rate_per_minute, 60 * G_USEC_PER_SEC);
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "Cannot create data directory %s", data_dir);
      return NULL;
    }
  if (!pd_rules_load (config->rules_file, &self->rules_text, &self->rules_version, error) ||
      !pd_redress_load (config->redress_file, &self->redress_text, &self->redress_version, error) ||
      !_pd_engine_totp_load_key (self, totp_key_path, error))
    return NULL;
  self->store = config->store_conninfo != NULL ? pd_store_open_postgres (config->store_conninfo, error)
                                               : pd_store_open (db_path, error);
  if (self->store == NULL || !_pd_engine_totp_check_site (self, totp_key_path, error))
    return NULL;
  self->audit = pd_audit_new (key_path, config->audit_checkpoint_every, error);
  if (self->audit == NULL || !pd_audit_register_key (self->audit, self->store, pd_clock_now (clock), error))
    return NULL;
  if (config->store_conninfo != NULL && !_pd_engine_site_setup (self, config->store_conninfo, error))
    return NULL;
  if (config->audit_anchor != NULL && !pd_audit_set_anchor (self->audit, self->store, config->audit_anchor, error))
    return NULL;
  return g_steal_pointer (&self);
}

PdClock *
pd_engine_get_clock (PdEngine *self)
{
  return self->clock;
}

PdStore *
pd_engine_get_store (PdEngine *self)
{
  return self->store;
}

PdAudit *
pd_engine_get_audit (PdEngine *self)
{
  return self->audit;
}

const PdConfig *
pd_engine_get_config (PdEngine *self)
{
  return self->config;
}

gint64
pd_engine_now (PdEngine *self)
{
  return pd_clock_now (self->clock);
}

void
pd_engine_emit_event (PdEngine    *self,
                      PdStoreTx  **committed,
                      const char  *type,
                      const char  *port,
                      guint        roles,
                      const char  *principal,
                      JsonNode    *payload)
{
  g_autoptr(JsonNode) node = payload;

  g_return_if_fail (JSON_NODE_HOLDS_OBJECT (payload));

  g_clear_pointer (committed, pd_store_tx_free);
  _pd_engine_emit_local (self, type, port, roles, principal, node);
  _pd_engine_site_publish (self, type, port, roles, principal, node);
}

void
_pd_engine_emit_local (PdEngine    *self,
                       const char  *type,
                       const char  *port,
                       guint        roles,
                       const char  *principal,
                       JsonNode    *payload)
{
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, type, port, roles, principal, payload);
}


static JsonNode *
params_node_va (const char *first_name,
                va_list     ap)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  for (const char *name = first_name; name != NULL; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      if (value == NULL)
        continue;
      json_builder_set_member_name (b, name);
      json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
_pd_params_node (const char *first_name,
                 ...)
{
  JsonNode *node;
  va_list ap;

  va_start (ap, first_name);
  node = params_node_va (first_name, ap);
  va_end (ap);
  return node;
}

char *
_pd_params (const char *first_name,
            ...)
{
  g_autoptr(JsonNode) node = NULL;
  va_list ap;

  va_start (ap, first_name);
  node = params_node_va (first_name, ap);
  va_end (ap);
  return pd_json_to_string (node, FALSE);
}

typedef struct {
  PdEngine *engine;
  gint64    seq;
} AuditAppended;

static void
audit_appended_free (AuditAppended *a)
{
  g_object_unref (a->engine);
  g_free (a);
}

/* The event of a new audit entry: its number only; the client fetches
 * what it shows.  Made here, and by the site's other daemons when they
 * hear of the entry (pd-engine-site.c). */
void
_pd_engine_emit_audit_appended (PdEngine *self,
                                gint64    seq)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) payload = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, seq);
  json_builder_end_object (b);
  payload = json_builder_get_root (b);
  _pd_engine_emit_local (self, PD_EVENT_AUDIT_APPENDED, NULL, (guint) PD_ROLE_BIT (PD_ROLE_AUDITOR), NULL, payload);
}

/* Once the entry's transaction committed and let the store go (a
 * PdStoreCommitFunc, like every event: listeners may use the store). */
static void
audit_appended (gpointer data)
{
  AuditAppended *a = data;

  _pd_engine_emit_audit_appended (a->engine, a->seq);
}

gboolean
_pd_engine_audit_tx (PdEngine    *self,
                     PdStoreTx   *tx,
                     PdCaller    *caller,
                     const char  *action,
                     const char  *object,
                     const char  *params,
                     const char  *outcome,
                     GError     **error)
{
  gint64 seq = 0;

  if (!pd_audit_append (self->audit, tx, pd_engine_now (self),
                        pd_caller_actor (caller), pd_caller_role_name (caller),
                        action, object, params, outcome, caller->client, &seq, error))
    return FALSE;
  /* auditors see new entries live, but for the audit flow's own reads
   * (a review view that reloads on the event would otherwise feed itself) */
  if (!g_str_has_prefix (action, PD_EVENT_AUDIT_PREFIX))
    {
      AuditAppended *a = g_new0 (AuditAppended, 1);

      a->engine = g_object_ref (self);
      a->seq = seq;
      pd_store_tx_after_commit (tx, audit_appended, a, (GDestroyNotify) audit_appended_free);
      _pd_engine_site_audit_appended (self, tx, seq);
    }
  return TRUE;
}

gboolean
pd_engine_audit (PdEngine    *self,
                 PdCaller    *caller,
                 const char  *action,
                 const char  *object,
                 const char  *params,
                 const char  *outcome,
                 GError     **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);

  if (tx == NULL)
    return FALSE;
  if (!_pd_engine_audit_tx (self, tx, caller, action, object, params, outcome, error))
    return FALSE;
  return pd_store_commit (tx, error);
}

gboolean
pd_engine_checkpoint (PdEngine  *self,
                      GError   **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);

  if (tx == NULL)
    return FALSE;
  if (!pd_audit_checkpoint (self->audit, tx, pd_engine_now (self), error))
    return FALSE;
  return pd_store_commit (tx, error);
}

/* Refuses (and audits the refusal) unless the caller is a signed-in user
 * holding one of @roles.  The server checks route roles first; engine
 * methods check again so no other caller can bypass them. */
gboolean
_pd_engine_require_role (PdEngine    *self,
                         PdCaller    *caller,
                         guint        roles,
                         const char  *action,
                         GError     **error)
{
  if (caller->kind == PD_CALLER_SYSTEM)
    return TRUE;
  if (caller->kind == PD_CALLER_SESSION &&
      caller->session->rules_accepted_at > 0 &&
      (roles & PD_ROLE_BIT (caller->session->user->role)) != 0)
    return TRUE;

  pd_engine_audit (self, caller, action, NULL, NULL, "denied", NULL);
  if (caller->kind == PD_CALLER_SESSION && caller->session->rules_accepted_at == 0)
    g_set_error_literal (error, PD_ERROR, PD_ERROR_RULES_NOT_ACCEPTED,
                         "Accept the rules of behavior before doing anything else");
  else
    g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Your role (%s) may not do %s",
                 pd_caller_role_name (caller), action);
  return FALSE;
}

gboolean
_pd_engine_identify_side (PdEngine         *self,
                          PdCaller         *caller,
                          const char       *action,
                          PdPrincipalKind   kind,
                          const char       *scope,
                          guint             roles,
                          PdSide            only,
                          PdSide           *out_side,
                          GError          **error)
{
  PdSide side;

  if (caller->kind == PD_CALLER_APIKEY)
    {
      if (caller->apikey->kind != kind || !pd_apikey_has_scope (caller->apikey, scope))
        {
          pd_engine_audit (self, caller, action, NULL, NULL, "denied", NULL);
          g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "%s needs an API key of kind %s with the '%s' scope",
                       action, pd_principal_kind_to_string (kind), scope);
          return FALSE;
        }
      side = PD_SIDE_PUBLIC;
    }
  else
    {
      if (!_pd_engine_require_role (self, caller, roles, action, error))
        return FALSE;
      if (pd_caller_port (caller) == NULL)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Your account is not assigned to a port");
          return FALSE;
        }
      side = PD_SIDE_OFFICER;
    }
  if (only != PD_SIDE_ANY && side != only)
    {
      pd_engine_audit (self, caller, action, NULL, NULL, "denied", NULL);
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Only %s may do %s",
                   only == PD_SIDE_OFFICER ? "officers of the port" : pd_principal_kind_to_string (kind), action);
      return FALSE;
    }
  if (out_side != NULL)
    *out_side = side;
  return TRUE;
}

void
_pd_engine_audit_other_port (PdEngine    *self,
                             PdStoreTx  **tx,
                             PdCaller    *caller,
                             const char  *what,
                             const char  *ref,
                             const char  *port)
{
  g_autofree char *params = _pd_params ("record", what, "port", port, NULL);

  if (_pd_engine_audit_tx (self, *tx, caller, "record.other_port", ref, params, "denied", NULL))
    pd_store_commit (*tx, NULL);
  g_clear_pointer (tx, pd_store_tx_free);
}

JsonObject *
_pd_engine_load_visible (PdEngine        *self,
                         PdCaller        *caller,
                         PdSide           side,
                         PdStoreGetFunc   get,
                         const char      *owner,
                         const char      *what,
                         const char      *ref,
                         PdStoreTx      **out_tx,
                         GError         **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
  g_autoptr(JsonObject) row = tx != NULL ? get (tx, ref, error) : NULL;

  if (row == NULL)
    return NULL;
  if (side == PD_SIDE_PUBLIC ? g_strcmp0 (pd_json_str (row, owner), caller->apikey->key_id) != 0
                             : g_strcmp0 (pd_json_str (row, "port"), pd_caller_port (caller)) != 0)
    {
      if (side == PD_SIDE_OFFICER)
        _pd_engine_audit_other_port (self, &tx, caller, what, ref, pd_json_str (row, "port"));
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No %s %s", what, ref);
      return NULL;
    }
  *out_tx = g_steal_pointer (&tx);
  return g_steal_pointer (&row);
}

gboolean
_pd_engine_check_password_strength (const char  *password,
                                    GError     **error)
{
  gsize len = password != NULL ? strlen (password) : 0;

  if (len < 12 || len > 256)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "A password must have 12 to 256 characters");
      return FALSE;
    }
  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "A password must be valid UTF-8");
      return FALSE;
    }
  return TRUE;
}

char *
_pd_engine_hash_password (const char  *password,
                          GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (out, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INTERNAL, "Out of memory hashing the password");
      return NULL;
    }
  return g_strdup (out);
}

gboolean
_pd_engine_valid_date (PdEngine    *self,
                       const char  *member,
                       const char  *text,
                       gboolean     past,
                       GError     **error)
{
  int y, m, d;
  char tail;
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (pd_clock_now (self->clock) / G_USEC_PER_SEC);
  g_autofree char *max = g_date_time_format (today, "%Y-%m-%d");

  if (text != NULL && strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
      g_date_valid_dmy (d, m, y) && y >= 1900 && y <= 9999 && (!past || strcmp (text, max) <= 0))
    return TRUE;
  g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: '%s' is not a date (YYYY-MM-DD) from 1900%s", member,
               text != NULL ? text : "", past ? " to today" : "");
  return FALSE;
}

gboolean
_pd_engine_day_range (PdEngine    *self,
                      const char  *from,
                      const char  *to,
                      gint64      *start,
                      gint64      *end,
                      GError     **error)
{
  g_autoptr(GDateTime) a = NULL, b = NULL;
  int y, m, d;

  if (!_pd_engine_valid_date (self, "from", from, FALSE, error) || !_pd_engine_valid_date (self, "to", to, FALSE, error))
    return FALSE;
  if (strcmp (from, to) > 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "from must not be after to");
      return FALSE;
    }
  sscanf (from, "%d-%d-%d", &y, &m, &d);
  a = g_date_time_new_utc (y, m, d, 0, 0, 0);
  sscanf (to, "%d-%d-%d", &y, &m, &d);
  b = g_date_time_new_utc (y, m, d, 0, 0, 0);
  *start = g_date_time_to_unix (a) * G_USEC_PER_SEC;
  *end = (g_date_time_to_unix (b) + 86400) * G_USEC_PER_SEC;
  return TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
nearest_rank (GArray *sorted,
              double  p)
{
  guint rank;

  if (sorted->len == 0)
    return -1;
  rank = (guint) ceil (p * sorted->len);
  return g_array_index (sorted, double, MAX (rank, 1u) - 1);
}

void
_pd_percentiles (GArray *times,
                 double *p50,
                 double *p95)
{
  g_array_sort (times, compare_double);
  *p50 = nearest_rank (times, 0.5);
  *p95 = nearest_rank (times, 0.95);
}
