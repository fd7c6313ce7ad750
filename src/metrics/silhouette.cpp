// Exact silhouette in blocks: rows are cut into tasks, the points (centred, grouped by
// cluster, packed transposed) into tiles that stay in cache, and the kernel adds the distance
// sums of each row to each cluster. Extra memory: the packed copy (n x d doubles) plus
// rows-per-task x k sums per running task; never n x n.
#include <algorithm>
#include <numeric>
#include <vector>

#include "cluster/rng.hpp"
#include "kernels/kernel_table.hpp"
#include "metrics/labels.hpp"
#include "segcore/describe.hpp"
#include "segcore/metrics.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

constexpr std::size_t kRowsPerTask = 128;
constexpr std::size_t kTilePoints = 2048;  // 2048 x 16 doubles: 256 KiB, an L2's share

// Computes in double whatever the input type: float sums of distances would not reach
// scikit-learn's results to 1e-6, and the centred expansion |x|^2 + |y|^2 - 2 x.y is only
// accurate enough in double.
struct Packed {
  std::size_t n = 0, d = 0, ldy = 0;
  std::vector<double> x;                  // n x d, centred, original row order
  std::vector<double> yt, ynorm, ymask;   // d x ldy, grouped by cluster, -2y
  std::vector<std::vector<std::uint32_t>> tile_bounds;
  std::vector<std::vector<std::int32_t>> tile_labels;
};

template <class T>
Packed pack(ConstMatrixView<T> x, const detail::EncodedLabels& e) {
  Packed p;
  p.n = x.rows(), p.d = x.cols();
  const std::size_t n = p.n, d = p.d, k = e.k(), L = kernels::kCentreLanes;
  std::vector<double> mean(d, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) mean[j] += static_cast<double>(x(i, j));
  for (auto& m : mean) m /= static_cast<double>(n);
  p.x.resize(n * d);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) p.x[i * d + j] = static_cast<double>(x(i, j)) - mean[j];

  std::vector<std::size_t> start(k + 1, 0);  // padded start of each cluster
  for (std::size_t c = 0; c < k; ++c) start[c + 1] = start[c] + (e.count[c] + L - 1) / L * L;
  p.ldy = start[k];
  p.yt.assign(d * p.ldy, 0.0);
  p.ynorm.assign(p.ldy, 0.0);
  p.ymask.assign(p.ldy, 0.0);
  std::vector<std::size_t> fill(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t q = fill[static_cast<std::size_t>(e.code[i])]++;
    double norm = 0;
    for (std::size_t j = 0; j < d; ++j) {
      const double v = p.x[i * d + j];
      p.yt[j * p.ldy + q] = -2.0 * v;
      norm += v * v;
    }
    p.ynorm[q] = norm;
    p.ymask[q] = 1.0;
  }
  for (std::size_t t0 = 0; t0 < p.ldy; t0 += kTilePoints) {
    const std::size_t t1 = std::min(p.ldy, t0 + kTilePoints);
    std::vector<std::uint32_t> b;
    std::vector<std::int32_t> l;
    for (std::size_t c = 0; c < k; ++c) {
      const std::size_t lo = std::max(t0, start[c]), hi = std::min(t1, start[c + 1]);
      if (lo >= hi) continue;
      if (b.empty()) b.push_back(static_cast<std::uint32_t>(lo));
      b.push_back(static_cast<std::uint32_t>(hi));
      l.push_back(static_cast<std::int32_t>(c));
    }
    p.tile_bounds.push_back(std::move(b));
    p.tile_labels.push_back(std::move(l));
  }
  return p;
}

// Pieces within a tile are contiguous, so a tile's bounds are n_pieces + 1 values.
void silhouette_of_rows(const Packed& p, const detail::EncodedLabels& e, IndexRange rows, double* s) {
  const std::size_t k = e.k();
  const auto& kern = kernels::active_kernels().f64;
  std::vector<double> sums(rows.size() * k, 0.0);
  for (std::size_t t = 0; t < p.tile_bounds.size(); ++t)
    kern.cluster_distance_sums(p.x.data() + rows.begin * p.d, rows.size(), p.d, p.d, p.yt.data(),
                               p.ynorm.data(), p.ymask.data(), p.ldy, p.tile_bounds[t].data(),
                               p.tile_labels[t].data(), p.tile_labels[t].size(), k, sums.data());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t i = rows.begin + r, own = static_cast<std::size_t>(e.code[i]);
    const double* row = &sums[r * k];
    if (e.count[own] <= 1) {  // scikit-learn: a point alone in its cluster scores 0
      s[i] = 0.0;
      continue;
    }
    const double a = row[own] / static_cast<double>(e.count[own] - 1);
    double b = INFINITY;
    for (std::size_t c = 0; c < k; ++c)
      if (c != own) b = std::min(b, row[c] / static_cast<double>(e.count[c]));
    const double m = std::max(a, b);
    s[i] = m > 0 ? (b - a) / m : 0.0;
  }
}

template <class T>
Status samples_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels, std::span<double> out,
                    int n_threads, absl::string_view where) {
  SEGCORE_RETURN_IF_ERROR(detail::check_labels_size(labels.size(), x.rows(), where));
  if (out.size() != x.rows()) return invalid_argument(where, "out holds ", out.size(), " values for ", x.rows(), " rows");
  if (n_threads < 0) return invalid_argument(where, "n_threads is ", n_threads, "; use >= 1, or 0 for all cores");
  if (x.cols() == 0) return invalid_argument(where, "x has no columns");
  if (x.rows() >= (std::size_t{1} << 31)) return invalid_argument(where, "x has ", x.rows(), " rows; at most 2^31 - 1 are supported");
  const int threads = resolve_threads(n_threads);
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where, threads));
  const detail::EncodedLabels e = detail::encode_labels(labels);
  SEGCORE_RETURN_IF_ERROR(detail::check_cluster_count(e.k(), x.rows(), where));
  const Packed p = pack(x, e);
  const Blocks blocks(x.rows(), kRowsPerTask);
  parallel_for(threads, blocks.count(), [&](std::size_t t) { silhouette_of_rows(p, e, blocks[t], out.data()); });
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
                                         std::span<const std::int32_t>(sub_labels), std::span<double>(s),
                                         o.n_threads, where));
  }
  // One sequential sum: the order is fixed whatever the thread count.
  double total = 0;
  for (double v : s) total += v;
  return total / static_cast<double>(s.size());
}

}  // namespace

StatusOr<double> silhouette_score(ConstMatrixView<double> x, std::span<const std::int32_t> l, const SilhouetteOptions& o) {
  return score_impl(x, l, o);
}
StatusOr<double> silhouette_score(ConstMatrixView<float> x, std::span<const std::int32_t> l, const SilhouetteOptions& o) {
  return score_impl(x, l, o);
}
Status silhouette_samples(ConstMatrixView<double> x, std::span<const std::int32_t> l, std::span<double> out, int t) {
  return samples_impl(x, l, out, t, "silhouette_samples");
}
Status silhouette_samples(ConstMatrixView<float> x, std::span<const std::int32_t> l, std::span<double> out, int t) {
  return samples_impl(x, l, out, t, "silhouette_samples");
}

SEGCORE_NAMESPACE_END
