// Segment sets: named rules in priority order, evaluated block by block. Exclusive assignment
// stops evaluating a block's remaining rules once every row of the block has a segment.
#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "program.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN

using rules_detail::kBlock;

StatusOr<SegmentSet> SegmentSet::create(std::vector<SegmentDef> segments, SegmentMode mode, std::string fallback,
                                        const Schema& schema) {
  constexpr const char* where = "SegmentSet";
  if (mode != SegmentMode::exclusive && mode != SegmentMode::overlapping)
    return invalid_argument(where, "mode ", static_cast<int>(mode), " is neither exclusive (0) nor overlapping (1)");
  if (segments.empty()) return invalid_argument(where, "no segments");
  absl::flat_hash_set<std::string> seen;
  for (const SegmentDef& d : segments) {
    if (d.name.empty()) return invalid_argument(where, "a segment has an empty name");
    if (!seen.insert(d.name).second) return invalid_argument(where, "segment '", d.name, "' is defined twice");
  }
  if (!fallback.empty() && seen.contains(fallback))
    return invalid_argument(where, "the fallback '", fallback, "' is also a segment's name");
  std::stable_sort(segments.begin(), segments.end(),
                   [](const SegmentDef& a, const SegmentDef& b) { return a.priority < b.priority; });
  SegmentSet set;
  set.mode_ = mode;
  set.fallback_ = std::move(fallback);
  for (SegmentDef& d : segments) {
    auto r = Rule::compile(d.rule, schema);
    if (!r.ok()) return Status(r.status().code(), absl::StrCat("segment '", d.name, "': ", r.status().message()));
    set.names_.push_back(std::move(d.name));
    set.rules_.push_back(*std::move(r));
  }
  return set;
}

namespace {

// Runs body(task scratch per rule, block range) over the table's blocks in parallel.
template <class Body>
Status for_blocks(const std::vector<Rule>& rules, const TableView& table, int n_threads, const char* where,
                  Body&& body) {
  if (n_threads < 0) return invalid_argument(where, "n_threads is ", n_threads, "; use >= 1, or 0 for all cores");
  std::vector<std::vector<const ColumnView*>> cols(rules.size());
  for (std::size_t k = 0; k < rules.size(); ++k)
    SEGCORE_RETURN_IF_ERROR(rules_detail::bind(rules[k].program(), table, cols[k]));
  Blocks blocks(table.rows, kBlock);
  Blocks tasks(blocks.count(), rules_detail::task_blocks(blocks.count()));
  parallel_for(resolve_threads(n_threads), tasks.count(), [&](std::size_t t) {
    std::vector<rules_detail::Scratch> scratch(rules.size());
    for (std::size_t k = 0; k < rules.size(); ++k) {
      scratch[k].columns = cols[k];
      scratch[k].as_of = static_cast<double>(table.as_of.value_or(0));
      scratch[k].has_as_of = table.as_of.has_value();
      scratch[k].reserve(rules[k].program());
    }
    for (std::size_t b = tasks[t].begin; b < tasks[t].end; ++b) body(scratch, blocks[b]);
  });
  return absl::OkStatus();
}

}  // namespace

Status SegmentSet::assign(const TableView& table, std::span<std::int32_t> out, int n_threads) const {
  if (out.size() != table.rows)
    return invalid_argument("SegmentSet::assign", "out holds ", out.size(), " values; the table has ", table.rows,
                            " rows");
  return for_blocks(rules_, table, n_threads, "SegmentSet::assign", [&](auto& scratch, IndexRange r) {
    std::uint8_t hit[kBlock];
    std::int32_t* o = out.data() + r.begin;
    std::fill_n(o, r.size(), -1);
    std::size_t open = r.size();
    for (std::size_t k = 0; k < rules_.size() && open != 0; ++k) {
      rules_detail::eval_block(rules_[k].program(), scratch[k], r.begin, r.end, hit);
      const auto seg = static_cast<std::int32_t>(k);
      std::size_t left = 0;
      for (std::size_t i = 0; i < r.size(); ++i) {  // branch-free, so it vectorises
        std::int32_t cur = o[i];
        std::int32_t next = (hit[i] != 0) & (cur < 0) ? seg : cur;
        o[i] = next;
        left += next < 0;
      }
      open = left;
    }
  });
}

Status SegmentSet::membership(const TableView& table, std::span<std::uint8_t> out, int n_threads) const {
  const std::size_t m = rules_.size();
  if (m == 0) return absl::FailedPreconditionError("SegmentSet::membership: the set has no segments");
  if (out.size() / m != table.rows || out.size() % m != 0)
    return invalid_argument("SegmentSet::membership", "out holds ", out.size(), " values; ", table.rows, " x ", m,
                            " are needed");
  return for_blocks(rules_, table, n_threads, "SegmentSet::membership", [&](auto& scratch, IndexRange r) {
    std::uint8_t hit[kBlock];
    for (std::size_t k = 0; k < m; ++k) {
      rules_detail::eval_block(rules_[k].program(), scratch[k], r.begin, r.end, hit);
      for (std::size_t i = 0; i < r.size(); ++i) out[(r.begin + i) * m + k] = hit[i];
    }
  });
}

StatusOr<std::string> SegmentSet::explain(const TableView& table, std::size_t row) const {
  std::string out;
  std::string chosen;
  for (std::size_t k = 0; k < rules_.size(); ++k) {
    SEGCORE_ASSIGN_OR_RETURN(std::vector<FieldValue> v, rules_[k].row_values(table, row));
    Truth t = rules_[k].evaluate_one(v, table.as_of);
    if (t == Truth::is_true && chosen.empty()) chosen = names_[k];
    absl::StrAppend(&out, "segment '", names_[k], "':\n");
    std::string lines = rules_[k].explain_one(v, table.as_of);
    for (std::size_t i = 0; i < lines.size();) {
      std::size_t j = lines.find('\n', i);
      absl::StrAppend(&out, "  ", absl::string_view(lines).substr(i, j - i + 1));
      i = j + 1;
    }
  }
  if (mode_ == SegmentMode::exclusive)
    absl::StrAppend(&out, "assigned: ", chosen.empty() ? (fallback_.empty() ? "(none)" : fallback_) : chosen, "\n");
  return out;
}

SEGCORE_NAMESPACE_END
