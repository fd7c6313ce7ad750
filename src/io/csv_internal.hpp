// Internal pieces of the CSV reader: record splitting, per-chunk parsing, dictionaries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "duplicates.hpp"
#include "segcore/io.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

// True when v is a plain decimal integer (1 to 19 digits, no sign, no leading zero): such ids,
// the common case, are hashed as numbers. Two texts share a key only if they are equal.
inline bool as_number(absl::string_view v, std::uint64_t& out) {
  if (v.empty() || v.size() > 19 || (v[0] == '0' && v.size() > 1)) return false;
  std::uint64_t x = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    x = x * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = x;
  return true;
}

// A string dictionary whose codes follow first appearance. Views point into the input text or
// into `owned` (unescaped quoted fields), both of which outlive the dictionary's use.
struct LocalDict {
  absl::flat_hash_map<absl::string_view, std::uint32_t> index;
  absl::flat_hash_map<std::uint64_t, std::uint32_t> numbers;
  std::vector<absl::string_view> values;
  std::uint32_t code(absl::string_view v) {
    std::uint64_t key;
    const auto next = static_cast<std::uint32_t>(values.size());
    if (as_number(v, key)) {
      auto [it, inserted] = numbers.try_emplace(key, next);
      if (inserted) values.push_back(v);
      return it->second;
    }
    auto [it, inserted] = index.try_emplace(v, next);
    if (inserted) values.push_back(v);
    return it->second;
  }
};

// Header column positions of the fields the caller mapped; -1 when not used.
struct ColumnPlan {
  std::size_t n_fields = 0;  // fields per record, from the header
  int customer = -1, timestamp = -1, amount = -1, quantity = -1, price = -1, order = -1;
  std::vector<int> categories, attributes, numerics;
  std::vector<std::string> header;  // names, for messages
};

// Everything one chunk of records produced, before merging in chunk order.
struct ChunkResult {
  LocalDict customer, order;
  std::vector<LocalDict> categories, attributes;
  std::vector<std::uint32_t> order_codes;
  std::vector<std::vector<std::uint32_t>> category_codes, attribute_codes;
  // Timestamps, amounts and customer ids go straight into the table's columns, from row
  // `first_row` on: `capacity` rows are set aside for the chunk (its line count, a bound on
  // its records). codes[] holds, until the merge numbers customers, the id itself while ids
  // are integers below 2^32 (narrow_keys), else the code in the chunk's `customer` dictionary
  // (ids not all integers); integer ids from 2^32 up are kept in customer_keys instead.
  std::int64_t* timestamp = nullptr;
  double* amount = nullptr;
  std::uint32_t* codes = nullptr;
  std::size_t first_row = 0, capacity = 0;
  std::size_t rows = 0;  // rows kept
  std::vector<std::vector<double>> numerics;
  // Customer ids while all of them are plain integers (as_number): keys instead of codes.
  bool numeric_customers = true;
  bool narrow_keys = true;
  std::vector<std::uint64_t> customer_keys;
  std::uint64_t key_min = UINT64_MAX, key_max = 0;
  ChunkHashes hashes;             // for the duplicate search
  std::deque<std::string> owned;  // unescaped field texts
  std::uint64_t records = 0, blank_lines = 0, skipped = 0;
  std::uint64_t lines = 0;       // newlines consumed
  std::vector<BadRow> bad_rows;  // up to max_reported
  std::vector<std::pair<std::string, std::uint64_t>> skipped_by_reason;
  bool failed = false;  // strict mode: bad_rows[0] is the error
};

// Parses the records in text[begin, end), whose first line is first_line, into out.
// has_nul / has_quotes: whether the range may hold NUL bytes / quotes (else faster paths).
void parse_chunk(absl::string_view text, std::size_t begin, std::size_t end, std::uint64_t first_line, bool has_nul,
                 bool has_quotes, const ColumnPlan& plan, const CsvOptions& options, ChunkResult& out);

// Splits the record starting at p into fields (unescaping quoted ones into scratch). Returns
// the position after the record's line end. On malformed quoting sets error (with the
// 0-based field index in error_field) and still returns the record's end.
struct Field {
  absl::string_view text;
  bool quoted = false;
};
const char* split_record(const char* p, const char* end, char delimiter, std::vector<Field>& fields,
                         std::deque<std::string>& scratch, std::uint64_t& newlines, const char*& error,
                         std::size_t& error_field);

// The record without its trailing "\n" or "\r\n".
inline absl::string_view trim_line_end(absl::string_view r) {
  if (!r.empty() && r.back() == '\n') r.remove_suffix(1);
  if (!r.empty() && r.back() == '\r') r.remove_suffix(1);
  return r;
}

// The end of the record starting at p, by quote parity (as the chunk splitter decides).
const char* record_end(const char* p, const char* end);

// A parsed header: which columns mean what, where the records start, and the line they start
// on (a quoted header field may span lines).
struct CsvHeader {
  ColumnPlan plan;
  std::size_t body = 0;          // offset of the first record in the text
  std::uint64_t first_line = 2;  // its 1-based line number
};

// read_csv's checks of its options (an InvalidArgument starting with `where`).
Status check_csv_options(const CsvOptions& options, absl::string_view where);

// The header at the start of text (after any byte order mark). `where` starts messages.
StatusOr<CsvHeader> parse_header(absl::string_view text, const CsvOptions& options, absl::string_view where);

// Parses the records of text from header.body on, in parallel chunks merged in order; bad rows
// are numbered from header.first_line. need_records: no records at all is an error (false
// for a window of a longer input, whose other windows may hold them).
StatusOr<Ingested> parse_records(absl::string_view text, const CsvHeader& header, const CsvOptions& options,
                                 absl::string_view where, bool need_records);

// Why a value that failed to parse as a timestamp may have failed, for the message ("" when
// nothing more specific than the format can be said): a time-zone name, a day-first date.
std::string timestamp_hint(absl::string_view text, TimestampFormat format);

// The timestamps segcore takes, in epoch seconds: 0000-01-01 00:00:00 to 9999-12-31 23:59:59
// UTC, the years ISO-8601 text can write. Within them, differences of timestamps and a day
// added to one cannot overflow.
inline constexpr std::int64_t kMinTimestamp = -62167219200;
inline constexpr std::int64_t kMaxTimestamp = 253402300799;
inline bool timestamp_in_range(std::int64_t t) { return t >= kMinTimestamp && t <= kMaxTimestamp; }

// True when s is valid UTF-8.
bool valid_utf8(absl::string_view s);

// The offset of the first byte of s that does not start a valid UTF-8 character, or npos.
std::size_t invalid_utf8_at(absl::string_view s);

}  // namespace io_detail
SEGCORE_NAMESPACE_END
