/* test-screenshots.c: `portdesk --screenshot` renders every view
 *
 * Runs the real portdesk binary (PORTDESK_APP) against a real portdeskd,
 * once per view, signed in as a user whose role has it, and checks the PNG.
 * Set PORTDESK_SCREENSHOT_DIR to keep the pictures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "pd-app-test-util.h"
#include "pd-json.h"

static PdTestDaemon *daemon_;
static char       *password_file;

typedef struct {
  const char *view;
  const char *user;
  const char *password_file;   /* NULL: the demo's password */
  const char *page;            /* of the view's pages; NULL: as it opens */
} Shot;

static const Shot shots[] = {
  { "login",      NULL },
  { "rules",      "ag.lopez" },
  { "scheduling", "ag.lopez" },
  { "identity",   "tsa.kim" },
  { "lpr",        "lpr.ortiz" },
  { "landing",    "director.ng" },
  { "alerts",     "officer.ray" },
  { "alerts",     "officer.ray", NULL, "history" },
  { "alerts",     "officer.ray", NULL, "flights" },
  { "alerts",     "officer.ray", NULL, "gates" },
  { "lpr",        "lpr.ortiz", NULL, "displays" },
  { "lpr",        "lpr.ortiz", NULL, "query" },
  { "lpr",        "lpr.ortiz", NULL, "cases" },
  { "landing",    "director.ng", NULL, "schedule" },
  { "reports",    "officer.ray" },
  { "buses",      "officer.ray" },
  { "audit",      "auditor.fox" },
  { "flags",      "auditor.fox" },
  { "access",     "director.ng" },
  { "users",      "admin.demo" },
  { "approvals",  "sysowner" },
  { "apikeys",    "admin.demo" },
  { "suspensions", "admin.demo" },
  { "retention",  "admin.demo" },
  { "imports",    "admin.demo" },
};

static int
run_portdesk (const char  *socket_path,
              const char  *data_dir,
              char       **out_stdout,
              char       **out_stderr,
              const char  *first_arg,
              ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_assert_nonnull (g_getenv ("PORTDESK_APP"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("PORTDESK_APP"));
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "PORTDESK_SOCKET", socket_path, TRUE);
  if (data_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "PORTDESK_DATA_DIR", data_dir, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static guint
count_colors (GdkPixbuf *pixbuf)
{
  g_autoptr(GHashTable) colors = g_hash_table_new (g_direct_hash, g_direct_equal);
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);

  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y += 2)
    for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x += 2)
      {
        const guint8 *p = pixels + y * stride + x * n;
        guint rgb = (p[0] << 16) | (p[1] << 8) | p[2];

        g_hash_table_add (colors, GUINT_TO_POINTER (rgb + 1));
      }
  return g_hash_table_size (colors);
}

static void
test_view (gconstpointer data)
{
  const Shot *s = data;
  g_autofree char *dir = g_dir_make_tmp ("pd-shot-XXXXXX", NULL);
  g_autofree char *name = s->page != NULL ? g_strdup_printf ("%s-%s", s->view, s->page) : g_strdup (s->view);
  g_autofree char *file = g_strdup_printf ("%s/%s.png", dir, name);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expect = NULL;
  int status;

  if (s->page != NULL)
    status = run_portdesk (daemon_->socket, NULL, &out, &err, "--screenshot", file, "--view", s->view,
                           "--page", s->page, "--user", s->user, "--password-file", password_file, NULL);
  else if (s->user != NULL)
    status = run_portdesk (daemon_->socket, NULL, &out, &err, "--screenshot", file, "--view", s->view,
                           "--user", s->user, "--password-file",
                           s->password_file != NULL ? s->password_file : password_file, NULL);
  else
    status = run_portdesk (daemon_->socket, NULL, &out, &err, "--screenshot", file, "--view", s->view, NULL);
  if (status != 0)
    g_test_message ("portdesk said: %s", err);
  g_assert_cmpint (status, ==, 0);
  expect = s->page != NULL ? g_strdup_printf ("%s: %s/%s ", file, s->view, s->page)
                           : g_strdup_printf ("%s: %s ", file, s->view);
  g_assert_true (g_str_has_prefix (out, expect));

  pixbuf = gdk_pixbuf_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >=, 800);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), >=, 500);
  /* a drawn window, not an empty or single-colour surface */
  g_assert_cmpuint (count_colors (pixbuf), >, 20);

  if (g_getenv ("PORTDESK_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *keep = g_strdup_printf ("%s/%s.png", g_getenv ("PORTDESK_SCREENSHOT_DIR"), name);
      g_autoptr(GFile) src = g_file_new_for_path (file);
      g_autoptr(GFile) dst = g_file_new_for_path (keep);

      g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_unlink (file);
  g_rmdir (dir);
}

/* A user whose password an administrator reset is shown the new-password
 * page, which a screenshot takes as the view "password"; any other view
 * is refused with the reason. */
static void
test_password_page (void)
{
  g_autoptr(PdClient) admin = pd_test_login (daemon_, "admin.demo", NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) made = pd_client_post (admin, "/v1/users", &error, "username", G_TYPE_STRING, "shot.new",
                                             "display_name", G_TYPE_STRING, "Shot New", "email", G_TYPE_STRING,
                                             "shot.new@cbp.dhs.gov", "role", G_TYPE_STRING, "cbp_officer",
                                             "port", G_TYPE_STRING, "LAX", NULL);
  g_autofree char *otp = g_build_filename (daemon_->dir, "one-time", NULL);
  g_autofree char *dir = g_dir_make_tmp ("pd-shot-XXXXXX", NULL);
  g_autofree char *file = g_strdup_printf ("%s/x.png", dir);
  g_autofree char *out = NULL, *err = NULL;
  Shot shot = { "password", "shot.new", otp };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (otp, pd_json_str (json_node_get_object (made), "one_time_password"), -1,
                                      NULL));
  test_view (&shot);
  g_assert_cmpint (run_portdesk (daemon_->socket, NULL, &out, &err, "--screenshot", file, "--view", "alerts",
                                 "--user", "shot.new", "--password-file", otp, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "must choose a new password"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
  g_unlink (otp);
}

static void
test_view_not_allowed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-shot-XXXXXX", NULL);
  g_autofree char *file = g_strdup_printf ("%s/users.png", dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  /* an officer has no Users view: no picture, an error */
  status = run_portdesk (daemon_->socket, NULL, &out, &err, "--screenshot", file, "--view", "users",
                         "--user", "officer.ray", "--password-file", password_file, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "no view"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  /* nor a page its view does not have */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_portdesk (daemon_->socket, NULL, &out, &err, "--screenshot", file, "--view", "alerts", "--page",
                         "displays", "--user", "officer.ray", "--password-file", password_file, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "has no page \"displays\""));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_bad_password (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-shot-XXXXXX", NULL);
  g_autofree char *file = g_strdup_printf ("%s/x.png", dir);
  g_autofree char *bad = g_strdup_printf ("%s/bad", dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_file_set_contents (bad, "not-the-password\n", -1, NULL));
  status = run_portdesk (daemon_->socket, NULL, &out, &err, "--screenshot", file, "--view", "scheduling",
                         "--user", "ag.lopez", "--password-file", bad, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "sign-in failed"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_unlink (bad);
  g_rmdir (dir);
}

static gboolean
answers (gpointer data)
{
  return pd_test_socket_answers (data);
}

static void
test_autostart (void)
{
  /* No portdeskd on this socket: the app starts one (PORTDESK_DAEMON, its
   * data in PORTDESK_DATA_DIR), waits for it, uses it, and stops it when
   * it exits. */
  PdTestDaemon *fresh = pd_test_daemon_new (PD_TEST_DAEMON_NO_START, NULL);
  g_autofree char *file = g_build_filename (fresh->dir, "login.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 end;
  int status;

  g_assert_false (pd_test_socket_answers (fresh->socket));
  status = run_portdesk (fresh->socket, fresh->data_dir, &out, &err,
                         "--screenshot", file, "--view", "login", NULL);
  if (status != 0)
    g_test_message ("portdesk said: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh->data_dir, G_FILE_TEST_IS_DIR));

  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (answers (fresh->socket))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (50000);
    }
  pd_test_daemon_free (fresh);
}

static void
test_no_service (void)
{
  /* Nothing on the socket and a portdeskd that cannot start: a clear
   * error, quickly, and no picture. */
  PdTestDaemon *fresh = pd_test_daemon_new (PD_TEST_DAEMON_NO_START, NULL);
  g_autofree char *file = g_build_filename (fresh->dir, "login.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *daemon = g_getenv ("PORTDESK_DAEMON");
  gint64 start = g_get_monotonic_time ();
  int status;

  g_setenv ("PORTDESK_DAEMON", "/bin/false", TRUE);
  status = run_portdesk (fresh->socket, fresh->data_dir, &out, &err,
                         "--screenshot", file, "--view", "login", NULL);
  g_setenv ("PORTDESK_DAEMON", daemon, TRUE);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "cannot reach the service"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  pd_test_daemon_free (fresh);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* every screenshot signs in from this one client: more than the 20 a minute a workstation is allowed */
  daemon_ = pd_test_daemon_new (PD_TEST_DAEMON_NO_START, "[portdeskd]\nlogin_rate_per_minute=100\n");
  pd_test_daemon_start (daemon_, PD_TEST_DAEMON_DEMO);
  password_file = g_build_filename (daemon_->dir, "password", NULL);
  g_assert_true (g_file_set_contents (password_file, DEMO_PASSWORD "\n", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autofree char *path = shots[i].page != NULL ? g_strdup_printf ("/app/screenshot/%s/%s", shots[i].view,
                                                                        shots[i].page)
                                                    : g_strdup_printf ("/app/screenshot/%s", shots[i].view);

      g_test_add_data_func (path, &shots[i], test_view);
    }
  g_test_add_func ("/app/screenshot/view-not-allowed", test_view_not_allowed);
  g_test_add_func ("/app/screenshot/password-page", test_password_page);
  g_test_add_func ("/app/screenshot/bad-password", test_bad_password);
  g_test_add_func ("/app/screenshot/autostart", test_autostart);
  g_test_add_func ("/app/screenshot/no-service", test_no_service);

  status = g_test_run ();
  g_unlink (password_file);
  g_free (password_file);
  pd_test_daemon_free (daemon_);
  return status;
}
