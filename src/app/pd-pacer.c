/* pd-pacer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-pacer"

#include "config.h"

#include "pd-pacer.h"

void
pd_pacer_init (PdPacer     *pacer,
               PdPacerStep  step,
               gpointer     data)
{
  *pacer = (PdPacer) { .step = step, .data = data };
}

gboolean
pd_pacer_on_screen (PdPacer *pacer)
{
  return pacer->widget != NULL && gtk_widget_get_mapped (pacer->widget);
}

gboolean
pd_pacer_is_running (PdPacer *pacer)
{
  return pacer->source != 0;
}

void
pd_pacer_stop (PdPacer *pacer)
{
  if (pacer->source == 0)
    return;
  /* from its own tick, returning G_SOURCE_REMOVE is enough */
  if (pacer->ticking && pacer->widget != NULL && !pacer->in_tick)
    gtk_widget_remove_tick_callback (pacer->widget, pacer->source);
  else if (!pacer->ticking)
    g_source_remove (pacer->source);
  pacer->source = 0;
}

#define MIN_STEP_US 2000   /* less left of the frame's budget: the step waits */

/* The frame's budget, spent by the steps of every pacer (the main thread's
 * only: frames are painted there). */
static gint64 budget_frame = -1;
static gint64 budget_spent;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  PdPacer *pacer = user_data;
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);
  gint64 t0;
  gboolean more;

  if (frame != budget_frame)
    {
      budget_frame = frame;
      budget_spent = 0;
    }
  if (PD_PACER_FRAME_US - budget_spent < MIN_STEP_US)
    return G_SOURCE_CONTINUE;
  pacer->in_tick = TRUE;
  t0 = g_get_monotonic_time ();
  more = pacer->step (pacer->data, PD_PACER_FRAME_US - budget_spent);
  budget_spent += g_get_monotonic_time () - t0;
  pacer->in_tick = FALSE;
  if (more && pacer->source != 0)
    return G_SOURCE_CONTINUE;
  pacer->source = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  PdPacer *pacer = user_data;

  pacer->source = 0;
  while (pacer->step (pacer->data, PD_PACER_UNLIMITED))
    ;
  return G_SOURCE_REMOVE;
}

void
pd_pacer_start (PdPacer *pacer)
{
  if (pacer->source != 0)
    return;
  pacer->ticking = pd_pacer_on_screen (pacer);
  if (pacer->ticking)
    pacer->source = gtk_widget_add_tick_callback (pacer->widget, tick_cb, pacer, NULL);
  else
    pacer->source = g_timeout_add (0, timeout_cb, pacer);
}

static void
unmapped_cb (GtkWidget *widget,
             PdPacer   *pacer)
{
  /* no more frames of it: the rest at once */
  if (pacer->source != 0 && pacer->ticking)
    {
      pd_pacer_stop (pacer);
      pd_pacer_start (pacer);
    }
}

void
pd_pacer_set_widget (PdPacer   *pacer,
                     GtkWidget *widget)
{
  gboolean running = pacer->source != 0;

  if (pacer->widget == widget)
    return;
  pd_pacer_stop (pacer);
  if (pacer->widget != NULL)
    {
      g_signal_handlers_disconnect_by_func (pacer->widget, unmapped_cb, pacer);
      g_object_remove_weak_pointer (G_OBJECT (pacer->widget), (gpointer *) &pacer->widget);
    }
  pacer->widget = widget;
  if (widget != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &pacer->widget);
      g_signal_connect (widget, "unmap", G_CALLBACK (unmapped_cb), pacer);
    }
  if (running)
    pd_pacer_start (pacer);
}

void
pd_pacer_clear (PdPacer *pacer)
{
  pd_pacer_stop (pacer);
  pd_pacer_set_widget (pacer, NULL);
}
