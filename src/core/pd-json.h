/* pd-json.h: strict JSON input helpers shared by service, CLI and app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject  *pd_json_parse_object   (const char  *data,
                                     gssize       length,
                                     GError     **error);
char        *pd_json_to_string      (JsonNode    *node,
                                     gboolean     pretty);
JsonNode    *pd_json_error_new      (const GError *error);

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
gboolean     pd_json_get_bool       (JsonObject  *obj,
                                     const char  *member,
                                     gboolean     required,
                                     gboolean    *out,
                                     GError     **error);
gboolean     pd_json_check_members  (JsonObject  *obj,
                                     const char * const *allowed,
                                     GError     **error);

void         pd_json_builder_add_time (JsonBuilder *builder,
                                       const char  *member,
                                       gint64       unix_us);

G_END_DECLS
