#include "model/container.hpp"

#include <algorithm>
#include <cstring>

#include "model/crc32c.hpp"
#include "segcore/version.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {
namespace {

std::uint64_t read_le(std::span<const std::uint8_t> b, std::size_t at, int n) {
  std::uint64_t v = 0;
  for (int k = 0; k < n; ++k) v |= static_cast<std::uint64_t>(b[at + k]) << (8 * k);
  return v;
}

void put_le(std::uint8_t* at, std::uint64_t v, int n) {
  for (int k = 0; k < n; ++k) at[k] = static_cast<std::uint8_t>(v >> (8 * k));
}

void fill_header(std::uint8_t* out, ModelKind kind, std::uint64_t payload_size, std::uint16_t format_version,
                 std::int32_t library_version) {
  std::memcpy(out, kMagic, sizeof kMagic);
  put_le(out + 8, format_version, 2);
  put_le(out + 10, static_cast<std::uint16_t>(kind), 2);
  put_le(out + 12, static_cast<std::uint32_t>(library_version == -1 ? version_number() : library_version), 4);
  put_le(out + 16, payload_size, 8);
}

// "0.1.0" from 1000.
std::string version_text(std::int32_t v) {
  if (v < 0) return absl::StrCat("(version number ", v, ")");
  return absl::StrCat(v / 1000000, ".", v / 1000 % 1000, ".", v % 1000);
}

bool known_kind(std::uint16_t k) { return k >= 1 && k <= static_cast<std::uint16_t>(ModelKind::stream_checkpoint); }

}  // namespace

std::string bytes_source() { return "model bytes"; }
std::string file_source(const std::string& path) { return absl::StrCat("model file '", path, "'"); }

std::vector<std::uint8_t> seal(ModelKind kind, std::span<const std::uint8_t> payload, std::uint16_t format_version,
                               std::int32_t library_version) {
  // Sized once and filled by offset (the layout of docs/MODEL_FILES.md).
  const std::size_t sealed = kHeaderSize + payload.size();
  std::vector<std::uint8_t> out(sealed + kChecksumSize);
  fill_header(out.data(), kind, payload.size(), format_version, library_version);
  if (!payload.empty()) std::memcpy(out.data() + kHeaderSize, payload.data(), payload.size());
  put_le(out.data() + sealed, crc32c(std::span<const std::uint8_t>(out.data(), sealed)), 4);
  return out;
}

void seal_in_place(ModelKind kind, std::vector<std::uint8_t>& image) {
  const std::size_t sealed = image.size();
  fill_header(image.data(), kind, sealed - kHeaderSize, kModelFormatVersion, -1);
  image.resize(sealed + kChecksumSize);
  put_le(image.data() + sealed, crc32c(std::span<const std::uint8_t>(image.data(), sealed)), 4);
}

StatusOr<ModelFileInfo> check(std::span<const std::uint8_t> b, const std::string& source) {
  constexpr std::size_t kMin = kHeaderSize + kChecksumSize;
  if (b.empty())
    return absl::DataLossError(absl::StrCat(source, ": empty (0 bytes); a model file has at least ", kMin));
  const std::size_t magic_seen = std::min(b.size(), sizeof kMagic);
  if (std::memcmp(b.data(), kMagic, magic_seen) != 0)
    return absl::DataLossError(
        absl::StrCat(source, ": not a segcore model file (offset 0: the magic \"SEGCMOD\\n\" is missing)"));
  if (b.size() < kMin)
    return absl::DataLossError(absl::StrCat(source, ": truncated: ", b.size(), " bytes, shorter than the ", kMin,
                                            "-byte header and checksum"));
  ModelFileInfo info;
  info.format_version = static_cast<std::uint16_t>(read_le(b, 8, 2));
  const auto kind = static_cast<std::uint16_t>(read_le(b, 10, 2));
  info.kind = static_cast<ModelKind>(kind);
  info.library_version = static_cast<std::int32_t>(read_le(b, 12, 4));
  info.payload_size = read_le(b, 16, 8);
  const std::size_t have = b.size() - kMin;
  if (info.payload_size > have)
    return absl::DataLossError(absl::StrCat(source, ": truncated: offset 16 (payload length) says ", info.payload_size,
                                            " payload bytes, the data hold ", have));
  if (info.payload_size < have)
    return absl::DataLossError(absl::StrCat(source, ": ", have - info.payload_size,
                                            " bytes after the checksum; offset 16 (payload length) says ",
                                            info.payload_size, " payload bytes"));
  const std::size_t crc_at = kHeaderSize + info.payload_size;
  const auto stored = static_cast<std::uint32_t>(read_le(b, crc_at, 4));
  const std::uint32_t computed = crc32c(b.first(crc_at));
  if (stored != computed)
    return absl::DataLossError(absl::StrCat(source, ": checksum mismatch at offset ", crc_at, ": stored 0x",
                                            absl::Hex(stored, absl::kZeroPad8), ", computed 0x",
                                            absl::Hex(computed, absl::kZeroPad8), " (the file is damaged)"));
  if (info.format_version == 0)
    return absl::DataLossError(absl::StrCat(source, ": offset 8 (format version) is 0, which no segcore writes"));
  if (info.format_version > kModelFormatVersion)
    return absl::UnimplementedError(absl::StrCat(source, ": format version ", info.format_version,
                                                 " (written by segcore ", version_text(info.library_version),
                                                 "); this segcore ", version_string(), " reads format versions 1 to ",
                                                 kModelFormatVersion, "; load it with a newer segcore"));
  if (!known_kind(kind))
    return absl::UnimplementedError(absl::StrCat(source, ": offset 10 (model kind) is ", kind, ", a kind this segcore ",
                                                 version_string(), " does not know (written by segcore ",
                                                 version_text(info.library_version), ")"));
  return info;
}

StatusOr<ByteReader> open(std::span<const std::uint8_t> bytes, std::span<const ModelKind> accepted,
                          const std::string& source, ModelKind* found) {
  SEGCORE_ASSIGN_OR_RETURN(ModelFileInfo info, check(bytes, source));
  if (std::find(accepted.begin(), accepted.end(), info.kind) == accepted.end()) {
    std::string wanted;
    for (ModelKind k : accepted) absl::StrAppend(&wanted, wanted.empty() ? "" : " or ", model_kind_name(k));
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": holds a ", model_kind_name(info.kind), " model, not a ", wanted, " model"));
  }
  if (found != nullptr) *found = info.kind;
  return ByteReader(bytes.subspan(kHeaderSize, info.payload_size), kHeaderSize, source);
}

}  // namespace model_detail

absl::string_view model_kind_name(ModelKind kind) {
  switch (kind) {
    case ModelKind::scaler:
      return "scaler";
    case ModelKind::pca:
      return "PCA";
    case ModelKind::kmeans:
      return "k-means";
    case ModelKind::minibatch_kmeans:
      return "mini-batch k-means";
    case ModelKind::rule:
      return "rule";
    case ModelKind::segment_set:
      return "segment set";
    case ModelKind::rfm_edges:
      return "RFM edges";
    case ModelKind::logistic:
      return "logistic regression";
    case ModelKind::bgnbd:
      return "BG/NBD";
    case ModelKind::pareto_nbd:
      return "Pareto/NBD";
    case ModelKind::gamma_gamma:
      return "Gamma-Gamma";
    case ModelKind::mbgnbd:
      return "MBG/NBD";
    case ModelKind::bgbb:
      return "BG/BB";
    case ModelKind::profile_store:
      return "profile store";
    case ModelKind::event_triggers:
      return "event triggers";
    case ModelKind::stream_checkpoint:
      return "stream checkpoint";
  }
  return "unknown";
}

StatusOr<ModelFileInfo> model_file_info(std::span<const std::uint8_t> bytes) {
  return model_detail::check(bytes, model_detail::bytes_source());
}

SEGCORE_NAMESPACE_END
