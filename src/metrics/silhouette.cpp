// Exact silhouette in tiles. The rows, centered and grouped by cluster (each cluster padded
// to kCenterLanes), are cut into blocks; a task takes one tile (I, J), I <= J, of the upper
// triangle, and the kernel computes each distance once, adding it to the sums of the row in I
// (by the cluster of the point in J) and, off the diagonal, of the point in J (by the cluster
// of the row in I). The kernel expands |x - y|^2 = |x|^2 + |y|^2 - 2 x.y, whose rounding
// error grows with |x|^2 + |y|^2, not with |x - y|^2: it loses the distances between near
// duplicates, which are what the within-cluster mean a of a tight cluster is made of. So the
// within-cluster pairs of each tile are taken again from direct differences and replace the
// kernel's values for them (the kernel's sums over those pairs are computed alone and
// subtracted). Tiles run on any thread in any order, so each tile's partial sums are added to
// its thread's accumulators in fixed point (int64, scaled so that no sum can overflow), and
// the threads' accumulators are summed at the end: integer addition is associative, which
// keeps the result bit-identical for every thread count.
//
// Extra memory: the packed copy (n x d doubles, twice), n x k int64 sums per thread and two
// block x k buffers per thread; never n x n.
#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>

#include "cluster/rng.hpp"
#include "kernels/kernel_table.hpp"
#include "metrics/labels.hpp"
#include "segcore/describe.hpp"
#include "segcore/metrics.hpp"
#include "segcore/parallel.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

constexpr std::size_t kBlock = 512;  // tile side in packed points: 2 x 512 x 16 doubles fit L2
constexpr std::size_t kNoRow = static_cast<std::size_t>(-1);

// Computes in double whatever the input type: float sums of distances would not reach
// scikit-learn's results to 1e-6, and the centered expansion |x|^2 + |y|^2 - 2 x.y is only
// accurate enough in double.
struct Packed {
  std::size_t n = 0, d = 0, ldy = 0;
  std::vector<double> xs;                // ldy x d, centered rows by cluster, padding rows 0
  std::vector<double> yt, ynorm, ymask;  // the same points transposed: d x ldy, -2y
  std::vector<std::int32_t> label;       // cluster of each packed position
  std::vector<std::size_t> start;        // k + 1 padded cluster starts
  std::vector<std::size_t> row_of;       // original row of each packed position, or kNoRow
  double max_norm = 0;                   // largest |centered row|
};

template <class T>
Packed pack(ConstMatrixView<T> x, const detail::EncodedLabels& e) {
  Packed p;
  p.n = x.rows(), p.d = x.cols();
  const std::size_t n = p.n, d = p.d, k = e.k(), L = kernels::kCenterLanes;
  std::vector<double> mean(d, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) mean[j] += static_cast<double>(x(i, j));
  for (auto& m : mean) m /= static_cast<double>(n);
  p.start.assign(k + 1, 0);
  for (std::size_t c = 0; c < k; ++c) p.start[c + 1] = p.start[c] + (e.count[c] + L - 1) / L * L;
  p.ldy = p.start[k];
  p.xs.assign(p.ldy * d, 0.0);
  p.yt.assign(d * p.ldy, 0.0);
  p.ynorm.assign(p.ldy, 0.0);
  p.ymask.assign(p.ldy, 0.0);
  p.label.resize(p.ldy);
  p.row_of.assign(p.ldy, kNoRow);
  for (std::size_t c = 0; c < k; ++c)
    std::fill(p.label.begin() + static_cast<std::ptrdiff_t>(p.start[c]),
              p.label.begin() + static_cast<std::ptrdiff_t>(p.start[c + 1]), static_cast<std::int32_t>(c));
  std::vector<std::size_t> fill(p.start.begin(), p.start.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t q = fill[static_cast<std::size_t>(e.code[i])]++;
    double norm = 0;
    for (std::size_t j = 0; j < d; ++j) {
      const double v = static_cast<double>(x(i, j)) - mean[j];
      p.xs[q * d + j] = v;
      p.yt[j * p.ldy + q] = -2.0 * v;
      norm += v * v;
    }
    p.ynorm[q] = norm;
    p.ymask[q] = 1.0;
    p.row_of[q] = i;
    p.max_norm = std::max(p.max_norm, std::sqrt(norm));
  }
  return p;
}

struct Tile {
  std::size_t i0, i1, j0, j1;
};

// Adds the distance sums of one tile to the fixed-point accumulators.
// Distances are >= 0, so adding 0.5 and truncating rounds to nearest.
inline std::int64_t fixed(double v, double scale) { return static_cast<std::int64_t>(v * scale + 0.5); }

// The distances of packed row r to the m points from packed position lo, from direct
// differences (exact for near duplicates), the points innermost so that the loop vectorises;
// compiled for each instruction set and chosen at load time (not under ThreadSanitizer, whose
// instrumented resolver would run before its runtime starts). yt holds -2 y: y = -yt / 2 exactly.
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void direct_distances(const Packed& p, std::size_t r, std::size_t lo, std::size_t m, double* dist) {
  std::fill(dist, dist + m, 0.0);
  for (std::size_t j = 0; j < p.d; ++j) {
    const double xv = p.xs[r * p.d + j];
    const double* yt = p.yt.data() + j * p.ldy + lo;
    for (std::size_t q = 0; q < m; ++q) {
      const double diff = xv + 0.5 * yt[q];
      dist[q] += diff * diff;
    }
  }
  for (std::size_t q = 0; q < m; ++q) dist[q] = std::sqrt(dist[q]) * p.ymask[lo + q];
}

void run_tile(const Packed& p, std::size_t k, const Tile& t, double scale, std::int64_t* acc) {
  const auto& kern = kernels::active_kernels().f64;
  std::vector<std::uint32_t> bounds;  // the clusters' pieces of [j0, j1), relative to j0
  std::vector<std::int32_t> labels;
  for (std::size_t c = 0; c < k; ++c) {
    const std::size_t lo = std::max(t.j0, p.start[c]), hi = std::min(t.j1, p.start[c + 1]);
    if (lo >= hi) continue;
    if (bounds.empty()) bounds.push_back(static_cast<std::uint32_t>(lo - t.j0));
    bounds.push_back(static_cast<std::uint32_t>(hi - t.j0));
    labels.push_back(static_cast<std::int32_t>(c));
  }
  const std::size_t ni = t.i1 - t.i0, nj = t.j1 - t.j0;
  const bool both = t.i0 != t.j0;
  std::vector<double> rows(ni * k, 0.0), cols(both ? k * nj : 0, 0.0);
  kern.cluster_distance_sums(p.xs.data() + t.i0 * p.d, ni, p.d, p.d, p.yt.data() + t.j0, p.ynorm.data() + t.j0,
                             p.ymask.data() + t.j0, p.ldy, bounds.data(), labels.data(), labels.size(), k, rows.data(),
                             p.label.data() + t.i0, p.ymask.data() + t.i0, both ? cols.data() : nullptr, nj);
  // Within-cluster pairs: the rows of I in cluster c against J's piece of cluster c.
  std::vector<double> dist(nj), block_rows, block_cols;
  for (std::size_t c = 0; c < k; ++c) {
    const std::size_t lo = std::max(t.j0, p.start[c]), hi = std::min(t.j1, p.start[c + 1]);
    const std::size_t a = std::clamp(p.start[c], t.i0, t.i1) - t.i0, b = std::clamp(p.start[c + 1], t.i0, t.i1) - t.i0;
    if (lo >= hi || a >= b) continue;
    const std::size_t m = hi - lo, off = lo - t.j0;
    block_rows.assign((b - a) * k, 0.0);
    block_cols.assign(both ? k * m : 0, 0.0);
    const std::uint32_t block_bounds[2] = {0, static_cast<std::uint32_t>(m)};
    const std::int32_t label = static_cast<std::int32_t>(c);
    kern.cluster_distance_sums(p.xs.data() + (t.i0 + a) * p.d, b - a, p.d, p.d, p.yt.data() + lo, p.ynorm.data() + lo,
                               p.ymask.data() + lo, p.ldy, block_bounds, &label, 1, k, block_rows.data(),
                               p.label.data() + t.i0 + a, p.ymask.data() + t.i0 + a, both ? block_cols.data() : nullptr,
                               m);
    for (std::size_t r = a; r < b; ++r) {
      rows[r * k + c] -= block_rows[(r - a) * k + c];
      if (p.ymask[t.i0 + r] == 0) continue;
      direct_distances(p, t.i0 + r, lo, m, dist.data());
      double s = 0;
      for (std::size_t q = 0; q < m; ++q) s += dist[q];
      rows[r * k + c] += s;
      if (both)
        for (std::size_t q = 0; q < m; ++q) cols[c * nj + off + q] += dist[q];
    }
    if (both)
      for (std::size_t q = 0; q < m; ++q) cols[c * nj + off + q] -= block_cols[c * m + q];
  }
  for (std::size_t r = 0; r < ni; ++r)
    if (p.ymask[t.i0 + r] != 0)
      for (std::size_t c = 0; c < k; ++c) acc[(t.i0 + r) * k + c] += fixed(std::max(rows[r * k + c], 0.0), scale);
  if (both)
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t q = 0; q < nj; ++q)
        if (p.ymask[t.j0 + q] != 0) acc[(t.j0 + q) * k + c] += fixed(std::max(cols[c * nj + q], 0.0), scale);
}

void silhouettes(const Packed& p, const detail::EncodedLabels& e, int threads, std::span<double> out) {
  const std::size_t k = e.k();
  std::vector<Tile> tiles;
  for (std::size_t i0 = 0; i0 < p.ldy; i0 += kBlock)
    for (std::size_t j0 = i0; j0 < p.ldy; j0 += kBlock)
      tiles.push_back({i0, std::min(p.ldy, i0 + kBlock), j0, std::min(p.ldy, j0 + kBlock)});
  // Every sum is at most n * 2 max_norm (plus rounding), kept below 2^62.
  const double bound = static_cast<double>(p.n) * 2.0 * p.max_norm * (1.0 + 1e-6);
  const double scale = bound > 0 ? std::ldexp(1.0, 62) / bound : 1.0;
  // One accumulator per thread that runs tiles, found by thread id.
  std::mutex mutex;
  std::vector<std::thread::id> ids;
  std::vector<std::vector<std::int64_t>> per_thread;
  auto mine = [&]() -> std::int64_t* {
    const std::lock_guard<std::mutex> lock(mutex);
    const auto id = std::this_thread::get_id();
    for (std::size_t w = 0; w < ids.size(); ++w)
      if (ids[w] == id) return per_thread[w].data();
    ids.push_back(id);
    per_thread.emplace_back(p.ldy * k, 0);
    return per_thread.back().data();
  };
  parallel_for(threads, tiles.size(), [&](std::size_t t) { run_tile(p, k, tiles[t], scale, mine()); });
  std::vector<std::int64_t> acc(p.ldy * k, 0);
  for (const auto& part : per_thread)
    for (std::size_t i = 0; i < acc.size(); ++i) acc[i] += part[i];
  for (std::size_t q = 0; q < p.ldy; ++q) {
    if (p.row_of[q] == kNoRow) continue;
    const std::size_t own = static_cast<std::size_t>(p.label[q]);
    double& s = out[p.row_of[q]];
    if (e.count[own] <= 1) {  // scikit-learn: a point alone in its cluster scores 0
      s = 0.0;
      continue;
    }
    auto sum = [&](std::size_t c) { return static_cast<double>(acc[q * k + c]) / scale; };
    const double a = sum(own) / static_cast<double>(e.count[own] - 1);
    double b = INFINITY;
    for (std::size_t c = 0; c < k; ++c)
      if (c != own) b = std::min(b, sum(c) / static_cast<double>(e.count[c]));
    const double m = std::max(a, b);
    s = m > 0 ? (b - a) / m : 0.0;
  }
}

template <class T>
Status samples_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels, std::span<double> out, int n_threads,
                    absl::string_view where) {
  SEGCORE_RETURN_IF_ERROR(detail::check_labels_size(labels.size(), x.rows(), where));
  if (out.size() != x.rows())
    return invalid_argument(where, "out holds ", out.size(), " values for ", x.rows(), " rows");
  if (n_threads < 0) return invalid_argument(where, "n_threads is ", n_threads, "; use >= 1, or 0 for all cores");
  if (x.cols() == 0) return invalid_argument(where, "x has no columns");
  if (x.rows() >= (std::size_t{1} << 31))
    return invalid_argument(where, "x has ", x.rows(), " rows; at most 2^31 - 1 are supported");
  const int threads = resolve_threads(n_threads);
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where, threads));
  // The fixed-point sums are scaled by the largest possible distance, which must be finite:
  // the squared diameter of the data's bounding box.
  {
    std::vector<double> lo(x.cols(), INFINITY), hi(x.cols(), -INFINITY);
    for (std::size_t i = 0; i < x.rows(); ++i)
      for (std::size_t j = 0; j < x.cols(); ++j) {
        lo[j] = std::min(lo[j], static_cast<double>(x(i, j)));
        hi[j] = std::max(hi[j], static_cast<double>(x(i, j)));
      }
    double diameter2 = 0;
    for (std::size_t j = 0; j < x.cols(); ++j) diameter2 += (hi[j] - lo[j]) * (hi[j] - lo[j]);
    if (!std::isfinite(diameter2))
      return invalid_argument(where, "squared distances overflow double precision (values too large to square)");
  }
  const detail::EncodedLabels e = detail::encode_labels(labels);
  SEGCORE_RETURN_IF_ERROR(detail::check_cluster_count(e.k(), x.rows(), where));
  silhouettes(pack(x, e), e, threads, out);
  return absl::OkStatus();
}

template <class T>
StatusOr<double> score_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels, const SilhouetteOptions& o) {
  constexpr absl::string_view where = "silhouette_score";
  SEGCORE_RETURN_IF_ERROR(detail::check_labels_size(labels.size(), x.rows(), where));
  std::vector<double> s;
  if (o.sample_size == 0 || o.sample_size >= x.rows()) {
    if (o.sample_size > x.rows())
      return invalid_argument(where, "sample_size is ", o.sample_size, "; x has only ", x.rows(), " rows");
    s.resize(x.rows());
    SEGCORE_RETURN_IF_ERROR(samples_impl(x, labels, std::span<double>(s), o.n_threads, where));
  } else {
    // A partial Fisher-Yates shuffle draws sample_size distinct rows.
    std::vector<std::size_t> idx(x.rows());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    detail::Rng rng(o.seed);
    for (std::size_t i = 0; i < o.sample_size; ++i) std::swap(idx[i], idx[i + rng.below(idx.size() - i)]);
    std::vector<T> sub(o.sample_size * x.cols());
    std::vector<std::int32_t> sub_labels(o.sample_size);
    for (std::size_t i = 0; i < o.sample_size; ++i) {
      std::copy(x.row(idx[i]), x.row(idx[i]) + x.cols(), &sub[i * x.cols()]);
      sub_labels[i] = labels[idx[i]];
    }
    s.resize(o.sample_size);
    SEGCORE_RETURN_IF_ERROR(samples_impl(ConstMatrixView<T>(sub.data(), o.sample_size, x.cols()),
                                         std::span<const std::int32_t>(sub_labels), std::span<double>(s), o.n_threads,
                                         where));
  }
  // One sequential sum: the order is fixed whatever the thread count.
  double total = 0;
  for (double v : s) total += v;
  return total / static_cast<double>(s.size());
}

}  // namespace

StatusOr<double> silhouette_score(ConstMatrixView<double> x, std::span<const std::int32_t> l,
                                  const SilhouetteOptions& o) {
  return detail::cancellable("silhouette_score", [&] { return score_impl(x, l, o); });
}
StatusOr<double> silhouette_score(ConstMatrixView<float> x, std::span<const std::int32_t> l,
                                  const SilhouetteOptions& o) {
  return detail::cancellable("silhouette_score", [&] { return score_impl(x, l, o); });
}
Status silhouette_samples(ConstMatrixView<double> x, std::span<const std::int32_t> l, std::span<double> out, int t) {
  return detail::cancellable("silhouette_samples", [&] { return samples_impl(x, l, out, t, "silhouette_samples"); });
}
Status silhouette_samples(ConstMatrixView<float> x, std::span<const std::int32_t> l, std::span<double> out, int t) {
  return detail::cancellable("silhouette_samples", [&] { return samples_impl(x, l, out, t, "silhouette_samples"); });
}

SEGCORE_NAMESPACE_END
