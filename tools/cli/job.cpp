// `segcore run` and `segcore report`.
#include "job.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "activity.hpp"
#include "commands.hpp"
#include "output_dir.hpp"
#include "progress.hpp"
#include "report/record.hpp"

namespace segcore_cli {

std::vector<Flag> job_flags() {
  std::vector<Flag> f = input_flags();
  for (auto& x : profile_flags()) f.push_back(x);
  for (auto& x : rfm_flags()) f.push_back(x);
  for (auto& x : cluster_flags(false)) f.push_back(x);
  f.push_back({"rules", "FILE", "a segment set file applied besides the lifecycle stages (docs/RULES.md)"});
  for (auto& x : clv_flags()) f.push_back(x);
  f.push_back({"no-clv", "", "skip the lifetime-value models"});
  f.push_back({"currency", "C", "currency of the amounts in the report: a code (EUR, GBP) or a symbol (default none)"});
  f.push_back({"timings", "", "at the end, print each step's wall and CPU seconds and peak memory on standard error"});
  return f;
}

namespace {

// The next step of the job, on the progress bar and in an out-of-memory message.
void stage(Progress& progress, const char* what) {
  current_activity() = what;
  progress.step(what);
}

// Every table `run` may write (each as .csv or .json), and the report: what an output folder
// of a previous run may hold.
constexpr const char* kTables[] = {"profiles", "rfm",      "segments",    "clusters",
                                   "choose_k", "personas", "rfm_summary", "clv"};
constexpr const char* kReport = "report.html";

std::vector<std::string> run_outputs() {
  std::vector<std::string> names = {kReport, kRunRecordName};
  for (const char* t : kTables)
    for (const char* ext : {".csv", ".json"}) names.push_back(std::string(t) + ext);
  return names;
}

}  // namespace

JobResults run_job(const Args& args, Progress& progress) {
  JobResults r;
  r.rfm_options = rfm_options(args);
  r.cluster_options = cluster_options(args);
  r.currency = args.get_or("currency", "");
  const int threads = thread_count(args);
  // The CLV flags are checked before any work, as the other steps' flags are.
  if (!args.has("no-clv")) r.clv_options = clv_options(args);
  auto rules_path = args.get("rules");

  stage(progress, "reading events");
  r.input = load_input(args);
  if (auto end = holdout_calibration_end(args, r.input.data.events)) r.clv_options.summary.calibration_end = *end;
  stage(progress, "building profiles");
  r.profiles = build_profiles(args, r.input.data.events);
  stage(progress, "RFM scores");
  r.rfm = take(segcore::rfm_score(r.profiles, r.rfm_options));
  r.rfm_summary = take(segcore::rfm_summary(r.profiles, r.rfm));
  stage(progress, "rule segments");
  r.lifecycle = lifecycle_segments(r.profiles, threads);
  if (rules_path) r.rules = rule_segments(*rules_path, r.profiles, threads);
  stage(progress, "scaling features");
  r.features = feature_matrix(r.profiles, r.cluster_options);
  current_activity() = "clustering";
  r.clusters = cluster(r.features, r.cluster_options, true, &progress);
  stage(progress, "lifetime value");
  if (!args.has("no-clv")) {
    try {  // CLV needs repeat purchases; without them the rest of the job still stands
      r.clv = score_clv(r.input.data.events, r.clv_options);
    } catch (const CliError& e) {
      r.clv_error = e.what();
    }
    // Outside the catch: the fit it checks succeeded, so a failure here is the run's.
    if (r.clv) r.holdout = holdout_check(r.input.data.events, r.clv_options, *r.clv);
  }
  return r;
}

namespace {

std::string fixed3(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}

std::string job_summary(const JobResults& r) {
  std::ostringstream s;
  const auto& rep = r.input.data.report;
  s << r.input.source << ": " << row_counts_line(rep, r.input.duplicates_checked) << "\n"
    << (r.input.opt_out ? opt_out_line(*r.input.opt_out) + "\n" : "") << r.profiles.size() << " customers as of "
    << format_time(r.profiles.as_of) << "\n"
    << "clusters: k = " << r.clusters.k << " on " << r.features.n() << " customers, silhouette "
    << fixed3(r.clusters.silhouette) << "\n";
  for (const auto& p : r.clusters.personas) s << "  cluster " << p.label << " (" << p.size << "): " << p.name << "\n";
  if (r.clv) {
    s << "lifetime value: " << r.clv->summary.size() << " customers scored\n";
    if (r.holdout) s << "  " << holdout_line(*r.holdout) << "\n";
    for (const std::string& w : clv_warnings(*r.clv)) s << "  warning: " << w << "\n";
  } else if (!r.clv_error.empty())
    s << "lifetime value skipped: " << r.clv_error << "\n";
  return s.str();
}

Args job_args(const std::string& command, const std::string& synopsis, const std::string& description,
              const std::string& default_output) {
  Args args(command, synopsis, description);
  args.add(job_flags()).add({{"output", "PATH", "where to write (default " + default_output + ")"}});
  return args;
}

}  // namespace

int cmd_run(int argc, char** argv) {
  Args args = job_args("run", "[options] [EVENTS.csv]",
                       "The whole job: ingest, profiles, RFM, lifecycle (and --rules) segments, clustering on\n"
                       "scaled features with a chosen k, lifetime value, and the HTML report. Writes\n"
                       "profiles.csv, rfm.csv, segments.csv, clusters.csv, choose_k.csv, personas.csv,\n"
                       "clv.csv, rfm_summary.csv, report.html and run.json (what the report shows, which\n"
                       "`segcore report FOLDER` renders again) into the output folder. Without a file, the\n"
                       "bundled Online Retail sample is used.",
                       "segcore-out");
  args.add({{"format", "csv|json", "format of the tables (default csv)"}, raw_csv_flag()});
  args.parse(argc, argv, 2);
  if (args.help_requested()) return std::fputs(args.help().c_str(), stdout), 0;
  const Format format = output_format(args);
  const std::string ext = format == Format::json ? ".json" : ".csv";
  const std::string target = args.get_or("output", "segcore-out");
  check_not_input(args, target, true);
  OutputDir out(target, run_outputs());  // fails early on an unusable folder
  Progress progress(kJobSteps + 1);
  JobResults r = run_job(args, progress);
  stage(progress, "writing the output");
  out.write("profiles" + ext, render(Table::of(r.profiles), format));
  out.write("rfm" + ext, render(rfm_table(r.profiles, r.rfm), format));
  Table seg = segment_table(r.profiles, r.lifecycle);
  seg.columns[1].name = "lifecycle";
  if (r.rules) {
    Table user = segment_table(r.profiles, *r.rules);
    for (std::size_t j = 1; j < user.columns.size(); ++j) seg.columns.push_back(user.columns[j]);
  }
  out.write("segments" + ext, render(seg, format));
  out.write("clusters" + ext, render(cluster_table(r.profiles, r.features, r.clusters), format));
  out.write("choose_k" + ext, render(choose_k_table(*r.clusters.choice), format));
  out.write("personas" + ext, render(persona_table(r.features, r.clusters), format));
  out.write("rfm_summary" + ext, render(rfm_summary_table(r.rfm_summary), format));
  if (r.clv) out.write("clv" + ext, render(clv_table(r.input.data.events, *r.clv), format));
  // The report is rendered from the record as written, exactly as `segcore report DIR` renders it.
  const std::string record = run_record(r).dump();
  out.write(kRunRecordName, record);
  out.write(kReport, render_report(Json::parse(record, kRunRecordName), r.currency));
  out.commit();
  std::cout << job_summary(r) << "wrote " << out.target().string() << "/ (report.html and the tables)\n";
  if (args.has("timings")) std::cerr << progress.timings();
  return 0;
}

namespace {

// `segcore report FOLDER`: the report of a finished run, rendered from its run.json alone
// (nothing is read or computed again). Only --currency and --output apply.
int report_from_run(const Args& args, const std::filesystem::path& dir) {
  for (const Flag& f : job_flags())
    if (f.name != "currency" && args.has(f.name))
      throw UsageError("--" + f.name + " does not apply to the report of a finished run (" + dir.string() +
                       " is a folder); only --currency and --output do");
  const std::string path = args.get_or("output", "segcore-report.html");
  check_output_path(path);
  // The only file written is the report: never the record read, nor another of the run's files.
  struct stat out;
  if (::stat(path.c_str(), &out) == 0)
    for (const std::string& name : run_outputs()) {
      struct stat own;
      if (name != kReport && ::stat((dir / name).c_str(), &own) == 0 && own.st_dev == out.st_dev &&
          own.st_ino == out.st_ino)
        throw CliError(path + ": is " + (dir / name).string() + ", a file of the run; only its " + kReport +
                       " may be replaced (choose another --output)");
    }
  const Json record = read_run_record(dir);
  const std::string currency = args.get_or("currency", record.at("currency").text());
  write_file_atomic(path, render_report(record, currency));
  std::cout << "wrote " << path << " from " << (dir / kRunRecordName).string() << "\n";
  return 0;
}

}  // namespace

int cmd_report(int argc, char** argv) {
  Args args = job_args("report", "[options] [EVENTS.csv | RUN_FOLDER]",
                       "Given the output folder of a finished `segcore run`, renders its report again from the\n"
                       "folder's run.json, computing nothing (--currency and --output only): the same bytes\n"
                       "as the run's report.html with the same currency. Given events (or nothing, for the\n"
                       "bundled sample), does the whole job as `segcore run` does, writing only the HTML\n"
                       "report: data quality, segment sizes and revenue, the RFM heatmaps, clusters on the\n"
                       "first two principal components, elbow and silhouette curves, personas and stability,\n"
                       "lifetime value and, with a calibration end, its holdout check.",
                       "segcore-report.html");
  args.parse(argc, argv, 2);
  if (args.help_requested()) return std::fputs(args.help().c_str(), stdout), 0;
  if (args.positional().size() == 1) {
    std::error_code ec;
    const std::filesystem::path given = args.positional()[0];
    if (std::filesystem::is_directory(given, ec)) return report_from_run(args, given);
  }
  const std::string path = args.get_or("output", "segcore-report.html");
  check_output_path(path);
  check_not_input(args, path, false);
  Progress progress(kJobSteps + 1);
  JobResults r = run_job(args, progress);
  stage(progress, "writing the report");
  write_file_atomic(path, render_report(Json::parse(run_record(r).dump(), kRunRecordName), r.currency));
  std::cout << job_summary(r) << "wrote " << path << "\n";
  if (args.has("timings")) std::cerr << progress.timings();
  return 0;
}

}  // namespace segcore_cli
