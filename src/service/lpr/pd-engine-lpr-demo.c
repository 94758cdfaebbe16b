/* pd-engine-lpr-demo.c: portdeskd --demo: an entitled analyst, two displays
 * and a week of reads, all through the flow's own entry points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-lpr"

#include "pd-clock.h"
#include "pd-engine-accounts.h"
#include "pd-engine-lpr.h"
#include "pd-engine-private.h"
#include "pd-error.h"

static const struct {
  const char *display, *plate, *state, *reason;
} items[] = {
  { "Stolen vehicles", "7ABC123", "CA", "Reported stolen 2026-11-28 (NCIC)" },
  { "Stolen vehicles", "6TRS540", "CA", "Reported stolen 2026-12-01 (NCIC)" },
  { "Stolen vehicles", "BZK9023", "AZ", "Reported stolen 2026-11-15 (NCIC)" },
  { "Amber alerts",    "5SAM001", "NV", "Amber alert 2026-12-04, Las Vegas PD" },
};

/* plate, state, reader, address, hours ago: hits, look-alikes, and plates not listed */
static const struct {
  const char *plate, *state, *reader, *address, *make, *model;
  int hours;
} reads[] = {
  { "7ABC123", "CA", "SY-07", "I-5 N at San Ysidro POE, lane 7", "TOYOTA", "CAMRY", 2 },
  { "7ABC123", "CA", "SY-09", "I-5 N at San Ysidro POE, lane 9", "TOYOTA", "CAMRY", 2 },
  { "7A8C123", "CA", "OM-02", "SR-905 at Otay Mesa POE, lane 2", "TOYOTA", "COROLLA", 20 },
  { "BZK9O23", "AZ", "NO-01", "Mariposa Rd at Nogales POE, lane 1", "FORD", "F-150", 30 },
  { "6TRS540", "NV", "SY-03", "I-5 N at San Ysidro POE, lane 3", "HONDA", "CIVIC", 50 },
  { "5SAM001", "NV", "CX-04", "SR-7 at Calexico East POE, lane 4", "CHEVROLET", "TAHOE", 1 },
  { "8LMN456", "CA", "SY-07", "I-5 N at San Ysidro POE, lane 7", "NISSAN", "ALTIMA", 3 },
  { "4XYZ789", "CA", "OM-02", "SR-905 at Otay Mesa POE, lane 2", "KIA", "SOUL", 70 },
  { "2GHJ310", "AZ", "NO-01", "Mariposa Rd at Nogales POE, lane 1", "TESLA", "MODEL 3", 120 },
};

gboolean
pd_engine_lpr_demo (PdEngine  *self,
                    GError   **error)
{
  g_autoptr(PdCaller) system = pd_caller_new_system ();
  g_autoptr(PdCaller) analyst = NULL;
  g_autoptr(GPtrArray) displays = NULL, objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 now = pd_engine_now (self), ids[2] = { 0, 0 };
  PdLprIngest ingest;
  gboolean ok = FALSE;

  if ((displays = pd_engine_lpr_displays (self, system, error)) == NULL)
    return FALSE;
  if (displays->len > 0)
    return TRUE;
  if (!_pd_engine_demo_entitle (self, "director.ng", "lpr.ortiz", "lpr", error) ||
      (analyst = _pd_engine_demo_caller (self, "lpr.ortiz", error)) == NULL ||
      (ids[0] = pd_engine_lpr_display_create (self, analyst, "Stolen vehicles", "NCIC stolen-vehicle entries for the "
                                              "San Diego ports", error)) == 0 ||
      (ids[1] = pd_engine_lpr_display_create (self, analyst, "Amber alerts", "Active amber alerts, Southwest",
                                              error)) == 0)
    goto out;
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (gint64));
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "plate", items[i].plate);
      json_object_set_string_member (o, "state", items[i].state);
      json_object_set_string_member (o, "reason", items[i].reason);
      g_ptr_array_add (one, o);
      if (!pd_engine_lpr_items_add (self, analyst, ids[g_str_equal (items[i].display, "Amber alerts")], one, "item",
                                    added, error))
        goto out;
    }
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      JsonObject *o = json_object_new ();
      g_autofree char *t = pd_time_format (now - (gint64) reads[i].hours * PD_USEC_PER_HOUR - i * 60 * G_USEC_PER_SEC);

      json_object_set_string_member (o, "plate", reads[i].plate);
      json_object_set_string_member (o, "state", reads[i].state);
      json_object_set_string_member (o, "observed_at", t);
      json_object_set_string_member (o, "reader_id", reads[i].reader);
      json_object_set_string_member (o, "reader_address", reads[i].address);
      json_object_set_string_member (o, "camera_owner", "CBP");
      json_object_set_string_member (o, "camera_type", "fixed, inbound lanes");
      json_object_set_string_member (o, "make", reads[i].make);
      json_object_set_string_member (o, "model", reads[i].model);
      g_ptr_array_add (objects, o);
    }
  ok = pd_engine_lpr_reads_receive (self, system, objects, &ingest, error);
out:
  return ok;
}
