/* pd-store-tsa.c: holdings and identity checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <stdlib.h>
#include <string.h>

#include "pd-error.h"
#include "pd-store-private.h"
#include "pd-store-tsa.h"

#define HOLDING_COLUMNS \
  "id, first_name, last_name, birth_date, a_number, citizenship, passport_at_arrival, intent_to_depart, " \
  "eligible_to_fly, protected_class, source, source_date, n_photos, created_at, lawful_entry, " \
  "(SELECT group_concat (d.number || '/' || d.country, ' ') FROM holding_documents d WHERE d.holding_id = holdings.id), " \
  "watch_list"

#define CHECK_COLUMNS \
  "id, created_at, user_id, port, outcome, fallback, response_ms, a_number, first_name, last_name, " \
  "birth_date, citizenship"

void
pd_holding_free (PdHolding *h)
{
  if (h == NULL)
    return;
  g_free (h->first_name);
  g_free (h->last_name);
  g_free (h->birth_date);
  g_free (h->a_number);
  g_free (h->citizenship);
  g_free (h->source);
  g_free (h->source_date);
  g_strfreev (h->documents);
  g_clear_pointer (&h->photos, g_ptr_array_unref);
  g_free (h);
}

char *
pd_holding_record (gint64 id)
{
  return g_strdup_printf ("H%08" G_GINT64_FORMAT, id);
}

gint64
pd_holding_id_from_record (const char *record)
{
  gsize len = record != NULL ? strlen (record) : 0;

  if (len < 9 || len > 16 || record[0] != 'H')
    return -1;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isdigit (record[i]))
      return -1;
  return g_ascii_strtoll (record + 1, NULL, 10);
}

char *
pd_holding_subject (gint64 id,
                    guint  n)
{
  return g_strdup_printf ("H%08" G_GINT64_FORMAT ".%u", id, n);
}

static gpointer
holding_from_row (PdStmt *stmt)
{
  PdHolding *h = g_new0 (PdHolding, 1);

  h->id = pd_stmt_column_int64 (stmt, 0);
  h->first_name = _pd_column_dup (stmt, 1);
  h->last_name = _pd_column_dup (stmt, 2);
  h->birth_date = _pd_column_dup (stmt, 3);
  h->a_number = _pd_column_dup (stmt, 4);
  h->citizenship = _pd_column_dup (stmt, 5);
  h->passport_at_arrival = pd_stmt_column_int (stmt, 6) != 0;
  h->intent_to_depart = pd_stmt_column_int (stmt, 7) != 0;
  h->eligible_to_fly = pd_stmt_column_int (stmt, 8) != 0;
  h->protected_class = pd_stmt_column_int (stmt, 9) != 0;
  h->source = _pd_column_dup (stmt, 10);
  h->source_date = _pd_column_dup (stmt, 11);
  h->n_photos = (guint) pd_stmt_column_int (stmt, 12);
  h->created_at = pd_stmt_column_int64 (stmt, 13);
  h->lawful_entry = pd_stmt_column_int (stmt, 14) != 0;
  if (!pd_stmt_column_is_null (stmt, 15))
    h->documents = g_strsplit (pd_stmt_column_text (stmt, 15), " ", -1);
  h->watch_list = pd_stmt_column_int (stmt, 16) != 0;
  return h;
}

gboolean
pd_store_holding_insert (PdStoreTx  *tx,
                         PdHolding  *h,
                         gint64      now,
                         GError    **error)
{
  g_autoptr(PdStmt) ins = _pd_store_prepare (tx, "INSERT INTO holdings (first_name, last_name, birth_date, "
                                                       "a_number, citizenship, passport_at_arrival, intent_to_depart, "
                                                       "eligible_to_fly, protected_class, source, source_date, n_photos, "
                                                       "created_at, lawful_entry, watch_list) VALUES (?1, ?2, ?3, ?4, "
                                                       "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", error);
  g_autoptr(PdStmt) photo = NULL;

  if (ins == NULL)
    return FALSE;
  _pd_bind_text (ins, 1, h->first_name);
  _pd_bind_text (ins, 2, h->last_name);
  _pd_bind_text (ins, 3, h->birth_date);
  _pd_bind_text (ins, 4, h->a_number);
  _pd_bind_text (ins, 5, h->citizenship);
  pd_stmt_bind_int64 (ins, 6, h->passport_at_arrival);
  pd_stmt_bind_int64 (ins, 7, h->intent_to_depart);
  pd_stmt_bind_int64 (ins, 8, h->eligible_to_fly);
  pd_stmt_bind_int64 (ins, 9, h->protected_class);
  _pd_bind_text (ins, 10, h->source);
  _pd_bind_text (ins, 11, h->source_date);
  pd_stmt_bind_int64 (ins, 12, h->photos != NULL ? (int) h->photos->len : 0);
  pd_stmt_bind_int64 (ins, 13, now);
  pd_stmt_bind_int64 (ins, 14, h->lawful_entry);
  pd_stmt_bind_int64 (ins, 15, h->watch_list);
  if (!_pd_store_step_done (tx, ins, error))
    return FALSE;
  h->id = _pd_store_last_id (tx);
  if (h->documents != NULL && !pd_store_holding_set_documents (tx, h->id, h->documents, error))
    return FALSE;
  h->created_at = now;
  h->n_photos = h->photos != NULL ? h->photos->len : 0;
  for (guint i = 0; i < h->n_photos; i++)
    {
      GBytes *bytes = h->photos->pdata[i];

      if (photo == NULL)
        photo = _pd_store_prepare (tx, "INSERT INTO holding_photos (holding_id, n, photo) VALUES (?1, ?2, ?3)", error);
      if (photo == NULL)
        return FALSE;
      pd_stmt_reset (photo);
      pd_stmt_bind_int64 (photo, 1, h->id);
      pd_stmt_bind_int64 (photo, 2, (int) i + 1);
      pd_stmt_bind_blob (photo, 3, g_bytes_get_data (bytes, NULL), (int) g_bytes_get_size (bytes));
      if (!_pd_store_step_done (tx, photo, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_holding_set_a_number (PdStoreTx   *tx,
                               gint64       id,
                               const char  *a_number,
                               GError     **error)
{
  g_autoptr(PdStmt) upd = _pd_store_prepare (tx, "UPDATE holdings SET a_number = ?1 WHERE id = ?2", error);

  if (upd == NULL)
    return FALSE;
  _pd_bind_text (upd, 1, a_number);
  pd_stmt_bind_int64 (upd, 2, id);
  return _pd_store_step_done (tx, upd, error);
}

gboolean
pd_store_holding_set_documents (PdStoreTx     *tx,
                                gint64         id,
                                char * const  *documents,
                                GError       **error)
{
  g_autoptr(PdStmt) del = _pd_store_prepare (tx, "DELETE FROM holding_documents WHERE holding_id = ?1", error);
  g_autoptr(PdStmt) ins = _pd_store_prepare (tx, "INSERT OR IGNORE INTO holding_documents (holding_id, number, "
                                                       "country) VALUES (?1, ?2, ?3)", error);

  if (del == NULL || ins == NULL)
    return FALSE;
  pd_stmt_bind_int64 (del, 1, id);
  if (!_pd_store_step_done (tx, del, error))
    return FALSE;
  for (guint i = 0; documents != NULL && documents[i] != NULL; i++)
    {
      const char *slash = strchr (documents[i], '/');

      g_return_val_if_fail (slash != NULL, FALSE);
      pd_stmt_reset (ins);
      pd_stmt_bind_int64 (ins, 1, id);
      pd_stmt_bind_text_len (ins, 2, documents[i], slash - documents[i]);
      _pd_bind_text (ins, 3, slash + 1);
      if (!_pd_store_step_done (tx, ins, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
pd_store_holdings_watch_list (PdStoreTx  *tx,
                              GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " HOLDING_COLUMNS " FROM holdings WHERE watch_list <> 0 "
                                                        "ORDER BY id", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_holding_free);

  if (stmt == NULL || !_pd_store_rows (tx, stmt, holding_from_row, rows, "Cannot read the holdings", error))
    return NULL;
  return g_steal_pointer (&rows);
}

GPtrArray *
pd_store_holdings_by_document (PdStoreTx   *tx,
                               const char  *number,
                               const char  *country,
                               GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " HOLDING_COLUMNS " FROM holdings WHERE id IN "
                                                        "(SELECT holding_id FROM holding_documents WHERE number = ?1 "
                                                        "AND country = ?2) ORDER BY id", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_holding_free);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, number);
  _pd_bind_text (stmt, 2, country);
  if (!_pd_store_rows (tx, stmt, holding_from_row, rows, "Cannot read the holdings", error))
    return NULL;
  return g_steal_pointer (&rows);
}

static gboolean
read_photos (PdStoreTx  *tx,
             PdHolding  *h,
             GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT photo FROM holding_photos WHERE holding_id = ?1 "
                                                        "ORDER BY n", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, h->id);
  h->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    g_ptr_array_add (h->photos, g_bytes_new (pd_stmt_column_blob (stmt, 0), pd_stmt_column_bytes (stmt, 0)));
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, "Cannot read the record's photos");
      return FALSE;
    }
  return TRUE;
}

/* The one record @stmt finds, NULL with NOT_FOUND (@what) when none. */
static PdHolding *
one_holding (PdStoreTx     *tx,
             PdStmt        *stmt,
             gboolean       with_photos,
             const char    *what,
             GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_holding_free);

  if (!_pd_store_rows (tx, stmt, holding_from_row, rows, "Cannot read the holdings", error))
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no record %s", what);
      return NULL;
    }
  if (with_photos && !read_photos (tx, rows->pdata[0], error))
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

PdHolding *
pd_store_holding_get (PdStoreTx  *tx,
                      gint64      id,
                      gboolean    with_photos,
                      GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " HOLDING_COLUMNS " FROM holdings WHERE id = ?1", error);
  g_autofree char *record = pd_holding_record (id);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  return one_holding (tx, stmt, with_photos, record, error);
}

PdHolding *
pd_store_holding_by_a_number (PdStoreTx   *tx,
                              const char  *a_number,
                              GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " HOLDING_COLUMNS " FROM holdings WHERE a_number = ?1",
                                                    error);
  g_autofree char *what = g_strdup_printf ("with A-number A%s", a_number);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, a_number);
  return one_holding (tx, stmt, FALSE, what, error);
}

gboolean
pd_store_holding_delete (PdStoreTx  *tx,
                         gint64      id,
                         GError    **error)
{
  g_autoptr(PdStmt) photos = _pd_store_prepare (tx, "DELETE FROM holding_photos WHERE holding_id = ?1", error);
  g_autoptr(PdStmt) watched = _pd_store_prepare (tx, "DELETE FROM tvs_watchlist WHERE holding_id = ?1", error);
  g_autoptr(PdStmt) del = _pd_store_prepare (tx, "DELETE FROM holdings WHERE id = ?1", error);

  if (photos == NULL || watched == NULL || del == NULL)
    return FALSE;
  pd_stmt_bind_int64 (photos, 1, id);
  pd_stmt_bind_int64 (watched, 1, id);
  pd_stmt_bind_int64 (del, 1, id);
  if (!_pd_store_step_done (tx, photos, error) || !_pd_store_step_done (tx, watched, error) ||
      !pd_store_holding_set_documents (tx, id, NULL, error) ||
      !_pd_store_step_done (tx, del, error))
    return FALSE;
  if (_pd_store_changes (tx) == 0)
    {
      g_autofree char *record = pd_holding_record (id);

      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no record %s", record);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
pd_store_holdings_list (PdStoreTx  *tx,
                        gint64      after_id,
                        guint       limit,
                        GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " HOLDING_COLUMNS " FROM holdings WHERE id > ?1 "
                                                        "ORDER BY id LIMIT ?2", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_holding_free);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, after_id);
  pd_stmt_bind_int64 (stmt, 2, limit);
  if (!_pd_store_rows (tx, stmt, holding_from_row, out, "Cannot read the holdings", error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
pd_store_holdings_born (PdStoreTx   *tx,
                        const char  *birth_date,
                        GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " HOLDING_COLUMNS " FROM holdings "
                                                        "WHERE birth_date = ?1 ORDER BY id", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_holding_free);

  if (stmt == NULL)
    return NULL;
  _pd_bind_text (stmt, 1, birth_date);
  if (!_pd_store_rows (tx, stmt, holding_from_row, out, "Cannot read the holdings", error))
    return NULL;
  return g_steal_pointer (&out);
}

/* --- identity checks -------------------------------------------------------- */

void
pd_identity_check_free (PdIdentityCheck *c)
{
  if (c == NULL)
    return;
  g_free (c->port);
  g_free (c->outcome);
  g_free (c->fallback);
  g_free (c->a_number);
  g_free (c->first_name);
  g_free (c->last_name);
  g_free (c->birth_date);
  g_free (c->citizenship);
  g_free (c);
}

static gpointer
check_from_row (PdStmt *stmt)
{
  PdIdentityCheck *c = g_new0 (PdIdentityCheck, 1);

  c->id = pd_stmt_column_int64 (stmt, 0);
  c->created_at = pd_stmt_column_int64 (stmt, 1);
  c->user_id = pd_stmt_column_int64 (stmt, 2);
  c->port = _pd_column_dup (stmt, 3);
  c->outcome = _pd_column_dup (stmt, 4);
  c->fallback = _pd_column_dup (stmt, 5);
  c->response_ms = pd_stmt_column_is_null (stmt, 6) ? -1 : pd_stmt_column_double (stmt, 6);
  c->a_number = _pd_column_dup (stmt, 7);
  c->first_name = _pd_column_dup (stmt, 8);
  c->last_name = _pd_column_dup (stmt, 9);
  c->birth_date = _pd_column_dup (stmt, 10);
  c->citizenship = _pd_column_dup (stmt, 11);
  return c;
}

/* Binds @found's biographic data from parameter @first on (five values). */
static void
bind_found (PdStmt          *stmt,
            int              first,
            const PdHolding *found)
{
  _pd_bind_text (stmt, first, found->a_number);
  _pd_bind_text (stmt, first + 1, found->first_name);
  _pd_bind_text (stmt, first + 2, found->last_name);
  _pd_bind_text (stmt, first + 3, found->birth_date);
  _pd_bind_text (stmt, first + 4, found->citizenship);
}

gboolean
pd_store_identity_check_insert (PdStoreTx        *tx,
                                PdIdentityCheck  *c,
                                const PdHolding  *found,
                                GError          **error)
{
  g_autoptr(PdStmt) ins = _pd_store_prepare (tx, "INSERT INTO identity_checks (created_at, user_id, port, outcome, "
                                                       "fallback, response_ms, a_number, first_name, last_name, "
                                                       "birth_date, citizenship) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                                                       "?8, ?9, ?10, ?11)", error);

  if (ins == NULL)
    return FALSE;
  pd_stmt_bind_int64 (ins, 1, c->created_at);
  pd_stmt_bind_int64 (ins, 2, c->user_id);
  _pd_bind_text (ins, 3, c->port);
  _pd_bind_text (ins, 4, c->outcome);
  _pd_bind_text (ins, 5, c->fallback);
  if (c->response_ms >= 0)
    pd_stmt_bind_double (ins, 6, c->response_ms);
  if (found != NULL)
    bind_found (ins, 7, found);
  if (!_pd_store_step_done (tx, ins, error))
    return FALSE;
  c->id = _pd_store_last_id (tx);
  return TRUE;
}

PdIdentityCheck *
pd_store_identity_check_get (PdStoreTx  *tx,
                             gint64      id,
                             GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " CHECK_COLUMNS " FROM identity_checks WHERE id = ?1",
                                                    error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_identity_check_free);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, id);
  if (!_pd_store_rows (tx, stmt, check_from_row, rows, "Cannot read the identity check", error))
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "There is no identity check %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

gboolean
pd_store_identity_check_update (PdStoreTx        *tx,
                                gint64            id,
                                const char       *fallback,
                                const PdHolding  *found,
                                GError          **error)
{
  g_autoptr(PdStmt) upd = NULL;

  upd = _pd_store_prepare (tx, found != NULL ?
                           "UPDATE identity_checks SET fallback = ?1, a_number = ?3, first_name = ?4, last_name = ?5, "
                           "birth_date = ?6, citizenship = ?7 WHERE id = ?2" :
                           "UPDATE identity_checks SET fallback = ?1 WHERE id = ?2", error);
  if (upd == NULL)
    return FALSE;
  _pd_bind_text (upd, 1, fallback);
  pd_stmt_bind_int64 (upd, 2, id);
  if (found != NULL)
    bind_found (upd, 3, found);
  return _pd_store_step_done (tx, upd, error);
}

GArray *
pd_store_identity_checks_before (PdStoreTx  *tx,
                                 gint64      before,
                                 GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT id FROM identity_checks WHERE created_at < ?1 "
                                                        "ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, before);
  return _pd_store_ids (tx, stmt, "Cannot read the identity checks", error);
}

GPtrArray *
pd_store_identity_checks_between (PdStoreTx  *tx,
                                  gint64      from,
                                  gint64      to,
                                  GError    **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, "SELECT " CHECK_COLUMNS " FROM identity_checks "
                                                        "WHERE created_at >= ?1 AND created_at < ?2 "
                                                        "ORDER BY port, created_at", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_identity_check_free);

  if (stmt == NULL)
    return NULL;
  pd_stmt_bind_int64 (stmt, 1, from);
  pd_stmt_bind_int64 (stmt, 2, to);
  if (!_pd_store_rows (tx, stmt, check_from_row, out, "Cannot read the identity checks", error))
    return NULL;
  return g_steal_pointer (&out);
}
