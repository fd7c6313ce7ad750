// segcore: customer segmentation from the command line. Every command takes --help.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "activity.hpp"
#include "args.hpp"
#include "commands.hpp"
#include "output_dir.hpp"
#include "segcore/segcore.hpp"

namespace {

struct Command {
  const char* name;
  int (*run)(int, char**);
  const char* summary;
};

constexpr Command kCommands[] = {
    {"run", segcore_cli::cmd_run, "the whole job: tables and the HTML report in ./segcore-out/"},
    {"profile", segcore_cli::cmd_profile, "events to one profile per customer"},
    {"rfm", segcore_cli::cmd_rfm, "RFM scores and named segments"},
    {"segment", segcore_cli::cmd_segment, "rule segments from a segment set file (--rules)"},
    {"cluster", segcore_cli::cmd_cluster, "k-means segments on scaled features, with personas"},
    {"choose-k", segcore_cli::cmd_choose_k, "scores for each k and a recommendation"},
    {"clv", segcore_cli::cmd_clv, "lifetime value: BG/NBD (or Pareto/NBD) and Gamma-Gamma"},
    {"stream", segcore_cli::cmd_stream, "the real-time service: events from stdin, segment moves out"},
    {"social", segcore_cli::cmd_social, "influence in an interaction graph: PageRank, degrees, tiers per node"},
    {"report", segcore_cli::cmd_report, "the HTML report alone, or again from a finished run's folder"},
};

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: segcore COMMAND [options] [EVENTS.csv]\n\n"
               "Customer segmentation on a CSV of events or transactions (default columns customer_id,\n"
               "timestamp, amount and, when present, order_id). Without a file, commands run on the\n"
               "bundled Online Retail sample: `segcore run` is the whole job.\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out, "\n`segcore COMMAND --help` lists a command's options. `segcore --version` prints the version.\n");
}

// Messages go on one line: multi-line library messages are joined with "; ".
std::string one_line(std::string s) {
  for (std::size_t p; (p = s.find('\n')) != std::string::npos;) s.replace(p, 1, "; ");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) return std::printf("segcore %s\n", segcore::version_string()), 0;
  // A signal removes the output folder being staged (customer data) before the process ends.
  segcore_cli::install_signal_cleanup();
  for (const Command& c : kCommands) {
    if (std::strcmp(argv[1], c.name) != 0) continue;
    segcore_cli::current_activity() = "running the command";
    try {
      return c.run(argc, argv);
    } catch (const std::bad_alloc&) {
      // No allocation here: the message is built from literals and argv.
      std::fprintf(stderr, "segcore %s: out of memory while %s (free memory or give a smaller input)\n", c.name,
                   segcore_cli::current_activity());
      return 1;
    } catch (const segcore_cli::UsageError& e) {
      std::fprintf(stderr, "segcore %s: %s\n", c.name, one_line(e.what()).c_str());
      return 2;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "segcore %s: %s\n", c.name, one_line(e.what()).c_str());
      return 1;
    }
  }
  std::fprintf(stderr, "segcore: unknown command '%s' (segcore --help lists them)\n", argv[1]);
  return 2;
}
