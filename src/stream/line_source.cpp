// A line source over a file descriptor (stdin): reads with poll() so a read waits at most its
// timeout and a signal interrupts it; lines are numbered from the first line's number.
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "segcore/stream.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

class LineSource final : public EventSource {
 public:
  LineSource(int fd, std::uint64_t first) : fd_(fd), next_(first) {}

  Status read(std::size_t max, std::chrono::milliseconds timeout, std::vector<StreamMessage>& out) override {
    out.clear();
    take_lines(max, out);
    while (out.empty() && !ended_) {
      pollfd p{fd_, POLLIN, 0};
      const int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
      if (r < 0 && errno == EINTR) return absl::OkStatus();  // a signal: let the caller look at its flag
      if (r < 0) return absl::InternalError(absl::StrCat("reading the input: poll: ", std::strerror(errno)));
      if (r == 0) return absl::OkStatus();
      char chunk[1 << 16];
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) return absl::OkStatus();
      if (n < 0) return absl::DataLossError(absl::StrCat("reading the input: ", std::strerror(errno)));
      if (n == 0) {
        ended_ = true;
        if (!buf_.empty() && start_ < buf_.size()) buf_.push_back('\n');  // a last line without '\n'
      } else {
        buf_.append(chunk, static_cast<std::size_t>(n));
      }
      take_lines(max, out);
    }
    if (out.empty() && ended_) return absl::OutOfRangeError("the input has ended");
    return absl::OkStatus();
  }

  Status ack(std::span<const std::string>) override { return absl::OkStatus(); }

 private:
  void take_lines(std::size_t max, std::vector<StreamMessage>& out) {
    while (out.size() < max) {
      const std::size_t nl = buf_.find('\n', start_);
      if (nl == std::string::npos) break;
      std::size_t stop = nl;
      if (stop > start_ && buf_[stop - 1] == '\r') --stop;
      const std::uint64_t line = next_++;
      if (stop > start_) out.push_back({absl::StrCat(line), buf_.substr(start_, stop - start_)});
      start_ = nl + 1;
    }
    if (start_ > (1u << 20) || start_ == buf_.size()) {  // drop what was taken
      buf_.erase(0, start_);
      start_ = 0;
    }
  }

  int fd_;
  std::uint64_t next_;
  std::string buf_;
  std::size_t start_ = 0;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<EventSource> make_line_source(int fd, std::uint64_t first_line) {
  return std::make_unique<LineSource>(fd, first_line);
}

SEGCORE_NAMESPACE_END
