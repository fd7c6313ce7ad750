// Influence columns joined to the profiles. Nodes are the customers (coded by first
// appearance, as the reader codes them) and then the targets that are no customer, in order of
// first appearance; the edges are the rows with a target up to as_of, in row order. The
// Python package's InfluenceGraph(source, target, nodes=customers) codes them the same way, so
// both give the same PageRank to the bit.
#include "influence_step.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "input.hpp"
#include "segcore/influence.hpp"

namespace segcore_cli {

std::vector<Flag> influence_flags() {
  return {
      {"target-col", "NAME",
       "a column naming who each row's customer mentioned, shared, replied to or followed: PageRank, degrees, "
       "reach, audience and influencer_tier join the profiles (docs/guides/social.md); a blank cell is no edge"},
  };
}

void add_influence_columns(const Args& args, segcore::CsvColumns& c) {
  if (auto target = args.get("target-col")) read_as_attribute(c, *target);
}

void add_influence(const Args& args, const segcore::EventTable& events, segcore::ProfileTable& profiles) {
  const auto name = args.get("target-col");
  if (!name) return;
  const segcore::Categorical* targets = &attribute_column(events, *name);

  // Node codes: the customers', then each target label that names no customer.
  absl::flat_hash_map<std::string_view, std::uint32_t> node_of;
  const std::size_t n_customers = events.customer.values.size();
  for (std::uint32_t c = 0; c < n_customers; ++c) node_of[events.customer.values[c]] = c;
  std::vector<std::uint32_t> label_node(targets->values.size(), UINT32_MAX);
  std::vector<std::uint32_t> source, target;
  std::uint32_t n_nodes = static_cast<std::uint32_t>(n_customers);
  for (std::size_t i = 0; i < events.rows(); ++i) {
    const std::uint32_t label = targets->codes[i];
    if (blank_cell(targets->values[label]) || events.timestamp[i] > profiles.as_of) continue;
    std::uint32_t& node = label_node[label];
    if (node == UINT32_MAX) {
      const auto [at, is_new] = node_of.try_emplace(targets->values[label], n_nodes);
      n_nodes += is_new;
      node = at->second;
    }
    source.push_back(events.customer.codes[i]);
    target.push_back(node);
  }
  const segcore::InfluenceGraph graph = take(segcore::InfluenceGraph::from_edges(n_nodes, source, target));
  segcore::PageRankOptions po;
  po.n_threads = thread_count(args);
  const std::vector<double> rank = take(graph.pagerank(po));
  const std::vector<std::uint64_t> in = graph.in_degree(), out = graph.out_degree(), reach = graph.reach(),
                                   audience = graph.audience();
  const std::vector<std::uint8_t> tier = take(segcore::influencer_tiers(audience));

  drop_carried_column(args, *name, profiles);

  const std::size_t rows = profiles.size();
  std::vector<segcore::ProfileColumn> added(6);
  const char* names[6] = {"pagerank", "in_degree", "out_degree", "reach", "audience", "influencer_tier"};
  const segcore::ColumnType types[6] = {segcore::ColumnType::f64, segcore::ColumnType::i64, segcore::ColumnType::i64,
                                        segcore::ColumnType::i64, segcore::ColumnType::i64, segcore::ColumnType::text};
  for (int k = 0; k < 6; ++k) {
    for (const auto& p : profiles.columns)
      if (p.name == names[k])
        throw CliError(std::string("--target-col: the influence column ") + names[k] +
                       " would repeat a profile column; rename that column");
    added[k].name = names[k];
    added[k].type = types[k];
    added[k].valid.assign(rows, 1);
  }
  added[0].f64.assign(rows, 0);
  for (int k = 1; k < 5; ++k) added[k].i64.assign(rows, 0);
  added[5].text.assign(rows, segcore::influencer_tier_name(0));
  const std::vector<std::uint32_t> code_of_row = customer_codes_of_rows(events, profiles);
  for (std::size_t r = 0; r < rows; ++r) {
    if (code_of_row[r] == kNoCustomer) continue;
    const std::size_t v = code_of_row[r];  // customers are the first nodes, by their codes
    added[0].f64[r] = rank[v];
    added[1].i64[r] = static_cast<std::int64_t>(in[v]);
    added[2].i64[r] = static_cast<std::int64_t>(out[v]);
    added[3].i64[r] = static_cast<std::int64_t>(reach[v]);
    added[4].i64[r] = static_cast<std::int64_t>(audience[v]);
    added[5].text[r] = segcore::influencer_tier_name(tier[v]);
  }
  for (auto& c : added) profiles.columns.push_back(std::move(c));
}

}  // namespace segcore_cli
