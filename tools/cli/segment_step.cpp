// `segcore segment --rules FILE`, and the lifecycle and rule-segment stages of the whole job.
#include <filesystem>
#include <sstream>

#include "absl/strings/ascii.h"
#include "commands.hpp"
#include "input.hpp"
#include "steps.hpp"

namespace segcore_cli {
namespace {

Segmentation apply(const segcore::SegmentSet& set, std::string title, const segcore::ProfileTable& p, int n_threads) {
  Segmentation s;
  s.title = std::move(title);
  s.mode = set.mode();
  for (std::size_t k = 0; k < set.size(); ++k)
    s.names.push_back(set.name(k)), s.rules.emplace_back(absl::StripAsciiWhitespace(set.rule(k).text()));
  s.names.push_back(set.fallback());
  const segcore::TableView view = segcore::TableView::of(p);
  s.segment.resize(p.size());
  check(set.assign(view, s.segment, n_threads));
  for (auto& x : s.segment)
    if (x < 0) x = static_cast<std::int32_t>(set.size());  // the fallback is the last name
  if (s.mode == segcore::SegmentMode::overlapping) {
    s.membership.resize(p.size() * set.size());
    check(set.membership(view, s.membership, n_threads));
  }
  return s;
}

std::string read_text(const std::string& path) { return read_small_file(path, kMaxRuleFileBytes, "rule file"); }

}  // namespace

Segmentation lifecycle_segments(const segcore::ProfileTable& p, int n_threads) {
  auto set = take(segcore::SegmentSet::lifecycle(segcore::schema_of(p)));
  return apply(set, "lifecycle", p, n_threads);
}

Segmentation rule_segments(const std::string& path, const segcore::ProfileTable& p, int n_threads) {
  auto set = segcore::SegmentSet::parse(read_text(path), segcore::schema_of(p));
  if (!set.ok()) throw CliError(path + ": " + std::string(set.status().message()));
  return apply(*set, std::filesystem::path(path).filename().string(), p, n_threads);
}

Table segment_table(const segcore::ProfileTable& p, const Segmentation& s) {
  Table t;
  t.rows = p.size();
  t.add_ids("customer_id", p.customer_id);
  std::vector<std::string> names(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) names[i] = s.names[s.segment[i]];
  t.add_text("segment", std::move(names));
  const std::size_t k = s.names.size() - 1;
  if (!s.membership.empty())
    for (std::size_t j = 0; j < k; ++j) {
      std::vector<std::int64_t> in(p.size());
      for (std::size_t i = 0; i < p.size(); ++i) in[i] = s.membership[i * k + j];
      t.add_integer("in:" + s.names[j], std::move(in));
    }
  return t;
}

int cmd_segment(int argc, char** argv) {
  Args args("segment", "--rules FILE [options] [EVENTS.csv]",
            "Assigns each customer to a rule segment (docs/RULES.md has the file format).\n"
            "--rules lifecycle uses the built-in lifecycle stages. Overlapping sets also get one\n"
            "0/1 column per segment. Without a file, the bundled Online Retail sample is used.");
  args.add({{"rules", "FILE", "segment set file, or 'lifecycle' for the built-in stages"}});
  args.add(input_flags()).add(profile_flags()).add(output_flags("standard output"));
  if (!start_command(args, argc, argv)) return 0;
  auto rules = args.get("rules");
  if (!rules) throw UsageError("--rules FILE is required (or --rules lifecycle)");
  if (*rules != "lifecycle") read_text(*rules);  // a missing file fails before the input is read
  Input in = load_input(args);
  segcore::ProfileTable p = build_profiles(args, in.data.events);
  Segmentation s =
      *rules == "lifecycle" ? lifecycle_segments(p, thread_count(args)) : rule_segments(*rules, p, thread_count(args));
  std::vector<std::size_t> counts(s.names.size());
  for (auto x : s.segment) ++counts[x];
  std::ostringstream sum;
  sum << p.size() << " customers in " << s.title << " segments\n";
  for (std::size_t k = 0; k < s.names.size(); ++k) sum << "  " << s.names[k] << ": " << counts[k] << "\n";
  emit(args, segment_table(p, s), sum.str());
  return 0;
}

}  // namespace segcore_cli
