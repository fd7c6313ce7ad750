// The RFM selection through the C ABI: create / request / counts add / to_bytes / from_bytes /
// merge / narrow over partitions gives segcore_rfm_score's edges and scores on the whole
// table, and every bad input is a status with a message.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "segcore/rfm.hpp"
#include "segcore_profile.h"

namespace {

std::string last() { return segcore_last_error_message(); }

std::vector<unsigned char> bytes_of(const segcore_rfm_counts* c) {
  size_t size = 0;
  REQUIRE(segcore_rfm_counts_to_bytes(c, nullptr, 0, &size) == SEGCORE_OK);
  std::vector<unsigned char> b(size);
  REQUIRE(segcore_rfm_counts_to_bytes(c, b.data(), b.size(), &size) == SEGCORE_OK);
  return b;
}

segcore_rfm_counts* from(const std::vector<unsigned char>& b) {
  segcore_rfm_counts* out = nullptr;
  REQUIRE(segcore_rfm_counts_from_bytes(&out, b.data(), b.size()) == SEGCORE_OK);
  return out;
}

// Runs a selection over the partitions [cut[p], cut[p+1]) of three measures, every state
// travelling as bytes.
segcore_rfm_selection* select(const std::vector<double> (&v)[3], int32_t bins, int32_t mode,
                              const std::vector<size_t>& cut) {
  segcore_rfm_selection* sel = nullptr;
  REQUIRE(segcore_rfm_selection_create(&sel, bins, mode, 3) == SEGCORE_OK);
  std::vector<uint64_t> pos(v[0].size());
  for (size_t i = 0; i < pos.size(); ++i) pos[i] = i;
  int32_t done = 0, round = -1;
  auto finished = [&] {
    REQUIRE(segcore_rfm_selection_done(sel, &done, &round) == SEGCORE_OK);
    return done != 0;
  };
  while (!finished()) {
    segcore_rfm_counts* request = nullptr;
    REQUIRE(segcore_rfm_selection_request(sel, &request) == SEGCORE_OK);
    const std::vector<unsigned char> sent = bytes_of(request);
    segcore_rfm_counts* sum = from(sent);
    for (size_t p = 0; p + 1 < cut.size(); ++p) {
      segcore_rfm_counts* part = from(sent);
      for (size_t m = 0; m < 3; ++m)
        REQUIRE(segcore_rfm_counts_add(part, m, v[m].data() + cut[p], pos.data() + cut[p], cut[p + 1] - cut[p]) ==
                SEGCORE_OK);
      segcore_rfm_counts* travelled = from(bytes_of(part));
      REQUIRE(segcore_rfm_counts_merge(sum, travelled) == SEGCORE_OK);
      segcore_rfm_counts_destroy(part);
      segcore_rfm_counts_destroy(travelled);
    }
    REQUIRE(segcore_rfm_selection_narrow(sel, sum) == SEGCORE_OK);
    segcore_rfm_counts_destroy(sum);
    segcore_rfm_counts_destroy(request);
  }
  return sel;
}

}  // namespace

TEST_CASE("C ABI: the RFM selection over partitions gives the edges and scores of one process") {
  std::mt19937_64 rng(11);
  for (int32_t mode : {SEGCORE_RFM_QUANTILE, SEGCORE_RFM_RANK}) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{9}, size_t{500}}) {
      CAPTURE(n);
      // -recency in days (R scores recent customers high), integer frequencies with heavy ties,
      // monetary in cents.
      std::vector<double> v[3];
      for (size_t i = 0; i < n; ++i) {
        v[0].push_back(-static_cast<double>(rng() % 40));
        v[1].push_back(static_cast<double>(1 + rng() % 4));
        v[2].push_back(static_cast<double>(rng() % 100000) / 100.0);
      }
      const size_t third = n / 3;
      segcore_rfm_selection* sel = select(v, 5, mode, {0, third, third, n});
      uint64_t count = 99;
      REQUIRE(segcore_rfm_selection_n_values(sel, 1, &count) == SEGCORE_OK);
      CHECK(count == n);
      std::vector<uint64_t> pos(n);
      for (size_t i = 0; i < n; ++i) pos[i] = i;
      for (size_t m = 0; m < 3; ++m) {
        std::vector<double> want_edges;
        auto want = segcore::score_values(v[m], std::vector<std::uint8_t>(n, 1), 5, static_cast<segcore::RfmMode>(mode),
                                          {}, want_edges);
        REQUIRE(want.ok());
        std::vector<int32_t> got(n);
        REQUIRE(segcore_rfm_selection_score(sel, m, v[m].data(), pos.data(), n, got.data(), n) == SEGCORE_OK);
        CHECK(got == *want);
        std::vector<double> edges(4);
        REQUIRE(segcore_rfm_selection_get_edges(sel, m, edges.data(), edges.size()) == SEGCORE_OK);
        CHECK(edges == want_edges);
      }
      size_t n_bounds = 99;
      REQUIRE(segcore_rfm_selection_get_rank_bounds(sel, 2, nullptr, nullptr, 0, &n_bounds) == SEGCORE_OK);
      CHECK(n_bounds == (mode == SEGCORE_RFM_RANK && n > 1 ? 4u : 0u));
      if (n_bounds > 0) {
        std::vector<double> values(n_bounds);
        std::vector<uint64_t> positions(n_bounds);
        CHECK(segcore_rfm_selection_get_rank_bounds(sel, 2, values.data(), positions.data(), n_bounds - 1, &n_bounds) ==
              SEGCORE_ERANGE);
        REQUIRE(segcore_rfm_selection_get_rank_bounds(sel, 2, values.data(), positions.data(), n_bounds, &n_bounds) ==
                SEGCORE_OK);
        // Each bound is a value of the data at its own position.
        for (size_t k = 0; k < n_bounds; ++k) CHECK(v[2][positions[k]] == values[k]);
      }
      segcore_rfm_selection_destroy(sel);
    }
  }
}

TEST_CASE("C ABI: bad input to the RFM selection is a status with a message") {
  segcore_rfm_selection* sel = nullptr;
  CHECK(segcore_rfm_selection_create(&sel, 1, SEGCORE_RFM_QUANTILE, 3) == SEGCORE_EINVAL);
  CHECK(sel == nullptr);
  CHECK(last().find("bins") != std::string::npos);
  CHECK(segcore_rfm_selection_create(&sel, 5, SEGCORE_RFM_FIXED, 3) == SEGCORE_EINVAL);
  CHECK(segcore_rfm_selection_create(nullptr, 5, SEGCORE_RFM_QUANTILE, 3) == SEGCORE_EINVAL);
  REQUIRE(segcore_rfm_selection_create(&sel, 5, SEGCORE_RFM_RANK, 3) == SEGCORE_OK);
  double edges[4];
  CHECK(segcore_rfm_selection_get_edges(sel, 0, edges, 4) == SEGCORE_ENOTFITTED);
  segcore_rfm_counts* c = nullptr;
  REQUIRE(segcore_rfm_selection_request(sel, &c) == SEGCORE_OK);
  const double with_nan[] = {1.0, NAN};
  CHECK(segcore_rfm_counts_add(c, 0, with_nan, nullptr, 2) == SEGCORE_EINVAL);
  CHECK(last().find("value 1 is NaN") != std::string::npos);
  CHECK(segcore_rfm_counts_add(c, 3, with_nan, nullptr, 1) == SEGCORE_EINVAL);
  CHECK(segcore_rfm_counts_add(c, 0, nullptr, nullptr, 1) == SEGCORE_EINVAL);
  CHECK(segcore_rfm_counts_add(nullptr, 0, with_nan, nullptr, 1) == SEGCORE_EINVAL);
  CHECK(segcore_rfm_counts_merge(c, nullptr) == SEGCORE_EINVAL);
  const std::vector<unsigned char> b = bytes_of(c);
  unsigned char small[4];
  size_t size = 0;
  CHECK(segcore_rfm_counts_to_bytes(c, small, sizeof small, &size) == SEGCORE_ERANGE);
  CHECK(size == b.size());
  std::vector<unsigned char> bad = b;
  bad[bad.size() / 2] ^= 1;
  segcore_rfm_counts* back = nullptr;
  CHECK(segcore_rfm_counts_from_bytes(&back, bad.data(), bad.size()) == SEGCORE_ECORRUPT);
  CHECK(last().find("checksum") != std::string::npos);
  CHECK(segcore_rfm_counts_from_bytes(&back, b.data(), b.size() - 1) == SEGCORE_ECORRUPT);
  CHECK(back == nullptr);
  CHECK(segcore_rfm_counts_from_bytes(&back, nullptr, 3) == SEGCORE_EINVAL);
  CHECK(segcore_rfm_selection_narrow(sel, nullptr) == SEGCORE_EINVAL);
  // Round 0 for two measures only: the third's request was not counted, still a valid sum.
  const double ok[] = {1.0, 2.0};
  for (size_t m = 0; m < 3; ++m) REQUIRE(segcore_rfm_counts_add(c, m, ok, nullptr, 2) == SEGCORE_OK);
  REQUIRE(segcore_rfm_selection_narrow(sel, c) == SEGCORE_OK);
  CHECK(segcore_rfm_selection_narrow(sel, c) == SEGCORE_EINVAL);  // round 0's counts again
  CHECK(last().find("round 0") != std::string::npos);
  segcore_rfm_counts_destroy(c);
  segcore_rfm_counts_destroy(nullptr);
  segcore_rfm_selection_destroy(sel);
  segcore_rfm_selection_destroy(nullptr);
}
