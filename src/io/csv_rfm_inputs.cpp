// RFM's inputs from a CSV file a window at a time: each window ends at a record boundary, is
// parsed by the CSV reader's own record parser (so rows, errors and line numbers are
// read_csv's), and is folded into per-customer sums before the next is read.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "../profile/features.hpp"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "csv_internal.hpp"
#include "input_internal.hpp"
#include "segcore/progress.hpp"
#include "segcore/rfm_csv.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

using profile_detail::kDay;

// One customer's running sums; every row is an order.
struct CustomerSums {
  std::uint64_t frequency = 0;  // rows with amount > 0 (in micro-units)
  __int128 monetary = 0;        // micro-units
  std::int64_t last_positive = std::numeric_limits<std::int64_t>::min();
};

// Customers in order of first appearance and their sums, fed one window's events at a time.
class RfmFold {
 public:
  explicit RfmFold(std::optional<std::int64_t> as_of) : as_of_(as_of) {}

  void add(const EventTable& ev) {
    // The window's customers in its own first-appearance order, then the rows.
    remap_.resize(ev.customer.values.size());
    for (std::size_t c = 0; c < remap_.size(); ++c) {
      const std::string& id = ev.customer.values[c];
      if (const auto it = index_.find(id); it != index_.end()) {
        remap_[c] = it->second;
        continue;
      }
      remap_[c] = static_cast<std::uint32_t>(ids_.size());
      index_.emplace(id, remap_[c]);
      ids_.push_back(id);
      sums_.emplace_back();
    }
    for (std::size_t i = 0; i < ev.rows(); ++i) {
      const std::int64_t t = ev.timestamp[i];
      latest_ = std::max(latest_, t);
      if (as_of_ && t > *as_of_) {
        ++after_as_of_;
        continue;
      }
      CustomerSums& s = sums_[remap_[ev.customer.codes[i]]];
      const std::int64_t micro = profile_detail::to_micro(ev.amount[i]);
      s.monetary += micro;
      if (micro > 0) {
        ++s.frequency;
        s.last_positive = std::max(s.last_positive, t);
      }
    }
  }

  // The table build_profiles would give, restricted to the columns RFM reads; its error when
  // no row was kept.
  StatusOr<ProfileTable> finish() {
    if (ids_.empty()) return invalid_argument("build_profiles", "no events");
    ProfileTable t;
    t.as_of = as_of_.value_or(latest_ + kDay);
    t.events_after_as_of = after_as_of_;
    const std::size_t n = ids_.size();
    ProfileColumn frequency, monetary, recency;
    frequency.name = "frequency", frequency.type = ColumnType::i64;
    monetary.name = "monetary", monetary.type = ColumnType::f64;
    recency.name = "recency_days", recency.type = ColumnType::i64;
    frequency.i64.resize(n);
    monetary.f64.resize(n);
    recency.i64.assign(n, 0);
    frequency.valid.assign(n, 1);
    monetary.valid.assign(n, 1);
    recency.valid.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const CustomerSums& s = sums_[i];
      frequency.i64[i] = static_cast<std::int64_t>(s.frequency);
      monetary.f64[i] = profile_detail::from_micro(s.monetary);
      if (s.frequency > 0) {
        recency.i64[i] = profile_detail::floor_div(t.as_of - s.last_positive, kDay);
        recency.valid[i] = 1;
      }
    }
    t.customer_id = std::move(ids_);
    t.columns.push_back(std::move(frequency));
    t.columns.push_back(std::move(monetary));
    t.columns.push_back(std::move(recency));
    return t;
  }

 private:
  std::optional<std::int64_t> as_of_;
  absl::flat_hash_map<std::string, std::uint32_t> index_;
  std::vector<std::string> ids_;
  std::vector<CustomerSums> sums_;
  std::vector<std::uint32_t> remap_;
  std::int64_t latest_ = std::numeric_limits<std::int64_t>::min();
  std::uint64_t after_as_of_ = 0;
};

// Adds a window's report to the whole file's (bad rows listed up to max_reported, in order).
void add_report(IngestReport& total, IngestReport&& part, std::size_t max_reported) {
  total.records += part.records;
  total.rows_kept += part.rows_kept;
  total.rows_skipped += part.rows_skipped;
  total.blank_lines += part.blank_lines;
  for (auto& [reason, count] : part.skipped_by_reason) total.skipped_by_reason[reason] += count;
  for (BadRow& r : part.bad_rows)
    if (total.bad_rows.size() < max_reported) total.bad_rows.push_back(std::move(r));
}

// The end of the last complete record in text[0, n) (just past its line feed), or 0 when no
// line feed lies outside quotes. text starts at a record start.
std::size_t last_record_end(const char* text, std::size_t n) {
  if (std::memchr(text, '"', n) == nullptr) {
    const void* lf = ::memrchr(text, '\n', n);
    return lf == nullptr ? 0 : static_cast<std::size_t>(static_cast<const char*>(lf) - text) + 1;
  }
  std::size_t end = 0;
  bool inside = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (text[i] == '"')
      inside = !inside;
    else if (text[i] == '\n' && !inside)
      end = i + 1;
  }
  return end;
}

// Reads a regular file's bytes in order into a buffer that holds the unparsed rest of the
// previous window and as much more as the window allows.
class WindowReader {
 public:
  WindowReader(int fd, const struct stat& before, std::string where)
      : fd_(fd), before_(before), size_(static_cast<std::size_t>(before.st_size)), where_(std::move(where)) {}

  // Tops the buffer up to `want` bytes (or to the end of the file).
  Status fill(std::size_t want) {
    if (!buffer_.reserve(want)) return io_detail::out_of_memory(where_, want);
    while (buffer_.size() < want && offset_ < size_) {
      const std::size_t n = std::min(want - buffer_.size(), size_ - offset_);
      const ssize_t got = ::pread(fd_, buffer_.data() + buffer_.size(), n, static_cast<off_t>(offset_));
      if (got < 0) {
        if (errno == EINTR) continue;
        return io_detail::os_error(errno, where_, "cannot read");
      }
      if (got == 0)
        return io_detail::changed(where_, absl::StrCat("it had ", size_, " bytes, then ended at byte ", offset_));
      offset_ += static_cast<std::size_t>(got);
      buffer_.set_size(buffer_.size() + static_cast<std::size_t>(got));
    }
    return absl::OkStatus();
  }

  // Drops the first n bytes of the buffer (parsed), keeping the rest at its front.
  void consume(std::size_t n) {
    std::memmove(buffer_.data(), buffer_.data() + n, buffer_.size() - n);
    buffer_.set_size(buffer_.size() - n);
  }

  bool at_end() const { return offset_ == size_; }
  absl::string_view text() { return {buffer_.data(), buffer_.size()}; }

  // After the last window: the file still ends where it did and was not modified.
  Status check_unchanged() const { return io_detail::check_unchanged(fd_, before_, where_); }

 private:
  int fd_;
  struct stat before_;
  std::size_t size_, offset_ = 0;
  std::string where_;
  io_detail::ByteBuffer buffer_;
};

// The whole input parsed at once (inputs that are not plain regular files, and files that fit
// in one window): read_csv itself.
StatusOr<CsvRfmInputs> whole(absl::string_view path, const CsvRfmOptions& o, RfmFold& fold) {
  SEGCORE_ASSIGN_OR_RETURN(Ingested in, read_csv(path, o.csv));
  fold.add(in.events);
  SEGCORE_ASSIGN_OR_RETURN(ProfileTable t, fold.finish());
  return CsvRfmInputs{std::move(t), std::move(in.report)};
}

StatusOr<CsvRfmInputs> windows(absl::string_view path, const CsvRfmOptions& o) {
  RfmFold fold(o.as_of);
  const std::string p(path);
  // A FIFO goes to read_csv unopened: opening it here and closing it again would lose what a
  // waiting writer wrote and leave read_csv's open waiting for another writer.
  struct stat named;
  if (path == "-" || (::stat(p.c_str(), &named) == 0 && S_ISFIFO(named.st_mode))) return whole(path, o, fold);
  const char* kind = "";
  const int fd = io_detail::open_regular_file(p, kind);
  if (fd < 0) return whole(path, o, fold);  // not a regular file, or an error read_csv will name
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } closer{fd};
  struct stat before;
  if (::fstat(fd, &before) != 0) return whole(path, o, fold);
  const std::string where = absl::StrCat("read_csv: ", path);
  WindowReader reader(fd, before, where);
  std::size_t window = std::max<std::size_t>(o.window_bytes, 1);
  SEGCORE_RETURN_IF_ERROR(reader.fill(window));
  const char* compression = "";
  const absl::string_view head = reader.text().substr(0, 8);
  // Compressed input, or text that fits in one window: read whole.
  if (reader.at_end() || io_detail::compression_of(head, compression) != io_detail::Compression::none)
    return whole(path, o, fold);

  IngestReport report;
  std::optional<io_detail::CsvHeader> header;
  std::uint64_t line = 0;  // the first line of the next window
  for (;;) {
    detail::check_cancelled();
    absl::string_view text = reader.text();
    // Text without a line feed (classic Mac OS line ends, which read_csv turns into line feeds
    // over the whole text): read whole.
    if (!header && reader.at_end() && std::memchr(text.data(), '\n', text.size()) == nullptr)
      return whole(path, o, fold);
    std::size_t end = reader.at_end() ? text.size() : last_record_end(text.data(), text.size());
    if (end == 0) {  // one record longer than the window: widen it
      window *= 2;
      SEGCORE_RETURN_IF_ERROR(reader.fill(window));
      continue;
    }
    text = text.substr(0, end);
    io_detail::CsvHeader h;
    if (!header) {
      const bool bom = text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0;
      if (bom) text.remove_prefix(3);
      SEGCORE_ASSIGN_OR_RETURN(h, io_detail::parse_header(text, o.csv, where));
      header = h;
      line = h.first_line;
      if (bom) text = absl::string_view(text.data() - 3, text.size() + 3), h.body += 3;
    } else {
      h = *header;
      h.body = 0;
      h.first_line = line;
    }
    if (h.body < text.size()) {
      SEGCORE_ASSIGN_OR_RETURN(Ingested part, io_detail::parse_records(text, h, o.csv, where, false));
      line +=
          static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(h.body), text.end(), '\n'));
      fold.add(part.events);
      add_report(report, std::move(part.report), o.csv.max_reported);
    }
    const bool last = reader.at_end();
    reader.consume(end);
    if (last) break;
    SEGCORE_RETURN_IF_ERROR(reader.fill(window));
  }
  SEGCORE_RETURN_IF_ERROR(reader.check_unchanged());
  if (report.records == 0) return invalid_argument(where, "the file has a header but no data rows");
  SEGCORE_ASSIGN_OR_RETURN(ProfileTable t, fold.finish());
  return CsvRfmInputs{std::move(t), std::move(report)};
}

Status check(const CsvRfmOptions& o) {
  constexpr const char* where = "rfm_inputs_from_csv";
  SEGCORE_RETURN_IF_ERROR(io_detail::check_csv_options(o.csv, where));
  const CsvColumns& c = o.csv.columns;
  if (!c.order.empty() || !c.categories.empty() || !c.attributes.empty() || !c.numerics.empty())
    return invalid_argument(where, "every row is an order here: name no order, category, attribute or numeric column",
                            " (read_csv and build_profiles take them, with memory for every row)");
  if (o.csv.duplicates != DuplicatePolicy::ignore)
    return invalid_argument(where, "duplicates must be DuplicatePolicy::ignore: finding exact repeats needs every",
                            " row's hash (read_csv does it, with memory for every row)");
  if (o.as_of && !io_detail::timestamp_in_range(*o.as_of))
    return invalid_argument(where, "as_of ", *o.as_of, " is outside the years 0000 to 9999 (epoch seconds ",
                            io_detail::kMinTimestamp, " to ", io_detail::kMaxTimestamp, ")");
  return absl::OkStatus();
}

}  // namespace

StatusOr<CsvRfmInputs> rfm_inputs_from_csv(absl::string_view path, const CsvRfmOptions& options) {
  SEGCORE_RETURN_IF_ERROR(check(options));
  return detail::cancellable("rfm_inputs_from_csv", [&] { return windows(path, options); });
}

SEGCORE_NAMESPACE_END
