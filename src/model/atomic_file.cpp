#include "model/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "io/input_internal.hpp"
#include "model/container.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {
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

const char* kind_of(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a folder";
  return "not a regular file";
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "<base>.tmp.<digits>.<digits>": a temporary of ours for base, and nothing else.
bool is_temporary_of(absl::string_view name, absl::string_view base) {
  const std::string prefix = absl::StrCat(base, ".tmp.");
  if (!absl::StartsWith(name, prefix)) return false;
  name.remove_prefix(prefix.size());
  const std::size_t dot = name.find('.');
  if (dot == 0 || dot == absl::string_view::npos || dot + 1 == name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (i != dot && (name[i] < '0' || name[i] > '9')) return false;
  return true;
}

// Takes the lock of a file just created as fd; false when a cleaner removed the name meanwhile
// (it saw the file unlocked), and the caller then tries another name.
bool lock_created(int fd, const std::string& name) {
  while (::flock(fd, LOCK_EX) != 0)
    if (errno != EINTR) return false;
  struct stat held, named;
  return ::fstat(fd, &held) == 0 && ::lstat(name.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
         held.st_dev == named.st_dev;
}

// Creates and locks a temporary file beside path, with a name no other writer uses at the
// same time, created with mode (less the umask).
StatusOr<int> create_temporary(const std::string& path, mode_t mode, std::string& tmp) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    tmp = absl::StrCat(path, ".tmp.", ::getpid(), ".", counter.fetch_add(1));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd >= 0) {
      if (lock_created(fd, tmp)) return fd;
      ::close(fd);
      continue;
    }
    if (errno != EEXIST && errno != EINTR) return os_error(errno, "cannot create", tmp);
  }
  return absl::UnavailableError(
      absl::StrCat("cannot create a temporary file beside '", path, "': every name tried exists"));
}

// Steps between creating the temporary file and the rename; the caller removes it on failure.
Status fill_and_rename(int raw_fd, const std::string& tmp, const std::string& path,
                       std::span<const std::uint8_t> bytes) {
  Fd fd{raw_fd};
  SEGCORE_RETURN_IF_ERROR(write_all(fd.fd, bytes, tmp));
  if (::fsync(fd.fd) != 0) return os_error(errno, "cannot flush", tmp);
  // Renamed while still open and locked, so no cleaner takes it for an abandoned one.
  if (::rename(tmp.c_str(), path.c_str()) != 0) return os_error(errno, "cannot rename the temporary file onto", path);
  return absl::OkStatus();
}

}  // namespace

Status check_replaceable(const std::string& path) {
  if (path.empty()) return invalid_argument("write_model_file", "the path is empty");
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return absl::OkStatus();  // nothing there (or the create reports why)
  if (S_ISREG(st.st_mode)) return absl::OkStatus();
  return absl::UnavailableError(
      absl::StrCat("'", path, "' is ", kind_of(st.st_mode), ", not a regular file: only regular files are replaced"));
}

void remove_stale_temporaries(const std::string& path) {
  const std::string folder = folder_of(path), base = base_name(path);
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return;
  while (const dirent* e = ::readdir(dir)) {
    if (!is_temporary_of(e->d_name, base)) continue;
    Fd fd{::openat(::dirfd(dir), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)};
    struct stat st;
    if (fd.fd < 0 || ::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (::flock(fd.fd, LOCK_EX | LOCK_NB) == 0) ::unlinkat(::dirfd(dir), e->d_name, 0);  // no live writer
  }
  ::closedir(dir);
}

Status replace_file_atomically(const std::string& path, std::span<const std::uint8_t> bytes) {
  SEGCORE_RETURN_IF_ERROR(check_replaceable(path));
  struct stat old;
  const bool replacing = ::lstat(path.c_str(), &old) == 0;
  remove_stale_temporaries(path);
  std::string tmp;
  // The replacement keeps the old file's permissions (a 0600 file of secrets stays 0600; it
  // is 0600 until then); a new file gets 0666 less the umask, as any created file does.
  SEGCORE_ASSIGN_OR_RETURN(int fd, create_temporary(path, replacing ? 0600 : 0666, tmp));
  if (replacing) {
    if (::fchown(fd, old.st_uid, old.st_gid) != 0) { /* not permitted: the writer owns it */
    }
    ::fchmod(fd, old.st_mode & 07777);
  }
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
      return absl::DataLossError(absl::StrCat(
          file_source(path), ": offset 16 (payload length) says ", payload, " payload bytes; the file's ", want,
          " bytes hold ", want < kHeaderSize + kChecksumSize ? 0 : want - kHeaderSize - kChecksumSize,
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

}  // namespace model_detail
SEGCORE_NAMESPACE_END
