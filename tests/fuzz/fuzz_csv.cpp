// libFuzzer target: the CSV reader and everything it feeds (profiles, RFM). The first byte
// picks the options; the rest is the file.
#include <cstddef>
#include <cstdint>

#include "segcore/segcore.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t pick = data[0];
  segcore::CsvOptions o;
  static constexpr char kDelimiters[] = {',', ';', '\t', '|'};
  o.delimiter = kDelimiters[pick & 3];
  o.mode = pick & 4 ? segcore::IngestMode::strict : segcore::IngestMode::lenient;
  o.duplicates = static_cast<segcore::DuplicatePolicy>((pick >> 3) % 3);
  o.n_threads = pick & 32 ? 2 : 1;
  o.timestamp_format = static_cast<segcore::TimestampFormat>((pick >> 6) % 5);
  o.columns.order = "order_id";
  o.columns.categories = {"channel"};
  o.columns.numerics = {"score"};
  const absl::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto in = segcore::parse_csv(text, o, "fuzz");
  if (!in.ok()) {
    o.columns.order.clear(), o.columns.categories.clear(), o.columns.numerics.clear();
    in = segcore::parse_csv(text, o, "fuzz");
  }
  if (!in.ok() || in->events.rows() == 0) return 0;
  auto profiles = segcore::build_profiles(in->events);
  if (!profiles.ok()) return 0;
  segcore::RfmOptions rfm_options;
  rfm_options.bins = 3;
  rfm_options.mode = segcore::RfmMode::rank;
  auto rfm = segcore::rfm_score(*profiles, rfm_options);
  if (rfm.ok()) (void)segcore::rfm_summary(*profiles, *rfm);
  return 0;
}
