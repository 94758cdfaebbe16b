/* pd-view.h: what the window asks of every view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_VIEW (pd_view_get_type ())
G_DECLARE_INTERFACE (PdView, pd_view, PD, VIEW, GtkWidget)

struct _PdViewInterface
{
  GTypeInterface parent_iface;

  /* Loads its rows again (F5, and the events its registry entry names). */
  void     (*reload)   (PdView *self);
  /* Whether it is loading now (the window shows it as busy). */
  gboolean (*get_busy) (PdView *self);
};

void     pd_view_reload   (PdView *self);
/* A view's status line: @text in @status (red when @error; hidden when
 * NULL), a copy kept in *@store for tests. */
void     pd_view_show_message (GtkLabel   *status,
                               char      **store,
                               const char *text,
                               gboolean    error);
gboolean pd_view_get_busy (PdView *self);

/* A page of a view with several (the LPR view's Alerts, Displays, ...). */
typedef struct {
  const char *name;
  const char *title;     /* translated */
  GtkWidget  *child;
} PdViewPage;

/* A view's body of @n pages: a stack switcher over them and, beneath, the
 * view's status line (hidden until pd_view_show_message). */
GtkWidget *pd_view_pages_new (const PdViewPage *pages,
                              guint             n,
                              GtkStack        **out_stack,
                              GtkLabel        **out_status);

G_END_DECLS
