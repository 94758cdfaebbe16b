/* pd-pg.c: one libpq connection to PostgreSQL for the service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-pg"

#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <libpq-fe.h>

#include "pd-error.h"
#include "pd-pg.h"

/* retries of a lost connection from the main loop: 100 ms, doubling to 2 s */
#define RETRY_FIRST_MS 100
#define RETRY_MAX_MS   2000

struct _PdPg
{
  GObject       parent_instance;
  char         *conninfo;
  PGconn       *conn;
  GHashTable   *prepared;     /* name -> Prepared */
  GPtrArray    *channels;     /* LISTENed, escaped identifiers */
  GMainContext *context;
  GSource      *watch;        /* the socket, for notifications and a close */
  GSource      *retry;
  GSource      *dispatch;     /* an idle delivering what libpq read during a call */
  guint         retry_ms;
  gboolean      in_tx;
  gboolean      tx_lost;      /* the connection went while a transaction was open */
};

typedef struct {
  char  *sql;
  guint  n_params;
  Oid   *types;
} Prepared;

struct _PdPgParams
{
  GPtrArray *values;   /* char * or NULL */
  GArray    *lengths;  /* int */
  GArray    *formats;  /* int: 0 text, 1 binary */
};

struct _PdPgResult
{
  PGresult *res;
};

enum { SIGNAL_NOTIFICATION, SIGNAL_RECONNECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PdPg, pd_pg, G_TYPE_OBJECT)

static void
prepared_free (Prepared *p)
{
  g_free (p->sql);
  g_free (p->types);
  g_free (p);
}

/* The first line of libpq's message, without its severity prefix. */
static char *
tidy_message (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message ? message : "", "\n", -1);
  const char *prefixes[] = { "FATAL:", "ERROR:" };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      for (guint k = 0; k < G_N_ELEMENTS (prefixes); k++)
        if (g_str_has_prefix (line, prefixes[k]))
          line = g_strstrip (line + strlen (prefixes[k]));
      if (*line != '\0')
        return g_strdup (line);
    }
  return g_strdup ("connection lost");
}

static void
set_lost_error (PdPg        *self,
                GError     **error,
                const char  *what)
{
  g_autofree char *msg = tidy_message (self->conn ? PQerrorMessage (self->conn) : NULL);

  g_set_error (error, PD_ERROR, PD_ERROR_DATABASE_UNAVAILABLE,
               "The database is unreachable; portdeskd keeps trying to reconnect (%s: %s)", what, msg);
}

static void watch_socket (PdPg *self);
static void schedule_retry (PdPg *self);

/* The connection is gone: stop watching it, remember that an open
 * transaction went with it, and try again from the main loop. */
static void
connection_lost (PdPg *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  if (self->in_tx)
    self->tx_lost = TRUE;
  self->in_tx = FALSE;
  g_debug ("connection lost: %s", self->conn ? PQerrorMessage (self->conn) : "");
  schedule_retry (self);
}

static gboolean
check_connected (PdPg    *self,
                 GError **error)
{
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  set_lost_error (self, error, "connect");
  return FALSE;
}

/* Sets @error from a failed result: a lost connection is DATABASE_UNAVAILABLE
 * (and starts the reconnection), a constraint CONFLICT. */
static void
set_result_error (PdPg        *self,
                  PGresult    *res,
                  const char  *what,
                  GError     **error)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = res ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      set_lost_error (self, error, what);
      connection_lost (self);
    }
  else if (state != NULL && g_str_has_prefix (state, "23"))
    g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "%s: %s", what, primary);
  else if (state != NULL && (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57")))
    g_set_error (error, PD_ERROR, PD_ERROR_DATABASE_UNAVAILABLE, "The database is unreachable (%s: %s)", what, primary);
  else if (state != NULL && (g_str_equal (state, "40001") || g_str_equal (state, "40P01")))
    g_set_error (error, PD_ERROR, PD_ERROR_UNAVAILABLE, "%s: %s", what, primary);
  else
    {
      g_autofree char *msg = g_strdup (PQerrorMessage (self->conn));
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "%s: %s", what, g_strstrip (msg));
    }
}

static gboolean
command_ok (PdPg        *self,
            PGresult    *res,
            const char  *what,
            GError     **error)
{
  ExecStatusType st = PQresultStatus (res);

  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
    return TRUE;
  set_result_error (self, res, what, error);
  return FALSE;
}

static void
dispatch_notifications (PdPg *self)
{
  PGnotify *n;

  g_object_ref (self);
  while (self->conn != NULL && (n = PQnotifies (self->conn)) != NULL)
    {
      g_autofree char *channel = g_strdup (n->relname);
      g_autofree char *payload = g_strdup (n->extra);
      int pid = n->be_pid;

      PQfreemem (n);
      g_signal_emit (self, signals[SIGNAL_NOTIFICATION], g_quark_from_string (channel), channel, payload, pid);
    }
  g_object_unref (self);
}

static gboolean
on_socket (int          fd,
           GIOCondition condition,
           gpointer     data)
{
  PdPg *self = data;

  if (!PQconsumeInput (self->conn) || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_clear_pointer (&self->watch, g_source_unref);
      connection_lost (self);
      return G_SOURCE_REMOVE;
    }
  dispatch_notifications (self);
  return G_SOURCE_CONTINUE;
}

static void
watch_socket (PdPg *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  self->watch = g_unix_fd_source_new (PQsocket (self->conn), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->watch, (GSourceFunc) (void (*) (void)) on_socket, self, NULL);
  g_source_attach (self->watch, self->context);
}

static gboolean
on_idle_dispatch (gpointer data)
{
  PdPg *self = data;

  g_clear_pointer (&self->dispatch, g_source_unref);
  dispatch_notifications (self);
  return G_SOURCE_REMOVE;
}

/* libpq may have read notifications while it waited for a result: they
 * are delivered from the main loop, never from inside a call. */
static void
after_call (PdPg *self)
{
  if (self->dispatch != NULL || self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    return;
  self->dispatch = g_idle_source_new ();
  g_source_set_callback (self->dispatch, on_idle_dispatch, self, NULL);
  g_source_attach (self->dispatch, self->context);
}

/* Prepares again what was prepared and LISTENs again, on a new session. */
static gboolean
restore_session (PdPg    *self,
                 GError **error)
{
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, self->prepared);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      Prepared *p = value;
      PGresult *res = PQprepare (self->conn, name, p->sql, p->n_params, p->types);
      gboolean ok = command_ok (self, res, name, error);

      PQclear (res);
      if (!ok)
        return FALSE;
    }
  for (guint i = 0; i < self->channels->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("LISTEN %s", (char *) g_ptr_array_index (self->channels, i));
      PGresult *res = PQexec (self->conn, sql);
      gboolean ok = command_ok (self, res, "LISTEN", error);

      PQclear (res);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* the server's notices (warnings) go to the debug log, not stderr */
static void
on_notice (void       *data,
           const char *message)
{
  g_autofree char *m = g_strdup (message);

  g_debug ("server notice: %s", g_strstrip (m));
}

static gboolean
open_connection (PdPg    *self,
                 GError **error)
{
  PGresult *res;
  gboolean ok;

  g_clear_pointer (&self->conn, PQfinish);
  self->conn = PQconnectdb (self->conninfo);
  if (!check_connected (self, error))
    return FALSE;
  PQsetNoticeProcessor (self->conn, on_notice, NULL);
  /* UTC and ISO dates whatever the server's defaults; errors in English for the log */
  res = PQexec (self->conn, "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'; SET lc_messages TO DEFAULT");
  ok = command_ok (self, res, "session settings", error);
  PQclear (res);
  return ok;
}

gboolean
pd_pg_reconnect (PdPg    *self,
                 GError **error)
{
  g_return_val_if_fail (PD_IS_PG (self), FALSE);

  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  if (!open_connection (self, error) || !restore_session (self, error))
    {
      /* a half-restored session would run without its statements: keep it lost */
      g_clear_pointer (&self->conn, PQfinish);
      return FALSE;
    }
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  self->retry_ms = RETRY_FIRST_MS;
  watch_socket (self);
  g_debug ("reconnected");
  g_signal_emit (self, signals[SIGNAL_RECONNECTED], 0);
  return TRUE;
}

static gboolean
on_retry (gpointer data)
{
  PdPg *self = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->retry, g_source_unref);
  if (!pd_pg_reconnect (self, &error))
    {
      g_debug ("reconnect: %s", error->message);
      self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
      schedule_retry (self);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (PdPg *self)
{
  if (self->retry != NULL)
    return;
  self->retry = g_timeout_source_new (self->retry_ms);
  g_source_set_callback (self->retry, on_retry, self, NULL);
  g_source_attach (self->retry, self->context);
}

/* Before a call: a transaction lost with its connection fails every call
 * until rollback; otherwise a lost connection is made again now. */
static gboolean
ready (PdPg    *self,
       GError **error)
{
  if (self->tx_lost)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_DATABASE_UNAVAILABLE,
                           "The database connection was lost during the transaction; nothing of it was kept");
      return FALSE;
    }
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  return pd_pg_reconnect (self, error);
}

PdPg *
pd_pg_connect (const char  *conninfo,
               GError     **error)
{
  g_autoptr(PdPg) self = g_object_new (PD_TYPE_PG, NULL);

  g_return_val_if_fail (conninfo != NULL, NULL);
  self->conninfo = g_strdup (conninfo);
  self->context = g_main_context_ref_thread_default ();
  if (!open_connection (self, error))
    {
      g_prefix_error (error, "Cannot connect to PostgreSQL: ");
      return NULL;
    }
  watch_socket (self);
  return g_steal_pointer (&self);
}

gboolean
pd_pg_is_connected (PdPg *self)
{
  g_return_val_if_fail (PD_IS_PG (self), FALSE);
  return self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK;
}

/* A connection found lost by a call outside a transaction (a server
 * restarted since the last call: libpq learns it only now) is made again
 * and the call tried once more: nothing of it had run. */
static gboolean
retry_lost (PdPg    *self,
            GError **error)
{
  if (self->in_tx || self->tx_lost || !g_error_matches (*error, PD_ERROR, PD_ERROR_DATABASE_UNAVAILABLE) ||
      pd_pg_is_connected (self) || !pd_pg_reconnect (self, NULL))
    return FALSE;
  g_clear_error (error);
  return TRUE;
}

gboolean
pd_pg_exec (PdPg        *self,
            const char  *sql,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  PGresult *res;
  gboolean ok;
  int tries = 0;

  g_return_val_if_fail (PD_IS_PG (self), FALSE);
  do
    {
      if (!ready (self, &local_error))
        break;
      res = PQexec (self->conn, sql);
      ok = command_ok (self, res, "SQL", &local_error);
      PQclear (res);
      after_call (self);
      if (ok)
        return TRUE;
    }
  while (tries++ == 0 && retry_lost (self, &local_error));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
pd_pg_prepare (PdPg           *self,
               const char     *name,
               const char     *sql,
               guint           n_params,
               const PdPgType *types,
               GError        **error)
{
  Prepared *p;
  PGresult *res;
  gboolean ok;

  g_return_val_if_fail (PD_IS_PG (self), FALSE);
  g_return_val_if_fail (!g_hash_table_contains (self->prepared, name), FALSE);
  if (!ready (self, error))
    return FALSE;
  p = g_new0 (Prepared, 1);
  p->sql = g_strdup (sql);
  p->n_params = n_params;
  p->types = g_new0 (Oid, MAX (n_params, 1));
  for (guint i = 0; i < n_params; i++)
    p->types[i] = types != NULL ? (Oid) types[i] : 0;
  res = PQprepare (self->conn, name, sql, n_params, p->types);
  ok = command_ok (self, res, name, error);
  PQclear (res);
  if (ok)
    g_hash_table_insert (self->prepared, g_strdup (name), p);
  else
    prepared_free (p);
  return ok;
}

PdPgResult *
pd_pg_run (PdPg        *self,
           const char  *name,
           PdPgParams  *params,
           GError     **error)
{
  PGresult *res;
  Prepared *p;
  guint n = params ? params->values->len : 0;

  g_return_val_if_fail (PD_IS_PG (self), NULL);
  p = g_hash_table_lookup (self->prepared, name);
  g_return_val_if_fail (p != NULL, NULL);
  if (n != p->n_params)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "%s: %u parameters given, %u expected", name, n, p->n_params);
      return NULL;
    }
  for (int tries = 0;; tries++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!ready (self, error))
        return NULL;
      res = PQexecPrepared (self->conn, name, n,
                            n ? (const char * const *) params->values->pdata : NULL,
                            n ? (const int *) (void *) params->lengths->data : NULL,
                            n ? (const int *) (void *) params->formats->data : NULL, 0);
      after_call (self);
      if (command_ok (self, res, name, &local_error))
        break;
      PQclear (res);
      if (tries > 0 || !retry_lost (self, &local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  {
    PdPgResult *result = g_new0 (PdPgResult, 1);
    result->res = res;
    return result;
  }
}

gboolean
pd_pg_begin (PdPg    *self,
             GError **error)
{
  g_return_val_if_fail (!self->in_tx, FALSE);
  if (!pd_pg_exec (self, "BEGIN", error))
    return FALSE;
  self->in_tx = TRUE;
  return TRUE;
}

gboolean
pd_pg_commit (PdPg    *self,
              GError **error)
{
  PGresult *res;
  gboolean ok;

  g_return_val_if_fail (PD_IS_PG (self), FALSE);
  if (!ready (self, error))
    return FALSE;
  res = PQexec (self->conn, "COMMIT");
  ok = command_ok (self, res, "COMMIT", error);
  /* COMMIT of a transaction in which a statement failed rolls it back and says so without an error */
  if (ok && !g_str_equal (PQcmdStatus (res), "COMMIT"))
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INTERNAL,
                           "The transaction was rolled back: a statement in it had failed");
      ok = FALSE;
    }
  PQclear (res);
  after_call (self);
  if (ok || pd_pg_is_connected (self))
    self->in_tx = FALSE;
  return ok;
}

void
pd_pg_rollback (PdPg *self)
{
  self->tx_lost = FALSE;
  if (self->in_tx && self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  self->in_tx = FALSE;
}

gboolean
pd_pg_listen (PdPg        *self,
              const char  *channel,
              GError     **error)
{
  g_autofree char *ident = NULL;
  g_autofree char *sql = NULL;
  char *escaped;

  g_return_val_if_fail (PD_IS_PG (self), FALSE);
  if (!ready (self, error))
    return FALSE;
  escaped = PQescapeIdentifier (self->conn, channel, strlen (channel));
  ident = g_strdup (escaped);
  PQfreemem (escaped);
  sql = g_strdup_printf ("LISTEN %s", ident);
  if (!pd_pg_exec (self, sql, error))
    return FALSE;
  g_ptr_array_add (self->channels, g_steal_pointer (&ident));
  return TRUE;
}

gboolean
pd_pg_notify (PdPg        *self,
              const char  *channel,
              const char  *payload,
              GError     **error)
{
  const char *values[2] = { channel, payload };
  PGresult *res;
  gboolean ok;

  if (!ready (self, error))
    return FALSE;
  res = PQexecParams (self->conn, "SELECT pg_notify($1, $2)", 2, NULL, values, NULL, NULL, 0);
  ok = command_ok (self, res, "NOTIFY", error);
  PQclear (res);
  after_call (self);
  return ok;
}

/* ---- COPY FROM STDIN ---- */

gboolean
pd_pg_copy_begin (PdPg        *self,
                  const char  *sql,
                  GError     **error)
{
  PGresult *res;
  gboolean ok;

  g_return_val_if_fail (PD_IS_PG (self), FALSE);
  if (!ready (self, error))
    return FALSE;
  res = PQexec (self->conn, sql);
  ok = PQresultStatus (res) == PGRES_COPY_IN;
  if (!ok)
    set_result_error (self, res, "COPY", error);
  PQclear (res);
  return ok;
}

/* PQputCopyData and PQputCopyEnd block on a blocking connection: -1 is
 * the only failure. */
gboolean
pd_pg_copy_put (PdPg        *self,
                const char  *data,
                gsize        len,
                GError     **error)
{
  g_return_val_if_fail (PD_IS_PG (self), FALSE);
  while (len > 0)
    {
      int piece = (int) MIN (len, (gsize) G_MAXINT / 2);

      if (PQputCopyData (self->conn, data, piece) != 1)
        {
          set_result_error (self, NULL, "COPY", error);
          return FALSE;
        }
      data += piece;
      len -= (gsize) piece;
    }
  return TRUE;
}

/* The COPY's outcome, read after its end or abort. */
static gboolean
copy_result (PdPg     *self,
             gint64   *n_rows,
             GError  **error)
{
  gboolean ok = TRUE;
  PGresult *res;

  while ((res = PQgetResult (self->conn)) != NULL)
    {
      if (ok && PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          set_result_error (self, res, "COPY", error);
          ok = FALSE;
        }
      else if (ok && n_rows != NULL)
        *n_rows = *PQcmdTuples (res) ? g_ascii_strtoll (PQcmdTuples (res), NULL, 10) : 0;
      PQclear (res);
    }
  after_call (self);
  return ok;
}

gboolean
pd_pg_copy_end (PdPg     *self,
                gint64   *n_rows,
                GError  **error)
{
  g_return_val_if_fail (PD_IS_PG (self), FALSE);
  if (PQputCopyEnd (self->conn, NULL) != 1)
    {
      set_result_error (self, NULL, "COPY", error);
      return FALSE;
    }
  return copy_result (self, n_rows, error);
}

void
pd_pg_copy_abort (PdPg       *self,
                  const char *reason)
{
  g_return_if_fail (PD_IS_PG (self));
  if (PQputCopyEnd (self->conn, reason) == 1)
    copy_result (self, NULL, NULL);
}

void
pd_pg_copy_field (GString    *row,
                  const char *value,
                  gsize       len,
                  gboolean    as_bytea)
{
  static const char hex[] = "0123456789abcdef";

  if (value == NULL)
    {
      g_string_append (row, "\\N");
      return;
    }
  if (as_bytea)
    {
      /* "\\x" is COPY's escape of the bytea input "\x" */
      g_string_append (row, "\\\\x");
      for (gsize i = 0; i < len; i++)
        {
          g_string_append_c (row, hex[(guint8) value[i] >> 4]);
          g_string_append_c (row, hex[(guint8) value[i] & 0xf]);
        }
      return;
    }
  for (gsize i = 0; i < len; i++)
    switch (value[i])
      {
      case '\\': g_string_append (row, "\\\\"); break;
      case '\n': g_string_append (row, "\\n"); break;
      case '\r': g_string_append (row, "\\r"); break;
      case '\t': g_string_append (row, "\\t"); break;
      default:   g_string_append_c (row, value[i]);
      }
}

static gboolean
lock_call (PdPg        *self,
           const char  *sql,
           gint64       key,
           gboolean    *result,
           GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, key);
  const char *values[1] = { text };
  const Oid types[1] = { PD_PG_INT8 };
  PGresult *res;
  gboolean ok;

  if (!ready (self, error))
    return FALSE;
  res = PQexecParams (self->conn, sql, 1, types, values, NULL, NULL, 0);
  ok = command_ok (self, res, "advisory lock", error);
  if (ok)
    *result = PQntuples (res) == 1 && g_str_equal (PQgetvalue (res, 0, 0), "t");
  PQclear (res);
  after_call (self);
  return ok;
}

gboolean
pd_pg_try_advisory_lock (PdPg      *self,
                         gint64     key,
                         gboolean  *acquired,
                         GError   **error)
{
  g_return_val_if_fail (PD_IS_PG (self) && acquired != NULL, FALSE);
  return lock_call (self, "SELECT pg_try_advisory_lock($1)", key, acquired, error);
}

gboolean
pd_pg_advisory_unlock (PdPg    *self,
                       gint64   key,
                       GError **error)
{
  gboolean held = FALSE;

  g_return_val_if_fail (PD_IS_PG (self), FALSE);
  if (!lock_call (self, "SELECT pg_advisory_unlock($1)", key, &held, error))
    return FALSE;
  if (!held)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "advisory lock %" G_GINT64_FORMAT " was not held", key);
      return FALSE;
    }
  return TRUE;
}

int
pd_pg_backend_pid (PdPg *self)
{
  g_return_val_if_fail (PD_IS_PG (self), 0);
  return self->conn ? PQbackendPID (self->conn) : 0;
}

static void
pd_pg_finalize (GObject *object)
{
  PdPg *self = PD_PG (object);

  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_source_unref (self->watch);
    }
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_source_unref (self->retry);
    }
  if (self->dispatch != NULL)
    {
      g_source_destroy (self->dispatch);
      g_source_unref (self->dispatch);
    }
  g_clear_pointer (&self->conn, PQfinish);
  g_hash_table_unref (self->prepared);
  g_ptr_array_unref (self->channels);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->conninfo);
  G_OBJECT_CLASS (pd_pg_parent_class)->finalize (object);
}

static void
pd_pg_class_init (PdPgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_pg_finalize;

  /**
   * PdPg::notification: (detail: the channel)
   * A NOTIFY on a LISTENed channel: channel, payload, the notifier's backend pid.
   */
  signals[SIGNAL_NOTIFICATION] =
    g_signal_new ("notification", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);
  /**
   * PdPg::reconnected:
   * A new session replaced a lost one: what was NOTIFYed meanwhile was
   * missed (read the state again) and advisory locks were released.
   */
  signals[SIGNAL_RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_pg_init (PdPg *self)
{
  self->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) prepared_free);
  self->channels = g_ptr_array_new_with_free_func (g_free);
  self->retry_ms = RETRY_FIRST_MS;
}

/* ---- parameters ---- */

PdPgParams *
pd_pg_params_new (void)
{
  PdPgParams *p = g_new0 (PdPgParams, 1);

  p->values = g_ptr_array_new_with_free_func (g_free);
  p->lengths = g_array_new (FALSE, TRUE, sizeof (int));
  p->formats = g_array_new (FALSE, TRUE, sizeof (int));
  return p;
}

void
pd_pg_params_free (PdPgParams *params)
{
  if (params == NULL)
    return;
  g_ptr_array_unref (params->values);
  g_array_unref (params->lengths);
  g_array_unref (params->formats);
  g_free (params);
}

static void
add (PdPgParams *params,
     char       *value,
     int         length,
     int         format)
{
  g_ptr_array_add (params->values, value);
  g_array_append_val (params->lengths, length);
  g_array_append_val (params->formats, format);
}

void
pd_pg_params_add_null (PdPgParams *params)
{
  add (params, NULL, 0, 0);
}

void
pd_pg_params_add_text (PdPgParams *params,
                       const char *value)
{
  add (params, g_strdup (value), 0, 0);
}

void
pd_pg_params_add_int (PdPgParams *params,
                      gint64      value)
{
  add (params, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0);
}

void
pd_pg_params_add_double (PdPgParams *params,
                         double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  add (params, g_strdup (g_ascii_dtostr (buf, sizeof buf, value)), 0, 0);
}

void
pd_pg_params_add_bytes (PdPgParams   *params,
                        const guint8 *data,
                        gsize         len)
{
  g_return_if_fail (len <= G_MAXINT);
  /* binary format: the bytes as they are (g_malloc: a NULL would be SQL NULL) */
  add (params, g_memdup2 (len ? data : (const guint8 *) "", MAX (len, 1)), (int) len, 1);
}

/* ---- results ---- */

void
pd_pg_result_free (PdPgResult *result)
{
  if (result == NULL)
    return;
  PQclear (result->res);
  g_free (result);
}

int
pd_pg_result_n_rows (PdPgResult *result)
{
  return PQntuples (result->res);
}

int
pd_pg_result_n_columns (PdPgResult *result)
{
  return PQnfields (result->res);
}

const char *
pd_pg_result_column_name (PdPgResult *result,
                          int         col)
{
  return PQfname (result->res, col);
}

guint
pd_pg_result_column_type (PdPgResult *result,
                          int         col)
{
  return PQftype (result->res, col);
}

gint64
pd_pg_result_n_changed (PdPgResult *result)
{
  const char *n = PQcmdTuples (result->res);

  return *n ? g_ascii_strtoll (n, NULL, 10) : 0;
}

gboolean
pd_pg_result_is_null (PdPgResult *result,
                      int         row,
                      int         col)
{
  g_return_val_if_fail (row < PQntuples (result->res) && col < PQnfields (result->res), TRUE);
  return PQgetisnull (result->res, row, col);
}

const char *
pd_pg_result_get_text (PdPgResult *result,
                       int         row,
                       int         col)
{
  if (pd_pg_result_is_null (result, row, col))
    return NULL;
  return PQgetvalue (result->res, row, col);
}

gint64
pd_pg_result_get_int (PdPgResult *result,
                      int         row,
                      int         col)
{
  const char *v = pd_pg_result_get_text (result, row, col);

  if (v == NULL)
    return 0;
  if (g_str_equal (v, "t") || g_str_equal (v, "f"))   /* booleans as SQLite has them */
    return v[0] == 't';
  return g_ascii_strtoll (v, NULL, 10);
}

double
pd_pg_result_get_double (PdPgResult *result,
                         int         row,
                         int         col)
{
  const char *v = pd_pg_result_get_text (result, row, col);

  return v != NULL ? g_ascii_strtod (v, NULL) : 0.0;
}

GBytes *
pd_pg_result_get_bytes (PdPgResult *result,
                        int         row,
                        int         col)
{
  const char *v = pd_pg_result_get_text (result, row, col);
  unsigned char *raw;
  size_t len = 0;
  GBytes *bytes;

  if (v == NULL)
    return NULL;
  g_return_val_if_fail (PQftype (result->res, col) == PD_PG_BYTEA, NULL);
  raw = PQunescapeBytea ((const unsigned char *) v, &len);
  g_return_val_if_fail (raw != NULL, NULL);
  bytes = g_bytes_new (raw, len);
  PQfreemem (raw);
  return bytes;
}
