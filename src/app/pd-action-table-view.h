/* pd-action-table-view.h: a list whose selected row is acted on, with a text
 *
 * The shape of the small review views (the passenger analyst's Watch List,
 * the auditor's Display Reviews): a line saying what the list is for, the
 * list, a text entry (a reason, a note) and a button for each action; an
 * action POSTs {text_member: TEXT} to its path for the selected row and
 * reloads the list; the service's answer shows in the status line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-service-client.h"
#include "pd-table-view.h"

G_BEGIN_DECLS

typedef struct {
  const char *label;        /* translatable (N_), with a mnemonic */
  const char *path_before;  /* the action's path: this, the selected row's key member, then... */
  const char *path_after;   /* ...this ("/v1/watchlist/" KEY "/validate") */
  gboolean    suggested;
  const char *done;         /* translatable (N_): said when the service agrees */
  /* optional: */
  gboolean    no_text;      /* the entry's text is not sent with this action */
  const char *member;       /* a member always sent with it ("level")... */
  const char *value;        /* ...with this value ("supervisor") */
  const char *refused;      /* translatable (N_): the rule in plain words, said before the
                             * service's own message when the service refuses the action
                             * (forbidden, conflict; not for bad input) */
} PdTableAction;

/* A choice above the list that narrows it: ?@param=VALUE on its path. */
typedef struct {
  const char          *param;
  const char          *label;         /* translatable (N_), with a mnemonic */
  const char * const  *values;        /* NULL-terminated; "": any */
  const char * const  *titles;        /* translatable (N_), one per value */
  guint                initial;       /* the value chosen at first (0: the first) */
} PdTableFilter;

typedef struct {
  const char          *intro;         /* translatable (N_) */
  const char          *path;          /* what is listed */
  const PdTableColumn *columns;
  guint                n_columns;
  const char          *key_member;    /* the row's member put in the actions' paths */
  const char          *text_member;   /* the body's member for the entry's text ("reason", "note") */
  const char          *placeholder;   /* translatable (N_) */
  const char          *select_first;  /* translatable (N_): said when no row is selected */
  const PdTableAction *actions;
  guint                n_actions;
  /* optional: under the list, the selected row's detail: the list in
   * member @detail_member of GET @detail_path KEY */
  const char          *detail_path;
  const char          *detail_member;
  const PdTableColumn *detail_columns;
  guint                n_detail_columns;
  /* optional: filters above the list */
  const PdTableFilter *filters;
  guint                n_filters;
} PdActionTableSpec;

#define PD_TYPE_ACTION_TABLE_VIEW (pd_action_table_view_get_type ())
G_DECLARE_FINAL_TYPE (PdActionTableView, pd_action_table_view, PD, ACTION_TABLE_VIEW, AdwBin)

GtkWidget   *pd_action_table_view_new         (PdServiceClient         *client,
                                               const PdActionTableSpec *spec);   /* static */
/* Runs action @action on the selected row with @text, as its button does
 * (an empty text is not sent). */
void         pd_action_table_view_act         (PdActionTableView       *self,
                                               guint                    action,
                                               const char              *text);
PdTableView *pd_action_table_view_get_table   (PdActionTableView       *self);
/* Chooses value @choice of filter @filter, as its menu does. */
void         pd_action_table_view_set_filter  (PdActionTableView       *self,
                                               guint                    filter,
                                               guint                    choice);
/* the selected row's detail (NULL without one in the spec) */
PdTableView *pd_action_table_view_get_detail  (PdActionTableView       *self);
/* the service's answer to the last action (NULL while one is pending) */
const char  *pd_action_table_view_get_message (PdActionTableView       *self);
/* Says @text in the status line (as the actions' answers are said). */
void         pd_action_table_view_show_message (PdActionTableView      *self,
                                               const char              *text,
                                               gboolean                 error);
/* Shows or hides action @action's button (actions only some roles may take). */
void         pd_action_table_view_set_action_visible (PdActionTableView *self,
                                               guint                    action,
                                               gboolean                 visible);
/* Adds @widget (a button opening a dialog: "New Request…") above the list,
 * after the filters. */
void         pd_action_table_view_add_header_widget (PdActionTableView *self,
                                               GtkWidget               *widget);
/* The service client the view calls (for its dialogs). */
PdServiceClient *pd_action_table_view_get_client (PdActionTableView    *self);

G_END_DECLS
