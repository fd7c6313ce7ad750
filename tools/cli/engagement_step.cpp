// Engagement columns joined to the profiles: the interactions are the input's rows, coded by
// the reader (customer, kind and channel codes), aggregated once, then written into the
// profile rows of the same customers.
#include "engagement_step.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "input.hpp"
#include "segcore/engagement.hpp"

namespace segcore_cli {

namespace {

const segcore::Categorical& category(const segcore::EventTable& events, const std::string& name) {
  for (const auto& c : events.categories)
    if (c.name == name) return c;
  throw CliError("internal: the category column " + name + " was not read");
}

segcore::ProfileColumn column(std::string name, segcore::ColumnType type, std::size_t rows) {
  segcore::ProfileColumn c;
  c.name = std::move(name);
  c.type = type;
  if (type == segcore::ColumnType::f64) c.f64.assign(rows, std::nan(""));
  if (type == segcore::ColumnType::i64) c.i64.assign(rows, 0);
  if (type == segcore::ColumnType::text) c.text.assign(rows, "");
  c.valid.assign(rows, 0);
  return c;
}

// Each customer's zone: --time-zone for all, or the one --time-zone-col names on their rows.
struct CustomerZones {
  std::vector<std::uint32_t> zone;  // per customer code, into names
  std::vector<std::string> names;
};

CustomerZones customer_zones(const Args& args, const segcore::EventTable& events) {
  const std::size_t n = events.customer.values.size();
  const auto column = args.get("time-zone-col");
  if (!column) return {std::vector<std::uint32_t>(n, 0), {args.get_or("time-zone", "UTC")}};
  const segcore::Categorical* z = &attribute_column(events, *column);
  // Zone codes are the column's labels; the last name is UTC, for customers without a zone.
  const auto none = static_cast<std::uint32_t>(z->values.size());
  CustomerZones out{std::vector<std::uint32_t>(n, none), z->values};
  out.names.push_back("UTC");
  for (std::size_t i = 0; i < events.rows(); ++i) {
    const std::uint32_t label = z->codes[i];
    if (blank_cell(z->values[label])) continue;
    std::uint32_t& mine = out.zone[events.customer.codes[i]];
    if (mine == none) mine = label;
    if (mine != label)
      throw CliError("--time-zone-col " + *column + ": customer '" + events.customer.values[events.customer.codes[i]] +
                     "' has two zones, '" + z->values[mine] + "' and '" + z->values[label] + "' (row " +
                     std::to_string(i + 1) + " of the rows kept); give one zone per customer");
  }
  // A blank label names no zone, and an unused one is not looked up.
  std::vector<std::uint8_t> used(out.names.size(), 0);
  for (std::uint32_t c : out.zone) used[c] = 1;
  for (std::size_t k = 0; k < out.names.size(); ++k)
    if (!used[k]) out.names[k] = "UTC";
  return out;
}

}  // namespace

std::vector<Flag> engagement_flags() {
  return {
      {"interaction-col", "NAME",
       "a column of interaction kinds (view, like, share, ...): per-kind engagement features join the profiles "
       "(docs/guides/social.md)"},
      {"channel-col", "NAME", "with --interaction-col: the channel or platform column (preferred_channel)"},
      {"reach-col", "NAME", "with --interaction-col: reach, impressions or followers (engagement_rate)"},
      {"reach-mode", "M", "engagement_rate divides by the sum of the reach values (sum, default) or the latest"},
      {"engaging", "A,B", "the kinds engagement_rate counts (default every kind)"},
      {"time-zone", "Z",
       "the customers' time zone for peak_hour and weekend_share: UTC (default), +05:30, Europe/Paris"},
      {"time-zone-col", "NAME",
       "instead of --time-zone: a column of each customer's zone (one per customer; blank cells are none, and a "
       "customer without one is UTC)"},
  };
}

void add_engagement_columns(const Args& args, segcore::CsvColumns& c) {
  const auto kind = args.get("interaction-col");
  for (const char* companion : {"channel-col", "reach-col", "reach-mode", "engaging", "time-zone", "time-zone-col"})
    if (!kind && args.has(companion)) throw UsageError(std::string("--") + companion + " goes with --interaction-col");
  if (!kind) return;
  if (args.has("time-zone") && args.has("time-zone-col"))
    throw UsageError("--time-zone and --time-zone-col exclude each other: give one zone for all, or a column");
  // The zone column is read as an attribute for its codes per row; add_engagement takes it out
  // of the profiles again (a customer's latest cell, blank perhaps, is not the zone used).
  if (auto zone = args.get("time-zone-col")) read_as_attribute(c, *zone);
  for (const auto& name : {kind, args.get("channel-col")})
    if (name && std::find(c.categories.begin(), c.categories.end(), *name) == c.categories.end())
      c.categories.push_back(*name);
  if (auto reach = args.get("reach-col");
      reach && std::find(c.numerics.begin(), c.numerics.end(), *reach) == c.numerics.end())
    c.numerics.push_back(*reach);
}

void add_engagement(const Args& args, const segcore::EventTable& events, const std::vector<int>& window_days,
                    segcore::ProfileTable& profiles) {
  const auto kind_col = args.get("interaction-col");
  if (!kind_col) return;
  const segcore::Categorical& kind = category(events, *kind_col);
  const segcore::Categorical* channel = args.has("channel-col") ? &category(events, *args.get("channel-col")) : nullptr;
  const std::vector<double>* reach = nullptr;
  if (auto name = args.get("reach-col"))
    for (const auto& n : events.numerics)
      if (n.name == *name) reach = &n.values;
  // Rows with an empty kind are not interactions (the purchases of a mixed file, say); an
  // empty channel is no channel.
  const auto code_of_empty = [](const segcore::Categorical& c) {
    const auto at = std::find(c.values.begin(), c.values.end(), "");
    return at == c.values.end() ? segcore::kNoChannel : static_cast<std::uint32_t>(at - c.values.begin());
  };
  const std::uint32_t no_kind = code_of_empty(kind);
  // Channels are coded by sorted label, so a tie for the preferred channel goes to the first
  // label in sorted order, as in the Python package.
  std::vector<std::string> channel_labels;
  std::vector<std::uint32_t> channel_rank;
  if (channel) {
    for (const auto& v : channel->values)
      if (!v.empty()) channel_labels.push_back(v);
    std::sort(channel_labels.begin(), channel_labels.end());
    for (const auto& v : channel->values)
      channel_rank.push_back(
          v.empty() ? segcore::kNoChannel
                    : static_cast<std::uint32_t>(std::lower_bound(channel_labels.begin(), channel_labels.end(), v) -
                                                 channel_labels.begin()));
  }
  std::vector<std::uint32_t> customer_codes, kind_codes, channel_codes;
  std::vector<std::int64_t> times;
  std::vector<double> reaches;
  for (std::size_t i = 0; i < events.rows(); ++i) {
    if (kind.codes[i] == no_kind) continue;
    customer_codes.push_back(events.customer.codes[i]);
    kind_codes.push_back(kind.codes[i]);
    times.push_back(events.timestamp[i]);
    if (channel) channel_codes.push_back(channel_rank[channel->codes[i]]);
    if (reach) reaches.push_back((*reach)[i]);
  }
  segcore::Interactions in{
      customer_codes,     kind_codes,           times, channel_codes, reaches, events.customer.values.size(),
      kind.values.size(), channel_labels.size()};
  segcore::EngagementOptions o;
  o.as_of = profiles.as_of;
  o.window_days = window_days;  // the profiles' windows
  const std::string mode = args.get_or("reach-mode", "sum");
  if (mode != "sum" && mode != "latest") throw UsageError("--reach-mode: '" + mode + "'; use sum or latest");
  o.reach_mode = mode == "sum" ? segcore::ReachMode::sum : segcore::ReachMode::latest;
  if (args.has("engaging"))
    for (const std::string& k : args.get_list("engaging")) {
      const auto at = std::find(kind.values.begin(), kind.values.end(), k);
      if (at == kind.values.end()) throw UsageError("--engaging: '" + k + "' is not a kind in " + *kind_col);
      o.engaging_kinds.push_back(static_cast<std::uint32_t>(at - kind.values.begin()));
    }
  const CustomerZones zones = customer_zones(args, events);
  if (auto zone = args.get("time-zone-col")) drop_carried_column(args, *zone, profiles);
  const segcore::EngagementAggregate a = take(segcore::aggregate_engagement(in, o, {zones.zone, zones.names}));

  // Kinds in sorted order, so the columns do not depend on the order rows arrive in.
  std::vector<std::uint32_t> kinds;
  for (std::uint32_t k = 0; k < in.n_kinds; ++k)
    if (k != no_kind) kinds.push_back(k);
  std::sort(kinds.begin(), kinds.end(), [&](auto x, auto y) { return kind.values[x] < kind.values[y]; });
  const std::size_t rows = profiles.size(), K = in.n_kinds, W = o.window_days.size();
  std::vector<segcore::ProfileColumn> added;
  added.push_back(column("n_interactions", segcore::ColumnType::i64, rows));
  for (std::uint32_t k : kinds) {
    const std::string& label = kind.values[k];
    added.push_back(column("n_" + label, segcore::ColumnType::i64, rows));
    for (int w : o.window_days)
      added.push_back(column("n_" + label + "_" + std::to_string(w) + "d", segcore::ColumnType::i64, rows));
    added.push_back(
        column("velocity_" + label + "_" + std::to_string(o.velocity_days) + "d", segcore::ColumnType::f64, rows));
    added.push_back(
        column("trend_" + label + "_" + std::to_string(o.trend_weeks) + "w", segcore::ColumnType::f64, rows));
  }
  added.push_back(column("engagement_rate", segcore::ColumnType::f64, rows));
  if (channel) added.push_back(column("preferred_channel", segcore::ColumnType::text, rows));
  added.push_back(column("weekend_share", segcore::ColumnType::f64, rows));
  added.push_back(column("peak_hour", segcore::ColumnType::i64, rows));
  std::set<std::string> names;
  for (const auto& c : profiles.columns) names.insert(c.name);
  for (const auto& c : added)
    if (!names.insert(c.name).second)
      throw CliError("--interaction-col: the engagement column " + c.name +
                     " would repeat a profile column; rename the kind in " + *kind_col);

  const std::vector<std::uint32_t> code_of_row = customer_codes_of_rows(events, profiles);
  auto put_i64 = [](segcore::ProfileColumn& col, std::size_t r, std::int64_t v) { col.i64[r] = v, col.valid[r] = 1; };
  auto put_f64 = [](segcore::ProfileColumn& col, std::size_t r, double v) {
    if (!std::isnan(v)) col.f64[r] = v, col.valid[r] = 1;
  };
  for (std::size_t r = 0; r < rows; ++r) {
    if (code_of_row[r] == kNoCustomer) continue;
    const std::size_t c = code_of_row[r];
    std::size_t j = 0;
    std::uint64_t total = 0;
    for (std::size_t k = 0; k < K; ++k) total += a.counts[c * K + k];
    put_i64(added[j++], r, static_cast<std::int64_t>(total));
    for (std::uint32_t k : kinds) {
      put_i64(added[j++], r, static_cast<std::int64_t>(a.counts[c * K + k]));
      for (std::size_t w = 0; w < W; ++w)
        put_i64(added[j++], r, static_cast<std::int64_t>(a.window_counts[(c * W + w) * K + k]));
      put_f64(added[j++], r, a.velocity[c * K + k]);
      put_f64(added[j++], r, a.trend[c * K + k]);
    }
    put_f64(added[j++], r, a.engagement_rate[c]);
    if (channel) {
      segcore::ProfileColumn& col = added[j++];
      if (a.preferred_channel[c] >= 0) {
        col.text[r] = channel_labels[a.preferred_channel[c]];
        col.valid[r] = 1;
      }
    }
    put_f64(added[j++], r, total ? static_cast<double>(a.weekend[c]) / static_cast<double>(total) : std::nan(""));
    if (a.peak_hour[c] >= 0) put_i64(added[j], r, a.peak_hour[c]);
  }
  for (auto& c : added) profiles.columns.push_back(std::move(c));
}

}  // namespace segcore_cli
