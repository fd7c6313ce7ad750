#include "segcore/minibatch_kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "cluster/kmeans_engine.hpp"
#include "cluster/rng.hpp"
#include "segcore/describe.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN

Status validate(const MiniBatchKMeansOptions& o) {
  constexpr absl::string_view where = "MiniBatchKMeans options";
  if (o.n_clusters < 1 || o.n_clusters > kMaxClusters)
    return invalid_argument(where, "n_clusters is ", o.n_clusters, "; it must be in [1, ", kMaxClusters, "]");
  if (o.batch_size < 1) return invalid_argument(where, "batch_size is ", o.batch_size, "; it must be >= 1");
  if (o.max_iter < 1) return invalid_argument(where, "max_iter is ", o.max_iter, "; it must be >= 1");
  if (!(o.tol >= 0) || !std::isfinite(o.tol))
    return invalid_argument(where, "tol is ", o.tol, "; it must be finite and >= 0");
  if (o.max_no_improvement < 0)
    return invalid_argument(where, "max_no_improvement is ", o.max_no_improvement, "; it must be >= 0");
  if (!(o.reassignment_ratio >= 0) || !(o.reassignment_ratio <= 1))
    return invalid_argument(where, "reassignment_ratio is ", o.reassignment_ratio, "; it must be in [0, 1]");
  if (o.n_threads < 0) return invalid_argument(where, "n_threads is ", o.n_threads, "; use >= 1, or 0 for all cores");
  return absl::OkStatus();
}

Status MiniBatchKMeans::set_initial_centers(ConstMatrixView<double> c) {
  return detail::copy_initial_centers(c, options_.n_clusters, "MiniBatchKMeans::set_initial_centers", initial_centers_);
}

template <class T>
Status MiniBatchKMeans::init_centers(ConstMatrixView<T> x, std::span<const double> w, std::uint64_t seed) {
  const std::size_t k = static_cast<std::size_t>(options_.n_clusters), d = x.cols();
  if (!initial_centers_.empty()) {
    if (initial_centers_.size() != k * d)
      return invalid_argument("MiniBatchKMeans::fit", "the initial centers have ", initial_centers_.size() / k,
                              " columns; x has ", d);
    centers_ = initial_centers_;
  } else {
    detail::Rng rng(seed);
    const detail::Points<T> p(x, w, resolve_threads(options_.n_threads));
    SEGCORE_ASSIGN_OR_RETURN(centers_, detail::kmeans_plusplus(p, k, rng));
  }
  weights_.assign(k, 0.0);
  n_features_ = d;
  n_steps_ = 0;
  rows_since_reassign_ = 0;
  return absl::OkStatus();
}

template <class T>
double MiniBatchKMeans::step(ConstMatrixView<T> batch, std::span<const double> w, std::uint64_t step_seed) {
  const std::size_t k = centers_.size() / n_features_, d = n_features_;
  detail::Points<T> p(batch, w, resolve_threads(options_.n_threads));
  std::vector<std::int32_t> labels(batch.rows());
  detail::assign_nearest(batch, centers_, p.threads, labels.data());
  const double batch_inertia = detail::inertia(p, centers_.data(), labels.data());
  // The batch sums relative to the centers' mean, as every distance is (see Points).
  p.center_on(centers_, k);
  const std::vector<double>& o = p.origin_d;

  detail::ChunkSums acc(p.chunks.count(), k, d);
  const auto& kern = kernels::active_kernels().get<T>();
  parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
    acc.clear(t);
    const std::size_t i0 = p.chunks[t].begin;
    kern.accumulate(batch.row(i0), p.chunks[t].size(), d, batch.stride(), o.data(), &labels[i0],
                    w.empty() ? nullptr : &w[i0], acc.sums_of(t), acc.weights_of(t));
  });
  // Running weighted mean: center = (center * W + batch sum) / (W + batch weight), relative to o.
  for (std::size_t c = 0; c < k; ++c) {
    double bw = 0;
    std::vector<double> bs(d, 0.0);
    for (std::size_t t = 0; t < p.chunks.count(); ++t) {
      bw += acc.weights_of(t)[c];
      for (std::size_t j = 0; j < d; ++j) bs[j] += acc.sums_of(t)[c * d + j];
    }
    if (bw == 0) continue;
    const double total = weights_[c] + bw;
    for (std::size_t j = 0; j < d; ++j)
      centers_[c * d + j] = o[j] + ((centers_[c * d + j] - o[j]) * weights_[c] + bs[j]) / total;
    weights_[c] = total;
  }

  rows_since_reassign_ += static_cast<std::int64_t>(batch.rows());
  const bool some_empty = std::any_of(weights_.begin(), weights_.end(), [](double v) { return v == 0; });
  if (options_.reassignment_ratio > 0 && (some_empty || rows_since_reassign_ >= 10 * static_cast<std::int64_t>(k))) {
    rows_since_reassign_ = 0;
    const double heaviest = *std::max_element(weights_.begin(), weights_.end());
    std::vector<std::size_t> light;
    for (std::size_t c = 0; c < k; ++c)
      if (weights_[c] < options_.reassignment_ratio * heaviest) light.push_back(c);
    light.resize(std::min(light.size(), batch.rows() / 2));  // never more than half the batch
    if (!light.empty()) {
      double lightest_kept = std::numeric_limits<double>::infinity();
      for (std::size_t c = 0; c < k; ++c)
        if (std::find(light.begin(), light.end(), c) == light.end())
          lightest_kept = std::min(lightest_kept, weights_[c]);
      detail::Rng rng(step_seed);
      std::vector<std::size_t> rows(batch.rows());
      std::iota(rows.begin(), rows.end(), std::size_t{0});
      for (std::size_t e = 0; e < light.size(); ++e) {  // distinct rows: a partial shuffle
        std::swap(rows[e], rows[e + rng.below(rows.size() - e)]);
        for (std::size_t j = 0; j < d; ++j) centers_[light[e] * d + j] = static_cast<double>(batch(rows[e], j));
        weights_[light[e]] = std::isfinite(lightest_kept) ? lightest_kept : 1.0;
      }
    }
  }
  ++n_steps_;
  return batch_inertia;
}

template <class T>
Status MiniBatchKMeans::fit_impl(ConstMatrixView<T> x, std::span<const double> w) {
  constexpr absl::string_view where = "MiniBatchKMeans::fit";
  SEGCORE_RETURN_IF_ERROR(validate(options_));
  const std::size_t n = x.rows(), d = x.cols(), k = static_cast<std::size_t>(options_.n_clusters);
  const int threads = resolve_threads(options_.n_threads);
  SEGCORE_ASSIGN_OR_RETURN(const double tol, detail::check_fit(x, w, k, options_.tol, threads, where));

  detail::Rng rng(detail::run_seed(options_.seed, 0));
  const std::size_t batch = std::min<std::size_t>(static_cast<std::size_t>(options_.batch_size), n);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto shuffle = [&] {
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  };
  std::vector<T> rows(batch * d);
  std::vector<double> rows_w;
  auto gather = [&](std::size_t begin, std::size_t m) {
    rows_w.clear();
    for (std::size_t r = 0; r < m; ++r) {
      const std::size_t i = order[begin + r];
      std::copy(x.row(i), x.row(i) + d, &rows[r * d]);
      if (!w.empty()) rows_w.push_back(w[i]);
    }
    return ConstMatrixView<T>(rows.data(), m, d);
  };

  // Initialise on a random sample of up to three batches' worth of rows (at least k); when
  // the sample has too few distinct rows of positive weight, on all the rows (the same seed).
  shuffle();
  {
    const std::uint64_t init_seed = rng.next();
    const std::size_t m = std::min(n, std::max(3 * batch, k));
    std::vector<T> sample(m * d);
    std::vector<double> sample_w;
    for (std::size_t r = 0; r < m; ++r) {
      std::copy(x.row(order[r]), x.row(order[r]) + d, &sample[r * d]);
      if (!w.empty()) sample_w.push_back(w[order[r]]);
    }
    Status init = init_centers(ConstMatrixView<T>(sample.data(), m, d), sample_w, init_seed);
    if (!init.ok() && m < n && initial_centers_.empty()) init = init_centers(x, w, init_seed);
    SEGCORE_RETURN_IF_ERROR(init);
  }

  double smoothed = -1, best = std::numeric_limits<double>::infinity();
  int no_improvement = 0;
  bool done = false;
  n_iter_ = 0;
  for (int epoch = 0; epoch < options_.max_iter && !done; ++epoch) {
    ++n_iter_;
    if (epoch > 0) shuffle();
    for (std::size_t b = 0; b + batch <= n && !done; b += batch) {  // a short tail waits for the next pass
      detail::progress((epoch + static_cast<double>(b) / static_cast<double>(n)) / options_.max_iter,
                       "MiniBatchKMeans::fit");
      const std::vector<double> before = centers_;
      // gather fills rows_w: call it before rows_w is read (argument order is unspecified).
      const ConstMatrixView<T> rows_b = gather(b, batch);
      const double batch_inertia = step(rows_b, rows_w, rng.next()) / static_cast<double>(batch);
      double shift = 0;
      for (std::size_t q = 0; q < centers_.size(); ++q) shift += (centers_[q] - before[q]) * (centers_[q] - before[q]);
      if (tol > 0 && shift <= tol) done = true;
      // Exponentially weighted batch inertia, as scikit-learn smooths it.
      const double alpha = std::min(1.0, 2.0 * static_cast<double>(batch) / static_cast<double>(n + 1));
      smoothed = smoothed < 0 ? batch_inertia : smoothed * (1 - alpha) + batch_inertia * alpha;
      if (smoothed < best) {
        best = smoothed, no_improvement = 0;
      } else if (options_.max_no_improvement > 0 && ++no_improvement >= options_.max_no_improvement) {
        done = true;
      }
    }
  }
  const detail::Points<T> all(x, w, threads);
  labels_.resize(n);
  detail::assign_nearest(x, centers_, threads, labels_.data());
  inertia_ = detail::inertia(all, centers_.data(), labels_.data());
  return detail::check_finite_fit(centers_, inertia_, where);
}

template <class T>
Status MiniBatchKMeans::partial_fit_impl(ConstMatrixView<T> x, std::span<const double> w) {
  constexpr absl::string_view where = "MiniBatchKMeans::partial_fit";
  SEGCORE_RETURN_IF_ERROR(validate(options_));
  if (x.rows() == 0 || x.cols() == 0) return invalid_argument(where, "x is empty (", x.rows(), " x ", x.cols(), ")");
  if (fitted() && x.cols() != n_features_)
    return invalid_argument(where, "x has ", x.cols(), " columns; the model has ", n_features_);
  SEGCORE_RETURN_IF_ERROR(detail::check_weights(w, x.rows(), where));
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where, resolve_threads(options_.n_threads)));
  if (!fitted()) {
    const std::size_t k = static_cast<std::size_t>(options_.n_clusters);
    if (initial_centers_.empty() && x.rows() < k)
      return invalid_argument(where, "the first batch has ", x.rows(), " rows; at least n_clusters = ", k,
                              " are needed");
    SEGCORE_RETURN_IF_ERROR(init_centers(x, w, detail::run_seed(options_.seed, 0)));
  }
  step(x, w, detail::run_seed(options_.seed, static_cast<int>(n_steps_ + 1)));
  // As scikit-learn: the batch's labels and inertia against the updated centers.
  const detail::Points<T> p(x, w, resolve_threads(options_.n_threads));
  labels_.resize(x.rows());
  detail::assign_nearest(x, centers_, p.threads, labels_.data());
  inertia_ = detail::inertia(p, centers_.data(), labels_.data());
  return detail::check_finite_fit(centers_, inertia_, where);
}

template <class T>
static Status predict_with(const std::vector<double>& centers, std::size_t d, int threads, ConstMatrixView<T> x,
                           std::span<std::int32_t> labels) {
  constexpr absl::string_view where = "MiniBatchKMeans::predict";
  if (centers.empty()) return absl::FailedPreconditionError("MiniBatchKMeans::predict: the model is not fitted");
  if (x.cols() != d) return invalid_argument(where, "x has ", x.cols(), " columns; the model has ", d);
  if (labels.size() != x.rows())
    return invalid_argument(where, "labels holds ", labels.size(), " values for ", x.rows(), " rows");
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where, threads));
  detail::assign_nearest(x, centers, threads, labels.data());
  return absl::OkStatus();
}

template <class T>
static Status transform_with(const std::vector<double>& centers, std::size_t d, int threads, ConstMatrixView<T> x,
                             MatrixView<double> out) {
  constexpr absl::string_view where = "MiniBatchKMeans::transform";
  if (centers.empty()) return absl::FailedPreconditionError("MiniBatchKMeans::transform: the model is not fitted");
  if (x.cols() != d) return invalid_argument(where, "x has ", x.cols(), " columns; the model has ", d);
  const std::size_t k = centers.size() / d;
  if (out.rows() != x.rows() || out.cols() != k)
    return invalid_argument(where, "out is ", out.rows(), " x ", out.cols(), "; it must be ", x.rows(), " x ", k);
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where, threads));
  return detail::center_distances(x, centers, threads, out, where);
}

Status MiniBatchKMeans::transform(ConstMatrixView<float> x, MatrixView<double> out) const {
  return transform_with(centers_, n_features_, resolve_threads(options_.n_threads), x, out);
}
Status MiniBatchKMeans::transform(ConstMatrixView<double> x, MatrixView<double> out) const {
  return transform_with(centers_, n_features_, resolve_threads(options_.n_threads), x, out);
}

// The fits change the model as they go: a failed or cancelled one puts the copy taken before back.
template <class Fit>
Status MiniBatchKMeans::transaction(absl::string_view where, Fit&& fit) {
  MiniBatchKMeans before = *this;
  Status status = detail::cancellable(where, std::forward<Fit>(fit));
  if (!status.ok()) *this = std::move(before);
  return status;
}

Status MiniBatchKMeans::fit(ConstMatrixView<float> x, std::span<const double> w) {
  return transaction("MiniBatchKMeans::fit", [&] { return fit_impl(x, w); });
}
Status MiniBatchKMeans::fit(ConstMatrixView<double> x, std::span<const double> w) {
  return transaction("MiniBatchKMeans::fit", [&] { return fit_impl(x, w); });
}
Status MiniBatchKMeans::partial_fit(ConstMatrixView<float> x, std::span<const double> w) {
  return transaction("MiniBatchKMeans::partial_fit", [&] { return partial_fit_impl(x, w); });
}
Status MiniBatchKMeans::partial_fit(ConstMatrixView<double> x, std::span<const double> w) {
  return transaction("MiniBatchKMeans::partial_fit", [&] { return partial_fit_impl(x, w); });
}
Status MiniBatchKMeans::predict(ConstMatrixView<float> x, std::span<std::int32_t> l) const {
  return predict_with(centers_, n_features_, resolve_threads(options_.n_threads), x, l);
}
Status MiniBatchKMeans::predict(ConstMatrixView<double> x, std::span<std::int32_t> l) const {
  return predict_with(centers_, n_features_, resolve_threads(options_.n_threads), x, l);
}

SEGCORE_NAMESPACE_END
