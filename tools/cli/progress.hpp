// A one-line progress bar on standard error, drawn only when standard error is a terminal
// (so logs and pipes stay clean). While it is drawn, the library's long calls on this thread
// report their fraction done through segcore's progress callback, shown beside the step.
#pragma once

#include <string>

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

 private:
  void draw(double fraction_of_step);
  static int on_progress(void* self, double done, const char* stage);

  int total_, done_ = 0;
  bool enabled_;
  std::string what_;
  segcore::ProgressCallback previous_;
};

}  // namespace segcore_cli
