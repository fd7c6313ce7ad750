// The partial states' container (partial_image.hpp).
#include "model/partial_image.hpp"

#include <algorithm>

#include "model/byte_io.hpp"
#include "model/crc32c.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

namespace {
constexpr std::size_t kChecksum = 4;
}  // namespace

std::vector<std::uint8_t> partial_image(const PartialImageKind& kind, std::span<const std::uint8_t> payload) {
  ByteWriter out;
  for (std::uint8_t b : kind.magic) out.u8(b);
  out.u32(kind.version);
  out.u64(payload.size());
  out.bytes().insert(out.bytes().end(), payload.begin(), payload.end());
  out.u32(crc32c(out.bytes()));
  return std::move(out.bytes());
}

StatusOr<std::span<const std::uint8_t>> partial_payload(const PartialImageKind& kind,
                                                        std::span<const std::uint8_t> bytes) {
  const std::string source = kind.source();
  auto fail = [&](absl::string_view what) { return absl::DataLossError(absl::StrCat(source, ": ", what)); };
  constexpr std::size_t kHeader = kPartialImageHeader;
  if (bytes.size() < kHeader + kChecksum)
    return fail(absl::StrCat(bytes.size(), " bytes are too few for a state (at least ", kHeader + kChecksum, ")"));
  if (!std::equal(kind.magic.begin(), kind.magic.end(), bytes.begin()))
    return fail(absl::StrCat("the bytes do not start with the magic of a ", kind.name));
  ByteReader head(bytes.subspan(8, 12), 8, source);
  std::uint32_t version = 0;
  std::uint64_t length = 0;
  SEGCORE_RETURN_IF_ERROR(head.u32("format version", version));
  SEGCORE_RETURN_IF_ERROR(head.u64("payload length", length));
  if (version != kind.version)
    return fail(
        absl::StrCat("format version ", version, " is not the version this library reads (", kind.version, ")"));
  if (length != bytes.size() - kHeader - kChecksum)
    return fail(absl::StrCat("the payload length says ", length, " bytes but ", bytes.size() - kHeader - kChecksum,
                             " follow the header (truncated or padded)"));
  ByteReader tail(bytes.subspan(bytes.size() - kChecksum), bytes.size() - kChecksum, source);
  std::uint32_t stored = 0;
  SEGCORE_RETURN_IF_ERROR(tail.u32("checksum", stored));
  if (stored != crc32c(bytes.first(bytes.size() - kChecksum)))
    return fail("the checksum does not match (the bytes are corrupt)");
  return bytes.subspan(kHeader, length);
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
