// RfmSelection: the client side of the RFM radix selection. The wanted ranks are those
// score_values reads: quantile mode, the two order statistics each linear quantile k / bins
// interpolates between; rank mode, the first rank of each score above 1. Each round narrows a
// wanted rank to the one digit whose running count reaches it.
#include <algorithm>
#include <cmath>
#include <utility>

#include "segcore/rfm_partial.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr std::size_t kMaxMeasures = 16;

// numpy's linear quantile k / bins of n sorted values: where it falls, as score_values's
// quantile() computes it.
double quantile_position(int k, std::uint64_t n, int bins) {
  return static_cast<double>(k) * static_cast<double>(n - 1) / bins;
}

}  // namespace

StatusOr<RfmSelection> RfmSelection::create(int bins, RfmMode mode, std::size_t n_measures) {
  constexpr const char* where = "RfmSelection";
  if (bins < kRfmMinBins || bins > kRfmMaxBins)
    return invalid_argument(where, "bins is ", bins, "; use ", kRfmMinBins, " to ", kRfmMaxBins);
  if (mode != RfmMode::quantile && mode != RfmMode::rank)
    return invalid_argument(where, "mode ", static_cast<int>(mode), " is not quantile (0) or rank (1)");
  if (n_measures == 0 || n_measures > kMaxMeasures)
    return invalid_argument(where, n_measures, " measures; use 1 to ", kMaxMeasures);
  RfmSelection s;
  s.bins_ = bins;
  s.mode_ = mode;
  s.rounds_ = mode == RfmMode::rank ? 2 * kRfmValueRounds : kRfmValueRounds;
  s.n_.assign(n_measures, 0);
  return s;
}

RfmCountRequest RfmSelection::request_of(const Target& t) const {
  return {t.measure, t.value_key, round_ > kRfmValueRounds ? t.position : 0};
}

StatusOr<RfmCounts> RfmSelection::request() const {
  if (done()) return absl::FailedPreconditionError("RfmSelection::request: the selection is done");
  std::vector<RfmCountRequest> requests;
  if (round_ == 0) {
    for (std::size_t m = 0; m < n_.size(); ++m) requests.push_back({static_cast<std::uint32_t>(m), 0, 0});
  } else {
    for (const Target& t : targets_) requests.push_back(request_of(t));
    auto order = [](const RfmCountRequest& x) { return std::tie(x.measure, x.value_prefix, x.position_prefix); };
    std::sort(requests.begin(), requests.end(), [&](const auto& a, const auto& b) { return order(a) < order(b); });
    requests.erase(std::unique(requests.begin(), requests.end()), requests.end());
  }
  return RfmCounts::create(round_, n_.size(), std::move(requests));
}

std::vector<std::uint64_t> RfmSelection::wanted_ranks(std::size_t measure) const {
  const std::uint64_t n = n_[measure];
  std::vector<std::uint64_t> ranks;
  for (int k = 1; k < bins_ && n > 0; ++k) {
    if (mode_ == RfmMode::quantile) {
      const auto lo = static_cast<std::uint64_t>(std::floor(quantile_position(k, n, bins_)));
      ranks.push_back(lo + 1);
      ranks.push_back(std::min(lo + 1, n - 1) + 1);
    } else {  // the first rank r with bins (r - 1) > (n - 1) k; a rank may start several scores
      const std::uint64_t first = (n - 1) * static_cast<std::uint64_t>(k) / static_cast<std::uint64_t>(bins_) + 2;
      if (first <= n) ranks.push_back(first);
    }
  }
  return ranks;
}

void RfmSelection::make_targets() {
  for (std::size_t m = 0; m < n_.size(); ++m) {
    std::vector<std::uint64_t> ranks = wanted_ranks(m);
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    for (std::uint64_t r : ranks) targets_.push_back({static_cast<std::uint32_t>(m), r, r, n_[m], 0, 0});
  }
}

Status RfmSelection::narrow(const RfmCounts& summed) {
  constexpr const char* where = "RfmSelection::narrow";
  SEGCORE_ASSIGN_OR_RETURN(RfmCounts wanted, request());
  if (summed.round() != round_ || summed.n_measures() != n_.size() || summed.requests() != wanted.requests())
    return invalid_argument(where, "the counts are for round ", summed.round(), " with ", summed.requests().size(),
                            " requests; the selection is at round ", round_, " with ", wanted.requests().size());
  const auto& requests = summed.requests();
  if (round_ == 0) {
    for (std::size_t m = 0; m < n_.size(); ++m)
      for (std::uint64_t c : summed.counts(m)) n_[m] += c;
    make_targets();
  }
  for (Target& t : targets_) {
    const auto r =
        static_cast<std::size_t>(std::find(requests.begin(), requests.end(), request_of(t)) - requests.begin());
    const auto digits = summed.digits(r);
    const auto counts = summed.counts(r);
    std::uint64_t total = 0;
    for (std::uint64_t c : counts) total += c;
    if (total != t.range)
      return invalid_argument(where, "measure ", t.measure, ", rank ", t.rank, ": round ", round_, " counts ", total,
                              " values in the range where the round before counted ", t.range,
                              " (a partition missing or counted twice, or values changed between rounds)");
    std::size_t k = 0;
    while (t.left > counts[k]) t.left -= counts[k++];
    t.range = counts[k];
    if (round_ < kRfmValueRounds)
      t.value_key = t.value_key << 16 | digits[k];
    else
      t.position = t.position << 16 | digits[k];
  }
  if (targets_.empty()) rounds_ = 1;  // no values: nothing to narrow
  ++round_;
  return absl::OkStatus();
}

Status RfmSelection::ready(std::size_t measure) const {
  if (!done())
    return absl::FailedPreconditionError(absl::StrCat("RfmSelection: round ", round_, " of ", rounds_, " is not done"));
  if (measure >= n_.size()) return invalid_argument("RfmSelection", "measure ", measure, " of ", n_.size());
  return absl::OkStatus();
}

const RfmSelection::Target& RfmSelection::target(std::size_t measure, std::uint64_t rank) const {
  return *std::find_if(targets_.begin(), targets_.end(),
                       [&](const Target& t) { return t.measure == measure && t.rank == rank; });
}

double RfmSelection::order_statistic(std::size_t measure, std::uint64_t rank) const {
  return rfm_key_value(target(measure, rank).value_key);
}

StatusOr<std::uint64_t> RfmSelection::n_values(std::size_t measure) const {
  SEGCORE_RETURN_IF_ERROR(ready(measure));
  return n_[measure];
}

StatusOr<std::vector<double>> RfmSelection::edges(std::size_t measure) const {
  SEGCORE_RETURN_IF_ERROR(ready(measure));
  const std::uint64_t n = n_[measure];
  std::vector<double> edges;
  for (int k = 1; k < bins_; ++k) {
    if (mode_ == RfmMode::rank) {
      edges.push_back(1.0 + static_cast<double>(n == 0 ? 0 : n - 1) * k / bins_);
    } else if (n == 0) {
      edges.push_back(0.0);
    } else {
      const double pos = quantile_position(k, n, bins_);
      const auto lo = static_cast<std::uint64_t>(std::floor(pos));
      const std::uint64_t hi = std::min(lo + 1, n - 1);
      const double low = order_statistic(measure, lo + 1);
      edges.push_back(low + (pos - static_cast<double>(lo)) * (order_statistic(measure, hi + 1) - low));
    }
  }
  return edges;
}

StatusOr<std::vector<RfmSelection::Bound>> RfmSelection::rank_bounds(std::size_t measure) const {
  SEGCORE_RETURN_IF_ERROR(ready(measure));
  std::vector<Bound> bounds;
  if (mode_ == RfmMode::rank)
    for (std::uint64_t r : wanted_ranks(measure)) {
      const Target& t = target(measure, r);
      bounds.push_back({rfm_key_value(t.value_key), t.position});
    }
  return bounds;
}

Status RfmSelection::score(std::size_t measure, std::span<const double> values,
                           std::span<const std::uint64_t> positions, std::span<std::int32_t> scores) const {
  constexpr const char* where = "RfmSelection::score";
  SEGCORE_RETURN_IF_ERROR(ready(measure));
  if (scores.size() != values.size())
    return invalid_argument(where, values.size(), " values but room for ", scores.size(), " scores");
  if (mode_ == RfmMode::rank && positions.size() != values.size())
    return invalid_argument(where, values.size(), " values but ", positions.size(),
                            " positions (rank mode needs one each)");
  for (std::size_t i = 0; i < values.size(); ++i)
    if (std::isnan(values[i])) return invalid_argument(where, "measure ", measure, ": value ", i, " is NaN");
  if (mode_ == RfmMode::quantile) {
    SEGCORE_ASSIGN_OR_RETURN(const std::vector<double> edges, edges(measure));
    for (std::size_t i = 0; i < values.size(); ++i)  // a value equal to an edge takes the lower bin
      scores[i] =
          1 + static_cast<std::int32_t>(std::lower_bound(edges.begin(), edges.end(), values[i]) - edges.begin());
    return absl::OkStatus();
  }
  std::vector<std::pair<std::uint64_t, std::uint64_t>> bounds;  // (order key, position), ascending
  for (std::uint64_t r : wanted_ranks(measure))
    bounds.emplace_back(target(measure, r).value_key, target(measure, r).position);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::pair<std::uint64_t, std::uint64_t> at(rfm_order_key(values[i]), positions[i]);
    scores[i] = 1 + static_cast<std::int32_t>(std::upper_bound(bounds.begin(), bounds.end(), at) - bounds.begin());
  }
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
