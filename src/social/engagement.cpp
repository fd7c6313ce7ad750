// Per-customer engagement features in one pass over the interactions. Every per-kind feature
// is a sum of per-interaction terms (counts, window counts, the velocity's two counts, the
// trend's exact integer sums), so nothing per interaction is kept.
#include <algorithm>
#include <cmath>
#include <limits>

#include "engagement_zones.hpp"
#include "profile/features.hpp"
#include "segcore/engagement.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr const char* kWhere = "aggregate_engagement";
constexpr std::size_t kMaxCodes = 4096;
using profile_detail::kDay;

Status check_options(const EngagementOptions& o, std::size_t n_kinds) {
  if (o.window_days.size() > 16) return invalid_argument(kWhere, o.window_days.size(), " windows; at most 16");
  for (std::size_t w = 0; w < o.window_days.size(); ++w)
    if (o.window_days[w] < 1 || o.window_days[w] > 36500)
      return invalid_argument(kWhere, "window_days[", w, "] is ", o.window_days[w], "; use 1 to 36500 days");
  if (o.velocity_days < 1 || o.velocity_days > 36500)
    return invalid_argument(kWhere, "velocity_days is ", o.velocity_days, "; use 1 to 36500");
  if (o.trend_weeks < 2 || o.trend_weeks > 5200)
    return invalid_argument(kWhere, "trend_weeks is ", o.trend_weeks, "; use 2 to 5200");
  for (std::size_t j = 0; j < o.engaging_kinds.size(); ++j)
    if (o.engaging_kinds[j] >= n_kinds)
      return invalid_argument(kWhere, "engaging_kinds[", j, "] is ", o.engaging_kinds[j], "; use 0 to n_kinds - 1 (",
                              n_kinds, " kinds)");
  if (o.reach_mode != ReachMode::sum && o.reach_mode != ReachMode::latest)
    return invalid_argument(kWhere, "reach_mode is ", static_cast<int>(o.reach_mode), "; use sum (0) or latest (1)");
  return Status();
}

Status check_columns(const Interactions& in) {
  const std::size_t n = in.customer.size();
  if (in.kind.size() != n || in.time.size() != n || (!in.channel.empty() && in.channel.size() != n) ||
      (!in.reach.empty() && in.reach.size() != n))
    return invalid_argument(kWhere, "customer (", n, "), kind (", in.kind.size(), "), time (", in.time.size(),
                            "), channel (", in.channel.size(), ") and reach (", in.reach.size(),
                            ") must have one entry per interaction (channel and reach may be empty)");
  if (in.n_kinds < 1 || in.n_kinds > kMaxCodes)
    return invalid_argument(kWhere, "n_kinds is ", in.n_kinds, "; use 1 to ", kMaxCodes);
  if (in.n_channels > kMaxCodes)
    return invalid_argument(kWhere, "n_channels is ", in.n_channels, "; use at most ", kMaxCodes);
  std::size_t cells;  // the largest result array, customers x kinds x windows (at most 16)
  if (__builtin_mul_overflow(in.n_customers, in.n_kinds * std::max<std::size_t>(24, 16), &cells))
    return invalid_argument(kWhere, in.n_customers, " customers and ", in.n_kinds, " kinds are too many to count");
  if (!in.channel.empty() && in.n_channels == 0)
    return invalid_argument(kWhere, "channel values are given but n_channels is 0");
  for (std::size_t i = 0; i < n; ++i) {
    if (in.customer[i] >= in.n_customers)
      return invalid_argument(kWhere, "customer[", i, "] is ", in.customer[i], "; use 0 to n_customers - 1 (",
                              in.n_customers, " customers)");
    if (in.kind[i] >= in.n_kinds)
      return invalid_argument(kWhere, "kind[", i, "] is ", in.kind[i], "; use 0 to n_kinds - 1 (", in.n_kinds,
                              " kinds)");
    if (!in.channel.empty() && in.channel[i] >= in.n_channels && in.channel[i] != kNoChannel)
      return invalid_argument(kWhere, "channel[", i, "] is ", in.channel[i], "; use 0 to n_channels - 1 (",
                              in.n_channels, " channels) or kNoChannel");
    if (!in.reach.empty() && !std::isnan(in.reach[i]) && !(in.reach[i] >= 0 && std::isfinite(in.reach[i])))
      return invalid_argument(kWhere, "reach[", i, "] is ", in.reach[i], "; use a finite value >= 0, or NaN for none");
  }
  return Status();
}

template <class T>
std::int32_t argmax_first(const T* values, std::size_t n) {
  std::int32_t best = -1;
  for (std::size_t j = 0; j < n; ++j)
    if (values[j] > 0 && (best < 0 || values[j] > values[best])) best = static_cast<std::int32_t>(j);
  return best;
}

}  // namespace

StatusOr<EngagementAggregate> aggregate_engagement(const Interactions& in, const EngagementOptions& o,
                                                   const CustomerZones& zones) {
  SEGCORE_RETURN_IF_ERROR(check_columns(in));
  SEGCORE_RETURN_IF_ERROR(check_options(o, in.n_kinds));
  SEGCORE_ASSIGN_OR_RETURN(social_detail::LocalClock clock, social_detail::LocalClock::make(zones, in.n_customers));
  const std::size_t n = in.customer.size(), C = in.n_customers, K = in.n_kinds, W = o.window_days.size();
  const std::size_t H = in.channel.empty() ? 0 : in.n_channels;
  EngagementAggregate out;
  out.n_customers = C;
  out.n_kinds = K;
  out.window_days = o.window_days;
  out.counts.assign(C * K, 0);
  out.window_counts.assign(C * W * K, 0);
  out.hour_counts.assign(C * 24, 0);
  out.weekend.assign(C, 0);
  std::vector<std::int64_t> recent(C * K, 0), previous(C * K, 0);
  std::vector<profile_detail::WeeklyTrend> trend(C * K);
  std::vector<std::uint64_t> per_channel(C * H, 0);
  std::vector<std::uint8_t> engaging(K, o.engaging_kinds.empty() ? 1 : 0);
  for (std::uint32_t k : o.engaging_kinds) engaging[k] = 1;
  std::vector<std::uint64_t> engaged(C, 0);
  std::vector<double> reach_sum(C, 0.0);
  std::vector<profile_detail::Latest<double>> reach_latest(o.reach_mode == ReachMode::latest ? C : 0);
  const std::int64_t velocity = static_cast<std::int64_t>(o.velocity_days) * kDay;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t t = in.time[i];
    if (t > o.as_of) {
      ++out.after_as_of;
      continue;
    }
    // t <= as_of; the difference is taken in unsigned arithmetic, which cannot overflow.
    const std::uint64_t age_u = static_cast<std::uint64_t>(o.as_of) - static_cast<std::uint64_t>(t);
    const std::int64_t age = age_u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                                 ? std::numeric_limits<std::int64_t>::max()
                                 : static_cast<std::int64_t>(age_u);
    const std::size_t c = in.customer[i], ck = c * K + in.kind[i];
    ++out.counts[ck];
    for (std::size_t w = 0; w < W; ++w)
      if (age < o.window_days[w] * kDay) ++out.window_counts[(c * W + w) * K + in.kind[i]];
    if (age < velocity)
      ++recent[ck];
    else if (age < 2 * velocity)
      ++previous[ck];
    trend[ck].add(age, o.trend_weeks);
    engaged[c] += engaging[in.kind[i]];
    if (!in.reach.empty() && !std::isnan(in.reach[i])) {
      if (o.reach_mode == ReachMode::sum)
        reach_sum[c] += in.reach[i];
      else
        profile_detail::update_latest(reach_latest[c], t, in.reach[i], std::less<double>());
    }
    if (H != 0 && in.channel[i] != kNoChannel) ++per_channel[c * H + in.channel[i]];
    const social_detail::LocalTime local = clock.at(c, t);
    ++out.hour_counts[c * 24 + local.hour];
    out.weekend[c] += local.weekend;
  }
  out.velocity.resize(C * K);
  out.trend.resize(C * K);
  for (std::size_t j = 0; j < C * K; ++j) {
    out.velocity[j] = profile_detail::velocity_ratio(recent[j], previous[j]);
    out.trend[j] = trend[j].slope(o.trend_weeks);
  }
  out.engagement_rate.assign(C, std::nan(""));
  out.preferred_channel.assign(C, -1);
  out.peak_hour.resize(C);
  for (std::size_t c = 0; c < C; ++c) {
    double reach = std::nan("");
    if (o.reach_mode == ReachMode::sum && !in.reach.empty())
      reach = reach_sum[c];
    else if (o.reach_mode == ReachMode::latest && reach_latest[c].set)
      reach = reach_latest[c].value;
    if (reach > 0) out.engagement_rate[c] = static_cast<double>(engaged[c]) / reach;
    if (H != 0) out.preferred_channel[c] = argmax_first(&per_channel[c * H], H);
    out.peak_hour[c] = argmax_first(&out.hour_counts[c * 24], 24);
  }
  return out;
}

SEGCORE_NAMESPACE_END
