// Exact RFM quantile edges and rank bounds over values held by many partitions: a radix
// selection of order statistics in rounds. The client's RfmSelection knows the wanted ranks
// and the digits found so far and makes each round's request, an empty RfmCounts; every
// partition counts its values into a copy of it (the next 16-bit digit of each value's order
// key inside each wanted range), the states travel as bytes and merge by adding; the summed
// counts narrow every wanted rank. Four rounds pin a double; rank mode, whose ties go by first
// appearance, then selects on the first-appearance position in four more. The edges and
// scores equal rfm_score's on the whole data (score_values: -0 is +0, NaN is refused).
// Since: 0.2, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/rfm.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Rounds on the value's order key; rank mode adds as many on the position.
inline constexpr int kRfmValueRounds = 4;

// One range whose values a partition counts by their next digit. Rounds 0..3 work on the
// value's order key: value_prefix holds its first 16 * round bits. Rounds 4..7 (rank mode) work
// on the position among values whose key is value_prefix: position_prefix holds the position's
// first 16 * (round - 4) bits.
struct RfmCountRequest {
  std::uint32_t measure = 0;          // the measure whose values are counted
  std::uint64_t value_prefix = 0;     // the order key's digits found so far (all four from round 4)
  std::uint64_t position_prefix = 0;  // the position's digits found so far (rank rounds)
  // Requests are equal when all three fields are.
  friend bool operator==(const RfmCountRequest&, const RfmCountRequest&) = default;
};

// The counts of one round for one or many partitions: the partial state that travels.
class RfmCounts {
 public:
  // An empty state for the requests of `round` (0..7) over n_measures measures. InvalidArgument
  // for requests out of order (ascending by measure, value_prefix, position_prefix, no repeats),
  // out of range, or a prefix longer than the round knows.
  static StatusOr<RfmCounts> create(int round, std::size_t n_measures, std::vector<RfmCountRequest> requests);

  // Counts the values of one measure (a block of a partition) into the state. Higher values
  // score higher (pass -recency_days for R, as rfm_score does); -0 counts as +0. positions: the
  // values' first-appearance positions (ties in rank mode), needed from round 4 on, else may
  // be empty. InvalidArgument for a NaN value (naming its index), an unknown measure, or
  // positions of another length.
  Status add(std::size_t measure, std::span<const double> values, std::span<const std::uint64_t> positions = {});

  // Adds other's counts. InvalidArgument unless both are for the same round and requests.
  Status merge(const RfmCounts& other);

  // The little-endian byte form (docs/MODEL_FILES.md, "RFM selection counts").
  std::vector<std::uint8_t> to_bytes() const;
  // A state from its byte form; DataLoss naming the field or offset for truncated, corrupt or
  // inconsistent bytes.
  static StatusOr<RfmCounts> from_bytes(std::span<const std::uint8_t> bytes);

  int round() const { return round_; }                                        // 0..7
  std::size_t n_measures() const { return n_measures_; }                      // measures counted
  const std::vector<RfmCountRequest>& requests() const { return requests_; }  // ascending
  // Request r's counts: the digits seen (ascending)...
  std::span<const std::uint16_t> digits(std::size_t r) const;
  // ...and how many values had each.
  std::span<const std::uint64_t> counts(std::size_t r) const;

 private:
  RfmCounts() = default;
  void set_counts(std::vector<std::uint32_t> codes);

  int round_ = 0;
  std::size_t n_measures_ = 0;
  std::vector<RfmCountRequest> requests_;
  std::vector<std::size_t> start_;  // request r's entries are [start_[r], start_[r + 1])
  std::vector<std::uint16_t> digits_;
  std::vector<std::uint64_t> counts_;
};

// The client side: the wanted order statistics and the digits found so far.
class RfmSelection {
 public:
  // A selection for rfm_score's edges (mode quantile) or rank bounds (mode rank) in `bins`
  // scores over n_measures measures (3 for R, F, M). InvalidArgument for bins outside 2..100,
  // mode fixed or unknown, n_measures 0 or above 16.
  static StatusOr<RfmSelection> create(int bins, RfmMode mode, std::size_t n_measures = 3);

  bool done() const { return round_ == rounds_; }  // every round narrowed
  int round() const { return round_; }             // rounds narrowed so far
  int rounds() const { return rounds_; }           // 4 (quantile) or 8 (rank); 1 when there are no values
  // The empty counts partitions fill this round. FailedPrecondition when done.
  StatusOr<RfmCounts> request() const;
  // Narrows each wanted rank with the counts of every partition, summed. The first round
  // finds how many values each measure has. InvalidArgument when the counts are for another
  // round or requests, or do not hold the values the previous round counted in the ranges (a
  // partition missing or counted twice); FailedPrecondition when done.
  Status narrow(const RfmCounts& summed);

  // After done: the measure's number of values, and its bins - 1 edges as rfm_score reports
  // them (quantile: numpy's linear quantiles k / bins of the values, 0 when there are none;
  // rank: 1 + (n - 1) k / bins). FailedPrecondition before done, InvalidArgument for an unknown
  // measure.
  StatusOr<std::uint64_t> n_values(std::size_t measure) const;
  // (see n_values)
  StatusOr<std::vector<double>> edges(std::size_t measure) const;
  // Scores 1..bins of values of the measure, as rfm_score gives them on the whole data
  // (positions: the values' first-appearance positions, rank mode only).
  Status score(std::size_t measure, std::span<const double> values, std::span<const std::uint64_t> positions,
               std::span<std::int32_t> scores) const;
  // Rank mode, after done: the value and position from which each score above 1 starts (a
  // value scores 1 + the number of bounds (value, position) it is at or above, by value, then
  // position; with fewer values than bins a bound may repeat). Quantile mode: empty.
  struct Bound {
    double value = 0;            // a value of the data (+0 for either zero)
    std::uint64_t position = 0;  // its first-appearance position
  };
  // (see Bound)
  StatusOr<std::vector<Bound>> rank_bounds(std::size_t measure) const;

  int bins() const { return bins_; }                    // as created
  RfmMode mode() const { return mode_; }                // as created
  std::size_t n_measures() const { return n_.size(); }  // as created

 private:
  struct Target {
    std::uint32_t measure = 0;
    std::uint64_t rank = 0;   // 1-based among the measure's values
    std::uint64_t left = 0;   // its rank inside the range found so far
    std::uint64_t range = 0;  // values in that range (the previous round's count)
    std::uint64_t value_key = 0;
    std::uint64_t position = 0;
  };
  RfmSelection() = default;
  RfmCountRequest request_of(const Target& t) const;
  std::vector<std::uint64_t> wanted_ranks(std::size_t measure) const;  // by k, repeats kept
  void make_targets();
  const Target& target(std::size_t measure, std::uint64_t rank) const;
  Status ready(std::size_t measure) const;
  double order_statistic(std::size_t measure, std::uint64_t rank) const;

  int bins_ = 5;
  RfmMode mode_ = RfmMode::quantile;
  int round_ = 0, rounds_ = 0;
  std::vector<std::uint64_t> n_;  // per measure, after round 0
  std::vector<Target> targets_;   // by measure, then rank
};

// The unsigned key whose order is the values' (-0 as +0): the sign bit flipped for positive
// values, every bit for negative ones.
std::uint64_t rfm_order_key(double value);
// The value of an order key (+0 for the key of either zero).
double rfm_key_value(std::uint64_t key);

SEGCORE_NAMESPACE_END
