#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace segcore_cli {

Progress::Progress(int total_steps) : total_(std::max(total_steps, 1)), enabled_(::isatty(2) == 1) {
  if (enabled_) previous_ = segcore::set_progress_callback({.function = on_progress, .user = this});
}

Progress::~Progress() {
  if (!enabled_) return;
  segcore::set_progress_callback(previous_);
  if (done_ > 0) std::fprintf(stderr, "\r\033[K");
}

void Progress::step(const std::string& what) {
  ++done_;
  what_ = what;
  if (enabled_) draw(-1);
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
