/* test-core.c: errors, the clock, times, strict JSON input, configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-core"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-clock.h"
#include "pd-config.h"
#include "pd-error.h"
#include "pd-csv.h"
#include "pd-flow.h"
#include "pd-json.h"
#include "pd-mrz.h"
#include "pd-paxlst.h"
#include "pd-throttle.h"

static void
test_error_table (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < PD_ERROR_LAST; i++)
    {
      const char *name = pd_error_code_name (i);
      guint status = pd_error_http_status (i);

      g_assert_nonnull (name);
      g_assert_cmpuint (strlen (name), >, 0);
      g_assert_true (g_hash_table_add (names, (gpointer) name));     /* unique */
      g_assert_cmpint (pd_error_code_from_name (name), ==, i);        /* round trip */
      g_assert_cmpuint (status, >=, 400);
      g_assert_cmpuint (status, <, 600);
      /* the status maps back to a code with the same status */
      g_assert_cmpuint (pd_error_http_status (pd_error_code_from_http (status)), ==, status);
    }
  g_assert_cmpuint (pd_error_http_status (PD_ERROR_INVALID), ==, 400);
  g_assert_cmpuint (pd_error_http_status (PD_ERROR_UNAUTHENTICATED), ==, 401);
  g_assert_cmpuint (pd_error_http_status (PD_ERROR_FORBIDDEN), ==, 403);
  g_assert_cmpuint (pd_error_http_status (PD_ERROR_RULES_NOT_ACCEPTED), ==, 403);
  g_assert_cmpuint (pd_error_http_status (PD_ERROR_NOT_FOUND), ==, 404);
  g_assert_cmpuint (pd_error_http_status (PD_ERROR_TOO_LARGE), ==, 413);
  g_assert_cmpuint (pd_error_http_status (PD_ERROR_INTERNAL), ==, 500);
  g_assert_cmpstr (pd_error_code_name (PD_ERROR_RULES_NOT_ACCEPTED), ==, "rules_not_accepted");
  /* outside the table */
  g_assert_cmpuint (pd_error_http_status (PD_ERROR_LAST), ==, 500);
  g_assert_cmpuint (pd_error_http_status ((PdErrorCode) 999), ==, 500);
  g_assert_cmpstr (pd_error_code_name ((PdErrorCode) 999), ==, "internal");
  g_assert_cmpint (pd_error_code_from_name ("no-such-code"), ==, PD_ERROR_INTERNAL);
  g_assert_cmpint (pd_error_code_from_name (NULL), ==, PD_ERROR_INTERNAL);
  g_assert_cmpint (pd_error_code_from_http (418), ==, PD_ERROR_INVALID);
  g_assert_cmpint (pd_error_code_from_http (502), ==, PD_ERROR_INTERNAL);
  g_assert_cmpuint (pd_error_quark (), ==, g_quark_from_string ("pd-error-quark"));
}

static void
test_clock_test_mode (void)
{
  g_autoptr(PdClock) clock = pd_clock_new (TRUE);
  g_autoptr(GError) error = NULL;
  gint64 t0 = pd_clock_now (clock);
  gint64 later = G_GINT64_CONSTANT (4102444800) * G_USEC_PER_SEC;   /* 2100-01-01 */

  g_assert_true (pd_clock_is_test_mode (clock));
  g_assert_cmpint (t0, >, 0);
  g_usleep (2000);
  g_assert_cmpint (pd_clock_now (clock), ==, t0);                  /* stands still */

  g_assert_true (pd_clock_advance (clock, 5 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_clock_now (clock), ==, t0 + 5 * G_USEC_PER_SEC);
  g_assert_true (pd_clock_advance (clock, 0, &error));
  g_assert_cmpint (pd_clock_now (clock), ==, t0 + 5 * G_USEC_PER_SEC);

  /* never backward */
  g_assert_false (pd_clock_advance (clock, -1, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "forward"));
  g_clear_error (&error);
  g_assert_cmpint (pd_clock_now (clock), ==, t0 + 5 * G_USEC_PER_SEC);

  g_assert_true (pd_clock_set (clock, later, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_clock_now (clock), ==, later);
  g_assert_true (pd_clock_advance (clock, 365 * PD_USEC_PER_DAY, &error));
  g_assert_cmpint (pd_clock_now (clock), ==, later + 365 * PD_USEC_PER_DAY);
}

static void
test_clock_real_mode (void)
{
  g_autoptr(PdClock) clock = pd_clock_new (FALSE);
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time ();
  gint64 now = pd_clock_now (clock);

  g_assert_false (pd_clock_is_test_mode (clock));
  g_assert_cmpint (now, >=, before);
  g_assert_false (pd_clock_set (clock, 0, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "--test-clock"));
  g_clear_error (&error);
  g_assert_false (pd_clock_advance (clock, PD_USEC_PER_DAY, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (pd_clock_now (clock), <, before + PD_USEC_PER_HOUR);   /* not moved by a day */
}

static void
test_time_round_trip (void)
{
  const gint64 values[] = {
    G_USEC_PER_SEC,
    G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC,
    G_GINT64_CONSTANT (1700000000123456),
    G_GINT64_CONSTANT (1763833467000001),
    G_GINT64_CONSTANT (4102444799999999),
  };
  gint64 a = 0, b = 0;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *s = pd_time_format (values[i]);
      gint64 back = 0;

      g_test_message ("%" G_GINT64_FORMAT " -> %s", values[i], s);
      g_assert_true (g_str_has_suffix (s, "Z"));
      g_assert_true (pd_time_parse (s, &back));
      g_assert_cmpint (back, ==, values[i]);
    }
  {
    g_autofree char *s = pd_time_format (G_GINT64_CONSTANT (1700000000123456));
    g_assert_cmpstr (s, ==, "2023-11-14T22:13:20.123456Z");
  }
  /* zones are honoured */
  g_assert_true (pd_time_parse ("2026-11-22T10:00:00+02:00", &a));
  g_assert_true (pd_time_parse ("2026-11-22T08:00:00Z", &b));
  g_assert_cmpint (a, ==, b);
  /* garbage is refused */
  g_assert_false (pd_time_parse (NULL, &a));
  g_assert_false (pd_time_parse ("", &a));
  g_assert_false (pd_time_parse ("yesterday", &a));
  g_assert_false (pd_time_parse ("2026-13-45T99:00:00Z", &a));
}

static JsonObject *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = pd_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  return o;
}

static void
test_json_parse (void)
{
  const char *bad[] = { "", "{not json", "[1, 2]", "42", "\"text\"", "null" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) o = pd_json_parse_object (bad[i], strlen (bad[i]), &error);
      g_assert_null (o);
      g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
      g_clear_error (&error);
    }
  {
    g_autoptr(JsonObject) o = pd_json_parse_object ("{\"a\":\"x\0y\"}", 11, &error);
    g_assert_null (o);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "NUL"));
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonObject) o = pd_json_parse_object (NULL, 0, &error);
    g_assert_null (o);
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_clear_error (&error);
  }
  ok = pd_json_parse_object ("{\"a\": 1}", -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (ok, "a"));

  /* the error body the API answers with */
  {
    g_autoptr(GError) e = g_error_new_literal (PD_ERROR, PD_ERROR_LOCKED, "locked out");
    g_autoptr(JsonNode) n = pd_json_error_new (e);
    g_autofree char *s = pd_json_to_string (n, FALSE);
    g_assert_cmpstr (s, ==, "{\"error\":{\"code\":\"locked\",\"message\":\"locked out\"}}");
  }
}

static void
test_json_getters (void)
{
  g_autoptr(JsonObject) o = parse ("{\"s\":\"hello\",\"empty\":\"\",\"n\":42,\"f\":1.5,\"b\":true,\"nul\":null,"
                                   "\"arr\":[1],\"obj\":{},\"ns\":\"42\"}");
  g_autoptr(GError) error = NULL;
  const char *s = "unchanged";
  gint64 n = -7;
  gboolean b = FALSE;

  /* strings */
  g_assert_true (pd_json_get_string (o, "s", TRUE, 10, &s, &error));
  g_assert_cmpstr (s, ==, "hello");
  g_assert_false (pd_json_get_string (o, "s", TRUE, 4, &s, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "'s'"));
  g_assert_nonnull (strstr (error->message, "longer than 4"));
  g_clear_error (&error);
  for (guint i = 0; i < 5; i++)
    {
      const char *wrong[] = { "n", "f", "b", "arr", "obj" };
      g_assert_false (pd_json_get_string (o, wrong[i], FALSE, 0, &s, &error));
      g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "must be a string"));
      g_clear_error (&error);
    }
  g_assert_false (pd_json_get_string (o, "empty", TRUE, 0, &s, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pd_json_get_string (o, "missing", TRUE, 0, &s, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Missing required field 'missing'"));
  g_clear_error (&error);
  s = "unchanged";
  g_assert_true (pd_json_get_string (o, "missing", FALSE, 0, &s, &error));
  g_assert_true (pd_json_get_string (o, "nul", FALSE, 0, &s, &error));      /* null = absent */
  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "unchanged");

  /* integers */
  g_assert_true (pd_json_get_int (o, "n", TRUE, 0, 100, &n, &error));
  g_assert_cmpint (n, ==, 42);
  g_assert_false (pd_json_get_int (o, "n", TRUE, 0, 41, &n, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "between 0 and 41"));
  g_clear_error (&error);
  g_assert_false (pd_json_get_int (o, "n", TRUE, 43, 100, &n, &error));
  g_clear_error (&error);
  for (guint i = 0; i < 4; i++)
    {
      const char *wrong[] = { "f", "ns", "b", "arr" };
      n = -7;
      g_assert_false (pd_json_get_int (o, wrong[i], FALSE, G_MININT64, G_MAXINT64, &n, &error));
      g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "must be an integer"));
      g_assert_cmpint (n, ==, -7);
      g_clear_error (&error);
    }
  g_assert_false (pd_json_get_int (o, "missing", TRUE, 0, 1, &n, &error));
  g_clear_error (&error);

  /* booleans */
  g_assert_true (pd_json_get_bool (o, "b", TRUE, &b, &error));
  g_assert_true (b);
  g_assert_false (pd_json_get_bool (o, "n", TRUE, &b, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pd_json_get_bool (o, "s", TRUE, &b, &error));
  g_clear_error (&error);

  /* unknown members */
  {
    const char * const allowed[] = { "s", "empty", "n", "f", "b", "nul", "arr", "obj", "ns", NULL };
    const char * const fewer[] = { "s", "n", NULL };
    g_autoptr(JsonObject) one = parse ("{\"s\":\"x\",\"surprise\":1}");

    g_assert_true (pd_json_check_members (o, allowed, &error));
    g_assert_no_error (error);
    g_assert_false (pd_json_check_members (one, fewer, &error));
    g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "Unknown field 'surprise'");
  }
}

static char *
write_config (const char *dir,
              const char *text)
{
  char *path = g_build_filename (dir, "portdeskd.conf", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_config (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("portdesk-core-XXXXXX", &error);
  struct { const char *text; const char *message; } bad[] = {
    { "[portdeskd]\nsession_idle_minutes=0\n", "Setting session_idle_minutes must be a whole number from 1 to 1440" },
    { "[portdeskd]\nsession_idle_minutes=abc\n", "session_idle_minutes" },
    { "[portdeskd]\nsession_idle_minutes=-5\n", "session_idle_minutes" },
    { "[portdeskd]\nsession_max_hours=25\n", "Setting session_max_hours must be a whole number from 1 to 24" },
    { "[portdeskd]\nlogin_max_failures=0\n", "login_max_failures" },
    { "[portdeskd]\nlockout_minutes=100000\n", "lockout_minutes" },
    { "[portdeskd]\naudit_checkpoint_every=0\n", "audit_checkpoint_every" },
    { "[portdeskd]\nretention_interval_seconds=86401\n", "retention_interval_seconds" },
    { "[portdeskd]\nmax_body_bytes=10\n", "max_body_bytes" },
    { "[portdeskd]\ntsa_email_domain=\n", "tsa_email_domain must be a domain name" },
    { "[portdeskd]\ntsa_email_domain=bob@tsa.dhs.gov\n", "tsa_email_domain must be a domain name" },
    { "this is not a key file\n", "Cannot read configuration" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = write_config (dir, bad[i].text);
      g_autoptr(PdConfig) c = pd_config_load (path, &error);

      g_assert_null (c);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].message));
      if (i + 1 < G_N_ELEMENTS (bad))
        g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
      g_clear_error (&error);
      g_unlink (path);
    }
  /* a missing file */
  {
    g_autofree char *path = g_build_filename (dir, "absent.conf", NULL);
    g_autoptr(PdConfig) c = pd_config_load (path, &error);
    g_assert_null (c);
    g_assert_nonnull (strstr (error->message, "Cannot read configuration"));
    g_assert_nonnull (strstr (error->message, "absent.conf"));
    g_clear_error (&error);
  }
  /* good values, and the defaults for what is not said */
  {
    g_autofree char *path = write_config (dir, "[portdeskd]\nsession_idle_minutes=15\nsession_max_hours=8\n"
                                               "audit_checkpoint_every=5\nretention_interval_seconds=1\n"
                                               "tsa_email_domain= Example.GOV \n");
    g_autoptr(PdConfig) c = pd_config_load (path, &error);
    g_autoptr(PdConfig) def = pd_config_new_default ();

    g_assert_no_error (error);
    g_assert_cmpint (c->session_idle_us, ==, 15 * 60 * G_USEC_PER_SEC);
    g_assert_cmpint (c->session_max_us, ==, 8 * PD_USEC_PER_HOUR);
    g_assert_cmpuint (c->audit_checkpoint_every, ==, 5);
    g_assert_cmpuint (c->retention_interval_s, ==, 1);
    g_assert_cmpstr (c->tsa_email_domain, ==, "example.gov");
    g_assert_cmpuint (c->login_max_failures, ==, def->login_max_failures);
    g_assert_cmpint (c->lockout_us, ==, def->lockout_us);
    g_assert_cmpuint (c->max_body_bytes, ==, def->max_body_bytes);
    g_assert_null (c->rules_file);
    g_unlink (path);
  }
  {
    g_autoptr(PdConfig) def = pd_config_new_default ();
    g_assert_cmpint (def->session_idle_us, ==, 30 * 60 * G_USEC_PER_SEC);
    g_assert_cmpint (def->session_max_us, ==, 12 * PD_USEC_PER_HOUR);
    g_assert_cmpstr (def->tsa_email_domain, ==, "tsa.dhs.gov");
  }
  g_rmdir (dir);
}

/* A name's failures slow down only the client that made them; the wait
 * doubles up to the cap; success and the admin's clear start over. */
static void
test_throttle (void)
{
  g_autoptr(PdThrottle) t = pd_throttle_new (3, 10 * G_USEC_PER_SEC);
  g_autoptr(GPtrArray) list = NULL;
  gint64 now = 1000 * G_USEC_PER_SEC, wait = 0;

  for (int i = 0; i < 3; i++)
    g_assert_true (pd_throttle_begin (t, "ana", "uid:1001", now, &wait));
  g_assert_false (pd_throttle_begin (t, "ana", "uid:1001", now, &wait));
  g_assert_cmpint (wait, ==, G_USEC_PER_SEC);
  /* another client, or another name, is not slowed down */
  g_assert_true (pd_throttle_begin (t, "ana", "uid:1000", now, &wait));
  g_assert_true (pd_throttle_begin (t, "bob", "uid:1001", now, &wait));
  pd_throttle_succeeded (t, "ana", "uid:1000");
  /* 1, 2, 4, 8, then the 10 s cap */
  for (gint64 expect = 1; expect <= 16; expect *= 2)
    {
      now += wait;
      g_assert_true (pd_throttle_begin (t, "ana", "uid:1001", now, &wait));
      g_assert_false (pd_throttle_begin (t, "ana", "uid:1001", now, &wait));
      g_assert_cmpint (wait, ==, MIN (expect * 2, 10) * G_USEC_PER_SEC);
    }
  list = pd_throttle_list (t);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (pd_throttle_clear (t, NULL, "uid:1001"), ==, 2);
  g_assert_true (pd_throttle_begin (t, "ana", "uid:1001", now, &wait));
  pd_throttle_succeeded (t, "ana", "uid:1001");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pd_throttle_list (t);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_csv (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "plain", "\"plain\"" },
    { NULL, "\"\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "=1+2", "\"'=1+2\"" },
    { "+1", "\"'+1\"" },
    { "-1", "\"'-1\"" },
    { "@x", "\"'@x\"" },
    { "\tx", "\"'\tx\"" },
    { "\rx", "\"'\rx\"" },
    { "a=b", "\"a=b\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      pd_csv_append_field (s, cases[i].in);
      g_assert_cmpstr (s->str, ==, cases[i].out);
    }
}

/* Reading CSV: quotes, line ends, a BOM, and what is refused. */
static void
test_csv_parse (void)
{
  static const char text[] = "\xef\xbb\xbf" "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n,,\rlast";
  g_autoptr(GPtrArray) rows = pd_csv_parse (text, strlen (text), NULL);
  g_autoptr(GError) error = NULL;
  char **r;

  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 4);
  r = rows->pdata[0];
  g_assert_cmpstr (r[0], ==, "a");
  g_assert_cmpuint (g_strv_length (r), ==, 3);
  r = rows->pdata[1];
  g_assert_cmpstr (r[0], ==, "x, y");
  g_assert_cmpstr (r[1], ==, "say \"hi\"");
  g_assert_cmpstr (r[2], ==, "two\nlines");
  g_assert_cmpuint (g_strv_length (rows->pdata[2]), ==, 3);
  g_assert_cmpstr (((char **) rows->pdata[3])[0], ==, "last");
  g_assert_null (pd_csv_parse ("a,\"b\nc", 6, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 1"));
  g_clear_error (&error);
  g_assert_null (pd_csv_parse ("\"a\"b", 4, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pd_csv_parse ("a\xff", 2, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
}

/* ICAO Doc 9303's specimens in every format, a misread digit, bad input. */
static void
test_mrz (void)
{
  gint64 today = 1795000000;   /* 2026-11-18 */
  static const struct {
    const char *text, *format, *number, *surname, *given, *birth, *expiry, *nationality;
    gboolean composite;
  } specimens[] = {
    { "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
      "TD3", "L898902C3", "ERIKSSON", "ANNA MARIA", "1974-08-12", "2012-04-15", "UTO", TRUE },
    { "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
      "TD1", "D23145890", "ERIKSSON", "ANNA MARIA", "1974-08-12", "2012-04-15", "UTO", TRUE },
    { "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6",
      "TD2", "D23145890", "ERIKSSON", "ANNA MARIA", "1974-08-12", "2012-04-15", "UTO", TRUE },
    { "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
      "MRV-A", "L8988901C", "ERIKSSON", "ANNA MARIA", "1940-09-07", "1996-12-10", "XXX", FALSE },
    { "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
      "MRV-B", "L8988901C", "ERIKSSON", "ANNA MARIA", "1940-09-07", "1996-12-10", "XXX", FALSE },
  };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pd_mrz_check_digit ("L898902C3", 9), ==, 6);
  g_assert_cmpint (pd_mrz_check_digit ("740812", 6), ==, 2);
  g_assert_cmpint (pd_mrz_check_digit ("120415", 6), ==, 9);
  g_assert_cmpint (pd_mrz_check_digit ("ZE184226B<<<<<", 14), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (specimens); i++)
    {
      g_autoptr(PdMrz) m = pd_mrz_parse (specimens[i].text, today, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (pd_mrz_format_name (m->format), ==, specimens[i].format);
      g_assert_cmpstr (m->document_number, ==, specimens[i].number);
      g_assert_cmpstr (m->surname, ==, specimens[i].surname);
      g_assert_cmpstr (m->given_names, ==, specimens[i].given);
      g_assert_cmpstr (m->birth_date, ==, specimens[i].birth);
      g_assert_cmpstr (m->expiry_date, ==, specimens[i].expiry);
      g_assert_cmpstr (m->nationality, ==, specimens[i].nationality);
      g_assert_cmpstr (m->issuing_state, ==, "UTO");
      g_assert_cmpstr (m->sex, ==, "F");
      g_assert_cmpint (m->number_check, ==, PD_MRZ_CHECK_OK);
      g_assert_cmpint (m->birth_check, ==, PD_MRZ_CHECK_OK);
      g_assert_cmpint (m->expiry_check, ==, PD_MRZ_CHECK_OK);
      g_assert_cmpint (m->composite_check, ==, specimens[i].composite ? PD_MRZ_CHECK_OK : PD_MRZ_CHECK_ABSENT);
      g_assert_true (pd_mrz_valid (m));
      g_assert_cmpuint (m->warnings->len, ==, 0);
    }
  /* a long TD1 number goes on in the optional field (Doc 9303 part 5) */
  {
    g_autoptr(PdMrz) m = pd_mrz_parse ("I<PRT007777779<ZZ92<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<0\n"
                                       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<", today, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (m->document_number, ==, "007777779ZZ9");
    g_assert_cmpint (m->number_check, ==, PD_MRZ_CHECK_OK);
  }
  /* a wrong check digit is reported; an O read for a 0 in a date is mended */
  {
    g_autoptr(PdMrz) bad = pd_mrz_parse ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                                         "L898902C37UTO7408122F1204159ZE184226B<<<<<10", today, &error);
    g_autoptr(PdMrz) ocr = pd_mrz_parse ("p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\n"
                                         "L898902C36UTO74O8122F12O4159ZE184226B<<<<<10", today, &error);

    g_assert_no_error (error);
    g_assert_cmpint (bad->number_check, ==, PD_MRZ_CHECK_FAILED);
    g_assert_cmpint (bad->composite_check, ==, PD_MRZ_CHECK_FAILED);
    g_assert_false (pd_mrz_valid (bad));
    g_assert_true (pd_mrz_valid (ocr));
    g_assert_cmpstr (ocr->birth_date, ==, "1974-08-12");
    g_assert_cmpuint (ocr->warnings->len, ==, 3);   /* lower case, two dates */
  }
  g_assert_null (pd_mrz_parse ("P<UTO\nL898", today, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pd_mrz_parse ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<#\n"
                               "L898902C36UTO7408122F1204159ZE184226B<<<<<10", today, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
}

/* A PAXLST as airline systems send it: a Type-B header and SOH/STX bytes,
 * custom separators from UNA, release characters, a hard wrap inside a
 * number, a wrong UNT count, then a second interchange with the default
 * separators, CR line ends and a Latin-1 name. */
static void
test_paxlst (void)
{
  static const char file[] =
    "\x01QP HDQCRA9\r\n.HDQRMUA 130631\r\n\x02"
    "UNA:*.? #UNB*UNOA:4*APIS?*ABE*USCSAPIS*070429:0900*000000001**APIS#\r\n"
    "UNG*PAXLST*APIS?*ABE*USCSAPIS*070429:0900*100*UN*D:05B#\r\n"
    "UNH*PAX001*PAXLST:D:05B:UN:IATA*OK688/071008/1310*01:F#BGM*745#NAD*MS***JOHN SMITH#\r\n"
    "TDT*20*UA123***UA#LOC*125*YVR#DTM*189:0704291230:201#LOC*87*JFK#DTM*232:0704291630:201#\r\n"
    "NAD*FL***DOE:JOHN:WAYNE*20 MAIN ST*ANYCITY*VA*10053*USA#ATT*2**M#DTM*329:570121#LOC*174*CAN#"
    "NAT*2*CAN#RFF*AVF:ABC123#DOC*P:110:111*MB140241#DTM*36:081021#LOC*91*CAN#\r\n"
    "NAD*FL***O?*BRIEN:MARY#ATT*2**F#DTM*329:051230#NAT*2*IRL#DOC*P*PA12\r\n34567#DTM*36:301231#LOC*91*IRL#"
    "CNT*42:2#UNT*99*PAX001#UNE*1*100#UNZ*1*000000001#\x03\r\n"
    "UNB+UNOC:4+AIRX+USCSAPIS+260101:0900+2'\rUNH+M1+PAXLST:D:05B:UN:IATA+REF9+01:C'\rBGM+250+C'\r"
    "TDT+20+9W202'\rLOC+125+BOM'\rLOC+87+EWR'\rNAD+FM+++GARC\xcd" "A:LUC\xcd" "A'\rDTM+329:19700101:102'\r"
    "CNT+41:3'\rUNT+9+M1'\rUNZ+1+2'";
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPaxlst) p = pd_paxlst_parse (file, sizeof file - 1, 1795000000, &error);
  PdPaxMessage *m;
  PdPaxLeg *leg;
  PdPaxTraveller *t;
  PdPaxDocument *d;
  gboolean unt_warned = FALSE, latin1_warned = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (p->messages->len, ==, 2);
  m = p->messages->pdata[0];
  g_assert_cmpstr (m->sender, ==, "APIS*ABE");   /* a released element separator */
  g_assert_cmpstr (m->access, ==, "OK688/071008/1310");
  g_assert_cmpuint (m->part, ==, 1);
  g_assert_cmpint (m->marker, ==, 'F');
  g_assert_cmpstr (m->kind, ==, "passengers");
  g_assert_cmpuint (m->legs->len, ==, 1);
  leg = m->legs->pdata[0];
  g_assert_cmpstr (leg->flight, ==, "UA123");
  g_assert_cmpstr (leg->carrier, ==, "UA");
  g_assert_cmpstr (leg->departure, ==, "YVR");
  g_assert_cmpstr (leg->arrival, ==, "JFK");
  g_assert_cmpstr (leg->departs, ==, "2007-04-29T12:30");
  g_assert_cmpstr (leg->arrives, ==, "2007-04-29T16:30");
  g_assert_cmpuint (m->travellers->len, ==, 2);
  t = m->travellers->pdata[0];
  g_assert_cmpstr (t->surname, ==, "DOE");
  g_assert_cmpstr (t->given_names, ==, "JOHN WAYNE");
  g_assert_cmpstr (t->sex, ==, "M");
  g_assert_cmpstr (t->birth_date, ==, "1957-01-21");
  g_assert_cmpstr (t->nationality, ==, "CAN");
  g_assert_cmpstr (t->residence, ==, "CAN");
  g_assert_cmpstr (t->reservation, ==, "ABC123");
  g_assert_false (t->crew);
  d = t->documents->pdata[0];
  g_assert_cmpstr (d->type, ==, "P");
  g_assert_cmpstr (d->number, ==, "MB140241");
  g_assert_cmpstr (d->expiry, ==, "2008-10-21");
  g_assert_cmpstr (d->issuing_country, ==, "CAN");
  t = m->travellers->pdata[1];
  g_assert_cmpstr (t->surname, ==, "O*BRIEN");
  g_assert_cmpstr (t->birth_date, ==, "2005-12-30");
  g_assert_cmpstr (((PdPaxDocument *) t->documents->pdata[0])->number, ==, "PA1234567");   /* wrapped */
  g_assert_cmpint (m->declared, ==, 2);

  m = p->messages->pdata[1];
  g_assert_cmpstr (m->kind, ==, "crew");
  g_assert_cmpint (m->marker, ==, 'C');
  g_assert_cmpstr (((PdPaxLeg *) m->legs->pdata[0])->carrier, ==, "9W");
  t = m->travellers->pdata[0];
  g_assert_true (t->crew);
  g_assert_cmpstr (t->surname, ==, "GARC\xc3\x8d" "A");
  g_assert_cmpstr (t->birth_date, ==, "1970-01-01");

  for (guint i = 0; i < p->warnings->len; i++)
    {
      PdPaxWarning *w = p->warnings->pdata[i];

      g_test_message ("warning: segment %u at %zu: %s", w->segment, w->offset, w->text);
      unt_warned |= strstr (w->text, "UNT says 99") != NULL && w->segment > 0;
      latin1_warned |= strstr (w->text, "Latin-1") != NULL;
    }
  g_assert_true (unt_warned);
  g_assert_true (latin1_warned);

  /* what is not PAXLST at all is refused with the reason */
  g_assert_null (pd_paxlst_parse ("hello, world", 12, 1795000000, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID);
}

/* The one list of flows: every flow's routes are served, names, event
 * prefixes and retention policy ids are unique. */
static void
test_flows (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_flows, n_routes, n_policies;
  const PdFlow * const *flows = pd_flows (&n_flows);
  const PdRoute *all = pd_api_routes (&n_routes);
  const PdRetentionPolicy *policies = pd_retention_policies (&n_policies);

  g_assert_cmpuint (n_flows, >=, 1);
  for (guint i = 0; i < n_flows; i++)
    {
      guint n;
      const PdRoute *r = flows[i]->routes (&n);

      g_assert_true (g_hash_table_add (seen, (gpointer) flows[i]->name));
      g_assert_true (g_str_has_suffix (flows[i]->event_prefix, "."));
      g_assert_cmpuint (n, >, 0);
      for (guint k = 0; k < n; k++)
        {
          gboolean served = FALSE;

          for (guint j = 0; j < n_routes && !served; j++)
            served = all[j].handler == r[k].handler && g_str_equal (all[j].path, r[k].path);
          g_assert_true (served);
        }
    }
  g_hash_table_remove_all (seen);
  for (guint i = 0; i < n_policies; i++)
    {
      g_assert_true (g_hash_table_add (seen, (gpointer) policies[i].id));
      g_assert_true (pd_retention_policy_find (policies[i].id) == &policies[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/error/table", test_error_table);
  g_test_add_func ("/core/clock/test-mode", test_clock_test_mode);
  g_test_add_func ("/core/clock/real-mode", test_clock_real_mode);
  g_test_add_func ("/core/time/round-trip", test_time_round_trip);
  g_test_add_func ("/core/json/parse", test_json_parse);
  g_test_add_func ("/core/json/getters", test_json_getters);
  g_test_add_func ("/core/config", test_config);
  g_test_add_func ("/core/throttle", test_throttle);
  g_test_add_func ("/core/csv", test_csv);
  g_test_add_func ("/core/csv/parse", test_csv_parse);
  g_test_add_func ("/core/mrz", test_mrz);
  g_test_add_func ("/core/paxlst", test_paxlst);
  g_test_add_func ("/core/flows", test_flows);
  return g_test_run ();
}
