#include "support/redis_server.hpp"

#include "support/loopback_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <thread>

namespace segcore_test {
namespace {

// A free port below the ephemeral range (32768 and up on Linux), picked at random: a port the
// kernel hands out for bind(0) could go to another program while the server is down between
// kill() and restart(), and the client would reconnect to that program.
int free_loopback_port() {
  std::mt19937 rng(std::random_device{}());
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int port = std::uniform_int_distribution<int>(20000, 32000)(rng);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = loopback_address(port);
    const bool free = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    if (fd >= 0) close(fd);
    if (free) return port;
  }
  throw std::runtime_error("RedisServer: no free loopback port in 20000-32000");
}

// True when "PING" on the port gets "+PONG" (a server still loading its data answers -LOADING).
bool answers_ping(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a = loopback_address(port);
  timeval tv{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && write(fd, "PING\r\n", 6) == 6) {
    char buf[16] = {};
    ok = read(fd, buf, sizeof buf - 1) >= 5 && std::strncmp(buf, "+PONG", 5) == 0;
  }
  close(fd);
  return ok;
}

}  // namespace

std::string RedisServer::unavailable_reason() {
  if (std::system("redis-server --version >/dev/null 2>&1") != 0)
    return "redis-server is not installed (apt-get install redis-server; tools/bootstrap)";
  return "";
}

RedisServer::RedisServer(bool append_only, std::vector<std::string> extra)
    : append_only_(append_only), extra_(std::move(extra)) {
  std::string pattern = (std::filesystem::temp_directory_path() / "segcore-redis-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("RedisServer: cannot make a temporary folder");
  dir_ = pattern;
  port_ = free_loopback_port();
  start();
}

RedisServer::~RedisServer() {
  stop(SIGTERM);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void RedisServer::start() {
  std::vector<std::string> args = {"redis-server",
                                   "--port",
                                   std::to_string(port_),
                                   "--bind",
                                   "127.0.0.1",
                                   "--save",
                                   "",
                                   "--appendonly",
                                   append_only_ ? "yes" : "no",
                                   "--appendfsync",
                                   "always",
                                   "--dir",
                                   dir_,
                                   "--logfile",
                                   dir_ + "/redis.log"};
  args.insert(args.end(), extra_.begin(), extra_.end());
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("RedisServer: fork failed");
  if (pid_ == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp("redis-server", argv.data());
    _exit(127);
  }
  for (int i = 0; i < 500; ++i) {  // up to 10 s
    if (answers_ping(port_)) return;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("RedisServer: redis-server exited at start; see its log in " + dir_);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop(SIGKILL);
  throw std::runtime_error("RedisServer: redis-server did not answer PING on port " + std::to_string(port_));
}

void RedisServer::stop(int signal) {
  if (pid_ <= 0) return;
  ::kill(pid_, signal);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void RedisServer::kill() { stop(SIGKILL); }

void RedisServer::restart() {
  stop(SIGTERM);
  start();
}

}  // namespace segcore_test
