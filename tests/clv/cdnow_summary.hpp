// The CDNOW sample summarised as in Fader, Hardie and Lee (2005): same-day purchases merged,
// weeks, calibration period ending 1997-09-30.
#pragma once

#include "clv/cdnow.hpp"
#include "segcore/clv.hpp"

namespace segcore_test {

inline segcore::ClvSummary cdnow_calibration_summary() {
  const auto t = load_cdnow_sample();
  auto s = segcore::summarize_transactions(t.customer, t.time, t.amount,
                                           {.time_unit_days = 7, .calibration_end = epoch_seconds(19970930)});
  return *std::move(s);
}

inline segcore::ClvHistories histories(const segcore::ClvSummary& s) {
  return {.frequency = s.frequency, .recency = s.recency, .T = s.T};
}

}  // namespace segcore_test
