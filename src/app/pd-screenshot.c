/* pd-screenshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-screenshot"

#include "config.h"

#include <string.h>

#include "pd-error.h"
#include "pd-screenshot.h"
#include "pd-views.h"

#define DEADLINE_US (30 * G_USEC_PER_SEC)

gboolean
pd_screenshot_save (GtkWidget   *widget,
                    const char  *filename,
                    GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0 || gtk_widget_get_native (widget) == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INTERNAL, "The window is not on screen");
      return FALSE;
    }
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INTERNAL, "The window drew nothing");
      return FALSE;
    }
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, filename))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "Cannot write %s", filename);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  PdApplication *app;
  PdWindow      *window;
  char          *filename;
  char          *view;
  char          *page;       /* of the view's pages; NULL: as it opens */
  char          *username;
  char          *password;
  gint64         deadline;
  guint          source;
  gboolean       submitted;
  gboolean       accepted;
  guint          settle;     /* polls to wait once the page is final */
} Shot;

static void
shot_free (Shot *s)
{
  g_object_unref (s->app);
  g_object_unref (s->window);
  g_free (s->filename);
  g_free (s->view);
  g_free (s->page);
  g_free (s->username);
  if (s->password != NULL)
    memset (s->password, 0, strlen (s->password));
  g_free (s->password);
  g_free (s);
}

static void
finish (Shot       *s,
        int         status,
        const char *message)
{
  if (message != NULL)
    g_printerr ("portdesk: %s\n", message);
  pd_application_quit_with_status (s->app, status);
}

static gboolean
ready_to_capture (Shot *s)
{
  /* let animations (stack crossfade, 200 ms) end and a frame be drawn */
  if (s->settle++ < 8)
    return FALSE;
  return TRUE;
}

static gboolean
capture (Shot *s)
{
  g_autoptr(GError) error = NULL;

  if (!pd_screenshot_save (GTK_WIDGET (s->window), s->filename, &error))
    {
      finish (s, 1, error->message);
      return G_SOURCE_REMOVE;
    }
  g_print ("%s: %s%s%s %dx%d\n", s->filename, s->view, s->page != NULL ? "/" : "", s->page != NULL ? s->page : "",
           gtk_widget_get_width (GTK_WIDGET (s->window)), gtk_widget_get_height (GTK_WIDGET (s->window)));
  finish (s, 0, NULL);
  return G_SOURCE_REMOVE;
}

/* The stack in @widget's tree with a page named @name (a view's pages:
 * pd_view_pages_new () or a stack of its own). */
static GtkStack *
stack_with_page (GtkWidget  *widget,
                 const char *name)
{
  if (widget == NULL)
    return NULL;
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), name) != NULL)
    return GTK_STACK (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkStack *stack = stack_with_page (c, name);

      if (stack != NULL)
        return stack;
    }
  return NULL;
}

static gboolean
step_cb (gpointer user_data)
{
  Shot *s = user_data;
  const char *page = pd_window_get_page (s->window);
  PdLoginPage *login = pd_window_get_login_page (s->window);

  if (g_get_monotonic_time () > s->deadline)
    {
      g_autofree char *msg = g_strdup_printf ("timed out on the %s page", page);

      s->source = 0;
      finish (s, 1, msg);
      return G_SOURCE_REMOVE;
    }

  if (pd_window_get_connect_error (s->window) != NULL)
    {
      g_autofree char *msg = g_strdup_printf ("cannot reach the service: %s",
                                              pd_window_get_connect_error (s->window));

      s->source = 0;
      finish (s, 1, msg);
      return G_SOURCE_REMOVE;
    }
  if (g_strcmp0 (page, "login") == 0)
    {
      if (g_str_equal (s->view, "login"))
        return ready_to_capture (s) ? (s->source = 0, capture (s)) : G_SOURCE_CONTINUE;
      if (s->submitted && !pd_login_page_get_busy (login) && pd_login_page_get_error (login) != NULL)
        {
          g_autofree char *msg = g_strdup_printf ("sign-in failed: %s", pd_login_page_get_error (login));

          s->source = 0;
          finish (s, 1, msg);
          return G_SOURCE_REMOVE;
        }
      if (!s->submitted)
        {
          s->submitted = TRUE;
          pd_login_page_set_username (login, s->username);
          pd_login_page_set_password (login, s->password);
          pd_login_page_submit (login);
        }
      return G_SOURCE_CONTINUE;
    }
  if (g_strcmp0 (page, "rules") == 0)
    {
      PdRulesPage *rules = pd_window_get_rules_page (s->window);

      if (pd_rules_page_get_text (rules) == NULL)
        return G_SOURCE_CONTINUE;
      if (g_str_equal (s->view, "rules"))
        return ready_to_capture (s) ? (s->source = 0, capture (s)) : G_SOURCE_CONTINUE;
      if (!s->accepted)
        {
          s->accepted = TRUE;
          pd_rules_page_accept (rules);
        }
      return G_SOURCE_CONTINUE;
    }
  /* pages that come before the workspace when they are due: shown when
   * asked for, else nothing to do from here */
  if (g_strcmp0 (page, "password") == 0 || g_strcmp0 (page, "enrol") == 0)
    {
      if (g_str_equal (s->view, page))
        return ready_to_capture (s) ? (s->source = 0, capture (s)) : G_SOURCE_CONTINUE;
      {
        g_autofree char *msg = g_strdup_printf ("%s must %s before the view \"%s\"", s->username,
                                                g_str_equal (page, "password") ? "choose a new password"
                                                                               : "set up two-factor sign-in",
                                                s->view);

        s->source = 0;
        finish (s, 1, msg);
        return G_SOURCE_REMOVE;
      }
    }
  if (g_strcmp0 (page, "workspace") == 0)
    {
      if (g_strcmp0 (pd_window_get_current_view (s->window), s->view) != 0 &&
          !pd_window_select_view (s->window, s->view))
        {
          g_autofree char *msg = g_strdup_printf ("the %s role has no view \"%s\"",
                                                  pd_window_get_role (s->window), s->view);

          s->source = 0;
          finish (s, 2, msg);
          return G_SOURCE_REMOVE;
        }
      if (s->page != NULL)
        {
          GtkStack *stack = stack_with_page (pd_window_get_view_widget (s->window, s->view), s->page);

          if (stack == NULL)
            {
              g_autofree char *msg = g_strdup_printf ("the view \"%s\" has no page \"%s\"", s->view, s->page);

              s->source = 0;
              finish (s, 2, msg);
              return G_SOURCE_REMOVE;
            }
          gtk_stack_set_visible_child_name (stack, s->page);
        }
      if (pd_window_get_view_busy (s->window))
        return G_SOURCE_CONTINUE;
      return ready_to_capture (s) ? (s->source = 0, capture (s)) : G_SOURCE_CONTINUE;
    }
  return G_SOURCE_CONTINUE;
}

void
pd_screenshot_run (PdApplication *app,
                   PdWindow      *window,
                   const char    *filename,
                   const char    *view,
                   const char    *page,
                   const char    *username,
                   const char    *password)
{
  Shot *s = g_new0 (Shot, 1);

  s->app = g_object_ref (app);
  s->window = g_object_ref (window);
  s->filename = g_strdup (filename);
  s->view = g_strdup (view);
  s->page = g_strdup (page);
  s->username = g_strdup (username);
  s->password = g_strdup (password);
  s->deadline = g_get_monotonic_time () + DEADLINE_US;
  s->source = g_timeout_add_full (G_PRIORITY_DEFAULT, 50, step_cb, s, (GDestroyNotify) shot_free);
  g_source_set_name_by_id (s->source, "[pd] screenshot");
}
