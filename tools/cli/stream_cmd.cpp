// `segcore stream`: the real-time service from stdin or a Redis Stream. Events in (JSON lines or
// CSV), segment moves out (JSON lines on stdout, or entries of a Redis Stream), the state checkpointed so a restart
// resumes where the last checkpoint left off; SIGTERM or SIGINT ends it with a final checkpoint and exit code 0.
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include <atomic>
#include <chrono>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "args.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "segcore/checkpoint.hpp"
#include "segcore/stream.hpp"
#if SEGCORE_CLI_REDIS
#include "redis_source.hpp"
#endif

namespace segcore_cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop(int) { g_stop.store(true); }

// No SA_RESTART: a blocked read returns EINTR and the loop sees the flag.
void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM}) ::sigaction(sig, &sa, nullptr);
}

void print_metrics(const segcore::StreamCounters& c) {
  const auto now = std::chrono::steady_clock::now();
  const double up = std::chrono::duration<double>(now - c.started).count();
  const double age = std::chrono::duration<double>(now - c.last_checkpoint).count();
  std::fprintf(stderr,
               "{\"metrics\":{\"messages\":%llu,\"events\":%llu,\"skipped\":%llu,\"moves\":%llu,\"malformed\":%llu,"
               "\"checkpoints\":%llu,\"checkpoint_saving_s\":%.3f,\"checkpoint_writing_s\":%.3f,\"checkpoint_age_s\":%."
               "3f,\"uptime_s\":%.3f,"
               "\"messages_per_s\":%.0f}}\n",
               static_cast<unsigned long long>(c.messages), static_cast<unsigned long long>(c.events),
               static_cast<unsigned long long>(c.skipped), static_cast<unsigned long long>(c.moves),
               static_cast<unsigned long long>(c.malformed), static_cast<unsigned long long>(c.checkpoints),
               std::chrono::duration<double>(c.saving).count(), std::chrono::duration<double>(c.writing).count(), age,
               up, up > 0 ? static_cast<double>(c.messages) / up : 0.0);
}

// The CSV header: the first line of fd, read a byte at a time so nothing after it is consumed.
std::string read_header_line(int fd) {
  std::string line;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The first line's number: --first-line, else the line after the restored position (the
// consumer has loaded its checkpoint already: it is read once, not twice).
std::uint64_t first_line(const Args& args, const std::string& checkpoint, const std::string& position) {
  if (args.has("first-line")) return static_cast<std::uint64_t>(args.get_int("first-line", 1, 1, 1LL << 62));
  if (position.empty()) return 1;
  std::uint64_t n = 0;
  if (!absl::SimpleAtoi(position, &n))
    throw CliError("checkpoint '" + checkpoint + "' position '" + position + "' is not a line number");
  return n + 1;
}

// A source that sets the stop flag once reads have returned nothing for idle_seconds in a row
// (--stop-when-idle): the loop then ends as after SIGTERM, with a final checkpoint.
class IdleStop final : public segcore::EventSource {
 public:
  IdleStop(segcore::EventSource& inner, double idle_seconds, std::atomic<bool>& stop)
      : inner_(inner), idle_(idle_seconds), stop_(stop), last_(std::chrono::steady_clock::now()) {}
  segcore::Status read(std::size_t max, std::chrono::milliseconds timeout,
                       std::vector<segcore::StreamMessage>& out) override {
    segcore::Status st = inner_.read(max, timeout, out);
    const auto now = std::chrono::steady_clock::now();
    if (!st.ok() || !out.empty())
      last_ = now;
    else if (std::chrono::duration<double>(now - last_).count() >= idle_)
      stop_.store(true);
    return st;
  }
  segcore::Status ack(std::span<const std::string> ids) override { return inner_.ack(ids); }
  int compare(absl::string_view a, absl::string_view b) const override { return inner_.compare(a, b); }

 private:
  segcore::EventSource& inner_;
  double idle_;
  std::atomic<bool>& stop_;
  std::chrono::steady_clock::time_point last_;
};

#if SEGCORE_CLI_REDIS
// HOST:PORT of --redis (default 127.0.0.1:6379).
std::pair<std::string, int> redis_address(const Args& args) {
  const std::string a = args.get_or("redis", "127.0.0.1:6379");
  const auto colon = a.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 || !absl::SimpleAtoi(a.substr(colon + 1), &port) || port < 1 ||
      port > 65535)
    throw UsageError("--redis must be HOST:PORT with a port in 1..65535, got '" + a + "'");
  return {a.substr(0, colon), port};
}

// The value of a required option of --input redis.
std::string required(const Args& args, const char* name) {
  const std::string v = args.get_or(name, "");
  if (v.empty()) throw UsageError(std::string("--input redis needs --") + name);
  return v;
}

// --input redis: the group's entries in, moves and dead letters out to streams.
int run_redis(const Args& args, segcore::StreamOptions o, double idle, bool metrics) {
  const auto [host, port] = redis_address(args);
  const std::string stream = required(args, "stream"), group = required(args, "group");
  const std::string consumer_name = required(args, "consumer"), moves = required(args, "moves-stream");
  auto consumer = segcore::StreamConsumer::create(std::move(o));
  if (!consumer.ok()) throw CliError(std::string(consumer.status().message()));
  auto redis = segcore_stream::RedisStreams::connect(host, port, std::chrono::milliseconds(5000));
  if (!redis.ok()) throw CliError(std::string(redis.status().message()));
  auto from = segcore_stream::make_redis_source(*redis, stream, group, consumer_name);
  if (!from.ok()) throw CliError(std::string(from.status().message()));
  std::unique_ptr<segcore::MoveSink> sink =
      segcore_stream::make_redis_sink(*redis, moves, args.get_or("dead-letter-stream", ""));
  install_stop_handlers();
  IdleStop source(**from, idle >= 0 ? idle : 1e300, g_stop);
  const segcore::Status st = consumer->run(source, *sink, g_stop);
  if (metrics) print_metrics(consumer->counters());
  if (!st.ok()) throw CliError(std::string(st.message()));
  return 0;
}
#endif

}  // namespace

int cmd_stream(int argc, char** argv) {
  Args args("stream", "--input stdin|redis [options]",
            "Applies events as they arrive and prints each segment move as a JSON line on standard\n"
            "output: event triggers (--triggers), rule segments (--rules) and the lifecycle stages.\n"
            "With --checkpoint the state is saved every N events or T seconds; a restart loads it and\n"
            "skips lines at or before its position, so the producer re-sends from there. A malformed\n"
            "line is printed as {\"dead_letter\":...,\"reason\":...} and the stream goes on.\n"
            "With --input redis, events are read from a stream's consumer group and moves and dead\n"
            "letters written to streams; entries are acknowledged once a checkpoint covers them.\n"
            "SIGTERM or SIGINT: a final checkpoint, then exit code 0.");
  args.add({{"input", "SOURCE", "where events come from: stdin | redis (a Redis Stream's consumer group)"},
            {"redis", "HOST:PORT", "the Redis server of --input redis (default 127.0.0.1:6379)"},
            {"stream", "S", "--input redis: the stream of events (each entry's field `event`)"},
            {"group", "G", "--input redis: the consumer group (made from the stream's start when missing)"},
            {"consumer", "C", "--input redis: this consumer's name in the group (the same after a restart)"},
            {"moves-stream", "M", "--input redis: the stream moves go to (field `move`, one JSON object)"},
            {"dead-letter-stream", "D", "--input redis: the stream of malformed entries (default: --moves-stream)"},
            {"stop-when-idle", "T", "end (final checkpoint, exit 0) after T seconds without a message"},
            {"format", "FORMAT", "json (one object per line) | csv (a header line first) (default json)"},
            {"triggers", "FILE", "event trigger definitions (docs/RULES.md)"},
            {"rules", "FILE", "a segment set tracked as trigger \"rules\""},
            {"no-lifecycle", "", "do not track the built-in lifecycle stages"},
            {"segment-every", "N", "events between segment updates of --rules and lifecycle (default 10000)"},
            {"checkpoint", "PATH", "the checkpoint file (loaded at start when it exists)"},
            {"checkpoint-every", "N", "events between checkpoints (default 100000; 0: by time only)"},
            {"checkpoint-seconds", "T", "seconds between checkpoints (default 1; 0: by count only)"},
            {"first-line", "N", "the number of the first line read (default: the checkpoint's position + 1)"},
            {"batch", "N", "lines per batch (default 4096)"},
            {"metrics", "", "counters to standard error every --checkpoint-seconds and at exit"},
            {"help", "", "this help"}});
  args.parse(argc, argv, 2);
  if (args.help_requested()) return std::fputs(args.help().c_str(), stdout), 0;
  const std::string input = args.get_or("input", "");
  if (input != "stdin" && input != "redis") throw UsageError("--input must be stdin or redis");
#if !SEGCORE_CLI_REDIS
  if (input == "redis") throw UsageError("--input redis: this segcore was built without hiredis (libhiredis-dev)");
#endif
  if (input == "redis" && args.has("first-line")) throw UsageError("--first-line is for --input stdin only");
  if (input == "redis" && args.get_or("format", "json") != "json")
    throw UsageError("--input redis reads JSON events only (--format json)");
  const double idle = args.has("stop-when-idle") ? args.get_double("stop-when-idle", 0) : -1;
  if (args.has("stop-when-idle") && !(idle >= 0)) throw UsageError("--stop-when-idle must be >= 0");
  segcore::StreamOptions o;
  o.format = args.get_choice("format", {"json", "csv"}, "json") == "csv" ? segcore::PayloadFormat::csv
                                                                         : segcore::PayloadFormat::json;
  if (auto t = args.get("triggers")) o.triggers_text = read_small_file(*t, 1 << 20, "trigger file");
  if (auto r = args.get("rules")) o.rules_text = read_small_file(*r, 1 << 20, "rule file");
  o.lifecycle = !args.has("no-lifecycle");
  o.segment_every = static_cast<std::uint64_t>(args.get_int("segment-every", 10000, 1, 1LL << 40));
  o.checkpoint_path = args.get_or("checkpoint", "");
  o.checkpoint_every = static_cast<std::uint64_t>(args.get_int("checkpoint-every", 100000, 0, 1LL << 40));
  o.checkpoint_seconds = args.get_double("checkpoint-seconds", 1.0);
  if (!(o.checkpoint_seconds >= 0)) throw UsageError("--checkpoint-seconds must be >= 0");
  o.batch = static_cast<std::size_t>(args.get_int("batch", 4096, 1, 1 << 20));
  if (args.has("metrics")) {
    o.metrics = print_metrics;
    o.metrics_seconds = o.checkpoint_seconds > 0 ? o.checkpoint_seconds : 1.0;
  }
  const bool metrics = args.has("metrics");
#if SEGCORE_CLI_REDIS
  if (input == "redis") return run_redis(args, std::move(o), idle, metrics);
#endif
  if (args.has("first-line")) first_line(args, "", "");  // a bad --first-line before any input is read
  if (o.format == segcore::PayloadFormat::csv) o.csv_header = read_header_line(0);
  const std::string checkpoint = o.checkpoint_path;
  auto consumer = segcore::StreamConsumer::create(std::move(o));
  if (!consumer.ok()) throw CliError(std::string(consumer.status().message()));
  const std::uint64_t first = first_line(args, checkpoint, consumer->position());
  install_stop_handlers();
  std::unique_ptr<segcore::EventSource> lines = segcore::make_line_source(0, first);
  IdleStop source(*lines, idle >= 0 ? idle : 1e300, g_stop);
  std::unique_ptr<segcore::MoveSink> sink = segcore::make_json_lines_sink(1);
  const segcore::Status st = consumer->run(source, *sink, g_stop);
  if (metrics) print_metrics(consumer->counters());
  if (!st.ok()) throw CliError(std::string(st.message()));
  return 0;
}

}  // namespace segcore_cli
