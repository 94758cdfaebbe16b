/* pd-engine-flags.c: misuse flags
 *
 * The scanner reads the audit chain from where it stopped (flag_scan, in
 * the same transaction as the flags it raises, so that a restart neither
 * misses nor repeats an entry) and applies each rule that is on to each
 * entry of a signed-in user.  Rules judge entries by their own time, never
 * by the clock, so a scan gives the same flags whenever it runs.  An entry
 * that continues a pattern already flagged (an open flag of the same rule,
 * user and subject within the rule's window) joins that flag: one open
 * flag per occurrence, not one per entry.  Exact definitions:
 * docs/oversight.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <string.h>

#include "pd-engine-accounts.h"
#include "pd-engine-flags.h"
#include "pd-engine-private.h"
#include "pd-engine-tsa.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-json.h"
#include "pd-lpr-read.h"
#include "pd-store-flags.h"

#define REVIEWERS   (PD_ROLE_BIT (PD_ROLE_AUDITOR) | PD_ROLE_BIT (PD_ROLE_ADMIN))
#define AUDITOR     PD_ROLE_BIT (PD_ROLE_AUDITOR)
#define ADMIN       PD_ROLE_BIT (PD_ROLE_ADMIN)
#define SCAN_BATCH  2000
/* a self-search, an off-shift period, another port: one flag a day */
#define DAY_WINDOW  PD_USEC_PER_DAY
#define NO_MATCH_ACTIONS "identity.search,identity.verify"

typedef struct {
  PdEngine   *engine;
  PdStoreTx  *tx;
  PdCaller   *system;
  GHashTable *users;    /* actor -> PdUser, or &no_user */
  GPtrArray  *raised;   /* the flag.raised events' payloads */
} Scan;

/* what an actor that is not a user (an API key, the system) maps to */
static PdUser no_user;

/* The user behind @actor, NULL for API keys and the system. */
static PdUser *
scan_user (Scan        *s,
           const char  *actor,
           GError     **error)
{
  gpointer u = g_hash_table_lookup (s->users, actor);
  g_autoptr(GError) local = NULL;

  if (u != NULL)
    return u == &no_user ? NULL : u;
  u = pd_store_user_get (s->tx, actor, NULL, &local);
  if (u == NULL && !g_error_matches (local, PD_ERROR, PD_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  g_hash_table_insert (s->users, g_strdup (actor), u != NULL ? u : &no_user);
  return u;
}

static void
user_value_free (gpointer p)
{
  if (p != &no_user)
    pd_user_free (p);
}

/* Raises a flag behind @entries (PdAuditEntry), or, when an open flag of
 * @rule, @user and @subject has an entry within @window before @e, adds
 * @e to it.  @raise says whether the pattern holds (checked only when
 * there is no such open flag); NULL @entries: @e alone. */
typedef GPtrArray *(*PatternFunc) (Scan *s, PdUser *u, const PdAuditEntry *e, gpointer data, GError **error);

static gboolean
flag (Scan               *s,
      const char         *rule,
      PdUser             *u,
      const char         *subject,
      const PdAuditEntry *e,
      gint64              window,
      PatternFunc         pattern,
      gpointer            data,
      const char         *summary,
      GError            **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *object = NULL, *params = NULL, *sid = NULL;
  gint64 id = pd_store_flag_find_open (s->tx, rule, u->username, subject, e->at - window, error);

  if (id < 0)
    return FALSE;
  if (id > 0)
    return pd_store_flag_attach (s->tx, id, e->seq, e->at, error);
  if (pattern != NULL)
    {
      GError *local = NULL;

      entries = pattern (s, u, e, data, &local);
      if (entries == NULL)
        {
          if (local == NULL)
            return TRUE;   /* no pattern */
          g_propagate_error (error, local);
          return FALSE;
        }
    }
  id = pd_store_flag_insert (s->tx, rule, u->username, subject, summary, pd_engine_now (s->engine), error);
  if (id < 0 || !pd_store_flag_attach (s->tx, id, e->seq, e->at, error))
    return FALSE;
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const PdAuditEntry *x = entries->pdata[i];

      if (!pd_store_flag_attach (s->tx, id, x->seq, x->at, error))
        return FALSE;
    }
  object = g_strdup_printf ("flag:%" G_GINT64_FORMAT, id);
  params = _pd_params ("rule", rule, "user", u->username, NULL);
  if (!_pd_engine_audit_tx (s->engine, s->tx, s->system, "flag.raise", object, params, "ok", error))
    return FALSE;
  sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_ptr_array_add (s->raised, _pd_params_node ("id", sid, "rule", rule, "user", u->username, NULL));
  return TRUE;
}

/* --- self-search ----------------------------------------------------------- */

/* Whether every word of @name (folded) is a word of @display_name. */
static gboolean
names_match (const char *display_name,
             const char *last_name,
             const char *first_name)
{
  g_auto(GStrv) words = g_strsplit_set (display_name != NULL ? display_name : "", " -,", -1);
  g_autofree char *last = pd_name_fold (last_name), *first = pd_name_fold (first_name);
  gboolean last_ok = FALSE, first_ok = FALSE;

  if (*last == '\0' || *first == '\0')
    return FALSE;
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *w = pd_name_fold (words[i]);

      last_ok |= g_str_equal (w, last);
      first_ok |= g_str_equal (w, first);
    }
  return last_ok && first_ok;
}

static gboolean
same_plate (const char *mine,
            const char *searched)
{
  g_autofree char *a = NULL, *ka = NULL, *b = NULL, *kb = NULL;

  return mine != NULL && searched != NULL && pd_lpr_plate_normalize (mine, &a, &ka) &&
         pd_lpr_plate_normalize (searched, &b, &kb) && g_str_equal (ka, kb);
}

static gboolean
rule_self_search (Scan                *s,
                  PdUser              *u,
                  const PdAuditEntry  *e,
                  JsonObject          *params,
                  GError             **error)
{
  const char *plate = pd_json_str (params, "plate");
  const char *birth = pd_json_str (params, "birth_date");
  const char *last = pd_json_str (params, "last_name"), *first = pd_json_str (params, "first_name");
  g_autofree char *summary = NULL;

  /* an admin setting a profile names no one: user.* entries are not searches */
  if (g_str_has_prefix (e->action, "user."))
    return TRUE;
  if (same_plate (u->plate, plate))
    {
      summary = g_strdup_printf ("Searched their own plate (%s)", e->action);
      if (!flag (s, "self_search", u, "plate", e, DAY_WINDOW, NULL, NULL, summary, error))
        return FALSE;
      g_clear_pointer (&summary, g_free);
    }
  if (u->birth_date != NULL && g_strcmp0 (u->birth_date, birth) == 0)
    {
      summary = g_strdup_printf ("Searched their own date of birth (%s)", e->action);
      if (!flag (s, "self_search", u, "birth_date", e, DAY_WINDOW, NULL, NULL, summary, error))
        return FALSE;
      g_clear_pointer (&summary, g_free);
    }
  if (last != NULL && first != NULL && names_match (u->display_name, last, first))
    {
      summary = g_strdup_printf ("Searched their own name (%s)", e->action);
      if (!flag (s, "self_search", u, "name", e, DAY_WINDOW, NULL, NULL, summary, error))
        return FALSE;
    }
  return TRUE;
}

/* --- bulk querying --------------------------------------------------------- */

static GPtrArray *
bulk_pattern (Scan                *s,
              PdUser              *u,
              const PdAuditEntry  *e,
              gpointer             data,
              GError             **error)
{
  const PdConfig *c = pd_engine_get_config (s->engine);
  g_autoptr(GPtrArray) w = pd_store_flag_window (s->tx, e->actor, data, e->at - c->flag_bulk_window_us + 1, e->seq,
                                                  error);

  if (w == NULL || w->len <= c->flag_bulk_max)
    return NULL;
  return g_steal_pointer (&w);
}

static gboolean
rule_bulk (Scan                *s,
           PdUser              *u,
           const PdAuditEntry  *e,
           GError             **error)
{
  const PdConfig *c = pd_engine_get_config (s->engine);
  g_autofree char *actions = NULL, *summary = NULL;

  if (!g_strv_contains ((const char * const *) c->flag_bulk_actions, e->action))
    return TRUE;
  actions = g_strjoinv (",", c->flag_bulk_actions);
  summary = g_strdup_printf ("More than %u of %s within %" G_GINT64_FORMAT " minutes", c->flag_bulk_max, actions,
                             c->flag_bulk_window_us / (60 * G_USEC_PER_SEC));
  return flag (s, "bulk", u, "", e, c->flag_bulk_window_us, bulk_pattern, actions, summary, error);
}

/* --- off-shift use ---------------------------------------------------------- */

/* The start of the off-duty period @at falls in, as local "YYYY-MM-DD
 * HH:00" of @u's port, or NULL when @at is within @u's shift. */
static char *
off_duty_period (const PdConfig *c,
                 PdUser         *u,
                 gint64          at,
                 char          **out_shift)
{
  g_autoptr(GTimeZone) tz = pd_config_port_tz (c, u->port);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) start = NULL;
  gint on = u->shift_start >= 0 ? u->shift_start : (gint) c->flag_night_end;
  gint off = u->shift_start >= 0 ? u->shift_end : (gint) c->flag_night_start;
  gint h = g_date_time_get_hour (local);
  gboolean on_duty = on < off ? h >= on && h < off : h >= on || h < off;

  if (on_duty)
    return NULL;
  start = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                           g_date_time_get_day_of_month (local), off, 0, 0);
  if (g_date_time_compare (start, local) > 0)
    {
      GDateTime *before = g_date_time_add_days (start, -1);

      g_date_time_unref (start);
      start = before;
    }
  *out_shift = g_strdup_printf ("%02d:00-%02d:00 %s", on, off, g_date_time_get_timezone_abbreviation (local));
  return g_date_time_format (start, "%Y-%m-%d %H:00");
}

static gboolean
rule_off_shift (Scan                *s,
                PdUser              *u,
                const PdAuditEntry  *e,
                GError             **error)
{
  g_autofree char *shift = NULL, *summary = NULL;
  g_autofree char *period = off_duty_period (pd_engine_get_config (s->engine), u, e->at, &shift);

  /* the service ending an idle session is not the user's doing */
  if (period == NULL || g_str_equal (e->action, "session.expire"))
    return TRUE;
  summary = g_strdup_printf ("Used the system off shift (shift %s; off duty from %s)", shift, period);
  return flag (s, "off_shift", u, period, e, DAY_WINDOW, NULL, NULL, summary, error);
}

/* --- other ports' records ---------------------------------------------------- */

static gboolean
rule_other_port (Scan                *s,
                 PdUser              *u,
                 const PdAuditEntry  *e,
                 JsonObject          *params,
                 GError             **error)
{
  const char *port = pd_json_str (params, "port");
  g_autofree char *summary = NULL;

  if (u->port == NULL || port == NULL || g_ascii_strcasecmp (port, u->port) == 0 ||
      g_str_has_prefix (e->action, "user."))
    return TRUE;
  summary = g_strdup_printf ("Asked for records of port %s (their port is %s)", port, u->port);
  return flag (s, "other_port", u, port, e, DAY_WINDOW, NULL, NULL, summary, error);
}

/* --- repeated no-match checks of one traveller -------------------------------- */

/* The traveller a no-match outcome is about, NULL when @e is not one: a
 * biographic or A-number search that found nobody, a 1:1 red X. */
static char *
no_match_traveller (const PdAuditEntry *e)
{
  g_autoptr(JsonObject) params = pd_json_parse_object (e->params, strlen (e->params), NULL);
  g_autofree char *last = NULL, *first = NULL;

  if (params == NULL)
    return NULL;
  if (g_str_equal (e->action, "identity.verify") && g_str_equal (e->outcome, "not-verified") &&
      pd_json_str (params, "record") != NULL)
    return g_strconcat ("record ", pd_json_str (params, "record"), NULL);
  if (!g_str_equal (e->action, "identity.search") || !g_str_equal (e->outcome, "none"))
    return NULL;
  if (pd_json_str (params, "a_number") != NULL)
    return g_strconcat ("A-number ", pd_json_str (params, "a_number"), NULL);
  if (pd_json_str (params, "last_name") == NULL || pd_json_str (params, "first_name") == NULL ||
      pd_json_str (params, "birth_date") == NULL)
    return NULL;
  last = pd_name_fold (pd_json_str (params, "last_name"));
  first = pd_name_fold (pd_json_str (params, "first_name"));
  return g_strdup_printf ("name %s, %s, born %s", last, first, pd_json_str (params, "birth_date"));
}

static GPtrArray *
no_match_pattern (Scan                *s,
                  PdUser              *u,
                  const PdAuditEntry  *e,
                  gpointer             data,
                  GError             **error)
{
  const PdConfig *c = pd_engine_get_config (s->engine);
  g_autoptr(GPtrArray) w = pd_store_flag_window (s->tx, e->actor, NO_MATCH_ACTIONS,
                                                  e->at - c->flag_no_match_window_us + 1, e->seq, error);

  if (w == NULL)
    return NULL;
  for (guint i = 0; i < w->len; i++)
    {
      g_autofree char *who = no_match_traveller (w->pdata[i]);

      if (g_strcmp0 (who, data) != 0)
        g_ptr_array_remove_index (w, i--);
    }
  if (w->len < c->flag_no_match_count)
    return NULL;
  return g_steal_pointer (&w);
}

static gboolean
rule_no_match (Scan                *s,
               PdUser              *u,
               const PdAuditEntry  *e,
               GError             **error)
{
  const PdConfig *c = pd_engine_get_config (s->engine);
  g_autofree char *who = no_match_traveller (e);
  g_autofree char *summary = NULL;

  if (who == NULL)
    return TRUE;
  summary = g_strdup_printf ("%u or more no-match outcomes for one traveller (%s) within %" G_GINT64_FORMAT " hours",
                             c->flag_no_match_count, who, c->flag_no_match_window_us / PD_USEC_PER_HOUR);
  return flag (s, "no_match", u, who, e, c->flag_no_match_window_us, no_match_pattern, who, summary, error);
}

/* --- the scanner ---------------------------------------------------------- */

static gboolean
scan_entry (Scan                *s,
            const PdAuditEntry  *e,
            GError             **error)
{
  const PdConfig *c = pd_engine_get_config (s->engine);
  g_autoptr(JsonObject) params = NULL;
  GError *local = NULL;
  PdUser *u;

  /* what the demo seed wrote in a user's name is not their use of the
   * system (no connection can claim that client: the server names it) */
  if (g_strcmp0 (e->client, PD_DEMO_CLIENT) == 0)
    return TRUE;
  u = scan_user (s, e->actor, &local);
  if (u == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return local == NULL;
    }
  params = pd_json_parse_object (e->params, strlen (e->params), NULL);
  if (params == NULL)
    params = json_object_new ();
  return (!pd_config_flag_rule_on (c, "self_search") || rule_self_search (s, u, e, params, error)) &&
         (!pd_config_flag_rule_on (c, "bulk") || rule_bulk (s, u, e, error)) &&
         (!pd_config_flag_rule_on (c, "off_shift") || rule_off_shift (s, u, e, error)) &&
         (!pd_config_flag_rule_on (c, "other_port") || rule_other_port (s, u, e, params, error)) &&
         (!pd_config_flag_rule_on (c, "no_match") || rule_no_match (s, u, e, error));
}

gboolean
pd_engine_flags_scan (PdEngine  *self,
                      PdCaller  *caller,
                      guint     *out_raised,
                      gint64    *out_last_seq,
                      GError   **error)
{
  g_autoptr(PdCaller) system = pd_caller_new_system ();
  guint total = 0;
  gint64 last = 0;

  if (caller->kind != PD_CALLER_SYSTEM && !_pd_engine_require_role (self, caller, ADMIN, "flags.scan", error))
    return FALSE;
  for (;;)
    {
      g_autoptr(GHashTable) users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, user_value_free);
      g_autoptr(GPtrArray) raised = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      g_autoptr(GPtrArray) batch = NULL;
      g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
      PdAuditFilter filter = { .limit = SCAN_BATCH };
      Scan s = { self, tx, system, users, raised };

      if (tx == NULL || !pd_store_flag_scan_last (tx, &last, error))
        return FALSE;
      filter.after_seq = last;
      if ((batch = pd_store_audit_query (tx, &filter, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < batch->len; i++)
        {
          const PdAuditEntry *e = batch->pdata[i];

          if (!scan_entry (&s, e, error))
            return FALSE;
          last = e->seq;
        }
      if (batch->len > 0 && !pd_store_flag_scan_set (tx, last, error))
        return FALSE;
      if (caller->kind != PD_CALLER_SYSTEM && batch->len < SCAN_BATCH)
        {
          g_autofree char *params = g_strdup_printf ("{\"raised\":%u,\"last_seq\":%" G_GINT64_FORMAT "}",
                                                     total + raised->len, last);

          if (!_pd_engine_audit_tx (self, tx, caller, "flags.scan", NULL, params, "ok", error))
            return FALSE;
        }
      if (!pd_store_commit (tx, error))
        return FALSE;
      total += raised->len;
      for (guint i = 0; i < raised->len; i++)
        pd_engine_emit_event (self, &tx, PD_EVENT_FLAG_RAISED, NULL, REVIEWERS, NULL, json_node_ref (raised->pdata[i]));
      if (batch->len < SCAN_BATCH)
        break;
    }
  if (out_raised != NULL)
    *out_raised = total;
  if (out_last_seq != NULL)
    *out_last_seq = last;
  return TRUE;
}

/* --- the review queue ------------------------------------------------------- */

static const char * const states[] = { "open", "cleared", "escalated", "suspended", NULL };

GPtrArray *
pd_engine_flag_list (PdEngine    *self,
                     PdCaller    *caller,
                     const char  *state,
                     const char  *rule,
                     const char  *username,
                     gint64       before,
                     guint        limit,
                     GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *params = _pd_params ("state", state, "rule", rule, "user", username, NULL);

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "flag.list", error))
    return NULL;
  if (state != NULL && !g_strv_contains (states, state))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Unknown state '%s' (open, cleared, escalated, suspended)",
                   state);
      return NULL;
    }
  if (rule != NULL && !g_strv_contains (pd_config_flag_rules, rule))
    {
      g_autofree char *known = g_strjoinv (", ", (GStrv) pd_config_flag_rules);

      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Unknown rule '%s' (%s)", rule, known);
      return NULL;
    }
  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_flag_list (tx, state, rule, username, before, limit, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "flag.list", NULL, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

JsonObject *
pd_engine_flag_get (PdEngine    *self,
                    PdCaller    *caller,
                    gint64       id,
                    GPtrArray  **out_entries,
                    GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) f = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *object = g_strdup_printf ("flag:%" G_GINT64_FORMAT, id);

  if (!_pd_engine_require_role (self, caller, REVIEWERS, "flag.show", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (f = pd_store_flag_get (tx, id, error)) == NULL ||
      (entries = pd_store_flag_entries (tx, id, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "flag.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  *out_entries = g_steal_pointer (&entries);
  return g_steal_pointer (&f);
}

/* Moves flag @id from one of @from to @to with @reason, audited as
 * @action; tells the reviewers. */
static JsonObject *
review (PdEngine            *self,
        PdCaller            *caller,
        guint                roles,
        const char          *action,
        gint64               id,
        const char * const  *from,
        const char          *to,
        const char          *reason,
        GError             **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) f = NULL;
  g_autofree char *object = g_strdup_printf ("flag:%" G_GINT64_FORMAT, id);
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *params = _pd_params ("reason", reason, NULL);
  const char *state;

  if (!_pd_engine_require_role (self, caller, roles, action, error) ||
      !pd_text_check ("reason", reason, 500, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (f = pd_store_flag_get (tx, id, error)) == NULL)
    return NULL;
  state = pd_json_str (f, "state");
  if (!g_strv_contains (from, state))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Flag %" G_GINT64_FORMAT " is %s", id, state);
      return NULL;
    }
  if (g_strcmp0 (pd_json_str (f, "user"), pd_caller_actor (caller)) == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Nobody may review a flag about themself");
      return NULL;
    }
  g_clear_pointer (&f, json_object_unref);
  if (!pd_store_flag_review (tx, id, to, reason, pd_caller_actor (caller), pd_engine_now (self), error) ||
      !_pd_engine_audit_tx (self, tx, caller, action, object, params, "ok", error) ||
      (f = pd_store_flag_get (tx, id, error)) == NULL ||
      !pd_store_commit (tx, error))
    return NULL;
  pd_engine_emit_event (self, &tx, PD_EVENT_FLAG_CHANGED, NULL, REVIEWERS, NULL,
                        _pd_params_node ("id", sid, "state", to, NULL));
  return g_steal_pointer (&f);
}

JsonObject *
pd_engine_flag_clear (PdEngine    *self,
                      PdCaller    *caller,
                      gint64       id,
                      const char  *reason,
                      GError     **error)
{
  /* an auditor clears an open flag; an admin declines a suspension request */
  static const char * const auditor_from[] = { "open", NULL };
  static const char * const admin_from[] = { "escalated", NULL };
  gboolean admin = pd_caller_role (caller) == PD_ROLE_ADMIN;

  return review (self, caller, REVIEWERS, "flag.clear", id, admin ? admin_from : auditor_from, "cleared", reason,
                 error);
}

JsonObject *
pd_engine_flag_escalate (PdEngine    *self,
                         PdCaller    *caller,
                         gint64       id,
                         const char  *reason,
                         GError     **error)
{
  static const char * const from[] = { "open", NULL };

  return review (self, caller, AUDITOR, "flag.escalate", id, from, "escalated", reason, error);
}

JsonObject *
pd_engine_flag_suspend (PdEngine    *self,
                        PdCaller    *caller,
                        gint64       id,
                        const char  *reason,
                        GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) f = NULL;
  g_autoptr(PdUser) user = NULL;
  g_autofree char *username = NULL;
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *object = g_strdup_printf ("flag:%" G_GINT64_FORMAT, id);
  g_autofree char *params = _pd_params ("reason", reason, NULL);

  if (!_pd_engine_require_role (self, caller, ADMIN, "flag.suspend", error) ||
      !pd_text_check ("reason", reason, 500, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (f = pd_store_flag_get (tx, id, error)) == NULL)
    return NULL;
  if (g_strcmp0 (pd_json_str (f, "state"), "escalated") != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Flag %" G_GINT64_FORMAT " is %s: only an auditor's request "
                   "(escalated) leads to a suspension here", id, pd_json_str (f, "state"));
      return NULL;
    }
  username = g_strdup (pd_json_str (f, "user"));
  g_clear_pointer (&tx, pd_store_tx_free);
  g_clear_pointer (&f, json_object_unref);
  /* the account's own disable, with the reason: audited there (user.suspend) */
  if ((user = pd_engine_user_set_disabled (self, caller, username, TRUE, reason, error)) == NULL ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      !pd_store_flag_resolve (tx, username, pd_caller_actor (caller), pd_engine_now (self), reason, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "flag.suspend", object, params, "ok", error) ||
      (f = pd_store_flag_get (tx, id, error)) == NULL ||
      !pd_store_commit (tx, error))
    return NULL;
  pd_engine_emit_event (self, &tx, PD_EVENT_FLAG_CHANGED, NULL, REVIEWERS, NULL,
                        _pd_params_node ("id", sid, "state", "suspended", NULL));
  return g_steal_pointer (&f);
}
