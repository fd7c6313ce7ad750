#include "progress.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace segcore_cli {

namespace {

// User and system CPU seconds of the whole process (every thread), and its peak resident MiB.
double cpu_seconds(const rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

rusage usage_now() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u;
}

}  // namespace

Progress::Progress(int total_steps) : total_(std::max(total_steps, 1)), enabled_(::isatty(2) == 1) {
  if (enabled_) previous_ = segcore::set_progress_callback({.function = on_progress, .user = this});
}

Progress::~Progress() {
  if (!enabled_) return;
  segcore::set_progress_callback(previous_);
  if (done_ > 0) std::fprintf(stderr, "\r\033[K");
}

void Progress::step(const std::string& what) {
  const rusage u = usage_now();
  if (!marks_.empty()) peak_mib_.push_back(static_cast<double>(u.ru_maxrss) / 1024);
  marks_.push_back({what, std::chrono::steady_clock::now(), cpu_seconds(u)});
  ++done_;
  what_ = what;
  if (enabled_) draw(-1);
}

std::string Progress::timings() const {
  if (marks_.empty()) return "";
  const rusage u = usage_now();
  const auto now = std::chrono::steady_clock::now();
  std::string out = "timings: step, wall s, CPU s, peak MiB at its end\n";
  char line[160];
  for (std::size_t i = 0; i < marks_.size(); ++i) {
    const bool last = i + 1 == marks_.size();
    const auto end = last ? now : marks_[i + 1].wall;
    const double cpu_end = last ? cpu_seconds(u) : marks_[i + 1].cpu_s;
    const double peak = last ? static_cast<double>(u.ru_maxrss) / 1024 : peak_mib_[i];
    std::snprintf(line, sizeof line, "  %-36s %9.3f %9.3f %9.0f\n", marks_[i].what.c_str(),
                  std::chrono::duration<double>(end - marks_[i].wall).count(), cpu_end - marks_[i].cpu_s, peak);
    out += line;
  }
  std::snprintf(line, sizeof line, "  %-36s %9.3f %9.3f %9.0f\n", "total",
                std::chrono::duration<double>(now - marks_.front().wall).count(), cpu_seconds(u) - marks_.front().cpu_s,
                static_cast<double>(u.ru_maxrss) / 1024);
  return out + line;
}

// Redraws the bar; a fraction of the current step in [0, 1] is shown as a percentage.
void Progress::draw(double fraction_of_step) {
  constexpr int kWidth = 24;
  const double steps = std::min(done_ - 1, total_) + std::max(fraction_of_step, 0.0);
  const int filled = std::min(kWidth, static_cast<int>(kWidth * steps / total_));
  std::fprintf(stderr, "\r\033[K[%.*s%*s] %d/%d %s", filled, "########################", kWidth - filled, "",
               std::min(done_, total_), total_, what_.c_str());
  if (fraction_of_step >= 0) std::fprintf(stderr, " %d %%", static_cast<int>(100 * fraction_of_step));
  std::fflush(stderr);
}

// Called by the library about every 50 ms inside a long call; never stops it.
int Progress::on_progress(void* self, double done, const char*) {
  static_cast<Progress*>(self)->draw(done);
  return 0;
}

}  // namespace segcore_cli
