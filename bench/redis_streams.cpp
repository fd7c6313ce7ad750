// Throughput of the Redis Streams client against a running redis-server (bench/redis_streams.py
// starts one): XADD of generated events pipelined in batches, then XREADGROUP + XACK of them in
// batches, each in events/s. Prints one JSON object.
//   redis_streams --port P [--count N] [--batch B]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "generated_events.hpp"
#include "redis_streams.hpp"

namespace {

[[noreturn]] void fail(const std::string& what, const absl::Status& s) {
  std::fprintf(stderr, "redis_streams: %s: %s\n", what.c_str(), std::string(s.message()).c_str());
  std::exit(1);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  std::size_t count = 1000000, batch = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--port"))
      port = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--count"))
      count = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--batch"))
      batch = std::strtoull(argv[i + 1], nullptr, 10);
  }
  if (port <= 0 || count == 0 || batch == 0) {
    std::fprintf(stderr, "usage: redis_streams --port P [--count N] [--batch B]\n");
    return 2;
  }
  auto r = segcore_stream::RedisStreams::connect("127.0.0.1", port, std::chrono::seconds(10));
  if (!r.ok()) fail("connect", r.status());
  const std::string stream = "bench-events";
  if (auto s = r->ensure_group(stream, "bench", segcore_stream::GroupStart::kBeginning); !s.ok()) fail("group", s);

  std::vector<segcore_stream::Fields> entries;
  auto t0 = std::chrono::steady_clock::now();
  for (std::size_t done = 0; done < count; done += entries.size()) {
    entries.clear();
    for (std::size_t i = done; i < count && entries.size() < batch; ++i)
      entries.push_back({{"event", segcore_stream::event_json(segcore_stream::generated_event(1, i, 100000))}});
    if (auto ids = r->add_batch(stream, entries); !ids.ok()) fail("add_batch", ids.status());
  }
  const double add_s = seconds_since(t0);

  std::size_t read = 0, bytes = 0;
  t0 = std::chrono::steady_clock::now();
  std::vector<std::string> ids;
  while (read < count) {
    auto got = r->read_group(stream, "bench", "c", batch, 0);
    if (!got.ok()) fail("read_group", got.status());
    if (got->empty()) break;
    ids.clear();
    for (const auto& e : *got) {
      ids.push_back(e.id);
      bytes += e.fields.empty() ? 0 : e.fields[0].value.size();
    }
    if (auto n = r->ack(stream, "bench", ids); !n.ok() || *n != ids.size()) fail("ack", n.status());
    read += got->size();
  }
  const double read_s = seconds_since(t0);
  std::printf(
      "{\"events\": %zu, \"batch\": %zu, \"event_bytes\": %.0f, \"xadd_s\": %.3f, \"xadd_events_per_s\": %.0f, "
      "\"read_ack_s\": %.3f, \"read_ack_events_per_s\": %.0f, \"read\": %zu}\n",
      count, batch, read ? double(bytes) / read : 0.0, add_s, count / add_s, read_s, read / read_s, read);
  return read == count ? 0 : 1;
}
