// The byte form of a partial state (model/partial_image.hpp) with its payload length and
// checksum made right, so that a fuzzer's mutations get past the checksum into the payload.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/crc32c.hpp"

inline std::vector<std::uint8_t> repaired_partial(std::span<const std::uint8_t> in) {
  std::vector<std::uint8_t> b(in.begin(), in.end());
  const std::uint64_t length = b.size() - 24;
  for (int k = 0; k < 8; ++k) b[12 + k] = static_cast<std::uint8_t>(length >> (8 * k));
  const std::uint32_t crc = segcore::model_detail::crc32c(std::span<const std::uint8_t>(b.data(), b.size() - 4));
  for (int k = 0; k < 4; ++k) b[b.size() - 4 + k] = static_cast<std::uint8_t>(crc >> (8 * k));
  return b;
}
