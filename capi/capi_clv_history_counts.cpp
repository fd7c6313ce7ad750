// C ABI of segcore::ClvHistoryCounts, the CLV input of customers split across processes.
#include <algorithm>

#include "capi_bytes.hpp"
#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/clv_history_counts.hpp"
#include "segcore_clv.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;

absl::Status wrap(absl::StatusOr<segcore::ClvHistoryCounts> made, segcore_clv_history_counts** out) {
  if (!made.ok()) return made.status();
  *out = new segcore_clv_history_counts{std::move(*made)};
  return absl::OkStatus();
}

}  // namespace

extern "C" {

int segcore_clv_history_counts_create(segcore_clv_history_counts** out, int32_t kind) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    return wrap(segcore::ClvHistoryCounts::create(static_cast<segcore::ClvHistoryKind>(kind)), out);
  );
}

void segcore_clv_history_counts_destroy(segcore_clv_history_counts* counts) { delete counts; }

int segcore_clv_history_counts_accumulate(segcore_clv_history_counts* counts, const double* rows, size_t n_rows,
                                          size_t n_columns, const double* weight, uint64_t first_row) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(counts);
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(rows, n_rows, n_columns, fn, "rows"));
    const std::span<const double> w = weight == nullptr ? std::span<const double>() : std::span<const double>(weight, n_rows);
    return counts->impl.accumulate(view, w, first_row);
  );
}

int segcore_clv_history_counts_merge(segcore_clv_history_counts* counts, const segcore_clv_history_counts* other) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(counts, other);
    return counts->impl.merge(other->impl);
  );
}

int segcore_clv_history_counts_get_shape(const segcore_clv_history_counts* counts, size_t* n_tuples,
                                         size_t* n_columns) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(counts);
    if (n_tuples != nullptr) *n_tuples = counts->impl.size();
    if (n_columns != nullptr) *n_columns = counts->impl.width();
  );
}

int segcore_clv_history_counts_get_tuples(const segcore_clv_history_counts* counts, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(counts);
    const std::vector<double>& v = counts->impl.tuples();
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, counts->impl.size(), counts->impl.width(), fn, "out"));
    std::copy(v.begin(), v.end(), dst.data());
  );
}

int segcore_clv_history_counts_get_weights(const segcore_clv_history_counts* counts, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(counts);
    const std::vector<double> v = counts->impl.weights();
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, v.size(), 1, fn, "out"));
    std::copy(v.begin(), v.end(), dst.data());
  );
}

int segcore_clv_history_counts_to_bytes(const segcore_clv_history_counts* counts, void* buffer, size_t capacity,
                                        size_t* size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(counts, size);
    return segcore::capi_detail::give_bytes(counts->impl.to_bytes(), buffer, capacity, size, fn);
  );
}

int segcore_clv_history_counts_from_bytes(segcore_clv_history_counts** out, const void* data, size_t size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(data);
    const std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(data), size);
    return wrap(segcore::ClvHistoryCounts::from_bytes(bytes), out);
  );
}

}  // extern "C"
