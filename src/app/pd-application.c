/* pd-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-paths.h"
#include "pd-identity-view.h"
#include "pd-screenshot.h"
#include "pd-service-client.h"
#include "pd-token-store.h"
#include "pd-views.h"
#include "pd-window.h"

#define SCHEMA_ID "org.portdesk.PortDesk"

struct _PdApplication
{
  AdwApplication   parent_instance;

  GSettings       *settings;
  PdServiceClient *client;
  PdTokenStore    *tokens;
  PdSession       *session;     /* the officer's, which the window follows */
  PdWindow        *window;
  int              exit_status;

  /* command line */
  char            *socket_path;
  char            *screenshot;
  char            *view;
  char            *page;
  char            *user;
  char            *password;
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

static gint64 start_time;

void
pd_application_set_start_time (gint64 monotonic_us)
{
  start_time = monotonic_us;
}

gint64
pd_application_get_start_time (void)
{
  return start_time;
}

static const GOptionEntry option_entries[] = {
  { "socket", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Service socket (default: the one in the settings, or the standard one)"), N_("PATH") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Render the window to a PNG file and exit"), N_("FILE") },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --screenshot: login, rules, password, enrol or a view name such as users"), N_("NAME") },
  { "page", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --screenshot and a view of several pages: show this one, such as flights"), N_("NAME") },
  { "user", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --screenshot: sign in as this user"), N_("NAME") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --screenshot: read the password from this file"), N_("FILE") },
  { "camera-source", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The Identity Check's picture: camera, test (a test pattern) or file:PATH"), N_("SOURCE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
  { NULL }
};

static int
pd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  /* the pages before the workspace a screenshot can show */
  static const char * const signin_pages[] = { "login", "rules", "password", "enrol", NULL };
  PdApplication *self = PD_APPLICATION (app);
  g_autofree char *password_file = NULL, *camera = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("portdesk %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "socket", "^ay", &self->socket_path);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot);
  g_variant_dict_lookup (options, "view", "s", &self->view);
  g_variant_dict_lookup (options, "page", "s", &self->page);
  g_variant_dict_lookup (options, "user", "s", &self->user);
  g_variant_dict_lookup (options, "password-file", "^ay", &password_file);
  if (g_variant_dict_lookup (options, "camera-source", "s", &camera))
    {
      if (!g_str_equal (camera, "camera") && !g_str_equal (camera, "test") &&
          !(g_str_has_prefix (camera, "file:") && camera[5] != '\0'))
        {
          g_printerr ("portdesk: --camera-source is camera, test or file:PATH\n");
          return 1;
        }
      pd_identity_view_set_default_source (camera);
    }

  if (self->screenshot == NULL)
    {
      if (self->view != NULL || self->page != NULL || self->user != NULL || password_file != NULL)
        {
          g_printerr ("portdesk: --view, --page, --user and --password-file go with --screenshot\n");
          return 1;
        }
      return -1;
    }

  if (self->view == NULL)
    {
      g_printerr ("portdesk: --screenshot needs --view NAME\n");
      return 1;
    }
  if (!g_strv_contains (signin_pages, self->view) && pd_views_lookup (self->view) == NULL)
    {
      g_printerr ("portdesk: no view named \"%s\"\n", self->view);
      return 1;
    }
  if (self->page != NULL && g_strv_contains (signin_pages, self->view))
    {
      g_printerr ("portdesk: --page goes with a view, not with %s\n", self->view);
      return 1;
    }
  if (!g_str_equal (self->view, "login"))
    {
      g_autoptr(GError) error = NULL;
      gsize len = 0;

      if (self->user == NULL || password_file == NULL)
        {
          g_printerr ("portdesk: --view %s needs --user and --password-file\n", self->view);
          return 1;
        }
      if (!g_file_get_contents (password_file, &self->password, &len, &error))
        {
          g_printerr ("portdesk: %s\n", error->message);
          return 1;
        }
      g_strchomp (self->password);
    }
  /* A screenshot is its own process: never hand it to a running instance. */
  g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  PdApplication *self = user_data;
  static const char *developers[] = { "The PortDesk authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", pd_application_get_main_window (self),
                        "application-name", _("PortDesk"),
                        "application-icon", "org.portdesk.PortDesk",
                        "developer-name", _("The PortDesk authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Officer workstation for port and border inspections, backed by a local matching service"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  PdApplication *self = user_data;

  if (self->window != NULL)
    gtk_window_close (GTK_WINDOW (self->window));
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
pd_application_startup (GApplication *app)
{
  PdApplication *self = PD_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *socket_path = NULL;
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *sign_out_accels[] = { "<Primary><Shift>l", NULL };

  G_APPLICATION_CLASS (pd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.sign-out", sign_out_accels);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_warning ("The settings schema %s is not installed; nothing will be remembered", SCHEMA_ID);

  if (self->socket_path != NULL)
    socket_path = g_strdup (self->socket_path);
  else if (self->settings != NULL && self->screenshot == NULL)
    {
      socket_path = g_settings_get_string (self->settings, "service-socket");
      if (*socket_path == '\0')
        g_clear_pointer (&socket_path, g_free);
    }
  if (socket_path == NULL)
    socket_path = pd_paths_default_socket ();

  self->client = pd_service_client_new (socket_path);
  self->tokens = pd_token_store_new (socket_path);
}

static void
pd_application_activate (GApplication *app)
{
  PdApplication *self = PD_APPLICATION (app);
  gboolean shot = self->screenshot != NULL;

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }
  if (self->session == NULL)
    self->session = pd_session_new (self->client, self->tokens, shot);
  self->window = pd_window_new_for_session (GTK_APPLICATION (app), self->session, self->settings, shot);
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  if (shot)
    {
      gtk_window_set_default_size (GTK_WINDOW (self->window), 1100, 700);
      pd_screenshot_run (self, self->window, self->screenshot, self->view, self->page, self->user,
                         self->password);
    }
  gtk_window_present (GTK_WINDOW (self->window));
  pd_window_start (self->window);
}

static void
pd_application_shutdown (GApplication *app)
{
  PdApplication *self = PD_APPLICATION (app);

  /* a portdeskd this app started stops with it */
  if (self->client != NULL)
    pd_service_client_stop_daemon (self->client);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  G_APPLICATION_CLASS (pd_application_parent_class)->shutdown (app);
}

static void
pd_application_finalize (GObject *object)
{
  PdApplication *self = PD_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->tokens);
  g_clear_pointer (&self->socket_path, g_free);
  g_clear_pointer (&self->screenshot, g_free);
  g_clear_pointer (&self->view, g_free);
  g_clear_pointer (&self->page, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->password, g_free);
  G_OBJECT_CLASS (pd_application_parent_class)->finalize (object);
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pd_application_finalize;
  app_class->handle_local_options = pd_application_handle_local_options;
  app_class->startup = pd_application_startup;
  app_class->activate = pd_application_activate;
  app_class->shutdown = pd_application_shutdown;
}

static void
pd_application_init (PdApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The PortDesk officer workstation."));
}

PdApplication *
pd_application_new (void)
{
  return g_object_new (PD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/org/portdesk/PortDesk",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

int
pd_application_get_exit_status (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), 1);
  return self->exit_status;
}

void
pd_application_quit_with_status (PdApplication *self,
                                 int            status)
{
  g_return_if_fail (PD_IS_APPLICATION (self));
  self->exit_status = status;
  if (self->window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->window));
  g_application_quit (G_APPLICATION (self));
}

GtkWindow *
pd_application_get_main_window (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);
  return self->window ? GTK_WINDOW (self->window) : NULL;
}
