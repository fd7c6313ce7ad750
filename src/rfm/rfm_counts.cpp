// RfmCounts: a partition's digit counts for one round of the RFM radix selection, and their
// sum over partitions. A block's values that fall in a request's range become codes
// (request << 16 | digit), sorted (a two-pass radix sort for large blocks) and run-length
// counted, so the work is linear in the block whatever the number of requests.
#include <algorithm>
#include <bit>
#include <cmath>

#include "segcore/rfm_partial.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr int kDigitBits = 16;
constexpr std::size_t kMaxRequests = std::size_t{1} << 16;  // a request index fits a code's high half
constexpr int kRounds = 2 * kRfmValueRounds;
// A block against at most this many ranges of one measure, with at least 65,536 values a range,
// counts into a table of (range, digit): 8 MiB at most, and no more than 8 bytes a value.
constexpr std::size_t kDenseMaxRanges = 16;

// The bits a prefix of `digits` 16-bit digits may hold.
bool fits(std::uint64_t prefix, int digits) {
  return digits >= 4 || (digits == 0 ? prefix == 0 : prefix >> (kDigitBits * digits) == 0);
}

// Radix-sorts codes in place on their low, then high 16 bits (stable, so the result is sorted).
void radix_sort(std::vector<std::uint32_t>& codes, std::size_t n_requests) {
  std::vector<std::uint32_t> tmp(codes.size());
  std::vector<std::size_t> start(std::size_t{1} << kDigitBits);
  for (std::uint32_t c : codes) ++start[c & 0xFFFFu];
  std::size_t at = 0;
  for (std::size_t& s : start) at += std::exchange(s, at);
  for (std::uint32_t c : codes) tmp[start[c & 0xFFFFu]++] = c;
  start.assign(n_requests, 0);
  for (std::uint32_t c : tmp) ++start[c >> kDigitBits];
  at = 0;
  for (std::size_t& s : start) at += std::exchange(s, at);
  for (std::uint32_t c : tmp) codes[start[c >> kDigitBits]++] = c;
}

}  // namespace

std::uint64_t rfm_order_key(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value + 0.0);  // -0 + 0 is +0
  constexpr std::uint64_t sign = std::uint64_t{1} << 63;
  return (bits & sign) != 0 ? ~bits : bits | sign;
}

double rfm_key_value(std::uint64_t key) {
  constexpr std::uint64_t sign = std::uint64_t{1} << 63;
  return std::bit_cast<double>((key & sign) != 0 ? key & ~sign : ~key);
}

StatusOr<RfmCounts> RfmCounts::create(int round, std::size_t n_measures, std::vector<RfmCountRequest> requests) {
  constexpr const char* where = "RfmCounts";
  if (round < 0 || round >= kRounds) return invalid_argument(where, "round ", round, " is not 0 to ", kRounds - 1);
  if (requests.size() >= kMaxRequests)
    return invalid_argument(where, requests.size(), " requests; at most ", kMaxRequests - 1);
  const int value_digits = std::min(round, kRfmValueRounds), position_digits = std::max(0, round - kRfmValueRounds);
  for (std::size_t r = 0; r < requests.size(); ++r) {
    const RfmCountRequest& q = requests[r];
    if (q.measure >= n_measures)
      return invalid_argument(where, "request ", r, " is for measure ", q.measure, " of ", n_measures);
    if (!fits(q.value_prefix, value_digits) || !fits(q.position_prefix, position_digits))
      return invalid_argument(where, "request ", r, " has a prefix longer than round ", round, " knows");
    auto order = [](const RfmCountRequest& x) { return std::tie(x.measure, x.value_prefix, x.position_prefix); };
    if (r > 0 && !(order(requests[r - 1]) < order(q)))
      return invalid_argument(where, "request ", r, " is not after request ", r - 1, " (ascending, no repeats)");
  }
  RfmCounts c;
  c.round_ = round;
  c.n_measures_ = n_measures;
  c.requests_ = std::move(requests);
  c.start_.assign(c.requests_.size() + 1, 0);
  return c;
}

std::span<const std::uint16_t> RfmCounts::digits(std::size_t r) const {
  return std::span<const std::uint16_t>(digits_).subspan(start_[r], start_[r + 1] - start_[r]);
}

std::span<const std::uint64_t> RfmCounts::counts(std::size_t r) const {
  return std::span<const std::uint64_t>(counts_).subspan(start_[r], start_[r + 1] - start_[r]);
}

Status RfmCounts::add(std::size_t measure, std::span<const double> values, std::span<const std::uint64_t> positions) {
  constexpr const char* where = "RfmCounts::add";
  if (measure >= n_measures_) return invalid_argument(where, "measure ", measure, " of ", n_measures_);
  const bool by_position = round_ >= kRfmValueRounds;
  if (by_position && positions.size() != values.size())
    return invalid_argument(where, values.size(), " values but ", positions.size(), " positions (round ", round_,
                            " ranks ties by position)");
  if (!by_position && !positions.empty() && positions.size() != values.size())
    return invalid_argument(where, values.size(), " values but ", positions.size(), " positions");
  for (std::size_t i = 0; i < values.size(); ++i)
    if (std::isnan(values[i])) return invalid_argument(where, "measure ", measure, ": value ", i, " is NaN");
  // The measure's requests, and the part of a key or position they are told apart by.
  const auto first = std::lower_bound(requests_.begin(), requests_.end(), measure,
                                      [](const RfmCountRequest& q, std::size_t m) { return q.measure < m; });
  const auto last =
      std::find_if(first, requests_.end(), [&](const RfmCountRequest& q) { return q.measure != measure; });
  if (first == last || values.empty()) return absl::OkStatus();
  const auto base = static_cast<std::uint32_t>(first - requests_.begin());
  const int known = by_position ? round_ - kRfmValueRounds : round_;  // digits of the prefix
  const int shift = 64 - kDigitBits * (known + 1);                    // of the next digit
  // The requests' prefixes as flat arrays (ascending: value, then position), so most values
  // are passed over by two comparisons with the first and last.
  std::vector<std::uint64_t> value_prefix, position_prefix;
  for (auto it = first; it != last; ++it) {
    value_prefix.push_back(it->value_prefix);
    position_prefix.push_back(it->position_prefix);
  }
  const std::uint64_t lowest = value_prefix.front(), highest = value_prefix.back();
  // Large blocks against few ranges count straight into a table of every (range, digit); the
  // rest gather codes (range << 16 | digit) and sort them.
  const std::size_t n_ranges = value_prefix.size();
  const bool dense = n_ranges <= kDenseMaxRanges && (n_ranges << kDigitBits) <= values.size();
  std::vector<std::uint64_t> table(dense ? n_ranges << kDigitBits : 0);
  std::vector<std::uint32_t> codes;
  if (!dense) codes.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint64_t key = rfm_order_key(values[i]);
    const std::uint64_t prefix = by_position || known == 0 ? (by_position ? key : 0) : key >> (64 - kDigitBits * known);
    if (prefix < lowest || prefix > highest) continue;
    auto at = std::lower_bound(value_prefix.begin(), value_prefix.end(), prefix);
    if (*at != prefix) continue;
    const std::uint64_t word = by_position ? positions[i] : key;
    if (by_position && known > 0) {  // among the requests for this value, the position's
      const std::uint64_t wanted = word >> (64 - kDigitBits * known);
      const auto end = std::upper_bound(at, value_prefix.end(), prefix);
      const auto p0 = position_prefix.begin() + (at - value_prefix.begin());
      const auto p = std::lower_bound(p0, p0 + (end - at), wanted);
      if (p == p0 + (end - at) || *p != wanted) continue;
      at += p - p0;
    }
    const auto range = static_cast<std::uint32_t>(at - value_prefix.begin());
    const auto digit = static_cast<std::uint32_t>((word >> shift) & 0xFFFFu);
    if (dense)
      ++table[std::size_t{range} << kDigitBits | digit];
    else
      codes.push_back((base + range) << kDigitBits | digit);
  }
  RfmCounts block = *this;
  if (dense) {
    block.start_.assign(requests_.size() + 1, 0);
    block.digits_.clear();
    block.counts_.clear();
    for (std::size_t r = 0; r < requests_.size(); ++r) {
      if (r >= base && r < base + n_ranges)
        for (std::size_t digit = 0; digit < (std::size_t{1} << kDigitBits); ++digit)
          if (const std::uint64_t c = table[(r - base) << kDigitBits | digit]) {
            block.digits_.push_back(static_cast<std::uint16_t>(digit));
            block.counts_.push_back(c);
          }
      block.start_[r + 1] = block.digits_.size();
    }
    return merge(block);
  }
  if (codes.size() < (std::size_t{1} << kDigitBits))
    std::sort(codes.begin(), codes.end());
  else
    radix_sort(codes, requests_.size());
  block.set_counts(std::move(codes));
  return merge(block);
}

void RfmCounts::set_counts(std::vector<std::uint32_t> codes) {
  start_.assign(requests_.size() + 1, 0);
  digits_.clear();
  counts_.clear();
  for (std::size_t i = 0; i < codes.size();) {
    std::size_t j = i;
    while (j < codes.size() && codes[j] == codes[i]) ++j;
    ++start_[(codes[i] >> kDigitBits) + 1];
    digits_.push_back(static_cast<std::uint16_t>(codes[i] & 0xFFFFu));
    counts_.push_back(j - i);
    i = j;
  }
  for (std::size_t r = 0; r < requests_.size(); ++r) start_[r + 1] += start_[r];
}

Status RfmCounts::merge(const RfmCounts& other) {
  if (other.round_ != round_ || other.n_measures_ != n_measures_ || other.requests_ != requests_)
    return invalid_argument("RfmCounts::merge", "the counts are for round ", other.round_, " with ",
                            other.requests_.size(), " requests; this state is for round ", round_, " with ",
                            requests_.size(), " (merge the counts of one round's request)");
  std::vector<std::size_t> start(requests_.size() + 1, 0);
  std::vector<std::uint16_t> digits;
  std::vector<std::uint64_t> counts;
  digits.reserve(std::max(digits_.size(), other.digits_.size()));
  counts.reserve(digits.capacity());
  for (std::size_t r = 0; r < requests_.size(); ++r) {
    const auto ad = this->digits(r), bd = other.digits(r);
    const auto ac = this->counts(r), bc = other.counts(r);
    std::size_t i = 0, j = 0;
    while (i < ad.size() || j < bd.size()) {
      if (j == bd.size() || (i < ad.size() && ad[i] < bd[j])) {
        digits.push_back(ad[i]);
        counts.push_back(ac[i++]);
      } else if (i == ad.size() || bd[j] < ad[i]) {
        digits.push_back(bd[j]);
        counts.push_back(bc[j++]);
      } else {
        digits.push_back(ad[i]);
        counts.push_back(ac[i++] + bc[j++]);
      }
    }
    start[r + 1] = digits.size();
  }
  start_ = std::move(start);
  digits_ = std::move(digits);
  counts_ = std::move(counts);
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
