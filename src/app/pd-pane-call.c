/* pd-pane-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-pane-call"

#include "config.h"

#include "pd-pane-call.h"

void
pd_busy_set (PdBusy   *busy,
             GObject  *owner,
             gboolean  more)
{
  gboolean was = busy->count > 0;

  if (more)
    busy->count++;
  else if (busy->count > 0)
    busy->count--;
  if (busy->spinner != NULL)
    gtk_spinner_set_spinning (busy->spinner, busy->count > 0);
  if (was != (busy->count > 0) && busy->pspec != NULL)
    g_object_notify_by_pspec (owner, busy->pspec);
}

gboolean
pd_busy_get (const PdBusy *busy)
{
  return busy->count > 0;
}

PdPaneCall *
pd_pane_call_new (GObject  *owner,
                  PdBusy   *busy,
                  char    **shown)
{
  PdPaneCall *c = g_new0 (PdPaneCall, 1);

  c->owner = g_object_ref (owner);
  c->busy = busy;
  c->shown = shown;
  c->ref = g_strdup (*shown);
  pd_busy_set (busy, owner, TRUE);
  return c;
}

void
pd_pane_call_free (PdPaneCall *c)
{
  pd_busy_set (c->busy, c->owner, FALSE);
  g_object_unref (c->owner);
  g_free (c->ref);
  g_free (c);
}

gboolean
pd_pane_call_current (PdPaneCall *c)
{
  return g_strcmp0 (c->ref, *c->shown) == 0;
}

gboolean
pd_pane_show_ref (char         **shown,
                  GCancellable **cancellable,
                  const char    *ref)
{
  if (g_strcmp0 (ref, *shown) == 0)
    return FALSE;
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  g_free (*shown);
  *shown = g_strdup (ref);
  return TRUE;
}

void
pd_list_box_clear (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}
