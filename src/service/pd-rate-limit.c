/* pd-rate-limit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-rate-limit"

#include "pd-rate-limit.h"

struct _PdRateLimit
{
  GMutex      lock;
  guint       max_events;
  gint64      window_us;
  GHashTable *events;     /* key -> GQueue of gint64 times, oldest first */
};

static void
queue_free (GQueue *q)
{
  g_queue_free_full (q, g_free);
}

PdRateLimit *
pd_rate_limit_new (guint  max_events,
                   gint64 window_us)
{
  PdRateLimit *self = g_new0 (PdRateLimit, 1);

  g_mutex_init (&self->lock);
  self->max_events = MAX (max_events, 1);
  self->window_us = window_us;
  self->events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) queue_free);
  return self;
}

void
pd_rate_limit_free (PdRateLimit *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->events);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Drops what fell out of the window; the lock is held. */
static GQueue *
expire (PdRateLimit *self,
        const char  *key,
        gint64       now)
{
  GQueue *q = g_hash_table_lookup (self->events, key);

  while (q != NULL && !g_queue_is_empty (q) && *(gint64 *) g_queue_peek_head (q) <= now - self->window_us)
    g_free (g_queue_pop_head (q));
  if (q != NULL && g_queue_is_empty (q))
    {
      g_hash_table_remove (self->events, key);
      q = NULL;
    }
  return q;
}

gboolean
pd_rate_limit_take (PdRateLimit *self,
                    const char  *key,
                    gint64       now,
                    gint64      *out_wait_us)
{
  GQueue *q;
  gboolean ok;

  g_mutex_lock (&self->lock);
  q = expire (self, key, now);
  ok = q == NULL || g_queue_get_length (q) < self->max_events;
  if (!ok && out_wait_us != NULL)
    *out_wait_us = *(gint64 *) g_queue_peek_head (q) + self->window_us - now;
  if (ok)
    {
      if (q == NULL)
        {
          q = g_queue_new ();
          g_hash_table_insert (self->events, g_strdup (key), q);
        }
      g_queue_push_tail (q, g_memdup2 (&now, sizeof now));
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

void
pd_rate_limit_clear (PdRateLimit *self,
                     const char  *key)
{
  g_mutex_lock (&self->lock);
  if (key != NULL)
    g_hash_table_remove (self->events, key);
  else
    g_hash_table_remove_all (self->events);
  g_mutex_unlock (&self->lock);
}

void
pd_rate_limit_give_back (PdRateLimit *self,
                         const char  *key,
                         gint64       when)
{
  GQueue *q;

  g_mutex_lock (&self->lock);
  q = g_hash_table_lookup (self->events, key);
  for (GList *l = q != NULL ? q->tail : NULL; l != NULL; l = l->prev)
    if (*(gint64 *) l->data == when)
      {
        g_free (l->data);
        g_queue_delete_link (q, l);
        break;
      }
  if (q != NULL && g_queue_is_empty (q))
    g_hash_table_remove (self->events, key);
  g_mutex_unlock (&self->lock);
}
