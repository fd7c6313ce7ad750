// produce: XADDs generated purchase events (generated_events.hpp) to a Redis stream, pipelined
// in batches, as fast as possible or at a given rate; for the real-time guide's example, the
// crash test and the benchmarks. Prints the rate it reached to standard error.
//   produce [--host H] [--port P] [--stream S] [--count N] [--first I] [--seed S]
//           [--customers C] [--batch B] [--rate R] [--maxlen M]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "generated_events.hpp"
#include "redis_streams.hpp"

namespace {

constexpr const char* kUsage =
    "usage: produce [--host H] [--port P] [--stream S] [--count N] [--first I] [--seed S]\n"
    "               [--customers C] [--batch B] [--rate EVENTS_PER_S] [--maxlen M]\n"
    "XADDs N generated events (field 'event': JSON with event_id, customer_id, order_id,\n"
    "timestamp, amount) to stream S; --rate 0 (default) is as fast as possible; --maxlen M\n"
    "trims the stream to about M entries.\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "produce: %s\n%s", message.c_str(), kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt = {
      {"host", "127.0.0.1"}, {"port", "6379"},       {"stream", "events"}, {"count", "1000"}, {"first", "0"},
      {"seed", "1"},         {"customers", "10000"}, {"batch", "1000"},    {"rate", "0"},     {"maxlen", "0"}};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a.rfind("--", 0) != 0) return usage_error("unexpected argument '" + a + "'");
    std::string name = a.substr(2), value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return usage_error("--" + name + " needs a value");
    }
    if (!opt.count(name)) return usage_error("unknown flag --" + name);
    opt[name] = value;
  }
  std::map<std::string, std::uint64_t> n;
  for (const char* name : {"port", "count", "first", "seed", "customers", "batch", "rate", "maxlen"}) {
    if (!absl::SimpleAtoi(opt[name], &n[name]))
      return usage_error("--" + std::string(name) + " is not a whole number: '" + opt[name] + "'");
  }
  if (n["batch"] == 0 || n["customers"] == 0) return usage_error("--batch and --customers must be at least 1");
  if (n["port"] == 0 || n["port"] > 65535) return usage_error("--port must be 1-65535");

  auto redis = segcore_stream::RedisStreams::connect(opt["host"], static_cast<int>(n["port"]), std::chrono::seconds(5));
  if (!redis.ok()) {
    std::fprintf(stderr, "produce: %s\n", std::string(redis.status().message()).c_str());
    return 1;
  }
  segcore_stream::StreamCap cap{n["maxlen"], false};
  const auto start = std::chrono::steady_clock::now();
  std::vector<segcore_stream::Fields> batch;
  for (std::uint64_t done = 0; done < n["count"];) {
    batch.clear();
    for (; batch.size() < n["batch"] && done + batch.size() < n["count"];) {
      auto e = segcore_stream::generated_event(n["seed"], n["first"] + done + batch.size(), n["customers"]);
      batch.push_back({{"event", segcore_stream::event_json(e)}});
    }
    auto ids = redis->add_batch(opt["stream"], batch, cap);
    if (!ids.ok()) {
      std::fprintf(stderr, "produce: after %llu events: %s\n", static_cast<unsigned long long>(done),
                   std::string(ids.status().message()).c_str());
      return 1;
    }
    done += batch.size();
    if (n["rate"] > 0)  // pace: event `done` is due at done / rate seconds
      std::this_thread::sleep_until(start + std::chrono::microseconds(done * 1000000 / n["rate"]));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "produce: %llu events to '%s' in %.3f s: %.0f events/s\n",
               static_cast<unsigned long long>(n["count"]), opt["stream"].c_str(), seconds,
               seconds > 0 ? n["count"] / seconds : 0.0);
  return 0;
}
