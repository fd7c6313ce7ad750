/*
 * segcore: privacy controls, C ABI.
 *
 * Erasure removes a customer from the objects that keep customer state between calls (a
 * profile store, an identity resolver, segment trackers and trigger sets). Pseudonyms are
 * HMAC-SHA-256 of identifiers under a caller's key, from OpenSSL's libcrypto. An opt-out list
 * removes customers from an event table before anything is derived from it. What each does
 * and does not do: docs/PRIVACY.md.
 *
 * The conventions of segcore.h apply: int status codes, segcore_last_error_message(),
 * caller-owned outputs, count pointers that may be NULL. segcore keeps no copy of a key after
 * the call that receives it.
 */
#ifndef SEGCORE_PRIVACY_H
#define SEGCORE_PRIVACY_H

#include "segcore_rules.h"

SEGCORE_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------- */
/* Erasure                                                                                  */
/* ---------------------------------------------------------------------------------------- */

/* Removes a customer from a profile store: their orders and order ids, category counts and
 * carried values, and the category and attribute values no remaining customer holds. Later
 * snapshots equal those of a store that never saw the customer's events; snapshots taken
 * before are the caller's and keep the customer. events, orders and values (may be NULL)
 * receive the customer's events, orders, and the values dropped. SEGCORE_ENOTFOUND for a
 * customer the store does not hold; SEGCORE_EINVAL for a NULL store or customer.
 * Since: 0.1 */
SEGCORE_API int segcore_profile_store_erase(segcore_profile_store* store, const char* customer, uint64_t* events,
                                            uint64_t* orders, uint64_t* values);

/* Erases the customer that holds the identifier (kind SEGCORE_ID_*, value normalised as
 * segcore_identity_add_record does): all their records, every identifier those records
 * carried, the links between them and their rejected identifiers. Records keep their index;
 * segcore_identity_resolve gives SEGCORE_IDENTITY_ERASED for them. A later record with one of
 * the identifiers starts a new customer. The links and rejections read afterwards are those of
 * a fresh resolve. records, identifiers, links and rejected (may be NULL) receive what was
 * removed. SEGCORE_ENOTFOUND when no live record carries the identifier; SEGCORE_EINVAL for a
 * NULL handle or value, an unknown kind, or a value that does not normalise.
 * Since: 0.1 */
SEGCORE_API int segcore_identity_erase(segcore_identity* identity, int32_t kind, const char* value, uint64_t* records,
                                       uint64_t* identifiers, uint64_t* links, uint64_t* rejected);

/* The same for the customer of one record. SEGCORE_ENOTFOUND for a record that does not exist
 * or is already erased; SEGCORE_EINVAL for a NULL handle. Since: 0.1 */
SEGCORE_API int segcore_identity_erase_record(segcore_identity* identity, uint32_t record, uint64_t* records,
                                              uint64_t* identifiers, uint64_t* links, uint64_t* rejected);

/* The customer number segcore_identity_resolve writes for an erased record. Since: 0.1 */
#define SEGCORE_IDENTITY_ERASED UINT32_MAX

/* A resolver for identifiers already pseudonymised with segcore_pseudonymize_identifiers:
 * values of every kind are only trimmed, never normalised or rejected, so records link on
 * equal pseudonyms of the same kind. SEGCORE_EINVAL for a NULL out. Since: 0.1 */
SEGCORE_API int segcore_identity_create_pseudonymised(segcore_identity** out);

/* Forgets a customer's last reported segment; if the customer appears in a later update it
 * is new again. SEGCORE_ENOTFOUND for a customer not seen; SEGCORE_EINVAL for NULL arguments.
 * Since: 0.1 */
SEGCORE_API int segcore_segment_tracker_erase(segcore_segment_tracker* tracker, const char* customer);

/* Forgets a customer's trigger outcomes, as segcore_segment_tracker_erase. Since: 0.1 */
SEGCORE_API int segcore_triggers_erase(segcore_triggers* triggers, const char* customer);

/* Forgets a customer's clock, segment and kept timestamps, and drops their pending moves
 * (*pending_dropped, may be NULL). The counts of events and late events keep the customer's
 * past events. SEGCORE_ENOTFOUND for an unknown customer; SEGCORE_ENOTFITTED from inside the
 * set's own callback; SEGCORE_EINVAL for NULL arguments. Since: 0.1 */
SEGCORE_API int segcore_event_triggers_erase(segcore_event_triggers* triggers, const char* customer,
                                             uint64_t* pending_dropped);

/* ---------------------------------------------------------------------------------------- */
/* Pseudonyms: HMAC-SHA-256 under a caller's key, as lowercase hexadecimal                   */
/* ---------------------------------------------------------------------------------------- */

/* Bytes per pseudonym in an output buffer: 64 hex digits and a NUL. Since: 0.1 */
#define SEGCORE_PSEUDONYM_SIZE 65
/* For segcore_pseudonymize_identifiers: hash the values as given, without normalisation.
 * Since: 0.1 */
#define SEGCORE_ID_RAW (-1)

/* 1 when this build has libcrypto (pseudonyms work), else 0. Since: 0.1 */
SEGCORE_API int segcore_pseudonyms_available(void);

/* Pseudonymises n identifiers: each value is normalised for its kind (SEGCORE_ID_EMAIL and
 * SEGCORE_ID_PHONE with default_country_code, which may be NULL; other kinds trimmed;
 * SEGCORE_ID_RAW hashed exactly as given), then HMAC-SHA-256 under key (key_length bytes,
 * any bytes; 32 random bytes are recommended) is written as 64 lowercase hex digits and a NUL
 * to out + i * SEGCORE_PSEUDONYM_SIZE. out holds capacity bytes, at least n *
 * SEGCORE_PSEUDONYM_SIZE. A NULL value gives an empty string, and so does, for the identifier
 * kinds, a blank value or one that does not normalise; those are counted in *n_rejected (may
 * be NULL). n_threads: 0 for one per
 * hardware thread; results do not depend on it. The key is not kept after the call.
 * SEGCORE_EINVAL for an empty or NULL key, NULL values or out (with n > 0), an unknown kind or
 * a negative n_threads; SEGCORE_ERANGE when out is too small; SEGCORE_EUNSUPPORTED in a build
 * without libcrypto. Since: 0.1 */
SEGCORE_API int segcore_pseudonymize_identifiers(const uint8_t* key, size_t key_length, int32_t kind,
                                                 const char* default_country_code, const char* const* values, size_t n,
                                                 int n_threads, char* out, size_t capacity, size_t* n_rejected);

/* ---------------------------------------------------------------------------------------- */
/* Opt-out lists                                                                            */
/* ---------------------------------------------------------------------------------------- */

/* Removes every row of the n listed customers (ids compared as text trimmed of surrounding
 * ASCII whitespace, on both sides) from events, so that
 * profiles, RFM, rules, clustering and CLV built from them never see those customers;
 * customers, orders and category and attribute values are numbered again by first
 * appearance among the remaining rows. The ingest report is left as read. customers and rows
 * (may be NULL) receive the customers and rows removed. SEGCORE_EINVAL for a NULL events, or
 * NULL ids (with n > 0) or a NULL entry. Since: 0.1 */
SEGCORE_API int segcore_events_exclude_customers(segcore_events* events, const char* const* ids, size_t n,
                                                 uint64_t* customers, uint64_t* rows);

/* The same with the ids read from a file: one id per line (LF, CRLF or a lone CR), trimmed;
 * blank lines and lines starting with '#' are skipped. SEGCORE_ENOTFOUND when the file does
 * not exist, SEGCORE_EIO when it cannot be read, SEGCORE_EINVAL for NULL arguments, a file
 * that is not a regular file (a FIFO is refused at once, not waited on) or a line holding a
 * NUL byte.
 * Since: 0.1 */
SEGCORE_API int segcore_events_exclude_customers_file(segcore_events* events, const char* path, uint64_t* customers,
                                                      uint64_t* rows);

SEGCORE_END_DECLS

#endif /* SEGCORE_PRIVACY_H */
