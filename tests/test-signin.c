/* test-signin.c: sign-in that oversight trusts, against a running portdeskd
 *
 * The one-time codes against RFC 4226's HOTP and RFC 6238's TOTP test
 * vectors; enrolment (the secret sealed at rest), confirmation with a code
 * computed here from the secret, sign-in with a code as a second step (a
 * code counts once, wrong ones meet the sign-in throttle, the step waits
 * five minutes at most), recovery codes each usable once, the policy that
 * sends an unenrolled officer to enrolment before anything else, turning
 * it off, an administrator's audited reset; the audit never holds a secret
 * or a code.  The rules of behavior: a changed text is accepted again and
 * the audit names the version.  The redress text is the service's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-config.h"
#include "pd-error.h"
#include "pd-json.h"
#include "pd-test-daemon.h"
#include "pd-totp.h"

/* RFC 4226 appendix D and RFC 6238 appendix B */
static void
test_rfc_vectors (void)
{
  static const guint32 hotp[] = { 755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489 };
  static const struct {
    gint64  t;
    guint32 sha1, sha256, sha512;
  } totp[] = {
    { 59,          94287082, 46119246, 90693936 },
    { 1111111109,   7081804, 68084774, 25091201 },
    { 1111111111,  14050471, 67062674, 99943326 },
    { 1234567890,  89005924, 91819424, 93441116 },
    { 2000000000,  69279037, 90698825, 38618901 },
    { G_GINT64_CONSTANT (20000000000), 65353130, 77737706, 47863826 },
  };
  const guint8 *k20 = (const guint8 *) "12345678901234567890";
  const guint8 *k32 = (const guint8 *) "12345678901234567890123456789012";
  const guint8 *k64 = (const guint8 *) "1234567890123456789012345678901234567890123456789012345678901234";
  g_autofree char *code = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hotp); i++)
    g_assert_cmpuint (pd_hotp (G_CHECKSUM_SHA1, k20, 20, i, 6), ==, hotp[i]);
  for (guint i = 0; i < G_N_ELEMENTS (totp); i++)
    {
      guint64 step = pd_totp_step (totp[i].t);

      g_assert_cmpuint (pd_hotp (G_CHECKSUM_SHA1, k20, 20, step, 8), ==, totp[i].sha1);
      g_assert_cmpuint (pd_hotp (G_CHECKSUM_SHA256, k32, 32, step, 8), ==, totp[i].sha256);
      g_assert_cmpuint (pd_hotp (G_CHECKSUM_SHA512, k64, 64, step, 8), ==, totp[i].sha512);
    }
  /* the six-digit code an authenticator shows: the last six, zero-padded */
  code = pd_totp_code (k20, 20, 1111111109);
  g_assert_cmpstr (code, ==, "081804");
}

static void
test_base32 (void)
{
  /* RFC 4648 section 10 */
  static const char * const plain[] = { "f", "fo", "foo", "foob", "fooba", "foobar" };
  static const char * const enc[] = { "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI" };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autofree char *e = pd_base32_encode ((const guint8 *) plain[i], strlen (plain[i]));
      g_autofree char *lower = g_ascii_strdown (e, -1);
      g_autofree char *padded = g_strdup_printf ("%s===", lower);
      g_autoptr(GBytes) back = pd_base32_decode (padded);
      gsize len = 0;
      const char *data = back != NULL ? g_bytes_get_data (back, &len) : NULL;

      g_assert_cmpstr (e, ==, enc[i]);
      g_assert_cmpmem (data, len, plain[i], strlen (plain[i]));
    }
  g_assert_null (pd_base32_decode ("MZ1W"));
  g_assert_null (pd_base32_decode (""));
  g_assert_null (pd_totp_normalize ("12345"));
  g_assert_null (pd_totp_normalize ("12345a"));
}

static void
test_config_policy (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-signin-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "c.conf", NULL);
  g_autoptr(PdConfig) def = pd_config_new_default ();
  g_autoptr(PdConfig) c = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (def->two_factor_roles, ==, PD_CONFIG_TWO_FACTOR_DEFAULT);
  g_assert_false (def->two_factor_roles_set);
  g_assert_true (def->two_factor_roles & PD_ROLE_BIT (PD_ROLE_TSA_SUPERVISOR));
  g_assert_false (def->two_factor_roles & PD_ROLE_BIT (PD_ROLE_AG_SPECIALIST));

  g_assert_true (g_file_set_contents (path, "[portdeskd]\ntwo_factor_roles=admin;auditor\n", -1, NULL));
  c = pd_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->two_factor_roles, ==, PD_ROLE_BIT (PD_ROLE_ADMIN) | PD_ROLE_BIT (PD_ROLE_AUDITOR));
  g_assert_true (c->two_factor_roles_set);
  g_clear_pointer (&c, pd_config_free);

  g_assert_true (g_file_set_contents (path, "[portdeskd]\ntwo_factor_roles=\n", -1, NULL));
  c = pd_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->two_factor_roles, ==, 0);
  g_clear_pointer (&c, pd_config_free);

  g_assert_true (g_file_set_contents (path, "[portdeskd]\ntwo_factor_roles=cbp_officer;wizard\n", -1, NULL));
  c = pd_config_load (path, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "wizard"));
  g_assert_null (c);
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- the service ---- */

static char *
code_at (const char *secret_b32,
         gint64      unix_us)
{
  g_autoptr(GBytes) key = pd_base32_decode (secret_b32);
  gsize len = 0;
  const guint8 *k = g_bytes_get_data (key, &len);

  return pd_totp_code (k, len, unix_us / G_USEC_PER_SEC);
}

static const char *
str (JsonNode   *node,
     const char *member)
{
  return pd_json_str (json_node_get_object (node), member);
}

/* Signs in with the password; the reply says what is due next. */
static PdClient *
login (PdTestDaemon  *d,
       const char    *user,
       char         **out_due)
{
  g_autoptr(PdClient) c = pd_test_client (d);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (c, "/v1/login", &error, "username", G_TYPE_STRING, user,
                                          "password", G_TYPE_STRING, PD_TEST_DEMO_PASSWORD, NULL);

  g_assert_no_error (error);
  pd_client_set_token (c, str (r, "token"));
  *out_due = g_strdup (str (r, "second_factor"));
  return g_steal_pointer (&c);
}

static void
send_code (PdClient    *c,
           const char  *member,
           const char  *code,
           GQuark       domain,
           int          error_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_post (c, "/v1/login/code", &error, member, G_TYPE_STRING, code, NULL);

  if (domain == 0)
    {
      g_assert_no_error (error);
      g_assert_null (str (r, "second_factor"));
    }
  else
    g_assert_error (error, domain, error_code);
}

static void
refused (PdClient    *c,
         const char  *method,
         const char  *path,
         int          code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r = pd_client_call (c, method, path, NULL, &error);

  g_assert_error (error, PD_ERROR, code);
}

static gint64
audit_count (PdTestDaemon *d,
             const char   *where)
{
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE %s", where);

  return pd_test_db_int (db, sql);
}

static void
test_two_factor (void)
{
  /* officers must use two factors; three wrong codes and the name waits */
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK,
                                                  "[portdeskd]\ntwo_factor_roles=cbp_officer;tsa_supervisor\n"
                                                  "login_max_failures=3\n");
  g_autoptr(PdClient) ray = NULL;
  g_autoptr(PdClient) admin = pd_test_login (d, "admin.demo", NULL, TRUE);
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *code = NULL;
  g_autofree char *db = pd_test_daemon_db_path (d);
  g_auto(GStrv) recovery = NULL;
  gint64 now;

  /* a role the policy does not name signs in with the password */
  {
    g_autoptr(PdClient) lopez = login (d, "ag.lopez", &due);
    g_assert_null (due);
    g_clear_pointer (&due, g_free);
  }

  /* not enrolled: enrolment before anything else, rules included */
  ray = login (d, "officer.ray", &due);
  g_assert_cmpstr (due, ==, "enrol");
  refused (ray, "GET", "/v1/redress", PD_ERROR_SECOND_FACTOR);
  refused (ray, "POST", "/v1/rules/accept", PD_ERROR_SECOND_FACTOR);
  g_assert_cmpint (audit_count (d, "actor = 'officer.ray' AND params LIKE '%second factor pending%'"), >=, 2);
  r = pd_client_call (ray, "GET", "/v1/me/totp", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (pd_json_bool (json_node_get_object (r), "enrolled"));
  g_assert_true (pd_json_bool (json_node_get_object (r), "required"));
  g_clear_pointer (&r, json_node_unref);

  /* confirming before enrolling */
  r = pd_client_post (ray, "/v1/me/totp/confirm", &error, "code", G_TYPE_STRING, "123456", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);

  r = pd_client_call (ray, "POST", "/v1/me/totp/enroll", NULL, &error);
  g_assert_no_error (error);
  secret = g_strdup (str (r, "secret"));
  g_assert_cmpuint (strlen (secret), ==, 32);
  {
    g_autofree char *want = g_strdup_printf ("otpauth://totp/PortDesk:officer.ray?secret=%s&issuer=PortDesk", secret);
    g_assert_true (g_str_has_prefix (str (r, "uri"), want));
  }
  g_clear_pointer (&r, json_node_unref);

  /* sealed at rest: the secret's bytes are not in the database */
  {
    g_autoptr(GBytes) raw = pd_base32_decode (secret);
    g_autofree char *hex = NULL;
    g_autofree char *sql = NULL;
    GString *h = g_string_new (NULL);
    gsize len;
    const guint8 *p = g_bytes_get_data (raw, &len);

    for (gsize i = 0; i < len; i++)
      g_string_append_printf (h, "%02X", p[i]);
    hex = g_string_free (h, FALSE);
    sql = g_strdup_printf ("SELECT count(*) FROM totp WHERE instr(hex(sealed), '%s') > 0 OR length(sealed) != 60", hex);
    g_assert_cmpint (pd_test_db_int (db, sql), ==, 0);
    g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM totp WHERE active = 0"), ==, 1);
  }

  /* a wrong code does not activate it */
  now = pd_test_daemon_now (d);
  code = code_at (secret, now + 10 * 30 * G_USEC_PER_SEC);
  r = pd_client_post (ray, "/v1/me/totp/confirm", &error, "code", G_TYPE_STRING, code, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  r = pd_client_post (ray, "/v1/me/totp/confirm", &error, "code", G_TYPE_STRING, "12a456", NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&code, g_free);

  /* the authenticator's code activates it; ten recovery codes, once */
  code = code_at (secret, now);
  r = pd_client_post (ray, "/v1/me/totp/confirm", &error, "code", G_TYPE_STRING, code, NULL);
  g_assert_no_error (error);
  {
    JsonArray *a = json_object_get_array_member (json_node_get_object (r), "recovery_codes");
    JsonObject *s = json_object_get_object_member (json_node_get_object (r), "session");

    g_assert_cmpuint (json_array_get_length (a), ==, 10);
    recovery = g_new0 (char *, 11);
    for (guint i = 0; i < 10; i++)
      recovery[i] = g_strdup (json_array_get_string_element (a, i));
    g_assert_cmpuint (strlen (recovery[0]), ==, 11);
    g_assert_true (json_object_get_null_member (s, "second_factor"));
  }
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (ray, "POST", "/v1/rules/accept", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (ray, "GET", "/v1/redress", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (str (r, "text"), "DHS TRIP"));
  g_assert_nonnull (strstr (str (r, "text"), "CBP INFO Center"));
  g_clear_pointer (&r, json_node_unref);
  /* enrolling again while on */
  r = pd_client_call (ray, "POST", "/v1/me/totp/enroll", NULL, &error);
  g_assert_error (error, PD_ERROR, PD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_object (&ray);

  /* the next sign-in asks for the code; the one used to confirm is spent */
  g_clear_pointer (&due, g_free);
  ray = login (d, "officer.ray", &due);
  g_assert_cmpstr (due, ==, "code");
  refused (ray, "GET", "/v1/redress", PD_ERROR_SECOND_FACTOR);
  refused (ray, "POST", "/v1/me/totp/enroll", PD_ERROR_SECOND_FACTOR);
  send_code (ray, "code", code, PD_ERROR, PD_ERROR_SECOND_FACTOR);
  pd_test_clock_advance (d, 30);
  g_clear_pointer (&code, g_free);
  code = code_at (secret, pd_test_daemon_now (d));
  send_code (ray, "code", code, 0, 0);
  r = pd_client_call (ray, "POST", "/v1/rules/accept", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  g_clear_object (&ray);

  /* replay: the same code in its window, from another sign-in */
  g_clear_pointer (&due, g_free);
  ray = login (d, "officer.ray", &due);
  send_code (ray, "code", code, PD_ERROR, PD_ERROR_SECOND_FACTOR);
  g_assert_cmpint (audit_count (d, "action = 'login.code' AND actor = 'officer.ray' AND outcome = 'failed'"), ==, 2);

  /* wrong codes meet the sign-in throttle: the third failure locks out a right code */
  send_code (ray, "code", "000000", PD_ERROR, PD_ERROR_SECOND_FACTOR);
  send_code (ray, "code", "000001", PD_ERROR, PD_ERROR_SECOND_FACTOR);
  g_clear_pointer (&code, g_free);
  code = code_at (secret, pd_test_daemon_now (d) + 30 * G_USEC_PER_SEC);   /* the next step: within the tolerance */
  send_code (ray, "code", code, PD_ERROR, PD_ERROR_RATE_LIMITED);
  g_assert_cmpint (audit_count (d, "action = 'login' AND object = 'officer.ray' AND outcome = 'rate_limited'"), >=, 1);
  r = pd_client_call (admin, "POST", "/v1/throttles/clear", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  send_code (ray, "code", code, 0, 0);
  send_code (ray, "code", code, PD_ERROR, PD_ERROR_CONFLICT);   /* nothing due any more */
  g_clear_object (&ray);

  /* the second step waits five minutes */
  g_clear_pointer (&due, g_free);
  ray = login (d, "officer.ray", &due);
  pd_test_clock_advance (d, 5 * 60 + 1);
  g_clear_pointer (&code, g_free);
  code = code_at (secret, pd_test_daemon_now (d));
  send_code (ray, "code", code, PD_ERROR, PD_ERROR_UNAUTHENTICATED);
  g_clear_object (&ray);

  /* a recovery code works once */
  g_clear_pointer (&due, g_free);
  ray = login (d, "officer.ray", &due);
  send_code (ray, "recovery_code", "aaaaa-bbbbb", PD_ERROR, PD_ERROR_SECOND_FACTOR);
  send_code (ray, "recovery_code", recovery[3], 0, 0);
  g_clear_object (&ray);
  g_clear_pointer (&due, g_free);
  ray = login (d, "officer.ray", &due);
  send_code (ray, "recovery_code", recovery[3], PD_ERROR, PD_ERROR_SECOND_FACTOR);
  {
    g_autofree char *upper = g_ascii_strup (recovery[4], -1);
    send_code (ray, "recovery_code", upper, 0, 0);   /* as typed from paper */
  }
  r = pd_client_call (ray, "POST", "/v1/rules/accept", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (ray, "GET", "/v1/me/totp", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_json_bool (json_node_get_object (r), "enrolled"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "recovery_codes_left"), ==, 8);
  g_clear_pointer (&r, json_node_unref);

  /* turning it off needs a current code, and wrong ones meet the throttle
   * (a session taken over cannot try codes at will); the policy then asks
   * for enrolment again */
  for (guint i = 0; i < 3; i++)
    {
      r = pd_client_post (ray, "/v1/me/totp/disable", &error, "code", G_TYPE_STRING, i == 0 ? "999999" : "999998",
                          NULL);
      g_assert_error (error, PD_ERROR, PD_ERROR_SECOND_FACTOR);
      g_clear_error (&error);
    }
  g_assert_cmpint (audit_count (d, "action = 'totp.disable' AND outcome = 'failed'"), ==, 3);
  g_clear_pointer (&code, g_free);
  code = code_at (secret, pd_test_daemon_now (d) + 30 * G_USEC_PER_SEC);
  r = pd_client_post (ray, "/v1/me/totp/disable", &error, "code", G_TYPE_STRING, code, NULL);
  g_assert_error (error, PD_ERROR, PD_ERROR_RATE_LIMITED);
  g_clear_error (&error);
  r = pd_client_call (admin, "POST", "/v1/throttles/clear", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_post (ray, "/v1/me/totp/disable", &error, "code", G_TYPE_STRING, code, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (str (r, "second_factor"), ==, "enrol");
  g_clear_pointer (&r, json_node_unref);
  refused (ray, "GET", "/v1/redress", PD_ERROR_SECOND_FACTOR);
  g_assert_cmpint (pd_test_db_int (db, "SELECT count(*) FROM totp_recovery"), ==, 0);

  /* enrol again, then an administrator resets it (a lost phone): audited, sessions end */
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (ray, "POST", "/v1/me/totp/enroll", NULL, &error);
  g_assert_no_error (error);
  g_free (secret);
  secret = g_strdup (str (r, "secret"));
  g_clear_pointer (&r, json_node_unref);
  g_clear_pointer (&code, g_free);
  code = code_at (secret, pd_test_daemon_now (d));
  r = pd_client_post (ray, "/v1/me/totp/confirm", &error, "code", G_TYPE_STRING, code, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);
  {
    g_autoptr(PdClient) kim = pd_test_login (d, "tsa.kim", NULL, FALSE);   /* not enrolled either */
    refused (kim, "POST", "/v1/users/officer.ray/totp/reset", PD_ERROR_FORBIDDEN);
    refused (kim, "GET", "/v1/redress", PD_ERROR_SECOND_FACTOR);
  }
  {
    g_autoptr(PdClient) fox = pd_test_login (d, "auditor.fox", NULL, TRUE);
    refused (fox, "POST", "/v1/users/officer.ray/totp/reset", PD_ERROR_FORBIDDEN);
  }
  refused (admin, "POST", "/v1/users/nobody.here/totp/reset", PD_ERROR_NOT_FOUND);
  r = pd_client_call (admin, "POST", "/v1/users/officer.ray/totp/reset", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (audit_count (d, "action = 'user.totp_reset' AND actor = 'admin.demo' AND object = 'officer.ray' "
                                   "AND outcome = 'ok' AND params LIKE '%\"had_two_factor\":\"yes\"%'"), ==, 1);
  refused (ray, "GET", "/v1/session", PD_ERROR_UNAUTHENTICATED);
  g_clear_object (&ray);
  g_clear_pointer (&due, g_free);
  ray = login (d, "officer.ray", &due);
  g_assert_cmpstr (due, ==, "enrol");

  /* every step audited, never a secret or a code */
  g_assert_cmpint (audit_count (d, "action = 'totp.enroll' AND outcome = 'ok'"), ==, 2);
  g_assert_cmpint (audit_count (d, "action = 'totp.confirm' AND outcome = 'ok'"), ==, 2);
  g_assert_cmpint (audit_count (d, "action = 'totp.confirm' AND outcome = 'failed'"), ==, 1);
  g_assert_cmpint (audit_count (d, "action = 'totp.disable' AND outcome = 'ok'"), ==, 1);
  g_assert_cmpint (audit_count (d, "action = 'login.code' AND outcome = 'ok' AND params LIKE '%recovery%'"), ==, 2);
  {
    g_autofree char *sql = g_strdup_printf ("instr(params, '%s') > 0 OR instr(params, '%s') > 0 OR "
                                            "instr(params, '%s') > 0", secret, code, recovery[5]);
    g_assert_cmpint (audit_count (d, sql), ==, 0);
  }
}

/* --demo leaves the policy off unless the configuration names roles;
 * the default names the roles that reach biometric or LPR data. */
static void
test_demo_policy (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autoptr(PdTestDaemon) strict = pd_test_daemon_new (PD_TEST_DAEMON_DEMO,
      "[portdeskd]\ntwo_factor_roles=tsa_supervisor;cbp_officer;lpr_analyst;pau_analyst;port_director\n");
  const char *users[] = { "tsa.kim", "officer.ray", "lpr.ortiz", "pau.diaz", "director.ng" };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *due = NULL;
      g_autofree char *strict_due = NULL;
      g_autoptr(PdClient) a = login (d, users[i], &due);
      g_autoptr(PdClient) b = login (strict, users[i], &strict_due);

      g_assert_null (due);
      g_assert_cmpstr (strict_due, ==, "enrol");
    }
}

/* The rules name the permissible uses and the absence of privacy; a changed
 * text must be accepted again, and the audit names the version accepted. */
static void
test_rules_version (void)
{
  g_autoptr(PdTestDaemon) plain = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, NULL);
  g_autofree char *dir = g_dir_make_tmp ("pd-rules-XXXXXX", NULL);
  g_autofree char *rules = g_build_filename (dir, "rules.txt", NULL);
  g_autofree char *conf = g_strdup_printf ("[portdeskd]\nrules_file=%s\n", rules);
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) lopez = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *where = NULL;

  {
    g_autoptr(PdClient) c = pd_test_login (plain, "ag.lopez", NULL, FALSE);

    r = pd_client_call (c, "GET", "/v1/rules", NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (str (r, "text"), "no reasonable expectation of privacy"));
    g_assert_nonnull (strstr (str (r, "text"), "Permissible uses"));
    g_clear_pointer (&r, json_node_unref);
  }

  g_assert_true (g_file_set_contents (rules, "Rules, first version.\n", -1, NULL));
  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, conf);
  lopez = pd_test_login (d, "ag.lopez", NULL, TRUE);
  r = pd_client_call (lopez, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_json_bool (json_node_get_object (r), "rules_accepted"));
  v1 = g_strdup (str (r, "rules_version"));
  g_clear_pointer (&r, json_node_unref);

  /* the same text after a restart: still accepted */
  pd_test_daemon_stop (d);
  pd_test_daemon_start (d, PD_TEST_DAEMON_DEMO);
  r = pd_client_call (lopez, "GET", "/v1/inspections?limit=1", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, json_node_unref);

  /* a new text: the session must accept it before anything else */
  pd_test_daemon_stop (d);
  g_assert_true (g_file_set_contents (rules, "Rules, second version.\n", -1, NULL));
  pd_test_daemon_start (d, PD_TEST_DAEMON_DEMO);
  r = pd_client_call (lopez, "GET", "/v1/session", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (pd_json_bool (json_node_get_object (r), "rules_accepted"));
  g_assert_cmpstr (str (r, "rules_version"), !=, v1);
  g_clear_pointer (&r, json_node_unref);
  refused (lopez, "GET", "/v1/inspections?limit=1", PD_ERROR_RULES_NOT_ACCEPTED);
  r = pd_client_call (lopez, "POST", "/v1/rules/accept", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_json_bool (json_node_get_object (r), "rules_accepted"));
  where = g_strdup_printf ("action = 'rules.accept' AND actor = 'ag.lopez' AND params LIKE '%%\"rules_version\":\"%s\"%%'",
                           str (r, "rules_version"));
  g_assert_cmpint (audit_count (d, where), ==, 1);
  g_free (where);
  where = g_strdup_printf ("action = 'rules.accept' AND actor = 'ag.lopez' AND params LIKE '%%\"rules_version\":\"%s\"%%'", v1);
  g_assert_cmpint (audit_count (d, where), ==, 1);
  g_clear_pointer (&r, json_node_unref);
  r = pd_client_call (lopez, "GET", "/v1/inspections?limit=1", NULL, &error);
  g_assert_no_error (error);

  g_unlink (rules);
  g_rmdir (dir);
}

/* The redress text is configurable like the rules, and served to officers. */
static void
test_redress_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-redress-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "redress.txt", NULL);
  g_autofree char *conf = g_strdup_printf ("[portdeskd]\nredress_file=%s\n", path);
  g_autoptr(PdTestDaemon) d = NULL;
  g_autoptr(PdClient) kim = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "Ask at the port's information desk.\n", -1, NULL));
  d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO, conf);
  kim = pd_test_login (d, "tsa.kim", NULL, TRUE);
  r = pd_client_call (kim, "GET", "/v1/redress", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (r, "text"), ==, "Ask at the port's information desk.");
  g_assert_cmpuint (strlen (str (r, "version")), ==, 12);
  g_assert_cmpint (audit_count (d, "action = 'redress.view' AND actor = 'tsa.kim'"), ==, 1);
  g_unlink (path);
  g_rmdir (dir);
}

/* portdeskctl: enrol, confirm, sign in with --code or $PORTDESK_TOTP_CODE,
 * status, turn off; an administrator's totp-reset. */
static void
test_ctl (void)
{
  g_autoptr(PdTestDaemon) d = pd_test_daemon_new (PD_TEST_DAEMON_DEMO | PD_TEST_DAEMON_TEST_CLOCK,
                                                  "[portdeskd]\ntwo_factor_roles=lpr_analyst\n");
  g_autofree char *pw = g_build_filename (d->dir, "pw", NULL);
  g_autofree char *out = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *code = NULL;
  g_autoptr(JsonNode) r = NULL;

  g_assert_true (g_file_set_contents (pw, PD_TEST_DEMO_PASSWORD "\n", -1, NULL));
  /* enrolment due: other commands are refused, the totp ones go through */
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "lpr.ortiz", "--password-file", pw, "--accept-rules",
                                "lpr", "cases", NULL), ==, 4);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--json", "--user", "lpr.ortiz", "--password-file", pw,
                                "totp", "enroll", NULL), ==, 0);
  r = json_from_string (out, NULL);
  g_assert_nonnull (r);
  secret = g_strdup (str (r, "secret"));
  g_assert_nonnull (secret);
  g_clear_pointer (&out, g_free);
  code = code_at (secret, pd_test_daemon_now (d));
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "lpr.ortiz", "--password-file", pw,
                                "totp", "confirm", code, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "shown only now"));
  {
    guint lines = 0;

    for (const char *p = out; *p != '\0'; p++)
      lines += *p == '\n';
    g_assert_cmpuint (lines, ==, 2 + 10);
  }
  g_clear_pointer (&out, g_free);

  /* a code is due now: a wrong one is refused, the next one works */
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "lpr.ortiz", "--password-file", pw, "--code", "000000",
                                "--accept-rules", "totp", "status", NULL), ==, 4);
  g_clear_pointer (&out, g_free);
  pd_test_clock_advance (d, 30);
  g_free (code);
  code = code_at (secret, pd_test_daemon_now (d));
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "lpr.ortiz", "--password-file", pw, "--code", code,
                                "--accept-rules", "totp", "status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Two-factor sign-in is on"));
  g_assert_nonnull (strstr (out, "10 recovery codes left"));
  g_clear_pointer (&out, g_free);

  /* from the environment, for scripts */
  pd_test_clock_advance (d, 30);
  g_free (code);
  code = code_at (secret, pd_test_daemon_now (d));
  g_setenv ("PORTDESK_TOTP_CODE", code, TRUE);
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "lpr.ortiz", "--password-file", pw, "--accept-rules",
                                "totp", "status", NULL), ==, 0);
  g_unsetenv ("PORTDESK_TOTP_CODE");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "admin.demo", "--password-file", pw, "--accept-rules",
                                "user", "totp-reset", "lpr.ortiz", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "reset"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (pd_test_ctl (d, &out, "--user", "lpr.ortiz", "--password-file", pw, "--accept-rules",
                                "totp", "status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "is off; your role must use it"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/signin/totp/rfc-vectors", test_rfc_vectors);
  g_test_add_func ("/signin/totp/base32", test_base32);
  g_test_add_func ("/signin/config/policy", test_config_policy);
  g_test_add_func ("/signin/daemon/two-factor", test_two_factor);
  g_test_add_func ("/signin/daemon/demo-policy", test_demo_policy);
  g_test_add_func ("/signin/daemon/rules-version", test_rules_version);
  g_test_add_func ("/signin/daemon/redress-file", test_redress_file);
  g_test_add_func ("/signin/ctl", test_ctl);
  return g_test_run ();
}
