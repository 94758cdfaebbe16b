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
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "pd-audit.h"
#include "pd-clock.h"
#include "pd-error.h"
#include "pd-json.h"

#define CHECKPOINT_CONTEXT_V1 "portdesk-audit-checkpoint-v1"
#define CHECKPOINT_CONTEXT "portdesk-audit-checkpoint-v2"

struct _PdAudit
{
  GObject parent_instance;
  guint8  secret_key[crypto_sign_SECRETKEYBYTES];
  guint8  public_key[crypto_sign_PUBLICKEYBYTES];
  guint   interval;
  gboolean can_sign;
  char   *anchor_path;     /* NULL: no external anchor */
  int     anchor_fd;       /* -1: not writing to it */
};

G_DEFINE_FINAL_TYPE (PdAudit, pd_audit, G_TYPE_OBJECT)

static void
pd_audit_finalize (GObject *object)
{
  PdAudit *self = PD_AUDIT (object);

  sodium_memzero (self->secret_key, sizeof self->secret_key);
  if (self->anchor_fd >= 0)
    close (self->anchor_fd);
  g_free (self->anchor_path);
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
  self->anchor_fd = -1;
}

const char *
pd_anchor_state_to_string (PdAnchorState state)
{
  static const char * const names[] = { "off", "anchored", "behind", "failed" };

  g_return_val_if_fail (state <= PD_ANCHOR_FAILED, "failed");
  return names[state];
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
  self->can_sign = TRUE;
  return g_steal_pointer (&self);
}

PdAudit *
pd_audit_new_verifier (const guint8 public_key[32])
{
  PdAudit *self = g_object_new (PD_TYPE_AUDIT, NULL);

  self->interval = G_MAXUINT;      /* the anchor, not the interval, says what must be signed */
  memcpy (self->public_key, public_key, 32);
  return self;
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

/* --- the external anchor ----------------------------------------------------
 *
 * One line per checkpoint: "v1 SEQ AT_US NEXT_DUE HEAD KEY SIGNATURE" (the
 * last three in hex), everything the signature covers, so each line can be
 * checked on its own. */

static char *
hex_encode (const guint8 *data,
            gsize         len)
{
  char *out = g_malloc (len * 2 + 1);

  sodium_bin2hex (out, len * 2 + 1, data, len);
  return out;
}

static gboolean
hex_decode (const char *text,
            guint8     *out,
            gsize       len)
{
  gsize n = 0;

  return strlen (text) == len * 2 &&
         sodium_hex2bin (out, len, text, len * 2, NULL, &n, NULL) == 0 && n == len;
}

char *
pd_audit_anchor_line (const PdCheckpoint *cp)
{
  g_autofree char *head = hex_encode (cp->head_hash, 32);
  g_autofree char *key = hex_encode (cp->public_key, 32);
  g_autofree char *sig = hex_encode (cp->signature, 64);

  return g_strdup_printf ("v1 %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %s %s\n",
                          cp->seq, cp->at, cp->next_due, head, key, sig);
}

gboolean
pd_audit_anchor_parse_line (const char   *line,
                            PdCheckpoint *cp)
{
  g_auto(GStrv) f = g_strsplit (line, " ", -1);
  char *end = NULL;

  memset (cp, 0, sizeof *cp);
  if (g_strv_length (f) != 7 || strcmp (f[0], "v1") != 0)
    return FALSE;
  cp->seq = g_ascii_strtoll (f[1], &end, 10);
  if (*end != '\0' || cp->seq <= 0)
    return FALSE;
  cp->at = g_ascii_strtoll (f[2], &end, 10);
  if (*end != '\0')
    return FALSE;
  cp->next_due = g_ascii_strtoll (f[3], &end, 10);
  if (*end != '\0')
    return FALSE;
  return hex_decode (f[4], cp->head_hash, 32) && hex_decode (f[5], cp->public_key, 32) &&
         hex_decode (f[6], cp->signature, 64);
}

/* The anchor's checkpoints in file order; *out_bad_line is the first line
 * that is not one (0: none), and reading stops there. */
static GArray *
anchor_read (const char  *path,
             guint       *out_bad_line,
             GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (PdCheckpoint));
  g_auto(GStrv) lines = NULL;
  gsize len;

  *out_bad_line = 0;
  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      PdCheckpoint cp;

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;                                   /* after the last newline */
      if (!pd_audit_anchor_parse_line (lines[i], &cp))
        {
          *out_bad_line = i + 1;
          break;
        }
      g_array_append_val (out, cp);
    }
  return g_steal_pointer (&out);
}

gboolean
pd_audit_anchor_key (const char  *path,
                     guint8       out_key[32],
                     GError     **error)
{
  guint bad = 0;
  g_autoptr(GArray) cps = anchor_read (path, &bad, error);

  if (cps == NULL)
    return FALSE;
  if (cps->len == 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "The anchor %s holds no checkpoint%s", path,
                   bad > 0 ? " (its first line is damaged)" : "");
      return FALSE;
    }
  memcpy (out_key, g_array_index (cps, PdCheckpoint, 0).public_key, 32);
  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           GError     **error)
{
  gsize len = strlen (data);

  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "%s", g_strerror (errno));
          return FALSE;
        }
      data += n;
      len -= n;
    }
  if (fsync (fd) != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "fsync: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  PdAudit *audit;
  char    *line;
} AnchorWrite;

static void
anchor_write_free (AnchorWrite *w)
{
  g_object_unref (w->audit);
  g_free (w->line);
  g_free (w);
}

/* After the checkpoint's transaction committed (a PdStoreCommitFunc).  A
 * crash or a failed write here leaves the checkpoint in the database
 * only: pd_audit_set_anchor writes it at the next start. */
static void
anchor_write_committed (gpointer data)
{
  AnchorWrite *w = data;
  g_autoptr(GError) error = NULL;

  if (w->audit->anchor_fd >= 0 && !write_all (w->audit->anchor_fd, w->line, &error))
    g_warning ("could not write a checkpoint to the audit anchor %s: %s (it is written at the next start)",
               w->audit->anchor_path, error->message);
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
  gboolean inserted = FALSE;

  memcpy (cp.head_hash, head, 32);
  memcpy (cp.public_key, self->public_key, 32);
  g_return_val_if_fail (self->can_sign, FALSE);
  checkpoint_message (&cp, msg);
  crypto_sign_detached (cp.signature, NULL, msg, sizeof msg, self->secret_key);
  if (!pd_store_checkpoint_insert (tx, &cp, &inserted, error))
    return FALSE;
  if (inserted && self->anchor_fd >= 0)
    {
      AnchorWrite *w = g_new0 (AnchorWrite, 1);

      w->audit = g_object_ref (self);
      w->line = pd_audit_anchor_line (&cp);
      pd_store_tx_on_commit (tx, anchor_write_committed, w, (GDestroyNotify) anchor_write_free);
    }
  return TRUE;
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
                 gint64      *out_seq,
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
  if (out_seq != NULL)
    *out_seq = e.seq;
  if (e.seq >= next_due (self, tx))
    return sign_head (self, tx, e.seq, e.hash, now, error);
  return TRUE;
}

/* Registers this daemon's key in the chain (once): an "audit.key" entry
 * whose object is the key in hex, from which on the verifier trusts the
 * checkpoints it signs.  Every daemon of a site has a key of its own. */
gboolean
pd_audit_register_key (PdAudit   *self,
                       PdStore   *store,
                       gint64     now,
                       GError   **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (store, error);
  g_autofree char *hex = hex_encode (self->public_key, 32);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) params = NULL;
  g_autofree char *host = NULL;
  gboolean registered = FALSE;
  gint64 seq;

  g_return_val_if_fail (self->can_sign, FALSE);
  if (tx == NULL || !pd_store_audit_key_registered (tx, self->public_key, &registered, error))
    return FALSE;
  if (registered)
    return TRUE;
  /* the host name as a JSON string, whatever characters it has */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "host");
  json_builder_add_string_value (b, g_get_host_name ());
  json_builder_end_object (b);
  params = json_builder_get_root (b);
  host = pd_json_to_string (params, FALSE);
  if (!pd_audit_append (self, tx, now, "portdeskd", "-", "audit.key", hex, host, "ok", "", &seq, error) ||
      !pd_store_audit_key_insert (tx, self->public_key, seq, error))
    return FALSE;
  return pd_store_commit (tx, error);
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
  GHashTable *keys;            /* hex public key -> seq of its audit.key entry */
  PdAuditReport *report;
} VerifyState;

static void
report_bad (PdAuditReport *report,
            gint64         seq,
            const char    *reason,
            char          *problem)
{
  if (report->ok)
    {
      report->ok = FALSE;
      report->first_bad_seq = seq;
      report->reason = reason;
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
      report_bad (st->report, st->expect_seq, "entry_missing",
                  g_strdup_printf ("entry %" G_GINT64_FORMAT " is missing or out of order (found %" G_GINT64_FORMAT ")",
                                   st->expect_seq, e->seq));
      return TRUE;
    }
  if (memcmp (e->prev_hash, st->prev_hash, 32) != 0)
    {
      report_bad (st->report, e->seq, "link_broken",
                  g_strdup_printf ("entry %" G_GINT64_FORMAT " does not link to the entry before it", e->seq));
      return TRUE;
    }
  pd_audit_entry_hash (e, h);
  if (memcmp (h, e->hash, 32) != 0)
    {
      report_bad (st->report, e->seq, "content_changed",
                  g_strdup_printf ("entry %" G_GINT64_FORMAT " was changed after it was written", e->seq));
      return TRUE;
    }
  g_hash_table_insert (st->hashes, g_memdup2 (&e->seq, sizeof e->seq), g_memdup2 (e->hash, 32));
  if (g_str_equal (e->action, "audit.key") && !g_hash_table_contains (st->keys, e->object))
    g_hash_table_insert (st->keys, g_strdup (e->object), g_memdup2 (&e->seq, sizeof e->seq));
  memcpy (st->prev_hash, e->hash, 32);
  st->expect_seq++;
  return TRUE;
}

/* The database (its head @last_seq, its checkpoints @cps) against the
 * anchor file: every anchored checkpoint is in the database, alike, and the
 * database reaches the newest one. */
static void
anchor_check (PdAudit        *self,
              gint64          last_seq,
              GPtrArray      *cps,
              PdAuditReport  *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) by_seq = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) lines = NULL;
  guint bad_line = 0;
  gint64 db_last_cp = 0;
  char *problem = NULL;
  const char *reason = NULL;
  gint64 bad_seq = 0;

  for (guint i = 0; i < cps->len; i++)
    {
      PdCheckpoint *cp = g_ptr_array_index (cps, i);
      g_hash_table_insert (by_seq, &cp->seq, cp);
      if (memcmp (cp->public_key, self->public_key, 32) == 0)   /* the anchor has this daemon's own */
        db_last_cp = MAX (db_last_cp, cp->seq);
    }
  lines = anchor_read (self->anchor_path, &bad_line, &error);
  if (lines == NULL)
    {
      reason = "anchor_damaged";
      problem = g_strdup_printf ("the anchor file cannot be read: %s", error->message);
    }
  for (guint i = 0; lines != NULL && problem == NULL && i < lines->len; i++)
    {
      const PdCheckpoint *a = &g_array_index (lines, PdCheckpoint, i);
      const PdCheckpoint *d = g_hash_table_lookup (by_seq, &a->seq);
      g_autofree char *when = pd_time_format (a->at);
      guint8 msg[32];

      checkpoint_message (a, msg);
      if (crypto_sign_verify_detached (a->signature, msg, sizeof msg, a->public_key) != 0 ||
          memcmp (a->public_key, g_array_index (lines, PdCheckpoint, 0).public_key, 32) != 0)
        {
          reason = "anchor_damaged";
          bad_seq = a->seq;
          problem = g_strdup_printf ("line %u of the anchor file (entry %" G_GINT64_FORMAT ") has a bad signature: "
                                     "the anchor file was edited", i + 1, a->seq);
        }
      else if (a->seq > last_seq)
        {
          reason = "anchor_truncated";
          bad_seq = last_seq + 1;
          problem = g_strdup_printf ("the database ends at entry %" G_GINT64_FORMAT ", but entry %" G_GINT64_FORMAT
                                     " was signed and anchored at %s: the log was cut, or the database was rolled "
                                     "back to an older copy", last_seq, a->seq, when);
        }
      else if (d == NULL)
        {
          reason = "anchor_missing";
          bad_seq = a->seq;
          problem = g_strdup_printf ("the checkpoint anchored at entry %" G_GINT64_FORMAT " (%s) is not in the "
                                     "database: it was removed, or this is another database", a->seq, when);
        }
      else if (memcmp (d->public_key, a->public_key, 32) != 0)
        {
          reason = "anchor_other_chain";
          bad_seq = a->seq;
          problem = g_strdup_printf ("entry %" G_GINT64_FORMAT " is signed with another key than the anchored "
                                     "checkpoint: this is another service's database", a->seq);
        }
      else if (memcmp (d->head_hash, a->head_hash, 32) != 0 || memcmp (d->signature, a->signature, 64) != 0 ||
               d->at != a->at)
        {
          reason = "anchor_differs";
          bad_seq = a->seq;
          problem = g_strdup_printf ("the checkpoint at entry %" G_GINT64_FORMAT " differs from the one anchored at %s: "
                                     "the database was swapped for another chain, or rolled back and written again",
                                     a->seq, when);
        }
      else
        {
          report->anchored_seq = a->seq;
          report->anchored_at = a->at;
        }
    }
  if (problem == NULL && bad_line > 0)
    {
      reason = "anchor_damaged";
      problem = g_strdup_printf ("line %u of the anchor file is damaged", bad_line);
    }
  if (problem != NULL)
    {
      report->anchor = PD_ANCHOR_FAILED;
      report_bad (report, bad_seq, reason, problem);
    }
  else
    report->anchor = db_last_cp > report->anchored_seq ? PD_ANCHOR_BEHIND : PD_ANCHOR_OK;
}

gboolean
pd_audit_verify (PdAudit        *self,
                 PdStoreTx      *tx,
                 PdAuditReport  *report,
                 GError        **error)
{
  g_autoptr(GHashTable) hashes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) cps = NULL;
  VerifyState st = { .expect_seq = 1, .hashes = hashes, .keys = keys, .report = report };
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
      g_autofree char *key_hex = hex_encode (cp->public_key, 32);
      const gint64 *registered = g_hash_table_lookup (keys, key_hex);
      guint8 msg[32];

      report->checkpoints++;
      /* this daemon's key, or one the chain registered before the checkpoint */
      if (memcmp (cp->public_key, self->public_key, 32) != 0 && (registered == NULL || *registered > cp->seq))
        {
          report_bad (report, cp->seq, "checkpoint_key",
                      g_strdup_printf ("checkpoint at entry %" G_GINT64_FORMAT " is signed by an unknown key", cp->seq));
          continue;
        }
      checkpoint_message (cp, msg);
      if (crypto_sign_verify_detached (cp->signature, msg, sizeof msg, cp->public_key) != 0)
        {
          report_bad (report, cp->seq, "checkpoint_signature",
                      g_strdup_printf ("checkpoint at entry %" G_GINT64_FORMAT " has a bad signature", cp->seq));
          continue;
        }
      if (cp->seq > last_seq && report->ok)
        {
          report_bad (report, last_seq + 1, "truncated",
                      g_strdup_printf ("entries %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                                       " were signed but are gone (truncated log)", last_seq + 1, cp->seq));
          continue;
        }
      if (h != NULL && memcmp (h, cp->head_hash, 32) != 0)
        {
          report_bad (report, cp->seq, "checkpoint_differs",
                      g_strdup_printf ("entry %" G_GINT64_FORMAT " differs from the signed checkpoint", cp->seq));
          continue;
        }
      /* each signed checkpoint promised the next one by its next_due */
      if (promised > 0 && cp->seq > promised)
        report_bad (report, promised, "checkpoint_missing",
                    g_strdup_printf ("the checkpoint due by entry %" G_GINT64_FORMAT " is missing (deleted?)", promised));
      promised = cp->next_due;
      if (cp->seq > report->last_signed_seq)
        {
          report->last_signed_seq = cp->seq;
          report->last_signed_at = cp->at;
        }
    }
  if (promised > 0 && last_seq >= promised)
    report_bad (report, promised, "checkpoint_missing",
                g_strdup_printf ("the checkpoint due by entry %" G_GINT64_FORMAT " is missing (deleted?)", promised));
  else if (report->last_signed_seq == 0 && last_seq >= self->interval)
    report_bad (report, self->interval, "checkpoint_missing",
                g_strdup_printf ("%" G_GINT64_FORMAT " entries and not one signed checkpoint (deleted?)", last_seq));
  if (self->anchor_path != NULL)
    anchor_check (self, last_seq, cps, report);
  return TRUE;
}

void
pd_audit_set_anchor_path (PdAudit    *self,
                          const char *path)
{
  g_return_if_fail (PD_IS_AUDIT (self));
  g_free (self->anchor_path);
  self->anchor_path = g_strdup (path);
}

gboolean
pd_audit_set_anchor (PdAudit     *self,
                     PdStore     *store,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) cps = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  PdAuditReport report = { .ok = TRUE };
  guint8 head[32];
  gint64 last_seq;
  int fd, dir_fd;

  g_return_val_if_fail (PD_IS_AUDIT (self) && self->can_sign, FALSE);

  fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "audit_anchor: cannot open %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  /* the file's name is durable too */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  pd_audit_set_anchor_path (self, path);

  tx = pd_store_begin (store, error);
  if (tx == NULL || !pd_store_audit_last (tx, &last_seq, head, error) ||
      (cps = pd_store_checkpoint_list (tx, error)) == NULL)
    {
      close (fd);
      return FALSE;
    }
  anchor_check (self, last_seq, cps, &report);
  if (report.anchor == PD_ANCHOR_FAILED)
    {
      /* never mix another chain's checkpoints into the anchor: verification
       * says why until an administrator sorts it out (docs/audit.md) */
      g_warning ("the database does not match the audit anchor %s (%s); not writing to it", path, report.problem);
      close (fd);
      pd_audit_report_clear (&report);
      return TRUE;
    }
  for (guint i = 0; i < cps->len; i++)
    {
      const PdCheckpoint *cp = g_ptr_array_index (cps, i);
      g_autofree char *line = NULL;

      if (cp->seq <= report.anchored_seq)
        continue;
      line = pd_audit_anchor_line (cp);
      if (!write_all (fd, line, error))
        {
          g_prefix_error (error, "audit_anchor: cannot write to %s: ", path);
          close (fd);
          pd_audit_report_clear (&report);
          return FALSE;
        }
    }
  pd_audit_report_clear (&report);
  self->anchor_fd = fd;
  return TRUE;
}

gboolean
pd_audit_check_database (const char     *db_path,
                         const char     *conninfo,
                         const char     *anchor_path,
                         PdAuditReport  *report,
                         GError        **error)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdAudit) verifier = NULL;
  g_autoptr(PdStoreTx) tx = NULL;
  guint8 key[32];

  if (!pd_audit_anchor_key (anchor_path, key, error))
    return FALSE;
  store = conninfo != NULL ? pd_store_open_postgres (conninfo, error) : pd_store_open_readonly (db_path, error);
  if (store == NULL)
    return FALSE;
  verifier = pd_audit_new_verifier (key);
  pd_audit_set_anchor_path (verifier, anchor_path);
  tx = pd_store_begin (store, error);
  return tx != NULL && pd_audit_verify (verifier, tx, report, error);
}
