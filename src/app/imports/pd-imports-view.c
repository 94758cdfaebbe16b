/* pd-imports-view.c: the Imports view
 *
 * What the signed-in role may import from a file: administrators the TSA
 * holdings (a CSV or JSON file and the folder of its photos), LPR analysts
 * LPR reads (CSV) or the items of one of their displays (CSV).  The import
 * itself is pd-import.c, the code portdeskctl runs: it goes in a worker
 * thread with a blocking client of its own (this session's token), and its
 * progress comes back to the main loop, so the window keeps painting.
 * Rows in error are listed (row, field, why) and then nothing is imported;
 * Cancel stops between records and deletes the staged import.
 *
 * Keys: Alt+T the type, Alt+F the file, Alt+O the photos' folder, Alt+D
 * the display, Alt+I import, Alt+C cancel; F5 reloads what may be imported (the window).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-imports-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-error.h"
#include "pd-imports-view.h"
#include "pd-json.h"
#include "pd-role.h"
#include "pd-view.h"

#define N_KINDS 3

static const struct {
  PdImportKind kind;
  const char  *title;      /* translatable (N_) */
  const char  *about;      /* translatable (N_) */
} kinds[N_KINDS] = {
  { PD_IMPORT_HOLDINGS, N_("TSA holdings"),
    N_("A CSV file with a header row (first_name, last_name, birth_date, a_number, citizenship, passport_at_arrival, "
       "intent_to_depart, eligible_to_fly, source, source_date, photos, ...) or a JSON array of records, and the "
       "folder of the photos it names. Every record is checked; a file with any row in error imports nothing.") },
  { PD_IMPORT_LPR_READS, N_("LPR reads"),
    N_("A CSV file of reads (plate, state, observed_at, reader_id, ...), sent in parts of 5,000 rows. A file with "
       "any row in error imports nothing.") },
  { PD_IMPORT_DISPLAY_ITEMS, N_("Display items"),
    N_("A CSV file of plates for one of your displays (plate, state, reason, expires). It is stored whole or not "
       "at all.") },
};

struct _PdImportsView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GCancellable    *cancellable;     /* the view's calls */
  GCancellable    *import_cancel;   /* the running import's */

  PdImportKind     offered[N_KINDS];
  guint            n_offered;
  PdImportKind     kind;
  GFile           *file;
  GFile           *folder;
  JsonArray       *displays;

  GtkLabel        *intro;
  AdwComboRow     *kind_row;
  GtkStringList   *kind_titles;
  AdwActionRow    *file_row;
  AdwActionRow    *folder_row;
  AdwComboRow     *display_row;
  GtkStringList   *display_titles;
  GtkWidget       *import_button;
  GtkWidget       *cancel_button;
  GtkProgressBar  *progress;
  PdTableView     *problems;
  GtkLabel        *status;
  char            *message;
  gboolean         loading;
  gboolean         running;
  gboolean         syncing;         /* setting the combo rows from code */
  gboolean         disposed;        /* an import ending after the view went */
};

static void pd_imports_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdImportsView, pd_imports_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_imports_view_view_init))

static const PdTableColumn problem_columns[] = {
  { "row",   N_("Row"),   FALSE, NULL, TRUE,  6, TRUE },
  { "field", N_("Field"), FALSE, NULL, FALSE, 18 },
  { "why",   N_("Why"),   TRUE,  NULL, FALSE, 40 },
};

static void
show_message (PdImportsView *self,
              const char    *text,
              gboolean       error)
{
  pd_view_show_message (self->status, &self->message, text, error);
}

static guint
kind_index (PdImportKind kind)
{
  for (guint i = 0; i < N_KINDS; i++)
    if (kinds[i].kind == kind)
      return i;
  g_return_val_if_reached (0);
}

static gint64
selected_display (PdImportsView *self)
{
  guint i = adw_combo_row_get_selected (self->display_row);

  if (self->displays == NULL || i == GTK_INVALID_LIST_POSITION || i >= json_array_get_length (self->displays))
    return 0;
  return pd_json_int (json_array_get_object_element (self->displays, i), "id", 0);
}

/* What is shown and what may be pressed, from the state. */
static void
sync_state (PdImportsView *self)
{
  gboolean any = self->n_offered > 0;
  gboolean items = self->kind == PD_IMPORT_DISPLAY_ITEMS;
  g_autofree char *file = self->file != NULL ? g_file_get_path (self->file) : NULL;
  g_autofree char *folder = self->folder != NULL ? g_file_get_path (self->folder) : NULL;

  gtk_label_set_text (self->intro, any ? _(kinds[kind_index (self->kind)].about)
                                       : _("Your role has nothing to import."));
  gtk_widget_set_visible (GTK_WIDGET (self->kind_row), self->n_offered > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->file_row), any);
  gtk_widget_set_visible (GTK_WIDGET (self->folder_row), self->kind == PD_IMPORT_HOLDINGS && any);
  gtk_widget_set_visible (GTK_WIDGET (self->display_row), items && any);
  adw_action_row_set_subtitle (self->file_row, file != NULL ? file : _("No file chosen"));
  adw_action_row_set_subtitle (self->folder_row, folder != NULL ? folder : _("The file's folder"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_row), !self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->folder_row), !self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->display_row), !self->running);
  gtk_widget_set_sensitive (self->import_button, any && !self->running && self->file != NULL &&
                                                 (!items || selected_display (self) > 0));
  gtk_widget_set_sensitive (self->cancel_button, self->running);
}

/* --- the import, in a worker thread ---------------------------------------------------- */

typedef struct {
  PdClient       *client;     /* blocking, used in the thread only */
  char           *file;
  char           *extra;
  PdImportKind    kind;
  PdImportsView  *view;       /* for progress: the task holds it */
  PdImportResult  result;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_object_unref (job->client);
  g_free (job->file);
  g_free (job->extra);
  pd_import_result_clear (&job->result);
  g_free (job);
}

typedef struct {
  PdImportsView *view;
  guint          done, total;
} Progress;

static void
progress_free (Progress *p)
{
  g_object_unref (p->view);
  g_free (p);
}

/* On the main loop: the bar moves. */
static gboolean
progress_shown (gpointer data)
{
  Progress *p = data;
  g_autofree char *text = NULL;

  if (!p->view->running || p->view->disposed)
    return G_SOURCE_REMOVE;
  gtk_progress_bar_set_fraction (p->view->progress, p->total > 0 ? (double) p->done / p->total : 1.0);
  /* Translators: how far an import is: "120 of 400" */
  text = g_strdup_printf (_("%u of %u"), p->done, p->total);
  gtk_progress_bar_set_text (p->view->progress, text);
  return G_SOURCE_REMOVE;
}

/* In the thread: handed to the main loop. */
static void
import_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  ImportJob *job = user_data;
  Progress *p = g_new0 (Progress, 1);

  p->view = g_object_ref (job->view);
  p->done = done;
  p->total = total;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, progress_shown, p, (GDestroyNotify) progress_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *error = NULL;

  if (pd_import_run (job->client, job->kind, job->file, job->extra, import_progress, job, cancellable, &job->result,
                     &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static char *
imported_text (PdImportKind  kind,
               JsonObject   *answer)
{
  switch (kind)
    {
    case PD_IMPORT_HOLDINGS:
      {
        guint n = json_array_get_length (pd_json_array (answer, "records"));
        /* Translators: holdings records imported */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u record; its templates are in the "
                                             "holdings gallery.", "Imported %u records; their templates are in the "
                                             "holdings gallery.", n), n);
      }
    case PD_IMPORT_LPR_READS:
      {
        guint n = (guint) pd_json_int (answer, "stored", 0), dup = (guint) pd_json_int (answer, "duplicates", 0);
        /* Translators: LPR reads imported; %2$u of the file's reads were in PortDesk already */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u read (%u already there).",
                                             "Imported %u reads (%u already there).", n), n, dup);
      }
    case PD_IMPORT_DISPLAY_ITEMS:
    default:
      {
        guint n = json_array_get_length (pd_json_array (answer, "items"));
        /* Translators: plates added to an LPR display */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u plate into the display.",
                                             "Imported %u plates into the display.", n), n);
      }
    }
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PdImportsView *self = PD_IMPORTS_VIEW (object);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();

  self->running = FALSE;
  g_clear_object (&self->import_cancel);
  if (self->disposed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, _("Cancelled: nothing was imported."), FALSE);
      else
        show_message (self, error->message, TRUE);
      gtk_progress_bar_set_fraction (self->progress, 0.0);
    }
  else if (job->result.committed == NULL)
    {
      g_autofree char *text = NULL;
      guint n_rows = 0;

      for (guint i = 0; i < job->result.problems->len; i++)
        {
          PdImportProblem *p = job->result.problems->pdata[i];
          JsonObject *o = json_object_new ();

          n_rows += p->row > 0;
          if (p->row > 0)
            json_object_set_int_member (o, "row", p->row);
          else
            json_object_set_null_member (o, "row");
          json_object_set_string_member (o, "field", p->field != NULL ? p->field : "");
          json_object_set_string_member (o, "why", p->why);
          json_array_add_object_element (rows, o);
        }
      if (job->result.total == 0)
        text = g_strdup (_("Nothing was imported: the file has no records."));
      else
        /* Translators: rows in error of an import; the file's rows */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Nothing was imported: %u of %u rows has errors "
                                             "(listed below).", "Nothing was imported: %u of %u rows have errors "
                                             "(listed below).", MAX (n_rows, 1)),
                                MAX (n_rows, 1), job->result.total);
      show_message (self, text, TRUE);
    }
  else
    {
      g_autofree char *text = imported_text (job->kind, json_node_get_object (job->result.committed));

      show_message (self, text, FALSE);
    }
  pd_table_view_set_rows (self->problems, rows);
  gtk_widget_set_visible (GTK_WIDGET (self->problems), json_array_get_length (rows) > 0);
  sync_state (self);
}

void
pd_imports_view_start (PdImportsView *self)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (PD_IS_IMPORTS_VIEW (self));
  if (self->running || !gtk_widget_get_sensitive (self->import_button))
    return;
  job = g_new0 (ImportJob, 1);
  job->client = pd_service_client_new_blocking (self->client);
  job->file = g_file_get_path (self->file);
  job->kind = self->kind;
  job->view = self;
  if (self->kind == PD_IMPORT_HOLDINGS)
    job->extra = self->folder != NULL ? g_file_get_path (self->folder) : g_path_get_dirname (job->file);
  else if (self->kind == PD_IMPORT_DISPLAY_ITEMS)
    job->extra = g_strdup_printf ("%" G_GINT64_FORMAT, selected_display (self));

  self->running = TRUE;
  self->import_cancel = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  gtk_progress_bar_set_text (self->progress, _("Reading the file…"));
  pd_table_view_set_rows (self->problems, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->problems), FALSE);
  show_message (self, NULL, FALSE);
  sync_state (self);

  task = g_task_new (self, self->import_cancel, import_done, NULL);
  g_task_set_source_tag (task, pd_imports_view_start);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

void
pd_imports_view_cancel (PdImportsView *self)
{
  g_return_if_fail (PD_IS_IMPORTS_VIEW (self));
  if (self->import_cancel != NULL)
    {
      gtk_progress_bar_set_text (self->progress, _("Cancelling…"));
      g_cancellable_cancel (self->import_cancel);
    }
}

/* --- choosing ---------------------------------------------------------------------------------- */

gboolean
pd_imports_view_offers (PdImportsView *self,
                        PdImportKind   kind)
{
  g_return_val_if_fail (PD_IS_IMPORTS_VIEW (self), FALSE);
  for (guint i = 0; i < self->n_offered; i++)
    if (self->offered[i] == kind)
      return TRUE;
  return FALSE;
}

gboolean
pd_imports_view_set_kind (PdImportsView *self,
                          PdImportKind   kind)
{
  g_return_val_if_fail (PD_IS_IMPORTS_VIEW (self), FALSE);
  for (guint i = 0; i < self->n_offered; i++)
    if (self->offered[i] == kind)
      {
        self->kind = kind;
        self->syncing = TRUE;
        adw_combo_row_set_selected (self->kind_row, i);
        self->syncing = FALSE;
        sync_state (self);
        return TRUE;
      }
  return FALSE;
}

void
pd_imports_view_set_file (PdImportsView *self,
                          GFile         *file)
{
  g_return_if_fail (PD_IS_IMPORTS_VIEW (self));
  g_set_object (&self->file, file);
  sync_state (self);
}

void
pd_imports_view_set_folder (PdImportsView *self,
                            GFile         *folder)
{
  g_return_if_fail (PD_IS_IMPORTS_VIEW (self));
  g_set_object (&self->folder, folder);
  sync_state (self);
}

gboolean
pd_imports_view_set_display (PdImportsView *self,
                             gint64         display)
{
  g_return_val_if_fail (PD_IS_IMPORTS_VIEW (self), FALSE);
  for (guint i = 0; self->displays != NULL && i < json_array_get_length (self->displays); i++)
    if (pd_json_int (json_array_get_object_element (self->displays, i), "id", 0) == display)
      {
        adw_combo_row_set_selected (self->display_row, i);
        sync_state (self);
        return TRUE;
      }
  return FALSE;
}

static void
kind_selected (PdImportsView *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  if (self->syncing || i >= self->n_offered)
    return;
  self->kind = self->offered[i];
  sync_state (self);
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  PdImportsView   *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    {
      if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER)
        pd_imports_view_set_folder (self, file);
      else
        pd_imports_view_set_file (self, file);
    }
  g_object_unref (dialog);
}

static void
choose (PdImportsView *self,
        gboolean       folder)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (folder ? _("Choose the Folder of the Photos") : _("Choose the File to Import"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (!folder)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      if (self->kind == PD_IMPORT_HOLDINGS)
        {
          gtk_file_filter_set_name (filter, _("CSV or JSON (.csv, .json)"));
          gtk_file_filter_add_suffix (filter, "json");
        }
      else
        gtk_file_filter_set_name (filter, _("CSV (.csv)"));
      gtk_file_filter_add_suffix (filter, "csv");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      g_object_unref (filter);
    }
  if (folder && self->file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (self->file);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), parent, NULL);
    }
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
choose_file (PdImportsView *self)
{
  choose (self, FALSE);
}

static void
choose_folder (PdImportsView *self)
{
  choose (self, TRUE);
}

/* --- loading what may be imported ---------------------------------------------------------- */

static void
displays_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  PdImportsView *self;
  JsonArray *items;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PD_IMPORTS_VIEW (user_data);
  self->loading = FALSE;
  if (node == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  items = pd_json_array (json_node_get_object (node), "items");
  g_clear_pointer (&self->displays, json_array_unref);
  self->displays = items != NULL ? json_array_ref (items) : json_array_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self->display_titles));
  {
    g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
    g_auto(GStrv) titles = NULL;

    for (guint i = 0; i < json_array_get_length (self->displays); i++)
      {
        JsonObject *d = json_array_get_object_element (self->displays, i);
        g_autofree char *title = g_strdup_printf ("%" G_GINT64_FORMAT " · %s", pd_json_int (d, "id", 0),
                                                  pd_json_str (d, "name"));
        g_strv_builder_add (b, title);
      }
    titles = g_strv_builder_end (b);
    gtk_string_list_splice (self->display_titles, 0, n, (const char * const *) titles);
  }
  sync_state (self);
}

static void
session_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  PdImportsView *self;
  PdRole role;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PD_IMPORTS_VIEW (user_data);
  if (node == NULL)
    {
      self->loading = FALSE;
      show_message (self, error->message, TRUE);
      return;
    }
  role = pd_role_from_string (pd_json_str (pd_json_obj (json_node_get_object (node), "user"), "role"));
  /* as the service's routes allow (tsa/pd-api-tsa.c, lpr/pd-api-lpr.c) */
  self->n_offered = 0;
  if (role == PD_ROLE_ADMIN)
    self->offered[self->n_offered++] = PD_IMPORT_HOLDINGS;
  if (role == PD_ROLE_LPR_ANALYST)
    {
      self->offered[self->n_offered++] = PD_IMPORT_LPR_READS;
      self->offered[self->n_offered++] = PD_IMPORT_DISPLAY_ITEMS;
    }
  if (self->n_offered > 0 && !pd_imports_view_offers (self, self->kind))
    self->kind = self->offered[0];
  n = g_list_model_get_n_items (G_LIST_MODEL (self->kind_titles));
  self->syncing = TRUE;
  {
    const char *titles[N_KINDS + 1] = { NULL };

    for (guint i = 0; i < self->n_offered; i++)
      titles[i] = _(kinds[kind_index (self->offered[i])].title);
    gtk_string_list_splice (self->kind_titles, 0, n, titles);
    for (guint i = 0; i < self->n_offered; i++)
      if (self->offered[i] == self->kind)
        adw_combo_row_set_selected (self->kind_row, i);
  }
  self->syncing = FALSE;
  if (pd_imports_view_offers (self, PD_IMPORT_DISPLAY_ITEMS))
    pd_service_client_call_async (self->client, "GET", "/v1/lpr/displays", NULL, self->cancellable, displays_cb,
                                  self);
  else
    self->loading = FALSE;
  sync_state (self);
}

static void
load (PdImportsView *self)
{
  self->loading = TRUE;
  pd_service_client_call_async (self->client, "GET", "/v1/session", NULL, self->cancellable, session_cb, self);
}

/* --- building ------------------------------------------------------------------------------- */

static GtkWidget *
row_button (const char *mnemonic,
            GCallback   clicked,
            gpointer    self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", clicked, self);
  return button;
}

static void
build (PdImportsView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button;

  g_object_set (box, "margin-start", 12, "margin-end", 12, "margin-top", 12, "margin-bottom", 6, NULL);
  self->intro = GTK_LABEL (gtk_label_new (NULL));
  g_object_set (self->intro, "xalign", 0.0f, "wrap", TRUE, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->intro));

  self->kind_titles = gtk_string_list_new (NULL);
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("_Type"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->kind_row), TRUE);
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (self->kind_titles));
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));

  self->file_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("File"));
  button = row_button (_("Choose _File…"), G_CALLBACK (choose_file), self);
  adw_action_row_add_suffix (self->file_row, button);
  adw_action_row_set_activatable_widget (self->file_row, button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->file_row));

  self->folder_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->folder_row), _("Photos"));
  button = row_button (_("Choose F_older…"), G_CALLBACK (choose_folder), self);
  adw_action_row_add_suffix (self->folder_row, button);
  adw_action_row_set_activatable_widget (self->folder_row, button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->folder_row));

  self->display_titles = gtk_string_list_new (NULL);
  self->display_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->display_row), _("_Display"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->display_row), TRUE);
  adw_combo_row_set_model (self->display_row, G_LIST_MODEL (self->display_titles));
  g_signal_connect_swapped (self->display_row, "notify::selected", G_CALLBACK (sync_state), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->display_row));
  gtk_box_append (GTK_BOX (box), group);

  self->cancel_button = row_button (_("_Cancel"), G_CALLBACK (pd_imports_view_cancel), self);
  self->import_button = row_button (_("_Import"), G_CALLBACK (pd_imports_view_start), self);
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), self->cancel_button);
  gtk_box_append (GTK_BOX (buttons), self->import_button);
  gtk_box_append (GTK_BOX (box), buttons);

  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress, TRUE);
  gtk_progress_bar_set_text (self->progress, _("No import running"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress));

  self->status = GTK_LABEL (gtk_label_new (NULL));
  g_object_set (self->status, "xalign", 0.0f, "wrap", TRUE, "visible", FALSE, "selectable", TRUE, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));

  self->problems = pd_table_view_new (NULL, NULL, problem_columns, G_N_ELEMENTS (problem_columns), 0);
  gtk_widget_set_vexpand (GTK_WIDGET (self->problems), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->problems), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problems));
  adw_bin_set_child (ADW_BIN (self), box);
  sync_state (self);
}

/* --- PdView, object, tests ---------------------------------------------------------------- */

static void
view_reload (PdView *view)
{
  PdImportsView *self = PD_IMPORTS_VIEW (view);

  if (!self->running)
    load (self);
}

gboolean
pd_imports_view_get_busy (PdImportsView *self)
{
  g_return_val_if_fail (PD_IS_IMPORTS_VIEW (self), FALSE);
  return self->loading || self->running;
}

gboolean
pd_imports_view_get_running (PdImportsView *self)
{
  g_return_val_if_fail (PD_IS_IMPORTS_VIEW (self), FALSE);
  return self->running;
}

static gboolean
view_get_busy (PdView *view)
{
  return pd_imports_view_get_busy (PD_IMPORTS_VIEW (view));
}

static void
pd_imports_view_view_init (PdViewInterface *iface)
{
  iface->reload = view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_imports_view_dispose (GObject *object)
{
  PdImportsView *self = PD_IMPORTS_VIEW (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->import_cancel != NULL)
    g_cancellable_cancel (self->import_cancel);   /* the staged import is deleted */
  G_OBJECT_CLASS (pd_imports_view_parent_class)->dispose (object);
}

static void
pd_imports_view_finalize (GObject *object)
{
  PdImportsView *self = PD_IMPORTS_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->import_cancel);
  g_clear_object (&self->client);
  g_clear_object (&self->file);
  g_clear_object (&self->folder);
  g_clear_pointer (&self->displays, json_array_unref);
  g_free (self->message);
  G_OBJECT_CLASS (pd_imports_view_parent_class)->finalize (object);
}

static void
pd_imports_view_class_init (PdImportsViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_imports_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = pd_imports_view_finalize;
}

static void
pd_imports_view_init (PdImportsView *self)
{
  self->cancellable = g_cancellable_new ();
  self->kind = PD_IMPORT_HOLDINGS;
}

GtkWidget *
pd_imports_view_new (PdServiceClient *client)
{
  PdImportsView *self;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);

  self = g_object_new (PD_TYPE_IMPORTS_VIEW, NULL);
  self->client = g_object_ref (client);
  build (self);
  load (self);
  return GTK_WIDGET (self);
}

GtkProgressBar *
pd_imports_view_get_progress (PdImportsView *self)
{
  g_return_val_if_fail (PD_IS_IMPORTS_VIEW (self), NULL);
  return self->progress;
}

PdTableView *
pd_imports_view_get_problems (PdImportsView *self)
{
  g_return_val_if_fail (PD_IS_IMPORTS_VIEW (self), NULL);
  return self->problems;
}

const char *
pd_imports_view_get_message (PdImportsView *self)
{
  g_return_val_if_fail (PD_IS_IMPORTS_VIEW (self), NULL);
  return self->message;
}
