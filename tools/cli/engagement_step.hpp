// Engagement features in the CLI: `--interaction-col` and its companions add per-kind
// interaction features to the profiles (segcore/engagement.hpp), so rules, clustering,
// personas and every output see them as they see recency and frequency.
#pragma once

#include <vector>

#include "args.hpp"
#include "segcore/io.hpp"
#include "segcore/profile.hpp"

namespace segcore_cli {

std::vector<Flag> engagement_flags();

// Adds the columns the engagement flags read to the CSV columns (the kind and channel as
// category columns, the reach as a numeric one), so the reader keeps them.
void add_engagement_columns(const Args& args, segcore::CsvColumns& columns);

// Appends the engagement columns to `profiles` when --interaction-col is given, with the
// profiles' windows.
void add_engagement(const Args& args, const segcore::EventTable& events, const std::vector<int>& window_days,
                    segcore::ProfileTable& profiles);

}  // namespace segcore_cli
