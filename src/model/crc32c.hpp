// CRC-32C (Castagnoli polynomial, reflected, initial and final value 0xFFFFFFFF), the
// checksum of model files. Check value: crc32c("123456789") = 0xE3069283.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

std::uint32_t crc32c(std::span<const std::uint8_t> bytes);

}  // namespace model_detail
SEGCORE_NAMESPACE_END
