// The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external
// assets) that opens offline.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <cstdio>
#include <numeric>
#include <sstream>

#include "../job.hpp"
#include "svg.hpp"

namespace segcore_cli {
namespace {

using svg::escape;
using svg::short_number;

std::string fixed(double x, int digits) {
  if (!std::isfinite(x)) return "–";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

// 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st, 22nd, ..., 111th.
std::string ordinal(std::size_t n) {
  const std::size_t tens = n % 100, units = n % 10;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : units == 1               ? "st"
                       : units == 2               ? "nd"
                       : units == 3               ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

std::string percent(double part, double whole) { return whole > 0 ? fixed(100 * part / whole, 1) + "%" : "–"; }

// An amount with the run's --currency: a code after the number ("1234.50 EUR"), a symbol
// before it ("€1234.50"), nothing when none was given.
std::string money(const JobResults& r, double x, int digits = 2) {
  const std::string n = digits < 0 ? short_number(x) : fixed(x, digits);
  if (r.currency.empty() || n == "–") return n;
  const bool code = std::all_of(r.currency.begin(), r.currency.end(), [](unsigned char c) { return std::isalpha(c); });
  if (code) return n + " " + r.currency;
  return n[0] == '-' ? "-" + r.currency + n.substr(1) : r.currency + n;
}

// " (EUR)" after an axis or column name that holds amounts; empty without --currency.
std::string in_currency(const JobResults& r) { return r.currency.empty() ? "" : " (" + r.currency + ")"; }

std::string figure(std::string_view id, const std::string& chart, std::string_view caption) {
  return "<figure class=\"chart\" id=\"" + std::string(id) + "\">" + chart + "<figcaption>" + escape(caption) +
         "</figcaption></figure>\n";
}

// A table from a header and rows of already-escaped cells; numeric columns align right.
std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string s = "<table><thead><tr>";
  for (const auto& h : header) s += "<th>" + escape(h) + "</th>";
  s += "</tr></thead><tbody>\n";
  for (const auto& r : rows) {
    s += "<tr>";
    for (const auto& c : r) s += "<td>" + c + "</td>";
    s += "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

double monetary_of(const segcore::ProfileTable& p, std::size_t i) {
  const auto& col = **p.column("monetary");
  return col.f64[i];
}

std::string data_quality(const JobResults& r) {
  const auto& rep = r.input.data.report;
  // The counts the command printed, in its words (row_counts).
  std::vector<std::vector<std::string>> rows;
  for (const RowCount& c : row_counts(rep)) rows.push_back({c.label, std::to_string(c.count)});
  rows.insert(rows.begin() + 3, {"blank lines ignored", std::to_string(rep.blank_lines)});
  for (auto more : std::vector<std::vector<std::string>>{
           {"events after the as-of time (left out)", std::to_string(r.profiles.events_after_as_of)},
           {"customers", std::to_string(r.profiles.size())},
           {"customers without a positive order (not scored)", std::to_string(r.rfm.unscored)},
           {"customers left out of clustering (missing feature)", std::to_string(r.features.excluded)}})
    rows.push_back(std::move(more));
  if (const auto& o = r.input.opt_out) {
    rows.insert(rows.begin() + 5,
                {"customers on the opt-out list, left out of everything", std::to_string(o->customers)});
    rows.insert(rows.begin() + 6, {"&nbsp;&nbsp;their rows (left out)", std::to_string(o->rows)});
  }
  for (const auto& [reason, count] : rep.skipped_by_reason)
    rows.push_back({"&nbsp;&nbsp;skipped: " + escape(reason), std::to_string(count)});
  std::string s = "<section id=\"quality\"><h2>Data quality</h2>\n<p>Source: " + escape(r.input.source) +
                  ". Profiles as of " + escape(format_time(r.profiles.as_of)) + ".</p>\n" +
                  html_table({"", "count"}, rows);
  if (!rep.bad_rows.empty()) {
    std::vector<std::vector<std::string>> bad;
    for (std::size_t i = 0; i < rep.bad_rows.size() && i < 20; ++i) {
      const auto& b = rep.bad_rows[i];
      bad.push_back(
          {std::to_string(b.line), b.column ? std::to_string(b.column) : "", escape(b.reason), escape(b.detail)});
    }
    s += "<h3>First skipped rows</h3>\n" + html_table({"line", "column", "reason", "detail"}, bad);
  }
  return s + "</section>\n";
}

// Sizes and revenue of one segmentation, as two bar charts side by side.
std::string segment_bars(const JobResults& r, std::string_view id, std::string_view title,
                         const std::vector<std::string>& names, const std::vector<double>& customers,
                         const std::vector<double>& revenue, std::size_t colour) {
  const double n = std::accumulate(customers.begin(), customers.end(), 0.0);
  const double total = std::accumulate(revenue.begin(), revenue.end(), 0.0);
  std::vector<svg::Bar> size_bars, revenue_bars;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (customers[k] == 0) continue;
    size_bars.push_back({names[k], customers[k], percent(customers[k], n)});
    revenue_bars.push_back({names[k], revenue[k], percent(revenue[k], total)});
  }
  return "<div class=\"row\">" +
         figure(std::string(id) + "-size",
                svg::bar_chart(std::string(title) + ": customers", size_bars, "customers", colour),
                "Customers per segment (share of all customers).") +
         figure(std::string(id) + "-revenue",
                svg::bar_chart(std::string(title) + ": revenue", revenue_bars,
                               "net revenue (returns subtracted)" + in_currency(r), colour + 1),
                "Net revenue per segment (share of the total).") +
         "</div>\n";
}

std::string rule_section(const JobResults& r, const Segmentation& s, std::string_view id, std::size_t colour) {
  std::vector<double> customers(s.names.size()), revenue(s.names.size());
  for (std::size_t i = 0; i < s.segment.size(); ++i)
    customers[s.segment[i]] += 1, revenue[s.segment[i]] += monetary_of(r.profiles, i);
  // Each segment in one sentence: its customers here and the rule that puts them there.
  const bool exclusive = s.mode == segcore::SegmentMode::exclusive;
  std::string explain = std::string("<p>What the segments mean (") +
                        (exclusive ? "each customer is in the first segment whose rule holds, in this order"
                                   : "a customer is in every segment whose rule holds; the bars count the first") +
                        "):</p>\n<ul class=\"explain\">\n";
  const double n = static_cast<double>(s.segment.size());
  for (std::size_t k = 0; k < s.names.size(); ++k) {
    const auto count = static_cast<std::size_t>(customers[k]);
    explain +=
        "<li><b>" + escape(s.names[k]) + "</b>: " + std::to_string(count) +
        (count == 1 ? " customer (" : " customers (") + percent(customers[k], n) + "), " +
        (k < s.rules.size() ? "rule <code>" + escape(s.rules[k]) + "</code>" : std::string("no rule above holds")) +
        ".</li>\n";
  }
  return "<h3>" + escape(s.title == "lifecycle" ? "Lifecycle stages" : "Rule segments: " + s.title) + "</h3>\n" +
         segment_bars(r, id, s.title == "lifecycle" ? "Lifecycle" : s.title, s.names, customers, revenue, colour) +
         explain + "</ul>\n";
}

// Each RFM segment in one sentence, in this run's numbers: the R and F scores its customers
// have here and their medians.
std::string rfm_explained(const JobResults& r) {
  const std::size_t n = r.profiles.size();
  std::string s = "<p>What the segments mean in this run (R and F scores run from 1 to " + std::to_string(r.rfm.bins) +
                  "; " + std::to_string(r.rfm.bins) +
                  " is the most recent or the most orders):</p>\n<ul class=\"explain\">\n";
  for (std::size_t g = 0; g < r.rfm_summary.size(); ++g) {
    const auto& sum = r.rfm_summary[g];
    if (sum.customers == 0) continue;
    int r_lo = 1 << 30, r_hi = 0, f_lo = 1 << 30, f_hi = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (static_cast<std::size_t>(r.rfm.segment[i]) != g || r.rfm.r[i] == 0) continue;
      r_lo = std::min(r_lo, r.rfm.r[i]), r_hi = std::max(r_hi, r.rfm.r[i]);
      f_lo = std::min(f_lo, r.rfm.f[i]), f_hi = std::max(f_hi, r.rfm.f[i]);
    }
    auto range = [](int lo, int hi) {
      return lo == hi ? std::to_string(lo) : std::to_string(lo) + "–" + std::to_string(hi);
    };
    std::string line = "<li><b>" + escape(sum.segment) + "</b>: " + std::to_string(sum.customers) +
                       (sum.customers == 1 ? " customer (" : " customers (") +
                       percent(static_cast<double>(sum.customers), static_cast<double>(n)) + ")";
    if (r_hi == 0) {
      line += " with no positive order, so without scores.";
    } else {
      line += " with recency score " + range(r_lo, r_hi) + " and frequency score " + range(f_lo, f_hi) +
              "; medians: last order " + fixed(sum.median_recency_days, 0) + " days before the as-of date, " +
              fixed(sum.median_frequency, 0) + " orders, " + escape(money(r, sum.median_monetary)) + " spent.";
    }
    s += line + "</li>\n";
  }
  return s + "</ul>\n";
}

std::string segments(const JobResults& r) {
  std::vector<std::string> names;
  std::vector<double> customers, revenue;
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : r.rfm_summary) {
    names.push_back(s.segment), customers.push_back(static_cast<double>(s.customers)), revenue.push_back(s.revenue);
    if (s.customers)
      rows.push_back({escape(s.segment), std::to_string(s.customers), std::to_string(s.orders),
                      escape(money(r, s.revenue)), escape(money(r, s.avg_order_value)), fixed(s.median_recency_days, 0),
                      fixed(s.median_frequency, 1), escape(money(r, s.median_monetary))});
  }
  std::string s = "<section id=\"segments\"><h2>Segments</h2>\n<h3>RFM segments</h3>\n" +
                  segment_bars(r, "rfm-segments", "RFM segments", names, customers, revenue, 0) +
                  html_table({"segment", "customers", "orders", "revenue", "avg order value", "median R (days)",
                              "median F", "median M"},
                             rows) +
                  rfm_explained(r);
  s += rule_section(r, r.lifecycle, "lifecycle", 2);
  if (r.rules) s += rule_section(r, *r.rules, "rules", 4);
  return s + "</section>\n";
}

std::string rfm_heatmaps(const JobResults& r) {
  const int b = r.rfm.bins;
  std::vector<double> count(static_cast<std::size_t>(b * b)), revenue(count.size());
  for (std::size_t i = 0; i < r.profiles.size(); ++i) {
    const int rs = r.rfm.r[i], fs = r.rfm.f[i];
    if (rs == 0 || fs == 0) continue;
    const std::size_t cell = static_cast<std::size_t>((b - rs) * b + (fs - 1));  // R = b on top
    count[cell] += 1, revenue[cell] += monetary_of(r.profiles, i);
  }
  std::vector<std::string> rows, cols;
  for (int k = b; k >= 1; --k) rows.push_back(std::to_string(k));
  for (int k = 1; k <= b; ++k) cols.push_back(std::to_string(k));
  return "<section id=\"rfm\"><h2>RFM grid</h2>\n<p>Recency score (" + std::to_string(b) +
         " = most recent) against frequency score (" + std::to_string(b) +
         " = most orders); customers without a positive order are not on the grid.</p><div class=\"row\">" +
         figure("rfm-count", svg::heatmap("Customers by R and F score", rows, cols, count, "R score", "F score"),
                "Customers in each R x F cell.") +
         figure(
             "rfm-revenue",
             svg::heatmap("Net revenue by R and F score" + in_currency(r), rows, cols, revenue, "R score", "F score"),
             "Net revenue of the customers in each cell.") +
         "</div></section>\n";
}

// What each score of the chosen k says, in one sentence each, with this run's values.
std::string metrics_explained(const Clustering& c) {
  std::string s =
      "<ul class=\"explain\">\n<li><b>Silhouette " + fixed(c.silhouette, 3) +
      "</b> (from -1 to 1): how much closer each customer is to its own cluster than to the next one; " +
      (c.silhouette >= 0.5    ? "above 0.5, the clusters are clearly apart."
       : c.silhouette >= 0.25 ? "between 0.25 and 0.5, the clusters are real but overlap at their edges."
                              : "below 0.25, the clusters overlap a lot: read them as bands of a continuum.") +
      "</li>\n";
  if (c.choice) {
    for (const auto& k : c.choice->scores) {
      if (k.k != c.k) continue;
      s += "<li><b>Davies-Bouldin " + fixed(k.davies_bouldin, 3) +
           "</b> (0 is best, lower is better): each cluster's spread compared with its distance to the most similar "
           "cluster; " +
           (k.davies_bouldin < 1 ? "below 1, clusters are tighter than they are close to each other."
                                 : "1 or above, clusters are about as wide as the gaps between them.") +
           "</li>\n"
           "<li><b>Calinski-Harabasz " +
           fixed(k.calinski_harabasz, 0) +
           "</b> (higher is better): spread between clusters against spread within them; it has no scale of its own, "
           "so compare it only across the k tried here.</li>\n";
    }
  }
  return s + "</ul>\n";
}

std::string clusters(const JobResults& r) {
  const Clustering& c = r.clusters;
  const FeatureMatrix& x = r.features;
  // At most about 4000 points, every step-th customer, so the file stays small.
  const std::size_t step = std::max<std::size_t>(1, (x.n() + 3999) / 4000);
  std::vector<svg::Series> series;
  for (const auto& p : c.personas) series.push_back({std::to_string(p.label) + ": " + p.name, {}, {}});
  for (std::size_t i = 0; i < x.n(); i += step) {
    auto& s = series[static_cast<std::size_t>(c.model.labels()[i])];
    s.x.push_back(c.pcs[i * 2]), s.y.push_back(c.pcs[i * 2 + 1]);
  }
  std::string features;
  for (const auto& n : x.names) features += (features.empty() ? "" : ", ") + n;
  std::string out = "<section id=\"clusters\"><h2>Clusters</h2>\n<p>k-means with k = " + std::to_string(c.k) + " on " +
                    std::to_string(x.n()) + " customers, features " + escape(features) + " (" +
                    (r.cluster_options.log1p ? "signed log, then " : "") + escape(r.cluster_options.scaler) +
                    " scaling). Silhouette " + fixed(c.silhouette, 3) + ".";
  if (c.choice) out += " " + escape(c.choice->reason);
  out += "</p>\n" + metrics_explained(c) +
         figure("cluster-scatter",
                svg::scatter("Customers on the first two principal components", series,
                             "PC1 (" + fixed(100 * c.pc_ratio[0], 1) + "% of variance)",
                             "PC2 (" + fixed(100 * c.pc_ratio[1], 1) + "% of variance)"),
                step > 1 ? "Every " + ordinal(step) + " customer, coloured by cluster."
                         : "Every customer, coloured by cluster.");
  if (c.choice) {
    svg::Series inertia{"inertia", {}, {}}, sil{"silhouette", {}, {}};
    for (const auto& s : c.choice->scores) {
      inertia.x.push_back(s.k), inertia.y.push_back(s.inertia);
      sil.x.push_back(s.k), sil.y.push_back(s.silhouette);
    }
    const std::string mark = "k = " + std::to_string(c.k);
    out += "<div class=\"row\">" +
           figure("elbow", svg::line_chart("Elbow: inertia against k", inertia, "k", "inertia", c.k, mark),
                  "Within-cluster sum of squares; the elbow is at k = " + std::to_string(c.choice->elbow_k) + ".") +
           figure("silhouette", svg::line_chart("Silhouette against k", sil, "k", "mean silhouette", c.k, mark),
                  "Mean silhouette: higher means tighter, better separated clusters.") +
           "</div>\n";
  }
  // Personas: each cluster in the features' own units, with its lift over all customers.
  std::vector<std::string> header = {"cluster", "persona", "customers", "share"};
  for (const auto& n : x.names) header.push_back("mean " + n);
  for (const auto& n : x.names) header.push_back("lift " + n);
  if (c.stability) header.push_back("stability (Jaccard)");
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : c.personas) {
    std::vector<std::string> row = {"<span class=\"swatch\" style=\"background:" +
                                        std::string(svg::category_colour(static_cast<std::size_t>(p.label))) +
                                        "\"></span>" + std::to_string(p.label),
                                    escape(p.name), std::to_string(p.size), fixed(100 * p.share, 1) + "%"};
    for (double m : p.mean) row.push_back(fixed(m, 2));
    for (double l : p.lift) row.push_back(fixed(l, 2));
    if (c.stability) row.push_back(fixed(c.stability->jaccard[static_cast<std::size_t>(p.label)], 2));
    rows.push_back(std::move(row));
  }
  out += "<h3>Segment profiles (personas)</h3>\n" + html_table(header, rows);
  if (c.stability) {
    std::vector<svg::Bar> bars;
    for (const auto& p : c.personas)
      bars.push_back(
          {std::to_string(p.label) + ": " + p.name, c.stability->jaccard[static_cast<std::size_t>(p.label)], ""});
    out += "<h3>Stability</h3>\n<p>" + std::to_string(c.stability->ari.size()) +
           " re-clusterings of 80% samples: mean adjusted Rand index " + fixed(c.stability->mean_ari, 3) +
           " against the clustering of all customers. A cluster whose mean Jaccard stays above about 0.75 is stable; "
           "below 0.5 it dissolves.</p>\n" +
           figure("stability",
                  svg::bar_chart("Cluster stability: mean best Jaccard", bars, "mean Jaccard over resamples", 2),
                  "How well each cluster is recovered when the clustering is repeated on samples.");
  }
  return out + "</section>\n";
}

std::string lifetime_value(const JobResults& r) {
  std::string s = "<section id=\"clv\"><h2>Lifetime value</h2>\n";
  if (!r.clv) {
    return s + "<p>Not computed" + (r.clv_error.empty() ? std::string(" (--no-clv).") : ": " + escape(r.clv_error)) +
           "</p></section>\n";
  }
  const auto& v = *r.clv;
  std::string params;
  for (std::size_t j = 0; j < v.params.size(); ++j)
    params += (j ? ", " : "") + escape(v.param_names[j]) + " = " + fixed(v.params[j], 4);
  // With --no-spend there is no value: customers are ranked by expected purchases instead.
  const bool spend = !v.clv.empty();
  const std::vector<double>& rank = spend ? v.clv : v.expected_purchases;
  double total = 0;
  for (double x : v.clv) total += std::isnan(x) ? 0 : x;
  std::vector<std::size_t> order(v.summary.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank[a] > rank[b]; });
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < order.size() && i < 10; ++i) {
    const std::size_t j = order[i];
    rows.push_back(
        {escape(display_id(r.input.data.events.customer.values[static_cast<std::size_t>(v.summary.customer_id[j])])),
         fixed(v.summary.frequency[j], 0), fixed(v.probability_alive[j], 3), fixed(v.expected_purchases[j], 2)});
    if (spend)
      rows.back().push_back(escape(money(r, v.expected_spend[j]))), rows.back().push_back(escape(money(r, v.clv[j])));
  }
  std::vector<std::string> header = {"customer", "repeat purchases", "P(alive)", "expected purchases"};
  if (spend) header.push_back("expected spend"), header.push_back("CLV");
  // A degenerate fit is said first, in words, so the figures below are read with it in mind.
  for (const std::string& w : clv_warnings(v))
    s += "<p class=\"warning\"><strong>Warning:</strong> " + escape(w) + "</p>\n";
  const segcore::ClvScoreOptions& o = r.clv_options;
  const std::string unit = o.summary.time_unit_days == 1 ? "days" : "weeks";
  return s + "<p>" + escape(segcore::enum_name(o.model)) + (v.clv.empty() ? "" : " and Gamma-Gamma") + ", horizon " +
         short_number(o.prediction_horizon) + " " + unit +
         (o.summary.calibration_end != std::numeric_limits<std::int64_t>::max()
              ? ", fitted on purchases up to " + escape(format_time(o.summary.calibration_end))
              : "") +
         ": " + params + "." + (spend ? " Total expected value " + escape(money(r, total, -1)) + " over " : " ") +
         std::to_string(v.summary.size()) + " customers" + (spend ? "" : " scored (--no-spend: no value)") +
         ".</p>\n<h3>Top customers by " + (spend ? "lifetime value" : "expected purchases") + "</h3>\n" +
         html_table(header, rows) + "</section>\n";
}

constexpr const char* kStyle = R"(
body { font-family: system-ui, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 1480px; padding: 24px; line-height: 1.45; }
h1 { font-size: 26px; margin-bottom: 4px; } h2 { font-size: 21px; border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 36px; }
h3 { font-size: 16px; margin-top: 24px; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure { margin: 8px 0; } figcaption { font-size: 13px; color: #444; max-width: 640px; }
svg { max-width: 100%; height: auto; background: #fff; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: right; }
th:first-child, td:first-child, td:nth-child(2) { text-align: left; }
thead th { background: #f2f2f2; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 6px; margin-right: 6px; }
.cards { display: flex; gap: 16px; flex-wrap: wrap; } .card { background: #f4f7fb; padding: 10px 16px; border-radius: 6px; }
.card b { display: block; font-size: 20px; }
ul.explain { font-size: 14px; max-width: 980px; } ul.explain li { margin: 3px 0; }
.warning { background: #fff4e5; border-left: 4px solid #e8a33d; padding: 8px 12px; }
footer { margin-top: 40px; font-size: 12px; color: #555; }
)";

}  // namespace

std::string render_report(const JobResults& r) {
  double revenue = 0;
  for (std::size_t i = 0; i < r.profiles.size(); ++i) revenue += monetary_of(r.profiles, i);
  std::string cards = "<div class=\"cards\">";
  auto card = [&](std::string value, std::string label) {
    cards += "<div class=\"card\"><b>" + escape(value) + "</b>" + escape(label) + "</div>";
  };
  card(std::to_string(r.input.data.report.rows_kept), "rows used");
  card(std::to_string(r.profiles.size()), "customers");
  card(money(r, revenue, -1), "net revenue");
  card(std::to_string(r.clusters.k), "clusters");
  cards += "</div>\n";
  return std::string(
             "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<title>segcore report</title>\n<style>") +
         kStyle + "</style>\n</head>\n<body>\n<h1>Customer segmentation report</h1>\n<p>" + escape(r.input.source) +
         ", as of " + escape(format_time(r.profiles.as_of)) + ".</p>\n" + cards + data_quality(r) + segments(r) +
         rfm_heatmaps(r) + clusters(r) + lifetime_value(r) + "<footer>Made with segcore " +
         escape(segcore::version_string()) +
         ". Definitions: docs/PROFILES.md (features, RFM), docs/RULES.md (lifecycle), docs/CLUSTERING.md, "
         "docs/ANALYSIS.md, docs/CLV.md.</footer>\n</body>\n</html>\n";
}

}  // namespace segcore_cli
