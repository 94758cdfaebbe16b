/* test-engine.c: the service's rules in this process, without HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-engine"

#include "pd-engine-scheduling.h"
#include "pd-error.h"
#include "pd-test-engine.h"

static PdInspection *
draft (PdTestEngine *e,
       int           start_h,
       int           end_h,
       double        quantity)
{
  PdInspection *d = g_new0 (PdInspection, 1);
  PdCommodity *c = g_new0 (PdCommodity, 1);
  gint64 now = pd_engine_now (e->engine);

  d->kind = PD_INSP_CARGO;
  d->port = g_strdup ("LAX");
  d->company = g_strdup ("Acme Imports");
  d->importer_id = g_strdup ("IOR-12345");
  d->contact_name = g_strdup ("Jo Doe");
  d->contact_email = g_strdup ("jo@acme.example");
  d->contact_phone = g_strdup ("+1 310 555 0100");
  d->window_start = now + start_h * PD_USEC_PER_HOUR;
  d->window_end = now + end_h * PD_USEC_PER_HOUR;
  d->commodities = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_commodity_free);
  c->description = g_strdup ("Fresh cut roses");
  c->category = g_strdup ("plants");
  c->quantity = quantity;
  c->unit = g_strdup ("cartons");
  c->origin = g_strdup ("COL");
  g_ptr_array_add (d->commodities, c);
  return d;
}

typedef struct {
  PdStore *store;
  GMutex   lock;
  GCond    cond;
  gboolean got_store;
  guint    events;
  guint    store_free;   /* events during which another thread could take the store */
} Listener;

static gpointer
take_store (gpointer data)
{
  Listener *l = data;
  g_autoptr(GError) error = NULL;
  PdStoreTx *tx = pd_store_begin (l->store, &error);

  g_assert_no_error (error);
  pd_store_tx_free (tx);
  g_mutex_lock (&l->lock);
  l->got_store = TRUE;
  g_cond_signal (&l->cond);
  g_mutex_unlock (&l->lock);
  return NULL;
}

/* Anyone who hears an event may use the store at once: the transaction
 * that made the change is over (it once still held the store's lock). */
static void
on_event (PdEngine   *engine,
          const char *type,
          const char *port,
          guint       roles,
          const char *principal,
          JsonNode   *payload,
          Listener   *l)
{
  GThread *t;
  gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  gboolean got;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (payload));
  g_mutex_lock (&l->lock);
  l->got_store = FALSE;
  t = g_thread_new ("taker", take_store, l);
  while (!l->got_store && g_cond_wait_until (&l->cond, &l->lock, until))
    ;
  got = l->got_store;
  l->events++;
  l->store_free += got;
  g_mutex_unlock (&l->lock);
  if (got)
    g_thread_join (t);
  else
    g_thread_unref (t);   /* it gets the store once this handler returns */
}

static void
test_events_after_commit (void)
{
  g_autoptr(PdTestEngine) e = pd_test_engine_new (NULL);
  g_autoptr(PdCaller) broker = pd_test_engine_apikey (e, PD_PRINCIPAL_BROKER, "LAX", "scheduling");
  g_autoptr(PdCaller) officer = pd_test_engine_officer (e, "ag.lopez");
  g_autoptr(PdInspection) insp = NULL;
  g_autoptr(PdInspection) moved = NULL;
  g_autoptr(GError) error = NULL;
  Listener l = { .store = pd_engine_get_store (e->engine) };
  PdInspTransition t = { .to = PD_INSP_ACCEPTED };
  gulong id;

  g_mutex_init (&l.lock);
  g_cond_init (&l.cond);
  id = g_signal_connect (e->engine, "event", G_CALLBACK (on_event), &l);
  insp = pd_engine_insp_submit (e->engine, broker, draft (e, 2, 10, 40), &error);
  g_assert_no_error (error);
  moved = pd_engine_insp_transition (e->engine, officer, insp->ref, &t, &error);
  g_assert_no_error (error);
  g_signal_handler_disconnect (e->engine, id);
  /* the request's two events, and audit.appended for each audit entry */
  g_assert_cmpuint (l.events, >=, 2);
  g_assert_cmpuint (l.store_free, ==, l.events);
  g_mutex_clear (&l.lock);
  g_cond_clear (&l.cond);
}

/* What the service offers a caller follows the workflow and the clock. */
static void
test_allowed_moves (void)
{
  g_autoptr(PdTestEngine) e = pd_test_engine_new ("[portdeskd]\nslot_minutes=90\nslot_capacity=1\n");
  g_autoptr(PdCaller) broker = pd_test_engine_apikey (e, PD_PRINCIPAL_BROKER, "LAX", "scheduling");
  g_autoptr(PdCaller) officer = pd_test_engine_officer (e, "ag.lopez");
  g_autoptr(PdInspection) insp = NULL;
  g_autoptr(GError) error = NULL;

  insp = pd_engine_insp_submit (e->engine, broker, draft (e, 2, 10, 40), &error);
  g_assert_no_error (error);
  for (guint side = 0; side < 2; side++)
    {
      g_autoptr(GPtrArray) history = NULL;
      g_autoptr(GPtrArray) chat = NULL;
      g_auto(PdInspAllowed) allowed = { 0 };
      g_autoptr(PdInspection) got = pd_engine_insp_get (e->engine, side ? broker : officer, insp->ref,
                                                        &history, &chat, &allowed, &error);

      g_assert_no_error (error);
      g_assert_nonnull (got);
      if (side == 0)
        g_assert_cmpuint (allowed.moves, ==, 1u << PD_INSP_ACCEPTED | 1u << PD_INSP_REJECTED);
      else
        g_assert_cmpuint (allowed.moves, ==, 1u << PD_INSP_CANCELLED);
      g_assert_true (allowed.can_assign == (side == 0));
      g_assert_null (allowed.slots);
    }
  {
    PdInspTransition t = { .to = PD_INSP_ACCEPTED };
    g_autoptr(PdInspection) moved = pd_engine_insp_transition (e->engine, officer, insp->ref, &t, &error);
    g_autoptr(GArray) slots = NULL;
    guint minutes = 0;

    g_assert_no_error (error);
    slots = pd_engine_insp_slots (e->engine, officer, insp->ref, &minutes, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (minutes, ==, 90);
    g_assert_cmpuint (slots->len, >, 0);
    for (guint i = 0; i < slots->len; i++)
      {
        const PdInspSlot *s = &g_array_index (slots, PdInspSlot, i);

        g_assert_cmpint (s->start % ((gint64) 90 * 60 * G_USEC_PER_SEC), ==, 0);
        g_assert_cmpint (s->end - s->start, ==, (gint64) 90 * 60 * G_USEC_PER_SEC);
        g_assert_cmpuint (s->free, ==, 1);
      }
    /* the requester may not ask for slots */
    g_clear_pointer (&slots, g_array_unref);
    slots = pd_engine_insp_slots (e->engine, broker, insp->ref, &minutes, &error);
    g_assert_null (slots);
    g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/events-after-commit", test_events_after_commit);
  g_test_add_func ("/engine/allowed-moves", test_allowed_moves);
  return g_test_run ();
}
