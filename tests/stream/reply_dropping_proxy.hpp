// A loopback TCP proxy in front of a redis-server that, once armed, lets the next
// "XREADGROUP ... >" reach the server and then drops the connection instead of passing the
// reply on: the server has delivered entries the client never saw (a reply lost in transit).
#pragma once

#include <poll.h>

#include <atomic>
#include <string>

#include "support/loopback_server.hpp"

namespace segcore_test {

class ReplyDroppingProxy {
 public:
  explicit ReplyDroppingProxy(int server_port) : server_port_(server_port) {}
  int port() const { return listener_.port(); }
  void arm() { armed_ = true; }
  int dropped() const { return dropped_; }

 private:
  void serve_one(int client) {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = loopback_address(server_port_);
    if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) relay(client, server);
    close(server);
  }

  // Relays until either side closes, or until the reply to an armed XREADGROUP arrives.
  void relay(int client, int server) {
    bool drop_reply = false;
    char buf[65536];
    for (;;) {
      pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      if (poll(fds, 2, 200) < 0 || listener_.stopping()) return;
      if (fds[0].revents != 0) {
        ssize_t n = read(client, buf, sizeof buf);
        if (n <= 0) return;
        std::string command(buf, static_cast<std::size_t>(n));
        if (armed_ && command.find("XREADGROUP") != std::string::npos && command.size() >= 3 &&
            command.compare(command.size() - 3, 3, ">\r\n") == 0) {
          armed_ = false;
          drop_reply = true;
        }
        if (write(server, buf, static_cast<std::size_t>(n)) != n) return;
      }
      if (fds[1].revents != 0) {
        ssize_t n = read(server, buf, sizeof buf);
        if (n <= 0) return;
        if (drop_reply) {
          ++dropped_;
          return;  // the server ran the read; the client sees the connection close instead
        }
        if (write(client, buf, static_cast<std::size_t>(n)) != n) return;
      }
    }
  }

  int server_port_;
  std::atomic<bool> armed_{false};
  std::atomic<int> dropped_{0};
  LoopbackServer listener_{[this](int client) { serve_one(client); }};  // last: stopped first
};

}  // namespace segcore_test
