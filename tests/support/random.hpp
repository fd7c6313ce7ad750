// Seeded random data for tests.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace segcore_test {

template <class T = double>
std::vector<T> random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed, double lo = -10.0,
                             double hi = 10.0) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<T> v(rows * cols);
  for (auto& x : v) x = static_cast<T>(dist(rng));
  return v;
}

}  // namespace segcore_test
