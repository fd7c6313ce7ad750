// The JSON-lines sink: moves and dead letters buffered as text and written to a file descriptor
// on flush (and when the buffer passes 1 MiB), so a checkpoint never covers a move not written.
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "segcore/stream.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

void json_string(std::string& out, absl::string_view s) {
  out.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += absl::StrFormat("\\u%04x", c);
        else
          out.push_back(c);
    }
  }
  out.push_back('"');
}

class JsonLinesSink final : public MoveSink {
 public:
  explicit JsonLinesSink(int fd) : fd_(fd) {}

  Status publish(std::span<const MoveRecord> moves) override {
    for (const MoveRecord& m : moves) {
      buf_ += "{\"move_id\":";
      json_string(buf_, m.move_id);
      buf_ += ",\"customer\":";
      json_string(buf_, m.customer);
      buf_ += ",\"from\":";
      if (m.from)
        json_string(buf_, *m.from);
      else
        buf_ += "null";
      buf_ += ",\"to\":";
      json_string(buf_, m.to);
      buf_ += ",\"trigger\":";
      json_string(buf_, m.trigger);
      buf_ += ",\"event_id\":";
      json_string(buf_, m.event_id);
      buf_ += ",\"source_id\":";
      json_string(buf_, m.source_id);
      absl::StrAppend(&buf_, ",\"timestamp\":", m.timestamp, "}\n");
    }
    return buf_.size() > (1u << 20) ? flush() : absl::OkStatus();
  }

  Status dead_letter(const StreamMessage& message, absl::string_view reason) override {
    buf_ += "{\"dead_letter\":";
    json_string(buf_, message.payload);
    buf_ += ",\"reason\":";
    json_string(buf_, reason);
    buf_ += ",\"source_id\":";
    json_string(buf_, message.id);
    buf_ += "}\n";
    return absl::OkStatus();
  }

  Status flush() override {
    std::size_t done = 0;
    while (done < buf_.size()) {
      const ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return absl::DataLossError(absl::StrCat("writing moves: ", std::strerror(errno)));
      done += static_cast<std::size_t>(n);
    }
    buf_.clear();
    return absl::OkStatus();
  }

 private:
  int fd_;
  std::string buf_;
};

}  // namespace

std::unique_ptr<MoveSink> make_json_lines_sink(int fd) { return std::make_unique<JsonLinesSink>(fd); }

SEGCORE_NAMESPACE_END
