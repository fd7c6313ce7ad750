// C ABI of segcore::RfmSelection and segcore::RfmCounts, the RFM radix selection over
// partitioned values.
#include <algorithm>
#include <vector>

#include "capi_bytes.hpp"
#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/rfm_partial.hpp"
#include "segcore_profile.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;

absl::Status wrap(absl::StatusOr<segcore::RfmCounts> made, segcore_rfm_counts** out) {
  if (!made.ok()) return made.status();
  *out = new segcore_rfm_counts{std::move(*made)};
  return absl::OkStatus();
}

}  // namespace

extern "C" {

int segcore_rfm_selection_create(segcore_rfm_selection** out, int32_t bins, int32_t mode, size_t n_measures) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(auto sel, segcore::RfmSelection::create(bins, static_cast<segcore::RfmMode>(mode), n_measures));
    *out = new segcore_rfm_selection{std::move(sel)};
  );
}

void segcore_rfm_selection_destroy(segcore_rfm_selection* sel) { delete sel; }

int segcore_rfm_selection_done(const segcore_rfm_selection* sel, int32_t* done, int32_t* round) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sel, done);
    *done = sel->impl.done() ? 1 : 0;
    if (round != nullptr) *round = sel->impl.round();
  );
}

int segcore_rfm_selection_request(const segcore_rfm_selection* sel, segcore_rfm_counts** out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(sel);
    return wrap(sel->impl.request(), out);
  );
}

int segcore_rfm_selection_narrow(segcore_rfm_selection* sel, const segcore_rfm_counts* summed) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sel, summed);
    return sel->impl.narrow(summed->impl);
  );
}

int segcore_rfm_selection_n_values(const segcore_rfm_selection* sel, size_t measure, uint64_t* n) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sel, n);
    SEGCORE_ASSIGN_OR_RETURN(*n, sel->impl.n_values(measure));
  );
}

int segcore_rfm_selection_get_edges(const segcore_rfm_selection* sel, size_t measure, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sel);
    SEGCORE_ASSIGN_OR_RETURN(const std::vector<double> edges, sel->impl.edges(measure));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, edges.size(), 1, fn, "out"));
    std::copy(edges.begin(), edges.end(), dst.data());
  );
}

int segcore_rfm_selection_get_rank_bounds(const segcore_rfm_selection* sel, size_t measure, double* values,
                                          uint64_t* positions, size_t count, size_t* n_bounds) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sel, n_bounds);
    SEGCORE_ASSIGN_OR_RETURN(const auto bounds, sel->impl.rank_bounds(measure));
    *n_bounds = bounds.size();
    if (values == nullptr && positions == nullptr) return absl::OkStatus();
    SEGCORE_REQUIRE(values, positions);
    SEGCORE_ASSIGN_OR_RETURN(auto v, output_matrix(values, count, bounds.size(), 1, fn, "values"));
    for (std::size_t k = 0; k < bounds.size(); ++k) {
      v(k, 0) = bounds[k].value;
      positions[k] = bounds[k].position;
    }
  );
}

int segcore_rfm_selection_score(const segcore_rfm_selection* sel, size_t measure, const double* values,
                                const uint64_t* positions, size_t n, int32_t* scores, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sel);
    SEGCORE_ASSIGN_OR_RETURN(auto v, input_matrix(values, n, 1, fn, "values"));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(scores, count, n, 1, fn, "scores"));
    if (sel->impl.mode() == segcore::RfmMode::rank && positions == nullptr && n > 0)
      return segcore::invalid_argument(fn, "positions is NULL (rank mode ties by first appearance)");
    const std::span<const std::uint64_t> pos = positions == nullptr ? std::span<const std::uint64_t>()
                                                                    : std::span<const std::uint64_t>(positions, n);
    return sel->impl.score(measure, std::span<const double>(v.data(), n), pos, std::span<std::int32_t>(dst.data(), n));
  );
}

void segcore_rfm_counts_destroy(segcore_rfm_counts* counts) { delete counts; }

int segcore_rfm_counts_add(segcore_rfm_counts* counts, size_t measure, const double* values,
                           const uint64_t* positions, size_t n) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(counts, "counts");
    SEGCORE_ASSIGN_OR_RETURN(auto v, input_matrix(values, n, 1, fn, "values"));
    if (positions == nullptr && n > 0 && counts->impl.round() >= segcore::kRfmValueRounds)
      return segcore::invalid_argument(fn, "positions is NULL (round ", counts->impl.round(), " ranks ties by position)");
    const std::span<const std::uint64_t> pos = positions == nullptr ? std::span<const std::uint64_t>()
                                                                    : std::span<const std::uint64_t>(positions, n);
    return counts->impl.add(measure, std::span<const double>(v.data(), n), pos);
  );
}

int segcore_rfm_counts_merge(segcore_rfm_counts* counts, const segcore_rfm_counts* other) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(counts, other);
    return counts->impl.merge(other->impl);
  );
}

int segcore_rfm_counts_to_bytes(const segcore_rfm_counts* counts, void* buffer, size_t capacity, size_t* size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(counts, size);
    return segcore::capi_detail::give_bytes(counts->impl.to_bytes(), buffer, capacity, size, fn);
  );
}

int segcore_rfm_counts_from_bytes(segcore_rfm_counts** out, const void* data, size_t size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(data);
    const std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(data), size);
    return wrap(segcore::RfmCounts::from_bytes(bytes), out);
  );
}

}  // extern "C"
