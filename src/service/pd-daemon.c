/* pd-daemon.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-daemon"

#include <gio/gio.h>

#include "pd-daemon.h"
#include "pd-engine-flags.h"
#include "pd-engine-tvs.h"
#include "pd-engine.h"
#include "pd-engine-face.h"
#include "pd-error.h"
#include "pd-face-blas.h"
#include "pd-retention.h"
#include "pd-server.h"
#include "pd-store.h"

struct _PdDaemon
{
  GObject    parent_instance;
  GMainLoop *loop;
  PdEngine  *engine;
  PdServer  *server;
  guint      retention_id;
  gboolean   sweeping;
  guint      flags_id;
  gboolean   scanning;
};

G_DEFINE_FINAL_TYPE (PdDaemon, pd_daemon, G_TYPE_OBJECT)

static void
pd_daemon_dispose (GObject *object)
{
  PdDaemon *self = PD_DAEMON (object);

  g_clear_handle_id (&self->retention_id, g_source_remove);
  g_clear_handle_id (&self->flags_id, g_source_remove);
  g_clear_object (&self->server);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  G_OBJECT_CLASS (pd_daemon_parent_class)->dispose (object);
}

static void
pd_daemon_class_init (PdDaemonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_daemon_dispose;
}

static void
pd_daemon_init (PdDaemon *self)
{
  self->loop = g_main_loop_new (NULL, FALSE);
}

PdDaemon *
pd_daemon_new (void)
{
  return g_object_new (PD_TYPE_DAEMON, NULL);
}

static void
sweep_worker (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PdDaemon *self = source;
  PdStore *store = pd_engine_get_store (self->engine);
  g_autoptr(PdCaller) system = pd_caller_new_system ();
  g_autoptr(GError) error = NULL;
  gboolean mine = FALSE;
  gint64 n;

  /* one daemon of a site does the maintenance pass at a time */
  if (!pd_store_site_lock (store, PD_STORE_LOCK_SWEEPER, &mine, &error) || !mine)
    {
      g_debug ("maintenance pass skipped: %s", error ? error->message : "another portdeskd of the site runs it");
      return;
    }
  /* the maintenance pass: TVS galleries whose window opened, then the sweep */
  if (!pd_engine_tvs_build_due (self->engine, NULL, &error))
    {
      g_warning ("building TVS galleries failed: %s", error->message);
      g_clear_error (&error);
    }
  n = pd_engine_retention_run (self->engine, system, &error);
  if (n < 0 && g_error_matches (error, PD_ERROR, PD_ERROR_CONFLICT))
    g_debug ("retention sweep skipped: %s", error->message);
  else if (n < 0)
    g_warning ("retention sweep failed: %s", error->message);
  else if (n > 0)
    g_info ("retention sweep purged %" G_GINT64_FORMAT " items", n);
  pd_store_site_unlock (store, PD_STORE_LOCK_SWEEPER);
}

static void
scan_worker (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PdDaemon *self = source;
  g_autoptr(PdCaller) system = pd_caller_new_system ();
  g_autoptr(GError) error = NULL;
  guint raised = 0;

  if (!pd_engine_flags_scan (self->engine, system, &raised, NULL, &error))
    g_warning ("scanning the audit chain for misuse flags failed: %s", error->message);
  else if (raised > 0)
    g_info ("misuse scan raised %u flags", raised);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(gboolean *) user_data = FALSE;
}

/* Runs @worker in a thread, unless its last run (*@busy) is still going. */
static void
run_job (PdDaemon        *self,
         gboolean        *busy,
         GTaskThreadFunc  worker,
         gpointer         tag)
{
  g_autoptr(GTask) task = NULL;

  if (*busy)
    return;
  *busy = TRUE;
  task = g_task_new (self, NULL, job_done, busy);
  g_task_set_source_tag (task, tag);
  g_task_run_in_thread (task, worker);
}

static gboolean
on_retention_timer (gpointer user_data)
{
  PdDaemon *self = user_data;

  run_job (self, &self->sweeping, sweep_worker, on_retention_timer);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_flags_timer (gpointer user_data)
{
  PdDaemon *self = user_data;

  run_job (self, &self->scanning, scan_worker, on_flags_timer);
  return G_SOURCE_CONTINUE;
}

gboolean
pd_daemon_setup (PdDaemon               *self,
                 const PdDaemonOptions  *options,
                 GError                **error)
{
  g_autoptr(PdConfig) config = NULL;
  g_autoptr(PdClock) clock = pd_clock_new (options->test_clock);
  g_autoptr(PdFaceEngine) face = NULL;

  if (options->config_path != NULL)
    config = pd_config_load (options->config_path, error);
  else
    config = pd_config_new_default ();
  if (config == NULL)
    return FALSE;
  /* the face engine first: without it, refuse to start before touching
   * anything (as portdeskctl face does) */
  face = pd_face_engine_new (config->model_dir, error);
  if (face == NULL)
    return FALSE;

  self->engine = pd_engine_new (options->data_dir, g_steal_pointer (&config), clock, error);
  if (self->engine == NULL)
    return FALSE;
  if (!pd_engine_bootstrap (self->engine, options->data_dir, error))
    return FALSE;
  if (!pd_engine_face_setup (self->engine, face, error))
    return FALSE;
  g_message ("face engine loaded (%s; thresholds %s)", pd_face_blas_kernel (), pd_face_thresholds_version ());
  if (options->demo && !pd_engine_demo_setup (self->engine, 300, options->demo_holdings, error))
    return FALSE;

  self->server = pd_server_new (self->engine);
  if (!pd_server_listen_unix (self->server, options->socket_path, error))
    return FALSE;
  g_message ("officer API on %s", options->socket_path);
  if (options->listen != NULL)
    {
      guint port = 0;

      if (!pd_server_listen_tcp (self->server, options->listen, &port, error))
        {
          g_prefix_error (error, "Cannot listen on %s: ", options->listen);
          return FALSE;
        }
      g_message ("public intake API on %s (port %u)", options->listen, port);
    }
  if (options->test_clock)
    g_warning ("running with --test-clock: time is set by POST /v1/test/clock; never use this in production");

  self->retention_id = g_timeout_add_seconds (pd_engine_get_config (self->engine)->retention_interval_s,
                                              on_retention_timer, self);
  self->flags_id = g_timeout_add_seconds (pd_engine_get_config (self->engine)->flag_scan_interval_s,
                                          on_flags_timer, self);
  return TRUE;
}

int
pd_daemon_run (PdDaemon *self)
{
  g_main_loop_run (self->loop);
  return 0;
}

void
pd_daemon_stop (PdDaemon *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->retention_id, g_source_remove);
  g_clear_handle_id (&self->flags_id, g_source_remove);
  if (self->server != NULL)
    pd_server_shutdown (self->server);
  if (self->engine != NULL && !pd_engine_checkpoint (self->engine, &error))
    g_warning ("could not sign the audit chain on shutdown: %s", error->message);
  g_main_loop_quit (self->loop);
}
