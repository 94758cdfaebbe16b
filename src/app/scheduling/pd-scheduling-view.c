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
#include "pd-scheduling-view.h"

#define PAGE_SIZE     500
#define MAX_IN_FLIGHT 4
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
  GtkColumnViewColumn *col_requested;
  GtkLabel            *day_label;
  GtkStack            *day_stack;
  GtkListView         *day_list;
  AdwStatusPage       *error_page;
  GtkLabel            *count_label;
  PdInspectionDetail  *detail;

  PdServiceClient     *client;
  GListStore          *store;
  GHashTable          *by_ref;        /* ref -> PdInspectionObject (ref) */
  char                *search;        /* normalized, casefolded; NULL: none */
  GtkCustomFilter     *attr_filter;
  GtkFilterListModel  *filtered;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  GtkCustomFilter     *day_filter;
  GtkFilterListModel  *day_filtered;
  GtkSortListModel    *day_sorted;
  GtkSingleSelection  *day_selection;
  gint64               day_start;     /* local midnight, unix seconds */

  const char          *status_filter;
  const char          *kind_filter;
  gboolean             late_only;

  /* loading */
  GCancellable        *cancellable;
  GPtrArray           *pages;         /* rows built from the pages after the first (the hash owns them) */
  guint                n_pages;
  guint                pages_done;
  guint                next_page;
  guint                in_flight;
  gboolean             fetching;
  gboolean             loading;
  gboolean             timing_pending;
  char                *error;
  gint64               t_start;
  gint64               t_built;
  double               fetch_ms;
  double               build_ms;
  double               model_ms;

  GHashTable          *refreshing;    /* ref -> GINT_TO_POINTER (dirty) */
  guint                follow_source;
  guint                settle_source;
  gboolean             service_lost;
  PdInspectionObject  *reselect;      /* to select again once filtered */
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

static void fetch_page (PdSchedulingView *self, guint index);
static void reselect   (PdSchedulingView *self, PdInspectionObject *o);

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
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  if (self->fetching && self->n_pages > 0)
    /* Translators: rows loaded so far, while pages arrive */
    text = g_strdup_printf (_("Loading… %u of about %u requests"), total, self->n_pages * PAGE_SIZE);
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
  return self->fetching ||
         gtk_filter_list_model_get_pending (self->filtered) > 0 ||
         gtk_sort_list_model_get_pending (self->sorted) > 0;
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
  if (self->reselect != NULL && gtk_filter_list_model_get_pending (self->filtered) == 0)
    {
      g_autoptr(PdInspectionObject) o = g_object_ref (self->reselect);

      reselect (self, o);
    }
  if (models_busy (self))
    return G_SOURCE_REMOVE;
  if (self->timing_pending)
    {
      self->timing_pending = FALSE;
      self->model_ms = (g_get_monotonic_time () - self->t_built) / 1000.0;
      if (g_getenv ("PORTDESK_TIMING") != NULL)
        g_printerr ("portdesk: timing: scheduling: %u rows, fetch %.1f ms, build %.1f ms, "
                    "splice+filter+sort %.1f ms\n", g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                    self->fetch_ms, self->build_ms, self->model_ms);
      /* the officer starts on the first row */
      if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
          g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
        {
          gtk_single_selection_set_selected (self->selection, 0);
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
    self->settle_source = g_idle_add (settle_cb, self);
}

static void
day_items_changed_cb (PdSchedulingView *self)
{
  gtk_stack_set_visible_child_name (self->day_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->day_sorted)) > 0 ? "list" : "empty");
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

/* Select @o again after it left the models and came back. */
static void
reselect (PdSchedulingView   *self,
          PdInspectionObject *o)
{
  guint n;

  if (gtk_filter_list_model_get_pending (self->filtered) > 0)
    {
      g_set_object (&self->reselect, o);
      return;
    }
  g_clear_object (&self->reselect);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdInspectionObject) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (item == o)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

static PdInspectionObject *
upsert (PdSchedulingView *self,
        JsonObject       *json)
{
  const char *ref = json_object_get_string_member_with_default (json, "ref", NULL);
  PdInspectionObject *o;
  guint pos;

  if (ref == NULL || self->store == NULL || self->selection == NULL)
    return NULL;
  o = g_hash_table_lookup (self->by_ref, ref);
  if (o == NULL)
    {
      o = pd_inspection_object_new (json);
      g_hash_table_insert (self->by_ref, g_strdup (ref), o);
      g_list_store_append (self->store, o);
      return o;
    }
  /* the cells follow the properties; the models only need to look again
   * when what they filter or sort on changed */
  if (pd_inspection_object_update (o, json) && g_list_store_find (self->store, o, &pos))
    {
      gboolean was_selected = gtk_single_selection_get_selected_item (self->selection) == (gpointer) o;

      /* the filter and the sorter look again at this row */
      g_object_ref (o);
      g_list_store_remove (self->store, pos);
      g_list_store_insert (self->store, pos, o);
      g_object_unref (o);
      if (was_selected || self->reselect == o)
        reselect (self, o);
    }
  return o;
}

typedef struct {
  PdSchedulingView *self;
  char             *ref;
} Refresh;

static void
refresh_ref (PdSchedulingView *self,
             const char       *ref);

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Refresh *r = user_data;
  PdSchedulingView *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  gboolean dirty = FALSE;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      PdInspectionObject *o = pd_scheduling_view_lookup (self, r->ref);
      int unread = o != NULL ? pd_inspection_object_get_unread (o) : 0;

      /* GET /v1/inspections/{ref} counts no unread messages (only the
       * list does): keep the count the row has */
      o = upsert (self, json_node_get_object (node));
      if (o != NULL && unread > 0)
        pd_inspection_object_set_unread (o, unread);
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("refresh %s: %s", r->ref, error->message);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      dirty = GPOINTER_TO_INT (g_hash_table_lookup (self->refreshing, r->ref));
      g_hash_table_remove (self->refreshing, r->ref);
      if (dirty)
        refresh_ref (self, r->ref);
    }
  g_object_unref (r->self);
  g_free (r->ref);
  g_free (r);
}

static void
refresh_ref (PdSchedulingView *self,
             const char       *ref)
{
  g_autofree char *escaped = g_uri_escape_string (ref, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/v1/inspections/%s", escaped);
  Refresh *r;

  if (g_hash_table_contains (self->refreshing, ref))
    {
      g_hash_table_insert (self->refreshing, g_strdup (ref), GINT_TO_POINTER (TRUE));
      return;
    }
  g_hash_table_insert (self->refreshing, g_strdup (ref), GINT_TO_POINTER (FALSE));
  r = g_new0 (Refresh, 1);
  r->self = g_object_ref (self);
  r->ref = g_strdup (ref);
  pd_service_client_call_async (self->client, "GET", path, NULL, self->cancellable, refreshed_cb, r);
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
  PdInspectionObject *o = upsert (self, json);

  /* the detail pane marks what is on screen as read */
  if (o != NULL && gtk_widget_get_mapped (GTK_WIDGET (detail)))
    pd_inspection_object_set_unread (o, 0);
}

/* --- loading pages ----------------------------------------------------------- */

typedef struct {
  PdSchedulingView *self;
  guint             index;
} Page;


static void
show_error (PdSchedulingView *self,
            const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->list_stack, "error");
}

static void
append_objects (PdSchedulingView *self,
                JsonArray        *items,
                GPtrArray        *out)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *n = json_array_get_element (items, i);
      JsonObject *obj;
      const char *ref;
      PdInspectionObject *existing;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      obj = json_node_get_object (n);
      ref = json_object_get_string_member_with_default (obj, "ref", NULL);
      if (ref == NULL)
        continue;
      existing = g_hash_table_lookup (self->by_ref, ref);
      if (existing != NULL)
        {
          /* came live while the pages loaded: the page may be older */
          continue;
        }
      existing = pd_inspection_object_new (obj);
      g_hash_table_insert (self->by_ref, g_strdup (ref), existing);
      g_ptr_array_add (out, existing);
    }
}

static void
finish_pages (PdSchedulingView *self)
{
  /* the rows were built page by page as they came: one splice for all */
  self->t_built = g_get_monotonic_time ();
  self->fetch_ms = (self->t_built - self->t_start) / 1000.0 - self->build_ms;
  g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                       self->pages->pdata, self->pages->len);
  g_ptr_array_set_size (self->pages, 0);
  self->fetching = FALSE;
  self->timing_pending = TRUE;
  update_loading (self);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Page *page = user_data;
  g_autoptr(PdSchedulingView) self = page->self;
  guint index = page->index;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *obj;
  JsonNode *items;

  g_free (page);
  node = pd_service_client_call_finish (PD_SERVICE_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->in_flight--;
  if (!self->fetching)
    return;
  obj = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  items = obj != NULL && json_object_has_member (obj, "items") ? json_object_get_member (obj, "items") : NULL;
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->fetching = FALSE;
      show_error (self, error ? error->message : _("The service answered with an unexpected list."));
      update_loading (self);
      return;
    }

  if (index == 0)
    {
      gint64 total = json_object_get_int_member_with_default (obj, "total", 0);
      g_autoptr(GPtrArray) first = g_ptr_array_new ();
      gint64 t0 = g_get_monotonic_time ();

      self->n_pages = MAX (1, (guint) ((total + PAGE_SIZE - 1) / PAGE_SIZE));
      self->next_page = 1;
      /* the first page shows at once */
      append_objects (self, json_node_get_array (items), first);
      g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                           first->pdata, first->len);
      self->build_ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (g_str_equal (gtk_stack_get_visible_child_name (self->list_stack), "error"))
        gtk_stack_set_visible_child_name (self->list_stack,
                                          gtk_toggle_button_get_active (self->day_toggle) ? "day" : "list");
    }
  else
    {
      gint64 t0 = g_get_monotonic_time ();

      /* built now, between pages, so that no single turn of the loop
       * builds them all */
      append_objects (self, json_node_get_array (items), self->pages);
      self->build_ms += (g_get_monotonic_time () - t0) / 1000.0;
    }
  self->pages_done++;

  while (self->in_flight < MAX_IN_FLIGHT && self->next_page < self->n_pages)
    fetch_page (self, self->next_page++);
  if (self->pages_done == self->n_pages)
    finish_pages (self);
  else
    update_count (self);
}

static void
fetch_page (PdSchedulingView *self,
            guint             index)
{
  g_autofree char *path = g_strdup_printf ("/v1/inspections?sort=requested&limit=%u&offset=%u",
                                           PAGE_SIZE, index * PAGE_SIZE);
  Page *page = g_new0 (Page, 1);

  page->self = g_object_ref (self);
  page->index = index;
  self->in_flight++;
  pd_service_client_call_async (self->client, "GET", path, NULL, self->cancellable, page_cb, page);
}

void
pd_scheduling_view_reload (PdSchedulingView *self)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->refreshing);
  g_ptr_array_set_size (self->pages, 0);
  self->n_pages = self->pages_done = self->next_page = self->in_flight = 0;
  self->timing_pending = FALSE;
  g_clear_pointer (&self->error, g_free);
  g_list_store_remove_all (self->store);
  g_hash_table_remove_all (self->by_ref);
  self->fetching = TRUE;
  self->t_start = g_get_monotonic_time ();
  self->fetch_ms = self->build_ms = self->model_ms = 0;
  update_loading (self);
  fetch_page (self, 0);
  pd_inspection_detail_reload (self->detail);
}

void
pd_scheduling_view_load_rows (PdSchedulingView *self,
                              JsonArray        *rows)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();

  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));
  g_return_if_fail (rows != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_ptr_array_set_size (self->pages, 0);
  self->fetching = FALSE;
  g_list_store_remove_all (self->store);
  g_hash_table_remove_all (self->by_ref);
  self->t_start = g_get_monotonic_time ();
  append_objects (self, rows, objects);
  self->t_built = g_get_monotonic_time ();
  self->fetch_ms = 0;
  self->build_ms = (self->t_built - self->t_start) / 1000.0;
  g_list_store_splice (self->store, 0, 0, objects->pdata, objects->len);
  self->timing_pending = TRUE;
  update_loading (self);
}

/* --- selection and keyboard ---------------------------------------------------- */

static gboolean
follow_cb (gpointer user_data)
{
  PdSchedulingView *self = user_data;
  PdInspectionObject *o = gtk_single_selection_get_selected_item (self->selection);

  self->follow_source = 0;
  if (o != NULL)
    pd_inspection_detail_show_ref (self->detail, pd_inspection_object_get_ref (o));
  return G_SOURCE_REMOVE;
}

static void
selection_changed_cb (PdSchedulingView *self)
{
  g_clear_handle_id (&self->follow_source, g_source_remove);
  if (gtk_single_selection_get_selected_item (self->selection) == NULL)
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
  g_autoptr(PdInspectionObject) o = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

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
  g_autoptr(PdInspectionObject) o = g_list_model_get_item (G_LIST_MODEL (self->day_selection), position);

  if (o == NULL)
    return;
  pd_inspection_detail_show_ref (self->detail, pd_inspection_object_get_ref (o));
  focus_detail (self);
}

static void
day_selection_changed_cb (PdSchedulingView *self)
{
  PdInspectionObject *o = gtk_single_selection_get_selected_item (self->day_selection);

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

  if (self->error != NULL && !self->fetching)
    return;
  gtk_stack_set_visible_child_name (self->list_stack, day ? "day" : "list");
  if (day)
    {
      PdInspectionObject *o = gtk_single_selection_get_selected_item (self->day_selection);

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

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->follow_source, g_source_remove);
  g_clear_handle_id (&self->settle_source, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->day_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->day_selection, self);
  if (self->day_sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->day_sorted, self);
  if (self->detail != NULL)
    g_signal_handlers_disconnect_by_data (self->detail, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_SCHEDULING_VIEW);
  g_clear_object (&self->reselect);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->day_selection);
  g_clear_object (&self->day_sorted);
  g_clear_object (&self->day_filtered);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_scheduling_view_parent_class)->dispose (object);
}

static void
pd_scheduling_view_finalize (GObject *object)
{
  PdSchedulingView *self = PD_SCHEDULING_VIEW (object);

  g_clear_pointer (&self->by_ref, g_hash_table_unref);
  g_clear_pointer (&self->refreshing, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, PdSchedulingView, col_requested);
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
  g_autoptr(GtkNumericSorter) day_sorter = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the template's lists follow core's order */
  g_assert (g_list_model_get_n_items (gtk_drop_down_get_model (self->status_dropdown)) == STATUS_FIRST + PD_INSP_N_STATUS);
  g_assert (g_list_model_get_n_items (gtk_drop_down_get_model (self->kind_dropdown)) == KIND_FIRST + PD_INSP_N_KIND);

  self->by_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->refreshing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pages = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->store = g_list_store_new (PD_TYPE_INSPECTION_OBJECT);

  /* store -> filter -> sort (the columns' sorter) -> selection.
   *
   * Neither is incremental.  GTK 4.8's incremental filter works 512 rows
   * per main loop turn with a frame in between: 20k rows took 3.8 s to
   * settle, against 83 ms in one pass (bench/app-dashboard).  The filter
   * is one custom filter over precomputed values (the search text is
   * folded once per row: a strstr per row per keystroke), so a pass
   * over 100k rows stays short. */
  self->attr_filter = gtk_custom_filter_new (attr_filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                              GTK_FILTER (g_object_ref (self->attr_filter)));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_sort_list_model_set_incremental (self->sorted, FALSE);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, self->col_requested, GTK_SORT_ASCENDING);

  g_signal_connect_object (self->filtered, "notify::pending", G_CALLBACK (update_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sorted, "notify::pending", G_CALLBACK (update_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* the day queue: the same rows, by slot, one day */
  self->day_filter = gtk_custom_filter_new (day_filter_func, self, NULL);
  self->day_filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                                  GTK_FILTER (g_object_ref (self->day_filter)));
  day_sorter = gtk_numeric_sorter_new (gtk_property_expression_new (PD_TYPE_INSPECTION_OBJECT, NULL, "slot-start"));
  self->day_sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->day_filtered)),
                                              GTK_SORTER (g_object_ref (day_sorter)));
  self->day_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->day_sorted)));
  gtk_single_selection_set_autoselect (self->day_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->day_selection, TRUE);
  gtk_list_view_set_model (self->day_list, GTK_SELECTION_MODEL (self->day_selection));
  g_signal_connect_object (self->day_sorted, "items-changed", G_CALLBACK (day_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->day_selection, "notify::selected-item", G_CALLBACK (day_selection_changed_cb), self,
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
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

guint
pd_scheduling_view_get_n_shown (PdSchedulingView *self)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

GListModel *
pd_scheduling_view_get_model (PdSchedulingView *self)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

PdInspectionObject *
pd_scheduling_view_lookup (PdSchedulingView *self,
                           const char       *ref)
{
  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), NULL);
  return ref ? g_hash_table_lookup (self->by_ref, ref) : NULL;
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
  guint n;

  g_return_val_if_fail (PD_IS_SCHEDULING_VIEW (self), FALSE);

  o = pd_scheduling_view_lookup (self, ref);
  if (o == NULL)
    return FALSE;
  if (!gtk_filter_match (gtk_filter_list_model_get_filter (self->filtered), o))
    {
      pd_scheduling_view_set_search (self, NULL);
      pd_scheduling_view_set_status_filter (self, NULL);
      pd_scheduling_view_set_kind_filter (self, NULL);
      pd_scheduling_view_set_late_only (self, FALSE);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdInspectionObject) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (item == o)
        {
          gtk_single_selection_set_selected (self->selection, i);
          scroll_to (self, i);
          break;
        }
    }
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
  return g_list_model_get_n_items (G_LIST_MODEL (self->day_sorted));
}

void
pd_scheduling_view_get_load_timing (PdSchedulingView *self,
                                    double           *fetch_ms,
                                    double           *build_ms,
                                    double           *model_ms)
{
  g_return_if_fail (PD_IS_SCHEDULING_VIEW (self));
  if (fetch_ms)
    *fetch_ms = self->fetch_ms;
  if (build_ms)
    *build_ms = self->build_ms;
  if (model_ms)
    *model_ms = self->model_ms;
}
