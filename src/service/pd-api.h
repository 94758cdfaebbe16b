/* pd-api.h: route declarations and the per-request call object
 *
 * Every endpoint is one PdRoute in one of the pd-api-*.c tables, declaring
 * who may call it.  The server enforces the declaration before the handler
 * runs; tests walk the whole table (pd_api_routes) as a role x endpoint matrix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-engine.h"
#include "pd-face.h"

G_BEGIN_DECLS

typedef enum {
  PD_ROUTE_SESSION   = 0,        /* signed-in officers whose role is in .roles */
  PD_ROUTE_ANONYMOUS = 1 << 0,   /* no credentials needed */
  PD_ROUTE_PRE_RULES = 1 << 1,   /* allowed before the rules of behavior are accepted */
  PD_ROUTE_PUBLIC    = 1 << 2,   /* served on the TCP intake listener, API keys only */
  PD_ROUTE_TEST      = 1 << 3,   /* exists only when portdeskd runs with --test-clock */
  PD_ROUTE_RAW       = 1 << 4,   /* the body is not JSON (CSV, uploads) */
  PD_ROUTE_PHOTO     = 1 << 5,   /* the body is a JPEG or PNG photo, decoded into
                                  * call->photo before the handler runs (a 400 with
                                  * the decoder's reason when it cannot be) */
  PD_ROUTE_PRE_FACTOR = 1 << 6,  /* allowed while a two-factor code or enrolment is due */
  PD_ROUTE_PRE_PASSWORD = 1 << 7, /* allowed while a password reset by an administrator must be
                                   * changed (and then, enrolment due or not, so that the new
                                   * password comes before anything else) */
  PD_ROUTE_OWN_JSON  = 1 << 8,   /* a JSON body the handler reads itself: call->body stays
                                  * NULL until it calls pd_call_parse_body */
} PdRouteFlags;

#define PD_ROUTE_NOT_JSON (PD_ROUTE_RAW | PD_ROUTE_PHOTO)

typedef struct _PdCall PdCall;
typedef void (*PdHandler) (PdCall *call);

typedef struct {
  const char   *method;
  const char   *path;        /* "/v1/users/{name}/role" */
  PdRouteFlags  flags;
  guint         roles;       /* PD_ROLE_BIT mask for session callers */
  guint         principals;  /* PD_PRINCIPAL_BIT mask for API-key callers */
  PdHandler     handler;
  gsize         max_body;    /* 0: max_body_bytes (JSON) or max_upload_bytes (RAW) on
                              * POST; routes of other methods take no body */
} PdRoute;

struct _PdCall {
  PdEngine      *engine;
  const PdRoute *route;
  PdCaller      *caller;
  GHashTable    *path_params;   /* name -> value */
  GHashTable    *query;         /* name -> value, may be NULL */
  JsonObject    *body;          /* parsed JSON body, NULL if none */
  GBytes        *raw_body;
  PdFaceImage   *photo;         /* PD_ROUTE_PHOTO: the decoded body */
  /* the answer */
  guint          status;
  JsonNode      *response;
  GBytes        *raw_response;
  char          *raw_content_type;
  GError        *error;
  guint          retry_after_s;   /* with a rate_limited error: Retry-After */
};

const PdRoute *pd_api_routes            (guint *n_routes);

/* answering */
void        pd_call_reply               (PdCall       *call,
                                         guint         status,
                                         JsonNode     *node);    /* takes */
void        pd_call_reply_builder       (PdCall       *call,
                                         guint         status,
                                         JsonBuilder  *builder);
void        pd_call_fail                (PdCall       *call,
                                         GError       *error);   /* takes */
void        pd_call_reply_raw           (PdCall       *call,
                                         const char   *content_type,
                                         GBytes       *bytes);
/* PD_ROUTE_OWN_JSON: parses the body into call->body as the server does
 * for other JSON routes; FALSE after answering 400 */
gboolean    pd_call_parse_body          (PdCall       *call);
const char *pd_call_param               (PdCall       *call,
                                         const char   *name);
gboolean    pd_call_query_int           (PdCall       *call,
                                         const char   *name,
                                         gint64        dflt,
                                         gint64        min,
                                         gint64        max,
                                         gint64       *out);
/* Path parameter @name as a positive number (a row's id); else FALSE after
 * answering 400: "'TEXT' is not a @what number". */
gboolean    pd_call_param_id            (PdCall       *call,
                                         const char   *name,
                                         const char   *what,
                                         gint64       *out);
const char *pd_call_query               (PdCall       *call,
                                         const char   *name);

/* Every list answers {"items": [...], "total": N or null, "next": CURSOR
 * or null}: pass "next" back as ?cursor= for the following page (lists
 * whose total would cost a scan answer null).  pd_api_add_page_end writes
 * the last two members. */
void        pd_api_add_page_end         (JsonBuilder  *b,
                                         gint64        total,
                                         const char   *next);
/* Answers the list format with @add for each row,
 * or fails with @error when @rows is NULL.  @next_of gives the cursor of
 * the last row when the page is full (NULL: lists without paging). */
typedef void  (*PdApiAddFunc)  (JsonBuilder *b, gconstpointer row);
typedef gint64 (*PdApiCursorFunc) (gconstpointer row);
void        pd_call_reply_items         (PdCall       *call,
                                         GPtrArray    *rows,
                                         GError       *error,
                                         PdApiAddFunc  add,
                                         guint         page_size,
                                         PdApiCursorFunc next_of);

/* Answers a page of a list paged by ?offset= (or ?cursor=, the same
 * number): @total rows in all; "next" is the offset of the next page. */
void        pd_call_reply_offset_page   (PdCall       *call,
                                         GPtrArray    *rows,
                                         GError       *error,
                                         PdApiAddFunc  add,
                                         gint64        total,
                                         gint64        offset);

/* serializers shared by the tables */
void        pd_api_add_user             (JsonBuilder  *b,
                                         const PdUser *user);
/* The user with what only an admin sees: date of birth, own plate. */
void        pd_api_add_user_profile     (JsonBuilder  *b,
                                         const PdUser *u);

/* An audit entry (its params as JSON, hashes in hex). */
void        pd_api_add_audit_entry      (JsonBuilder  *b,
                                         const PdAuditEntry *e);
char       *pd_api_hex                  (const guint8 *data,
                                         gsize         len);
/* A row read as a JsonObject (a PdApiAddFunc). */
void        pd_api_add_object           (JsonBuilder  *b,
                                         JsonObject   *o);
/* Answers @o (taken), or fails with @error when @o is NULL. */
void        pd_call_reply_object        (PdCall       *call,
                                         guint         status,
                                         JsonObject   *o,
                                         GError       *error);

/* the tables */
const PdRoute *pd_api_session_routes    (guint *n);

G_END_DECLS
