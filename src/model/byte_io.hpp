// Little-endian fixed-width encoding of model payloads: a writer appending to a byte vector,
// and a reader that checks every read against the bytes left and names the field and file
// offset when one does not fit or holds a bad value.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

class ByteWriter {
 public:
  ByteWriter() = default;
  // Writes into `reuse`, emptied first: its capacity serves again (no page faults on a large
  // image written over and over, such as a stream checkpoint).
  explicit ByteWriter(std::vector<std::uint8_t>&& reuse) : bytes_(std::move(reuse)) { bytes_.clear(); }
  void u8(std::uint8_t v) { bytes_.push_back(v); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  // The IEEE-754 bit pattern: every double, NaN payloads included, comes back bit-exact.
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  // u64 count, then the values.
  void f64s(std::span<const double> v) {
    u64(v.size());
    for (double x : v) f64(x);
  }
  // u64 count, then one byte each.
  void u8s(std::span<const std::uint8_t> v) {
    u64(v.size());
    append(v.data(), v.size());
  }
  // u32 byte length, then the bytes (UTF-8, no terminator).
  void str(absl::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    append(s.data(), s.size());
  }
  std::vector<std::uint8_t>& bytes() { return bytes_; }
  std::size_t size() const { return bytes_.size(); }
  // Overwrites the u64 written at offset `at` (a length known only after what follows it).
  void patch_u64(std::size_t at, std::uint64_t v) {
    for (int k = 0; k < 8; ++k) bytes_[at + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(v >> (8 * k));
  }

 private:
  void put(std::uint64_t v, int n) {
    std::uint8_t b[8];
    for (int k = 0; k < n; ++k) b[k] = static_cast<std::uint8_t>(v >> (8 * k));
    append(b, static_cast<std::size_t>(n));
  }
  // One copy per field, not a capacity check per byte, and no zero-filling before it (as a
  // resize would do): large images (a profile store's) are written several times faster.
  void append(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    bytes_.insert(bytes_.end(), p, p + n);
  }
  std::vector<std::uint8_t> bytes_;
};

class ByteReader {
 public:
  // bytes is the payload; base is its offset in the file (for messages); source names the
  // file or buffer ("model file 'x.bin'").
  ByteReader(std::span<const std::uint8_t> bytes, std::size_t base, std::string source)
      : bytes_(bytes), base_(base), source_(std::move(source)) {}

  Status u8(const char* field, std::uint8_t& v) {
    SEGCORE_RETURN_IF_ERROR(need(field, 1));
    v = bytes_[pos_++];
    return absl::OkStatus();
  }
  Status u32(const char* field, std::uint32_t& v) {
    std::uint64_t w;
    SEGCORE_RETURN_IF_ERROR(get(field, 4, w));
    v = static_cast<std::uint32_t>(w);
    return absl::OkStatus();
  }
  Status u64(const char* field, std::uint64_t& v) { return get(field, 8, v); }
  Status i32(const char* field, std::int32_t& v) {
    std::uint32_t w;
    SEGCORE_RETURN_IF_ERROR(u32(field, w));
    v = static_cast<std::int32_t>(w);
    return absl::OkStatus();
  }
  Status i64(const char* field, std::int64_t& v) {
    std::uint64_t w;
    SEGCORE_RETURN_IF_ERROR(u64(field, w));
    v = static_cast<std::int64_t>(w);
    return absl::OkStatus();
  }
  Status f64(const char* field, double& v) {
    std::uint64_t w;
    SEGCORE_RETURN_IF_ERROR(u64(field, w));
    v = std::bit_cast<double>(w);
    return absl::OkStatus();
  }
  // The count is checked against the bytes left before anything is allocated.
  Status f64s(const char* field, std::vector<double>& v) {
    const std::size_t at = pos_;
    std::uint64_t n;
    SEGCORE_RETURN_IF_ERROR(u64(field, n));
    if (n > left() / 8) {
      pos_ = at;
      return corrupt(field, absl::StrCat("holds ", n, " values but only ", left() - 8, " bytes follow"));
    }
    v.resize(n);
    for (auto& x : v) SEGCORE_RETURN_IF_ERROR(f64(field, x));
    return absl::OkStatus();
  }
  // u64 count, then that many bytes, returned as a view into the payload (no copy).
  Status span(const char* field, std::span<const std::uint8_t>& v) {
    const std::size_t at = pos_;
    std::uint64_t n;
    SEGCORE_RETURN_IF_ERROR(u64(field, n));
    if (n > left()) {
      pos_ = at;
      return corrupt(field, absl::StrCat("holds ", n, " bytes but only ", left() - 8, " follow"));
    }
    v = bytes_.subspan(pos_, n);
    pos_ += n;
    return absl::OkStatus();
  }
  Status u8s(const char* field, std::vector<std::uint8_t>& v) {
    std::span<const std::uint8_t> view;
    SEGCORE_RETURN_IF_ERROR(span(field, view));
    v.assign(view.begin(), view.end());
    return absl::OkStatus();
  }
  Status str(const char* field, std::string& s) {
    const std::size_t at = pos_;
    std::uint32_t n;
    SEGCORE_RETURN_IF_ERROR(u32(field, n));
    if (n > left()) {
      pos_ = at;
      return corrupt(field, absl::StrCat("is ", n, " bytes long but only ", left() - 4, " bytes follow"));
    }
    s.assign(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
    pos_ += n;
    return absl::OkStatus();
  }

  // DataLoss "<source>: offset <o> (<field>): <what>", at the current position.
  Status corrupt(const char* field, absl::string_view what) const {
    return absl::DataLossError(absl::StrCat(source_, ": offset ", base_ + pos_, " (", field, "): ", what));
  }
  // A payload that parsed but breaks the model's rules (a constructor's InvalidArgument).
  Status invalid(const Status& why) const {
    return absl::DataLossError(absl::StrCat(source_, ": the payload does not make a valid model: ", why.message()));
  }
  // Fails unless every payload byte was read.
  Status finish(const char* kind) const {
    if (pos_ == bytes_.size()) return absl::OkStatus();
    return absl::DataLossError(absl::StrCat(source_, ": offset ", base_ + pos_, ": ", bytes_.size() - pos_,
                                            " bytes left over after the ", kind, " payload"));
  }
  std::size_t left() const { return bytes_.size() - pos_; }
  std::size_t offset() const { return base_ + pos_; }  // in the file, for a nested reader's base
  const std::string& source() const { return source_; }

 private:
  Status need(const char* field, std::size_t n) const {
    if (left() >= n) return absl::OkStatus();
    return corrupt(field, absl::StrCat("needs ", n, " bytes but the payload ends after ", left()));
  }
  Status get(const char* field, int n, std::uint64_t& v) {
    SEGCORE_RETURN_IF_ERROR(need(field, static_cast<std::size_t>(n)));
    v = 0;
    for (int k = 0; k < n; ++k) v |= static_cast<std::uint64_t>(bytes_[pos_ + k]) << (8 * k);
    pos_ += static_cast<std::size_t>(n);
    return absl::OkStatus();
  }

  std::span<const std::uint8_t> bytes_;
  std::size_t base_ = 0;
  std::size_t pos_ = 0;
  std::string source_;
};

// A list of texts: its length, then each text.
inline void strings(ByteWriter& w, const std::vector<std::string>& v) {
  w.u64(v.size());
  for (const std::string& s : v) w.str(s);
}

// A count of items of at least `each` bytes, checked against the bytes left before anything is
// allocated.
inline Status count(ByteReader& r, const char* field, std::size_t each, std::uint64_t& n) {
  SEGCORE_RETURN_IF_ERROR(r.u64(field, n));
  if (n > r.left() / each)
    return r.corrupt(field, absl::StrCat("counts ", n, " items but ", r.left(), " bytes follow"));
  return absl::OkStatus();
}

inline Status strings(ByteReader& r, const char* field, std::vector<std::string>& v) {
  std::uint64_t n;
  SEGCORE_RETURN_IF_ERROR(count(r, field, 4, n));
  v.resize(n);
  for (std::string& s : v) SEGCORE_RETURN_IF_ERROR(r.str(field, s));
  return absl::OkStatus();
}

// A length-prefixed block read by its own reader, so a nested payload is checked as a model
// file's payload would be (every byte used) and offsets in errors stay the file's.
template <class M, class Decode>
StatusOr<M> read_block(ByteReader& r, const char* field, Decode decode) {
  const std::size_t base = r.offset() + 8;
  std::span<const std::uint8_t> block;
  SEGCORE_RETURN_IF_ERROR(r.span(field, block));
  ByteReader inner(block, base, r.source());
  return decode(inner);
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
