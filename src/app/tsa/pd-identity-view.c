/* pd-identity-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-identity-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "pd-client.h"
#include "pd-error.h"
#include "pd-face.h"
#include "pd-identity-view.h"
#include "pd-json.h"
#include "pd-redress-dialog.h"
#include "pd-view.h"

#define HINT_INTERVAL_US (250 * 1000)   /* live face hints: at most four a second */

static char *default_source;

/* Face work in worker threads (the engine's load, live hints): a view going
 * away waits for it, so that no thread is inside OpenBLAS when the process
 * exits (its shutdown then waits for ever). */
static GMutex  work_lock;
static GCond   work_done;
static guint   work_running;

static void
work_begin (void)
{
  g_mutex_lock (&work_lock);
  work_running++;
  g_mutex_unlock (&work_lock);
}

static void
work_end (void)
{
  g_mutex_lock (&work_lock);
  work_running--;
  g_cond_broadcast (&work_done);
  g_mutex_unlock (&work_lock);
}

static void
work_wait (void)
{
  g_mutex_lock (&work_lock);
  while (work_running > 0)
    g_cond_wait (&work_done, &work_lock);
  g_mutex_unlock (&work_lock);
}

struct _PdIdentityView
{
  AdwBin           parent_instance;

  PdServiceClient *client;
  GtkBox          *bar;             /* the picture source and New Check: the redress button joins it */
  GCancellable    *cancellable;     /* the check's calls; cancelled by a new check */
  char            *source;          /* camera, test, file:PATH */

  /* the live picture */
  GstElement      *pipeline;
  GMutex           lock;
  PdFaceImage     *pending;         /* the newest frame from the streaming thread */
  guint            frame_source;
  PdFaceImage     *frame;           /* the one shown */
  GtkPicture      *picture;
  GtkWidget       *boxes;           /* draws the face box over the picture */
  GtkLabel        *hint;
  GtkDropDown     *source_dropdown;

  /* live hints from the tiny detector */
  PdFaceEngine    *engine;          /* NULL until loaded, or when there are no models */
  gboolean         hinting;
  gint64           last_hint;
  gboolean         have_box;
  PdFaceBox        box;

  /* the check */
  GBytes          *still;           /* the capture, in memory only, until a new check */
  gint64           check;
  char            *state;
  char            *record;
  char            *message;
  GPtrArray       *results;         /* record ids of the last search */

  GtkStack        *card_stack;      /* idle, busy, card */
  GtkLabel        *banner;
  GtkImage        *outcome_icon;
  GtkLabel        *outcome_title;
  GtkLabel        *outcome_detail;
  GtkLabel        *record_label;
  GtkPicture      *matched;
  GtkWidget       *fallback;
  GtkEntry        *last_entry, *first_entry, *birth_entry, *a_number_entry;
  GtkListBox      *result_list;
  GtkLabel        *fallback_status;
  GtkWidget       *capture_button, *decline_button;
  gboolean         disposed;        /* a worker's answer may come after */
};

static void pd_identity_view_view_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdIdentityView, pd_identity_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, pd_identity_view_view_init))

void
pd_identity_view_set_default_source (const char *source)
{
  g_free (default_source);
  default_source = g_strdup (source);
}

/* --- the live picture --------------------------------------------------------- */

static void
show_frame (PdIdentityView *self,
            PdFaceImage    *frame)
{
  g_autoptr(GBytes) bytes = g_bytes_new (frame->rgb, (gsize) frame->width * frame->height * 3);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (frame->width, frame->height, GDK_MEMORY_R8G8B8, bytes,
                                                          (gsize) frame->width * 3);

  g_clear_pointer (&self->frame, pd_face_image_free);
  self->frame = frame;
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_sensitive (self->capture_button, TRUE);
}

static void start_hint (PdIdentityView *self);

static gboolean
frame_cb (gpointer data)
{
  PdIdentityView *self = data;
  PdFaceImage *frame;

  g_mutex_lock (&self->lock);
  frame = g_steal_pointer (&self->pending);
  self->frame_source = 0;
  g_mutex_unlock (&self->lock);
  if (frame != NULL && self->disposed)
    g_clear_pointer (&frame, pd_face_image_free);
  if (frame != NULL)
    {
      show_frame (self, frame);
      start_hint (self);
    }
  return G_SOURCE_REMOVE;
}

/* In GStreamer's streaming thread: the newest frame replaces the pending one. */
static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    data)
{
  PdIdentityView *self = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstVideoInfo info;
  GstMapInfo map;
  GstBuffer *buffer;
  PdFaceImage *frame;

  if (sample == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return GST_FLOW_OK;
  buffer = gst_sample_get_buffer (sample);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  frame = pd_face_image_new_from_rgb (map.data, GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info),
                                      GST_VIDEO_INFO_PLANE_STRIDE (&info, 0), NULL);
  gst_buffer_unmap (buffer, &map);
  if (frame == NULL)
    return GST_FLOW_OK;
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, pd_face_image_free);
  self->pending = frame;
  if (self->frame_source == 0)
    self->frame_source = g_idle_add_full (G_PRIORITY_DEFAULT, frame_cb, g_object_ref (self), g_object_unref);
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

/* The dropdown's sources: the camera, the test pattern, a picture file. */
static const char * const sources[] = { "camera", "test", "file:" };

static guint
source_index (const char *source)
{
  return g_str_has_prefix (source, "file:") ? 2 : g_str_equal (source, "test") ? 1 : 0;
}

static void
stop_source (PdIdentityView *self)
{
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
}

/* Whether a camera is attached (else autovideosrc would show a blank fake). */
static gboolean
have_camera (void)
{
  g_autoptr(GstDeviceMonitor) monitor = gst_device_monitor_new ();
  GList *devices;
  gboolean found;

  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  if (!gst_device_monitor_start (monitor))
    return FALSE;
  devices = gst_device_monitor_get_devices (monitor);
  gst_device_monitor_stop (monitor);
  found = devices != NULL;
  g_list_free_full (devices, gst_object_unref);
  return found;
}

static void
set_hint (PdIdentityView *self,
          const char     *text)
{
  gtk_label_set_text (self->hint, text);
}

/* Starts @source: a GStreamer pipeline for the camera and the test
 * pattern, a decoded still for a file. */
static void
start_source (PdIdentityView *self,
              const char     *source)
{
  g_autoptr(GError) error = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  const char *description = NULL;
  GstElement *sink;

  stop_source (self);
  g_free (self->source);
  self->source = g_strdup (source);
  gtk_drop_down_set_selected (self->source_dropdown, source_index (source));
  self->have_box = FALSE;
  gtk_widget_queue_draw (self->boxes);
  if (g_str_has_prefix (source, "file:"))
    {
      PdFaceImage *still = pd_face_image_new_from_file (source + 5, &error);

      if (still == NULL)
        {
          set_hint (self, error->message);
          return;
        }
      show_frame (self, still);
      start_hint (self);
      return;
    }
  if (!gst_init_check (NULL, NULL, &error))
    {
      set_hint (self, error->message);
      return;
    }
  if (!g_str_equal (source, "test") && !have_camera ())
    {
      set_hint (self, _("No camera found. Choose the test pattern or a picture file."));
      return;
    }
  if (g_str_equal (source, "test"))
    description = "videotestsrc is-live=true pattern=smpte ! video/x-raw,width=1280,height=720,framerate=15/1 ! "
                  "videoconvert ! video/x-raw,format=RGB ! appsink name=sink max-buffers=1 drop=true sync=false";
  else
    description = "autovideosrc ! videoconvert ! videoscale ! video/x-raw,format=RGB ! "
                  "appsink name=sink max-buffers=1 drop=true sync=false";
  self->pipeline = gst_parse_launch (description, &error);
  if (self->pipeline == NULL)
    {
      set_hint (self, error->message);
      return;
    }
  gst_object_ref_sink (self->pipeline);
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  gst_object_unref (sink);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      stop_source (self);
      set_hint (self, _("The camera cannot be opened. Choose another source."));
    }
}

/* --- live hints --------------------------------------------------------------- */

typedef struct {
  PdFaceImage *frame;
  gboolean     have_box;
  PdFaceBox    box;
  char        *hint;
} Hint;

static void
hint_free (Hint *h)
{
  g_clear_pointer (&h->frame, pd_face_image_free);
  g_free (h->hint);
  g_free (h);
}

/* In a worker: the tiny detector, landmarks, the quality of the subject. */
static void
hint_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PdIdentityView *self = source;
  Hint *h = task_data;
  g_autoptr(GArray) boxes = NULL;
  g_autoptr(GArray) faces = g_array_new (FALSE, TRUE, sizeof (PdFaceFace));
  g_auto(GStrv) reasons = NULL;
  PdFaceQuality q;

  boxes = pd_face_detect (self->engine, h->frame, PD_FACE_DETECTOR_TINY, -1, NULL);
  for (guint i = 0; boxes != NULL && i < boxes->len; i++)
    {
      PdFaceFace f = { .box = g_array_index (boxes, PdFaceBox, i) };

      if (pd_face_landmarks (self->engine, h->frame, &f.box, f.landmarks, NULL))
        g_array_append_val (faces, f);
    }
  pd_face_quality_assess (h->frame, (const PdFaceFace *) faces->data, faces->len, &q);
  reasons = pd_face_quality_reasons (&q);
  h->have_box = q.face_index >= 0;
  if (h->have_box)
    h->box = g_array_index (faces, PdFaceFace, q.face_index).box;
  h->hint = reasons[0] != NULL ? g_strjoinv ("; ", reasons) : g_strdup (_("Face found. Press Space to capture."));
  work_end ();
  g_task_return_boolean (task, TRUE);
}

static void
hint_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  PdIdentityView *self = PD_IDENTITY_VIEW (source);
  Hint *h = g_task_get_task_data (G_TASK (result));

  if (self->disposed)
    return;
  self->hinting = FALSE;
  self->have_box = h->have_box;
  self->box = h->box;
  set_hint (self, h->hint);
  gtk_widget_queue_draw (self->boxes);
}

static void
start_hint (PdIdentityView *self)
{
  g_autoptr(GTask) task = NULL;
  Hint *h;

  if (self->engine == NULL || self->hinting || self->frame == NULL ||
      g_get_monotonic_time () - self->last_hint < HINT_INTERVAL_US)
    return;
  h = g_new0 (Hint, 1);
  h->frame = pd_face_image_new_from_rgb (self->frame->rgb, self->frame->width, self->frame->height,
                                         (gsize) self->frame->width * 3, NULL);
  self->hinting = TRUE;
  self->last_hint = g_get_monotonic_time ();
  task = g_task_new (self, NULL, hint_done, NULL);
  g_task_set_task_data (task, h, (GDestroyNotify) hint_free);
  work_begin ();
  g_task_run_in_thread (task, hint_thread);
}

static void
engine_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  PdFaceEngine *engine = pd_face_engine_new (NULL, &error);

  work_end ();
  if (engine == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, engine, (GDestroyNotify) pd_face_engine_unref);
}

static void
engine_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  PdIdentityView *self = PD_IDENTITY_VIEW (source);
  g_autoptr(GError) error = NULL;

  self->engine = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->disposed)
    return;
  if (self->engine == NULL)
    set_hint (self, _("No live face hints: the face models are not installed here. The service still checks "
                      "every capture."));
  else
    start_hint (self);
}

/* The face box over the picture, where the picture shows the frame. */
static void
draw_boxes (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  PdIdentityView *self = data;
  double scale, ox, oy;

  if (!self->have_box || self->frame == NULL)
    return;
  scale = MIN ((double) width / self->frame->width, (double) height / self->frame->height);
  ox = (width - self->frame->width * scale) / 2;
  oy = (height - self->frame->height * scale) / 2;
  cairo_set_source_rgb (cr, 0.2, 0.8, 0.3);
  cairo_set_line_width (cr, 3);
  cairo_rectangle (cr, ox + self->box.x * scale, oy + self->box.y * scale, self->box.width * scale,
                   self->box.height * scale);
  cairo_stroke (cr);
}

/* --- the card ------------------------------------------------------------------- */

static void
wipe_still (PdIdentityView *self)
{
  if (self->still != NULL)
    {
      gsize len;
      gpointer data = (gpointer) g_bytes_get_data (self->still, &len);

      memset (data, 0, len);
      g_clear_pointer (&self->still, g_bytes_unref);
    }
}

static void
set_state (PdIdentityView *self,
           const char     *state)
{
  g_free (self->state);
  self->state = g_strdup (state);
  gtk_stack_set_visible_child_name (self->card_stack, g_str_equal (state, "idle") ? "idle" :
                                                      g_str_equal (state, "busy") ? "busy" : "card");
}

static void
show_outcome (PdIdentityView *self,
              const char     *state,
              const char     *icon,
              const char     *css,
              const char     *title,
              const char     *detail)
{
  static const char * const classes[] = { "success", "error", "warning", NULL };

  set_state (self, state);
  gtk_image_set_from_icon_name (self->outcome_icon, icon);
  for (guint i = 0; classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), css);
  gtk_label_set_text (self->outcome_title, title);
  gtk_label_set_text (self->outcome_detail, detail != NULL ? detail : "");
}

static void
show_record (PdIdentityView *self,
             JsonObject     *r)
{
  g_autofree char *text = NULL;
  JsonArray *photos = r != NULL ? pd_json_array (r, "photos") : NULL;

  g_free (self->record);
  self->record = r != NULL ? g_strdup (pd_json_str (r, "record")) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->banner), r != NULL && pd_json_bool (r, "protected_class"));
  gtk_widget_set_visible (GTK_WIDGET (self->record_label), r != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->matched), photos != NULL && json_array_get_length (photos) > 0);
  if (r == NULL)
    return;
  text = g_markup_printf_escaped (_("<b>%s, %s</b>\n"
                                    "Date of birth: %s\n"
                                    "A-number: %s\n"
                                    "Citizenship: %s\n"
                                    "Passport presented at last arrival: %s\n"
                                    "Stated intent to depart: %s\n"
                                    "Eligible to fly (ICE): %s\n"
                                    "Record %s, %s, %s"),
                                  pd_json_str (r, "last_name"), pd_json_str (r, "first_name"),
                                  pd_json_str (r, "birth_date"),
                                  pd_json_str (r, "a_number") ? pd_json_str (r, "a_number") : _("none"),
                                  pd_json_str (r, "citizenship"),
                                  pd_json_bool (r, "passport_at_arrival") ? _("yes") : _("no"),
                                  pd_json_bool (r, "intent_to_depart") ? _("yes") : _("no"),
                                  pd_json_bool (r, "eligible_to_fly") ? _("yes") : _("no"),
                                  pd_json_str (r, "record"), pd_json_str (r, "source"), pd_json_str (r, "source_date"));
  gtk_label_set_markup (self->record_label, text);
  if (photos != NULL && json_array_get_length (photos) > 0)
    {
      gsize len;
      guchar *data = g_base64_decode (json_array_get_string_element (photos, 0), &len);
      g_autoptr(GBytes) bytes = g_bytes_new_take (data, len);
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (bytes, NULL);

      gtk_picture_set_paintable (self->matched, GDK_PAINTABLE (texture));
    }
}

static void
show_fallback (PdIdentityView *self,
               gboolean        visible)
{
  gtk_widget_set_visible (self->fallback, visible);
  if (visible)
    gtk_widget_grab_focus (GTK_WIDGET (self->last_entry));
}

static void
show_error (PdIdentityView *self,
            const GError   *error)
{
  show_record (self, NULL);
  show_outcome (self, "error", "dialog-error-symbolic", "error", _("The check could not be made"), error->message);
}

/* A check's or a 1:1's answer on the card. */
static void
show_result (PdIdentityView *self,
             JsonObject     *o)
{
  const char *outcome = pd_json_str (o, "outcome");
  JsonArray *reasons = pd_json_array (pd_json_obj (o, "quality"), "reasons");
  g_autofree char *why = NULL, *detail = NULL;

  self->check = pd_json_int (o, "check", self->check);
  g_free (self->message);
  self->message = g_strdup (pd_json_str (o, "message"));
  if (reasons != NULL && json_array_get_length (reasons) > 0)
    {
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_auto(GStrv) v = NULL;

      for (guint i = 0; i < json_array_get_length (reasons); i++)
        g_strv_builder_add (b, json_array_get_string_element (reasons, i));
      v = g_strv_builder_end (b);
      why = g_strjoinv ("\n", v);
    }
  show_record (self, pd_json_obj (o, "record"));
  if (g_strcmp0 (outcome, "match") == 0 || g_strcmp0 (outcome, "verified") == 0)
    {
      detail = g_strdup_printf (_("Similarity %.3f (at least %.3f for a false-match rate of %g); thresholds %s"),
                                json_object_get_double_member (o, "similarity"),
                                json_object_get_double_member (o, "threshold"),
                                json_object_get_double_member (o, "target_fmr"), pd_json_str (o, "thresholds_version"));
      show_outcome (self, outcome, "emblem-ok-symbolic", "success",
                    g_str_equal (outcome, "match") ? _("Match") : _("Verified"), detail);
      show_fallback (self, FALSE);
    }
  else if (g_strcmp0 (outcome, "not-verified") == 0)
    {
      show_outcome (self, outcome, "process-stop-symbolic", "error", _("Not verified"), self->message);
      show_fallback (self, TRUE);
    }
  else if (g_strcmp0 (outcome, "no-match") == 0)
    {
      show_outcome (self, outcome, "dialog-question-symbolic", "warning", _("No match"),
                    _("Nobody in the holdings matches this photo. Search by name and date of birth, or by "
                      "A-number, then verify the photo against the record."));
      show_fallback (self, TRUE);
    }
  else
    {
      show_outcome (self, "not-usable", "camera-photo-symbolic", "warning", _("Photo not usable"),
                    why != NULL ? why : _("Take the photo again."));
      show_fallback (self, FALSE);
    }
}

/* --- calls ---------------------------------------------------------------------- */

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(PdIdentityView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->capture_button, self->frame != NULL);
  if (reply == NULL)
    show_error (self, error);
  else
    show_result (self, json_node_get_object (reply));
}

void
pd_identity_view_capture (PdIdentityView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PD_IS_IDENTITY_VIEW (self));

  if (self->frame == NULL)
    return;
  pd_identity_view_new_check (self);
  self->still = pd_face_image_encode_jpeg (self->frame, &error);
  if (self->still == NULL)
    {
      show_error (self, error);
      return;
    }
  set_state (self, "busy");
  gtk_widget_set_sensitive (self->capture_button, FALSE);
  pd_service_client_call_bytes_async (self->client, "POST", "/v1/identity/checks", "image/jpeg", self->still,
                                      self->cancellable, check_done, g_object_ref (self));
}

static void
decline_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(PdIdentityView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      show_error (self, error);
      return;
    }
  self->check = pd_json_int (json_node_get_object (reply), "check", 0);
  show_record (self, NULL);
  show_outcome (self, "declined", "user-not-tracked-symbolic", "warning", _("Photo declined"),
                _("The traveller declined the photo. Search by name and date of birth, or by A-number."));
  show_fallback (self, TRUE);
}

void
pd_identity_view_decline (PdIdentityView *self)
{
  g_return_if_fail (PD_IS_IDENTITY_VIEW (self));

  pd_identity_view_new_check (self);
  set_state (self, "busy");
  pd_service_client_call_async (self->client, "POST", "/v1/identity/declined", NULL, self->cancellable,
                                decline_done, g_object_ref (self));
}

static void
verify_clicked (GtkButton      *button,
                PdIdentityView *self)
{
  pd_identity_view_verify (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")));
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdIdentityView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = pd_service_client_call_finish (PD_SERVICE_CLIENT (source), result, &error);
  JsonArray *items;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->result_list))) != NULL)
    gtk_list_box_remove (self->result_list, child);
  g_ptr_array_set_size (self->results, 0);
  if (reply == NULL)
    {
      gtk_label_set_text (self->fallback_status, error->message);
      return;
    }
  items = pd_json_array (json_node_get_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *r = json_array_get_object_element (items, i);
      g_autofree char *text = g_strdup_printf ("%s, %s · %s · %s · %s", pd_json_str (r, "last_name"),
                                               pd_json_str (r, "first_name"), pd_json_str (r, "birth_date"),
                                               pd_json_str (r, "a_number") ? pd_json_str (r, "a_number") : "—",
                                               pd_json_str (r, "citizenship"));
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *verify = gtk_button_new_with_mnemonic (_("_Verify photo"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_sensitive (verify, self->still != NULL);
      gtk_widget_set_tooltip_text (verify, self->still != NULL ? _("1:1 of the captured photo against this record")
                                                               : _("No photo: the traveller declined it"));
      g_object_set_data (G_OBJECT (verify), "index", GUINT_TO_POINTER (i));
      g_signal_connect (verify, "clicked", G_CALLBACK (verify_clicked), self);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), verify);
      gtk_list_box_append (self->result_list, row);
      g_ptr_array_add (self->results, g_strdup (pd_json_str (r, "record")));
    }
  gtk_label_set_text (self->fallback_status, self->results->len == 0 ? _("No record found.") : "");
}

void
pd_identity_view_search (PdIdentityView *self,
                         const char     *last_name,
                         const char     *first_name,
                         const char     *birth_date,
                         const char     *a_number)
{
  g_autoptr(GString) path = g_string_new (NULL);
  const char *names[] = { "a_number", "last_name", "first_name", "birth_date" };
  const char *values[] = { a_number, last_name, first_name, birth_date };

  g_return_if_fail (PD_IS_IDENTITY_VIEW (self));

  g_string_printf (path, "/v1/identity/checks/%" G_GINT64_FORMAT "/records?", self->check);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (values[i] != NULL && *values[i] != '\0' && (i == 0 || a_number == NULL || *a_number == '\0'))
      pd_client_query_add (path, names[i], values[i]);
  gtk_label_set_text (self->fallback_status, _("Searching…"));
  pd_service_client_call_async (self->client, "GET", path->str, NULL, self->cancellable, search_done,
                                g_object_ref (self));
}

guint
pd_identity_view_get_n_results (PdIdentityView *self)
{
  g_return_val_if_fail (PD_IS_IDENTITY_VIEW (self), 0);
  return self->results->len;
}

void
pd_identity_view_verify (PdIdentityView *self,
                         guint           index)
{
  g_autofree char *path = NULL, *record = NULL;

  g_return_if_fail (PD_IS_IDENTITY_VIEW (self));

  if (index >= self->results->len || self->still == NULL)
    return;
  record = g_uri_escape_string (self->results->pdata[index], NULL, FALSE);
  path = g_strdup_printf ("/v1/identity/checks/%" G_GINT64_FORMAT "/verify?record=%s", self->check, record);
  set_state (self, "busy");
  pd_service_client_call_bytes_async (self->client, "POST", path, "image/jpeg", self->still, self->cancellable,
                                      check_done, g_object_ref (self));
}

void
pd_identity_view_new_check (PdIdentityView *self)
{
  g_return_if_fail (PD_IS_IDENTITY_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  wipe_still (self);
  self->check = 0;
  g_clear_pointer (&self->record, g_free);
  g_clear_pointer (&self->message, g_free);
  g_ptr_array_set_size (self->results, 0);
  for (GtkWidget *c; (c = gtk_widget_get_first_child (GTK_WIDGET (self->result_list))) != NULL;)
    gtk_list_box_remove (self->result_list, c);
  gtk_label_set_text (self->fallback_status, "");
  {
    GtkEntry *entries[] = { self->last_entry, self->first_entry, self->birth_entry, self->a_number_entry };

    for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
      gtk_editable_set_text (GTK_EDITABLE (entries[i]), "");
  }
  show_fallback (self, FALSE);
  set_state (self, "idle");
  gtk_widget_set_sensitive (self->capture_button, self->frame != NULL);
  gtk_widget_grab_focus (self->capture_button);
}

const char *
pd_identity_view_get_state (PdIdentityView *self)
{
  g_return_val_if_fail (PD_IS_IDENTITY_VIEW (self), NULL);
  return self->state;
}

const char *
pd_identity_view_get_record (PdIdentityView *self)
{
  g_return_val_if_fail (PD_IS_IDENTITY_VIEW (self), NULL);
  return self->record;
}

const char *
pd_identity_view_get_message (PdIdentityView *self)
{
  g_return_val_if_fail (PD_IS_IDENTITY_VIEW (self), NULL);
  return self->message;
}

/* --- widgets --------------------------------------------------------------------- */

static void
search_clicked (PdIdentityView *self)
{
  pd_identity_view_search (self, gtk_editable_get_text (GTK_EDITABLE (self->last_entry)),
                           gtk_editable_get_text (GTK_EDITABLE (self->first_entry)),
                           gtk_editable_get_text (GTK_EDITABLE (self->birth_entry)),
                           gtk_editable_get_text (GTK_EDITABLE (self->a_number_entry)));
}

static void open_file (PdIdentityView *self);

static void
source_changed (PdIdentityView *self)
{
  guint i = gtk_drop_down_get_selected (self->source_dropdown);

  if (i == source_index (self->source))
    return;
  if (i == 2)
    open_file (self);
  else
    start_source (self, sources[i]);
}

void
pd_identity_view_set_source (PdIdentityView *self,
                             const char     *source)
{
  g_return_if_fail (PD_IS_IDENTITY_VIEW (self));
  g_return_if_fail (source != NULL);

  start_source (self, source);
}

static void
file_chosen (GObject      *dialog,
             int           response,
             gpointer      data)
{
  PdIdentityView *self = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *source = g_strconcat ("file:", path, NULL);

      start_source (self, source);
    }
  else
    gtk_drop_down_set_selected (self->source_dropdown, source_index (self->source));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (dialog));
}

static void
open_file (PdIdentityView *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Open a Picture"),
                                                              GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));

  g_signal_connect (dialog, "response", G_CALLBACK (file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkWidget *
labelled (GtkEntry   **entry,
          const char  *mnemonic,
          const char  *placeholder)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  *entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (*entry, placeholder);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (*entry));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*entry));
  return box;
}

static GtkWidget *
build_fallback (PdIdentityView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *search = gtk_button_new_with_mnemonic (_("_Search Records"));
  GtkWidget *title = gtk_label_new (_("Search by name and date of birth, or by A-number"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_attach (GTK_GRID (grid), labelled (&self->last_entry, _("_Last name"), _("Garcia")), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), labelled (&self->first_entry, _("_First name"), _("Ana, or A")), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), labelled (&self->birth_entry, _("_Date of birth"), _("1990-01-31")), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), labelled (&self->a_number_entry, _("_A-number"), _("A123456789")), 1, 1, 1, 1);
  {
    GtkEntry *entries[] = { self->last_entry, self->first_entry, self->birth_entry, self->a_number_entry };

    for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
      g_signal_connect_swapped (entries[i], "activate", G_CALLBACK (search_clicked), self);
  }
  gtk_widget_add_css_class (search, "suggested-action");
  gtk_widget_set_halign (search, GTK_ALIGN_START);
  g_signal_connect_swapped (search, "clicked", G_CALLBACK (search_clicked), self);
  self->result_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->result_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->result_list), "boxed-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->result_list));
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  self->fallback_status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->fallback_status, 0);
  gtk_label_set_wrap (self->fallback_status, TRUE);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->fallback_status));
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}

static GtkWidget *
build_card (PdIdentityView *self)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->banner = GTK_LABEL (gtk_label_new (_("Specially protected class (8 U.S.C. 1367, 8 CFR 208.6): do not disclose "
                                             "this record's information.")));
  gtk_label_set_wrap (self->banner, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->banner), "pd-protected-banner");
  gtk_widget_add_css_class (GTK_WIDGET (self->banner), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->banner), "heading");
  self->outcome_icon = GTK_IMAGE (gtk_image_new ());
  gtk_image_set_pixel_size (self->outcome_icon, 64);
  self->outcome_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_title), "title-1");
  gtk_label_set_xalign (self->outcome_title, 0);
  self->outcome_detail = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->outcome_detail, TRUE);
  gtk_label_set_xalign (self->outcome_detail, 0);
  gtk_label_set_selectable (self->outcome_detail, TRUE);
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->outcome_title));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->outcome_detail));
  gtk_box_append (GTK_BOX (head), GTK_WIDGET (self->outcome_icon));
  gtk_box_append (GTK_BOX (head), titles);
  self->matched = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->matched), 160, 200);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->matched), _("Matched photograph (the record's enrollment photo)"));
  self->record_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->record_label, 0);
  gtk_label_set_yalign (self->record_label, 0);
  gtk_label_set_selectable (self->record_label, TRUE);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->matched));
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->record_label));
  self->fallback = build_fallback (self);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->banner));
  gtk_box_append (GTK_BOX (card), head);
  gtk_box_append (GTK_BOX (card), body);
  gtk_box_append (GTK_BOX (card), self->fallback);
  gtk_widget_set_margin_start (card, 18);
  gtk_widget_set_margin_end (card, 18);
  gtk_widget_set_margin_top (card, 18);
  gtk_widget_set_margin_bottom (card, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), card);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  return scrolled;
}

static void
capture_action (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  pd_identity_view_capture (PD_IDENTITY_VIEW (widget));
}

static void
new_check_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  pd_identity_view_new_check (PD_IDENTITY_VIEW (widget));
}

static void
build (PdIdentityView *self)
{
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *open = gtk_button_new_from_icon_name ("document-open-symbolic");
  GtkWidget *new_check = gtk_button_new_with_mnemonic (_("_New Check"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *idle = adw_status_page_new ();
  GtkWidget *busy = gtk_spinner_new ();
  const char *names[] = { N_("Camera"), N_("Test pattern"), N_("Picture file"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (model, _(names[i]));
  self->source_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (model)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_dropdown), _("Picture source"));
  gtk_widget_set_tooltip_text (open, _("Use a picture file"));
  g_signal_connect_swapped (open, "clicked", G_CALLBACK (open_file), self);
  gtk_widget_set_tooltip_text (new_check, _("Escape"));
  g_signal_connect_swapped (new_check, "clicked", G_CALLBACK (pd_identity_view_new_check), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->source_dropdown));
  gtk_box_append (GTK_BOX (bar), open);
  gtk_widget_set_hexpand (new_check, TRUE);
  gtk_widget_set_halign (new_check, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (bar), new_check);
  self->bar = GTK_BOX (bar);

  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->picture), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->picture), 320, 240);
  self->boxes = gtk_drawing_area_new ();
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->boxes), draw_boxes, self, NULL);
  gtk_widget_set_can_target (self->boxes, FALSE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->picture));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->boxes);
  self->hint = GTK_LABEL (gtk_label_new (_("Starting the picture…")));
  gtk_label_set_wrap (self->hint, TRUE);
  gtk_label_set_xalign (self->hint, 0);

  self->capture_button = gtk_button_new_with_mnemonic (_("_Capture (Space)"));
  gtk_widget_add_css_class (self->capture_button, "suggested-action");
  gtk_widget_add_css_class (self->capture_button, "pill");
  gtk_widget_set_sensitive (self->capture_button, FALSE);
  g_signal_connect_swapped (self->capture_button, "clicked", G_CALLBACK (pd_identity_view_capture), self);
  self->decline_button = gtk_button_new_with_mnemonic (_("Traveller _Declines Photo"));
  gtk_widget_add_css_class (self->decline_button, "pill");
  g_signal_connect_swapped (self->decline_button, "clicked", G_CALLBACK (pd_identity_view_decline), self);
  gtk_box_append (GTK_BOX (buttons), self->capture_button);
  gtk_box_append (GTK_BOX (buttons), self->decline_button);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (left), bar);
  gtk_box_append (GTK_BOX (left), overlay);
  gtk_box_append (GTK_BOX (left), GTK_WIDGET (self->hint));
  gtk_box_append (GTK_BOX (left), buttons);
  gtk_widget_set_margin_start (left, 12);
  gtk_widget_set_margin_end (left, 12);
  gtk_widget_set_margin_top (left, 12);
  gtk_widget_set_margin_bottom (left, 12);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (idle), "camera-photo-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (idle), _("Identity Check"));
  adw_status_page_set_description (ADW_STATUS_PAGE (idle),
                                   _("Capture the traveller's photo (Space). It is checked against the holdings "
                                     "and never stored. If the traveller declines, search by name instead."));
  gtk_spinner_start (GTK_SPINNER (busy));
  gtk_widget_set_size_request (busy, 48, 48);
  gtk_widget_set_halign (busy, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (busy, GTK_ALIGN_CENTER);
  self->card_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->card_stack, idle, "idle");
  gtk_stack_add_named (self->card_stack, busy, "busy");
  gtk_stack_add_named (self->card_stack, build_card (self), "card");

  gtk_paned_set_start_child (GTK_PANED (paned), left);
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (self->card_stack));
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 560);
  adw_bin_set_child (ADW_BIN (self), paned);
}

/* --- PdView, object --------------------------------------------------------------- */

static void
pd_identity_view_reload (PdView *view)
{
  PdIdentityView *self = PD_IDENTITY_VIEW (view);

  start_source (self, self->source);
}

static gboolean
pd_identity_view_get_busy (PdView *view)
{
  return g_strcmp0 (PD_IDENTITY_VIEW (view)->state, "busy") == 0;
}

static void
pd_identity_view_view_init (PdViewInterface *iface)
{
  iface->reload = pd_identity_view_reload;
  iface->get_busy = pd_identity_view_get_busy;
}

static void
pd_identity_view_dispose (GObject *object)
{
  PdIdentityView *self = PD_IDENTITY_VIEW (object);

  self->disposed = TRUE;
  stop_source (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  wipe_still (self);
  work_wait ();
  G_OBJECT_CLASS (pd_identity_view_parent_class)->dispose (object);
}

static void
pd_identity_view_finalize (GObject *object)
{
  PdIdentityView *self = PD_IDENTITY_VIEW (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->pending, pd_face_image_free);
  g_clear_pointer (&self->frame, pd_face_image_free);
  g_clear_pointer (&self->engine, pd_face_engine_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_free (self->source);
  g_free (self->state);
  g_free (self->record);
  g_free (self->message);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (pd_identity_view_parent_class)->finalize (object);
}

static void
pd_identity_view_class_init (PdIdentityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_identity_view_dispose;
  object_class->finalize = pd_identity_view_finalize;
  gtk_widget_class_install_action (widget_class, "identity.capture", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "identity.new-check", NULL, new_check_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "identity.capture", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "identity.new-check", NULL);
}

static void
pd_identity_view_init (PdIdentityView *self)
{
  g_mutex_init (&self->lock);
  self->cancellable = g_cancellable_new ();
  self->results = g_ptr_array_new_with_free_func (g_free);
  build (self);
  set_state (self, "idle");
  show_fallback (self, FALSE);
}

GtkWidget *
pd_identity_view_new (PdServiceClient *client)
{
  PdIdentityView *self = g_object_new (PD_TYPE_IDENTITY_VIEW, NULL);
  g_autoptr(GTask) task = NULL;
  const char *source = default_source != NULL ? default_source : "camera";

  self->client = g_object_ref (client);
  gtk_box_append (self->bar, pd_redress_button_new (client));
  start_source (self, source);
  g_signal_connect_swapped (self->source_dropdown, "notify::selected", G_CALLBACK (source_changed), self);
  task = g_task_new (self, NULL, engine_done, NULL);
  work_begin ();
  g_task_run_in_thread (task, engine_thread);
  return GTK_WIDGET (self);
}
