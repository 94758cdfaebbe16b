/* pd-engine-tvs-report.c: TVS reports: match rate and capture rate apart
 *
 * Per group: expected (in-scope travellers on the manifests of the flights
 * departing in the range; captures count with their flight's departure
 * day, whenever they were made), photographed (usable captures), matched (those
 * that matched a gallery), confirmed (distinct travellers matched).  Match
 * rate = matched / photographed; capture rate = confirmed / expected: a
 * capture rate below the match rate is the known failure of such programs
 * (travellers never photographed).  Traveller groups (citizenship, age
 * band, sex) come from the manifests; a capture that matched nobody has no
 * traveller and counts as "unknown".  Terminals and gates have no expected
 * travellers (a manifest names no gate).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-engine-tvs"

#include <string.h>

#include "pd-engine-private.h"
#include "pd-engine-tvs.h"
#include "pd-error.h"

#define REPORTS (PD_ROLE_BIT (PD_ROLE_CBP_OFFICER) | PD_ROLE_BIT (PD_ROLE_PORT_DIRECTOR) | \
                 PD_ROLE_BIT (PD_ROLE_AUDITOR) | PD_ROLE_BIT (PD_ROLE_ADMIN))

static const char * const dimensions[] = { "port", "airport", "terminal", "gate", "flight", "airline", "citizenship",
                                           "age", "sex", NULL };

typedef struct {
  PdTvsReportRow  row;
  GHashTable     *travellers;   /* confirmed: traveller ids */
  GArray         *times, *builds;
} Group;

void
pd_tvs_report_row_free (PdTvsReportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row);
}

static void
group_free (Group *g)
{
  g_free (g->row.key);
  g_hash_table_unref (g->travellers);
  g_array_unref (g->times);
  g_array_unref (g->builds);
  g_free (g);
}

static Group *
group_new (const char *key)
{
  Group *g = g_new0 (Group, 1);

  g->row.key = g_strdup (key);
  g->travellers = g_hash_table_new (g_int64_hash, g_int64_equal);
  g->times = g_array_new (FALSE, FALSE, sizeof (double));
  g->builds = g_array_new (FALSE, FALSE, sizeof (double));
  return g;
}

static Group *
group_of (GHashTable *groups,
          const char *key)
{
  Group *g = g_hash_table_lookup (groups, key != NULL ? key : "unknown");

  if (g == NULL)
    {
      g = group_new (key != NULL ? key : "unknown");
      g_hash_table_insert (groups, g->row.key, g);
    }
  return g;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Group, group_free)

static const char *
age_band (const char *birth,
          const char *date)
{
  int age = pd_tvs_age_on (birth, date);

  return age < 0 ? "unknown" : age < 18 ? "14-17" : age < 30 ? "18-29" : age < 50 ? "30-49" : age < 65 ? "50-64" :
                                                                                                   "65-79";
}

/* A traveller's group (@t NULL: nobody matched). */
static char *
traveller_key (const char        *by,
               const PdFlight    *f,
               const PdTraveller *t)
{
  if (g_str_equal (by, "citizenship"))
    return g_strdup (t != NULL ? t->pax->nationality : NULL);
  if (g_str_equal (by, "age"))
    return g_strdup (t != NULL ? age_band (t->pax->birth_date, f != NULL ? f->departure_date : NULL) : NULL);
  if (g_str_equal (by, "sex"))
    return g_strdup (t != NULL ? t->pax->sex : NULL);
  if (g_str_equal (by, "flight"))
    return f != NULL ? g_strdup_printf ("%s %s", f->flight, f->departure_date) : NULL;
  if (g_str_equal (by, "airline"))
    return g_strdup (f != NULL ? f->carrier : NULL);
  return g_strdup (f != NULL ? f->departure : NULL);   /* port, airport */
}

static gboolean
by_place (const char *by)
{
  return g_str_equal (by, "terminal") || g_str_equal (by, "gate");
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 ((*(PdTvsReportRow * const *) a)->key, (*(PdTvsReportRow * const *) b)->key);
}

/* Adds @from's counts into @to (the totals). */
static void
add_counts (Group       *to,
            const Group *from)
{
  GHashTableIter it;
  gpointer id;

  if (from->row.expected >= 0)
    to->row.expected = MAX (to->row.expected, 0) + from->row.expected;
  to->row.photographed += from->row.photographed;
  to->row.matched += from->row.matched;
  to->row.recaptures += from->row.recaptures;
  to->row.outages += from->row.outages;
  to->row.opt_outs += from->row.opt_outs;
  to->row.no_holdings_photo += from->row.no_holdings_photo;
  g_hash_table_iter_init (&it, from->travellers);
  while (g_hash_table_iter_next (&it, &id, NULL))
    g_hash_table_add (to->travellers, id);
  g_array_append_vals (to->times, from->times->data, from->times->len);
}

static PdTvsReportRow *
close_group (Group *g)
{
  PdTvsReportRow *row = g_new0 (PdTvsReportRow, 1);

  *row = g->row;
  row->key = g_strdup (g->row.key);
  row->confirmed = g_hash_table_size (g->travellers);
  _pd_percentiles (g->times, &row->p50_ms, &row->p95_ms);
  _pd_percentiles (g->builds, &row->gallery_p50_ms, &row->gallery_p95_ms);
  return row;
}

GPtrArray *
pd_engine_tvs_report (PdEngine    *self,
                      PdCaller    *caller,
                      const char  *from,
                      const char  *to,
                      const char  *by,
                      GError     **error)
{
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(GPtrArray) flights = NULL, encounters = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) group_free);
  g_autoptr(GHashTable) flight_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) traveller_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                                 (GDestroyNotify) pd_traveller_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_tvs_report_row_free);
  g_autofree char *params = NULL;
  const char *port = pd_caller_role (caller) == PD_ROLE_CBP_OFFICER || pd_caller_role (caller) == PD_ROLE_PORT_DIRECTOR ?
                     pd_caller_port (caller) : NULL;
  g_autoptr(Group) total = group_new ("total");
  GHashTableIter it;
  gpointer value;
  gint64 start, end;

  if (!_pd_engine_require_role (self, caller, REPORTS, "tvs.report", error) ||
      !_pd_engine_day_range (self, from, to, &start, &end, error))
    return NULL;
  if (by == NULL || !g_strv_contains (dimensions, by))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "by: '%s' is not port, airport, terminal, gate, flight, "
                   "airline, citizenship, age or sex", by != NULL ? by : "");
      return NULL;
    }
  if ((tx = pd_store_begin (self->store, error)) == NULL ||
      (flights = pd_store_tvs_flights_between (tx, from, to, error)) == NULL ||
      (encounters = pd_store_tvs_encounters_between (tx, from, to, error)) == NULL)
    return NULL;

  /* who was expected: the in-scope travellers of the flights leaving */
  for (guint i = 0; i < flights->len; i++)
    {
      PdFlight *f = flights->pdata[i];
      g_autoptr(GPtrArray) travellers = NULL;

      if (port != NULL && g_strcmp0 (f->departure, port) != 0)
        continue;
      g_hash_table_insert (flight_by_id, &f->id, f);
      if ((travellers = pd_store_tvs_travellers (tx, f->id, error)) == NULL)
        return NULL;
      if (!by_place (by) && f->gallery_at != 0)
        {
          g_autofree char *key = traveller_key (by, f, NULL);

          if (!g_str_equal (by, "citizenship") && !g_str_equal (by, "age") && !g_str_equal (by, "sex"))
            g_array_append_val (group_of (groups, key)->builds, f->gallery_ms);
        }
      while (travellers->len > 0)
        {
          PdTraveller *t = g_ptr_array_steal_index (travellers, 0);
          gboolean in_scope = g_strcmp0 (t->state, "gallery") == 0 || g_strcmp0 (t->state, "biographic-only") == 0;

          if (in_scope && !by_place (by))
            {
              g_autofree char *key = traveller_key (by, f, t);
              Group *g = group_of (groups, key);

              g->row.expected = MAX (g->row.expected, 0) + 1;
              g->row.no_holdings_photo += g_strcmp0 (t->state, "biographic-only") == 0;
            }
          g_hash_table_insert (traveller_by_id, &t->id, t);
        }
    }
  /* what happened at the gates */
  for (guint i = 0; i < encounters->len; i++)
    {
      PdEncounter *e = encounters->pdata[i];
      PdTraveller *t = e->traveller_id != 0 ? g_hash_table_lookup (traveller_by_id, &e->traveller_id) : NULL;
      PdFlight *f = g_hash_table_lookup (flight_by_id, &e->flight_id);
      g_autofree char *key = NULL;
      gboolean matched = g_str_equal (e->outcome, "crossing") || g_str_equal (e->outcome, "usc");
      Group *g;

      if (port != NULL && g_strcmp0 (e->port, port) != 0)
        continue;
      if (g_str_equal (by, "terminal"))
        key = g_strdup (e->terminal);
      else if (g_str_equal (by, "gate"))
        key = g_strdup_printf ("%s %s", e->terminal, e->gate);
      else if (g_str_equal (by, "port") || g_str_equal (by, "airport"))
        key = g_strdup (e->port);
      else
        key = traveller_key (by, f, t);
      g = group_of (groups, key);
      if (matched || g_str_equal (e->outcome, "no-match"))
        {
          g->row.photographed++;
          g_array_append_val (g->times, e->response_ms);
        }
      if (matched)
        {
          g->row.matched++;
          if (e->traveller_id != 0)
            g_hash_table_add (g->travellers, &e->traveller_id);
        }
      g->row.recaptures += g_str_equal (e->outcome, "recapture");
      g->row.outages += g_str_equal (e->outcome, "outage");
      g->row.opt_outs += g_str_equal (e->outcome, "opt-out");
    }

  total->row.expected = by_place (by) ? -1 : 0;
  g_hash_table_iter_init (&it, groups);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      Group *g = value;

      if (by_place (by))
        g->row.expected = -1;
      add_counts (total, g);
      g_array_append_vals (total->builds, g->builds->data, g->builds->len);
      g_ptr_array_add (rows, close_group (g));
    }
  g_ptr_array_sort (rows, compare_rows);
  if (g_str_equal (by, "citizenship") || g_str_equal (by, "age") || g_str_equal (by, "sex") || by_place (by))
    for (guint i = 0; i < flights->len; i++)
      {
        PdFlight *f = flights->pdata[i];

        if (g_hash_table_contains (flight_by_id, &f->id) && f->gallery_at != 0)
          g_array_append_val (total->builds, f->gallery_ms);
      }
  g_ptr_array_add (rows, close_group (total));
  params = _pd_params ("from", from, "to", to, "by", by, NULL);
  if (!_pd_engine_audit_tx (self, tx, caller, "tvs.report", NULL, params, "ok", error) || !pd_store_commit (tx, error))
    return NULL;
  return g_steal_pointer (&rows);
}
