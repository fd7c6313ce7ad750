#include "output_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <random>

#include "args.hpp"
#include "output.hpp"

namespace segcore_cli {
namespace fs = std::filesystem;

namespace {

// The live staging folder, for the signal handler: a fixed buffer (no allocation in a handler).
char g_staging[4096];
std::atomic<bool> g_staging_live{false};

void register_staging(const fs::path& p) {
  g_staging_live = false;
  if (p.native().size() >= sizeof g_staging) return;  // too long to clean on a signal; the next run does
  std::memcpy(g_staging, p.c_str(), p.native().size() + 1);
  g_staging_live = true;
}

// Empties a flat folder and removes it, with async-signal-safe calls only.
void remove_flat_folder(const char* path) {
  for (int pass = 0; pass < 4 && ::rmdir(path) != 0 && errno == ENOTEMPTY; ++pass) {
    const int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    alignas(8) char buf[4096];
    for (long n; (n = ::getdents64(fd, buf, sizeof buf)) > 0;)
      for (long off = 0; off < n;) {
        const auto* d = reinterpret_cast<const struct dirent64*>(buf + off);
        if (std::strcmp(d->d_name, ".") != 0 && std::strcmp(d->d_name, "..") != 0) ::unlinkat(fd, d->d_name, 0);
        off += d->d_reclen;
      }
    ::close(fd);
  }
}

void on_signal(int sig) {
  if (g_staging_live.exchange(false)) remove_flat_folder(g_staging);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// ".<name>.partial.<digits>": a staging folder (or a replaced folder set aside) for name.
bool is_staging_of(const std::string& entry, const std::string& name) {
  const std::string prefix = "." + name + ".partial.";
  return entry.size() > prefix.size() && entry.compare(0, prefix.size(), prefix) == 0 &&
         std::all_of(entry.begin() + static_cast<std::ptrdiff_t>(prefix.size()), entry.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

// Opens and locks folder `path`; -1 when it cannot be, or (wait false) a live run holds it.
int lock_folder(const fs::path& path, bool wait) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc;
  while ((rc = ::flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {}
  if (rc != 0) ::close(fd);
  return rc == 0 ? fd : -1;
}

// Removes the staging folders of runs that were killed (SIGKILL, power loss): no live run
// holds their lock.
void remove_stale_staging(const fs::path& parent, const std::string& name) {
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(parent, ec)) {
    if (!is_staging_of(e.path().filename().string(), name)) continue;
    const int fd = lock_folder(e.path(), false);
    if (fd < 0) continue;
    fs::remove_all(e.path(), ec);
    ::close(fd);
  }
}

std::string staging_name(const std::string& name) {
  std::random_device rd;
  return "." + name + ".partial." + std::to_string(rd() % 1000000000u);
}

// The folder a target names: absolute, symbolic links resolved, no trailing slash.
fs::path resolve(const fs::path& target) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(target, ec), ec);
  if (ec) throw CliError(target.string() + ": cannot resolve: " + ec.message());
  if (!p.has_filename()) p = p.parent_path();
  return p;
}

}  // namespace

void install_signal_cleanup() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

OutputDir::OutputDir(fs::path target, std::vector<std::string> ours)
    : target_(std::move(target)), ours_(std::move(ours)) {
  real_ = resolve(target_);
  std::error_code ec;
  if (fs::exists(real_, ec)) {
    if (!fs::is_directory(real_, ec)) throw CliError(target_.string() + ": exists and is not a folder");
    check_ours(real_);
  }
  const fs::path parent = real_.parent_path();
  if (!fs::is_directory(parent, ec)) throw CliError(parent.string() + ": no such folder");
  const std::string name = real_.filename().string();
  remove_stale_staging(parent, name);
  for (int attempt = 0; attempt < 100 && staging_lock_ < 0; ++attempt) {
    staging_ = parent / staging_name(name);
    register_staging(staging_);  // before it exists: a signal right after mkdir still finds it
    if (::mkdir(staging_.c_str(), 0777) != 0) {
      g_staging_live = false;  // not ours (or not made): a signal must not remove it
      if (errno == EEXIST) continue;
      throw CliError(parent.string() + ": cannot create an output folder here: " + std::strerror(errno));
    }
    staging_lock_ = lock_folder(staging_, true);
    struct stat locked, named;
    if (staging_lock_ >= 0 && (::fstat(staging_lock_, &locked) != 0 || ::lstat(staging_.c_str(), &named) != 0 ||
                               locked.st_ino != named.st_ino)) {
      ::close(staging_lock_);  // another run took it for a stale one and removed it: try again
      staging_lock_ = -1;
    }
  }
  if (staging_lock_ < 0) throw CliError(parent.string() + ": cannot create a staging folder here");
}

OutputDir::~OutputDir() {
  g_staging_live = false;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  if (staging_lock_ >= 0) ::close(staging_lock_);
}

void OutputDir::check_ours(const fs::path& dir) const {
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool ours = std::find(ours_.begin(), ours_.end(), name) != ours_.end();
    if (!ours || !e.is_regular_file(ec) || e.is_symlink(ec))
      throw CliError(target_.string() + ": holds '" + name +
                     "', which segcore does not write there; the output folder is replaced as a whole, so give a "
                     "new or empty folder, or one a previous run wrote");
  }
  if (ec) throw CliError(target_.string() + ": cannot list: " + ec.message());
}

void OutputDir::write(const std::string& name, std::string_view content) {
  write_file_atomic(staging_ / name, content);
}

void OutputDir::commit() {
  const fs::path parent = real_.parent_path();
  const int parent_lock = lock_folder(parent, true);  // one commit at a time into this parent
  struct stat old;
  const bool replacing = ::lstat(real_.c_str(), &old) == 0;
  try {
    if (replacing) {
      if (!S_ISDIR(old.st_mode)) throw CliError(target_.string() + ": exists and is not a folder");
      check_ours(real_);
      ::chmod(staging_.c_str(), old.st_mode & 07777);
      if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, real_.c_str(), RENAME_EXCHANGE) != 0) {
        if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
          throw CliError(target_.string() + ": cannot replace: " + std::strerror(errno));
        // A file system without the exchange: set the old folder aside, then move the new in.
        const fs::path aside = parent / staging_name(real_.filename().string());
        if (::rename(real_.c_str(), aside.c_str()) != 0)
          throw CliError(target_.string() + ": cannot replace: " + std::strerror(errno));
        if (::rename(staging_.c_str(), real_.c_str()) != 0) {
          const int e = errno;
          ::rename(aside.c_str(), real_.c_str());
          throw CliError(target_.string() + ": cannot replace: " + std::strerror(e));
        }
        staging_ = aside;
      }
    } else if (::rename(staging_.c_str(), real_.c_str()) != 0) {
      throw CliError(target_.string() + ": cannot create: " + std::strerror(errno));
    }
  } catch (...) {
    if (parent_lock >= 0) ::close(parent_lock);
    throw;
  }
  register_staging(staging_);  // now the previous run's files (or nothing): removed below, or on a signal
  if (parent_lock >= 0) {
    ::fsync(parent_lock);
    ::close(parent_lock);
  }
}

}  // namespace segcore_cli
