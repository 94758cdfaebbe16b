/* pd-engine-tvs.c: TVS manifests
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
#include "pd-store-face.h"

#define OFFICERS (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | PD_ROLE_BIT (PD_ROLE_ADMIN))
#define DAY_US   ((gint64) 86400 * G_USEC_PER_SEC)

#define WINDOW_US (24 * (gint64) 3600 * G_USEC_PER_SEC)   /* a gallery is built this long before departure */

char *
pd_tvs_gallery_name (gint64 flight_id)
{
  return g_strdup_printf ("flight:%" G_GINT64_FORMAT, flight_id);
}

static char *
traveller_subject (gint64 traveller_id,
                   guint  n)
{
  return g_strdup_printf ("T%08" G_GINT64_FORMAT ".%u", traveller_id, n);
}

/* --- galleries ------------------------------------------------------------------ */

/* After the commit, the store's lock still held by the caller's scope:
 * the galleries searched follow the store. */
static void
publish (PdEngine         *self,
         PdGalleryChanges *c)
{
  pd_gallery_changes_apply (c, pd_engine_face_get_galleries (self));
}

int
pd_tvs_age_on (const char *birth,
               const char *date)
{
  int by, bm, bd, y, m, d, age;

  if (birth == NULL || date == NULL || sscanf (birth, "%4d-%2d-%2d", &by, &bm, &bd) != 3 ||
      sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return -1;
  age = y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
  return age >= 0 ? age : -1;
}

static gboolean
same_name (const char *a,
           const char *b)
{
  return a != NULL && b != NULL && pd_name_distance (a, b) == 0;
}

/* The one holdings record of traveller @p: by travel document, else by
 * name and date of birth (@basis says which); NULL (no error) when none or
 * more than one. */
static PdHolding *
find_holding (PdStoreTx              *tx,
              const PdPaxTraveller   *p,
              const char            **basis,
              GError                **error)
{
  const PdPaxDocument *d = p->documents->len > 0 ? p->documents->pdata[0] : NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) given = NULL;
  int found = -1;

  if (d != NULL && d->number != NULL && d->issuing_country != NULL)
    {
      g_autofree char *number = g_ascii_strup (d->number, -1);

      rows = pd_store_holdings_by_document (tx, number, d->issuing_country, error);
      if (rows == NULL)
        return NULL;
      if (rows->len == 1)
        {
          *basis = "document";
          return g_ptr_array_steal_index (rows, 0);
        }
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  if (p->birth_date == NULL || (rows = pd_store_holdings_born (tx, p->birth_date, error)) == NULL)
    return NULL;
  given = g_strsplit (p->given_names != NULL ? p->given_names : "", " ", 2);
  for (guint i = 0; i < rows->len; i++)
    {
      PdHolding *h = rows->pdata[i];

      if (!same_name (h->last_name, p->surname) || !same_name (h->first_name, given[0]))
        continue;
      if (found != -1)
        return NULL;   /* two people: neither */
      found = i;
    }
  if (found == -1)
    return NULL;
  *basis = "name-dob";
  return g_ptr_array_steal_index (rows, found);
}

/* Builds flight @flight_id's gallery in @tx (its additions into @c). */
static gboolean
build_gallery (PdEngine   *self,
               PdStoreTx  *tx,
               gint64      flight_id,
               PdGalleryChanges *c,
               GError    **error)
{
  gint64 t0 = g_get_monotonic_time (), now = pd_clock_now (self->clock);
  g_autoptr(PdFlight) f = pd_store_tvs_flight (tx, flight_id, error);
  g_autoptr(GPtrArray) travellers = f != NULL ? pd_store_tvs_travellers (tx, flight_id, error) : NULL;
  g_autofree char *gallery = pd_tvs_gallery_name (flight_id);

  if (travellers == NULL)
    return FALSE;
  for (guint i = 0; i < travellers->len; i++)
    {
      PdTraveller *t = travellers->pdata[i];
      const PdPaxDocument *d = t->pax->documents->len > 0 ? t->pax->documents->pdata[0] : NULL;
      int age = pd_tvs_age_on (t->pax->birth_date, f->departure_date);
      const char *basis = NULL;
      g_autoptr(PdHolding) h = find_holding (tx, t->pax, &basis, error);
      guint copied = 0;

      if (h == NULL && error != NULL && *error != NULL)
        return FALSE;
      t->usc = g_strcmp0 (t->pax->nationality, "USA") == 0 || (d != NULL && g_strcmp0 (d->issuing_country, "USA") == 0) ||
               (h != NULL && g_strcmp0 (h->citizenship, "USA") == 0);
      t->holding_id = h != NULL ? h->id : 0;
      g_free (t->basis);
      t->basis = g_strdup (basis);
      if (age >= 14 && age <= 79 && h != NULL && h->n_photos > 0)
        {
          g_autoptr(PdHolding) full = pd_store_holding_get (tx, h->id, TRUE, error);

          if (full == NULL)
            return FALSE;
          for (guint n = 1; n <= full->photos->len; n++)
            {
              g_autofree char *from = pd_holding_subject (h->id, n), *subject = traveller_subject (t->id, n);
              g_autoptr(GError) local = NULL;
              float tmpl[PD_FACE_DESCRIPTOR_DIM];

              if (!pd_store_face_get (tx, PD_HOLDINGS_GALLERY, from, tmpl, &local))
                continue;   /* a photo without a template (synthetic records) */
              if (!pd_store_tvs_photo_put (tx, t, n, full->photos->pdata[n - 1], now, error) ||
                  !pd_store_face_put (tx, gallery, subject, tmpl, now,
                                      pd_gallery_changes_add (c, gallery, subject, tmpl), error))
                return FALSE;
              sodium_memzero (tmpl, sizeof tmpl);
              copied++;
            }
        }
      g_free (t->state);
      t->state = g_strdup (age < 14 || age > 79 ? "out-of-scope" : copied > 0 ? "gallery" : "biographic-only");
      if (!pd_store_tvs_set_traveller (tx, t, error))
        return FALSE;
    }
  return pd_store_tvs_set_gallery (tx, flight_id, now, (g_get_monotonic_time () - t0) / 1e3, error);
}

/* Whether flight @f's window is open at @now: it departs (or its day
 * starts, when the manifest gives no time) at most 24 h from now. */
static char *
window_end (gint64 now)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc ((now + WINDOW_US) / G_USEC_PER_SEC);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M");
}

static gboolean
window_open (const PdFlight *f,
             gint64          now)
{
  g_autofree char *end = window_end (now);

  return strcmp (f->departs != NULL ? f->departs : f->departure_date, end) <= 0;
}

gboolean
pd_engine_tvs_build_due (PdEngine  *self,
                         guint     *out_built,
                         GError   **error)
{
  g_autoptr(PdGalleryChanges) c = pd_gallery_changes_new ();
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GArray) due = NULL;
  g_autofree char *end = window_end (pd_clock_now (self->clock));

  if ((tx = pd_store_begin (self->store, error)) == NULL || (due = pd_store_tvs_flights_due (tx, end, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < due->len; i++)
    if (!build_gallery (self, tx, g_array_index (due, gint64, i), c, error))
      return FALSE;
  if (due->len > 0 && !pd_store_commit (tx, error))
    return FALSE;
  if (due->len > 0)
    {
      publish (self, c);
      g_info ("built the galleries of %u flights", due->len);
    }
  if (out_built != NULL)
    *out_built = due->len;
  return TRUE;
}

/* --- manifests ------------------------------------------------------------------- */

void
pd_manifest_receipt_clear (PdManifestReceipt *r)
{
  g_clear_pointer (&r->flights, g_ptr_array_unref);
  g_clear_pointer (&r->replaced, g_array_unref);
  g_clear_pointer (&r->waiting, g_ptr_array_unref);
  g_clear_pointer (&r->parsed, pd_paxlst_free);
}

/* A single message, or a part of a manifest split over several. */
static gboolean
is_part (const PdPaxMessage *m)
{
  return m->access != NULL && (m->marker == 'C' || m->part > 1);
}

/* The parts' texts read again as one interchange: the first message with
 * the travellers of all (every part repeats the flight). */
static PdPaxlst *
assemble (PdEngine   *self,
          const char *sender,
          GPtrArray  *texts)
{
  g_autoptr(GString) all = g_string_new (NULL);
  PdPaxlst *p;
  PdPaxMessage *first;

  g_string_append_printf (all, "UNB+UNOW:4+%s+PORTDESK+000101:0000+1'\n", sender);
  for (guint i = 0; i < texts->len; i++)
    g_string_append (all, texts->pdata[i]);
  g_string_append_printf (all, "UNZ+%u+1'\n", texts->len);
  p = pd_paxlst_parse (all->str, all->len, pd_clock_now (self->clock) / G_USEC_PER_SEC, NULL);
  if (p == NULL)
    return NULL;
  first = p->messages->pdata[0];
  for (guint i = 1; i < p->messages->len; i++)
    {
      PdPaxMessage *m = p->messages->pdata[i];

      while (m->travellers->len > 0)
        g_ptr_array_add (first->travellers, g_ptr_array_steal_index (m->travellers, 0));
    }
  g_ptr_array_set_size (p->messages, 1);
  return p;
}

/* Stores @m as its flight's manifest (a gallery replaced is dropped; one
 * whose window is open is built). */
static gboolean
store (PdEngine           *self,
       PdStoreTx          *tx,
       PdCaller           *caller,
       const PdPaxMessage *m,
       guint               warnings,
       PdManifestReceipt  *out,
       PdGalleryChanges   *c,
       GError            **error)
{
  const PdPaxLeg *leg = m->legs->pdata[0];
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (pd_clock_now (self->clock) / G_USEC_PER_SEC);
  g_autofree char *date = leg->departs != NULL ? g_strndup (leg->departs, 10) : g_date_time_format (today, "%Y-%m-%d");
  gint64 id, replaced, now = pd_clock_now (self->clock);
  gboolean was;
  PdFlight *f;

  if (!pd_store_tvs_put_manifest (tx, m, date, caller->apikey != NULL ? caller->apikey->key_id : NULL, warnings,
                                  now, &replaced, &id, error))
    return FALSE;
  if (replaced != 0)
    {
      g_autofree char *old = pd_tvs_gallery_name (replaced);

      pd_gallery_changes_drop (c, old);
      if (!pd_store_face_delete_gallery (tx, old, error))
        return FALSE;
    }
  f = pd_store_tvs_flight (tx, id, error);
  if (f == NULL)
    return FALSE;
  if (window_open (f, now))
    {
      pd_flight_free (f);
      if (!build_gallery (self, tx, id, c, error) || (f = pd_store_tvs_flight (tx, id, error)) == NULL)
        return FALSE;
    }
  was = replaced != 0;
  g_ptr_array_add (out->flights, f);
  g_array_append_val (out->replaced, was);
  return TRUE;
}

gboolean
pd_engine_manifest_receive (PdEngine           *self,
                            PdCaller           *caller,
                            const char         *data,
                            gsize               len,
                            PdManifestReceipt  *out,
                            GError            **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GString) flights = g_string_new (NULL);
  g_autofree char *params = NULL, *n_warnings = NULL;
  g_autoptr(PdGalleryChanges) c = pd_gallery_changes_new ();
  PdPaxlst *p;

  memset (out, 0, sizeof *out);
  if (caller->kind != PD_CALLER_APIKEY || caller->apikey->kind != PD_PRINCIPAL_AIRLINE ||
      !pd_apikey_has_scope (caller->apikey, "tvs"))
    {
      pd_engine_audit (self, caller, "manifest.receive", NULL, NULL, "denied", NULL);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Manifests come from airlines' API keys with the "
                           "'tvs' scope");
      return FALSE;
    }
  p = out->parsed = pd_paxlst_parse (data, len, pd_clock_now (self->clock) / G_USEC_PER_SEC, error);
  if (p == NULL)
    return FALSE;
  out->flights = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_flight_free);
  out->replaced = g_array_new (FALSE, FALSE, sizeof (gboolean));
  out->waiting = g_ptr_array_new_with_free_func (g_free);
  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    return FALSE;
  for (guint i = 0; i < p->messages->len; i++)
    {
      PdPaxMessage *m = p->messages->pdata[i];
      const char *sender = m->sender != NULL ? m->sender : "";

      if (m->legs->len == 0)
        {
          PdPaxWarning *w = g_new0 (PdPaxWarning, 1);

          w->text = g_strdup_printf ("message %s names no flight (TDT): not stored", m->reference);
          g_ptr_array_add (p->warnings, w);
          continue;
        }
      if (is_part (m))
        {
          g_autoptr(GPtrArray) texts = NULL;
          g_autoptr(PdPaxlst) whole = NULL;

          if (!pd_store_tvs_put_part (tx, sender, m->access, MAX (m->part, 1u), m->marker == 'F', m->text,
                                      pd_clock_now (self->clock), error) ||
              (texts = pd_store_tvs_complete_parts (tx, sender, m->access, error)) == NULL)
            return FALSE;
          if (texts->len == 0)
            {
              if (!g_ptr_array_find_with_equal_func (out->waiting, m->access, g_str_equal, NULL))
                g_ptr_array_add (out->waiting, g_strdup (m->access));
              continue;
            }
          whole = assemble (self, sender, texts);
          if (whole == NULL || ((PdPaxMessage *) whole->messages->pdata[0])->legs->len == 0)
            {
              g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "The parts of %s do not make a manifest", m->access);
              return FALSE;
            }
          if (!store (self, tx, caller, whole->messages->pdata[0], p->warnings->len, out, c, error) ||
              !pd_store_tvs_drop_parts (tx, sender, m->access, error))
            return FALSE;
          for (guint k = 0; k < out->waiting->len; k++)
            if (g_str_equal (out->waiting->pdata[k], m->access))
              g_ptr_array_remove_index (out->waiting, k--);
          continue;
        }
      if (!store (self, tx, caller, m, p->warnings->len, out, c, error))
        return FALSE;
    }
  for (guint i = 0; i < out->flights->len; i++)
    {
      PdFlight *f = out->flights->pdata[i];

      g_string_append_printf (flights, "%s%s %s %s (%" G_GINT64_FORMAT ")", i > 0 ? ", " : "", f->flight,
                              f->departure_date, f->kind, f->travellers);
    }
  n_warnings = g_strdup_printf ("%u", p->warnings->len);
  params = _pd_params ("flights", flights->str, "warnings", n_warnings, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "manifest.receive", NULL, params,
                            out->flights->len > 0 ? "stored" : "waiting", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  publish (self, c);
  return TRUE;
}

const char *
pd_tvs_officer_port (PdCaller *caller)
{
  return pd_caller_role (caller) != PD_ROLE_ADMIN ? pd_caller_port (caller) : NULL;
}

GPtrArray *
pd_engine_flights (PdEngine  *self,
                   PdCaller  *caller,
                   GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_require_role (self, caller, OFFICERS, "flight.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_tvs_flights (tx, pd_tvs_officer_port (caller), error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "flight.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

PdFlight *
pd_engine_flight (PdEngine    *self,
                  PdCaller    *caller,
                  gint64       id,
                  GPtrArray  **out_travellers,
                  GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdFlight) f = NULL;
  g_autoptr(GPtrArray) travellers = NULL;
  g_autofree char *object = g_strdup_printf ("flight:%" G_GINT64_FORMAT, id);
  const char *port;

  if (!_pd_engine_require_role (self, caller, OFFICERS, "flight.show", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL || (f = pd_store_tvs_flight (tx, id, error)) == NULL)
    return NULL;
  port = pd_tvs_officer_port (caller);
  if (port != NULL && g_strcmp0 (f->departure, port) != 0 && g_strcmp0 (f->arrival, port) != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no flight %" G_GINT64_FORMAT " at %s", id, port);
      return NULL;
    }
  if ((travellers = pd_store_tvs_travellers (tx, id, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "flight.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  *out_travellers = g_steal_pointer (&travellers);
  return g_steal_pointer (&f);
}

/* --- retention ------------------------------------------------------------------ */

static gboolean
purge_manifests (PdEngine                *engine,
                 PdStoreTx               *tx,
                 gint64                   now,
                 const PdRetentionPolicy *policy,
                 GArray                  *out_ids,
                 GError                 **error)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc ((now - policy->period_us) / G_USEC_PER_SEC);
  g_autofree char *date = g_date_time_format (t, "%Y-%m-%d");
  g_autoptr(GArray) ids = pd_store_tvs_flights_before (tx, date, error);

  if (ids == NULL || !pd_store_tvs_delete_flights (tx, ids, error))
    return FALSE;
  g_array_append_vals (out_ids, ids->data, ids->len);
  return TRUE;
}

static gboolean
purge_parts (PdEngine                *engine,
             PdStoreTx               *tx,
             gint64                   now,
             const PdRetentionPolicy *policy,
             GArray                  *out_ids,
             GError                 **error)
{
  g_autoptr(GArray) ids = pd_store_tvs_parts_before (tx, now - policy->period_us, error);

  return pd_retention_purge_ids (tx, "tvs_parts", ids, out_ids, error);
}

/* Deletes the gallery photos @refs and their templates. */
static gboolean
purge_photo_refs (PdEngine   *engine,
                  PdStoreTx  *tx,
                  GArray     *refs,
                  GArray     *out_ids,
                  GError    **error)
{
  PdGalleries *galleries = pd_engine_face_get_galleries (engine);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < refs->len; i++)
    {
      PdGalleryPhotoRef *r = &g_array_index (refs, PdGalleryPhotoRef, i);
      g_autofree char *gallery = pd_tvs_gallery_name (r->flight_id), *subject = traveller_subject (r->traveller_id, r->n);
      g_autoptr(GError) local = NULL;

      if (!pd_store_face_delete (tx, gallery, subject, &local) && !g_error_matches (local, PD_ERROR, PD_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* the search stops finding it now; were the commit to fail, the
       * template would only come back with the next start */
      if (galleries != NULL)
        pd_galleries_remove (galleries, gallery, subject);
      g_array_append_val (ids, r->id);
    }
  return pd_retention_purge_ids (tx, "tvs_gallery_photos", ids, out_ids, error);
}

static gboolean
purge_usc_photos (PdEngine                *engine,
                  PdStoreTx               *tx,
                  gint64                   now,
                  const PdRetentionPolicy *policy,
                  GArray                  *out_ids,
                  GError                 **error)
{
  g_autoptr(GArray) refs = pd_store_tvs_photos_purgeable (tx, TRUE, now - policy->period_us, error);

  return refs != NULL && purge_photo_refs (engine, tx, refs, out_ids, error);
}

static gboolean
purge_other_photos (PdEngine                *engine,
                    PdStoreTx               *tx,
                    gint64                   now,
                    const PdRetentionPolicy *policy,
                    GArray                  *out_ids,
                    GError                 **error)
{
  g_autoptr(GArray) refs = pd_store_tvs_photos_purgeable (tx, FALSE, now - policy->period_us, error);
  g_autoptr(GArray) captures = refs != NULL ? pd_store_tvs_captures_before (tx, now - policy->period_us, error) : NULL;

  if (captures == NULL || !purge_photo_refs (engine, tx, refs, out_ids, error))
    return FALSE;
  for (guint i = 0; i < captures->len; i++)
    if (!pd_store_tvs_capture_drop (tx, g_array_index (captures, gint64, i), error))
      return FALSE;
  g_array_append_vals (out_ids, captures->data, captures->len);
  return TRUE;
}

static const PdRetentionPolicy policies[] = {
  { "tvs.photos.usc", "Photos of U.S. citizens in galleries and captures",
    "Captures dropped as soon as citizenship is confirmed (never stored); gallery photos and templates purged when "
    "the flight closes, and never kept longer than 12 h",
    PD_RETENTION_PURGE, 12 * (gint64) 3600 * G_USEC_PER_SEC, purge_usc_photos,
    "SELECT count(*) FROM tvs_gallery_photos WHERE usc = 1", NULL, "tvs_gallery_photos face_templates" },
  { "tvs.photos.other", "Photos of other travelers in galleries and captures",
    "Deleted after 14 days",
    PD_RETENTION_PURGE, 14 * DAY_US, purge_other_photos,
    "SELECT (SELECT count(*) FROM tvs_gallery_photos WHERE usc = 0) + (SELECT count(*) FROM tvs_captures)", NULL,
    "tvs_gallery_photos face_templates tvs_captures" },
  { "tvs.manifests", "TVS manifests (travellers and their documents)",
    "Kept 14 days after the flight's departure date, like other travellers' photos",
    PD_RETENTION_PURGE, 14 * DAY_US, purge_manifests, "SELECT count(*) FROM tvs_flights", NULL, "tvs_gallery_photos" },
  { "tvs.parts", "Parts of a manifest split over several messages",
    "Deleted 24 h after receipt when the manifest never completed",
    PD_RETENTION_PURGE, DAY_US, purge_parts, "SELECT count(*) FROM tvs_parts",
    "SELECT min(received_at) + ?1 FROM tvs_parts" },
};

const PdRetentionPolicy *
pd_engine_tvs_retention (guint *n)
{
  *n = G_N_ELEMENTS (policies);
  return policies;
}
