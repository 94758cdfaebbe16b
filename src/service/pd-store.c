/* pd-store.c: opening, migrating and transactions
 *
 * SQLite runs in WAL mode with synchronous=FULL (an acknowledged write
 * survives a crash or power loss), foreign keys on and secure_delete on so
 * purged biometrics do not linger in free pages.  One connection, guarded
 * by a mutex held for the life of a transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-store"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pd-clock.h"
#include "pd-json.h"
#include "pd-error.h"
#include "pd-store-private.h"

G_DEFINE_FINAL_TYPE (PdStore, pd_store, G_TYPE_OBJECT)

/* Each migration runs in the same transaction as the version bump.
 * Append new versions; never edit a shipped one. */
static const char * const migrations[] = {
  /* v1: backbone: ports, accounts, sessions, entitlements, API keys,
   * the append-only audit chain and its signed checkpoints, retention
   * bookkeeping. */
  "CREATE TABLE ports ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL);"
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"
  "  display_name TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  port TEXT REFERENCES ports(code),"
  "  password_hash TEXT NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0,"
  "  must_change_password INTEGER NOT NULL DEFAULT 0,"
  "  failed_logins INTEGER NOT NULL DEFAULT 0,"
  "  locked_until INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE sessions ("
  "  id INTEGER PRIMARY KEY,"
  "  token_hash BLOB NOT NULL UNIQUE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  created_at INTEGER NOT NULL,"
  "  last_seen INTEGER NOT NULL,"
  "  rules_accepted_at INTEGER NOT NULL DEFAULT 0,"
  "  client TEXT NOT NULL);"
  "CREATE INDEX sessions_user ON sessions(user_id);"
  "CREATE TABLE entitlements ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  kind TEXT NOT NULL,"
  "  training_date TEXT NOT NULL,"
  "  requested_by INTEGER NOT NULL REFERENCES users(id),"
  "  requested_at INTEGER NOT NULL,"
  "  supervisor_id INTEGER REFERENCES users(id),"
  "  supervisor_at INTEGER NOT NULL DEFAULT 0,"
  "  owner_id INTEGER REFERENCES users(id),"
  "  owner_at INTEGER NOT NULL DEFAULT 0,"
  "  granted_at INTEGER NOT NULL DEFAULT 0,"
  "  expires_at INTEGER NOT NULL DEFAULT 0,"
  "  status TEXT NOT NULL);"
  "CREATE INDEX entitlements_user ON entitlements(user_id);"
  "CREATE TABLE api_keys ("
  "  id INTEGER PRIMARY KEY,"
  "  key_id TEXT NOT NULL UNIQUE,"
  "  secret_hash BLOB NOT NULL,"
  "  principal_kind TEXT NOT NULL,"
  "  principal_name TEXT NOT NULL,"
  "  port TEXT REFERENCES ports(code),"
  "  scopes TEXT NOT NULL,"
  "  created_by INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL,"
  "  revoked_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE audit ("
  "  seq INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  object TEXT NOT NULL,"
  "  params TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  client TEXT NOT NULL,"
  "  prev_hash BLOB NOT NULL,"
  "  hash BLOB NOT NULL);"
  "CREATE INDEX audit_actor ON audit(actor, seq);"
  "CREATE INDEX audit_at ON audit(at);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
  "CREATE TABLE audit_checkpoints ("
  "  seq INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  head_hash BLOB NOT NULL,"
  "  public_key BLOB NOT NULL,"
  "  signature BLOB NOT NULL);"
  "CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON audit_checkpoints"
  "  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;"
  "CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON audit_checkpoints"
  "  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;"
  "CREATE TABLE retention_state ("
  "  policy TEXT PRIMARY KEY,"
  "  last_run INTEGER NOT NULL,"
  "  last_purged INTEGER NOT NULL,"
  "  total_purged INTEGER NOT NULL);",

  /* v2: Scheduling Dashboard: inspection requests, their commodities, the
   * status history, the chat and its read markers.  SLA targets are
   * stored with each request as they stood when it was submitted. */
  "CREATE TABLE insp_requests ("
  "  id INTEGER PRIMARY KEY,"
  "  ref TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL,"
  "  port TEXT NOT NULL REFERENCES ports(code),"
  "  status TEXT NOT NULL,"
  "  requester_key TEXT NOT NULL,"
  "  requester_kind TEXT NOT NULL,"
  "  company TEXT,"
  "  importer_id TEXT,"
  "  contact_name TEXT NOT NULL,"
  "  contact_email TEXT NOT NULL,"
  "  contact_phone TEXT,"
  "  vessel_name TEXT,"
  "  vessel_imo TEXT,"
  "  vessel_voyage TEXT,"
  "  vessel_berth TEXT,"
  "  window_start INTEGER NOT NULL,"
  "  window_end INTEGER NOT NULL,"
  "  perishable INTEGER NOT NULL,"
  "  notes TEXT,"
  "  slot_start INTEGER NOT NULL DEFAULT 0,"
  "  slot_end INTEGER NOT NULL DEFAULT 0,"
  "  inspector TEXT,"
  "  submitted_at INTEGER NOT NULL,"
  "  decided_at INTEGER NOT NULL DEFAULT 0,"
  "  arrived_at INTEGER NOT NULL DEFAULT 0,"
  "  started_at INTEGER NOT NULL DEFAULT 0,"
  "  finished_at INTEGER NOT NULL DEFAULT 0,"
  "  reason_code TEXT,"
  "  sla_decision_us INTEGER NOT NULL,"
  "  sla_inspection_us INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX insp_port_status ON insp_requests(port, status);"
  "CREATE INDEX insp_port_window ON insp_requests(port, window_start);"
  "CREATE INDEX insp_requester ON insp_requests(requester_key, id);"
  "CREATE INDEX insp_slot ON insp_requests(port, slot_start);"
  "CREATE TABLE insp_commodities ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES insp_requests(id) ON DELETE CASCADE,"
  "  description TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  quantity REAL NOT NULL,"
  "  unit TEXT NOT NULL,"
  "  origin TEXT NOT NULL);"
  "CREATE INDEX insp_commodities_request ON insp_commodities(request_id);"
  "CREATE TABLE insp_history ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES insp_requests(id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  actor_role TEXT NOT NULL,"
  "  from_status TEXT,"
  "  to_status TEXT NOT NULL,"
  "  reason_code TEXT,"
  "  reason TEXT);"
  "CREATE INDEX insp_history_request ON insp_history(request_id, id);"
  "CREATE TABLE insp_chat ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES insp_requests(id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  side TEXT NOT NULL CHECK (side IN ('officer', 'requester')),"
  "  sender TEXT NOT NULL,"
  "  body TEXT NOT NULL);"
  "CREATE INDEX insp_chat_request ON insp_chat(request_id, id);"
  "CREATE TABLE insp_chat_reads ("
  "  request_id INTEGER NOT NULL REFERENCES insp_requests(id) ON DELETE CASCADE,"
  "  reader TEXT NOT NULL,"
  "  last_read_id INTEGER NOT NULL,"
  "  PRIMARY KEY (request_id, reader));",

  /* v3: every checkpoint signs the entry at which the next one is due, so
   * a verifier notices checkpoints that were deleted (0 = unknown, for
   * checkpoints written before v3). */
  "ALTER TABLE audit_checkpoints ADD COLUMN next_due INTEGER NOT NULL DEFAULT 0;",

  /* v4: one lower-cased column for the dashboard's text search (reference,
   * requester, contact, importer, vessel, commodities) instead of six LIKEs
   * and a subquery per row. */
  "ALTER TABLE insp_requests ADD COLUMN search_text TEXT NOT NULL DEFAULT '';"
  "UPDATE insp_requests SET search_text = " PD_INSP_SEARCH_TEXT ";",

  /* v5: the rows form of the dashboard's list reads the first commodity and
   * the count from the request's row. */
  "ALTER TABLE insp_requests ADD COLUMN first_commodity TEXT;"
  "ALTER TABLE insp_requests ADD COLUMN n_commodities INTEGER NOT NULL DEFAULT 0;"
  "UPDATE insp_requests SET " PD_INSP_SUMMARY ";",

  /* v6: face templates (L2-normalised 128-d float32 descriptors, never
   * photos) by gallery and subject, so that galleries survive a restart
   * without the photos being embedded again. */
  "CREATE TABLE face_templates ("
  "  id INTEGER PRIMARY KEY,"
  "  gallery TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  template BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (gallery, subject));",
  /* v7: the TSA flow.  Holdings: enrollment records a check can find,
   * with their own enrollment photos (the "matched photograph"; their
   * templates are in face_templates, gallery 'holdings', subject
   * H<8 digits>.<photo>).  identity_checks: what a check may keep (the
   * A-number and biographic data of the record found, 365 days) and the
   * outcomes the aggregate reports count; never the capture. */
  "CREATE TABLE holdings ("
  "  id INTEGER PRIMARY KEY,"
  "  first_name TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  birth_date TEXT NOT NULL,"
  "  a_number TEXT UNIQUE,"
  "  citizenship TEXT NOT NULL,"
  "  passport_at_arrival INTEGER NOT NULL,"
  "  intent_to_depart INTEGER NOT NULL,"
  "  eligible_to_fly INTEGER NOT NULL,"
  "  protected_class INTEGER NOT NULL,"
  "  source TEXT NOT NULL,"
  "  source_date TEXT NOT NULL,"
  "  n_photos INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX holdings_birth_date ON holdings (birth_date);"
  "CREATE TABLE holding_photos ("
  "  holding_id INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  photo BLOB NOT NULL,"
  "  PRIMARY KEY (holding_id, n));"
  "CREATE TABLE identity_checks ("
  "  id INTEGER PRIMARY KEY,"
  "  created_at INTEGER NOT NULL,"
  "  user_id INTEGER NOT NULL,"
  "  port TEXT,"
  "  outcome TEXT NOT NULL,"
  "  fallback TEXT NOT NULL,"
  "  response_ms REAL,"
  "  a_number TEXT,"
  "  first_name TEXT,"
  "  last_name TEXT,"
  "  birth_date TEXT,"
  "  citizenship TEXT);"
  "CREATE INDEX identity_checks_created_at ON identity_checks (created_at);",
  /* v8: TVS manifests.  A flight's manifest (one for its passengers, one
   * for its crew) with its travellers, replaced whole by a re-send; parts
   * of a manifest split over several messages wait in tvs_parts (their
   * text) until the final part and every one before it are in. */
  "CREATE TABLE tvs_flights ("
  "  id INTEGER PRIMARY KEY,"
  "  carrier TEXT NOT NULL,"
  "  flight TEXT NOT NULL,"
  "  departure_date TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  departure TEXT,"
  "  arrival TEXT,"
  "  departs TEXT,"
  "  arrives TEXT,"
  "  sender TEXT NOT NULL,"
  "  key_id TEXT,"
  "  received_at INTEGER NOT NULL,"
  "  warnings INTEGER NOT NULL,"
  "  UNIQUE (carrier, flight, departure_date, kind));"
  "CREATE TABLE tvs_travellers ("
  "  id INTEGER PRIMARY KEY,"
  "  flight_id INTEGER NOT NULL,"
  "  surname TEXT NOT NULL,"
  "  given_names TEXT NOT NULL,"
  "  sex TEXT,"
  "  birth_date TEXT,"
  "  nationality TEXT,"
  "  residence TEXT,"
  "  crew INTEGER NOT NULL,"
  "  in_transit INTEGER NOT NULL,"
  "  doc_type TEXT,"
  "  doc_number TEXT,"
  "  doc_country TEXT,"
  "  doc_expiry TEXT);"
  "CREATE INDEX tvs_travellers_flight ON tvs_travellers (flight_id);"
  "CREATE TABLE tvs_parts ("
  "  id INTEGER PRIMARY KEY,"
  "  sender TEXT NOT NULL,"
  "  access TEXT NOT NULL,"
  "  part INTEGER NOT NULL,"
  "  final INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  UNIQUE (sender, access, part));",
  /* v9: TVS galleries and gates.  Holdings gain their travel documents
   * (how a manifest's traveller finds them), whether a lawful entry is
   * on record and whether they are derogatory (the watch list, gallery
   * 'watchlist', whose entries alert only once a passenger analyst has
   * validated them: tvs_watchlist).  tvs_outage: while matching is
   * declared down, every traveller is confirmed biographically.  A flight's gallery: its travellers' state (in the gallery,
   * biographic only, out of scope) and copies of the holdings' photos
   * (tvs_gallery_photos; their templates in face_templates, gallery
   * 'flight:<id>', subject T<traveller>.<n>), purged by traveller class.
   * Gate devices are API keys bound to a place (tvs_gates); each capture
   * is an encounter, its photo kept apart (tvs_captures, never for a U.S.
   * citizen) while the rules allow; alerts need an officer's disposition. */
  "ALTER TABLE holdings ADD COLUMN lawful_entry INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE holdings ADD COLUMN watch_list INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE tvs_outage ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  since INTEGER NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  declared_by INTEGER NOT NULL);"
  "CREATE TABLE tvs_watchlist ("
  "  holding_id INTEGER PRIMARY KEY,"
  "  validated_by INTEGER NOT NULL,"
  "  validated_at INTEGER NOT NULL,"
  "  reason TEXT NOT NULL);"
  "CREATE TABLE holding_documents ("
  "  holding_id INTEGER NOT NULL,"
  "  number TEXT NOT NULL,"
  "  country TEXT NOT NULL,"
  "  PRIMARY KEY (number, country, holding_id));"
  "CREATE INDEX holding_documents_holding ON holding_documents (holding_id);"
  "CREATE INDEX holdings_names ON holdings (last_name, birth_date);"
  "ALTER TABLE tvs_flights ADD COLUMN gallery_at INTEGER;"
  "ALTER TABLE tvs_flights ADD COLUMN gallery_ms REAL;"
  "ALTER TABLE tvs_flights ADD COLUMN closed_at INTEGER;"
  /* travellers' ids are never reused (encounters name them): rebuilt
   * with AUTOINCREMENT and the gallery's columns */
  "CREATE TABLE tvs_travellers_v9 ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  flight_id INTEGER NOT NULL,"
  "  surname TEXT NOT NULL,"
  "  given_names TEXT NOT NULL,"
  "  sex TEXT,"
  "  birth_date TEXT,"
  "  nationality TEXT,"
  "  residence TEXT,"
  "  crew INTEGER NOT NULL,"
  "  in_transit INTEGER NOT NULL,"
  "  doc_type TEXT,"
  "  doc_number TEXT,"
  "  doc_country TEXT,"
  "  doc_expiry TEXT,"
  "  state TEXT,"
  "  holding_id INTEGER,"
  "  basis TEXT,"
  "  usc INTEGER NOT NULL DEFAULT 0);"
  "INSERT INTO tvs_travellers_v9 (id, flight_id, surname, given_names, sex, birth_date, nationality, residence, crew,"
  "  in_transit, doc_type, doc_number, doc_country, doc_expiry) SELECT id, flight_id, surname, given_names, sex,"
  "  birth_date, nationality, residence, crew, in_transit, doc_type, doc_number, doc_country, doc_expiry"
  "  FROM tvs_travellers;"
  "DROP TABLE tvs_travellers;"
  "ALTER TABLE tvs_travellers_v9 RENAME TO tvs_travellers;"
  "CREATE INDEX tvs_travellers_flight ON tvs_travellers (flight_id);"
  "CREATE TABLE tvs_gallery_photos ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  flight_id INTEGER NOT NULL,"
  "  traveller_id INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  usc INTEGER NOT NULL,"
  "  photo BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (traveller_id, n));"
  "CREATE INDEX tvs_gallery_photos_flight ON tvs_gallery_photos (flight_id);"
  "CREATE TABLE tvs_gates ("
  "  key_id TEXT PRIMARY KEY,"
  "  port TEXT NOT NULL,"
  "  mode TEXT NOT NULL,"
  "  terminal TEXT NOT NULL,"
  "  gate TEXT NOT NULL,"
  "  registered_at INTEGER NOT NULL,"
  "  last_seen INTEGER,"
  "  health TEXT);"
  "CREATE TABLE tvs_encounters ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  created_at INTEGER NOT NULL,"
  "  flight_id INTEGER,"
  "  flight TEXT NOT NULL,"
  "  departure_date TEXT NOT NULL,"
  "  traveller_id INTEGER,"
  "  key_id TEXT NOT NULL,"
  "  port TEXT NOT NULL,"
  "  mode TEXT NOT NULL,"
  "  terminal TEXT NOT NULL,"
  "  gate TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  similarity REAL,"
  "  response_ms REAL);"
  "CREATE INDEX tvs_encounters_created_at ON tvs_encounters (created_at);"
  "CREATE TABLE tvs_captures ("
  "  encounter_id INTEGER PRIMARY KEY,"
  "  photo BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE tvs_alerts ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  encounter_id INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  port TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  disposition TEXT,"
  "  reason TEXT,"
  "  disposed_by INTEGER,"
  "  disposed_at INTEGER);"
  "CREATE INDEX tvs_alerts_port ON tvs_alerts (port, disposition);",
  /* v10: LPR.  Reads from camera feeds and analysts' imports (a feed's
   * re-send of a read is the same row: UNIQUE); plate_key is the plate
   * with the OCR look-alikes folded (O->0, I->1, B->8, S->5, Z->2).
   * Reads are indexed within 30-day buckets of their observation time, so
   * that a day's reads go into a small, cached part of each index
   * (inserts stay fast at any size) and a query over 5 years probes 62
   * buckets.  Displays (hotlists) and their items, re-validated yearly; the
   * quarterly reviews; alerts (a hit or a possible hit on an item) with
   * the reads behind each; cases, the queries made for them (their
   * results cached in lpr_results until expires_at) and the results
   * saved to a case (a copy: it outlives the read).  The entitlement may
   * be denied, and its access notice is acknowledged once.  Feeds' API
   * keys are of kind lpr_feed. */
  "CREATE TABLE lpr_reads ("
  "  id INTEGER PRIMARY KEY,"
  "  plate TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  plate_key TEXT NOT NULL,"
  "  observed_at INTEGER NOT NULL,"
  "  bucket INTEGER NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  reader_id TEXT NOT NULL,"
  "  reader_address TEXT,"
  "  lat REAL,"
  "  lon REAL,"
  "  camera_owner TEXT,"
  "  camera_type TEXT,"
  "  make TEXT,"
  "  model TEXT,"
  "  image_ref TEXT,"
  "  source TEXT NOT NULL,"
  "  UNIQUE (reader_id, observed_at, plate));"
  "CREATE INDEX lpr_reads_key ON lpr_reads (bucket, plate_key, observed_at);"
  "CREATE INDEX lpr_reads_observed ON lpr_reads (observed_at);"
  "CREATE INDEX lpr_reads_address ON lpr_reads (bucket, reader_address, observed_at);"
  "CREATE INDEX lpr_reads_make ON lpr_reads (bucket, make, model, observed_at);"
  "CREATE TABLE lpr_displays ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name TEXT NOT NULL UNIQUE,"
  "  reason TEXT NOT NULL,"
  "  owner_id INTEGER NOT NULL REFERENCES users(id),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE lpr_items ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  display_id INTEGER NOT NULL REFERENCES lpr_displays(id) ON DELETE CASCADE,"
  "  plate TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  plate_key TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  expires_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  validated_at INTEGER NOT NULL,"
  "  validated_by INTEGER NOT NULL,"
  "  UNIQUE (display_id, plate, state));"
  "CREATE INDEX lpr_items_validated ON lpr_items (validated_at);"
  "CREATE TABLE lpr_reviews ("
  "  display_id INTEGER NOT NULL REFERENCES lpr_displays(id) ON DELETE CASCADE,"
  "  quarter TEXT NOT NULL,"
  "  signed_by INTEGER NOT NULL,"
  "  signed_at INTEGER NOT NULL,"
  "  note TEXT,"
  "  PRIMARY KEY (display_id, quarter));"
  "CREATE TABLE lpr_alerts ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  item_id INTEGER NOT NULL,"
  "  display_id INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  plate TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  listed_plate TEXT NOT NULL,"
  "  listed_state TEXT NOT NULL,"
  "  first_read_at INTEGER NOT NULL,"
  "  last_read_at INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  disposition TEXT,"
  "  reason TEXT,"
  "  disposed_by INTEGER,"
  "  disposed_at INTEGER);"
  "CREATE INDEX lpr_alerts_item ON lpr_alerts (item_id, plate, state, last_read_at);"
  "CREATE TABLE lpr_alert_reads ("
  "  read_id INTEGER NOT NULL,"
  "  item_id INTEGER NOT NULL,"
  "  alert_id INTEGER NOT NULL,"
  "  PRIMARY KEY (read_id, item_id));"
  "CREATE INDEX lpr_alert_reads_alert ON lpr_alert_reads (alert_id);"
  "CREATE TABLE lpr_cases ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  number TEXT NOT NULL UNIQUE,"
  "  title TEXT NOT NULL,"
  "  owner_id INTEGER NOT NULL REFERENCES users(id),"
  "  opened_at INTEGER NOT NULL,"
  "  closed_at INTEGER);"
  "CREATE TABLE lpr_queries ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  case_id INTEGER NOT NULL REFERENCES lpr_cases(id),"
  "  user_id INTEGER NOT NULL,"
  "  params TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  results INTEGER NOT NULL);"
  "CREATE INDEX lpr_queries_expires ON lpr_queries (expires_at);"
  "CREATE TABLE lpr_results ("
  "  query_id INTEGER NOT NULL,"
  "  read_id INTEGER NOT NULL,"
  "  PRIMARY KEY (query_id, read_id)) WITHOUT ROWID;"
  "CREATE TABLE lpr_saved ("
  "  case_id INTEGER NOT NULL REFERENCES lpr_cases(id),"
  "  read_id INTEGER NOT NULL,"
  "  saved_by INTEGER NOT NULL,"
  "  saved_at INTEGER NOT NULL,"
  "  plate TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  observed_at INTEGER NOT NULL,"
  "  reader_id TEXT NOT NULL,"
  "  reader_address TEXT,"
  "  lat REAL,"
  "  lon REAL,"
  "  camera_owner TEXT,"
  "  camera_type TEXT,"
  "  make TEXT,"
  "  model TEXT,"
  "  image_ref TEXT,"
  "  PRIMARY KEY (case_id, read_id));"
  "ALTER TABLE entitlements ADD COLUMN denied_reason TEXT;"
  "ALTER TABLE entitlements ADD COLUMN notice_at INTEGER NOT NULL DEFAULT 0;"
  "UPDATE api_keys SET principal_kind = 'lpr_feed' WHERE principal_kind = 'lpr_camera';",

  /* v11: landing rights: the airlines a request may name, air operators'
   * contacts, requests with their flights, history and chat (the request
   * chat of the scheduling flow, in a table of the same shape), and the
   * designees a port director names. */
  "CREATE TABLE landing_airlines ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  iata TEXT UNIQUE,"
  "  icao TEXT UNIQUE,"
  "  CHECK (iata IS NOT NULL OR icao IS NOT NULL));"
  "CREATE TABLE landing_contacts ("
  "  operator TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('company', 'station_manager', 'ground_handler')),"
  "  company_name TEXT NOT NULL,"
  "  first_name TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  phone TEXT,"
  "  fax TEXT,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (operator, role));"
  "CREATE TABLE landing_requests ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  ref TEXT NOT NULL UNIQUE,"
  "  port TEXT NOT NULL REFERENCES ports(code),"
  "  operator TEXT NOT NULL,"
  "  operator_name TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  airline_name TEXT NOT NULL,"
  "  airline_code TEXT NOT NULL,"
  "  bond_number TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  recommendation TEXT,"
  "  recommendation_reason TEXT,"
  "  recommended_by TEXT,"
  "  recommended_at INTEGER NOT NULL DEFAULT 0,"
  "  decision_reason TEXT,"
  "  conditions TEXT,"
  "  decided_by TEXT,"
  "  decided_at INTEGER NOT NULL DEFAULT 0,"
  "  submitted_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  first_eta_at INTEGER NOT NULL);"
  "CREATE INDEX landing_port ON landing_requests(port, id);"
  "CREATE INDEX landing_operator ON landing_requests(operator, id);"
  "CREATE INDEX landing_airline ON landing_requests(airline_code, id);"
  "CREATE INDEX landing_submitted ON landing_requests(submitted_at);"
  "CREATE TABLE landing_flights ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES landing_requests(id) ON DELETE CASCADE,"
  "  port TEXT NOT NULL,"
  "  scheduled INTEGER NOT NULL,"
  "  precleared INTEGER NOT NULL,"
  "  flight_number TEXT NOT NULL,"
  "  departure_airport TEXT NOT NULL,"
  "  arrival_airport TEXT NOT NULL,"
  "  etd_at INTEGER NOT NULL,"
  "  eta_at INTEGER NOT NULL,"
  "  passengers INTEGER NOT NULL,"
  "  terminal TEXT NOT NULL,"
  "  equipment TEXT NOT NULL,"
  "  comments TEXT);"
  "CREATE INDEX landing_flights_request ON landing_flights(request_id);"
  "CREATE INDEX landing_flights_eta ON landing_flights(port, eta_at);"
  "CREATE TABLE landing_history ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES landing_requests(id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  detail TEXT);"
  "CREATE INDEX landing_history_request ON landing_history(request_id, id);"
  "CREATE TABLE landing_chat ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES landing_requests(id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  side TEXT NOT NULL CHECK (side IN ('officer', 'requester')),"
  "  sender TEXT NOT NULL,"
  "  body TEXT NOT NULL);"
  "CREATE INDEX landing_chat_request ON landing_chat(request_id, id);"
  "CREATE TABLE landing_chat_reads ("
  "  request_id INTEGER NOT NULL REFERENCES landing_requests(id) ON DELETE CASCADE,"
  "  reader TEXT NOT NULL,"
  "  last_read_id INTEGER NOT NULL,"
  "  PRIMARY KEY (request_id, reader));"
  "CREATE TABLE landing_designees ("
  "  port TEXT NOT NULL REFERENCES ports(code),"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  named_by INTEGER NOT NULL REFERENCES users(id),"
  "  named_at INTEGER NOT NULL,"
  "  PRIMARY KEY (port, user_id));",

  /* v12: bus manifests: a carrier's trips being built (drafts, kept 24 h
   * from collection at most) and the submitted manifests (advance
   * passenger records, 13 months); the carrier code and sender ID live in
   * the draft until submission and then only in the manifest. */
  "CREATE TABLE bus_trips ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  carrier TEXT NOT NULL,"
  "  carrier_code TEXT NOT NULL,"
  "  sender_id TEXT NOT NULL,"
  "  bus_registration TEXT NOT NULL,"
  "  registration_status TEXT NOT NULL,"
  "  company TEXT NOT NULL,"
  "  arrival_location TEXT NOT NULL,"
  "  departure_at INTEGER NOT NULL,"
  "  us_arrival_date TEXT NOT NULL,"
  "  port_arrival_at INTEGER NOT NULL,"
  "  port TEXT NOT NULL REFERENCES ports(code),"
  "  last_country TEXT NOT NULL,"
  "  contact_email TEXT NOT NULL,"
  "  contact_phone TEXT NOT NULL,"
  "  collected_at INTEGER NOT NULL);"
  "CREATE INDEX bus_trips_carrier ON bus_trips(carrier, id);"
  "CREATE INDEX bus_trips_collected ON bus_trips(collected_at);"
  "CREATE TABLE bus_trip_passengers ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  trip_id INTEGER NOT NULL REFERENCES bus_trips(id) ON DELETE CASCADE,"
  "  first_name TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  birth_date TEXT NOT NULL,"
  "  sex TEXT NOT NULL,"
  "  citizenship TEXT NOT NULL,"
  "  residence TEXT NOT NULL,"
  "  doc_type TEXT NOT NULL,"
  "  doc_number TEXT NOT NULL,"
  "  doc_issued TEXT,"
  "  doc_expires TEXT NOT NULL,"
  "  doc_country TEXT NOT NULL,"
  "  trusted_traveler TEXT,"
  "  mrz_checked INTEGER NOT NULL);"
  "CREATE INDEX bus_trip_passengers_trip ON bus_trip_passengers(trip_id, id);"
  "CREATE TABLE bus_manifests ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  ref TEXT NOT NULL UNIQUE,"
  "  carrier TEXT NOT NULL,"
  "  carrier_code TEXT NOT NULL,"
  "  sender_id TEXT NOT NULL,"
  "  bus_registration TEXT NOT NULL,"
  "  registration_status TEXT NOT NULL,"
  "  company TEXT NOT NULL,"
  "  arrival_location TEXT NOT NULL,"
  "  departure_at INTEGER NOT NULL,"
  "  us_arrival_date TEXT NOT NULL,"
  "  port_arrival_at INTEGER NOT NULL,"
  "  port TEXT NOT NULL REFERENCES ports(code),"
  "  last_country TEXT NOT NULL,"
  "  contact_email TEXT NOT NULL,"
  "  contact_phone TEXT NOT NULL,"
  "  submitted_at INTEGER NOT NULL,"
  "  arrived_at INTEGER NOT NULL DEFAULT 0,"
  "  arrived_by TEXT);"
  "CREATE INDEX bus_manifests_port ON bus_manifests(port, port_arrival_at);"
  "CREATE INDEX bus_manifests_carrier ON bus_manifests(carrier, id);"
  "CREATE INDEX bus_manifests_submitted ON bus_manifests(submitted_at);"
  "CREATE TABLE bus_manifest_passengers ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  manifest_id INTEGER NOT NULL REFERENCES bus_manifests(id) ON DELETE CASCADE,"
  "  first_name TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  birth_date TEXT NOT NULL,"
  "  sex TEXT NOT NULL,"
  "  citizenship TEXT NOT NULL,"
  "  residence TEXT NOT NULL,"
  "  doc_type TEXT NOT NULL,"
  "  doc_number TEXT NOT NULL,"
  "  doc_issued TEXT,"
  "  doc_expires TEXT NOT NULL,"
  "  doc_country TEXT NOT NULL,"
  "  trusted_traveler TEXT,"
  "  mrz_checked INTEGER NOT NULL);"
  "CREATE INDEX bus_manifest_passengers_manifest ON bus_manifest_passengers(manifest_id, id);",

  /* v13: quarterly re-certification of every entitlement (LPR, face
   * matching): who re-certified it for which quarter; the entitlement keeps
   * the end of the latest quarter it is certified for, from which it lapses. */
  "ALTER TABLE entitlements ADD COLUMN certified_until INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE entitlement_recertifications ("
  "  entitlement_id INTEGER NOT NULL REFERENCES entitlements(id),"
  "  quarter TEXT NOT NULL,"
  "  by_id INTEGER NOT NULL REFERENCES users(id),"
  "  at INTEGER NOT NULL,"
  "  note TEXT,"
  "  PRIMARY KEY (entitlement_id, quarter));",

  /* v14: misuse flags.  Users gain what the rules compare a search with
   * (date of birth, own plate: set by an admin, shown to nobody else), a
   * shift (local hours of their port; NULL: the configured night) and the
   * reason they are disabled (a suspension's, shown at sign-in).  Flags
   * raised by the scanner, the audit entries behind each, and how far
   * the scanner has read the chain.  (own_: no clash with the columns of
   * the tables that join users.) */
  "ALTER TABLE users ADD COLUMN own_birth_date TEXT;"
  "ALTER TABLE users ADD COLUMN own_plate TEXT;"
  "ALTER TABLE users ADD COLUMN shift_start INTEGER;"
  "ALTER TABLE users ADD COLUMN shift_end INTEGER;"
  "ALTER TABLE users ADD COLUMN disabled_reason TEXT;"
  "CREATE TABLE flags ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  rule TEXT NOT NULL,"
  "  username TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  summary TEXT NOT NULL,"
  "  first_at INTEGER NOT NULL,"
  "  last_at INTEGER NOT NULL,"
  "  raised_at INTEGER NOT NULL,"
  "  state TEXT NOT NULL,"
  "  reason TEXT,"
  "  reviewed_by TEXT,"
  "  reviewed_at INTEGER NOT NULL DEFAULT 0,"
  "  resolved_by TEXT,"
  "  resolved_at INTEGER NOT NULL DEFAULT 0,"
  "  resolution TEXT);"
  "CREATE INDEX flags_state ON flags(state, id);"
  "CREATE INDEX flags_key ON flags(rule, username, subject, last_at);"
  "CREATE TABLE flag_entries ("
  "  flag_id INTEGER NOT NULL REFERENCES flags(id),"
  "  seq INTEGER NOT NULL,"
  "  PRIMARY KEY (flag_id, seq));"
  "CREATE TABLE flag_scan ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  last_seq INTEGER NOT NULL);"
  "INSERT INTO flag_scan (id, last_seq) VALUES (1, 0);",

  /* v15: audit review: an index per filter (each with seq, so a filtered
   * page newest first walks one index backwards, no sort); auditors'
   * saved named filters; the auditors' quarterly sign-offs of the log. */
  "CREATE INDEX audit_role ON audit(role, seq);"
  "CREATE INDEX audit_action ON audit(action, seq);"
  "CREATE INDEX audit_object ON audit(object, seq);"
  "CREATE INDEX audit_outcome ON audit(outcome, seq);"
  "CREATE INDEX audit_client ON audit(client, seq);"
  "CREATE TABLE audit_filters ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  owner TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  filter TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (owner, name));"
  "CREATE TABLE audit_signoffs ("
  "  quarter TEXT PRIMARY KEY,"
  "  signed_by TEXT NOT NULL,"
  "  signed_at INTEGER NOT NULL,"
  "  up_to_seq INTEGER NOT NULL,"
  "  verified INTEGER NOT NULL,"
  "  note TEXT NOT NULL);",

  /* v16: sign-in.  A user's two-factor (TOTP) secret, sealed with the data
   * directory's key and bound to the user, active once confirmed with a
   * code, with the last time step used (a code counts once); recovery
   * codes as argon2id hashes, each used once; a session's pending second
   * factor (1: a code, 2: enrolment) and the version of the rules of
   * behavior it accepted (a changed text is accepted again). */
  "CREATE TABLE totp ("
  "  user_id INTEGER PRIMARY KEY REFERENCES users(id),"
  "  sealed BLOB NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  activated_at INTEGER NOT NULL DEFAULT 0,"
  "  last_step INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE totp_recovery ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  hash TEXT NOT NULL,"
  "  used_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX totp_recovery_user ON totp_recovery(user_id);"
  "ALTER TABLE sessions ADD COLUMN factor INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN rules_version TEXT NOT NULL DEFAULT '';",

  /* v17: administration in the app.  An API key's last use (written at
   * most once a minute per key) and client; who revoked it and why; who
   * denied an entitlement request and when. */
  "ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE api_keys ADD COLUMN last_used_client TEXT;"
  "ALTER TABLE api_keys ADD COLUMN revoked_by INTEGER REFERENCES users(id);"
  "ALTER TABLE api_keys ADD COLUMN revoked_reason TEXT;"
  "ALTER TABLE entitlements ADD COLUMN denied_by INTEGER REFERENCES users(id);"
  "ALTER TABLE entitlements ADD COLUMN denied_at INTEGER NOT NULL DEFAULT 0;",

  /* v18: a site of several portdeskd on one (PostgreSQL) database.  The
   * keys that sign checkpoints, one per daemon, each registered by an audit
   * entry (audit.key) that the verifier trusts it from; and the events one
   * daemon tells the others of (their ids go by NOTIFY; kept briefly). */
  "CREATE TABLE audit_keys ("
  "  public_key BLOB PRIMARY KEY,"
  "  seq INTEGER NOT NULL);"
  "CREATE TABLE site_events ("
  "  id INTEGER PRIMARY KEY,"
  "  made_at INTEGER NOT NULL,"
  "  origin TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  port TEXT,"
  "  roles INTEGER NOT NULL,"
  "  principal TEXT,"
  "  payload TEXT NOT NULL);"
  "CREATE INDEX site_events_made ON site_events(made_at);"
  /* and what the site's daemons must share, by a check value of it (a
   * keyed hash, never the secret): the key two-factor secrets are sealed with */
  "CREATE TABLE site_secrets ("
  "  name TEXT PRIMARY KEY,"
  "  check_value BLOB NOT NULL);",
};

static void
pd_store_finalize (GObject *object)
{
  PdStore *self = PD_STORE (object);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_object (&self->pg);
  g_clear_object (&self->dialect);
  g_clear_pointer (&self->pg_sql, g_hash_table_unref);
  g_clear_pointer (&self->pg_context, g_main_context_unref);
  g_clear_error (&self->pg_error);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  G_OBJECT_CLASS (pd_store_parent_class)->finalize (object);
}

static void
pd_store_class_init (PdStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_store_finalize;
}

static void
pd_store_init (PdStore *self)
{
  g_mutex_init (&self->lock);
}

void
_pd_store_set_error (PdStoreTx   *tx,
                     GError     **error,
                     const char  *what)
{
  sqlite3 *db = tx->store->db;
  int rc;

  if (db == NULL)
    {
      GError *e = tx->store->pg_error;

      g_set_error (error, PD_ERROR, e ? e->code : PD_ERROR_INTERNAL, "%s: %s", what, e ? e->message : "failed");
      return;
    }
  rc = sqlite3_extended_errcode (db);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    g_set_error (error, PD_ERROR, PD_ERROR_CONFLICT, "%s: %s", what, sqlite3_errmsg (db));
  else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    g_set_error (error, PD_ERROR, PD_ERROR_UNAVAILABLE, "%s: database busy: %s", what, sqlite3_errmsg (db));
  else
    g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "%s: %s", what, sqlite3_errmsg (db));
}

gboolean
_pd_store_exec_id (PdStoreTx   *tx,
                   const char  *sql,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(PdStmt) stmt = _pd_store_prepare (tx, sql, error);

  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, id);
  return _pd_store_step_done (tx, stmt, error);
}

gboolean
_pd_store_step_done (PdStoreTx     *tx,
                     PdStmt        *stmt,
                     GError       **error)
{
  if (pd_stmt_step (stmt) != PD_DONE)
    {
      _pd_store_set_error (tx, error, "write");
      return FALSE;
    }
  return TRUE;
}

/* The id the last INSERT in this transaction gave its row: the one place
 * that asks the engine for it. */
gint64
_pd_store_last_id (PdStoreTx *tx)
{
  return tx->store->db != NULL ? sqlite3_last_insert_rowid (tx->store->db) : tx->store->last_id;
}

/* Steps @stmt to the end, adding read_row()'s object for each row to @out;
 * on a failed step sets @error ("@what: ...") and returns FALSE. */
gboolean
_pd_store_rows (PdStoreTx       *tx,
                PdStmt          *stmt,
                PdStoreRowFunc   read_row,
                GPtrArray       *out,
                const char      *what,
                GError         **error)
{
  int rc;

  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    g_ptr_array_add (out, read_row (stmt));
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, what);
      return FALSE;
    }
  return TRUE;
}

/* A column as a JSON member: integers of columns named *_at as ISO 8601
 * times (0 as null), others as they are. */
static void
set_json_column (JsonObject   *o,
                 PdStmt       *stmt,
                 int           col)
{
  const char *name = pd_stmt_column_name (stmt, col);

  switch (pd_stmt_column_kind (stmt, col))
    {
    case PD_COLUMN_INTEGER:
      if (g_str_has_suffix (name, "_at") || g_str_equal (name, "valid_until"))
        pd_json_object_set_time (o, name, pd_stmt_column_int64 (stmt, col));
      else
        json_object_set_int_member (o, name, pd_stmt_column_int64 (stmt, col));
      break;
    case PD_COLUMN_FLOAT:
      json_object_set_double_member (o, name, pd_stmt_column_double (stmt, col));
      break;
    case PD_COLUMN_TEXT:
      json_object_set_string_member (o, name, pd_stmt_column_text (stmt, col));
      break;
    case PD_COLUMN_NULL:
    case PD_COLUMN_BLOB:
    default:
      json_object_set_null_member (o, name);
      break;
    }
}

GPtrArray *
_pd_store_json_rows (PdStoreTx     *tx,
                     PdStmt        *stmt,
                     const char    *what,
                     GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  int rc;

  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    {
      JsonObject *o = json_object_new ();

      for (int i = 0; i < pd_stmt_column_count (stmt); i++)
        set_json_column (o, stmt, i);
      g_ptr_array_add (out, o);
    }
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, what);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
_pd_store_step_unique (PdStoreTx     *tx,
                       PdStmt        *stmt,
                       const char    *what,
                       GError       **error,
                       const char    *conflict_format,
                       ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  if (pd_stmt_step (stmt) == PD_DONE)
    return TRUE;
  if (tx->store->db != NULL ? (sqlite3_extended_errcode (tx->store->db) & 0xff) != SQLITE_CONSTRAINT
                            : !g_error_matches (tx->store->pg_error, PD_ERROR, PD_ERROR_CONFLICT))
    {
      _pd_store_set_error (tx, error, what);
      return FALSE;
    }
  va_start (ap, conflict_format);
  message = g_strdup_vprintf (conflict_format, ap);
  va_end (ap);
  g_set_error_literal (error, PD_ERROR, PD_ERROR_CONFLICT, message);
  return FALSE;
}

GArray *
_pd_store_ids (PdStoreTx     *tx,
               PdStmt        *stmt,
               const char    *what,
               GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = pd_stmt_step (stmt)) == PD_ROW)
    {
      gint64 id = pd_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != PD_DONE)
    {
      _pd_store_set_error (tx, error, what);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gboolean
_pd_store_exec (PdStoreTx   *tx,
                const char  *sql,
                GError     **error)
{
  char *msg = NULL;

  if (tx->store->pg != NULL)
    {
      g_autofree char *text = pd_sql_dialect_to_postgres (tx->store->dialect, sql, error);

      return text != NULL && pd_pg_exec (tx->store->pg, text, error);
    }
  if (sqlite3_exec (tx->store->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "SQL failed: %s", msg ? msg : "unknown");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

void
_pd_bind_text (PdStmt       *stmt,
               int           idx,
               const char   *value)
{
  pd_stmt_bind_text_len (stmt, idx, value, -1);
}

char *
_pd_column_dup (PdStmt       *stmt,
                int           col)
{
  return g_strdup (pd_stmt_column_text (stmt, col));
}

void
_pd_column_hash (PdStmt       *stmt,
                 int           col,
                 guint8        out[32])
{
  const void *blob = pd_stmt_column_blob (stmt, col);
  int len = pd_stmt_column_bytes (stmt, col);

  memset (out, 0, 32);
  if (blob != NULL)
    memcpy (out, blob, MIN (len, 32));
}

gboolean
pd_store_tx_asynchronous (PdStoreTx  *tx,
                          GError    **error)
{
  return tx->store->pg == NULL || pd_pg_exec (tx->store->pg, "SET LOCAL synchronous_commit TO off", error);
}

gboolean
pd_store_tx_lock (PdStoreTx    *tx,
                  PdStoreLock   key,
                  GError      **error)
{
  g_autoptr(PdStmt) stmt = NULL;

  if (tx->store->pg == NULL)
    return TRUE;
  for (guint i = 0; tx->locks != NULL && i < tx->locks->len; i++)
    if (g_array_index (tx->locks, PdStoreLock, i) == key)
      return TRUE;   /* held already, to the transaction's end */
  stmt = _pd_store_prepare (tx, "SELECT pg_advisory_xact_lock (?1)", error);
  if (stmt == NULL)
    return FALSE;
  pd_stmt_bind_int64 (stmt, 1, key);
  if (pd_stmt_step (stmt) != PD_ROW)
    {
      _pd_store_set_error (tx, error, "lock");
      return FALSE;
    }
  if (tx->locks == NULL)
    tx->locks = g_array_new (FALSE, FALSE, sizeof (PdStoreLock));
  g_array_append_val (tx->locks, key);
  return TRUE;
}

typedef struct {
  PdStoreCommitFunc func;
  gpointer          data;
  GDestroyNotify    destroy;
} CommitHook;

PdStoreTx *
pd_store_begin (PdStore  *self,
                GError  **error)
{
  PdStoreTx *tx;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  g_mutex_lock (&self->lock);
  tx = g_new0 (PdStoreTx, 1);
  tx->store = g_object_ref (self);
  if (self->pg != NULL ? !pd_pg_begin (self->pg, error)
                       : !_pd_store_exec (tx, self->readonly ? "BEGIN" : "BEGIN IMMEDIATE", error))
    {
      tx->done = TRUE;
      pd_store_tx_free (tx);
      return NULL;
    }
  return tx;
}

void
pd_store_tx_notify_site (PdStoreTx  *tx,
                         const char *what,
                         const char *detail)
{
  g_return_if_fail (tx != NULL && !tx->done);
  if (tx->store->pg == NULL)
    return;
  if (tx->notes == NULL)
    tx->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (tx->notes, detail != NULL ? g_strconcat (what, ":", detail, NULL) : g_strdup (what));
}

/* NOTIFY what tx->notes says, in the transaction: delivered at COMMIT. */
static gboolean
notify_site (PdStoreTx  *tx,
             GError    **error)
{
  GHashTableIter iter;
  gpointer note;

  if (tx->notes == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, tx->notes);
  while (g_hash_table_iter_next (&iter, &note, NULL))
    if (!pd_pg_notify (tx->store->pg, PD_STORE_SITE_CHANNEL, note, error))
      return FALSE;
  return TRUE;
}

gboolean
pd_store_commit (PdStoreTx  *tx,
                 GError    **error)
{
  g_return_val_if_fail (tx != NULL && !tx->done, FALSE);

  if (!notify_site (tx, error))
    return FALSE;
  if (tx->store->pg != NULL ? !pd_pg_commit (tx->store->pg, error) : !_pd_store_exec (tx, "COMMIT", error))
    return FALSE;     /* pd_store_tx_free rolls back */
  tx->done = TRUE;
  for (guint i = 0; tx->on_commit != NULL && i < tx->on_commit->len; i++)
    {
      CommitHook *hook = g_ptr_array_index (tx->on_commit, i);
      hook->func (hook->data);
    }
  return TRUE;
}

static void
commit_hook_free (CommitHook *hook)
{
  if (hook->destroy != NULL)
    hook->destroy (hook->data);
  g_free (hook);
}

static void
add_hook (GPtrArray         **hooks,
          PdStoreCommitFunc   func,
          gpointer            data,
          GDestroyNotify      destroy)
{
  CommitHook *hook = g_new0 (CommitHook, 1);

  hook->func = func;
  hook->data = data;
  hook->destroy = destroy;
  if (*hooks == NULL)
    *hooks = g_ptr_array_new_with_free_func ((GDestroyNotify) commit_hook_free);
  g_ptr_array_add (*hooks, hook);
}

void
pd_store_tx_on_commit (PdStoreTx         *tx,
                       PdStoreCommitFunc  func,
                       gpointer           data,
                       GDestroyNotify     destroy)
{
  g_return_if_fail (tx != NULL && !tx->done);
  add_hook (&tx->on_commit, func, data, destroy);
}

void
pd_store_tx_after_commit (PdStoreTx         *tx,
                          PdStoreCommitFunc  func,
                          gpointer           data,
                          GDestroyNotify     destroy)
{
  g_return_if_fail (tx != NULL && !tx->done);
  add_hook (&tx->after, func, data, destroy);
}

void
pd_store_tx_free (PdStoreTx *tx)
{
  PdStore *store;
  GPtrArray *after;
  gboolean committed;

  if (tx == NULL)
    return;
  store = tx->store;
  if (!tx->done && store->pg != NULL)
    pd_pg_rollback (store->pg);
  else if (!tx->done)
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  after = g_steal_pointer (&tx->after);
  committed = tx->done;
  g_clear_pointer (&tx->on_commit, g_ptr_array_unref);
  g_clear_pointer (&tx->notes, g_hash_table_unref);
  g_clear_pointer (&tx->locks, g_array_unref);
  g_free (tx);
  g_mutex_unlock (&store->lock);
  for (guint i = 0; committed && after != NULL && i < after->len; i++)
    {
      CommitHook *hook = g_ptr_array_index (after, i);
      hook->func (hook->data);
    }
  g_clear_pointer (&after, g_ptr_array_unref);
  g_object_unref (store);
}

static gboolean
migrate (PdStore  *self,
         GError  **error)
{
  g_autoptr(PdStoreTx) tx = pd_store_begin (self, error);
  g_autoptr(PdStmt) stmt = NULL;
  int version = 0;

  if (tx == NULL)
    return FALSE;
  /* daemons of a site starting together migrate one after the other */
  if (self->pg != NULL && !_pd_store_exec (tx, "SELECT pg_advisory_xact_lock (" G_STRINGIFY (PD_STORE_LOCK_MIGRATE) ")", error))
    return FALSE;
  if (!_pd_store_exec (tx, "CREATE TABLE IF NOT EXISTS schema (version INTEGER NOT NULL)", error))
    return FALSE;
  stmt = _pd_store_prepare (tx, "SELECT version FROM schema", error);
  if (stmt == NULL)
    return FALSE;
  if (pd_stmt_step (stmt) == PD_ROW)
    version = pd_stmt_column_int (stmt, 0);
  g_clear_pointer (&stmt, pd_stmt_free);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL,
                   "The database %s has schema version %d; this portdeskd knows up to %u. Refusing to touch it.",
                   self->path, version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  for (int v = version; v < (int) G_N_ELEMENTS (migrations); v++)
    {
      g_debug ("migrating %s to schema v%d", self->path, v + 1);
      if (!_pd_store_exec (tx, migrations[v], error))
        {
          g_prefix_error (error, "Migration to schema v%d: ", v + 1);
          return FALSE;
        }
    }
  if (version != (int) G_N_ELEMENTS (migrations))
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM schema; INSERT INTO schema (version) VALUES (%u)",
                                              (guint) G_N_ELEMENTS (migrations));
      if (!_pd_store_exec (tx, sql, error))
        return FALSE;
    }
  self->schema_version = G_N_ELEMENTS (migrations);
  return pd_store_commit (tx, error);
}

/* Opens (creates unless @exclusive) and migrates the SQLite file @path;
 * @exclusive: no other connection may have it open (SQLite's exclusive
 * locking mode, taken at once and kept until the store is freed). */
static PdStore *
open_sqlite (const char  *path,
             gboolean     exclusive,
             GError     **error)
{
  g_autoptr(PdStore) self = g_object_new (PD_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  static const char pragmas[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA secure_delete=ON;"
    "PRAGMA trusted_schema=OFF;"
    /* dashboard queries scan a port's rows: keep them in memory */
    "PRAGMA cache_size=-32768;"
    "PRAGMA mmap_size=268435456;";
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (exclusive ? 0 : SQLITE_OPEN_CREATE);
  char *msg = NULL;
  int rc;

  self->path = g_strdup (path);
  if (!exclusive && g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "Cannot create %s: %s", dir, g_strerror (errno));
      return NULL;
    }
  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "Cannot open database %s: %s",
                   path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  if (!exclusive)
    g_chmod (path, 0600);
  /* exclusive: a daemon that is stopping lets go at once, a running one never */
  sqlite3_busy_timeout (self->db, exclusive ? 500 : 5000);
  sqlite3_extended_result_codes (self->db, 1);
  rc = exclusive ? sqlite3_exec (self->db, "PRAGMA locking_mode=EXCLUSIVE", NULL, NULL, &msg) : SQLITE_OK;
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, pragmas, NULL, NULL, &msg);
  if (rc == SQLITE_OK && exclusive)
    rc = sqlite3_exec (self->db, "BEGIN EXCLUSIVE; COMMIT", NULL, NULL, &msg);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_UNAVAILABLE,
                   "The database %s is in use by another process (is portdeskd running on it? Stop it first)",
                   path);
      sqlite3_free (msg);
      return NULL;
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "Cannot configure database %s: %s", path, msg);
      sqlite3_free (msg);
      return NULL;
    }
  if (!migrate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

PdStore *
pd_store_open (const char  *path,
               GError     **error)
{
  return open_sqlite (path, FALSE, error);
}

PdStore *
pd_store_open_exclusive (const char  *path,
                         GError     **error)
{
  return open_sqlite (path, TRUE, error);
}

PdSqlDialect *
pd_store_dialect_new (GError **error)
{
  g_autoptr(PdSqlDialect) dialect = pd_sql_dialect_new ();

  for (guint v = 0; v < G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *sql = pd_sql_dialect_to_postgres (dialect, migrations[v], error);

      if (sql == NULL)
        return NULL;
    }
  return g_steal_pointer (&dialect);
}

PdStore *
pd_store_open_postgres (const char  *conninfo,
                        GError     **error)
{
  g_autoptr(PdStore) self = g_object_new (PD_TYPE_STORE, NULL);

  self->path = g_strdup ("PostgreSQL");
  self->pg_sql = _pd_store_pg_sql_new ();
  /* the dialect learns the tables' keys from the migrations, run or not */
  self->dialect = pd_store_dialect_new (error);
  if (self->dialect == NULL)
    return NULL;
  /* The store's calls reconnect a lost connection themselves: its
   * retries and notifications go to a context of its own, never run
   * (the worker threads use the connection under the store's lock). */
  self->pg_context = g_main_context_new ();
  g_main_context_push_thread_default (self->pg_context);
  self->pg = pd_pg_connect (conninfo, error);
  g_main_context_pop_thread_default (self->pg_context);
  if (self->pg == NULL || !migrate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
pd_store_site_lock (PdStore      *self,
                    PdStoreLock   key,
                    gboolean     *acquired,
                    GError      **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  *acquired = TRUE;
  return self->pg == NULL || pd_pg_try_advisory_lock (self->pg, key, acquired, error);
}

void
pd_store_site_unlock (PdStore     *self,
                      PdStoreLock  key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GError) error = NULL;

  if (self->pg != NULL && !pd_pg_advisory_unlock (self->pg, key, &error))
    g_debug ("site lock %u: %s", (guint) key, error->message);   /* a lost connection let it go */
}

static gboolean
is_plain_name (const char *name)
{
  if (name == NULL || !g_ascii_islower (*name))
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '_')
      return FALSE;
  return TRUE;
}

gboolean
pd_store_vacuum (PdStore             *self,
                 const char * const  *tables,
                 GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("VACUUM (FULL) ");
  gboolean ok;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  if (tables == NULL || tables[0] == NULL)
    return pd_invalid (error, "No table to vacuum");
  for (guint i = 0; tables[i] != NULL; i++)
    {
      if (!is_plain_name (tables[i]))
        return pd_invalid (error, "Not a table name: %s", tables[i]);
      g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", tables[i]);
    }
  if (self->pg == NULL)
    return TRUE;
  g_mutex_lock (&self->lock);
  ok = pd_pg_exec (self->pg, sql->str, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

PdStore *
pd_store_open_readonly (const char  *path,
                        GError     **error)
{
  g_autoptr(PdStore) self = g_object_new (PD_TYPE_STORE, NULL);
  g_autoptr(PdStoreTx) tx = NULL;
  g_autoptr(PdStmt) stmt = NULL;

  self->path = g_strdup (path);
  self->readonly = TRUE;
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INTERNAL, "Cannot open database %s: %s",
                   path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);
  tx = pd_store_begin (self, error);
  if (tx == NULL || (stmt = _pd_store_prepare (tx, "SELECT version FROM schema", error)) == NULL)
    {
      g_prefix_error (error, "%s is not a PortDesk database: ", path);
      return NULL;
    }
  if (pd_stmt_step (stmt) == PD_ROW)
    self->schema_version = pd_stmt_column_int (stmt, 0);
  return g_steal_pointer (&self);
}

int
pd_store_get_schema_version (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), 0);
  return self->schema_version;
}

const char * const *
pd_store_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

const char *
pd_store_get_path (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  return self->path;
}
