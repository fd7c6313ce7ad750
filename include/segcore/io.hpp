// Ingest: CSV files and caller's arrays into a columnar EventTable, with a report of what was
// read, skipped and duplicated. Nothing is dropped without being counted in the report.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Strings stored once, rows holding codes. Codes follow first appearance in the input.
struct Categorical {
  std::string name;                  // the column's name
  std::vector<std::uint32_t> codes;  // one per row
  std::vector<std::string> values;   // code -> text
};

// A numeric column; NaN marks a missing (empty) value.
struct NumericColumn {
  std::string name;            // the column's name
  std::vector<double> values;  // one per row
};

// One row per event (a transaction line, a page view, ...). Timestamps are epoch seconds (UTC).
struct EventTable {
  Categorical customer;                 // the customer of each row
  std::vector<std::int64_t> timestamp;  // epoch seconds
  std::vector<double> amount;           // 0 for events without money
  bool has_order = false;               // an order column was given
  Categorical order;                    // empty unless has_order
  std::vector<Categorical> categories;  // counted per customer and value (event type, channel)
  std::vector<Categorical> attributes;  // carried per customer: the latest value
  std::vector<NumericColumn> numerics;  // carried per customer: the latest value

  std::size_t rows() const { return timestamp.size(); }  // the number of events
};

// Builds an EventTable from arrays the caller holds. order may be empty (each row is then an
// order). Ids become the decimal text of the integer. Fails naming the row on a non-finite
// amount or an amount beyond +-1e12 (sums are kept exactly in micro-units, see profile.hpp).
StatusOr<EventTable> events_from_arrays(std::span<const std::int64_t> customer, std::span<const std::int64_t> timestamp,
                                        std::span<const double> amount, std::span<const std::int64_t> order = {});

// The same with ids of any text: per-row codes into labels (customer ids, order ids), each
// label non-empty, valid UTF-8 and distinct. Codes are renumbered in order of first appearance,
// so the table is the one text ids of the same rows would give. order may be empty. Since: 0.2
StatusOr<EventTable> events_from_labels(std::span<const std::uint32_t> customer,
                                        std::span<const absl::string_view> customer_labels,
                                        std::span<const std::int64_t> timestamp, std::span<const double> amount,
                                        std::span<const std::uint32_t> order = {},
                                        std::span<const absl::string_view> order_labels = {});

// Extra columns for a table built by events_from_arrays (or any EventTable): per-row codes into
// distinct labels (a category counted per customer, or an attribute carried per customer), or
// per-row numbers (NaN: missing). The column is appended only when every check passes:
// `name` non-empty and not yet used by the table's extra columns, one value per row, labels
// valid UTF-8 and distinct, every code below labels.size(), no infinite number. Messages
// start with `where`, the caller's name for the call. add_category adds to events.categories.
Status add_category(EventTable& events, absl::string_view name, std::span<const std::uint32_t> codes,
                    std::span<const absl::string_view> labels, absl::string_view where = "add_category");
// The same for an attribute column (events.attributes).
Status add_attribute(EventTable& events, absl::string_view name, std::span<const std::uint32_t> codes,
                     std::span<const absl::string_view> labels, absl::string_view where = "add_attribute");
// The same for a numeric column (events.numerics) of one number per row.
Status add_numeric(EventTable& events, absl::string_view name, std::span<const double> values,
                   absl::string_view where = "add_numeric");

// What read_csv does with a bad row.
enum class IngestMode : int {
  strict = 0,   // the first bad row is an error naming line, column and reason
  lenient = 1,  // bad rows are skipped, counted by reason and listed (up to max_reported)
};

// Time-zone names other than UTC and GMT are not read (they would need a time-zone
// database): such values fail with a message saying so.
enum class TimestampFormat : int {
  automatic = 0,      // per value: digits only = epoch seconds, else ISO-8601, else M/D/YYYY
  iso8601 = 1,        // YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|+HH:MM|-HH:MM| UTC| GMT]
  mdy = 2,            // M/D/YYYY[ H:MM[:SS][ AM|PM]] (the UCI Online Retail spreadsheet format);
                      // '-' or '.' may replace both '/'
  epoch_seconds = 3,  // integer seconds since 1970-01-01 UTC
  yyyymmdd = 4,       // 19970101 (CDNOW)
  dmy = 5,            // D/M/YYYY[ H:MM[:SS][ AM|PM]], day first; '-' or '.' may replace both '/'
};

// What read_csv does with records that repeat an earlier one exactly.
enum class DuplicatePolicy : int {
  report = 0,  // exact duplicate records are kept, counted and listed
  drop = 1,    // ... and removed from the table (still counted and listed)
  ignore = 2,  // not looked for (faster)
};

// Which CSV columns (by header name) mean what. Exactly one of amount_col or the pair
// quantity_col + price_col (amount = quantity * price) names the money; amount_col may also be
// empty with both empty, for events without money.
struct CsvColumns {
  std::string customer = "customer_id";  // the customer id
  std::string timestamp = "timestamp";   // the event time
  std::string amount = "amount";         // the money; "" for none
  std::string quantity;                  // with price instead of amount
  std::string price;                     // with quantity
  std::string order;                     // optional
  std::vector<std::string> categories;   // optional
  std::vector<std::string> attributes;   // optional, text
  std::vector<std::string> numerics;     // optional, numbers (empty = missing)
};

// Options of read_csv and read_csv_text.
struct CsvOptions {
  CsvColumns columns;                                             // which columns mean what
  char delimiter = ',';                                           // one byte
  IngestMode mode = IngestMode::strict;                           // strict or lenient
  TimestampFormat timestamp_format = TimestampFormat::automatic;  // how times are written
  DuplicatePolicy duplicates = DuplicatePolicy::report;           // report, drop or ignore
  int n_threads = 1;                                              // >= 1, or 0 for one per hardware thread
  std::size_t max_reported = 100;                                 // bad rows and duplicates listed in the report
};

// A row that was skipped (lenient) or refused (strict). line is 1-based and counts physical
// lines (the header is line 1); column is 1-based, 0 when the fault is the whole record.
struct BadRow {
  std::uint64_t line = 0;    // 1-based physical line
  std::uint32_t column = 0;  // 1-based; 0: the whole record
  std::string reason;        // the category, e.g. "bad number"
  std::string detail;        // e.g. "Quantity: 'abc' is not a number"
};

// A record identical to an earlier one.
struct DuplicateRow {
  std::uint64_t line = 0;        // the repeated record
  std::uint64_t first_line = 0;  // its first occurrence
};

// What read_csv read, kept and skipped.
struct IngestReport {
  std::uint64_t records = 0;       // data records in the input (header and blank lines excluded)
  std::uint64_t rows_kept = 0;     // rows in the EventTable
  std::uint64_t rows_skipped = 0;  // bad rows skipped (lenient mode)
  std::uint64_t blank_lines = 0;   // empty lines, ignored
  std::map<std::string, std::uint64_t> skipped_by_reason;  // rows_skipped per BadRow::reason
  std::vector<BadRow> bad_rows;                            // the first max_reported skipped rows, in file order
  std::uint64_t duplicates = 0;                            // records identical to an earlier one (0 with policy ignore)
  bool duplicates_dropped = false;                         // DuplicatePolicy::drop removed them
  std::vector<DuplicateRow> duplicate_rows;                // the first max_reported

  // Several lines of plain text summarising the above.
  std::string to_string() const;
};

// The events read and the report of reading them.
struct Ingested {
  EventTable events;    // the rows kept
  IngestReport report;  // what was read, kept and skipped
};

// Reads a whole CSV file: RFC 4180 quoting (quoted delimiters, doubled quotes and newlines),
// LF or CRLF line ends, an optional UTF-8 byte order mark, a header row naming the columns.
// Large files are split at record boundaries and parsed on n_threads threads; the result does
// not depend on the thread count. The path may also be "-" (standard input), a pipe or a FIFO,
// and the input may be gzip or zstd compressed: see read_input, which reads it.
StatusOr<Ingested> read_csv(absl::string_view path, const CsvOptions& options);

// read_csv from an open descriptor (a file, pipe or socket), read to its end and left open;
// `source` names it in messages.
StatusOr<Ingested> read_csv_fd(int fd, const CsvOptions& options, absl::string_view source = "<descriptor>");

// read_csv over text in memory (the file's bytes); `source` names it in messages.
StatusOr<Ingested> parse_csv(absl::string_view text, const CsvOptions& options, absl::string_view source = "<memory>");

// An input's bytes, read whole into memory that this object owns. Move-only.
class InputText {
 public:
  InputText() = default;
  InputText(char* data, std::size_t size) : data_(data), size_(size) {}  // takes a malloc'ed block
  // Takes o's bytes; o is left empty.
  InputText(InputText&& o) noexcept : data_(o.data_), size_(o.size_) { o.data_ = nullptr, o.size_ = 0; }
  // Frees this object's bytes and takes o's; o is left empty.
  InputText& operator=(InputText&& o) noexcept;
  InputText(const InputText&) = delete;
  InputText& operator=(const InputText&) = delete;
  ~InputText();
  absl::string_view view() const { return {data_, size_}; }  // the bytes

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
};

// Reads a whole input into memory, as read_csv does before parsing. path is a regular file, a
// pipe or FIFO, a terminal, or "-" for standard input; other devices and folders are refused.
// A regular file is read with positioned reads into owned memory (never mapped, so a file cut
// short meanwhile cannot raise SIGBUS) on n_threads threads, and its size and times are
// compared before and after: a file that shrinks, grows or is rewritten while it is read is an
// error (Unavailable), never a mix of two versions. Input starting with the gzip or
// zstd magic bytes is decompressed (every member or frame); bzip2, xz and zip are refused by
// name.
StatusOr<InputText> read_input(absl::string_view path, int n_threads = 1);

// read_input from an open descriptor, left open; `source` names it in messages. A regular file
// is read whole (from its start, whatever the descriptor's position), a pipe to its end.
StatusOr<InputText> read_input_fd(int fd, absl::string_view source, int n_threads = 1);

// A table's rows split by customer into parts that share no customer: every row of a customer
// goes to part customer_part(its id, n) in its order, so the parts of many tables, each
// part's share merged in the tables' order, hold each customer's whole history.
struct CustomerSplit {
  std::vector<EventTable> parts;  // one per part; codes renumbered by first appearance in the part
  // Per part, per customer code: the row of the split table where the customer first appears.
  std::vector<std::vector<std::uint64_t>> first_row;
};

// The part of a customer id among n_parts (n_parts >= 1): the 64-bit FNV-1a hash of the id's
// bytes, modulo n_parts. Fixed, so every process and every version agree. Since: 0.2
std::size_t customer_part(absl::string_view id, std::size_t n_parts);

// Splits events into n_parts tables by customer_part (category, attribute and numeric
// columns travel with their rows). Fails when n_parts is 0. Since: 0.2
StatusOr<CustomerSplit> split_by_customer(const EventTable& events, std::size_t n_parts);

// Parses one timestamp into epoch seconds (UTC); false when it is not in the format.
bool parse_timestamp(absl::string_view text, TimestampFormat format, std::int64_t& out);

SEGCORE_NAMESPACE_END
