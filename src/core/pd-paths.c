/* pd-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-paths"

#include "pd-paths.h"

char *
pd_paths_default_data_dir (void)
{
  const char *env = g_getenv ("PORTDESK_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "portdesk", NULL);
}

char *
pd_paths_default_socket (void)
{
  const char *env = g_getenv ("PORTDESK_SOCKET");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_runtime_dir (), "portdesk", "portdeskd.sock", NULL);
}

char *
pd_paths_default_model_dir (void)
{
  const char *env = g_getenv ("PORTDESK_MODEL_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "portdesk", "models", NULL);
}
