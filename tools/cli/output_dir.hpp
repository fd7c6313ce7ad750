// An output folder replaced as a whole: the files are written into a staging folder beside
// the target, which then takes the target's place in one rename (an exchange), so the folder
// holds one run's files or the previous run's files, never a mix.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace segcore_cli {

class OutputDir {
 public:
  // target: the folder to replace; a symbolic link to a folder is followed (the staging
  // folder goes beside the real folder, on its file system). `ours`: the names a run writes;
  // a folder that holds anything else is refused, since replacing it would delete that.
  // Staging folders of killed runs (not locked by a live one) beside the target are removed.
  OutputDir(std::filesystem::path target, std::vector<std::string> ours);
  // Without commit(), removes the staging folder: no partial output is left.
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  void write(const std::string& name, std::string_view content);
  // Puts the staging folder in the target's place. Runs into one folder commit one at a time
  // (an flock on the parent folder); the last to commit wins, whole.
  void commit();
  const std::filesystem::path& target() const { return target_; }

 private:
  void check_ours(const std::filesystem::path& dir) const;

  std::filesystem::path target_, real_, staging_;
  std::vector<std::string> ours_;
  int staging_lock_ = -1;  // an flock on the staging folder: marks it as a live run's
};

// SIGINT, SIGTERM and SIGHUP remove the live staging folder (with async-signal-safe calls
// only), then end the process by the same signal, as it would have ended without the handler.
void install_signal_cleanup();

}  // namespace segcore_cli
