/* pd-paxlst.h: UN/EDIFACT PAXLST passenger and crew manifests, as airline
 * systems really send them
 *
 * The syntax layer takes separators from UNA (or the defaults :+.? '),
 * the release character, CR/LF hard wraps inside segments and numbers,
 * Type-B headers, SOH/STX/ETX bytes and mail footers around the
 * interchange, several interchanges in one file, and bytes that are not
 * UTF-8 (read as Latin-1).  The body gives each message (UNH..UNT) its
 * flight legs (TDT, LOC, DTM) and travellers (NAD, ATT, DTM, NAT, LOC, RFF
 * and their documents DOC, DTM, LOC).  Every inconsistency (counts in
 * UNT, CNT and UNZ, references that do not match, unknown qualifiers,
 * dates that are not dates) is a warning naming the segment and its
 * position; only what cannot be read as PAXLST at all is refused.
 * Manifests split over several messages share their common access
 * reference (0068) and number their parts (01:C ... n:F): each message
 * keeps both, for the receiver to put the parts together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *type;              /* P, V, I, ... (may be "") */
  char *number;
  char *issuing_country;   /* LOC+91, NULL when absent */
  char *expiry;            /* YYYY-MM-DD, NULL when absent */
  char *issued;            /* YYYY-MM-DD, NULL when absent */
} PdPaxDocument;

typedef struct {
  gboolean   crew;         /* NAD+FM / DDT */
  gboolean   in_transit;   /* NAD+DDU / DDT */
  char      *surname;
  char      *given_names;  /* given and middle names */
  char      *sex;          /* M, F, U, X; NULL when absent */
  char      *birth_date;   /* YYYY-MM-DD, NULL when absent */
  char      *nationality;  /* NAT+2, NULL when absent */
  char      *residence;    /* LOC+174 */
  char      *embarkation;  /* LOC+178 */
  char      *debarkation;  /* LOC+179 */
  char      *reservation;  /* RFF+AVF (PNR locator) */
  GPtrArray *documents;    /* PdPaxDocument */
} PdPaxTraveller;

typedef struct {
  char *flight;            /* TDT element 2: carrier and number, "UA123" */
  char *carrier;           /* TDT element 5, or the designator's carrier */
  char *departure;         /* LOC+125 (or the routing leg's first) */
  char *arrival;           /* LOC+87 */
  char *departs;           /* DTM+189, "YYYY-MM-DDTHH:MM" local, NULL when absent */
  char *arrives;           /* DTM+232 */
} PdPaxLeg;

typedef struct {
  char      *sender;       /* UNB */
  char      *reference;    /* UNH message reference */
  char      *access;       /* 0068 common access reference, NULL when absent */
  guint      part;         /* S010 sequence (0 when absent) */
  char       marker;       /* 'C' first, 'F' final, 0 otherwise */
  char      *kind;         /* "passengers" (BGM 745), "crew" (250), or the BGM code */
  GPtrArray *legs;         /* PdPaxLeg */
  GPtrArray *travellers;   /* PdPaxTraveller */
  gint64     declared;     /* CNT 42 or 41, -1 when absent */
  char      *text;         /* the message (UNH..UNT) again, with the default
                            * separators: a part kept until the others come */
} PdPaxMessage;

typedef struct {
  guint  segment;          /* 1-based in the file */
  gsize  offset;           /* of the segment, in the decoded text */
  char  *text;
} PdPaxWarning;

typedef struct {
  GPtrArray *messages;     /* PdPaxMessage, in file order */
  GPtrArray *warnings;     /* PdPaxWarning */
} PdPaxlst;

void      pd_paxlst_free  (PdPaxlst     *p);
void      pd_pax_traveller_free (PdPaxTraveller *t);
void      pd_pax_document_free  (PdPaxDocument  *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPaxlst, pd_paxlst_free)

/* Parses @len bytes; dates get their century against @today (unix
 * seconds).  NULL with PD_ERROR_INVALID and the reason when there is no
 * PAXLST message in them. */
PdPaxlst *pd_paxlst_parse (const char   *data,
                           gsize         len,
                           gint64        today,
                           GError      **error);

G_END_DECLS
