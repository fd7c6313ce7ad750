// Internal pieces of reading an input into memory: a growable byte buffer, decompression and
// the checks that keep special files (FIFOs, devices) out of readers that want regular files.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "segcore/io.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

// Bytes in one malloc'ed block that grows by realloc (no zero-filling: the reader writes every
// byte it keeps). Moved into an InputText when complete.
class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(const ByteBuffer&) = delete;
  ByteBuffer& operator=(const ByteBuffer&) = delete;
  ~ByteBuffer();
  // Makes room for at least n bytes in total; false when memory runs out.
  bool reserve(std::size_t n);
  char* data() { return data_; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  void set_size(std::size_t n) { size_ = n; }
  // Gives the block to an InputText (the buffer is empty afterwards).
  InputText release();

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0, capacity_ = 0;
};

// What the first bytes say the input is compressed with.
enum class Compression { none, gzip, zstd, other };

// gzip (1F 8B), zstd (28 B5 2F FD); "other" for bzip2, xz and zip, named in `name`.
Compression compression_of(absl::string_view head, const char*& name);

// Decompresses a whole gzip (all members) or zstd (all frames) input into out. `where` names
// the input in messages.
Status decompress(Compression kind, absl::string_view in, ByteBuffer& out, absl::string_view where);

// An errno as a Status: NotFound, PermissionDenied, ResourceExhausted or Unavailable, starting
// with `where` and saying `what` failed.
Status os_error(int e, absl::string_view where, absl::string_view what);

// A ResourceExhausted error for a buffer of `bytes` that could not be had.
Status out_of_memory(absl::string_view where, std::size_t bytes);

// The Unavailable error of a file that changed while it was read, saying how.
Status changed(absl::string_view where, absl::string_view how);

// After reading a regular file whose fstat was `before`: OK when it still ends where it did
// and was not modified, else the error of changed() saying how.
Status check_unchanged(int fd, const struct stat& before, absl::string_view where);

// Opens path for reading without blocking (a FIFO without a writer would block open and read
// forever) and keeps it only when it is a regular file. Returns the descriptor (close it), or
// -1 with errno set when open fails, or -1 with errno 0 and `kind` naming what the path is ("a
// folder", "a FIFO", "a device", "a socket") when it is not a regular file.
int open_regular_file(const std::string& path, const char*& kind);

// Reads a regular file of at most max_bytes whole; errors (NotFound, Unavailable,
// InvalidArgument beyond max_bytes) start with `what` and the quoted path ("rule file 'x'").
StatusOr<std::string> read_regular_file(const std::string& path, std::size_t max_bytes, absl::string_view what);

}  // namespace io_detail
SEGCORE_NAMESPACE_END
