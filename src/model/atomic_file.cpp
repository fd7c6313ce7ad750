#include "model/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "io/input_internal.hpp"
#include "model/container.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_file {
namespace {

// NotFound for a missing file or folder, PermissionDenied for access, Unavailable otherwise
// (the last two are SEGCORE_EIO at the C ABI).
Status os_error(int err, absl::string_view what, const std::string& path) {
  const std::string msg = absl::StrCat(what, " '", path, "': ", std::strerror(err));
  if (err == ENOENT || err == ENOTDIR) return absl::NotFoundError(msg);
  if (err == EACCES || err == EPERM || err == EROFS) return absl::PermissionDeniedError(msg);
  return absl::UnavailableError(msg);
}

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Closes fd on every path out of a scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  int release() {
    const int f = fd;
    fd = -1;
    return f;
  }
};

Status write_all(int fd, std::span<const std::uint8_t> bytes, const std::string& tmp) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error(errno, "cannot write", tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  return absl::OkStatus();
}

// Creates a temporary file beside path, with a name no other writer uses at the same time.
StatusOr<int> create_temporary(const std::string& path, std::string& tmp) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    tmp = absl::StrCat(path, ".tmp.", ::getpid(), ".", counter.fetch_add(1));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    if (errno != EEXIST && errno != EINTR) return os_error(errno, "cannot create", tmp);
  }
  return absl::UnavailableError(absl::StrCat("cannot create a temporary file beside '", path, "': every name tried exists"));
}

// Steps between creating the temporary file and the rename; the caller removes it on failure.
Status fill_and_rename(int raw_fd, const std::string& tmp, const std::string& path,
                       std::span<const std::uint8_t> bytes) {
  Fd fd{raw_fd};
  SEGCORE_RETURN_IF_ERROR(write_all(fd.fd, bytes, tmp));
  if (::fsync(fd.fd) != 0) return os_error(errno, "cannot flush", tmp);
  if (::close(fd.release()) != 0) return os_error(errno, "cannot close", tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return os_error(errno, "cannot rename the temporary file onto", path);
  return absl::OkStatus();
}

}  // namespace

Status replace_file_atomically(const std::string& path, std::span<const std::uint8_t> bytes) {
  if (path.empty()) return invalid_argument("write_model_file", "the path is empty");
  std::string tmp;
  SEGCORE_ASSIGN_OR_RETURN(int fd, create_temporary(path, tmp));
  if (Status st = fill_and_rename(fd, tmp, path, bytes); !st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  // The rename is durable only once the folder's entry is on disk.
  const std::string folder = folder_of(path);
  Fd dir{::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd < 0 || ::fsync(dir.fd) != 0)
    return os_error(errno, "the model was written, but cannot flush the folder", folder);
  return absl::OkStatus();
}

StatusOr<std::vector<std::uint8_t>> read_whole_file(const std::string& path) {
  const char* kind;
  Fd fd{io_detail::open_regular_file(path, kind)};
  if (fd.fd < 0) {
    if (errno == 0) return absl::UnavailableError(absl::StrCat("'", path, "' is not a regular file (", kind, ")"));
    return os_error(errno, "cannot open", path);
  }
  struct stat st;
  if (::fstat(fd.fd, &st) != 0) return os_error(errno, "cannot stat", path);
  // The header first: a file that is not a model, or whose stated length disagrees with its
  // size, is answered from its first bytes rather than read whole (it may be gigabytes).
  std::size_t want = static_cast<std::size_t>(st.st_size);
  std::uint8_t head[kHeaderSize];
  const ssize_t got = ::pread(fd.fd, head, sizeof head, 0);
  if (got < 0) return os_error(errno, "cannot read", path);
  if (got >= static_cast<ssize_t>(sizeof kMagic) && std::memcmp(head, kMagic, sizeof kMagic) != 0)
    want = sizeof kMagic;  // enough for the container check to say it is not a model file
  else if (got == static_cast<ssize_t>(kHeaderSize)) {
    std::uint64_t payload = 0;
    for (int k = 0; k < 8; ++k) payload |= static_cast<std::uint64_t>(head[16 + k]) << (8 * k);
    if (payload > want || want - kHeaderSize - kChecksumSize != payload)
      return absl::DataLossError(absl::StrCat(file_source(path), ": offset 16 (payload length) says ", payload,
                                              " payload bytes; the file's ", want, " bytes hold ",
                                              want < kHeaderSize + kChecksumSize ? 0 : want - kHeaderSize - kChecksumSize,
                                              want < kHeaderSize + kChecksumSize + payload ? " (truncated)" : ""));
  }
  std::vector<std::uint8_t> bytes(want);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd.fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error(errno, "cannot read", path);
    }
    if (n == 0) break;  // the file shrank meanwhile: the container check reports the truncation
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace model_file
SEGCORE_NAMESPACE_END
