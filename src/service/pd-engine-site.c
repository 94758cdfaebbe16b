/* pd-engine-site.c: the daemons of a site on one PostgreSQL database
 *
 * Each portdeskd of a site serves its own workstations; they share one
 * database.  What one daemon must tell the others goes through it:
 *
 * - events (a request submitted, a chat line, an alert...): the daemon
 *   that made one delivers it to its own subscribers at once, writes it to
 *   site_events and NOTIFYs portdesk_events with the row's id; the others
 *   read the row by id and deliver it to theirs.  A daemon whose listening
 *   connection was lost reads, once back, every event after the last it
 *   saw.  Rows are kept an hour (the retention sweeper deletes them).
 * - what a daemon keeps in memory (face galleries, LPR display items):
 *   the writing transaction NOTIFYs portdesk_site at its COMMIT
 *   (pd_store_tx_notify_site); the others read the gallery again or forget
 *   the items.  After a lost connection everything is read again.
 *
 * The listening connection is the main loop's own (notifications arrive
 * there); the store's connection is the worker threads'.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-site"

#include <string.h>

#include "lpr/pd-engine-lpr.h"
#include "pd-clock.h"
#include "pd-engine-private.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-pg.h"

#define EVENT_COLUMNS "id, origin, type, port, roles, principal, payload"

struct _PdEngineSite
{
  PdEngine *engine;       /* unowned: the engine owns the site */
  PdPg     *listener;
  char     *origin;       /* this daemon, as its events say */
  gint64    last_id;      /* the newest event read */
};

void
_pd_engine_site_free (PdEngineSite *site)
{
  if (site == NULL)
    return;
  if (site->listener != NULL)
    g_signal_handlers_disconnect_by_data (site->listener, site);
  g_clear_object (&site->listener);
  g_free (site->origin);
  g_free (site);
}

/* Delivers the events of @result (EVENT_COLUMNS) made by other daemons. */
static void
deliver (PdEngineSite *site,
         PdPgResult   *result)
{
  for (int i = 0; i < pd_pg_result_n_rows (result); i++)
    {
      g_autoptr(JsonNode) payload = NULL;
      gint64 id = pd_pg_result_get_int (result, i, 0);

      site->last_id = MAX (site->last_id, id);
      if (g_strcmp0 (pd_pg_result_get_text (result, i, 1), site->origin) == 0)
        continue;
      payload = json_from_string (pd_pg_result_get_text (result, i, 6), NULL);
      if (payload == NULL || !JSON_NODE_HOLDS_OBJECT (payload))
        {
          g_warning ("site event %" G_GINT64_FORMAT " has no payload object", id);
          continue;
        }
      _pd_engine_emit_local (site->engine, pd_pg_result_get_text (result, i, 2), pd_pg_result_get_text (result, i, 3),
                             (guint) pd_pg_result_get_int (result, i, 4), pd_pg_result_get_text (result, i, 5),
                             payload);
    }
}

static void
read_events (PdEngineSite *site,
             const char   *statement,
             gint64        id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPgParams) params = pd_pg_params_new ();
  g_autoptr(PdPgResult) result = NULL;

  pd_pg_params_add_int (params, id);
  result = pd_pg_run (site->listener, statement, params, &error);
  if (result == NULL)
    {
      g_warning ("could not read the site's events: %s", error->message);
      return;
    }
  deliver (site, result);
}

static void
on_event (PdPg       *listener,
          const char *channel,
          const char *payload,
          int         pid,
          gpointer    user_data)
{
  PdEngineSite *site = user_data;
  gint64 id = g_ascii_strtoll (payload, NULL, 10);

  if (id > site->last_id)
    read_events (site, "event", id);
}

static void
on_site_change (PdPg       *listener,
                const char *channel,
                const char *payload,
                int         pid,
                gpointer    user_data)
{
  PdEngineSite *site = user_data;

  if (g_str_has_prefix (payload, "audit:"))
    {
      const char *origin = strchr (payload, '@');

      if (origin != NULL && !g_str_equal (origin + 1, site->origin))
        _pd_engine_emit_audit_appended (site->engine, g_ascii_strtoll (payload + strlen ("audit:"), NULL, 10));
      return;
    }
  /* this daemon's own changes too: what it keeps is then as committed */
  if (g_str_has_prefix (payload, "faces:"))
    _pd_engine_face_reload (site->engine, payload + strlen ("faces:"));
  else if (g_str_equal (payload, "lpr"))
    _pd_engine_lpr_reload (site->engine);
}

/* Back after a lost connection: what was said meanwhile was not heard. */
static void
on_reconnected (PdPg     *listener,
                gpointer  user_data)
{
  PdEngineSite *site = user_data;

  g_message ("the site's database is reachable again: reading what changed meanwhile");
  read_events (site, "events_after", site->last_id);
  _pd_engine_face_reload (site->engine, NULL);
  _pd_engine_lpr_reload (site->engine);
}

gboolean
_pd_engine_site_setup (PdEngine    *self,
                       const char  *conninfo,
                       GError     **error)
{
  g_autoptr(PdPgResult) head = NULL;
  PdEngineSite *site;
  const PdPgType int8[] = { PD_PG_INT8 };

  site = g_new0 (PdEngineSite, 1);
  site->engine = self;
  site->origin = g_strdup_printf ("%s/%08x", g_get_host_name (), g_random_int ());
  self->site = site;
  site->listener = pd_pg_connect (conninfo, error);
  if (site->listener == NULL ||
      !pd_pg_prepare (site->listener, "event", "SELECT " EVENT_COLUMNS " FROM site_events WHERE id = $1", 1, int8,
                      error) ||
      !pd_pg_prepare (site->listener, "events_after",
                      "SELECT " EVENT_COLUMNS " FROM site_events WHERE id > $1 ORDER BY id", 1, int8, error) ||
      !pd_pg_prepare (site->listener, "head", "SELECT coalesce (max (id), 0) FROM site_events", 0, NULL, error) ||
      !pd_pg_listen (site->listener, PD_STORE_EVENTS_CHANNEL, error) ||
      !pd_pg_listen (site->listener, PD_STORE_SITE_CHANNEL, error) ||
      (head = pd_pg_run (site->listener, "head", NULL, error)) == NULL)
    return FALSE;
  site->last_id = pd_pg_result_get_int (head, 0, 0);
  g_signal_connect (site->listener, "notification::" PD_STORE_EVENTS_CHANNEL, G_CALLBACK (on_event), site);
  g_signal_connect (site->listener, "notification::" PD_STORE_SITE_CHANNEL, G_CALLBACK (on_site_change), site);
  g_signal_connect (site->listener, "reconnected", G_CALLBACK (on_reconnected), site);
  return TRUE;
}

/* A new audit entry is told by a NOTIFY in its own transaction
 * ("audit:SEQ@ORIGIN"), not a site_events row: nearly every request
 * appends one, and the event carries the number only. */
void
_pd_engine_site_audit_appended (PdEngine  *self,
                                PdStoreTx *tx,
                                gint64     seq)
{
  g_autofree char *detail = NULL;

  if (self->site == NULL)
    return;
  detail = g_strdup_printf ("%" G_GINT64_FORMAT "@%s", seq, self->site->origin);
  pd_store_tx_notify_site (tx, "audit", detail);
}

/* From the thread that made the event, the store let go. */
void
_pd_engine_site_publish (PdEngine    *self,
                         const char  *type,
                         const char  *port,
                         guint        roles,
                         const char  *principal,
                         JsonNode    *payload)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStoreTx) tx = NULL;
  g_autofree char *text = pd_json_to_string (payload, FALSE);

  if (self->site == NULL)
    return;
  tx = pd_store_begin (self->store, &error);
  if (tx == NULL || !pd_store_tx_asynchronous (tx, &error) ||
      !pd_store_site_event_publish (tx, pd_clock_now (self->clock), self->site->origin, type, port, roles, principal,
                                    text, &error) ||
      !pd_store_commit (tx, &error))
    g_warning ("could not tell the site's other daemons of a %s event: %s", type, error->message);
}
