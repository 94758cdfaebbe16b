/* pd-landing-view.c: the port's landing-rights requests
 *
 * Two pages.  Requests: the port's queue (open ones, or all), newest
 * first; the selected request below it (pd-landing-detail.c), with the
 * research, the Recommend and Decide dialogs and the chat with the air
 * operator.  Schedule: the approved flights of a day or a week by arrival.
 * Everything goes through the service's routes; refusals show as the
 * service words them.
 *
 * Keys: Ctrl+L the queue, Ctrl+M the chat, Alt+Page Up/Down the schedule's
 * day or week before and after; the detail's buttons have mnemonics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-landing-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-date-bar.h"
#include "pd-events.h"
#include "pd-json.h"
#include "pd-landing-view.h"
#include "pd-view.h"

struct _PdLandingView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GtkStack        *pages;
  GtkDropDown     *filter;
  PdTableView     *queue;
  PdLandingDetail *detail;
  PdDateBar       *dates;
  PdTableView     *schedule;
  GtkLabel        *status;
  char            *message;
};

static void pd_landing_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdLandingView, pd_landing_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_landing_view_view_init))

/* --- columns ---------------------------------------------------------------------- */

static char *
format_status (JsonObject *row,
               const char *member)
{
  return g_strdup (pd_landing_status_label (pd_json_str (row, member)));
}

static char *
format_choice (JsonObject *row,
               const char *member)
{
  const char *c = pd_json_str (row, member);

  return g_strdup (c != NULL ? pd_landing_choice_label (c) : "—");
}

static char *
format_type (JsonObject *row,
             const char *member)
{
  return g_strdup (pd_landing_type_label (pd_json_str (row, member)));
}

/* "Qantas (QF)" */
static char *
format_airline (JsonObject *row,
                const char *member)
{
  return g_strdup_printf ("%s (%s)", pd_json_str (row, "airline_name") ?: "?", pd_json_str (row, "airline_code") ?: "?");
}

/* "LHR → LAX" */
static char *
format_route (JsonObject *row,
              const char *member)
{
  return g_strdup_printf ("%s → %s", pd_json_str (row, "departure_airport") ?: "?",
                          pd_json_str (row, "arrival_airport") ?: "?");
}

static const PdTableColumn queue_columns[] = {
  { "ref",            N_("Request"),        FALSE, NULL,                 FALSE, 14, TRUE },
  { "status",         N_("Status"),         FALSE, format_status,        FALSE, 11 },
  { "airline_name",   N_("Airline"),        TRUE,  format_airline,       FALSE, 14, TRUE },
  { "type",           N_("Type"),           FALSE, format_type,          FALSE, 10, TRUE },
  PD_TABLE_TIME_COLUMN ("first_eta_at",   N_("First arrival")),
  { "n_flights",      N_("Flights"),        FALSE, NULL,                 TRUE,  5 },
  { "passengers",     N_("Passengers"),     FALSE, NULL,                 TRUE,  6 },
  { "recommendation", N_("Advised"),        FALSE, format_choice,        FALSE, 11 },
};

/* an approved flight: its request's status says whether with conditions */
static const PdTableColumn schedule_columns[] = {
  PD_TABLE_TIME_COLUMN ("eta_at",            N_("Arrives")),
  { "flight_number",     N_("Flight"),     FALSE, NULL,                 FALSE, 7 },
  { "airline_name",      N_("Airline"),    FALSE, NULL,                 FALSE, 14, TRUE },
  { "departure_airport", N_("Route"),      FALSE, format_route,         FALSE, 10, TRUE },
  { "terminal",          N_("Terminal"),   FALSE, NULL,                 FALSE, 7 },
  { "equipment",         N_("Aircraft"),   FALSE, NULL,                 FALSE, 5 },
  { "passengers",        N_("Passengers"), FALSE, NULL,                 TRUE,  5 },
  { "conditions",        N_("Conditions"), TRUE,  NULL,                 FALSE, 16 },
  { "ref",               N_("Request"),    FALSE, NULL,                 FALSE, 14 },
};

/* --- the queue and the detail ------------------------------------------------------------ */

static const char *
queue_path (PdLandingView *self)
{
  return gtk_drop_down_get_selected (self->filter) == 0 ? "/v1/landing/requests?status=submitted"
                                                         : "/v1/landing/requests";
}

static void
filter_changed (PdLandingView *self)
{
  pd_table_view_set_path (self->queue, queue_path (self));
}

void
pd_landing_view_set_open_only (PdLandingView *self,
                               gboolean       open_only)
{
  g_return_if_fail (PD_IS_LANDING_VIEW (self));
  gtk_drop_down_set_selected (self->filter, open_only ? 0 : 1);
}

static void
queue_selected (PdLandingView *self)
{
  JsonObject *row = pd_table_view_get_selected (self->queue);

  /* a reload drops the selection for a moment: the detail stays */
  if (row != NULL)
    pd_landing_detail_show_ref (self->detail, pd_json_str (row, "ref"));
}

gboolean
pd_landing_view_select_ref (PdLandingView *self,
                            const char    *ref)
{
  g_return_val_if_fail (PD_IS_LANDING_VIEW (self), FALSE);
  return pd_table_view_select_member (self->queue, "ref", ref);
}

/* After a reload, the request shown is selected again where it is listed. */
static void
queue_loading (PdLandingView *self)
{
  const char *ref = pd_landing_detail_get_ref (self->detail);
  JsonObject *row;

  if (pd_table_view_get_loading (self->queue) || ref == NULL)
    return;
  row = pd_table_view_get_selected (self->queue);
  if (row == NULL || g_strcmp0 (pd_json_str (row, "ref"), ref) != 0)
    pd_table_view_select_member (self->queue, "ref", ref);
}

static void
detail_changed (PdLandingView *self,
                const char    *ref)
{
  g_autofree char *text = NULL;

  /* Translators: %s is a request's reference */
  text = g_strdup_printf (_("%s: the service recorded it."), ref);
  pd_view_show_message (self->status, &self->message, text, FALSE);
  pd_table_view_reload (self->queue);
  pd_table_view_reload (self->schedule);
}

/* --- the schedule ---------------------------------------------------------------------------- */

static void
load_schedule (PdLandingView *self)
{
  g_autofree char *path = pd_date_bar_dup_path (self->dates, "/v1/landing/schedule");

  pd_table_view_set_path (self->schedule, path);
}

static void
date_invalid (PdLandingView *self,
              const char    *message)
{
  pd_view_show_message (self->status, &self->message, message, TRUE);
}

void
pd_landing_view_set_schedule (PdLandingView *self,
                              const char    *date,
                              gboolean       week)
{
  g_return_if_fail (PD_IS_LANDING_VIEW (self));
  pd_date_bar_set (self->dates, date, week);
}

/* --- actions ------------------------------------------------------------------------------ */

static void
focus_list_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PdLandingView *self = PD_LANDING_VIEW (widget);

  gtk_stack_set_visible_child_name (self->pages, "requests");
  gtk_widget_child_focus (GTK_WIDGET (self->queue), GTK_DIR_TAB_FORWARD);
}

static void
chat_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PdLandingView *self = PD_LANDING_VIEW (widget);

  gtk_stack_set_visible_child_name (self->pages, "requests");
  pd_chat_pane_focus (pd_landing_detail_get_chat (self->detail));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PdLandingView *self = PD_LANDING_VIEW (widget);

  gtk_stack_set_visible_child_name (self->pages, "schedule");
  pd_date_bar_step (self->dates, g_variant_get_int32 (param));
}

/* --- building -------------------------------------------------------------------------------- */

static GtkWidget *
bar_box (void)
{
  GtkWidget *b = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_start (b, 12);
  gtk_widget_set_margin_end (b, 12);
  gtk_widget_set_margin_top (b, 6);
  gtk_widget_set_margin_bottom (b, 6);
  return b;
}

static GtkWidget *
labelled (GtkWidget  *bar,
          const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_box_append (GTK_BOX (bar), l);
  gtk_box_append (GTK_BOX (bar), widget);
  return widget;
}

static GtkWidget *
build_requests (PdLandingView *self)
{
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = bar_box ();
  const char *shown[] = { _("Open requests"), _("All requests"), NULL };

  self->filter = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (shown));
  labelled (bar, _("_Show"), GTK_WIDGET (self->filter));
  gtk_box_append (GTK_BOX (top), bar);
  self->queue = pd_table_view_new (self->client, queue_path (self), queue_columns, G_N_ELEMENTS (queue_columns), 1000);
  gtk_widget_set_vexpand (GTK_WIDGET (self->queue), TRUE);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->queue));
  g_signal_connect_swapped (self->filter, "notify::selected", G_CALLBACK (filter_changed), self);
  g_signal_connect_swapped (self->queue, "selected", G_CALLBACK (queue_selected), self);
  g_signal_connect_swapped (self->queue, "notify::loading", G_CALLBACK (queue_loading), self);

  self->detail = PD_LANDING_DETAIL (pd_landing_detail_new (self->client));
  g_signal_connect_swapped (self->detail, "changed", G_CALLBACK (detail_changed), self);
  gtk_widget_set_size_request (top, -1, 160);
  gtk_widget_set_size_request (GTK_WIDGET (self->detail), -1, 240);
  gtk_paned_set_start_child (GTK_PANED (paned), top);
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (self->detail));
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 210);
  return paned;
}

static GtkWidget *
build_schedule (PdLandingView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *path = NULL;

  self->dates = PD_DATE_BAR (pd_date_bar_new (_("_From"), TRUE));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->dates));
  {
    GtkWidget *note = gtk_label_new (_("Approved flights by arrival, with the conditions of their approval."));

    gtk_label_set_xalign (GTK_LABEL (note), 0);
    gtk_label_set_wrap (GTK_LABEL (note), TRUE);
    gtk_widget_set_margin_start (note, 12);
    gtk_widget_set_margin_end (note, 12);
    gtk_widget_add_css_class (note, "dim-label");
    gtk_box_append (GTK_BOX (box), note);
  }
  path = pd_date_bar_dup_path (self->dates, "/v1/landing/schedule");
  self->schedule = pd_table_view_new (self->client, path, schedule_columns, G_N_ELEMENTS (schedule_columns), 5000);
  gtk_widget_set_vexpand (GTK_WIDGET (self->schedule), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->schedule));
  g_signal_connect_swapped (self->dates, "changed", G_CALLBACK (load_schedule), self);
  g_signal_connect_swapped (self->dates, "invalid", G_CALLBACK (date_invalid), self);
  return box;
}

static void
build (PdLandingView *self)
{
  const PdViewPage pages[] = {
    { "requests", _("Requests"), build_requests (self) },
    { "schedule", _("Schedule"), build_schedule (self) },
  };

  adw_bin_set_child (ADW_BIN (self), pd_view_pages_new (pages, G_N_ELEMENTS (pages), &self->pages, &self->status));
}

/* --- PdView, object, tests ---------------------------------------------------------------- */

/* The window reloads the view on these events (pd-views.c), but not while
 * it is busy: a request submitted or decided meanwhile must not be missed. */
static void
request_event_cb (PdLandingView   *self,
                  const char      *type,
                  const char      *port,
                  JsonNode        *payload,
                  PdServiceClient *client)
{
  if (!pd_landing_view_get_busy (self))
    return;
  pd_table_view_reload (self->queue);
  pd_table_view_reload (self->schedule);
}

static void
pd_landing_view_reload (PdView *view)
{
  PdLandingView *self = PD_LANDING_VIEW (view);

  pd_table_view_reload (self->queue);
  pd_table_view_reload (self->schedule);
  pd_landing_detail_reload (self->detail);
}

gboolean
pd_landing_view_get_busy (PdLandingView *self)
{
  g_return_val_if_fail (PD_IS_LANDING_VIEW (self), FALSE);
  return pd_table_view_get_loading (self->queue) || pd_table_view_get_loading (self->schedule) ||
         pd_landing_detail_get_busy (self->detail);
}

static gboolean
view_get_busy (PdView *view)
{
  return pd_landing_view_get_busy (PD_LANDING_VIEW (view));
}

static void
pd_landing_view_view_init (PdViewInterface *iface)
{
  iface->reload = pd_landing_view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_landing_view_finalize (GObject *object)
{
  PdLandingView *self = PD_LANDING_VIEW (object);

  g_clear_object (&self->client);
  g_free (self->message);
  G_OBJECT_CLASS (pd_landing_view_parent_class)->finalize (object);
}

static void
pd_landing_view_class_init (PdLandingViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = pd_landing_view_finalize;

  gtk_widget_class_install_action (widget_class, "landing-view.focus-list", NULL, focus_list_action);
  gtk_widget_class_install_action (widget_class, "landing-view.chat", NULL, chat_action);
  gtk_widget_class_install_action (widget_class, "landing-view.step", "i", step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "landing-view.focus-list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "landing-view.chat", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "landing-view.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "landing-view.step", "i", 1);
}

static void
pd_landing_view_init (PdLandingView *self)
{
}

GtkWidget *
pd_landing_view_new (PdServiceClient *client)
{
  PdLandingView *self;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);

  self = g_object_new (PD_TYPE_LANDING_VIEW, NULL);
  self->client = g_object_ref (client);
  build (self);
  /* before the window's own handler (connected once this returns) */
  g_signal_connect_object (client, "event::" PD_EVENT_LANDING_REQUEST, G_CALLBACK (request_event_cb), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
pd_landing_view_show_page (PdLandingView *self,
                           const char    *page)
{
  g_return_if_fail (PD_IS_LANDING_VIEW (self));
  gtk_stack_set_visible_child_name (self->pages, page);
}

PdTableView *
pd_landing_view_get_queue (PdLandingView *self)
{
  g_return_val_if_fail (PD_IS_LANDING_VIEW (self), NULL);
  return self->queue;
}

PdTableView *
pd_landing_view_get_schedule (PdLandingView *self)
{
  g_return_val_if_fail (PD_IS_LANDING_VIEW (self), NULL);
  return self->schedule;
}

PdLandingDetail *
pd_landing_view_get_detail (PdLandingView *self)
{
  g_return_val_if_fail (PD_IS_LANDING_VIEW (self), NULL);
  return self->detail;
}

const char *
pd_landing_view_get_message (PdLandingView *self)
{
  g_return_val_if_fail (PD_IS_LANDING_VIEW (self), NULL);
  return self->message;
}
