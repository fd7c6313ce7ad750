// Gaussian blobs around random centers, for clustering tests.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace segcore_test {

template <class T = double>
struct Blobs {
  std::vector<T> x;             // n x d
  std::vector<int> truth;       // generating blob of each row
  std::vector<double> centers;  // k x d
};

// n rows in d dimensions around k centers drawn uniformly in [-spread, spread]^d, unit noise.
template <class T = double>
Blobs<T> blobs(std::size_t n, std::size_t d, std::size_t k, double spread, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-spread, spread);
  std::normal_distribution<double> g(0.0, 1.0);
  Blobs<T> b;
  b.centers.resize(k * d);
  for (auto& c : b.centers) c = u(rng);
  b.x.resize(n * d);
  b.truth.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = i % k;
    b.truth[i] = static_cast<int>(c);
    for (std::size_t j = 0; j < d; ++j) b.x[i * d + j] = static_cast<T>(b.centers[c * d + j] + g(rng));
  }
  return b;
}

}  // namespace segcore_test
