// CSV to RFM segments on the bundled Online Retail sample (or any file with its columns):
// the ingest report, the edges used and the segment summary.
//
//   rfm_report [data/online_retail_sample.csv]
#include <cstdio>
#include <string>

#include "segcore/segcore.hpp"

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "data/online_retail_sample.csv";
  segcore::CsvOptions o;
  o.columns.customer = "CustomerID";
  o.columns.timestamp = "InvoiceDate";
  o.columns.amount = "";
  o.columns.quantity = "Quantity";
  o.columns.price = "UnitPrice";
  o.columns.order = "InvoiceNo";  // invoices starting with "C" are cancellations: negative totals
  o.mode = segcore::IngestMode::lenient;
  o.n_threads = 2;
  auto in = segcore::read_csv(path, o);
  if (!in.ok()) return std::fprintf(stderr, "rfm_report: %s\n", std::string(in.status().message()).c_str()), 1;
  std::printf("%s\n", in->report.to_string().c_str());
  segcore::ProfileOptions po;
  po.n_threads = 2;
  auto profiles = segcore::build_profiles(in->events, po);
  if (!profiles.ok())
    return std::fprintf(stderr, "rfm_report: %s\n", std::string(profiles.status().message()).c_str()), 1;
  auto rfm = segcore::rfm_score(*profiles);
  if (!rfm.ok()) return std::fprintf(stderr, "rfm_report: %s\n", std::string(rfm.status().message()).c_str()), 1;
  std::printf("%zu customers (%zu without a positive order); quantile edges:\n", profiles->size(), rfm->unscored);
  const char* names[3] = {"R (days)", "F", "M"};
  const std::vector<double>* edges[3] = {&rfm->recency_edges, &rfm->frequency_edges, &rfm->monetary_edges};
  for (int k = 0; k < 3; ++k) {
    std::printf("  %-9s", names[k]);
    for (double e : *edges[k]) std::printf(" %10.2f", e);
    std::printf("\n");
  }
  auto summary = segcore::rfm_summary(*profiles, *rfm);
  if (!summary.ok()) return 1;
  std::printf("\n%-20s %9s %7s %12s %9s %6s %6s %9s\n", "segment", "customers", "orders", "revenue", "AOV", "med R",
              "med F", "med M");
  for (const auto& s : *summary)
    if (s.customers > 0)
      std::printf("%-20s %9llu %7lld %12.2f %9.2f %6.1f %6.1f %9.2f\n", s.segment.c_str(),
                  static_cast<unsigned long long>(s.customers), static_cast<long long>(s.orders), s.revenue,
                  s.avg_order_value, s.median_recency_days, s.median_frequency, s.median_monetary);
  return 0;
}
