/* pd-window.c: connect, sign in, rules of behavior, the role's views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-events.h"
#include "pd-application.h"
#include "pd-error.h"
#include "pd-event-toasts.h"
#include "pd-json.h"
#include "pd-role.h"
#include "pd-session.h"
#include "pd-table-view.h"
#include "pd-view.h"
#include "pd-views.h"
#include "pd-window-private.h"


G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/* --- small helpers ------------------------------------------------------ */

void
_pd_window_toast (PdWindow   *self,
                  const char *title,
                  gboolean    priority_high)
{
  AdwToast *t = adw_toast_new (title);

  if (priority_high)
    adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  self->toast_count++;
  g_debug ("toast: %s", title);
}

static void
timing_after_paint_cb (GdkFrameClock *clock,
                       gpointer       user_data)
{
  const char *what = user_data;
  gint64 start = pd_application_get_start_time ();

  g_signal_handlers_disconnect_by_func (clock, timing_after_paint_cb, user_data);
  if (start > 0 && g_getenv ("PORTDESK_TIMING") != NULL)
    g_printerr ("portdesk: timing: %s painted %.1f ms after start\n",
                what, (g_get_monotonic_time () - start) / 1000.0);
}

static void
note_time (PdWindow   *self,
           const char *what)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL)
    return;
  g_signal_connect (clock, "after-paint", G_CALLBACK (timing_after_paint_cb), (gpointer) what);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
set_page (PdWindow   *self,
          const char *page)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), page) == 0)
    return;
  gtk_stack_set_visible_child_name (self->main_stack, page);
  if (g_str_equal (page, "login") && !self->timing_login_done)
    {
      self->timing_login_done = TRUE;
      note_time (self, "login page");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static const char *
error_summary (const GError *error)
{
  if (g_error_matches (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED))
    return _("The username or password is not correct.");
  if (g_error_matches (error, PD_ERROR, PD_ERROR_LOCKED))
    return _("This account is locked after too many failed sign-ins. Try again later or ask an administrator.");
  if (g_error_matches (error, PD_ERROR, PD_ERROR_RATE_LIMITED))
    return _("Too many attempts. Wait a moment and try again.");
  if (g_error_matches (error, PD_ERROR, PD_ERROR_UNAVAILABLE))
    return _("The PortDesk service does not answer.");
  if (g_error_matches (error, PD_ERROR, PD_ERROR_DATABASE_UNAVAILABLE))
    return _("The site's database cannot be reached. PortDesk keeps trying to reconnect: try again in a moment.");
  return error->message;
}

/* What the login page says about @error (g_free). */
static char *
error_text (const GError *error)
{
  /* a suspended account is told why, in the words of the admin who suspended it */
  if (g_error_matches (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED) &&
      g_str_has_prefix (error->message, PD_SUSPENDED_PREFIX))
    return g_strdup_printf (_("This account is suspended: %s"), error->message + strlen (PD_SUSPENDED_PREFIX));
  if (g_error_matches (error, PD_ERROR, PD_ERROR_UNAUTHENTICATED) &&
      g_str_equal (error->message, PD_DISABLED_MESSAGE))
    return g_strdup (_("This account is disabled. Ask an administrator."));
  return g_strdup (error_summary (error));
}

/* --- views -------------------------------------------------------------- */

#define RELOAD_PENDING "pd-reload-pending"

static gboolean
reload_when_idle_cb (gpointer data)
{
  PdView *view = data;

  if (pd_view_get_busy (view))
    return G_SOURCE_CONTINUE;
  g_object_steal_data (G_OBJECT (view), RELOAD_PENDING);
  pd_view_reload (view);
  return G_SOURCE_REMOVE;
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

/* An event reloads its views; one that comes while a view is busy (loading,
 * or sending a form) is not lost: the view reloads once it is idle, once
 * for all the events that came meanwhile. */
static void
reload_on_event_cb (PdServiceClient *client,
                    const char      *type,
                    const char      *port,
                    JsonNode        *payload,
                    PdView          *view)
{
  guint id;

  if (g_object_get_data (G_OBJECT (view), RELOAD_PENDING) != NULL)
    return;
  if (!pd_view_get_busy (view))
    {
      pd_view_reload (view);
      return;
    }
  id = g_timeout_add (100, reload_when_idle_cb, view);
  g_object_set_data_full (G_OBJECT (view), RELOAD_PENDING, GUINT_TO_POINTER (id), remove_source);
}

/* The view of @info from its registry entry, which says how to make it and
 * which events reload it; a status page for views not built yet. */
static GtkWidget *
create_view (PdWindow         *self,
             const PdViewInfo *info)
{
  GtkWidget *view = NULL;

  if (info->create != NULL)
    {
      view = info->create (pd_session_get_client (self->session));
      for (guint i = 0; i < G_N_ELEMENTS (info->reload_on) && info->reload_on[i] != NULL; i++)
        {
          g_autofree char *signal = g_strconcat ("event::", info->reload_on[i], NULL);
          g_signal_connect_object (pd_session_get_client (self->session), signal, G_CALLBACK (reload_on_event_cb), view, 0);
        }
      return view;
    }
  {
    g_autofree char *desc = NULL;

    /* Translators: %s is the name of a view, such as "Scheduling" */
    desc = g_strdup_printf (_("The %s view is not part of this build of PortDesk yet. "
                              "Your role gives you access to it; it arrives with a later release."),
                            _(info->title));
    view = adw_status_page_new ();
    adw_status_page_set_icon_name (ADW_STATUS_PAGE (view), info->icon_name);
    adw_status_page_set_title (ADW_STATUS_PAGE (view), _(info->title));
    adw_status_page_set_description (ADW_STATUS_PAGE (view), desc);
    gtk_widget_add_css_class (view, "pd-placeholder");
  }
  return view;
}

static GtkWidget *
create_sidebar_row (const PdViewInfo *info)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(info->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (info->icon_name));
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, info->name);
  return row;
}

static void
clear_views (PdWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack))) != NULL)
    gtk_stack_remove (self->view_stack, child);
  g_ptr_array_set_size (self->view_names, 0);
  g_clear_pointer (&self->current_view, g_free);
}

static void
build_views (PdWindow *self)
{
  g_auto(GStrv) names = pd_views_for_role (pd_session_get_role (self->session));

  clear_views (self);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const PdViewInfo *info = pd_views_lookup (names[i]);

      gtk_stack_add_named (self->view_stack, create_view (self, info), info->name);
      gtk_list_box_append (self->sidebar, create_sidebar_row (info));
      g_ptr_array_add (self->view_names, g_strdup (info->name));
    }
}

gboolean
pd_window_select_view (PdWindow   *self,
                       const char *name)
{
  const PdViewInfo *info;
  GtkWidget *row;

  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  info = pd_views_lookup (name);
  if (info == NULL || gtk_stack_get_child_by_name (self->view_stack, name) == NULL)
    return FALSE;

  gtk_stack_set_visible_child_name (self->view_stack, name);
  adw_window_title_set_title (self->view_title, _(info->title));
  g_free (self->current_view);
  self->current_view = g_strdup (name);

  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));

  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
  if (self->settings != NULL && !self->ephemeral)
    g_settings_set_string (self->settings, "last-view", name);
  return TRUE;
}

static void
sidebar_row_activated_cb (PdWindow      *self,
                          GtkListBoxRow *row)
{
  pd_window_select_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

/* --- session ------------------------------------------------------------ */

/* --- sign-in and rules: the pages of the session's states ------------------ */

static void
main_stack_transition_cb (PdWindow *self)
{
  /* once the crossfade is over, so that the stack does not move it again */
  if (!gtk_stack_get_transition_running (self->main_stack) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "login") == 0)
    pd_login_page_focus_entry (self->login_page);
}

static void
show_login (PdWindow *self)
{
  const char *last = pd_session_get_last_username (self->session);

  clear_views (self);
  pd_enrol_page_clear (self->enrol_page);
  pd_login_page_ask_code (self->login_page, FALSE);
  pd_login_page_reset (self->login_page);
  if (last != NULL)
    pd_login_page_set_username (self->login_page, last);
  pd_login_page_set_notice (self->login_page, pd_session_get_notice (self->session));
  set_page (self, "login");
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  pd_login_page_set_busy (self->login_page, FALSE);
  if (!pd_session_sign_in_finish (PD_SESSION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = error_text (error);

          pd_login_page_set_code (self->login_page, NULL);
          pd_login_page_set_error (self->login_page, text);
        }
      return;
    }
  /* the password taken with a code due: the page stays on the code */
  pd_login_page_ask_code (self->login_page, pd_session_get_state (self->session) == PD_SESSION_CODE);
  pd_login_page_reset (self->login_page);
}

static void
login_submit_cb (PdWindow    *self,
                 const char  *username,
                 const char  *password,
                 PdLoginPage *page)
{
  pd_login_page_set_busy (self->login_page, TRUE);
  pd_session_sign_in_async (self->session, username, password, self->cancellable, signed_in_cb, g_object_ref (self));
}

/* The second step of signing in, on the login page. */
static void
show_code (PdWindow *self)
{
  pd_login_page_set_busy (self->login_page, FALSE);
  pd_login_page_ask_code (self->login_page, TRUE);
  set_page (self, "login");
}

static void
login_code_cb (PdWindow    *self,
               const char  *code,
               PdLoginPage *page)
{
  pd_login_page_set_busy (self->login_page, TRUE);
  pd_session_send_code_async (self->session, code, self->cancellable, signed_in_cb, g_object_ref (self));
}

/* After an administrator's reset: a new password before anything else. */
static void
show_password (PdWindow *self)
{
  pd_login_page_ask_code (self->login_page, FALSE);
  pd_password_page_clear (self->password_page);
  set_page (self, "password");
}

static void
password_changed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  pd_password_page_set_busy (self->password_page, FALSE);
  if (!pd_session_change_password_finish (PD_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pd_password_page_set_error (self->password_page, error->message);
}

static void
password_submit_cb (PdWindow       *self,
                    const char     *current,
                    const char     *new_password,
                    PdPasswordPage *page)
{
  pd_password_page_set_busy (self->password_page, TRUE);
  pd_session_change_password_async (self->session, current, new_password, self->cancellable, password_changed_cb,
                                    g_object_ref (self));
}

static void
password_sign_out_cb (PdWindow *self)
{
  pd_session_sign_out (self->session);
}

static void
show_enrol (PdWindow *self)
{
  set_page (self, "enrol");
  pd_enrol_page_start (self->enrol_page, pd_session_get_client (self->session));
}

static void
enrol_done_cb (PdWindow *self)
{
  pd_session_enrolled (self->session);
}

static void
rules_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) rules = pd_session_load_rules_finish (PD_SESSION (object), result, &error);

  if (rules == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *msg = g_strdup_printf (_("Cannot load the rules of behavior: %s"), error->message);
          _pd_window_toast (self, msg, TRUE);
        }
      return;
    }
  pd_rules_page_set_rules (self->rules_page, pd_json_str (rules, "version"), pd_json_str (rules, "text"));
}

static void
show_rules (PdWindow *self)
{
  pd_rules_page_set_rules (self->rules_page, NULL, NULL);
  pd_rules_page_set_busy (self->rules_page, FALSE);
  set_page (self, "rules");
  pd_session_load_rules_async (self->session, self->cancellable, rules_loaded_cb, g_object_ref (self));
}

static void
rules_answered_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  pd_rules_page_set_busy (self->rules_page, FALSE);
  if (!pd_session_answer_rules_finish (PD_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _pd_window_toast (self, error->message, TRUE);
}

static void
rules_accept_cb (PdWindow *self)
{
  pd_rules_page_set_busy (self->rules_page, TRUE);
  pd_session_answer_rules_async (self->session, TRUE, self->cancellable, rules_answered_cb, g_object_ref (self));
}

static void
rules_decline_cb (PdWindow *self)
{
  pd_rules_page_set_busy (self->rules_page, TRUE);
  pd_session_answer_rules_async (self->session, FALSE, self->cancellable, rules_answered_cb, g_object_ref (self));
}

void
pd_window_sign_out (PdWindow *self)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  pd_session_sign_out (self->session);
}

/* --- workspace ---------------------------------------------------------- */

static void
enter_workspace (PdWindow *self)
{
  JsonObject *user = pd_session_get_user (self->session);
  PdRole role = pd_session_get_role (self->session);
  const char *display = pd_json_str (user, "display_name");
  const char *port = pd_json_str (user, "port");
  g_autofree char *role_line = NULL;
  g_autofree char *last = NULL;

  if (display == NULL || *display == '\0')
    display = pd_json_str (user, "username") ?: "";
  gtk_label_set_text (self->user_label, display);
  if (port != NULL)
    /* Translators: role, then port code */
    role_line = g_strdup_printf (_("%s · %s"), pd_role_title (role), port);
  else
    role_line = g_strdup (pd_role_title (role));
  gtk_label_set_text (self->role_label, role_line);
  adw_window_title_set_subtitle (self->view_title, display);

  build_views (self);
  set_page (self, "workspace");

  if (self->settings != NULL && !self->ephemeral)
    last = g_settings_get_string (self->settings, "last-view");
  if (self->view_names->len > 0 &&
      (last == NULL || !pd_window_select_view (self, last)))
    pd_window_select_view (self, g_ptr_array_index (self->view_names, 0));
  if (self->view_names->len == 0)
    _pd_window_toast (self, _("Your role gives you no views in this build."), TRUE);

  if (!self->timing_view_done)
    {
      self->timing_view_done = TRUE;
      note_time (self, "first view");
    }
}

/* --- connecting ------------------------------------------------------------ */

static void
show_connecting (PdWindow *self)
{
  const char *error = pd_session_get_connect_error (self->session);

  adw_status_page_set_title (self->connecting_page, error ? _("Cannot Reach the PortDesk Service")
                                                          : _("Connecting to the PortDesk Service"));
  adw_status_page_set_description (self->connecting_page, error);
  gtk_widget_set_visible (GTK_WIDGET (self->connecting_spinner), error == NULL);
  gtk_spinner_set_spinning (self->connecting_spinner, error == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), error != NULL);
  set_page (self, "connecting");
}

/* The window follows the session: one page for each of its states. */
static void
session_state_cb (PdWindow *self)
{
  switch (pd_session_get_state (self->session))
    {
    case PD_SESSION_CONNECTING:
    case PD_SESSION_UNREACHABLE:
      show_connecting (self);
      break;
    case PD_SESSION_SIGNED_OUT:
      show_login (self);
      break;
    case PD_SESSION_CODE:
      show_code (self);
      break;
    case PD_SESSION_PASSWORD:
      show_password (self);
      break;
    case PD_SESSION_ENROL:
      show_enrol (self);
      break;
    case PD_SESSION_RULES:
      show_rules (self);
      break;
    case PD_SESSION_ACTIVE:
      enter_workspace (self);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* --- live events -------------------------------------------------------- */

static void
event_cb (PdWindow        *self,
          const char      *type,
          const char      *port,
          JsonNode        *payload,
          PdServiceClient *client)
{
  JsonObject *p = payload && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;
  gboolean urgent = FALSE;
  g_autofree char *text = pd_event_toast_text (type, p, &urgent);

  if (text != NULL)
    _pd_window_toast (self, text, urgent);
}

/* --- service state ------------------------------------------------------ */

static void
service_state_cb (PdWindow *self)
{
  PdServiceState state = pd_service_client_get_state (pd_session_get_client (self->session));
  gboolean shown = gtk_revealer_get_reveal_child (self->service_banner);

  if (state == PD_SERVICE_STATE_LOST)
    {
      gtk_label_set_text (self->service_banner_label,
                          _("The PortDesk service stopped answering. Reconnecting…"));
      gtk_spinner_set_spinning (self->service_banner_spinner, TRUE);
      gtk_revealer_set_reveal_child (self->service_banner, TRUE);
    }
  else if (state == PD_SERVICE_STATE_CONNECTED && shown)
    {
      gtk_spinner_set_spinning (self->service_banner_spinner, FALSE);
      gtk_revealer_set_reveal_child (self->service_banner, FALSE);
      _pd_window_toast (self, _("Connected to the PortDesk service again"), FALSE);
    }
}

static void
keyring_cb (PdWindow *self)
{
  if (pd_token_store_get_available (pd_session_get_tokens (self->session)) || self->keyring_notice_shown || self->ephemeral)
    return;
  self->keyring_notice_shown = TRUE;
  _pd_window_toast (self, _("No keyring is available: your session is kept in memory only, "
                 "so you will sign in again after a restart."), FALSE);
}

void
pd_window_start (PdWindow *self)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  pd_session_start (self->session);
}

/* --- object ------------------------------------------------------------- */

static gboolean
pd_window_close_request (GtkWindow *window)
{
  PdWindow *self = PD_WINDOW (window);

  if (self->settings != NULL && !self->ephemeral)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }
  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (pd_session_get_client (self->session), self);
      g_signal_handlers_disconnect_by_data (pd_session_get_tokens (self->session), self);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_finalize (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_clear_pointer (&self->current_view, g_free);
  g_clear_pointer (&self->view_names, g_ptr_array_unref);
  g_clear_pointer (&self->last_toast, g_free);
  G_OBJECT_CLASS (pd_window_parent_class)->finalize (object);
}

static void
pd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, pd_window_get_page (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_window_dispose;
  object_class->finalize = pd_window_finalize;
  object_class->get_property = pd_window_get_property;
  window_class->close_request = pd_window_close_request;

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_LOGIN_PAGE);
  g_type_ensure (PD_TYPE_RULES_PAGE);
  g_type_ensure (PD_TYPE_ENROL_PAGE);
  g_type_ensure (PD_TYPE_PASSWORD_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/portdesk/PortDesk/ui/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, service_banner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, service_banner_label);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, service_banner_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, rules_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, enrol_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, password_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, role_label);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, view_title);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, login_submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_code_cb);
  gtk_widget_class_bind_template_callback (widget_class, enrol_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_sign_out_cb);
  gtk_widget_class_bind_template_callback (widget_class, rules_accept_cb);
  gtk_widget_class_bind_template_callback (widget_class, rules_decline_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);

  _pd_window_class_add_actions (widget_class);
}

static void
pd_window_init (PdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->view_names = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_object (self->main_stack, "notify::transition-running",
                           G_CALLBACK (main_stack_transition_cb), self, G_CONNECT_SWAPPED);
  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

PdWindow *
pd_window_new (GtkApplication  *application,
               PdServiceClient *client,
               PdTokenStore    *tokens,
               GSettings       *settings,
               gboolean         ephemeral)
{
  g_autoptr(PdSession) session = NULL;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (PD_IS_TOKEN_STORE (tokens), NULL);

  session = pd_session_new (client, tokens, ephemeral);
  return pd_window_new_for_session (application, session, settings, ephemeral);
}

PdWindow *
pd_window_new_for_session (GtkApplication *application,
                           PdSession      *session,
                           GSettings      *settings,
                           gboolean        ephemeral)
{
  PdServiceClient *client;
  PdTokenStore *tokens;
  PdWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (PD_IS_SESSION (session), NULL);

  client = pd_session_get_client (session);
  tokens = pd_session_get_tokens (session);
  self = g_object_new (PD_TYPE_WINDOW, "application", application, NULL);
  self->session = g_object_ref (session);
  self->settings = settings ? g_object_ref (settings) : NULL;
  self->ephemeral = ephemeral;

  if (self->settings != NULL && !ephemeral)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  g_signal_connect_object (client, "notify::state", G_CALLBACK (service_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tokens, "notify::available", G_CALLBACK (keyring_cb), self, G_CONNECT_SWAPPED);
  keyring_cb (self);
  return self;
}

/* --- accessors (tests, --screenshot) ------------------------------------ */

PdServiceClient *
pd_window_get_client (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return pd_session_get_client (self->session);
}

const char *
pd_window_get_page (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

const char *
pd_window_get_connect_error (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return pd_session_get_state (self->session) == PD_SESSION_UNREACHABLE ? pd_session_get_connect_error (self->session)
                                                                         : NULL;
}

PdLoginPage *
pd_window_get_login_page (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->login_page;
}

PdEnrolPage *
pd_window_get_enrol_page (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->enrol_page;
}

PdPasswordPage *
pd_window_get_password_page (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->password_page;
}

PdRulesPage *
pd_window_get_rules_page (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->rules_page;
}

const char *
pd_window_get_role (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return pd_session_get_user (self->session) ? pd_role_to_string (pd_session_get_role (self->session)) : NULL;
}

char **
pd_window_dup_sidebar_views (PdWindow *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_visible (row))
      g_strv_builder_add (b, gtk_widget_get_name (row));
  return g_strv_builder_end (b);
}

const char *
pd_window_get_current_view (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->current_view;
}

GtkWidget *
pd_window_get_view_widget (PdWindow   *self,
                           const char *name)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->view_stack, name);
}

gboolean
pd_window_get_view_busy (PdWindow *self)
{
  GtkWidget *view;

  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);
  view = gtk_stack_get_visible_child (self->view_stack);
  return PD_IS_VIEW (view) && pd_view_get_busy (PD_VIEW (view));
}

gboolean
pd_window_get_banner_visible (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->service_banner);
}

const char *
pd_window_get_last_toast (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->last_toast;
}

guint
pd_window_get_toast_count (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), 0);
  return self->toast_count;
}

gboolean
pd_window_get_folded (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);
  return adw_leaflet_get_folded (self->leaflet);
}

/* Whether the sidebar is what one sees: always when unfolded. */
gboolean
pd_window_get_sidebar_shown (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);
  return !adw_leaflet_get_folded (self->leaflet) ||
         adw_leaflet_get_visible_child (self->leaflet) == self->sidebar_box;
}
