// Whole-file reads and atomic replacement of a file (POSIX): write a temporary file in the
// target's folder, fsync it, rename it over the target, fsync the folder.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_file {

// On any failure before the rename the temporary file is removed and the target is as it
// was. Only a failing fsync of the folder after the rename leaves the new file in place
// (reported: it may not survive a power loss). Errors name the path and the system's reason.
Status replace_file_atomically(const std::string& path, std::span<const std::uint8_t> bytes);

StatusOr<std::vector<std::uint8_t>> read_whole_file(const std::string& path);

}  // namespace model_file
SEGCORE_NAMESPACE_END
