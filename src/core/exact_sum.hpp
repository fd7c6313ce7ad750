// A sum of doubles kept exactly, as a list of non-overlapping partials (Shewchuk's expansion,
// the method of Python's math.fsum), rounded once when read. Partial states sum with it so
// that a merged result does not depend on how the rows were split or in which order the parts
// were added: every split gives the correctly rounded sum. Internal.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

class ExactSum {
 public:
  // Adds a finite value. A sum that leaves the range of double (or a value that is not
  // finite) makes the sum NaN for good: value() reports it and callers fail on it.
  void add(double x) {
    if (overflowed()) return;
    if (!std::isfinite(x)) return poison();
    std::size_t kept = 0;
    for (double y : parts_) {
      if (std::abs(x) < std::abs(y)) std::swap(x, y);
      const double hi = x + y;
      if (!std::isfinite(hi)) return poison();
      const double lo = y - (hi - x);
      if (lo != 0) parts_[kept++] = lo;
      x = hi;
    }
    parts_.resize(kept);
    parts_.push_back(x);
  }
  void add(const ExactSum& other) {
    if (other.overflowed()) return poison();
    const std::vector<double> parts = other.parts_;  // a copy: other may be this sum itself
    for (double p : parts) add(p);
  }
  // The exact sum rounded to the nearest double (ties to even); 0 when empty, NaN after an
  // overflow.
  double value() const {
    std::size_t n = parts_.size();
    if (n == 0) return 0.0;
    double hi = parts_[--n], lo = 0;
    while (n > 0) {  // add from the largest partial down until the rest cannot change hi
      const double x = hi, y = parts_[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0) break;
    }
    // Round half to even across the partials left: when lo is exactly half an ulp and the next
    // partial has its sign, the true sum lies beyond the half and hi must move.
    if (n > 0 && ((lo < 0 && parts_[n - 1] < 0) || (lo > 0 && parts_[n - 1] > 0))) {
      const double y = lo * 2, x = hi + y;
      if (y == x - hi) hi = x;
    }
    return hi;
  }
  bool overflowed() const { return parts_.size() == 1 && std::isnan(parts_[0]); }
  // The partials (smallest magnitude first), for the byte form.
  const std::vector<double>& parts() const { return parts_; }
  // A sum from partials read back (added again, so any finite list gives a valid sum); false
  // unless they are finite or the one NaN of an overflow.
  bool assign(const std::vector<double>& parts) {
    parts_.clear();
    if (parts.size() == 1 && std::isnan(parts[0])) {
      poison();
      return true;
    }
    for (double p : parts) {
      if (!std::isfinite(p)) return false;
      add(p);
    }
    return !overflowed();
  }

 private:
  void poison() { parts_.assign(1, std::numeric_limits<double>::quiet_NaN()); }
  std::vector<double> parts_;
};

}  // namespace detail
SEGCORE_NAMESPACE_END
