/* pd-test-daemon.h: a real portdeskd on a temporary directory, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pd-client.h"

G_BEGIN_DECLS

typedef struct _PdStore PdStore;      /* pd-store.h (not for the app's tests) */

#define PD_TEST_DEMO_PASSWORD "portdesk-demo-2026"

typedef struct {
  char        *dir;          /* temporary, removed on free */
  char        *data_dir;
  char        *socket;
  char        *config;       /* NULL or a written config file */
  guint        tcp_port;     /* 0 when no public listener */
  GSubprocess *proc;
  char        *conninfo;     /* PostgreSQL (PD_TEST_STORE=postgresql): its own database; else NULL */
  char        *config_text;  /* what the test gave for the config file, or NULL */
} PdTestDaemon;

typedef enum {
  PD_TEST_DAEMON_DEMO       = 1 << 0,
  PD_TEST_DAEMON_TEST_CLOCK = 1 << 1,
  PD_TEST_DAEMON_TCP        = 1 << 2,
  PD_TEST_DAEMON_NO_START   = 1 << 3,   /* only the directories: start it later, or let the app */
  PD_TEST_DAEMON_SQLITE     = 1 << 4,   /* on SQLite whatever PD_TEST_STORE says */
} PdTestDaemonFlags;

PdTestDaemon *pd_test_daemon_new      (PdTestDaemonFlags  flags,
                                       const char        *config_text);
/* Like pd_test_daemon_new, with the files of @data_src (a kept data
 * directory, e.g. from an older schema) copied into the data dir first. */
PdTestDaemon *pd_test_daemon_new_from (PdTestDaemonFlags  flags,
                                       const char        *config_text,
                                       const char        *data_src);
/* Another workstation of @first's site: a daemon of its own (directory,
 * socket, audit key) on @first's PostgreSQL database, with the site's
 * two-factor key copied from @first (@first must have started once). */
PdTestDaemon *pd_test_daemon_new_site (PdTestDaemon      *first,
                                       PdTestDaemonFlags  flags,
                                       const char        *config_text);
/* The stopped daemon @d on PostgreSQL database @conninfo from its next
 * start (NULL: on its data directory's SQLite file), the rest of its
 * config and its data directory as they are. */
void          pd_test_daemon_set_store (PdTestDaemon     *d,
                                        const char       *conninfo);
void          pd_test_daemon_start    (PdTestDaemon      *d,
                                       PdTestDaemonFlags  flags);
void          pd_test_daemon_stop     (PdTestDaemon      *d);   /* SIGTERM, waits */
void          pd_test_daemon_kill9    (PdTestDaemon      *d);
void          pd_test_daemon_free     (PdTestDaemon      *d);
/* The suite runs on SQLite, or with PD_TEST_STORE=postgresql on a
 * PostgreSQL cluster of the test binary's own (each daemon its own
 * database unless it shares another's, see pd_test_daemon_new_site). */
gboolean      pd_test_store_is_postgres (void);
/* The SQLite file, or on PostgreSQL the database's connection string. */
char         *pd_test_daemon_db_path  (PdTestDaemon      *d);

/* The database straight, as an outside reader or writer (no service code
 * in between): @db_path is the SQLite file or a PostgreSQL connection
 * string (pd_test_daemon_db_path ()); @sql is written for SQLite, as the
 * store's SQL is, and goes to PostgreSQL through the store's dialect.
 * Each reader connects, reads and disconnects; a failing read aborts. */

/* Every row of @sql: a GPtrArray of rows, each a GPtrArray of its values
 * as text (NULL for NULL; a blob in lower-case hex on both backends). */
GPtrArray    *pd_test_db_rows         (const char        *db_path,
                                       const char        *sql);
/* The first column of the first row (NULL: no row, or NULL). */
char         *pd_test_db_text         (const char        *db_path,
                                       const char        *sql);
/* The first column of the first row as an integer (NULL reads as 0). */
gint64        pd_test_db_int          (const char        *db_path,
                                       const char        *sql);
/* The first column of every row (NULL as ""). */
GStrv         pd_test_db_strings      (const char        *db_path,
                                       const char        *sql);
/* Runs @sql (one or more statements) as a writer with no special rights
 * in the database: the store's triggers apply. */
gboolean      pd_test_db_exec         (const char        *db_path,
                                       const char        *sql,
                                       GError           **error);
/* Runs @sql as an attacker with the database in hand would: with the
 * audit log's append-only triggers out of the way (SQLite: dropped from
 * the file; PostgreSQL: the superuser's session_replication_role =
 * replica, for this session only). Aborts when @sql fails. */
void          pd_test_db_tamper       (const char        *db_path,
                                       const char        *sql);
/* Replaces the database @to by a copy of @from (neither in use: their
 * daemons stopped). SQLite: the file, its write-ahead log folded in;
 * PostgreSQL: CREATE DATABASE ... TEMPLATE. */
void          pd_test_db_copy         (const char        *from,
                                       const char        *to);
/* A copy of @db_path under a new name, for pd_test_db_copy () back. */
char         *pd_test_db_snapshot     (const char        *db_path);
/* A new, empty database for an in-process store (SQLite: a file in
 * @dir; PostgreSQL: a database of its own on the test cluster). */
char         *pd_test_db_new          (const char        *dir);
PdStore      *pd_test_store_open      (const char        *db_path,
                                       GError           **error);

/* Whether a portdeskd answers GET /v1/status on @socket_path. */
gboolean      pd_test_socket_answers  (const char        *socket_path);

PdClient     *pd_test_client          (PdTestDaemon      *d);
/* Signs in (demo password unless @password), optionally accepting the rules. */
PdClient     *pd_test_login           (PdTestDaemon      *d,
                                       const char        *username,
                                       const char        *password,
                                       gboolean           accept_rules);
PdClient     *pd_test_public_client   (PdTestDaemon      *d,
                                       const char        *api_key);
/* A new API key's secret (@port may be NULL). */
char         *pd_test_api_key         (PdClient          *admin,
                                       const char        *kind,
                                       const char        *name,
                                       const char        *port,
                                       const char        *scopes);
/* Grants an entitlement of @kind ("lpr", "face") to @username (privacy
 * training @trained_days_ago, both approvals) and acknowledges its notice
 * as them; returns their client. */
PdClient     *pd_test_grant           (PdTestDaemon      *d,
                                       const char        *username,
                                       const char        *kind,
                                       guint              trained_days_ago);
/* The service's clock (GET /v1/status), unix us. */
gint64        pd_test_daemon_now      (PdTestDaemon      *d);
void          pd_test_clock_advance   (PdTestDaemon      *d,
                                       gint64             seconds);
/* Runs the retention sweeper now, as a fresh administrator session (the
 * test clock may have jumped past the last one). */
void          pd_test_retention_run   (PdTestDaemon      *d);
/* A file holding the demo password, in @d's directory (for --password-file). */
char         *pd_test_password_file   (PdTestDaemon      *d);
/* Runs portdeskctl with @argv (NULL-terminated, without the program name)
 * against @d; returns its exit status and its stdout. */
int           pd_test_ctl             (PdTestDaemon      *d,
                                       char             **out_stdout,
                                       const char        *first_arg,
                                       ...) G_GNUC_NULL_TERMINATED;
/* The same, with its stderr too. */
int           pd_test_ctl_err         (PdTestDaemon      *d,
                                       char             **out_stdout,
                                       char             **out_stderr,
                                       const char        *first_arg,
                                       ...) G_GNUC_NULL_TERMINATED;

/* --- both backends: a SQLite copy of a PostgreSQL database's tables, a
 * checkpoint, the database's files searched for bytes (retention, reports) --- */

/* @db_path (a pd_test_daemon_db_path) itself on SQLite; on PostgreSQL a
 * new SQLite file in @dir (replaced at each call) with the schema the
 * migrations make and the rows of @tables (NULL-terminated) as they are
 * now: a test then recomputes with SQLite's SQL, on either backend, what
 * the service computed. */
char         *pd_test_db_sqlite_copy  (const char         *db_path,
                                       const char         *dir,
                                       const char * const *tables);

/* Writes what the database holds into its files: SQLite's WAL into the
 * database file (truncating the WAL), PostgreSQL's CHECKPOINT. */
void          pd_test_db_checkpoint   (const char         *db_path);
/* The files of the database @db_path whose bytes contain @pattern
 * (NULL-terminated, empty when none): with @log FALSE the table files
 * (SQLite's file; on PostgreSQL every file under the test cluster's
 * base/, all its databases), with @log TRUE the write-ahead log
 * (SQLite's -wal; PostgreSQL's pg_wal/). */
char        **pd_test_db_files_with   (const char         *db_path,
                                       gboolean            log,
                                       const guint8       *pattern,
                                       gsize               len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestDaemon, pd_test_daemon_free)

G_END_DECLS
