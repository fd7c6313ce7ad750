// The model file container: a 24-byte header (magic, format version, kind, writer's library
// version, payload length), the payload, and a CRC-32C of everything before it. Byte layout:
// docs/MODEL_FILES.md. The container never changes between format versions; only payloads do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/byte_io.hpp"
#include "segcore/model_file.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

inline constexpr std::size_t kHeaderSize = 24;
inline constexpr std::size_t kChecksumSize = 4;
inline constexpr std::uint8_t kMagic[8] = {'S', 'E', 'G', 'C', 'M', 'O', 'D', '\n'};

// The file image of a payload. Tests pass other versions to make files this build refuses.
std::vector<std::uint8_t> seal(ModelKind kind, std::span<const std::uint8_t> payload,
                               std::uint16_t format_version = kModelFormatVersion,
                               std::int32_t library_version = -1 /* this library */);

// seal() in place: `image` holds kHeaderSize bytes of room, then the payload; the header is
// filled in and the checksum appended (no copy of a large payload).
void seal_in_place(ModelKind kind, std::vector<std::uint8_t>& image);

// Checks magic, length, checksum, format version and that the kind is known; source names
// the file or buffer in messages.
StatusOr<ModelFileInfo> check(std::span<const std::uint8_t> bytes, const std::string& source);

// check(), then that the kind is one of `accepted` (InvalidArgument naming both otherwise);
// on success a reader over the payload.
StatusOr<ByteReader> open(std::span<const std::uint8_t> bytes, std::span<const ModelKind> accepted,
                          const std::string& source, ModelKind* found = nullptr);

// "model bytes" / "model file 'path'".
std::string bytes_source();
std::string file_source(const std::string& path);

}  // namespace model_detail
SEGCORE_NAMESPACE_END
