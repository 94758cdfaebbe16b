/* pd-throttle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-throttle"

#include <string.h>

#include "pd-throttle.h"

#define MAX_ENTRIES 10000   /* then the entry failed longest ago goes */
#define FIRST_WAIT  G_USEC_PER_SEC

struct _PdThrottle
{
  GMutex      lock;
  guint       free_failures;
  gint64      max_wait_us;
  GHashTable *entries;   /* "account\x1fclient" -> PdThrottleEntry */
};

void
pd_throttle_entry_free (PdThrottleEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->account);
  g_free (e->client);
  g_free (e);
}

static PdThrottleEntry *
entry_copy (const PdThrottleEntry *e)
{
  PdThrottleEntry *c = g_memdup2 (e, sizeof *e);

  c->account = g_strdup (e->account);
  c->client = g_strdup (e->client);
  return c;
}

static char *
entry_key (const char *account,
           const char *client)
{
  return g_strconcat (account, "\x1f", client, NULL);
}

PdThrottle *
pd_throttle_new (guint  free_failures,
                 gint64 max_wait_us)
{
  PdThrottle *self = g_new0 (PdThrottle, 1);

  g_mutex_init (&self->lock);
  self->free_failures = free_failures;
  self->max_wait_us = MAX (max_wait_us, FIRST_WAIT);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pd_throttle_entry_free);
  return self;
}

void
pd_throttle_free (PdThrottle *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->entries);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Keeps the table bounded: drops the entry that failed longest ago. */
static void
make_room (PdThrottle *self)
{
  GHashTableIter iter;
  gpointer key, value;
  gpointer oldest = NULL;
  gint64 oldest_time = G_MAXINT64;

  if (g_hash_table_size (self->entries) < MAX_ENTRIES)
    return;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      PdThrottleEntry *e = value;

      if (e->last_failure < oldest_time)
        {
          oldest_time = e->last_failure;
          oldest = key;
        }
    }
  g_hash_table_remove (self->entries, oldest);
}

gboolean
pd_throttle_begin (PdThrottle *self,
                   const char *account,
                   const char *client,
                   gint64      now,
                   gint64     *out_wait_us)
{
  g_autofree char *key = entry_key (account, client);
  PdThrottleEntry *e;
  gboolean allowed = TRUE;

  g_mutex_lock (&self->lock);
  e = g_hash_table_lookup (self->entries, key);
  if (e != NULL && now < e->next_allowed)
    {
      *out_wait_us = e->next_allowed - now;
      allowed = FALSE;
    }
  else
    {
      if (e == NULL)
        {
          make_room (self);
          e = g_new0 (PdThrottleEntry, 1);
          e->account = g_strdup (account);
          e->client = g_strdup (client);
          g_hash_table_insert (self->entries, g_steal_pointer (&key), e);
        }
      e->failures++;
      e->last_failure = now;
      if (e->failures >= self->free_failures)
        {
          guint doublings = MIN (e->failures - self->free_failures, 30);
          gint64 wait = MIN (FIRST_WAIT << doublings, self->max_wait_us);

          e->next_allowed = now + wait;
        }
    }
  g_mutex_unlock (&self->lock);
  return allowed;
}

void
pd_throttle_succeeded (PdThrottle *self,
                       const char *account,
                       const char *client)
{
  g_autofree char *key = entry_key (account, client);

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->entries, key);
  g_mutex_unlock (&self->lock);
}

static int
by_last_failure (gconstpointer a,
                 gconstpointer b)
{
  const PdThrottleEntry *x = *(PdThrottleEntry * const *) a;
  const PdThrottleEntry *y = *(PdThrottleEntry * const *) b;

  return x->last_failure < y->last_failure ? -1 : x->last_failure > y->last_failure;
}

GPtrArray *
pd_throttle_list (PdThrottle *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_throttle_entry_free);
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (out, entry_copy (value));
  g_mutex_unlock (&self->lock);
  g_ptr_array_sort (out, by_last_failure);
  return out;
}

guint
pd_throttle_clear (PdThrottle *self,
                   const char *account,
                   const char *client)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PdThrottleEntry *e = value;

      if ((account == NULL || strcmp (e->account, account) == 0) && (client == NULL || strcmp (e->client, client) == 0))
        {
          g_hash_table_iter_remove (&iter);
          n++;
        }
    }
  g_mutex_unlock (&self->lock);
  return n;
}
