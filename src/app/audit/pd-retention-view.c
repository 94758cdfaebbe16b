/* pd-retention-view.c: the Retention view
 *
 * Every policy of the promise table (GET /v1/retention) with what it
 * holds now and when the oldest of that becomes due, when the sweeper
 * last ran it and what it purged then and in all (the selected one's rule
 * whole under the list); below, the
 * latest deletion receipts (GET /v1/retention/receipts: the sweeper's
 * audit entries, each with the SHA-256 of the ids it deleted).
 * Administrators run the sweeper now (POST /v1/retention/run, the route
 * of portdeskctl retention run); the service says who may, and the button
 * is shown only to them.  Auditors see the same view without it.
 *
 * Keys: Alt+R runs the sweeper, F5 reloads (the window).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-retention-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-json.h"
#include "pd-retention-view.h"
#include "pd-view.h"

#define STATUS   "/v1/retention"
#define RECEIPTS "/v1/retention/receipts?limit=20"
#define N_RECEIPTS 20

struct _PdRetentionView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;
  PdTableView     *policies;
  PdTableView     *receipts;
  GtkLabel        *last_run;
  GtkLabel        *rule;        /* the selected policy's rule, whole */
  GtkWidget       *run;
  GtkLabel        *status;
  char            *message;
  gboolean         loading;
  gboolean         running;
};

static void pd_retention_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdRetentionView, pd_retention_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_retention_view_view_init))

/* --- columns ---------------------------------------------------------------------- */

static char *
format_kind (JsonObject *row,
             const char *member)
{
  const char *kind = pd_json_str (row, member);

  if (g_strcmp0 (kind, "purge") == 0)
    return g_strdup (_("Deleted when due"));
  if (g_strcmp0 (kind, "guard") == 0)
    return g_strdup (_("Enforced at entry"));
  if (g_strcmp0 (kind, "keep") == 0)
    return g_strdup (_("Kept"));
  return g_strdup (kind);
}

/* what it holds now: a count, or a dash where nothing is counted */
static char *
format_count (JsonObject *row,
              const char *member)
{
  JsonNode *n = json_object_get_member (row, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n) || g_strcmp0 (pd_json_str (row, "kind"), "purge") != 0)
    return g_strdup ("—");
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
}

/* the rule, long, is shown whole under the list for the selected policy */
static const PdTableColumn policy_columns[] = {
  { "data",         N_("Data"),       TRUE,  NULL,                 FALSE, 20, TRUE },
  { "kind",         N_("Kind"),       FALSE, format_kind,          FALSE, 16, TRUE },
  /* Translators: how many items a retention policy holds now */
  { "held",         N_("Held"),       FALSE, format_count,         TRUE,  6, TRUE },
  PD_TABLE_TIME_COLUMN ("next_due",     N_("Oldest due")),
  PD_TABLE_TIME_COLUMN ("last_run",     N_("Last run")),
  /* Translators: how many items the sweeper's last run deleted */
  { "last_purged",  N_("Purged"),     FALSE, format_count,         TRUE,  6, TRUE },
  /* Translators: how many items the sweeper deleted in all its runs */
  { "total_purged", N_("In all"),     FALSE, format_count,         TRUE,  6, TRUE },
};

static const PdTableColumn receipt_columns[] = {
  PD_TABLE_TIME_COLUMN ("at",         N_("When")),
  { "data",       N_("Data"),        TRUE,  NULL,                 FALSE, 22 },
  { "count",      N_("Deleted"),     FALSE, NULL,                 TRUE,  7, TRUE },
  { "actor",      N_("Run by"),      FALSE, NULL,                 FALSE, 12, TRUE },
  { "ids_sha256", N_("SHA-256 of the deleted ids"), TRUE, NULL,   FALSE, 24 },
  { "seq",        N_("Audit entry"), FALSE, NULL,                 TRUE,  7, TRUE },
};

/* --- loading ---------------------------------------------------------------------- */

static void
show_message (PdRetentionView *self,
              const char      *text,
              gboolean         error)
{
  pd_view_show_message (self->status, &self->message, text, error);
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  PdRetentionView *self;
  JsonObject *o;
  gint64 last = 0;
  JsonArray *policies;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PD_RETENTION_VIEW (user_data);
  self->loading = FALSE;
  if (node == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  o = json_node_get_object (node);
  policies = pd_json_array (o, "policies");
  pd_table_view_set_rows (self->policies, policies);
  gtk_widget_set_visible (self->run, pd_json_bool (o, "may_run"));
  for (guint i = 0; policies != NULL && i < json_array_get_length (policies); i++)
    {
      const char *at = pd_json_str (json_array_get_object_element (policies, i), "last_run");
      g_autoptr(GDateTime) t = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;

      if (t != NULL)
        last = MAX (last, g_date_time_to_unix (t));
    }
  if (last == 0)
    gtk_label_set_text (self->last_run, _("The sweeper has not run yet."));
  else
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (last);
      g_autofree char *when = g_date_time_format (t, "%Y-%m-%d %H:%M");
      g_autofree char *text = NULL;

      /* Translators: %s is a date and time */
      text = g_strdup_printf (_("The sweeper last ran at %s."), when);
      gtk_label_set_text (self->last_run, text);
    }
}

static void
load (PdRetentionView *self)
{
  self->loading = TRUE;
  pd_service_client_call_async (self->client, "GET", STATUS, NULL, self->cancellable, status_cb, self);
  pd_table_view_reload (self->receipts);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  PdRetentionView *self;
  g_autofree char *text = NULL;
  gint64 purged;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PD_RETENTION_VIEW (user_data);
  self->running = FALSE;
  gtk_widget_set_sensitive (self->run, TRUE);
  if (node == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  purged = pd_json_int (json_node_get_object (node), "purged", 0);
  if (purged == 0)
    text = g_strdup (_("The sweeper ran: nothing was due."));
  else
    /* Translators: the number of items the retention sweeper deleted */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The sweeper ran and deleted %u item; its receipt is below.",
                                         "The sweeper ran and deleted %u items; their receipts are below.",
                                         (gulong) purged), (guint) purged);
  show_message (self, text, FALSE);
  load (self);
}

static void
run_clicked (PdRetentionView *self)
{
  if (self->running)
    return;
  self->running = TRUE;
  gtk_widget_set_sensitive (self->run, FALSE);
  show_message (self, _("Running the sweeper…"), FALSE);
  pd_service_client_call_async (self->client, "POST", "/v1/retention/run", NULL, self->cancellable, run_cb, self);
}

static void
policy_selected (PdRetentionView *self)
{
  JsonObject *row = pd_table_view_get_selected (self->policies);
  g_autofree char *text = NULL;

  if (row == NULL)
    {
      gtk_label_set_text (self->rule, _("Select a policy to read its rule whole."));
      return;
    }
  /* Translators: a retention policy's data, then its rule */
  text = g_strdup_printf (_("%s: %s"), pd_json_str (row, "data"), pd_json_str (row, "rule"));
  gtk_label_set_text (self->rule, text);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  g_object_set (label, "margin-start", 12, "margin-top", 6, "margin-bottom", 3, NULL);
  return label;
}

static void
build (PdRetentionView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *intro = gtk_label_new (_("What PortDesk keeps, and for how long: each promise, what it holds now, and "
                                      "what the sweeper deleted. Every deletion leaves a receipt in the audit log "
                                      "(how many, and a SHA-256 of the ids), never the data."));
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  g_object_set (intro, "xalign", 0.0f, "wrap", TRUE, "margin-start", 12, "margin-end", 12, "margin-top", 12, NULL);
  gtk_box_append (GTK_BOX (box), intro);

  self->last_run = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->last_run, 0.0f);
  gtk_widget_set_hexpand (GTK_WIDGET (self->last_run), TRUE);
  self->run = gtk_button_new_with_mnemonic (_("_Run Now"));
  gtk_widget_add_css_class (self->run, "suggested-action");
  gtk_widget_set_tooltip_text (self->run, _("Delete now everything that is due, as the sweeper does on its timer"));
  gtk_widget_set_visible (self->run, FALSE);
  g_signal_connect_swapped (self->run, "clicked", G_CALLBACK (run_clicked), self);
  g_object_set (bar, "margin-start", 12, "margin-end", 12, "margin-top", 6, "margin-bottom", 6, NULL);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->last_run));
  gtk_box_append (GTK_BOX (bar), self->run);
  gtk_box_append (GTK_BOX (box), bar);

  self->policies = pd_table_view_new (NULL, NULL, policy_columns, G_N_ELEMENTS (policy_columns), 0);
  gtk_widget_set_vexpand (GTK_WIDGET (self->policies), TRUE);
  gtk_box_append (GTK_BOX (top), heading (_("Policies")));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->policies));
  self->rule = GTK_LABEL (gtk_label_new (NULL));
  g_object_set (self->rule, "xalign", 0.0f, "wrap", TRUE, "selectable", TRUE, "margin-start", 12, "margin-end", 12,
                "margin-top", 6, NULL);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->rule));
  g_signal_connect_swapped (self->policies, "selected", G_CALLBACK (policy_selected), self);
  policy_selected (self);
  self->receipts = pd_table_view_new (self->client, RECEIPTS, receipt_columns, G_N_ELEMENTS (receipt_columns),
                                      N_RECEIPTS);
  gtk_widget_set_vexpand (GTK_WIDGET (self->receipts), TRUE);
  gtk_box_append (GTK_BOX (bottom), heading (_("Latest deletion receipts")));
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->receipts));
  gtk_widget_set_size_request (top, -1, 200);
  gtk_widget_set_size_request (bottom, -1, 140);
  gtk_paned_set_start_child (GTK_PANED (paned), top);
  gtk_paned_set_end_child (GTK_PANED (paned), bottom);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 380);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), paned);

  self->status = GTK_LABEL (gtk_label_new (NULL));
  g_object_set (self->status, "xalign", 0.0f, "wrap", TRUE, "visible", FALSE, "margin-start", 12, "margin-top", 6,
                "margin-bottom", 6, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  adw_bin_set_child (ADW_BIN (self), box);
}

/* --- PdView, object, tests ---------------------------------------------------------------- */

static void
view_reload (PdView *view)
{
  load (PD_RETENTION_VIEW (view));
}

gboolean
pd_retention_view_get_busy (PdRetentionView *self)
{
  g_return_val_if_fail (PD_IS_RETENTION_VIEW (self), FALSE);
  return self->loading || self->running || pd_table_view_get_loading (self->receipts);
}

static gboolean
view_get_busy (PdView *view)
{
  return pd_retention_view_get_busy (PD_RETENTION_VIEW (view));
}

static void
pd_retention_view_view_init (PdViewInterface *iface)
{
  iface->reload = view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_retention_view_dispose (GObject *object)
{
  PdRetentionView *self = PD_RETENTION_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (pd_retention_view_parent_class)->dispose (object);
}

static void
pd_retention_view_finalize (GObject *object)
{
  PdRetentionView *self = PD_RETENTION_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_free (self->message);
  G_OBJECT_CLASS (pd_retention_view_parent_class)->finalize (object);
}

static void
pd_retention_view_class_init (PdRetentionViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_retention_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_retention_view_finalize;
}

static void
pd_retention_view_init (PdRetentionView *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pd_retention_view_new (PdServiceClient *client)
{
  PdRetentionView *self;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);

  self = g_object_new (PD_TYPE_RETENTION_VIEW, NULL);
  self->client = g_object_ref (client);
  build (self);
  load (self);
  return GTK_WIDGET (self);
}

PdTableView *
pd_retention_view_get_policies (PdRetentionView *self)
{
  g_return_val_if_fail (PD_IS_RETENTION_VIEW (self), NULL);
  return self->policies;
}

PdTableView *
pd_retention_view_get_receipts (PdRetentionView *self)
{
  g_return_val_if_fail (PD_IS_RETENTION_VIEW (self), NULL);
  return self->receipts;
}

GtkWidget *
pd_retention_view_get_run_button (PdRetentionView *self)
{
  g_return_val_if_fail (PD_IS_RETENTION_VIEW (self), NULL);
  return self->run;
}

const char *
pd_retention_view_get_message (PdRetentionView *self)
{
  g_return_val_if_fail (PD_IS_RETENTION_VIEW (self), NULL);
  return self->message;
}
