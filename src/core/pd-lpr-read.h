/* pd-lpr-read.h: license-plate reads and display items as they come in
 *
 * A read from a camera feed (JSON) or an analyst's CSV row, checked field
 * by field: plate (1-10 letters and digits; spaces and dashes dropped;
 * upper case) with its key, the plate with the OCR look-alikes folded
 * (O->0, I->1, B->8, S->5, Z->2); state or province (2-3 letters);
 * observed_at (ISO 8601 with its zone, at most 5 years old and 5 minutes
 * ahead); reader id; optional reader address, lat/lon (both or neither),
 * camera owner and type, make and model (upper case), image reference.
 * Errors name the field and say what it must be.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  gint64  id;               /* 0 until stored; stays 0 for a re-sent read */
  char   *plate;
  char   *state;
  char   *plate_key;
  gint64  observed_at;
  char   *reader_id;
  char   *reader_address;
  gboolean has_position;
  double  lat, lon;
  char   *camera_owner;
  char   *camera_type;
  char   *make;
  char   *model;
  char   *image_ref;
} PdLprRead;

void pd_lpr_read_free (PdLprRead *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLprRead, pd_lpr_read_free)

/* the members a read may have (and the CSV columns of an import) */
extern const char * const pd_lpr_read_columns[];

/* The plate as stored and its key; FALSE when it is not 1 to 10 letters
 * and digits. */
gboolean    pd_lpr_plate_normalize  (const char   *text,
                                     char        **out_plate,
                                     char        **out_key);
/* The members plate and state of @o, checked. */
gboolean    pd_lpr_plate_and_state  (JsonObject   *o,
                                     char        **out_plate,
                                     char        **out_key,
                                     char        **out_state,
                                     GError      **error);
/* A read from @o (members as strings or numbers), @now the service's time. */
PdLprRead  *pd_lpr_read_from_object (JsonObject   *o,
                                     gint64        now,
                                     GError      **error);
/* The reads of a feed's batch, {"reads": [...]}, read without a JSON
 * tree when it is in the plain form and every read passes its checks;
 * NULL otherwise: then parse the body and use pd_lpr_read_from_object,
 * which words what is wrong. */
GPtrArray  *pd_lpr_reads_parse_plain (const char  *data,
                                      gsize        len,
                                      gint64       now);
/* CSV with a header row of @columns (in any order, a subset): the rows as
 * JsonObjects of their non-empty fields; INVALID naming the row. */
GPtrArray  *pd_lpr_csv_objects      (const char   *data,
                                     gsize         len,
                                     const char * const *columns,
                                     GError      **error);

G_END_DECLS
