#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace segcore_cli {

Progress::Progress(int total_steps) : total_(std::max(total_steps, 1)), enabled_(::isatty(2) == 1) {}

Progress::~Progress() {
  if (enabled_ && done_ > 0) std::fprintf(stderr, "\r\033[K");
}

void Progress::step(const std::string& what) {
  ++done_;
  if (!enabled_) return;
  constexpr int kWidth = 24;
  const int filled = kWidth * std::min(done_ - 1, total_) / total_;
  std::fprintf(stderr, "\r\033[K[%.*s%*s] %d/%d %s", filled, "########################", kWidth - filled, "",
               std::min(done_, total_), total_, what.c_str());
  std::fflush(stderr);
}

}  // namespace segcore_cli
