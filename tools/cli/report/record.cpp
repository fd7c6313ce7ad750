// The run record (run.json): everything the report shows, taken from a finished job. The
// report is rendered from this record alone, by `run` and by `report DIR` alike.
#include "record.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "../input.hpp"

namespace segcore_cli {
namespace {

double monetary_of(const segcore::ProfileTable& p, std::size_t i) { return (**p.column("monetary")).f64[i]; }

Json quality_rows(const JobResults& r) {
  const auto& rep = r.input.data.report;
  struct Row {
    std::string label;
    std::uint64_t count;
    bool indented;
  };
  // The counts the command printed, in its words (row_counts), then the rest of the funnel.
  std::vector<Row> rows;
  for (const RowCount& c : row_counts(rep, r.input.duplicates_checked)) rows.push_back({c.label, c.count, false});
  rows.insert(rows.begin() + 3, {"blank lines ignored", rep.blank_lines, false});
  rows.push_back({"events after the as-of time (left out)", r.profiles.events_after_as_of, false});
  rows.push_back({"customers", r.profiles.size(), false});
  rows.push_back({"customers without a positive order (not scored)", r.rfm.unscored, false});
  rows.push_back({"customers left out of clustering (missing feature)", r.features.excluded, false});
  if (const auto& o = r.input.opt_out) {
    rows.insert(rows.begin() + 5, {"customers on the opt-out list, left out of everything", o->customers, false});
    rows.insert(rows.begin() + 6, {"their rows (left out)", o->rows, true});
  }
  for (const auto& [reason, count] : rep.skipped_by_reason) rows.push_back({"skipped: " + reason, count, true});
  Json out = Json::array();
  for (const Row& row : rows)
    out.push(Json::object().set("label", row.label).set("count", row.count).set("indented", row.indented));
  return out;
}

Json quality(const JobResults& r) {
  const auto& rep = r.input.data.report;
  Json bad = Json::array();
  for (std::size_t i = 0; i < rep.bad_rows.size() && i < 20; ++i) {
    const auto& b = rep.bad_rows[i];
    bad.push(
        Json::object().set("line", b.line).set("column", b.column).set("reason", b.reason).set("detail", b.detail));
  }
  return Json::object().set("rows", quality_rows(r)).set("first_skipped_rows", std::move(bad));
}

// Per RFM segment: its summary row and the range of R and F scores of its scored customers.
Json rfm(const JobResults& r) {
  const std::size_t n = r.profiles.size();
  const int b = r.rfm.bins;
  Json segments = Json::array();
  for (std::size_t g = 0; g < r.rfm_summary.size(); ++g) {
    const auto& s = r.rfm_summary[g];
    int r_lo = std::numeric_limits<int>::max(), r_hi = 0, f_lo = std::numeric_limits<int>::max(), f_hi = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (static_cast<std::size_t>(r.rfm.segment[i]) != g || r.rfm.r[i] == 0) continue;
      r_lo = std::min(r_lo, r.rfm.r[i]), r_hi = std::max(r_hi, r.rfm.r[i]);
      f_lo = std::min(f_lo, r.rfm.f[i]), f_hi = std::max(f_hi, r.rfm.f[i]);
    }
    Json seg = Json::object()
                   .set("segment", s.segment)
                   .set("customers", s.customers)
                   .set("orders", s.orders)
                   .set("revenue", s.revenue)
                   .set("avg_order_value", s.avg_order_value)
                   .set("median_recency_days", s.median_recency_days)
                   .set("median_frequency", s.median_frequency)
                   .set("median_monetary", s.median_monetary);
    // Without a scored customer the segment has no score range (null).
    seg.set("r_scores", r_hi ? Json::array().push(r_lo).push(r_hi) : Json());
    seg.set("f_scores", r_hi ? Json::array().push(f_lo).push(f_hi) : Json());
    segments.push(std::move(seg));
  }
  // The R x F grid, R = bins on the top row.
  std::vector<double> count(static_cast<std::size_t>(b * b)), revenue(count.size());
  for (std::size_t i = 0; i < n; ++i) {
    const int rs = r.rfm.r[i], fs = r.rfm.f[i];
    if (rs == 0 || fs == 0) continue;
    const auto cell = static_cast<std::size_t>((b - rs) * b + (fs - 1));
    count[cell] += 1, revenue[cell] += monetary_of(r.profiles, i);
  }
  return Json::object()
      .set("bins", b)
      .set("segments", std::move(segments))
      .set("grid_customers", Json::array_of(count))
      .set("grid_revenue", Json::array_of(revenue));
}

Json segmentation(const JobResults& r, const Segmentation& s) {
  std::vector<double> customers(s.names.size()), revenue(s.names.size());
  for (std::size_t i = 0; i < s.segment.size(); ++i)
    customers[s.segment[i]] += 1, revenue[s.segment[i]] += monetary_of(r.profiles, i);
  return Json::object()
      .set("title", s.title)
      .set("exclusive", s.mode == segcore::SegmentMode::exclusive)
      .set("names", Json::array_of(s.names))
      .set("rules", Json::array_of(s.rules))
      .set("customers", Json::array_of(customers))
      .set("revenue", Json::array_of(revenue));
}

Json clusters(const JobResults& r) {
  const Clustering& c = r.clusters;
  const FeatureMatrix& x = r.features;
  const ClusterOptions& o = r.cluster_options;
  Json out = Json::object()
                 .set("k", c.k)
                 .set("customers", x.n())
                 .set("features", Json::array_of(x.names))
                 .set("log1p", o.log1p)
                 .set("scaler", o.scaler)
                 .set("silhouette", c.silhouette)
                 .set("pc_ratio", Json::array_of(c.pc_ratio));
  if (c.choice) {
    Json scores = Json::array();
    for (const auto& s : c.choice->scores)
      scores.push(Json::object()
                      .set("k", s.k)
                      .set("inertia", s.inertia)
                      .set("silhouette", s.silhouette)
                      .set("davies_bouldin", s.davies_bouldin)
                      .set("calinski_harabasz", s.calinski_harabasz));
    out.set("choice", Json::object()
                          .set("reason", c.choice->reason)
                          .set("elbow_k", c.choice->elbow_k)
                          .set("scores", std::move(scores)));
  } else {
    out.set("choice", Json());
  }
  // The plotted sample: at most about 4000 points, every step-th customer, so the file stays small.
  const std::size_t step = std::max<std::size_t>(1, (x.n() + 3999) / 4000);
  std::vector<std::vector<double>> px(c.personas.size()), py(c.personas.size());
  for (std::size_t i = 0; i < x.n(); i += step) {
    const auto label = static_cast<std::size_t>(c.model.labels()[i]);
    px[label].push_back(c.pcs[i * 2]), py[label].push_back(c.pcs[i * 2 + 1]);
  }
  Json sample = Json::array();
  for (std::size_t p = 0; p < c.personas.size(); ++p)
    sample.push(Json::object()
                    .set("name", std::to_string(c.personas[p].label) + ": " + c.personas[p].name)
                    .set("pc1", Json::array_of(px[p]))
                    .set("pc2", Json::array_of(py[p])));
  out.set("sample", Json::object().set("step", step).set("series", std::move(sample)));
  Json personas = Json::array();
  for (const auto& p : c.personas)
    personas.push(Json::object()
                      .set("label", p.label)
                      .set("name", p.name)
                      .set("customers", p.size)
                      .set("share", p.share)
                      .set("mean", Json::array_of(p.mean))
                      .set("lift", Json::array_of(p.lift)));
  out.set("personas", std::move(personas));
  if (c.stability)
    out.set("stability", Json::object()
                             .set("resamples", c.stability->ari.size())
                             .set("mean_ari", c.stability->mean_ari)
                             .set("jaccard", Json::array_of(c.stability->jaccard)));
  else
    out.set("stability", Json());
  return out;
}

Json holdout(const HoldoutCheck& h) {
  auto row = [](const HoldoutBucket& b) {
    return Json::object()
        .set("repeat_purchases", b.repeat_purchases)
        .set("customers", b.customers)
        .set("actual", b.actual)
        .set("predicted", b.predicted);
  };
  Json buckets = Json::array();
  for (const HoldoutBucket& b : h.buckets) buckets.push(row(b));
  return Json::object()
      .set("calibration_end", format_time(h.calibration_end))
      .set("duration", h.duration)
      .set("buckets", std::move(buckets))
      .set("total", row(h.total));
}

Json lifetime_value(const JobResults& r) {
  if (!r.clv) return Json::object().set("computed", false).set("error", r.clv_error);
  const auto& v = *r.clv;
  const segcore::ClvScoreOptions& o = r.clv_options;
  // With --no-spend there is no value: customers are ranked by expected purchases instead.
  const bool spend = !v.clv.empty();
  const std::vector<double>& rank = spend ? v.clv : v.expected_purchases;
  double total = 0;
  for (double x : v.clv) total += std::isnan(x) ? 0 : x;
  std::vector<std::size_t> order(v.summary.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank[a] > rank[b]; });
  Json top = Json::array();
  for (std::size_t i = 0; i < order.size() && i < 10; ++i) {
    const std::size_t j = order[i];
    Json row =
        Json::object()
            .set("customer_id",
                 display_id(r.input.data.events.customer.values[static_cast<std::size_t>(v.summary.customer_id[j])]))
            .set("repeat_purchases", v.summary.frequency[j])
            .set("probability_alive", v.probability_alive[j])
            .set("expected_purchases", v.expected_purchases[j]);
    if (spend) row.set("expected_spend", v.expected_spend[j]).set("clv", v.clv[j]);
    top.push(std::move(row));
  }
  Json params = Json::array();
  for (std::size_t j = 0; j < v.params.size(); ++j)
    params.push(Json::object().set("name", v.param_names[j]).set("value", v.params[j]));
  Json out = Json::object()
                 .set("computed", true)
                 .set("model", std::string(segcore::enum_name(o.model)))
                 .set("spend", spend)
                 .set("time_unit", o.summary.time_unit_days == 1 ? "days" : "weeks")
                 .set("horizon", o.prediction_horizon)
                 .set("calibration_end", o.summary.calibration_end != std::numeric_limits<std::int64_t>::max()
                                             ? Json(format_time(o.summary.calibration_end))
                                             : Json())
                 .set("warnings", Json::array_of(clv_warnings(v)))
                 .set("parameters", std::move(params))
                 .set("customers", v.summary.size())
                 .set("total_clv", total)
                 .set("top", std::move(top));
  out.set("holdout", r.holdout ? holdout(*r.holdout) : Json());
  return out;
}

// The options the run was given or chose by default, for the reader of the record (the page
// shows the ones it explains where it explains them).
Json options(const JobResults& r) {
  const ClusterOptions& c = r.cluster_options;
  Json out = Json::object()
                 .set("rfm", Json::object()
                                 .set("bins", r.rfm_options.bins)
                                 .set("mode", std::string(segcore::enum_name(r.rfm_options.mode))))
                 .set("cluster", Json::object()
                                     .set("features", Json::array_of(c.features))
                                     .set("scaler", c.scaler)
                                     .set("log1p", c.log1p)
                                     .set("k", c.k ? Json(c.k) : Json())
                                     .set("k_min", c.k_min)
                                     .set("k_max", c.k_max)
                                     .set("min_segments", c.min_segments)
                                     .set("n_init", c.n_init)
                                     .set("seed", std::to_string(c.seed))  // a 64-bit value, kept exact as text
                                     .set("stability_resamples", c.stability_resamples));
  if (!r.clv && r.clv_error.empty()) return out.set("clv", Json());  // --no-clv
  const segcore::ClvScoreOptions& o = r.clv_options;
  return out.set("clv",
                 Json::object()
                     .set("model", std::string(segcore::enum_name(o.model)))
                     .set("time_unit", o.summary.time_unit_days == 1 ? "days" : "weeks")
                     .set("horizon", o.prediction_horizon)
                     .set("discount_rate", o.value.discount_rate)
                     .set("penalty", o.fit.l2_penalty)
                     .set("calibration_end", o.summary.calibration_end != std::numeric_limits<std::int64_t>::max()
                                                 ? Json(format_time(o.summary.calibration_end))
                                                 : Json())
                     .set("spend", o.spend));
}

// A profile column's value for customer i as a number; NaN when missing.
double number_at(const segcore::ProfileColumn& c, std::size_t i) {
  if (!c.valid[i]) return std::numeric_limits<double>::quiet_NaN();
  return c.type == segcore::ColumnType::f64 ? c.f64[i] : static_cast<double>(c.i64[i]);
}

// The social features the run's flags joined to the profiles (--interaction-col, --text-col,
// --target-col, --topics), summarised: their means per RFM segment, the customers of highest
// PageRank, and the listening counts per set. Null when the profiles hold none of them.
Json social(const JobResults& r) {
  const segcore::ProfileTable& p = r.profiles;
  // A column of that name and of a number type (a carried text column may have any name).
  auto numeric = [&](const std::string& name) -> const segcore::ProfileColumn* {
    const auto c = p.column(name);
    if (!c.ok() || ((*c)->type != segcore::ColumnType::f64 && (*c)->type != segcore::ColumnType::i64)) return nullptr;
    return *c;
  };
  std::vector<const segcore::ProfileColumn*> measures;
  for (const char* name : {"n_interactions", "engagement_rate", "weekend_share", "sentiment_texts",
                           "sentiment_mean_compound", "sentiment_negative_share", "pagerank", "audience"})
    if (const auto* c = numeric(name)) measures.push_back(c);
  std::vector<std::string> sets;
  for (const auto& c : p.columns)
    if (c.name.rfind("mentions_", 0) == 0 && numeric(c.name) && numeric("mentioned_" + c.name.substr(9)))
      sets.push_back(c.name.substr(9));
  for (const std::string& set : sets) measures.push_back(numeric("mentioned_" + set));
  if (measures.empty()) return Json();

  const std::size_t n = p.size(), groups = r.rfm_summary.size();
  // Means over the customers with a value, per segment, in the summary's order.
  std::vector<double> sum(groups * measures.size(), 0), seen(sum.size(), 0), customers(groups, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto g = static_cast<std::size_t>(r.rfm.segment[i]);
    customers[g] += 1;
    for (std::size_t m = 0; m < measures.size(); ++m)
      if (const double v = number_at(*measures[m], i); !std::isnan(v))
        sum[g * measures.size() + m] += v, seen[g * measures.size() + m] += 1;
  }
  Json by_segment = Json::array();
  for (std::size_t g = 0; g < groups; ++g) {
    Json means = Json::array();
    for (std::size_t m = 0; m < measures.size(); ++m) {
      const std::size_t k = g * measures.size() + m;
      means.push(seen[k] > 0 ? sum[k] / seen[k] : std::numeric_limits<double>::quiet_NaN());
    }
    by_segment.push(Json::object()
                        .set("segment", r.rfm_summary[g].segment)
                        .set("customers", customers[g])
                        .set("means", std::move(means)));
  }
  std::vector<std::string> names;
  for (const auto* c : measures) names.push_back(c->name);
  Json out = Json::object().set("measures", Json::array_of(names)).set("by_segment", std::move(by_segment));

  // The ten customers of highest PageRank, ties in profile order.
  Json top = Json::array();
  if (const auto* rank = numeric("pagerank"); rank != nullptr && rank->type == segcore::ColumnType::f64) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rank->f64[a] > rank->f64[b]; });
    const auto* audience = numeric("audience");
    const auto tier = p.column("influencer_tier");
    const bool tier_text = tier.ok() && (*tier)->type == segcore::ColumnType::text;
    for (std::size_t j = 0; j < std::min<std::size_t>(10, n); ++j) {
      const std::size_t i = order[j];
      top.push(Json::object()
                   .set("customer", p.customer_id[i])
                   .set("pagerank", rank->f64[i])
                   .set("audience", audience != nullptr ? number_at(*audience, i) : std::nan(""))
                   .set("tier", tier_text ? Json((*tier)->text[i]) : Json()));
    }
  }
  out.set("top_influencers", std::move(top));

  Json listening = Json::array();
  for (const std::string& set : sets) {
    const auto& mentions = *numeric("mentions_" + set);
    const auto& mentioned = *numeric("mentioned_" + set);
    double total = 0, customers_mentioning = 0;
    for (std::size_t i = 0; i < n; ++i)
      total += number_at(mentions, i), customers_mentioning += number_at(mentioned, i) > 0;
    listening.push(Json::object().set("set", set).set("mentions", total).set("customers", customers_mentioning));
  }
  return out.set("listening", std::move(listening));
}

}  // namespace

Json run_record(const JobResults& r) {
  double revenue = 0;
  for (std::size_t i = 0; i < r.profiles.size(); ++i) revenue += monetary_of(r.profiles, i);
  Json segmentations = Json::array().push(segmentation(r, r.lifecycle));
  if (r.rules) segmentations.push(segmentation(r, *r.rules));
  return Json::object()
      .set("format", kRunRecordFormat)
      .set("version", kRunRecordVersion)
      .set("segcore", segcore::version_string())
      .set("source", r.input.source)
      .set("as_of", format_time(r.profiles.as_of))
      .set("currency", r.currency)
      .set("options", options(r))
      .set("rows_used", r.input.data.report.rows_kept)
      .set("customers", r.profiles.size())
      .set("revenue", revenue)
      .set("quality", quality(r))
      .set("rfm", rfm(r))
      .set("segmentations", std::move(segmentations))
      .set("clusters", clusters(r))
      .set("clv", lifetime_value(r))
      .set("social", social(r));
}

Json read_run_record(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / kRunRecordName;
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec)))
    throw CliError(dir.string() + ": no " + kRunRecordName +
                   " in this folder, so it is not the output folder of a finished `segcore run` (run it again to "
                   "write one)");
  // Far beyond any record: its largest part is the plotted sample of at most about 4000 customers.
  constexpr std::size_t kMaxRecordBytes = std::size_t{64} << 20;
  const Json record = Json::parse(read_small_file(path.string(), kMaxRecordBytes, "run record"), path.string());
  if (!record.has("format") || record.at("format").kind() != Json::Kind::string ||
      record.at("format").text() != kRunRecordFormat)
    throw CliError(path.string() + ": not a segcore run record (its \"format\" is not \"" +
                   std::string(kRunRecordFormat) + "\")");
  const std::int64_t version = record.at("version").integer();
  if (version != kRunRecordVersion)
    throw CliError(path.string() + ": run record version " + std::to_string(version) +
                   ", but this segcore reads version " + std::to_string(kRunRecordVersion) +
                   " (run `segcore run` again with this segcore)");
  return record;
}

}  // namespace segcore_cli
