// `segcore clv`: BG/NBD (or Pareto/NBD) and Gamma-Gamma over the orders of an events file.
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "commands.hpp"
#include "input.hpp"
#include "steps.hpp"

namespace segcore_cli {

// Help texts take their defaults from the library's option structs, as the parsing does.
std::vector<Flag> clv_flags() {
  const segcore::ClvValueOptions value;
  const segcore::ClvFitOptions fit;
  return {{"model", "M", "the purchase model: " + Args::choices_help(segcore::ClvScoreOptions{}.model)},
          {"time-unit", "U", "days | weeks: unit of recency, T and the horizon (default weeks)"},
          {"horizon", "T", absl::StrCat("prediction horizon in time units (default ", value.horizon, ")")},
          {"discount-rate", "R", absl::StrCat("discount per horizon step of CLV (default ", value.discount_rate, ")")},
          {"calibration-end", "TIME",
           "fit on purchases up to this time (default: the last one); `run` then checks the fit on the purchases "
           "after it"},
          {"holdout-days", "N",
           "fit on all but the last N days, and check the fit on them (the calibration end "
           "N days before the last event)"},
          {"penalty", "L2", absl::StrCat("L2 penalty on the parameters (default ", fit.l2_penalty, ")")},
          {"no-spend", "", "purchase model only: no Gamma-Gamma and no CLV"}};
}

segcore::ClvScoreOptions clv_options(const Args& args) {
  segcore::ClvScoreOptions o;
  o.model = args.get_enum("model", o.model);
  o.summary.time_unit_days = args.get_choice("time-unit", {"days", "weeks"}, "weeks") == "days" ? 1.0 : 7.0;
  o.prediction_horizon = args.get_double("horizon", o.value.horizon);
  o.value.horizon = o.prediction_horizon;
  if (!(o.prediction_horizon > 0)) throw UsageError("--horizon must be positive");
  o.value.discount_rate = args.get_double("discount-rate", o.value.discount_rate);
  if (o.value.discount_rate < 0) throw UsageError("--discount-rate must be >= 0");
  o.fit.l2_penalty = args.get_double("penalty", o.fit.l2_penalty);
  if (o.fit.l2_penalty < 0) throw UsageError("--penalty must be >= 0");
  args.exclusive({"calibration-end", "holdout-days"});
  args.get_int("holdout-days", 0, 1, 100000);  // checked before any work; applied once the events are read
  if (auto text = args.get("calibration-end")) {
    std::int64_t t = 0;
    if (!segcore::parse_timestamp(*text, segcore::TimestampFormat::automatic, t))
      throw UsageError("--calibration-end: '" + *text + "' is not a time (ISO-8601 or epoch seconds)");
    o.summary.calibration_end = t;
  }
  o.spend = !args.has("no-spend");
  o.fit.n_threads = o.value.n_threads = thread_count(args);
  return o;
}

segcore::ClvScores score_clv(const segcore::EventTable& ev, const segcore::ClvScoreOptions& options) {
  // Orders are netted, and credits (cancellations, returns) cancel the orders they undo, by the
  // library's rule (segcore::clv_purchases, docs/CLV.md).
  return take(segcore::score_events(ev, options));
}

std::vector<std::string> clv_warnings(const segcore::ClvScores& s) {
  std::vector<std::string> out;
  if (s.purchase_diagnostics.degenerate) out.push_back("purchase model: " + s.purchase_diagnostics.warning);
  if (s.spend_diagnostics.degenerate) out.push_back("spend model: " + s.spend_diagnostics.warning);
  return out;
}

Table clv_table(const segcore::EventTable& ev, const segcore::ClvScores& s) {
  Table t;
  t.rows = s.summary.size();
  std::vector<std::string> ids;
  for (auto code : s.summary.customer_id) ids.push_back(ev.customer.values[static_cast<std::size_t>(code)]);
  t.add_ids("customer_id", std::move(ids));
  t.add_number("frequency", s.summary.frequency);
  t.add_number("recency", s.summary.recency);
  t.add_number("T", s.summary.T);
  t.add_number("monetary", s.summary.monetary);
  t.add_number("probability_alive", s.probability_alive);
  t.add_number("expected_purchases", s.expected_purchases);
  if (!s.clv.empty()) {
    t.add_number("expected_spend", s.expected_spend);
    t.add_number("clv", s.clv);
  }
  return t;
}

int cmd_clv(int argc, char** argv) {
  Args args("clv", "[options] [EVENTS.csv]",
            "Customer lifetime value: a purchase model (BG/NBD or Pareto/NBD) for how often each\n"
            "customer will buy and whether they are still active, Gamma-Gamma for how much, and their\n"
            "product over the horizon (docs/CLV.md). Without a file, the bundled sample is used.");
  args.add(input_flags()).add({{"threads", "N", "threads to use (default: every hardware thread)"}});
  args.add(clv_flags()).add(output_flags("standard output"));
  if (!start_command(args, argc, argv)) return 0;
  segcore::ClvScoreOptions o = clv_options(args);
  Input in = load_input(args);
  if (auto end = holdout_calibration_end(args, in.data.events)) o.summary.calibration_end = *end;
  segcore::ClvScores s = score_clv(in.data.events, o);
  std::ostringstream sum;
  sum << s.summary.size() << " customers; parameters:";
  for (std::size_t j = 0; j < s.params.size(); ++j) sum << " " << s.param_names[j] << " = " << s.params[j];
  sum << "\n";
  for (const std::string& w : clv_warnings(s)) sum << "warning: " << w << "\n";
  if (auto h = holdout_check(in.data.events, o, s)) sum << holdout_line(*h) << "\n";
  if (!s.clv.empty())
    sum << "total CLV over " << o.prediction_horizon << (o.summary.time_unit_days == 7 ? " weeks: " : " days: ")
        << std::accumulate(s.clv.begin(), s.clv.end(), 0.0,
                           [](double a, double v) { return std::isnan(v) ? a : a + v; })
        << "\n";
  if (s.uncomputed > 0)
    sum << s.uncomputed << " customers' values could not be computed and are left empty (NaN); docs/CLV.md says when\n";
  emit(args, clv_table(in.data.events, s), sum.str());
  return 0;
}

}  // namespace segcore_cli
