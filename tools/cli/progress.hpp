// A one-line progress bar on standard error, drawn only when standard error is a terminal
// (so logs and pipes stay clean).
#pragma once

#include <string>

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
  int total_, done_ = 0;
  bool enabled_;
};

}  // namespace segcore_cli
