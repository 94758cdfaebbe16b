/* pd-engine-gate.c: TVS gate devices, their captures, and the alerts
 * officers dispose of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-tvs"

#include <string.h>

#include <sodium.h>

#include "pd-engine-private.h"
#include "pd-engine-tsa.h"
#include "pd-engine-tvs.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-events.h"

#define ADMIN    PD_ROLE_BIT (PD_ROLE_ADMIN)
#define OFFICERS (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | ADMIN)
#define ALERTED  (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR))
#define MAX_ALERTS 500

static const char * const modes[] = { "gate", "terminal", "lane", "vehicle", NULL };
static const char * const dispositions[] = { "confirmed", "false-match", "biographic", "referred", NULL };

void
pd_gate_result_clear (PdGateResult *r)
{
  sodium_memzero (r->capture.tmpl, sizeof r->capture.tmpl);
  pd_face_capture_clear (&r->capture);
}

static gboolean
is_gate_key (const PdApiKey *key)
{
  return key->kind == PD_PRINCIPAL_GATE_DEVICE || key->kind == PD_PRINCIPAL_AIRLINE;
}

PdGate *
pd_engine_gate_register (PdEngine    *self,
                         PdCaller    *caller,
                         const char  *key_id,
                         const char  *mode,
                         const char  *terminal,
                         const char  *gate,
                         GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdApiKey) key = NULL;
  g_autoptr(PdGate) g = g_new0 (PdGate, 1);
  g_autofree char *params = NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, "gate.register", error))
    return NULL;
  if (mode == NULL)
    mode = "gate";
  if (!g_strv_contains (modes, mode))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "mode: '%s' is not gate, terminal, lane or vehicle", mode);
      return NULL;
    }
  if (!pd_text_check ("terminal", terminal, 32, error) || !pd_text_check ("gate", gate, 32, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (key = pd_store_apikey_lookup (tx, key_id != NULL ? key_id : "", NULL, error)) == NULL)
    return NULL;
  if (key->revoked_at != 0 || !is_gate_key (key) || key->port == NULL || !pd_apikey_has_scope (key, "tvs"))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Key %s is not a live gate_device or airline key with a port "
                   "and the 'tvs' scope", key->key_id);
      return NULL;
    }
  g->key_id = g_strdup (key->key_id);
  g->port = g_strdup (key->port);
  g->mode = g_strdup (mode);
  g->terminal = g_strdup (terminal);
  g->gate = g_strdup (gate);
  g->registered_at = pd_clock_now (self->clock);
  params = _pd_params ("port", g->port, "mode", mode, "terminal", terminal, "gate", gate, NULL);
  if (!pd_store_tvs_gate_put (tx, g, error) ||
      !_pd_engine_audit_tx (self, tx, caller, "gate.register", key->key_id, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&g);
}

GPtrArray *
pd_engine_gates (PdEngine  *self,
                 PdCaller  *caller,
                 GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_require_role (self, caller, OFFICERS, "gate.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_tvs_gates (tx, pd_tvs_officer_port (caller), error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "gate.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* The caller's gate (a registered device), seen now; NULL with FORBIDDEN. */
static PdGate *
device_gate (PdEngine    *self,
             PdStoreTx   *tx,
             PdCaller    *caller,
             const char  *action,
             GError     **error)
{
  g_autoptr(GError) local = NULL;
  PdGate *g;

  if (caller->kind != PD_CALLER_APIKEY || !is_gate_key (caller->apikey) || !pd_apikey_has_scope (caller->apikey, "tvs"))
    {
      pd_engine_audit (self, caller, action, NULL, NULL, "denied", NULL);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Gate captures come from gate devices' API keys "
                           "with the 'tvs' scope");
      return NULL;
    }
  g = pd_store_tvs_gate_get (tx, caller->apikey->key_id, &local);
  if (g == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Device %s is not registered to a gate; an administrator "
                   "registers it (portdeskctl gate register)", caller->apikey->key_id);
      return NULL;
    }
  if (!pd_store_tvs_gate_seen (tx, g->key_id, pd_clock_now (self->clock), NULL, error))
    {
      pd_gate_free (g);
      return NULL;
    }
  return g;
}

static gboolean
check_flight (const char  *flight,
              const char  *date,
              GError     **error)
{
  int y, m, d;

  if (flight == NULL || strlen (flight) < 3 || strlen (flight) > 8 ||
      strspn (flight, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen (flight))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "flight: '%s' is not a flight designator (UA123)",
                   flight != NULL ? flight : "");
      return FALSE;
    }
  if (date == NULL || strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "date: '%s' is not a date (YYYY-MM-DD)",
                   date != NULL ? date : "");
      return FALSE;
    }
  return TRUE;
}

/* The flight rows of @flight on @date leaving @g's port; NOT_FOUND when none. */
static GArray *
gate_flight (PdStoreTx     *tx,
             const PdGate  *g,
             const char    *flight,
             const char    *date,
             GError       **error)
{
  g_autoptr(GArray) ids = pd_store_tvs_flight_find (tx, flight, date, g->port, error);

  if (ids != NULL && ids->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No manifest of flight %s on %s leaving %s", flight, date,
                   g->port);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Whether one of the flight rows @ids has its gallery (FALSE and no error
 * when none has). */
static gboolean
has_gallery (PdStoreTx  *tx,
             GArray     *ids,
             GError    **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PdFlight) f = pd_store_tvs_flight (tx, g_array_index (ids, gint64, i), error);

      if (f == NULL)
        return FALSE;
      if (f->gallery_at != 0)
        return TRUE;
    }
  return FALSE;
}

/* FALSE, and unless @error is set already: the flight has no gallery. */
static gboolean
no_gallery (const char  *flight,
            const char  *date,
            GError     **error)
{
  if (error != NULL && *error == NULL)
    g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Flight %s on %s has no gallery yet: it is built 24 hours "
                 "before departure. Confirm travellers biographically until then.", flight, date);
  return FALSE;
}

static PdEncounter *
new_encounter (PdEngine      *self,
               const PdGate  *g,
               const char    *flight,
               const char    *date,
               gint64         flight_id,
               const char    *outcome)
{
  PdEncounter *e = g_new0 (PdEncounter, 1);

  e->created_at = pd_clock_now (self->clock);
  e->flight_id = flight_id;
  e->flight = g_strdup (flight);
  e->departure_date = g_strdup (date);
  e->key_id = g_strdup (g->key_id);
  e->port = g_strdup (g->port);
  e->mode = g_strdup (g->mode);
  e->terminal = g_strdup (g->terminal);
  e->gate = g_strdup (g->gate);
  e->outcome = g_strdup (outcome);
  return e;
}

/* Records @e (with @capture when kept) and an alert of @kind (NULL: none),
 * audits, commits, and tells the port's officers. */
static gboolean
finish (PdEngine      *self,
        PdStoreTx    **tx,
        PdCaller      *caller,
        const char    *action,
        PdEncounter   *e,
        GBytes        *capture,
        const char    *kind,
        const char    *watch,
        PdGateResult  *out,
        GError       **error)
{
  g_autoptr(PdAlert) a = NULL;
  g_autofree char *object = g_strdup_printf ("flight:%" G_GINT64_FORMAT, e->flight_id);
  g_autofree char *params = NULL, *id = NULL;

  if (!pd_store_tvs_encounter_insert (*tx, e, capture, error))
    return FALSE;
  out->encounter = e->id;
  if (kind != NULL)
    {
      a = g_new0 (PdAlert, 1);
      a->created_at = e->created_at;
      a->port = g_strdup (e->port);
      a->kind = g_strdup (kind);
      a->encounter = e;
      if (!pd_store_tvs_alert_insert (*tx, a, error))
        {
          a->encounter = NULL;
          return FALSE;
        }
      a->encounter = NULL;   /* the caller's */
      out->alert = a->id;
    }
  id = g_strdup_printf ("%" G_GINT64_FORMAT, e->id);
  /* never the capture, never who matched */
  params = _pd_params ("encounter", id, "gate", e->gate, "alert", kind, "watchlist", watch, NULL);
  if (!_pd_engine_audit_tx (self, *tx, caller, action, object, params, e->outcome, error) ||
      !pd_store_commit (*tx, error))
    return FALSE;
  if (a != NULL)
    {
      g_autofree char *alert = g_strdup_printf ("%" G_GINT64_FORMAT, a->id);

      pd_engine_emit_event (self, tx, PD_EVENT_TVS_ALERT, e->port, ALERTED, NULL,
                            _pd_params_node ("alert", alert, "kind", kind, "flight", e->flight, "terminal", e->terminal,
                                             "gate", e->gate, "mode", e->mode, NULL));
    }
  return TRUE;
}

gboolean
pd_engine_gate_capture (PdEngine           *self,
                        PdCaller           *caller,
                        const char         *flight,
                        const char         *date,
                        const PdFaceImage  *photo,
                        GBytes             *bytes,
                        PdGateResult       *out,
                        GError            **error)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (PdGalleryHit));
  g_autoptr(GArray) watched = g_array_new (FALSE, FALSE, sizeof (PdGalleryHit));
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdGate) g = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(PdEncounter) e = NULL;
  g_autoptr(PdTraveller) t = NULL;
  g_autoptr(PdHolding) h = NULL;
  PdGalleries *galleries = pd_engine_face_get_galleries (self);
  const PdFaceThreshold *op = pd_engine_face_operating_point (self->config->tvs_fmr);
  gint64 t0 = g_get_monotonic_time (), flight_id = 0, outage = 0;
  const char *kind = NULL, *watch = NULL;
  gboolean keep = FALSE;

  memset (out, 0, sizeof *out);
  g_array_set_clear_func (hits, (GDestroyNotify) pd_gallery_hit_clear);
  g_array_set_clear_func (watched, (GDestroyNotify) pd_gallery_hit_clear);
  if (!check_flight (flight, date, error) || !pd_engine_tvs_build_due (self, NULL, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL || !pd_store_tvs_outage_get (tx, &outage, NULL, error))
    return FALSE;
  if (outage == 0)
    {
      /* the photo is analysed outside the store's lock, for a search of
       * the flight's galleries (the device and the flight checked first) */
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      if ((g = device_gate (self, tx, caller, "gate.capture", error)) == NULL ||
          (ids = gate_flight (tx, g, flight, date, error)) == NULL || !has_gallery (tx, ids, error))
        return no_gallery (flight, date, error);
      g_clear_pointer (&tx, pd_store_tx_free);
      for (guint i = 0; i < ids->len; i++)
        g_ptr_array_add (names, pd_tvs_gallery_name (g_array_index (ids, gint64, i)));
      g_ptr_array_add (names, g_strdup (PD_WATCHLIST_GALLERY));
      g_ptr_array_add (names, NULL);
      if (!pd_engine_face_capture_for (self, photo, (const char * const *) names->pdata, op->similarity,
                                       &out->capture, error))
        return FALSE;
      g_clear_pointer (&g, pd_gate_free);
      g_clear_pointer (&ids, g_array_unref);
    }
  g_clear_pointer (&tx, pd_store_tx_free);
  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      (g = device_gate (self, tx, caller, "gate.capture", error)) == NULL ||
      (ids = gate_flight (tx, g, flight, date, error)) == NULL)
    return FALSE;
  flight_id = g_array_index (ids, gint64, 0);
  if (outage != 0)
    {
      /* matching is down: every traveller is confirmed by an officer */
      out->outcome = "outage";
      out->action = "wait";
      out->response_ms = (g_get_monotonic_time () - t0) / 1e3;
      e = new_encounter (self, g, flight, date, flight_id, out->outcome);
      e->response_ms = out->response_ms;
      return finish (self, &tx, caller, "gate.capture", e, NULL, NULL, NULL, out, error);
    }
  if (!has_gallery (tx, ids, error))
    return no_gallery (flight, date, error);
  /* every row of the flight (passengers, crew): the best hit of all */
  for (guint i = 0; out->capture.usable && galleries != NULL && i < ids->len; i++)
    {
      g_autofree char *name = pd_tvs_gallery_name (g_array_index (ids, gint64, i));
      g_autoptr(GArray) some = g_array_new (FALSE, FALSE, sizeof (PdGalleryHit));

      g_array_set_clear_func (some, (GDestroyNotify) pd_gallery_hit_clear);
      if (pd_galleries_search (galleries, name, out->capture.tmpl, 1, op->similarity, some) && some->len > 0 &&
          (hits->len == 0 || g_array_index (some, PdGalleryHit, 0).similarity >
                             g_array_index (hits, PdGalleryHit, 0).similarity))
        {
          g_array_set_size (hits, 0);
          g_array_append_val (hits, g_array_index (some, PdGalleryHit, 0));
          g_array_set_clear_func (some, NULL);   /* the subject moved to @hits */
          flight_id = g_array_index (ids, gint64, i);
        }
    }
  if (hits->len > 0)
    {
      const char *subject = g_array_index (hits, PdGalleryHit, 0).subject;

      t = pd_store_tvs_traveller (tx, g_ascii_strtoll (subject + 1, NULL, 10), error);
      if (t == NULL)
        return FALSE;
      if (t->holding_id != 0 && (h = pd_store_holding_get (tx, t->holding_id, FALSE, NULL)) == NULL)
        g_debug ("traveller %" G_GINT64_FORMAT "'s record has gone", t->id);
    }
  /* the watch list, searched with every capture: an entry a passenger
   * analyst validated alerts, and the traveller waits for an officer */
  if (out->capture.usable && galleries != NULL &&
      pd_galleries_search (galleries, PD_WATCHLIST_GALLERY, out->capture.tmpl, 1, op->similarity, watched) &&
      watched->len > 0)
    {
      const char *subject = g_array_index (watched, PdGalleryHit, 0).subject;
      g_autofree char *record = g_strndup (subject, strcspn (subject, "."));
      g_auto(PdWatchValidation) v = { 0 };

      if (!pd_store_tvs_watch_get (tx, pd_holding_id_from_record (record), &v, error))
        return FALSE;
      watch = v.validated_by != 0 ? "validated" : "not-validated";
    }
  if (!out->capture.usable)
    {
      out->outcome = "recapture";
      out->action = "recapture";
    }
  else if (g_strcmp0 (watch, "validated") == 0)
    {
      out->outcome = "watch-list";   /* manual review until an officer decides */
      out->action = "wait";
      kind = "watch-list";
      keep = TRUE;
    }
  else if (t != NULL && t->usc)
    {
      out->outcome = "usc";          /* a U.S. citizen: the capture is dropped now */
      out->action = "proceed";
    }
  else if (t != NULL)
    {
      out->outcome = "crossing";     /* a biometrically confirmed crossing */
      keep = TRUE;
      if (h != NULL && !h->lawful_entry)
        kind = "ewi";                /* leaving with no lawful entry on record */
      out->action = kind != NULL ? "wait" : "proceed";
    }
  else
    {
      out->outcome = "no-match";
      out->action = "wait";
      kind = "no-match";
      keep = TRUE;
    }
  out->response_ms = (g_get_monotonic_time () - t0) / 1e3;
  e = new_encounter (self, g, flight, date, flight_id, out->outcome);
  e->traveller_id = t != NULL ? t->id : 0;
  e->similarity = hits->len > 0 ? g_array_index (hits, PdGalleryHit, 0).similarity : 0;
  e->response_ms = out->response_ms;
  return finish (self, &tx, caller, "gate.capture", e, keep ? bytes : NULL, kind, watch, out, error);
}

gboolean
pd_engine_gate_opt_out (PdEngine      *self,
                        PdCaller      *caller,
                        const char    *flight,
                        const char    *date,
                        PdGateResult  *out,
                        GError       **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdGate) g = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(PdEncounter) e = NULL;

  memset (out, 0, sizeof *out);
  if (!check_flight (flight, date, error) || (tx = pd_store_begin (self->store, error)) == NULL ||
      (g = device_gate (self, tx, caller, "gate.opt_out", error)) == NULL ||
      (ids = gate_flight (tx, g, flight, date, error)) == NULL)
    return FALSE;
  out->outcome = "opt-out";
  out->action = "wait";
  out->response_ms = -1;
  e = new_encounter (self, g, flight, date, g_array_index (ids, gint64, 0), out->outcome);
  e->response_ms = -1;
  return finish (self, &tx, caller, "gate.opt_out", e, NULL, "opt-out", NULL, out, error);
}

gboolean
pd_engine_gate_close (PdEngine    *self,
                      PdCaller    *caller,
                      const char  *flight,
                      const char  *date,
                      GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdGate) g = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *object = NULL;
  gint64 now = pd_clock_now (self->clock);

  if (!check_flight (flight, date, error) || (tx = pd_store_begin (self->store, error)) == NULL ||
      (g = device_gate (self, tx, caller, "gate.close", error)) == NULL ||
      (ids = gate_flight (tx, g, flight, date, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!pd_store_tvs_close_flight (tx, g_array_index (ids, gint64, i), now, error))
      return FALSE;
  object = g_strdup_printf ("flight:%" G_GINT64_FORMAT, g_array_index (ids, gint64, 0));
  return _pd_engine_audit_tx (self, tx, caller, "gate.close", object, NULL, "ok", error) &&
         pd_store_commit (tx, error);
}

gboolean
pd_engine_gate_health (PdEngine    *self,
                       PdCaller    *caller,
                       const char  *health,
                       GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdGate) g = NULL;

  if (!pd_text_check ("status", health, 200, error) || (tx = pd_store_begin (self->store, error)) == NULL ||
      (g = device_gate (self, tx, caller, "gate.health", error)) == NULL)
    return FALSE;
  return pd_store_tvs_gate_seen (tx, g->key_id, pd_clock_now (self->clock), health, error) &&
         pd_store_commit (tx, error);
}

/* --- outage mode ------------------------------------------------------------------ */

gboolean
pd_engine_tvs_outage_set (PdEngine    *self,
                          PdCaller    *caller,
                          const char  *reason,
                          GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL;
  const char *action = reason != NULL ? "tvs.outage.declare" : "tvs.outage.end";

  if (!_pd_engine_require_role (self, caller, ADMIN, action, error))
    return FALSE;
  if (reason != NULL && (strspn (reason, " \t\r\n") == strlen (reason) || strlen (reason) > 500))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "reason: say why matching is down, in at most 500 "
                           "characters");
      return FALSE;
    }
  params = _pd_params ("reason", reason, NULL);
  return (tx = pd_store_begin (self->store, error)) != NULL &&
         pd_store_tvs_outage_set (tx, pd_clock_now (self->clock), reason,
                                  caller->kind == PD_CALLER_SESSION ? caller->session->user->id : 0, error) &&
         _pd_engine_audit_tx (self, tx, caller, action, NULL, params, "ok", error) && pd_store_commit (tx, error);
}

gboolean
pd_engine_tvs_outage_get (PdEngine    *self,
                          PdCaller    *caller,
                          gint64      *since,
                          char       **reason,
                          GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;

  return _pd_engine_require_role (self, caller, OFFICERS, "tvs.outage.show", error) &&
         (tx = pd_store_begin (self->store, error)) != NULL &&
         pd_store_tvs_outage_get (tx, since, reason, error) &&
         _pd_engine_audit_tx (self, tx, caller, "tvs.outage.show", NULL, NULL, "ok", error) &&
         pd_store_commit (tx, error);
}

/* --- alerts ---------------------------------------------------------------------- */

GPtrArray *
pd_engine_alerts (PdEngine  *self,
                  PdCaller  *caller,
                  gboolean   open,
                  GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_require_entitled (self, caller, OFFICERS, "face", "alert.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_tvs_alerts (tx, pd_tvs_officer_port (caller), open, MAX_ALERTS, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "alert.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* Alert @id if the caller's port has it; NOT_FOUND otherwise. */
static PdAlert *
port_alert (PdStoreTx  *tx,
            PdCaller   *caller,
            gint64      id,
            GError    **error)
{
  PdAlert *a = pd_store_tvs_alert_get (tx, id, error);
  const char *port = pd_tvs_officer_port (caller);

  if (a != NULL && port != NULL && g_strcmp0 (a->port, port) != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no alert %" G_GINT64_FORMAT " at %s", id, port);
      g_clear_pointer (&a, pd_alert_free);
    }
  return a;
}

PdAlert *
pd_engine_alert (PdEngine      *self,
                 PdCaller      *caller,
                 gint64         id,
                 GBytes       **out_capture,
                 GBytes       **out_gallery_photo,
                 PdTraveller  **out_traveller,
                 GError       **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdAlert) a = NULL;
  g_autoptr(GBytes) capture = NULL, photo = NULL;
  g_autoptr(PdTraveller) t = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *object = g_strdup_printf ("alert:%" G_GINT64_FORMAT, id);
  gint64 traveller;

  if (!_pd_engine_require_entitled (self, caller, OFFICERS, "face", "alert.show", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL || (a = port_alert (tx, caller, id, error)) == NULL)
    return NULL;
  traveller = a->encounter->traveller_id;
  if ((a->disposition == NULL && (capture = pd_store_tvs_capture_get (tx, a->encounter->id, &local)) == NULL &&
       local != NULL) ||
      (traveller != 0 && (photo = pd_store_tvs_photo_get (tx, traveller, &local)) == NULL && local != NULL) ||
      (traveller != 0 && (t = pd_store_tvs_traveller (tx, traveller, &local)) == NULL))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!_pd_engine_audit_tx (self, tx, caller, "alert.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  *out_capture = g_steal_pointer (&capture);
  *out_gallery_photo = g_steal_pointer (&photo);
  *out_traveller = g_steal_pointer (&t);
  return g_steal_pointer (&a);
}

gboolean
pd_engine_alert_dispose (PdEngine    *self,
                         PdCaller    *caller,
                         gint64       id,
                         const char  *disposition,
                         const char  *reason,
                         gboolean     us_citizen,
                         GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdAlert) a = NULL;
  g_autofree char *object = g_strdup_printf ("alert:%" G_GINT64_FORMAT, id), *params = NULL;

  if (!_pd_engine_require_entitled (self, caller, ALERTED, "face", "alert.dispose", error))
    return FALSE;
  if (disposition == NULL || !g_strv_contains (dispositions, disposition))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "disposition: '%s' is not confirmed, false-match, biographic "
                   "(document checked) or referred", disposition != NULL ? disposition : "");
      return FALSE;
    }
  if (reason == NULL || strspn (reason, " \t\r\n") == strlen (reason))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "reason: say why (an alert's disposition is kept with "
                           "its reason)");
      return FALSE;
    }
  if (!pd_text_check ("reason", reason, 500, error) || (tx = pd_store_begin (self->store, error)) == NULL ||
      (a = port_alert (tx, caller, id, error)) == NULL)
    return FALSE;
  if (a->disposition != NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Alert %" G_GINT64_FORMAT " has already been disposed of "
                   "(%s)", id, a->disposition);
      return FALSE;
    }
  a->disposition = g_strdup (disposition);
  a->reason = g_strdup (reason);
  a->disposed_by = caller->session->user->id;
  a->disposed_at = pd_clock_now (self->clock);
  /* a U.S. citizen's capture goes as soon as citizenship is confirmed */
  if (!pd_store_tvs_alert_dispose (tx, a, error) ||
      (us_citizen && !pd_store_tvs_capture_drop (tx, a->encounter->id, error)))
    return FALSE;
  params = _pd_params ("disposition", disposition, "reason", reason, "us_citizen", us_citizen ? "yes" : NULL, NULL);
  return _pd_engine_audit_tx (self, tx, caller, "alert.dispose", object, params, "ok", error) &&
         pd_store_commit (tx, error);
}
