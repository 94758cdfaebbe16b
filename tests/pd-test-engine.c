/* pd-test-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-test"

#include <glib/gstdio.h>

#include "pd-engine-accounts.h"
#include "pd-test-daemon.h"
#include "pd-test-engine.h"

PdTestEngine *
pd_test_engine_new (const char *config_text)
{
  PdTestEngine *e = g_new0 (PdTestEngine, 1);
  g_autoptr(PdConfig) config = NULL;
  g_autoptr(PdClock) clock = pd_clock_new (TRUE);
  g_autoptr(GError) error = NULL;

  e->dir = g_dir_make_tmp ("portdesk-engine-XXXXXX", &error);
  g_assert_no_error (error);
  if (config_text != NULL)
    {
      g_autofree char *path = g_build_filename (e->dir, "portdeskd.conf", NULL);

      g_assert_true (g_file_set_contents (path, config_text, -1, NULL));
      config = pd_config_load (path, &error);
      g_assert_no_error (error);
    }
  else
    config = pd_config_new_default ();
  /* on the suite's backend: with PD_TEST_STORE=postgresql a database of its own */
  if (pd_test_store_is_postgres ())
    {
      g_free (config->store_conninfo);
      config->store_conninfo = pd_test_db_new (e->dir);
    }
  g_assert_true (pd_clock_set (clock, g_get_real_time (), NULL));
  e->engine = pd_engine_new (e->dir, g_steal_pointer (&config), clock, &error);
  g_assert_no_error (error);
  g_assert_true (pd_engine_bootstrap (e->engine, e->dir, &error));
  g_assert_no_error (error);
  g_assert_true (pd_engine_demo_setup (e->engine, 0, FALSE, &error));
  g_assert_no_error (error);
  return e;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
pd_test_engine_free (PdTestEngine *e)
{
  if (e == NULL)
    return;
  g_clear_object (&e->engine);
  remove_tree (e->dir);
  g_free (e->dir);
  g_free (e);
}

PdCaller *
pd_test_engine_officer (PdTestEngine *e,
                        const char   *username)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(PdSession) session = NULL;
  PdCaller *caller;
  guint retry = 0;

  session = pd_engine_login (e->engine, username, PD_TEST_DEMO_PASSWORD, "test", &token, &retry, &error);
  g_assert_no_error (error);
  caller = pd_engine_authenticate (e->engine, token, "test", &error);
  g_assert_no_error (error);
  g_assert_true (pd_engine_rules_answer (e->engine, caller, TRUE, &error));
  g_assert_no_error (error);
  return caller;
}

PdCaller *
pd_test_engine_apikey (PdTestEngine    *e,
                       PdPrincipalKind  kind,
                       const char      *port,
                       const char      *scopes)
{
  g_autoptr(PdCaller) admin = pd_test_engine_officer (e, "admin.demo");
  g_autoptr(PdApiKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  PdCaller *caller;

  key = pd_engine_apikey_create (e->engine, admin, kind, "Test Principal", port, scopes, &secret, &error);
  g_assert_no_error (error);
  caller = pd_engine_authenticate (e->engine, secret, "test", &error);
  g_assert_no_error (error);
  return caller;
}

void
pd_test_engine_advance (PdTestEngine *e,
                        gint64        seconds)
{
  g_assert_true (pd_clock_advance (pd_engine_get_clock (e->engine), seconds * G_USEC_PER_SEC, NULL));
}
