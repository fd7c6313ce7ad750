// gzip and zstd inputs, recognised by their magic bytes and decompressed whole into memory.
// Each library is optional at build time (Meson option `compression`); without it such an input
// is refused with a message saying how to read it.
#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "input_internal.hpp"
#include "segcore/progress.hpp"

#if SEGCORE_HAVE_ZLIB
#include <zlib.h>
#endif
#if SEGCORE_HAVE_ZSTD
#include <zstd.h>
#endif

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

namespace {

// Output per library call: small enough that a cancel is seen within milliseconds.
constexpr std::size_t kOutputStep = std::size_t{16} << 20;

// Grows out so that at least `room` bytes are free after its size.
bool make_room(ByteBuffer& out, std::size_t room) {
  if (out.capacity() - out.size() >= room) return true;
  return out.reserve(std::max(out.size() + room, out.capacity() * 2));
}

Status no_memory(absl::string_view where, const ByteBuffer& out) {
  return absl::ResourceExhaustedError(
      absl::StrCat(where, ": out of memory decompressing the input (", out.size(), " bytes so far)"));
}

Status corrupt(absl::string_view where, absl::string_view format, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": the ", format, " data is damaged or cut short (", why, ")"));
}

[[maybe_unused]] Status not_built(absl::string_view where, absl::string_view format, absl::string_view library) {
  return absl::UnimplementedError(absl::StrCat(where, ": the input is ", format,
                                               "-compressed, and this segcore was built without ", library,
                                               " (Meson option compression); decompress it first"));
}

Status gunzip(absl::string_view in, ByteBuffer& out, absl::string_view where) {
#if SEGCORE_HAVE_ZLIB
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK)
    return absl::ResourceExhaustedError(absl::StrCat(where, ": cannot start zlib"));
  struct End {
    z_stream* z;
    ~End() { inflateEnd(z); }
  } end{&z};
  std::size_t at = 0;
  const std::size_t chunk = std::size_t{1} << 30;  // zlib counts in 32 bits
  for (;;) {
    detail::check_cancelled();
    if (!make_room(out, std::max<std::size_t>(in.size() * 4, std::size_t{1} << 16))) return no_memory(where, out);
    const std::size_t take_in = std::min(in.size() - at, chunk),
                      room = std::min(out.capacity() - out.size(), kOutputStep);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + at));
    z.avail_in = static_cast<uInt>(take_in);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + out.size());
    z.avail_out = static_cast<uInt>(room);
    const int r = inflate(&z, Z_NO_FLUSH);
    at += take_in - z.avail_in;
    out.set_size(out.size() + (room - z.avail_out));
    if (r == Z_STREAM_END) {
      // Concatenated members (as `cat a.gz b.gz` makes) are one input.
      if (at == in.size()) return absl::OkStatus();
      if (in.size() - at < 2 || static_cast<unsigned char>(in[at]) != 0x1F ||
          static_cast<unsigned char>(in[at + 1]) != 0x8B)
        return corrupt(where, "gzip", absl::StrCat(in.size() - at, " bytes of something else follow the data"));
      inflateReset(&z);
      continue;
    }
    if (r == Z_BUF_ERROR && at == in.size() && z.avail_out != 0) return corrupt(where, "gzip", "it ends early");
    if (r == Z_MEM_ERROR) return no_memory(where, out);
    if (r != Z_OK && r != Z_BUF_ERROR) return corrupt(where, "gzip", z.msg != nullptr ? z.msg : "inflate failed");
  }
#else
  (void)in, (void)out;
  return not_built(where, "gzip", "zlib");
#endif
}

Status unzstd(absl::string_view in, ByteBuffer& out, absl::string_view where) {
#if SEGCORE_HAVE_ZSTD
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  if (ctx == nullptr) return absl::ResourceExhaustedError(absl::StrCat(where, ": cannot start zstd"));
  struct Free {
    ZSTD_DCtx* ctx;
    ~Free() { ZSTD_freeDCtx(ctx); }
  } free_ctx{ctx};
  // The first frame's stated size (when written) sizes the buffer once.
  const unsigned long long stated = ZSTD_getFrameContentSize(in.data(), in.size());
  if (stated != ZSTD_CONTENTSIZE_UNKNOWN && stated != ZSTD_CONTENTSIZE_ERROR && stated < (1ull << 40))
    if (!out.reserve(static_cast<std::size_t>(stated) + 1)) return no_memory(where, out);
  ZSTD_inBuffer src{in.data(), in.size(), 0};
  std::size_t last = 1;  // ZSTD_decompressStream's result: 0 once a frame is complete
  while (src.pos < src.size || last != 0) {
    if (!make_room(out, std::max<std::size_t>(in.size() * 4, ZSTD_DStreamOutSize()))) return no_memory(where, out);
    detail::check_cancelled();
    ZSTD_outBuffer dst{out.data(), std::min(out.capacity(), out.size() + kOutputStep), out.size()};
    const std::size_t before_in = src.pos;
    last = ZSTD_decompressStream(ctx, &dst, &src);
    if (ZSTD_isError(last)) return corrupt(where, "zstd", ZSTD_getErrorName(last));
    out.set_size(dst.pos);
    if (src.pos == src.size && last != 0 && src.pos == before_in && dst.pos < dst.size)
      return corrupt(where, "zstd", "it ends early");
  }
  return absl::OkStatus();
#else
  (void)in, (void)out;
  return not_built(where, "zstd", "libzstd");
#endif
}

}  // namespace

Compression compression_of(absl::string_view head, const char*& name) {
  auto starts = [&](const char* magic, std::size_t n) {
    return head.size() >= n && std::memcmp(head.data(), magic, n) == 0;
  };
  if (starts("\x1F\x8B", 2)) return name = "gzip", Compression::gzip;
  if (starts("\x28\xB5\x2F\xFD", 4)) return name = "zstd", Compression::zstd;
  if (starts("BZh", 3) && head.size() >= 4 && head[3] >= '1' && head[3] <= '9')
    return name = "bzip2", Compression::other;
  if (starts("\xFD"
             "7zXZ\x00",
             6))
    return name = "xz", Compression::other;
  if (starts("PK\x03\x04", 4)) return name = "zip", Compression::other;
  return name = "", Compression::none;
}

Status decompress(Compression kind, absl::string_view in, ByteBuffer& out, absl::string_view where) {
  if (kind == Compression::gzip) return gunzip(in, out, where);
  if (kind == Compression::zstd) return unzstd(in, out, where);
  return absl::InternalError(absl::StrCat(where, ": no decompressor for this input"));
}

}  // namespace io_detail
SEGCORE_NAMESPACE_END
