/* pd-event-toasts.c
 *
 * The one table of events that become toasts (the views registry says
 * which events reload which view).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-event-toasts"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-alerts-view.h"
#include "pd-event-toasts.h"
#include "pd-events.h"
#include "pd-json.h"

static char *
lpr_text (const char *type,
          JsonObject *p)
{
  return g_strdup (g_strcmp0 (pd_json_str (p, "kind"), "hit") == 0 ? _("LPR: a listed plate was read") :
                   _("LPR: a possible hit (a look-alike or another state)"));
}

static char *
tvs_alert_text (const char *type,
                JsonObject *p)
{
  /* Translators: the kind of alert ("No match"), the flight, the gate or lane */
  return g_strdup_printf (_("TVS alert: %s, flight %s at %s"), pd_tvs_alert_kind_label (pd_json_str (p, "kind")),
                          pd_json_str (p, "flight") ?: "?", pd_json_str (p, "gate") ?: "?");
}

static char *
entitlement_text (const char *type,
                  JsonObject *p)
{
  /* Translators: entitlement kind, user name, new status */
  return g_strdup_printf (_("Entitlement %s for %s is now %s"), pd_json_str (p, "kind") ?: "?",
                          pd_json_str (p, "user") ?: "?", pd_json_str (p, "status") ?: "?");
}

static char *
purged_text (const char *type,
             JsonObject *p)
{
  gint64 n = pd_json_int (p, "count", 0);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Retention purged %d record (%s)",
                                       "Retention purged %d records (%s)", n),
                          (int) n, pd_json_str (p, "policy") ?: "?");
}

static char *
flag_text (const char *type,
           JsonObject *p)
{
  /* Translators: the misuse rule (self_search, bulk...), the user flagged */
  return g_strdup_printf (_("New flag (%s) about %s"), pd_json_str (p, "rule") ?: "?", pd_json_str (p, "user") ?: "?");
}

static const struct {
  const char *type;
  gboolean    urgent;
  char     *(*text) (const char *type, JsonObject *payload);
} toasts[] = {
  { PD_EVENT_TVS_ALERT,           TRUE,  tvs_alert_text },
  { PD_EVENT_LPR_HIT,             TRUE,  lpr_text },
  { PD_EVENT_ENTITLEMENT_CHANGED, FALSE, entitlement_text },
  { PD_EVENT_RETENTION_PURGED,    FALSE, purged_text },
  { PD_EVENT_FLAG_RAISED,         FALSE, flag_text },
};

char *
pd_event_toast_text (const char *type,
                     JsonObject *payload,
                     gboolean   *out_urgent)
{
  for (guint i = 0; i < G_N_ELEMENTS (toasts); i++)
    if (g_strcmp0 (toasts[i].type, type) == 0)
      {
        *out_urgent = toasts[i].urgent;
        return toasts[i].text (type, payload);
      }
  return NULL;
}
