// Reading inputs that are not plain regular files: pipes, FIFOs, gzip and zstd, devices and
// folders; and the bounded, non-blocking reads of model files and opt-out lists.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>

#include "io/input_internal.hpp"
#include "segcore/io.hpp"
#include "segcore/model_file.hpp"
#include "segcore/privacy.hpp"

#if SEGCORE_TEST_COMPRESSION
#include <zlib.h>
#include <zstd.h>
#endif

using namespace segcore;

namespace {

std::string message(const absl::Status& s) { return std::string(s.message()); }

// A folder of its own under TMPDIR, removed with what is in it.
struct TempDir {
  std::string path;
  TempDir() {
    const char* t = std::getenv("TMPDIR");
    path = std::string(t != nullptr && *t != '\0' ? t : "/tmp") + "/segcore-input-XXXXXX";
    REQUIRE(::mkdtemp(path.data()) != nullptr);
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
  std::string file(const std::string& name, const std::string& bytes) const {
    const std::string p = path + "/" + name;
    std::FILE* f = std::fopen(p.c_str(), "wb");
    REQUIRE(f != nullptr);
    REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
    std::fclose(f);
    return p;
  }
};

// A CSV of about `bytes` bytes of random rows (quoted fields and CRLF among them).
std::string random_csv(std::size_t bytes, std::mt19937_64& rng) {
  std::string s = "customer_id,timestamp,amount,note\n";
  while (s.size() < bytes) {
    s += "c" + std::to_string(rng() % 5000) + "," + std::to_string(1600000000 + rng() % 50000000) + "," +
         std::to_string(rng() % 100000) + "." + std::to_string(rng() % 100) + ",";
    s += rng() % 7 == 0 ? "\"a, \"\"quoted\"\"\nnote\"" : "plain";
    s += rng() % 5 == 0 ? "\r\n" : "\n";
  }
  return s;
}

// Writes bytes into the write end of a pipe in pieces of random sizes, then closes it.
std::thread feed(int fd, std::string bytes, std::uint64_t seed) {
  return std::thread([fd, bytes = std::move(bytes), seed] {
    std::mt19937_64 rng(seed);
    for (std::size_t at = 0; at < bytes.size();) {
      const std::size_t n = std::min<std::size_t>(bytes.size() - at, 1 + rng() % 100000);
      const ssize_t w = ::write(fd, bytes.data() + at, n);
      if (w <= 0) break;
      at += static_cast<std::size_t>(w);
    }
    ::close(fd);
  });
}

#if SEGCORE_TEST_COMPRESSION
std::string gzip(const std::string& in, int level) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, in.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string zstd(const std::string& in, int level) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), level);
  REQUIRE(!ZSTD_isError(n));
  out.resize(n);
  return out;
}
#endif

}  // namespace

TEST_CASE("input: a pipe read to its end gives the bytes written, for awkward sizes") {
  std::mt19937_64 rng(11);
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{65535}, std::size_t{65536}, std::size_t{65537},
                           std::size_t{1} << 20, (std::size_t{3} << 20) + 17}) {
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    bytes[0 % std::max<std::size_t>(size, 1)] = size == 0 ? '\0' : 'x';  // never a compression magic
    if (size == 0) bytes.clear();
    int p[2];
    REQUIRE(::pipe(p) == 0);
    std::thread writer = feed(p[1], bytes, size);
    auto text = read_input_fd(p[0], "pipe");
    writer.join();
    ::close(p[0]);
    REQUIRE_MESSAGE(text.ok(), message(text.status()));
    CHECK(text->view() == bytes);
  }
}

TEST_CASE("input: a FIFO is waited for and read to its end; read_csv over it equals parse_csv") {
  TempDir dir;
  const std::string fifo = dir.path + "/events.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::mt19937_64 rng(5);
  const std::string csv = random_csv(300000, rng);
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC);  // blocks until the reader opens
    if (fd >= 0) feed(fd, csv, 3).join();
  });
  CsvOptions o;
  o.columns.categories = {"note"};
  auto via_fifo = read_csv(fifo, o);
  writer.join();
  REQUIRE_MESSAGE(via_fifo.ok(), message(via_fifo.status()));
  auto direct = parse_csv(csv, o);
  REQUIRE(direct.ok());
  CHECK(via_fifo->events.timestamp == direct->events.timestamp);
  CHECK(via_fifo->events.amount == direct->events.amount);
  CHECK(via_fifo->events.customer.codes == direct->events.customer.codes);
  CHECK(via_fifo->events.categories[0].values == direct->events.categories[0].values);
}

TEST_CASE("input: devices and folders are refused at once, never read until memory runs out") {
  const auto start = std::chrono::steady_clock::now();
  auto zero = read_input("/dev/zero");
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.status().code() == absl::StatusCode::kUnavailable);
  CHECK(message(zero.status()).find("not a regular file, pipe or FIFO (a device)") != std::string::npos);
  auto dir = read_csv("/", CsvOptions());
  REQUIRE_FALSE(dir.ok());
  CHECK(message(dir.status()).find("read_csv: /: is not a regular file, pipe or FIFO (a folder)") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(read_input("", 1).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(read_input_fd(-1, "x").status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("input: bzip2, xz and zip are named and refused") {
  TempDir dir;
  for (auto [magic, name] : {std::pair<std::string, std::string>{"BZh91AY&SY", "bzip2"},
                             {std::string("\xFD"
                                          "7zXZ\x00\x00",
                                          8),
                              "xz"},
                             {std::string("PK\x03\x04\x14\x00", 6), "zip"}}) {
    auto r = read_csv(dir.file("x." + name, magic + std::string(100, 'a')), CsvOptions());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(message(r.status()).find(name + "-compressed") != std::string::npos);
  }
}

#if SEGCORE_TEST_COMPRESSION
TEST_CASE("input: gzip and zstd, by magic bytes, give the original bytes for awkward sizes and levels") {
  std::mt19937_64 rng(3);
  TempDir dir;
  for (std::size_t size : {std::size_t{40}, std::size_t{65536}, std::size_t{300001}, std::size_t{5} << 20}) {
    const std::string csv = random_csv(size, rng);
    for (int level : {1, 9}) {
      for (const std::string& packed :
           {gzip(csv, level), zstd(csv, level),
            // concatenated members and frames are one input
            gzip(csv.substr(0, csv.size() / 3), level) + gzip(csv.substr(csv.size() / 3), level),
            zstd(csv.substr(0, csv.size() / 2), level) + zstd(csv.substr(csv.size() / 2), level)}) {
        auto from_file = read_input(dir.file("events.csv.any", packed), 2);
        REQUIRE_MESSAGE(from_file.ok(), message(from_file.status()));
        CHECK(from_file->view() == csv);
        int p[2];
        REQUIRE(::pipe(p) == 0);
        std::thread writer = feed(p[1], packed, size);
        auto from_pipe = read_input_fd(p[0], "pipe");
        writer.join();
        ::close(p[0]);
        REQUIRE_MESSAGE(from_pipe.ok(), message(from_pipe.status()));
        CHECK(from_pipe->view() == csv);
      }
    }
  }
}

TEST_CASE("input: a gzip CSV reads as the plain CSV (it used to fail on a NUL in the header)") {
  std::mt19937_64 rng(9);
  const std::string csv = random_csv(200000, rng);
  TempDir dir;
  CsvOptions o;
  o.n_threads = 2;
  auto gz = read_csv(dir.file("e.csv.gz", gzip(csv, 6)), o);
  auto zs = read_csv(dir.file("e.csv.zst", zstd(csv, 3)), o);
  auto plain = parse_csv(csv, o);
  REQUIRE_MESSAGE(gz.ok(), message(gz.status()));
  REQUIRE_MESSAGE(zs.ok(), message(zs.status()));
  REQUIRE(plain.ok());
  CHECK(gz->events.amount == plain->events.amount);
  CHECK(zs->events.timestamp == plain->events.timestamp);
  CHECK(gz->events.customer.values == plain->events.customer.values);
  CHECK(gz->report.to_string() == plain->report.to_string());
}

TEST_CASE("input: damaged or cut compressed data is an error, at every cut") {
  std::mt19937_64 rng(4);
  const std::string csv = random_csv(20000, rng);
  for (const std::string& packed : {gzip(csv, 6), zstd(csv, 3)}) {
    // From 4 bytes on: fewer are not recognisable as compressed (and are read as they are).
    for (std::size_t cut = 4; cut < packed.size(); cut += 1 + packed.size() / 50) {
      int p[2];
      REQUIRE(::pipe(p) == 0);
      std::thread writer = feed(p[1], packed.substr(0, cut), cut);
      auto r = read_input_fd(p[0], "cut");
      writer.join();
      ::close(p[0]);
      REQUIRE_FALSE(r.ok());
      CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
      CHECK(message(r.status()).find("damaged or cut short") != std::string::npos);
    }
    std::string trailing = packed + "garbage";
    int p[2];
    REQUIRE(::pipe(p) == 0);
    std::thread writer = feed(p[1], trailing, 1);
    auto r = read_input_fd(p[0], "trailing");
    writer.join();
    ::close(p[0]);
    CHECK_FALSE(r.ok());
  }
}
#endif

TEST_CASE("input: model files and opt-out lists must be regular files: a FIFO is refused at once") {
  TempDir dir;
  const std::string fifo = dir.path + "/model.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto start = std::chrono::steady_clock::now();
  auto info = model_file_info(fifo);
  REQUIRE_FALSE(info.ok());
  CHECK(info.status().code() == absl::StatusCode::kUnavailable);
  CHECK(message(info.status()).find("is not a regular file (a FIFO)") != std::string::npos);
  auto list = read_opt_out_file(fifo);
  REQUIRE_FALSE(list.ok());
  CHECK(message(list.status()).find("is not a regular file (a FIFO)") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  auto dev = model_file_info(std::string("/dev/zero"));
  REQUIRE_FALSE(dev.ok());
  CHECK(message(dev.status()).find("(a device)") != std::string::npos);
}

TEST_CASE("input: model_file_info on a large file reads its header, not the whole file") {
  TempDir dir;
  const std::string path = dir.path + "/big.segm";
  // A sparse 2 GiB file: not a model (no magic), and a model header whose stated length
  // disagrees with the size. Neither may be read whole (peak memory stays put).
  for (const std::string& head :
       {std::string("not a model file"),
        std::string("SEGCMOD\n\x01\x00\x01\x00\xe8\x03\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00", 24)}) {
    {
      const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      REQUIRE(fd >= 0);
      REQUIRE(::pwrite(fd, head.data(), head.size(), 0) == static_cast<ssize_t>(head.size()));
      REQUIRE(::ftruncate(fd, off_t{2} << 30) == 0);
      ::close(fd);
    }
    struct rusage before, after;
    ::getrusage(RUSAGE_SELF, &before);
    const auto start = std::chrono::steady_clock::now();
    auto info = model_file_info(path);
    ::getrusage(RUSAGE_SELF, &after);
    REQUIRE_FALSE(info.ok());
    CHECK(info.status().code() == absl::StatusCode::kDataLoss);
    CHECK(after.ru_maxrss - before.ru_maxrss < 64 * 1024);  // KiB
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  }
}

TEST_CASE("input: read_regular_file stops past its bound and refuses special files") {
  TempDir dir;
  auto ok = io_detail::read_regular_file(dir.file("r.txt", std::string(1000, 'a')), 1000, "rule file");
  REQUIRE(ok.ok());
  CHECK(ok->size() == 1000);
  auto big = io_detail::read_regular_file(dir.file("s.txt", std::string(1001, 'a')), 1000, "rule file");
  REQUIRE_FALSE(big.ok());
  CHECK(message(big.status()).find("larger than 1000 bytes") != std::string::npos);
  auto zero = io_detail::read_regular_file("/dev/zero", 1000, "rule file");
  CHECK(message(zero.status()).find("(a device)") != std::string::npos);
  CHECK(io_detail::read_regular_file(dir.path + "/none", 10, "rule file").status().code() ==
        absl::StatusCode::kNotFound);
}
