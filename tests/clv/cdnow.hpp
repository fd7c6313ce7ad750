// Loads the bundled CDNOW sample (data/cdnow_sample.csv) as transaction arrays.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace segcore_test {

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
inline std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

inline std::int64_t epoch_seconds(int yyyymmdd) {
  return days_from_civil(yyyymmdd / 10000, (yyyymmdd / 100) % 100, yyyymmdd % 100) * 86400;
}

struct Transactions {
  std::vector<std::int64_t> customer, time;
  std::vector<double> amount;
};

// Columns master_customer_id,customer_id,date,number_of_cds,dollar_value; the sample id is used.
inline Transactions load_cdnow_sample() {
  Transactions t;
  std::ifstream in(std::string(SEGCORE_DATA_DIR) + "/cdnow_sample.csv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string f[5];
    for (auto& field : f) std::getline(ss, field, ',');
    t.customer.push_back(std::stoll(f[1]));
    t.time.push_back(epoch_seconds(std::stoi(f[2])));
    t.amount.push_back(std::stod(f[4]));
  }
  return t;
}

}  // namespace segcore_test
