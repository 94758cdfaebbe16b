/* pd-test-postgres.h: a throwaway PostgreSQL 15 cluster for tests
 *
 * initdb in a temporary directory, the server listening on a Unix socket
 * in that directory only (no TCP), trust authentication for that socket.
 * When the test runs as root the server runs as the unprivileged
 * "postgres" system user (PostgreSQL refuses root).  A watchdog process
 * stops the server and removes the directory when the test process ends
 * in any way, an abort or a SIGKILL included.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  /* fsync, synchronous_commit and full_page_writes on (a benchmark set
   * beside SQLite's synchronous=FULL), not the tests' throwaway settings */
  PD_TEST_POSTGRES_DURABLE         = 1 << 0,
  /* pg_stat_statements preloaded (CREATE EXTENSION in a database to read it) */
  PD_TEST_POSTGRES_STATEMENT_STATS = 1 << 1,
} PdTestPostgresFlags;

typedef struct {
  char        *dir;          /* temporary, removed on free */
  char        *data;         /* the cluster's data directory */
  char        *bindir;
  char        *conninfo;     /* libpq connection string of the "postgres" database */
  char        *run_as;       /* NULL, or the user the server runs as (test runs as root) */
  GSubprocess *watchdog;
  gboolean     running;
  PdTestPostgresFlags flags;  /* how it was made: kept through restarts */
} PdTestPostgres;

/* initdb and start.  Fails with a clear @error (never a skip) when the
 * PostgreSQL 15 binaries are missing (PD_TEST_PG_BINDIR overrides where
 * they are looked for). */
PdTestPostgres *pd_test_postgres_new       (GError         **error);
PdTestPostgres *pd_test_postgres_new_full  (PdTestPostgresFlags   flags,
                                            GError              **error);
void            pd_test_postgres_stop      (PdTestPostgres  *pg);   /* pg_ctl stop -m fast, waits */
void            pd_test_postgres_start     (PdTestPostgres  *pg);   /* pg_ctl start, waits */
void            pd_test_postgres_free      (PdTestPostgres  *pg);   /* stops, removes the directory */
/* The test binary's one cluster, started at the first call (the test
 * fails if it cannot be); pd_test_postgres_release() frees it at the end. */
PdTestPostgres *pd_test_postgres_get       (void);
void            pd_test_postgres_release   (void);
/* Makes @pg (taken) the binary's one cluster, before anything got it:
 * e.g. a durable cluster for a benchmark's daemons. */
void            pd_test_postgres_set       (PdTestPostgres  *pg);
/* A new, empty database; returns its connection string. */
char           *pd_test_postgres_create_db (PdTestPostgres  *pg,
                                            const char      *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestPostgres, pd_test_postgres_free)

G_END_DECLS
