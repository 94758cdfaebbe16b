/* pd-inspection-object.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-inspection-object"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-inspection-object.h"
#include "pd-scheduling.h"

enum {
  PROP_0,
  /* strings */
  PROP_REF,
  PROP_KIND,
  PROP_KIND_LABEL,
  PROP_PORT,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_REQUESTER,
  PROP_COMMODITY,
  PROP_REQUESTED_LABEL,
  PROP_SLOT_LABEL,
  PROP_SLOT_TIME,
  PROP_SLA_LABEL,
  PROP_FLAG_ICON,
  PROP_FLAG_TOOLTIP,
  PROP_SEARCH_TEXT,
  LAST_STRING_PROP = PROP_SEARCH_TEXT,
  /* numbers and flags */
  PROP_STATUS_RANK,
  PROP_REQUESTED,
  PROP_SLOT_START,
  PROP_SLA_URGENCY,
  PROP_UNREAD,
  PROP_LATE,
  PROP_PERISHABLE,
  PROP_LATE_PERISHABLE,
  PROP_IS_OPEN,
  /* string vector */
  PROP_ROW_CLASSES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The numbers and flags are kept from the first on (no room for the strings). */
#define NUM(p) ((p) - (LAST_STRING_PROP + 1))
#define N_NUM  NUM (PROP_ROW_CLASSES)

struct _PdInspectionObject
{
  GObject     parent_instance;

  char       *str[LAST_STRING_PROP + 1];
  gint64      num[N_NUM];
  const char * const *row_classes;   /* static */
  gint64      slot_end;
  gint64      sla_left;   /* minutes before the SLA target, NO_CLOCK when none runs */
  char      **collate;   /* by string property: sort keys, made when first compared (NULL: none yet) */
};

G_DEFINE_FINAL_TYPE (PdInspectionObject, pd_inspection_object, G_TYPE_OBJECT)

#define NO_CLOCK G_MININT64

/* --- labels ------------------------------------------------------------- */

static const struct {
  const char *status;
  const char *label;
  guint       rank;    /* workflow order, for the status sorter */
  gboolean    open;
} statuses[] = {
  { "submitted",   N_("Submitted"),   0, TRUE },
  { "accepted",    N_("Accepted"),    1, TRUE },
  { "scheduled",   N_("Scheduled"),   2, TRUE },
  { "rescheduled", N_("Rescheduled"), 3, TRUE },
  { "arrived",     N_("Arrived"),     4, TRUE },
  { "in_progress", N_("In Progress"), 5, TRUE },
  { "completed",   N_("Completed"),   6, FALSE },
  { "rejected",    N_("Rejected"),    7, FALSE },
  { "cancelled",   N_("Cancelled"),   8, FALSE },
  { "no_show",     N_("No Show"),     9, FALSE },
};

/* @in's @n bytes, ASCII letters lowered, to @out; all the bytes OR-ed
 * (>= 0x80: not ASCII).  With @n a constant the compiler makes it vector
 * code. */
static inline guchar
lower_ascii (const guchar *restrict in,
             guchar *restrict       out,
             size_t                 n)
{
  guchar seen = 0;

  for (size_t i = 0; i < n; i++)
    {
      guchar c = in[i];

      seen |= c;
      out[i] = (guchar) (c - 'A') < 26 ? c | 0x20 : c;
    }
  return seen;
}

#define FOLD_BLOCK 16

char *
pd_inspection_fold (const char *text)
{
  g_autofree char *normal = NULL;
  size_t len, i;
  guchar seen = 0;
  char *lower;

  if (text == NULL)
    return NULL;
  /* for ASCII, normalizing changes nothing and casefolding is lowering:
   * done in one pass, 16 bytes at a time (g_ascii_strdown makes a call per
   * character), non-ASCII bytes seen after */
  len = strlen (text);
  lower = g_malloc (len + 1);
  for (i = 0; i + FOLD_BLOCK <= len; i += FOLD_BLOCK)
    seen |= lower_ascii ((const guchar *) text + i, (guchar *) lower + i, FOLD_BLOCK);
  seen |= lower_ascii ((const guchar *) text + i, (guchar *) lower + i, len - i);
  lower[len] = '\0';
  if (seen < 0x80)
    return lower;
  g_free (lower);
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  return g_utf8_casefold (normal ? normal : text, -1);
}

const char *
pd_inspection_status_label (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i].status, status) == 0)
      return _(statuses[i].label);
  return status != NULL ? status : "—";
}

static const struct {
  const char *kind;
  const char *label;
} kinds[] = {
  { "personal_goods",    N_("Personal") },
  { "cargo",             N_("Cargo") },
  { "commercial_vessel", N_("Vessel") },
};

/* The labels in the user's language, looked up once (class_init): a row is
 * built in a few microseconds, and a gettext call costs about one. */
static const char *status_labels[G_N_ELEMENTS (statuses)];
static const char *kind_labels[G_N_ELEMENTS (kinds)];

const char *
pd_inspection_kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return _(kinds[i].label);
  return kind != NULL ? kind : "—";
}

const char *
pd_inspection_reason_label (const char *code)
{
  static const struct { const char *code, *label; } reasons[] = {
    { "incomplete_documents",      N_("Incomplete documents") },
    { "prohibited_item",           N_("Prohibited item") },
    { "outside_port_jurisdiction", N_("Outside port jurisdiction") },
    { "duplicate_request",         N_("Duplicate request") },
    { "no_capacity",               N_("No capacity") },
    { "inspector_unavailable",     N_("Inspector unavailable") },
    { "weather",                   N_("Weather") },
    { "vessel_delayed",            N_("Vessel delayed") },
    { "requester_request",         N_("Requester asked") },
    { "permit_missing",            N_("Permit missing") },
    { "other",                     N_("Other") },
    { "amended",                   N_("Amended") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (reasons[i].code, code) == 0)
      return _(reasons[i].label);
  return code;
}

static gboolean
digits (const char *s,
        guint       n,
        int        *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  int era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (gint64) era * 146097 + doe - 719468;
}

gint64
pd_inspection_parse_time (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi, se;
  const char *p;

  if (iso == NULL)
    return 0;
  /* the service writes UTC as 2026-11-22T18:38:48.999415Z: parse that
   * directly (100k rows), anything else through GDateTime */
  if (strlen (iso) >= 20 && iso[4] == '-' && iso[7] == '-' && iso[10] == 'T' && iso[13] == ':' && iso[16] == ':' &&
      digits (iso, 4, &y) && digits (iso + 5, 2, &mo) && digits (iso + 8, 2, &d) && digits (iso + 11, 2, &h) &&
      digits (iso + 14, 2, &mi) && digits (iso + 17, 2, &se) && mo >= 1 && mo <= 12 && d >= 1 && d <= 31)
    {
      p = iso + 19;
      if (*p == '.')
        for (p++; g_ascii_isdigit (*p); p++)
          ;
      if (p[0] == 'Z' && p[1] == '\0')
        return days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    }
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

char *
pd_inspection_format_time (const char *iso,
                           gboolean    with_day)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL)
    return g_strdup ("—");
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  if (dt == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (dt);
  /* Translators: a date and time format for g_date_time_format; keep it short */
  return g_date_time_format (local, with_day ? _("%a %d %b %H:%M") : "%H:%M");
}

/* the list's forms, from unix seconds (made when a cell asks) */
static char *
format_unix (gint64      t,
             const char *format)
{
  g_autoptr(GDateTime) local = NULL;

  if (t == 0)
    return g_strdup ("—");
  local = g_date_time_new_from_unix_local (t);
  return local ? g_date_time_format (local, format) : g_strdup ("—");
}

static char *
format_minutes (gint64 minutes)
{
  if (minutes < 120)
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (_("%d h"), (int) (minutes / 60));
  return g_strdup_printf (_("%d d"), (int) (minutes / (24 * 60)));
}

/* --- computing the properties ----------------------------------------------- */

typedef struct {
  char     *str[LAST_STRING_PROP + 1];
  gint64    num[N_NUM];
  gint64    slot_end;
  gint64    sla_left;
} Values;

G_STATIC_ASSERT (sizeof ((Values *) NULL)->str == sizeof ((PdInspectionObject *) NULL)->str);
G_STATIC_ASSERT (sizeof ((Values *) NULL)->num == sizeof ((PdInspectionObject *) NULL)->num);

/* Few distinct values: interned, never freed. */
static gboolean
is_interned (guint p)
{
  return p == PROP_KIND || p == PROP_KIND_LABEL || p == PROP_PORT || p == PROP_STATUS ||
         p == PROP_STATUS_LABEL || p == PROP_FLAG_ICON || p == PROP_FLAG_TOOLTIP;
}

/* Labels made when first read (only rows on screen are), from numbers. */
static gboolean
is_time_label (guint p)
{
  return p == PROP_REQUESTED_LABEL || p == PROP_SLOT_LABEL || p == PROP_SLOT_TIME;
}

static gboolean
is_lazy_label (guint p)
{
  return is_time_label (p) || p == PROP_SLA_LABEL;
}

/* What the lazy label @p is made from changed between @self and @v. */
static gboolean
lazy_inputs_differ (PdInspectionObject *self,
                    const Values       *v,
                    guint               p)
{
  if (is_time_label (p))
    return self->num[NUM (PROP_REQUESTED)] != v->num[NUM (PROP_REQUESTED)] || self->num[NUM (PROP_SLOT_START)] != v->num[NUM (PROP_SLOT_START)] ||
           self->slot_end != v->slot_end;
  return self->sla_left != v->sla_left || self->num[NUM (PROP_LATE)] != v->num[NUM (PROP_LATE)] ||
         self->num[NUM (PROP_IS_OPEN)] != v->num[NUM (PROP_IS_OPEN)];
}

/* The running clock's time left or past the target; closed requests
 * only say whether they were late. */
static char *
sla_label (PdInspectionObject *self)
{
  g_autofree char *d = NULL;

  if (self->sla_left == NO_CLOCK)
    return g_strdup (self->num[NUM (PROP_LATE)] ? _("Late") : self->num[NUM (PROP_IS_OPEN)] ? _("On time") : "—");
  d = format_minutes (ABS (self->sla_left));
  if (self->sla_left < 0)
    /* Translators: %s is how long past the SLA target, "2 h" */
    return g_strdup_printf (_("Late +%s"), d);
  /* Translators: %s is the time left before the SLA target, "35 min" */
  return g_strdup_printf (_("%s left"), d);
}

/* The flag icon: late perishables first, then late, unread, perishable. */
static const struct { const char *icon, *tooltip; } flags[] = {
  { "dialog-warning-symbolic", N_("Late perishable") },
  { "alarm-symbolic",          N_("Late") },
  { "mail-unread-symbolic",    N_("Unread messages") },
  { "weather-clear-symbolic",  N_("Perishable") },
};
static const char *flag_tooltips[G_N_ELEMENTS (flags)];   /* translated, interned */

static void
set_flag (Values *v)
{
  int f = v->num[NUM (PROP_LATE)] && v->num[NUM (PROP_PERISHABLE)] ? 0 : v->num[NUM (PROP_LATE)] ? 1 : v->num[NUM (PROP_UNREAD)] > 0 ? 2 :
          v->num[NUM (PROP_PERISHABLE)] ? 3 : -1;

  v->str[PROP_FLAG_ICON] = f >= 0 ? (char *) g_intern_static_string (flags[f].icon) : NULL;
  v->str[PROP_FLAG_TOOLTIP] = f >= 0 ? (char *) flag_tooltips[f] : NULL;
}

/* A known value's own static string, or @text interned. */
static char *
intern_known (const char *text,
              const char *known)
{
  return (char *) (known != NULL ? known : g_intern_string (text));
}

/* A list's rows mostly share one port: the last one interned is kept
 * (g_intern_string takes a lock every worker thread waits on). */
static const char *
intern_port (const char *port)
{
  static const char *last;
  const char *known = g_atomic_pointer_get (&last);

  if (port == NULL)
    return NULL;
  if (known != NULL && strcmp (known, port) == 0)
    return known;
  known = g_intern_string (port);
  g_atomic_pointer_set (&last, known);
  return known;
}

static void
compute (const PdListRow *row,
         Values          *v)
{
  const char *status = pd_list_row_get_string (row, PD_INSP_ROW_STATUS);
  const char *kind = pd_list_row_get_string (row, PD_INSP_ROW_KIND);
  const char *commodity = pd_list_row_get_string (row, PD_INSP_ROW_COMMODITY);
  gint64 n_commodities = pd_list_row_get_int (row, PD_INSP_ROW_COMMODITIES, 0);
  gint64 target = pd_list_row_get_int (row, PD_INSP_ROW_SLA_TARGET, -1);
  gint64 elapsed = pd_list_row_get_int (row, PD_INSP_ROW_SLA_MINUTES, -1);
  guint rank = G_N_ELEMENTS (statuses);
  gboolean open = FALSE, late, perishable;
  gint64 urgency = G_MAXINT32;
  int s = -1, k = -1;

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (strcmp (statuses[i].status, status) == 0)
      {
        s = i;
        rank = statuses[i].rank;
        open = statuses[i].open;
        break;
      }
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].kind, kind) == 0)
      {
        k = i;
        break;
      }

  v->str[PROP_REF] = g_strdup (pd_list_row_get_string (row, PD_INSP_ROW_REF));
  v->str[PROP_KIND] = intern_known (kind, k >= 0 ? kinds[k].kind : NULL);
  v->str[PROP_KIND_LABEL] = intern_known (kind ? kind : "—", k >= 0 ? kind_labels[k] : NULL);
  v->str[PROP_PORT] = (char *) intern_port (pd_list_row_get_string (row, PD_INSP_ROW_PORT));
  v->str[PROP_STATUS] = intern_known (status, s >= 0 ? statuses[s].status : NULL);
  v->str[PROP_STATUS_LABEL] = intern_known (status ? status : "—", s >= 0 ? status_labels[s] : NULL);
  v->str[PROP_REQUESTER] = g_strdup (pd_list_row_get_string (row, PD_INSP_ROW_REQUESTER));
  if (n_commodities > 1)
    /* Translators: a commodity and how many more the request lists */
    v->str[PROP_COMMODITY] = g_strdup_printf (_("%s +%u"), commodity ? commodity : "?", (guint) n_commodities - 1);
  else
    v->str[PROP_COMMODITY] = g_strdup (commodity);
  /* folded once here, so that a search over 100k rows is a strstr each */
  v->str[PROP_SEARCH_TEXT] = pd_inspection_fold (pd_list_row_get_string (row, PD_INSP_ROW_SEARCH_TEXT) ?: "");

  /* times as numbers only: their labels are made for the rows on screen */
  v->num[NUM (PROP_REQUESTED)] = pd_list_row_get_int (row, PD_INSP_ROW_WINDOW_START, 0);
  v->num[NUM (PROP_SLOT_START)] = pd_list_row_get_int (row, PD_INSP_ROW_SLOT_START, 0);
  v->slot_end = pd_list_row_get_int (row, PD_INSP_ROW_SLOT_END, 0);
  late = pd_list_row_get_bool (row, PD_INSP_ROW_LATE);
  perishable = pd_list_row_get_bool (row, PD_INSP_ROW_PERISHABLE);

  /* the running clock, when the service says one runs; the label too is
   * made for the rows on screen */
  v->sla_left = NO_CLOCK;
  if (target >= 0 && elapsed >= 0)
    urgency = v->sla_left = target - elapsed;
  else if (late)
    urgency = open ? -1 : G_MAXINT32 - 1;
  if (late && open && urgency > 0)
    urgency = -1;

  v->num[NUM (PROP_STATUS_RANK)] = rank;
  v->num[NUM (PROP_SLA_URGENCY)] = urgency;
  v->num[NUM (PROP_UNREAD)] = MAX (pd_list_row_get_int (row, PD_INSP_ROW_UNREAD, 0), 0);
  v->num[NUM (PROP_LATE)] = late;
  v->num[NUM (PROP_PERISHABLE)] = perishable;
  v->num[NUM (PROP_LATE_PERISHABLE)] = late && perishable && open;
  v->num[NUM (PROP_IS_OPEN)] = open;
  set_flag (v);
}

static const char * const classes_none[] = { NULL };
static const char * const classes_late[] = { "pd-late", NULL };
static const char * const classes_late_perishable[] = { "pd-late-perishable", NULL };

/* What filters and sorters look at. */
static const guint key_props[] = {
  PROP_KIND, PROP_KIND_LABEL, PROP_PORT, PROP_STATUS, PROP_REQUESTER, PROP_COMMODITY, PROP_SEARCH_TEXT, PROP_REF,
  PROP_STATUS_RANK, PROP_REQUESTED, PROP_SLOT_START, PROP_SLA_URGENCY, PROP_LATE, PROP_IS_OPEN,
};

static void
clear_collate (PdInspectionObject *self,
               guint               p)
{
  if (self->collate != NULL)
    g_clear_pointer (&self->collate[p], g_free);
}

static gboolean
keys_differ (PdInspectionObject *self,
             Values             *v)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_props); i++)
    {
      guint p = key_props[i];

      if (p <= LAST_STRING_PROP ? g_strcmp0 (self->str[p], v->str[p]) != 0 : self->num[NUM (p)] != v->num[NUM (p)])
        return TRUE;
    }
  return FALSE;
}

static const char * const *
row_classes_of (PdInspectionObject *self)
{
  return self->num[NUM (PROP_LATE_PERISHABLE)] ? classes_late_perishable :
         self->num[NUM (PROP_LATE)] && self->num[NUM (PROP_IS_OPEN)] ? classes_late : classes_none;
}

static void
apply (PdInspectionObject *self,
       Values             *v,
       gboolean            notify)
{
  const char * const *classes;

  if (notify)
    g_object_freeze_notify (G_OBJECT (self));
  for (guint p = PROP_REF; p <= LAST_STRING_PROP; p++)
    if (is_lazy_label (p) && self->str[p] != NULL && lazy_inputs_differ (self, v, p))
      {
        g_clear_pointer (&self->str[p], g_free);
        if (notify)
          g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
      }
  self->slot_end = v->slot_end;
  self->sla_left = v->sla_left;
  for (guint p = PROP_REF; p <= LAST_STRING_PROP; p++)
    {
      if (is_lazy_label (p))
        continue;
      if (is_interned (p))
        {
          if (self->str[p] != v->str[p])
            {
              self->str[p] = v->str[p];
              clear_collate (self, p);
              if (notify)
                g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
            }
          v->str[p] = NULL;
          continue;
        }
      if (g_strcmp0 (self->str[p], v->str[p]) != 0)
        {
          g_free (self->str[p]);
          clear_collate (self, p);
          self->str[p] = g_steal_pointer (&v->str[p]);
          if (notify)
            g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
        }
      g_clear_pointer (&v->str[p], g_free);
    }
  for (guint p = LAST_STRING_PROP + 1; p < PROP_ROW_CLASSES; p++)
    if (self->num[NUM (p)] != v->num[NUM (p)])
      {
        self->num[NUM (p)] = v->num[NUM (p)];
        if (notify)
          g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
      }
  classes = row_classes_of (self);
  if (self->row_classes != classes)
    {
      self->row_classes = classes;
      if (notify)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_CLASSES]);
    }
  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

/* --- object ------------------------------------------------------------- */

static void
pd_inspection_object_finalize (GObject *object)
{
  PdInspectionObject *self = PD_INSPECTION_OBJECT (object);

  for (guint p = PROP_REF; p <= LAST_STRING_PROP; p++)
    {
      if (!is_interned (p))
        g_free (self->str[p]);
      if (self->collate != NULL)
        g_free (self->collate[p]);
    }
  g_free (self->collate);
  G_OBJECT_CLASS (pd_inspection_object_parent_class)->finalize (object);
}

static void
pd_inspection_object_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PdInspectionObject *self = PD_INSPECTION_OBJECT (object);

  if (prop_id == PROP_SLA_LABEL && self->str[prop_id] == NULL)
    self->str[prop_id] = sla_label (self);
  else if (is_time_label (prop_id) && self->str[prop_id] == NULL)
    {
      /* Translators: a compact date and time format for g_date_time_format */
      const char *day = _("%d %b %H:%M");

      if (prop_id == PROP_REQUESTED_LABEL)
        self->str[prop_id] = format_unix (self->num[NUM (PROP_REQUESTED)], day);
      else if (self->num[NUM (PROP_SLOT_START)] == 0)
        self->str[prop_id] = g_strdup ("—");
      else
        {
          g_autofree char *a = format_unix (self->num[NUM (PROP_SLOT_START)], prop_id == PROP_SLOT_LABEL ? day : "%H:%M");
          g_autofree char *b = format_unix (self->slot_end, "%H:%M");

          self->str[prop_id] = g_strdup_printf ("%s–%s", a, b);
        }
    }
  if (prop_id >= PROP_REF && prop_id <= LAST_STRING_PROP)
    g_value_set_string (value, self->str[prop_id]);
  else if (prop_id == PROP_ROW_CLASSES)
    g_value_set_boxed (value, (gconstpointer) self->row_classes);
  else if (prop_id < N_PROPS && G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, self->num[NUM (prop_id)] != 0);
  else if (prop_id < N_PROPS && G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_INT64)
    g_value_set_int64 (value, self->num[NUM (prop_id)]);
  else if (prop_id < N_PROPS && G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_INT)
    g_value_set_int (value, (int) self->num[NUM (prop_id)]);
  else if (prop_id < N_PROPS && G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_UINT)
    g_value_set_uint (value, (guint) self->num[NUM (prop_id)]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
pd_inspection_object_class_init (PdInspectionObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_inspection_object_finalize;
  object_class->get_property = pd_inspection_object_get_property;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    status_labels[i] = g_intern_string (_(statuses[i].label));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    kind_labels[i] = g_intern_string (_(kinds[i].label));
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    flag_tooltips[i] = g_intern_string (_(flags[i].tooltip));

  properties[PROP_REF] = g_param_spec_string ("ref", NULL, NULL, NULL, RO);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, RO);
  properties[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, RO);
  properties[PROP_PORT] = g_param_spec_string ("port", NULL, NULL, NULL, RO);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, RO);
  properties[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL, RO);
  properties[PROP_REQUESTER] = g_param_spec_string ("requester", NULL, NULL, NULL, RO);
  properties[PROP_COMMODITY] = g_param_spec_string ("commodity", NULL, NULL, NULL, RO);
  properties[PROP_REQUESTED_LABEL] = g_param_spec_string ("requested-label", NULL, NULL, NULL, RO);
  properties[PROP_SLOT_LABEL] = g_param_spec_string ("slot-label", NULL, NULL, NULL, RO);
  properties[PROP_SLOT_TIME] = g_param_spec_string ("slot-time", NULL, NULL, NULL, RO);
  properties[PROP_SLA_LABEL] = g_param_spec_string ("sla-label", NULL, NULL, NULL, RO);
  properties[PROP_FLAG_ICON] = g_param_spec_string ("flag-icon", NULL, NULL, NULL, RO);
  properties[PROP_FLAG_TOOLTIP] = g_param_spec_string ("flag-tooltip", NULL, NULL, NULL, RO);
  properties[PROP_SEARCH_TEXT] = g_param_spec_string ("search-text", NULL, NULL, NULL, RO);
  properties[PROP_STATUS_RANK] = g_param_spec_uint ("status-rank", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_REQUESTED] = g_param_spec_int64 ("requested", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_SLOT_START] = g_param_spec_int64 ("slot-start", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_SLA_URGENCY] = g_param_spec_int64 ("sla-urgency", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_UNREAD] = g_param_spec_int ("unread", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_LATE] = g_param_spec_boolean ("late", NULL, NULL, FALSE, RO);
  properties[PROP_PERISHABLE] = g_param_spec_boolean ("perishable", NULL, NULL, FALSE, RO);
  properties[PROP_LATE_PERISHABLE] = g_param_spec_boolean ("late-perishable", NULL, NULL, FALSE, RO);
  properties[PROP_IS_OPEN] = g_param_spec_boolean ("is-open", NULL, NULL, FALSE, RO);
  properties[PROP_ROW_CLASSES] = g_param_spec_boxed ("row-classes", NULL, NULL, G_TYPE_STRV, RO);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_inspection_object_init (PdInspectionObject *self)
{
}

PdInspectionObject *
pd_inspection_object_new_from_row (const PdListRow *row)
{
  PdInspectionObject *self;
  Values v = { 0 };

  g_return_val_if_fail (row != NULL, NULL);

  if (pd_list_row_get_string (row, PD_INSP_ROW_REF) == NULL)
    return NULL;
  self = g_object_new (PD_TYPE_INSPECTION_OBJECT, NULL);
  compute (row, &v);
  /* a new object takes the values as they are (apply compares each) */
  memcpy (self->str, v.str, sizeof self->str);
  memcpy (self->num, v.num, sizeof self->num);
  self->slot_end = v.slot_end;
  self->sla_left = v.sla_left;
  self->row_classes = row_classes_of (self);
  return self;
}

/* @self's values, as apply takes them (the time labels are made again) */
static void
values_of (PdInspectionObject *self,
           Values             *v)
{
  for (guint p = PROP_REF; p <= LAST_STRING_PROP; p++)
    if (!is_lazy_label (p))
      v->str[p] = is_interned (p) ? self->str[p] : g_strdup (self->str[p]);
  memcpy (v->num, self->num, sizeof v->num);
  v->slot_end = self->slot_end;
  v->sla_left = self->sla_left;
}

gboolean
pd_inspection_object_update (PdInspectionObject *self,
                             PdInspectionObject *fresh)
{
  Values v = { 0 };
  gboolean changed;

  g_return_val_if_fail (PD_IS_INSPECTION_OBJECT (self), FALSE);
  g_return_val_if_fail (PD_IS_INSPECTION_OBJECT (fresh), FALSE);

  values_of (fresh, &v);
  changed = keys_differ (self, &v);
  apply (self, &v, TRUE);
  return changed;
}

void
pd_inspection_object_set_unread (PdInspectionObject *self,
                                 int                 unread)
{
  Values v = { 0 };

  g_return_if_fail (PD_IS_INSPECTION_OBJECT (self));

  if (self->num[NUM (PROP_UNREAD)] == unread)
    return;
  values_of (self, &v);
  v.num[NUM (PROP_UNREAD)] = MAX (unread, 0);
  set_flag (&v);
  apply (self, &v, TRUE);
}

/* --- sorting ------------------------------------------------------------- */

static const char *
collate_key (PdInspectionObject *self,
             guint               prop)
{
  if (self->collate == NULL)
    self->collate = g_new0 (char *, LAST_STRING_PROP + 1);
  if (self->collate[prop] == NULL)
    self->collate[prop] = g_utf8_collate_key (self->str[prop] ? self->str[prop] : "", -1);
  return self->collate[prop];
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  PdInspectionObject *x = (PdInspectionObject *) a, *y = (PdInspectionObject *) b;
  PdInspectionSort key = GPOINTER_TO_INT (user_data);
  static const guint number[] = {
    [PD_INSPECTION_SORT_REQUESTED] = PROP_REQUESTED, [PD_INSPECTION_SORT_STATUS] = PROP_STATUS_RANK,
    [PD_INSPECTION_SORT_SLA] = PROP_SLA_URGENCY, [PD_INSPECTION_SORT_SLOT] = PROP_SLOT_START,
  };
  static const guint text[] = {
    [PD_INSPECTION_SORT_REF] = PROP_REF, [PD_INSPECTION_SORT_KIND] = PROP_KIND_LABEL,
    [PD_INSPECTION_SORT_REQUESTER] = PROP_REQUESTER, [PD_INSPECTION_SORT_COMMODITY] = PROP_COMMODITY,
    [PD_INSPECTION_SORT_PORT] = PROP_PORT,
  };

  switch (key)
    {
    case PD_INSPECTION_SORT_REQUESTED:
    case PD_INSPECTION_SORT_STATUS:
    case PD_INSPECTION_SORT_SLA:
    case PD_INSPECTION_SORT_SLOT:
      return x->num[NUM (number[key])] < y->num[NUM (number[key])] ? -1 : x->num[NUM (number[key])] > y->num[NUM (number[key])];
    case PD_INSPECTION_SORT_REF:
    case PD_INSPECTION_SORT_KIND:
    case PD_INSPECTION_SORT_REQUESTER:
    case PD_INSPECTION_SORT_COMMODITY:
    case PD_INSPECTION_SORT_PORT:
      return strcmp (collate_key (x, text[key]), collate_key (y, text[key]));
    default:
      g_return_val_if_reached (0);
    }
}

GtkSorter *
pd_inspection_sorter_new (PdInspectionSort key)
{
  return GTK_SORTER (gtk_custom_sorter_new (compare_rows, GINT_TO_POINTER (key), NULL));
}

#define GETTER(type, name, expr) \
  type pd_inspection_object_get_##name (PdInspectionObject *self) \
  { \
    g_return_val_if_fail (PD_IS_INSPECTION_OBJECT (self), 0); \
    return expr; \
  }

GETTER (const char *, ref, self->str[PROP_REF])
GETTER (const char *, status, self->str[PROP_STATUS])
GETTER (const char *, port, self->str[PROP_PORT])
GETTER (const char *, kind, self->str[PROP_KIND])
GETTER (const char *, requester, self->str[PROP_REQUESTER])
GETTER (const char *, commodity, self->str[PROP_COMMODITY])
GETTER (const char *, search_text, self->str[PROP_SEARCH_TEXT])
GETTER (gint64, requested, self->num[NUM (PROP_REQUESTED)])
GETTER (gint64, slot_start, self->num[NUM (PROP_SLOT_START)])
GETTER (gboolean, late, self->num[NUM (PROP_LATE)] != 0)
GETTER (gboolean, perishable, self->num[NUM (PROP_PERISHABLE)] != 0)
GETTER (gboolean, is_open, self->num[NUM (PROP_IS_OPEN)] != 0)
GETTER (int, unread, (int) self->num[NUM (PROP_UNREAD)])
