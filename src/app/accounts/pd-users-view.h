/* pd-users-view.h: the administrator's Users view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-form-dialog.h"
#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

#define PD_TYPE_USERS_VIEW (pd_users_view_get_type ())
G_DECLARE_FINAL_TYPE (PdUsersView, pd_users_view, PD, USERS_VIEW, AdwBin)

/* What its buttons open (the selected user's, but Add and Throttled). */
typedef enum {
  PD_USERS_ADD,
  PD_USERS_EDIT,
  PD_USERS_DISABLE,          /* or enable, for a disabled user */
  PD_USERS_RESET_PASSWORD,
  PD_USERS_SESSIONS,
  PD_USERS_THROTTLES,
  PD_USERS_N_ACTIONS
} PdUsersAction;

GtkWidget    *pd_users_view_new          (PdServiceClient *client);
PdTableView  *pd_users_view_get_table    (PdUsersView     *self);
/* As its button does; FALSE when a user must be selected first. */
gboolean      pd_users_view_open         (PdUsersView     *self,
                                          PdUsersAction    action);
/* The dialog open now (NULL: none), and the one-time password it shows
 * (NULL when it shows none). */
PdFormDialog *pd_users_view_get_dialog   (PdUsersView     *self);
const char   *pd_users_view_get_one_time_password (PdUsersView *self);
/* The search and filters, as typed and chosen (@role, @status: NULL or "" any). */
void          pd_users_view_set_filter   (PdUsersView     *self,
                                          const char      *search,
                                          const char      *role,
                                          const char      *status);
/* The view's status line (NULL: none). */
const char   *pd_users_view_get_message  (PdUsersView     *self);
/* For the open Sessions or Throttled dialog: its table, and its two
 * actions (0: the selected row, 1: all). */
PdTableView  *pd_users_view_get_dialog_table (PdUsersView *self);
void          pd_users_view_dialog_act   (PdUsersView     *self,
                                          guint            which);

G_END_DECLS
