// Segment profiles (personas): what each segment looks like against the whole population,
// and a short generated name ("recent, frequent, high spend").
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Options of segment_profiles().
struct PersonaOptions {
  std::vector<std::string> feature_names;  // one per column; empty: "feature 0", "feature 1", ...
  // Optional words for a segment far below / above the population on a column, one per column
  // ("" for the default "low <name>" / "high <name>"): e.g. recency_days -> "recent" / "lapsed".
  std::vector<std::string> low_words;
  std::vector<std::string> high_words;  // likewise for a segment far above
  int top_features = 3;                 // distinguishing features reported (and named), >= 0
  double min_effect = 0.5;              // |effect| below which a feature is not named
};

// One segment described against the population.
struct Persona {
  std::int32_t label = 0;  // the segment's label value
  std::size_t size = 0;    // rows with this label
  double share = 0;        // size / rows
  // Per column: mean and median of the segment; lift = mean / population mean (NaN when the
  // population mean is 0); effect = (mean - population mean) / population standard deviation
  // (ddof 0; 0 for a constant column).
  std::vector<double> mean;
  std::vector<double> median;    // per column, as above
  std::vector<double> lift;      // per column, as above
  std::vector<double> effect;    // per column, as above
  std::vector<std::size_t> top;  // columns by decreasing |effect|, at most top_features
  std::string name;              // the named top features with |effect| >= min_effect, or "typical"
};

// One persona per distinct label, in ascending label order. Medians average the two middle
// values of an even count.
StatusOr<std::vector<Persona>> segment_profiles(ConstMatrixView<double> x, std::span<const std::int32_t> labels,
                                                const PersonaOptions& options = {});
// The same for float data.
StatusOr<std::vector<Persona>> segment_profiles(ConstMatrixView<float> x, std::span<const std::int32_t> labels,
                                                const PersonaOptions& options = {});

SEGCORE_NAMESPACE_END
