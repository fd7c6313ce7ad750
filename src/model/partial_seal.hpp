// The container of the partial states that travel between processes (k-means statistics, RFM
// selection counts): an 8-byte magic of the state's kind, a u32 format version, a u64 payload
// length, the little-endian payload and a CRC-32C of everything before it. A sibling of the
// model-file container (docs/MODEL_FILES.md), without its kind and writer's version fields.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/byte_io.hpp"
#include "model/crc32c.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

inline constexpr std::size_t kPartialHeader = 8 + 4 + 8;  // magic, version, payload length
inline constexpr std::size_t kPartialChecksum = 4;

// The byte form of a payload.
inline std::vector<std::uint8_t> seal_partial(std::span<const std::uint8_t, 8> magic, std::uint32_t version,
                                              std::span<const std::uint8_t> payload) {
  ByteWriter out;
  for (std::uint8_t b : magic) out.u8(b);
  out.u32(version);
  out.u64(payload.size());
  out.bytes().insert(out.bytes().end(), payload.begin(), payload.end());
  out.u32(crc32c(out.bytes()));
  return std::move(out.bytes());
}

// A reader over the payload of a byte form, once magic, version, length and checksum are
// checked; DataLoss "<source>: <what>" otherwise (`kind` names the state in messages).
inline StatusOr<ByteReader> open_partial(std::span<const std::uint8_t> bytes, std::span<const std::uint8_t, 8> magic,
                                         std::uint32_t expected_version, const char* source, const char* kind) {
  auto fail = [&](auto&&... what) { return absl::DataLossError(absl::StrCat(source, ": ", what...)); };
  if (bytes.size() < kPartialHeader + kPartialChecksum)
    return fail(bytes.size(), " bytes are too few for a state (at least ", kPartialHeader + kPartialChecksum, ")");
  if (!std::equal(magic.begin(), magic.end(), bytes.begin()))
    return fail("the bytes do not start with the magic of ", kind);
  ByteReader head(bytes.subspan(8, 12), 8, source);
  std::uint32_t version = 0;
  std::uint64_t length = 0;
  SEGCORE_RETURN_IF_ERROR(head.u32("format version", version));
  SEGCORE_RETURN_IF_ERROR(head.u64("payload length", length));
  if (version != expected_version)
    return fail("format version ", version, " is not the version this library reads (", expected_version, ")");
  if (length != bytes.size() - kPartialHeader - kPartialChecksum)
    return fail("the payload length says ", length, " bytes but ", bytes.size() - kPartialHeader - kPartialChecksum,
                " follow the header (truncated or padded)");
  ByteReader tail(bytes.subspan(bytes.size() - kPartialChecksum), bytes.size() - kPartialChecksum, source);
  std::uint32_t stored = 0;
  SEGCORE_RETURN_IF_ERROR(tail.u32("checksum", stored));
  if (stored != crc32c(bytes.first(bytes.size() - kPartialChecksum)))
    return fail("the checksum does not match (the bytes are corrupt)");
  return ByteReader(bytes.subspan(kPartialHeader, length), kPartialHeader, source);
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
