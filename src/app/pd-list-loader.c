/* pd-list-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-list-loader"

#include "config.h"

#include <errno.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <glib/gi18n.h>

#include "pd-error.h"
#include "pd-list-loader.h"
#include "pd-pacer.h"

#include <gtk/gtk.h>

#define BATCH_SIZE 500    /* rows handed over at a time (a few ms at most) */

/* --- rows ------------------------------------------------------------------ */

/* Field @field of @row, and the type of its value (G_TYPE_INVALID when
 * absent or null; an object's or an array's match no value type). */
static JsonNode *
row_value (const PdListRow *row,
           guint            field,
           GType           *type)
{
  JsonNode *node;

  if (row->positions != NULL)
    {
      int at = row->positions[field];

      node = at >= 0 && (guint) at < row->n_values ? json_array_get_element (row->values, at) : NULL;
    }
  else
    node = json_object_get_member (json_node_get_object (row->item), row->names[field]);
  *type = node != NULL ? json_node_get_value_type (node) : G_TYPE_INVALID;
  return node;
}

const char *
pd_list_row_get_string (const PdListRow *row,
                        guint            field)
{
  GType type;
  JsonNode *node = row_value (row, field, &type);

  return type == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

gint64
pd_list_row_get_int (const PdListRow *row,
                     guint            field,
                     gint64           fallback)
{
  GType type;
  JsonNode *node = row_value (row, field, &type);

  return type == G_TYPE_INT64 ? json_node_get_int (node) : fallback;
}

gboolean
pd_list_row_get_bool (const PdListRow *row,
                      guint            field)
{
  GType type;
  JsonNode *node = row_value (row, field, &type);

  return type == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

JsonObject *
pd_list_row_get_object (const PdListRow *row)
{
  return row->positions == NULL ? json_node_get_object (row->item) : NULL;
}

/* --- the loader ------------------------------------------------------------- */

struct _PdListLoader
{
  GObject          parent_instance;

  PdServiceClient *client;
  char            *path;
  const char * const *fields;
  guint            n_fields;
  PdListBuildFunc  build;
  gpointer         user_data;
  guint            first_size;
  guint            page_size;
  guint            offset_in_flight;   /* 0: follow the cursors */
  guint            max_rows;

  GCancellable    *cancellable;
  GQueue           batches;            /* GPtrArray of rows, to emit */
  GMutex           incoming_lock;
  GQueue           incoming;           /* Incoming: rows built, not taken yet (locked) */
  gboolean         wake_pending;       /* a drain_idle is on its way (locked) */
  PdPacer          pacer;              /* batches a frame of the list */
  guint            in_flight;
  guint            next_offset;
  gboolean         pages_done;         /* no page to ask for any more */
  char            *resume;             /* the cursor after max_rows, when the list goes on */
  gboolean         loading;
  gint64           total;
  guint            n_rows;             /* rows received */
  gboolean         got_first;
  GError          *error;
  gint64           t_start;
  double           fetch_ms;
  gint             build_us;           /* atomic: worker time */
};

G_DEFINE_FINAL_TYPE (PdListLoader, pd_list_loader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ROWS,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  guint      n_items;
  gint64     total;
  char      *next;
} Page;

static void
page_free (Page *page)
{
  g_free (page->next);
  g_free (page);
}

typedef struct {
  PdListLoader *self;   /* a reference */
  GCancellable *cancellable;
} PageCall;

static void fetch_page (PdListLoader *self, guint limit, const char *cursor, gint64 offset);

#define CHUNK_MIN  4000   /* rows worth another thread */
#define BLOCK_SIZE 1000   /* rows a worker hands over at a time, as built */
#define BUILD_NICE 5      /* the builders' nice value: below the main thread */

/* A page being built: blocks of rows, taken in turn by the page's worker
 * and, for a large page, a thread more per core; each block goes to the
 * main thread as soon as it and the ones before it are built, so that the
 * rows go into the model while the rest are built. */
typedef struct {
  PdListLoader *self;
  JsonArray    *items;
  const int    *positions;
  GCancellable *cancellable;
  guint         n_items;
  guint         n_blocks;
  gint          next_block;   /* atomic: the next block to build */
  GMutex        lock;
  GPtrArray   **built;        /* by block: built, not handed over yet */
  guint         handed;       /* blocks handed over, in order */
} Build;

typedef struct {
  GCancellable *cancellable;  /* of the load the rows belong to */
  GPtrArray    *rows;
} Incoming;

static void
incoming_free (Incoming *in)
{
  g_object_unref (in->cancellable);
  g_ptr_array_unref (in->rows);
  g_free (in);
}

static gboolean drain_idle (gpointer data);
static gpointer build_blocks (gpointer data);

/* Any thread: @rows (taken) to the main thread. */
static void
hand_over (PdListLoader *self,
           GCancellable *cancellable,
           GPtrArray    *rows)
{
  Incoming *in = g_new (Incoming, 1);
  gboolean wake;

  in->cancellable = g_object_ref (cancellable);
  in->rows = rows;
  g_mutex_lock (&self->incoming_lock);
  g_queue_push_tail (&self->incoming, in);
  wake = !self->wake_pending;
  self->wake_pending = TRUE;
  g_mutex_unlock (&self->incoming_lock);
  if (wake)
    g_idle_add_full (G_PRIORITY_DEFAULT, drain_idle, g_object_ref (self), g_object_unref);
}

/* A row-building thread of its own, at a lower priority than the main
 * thread: on a machine with few cores the window's frames come first. */
static gpointer
build_thread (gpointer data)
{
#ifdef __linux__
  /* Linux keeps a nice value per thread */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), BUILD_NICE) != 0)
    g_debug ("setpriority: %s", g_strerror (errno));
#endif
  return build_blocks (data);
}

static gpointer
build_blocks (gpointer data)
{
  Build *b = data;
  PdListRow row = { .names = b->self->fields, .positions = b->positions };

  for (;;)
    {
      guint block = (guint) g_atomic_int_add (&b->next_block, 1);
      guint from = block * BLOCK_SIZE, to;
      GPtrArray *rows;

      if (block >= b->n_blocks || g_cancellable_is_cancelled (b->cancellable))
        break;
      to = MIN (from + BLOCK_SIZE, b->n_items);
      rows = g_ptr_array_new_full (to - from, g_object_unref);
      for (guint i = from; i < to; i++)
        {
          gpointer object;

          row.item = json_array_get_element (b->items, i);
          if (b->positions != NULL ? !JSON_NODE_HOLDS_ARRAY (row.item) : !JSON_NODE_HOLDS_OBJECT (row.item))
            continue;
          row.values = b->positions != NULL ? json_node_get_array (row.item) : NULL;
          row.n_values = row.values != NULL ? json_array_get_length (row.values) : 0;
          object = b->self->build (&row, b->self->user_data);
          if (object != NULL)
            g_ptr_array_add (rows, object);
        }
      g_mutex_lock (&b->lock);
      b->built[block] = rows;
      for (; b->handed < b->n_blocks && b->built[b->handed] != NULL; b->handed++)
        hand_over (b->self, b->cancellable, g_steal_pointer (&b->built[b->handed]));
      g_mutex_unlock (&b->lock);
    }
  return NULL;
}

/* A page's rows, handed over in order as they are built; a large page is
 * built by a thread per core. */
static void
build_rows (PdListLoader *self,
            JsonArray    *items,
            const int    *positions,
            GCancellable *cancellable)
{
  guint n = json_array_get_length (items);
  guint k = CLAMP (n / CHUNK_MIN, 1, MIN (g_get_num_processors (), 8));
  GThread *threads[8] = { NULL };
  Build b = { self, items, positions, cancellable, n, (n + BLOCK_SIZE - 1) / BLOCK_SIZE, 0 };

  g_mutex_init (&b.lock);
  b.built = g_new0 (GPtrArray *, MAX (b.n_blocks, 1));
  /* threads of their own (a pool's thread could not be given its
   * priority back), this one waiting */
  for (guint c = 0; c < k; c++)
    threads[c] = g_thread_new ("pd-list-rows", build_thread, &b);
  for (guint c = 0; c < k; c++)
    g_thread_join (threads[c]);
  /* cancelled: blocks built after a gap */
  for (guint i = 0; i < b.n_blocks; i++)
    g_clear_pointer (&b.built[i], g_ptr_array_unref);
  g_free (b.built);
  g_mutex_clear (&b.lock);
}

/* In a worker thread: the page's rows. */
static gpointer
page_worker (JsonNode      *reply,
             gpointer       work_data,
             GCancellable  *cancellable,
             GError       **error)
{
  PdListLoader *self = work_data;
  gint64 t0 = g_get_monotonic_time ();
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;
  JsonNode *items = obj != NULL ? json_object_get_member (obj, "items") : NULL;
  JsonNode *fields = obj != NULL ? json_object_get_member (obj, "fields") : NULL;
  JsonNode *next = obj != NULL ? json_object_get_member (obj, "next") : NULL;
  JsonNode *total = obj != NULL ? json_object_get_member (obj, "total") : NULL;
  g_autofree int *positions = NULL;
  Page *page;
  guint n;

  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items) || (fields != NULL && !JSON_NODE_HOLDS_ARRAY (fields)))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INTERNAL, _("The service answered with an unexpected list."));
      return NULL;
    }
  if (fields != NULL)
    {
      JsonArray *names = json_node_get_array (fields);

      positions = g_new (int, self->n_fields);
      for (guint f = 0; f < self->n_fields; f++)
        {
          positions[f] = -1;
          for (guint k = 0; k < json_array_get_length (names); k++)
            {
              JsonNode *name = json_array_get_element (names, k);

              if (JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING &&
                  g_strcmp0 (json_node_get_string (name), self->fields[f]) == 0)
                positions[f] = k;
            }
        }
    }
  page = g_new0 (Page, 1);
  n = json_array_get_length (json_node_get_array (items));
  page->n_items = n;
  page->total = total != NULL && JSON_NODE_HOLDS_VALUE (total) ? json_node_get_int (total) : -1;
  page->next = next != NULL && JSON_NODE_HOLDS_VALUE (next) ? g_strdup (json_node_get_string (next)) : NULL;
  build_rows (self, json_node_get_array (items), positions, cancellable);
  g_atomic_int_add (&self->build_us, (gint) (g_get_monotonic_time () - t0));
  return page;
}

static void
set_loading (PdListLoader *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Hands batches over, for as long as a frame can spare (all of them when
 * no list is on screen), and says when the last went. */
static void
emit_batches (PdListLoader *self,
              gint64        budget_us)
{
  gint64 t0 = g_get_monotonic_time ();

  g_object_ref (self);
  while (!g_queue_is_empty (&self->batches) && g_get_monotonic_time () - t0 < budget_us)
    {
      g_autoptr(GPtrArray) batch = g_queue_pop_head (&self->batches);

      g_signal_emit (self, signals[ROWS], 0, batch);
    }
  if (g_queue_is_empty (&self->batches) && self->pages_done && self->in_flight == 0 && self->loading)
    {
      g_autoptr(GError) error = g_steal_pointer (&self->error);

      set_loading (self, FALSE);
      g_signal_emit (self, signals[FINISHED], 0, error);
    }
  g_object_unref (self);
}

static gboolean
emit_step (gpointer data,
           gint64   budget_us)
{
  PdListLoader *self = data;

  emit_batches (self, budget_us);
  return !g_queue_is_empty (&self->batches);
}

static void
new_cancellable (PdListLoader *self)
{
  /* answers to the old one are dropped as they come */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->in_flight = 0;
  g_queue_clear_full (&self->batches, (GDestroyNotify) g_ptr_array_unref);
}

static void
fail (PdListLoader *self,
      GError       *error)
{
  new_cancellable (self);
  g_clear_error (&self->error);
  self->error = error;
  self->pages_done = TRUE;
  pd_pacer_start (&self->pacer);
}

static void
take_rows (PdListLoader *self,
           GPtrArray    *rows)
{
  guint keep = MIN (rows->len, self->max_rows - MIN (self->max_rows, self->n_rows));

  for (guint i = 0; i < keep; i += BATCH_SIZE)
    {
      guint n = MIN (BATCH_SIZE, keep - i);
      GPtrArray *batch = g_ptr_array_new_full (n, g_object_unref);

      for (guint k = 0; k < n; k++)
        g_ptr_array_add (batch, g_object_ref (g_ptr_array_index (rows, i + k)));
      g_queue_push_tail (&self->batches, batch);
    }
  self->n_rows += keep;
}

/* The rows the workers built for the load under way, in the order they
 * came, to the batches. */
static void
drain_incoming (PdListLoader *self)
{
  GQueue got = G_QUEUE_INIT;
  Incoming *in;

  g_mutex_lock (&self->incoming_lock);
  got = self->incoming;
  g_queue_init (&self->incoming);
  self->wake_pending = FALSE;
  g_mutex_unlock (&self->incoming_lock);
  if (g_queue_is_empty (&got))
    return;
  while ((in = g_queue_pop_head (&got)) != NULL)
    {
      if (in->cancellable == self->cancellable)   /* not a load cancelled since */
        take_rows (self, in->rows);
      incoming_free (in);
    }
  pd_pacer_start (&self->pacer);
}

static gboolean
drain_idle (gpointer data)
{
  drain_incoming (data);
  return G_SOURCE_REMOVE;
}

static void
page_done (PdListLoader *self,
           GCancellable *cancellable,
           Page         *page,
           GError       *error)
{
  gboolean first;

  /* the page's rows first (handed over as built) */
  drain_incoming (self);
  if (cancellable != self->cancellable)   /* a load started since */
    {
      g_clear_pointer (&page, page_free);
      g_clear_error (&error);
      return;
    }
  self->in_flight--;
  if (page == NULL)
    {
      fail (self, error);
      return;
    }
  first = !self->got_first;
  self->got_first = TRUE;
  if (first)
    {
      self->total = page->total;
      self->next_offset = page->n_items;
    }
  if (self->offset_in_flight == 0 || self->total < 0)
    {
      /* one page after the other, by cursor */
      if (page->next == NULL || self->n_rows >= self->max_rows)
        {
          self->pages_done = TRUE;
          g_free (self->resume);
          self->resume = g_strdup (page->next);
        }
      else
        fetch_page (self, self->page_size, page->next, -1);
    }
  else
    while (!self->pages_done && self->in_flight < self->offset_in_flight)
      {
        if ((first && page->next == NULL) || self->next_offset >= MIN ((guint64) self->total, self->max_rows))
          {
            self->pages_done = TRUE;
            break;
          }
        fetch_page (self, self->page_size, NULL, self->next_offset);
        self->next_offset += self->page_size;
      }
  if (self->pages_done && self->in_flight == 0)
    self->fetch_ms = (g_get_monotonic_time () - self->t_start) / 1000.0;
  page_free (page);
  pd_pacer_start (&self->pacer);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PageCall *call = user_data;
  g_autoptr(PdListLoader) self = call->self;
  g_autoptr(GCancellable) cancellable = call->cancellable;
  GError *error = NULL;
  Page *page = pd_service_client_fetch_finish (PD_SERVICE_CLIENT (object), result, &error);

  g_free (call);
  page_done (self, cancellable, page, error);
}

static void
fetch_page (PdListLoader *self,
            guint         limit,
            const char   *cursor,
            gint64        offset)
{
  g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
  g_autofree char *path = NULL;
  const char *sep = strchr (self->path, '?') ? "&" : "?";
  PageCall *call = g_new0 (PageCall, 1);

  if (offset >= 0)
    path = g_strdup_printf ("%s%slimit=%u&offset=%" G_GINT64_FORMAT, self->path, sep, limit, offset);
  else
    path = g_strdup_printf ("%s%slimit=%u%s%s", self->path, sep, limit, escaped ? "&cursor=" : "",
                            escaped ? escaped : "");
  call->self = g_object_ref (self);
  call->cancellable = g_object_ref (self->cancellable);
  self->in_flight++;
  pd_service_client_fetch_async (self->client, path, page_worker, self, (GDestroyNotify) page_free,
                                 self->cancellable, page_cb, call);
}

static void
take_page_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  Page *page = page_worker (task_data, source_object, cancellable, &error);

  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, (GDestroyNotify) page_free);
}

static void
take_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PdListLoader *self = PD_LIST_LOADER (object);
  GError *error = NULL;
  Page *page = g_task_propagate_pointer (G_TASK (result), &error);

  page_done (self, g_task_get_cancellable (G_TASK (result)), page, error);
}

void
pd_list_loader_cancel (PdListLoader *self)
{
  g_return_if_fail (PD_IS_LIST_LOADER (self));

  new_cancellable (self);
  pd_pacer_stop (&self->pacer);
  g_clear_error (&self->error);
  self->pages_done = TRUE;
  set_loading (self, FALSE);
}

static void
pd_list_loader_start_with (PdListLoader *self,
                           const char   *path)
{
  pd_list_loader_cancel (self);
  self->pages_done = FALSE;
  g_clear_pointer (&self->resume, g_free);
  self->got_first = FALSE;
  self->total = -1;
  self->n_rows = 0;
  self->next_offset = 0;
  self->t_start = g_get_monotonic_time ();
  self->fetch_ms = 0;
  self->build_us = 0;
  set_loading (self, TRUE);
  if (path != NULL)
    fetch_page (self, MIN (self->first_size, self->max_rows), NULL, -1);
}

gboolean
pd_list_loader_more (PdListLoader *self,
                     guint         n_more)
{
  g_autofree char *cursor = NULL;

  g_return_val_if_fail (PD_IS_LIST_LOADER (self), FALSE);
  if (self->resume == NULL || !self->pages_done || self->in_flight > 0 || self->loading)
    return FALSE;
  cursor = g_steal_pointer (&self->resume);
  self->max_rows += n_more;
  self->pages_done = FALSE;
  set_loading (self, TRUE);
  fetch_page (self, MIN (self->page_size, n_more), cursor, -1);
  return TRUE;
}

gboolean
pd_list_loader_get_has_more (PdListLoader *self)
{
  g_return_val_if_fail (PD_IS_LIST_LOADER (self), FALSE);
  return self->resume != NULL;
}

void
pd_list_loader_start (PdListLoader *self)
{
  g_return_if_fail (PD_IS_LIST_LOADER (self));
  pd_list_loader_start_with (self, self->path);
}

void
pd_list_loader_set_path (PdListLoader *self,
                         const char   *path)
{
  g_return_if_fail (PD_IS_LIST_LOADER (self));
  g_return_if_fail (path != NULL);

  pd_list_loader_cancel (self);
  g_free (self->path);
  self->path = g_strdup (path);
}

void
pd_list_loader_load_page (PdListLoader *self,
                          JsonNode     *page)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_LIST_LOADER (self));
  g_return_if_fail (page != NULL);

  pd_list_loader_start_with (self, NULL);
  task = g_task_new (self, self->cancellable, take_page_cb, NULL);
  g_task_set_task_data (task, json_node_ref (page), (GDestroyNotify) json_node_unref);
  self->in_flight++;
  g_task_run_in_thread (task, take_page_worker);
}

/* --- object --------------------------------------------------------------- */

static void
pd_list_loader_dispose (GObject *object)
{
  PdListLoader *self = PD_LIST_LOADER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->batches, (GDestroyNotify) g_ptr_array_unref);
  g_mutex_lock (&self->incoming_lock);
  g_queue_clear_full (&self->incoming, (GDestroyNotify) incoming_free);
  g_mutex_unlock (&self->incoming_lock);
  pd_pacer_clear (&self->pacer);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_list_loader_parent_class)->dispose (object);
}

static void
pd_list_loader_finalize (GObject *object)
{
  PdListLoader *self = PD_LIST_LOADER (object);

  g_free (self->resume);
  g_free (self->path);
  g_clear_error (&self->error);
  g_mutex_clear (&self->incoming_lock);
  G_OBJECT_CLASS (pd_list_loader_parent_class)->finalize (object);
}

static void
pd_list_loader_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdListLoader *self = PD_LIST_LOADER (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_list_loader_class_init (PdListLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_list_loader_dispose;
  object_class->finalize = pd_list_loader_finalize;
  object_class->get_property = pd_list_loader_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::rows (GPtrArray *rows): the next rows, in page order within a page */
  signals[ROWS] = g_signal_new ("rows", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  /* ::finished (GError *error): after the last ::rows; @error is NULL when every page came */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
pd_list_loader_init (PdListLoader *self)
{
  g_queue_init (&self->batches);
  g_queue_init (&self->incoming);
  g_mutex_init (&self->incoming_lock);
  pd_pacer_init (&self->pacer, emit_step, self);
  self->cancellable = g_cancellable_new ();
  self->first_size = self->page_size = 500;
  self->max_rows = G_MAXUINT;
  self->total = -1;
  self->pages_done = TRUE;
}

PdListLoader *
pd_list_loader_new (PdServiceClient    *client,
                    const char         *path,
                    const char * const *fields,
                    PdListBuildFunc     build,
                    gpointer            user_data)
{
  PdListLoader *self;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);
  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (build != NULL, NULL);

  self = g_object_new (PD_TYPE_LIST_LOADER, NULL);
  self->client = g_object_ref (client);
  self->path = g_strdup (path);
  self->fields = fields;
  self->n_fields = g_strv_length ((char **) fields);
  self->build = build;
  self->user_data = user_data;
  return self;
}

void
pd_list_loader_set_page_sizes (PdListLoader *self,
                               guint         first,
                               guint         rest)
{
  g_return_if_fail (PD_IS_LIST_LOADER (self));
  self->first_size = MAX (first, 1);
  self->page_size = MAX (rest, 1);
}

void
pd_list_loader_set_offset_pages (PdListLoader *self,
                                 guint         in_flight)
{
  g_return_if_fail (PD_IS_LIST_LOADER (self));
  self->offset_in_flight = in_flight;
}

void
pd_list_loader_set_widget (PdListLoader *self,
                           GtkWidget    *widget)
{
  g_return_if_fail (PD_IS_LIST_LOADER (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));
  pd_pacer_set_widget (&self->pacer, widget);
}

void
pd_list_loader_set_max_rows (PdListLoader *self,
                             guint         max_rows)
{
  g_return_if_fail (PD_IS_LIST_LOADER (self));
  self->max_rows = MAX (max_rows, 1);
}

gboolean
pd_list_loader_get_loading (PdListLoader *self)
{
  g_return_val_if_fail (PD_IS_LIST_LOADER (self), FALSE);
  return self->loading;
}

gint64
pd_list_loader_get_total (PdListLoader *self)
{
  g_return_val_if_fail (PD_IS_LIST_LOADER (self), -1);
  return self->total;
}

void
pd_list_loader_get_timing (PdListLoader *self,
                           double       *fetch_ms,
                           double       *build_ms)
{
  g_return_if_fail (PD_IS_LIST_LOADER (self));
  if (fetch_ms)
    *fetch_ms = self->fetch_ms;
  if (build_ms)
    *build_ms = g_atomic_int_get (&self->build_us) / 1000.0;
}
