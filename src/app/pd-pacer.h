/* pd-pacer.h: work done a step per frame of a list on screen
 *
 * A list's loader hands rows over, and its selection makes the first row
 * widgets, a step per frame of the list (its tick callback, in the frame's
 * update phase, so the frame lays the step out and paints it): frames and
 * steps alternate, and neither starves the other, as idles and timers did.
 * Every pacer of the app shares one budget per frame (PD_PACER_FRAME_US):
 * a step is told what is left of it and keeps to it, and is skipped when
 * too little is left, so that the steps of several lists and the frame's
 * own layout and paint stay within a frame or two.  When the list is not
 * on screen there are no frames to keep: the steps run at once, with an
 * unlimited budget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_PACER_FRAME_US 10000          /* steps' time per frame, all pacers */
#define PD_PACER_UNLIMITED G_MAXINT64    /* the budget of a list not on screen */

/* One step, in about @budget_us microseconds (a step may go over by one
 * unit of its work); returns TRUE while there is more to do. */
typedef gboolean (*PdPacerStep) (gpointer data,
                                 gint64   budget_us);

typedef struct {
  PdPacerStep  step;
  gpointer     data;
  GtkWidget   *widget;     /* weak */
  guint        source;     /* a tick callback of widget, or a timeout */
  gboolean     ticking;
  gboolean     in_tick;
} PdPacer;

void     pd_pacer_init        (PdPacer     *pacer,
                               PdPacerStep  step,
                               gpointer     data);
/* Stops, and forgets the widget. */
void     pd_pacer_clear       (PdPacer     *pacer);
/* The list whose frames pace the steps (NULL: none). */
void     pd_pacer_set_widget  (PdPacer     *pacer,
                               GtkWidget   *widget);
gboolean pd_pacer_on_screen   (PdPacer     *pacer);
/* Steps from the next frame on (at once when not on screen), until a step
 * returns FALSE. */
void     pd_pacer_start       (PdPacer     *pacer);
void     pd_pacer_stop        (PdPacer     *pacer);
gboolean pd_pacer_is_running  (PdPacer     *pacer);

G_END_DECLS
