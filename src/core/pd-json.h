/* pd-json.h: strict JSON input helpers shared by service, CLI and app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Bounds on every JSON body PortDesk reads (see pd_json_check_shape). */
#define PD_JSON_MAX_DEPTH  32
#define PD_JSON_MAX_VALUES 50000

gboolean     pd_json_check_shape    (const char  *data,
                                     gsize        length,
                                     guint        max_depth,
                                     guint        max_values,
                                     GError     **error);
JsonObject  *pd_json_parse_object   (const char  *data,
                                     gssize       length,
                                     GError     **error);
/* The one writer of JSON text (json-glib 1.6's generator can write
 * invalid numbers): values straight to text (a large answer needs no
 * tree), or a whole JsonNode.  Doubles through pd_json_append_double;
 * strings always as valid UTF-8. */
typedef struct _PdJsonWriter PdJsonWriter;

PdJsonWriter *pd_json_writer_new           (gboolean      pretty);
void          pd_json_writer_begin_object  (PdJsonWriter *w);
void          pd_json_writer_end_object    (PdJsonWriter *w);
void          pd_json_writer_begin_array   (PdJsonWriter *w);
void          pd_json_writer_end_array     (PdJsonWriter *w);
void          pd_json_writer_member        (PdJsonWriter *w,
                                            const char   *name);
/* NULL: null */
void          pd_json_writer_string        (PdJsonWriter *w,
                                            const char   *value);
void          pd_json_writer_int           (PdJsonWriter *w,
                                            gint64        value);
void          pd_json_writer_double        (PdJsonWriter *w,
                                            double        value);
void          pd_json_writer_bool          (PdJsonWriter *w,
                                            gboolean      value);
void          pd_json_writer_null          (PdJsonWriter *w);
void          pd_json_writer_node          (PdJsonWriter *w,
                                            JsonNode     *node);
char         *pd_json_writer_free_to_string (PdJsonWriter *w);
GBytes       *pd_json_writer_free_to_bytes (PdJsonWriter *w);

char        *pd_json_to_string      (JsonNode    *node,
                                     gboolean     pretty);
void         pd_json_append_double  (GString     *out,
                                     double       value);
JsonNode    *pd_json_error_new      (const GError *error);

/* @value as 1 to @max bytes of UTF-8, not only spaces; else INVALID naming
 * @member. */
gboolean     pd_text_check          (const char  *member,
                                     const char  *value,
                                     gsize        max,
                                     GError     **error);

/* Getters that validate type and size; a missing optional member gives the
 * default and no error.  Error messages name the member. */
gboolean     pd_json_get_string     (JsonObject  *obj,
                                     const char  *member,
                                     gboolean     required,
                                     gsize        max_len,
                                     const char **out,
                                     GError     **error);
gboolean     pd_json_get_int        (JsonObject  *obj,
                                     const char  *member,
                                     gboolean     required,
                                     gint64       min,
                                     gint64       max,
                                     gint64      *out,
                                     GError     **error);
/* A finite number (integer or decimal) from @min to @max. */
gboolean     pd_json_get_double     (JsonObject  *obj,
                                     const char  *member,
                                     gboolean     required,
                                     double       min,
                                     double       max,
                                     double      *out,
                                     GError     **error);
gboolean     pd_json_get_bool       (JsonObject  *obj,
                                     const char  *member,
                                     gboolean     required,
                                     gboolean    *out,
                                     GError     **error);
/* A text member (pd_text_check: 1 to @max_len bytes of UTF-8, not only
 * spaces) as a copy, upper-cased when @upper; a missing optional one gives
 * NULL. */
gboolean     pd_json_get_text       (JsonObject  *obj,
                                     const char  *member,
                                     gboolean     required,
                                     gsize        max_len,
                                     gboolean     upper,
                                     char       **out,
                                     GError     **error);
/* A date and time (ISO 8601 with its zone) as unix microseconds. */
gboolean     pd_json_get_time       (JsonObject  *obj,
                                     const char  *member,
                                     gboolean     required,
                                     gint64      *out,
                                     GError     **error);
gboolean     pd_json_check_members  (JsonObject  *obj,
                                     const char * const *allowed,
                                     GError     **error);

/* Lenient readers of what portdeskd answered (the app and the CLI): NULL,
 * FALSE or @fallback when @o is NULL, or the member is missing or of
 * another type. */
const char  *pd_json_str            (JsonObject  *o,
                                     const char  *member);
JsonObject  *pd_json_obj            (JsonObject  *o,
                                     const char  *member);
JsonArray   *pd_json_array          (JsonObject  *o,
                                     const char  *member);
gint64       pd_json_int            (JsonObject  *o,
                                     const char  *member,
                                     gint64       fallback);
double       pd_json_double         (JsonObject  *o,
                                     const char  *member,
                                     double       fallback);
gboolean     pd_json_bool           (JsonObject  *o,
                                     const char  *member);

/* @member as an ISO 8601 time, null when @unix_us is 0 or less. */
void         pd_json_object_set_time  (JsonObject  *o,
                                       const char  *member,
                                       gint64       unix_us);
void         pd_json_builder_add_time (JsonBuilder *builder,
                                       const char  *member,
                                       gint64       unix_us);
/* Members every answer writes: a string or null, a boolean, an array of strings. */
void         pd_json_builder_add_string (JsonBuilder *builder,
                                         const char  *member,
                                         const char  *value);
void         pd_json_builder_add_int  (JsonBuilder *builder,
                                       const char  *member,
                                       gint64       value);
/* @value, or null when it is negative (a time that was not measured). */
void         pd_json_builder_add_ms   (JsonBuilder *builder,
                                       const char  *member,
                                       double       value);
void         pd_json_builder_add_bool (JsonBuilder *builder,
                                       const char  *member,
                                       gboolean     value);
void         pd_json_builder_add_strv (JsonBuilder *builder,
                                       const char  *member,
                                       char       **strv);

G_END_DECLS
