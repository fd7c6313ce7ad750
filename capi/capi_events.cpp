// C ABI of the CSV reader and the event table.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "capi_handles.hpp"
#include "capi_profile_handles.hpp"
#include "capi_support.hpp"
#include "segcore/progress.hpp"
#include "segcore/rfm_csv.hpp"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {


constexpr std::size_t kMinCsvSize = offsetof(segcore_csv_options, max_reported) + sizeof(uint64_t);
static_assert(sizeof(segcore_csv_options) == kMinCsvSize, "no tail padding (capi_support.hpp)");
constexpr std::size_t kMinSummarySize = offsetof(segcore_ingest_summary, reserved0) + sizeof(int32_t);
static_assert(sizeof(segcore_ingest_summary) == kMinSummarySize, "no tail padding");

// A report's counts into the caller's struct, as many fields as its struct_size holds.
absl::Status write_summary(const segcore::IngestReport& r, segcore_ingest_summary* out, const char* fn) {
  segcore_ingest_summary s{};
  s.struct_size = sizeof s;
  s.records = r.records;
  s.rows_kept = r.rows_kept;
  s.rows_skipped = r.rows_skipped;
  s.blank_lines = r.blank_lines;
  s.duplicates = r.duplicates;
  s.duplicates_dropped = r.duplicates_dropped;
  return segcore::capi_detail::write_struct(out, &s, sizeof s, kMinSummarySize, fn);
}

segcore_csv_options default_csv() {
  segcore_csv_options o{};
  o.struct_size = sizeof o;
  o.customer_col = "customer_id";
  o.timestamp_col = "timestamp";
  o.amount_col = "amount";
  o.delimiter = ',';
  o.n_threads = 1;
  o.max_reported = 100;
  return o;
}

std::string text(const char* s) { return s == nullptr ? std::string() : std::string(s); }

absl::Status names(const char* const* list, size_t n, std::vector<std::string>& out, const char* fn,
                   const char* what) {
  if (n != 0 && list == nullptr) return segcore::invalid_argument(fn, what, " is NULL with ", n, " names");
  for (size_t i = 0; i < n; ++i) {
    if (list[i] == nullptr) return segcore::invalid_argument(fn, what, "[", i, "] is NULL");
    out.emplace_back(list[i]);
  }
  return absl::OkStatus();
}

// Views of the caller's labels, each checked for NULL (the rest is checked by add_category).
absl::StatusOr<std::vector<absl::string_view>> label_views(const segcore_events* events, const char* name,
                                                           const uint32_t* codes, size_t n,
                                                           const char* const* labels, size_t n_labels,
                                                           const char* fn) {
  SEGCORE_REQUIRE(events, name);
  if (n != 0) SEGCORE_REQUIRE(codes);
  if (n_labels != 0) SEGCORE_REQUIRE(labels);
  std::vector<absl::string_view> views;
  for (size_t k = 0; k < n_labels; ++k) {
    if (labels[k] == nullptr) return segcore::invalid_argument(fn, "labels[", k, "] is NULL");
    views.emplace_back(labels[k]);
  }
  return views;
}

// Views of labels, each checked for NULL and named as `what`[k].
absl::StatusOr<std::vector<absl::string_view>> views_of(const char* const* labels, size_t n_labels, const char* what,
                                                        const char* fn) {
  if (n_labels != 0 && labels == nullptr) return segcore::invalid_argument(fn, what, " is NULL but its count is ", n_labels);
  std::vector<absl::string_view> views;
  for (size_t k = 0; k < n_labels; ++k) {
    if (labels[k] == nullptr) return segcore::invalid_argument(fn, what, "[", k, "] is NULL");
    views.emplace_back(labels[k]);
  }
  return views;
}

}  // namespace

extern "C" {

int segcore_events_add_category(segcore_events* e, const char* name, const uint32_t* codes, size_t n,
                                const char* const* labels, size_t n_labels) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const auto views, label_views(e, name, codes, n, labels, n_labels, fn));
    return segcore::add_category(e->impl, name, {codes, n}, views, fn);
  );
}

int segcore_events_add_attribute(segcore_events* e, const char* name, const uint32_t* codes, size_t n,
                                 const char* const* labels, size_t n_labels) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const auto views, label_views(e, name, codes, n, labels, n_labels, fn));
    return segcore::add_attribute(e->impl, name, {codes, n}, views, fn);
  );
}

int segcore_events_add_numeric(segcore_events* e, const char* name, const double* values, size_t n) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(e, "events");
    SEGCORE_REQUIRE(name);
    if (n != 0) SEGCORE_REQUIRE(values);
    return segcore::add_numeric(e->impl, name, {values, n}, fn);
  );
}

int segcore_csv_options_init(segcore_csv_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_csv_options d = default_csv();
    return segcore::capi_detail::init_options(opts, struct_size, &d, sizeof d, kMinCsvSize, fn);
  );
}

}  // extern "C"

namespace {

// The reader's options from the C struct (opts NULL: defaults).
absl::StatusOr<segcore::CsvOptions> csv_options(const segcore_csv_options* opts, const char* fn) {
  segcore_csv_options o = default_csv();
  SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinCsvSize, fn));
  if (o.reserved0 != 0) return segcore::invalid_argument(fn, "reserved0 must be 0");
  if (o.delimiter < 1 || o.delimiter > 255) return segcore::invalid_argument(fn, "delimiter must be one byte");
  segcore::CsvOptions c;
  c.columns.customer = text(o.customer_col);
  c.columns.timestamp = text(o.timestamp_col);
  c.columns.amount = text(o.amount_col);
  c.columns.quantity = text(o.quantity_col);
  c.columns.price = text(o.price_col);
  c.columns.order = text(o.order_col);
  SEGCORE_RETURN_IF_ERROR(names(o.category_cols, o.n_category_cols, c.columns.categories, fn, "category_cols"));
  SEGCORE_RETURN_IF_ERROR(names(o.attribute_cols, o.n_attribute_cols, c.columns.attributes, fn, "attribute_cols"));
  SEGCORE_RETURN_IF_ERROR(names(o.numeric_cols, o.n_numeric_cols, c.columns.numerics, fn, "numeric_cols"));
  c.delimiter = static_cast<char>(o.delimiter);
  c.mode = static_cast<segcore::IngestMode>(o.mode);
  c.timestamp_format = static_cast<segcore::TimestampFormat>(o.timestamp_format);
  c.duplicates = static_cast<segcore::DuplicatePolicy>(o.duplicates);
  c.n_threads = o.n_threads;
  c.max_reported = static_cast<std::size_t>(o.max_reported);
  return c;
}

}  // namespace

extern "C" {

int segcore_events_read_csv(segcore_events** out, const char* path, const segcore_csv_options* opts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(path);
    SEGCORE_ASSIGN_OR_RETURN(const segcore::CsvOptions c, csv_options(opts, fn));
    SEGCORE_ASSIGN_OR_RETURN(segcore::Ingested in, segcore::read_csv(path, c));
    *out = new segcore_events{std::move(in.events), std::move(in.report)};
  );
}

int segcore_events_read_csv_fd(segcore_events** out, int fd, const segcore_csv_options* opts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    if (fd < 0) return segcore::invalid_argument(fn, "fd is ", fd, "; an open descriptor is >= 0");
    SEGCORE_ASSIGN_OR_RETURN(const segcore::CsvOptions c, csv_options(opts, fn));
    SEGCORE_ASSIGN_OR_RETURN(segcore::Ingested in, segcore::read_csv_fd(fd, c, absl::StrCat("<descriptor ", fd, ">")));
    *out = new segcore_events{std::move(in.events), std::move(in.report)};
  );
}

int segcore_profiles_rfm_inputs_from_csv(segcore_profiles** out, const char* path, const segcore_csv_options* opts,
                                         int64_t as_of, int32_t has_as_of, size_t window_bytes) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(path);
    segcore::CsvRfmOptions o;
    SEGCORE_ASSIGN_OR_RETURN(o.csv, csv_options(opts, fn));
    if (has_as_of != 0) o.as_of = as_of;
    if (window_bytes != 0) o.window_bytes = window_bytes;
    SEGCORE_ASSIGN_OR_RETURN(segcore::CsvRfmInputs in, segcore::rfm_inputs_from_csv(path, o));
    *out = new segcore_profiles{std::move(in.profiles), std::move(in.report)};
  );
}

int segcore_events_from_arrays(segcore_events** out, const int64_t* customer, const int64_t* timestamp,
                               const double* amount, const int64_t* order, size_t n) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    if (n != 0) {
      SEGCORE_REQUIRE(customer, timestamp, amount);
    }
    SEGCORE_ASSIGN_OR_RETURN(
        segcore::EventTable ev,
        segcore::events_from_arrays({customer, n}, {timestamp, n}, {amount, n},
                                    order == nullptr ? std::span<const int64_t>() : std::span<const int64_t>(order, n)));
    *out = new segcore_events{std::move(ev), {}};
    (*out)->report.records = (*out)->report.rows_kept = n;
  );
}

int segcore_events_from_labels(segcore_events** out, const uint32_t* customer, const char* const* customer_labels,
                               size_t n_customer_labels, const int64_t* timestamp, const double* amount,
                               const uint32_t* order, const char* const* order_labels, size_t n_order_labels, size_t n) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    if (n != 0) {
      SEGCORE_REQUIRE(customer, timestamp, amount);
    }
    SEGCORE_ASSIGN_OR_RETURN(const auto customers, views_of(customer_labels, n_customer_labels, "customer_labels", fn));
    SEGCORE_ASSIGN_OR_RETURN(const auto orders, views_of(order_labels, n_order_labels, "order_labels", fn));
    SEGCORE_ASSIGN_OR_RETURN(
        segcore::EventTable ev,
        segcore::events_from_labels({customer, n}, customers, {timestamp, n}, {amount, n},
                                    order == nullptr ? std::span<const uint32_t>() : std::span<const uint32_t>(order, n),
                                    orders));
    *out = new segcore_events{std::move(ev), {}};
    (*out)->report.records = (*out)->report.rows_kept = n;
  );
}

}  // extern "C"

namespace {

// The split's parts as handles in parts[0..n): all made before any is handed out, so a failed
// allocation leaves every parts[i] NULL.
void hand_out(segcore::CustomerSplit& split, segcore_events** parts) {
  std::vector<std::unique_ptr<segcore_events>> made;
  for (segcore::EventTable& part : split.parts) {
    const std::uint64_t rows = part.rows();
    made.push_back(std::make_unique<segcore_events>(segcore_events{std::move(part), {}}));
    made.back()->report.records = made.back()->report.rows_kept = rows;
  }
  for (std::size_t p = 0; p < made.size(); ++p) parts[p] = made[p].release();
}

}  // namespace

extern "C" {

int segcore_events_split(const segcore_events* e, size_t n_parts, segcore_events** parts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(parts);
    for (size_t p = 0; p < n_parts; ++p) parts[p] = nullptr;
    SEGCORE_REQUIRE_AS(e, "events");
    if (n_parts == 0) return segcore::invalid_argument(fn, "n_parts is 0; use 1 or more");
    SEGCORE_ASSIGN_OR_RETURN(segcore::CustomerSplit split, segcore::split_by_customer(e->impl, n_parts));
    hand_out(split, parts);
  );
}

int segcore_events_split_first_rows(const segcore_events* e, size_t n_parts, segcore_events** parts,
                                    uint64_t* first_rows, size_t n_first_rows) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(parts);
    for (size_t p = 0; p < n_parts; ++p) parts[p] = nullptr;
    SEGCORE_REQUIRE_AS(e, "events");
    SEGCORE_REQUIRE(first_rows);
    if (n_parts == 0) return segcore::invalid_argument(fn, "n_parts is 0; use 1 or more");
    if (n_first_rows != e->impl.customer.values.size())
      return segcore::invalid_argument(fn, "n_first_rows is ", n_first_rows, "; the table has ",
                                       e->impl.customer.values.size(), " customers");
    SEGCORE_ASSIGN_OR_RETURN(segcore::CustomerSplit split, segcore::split_by_customer(e->impl, n_parts));
    for (const std::vector<std::uint64_t>& firsts : split.first_row)
      first_rows = std::copy(firsts.begin(), firsts.end(), first_rows);
    hand_out(split, parts);
  );
}

int segcore_events_customer_labels(const segcore_events* e, char* buffer, size_t capacity, uint64_t* ends,
                                   size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(e, "events");
    SEGCORE_REQUIRE(length);
    if (buffer == nullptr && capacity > 0) return segcore::invalid_argument(fn, "buffer is NULL with capacity > 0");
    std::uint64_t at = 0;
    for (std::size_t c = 0; c < e->impl.customer.values.size(); ++c) {
      const auto& id = e->impl.customer.values[c];
      if (at < capacity) std::memcpy(buffer + at, id.data(), std::min<std::uint64_t>(id.size(), capacity - at));
      at += id.size();
      if (ends != nullptr) ends[c] = at;
    }
    *length = static_cast<size_t>(at);
  );
}

void segcore_events_destroy(segcore_events* events) { delete events; }

int segcore_events_n_rows(const segcore_events* e, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(e, "events"); SEGCORE_REQUIRE(out); *out = e->impl.rows(););
}

int segcore_events_n_customers(const segcore_events* e, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(e, "events"); SEGCORE_REQUIRE(out); *out = e->impl.customer.values.size(););
}

int segcore_events_ingest_summary(const segcore_events* events, segcore_ingest_summary* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(events);
    return write_summary(events->report, out, fn);
  );
}

int segcore_events_report_text(const segcore_events* events, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(events);
    return segcore::capi_detail::write_string(events->report.to_string(), buffer, capacity, length, fn);
  );
}

int segcore_profiles_ingest_summary(const segcore_profiles* profiles, segcore_ingest_summary* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(profiles);
    return write_summary(profiles->report, out, fn);
  );
}

int segcore_profiles_report_text(const segcore_profiles* profiles, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(profiles);
    return segcore::capi_detail::write_string(profiles->report.to_string(), buffer, capacity, length, fn);
  );
}

}  // extern "C"
