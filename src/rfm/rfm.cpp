// RFM over a ProfileTable: the three scores, named segments and the per-segment summary.
#include <algorithm>
#include <cmath>
#include <memory>
#include <span>

#include "absl/container/flat_hash_map.h"
#include "segcore/parallel.hpp"
#include "segcore/rfm.hpp"

SEGCORE_NAMESPACE_BEGIN

SegmentMap default_segment_map() {
  SegmentMap m;
  m.grid = 5;
  m.rules = {
      {"Champions", 5, 5, 4, 5},
      {"Loyal Customers", 3, 4, 4, 5},
      {"Potential Loyalist", 4, 5, 2, 3},
      {"New Customers", 5, 5, 1, 1},
      {"Promising", 4, 4, 1, 1},
      {"Need Attention", 3, 3, 3, 3},
      {"About To Sleep", 3, 3, 1, 2},
      {"At Risk", 1, 2, 3, 4},
      {"Can't Lose Them", 1, 2, 5, 5},
      {"Hibernating", 2, 2, 1, 2},
      {"Lost", 1, 1, 1, 2},
  };
  m.fallback = "Other";
  return m;
}

Status validate(const RfmOptions& o) {
  if (o.bins < kRfmMinBins || o.bins > kRfmMaxBins)
    return invalid_argument("RfmOptions", "bins is ", o.bins, "; use ", kRfmMinBins, " to ", kRfmMaxBins);
  if (static_cast<unsigned>(o.mode) > 2)
    return invalid_argument("RfmOptions", "unknown mode ", static_cast<int>(o.mode));
  if (o.n_threads < 0)
    return invalid_argument("RfmOptions", "n_threads is ", o.n_threads, "; use >= 1, or 0 for all cores");
  return absl::OkStatus();
}

Status validate(const SegmentMap& m, int bins) {
  if (m.grid < 0 || m.grid > kRfmMaxGrid)
    return invalid_argument("SegmentMap", "grid is ", m.grid, "; use 0 (raw scores) to ", kRfmMaxGrid);
  const int top = m.grid == 0 ? bins : m.grid;
  for (const SegmentRule& r : m.rules) {
    if (r.name.empty() || r.name == kNoPurchaseSegment)
      return invalid_argument("SegmentMap", "a rule has an empty or reserved name ('", r.name, "')");
    if (r.r_min < 1 || r.r_max > top || r.r_min > r.r_max || r.f_min < 1 || r.f_max > top || r.f_min > r.f_max)
      return invalid_argument("SegmentMap", "rule '", r.name, "': ranges must lie within 1..", top, " with min <= max");
  }
  return absl::OkStatus();
}

namespace {

// Names each customer's segment from its R and F scores: rule names (first appearance), then
// the fallback, then kNoPurchaseSegment for customers with keep[i] == 0.
void name_segments(RfmResult& res, const SegmentMap& map, std::span<const std::uint8_t> keep, int threads) {
  const std::size_t n = keep.size();
  const Blocks blocks(n, 1 << 16);
  absl::flat_hash_map<std::string, std::int32_t> name_index;
  auto name_id = [&](const std::string& name) {
    auto [it, inserted] = name_index.try_emplace(name, static_cast<std::int32_t>(res.segment_names.size()));
    if (inserted) res.segment_names.push_back(name);
    return it->second;
  };
  std::vector<std::int32_t> rule_id;
  for (const SegmentRule& rule : map.rules) rule_id.push_back(name_id(rule.name));
  const std::int32_t fallback = name_id(map.fallback);
  const std::int32_t none = name_id(kNoPurchaseSegment);
  auto cell = [&](std::int32_t s) {
    return map.grid == 0
               ? s
               : static_cast<std::int32_t>((static_cast<std::int64_t>(s) * map.grid + res.bins - 1) / res.bins);
  };
  // The first matching rule of every (R cell, F cell), looked up per customer.
  const int top = map.grid == 0 ? res.bins : map.grid;
  std::vector<std::int32_t> by_cell(static_cast<std::size_t>((top + 1) * (top + 1)), fallback);
  for (int rc = 1; rc <= top; ++rc)
    for (int fc = 1; fc <= top; ++fc)
      for (std::size_t k = 0; k < map.rules.size(); ++k) {
        const SegmentRule& rule = map.rules[k];
        if (rc >= rule.r_min && rc <= rule.r_max && fc >= rule.f_min && fc <= rule.f_max) {
          by_cell[static_cast<std::size_t>(rc * (top + 1) + fc)] = rule_id[k];
          break;
        }
      }
  res.segment.resize(n);
  parallel_for(threads, blocks.count(), [&](std::size_t b) {
    for (std::size_t i = blocks[b].begin; i < blocks[b].end; ++i)
      res.segment[i] = keep[i] ? by_cell[static_cast<std::size_t>(cell(res.r[i]) * (top + 1) + cell(res.f[i]))] : none;
  });
}

}  // namespace

StatusOr<RfmResult> rfm_score(const ProfileTable& t, const RfmOptions& o, const SegmentMap& map) {
  SEGCORE_RETURN_IF_ERROR(validate(o));
  SEGCORE_RETURN_IF_ERROR(validate(map, o.bins));
  SEGCORE_ASSIGN_OR_RETURN(const ProfileColumn* rec, t.column("recency_days"));
  SEGCORE_ASSIGN_OR_RETURN(const ProfileColumn* freq, t.column("frequency"));
  SEGCORE_ASSIGN_OR_RETURN(const ProfileColumn* mon, t.column("monetary"));
  const std::size_t n = t.size();
  RfmResult res;
  res.bins = o.bins;
  res.mode = o.mode;
  const int threads = resolve_threads(o.n_threads);
  const Blocks blocks(n, 1 << 16);
  // Filled in parallel below, every entry: not cleared first.
  auto keep_buf = std::make_unique_for_overwrite<std::uint8_t[]>(n);
  auto r = std::make_unique_for_overwrite<double[]>(n), f = std::make_unique_for_overwrite<double[]>(n),
       m = std::make_unique_for_overwrite<double[]>(n);
  std::uint8_t* const keep = keep_buf.get();
  std::vector<std::uint64_t> unscored(blocks.count(), 0);
  parallel_for(threads, blocks.count(), [&](std::size_t b) {
    for (std::size_t i = blocks[b].begin; i < blocks[b].end; ++i) {
      keep[i] = freq->i64[i] > 0;
      unscored[b] += !keep[i];
      r[i] = keep[i] ? -static_cast<double>(rec->i64[i]) : 0.0;  // higher = more recent
      f[i] = static_cast<double>(freq->i64[i]);
      m[i] = mon->f64[i];
    }
  });
  for (std::uint64_t u : unscored) res.unscored += u;
  // R is scored on -recency; fixed edges and returned edges are in days.
  std::vector<double> r_fixed;
  for (auto it = o.recency_edges.rbegin(); it != o.recency_edges.rend(); ++it) r_fixed.push_back(-*it);
  if (o.mode == RfmMode::fixed) {
    // Checked here, in the caller's terms: recency's edges are negated and reversed below.
    const std::vector<double>* given[3] = {&o.recency_edges, &o.frequency_edges, &o.monetary_edges};
    const char* names[3] = {"recency_edges", "frequency_edges", "monetary_edges"};
    for (int m = 0; m < 3; ++m) {
      const std::vector<double>& e = *given[m];
      if (e.size() != static_cast<std::size_t>(o.bins - 1))
        return invalid_argument("rfm_score", names[m], " has ", e.size(), " values; ", o.bins - 1, " are needed for ",
                                o.bins, " bins");
      for (std::size_t k = 0; k < e.size(); ++k)
        if (!std::isfinite(e[k]) || (k > 0 && !(e[k - 1] < e[k])))
          return invalid_argument("rfm_score", names[m], "[", k, "] is ", e[k],
                                  "; fixed edges must be finite and strictly ascending");
    }
  }
  // The three measures are independent: one task each.
  const std::span<const double> values[3] = {{r.get(), n}, {f.get(), n}, {m.get(), n}};
  const std::vector<double>* fixed[3] = {&r_fixed, &o.frequency_edges, &o.monetary_edges};
  std::vector<double>* edges[3] = {&res.recency_edges, &res.frequency_edges, &res.monetary_edges};
  std::vector<std::int32_t>* scores[3] = {&res.r, &res.f, &res.m};
  Status status[3];
  // Monetary first: its keys differ in every byte, so its sort is the longest of the three.
  parallel_for(threads, 3, [&](std::size_t task) {
    const std::size_t k = (task + 2) % 3;
    auto s = score_values(values[k], {keep, n}, o.bins, o.mode, *fixed[k], *edges[k]);
    if (s.ok())
      *scores[k] = *std::move(s);
    else
      status[k] = s.status();
  });
  for (const Status& s : status) SEGCORE_RETURN_IF_ERROR(s);
  if (o.mode != RfmMode::rank) {
    std::reverse(res.recency_edges.begin(), res.recency_edges.end());
    for (double& e : res.recency_edges) e = e == 0.0 ? 0.0 : -e;
  }

  name_segments(res, map, {keep, n}, threads);
  return res;
}

StatusOr<RfmResult> rfm_from_scores(std::vector<std::int32_t> r, std::vector<std::int32_t> f,
                                    std::vector<std::int32_t> m, int bins, const SegmentMap& map) {
  constexpr const char* where = "rfm_from_scores";
  if (bins < 2 || bins > 100) return invalid_argument(where, "bins is ", bins, "; use 2 to 100");
  SEGCORE_RETURN_IF_ERROR(validate(map, bins));
  const std::size_t n = r.size();
  if (f.size() != n || m.size() != n)
    return invalid_argument(where, "r, f and m have ", n, ", ", f.size(), " and ", m.size(), " scores");
  std::vector<std::uint8_t> keep(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::int32_t s : {r[i], f[i], m[i]})
      if (s < 0 || s > bins) return invalid_argument(where, "customer ", i, " has score ", s, "; use 0 to ", bins);
    keep[i] = r[i] != 0;
    if ((f[i] != 0) != keep[i] || (m[i] != 0) != keep[i])
      return invalid_argument(where, "customer ", i, " has scores ", r[i], ", ", f[i], ", ", m[i],
                              "; an unscored customer has 0 in all three");
  }
  RfmResult res;
  res.bins = bins;
  res.mode = RfmMode::fixed;
  res.r = std::move(r);
  res.f = std::move(f);
  res.m = std::move(m);
  for (std::uint8_t k : keep) res.unscored += !k;
  name_segments(res, map, keep, 1);
  return res;
}

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  const std::size_t h = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
  const double hi = v[h];
  if (v.size() % 2) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
  return lo + (hi - lo) / 2;
}

}  // namespace

StatusOr<std::vector<SegmentSummary>> rfm_summary(const ProfileTable& t, const RfmResult& rfm) {
  SEGCORE_ASSIGN_OR_RETURN(const ProfileColumn* rec, t.column("recency_days"));
  SEGCORE_ASSIGN_OR_RETURN(const ProfileColumn* freq, t.column("frequency"));
  SEGCORE_ASSIGN_OR_RETURN(const ProfileColumn* mon, t.column("monetary"));
  if (rfm.segment.size() != t.size()) return invalid_argument("rfm_summary", "the RFM result is for another table");
  const std::size_t k = rfm.segment_names.size();
  std::vector<SegmentSummary> out(k);
  std::vector<std::vector<double>> r(k), f(k), m(k);
  for (std::size_t s = 0; s < k; ++s) out[s].segment = rfm.segment_names[s];
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto s = static_cast<std::size_t>(rfm.segment[i]);
    ++out[s].customers;
    out[s].orders += freq->i64[i];
    out[s].revenue += mon->f64[i];
    if (rec->valid[i]) r[s].push_back(static_cast<double>(rec->i64[i]));
    f[s].push_back(static_cast<double>(freq->i64[i]));
    m[s].push_back(mon->f64[i]);
  }
  for (std::size_t s = 0; s < k; ++s) {
    out[s].avg_order_value = out[s].orders > 0 ? out[s].revenue / static_cast<double>(out[s].orders) : std::nan("");
    out[s].median_recency_days = median(std::move(r[s]));
    out[s].median_frequency = median(std::move(f[s]));
    out[s].median_monetary = median(std::move(m[s]));
  }
  return out;
}

SEGCORE_NAMESPACE_END
