/* pd-scheduling-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-scheduling-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-scheduling.h"
#include "pd-events.h"
#include "pd-row-cell.h"
#include "pd-row-model.h"
#include "pd-row-selection.h"
#include "pd-scheduling-view.h"

#define FIRST_PAGE    500   /* shows at once */
#define PAGE_SIZE     4000  /* the rows form's pages after the first */
#define MAX_IN_FLIGHT 2
#define FOLLOW_MS     120   /* the detail follows the selection after this pause */

/* What a dropdown position filters for: the template's string lists are
 * "All", ("Open",) then the statuses and kinds in core's order (pd-scheduling.h). */
#define STATUS_FIRST 2
#define KIND_FIRST   1

static const char *
status_filter_at (guint position)
{
  if (position == 1)
    return "open";
  return position >= STATUS_FIRST && position < STATUS_FIRST + PD_INSP_N_STATUS
         ? pd_insp_status_to_string (position - STATUS_FIRST) : NULL;
}

static const char *
kind_filter_at (guint position)
{
  return position >= KIND_FIRST && position < KIND_FIRST + PD_INSP_N_KIND
         ? pd_insp_kind_to_string (position - KIND_FIRST) : NULL;
}

struct _PdSchedulingView
{
  AdwBin               parent_instance;

  /* template */
  GtkSearchEntry      *search_entry;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *kind_dropdown;
  GtkToggleButton     *late_toggle;
  GtkToggleButton     *day_toggle;
  GtkSpinner          *spinner;
  GtkPaned            *paned;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *col_flag;
  GtkColumnViewColumn *col_requested;
  GtkColumnViewColumn *col_ref;
  GtkColumnViewColumn *col_kind;
  GtkColumnViewColumn *col_requester;
  GtkColumnViewColumn *col_commodity;
  GtkColumnViewColumn *col_port;
  GtkColumnViewColumn *col_status;
  GtkColumnViewColumn *col_sla;
  GtkLabel            *day_label;
  GtkStack            *day_stack;
  GtkListView         *day_list;
  AdwStatusPage       *error_page;
  GtkLabel            *count_label;
  PdInspectionDetail  *detail;

  PdServiceClient     *client;
  PdRowModel          *rows;          /* every request; the filter's in the sorter's order */
  GHashTable          *by_ref;        /* its ref -> PdInspectionObject (ref): every row but... */
  GPtrArray           *unindexed;     /* ...the pages' rows not indexed yet (index_rows ()) */
  guint                index_source;
  char                *search;        /* normalized, casefolded; NULL: none */
  GtkCustomFilter     *attr_filter;
  PdRowSelection      *selection;
  GtkCustomFilter     *day_filter;
  PdRowModel          *day_rows;      /* the day queue: one day's slots in order */
  PdRowSelection      *day_selection;
  gint64               day_start;     /* local midnight, unix seconds */

  const char          *status_filter;
  const char          *kind_filter;
  gboolean             late_only;

  /* loading */
  PdListLoader        *loader;
  gboolean             loading;       /* rows arrive, or the models work */
  gboolean             timing_pending;
  char                *error;
  gint64               t_loaded;      /* the last rows in */
  double               model_ms;      /* main thread: splices, filter, sort */

  GHashTable          *refreshing;    /* ref -> Refresh */
  guint                follow_source;
  guint                settle_source;
  gboolean             service_lost;
};

static void pd_scheduling_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdSchedulingView, pd_scheduling_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_scheduling_view_view_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/* --- filters --------------------------------------------------------------- */

static gboolean
attr_filter_func (gpointer item,
                  gpointer user_data)
{
  PdSchedulingView *self = user_data;
  PdInspectionObject *o = item;

  if (self->status_filter != NULL)
    {
      if (g_str_equal (self->status_filter, "open"))
        {
          if (!pd_inspection_object_get_is_open (o))
            return FALSE;
        }
      else if (g_strcmp0 (pd_inspection_object_get_status (o), self->status_filter) != 0)
        return FALSE;
    }
  if (self->kind_filter != NULL && g_strcmp0 (pd_inspection_object_get_kind (o), self->kind_filter) != 0)
    return FALSE;
  if (self->late_only && !pd_inspection_object_get_late (o))
    return FALSE;
  if (self->search != NULL && strstr (pd_inspection_object_get_search_text (o), self->search) == NULL)
    return FALSE;
  return TRUE;
}

static gboolean
day_filter_func (gpointer item,
                 gpointer user_data)
{
  PdSchedulingView *self = user_data;
  PdInspectionObject *o = item;
  gint64 slot = pd_inspection_object_get_slot_start (o);
  const char *status = pd_inspection_object_get_status (o);

  if (slot < self->day_start || slot >= self->day_start + 24 * 3600)
    return FALSE;
  return g_strcmp0 (status, "rejected") != 0 && g_strcmp0 (status, "cancelled") != 0;
}

static void
filter_changed_cb (PdSchedulingView *self)
{
  guint s = gtk_drop_down_get_selected (self->status_dropdown);
  guint k = gtk_drop_down_get_selected (self->kind_dropdown);

  self->status_filter = status_filter_at (s);
  self->kind_filter = kind_filter_at (k);
  self->late_only = gtk_toggle_button_get_active (self->late_toggle);
  gtk_filter_changed (GTK_FILTER (self->attr_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
search_changed_cb (PdSchedulingView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *folded = *stripped ? pd_inspection_fold (stripped) : NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (folded, self->search) == 0)
    return;
  if (self->search == NULL || (folded != NULL && strstr (folded, self->search) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (folded == NULL || strstr (self->search, folded) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  gtk_filter_changed (GTK_FILTER (self->attr_filter), change);
}

static void
search_activate_cb (PdSchedulingView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
search_stop_cb (PdSchedulingView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* --- state ------------------------------------------------------------------- */

static void
update_count (PdSchedulingView *self)
{
  guint total = pd_row_model_get_n_rows (self->rows);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autofree char *text = NULL;

  if (pd_list_loader_get_loading (self->loader) && pd_list_loader_get_total (self->loader) > 0)
    /* Translators: rows loaded so far, while pages arrive */
    text = g_strdup_printf (_("Loading… %u of about %u requests"), total,
                            (guint) pd_list_loader_get_total (self->loader));
  else if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u request", "%u requests", total), total);
  else
    /* Translators: requests the filters let through, of all loaded */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u request", "%u of %u requests", total),
                            shown, total);
  gtk_label_set_text (self->count_label, text);
}

static gboolean
models_busy (PdSchedulingView *self)
{
  /* the rows are in, sorted and filtered: the list then makes the widgets
   * of the rows off screen, a few a frame, without holding anything up */
  return pd_list_loader_get_loading (self->loader);
}

static void
set_loading (PdSchedulingView *self,
             gboolean          loading)
{
  if (loading == self->loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* GTK 4.8 has no gtk_column_view_scroll_to (4.12): its inner list view
 * has the list.scroll-to-item action. */
static void
scroll_to (PdSchedulingView *self,
           guint             position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        return;
      }
}

static gboolean
scroll_top_cb (gpointer user_data)
{
  PdSchedulingView *self = user_data;
  GtkAdjustment *adj;

  if (self->column_view == NULL)
    return G_SOURCE_REMOVE;
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  if (adj != NULL)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_lower (adj));
  return G_SOURCE_REMOVE;
}

/* Decide once the handlers of this turn of the main loop have run: the
 * models tell about their work before the ones downstream heard of it. */
static gboolean
settle_cb (gpointer user_data)
{
  PdSchedulingView *self = user_data;

  self->settle_source = 0;
  update_count (self);
  if (models_busy (self))
    return G_SOURCE_REMOVE;
  if (self->timing_pending)
    {
      self->timing_pending = FALSE;
      self->model_ms += (g_get_monotonic_time () - self->t_loaded) / 1000.0;
      if (g_getenv ("PORTDESK_TIMING") != NULL)
        {
          double fetch_ms, build_ms;

          pd_list_loader_get_timing (self->loader, &fetch_ms, &build_ms);
          g_printerr ("portdesk: timing: scheduling: %u rows, pages in %.1f ms, built in workers %.1f ms, "
                      "main thread splice+sort+filter %.1f ms\n", pd_row_model_get_n_rows (self->rows),
                      fetch_ms, build_ms, self->model_ms);
        }
      /* the officer starts on the first row */
      if (pd_row_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
          g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
          /* rows that sorted in above the first batch: show the top */
          g_timeout_add_full (G_PRIORITY_LOW, 50, scroll_top_cb, g_object_ref (self), g_object_unref);
        }
    }
  set_loading (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
update_loading (PdSchedulingView *self)
{
  update_count (self);
  if (models_busy (self))
    set_loading (self, TRUE);
  else if (self->settle_source == 0)
    /* a timer: idles may wait behind busy frames (the spinner's) */
    self->settle_source = g_timeout_add (0, settle_cb, self);
}

/* The list, the day queue or the error.  The day queue's list view only
 * has its model while shown: GTK 4.8 makes row widgets for a list view's
 * new items even when it is hidden, and the rows of a load come in
 * batches. */
static void
show_page (PdSchedulingView *self,
           const char       *name)
{
  gboolean day = g_str_equal (name, "day");

  if ((gtk_list_view_get_model (self->day_list) != NULL) != day)
    gtk_list_view_set_model (self->day_list, day ? GTK_SELECTION_MODEL (self->day_selection) : NULL);
  gtk_stack_set_visible_child_name (self->list_stack, name);
}

static void
day_items_changed_cb (PdSchedulingView *self)
{
  gtk_stack_set_visible_child_name (self->day_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->day_rows)) > 0 ? "list" : "empty");
}

static void
set_day (PdSchedulingView *self,
         int               offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *label = NULL;

  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  if (offset == 0 || self->day_start == 0)
    midnight = g_date_time_ref (today);
  else
    {
      g_autoptr(GDateTime) current = g_date_time_new_from_unix_local (self->day_start);

      midnight = g_date_time_add_days (current, offset);
    }
  self->day_start = g_date_time_to_unix (midnight);
  day = g_date_time_ref (midnight);
  if (g_date_time_compare (day, today) == 0)
    {
      g_autofree char *d = g_date_time_format (day, _("%a %d %b"));

      /* Translators: the day queue's title for today, %s is the date */
      label = g_strdup_printf (_("Today, %s"), d);
    }
  else
    label = g_date_time_format (day, _("%A %d %B"));
  gtk_label_set_text (self->day_label, label);
  gtk_filter_changed (GTK_FILTER (self->day_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* --- rows from the service ---------------------------------------------------- */

/* The pages' rows go into the ref table after the view settled, in an
 * idle at low priority, a few thousand at a time (100,000 inserts on the
 * main thread had been a tenth of the time to show them); anything that
 * looks a row up before that indexes the rest first. */
#define INDEX_STEP 8192

static void
index_rows (PdSchedulingView *self,
            guint             max)
{
  guint n = MIN (max, self->unindexed->len);

  for (guint i = self->unindexed->len - n; i < self->unindexed->len; i++)
    {
      PdInspectionObject *o = g_ptr_array_index (self->unindexed, i);

      g_hash_table_insert (self->by_ref, (gpointer) pd_inspection_object_get_ref (o), g_object_ref (o));
    }
  g_ptr_array_set_size (self->unindexed, self->unindexed->len - n);
}

static gboolean
index_step_cb (gpointer data)
{
  PdSchedulingView *self = data;

  index_rows (self, INDEX_STEP);
  if (self->unindexed->len > 0)
    return G_SOURCE_CONTINUE;
  self->index_source = 0;
  return G_SOURCE_REMOVE;
}

static GHashTable *
ref_table (PdSchedulingView *self)
{
  index_rows (self, G_MAXUINT);
  g_clear_handle_id (&self->index_source, g_source_remove);
  return self->by_ref;
}

/* Adds @fresh, or updates the row of its ref with it. */
static PdInspectionObject *
upsert (PdSchedulingView   *self,
        PdInspectionObject *fresh)
{
  const char *ref = pd_inspection_object_get_ref (fresh);
  PdInspectionObject *o;

  if (self->rows == NULL || self->selection == NULL)
    return NULL;
  o = g_hash_table_lookup (ref_table (self), ref);
  if (o == NULL)
    {
      g_hash_table_insert (self->by_ref, (gpointer) ref, g_object_ref (fresh));
      pd_row_model_add (self->rows, (gpointer *) &fresh, 1);
      pd_row_model_add (self->day_rows, (gpointer *) &fresh, 1);
      return fresh;
    }
  /* the cells follow the properties; the models only need to look again
   * when what they filter or sort on changed */
  if (pd_inspection_object_update (o, fresh))
    {
      pd_row_model_row_changed (self->rows, o);
      pd_row_model_row_changed (self->day_rows, o);
    }
  return o;
}

static gpointer
build_row (const PdListRow *row,
           gpointer         user_data)
{
  return pd_inspection_object_new_from_row (row);
}

/* One request's row, fetched again (live events, a move in the detail):
 * the rows form of the list for that ref, so it reads as the list does. */
typedef struct {
  PdSchedulingView *self;
  PdListLoader     *loader;
  char             *ref;
  gboolean          dirty;   /* changed again while fetched */
} Refresh;

static void
refresh_free (Refresh *r)
{
  g_signal_handlers_disconnect_by_data (r->loader, r);
  pd_list_loader_cancel (r->loader);
  g_object_unref (r->loader);
  g_free (r->ref);
  g_free (r);
}

static void
refresh_rows_cb (PdListLoader *loader,
                 GPtrArray    *rows,
                 Refresh      *r)
{
  for (guint i = 0; i < rows->len; i++)
    upsert (r->self, g_ptr_array_index (rows, i));
}

static void
refresh_finished_cb (PdListLoader *loader,
                     const GError *error,
                     Refresh      *r)
{
  if (error != NULL)
    g_debug ("refresh %s: %s", r->ref, error->message);
  if (r->dirty)
    {
      r->dirty = FALSE;
      pd_list_loader_start (r->loader);
      return;
    }
  g_hash_table_remove (r->self->refreshing, r->ref);
}

static void
refresh_ref (PdSchedulingView *self,
             const char       *ref)
{
  g_autofree char *escaped = g_uri_escape_string (ref, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/v1/inspections?form=rows&ref=%s", escaped);
  Refresh *r = g_hash_table_lookup (self->refreshing, ref);

  if (r != NULL)
    {
      r->dirty = TRUE;
      return;
    }
  r = g_new0 (Refresh, 1);
  r->self = self;
  r->ref = g_strdup (ref);
  r->loader = pd_list_loader_new (self->client, path, pd_insp_row_fields (), build_row, NULL);
  g_signal_connect (r->loader, "rows", G_CALLBACK (refresh_rows_cb), r);
  g_signal_connect (r->loader, "finished", G_CALLBACK (refresh_finished_cb), r);
  g_hash_table_insert (self->refreshing, r->ref, r);
  pd_list_loader_start (r->loader);
}

static void
event_cb (PdSchedulingView *self,
          const char       *type,
          const char       *port,
          JsonNode         *payload,
          PdServiceClient  *client)
{
  JsonObject *p = payload && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;
  const char *ref = p ? json_object_get_string_member_with_default (p, "ref", NULL) : NULL;

  if (ref == NULL || !g_str_has_prefix (type, PD_EVENT_INSPECTION_PREFIX))
    return;
  /* the open request reloads itself and hands the row over (::updated);
   * its messages are read as they arrive */
  if (g_strcmp0 (ref, pd_inspection_detail_get_ref (self->detail)) == 0)
    return;
  if (g_str_equal (type, PD_EVENT_INSPECTION_CHAT))
    {
      PdInspectionObject *o = pd_scheduling_view_lookup (self, ref);

      /* the requester wrote on a request that is not open: count it */
      if (o != NULL)
        {
          if (g_strcmp0 (json_object_get_string_member_with_default (p, "side", NULL), "requester") == 0)
            pd_inspection_object_set_unread (o, pd_inspection_object_get_unread (o) + 1);
          return;
        }
    }
  refresh_ref (self, ref);
}

/* Events missed while the service was away: load again once it is back. */
static void
service_state_cb (PdSchedulingView *self)
{
  PdServiceState state = pd_service_client_get_state (self->client);

  if (state == PD_SERVICE_STATE_LOST)
    self->service_lost = TRUE;
  else if (state == PD_SERVICE_STATE_CONNECTED && self->service_lost)
    {
      self->service_lost = FALSE;
      pd_scheduling_view_reload (self);
    }
}

static void
detail_updated_cb (PdSchedulingView   *self,
                   JsonObject         *json,
                   PdInspectionDetail *detail)
{
  const char *ref = json_object_get_string_member_with_default (json, "ref", NULL);
  PdInspectionObject *o = pd_scheduling_view_lookup (self, ref);

  /* the detail pane marks what is on screen as read */
  if (o != NULL && gtk_widget_get_mapped (GTK_WIDGET (detail)))
    pd_inspection_object_set_unread (o, 0);
  if (ref != NULL)
    refresh_ref (self, ref);
}

/* --- loading ------------------------------------------------------------------ */

static void
show_error (PdSchedulingView *self,
            const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_description (self->error_page, message);
  show_page (self, "error");
}

/* A batch of rows built in the loader's workers: one splice. */
static void
rows_cb (PdSchedulingView *self,
         GPtrArray        *rows)
{
  g_autoptr(GPtrArray) add = g_ptr_array_new_full (rows->len, NULL);
  gint64 t0 = g_get_monotonic_time ();
  /* rows that came live while the pages loaded are in the table (the page
   * may be older); the pages do not repeat a row */
  gboolean live = g_hash_table_size (self->by_ref) > 0;

  for (guint i = 0; i < rows->len; i++)
    {
      PdInspectionObject *o = g_ptr_array_index (rows, i);

      if (live && g_hash_table_contains (self->by_ref, pd_inspection_object_get_ref (o)))
        continue;
      g_ptr_array_add (add, o);
      g_ptr_array_add (self->unindexed, g_object_ref (o));
    }
  pd_row_model_add (self->rows, add->pdata, add->len);
  pd_row_model_add (self->day_rows, add->pdata, add->len);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->list_stack), "error"))
    show_page (self, gtk_toggle_button_get_active (self->day_toggle) ? "day" : "list");
  self->model_ms += (g_get_monotonic_time () - t0) / 1000.0;
  update_count (self);
}

static void
finished_cb (PdSchedulingView *self,
             const GError     *error)
{
  if (error != NULL)
    show_error (self, error->message);
  else
    {
      self->t_loaded = g_get_monotonic_time ();
      self->timing_pending = TRUE;
    }
  if (self->unindexed->len > 0 && self->index_source == 0)
    self->index_source = g_idle_add_full (G_PRIORITY_LOW, index_step_cb, self, NULL);
  update_loading (self);
}

static void
start_loading (PdSchedulingView *self,
               JsonNode         *page)
{
  g_hash_table_remove_all (self->refreshing);
  self->timing_pending = FALSE;
  self->model_ms = 0;
  g_clear_pointer (&self->error, g_free);
  pd_row_model_remove_all (self->rows);
  pd_row_model_remove_all (self->day_rows);
  g_clear_handle_id (&self->index_source, g_source_remove);
  g_ptr_array_set_size (self->unindexed, 0);
  g_hash_table_remove_all (self->by_ref);
  if (page != NULL)
    pd_list_loader_load_page (self->loader, page);
  else
    pd_list_loader_start (self->loader);
  update_loading (self);
}

void
pd_scheduling_view_reload (PdSchedulingView *self)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));

  start_loading (self, NULL);
  pd_inspection_detail_reload (self->detail);
}

void
pd_scheduling_view_load_page (PdSchedulingView *self,
                              JsonNode         *page)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));
  g_return_if_fail (page != NULL);

  start_loading (self, page);
}

/* --- selection and keyboard ---------------------------------------------------- */

static gboolean
follow_cb (gpointer user_data)
{
  PdSchedulingView *self = user_data;
  PdInspectionObject *o = pd_row_selection_get_selected_row (self->selection);

  self->follow_source = 0;
  if (o != NULL)
    pd_inspection_detail_show_ref (self->detail, pd_inspection_object_get_ref (o));
  return G_SOURCE_REMOVE;
}

static void
selection_changed_cb (PdSchedulingView *self)
{
  g_clear_handle_id (&self->follow_source, g_source_remove);
  if (pd_row_selection_get_selected_row (self->selection) == NULL)
    return;
  self->follow_source = g_timeout_add (FOLLOW_MS, follow_cb, self);
}

static void
focus_detail (PdSchedulingView *self)
{
  /* the first move the officer may make, else the chat */
  if (!gtk_widget_child_focus (GTK_WIDGET (self->detail), GTK_DIR_TAB_FORWARD))
    pd_inspection_detail_focus_chat (self->detail);
}

static void
row_activated_cb (PdSchedulingView *self,
                  guint             position)
{
  PdInspectionObject *o = pd_row_selection_get_row (self->selection, position);

  if (o == NULL)
    return;
  g_clear_handle_id (&self->follow_source, g_source_remove);
  pd_inspection_detail_show_ref (self->detail, pd_inspection_object_get_ref (o));
  focus_detail (self);
}

static void
day_activated_cb (PdSchedulingView *self,
                  guint             position)
{
  PdInspectionObject *o = pd_row_selection_get_row (self->day_selection, position);

  if (o == NULL)
    return;
  pd_inspection_detail_show_ref (self->detail, pd_inspection_object_get_ref (o));
  focus_detail (self);
}

static void
day_selection_changed_cb (PdSchedulingView *self)
{
  PdInspectionObject *o = pd_row_selection_get_selected_row (self->day_selection);

  if (o != NULL && g_str_equal (gtk_stack_get_visible_child_name (self->list_stack), "day"))
    pd_inspection_detail_show_ref (self->detail, pd_inspection_object_get_ref (o));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  pd_scheduling_view_reload (PD_SCHEDULING_VIEW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PdSchedulingView *self = PD_SCHEDULING_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
focus_list_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PdSchedulingView *self = PD_SCHEDULING_VIEW (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->list_stack), "day"))
    gtk_widget_grab_focus (GTK_WIDGET (self->day_list));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
chat_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  pd_inspection_detail_focus_chat (PD_SCHEDULING_VIEW (widget)->detail);
}

static void
toggle_day_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PdSchedulingView *self = PD_SCHEDULING_VIEW (widget);

  gtk_toggle_button_set_active (self->day_toggle, !gtk_toggle_button_get_active (self->day_toggle));
}

static void
day_toggled_cb (PdSchedulingView *self)
{
  gboolean day = gtk_toggle_button_get_active (self->day_toggle);

  if (self->error != NULL && !pd_list_loader_get_loading (self->loader))
    return;
  show_page (self, day ? "day" : "list");
  if (day)
    {
      PdInspectionObject *o = pd_row_selection_get_selected_row (self->day_selection);

      if (o != NULL)
        pd_inspection_detail_show_ref (self->detail, pd_inspection_object_get_ref (o));
    }
}

static void
day_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  set_day (PD_SCHEDULING_VIEW (widget), g_variant_get_int32 (param));
}

/* --- object ------------------------------------------------------------- */

static void
view_reload (PdView *view)
{
  pd_scheduling_view_reload (PD_SCHEDULING_VIEW (view));
}

static gboolean
view_get_busy (PdView *view)
{
  return pd_scheduling_view_get_loading (PD_SCHEDULING_VIEW (view));
}

static void
pd_scheduling_view_view_init (PdViewInterface *iface)
{
  iface->reload = view_reload;
  iface->get_busy = view_get_busy;
}

static void
pd_scheduling_view_dispose (GObject *object)
{
  PdSchedulingView *self = PD_SCHEDULING_VIEW (object);

  if (self->loader != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->loader, self);
      pd_list_loader_cancel (self->loader);
    }
  g_clear_pointer (&self->refreshing, g_hash_table_unref);
  g_clear_handle_id (&self->follow_source, g_source_remove);
  g_clear_handle_id (&self->settle_source, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->day_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->day_selection, self);
  if (self->day_rows != NULL)
    g_signal_handlers_disconnect_by_data (self->day_rows, self);
  if (self->detail != NULL)
    g_signal_handlers_disconnect_by_data (self->detail, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_SCHEDULING_VIEW);
  g_clear_handle_id (&self->index_source, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->day_selection);
  g_clear_object (&self->day_rows);
  g_clear_object (&self->loader);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_scheduling_view_parent_class)->dispose (object);
}

static void
pd_scheduling_view_finalize (GObject *object)
{
  PdSchedulingView *self = PD_SCHEDULING_VIEW (object);

  g_clear_pointer (&self->by_ref, g_hash_table_unref);
  g_clear_pointer (&self->unindexed, g_ptr_array_unref);
  g_free (self->error);
  g_free (self->search);
  G_OBJECT_CLASS (pd_scheduling_view_parent_class)->finalize (object);
}

static void
pd_scheduling_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdSchedulingView *self = PD_SCHEDULING_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_scheduling_view_class_init (PdSchedulingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GdkDisplay *display = gdk_display_get_default ();

  object_class->dispose = pd_scheduling_view_dispose;
  object_class->finalize = pd_scheduling_view_finalize;
  object_class->get_property = pd_scheduling_view_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_INSPECTION_OBJECT);
  g_type_ensure (PD_TYPE_ROW_SLOT);
  g_type_ensure (PD_TYPE_INSPECTION_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/portdesk/PortDesk/ui/pd-scheduling-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, late_toggle);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, day_toggle);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, paned);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, column_view);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_flag);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_requested);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_ref);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_kind);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_requester);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_commodity);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_port);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_status);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_sla);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, day_label);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, day_stack);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, day_list);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, detail);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_toggled_cb);

  gtk_widget_class_install_action (widget_class, "scheduling.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "scheduling.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "scheduling.focus-list", NULL, focus_list_action);
  gtk_widget_class_install_action (widget_class, "scheduling.chat", NULL, chat_action);
  gtk_widget_class_install_action (widget_class, "scheduling.toggle-day", NULL, toggle_day_action);
  gtk_widget_class_install_action (widget_class, "scheduling.day", "i", day_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "scheduling.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "scheduling.focus-list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "scheduling.focus-list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "scheduling.chat", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "scheduling.toggle-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "scheduling.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "scheduling.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "scheduling.day", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "scheduling.day", "i", 1);

  if (display != NULL)
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/org/portdesk/PortDesk/ui/pd-scheduling-view.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
}

static void
pd_scheduling_view_init (PdSchedulingView *self)
{
  g_autoptr(GtkSorter) day_sorter = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the template's lists follow core's order */
  g_assert (g_list_model_get_n_items (gtk_drop_down_get_model (self->status_dropdown)) == STATUS_FIRST + PD_INSP_N_STATUS);
  g_assert (g_list_model_get_n_items (gtk_drop_down_get_model (self->kind_dropdown)) == KIND_FIRST + PD_INSP_N_KIND);

  /* keys: the rows' own refs (a row's ref never changes; no copy of each) */
  self->by_ref = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->unindexed = g_ptr_array_new_with_free_func (g_object_unref);
  self->refreshing = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) refresh_free);
  /* the columns: cells made in C, sorted on the rows' precomputed keys */
  {
    static const PdRowCell flag = { .icon = "flag-icon", .tooltip = "flag-tooltip", .classes = "row-classes" };
    static const PdRowCell cells[] = {
      { "requested-label", NULL, NULL, "row-classes", 13, 13 },
      { "ref", NULL, NULL, "row-classes", 10, 10 },
      { "kind-label", NULL, NULL, "row-classes", 6, 8 },
      { "requester", NULL, NULL, "row-classes", 6, 14 },
      { "commodity", NULL, NULL, "row-classes", 6, 14 },
      { "port", NULL, NULL, "row-classes", 3, 4 },
      { "status-label", NULL, NULL, "row-classes", 8, 10 },
      { "sla-label", NULL, NULL, "row-classes", 9, 11 },
    };
    const struct { GtkColumnViewColumn *column; PdInspectionSort key; } columns[] = {
      { self->col_requested, PD_INSPECTION_SORT_REQUESTED }, { self->col_ref, PD_INSPECTION_SORT_REF },
      { self->col_kind, PD_INSPECTION_SORT_KIND }, { self->col_requester, PD_INSPECTION_SORT_REQUESTER },
      { self->col_commodity, PD_INSPECTION_SORT_COMMODITY }, { self->col_port, PD_INSPECTION_SORT_PORT },
      { self->col_status, PD_INSPECTION_SORT_STATUS }, { self->col_sla, PD_INSPECTION_SORT_SLA },
    };
    g_autoptr(GtkListItemFactory) flag_factory = pd_row_cell_factory_new (&flag);

    G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (columns));
    gtk_column_view_column_set_factory (self->col_flag, flag_factory);
    for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
      {
        g_autoptr(GtkSorter) sorter = pd_inspection_sorter_new (columns[i].key);
        g_autoptr(GtkListItemFactory) factory = pd_row_cell_factory_new (&cells[i]);

        gtk_column_view_column_set_factory (columns[i].column, factory);
        gtk_column_view_column_set_sorter (columns[i].column, sorter);
      }
  }

  /* the rows, in the columns' order, through the filter bar's filter; the
   * day queue the same rows, by slot, of one day (PdRowModel: GTK 4.8's
   * sort and filter models pass over every row on each batch) */
  self->attr_filter = gtk_custom_filter_new (attr_filter_func, self, NULL);
  self->rows = pd_row_model_new (PD_TYPE_INSPECTION_OBJECT, gtk_column_view_get_sorter (self->column_view),
                                 GTK_FILTER (self->attr_filter));
  self->selection = pd_row_selection_new (self->rows);
  pd_row_selection_set_widget (self->selection, GTK_WIDGET (self->column_view));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, self->col_requested, GTK_SORT_ASCENDING);
  g_signal_connect_object (self->rows, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (update_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-row", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->day_filter = gtk_custom_filter_new (day_filter_func, self, NULL);
  day_sorter = pd_inspection_sorter_new (PD_INSPECTION_SORT_SLOT);
  self->day_rows = pd_row_model_new (PD_TYPE_INSPECTION_OBJECT, day_sorter, GTK_FILTER (self->day_filter));
  pd_row_model_set_sort_hidden (self->day_rows, FALSE);   /* a day of the port's requests */
  self->day_selection = pd_row_selection_new (self->day_rows);
  pd_row_selection_set_widget (self->day_selection, GTK_WIDGET (self->day_list));
  g_signal_connect_object (self->day_rows, "items-changed", G_CALLBACK (day_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->day_selection, "notify::selected-row", G_CALLBACK (day_selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  set_day (self, 0);
  day_items_changed_cb (self);

  g_signal_connect_object (self->detail, "updated", G_CALLBACK (detail_updated_cb), self, G_CONNECT_SWAPPED);
  filter_changed_cb (self);
}

PdSchedulingView *
pd_scheduling_view_new (PdServiceClient *client)
{
  PdSchedulingView *self;

  g_return_val_if_fail (PD_IS_SERVICE_CLIENT (client), NULL);

  self = g_object_new (PD_TYPE_SCHEDULING_VIEW, NULL);
  self->client = g_object_ref (client);
  self->loader = pd_list_loader_new (client, "/v1/inspections?form=rows&sort=requested", pd_insp_row_fields (),
                                     build_row, NULL);
  pd_list_loader_set_page_sizes (self->loader, FIRST_PAGE, PAGE_SIZE);
  pd_list_loader_set_offset_pages (self->loader, MAX_IN_FLIGHT);
  pd_list_loader_set_widget (self->loader, GTK_WIDGET (self->column_view));
  g_signal_connect_object (self->loader, "rows", G_CALLBACK (rows_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loader, "finished", G_CALLBACK (finished_cb), self, G_CONNECT_SWAPPED);
  pd_inspection_detail_set_client (self->detail, client);
  g_signal_connect_object (client, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::state", G_CALLBACK (service_state_cb), self, G_CONNECT_SWAPPED);
  pd_scheduling_view_reload (self);
  return self;
}

/* --- accessors -------------------------------------------------------------- */

gboolean
pd_scheduling_view_get_loading (PdSchedulingView *self)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), FALSE);
  return self->loading;
}

const char *
pd_scheduling_view_get_error (PdSchedulingView *self)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), NULL);
  return self->error;
}

guint
pd_scheduling_view_get_n_rows (PdSchedulingView *self)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), 0);
  return pd_row_model_get_n_rows (self->rows);
}

guint
pd_scheduling_view_get_n_shown (PdSchedulingView *self)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

GListModel *
pd_scheduling_view_get_model (PdSchedulingView *self)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
}

PdInspectionObject *
pd_scheduling_view_lookup (PdSchedulingView *self,
                           const char       *ref)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), NULL);
  return ref ? g_hash_table_lookup (ref_table (self), ref) : NULL;
}

static void
select_in (GtkDropDown  *dropdown,
           const char *(*value_at) (guint position),
           const char   *value)
{
  guint n = g_list_model_get_n_items (gtk_drop_down_get_model (dropdown));

  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (value_at (i), value) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }
  gtk_drop_down_set_selected (dropdown, 0);
}

void
pd_scheduling_view_set_search (PdSchedulingView *self,
                               const char       *text)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* the entry waits a moment before ::search-changed; be immediate */
  search_changed_cb (self);
}

void
pd_scheduling_view_set_status_filter (PdSchedulingView *self,
                                      const char       *status)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));
  select_in (self->status_dropdown, status_filter_at, status);
}

void
pd_scheduling_view_set_kind_filter (PdSchedulingView *self,
                                    const char       *kind)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));
  select_in (self->kind_dropdown, kind_filter_at, kind);
}

void
pd_scheduling_view_set_late_only (PdSchedulingView *self,
                                  gboolean          late_only)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));
  gtk_toggle_button_set_active (self->late_toggle, late_only);
}

gboolean
pd_scheduling_view_select_ref (PdSchedulingView *self,
                               const char       *ref)
{
  PdInspectionObject *o;

  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), FALSE);

  o = pd_scheduling_view_lookup (self, ref);
  if (o == NULL)
    return FALSE;
  if (!gtk_filter_match (GTK_FILTER (self->attr_filter), o))
    {
      pd_scheduling_view_set_search (self, NULL);
      pd_scheduling_view_set_status_filter (self, NULL);
      pd_scheduling_view_set_kind_filter (self, NULL);
      pd_scheduling_view_set_late_only (self, FALSE);
    }
  if (pd_row_selection_select_row (self->selection, o))
    scroll_to (self, pd_row_selection_get_selected (self->selection));
  g_clear_handle_id (&self->follow_source, g_source_remove);
  pd_inspection_detail_show_ref (self->detail, ref);
  return TRUE;
}

PdInspectionDetail *
pd_scheduling_view_get_detail (PdSchedulingView *self)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), NULL);
  return self->detail;
}

void
pd_scheduling_view_show_day_queue (PdSchedulingView *self,
                                   gboolean          day)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));
  gtk_toggle_button_set_active (self->day_toggle, day);
}

guint
pd_scheduling_view_get_n_day (PdSchedulingView *self)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->day_rows));
}

void
pd_scheduling_view_get_load_timing (PdSchedulingView *self,
                                    double           *fetch_ms,
                                    double           *build_ms,
                                    double           *model_ms)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));
  pd_list_loader_get_timing (self->loader, fetch_ms, build_ms);
  if (model_ms)
    *model_ms = self->model_ms;
}
