/* pd-audit.c
 *
 * Each entry's hash is SHA-256 over the previous entry's hash followed by
 * a canonical encoding of the entry (every field as "<length>:<bytes>").
 * Every N entries, and on shutdown, the chain head is signed with an
 * Ed25519 key created at first start (file mode 0600).  Verification
 * walks the whole chain: sequence gaps, edited, removed or reordered rows
 * and forged or missing checkpoints are reported with the first bad seq.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-audit"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "pd-audit.h"
#include "pd-error.h"

#define CHECKPOINT_CONTEXT_V1 "portdesk-audit-checkpoint-v1"
#define CHECKPOINT_CONTEXT "portdesk-audit-checkpoint-v2"

struct _PdAudit
{
  GObject parent_instance;
  guint8  secret_key[crypto_sign_SECRETKEYBYTES];
  guint8  public_key[crypto_sign_PUBLICKEYBYTES];
  guint   interval;
};

G_DEFINE_FINAL_TYPE (PdAudit, pd_audit, G_TYPE_OBJECT)

static void
pd_audit_finalize (GObject *object)
{
  PdAudit *self = PD_AUDIT (object);

  sodium_memzero (self->secret_key, sizeof self->secret_key);
  G_OBJECT_CLASS (pd_audit_parent_class)->finalize (object);
}

static void
pd_audit_class_init (PdAuditClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_audit_finalize;
}

static void
pd_audit_init (PdAudit *self)
{
}

void
pd_audit_report_clear (PdAuditReport *report)
{
  g_clear_pointer (&report->problem, g_free);
}

static gboolean
load_or_create_key (PdAudit     *self,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (g_file_get_contents (path, &contents, &len, NULL))
    {
      if (len != sizeof self->secret_key)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL,
                       "The audit signing key %s is damaged (%" G_GSIZE_FORMAT " bytes)", path, len);
          return FALSE;
        }
      memcpy (self->secret_key, contents, len);
      sodium_memzero (contents, len);
      crypto_sign_ed25519_sk_to_pk (self->public_key, self->secret_key);
      return TRUE;
    }

  crypto_sign_keypair (self->public_key, self->secret_key);
  if (!g_file_set_contents_full (path, (const char *) self->secret_key, sizeof self->secret_key,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error))
    {
      g_prefix_error (error, "Cannot write the audit signing key: ");
      return FALSE;
    }
  g_info ("created audit signing key %s", path);
  return TRUE;
}

PdAudit *
pd_audit_new (const char  *key_path,
              guint        checkpoint_interval,
              GError     **error)
{
  g_autoptr(PdAudit) self = g_object_new (PD_TYPE_AUDIT, NULL);

  self->interval = MAX (checkpoint_interval, 1);
  if (!load_or_create_key (self, key_path, error))
    return NULL;
  return g_steal_pointer (&self);
}

const guint8 *
pd_audit_get_public_key (PdAudit *self)
{
  g_return_val_if_fail (PD_IS_AUDIT (self), NULL);
  return self->public_key;
}

static void
hash_field (crypto_hash_sha256_state *st,
            const char               *value)
{
  char prefix[24];
  gsize len = value != NULL ? strlen (value) : 0;
  int n = g_snprintf (prefix, sizeof prefix, "%" G_GSIZE_FORMAT ":", len);

  crypto_hash_sha256_update (st, (const guint8 *) prefix, n);
  if (len > 0)
    crypto_hash_sha256_update (st, (const guint8 *) value, len);
}

void
pd_audit_entry_hash (const PdAuditEntry *e,
                     guint8              out[32])
{
  crypto_hash_sha256_state st;
  char seq[24], at[24];

  g_snprintf (seq, sizeof seq, "%" G_GINT64_FORMAT, e->seq);
  g_snprintf (at, sizeof at, "%" G_GINT64_FORMAT, e->at);
  crypto_hash_sha256_init (&st);
  crypto_hash_sha256_update (&st, e->prev_hash, 32);
  hash_field (&st, seq);
  hash_field (&st, at);
  hash_field (&st, e->actor);
  hash_field (&st, e->role);
  hash_field (&st, e->action);
  hash_field (&st, e->object);
  hash_field (&st, e->params);
  hash_field (&st, e->outcome);
  hash_field (&st, e->client);
  crypto_hash_sha256_final (&st, out);
}

/* What a checkpoint signs: its entry, time and head hash and, since v2, the
 * entry by which the next checkpoint is due. */
static void
checkpoint_message (const PdCheckpoint *cp,
                    guint8              out[32])
{
  crypto_hash_sha256_state st;
  guint64 be_seq = GUINT64_TO_BE ((guint64) cp->seq);
  guint64 be_at = GUINT64_TO_BE ((guint64) cp->at);
  guint64 be_due = GUINT64_TO_BE ((guint64) cp->next_due);
  const char *context = cp->next_due > 0 ? CHECKPOINT_CONTEXT : CHECKPOINT_CONTEXT_V1;

  crypto_hash_sha256_init (&st);
  crypto_hash_sha256_update (&st, (const guint8 *) context, strlen (context));
  crypto_hash_sha256_update (&st, (const guint8 *) &be_seq, 8);
  crypto_hash_sha256_update (&st, (const guint8 *) &be_at, 8);
  if (cp->next_due > 0)
    crypto_hash_sha256_update (&st, (const guint8 *) &be_due, 8);
  crypto_hash_sha256_update (&st, cp->head_hash, 32);
  crypto_hash_sha256_final (&st, out);
}

static gboolean
sign_head (PdAudit       *self,
           PdStoreTx     *tx,
           gint64         seq,
           const guint8   head[32],
           gint64         now,
           GError       **error)
{
  PdCheckpoint cp = { .seq = seq, .at = now, .next_due = seq + self->interval };
  guint8 msg[32];

  memcpy (cp.head_hash, head, 32);
  memcpy (cp.public_key, self->public_key, 32);
  checkpoint_message (&cp, msg);
  crypto_sign_detached (cp.signature, NULL, msg, sizeof msg, self->secret_key);
  return pd_store_checkpoint_insert (tx, &cp, error);
}

/* The entry at which the next checkpoint is due: what the newest one
 * promised, or the first multiple of the interval. */
static gint64
next_due (PdAudit   *self,
          PdStoreTx *tx)
{
  gint64 last_seq, due;

  pd_store_checkpoint_last (tx, &last_seq, &due);
  if (due > 0)
    return due;
  return (last_seq / self->interval + 1) * self->interval;
}

gboolean
pd_audit_append (PdAudit     *self,
                 PdStoreTx   *tx,
                 gint64       now,
                 const char  *actor,
                 const char  *role,
                 const char  *action,
                 const char  *object,
                 const char  *params,
                 const char  *outcome,
                 const char  *client,
                 GError     **error)
{
  PdAuditEntry e = {
    .at = now,
    .actor = (char *) (actor ? actor : "-"),
    .role = (char *) (role ? role : "-"),
    .action = (char *) action,
    .object = (char *) (object ? object : ""),
    .params = (char *) (params ? params : "{}"),
    .outcome = (char *) outcome,
    .client = (char *) (client ? client : ""),
  };

  g_return_val_if_fail (PD_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (action != NULL && outcome != NULL, FALSE);

  if (!pd_store_audit_last (tx, &e.seq, e.prev_hash, error))
    return FALSE;
  e.seq++;
  pd_audit_entry_hash (&e, e.hash);
  if (!pd_store_audit_insert (tx, &e, error))
    return FALSE;
  if (e.seq >= next_due (self, tx))
    return sign_head (self, tx, e.seq, e.hash, now, error);
  return TRUE;
}

gboolean
pd_audit_checkpoint (PdAudit    *self,
                     PdStoreTx  *tx,
                     gint64      now,
                     GError    **error)
{
  guint8 head[32];
  gint64 seq;

  if (!pd_store_audit_last (tx, &seq, head, error))
    return FALSE;
  if (seq == 0)
    return TRUE;
  return sign_head (self, tx, seq, head, now, error);   /* ON CONFLICT DO NOTHING: once per seq */
}

typedef struct {
  gint64      expect_seq;
  guint8      prev_hash[32];
  GHashTable *hashes;          /* seq -> hash (32 bytes) */
  PdAuditReport *report;
} VerifyState;

static void
report_bad (PdAuditReport *report,
            gint64         seq,
            char          *problem)
{
  if (report->ok)
    {
      report->ok = FALSE;
      report->first_bad_seq = seq;
      report->problem = problem;
    }
  else
    g_free (problem);
}

static gboolean
verify_entry (const PdAuditEntry  *e,
              gpointer             user_data,
              GError             **error)
{
  VerifyState *st = user_data;
  guint8 h[32];

  st->report->entries++;
  if (e->seq != st->expect_seq)
    {
      report_bad (st->report, st->expect_seq,
                  g_strdup_printf ("entry %" G_GINT64_FORMAT " is missing or out of order (found %" G_GINT64_FORMAT ")",
                                   st->expect_seq, e->seq));
      return TRUE;
    }
  if (memcmp (e->prev_hash, st->prev_hash, 32) != 0)
    {
      report_bad (st->report, e->seq,
                  g_strdup_printf ("entry %" G_GINT64_FORMAT " does not link to the entry before it", e->seq));
      return TRUE;
    }
  pd_audit_entry_hash (e, h);
  if (memcmp (h, e->hash, 32) != 0)
    {
      report_bad (st->report, e->seq,
                  g_strdup_printf ("entry %" G_GINT64_FORMAT " was changed after it was written", e->seq));
      return TRUE;
    }
  g_hash_table_insert (st->hashes, g_memdup2 (&e->seq, sizeof e->seq), g_memdup2 (e->hash, 32));
  memcpy (st->prev_hash, e->hash, 32);
  st->expect_seq++;
  return TRUE;
}

gboolean
pd_audit_verify (PdAudit        *self,
                 PdStoreTx      *tx,
                 PdAuditReport  *report,
                 GError        **error)
{
  g_autoptr(GHashTable) hashes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) cps = NULL;
  VerifyState st = { .expect_seq = 1, .hashes = hashes, .report = report };
  gint64 last_seq = 0;
  gint64 promised = 0;   /* next_due of the last good checkpoint */

  memset (report, 0, sizeof *report);
  report->ok = TRUE;

  if (!pd_store_audit_foreach (tx, verify_entry, &st, error))
    return FALSE;
  last_seq = st.expect_seq - 1;

  cps = pd_store_checkpoint_list (tx, error);
  if (cps == NULL)
    return FALSE;
  for (guint i = 0; i < cps->len; i++)
    {
      const PdCheckpoint *cp = g_ptr_array_index (cps, i);
      const guint8 *h = g_hash_table_lookup (hashes, &cp->seq);
      guint8 msg[32];

      report->checkpoints++;
      if (memcmp (cp->public_key, self->public_key, 32) != 0)
        {
          report_bad (report, cp->seq,
                      g_strdup_printf ("checkpoint at entry %" G_GINT64_FORMAT " is signed by an unknown key", cp->seq));
          continue;
        }
      checkpoint_message (cp, msg);
      if (crypto_sign_verify_detached (cp->signature, msg, sizeof msg, self->public_key) != 0)
        {
          report_bad (report, cp->seq,
                      g_strdup_printf ("checkpoint at entry %" G_GINT64_FORMAT " has a bad signature", cp->seq));
          continue;
        }
      if (cp->seq > last_seq && report->ok)
        {
          report_bad (report, last_seq + 1,
                      g_strdup_printf ("entries %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                                       " were signed but are gone (truncated log)", last_seq + 1, cp->seq));
          continue;
        }
      if (h != NULL && memcmp (h, cp->head_hash, 32) != 0)
        {
          report_bad (report, cp->seq,
                      g_strdup_printf ("entry %" G_GINT64_FORMAT " differs from the signed checkpoint", cp->seq));
          continue;
        }
      /* each signed checkpoint promised the next one by its next_due */
      if (promised > 0 && cp->seq > promised)
        report_bad (report, promised,
                    g_strdup_printf ("the checkpoint due by entry %" G_GINT64_FORMAT " is missing (deleted?)", promised));
      promised = cp->next_due;
      report->last_signed_seq = MAX (report->last_signed_seq, cp->seq);
    }
  if (promised > 0 && last_seq >= promised)
    report_bad (report, promised,
                g_strdup_printf ("the checkpoint due by entry %" G_GINT64_FORMAT " is missing (deleted?)", promised));
  else if (report->last_signed_seq == 0 && last_seq >= self->interval)
    report_bad (report, self->interval,
                g_strdup_printf ("%" G_GINT64_FORMAT " entries and not one signed checkpoint (deleted?)", last_seq));
  return TRUE;
}
