// KMeansPartial against KMeans: Lloyd iterations driven through partial states, over the data
// cut into random uneven blocks (empty ones among them) and merged in block order, give the
// one-process fit's labels and iteration count and its centers and inertia to rounding, on
// data far from zero and scaled, in both precisions, and when clusters go empty. The merge,
// the byte form and the bad inputs are tested too.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "segcore/describe.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/kmeans_partial.hpp"

using segcore::ConstMatrixView;
using segcore::KMeans;
using segcore::KMeansPartial;
using segcore::KMeansValueType;

namespace {

struct Data {
  std::size_t n, d, k;
  std::vector<double> x;
};

// Gaussian blobs (spread 1, centers within +-6) moved by `offset` and multiplied by `scale`:
// overlapping enough that the iterations run a while and rows change clusters.
Data blobs(std::size_t n, std::size_t d, std::size_t k, double offset, double scale, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::uniform_real_distribution<double> where(-6.0, 6.0);
  std::vector<double> centers(k * d);
  for (double& c : centers) c = where(rng);
  Data data{n, d, k, std::vector<double>(n * d)};
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) data.x[i * d + j] = offset + scale * (centers[(i % k) * d + j] + noise(rng));
  return data;
}

// Block boundaries: `parts` blocks of random sizes summing to n, some of them empty.
std::vector<std::size_t> cuts(std::size_t n, std::size_t parts, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::size_t> c{0, n};
  std::uniform_int_distribution<std::size_t> at(0, n);
  for (std::size_t p = 1; p < parts; ++p) c.push_back(p % 4 == 0 ? c[p % c.size()] : at(rng));
  std::sort(c.begin(), c.end());
  return c;
}

struct Driven {
  std::vector<double> centers;
  std::vector<std::int32_t> labels;
  double inertia = 0;
  int n_iter = 0;
};

template <class T>
KMeansPartial pass(const KMeansPartial& state, const std::vector<T>& x, std::size_t d,
                   const std::vector<std::size_t>& c, std::vector<std::int32_t>* labels = nullptr) {
  KMeansPartial merged = state;
  for (std::size_t b = 0; b + 1 < c.size(); ++b) {
    KMeansPartial part = state;
    const ConstMatrixView<T> block(x.data() + c[b] * d, c[b + 1] - c[b], d);
    std::span<std::int32_t> out;
    if (labels) out = std::span<std::int32_t>(labels->data() + c[b], c[b + 1] - c[b]);
    REQUIRE(part.accumulate(block, {}, c[b], out).ok());
    // Through the byte form, as between processes.
    auto back = KMeansPartial::from_bytes(part.to_bytes());
    REQUIRE(back.ok());
    REQUIRE(merged.merge(*back).ok());
  }
  return merged;
}

// Lloyd's iterations as segcore.dask runs them.
template <class T>
Driven drive(const std::vector<T>& x, std::size_t n, std::size_t d, const std::vector<double>& init, std::size_t k,
             int max_iter, double tol, const std::vector<std::size_t>& c) {
  constexpr auto type = std::is_same_v<T, float> ? KMeansValueType::f32 : KMeansValueType::f64;
  auto made = KMeansPartial::create(ConstMatrixView<double>(init.data(), k, d), type);
  REQUIRE(made.ok());
  KMeansPartial state = *made;
  Driven r;
  int it = 0;
  for (; it < max_iter; ++it) {
    auto step = pass(state, x, d, c).next();
    REQUIRE(step.ok());
    state = std::move(step->next);
    if (step->shift_sq_total <= tol) break;
  }
  r.n_iter = std::min(it + 1, max_iter);
  r.labels.assign(n, -1);
  r.inertia = pass(state, x, d, c, &r.labels).inertia();
  r.centers = state.centers();
  return r;
}

template <class T>
double effective_tol(const std::vector<T>& x, std::size_t n, std::size_t d, double tol) {
  auto stats = segcore::describe(ConstMatrixView<T>(x.data(), n, d));
  REQUIRE(stats.ok());
  double s = 0;
  for (double v : stats->stddev) s += v * v;
  return tol * s / static_cast<double>(d);
}

template <class T>
void check_same_as_one_process(const Data& data, const std::vector<double>& init, double tol, std::size_t parts,
                               std::uint64_t seed, double rel) {
  std::vector<T> x(data.x.begin(), data.x.end());
  segcore::KMeansOptions o;
  o.n_clusters = static_cast<int>(data.k);
  o.tol = tol;
  o.max_iter = 100;
  KMeans one(o);
  REQUIRE(one.set_initial_centers(ConstMatrixView<double>(init.data(), data.k, data.d)).ok());
  REQUIRE(one.fit(ConstMatrixView<T>(x.data(), data.n, data.d)).ok());
  const Driven many = drive(x, data.n, data.d, init, data.k, o.max_iter, effective_tol(x, data.n, data.d, tol),
                            cuts(data.n, parts, seed));
  CHECK(many.n_iter == one.n_iter());
  CHECK(many.labels == one.labels());
  const auto c = one.centers();
  double scale = 0;
  for (std::size_t q = 0; q < c.size(); ++q) scale = std::max(scale, std::abs(c.data()[q]));
  for (std::size_t q = 0; q < c.size(); ++q)
    CHECK(std::abs(many.centers[q] - c.data()[q]) <= rel * std::max(1.0, std::abs(c.data()[q])));
  CHECK(std::abs(many.inertia - one.inertia()) <= rel * one.inertia());
}

}  // namespace

TEST_CASE("KMeansPartial: Lloyd through partial states equals KMeans from the same centers") {
  std::mt19937_64 rng(19);
  for (int trial = 0; trial < 24; ++trial) {
    const std::size_t n = 50 + rng() % 3000, d = 1 + rng() % 9, k = 2 + rng() % 7;
    const double offset = trial % 3 == 0 ? 0.0 : trial % 3 == 1 ? 1e7 : -3e5;
    const double scale = trial % 4 == 0 ? 1e-3 : trial % 4 == 1 ? 1e4 : 1.0;
    const Data data = blobs(n, d, k, offset, scale, rng());
    std::vector<double> init(data.x.begin() + static_cast<std::ptrdiff_t>(7 * d),
                             data.x.begin() + static_cast<std::ptrdiff_t>((7 + k) * d));
    const double tol = trial % 2 == 0 ? 0.0 : 1e-4;
    CAPTURE(trial);
    CAPTURE(n);
    CAPTURE(d);
    CAPTURE(k);
    check_same_as_one_process<double>(data, init, tol, 1 + rng() % 9, rng(), 1e-9);
    if (offset == 0.0 || std::abs(offset) < 1e5 * scale)  // float keeps the spread (test_translation.cpp)
      check_same_as_one_process<float>(data, init, tol, 1 + rng() % 9, rng(), 1e-5);
  }
}

TEST_CASE("KMeansPartial: empty clusters move onto the rows KMeans moves them to") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 12; ++trial) {
    const std::size_t n = 200 + rng() % 800, d = 1 + rng() % 4, k = 3 + rng() % 4;
    const Data data = blobs(n, d, k, trial % 2 ? 1e7 : 0.0, 1.0, rng());
    // Two initial centers far from every row: nothing is nearest them, so both clusters are
    // empty after the first assignment and move onto the two farthest rows.
    std::vector<double> init(data.x.begin(), data.x.begin() + static_cast<std::ptrdiff_t>(k * d));
    for (std::size_t j = 0; j < d; ++j) {
      init[(k - 1) * d + j] += 1e4;
      init[(k - 2) * d + j] -= 2e4;
    }
    CAPTURE(trial);
    check_same_as_one_process<double>(data, init, 0.0, 2 + rng() % 6, rng(), 1e-9);
    auto s = KMeansPartial::create(ConstMatrixView<double>(init.data(), k, d), KMeansValueType::f64);
    REQUIRE(s.ok());
    REQUIRE(s->accumulate(ConstMatrixView<double>(data.x.data(), n, d)).ok());
    CHECK(s->weights()[k - 1] == 0);
    auto step = s->next();
    REQUIRE(step.ok());
    CHECK(step->n_relocated == 2);
  }
}

TEST_CASE("KMeansPartial: merges are exact in weights and rows, and fixed-order merges repeat bit for bit") {
  const Data data = blobs(5000, 5, 6, 1e7, 3.0, 3);
  std::vector<double> init(data.x.begin(), data.x.begin() + 30);
  auto s = KMeansPartial::create(ConstMatrixView<double>(init.data(), 6, 5), KMeansValueType::f64);
  REQUIRE(s.ok());
  const auto c = cuts(data.n, 7, 11);
  std::vector<KMeansPartial> parts;
  for (std::size_t b = 0; b + 1 < c.size(); ++b) {
    parts.push_back(*s);
    REQUIRE(
        parts.back().accumulate(ConstMatrixView<double>(data.x.data() + c[b] * 5, c[b + 1] - c[b], 5), {}, c[b]).ok());
  }
  KMeansPartial left = parts[0];  // ((p0 + p1) + p2) + ...
  for (std::size_t b = 1; b < parts.size(); ++b) REQUIRE(left.merge(parts[b]).ok());
  KMeansPartial right = parts.back();  // p0 + (p1 + (... + pn))
  for (std::size_t b = parts.size() - 1; b-- > 0;) {
    KMeansPartial t = parts[b];
    REQUIRE(t.merge(right).ok());
    right = std::move(t);
  }
  KMeansPartial whole = *s;
  REQUIRE(whole.accumulate(ConstMatrixView<double>(data.x.data(), data.n, 5)).ok());
  for (const KMeansPartial* m : {&right, &whole}) {
    CHECK(m->weights() == left.weights());  // counts: exact in any grouping
    CHECK(m->n_rows() == left.n_rows());
    REQUIRE(m->farthest().size() == left.farthest().size());
    for (std::size_t e = 0; e < left.farthest().size(); ++e) CHECK(m->farthest()[e].row == left.farthest()[e].row);
    for (std::size_t q = 0; q < left.sums().size(); ++q)
      CHECK(std::abs(m->sums()[q] - left.sums()[q]) <= 1e-9 * std::max(1.0, std::abs(left.sums()[q])));
    CHECK(std::abs(m->inertia() - left.inertia()) <= 1e-12 * left.inertia());
  }
  KMeansPartial again = parts[0];
  for (std::size_t b = 1; b < parts.size(); ++b) REQUIRE(again.merge(parts[b]).ok());
  CHECK(again.to_bytes() == left.to_bytes());
}

TEST_CASE("KMeansPartial: the byte form round-trips exactly and refuses every truncation and flipped byte") {
  const Data data = blobs(300, 3, 4, 0.0, 1.0, 5);
  std::vector<double> init(data.x.begin(), data.x.begin() + 12);
  auto s = KMeansPartial::create(ConstMatrixView<double>(init.data(), 4, 3), KMeansValueType::f64);
  REQUIRE(s.ok());
  REQUIRE(s->accumulate(ConstMatrixView<double>(data.x.data(), 300, 3), {}, 1000).ok());
  const auto bytes = s->to_bytes();
  auto back = KMeansPartial::from_bytes(bytes);
  REQUIRE(back.ok());
  CHECK(back->to_bytes() == bytes);
  CHECK(back->farthest().size() == 4);
  CHECK(back->farthest()[0].row >= 1000);
  for (std::size_t len = 0; len < bytes.size(); ++len) {
    auto cut = KMeansPartial::from_bytes(std::span<const std::uint8_t>(bytes.data(), len));
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.status().code() == absl::StatusCode::kDataLoss);
  }
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    auto flipped = bytes;
    flipped[at] ^= 0x10;
    auto bad = KMeansPartial::from_bytes(flipped);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().code() == absl::StatusCode::kDataLoss);
  }
}

TEST_CASE("KMeansPartial: bad input is refused with what and where") {
  const std::vector<double> init{0, 0, 1, 1};
  auto s = KMeansPartial::create(ConstMatrixView<double>(init.data(), 2, 2), KMeansValueType::f64);
  REQUIRE(s.ok());
  const std::vector<double> x3(9, 1.0);
  auto wrong_d = s->accumulate(ConstMatrixView<double>(x3.data(), 3, 3));
  CHECK(wrong_d.code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(wrong_d.message()).find("3 columns") != std::string::npos);
  const std::vector<float> xf(4, 1.0f);
  CHECK(s->accumulate(ConstMatrixView<float>(xf.data(), 2, 2)).code() == absl::StatusCode::kInvalidArgument);
  std::vector<double> nan{0, 1, std::nan(""), 2};
  CHECK(s->accumulate(ConstMatrixView<double>(nan.data(), 2, 2)).code() == absl::StatusCode::kInvalidArgument);
  const std::vector<double> x{0, 1, 2, 3};
  const std::vector<double> negative{1, -1};
  CHECK(s->accumulate(ConstMatrixView<double>(x.data(), 2, 2), negative).code() == absl::StatusCode::kInvalidArgument);
  CHECK(s->n_rows() == 0);                                                 // nothing was added by the refused calls
  CHECK(s->next().status().code() == absl::StatusCode::kInvalidArgument);  // no rows yet
  const std::vector<double> other_init{0, 0, 2, 2};
  auto other = KMeansPartial::create(ConstMatrixView<double>(other_init.data(), 2, 2), KMeansValueType::f64);
  REQUIRE(other.ok());
  CHECK(s->merge(*other).code() == absl::StatusCode::kInvalidArgument);
  std::vector<double> inf_init{0, 0, INFINITY, 1};
  CHECK(KMeansPartial::create(ConstMatrixView<double>(inf_init.data(), 2, 2), KMeansValueType::f64).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(KMeansPartial::create(ConstMatrixView<double>(init.data(), 2, 2), static_cast<KMeansValueType>(7))
            .status()
            .code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("KMeansPartial: the same block gives the same bytes for any thread count") {
  for (std::size_t n : {5u, 8191u, 8192u, 8193u, 40000u}) {
    const Data data = blobs(n, 3, 5, 1e6, 2.0, n);
    std::vector<double> init(data.x.begin(), data.x.begin() + 15);
    std::vector<double> w(n);
    for (std::size_t i = 0; i < n; ++i) w[i] = static_cast<double>(i % 7) * 0.25;
    auto s = KMeansPartial::create(ConstMatrixView<double>(init.data(), 5, 3), KMeansValueType::f64);
    REQUIRE(s.ok());
    std::vector<std::uint8_t> first;
    for (int threads : {1, 2, 3, 0}) {
      KMeansPartial t = *s;
      std::vector<std::int32_t> labels(n);
      REQUIRE(t.accumulate(ConstMatrixView<double>(data.x.data(), n, 3), w, 77, labels, threads).ok());
      if (first.empty())
        first = t.to_bytes();
      else
        CHECK(t.to_bytes() == first);
    }
  }
}
