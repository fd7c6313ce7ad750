// A loopback TCP proxy in front of a redis-server that, once armed, lets the next
// "XREADGROUP ... >" reach the server and then drops the connection instead of passing the
// reply on: the server has delivered entries the client never saw (a reply lost in transit).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

namespace segcore_test {

class ReplyDroppingProxy {
 public:
  explicit ReplyDroppingProxy(int server_port) : server_port_(server_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = loopback(0);
    socklen_t len = sizeof a;
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listen_fd_, 8) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("ReplyDroppingProxy: cannot listen");
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ReplyDroppingProxy() {
    stop_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    close(listen_fd_);
    thread_.join();
  }
  int port() const { return port_; }
  void arm() { armed_ = true; }
  int dropped() const { return dropped_; }

 private:
  static sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
  }

  void serve() {
    while (!stop_) {
      int client = accept(listen_fd_, nullptr, nullptr);
      if (client < 0) return;
      int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a = loopback(server_port_);
      if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) relay(client, server);
      close(server);
      close(client);
    }
  }

  // Relays until either side closes, or until the reply to an armed XREADGROUP arrives.
  void relay(int client, int server) {
    bool drop_reply = false;
    char buf[65536];
    for (;;) {
      pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      if (poll(fds, 2, 200) < 0 || stop_) return;
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
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> armed_{false};
  std::atomic<bool> stop_{false};
  std::atomic<int> dropped_{0};
  std::thread thread_;
};

}  // namespace segcore_test
