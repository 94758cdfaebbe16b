/* pd-models.h: plain records passed between store, engine and server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pd-role.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  char   *username;
  char   *display_name;
  char   *email;
  PdRole  role;
  char   *port;               /* NULL for roles without a port */
  gboolean disabled;
  gboolean must_change_password;
  gint64  failed_logins;
  gint64  locked_until;
  gint64  created_at;
  char   *birth_date;         /* YYYY-MM-DD or NULL: what a self-search is compared with */
  char   *plate;              /* the user's own plate (letters and digits) or NULL */
  gint    shift_start;        /* local hour 0..23 of the port, -1: the configured night rule */
  gint    shift_end;          /* local hour 0..23 (exclusive), -1 with shift_start */
  char   *disabled_reason;    /* why the account is disabled (a suspension), or NULL */
  gboolean locked;            /* not stored: sign-ins of the name are held back now (throttled) */
} PdUser;

/* What an administrator's list of users is narrowed to (NULL members: any). */
typedef struct {
  const char *q;              /* in the user name, name or e-mail (case-insensitive) */
  PdRole      role;           /* PD_ROLE_NONE: any */
  const char *status;         /* "active", "disabled" or "locked" */
} PdUserFilter;

/* What a session still owes after the password (sessions.factor). */
typedef enum {
  PD_FACTOR_DONE = 0,
  PD_FACTOR_CODE,             /* a two-factor or recovery code */
  PD_FACTOR_ENROL,            /* the policy requires two-factor: enrol first */
} PdFactor;

typedef struct {
  gint64  id;
  gint64  user_id;
  gint64  created_at;
  gint64  last_seen;
  gint64  rules_accepted_at;  /* 0 while the rules are pending */
  char   *rules_version;      /* the version accepted ("" when none) */
  PdFactor factor;            /* the second factor still due */
  char   *client;
  PdUser *user;               /* filled by lookups */
} PdSession;

typedef enum {
  PD_ENTITLEMENT_PENDING,
  PD_ENTITLEMENT_ACTIVE,
  PD_ENTITLEMENT_LAPSED,
  PD_ENTITLEMENT_DENIED,
} PdEntitlementStatus;

typedef struct {
  gint64  id;
  gint64  user_id;
  char   *username;           /* filled by lookups */
  char   *kind;               /* "lpr" */
  char   *training_date;      /* YYYY-MM-DD */
  gint64  requested_by;
  gint64  requested_at;
  gint64  supervisor_id;
  gint64  supervisor_at;
  gint64  owner_id;
  gint64  owner_at;
  gint64  granted_at;
  gint64  expires_at;
  PdEntitlementStatus status;
  char   *denied_reason;      /* denied: why */
  gint64  denied_by;
  gint64  denied_at;
  char   *requested_by_name;  /* the users' names, filled by lookups */
  char   *supervisor_name;
  char   *owner_name;
  char   *denied_by_name;
  gint64  notice_at;          /* when the holder acknowledged the access notice (0: not yet) */
  gint64  certified_until;    /* the end of the latest quarter re-certified (0: none yet) */
} PdEntitlement;

/* What an entitlement opens, who must hold one to reach it and what its
 * holder acknowledges once after each grant. */
typedef struct {
  const char *kind;           /* "lpr", "face" */
  const char *title;          /* "LPR data" */
  guint       holders;        /* PD_ROLE_BIT mask of the roles that need it */
  const char *notice;
} PdEntitlementKind;

const PdEntitlementKind *pd_entitlement_kinds       (guint       *n_kinds);
const PdEntitlementKind *pd_entitlement_kind_lookup (const char  *kind);

/* The start of the quarter @e is to be re-certified for next: the one after
 * its grant's quarter or after the latest quarter re-certified. */
gint64 pd_entitlement_next_review (const PdEntitlement *e);
/* When @e lapses: a year after the grant, or when the quarter it is to be
 * re-certified for has ended and the grace has passed without one. */
gint64 pd_entitlement_lapses_at   (const PdEntitlement *e);

typedef struct {
  gint64          id;
  char           *key_id;     /* public part, "pdk_xxxxxxxx" */
  PdPrincipalKind kind;
  char           *name;
  char           *port;
  char           *scopes;     /* space separated */
  gint64          created_by;
  gint64          created_at;
  gint64          revoked_at;
  gint64          revoked_by;
  char           *revoked_reason;
  gint64          last_used_at;     /* kept to the minute: written at most once a minute */
  char           *last_used_client;
  char           *created_by_name;  /* filled by lookups */
  char           *revoked_by_name;
} PdApiKey;

typedef struct {
  gint64  seq;
  gint64  at;
  char   *actor;
  char   *role;
  char   *action;
  char   *object;
  char   *params;             /* canonical JSON of the parameters, never results */
  char   *outcome;
  char   *client;
  guint8  prev_hash[32];
  guint8  hash[32];
} PdAuditEntry;

typedef struct {
  const char *actor;
  const char *role;
  const char *action;         /* prefix match */
  const char *object;
  const char *outcome;
  const char *client;
  gint64      since;
  gint64      until;
  gint64      after_seq;      /* oldest first: entries after this one */
  gint64      before_seq;     /* newest first: entries before this one (0: from the head) */
  gboolean    newest_first;
  guint       limit;
} PdAuditFilter;

typedef struct {
  gint64  seq;
  gint64  at;
  gint64  next_due;           /* the entry by which the next checkpoint is due */
  guint8  head_hash[32];
  guint8  public_key[32];
  guint8  signature[64];
} PdCheckpoint;

void pd_user_free        (PdUser        *user);
void pd_session_free     (PdSession     *session);
void pd_entitlement_free (PdEntitlement *ent);
void pd_apikey_free      (PdApiKey      *key);
/* Whether @key's space-separated scopes include @scope. */
gboolean pd_apikey_has_scope (const PdApiKey *key,
                              const char     *scope);
void pd_audit_entry_free (PdAuditEntry  *entry);

const char          *pd_entitlement_status_to_string   (PdEntitlementStatus status);
PdEntitlementStatus  pd_entitlement_status_from_string (const char *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdUser, pd_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSession, pd_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdEntitlement, pd_entitlement_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdApiKey, pd_apikey_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAuditEntry, pd_audit_entry_free)

G_END_DECLS
