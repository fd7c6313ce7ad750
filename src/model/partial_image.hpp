// The sibling of the model-file container that partial states travel in (docs/MODEL_FILES.md,
// "Partial states"): 8 bytes of magic, u32 format version, u64 payload length, the payload and
// a CRC-32C of everything before it. Partial states are not models and are never saved as
// files, so they do not take a model kind; each state has its own magic. Internal.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

// Which state an image holds: its magic, the one format version read and written, and its
// name in messages ("k-means partial state"; the image is "<name> bytes").
struct PartialImageKind {
  std::array<std::uint8_t, 8> magic;
  std::uint32_t version;
  const char* name;
  std::string source() const { return std::string(name) + " bytes"; }
};

// Size of the header before the payload; the payload's offset in the image.
inline constexpr std::size_t kPartialImageHeader = 8 + 4 + 8;

// The image of a payload.
std::vector<std::uint8_t> partial_image(const PartialImageKind& kind, std::span<const std::uint8_t> payload);

// The payload of an image, after the size, magic, version, length and checksum checks; each
// failure is DataLoss naming what failed.
StatusOr<std::span<const std::uint8_t>> partial_payload(const PartialImageKind& kind,
                                                        std::span<const std::uint8_t> bytes);

}  // namespace model_detail
SEGCORE_NAMESPACE_END
