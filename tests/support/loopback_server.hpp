// A TCP server of the test's own on a free loopback port: each connection, one at a time, is
// handed to `serve_one` on the server's thread. For fake servers and proxies.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <stdexcept>
#include <thread>

namespace segcore_test {

inline sockaddr_in loopback_address(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

class LoopbackServer {
 public:
  // `serve_one(client)` returns when done with the connection, which is then closed.
  explicit LoopbackServer(std::function<void(int client)> serve_one) : serve_one_(std::move(serve_one)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = loopback_address(0);
    socklen_t len = sizeof a;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd_, 8) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("LoopbackServer: cannot listen on a loopback port");
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      for (int client; !stopping_ && (client = accept(fd_, nullptr, nullptr)) >= 0; close(client)) serve_one_(client);
    });
  }
  ~LoopbackServer() {
    stopping_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return port_; }
  bool stopping() const { return stopping_; }

 private:
  std::function<void(int)> serve_one_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace segcore_test
