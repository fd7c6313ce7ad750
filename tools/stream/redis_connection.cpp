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

bool RedisConnection::reopen() {
  if (!open().ok()) return false;
  // A restarted server answers -LOADING until its data is read: a pipeline sent then could be
  // refused in part, so a new connection counts as made only once PING is answered.
  ReplyPtr pong(static_cast<redisReply*>(redisCommand(context_.get(), "PING")));
  if (pong == nullptr || context_->err != 0 || pong->type == REDIS_REPLY_ERROR) {
    last_error_ =
        pong == nullptr || context_->err != 0 ? std::string(context_->errstr) : std::string(pong->str, pong->len);
    context_.reset();
    return false;
  }
  ++reconnects_;
  return true;
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
    if (context_ == nullptr && !reopen()) continue;
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
  std::vector<std::size_t> missing(commands.size());  // the commands without a reply, in order
  for (std::size_t i = 0; i < missing.size(); ++i) missing[i] = i;
  for (int attempt = 0; attempt < retry_.attempts && !missing.empty(); ++attempt) {
    backoff(retry_, attempt);
    if (context_ == nullptr && !reopen()) continue;
    std::size_t sent = 0;
    for (; sent < missing.size(); ++sent) {
      Argv argv(commands[missing[sent]]);
      if (redisAppendCommandArgv(context_.get(), argv.argc(), argv.ptr.data(), argv.len.data()) != REDIS_OK) {
        last_error_ = "cannot buffer the command";
        break;
      }
    }
    // A transient error (a server still loading) refuses one command, and the server may run
    // the next ones: every reply is read, each command that got one is done.
    std::vector<std::size_t> still;
    std::size_t k = 0;
    for (; k < sent; ++k) {
      void* raw = nullptr;
      if (redisGetReply(context_.get(), &raw) != REDIS_OK || raw == nullptr) break;
      ReplyPtr reply(static_cast<redisReply*>(raw));
      if (transient_server_error(*reply)) {
        last_error_ = std::string(reply->str, reply->len);
        still.push_back(missing[k]);
      } else {
        replies[missing[k]] = std::move(reply);
      }
    }
    if (k < sent) {
      last_error_ = context_->err != 0 ? context_->errstr : "no reply";
      context_.reset();
    }
    const bool progress = still.size() + (missing.size() - k) < missing.size();
    still.insert(still.end(), missing.begin() + static_cast<std::ptrdiff_t>(k), missing.end());
    missing = std::move(still);
    if (progress && !missing.empty()) attempt = 0;  // fresh tries for the rest
  }
  if (!missing.empty()) return broken(what, retry_.attempts);
  return replies;
}

}  // namespace segcore_stream
