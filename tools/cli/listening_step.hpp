// Listening in the CLI: `--topics FILE` (with `--text-col`) counts named topic sets in each
// row's text (segcore/listening.hpp) and adds each customer's counts per set and window to
// the profiles, so rules read "mentioned a competitor in the last 30 days".
#pragma once

#include <vector>

#include "args.hpp"
#include "segcore/io.hpp"
#include "segcore/profile.hpp"

namespace segcore_cli {

std::vector<Flag> listening_flags();

// UsageError for --topics without --text-col, before anything is read.
void check_listening_flags(const Args& args);

// With --topics: appends mentions_<set>, mentioned_<set> and mentioned_<set>_<w>d (the
// profiles' windows) to `profiles`, over the texts of --text-col up to the profiles' as_of.
void add_listening(const Args& args, const segcore::EventTable& events, const std::vector<int>& window_days,
                   segcore::ProfileTable& profiles);

}  // namespace segcore_cli
