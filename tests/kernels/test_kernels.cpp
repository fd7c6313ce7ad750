// Every kernel table the CPU runs, against the plain-loop reference, on awkward sizes and
// unaligned starts.
//
// Tolerance: a kernel may sum in a different order and precision than the reference (which
// accumulates in double), so for a sum of d products the allowed error is
//   32 * d * eps(T) * (sum of |terms|),
// the textbook bound for recursive summation with a safety factor; eps(float) = 1.2e-7.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "kernels/reference.hpp"
#include "segcore/simd.hpp"

namespace k = segcore::kernels;

namespace {

const std::size_t kSizes[] = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65, 100, 1000, 1031};

template <class T>
std::vector<T> randoms(std::size_t n, std::mt19937_64& rng, double scale = 1.0) {
  std::normal_distribution<double> dist(0.5, scale);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(dist(rng));
  return v;
}

template <class T>
double tolerance(const T* a, const T* b, std::size_t d, bool squared_difference) {
  double mass = 0;
  for (std::size_t j = 0; j < d; ++j)
    mass += squared_difference ? (double(a[j]) - b[j]) * (double(a[j]) - b[j]) + std::abs(double(a[j]) * b[j])
                               : std::abs(double(a[j]) * b[j]) + double(a[j]) * a[j] + double(b[j]) * b[j];
  return 32.0 * static_cast<double>(d) * std::numeric_limits<T>::epsilon() * std::max(mass, 1.0);
}

template <class T>
void check_one_to_one(const k::KernelTable& table) {
  const auto& kern = table.get<T>();
  std::mt19937_64 rng(7);
  for (std::size_t d : kSizes) {
    for (std::size_t offset : {0u, 1u, 3u}) {  // unaligned starts
      auto buf_a = randoms<T>(d + offset, rng), buf_b = randoms<T>(d + offset, rng);
      const T* a = buf_a.data() + offset;
      const T* b = buf_b.data() + offset;
      CAPTURE(d);
      CAPTURE(offset);
      CHECK(std::abs(double(kern.sqdist(a, b, d)) - double(k::reference::sqdist(a, b, d))) <= tolerance(a, b, d, true));
      CHECK(std::abs(double(kern.dot(a, b, d)) - double(k::reference::dot(a, b, d))) <= tolerance(a, b, d, false));
      CHECK(std::abs(double(kern.cosine(a, b, d)) - double(k::reference::cosine(a, b, d))) <=
            1e3 * std::numeric_limits<T>::epsilon() * static_cast<double>(d));
    }
  }
  std::vector<T> zero(5, T(0)), one(5, T(1));
  CHECK(kern.cosine(zero.data(), one.data(), 5) == T(0));
}

template <class T>
void check_one_to_many(const k::KernelTable& table) {
  const auto& kern = table.get<T>();
  std::mt19937_64 rng(11);
  for (std::size_t d : {1u, 7u, 17u, 33u}) {
    for (std::size_t m : {1u, 3u, 17u, 1000u}) {
      const std::size_t ldy = d + 2;  // rows with a gap between them
      auto q = randoms<T>(d, rng), y = randoms<T>(m * ldy, rng);
      std::vector<T> out(m), ref(m);
      kern.sqdist_many(q.data(), y.data(), m, d, ldy, out.data());
      k::reference::many<T, k::reference::sqdist<T>>(q.data(), y.data(), m, d, ldy, ref.data());
      for (std::size_t i = 0; i < m; ++i)
        CHECK(std::abs(double(out[i]) - ref[i]) <= tolerance(q.data(), &y[i * ldy], d, true));
      kern.dot_many(q.data(), y.data(), m, d, ldy, out.data());
      k::reference::many<T, k::reference::dot<T>>(q.data(), y.data(), m, d, ldy, ref.data());
      for (std::size_t i = 0; i < m; ++i)
        CHECK(std::abs(double(out[i]) - ref[i]) <= tolerance(q.data(), &y[i * ldy], d, false));
      kern.cosine_many(q.data(), y.data(), m, d, ldy, out.data());
      k::reference::many<T, k::reference::cosine<T>>(q.data(), y.data(), m, d, ldy, ref.data());
      for (std::size_t i = 0; i < m; ++i)
        CHECK(std::abs(double(out[i]) - ref[i]) <= 1e3 * std::numeric_limits<T>::epsilon() * d);
    }
  }
}

template <class T>
using NearestFn = void (*)(const T*, std::size_t, std::size_t, std::size_t, const T*, const T*, const T*, std::size_t,
                           std::int32_t*, T*);

// The entries that label rows with the nearest center: the one algorithms call and the two
// layouts it chooses between.
template <class T>
std::vector<std::pair<std::string, NearestFn<T>>> nearest_entries(const k::Kernels<T>& kern) {
  return {{"nearest", kern.nearest},
          {"nearest_by_center", kern.nearest_by_center},
          {"nearest_by_row", kern.nearest_by_row}};
}

// One nearest-center entry against the reference: it may pick a different center only when the
// two are tied within rounding, and its reported value must match its own choice.
template <class T>
void check_nearest_fn(const k::KernelTable& table, NearestFn<T> nearest_fn) {
  const auto& kern = table.get<T>();
  std::mt19937_64 rng(13);
  for (std::size_t d : {1u, 3u, 7u, 16u, 17u, 33u, 64u}) {
    for (std::size_t kc : {1u, 2u, 7u, 16u, 17u, 33u, 64u}) {
      for (std::size_t n : {1u, 7u, 9u, 1000u}) {
        const std::size_t ldx = d + 1;
        auto x = randoms<T>(n * ldx + 1, rng);
        auto centers = randoms<T>(kc * d, rng);
        k::CenterPack<T> pack;
        pack.assign(centers.data(), kc, d);
        const T* xs = x.data() + 1;  // unaligned start
        std::vector<std::int32_t> label(n), ref_label(n);
        std::vector<T> part(n), ref_part(n);
        const T* o = pack.origin.data();
        nearest_fn(xs, n, d, ldx, o, pack.ct.data(), pack.cnorm.data(), pack.kpad, label.data(), part.data());
        k::reference::nearest(xs, n, d, ldx, o, pack.ct.data(), pack.cnorm.data(), pack.kpad, ref_label.data(),
                              ref_part.data());
        std::vector<T> all(pack.kpad);
        for (std::size_t i = 0; i < n; ++i) {
          CAPTURE(d);
          CAPTURE(kc);
          CAPTURE(i);
          REQUIRE(label[i] >= 0);
          REQUIRE(static_cast<std::size_t>(label[i]) < kc);
          k::reference::partials(xs + i * ldx, d, pack.ct.data(), pack.cnorm.data(), pack.kpad, all.data());
          double mass = 0;
          for (std::size_t j = 0; j < d; ++j) mass += std::abs(double(xs[i * ldx + j])) * 3.0;
          const double tol = 64.0 * d * std::numeric_limits<T>::epsilon() * (mass + pack.cnorm[label[i]] + 1.0);
          CHECK(std::abs(double(part[i]) - double(all[label[i]])) <= tol);  // value matches its label
          CHECK(double(all[label[i]]) <= double(ref_part[i]) + tol);        // and is the minimum
          if (label[i] != ref_label[i]) CHECK(std::abs(double(all[label[i]]) - double(all[ref_label[i]])) <= tol);
        }
        // nearest2: the same labels and values as nearest, and the second smallest value.
        std::vector<std::int32_t> label2(n);
        std::vector<T> part2(n), second(n);
        kern.nearest2(xs, n, d, ldx, o, pack.ct.data(), pack.cnorm.data(), pack.kpad, label2.data(), part2.data(),
                      second.data());
        CHECK(label2 == label);
        CHECK(part2 == part);
        for (std::size_t i = 0; i < n; ++i) {
          k::reference::partials(xs + i * ldx, d, pack.ct.data(), pack.cnorm.data(), pack.kpad, all.data());
          double ref_second = INFINITY;
          for (std::size_t c = 0; c < kc; ++c)
            if (static_cast<std::int32_t>(c) != label[i]) ref_second = std::min(ref_second, double(all[c]));
          if (kc == 1) {
            CHECK(std::isinf(second[i]));
          } else {
            CHECK(std::abs(double(second[i]) - ref_second) <=
                  64.0 * d * std::numeric_limits<T>::epsilon() * (std::abs(ref_second) + 10.0));
          }
        }
        std::vector<T> out(pack.kpad), ref(pack.kpad);
        kern.partials(xs, d, pack.ct.data(), pack.cnorm.data(), pack.kpad, out.data());
        k::reference::partials(xs, d, pack.ct.data(), pack.cnorm.data(), pack.kpad, ref.data());
        for (std::size_t c = 0; c < kc; ++c)
          CHECK(std::abs(double(out[c]) - ref[c]) <=
                64.0 * d * std::numeric_limits<T>::epsilon() * (std::abs(double(ref[c])) + 10.0));
        for (std::size_t c = kc; c < pack.kpad; ++c) CHECK(std::isinf(out[c]));
      }
    }
  }
}

template <class T>
void check_nearest(const k::KernelTable& table) {
  for (const auto& [name, fn] : nearest_entries(table.get<T>())) {
    CAPTURE(name);
    check_nearest_fn<T>(table, fn);
  }
}

// Both layouts compute each |c|^2 - 2 x.c as the same chain of FMAs as the table's partials, so
// on every table they must return exactly the smallest of those values and the lowest index
// holding it, whatever d, k, n and stride; nearest2 the same, and exactly the smallest of the
// other values. Every fourth center repeats an earlier one, making
// exact ties; some rows are centers.
template <class T>
void check_nearest_layouts(const k::KernelTable& table) {
  const auto& kern = table.get<T>();
  const bool vectorised = std::string(table.name) != "scalar";  // the reference sums in double
  std::mt19937_64 rng(19);
  for (std::size_t d = 1; d <= 17; ++d) {
    for (std::size_t kc : {1u, 3u, 17u, 64u, 100u, 600u}) {
      for (std::size_t n : {1u, 7u, 17u, 1031u}) {
        if (kc == 600 && n > 17) continue;  // beyond 512 centers (the index window): kept short
        CAPTURE(d);
        CAPTURE(kc);
        CAPTURE(n);
        const std::size_t ldx = d + d % 3;
        auto centers = randoms<T>(kc * d, rng);
        for (std::size_t c = 3; c < kc; c += 4) std::copy_n(&centers[(c / 2) * d], d, &centers[c * d]);
        auto x = randoms<T>(n * ldx + 1, rng);
        T* xs = x.data() + 1;  // unaligned start
        for (std::size_t i = 0; i < n; i += 5) std::copy_n(&centers[(i % kc) * d], d, xs + i * ldx);
        k::CenterPack<T> pack;
        pack.assign(centers.data(), kc, d);
        std::vector<std::int32_t> by_row(n), by_center(n), chosen(n);
        std::vector<T> v_row(n), v_center(n), v_chosen(n);
        const T* ct = pack.ct.data();
        const T* cn = pack.cnorm.data();
        const T* o = pack.origin.data();
        kern.nearest_by_row(xs, n, d, ldx, o, ct, cn, pack.kpad, by_row.data(), v_row.data());
        kern.nearest_by_center(xs, n, d, ldx, o, ct, cn, pack.kpad, by_center.data(), v_center.data());
        kern.nearest(xs, n, d, ldx, o, ct, cn, pack.kpad, chosen.data(), v_chosen.data());
        std::vector<std::int32_t> two(n);
        std::vector<T> v_two(n), second(n);
        kern.nearest2(xs, n, d, ldx, o, ct, cn, pack.kpad, two.data(), v_two.data(), second.data());
        CHECK(by_row == by_center);
        CHECK(chosen == by_center);
        CHECK(two == by_center);
        CHECK(v_row == v_center);
        CHECK(v_chosen == v_center);
        CHECK(v_two == v_center);
        if (!vectorised) continue;
        std::vector<T> all(pack.kpad);
        for (std::size_t i = 0; i < n; ++i) {
          kern.partials(xs + i * ldx, d, ct, cn, pack.kpad, all.data());
          const std::size_t first =
              static_cast<std::size_t>(std::min_element(all.begin(), all.begin() + kc) - all.begin());
          T runner_up = std::numeric_limits<T>::infinity();  // the smallest of the others, ties included
          for (std::size_t c = 0; c < kc; ++c)
            if (c != first) runner_up = std::min(runner_up, all[c]);
          CAPTURE(i);
          CHECK(by_row[i] == static_cast<std::int32_t>(first));
          CHECK(v_row[i] == all[first]);
          CHECK(second[i] == runner_up);
        }
      }
    }
  }
}

// Center sums against the reference, with and without weights, on rows with gaps between them;
// the kernel adds to what the sums already hold. Both add row by row in order in double, so
// they differ at most by the rounding of a fused multiply-add (weights only).
template <class T>
void check_accumulate(const k::KernelTable& table) {
  const auto& kern = table.get<T>();
  std::mt19937_64 rng(23);
  for (std::size_t d : {1u, 2u, 3u, 5u, 8u, 9u, 15u, 16u, 17u, 33u, 64u}) {
    for (std::size_t kc : {1u, 3u, 17u, 300u}) {
      for (std::size_t n : {1u, 7u, 1031u, 2500u}) {
        for (bool weighted : {false, true}) {
          CAPTURE(d);
          CAPTURE(kc);
          CAPTURE(n);
          CAPTURE(weighted);
          const std::size_t ldx = d + 2;
          auto x = randoms<T>(n * ldx, rng);
          std::vector<std::int32_t> label(n);
          std::vector<double> w(n);
          for (std::size_t i = 0; i < n; ++i)
            label[i] = static_cast<std::int32_t>(rng() % kc), w[i] = double(rng() % 1000) / 7.0;
          const double* wp = weighted ? w.data() : nullptr;
          std::vector<double> origin(d);  // sums are of x - origin
          for (std::size_t j = 0; j < d; ++j) origin[j] = 0.3 * static_cast<double>(j) - 1.0;
          std::vector<double> sums(kc * d, 0.25), ref_sums(kc * d, 0.25), weights(kc, 2.0), ref_weights(kc, 2.0);
          kern.accumulate(x.data(), n, d, ldx, origin.data(), label.data(), wp, sums.data(), weights.data());
          k::reference::accumulate(x.data(), n, d, ldx, origin.data(), label.data(), wp, ref_sums.data(),
                                   ref_weights.data());
          std::vector<double> mass(kc * d, 0.25);
          for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < d; ++j)
              mass[label[i] * d + j] += std::abs((weighted ? w[i] : 1.0) * (double(x[i * ldx + j]) - origin[j]));
          for (std::size_t q = 0; q < kc * d; ++q) CHECK(std::abs(sums[q] - ref_sums[q]) <= 1e-12 * mass[q]);
          if (!weighted) CHECK(sums == ref_sums);  // no products: the very same additions
          CHECK(weights == ref_weights);
        }
      }
    }
  }
}

// Silhouette sums over points packed in pieces (a cluster's points padded to kCenterLanes),
// against the reference; distances within 64 * d * eps * |x||y| of the exact ones, and sums
// of them accordingly.
template <class T>
void check_cluster_distance_sums(const k::KernelTable& table) {
  const auto& kern = table.get<T>();
  std::mt19937_64 rng(17);
  const std::size_t L = k::kCenterLanes;
  for (std::size_t d : {1u, 3u, 16u, 17u}) {
    for (std::size_t n : {1u, 5u, 9u}) {
      const std::vector<std::size_t> counts = {1, 15, 16, 40, 3};  // points per cluster
      std::vector<std::uint32_t> bounds = {0};
      std::vector<std::int32_t> labels;
      for (std::size_t c = 0; c < counts.size(); ++c) {
        bounds.push_back(bounds.back() + static_cast<std::uint32_t>((counts[c] + L - 1) / L * L));
        labels.push_back(static_cast<std::int32_t>(c));
      }
      const std::size_t ldy = bounds.back() + L, k = counts.size();  // a spare column: ldy > used
      std::vector<T> yt(d * ldy, T(0)), ynorm(ldy, T(0)), ymask(ldy, T(0));
      std::vector<T> y(d);
      for (std::size_t c = 0; c < k; ++c)
        for (std::size_t q = bounds[c]; q < bounds[c] + counts[c]; ++q) {
          y = randoms<T>(d, rng);
          double norm = 0;
          for (std::size_t j = 0; j < d; ++j) yt[j * ldy + q] = T(-2) * y[j], norm += double(y[j]) * y[j];
          ynorm[q] = static_cast<T>(norm);
          ymask[q] = T(1);
        }
      const std::size_t ldx = d + 2;
      auto x = randoms<T>(n * ldx, rng);
      std::vector<std::int32_t> xlabel(n);
      std::vector<T> xmask(n, T(1));
      for (std::size_t i = 0; i < n; ++i) xlabel[i] = static_cast<std::int32_t>((i / 4) % k);  // groups of 4 share one
      if (n > 2) xmask[2] = T(0);
      std::vector<double> out(n * k, 1.0), ref(n * k, 1.0);  // the kernel adds to what is there
      std::vector<double> col(k * ldy, 0.5), ref_col(k * ldy, 0.5);
      kern.cluster_distance_sums(x.data(), n, d, ldx, yt.data(), ynorm.data(), ymask.data(), ldy, bounds.data(),
                                 labels.data(), k, k, out.data(), xlabel.data(), xmask.data(), col.data(), ldy);
      k::reference::cluster_distance_sums(x.data(), n, d, ldx, yt.data(), ynorm.data(), ymask.data(), ldy,
                                          bounds.data(), labels.data(), k, k, ref.data(), xlabel.data(), xmask.data(),
                                          ref_col.data(), ldy);
      // Bound per distance: the squared distance is off by at most e = 16 d eps (|x|^2 + |y|^2),
      // which moves its root by at most e / (dist + sqrt(e)).
      std::vector<double> col_bound(k * ldy, 1e-12);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < k; ++c) {
          double bound = 1e-12;
          for (std::size_t q = bounds[c]; q < bounds[c] + counts[c]; ++q) {
            double xx = 0, sq = 0;
            for (std::size_t j = 0; j < d; ++j) {
              const double xv = x[i * ldx + j], yv = -0.5 * double(yt[j * ldy + q]);
              xx += xv * xv, sq += (xv - yv) * (xv - yv);
            }
            const double e = 16.0 * d * std::numeric_limits<T>::epsilon() * (xx + double(ynorm[q]) + 1.0);
            bound += e / (std::sqrt(sq) + std::sqrt(e));
            col_bound[static_cast<std::size_t>(xlabel[i]) * ldy + q] += e / (std::sqrt(sq) + std::sqrt(e));
          }
          CAPTURE(d);
          CAPTURE(n);
          CAPTURE(i);
          CAPTURE(c);
          CHECK(std::abs(out[i * k + c] - ref[i * k + c]) <= bound);
        }
      for (std::size_t q = 0; q < k * ldy; ++q) CHECK(std::abs(col[q] - ref_col[q]) <= col_bound[q]);
      // Without col, the row sums are the same and nothing else is written.
      std::vector<double> out2(n * k, 1.0);
      kern.cluster_distance_sums(x.data(), n, d, ldx, yt.data(), ynorm.data(), ymask.data(), ldy, bounds.data(),
                                 labels.data(), k, k, out2.data(), xlabel.data(), xmask.data(), nullptr, ldy);
      CHECK(out2 == out);
      CHECK(ref[0] > 1.0);  // the first cluster's point was counted
    }
  }
}

// Translation: rows and centers moved by a common offset far larger than their spread (epoch
// seconds; float columns near 1e5), with the origin at the moved centers' mean, must give the
// labels of the unmoved data and each row's squared distance (value + |x - origin|^2) to
// within what rounding the move itself causes. Rows whose two nearest centers are closer than
// that are not judged (a handful).
template <class T>
void check_translation(const k::KernelTable& table) {
  const auto& kern = table.get<T>();
  std::mt19937_64 rng(29);
  const std::vector<double> offsets =
      sizeof(T) == sizeof(float) ? std::vector<double>{1e3, 1e5} : std::vector<double>{1e3, 1e5, 1e7, 1e9};
  for (std::size_t d : {1u, 3u, 8u, 16u, 17u, 40u}) {
    for (std::size_t kc : {2u, 7u, 33u}) {
      const std::size_t n = 517, ldx = d + 1;
      const double half_width = 20.0 + 3.0 * double(kc) / double(d);  // few near-ties for small d
      std::uniform_real_distribution<double> u(-half_width, half_width);
      std::normal_distribution<double> g(0.0, 1.0);
      std::vector<double> c(kc * d), x(n * ldx);
      for (double& v : c) v = u(rng);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) x[i * ldx + j] = c[(i % kc) * d + j] + g(rng);
      for (double offset : offsets) {
        CAPTURE(d);
        CAPTURE(kc);
        CAPTURE(offset);
        std::vector<double> shift(d), moved_c(kc * d), origin_d(d, 0.0);
        for (std::size_t j = 0; j < d; ++j) shift[j] = offset * (j % 2 ? -1.0 : 1.0) * (1.0 + 0.25 * double(j % 3));
        std::vector<T> xm(n * ldx), origin(d);
        for (std::size_t i = 0; i < n; ++i)
          for (std::size_t j = 0; j < d; ++j) xm[i * ldx + j] = static_cast<T>(x[i * ldx + j] + shift[j]);
        for (std::size_t q = 0; q < kc * d; ++q) moved_c[q] = c[q] + shift[q % d];
        for (std::size_t j = 0; j < d; ++j) {
          for (std::size_t a = 0; a < kc; ++a) origin_d[j] += moved_c[a * d + j] / double(kc);
          origin[j] = static_cast<T>(origin_d[j]);
        }
        std::vector<double> relative(kc * d);
        for (std::size_t q = 0; q < kc * d; ++q) relative[q] = moved_c[q] - double(origin[q % d]);
        k::CenterPack<T> pack;
        pack.assign(relative.data(), kc, d, origin.data());
        std::vector<std::int32_t> label(n), label2(n);
        std::vector<T> part(n), part2(n), second(n);
        kern.nearest(xm.data(), n, d, ldx, pack.origin.data(), pack.ct.data(), pack.cnorm.data(), pack.kpad,
                     label.data(), part.data());
        kern.nearest2(xm.data(), n, d, ldx, pack.origin.data(), pack.ct.data(), pack.cnorm.data(), pack.kpad,
                      label2.data(), part2.data(), second.data());
        CHECK(label2 == label);
        const double ulp = std::numeric_limits<T>::epsilon() * offset * 1.75;  // of a moved value
        std::size_t judged = 0;
        for (std::size_t i = 0; i < n; ++i) {
          std::vector<double> sq(kc, 0.0);
          for (std::size_t a = 0; a < kc; ++a)
            for (std::size_t j = 0; j < d; ++j)
              sq[a] += (x[i * ldx + j] - c[a * d + j]) * (x[i * ldx + j] - c[a * d + j]);
          const std::size_t best = static_cast<std::size_t>(std::min_element(sq.begin(), sq.end()) - sq.begin());
          double next = INFINITY;
          for (std::size_t a = 0; a < kc; ++a)
            if (a != best) next = std::min(next, sq[a]);
          // Rounding moves each value by ulp / 2 and the centers' packing by as much again.
          const double tol =
              8.0 * ulp * std::sqrt(double(d)) * (std::sqrt(sq[best]) + 1.0) +
              64.0 * d * std::numeric_limits<T>::epsilon() * (sq[best] + 4.0 * half_width * half_width * d);
          if (next - sq[best] < 2 * tol) continue;
          ++judged;
          CAPTURE(i);
          CHECK(label[i] == static_cast<std::int32_t>(best));
          double xn = 0;
          for (std::size_t j = 0; j < d; ++j) {
            const double v = double(static_cast<T>(xm[i * ldx + j] - origin[j]));
            xn += v * v;
          }
          CHECK(std::abs(double(part[i]) + xn - sq[best]) <= tol);
        }
        CHECK(judged >= n / 2);
      }
    }
  }
}

}  // namespace

TEST_CASE("the nearest-center kernels do not depend on a translation of the data, on every table") {
  for (const k::KernelTable* t : k::runnable_kernel_tables()) {
    CAPTURE(std::string(t->name));
    check_translation<float>(*t);
    check_translation<double>(*t);
  }
}

TEST_CASE("every runnable kernel table agrees with the reference") {
  auto tables = k::runnable_kernel_tables();
  REQUIRE(std::string(tables.back()->name) == "scalar");
  for (const k::KernelTable* t : tables) {
    CAPTURE(std::string(t->name));
    check_one_to_one<float>(*t);
    check_one_to_one<double>(*t);
    check_one_to_many<float>(*t);
    check_one_to_many<double>(*t);
    check_nearest<float>(*t);
    check_nearest<double>(*t);
    check_nearest_layouts<float>(*t);
    check_nearest_layouts<double>(*t);
    check_accumulate<float>(*t);
    check_accumulate<double>(*t);
    check_cluster_distance_sums<float>(*t);
    check_cluster_distance_sums<double>(*t);
  }
}

TEST_CASE("nearest breaks exact ties towards the lower center index") {
  for (const k::KernelTable* t : k::runnable_kernel_tables()) {
    // 40 identical centers: every row must get center 0.
    std::vector<double> centers(40 * 3, 1.0), x = {0.5, 2.0, -1.0, 4.0, 0.0, 0.0};
    k::CenterPack<double> pack;
    pack.assign(centers.data(), 40, 3);
    std::vector<std::int32_t> label(2, -1);
    std::vector<double> part(2);
    t->f64.nearest(x.data(), 2, 3, 3, pack.origin.data(), pack.ct.data(), pack.cnorm.data(), pack.kpad, label.data(),
                   part.data());
    CHECK(label == std::vector<std::int32_t>{0, 0});
  }
}

TEST_CASE("the kernel arch can be forced lower and restored") {
  const auto archs = segcore::available_simd_archs();
  REQUIRE(archs.back() == "scalar");
  for (const auto& name : archs) {
    REQUIRE(segcore::set_simd_arch(name).ok());
    CHECK(std::string(segcore::simd_arch()) == name);
  }
  auto bad = segcore::set_simd_arch("avx9000");
  CHECK(bad.code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(bad.message()).find("choose one of") != std::string::npos);
  REQUIRE(segcore::set_simd_arch("").ok());
  CHECK(std::string(segcore::simd_arch()) == archs.front());
}

#if defined(__aarch64__)
// The cross build (tools/cross-aarch64) must test the vector table, not fall back to scalar.
TEST_CASE("AArch64 runs the NEON table first") {
  const auto archs = segcore::available_simd_archs();
  REQUIRE(archs.size() == 2);
  CHECK(archs.front() == "neon");
  CHECK(std::string(segcore::simd_arch()) == "neon");
}
#endif
