/* tsa-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-json.h"
#include "tsa-test-util.h"

static void
holding_free (TsaHolding *h)
{
  g_free (h->record);
  g_free (h->last_name);
  g_free (h->first_name);
  g_free (h->birth_date);
  g_free (h->a_number);
  g_free (h->citizenship);
  g_free (h->document);
  g_bytes_unref (h->jpeg);
  g_bytes_unref (h->capture);
  g_free (h->capture_path);
  g_free (h);
}

GBytes *
tsa_test_png (const PdFaceImage *img,
              const char        *dir,
              const char        *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_assert_true (pd_face_image_save_png (img, path, &error));
  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  return g_bytes_new_take (data, len);
}

GPtrArray *
tsa_test_holdings (PdClient   *admin,
                   const char *dir)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) holding_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = pd_client_call (admin, "GET", "/v1/holdings?limit=1000", NULL, &error);
  JsonArray *items;

  g_assert_no_error (error);
  items = pd_json_array (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      g_autofree char *path = g_strconcat ("/v1/holdings/", pd_json_str (o, "record"), NULL);
      g_autoptr(JsonNode) full = NULL;
      g_autoptr(PdFaceImage) img = NULL, cut = NULL;
      g_autofree guchar *data = NULL;
      g_autofree char *name = NULL;
      TsaHolding *h;
      gsize len;

      if (pd_json_int (o, "n_photos", 0) == 0)
        continue;
      full = pd_client_call (admin, "GET", path, NULL, &error);
      g_assert_no_error (error);
      h = g_new0 (TsaHolding, 1);
      h->record = g_strdup (pd_json_str (o, "record"));
      h->last_name = g_strdup (pd_json_str (o, "last_name"));
      h->first_name = g_strdup (pd_json_str (o, "first_name"));
      h->birth_date = g_strdup (pd_json_str (o, "birth_date"));
      h->a_number = g_strdup (pd_json_str (o, "a_number"));
      h->citizenship = g_strdup (pd_json_str (o, "citizenship"));
      h->lawful_entry = pd_json_bool (o, "lawful_entry");
      if (pd_json_array (o, "documents") != NULL && json_array_get_length (pd_json_array (o, "documents")) > 0)
        h->document = g_strdup (json_array_get_string_element (pd_json_array (o, "documents"), 0));
      data = g_base64_decode (json_array_get_string_element (pd_json_array (json_node_get_object (full), "photos"), 0),
                              &len);
      h->jpeg = g_bytes_new (data, len);
      img = pd_face_image_new_from_bytes (h->jpeg, &error);
      g_assert_no_error (error);
      cut = pd_face_image_cut (img, 4, 4, img->width - 8.0, img->height - 8.0);
      name = g_strdup_printf ("%s.png", h->record);
      h->capture = tsa_test_png (cut, dir, name);
      h->capture_path = g_build_filename (dir, name, NULL);
      g_ptr_array_add (out, h);
    }
  return out;
}

TsaHolding *
tsa_test_stranger (PdClient  *admin,
                   PdClient  *tsa,
                   GPtrArray *holdings,
                   gint64    *check)
{
  for (guint i = 0; i < holdings->len; i++)
    {
      TsaHolding *h = holdings->pdata[i];
      g_autofree char *path = g_strconcat ("/v1/holdings/", h->record, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) removed = pd_client_call (admin, "DELETE", path, NULL, &error);
      g_autoptr(JsonNode) r = NULL;
      JsonObject *o;

      g_assert_no_error (error);
      h->removed = TRUE;
      r = pd_client_call_bytes (tsa, "POST", "/v1/identity/checks", "image/png", h->capture, &error);
      g_assert_no_error (error);
      o = json_node_get_object (r);
      if (g_strcmp0 (pd_json_str (o, "outcome"), "no-match") == 0)
        {
          g_assert_null (pd_json_obj (o, "record"));
          g_assert_true (pd_json_bool (o, "usable"));
          *check = pd_json_int (o, "check", 0);
          return h;
        }
      g_assert_cmpstr (pd_json_str (o, "outcome"), ==, "match");
    }
  g_assert_not_reached ();
}
