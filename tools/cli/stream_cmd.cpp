// `segcore stream`: the real-time service from stdin. Events in (JSON lines or CSV), segment
// moves out (JSON lines on stdout), the state checkpointed so a restart resumes where the last
// checkpoint left off; SIGTERM or SIGINT ends it with a final checkpoint and exit code 0.
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
               "\"checkpoints\":%llu,\"checkpoint_age_s\":%.3f,\"uptime_s\":%.3f,\"messages_per_s\":%.0f}}\n",
               static_cast<unsigned long long>(c.messages), static_cast<unsigned long long>(c.events),
               static_cast<unsigned long long>(c.skipped), static_cast<unsigned long long>(c.moves),
               static_cast<unsigned long long>(c.malformed), static_cast<unsigned long long>(c.checkpoints), age, up,
               up > 0 ? static_cast<double>(c.messages) / up : 0.0);
}

// The CSV header: the first line of fd, read a byte at a time so nothing after it is consumed.
std::string read_header_line(int fd) {
  std::string line;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The first line's number: --first-line, else the line after the checkpoint's position.
std::uint64_t first_line(const Args& args, const std::string& checkpoint) {
  if (args.has("first-line")) return static_cast<std::uint64_t>(args.get_int("first-line", 1, 1, 1LL << 62));
  if (checkpoint.empty() || ::access(checkpoint.c_str(), F_OK) != 0) return 1;
  auto c = segcore::load_checkpoint(checkpoint);
  if (!c.ok()) throw CliError(std::string(c.status().message()));
  std::uint64_t n = 0;
  if (c->position.empty()) return 1;
  if (!absl::SimpleAtoi(c->position, &n)) throw CliError("checkpoint '" + checkpoint + "' position '" + c->position + "' is not a line number");
  return n + 1;
}

}  // namespace

int cmd_stream(int argc, char** argv) {
  Args args("stream", "--input stdin [options]",
            "Applies events as they arrive and prints each segment move as a JSON line on standard\n"
            "output: event triggers (--triggers), rule segments (--rules) and the lifecycle stages.\n"
            "With --checkpoint the state is saved every N events or T seconds; a restart loads it and\n"
            "skips lines at or before its position, so the producer re-sends from there. A malformed\n"
            "line is printed as {\"dead_letter\":...,\"reason\":...} and the stream goes on.\n"
            "SIGTERM or SIGINT: a final checkpoint, then exit code 0.");
  args.add({{"input", "SOURCE", "where events come from: stdin"},
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
  if (args.get_or("input", "") != "stdin") throw UsageError("--input stdin is required (the only source so far)");
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
  const std::uint64_t first = first_line(args, o.checkpoint_path);
  if (o.format == segcore::PayloadFormat::csv) o.csv_header = read_header_line(0);
  auto consumer = segcore::StreamConsumer::create(std::move(o));
  if (!consumer.ok()) throw CliError(std::string(consumer.status().message()));
  install_stop_handlers();
  std::unique_ptr<segcore::EventSource> source = segcore::make_line_source(0, first);
  std::unique_ptr<segcore::MoveSink> sink = segcore::make_json_lines_sink(1);
  const segcore::Status st = consumer->run(*source, *sink, g_stop);
  if (args.has("metrics")) print_metrics(consumer->counters());
  if (!st.ok()) throw CliError(std::string(st.message()));
  return 0;
}

}  // namespace segcore_cli
