/* fuzz-json.c: the JSON request layer (every API body goes through it)
 *
 * Whatever is accepted must survive every getter, and what PortDesk then
 * writes must read back: nothing PortDesk writes may be invalid JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "pd-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonObject) obj = pd_json_parse_object ((const char *) data, size, NULL);
  g_autoptr(GList) members = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (obj == NULL)
    return 0;
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *s;
      gint64 i;
      double d;
      gboolean b;

      pd_json_get_string (obj, l->data, TRUE, 64, &s, NULL);
      pd_json_get_int (obj, l->data, TRUE, -1000, 1000, &i, NULL);
      pd_json_get_double (obj, l->data, TRUE, 0.001, 1e9, &d, NULL);
      pd_json_get_bool (obj, l->data, FALSE, &b, NULL);
    }
  {
    static const char * const allowed[] = { "username", "password", NULL };
    pd_json_check_members (obj, allowed, NULL);
  }
  root = json_node_init_object (json_node_alloc (), obj);
  for (int pretty = 0; pretty < 2; pretty++)
    {
      g_autofree char *text = pd_json_to_string (root, pretty);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) back = pd_json_parse_object (text, -1, &error);

      if (back == NULL)
        g_error ("PortDesk wrote JSON it cannot read back (%s): %s", error->message, text);
    }
  return 0;
}
