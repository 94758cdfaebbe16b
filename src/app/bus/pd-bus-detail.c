/* pd-bus-detail.c
 *
 * The manifest comes from GET /v1/bus/manifests/{ref}, with each
 * traveller's document checks as the service made them (check digits
 * read from an MRZ or not, expiry before the arrival, age on arrival,
 * biometric scope); nothing is checked again here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-bus-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-bus-detail.h"
#include "pd-json.h"
#include "pd-pane-call.h"

#define MANIFESTS "/v1/bus/manifests"

struct _PdBusDetail
{
  AdwBin           parent_instance;

  GtkStack        *stack;          /* "empty", "detail" */
  GtkLabel        *ref_label;
  GtkSpinner      *spinner;
  GtkLabel        *arrival_label;
  GtkLabel        *bus_label;
  GtkWidget       *arrive_button;
  GtkLabel        *error_label;
  GtkGrid         *facts;
  guint            n_facts;
  GtkLabel        *checks_label;
  PdTableView     *passengers;

  PdServiceClient *client;
  GCancellable    *cancellable;    /* per shown ref */
  char            *ref;
  JsonObject      *json;
  char            *arrival;
  char            *error;
  PdBusy           busy;
};

G_DEFINE_FINAL_TYPE (PdBusDetail, pd_bus_detail, ADW_TYPE_BIN)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- words -------------------------------------------------------------------- */

/* @name's word in @words (a name, its N_() word, ..., NULL), else @name */
static const char *
word_for (const char * const *words,
          const char         *name)
{
  for (; *words != NULL; words += 2)
    if (g_strcmp0 (words[0], name) == 0)
      return _(words[1]);
  return name != NULL ? name : "—";
}

const char *
pd_bus_registration_label (const char *status)
{
  static const char * const words[] = {
    "current", N_("Current"), "temporary", N_("Temporary"), "expired", N_("Expired"), NULL
  };

  return word_for (words, status);
}

const char *
pd_bus_document_label (const char *doc_type)
{
  static const char * const words[] = {
    "passport", N_("Passport"), "id_card", N_("ID card"), "visa", N_("Visa"),
    "border_crossing_card", N_("Border crossing card"), "other", N_("Other document"), NULL
  };

  return word_for (words, doc_type);
}

/* --- the passengers' columns ------------------------------------------------------ */

/* "ERIKSSON, ANNA MARIA" */
static char *
format_name (JsonObject *p,
             const char *member)
{
  return g_strdup_printf ("%s, %s", pd_json_str (p, "last_name") ?: "?", pd_json_str (p, "first_name") ?: "?");
}

/* "Passport G1234567" */
static char *
format_document (JsonObject *p,
                 const char *member)
{
  return g_strdup_printf ("%s %s", pd_bus_document_label (pd_json_str (p, "doc_type")),
                          pd_json_str (p, member) ?: "?");
}

static char *
format_check_digits (JsonObject *p,
                     const char *member)
{
  /* ok: read from the document's MRZ, its check digits held; else typed */
  return g_strdup (g_strcmp0 (pd_json_str (p, member), "ok") == 0 ? _("OK") : _("Not read"));
}

/* "⚠ 2026-12-06": the document expires before the arrival */
static char *
format_expires (JsonObject *p,
                const char *member)
{
  const char *date = pd_json_str (p, member) ?: "?";

  return pd_json_bool (p, "expires_before_arrival") ? g_strdup_printf ("⚠ %s", date) : g_strdup (date);
}

/* the checks first, then the document and the traveller */
static const PdTableColumn passenger_columns[] = {
  { "last_name",              N_("Name"),             TRUE,  format_name,         FALSE, 16, TRUE },
  { "age_on_arrival",         N_("Age"),              FALSE, NULL,                TRUE,  3 },
  { "biometric",              N_("Biometric"),        FALSE, NULL,                FALSE, 3 },
  { "check_digits",           N_("Check digits"),     FALSE, format_check_digits, FALSE, 8,  TRUE },
  { "doc_expires",            N_("Expires"),          FALSE, format_expires,      FALSE, 12, TRUE },
  { "doc_number",             N_("Document"),         FALSE, format_document,     FALSE, 18, TRUE },
  { "birth_date",             N_("Born"),             FALSE, NULL,                FALSE, 10, TRUE },
  { "sex",                    N_("Sex"),              FALSE, NULL,                FALSE, 1 },
  { "citizenship",            N_("Citizen of"),       FALSE, NULL,                FALSE, 3,  TRUE },
  { "doc_country",            N_("Issued by"),        FALSE, NULL,                FALSE, 3,  TRUE },
  { "residence",              N_("Resident of"),      FALSE, NULL,                FALSE, 3,  TRUE },
  { "trusted_traveler",       N_("Trusted traveler"), FALSE, NULL,                FALSE, 9,  TRUE },
};

/* --- showing the manifest ------------------------------------------------------------ */

static void
set_error (PdBusDetail *self,
           const char  *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* A fact of the manifest, two a line: "Company  Tufesa Internacional"; a
 * @warning one (an expired registration) in the warning colour. */
static void
add_fact (PdBusDetail *self,
          const char  *key,
          const char  *value,
          gboolean     warning)
{
  GtkWidget *k = gtk_label_new (key);
  GtkWidget *v = gtk_label_new (value != NULL && *value != '\0' ? value : "—");
  int column = (self->n_facts % 2) * 2, line = self->n_facts / 2;

  gtk_widget_add_css_class (k, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (k), 0);
  gtk_label_set_yalign (GTK_LABEL (k), 0);
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (v), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (v), 16);
  gtk_label_set_max_width_chars (GTK_LABEL (v), 40);
  gtk_widget_set_hexpand (v, TRUE);
  if (warning)
    gtk_widget_add_css_class (v, "warning");
  gtk_grid_attach (self->facts, k, column, line, 1, 1);
  gtk_grid_attach (self->facts, v, column + 1, line, 1, 1);
  self->n_facts++;
}

static void
clear_facts (PdBusDetail *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts))) != NULL)
    gtk_grid_remove (self->facts, child);
  self->n_facts = 0;
}

static gboolean
arrived (PdBusDetail *self)
{
  return self->json != NULL && pd_json_str (self->json, "arrived_at") != NULL;
}

static void
update_arrive (PdBusDetail *self)
{
  gboolean can = pd_bus_detail_get_can_arrive (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bus.arrive", can);
  gtk_widget_set_tooltip_text (self->arrive_button, self->json != NULL && !can ? _("The bus has arrived.") : NULL);
}

static void
show_arrival (PdBusDetail *self)
{
  GtkWidget *label = GTK_WIDGET (self->arrival_label);
  g_autofree char *text = NULL;

  g_free (self->arrival);
  if (arrived (self))
    {
      g_autofree char *at = pd_table_format_time (self->json, "arrived_at");

      self->arrival = g_strdup (at);
      /* Translators: %s is the time of the bus's arrival, %s the officer who marked it */
      text = g_strdup_printf (_("Arrived %s (%s)"), at, pd_json_str (self->json, "arrived_by") ?: "?");
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "success");
    }
  else
    {
      self->arrival = g_strdup ("—");
      text = g_strdup (_("Not arrived yet"));
      gtk_widget_remove_css_class (label, "success");
      gtk_widget_add_css_class (label, "dim-label");
    }
  gtk_label_set_text (self->arrival_label, text);
}

static void
show_checks (PdBusDetail *self,
             JsonObject  *m)
{
  JsonArray *passengers = pd_json_array (m, "passengers");
  guint n = passengers != NULL ? json_array_get_length (passengers) : 0;
  gint64 expiring = pd_json_int (m, "expiring", 0);
  int biometric = (int) pd_json_int (m, "biometric", 0), typed = (int) pd_json_int (m, "unchecked", 0);
  g_autofree char *all = NULL, *scope = NULL, *expiry = NULL, *read = NULL, *text = NULL;

  all = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u passenger", "%u passengers", n), n);
  /* Translators: passengers aged 14 to 79 on the arrival date */
  scope = g_strdup_printf (_("%d in biometric scope (14–79)"), biometric);
  expiry = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d document expires before the arrival",
                                         "%d documents expire before the arrival", expiring),
                            (int) expiring);
  /* Translators: passengers typed by the carrier rather than read from their document's MRZ */
  read = g_strdup_printf (_("%d typed, not read from an MRZ"), typed);
  text = g_strjoin (" · ", all, scope, expiry, read, NULL);
  gtk_label_set_text (self->checks_label, text);
  if (expiring > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->checks_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->checks_label), "warning");
}

static void
show_json (PdBusDetail *self,
           JsonObject  *m)
{
  const char *status = pd_json_str (m, "registration_status");
  gboolean expired = g_strcmp0 (status, "expired") == 0;
  g_autofree char *bus = NULL, *departure = NULL, *port_arrival = NULL, *contact = NULL, *carrier = NULL;
  g_autofree char *submitted = NULL;

  g_clear_pointer (&self->json, json_object_unref);
  self->json = json_object_ref (m);

  /* Translators: a bus's registration and the status of the registration, "NL 4821 · Expired" */
  bus = g_strdup_printf (_("%s · registration %s"), pd_json_str (m, "bus_registration") ?: "?",
                         pd_bus_registration_label (status));
  gtk_label_set_text (self->bus_label, bus);
  departure = pd_table_format_time (m, "departure_at");
  port_arrival = pd_table_format_time (m, "port_arrival_at");
  submitted = pd_table_format_time (m, "submitted_at");
  contact = g_strdup_printf ("%s · %s", pd_json_str (m, "contact_email") ?: "?", pd_json_str (m, "contact_phone") ?: "?");
  carrier = g_strdup_printf ("%s · %s", pd_json_str (m, "carrier_code") ?: "?", pd_json_str (m, "sender_id") ?: "?");

  clear_facts (self);
  add_fact (self, _("Company"), pd_json_str (m, "company"), FALSE);
  add_fact (self, _("Registration"),
            expired ? _("⚠ Expired: the bus's registration is not valid") : pd_bus_registration_label (status),
            expired);
  add_fact (self, _("Departure"), departure, FALSE);
  add_fact (self, _("At the port"), port_arrival, FALSE);
  add_fact (self, _("In the US"), pd_json_str (m, "us_arrival_date"), FALSE);
  add_fact (self, _("Arrival location"), pd_json_str (m, "arrival_location"), FALSE);
  add_fact (self, _("Last country"), pd_json_str (m, "last_country"), FALSE);
  add_fact (self, _("Contact"), contact, FALSE);
  add_fact (self, _("Carrier, sender"), carrier, FALSE);
  add_fact (self, _("Submitted on"), submitted, FALSE);
  if (expired)
    gtk_widget_add_css_class (GTK_WIDGET (self->bus_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->bus_label), "warning");

  show_arrival (self);
  show_checks (self, m);
  pd_table_view_set_rows (self->passengers, pd_json_array (m, "passengers"));
  update_arrive (self);
}

static char *
manifest_path (const char *ref,
               const char *suffix)
{
  g_autofree char *e = g_uri_escape_string (ref, NULL, FALSE);

  return g_strconcat (MANIFESTS "/", e, suffix, NULL);
}

/* The manifest in the answer to @c shown, or the service's refusal said;
 * FALSE for a refusal or a call cancelled, TRUE too for an answer about a
 * bus no longer shown (dropped). */
static gboolean
take_answer (PdPaneCall   *c,
             GObject      *client,
             GAsyncResult *result)
{
  PdBusDetail *self = PD_BUS_DETAIL (c->owner);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (client), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !pd_pane_call_current (c))
    return node != NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      show_json (self, json_node_get_object (node));
      return TRUE;
    }
  set_error (self, error != NULL ? error->message : _("The service answered without the manifest."));
  return FALSE;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PdPaneCall) c = user_data;

  take_answer (c, object, result);
}

void
pd_bus_detail_reload (PdBusDetail *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_BUS_DETAIL (self));

  if (self->ref == NULL)
    return;
  path = manifest_path (self->ref, NULL);
  pd_service_client_call_async (self->client, "GET", path, NULL, self->cancellable, loaded_cb,
                                pd_pane_call_new (G_OBJECT (self), &self->busy, &self->ref));
}

void
pd_bus_detail_show_ref (PdBusDetail *self,
                        const char  *ref)
{
  g_return_if_fail (PD_IS_BUS_DETAIL (self));

  if (!pd_pane_show_ref (&self->ref, &self->cancellable, ref))
    return;
  g_clear_pointer (&self->json, json_object_unref);
  g_clear_pointer (&self->arrival, g_free);
  set_error (self, NULL);
  clear_facts (self);
  pd_table_view_set_rows (self->passengers, NULL);
  update_arrive (self);
  if (ref == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_label_set_text (self->ref_label, ref);
  gtk_label_set_text (self->arrival_label, "");
  gtk_label_set_text (self->bus_label, "");
  gtk_label_set_text (self->checks_label, "");
  gtk_stack_set_visible_child_name (self->stack, "detail");
  pd_bus_detail_reload (self);
}

/* --- the arrival ------------------------------------------------------------------- */

static void
arrived_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PdPaneCall) c = user_data;
  PdBusDetail *self = PD_BUS_DETAIL (c->owner);

  if (take_answer (c, object, result))
    {
      if (pd_pane_call_current (c))
        set_error (self, NULL);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, c->ref);
    }
  else if (self->error != NULL && pd_pane_call_current (c))
    /* the refusal stays; and what the service holds now (an arrival marked elsewhere) */
    pd_bus_detail_reload (self);
}

void
pd_bus_detail_arrive (PdBusDetail *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_BUS_DETAIL (self));

  if (self->ref == NULL)
    return;
  path = manifest_path (self->ref, "/arrive");
  pd_service_client_call_async (self->client, "POST", path, NULL, self->cancellable, arrived_cb,
                                pd_pane_call_new (G_OBJECT (self), &self->busy, &self->ref));
}

static void
arrive_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  pd_bus_detail_arrive (PD_BUS_DETAIL (widget));
}

/* --- building ------------------------------------------------------------------------- */

static void
build (PdBusDetail *self)
{
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *heading = gtk_label_new (_("Passengers"));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mark-location-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Bus Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Pick a bus in the list with the arrow keys: its trip, its passengers and "
                                     "their document checks show here."));
  gtk_widget_add_css_class (empty, "compact");

  g_object_set (box, "margin-start", 12, "margin-end", 12, "margin-top", 8, NULL);
  gtk_box_append (GTK_BOX (page), box);

  /* the manifest, the bus and the arrival, Mark as Arrived */
  self->ref_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->ref_label), "title-4");
  gtk_label_set_selectable (self->ref_label, TRUE);
  self->bus_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->bus_label), "heading");
  gtk_label_set_wrap (self->bus_label, TRUE);
  gtk_label_set_xalign (self->bus_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->ref_label), TRUE);
  gtk_label_set_xalign (self->ref_label, 0);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  self->arrival_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->arrival_label), "heading");
  self->arrive_button = gtk_button_new_with_mnemonic (_("Mark as _Arrived"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->arrive_button), "bus.arrive");
  gtk_widget_add_css_class (self->arrive_button, "suggested-action");
  gtk_box_append (GTK_BOX (title), GTK_WIDGET (self->ref_label));
  gtk_box_append (GTK_BOX (title), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (title), GTK_WIDGET (self->arrival_label));
  gtk_box_append (GTK_BOX (title), self->arrive_button);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->bus_label));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  /* the trip */
  self->facts = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->facts, 3);
  gtk_grid_set_column_spacing (self->facts, 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->facts));

  /* the passengers and their checks */
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_top (heading, 6);
  gtk_box_append (GTK_BOX (box), heading);
  self->checks_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->checks_label, TRUE);
  gtk_label_set_xalign (self->checks_label, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->checks_label));
  self->passengers = pd_table_view_new (NULL, NULL, passenger_columns, G_N_ELEMENTS (passenger_columns), 200);
  gtk_widget_set_vexpand (GTK_WIDGET (self->passengers), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->passengers), "pd-compact-table");
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->passengers));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, page, "detail");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

/* --- object ------------------------------------------------------------------------- */

static void
pd_bus_detail_dispose (GObject *object)
{
  PdBusDetail *self = PD_BUS_DETAIL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_bus_detail_parent_class)->dispose (object);
}

static void
pd_bus_detail_finalize (GObject *object)
{
  PdBusDetail *self = PD_BUS_DETAIL (object);

  g_clear_pointer (&self->json, json_object_unref);
  g_free (self->ref);
  g_free (self->arrival);
  g_free (self->error);
  G_OBJECT_CLASS (pd_bus_detail_parent_class)->finalize (object);
}

static void
pd_bus_detail_class_init (PdBusDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_bus_detail_dispose;
  object_class->finalize = pd_bus_detail_finalize;

  /* ::changed (const char *ref): the service recorded the bus's arrival */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "bus.arrive", NULL, arrive_action);
}

static void
pd_bus_detail_init (PdBusDetail *self)
{
  self->cancellable = g_cancellable_new ();
  build (self);
  /* the view asks pd_bus_detail_get_busy: no property to notify */
  self->busy = (PdBusy) { .spinner = self->spinner };
  update_arrive (self);
}

GtkWidget *
pd_bus_detail_new (PdServiceClient *client)
{
  PdBusDetail *self;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);

  self = g_object_new (PD_TYPE_BUS_DETAIL, NULL);
  self->client = g_object_ref (client);
  return GTK_WIDGET (self);
}

const char *
pd_bus_detail_get_ref (PdBusDetail *self)
{
  g_return_val_if_fail (PD_IS_BUS_DETAIL (self), NULL);
  return self->ref;
}

gboolean
pd_bus_detail_get_busy (PdBusDetail *self)
{
  g_return_val_if_fail (PD_IS_BUS_DETAIL (self), FALSE);
  return pd_busy_get (&self->busy);
}

const char *
pd_bus_detail_get_error (PdBusDetail *self)
{
  g_return_val_if_fail (PD_IS_BUS_DETAIL (self), NULL);
  return self->error;
}

JsonObject *
pd_bus_detail_get_manifest (PdBusDetail *self)
{
  g_return_val_if_fail (PD_IS_BUS_DETAIL (self), NULL);
  return self->json;
}

gboolean
pd_bus_detail_get_can_arrive (PdBusDetail *self)
{
  g_return_val_if_fail (PD_IS_BUS_DETAIL (self), FALSE);
  return self->json != NULL && !arrived (self);
}

const char *
pd_bus_detail_get_arrival (PdBusDetail *self)
{
  g_return_val_if_fail (PD_IS_BUS_DETAIL (self), NULL);
  return self->arrival;
}

PdTableView *
pd_bus_detail_get_passengers (PdBusDetail *self)
{
  g_return_val_if_fail (PD_IS_BUS_DETAIL (self), NULL);
  return self->passengers;
}
