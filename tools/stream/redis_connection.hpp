// One connection to a Redis server that survives the server restarting: a command that finds
// the connection broken (or the server loading its data) reconnects and is sent again, with a
// bounded number of attempts and a doubling backoff, then fails with kUnavailable.
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "redis_reply.hpp"

namespace segcore_stream {

struct RetryPolicy {
  int attempts = 6;                             // tries of one command (connects included), >= 1
  std::chrono::milliseconds first_backoff{50};  // wait before the second try, doubled each time
  std::chrono::milliseconds max_backoff{2000};
};

// A command's arguments, binary-safe.
using Command = std::vector<std::string>;

class RedisConnection {
 public:
  // Connects once (no retry): a wrong address is reported at once, naming host:port. SIGPIPE,
  // when still at its default, is ignored from then on (a broken connection is a status).
  static absl::StatusOr<RedisConnection> connect(std::string host, int port, std::chrono::milliseconds timeout,
                                                 RetryPolicy retry = {});

  // Runs one command; `extra_wait` lengthens the socket timeout (a blocking read's BLOCK time).
  // A reply is returned whatever its type (error replies included, but for the transient ones
  // retried); only a connection that stays broken is an error.
  absl::StatusOr<ReplyPtr> run(absl::string_view what, const Command& command,
                               std::chrono::milliseconds extra_wait = std::chrono::milliseconds(0));

  // Sends the commands pipelined and returns their replies in order. After a broken connection
  // or a transient error only the commands without a reply are sent again (after others, if a
  // transient error refused some in the middle): a command the server ran but whose reply was
  // lost is run twice (at-least-once).
  absl::StatusOr<std::vector<ReplyPtr>> run_pipelined(absl::string_view what, const std::vector<Command>& commands);

  const std::string& where() const { return where_; }
  // How many times a broken connection was replaced (for counters and tests).
  int reconnects() const { return reconnects_; }
  // Increments each time the connection is replaced, so callers can reset their read cursors.
  int generation() const { return generation_; }

 private:
  struct ContextDeleter {
    void operator()(redisContext* c) const { redisFree(c); }
  };
  RedisConnection(std::string host, int port, std::chrono::milliseconds timeout, RetryPolicy retry);
  absl::Status open();
  bool reopen();
  absl::Status broken(absl::string_view what, int attempt);
  void set_timeout(std::chrono::milliseconds extra);

  std::string host_;
  int port_ = 0;
  std::string where_;
  std::chrono::milliseconds timeout_;
  RetryPolicy retry_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
  std::string last_error_;
  int reconnects_ = 0;
  int generation_ = 0;
};

}  // namespace segcore_stream
