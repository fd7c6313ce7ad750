// Redis Streams as the stream loop's source and sink (redis_source.hpp).
#include "redis_source.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace segcore_stream {
namespace {

class RedisSource final : public segcore::EventSource {
 public:
  RedisSource(RedisStreams& redis, std::string stream, std::string group, std::string consumer)
      : redis_(redis), stream_(std::move(stream)), group_(std::move(group)), consumer_(std::move(consumer)) {}

  segcore::Status read(std::size_t max, std::chrono::milliseconds timeout,
                       std::vector<segcore::StreamMessage>& out) override {
    out.clear();
    // XREADGROUP BLOCK 0 waits forever: the shortest real wait is 1 ms.
    const int block_ms = static_cast<int>(std::max<std::int64_t>(1, timeout.count()));
    auto entries = redis_.read_group(stream_, group_, consumer_, max, block_ms);
    if (!entries.ok()) return entries.status();
    out.reserve(entries->size());
    for (StreamEntry& e : *entries) {
      segcore::StreamMessage m;
      m.id = std::move(e.id);
      for (Field& f : e.fields) {
        if (f.name == "event") {
          m.payload = std::move(f.value);
          break;
        }
      }
      out.push_back(std::move(m));
    }
    return absl::OkStatus();
  }

  segcore::Status ack(std::span<const std::string> ids) override {
    if (ids.empty()) return absl::OkStatus();
    auto n = redis_.ack(stream_, group_, std::vector<std::string>(ids.begin(), ids.end()));
    return n.ok() ? absl::OkStatus() : n.status();
  }

 private:
  RedisStreams& redis_;
  std::string stream_, group_, consumer_;
};

// The JSON-lines sink writes its lines to a file descriptor; over an in-memory file it gives the
// very objects `segcore stream --input stdin` prints, one format for both outputs.
class MemoryLines {
 public:
  MemoryLines() : fd_(::memfd_create("segcore-moves", MFD_CLOEXEC)) {
    if (fd_ >= 0) sink_ = segcore::make_json_lines_sink(fd_);
  }
  ~MemoryLines() {
    if (fd_ >= 0) ::close(fd_);
  }
  MemoryLines(const MemoryLines&) = delete;
  MemoryLines& operator=(const MemoryLines&) = delete;

  // The lines of these moves, without their '\n'.
  segcore::Status format(std::span<const segcore::MoveRecord> moves, std::vector<std::string>& lines) {
    if (fd_ < 0) return absl::InternalError(absl::StrCat("memfd_create: ", std::strerror(errno)));
    if (auto st = sink_->publish(moves); !st.ok()) return st;
    if (auto st = sink_->flush(); !st.ok()) return st;
    const off_t size = ::lseek(fd_, 0, SEEK_CUR);
    std::string text(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::pread(fd_, text.data() + done, text.size() - done, static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return absl::InternalError(absl::StrCat("reading formatted moves: ", std::strerror(errno)));
      done += static_cast<std::size_t>(n);
    }
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0)
      return absl::InternalError(absl::StrCat("resetting formatted moves: ", std::strerror(errno)));
    std::size_t begin = 0;
    for (std::size_t end; (end = text.find('\n', begin)) != std::string::npos; begin = end + 1)
      lines.emplace_back(text, begin, end - begin);
    return absl::OkStatus();
  }

 private:
  int fd_;
  std::unique_ptr<segcore::MoveSink> sink_;
};

class RedisSink final : public segcore::MoveSink {
 public:
  RedisSink(RedisStreams& redis, std::string moves_stream, std::string dead_letter_stream)
      : redis_(redis),
        moves_stream_(std::move(moves_stream)),
        dead_letter_stream_(dead_letter_stream.empty() ? moves_stream_ : std::move(dead_letter_stream)) {}

  segcore::Status publish(std::span<const segcore::MoveRecord> moves) override {
    std::vector<std::string> lines;
    if (auto st = lines_.format(moves, lines); !st.ok()) return st;
    for (std::string& line : lines) moves_.push_back(Fields{{"move", std::move(line)}});
    return absl::OkStatus();
  }

  segcore::Status dead_letter(const segcore::StreamMessage& message, absl::string_view reason) override {
    dead_.push_back(
        Fields{{"dead_letter", message.payload}, {"reason", std::string(reason)}, {"source_id", message.id}});
    return absl::OkStatus();
  }

  // Dead letters first: with one stream for both, a dead letter's source comes before the moves
  // of later messages only approximately; each entry names its source_id.
  segcore::Status flush() override {
    if (auto st = send(dead_letter_stream_, dead_); !st.ok()) return st;
    return send(moves_stream_, moves_);
  }

 private:
  // Written in pipelined parts; after a failed part the entries not yet written are kept, so a
  // retry (or a restart from the last checkpoint) repeats entries at worst, never loses one; a
  // repeated move keeps its move_id and readers drop it.
  segcore::Status send(const std::string& stream, std::vector<Fields>& entries) {
    constexpr std::size_t kPipeline = 4096;
    std::size_t written = 0;
    while (written < entries.size()) {
      const auto first = entries.begin() + static_cast<std::ptrdiff_t>(written);
      const std::size_t n = std::min(kPipeline, entries.size() - written);
      auto ids = redis_.add_batch(stream, std::vector<Fields>(first, first + static_cast<std::ptrdiff_t>(n)));
      if (!ids.ok()) {
        entries.erase(entries.begin(), first);
        return ids.status();
      }
      written += n;
    }
    entries.clear();
    return absl::OkStatus();
  }

  RedisStreams& redis_;
  std::string moves_stream_, dead_letter_stream_;
  MemoryLines lines_;
  std::vector<Fields> moves_, dead_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<segcore::EventSource>> make_redis_source(RedisStreams& redis, std::string stream,
                                                                        std::string group, std::string consumer) {
  if (auto st = redis.ensure_group(stream, group, GroupStart::kBeginning); !st.ok()) return st;
  return std::unique_ptr<segcore::EventSource>(
      std::make_unique<RedisSource>(redis, std::move(stream), std::move(group), std::move(consumer)));
}

std::unique_ptr<segcore::MoveSink> make_redis_sink(RedisStreams& redis, std::string moves_stream,
                                                   std::string dead_letter_stream) {
  return std::make_unique<RedisSink>(redis, std::move(moves_stream), std::move(dead_letter_stream));
}

}  // namespace segcore_stream
