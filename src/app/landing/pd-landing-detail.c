/* pd-landing-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-landing-detail"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-events.h"
#include "pd-json.h"
#include "pd-landing-detail.h"
#include "pd-landing-dialog.h"
#include "pd-pane-call.h"

#define REQUESTS "/v1/landing/requests"

struct _PdLandingDetail
{
  AdwBin           parent_instance;

  GtkStack        *stack;          /* "empty", "detail" */
  GtkLabel        *ref_label;
  GtkSpinner      *spinner;
  GtkLabel        *status_label;
  GtkLabel        *summary_label;
  GtkWidget       *recommend_button;
  GtkWidget       *decide_button;
  GtkLabel        *error_label;
  GtkGrid         *info_grid;
  guint            n_info;
  GtkGrid         *flights_grid;
  GtkLabel        *earlier_label;
  GtkListBox      *earlier_list;
  GtkListBox      *checks_list;
  GtkListBox      *history_list;
  PdChatPane      *chat;

  PdServiceClient *client;
  GCancellable    *cancellable;    /* per shown ref */
  char            *ref;
  JsonObject      *json;           /* the request, with flights, history and chat */
  JsonObject      *research;
  char            *status;
  char            *error;
  guint            n_flights;
  guint            n_history;
  guint            n_earlier;
  guint            n_checked;
  guint            n_over;
  PdBusy           busy;
};

G_DEFINE_FINAL_TYPE (PdLandingDetail, pd_landing_detail, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- words -------------------------------------------------------------------- */

typedef struct { const char *name, *label; } Label;

/* The translated label of @name in @labels, else @name (or a dash). */
static const char *
label_of (const Label *labels,
          guint        n,
          const char  *name)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (labels[i].name, name) == 0)
      return _(labels[i].label);
  return name != NULL ? name : "—";
}

const char *
pd_landing_status_label (const char *status)
{
  static const Label labels[] = {
    { "submitted",                N_("Submitted") },
    { "approved",                 N_("Approved") },
    { "approved_with_conditions", N_("Approved with conditions") },
    { "denied",                   N_("Denied") },
    { "withdrawn",                N_("Withdrawn") },
  };

  return label_of (labels, G_N_ELEMENTS (labels), status);
}

const char *
pd_landing_choice_label (const char *choice)
{
  static const Label labels[] = {
    { "approve",                 N_("Approve") },
    { "approve_with_conditions", N_("Approve with conditions") },
    { "deny",                    N_("Deny") },
  };

  return label_of (labels, G_N_ELEMENTS (labels), choice);
}

const char *
pd_landing_type_label (const char *type)
{
  static const Label labels[] = {
    { "commercial_passenger", N_("Passenger") },
    { "commercial_cargo",     N_("Cargo") },
    { "private",              N_("Private") },
  };

  return label_of (labels, G_N_ELEMENTS (labels), type);
}

char *
pd_landing_format_time (const char *iso)
{
  g_autoptr(GDateTime) dt = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup (iso != NULL ? iso : "—");
  local = g_date_time_to_local (dt);
  /* Translators: a date and time format for g_date_time_format; keep it short */
  return g_date_time_format (local, _("%a %d %b %H:%M"));
}

/* the status as a CSS class of libadwaita's: approved, with conditions, denied */
static const char *
status_class (const char *status)
{
  if (g_strcmp0 (status, "approved") == 0)
    return "success";
  if (g_strcmp0 (status, "approved_with_conditions") == 0)
    return "warning";
  if (g_strcmp0 (status, "denied") == 0)
    return "error";
  return "dim-label";
}

/* --- small helpers --------------------------------------------------------------- */

static void
set_error (PdLandingDetail *self,
           const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static char *
request_path (const char *ref,
              const char *suffix)
{
  g_autofree char *e = g_uri_escape_string (ref, NULL, FALSE);

  return g_strconcat (REQUESTS "/", e, suffix, NULL);
}

/* A row of a boxed list: @title, @subtitle (both plain text). */
static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *t = g_markup_escape_text (title != NULL ? title : "", -1);
  g_autofree char *s = subtitle != NULL ? g_markup_escape_text (subtitle, -1) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t);
  if (s != NULL && *s != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), s);
  gtk_list_box_append (list, row);
  return row;
}

/* A line of the request's facts: "Bond number   9A7310034". */
static void
add_info (PdLandingDetail *self,
          const char      *title,
          const char      *value)
{
  GtkWidget *k, *v;

  if (value == NULL || *value == '\0')
    return;
  k = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (k), 0);
  gtk_label_set_yalign (GTK_LABEL (k), 0);
  gtk_widget_add_css_class (k, "dim-label");
  v = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (v), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_widget_set_hexpand (v, TRUE);
  gtk_grid_attach (self->info_grid, k, 0, self->n_info, 1, 1);
  gtk_grid_attach (self->info_grid, v, 1, self->n_info, 1, 1);
  self->n_info++;
}

/* --- showing the request ------------------------------------------------------------ */

static gboolean
undecided (PdLandingDetail *self)
{
  return self->json != NULL && g_strcmp0 (self->status, "submitted") == 0;
}

static void
update_actions (PdLandingDetail *self)
{
  gboolean open = undecided (self);
  gboolean decide = open && pd_json_bool (self->json, "can_decide");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "landing.recommend", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "landing.decide", decide);
  gtk_widget_set_visible (self->recommend_button, open);
  gtk_widget_set_visible (self->decide_button, decide);
}

static GtkWidget *
cell (const char *text,
      gboolean    header)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_selectable (GTK_LABEL (l), !header);
  if (header)
    gtk_widget_add_css_class (l, "dim-label");
  gtk_widget_add_css_class (l, header ? "caption-heading" : "numeric");
  return l;
}

static void
show_flights (PdLandingDetail *self,
              JsonArray       *flights)
{
  const char *heads[] = { _("Flight"), _("Route"), _("Departs"), _("Arrives"), _("Passengers"), _("Terminal"),
                          _("Aircraft"), _("Notes") };

  clear_grid (self->flights_grid);
  self->n_flights = 0;
  for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
    gtk_grid_attach (self->flights_grid, cell (heads[c], TRUE), c, 0, 1, 1);
  for (guint i = 0; flights != NULL && i < json_array_get_length (flights); i++)
    {
      JsonObject *f = json_array_get_object_element (flights, i);
      g_autofree char *route = NULL, *etd = NULL, *eta = NULL, *pax = NULL;
      g_autoptr(GString) notes = g_string_new (NULL);
      GtkWidget *last;

      if (f == NULL)
        continue;
      route = g_strdup_printf ("%s → %s", pd_json_str (f, "departure_airport") ?: "?",
                               pd_json_str (f, "arrival_airport") ?: "?");
      etd = pd_landing_format_time (pd_json_str (f, "etd_at"));
      eta = pd_landing_format_time (pd_json_str (f, "eta_at"));
      pax = g_strdup_printf ("%" G_GINT64_FORMAT, pd_json_int (f, "passengers", 0));
      g_string_append (notes, pd_json_bool (f, "scheduled") ? _("scheduled") : _("unscheduled"));
      if (pd_json_bool (f, "precleared"))
        g_string_append (notes, _(", precleared"));
      gtk_grid_attach (self->flights_grid, cell (pd_json_str (f, "flight_number"), FALSE), 0, i + 1, 1, 1);
      gtk_grid_attach (self->flights_grid, cell (route, FALSE), 1, i + 1, 1, 1);
      gtk_grid_attach (self->flights_grid, cell (etd, FALSE), 2, i + 1, 1, 1);
      gtk_grid_attach (self->flights_grid, cell (eta, FALSE), 3, i + 1, 1, 1);
      gtk_grid_attach (self->flights_grid, cell (pax, FALSE), 4, i + 1, 1, 1);
      gtk_grid_attach (self->flights_grid, cell (pd_json_str (f, "terminal"), FALSE), 5, i + 1, 1, 1);
      gtk_grid_attach (self->flights_grid, cell (pd_json_str (f, "equipment"), FALSE), 6, i + 1, 1, 1);
      last = cell (notes->str, FALSE);
      if (pd_json_str (f, "comments") != NULL)
        gtk_widget_set_tooltip_text (last, pd_json_str (f, "comments"));
      gtk_grid_attach (self->flights_grid, last, 7, i + 1, 1, 1);
      self->n_flights++;
    }
}

static void
add_history_row (PdLandingDetail *self,
                 JsonObject      *ev)
{
  const char *action = pd_json_str (ev, "action");
  const char *detail = pd_json_str (ev, "detail");
  g_autofree char *when = pd_landing_format_time (pd_json_str (ev, "at"));
  g_autofree char *sub = NULL;
  const char *title;

  if (g_strcmp0 (action, "recommended") == 0)
    {
      /* Translators: a recommendation in the history, "Recommended: Deny" */
      g_autofree char *t = g_strdup_printf (_("Recommended: %s"), pd_landing_choice_label (detail));

      sub = g_strdup_printf ("%s · %s", when, pd_json_str (ev, "actor") ?: "?");
      add_row (self->history_list, t, sub);
      self->n_history++;
      return;
    }
  if (g_strcmp0 (action, "amended") == 0)
    title = _("Amended by the operator");
  else
    title = pd_landing_status_label (action);
  if (detail != NULL && *detail != '\0')
    sub = g_strdup_printf ("%s · %s\n%s", when, pd_json_str (ev, "actor") ?: "?", detail);
  else
    sub = g_strdup_printf ("%s · %s", when, pd_json_str (ev, "actor") ?: "?");
  add_row (self->history_list, title, sub);
  self->n_history++;
}

static void
show_json (PdLandingDetail *self,
           JsonObject      *obj)
{
  const char *status = pd_json_str (obj, "status");
  JsonArray *history = pd_json_array (obj, "history");
  g_autofree char *summary = NULL, *airline = NULL, *submitted = NULL, *first = NULL;
  const char *rec = pd_json_str (obj, "recommendation");

  g_clear_pointer (&self->json, json_object_unref);
  self->json = json_object_ref (obj);
  if (self->status != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_class (self->status));
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_class (status));

  gtk_label_set_text (self->ref_label, pd_json_str (obj, "ref"));
  gtk_label_set_text (self->status_label, pd_landing_status_label (status));
  submitted = pd_landing_format_time (pd_json_str (obj, "submitted_at"));
  /* Translators: airline (code) · type · port · submitted time */
  summary = g_strdup_printf (_("%s (%s) · %s · %s · submitted %s"), pd_json_str (obj, "airline_name") ?: "?",
                             pd_json_str (obj, "airline_code") ?: "?", pd_landing_type_label (pd_json_str (obj, "type")),
                             pd_json_str (obj, "port") ?: "?", submitted);
  gtk_label_set_text (self->summary_label, summary);

  clear_grid (self->info_grid);
  self->n_info = 0;
  airline = g_strdup_printf ("%s (%s)", pd_json_str (obj, "airline_name") ?: "?",
                             pd_json_str (obj, "airline_code") ?: "?");
  add_info (self, _("Airline"), airline);
  add_info (self, _("Bond number"), pd_json_str (obj, "bond_number"));
  add_info (self, _("Air operator"), pd_json_str (obj, "operator_name"));
  first = pd_landing_format_time (pd_json_str (obj, "first_eta_at"));
  {
    /* Translators: first arrival, number of flights, of passengers */
    g_autofree char *f = g_strdup_printf (_("First arrival %s · flights: %d · passengers: %d"), first,
                                          (int) pd_json_int (obj, "n_flights", 0),
                                          (int) pd_json_int (obj, "passengers", 0));

    add_info (self, _("Flights"), f);
  }
  if (rec != NULL)
    {
      g_autofree char *r = g_strdup_printf ("%s — %s: %s", pd_landing_choice_label (rec),
                                            pd_json_str (obj, "recommended_by") ?: "?",
                                            pd_json_str (obj, "recommendation_reason") ?: "");

      add_info (self, _("Recommendation"), r);
    }
  if (pd_json_str (obj, "decided_at") != NULL)
    {
      g_autofree char *when = pd_landing_format_time (pd_json_str (obj, "decided_at"));
      g_autofree char *d = g_strdup_printf ("%s — %s, %s: %s", pd_landing_status_label (status),
                                            pd_json_str (obj, "decided_by") ?: "?", when,
                                            pd_json_str (obj, "decision_reason") ?: "");

      add_info (self, _("Decision"), d);
    }
  add_info (self, _("Conditions"), pd_json_str (obj, "conditions"));

  show_flights (self, pd_json_array (obj, "flights"));
  pd_list_box_clear (self->history_list);
  self->n_history = 0;
  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (history, i)))
      add_history_row (self, json_array_get_object_element (history, i));

  gtk_stack_set_visible_child_name (self->stack, "detail");
  update_actions (self);
  pd_chat_pane_show_chat (self->chat, pd_json_array (obj, "chat"));
}

static void
show_research (PdLandingDetail *self,
               JsonObject      *r)
{
  JsonObject *counts = pd_json_obj (r, "earlier_decisions");
  JsonArray *earlier = pd_json_array (r, "earlier");
  JsonArray *flights = pd_json_array (r, "flights");
  g_autofree char *summary = NULL;

  g_clear_pointer (&self->research, json_object_unref);
  self->research = json_object_ref (r);
  pd_list_box_clear (self->earlier_list);
  pd_list_box_clear (self->checks_list);
  self->n_earlier = self->n_checked = self->n_over = 0;

  /* Translators: counts of earlier decisions on the airline's or operator's requests */
  summary = g_strdup_printf (_("Earlier requests of this airline or operator: %d approved, %d approved with "
                               "conditions, %d denied."),
                             (int) pd_json_int (counts, "approved", 0),
                             (int) pd_json_int (counts, "approved_with_conditions", 0),
                             (int) pd_json_int (counts, "denied", 0));
  gtk_label_set_text (self->earlier_label, summary);
  for (guint i = 0; earlier != NULL && i < json_array_get_length (earlier); i++)
    {
      JsonObject *e = json_array_get_object_element (earlier, i);
      g_autofree char *title = NULL, *sub = NULL, *submitted = NULL;
      g_autoptr(GString) why = g_string_new (NULL);

      if (e == NULL)
        continue;
      title = g_strdup_printf ("%s · %s", pd_json_str (e, "ref") ?: "?", pd_landing_status_label (pd_json_str (e, "status")));
      submitted = pd_landing_format_time (pd_json_str (e, "submitted_at"));
      if (pd_json_str (e, "decision_reason") != NULL)
        g_string_append_printf (why, "\n%s", pd_json_str (e, "decision_reason"));
      if (pd_json_str (e, "conditions") != NULL)
        /* Translators: the conditions of an earlier approval */
        g_string_append_printf (why, _("\nConditions: %s"), pd_json_str (e, "conditions"));
      /* Translators: port · type · number of flights · submitted time, then the reason */
      sub = g_strdup_printf (_("%s · %s · flights: %d · submitted %s%s"), pd_json_str (e, "port") ?: "?",
                             pd_landing_type_label (pd_json_str (e, "type")), (int) pd_json_int (e, "n_flights", 0),
                             submitted, why->str);
      add_row (self->earlier_list, title, sub);
      self->n_earlier++;
    }

  for (guint i = 0; flights != NULL && i < json_array_get_length (flights); i++)
    {
      JsonObject *f = json_array_get_object_element (flights, i);
      JsonArray *conflicts = f != NULL ? pd_json_array (f, "conflicts") : NULL;
      JsonArray *duplicates = f != NULL ? pd_json_array (f, "duplicates") : NULL;
      guint n_conflicts = conflicts != NULL ? json_array_get_length (conflicts) : 0;
      guint n_duplicates = duplicates != NULL ? json_array_get_length (duplicates) : 0;
      gboolean over;
      g_autofree char *eta = NULL, *title = NULL;
      g_autoptr(GString) sub = g_string_new (NULL);
      GtkWidget *row;

      if (f == NULL)
        continue;
      over = pd_json_bool (f, "over_capacity");
      eta = pd_landing_format_time (pd_json_str (f, "eta_at"));
      /* Translators: flight · terminal · arrival time */
      title = g_strdup_printf (_("%s · %s · arrives %s"), pd_json_str (f, "flight_number") ?: "?",
                               pd_json_str (f, "terminal") ?: "?", eta);
      /* Translators: approved arrivals at the terminal in the hour of the flight's arrival, of its capacity */
      g_string_append_printf (sub, _("Terminal load %d of %d in that hour"),
                              (int) pd_json_int (f, "terminal_load", 0), (int) pd_json_int (f, "terminal_capacity", 0));
      if (over)
        g_string_append (sub, _(" · over capacity"));
      for (guint k = 0; k < n_conflicts; k++)
        {
          JsonObject *c = json_array_get_object_element (conflicts, k);
          g_autofree char *at = pd_landing_format_time (pd_json_str (c, "eta_at"));

          /* Translators: an approved flight arriving at the same terminal within 30 minutes */
          g_string_append_printf (sub, _("\nConflict: %s (%s) arrives %s"), pd_json_str (c, "flight_number") ?: "?",
                                  pd_json_str (c, "ref") ?: "?", at);
        }
      for (guint k = 0; k < n_duplicates; k++)
        {
          JsonObject *d = json_array_get_object_element (duplicates, k);

          /* Translators: the same flight number already approved that day */
          g_string_append_printf (sub, _("\nDuplicate: %s already approved that day (%s)"),
                                  pd_json_str (d, "flight_number") ?: "?", pd_json_str (d, "ref") ?: "?");
        }
      if (n_conflicts == 0 && n_duplicates == 0)
        g_string_append (sub, _("\nNo conflicts or duplicates"));
      row = add_row (self->checks_list, title, sub->str);
      if (over || n_conflicts > 0 || n_duplicates > 0)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, over ? "error" : "warning");
          gtk_widget_set_tooltip_text (icon, over ? _("Over the terminal's capacity") : _("Check the conflicts"));
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          gtk_widget_add_css_class (row, over ? "pd-over-capacity" : "pd-conflict");
        }
      self->n_checked++;
      self->n_over += over;
    }
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PdPaneCall) c = user_data;
  PdLandingDetail *self = PD_LANDING_DETAIL (c->owner);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (!pd_pane_call_current (c) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_error (self, error ? error->message : _("The service answered without the request."));
      return;
    }
  show_json (self, json_node_get_object (node));
}

static void
research_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdPaneCall) c = user_data;
  PdLandingDetail *self = PD_LANDING_DETAIL (c->owner);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (!pd_pane_call_current (c) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      gtk_label_set_text (self->earlier_label, error ? error->message : "");
      return;
    }
  show_research (self, json_node_get_object (node));
}

void
pd_landing_detail_reload (PdLandingDetail *self)
{
  g_autofree char *path = NULL, *research = NULL;

  g_return_if_fail (PD_IS_LANDING_DETAIL (self));

  if (self->ref == NULL)
    return;
  path = request_path (self->ref, NULL);
  research = request_path (self->ref, "/research");
  pd_service_client_call_async (self->client, "GET", path, NULL, self->cancellable, loaded_cb,
                                pd_pane_call_new (G_OBJECT (self), &self->busy, &self->ref));
  pd_service_client_call_async (self->client, "GET", research, NULL, self->cancellable, research_cb,
                                pd_pane_call_new (G_OBJECT (self), &self->busy, &self->ref));
}

void
pd_landing_detail_show_ref (PdLandingDetail *self,
                            const char      *ref)
{
  g_return_if_fail (PD_IS_LANDING_DETAIL (self));

  if (!pd_pane_show_ref (&self->ref, &self->cancellable, ref))
    return;
  g_clear_pointer (&self->json, json_object_unref);
  g_clear_pointer (&self->research, json_object_unref);
  if (self->status != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_class (self->status));
  g_clear_pointer (&self->status, g_free);
  set_error (self, NULL);
  pd_chat_pane_set_request (self->chat, REQUESTS, ref);
  clear_grid (self->info_grid);
  self->n_info = 0;
  pd_list_box_clear (self->history_list);
  pd_list_box_clear (self->earlier_list);
  pd_list_box_clear (self->checks_list);
  clear_grid (self->flights_grid);
  gtk_label_set_text (self->earlier_label, "");
  self->n_flights = self->n_history = self->n_earlier = self->n_checked = self->n_over = 0;
  update_actions (self);
  if (ref == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_label_set_text (self->ref_label, ref);
  gtk_label_set_text (self->status_label, "");
  gtk_label_set_text (self->summary_label, "");
  gtk_stack_set_visible_child_name (self->stack, "detail");
  pd_landing_detail_reload (self);
}

/* --- recommending, deciding ------------------------------------------------------------ */

static void
answered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdPaneCall) c = user_data;
  PdLandingDetail *self = PD_LANDING_DETAIL (c->owner);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      if (pd_pane_call_current (c))
        set_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, c->ref);
  if (pd_pane_call_current (c))
    {
      set_error (self, NULL);
      pd_landing_detail_reload (self);
    }
}

static void
post (PdLandingDetail *self,
      const char      *what,
      const char      *choice_member,
      const char      *choice,
      const char      *reason,
      const char      *conditions)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (self->ref == NULL)
    return;
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, choice_member, choice);
  pd_json_builder_add_string (b, "reason", reason != NULL ? reason : "");
  if (conditions != NULL)
    pd_json_builder_add_string (b, "conditions", conditions);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  path = request_path (self->ref, what);
  pd_service_client_call_async (self->client, "POST", path, body, self->cancellable, answered_cb,
                                pd_pane_call_new (G_OBJECT (self), &self->busy, &self->ref));
}

void
pd_landing_detail_recommend (PdLandingDetail *self,
                             const char      *recommendation,
                             const char      *reason)
{
  g_return_if_fail (PD_IS_LANDING_DETAIL (self));
  g_return_if_fail (recommendation != NULL);
  post (self, "/recommend", "recommendation", recommendation, reason, NULL);
}

void
pd_landing_detail_decide (PdLandingDetail *self,
                          const char      *decision,
                          const char      *reason,
                          const char      *conditions)
{
  g_return_if_fail (PD_IS_LANDING_DETAIL (self));
  g_return_if_fail (decision != NULL);
  post (self, "/decide", "decision", decision, reason, conditions);
}

static void
dialog_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdLandingDetail) self = user_data;
  PdLandingDialog *dialog = PD_LANDING_DIALOG (source);
  g_autoptr(PdLandingAnswer) a = pd_landing_dialog_run_finish (dialog, result, NULL);

  /* cancelled, or another request is open now */
  if (a == NULL || g_strcmp0 (a->ref, self->ref) != 0)
    return;
  if (pd_landing_dialog_get_ask (dialog) == PD_LANDING_ASK_DECIDE)
    pd_landing_detail_decide (self, a->choice, a->reason, a->conditions);
  else
    pd_landing_detail_recommend (self, a->choice, a->reason);
}

static void
ask_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PdLandingDetail *self = PD_LANDING_DETAIL (widget);
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));
  PdLandingAsk ask = g_str_equal (action_name, "landing.decide") ? PD_LANDING_ASK_DECIDE : PD_LANDING_ASK_RECOMMEND;
  PdLandingDialog *dialog;

  if (self->ref == NULL)
    return;
  dialog = pd_landing_dialog_new (parent, ask, self->ref);
  pd_landing_dialog_run_async (dialog, NULL, dialog_done, g_object_ref (self));
}

/* --- live events ------------------------------------------------------------------------ */

static void
event_cb (PdLandingDetail *self,
          const char      *type,
          const char      *port,
          JsonNode        *payload,
          PdServiceClient *client)
{
  JsonObject *p = payload != NULL && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;

  if (p != NULL && self->ref != NULL && g_strcmp0 (pd_json_str (p, "ref"), self->ref) == 0)
    pd_landing_detail_reload (self);
}

/* --- building ------------------------------------------------------------------------- */

static GtkWidget *
heading (const char *text)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_set_margin_top (l, 6);
  gtk_widget_add_css_class (l, "heading");
  return l;
}

static GtkListBox *
boxed_list (GtkWidget  *box,
            const char *empty)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  if (empty != NULL)
    {
      GtkWidget *l = gtk_label_new (empty);

      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_widget_set_margin_top (l, 12);
      gtk_widget_set_margin_bottom (l, 12);
      gtk_widget_add_css_class (l, "dim-label");
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list), l);
    }
  gtk_box_append (GTK_BOX (box), list);
  return GTK_LIST_BOX (list);
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *style)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  gtk_widget_add_css_class (b, style);
  return b;
}

static void
build (PdLandingDetail *self)
{
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *flights_scroll = gtk_scrolled_window_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "airplane-mode-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Request Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Pick a request in the list with the arrow keys: its flights, research, "
                                     "history and chat show here."));
  gtk_widget_add_css_class (empty, "compact");

  /* the head: ref, status, what it is, the actions */
  gtk_widget_set_margin_start (head, 12);
  gtk_widget_set_margin_end (head, 12);
  gtk_widget_set_margin_top (head, 12);
  gtk_widget_set_margin_bottom (head, 12);
  self->ref_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->ref_label, 0);
  gtk_label_set_ellipsize (self->ref_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->ref_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->ref_label), "title-3");
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "heading");
  gtk_box_append (GTK_BOX (title), GTK_WIDGET (self->ref_label));
  gtk_box_append (GTK_BOX (title), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (title), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (head), title);
  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_label_set_wrap (self->summary_label, TRUE);
  gtk_label_set_wrap_mode (self->summary_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");
  gtk_box_append (GTK_BOX (head), GTK_WIDGET (self->summary_label));
  self->recommend_button = action_button (_("Re_commend…"), "landing.recommend", "suggested-action");
  self->decide_button = action_button (_("_Decide…"), "landing.decide", "suggested-action");
  gtk_box_append (GTK_BOX (actions), self->recommend_button);
  gtk_box_append (GTK_BOX (actions), self->decide_button);
  gtk_box_append (GTK_BOX (head), actions);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_box_append (GTK_BOX (head), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (left), head);
  gtk_box_append (GTK_BOX (left), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  /* the body: the request, its flights, the research, the history */
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 12);
  self->info_grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->info_grid, 18);
  gtk_grid_set_row_spacing (self->info_grid, 4);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->info_grid));
  gtk_box_append (GTK_BOX (body), heading (_("Flights")));
  self->flights_grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->flights_grid, 18);
  gtk_grid_set_row_spacing (self->flights_grid, 4);
  gtk_widget_add_css_class (GTK_WIDGET (self->flights_grid), "card");
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->flights_grid), 2);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (flights_scroll), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (flights_scroll), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (flights_scroll), GTK_WIDGET (self->flights_grid));
  gtk_box_append (GTK_BOX (body), flights_scroll);
  gtk_box_append (GTK_BOX (body), heading (_("Research")));
  self->checks_list = boxed_list (body, _("No flights to check."));
  self->earlier_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->earlier_label, 0);
  gtk_label_set_wrap (self->earlier_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->earlier_label), "dim-label");
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->earlier_label));
  self->earlier_list = boxed_list (body, _("No earlier requests from this airline or operator."));
  gtk_box_append (GTK_BOX (body), heading (_("History")));
  self->history_list = boxed_list (body, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), body);
  gtk_box_append (GTK_BOX (left), scroll);

  self->chat = PD_CHAT_PANE (pd_chat_pane_new ());
  g_object_set (self->chat,
                "title", _("Chat with the Air Operator"),
                "placeholder-text", _("Message to the air operator"),
                "empty-text", _("No messages yet. Write to the air operator below; their answers appear here as "
                                "they arrive."),
                NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self->chat), 220, -1);
  gtk_widget_set_size_request (left, 280, -1);
  gtk_paned_set_start_child (GTK_PANED (paned), left);
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (self->chat));
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, paned, "detail");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

/* --- object ------------------------------------------------------------------------- */

static void
chat_answered_cb (PdLandingDetail *self,
                  const char      *error)
{
  set_error (self, error);
}

static void
chat_busy_cb (PdLandingDetail *self)
{
  pd_busy_set (&self->busy, G_OBJECT (self), pd_chat_pane_get_busy (self->chat));
}

static void
pd_landing_detail_dispose (GObject *object)
{
  PdLandingDetail *self = PD_LANDING_DETAIL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_landing_detail_parent_class)->dispose (object);
}

static void
pd_landing_detail_finalize (GObject *object)
{
  PdLandingDetail *self = PD_LANDING_DETAIL (object);

  g_clear_pointer (&self->json, json_object_unref);
  g_clear_pointer (&self->research, json_object_unref);
  g_free (self->ref);
  g_free (self->status);
  g_free (self->error);
  G_OBJECT_CLASS (pd_landing_detail_parent_class)->finalize (object);
}

static void
pd_landing_detail_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdLandingDetail *self = PD_LANDING_DETAIL (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, pd_busy_get (&self->busy));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_landing_detail_class_init (PdLandingDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_landing_detail_dispose;
  object_class->finalize = pd_landing_detail_finalize;
  object_class->get_property = pd_landing_detail_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::changed (const char *ref): the service took a recommendation or a decision */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "landing.recommend", NULL, ask_action);
  gtk_widget_class_install_action (widget_class, "landing.decide", NULL, ask_action);
}

static void
pd_landing_detail_init (PdLandingDetail *self)
{
  self->cancellable = g_cancellable_new ();
  build (self);
  self->busy = (PdBusy) { .spinner = self->spinner, .pspec = properties[PROP_BUSY] };
  g_signal_connect_object (self->chat, "answered", G_CALLBACK (chat_answered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chat, "notify::busy", G_CALLBACK (chat_busy_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

GtkWidget *
pd_landing_detail_new (PdServiceClient *client)
{
  PdLandingDetail *self;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);

  self = g_object_new (PD_TYPE_LANDING_DETAIL, NULL);
  self->client = g_object_ref (client);
  g_signal_connect_object (client, "event::" PD_EVENT_LANDING_REQUEST, G_CALLBACK (event_cb), self,
                           G_CONNECT_SWAPPED);
  pd_chat_pane_set_client (self->chat, client, PD_EVENT_LANDING_CHAT);
  return GTK_WIDGET (self);
}

const char *
pd_landing_detail_get_ref (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), NULL);
  return self->ref;
}

PdChatPane *
pd_landing_detail_get_chat (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), NULL);
  return self->chat;
}

gboolean
pd_landing_detail_get_busy (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), FALSE);
  return pd_busy_get (&self->busy);
}

const char *
pd_landing_detail_get_status (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), NULL);
  return self->status;
}

const char *
pd_landing_detail_get_error (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), NULL);
  return self->error;
}

gboolean
pd_landing_detail_get_can_decide (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), FALSE);
  return self->json != NULL && pd_json_bool (self->json, "can_decide");
}

guint
pd_landing_detail_get_n_flights (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), 0);
  return self->n_flights;
}

guint
pd_landing_detail_get_n_history (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), 0);
  return self->n_history;
}

gboolean
pd_landing_detail_get_research_loaded (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), FALSE);
  return self->research != NULL;
}

guint
pd_landing_detail_get_n_earlier (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), 0);
  return self->n_earlier;
}

guint
pd_landing_detail_get_n_checked (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), 0);
  return self->n_checked;
}

guint
pd_landing_detail_get_n_over_capacity (PdLandingDetail *self)
{
  g_return_val_if_fail (PD_IS_LANDING_DETAIL (self), 0);
  return self->n_over;
}
