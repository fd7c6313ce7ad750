// A one-line progress bar on standard error, drawn only when standard error is a terminal
// (so logs and pipes stay clean). While it is drawn, the library's long calls on this thread
// report their fraction done through segcore's progress callback, shown beside the step.
// It also times each step, for --timings.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "segcore/progress.hpp"

namespace segcore_cli {

class Progress {
 public:
  explicit Progress(int total_steps);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Starts the next step, named for the reader ("clustering").
  void step(const std::string& what);

  // One line per step so far (the last one ending now): wall and CPU seconds (all threads)
  // and the process's peak resident memory at its end; then the totals.
  std::string timings() const;

 private:
  // Where a step started.
  struct Mark {
    std::string what;
    std::chrono::steady_clock::time_point wall;
    double cpu_s;
  };

  void draw(double fraction_of_step);
  static int on_progress(void* self, double done, const char* stage);

  int total_, done_ = 0;
  bool enabled_;
  std::string what_;
  segcore::ProgressCallback previous_;
  std::vector<Mark> marks_;
  std::vector<double> peak_mib_;  // the peak resident memory at the end of each step
};

}  // namespace segcore_cli
