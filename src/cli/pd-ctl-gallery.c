/* pd-ctl-gallery.c: `portdeskctl gallery list|enroll|remove|search`
 *
 * The face galleries inside portdeskd, over its API (the engine runs in
 * the service; `portdeskctl face` runs it locally instead).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-ctl"

#include "config.h"

#include <string.h>

#include "pd-ctl.h"
#include "pd-error.h"

static char *
gallery_path (const char *gallery,
              const char *what,
              const char *subject)
{
  g_autofree char *g = g_uri_escape_string (gallery, NULL, FALSE);
  g_autofree char *s = subject != NULL ? g_uri_escape_string (subject, NULL, FALSE) : NULL;

  return g_strconcat ("/v1/face/galleries/", g, "/", what, s != NULL ? "/" : "", s, NULL);
}

static void
print_search (JsonObject *o)
{
  JsonArray *hits = json_object_get_array_member (o, "hits");
  JsonArray *reasons = json_object_get_array_member (json_object_get_object_member (o, "quality"), "reasons");
  const char *version = json_object_get_string_member (o, "thresholds_version");
  double thr = json_object_get_double_member (o, "threshold"), fmr = json_object_get_double_member (o, "target_fmr");

  if (!json_object_get_boolean_member (o, "usable"))
    g_print ("Not usable:");
  else if (json_array_get_length (hits) == 0)
    g_print ("No match (nobody at or above %.4f, target FMR %g, thresholds %s).\n", thr, fmr, version);
  else
    {
      g_print ("Match (target FMR %g: similarity >= %.4f, thresholds %s):\n", fmr, thr, version);
      for (guint i = 0; i < json_array_get_length (hits); i++)
        {
          JsonObject *h = json_array_get_object_element (hits, i);
          g_print ("  %s  %.4f\n", json_object_get_string_member (h, "subject"),
                   json_object_get_double_member (h, "similarity"));
        }
    }
  for (guint i = 0; i < json_array_get_length (reasons); i++)
    g_print ("%s%s", json_object_get_boolean_member (o, "usable") ? "Note: " : " ",
             json_array_get_string_element (reasons, i));
  if (json_array_get_length (reasons) > 0)
    g_print ("\n");
}

int
pd_ctl_cmd_gallery (PdCtl  *ctl,
                    int     argc,
                    char  **argv)
{
  static const char usage[] = "gallery list | enroll GALLERY SUBJECT PHOTO | remove GALLERY SUBJECT | "
                              "search GALLERY PHOTO [--fmr RATE] [-k N]";
  static const char * const columns[] = { "name", "templates", NULL };
  g_autofree char *fmr = NULL;
  int k = 1;
  const GOptionEntry entries[] = {
    { "fmr", 0, 0, G_OPTION_ARG_STRING, &fmr, "search: target false-match rate (default 0.001)", "RATE" },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, "search: at most N hits (default 1)", "N" },
    { NULL }
  };
  GError *error = NULL;
  PdClient *client;
  g_autoptr(JsonNode) r = NULL;

  if (!pd_ctl_parse (&argc, &argv, entries, "- face galleries in portdeskd", &error))
    return pd_ctl_fail (error);
  if (argc < 2)
    return pd_ctl_usage (usage);
  client = pd_ctl_session (ctl, &error);
  if (client == NULL)
    return pd_ctl_fail (error);

  if (strcmp (argv[1], "list") == 0 && argc == 2)
    {
      r = pd_client_call (client, "GET", "/v1/face", NULL, &error);
      if (r == NULL)
        return pd_ctl_fail (error);
      if (ctl->json)
        pd_ctl_print_json (r);
      else
        {
          JsonObject *o = json_node_get_object (r);
          g_print ("Face engine in portdeskd: %s; thresholds %s\n", json_object_get_string_member (o, "blas_kernel"),
                   json_object_get_string_member (o, "thresholds_version"));
          pd_ctl_print_table (json_object_get_member (o, "galleries"), columns);
        }
      return PD_CTL_OK;
    }
  if (strcmp (argv[1], "enroll") == 0 && argc == 5)
    {
      g_autofree char *path = gallery_path (argv[2], "subjects", argv[3]);
      g_autofree char *msg = g_strdup_printf ("%s enrolled in %s (its template is kept, not the photo).",
                                              argv[3], argv[2]);
      r = pd_ctl_post_photo (client, path, argv[4], &error);
      return pd_ctl_print_result (ctl, r, error, msg);
    }
  if (strcmp (argv[1], "remove") == 0 && argc == 4)
    {
      g_autofree char *path = gallery_path (argv[2], "subjects", argv[3]);
      r = pd_client_call (client, "DELETE", path, NULL, &error);
      return pd_ctl_print_result (ctl, r, error, "Removed.");
    }
  if (strcmp (argv[1], "search") == 0 && argc == 4)
    {
      g_autofree char *base = gallery_path (argv[2], "search", NULL);
      g_autofree char *esc = fmr != NULL ? g_uri_escape_string (fmr, NULL, FALSE) : NULL;
      g_autofree char *path = g_strdup_printf ("%s?k=%d%s%s", base, k, esc ? "&fmr=" : "", esc ? esc : "");
      r = pd_ctl_post_photo (client, path, argv[3], &error);
      if (r == NULL)
        return pd_ctl_fail (error);
      if (ctl->json)
        pd_ctl_print_json (r);
      else
        print_search (json_node_get_object (r));
      return PD_CTL_OK;
    }
  return pd_ctl_usage (usage);
}
