/* pd-chat-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-chat-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-chat-pane.h"
#include "pd-json.h"
#include "pd-pane-call.h"

struct _PdChatPane
{
  AdwBin             parent_instance;

  GtkLabel          *title_label;
  GtkScrolledWindow *scroll;
  GtkListBox        *list;
  GtkLabel          *empty_label;
  GtkEntry          *entry;

  PdServiceClient   *client;
  gulong             event_handler;
  GCancellable      *cancellable;   /* per shown request */
  char              *ref;
  char              *path;          /* base/REF, escaped */
  gboolean           loaded;        /* the request's chat was shown */
  GPtrArray         *messages;      /* "side: body" */
  gint64             last_id;
  gint64             read_id;       /* the last id the service was told we read */
  PdBusy           busy;
};

G_DEFINE_FINAL_TYPE (PdChatPane, pd_chat_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_PLACEHOLDER_TEXT,
  PROP_EMPTY_TEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_sensitive (PdChatPane *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.send", self->loaded);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), self->loaded);
}

static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) dt = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup (iso != NULL ? iso : "—");
  local = g_date_time_to_local (dt);
  /* Translators: a date and time format for g_date_time_format; keep it short */
  return g_date_time_format (local, _("%a %d %b %H:%M"));
}

/* --- reading ---------------------------------------------------------------- */

static gboolean
scroll_down_cb (gpointer user_data)
{
  PdChatPane *self = user_data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroll);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
mark_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("chat read: %s", error->message);
}

static void
mark_read (PdChatPane *self)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (self->path == NULL || self->last_id <= self->read_id || self->client == NULL)
    return;
  /* only what the officer can see: the pane is on screen */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->read_id = self->last_id;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "last_id");
  json_builder_add_int_value (b, self->last_id);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  path = g_strconcat (self->path, "/read", NULL);
  pd_service_client_call_async (self->client, "POST", path, body, self->cancellable, mark_read_cb, NULL);
}

static void
add_message (PdChatPane *self,
             JsonObject *m)
{
  gint64 id = pd_json_int (m, "id", 0);
  const char *side = pd_json_str (m, "side");
  const char *body = pd_json_str (m, "body");
  gboolean officer = g_strcmp0 (side, "officer") == 0;
  g_autofree char *when = format_time (pd_json_str (m, "at"));
  g_autofree char *meta = NULL;
  GtkWidget *box, *label, *caption;

  if (id != 0 && id <= self->last_id)
    return;
  self->last_id = MAX (self->last_id, id);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_halign (box, officer ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_add_css_class (box, officer ? "pd-chat-officer" : "pd-chat-requester");
  label = gtk_label_new (body);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "pd-bubble");
  meta = g_strdup_printf ("%s · %s", pd_json_str (m, "sender") ?: (officer ? _("Officer") : _("Requester")), when);
  caption = gtk_label_new (meta);
  gtk_label_set_xalign (GTK_LABEL (caption), officer ? 1.0 : 0.0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_list_box_append (self->list, box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (box)), FALSE);
  g_ptr_array_add (self->messages, g_strdup_printf ("%s: %s", side ? side : "?", body ? body : ""));
  g_idle_add (scroll_down_cb, g_object_ref (self));
}

void
pd_chat_pane_show_chat (PdChatPane *self,
                        JsonArray  *chat)
{
  g_return_if_fail (PD_IS_CHAT_PANE (self));

  for (guint i = 0; chat != NULL && i < json_array_get_length (chat); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (chat, i)))
      add_message (self, json_array_get_object_element (chat, i));
  self->loaded = self->ref != NULL;
  update_sensitive (self);
  mark_read (self);
}

static void
event_cb (PdServiceClient *client,
          const char      *type,
          const char      *port,
          JsonNode        *payload,
          PdChatPane      *self)
{
  JsonObject *p = payload != NULL && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;

  if (p == NULL || self->ref == NULL || g_strcmp0 (pd_json_str (p, "ref"), self->ref) != 0)
    return;
  add_message (self, p);
  mark_read (self);
}

/* --- writing ---------------------------------------------------------------- */

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PdPaneCall) c = user_data;
  PdChatPane *self = PD_CHAT_PANE (c->owner);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || g_strcmp0 (c->ref, self->ref) != 0)
    return;
  if (node == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_ANSWERED], 0, error->message);
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    add_message (self, json_node_get_object (node));
  /* our own message needs no read marker, but it moves the marker on */
  self->read_id = MAX (self->read_id, self->last_id);
  g_signal_emit (self, signals[SIGNAL_ANSWERED], 0, NULL);
}

void
pd_chat_pane_send (PdChatPane *self,
                   const char *text)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (PD_IS_CHAT_PANE (self));

  if (self->path == NULL || self->client == NULL || text == NULL)
    return;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return;
  b = json_builder_new ();
  json_builder_begin_object (b);
  pd_json_builder_add_string (b, "body", trimmed);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  path = g_strconcat (self->path, "/chat", NULL);
  pd_service_client_call_async (self->client, "POST", path, body, self->cancellable, sent_cb,
                                pd_pane_call_new (G_OBJECT (self), &self->busy, &self->ref));
}

static void
send_entry (PdChatPane *self)
{
  pd_chat_pane_send (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  send_entry (PD_CHAT_PANE (widget));
}

void
pd_chat_pane_focus (PdChatPane *self)
{
  g_return_if_fail (PD_IS_CHAT_PANE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* --- the request shown ------------------------------------------------------ */

void
pd_chat_pane_set_request (PdChatPane *self,
                          const char *base,
                          const char *ref)
{
  GtkListBoxRow *row;

  g_return_if_fail (PD_IS_CHAT_PANE (self));
  g_return_if_fail (ref == NULL || base != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->ref);
  self->ref = g_strdup (ref);
  g_clear_pointer (&self->path, g_free);
  if (ref != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (ref, NULL, FALSE);

      self->path = g_strconcat (base, "/", escaped, NULL);
    }
  /* rows only: the placeholder stays */
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  g_ptr_array_set_size (self->messages, 0);
  self->last_id = self->read_id = 0;
  self->loaded = FALSE;
  update_sensitive (self);
}

void
pd_chat_pane_set_client (PdChatPane      *self,
                         PdServiceClient *client,
                         const char      *event_type)
{
  g_autofree char *signal = NULL;

  g_return_if_fail (PD_IS_CHAT_PANE (self));
  g_return_if_fail (PD_IS_SERVICE_CLIENT (client));
  g_return_if_fail (event_type != NULL);

  if (self->client != NULL && self->event_handler != 0)
    g_signal_handler_disconnect (self->client, self->event_handler);
  self->event_handler = 0;
  g_set_object (&self->client, client);
  signal = g_strconcat ("event::", event_type, NULL);
  self->event_handler = g_signal_connect_object (client, signal, G_CALLBACK (event_cb), self, G_CONNECT_DEFAULT);
}

const char *
pd_chat_pane_get_ref (PdChatPane *self)
{
  g_return_val_if_fail (PD_IS_CHAT_PANE (self), NULL);
  return self->ref;
}

gboolean
pd_chat_pane_get_busy (PdChatPane *self)
{
  g_return_val_if_fail (PD_IS_CHAT_PANE (self), FALSE);
  return pd_busy_get (&self->busy);
}

guint
pd_chat_pane_get_n_messages (PdChatPane *self)
{
  g_return_val_if_fail (PD_IS_CHAT_PANE (self), 0);
  return self->messages->len;
}

char *
pd_chat_pane_dup_message (PdChatPane *self,
                          guint       i)
{
  g_return_val_if_fail (PD_IS_CHAT_PANE (self), NULL);
  return i < self->messages->len ? g_strdup (g_ptr_array_index (self->messages, i)) : NULL;
}

/* --- object ----------------------------------------------------------------- */

static void
pd_chat_pane_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pd_chat_pane_parent_class)->map (widget);
  mark_read (PD_CHAT_PANE (widget));
}

static void
pd_chat_pane_dispose (GObject *object)
{
  PdChatPane *self = PD_CHAT_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL && self->event_handler != 0)
    g_signal_handler_disconnect (self->client, self->event_handler);
  self->event_handler = 0;
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_chat_pane_parent_class)->dispose (object);
}

static void
pd_chat_pane_finalize (GObject *object)
{
  PdChatPane *self = PD_CHAT_PANE (object);

  g_free (self->ref);
  g_free (self->path);
  g_ptr_array_unref (self->messages);
  G_OBJECT_CLASS (pd_chat_pane_parent_class)->finalize (object);
}

static void
pd_chat_pane_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PdChatPane *self = PD_CHAT_PANE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_text (self->title_label));
      break;
    case PROP_PLACEHOLDER_TEXT:
      g_value_set_string (value, gtk_entry_get_placeholder_text (self->entry));
      break;
    case PROP_EMPTY_TEXT:
      g_value_set_string (value, gtk_label_get_text (self->empty_label));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pd_busy_get (&self->busy));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_chat_pane_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PdChatPane *self = PD_CHAT_PANE (object);
  const char *s = G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;

  switch (prop_id)
    {
    case PROP_TITLE:
      if (g_strcmp0 (s, gtk_label_get_text (self->title_label)) != 0)
        {
          gtk_label_set_text (self->title_label, s);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PLACEHOLDER_TEXT:
      if (g_strcmp0 (s, gtk_entry_get_placeholder_text (self->entry)) != 0)
        {
          gtk_entry_set_placeholder_text (self->entry, s);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_EMPTY_TEXT:
      if (g_strcmp0 (s, gtk_label_get_text (self->empty_label)) != 0)
        {
          gtk_label_set_text (self->empty_label, s);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_chat_pane_class_init (PdChatPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_chat_pane_dispose;
  object_class->finalize = pd_chat_pane_finalize;
  object_class->get_property = pd_chat_pane_get_property;
  object_class->set_property = pd_chat_pane_set_property;
  widget_class->map = pd_chat_pane_map;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACEHOLDER_TEXT] =
    g_param_spec_string ("placeholder-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* what the list says while there are no messages */
  properties[PROP_EMPTY_TEXT] =
    g_param_spec_string ("empty-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::answered (const char *error): the service took a message (NULL) or
   * refused it (its words) */
  signals[SIGNAL_ANSWERED] =
    g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "chat.send", NULL, send_action);
}

static void
pd_chat_pane_init (PdChatPane *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *send = gtk_button_new_from_icon_name ("mail-send-symbolic");

  self->messages = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->busy = (PdBusy) { .pspec = properties[PROP_BUSY] };

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->title_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->title_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->title_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title_label));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "pd-chat");
  self->empty_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->empty_label, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->empty_label), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self->empty_label), 24);
  gtk_widget_set_margin_top (GTK_WIDGET (self->empty_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_list_box_set_placeholder (self->list, GTK_WIDGET (self->empty_label));
  self->scroll = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroll, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroll), TRUE);
  gtk_scrolled_window_set_child (self->scroll, GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->scroll));

  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 12);
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_entry_set_max_length (self->entry, 2000);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (send_entry), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->entry));
  gtk_widget_set_tooltip_text (send, _("Send (Enter)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (send), "chat.send");
  gtk_box_append (GTK_BOX (bar), send);
  gtk_box_append (GTK_BOX (box), bar);

  adw_bin_set_child (ADW_BIN (self), box);
  update_sensitive (self);
}

GtkWidget *
pd_chat_pane_new (void)
{
  return g_object_new (PD_TYPE_CHAT_PANE, NULL);
}
