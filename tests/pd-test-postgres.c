/* pd-test-postgres.c: a throwaway PostgreSQL 15 cluster for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-test"

#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "pd-error.h"
#include "pd-test-postgres.h"

#define PG_BINDIR "/usr/lib/postgresql/15/bin"
#define PG_SUPERUSER "portdesk"

/* The server's settings: a socket in our directory only, no TCP, and no
 * durability (a test cluster is thrown away) unless asked for. */
static char *
server_options (PdTestPostgres *pg)
{
  g_autofree char *dir = g_shell_quote (pg->dir);
  gboolean durable = (pg->flags & PD_TEST_POSTGRES_DURABLE) != 0;

  return g_strdup_printf ("-c listen_addresses='' -c unix_socket_directories=%s -c fsync=%s "
                          "-c synchronous_commit=%s -c full_page_writes=%s -c max_connections=40 "
                          "-c shared_buffers=16MB%s", dir, durable ? "on" : "off", durable ? "on" : "off",
                          durable ? "on" : "off",
                          (pg->flags & PD_TEST_POSTGRES_STATEMENT_STATS)
                            ? " -c shared_preload_libraries=pg_stat_statements" : "");
}

/* argv run as the server's user: through setpriv when we are root. */
static GPtrArray *
command (PdTestPostgres *pg,
         const char     *tool)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  if (pg->run_as != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("setpriv"));
      g_ptr_array_add (argv, g_strdup_printf ("--reuid=%s", pg->run_as));
      g_ptr_array_add (argv, g_strdup_printf ("--regid=%s", pg->run_as));
      g_ptr_array_add (argv, g_strdup ("--clear-groups"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (pg->bindir, tool, NULL));
  return argv;
}

static gboolean
run (GPtrArray  *argv,
     GError    **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (proc))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "%s failed: %s",
                   (const char *) argv->pdata[0], out);
      return FALSE;
    }
  return TRUE;
}

/* a value for a libpq connection string: quoted, ' and \\ escaped */
static char *
conninfo_value (const char *value)
{
  GString *s = g_string_new ("'");

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
  return g_string_free (s, FALSE);
}

static void
new_session (gpointer data)
{
  setsid ();
}

/* Stops the server and removes the directory when our end of its stdin
 * closes: at free, or when this process dies however it dies. */
static gboolean
start_watchdog (PdTestPostgres  *pg,
                GError         **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GPtrArray) stop = command (pg, "pg_ctl");
  g_autoptr(GString) script = g_string_new ("read _; ");
  g_autofree char *dir = g_shell_quote (pg->dir);

  g_ptr_array_add (stop, g_strdup ("-D"));
  g_ptr_array_add (stop, g_strdup (pg->data));
  g_ptr_array_add (stop, g_strdup ("-m"));
  g_ptr_array_add (stop, g_strdup ("immediate"));
  g_ptr_array_add (stop, g_strdup ("stop"));
  for (guint i = 0; i < stop->len; i++)
    {
      g_autofree char *q = g_shell_quote (stop->pdata[i]);
      g_string_append_printf (script, "%s ", q);
    }
  g_string_append_printf (script, ">/dev/null 2>&1; rm -rf %s", dir);
  g_subprocess_launcher_set_child_setup (launcher, new_session, NULL, NULL);
  pg->watchdog = g_subprocess_launcher_spawn (launcher, error, "sh", "-c", script->str, NULL);
  return pg->watchdog != NULL;
}

PdTestPostgres *
pd_test_postgres_new (GError **error)
{
  return pd_test_postgres_new_full (0, error);
}

PdTestPostgres *
pd_test_postgres_new_full (PdTestPostgresFlags   flags,
                           GError              **error)
{
  g_autoptr(PdTestPostgres) pg = g_new0 (PdTestPostgres, 1);
  g_autoptr(GPtrArray) init = NULL;
  g_autofree char *initdb = NULL;
  g_autofree char *qdir = NULL;
  const char *bindir = g_getenv ("PD_TEST_PG_BINDIR");

  pg->flags = flags;
  pg->bindir = g_strdup (bindir != NULL ? bindir : PG_BINDIR);
  initdb = g_build_filename (pg->bindir, "initdb", NULL);
  if (!g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_UNAVAILABLE,
                   "PostgreSQL 15 is not installed: no %s. Install the Debian package postgresql-15 "
                   "(listed in .ci/debian-packages; .ci/install-deps installs it), or set PD_TEST_PG_BINDIR.",
                   initdb);
      return NULL;
    }
  pg->dir = g_dir_make_tmp ("pd-pg-XXXXXX", error);
  if (pg->dir == NULL)
    return NULL;
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_UNAVAILABLE,
                       "Running as root, and there is no \"postgres\" user to run the test server as "
                       "(the postgresql-15 package creates it)");
          return NULL;
        }
      pg->run_as = g_strdup ("postgres");
      if (chown (pg->dir, pw->pw_uid, pw->pw_gid) != 0)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "chown %s: %s", pg->dir, g_strerror (errno));
          return NULL;
        }
    }
  pg->data = g_build_filename (pg->dir, "data", NULL);
  if (!start_watchdog (pg, error))
    return NULL;

  init = command (pg, "initdb");
  g_ptr_array_add (init, g_strdup ("-D"));
  g_ptr_array_add (init, g_strdup (pg->data));
  g_ptr_array_add (init, g_strdup ("-U"));
  g_ptr_array_add (init, g_strdup (PG_SUPERUSER));
  g_ptr_array_add (init, g_strdup ("--auth=trust"));
  g_ptr_array_add (init, g_strdup ("--encoding=UTF8"));
  g_ptr_array_add (init, g_strdup ("--locale=C"));
  g_ptr_array_add (init, g_strdup ("--no-sync"));
  g_ptr_array_add (init, g_strdup ("--no-instructions"));
  if (!run (g_steal_pointer (&init), error))
    return NULL;

  qdir = conninfo_value (pg->dir);
  pg->conninfo = g_strdup_printf ("host=%s port=5432 user=" PG_SUPERUSER " dbname=postgres", qdir);
  pd_test_postgres_start (pg);
  return g_steal_pointer (&pg);
}

static void
pg_ctl (PdTestPostgres *pg,
        const char     *action)
{
  g_autoptr(GPtrArray) argv = command (pg, "pg_ctl");
  g_autoptr(GError) error = NULL;
  g_autofree char *log = g_build_filename (pg->dir, "server.log", NULL);

  g_ptr_array_add (argv, g_strdup ("-D"));
  g_ptr_array_add (argv, g_strdup (pg->data));
  g_ptr_array_add (argv, g_strdup ("-w"));
  g_ptr_array_add (argv, g_strdup ("-s"));
  if (g_str_equal (action, "start"))
    {
      g_ptr_array_add (argv, g_strdup ("-l"));
      g_ptr_array_add (argv, g_strdup (log));
      g_ptr_array_add (argv, g_strdup ("-o"));
      g_ptr_array_add (argv, server_options (pg));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup ("-m"));
      g_ptr_array_add (argv, g_strdup ("fast"));
    }
  g_ptr_array_add (argv, g_strdup (action));
  if (!run (g_steal_pointer (&argv), &error))
    {
      g_autofree char *text = NULL;

      g_file_get_contents (log, &text, NULL, NULL);
      g_error ("pg_ctl %s: %s\nserver log:\n%s", action, error->message, text ? text : "(none)");
    }
  pg->running = g_str_equal (action, "start");
}

void
pd_test_postgres_start (PdTestPostgres *pg)
{
  pg_ctl (pg, "start");
}

void
pd_test_postgres_stop (PdTestPostgres *pg)
{
  pg_ctl (pg, "stop");
}

char *
pd_test_postgres_create_db (PdTestPostgres *pg,
                            const char     *name)
{
  PGconn *conn = PQconnectdb (pg->conninfo);
  g_autofree char *sql = NULL;
  g_autofree char *qdir = conninfo_value (pg->dir);
  g_autofree char *qname = conninfo_value (name);
  PGresult *res;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  g_assert_null (strchr (name, '"'));
  sql = g_strdup_printf ("CREATE DATABASE \"%s\"", name);
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (res);
  PQfinish (conn);
  return g_strdup_printf ("host=%s port=5432 user=" PG_SUPERUSER " dbname=%s", qdir, qname);
}

void
pd_test_postgres_free (PdTestPostgres *pg)
{
  if (pg == NULL)
    return;
  if (pg->running)
    pd_test_postgres_stop (pg);
  if (pg->watchdog != NULL)
    {
      /* closing its stdin makes it remove the directory (the server is
       * stopped already); wait for it */
      g_output_stream_close (g_subprocess_get_stdin_pipe (pg->watchdog), NULL, NULL);
      g_subprocess_wait (pg->watchdog, NULL, NULL);
      g_object_unref (pg->watchdog);
    }
  else if (pg->dir != NULL)
    g_rmdir (pg->dir);
  g_free (pg->dir);
  g_free (pg->data);
  g_free (pg->bindir);
  g_free (pg->conninfo);
  g_free (pg->run_as);
  g_free (pg);
}

static PdTestPostgres *the_cluster;

PdTestPostgres *
pd_test_postgres_get (void)
{
  g_autoptr(GError) error = NULL;

  if (the_cluster == NULL)
    {
      the_cluster = pd_test_postgres_new (&error);
      g_assert_no_error (error);
    }
  return the_cluster;
}

void
pd_test_postgres_set (PdTestPostgres *pg)
{
  g_assert_null (the_cluster);
  the_cluster = pg;
}

void
pd_test_postgres_release (void)
{
  g_clear_pointer (&the_cluster, pd_test_postgres_free);
}
