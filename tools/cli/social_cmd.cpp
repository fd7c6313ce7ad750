// `segcore social`: influence in an interaction graph given as an edge file (one row per
// mention, share, reply or follow), one row per node out. Records are split by the CSV
// reader's own record splitter, so quoting and line ends are read_csv's; nodes are coded by
// first appearance over each row's source then target, as the Python package's InfluenceGraph
// codes them, so both give the same PageRank to the bit.
#include <algorithm>
#include <cmath>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "args.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "io/csv_internal.hpp"
#include "output.hpp"
#include "segcore/influence.hpp"

namespace segcore_cli {

namespace {

struct Edges {
  std::vector<std::string> nodes;  // by code
  std::vector<std::uint32_t> source, target;
  std::vector<double> weight;  // empty without --weight-col
};

// The edge file's rows: each needs a source and a target (and a weight >= 0 with
// --weight-col); anything else is an error naming the line and column.
Edges read_edges(const Args& args, const std::string& path) {
  const segcore::InputText input = take(segcore::read_input(path, thread_count(args)));
  absl::string_view text = input.view();
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  std::vector<segcore::io_detail::Field> fields;
  std::deque<std::string> scratch;
  std::uint64_t line = 1;
  // One record; false at the end of the text. Blank lines are skipped.
  auto next = [&](std::uint64_t& at) {
    for (;;) {
      if (p >= end) return false;
      at = line;
      std::uint64_t newlines = 0;
      const char* error = nullptr;
      std::size_t error_field = 0;
      scratch.clear();
      p = segcore::io_detail::split_record(p, end, ',', fields, scratch, newlines, error, error_field);
      line += newlines;
      if (error != nullptr)
        throw CliError(path + ":" + std::to_string(at) + ": column " + std::to_string(error_field + 1) + ": " + error);
      if (!(fields.size() == 1 && fields[0].text.empty() && !fields[0].quoted)) return true;
    }
  };
  std::uint64_t at = 0;
  if (!next(at)) throw CliError(path + ": empty file (a header naming the source and target columns is expected)");
  auto index_of = [&](const std::string& name) -> std::ptrdiff_t {
    for (std::size_t k = 0; k < fields.size(); ++k)
      if (fields[k].text == name) return static_cast<std::ptrdiff_t>(k);
    return -1;
  };
  const std::string source_col = args.get_or("source-col", "source"), target_col = args.get_or("target-col", "target");
  const auto weight_col = args.get("weight-col");
  const std::ptrdiff_t s = index_of(source_col), t = index_of(target_col), w = weight_col ? index_of(*weight_col) : -1;
  for (const auto& [k, name] :
       {std::pair{s, source_col}, std::pair{t, target_col}, std::pair{w, weight_col.value_or("")}})
    if (k < 0 && !name.empty()) throw CliError(path + ": column '" + name + "' is not in the header");

  Edges e;
  absl::flat_hash_map<std::string, std::uint32_t> code;
  auto node = [&](absl::string_view id) {
    const auto [it, fresh] = code.try_emplace(std::string(id), static_cast<std::uint32_t>(e.nodes.size()));
    if (fresh) e.nodes.emplace_back(id);
    return it->second;
  };
  const auto needed = static_cast<std::size_t>(std::max({s, t, w})) + 1;
  while (next(at)) {
    const std::string where = path + ":" + std::to_string(at) + ": ";
    if (fields.size() < needed)
      throw CliError(where + std::to_string(fields.size()) + " fields; the header names " + std::to_string(needed));
    for (const auto& [k, name] : {std::pair{s, &source_col}, std::pair{t, &target_col}})
      if (const absl::string_view cell = fields[static_cast<std::size_t>(k)].text;
          blank_cell(std::string_view(cell.data(), cell.size())))
        throw CliError(where + "the " + *name + " is blank: every edge needs both ends");
    const std::uint32_t from = node(fields[static_cast<std::size_t>(s)].text);
    e.source.push_back(from);
    e.target.push_back(node(fields[static_cast<std::size_t>(t)].text));
    if (w >= 0) {
      double v = 0;
      const absl::string_view cell = fields[static_cast<std::size_t>(w)].text;
      if (!absl::SimpleAtod(cell, &v) || !std::isfinite(v) || v < 0)
        throw CliError(where + *weight_col + " '" + std::string(cell) + "' is not a number >= 0");
      e.weight.push_back(v);
    }
  }
  return e;
}

}  // namespace

int cmd_social(int argc, char** argv) {
  Args args("social", "[options] EDGES.csv",
            "Influence in an interaction graph: one row per edge (who mentioned, shared, replied to or followed\n"
            "whom) in, one row per node out: PageRank, in and out degree and weight, reach, audience and\n"
            "influencer tier (docs/guides/social.md). Nodes are coded by first appearance.");
  args.add({
      {"source-col", "NAME", "the column of each edge's source (default source)"},
      {"target-col", "NAME", "the column of each edge's target (default target)"},
      {"weight-col", "NAME", "a column of edge weights >= 0 (default 1 for every edge)"},
      {"alpha", "A", "PageRank's damping, in (0, 1) (default 0.85)"},
      {"threads", "N", "threads to use (default: every hardware thread)"},
  });
  args.add(output_flags("standard output"));
  if (!start_command(args, argc, argv)) return 0;
  if (args.positional().size() != 1) throw UsageError("one edge file expected");
  const std::string path = args.positional()[0];
  const Edges e = read_edges(args, path);
  const segcore::InfluenceGraph graph =
      take(segcore::InfluenceGraph::from_edges(e.nodes.size(), e.source, e.target, e.weight));
  segcore::PageRankOptions o;
  o.alpha = args.get_double("alpha", 0.85);  // checked by pagerank, which names a bad value
  o.n_threads = thread_count(args);
  const std::vector<double> rank = take(graph.pagerank(o));
  const std::vector<std::uint64_t> audience = graph.audience();
  const std::vector<std::uint8_t> tiers = take(segcore::influencer_tiers(audience));
  auto integers = [](const std::vector<std::uint64_t>& v) { return std::vector<std::int64_t>(v.begin(), v.end()); };
  Table table;
  table.rows = e.nodes.size();
  table.add_text("node", e.nodes);
  table.add_number("pagerank", rank);
  table.add_integer("in_degree", integers(graph.in_degree()));
  table.add_integer("out_degree", integers(graph.out_degree()));
  table.add_number("in_weight", graph.in_weight());
  table.add_number("out_weight", graph.out_weight());
  table.add_integer("reach", integers(graph.reach()));
  table.add_integer("audience", integers(audience));
  std::vector<std::string> tier_names;
  for (std::uint8_t k : tiers) tier_names.emplace_back(segcore::influencer_tier_name(k));
  table.add_text("influencer_tier", std::move(tier_names));
  emit(
      args, table,
      std::to_string(e.source.size()) + " edges over " + std::to_string(e.nodes.size()) + " nodes from " + path + "\n");
  return 0;
}

}  // namespace segcore_cli
