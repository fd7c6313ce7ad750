// Hamerly's exact acceleration of Lloyd's algorithm (G. Hamerly, "Making k-means even faster",
// SDM 2010). Each row keeps an upper bound on the distance to its center and a lower bound on
// the distance to any other; a row whose bounds prove its center is still nearest is skipped.
// The iterations, the center update and the convergence rule are Lloyd's, so both give the
// same labels; centers agree to rounding, since Hamerly updates the sums by the rows that moved.
//
// The kernels compute |c|^2 - 2 x.c in precision T, with an absolute error below a budget e2
// (see rounding_budget). Bounds are kept as true bounds: the upper bound from an exact double
// distance, the lower bound from the second smallest kernel value less e2. A row is skipped
// only when upper^2 + 2 e2 <= bound^2: then every other center is farther in squared distance
// by more than the kernel's error, and Lloyd's kernel would pick the same center.
#include <algorithm>
#include <cmath>
#include <limits>

#include "cluster/kmeans_engine.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

namespace {

struct Bounds {
  std::vector<double> upper, lower, xnorm;
};

// How far the centers moved in one update: each center's move, the largest (and whose), and
// the largest among the others.
struct Movement {
  explicit Movement(std::vector<double> s) : shift(std::move(s)) {
    for (std::size_t c = 0; c < shift.size(); ++c)
      if (shift[c] > largest) largest = shift[c], farthest = c;
    for (std::size_t c = 0; c < shift.size(); ++c)
      if (c != farthest) second_largest = std::max(second_largest, shift[c]);
  }
  std::vector<double> shift;
  double largest = 0, second_largest = 0;
  std::size_t farthest = 0;
};

// |x - o|^2 of the row less the origin rounded to T, the values the kernels use.
template <class T>
double sqnorm(const T* row, const T* origin, std::size_t d) {
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) {
    const T v = row[j] - origin[j];
    s += static_cast<double>(v) * static_cast<double>(v);
  }
  return s;
}

// Half the distance from each center to its nearest other center.
std::vector<double> half_separation(const std::vector<double>& centers, std::size_t k, std::size_t d) {
  std::vector<double> s(k, std::numeric_limits<double>::infinity());
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = a + 1; b < k; ++b) {
      double sq = 0;
      for (std::size_t j = 0; j < d; ++j)
        sq += (centers[a * d + j] - centers[b * d + j]) * (centers[a * d + j] - centers[b * d + j]);
      const double half = 0.5 * std::sqrt(sq);
      s[a] = std::min(s[a], half);
      s[b] = std::min(s[b], half);
    }
  return s;
}

template <class T>
struct HamerlyPass {
  const Points<T>& p;
  const kernels::CenterPack<T>& pack;
  const std::vector<double>& centers;
  const std::vector<double>& separation;
  const Movement& moved;  // of the centers since the bounds were set
  double e2;
  Bounds& b;
  std::int32_t* labels;

  // Rows whose bounds cannot prove their center are gathered and labelled against all centers
  // with the nearest-two kernel, whose arithmetic and tie rule are those of Lloyd's kernel.
  // With `full`, acc receives the sums of all rows; otherwise only the changes: a row that
  // moved is added to its new cluster and taken from its old one, so an iteration where few
  // rows move reads few rows.
  void run(ChunkSums* acc, bool everything, bool full) const {
    const std::size_t d = p.d();
    const auto& kern = kernels::active_kernels().get<T>();
    parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
      std::vector<T> rows(kSubBlock * d);
      std::size_t need[kSubBlock];
      double bound_sq[kSubBlock];  // squared bound less the kernel's error, per row of the block
      std::int32_t fresh[kSubBlock];
      T best[kSubBlock], second[kSubBlock];
      if (acc) acc->clear(t);
      std::size_t changed = 0;
      for (std::size_t i0 = p.chunks[t].begin; i0 < p.chunks[t].end; i0 += kSubBlock) {
        const std::size_t m = std::min(kSubBlock, p.chunks[t].end - i0);
        // Branch-free compaction: whether a bound holds is data-dependent and mispredicts often.
        std::size_t n_need = 0;
        if (everything) {
          for (std::size_t i = i0; i < i0 + m; ++i) need[n_need++] = i;
        } else {
          std::size_t n_loose = 0;
          for (std::size_t i = i0; i < i0 + m; ++i) {
            const std::size_t a = static_cast<std::size_t>(labels[i]);
            // The own center may be farther by its move, any other nearer by the largest move.
            const double upper = b.upper[i] + moved.shift[a];
            const double lower = b.lower[i] - (a == moved.farthest ? moved.second_largest : moved.largest);
            b.upper[i] = upper;
            b.lower[i] = lower;
            const double bound = std::max(separation[a], lower);
            bound_sq[i - i0] = bound * bound - 2 * e2;
            need[n_loose] = i;
            n_loose += upper * upper > bound_sq[i - i0];
          }
          for (std::size_t q = 0; q < n_loose; ++q) {  // tighten the upper bound, test again
            // The loose rows are scattered: ask for a row well before it is read, or every one
            // of them waits on memory.
            if (q + 16 < n_loose) __builtin_prefetch(p.x.row(need[q + 16]));
            const std::size_t i = need[q];
            const double exact =
                sqdist_to_center(p.x.row(i), p.origin_d.data(), &centers[static_cast<std::size_t>(labels[i]) * d], d);
            b.upper[i] = std::sqrt(exact);
            need[n_need] = i;
            n_need += exact > bound_sq[i - i0];
          }
        }
        if (n_need == m) {  // every row: no need to gather them
          kern.nearest2(p.x.row(i0), m, d, p.x.stride(), pack.origin.data(), pack.ct.data(), pack.cnorm.data(),
                        pack.kpad, fresh, best, second);
        } else if (n_need > 0) {
          for (std::size_t q = 0; q < n_need; ++q) std::copy(p.x.row(need[q]), p.x.row(need[q]) + d, &rows[q * d]);
          kern.nearest2(rows.data(), n_need, d, d, pack.origin.data(), pack.ct.data(), pack.cnorm.data(), pack.kpad,
                        fresh, best, second);
        }
        for (std::size_t q = 0; q < n_need; ++q) {
          const std::size_t i = need[q];
          if (labels[i] != fresh[q]) {
            ++changed;
            if (acc && !full && labels[i] >= 0) move_row(i, labels[i], fresh[q], acc->sums_of(t), acc->weights_of(t));
          }
          labels[i] = fresh[q];
          b.upper[i] = std::sqrt(
              sqdist_to_center(p.x.row(i), p.origin_d.data(), &centers[static_cast<std::size_t>(fresh[q]) * d], d));
          b.lower[i] = std::sqrt(std::max(0.0, b.xnorm[i] + static_cast<double>(second[q]) - e2));
        }
        if (acc && full)
          kern.accumulate(p.x.row(i0), m, d, p.x.stride(), p.origin_d.data(), labels + i0,
                          p.w.empty() ? nullptr : &p.w[i0], acc->sums_of(t), acc->weights_of(t));
      }
      if (acc) acc->changed[t] = changed;
    });
  }

  void move_row(std::size_t i, std::int32_t from, std::int32_t to, double* sums, double* weights) const {
    const double w = p.weight(i);
    const std::size_t d = p.d();
    for (std::size_t j = 0; j < d; ++j) {
      const double v = w * (static_cast<double>(p.x(i, j)) - p.origin_d[j]);
      sums[static_cast<std::size_t>(to) * d + j] += v;
      sums[static_cast<std::size_t>(from) * d + j] -= v;
    }
    weights[to] += w;
    weights[from] -= w;
  }
};

// A bound on the absolute error of |c|^2 - 2 x.c summed over d terms in precision T, with the
// centers rounded to T: a generous (2d + 8) eps (|x|^2 + |c|^2), maximised over rows and centers
// (both relative to the origin, so the bound is as small as the data's spread allows).
template <class T>
double rounding_budget(double max_xnorm, const kernels::CenterPack<T>& pack, std::size_t d) {
  double max_c = 0;
  for (std::size_t c = 0; c < pack.k; ++c) max_c = std::max(max_c, static_cast<double>(pack.cnorm[c]));
  return (2.0 * d + 8.0) * std::numeric_limits<T>::epsilon() * (max_xnorm + max_c);
}

}  // namespace

template <class T>
RunResult run_hamerly(const Points<T>& data, std::vector<double> centers, std::size_t k, int max_iter, double tol) {
  Points<T> p = data;
  p.center_on(centers, k);
  p.to_origin(centers);
  RunResult r;
  r.labels.assign(p.n(), -1);
  Bounds b;
  b.upper.resize(p.n());
  b.lower.resize(p.n());
  b.xnorm.resize(p.n());
  parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
    for (std::size_t i = p.chunks[t].begin; i < p.chunks[t].end; ++i)
      b.xnorm[i] = sqnorm(p.x.row(i), p.origin.data(), p.d());
  });
  const double max_xnorm = *std::max_element(b.xnorm.begin(), b.xnorm.end());
  ChunkSums acc(p.chunks.count(), k, p.d());
  Totals totals(k, p.d());
  kernels::CenterPack<T> pack;
  Movement moved(std::vector<double>(k, 0.0));
  bool strict = false;
  std::size_t last_changed = p.n();
  int it = 0;
  for (; it < max_iter; ++it) {
    pack.assign(centers.data(), k, p.d(), p.origin.data());
    const auto separation = half_separation(centers, k, p.d());
    // Sums from scratch while many rows move (cheaper than moving them one by one), and
    // then every so often, so that rounding in the running sums never accumulates.
    const bool full = last_changed > p.n() / 8 || it % 32 == 0;
    HamerlyPass<T>{p, pack, centers, separation, moved, rounding_budget(max_xnorm, pack, p.d()), b, r.labels.data()}
        .run(&acc, it == 0, full);
    if (full) totals = Totals(k, p.d());
    totals.add(acc);
    last_changed = acc.total_changed();
    Update u = update_centers(p, totals, centers, r.labels.data());
    centers = std::move(u.centers);
    moved = Movement(std::move(u.shift));
    if (acc.total_changed() == 0) {
      strict = true;
      break;
    }
    if (u.shift_sq_total <= tol) break;
  }
  r.n_iter = std::min(it + 1, max_iter);
  if (!strict) {  // the centers moved after the last assignment: label the rows again
    pack.assign(centers.data(), k, p.d(), p.origin.data());
    const auto separation = half_separation(centers, k, p.d());
    HamerlyPass<T>{p, pack, centers, separation, moved, rounding_budget(max_xnorm, pack, p.d()), b, r.labels.data()}
        .run(nullptr, false, false);
  }
  r.inertia = inertia(p, centers.data(), r.labels.data());
  p.from_origin(centers);
  r.centers = std::move(centers);
  return r;
}

template RunResult run_hamerly(const Points<float>&, std::vector<double>, std::size_t, int, double);
template RunResult run_hamerly(const Points<double>&, std::vector<double>, std::size_t, int, double);

}  // namespace detail
SEGCORE_NAMESPACE_END
