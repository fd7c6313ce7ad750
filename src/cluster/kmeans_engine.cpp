#include "cluster/kmeans_engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <type_traits>

#include "cluster/rng.hpp"
#include "segcore/describe.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

void ChunkSums::clear(std::size_t chunk) {
  std::fill_n(sums_of(chunk), k * d, 0.0);
  std::fill_n(weights_of(chunk), k, 0.0);
  changed[chunk] = 0;
}

std::size_t ChunkSums::total_changed() const { return std::accumulate(changed.begin(), changed.end(), std::size_t{0}); }

Status check_weights(std::span<const double> w, std::size_t n, absl::string_view where) {
  if (w.empty()) return absl::OkStatus();
  if (w.size() != n) return invalid_argument(where, "sample_weight has ", w.size(), " values for ", n, " rows");
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(w[i]) || w[i] < 0)
      return invalid_argument(where, "sample_weight[", i, "] is ", w[i], "; weights must be finite and >= 0");
    total += w[i];
  }
  if (!(total > 0)) return invalid_argument(where, "sample_weight sums to 0");
  return absl::OkStatus();
}

ScaledWeights scale_weights(std::span<const double> w) {
  ScaledWeights s;
  s.w = w;
  const double largest = w.empty() ? 0.0 : *std::max_element(w.begin(), w.end());
  if (largest == 0 || (largest <= 0x1p64 && largest >= 0x1p-64)) return s;
  s.exponent = std::ilogb(largest);
  s.storage.resize(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) s.storage[i] = std::ldexp(w[i], -s.exponent);
  s.w = s.storage;
  return s;
}

StatusOr<double> unscaled_inertia(double inertia, int exponent, absl::string_view where) {
  const double v = std::ldexp(inertia, exponent);
  if (std::isfinite(v)) return v;
  if (exponent > 0)
    return invalid_argument(where, "the inertia (the sum of sample_weight times squared distance) exceeds the largest ",
                            "double; divide sample_weight by a constant (the centers do not depend on its scale)");
  return invalid_argument(where, "the inertia (the sum of squared distances) exceeds the largest double; the data's ",
                          "spread is too large: scale the columns down");
}

Status check_finite_fit(std::vector<double>& centers, double inertia, absl::string_view where) {
  const bool finite =
      std::isfinite(inertia) && std::all_of(centers.begin(), centers.end(), [](double v) { return std::isfinite(v); });
  if (finite) return absl::OkStatus();
  centers.clear();
  return invalid_argument(where, "the centers or the inertia overflowed double (sample_weight or the data are too ",
                          "large: divide sample_weight by a constant); the model is left unfitted");
}

namespace {

// check_finite's verdict in one quick pass: a float is NaN or infinite exactly when its exponent
// bits are all ones, and an OR over bit tests vectorises where a search for the first bad value
// does not. Only when something is found does check_finite run, to name it.
Status check_finite_quickly(ConstMatrixView<float> x, absl::string_view where, int threads) {
  Blocks blocks(x.rows(), 4096);
  std::vector<std::uint32_t> bad(blocks.count(), 0);
  parallel_for(threads, blocks.count(), [&](std::size_t t) {
    std::uint32_t any = 0;
    for (std::size_t i = blocks[t].begin; i < blocks[t].end; ++i) {
      const float* row = x.row(i);
      for (std::size_t j = 0; j < x.cols(); ++j) {
        std::uint32_t bits;
        std::memcpy(&bits, &row[j], sizeof bits);
        any |= (bits & 0x7f800000u) == 0x7f800000u;
      }
    }
    bad[t] = any;
  });
  if (std::find(bad.begin(), bad.end(), 1u) == bad.end()) return absl::OkStatus();
  return check_finite(x, where, threads);
}

}  // namespace

template <class T>
StatusOr<double> check_fit(ConstMatrixView<T> x, std::span<const double> w, std::size_t k, double tol, int threads,
                           absl::string_view where) {
  const std::size_t n = x.rows(), d = x.cols();
  if (n == 0 || d == 0) return invalid_argument(where, "x is empty (", n, " x ", d, ")");
  if (k > n) return invalid_argument(where, "n_clusters = ", k, " is more than the ", n, " rows");
  SEGCORE_RETURN_IF_ERROR(check_weights(w, n, where));
  if constexpr (std::is_same_v<T, float>) {
    if (tol == 0) {
      // As scikit-learn: no column variances for a tolerance of 0. For float data describe()
      // would only have checked that the values are finite (no float column overflows double).
      SEGCORE_RETURN_IF_ERROR(check_finite_quickly(x, where, threads));
      return 0.0;
    }
  }
  StatusOr<ColumnStats> stats = describe(x, {.n_threads = threads});
  if (!stats.ok()) {  // name a NaN or infinity as the quick path does; else describe's reason
    SEGCORE_RETURN_IF_ERROR(check_finite(x, where, threads));
    return stats.status();
  }
  double mean_var = 0;
  for (double s : stats->stddev) mean_var += s * s;
  return tol * mean_var / static_cast<double>(d);
}

Status copy_initial_centers(ConstMatrixView<double> c, int n_clusters, absl::string_view where,
                            std::vector<double>& out) {
  if (c.rows() == 0) {
    out.clear();
    return absl::OkStatus();
  }
  if (c.rows() != static_cast<std::size_t>(n_clusters) || c.cols() == 0)
    return invalid_argument(where, "centers are ", c.rows(), " x ", c.cols(), "; n_clusters is ", n_clusters);
  SEGCORE_RETURN_IF_ERROR(check_finite(c, where));
  out.resize(c.size());
  for (std::size_t i = 0; i < c.rows(); ++i) std::copy(c.row(i), c.row(i) + c.cols(), &out[i * c.cols()]);
  return absl::OkStatus();
}

namespace {

double sqdist_double(const double* a, const double* b, std::size_t d) {
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

struct Far {
  double dist;
  std::size_t row;
  bool operator<(const Far& o) const { return dist > o.dist || (dist == o.dist && row < o.row); }
};

// The `count` rows farthest from their own (old) center, farthest first.
template <class T>
std::vector<Far> farthest_rows(const Points<T>& p, const std::vector<double>& old_centers, const std::int32_t* labels,
                               std::size_t count) {
  std::vector<std::vector<Far>> per_chunk(p.chunks.count());
  parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
    std::vector<Far>& top = per_chunk[t];
    for (std::size_t i = p.chunks[t].begin; i < p.chunks[t].end; ++i) {
      if (p.weight(i) == 0) continue;  // a weightless row cannot hold a cluster
      top.push_back({sqdist_to_center(p.x.row(i), p.origin_d.data(), &old_centers[labels[i] * p.d()], p.d()), i});
      if (top.size() > 2 * count + 64) {
        std::nth_element(top.begin(), top.begin() + count, top.end());
        top.resize(count);
      }
    }
  });
  std::vector<Far> all;
  for (auto& top : per_chunk) all.insert(all.end(), top.begin(), top.end());
  std::sort(all.begin(), all.end());
  all.resize(std::min(all.size(), count));
  return all;
}

}  // namespace

void Totals::add(const ChunkSums& acc) {
  for (std::size_t t = 0; t < acc.changed.size(); ++t) {
    const double* s = acc.sums_of(t);
    const double* w = &acc.weights[t * acc.k];
    for (std::size_t q = 0; q < sums.size(); ++q) sums[q] += s[q];
    for (std::size_t c = 0; c < weights.size(); ++c) weights[c] += w[c];
  }
}

std::vector<std::size_t> empty_clusters(const std::vector<double>& weights) {
  std::vector<std::size_t> empty;
  for (std::size_t c = 0; c < weights.size(); ++c)
    if (weights[c] == 0) empty.push_back(c);
  return empty;
}

Update apply_update(Totals totals, const std::vector<double>& old_centers, std::span<const Relocation> moves) {
  const std::size_t k = totals.weights.size(), d = old_centers.size() / std::max<std::size_t>(k, 1);
  std::vector<double>& sums = totals.sums;
  std::vector<double>& weights = totals.weights;
  const std::vector<std::size_t> empty = empty_clusters(weights);
  for (std::size_t e = 0; e < std::min(moves.size(), empty.size()); ++e) {
    const std::size_t from = moves[e].from, to = empty[e];
    const double w = moves[e].weight;
    for (std::size_t j = 0; j < d; ++j) {
      const double v = w * moves[e].offset[j];
      sums[from * d + j] -= v;
      sums[to * d + j] = v;
    }
    weights[from] -= w;
    weights[to] = w;
  }
  Update u;
  u.centers.resize(k * d);
  u.shift.resize(k);
  for (std::size_t c = 0; c < k; ++c) {
    for (std::size_t j = 0; j < d; ++j)
      u.centers[c * d + j] = weights[c] > 0 ? sums[c * d + j] / weights[c] : old_centers[c * d + j];
    const double sq = sqdist_double(&u.centers[c * d], &old_centers[c * d], d);
    u.shift[c] = std::sqrt(sq);
    u.shift_sq_total += sq;
  }
  return u;
}

template <class T>
Update update_centers(const Points<T>& p, Totals totals, const std::vector<double>& old_centers,
                      const std::int32_t* labels) {
  const std::size_t n_empty = empty_clusters(totals.weights).size(), d = p.d();
  std::vector<double> offsets;
  std::vector<Relocation> moves;
  if (n_empty > 0) {
    const auto far = farthest_rows(p, old_centers, labels, n_empty);
    offsets.resize(far.size() * d);
    for (std::size_t e = 0; e < far.size(); ++e) {
      const std::size_t i = far[e].row;
      for (std::size_t j = 0; j < d; ++j) offsets[e * d + j] = static_cast<double>(p.x(i, j)) - p.origin_d[j];
      moves.push_back({static_cast<std::size_t>(labels[i]), p.weight(i), &offsets[e * d]});
    }
  }
  return apply_update(std::move(totals), old_centers, moves);
}

template <class T>
double add_inertia(const Points<T>& p, const double* centers, const std::int32_t* labels, std::size_t begin,
                   std::size_t end, double s) {
  for (std::size_t i = begin; i < end; ++i)
    s += p.weight(i) * sqdist_to_center(p.x.row(i), p.origin_d.data(), centers + labels[i] * p.d(), p.d());
  return s;
}

template <class T>
double inertia(const Points<T>& p, const double* centers, const std::int32_t* labels) {
  std::vector<double> part(p.chunks.count(), 0.0);
  parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
    part[t] = add_inertia(p, centers, labels, p.chunks[t].begin, p.chunks[t].end, 0.0);
  });
  return std::accumulate(part.begin(), part.end(), 0.0);
}

namespace {

// The nearest of k centers (relative to origin) to a row whose kernel values left T's range:
// s (|x - c|^2 - |x - o|^2) = sum_j c_j (s c_j - 2 s (x_j - o_j)), with s a power of two that
// brings the row and the origin below 1, so that nothing overflows and no bit of the row's
// offset from the origin is lost. Ties go to the lower index, as in the kernels.
template <class T>
std::int32_t nearest_scaled(const T* row, const double* origin, const std::vector<double>& centers, std::size_t k,
                            std::size_t d) {
  double big = 0;
  for (std::size_t j = 0; j < d; ++j) big = std::max({big, std::abs(static_cast<double>(row[j])), std::abs(origin[j])});
  // A value beyond double's range cannot be scaled (ilogb of inf is INT_MAX): left as it is.
  const int e = big > 0 && std::isfinite(big) ? std::ilogb(big) + 1 : 0;
  std::vector<double> xs(d);
  for (std::size_t j = 0; j < d; ++j) xs[j] = std::ldexp(static_cast<double>(row[j]), -e) - std::ldexp(origin[j], -e);
  const double s = std::ldexp(1.0, -e);
  std::int32_t best = 0;
  double best_v = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < k; ++c) {
    double v = 0;
    for (std::size_t j = 0; j < d; ++j) v += centers[c * d + j] * (s * centers[c * d + j] - 2.0 * xs[j]);
    if (v < best_v) best_v = v, best = static_cast<std::int32_t>(c);
  }
  return best;
}

// |x - c| when its square leaves double's range: the halved differences (which cannot
// overflow) divided by the largest of them; infinite beyond the largest double.
template <class T>
double scaled_distance(const T* row, const double* center, std::size_t d) {
  std::vector<double> h(d);
  double big = 0;
  for (std::size_t j = 0; j < d; ++j) {
    h[j] = 0.5 * static_cast<double>(row[j]) - 0.5 * center[j];
    big = std::max(big, std::abs(h[j]));
  }
  if (big == 0) return 0;
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) s += (h[j] / big) * (h[j] / big);
  return 2.0 * big * std::sqrt(s);
}

}  // namespace

template <class T>
void assign_nearest(ConstMatrixView<T> x, const std::vector<double>& centers, int threads, std::int32_t* labels) {
  const std::size_t d = x.cols(), k = centers.size() / d;
  Points<T> frame(x, {}, threads);
  frame.center_on(centers, k);
  std::vector<double> relative = centers;
  frame.to_origin(relative);
  kernels::CenterPack<T> pack;
  pack.assign(relative.data(), k, d, frame.origin.data());
  // A row with a value of magnitude `safe` or more may overflow T in the kernel's sums: its
  // result is not trusted even when finite (a sum meeting +inf and -inf is NaN, which the
  // argmin passes over), and it is labelled again in double.
  double cmax = 0, cnorm_max = 0, omax = 0;
  for (double v : relative) cmax = std::max(cmax, std::abs(v));
  for (std::size_t c = 0; c < k; ++c) cnorm_max = std::max(cnorm_max, static_cast<double>(pack.cnorm[c]));
  for (double v : frame.origin_d) omax = std::max(omax, std::abs(v));
  const double safe = cmax > 0 ? (0.25 * static_cast<double>(std::numeric_limits<T>::max()) - cnorm_max) /
                                         (2.0 * static_cast<double>(d) * cmax) -
                                     omax
                               : std::numeric_limits<double>::infinity();
  const auto& kern = kernels::active_kernels().get<T>();
  Blocks blocks(x.rows(), 4 * kSubBlock);
  parallel_for(threads, blocks.count(), [&](std::size_t t) {
    std::vector<T> partial(kSubBlock);
    for (std::size_t i = blocks[t].begin; i < blocks[t].end; i += kSubBlock) {
      const std::size_t m = std::min(kSubBlock, blocks[t].end - i);
      kern.nearest(x.row(i), m, d, x.stride(), pack.origin.data(), pack.ct.data(), pack.cnorm.data(), pack.kpad,
                   labels + i, partial.data());
      for (std::size_t r = 0; r < m; ++r) {
        const T* row = x.row(i + r);
        double big = 0;
        for (std::size_t j = 0; j < d; ++j) big = std::max(big, std::abs(static_cast<double>(row[j])));
        if (!(big < safe) || !std::isfinite(partial[r]))
          labels[i + r] = nearest_scaled(row, frame.origin_d.data(), relative, k, d);
      }
    }
  });
}

template <class T>
Status center_distances(ConstMatrixView<T> x, const std::vector<double>& centers, int threads, MatrixView<double> out,
                        absl::string_view where) {
  const std::size_t d = x.cols(), k = out.cols();
  const std::vector<double> zero(d, 0.0);
  Blocks blocks(x.rows(), 1024);
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> first_bad(blocks.count(), kNone);
  parallel_for(threads, blocks.count(), [&](std::size_t t) {
    for (std::size_t i = blocks[t].begin; i < blocks[t].end; ++i)
      for (std::size_t c = 0; c < k; ++c) {
        const double sq = sqdist_to_center(x.row(i), zero.data(), &centers[c * d], d);
        // Within [2^-1000, 2^1000] no square overflowed or lost bits to underflow.
        out(i, c) = sq >= 0x1p-1000 && sq <= 0x1p1000 ? std::sqrt(sq) : scaled_distance(x.row(i), &centers[c * d], d);
        if (!std::isfinite(out(i, c))) first_bad[t] = std::min(first_bad[t], i);
      }
  });
  for (std::size_t bad : first_bad)
    if (bad != kNone)
      return invalid_argument(where, "row ", bad, " is farther from a center than the largest double (",
                              std::numeric_limits<double>::max(), "); its distances cannot be given");
  return absl::OkStatus();
}

// ---- k-means++ ---------------------------------------------------------------------------

namespace {

// The first row whose running total of mass exceeds target (numpy's searchsorted on the
// cumulative sum), found chunk by chunk so no cumulative array is stored.
template <class T>
std::size_t pick_by_mass(const Points<T>& p, const std::vector<double>& mass, const std::vector<double>& chunk_mass,
                         double target) {
  std::size_t t = 0;
  for (; t + 1 < chunk_mass.size() && target >= chunk_mass[t]; ++t) target -= chunk_mass[t];
  std::size_t last_positive = p.chunks[t].begin;
  for (std::size_t i = p.chunks[t].begin; i < p.chunks[t].end; ++i) {
    if (mass[i] > 0) last_positive = i;
    if (target < mass[i]) return i;
    target -= mass[i];
  }
  return last_positive;  // rounding left target just past the end: the last row with mass
}

}  // namespace

template <class T>
StatusOr<std::vector<double>> kmeans_plusplus(const Points<T>& p, std::size_t k, Rng& rng) {
  const std::size_t n = p.n(), d = p.d();
  const auto& kern = kernels::active_kernels().get<T>();
  std::vector<double> centers(k * d);
  std::vector<double> closest(n);  // weighted squared distance to the nearest chosen center
  std::vector<double> chunk_mass(p.chunks.count());
  auto set_center = [&](std::size_t c, std::size_t row) {
    for (std::size_t j = 0; j < d; ++j) centers[c * d + j] = static_cast<double>(p.x(row, j));
  };
  auto total = [&] { return std::accumulate(chunk_mass.begin(), chunk_mass.end(), 0.0); };

  // First center: a row drawn with probability proportional to its weight.
  parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
    double s = 0;
    for (std::size_t i = p.chunks[t].begin; i < p.chunks[t].end; ++i) s += (closest[i] = p.weight(i));
    chunk_mass[t] = s;
  });
  std::size_t first = pick_by_mass(p, closest, chunk_mass, rng.uniform() * total());
  set_center(0, first);
  parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
    double s = 0;
    for (std::size_t i = p.chunks[t].begin; i < p.chunks[t].end; ++i)
      s += (closest[i] = p.weight(i) * static_cast<double>(kern.sqdist(p.x.row(i), p.x.row(first), d)));
    chunk_mass[t] = s;
  });

  const std::size_t trials = 2 + static_cast<std::size_t>(std::log(static_cast<double>(k)));
  std::vector<std::size_t> candidate(trials);
  std::vector<double> cand_chunk(trials * p.chunks.count());
  for (std::size_t c = 1; c < k; ++c) {
    const double pot = total();
    if (!(pot > 0))
      return invalid_argument("KMeans::fit", "the rows with positive weight have only ", c,
                              " distinct values, fewer than n_clusters = ", k);
    for (std::size_t t = 0; t < trials; ++t) candidate[t] = pick_by_mass(p, closest, chunk_mass, rng.uniform() * pot);
    // Potential of each candidate: the mass left if it were added.
    parallel_for(p.threads, p.chunks.count(), [&](std::size_t ch) {
      for (std::size_t t = 0; t < trials; ++t) {
        const T* cand = p.x.row(candidate[t]);
        double s = 0;
        for (std::size_t i = p.chunks[ch].begin; i < p.chunks[ch].end; ++i)
          s += std::min(closest[i], p.weight(i) * static_cast<double>(kern.sqdist(p.x.row(i), cand, d)));
        cand_chunk[t * p.chunks.count() + ch] = s;
      }
    });
    std::size_t best = 0;
    double best_pot = std::numeric_limits<double>::infinity();
    for (std::size_t t = 0; t < trials; ++t) {
      double s = 0;
      for (std::size_t ch = 0; ch < p.chunks.count(); ++ch) s += cand_chunk[t * p.chunks.count() + ch];
      if (s < best_pot) best_pot = s, best = t;
    }
    const std::size_t row = candidate[best];
    set_center(c, row);
    parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
      double s = 0;
      for (std::size_t i = p.chunks[t].begin; i < p.chunks[t].end; ++i)
        s += (closest[i] =
                  std::min(closest[i], p.weight(i) * static_cast<double>(kern.sqdist(p.x.row(i), p.x.row(row), d))));
      chunk_mass[t] = s;
    });
  }
  return centers;
}

#define SEGCORE_INSTANTIATE(T)                                                                                         \
  template Update update_centers(const Points<T>&, Totals, const std::vector<double>&, const std::int32_t*);           \
  template double inertia(const Points<T>&, const double*, const std::int32_t*);                                       \
  template double add_inertia(const Points<T>&, const double*, const std::int32_t*, std::size_t, std::size_t, double); \
  template void assign_nearest(ConstMatrixView<T>, const std::vector<double>&, int, std::int32_t*);                    \
  template Status center_distances(ConstMatrixView<T>, const std::vector<double>&, int, MatrixView<double>,            \
                                   absl::string_view);                                                                 \
  template StatusOr<std::vector<double>> kmeans_plusplus(const Points<T>&, std::size_t, Rng&);                         \
  template StatusOr<double> check_fit(ConstMatrixView<T>, std::span<const double>, std::size_t, double, int,           \
                                      absl::string_view);
SEGCORE_INSTANTIATE(float)
SEGCORE_INSTANTIATE(double)
#undef SEGCORE_INSTANTIATE

}  // namespace detail
SEGCORE_NAMESPACE_END
