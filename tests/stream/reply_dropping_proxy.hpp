// A loopback TCP proxy in front of a redis-server that loses replies in transit. arm(): the
// next "XREADGROUP ... >" reaches the server, and the connection is dropped instead of passing
// its reply on (the server delivered entries the client never saw). arm_cut(n): the server's
// next n replies of two lines each (XADD's ids) are gathered, the first half of their bytes
// passed on, and the connection dropped (the server ran n commands; the client saw fewer).
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
  void arm_cut(int replies) { cut_after_ = replies; }
  int dropped() const { return dropped_; }
  // With arm_cut: how many whole replies the client got before the cut.
  int replies_passed() const { return replies_passed_; }

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
    std::string held;
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
        if (cut_after_ > 0) {
          held.append(buf, static_cast<std::size_t>(n));
          if (lines(held) < 2 * cut_after_) continue;
          held.resize(held.size() / 2);
          replies_passed_ = static_cast<int>(lines(held) / 2);
          cut_after_ = 0;
          ++dropped_;
          (void)!write(client, held.data(), held.size());
          return;
        }
        if (write(client, buf, static_cast<std::size_t>(n)) != n) return;
      }
    }
  }

  static long lines(const std::string& s) {
    long n = 0;
    for (std::size_t p = 0; (p = s.find("\r\n", p)) != std::string::npos; p += 2) ++n;
    return n;
  }

  int server_port_;
  std::atomic<bool> armed_{false};
  std::atomic<int> cut_after_{0};
  std::atomic<int> replies_passed_{0};
  std::atomic<int> dropped_{0};
  LoopbackServer listener_{[this](int client) { serve_one(client); }};  // last: stopped first
};

}  // namespace segcore_test
