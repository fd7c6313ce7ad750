// The CSV reader: header mapping, splitting into chunks at record boundaries, parsing chunks
// in parallel and merging them in chunk order, so the result never depends on thread count.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/huge_pages.hpp"
#include "csv_internal.hpp"
#include "duplicates.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

using io_detail::ChunkResult;
using io_detail::ColumnPlan;
using io_detail::Field;

// Chunks are cut every kBlock bytes (then moved to the next record start): a size fixed by the
// input alone.
constexpr std::size_t kBlock = std::size_t{1} << 22;

Status validate(const CsvOptions& o, absl::string_view where) {
  const CsvColumns& c = o.columns;
  if (o.n_threads < 0) return invalid_argument(where, "n_threads is ", o.n_threads, "; use >= 1, or 0 for all cores");
  if (o.delimiter == '"' || o.delimiter == '\n' || o.delimiter == '\r' || o.delimiter == '\0')
    return invalid_argument(where, "the delimiter cannot be a quote, a line end or NUL");
  if (c.customer.empty() || c.timestamp.empty())
    return invalid_argument(where, "the customer and timestamp columns must be named");
  if (c.quantity.empty() != c.price.empty())
    return invalid_argument(where, "quantity and price columns go together: name both or neither");
  if (!c.quantity.empty() && !c.amount.empty())
    return invalid_argument(where, "name either an amount column or quantity and price columns, not both");
  if (static_cast<unsigned>(o.mode) > 1 || static_cast<unsigned>(o.timestamp_format) > 5 ||
      static_cast<unsigned>(o.duplicates) > 2)
    return invalid_argument(where, "unknown mode, timestamp format or duplicate policy");
  return absl::OkStatus();
}

struct ByteCounts {
  std::uint64_t quotes = 0, newlines = 0;
  bool nul = false;
};

// Quotes, newlines and NULs in [s, e), in one pass that compilers vectorise: byte-wide
// counters over 255-byte stretches (so they cannot overflow), added up after each.
ByteCounts count_bytes(const char* s, const char* e) {
  ByteCounts c;
  unsigned char nul = 0;
  while (s < e) {
    const std::size_t len = std::min<std::size_t>(static_cast<std::size_t>(e - s), 255);
    unsigned char q = 0, n = 0;
    for (std::size_t i = 0; i < len; ++i) {
      const auto b = static_cast<unsigned char>(s[i]);
      q += b == '"';
      n += b == '\n';
      nul |= b == 0;
    }
    c.quotes += q;
    c.newlines += n;
    s += len;
  }
  c.nul = nul != 0;
  return c;
}

// When a missing column's name is inside a header field beside another likely delimiter (a
// tab- or semicolon-separated file read with commas), says which delimiter to set.
std::string delimiter_hint(const std::vector<std::string>& header, const std::string& name, char delimiter) {
  for (const std::string& field : header) {
    if (field.find(name) == std::string::npos) continue;
    for (const char d : {'\t', ';', '|', ','}) {
      if (d == delimiter || field.find(d) == std::string::npos) continue;
      if (d == '\t') return "; the header looks tab-separated: set the delimiter to a tab ('\\t'; --delimiter tab)";
      return absl::StrCat("; the header looks '", std::string(1, d), "'-separated: set the delimiter to '",
                          std::string(1, d), "'");
    }
  }
  return "";
}

StatusOr<ColumnPlan> plan_columns(const std::vector<Field>& header, const CsvOptions& o, absl::string_view where) {
  ColumnPlan plan;
  plan.n_fields = header.size();
  for (const Field& f : header) plan.header.emplace_back(f.text);
  auto find = [&](const std::string& name, int& out) -> Status {
    if (name.empty()) return absl::OkStatus();
    out = -1;
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i].text != name) continue;
      if (out >= 0)
        return invalid_argument(where, "column '", name, "' appears twice in the header (columns ", out + 1, " and ",
                                i + 1, ")");
      out = static_cast<int>(i);
    }
    if (out < 0)
      return absl::NotFoundError(absl::StrCat(where, ": column '", name, "' is not in the header (",
                                              absl::StrJoin(plan.header, ", "), ")",
                                              delimiter_hint(plan.header, name, o.delimiter)));
    return absl::OkStatus();
  };
  const CsvColumns& c = o.columns;
  SEGCORE_RETURN_IF_ERROR(find(c.customer, plan.customer));
  SEGCORE_RETURN_IF_ERROR(find(c.timestamp, plan.timestamp));
  SEGCORE_RETURN_IF_ERROR(find(c.amount, plan.amount));
  SEGCORE_RETURN_IF_ERROR(find(c.quantity, plan.quantity));
  SEGCORE_RETURN_IF_ERROR(find(c.price, plan.price));
  SEGCORE_RETURN_IF_ERROR(find(c.order, plan.order));
  auto find_all = [&](const std::vector<std::string>& names, std::vector<int>& out) -> Status {
    for (const auto& n : names) {
      int i = -1;
      if (n.empty()) return invalid_argument(where, "an empty column name was given");
      SEGCORE_RETURN_IF_ERROR(find(n, i));
      out.push_back(i);
    }
    return absl::OkStatus();
  };
  SEGCORE_RETURN_IF_ERROR(find_all(c.categories, plan.categories));
  SEGCORE_RETURN_IF_ERROR(find_all(c.attributes, plan.attributes));
  SEGCORE_RETURN_IF_ERROR(find_all(c.numerics, plan.numerics));
  return plan;
}

// Merges the chunks' dictionaries in chunk order and writes global codes. Frees chunk memory
// as it goes so the peak stays near one copy of the columns.
void merge_dict(std::vector<ChunkResult>& chunks, Categorical& out, io_detail::LocalDict ChunkResult::*dict,
                std::vector<std::uint32_t> ChunkResult::*codes, std::size_t rows) {
  io_detail::LocalDict global;
  out.codes.resize(rows);
  std::size_t at = 0;
  for (ChunkResult& c : chunks) {
    io_detail::LocalDict& d = c.*dict;
    std::vector<std::uint32_t> remap(d.values.size());
    for (std::size_t i = 0; i < d.values.size(); ++i) remap[i] = global.code(d.values[i]);
    decltype(d.index)().swap(d.index);
    decltype(d.numbers)().swap(d.numbers);
    for (std::uint32_t code : c.*codes) out.codes[at++] = remap[code];
    std::vector<std::uint32_t>().swap(c.*codes);
  }
  out.values.reserve(global.values.size());
  for (absl::string_view v : global.values) out.values.emplace_back(v);
}

// Customer codes in first-appearance order, written over out.codes, which holds each chunk's
// rows (gaps closed) as its ids (narrow keys) or its dictionary codes. Chunks whose ids were
// all plain integers hold keys: a dense key range is numbered through a direct table (no
// hashing), else through the dictionary's integer map, which also serves chunks that fell
// back to text.
void merge_customers(std::vector<ChunkResult>& chunks, Categorical& out, std::size_t rows) {
  bool all_numeric = true;
  std::uint64_t lo = UINT64_MAX, hi = 0;
  for (const ChunkResult& c : chunks) {
    all_numeric &= c.numeric_customers;
    if (c.rows > 0) lo = std::min(lo, c.key_min), hi = std::max(hi, c.key_max);
  }
  std::uint32_t* codes = out.codes.data();
  // Runs number(key) over chunk c's ids, writing codes in row order.
  auto each_key = [&](ChunkResult& c, auto&& number) {
    if (c.narrow_keys) {
      for (std::size_t i = 0; i < c.rows; ++i) codes[i] = number(codes[i]);
    } else {
      for (std::size_t i = 0; i < c.rows; ++i) codes[i] = number(c.customer_keys[i]);
      std::vector<std::uint64_t>().swap(c.customer_keys);
    }
    codes += c.rows;
  };
  if (all_numeric && rows > 0 && hi - lo < std::max<std::uint64_t>(4 * rows, 1u << 22)) {
    // A direct table over the key range, walked once in row order: a cache-resident array
    // lookup per row, cheaper in total than any parallel scheme tried.
    std::vector<std::uint32_t> table(hi - lo + 1, UINT32_MAX);
    for (ChunkResult& c : chunks)
      each_key(c, [&](std::uint64_t k) {
        std::uint32_t& slot = table[k - lo];
        if (slot == UINT32_MAX) {
          slot = static_cast<std::uint32_t>(out.values.size());
          out.values.push_back(std::to_string(k));
        }
        return slot;
      });
    return;
  }
  io_detail::LocalDict global;
  std::deque<std::string> texts;  // integer ids as text, for the dictionary's views
  for (ChunkResult& c : chunks) {
    if (c.numeric_customers) {
      each_key(c, [&](std::uint64_t k) {
        auto [it, inserted] = global.numbers.try_emplace(k, static_cast<std::uint32_t>(global.values.size()));
        if (inserted) global.values.push_back(texts.emplace_back(std::to_string(k)));
        return it->second;
      });
    } else {
      std::vector<std::uint32_t> remap(c.customer.values.size());
      for (std::size_t i = 0; i < remap.size(); ++i) remap[i] = global.code(c.customer.values[i]);
      for (std::size_t i = 0; i < c.rows; ++i) codes[i] = remap[codes[i]];
      codes += c.rows;
    }
  }
  out.values.reserve(global.values.size());
  for (absl::string_view v : global.values) out.values.emplace_back(v);
}

}  // namespace

namespace {

// Shares of a read_csv call, for its progress reports: reading the bytes, counting quotes and
// line ends, parsing the records; the merges after take the rest.
constexpr double kReadEnd = 0.25, kCountEnd = 0.3, kParseEnd = 0.95;

StatusOr<Ingested> parse_text(absl::string_view text, const CsvOptions& options, absl::string_view source) {
  const std::string where = absl::StrCat("read_csv: ", source);
  SEGCORE_RETURN_IF_ERROR(validate(options, where));
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
  if (text.empty()) return invalid_argument(where, "the file is empty (no header)");
  // Line ends are LF or CRLF. Text without any LF but with CRs (classic Mac OS line ends) is
  // read from a copy with every CR made an LF (in quoted fields too).
  std::string lf_text;
  if (std::memchr(text.data(), '\n', text.size()) == nullptr &&
      std::memchr(text.data(), '\r', text.size()) != nullptr) {
    lf_text.assign(text.data(), text.size());
    std::replace(lf_text.begin(), lf_text.end(), '\r', '\n');
    text = lf_text;
  }

  SEGCORE_ASSIGN_OR_RETURN(io_detail::CsvHeader header, io_detail::parse_header(text, options, where));
  return io_detail::parse_records(text, header, options, where, true);
}

}  // namespace

namespace io_detail {

Status check_csv_options(const CsvOptions& options, absl::string_view where) { return validate(options, where); }

StatusOr<CsvHeader> parse_header(absl::string_view text, const CsvOptions& options, absl::string_view where) {
  std::vector<Field> header;
  std::deque<std::string> header_text;
  std::uint64_t header_lines = 0;
  const char* error = nullptr;
  std::size_t error_field = 0;
  const char* body = io_detail::split_record(text.data(), text.data() + text.size(), options.delimiter, header,
                                             header_text, header_lines, error, error_field);
  if (error != nullptr) return invalid_argument(where, "line 1, column ", error_field + 1, ": ", error);
  for (const Field& f : header)
    if (std::memchr(f.text.data(), 0, f.text.size()) != nullptr || !io_detail::valid_utf8(f.text))
      return invalid_argument(where, "line 1: the header holds a NUL byte or invalid UTF-8");
  CsvHeader h;
  SEGCORE_ASSIGN_OR_RETURN(h.plan, plan_columns(header, options, where));
  h.body = static_cast<std::size_t>(body - text.data());
  h.first_line = 1 + header_lines;
  return h;
}

StatusOr<Ingested> parse_records(absl::string_view text, const CsvHeader& header, const CsvOptions& options,
                                 absl::string_view where, bool need_records) {
  const ColumnPlan& plan = header.plan;
  const std::size_t begin = header.body;
  const std::uint64_t first_line = header.first_line;
  // Blocks: quotes, newlines and NULs per block, in parallel.
  const std::size_t n = text.size() - begin;
  const Blocks blocks(n, kBlock);
  const std::size_t nb = blocks.count();
  std::vector<std::uint64_t> quotes(nb), newlines(nb);
  std::vector<std::uint8_t> nuls(nb);
  const int threads = resolve_threads(options.n_threads);
  std::optional<detail::ProgressSpan> span(std::in_place, kReadEnd, kCountEnd, "read_csv: counting lines");
  parallel_for(threads, nb, [&](std::size_t b) {
    const ByteCounts c = count_bytes(text.data() + begin + blocks[b].begin, text.data() + begin + blocks[b].end);
    quotes[b] = c.quotes;
    newlines[b] = c.newlines;
    nuls[b] = c.nul;
  });
  // Chunk b starts at the first record start at or after its block start; quote parity from the
  // start of the body says whether a newline is inside a quoted field.
  // lines_before[b]: newlines from the body's start to start[b], to size each chunk's rows.
  std::vector<std::size_t> start(nb + 1, text.size());
  std::vector<std::uint64_t> quotes_before(nb, 0), lines_before(nb + 1, 0);
  for (std::size_t b = 1; b < nb; ++b) {
    quotes_before[b] = quotes_before[b - 1] + quotes[b - 1];
    lines_before[b] = lines_before[b - 1] + newlines[b - 1];
  }
  for (std::size_t b = 0; b < nb; ++b) lines_before[nb] += newlines[b];
  start[0] = begin;
  parallel_for(threads, nb, [&](std::size_t b) {
    if (b == 0) return;
    bool inside = quotes_before[b] % 2 == 1;
    for (std::size_t i = begin + blocks[b].begin; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '"') {
        inside = !inside;
      } else if (c == '\n') {
        ++lines_before[b];
        if (!inside) {
          start[b] = i + 1;
          break;
        }
      }
    }
  });
  // Chunk b holds at most as many records as line ends, plus one unterminated last record.
  // Its rows go to [first_row[b], first_row[b] + capacity) of the table's columns, written
  // in place by the chunk; gaps left by skipped rows or multi-line records are closed after.
  std::vector<ChunkResult> chunks(nb);
  std::size_t capacity = 0;
  for (std::size_t b = 0; b < nb; ++b) {
    chunks[b].first_row = capacity;
    chunks[b].capacity =
        lines_before[b + 1] - lines_before[b] + (start[b + 1] > start[b] && text[start[b + 1] - 1] != '\n' ? 1 : 0);
    capacity += chunks[b].capacity;
  }
  if (capacity >= UINT32_MAX)
    return invalid_argument(where, capacity, " lines; at most 2^32 - 2 rows are supported per table");
  // Record offsets are kept relative to their chunk, in 32 bits: a chunk spans a 4 MiB block
  // and the rest of its last record, so only a record of about 4 GiB could break this.
  for (std::size_t b = 0; b < nb && options.duplicates != DuplicatePolicy::ignore; ++b)
    if (start[b + 1] - start[b] >= (std::uint64_t{1} << 32) - 1)
      return invalid_argument(where, "a record between bytes ", start[b], " and ", start[b + 1],
                              " is longer than 4 GiB, which the duplicate check does not support");
  Ingested result;
  EventTable& ev = result.events;
  parallel_for(threads, 3, [&](std::size_t k) {
    if (k == 0) detail::resize_on_huge_pages(ev.timestamp, capacity);
    if (k == 1) detail::resize_on_huge_pages(ev.amount, capacity);
    if (k == 2) detail::resize_on_huge_pages(ev.customer.codes, capacity);
  });
  for (ChunkResult& c : chunks) {
    c.timestamp = ev.timestamp.data() + c.first_row;
    c.amount = ev.amount.data() + c.first_row;
    c.codes = ev.customer.codes.data() + c.first_row;
  }

  // Chunks count lines from 0; their first line numbers are known once all are parsed.
  span.emplace(kCountEnd, kParseEnd, "read_csv: parsing");
  parallel_for(threads, nb, [&](std::size_t b) {
    bool has_nul = nuls[b] || (b + 1 < nb && nuls[b + 1]);  // a record may run into the next block
    if (!has_nul)
      for (std::size_t k = b + 2; k < nb && begin + blocks[k].begin < start[b + 1]; ++k) has_nul |= nuls[k] != 0;
    bool has_quotes = false;
    for (std::size_t k = b; k < nb && begin + blocks[k].begin < start[b + 1]; ++k) has_quotes |= quotes[k] != 0;
    io_detail::parse_chunk(text, start[b], start[b + 1], 0, has_nul, has_quotes, plan, options, chunks[b]);
  });

  span.reset();
  IngestReport& report = result.report;
  std::map<std::string, std::uint64_t> reasons;
  std::size_t rows = 0;
  std::uint64_t line = first_line;
  for (ChunkResult& c : chunks) {
    for (BadRow& r : c.bad_rows) r.line += line;
    line += c.lines;
    if (c.failed) {
      const BadRow& r = c.bad_rows.back();
      return invalid_argument(where, "line ", r.line, r.column ? absl::StrCat(", column ", r.column) : "", ": ",
                              r.reason, ": ", r.detail);
    }
    report.records += c.records;
    report.blank_lines += c.blank_lines;
    report.rows_skipped += c.skipped;
    for (auto& [k, v] : c.skipped_by_reason) reasons[k] += v;
    for (BadRow& r : c.bad_rows)
      if (report.bad_rows.size() < options.max_reported) report.bad_rows.push_back(std::move(r));
    rows += c.rows;
  }
  report.skipped_by_reason = std::move(reasons);
  if (need_records && report.records == 0) return invalid_argument(where, "the file has a header but no data rows");
  if (rows >= UINT32_MAX) return invalid_argument(where, rows, " rows; at most 2^32 - 2 are supported per table");

  // Close the gaps between chunks' rows (none when every line is a kept record).
  {
    auto close_gap = [](auto& column, std::size_t from, std::size_t n, std::size_t to) {
      std::copy_n(column.begin() + static_cast<std::ptrdiff_t>(from), n,
                  column.begin() + static_cast<std::ptrdiff_t>(to));
    };
    std::size_t at = 0;
    for (const ChunkResult& c : chunks) {
      if (at != c.first_row) {
        close_gap(ev.timestamp, c.first_row, c.rows, at);
        close_gap(ev.amount, c.first_row, c.rows, at);
        close_gap(ev.customer.codes, c.first_row, c.rows, at);
      }
      at += c.rows;
    }
    ev.timestamp.resize(rows);
    ev.amount.resize(rows);
    ev.customer.codes.resize(rows);
  }
  ev.customer.name = options.columns.customer;
  ev.has_order = plan.order >= 0;
  if (ev.has_order) ev.order.name = options.columns.order;
  // The id merges (each serial, writing only its own column) run side by side, and beside the
  // duplicate search when there is one, so that no thread waits for another.
  std::vector<std::function<void()>> merges;
  merges.emplace_back([&] { merge_customers(chunks, ev.customer, rows); });
  if (ev.has_order)
    merges.emplace_back([&] { merge_dict(chunks, ev.order, &ChunkResult::order, &ChunkResult::order_codes, rows); });
  std::vector<std::uint8_t> drop;
  if (options.duplicates != DuplicatePolicy::ignore) {
    std::vector<io_detail::ChunkHashes*> parts;
    for (ChunkResult& c : chunks) parts.push_back(&c.hashes);
    io_detail::find_duplicates(text, parts, threads, options.max_reported, report, drop, merges);
    for (ChunkResult& c : chunks) std::vector<std::uint32_t>().swap(c.hashes.offset);
    report.duplicates_dropped = options.duplicates == DuplicatePolicy::drop && report.duplicates > 0;
    if (!report.duplicates_dropped) drop.clear();
  } else {
    parallel_for(threads, merges.size(), [&](std::size_t k) { merges[k](); });
  }
  auto merge_many = [&](std::vector<Categorical>& out, const std::vector<std::string>& names,
                        std::vector<io_detail::LocalDict> ChunkResult::*dicts,
                        std::vector<std::vector<std::uint32_t>> ChunkResult::*codes) {
    out.resize(names.size());
    for (std::size_t k = 0; k < names.size(); ++k) {
      out[k].name = names[k];
      io_detail::LocalDict global;
      out[k].codes.reserve(rows);
      for (ChunkResult& c : chunks) {
        auto& d = (c.*dicts)[k];
        std::vector<std::uint32_t> remap(d.values.size());
        for (std::size_t i = 0; i < d.values.size(); ++i) remap[i] = global.code(d.values[i]);
        for (std::uint32_t code : (c.*codes)[k]) out[k].codes.push_back(remap[code]);
      }
      for (absl::string_view v : global.values) out[k].values.emplace_back(v);
    }
  };
  merge_many(ev.categories, options.columns.categories, &ChunkResult::categories, &ChunkResult::category_codes);
  merge_many(ev.attributes, options.columns.attributes, &ChunkResult::attributes, &ChunkResult::attribute_codes);
  ev.numerics.resize(plan.numerics.size());
  for (std::size_t k = 0; k < plan.numerics.size(); ++k) {
    ev.numerics[k].name = options.columns.numerics[k];
    ev.numerics[k].values.reserve(rows);
    for (ChunkResult& c : chunks)
      ev.numerics[k].values.insert(ev.numerics[k].values.end(), c.numerics[k].begin(), c.numerics[k].end());
  }
  chunks.clear();
  if (!drop.empty()) io_detail::drop_rows(ev, drop);
  report.rows_kept = ev.rows();
  return result;
}

}  // namespace io_detail

namespace {

// read_input's error as read_csv's ("read_csv: " before the source), its code kept.
Status as_read_csv_error(const Status& st) { return Status(st.code(), absl::StrCat("read_csv: ", st.message())); }

// Reads the input with `read`, then parses it, as one long call (progress.hpp).
template <class Read>
StatusOr<Ingested> read_and_parse(Read&& read, const CsvOptions& options, absl::string_view source) {
  SEGCORE_RETURN_IF_ERROR(validate(options, absl::StrCat("read_csv: ", source)));
  return detail::cancellable("read_csv", [&]() -> StatusOr<Ingested> {
    StatusOr<InputText> text = [&] {
      detail::ProgressSpan span(0, kReadEnd, "read_csv: reading");
      return read();
    }();
    if (!text.ok()) return as_read_csv_error(text.status());
    return parse_text(text->view(), options, source);
  });
}

}  // namespace

StatusOr<Ingested> parse_csv(absl::string_view text, const CsvOptions& options, absl::string_view source) {
  return detail::cancellable("read_csv", [&] { return parse_text(text, options, source); });
}

StatusOr<Ingested> read_csv(absl::string_view path, const CsvOptions& options) {
  return read_and_parse([&] { return read_input(path, options.n_threads); }, options,
                        path == "-" ? "standard input" : path);
}

StatusOr<Ingested> read_csv_fd(int fd, const CsvOptions& options, absl::string_view source) {
  return read_and_parse([&] { return read_input_fd(fd, source, options.n_threads); }, options, source);
}

SEGCORE_NAMESPACE_END
