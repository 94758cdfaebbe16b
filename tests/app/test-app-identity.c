/* test-app-identity.c: the TSA supervisor's Identity Check in the real app,
 * under Xvfb, against a real portdeskd with the demo holdings
 *
 * The picture comes from a file (--camera-source file:PATH, as for
 * screenshots): a holdings face -> match with its record; a stranger -> no
 * match -> the biographic search -> 1:1 -> red X; a picture without a face
 * -> the reasons; the traveller declines -> the search alone; Escape -> a
 * new check.  With PD_SCREENSHOT_DIR set, each state is saved there as a
 * PNG (they show the demo pictures' faces: made on demand, never committed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-app-test-window.h"
#include "pd-identity-view.h"
#include "pd-json.h"
#include "pd-screenshot.h"
#include "pd-test-daemon.h"
#include "tsa-test-util.h"

#define TIMEOUT_MS 30000

#define WAIT(cond, data) TEST_WAIT (cond, data, TIMEOUT_MS)

static PdTestDaemon   *daemon_;
static PdApplication  *app;
static PdWindow       *win;
static PdIdentityView *view;
static GPtrArray      *holdings;
static TsaHolding     *known, *stranger, *other;
static char           *tmp;

static gboolean
settled (gpointer data)
{
  const char *state = pd_identity_view_get_state (view);

  return g_strcmp0 (state, "busy") != 0 && g_strcmp0 (state, "idle") != 0;
}

static gboolean
has_results (gpointer data)
{
  return pd_identity_view_get_n_results (view) > 0;
}

/* Shows @path as the picture and captures it: the card's state. */
static const char *
capture_file (const char *path)
{
  g_autofree char *source = g_strconcat ("file:", path, NULL);

  pd_identity_view_new_check (view);
  pd_identity_view_set_source (view, source);
  pd_identity_view_capture (view);
  WAIT (settled, NULL);
  return pd_identity_view_get_state (view);
}

static void
open_view (void)
{
  GtkWidget *widget;

  if (g_strcmp0 (pd_window_get_page (win), "workspace") != 0)
    test_window_sign_in (win, "tsa.kim");
  g_assert_true (pd_window_select_view (win, "identity"));
  widget = pd_window_get_view_widget (win, "identity");
  g_assert_true (PD_IS_IDENTITY_VIEW (widget));
  view = PD_IDENTITY_VIEW (widget);
}

static void
test_match (void)
{
  open_view ();
  g_assert_cmpstr (capture_file (known->capture_path), ==, "match");
  g_assert_cmpstr (pd_identity_view_get_record (view), ==, known->record);
  test_window_save_state (win, "identity-match.png");
  /* Escape: a new check, the card empty again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "identity.new-check", NULL));
  g_assert_cmpstr (pd_identity_view_get_state (view), ==, "idle");
  g_assert_null (pd_identity_view_get_record (view));
}

static void
test_no_match_then_verify (void)
{
  open_view ();
  g_assert_cmpstr (capture_file (stranger->capture_path), ==, "no-match");
  g_assert_null (pd_identity_view_get_record (view));   /* never the closest person */
  test_window_save_state (win, "identity-no-match.png");
  pd_identity_view_search (view, other->last_name, other->first_name, other->birth_date, NULL);
  WAIT (has_results, NULL);
  test_window_save_state (win, "identity-search.png");
  pd_identity_view_verify (view, 0);
  WAIT (settled, NULL);
  g_assert_cmpstr (pd_identity_view_get_state (view), ==, "not-verified");
  g_assert_nonnull (strstr (pd_identity_view_get_message (view), "National Transportation Vetting Center"));
  test_window_save_state (win, "identity-red-x.png");
}

static void
test_not_usable (void)
{
  g_autoptr(PdFaceImage) blank = pd_face_image_new (640, 480);
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = g_build_filename (tmp, "blank.png", NULL);

  open_view ();
  memset (blank->rgb, 90, (gsize) 640 * 480 * 3);
  png = tsa_test_png (blank, tmp, "blank.png");
  g_assert_cmpstr (capture_file (path), ==, "not-usable");
  test_window_save_state (win, "identity-not-usable.png");
}

static void
test_declined (void)
{
  open_view ();
  pd_identity_view_new_check (view);
  pd_identity_view_decline (view);
  WAIT (settled, NULL);
  g_assert_cmpstr (pd_identity_view_get_state (view), ==, "declined");
  pd_identity_view_search (view, NULL, NULL, NULL, other->a_number);
  WAIT (has_results, NULL);
  g_assert_cmpuint (pd_identity_view_get_n_results (view), ==, 1);
  /* no photo: nothing to verify against */
  pd_identity_view_verify (view, 0);
  g_assert_cmpstr (pd_identity_view_get_state (view), ==, "declined");
  test_window_save_state (win, "identity-declined.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdClient) admin = NULL, tsa = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) seeded = NULL;
  gint64 check;
  int status;

  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  gtk_test_init (&argc, &argv, NULL);
  app = test_app_start (daemon_, 0);
  win = PD_WINDOW (pd_application_get_main_window (app));

  /* the demo holdings; a stranger (a record removed), a known face, another */
  tmp = g_dir_make_tmp ("pd-app-identity-XXXXXX", NULL);
  admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  tsa = pd_test_login (daemon_, "tsa.kim", NULL, TRUE);
  seeded = pd_client_post (admin, "/v1/demo/seed", &error, "holdings", G_TYPE_INT64, (gint64) 0, NULL);
  g_assert_no_error (error);
  holdings = tsa_test_holdings (admin, tmp);
  stranger = tsa_test_stranger (admin, tsa, holdings, &check);
  for (guint i = 0; i < holdings->len; i++)
    {
      TsaHolding *h = holdings->pdata[i];

      if (h->removed)
        continue;
      if (known == NULL)
        known = h;
      else if (other == NULL)
        other = h;
    }
  g_assert_nonnull (other);

  g_test_add_func ("/app/identity/match", test_match);
  g_test_add_func ("/app/identity/no-match-then-verify", test_no_match_then_verify);
  g_test_add_func ("/app/identity/not-usable", test_not_usable);
  g_test_add_func ("/app/identity/declined", test_declined);
  status = g_test_run ();

  test_app_stop (g_steal_pointer (&app));
  g_ptr_array_unref (holdings);
  pd_test_daemon_free (daemon_);
  g_free (tmp);
  return status;
}
