// Whole-file reads and atomic replacement of a file (POSIX): write a temporary file in the
// target's folder, fsync it, rename it over the target, fsync the folder. Only a regular file
// (or nothing) is ever replaced: a device such as /dev/null, a FIFO, a socket, a symbolic link
// or a folder at the path is refused, so that a writer never damages what is not its own.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

// OK when path names a regular file or nothing; otherwise Unavailable (SEGCORE_EIO, as a
// load of something that is not a regular file) naming what is
// there ("'/dev/null' is a character device, not a regular file"). Symbolic links are not
// followed (a link is refused, not written through).
Status check_replaceable(const std::string& path);

// Refuses what check_replaceable refuses. The new file keeps the permission bits (and, where
// allowed, the owner) of the file it replaces, so a 0600 file stays 0600. Temporaries are
// named "<path>.tmp.<pid>.<n>" and locked (flock) while written; each call first removes
// those of path that no live writer holds (left by a killed process).
// On any failure before the rename the temporary file is removed and the target is as it
// was. Only a failing fsync of the folder after the rename leaves the new file in place
// (reported: it may not survive a power loss). Errors name the path and the system's reason.
Status replace_file_atomically(const std::string& path, std::span<const std::uint8_t> bytes);

// Removes the temporaries of path ("<path>.tmp.<pid>.<n>") that no live writer holds locked.
void remove_stale_temporaries(const std::string& path);

StatusOr<std::vector<std::uint8_t>> read_whole_file(const std::string& path);

}  // namespace model_detail
SEGCORE_NAMESPACE_END
