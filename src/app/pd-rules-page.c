/* pd-rules-page.c: the rules of behavior shown after every logon
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-rules-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-rules-page.h"

struct _PdRulesPage
{
  AdwBin          parent_instance;

  AdwWindowTitle *title;
  GtkLabel       *text_label;
  GtkButton      *accept_button;
  GtkButton      *decline_button;

  gboolean        has_text;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (PdRulesPage, pd_rules_page, ADW_TYPE_BIN)

enum {
  ACCEPT,
  DECLINE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update (PdRulesPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_button), self->has_text && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->decline_button), !self->busy);
}

void
pd_rules_page_accept (PdRulesPage *self)
{
  g_return_if_fail (PD_IS_RULES_PAGE (self));
  if (self->has_text && !self->busy)
    g_signal_emit (self, signals[ACCEPT], 0);
}

void
pd_rules_page_decline (PdRulesPage *self)
{
  g_return_if_fail (PD_IS_RULES_PAGE (self));
  if (!self->busy)
    g_signal_emit (self, signals[DECLINE], 0);
}

static void
accept_clicked_cb (PdRulesPage *self)
{
  pd_rules_page_accept (self);
}

static void
decline_clicked_cb (PdRulesPage *self)
{
  pd_rules_page_decline (self);
}

static void
pd_rules_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_RULES_PAGE);
  G_OBJECT_CLASS (pd_rules_page_parent_class)->dispose (object);
}

static void
pd_rules_page_class_init (PdRulesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_rules_page_dispose;

  signals[ACCEPT] =
    g_signal_new ("accept", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DECLINE] =
    g_signal_new ("decline", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/portdesk/PortDesk/ui/pd-rules-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdRulesPage, title);
  gtk_widget_class_bind_template_child (widget_class, PdRulesPage, text_label);
  gtk_widget_class_bind_template_child (widget_class, PdRulesPage, accept_button);
  gtk_widget_class_bind_template_child (widget_class, PdRulesPage, decline_button);
  gtk_widget_class_bind_template_callback (widget_class, accept_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decline_clicked_cb);
}

static void
pd_rules_page_init (PdRulesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

void
pd_rules_page_set_rules (PdRulesPage *self,
                         const char  *version,
                         const char  *text)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (PD_IS_RULES_PAGE (self));

  self->has_text = text != NULL && *text != '\0';
  gtk_label_set_text (self->text_label, self->has_text ? text : _("Loading the rules…"));
  if (version != NULL)
    /* Translators: %s is the version of the rules of behavior */
    subtitle = g_strdup_printf (_("Version %s"), version);
  adw_window_title_set_subtitle (self->title, subtitle ? subtitle : "");
  update (self);
  if (self->has_text)
    gtk_widget_grab_focus (GTK_WIDGET (self->accept_button));
}

const char *
pd_rules_page_get_text (PdRulesPage *self)
{
  g_return_val_if_fail (PD_IS_RULES_PAGE (self), NULL);
  return self->has_text ? gtk_label_get_text (self->text_label) : NULL;
}

void
pd_rules_page_set_busy (PdRulesPage *self,
                        gboolean     busy)
{
  g_return_if_fail (PD_IS_RULES_PAGE (self));
  self->busy = !!busy;
  update (self);
}
