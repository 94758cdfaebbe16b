/* pd-engine-tsa.c: the TSA identity check and the holdings it searches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-tsa"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pd-engine-private.h"
#include "pd-engine-tsa.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-store-face.h"

#define ADMIN   PD_ROLE_BIT (PD_ROLE_ADMIN)
#define TSA     PD_ROLE_BIT (PD_ROLE_TSA_SUPERVISOR)

#define MAX_IMPORTS         4                      /* open at once */
#define MAX_IMPORT_RECORDS  100000
#define MAX_IMPORT_BYTES    ((gsize) 512 * 1024 * 1024)  /* of photos staged */
#define IMPORT_IDLE_US      ((gint64) 3600 * G_USEC_PER_SEC)
#define MAX_PHOTOS          4                      /* a record's */
#define PHOTO_MAX_BYTES     (10 * 1024 * 1024)
#define CHECK_OPEN_US       ((gint64) 3600 * G_USEC_PER_SEC)  /* a check's fallback, after the capture */
#define MAX_SEARCH_HITS     20
#define DAY_US              ((gint64) 86400 * G_USEC_PER_SEC)

typedef struct {
  char      *id;
  gint64     user_id;
  gint64     touched;     /* monotonic */
  GPtrArray *records;     /* PdHolding, with photos */
  GPtrArray *templates;   /* GArray of float: a record's templates, one per photo */
  gsize      bytes;
} Import;

struct _PdEngineTsa
{
  GMutex      lock;
  GHashTable *imports;    /* id -> Import */
};

static void
import_free (Import *im)
{
  g_free (im->id);
  g_ptr_array_unref (im->records);
  g_ptr_array_unref (im->templates);
  g_free (im);
}

void
_pd_engine_tsa_free (PdEngineTsa *tsa)
{
  if (tsa == NULL)
    return;
  g_hash_table_unref (tsa->imports);
  g_mutex_clear (&tsa->lock);
  g_free (tsa);
}

static PdEngineTsa *
tsa_of (PdEngine *self)
{
  static GMutex init;
  PdEngineTsa *tsa;

  g_mutex_lock (&init);
  if (self->tsa == NULL)
    {
      self->tsa = g_new0 (PdEngineTsa, 1);
      g_mutex_init (&self->tsa->lock);
      self->tsa->imports = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) import_free);
    }
  tsa = self->tsa;
  g_mutex_unlock (&init);
  return tsa;
}

/* --- validation -------------------------------------------------------------- */

char *
pd_a_number_normalize (const char *text)
{
  GString *digits = g_string_new (NULL);
  const char *p = text;

  if (p == NULL)
    return g_string_free (digits, TRUE), NULL;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == 'A' || *p == 'a')
    p++;
  for (; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
    else if (*p != ' ' && *p != '-')
      return g_string_free (digits, TRUE), NULL;
  if (digits->len < 8 || digits->len > 9)
    return g_string_free (digits, TRUE), NULL;
  if (digits->len == 8)
    g_string_prepend_c (digits, '0');
  return g_string_free (digits, FALSE);
}

/* Letters only, accents and case folded. */
char *
pd_name_fold (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "", "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

guint
pd_name_distance (const char *a,
                  const char *b)
{
  g_autofree char *x = pd_name_fold (a);
  g_autofree char *y = pd_name_fold (b);
  gsize n = strlen (x), m = strlen (y);
  g_autofree guint *row = g_new (guint, m + 1);

  for (gsize j = 0; j <= m; j++)
    row[j] = j;
  for (gsize i = 1; i <= n; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (gsize j = 1; j <= m; j++)
        {
          guint up = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + (x[i - 1] != y[j - 1]));
          diag = up;
        }
    }
  return row[m];
}

static gboolean
get_name (JsonObject  *o,
          const char  *member,
          gboolean     required,
          const char **out,
          GError     **error)
{
  if (!pd_json_get_string (o, member, required, 64, out, error))
    return FALSE;
  if (*out != NULL && (g_utf8_strlen (*out, -1) < 1 || strspn (*out, " ") == strlen (*out)))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "%s: must not be empty", member);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_alpha3 (const char *s)
{
  return strlen (s) == 3 && g_ascii_isupper (s[0]) && g_ascii_isupper (s[1]) && g_ascii_isupper (s[2]);
}

/* "documents": travel documents as "NUMBER/CTY" (upper-cased, at most 8). */
static gboolean
get_documents (JsonObject   *o,
               char       ***out,
               GError      **error)
{
  JsonNode *node = json_object_get_member (o, "documents");
  g_autoptr(GStrvBuilder) docs = g_strv_builder_new ();
  JsonArray *list;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  list = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  for (guint i = 0; list != NULL && i < json_array_get_length (list) && i < 8; i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      const char *text = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING ?
                         json_node_get_string (n) : "";
      g_autofree char *up = g_ascii_strup (text, -1);
      const char *slash = strchr (up, '/');
      gsize len = slash != NULL ? (gsize) (slash - up) : 0;

      if (len < 5 || len > 20 || strspn (up, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != len || !is_alpha3 (slash + 1))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "documents[%u]: '%s' is not NUMBER/CTY (a travel "
                       "document's number, 5 to 20 letters and digits, and its issuing country, ISO 3166 alpha-3: "
                       "G1234567/MEX)", i, text);
          return FALSE;
        }
      g_strv_builder_add (docs, up);
    }
  if (list == NULL || json_array_get_length (list) > 8)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "documents: a list of at most 8 travel documents "
                           "(NUMBER/CTY)");
      return FALSE;
    }
  *out = g_strv_builder_end (docs);
  return TRUE;
}

/* The record @o describes, its photos decoded into @images. */
static PdHolding *
holding_from_json (PdEngine    *self,
                   JsonObject  *o,
                   GPtrArray   *images,
                   GError     **error)
{
  static const char * const members[] = {
    "first_name", "last_name", "birth_date", "a_number", "citizenship", "passport_at_arrival", "intent_to_depart",
    "eligible_to_fly", "protected_class", "lawful_entry", "watch_list", "documents", "source", "source_date",
    "photos", NULL
  };
  g_autoptr(PdHolding) h = g_new0 (PdHolding, 1);
  const char *first, *last, *birth, *a_number = NULL, *citizenship, *source, *source_date;
  JsonNode *photos = json_object_get_member (o, "photos");
  JsonArray *list;

  h->lawful_entry = TRUE;   /* unless the record says otherwise */

  if (!pd_json_check_members (o, members, error) ||
      !get_name (o, "first_name", TRUE, &first, error) || !get_name (o, "last_name", TRUE, &last, error) ||
      !pd_json_get_string (o, "birth_date", TRUE, 10, &birth, error) || !_pd_engine_valid_date (self, "birth_date", birth, TRUE, error) ||
      !pd_json_get_string (o, "a_number", FALSE, 16, &a_number, error) ||
      !pd_json_get_string (o, "citizenship", TRUE, 3, &citizenship, error) ||
      !pd_json_get_bool (o, "passport_at_arrival", TRUE, &h->passport_at_arrival, error) ||
      !pd_json_get_bool (o, "intent_to_depart", TRUE, &h->intent_to_depart, error) ||
      !pd_json_get_bool (o, "eligible_to_fly", TRUE, &h->eligible_to_fly, error) ||
      !pd_json_get_bool (o, "protected_class", FALSE, &h->protected_class, error) ||
      !pd_json_get_bool (o, "lawful_entry", FALSE, &h->lawful_entry, error) ||
      !pd_json_get_bool (o, "watch_list", FALSE, &h->watch_list, error) ||
      !get_documents (o, &h->documents, error) ||
      !get_name (o, "source", TRUE, &source, error) ||
      !pd_json_get_string (o, "source_date", TRUE, 10, &source_date, error) ||
      !_pd_engine_valid_date (self, "source_date", source_date, TRUE, error))
    return NULL;
  if (!is_alpha3 (citizenship))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "citizenship: '%s' is not an ISO 3166 alpha-3 code (MEX)",
                   citizenship);
      return NULL;
    }
  if (a_number != NULL && (h->a_number = pd_a_number_normalize (a_number)) == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "a_number: '%s' is not an A-number (8 or 9 digits, A prefix "
                   "allowed)", a_number);
      return NULL;
    }
  if (photos == NULL || !JSON_NODE_HOLDS_ARRAY (photos) || (list = json_node_get_array (photos)) == NULL ||
      json_array_get_length (list) < 1 || json_array_get_length (list) > MAX_PHOTOS)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "photos: 1 to %d enrollment photos (base64 JPEG or PNG)",
                   MAX_PHOTOS);
      return NULL;
    }
  h->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      const char *text = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING ?
                         json_node_get_string (n) : NULL;
      g_autoptr(GError) local = NULL;
      g_autoptr(GBytes) bytes = NULL;
      PdFaceImage *image;
      guchar *data;
      gsize len = 0;

      if (text == NULL || strlen (text) > PHOTO_MAX_BYTES / 3 * 4 + 4)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "photos[%u]: a base64 photo of at most %d MB", i,
                       PHOTO_MAX_BYTES / (1024 * 1024));
          return NULL;
        }
      data = g_base64_decode (text, &len);
      bytes = g_bytes_new_take (data, len);
      image = len > 0 ? pd_face_image_new_from_bytes (bytes, &local) : NULL;
      if (image == NULL)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "photos[%u]: %s", i,
                       local != NULL ? local->message : "not base64 of a JPEG or PNG photo");
          return NULL;
        }
      g_ptr_array_add (images, image);
      g_ptr_array_add (h->photos, g_steal_pointer (&bytes));
    }
  h->first_name = g_strstrip (g_strdup (first));
  h->last_name = g_strstrip (g_strdup (last));
  h->birth_date = g_strdup (birth);
  h->citizenship = g_strdup (citizenship);
  h->source = g_strstrip (g_strdup (source));
  h->source_date = g_strdup (source_date);
  return g_steal_pointer (&h);
}

/* --- holdings --------------------------------------------------------------- */

/* The import @id of the caller, the lock held; NULL with an error. */
static Import *
find_import (PdEngineTsa  *tsa,
             PdCaller     *caller,
             const char   *id,
             GError      **error)
{
  Import *im = id != NULL ? g_hash_table_lookup (tsa->imports, id) : NULL;

  if (im == NULL || im->user_id != pd_caller_user_id (caller))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no open import '%s' of yours (an import closes "
                   "after an hour without records)", id != NULL ? id : "");
      return NULL;
    }
  im->touched = g_get_monotonic_time ();
  return im;
}

static void
expire_imports (PdEngineTsa *tsa)
{
  GHashTableIter iter;
  Import *im;

  g_hash_table_iter_init (&iter, tsa->imports);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &im))
    if (g_get_monotonic_time () - im->touched > IMPORT_IDLE_US)
      g_hash_table_iter_remove (&iter);
}

gboolean
pd_engine_holdings_import_begin (PdEngine  *self,
                                 PdCaller  *caller,
                                 char     **out_id,
                                 GError   **error)
{
  PdEngineTsa *tsa = tsa_of (self);
  Import *im;
  guint8 random[12];

  if (!_pd_engine_require_role (self, caller, ADMIN, "holdings.import", error))
    return FALSE;
  g_mutex_lock (&tsa->lock);
  expire_imports (tsa);
  if (g_hash_table_size (tsa->imports) >= MAX_IMPORTS)
    {
      g_mutex_unlock (&tsa->lock);
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "%d imports are open already; finish or cancel one", MAX_IMPORTS);
      return FALSE;
    }
  im = g_new0 (Import, 1);
  randombytes_buf (random, sizeof random);
  im->id = g_base64_encode (random, sizeof random);
  g_strdelimit (im->id, "+/", '_');
  im->user_id = pd_caller_user_id (caller);
  im->touched = g_get_monotonic_time ();
  im->records = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_holding_free);
  im->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_hash_table_insert (tsa->imports, im->id, im);
  *out_id = g_strdup (im->id);
  g_mutex_unlock (&tsa->lock);
  return TRUE;
}

gboolean
pd_engine_holdings_import_add (PdEngine    *self,
                               PdCaller    *caller,
                               const char  *import_id,
                               JsonObject  *record,
                               guint       *out_staged,
                               GError     **error)
{
  PdEngineTsa *tsa = tsa_of (self);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_face_image_free);
  g_autoptr(PdHolding) h = NULL;
  g_autoptr(GArray) templates = g_array_new (FALSE, FALSE, sizeof (float));
  gsize bytes = 0;
  Import *im;

  if (!_pd_engine_require_role (self, caller, ADMIN, "holdings.import", error))
    return FALSE;
  g_mutex_lock (&tsa->lock);
  im = find_import (tsa, caller, import_id, error);
  g_mutex_unlock (&tsa->lock);
  if (im == NULL || (h = holding_from_json (self, record, images, error)) == NULL)
    return FALSE;
  /* the templates computed now, outside any lock: an enrolment's quality */
  for (guint i = 0; i < images->len; i++)
    {
      g_auto(PdFaceCapture) c = { 0 };

      if (!pd_engine_face_capture (self, images->pdata[i], TRUE, &c, error))
        return FALSE;
      if (!c.usable)
        {
          g_autofree char *why = g_strjoinv ("; ", c.reasons);

          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "photos[%u]: cannot be enrolled: %s", i,
                       why[0] != '\0' ? why : "no usable face");
          return FALSE;
        }
      g_array_append_vals (templates, c.tmpl, PD_FACE_DESCRIPTOR_DIM);
      bytes += g_bytes_get_size (h->photos->pdata[i]);
    }
  if (h->a_number != NULL)
    {
      g_autoptr(PdStoreTx) tx = pd_store_begin (self->store, error);
      g_autoptr(PdHolding) other = NULL;
      g_autoptr(GError) local = NULL;

      if (tx == NULL)
        return FALSE;
      other = pd_store_holding_by_a_number (tx, h->a_number, &local);
      if (other != NULL || !g_error_matches (local, PD_ERROR, PD_ERROR_NOT_FOUND))
        {
          g_set_error (error, PD_ERROR, other != NULL ? PD_ERROR_CONFLICT : PD_ERROR_INTERNAL,
                       "a_number: A%s is in the holdings already", h->a_number);
          return FALSE;
        }
    }
  g_mutex_lock (&tsa->lock);
  im = find_import (tsa, caller, import_id, error);   /* cancelled meanwhile? */
  for (guint i = 0; im != NULL && h->a_number != NULL && i < im->records->len; i++)
    if (g_strcmp0 (((PdHolding *) im->records->pdata[i])->a_number, h->a_number) == 0)
      {
        g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "a_number: A%s is in record %u of this import already",
                     h->a_number, i + 1);
        im = NULL;
      }
  if (im != NULL && (im->records->len >= MAX_IMPORT_RECORDS || im->bytes + bytes > MAX_IMPORT_BYTES))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_TOO_LARGE, "An import holds at most %d records and %zu MB of photos",
                   MAX_IMPORT_RECORDS, MAX_IMPORT_BYTES / (1024 * 1024));
      im = NULL;
    }
  if (im != NULL)
    {
      im->bytes += bytes;
      g_ptr_array_add (im->records, g_steal_pointer (&h));
      g_ptr_array_add (im->templates, g_steal_pointer (&templates));
      *out_staged = im->records->len;
    }
  g_mutex_unlock (&tsa->lock);
  return im != NULL;
}

/* Inserts @h and its templates (@tmpls, @n_tmpls of them, one per photo)
 * in @tx; the galleries' additions are noted in @changes. */
static gboolean
insert_holding (PdEngine          *self,
                PdStoreTx         *tx,
                PdHolding         *h,
                const float       *tmpls,
                guint              n_tmpls,
                gint64             now,
                PdGalleryChanges  *changes,
                GError           **error)
{
  if (!pd_store_holding_insert (tx, h, now, error))
    return FALSE;
  for (guint n = 0; n < n_tmpls; n++)
    {
      g_autofree char *subject = pd_holding_subject (h->id, n + 1);
      const float *tmpl = tmpls + (gsize) n * PD_FACE_DESCRIPTOR_DIM;

      if (!pd_store_face_put (tx, PD_HOLDINGS_GALLERY, subject, tmpl, now,
                              pd_gallery_changes_add (changes, PD_HOLDINGS_GALLERY, subject, tmpl), error))
        return FALSE;
      /* derogatory: the watch list searched at the gates too */
      if (h->watch_list &&
          !pd_store_face_put (tx, PD_WATCHLIST_GALLERY, subject, tmpl, now,
                              pd_gallery_changes_add (changes, PD_WATCHLIST_GALLERY, subject, tmpl), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
pd_engine_holdings_import_commit (PdEngine    *self,
                                  PdCaller    *caller,
                                  const char  *import_id,
                                  GPtrArray  **out_records,
                                  GError     **error)
{
  PdEngineTsa *tsa = tsa_of (self);
  g_autoptr(PdGalleryChanges) changes = pd_gallery_changes_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL, *count = NULL;
  Import *im;
  gint64 now;

  if (!_pd_engine_require_role (self, caller, ADMIN, "holdings.import", error))
    return FALSE;
  g_mutex_lock (&tsa->lock);
  im = find_import (tsa, caller, import_id, error);
  if (im != NULL)
    g_hash_table_steal (tsa->imports, import_id);
  g_mutex_unlock (&tsa->lock);
  if (im == NULL)
    return FALSE;
  if (im->records->len == 0)
    {
      import_free (im);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The import has no records");
      return FALSE;
    }
  now = pd_clock_now (self->clock);
  tx = pd_store_begin (self->store, error);
  for (guint i = 0; tx != NULL && i < im->records->len; i++)
    {
      PdHolding *h = im->records->pdata[i];
      GArray *t = im->templates->pdata[i];

      if (!insert_holding (self, tx, h, (const float *) t->data, t->len / PD_FACE_DESCRIPTOR_DIM, now, changes, error))
        {
          g_prefix_error (error, "Record %u: ", i + 1);
          import_free (im);
          return FALSE;
        }
      g_ptr_array_add (records, pd_holding_record (h->id));
    }
  count = g_strdup_printf ("%u", im->records->len);
  import_free (im);
  params = _pd_params ("records", count, NULL);
  if (tx == NULL || !_pd_engine_audit_tx (self, tx, caller, "holdings.import", PD_HOLDINGS_GALLERY, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  /* after the commit, under the store's lock still: the galleries searched */
  pd_gallery_changes_apply (changes, pd_engine_face_get_galleries (self));
  *out_records = g_steal_pointer (&records);
  return TRUE;
}

gboolean
pd_engine_holdings_import_cancel (PdEngine    *self,
                                  PdCaller    *caller,
                                  const char  *import_id,
                                  GError     **error)
{
  PdEngineTsa *tsa = tsa_of (self);
  Import *im;

  if (!_pd_engine_require_role (self, caller, ADMIN, "holdings.import", error))
    return FALSE;
  g_mutex_lock (&tsa->lock);
  im = find_import (tsa, caller, import_id, error);
  if (im != NULL)
    g_hash_table_remove (tsa->imports, import_id);
  g_mutex_unlock (&tsa->lock);
  return im != NULL;
}

GPtrArray *
pd_engine_holdings_list (PdEngine  *self,
                         PdCaller  *caller,
                         gint64     after,
                         guint      limit,
                         GError   **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_pd_engine_require_role (self, caller, ADMIN, "holdings.list", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (rows = pd_store_holdings_list (tx, after, limit, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "holdings.list", PD_HOLDINGS_GALLERY, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static gint64
record_id (const char  *record,
           GError     **error)
{
  gint64 id = pd_holding_id_from_record (record);

  if (id < 0)
    g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "'%s' is not a record id (H and 8 digits)", record ? record : "");
  return id;
}

PdHolding *
pd_engine_holding_get (PdEngine    *self,
                       PdCaller    *caller,
                       const char  *record,
                       GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdHolding) h = NULL;
  gint64 id;

  if (!_pd_engine_require_role (self, caller, ADMIN, "holdings.show", error) || (id = record_id (record, error)) < 0 ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (h = pd_store_holding_get (tx, id, TRUE, error)) == NULL ||
      !_pd_engine_audit_tx (self, tx, caller, "holdings.show", record, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&h);
}

gboolean
pd_engine_holding_remove (PdEngine    *self,
                          PdCaller    *caller,
                          const char  *record,
                          GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdHolding) h = NULL;
  PdGalleries *galleries = pd_engine_face_get_galleries (self);
  static const char * const gallery_names[] = { PD_HOLDINGS_GALLERY, PD_WATCHLIST_GALLERY };
  gint64 id;

  if (!_pd_engine_require_role (self, caller, ADMIN, "holdings.remove", error) || (id = record_id (record, error)) < 0 ||
      (tx = pd_store_begin (self->store, error)) == NULL ||
      (h = pd_store_holding_get (tx, id, FALSE, error)) == NULL || !pd_store_holding_delete (tx, id, error))
    return FALSE;
  /* its templates in the holdings and, derogatory, the watch list */
  for (guint k = 0; k < G_N_ELEMENTS (gallery_names); k++)
    for (guint n = 1; n <= MAX_PHOTOS; n++)
      {
        g_autofree char *subject = pd_holding_subject (id, n);
        g_autoptr(GError) local = NULL;

        if (!pd_store_face_delete (tx, gallery_names[k], subject, &local) &&
            !g_error_matches (local, PD_ERROR, PD_ERROR_NOT_FOUND))
          {
            g_propagate_error (error, g_steal_pointer (&local));
            return FALSE;
          }
      }
  if (!_pd_engine_audit_tx (self, tx, caller, "holdings.remove", record, NULL, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  for (guint k = 0; galleries != NULL && k < G_N_ELEMENTS (gallery_names); k++)
    for (guint n = 1; n <= MAX_PHOTOS; n++)
      {
        g_autofree char *subject = pd_holding_subject (id, n);

        pd_galleries_remove (galleries, gallery_names[k], subject);
      }
  return TRUE;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Each face of the pictures in @dir (sorted), cropped with room around it,
 * as JPEG bytes with its enrolment template. */
static void
demo_faces (PdEngine   *self,
            const char *dir,
            GPtrArray  *photos,
            GArray     *templates)
{
  g_autoptr(GDir) d = dir != NULL ? g_dir_open (dir, 0, NULL) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".jpg"))
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(PdFaceImage) picture = pd_face_image_new_from_file (names->pdata[i], NULL);
      g_autoptr(GArray) boxes = picture != NULL ? pd_engine_face_detect (self, picture, NULL) : NULL;

      for (guint k = 0; boxes != NULL && k < boxes->len; k++)
        {
          const PdFaceBox *box = &g_array_index (boxes, PdFaceBox, k);
          float side = 2.2f * MAX (box->width, box->height);
          g_autoptr(PdFaceImage) crop = pd_face_image_cut (picture, box->x + box->width / 2 - side / 2,
                                                           box->y + box->height / 2 - side / 2, side, side);
          g_autoptr(GBytes) jpeg = crop != NULL ? pd_face_image_encode_jpeg (crop, NULL) : NULL;
          g_autoptr(PdFaceImage) stored = jpeg != NULL ? pd_face_image_new_from_bytes (jpeg, NULL) : NULL;
          g_auto(PdFaceCapture) c = { 0 };

          /* the template of the photo as stored, as an import makes it */
          if (stored != NULL && pd_engine_face_capture (self, stored, TRUE, &c, NULL) && c.usable)
            {
              g_ptr_array_add (photos, g_steal_pointer (&jpeg));
              g_array_append_vals (templates, c.tmpl, PD_FACE_DESCRIPTOR_DIM);
            }
        }
    }
}

gboolean
pd_engine_holdings_demo (PdEngine   *self,
                         PdCaller   *caller,
                         guint       n_synthetic,
                         gboolean    faces,
                         GError    **error)
{
  static const char * const first[] = { "Ana", "Luis", "Maria", "Jorge", "Elena", "Omar", "Sofia", "Daniel" };
  static const char * const last[] = { "Garcia", "Hernandez", "Lopez", "Martinez", "Perez", "Ramirez", "Torres" };
  static const char * const countries[] = { "MEX", "GTM", "HND", "SLV", "VEN", "COL", "HTI", "CUB" };
  g_autoptr(PdGalleryChanges) changes = pd_gallery_changes_new ();
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GArray) templates = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  g_autofree char *dir = pd_face_default_demo_dir ();
  g_autofree char *params = NULL, *n_photos = NULL, *n_synth = NULL;
  gint64 now = pd_clock_now (self->clock);

  if (!_pd_engine_require_role (self, caller, ADMIN, "demo.holdings", error))
    return FALSE;
  if (faces)
    demo_faces (self, dir, photos, templates);
  tx = pd_store_begin (self->store, error);
  for (guint i = 0; tx != NULL && i < photos->len + n_synthetic; i++)
    {
      g_autoptr(PdHolding) h = g_new0 (PdHolding, 1);
      float tmpl[PD_FACE_DESCRIPTOR_DIM];

      if (i < photos->len)
        {
          memcpy (tmpl, &g_array_index (templates, float, (gsize) i * PD_FACE_DESCRIPTOR_DIM), sizeof tmpl);
          h->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
          g_ptr_array_add (h->photos, g_bytes_ref (photos->pdata[i]));
        }
      else
        {
          for (guint k = 0; k < PD_FACE_DESCRIPTOR_DIM; k++)
            tmpl[k] = (float) g_rand_double_range (rand, -1, 1);
          pd_face_normalize (tmpl, tmpl);
        }
      h->first_name = g_strdup (first[g_rand_int_range (rand, 0, G_N_ELEMENTS (first))]);
      h->last_name = g_strdup (last[g_rand_int_range (rand, 0, G_N_ELEMENTS (last))]);
      h->birth_date = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (rand, 1950, 2005),
                                       g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
      h->citizenship = g_strdup (countries[g_rand_int_range (rand, 0, G_N_ELEMENTS (countries))]);
      h->passport_at_arrival = g_rand_boolean (rand);
      h->intent_to_depart = g_rand_boolean (rand);
      h->eligible_to_fly = g_rand_int_range (rand, 0, 10) > 0;
      h->protected_class = i % 7 == 3;
      h->lawful_entry = i % 9 != 4;
      h->source = g_strdup (i < photos->len ? "demo: face-api sample pictures" : "demo: synthetic template");
      h->source_date = g_strdup ("2026-11-02");
      if (!insert_holding (self, tx, h, tmpl, 1, now, changes, error))
        return FALSE;
      /* A-numbers and passports from the record ids: unique however often
       * the demo runs */
      h->a_number = g_strdup_printf ("2%08" G_GINT64_FORMAT, h->id % 100000000);
      h->documents = g_new0 (char *, 2);
      h->documents[0] = g_strdup_printf ("D%08" G_GINT64_FORMAT "/%s", h->id % 100000000, h->citizenship);
      if (!pd_store_holding_set_a_number (tx, h->id, h->a_number, error) ||
          !pd_store_holding_set_documents (tx, h->id, h->documents, error))
        return FALSE;
    }
  n_photos = g_strdup_printf ("%u", photos->len);
  n_synth = g_strdup_printf ("%u", n_synthetic);
  params = _pd_params ("with_photos", n_photos, "synthetic", n_synth, NULL);
  if (tx == NULL || !_pd_engine_audit_tx (self, tx, caller, "demo.holdings", PD_HOLDINGS_GALLERY, params, "ok", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  /* after the commit, under the store's lock still: the galleries searched */
  pd_gallery_changes_apply (changes, pd_engine_face_get_galleries (self));
  g_message ("demo holdings: %u records with photos (faces of the face-api demo pictures in %s), %u synthetic",
             photos->len, dir != NULL ? dir : "(no face engine)", n_synthetic);
  return TRUE;
}

/* --- checks ----------------------------------------------------------------- */

void
pd_identity_result_clear (PdIdentityResult *r)
{
  sodium_memzero (r->capture.tmpl, sizeof r->capture.tmpl);   /* the capture's template */
  pd_face_capture_clear (&r->capture);
  g_clear_pointer (&r->record, pd_holding_free);
}

static char *
check_object (gint64 id)
{
  return g_strdup_printf ("check:%" G_GINT64_FORMAT, id);
}

gboolean
pd_engine_identity_check (PdEngine          *self,
                          PdCaller          *caller,
                          const PdFaceImage *capture,
                          PdIdentityResult  *out,
                          GError           **error)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (PdGalleryHit));
  g_autoptr(PdIdentityCheck) c = g_new0 (PdIdentityCheck, 1);
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *params = NULL, *fmr = NULL, *codes = NULL, *object = NULL;
  PdGalleries *galleries = pd_engine_face_get_galleries (self);
  gint64 t0 = g_get_monotonic_time ();

  memset (out, 0, sizeof *out);
  g_array_set_clear_func (hits, (GDestroyNotify) pd_gallery_hit_clear);   /* each hit's subject */
  out->op = pd_engine_face_operating_point (self->config->tsa_fmr);
  if (!_pd_engine_require_entitled (self, caller, TSA, "face", "identity.check", error) ||
      !pd_engine_face_capture_for (self, capture, (const char *[]) { PD_HOLDINGS_GALLERY, NULL },
                                   out->op->similarity, &out->capture, error))
    return FALSE;
  /* no match is an answer, never "the closest person" */
  if (out->capture.usable && galleries != NULL &&
      pd_galleries_search (galleries, PD_HOLDINGS_GALLERY, out->capture.tmpl, 1, out->op->similarity, hits) &&
      hits->len > 0)
    out->similarity = g_array_index (hits, PdGalleryHit, 0).similarity;
  out->outcome = !out->capture.usable ? "not-usable" : hits->len > 0 ? "match" : "no-match";

  tx = pd_store_begin (self->store, error);
  if (tx == NULL)
    goto out;
  if (hits->len > 0)
    {
      const char *subject = g_array_index (hits, PdGalleryHit, 0).subject;
      g_autofree char *record = g_strndup (subject, strcspn (subject, "."));

      out->record = pd_store_holding_get (tx, pd_holding_id_from_record (record), TRUE, error);
      if (out->record == NULL)
        goto out;
    }
  out->response_ms = (g_get_monotonic_time () - t0) / 1e3;
  c->created_at = pd_clock_now (self->clock);
  c->user_id = pd_caller_user_id (caller);
  c->port = g_strdup (pd_caller_port (caller));
  c->outcome = g_strdup (out->outcome);
  c->fallback = g_strdup ("none");
  c->response_ms = out->response_ms;
  if (!pd_store_identity_check_insert (tx, c, out->record, error))
    goto out;
  out->check = c->id;
  object = check_object (c->id);
  fmr = g_strdup_printf ("%g", out->op->fmr);
  codes = g_strjoinv (",", out->capture.codes);
  /* never the capture, never the record found */
  params = _pd_params ("thresholds_version", pd_face_thresholds_version (), "target_fmr", fmr,
                       "quality", codes[0] != '\0' ? codes : NULL, NULL);
  if (_pd_engine_audit_tx (self, tx, caller, "identity.check", object, params, out->outcome, error) &&
      pd_store_commit (tx, error))
    return TRUE;
out:
  pd_identity_result_clear (out);
  return FALSE;
}

gboolean
pd_engine_identity_decline (PdEngine  *self,
                            PdCaller  *caller,
                            gint64    *out_check,
                            GError   **error)
{
  g_autoptr(PdIdentityCheck) c = g_new0 (PdIdentityCheck, 1);
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *object = NULL;

  if (!_pd_engine_require_entitled (self, caller, TSA, "face", "identity.decline", error) ||
      (tx = pd_store_begin (self->store, error)) == NULL)
    return FALSE;
  c->created_at = pd_clock_now (self->clock);
  c->user_id = pd_caller_user_id (caller);
  c->port = g_strdup (pd_caller_port (caller));
  c->outcome = g_strdup ("declined");
  c->fallback = g_strdup ("none");
  c->response_ms = -1;
  if (!pd_store_identity_check_insert (tx, c, NULL, error))
    return FALSE;
  object = check_object (c->id);
  if (!_pd_engine_audit_tx (self, tx, caller, "identity.decline", object, NULL, "declined", error) ||
      !pd_store_commit (tx, error))
    return FALSE;
  *out_check = c->id;
  return TRUE;
}

/* The caller's own check @id, still open for its fallback. */
static PdIdentityCheck *
open_check (PdEngine   *self,
            PdStoreTx  *tx,
            PdCaller   *caller,
            gint64      id,
            GError    **error)
{
  g_autoptr(PdIdentityCheck) c = pd_store_identity_check_get (tx, id, error);

  if (c == NULL)
    return NULL;
  if (c->user_id != pd_caller_user_id (caller))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_FORBIDDEN, "Identity check %" G_GINT64_FORMAT " is another officer's", id);
      return NULL;
    }
  if (pd_clock_now (self->clock) - c->created_at > CHECK_OPEN_US)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Identity check %" G_GINT64_FORMAT " is closed (an hour "
                   "after its capture); start a new check", id);
      return NULL;
    }
  if (g_str_equal (c->outcome, "match"))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "Identity check %" G_GINT64_FORMAT " found a match; there is "
                   "nothing to search for", id);
      return NULL;
    }
  return g_steal_pointer (&c);
}

/* Most alike first: names' distances added. */
static int
by_distance (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  GHashTable *score = data;
  guint x = GPOINTER_TO_UINT (g_hash_table_lookup (score, *(gpointer *) a));
  guint y = GPOINTER_TO_UINT (g_hash_table_lookup (score, *(gpointer *) b));

  return x < y ? -1 : x > y;
}

GPtrArray *
pd_engine_identity_search (PdEngine    *self,
                           PdCaller    *caller,
                           gint64       check,
                           const char  *a_number,
                           const char  *last_name,
                           const char  *first_name,
                           const char  *birth_date,
                           GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdIdentityCheck) c = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_holding_free);
  g_autoptr(GHashTable) score = g_hash_table_new (NULL, NULL);
  g_autofree char *object = NULL, *params = NULL, *digits = NULL;

  if (!_pd_engine_require_entitled (self, caller, TSA, "face", "identity.search", error))
    return NULL;
  if (a_number != NULL)
    {
      if ((digits = pd_a_number_normalize (a_number)) == NULL)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "'%s' is not an A-number (8 or 9 digits, A prefix "
                       "allowed)", a_number);
          return NULL;
        }
    }
  else if (last_name == NULL || first_name == NULL || birth_date == NULL || !*last_name || !*first_name)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Search by A-number, or by last name, first name and "
                           "date of birth");
      return NULL;
    }
  else if (!_pd_engine_valid_date (self, "birth_date", birth_date, TRUE, error))
    return NULL;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL || (c = open_check (self, tx, caller, check, error)) == NULL)
    return NULL;
  if (digits != NULL)
    {
      GError *local = NULL;
      PdHolding *h = pd_store_holding_by_a_number (tx, digits, &local);

      if (h == NULL)
        {
          /* nobody with that A-number: answered as not found, audited as
           * a search that found none (the misuse flags count those) */
          if (g_error_matches (local, PD_ERROR, PD_ERROR_NOT_FOUND))
            {
              object = check_object (check);
              params = _pd_params ("a_number", digits, NULL);
              if (_pd_engine_audit_tx (self, tx, caller, "identity.search", object, params, "none", NULL))
                pd_store_commit (tx, NULL);
            }
          g_propagate_error (error, local);
          return NULL;
        }
      g_ptr_array_add (found, h);
    }
  else
    {
      g_autoptr(GPtrArray) born = pd_store_holdings_born (tx, birth_date, error);

      if (born == NULL)
        return NULL;
      for (guint i = 0; i < born->len; i++)
        {
          PdHolding *h = born->pdata[i];
          guint dl = pd_name_distance (last_name, h->last_name), df = pd_name_distance (first_name, h->first_name);
          g_autofree char *fl = pd_name_fold (last_name), *ff = pd_name_fold (first_name), *hf = pd_name_fold (h->first_name);
          /* a letter wrong in four, and a first name abbreviated to its initial */
          gboolean last_ok = dl <= MAX (1u, (guint) strlen (fl) / 4);
          gboolean first_ok = df <= MAX (1u, (guint) strlen (ff) / 4) || (strlen (ff) == 1 && ff[0] == hf[0]);

          if (last_ok && first_ok && found->len < MAX_SEARCH_HITS)
            {
              g_hash_table_insert (score, h, GUINT_TO_POINTER (dl + df));
              g_ptr_array_add (found, g_ptr_array_steal_index (born, i--));
            }
        }
      g_ptr_array_sort_with_data (found, by_distance, score);
    }
  if (g_str_equal (c->fallback, "none") && !pd_store_identity_check_update (tx, check, "searched", NULL, error))
    return NULL;
  object = check_object (check);
  params = digits != NULL ? _pd_params ("a_number", digits, NULL) :
           _pd_params ("last_name", last_name, "first_name", first_name, "birth_date", birth_date, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "identity.search", object, params, found->len > 0 ? "found" : "none",
                            error) || !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&found);
}

gboolean
pd_engine_identity_verify (PdEngine          *self,
                           PdCaller          *caller,
                           gint64             check,
                           const char        *record,
                           const PdFaceImage *capture,
                           PdIdentityResult  *out,
                           GError           **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdIdentityCheck) c = NULL;
  g_autofree char *object = NULL, *params = NULL, *fmr = NULL;
  gint64 t0 = g_get_monotonic_time (), id;
  gboolean verified = FALSE;

  memset (out, 0, sizeof *out);
  if (!_pd_engine_require_entitled (self, caller, TSA, "face", "identity.verify", error) || (id = record_id (record, error)) < 0 ||
      !pd_engine_face_capture (self, capture, FALSE, &out->capture, error))
    return FALSE;
  out->op = pd_engine_face_operating_point (self->config->tsa_fmr);
  out->check = check;
  tx = pd_store_begin (self->store, error);
  if (tx == NULL || (c = open_check (self, tx, caller, check, error)) == NULL ||
      (out->record = pd_store_holding_get (tx, id, TRUE, error)) == NULL)
    goto out;
  out->similarity = -1;
  for (guint n = 1; out->capture.usable && n <= MAX_PHOTOS; n++)
    {
      g_autofree char *subject = pd_holding_subject (id, n);
      g_autoptr(GError) local = NULL;
      float tmpl[PD_FACE_DESCRIPTOR_DIM];
      PdFaceVerdict v;

      if (!pd_store_face_get (tx, PD_HOLDINGS_GALLERY, subject, tmpl, &local))
        {
          if (g_error_matches (local, PD_ERROR, PD_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          goto out;
        }
      pd_face_verify (out->capture.tmpl, tmpl, out->op, &v);
      out->similarity = MAX (out->similarity, v.similarity);
      verified |= v.match;
    }
  out->outcome = !out->capture.usable ? "not-usable" : verified ? "verified" : "not-verified";
  out->response_ms = (g_get_monotonic_time () - t0) / 1e3;
  /* the record the supervisor chose is what the check keeps */
  if (out->capture.usable && !pd_store_identity_check_update (tx, check, out->outcome, out->record, error))
    goto out;
  object = check_object (check);
  fmr = g_strdup_printf ("%g", out->op->fmr);
  params = _pd_params ("record", record, "thresholds_version", pd_face_thresholds_version (), "target_fmr", fmr, NULL);
  if (_pd_engine_audit_tx (self, tx, caller, "identity.verify", object, params, out->outcome, error) &&
      pd_store_commit (tx, error))
    return TRUE;
out:
  pd_identity_result_clear (out);
  return FALSE;
}

/* --- retention ---------------------------------------------------------------- */

static gboolean
purge_checks (PdEngine                *engine,
              PdStoreTx               *tx,
              gint64                   now,
              const PdRetentionPolicy *policy,
              GArray                  *out_ids,
              GError                 **error)
{
  g_autoptr(GArray) ids = pd_store_identity_checks_before (tx, now - policy->period_us, error);

  return pd_retention_purge_ids (tx, "identity_checks", ids, out_ids, error);
}

static const PdRetentionPolicy policies[] = {
  { "tsa.photo", "TSA identity check photo",
    "Never stored: the capture lives in its request only (the traveller may decline it: biographic search only)",
    PD_RETENTION_GUARD, 0, NULL },
  { "tsa.biographic", "TSA identity check A-number and biographic data",
    "Kept 365 days; only aggregate anonymous statistics are reported",
    PD_RETENTION_PURGE, 365 * DAY_US, purge_checks, "SELECT count(*) FROM identity_checks",
    "SELECT min(created_at) + ?1 FROM identity_checks" },
};

const PdRetentionPolicy *
pd_engine_tsa_retention (guint *n)
{
  *n = G_N_ELEMENTS (policies);
  return policies;
}
