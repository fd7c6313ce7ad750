// Parsing one chunk of CSV records into columns. Chunks are parsed independently (in
// parallel) and merged in order by csv.cpp.
#include <cmath>
#include <cstring>
#include <map>

#include "absl/hash/hash.h"
#include "absl/strings/charconv.h"
#include "absl/strings/str_cat.h"
#include "csv_internal.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

namespace {

bool parse_number(absl::string_view s, double& out) {
  const char* b = s.data();
  const char* e = b + s.size();
  // Fast path: [+-]digits[.digits] with at most 15 digits is exact as integer / 10^k, and one
  // IEEE division rounds correctly, so it equals the full parser's result.
  {
    const char* q = b;
    const bool neg = q < e && *q == '-';
    if (q < e && (*q == '-' || *q == '+')) ++q;
    std::uint64_t m = 0;
    int digits = 0, frac = 0;
    bool dot = false;
    for (; q < e; ++q) {
      const char c = *q;
      if (c >= '0' && c <= '9') {
        m = m * 10 + static_cast<std::uint64_t>(c - '0');
        ++digits;
        frac += dot;
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        break;
      }
    }
    if (q == e && digits > 0 && digits <= 15) {
      static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                          1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
      const double v = static_cast<double>(m) / kPow10[frac];
      out = neg ? -v : v;
      return true;
    }
  }
  if (b < e && *b == '+') ++b;
  if (b == e) return false;
  // Decimal notation only: no hexadecimal ("0x10", "0x1p4"), "inf" or "nan" spellings.
  for (const char* q = b; q < e; ++q)
    if (!((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E' || *q == '-' || *q == '+')) return false;
  auto r = absl::from_chars(b, e, out);
  return r.ec == std::errc() && r.ptr == e && std::isfinite(out);
}

// The first '\n' or delimiter in [p, end), or end. Eight bytes at a time: a byte equal to c
// becomes zero in w ^ c, and the lowest flagged byte of the classic zero-byte test is exact.
inline const char* find_break(const char* p, const char* end, char delimiter) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const std::uint64_t nl = ones * '\n', dl = ones * static_cast<unsigned char>(delimiter);
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t a = w ^ nl, b = w ^ dl;
    const std::uint64_t z = ((a - ones) & ~a & highs) | ((b - ones) & ~b & highs);
    if (z != 0) return p + (__builtin_ctzll(z) >> 3);
    p += 8;
  }
#endif
  while (p < end && *p != '\n' && *p != delimiter) ++p;
  return p;
}

// split_record for text without quotes: fields end at the delimiter or the line end.
const char* split_plain(const char* p, const char* end, char delimiter, std::vector<Field>& fields,
                        std::uint64_t& newlines) {
  fields.clear();
  for (;;) {
    const char* s = p;
    p = find_break(p, end, delimiter);
    if (p == end || *p == '\n') {
      const char* e = p;
      if (e > s && e[-1] == '\r') --e;
      fields.push_back({absl::string_view(s, static_cast<std::size_t>(e - s)), false});
      if (p == end) return end;
      ++newlines;
      return p + 1;
    }
    fields.push_back({absl::string_view(s, static_cast<std::size_t>(p - s)), false});
    ++p;
  }
}

// An integer id of 2^32 or more: the chunk's ids so far move to 64-bit storage.
void to_wide(ChunkResult& out) {
  out.narrow_keys = false;
  out.customer_keys.reserve(out.capacity);
  out.customer_keys.assign(out.codes, out.codes + out.rows);
}

// Leaves the numeric-id fast path: the chunk's ids so far go into its dictionary.
void to_dictionary(ChunkResult& out) {
  out.numeric_customers = false;
  for (std::size_t r = 0; r < out.rows; ++r) {
    const std::uint64_t k = out.narrow_keys ? out.codes[r] : out.customer_keys[r];
    out.codes[r] = out.customer.code(out.owned.emplace_back(std::to_string(k)));
  }
  std::vector<std::uint64_t>().swap(out.customer_keys);
}

// What a value must look like, for messages.
const char* expected(TimestampFormat f) {
  switch (f) {
    case TimestampFormat::iso8601:
      return "YYYY-MM-DD[ HH:MM[:SS]]";
    case TimestampFormat::mdy:
      return "M/D/YYYY[ H:MM[:SS][ AM|PM]]";
    case TimestampFormat::dmy:
      return "D/M/YYYY[ H:MM[:SS][ AM|PM]]";
    case TimestampFormat::epoch_seconds:
      return "epoch seconds";
    case TimestampFormat::yyyymmdd:
      return "YYYYMMDD";
    default:
      return "ISO-8601, M/D/YYYY H:MM or epoch seconds";
  }
}

// Values above this are refused: sums are kept exactly in micro-units (int64 per value).
constexpr double kMaxAmount = 1e12;

// Shortens a field for a message.
std::string quote(absl::string_view s) {
  if (s.size() > 40) return absl::StrCat("'", s.substr(0, 40), "...'");
  return absl::StrCat("'", s, "'");
}

}  // namespace

void parse_chunk(absl::string_view text, std::size_t begin, std::size_t end_offset, std::uint64_t first_line,
                 bool has_nul, bool has_quotes, const ColumnPlan& plan, const CsvOptions& options, ChunkResult& out) {
  const char* const base = text.data();
  const char* p = base + begin;
  const char* const end = base + end_offset;
  const bool keep_spans = options.duplicates != DuplicatePolicy::ignore;
  const bool strict = options.mode == IngestMode::strict;
  std::map<std::string, std::uint64_t> reasons;
  out.categories.resize(plan.categories.size());
  out.attributes.resize(plan.attributes.size());
  out.category_codes.resize(plan.categories.size());
  out.attribute_codes.resize(plan.attributes.size());
  out.numerics.resize(plan.numerics.size());
  std::vector<Field> fields;
  fields.reserve(plan.n_fields + 1);
  // Room for every row the chunk could hold (virtual memory; only what is written is touched),
  // so the columns never reallocate and copy.
  const std::size_t most = out.capacity;
  if (plan.order >= 0) out.order_codes.reserve(most);
  // Record hashes stay in a per-thread buffer until grouped at the end of the chunk.
  thread_local std::vector<std::uint64_t> hashes;
  hashes.clear();
  if (keep_spans) {
    out.hashes.begin = begin;
    out.hashes.offset.reserve(most);
    hashes.reserve(most);
  }
  std::vector<double> numeric_values(plan.numerics.size());
  std::uint64_t line = first_line;

  while (p < end) {
    if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
      p += *p == '\r' ? 2 : 1;
      ++line;
      ++out.blank_lines;
      continue;
    }
    const char* record = p;
    const std::uint64_t record_line = line;
    const char* error = nullptr;
    std::size_t error_field = 0;
    p = has_quotes ? split_record(p, end, options.delimiter, fields, out.owned, line, error, error_field)
                   : split_plain(p, end, options.delimiter, fields, line);
    ++out.records;

    // Records one bad row; in strict mode it ends the chunk.
    auto bad = [&](std::size_t column, const char* reason, std::string detail) {
      ++out.skipped;
      ++reasons[reason];
      if (out.bad_rows.size() < std::max<std::size_t>(options.max_reported, 1))
        out.bad_rows.push_back({record_line, static_cast<std::uint32_t>(column), reason, std::move(detail)});
      if (strict) out.failed = true;
    };
    auto field = [&](int col) { return fields[static_cast<std::size_t>(col)].text; };
    auto name = [&](int col) -> const std::string& { return plan.header[static_cast<std::size_t>(col)]; };

    if (has_nul && std::memchr(record, 0, p - record) != nullptr) {
      bad(0, "embedded NUL", "the record contains a NUL byte");
    } else if (error != nullptr) {
      bad(error_field + 1, "bad quoting", error);
    } else if (fields.size() != plan.n_fields) {
      bad(0, "wrong field count", absl::StrCat(fields.size(), " fields; the header has ", plan.n_fields));
    } else {
      // Parse and check everything first, so that a bad row leaves no trace in the columns.
      std::int64_t ts;
      double amount = 0;
      bool ok = true;
      const absl::string_view cust = field(plan.customer);
      if (cust.empty()) {
        bad(plan.customer + 1, "empty customer id", absl::StrCat(name(plan.customer), " is empty"));
        ok = false;
      } else if (!parse_timestamp(field(plan.timestamp), options.timestamp_format, ts)) {
        bad(plan.timestamp + 1, "bad timestamp",
            absl::StrCat(name(plan.timestamp), ": ", quote(field(plan.timestamp)), " is not a timestamp (",
                         expected(options.timestamp_format), ")", [&] {
                           const std::string h = timestamp_hint(field(plan.timestamp), options.timestamp_format);
                           return h.empty() ? h : absl::StrCat(": ", h);
                         }()));
        ok = false;
      }
      auto number = [&](int col, double& v) {
        if (!ok || col < 0) return;
        if (!parse_number(field(col), v)) {
          bad(col + 1, "bad number", absl::StrCat(name(col), ": ", quote(field(col)), " is not a finite number"));
          ok = false;
        }
      };
      if (plan.amount >= 0) {
        number(plan.amount, amount);
      } else if (plan.quantity >= 0) {
        double q = 0, price = 0;
        number(plan.quantity, q);
        number(plan.price, price);
        amount = q * price;
      }
      if (ok && !(std::fabs(amount) <= kMaxAmount)) {
        bad((plan.amount >= 0 ? plan.amount : plan.quantity) + 1, "amount out of range",
            absl::StrCat("amount ", amount, " is beyond +-1e12"));
        ok = false;
      }
      for (std::size_t k = 0; ok && k < plan.numerics.size(); ++k) {
        if (field(plan.numerics[k]).empty())
          numeric_values[k] = std::nan("");
        else
          number(plan.numerics[k], numeric_values[k]);
      }
      if (ok && plan.order >= 0 && field(plan.order).empty()) {
        bad(plan.order + 1, "empty order id", absl::StrCat(name(plan.order), " is empty"));
        ok = false;
      }
      // Text that becomes dictionary values must be UTF-8.
      auto text_ok = [&](int col) {
        if (!ok || col < 0) return;
        if (!valid_utf8(field(col))) {
          bad(col + 1, "invalid UTF-8", absl::StrCat(name(col), " is not valid UTF-8"));
          ok = false;
        }
      };
      std::uint64_t customer_key = 0;
      const bool numeric_id = out.numeric_customers && as_number(cust, customer_key);
      if (!numeric_id) text_ok(plan.customer);  // digits are valid UTF-8
      text_ok(plan.order);
      for (int c : plan.categories) text_ok(c);
      for (int c : plan.attributes) text_ok(c);
      if (ok && out.rows == out.capacity) {  // cannot happen: every kept row ends a line
        bad(0, "internal error", "more records than lines in a chunk");
        out.failed = true;
        ok = false;
      }
      if (ok) {
        if (numeric_id) {
          if (customer_key > UINT32_MAX && out.narrow_keys) to_wide(out);
          if (out.narrow_keys)
            out.codes[out.rows] = static_cast<std::uint32_t>(customer_key);
          else
            out.customer_keys.push_back(customer_key);
          out.key_min = std::min(out.key_min, customer_key);
          out.key_max = std::max(out.key_max, customer_key);
        } else {
          if (out.numeric_customers) to_dictionary(out);
          out.codes[out.rows] = out.customer.code(cust);
        }
        if (plan.order >= 0) out.order_codes.push_back(out.order.code(field(plan.order)));
        out.timestamp[out.rows] = ts;
        out.amount[out.rows] = amount;
        ++out.rows;
        for (std::size_t k = 0; k < plan.categories.size(); ++k)
          out.category_codes[k].push_back(out.categories[k].code(field(plan.categories[k])));
        for (std::size_t k = 0; k < plan.attributes.size(); ++k)
          out.attribute_codes[k].push_back(out.attributes[k].code(field(plan.attributes[k])));
        for (std::size_t k = 0; k < plan.numerics.size(); ++k) out.numerics[k].push_back(numeric_values[k]);
        if (keep_spans) {
          out.hashes.offset.push_back(static_cast<std::uint32_t>(record - (base + begin)));
          hashes.push_back(absl::HashOf(trim_line_end(absl::string_view(record, p - record))));
        }
      }
    }
    if (out.failed) break;
  }
  if (keep_spans) group_hashes(hashes, out.hashes);
  out.lines = line - first_line;
  out.skipped_by_reason.assign(reasons.begin(), reasons.end());
}

}  // namespace io_detail
SEGCORE_NAMESPACE_END
