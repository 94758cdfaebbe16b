/* pd-ctl.h: what every portdeskctl command shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-client.h"
#include "pd-import.h"

G_BEGIN_DECLS

/* Exit codes */
enum {
  PD_CTL_OK = 0,
  PD_CTL_FAILED = 1,       /* the service refused or the check failed */
  PD_CTL_USAGE = 2,
  PD_CTL_UNREACHABLE = 3,  /* no portdeskd answered */
  PD_CTL_AUTH = 4,         /* not signed in, wrong password, forbidden */
};

typedef struct {
  char     *socket_path;
  char     *url;             /* public side: http://127.0.0.1:PORT */
  char     *api_key_file;
  char     *token_file;
  char     *user;
  char     *password_file;
  char     *code;            /* a two-factor or recovery code (--code, else $PORTDESK_TOTP_CODE) */
  gboolean  accept_rules;
  gboolean  json;
  gboolean  logged_in_here;  /* log out again at exit */
  PdClient *client;
} PdCtl;

typedef int (*PdCtlCommand) (PdCtl *ctl, int argc, char **argv);

int        pd_ctl_fail          (GError       *error);      /* takes; returns the exit code */
int        pd_ctl_usage         (const char   *usage);
gboolean   pd_ctl_parse         (int          *argc,
                                 char       ***argv,
                                 const GOptionEntry *entries,
                                 const char   *parameter_string,
                                 GError      **error);
PdClient  *pd_ctl_session       (PdCtl        *ctl,
                                 GError      **error);
/* Signs @client in as @user with @password and, when one is due, a
 * two-factor code (--code, $PORTDESK_TOTP_CODE, else asked on a
 * terminal); what is still due ("enrol") in *@out_due. */
gboolean   pd_ctl_sign_in       (PdCtl        *ctl,
                                 PdClient     *client,
                                 const char   *user,
                                 const char   *password,
                                 char        **out_due,
                                 GError      **error);
PdClient  *pd_ctl_public        (PdCtl        *ctl,
                                 GError      **error);
char      *pd_ctl_read_secret   (const char   *path,
                                 const char   *what,
                                 GError      **error);
void       pd_ctl_print_json    (JsonNode     *node);
void       pd_ctl_print_table   (JsonNode     *list,
                                 const char * const *columns);
/* GET @path as the signed-in user and print it: JSON with --json or
 * without @columns, else a table of its items. */
int        pd_ctl_get_and_print (PdCtl        *ctl,
                                 const char   *path,
                                 const char * const *columns);
/* The object @r for a command to print its own way; NULL when answered
 * here already (the failure with @error, or the JSON with --json or when
 * @r is no object), *rc then the exit code. */
JsonObject *pd_ctl_reply_object (PdCtl        *ctl,
                                 JsonNode     *r,
                                 GError       *error,
                                 int          *rc);
int        pd_ctl_print_result  (PdCtl        *ctl,
                                 JsonNode     *node,
                                 GError       *error,
                                 const char   *done_message);
void       pd_ctl_finish        (PdCtl        *ctl);
/* @base "/" @item (escaped) @suffix: "/v1/inspections/LAX-0001/chat" */
char      *pd_ctl_item_path     (const char   *base,
                                 const char   *item,
                                 const char   *suffix);
/* "@what [#####.....] done/total" on a terminal's stderr */
void       pd_ctl_progress      (const char   *what,
                                 guint         done,
                                 guint         total);
/* Runs import @kind of @file with @extra (pd_import_run) and a progress
 * bar titled @what: the service's answer to the commit, or NULL after
 * printing why nothing was imported (the rows in error, each with the
 * file's name) with *@status set to the command's exit code. */
JsonNode  *pd_ctl_import        (PdClient     *client,
                                 PdImportKind  kind,
                                 const char   *file,
                                 const char   *extra,
                                 const char   *what,
                                 int          *status);
/* POSTs the photo in @file to @path as its own type (the service refuses
 * any other than JPEG and PNG). */
JsonNode  *pd_ctl_post_photo    (PdClient     *client,
                                 const char   *path,
                                 const char   *file,
                                 GError      **error);

/* Runs POST @path with the body built by pd_client_post's varargs and
 * prints the result: the shared tail of most admin commands. */
#define POST_AND_PRINT(ctl, path, msg, ...) \
  G_STMT_START { \
    GError *e_ = NULL; \
    PdClient *c_ = pd_ctl_session (ctl, &e_); \
    g_autoptr(JsonNode) r_ = NULL; \
    if (c_ == NULL) \
      return pd_ctl_fail (e_); \
    r_ = pd_client_post (c_, path, &e_, __VA_ARGS__); \
    return pd_ctl_print_result (ctl, r_, e_, msg); \
  } G_STMT_END

/* commands */
int pd_ctl_cmd_status      (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_password    (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_login       (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_logout      (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_rules       (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_user        (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_role        (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_entitlement (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_apikey      (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_demo        (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_port        (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_throttle    (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_audit       (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_flags       (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_retention   (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_clock       (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_totp        (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_whoami      (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_broker      (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_inspection  (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_gallery     (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_holdings    (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_identity    (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_mrz         (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_manifest    (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_airline     (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_flight      (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_gate        (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_alert       (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_report      (PdCtl *ctl, int argc, char **argv);
/* Prints report @name (pd-ctl-report.c): tables, or CSV. */
int pd_ctl_report_print    (PdCtl *ctl, const char *name, const char *from, const char *to, const char *by,
                            const char *only, gboolean csv);
int pd_ctl_cmd_watchlist   (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_lpr         (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_landing     (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_bus         (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_air_operator (PdCtl *ctl, int argc, char **argv);
int pd_ctl_cmd_store       (PdCtl *ctl, int argc, char **argv);

G_END_DECLS
