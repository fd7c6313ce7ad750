// `segcore profile` and `segcore rfm`, and the RFM stage of the whole job.
#include <cmath>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "commands.hpp"
#include "input.hpp"
#include "steps.hpp"

namespace segcore_cli {

std::vector<Flag> rfm_flags() {
  return {{"bins", "N",
           absl::StrCat("scores per measure, ", segcore::kRfmMinBins, " to ", segcore::kRfmMaxBins, " (default ",
                        segcore::RfmOptions{}.bins, ")")},
          {"mode", "M", Args::choices_help(segcore::RfmOptions{}.mode) + "; docs/PROFILES.md"},
          {"edges", "R;F;M",
           "fixed mode: bins-1 ascending edges per measure, e.g. '30,90,180,365;1,2,4,8;100,300,1000,3000'"}};
}

segcore::RfmOptions rfm_options(const Args& args) {
  segcore::RfmOptions o;
  o.bins = static_cast<int>(args.get_int("bins", o.bins, segcore::kRfmMinBins, segcore::kRfmMaxBins));
  o.mode = args.get_enum("mode", args.has("edges") ? segcore::RfmMode::fixed : o.mode);
  const std::string mode(segcore::enum_name(o.mode));
  o.n_threads = thread_count(args);
  if (o.mode != segcore::RfmMode::fixed) {
    if (args.has("edges")) throw UsageError("--edges needs --mode fixed, not --mode " + mode);
    return o;
  }
  auto text = args.get("edges");
  if (!text) throw UsageError("--mode fixed needs --edges R;F;M");
  std::vector<std::vector<double>> parts;
  std::istringstream in(*text);
  std::string part;
  while (std::getline(in, part, ';')) {
    std::vector<double> edges;
    std::istringstream items(part);
    std::string item;
    while (std::getline(items, item, ',')) {
      auto x = parse_number(item);
      if (!x) throw UsageError("--edges: '" + item + "' is not a finite number");
      edges.push_back(*x);
    }
    if (edges.size() != static_cast<std::size_t>(o.bins - 1))
      throw UsageError("--edges: each measure needs " + std::to_string(o.bins - 1) + " edges for " +
                       std::to_string(o.bins) + " bins, got " + std::to_string(edges.size()));
    parts.push_back(std::move(edges));
  }
  if (parts.size() != 3) throw UsageError("--edges: give three lists (recency;frequency;monetary)");
  o.recency_edges = parts[0], o.frequency_edges = parts[1], o.monetary_edges = parts[2];
  return o;
}

Table rfm_table(const segcore::ProfileTable& p, const segcore::RfmResult& rfm) {
  Table t;
  t.rows = p.size();
  t.add_ids("customer_id", p.customer_id);
  const segcore::ProfileColumn& rec = *take(p.column("recency_days"));
  std::vector<double> recency(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) recency[i] = rec.valid[i] ? static_cast<double>(rec.i64[i]) : NAN;
  t.add_number("recency_days", std::move(recency));
  t.add_integer("frequency", take(p.column("frequency"))->i64);
  t.add_number("monetary", take(p.column("monetary"))->f64);
  t.add_integer("r_score", rfm.r);
  t.add_integer("f_score", rfm.f);
  t.add_integer("m_score", rfm.m);
  std::vector<std::string> names(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) names[i] = rfm.segment_names[rfm.segment[i]];
  t.add_text("segment", std::move(names));
  return t;
}

Table rfm_summary_table(const std::vector<segcore::SegmentSummary>& summary) {
  Table t;
  t.rows = summary.size();
  std::vector<std::string> name;
  std::vector<std::int64_t> customers, orders;
  std::vector<double> revenue, aov, r, f, m;
  for (const auto& s : summary) {
    name.push_back(s.segment), customers.push_back(static_cast<std::int64_t>(s.customers));
    orders.push_back(s.orders), revenue.push_back(s.revenue), aov.push_back(s.avg_order_value);
    r.push_back(s.median_recency_days), f.push_back(s.median_frequency), m.push_back(s.median_monetary);
  }
  t.add_text("segment", std::move(name));
  t.add_integer("customers", std::move(customers));
  t.add_integer("orders", std::move(orders));
  t.add_number("revenue", std::move(revenue));
  t.add_number("avg_order_value", std::move(aov));
  t.add_number("median_recency_days", std::move(r));
  t.add_number("median_frequency", std::move(f));
  t.add_number("median_monetary", std::move(m));
  return t;
}

namespace {

std::string ingest_line(const Input& in) {
  const auto& r = in.data.report;
  std::ostringstream s;
  s << in.source << ": " << row_counts_line(r, in.duplicates_checked) << "\n";
  if (in.opt_out) s << "  " << opt_out_line(*in.opt_out) << "\n";
  for (const auto& [reason, count] : r.skipped_by_reason) s << "  skipped " << count << ": " << reason << "\n";
  return s.str();
}

}  // namespace

int cmd_profile(int argc, char** argv) {
  Args args("profile", "[options] [EVENTS.csv]",
            "One row per customer with every behavioural feature of docs/PROFILES.md.\n"
            "Without a file, the bundled Online Retail sample is used.");
  args.add(input_flags()).add(profile_flags()).add(output_flags("standard output"));
  if (!start_command(args, argc, argv)) return 0;
  Input in = load_input(args);
  segcore::ProfileTable p = build_profiles(args, in.data.events);
  std::ostringstream s;
  s << ingest_line(in) << p.size() << " customers as of " << format_time(p.as_of) << ", " << p.columns.size()
    << " features";
  if (p.events_after_as_of) s << "; " << p.events_after_as_of << " events after --as-of left out";
  s << "\n";
  emit(args, Table::of(p), s.str());
  return 0;
}

int cmd_rfm(int argc, char** argv) {
  Args args("rfm", "[options] [EVENTS.csv]",
            "Recency, frequency and monetary scores and named segments per customer.\n"
            "Without a file, the bundled Online Retail sample is used.");
  args.add(input_flags()).add(profile_flags()).add(rfm_flags()).add(output_flags("standard output"));
  if (!start_command(args, argc, argv)) return 0;
  const segcore::RfmOptions options = rfm_options(args);
  Input in;
  segcore::ProfileTable p;
  if (auto windowed = windowed_rfm_options(args); windowed && !args.has("windows")) {
    in.source = args.positional()[0];
    in.duplicates_checked = false;
    auto read = take(segcore::rfm_inputs_from_csv(in.source, *windowed));
    in.data.report = std::move(read.report);
    p = std::move(read.profiles);
  } else {
    in = load_input(args);
    p = build_profiles(args, in.data.events);
  }
  segcore::RfmResult rfm = take(segcore::rfm_score(p, options));
  std::ostringstream s;
  s << ingest_line(in) << p.size() << " customers as of " << format_time(p.as_of) << " (" << rfm.unscored
    << " without a positive order)\n";
  auto summary = take(segcore::rfm_summary(p, rfm));
  for (const auto& seg : summary)
    if (seg.customers) s << "  " << seg.segment << ": " << seg.customers << "\n";
  emit(args, rfm_table(p, rfm), s.str());
  return 0;
}

}  // namespace segcore_cli
