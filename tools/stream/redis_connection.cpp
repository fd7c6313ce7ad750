#include "redis_connection.hpp"

#include <signal.h>
#include <sys/time.h>

#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"

namespace segcore_stream {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

struct Argv {
  std::vector<const char*> ptr;
  std::vector<std::size_t> len;
  explicit Argv(const Command& c) {
    for (const auto& a : c) {
      ptr.push_back(a.data());
      len.push_back(a.size());
    }
  }
  int argc() const { return static_cast<int>(ptr.size()); }
};

}  // namespace

RedisConnection::RedisConnection(std::string host, int port, std::chrono::milliseconds timeout, RetryPolicy retry)
    : host_(std::move(host)), port_(port), where_(absl::StrCat(host_, ":", port)), timeout_(timeout), retry_(retry) {
  retry_.attempts = std::max(retry_.attempts, 1);
}

absl::StatusOr<RedisConnection> RedisConnection::connect(std::string host, int port, std::chrono::milliseconds timeout,
                                                         RetryPolicy retry) {
  // hiredis writes with write(): a server gone away must be an error reply, not SIGPIPE's death.
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) signal(SIGPIPE, SIG_IGN);
  if (port <= 0 || port > 65535)
    return absl::InvalidArgumentError(absl::StrCat("Redis port ", port, " is not 1-65535"));
  if (timeout.count() <= 0) return absl::InvalidArgumentError("Redis timeout must be positive");
  RedisConnection c(std::move(host), port, timeout, retry);
  if (absl::Status s = c.open(); !s.ok()) return s;
  return c;
}

absl::Status RedisConnection::open() {
  context_.reset(redisConnectWithTimeout(host_.c_str(), port_, to_timeval(timeout_)));
  if (context_ == nullptr) {
    last_error_ = "out of memory for the connection";
  } else if (context_->err != 0) {
    last_error_ = context_->errstr;
    context_.reset();
  } else if (redisSetTimeout(context_.get(), to_timeval(timeout_)) != REDIS_OK) {
    last_error_ = "cannot set the socket timeout";
    context_.reset();
  }
  if (context_ == nullptr)
    return absl::UnavailableError(absl::StrCat("cannot connect to Redis at ", where_, ": ", last_error_));
  ++generation_;
  return absl::OkStatus();
}

absl::Status RedisConnection::broken(absl::string_view what, int attempts) {
  return absl::UnavailableError(
      absl::StrCat(what, ": Redis at ", where_, " unavailable after ", attempts, " attempts: ", last_error_));
}

void RedisConnection::set_timeout(std::chrono::milliseconds extra) {
  redisSetTimeout(context_.get(), to_timeval(timeout_ + extra));
}

namespace {

// Sleeps before try `attempt` (0-based; none before the first).
void backoff(const RetryPolicy& p, int attempt) {
  if (attempt == 0) return;
  auto wait = p.first_backoff;
  for (int i = 1; i < attempt && wait < p.max_backoff; ++i) wait *= 2;
  std::this_thread::sleep_for(std::min(wait, p.max_backoff));
}

}  // namespace

absl::StatusOr<ReplyPtr> RedisConnection::run(absl::string_view what, const Command& command,
                                              std::chrono::milliseconds extra_wait) {
  Argv argv(command);
  for (int attempt = 0; attempt < retry_.attempts; ++attempt) {
    backoff(retry_, attempt);
    if (context_ == nullptr) {
      if (!open().ok()) continue;
      ++reconnects_;
    }
    if (extra_wait.count() > 0) set_timeout(extra_wait);
    ReplyPtr reply(
        static_cast<redisReply*>(redisCommandArgv(context_.get(), argv.argc(), argv.ptr.data(), argv.len.data())));
    if (reply == nullptr || context_->err != 0) {
      last_error_ = context_->errstr;
      context_.reset();
      continue;
    }
    if (extra_wait.count() > 0) set_timeout(std::chrono::milliseconds(0));
    if (transient_server_error(*reply)) {
      last_error_ = std::string(reply->str, reply->len);
      continue;
    }
    return reply;
  }
  return broken(what, retry_.attempts);
}

absl::StatusOr<std::vector<ReplyPtr>> RedisConnection::run_pipelined(absl::string_view what,
                                                                     const std::vector<Command>& commands) {
  std::vector<ReplyPtr> replies(commands.size());
  std::size_t done = 0;
  for (int attempt = 0; attempt < retry_.attempts && done < commands.size(); ++attempt) {
    backoff(retry_, attempt);
    if (context_ == nullptr) {
      if (!open().ok()) continue;
      ++reconnects_;
    }
    std::size_t sent = done;
    for (; sent < commands.size(); ++sent) {
      Argv argv(commands[sent]);
      if (redisAppendCommandArgv(context_.get(), argv.argc(), argv.ptr.data(), argv.len.data()) != REDIS_OK) {
        last_error_ = "cannot buffer the command";
        break;
      }
    }
    const std::size_t before = done;
    std::size_t i = done;
    bool transient = false;
    for (; i < sent; ++i) {
      void* raw = nullptr;
      if (redisGetReply(context_.get(), &raw) != REDIS_OK || raw == nullptr) break;
      ReplyPtr reply(static_cast<redisReply*>(raw));
      // After a transient error every later reply is read (to keep the pipe in step) and dropped.
      if (transient || transient_server_error(*reply)) {
        if (!transient) last_error_ = std::string(reply->str, reply->len);
        transient = true;
        continue;
      }
      replies[i] = std::move(reply);
      done = i + 1;
    }
    if (i < sent) {
      last_error_ = context_->err != 0 ? context_->errstr : "no reply";
      context_.reset();
    }
    if (done > before && done < sent && !transient) attempt = 0;  // progress: fresh tries for the rest
  }
  if (done < commands.size()) return broken(what, retry_.attempts);
  return replies;
}

}  // namespace segcore_stream
