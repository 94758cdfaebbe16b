/* pd-pane-call.h: a pane's calls to portdeskd in flight
 *
 * A detail pane (an inspection, a landing-rights request, a request's
 * chat) counts the calls it has in flight: its spinner spins and its
 * "busy" property is TRUE meanwhile.  Each call holds a reference on the
 * pane and the request it was made for, so that an answer about a request
 * the pane no longer shows is dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
  guint       count;
  GtkSpinner *spinner;   /* spins while calls are in flight (NULL: none) */
  GParamSpec *pspec;     /* the owner's "busy", notified when it changes */
} PdBusy;

/* One more call in flight (@busy TRUE) or one fewer. */
void        pd_busy_set          (PdBusy     *busy,
                                  GObject    *owner,
                                  gboolean    more);
gboolean    pd_busy_get          (const PdBusy *busy);

typedef struct {
  GObject  *owner;      /* a reference */
  PdBusy   *busy;       /* the owner's */
  char     *ref;        /* the request the call was made for */
  char    **shown;      /* where the owner keeps the request it shows */
} PdPaneCall;

PdPaneCall *pd_pane_call_new     (GObject    *owner,
                                  PdBusy     *busy,
                                  char      **shown);
void        pd_pane_call_free    (PdPaneCall *call);
/* Whether the owner still shows the request the call was made for. */
gboolean    pd_pane_call_current (PdPaneCall *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPaneCall, pd_pane_call_free)

/* The pane now shows @ref (NULL: none) in *@shown: the calls made for the
 * one before are cancelled (*@cancellable is a new one).  FALSE when it
 * showed @ref already (nothing changes). */
gboolean    pd_pane_show_ref     (char         **shown,
                                  GCancellable **cancellable,
                                  const char    *ref);

/* Removes @list's rows (its placeholder stays). */
void        pd_list_box_clear    (GtkListBox *list);

G_END_DECLS
