/* pd-engine-lpr.c: LPR reads as they arrive, the alerts they raise, and retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine"

#include <string.h>

#include "pd-clock.h"
#include "pd-csv.h"
#include "pd-engine-lpr.h"
#include "pd-engine-private.h"
#include "pd-error.h"
#include "pd-events.h"
#include "pd-json.h"

#define ANALYSTS      PD_ROLE_BIT (PD_ROLE_LPR_ANALYST)
#define FIVE_YEARS    ((gint64) (5 * 365 + 1) * PD_USEC_PER_DAY)
#define MAX_ALERTS    1000
#define MAX_ERRORS    20

/* The display items that reads are checked against, by plate key; made
 * when first needed and forgotten when items change.  Only touched inside
 * a store transaction, which the store's lock serialises. */
struct _PdEngineLpr
{
  GPtrArray  *items;    /* PdLprItem */
  GHashTable *by_key;   /* plate_key -> GPtrArray of PdLprItem (unowned) */
};

void
_pd_engine_lpr_free (PdEngineLpr *lpr)
{
  if (lpr == NULL)
    return;
  g_clear_pointer (&lpr->by_key, g_hash_table_unref);
  g_clear_pointer (&lpr->items, g_ptr_array_unref);
  g_free (lpr);
}

void
_pd_engine_lpr_items_changed (PdEngine *self)
{
  g_clear_pointer (&self->lpr, _pd_engine_lpr_free);
}

static PdEngineLpr *
lpr_index (PdEngine   *self,
           PdStoreTx  *tx,
           GError    **error)
{
  g_autoptr(GPtrArray) items = NULL;

  if (self->lpr != NULL)
    return self->lpr;
  if ((items = pd_store_lpr_items_all (tx, error)) == NULL)
    return NULL;
  self->lpr = g_new0 (PdEngineLpr, 1);
  self->lpr->items = g_steal_pointer (&items);
  self->lpr->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < self->lpr->items->len; i++)
    {
      PdLprItem *item = self->lpr->items->pdata[i];
      GPtrArray *list = g_hash_table_lookup (self->lpr->by_key, item->plate_key);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->lpr->by_key, item->plate_key, list);
        }
      g_ptr_array_add (list, item);
    }
  return self->lpr;
}

gboolean
_pd_engine_lpr_require (PdEngine    *self,
                        PdCaller    *caller,
                        guint        also,
                        const char  *action,
                        GError     **error)
{
  g_autoptr(PdEntitlement) e = NULL;

  if (!_pd_engine_require_role (self, caller, ANALYSTS | also, action, error))
    return FALSE;
  if (pd_caller_role (caller) != PD_ROLE_LPR_ANALYST)
    return TRUE;
  e = pd_engine_current_entitlement (self, caller, "lpr");
  if (e != NULL && e->notice_at != 0)
    return TRUE;
  pd_engine_audit (self, caller, action, NULL, e == NULL ? "{\"entitlement\":\"none\"}" :
                   "{\"entitlement\":\"notice not acknowledged\"}", "denied", NULL);
  if (e == NULL)
    g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "LPR data needs a current LPR entitlement (privacy "
                         "training on record, approved by a supervisor and the system owner, renewed yearly)");
  else
    g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Acknowledge the access notice of entitlement %" G_GINT64_FORMAT
                 " first (POST /v1/entitlements/%" G_GINT64_FORMAT "/acknowledge)", e->id, e->id);
  return FALSE;
}

/* --- reads ---------------------------------------------------------------------- */

static const char look_alike_from[] = "OIBSZ";
static const char look_alike_to[]   = "01852";

gboolean
pd_lpr_plate_normalize (const char  *text,
                        char       **out_plate,
                        char       **out_key)
{
  g_autoptr(GString) plate = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isalnum (*p))
        return FALSE;
      g_string_append_c (plate, g_ascii_toupper (*p));
    }
  if (plate->len < 1 || plate->len > 10)
    return FALSE;
  if (out_key != NULL)
    {
      char *key = g_strdup (plate->str);

      for (char *k = key; *k != '\0'; k++)
        {
          const char *at = strchr (look_alike_from, *k);

          if (at != NULL)
            *k = look_alike_to[at - look_alike_from];
        }
      *out_key = key;
    }
  *out_plate = g_string_free (g_steal_pointer (&plate), FALSE);
  return TRUE;
}

/* A member as text: a string, or a number written out; NULL when absent
 * or null; FALSE for other kinds. */
static gboolean
member_text (JsonObject   *o,
             const char   *name,
             char        **out,
             GError      **error)
{
  JsonNode *n = json_object_get_member (o, name);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    *out = g_strstrip (g_strdup (json_node_get_string (n)));
  else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
    *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_DOUBLE)
    *out = g_strdup_printf ("%.17g", json_node_get_double (n));
  else
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: a string or a number", name);
      return FALSE;
    }
  if (**out == '\0')
    g_clear_pointer (out, g_free);
  return TRUE;
}

/* Optional text of at most @max bytes (upper-cased when @upper). */
static gboolean
optional_text (JsonObject   *o,
               const char   *name,
               gsize         max,
               gboolean      upper,
               char        **out,
               GError      **error)
{
  if (!member_text (o, name, out, error) || (*out != NULL && !_pd_engine_check_text (name, *out, max, error)))
    return FALSE;
  if (upper && *out != NULL)
    {
      char *u = g_utf8_strup (*out, -1);

      g_free (*out);
      *out = u;
    }
  return TRUE;
}

static gboolean
valid_state (const char *state)
{
  gsize n = state != NULL ? strlen (state) : 0;

  if (n < 2 || n > 3)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isupper (state[i]))
      return FALSE;
  return TRUE;
}

gboolean
_pd_lpr_plate_and_state (JsonObject   *o,
                 char        **plate,
                 char        **key,
                 char        **state,
                 GError      **error)
{
  g_autofree char *text = NULL;

  if (!member_text (o, "plate", &text, error))
    return FALSE;
  if (text == NULL || !pd_lpr_plate_normalize (text, plate, key))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "plate: 1 to 10 letters and digits (spaces and dashes "
                           "are dropped)");
      return FALSE;
    }
  if (!optional_text (o, "state", 3, TRUE, state, error))
    return FALSE;
  if (!valid_state (*state))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "state: the state or province code, 2 or 3 letters "
                           "(CA, ON, BC, ...)");
      return FALSE;
    }
  return TRUE;
}

static const char * const read_columns[] = {
  "plate", "state", "observed_at", "reader_id", "reader_address", "lat", "lon", "camera_owner", "camera_type",
  "make", "model", "image_ref", NULL
};

static PdLprRead *
read_from_object (JsonObject  *o,
                  gint64       now,
                  GError     **error)
{
  g_autoptr(PdLprRead) r = g_new0 (PdLprRead, 1);
  g_autofree char *observed = NULL, *lat = NULL, *lon = NULL;
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *m = members; m != NULL; m = m->next)
    if (!g_strv_contains (read_columns, m->data))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) read_columns);
        g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: not a field of a read (%s)", (char *) m->data, known);
        return NULL;
      }
  if (!_pd_lpr_plate_and_state (o, &r->plate, &r->plate_key, &r->state, error) ||
      !member_text (o, "observed_at", &observed, error))
    return NULL;
  if (observed == NULL || !pd_time_parse (observed, &r->observed_at))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "observed_at: the date and time of the read, ISO 8601 "
                           "with its zone (2026-12-05T14:03:00Z)");
      return NULL;
    }
  if (r->observed_at > now + 5 * 60 * G_USEC_PER_SEC)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "observed_at: %s is in the future", observed);
      return NULL;
    }
  if (r->observed_at < now - FIVE_YEARS)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "observed_at: %s is more than 5 years ago; such reads are "
                   "not accepted", observed);
      return NULL;
    }
  if (!optional_text (o, "reader_id", 64, FALSE, &r->reader_id, error) ||
      !optional_text (o, "reader_address", 200, FALSE, &r->reader_address, error) ||
      !optional_text (o, "camera_owner", 100, FALSE, &r->camera_owner, error) ||
      !optional_text (o, "camera_type", 50, FALSE, &r->camera_type, error) ||
      !optional_text (o, "make", 50, TRUE, &r->make, error) ||
      !optional_text (o, "model", 50, TRUE, &r->model, error) ||
      !optional_text (o, "image_ref", 500, FALSE, &r->image_ref, error) ||
      !member_text (o, "lat", &lat, error) || !member_text (o, "lon", &lon, error))
    return NULL;
  if (r->reader_id == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "reader_id: which reader made the read");
      return NULL;
    }
  if ((lat == NULL) != (lon == NULL))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "lat, lon: both or neither");
      return NULL;
    }
  if (lat != NULL)
    {
      char *end_lat = NULL, *end_lon = NULL;

      r->lat = g_ascii_strtod (lat, &end_lat);
      r->lon = g_ascii_strtod (lon, &end_lon);
      if (*end_lat != '\0' || *end_lon != '\0' || !(r->lat >= -90 && r->lat <= 90) ||
          !(r->lon >= -180 && r->lon <= 180))
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "lat, lon: degrees, -90 to 90 and -180 to 180");
          return NULL;
        }
      r->has_position = TRUE;
    }
  return g_steal_pointer (&r);
}

GPtrArray *
pd_lpr_csv_objects (const char          *data,
                    gsize                len,
                    const char * const  *columns,
                    GError             **error)
{
  g_autoptr(GPtrArray) rows = pd_csv_parse (data, len, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  char **header;

  if (rows == NULL)
    return NULL;
  if (rows->len < 2)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The file has no rows under its header");
      return NULL;
    }
  header = rows->pdata[0];
  for (guint i = 0; header[i] != NULL; i++)
    if (!g_strv_contains (columns, g_strstrip (header[i])))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) columns);
        g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Unknown column '%s' (the columns: %s)", header[i], known);
        return NULL;
      }
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = rows->pdata[r];
      JsonObject *o;

      if (g_strv_length (row) != g_strv_length (header))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "row %u: %u fields where the header has %u", r,
                       g_strv_length (row), g_strv_length (header));
          return NULL;
        }
      o = json_object_new ();
      for (guint i = 0; header[i] != NULL; i++)
        if (*row[i] != '\0')
          json_object_set_string_member (o, header[i], row[i]);
      g_ptr_array_add (out, o);
    }
  return g_steal_pointer (&out);
}

void
_pd_lpr_note_problem (GString      *problems,
                      guint        *n,
                      const char   *what,
                      guint         i,
                      GError       *local)
{
  if ((*n)++ < MAX_ERRORS)
    g_string_append_printf (problems, "%s%s %u: %s", problems->len > 0 ? "; " : "", what, i + 1, local->message);
  g_error_free (local);
}

/* The alert kind for @read on @item with the same plate key: a hit only
 * for the same plate and state. */
static const char *
alert_kind (const PdLprRead  *read,
            const PdLprItem  *item)
{
  return strcmp (read->plate, item->plate) == 0 && strcmp (read->state, item->state) == 0 ? "hit" : "possible";
}

/* Checks @r against the live items; the alerts it starts in @started. */
static gboolean
check_read (PdEngine         *self,
            PdStoreTx        *tx,
            PdEngineLpr      *index,
            const PdLprRead  *r,
            gint64            now,
            GArray           *started,
            GPtrArray        *kinds,
            GError          **error)
{
  GPtrArray *items = g_hash_table_lookup (index->by_key, r->plate_key);
  gint64 window = (gint64) self->config->lpr_alert_window_s * G_USEC_PER_SEC;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      PdLprItem *item = items->pdata[i];
      gint64 alert;
      gboolean added;

      if (item->valid_until <= now)
        continue;   /* lapsed: the sweeper removes it */
      alert = pd_store_lpr_alert_near (tx, item->id, r->plate, r->state, r->observed_at, window, error);
      if (alert < 0)
        return FALSE;
      if (alert == 0)
        {
          if ((alert = pd_store_lpr_alert_insert (tx, item, r, alert_kind (r, item), now, error)) == 0)
            return FALSE;
          g_array_append_val (started, alert);
          g_ptr_array_add (kinds, (gpointer) alert_kind (r, item));
        }
      if (!pd_store_lpr_alert_add_read (tx, alert, item, r, &added, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
pd_engine_lpr_reads_receive (PdEngine     *self,
                             PdCaller     *caller,
                             GPtrArray    *objects,
                             const char   *what,
                             PdLprIngest  *out,
                             GError      **error)
{
  g_autoptr(GPtrArray) reads = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_lpr_read_free);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GArray) started = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();   /* of each alert started: static strings */
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL, *count = NULL;
  PdEngineLpr *index;
  gint64 now = pd_engine_now (self);
  guint n_problems = 0;

  if (caller->kind == PD_CALLER_SESSION ? !_pd_engine_lpr_require (self, caller, 0, "lpr.reads.import", error) :
      caller->kind == PD_CALLER_APIKEY && !pd_apikey_has_scope (caller->apikey, "lpr"))
    {
      if (caller->kind == PD_CALLER_APIKEY)
        g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "This API key has no 'lpr' scope");
      return FALSE;
    }
  if (objects->len == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "No reads were sent");
      return FALSE;
    }
  for (guint i = 0; i < objects->len; i++)
    {
      GError *local = NULL;
      PdLprRead *r = read_from_object (objects->pdata[i], now, &local);

      if (r == NULL)
        _pd_lpr_note_problem (problems, &n_problems, what, i, local);
      else
        g_ptr_array_add (reads, r);
    }
  if (n_problems > 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "Nothing was stored: %u of %u reads have errors: %s%s",
                   n_problems, objects->len, problems->str, n_problems > MAX_ERRORS ? "; ..." : "");
      return FALSE;
    }

  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      !pd_store_lpr_reads_insert (tx, reads, pd_caller_actor (caller), now, error) ||
      (index = lpr_index (self, tx, error)) == NULL)
    return FALSE;
  *out = (PdLprIngest) { .received = reads->len };
  for (guint i = 0; i < reads->len; i++)
    {
      PdLprRead *r = reads->pdata[i];

      if (r->id == 0)
        {
          out->duplicates++;
          continue;
        }
      out->stored++;
      if (!check_read (self, tx, index, r, now, started, kinds, error))
        return FALSE;
    }
  count = g_strdup_printf ("%u", out->stored);
  params = _pd_params ("stored", count, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "lpr.reads.receive", NULL, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  for (guint i = 0; i < started->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (started, gint64, i));

      pd_engine_emit_event (self, &tx, PD_EVENT_LPR_HIT, NULL, ANALYSTS, NULL,
                            _pd_params_node ("alert", id, "kind", g_ptr_array_index (kinds, i), NULL));
    }
  return TRUE;
}

/* --- alerts ---------------------------------------------------------------------- */

/* Adds what the read and listed plates differ in: "look_alikes" (each
 * position whose characters are OCR look-alikes) and "state_differs". */
static void
add_confusion (JsonObject *alert)
{
  const char *plate = json_object_get_string_member (alert, "plate");
  const char *listed = json_object_get_string_member (alert, "listed_plate");
  JsonArray *look = json_array_new ();

  for (guint i = 0; plate[i] != '\0' && listed[i] != '\0'; i++)
    if (plate[i] != listed[i])
      {
        JsonObject *o = json_object_new ();
        char a[2] = { plate[i], '\0' }, b[2] = { listed[i], '\0' };

        json_object_set_int_member (o, "position", i);
        json_object_set_string_member (o, "read", a);
        json_object_set_string_member (o, "listed", b);
        json_array_add_object_element (look, o);
      }
  json_object_set_array_member (alert, "look_alikes", look);
  json_object_set_boolean_member (alert, "state_differs",
                                  g_strcmp0 (json_object_get_string_member (alert, "state"),
                                             json_object_get_string_member (alert, "listed_state")) != 0);
}

GPtrArray *
pd_engine_lpr_alerts (PdEngine  *self,
                      PdCaller  *caller,
                      gboolean   open_only,
                      GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.alert.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_lpr_alerts (tx, open_only, MAX_ALERTS, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.alert.list", NULL, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  g_ptr_array_foreach (rows, (GFunc) add_confusion, NULL);
  return g_steal_pointer (&rows);
}

JsonObject *
pd_engine_lpr_alert (PdEngine     *self,
                     PdCaller     *caller,
                     gint64        id,
                     GPtrArray   **out_reads,
                     GError      **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonObject) alert = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-alert:%" G_GINT64_FORMAT, id);

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.alert.show", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (alert = pd_store_lpr_alert (tx, id, out_reads, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "lpr.alert.show", object, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  add_confusion (alert);
  return g_steal_pointer (&alert);
}

static const char * const dispositions[] = { "confirmed", "misread", "not-relevant", NULL };

gboolean
pd_engine_lpr_alert_dispose (PdEngine    *self,
                             PdCaller    *caller,
                             gint64       id,
                             const char  *disposition,
                             const char  *reason,
                             GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *object = g_strdup_printf ("lpr-alert:%" G_GINT64_FORMAT, id);
  g_autofree char *params = _pd_params ("disposition", disposition, "reason", reason, NULL);
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(JsonObject) alert = NULL;

  if (!_pd_engine_lpr_require (self, caller, 0, "lpr.alert.dispose", error))
    return FALSE;
  if (disposition == NULL || !g_strv_contains (dispositions, disposition))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "disposition: '%s' is not confirmed, misread or not-relevant",
                   disposition != NULL ? disposition : "");
      return FALSE;
    }
  if (!_pd_engine_check_text ("reason", reason, 500, error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (alert = pd_store_lpr_alert (tx, id, &reads, error)) == NULL ||
      !pd_store_lpr_alert_dispose (tx, id, disposition, reason, pd_caller_user_id (caller), pd_engine_now (self),
                                   error))
    return FALSE;
  return _pd_engine_audit_tx (self, tx, caller, "lpr.alert.dispose", object, params, "ok", error) &&
         pd_store_commit (tx, error);
}

/* --- retention ------------------------------------------------------------------- */

static gboolean
purge_cache (PdEngine                *engine,
             PdStoreTx               *tx,
             gint64                   now,
             const PdRetentionPolicy *policy,
             GArray                  *out_ids,
             GError                 **error)
{
  g_autoptr(GArray) ids = pd_store_lpr_queries_expired (tx, now, error);

  if (ids == NULL || !pd_store_lpr_queries_delete (tx, ids, error))
    return FALSE;
  g_array_append_vals (out_ids, ids->data, ids->len);
  return TRUE;
}

static gboolean
purge_items (PdEngine                *engine,
             PdStoreTx               *tx,
             gint64                   now,
             const PdRetentionPolicy *policy,
             GArray                  *out_ids,
             GError                 **error)
{
  g_autoptr(GArray) ids = pd_store_lpr_items_lapsed (tx, now, policy->period_us, error);

  if (ids == NULL || !pd_store_delete_ids (tx, "lpr_items", ids, error))
    return FALSE;
  if (ids->len > 0)
    _pd_engine_lpr_items_changed (engine);
  g_array_append_vals (out_ids, ids->data, ids->len);
  return TRUE;
}

static gboolean
purge_reads (PdEngine                *engine,
             PdStoreTx               *tx,
             gint64                   now,
             const PdRetentionPolicy *policy,
             GArray                  *out_ids,
             GError                 **error)
{
  g_autoptr(GArray) ids = pd_store_lpr_reads_before (tx, now - policy->period_us, error);

  if (ids == NULL || !pd_store_delete_ids (tx, "lpr_reads", ids, error))
    return FALSE;
  g_array_append_vals (out_ids, ids->data, ids->len);
  return TRUE;
}

static const PdRetentionPolicy policies[] = {
  { "lpr.cache", "LPR query results",
    "Cached for the analyst lpr_cache_hours (at least 4 h, at most 24 h), then deleted unless saved to the case or "
    "event; nothing is saved automatically",
    PD_RETENTION_PURGE, 24 * PD_USEC_PER_HOUR, purge_cache },
  { "lpr.history.window", "LPR historical queries",
    "Only reads within 5 years of the query date (default: the last 30 days); every query tied to an open case or "
    "event",
    PD_RETENTION_GUARD, FIVE_YEARS, NULL },
  { "lpr.reads", "LPR reads",
    "Refused at intake when more than 5 years old; deleted when they reach 5 years",
    PD_RETENTION_PURGE, FIVE_YEARS, purge_reads },
  { "lpr.display.items", "LPR display (hotlist) items",
    "Re-validated by the owner at least yearly or they expire; owners prompted; quarterly management review",
    PD_RETENTION_PURGE, PD_LPR_ITEM_LIFETIME, purge_items },
  { "lpr.audit", "LPR audit",
    "Every query: user, parameters, date and time; parameters are stored, results are not",
    PD_RETENTION_KEEP, 0, NULL },
};

const PdRetentionPolicy *
pd_engine_lpr_retention (guint *n)
{
  *n = G_N_ELEMENTS (policies);
  return policies;
}
