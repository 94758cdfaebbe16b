/* fuzz-lpr.c: LPR reads as feeds and analysts send them (a JSON object,
 * or CSV with a header row)
 *
 * Whatever read is accepted is well formed: its plate 1 to 10 upper-case
 * letters and digits that normalize to themselves, its key the same length
 * without look-alike letters, its state 2-3 letters, its position in range.
 * A feed's batch ({"reads": [...]}) read without a JSON tree gives the
 * very reads the general way gives, or leaves the batch to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "pd-json.h"
#include "pd-lpr-read.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* a fixed "now" (2026-12-05T12:00:00Z) so that the time checks are deterministic */
#define NOW ((gint64) 1796472000 * G_USEC_PER_SEC)

static void
check (JsonObject *o)
{
  g_autoptr(PdLprRead) r = pd_lpr_read_from_object (o, NOW, NULL);
  g_autofree char *again = NULL, *key = NULL;

  if (r == NULL)
    return;
  g_assert_true (pd_lpr_plate_normalize (r->plate, &again, &key));
  g_assert_cmpstr (again, ==, r->plate);
  g_assert_cmpstr (key, ==, r->plate_key);
  g_assert_cmpuint (strlen (r->plate_key), ==, strlen (r->plate));
  g_assert_null (strpbrk (r->plate_key, "OIBSZ"));
  g_assert_cmpuint (strlen (r->state), >=, 2);
  g_assert_cmpuint (strlen (r->state), <=, 3);
  g_assert_nonnull (r->reader_id);
  g_assert_true (!r->has_position || (r->lat >= -90 && r->lat <= 90 && r->lon >= -180 && r->lon <= 180));
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

/* The plain reading of a batch is the general one's, read for read. */
static void
check_plain (const char *data,
             size_t      size)
{
  g_autoptr(GPtrArray) plain = pd_lpr_reads_parse_plain (data, size, NOW);
  g_autoptr(JsonObject) o = NULL;
  JsonArray *list;

  if (plain == NULL)
    return;
  g_assert_true (pd_json_check_shape (data, size, PD_JSON_MAX_DEPTH, PD_JSON_MAX_VALUES, NULL));
  o = pd_json_parse_object (data, size, NULL);
  g_assert_nonnull (o);
  g_assert_cmpuint (json_object_get_size (o), ==, 1);
  list = json_object_get_array_member (o, "reads");
  g_assert_cmpuint (json_array_get_length (list), ==, plain->len);
  for (guint i = 0; i < plain->len; i++)
    {
      g_autoptr(PdLprRead) r = pd_lpr_read_from_object (json_array_get_object_element (list, i), NOW, NULL);
      PdLprRead *p = plain->pdata[i];

      g_assert_nonnull (r);
      g_assert_true (same_text (p->plate, r->plate) && same_text (p->state, r->state) &&
                     same_text (p->plate_key, r->plate_key) && p->observed_at == r->observed_at &&
                     same_text (p->reader_id, r->reader_id) && same_text (p->reader_address, r->reader_address) &&
                     p->has_position == r->has_position && memcmp (&p->lat, &r->lat, sizeof p->lat) == 0 &&
                     memcmp (&p->lon, &r->lon, sizeof p->lon) == 0 && same_text (p->camera_owner, r->camera_owner) &&
                     same_text (p->camera_type, r->camera_type) && same_text (p->make, r->make) &&
                     same_text (p->model, r->model) && same_text (p->image_ref, r->image_ref));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if (size > 0 && data[0] == '{')
    {
      g_autoptr(JsonObject) o = NULL;

      if (pd_json_check_shape ((const char *) data, size, PD_JSON_MAX_DEPTH, PD_JSON_MAX_VALUES, NULL) &&
          (o = pd_json_parse_object ((const char *) data, size, NULL)) != NULL)
        check (o);
      check_plain ((const char *) data, size);
    }
  else
    {
      g_autoptr(GPtrArray) rows = pd_lpr_csv_objects ((const char *) data, size, pd_lpr_read_columns, NULL);

      for (guint i = 0; rows != NULL && i < rows->len; i++)
        check (rows->pdata[i]);
    }
  return 0;
}
