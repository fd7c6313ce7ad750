// Texts held back to back in one buffer with n + 1 offsets, as the text C functions take them
// (sentiment, listening). Internal to the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace capi_detail {

// The n texts of `data`: text i is bytes [offsets[i], offsets[i + 1]). InvalidArgument naming
// the offsets when they are negative or decreasing, or data when it is NULL with bytes to read.
inline StatusOr<std::vector<std::string_view>> texts_from_offsets(const char* fn, const char* data,
                                                                  const std::int64_t* offsets, std::size_t n) {
  if (n > 0 && offsets[n] > offsets[0] && data == nullptr) return invalid_argument(fn, "data is NULL");
  std::vector<std::string_view> texts(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (offsets[i] < 0 || offsets[i + 1] < offsets[i])
      return invalid_argument(fn, "offsets[", i, "] = ", offsets[i], " and offsets[", i + 1, "] = ", offsets[i + 1],
                              "; offsets must be non-negative and non-decreasing");
    texts[i] = std::string_view(data + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i]));
  }
  return texts;
}

}  // namespace capi_detail
SEGCORE_NAMESPACE_END
