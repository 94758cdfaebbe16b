/* pd-clock.c
 *
 * All service code asks this object for "now", never g_get_real_time()
 * directly, so tests can jump days and years.  In test mode the clock
 * starts at real time and only moves when told to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-clock"

#include <stdio.h>
#include <string.h>

#include "pd-clock.h"
#include "pd-error.h"

struct _PdClock
{
  GObject  parent_instance;
  gboolean test_mode;
  GMutex   lock;
  gint64   fixed_us;
};

G_DEFINE_FINAL_TYPE (PdClock, pd_clock, G_TYPE_OBJECT)

static void
pd_clock_finalize (GObject *object)
{
  PdClock *self = PD_CLOCK (object);

  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (pd_clock_parent_class)->finalize (object);
}

static void
pd_clock_class_init (PdClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_clock_finalize;
}

static void
pd_clock_init (PdClock *self)
{
  g_mutex_init (&self->lock);
}

PdClock *
pd_clock_new (gboolean test_mode)
{
  PdClock *self = g_object_new (PD_TYPE_CLOCK, NULL);

  self->test_mode = test_mode;
  self->fixed_us = g_get_real_time ();
  return self;
}

gboolean
pd_clock_is_test_mode (PdClock *self)
{
  g_return_val_if_fail (PD_IS_CLOCK (self), FALSE);
  return self->test_mode;
}

gint64
pd_clock_now (PdClock *self)
{
  gint64 now;

  g_return_val_if_fail (PD_IS_CLOCK (self), 0);

  if (!self->test_mode)
    return g_get_real_time ();

  g_mutex_lock (&self->lock);
  now = self->fixed_us;
  g_mutex_unlock (&self->lock);
  return now;
}

gboolean
pd_clock_set (PdClock  *self,
              gint64    now_us,
              GError  **error)
{
  g_return_val_if_fail (PD_IS_CLOCK (self), FALSE);

  if (!self->test_mode)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN,
                           "The clock can only be set when portdeskd runs with --test-clock");
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  self->fixed_us = now_us;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

gboolean
pd_clock_advance (PdClock  *self,
                  gint64    delta_us,
                  GError  **error)
{
  if (delta_us < 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID,
                           "The test clock only moves forward");
      return FALSE;
    }
  return pd_clock_set (self, pd_clock_now (self) + delta_us, error);
}

/* RFC 3339 UTC with microseconds: 2026-11-22T17:44:27.123456Z */
char *
pd_time_format (gint64 unix_us)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) dt = NULL;

  if (seconds == NULL)
    return g_strdup ("invalid");
  dt = g_date_time_add (seconds, unix_us % G_USEC_PER_SEC);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gboolean
pd_time_parse (const char *iso8601,
               gint64     *out_unix_us)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (iso8601 == NULL)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (iso8601, utc);
  if (dt == NULL)
    return FALSE;
  *out_unix_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

char *
pd_quarter_of (gint64 unix_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);

  return g_strdup_printf ("%d-Q%d", g_date_time_get_year (dt), (g_date_time_get_month (dt) - 1) / 3 + 1);
}

gboolean
pd_quarter_bounds (const char *quarter,
                   gint64     *out_start,
                   gint64     *out_end)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  int year, q;
  char tail;

  if (quarter == NULL || strlen (quarter) != 7 || sscanf (quarter, "%4d-Q%1d%c", &year, &q, &tail) != 2 ||
      year < 1970 || year > 9998 || q < 1 || q > 4)
    return FALSE;
  start = g_date_time_new_utc (year, (q - 1) * 3 + 1, 1, 0, 0, 0);
  end = g_date_time_add_months (start, 3);
  *out_start = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  *out_end = g_date_time_to_unix (end) * G_USEC_PER_SEC;
  return TRUE;
}

char *
pd_quarter_resolve (const char  *quarter,
                    gint64       now,
                    gint64      *out_start,
                    gint64      *out_end,
                    GError     **error)
{
  g_autofree char *current = pd_quarter_of (now);

  if (quarter == NULL)
    quarter = current;
  if (!pd_quarter_bounds (quarter, out_start, out_end))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "quarter: like %s", current);
      return NULL;
    }
  return g_strdup (quarter);
}

gint64
pd_quarter_end (gint64 unix_us)
{
  g_autofree char *q = pd_quarter_of (unix_us);
  gint64 start, end;

  return pd_quarter_bounds (q, &start, &end) ? end : unix_us;
}

gint64
pd_quarter_review_lapses (gint64 reviewed)
{
  return pd_quarter_end (pd_quarter_end (reviewed)) + PD_REVIEW_GRACE_DAYS * G_TIME_SPAN_DAY;
}
