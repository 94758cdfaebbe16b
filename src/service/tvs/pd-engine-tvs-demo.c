/* pd-engine-tvs-demo.c: portdeskd --demo --demo-holdings: a departing
 * flight at LAX with its gallery, a gate device, and captures that give
 * crossings and alerts, all through the flow's own entry points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-tvs"

#include <string.h>

#include "pd-engine-accounts.h"
#include "pd-engine-private.h"
#include "pd-engine-tsa.h"
#include "pd-engine-tvs.h"
#include "pd-error.h"

/* A key of @kind made by @admin, signed in as its caller. */
static PdCaller *
demo_key (PdEngine    *self,
          PdCaller    *admin,
          const char  *kind,
          const char  *name,
          const char  *port,
          char       **out_key_id,
          GError     **error)
{
  g_autofree char *secret = NULL;
  g_autoptr(PdApiKey) key = pd_engine_apikey_create (self, admin, pd_principal_kind_from_string (kind), name, port,
                                                      "tvs", &secret, error);
  PdCaller *caller;

  if (key == NULL)
    return NULL;
  caller = pd_engine_authenticate (self, secret, "demo", error);
  *out_key_id = g_strdup (key->key_id);
  return caller;
}

static void
add_traveller (GString         *m,
               const PdHolding *h,
               const char      *nationality)
{
  g_autofree char *surname = g_ascii_strup (h->last_name, -1), *given = g_ascii_strup (h->first_name, -1);
  g_auto(GStrv) doc = g_strsplit (h->documents != NULL && h->documents[0] != NULL ? h->documents[0] : "X/XXX", "/", 2);

  g_string_append_printf (m, "NAD+FL+++%s:%s'DTM+329:%.2s%.2s%.2s'NAT+2+%s'DOC+P+%s'LOC+91+%s'\n", surname, given,
                          h->birth_date + 2, h->birth_date + 5, h->birth_date + 8, nationality, doc[0], doc[1]);
}

gboolean
pd_engine_tvs_demo (PdEngine  *self,
                    PdCaller  *admin,
                    GError   **error)
{
  g_autoptr(GPtrArray) list = pd_engine_holdings_list (self, admin, 0, 1000, error);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_holding_free);
  g_autoptr(PdCaller) airline = NULL, device = NULL;
  g_autofree char *airline_id = NULL, *device_id = NULL, *dtm = NULL, *date = NULL;
  g_autoptr(PdGate) gate = NULL;
  g_autoptr(GString) m = g_string_new (NULL);
  g_autoptr(GDateTime) departs = g_date_time_new_from_unix_utc (pd_engine_now (self) / G_USEC_PER_SEC + 3 * 3600);
  g_auto(PdManifestReceipt) receipt = { 0 };
  PdHolding *no_entry = NULL;

  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      PdHolding *h = list->pdata[i];
      g_autofree char *record = pd_holding_record (h->id);

      if (h->n_photos > 0)
        {
          PdHolding *full = pd_engine_holding_get (self, admin, record, error);

          if (full == NULL)
            return FALSE;
          g_ptr_array_add (people, full);
          if (!full->lawful_entry && no_entry == NULL && people->len > 3)
            no_entry = full;
        }
    }
  if (people->len < 7 || no_entry == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT, "The TVS demo needs the demo holdings (demo seed "
                           "--holdings 0) and the face-api demo pictures");
      return FALSE;
    }

  if ((airline = demo_key (self, admin, "airline", "Skyway Airlines (demo)", NULL, &airline_id, error)) == NULL ||
      (device = demo_key (self, admin, "gate_device", "LAX terminal 4 gate 42B (demo)", "LAX", &device_id,
                          error)) == NULL ||
      (gate = pd_engine_gate_register (self, admin, device_id, "gate", "4", "42B", error)) == NULL)
    return FALSE;

  /* SW300 LAX -> MEX in 3 hours: three passengers with holdings, one
   * whose record has no lawful entry, a child, a passenger unknown to the
   * holdings */
  dtm = g_date_time_format (departs, "%y%m%d%H%M");
  date = g_date_time_format (departs, "%Y-%m-%d");
  g_string_append_printf (m, "UNA:+.? 'UNB+UNOA:4+SKYWAY+USCSAPIS+000101:0000+1'\nUNH+1+PAXLST:D:05B:UN:IATA+SW300+01:F'"
                             "BGM+745'\nTDT+20+SW300+++SW'LOC+125+LAX'DTM+189:%s:201'LOC+87+MEX'\n", dtm);
  add_traveller (m, people->pdata[0], ((PdHolding *) people->pdata[0])->citizenship);
  add_traveller (m, people->pdata[1], ((PdHolding *) people->pdata[1])->citizenship);
  add_traveller (m, people->pdata[2], "USA");
  add_traveller (m, no_entry, no_entry->citizenship);
  g_string_append (m, "NAD+FL+++REYES:TOMAS'DTM+329:160304'NAT+2+MEX'DOC+P+G5550001'LOC+91+MEX'\n"
                      "NAD+FL+++OKAFOR:GRACE'DTM+329:880912'NAT+2+NGA'DOC+P+A0912345'LOC+91+NGA'\n"
                      "CNT+42:6'UNT+27+1'UNZ+1+1'");
  if (!pd_engine_manifest_receive (self, airline, m->str, m->len, &receipt, error))
    return FALSE;

  /* at the gate: an opt-out, three crossings (one a U.S. citizen), an
   * alert for a stranger, one for the record without a lawful entry */
  {
    PdHolding *at_gate[] = { people->pdata[0], people->pdata[1], people->pdata[2], NULL, no_entry };
    g_auto(PdGateResult) r = { 0 };

    if (!pd_engine_gate_opt_out (self, device, "SW300", date, &r, error))
      return FALSE;
    pd_gate_result_clear (&r);
    for (guint i = 3; i < people->len && at_gate[3] == NULL; i++)
      if (people->pdata[i] != no_entry)
        at_gate[3] = people->pdata[i];
    for (guint i = 0; i < G_N_ELEMENTS (at_gate); i++)
      {
        g_autoptr(PdFaceImage) photo = pd_face_image_new_from_bytes (at_gate[i]->photos->pdata[0], error);

        if (photo == NULL ||
            !pd_engine_gate_capture (self, device, "SW300", date, photo, at_gate[i]->photos->pdata[0], &r, error))
          return FALSE;
        pd_gate_result_clear (&r);
      }
  }
  g_message ("demo TVS: flight SW300 on %s with its gallery, gate device %s at LAX terminal 4 gate 42B, alerts for "
             "the officers of LAX", date, device_id);
  return TRUE;
}
