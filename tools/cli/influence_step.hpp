// Influence in the CLI: `--target-col` reads each row with a target (who the customer
// mentioned, shared, replied to or followed) as an edge of an interaction graph
// (segcore/influence.hpp), and adds each customer's PageRank, degrees, reach, audience and
// influencer tier to the profiles.
#pragma once

#include <vector>

#include "args.hpp"
#include "segcore/io.hpp"
#include "segcore/profile.hpp"

namespace segcore_cli {

std::vector<Flag> influence_flags();

// Adds the target column to the CSV columns (as an attribute), so the reader keeps it.
void add_influence_columns(const Args& args, segcore::CsvColumns& columns);

// With --target-col: appends pagerank, in_degree, out_degree, reach, audience and
// influencer_tier to `profiles`, over the edges up to the profiles' as_of, and takes out the
// target column the reader carried (unless --attribute-cols names it).
void add_influence(const Args& args, const segcore::EventTable& events, segcore::ProfileTable& profiles);

}  // namespace segcore_cli
