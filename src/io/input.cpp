// Reading an input whole into owned memory: regular files by positioned reads checked for
// changes, streams (standard input, pipes, FIFOs) to their end, then decompression by magic.
// Files are never mapped: a mapped file cut short by another process raises SIGBUS in ours.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/huge_pages.hpp"
#include "input_internal.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN

InputText& InputText::operator=(InputText&& o) noexcept {
  if (this != &o) {
    std::free(data_);
    data_ = o.data_, size_ = o.size_;
    o.data_ = nullptr, o.size_ = 0;
  }
  return *this;
}

InputText::~InputText() { std::free(data_); }

SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

ByteBuffer::~ByteBuffer() { std::free(data_); }

bool ByteBuffer::reserve(std::size_t n) {
  if (n <= capacity_) return true;
  void* p = std::realloc(data_, n == 0 ? 1 : n);
  if (p == nullptr) return false;
  data_ = static_cast<char*>(p);
  capacity_ = n;
  // Huge pages for a large buffer: measured on a 339 MB CSV, reading into 4 KiB pages took
  // 1.8 s of CPU, into huge pages 0.14 s, mapping the file 0.27 s (docs/BENCHMARKS.md).
  detail::advise_huge_pages(data_, n);
  return true;
}

InputText ByteBuffer::release() {
  InputText t(data_, size_);
  data_ = nullptr, size_ = capacity_ = 0;
  return t;
}

}  // namespace io_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN

namespace io_detail {

Status os_error(int e, absl::string_view where, absl::string_view what) {
  const std::string m = absl::StrCat(where, ": ", what, ": ", std::strerror(e));
  if (e == ENOENT) return absl::NotFoundError(absl::StrCat(where, ": no such file"));
  if (e == EACCES || e == EPERM) return absl::PermissionDeniedError(m);
  if (e == ENOMEM) return absl::ResourceExhaustedError(m);
  return absl::UnavailableError(m);
}

Status out_of_memory(absl::string_view where, std::size_t bytes) {
  return absl::ResourceExhaustedError(absl::StrCat(where, ": out of memory reading ", bytes, " bytes"));
}

namespace {

// The identity and state of a file, compared before and after reading it.
bool same_version(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
         a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
         a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
}

}  // namespace

Status changed(absl::string_view where, absl::string_view how) {
  return absl::UnavailableError(absl::StrCat(where, ": the file changed while it was read (", how,
                                             "); read it again once it is complete, or read a copy"));
}

Status check_unchanged(int fd, const struct stat& before, absl::string_view where) {
  const auto size = static_cast<std::size_t>(before.st_size);
  // One byte past the end: there is none unless the file grew.
  char probe;
  ssize_t extra;
  do extra = ::pread(fd, &probe, 1, static_cast<off_t>(size));
  while (extra < 0 && errno == EINTR);
  struct stat after;
  if (::fstat(fd, &after) != 0) return os_error(errno, where, "cannot stat");
  if (extra > 0 || after.st_size > before.st_size)
    return changed(where, absl::StrCat("it grew beyond ", size, " bytes"));
  if (after.st_size < before.st_size)
    return changed(where, absl::StrCat("it had ", size, " bytes, then ", after.st_size));
  if (!same_version(before, after)) return changed(where, "it was modified");
  return absl::OkStatus();
}

}  // namespace io_detail

namespace {

using io_detail::ByteBuffer;
using io_detail::changed;
using io_detail::os_error;
using io_detail::out_of_memory;

// Positioned reads go in blocks of this size, spread over the threads.
constexpr std::size_t kReadBlock = std::size_t{8} << 20;

// A regular file of `size` bytes (by fstat) into out, by pread in blocks on n_threads threads.
Status read_regular(int fd, const struct stat& before, int n_threads, ByteBuffer& out, absl::string_view where) {
  const auto size = static_cast<std::size_t>(before.st_size);
  if (!out.reserve(size + 1)) return out_of_memory(where, size);
  const Blocks blocks(size, kReadBlock);
  std::atomic<int> error{0};
  std::atomic<std::size_t> short_at{SIZE_MAX};
  parallel_for(resolve_threads(n_threads), blocks.count(), [&](std::size_t b) {
    std::size_t at = blocks[b].begin;
    while (at < blocks[b].end && error.load(std::memory_order_relaxed) == 0) {
      const ssize_t n = ::pread(fd, out.data() + at, blocks[b].end - at, static_cast<off_t>(at));
      if (n < 0) {
        if (errno == EINTR) continue;
        error = errno;
        return;
      }
      if (n == 0) {  // end of file before the size it had: it shrank
        std::size_t seen = short_at.load();
        while (at < seen && !short_at.compare_exchange_weak(seen, at)) {}
        return;
      }
      at += static_cast<std::size_t>(n);
    }
  });
  if (error != 0) return os_error(error, where, "cannot read");
  if (short_at != SIZE_MAX)
    return changed(where, absl::StrCat("it had ", size, " bytes, then ended at byte ", short_at.load()));
  SEGCORE_RETURN_IF_ERROR(io_detail::check_unchanged(fd, before, where));
  out.set_size(size);
  return absl::OkStatus();
}

// A stream (pipe, FIFO, terminal, socket) to its end.
Status read_stream(int fd, ByteBuffer& out, absl::string_view where) {
  std::size_t size = 0;
  for (;;) {
    detail::check_cancelled();  // between reads; a read that waits for data is not interrupted
    if (size == out.capacity()) {
      const std::size_t want = std::max<std::size_t>(std::size_t{1} << 16, out.capacity() * 2);
      if (!out.reserve(want)) return out_of_memory(where, want);
    }
    const ssize_t n = ::read(fd, out.data() + size, out.capacity() - size);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {  // a non-blocking descriptor: wait for data rather than spin
        ::usleep(1000);
        continue;
      }
      return os_error(errno, where, "cannot read");
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  out.set_size(size);
  return absl::OkStatus();
}

StatusOr<InputText> read_from(int fd, absl::string_view where, int n_threads) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return os_error(errno, where, "cannot stat");
  ByteBuffer raw;
  if (S_ISREG(st.st_mode)) {
    SEGCORE_RETURN_IF_ERROR(read_regular(fd, st, n_threads, raw, where));
  } else if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || (S_ISCHR(st.st_mode) && ::isatty(fd))) {
    SEGCORE_RETURN_IF_ERROR(read_stream(fd, raw, where));
  } else {
    const char* kind = S_ISDIR(st.st_mode) ? "a folder" : "a device";
    return absl::UnavailableError(absl::StrCat(where, ": is not a regular file, pipe or FIFO (", kind, ")"));
  }
  const char* name = "";
  const io_detail::Compression kind =
      io_detail::compression_of(absl::string_view(raw.data(), std::min<std::size_t>(raw.size(), 8)), name);
  if (kind == io_detail::Compression::none) return raw.release();
  if (kind == io_detail::Compression::other)
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": the input is ", name, "-compressed; only gzip and zstd are read: decompress it first"));
  ByteBuffer plain;
  SEGCORE_RETURN_IF_ERROR(io_detail::decompress(kind, absl::string_view(raw.data(), raw.size()), plain, where));
  return plain.release();
}

}  // namespace

StatusOr<InputText> read_input_fd(int fd, absl::string_view source, int n_threads) {
  const std::string where = absl::StrCat("read_input: ", source);
  if (fd < 0) return invalid_argument(where, "the descriptor ", fd, " is negative");
  if (n_threads < 0) return invalid_argument(where, "n_threads is ", n_threads, "; use >= 1, or 0 for all cores");
  return read_from(fd, source, n_threads);
}

StatusOr<InputText> read_input(absl::string_view path, int n_threads) {
  if (path == "-") return read_input_fd(STDIN_FILENO, "standard input", n_threads);
  if (path.empty()) return invalid_argument("read_input", "the path is empty");
  if (n_threads < 0)
    return invalid_argument("read_input", "n_threads is ", n_threads, "; use >= 1, or 0 for all cores");
  const std::string p(path);
  // A FIFO is opened once, blocking: it waits for a writer and is read like a pipe. Anything
  // else is opened without blocking (a device may block in open). A FIFO must never be opened
  // and closed again: a writer already waiting would write into no reader, lose its data
  // (EPIPE) and leave the second open waiting forever, or leave a part read as if whole.
  struct stat named;
  const bool fifo = ::stat(p.c_str(), &named) == 0 && S_ISFIFO(named.st_mode);
  int fd;
  do fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | (fifo ? 0 : O_NONBLOCK));
  while (fd < 0 && errno == EINTR);
  if (fd < 0) return os_error(errno, path, "cannot open");
  struct stat st;
  if (!fifo && ::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
    ::close(fd);
    return absl::UnavailableError(absl::StrCat(path, ": became a FIFO while it was opened; open it again"));
  }
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } closer{fd};
  return read_from(fd, path, n_threads);
}

SEGCORE_NAMESPACE_END
