/* pd-ctl-store.c: store migrate, a workstation's SQLite database copied
 * to PostgreSQL (offline: the data directory of a stopped portdeskd)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "portdeskctl"

#include <string.h>

#include "pd-ctl.h"
#include "pd-error.h"
#include "pd-paths.h"
#include "pd-store.h"

static void
on_progress (const char *table,
             guint       done,
             guint       total,
             gpointer    data)
{
  pd_ctl_progress ("Copying tables", done, total);
}

/* Every failure is a refusal that changed nothing (1): the source is
 * read in one transaction, the target written in one. */
static int
migrate_failed (GError *error)
{
  g_printerr ("portdeskctl: %s\n", error->message);
  g_error_free (error);
  return PD_CTL_FAILED;
}

static int
migrate_command (PdCtl      *ctl,
                 const char *data_dir,
                 const char *conninfo)
{
  g_autofree char *dir = data_dir != NULL ? g_strdup (data_dir) : pd_paths_default_data_dir ();
  g_autofree char *db = g_build_filename (dir, "portdesk.db", NULL);
  g_autoptr(PdStore) source = NULL;
  PdStoreCopyStats stats = { 0, };
  GError *error = NULL;
  gint64 start;
  double seconds, copy_s, rate;

  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("portdeskctl: no database %s (--data-dir: the data directory of a stopped portdeskd)\n", db);
      return PD_CTL_FAILED;
    }
  /* held to ourselves until the copy is done: no portdeskd may run on it */
  source = pd_store_open_exclusive (db, &error);
  if (source == NULL)
    return migrate_failed (error);
  start = g_get_monotonic_time ();
  if (!pd_store_copy_to_postgres (source, conninfo, on_progress, NULL, &stats, &error))
    return migrate_failed (error);
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  copy_s = (double) stats.copy_us / G_USEC_PER_SEC;
  rate = copy_s > 0 ? (double) stats.rows / copy_s : 0.0;
  if (ctl->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, db);
      json_builder_set_member_name (b, "schema_version");
      json_builder_add_int_value (b, pd_store_get_schema_version (source));
      json_builder_set_member_name (b, "tables");
      json_builder_add_int_value (b, stats.tables);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, stats.rows);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, seconds);
      json_builder_set_member_name (b, "copy_seconds");
      json_builder_add_double_value (b, copy_s);
      json_builder_set_member_name (b, "rows_per_second");
      json_builder_add_double_value (b, rate);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      pd_ctl_print_json (node);
      return PD_CTL_OK;
    }
  g_print ("Copied %" G_GINT64_FORMAT " rows of %u tables (schema v%d) from %s to PostgreSQL in %.1f s "
           "(the rows in %.1f s, %.0f rows/s).\n"
           "Run portdeskd with store = postgresql and this conninfo, and this data directory's keys "
           "(audit-signing.key, totp-secrets.key): the audit chain's checkpoints are signed with the first, "
           "two-factor secrets sealed with the second.\n",
           stats.rows, stats.tables, pd_store_get_schema_version (source), db, seconds, copy_s, rate);
  return PD_CTL_OK;
}

int
pd_ctl_cmd_store (PdCtl  *ctl,
                  int     argc,
                  char  **argv)
{
  static const char usage[] =
    "store migrate --to CONNINFO [--data-dir DIR]\n"
    "  copies the SQLite database of a stopped portdeskd (DIR/portdesk.db) into an empty PostgreSQL\n"
    "  database (CONNINFO: a libpq connection string or postgresql:// URI)";
  g_autofree char *data_dir = NULL, *to = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "The PostgreSQL database (libpq connection string or URI)", "CONNINFO" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      "The data directory of the stopped portdeskd (default: $XDG_DATA_HOME/portdesk)", "DIR" },
    { NULL }
  };
  GError *error = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- move the database to PostgreSQL", &error))
    return pd_ctl_fail (error);
  if (argc != 2 || strcmp (argv[1], "migrate") != 0 || to == NULL || *to == '\0')
    return pd_ctl_usage (usage);
  return migrate_command (ctl, data_dir, to);
}
