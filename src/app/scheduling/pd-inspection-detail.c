/* pd-inspection-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-inspection-detail"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-chat-pane.h"
#include "pd-json.h"
#include "pd-move-dialog.h"
#include "pd-events.h"
#include "pd-inspection-detail.h"
#include "pd-inspection-object.h"
#include "pd-pane-call.h"


struct _PdInspectionDetail
{
  AdwBin           parent_instance;

  /* template */
  GtkStack        *stack;
  GtkLabel        *ref_label;
  GtkSpinner      *spinner;
  GtkLabel        *status_label;
  GtkLabel        *summary_label;
  GtkLabel        *alert_label;
  GtkLabel        *error_label;
  GtkWidget       *actions_box;
  GtkWidget       *accept_button;
  GtkWidget       *schedule_button;
  GtkWidget       *arrive_button;
  GtkWidget       *start_button;
  GtkWidget       *complete_button;
  GtkWidget       *reschedule_button;
  GtkWidget       *no_show_button;
  GtkWidget       *reject_button;
  GtkWidget       *assign_button;
  GtkListBox      *info_list;
  GtkListBox      *history_list;
  PdChatPane      *chat_pane;

  PdServiceClient *client;
  GCancellable    *cancellable;   /* per shown ref */
  char            *ref;
  JsonObject      *json;          /* the shown inspection, with history and chat */
  char            *status;
  char            *error;
  guint            n_history;
  PdBusy           busy;
};

G_DEFINE_FINAL_TYPE (PdInspectionDetail, pd_inspection_detail, ADW_TYPE_BIN)

enum {
  SIGNAL_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- small helpers ------------------------------------------------------ */

static void
set_error (PdInspectionDetail *self,
           const char         *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
join_nonempty (const char *sep,
               ...)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *part;
  va_list ap;

  va_start (ap, sep);
  while ((part = va_arg (ap, const char *)) != (const char *) -1)
    {
      if (part == NULL || *part == '\0')
        continue;
      if (s->len > 0)
        g_string_append (s, sep);
      g_string_append (s, part);
    }
  va_end (ap);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
escaped_path (const char *ref,
              const char *suffix)
{
  g_autofree char *e = g_uri_escape_string (ref, NULL, FALSE);

  return g_strdup_printf ("/v1/inspections/%s%s", e, suffix ? suffix : "");
}

static JsonNode *
build_body (const char *first,
            ...)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *name;
  va_list ap;

  json_builder_begin_object (b);
  va_start (ap, first);
  for (name = first; name != NULL; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      if (value == NULL || *value == '\0')
        continue;
      json_builder_set_member_name (b, name);
      json_builder_add_string_value (b, value);
    }
  va_end (ap);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* --- rows ------------------------------------------------------------------- */

static void
add_info (PdInspectionDetail *self,
          const char         *title,
          const char         *value)
{
  GtkWidget *row;
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = g_markup_escape_text (value, -1);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_add_css_class (row, "pd-info");
  gtk_list_box_append (self->info_list, row);
}

static void
add_history_row (PdInspectionDetail *self,
                 JsonObject         *ev)
{
  GtkWidget *row = adw_action_row_new ();
  const char *from = pd_json_str (ev, "from");
  const char *to = pd_json_str (ev, "to");
  const char *code = pd_json_str (ev, "reason_code");
  const char *reason = pd_json_str (ev, "reason");
  g_autofree char *when = pd_inspection_format_time (pd_json_str (ev, "at"), TRUE);
  g_autofree char *title = NULL;
  g_autoptr(GString) sub = g_string_new (NULL);
  g_autofree char *sub_escaped = NULL;
  g_autofree char *title_escaped = NULL;

  if (g_strcmp0 (code, "amended") == 0)
    title = g_strdup (_("Amended by the requester"));
  else if (from != NULL)
    /* Translators: a status change, "Submitted → Accepted" */
    title = g_strdup_printf (_("%s → %s"), pd_inspection_status_label (from), pd_inspection_status_label (to));
  else
    title = g_strdup (pd_inspection_status_label (to));
  g_string_append_printf (sub, "%s · %s", when, pd_json_str (ev, "actor") ?: "?");
  if (pd_json_str (ev, "actor_role") != NULL)
    g_string_append_printf (sub, " (%s)", pd_json_str (ev, "actor_role"));
  if (code != NULL)
    g_string_append_printf (sub, "\n%s", pd_inspection_reason_label (code));
  if (reason != NULL && *reason)
    g_string_append_printf (sub, code ? ": %s" : "\n%s", reason);
  title_escaped = g_markup_escape_text (title, -1);
  sub_escaped = g_markup_escape_text (sub->str, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub_escaped);
  gtk_list_box_append (self->history_list, row);
  self->n_history++;
}

/* --- showing the inspection ---------------------------------------------------- */

/* Whether the service offers moving the request to @status now (the
 * detail's "moves": the workflow's rules live in the service only). */
static gboolean
may_move (PdInspectionDetail *self,
          const char         *status)
{
  JsonArray *moves = self->json != NULL ? pd_json_array (self->json, "moves") : NULL;

  for (guint i = 0; moves != NULL && i < json_array_get_length (moves); i++)
    if (g_strcmp0 (json_array_get_string_element (moves, i), status) == 0)
      return TRUE;
  return FALSE;
}

static void
update_actions (PdInspectionDetail *self)
{
  gboolean have = self->json != NULL;
  const struct { const char *action; GtkWidget *button; gboolean on; } moves[] = {
    { "insp.accept",     self->accept_button,     may_move (self, "accepted") },
    { "insp.schedule",   self->schedule_button,   may_move (self, "scheduled") },
    { "insp.reject",     self->reject_button,     may_move (self, "rejected") },
    { "insp.reschedule", self->reschedule_button, may_move (self, "rescheduled") },
    { "insp.arrive",     self->arrive_button,     may_move (self, "arrived") },
    { "insp.no-show",    self->no_show_button,    may_move (self, "no_show") },
    { "insp.start",      self->start_button,      may_move (self, "in_progress") },
    { "insp.complete",   self->complete_button,   may_move (self, "completed") },
    { "insp.assign",     self->assign_button,     have && pd_json_bool (self->json, "can_assign") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), moves[i].action, moves[i].on);
      gtk_widget_set_visible (moves[i].button, moves[i].on);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insp.send", have);
}

static void
show_json (PdInspectionDetail *self,
           JsonObject         *obj)
{
  JsonObject *requester = pd_json_obj (obj, "requester");
  JsonObject *vessel = pd_json_obj (obj, "vessel");
  JsonObject *window = pd_json_obj (obj, "window");
  JsonObject *slot = pd_json_obj (obj, "slot");
  JsonObject *sla = pd_json_obj (obj, "sla");
  JsonArray *commodities = pd_json_array (obj, "commodities");
  JsonArray *history = pd_json_array (obj, "history");
  JsonArray *chat = pd_json_array (obj, "chat");
  const char *status = pd_json_str (obj, "status");
  gboolean late = pd_json_bool (sla, "late");
  gboolean perishable = pd_json_bool (obj, "perishable");
  g_autofree char *submitted = pd_inspection_format_time (pd_json_str (obj, "submitted_at"), TRUE);
  g_autofree char *summary = NULL;
  g_autofree char *old_status_class = NULL;

  g_clear_pointer (&self->json, json_object_unref);
  self->json = json_object_ref (obj);
  if (self->status != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status);
  g_free (self->status);
  self->status = g_strdup (status);
  if (status != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status);

  gtk_label_set_text (self->ref_label, pd_json_str (obj, "ref"));
  gtk_label_set_text (self->status_label, pd_inspection_status_label (status));
  /* Translators: kind · port · submitted time */
  summary = g_strdup_printf (_("%s · %s · submitted %s%s"), pd_inspection_kind_label (pd_json_str (obj, "kind")),
                             pd_json_str (obj, "port") ?: "?", submitted, perishable ? _(" · perishable") : "");
  gtk_label_set_text (self->summary_label, summary);

  if (late)
    {
      g_autofree char *alert = NULL;
      gint64 dt = pd_json_int (sla, "decision_target_minutes", -1), dm = pd_json_int (sla, "decision_minutes", -1);
      gint64 it = pd_json_int (sla, "inspection_target_minutes", -1), im = pd_json_int (sla, "inspection_minutes", -1);

      if (im >= 0 && it >= 0 && im > it)
        alert = g_strdup_printf (_("Inspection late: %d min since arrival, target %d min"), (int) im, (int) it);
      else if (dm >= 0 && dt >= 0)
        alert = g_strdup_printf (_("Decision late: %d min since submission, target %d min"), (int) dm, (int) dt);
      else
        alert = g_strdup (_("Past its SLA target"));
      if (perishable)
        {
          g_autofree char *a = g_strdup_printf (_("Perishable goods. %s"), alert);

          g_free (alert);
          alert = g_steal_pointer (&a);
        }
      gtk_label_set_text (self->alert_label, alert);
      gtk_widget_set_visible (GTK_WIDGET (self->alert_label), TRUE);
      if (perishable)
        gtk_widget_add_css_class (GTK_WIDGET (self->alert_label), "pd-alert-perishable");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->alert_label), "pd-alert-perishable");
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->alert_label), FALSE);

  pd_list_box_clear (self->info_list);
  if (requester != NULL)
    {
      g_autofree char *who = join_nonempty (" · ", pd_json_str (requester, "company"), pd_json_str (requester, "kind"),
                                            (const char *) -1);
      g_autofree char *reach = join_nonempty (" · ", pd_json_str (requester, "contact_email"),
                                              pd_json_str (requester, "contact_phone"), (const char *) -1);
      g_autofree char *contact = join_nonempty ("\n", pd_json_str (requester, "contact_name"), reach,
                                                (const char *) -1);

      add_info (self, _("Requester"), who);
      add_info (self, _("Contact"), contact);
      add_info (self, _("Importer ID"), pd_json_str (requester, "importer_id"));
    }
  if (vessel != NULL)
    {
      g_autofree char *v = g_strdup_printf (_("%s · IMO %s · voyage %s · berth %s"),
                                            pd_json_str (vessel, "name") ?: "?", pd_json_str (vessel, "imo") ?: "—",
                                            pd_json_str (vessel, "voyage") ?: "—", pd_json_str (vessel, "berth") ?: "—");

      add_info (self, _("Vessel"), v);
    }
  if (commodities != NULL)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (commodities); i++)
        {
          JsonNode *n = json_array_get_element (commodities, i);
          JsonObject *c = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
          double q = c && json_object_has_member (c, "quantity") ?
                     json_node_get_double (json_object_get_member (c, "quantity")) : 0;

          if (c == NULL)
            continue;
          if (s->len > 0)
            g_string_append_c (s, '\n');
          /* description — quantity unit, category, origin */
          g_string_append_printf (s, "%s — %g %s, %s, %s", pd_json_str (c, "description") ?: "?", q,
                                  pd_json_str (c, "unit") ?: "", pd_json_str (c, "category") ?: "?",
                                  pd_json_str (c, "origin") ?: "?");
        }
      add_info (self, _("Commodities"), s->str);
    }
  if (window != NULL)
    {
      g_autofree char *a = pd_inspection_format_time (pd_json_str (window, "start"), TRUE);
      g_autofree char *b = pd_inspection_format_time (pd_json_str (window, "end"), TRUE);
      g_autofree char *w = g_strdup_printf ("%s – %s", a, b);

      add_info (self, _("Requested window"), w);
    }
  if (slot != NULL)
    {
      g_autofree char *a = pd_inspection_format_time (pd_json_str (slot, "start"), TRUE);
      g_autofree char *b = pd_inspection_format_time (pd_json_str (slot, "end"), FALSE);
      g_autofree char *w = g_strdup_printf ("%s – %s", a, b);

      add_info (self, _("Slot"), w);
    }
  add_info (self, _("Inspector"), pd_json_str (obj, "inspector"));
  if (sla != NULL)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      gint64 dt = pd_json_int (sla, "decision_target_minutes", -1), dm = pd_json_int (sla, "decision_minutes", -1);
      gint64 it = pd_json_int (sla, "inspection_target_minutes", -1), im = pd_json_int (sla, "inspection_minutes", -1);

      if (dt >= 0)
        g_string_append_printf (s, _("Decision %d of %d min"), (int) MAX (dm, 0), (int) dt);
      if (it >= 0 && im >= 0)
        g_string_append_printf (s, _(" · inspection %d of %d min"), (int) im, (int) it);
      if (late)
        g_string_append (s, _(" · late"));
      add_info (self, _("Service level"), s->str);
    }
  if (pd_json_str (obj, "reason_code") != NULL)
    add_info (self, _("Reason"), pd_inspection_reason_label (pd_json_str (obj, "reason_code")));
  add_info (self, _("Notes"), pd_json_str (obj, "notes"));

  if (history != NULL)
    {
      pd_list_box_clear (self->history_list);
      self->n_history = 0;
      for (guint i = 0; i < json_array_get_length (history); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (history, i)))
          add_history_row (self, json_array_get_object_element (history, i));
    }

  gtk_stack_set_visible_child_name (self->stack, "detail");
  update_actions (self);
  /* after the stack shows it: what is on screen is read */
  pd_chat_pane_show_chat (self->chat_pane, chat);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PdPaneCall) c = user_data;
  PdInspectionDetail *self = PD_INSPECTION_DETAIL (c->owner);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (!pd_pane_call_current (c) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_error (self, error ? error->message : _("The service answered without the request."));
      return;
    }
  set_error (self, NULL);
  show_json (self, json_node_get_object (node));
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0, json_node_get_object (node));
}

void
pd_inspection_detail_reload (PdInspectionDetail *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_INSPECTION_DETAIL (self));

  if (self->ref == NULL || self->client == NULL)
    return;
  path = escaped_path (self->ref, NULL);
  pd_service_client_call_async (self->client, "GET", path, NULL, self->cancellable, loaded_cb,
                                pd_pane_call_new (G_OBJECT (self), &self->busy, &self->ref));
}

void
pd_inspection_detail_show_ref (PdInspectionDetail *self,
                               const char         *ref)
{
  g_return_if_fail (PD_IS_INSPECTION_DETAIL (self));

  if (g_strcmp0 (ref, self->ref) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->ref);
  self->ref = g_strdup (ref);
  g_clear_pointer (&self->json, json_object_unref);
  g_clear_pointer (&self->status, g_free);
  set_error (self, NULL);
  pd_chat_pane_set_request (self->chat_pane, "/v1/inspections", ref);
  pd_list_box_clear (self->history_list);
  pd_list_box_clear (self->info_list);
  self->n_history = 0;
  update_actions (self);
  if (ref == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_label_set_text (self->ref_label, ref);
  gtk_label_set_text (self->status_label, "");
  gtk_label_set_text (self->summary_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->alert_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "detail");
  pd_inspection_detail_reload (self);
}

/* --- moves ----------------------------------------------------------------- */

static void
transition_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PdPaneCall) c = user_data;
  PdInspectionDetail *self = PD_INSPECTION_DETAIL (c->owner);
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
  if (JSON_NODE_HOLDS_OBJECT (node))
    g_signal_emit (self, signals[SIGNAL_UPDATED], 0, json_node_get_object (node));
  if (pd_pane_call_current (c))
    {
      set_error (self, NULL);
      pd_inspection_detail_reload (self);
    }
}

void
pd_inspection_detail_transition (PdInspectionDetail *self,
                                 const char         *to,
                                 const char         *reason_code,
                                 const char         *reason,
                                 const char         *slot_start,
                                 const char         *inspector)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_INSPECTION_DETAIL (self));
  g_return_if_fail (to != NULL);

  if (self->ref == NULL || self->client == NULL)
    return;
  body = build_body ("to", to, "reason_code", reason_code, "reason", reason, "slot_start", slot_start,
                     "inspector", inspector, NULL);
  path = escaped_path (self->ref, "/transition");
  pd_service_client_call_async (self->client, "POST", path, body, self->cancellable, transition_cb,
                                pd_pane_call_new (G_OBJECT (self), &self->busy, &self->ref));
}

static void
assign (PdInspectionDetail *self,
        const char         *inspector)
{
  g_autoptr(JsonNode) body = build_body ("inspector", inspector, NULL);
  g_autofree char *path = escaped_path (self->ref, "/assign");

  pd_service_client_call_async (self->client, "POST", path, body, self->cancellable, transition_cb,
                                pd_pane_call_new (G_OBJECT (self), &self->busy, &self->ref));
}

/* What the service said to the last message sent. */
static void
chat_answered_cb (PdInspectionDetail *self,
                  const char         *error)
{
  set_error (self, error);
}

static void
chat_busy_cb (PdInspectionDetail *self)
{
  pd_busy_set (&self->busy, G_OBJECT (self), pd_chat_pane_get_busy (self->chat_pane));
}

void
pd_inspection_detail_send_message (PdInspectionDetail *self,
                                   const char         *text)
{
  g_return_if_fail (PD_IS_INSPECTION_DETAIL (self));
  pd_chat_pane_send (self->chat_pane, text);
}

void
pd_inspection_detail_focus_chat (PdInspectionDetail *self)
{
  g_return_if_fail (PD_IS_INSPECTION_DETAIL (self));
  pd_chat_pane_focus (self->chat_pane);
}

/* --- dialogs ----------------------------------------------------------------- */

char *
pd_inspection_detail_dup_first_slot (PdInspectionDetail *self)
{
  g_autoptr(GPtrArray) isos = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) labels = NULL;

  g_return_val_if_fail (PD_IS_INSPECTION_DETAIL (self), NULL);

  if (self->json == NULL)
    return NULL;
  labels = pd_move_dialog_slot_labels (self->json, isos);
  return isos->len > 0 ? g_strdup (g_ptr_array_index (isos, 0)) : NULL;
}

static void
move_dialog_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdInspectionDetail) self = user_data;
  g_autoptr(PdMoveChoice) c = pd_move_dialog_run_finish (PD_MOVE_DIALOG (source), result, NULL);

  /* cancelled, or another request is open now */
  if (c == NULL || g_strcmp0 (c->ref, self->ref) != 0)
    return;
  if (c->to == NULL)
    {
      if (c->inspector != NULL)
        assign (self, c->inspector);
      return;
    }
  pd_inspection_detail_transition (self, c->to, c->reason_code, c->reason, c->slot_start, c->inspector);
}

static void
ask (PdInspectionDetail *self,
     PdMoveKind          kind)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  PdMoveDialog *dialog = pd_move_dialog_new (parent, kind, self->json);

  pd_move_dialog_run_async (dialog, NULL, move_dialog_done, g_object_ref (self));
}

/* --- actions ----------------------------------------------------------------- */

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PdInspectionDetail *self = PD_INSPECTION_DETAIL (widget);
  const char *name = action_name + strlen ("insp.");

  if (self->json == NULL)
    return;
  if (g_str_equal (name, "accept"))
    pd_inspection_detail_transition (self, "accepted", NULL, NULL, NULL, NULL);
  else if (g_str_equal (name, "arrive"))
    pd_inspection_detail_transition (self, "arrived", NULL, NULL, NULL, NULL);
  else if (g_str_equal (name, "start"))
    pd_inspection_detail_transition (self, "in_progress", NULL, NULL, NULL, NULL);
  else if (g_str_equal (name, "complete"))
    pd_inspection_detail_transition (self, "completed", NULL, NULL, NULL, NULL);
  else if (g_str_equal (name, "no-show"))
    pd_inspection_detail_transition (self, "no_show", NULL, NULL, NULL, NULL);
  else if (g_str_equal (name, "schedule"))
    ask (self, PD_MOVE_SCHEDULE);
  else if (g_str_equal (name, "reschedule"))
    ask (self, PD_MOVE_RESCHEDULE);
  else if (g_str_equal (name, "reject"))
    ask (self, PD_MOVE_REJECT);
  else if (g_str_equal (name, "assign"))
    ask (self, PD_MOVE_ASSIGN);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (PD_INSPECTION_DETAIL (widget)->chat_pane), "chat.send", NULL);
}

/* --- live events ---------------------------------------------------------------- */

static void
event_cb (PdInspectionDetail *self,
          const char         *type,
          const char         *port,
          JsonNode           *payload,
          PdServiceClient    *client)
{
  JsonObject *p = payload && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;

  if (p == NULL || self->ref == NULL || g_strcmp0 (pd_json_str (p, "ref"), self->ref) != 0)
    return;
  /* the chat pane takes its own messages */
  if (g_str_equal (type, PD_EVENT_INSPECTION_CHAT))
    return;
  if (g_str_has_prefix (type, PD_EVENT_INSPECTION_PREFIX))
    pd_inspection_detail_reload (self);
}

/* --- object ------------------------------------------------------------- */

static void
pd_inspection_detail_dispose (GObject *object)
{
  PdInspectionDetail *self = PD_INSPECTION_DETAIL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  /* the stack is the bin's child and a template child: let the bin drop it first */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_INSPECTION_DETAIL);
  G_OBJECT_CLASS (pd_inspection_detail_parent_class)->dispose (object);
}

static void
pd_inspection_detail_finalize (GObject *object)
{
  PdInspectionDetail *self = PD_INSPECTION_DETAIL (object);

  g_clear_pointer (&self->json, json_object_unref);
  g_free (self->ref);
  g_free (self->status);
  g_free (self->error);
  G_OBJECT_CLASS (pd_inspection_detail_parent_class)->finalize (object);
}

static void
pd_inspection_detail_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PdInspectionDetail *self = PD_INSPECTION_DETAIL (object);

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
pd_inspection_detail_class_init (PdInspectionDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const moves[] = {
    "insp.accept", "insp.schedule", "insp.reschedule", "insp.reject", "insp.arrive", "insp.no-show",
    "insp.start", "insp.complete", "insp.assign",
  };

  object_class->dispose = pd_inspection_detail_dispose;
  object_class->finalize = pd_inspection_detail_finalize;
  object_class->get_property = pd_inspection_detail_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::updated (JsonObject *inspection): the service sent a newer state */
  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  g_type_ensure (PD_TYPE_CHAT_PANE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portdesk/PortDesk/ui/pd-inspection-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, ref_label);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, alert_label);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, actions_box);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, accept_button);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, schedule_button);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, arrive_button);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, start_button);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, complete_button);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, reschedule_button);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, no_show_button);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, reject_button);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, assign_button);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, info_list);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, history_list);
  gtk_widget_class_bind_template_child (widget_class, PdInspectionDetail, chat_pane);

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    gtk_widget_class_install_action (widget_class, moves[i], NULL, move_action);
  gtk_widget_class_install_action (widget_class, "insp.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_ALT_MASK, "insp.assign", NULL);
}

static void
pd_inspection_detail_init (PdInspectionDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->busy = (PdBusy) { .spinner = self->spinner, .pspec = properties[PROP_BUSY] };
  gtk_stack_set_visible_child_name (self->stack, "empty");
  g_signal_connect_object (self->chat_pane, "answered", G_CALLBACK (chat_answered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chat_pane, "notify::busy", G_CALLBACK (chat_busy_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

void
pd_inspection_detail_set_client (PdInspectionDetail *self,
                                 PdServiceClient    *client)
{
  g_return_if_fail (PD_IS_INSPECTION_DETAIL (self));
  g_return_if_fail (PD_IS_SERVICE_CLIENT (client));

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  g_signal_connect_object (client, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  pd_chat_pane_set_client (self->chat_pane, client, PD_EVENT_INSPECTION_CHAT);
}

const char *
pd_inspection_detail_get_ref (PdInspectionDetail *self)
{
  g_return_val_if_fail (PD_IS_INSPECTION_DETAIL (self), NULL);
  return self->ref;
}

gboolean
pd_inspection_detail_get_busy (PdInspectionDetail *self)
{
  g_return_val_if_fail (PD_IS_INSPECTION_DETAIL (self), FALSE);
  return pd_busy_get (&self->busy);
}

const char *
pd_inspection_detail_get_status (PdInspectionDetail *self)
{
  g_return_val_if_fail (PD_IS_INSPECTION_DETAIL (self), NULL);
  return self->status;
}

const char *
pd_inspection_detail_get_error (PdInspectionDetail *self)
{
  g_return_val_if_fail (PD_IS_INSPECTION_DETAIL (self), NULL);
  return self->error;
}

guint
pd_inspection_detail_get_n_messages (PdInspectionDetail *self)
{
  g_return_val_if_fail (PD_IS_INSPECTION_DETAIL (self), 0);
  return pd_chat_pane_get_n_messages (self->chat_pane);
}

char *
pd_inspection_detail_dup_message (PdInspectionDetail *self,
                                  guint               i)
{
  g_return_val_if_fail (PD_IS_INSPECTION_DETAIL (self), NULL);
  return pd_chat_pane_dup_message (self->chat_pane, i);
}

guint
pd_inspection_detail_get_n_history (PdInspectionDetail *self)
{
  g_return_val_if_fail (PD_IS_INSPECTION_DETAIL (self), 0);
  return self->n_history;
}
