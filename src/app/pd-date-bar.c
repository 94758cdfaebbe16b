/* pd-date-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-date-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-date-bar.h"

struct _PdDateBar
{
  GtkBox           parent_instance;

  GtkEntry        *date;
  GtkToggleButton *day, *week;
};

G_DEFINE_FINAL_TYPE (PdDateBar, pd_date_bar, GTK_TYPE_BOX)

enum {
  SIGNAL_CHANGED,
  SIGNAL_INVALID,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (PdDateBar *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
toggled_cb (PdDateBar       *self,
            GtkToggleButton *button)
{
  /* each toggle of the pair says so; once, for the one now active */
  if (gtk_toggle_button_get_active (button))
    emit_changed (self);
}

void
pd_date_bar_set (PdDateBar  *self,
                 const char *date,
                 gboolean    week)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;

  g_return_if_fail (PD_IS_DATE_BAR (self));

  if (date == NULL)
    {
      now = g_date_time_new_now_local ();
      today = g_date_time_format (now, "%Y-%m-%d");
      date = today;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->date), date);
  /* the toggles are a group: one of them is active */
  g_signal_handlers_block_by_func (self->week, toggled_cb, self);
  g_signal_handlers_block_by_func (self->day, toggled_cb, self);
  gtk_toggle_button_set_active (week ? self->week : self->day, TRUE);
  g_signal_handlers_unblock_by_func (self->week, toggled_cb, self);
  g_signal_handlers_unblock_by_func (self->day, toggled_cb, self);
  emit_changed (self);
}

gboolean
pd_date_bar_step (PdDateBar *self,
                  int        direction)
{
  g_autofree char *date = NULL, *iso = NULL, *text = NULL;
  g_autoptr(GDateTime) d = NULL;
  g_autoptr(GDateTime) next = NULL;
  gboolean week;

  g_return_val_if_fail (PD_IS_DATE_BAR (self), FALSE);

  date = pd_date_bar_dup_date (self);
  iso = g_strconcat (date, "T00:00:00Z", NULL);
  d = g_date_time_new_from_iso8601 (iso, NULL);
  if (d == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_INVALID], 0, _("The date is YYYY-MM-DD, for example 2026-03-14."));
      return FALSE;
    }
  week = gtk_toggle_button_get_active (self->week);
  next = g_date_time_add_days (d, direction * (week ? 7 : 1));
  text = g_date_time_format (next, "%Y-%m-%d");
  pd_date_bar_set (self, text, week);
  return TRUE;
}

char *
pd_date_bar_dup_date (PdDateBar *self)
{
  g_return_val_if_fail (PD_IS_DATE_BAR (self), NULL);
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date))));
}

gboolean
pd_date_bar_get_week (PdDateBar *self)
{
  g_return_val_if_fail (PD_IS_DATE_BAR (self), FALSE);
  return gtk_toggle_button_get_active (self->week);
}

char *
pd_date_bar_dup_path (PdDateBar  *self,
                      const char *base)
{
  g_autofree char *date = NULL, *escaped = NULL;

  g_return_val_if_fail (PD_IS_DATE_BAR (self), NULL);

  date = pd_date_bar_dup_date (self);
  escaped = g_uri_escape_string (date, NULL, FALSE);
  return g_strdup_printf ("%s?from=%s&days=%d", base, escaped, pd_date_bar_get_week (self) ? 7 : 1);
}

static void
today_clicked (PdDateBar *self)
{
  pd_date_bar_set (self, NULL, pd_date_bar_get_week (self));
}

static void
previous_clicked (PdDateBar *self)
{
  pd_date_bar_step (self, -1);
}

static void
next_clicked (PdDateBar *self)
{
  pd_date_bar_step (self, 1);
}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  return pd_date_bar_step (PD_DATE_BAR (user_data), g_variant_get_int32 (args));
}

void
pd_date_bar_add_shortcuts (PdDateBar *self,
                           GtkWidget *widget)
{
  GtkEventController *c = gtk_shortcut_controller_new ();

  g_return_if_fail (PD_IS_DATE_BAR (self));

  /* the view holds the bar: no reference back */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (c), GTK_SHORTCUT_SCOPE_LOCAL);
  for (int direction = -1; direction <= 1; direction += 2)
    {
      GtkShortcut *s = gtk_shortcut_new (gtk_keyval_trigger_new (direction < 0 ? GDK_KEY_Page_Up : GDK_KEY_Page_Down,
                                                                 GDK_ALT_MASK),
                                         gtk_callback_action_new (shortcut_cb, self, NULL));

      gtk_shortcut_set_arguments (s, g_variant_new_int32 (direction));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (c), s);
    }
  gtk_widget_add_controller (widget, c);
}

static GtkWidget *
add_button (PdDateBar  *self,
            const char *mnemonic,
            const char *icon,
            const char *tooltip,
            GCallback   clicked)
{
  GtkWidget *b = icon != NULL ? gtk_button_new_from_icon_name (icon) : gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_tooltip_text (b, tooltip);
  g_signal_connect_swapped (b, "clicked", clicked, self);
  gtk_box_append (GTK_BOX (self), b);
  return b;
}

static void
pd_date_bar_class_init (PdDateBarClass *klass)
{
  /* ::changed: a new date or span, to load */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
  /* ::invalid (const char *message): a step from a date that is not one */
  signals[SIGNAL_INVALID] = g_signal_new ("invalid", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pd_date_bar_init (PdDateBar *self)
{
}

GtkWidget *
pd_date_bar_new (const char *mnemonic,
                 gboolean    week)
{
  PdDateBar *self = g_object_new (PD_TYPE_DATE_BAR, "orientation", GTK_ORIENTATION_HORIZONTAL, "spacing", 6,
                                  "margin-start", 12, "margin-end", 12, "margin-top", 6, "margin-bottom", 6, NULL);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
  GtkWidget *toggles = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  self->date = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->date), 11);
  gtk_editable_set_text (GTK_EDITABLE (self->date), today);
  gtk_entry_set_placeholder_text (self->date, _("YYYY-MM-DD"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->date));
  gtk_box_append (GTK_BOX (self), label);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->date));
  g_signal_connect_swapped (self->date, "activate", G_CALLBACK (emit_changed), self);
  add_button (self, NULL, "go-previous-symbolic", _("Earlier (Alt+Page Up)"), G_CALLBACK (previous_clicked));
  add_button (self, _("_Today"), NULL, NULL, G_CALLBACK (today_clicked));
  add_button (self, NULL, "go-next-symbolic", _("Later (Alt+Page Down)"), G_CALLBACK (next_clicked));

  self->day = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("_Day")));
  self->week = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("_Week")));
  gtk_toggle_button_set_group (self->week, self->day);
  gtk_toggle_button_set_active (week ? self->week : self->day, TRUE);
  gtk_widget_add_css_class (toggles, "linked");
  gtk_widget_set_margin_start (toggles, 12);
  gtk_box_append (GTK_BOX (toggles), GTK_WIDGET (self->day));
  gtk_box_append (GTK_BOX (toggles), GTK_WIDGET (self->week));
  gtk_box_append (GTK_BOX (self), toggles);
  g_signal_connect_swapped (self->day, "toggled", G_CALLBACK (toggled_cb), self);
  g_signal_connect_swapped (self->week, "toggled", G_CALLBACK (toggled_cb), self);
  return GTK_WIDGET (self);
}
