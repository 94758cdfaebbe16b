/* pd-audit.h: the tamper-evident audit chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_AUDIT (pd_audit_get_type ())
G_DECLARE_FINAL_TYPE (PdAudit, pd_audit, PD, AUDIT, GObject)

/* Where the external anchor stands (pd_audit_set_anchor). */
typedef enum {
  PD_ANCHOR_OFF,        /* no audit_anchor configured */
  PD_ANCHOR_OK,         /* every checkpoint of the database is in the anchor, and matches */
  PD_ANCHOR_BEHIND,     /* what the anchor holds matches; newer checkpoints not written to it yet */
  PD_ANCHOR_FAILED,     /* the database does not match the anchor (see the report's problem) */
} PdAnchorState;

typedef struct {
  gboolean    ok;
  gint64      entries;
  gint64      checkpoints;
  gint64      last_signed_seq;
  gint64      last_signed_at;
  gint64      first_bad_seq;     /* 0 when ok */
  char       *problem;           /* NULL when ok: what is wrong, in plain words */
  const char *reason;            /* NULL when ok: entry_missing, link_broken, content_changed,
                                  * checkpoint_key, checkpoint_signature, checkpoint_differs,
                                  * checkpoint_missing, truncated, anchor_damaged, anchor_truncated,
                                  * anchor_missing, anchor_other_chain, anchor_differs */
  PdAnchorState anchor;
  gint64      anchored_seq;      /* the newest anchored checkpoint's entry (0: none) */
  gint64      anchored_at;
} PdAuditReport;

const char *pd_anchor_state_to_string (PdAnchorState state);
void      pd_audit_report_clear (PdAuditReport *report);

PdAudit  *pd_audit_new          (const char    *key_path,
                                 guint          checkpoint_interval,
                                 GError       **error);
/* A verifier only (it cannot sign): for checking a database offline
 * against the key an anchor names. */
PdAudit  *pd_audit_new_verifier (const guint8   public_key[32]);
const guint8 *pd_audit_get_public_key (PdAudit *self);

/* Appends each checkpoint from now on, once its transaction commits, as
 * one line to the append-only file @path (fsync'd); checks the database
 * against what the file holds first and writes the checkpoints it lacks
 * (a crash between a commit and its line).  When the database does not
 * match, nothing is written to the file and verification reports why. */
gboolean  pd_audit_set_anchor   (PdAudit       *self,
                                 PdStore       *store,
                                 const char    *path,
                                 GError       **error);
/* Only the check against the anchor file (for pd_audit_new_verifier). */
void      pd_audit_set_anchor_path (PdAudit    *self,
                                    const char *path);
/* The public key of the first line of the anchor file @path. */
gboolean  pd_audit_anchor_key   (const char    *path,
                                 guint8         out_key[32],
                                 GError       **error);
/* Checks the database against the anchor file @anchor_path (portdeskd
 * stopped): the whole chain, signed with the anchor's key, and every
 * anchored checkpoint. The database is the SQLite file @db_path (opened
 * read-only), or with @conninfo the PostgreSQL database it names. */
gboolean  pd_audit_check_database (const char    *db_path,
                                   const char    *conninfo,
                                   const char    *anchor_path,
                                   PdAuditReport *report,
                                   GError       **error);


/* Appends one entry in the caller's transaction.  params is a JSON object
 * text of the query parameters (never the results).  @out_seq (may be
 * NULL): the entry's number. */
gboolean  pd_audit_append       (PdAudit       *self,
                                 PdStoreTx     *tx,
                                 gint64         now,
                                 const char    *actor,
                                 const char    *role,
                                 const char    *action,
                                 const char    *object,
                                 const char    *params,
                                 const char    *outcome,
                                 const char    *client,
                                 gint64        *out_seq,
                                 GError       **error);
/* Signs the current chain head unless it is signed already. */
gboolean  pd_audit_register_key (PdAudit       *self,
                                 PdStore       *store,
                                 gint64         now,
                                 GError       **error);
gboolean  pd_audit_checkpoint   (PdAudit       *self,
                                 PdStoreTx     *tx,
                                 gint64         now,
                                 GError       **error);
gboolean  pd_audit_verify       (PdAudit       *self,
                                 PdStoreTx     *tx,
                                 PdAuditReport *report,
                                 GError       **error);

void      pd_audit_entry_hash   (const PdAuditEntry *entry,
                                 guint8              out[32]);

/* A checkpoint as one line of the external anchor ("v1 SEQ AT NEXT HEAD KEY
 * SIGNATURE\n", hex), and read back (FALSE for anything else). */
char     *pd_audit_anchor_line       (const PdCheckpoint *cp);
gboolean  pd_audit_anchor_parse_line (const char         *line,
                                      PdCheckpoint       *cp);

G_END_DECLS
