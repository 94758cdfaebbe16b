/* pd-paxlst.c: UN/EDIFACT PAXLST manifests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-paxlst"

#include <string.h>

#include "pd-error.h"
#include "pd-paxlst.h"

#define MAX_MANIFEST_BYTES (16 * 1024 * 1024)

/* --- records ------------------------------------------------------------------ */

void
pd_pax_document_free (PdPaxDocument *d)
{
  g_free (d->type);
  g_free (d->number);
  g_free (d->issuing_country);
  g_free (d->expiry);
  g_free (d->issued);
  g_free (d);
}

void
pd_pax_traveller_free (PdPaxTraveller *t)
{
  g_free (t->surname);
  g_free (t->given_names);
  g_free (t->sex);
  g_free (t->birth_date);
  g_free (t->nationality);
  g_free (t->residence);
  g_free (t->embarkation);
  g_free (t->debarkation);
  g_free (t->reservation);
  g_ptr_array_unref (t->documents);
  g_free (t);
}

static void
leg_free (PdPaxLeg *l)
{
  g_free (l->flight);
  g_free (l->carrier);
  g_free (l->departure);
  g_free (l->arrival);
  g_free (l->departs);
  g_free (l->arrives);
  g_free (l);
}

static void
message_free (PdPaxMessage *m)
{
  g_free (m->sender);
  g_free (m->reference);
  g_free (m->access);
  g_free (m->kind);
  g_free (m->text);
  g_ptr_array_unref (m->legs);
  g_ptr_array_unref (m->travellers);
  g_free (m);
}

static void
warning_free (PdPaxWarning *w)
{
  g_free (w->text);
  g_free (w);
}

void
pd_paxlst_free (PdPaxlst *p)
{
  if (p == NULL)
    return;
  g_ptr_array_unref (p->messages);
  g_ptr_array_unref (p->warnings);
  g_free (p);
}

/* --- the syntax layer --------------------------------------------------------------- */

typedef struct {
  char comp, elem, release, term;
} Seps;

/* A segment: elements of components, unescaped. */
typedef struct {
  GPtrArray *elements;   /* GStrv each */
  guint      number;
  gsize      offset;
} Segment;

static void
segment_clear (Segment *s)
{
  g_clear_pointer (&s->elements, g_ptr_array_unref);
}

/* Component @c of element @e of @s ("" when absent). */
static const char *
comp (const Segment *s,
      guint          e,
      guint          c)
{
  char **components;

  if (e >= s->elements->len)
    return "";
  components = s->elements->pdata[e];
  return c < g_strv_length (components) ? components[c] : "";
}

static char *
dup_or_null (const char *s)
{
  return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
}

/* Splits @text (one segment, without its terminator) into elements and
 * components, dropping release characters. */
static GPtrArray *
split_segment (const char *text,
               const Seps *seps)
{
  GPtrArray *elements = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *components = g_ptr_array_new ();
  GString *cur = g_string_new (NULL);

  for (const char *p = text;; p++)
    {
      if (seps->release != '\0' && *p == seps->release && p[1] != '\0')
        {
          g_string_append_c (cur, *++p);
          continue;
        }
      if (*p == seps->comp || *p == seps->elem || *p == '\0')
        {
          g_ptr_array_add (components, g_strdup (g_strstrip (cur->str)));
          g_string_truncate (cur, 0);
          if (*p != seps->comp)
            {
              g_ptr_array_add (components, NULL);
              g_ptr_array_add (elements, g_ptr_array_free (components, FALSE));
              components = g_ptr_array_new ();
            }
          if (*p == '\0')
            break;
          continue;
        }
      g_string_append_c (cur, *p);
    }
  g_ptr_array_free (components, TRUE);
  g_string_free (cur, TRUE);
  return elements;
}

/* The text as UTF-8: itself, or its bytes read as Latin-1 (warned). */
static char *
decode (const char *data,
        gsize       len,
        gboolean   *latin1)
{
  *latin1 = !g_utf8_validate_len (data, len, NULL);
  if (!*latin1)
    return g_strndup (data, len);
  return g_convert (data, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

/* --- the parser ------------------------------------------------------------------- */

typedef enum { CTX_HEADER, CTX_FLIGHT, CTX_TRAVELLER, CTX_DOCUMENT } Context;

typedef struct {
  PdPaxlst       *out;
  GString        *text;        /* the open message's segments, default separators */
  GDateTime      *today;
  char           *sender;
  gint64          interchange_messages;
  PdPaxMessage   *msg;
  guint           msg_segments;
  PdPaxLeg       *leg;
  PdPaxTraveller *traveller;
  PdPaxDocument  *doc;
  Context         ctx;
} Parser;

static void
warn (Parser        *ps,
      const Segment *s,
      const char    *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
warn (Parser        *ps,
      const Segment *s,
      const char    *format,
      ...)
{
  PdPaxWarning *w = g_new0 (PdPaxWarning, 1);
  va_list ap;

  va_start (ap, format);
  w->text = g_strdup_vprintf (format, ap);
  va_end (ap);
  w->segment = s != NULL ? s->number : 0;
  w->offset = s != NULL ? s->offset : 0;
  g_ptr_array_add (ps->out->warnings, w);
}

/* YYMMDD or CCYYMMDD, with HHMM after it when @time: ISO 8601; the century
 * of a birth date is the most recent one that is not in the future. */
static char *
date_of (Parser        *ps,
         const Segment *s,
         const char    *value,
         gboolean       birth,
         gboolean       time)
{
  gsize len = strlen (value), dlen = time ? len - 4 : len;
  int y, m, d, hh = 0, mm = 0;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (value[i]))
      dlen = 0;
  if (value[0] == '\0')
    return NULL;
  if ((dlen != 6 && dlen != 8) || (time && len < 10))
    {
      warn (ps, s, "%s: '%s' is not a date", comp (s, 0, 0), value);
      return NULL;
    }
  if (dlen == 8)
    y = (value[0] - '0') * 1000 + (value[1] - '0') * 100 + (value[2] - '0') * 10 + (value[3] - '0');
  else
    {
      int yy = (value[0] - '0') * 10 + (value[1] - '0'), now = g_date_time_get_year (ps->today);

      y = 2000 + yy;
      if (birth && y > now)
        y -= 100;
    }
  m = (value[dlen - 4] - '0') * 10 + (value[dlen - 3] - '0');
  d = (value[dlen - 2] - '0') * 10 + (value[dlen - 1] - '0');
  if (time)
    {
      hh = (value[dlen] - '0') * 10 + (value[dlen + 1] - '0');
      mm = (value[dlen + 2] - '0') * 10 + (value[dlen + 3] - '0');
    }
  if (!g_date_valid_dmy (d, m, y) || hh > 23 || mm > 59)
    {
      warn (ps, s, "%s: '%s' is not a date", comp (s, 0, 0), value);
      return NULL;
    }
  return time ? g_strdup_printf ("%04d-%02d-%02dT%02d:%02d", y, m, d, hh, mm) : g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* @s as it would be written with the default separators :+.? ' */
static void
write_segment (GString       *out,
               const Segment *s)
{
  for (guint e = 0; e < s->elements->len; e++)
    {
      char **components = s->elements->pdata[e];

      if (e > 0)
        g_string_append_c (out, '+');
      for (guint c = 0; components[c] != NULL; c++)
        {
          if (c > 0)
            g_string_append_c (out, ':');
          for (const char *p = components[c]; *p != '\0'; p++)
            {
              if (strchr (":+?'", *p) != NULL)
                g_string_append_c (out, '?');
              g_string_append_c (out, *p);
            }
        }
    }
  g_string_append (out, "'\n");
}

static void
end_message (Parser        *ps,
             const Segment *unt)
{
  PdPaxMessage *m = ps->msg;

  if (m == NULL)
    return;
  if (unt != NULL)
    write_segment (ps->text, unt);
  m->text = g_strndup (ps->text->str, ps->text->len);
  g_string_truncate (ps->text, 0);
  if (unt == NULL)
    warn (ps, NULL, "message %s has no UNT", m->reference);
  else
    {
      gint64 count = g_ascii_strtoll (comp (unt, 1, 0), NULL, 10);

      if (count != ps->msg_segments)
        warn (ps, unt, "UNT says %" G_GINT64_FORMAT " segments, the message has %u", count, ps->msg_segments);
      if (g_strcmp0 (comp (unt, 2, 0), m->reference) != 0)
        warn (ps, unt, "UNT reference '%s' is not the UNH's '%s'", comp (unt, 2, 0), m->reference);
    }
  if (m->declared >= 0 && m->declared != m->travellers->len && m->marker != 'C' && m->part <= 1)
    warn (ps, unt, "CNT says %" G_GINT64_FORMAT " travellers, the message has %u", m->declared, m->travellers->len);
  ps->msg = NULL;
  ps->leg = NULL;
  ps->traveller = NULL;
  ps->doc = NULL;
}

static void
segment (Parser        *ps,
         const Segment *s)
{
  const char *tag = comp (s, 0, 0), *q = comp (s, 1, 0);

  if (ps->msg != NULL)
    ps->msg_segments++;
  if (ps->msg != NULL && !g_str_equal (tag, "UNT") && !g_str_equal (tag, "UNH"))
    write_segment (ps->text, s);
  if (g_str_equal (tag, "UNB"))
    {
      g_free (ps->sender);
      ps->sender = g_strdup (comp (s, 2, 0));
      ps->interchange_messages = 0;
    }
  else if (g_str_equal (tag, "UNH"))
    {
      if (ps->msg != NULL)
        end_message (ps, NULL);
      ps->msg = g_new0 (PdPaxMessage, 1);
      ps->msg->sender = g_strdup (ps->sender);
      ps->msg->reference = g_strdup (q);
      ps->msg->access = dup_or_null (comp (s, 3, 0));
      ps->msg->part = (guint) g_ascii_strtoull (comp (s, 4, 0), NULL, 10);
      ps->msg->marker = comp (s, 4, 1)[0];
      ps->msg->kind = g_strdup ("passengers");
      ps->msg->legs = g_ptr_array_new_with_free_func ((GDestroyNotify) leg_free);
      ps->msg->travellers = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_pax_traveller_free);
      ps->msg->declared = -1;
      ps->msg_segments = 1;
      g_string_truncate (ps->text, 0);
      write_segment (ps->text, s);
      ps->ctx = CTX_HEADER;
      ps->interchange_messages++;
      if (!g_str_equal (comp (s, 2, 0), "PAXLST"))
        warn (ps, s, "UNH: message type '%s', not PAXLST", comp (s, 2, 0));
      g_ptr_array_add (ps->out->messages, ps->msg);
    }
  else if (g_str_equal (tag, "UNT"))
    end_message (ps, s);
  else if (g_str_equal (tag, "UNZ"))
    {
      if (g_ascii_strtoll (comp (s, 1, 0), NULL, 10) != ps->interchange_messages && comp (s, 1, 0)[0] != '\0')
        warn (ps, s, "UNZ says %s messages, the interchange has %" G_GINT64_FORMAT, comp (s, 1, 0),
              ps->interchange_messages);
    }
  else if (ps->msg == NULL)
    {
      if (strcmp (tag, "UNA") != 0 && strcmp (tag, "UNG") != 0 && strcmp (tag, "UNE") != 0)
        warn (ps, s, "%s outside a message", tag);
    }
  else if (g_str_equal (tag, "BGM"))
    {
      g_free (ps->msg->kind);
      ps->msg->kind = g_strdup (g_str_equal (q, "745") ? "passengers" : g_str_equal (q, "250") ? "crew" : q);
    }
  else if (g_str_equal (tag, "TDT"))
    {
      const char *flight = comp (s, 2, 0);

      ps->leg = g_new0 (PdPaxLeg, 1);
      ps->leg->flight = g_strdup (flight);
      /* without element 5, the designator's first two characters (UA, U2, 9W) */
      ps->leg->carrier = comp (s, 5, 0)[0] != '\0' ? g_strdup (comp (s, 5, 0)) :
                         g_ascii_isalnum (flight[0]) && g_ascii_isalnum (flight[1]) ? g_strndup (flight, 2) : NULL;
      g_ptr_array_add (ps->msg->legs, ps->leg);
      ps->ctx = CTX_FLIGHT;
      if (!g_str_equal (q, "20") && !g_str_equal (q, "34"))
        warn (ps, s, "TDT: qualifier '%s' (20 or 34)", q);
    }
  else if (g_str_equal (tag, "NAD"))
    {
      gboolean crew = g_str_equal (q, "FM") || g_str_equal (q, "DDT");

      if (g_str_equal (q, "MS"))
        return;
      if (!crew && !g_str_equal (q, "FL") && !g_str_equal (q, "DDU"))
        {
          warn (ps, s, "NAD: qualifier '%s' (FL, FM, DDU, DDT or MS)", q);
          return;
        }
      ps->traveller = g_new0 (PdPaxTraveller, 1);
      ps->traveller->crew = crew;
      ps->traveller->in_transit = g_str_equal (q, "DDU") || g_str_equal (q, "DDT");
      ps->traveller->surname = g_strdup (comp (s, 4, 0));
      ps->traveller->given_names = g_strstrip (g_strconcat (comp (s, 4, 1), " ", comp (s, 4, 2), NULL));
      ps->traveller->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_pax_document_free);
      g_ptr_array_add (ps->msg->travellers, ps->traveller);
      ps->ctx = CTX_TRAVELLER;
      ps->doc = NULL;
      if (ps->traveller->surname[0] == '\0')
        warn (ps, s, "NAD: a traveller without a surname");
    }
  else if (g_str_equal (tag, "DOC"))
    {
      if (ps->traveller == NULL)
        {
          warn (ps, s, "DOC before any traveller");
          return;
        }
      ps->doc = g_new0 (PdPaxDocument, 1);
      ps->doc->type = g_strdup (q);
      ps->doc->number = g_strdup (comp (s, 2, 0));
      g_ptr_array_add (ps->traveller->documents, ps->doc);
      ps->ctx = CTX_DOCUMENT;
      if (ps->doc->number[0] == '\0')
        warn (ps, s, "DOC: a document without a number");
    }
  else if (g_str_equal (tag, "LOC"))
    {
      char **slot = NULL;
      const char *value = comp (s, 2, 0);

      if (ps->ctx == CTX_FLIGHT && ps->leg != NULL)
        slot = g_str_equal (q, "125") ? &ps->leg->departure : g_str_equal (q, "87") ? &ps->leg->arrival :
               g_str_equal (q, "92") && ps->leg->departure == NULL ? &ps->leg->departure : NULL;
      else if (ps->ctx == CTX_TRAVELLER && ps->traveller != NULL)
        slot = g_str_equal (q, "174") ? &ps->traveller->residence : g_str_equal (q, "178") ?
               &ps->traveller->embarkation : g_str_equal (q, "179") ? &ps->traveller->debarkation : NULL;
      else if (ps->ctx == CTX_DOCUMENT && ps->doc != NULL && g_str_equal (q, "91"))
        slot = &ps->doc->issuing_country;
      if (slot != NULL && *slot == NULL)
        *slot = dup_or_null (value);
    }
  else if (g_str_equal (tag, "DTM"))
    {
      const char *value = comp (s, 1, 1);

      if (ps->ctx == CTX_FLIGHT && ps->leg != NULL && (g_str_equal (q, "189") || g_str_equal (q, "232")))
        {
          char **slot = g_str_equal (q, "189") ? &ps->leg->departs : &ps->leg->arrives;

          g_free (*slot);
          *slot = date_of (ps, s, value, FALSE, TRUE);
        }
      else if (ps->ctx == CTX_TRAVELLER && ps->traveller != NULL && g_str_equal (q, "329"))
        {
          g_free (ps->traveller->birth_date);
          ps->traveller->birth_date = date_of (ps, s, value, TRUE, FALSE);
        }
      else if (ps->ctx == CTX_DOCUMENT && ps->doc != NULL && (g_str_equal (q, "36") || g_str_equal (q, "182")))
        {
          char **slot = g_str_equal (q, "36") ? &ps->doc->expiry : &ps->doc->issued;

          g_free (*slot);
          *slot = date_of (ps, s, value, FALSE, FALSE);
        }
    }
  else if (g_str_equal (tag, "ATT") && ps->traveller != NULL && g_str_equal (q, "2"))
    {
      g_free (ps->traveller->sex);
      ps->traveller->sex = dup_or_null (comp (s, 3, 0));
      if (ps->traveller->sex != NULL && strchr ("MFUX", ps->traveller->sex[0]) == NULL)
        warn (ps, s, "ATT: sex '%s' (M, F, U or X)", ps->traveller->sex);
    }
  else if (g_str_equal (tag, "NAT") && ps->traveller != NULL)
    {
      g_free (ps->traveller->nationality);
      ps->traveller->nationality = dup_or_null (comp (s, 2, 0));
    }
  else if (g_str_equal (tag, "RFF") && ps->traveller != NULL && ps->ctx == CTX_TRAVELLER && g_str_equal (q, "AVF"))
    {
      g_free (ps->traveller->reservation);
      ps->traveller->reservation = dup_or_null (comp (s, 1, 1));
    }
  else if (g_str_equal (tag, "CNT") && (g_str_equal (q, "42") || g_str_equal (q, "41")))
    ps->msg->declared = g_ascii_strtoll (comp (s, 1, 1), NULL, 10);
}

/* Where the next interchange starts (UNA or UNB), or NULL. */
static const char *
next_start (const char *p)
{
  const char *a = strstr (p, "UNA"), *b = strstr (p, "UNB");

  /* UNA is only a service string advice when 6 characters follow */
  if (a != NULL && strlen (a) < 9)
    a = NULL;
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;
  return MIN (a, b);
}

PdPaxlst *
pd_paxlst_parse (const char  *data,
                 gsize        len,
                 gint64       today,
                 GError     **error)
{
  g_autoptr(PdPaxlst) out = g_new0 (PdPaxlst, 1);
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (today);
  Parser ps = { 0 };
  gboolean latin1;
  const char *p;
  guint number = 0;

  out->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) message_free);
  out->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) warning_free);
  if (len > MAX_MANIFEST_BYTES || now == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID, "A manifest file is at most %d MB", MAX_MANIFEST_BYTES / (1024 * 1024));
      return NULL;
    }
  /* NUL bytes end nothing here: they are noise like SOH and STX */
  {
    g_autofree char *clean = g_malloc (len + 1);
    gsize n = 0;

    for (gsize i = 0; i < len; i++)
      if (data[i] != '\0')
        clean[n++] = data[i];
    clean[n] = '\0';
    text = decode (clean, n, &latin1);
  }
  ps.out = out;
  ps.today = now;
  ps.text = g_string_new (NULL);
  if (text == NULL)
    {
      g_string_free (ps.text, TRUE);
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "The manifest's text cannot be read");
      return NULL;
    }
  if (latin1)
    warn (&ps, NULL, "the file is not UTF-8: read as Latin-1");
  for (p = next_start (text); p != NULL; p = next_start (p))
    {
      Seps seps = { ':', '+', '?', '\'' };
      GString *seg = g_string_new (NULL);
      gsize start = 0;
      gboolean done = FALSE;

      if (strncmp (p, "UNA", 3) == 0)
        {
          seps.comp = p[3];
          seps.elem = p[4];
          seps.release = p[6] == ' ' ? '\0' : p[6];
          seps.term = p[8];
          p += 9;
          if (seps.comp == seps.elem || seps.elem == seps.term || seps.comp == seps.term ||
              (guchar) seps.comp >= 0x80 || (guchar) seps.elem >= 0x80 || (guchar) seps.release >= 0x80 ||
              (guchar) seps.term >= 0x80)
            {
              warn (&ps, NULL, "UNA: separators that cannot be used (the same one twice, or not ASCII); "
                    "the defaults are used");
              seps = (Seps) { ':', '+', '?', '\'' };
            }
        }
      /* segments up to UNZ: hard wraps (CR, LF) dropped unless they end segments */
      for (; *p != '\0' && !done; p++)
        {
          char c = *p;

          if ((c == '\r' || c == '\n') && c != seps.term)
            continue;
          if ((guchar) c < 0x20 && c != seps.term && c != '\t')
            continue;   /* SOH, STX, ETX */
          if (seps.release != '\0' && c == seps.release && p[1] != '\0')
            {
              g_string_append_c (seg, c);
              g_string_append_c (seg, *++p);
              continue;
            }
          if (c != seps.term)
            {
              if (seg->len == 0)
                {
                  if (c == ' ')
                    continue;
                  start = p - text;
                }
              g_string_append_c (seg, c);
              continue;
            }
          if (seg->len > 0)
            {
              Segment s = { .number = ++number, .offset = start };

              s.elements = split_segment (seg->str, &seps);
              if (strlen (comp (&s, 0, 0)) != 3 || !g_ascii_isupper (comp (&s, 0, 0)[0]))
                {
                  g_autofree char *head = g_utf8_make_valid (seg->str, MIN (seg->len, 20));

                  warn (&ps, &s, "'%s' is not a segment", head);
                }
              else
                {
                  segment (&ps, &s);
                  done = g_str_equal (comp (&s, 0, 0), "UNZ");
                }
              segment_clear (&s);
            }
          g_string_truncate (seg, 0);
        }
      if (!done && seg->len > 0)
        warn (&ps, NULL, "the interchange ends without its last segment terminator");
      g_string_free (seg, TRUE);
      if (ps.msg != NULL)
        end_message (&ps, NULL);
      if (*p == '\0')
        break;
    }
  g_free (ps.sender);
  g_string_free (ps.text, TRUE);
  if (out->messages->len == 0)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID, "Not a PAXLST manifest: no UNB/UNH message in the file");
      return NULL;
    }
  return g_steal_pointer (&out);
}
