// A stream checkpoint's image in two steps, so a consumer can stop its loop only for the first:
// encoding reads the live state (it must run where the state is changed), sealing (header and
// CRC-32C) touches only the image and may run on another thread.
#pragma once

#include <cstdint>
#include <vector>

#include "segcore/checkpoint.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

// The checkpoint's payload after kHeaderSize bytes of room, into `image` (its capacity reused).
// Errors as checkpoint_to_bytes.
Status encode_checkpoint(const CheckpointParts& parts, std::vector<std::uint8_t>& image);
// Turns encode_checkpoint's result into the file image (checkpoint_to_bytes's bytes).
void seal_checkpoint(std::vector<std::uint8_t>& image);

}  // namespace model_detail
SEGCORE_NAMESPACE_END
