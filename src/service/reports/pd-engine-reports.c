/* pd-engine-reports.c: running a report for a caller: who may, which port,
 * which days, audited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-reports"

#include <stdio.h>

#include "pd-clock.h"
#include "pd-engine-private.h"
#include "pd-engine-reports.h"
#include "pd-error.h"
#include "pd-json.h"

gboolean
pd_report_visible (const PdReport *report,
                   PdCaller       *caller)
{
  return (report->roles & PD_ROLE_BIT (pd_caller_role (caller))) != 0;
}

/* The range asked for, or the last PD_REPORT_DEFAULT_DAYS days to today. */
static gboolean
range (PdEngine    *self,
       const char **from,
       const char **to,
       char       **own_from,
       char       **own_to,
       gint64      *start,
       gint64      *end,
       GError     **error)
{
  if (*to == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (pd_clock_now (self->clock) / G_USEC_PER_SEC);

      *to = *own_to = g_date_time_format (now, "%Y-%m-%d");
    }
  if (*from == NULL)
    {
      g_autoptr(GDateTime) last = NULL, first = NULL;
      int y, m, d;

      if (!_pd_engine_valid_date (self, "to", *to, FALSE, error))
        return FALSE;
      sscanf (*to, "%d-%d-%d", &y, &m, &d);
      last = g_date_time_new_utc (y, m, d, 0, 0, 0);
      first = g_date_time_add_days (last, 1 - PD_REPORT_DEFAULT_DAYS);
      *from = *own_from = g_date_time_format (first, "%Y-%m-%d");
    }
  if (!_pd_engine_day_range (self, *from, *to, start, end, error))
    return FALSE;
  if (*end - *start > (gint64) PD_REPORT_MAX_DAYS * 86400 * G_USEC_PER_SEC)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "A report covers at most %d days", PD_REPORT_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
pd_engine_report (PdEngine    *self,
                  PdCaller    *caller,
                  const char  *name,
                  const char  *from,
                  const char  *to,
                  const char  *by,
                  GError     **error)
{
  const PdReport *report = pd_report_find (name);
  g_autofree char *action = g_strconcat ("report.", report != NULL ? report->name : "unknown", NULL);
  g_autofree char *own_from = NULL, *own_to = NULL, *params = NULL;
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  PdReportArgs args = { 0 };
  gboolean scoped;

  if (report == NULL)
    {
      if (!_pd_engine_require_role (self, caller, PD_ROLES_ALL, action, error))
        return NULL;
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "No report '%s'", name != NULL ? name : "");
      return NULL;
    }
  if (!_pd_engine_require_role (self, caller, report->roles, action, error) ||
      !range (self, &from, &to, &own_from, &own_to, &args.start, &args.end, error))
    return NULL;
  if (by == NULL)
    by = report->dims[0];
  if (!pd_report_has_dim (report, by))
    {
      g_autofree char *dims = g_strjoinv (", ", (char **) report->dims);

      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "by: '%s' is not one of %s", by, dims);
      return NULL;
    }
  scoped = (report->port_roles & PD_ROLE_BIT (pd_caller_role (caller))) != 0;
  if (scoped && pd_caller_port (caller) == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FORBIDDEN, "This report shows your port's rows: you have no port");
      return NULL;
    }
  args.now = pd_clock_now (self->clock);
  args.port = scoped ? pd_caller_port (caller) : NULL;
  args.from = from;
  args.to = to;

  if ((tx = pd_store_begin (self->store, error)) == NULL)
    return NULL;
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "name", report->name);
  pd_json_builder_add_string (b, "title", report->title);
  pd_json_builder_add_string (b, "from", from);
  pd_json_builder_add_string (b, "to", to);
  pd_json_builder_add_string (b, "by", by);
  pd_json_builder_add_string (b, "port", args.port);
  json_builder_set_member_name (b, "series");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->n_series; i++)
    {
      JsonNode *s = pd_store_report_series (tx, &report->series[i], by, &args, error);

      if (s == NULL)
        return NULL;
      json_builder_add_value (b, s);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  params = _pd_params ("from", from, "to", to, "by", by, "port", args.port, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, action, NULL, params, "ok", error) || !pd_store_commit (tx, error))
    return NULL;
  return json_builder_get_root (b);
}

GPtrArray *
pd_engine_reports_list (PdEngine    *self,
                        PdCaller    *caller,
                        GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  guint n;
  const PdReport *all = pd_reports (&n);

  if (!_pd_engine_require_role (self, caller, PD_ROLES_ALL, "report.list", error))
    return NULL;
  for (guint i = 0; i < n; i++)
    if (pd_report_visible (&all[i], caller))
      g_ptr_array_add (out, (gpointer) &all[i]);
  if (!pd_engine_audit (self, caller, "report.list", NULL, NULL, "ok", error))
    return NULL;
  return g_steal_pointer (&out);
}
