/*
 * segcore: events, customer profiles and RFM scores, C ABI.
 *
 * Include this header (it includes segcore.h). The conventions of segcore.h apply: int status
 * codes, segcore_last_error_message(), caller-owned output buffers passed as (pointer, count),
 * options structs starting with struct_size, destroy(NULL) is a no-op. Strings are written
 * snprintf-style: at most `capacity` bytes including the terminating NUL go to `buffer`, and
 * `*length` (if not NULL) receives the full length without the NUL, so a caller can retry
 * with a larger buffer. Feature definitions: docs/PROFILES.md.
 */
#ifndef SEGCORE_PROFILE_H
#define SEGCORE_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "segcore.h"

SEGCORE_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------- */
/* Events: a columnar table of customer events read from CSV or from caller arrays.         */
/* ---------------------------------------------------------------------------------------- */

/* An event table with its ingest report. Since: 0.1 */
typedef struct segcore_events segcore_events;

#define SEGCORE_INGEST_STRICT 0  /* the first bad row is an error naming line, column, reason. Since: 0.1 */
#define SEGCORE_INGEST_LENIENT 1 /* bad rows are skipped, counted and listed. Since: 0.1 */

/* Time-zone names other than UTC and GMT are refused with a message saying so. */
#define SEGCORE_TIMESTAMP_AUTO 0     /* per value: digits = epoch seconds, else ISO-8601, else M/D/YYYY. Since: 0.1 */
#define SEGCORE_TIMESTAMP_ISO8601 1  /* YYYY-MM-DD[(T| )HH:MM[:SS[.f]]][Z|+HH:MM| UTC]. Since: 0.1 */
#define SEGCORE_TIMESTAMP_MDY 2      /* M/D/YYYY[ H:MM[:SS][ AM|PM]]; '-' or '.' for '/'. Since: 0.1 */
#define SEGCORE_TIMESTAMP_EPOCH 3    /* integer seconds since 1970-01-01 UTC. Since: 0.1 */
#define SEGCORE_TIMESTAMP_YYYYMMDD 4 /* 19970101. Since: 0.1 */
#define SEGCORE_TIMESTAMP_DMY 5      /* D/M/YYYY[ H:MM[:SS][ AM|PM]], day first; '-' or '.' for '/'. Since: 0.1 */

#define SEGCORE_DUPLICATES_REPORT 0 /* exact duplicate records are kept and reported. Since: 0.1 */
#define SEGCORE_DUPLICATES_DROP 1   /* ... removed and reported. Since: 0.1 */
#define SEGCORE_DUPLICATES_IGNORE 2 /* not looked for. Since: 0.1 */

/* Column names refer to the CSV header. Give amount_col, or quantity_col and price_col
 * (amount = quantity * price), or none of them (events without money). Lists are arrays of
 * n_* names. Since: 0.1 */
typedef struct segcore_csv_options {
  size_t struct_size;                /* sizeof(segcore_csv_options) as the caller knows it */
  const char* customer_col;          /* default "customer_id" */
  const char* timestamp_col;         /* default "timestamp" */
  const char* amount_col;            /* default "amount"; NULL or "" for none */
  const char* quantity_col;          /* default NULL */
  const char* price_col;             /* default NULL */
  const char* order_col;             /* default NULL: each row is an order */
  const char* const* category_cols;  /* counted per customer and value; default NULL */
  size_t n_category_cols;            /* entries of category_cols */
  const char* const* attribute_cols; /* text carried per customer (latest value) */
  size_t n_attribute_cols;           /* entries of attribute_cols */
  const char* const* numeric_cols;   /* numbers carried per customer (latest value) */
  size_t n_numeric_cols;             /* entries of numeric_cols */
  int32_t delimiter;                 /* one byte; default ',' */
  int32_t mode;                      /* SEGCORE_INGEST_*; default STRICT */
  int32_t timestamp_format;          /* SEGCORE_TIMESTAMP_*; default AUTO */
  int32_t duplicates;                /* SEGCORE_DUPLICATES_*; default REPORT */
  int32_t n_threads;                 /* >= 1, or 0 for one per core; default 1 */
  int32_t reserved0;                 /* must be 0 */
  uint64_t max_reported;             /* bad rows and duplicates listed; default 100 */
} segcore_csv_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_csv_options_init(segcore_csv_options* opts, size_t struct_size);

/* Reads a CSV file (RFC 4180) into a new event table, owned by the caller
 * (segcore_events_destroy); opts may be NULL for defaults; *out is NULL on failure. path is a
 * regular file, a pipe or FIFO (read to its end), or "-" for standard input; gzip and zstd
 * input is decompressed (recognised by its first bytes). A regular file is read into memory
 * (not mapped): one that shrinks, grows or is rewritten while it is read fails with
 * SEGCORE_EIO, never with a signal. Errors: SEGCORE_ENOTFOUND when the file or a named column
 * does not exist; SEGCORE_EIO when the file cannot be opened or read, changes while it is
 * read, or is a folder or a device; SEGCORE_EINVAL for invalid options (reserved0 != 0, a
 * delimiter that is not one byte, a NULL name in a list), damaged compressed data, and, in
 * strict mode, the first bad row (naming line, column and reason); SEGCORE_ENOMEM when the
 * input does not fit in memory; SEGCORE_EUNSUPPORTED for a newer struct whose unknown fields
 * are set, or compressed input in a build without that library. Since: 0.1 */
SEGCORE_API int segcore_events_read_csv(segcore_events** out, const char* path, const segcore_csv_options* opts);

/* segcore_events_read_csv from an open file descriptor (a file, pipe or socket), read to its
 * end and left open; messages name it "<descriptor N>". Errors as segcore_events_read_csv,
 * and SEGCORE_EINVAL for a negative fd. Since: 0.1 */
SEGCORE_API int segcore_events_read_csv_fd(segcore_events** out, int fd, const segcore_csv_options* opts);

/* Copies caller arrays of n events into a new event table, owned by the caller
 * (segcore_events_destroy). order may be NULL (each event is then an order). Customer and
 * order ids are integers (the Python package factorises strings). Errors: SEGCORE_EINVAL
 * when an array is NULL with n > 0, n > 2^32 - 1, or an amount is NaN or beyond +-1e12
 * (naming the row).
 * Since: 0.1 */
SEGCORE_API int segcore_events_from_arrays(segcore_events** out, const int64_t* customer, const int64_t* timestamp,
                                           const double* amount, const int64_t* order, size_t n);

/* The same with ids of any text: customer[i] and order[i] are codes into customer_labels and
 * order_labels (order may be NULL, then order_labels is ignored), copied. Labels must be
 * non-empty, valid UTF-8 and distinct; the table keeps ids in order of first appearance, as
 * text ids of the same rows would. Errors: as segcore_events_from_arrays, and SEGCORE_EINVAL
 * for a code past its labels or a bad label (naming it). Since: 0.2 */
SEGCORE_API int segcore_events_from_labels(segcore_events** out, const uint32_t* customer,
                                           const char* const* customer_labels, size_t n_customer_labels,
                                           const int64_t* timestamp, const double* amount, const uint32_t* order,
                                           const char* const* order_labels, size_t n_order_labels, size_t n);

/* Frees an event table; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_events_destroy(segcore_events* events);

/* Adds a category column to an event table (from arrays or CSV), as the CSV options'
 * category_cols do: it is counted per customer and value (profile columns "<name>=<label>").
 * Row i's value is labels[codes[i]]; codes and labels are copied. Errors: SEGCORE_EINVAL when
 * the name is empty or already used by a column of the table, n differs from the table's
 * rows, a code is >= n_labels, or a label is NULL, not valid UTF-8 or repeated. Since: 0.1 */
SEGCORE_API int segcore_events_add_category(segcore_events* events, const char* name, const uint32_t* codes, size_t n,
                                            const char* const* labels, size_t n_labels);
/* Adds an attribute column: a text carried per customer (its latest value), as the CSV
 * options' attribute_cols. Arguments and errors as segcore_events_add_category. Since: 0.1 */
SEGCORE_API int segcore_events_add_attribute(segcore_events* events, const char* name, const uint32_t* codes, size_t n,
                                             const char* const* labels, size_t n_labels);
/* Adds a numeric column carried per customer (its latest value), as the CSV options'
 * numeric_cols; values are copied and NaN marks a missing value. Errors: SEGCORE_EINVAL when
 * the name is empty or already used, n differs from the table's rows, or a value is
 * infinite. Since: 0.1 */
SEGCORE_API int segcore_events_add_numeric(segcore_events* events, const char* name, const double* values, size_t n);

/* Splits a table by customer into n_parts new tables that share no customer, for work spread
 * over processes: every row of a customer goes, in its order, to part
 * (64-bit FNV-1a hash of the id's bytes) % n_parts, a rule fixed across processes and
 * versions; category, attribute and numeric columns travel with their rows. parts is an array
 * of n_parts handles the caller owns afterwards (segcore_events_destroy each); each part's
 * report counts its rows only. Errors: SEGCORE_EINVAL when events or parts is NULL or n_parts
 * is 0; on any error every parts[i] is NULL. Since: 0.2 */
SEGCORE_API int segcore_events_split(const segcore_events* events, size_t n_parts, segcore_events** parts);

/* As segcore_events_split, and what the split knows of each customer's place in the whole
 * table, for work that needs first appearances (RFM rank ties) across processes: first_rows
 * (n_first_rows entries, which must equal segcore_events_n_customers of events) receives,
 * part after part, each part's customers in the part's order (their order of first
 * appearance, as segcore_events_customer_labels lists them) and for each the row of events
 * (from 0) where it first appears. Errors: as segcore_events_split, and SEGCORE_EINVAL when
 * first_rows is NULL or n_first_rows differs from the table's customers; on any error every
 * parts[i] is NULL. Since: 0.2 */
SEGCORE_API int segcore_events_split_first_rows(const segcore_events* events, size_t n_parts, segcore_events** parts,
                                                uint64_t* first_rows, size_t n_first_rows);

/* The table's customer ids in order of first appearance, their bytes end to end (no
 * separators, no terminating NUL): *length receives the total bytes; the first
 * min(capacity, *length) go to buffer; ends, when not NULL, receives
 * segcore_events_n_customers entries, ends[i] the offset just past id i. Call with buffer
 * NULL and capacity 0 for the length. Errors: SEGCORE_EINVAL when events or length is NULL,
 * or buffer is NULL with capacity > 0. Since: 0.2 */
SEGCORE_API int segcore_events_customer_labels(const segcore_events* events, char* buffer, size_t capacity,
                                               uint64_t* ends, size_t* length);

/* The table's rows (events kept) into *out. Since: 0.1 */
SEGCORE_API int segcore_events_n_rows(const segcore_events* events, size_t* out);
/* The table's distinct customers into *out. Since: 0.1 */
SEGCORE_API int segcore_events_n_customers(const segcore_events* events, size_t* out);

/* Counts from the ingest report (zeros for events from arrays). Since: 0.1 */
typedef struct segcore_ingest_summary {
  size_t struct_size;         /* set by the caller: the size it knows */
  uint64_t records;           /* data records read */
  uint64_t rows_kept;         /* rows in the event table */
  uint64_t rows_skipped;      /* lenient mode */
  uint64_t blank_lines;       /* empty lines, ignored */
  uint64_t duplicates;        /* records identical to an earlier one (0 with SEGCORE_DUPLICATES_IGNORE) */
  int32_t duplicates_dropped; /* nonzero when they were removed (SEGCORE_DUPLICATES_DROP) */
  int32_t reserved0;          /* written as 0 */
} segcore_ingest_summary;

/* Copies the ingest report's counts into *out, as many fields as out->struct_size (set by
 * the caller) holds. Errors: SEGCORE_EINVAL when out->struct_size is below the first
 * layout's size. Since: 0.1 */
SEGCORE_API int segcore_events_ingest_summary(const segcore_events* events, segcore_ingest_summary* out);

/* The whole ingest report as text (reasons, listed bad rows with lines, duplicates),
 * snprintf style. Errors: SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_events_report_text(const segcore_events* events, char* buffer, size_t capacity, size_t* length);

/* ---------------------------------------------------------------------------------------- */
/* Profiles: one row per customer, named typed columns.                                      */
/* ---------------------------------------------------------------------------------------- */

/* Since: 0.1 */
typedef struct segcore_profiles segcore_profiles;

#define SEGCORE_COLUMN_F64 0       /* Since: 0.1 */
#define SEGCORE_COLUMN_I64 1       /* Since: 0.1 */
#define SEGCORE_COLUMN_TIMESTAMP 2 /* epoch seconds. Since: 0.1 */
#define SEGCORE_COLUMN_TEXT 3      /* Since: 0.1 */

/* Since: 0.1 */
typedef struct segcore_profile_options {
  size_t struct_size;         /* sizeof(segcore_profile_options) as the caller knows it */
  int64_t as_of;              /* epoch seconds, used when has_as_of != 0 */
  int32_t has_as_of;          /* default 0: latest event + 1 day */
  int32_t n_threads;          /* default 1 */
  int32_t velocity_days;      /* default 30 */
  int32_t trend_weeks;        /* default 12 */
  const int32_t* window_days; /* default NULL: 7, 30, 90 */
  size_t n_windows;           /* entries of window_days */
} segcore_profile_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_profile_options_init(segcore_profile_options* opts, size_t struct_size);

/* Batch profiles of every customer in events, into a new table owned by the caller
 * (segcore_profiles_destroy); opts may be NULL for defaults; *out is NULL on failure. Errors:
 * SEGCORE_EINVAL for an empty table, n_threads < 0, more than 16 windows, a window outside
 * 1..36500 days or listed twice, velocity_days outside 1..36500, trend_weeks outside 2..5200,
 * window_days NULL with n_windows > 0, or two profile columns of one name (a category,
 * attribute or numeric column named like a built-in feature or like another one);
 * SEGCORE_ERANGE when an order's total exceeds 9.2e12; SEGCORE_EUNSUPPORTED for a newer struct whose unknown fields are
 * set. Since: 0.1 */
SEGCORE_API int segcore_profiles_build(segcore_profiles** out, const segcore_events* events,
                                       const segcore_profile_options* opts);

/* RFM's inputs straight from a CSV file, with memory for its customers, not its rows: a
 * plain regular file is parsed a window of window_bytes at a time (0: 64 MiB; a record longer
 * than the window widens it) and each window folded into per-customer sums. The table has the
 * columns segcore_rfm_score reads (recency_days, frequency, monetary), equal bit for bit to
 * segcore_profiles_build's over segcore_events_read_csv of the same file, customers in order
 * of first appearance; the reading's report is kept with it (segcore_profiles_report_text).
 * Every row is an order: opts (NULL: defaults, which look for duplicates, so set duplicates
 * to SEGCORE_DUPLICATES_IGNORE) must name no order, category, attribute or numeric column.
 * as_of is used when has_as_of != 0 (else the latest event + 1 day). Standard input ("-"),
 * pipes, FIFOs and compressed files are read whole first. *out is NULL on failure. Errors:
 * those of segcore_events_read_csv and segcore_profiles_build (same codes, messages and line
 * numbers), and SEGCORE_EINVAL for the options above. Since: 0.2 */
SEGCORE_API int segcore_profiles_rfm_inputs_from_csv(segcore_profiles** out, const char* path,
                                                     const segcore_csv_options* opts, int64_t as_of, int32_t has_as_of,
                                                     size_t window_bytes);

/* The counts of the report of the file read for a table from
 * segcore_profiles_rfm_inputs_from_csv (zeros for other tables), as
 * segcore_events_ingest_summary. Since: 0.2 */
SEGCORE_API int segcore_profiles_ingest_summary(const segcore_profiles* profiles, segcore_ingest_summary* out);

/* That report as text, snprintf style, as segcore_events_report_text (a report of no
 * records for other tables). Since: 0.2 */
SEGCORE_API int segcore_profiles_report_text(const segcore_profiles* profiles, char* buffer, size_t capacity,
                                             size_t* length);

/* Frees a profile table; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_profiles_destroy(segcore_profiles* profiles);

/* The customers (rows) of the table into *out. Since: 0.1 */
SEGCORE_API int segcore_profiles_n_customers(const segcore_profiles* profiles, size_t* out);
/* The columns of the table into *out. Since: 0.1 */
SEGCORE_API int segcore_profiles_n_columns(const segcore_profiles* profiles, size_t* out);
/* The as_of the profiles were computed at (epoch seconds) into *out. Since: 0.1 */
SEGCORE_API int segcore_profiles_as_of(const segcore_profiles* profiles, int64_t* out);
/* The events left out for being after as_of into *out. Since: 0.1 */
SEGCORE_API int segcore_profiles_events_after_as_of(const segcore_profiles* profiles, uint64_t* out);

/* The name of column j, snprintf style. Errors: SEGCORE_ERANGE when j >= n_columns;
 * SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_profiles_column_name(const segcore_profiles* profiles, size_t j, char* buffer, size_t capacity,
                                             size_t* length);
/* The SEGCORE_COLUMN_* type of column j into *out. Errors: SEGCORE_ERANGE when j >=
 * n_columns. Since: 0.1 */
SEGCORE_API int segcore_profiles_column_type(const segcore_profiles* profiles, size_t j, int32_t* out);

/* The id of customer i (rows are in order of first appearance), snprintf style. Errors:
 * SEGCORE_ERANGE when i >= n_customers; SEGCORE_EINVAL when buffer is NULL with capacity > 0.
 * Since: 0.1 */
SEGCORE_API int segcore_profiles_customer_id(const segcore_profiles* profiles, size_t i, char* buffer, size_t capacity,
                                             size_t* length);

/* A numeric column by name as doubles (missing = NaN) into out; count >= n_customers.
 * Errors: SEGCORE_ENOTFOUND for an unknown column (the message lists the columns);
 * SEGCORE_EINVAL for a TEXT column; SEGCORE_ERANGE when count < n_customers. Since: 0.1 */
SEGCORE_API int segcore_profiles_get_f64(const segcore_profiles* profiles, const char* name, double* out, size_t count);
/* An I64 or TIMESTAMP column by name (missing = 0; see segcore_profiles_get_valid) into out.
 * Errors: SEGCORE_ENOTFOUND for an unknown column; SEGCORE_EINVAL for an F64 or TEXT column;
 * SEGCORE_ERANGE when count < n_customers. Since: 0.1 */
SEGCORE_API int segcore_profiles_get_i64(const segcore_profiles* profiles, const char* name, int64_t* out,
                                         size_t count);
/* 1 where the named column has a value, 0 where it is missing, into out. Errors:
 * SEGCORE_ENOTFOUND for an unknown column; SEGCORE_ERANGE when count < n_customers.
 * Since: 0.1 */
SEGCORE_API int segcore_profiles_get_valid(const segcore_profiles* profiles, const char* name, uint8_t* out,
                                           size_t count);
/* Customer i's value of a TEXT column ("" when missing), snprintf style. Errors:
 * SEGCORE_ENOTFOUND for an unknown column; SEGCORE_EINVAL for a column that is not TEXT or a
 * NULL buffer with capacity > 0; SEGCORE_ERANGE when i >= n_customers. Since: 0.1 */
SEGCORE_API int segcore_profiles_get_text(const segcore_profiles* profiles, const char* name, size_t i, char* buffer,
                                          size_t capacity, size_t* length);

/* ---------------------------------------------------------------------------------------- */
/* Streaming: a profile store that applies events one at a time, in any order.              */
/* ---------------------------------------------------------------------------------------- */

/* Since: 0.1 */
typedef struct segcore_profile_store segcore_profile_store;

/* Makes an empty store without a schema, owned by the caller
 * (segcore_profile_store_destroy). opts may be NULL; its as_of fields are ignored here (give
 * as_of to the snapshot). The option values are checked by each snapshot. Errors:
 * SEGCORE_EINVAL for window_days NULL with n_windows > 0 or a struct_size below the first
 * layout; SEGCORE_EUNSUPPORTED for a newer struct whose unknown fields are set. Since: 0.1 */
SEGCORE_API int segcore_profile_store_create(segcore_profile_store** out, const segcore_profile_options* opts);
/* Frees a store; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_profile_store_destroy(segcore_profile_store* store);

/* A store whose events also carry category, attribute and numeric columns (see
 * segcore_events_add_category), given by name (copied); the lists may be NULL when their
 * count is 0. Errors: as segcore_profile_store_create, and SEGCORE_EINVAL for a list that is
 * NULL with a count > 0, a NULL or empty name, or a name given twice. Since: 0.1 */
SEGCORE_API int segcore_profile_store_create_with_schema(segcore_profile_store** out,
                                                         const segcore_profile_options* opts,
                                                         const char* const* category_cols, size_t n_category_cols,
                                                         const char* const* attribute_cols, size_t n_attribute_cols,
                                                         const char* const* numeric_cols, size_t n_numeric_cols);

/* Applies one event; order may be NULL or "" (the event is an order by itself). A failed
 * add changes nothing. Errors: SEGCORE_EINVAL for an empty customer id, an amount that is not
 * finite or beyond +-1e12, or a store with a schema (use segcore_profile_store_add_event);
 * SEGCORE_ERANGE when the order's total would exceed 9.2e12. Since: 0.1 */
SEGCORE_API int segcore_profile_store_add(segcore_profile_store* store, const char* customer, int64_t timestamp,
                                          double amount, const char* order);

/* Applies one event with its values for the store's schema, in the schema's order: one text
 * per category and attribute column, one number per numeric column (NaN = missing). A failed
 * add changes nothing. Errors: as segcore_profile_store_add, and SEGCORE_EINVAL when a count
 * differs from the schema's, a list is NULL with a count > 0, or a text is NULL or not valid
 * UTF-8, or a number is infinite. Since: 0.1 */
SEGCORE_API int segcore_profile_store_add_event(segcore_profile_store* store, const char* customer, int64_t timestamp,
                                                double amount, const char* order, const char* const* categories,
                                                size_t n_categories, const char* const* attributes, size_t n_attributes,
                                                const double* numerics, size_t n_numerics);

/* Events applied so far into *out. Since: 0.1 */
SEGCORE_API int segcore_profile_store_n_events(const segcore_profile_store* store, uint64_t* out);

/* Applies every event of a table (segcore_events_read_csv, segcore_events_from_arrays, ...) in
 * row order, all or none: a refused row fails the call naming it and changes nothing. The
 * table's category, attribute and numeric columns must be the store's schema, by name and in
 * order (SEGCORE_EINVAL). Errors otherwise as segcore_profile_store_add_event. Since: 0.2 */
SEGCORE_API int segcore_profile_store_add_events(segcore_profile_store* store, const segcore_events* events);

/* The time of the latest event applied (epoch seconds) into *out; SEGCORE_ENOTFITTED before
 * the first event. Since: 0.2 */
SEGCORE_API int segcore_profile_store_latest_event(const segcore_profile_store* store, int64_t* out);

/* Which list of a store's schema segcore_profile_store_schema_name reads. */
#define SEGCORE_SCHEMA_CATEGORY 0  /* the category columns. Since: 0.2 */
#define SEGCORE_SCHEMA_ATTRIBUTE 1 /* the attribute columns. Since: 0.2 */
#define SEGCORE_SCHEMA_NUMERIC 2   /* the numeric columns. Since: 0.2 */

/* The number of names in one list of the store's schema (SEGCORE_SCHEMA_*), into *out: what a
 * store loaded from bytes or a file was made with. SEGCORE_EINVAL for an unknown list. Since: 0.2 */
SEGCORE_API int segcore_profile_store_schema_size(const segcore_profile_store* store, int32_t list, size_t* out);

/* Name j of one list of the store's schema, as segcore_profiles_column_name writes names.
 * SEGCORE_EINVAL for an unknown list; SEGCORE_ERANGE for j past the list's end. Since: 0.2 */
SEGCORE_API int segcore_profile_store_schema_name(const segcore_profile_store* store, int32_t list, size_t j,
                                                  char* buffer, size_t capacity, size_t* length);

/* The profiles now, into a new table owned by the caller (segcore_profiles_destroy), as of
 * as_of when has_as_of != 0, else the latest event + 1 day. Same columns and values as
 * segcore_profiles_build on the same events. Errors: SEGCORE_ENOTFITTED when no event
 * was applied yet or as_of precedes an applied event; SEGCORE_EINVAL for invalid options (as
 * segcore_profiles_build). Since: 0.1 */
SEGCORE_API int segcore_profile_store_snapshot(const segcore_profile_store* store, segcore_profiles** out,
                                               int64_t as_of, int32_t has_as_of);

/* Adds everything `other` holds to `store`, as if other's events had been added after store's
 * own: new customers follow in other's order, orders with one id are one order, carried values
 * keep the latest. Stores of a stream's consecutive slices, merged in slice order, equal the
 * whole stream's store. store keeps its options; other is unchanged. A failed merge changes
 * nothing. Errors: SEGCORE_EINVAL when the schemas differ or other is store; SEGCORE_ERANGE when
 * an order's total would exceed 9.2e12. Since: 0.2 */
SEGCORE_API int segcore_profile_store_merge(segcore_profile_store* store, const segcore_profile_store* other);

/* ---------------------------------------------------------------------------------------- */
/* RFM scores and segments.                                                                  */
/* ---------------------------------------------------------------------------------------- */

/* Since: 0.1 */
typedef struct segcore_rfm segcore_rfm;

#define SEGCORE_RFM_QUANTILE 0 /* quantile edges; tied values share a score. Since: 0.1 */
#define SEGCORE_RFM_RANK 1     /* equal-count bins on ranks (pandas qcut of rank(method="first")). Since: 0.1 */
#define SEGCORE_RFM_FIXED 2    /* the caller's edges. Since: 0.1 */

/* Since: 0.1 */
typedef struct segcore_rfm_options {
  size_t struct_size;            /* sizeof(segcore_rfm_options) as the caller knows it */
  int32_t bins;                  /* 2..100; default 5 */
  int32_t mode;                  /* SEGCORE_RFM_*; default QUANTILE */
  int32_t n_threads;             /* R, F, M scored concurrently; >= 1 or 0 for all cores; default 1 */
  int32_t reserved0;             /* must be 0 */
  const double* recency_edges;   /* FIXED: n_edges = bins - 1 ascending values each */
  const double* frequency_edges; /* FIXED: likewise for frequency */
  const double* monetary_edges;  /* FIXED: likewise for monetary */
  size_t n_edges;                /* FIXED: bins - 1 */
} segcore_rfm_options;

/* A segment rule over R and F cells (see docs/PROFILES.md). Since: 0.1 */
typedef struct segcore_segment_rule {
  const char* name; /* the segment's name */
  int32_t r_min;    /* R cells r_min..r_max, inclusive, in 1..bins */
  int32_t r_max;    /* (inclusive) */
  int32_t f_min;    /* F cells f_min..f_max, inclusive, in 1..bins */
  int32_t f_max;    /* (inclusive) */
} segcore_segment_rule;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_rfm_options_init(segcore_rfm_options* opts, size_t struct_size);

/* Scores the profiles with the default 11-segment map, into a new result owned by the caller
 * (segcore_rfm_destroy); opts may be NULL for defaults; *out is NULL on failure. Errors:
 * SEGCORE_EINVAL for bins outside 2..100, an unknown mode, n_threads < 0, reserved0 != 0,
 * FIXED mode without all three edge arrays or with edges that are not bins - 1 finite,
 * strictly ascending values, or a NaN measure; SEGCORE_EUNSUPPORTED for a newer struct whose
 * unknown fields are set. Since: 0.1 */
SEGCORE_API int segcore_rfm_score(segcore_rfm** out, const segcore_profiles* profiles, const segcore_rfm_options* opts);

/* Scores with the caller's segment map: rules (first match wins) on a grid x grid table
 * (grid 0: raw scores); unmatched customers get `fallback` (NULL: "Other"). The rules are
 * copied. Errors: as segcore_rfm_score, and SEGCORE_EINVAL for rules NULL with n_rules > 0,
 * a rule with a NULL, empty or reserved name, ranges outside 1..grid (1..bins for grid 0) or
 * with min > max, or grid outside 0..100. Since: 0.1 */
SEGCORE_API int segcore_rfm_score_with_map(segcore_rfm** out, const segcore_profiles* profiles,
                                           const segcore_rfm_options* opts, const segcore_segment_rule* rules,
                                           size_t n_rules, int32_t grid, const char* fallback);

/* A result from scores computed elsewhere (for example from edges found over a cluster's
 * partitions): the n customers' R, F and M scores (0..bins; 0 in all three for a customer
 * without a purchase) are copied, and each customer's segment is named as
 * segcore_rfm_score_with_map names it (rules NULL and n_rules 0 with grid 5 and fallback NULL:
 * the default map). The result has no edges and no segment summaries (segcore_rfm_get_edges
 * writes nothing; segcore_rfm_segment_summary and segcore_rfm_save_edges fail). Errors:
 * SEGCORE_EINVAL for a NULL score array with n > 0, bins outside 2..100, a score outside
 * 0..bins, a customer 0 in some scores only, or a map segcore_rfm_score_with_map refuses.
 * Since: 0.2 */
SEGCORE_API int segcore_rfm_from_scores(segcore_rfm** out, const int32_t* r, const int32_t* f, const int32_t* m,
                                        size_t n, int32_t bins, const segcore_segment_rule* rules, size_t n_rules,
                                        int32_t grid, const char* fallback);

/* Frees an RFM result; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_rfm_destroy(segcore_rfm* rfm);

/* Customers scored (all profiles, including unscored ones with scores 0) into *out.
 * Since: 0.1 */
SEGCORE_API int segcore_rfm_n_customers(const segcore_rfm* rfm, size_t* out);

/* Scores 1..bins, 0 for customers without a positive order; any pointer may be NULL.
 * Errors: SEGCORE_ERANGE when count < n_customers. Since: 0.1 */
SEGCORE_API int segcore_rfm_get_scores(const segcore_rfm* rfm, int32_t* r, int32_t* f, int32_t* m, size_t count);

/* The bins - 1 edges used per measure; any pointer may be NULL. Errors: SEGCORE_ERANGE when
 * count < bins - 1. Since: 0.1 */
SEGCORE_API int segcore_rfm_get_edges(const segcore_rfm* rfm, double* recency, double* frequency, double* monetary,
                                      size_t count);

/* Segment index per customer (see segcore_rfm_segment_name) into out. Errors:
 * SEGCORE_ERANGE when count < n_customers. Since: 0.1 */
SEGCORE_API int segcore_rfm_get_segments(const segcore_rfm* rfm, int32_t* out, size_t count);
/* The number of segments (of the map, whether or not any customer falls in them) into *out.
 * Since: 0.1 */
SEGCORE_API int segcore_rfm_n_segments(const segcore_rfm* rfm, size_t* out);
/* The name of segment k, snprintf style. Errors: SEGCORE_ERANGE when k >= n_segments; SEGCORE_EINVAL when buffer is
 * NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_rfm_segment_name(const segcore_rfm* rfm, size_t k, char* buffer, size_t capacity,
                                         size_t* length);

/* Summary of segment k. Since: 0.1 */
typedef struct segcore_segment_summary {
  size_t struct_size;         /* set by the caller: the size it knows */
  uint64_t customers;         /* customers in the segment */
  int64_t orders;             /* sum of frequency */
  double revenue;             /* sum of monetary */
  double avg_order_value;     /* revenue / orders; NaN when 0 */
  double median_recency_days; /* NaN when no customer has one */
  double median_frequency;    /* NaN for an empty segment */
  double median_monetary;     /* NaN for an empty segment */
} segcore_segment_summary;

/* Summary of segment k into *out, as many fields as out->struct_size (set by the caller)
 * holds. Errors: SEGCORE_ERANGE when k >= n_segments; SEGCORE_EINVAL when out->struct_size is
 * below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_rfm_segment_summary(const segcore_rfm* rfm, size_t k, segcore_segment_summary* out);

/* ---- RFM selection: exact quantile edges and rank bounds over partitioned values ----
 *
 * The edges segcore_rfm_score finds by sorting, found over values that many processes hold:
 * a radix selection in rounds. The client's selection makes each round's request, an empty
 * counts state; every partition counts its values into a copy of it (segcore_rfm_counts_add:
 * the next 16-bit digit of each value's order key inside each wanted range), the states travel
 * as bytes and merge by adding, and the summed counts narrow the selection. Four rounds pin a
 * double; SEGCORE_RFM_RANK selects on first-appearance positions (ties) in four more. Values:
 * higher scores higher (pass -recency_days for R, as segcore_rfm_score does); -0 is +0; NaN is
 * refused. Byte layout: docs/MODEL_FILES.md, "RFM selection counts".
 *
 *   sel = create(bins, mode, 3)
 *   while (!done(sel)): req = request(sel); each partition: c = from_bytes(req bytes),
 *     add(c, m, values, positions) for each measure, send to_bytes(c);
 *     sum = merge of the partitions' counts in partition order; narrow(sel, sum)
 *   get_edges / score / get_rank_bounds */

typedef struct segcore_rfm_selection segcore_rfm_selection; /* Since: 0.2 */
typedef struct segcore_rfm_counts segcore_rfm_counts;       /* Since: 0.2 */

/* A selection of the edges of bins scores (2..100) in mode SEGCORE_RFM_QUANTILE or
 * SEGCORE_RFM_RANK over n_measures measures (1..16; 3 for R, F, M). Errors: SEGCORE_EINVAL for
 * a NULL pointer, bins, mode or n_measures out of range. Since: 0.2 */
SEGCORE_API int segcore_rfm_selection_create(segcore_rfm_selection** out, int32_t bins, int32_t mode,
                                             size_t n_measures);

/* Frees a selection; NULL is a no-op. Cannot fail. Since: 0.2 */
SEGCORE_API void segcore_rfm_selection_destroy(segcore_rfm_selection* sel);

/* *done receives 1 once every round has been narrowed (4 in quantile mode, 8 in rank mode;
 * after the first when there are no values), else 0; *round the rounds narrowed so far (may be
 * NULL). Errors: SEGCORE_EINVAL for a NULL pointer. Since: 0.2 */
SEGCORE_API int segcore_rfm_selection_done(const segcore_rfm_selection* sel, int32_t* done, int32_t* round);

/* This round's request: *out receives an empty counts state (free it with
 * segcore_rfm_counts_destroy) for the partitions to fill. Errors: SEGCORE_EINVAL for a NULL
 * pointer; SEGCORE_ENOTFITTED when the selection is done. Since: 0.2 */
SEGCORE_API int segcore_rfm_selection_request(const segcore_rfm_selection* sel, segcore_rfm_counts** out);

/* Narrows the selection with this round's counts of every partition, merged. Errors:
 * SEGCORE_EINVAL for a NULL pointer, counts of another round or request, or counts that do not
 * hold the values the round before counted in the wanted ranges (a partition missing or
 * counted twice); SEGCORE_ENOTFITTED when the selection is done. Since: 0.2 */
SEGCORE_API int segcore_rfm_selection_narrow(segcore_rfm_selection* sel, const segcore_rfm_counts* summed);

/* After done: the number of values of measure into *n. Errors: SEGCORE_EINVAL for a NULL
 * pointer or a measure >= n_measures; SEGCORE_ENOTFITTED before done. Since: 0.2 */
SEGCORE_API int segcore_rfm_selection_n_values(const segcore_rfm_selection* sel, size_t measure, uint64_t* n);

/* After done: the bins - 1 edges of measure, as segcore_rfm_get_edges reports them on the
 * whole data (quantile: numpy's linear quantiles of the values, 0 when there are none; rank:
 * 1 + (n - 1) k / bins). Errors: as segcore_rfm_selection_n_values; SEGCORE_ERANGE when
 * count < bins - 1. Since: 0.2 */
SEGCORE_API int segcore_rfm_selection_get_edges(const segcore_rfm_selection* sel, size_t measure, double* out,
                                                size_t count);

/* After done, rank mode: *n_bounds receives the number of bounds of measure (at most
 * bins - 1), and values / positions (count >= n_bounds, or NULL to ask the number) the value
 * and first-appearance position from which each score above 1 starts: a value scores 1 + the
 * bounds it is at or above (by value, then position). Quantile mode: none. Errors: as
 * segcore_rfm_selection_n_values; SEGCORE_ERANGE when count < n_bounds. Since: 0.2 */
SEGCORE_API int segcore_rfm_selection_get_rank_bounds(const segcore_rfm_selection* sel, size_t measure, double* values,
                                                      uint64_t* positions, size_t count, size_t* n_bounds);

/* After done: the scores 1..bins of n values of measure into scores (count >= n), as
 * segcore_rfm_score scores them on the whole data; positions (rank mode; may be NULL in
 * quantile mode) are the values' first-appearance positions. Errors: as
 * segcore_rfm_selection_n_values; SEGCORE_EINVAL for a NaN value or NULL positions in rank
 * mode; SEGCORE_ERANGE when count < n. Since: 0.2 */
SEGCORE_API int segcore_rfm_selection_score(const segcore_rfm_selection* sel, size_t measure, const double* values,
                                            const uint64_t* positions, size_t n, int32_t* scores, size_t count);

/* Frees a counts state; NULL is a no-op. Cannot fail. Since: 0.2 */
SEGCORE_API void segcore_rfm_counts_destroy(segcore_rfm_counts* counts);

/* Counts n values of measure (a block of a partition) into the state; positions are their
 * first-appearance positions (needed in the rank rounds, else may be NULL). Errors:
 * SEGCORE_EINVAL for a NULL pointer, a NaN value (the message names its index), a measure
 * >= n_measures, NULL positions in a rank round. Since: 0.2 */
SEGCORE_API int segcore_rfm_counts_add(segcore_rfm_counts* counts, size_t measure, const double* values,
                                       const uint64_t* positions, size_t n);

/* Adds other's counts to counts (exact integer sums: the order of merges does not change the
 * result). Errors: SEGCORE_EINVAL for a NULL pointer or counts of another round or request.
 * Since: 0.2 */
SEGCORE_API int segcore_rfm_counts_merge(segcore_rfm_counts* counts, const segcore_rfm_counts* other);

/* The state's byte form: *size receives its length; with buffer NULL and capacity 0 only the
 * size is given; a capacity below the size is SEGCORE_ERANGE. Errors: SEGCORE_EINVAL for a NULL
 * pointer. Since: 0.2 */
SEGCORE_API int segcore_rfm_counts_to_bytes(const segcore_rfm_counts* counts, void* buffer, size_t capacity,
                                            size_t* size);

/* A state from bytes made by segcore_rfm_counts_to_bytes. Errors: SEGCORE_EINVAL for a NULL
 * pointer; SEGCORE_ECORRUPT for bytes that are truncated, corrupt (checksum), of another
 * format version or inconsistent, the message naming the offset or field. Since: 0.2 */
SEGCORE_API int segcore_rfm_counts_from_bytes(segcore_rfm_counts** out, const void* data, size_t size);

/* ---------------------------------------------------------------------------------------- */
/* Identity: normalised identifiers link records into customers (union-find).               */
/* ---------------------------------------------------------------------------------------- */

#define SEGCORE_ID_EMAIL 0  /* normalised: trimmed, lower-case, validated. Since: 0.1 */
#define SEGCORE_ID_PHONE 1  /* normalised to `+<digits>` (E.164 form). Since: 0.1 */
#define SEGCORE_ID_CRM 2    /* trimmed. Since: 0.1 */
#define SEGCORE_ID_DEVICE 3 /* trimmed. Since: 0.1 */
#define SEGCORE_ID_COOKIE 4 /* trimmed. Since: 0.1 */

/* Normalised email (trimmed, lower-case), snprintf style. Errors: SEGCORE_EINVAL with the
 * reason when the address is invalid, or when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_normalize_email(const char* email, char* buffer, size_t capacity, size_t* length);

/* Normalised phone (`+<digits>`), snprintf style; default_country_code (digits, may be NULL)
 * applies to numbers without '+' or "00". Errors: SEGCORE_EINVAL with the reason for an
 * unexpected character, a total outside 8 to 15 digits, a national number without a default
 * country code, a default that is not digits, or buffer NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_normalize_phone(const char* phone, const char* default_country_code, char* buffer,
                                        size_t capacity, size_t* length);

/* Since: 0.1 */
typedef struct segcore_identity segcore_identity;

/* Makes an empty identity resolver, owned by the caller (segcore_identity_destroy);
 * default_country_code (digits, copied; may be NULL) is used for phones as
 * segcore_normalize_phone does; a bad one makes each national phone a rejection. Cannot fail
 * but for the common codes. Since: 0.1 */
SEGCORE_API int segcore_identity_create(segcore_identity** out, const char* default_country_code);
/* Frees a resolver; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_identity_destroy(segcore_identity* identity);

/* Adds a record with n identifiers (kinds[i] is SEGCORE_ID_*; values are copied; NULL or
 * empty values are ignored; invalid emails and phones are rejected and reported by the next
 * resolve, not linked). *record (may be NULL) receives the record's index. Errors:
 * SEGCORE_EINVAL for an unknown kind, kinds or values NULL with n > 0, or 2^32 - 2 records
 * already. Since: 0.1 */
SEGCORE_API int segcore_identity_add_record(segcore_identity* identity, const int32_t* kinds, const char* const* values,
                                            size_t n, uint32_t* record);

/* Groups the records so far: customer[i] for each record (customers are numbered in order of
 * their first record), and the number of customers (n_customers may be NULL). The links and
 * rejections below describe this resolution. Errors: SEGCORE_ERANGE when count < the
 * records. Since: 0.1 */
SEGCORE_API int segcore_identity_resolve(segcore_identity* identity, uint32_t* customer, size_t count,
                                         size_t* n_customers);

/* Since: 0.1 */
typedef struct segcore_identity_link {
  size_t struct_size; /* set by the caller: the size it knows */
  uint32_t record_a;  /* the earlier record */
  uint32_t record_b;  /* merged with record_a because both carry the identifier */
  int32_t kind;       /* SEGCORE_ID_* */
  int32_t reserved0;  /* written as 0 */
} segcore_identity_link;

/* The links of the last resolve that joined two groups (a spanning forest of the link
 * graph) into *out; 0 before a resolve. Since: 0.1 */
SEGCORE_API int segcore_identity_n_links(const segcore_identity* identity, size_t* out);
/* Link i of the last resolve: records and kind into *out (out->struct_size set by the
 * caller), the shared identifier into value (snprintf style). Errors: SEGCORE_ERANGE when
 * i >= n_links; SEGCORE_EINVAL when out->struct_size is below the first layout's size or
 * value is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_identity_get_link(const segcore_identity* identity, size_t i, segcore_identity_link* out,
                                          char* value, size_t capacity, size_t* length);
/* The identifiers the last resolve rejected (invalid emails and phones) into *out.
 * Since: 0.1 */
SEGCORE_API int segcore_identity_n_rejected(const segcore_identity* identity, size_t* out);
/* "record <r>, <kind> '<value>': <reason>" for rejection i, snprintf style. Errors:
 * SEGCORE_ERANGE when i >= n_rejected; SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_identity_rejected_text(const segcore_identity* identity, size_t i, char* buffer,
                                               size_t capacity, size_t* length);

/* Records added so far into *out. Since: 0.1 */
SEGCORE_API int segcore_identity_n_records(const segcore_identity* identity, size_t* out);

/* Links between records already in one group, from the last resolve: counted, not listed;
 * into *out. Since: 0.1 */
SEGCORE_API int segcore_identity_redundant_links(const segcore_identity* identity, uint64_t* out);

/* Since: 0.1 */
typedef struct segcore_identity_rejection {
  size_t struct_size; /* set by the caller: the size it knows */
  uint32_t record;    /* the record that carried the identifier */
  int32_t kind;       /* SEGCORE_ID_* */
} segcore_identity_rejection;

/* Rejection i of the last resolve: record and kind in *out (out->struct_size set by the
 * caller), the raw value in value (snprintf style). Errors: SEGCORE_ERANGE when
 * i >= n_rejected; SEGCORE_EINVAL when out->struct_size is below the first layout's size or
 * value is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_identity_get_rejected(const segcore_identity* identity, size_t i,
                                              segcore_identity_rejection* out, char* value, size_t capacity,
                                              size_t* length);
/* Why rejection i's value was refused, snprintf style. Errors: SEGCORE_ERANGE when
 * i >= n_rejected; SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_identity_rejected_reason(const segcore_identity* identity, size_t i, char* buffer,
                                                 size_t capacity, size_t* length);

SEGCORE_END_DECLS

#endif /* SEGCORE_PROFILE_H */
