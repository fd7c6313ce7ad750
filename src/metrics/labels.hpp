// Labels as dense codes 0..k-1 in the order of their sorted values. Internal.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

struct EncodedLabels {
  std::vector<std::int32_t> code;   // one per row
  std::vector<std::int32_t> value;  // the label of each code, ascending
  std::vector<std::size_t> count;   // rows per code
  std::size_t k() const { return value.size(); }
};

inline EncodedLabels encode_labels(std::span<const std::int32_t> labels) {
  EncodedLabels e;
  e.value.assign(labels.begin(), labels.end());
  std::sort(e.value.begin(), e.value.end());
  e.value.erase(std::unique(e.value.begin(), e.value.end()), e.value.end());
  e.code.resize(labels.size());
  e.count.assign(e.value.size(), 0);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto it = std::lower_bound(e.value.begin(), e.value.end(), labels[i]);
    e.code[i] = static_cast<std::int32_t>(it - e.value.begin());
    ++e.count[static_cast<std::size_t>(e.code[i])];
  }
  return e;
}

// scikit-learn's check_number_of_labels: 2 <= k <= n - 1.
inline Status check_cluster_count(std::size_t k, std::size_t n, absl::string_view where) {
  if (k < 2 || k + 1 > n)
    return invalid_argument(where, "there are ", k, " distinct labels for ", n,
                            " rows; a score needs between 2 and n - 1 clusters");
  return absl::OkStatus();
}

inline Status check_labels_size(std::size_t labels, std::size_t rows, absl::string_view where) {
  if (labels != rows) return invalid_argument(where, "labels has ", labels, " values for ", rows, " rows");
  if (rows == 0) return invalid_argument(where, "x has no rows");
  return absl::OkStatus();
}

}  // namespace detail
SEGCORE_NAMESPACE_END
