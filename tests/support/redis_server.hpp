// A redis-server of the test's own: on a free loopback port, in a temporary folder, without
// snapshots; started, killed (SIGKILL), restarted on the same port and folder, and stopped.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace segcore_test {

class RedisServer {
 public:
  // Empty when redis-server can be run, else why not (the tests then skip, saying so).
  static std::string unavailable_reason();

  // `append_only`: keep an append-only file fsynced at every write, so the stream and the
  // groups survive kill(). `extra` are more server arguments ("--maxmemory", "1mb").
  explicit RedisServer(bool append_only = false, std::vector<std::string> extra = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const { return port_; }
  bool running() const { return pid_ > 0; }
  // SIGKILL, as a crash; the folder stays.
  void kill();
  // Starts again on the same port and folder; waits until it answers PING.
  void restart();

 private:
  void start();
  void stop(int signal);

  bool append_only_;
  std::vector<std::string> extra_;
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace segcore_test
