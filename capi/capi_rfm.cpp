// C ABI of RFM scoring.
#include <cstddef>

#include "capi_handles.hpp"
#include "capi_profile_handles.hpp"
#include "capi_support.hpp"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {


constexpr std::size_t kMinOptionsSize = offsetof(segcore_rfm_options, n_edges) + sizeof(size_t);
static_assert(sizeof(segcore_rfm_options) == kMinOptionsSize, "no tail padding (capi_support.hpp)");
constexpr std::size_t kMinSummarySize = offsetof(segcore_segment_summary, median_monetary) + sizeof(double);
static_assert(sizeof(segcore_segment_summary) == kMinSummarySize, "no tail padding");

segcore_rfm_options default_options() {
  segcore_rfm_options o{};
  o.struct_size = sizeof o;
  o.bins = 5;
  o.mode = SEGCORE_RFM_QUANTILE;
  o.n_threads = 1;
  return o;
}

absl::Status score(segcore_rfm** out, const segcore_profiles* profiles, const segcore_rfm_options* opts,
                   const segcore::SegmentMap& map, const char* fn) {
  SEGCORE_REQUIRE_OUT(out);
  SEGCORE_REQUIRE(profiles);
  segcore_rfm_options o = default_options();
  SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinOptionsSize, fn));
  segcore::RfmOptions r;
  r.bins = o.bins;
  r.mode = static_cast<segcore::RfmMode>(o.mode);
  r.n_threads = o.n_threads;
  if (o.reserved0 != 0) return segcore::invalid_argument(fn, "reserved0 must be 0");
  if (o.mode == SEGCORE_RFM_FIXED) {
    if (o.recency_edges == nullptr || o.frequency_edges == nullptr || o.monetary_edges == nullptr)
      return segcore::invalid_argument(fn, "fixed mode needs recency_edges, frequency_edges and monetary_edges");
    r.recency_edges.assign(o.recency_edges, o.recency_edges + o.n_edges);
    r.frequency_edges.assign(o.frequency_edges, o.frequency_edges + o.n_edges);
    r.monetary_edges.assign(o.monetary_edges, o.monetary_edges + o.n_edges);
  }
  SEGCORE_ASSIGN_OR_RETURN(segcore::RfmResult res, segcore::rfm_score(profiles->impl, r, map));
  SEGCORE_ASSIGN_OR_RETURN(auto summary, segcore::rfm_summary(profiles->impl, res));
  *out = new segcore_rfm{std::move(res), std::move(summary)};
  return absl::OkStatus();
}

// The caller's segment map; rules are copied.
absl::StatusOr<segcore::SegmentMap> segment_map(const segcore_segment_rule* rules, size_t n_rules, int32_t grid,
                                                const char* fallback, const char* fn) {
  if (rules == nullptr && n_rules != 0) return segcore::invalid_argument(fn, "rules is NULL with n_rules ", n_rules);
  segcore::SegmentMap map;
  map.grid = grid;
  if (fallback != nullptr) map.fallback = fallback;
  for (size_t k = 0; k < n_rules; ++k) {
    if (rules[k].name == nullptr) return segcore::invalid_argument(fn, "rules[", k, "].name is NULL");
    map.rules.push_back({rules[k].name, rules[k].r_min, rules[k].r_max, rules[k].f_min, rules[k].f_max});
  }
  return map;
}

absl::Status from_scores(segcore_rfm** out, const int32_t* r, const int32_t* f, const int32_t* m, size_t n,
                         int32_t bins, const segcore_segment_rule* rules, size_t n_rules, int32_t grid,
                         const char* fallback, const char* fn) {
  SEGCORE_REQUIRE_OUT(out);
  if (n > 0) SEGCORE_REQUIRE(r, f, m);
  segcore::SegmentMap map = segcore::default_segment_map();
  if (rules != nullptr || n_rules != 0 || grid != map.grid || fallback != nullptr) {
    SEGCORE_ASSIGN_OR_RETURN(map, segment_map(rules, n_rules, grid, fallback, fn));
  }
  auto copy = [n](const int32_t* s) { return n == 0 ? std::vector<int32_t>{} : std::vector<int32_t>(s, s + n); };
  SEGCORE_ASSIGN_OR_RETURN(segcore::RfmResult res, segcore::rfm_from_scores(copy(r), copy(f), copy(m), bins, map));
  *out = new segcore_rfm{std::move(res), {}};
  return absl::OkStatus();
}

absl::Status room(std::size_t count, std::size_t n, const char* fn) {
  if (count < n) return absl::OutOfRangeError(absl::StrCat(fn, ": the buffer holds ", count, " values; ", n, " are needed"));
  return absl::OkStatus();
}

}  // namespace

extern "C" {

int segcore_rfm_options_init(segcore_rfm_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_rfm_options d = default_options();
    return segcore::capi_detail::init_options(opts, struct_size, &d, sizeof d, kMinOptionsSize, fn);
  );
}

int segcore_rfm_score(segcore_rfm** out, const segcore_profiles* p, const segcore_rfm_options* opts) {
  SEGCORE_CAPI_BODY(return score(out, p, opts, segcore::default_segment_map(), fn););
}

int segcore_rfm_score_with_map(segcore_rfm** out, const segcore_profiles* p, const segcore_rfm_options* opts,
                               const segcore_segment_rule* rules, size_t n_rules, int32_t grid,
                               const char* fallback) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(segcore::SegmentMap map, segment_map(rules, n_rules, grid, fallback, fn));
    return score(out, p, opts, map, fn);
  );
}

int segcore_rfm_from_scores(segcore_rfm** out, const int32_t* r, const int32_t* f, const int32_t* m, size_t n,
                            int32_t bins, const segcore_segment_rule* rules, size_t n_rules, int32_t grid,
                            const char* fallback) {
  SEGCORE_CAPI_BODY(return from_scores(out, r, f, m, n, bins, rules, n_rules, grid, fallback, fn););
}

void segcore_rfm_destroy(segcore_rfm* rfm) { delete rfm; }

int segcore_rfm_n_customers(const segcore_rfm* rfm, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(rfm, out); *out = rfm->impl.r.size(););
}

int segcore_rfm_get_scores(const segcore_rfm* rfm, int32_t* r, int32_t* f, int32_t* m, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rfm);
    const auto& res = rfm->impl;
    SEGCORE_RETURN_IF_ERROR(room(count, res.r.size(), fn));
    if (r) std::copy(res.r.begin(), res.r.end(), r);
    if (f) std::copy(res.f.begin(), res.f.end(), f);
    if (m) std::copy(res.m.begin(), res.m.end(), m);
  );
}

int segcore_rfm_get_edges(const segcore_rfm* rfm, double* recency, double* frequency, double* monetary, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rfm);
    const auto& res = rfm->impl;
    SEGCORE_RETURN_IF_ERROR(room(count, res.recency_edges.size(), fn));
    if (recency) std::copy(res.recency_edges.begin(), res.recency_edges.end(), recency);
    if (frequency) std::copy(res.frequency_edges.begin(), res.frequency_edges.end(), frequency);
    if (monetary) std::copy(res.monetary_edges.begin(), res.monetary_edges.end(), monetary);
  );
}

int segcore_rfm_get_segments(const segcore_rfm* rfm, int32_t* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rfm, out);
    SEGCORE_RETURN_IF_ERROR(room(count, rfm->impl.segment.size(), fn));
    std::copy(rfm->impl.segment.begin(), rfm->impl.segment.end(), out);
  );
}

int segcore_rfm_n_segments(const segcore_rfm* rfm, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(rfm, out); *out = rfm->impl.segment_names.size(););
}

int segcore_rfm_segment_name(const segcore_rfm* rfm, size_t k, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rfm);
    if (k >= rfm->impl.segment_names.size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": segment ", k, " of ", rfm->impl.segment_names.size()));
    return segcore::capi_detail::write_string(rfm->impl.segment_names[k], buffer, capacity, length, fn);
  );
}

int segcore_rfm_segment_summary(const segcore_rfm* rfm, size_t k, segcore_segment_summary* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rfm);
    if (rfm->summary.empty() && !rfm->impl.segment_names.empty())
      return absl::FailedPreconditionError(absl::StrCat(fn, ": a result made from scores has no profiles to summarise"));
    if (k >= rfm->summary.size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": segment ", k, " of ", rfm->summary.size()));
    const segcore::SegmentSummary& s = rfm->summary[k];
    segcore_segment_summary c{};
    c.struct_size = sizeof c;
    c.customers = s.customers;
    c.orders = s.orders;
    c.revenue = s.revenue;
    c.avg_order_value = s.avg_order_value;
    c.median_recency_days = s.median_recency_days;
    c.median_frequency = s.median_frequency;
    c.median_monetary = s.median_monetary;
    return segcore::capi_detail::write_struct(out, &c, sizeof c, kMinSummarySize, fn);
  );
}

}  // extern "C"
