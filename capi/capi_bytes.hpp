// Handing a partial state's byte form to a caller's buffer, as every *_to_bytes function of the
// C ABI does. Internal to the library.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace capi_detail {

// *size receives the image's length; with buffer NULL (capacity 0) only that; OutOfRange when
// the capacity is below the length.
inline absl::Status give_bytes(const std::vector<std::uint8_t>& image, void* buffer, std::size_t capacity,
                               std::size_t* size, const char* fn) {
  if (buffer == nullptr && capacity != 0) return invalid_argument(fn, "buffer is NULL but capacity is ", capacity);
  *size = image.size();
  if (buffer == nullptr) return absl::OkStatus();
  if (capacity < image.size())
    return absl::OutOfRangeError(
        absl::StrCat(fn, ": the buffer holds ", capacity, " bytes; the state needs ", image.size()));
  std::memcpy(buffer, image.data(), image.size());
  return absl::OkStatus();
}

}  // namespace capi_detail
SEGCORE_NAMESPACE_END
