/* pd-bus-view.c: the buses expected at the officer's land port
 *
 * The buses of a day or a week by their arrival at the port (the service
 * lists the officer's port only), with how many passengers each carries,
 * how many are in biometric scope, hold a document expiring before the
 * arrival or were typed rather than read from an MRZ; the selected bus
 * below (pd-bus-detail.c), with Mark as Arrived.  A bus submitted or an
 * arrival marked elsewhere shows live (the bus.manifest event).
 *
 * Keys: Ctrl+L the list, Alt+Page Up/Down the day or week before and
 * after, Alt+T today; Mark as Arrived has its mnemonic (Alt+A).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-bus-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-bus-view.h"
#include "pd-date-bar.h"
#include "pd-events.h"
#include "pd-json.h"
#include "pd-view.h"

#define MANIFESTS "/v1/bus/manifests"

struct _PdBusView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  PdDateBar       *dates;
  PdTableView     *table;
  PdBusDetail     *detail;
  GtkLabel        *status;
  char            *message;
};

static void pd_bus_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdBusView, pd_bus_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_bus_view_view_init))

/* --- columns ---------------------------------------------------------------------- */

static char *
format_registration (JsonObject *row,
                     const char *member)
{
  const char *status = pd_json_str (row, member);
  const char *label = pd_bus_registration_label (status);

  return g_strcmp0 (status, "expired") == 0 ? g_strdup_printf ("⚠ %s", label) : g_strdup (label);
}

/* documents expiring before the arrival: a warning when there are any */
static char *
format_expiring (JsonObject *row,
                 const char *member)
{
  gint64 n = pd_json_int (row, member, 0);

  return n > 0 ? g_strdup_printf ("⚠ %" G_GINT64_FORMAT, n) : g_strdup ("0");
}

/* "Mon 07 09:00": a time within the days the date bar shows */
static char *
format_day_time (JsonObject *row,
                 const char *member)
{
  g_autoptr(GDateTime) at = NULL, local = NULL;
  const char *iso = pd_json_str (row, member);

  if (iso == NULL || (at = g_date_time_new_from_iso8601 (iso, NULL)) == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (at);
  /* Translators: a bus's arrival (weekday, day of the month, time) for g_date_time_format; keep it short */
  return g_date_time_format (local, _("%a %d %H:%M"));
}

/* the bus's manifest reference is the detail's title */
static const PdTableColumn bus_columns[] = {
  { "port_arrival_at",     N_("Arrives"),      FALSE, format_day_time,      FALSE, 12, TRUE },
  { "bus_registration",    N_("Bus"),          FALSE, NULL,                 FALSE, 9,  TRUE },
  { "company",             N_("Company"),      TRUE,  NULL,                 FALSE, 16 },
  { "passengers",          N_("Passengers"),   FALSE, NULL,                 TRUE,  6 },
  { "biometric",           N_("Biometric"),    FALSE, NULL,                 TRUE,  6 },
  { "expiring",            N_("Expiring"),     FALSE, format_expiring,      TRUE,  6 },
  { "unchecked",           N_("Typed"),        FALSE, NULL,                 TRUE,  5 },
  { "registration_status", N_("Registration"), FALSE, format_registration,  FALSE, 10 },
  { "arrived_at",          N_("Arrived"),      FALSE, format_day_time,      FALSE, 12, TRUE },
};

/* --- the list and the detail ---------------------------------------------------------- */

static void
load (PdBusView *self)
{
  g_autofree char *path = pd_date_bar_dup_path (self->dates, MANIFESTS);

  pd_table_view_set_path (self->table, path);
}

static void
date_invalid (PdBusView  *self,
              const char *message)
{
  pd_view_show_message (self->status, &self->message, message, TRUE);
}

void
pd_bus_view_set_date (PdBusView  *self,
                      const char *date,
                      gboolean    week)
{
  g_return_if_fail (PD_IS_BUS_VIEW (self));
  pd_date_bar_set (self->dates, date, week);
}

static void
row_selected (PdBusView *self)
{
  JsonObject *row = pd_table_view_get_selected (self->table);

  /* a reload drops the selection for a moment: the detail stays */
  if (row != NULL)
    pd_bus_detail_show_ref (self->detail, pd_json_str (row, "ref"));
}

gboolean
pd_bus_view_select_ref (PdBusView  *self,
                        const char *ref)
{
  g_return_val_if_fail (PD_IS_BUS_VIEW (self), FALSE);
  return pd_table_view_select_member (self->table, "ref", ref);
}

/* Once loaded, the bus shown is selected again where it is listed. */
static void
table_loading (PdBusView *self)
{
  if (!pd_table_view_get_loading (self->table) && pd_table_view_get_selected (self->table) == NULL)
    pd_table_view_select_member (self->table, "ref", pd_bus_detail_get_ref (self->detail));
}

static void
detail_changed (PdBusView  *self,
                const char *ref)
{
  g_autofree char *text = NULL;

  /* Translators: %s is a bus manifest's reference */
  text = g_strdup_printf (_("%s: the service recorded the arrival."), ref);
  pd_view_show_message (self->status, &self->message, text, FALSE);
  pd_table_view_reload (self->table);
}

static void
focus_list_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  gtk_widget_child_focus (GTK_WIDGET (PD_BUS_VIEW (widget)->table), GTK_DIR_TAB_FORWARD);
}

static void
build (PdBusView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  g_autofree char *path = NULL;

  self->dates = PD_DATE_BAR (pd_date_bar_new (_("_Date"), FALSE));
  pd_date_bar_add_shortcuts (self->dates, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->dates));

  path = pd_date_bar_dup_path (self->dates, MANIFESTS);
  self->table = pd_table_view_new (self->client, path, bus_columns, G_N_ELEMENTS (bus_columns), 1000);
  gtk_widget_add_css_class (GTK_WIDGET (self->table), "pd-compact-table");
  self->detail = PD_BUS_DETAIL (pd_bus_detail_new (self->client));
  gtk_widget_set_size_request (GTK_WIDGET (self->table), -1, 140);
  gtk_widget_set_size_request (GTK_WIDGET (self->detail), -1, 260);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (self->table));
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (self->detail));
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 190);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), paned);

  /* the view's status line: what the service recorded, a date that is not one */
  self->status = GTK_LABEL (gtk_label_new (NULL));
  g_object_set (self->status, "xalign", 0.0f, "wrap", TRUE, "visible", FALSE, "margin-start", 12, "margin-top", 6,
                "margin-bottom", 6, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  adw_bin_set_child (ADW_BIN (self), box);

  g_signal_connect_swapped (self->dates, "changed", G_CALLBACK (load), self);
  g_signal_connect_swapped (self->dates, "invalid", G_CALLBACK (date_invalid), self);
  g_signal_connect_swapped (self->table, "selected", G_CALLBACK (row_selected), self);
  g_signal_connect_swapped (self->table, "notify::loading", G_CALLBACK (table_loading), self);
  g_signal_connect_swapped (self->detail, "changed", G_CALLBACK (detail_changed), self);
}

/* --- PdView, object, tests ---------------------------------------------------------------- */

static void
pd_bus_view_reload (PdView *view)
{
  PdBusView *self = PD_BUS_VIEW (view);

  pd_table_view_reload (self->table);
  pd_bus_detail_reload (self->detail);
}

/* The window reloads the view on these events (pd-views.c), but not while
 * it is busy: a bus submitted or arriving meanwhile must not be missed. */
static void
manifest_event_cb (PdBusView       *self,
                   const char      *type,
                   const char      *port,
                   JsonNode        *payload,
                   PdServiceClient *client)
{
  if (pd_bus_view_get_busy (self))
    pd_bus_view_reload (PD_VIEW (self));
}

gboolean
pd_bus_view_get_busy (PdBusView *self)
{
  g_return_val_if_fail (PD_IS_BUS_VIEW (self), FALSE);
  return pd_table_view_get_loading (self->table) || pd_bus_detail_get_busy (self->detail);
}

static gboolean
view_get_busy (PdView *view)
{
  return pd_bus_view_get_busy (PD_BUS_VIEW (view));
}

static void
pd_bus_view_view_init (PdViewInterface *iface)
{
  iface->reload = pd_bus_view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_bus_view_finalize (GObject *object)
{
  PdBusView *self = PD_BUS_VIEW (object);

  g_clear_object (&self->client);
  g_free (self->message);
  G_OBJECT_CLASS (pd_bus_view_parent_class)->finalize (object);
}

static void
pd_bus_view_class_init (PdBusViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = pd_bus_view_finalize;

  gtk_widget_class_install_action (widget_class, "bus-view.focus-list", NULL, focus_list_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "bus-view.focus-list", NULL);
}

static void
pd_bus_view_init (PdBusView *self)
{
}

GtkWidget *
pd_bus_view_new (PdServiceClient *client)
{
  PdBusView *self;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);

  self = g_object_new (PD_TYPE_BUS_VIEW, NULL);
  self->client = g_object_ref (client);
  build (self);
  /* before the window's own handler (connected once this returns) */
  g_signal_connect_object (client, "event::" PD_EVENT_BUS_MANIFEST, G_CALLBACK (manifest_event_cb), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

PdTableView *
pd_bus_view_get_table (PdBusView *self)
{
  g_return_val_if_fail (PD_IS_BUS_VIEW (self), NULL);
  return self->table;
}

PdBusDetail *
pd_bus_view_get_detail (PdBusView *self)
{
  g_return_val_if_fail (PD_IS_BUS_VIEW (self), NULL);
  return self->detail;
}

const char *
pd_bus_view_get_message (PdBusView *self)
{
  g_return_val_if_fail (PD_IS_BUS_VIEW (self), NULL);
  return self->message;
}
