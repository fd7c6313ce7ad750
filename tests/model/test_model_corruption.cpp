// Damaged, foreign and newer model files are refused with the right error, and saving never
// leaves a half-written file or a temporary file behind.
#include <doctest/doctest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <random>

#include <string>
#include <vector>

#include "model/byte_io.hpp"
#include "model/container.hpp"
#include "model/crc32c.hpp"
#include "model/model_test_support.hpp"
#include "segcore/model_file.hpp"

using segcore_test::ScratchDir;

namespace {

// A small fitted scaler (2 columns) and its image.
segcore::Scaler small_scaler(double shift = 0) {
  std::vector<double> x = {1 + shift, 2, 3, 5, 4, 9};
  segcore::Scaler s;
  REQUIRE(s.fit(segcore::ConstMatrixView<double>(x.data(), 3, 2)).ok());
  return s;
}

std::vector<std::uint8_t> small_image() { return *segcore::model_to_bytes(small_scaler()); }

bool has(const absl::Status& st, const std::string& text) {
  return std::string(st.message()).find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("CRC-32C: the standard check value") {
  const std::string s = "123456789";
  CHECK(segcore::model_detail::crc32c({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}) == 0xE3069283u);
  CHECK(segcore::model_detail::crc32c({}) == 0u);
}

// The table-driven CRC (eight bytes a step) against the bit-at-a-time definition, over lengths
// around the step and starting addresses of every alignment.
TEST_CASE("CRC-32C: equals the bitwise definition for any length and alignment") {
  auto bitwise = [](const std::uint8_t* p, std::size_t n) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
      c ^= p[i];
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
  };
  std::mt19937_64 g(5);
  std::vector<std::uint8_t> bytes(4096 + 16);
  for (auto& b : bytes) b = static_cast<std::uint8_t>(g());
  for (std::size_t offset = 0; offset < 8; ++offset)
    for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 63u, 64u, 65u, 1000u, 4095u, 4096u}) {
      CAPTURE(offset);
      CAPTURE(n);
      CHECK(segcore::model_detail::crc32c({bytes.data() + offset, n}) == bitwise(bytes.data() + offset, n));
    }
  std::fill(bytes.begin(), bytes.end(), 0xFF);  // every table's last entry
  CHECK(segcore::model_detail::crc32c({bytes.data(), 4096}) == bitwise(bytes.data(), 4096));
}

TEST_CASE("model files: the header layout is as documented") {
  const auto b = small_image();
  CHECK(std::string(b.begin(), b.begin() + 8) == "SEGCMOD\n");
  CHECK(b[8] == 1);  // format version, little-endian u16
  CHECK(b[9] == 0);
  CHECK(b[10] == 1);  // kind: scaler
  const std::uint64_t payload = b[16] | (std::uint64_t{b[17]} << 8);
  CHECK(payload + 28 == b.size());
}

TEST_CASE("model files: every truncation is refused as corrupt") {
  const auto b = small_image();
  for (std::size_t n = 0; n < b.size(); ++n) {
    auto r = segcore::model_from_bytes<segcore::Scaler>(std::span<const std::uint8_t>(b.data(), n));
    CAPTURE(n);
    CHECK(r.status().code() == absl::StatusCode::kDataLoss);
  }
  std::vector<std::uint8_t> longer = b;
  longer.push_back(0);
  auto r = segcore::model_from_bytes<segcore::Scaler>(longer);
  CHECK(r.status().code() == absl::StatusCode::kDataLoss);
  CHECK(has(r.status(), "1 bytes after the checksum"));
  CHECK(has(segcore::model_from_bytes<segcore::Scaler>({}).status(), "empty"));
}

TEST_CASE("model files: every single-byte change is detected") {
  const auto b = small_image();
  for (std::size_t i = 0; i < b.size(); ++i) {
    for (std::uint8_t flip : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xFF}}) {
      auto c = b;
      c[i] ^= flip;
      auto r = segcore::model_from_bytes<segcore::Scaler>(c);
      CAPTURE(i);
      CAPTURE(int{flip});
      CHECK(r.status().code() == absl::StatusCode::kDataLoss);
    }
  }
  auto c = b;
  c[30] ^= 0x10;
  CHECK(has(segcore::model_from_bytes<segcore::Scaler>(c).status(), "checksum mismatch"));
}

TEST_CASE("model files: other files, versions and kinds") {
  const auto b = small_image();
  const auto payload = std::span<const std::uint8_t>(b).subspan(24, b.size() - 28);

  auto newer = segcore::model_detail::seal(segcore::ModelKind::scaler, payload, 2, 7003001);
  auto r = segcore::model_from_bytes<segcore::Scaler>(newer);
  CHECK(r.status().code() == absl::StatusCode::kUnimplemented);
  CHECK(has(r.status(), "format version 2 (written by segcore 7.3.1)"));
  CHECK(has(r.status(), "reads format versions 1 to 1"));

  auto zero = segcore::model_detail::seal(segcore::ModelKind::scaler, payload, 0);
  CHECK(segcore::model_from_bytes<segcore::Scaler>(zero).status().code() == absl::StatusCode::kDataLoss);

  auto unknown = segcore::model_detail::seal(static_cast<segcore::ModelKind>(99), payload);
  r = segcore::model_from_bytes<segcore::Scaler>(unknown);
  CHECK(r.status().code() == absl::StatusCode::kUnimplemented);
  CHECK(has(r.status(), "offset 10 (model kind) is 99"));

  auto pca = segcore::model_from_bytes<segcore::PCA>(b);
  CHECK(pca.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(has(pca.status(), "holds a scaler model, not a PCA model"));

  std::vector<std::uint8_t> text(40, 'x');
  CHECK(has(segcore::model_from_bytes<segcore::Scaler>(text).status(), "not a segcore model file"));
}

TEST_CASE("model files: payloads that do not parse name the offset and field") {
  segcore::model_detail::ByteWriter w;
  w.u8(0);   // kind
  w.u8(0);   // log1p
  w.i32(1);  // n_threads
  w.f64(0);
  w.f64(1);
  w.u64(std::uint64_t{1} << 60);  // a count far beyond the payload: refused before allocating
  auto r =
      segcore::model_from_bytes<segcore::Scaler>(segcore::model_detail::seal(segcore::ModelKind::scaler, w.bytes()));
  CHECK(r.status().code() == absl::StatusCode::kDataLoss);
  CHECK(has(r.status(), "model bytes: offset 46 (center): holds 1152921504606846976 values"));

  // Parses, but the scale of column 0 is 0: the scaler's own checks refuse it.
  segcore::model_detail::ByteWriter v;
  v.u8(0);
  v.u8(0);
  v.i32(1);
  v.f64(0);
  v.f64(1);
  v.f64s(std::vector<double>{1.0});
  v.f64s(std::vector<double>{0.0});
  v.u8s(std::vector<std::uint8_t>{0});
  r = segcore::model_from_bytes<segcore::Scaler>(segcore::model_detail::seal(segcore::ModelKind::scaler, v.bytes()));
  CHECK(r.status().code() == absl::StatusCode::kDataLoss);
  CHECK(has(r.status(), "does not make a valid model: Scaler::from_parameters: scale 0 is 0"));

  // A trailing byte after the last field.
  v.u8(7);
  r = segcore::model_from_bytes<segcore::Scaler>(segcore::model_detail::seal(segcore::ModelKind::scaler, v.bytes()));
  CHECK(has(r.status(), "1 bytes left over after the scaler payload"));

  // A rule whose text no longer compiles against the fields it lists.
  segcore::model_detail::ByteWriter rule;
  rule.str("monetary > 10");
  rule.u32(1);
  rule.str("monetary");
  rule.u8(3);  // text: "> 10" does not type-check
  auto rr =
      segcore::model_from_bytes<segcore::Rule>(segcore::model_detail::seal(segcore::ModelKind::rule, rule.bytes()));
  CHECK(rr.status().code() == absl::StatusCode::kDataLoss);
}

TEST_CASE("model files: files that are missing or damaged on disk") {
  ScratchDir dir;
  auto missing = segcore::load_model<segcore::Scaler>(dir.file("none.segmodel"));
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);
  CHECK(has(missing.status(), "none.segmodel"));

  const std::string path = dir.file("s.segmodel");
  segcore_test::write_bytes(path, {});
  auto empty = segcore::load_model<segcore::Scaler>(path);
  CHECK(empty.status().code() == absl::StatusCode::kDataLoss);
  CHECK(has(empty.status(), "model file '" + path + "': empty"));

  auto b = small_image();
  b[40] ^= 4;
  segcore_test::write_bytes(path, b);
  CHECK(segcore::load_model<segcore::Scaler>(path).status().code() == absl::StatusCode::kDataLoss);
  CHECK(segcore::load_model<segcore::Scaler>(dir.path.string()).status().code() == absl::StatusCode::kUnavailable);
}

TEST_CASE("model files: saving replaces the old file whole, or leaves it untouched") {
  ScratchDir dir;
  const std::string path = dir.file("s.segmodel");
  REQUIRE(segcore::save_model(small_scaler(0), path).ok());
  const auto first = segcore_test::read_bytes(path);
  REQUIRE(segcore::save_model(small_scaler(1), path).ok());
  const auto second = segcore_test::read_bytes(path);
  CHECK(first != second);
  CHECK(second == *segcore::model_to_bytes(small_scaler(1)));
  CHECK(dir.entries() == std::vector<std::string>{"s.segmodel"});

  SUBCASE("a damaged image never replaces a good file") {
    auto bad = first;
    bad[30] ^= 1;
    CHECK(segcore::write_model_file(bad, path).code() == absl::StatusCode::kDataLoss);
    CHECK(segcore_test::read_bytes(path) == second);
  }
  SUBCASE("a folder that does not exist") {
    CHECK(segcore::save_model(small_scaler(), dir.file("no/such/folder.segmodel")).code() ==
          absl::StatusCode::kNotFound);
  }
  SUBCASE("the target is a folder with files in it: refused, not renamed over") {
    std::filesystem::create_directory(dir.path / "taken");
    segcore_test::write_bytes(dir.file("taken/keep"), {1, 2, 3});
    const absl::Status st = segcore::save_model(small_scaler(), dir.file("taken"));
    CHECK(st.code() == absl::StatusCode::kUnavailable);
    CHECK(has(st, "is a folder, not a regular file"));
    CHECK(segcore_test::read_bytes(dir.file("taken/keep")) == std::vector<std::uint8_t>{1, 2, 3});
  }
  SUBCASE("writing fails: the file size limit is below the image's size") {
    // Works as root too, unlike permissions: the temporary file is created, then a write fails.
    rlimit old{};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    auto* old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 16;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    const absl::Status st = segcore::save_model(small_scaler(5), path);
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
    CHECK(st.code() == absl::StatusCode::kUnavailable);
    CHECK(has(st, "cannot write"));
  }
  SUBCASE("an unwritable folder") {
    // Root writes anywhere, so as root (as CI runs) the folder goes to user nobody and the save
    // runs in a child process that has dropped to nobody: the case runs either way.
    const bool root = ::geteuid() == 0;
    if (root) REQUIRE(::chown(dir.path.c_str(), segcore_test::kNobody, segcore_test::kNobody) == 0);
    REQUIRE(::chmod(dir.path.c_str(), 0555) == 0);
    const int code = root ? segcore_test::exit_code_as_nobody(
                                [&] { return static_cast<int>(segcore::save_model(small_scaler(5), path).code()); })
                          : static_cast<int>(segcore::save_model(small_scaler(5), path).code());
    REQUIRE(::chmod(dir.path.c_str(), 0755) == 0);
    if (root) REQUIRE(::chown(dir.path.c_str(), 0, 0) == 0);
    CHECK(code == static_cast<int>(absl::StatusCode::kPermissionDenied));
    CHECK(segcore_test::read_bytes(path) == second);
  }
  // Whatever failed, no temporary file is left and the model file is the second one.
  CHECK(segcore_test::read_bytes(path) == second);
  for (const std::string& name : dir.entries()) CHECK(name.find(".tmp") == std::string::npos);
}
