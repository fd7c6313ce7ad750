// Inputs that must be regular files (model files, opt-out lists, rule files): opened without
// blocking, so that a FIFO is refused at once instead of waiting for a writer forever, and
// read no further than the caller can use.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "input_internal.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

namespace {

const char* kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a folder";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  return "a device";
}

}  // namespace

int open_regular_file(const std::string& path, const char*& kind) {
  kind = "";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return -1;
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    kind = kind_of(st.st_mode);
    ::close(fd);
    errno = 0;
    return -1;
  }
  // Regular files never block; the flag is dropped so that reads are ordinary ones.
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

StatusOr<std::string> read_regular_file(const std::string& path, std::size_t max_bytes, absl::string_view what) {
  const std::string where = absl::StrCat(what, " '", path, "'");
  const char* kind;
  const int fd = open_regular_file(path, kind);
  if (fd < 0) {
    const int e = errno;
    if (e == 0) return absl::UnavailableError(absl::StrCat(where, ": is not a regular file (", kind, ")"));
    if (e == ENOENT || e == ENOTDIR) return absl::NotFoundError(absl::StrCat(where, ": no such file"));
    return absl::UnavailableError(absl::StrCat(where, ": cannot open: ", std::strerror(e)));
  }
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } closer{fd};
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(absl::StrCat(where, ": cannot read: ", std::strerror(errno)));
    }
    if (n == 0) return text;
    if (text.size() + static_cast<std::size_t>(n) > max_bytes)
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": is larger than ", max_bytes, " bytes, the most a ", what, " may hold"));
    text.append(buf, static_cast<std::size_t>(n));
  }
}

}  // namespace io_detail
SEGCORE_NAMESPACE_END
