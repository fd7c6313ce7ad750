// The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external
// assets) that opens offline.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <cstdio>
#include <numeric>
#include <sstream>

#include "../input.hpp"
#include "record.hpp"
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

// What every part of the page reads: the run record, and the currency amounts are shown in.
struct Page {
  const Json& record;
  std::string currency;
};

// An amount with the run's --currency: a code after the number ("1234.50 EUR"), a symbol
// before it ("€1234.50"), nothing when none was given.
std::string money(const Page& r, double x, int digits = 2) {
  const std::string n = digits < 0 ? short_number(x) : fixed(x, digits);
  if (r.currency.empty() || n == "–") return n;
  const bool code = std::all_of(r.currency.begin(), r.currency.end(), [](unsigned char c) { return std::isalpha(c); });
  if (code) return n + " " + r.currency;
  return n[0] == '-' ? "-" + r.currency + n.substr(1) : r.currency + n;
}

// " (EUR)" after an axis or column name that holds amounts; empty without --currency.
std::string in_currency(const Page& r) { return r.currency.empty() ? "" : " (" + r.currency + ")"; }

std::string count_text(const Json& v) { return std::to_string(v.count()); }

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

std::string data_quality(const Page& r) {
  const Json& q = r.record.at("quality");
  // The counts the command printed, in its words (row_counts), as the record keeps them.
  std::vector<std::vector<std::string>> rows;
  for (const Json& row : q.at("rows").items())
    rows.push_back({(row.at("indented").flag() ? "&nbsp;&nbsp;" : "") + escape(row.at("label").text()),
                    count_text(row.at("count"))});
  std::string s = "<section id=\"quality\"><h2>Data quality</h2>\n<p>Source: " + escape(r.record.at("source").text()) +
                  ". Profiles as of " + escape(r.record.at("as_of").text()) + ".</p>\n" +
                  html_table({"", "count"}, rows);
  const Json& bad_rows = q.at("first_skipped_rows");
  if (bad_rows.size() > 0) {
    std::vector<std::vector<std::string>> bad;
    for (const Json& b : bad_rows.items()) {
      const std::size_t column = b.at("column").count();
      bad.push_back({count_text(b.at("line")), column ? std::to_string(column) : "", escape(b.at("reason").text()),
                     escape(b.at("detail").text())});
    }
    s += "<h3>First skipped rows</h3>\n" + html_table({"line", "column", "reason", "detail"}, bad);
  }
  return s + "</section>\n";
}

// Sizes and revenue of one segmentation, as two bar charts side by side.
std::string segment_bars(const Page& r, std::string_view id, std::string_view title,
                         const std::vector<std::string>& names, const std::vector<double>& customers,
                         const std::vector<double>& revenue, std::size_t colour) {
  const double n = std::accumulate(customers.begin(), customers.end(), 0.0);
  const double total = std::accumulate(revenue.begin(), revenue.end(), 0.0);
  std::vector<svg::Bar> size_bars, revenue_bars;
  for (std::size_t k = 0; k < names.size() && k < customers.size() && k < revenue.size(); ++k) {
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

std::string rule_section(const Page& r, const Json& s, std::string_view id, std::size_t colour) {
  const std::string title = s.at("title").text();
  const std::vector<std::string> names = s.at("names").texts(), rules = s.at("rules").texts();
  const std::vector<double> customers = s.at("customers").numbers(), revenue = s.at("revenue").numbers();
  if (customers.size() != names.size() || revenue.size() != names.size())
    s.at("customers").at(names.size());  // says which list is short
  // Each segment in one sentence: its customers here and the rule that puts them there.
  const bool exclusive = s.at("exclusive").flag();
  std::string explain = std::string("<p>What the segments mean (") +
                        (exclusive ? "each customer is in the first segment whose rule holds, in this order"
                                   : "a customer is in every segment whose rule holds; the bars count the first") +
                        "):</p>\n<ul class=\"explain\">\n";
  const double n = std::accumulate(customers.begin(), customers.end(), 0.0);
  for (std::size_t k = 0; k < names.size(); ++k) {
    const auto count = static_cast<std::size_t>(customers[k]);
    explain += "<li><b>" + escape(names[k]) + "</b>: " + std::to_string(count) +
               (count == 1 ? " customer (" : " customers (") + percent(customers[k], n) + "), " +
               (k < rules.size() ? "rule <code>" + escape(rules[k]) + "</code>" : std::string("no rule above holds")) +
               ".</li>\n";
  }
  return "<h3>" + escape(title == "lifecycle" ? "Lifecycle stages" : "Rule segments: " + title) + "</h3>\n" +
         segment_bars(r, id, title == "lifecycle" ? "Lifecycle" : title, names, customers, revenue, colour) + explain +
         "</ul>\n";
}

// Each RFM segment in one sentence, in this run's numbers: the R and F scores its customers
// have here and their medians.
std::string rfm_explained(const Page& r) {
  const Json& rfm = r.record.at("rfm");
  const std::size_t n = r.record.at("customers").count();
  const std::string bins = std::to_string(rfm.at("bins").small_int());
  std::string s = "<p>What the segments mean in this run (R and F scores run from 1 to " + bins + "; " + bins +
                  " is the most recent or the most orders):</p>\n<ul class=\"explain\">\n";
  auto range = [](const Json& lo_hi) {
    const int lo = lo_hi.at(0).small_int(), hi = lo_hi.at(1).small_int();
    return lo == hi ? std::to_string(lo) : std::to_string(lo) + "–" + std::to_string(hi);
  };
  for (const Json& sum : rfm.at("segments").items()) {
    const std::size_t customers = sum.at("customers").count();
    if (customers == 0) continue;
    std::string line = "<li><b>" + escape(sum.at("segment").text()) + "</b>: " + std::to_string(customers) +
                       (customers == 1 ? " customer (" : " customers (") +
                       percent(static_cast<double>(customers), static_cast<double>(n)) + ")";
    if (sum.at("r_scores").kind() == Json::Kind::null) {
      line += " with no positive order, so without scores.";
    } else {
      line += " with recency score " + range(sum.at("r_scores")) + " and frequency score " + range(sum.at("f_scores")) +
              "; medians: last order " + fixed(sum.at("median_recency_days").number(), 0) +
              " days before the as-of date, " + fixed(sum.at("median_frequency").number(), 0) + " orders, " +
              escape(money(r, sum.at("median_monetary").number())) + " spent.";
    }
    s += line + "</li>\n";
  }
  return s + "</ul>\n";
}

std::string segments(const Page& r) {
  std::vector<std::string> names;
  std::vector<double> customers, revenue;
  std::vector<std::vector<std::string>> rows;
  for (const Json& s : r.record.at("rfm").at("segments").items()) {
    const std::size_t n = s.at("customers").count();
    names.push_back(s.at("segment").text()), customers.push_back(static_cast<double>(n));
    revenue.push_back(s.at("revenue").number());
    if (n)
      rows.push_back({escape(s.at("segment").text()), std::to_string(n), count_text(s.at("orders")),
                      escape(money(r, s.at("revenue").number())), escape(money(r, s.at("avg_order_value").number())),
                      fixed(s.at("median_recency_days").number(), 0), fixed(s.at("median_frequency").number(), 1),
                      escape(money(r, s.at("median_monetary").number()))});
  }
  std::string s = "<section id=\"segments\"><h2>Segments</h2>\n<h3>RFM segments</h3>\n" +
                  segment_bars(r, "rfm-segments", "RFM segments", names, customers, revenue, 0) +
                  html_table({"segment", "customers", "orders", "revenue", "avg order value", "median R (days)",
                              "median F", "median M"},
                             rows) +
                  rfm_explained(r);
  // The lifecycle stages, then the --rules segment set when there was one.
  const Json& sets = r.record.at("segmentations");
  s += rule_section(r, sets.at(0), "lifecycle", 2);
  if (sets.size() > 1) s += rule_section(r, sets.at(1), "rules", 4);
  return s + "</section>\n";
}

std::string rfm_heatmaps(const Page& r) {
  const Json& rfm = r.record.at("rfm");
  const int b = rfm.at("bins").small_int();
  const std::vector<double> count = rfm.at("grid_customers").numbers(), revenue = rfm.at("grid_revenue").numbers();
  if (b < 1 || count.size() != static_cast<std::size_t>(b * b) || revenue.size() != count.size())
    rfm.at("grid_customers").at(static_cast<std::size_t>(b * b));  // says the grid is not bins x bins
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
std::string metrics_explained(const Json& c) {
  const double silhouette = c.at("silhouette").number();
  std::string s =
      "<ul class=\"explain\">\n<li><b>Silhouette " + fixed(silhouette, 3) +
      "</b> (from -1 to 1): how much closer each customer is to its own cluster than to the next one; " +
      (silhouette >= 0.5    ? "above 0.5, the clusters are clearly apart."
       : silhouette >= 0.25 ? "between 0.25 and 0.5, the clusters are real but overlap at their edges."
                            : "below 0.25, the clusters overlap a lot: read them as bands of a continuum.") +
      "</li>\n";
  const Json& choice = c.at("choice");
  if (choice.kind() != Json::Kind::null) {
    for (const Json& k : choice.at("scores").items()) {
      if (k.at("k").small_int() != c.at("k").small_int()) continue;
      const double db = k.at("davies_bouldin").number();
      s += "<li><b>Davies-Bouldin " + fixed(db, 3) +
           "</b> (0 is best, lower is better): each cluster's spread compared with its distance to the most similar "
           "cluster; " +
           (db < 1 ? "below 1, clusters are tighter than they are close to each other."
                   : "1 or above, clusters are about as wide as the gaps between them.") +
           "</li>\n"
           "<li><b>Calinski-Harabasz " +
           fixed(k.at("calinski_harabasz").number(), 0) +
           "</b> (higher is better): spread between clusters against spread within them; it has no scale of its own, "
           "so compare it only across the k tried here.</li>\n";
    }
  }
  return s + "</ul>\n";
}

std::string clusters(const Page& r) {
  const Json& c = r.record.at("clusters");
  const int k = c.at("k").small_int();
  const Json& choice = c.at("choice");
  const bool chosen = choice.kind() != Json::Kind::null;
  const std::vector<std::string> names = c.at("features").texts();
  const std::vector<double> pc_ratio = c.at("pc_ratio").numbers();
  if (pc_ratio.size() < 2) c.at("pc_ratio").at(1);  // says it is short
  std::vector<svg::Series> series;
  for (const Json& s : c.at("sample").at("series").items())
    series.push_back({s.at("name").text(), s.at("pc1").numbers(), s.at("pc2").numbers()});
  const std::size_t step = c.at("sample").at("step").count();
  std::string features;
  for (const auto& n : names) features += (features.empty() ? "" : ", ") + n;
  std::string out = "<section id=\"clusters\"><h2>Clusters</h2>\n<p>k-means with k = " + std::to_string(k) + " on " +
                    count_text(c.at("customers")) + " customers, features " + escape(features) + " (" +
                    (c.at("log1p").flag() ? "signed log, then " : "") + escape(c.at("scaler").text()) +
                    " scaling). Silhouette " + fixed(c.at("silhouette").number(), 3) + ".";
  if (chosen) out += " " + escape(choice.at("reason").text());
  out += "</p>\n" + metrics_explained(c) +
         figure("cluster-scatter",
                svg::scatter("Customers on the first two principal components", series,
                             "PC1 (" + fixed(100 * pc_ratio[0], 1) + "% of variance)",
                             "PC2 (" + fixed(100 * pc_ratio[1], 1) + "% of variance)"),
                step > 1 ? "Every " + ordinal(step) + " customer, coloured by cluster."
                         : "Every customer, coloured by cluster.");
  if (chosen) {
    svg::Series inertia{"inertia", {}, {}}, sil{"silhouette", {}, {}};
    for (const Json& s : choice.at("scores").items()) {
      const double at_k = s.at("k").small_int();
      inertia.x.push_back(at_k), inertia.y.push_back(s.at("inertia").number());
      sil.x.push_back(at_k), sil.y.push_back(s.at("silhouette").number());
    }
    const std::string mark = "k = " + std::to_string(k);
    out += "<div class=\"row\">" +
           figure("elbow", svg::line_chart("Elbow: inertia against k", inertia, "k", "inertia", k, mark),
                  "Within-cluster sum of squares; the elbow is at k = " +
                      std::to_string(choice.at("elbow_k").small_int()) + ".") +
           figure("silhouette", svg::line_chart("Silhouette against k", sil, "k", "mean silhouette", k, mark),
                  "Mean silhouette: higher means tighter, better separated clusters.") +
           "</div>\n";
  }
  // Personas: each cluster in the features' own units, with its lift over all customers.
  const Json& stability = c.at("stability");
  const bool stable = stability.kind() != Json::Kind::null;
  const std::vector<double> jaccard = stable ? stability.at("jaccard").numbers() : std::vector<double>{};
  auto jaccard_of = [&](const Json& p) {
    const int label = p.at("label").small_int();
    if (label < 0 || static_cast<std::size_t>(label) >= jaccard.size()) p.at("label").at(jaccard.size());
    return jaccard[static_cast<std::size_t>(label)];
  };
  std::vector<std::string> header = {"cluster", "persona", "customers", "share"};
  for (const auto& n : names) header.push_back("mean " + n);
  for (const auto& n : names) header.push_back("lift " + n);
  if (stable) header.push_back("stability (Jaccard)");
  std::vector<std::vector<std::string>> rows;
  for (const Json& p : c.at("personas").items()) {
    const int label = p.at("label").small_int();
    std::vector<std::string> row = {
        "<span class=\"swatch\" style=\"background:" +
            std::string(svg::category_colour(static_cast<std::size_t>(label))) + "\"></span>" + std::to_string(label),
        escape(p.at("name").text()), count_text(p.at("customers")), fixed(100 * p.at("share").number(), 1) + "%"};
    for (double m : p.at("mean").numbers()) row.push_back(fixed(m, 2));
    for (double l : p.at("lift").numbers()) row.push_back(fixed(l, 2));
    if (stable) row.push_back(fixed(jaccard_of(p), 2));
    rows.push_back(std::move(row));
  }
  out += "<h3>Segment profiles (personas)</h3>\n" + html_table(header, rows);
  if (stable) {
    std::vector<svg::Bar> bars;
    for (const Json& p : c.at("personas").items())
      bars.push_back({std::to_string(p.at("label").small_int()) + ": " + p.at("name").text(), jaccard_of(p), ""});
    out += "<h3>Stability</h3>\n<p>" + count_text(stability.at("resamples")) +
           " re-clusterings of 80% samples: mean adjusted Rand index " + fixed(stability.at("mean_ari").number(), 3) +
           " against the clustering of all customers. A cluster whose mean Jaccard stays above about 0.75 is stable; "
           "below 0.5 it dissolves.</p>\n" +
           figure("stability",
                  svg::bar_chart("Cluster stability: mean best Jaccard", bars, "mean Jaccard over resamples", 2),
                  "How well each cluster is recovered when the clustering is repeated on samples.");
  }
  return out + "</section>\n";
}

// Predicted against actual purchases in the held-out period after the calibration end, by the
// customers' repeat purchases before it, with one sentence on how to read it.
std::string holdout_section(const Json& h, const std::string& unit) {
  const Json& buckets = h.at("buckets");
  std::vector<std::vector<std::string>> rows;
  auto row = [&](std::string label, const Json& b) {
    const double customers = static_cast<double>(b.at("customers").count());
    const double actual = b.at("actual").number(), predicted = b.at("predicted").number();
    rows.push_back({std::move(label), std::to_string(b.at("customers").count()), fixed(actual, 0), fixed(predicted, 2),
                    customers > 0 ? fixed(actual / customers, 3) : "–",
                    customers > 0 ? fixed(predicted / customers, 3) : "–"});
  };
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const Json& b = buckets.at(i);
    if (b.at("customers").count() == 0) continue;
    const int x = b.at("repeat_purchases").small_int();
    row(i + 1 == buckets.size() ? std::to_string(x) + " or more" : std::to_string(x), b);
  }
  row("all customers", h.at("total"));
  const Json& total = h.at("total");
  const double actual = total.at("actual").number(), predicted = total.at("predicted").number();
  return "<h3>Holdout check: predicted against actual purchases</h3>\n<p>The purchase model was fitted on the "
         "purchases up to " +
         escape(h.at("calibration_end").text()) + " only; the " + short_number(h.at("duration").number()) + " " + unit +
         " after it were held out. For the customers of the fitting period, grouped by their repeat purchases "
         "in it, the table compares the purchases the model predicted for the held-out period with those the "
         "customers made (days with a purchase). In total the model predicted " +
         fixed(predicted, 1) + " against " + fixed(actual, 0) + " made (" +
         (actual > 0 ? fixed(100 * (predicted - actual) / actual, 1) + "%" : std::string("–")) +
         "): the closer the two columns, the more its forecasts above can be trusted on this data.</p>\n" +
         html_table({"repeat purchases before", "customers", "actual purchases", "predicted purchases",
                     "actual per customer", "predicted per customer"},
                    rows);
}

std::string lifetime_value(const Page& r) {
  const Json& v = r.record.at("clv");
  std::string s = "<section id=\"clv\"><h2>Lifetime value</h2>\n";
  if (!v.at("computed").flag()) {
    const std::string& error = v.at("error").text();
    return s + "<p>Not computed" + (error.empty() ? std::string(" (--no-clv).") : ": " + escape(error)) +
           "</p></section>\n";
  }
  std::string params;
  for (const Json& p : v.at("parameters").items())
    params += (params.empty() ? "" : ", ") + escape(p.at("name").text()) + " = " + fixed(p.at("value").number(), 4);
  // With --no-spend there is no value: customers are ranked by expected purchases instead.
  const bool spend = v.at("spend").flag();
  std::vector<std::vector<std::string>> rows;
  for (const Json& t : v.at("top").items()) {
    rows.push_back({escape(t.at("customer_id").text()), fixed(t.at("repeat_purchases").number(), 0),
                    fixed(t.at("probability_alive").number(), 3), fixed(t.at("expected_purchases").number(), 2)});
    if (spend)
      rows.back().push_back(escape(money(r, t.at("expected_spend").number()))),
          rows.back().push_back(escape(money(r, t.at("clv").number())));
  }
  std::vector<std::string> header = {"customer", "repeat purchases", "P(alive)", "expected purchases"};
  if (spend) header.push_back("expected spend"), header.push_back("CLV");
  // A degenerate fit is said first, in words, so the figures below are read with it in mind.
  for (const std::string& w : v.at("warnings").texts())
    s += "<p class=\"warning\"><strong>Warning:</strong> " + escape(w) + "</p>\n";
  const std::string unit = v.at("time_unit").text();
  const Json& calibration_end = v.at("calibration_end");
  s += "<p>" + escape(v.at("model").text()) + (spend ? " and Gamma-Gamma" : "") + ", horizon " +
       short_number(v.at("horizon").number()) + " " + escape(unit) +
       (calibration_end.kind() != Json::Kind::null ? ", fitted on purchases up to " + escape(calibration_end.text())
                                                   : "") +
       ": " + params + "." +
       (spend ? " Total expected value " + escape(money(r, v.at("total_clv").number(), -1)) + " over " : " ") +
       count_text(v.at("customers")) + " customers" + (spend ? "" : " scored (--no-spend: no value)") +
       ".</p>\n<h3>Top customers by " + (spend ? "lifetime value" : "expected purchases") + "</h3>\n" +
       html_table(header, rows);
  if (v.at("holdout").kind() != Json::Kind::null) s += holdout_section(v.at("holdout"), escape(unit));
  return s + "</section>\n";
}

// What a social measure's column holds, for the table's header.
std::string measure_label(const std::string& name) {
  static const std::pair<const char*, const char*> known[] = {
      {"n_interactions", "interactions"},
      {"engagement_rate", "engagement rate"},
      {"weekend_share", "weekend share"},
      {"sentiment_texts", "texts"},
      {"sentiment_mean_compound", "mean sentiment"},
      {"sentiment_negative_share", "negative share"},
      {"pagerank", "PageRank"},
      {"audience", "audience"},
  };
  for (const auto& [column, label] : known)
    if (name == column) return label;
  return name.rfind("mentioned_", 0) == 0 ? "texts mentioning " + name.substr(10) : name;
}

// Engagement, sentiment, influence and listening (the columns --interaction-col, --text-col,
// --target-col and --topics join): means per RFM segment, the top influencers, listening
// counts. Nothing when the run had none of them.
std::string social(const Page& r) {
  if (!r.record.has("social") || r.record.at("social").kind() == Json::Kind::null) return "";
  const Json& s = r.record.at("social");
  std::string out =
      "<section id=\"social\"><h2>Engagement, sentiment and influence</h2>\n<h3>By RFM segment</h3>\n"
      "<p>Means over each segment's customers that have a value (docs/guides/social.md, "
      "docs/guides/sentiment.md).</p>\n";
  std::vector<std::string> header = {"segment", "customers"};
  for (const Json& m : s.at("measures").items()) header.push_back(measure_label(m.text()));
  std::vector<std::vector<std::string>> rows;
  for (const Json& g : s.at("by_segment").items()) {
    if (g.at("customers").count() == 0) continue;
    std::vector<std::string> row = {escape(g.at("segment").text()), count_text(g.at("customers"))};
    for (const Json& v : g.at("means").items()) row.push_back(fixed(v.number(), 3));
    rows.push_back(std::move(row));
  }
  out += html_table(header, rows);
  if (!s.at("top_influencers").items().empty()) {
    rows.clear();
    std::size_t place = 0;
    for (const Json& t : s.at("top_influencers").items())
      rows.push_back({std::to_string(++place), escape(t.at("customer").text()), fixed(t.at("pagerank").number(), 5),
                      fixed(t.at("audience").number(), 0),
                      t.at("tier").kind() == Json::Kind::null ? "–" : escape(t.at("tier").text())});
    out +=
        "<h3>Top influencers</h3>\n<p>The customers of highest PageRank in the interaction graph of "
        "--target-col; audience is the distinct accounts with an edge to them.</p>\n" +
        html_table({"#", "customer", "PageRank", "audience", "tier"}, rows);
  }
  if (!s.at("listening").items().empty()) {
    rows.clear();
    for (const Json& l : s.at("listening").items())
      rows.push_back(
          {escape(l.at("set").text()), fixed(l.at("mentions").number(), 0), fixed(l.at("customers").number(), 0)});
    out +=
        "<h3>Listening</h3>\n<p>Matches of each topic set of --topics in the texts up to the as-of time, and "
        "the customers with at least one.</p>\n" +
        html_table({"topic set", "mentions", "customers"}, rows);
  }
  return out + "</section>\n";
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

std::string render_report(const Json& record, const std::string& currency) {
  const Page r{record, currency};
  std::string cards = "<div class=\"cards\">";
  auto card = [&](std::string value, std::string label) {
    cards += "<div class=\"card\"><b>" + escape(value) + "</b>" + escape(label) + "</div>";
  };
  card(count_text(record.at("rows_used")), "rows used");
  card(count_text(record.at("customers")), "customers");
  card(money(r, record.at("revenue").number(), -1), "net revenue");
  card(std::to_string(record.at("clusters").at("k").small_int()), "clusters");
  cards += "</div>\n";
  return std::string(
             "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<title>segcore report</title>\n<style>") +
         kStyle + "</style>\n</head>\n<body>\n<h1>Customer segmentation report</h1>\n<p>" +
         escape(record.at("source").text()) + ", as of " + escape(record.at("as_of").text()) + ".</p>\n" + cards +
         data_quality(r) + segments(r) + rfm_heatmaps(r) + clusters(r) + lifetime_value(r) + social(r) +
         "<footer>Made with segcore " + escape(record.at("segcore").text()) +
         ". Definitions: docs/PROFILES.md (features, RFM), docs/RULES.md (lifecycle), docs/CLUSTERING.md, "
         "docs/ANALYSIS.md, docs/CLV.md.</footer>\n</body>\n</html>\n";
}

}  // namespace segcore_cli
