// Recency, frequency and monetary value per customer from the bundled Online Retail sample,
// summarised with segcore::describe, put on a common scale with segcore::Scaler, and grouped
// into segments with segcore::KMeans.
//
//   customer_summary [data/online_retail_sample.csv]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "segcore/segcore.hpp"

namespace {

// Splits one CSV line with RFC 4180 quoting (no embedded newlines in this file).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
      fields.back() += '"', ++i;
    else if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      fields.emplace_back();
    else
      fields.back() += c;
  }
  return fields;
}

// Days since 1970-01-01 of a "YYYY-MM-DD ..." timestamp.
double day_number(const std::string& ts) {
  using namespace std::chrono;
  year_month_day d{year{std::stoi(ts.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(ts.substr(5, 2)))},
                   day{static_cast<unsigned>(std::stoi(ts.substr(8, 2)))}};
  return static_cast<double>(sys_days(d).time_since_epoch().count());
}

struct Customer {
  std::map<std::string, double> order_totals;  // invoice -> amount
  double last_day = -1e9;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "data/online_retail_sample.csv";
  std::ifstream in(path);
  if (!in) {
    std::cerr << "customer_summary: cannot open " << path << "\n";
    return 1;
  }
  std::map<std::string, Customer> customers;
  std::string line;
  std::getline(in, line);  // header
  double latest = 0;
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    auto f = split_csv(line);
    if (f.size() != 8 || f[6].empty()) continue;  // the sample has no such rows
    ++rows;
    Customer& c = customers[f[6]];
    c.order_totals[f[0]] += std::stod(f[3]) * std::stod(f[5]);
    double day = day_number(f[4]);
    if (std::stod(f[3]) > 0) c.last_day = std::max(c.last_day, day);
    latest = std::max(latest, day);
  }
  // One row per customer: recency (days), frequency (orders with positive total), monetary.
  // Customers with returns only have no recency; they are counted, not scored.
  std::vector<double> rfm;
  std::size_t returns_only = 0;
  for (const auto& [id, c] : customers) {
    double frequency = 0, monetary = 0;
    for (const auto& [invoice, total] : c.order_totals) {
      frequency += total > 0;
      monetary += total;
    }
    if (frequency == 0) {
      ++returns_only;
      continue;
    }
    rfm.insert(rfm.end(), {latest + 1 - c.last_day, frequency, monetary});
  }
  const std::size_t n = rfm.size() / 3;
  segcore::ConstMatrixView<double> x(rfm.data(), n, 3);
  auto stats = segcore::describe(x, {.n_threads = 2, .ddof = 1});
  if (!stats.ok()) {
    std::cerr << "customer_summary: " << stats.status().message() << "\n";
    return 1;
  }
  std::printf("%zu invoice lines, %zu customers with purchases, %zu with returns only (segcore %s)\n\n", rows, n,
              returns_only, segcore::version_string());
  std::printf("%-10s %12s %12s %12s %12s\n", "feature", "mean", "std", "min", "max");
  const char* names[] = {"recency", "frequency", "monetary"};
  for (std::size_t j = 0; j < 3; ++j)
    std::printf("%-10s %12.2f %12.2f %12.2f %12.2f\n", names[j], stats->mean[j], stats->stddev[j], stats->min[j],
                stats->max[j]);

  // Robust scaling: spend is heavy-tailed, and median / IQR are not pulled by the largest buyers.
  segcore::Scaler scaler({.kind = segcore::ScalerKind::robust, .n_threads = 2});
  std::vector<double> scaled(rfm.size());
  if (auto st = scaler.fit(x); !st.ok()) return std::cerr << st.message() << "\n", 1;
  if (auto st = scaler.transform(x, segcore::MatrixView<double>(scaled.data(), n, 3)); !st.ok())
    return std::cerr << st.message() << "\n", 1;
  std::printf("\nrobust scaling (center = median, scale = IQR)\n");
  std::printf("%-10s %12s %12s\n", "feature", "median", "IQR");
  for (std::size_t j = 0; j < 3; ++j)
    std::printf("%-10s %12.2f %12.2f\n", names[j], scaler.center()[j], scaler.scale()[j]);

  // Segments: k-means on the scaled features, described in the original units.
  constexpr int k = 4;
  segcore::KMeans km({.n_clusters = k, .n_init = 5, .seed = 7, .n_threads = 2});
  if (auto st = km.fit(segcore::ConstMatrixView<double>(scaled.data(), n, 3)); !st.ok())
    return std::cerr << st.message() << "\n", 1;
  std::printf("\n%d segments (k-means on robust-scaled features, %d iterations, %s kernels)\n", k, km.n_iter(),
              segcore::simd_arch());
  std::printf("%-8s %9s %12s %12s %12s\n", "segment", "customers", "recency", "frequency", "monetary");
  for (int c = 0; c < k; ++c) {
    double count = 0, sum[3] = {0, 0, 0};
    for (std::size_t i = 0; i < n; ++i) {
      if (km.labels()[i] != c) continue;
      count += 1;
      for (std::size_t j = 0; j < 3; ++j) sum[j] += rfm[i * 3 + j];
    }
    std::printf("%-8d %9.0f %12.1f %12.1f %12.1f\n", c, count, sum[0] / count, sum[1] / count, sum[2] / count);
  }
  return 0;
}
