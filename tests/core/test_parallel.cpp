#include <doctest/doctest.h>

#include <numeric>
#include <stdexcept>
#include <vector>

#include "segcore/parallel.hpp"

using segcore::Blocks;
using segcore::parallel_for;

TEST_CASE("Blocks cover [0, n) exactly, with a short last block") {
  for (std::size_t n : {0u, 1u, 7u, 64u, 65u, 1000u}) {
    Blocks b(n, 16);
    std::size_t covered = 0;
    for (std::size_t t = 0; t < b.count(); ++t) {
      CHECK(b[t].begin == covered);
      CHECK(b[t].size() <= 16);
      CHECK(b[t].size() > 0);
      covered = b[t].end;
    }
    CHECK(covered == n);
  }
}

TEST_CASE("parallel_for runs every task once, whatever the thread count") {
  for (int threads : {1, 2, 3, 8}) {
    std::vector<int> hits(1001, 0);
    parallel_for(threads, hits.size(), [&](std::size_t t) { hits[t] += 1; });
    CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
  }
}

TEST_CASE("a per-task reduction gives bit-identical sums for 1, 2 and 7 threads") {
  std::vector<double> x(100000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1.0 / static_cast<double>(i + 1) * ((i % 3) ? 1 : -1e3);
  auto sum_with = [&](int threads) {
    Blocks blocks(x.size(), 1000);
    std::vector<double> part(blocks.count(), 0.0);
    parallel_for(threads, blocks.count(), [&](std::size_t t) {
      for (std::size_t i = blocks[t].begin; i < blocks[t].end; ++i) part[t] += x[i];
    });
    return std::accumulate(part.begin(), part.end(), 0.0);
  };
  const double one = sum_with(1);
  CHECK(sum_with(2) == one);
  CHECK(sum_with(7) == one);
}

TEST_CASE("parallel_for rethrows the exception of the lowest failing task") {
  for (int threads : {1, 2, 4}) {
    std::string message;
    try {
      parallel_for(threads, 100, [](std::size_t t) {
        if (t == 37 || t == 80) throw std::runtime_error("task " + std::to_string(t));
      });
    } catch (const std::runtime_error& e) {
      message = e.what();
    }
    CHECK(message == "task 37");
  }
}

TEST_CASE("resolve_threads keeps a positive request and maps 0 to the core count") {
  CHECK(segcore::resolve_threads(3) == 3);
  CHECK(segcore::resolve_threads(0) >= 1);
}
